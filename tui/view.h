/* view.h: a view is a vtable over a list of lines, as in tig.
 *
 * Every view (series list, tree, patch, thread, help) is a list of lines
 * with a cursor. recalc() rebuilds the lines from the model for the
 * current width; draw() paints one line into the cells. Painting never
 * recalculates, and recalculating never paints. Moving, paging and
 * searching are the same for every view and live in view.c; a view's
 * key() handles its own actions first. */
#ifndef PB_TUI_VIEW_H
#define PB_TUI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <talloc.h>

#include "tui/action.h"
#include "tui/cells.h"
#include "tui/keymap.h"

struct pb_version;
struct tui_doc;
typedef struct tui_app tui_app_t;
typedef struct tui_view tui_view_t;

typedef struct tui_view_ops {
	const char *name;       /* "series list" */
	tui_km_view_t keymap;   /* its section of the keymap */
	int header_rows;        /* fixed rows above the lines (column titles) */
	/* rebuild the lines for v->width columns; sets v->n_lines */
	int (*recalc)(tui_view_t *v);
	/* paint line I at ROW; ATTR is TUI_A_SELECTED on the cursor line */
	void (*draw)(tui_view_t *v, tui_cells_t *c, int row, size_t i, unsigned attr);
	/* paint the fixed rows from ROW (may be NULL) */
	void (*header)(tui_view_t *v, tui_cells_t *c, int row);
	/* an action for this view; false when it is not one of its own */
	bool (*key)(tui_view_t *v, tui_action_t a);
	/* the text of the title bar and of the status line */
	char *(*title)(tui_view_t *v, TALLOC_CTX *mem_ctx);
	char *(*status)(tui_view_t *v, TALLOC_CTX *mem_ctx);
	/* the view is about to be freed (may be NULL) */
	void (*done)(tui_view_t *v);
	/* A core call that stores mail (send, keep a draft, mark applied) is
	 * about to refresh the index: every series, version, patch and record
	 * taken from it will be gone. Copy out what reload() needs to find the
	 * model again, by Message-ID (may be NULL). */
	void (*detach)(tui_view_t *v);
	/* The index was refreshed: find the model again. False when it is
	 * gone; the view is then closed. NULL: the view holds no model. */
	bool (*reload)(tui_view_t *v);
	/* What closing the view would lose ("the Acked-by reply to ..."), or
	 * NULL when nothing (may be NULL). */
	char *(*unsaved)(tui_view_t *v, TALLOC_CTX *mem_ctx);
	/* Patchbay must end now (the terminal went away): keep what
	 * unsaved() names, e.g. as a draft (may be NULL). */
	void (*rescue)(tui_view_t *v);
	/* What the cursor is on, for the message actions (raw-message, pipe,
	 * save, copy-msgid, copy-link; export.c): the message *MSGID (NULL on
	 * a series or version line) and the version *VER it is in (NULL when
	 * there is none); both the model's, read at once. False: nothing
	 * (may be NULL: the view has no messages). */
	bool (*at)(tui_view_t *v, const char **msgid, const struct pb_version **ver);
} tui_view_ops_t;

struct tui_view {
	const tui_view_ops_t *ops;
	tui_app_t *app;
	void *priv;           /* the view's own state, a talloc child of the view */
	size_t n_lines;
	size_t cursor;        /* selected line */
	size_t top;           /* first line shown */
	int width, height;    /* of the area the lines are drawn in */
	int max_cols;         /* its widest line, set by a view whose long lines
			       * are cut at the edge (0: not one) */
	int hscroll;          /* columns scrolled off at the left */
	bool dirty;           /* recalc() before the next paint */
	char *search;         /* the last search pattern, or NULL */
};

/* A new view of APP; PRIV becomes its child. */
tui_view_t *tui_view_new(tui_app_t *app, const tui_view_ops_t *ops, void *priv);

/* Move the cursor to line I and scroll to show it. */
void tui_view_goto(tui_view_t *v, size_t i);

/* Move the cursor to line I and scroll it to the top of the area. */
void tui_view_goto_top(tui_view_t *v, size_t i);

/* Size of the area; marks the view dirty when the width changed. */
void tui_view_resize(tui_view_t *v, int width, int height);

/* The widest line is COLS wide (a view that cuts long lines at the edge
 * says so in its recalc(): scroll-left/right then move it sideways). */
void tui_view_set_max_cols(tui_view_t *v, int cols);

/* For a view whose lines are the lines of a doc (apply, checks, compose,
 * help, interdiff, patch, raw message, thread): the start of its recalc().
 * Makes a new empty doc for v->width columns, a child of v->priv, frees
 * the old one *DOC, puts the new one in *DOC and sets the view's line
 * count to 0. Returns the new doc, or NULL when out of memory (*DOC is
 * then NULL too). */
struct tui_doc *tui_view_start_doc(tui_view_t *v, struct tui_doc **doc);

/* For a view whose lines are the lines of doc D (patch, thread, interdiff,
 * raw message): the end of its recalc(). Sets the view's line count and
 * widest line from D (D stays the view's); returns PB_OK when OK, else
 * PB_ERR_NOMEM (OK false: building D ran out of memory). */
int tui_view_show_doc(tui_view_t *v, const struct tui_doc *d, bool ok);

/* Its draw(): line I of doc D at ROW, scrolled sideways as the view is. */
void tui_view_draw_doc(const tui_view_t *v, const struct tui_doc *d, tui_cells_t *c, int row, size_t i,
		       unsigned attr);

/* The selected line, the columns scrolled off at the left and the widest
 * line (0: the view does not cut long lines), for callers and tests. */
size_t tui_view_cursor(const tui_view_t *v);
int tui_view_hscroll(const tui_view_t *v);
int tui_view_max_cols(const tui_view_t *v);

/* recalc() if dirty, then keep the cursor inside the lines. */
int tui_view_update(tui_view_t *v);

/* Moving, paging, first/last, scrolling sideways and search-next/prev:
 * true when A was one. */
bool tui_view_action(tui_view_t *v, tui_action_t a);

/* Search for PATTERN (case-insensitive) from the line after the cursor
 * (DIR 1) or before it (DIR -1); moves there. False when not found. */
bool tui_view_search(tui_view_t *v, const char *pattern, int dir);

/* Paint the header and the visible lines into ROWS rows from ROW0. */
void tui_view_paint(tui_view_t *v, tui_cells_t *c, int row0, int rows);

#endif
