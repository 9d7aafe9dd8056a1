/* state.c: the review state of a series, from the keys (review.h): the
 * state key asks for one and keeps it in the notmuch database as a tag. */
#include <string.h>

#include "patchbay/review.h"
#include "patchbay/store.h"
#include "tui/views.h"

static void state_done(tui_app_t *app, tui_view_t *v, const char *text)
{
	const char *id = tui_app_prompt_data(app);
	pb_series_t *s = NULL;
	const pb_version_t *ver;
	pb_error_t err = {0};
	pb_rstate_t st = PB_RS_NEW;
	int state;
	char *title;
	int rc;
	(void)v;
	while (*text == ' ')
		text++;
	if (!*text)
		return; /* nothing typed: nothing changes */
	if (strcmp(text, "-") == 0) {
		state = -1;
	} else if (pb_rstate_parse(&st, text) == PB_OK) {
		state = (int)st;
	} else {
		tui_app_message(app, true, "state: no review state \"%s\" (new, review, changes, acked, queued, "
				"accepted, deferred, rejected, old, n/a, upstream; - for the mail's)", text);
		return;
	}
	if (!app->idx || !id || pb_index_find(app->idx, id, &s, NULL, NULL) != PB_OK ||
	    !(ver = pb_series_latest(s))) {
		tui_app_message(app, true, "state: the series is gone from the index");
		return;
	}
	title = talloc_strdup(NULL, s->title);
	tui_app_store_begin(app);
	rc = pb_store_set_review(app->idx, &ver, 1, state, &err);
	tui_app_store_end(app);
	if (rc)
		tui_app_message(app, true, "state: %s (nothing was changed)", pb_error_msg(&err));
	else if (state < 0)
		tui_app_message(app, false, "state of \"%s\": the mail's again", title);
	else
		tui_app_message(app, false, "state of \"%s\": %s (kept in notmuch as tag %s%s)", title,
				pb_rstate_name(st), pb_index_tag_prefix(app->idx), pb_rstate_name(st));
	talloc_free(title);
}

void tui_state_ask(tui_app_t *app, const pb_series_t *s, tui_view_t *v)
{
	pb_review_t r;
	char *label;
	if (!app->idx) {
		tui_app_message(app, true, "state: the index is still being built");
		return;
	}
	if (pb_review_version(&r, app->set, s, NULL) != PB_OK)
		return;
	label = talloc_asprintf(NULL, "State (%s%s; - for the mail's): ", pb_rstate_name(r.state),
				r.by_hand ? ", set by hand" : ", from the mail");
	tui_app_prompt(app, label ? label : "State: ", "", state_done, v);
	tui_app_prompt_set_data(app, talloc_strdup(NULL, s->id));
	talloc_free(label);
}
