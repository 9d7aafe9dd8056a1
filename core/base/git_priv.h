/* git_priv.h: opening a repository, the one way core/ does it (git.c).
 * Private: not under include/. */
#ifndef PB_CORE_GIT_PRIV_H
#define PB_CORE_GIT_PRIV_H

#include <stdbool.h>

#include <git2.h>
#include <talloc.h>

#include "patchbay/error.h"
#include "patchbay/git.h"

/* A repository as a talloc object: freeing it frees the handles. */
typedef struct _pb_repo {
	git_repository *repo;
	git_odb *odb;
	git_odb_backend *mem;     /* _pb_odb_mem; owned by odb once added */
} _pb_repo_t;

/* Open the repository at PATH (NULL or "": the current directory's),
 * found upward the way git finds it, with libgit2 initialised first.
 * *OUT is owned by CTX (free it to close the repository early).
 * PB_ERR_NOTFOUND, and ERR names PATH, when there is none. */
int _pb_repo_open(TALLOC_CTX *ctx, _pb_repo_t **out, const char *path, pb_error_t *err);

/* Would git take NAME as a tag's name (refs/tags/NAME a valid ref name,
 * not starting with "-": libgit2's git_tag_name_is_valid)? libgit2 is
 * initialised first. */
bool _pb_git_tag_name_ok(const char *name);

/* A repository with no files: objects live in memory (libgit2's mempack)
 * and go when *OUT is freed. *OUT is owned by CTX. */
int _pb_repo_new_mem(TALLOC_CTX *ctx, _pb_repo_t **out, pb_error_t *err);

/* The patch-id of commit C against its only parent, as git patch-id
 * --stable gives it, into OUT (41 bytes); false for a merge, a root
 * commit, or what cannot be read (libgit2's error cleared). */
bool _pb_commit_patch_id(char out[GIT_OID_HEXSZ + 1], git_repository *repo, git_commit *c);

#endif
