/* cells.h: the screen as a plain buffer of cells.
 *
 * Views draw into cells (text, colour role, attributes); tui/screen.c is the
 * only code that copies them to the terminal. Tests read the same cells
 * back as text, without a terminal. Each cell holds one character with its
 * combining marks; a wide character takes two cells, the second one empty
 * (width 0). Text put into cells must be inert already (no control
 * characters): mail text goes through tui_cells_put_mail(). */
#ifndef PB_TUI_CELLS_H
#define PB_TUI_CELLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <talloc.h>

#include "tui/theme.h"

typedef struct tui_cell {
	char ch[16];   /* UTF-8 character and its combining marks; "" right of a wide one */
	uint8_t width; /* columns the character takes: 1, 2, or 0 right of a wide one */
	uint8_t role;  /* tui_role_t */
	uint8_t attr;  /* TUI_A_* */
} tui_cell_t;

typedef struct tui_cells {
	int rows, cols;
	tui_cell_t *v; /* rows * cols */
} tui_cells_t;

int tui_cells_new(TALLOC_CTX *mem_ctx, tui_cells_t **out, int rows, int cols);

/* New size; the content is cleared. */
int tui_cells_resize(tui_cells_t *c, int rows, int cols);

tui_cell_t *tui_cells_at(tui_cells_t *c, int row, int col);

/* Blank the whole buffer / COLS cells of ROW from COL, with ROLE. */
void tui_cells_clear(tui_cells_t *c, tui_role_t role);
void tui_cells_fill(tui_cells_t *c, int row, int col, int cols, tui_role_t role, unsigned attr);

/* Put inert UTF-8 TEXT at ROW, COL in at most MAXW columns (tabs advance
 * to the next multiple of 8 from COL). Returns the columns used. A wide
 * character that does not fit is replaced by a blank. */
int tui_cells_put(tui_cells_t *c, int row, int col, int maxw, const char *text, tui_role_t role,
		  unsigned attr);

/* As tui_cells_put for text from mail: made inert first. */
int tui_cells_put_mail(tui_cells_t *c, int row, int col, int maxw, const char *text, tui_role_t role,
		       unsigned attr);

/* Add ATTR to COLS cells of ROW from COL. */
void tui_cells_attr(tui_cells_t *c, int row, int col, int cols, unsigned attr);

/* Give COLS cells of ROW from COL the role ROLE (their text stays). */
void tui_cells_role(tui_cells_t *c, int row, int col, int cols, tui_role_t role);

/* Mark the cells of ROW whose text contains PATTERN (ASCII case folded)
 * with TUI_A_MATCH; returns the number of matches. */
int tui_cells_mark(tui_cells_t *c, int row, const char *pattern);

/* The text of ROW (trailing blanks removed) / of every row, one per line. */
char *tui_cells_row_text(TALLOC_CTX *mem_ctx, const tui_cells_t *c, int row);
char *tui_cells_dump(TALLOC_CTX *mem_ctx, const tui_cells_t *c);

/* Column where the text of ROW contains NEEDLE, or -1. */
int tui_cells_find(const tui_cells_t *c, int row, const char *needle);

#endif
