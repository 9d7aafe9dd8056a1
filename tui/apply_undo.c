/* apply_undo.c: undo what an apply did, from the keys: the branch's
 * last move by patchbay (pb_apply_undo), asked for from the list and the
 * tree, or the apply of an apply view; there, when later applies of the
 * same batch went onto the branch, the batch from that one on, the last
 * first. The mail is marked applied no more (pb_apply_unmark), and when
 * the author was already told, the message line says so. */
#include <stdio.h>
#include <string.h>

#include "patchbay/apply.h"
#include "patchbay/notify.h"
#include "tui/apply_priv.h"
#include "tui/views.h"

/* Undo patchbay's last move of BRANCH in REPO; says what on the message
 * line. False when nothing was undone. */
static bool do_undo(tui_app_t *app, const char *repo, const char *branch)
{
	void *tmp = talloc_new(NULL);
	struct tui_act *a = _tui_apply_act(app);
	pb_undo_result_t *u;
	pb_unmark_result_t um = {0};
	pb_error_t err = {0};
	const char *told;
	int rc;
	if ((rc = pb_apply_undo(tmp, &u, repo, branch, &err))) {
		tui_app_message(app, true, "undo: %s", pb_error_msg(&err));
		talloc_free(tmp);
		return false;
	}
	/* what this session applied there is gone */
	for (size_t i = 0; a && i < a->n; i++)
		if (a->v[i].r->branch && strcmp(a->v[i].r->branch, u->branch) == 0 &&
		    strcmp(a->v[i].r->new_id, u->from) == 0)
			a->v[i].undone = true;
	if (u->series_msgid && app->idx && pb_index_find(app->idx, u->series_msgid, NULL, NULL, NULL) == PB_OK) {
		tui_app_store_begin(app);
		rc = pb_apply_unmark(tmp, &um, app->idx, u->series_msgid, u->version, &err);
		tui_app_store_end(app);
	}
	/* the author was already told: say so, the correction is theirs to get */
	told = um.n_told ? talloc_asprintf(tmp, "; the author was told it was applied (<%s>): reply there to say it "
						"was undone",
					   um.told_msgid)
			 : "";
	if (u->deleted)
		tui_app_message(app, rc != PB_OK, "undone: %s deleted (it was at %.12s)%s%s%s", u->branch, u->from,
				rc ? "; the mail is still marked applied: " : "", rc ? pb_error_msg(&err) : "",
				told ? told : "");
	else
		tui_app_message(app, rc != PB_OK, "undone: %s back at %.12s (was %.12s)%s%s%s%s", u->branch, u->to,
				u->from, u->worktree_updated ? "; the work tree was updated" : "",
				rc ? "; the mail is still marked applied: " : "", rc ? pb_error_msg(&err) : "",
				told ? told : "");
	for (size_t i = 0; i < app->depth; i++)
		app->stack[i]->dirty = true;
	talloc_free(tmp);
	return true;
}

static struct tui_apply_done *view_done(tui_view_t *v)
{
	return &v->app->act->v[_tui_applied_index(v)];
}

/* Undo the apply R (and its merge). False when it was not undone. */
static bool undo_one(tui_app_t *app, const pb_apply_result_t *r)
{
	/* the merge went on top of the topic: it goes first, and when it
	 * cannot, the topic stays and the reason stays on the screen */
	if (r->merge_branch && r->merge_id[0] && !do_undo(app, r->repo_path, _tui_apply_short_branch(r->merge_branch)))
		return false;
	return do_undo(app, r->repo_path, _tui_apply_short_branch(r->branch));
}

static void undo_yes(tui_app_t *app, tui_view_t *v, const char *text_)
{
	(void)text_;
	if (tui_app_alive(app, v))
		undo_one(app, view_done(v)->r);
}

/* The applies of DN's batch to DN's branch from DN on that are in place
 * (DN's the first), when every later apply to that branch is one of
 * them; 0 when one is not (it has to be undone first). */
static size_t batch_from(tui_app_t *app, size_t di)
{
	const struct tui_apply_done *dn = &app->act->v[di];
	size_t n = 1;
	for (size_t i = di + 1; i < app->act->n; i++) {
		const struct tui_apply_done *later = &app->act->v[i];
		if (later->undone || !later->r->new_id[0] || !later->r->branch ||
		    strcmp(later->r->branch, dn->r->branch) != 0)
			continue;
		if (!dn->batch || later->batch != dn->batch)
			return 0;
		n++;
	}
	return n;
}

/* Undo the batch from the view's apply on: the last first, each as the
 * branch's last move (pb_apply_undo), stopping at the first that cannot
 * be undone (it says why; the ones before it stay undone). */
static void undo_batch_yes(tui_app_t *app, tui_view_t *v, const char *text_)
{
	size_t di, done = 0, want;
	char *told = NULL;
	const struct tui_apply_done *dn;
	(void)text_;
	if (!tui_app_alive(app, v))
		return;
	di = _tui_applied_index(v);
	want = batch_from(app, di);
	for (size_t i = app->act->n; i-- > di;) {
		const struct tui_apply_done *d = &app->act->v[i];
		if (d->undone || !d->r->new_id[0] || (i != di && d->batch != app->act->v[di].batch))
			continue;
		if (!d->r->branch || strcmp(d->r->branch, app->act->v[di].r->branch) != 0)
			continue;
		if (!undo_one(app, d->r)) {
			if (done) {
				char *m = talloc_asprintf(NULL, "undid %zu of the batch's %zu applies, then %s%s", done, want,
							  app->message ? app->message : "stopped", told ? told : "");
				tui_app_message(app, true, "%s", m ? m : "out of memory");
				talloc_free(m);
			}
			talloc_free(told);
			return;
		}
		done++;
		/* (each undo's own line is replaced by the summary: what it
		 * said of notifications already sent is kept) */
		if (app->message && strstr(app->message, "the author was told"))
			told = talloc_asprintf_append(told, "; %s", strstr(app->message, "the author was told"));
	}
	dn = &app->act->v[di];
	if (dn->r->old_id[0])
		tui_app_message(app, false, "undone: the batch's %zu applies; %s back at %.12s%s", done,
				dn->r->branch, dn->r->old_id, told ? told : "");
	else
		tui_app_message(app, false, "undone: the batch's %zu applies; %s deleted (patchbay made it)%s", done,
				dn->r->branch, told ? told : "");
	talloc_free(told);
}

/* U in an apply view: ask, then undo its apply, or the batch from it on. */
void _tui_apply_undo_ask(tui_view_t *v)
{
	struct tui_apply_done *dn = view_done(v);
	char *q;
	if (dn->undone || !dn->r->new_id[0]) {
		tui_app_message(v->app, true, dn->undone ? "this apply is undone already" : "nothing was applied");
		return;
	}
	/* undo takes back the branch's last move: a later apply there
	 * comes off first; one of the same batch, with this one */
	{
		size_t k = batch_from(v->app, _tui_applied_index(v));
		if (k == 0) {
			tui_app_message(v->app, true, "a later apply moved %s again: undo that one first",
					_tui_apply_short_branch(dn->r->branch));
			return;
		}
		if (k > 1) {
			q = dn->r->old_id[0]
				    ? talloc_asprintf(v, "Undo the batch's last %zu applies: put %s back at %.12s?", k,
						      dn->r->branch, dn->r->old_id)
				    : talloc_asprintf(v, "Undo the batch's %zu applies: delete %s (patchbay made it)?",
						      k, dn->r->branch);
			tui_app_confirm(v->app, q ? q : "Undo?", undo_batch_yes, v);
			talloc_free(q);
			return;
		}
	}
	q = dn->r->old_id[0] ? talloc_asprintf(v, "Undo: put %s back at %.12s%s%s?", dn->r->branch, dn->r->old_id,
					       dn->r->merge_id[0] ? " and undo the merge into " : "",
					       dn->r->merge_id[0] ? _tui_apply_short_branch(dn->r->merge_branch) : "")
			     : talloc_asprintf(v, "Undo: delete %s (patchbay made it)%s%s?", dn->r->branch,
					       dn->r->merge_id[0] ? " and undo the merge into " : "",
					       dn->r->merge_id[0] ? _tui_apply_short_branch(dn->r->merge_branch) : "");
	tui_app_confirm(v->app, q ? q : "Undo?", undo_yes, v);
	talloc_free(q);
}

static void undo_branch(tui_app_t *app, tui_view_t *v, const char *branch)
{
	void *tmp = talloc_new(NULL);
	(void)v;
	while (*branch == ' ')
		branch++;
	if (*branch)
		do_undo(app, _tui_apply_repo(app, tmp), talloc_strndup(tmp, branch, strcspn(branch, " ")));
	else
		tui_app_message(app, true, "no branch given: nothing undone");
	talloc_free(tmp);
}

void tui_apply_undo_start(tui_app_t *app, const pb_series_t *s, const pb_version_t *v)
{
	struct tui_apply_done *d = _tui_apply_last(app, s->id, v ? v->version : 0);
	char *def = d ? talloc_strdup(NULL, _tui_apply_short_branch(d->r->branch))
		      : _tui_apply_default_branch(app, NULL, s, v ? v : pb_series_latest(s), false);
	tui_app_prompt(app, "Undo the apply to branch: ", def ? def : "", undo_branch, tui_app_top(app));
	talloc_free(def);
}
