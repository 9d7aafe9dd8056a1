/* screen.h: the terminal. tui/screen.c is the only file of patchbay that
 * talks to curses: it copies cells to the terminal, colours them by role
 * and reads keys. Everything else draws into cells (cells.h). */
#ifndef PB_TUI_SCREEN_H
#define PB_TUI_SCREEN_H

#include <stdbool.h>
#include <talloc.h>

#include "patchbay/error.h"
#include "tui/cells.h"
#include "tui/theme.h"

typedef struct tui_screen tui_screen_t;

/* Take over the terminal (stdin/stdout must be one). The terminal is given
 * back when the screen is freed, and also when patchbay dies of a signal. */
int tui_screen_open(TALLOC_CTX *mem_ctx, tui_screen_t **out, pb_error_t *err);

/* Can the terminal show colour (and does NO_COLOR allow it)? */
bool tui_screen_color(const tui_screen_t *s);

/* What each role looks like from now on. */
void tui_screen_theme(tui_screen_t *s, const tui_theme_t *theme);

void tui_screen_size(const tui_screen_t *s, int *rows, int *cols);

/* Show the cells; the cursor at ROW, COL (-1: hidden). FULL repaints
 * everything (after C-l). */
void tui_screen_paint(tui_screen_t *s, const tui_cells_t *c, int row, int col, bool full);

/* Give the terminal back to the shell's state for another program (an
 * editor), and take it again after; the next paint is a full one. */
void tui_screen_suspend(tui_screen_t *s);
void tui_screen_resume(tui_screen_t *s);

enum { TUI_WAIT_KEY = 1, TUI_WAIT_FD = 2, TUI_WAIT_SIGNAL = 3 };

/* Wait for a key (TUI_WAIT_KEY, *key set; TUI_KEY_RESIZE after a resize),
 * for FD to be readable (TUI_WAIT_FD; FD -1: none), or for a signal
 * (TUI_WAIT_SIGNAL). */
int tui_screen_wait(tui_screen_t *s, int fd, int *key);

/* A key typed already, into *KEY, without waiting; false when none. */
bool tui_screen_key_ready(tui_screen_t *s, int *key);

#endif
