/* state.c: the review state of series, from the keys (review.h): the
 * state key asks for one and keeps it in the notmuch database as a tag,
 * for one series or for every marked one at once; the undo key puts back
 * what the last change replaced. */
#include <string.h>

#include "patchbay/review.h"
#include "patchbay/store.h"
#include "patchbay/sync.h"
#include "tui/views.h"

/* What a change replaced: per series (by id), the version changed and the
 * state set by hand on it before (-1: none). On the app, until the next
 * change or its undo. */
struct tui_state_undo {
	char **ids;
	int *versions;
	int *before;
	size_t n;
	char *what; /* "deferred", "the mail's" */
};

/* The series a prompt asks about (prompt data). */
struct asked {
	char **ids;
	size_t n;
};

/* A copy of the N ids IDS for a prompt (NULL when out of memory). */
static struct asked *asked_new(const char *const *ids, size_t n)
{
	struct asked *a = talloc_zero(NULL, struct asked);
	if (!a || !(a->ids = talloc_array(a, char *, n ? n : 1))) {
		talloc_free(a);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		if (!(a->ids[i] = talloc_strdup(a, ids[i]))) {
			talloc_free(a);
			return NULL;
		}
	a->n = n;
	return a;
}

/* The state TEXT names into *STATE (-1 for "-": the mail's) and *ST;
 * false, and said, when it names none. */
static bool typed_state(tui_app_t *app, const char *text, int *state, pb_rstate_t *st)
{
	if (strcmp(text, "-") == 0) {
		*state = -1;
		return true;
	}
	if (pb_rstate_parse(st, text) == PB_OK) {
		*state = (int)*st;
		return true;
	}
	tui_app_message(app, true, "state: no review state \"%s\" (new, review, changes, acked, queued, "
			"accepted, deferred, rejected, old, n/a, upstream; - for the mail's)", text);
	return false;
}

static void state_done(tui_app_t *app, tui_view_t *v, const char *text)
{
	const struct asked *a = tui_app_prompt_data(app);
	const pb_version_t **vs;
	struct tui_state_undo *u;
	pb_error_t err = {0};
	pb_rstate_t st = PB_RS_NEW;
	char *title = NULL;
	int state, rc;
	void *tmp;
	(void)v;
	while (*text == ' ')
		text++;
	if (!*text || !a || !a->n)
		return; /* nothing typed: nothing changes */
	if (!typed_state(app, text, &state, &st))
		return;
	if (!app->idx) {
		tui_app_message(app, true, "state: the index is still being built");
		return;
	}
	tmp = talloc_new(app);
	vs = talloc_array(tmp, const pb_version_t *, a->n);
	u = talloc_zero(app, struct tui_state_undo);
	if (!tmp || !vs || !u || !(u->ids = talloc_array(u, char *, a->n)) ||
	    !(u->versions = talloc_array(u, int, a->n)) || !(u->before = talloc_array(u, int, a->n))) {
		talloc_free(tmp);
		talloc_free(u);
		tui_app_message(app, true, "state: out of memory");
		return;
	}
	/* every series is found before anything is written */
	for (size_t i = 0; i < a->n; i++) {
		pb_series_t *s = NULL;
		pb_rstate_t was;
		if (pb_index_find(app->idx, a->ids[i], &s, NULL, NULL) != PB_OK || !(vs[i] = pb_series_latest(s))) {
			tui_app_message(app, true, "state: a series is gone from the index (nothing was changed)");
			talloc_free(tmp);
			talloc_free(u);
			return;
		}
		if (i == 0)
			title = talloc_strdup(tmp, s->title);
		u->ids[i] = talloc_strdup(u, s->id);
		u->versions[i] = vs[i]->version;
		u->before[i] = pb_review_by_hand(vs[i], &was) ? (int)was : -1;
		if (!u->ids[i]) {
			talloc_free(tmp);
			talloc_free(u);
			tui_app_message(app, true, "state: out of memory");
			return;
		}
	}
	u->n = a->n;
	u->what = talloc_strdup(u, state < 0 ? "the mail's" : pb_rstate_name(st));
	tui_app_store_begin(app);
	rc = pb_store_set_review(app->idx, vs, a->n, state, &err);
	tui_app_store_end(app);
	if (rc) {
		tui_app_message(app, true, "state: %s (nothing was changed)", pb_error_msg(&err));
		talloc_free(u);
	} else {
		talloc_free(app->state_undo);
		app->state_undo = u;
		if (a->n > 1)
			tui_app_message(app, false, "state of %zu marked series: %s, in one change (%s undoes it)",
					a->n, u->what, "undo-state");
		else if (state < 0)
			tui_app_message(app, false, "state of \"%s\": the mail's again", title);
		else
			tui_app_message(app, false, "state of \"%s\": %s (kept in notmuch as tag %s%s)", title,
					pb_rstate_name(st), pb_index_tag_prefix(app->idx), pb_rstate_name(st));
	}
	talloc_free(tmp);
}

void tui_state_ask_ids(tui_app_t *app, const char *const *ids, size_t n, tui_view_t *v)
{
	struct asked *a;
	char *label;
	if (!app->idx) {
		tui_app_message(app, true, "state: the index is still being built");
		return;
	}
	if (!n || !(a = asked_new(ids, n)))
		return;
	if (n > 1) {
		label = talloc_asprintf(NULL, "State of the %zu marked series (- for the mail's): ", n);
	} else {
		pb_series_t *s = NULL;
		pb_review_t r;
		if (pb_index_find(app->idx, ids[0], &s, NULL, NULL) != PB_OK ||
		    pb_review_version(&r, pb_index_series(app->idx), s, NULL) != PB_OK) {
			talloc_free(a);
			return;
		}
		label = talloc_asprintf(NULL, "State (%s%s; - for the mail's): ", pb_rstate_name(r.state),
					r.by_hand ? ", set by hand" : ", from the mail");
	}
	tui_app_prompt(app, label ? label : "State: ", "", state_done, v);
	tui_app_prompt_set_data(app, a);
	talloc_free(label);
}

void tui_state_ask(tui_app_t *app, const pb_series_t *s, tui_view_t *v)
{
	const char *id = s->id;
	tui_state_ask_ids(app, &id, 1, v);
}

/* " (no git repository to look for it in: until the next version)"
 * when the series ID of APP's model waits for a tag nobody could check */
static const char *tag_unchecked(tui_app_t *app, const char *id)
{
	pb_series_t *s = NULL;
	pb_snooze_t z;
	if (pb_index_find(app->idx, id, &s, NULL, NULL) != PB_OK ||
	    !pb_review_snooze(&z, pb_series_latest(s), app->now) || !z.tag || z.tag_checked)
		return "";
	return " (could not be checked: no git repository; until its next version)";
}

static void snooze_done(tui_app_t *app, tui_view_t *v, const char *text)
{
	const struct asked *a = tui_app_prompt_data(app);
	const pb_version_t **vs;
	pb_error_t err = {0};
	int64_t until = -1;
	const char *tag = NULL;
	char day[11];
	int rc;
	(void)v;
	while (*text == ' ')
		text++;
	if (!*text || !a || !a->n)
		return;
	if (strcmp(text, "-") != 0 && pb_snooze_parse_end(&until, &tag, text, app->now, &err) != PB_OK) {
		if (strncmp(text, "tag:", 4) == 0)
			tui_app_message(app, true, "snooze: %s", pb_error_msg(&err));
		else
			tui_app_message(app, true, "snooze: \"%s\" is not a day after today (YYYY-MM-DD), Nd, Nw, next "
					"or tag:NAME", text);
		return;
	}
	if (!app->idx || !(vs = talloc_array(NULL, const pb_version_t *, a->n)))
		return;
	for (size_t i = 0; i < a->n; i++) {
		pb_series_t *s = NULL;
		if (pb_index_find(app->idx, a->ids[i], &s, NULL, NULL) != PB_OK || !(vs[i] = pb_series_latest(s))) {
			tui_app_message(app, true, "snooze: a series is gone from the index (nothing was changed)");
			talloc_free(vs);
			return;
		}
	}
	tui_app_store_begin(app);
	rc = tag ? pb_store_snooze_tag(app->idx, vs, a->n, tag, &err) : pb_store_snooze(app->idx, vs, a->n, until, &err);
	tui_app_store_end(app);
	talloc_free(vs);
	pb_snooze_day(day, until);
	if (rc)
		tui_app_message(app, true, "snooze: %s (nothing was changed)", pb_error_msg(&err));
	else if (tag)
		tui_app_message(app, false, "%zu series snoozed until tag %s: out of the queue till then%s", a->n, tag,
				tag_unchecked(app, a->ids[0]));
	else if (until < 0)
		tui_app_message(app, false, "%zu series awake", a->n);
	else
		tui_app_message(app, false, "%zu series snoozed until %s: out of the queue till then", a->n,
				until ? day : "the next version");
}

void tui_snooze_ask_ids(tui_app_t *app, const char *const *ids, size_t n, tui_view_t *v)
{
	struct asked *a;
	if (!app->idx) {
		tui_app_message(app, true, "snooze: the index is still being built");
		return;
	}
	if (!n || !(a = asked_new(ids, n)))
		return;
	tui_app_prompt(app, n > 1 ? "Snooze the marked series until (YYYY-MM-DD, 3d, 2w, next, tag:NAME; - wakes): "
				  : "Snooze until (YYYY-MM-DD, 3d, 2w, next, tag:NAME; - wakes): ",
		       "", snooze_done, v);
	tui_app_prompt_set_data(app, a);
}

void tui_state_undo(tui_app_t *app)
{
	struct tui_state_undo *u = app->state_undo;
	const pb_version_t **vs;
	pb_error_t err = {0};
	int rc;
	if (!u) {
		tui_app_message(app, true, "undo-state: no state change to undo");
		return;
	}
	if (!app->idx) {
		tui_app_message(app, true, "undo-state: the index is still being built");
		return;
	}
	if (!(vs = talloc_array(NULL, const pb_version_t *, u->n))) {
		tui_app_message(app, true, "undo-state: out of memory");
		return;
	}
	for (size_t i = 0; i < u->n; i++) {
		pb_series_t *s = NULL;
		if (pb_index_find(app->idx, u->ids[i], &s, NULL, NULL) != PB_OK ||
		    !(vs[i] = pb_series_version(s, u->versions[i]))) {
			tui_app_message(app, true, "undo-state: a series changed is gone from the index (nothing was "
						   "changed)");
			talloc_free(vs);
			return;
		}
	}
	/* one transaction: each version gets back what it had */
	tui_app_store_begin(app);
	rc = pb_store_set_reviews(app->idx, vs, u->before, u->n, &err);
	tui_app_store_end(app);
	talloc_free(vs);
	if (rc) {
		tui_app_message(app, true, "undo-state: %s (nothing was changed)", pb_error_msg(&err));
		return;
	}
	tui_app_message(app, false, "undo-state: %zu series have the states they had before \"%s\"", u->n, u->what);
	TALLOC_FREE(app->state_undo);
}

/* A step of the sync runs: say which, keep the screen alive, let a key
 * stop it. */
static bool sync_waiting(void *payload, const char *step, double elapsed)
{
	tui_app_t *app = payload;
	tui_app_message(app, false, "sync: %s… %.0f s (q, Esc or C-g stops it)", step, elapsed);
	return app->on_busy ? app->on_busy(app, app->refresh_payload) : true;
}

void tui_sync(tui_app_t *app)
{
	pb_sync_opts_t o = {0};
	pb_sync_result_t res;
	pb_error_t err = {0};
	void *tmp;
	unsigned conflicts = 0;
	int rc;
	if (!app->idx) {
		tui_app_message(app, true, "sync: the index is still being built");
		return;
	}
	if (!(tmp = talloc_new(app)))
		return;
	if (pb_sync_opts_load(&o, tmp, app->conf) != PB_OK) {
		tui_app_message(app, true, "sync: no repository: set git config patchbay.sync.repo");
		talloc_free(tmp);
		return;
	}
	o.notmuch_config = app->iopts.config_path;
	/* (the steps are notmuch git and git, each with a timeout; the
	 * screen says which runs, redraws, and a key stops it) */
	o.waiting = sync_waiting;
	o.payload = app;
	tui_app_store_begin(app);
	rc = pb_sync(app->idx, tmp, &res, &o, &err);
	tui_app_store_end(app);
	if (rc) {
		tui_app_message(app, true, "sync: %s", pb_error_msg(&err));
		talloc_free(tmp);
		return;
	}
	for (size_t i = 0; app->set && i < app->set->n; i++) {
		pb_review_t r;
		if (pb_review_version(&r, app->set, app->set->v[i], NULL) == PB_OK && r.conflict)
			conflicts++;
	}
	tui_app_message(app, conflicts > 0, "sync: %s%u tag change%s sent, %u received%s%s; %u conflict%s%s",
			res.created ? "new repository; " : "", res.sent, res.sent == 1 ? "" : "s", res.received,
			o.remote && *o.remote ? " from " : " (no remote: committed only)",
			o.remote && *o.remote ? o.remote : "", conflicts, conflicts == 1 ? "" : "s",
			conflicts ? " (set the state again to settle one)" : "");
	talloc_free(tmp);
}

void tui_ack_ids(tui_app_t *app, const char *const *ids, size_t n, tui_action_t a)
{
	const char **to;
	size_t k = 0;
	void *tmp;
	if (!n)
		return;
	if (!app->idx) {
		tui_app_message(app, true, "still reading mail: replies are stored in the index; wait for it");
		return;
	}
	if (!(tmp = talloc_new(NULL)))
		return;
	/* the Message-IDs first: each compose view may refresh the model */
	to = talloc_array(tmp, const char *, 1);
	for (size_t i = 0; to && i < n; i++) {
		pb_series_t *s = NULL;
		const pb_version_t *ver;
		if (pb_index_find(app->idx, ids[i], &s, NULL, NULL) != PB_OK || !(ver = pb_series_latest(s)))
			continue;
		for (size_t p = 0; to && p < (ver->cover ? 1 : ver->n_patches); p++) {
			const pb_msgrec_t *r = ver->cover ? ver->cover : ver->patches[p]->rec;
			if (!ver->cover && ver->patches[p]->inherited_from)
				continue;
			if (!(to = talloc_realloc(tmp, to, const char *, k + 1)) || !(to[k] = talloc_strdup(tmp, r->msgid)))
				to = NULL;
			else
				k++;
		}
	}
	if (!to) {
		tui_app_message(app, true, "reply: out of memory");
		talloc_free(tmp);
		return;
	}
	/* stacked: the first series' reply on top */
	for (size_t i = k; i-- > 0;)
		tui_reply_start(app, to[i], (pb_reply_kind_t)tui_reply_kind(a));
	if (k > 1)
		tui_app_message(app, false, "%zu replies to write, one after the other: send or drop each", k);
	talloc_free(tmp);
}

static void patch_state_done(tui_app_t *app, tui_view_t *v, const char *text)
{
	const struct asked *a = tui_app_prompt_data(app);
	const pb_patch_t **ps;
	pb_error_t err = {0};
	pb_rstate_t st = PB_RS_NEW;
	int state, rc, index = 0;
	size_t k = 0;
	(void)v;
	while (*text == ' ')
		text++;
	if (!*text || !a || !a->n)
		return;
	if (!typed_state(app, text, &state, &st))
		return;
	if (!app->idx || !(ps = talloc_array(NULL, const pb_patch_t *, a->n))) {
		tui_app_message(app, true, "state: the index is still being built");
		return;
	}
	/* (found again: the model may have been refreshed since the prompt) */
	for (size_t i = 0; i < a->n; i++) {
		pb_version_t *ver = NULL;
		pb_patch_t *p = NULL;
		if (pb_index_find(app->idx, a->ids[i], NULL, &ver, &p) == PB_OK && p) {
			ps[k++] = p;
			index = p->index;
		}
	}
	if (k < a->n) {
		tui_app_message(app, true, "state: %zu of the patches are gone from the index (nothing was changed)",
				a->n - k);
		talloc_free(ps);
		return;
	}
	tui_app_store_begin(app);
	rc = pb_store_set_patch_review(app->idx, ps, k, state, &err);
	tui_app_store_end(app);
	talloc_free(ps);
	if (rc)
		tui_app_message(app, true, "state: %s (nothing was changed)", pb_error_msg(&err));
	else if (state < 0 && k > 1)
		tui_app_message(app, false, "state of %zu marked patches: the mail's again", k);
	else if (state < 0)
		tui_app_message(app, false, "state of patch %d: the mail's again", index);
	else if (k > 1)
		tui_app_message(app, false, "state of %zu marked patches: %s, in one change (tag %s%s%s; the series' stays)",
				k, pb_rstate_name(st), pb_index_tag_prefix(app->idx), PB_RS_TAG_PATCH, pb_rstate_name(st));
	else
		tui_app_message(app, false, "state of patch %d: %s (kept in notmuch as tag %s%s%s; the series' stays)",
				index, pb_rstate_name(st), pb_index_tag_prefix(app->idx), PB_RS_TAG_PATCH,
				pb_rstate_name(st));
}

void tui_patch_state_ask_ids(tui_app_t *app, const char *const *ids, size_t n, tui_view_t *v)
{
	struct asked *a;
	char *label;
	if (n == 1) {
		tui_patch_state_ask(app, ids[0], v);
		return;
	}
	if (!app->idx) {
		tui_app_message(app, true, "state: the index is still being built");
		return;
	}
	if (!(a = asked_new(ids, n)))
		return;
	label = talloc_asprintf(NULL, "State of the %zu marked patches (- for the mail's): ", n);
	tui_app_prompt(app, label ? label : "State: ", "", patch_state_done, v);
	tui_app_prompt_set_data(app, a);
	talloc_free(label);
}

void tui_patch_state_ask(tui_app_t *app, const char *msgid, tui_view_t *v)
{
	pb_version_t *ver = NULL;
	pb_patch_t *p = NULL;
	pb_patch_review_t r;
	struct asked *a;
	char *label;
	if (!app->idx) {
		tui_app_message(app, true, "state: the index is still being built");
		return;
	}
	if (pb_index_find(app->idx, msgid, NULL, &ver, &p) != PB_OK || !p ||
	    pb_review_patch(&r, pb_index_series(app->idx), ver, p) != PB_OK || !(a = asked_new(&msgid, 1)))
		return;
	label = talloc_asprintf(NULL, "State of patch %d/%d (%s%s; - for the mail's): ", p->index, ver->total,
				pb_rstate_name(r.state), r.by_hand ? ", set by hand" : ", from the mail");
	tui_app_prompt(app, label ? label : "State: ", "", patch_state_done, v);
	tui_app_prompt_set_data(app, a);
	talloc_free(label);
}
