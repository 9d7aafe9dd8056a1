/* cli.h: what the subcommands share. Every command is a function in the
 * commands[] table of main.c; each calls the same core functions the TUI
 * calls. Exit status: 0 done, 1 not found, 2 bad usage or unreadable input. */
#ifndef PB_CLI_H
#define PB_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <talloc.h>

#include "patchbay/conf.h"
#include "patchbay/index.h"
#include "patchbay/reply.h"

enum { EXIT_OK = 0, EXIT_NOTFOUND = 1, EXIT_USAGE = 2, EXIT_FAILED = 3 };

typedef struct cli {
	TALLOC_CTX *ctx;
	const char *argv0;
	const char *db_path;        /* --db */
	const char *file;           /* -f */
	const char *notmuch_config; /* --notmuch-config */
	const char *cache_dir;      /* --cache-dir */
	bool no_cache;
	bool quiet;
	const char *repo_path;      /* the repository of this run (--demo sets it) */
	bool demo;                  /* --demo: the demo archive is the database */
	pb_conf_t *conf;            /* git config (lazily opened) */
} cli_t;

typedef struct command {
	const char *name;
	int (*run)(cli_t *cli, int argc, char **argv);
	const char *args;
	const char *summary;
} command_t;

/* git config patchbay.scope where it applies: the user's own notmuch
 * database only; a file opened with -f and the demo archive are read whole. */
const char *cli_scope(cli_t *cli);

/* git config patchbay.tagPrefix (review.h), or NULL: the default. */
const char *cli_tag_prefix(cli_t *cli);

/* Open the index the global options name; prints the error and returns an
 * exit code on failure (0 on success). */
int cli_open_index(cli_t *cli, pb_index_t **out);

/* When git config patchbay.target names a branch of the repository
 * (patchbay.repo, --demo's, else the current directory's), keep IDX's
 * model marked with the series found in it (target.h): their review
 * state is accepted. A target that cannot be read is said on stderr and
 * marks nothing. And the snoozes on a git tag (review.h) are woken by
 * the tags of that repository (wake.h), whether a target is set or not. */
void cli_attach_target(cli_t *cli, pb_index_t *idx);

/* The series of the notmuch query ARGV[FIRST..] (words joined; none: git
 * config patchbay.query, else all), the index opened (target attached);
 * the error printed as "patchbay CMD: ..." (CMD NULL: "patchbay: ...").
 * Returns an exit code. */
int cli_open_query(cli_t *cli, const char *cmd, int argc, char **argv, int first, pb_index_t **idx,
		   pb_series_t ***res, size_t *n);

/* Find SERIES by a Message-ID of any of its messages; prints the error. */
int cli_find_series(cli_t *cli, pb_index_t *idx, const char *id, pb_series_t **s);

/* Exit code for a core status. */
int cli_exit_code(int status);

/* git config (never NULL after the first call; empty if unreadable). */
pb_conf_t *cli_conf(cli_t *cli);

/* Print text made inert (no control characters reach the terminal). */
void cli_puts_safe(FILE *out, const char *s);

/* Every byte patchbay writes passes one of these three, so that nothing a
 * mail carries (escape sequences, C1 controls, bidi overrides) reaches a
 * terminal as it is:
 *  - cli_write: TEXT (LEN bytes) exactly as it is into a file or a pipe
 *    (a message, an mbox for git am), made inert when OUT is a terminal;
 *  - cli_errorf: a message for the user on stderr, always inert;
 *  - cli_puts_safe: text for the user on OUT, always inert. */
void cli_write(FILE *out, const char *text, size_t len);
void cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Is PATH a terminal (/dev/tty, /dev/pts/N)? Then cli_write it there. */
bool cli_is_terminal(const char *path);

/* TEXT made inert and fitted to exactly COLS terminal columns (wide
 * characters count two; nothing is cut inside a character); new on CTX. */
char *cli_column(TALLOC_CTX *ctx, const char *text, size_t cols);

/* "3 days" style age of T relative to now. */
const char *cli_age(TALLOC_CTX *ctx, long long t);

/* Does ARGV hold --help or -h? Then print USAGE and return true. */
/* --trailer ARG of patchbay CMD: one 'Name: value' line, appended to
 * *EXTRA (NULL-terminated, *N entries, under cli->ctx; ARG is kept, not
 * copied). False, and the error printed, when ARG is not one trailer. */
bool cli_add_trailer(cli_t *cli, const char *cmd, const char ***extra, size_t *n, const char *arg);

bool cli_wants_help(int argc, char **argv, const char *usage);

/* What to do with a composed draft (reply, notify). */
enum { ACT_NONE, ACT_SEND, ACT_DRAFT, ACT_PRINT };

/* ACT_NONE on a terminal (ask), else ACT_PRINT; ACT unchanged otherwise. */
int cli_default_action(int act);

/* Send, keep or print D; ACT_NONE shows it and asks (send, edit, draft,
 * cancel). WHO prefixes messages. *sent (may be NULL) says whether it went
 * out. Returns an exit code. */
int cli_deliver_draft(cli_t *cli, pb_index_t *idx, pb_draft_t *d, int act, const char *who, bool *sent);

int cmd_list(cli_t *cli, int argc, char **argv);
int cmd_show(cli_t *cli, int argc, char **argv);
int cmd_am(cli_t *cli, int argc, char **argv);
int cmd_reply(cli_t *cli, int argc, char **argv);
int cmd_apply(cli_t *cli, int argc, char **argv);
int cmd_notify(cli_t *cli, int argc, char **argv);
int cmd_link(cli_t *cli, int argc, char **argv);
int cmd_unlink(cli_t *cli, int argc, char **argv);
int cmd_state(cli_t *cli, int argc, char **argv);
int cmd_queue(cli_t *cli, int argc, char **argv);
int cmd_searches(cli_t *cli, int argc, char **argv);
int cmd_raw(cli_t *cli, int argc, char **argv);
int cmd_sync(cli_t *cli, int argc, char **argv);
int cmd_interdiff(cli_t *cli, int argc, char **argv);
int cmd_check(cli_t *cli, int argc, char **argv);
int cmd_demo_gen(cli_t *cli, int argc, char **argv);

/* --demo: the demo archive in DIR (NULL: the default folder), made when it
 * is missing or incomplete, becomes the database of this run. Prints the
 * error and returns an exit code on failure (0 on success). */
int cli_demo(cli_t *cli, const char *dir);

#endif
