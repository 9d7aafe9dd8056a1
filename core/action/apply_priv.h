/* apply_priv.h: the pieces of apply.c that work on one patch or one
 * commit (apply_patch.c). Private: not under include/. */
#ifndef PB_CORE_APPLY_PRIV_H
#define PB_CORE_APPLY_PRIV_H

#include <stdbool.h>
#include <git2.h>
#include <talloc.h>

#include "patchbay/apply.h"
#include "core/base/git_priv.h"

/* Check out TO over FROM (commits): SAFE, or FORCE to roll back. */
int _pb_checkout(git_repository *repo, const git_oid *from, const git_oid *to, bool force, pb_error_t *err);

/* Move the checked-out branch REFNAME's work tree and index from FROM to
 * TO (commits), journaled (apply_worktree.c): refused (PB_ERR_REFUSED)
 * before any file is written when another git holds the index lock; put
 * back when the checkout fails. _pb_wt_done() once the branch has moved
 * (or the update was rolled back); until then a killed run is put back
 * by the next _pb_wt_recover(). */
int _pb_wt_update(TALLOC_CTX *ctx, git_repository *repo, const git_oid *from, const git_oid *to,
		  const char *refname, pb_error_t *err);
void _pb_wt_done(git_repository *repo);

/* PB_ERR_REFUSED (saying so) when another git holds REPO's index lock. */
int _pb_wt_unlocked(git_repository *repo, pb_error_t *err);

/* What a killed _pb_wt_update() left: put back when its branch did not
 * move. *NOTE (on CTX) says what was done, NULL when nothing was. */
int _pb_wt_recover(TALLOC_CTX *ctx, git_repository *repo, char **note, pb_error_t *err);

/* An object store in memory (odb_mem.c): added to an odb with the highest
 * priority, it keeps what is written; flushing writes those objects to
 * REPO's object store. */
int _pb_odb_mem_new(git_odb_backend **out);
int _pb_odb_mem_flush(git_odb_backend *b, git_repository *repo, pb_error_t *err);

/* Where a patch failed. */
typedef struct _pb_patch_fail {
	char *file;
	int hunk;           /* 1-based; 0: the file itself */
	int hunks;
	char *hunk_header;
	char **conflicts;
	size_t n_conflicts;
	char *why;          /* libgit2's words, or ours */
} _pb_patch_fail_t;

/* Apply DIFF (mail text) to TREE; *out gets the new tree's id (written to
 * the repository's object store, i.e. the in-memory one during an apply).
 * *three_way tells whether the three-way fallback was needed. On
 * PB_ERR_CONFLICT, FAIL says where. PB_ERR_PARSE: not a diff libgit2 reads. */
int _pb_apply_diff(TALLOC_CTX *ctx, git_oid *out, bool *three_way, _pb_patch_fail_t *fail, git_repository *repo,
		   git_tree *tree, const char *diff, bool allow_three_way, pb_error_t *err);

/* Clean a commit message as git does (stripspace): no trailing blanks,
 * no runs of blank lines, no leading or trailing blank lines, one final
 * newline. */
char *_pb_stripspace(TALLOC_CTX *ctx, const char *msg);

/* The author signature of mail M: in-body From and Date win. */
int _pb_author_sig(git_signature **out, const pb_mail_t *m, pb_error_t *err);

/* The committer: WHO, else GIT_COMMITTER_NAME/EMAIL, else the repository's
 * user.name/user.email; now. */
int _pb_committer_sig(git_signature **out, git_repository *repo, const pb_person_t *who, pb_error_t *err);

/* The merge message of a series, as b4 shazam writes it: Merge patch
 * series "TITLE", who says what (the cover text without its trailers),
 * Link: and Signed-off-by:. COVER may be NULL. */
char *_pb_merge_message(TALLOC_CTX *ctx, const char *title, const pb_mail_t *cover, const char *msgid,
			const char *linkmask, const git_signature *signoff, size_t n_patches);

/* A work tree that is not clean: the first path with changes, or NULL. */
int _pb_worktree_dirty(TALLOC_CTX *ctx, char **out, git_repository *repo, pb_error_t *err);

/* Would checking out NEW over OLD overwrite an untracked file? Its path. */
int _pb_worktree_in_the_way(TALLOC_CTX *ctx, char **out, git_repository *repo, git_tree *old_tree,
			    git_tree *new_tree, pb_error_t *err);

#endif
