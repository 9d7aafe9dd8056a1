/* target.c: which series are in the target branch (target.h). */
#include <ctype.h>
#include <string.h>

#include <git2.h>
#include <glib.h>

#include "patchbay/target.h"
#include "core/base/git_priv.h"
#include "core/base/util.h"

struct pb_target {
	_pb_repo_t *repo;
	char *repo_path;
	char *ref;
	GHashTable *by_pid;     /* patch-id -> commit id (strings on the target) */
	GHashTable *by_subject; /* "email\ntitle" -> commit id */
	git_oid tip;            /* the tip read from (zero: nothing read) */
	int64_t since;          /* commits newer than this were read (INT64_MAX: none) */
	size_t commits;
	/* what commits gave, kept between runs: a commit's patch-id, author
	 * and summary never change (pb_target_cache) */
	char *cache_file;       /* NULL: no cache */
	GHashTable *known;      /* commit id -> its cache line (on the target) */
	GString *fresh;         /* lines made in this run, to be written */
	size_t n_fresh;
};

static int target_destructor(pb_target_t *t)
{
	if (t->known)
		g_hash_table_destroy(t->known);
	if (t->fresh)
		g_string_free(t->fresh, TRUE);
	if (t->by_pid)
		g_hash_table_destroy(t->by_pid);
	if (t->by_subject)
		g_hash_table_destroy(t->by_subject);
	return 0;
}

/* In place: the email of the key "email\ntitle" in lower case. */
static char *lower_email(char *k)
{
	for (char *p = k; p && *p && *p != '\n'; p++)
		*p = (char)tolower((unsigned char)*p);
	return k;
}

/* "email\ntitle", the email in lower case; new on CTX */
static char *subject_key(TALLOC_CTX *ctx, const char *email, const char *title)
{
	return lower_email(talloc_asprintf(ctx, "%s\n%s", email ? email : "", title ? title : ""));
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
	t->known = g_hash_table_new(g_str_hash, g_str_equal);
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

/* Index one commit: its patch-id and its "email\ntitle" key. LINE is its
 * cache line: "CID PID|- 1|0 EMAIL\tSUMMARY" (1: one parent). */
static pb_status_t index_line(pb_target_t *t, const char *cid, char *line)
{
	char *pid = strchr(line, ' '), *one, *email, *title;
	if (!pid || !(one = strchr(pid + 1, ' ')) || !(email = strchr(one + 1, ' ')) ||
	    !(title = strchr(email + 1, '\t')))
		return PB_ERR_PARSE;
	pid++;
	one++;
	email++;
	if (strncmp(pid, "- ", 2) != 0) {
		char *k = talloc_strndup(t, pid, (size_t)(one - 1 - pid));
		if (!k)
			return PB_ERR_NOMEM;
		if (!g_hash_table_contains(t->by_pid, k))
			g_hash_table_insert(t->by_pid, k, (char *)cid);
	}
	if (*one == '1') {
		char *e = talloc_strndup(t, email, (size_t)(title - email));
		char *k = e ? subject_key(t, e, title + 1) : NULL;
		if (!k)
			return PB_ERR_NOMEM;
		if (!g_hash_table_contains(t->by_subject, k))
			g_hash_table_insert(t->by_subject, k, (char *)cid);
	}
	return PB_OK;
}

/* Commit C (id CID, on T): from the cache when it knows it, else made
 * (its diff against its parent) and kept for the cache. */
static pb_status_t take_commit(pb_target_t *t, git_repository *repo, git_commit *c, const char *cid, pb_error_t *err)
{
	char pid[GIT_OID_HEXSZ + 1], *line = g_hash_table_lookup(t->known, cid);
	const git_signature *a;
	const char *sum;
	pb_status_t rc;
	if (line) {
		char *copy = talloc_strdup(t, line);
		if (copy && index_line(t, cid, copy) == PB_OK)
			return PB_OK;
		/* (a line the cache garbled: made again) */
	}
	a = git_commit_author(c);
	sum = git_commit_summary(c);
	if (!_pb_commit_patch_id(pid, repo, c))
		strcpy(pid, "-");
	line = talloc_asprintf(t, "%s %s %d %s\t%s", cid, pid, git_commit_parentcount(c) == 1 && sum ? 1 : 0,
			       a && a->email && !strpbrk(a->email, " \t\n") ? a->email : "",
			       sum ? sum : "");
	if (!line)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	for (char *p = strchr(line, '\t') + 1; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	if (t->cache_file) {
		char check[41];
		_pb_sha1_hex(check, line, strlen(line));
		if (!t->fresh)
			t->fresh = g_string_new(NULL);
		g_string_append_printf(t->fresh, "%s #%.8s\n", line, check);
		t->n_fresh++;
		/* (and known: a walk again in this run takes it from there) */
		g_hash_table_insert(t->known, (char *)cid, line);
	}
	if ((rc = index_line(t, cid, talloc_strdup(t, line))) == PB_ERR_NOMEM)
		return pb_error_set(err, rc, "out of memory");
	return PB_OK;
}

/* Write what this run made to the cache, after what it held: one file,
 * replaced whole (a failure to write loses nothing but time). */
static void save_cache(pb_target_t *t)
{
	char *old = NULL;
	gsize len = 0;
	pb_error_t e = {0};
	if (!t->cache_file || !t->n_fresh)
		return;
	if (!g_file_get_contents(t->cache_file, &old, &len, NULL))
		old = NULL;
	g_string_prepend_len(t->fresh, old ? old : "", old ? (gssize)len : 0);
	if (_pb_file_write_atomic(t->cache_file, t->fresh->str, t->fresh->len, &e) != PB_OK)
		pb_error_clear(&e);
	g_free(old);
	g_string_truncate(t->fresh, 0);
	t->n_fresh = 0;
}

pb_status_t pb_target_cache(pb_target_t *t, const char *cache_dir, pb_error_t *err)
{
	char key[41], *dir = NULL, *data = NULL, *id;
	gsize len = 0;
	const char *wd = git_repository_workdir(t->repo->repo);
	const char *where = wd ? wd : git_repository_path(t->repo->repo);
	id = talloc_asprintf(t, "%s\n%s", where ? where : "", t->ref);
	if (!id)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	_pb_sha1_hex(key, id, strlen(id));
	if (!cache_dir && !(cache_dir = dir = _pb_cache_dir(t, err)))
		return err ? err->status : PB_ERR_IO;
	t->cache_file = talloc_asprintf(t, "%s/target-%.16s", cache_dir, key);
	talloc_free(dir);
	if (!t->cache_file)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if (!g_file_get_contents(t->cache_file, &data, &len, NULL))
		return PB_OK; /* none yet */
	for (char *l = data, *e; l && *l; l = e ? e + 1 : NULL) {
		char *sp, *k, *v;
		e = strchr(l, '\n');
		if (e)
			*e = '\0';
		char sum[41], *mark = strrchr(l, '#');
		if (!(sp = strchr(l, ' ')) || sp - l != GIT_OID_HEXSZ || !mark || mark == l || mark[-1] != ' ' ||
		    strlen(mark + 1) != 8)
			continue;
		/* each line ends in " #" and 8 hex of its SHA-1: a line the
		 * disk or a person changed is not believed */
		_pb_sha1_hex(sum, l, (size_t)(mark - 1 - l));
		if (strncmp(sum, mark + 1, 8) != 0)
			continue;
		mark[-1] = '\0';
		k = talloc_strndup(t, l, (size_t)(sp - l));
		v = talloc_strdup(t, l);
		if (!k || !v) {
			g_free(data);
			return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		}
		g_hash_table_insert(t->known, k, v);
	}
	g_free(data);
	return PB_OK;
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
		char *cid;
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
		if (!cid || (rc = take_commit(t, repo, c, cid, err)) != PB_OK) {
			git_commit_free(c);
			if (!rc)
				rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
			goto out;
		}
		git_commit_free(c);
	}
	git_error_clear();
	git_oid_cpy(&t->tip, &tip);
	if (!incremental)
		t->since = since;
	save_cache(t);
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
		char *k = lower_email(
			g_strdup_printf("%s\n%s", p->author.email ? p->author.email : "", p->title ? p->title : ""));
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
	/* (one marker of a few: the target's never finds the slots full) */
	(void)pb_index_set_marker(idx, mark_cb, t);
}

const char *pb_target_ref(const pb_target_t *t)
{
	return t->ref;
}

size_t pb_target_commits(const pb_target_t *t)
{
	return t->commits;
}
