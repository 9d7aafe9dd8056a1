/* marks.h: the marks of the series list (series) and of the tree
 * (patches), by id, in the order they were marked, and the replies to
 * the tree's marked patches. Private to list.c and tree.c, which say what
 * a line's id is and what the marks are for. */
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
} tui_marks_t;

/* What a view marks: for its messages. */
typedef struct tui_marks_kind {
	const char *one, *many; /* "patch", "patches" */
	const char *acts;       /* "ack, review, test and set-state act on each" */
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

/* The reply action A (ack, review, test) on the tree's marks M, patches
 * of S: one reply to each marked patch, in version and patch order (one
 * on the cover for every patch of a version), stacked so that the first
 * comes first. */
void _tui_marks_reply(tui_view_t *v, const tui_marks_t *m, const pb_series_t *s, tui_action_t a);

#endif
