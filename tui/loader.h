/* loader.h: the index is built on a worker thread, so the TUI never waits
 * for it. The worker reports progress (count and rate), partial results
 * (see pb_partial_cb) and, at the end, the index or the error; the main
 * thread is woken through a pipe and hands each to the app. */
#ifndef PB_TUI_LOADER_H
#define PB_TUI_LOADER_H

#include <talloc.h>

#include "patchbay/index.h"
#include "tui/app.h"

typedef struct tui_loader tui_loader_t;

/* Start reading the database OPTS names; QUERY (may be NULL) is run on it
 * first so that partial results can be filtered. */
int tui_loader_start(TALLOC_CTX *mem_ctx, tui_loader_t **out, const pb_index_opts_t *opts, const char *query,
		     pb_error_t *err);

/* Readable when the worker has something for the app. */
int tui_loader_fd(const tui_loader_t *l);

/* Hand what arrived to APP. True when the worker has finished (the loader
 * can be freed). */
bool tui_loader_poll(tui_loader_t *l, tui_app_t *app);

#endif
