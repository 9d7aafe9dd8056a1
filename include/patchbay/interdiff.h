/* interdiff.h: what changed between two versions of a series, from the
 * mails alone.
 *
 * Pairing follows `git range-diff`: every patch becomes a text (author,
 * commit message, diff without line numbers); the cost of pairing two
 * patches is the size of the diff between their texts; patches with equal
 * patch-id pair at no cost; leaving a patch unpaired costs its own size
 * times the creation factor (60% by default); an assignment of least total
 * cost decides. Every diff is made by libgit2 (git_patch_from_buffers).
 *
 * The tree interdiff (opts.tree) is what `git format-patch
 * --interdiff` writes in a cover letter: the difference between the trees
 * the two versions produce. Without a base tree, the base is rebuilt from
 * the lines the patches quote (context and removed lines at their line
 * numbers); lines no patch quotes stay unknown, so hunks only show lines
 * the mails hold. Each version is applied with libgit2's git_apply_to_tree
 * to the rebuilt base in an in-memory repository. */
#ifndef PB_INTERDIFF_H
#define PB_INTERDIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <talloc.h>

#include "patchbay/error.h"
#include "patchbay/index.h"
#include "patchbay/mail.h"
#include "patchbay/series.h"

typedef enum {
	PB_PAIR_UNCHANGED, /* equal patch-id (the commit message may still differ) */
	PB_PAIR_CHANGED,   /* paired, diff differs */
	PB_PAIR_ADDED,     /* only in the newer version */
	PB_PAIR_DROPPED,   /* only in the older version */
	PB_PAIR_COUNT
} pb_pair_status_t;

/* "unchanged", "changed", "added", "dropped" */
const char *pb_pair_status_name(pb_pair_status_t st);

/* Role of a line between the two versions (the outer diff). */
typedef enum {
	PB_IDIFF_HEADER,  /* outer hunk header: "@@ Commit message", "@@ path: func";
			   * in a tree interdiff also "diff --git", "---", "+++" */
	PB_IDIFF_CONTEXT, /* the same in both versions */
	PB_IDIFF_OLD,     /* only in the older version */
	PB_IDIFF_NEW      /* only in the newer version */
} pb_idiff_role_t;

/* What the line is inside the patch text (the inner level). */
typedef enum {
	PB_IDIFF_IN_NONE,    /* tree interdiff lines and outer headers */
	PB_IDIFF_IN_META,    /* " ## Metadata ##", "Author: ..." */
	PB_IDIFF_IN_MESSAGE, /* " ## Commit message ##" and message lines */
	PB_IDIFF_IN_FILE,    /* " ## path ##" */
	PB_IDIFF_IN_HUNK,    /* "@@ func" */
	PB_IDIFF_IN_CONTEXT, /* ' ' line of the patch */
	PB_IDIFF_IN_ADDED,   /* '+' line of the patch */
	PB_IDIFF_IN_REMOVED  /* '-' line of the patch */
} pb_idiff_inner_t;

typedef struct pb_idiff_line {
	pb_idiff_role_t role;
	pb_idiff_inner_t inner;
	const char *text; /* the line as shown after the outer marker (no newline);
			   * for a tree interdiff the whole diff line */
} pb_idiff_line_t;

typedef struct pb_idiff_pair {
	pb_pair_status_t status;
	int old_pos, new_pos;         /* 1-based position in each version; 0: absent */
	const pb_patch_t *old_patch;  /* NULL when absent (or for pb_interdiff_mails) */
	const pb_patch_t *new_patch;
	const char *old_title, *new_title;       /* NULL when absent */
	const char *old_patch_id, *new_patch_id; /* NULL when absent or no diff */
	bool message_changed;         /* author or commit message differs */
	bool diff_changed;            /* the diff differs (patch-ids differ) */
	unsigned cost;                /* pairing cost (0 for equal patch-ids) */
	pb_idiff_line_t *lines;       /* diff of the patch texts, range-diff style;
				       * none for an unchanged pair with equal message */
	size_t n_lines;
} pb_idiff_pair_t;

typedef struct pb_interdiff {
	const pb_version_t *from, *to; /* NULL for pb_interdiff_mails */
	pb_idiff_pair_t *pairs;         /* in the newer version's order, dropped
					 * patches where they stood */
	size_t n_pairs;
	unsigned counts[PB_PAIR_COUNT];
	unsigned n_message_only;        /* unchanged pairs (equal patch-id) whose
					 * author or commit message (trailers
					 * included) changed */
	/* the tree interdiff, when opts.tree */
	bool has_tree;
	pb_idiff_line_t *tree;
	size_t n_tree;
	char *tree_text;                /* the same as one text, "diff --git" form */
	char **skipped;                 /* files the tree interdiff could not rebuild,
					 * each "path: reason" */
	size_t n_skipped;
} pb_interdiff_t;

typedef struct pb_interdiff_opts {
	int creation_factor; /* percent; 0: 60 as git range-diff */
	int context;         /* context lines of shown diffs; 0: 3; -1: none */
	bool tree;           /* also compute the tree interdiff */
	bool no_lines;       /* pair only: no diff lines (cheap, e.g. for checks) */
} pb_interdiff_opts_t;

/* Compare two versions of a series; the mails are read through IDX. */
pb_status_t pb_interdiff_versions(TALLOC_CTX *mem_ctx, pb_interdiff_t **out, pb_index_t *idx,
				  const pb_version_t *from, const pb_version_t *to,
				  const pb_interdiff_opts_t *opts, pb_error_t *err);

/* Compare two lists of parsed patch mails (in series order). Mails without
 * a diff take part with their message only. */
pb_status_t pb_interdiff_mails(TALLOC_CTX *mem_ctx, pb_interdiff_t **out, const pb_mail_t *const *a,
			       size_t na, const pb_mail_t *const *b, size_t nb,
			       const pb_interdiff_opts_t *opts, pb_error_t *err);

/* The patch text a pair's diff is made of: " ## Metadata ##", author,
 * " ## Commit message ##", the message indented by four, then per file
 * " ## path ##" and its hunks with "@@ func" headers (no line numbers). */
pb_status_t pb_interdiff_patch_text(TALLOC_CTX *mem_ctx, char **out, const pb_mail_t *m, pb_error_t *err);

/* Only the tree interdiff of two lists of patch diffs (each a diff text, in
 * order). Fills has_tree, tree, tree_text and skipped of a new result. */
pb_status_t pb_interdiff_tree(TALLOC_CTX *mem_ctx, pb_interdiff_t **out, const char *const *a, size_t na,
			      const char *const *b, size_t nb, const pb_interdiff_opts_t *opts,
			      pb_error_t *err);

/* Least-cost assignment on a square N x N matrix COST (row-major,
 * cost[r * n + c] >= 0): out[r] is the column given to row r. Hungarian
 * method with potentials, O(n^3). */
pb_status_t pb_interdiff_assign(TALLOC_CTX *mem_ctx, int *out, const int *cost, size_t n);

/* The counts in words, a new string on MEM_CTX: "3 unchanged (1 with a
 * new commit message), 1 changed, 0 added, 0 dropped". */
char *pb_interdiff_counts(TALLOC_CTX *mem_ctx, const pb_interdiff_t *d);

/* Write the result as text, git range-diff style (and the tree interdiff
 * after it). A new string. */
char *pb_interdiff_format(TALLOC_CTX *mem_ctx, const pb_interdiff_t *d);

#endif
