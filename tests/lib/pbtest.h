/* pbtest.h: helpers for patchbay's cmocka tests.
 *
 * Real parts only: notmuch databases are built with `notmuch new` in temp
 * dirs, git repositories with git, mail from ../shared/corpus (tests that
 * need it skip themselves when it is absent) or from the demo generator. */
#ifndef PB_TEST_H
#define PB_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <talloc.h>

#include "patchbay/index.h"

/* The corpus folder ($PB_CORPUS, else $PB_SRCDIR/../shared/corpus), or
 * NULL when it is not there. */
const char *pbt_corpus(void);

/* Skip the current test when the corpus is absent. */
#define PBT_NEED_CORPUS()                                                                       \
	do {                                                                                    \
		if (!pbt_corpus()) {                                                            \
			print_message("skipped: ../shared/corpus is not here\n");               \
			skip();                                                                 \
		}                                                                               \
	} while (0)

/* "$corpus/REL" (talloc'd on ctx). */
char *pbt_corpus_path(TALLOC_CTX *ctx, const char *rel);

/* A new empty temp dir; removed by pbt_cleanup() (and at exit). */
char *pbt_tmpdir(TALLOC_CTX *ctx);

/* Remove a tree (used for temp dirs). */
void pbt_rm_rf(const char *path);

/* How many files in DIR have a name that matches the shell PATTERN
 * (fnmatch(3); a leading dot matches only a dot in PATTERN); the path of
 * the last one read goes to *LAST (LAST may be NULL; *LAST is untouched
 * when none matches). 0 when DIR does not exist. */
int pbt_count_files(TALLOC_CTX *ctx, const char *dir, const char *pattern, char **last);

/* Read a file, or gunzip it when the name ends in .gz. Fails the test on error. */
char *pbt_read(TALLOC_CTX *ctx, const char *path, size_t *len);

/* Build a maildir from mbox files (or .eml/.gz single messages) in a temp
 * dir and index it with `notmuch new`. Returns the database path; a
 * notmuch config for it is at "<path>/.notmuch-config". NULL-terminated. */
char *pbt_notmuch_db(TALLOC_CTX *ctx, const char *const *files);

/* As pbt_notmuch_db with one file. */
char *pbt_notmuch_db1(TALLOC_CTX *ctx, const char *file);

/* Add messages from FILE to the maildir of DB and run `notmuch new`. */
void pbt_notmuch_add(const char *db, const char *file);

/* Run `notmuch new` on DB again. */
void pbt_notmuch_new(const char *db);

/* Open the index of DB with a private cache dir (CACHE may be NULL: no cache). */
pb_index_t *pbt_index(TALLOC_CTX *ctx, const char *db, const char *cache);

/* Run ARGV (argv[0] looked up in PATH), feeding STDIN_DATA (may be NULL).
 * Captures stdout/stderr (either may be NULL). Returns the exit status. */
int pbt_run(TALLOC_CTX *ctx, char **out, char **err, const char *stdin_data, const char *const *argv);

/* Run ARGV on a new pseudo-terminal (stdin, stdout and stderr, 80x24), as
 * from an interactive shell; *OUT is everything it wrote there. Returns the
 * exit status. */
int pbt_run_pty(TALLOC_CTX *ctx, char **out, const char *const *argv);

/* Run a shell command line (for setting up git repos); fails the test when
 * it exits non-zero. printf-style. */
void pbt_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The patchbay binary under test ($PATCHBAY, else ./patchbay). */
const char *pbt_patchbay(void);

/* Fail unless HAYSTACK contains NEEDLE (with a readable message). */
#define pbt_assert_contains(haystack, needle)                                                   \
	_pbt_assert_contains((haystack), (needle), __FILE__, __LINE__)
void _pbt_assert_contains(const char *h, const char *n, const char *file, int line);
#define pbt_assert_not_contains(haystack, needle)                                               \
	_pbt_assert_not_contains((haystack), (needle), __FILE__, __LINE__)
void _pbt_assert_not_contains(const char *h, const char *n, const char *file, int line);

/* Fixed environment for every test: TZ, LANG, HOME and XDG dirs in a temp
 * dir, git identity. Call at the start of main(). */
void pbt_setup_env(void);

/* Everything a series set says, as text: every series, version, patch,
 * trailer (with flags), dependency, the replies of each version and where
 * every message of RECS (N of them) is found. Two sets built from the same
 * records give the same text exactly when they are the same model. */
char *pbt_dump_set(TALLOC_CTX *ctx, const pb_series_set_t *set, const pb_msgrec_t *recs, size_t n);

/* Leak check: the talloc tree of ctx has no children left. */
void pbt_assert_no_leaks(TALLOC_CTX *ctx);

#endif
