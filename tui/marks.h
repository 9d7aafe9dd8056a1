/* marks.h: the marks of the series list (series) and of the tree
 * (patches), by id, in the order they were marked, and the range that
 * marks many at once (tig's visual range): the range key opens it at the
 * cursor, moving the cursor stretches it, the same key or Enter marks
 * every line in it, range-cancel (Esc) drops it; and the replies to the
 * tree's marked patches. Private to list.c and tree.c, which say what a
 * line's id is and what the marks are for. */
#ifndef PB_TUI_MARKS_H
#define PB_TUI_MARKS_H

#include <stdbool.h>
#include <stddef.h>
#include <talloc.h>

#include "patchbay/series.h"
#include "tui/view.h"

typedef struct tui_marks {
	char **ids;             /* the marked ids (series ids, Message-IDs), in
				 * marking order; children of the marks */
	size_t n;
	bool range;             /* a range is open: from line ANCHOR to the cursor */
	size_t anchor;
	char *anchor_id;        /* what ANCHOR marks, to find it again (NULL: none) */
} tui_marks_t;

/* What a view marks. */
typedef struct tui_marks_kind {
	const char *one, *many; /* "patch", "patches" */
	const char *acts;       /* "ack, review, test and set-state act on each" */
	/* the id line I of V marks, or NULL when it marks nothing (the model's,
	 * read at once) */
	const char *(*id_of)(tui_view_t *v, size_t i);
} tui_marks_kind_t;

/* No marks, on CTX (NULL: out of memory). */
tui_marks_t *_tui_marks_new(TALLOC_CTX *ctx);

bool _tui_marks_has(const tui_marks_t *m, const char *id);

/* Mark ID, unless it is marked: false when out of memory. */
bool _tui_marks_add(tui_marks_t *m, const char *id);

/* The ids marked, as the bulk actions take them. */
const char *const *_tui_marks_ids(const tui_marks_t *m);

/* The mark key of view V on line ID: mark it, or unmark it when it is
 * marked; then the next line, and say how many are marked. */
void _tui_marks_toggle(tui_view_t *v, tui_marks_t *m, const tui_marks_kind_t *k, const char *id);

/* The unmark-all key: drop every mark and say how many went. */
void _tui_marks_clear(tui_view_t *v, tui_marks_t *m, const tui_marks_kind_t *k);

/* Line I of V is in the open range (and marks something): drawn as it
 * will be marked. */
bool _tui_marks_in_range(tui_view_t *v, const tui_marks_t *m, const tui_marks_kind_t *k, size_t i);

/* "range: 4 series | " while a range is open, else "", on CTX. */
char *_tui_marks_range_status(TALLOC_CTX *ctx, tui_view_t *v, const tui_marks_t *m, const tui_marks_kind_t *k);

/* The range keys of V: range, Enter and range-cancel; while a range is
 * open, moving and searching go on (false), every other action is
 * refused and said why. True when A was taken. */
bool _tui_marks_range_key(tui_view_t *v, tui_marks_t *m, const tui_marks_kind_t *k, tui_action_t a);

/* The lines of V were made again: find where the open range started, by
 * its id; when it is gone, drop the range and say so. */
void _tui_marks_range_find(tui_view_t *v, tui_marks_t *m, const tui_marks_kind_t *k);

/* The reply action A (ack, review, test) on the tree's marks M, patches
 * of S: one reply to each marked patch, in version and patch order (one
 * on the cover for every patch of a version), stacked so that the first
 * comes first. */
void _tui_marks_reply(tui_view_t *v, const tui_marks_t *m, const pb_series_t *s, tui_action_t a);

#endif
