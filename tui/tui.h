/* tui.h: what the command line needs of the TUI. */
#ifndef PB_TUI_H
#define PB_TUI_H

#include "patchbay/conf.h"
#include "patchbay/index.h"

typedef struct tui_run_opts {
	pb_index_opts_t index;  /* the database (progress/partial are the TUI's) */
	const char *query;      /* the series list's first query (NULL: all) */
	pb_conf_t *conf;        /* git config: keymap, colours */
	const char *repo_path;  /* the repository of this run (--demo); NULL:
				 * patchbay.repo, else the current one */
	double t0;              /* when patchbay started (tui_now() clock), for the bench */
	const char *import_file; /* -f FILE: read again on refresh when it changed
				  * (into index.db_path, under index.cache_dir) */
} tui_run_opts_t;

/* Run the TUI until the user quits. Returns an exit status. */
int tui_run(const tui_run_opts_t *opts);

/* `patchbay --dump-keys` (keymap.c). */
int tui_dump_keys(pb_conf_t *conf);

/* Seconds on the monotonic clock (util.c). */
double tui_now(void);

#endif
