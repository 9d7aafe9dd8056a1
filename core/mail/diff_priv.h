/* diff_priv.h: reading diff text with libgit2, for core/ modules. */
#ifndef PB_CORE_DIFF_PRIV_H
#define PB_CORE_DIFF_PRIV_H

#include <stddef.h>

#include <git2.h>

/* git_diff_from_buffer(), refusing a diff libgit2 reads with a file
 * without a path (a broken "diff --git a/x bFrom" header, say): libgit2's
 * own functions take the paths as strings and crash on one (stats do).
 * 0, or -1 with nothing in *OUT. Every diff text core/ reads from mail
 * comes through here. */
int _pb_git_diff_from_buffer(git_diff **out, const char *text, size_t len);

#endif
