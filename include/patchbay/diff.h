/* diff.h: facts about the diff of a patch mail, computed with libgit2. */
#ifndef PB_DIFF_H
#define PB_DIFF_H

#include <stddef.h>
#include <talloc.h>

#include "patchbay/error.h"

typedef struct pb_diffstat {
	unsigned files;
	unsigned added;
	unsigned removed;
} pb_diffstat_t;

/* Initialise libgit2 once per process (idempotent, thread-safe; waits for an
 * initialisation pb_git_init_async() started). */
void pb_git_init(void);

/* Start initialising libgit2 on a thread of its own. Debian's libgit2
 * parses the whole CA bundle at init (some 10 ms) though patchbay never
 * talks TLS; programs start this first and overlap it with work that needs
 * no libgit2 (opening notmuch, loading the cache, starting the screen).
 * A program that started it must call pb_git_init() before it ends: the
 * libraries libgit2 starts (OpenSSL) register exit handlers on that
 * thread, and those run before any handler registered earlier, tearing
 * their locks down under a thread still initialising. */
void pb_git_init_async(void);

/* Patch-id of DIFF, equal to `git patch-id --stable` (libgit2's
 * git_diff_patchid). Plain unified diffs without "diff --git" headers are
 * given one first. out[41] gets lower-case hex. PB_ERR_PARSE when libgit2
 * cannot parse the diff. */
int pb_diff_patch_id(char out[41], const char *diff, pb_error_t *err);

/* Patch-id (when PID is non-NULL) and diffstat (when STAT is non-NULL) from
 * one parse of DIFF. */
int pb_diff_analyze(char pid[41], pb_diffstat_t *stat, const char *diff, pb_error_t *err);

/* Counts of files, added and removed lines, from the parsed diff. */
int pb_diff_stat(pb_diffstat_t *out, const char *diff, pb_error_t *err);

/* DIFF with "diff --git" headers added where a plain unified diff lacks
 * them; returns DIFF itself (not a copy) when nothing was needed. */
const char *pb_diff_gitify(TALLOC_CTX *mem_ctx, const char *diff);

#endif
