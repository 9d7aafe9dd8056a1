/* wake.c: series snoozed until a git tag wake when it exists (wake.h). */
#include <string.h>

#include <git2.h>

#include "patchbay/review.h"
#include "patchbay/wake.h"
#include "core/base/git_priv.h"

struct pb_wake {
	char *repo_path;   /* as given; NULL: the current directory's */
	_pb_repo_t *repo;  /* NULL until a model first needs it */
	const char *path;  /* libgit2's, owned by the repository */
};

pb_status_t pb_wake_open(pb_wake_t **out, TALLOC_CTX *mem_ctx, const char *repo_path, pb_error_t *err)
{
	pb_wake_t *w = talloc_zero(mem_ctx, pb_wake_t);
	*out = NULL;
	if (!w || (repo_path && !(w->repo_path = talloc_strdup(w, repo_path)))) {
		talloc_free(w);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	*out = w;
	return PB_OK;
}

/* The repository, opened now if it was not. */
static pb_status_t repo(pb_wake_t *w, pb_error_t *err)
{
	pb_status_t rc;
	if (w->repo)
		return PB_OK;
	if ((rc = _pb_repo_open(w, &w->repo, w->repo_path, err)))
		return rc;
	w->path = git_repository_workdir(w->repo->repo);
	if (!w->path)
		w->path = git_repository_path(w->repo->repo);
	return PB_OK;
}

/* Is refs/tags/NAME in W now? (libgit2 reads the loose ref, or a
 * packed-refs file changed since, at each lookup: a tag made meanwhile
 * is seen.) */
static bool tag_exists(pb_wake_t *w, const char *name)
{
	git_reference *ref = NULL;
	char *full;
	bool found;
	if (!_pb_git_tag_name_ok(name) || !(full = talloc_asprintf(w, "refs/tags/%s", name)))
		return false;
	found = git_reference_lookup(&ref, w->repo->repo, full) == 0;
	if (ref)
		git_reference_free(ref);
	else
		git_error_clear();
	talloc_free(full);
	return found;
}

/* Does V's snooze wait for a git tag? */
static bool waits(const pb_version_t *v)
{
	return v->root && (v->root->rflags & PB_REC_SNOOZED) && v->root->snooze_tag;
}

pb_status_t pb_wake_mark(pb_wake_t *w, pb_series_set_t *set, size_t *reached, pb_error_t *err)
{
	size_t n = 0, waiting = 0;
	pb_status_t rc;
	if (reached)
		*reached = 0;
	for (size_t i = 0; i < set->n; i++) {
		for (size_t k = 0; k < set->v[i]->n_versions; k++) {
			pb_version_t *v = set->v[i]->versions[k];
			v->flags &= ~(unsigned)(PB_VER_TAG_CHECKED | PB_VER_TAG_REACHED);
			waiting += waits(v);
		}
	}
	/* (no snooze on a tag, no repository opened) */
	if (!waiting)
		return PB_OK;
	if ((rc = repo(w, err)))
		return rc;
	for (size_t i = 0; i < set->n; i++) {
		for (size_t k = 0; k < set->v[i]->n_versions; k++) {
			pb_version_t *v = set->v[i]->versions[k];
			if (!waits(v))
				continue;
			v->flags |= PB_VER_TAG_CHECKED;
			if (tag_exists(w, v->root->snooze_tag)) {
				v->flags |= PB_VER_TAG_REACHED;
				n++;
			}
		}
	}
	if (reached)
		*reached = n;
	return PB_OK;
}

static void mark_cb(void *payload, pb_series_set_t *set)
{
	pb_error_t err = {0};
	/* no repository: nothing is checked, and the snoozes stand until
	 * their next version (review.h) */
	if (pb_wake_mark(payload, set, NULL, &err) != PB_OK)
		pb_error_clear(&err);
}

pb_status_t pb_wake_attach(pb_wake_t *w, pb_index_t *idx)
{
	return pb_index_set_marker(idx, mark_cb, w);
}

const char *pb_wake_repo(const pb_wake_t *w)
{
	return w->path;
}
