/* screen.c: the only file that talks to curses. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "tui/keymap.h"
#include "tui/screen.h"

struct tui_screen {
	SCREEN *scr;
	bool color;
	short pair[TUI_ROLE_COUNT];
	attr_t attr[TUI_ROLE_COUNT];
	tui_style_t cursor, search;
};

static volatile sig_atomic_t screen_up;

/* A crash must not leave the terminal in raw mode. */
static void fatal_signal(int sig)
{
	if (screen_up)
		endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

static int screen_destructor(tui_screen_t *s)
{
	if (s->scr) {
		endwin();
		screen_up = 0;
		delscreen(s->scr);
	}
	return 0;
}

int tui_screen_open(TALLOC_CTX *mem_ctx, tui_screen_t **out, pb_error_t *err)
{
	static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
	tui_screen_t *s;
	if (!isatty(0) || !isatty(1))
		return pb_error_set(err, PB_ERR_USAGE, "the TUI needs a terminal");
	if (!(s = talloc_zero(mem_ctx, tui_screen_t)))
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	s->scr = newterm(NULL, stdout, stdin);
	if (!s->scr) {
		talloc_free(s);
		return pb_error_set(err, PB_ERR_USAGE, "cannot use the terminal \"%s\"",
				    getenv("TERM") ? getenv("TERM") : "");
	}
	talloc_set_destructor(s, screen_destructor);
	screen_up = 1;
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		signal(fatal[i], fatal_signal);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	s->color = has_colors() && !tui_theme_no_color();
	if (s->color) {
		start_color();
		use_default_colors();
	}
	*out = s;
	return PB_OK;
}

bool tui_screen_color(const tui_screen_t *s)
{
	return s->color;
}

void tui_screen_suspend(tui_screen_t *s)
{
	(void)s;
	def_prog_mode();
	endwin();
	screen_up = 0;
	fflush(stdout);
}

void tui_screen_resume(tui_screen_t *s)
{
	(void)s;
	reset_prog_mode();
	screen_up = 1;
	/* what the program left on the terminal is not ours: paint it all */
	clearok(curscr, TRUE);
	refresh();
}

static short color_of(short c)
{
	if (c < 0)
		return -1;
	if (c >= COLORS)
		return (short)(c % 8);
	return c;
}

static attr_t attrs_of(unsigned a)
{
	attr_t r = A_NORMAL;
	if (a & TUI_A_BOLD)
		r |= A_BOLD;
	if (a & TUI_A_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & TUI_A_REVERSE)
		r |= A_REVERSE;
	if (a & TUI_A_DIM)
		r |= A_DIM;
	return r;
}

void tui_screen_theme(tui_screen_t *s, const tui_theme_t *t)
{
	for (int i = 0; i < TUI_ROLE_COUNT; i++) {
		s->attr[i] = attrs_of(t->style[i].attr);
		s->pair[i] = 0;
		if (s->color && i + 1 < COLOR_PAIRS && (t->style[i].fg >= 0 || t->style[i].bg >= 0)) {
			init_pair((short)(i + 1), color_of(t->style[i].fg), color_of(t->style[i].bg));
			s->pair[i] = (short)(i + 1);
		}
	}
	s->cursor = t->style[TUI_ROLE_CURSOR];
	s->search = t->style[TUI_ROLE_SEARCH];
}

void tui_screen_size(const tui_screen_t *s, int *rows, int *cols)
{
	(void)s;
	*rows = LINES;
	*cols = COLS;
}

static void style_of(const tui_screen_t *s, const tui_cell_t *x, attr_t *attr, short *pair)
{
	int role = x->role < TUI_ROLE_COUNT ? x->role : 0;
	*attr = s->attr[role] | attrs_of(x->attr & (TUI_A_BOLD | TUI_A_UNDERLINE | TUI_A_REVERSE | TUI_A_DIM));
	*pair = s->pair[role];
	if (x->attr & TUI_A_MATCH) {
		/* a match shows in the search role; its colours win */
		*attr |= s->attr[TUI_ROLE_SEARCH];
		if (s->pair[TUI_ROLE_SEARCH])
			*pair = s->pair[TUI_ROLE_SEARCH];
		else
			*attr |= A_REVERSE;
	}
	if (x->attr & TUI_A_SELECTED) {
		*attr |= s->attr[TUI_ROLE_CURSOR];
		if (s->pair[TUI_ROLE_CURSOR])
			*pair = s->pair[TUI_ROLE_CURSOR];
	}
}

void tui_screen_paint(tui_screen_t *s, const tui_cells_t *c, int row, int col, bool full)
{
	char buf[4096];
	if (full)
		clearok(curscr, TRUE);
	for (int r = 0; r < c->rows && r < LINES; r++) {
		int x = 0;
		while (x < c->cols && x < COLS) {
			const tui_cell_t *cell = &c->v[(size_t)r * (size_t)c->cols + (size_t)x];
			attr_t a, a2;
			short p, p2;
			size_t n = 0;
			int start = x;
			style_of(s, cell, &a, &p);
			/* a run of cells drawn alike */
			while (x < c->cols && x < COLS) {
				const tui_cell_t *y = &c->v[(size_t)r * (size_t)c->cols + (size_t)x];
				size_t len = strlen(y->ch);
				style_of(s, y, &a2, &p2);
				if (a2 != a || p2 != p || n + len + 1 >= sizeof(buf))
					break;
				memcpy(buf + n, y->ch, len);
				n += len;
				x++;
			}
			buf[n] = '\0';
			attr_set(a, p, NULL);
			mvaddstr(r, start, buf);
		}
	}
	attr_set(A_NORMAL, 0, NULL);
	if (row >= 0 && col >= 0) {
		move(row, col);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

static int translate(int r, wint_t ch)
{
	if (r == KEY_CODE_YES) {
		switch (ch) {
		case KEY_RESIZE: return TUI_KEY_RESIZE;
		case KEY_ENTER: return TUI_KEY_ENTER;
		case KEY_BACKSPACE: return TUI_KEY_BACKSPACE;
		case KEY_UP: return TUI_KEY_UP;
		case KEY_DOWN: return TUI_KEY_DOWN;
		case KEY_LEFT: return TUI_KEY_LEFT;
		case KEY_RIGHT: return TUI_KEY_RIGHT;
		case KEY_PPAGE: return TUI_KEY_PAGEUP;
		case KEY_NPAGE: return TUI_KEY_PAGEDOWN;
		case KEY_HOME: return TUI_KEY_HOME;
		case KEY_END: return TUI_KEY_END;
		case KEY_IC: return TUI_KEY_INSERT;
		case KEY_DC: return TUI_KEY_DELETE;
		case KEY_BTAB: return TUI_KEY_BACKTAB;
		}
		if (ch >= (wint_t)KEY_F(1) && ch <= (wint_t)KEY_F(12))
			return TUI_KEY_F1 + (int)(ch - KEY_F(1));
		return -1;
	}
	switch (ch) {
	case '\n':
	case '\r': return TUI_KEY_ENTER;
	case 27: return TUI_KEY_ESC;
	case 8:
	case 127: return TUI_KEY_BACKSPACE;
	}
	return (int)ch;
}

/* A key already read by curses, or -1. */
static int pending_key(void)
{
	wint_t ch;
	int r, k;
	nodelay(stdscr, TRUE);
	while ((r = get_wch(&ch)) != ERR)
		if ((k = translate(r, ch)) >= 0)
			return k;
	return -1;
}

bool tui_screen_key_ready(tui_screen_t *s, int *key)
{
	int k = pending_key();
	(void)s;
	if (k < 0)
		return false;
	*key = k;
	return true;
}

int tui_screen_wait(tui_screen_t *s, int fd, int *key)
{
	(void)s;
	for (;;) {
		struct pollfd pf[2] = {{0, POLLIN, 0}, {fd, POLLIN, 0}};
		int k = pending_key();
		if (k >= 0) {
			*key = k;
			return TUI_WAIT_KEY;
		}
		if (poll(pf, fd >= 0 ? 2 : 1, -1) < 0) {
			/* SIGWINCH: curses has a KEY_RESIZE for us */
			if (errno == EINTR && (k = pending_key()) >= 0) {
				*key = k;
				return TUI_WAIT_KEY;
			}
			return TUI_WAIT_SIGNAL;
		}
		if (fd >= 0 && (pf[1].revents & (POLLIN | POLLHUP)))
			return TUI_WAIT_FD;
		if (pf[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			/* the terminal went away */
			return TUI_WAIT_SIGNAL;
		}
	}
}
