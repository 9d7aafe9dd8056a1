/* diff_scan.h: the shapes of diff text, read the same way by every
 * module of core/ (mail anatomy, the patch view's lines, the diff handed
 * to libgit2). Private: not under include/. No allocation. */
#ifndef PB_CORE_DIFF_SCAN_H
#define PB_CORE_DIFF_SCAN_H

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

/* The first line of TEXT (NUL-terminated; NULL: none) where a diff
 * starts, or NULL: "diff --git "; "diff -" or "Index: " with a ---/+++
 * pair within six lines (diff -u, CVS, SVN); or a ---/+++ pair followed
 * by a hunk header. A pointer into TEXT. */
const char *_pb_diff_start(const char *text);

#endif
