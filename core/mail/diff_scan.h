/* diff_scan.h: the shapes of diff text, read the same way by every
 * module of core/ (the mail anatomy, the diff handed to libgit2, the
 * record, the patch view's lines, the checks, the interdiff; the list is
 * in docs/design.md). Private: not under include/. No allocation. */
#ifndef PB_CORE_DIFF_SCAN_H
#define PB_CORE_DIFF_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a hunk header line is. */
typedef enum {
	_PB_HUNK_NONE,   /* not a hunk header */
	_PB_HUNK_PLAIN,  /* "@@ -a[,b] +c[,d] @@[ text]", as git writes it */
	_PB_HUNK_TRIPLE  /* "@@@ -a[,b] +c[,d] @@..." of hand-made patches:
			  * b4 and the anatomy take it, git apply does not */
} _pb_hunk_t;

/* Read the hunk header at L, a line of LEN bytes (SIZE_MAX: up to the
 * first newline or NUL). Counts that are left out are 1, as in git;
 * numbers are digits only. *OLD_N and *NEW_N are set for a header and
 * left alone otherwise. */
_pb_hunk_t _pb_diff_hunk(const char *l, size_t len, long *old_n, long *new_n);

/* Does a diff start at L, the start of a line (NUL-terminated text), by
 * the rule of _pb_diff_start below? For readers that walk the lines
 * themselves. */
bool _pb_diff_starts_at(const char *l);

/* The first line of TEXT (NUL-terminated; NULL: none) where a diff
 * starts, or NULL: "diff --git "; "diff -" or "Index: " with a ---/+++
 * pair within six lines (diff -u, CVS, SVN); or a ---/+++ pair followed
 * by a hunk header. A pointer into TEXT. */
const char *_pb_diff_start(const char *text);

/* What a line of a diff outside its hunks is: the file headers of git
 * and of other tools, and the lines of a binary patch. */
typedef enum {
	_PB_META_NONE,        /* none of these: text, or a diff's end */
	_PB_META_GIT,         /* "diff --git ": a git file header starts */
	_PB_META_FOREIGN,     /* what other tools write around a file: "diff -...",
			       * "Index: ", 17 or more '=', "RCS file: ",
			       * "retrieving revision " (diff -u, CVS, SVN) */
	_PB_META_EXTENDED,    /* git's extended header: "index ", modes, similarity,
			       * rename, copy */
	_PB_META_OLD,         /* "--- " */
	_PB_META_NEW,         /* "+++ " */
	_PB_META_BINARY,      /* "Binary files ", "GIT binary patch" */
	_PB_META_BINARY_DATA  /* "literal ", "delta ": a binary patch's blocks */
} _pb_diff_meta_t;

/* What L, a line of LEN bytes (SIZE_MAX: up to the first newline or NUL),
 * is outside a hunk. A prefix test: the caller knows it is not inside a
 * hunk, where "--- " is a deleted line. */
_pb_diff_meta_t _pb_diff_meta(const char *l, size_t len);

/* What a file header's "--- " or "+++ " line names. */
typedef enum {
	_PB_PATH_NONE,  /* not a ---/+++ line */
	_PB_PATH_FILE,  /* a path (it may be empty) */
	_PB_PATH_NULL   /* /dev/null: the file is created or deleted */
} _pb_diff_path_t;

/* The path that L, a "--- " or "+++ " line of LEN bytes (SIZE_MAX: up to
 * the first newline or NUL), names: up to a tab (diff -u's date) or the
 * line's end, trailing spaces dropped, and an "a/" or "b/" in front
 * dropped when a name follows it. *PATH (pointing into L) and *PLEN are
 * set unless _PB_PATH_NONE; for /dev/null they are "/dev/null". Git's
 * quoted names ("\"a/x y\"") are not unquoted: no reader of core/ did.
 * Paths of diff -u with a leading folder of their own ("linux.orig/x")
 * keep it. */
_pb_diff_path_t _pb_diff_file_path(const char *l, size_t len, const char **path, size_t *plen);

#endif
