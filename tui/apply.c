/* apply.c: apply a series to a topic branch, undo it, and write the
 * "applied" notification, from the keys of the list, the tree and the
 * apply view; the apply view shows what an apply did: the base and why,
 * the new commit of each patch, or what failed and that nothing changed.
 * Undo, of one apply or of a batch, is apply_undo.c's.
 *
 * All of it is core (pb_apply_series, pb_apply_mark, pb_apply_undo,
 * pb_apply_unmark, pb_notify_*), driven as cli/cmd_apply.c and
 * cli/cmd_notify.c drive it: the repository is the run's (--demo), else
 * git config patchbay.repo, else the current one, and its own config
 * gives the branch format, target, link mask, trailer order, sign-off,
 * identity and sendmail command. */
#include <glib.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "patchbay/apply.h"
#include "patchbay/git.h"
#include "patchbay/notify.h"
#include "patchbay/text.h"
#include "tui/apply_priv.h"
#include "tui/doc.h"
#include "tui/views.h"

/* ---- the repository and its config ----------------------------------- */

char *_tui_apply_repo(tui_app_t *app, TALLOC_CTX *ctx)
{
	return pb_conf_repo(ctx, app->conf, app->repo_path);
}

/* git config as the repository REPO (NULL: the current one) reads it. */
static pb_conf_t *conf_of(tui_app_t *app, TALLOC_CTX *ctx, const char *repo)
{
	pb_conf_t *conf;
	pb_error_t err = {0};
	if (pb_conf_open(ctx, &conf, repo, &err)) {
		tui_app_message(app, true, "%s", pb_error_msg(&err));
		return NULL;
	}
	return conf;
}

const char *_tui_apply_short_branch(const char *ref)
{
	return ref && strncmp(ref, "refs/heads/", 11) == 0 ? ref + 11 : ref;
}

struct tui_act *_tui_apply_act(tui_app_t *app)
{
	if (!app->act)
		app->act = talloc_zero(app, struct tui_act);
	return app->act;
}

struct tui_apply_done *_tui_apply_last(tui_app_t *app, const char *sid, int vnum)
{
	struct tui_act *a = _tui_apply_act(app);
	for (size_t i = a ? a->n : 0; i-- > 0;) {
		struct tui_apply_done *d = &a->v[i];
		if (!d->undone && d->r->new_id[0] && strcmp(d->r->series_id, sid) == 0 &&
		    (!vnum || d->r->version == vnum))
			return d;
	}
	return NULL;
}

/* The version SID and VNUM name now (0: the latest), or NULL. */
static pb_version_t *find_version(tui_app_t *app, const char *sid, int vnum, pb_series_t **s)
{
	if (!app->idx || pb_index_find(app->idx, sid, s, NULL, NULL) != PB_OK)
		return NULL;
	return vnum ? pb_series_version(*s, vnum) : pb_series_latest(*s);
}

struct ask {
	char *sid;
	int vnum;
	char *repo, *branch;
};

static struct ask *ask_new(const pb_series_t *s, int vnum)
{
	struct ask *q = talloc_zero(NULL, struct ask);
	if (q && !(q->sid = talloc_strdup(q, s->id)))
		TALLOC_FREE(q);
	if (q)
		q->vnum = vnum;
	return q;
}

char *_tui_apply_default_branch(tui_app_t *app, TALLOC_CTX *ctx, const pb_series_t *s, const pb_version_t *v,
				bool merge)
{
	void *tmp = talloc_new(NULL);
	char *repo = _tui_apply_repo(app, tmp);
	pb_conf_t *conf = conf_of(app, tmp, repo);
	char *b = conf ? pb_apply_branch_name(ctx, pb_conf_get(conf, "patchbay.branchformat"), s, v) : NULL;
	const char *into = conf ? pb_conf_get(conf, "patchbay.mergeinto") : NULL;
	if (b && into && *into && merge)
		b = talloc_asprintf_append(b, " into %s", into);
	talloc_free(tmp);
	return b;
}

/* ---- the apply view -------------------------------------------------- */

struct applied {
	size_t di;              /* the apply in app->act, which outlives the view
				 * (by index: the array may move) */
	tui_doc_t *doc;
};

size_t _tui_applied_index(tui_view_t *v)
{
	return ((struct applied *)v->priv)->di;
}

static struct tui_apply_done *applied_done(tui_view_t *v)
{
	struct applied *a = v->priv;
	return &v->app->act->v[a->di];
}

static bool text(tui_doc_t *d, tui_role_t role, const char *s)
{
	return s && tui_doc_text(d, 0, -1, 0, role, s, strlen(s), true, 12);
}

static bool field(tui_doc_t *d, const char *name, const char *value, tui_role_t role)
{
	char *s = talloc_asprintf(d, "%-11s %s", name, value ? value : "");
	tui_dline_t *l;
	if (!s || pb_text_width(s) > (size_t)d->width)
		return text(d, role, s);
	l = tui_doc_line(d, 0, -1, 0);
	return l && tui_doc_seg(d, l, TUI_ROLE_MAIL_HEADER, s, 12) && tui_doc_seg(d, l, role, s + 12, strlen(s + 12));
}

static int applied_recalc(tui_view_t *v)
{
	struct applied *a = v->priv;
	struct tui_apply_done *dn = applied_done(v);
	const pb_apply_result_t *r = dn->r;
	tui_doc_t *d = tui_view_start_doc(v, &a->doc);
	bool ok = d != NULL, failed = r->failed >= 0 || !r->new_id[0];
	if (!d)
		return PB_ERR_NOMEM;
	ok = text(d, failed ? TUI_ROLE_ERROR : TUI_ROLE_RESULT_OK, r->summary);
	if (ok && dn->undone)
		ok = text(d, TUI_ROLE_ERROR, "Undone: the branch is back where it was.");
	ok = ok && text(d, TUI_ROLE_DEFAULT, "") && field(d, "Repository:", r->repo_path, TUI_ROLE_DEFAULT);
	if (ok && r->branch)
		ok = field(d, "Branch:",
			   r->old_id[0] ? talloc_asprintf(d, "%s (was at %.12s)", r->branch, r->old_id)
					: talloc_asprintf(d, "%s (new)", r->branch),
			   TUI_ROLE_DEFAULT);
	if (ok && r->base_desc)
		ok = field(d, "Base:", r->base_desc, TUI_ROLE_DEFAULT);
	if (ok && r->merge_branch && r->merge_id[0])
		ok = field(d, "Merged:",
			   talloc_asprintf(d, "into %s as %.12s (was at %.12s)", r->merge_branch, r->merge_id, r->merge_old),
			   TUI_ROLE_DEFAULT);
	ok = ok && text(d, TUI_ROLE_DEFAULT, "");
	for (size_t i = 0; ok && i < r->n_patches; i++) {
		const pb_applied_t *p = &r->patches[i];
		char *num = talloc_asprintf(d, "  [%d] ", p->index);
		char *id = talloc_asprintf(d, "%-12.12s  ", p->commit[0] ? p->commit : (int)i == r->failed ? "FAILED" : "-");
		tui_dline_t *l = tui_doc_line(d, 0, -1, 0);
		ok = num && id && l && tui_doc_seg(d, l, TUI_ROLE_DIM, num, strlen(num)) &&
		     tui_doc_seg(d, l, (int)i == r->failed ? TUI_ROLE_ERROR : TUI_ROLE_COMMIT, id, strlen(id)) &&
		     tui_doc_seg(d, l, TUI_ROLE_TITLE_TEXT, p->title, strlen(p->title)) &&
		     (!p->three_way || tui_doc_seg(d, l, TUI_ROLE_DIM, "  (three-way)", 13));
		if (ok && (int)i == r->failed && r->failed_file) {
			char *where = r->failed_hunk
					      ? talloc_asprintf(d, "%20sin %s, hunk %d of %d: %s", "", r->failed_file,
								r->failed_hunk, r->failed_hunks,
								r->failed_hunk_header ? r->failed_hunk_header : "")
					      : talloc_asprintf(d, "%20sin %s", "", r->failed_file);
			ok = text(d, TUI_ROLE_ERROR, where);
		}
		for (size_t k = 0; ok && (int)i == r->failed && k < r->n_conflicts; k++)
			ok = text(d, TUI_ROLE_ERROR, talloc_asprintf(d, "%20sconflict: %s", "", r->conflicts[k]));
	}
	ok = ok && text(d, TUI_ROLE_DEFAULT, "");
	if (ok && failed)
		ok = text(d, TUI_ROLE_DEFAULT, "Nothing was changed: the branches, the work tree and the objects "
					       "of the repository are as they were.");
	if (ok && !failed && !dn->undone) {
		char *m = tui_app_key_hint(v->app, d, TUI_KM_APPLY, TUI_ACT_NOTIFY);
		char *u = tui_app_key_hint(v->app, d, TUI_KM_APPLY, TUI_ACT_UNDO_APPLY);
		char *s = talloc_asprintf(d, "%s%s%s%s%s%s", m, *m ? ": write the applied notification" : "",
					  *m && *u ? "   " : "", u, *u ? ": undo this apply" : "", "");
		ok = s && (!*s || text(d, TUI_ROLE_DIM, s));
	}
	v->n_lines = d->n;
	return ok ? PB_OK : PB_ERR_NOMEM;
}

static void applied_draw(tui_view_t *v, tui_cells_t *c, int row, size_t i, unsigned attr)
{
	struct applied *a = v->priv;
	tui_doc_draw(a->doc, i, c, row, v->width, attr);
}

static void do_notify(tui_app_t *app, const pb_apply_result_t *r);

static bool applied_key(tui_view_t *v, tui_action_t a)
{
	struct tui_apply_done *dn = applied_done(v);
	switch (a) {
	case TUI_ACT_UNDO_APPLY:
		_tui_apply_undo_ask(v);
		return true;
	case TUI_ACT_NOTIFY:
		if (dn->undone || !dn->r->new_id[0])
			tui_app_message(v->app, true, "%s: nothing to announce",
					dn->undone ? "this apply is undone" : "nothing was applied");
		else
			do_notify(v->app, dn->r);
		return true;
	case TUI_ACT_OPEN:
		tui_view_action(v, TUI_ACT_NEXT);
		return true;
	default:
		return false;
	}
}

static char *applied_title(tui_view_t *v, TALLOC_CTX *ctx)
{
	const pb_apply_result_t *r = applied_done(v)->r;
	return talloc_asprintf(ctx, "apply v%d to %s", r->version, r->branch ? _tui_apply_short_branch(r->branch) : "?");
}

static char *applied_status(tui_view_t *v, TALLOC_CTX *ctx)
{
	const pb_apply_result_t *r = applied_done(v)->r;
	return talloc_asprintf(ctx, "%zu of %zu patch%s applied | line %zu/%zu", r->n_applied, r->n_patches,
			       r->n_patches == 1 ? "" : "es", v->n_lines ? v->cursor + 1 : 0, v->n_lines);
}

static const tui_view_ops_t applied_ops = {
	.name = "apply view",
	.keymap = TUI_KM_APPLY,
	.recalc = applied_recalc,
	.draw = applied_draw,
	.key = applied_key,
	.title = applied_title,
	.status = applied_status,
};

/* ---- apply ----------------------------------------------------------- */

/* The answer to the apply prompt: "BRANCH [into TARGET] [OPTION...]",
 * the options spelt as `patchbay apply` has them: --carry, -s/--signoff,
 * --force, --no-3way, --no-link, --base REV, --patches LIST. Into O (on
 * top of what git config gave); false, with the reason on the message
 * line, when it is not that. */
static bool parse_answer(tui_app_t *app, TALLOC_CTX *ctx, pb_apply_opts_t *o, const char *answer)
{
	gchar **w = NULL;
	gint n = 0;
	GError *gerr = NULL;
	bool ok = false;
	if (!g_shell_parse_argv(answer, &n, &w, &gerr)) {
		tui_app_message(app, true, "%s: nothing applied", gerr ? gerr->message : "cannot read that");
		g_clear_error(&gerr);
		return false;
	}
	if (w[0][0] == '-') {
		tui_app_message(app, true, "give the branch first, then the options: nothing applied");
		goto out;
	}
	o->branch = talloc_strdup(ctx, w[0]);
	for (gint i = 1; i < n; i++) {
		const char *a = w[i];
		bool more = i + 1 < n;
		if (strcmp(a, "into") == 0 && more && !o->merge_into)
			o->merge_into = talloc_strdup(ctx, w[++i]);
		else if (strcmp(a, "--carry") == 0)
			o->am.carried = true;
		else if (strcmp(a, "-s") == 0 || strcmp(a, "--signoff") == 0)
			o->signoff = true;
		else if (strcmp(a, "--force") == 0)
			o->force = true;
		else if (strcmp(a, "--no-3way") == 0)
			o->no_three_way = true;
		else if (strcmp(a, "--no-link") == 0)
			o->am.linkmask = NULL;
		else if (strcmp(a, "--base") == 0 && more)
			o->base = talloc_strdup(ctx, w[++i]);
		else if (strcmp(a, "--patches") == 0 && more) {
			o->patches = talloc_strdup(ctx, w[++i]);
			if (pb_am_selected(o->patches, 1) == PB_AM_SPEC_BAD) {
				tui_app_message(app, true, "bad patch list '%s' (use e.g. 1,3-5): nothing applied",
						o->patches);
				goto out;
			}
		} else {
			tui_app_message(app, true,
					"'%s' is not an apply option (BRANCH [into TARGET] [--carry] [-s] [--force] "
					"[--no-3way] [--no-link] [--base REV] [--patches LIST]): nothing applied",
					a);
			goto out;
		}
	}
	ok = o->branch && (!o->merge_into || *o->merge_into);
out:
	g_strfreev(w);
	return ok;
}

/* An apply prompt's ANSWER into O: the repository (patchbay.repo, else
 * the current one), the options its git config gives, then what
 * parse_answer() reads. False, with the reason on the message line, when
 * there is no answer, no config or the answer is not that. */
static bool read_answer(tui_app_t *app, TALLOC_CTX *ctx, pb_apply_opts_t *o, const char *answer)
{
	pb_conf_t *conf;
	while (*answer == ' ')
		answer++;
	if (!*answer) {
		tui_app_message(app, true, "no branch given: nothing applied");
		return false;
	}
	o->repo_path = _tui_apply_repo(app, ctx);
	if (!(conf = conf_of(app, ctx, o->repo_path)))
		return false;
	pb_apply_opts_load(o, conf);
	return parse_answer(app, ctx, o, answer);
}

/* A done entry and an apply view for R (stolen onto the session). */
static bool push_applied(tui_app_t *app, pb_apply_result_t *r, unsigned batch)
{
	struct tui_act *a = _tui_apply_act(app);
	struct tui_apply_done *nv = a ? talloc_realloc(a, a->v, struct tui_apply_done, a->n + 1) : NULL;
	struct applied *view;
	tui_view_t *av;
	if (!nv || !(view = talloc_zero(NULL, struct applied)))
		return false;
	a->v = nv;
	a->v[a->n].r = talloc_steal(a, r);
	a->v[a->n].undone = false;
	a->v[a->n].batch = batch;
	view->di = a->n++;
	if (!(av = tui_view_new(app, &applied_ops, view)))
		talloc_free(view);
	tui_app_push(app, av);
	return true;
}

static void apply_branch(tui_app_t *app, tui_view_t *v, const char *branch)
{
	struct ask *q = tui_app_prompt_data(app);
	void *tmp = talloc_new(NULL);
	pb_apply_opts_t o = {0};
	pb_apply_result_t *r;
	pb_error_t err = {0}, merr = {0};
	pb_series_t *s;
	int rc, mrc = PB_OK;
	(void)v;
	if (!read_answer(app, tmp, &o, branch))
		goto out;
	if (!find_version(app, q->sid, q->vnum, &s)) {
		tui_app_message(app, true, "the series or its v%d is gone", q->vnum);
		goto out;
	}
	o.version = q->vnum;
	rc = pb_apply_series(tmp, &r, app->idx, s, &o, &err);
	if (!r) {
		tui_app_message(app, true, "apply: %s", pb_error_msg(&err));
		goto out;
	}
	if (rc == PB_OK) {
		tui_app_store_begin(app);
		mrc = pb_apply_mark(app->idx, r, &merr);
		tui_app_store_end(app);
	}
	if (!push_applied(app, r, 0)) {
		tui_app_message(app, true, "out of memory");
		goto out;
	}
	if (mrc)
		tui_app_message(app, true, "applied, but the mail could not be marked applied: %s", pb_error_msg(&merr));
	else
		tui_app_message(app, rc != PB_OK, "%s", r->summary ? r->summary : pb_error_msg(&err));
out:
	talloc_free(tmp);
}

/* PATH for a prompt: the home directory as ~, and when still over 24
 * characters its last two components ("…/src/widget"). */
static char *short_path(TALLOC_CTX *ctx, const char *path)
{
	const char *home = getenv("HOME"), *cut;
	size_t hl = home ? strlen(home) : 0;
	char *p;
	if (hl > 1 && strncmp(path, home, hl) == 0 && (path[hl] == '/' || !path[hl]))
		p = talloc_asprintf(ctx, "~%s", path + hl);
	else
		p = talloc_strdup(ctx, path);
	if (!p || strlen(p) <= 24)
		return p;
	cut = p + strlen(p);
	for (int k = 0; k < 2 && cut > p; k++)
		while (--cut > p && *cut != '/')
			;
	return cut > p ? talloc_asprintf(ctx, "\u2026%s", cut) : p;
}

void tui_apply_start(tui_app_t *app, const pb_series_t *s, const pb_version_t *v)
{
	char *label, *def, *where = NULL, *asked;
	struct ask *q;
	void *tmp;
	int rc;
	pb_error_t err = {0};
	if (!app->idx) {
		tui_app_message(app, true, "still reading mail: apply needs every message of the series");
		return;
	}
	if (!v)
		v = pb_series_latest(s);
	/* the prompt names the repository the branch will be written in */
	if (!(tmp = talloc_new(NULL)))
		return;
	asked = _tui_apply_repo(app, tmp);
	if ((rc = pb_repo_locate(tmp, &where, asked, &err))) {
		char cwd[4096];
		if (!asked && getcwd(cwd, sizeof(cwd)))
			asked = cwd;
		if (rc == PB_ERR_NOTFOUND)
			tui_app_message(app, true, "apply: no git repository at %s (start patchbay in the repository, "
					"or set git config patchbay.repo)", asked ? asked : "the current directory");
		else
			tui_app_message(app, true, "apply: %s", pb_error_msg(&err));
		talloc_free(tmp);
		return;
	}
	def = _tui_apply_default_branch(app, tmp, s, v, true);
	if (!def || !(q = ask_new(s, v->version))) {
		talloc_free(tmp);
		return;
	}
	label = talloc_asprintf(q, "Apply v%d in %s to branch: ", v->version, short_path(tmp, where));
	tui_app_prompt(app, label ? label : "Apply to branch: ", def, apply_branch, tui_app_top(app));
	tui_app_prompt_set_data(app, q);
	talloc_free(tmp);
}

/* ---- apply the marked series (a batch) ------------------------------ */

struct batch_ask {
	const char **ids;
	size_t n;
};

static void batch_branch(tui_app_t *app, tui_view_t *v, const char *branch)
{
	struct batch_ask *q = tui_app_prompt_data(app);
	void *tmp = talloc_new(NULL);
	pb_apply_opts_t o = {0};
	pb_apply_batch_t *b;
	pb_error_t err = {0};
	pb_status_t rc;
	(void)v;
	if (!read_answer(app, tmp, &o, branch))
		goto out;
	tui_app_store_begin(app);
	rc = pb_apply_batch(tmp, &b, app->idx, q->ids, q->n, &o, &err);
	tui_app_store_end(app);
	if (!b) {
		tui_app_message(app, true, "apply: %s", pb_error_msg(&err));
		goto out;
	}
	/* a view for each series tried, the last (the one that failed, if
	 * one did) on top; closing one shows the one before; undo in a view
	 * takes back the batch from that one on */
	if (!_tui_apply_act(app)) {
		tui_app_message(app, true, "out of memory");
		goto out;
	}
	_tui_apply_act(app)->batches++;
	for (size_t i = 0; i < b->n_results; i++)
		if (!push_applied(app, b->results[i], _tui_apply_act(app)->batches)) {
			tui_app_message(app, true, "out of memory");
			goto out;
		}
	tui_app_message(app, rc != PB_OK, "%s%s", b->summary,
			b->n_applied > 1 ? " (undo in an apply view takes back the batch from that one on)" : "");
out:
	talloc_free(tmp);
}

/* A: the marked series, onto one branch (pb_apply_batch). */
void tui_apply_batch_start(tui_app_t *app, const char *const *ids, size_t n)
{
	struct batch_ask *q;
	struct tui_act *a = _tui_apply_act(app);
	char *label, *where = NULL;
	const char *def = "";
	void *tmp;
	pb_error_t err = {0};
	if (!app->idx) {
		tui_app_message(app, true, "still reading mail: apply needs every message of the series");
		return;
	}
	if (!(tmp = talloc_new(NULL)))
		return;
	if (pb_repo_locate(tmp, &where, _tui_apply_repo(app, tmp), &err)) {
		tui_app_message(app, true, "apply: %s", pb_error_msg(&err));
		talloc_free(tmp);
		return;
	}
	if (!(q = talloc_zero(NULL, struct batch_ask)) || !(q->ids = talloc_array(q, const char *, n))) {
		talloc_free(q);
		talloc_free(tmp);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (!(q->ids[q->n++] = talloc_strdup(q, ids[i]))) {
			talloc_free(q);
			talloc_free(tmp);
			return;
		}
	/* offered: the branch this session last applied to */
	for (size_t i = a ? a->n : 0; i-- > 0;)
		if (a->v[i].r->branch && a->v[i].r->new_id[0]) {
			def = _tui_apply_short_branch(a->v[i].r->branch);
			break;
		}
	label = talloc_asprintf(q, "Apply %zu marked series in %s to branch: ", n, short_path(tmp, where));
	tui_app_prompt(app, label ? label : "Apply the marked series to branch: ", def, batch_branch, tui_app_top(app));
	tui_app_prompt_set_data(app, q);
	talloc_free(tmp);
}

/* ---- notify ---------------------------------------------------------- */

/* The notification for version V (ITEMS taken) in the compose view. */
static void compose_notification(tui_app_t *app, const pb_version_t *v, pb_notify_item_t *items, size_t n,
				 const char *repo, const char *branch)
{
	void *tmp = talloc_new(NULL);
	tui_compose_opts_t co = {0};
	pb_notify_opts_t no = {0};
	pb_error_t err = {0};
	pb_draft_t *d;
	pb_person_t me;
	pb_conf_t *conf;
	talloc_steal(tmp, items);
	if (!(conf = conf_of(app, tmp, repo)))
		goto out;
	if (pb_conf_identity(conf, tmp, &me, &err)) {
		tui_app_message(app, true, "notify: %s", pb_error_msg(&err));
		goto out;
	}
	no.tree = pb_conf_get(conf, "patchbay.tree");
	if (!no.tree && pb_conf_repo_path(conf)) {
		char *copy = talloc_strdup(tmp, pb_conf_repo_path(conf));
		size_t len = copy ? strlen(copy) : 0;
		while (len > 1 && copy[len - 1] == '/')
			copy[--len] = '\0';
		no.tree = copy ? talloc_strdup(tmp, basename(copy)) : NULL;
	}
	no.branch = branch;
	no.commit_url = pb_conf_get(conf, "patchbay.commiturl");
	if (pb_notify_compose(tmp, &d, app->idx, v, items, n, &me, &no, &err) || pb_draft_sign(d, conf, &err)) {
		tui_app_message(app, true, "notify: %s", pb_error_msg(&err));
		goto out;
	}
	co.what = "applied notification";
	co.conf = conf;
	co.own_conf = true;
	co.notify_root = v->cover ? v->cover->msgid : v->root->msgid;
	co.items = items;
	co.n_items = n;
	tui_app_push(app, tui_compose_new(app, d, &co));
out:
	talloc_free(tmp);
}

static void do_notify(tui_app_t *app, const pb_apply_result_t *r)
{
	pb_notify_item_t *items;
	pb_series_t *s;
	pb_version_t *v = find_version(app, r->series_id, r->version, &s);
	size_t n;
	if (!v) {
		tui_app_message(app, true, "the series or its v%d is gone", r->version);
		return;
	}
	if (pb_notify_items_from_result(NULL, &items, &n, v, r)) {
		tui_app_message(app, true, "out of memory");
		return;
	}
	compose_notification(app, v, items, n, r->repo_path, _tui_apply_short_branch(r->branch));
}

static void notify_branch(tui_app_t *app, tui_view_t *view, const char *branch)
{
	struct ask *q = tui_app_prompt_data(app);
	void *tmp = talloc_new(NULL);
	pb_notify_item_t *items;
	pb_error_t err = {0};
	pb_series_t *s;
	pb_version_t *v;
	char *repo = _tui_apply_repo(app, tmp), *b;
	size_t n;
	(void)view;
	while (*branch == ' ')
		branch++;
	b = talloc_strndup(tmp, branch, strcspn(branch, " "));
	if (!*b) {
		tui_app_message(app, true, "no branch given: no notification");
	} else if (!(v = find_version(app, q->sid, q->vnum, &s))) {
		tui_app_message(app, true, "the series or its v%d is gone", q->vnum);
	} else if (pb_notify_items_from_branch(NULL, &items, &n, repo, b, v, &err)) {
		tui_app_message(app, true, "notify: %s", pb_error_msg(&err));
	} else {
		compose_notification(app, v, items, n, repo, b);
	}
	talloc_free(tmp);
}

void tui_notify_start(tui_app_t *app, const pb_series_t *s, const pb_version_t *v)
{
	struct tui_apply_done *d;
	struct ask *q;
	char *def;
	if (!app->idx) {
		tui_app_message(app, true, "still reading mail: the notification needs the index");
		return;
	}
	if (!v)
		v = pb_series_latest(s);
	/* applied in this session: its result says which commits */
	if ((d = _tui_apply_last(app, s->id, v->version))) {
		do_notify(app, d->r);
		return;
	}
	/* else the branch says, by patch-id or subject */
	if (!(q = ask_new(s, v->version)))
		return;
	def = _tui_apply_default_branch(app, q, s, v, false);
	tui_app_prompt(app, "Notify: the branch the patches are on: ", def ? def : "", notify_branch,
		       tui_app_top(app));
	tui_app_prompt_set_data(app, q);
}
