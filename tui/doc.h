/* doc.h: a document of display lines for the pager-like views (patch,
 * thread, help). Each line is a few segments of inert text with a colour
 * role; prose is wrapped to the width when added, diffs are not. Views
 * keep their own marks on each line (kind, tag, aux) to jump between
 * files, hunks, messages and quotes. */
#ifndef PB_TUI_DOC_H
#define PB_TUI_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <talloc.h>

#include "tui/cells.h"

typedef struct tui_seg {
	char *text;      /* inert, tabs expanded */
	tui_role_t role;
} tui_seg_t;

typedef struct tui_dline {
	tui_seg_t *segs;
	size_t n_segs;
	int kind, tag, aux; /* the view's own marks */
} tui_dline_t;

typedef struct tui_doc {
	tui_dline_t *v;
	size_t n;
	int width;           /* wrap width */
} tui_doc_t;

tui_doc_t *tui_doc_new(TALLOC_CTX *mem_ctx, int width);

/* A new empty line with the view's marks. */
tui_dline_t *tui_doc_line(tui_doc_t *d, int kind, int tag, int aux);

/* Append LEN bytes of mail text (made inert, tabs expanded) to line L. */
bool tui_doc_seg(tui_doc_t *d, tui_dline_t *l, tui_role_t role, const char *text, size_t len);

/* Add mail text as lines: wrapped at the width when WRAP (continuation
 * lines start with INDENT blanks), else one line cut at the screen's edge
 * when drawn. */
bool tui_doc_text(tui_doc_t *d, int kind, int tag, int aux, tui_role_t role, const char *text, size_t len,
		  bool wrap, int indent);

/* Paint line I at ROW. */
void tui_doc_draw(const tui_doc_t *d, size_t i, tui_cells_t *c, int row, int width, unsigned attr);

/* Paint line I at ROW without its first SKIP columns (scrolled sideways;
 * a wide character cut in two shows as a blank). */
void tui_doc_draw_from(const tui_doc_t *d, size_t i, tui_cells_t *c, int row, int width, unsigned attr, int skip);

/* The widest line, in columns. */
int tui_doc_max_width(const tui_doc_t *d);

#endif
