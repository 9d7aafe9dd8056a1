/* apply.h: apply a series to a topic branch with libgit2, atomically.
 *
 * Each patch is applied to a tree in memory (git_apply_to_tree) and
 * committed: author and date from the mail (in-body From wins; DMARC and
 * B4 Relay senders resolved), committer from git config, message = title
 * + body + the collected trailers (am.h: b4's custody order,
 * patchbay.trailerOrder, Link:, Signed-off-by). When a hunk does not apply
 * and the patch's "index" lines name preimage blobs the repository has,
 * a three-way merge of file contents (git_merge_trees) is tried, as
 * `git am -3` does; conflicts are reported, never committed.
 *
 * Nothing is half done: every object is written to an in-memory object
 * store first; only when every patch applied are the new ones written to
 * the repository, and the branch moves in one ref update with a
 * reflog message (guarded by its old value). On any failure the refs, the
 * index, the work tree and the object store are as they were. A branch
 * that is checked out is updated, with its work tree, only when that work
 * tree is clean. pb_apply_undo() puts a branch back where the reflog
 * says it was before patchbay moved it. */
#ifndef PB_APPLY_H
#define PB_APPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <talloc.h>

#include "patchbay/am.h"
#include "patchbay/conf.h"
#include "patchbay/error.h"
#include "patchbay/index.h"
#include "patchbay/series.h"

typedef enum {
	PB_BASE_GIVEN,  /* opts.base */
	PB_BASE_COMMIT, /* the series' base-commit:, which the repository has */
	PB_BASE_TARGET, /* opts.target (git config patchbay.target) */
	PB_BASE_HEAD    /* HEAD */
} pb_base_source_t;

typedef struct pb_apply_opts {
	const char *repo_path;   /* NULL: the current directory */
	const char *branch;      /* topic branch, without refs/heads/ */
	const char *base;        /* any revision; NULL: see pb_base_source_t */
	const char *target;      /* git config patchbay.target, or NULL */
	int version;             /* 0: the latest */
	const char *patches;     /* "1,3-5"; NULL: all */
	pb_am_opts_t am;         /* trailer options (version and patches unused) */
	bool signoff;            /* add the committer's Signed-off-by */
	const pb_person_t *committer; /* NULL: GIT_COMMITTER_NAME/EMAIL, else user.* */
	bool dry_run;            /* apply and commit in memory only */
	bool force;              /* replace a branch that would not fast-forward */
	bool no_three_way;       /* fail at the first hunk that does not apply */
	const char *merge_into;  /* also merge the topic into this branch */
	const char *merge_linkmask; /* Link: of the merge; NULL: am.linkmask, else
				     * https://patch.msgid.link/%s */
	bool merge_signoff;      /* Signed-off-by in the merge message */
} pb_apply_opts_t;

/* The options the repository's git config gives: target (patchbay.target),
 * am.linkmask (patchbay.linkmask), am.trailer_order
 * (patchbay.trailerOrder), signoff (patchbay.signoff, false),
 * merge_signoff (patchbay.mergeSignoff, true) and am.carried
 * (patchbay.carryTrailers, false). The other fields are left as they are.
 * Strings live as long as CONF. */
void pb_apply_opts_load(pb_apply_opts_t *o, pb_conf_t *conf);

typedef struct pb_applied {
	int index;          /* n of n/N */
	char *msgid;
	char *title;
	char commit[41];    /* the new commit; "" when not (yet) applied */
	bool three_way;     /* needed the three-way merge */
} pb_applied_t;

typedef struct pb_apply_result {
	char *series_id;    /* the series (pb_index_find finds it again) */
	int version;
	char *cover_msgid;  /* NULL when the version has no cover letter */
	pb_base_source_t base_source;
	char base[41];
	char *base_desc;    /* which base was used and why, for the screen */
	char *repo_path;
	char *branch;       /* refs/heads/NAME */
	char old_id[41];    /* the branch before ("" when it was new) */
	char new_id[41];    /* after ("" when nothing moved) */
	pb_applied_t *patches; /* the selected patches, in order */
	size_t n_patches;
	size_t n_applied;
	bool worktree_updated;
	char *recovered;    /* what a killed apply had left in the work tree and
			     * was put back first, or NULL */
	char *merge_branch; /* refs/heads/NAME of the merge, or NULL */
	char merge_old[41], merge_id[41];
	/* what failed (failed < 0: nothing) */
	int failed;         /* position in patches[] of the patch that failed */
	char *failed_file;
	int failed_hunk;    /* 1-based; 0 when the file as a whole failed */
	int failed_hunks;   /* hunks of that file */
	char *failed_hunk_header; /* "@@ -3,6 +3,12 @@ ..." */
	char **conflicts;   /* files the three-way merge left in conflict */
	size_t n_conflicts;
	char *summary;      /* one line for the screen: what happened */
} pb_apply_result_t;

/* Apply the chosen version of S to opts->branch. *out is always set (NULL
 * only when out of memory), failure or not; its summary says what
 * happened. A branch that exists must fast-forward to the new commits
 * (give base = the branch to add to it) unless opts->force.
 * PB_ERR_CONFLICT: a patch did not apply (failed, failed_file, ...);
 * PB_ERR_REFUSED: it would lose work (dirty work tree, a branch that does
 * not fast-forward, files in the way); PB_ERR_NOTFOUND: no such base,
 * version or patches. Nothing changed in any of these cases. */
pb_status_t pb_apply_series(TALLOC_CTX *mem_ctx, pb_apply_result_t **out, pb_index_t *idx, const pb_series_t *s,
			    const pb_apply_opts_t *opts, pb_error_t *err);

/* What pb_apply_batch() did. Everything is on the MEM_CTX it was given. */
typedef struct pb_apply_batch {
	pb_apply_result_t **results; /* one for each series tried, in the order
				      * tried; the last is the one that failed,
				      * when one did */
	size_t n_results;
	size_t n_applied;   /* the first n_applied results applied */
	bool mark_failed;   /* the last applied, but its mail could not be
			     * tagged applied (pb_apply_mark) */
	const char *summary; /* one line for the screen; never NULL */
} pb_apply_batch_t;

/* Apply the latest version of each of N series (IDS: series ids or any
 * Message-ID of theirs) to OPTS->branch, one on top of the other: oldest
 * posting first, a series after those of the batch it depends on. Each
 * goes on the branch as the one before left it (base: the branch; a base
 * in OPTS serves the first only, when the branch does not exist yet), all
 * or nothing as pb_apply_series(), and is tagged applied
 * (pb_apply_mark). The batch stops at the first series that does not
 * apply or cannot be tagged; those before it stay applied, and
 * pb_apply_undo() puts them back one call each, the last first.
 * OPTS->version, patches, dry_run and merge_into are for one series:
 * PB_ERR_USAGE here, as are two ids of one series. *OUT is always set
 * (NULL only when out of memory). No refresh (store.h). */
pb_status_t pb_apply_batch(TALLOC_CTX *mem_ctx, pb_apply_batch_t **out, pb_index_t *idx, const char *const *ids,
			   size_t n, const pb_apply_opts_t *opts, pb_error_t *err);

/* The commit message patch P (mail M) gets: what pb_apply_series writes. */
pb_status_t pb_apply_commit_message(TALLOC_CTX *mem_ctx, char **out, const pb_patch_t *p, const pb_mail_t *m,
				    const pb_am_opts_t *am);

/* Branch name from FORMAT: %a author (local part of the e-mail), %s title
 * (lower case, words joined by '-'), %v version, %n number of patches,
 * %d date (YYYYMMDD), %% a '%'. NULL FORMAT: "topic/%a/%s-v%v". */
char *pb_apply_branch_name(TALLOC_CTX *mem_ctx, const char *format, const pb_series_t *s, const pb_version_t *v);

/* Tag the messages of R's applied patches and its cover with
 * PB_TAG_APPLIED, so the series shows as applied once the index is
 * refreshed (pb_index_refresh: the caller's step, see store.h; until then
 * the series it holds stay valid). */
pb_status_t pb_apply_mark(pb_index_t *idx, const pb_apply_result_t *r, pb_error_t *err);

typedef struct pb_unmark_result {
	size_t n_told;          /* "applied" notifications already sent ... */
	int64_t told_date;      /* ... the first one's date ... */
	char *told_msgid;       /* ... and Message-ID (on MEM_CTX), or NULL */
} pb_unmark_result_t;

/* Untag version VERSION of the series with a message SERIES_MSGID (after
 * an undo), and tag the "applied" notifications already sent for it
 * PB_TAG_UNDONE, so that it shows as not applied; *OUT (may be NULL) says
 * whether the author was told, so the front end can say so. No refresh
 * either. */
pb_status_t pb_apply_unmark(TALLOC_CTX *mem_ctx, pb_unmark_result_t *out, pb_index_t *idx, const char *series_msgid,
			    int version, pb_error_t *err);

typedef struct pb_undo_result {
	char *branch;       /* refs/heads/NAME */
	char from[41];      /* where it was */
	char to[41];        /* where it is now ("" when it was deleted) */
	bool deleted;       /* patchbay had created it: it is gone again */
	bool worktree_updated;
	char *undone;       /* the reflog message of what was undone */
	char *series_msgid; /* the series that apply named, or NULL */
	int version;        /* and its version (0 when not named) */
} pb_undo_result_t;

/* Put BRANCH back where it was before patchbay's last apply or merge moved
 * it, as its reflog says. Refused when the branch moved since, when the
 * last move was not patchbay's, or when it is checked out with a dirty
 * work tree. */
pb_status_t pb_apply_undo(TALLOC_CTX *mem_ctx, pb_undo_result_t **out, const char *repo_path, const char *branch,
			  pb_error_t *err);

#endif
