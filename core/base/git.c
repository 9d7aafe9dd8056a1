/* git.c: libgit2 for the whole process, and opening a repository: the
 * one place core/ does either. */
#include <stdbool.h>
#include <string.h>

#include <pthread.h>

#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

#include "core/base/git_priv.h"

static pthread_once_t git_once = PTHREAD_ONCE_INIT;
/* the thread pb_git_init_async() started, joined by the first waiter so
 * that its thread-local state (OpenSSL's error queue) is gone too */
static pthread_mutex_t init_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_t init_thread;
static bool init_thread_live;

static void git_init_once(void)
{
	git_libgit2_init();
}

void pb_git_init(void)
{
	pthread_once(&git_once, git_init_once);
	pthread_mutex_lock(&init_mu);
	if (init_thread_live) {
		pthread_join(init_thread, NULL);
		init_thread_live = false;
	}
	pthread_mutex_unlock(&init_mu);
}

static void *git_init_thread(void *arg)
{
	(void)arg;
	pthread_once(&git_once, git_init_once);
	return NULL;
}

void pb_git_init_async(void)
{
	pthread_mutex_lock(&init_mu);
	if (!init_thread_live && pthread_create(&init_thread, NULL, git_init_thread, NULL) == 0)
		init_thread_live = true;
	pthread_mutex_unlock(&init_mu);
	/* no thread: pb_git_init() does it when it is first needed */
}

static int repo_destructor(_pb_repo_t *h)
{
	if (h->odb)
		git_odb_free(h->odb);
	if (h->repo)
		git_repository_free(h->repo);
	return 0;
}

int _pb_repo_open(TALLOC_CTX *ctx, _pb_repo_t **out, const char *path, pb_error_t *err)
{
	_pb_repo_t *h = talloc_zero(ctx, _pb_repo_t);
	if (!h)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	talloc_set_destructor(h, repo_destructor);
	pb_git_init();
	if (git_repository_open_ext(&h->repo, path && *path ? path : ".", 0, NULL) < 0) {
		int rc = pb_error_git(err, "no git repository at %s", path && *path ? path : "the current directory");
		talloc_free(h);
		return rc == PB_ERR_GIT ? PB_ERR_NOTFOUND : rc;
	}
	*out = h;
	return PB_OK;
}

bool _pb_git_tag_name_ok(const char *name)
{
	int valid = 0;
	pb_git_init();
	if (!name || git_tag_name_is_valid(&valid, name) < 0) {
		git_error_clear();
		return false;
	}
	return valid != 0;
}

int _pb_repo_new_mem(TALLOC_CTX *ctx, _pb_repo_t **out, pb_error_t *err)
{
	git_odb_backend *mp = NULL;
	_pb_repo_t *h = talloc_zero(ctx, _pb_repo_t);
	if (!h)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	talloc_set_destructor(h, repo_destructor);
	pb_git_init();
	if (git_odb_new(&h->odb) < 0 || git_mempack_new(&mp) < 0) {
		int rc = pb_error_git(err, "cannot make an in-memory repository");
		if (mp)
			mp->free(mp);
		talloc_free(h);
		return rc;
	}
	if (git_odb_add_backend(h->odb, mp, 1) < 0) {
		int rc = pb_error_git(err, "cannot make an in-memory repository");
		mp->free(mp); /* not the odb's yet */
		talloc_free(h);
		return rc;
	}
	if (git_repository_new(&h->repo) < 0) {
		int rc = pb_error_git(err, "cannot make an in-memory repository");
		talloc_free(h);
		return rc;
	}
	git_repository_set_odb(h->repo, h->odb);
	*out = h;
	return PB_OK;
}

bool _pb_commit_patch_id(char out[GIT_OID_HEXSZ + 1], git_repository *repo, git_commit *c)
{
	git_commit *parent = NULL;
	git_tree *a = NULL, *b = NULL;
	git_diff *d = NULL;
	git_oid id;
	bool ok = git_commit_parentcount(c) == 1 && git_commit_parent(&parent, c, 0) == 0 &&
		  git_commit_tree(&a, parent) == 0 && git_commit_tree(&b, c) == 0 &&
		  git_diff_tree_to_tree(&d, repo, a, b, NULL) == 0 && git_diff_patchid(&id, d, NULL) == 0;
	if (ok)
		git_oid_tostr(out, GIT_OID_HEXSZ + 1, &id);
	git_diff_free(d);
	git_tree_free(a);
	git_tree_free(b);
	git_commit_free(parent);
	git_error_clear();
	return ok;
}

pb_status_t pb_repo_locate(TALLOC_CTX *mem_ctx, char **out, const char *path, pb_error_t *err)
{
	_pb_repo_t *h = NULL;
	const char *wd;
	size_t n;
	int rc;
	*out = NULL;
	if ((rc = _pb_repo_open(mem_ctx, &h, path, err)))
		return rc;
	wd = git_repository_workdir(h->repo);
	if (!wd)
		wd = git_repository_path(h->repo);
	n = strlen(wd);
	while (n > 1 && wd[n - 1] == '/')
		n--;
	*out = talloc_strndup(mem_ctx, wd, n);
	talloc_free(h);
	return *out ? PB_OK : pb_error_set(err, PB_ERR_NOMEM, "out of memory");
}
