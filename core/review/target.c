/* target.c: which series are in the target branch (target.h). */
#include <ctype.h>
#include <string.h>

#include <git2.h>
#include <glib.h>

#include "patchbay/target.h"
#include "core/base/git_priv.h"

struct pb_target {
	_pb_repo_t *repo;
	char *repo_path;
	char *ref;
	GHashTable *by_pid;     /* patch-id -> commit id (strings on the target) */
	GHashTable *by_subject; /* "email\ntitle" -> commit id */
	git_oid tip;            /* the tip read from (zero: nothing read) */
	int64_t since;          /* commits newer than this were read (INT64_MAX: none) */
	size_t commits;
};

static int target_destructor(pb_target_t *t)
{
	if (t->by_pid)
		g_hash_table_destroy(t->by_pid);
	if (t->by_subject)
		g_hash_table_destroy(t->by_subject);
	return 0;
}

/* "email\ntitle", the email in lower case; new on CTX */
static char *subject_key(TALLOC_CTX *ctx, const char *email, const char *title)
{
	char *k = talloc_asprintf(ctx, "%s\n%s", email ? email : "", title ? title : "");
	for (char *p = k; p && *p && *p != '\n'; p++)
		*p = (char)tolower((unsigned char)*p);
	return k;
}

pb_status_t pb_target_open(pb_target_t **out, TALLOC_CTX *mem_ctx, const char *repo_path, const char *ref,
			   pb_error_t *err)
{
	pb_target_t *t = talloc_zero(mem_ctx, pb_target_t);
	git_object *obj = NULL;
	int rc;

	*out = NULL;
	if (!t)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	talloc_set_destructor(t, target_destructor);
	t->by_pid = g_hash_table_new(g_str_hash, g_str_equal);
	t->by_subject = g_hash_table_new(g_str_hash, g_str_equal);
	t->ref = talloc_strdup(t, ref ? ref : "");
	t->repo_path = repo_path ? talloc_strdup(t, repo_path) : NULL;
	t->since = INT64_MAX;
	if (!t->ref || (repo_path && !t->repo_path)) {
		talloc_free(t);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	if ((rc = _pb_repo_open(t, &t->repo, repo_path, err))) {
		talloc_free(t);
		return rc;
	}
	if (!*t->ref || git_revparse_single(&obj, t->repo->repo, t->ref) < 0) {
		git_error_clear();
		rc = pb_error_set(err, PB_ERR_NOTFOUND, "patchbay.target '%s' is not in the repository %s", t->ref,
				  repo_path ? repo_path : "of the current directory");
		talloc_free(t);
		return rc;
	}
	git_object_free(obj);
	*out = t;
	return PB_OK;
}

static void forget(pb_target_t *t)
{
	g_hash_table_remove_all(t->by_pid);
	g_hash_table_remove_all(t->by_subject);
	memset(&t->tip, 0, sizeof(t->tip));
	t->since = INT64_MAX;
	t->commits = 0;
}

/* Read the commits of the target from its tip back to SINCE; only those
 * added since the last read when the walk before went back as far. */
static pb_status_t read_target(pb_target_t *t, int64_t since, pb_error_t *err)
{
	git_repository *repo = t->repo->repo;
	git_object *obj = NULL;
	git_revwalk *walk = NULL;
	git_oid tip, id;
	bool incremental;
	int64_t oldest = INT64_MAX;
	pb_status_t rc = PB_OK;

	if (git_revparse_single(&obj, repo, t->ref) < 0) {
		git_error_clear();
		return pb_error_set(err, PB_ERR_NOTFOUND, "patchbay.target '%s' is not in the repository any more",
				    t->ref);
	}
	{
		git_object *peeled = NULL;
		if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
			git_object_free(obj);
			git_error_clear();
			return pb_error_set(err, PB_ERR_NOTFOUND, "patchbay.target '%s' is not a commit", t->ref);
		}
		git_oid_cpy(&tip, git_object_id(peeled));
		git_object_free(peeled);
		git_object_free(obj);
	}
	incremental = !git_oid_is_zero(&t->tip) && since >= t->since;
	if (incremental && git_oid_equal(&tip, &t->tip))
		return PB_OK;
	if (!incremental)
		forget(t);
	if (git_revwalk_new(&walk, repo) < 0 || git_revwalk_sorting(walk, GIT_SORT_TIME) < 0 ||
	    git_revwalk_push(walk, &tip) < 0 || (incremental && git_revwalk_hide(walk, &t->tip) < 0)) {
		rc = pb_error_git(err, "cannot walk patchbay.target '%s'", t->ref);
		goto out;
	}
	while (t->commits < PB_TARGET_MAX && git_revwalk_next(&id, walk) == 0) {
		git_commit *c = NULL;
		char pid[GIT_OID_HEXSZ + 1], *cid;
		const git_signature *a;
		int64_t when;
		if (git_commit_lookup(&c, repo, &id) < 0) {
			rc = pb_error_git(err, "cannot read a commit of patchbay.target '%s'", t->ref);
			goto out;
		}
		when = (int64_t)git_commit_time(c);
		if (!incremental && when < since) {
			git_commit_free(c);
			break;
		}
		if (when < oldest)
			oldest = when;
		t->commits++;
		cid = talloc_strdup(t, git_oid_tostr_s(&id));
		a = git_commit_author(c);
		if (!cid) {
			git_commit_free(c);
			rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
			goto out;
		}
		if (_pb_commit_patch_id(pid, repo, c)) {
			char *k = talloc_strdup(t, pid);
			if (k && !g_hash_table_contains(t->by_pid, k))
				g_hash_table_insert(t->by_pid, k, cid);
		}
		if (git_commit_parentcount(c) == 1 && git_commit_summary(c)) {
			char *k = subject_key(t, a ? a->email : "", git_commit_summary(c));
			if (k && !g_hash_table_contains(t->by_subject, k))
				g_hash_table_insert(t->by_subject, k, cid);
		}
		git_commit_free(c);
	}
	git_error_clear();
	git_oid_cpy(&t->tip, &tip);
	if (!incremental)
		t->since = since;
out:
	if (rc)
		forget(t);
	git_revwalk_free(walk);
	return rc;
}

pb_target_how_t pb_target_find(const pb_target_t *t, const pb_msgrec_t *p, const char **commit)
{
	const char *c = NULL;
	pb_target_how_t how = PB_TARGET_NONE;
	if (p->patch_id && (c = g_hash_table_lookup(t->by_pid, p->patch_id))) {
		how = PB_TARGET_PATCH_ID;
	} else {
		/* (glib's heap, not talloc's NULL context: this is a lookup
		 * that keeps nothing) */
		char *k = g_strdup_printf("%s\n%s", p->author.email ? p->author.email : "", p->title ? p->title : "");
		for (char *q = k; *q && *q != '\n'; q++)
			*q = (char)tolower((unsigned char)*q);
		if ((c = g_hash_table_lookup(t->by_subject, k)))
			how = PB_TARGET_SUBJECT;
		g_free(k);
	}
	if (commit)
		*commit = c;
	return how;
}

/* Are all N patches of V in T? */
static bool all_in(const pb_target_t *t, const pb_version_t *v)
{
	if (v->n_missing || !v->n_patches || (v->flags & PB_VER_PULL))
		return false;
	for (size_t i = 0; i < v->n_patches; i++)
		if (pb_target_find(t, v->patches[i]->rec, NULL) == PB_TARGET_NONE)
			return false;
	return true;
}

pb_status_t pb_target_mark(pb_target_t *t, pb_series_set_t *set, size_t *marked, pb_error_t *err)
{
	int64_t since = INT64_MAX;
	size_t n = 0;
	pb_status_t rc;

	if (marked)
		*marked = 0;
	for (size_t i = 0; i < set->n; i++)
		for (size_t k = 0; k < set->v[i]->n_versions; k++)
			set->v[i]->versions[k]->flags &= ~(unsigned)PB_VER_ACCEPTED;
	for (size_t i = 0; i < set->n; i++) {
		const pb_version_t *v = pb_series_latest(set->v[i]);
		if (v && v->date > 0 && v->date < since)
			since = v->date;
	}
	if (since == INT64_MAX)
		return PB_OK;
	since = since > PB_TARGET_SLACK ? since - PB_TARGET_SLACK : 0;
	if ((rc = read_target(t, since, err)))
		return rc;
	for (size_t i = 0; i < set->n; i++) {
		pb_version_t *v = pb_series_latest(set->v[i]);
		if (v && all_in(t, v)) {
			v->flags |= PB_VER_ACCEPTED;
			n++;
		}
	}
	if (marked)
		*marked = n;
	return PB_OK;
}

static void mark_cb(void *payload, pb_series_set_t *set)
{
	pb_error_t err = {0};
	/* a target that cannot be read marks nothing: the mail's word stands */
	if (pb_target_mark(payload, set, NULL, &err) != PB_OK)
		pb_error_clear(&err);
}

void pb_target_attach(pb_target_t *t, pb_index_t *idx)
{
	pb_index_set_marker(idx, mark_cb, t);
}

const char *pb_target_ref(const pb_target_t *t)
{
	return t->ref;
}

size_t pb_target_commits(const pb_target_t *t)
{
	return t->commits;
}
