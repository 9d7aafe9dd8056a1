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

/* Patch-id (when PID is non-NULL) and diffstat (when STAT is non-NULL:
 * files, added and removed lines) from one parse of DIFF. The patch-id
 * equals `git patch-id --stable` (libgit2's git_diff_patchid); plain
 * unified diffs without "diff --git" headers are given one first; pid[41]
 * gets lower-case hex. PB_ERR_PARSE when libgit2 cannot parse the diff.
 * Scratch memory goes under MEM_CTX and is freed before it returns: with a
 * context of its own thread's, it is safe on any thread (the index's parse
 * workers call it). */
pb_status_t pb_diff_analyze(TALLOC_CTX *mem_ctx, char pid[41], pb_diffstat_t *stat, const char *diff, pb_error_t *err);

/* pb_diff_analyze(), and (when PATHS is non-NULL) the paths of the files
 * the diff touches, old and new names, sorted, unique, one a line, in a
 * string on MEM_CTX (the caller's; NULL when the diff does not parse). */
pb_status_t pb_diff_analyze_paths(TALLOC_CTX *mem_ctx, char pid[41], pb_diffstat_t *stat, char **paths,
				  const char *diff, pb_error_t *err);

/* DIFF with "diff --git" headers added where a plain unified diff lacks
 * them; returns DIFF itself (not a copy) when nothing was needed. */
const char *pb_diff_gitify(TALLOC_CTX *mem_ctx, const char *diff);

#endif
