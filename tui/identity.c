/* identity.c: the user's word on which postings are versions of one
 * series, from the keys: join two series (J on one, then J on the other),
 * split a version from the versions before it (S). Both are core calls
 * (pb_store_link, pb_store_unlink) that keep the decision in the notmuch
 * database and refresh the index. */
#include <string.h>

#include "patchbay/store.h"
#include "tui/views.h"

void tui_join_series(tui_app_t *app, const pb_series_t *s)
{
	pb_error_t err = {0};
	char *other, *title;
	int rc;
	if (!app->idx) {
		tui_app_message(app, true, "join: the index is still being built");
		return;
	}
	if (!app->join_mark) {
		/* the first of the two: remember it by Message-ID (the model
		 * may change before the second) */
		app->join_mark = talloc_strdup(app, s->id);
		app->join_title = talloc_strdup(app, s->title);
		tui_app_message(app, false, "join: marked \"%s\"; J on another series makes them one, J here forgets it",
				s->title);
		return;
	}
	if (strcmp(app->join_mark, s->id) == 0) {
		TALLOC_FREE(app->join_mark);
		TALLOC_FREE(app->join_title);
		tui_app_message(app, false, "join: mark cleared");
		return;
	}
	other = talloc_steal(NULL, app->join_mark);
	title = talloc_steal(other, app->join_title);
	app->join_mark = app->join_title = NULL;
	{
		char *here = talloc_strdup(other, s->id);
		tui_app_store_begin(app);
		rc = pb_store_link(app->idx, here, other, &err);
		tui_app_store_end(app);
		if (rc)
			tui_app_message(app, true, "join: %s", pb_error_msg(&err));
		else
			tui_app_message(app, false, "joined \"%s\" into one series with it (kept in notmuch)", title);
	}
	talloc_free(other);
}

void tui_split_version(tui_app_t *app, const pb_series_t *s, const pb_version_t *v)
{
	pb_error_t err = {0};
	char *root;
	int n, rc;
	if (!app->idx) {
		tui_app_message(app, true, "split: the index is still being built");
		return;
	}
	if (!v || v == s->versions[0]) {
		tui_app_message(app, true, "split: pick a version after the first (v%d starts the series)",
				s->versions[0]->version);
		return;
	}
	root = talloc_strdup(NULL, v->root->msgid);
	n = v->version;
	tui_app_store_begin(app);
	rc = pb_store_unlink(app->idx, root, &err);
	tui_app_store_end(app);
	if (rc)
		tui_app_message(app, true, "split: %s", pb_error_msg(&err));
	else
		tui_app_message(app, false, "split: v%d now starts a series of its own (kept in notmuch)", n);
	talloc_free(root);
}
