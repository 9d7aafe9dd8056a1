/* apply_priv.h: what apply.c (apply, the apply view, notify) and
 * apply_undo.c (undo of one apply or of a batch) share. Private to
 * those two. */
#ifndef PB_TUI_APPLY_PRIV_H
#define PB_TUI_APPLY_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <talloc.h>

#include "patchbay/apply.h"
#include "patchbay/series.h"
#include "tui/app.h"

/* An apply of this session: the apply views, notify and undo use it. */
struct tui_apply_done {
	pb_apply_result_t *r;
	bool undone;
	unsigned batch;         /* the batch it was part of (1, 2, ...), 0: none */
};

/* What this session applied (app->act). */
struct tui_act {
	struct tui_apply_done *v;
	size_t n;
	unsigned batches;       /* batches applied so far */
};

/* APP's applies, made on first use (NULL: out of memory). */
struct tui_act *_tui_apply_act(tui_app_t *app);

/* The repository apply works on: the run's (--demo), else git config
 * patchbay.repo, else NULL (the current one); on CTX. */
char *_tui_apply_repo(tui_app_t *app, TALLOC_CTX *ctx);

/* REF without "refs/heads/". */
const char *_tui_apply_short_branch(const char *ref);

/* The last apply of this session of version VNUM (0: any) of series SID
 * that is still in place and applied something, or NULL. */
struct tui_apply_done *_tui_apply_last(tui_app_t *app, const char *sid, int vnum);

/* The branch patchbay.branchFormat names for version V of S, on CTX;
 * with MERGE, and git config patchbay.mergeInto set, followed by
 * " into TARGET" (the apply prompt's way of asking for the merge step). */
char *_tui_apply_default_branch(tui_app_t *app, TALLOC_CTX *ctx, const pb_series_t *s, const pb_version_t *v,
				bool merge);

/* The index in app->act->v of the apply the apply view V shows. */
size_t _tui_applied_index(tui_view_t *v);

/* The undo key in the apply view V (apply_undo.c): asks, then undoes its
 * apply (and its merge), or with later applies of its batch on the same
 * branch, the batch from it on; says why when it cannot. */
void _tui_apply_undo_ask(tui_view_t *v);

#endif
