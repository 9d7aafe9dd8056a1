/* interdiff_priv.h: helpers shared by interdiff.c and interdiff_tree.c. */
#ifndef PB_INTERDIFF_PRIV_H
#define PB_INTERDIFF_PRIV_H

#include <git2.h>

#include "patchbay/interdiff.h"

/* A growing list of lines; v is a talloc child of the list's context. */
typedef struct _pb_lines {
	TALLOC_CTX *ctx;
	pb_idiff_line_t *v;
	size_t n, cap;
} _pb_lines_t;

/* Append a line; TEXT (LEN bytes, no newline) is copied. */
int _pb_lines_add(_pb_lines_t *l, pb_idiff_role_t role, pb_idiff_inner_t inner, const char *text,
		  size_t len);

/* Parse a diff text with libgit2 (plain unified diffs get git headers). */
int _pb_interdiff_parse(TALLOC_CTX *ctx, git_diff **out, const char *diff, pb_error_t *err);

/* Diff options with the indent heuristic git uses by default. */
void _pb_interdiff_diff_opts(git_diff_options *o, int context);

#endif
