/* main.c: the TUI's event loop: keys and resizes from the terminal, news
 * from the loader thread, one paint after each. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/app.h"
#include "tui/loader.h"
#include "tui/screen.h"
#include "tui/tui.h"

struct run {
	const tui_run_opts_t *opts;
	tui_app_t *app;
	tui_loader_t *loader;
	TALLOC_CTX *ctx;
	FILE *bench;          /* PATCHBAY_BENCH */
	bool bench_painted, bench_rows;
};

static volatile sig_atomic_t got_signal, in_external;

static void on_signal(int sig)
{
	/* C-c in an editor is the editor's (it reaches us too) */
	if (in_external && sig == SIGINT)
		return;
	got_signal = sig;
}

static void start_loader(struct run *r)
{
	pb_error_t err = {0};
	if (tui_loader_start(r->ctx, &r->loader, &r->opts->index, r->app->query, &err)) {
		tui_app_message(r->app, true, "%s", pb_error_msg(&err));
		r->loader = NULL;
		return;
	}
	r->app->loading = true;
	r->app->load_done = r->app->load_total = 0;
}

static tui_screen_t *the_screen;

/* An editor runs: the terminal is its until it ends. */
static void on_external(tui_app_t *app, bool begin, void *payload)
{
	(void)app;
	(void)payload;
	if (begin) {
		in_external = 1;
		tui_screen_suspend(the_screen);
	} else {
		tui_screen_resume(the_screen);
		in_external = 0;
	}
}

/* A piped command ended, the terminal still its: what it printed stays
 * on the screen until Enter. */
static void on_wait(tui_app_t *app, const char *msg, void *payload)
{
	char c;
	(void)app;
	(void)payload;
	printf("\n%s ", msg);
	fflush(stdout);
	while (!got_signal) {
		ssize_t n = read(0, &c, 1);
		if (n <= 0 || c == '\n' || c == '\r')
			break;
	}
}

/* While a send runs: paint the message line, watch for a cancel. */
static bool on_busy(tui_app_t *app, void *payload)
{
	int key;
	(void)payload;
	if (got_signal)
		return false;
	tui_app_render(app);
	tui_screen_paint(the_screen, app->cells, app->cursor_row, app->cursor_col, app->redraw_all);
	app->redraw_all = false;
	while (tui_screen_key_ready(the_screen, &key)) {
		if (key == 'q' || key == 27 || key == 7)
			return false;
		if (key == TUI_KEY_RESIZE) {
			int rows, cols;
			tui_screen_size(the_screen, &rows, &cols);
			tui_app_resize(app, rows, cols);
		}
	}
	return true;
}

static void on_refresh(tui_app_t *app, void *payload)
{
	struct run *r = payload;
	if (r->loader)
		return;
	/* -f FILE: the file may have changed since it was read (the import
	 * reads it again only then) */
	if (r->opts->import_file) {
		pb_error_t err = {0};
		char *db = NULL;
		if (pb_index_import(r->ctx, &db, r->opts->import_file, r->opts->index.cache_dir, &err)) {
			tui_app_message(app, true, "refresh: %s", pb_error_msg(&err));
			return;
		}
		talloc_free(db); /* (the same database as before) */
	}
	start_loader(r);
}

/* PATCHBAY_BENCH=FILE: note in FILE when the first frame was painted,
 * when the list first showed series (partial results count) and when the
 * first full screen (the whole index) was painted, in milliseconds since
 * patchbay started; then quit. make bench reads it. */
static bool bench_note(struct run *r)
{
	double ms = (tui_now() - r->opts->t0) * 1000.0;
	if (!r->bench)
		return false;
	if (!r->bench_painted) {
		r->bench_painted = true;
		fprintf(r->bench, "first-paint %.3f\n", ms);
	}
	if (!r->bench_rows && r->app->stack[0]->n_lines > 0) {
		r->bench_rows = true;
		fprintf(r->bench, "first-rows %.3f\n", ms);
	}
	fflush(r->bench);
	if (!r->app->idx || r->app->loading)
		return false;
	fprintf(r->bench, "full-screen %.3f\n", ms);
	fclose(r->bench);
	r->bench = NULL;
	return true;
}

int tui_run(const tui_run_opts_t *opts)
{
	struct run r = {opts, NULL, NULL, talloc_new(NULL), NULL, false, false};
	tui_errors_t *errs = tui_errors_new(r.ctx);
	tui_app_opts_t ao = {0};
	tui_screen_t *scr;
	tui_keymap_t *km;
	tui_theme_t theme;
	pb_error_t err = {0};
	struct sigaction sa;
	int rc = 0;

	if (!r.ctx || !errs || tui_keymap_setup(r.ctx, &km, opts->conf, errs)) {
		fprintf(stderr, "patchbay: out of memory\n");
		talloc_free(r.ctx);
		return 2;
	}
	if (tui_screen_open(r.ctx, &scr, &err)) {
		fprintf(stderr, "patchbay: %s\n", pb_error_msg(&err));
		talloc_free(r.ctx);
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: the wait returns */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	tui_theme_init(&theme, tui_screen_color(scr));
	tui_theme_load(&theme, opts->conf, errs);
	tui_screen_theme(scr, &theme);
	tui_screen_size(scr, &ao.rows, &ao.cols);
	ao.keymap = km;
	ao.query = opts->query;
	ao.index = &opts->index;
	ao.conf = opts->conf;
	ao.repo_path = opts->repo_path;
	if (tui_app_new(r.ctx, &r.app, &ao)) {
		talloc_free(r.ctx);
		fprintf(stderr, "patchbay: out of memory\n");
		return 2;
	}
	r.app->on_refresh = on_refresh;
	the_screen = scr;
	r.app->on_external = on_external;
	r.app->on_busy = on_busy;
	r.app->on_wait = on_wait;
	if (getenv("PATCHBAY_BENCH") && *getenv("PATCHBAY_BENCH"))
		r.bench = fopen(getenv("PATCHBAY_BENCH"), "w");
	r.app->refresh_payload = &r;
	if (errs->n)
		tui_app_message(r.app, true, "%s%s", errs->v[0],
				errs->n > 1 ? " (and more: patchbay --dump-keys lists them)" : "");
	start_loader(&r);
	while (!r.app->quit && !got_signal) {
		int key = 0, ev;
		tui_app_render(r.app);
		tui_screen_paint(scr, r.app->cells, r.app->cursor_row, r.app->cursor_col, r.app->redraw_all);
		r.app->redraw_all = false;
		if (bench_note(&r))
			break;
		ev = tui_screen_wait(scr, r.loader ? tui_loader_fd(r.loader) : -1, &key);
		if (ev == TUI_WAIT_KEY && key == TUI_KEY_RESIZE) {
			int rows, cols;
			tui_screen_size(scr, &rows, &cols);
			tui_app_resize(r.app, rows, cols);
		} else if (ev == TUI_WAIT_KEY) {
			tui_app_key(r.app, key);
		} else if (ev == TUI_WAIT_FD && r.loader) {
			if (tui_loader_poll(r.loader, r.app))
				TALLOC_FREE(r.loader);
		} else if (ev == TUI_WAIT_SIGNAL && !got_signal) {
			break; /* the terminal is gone */
		}
	}
	if (got_signal || !r.app->quit) {
		/* killed, or the terminal is gone: keep what would be lost */
		tui_app_rescue(r.app);
	}
	if (got_signal)
		rc = 128 + got_signal;
	if (r.bench)
		fclose(r.bench);
	/* views first (they may point into the index), the terminal last */
	talloc_free(r.app);
	talloc_free(r.loader);
	talloc_free(r.ctx);
	the_screen = NULL;
	return rc;
}
