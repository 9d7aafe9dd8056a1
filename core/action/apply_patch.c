/* apply_patch.c: one patch onto a tree (libgit2's apply, then its
 * three-way merge of file contents), signatures, messages, work trees. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <gmime/gmime.h>

#include "patchbay/diff.h"
#include "patchbay/trailer.h"
#include "core/mail/diff_priv.h"
#include "core/action/apply_priv.h"

int _pb_checkout(git_repository *repo, const git_oid *from_commit, const git_oid *to_commit, bool force,
		    pb_error_t *err)
{
	git_commit *a = NULL, *b = NULL;
	git_tree *ta = NULL;
	git_checkout_options co;
	int rc = PB_OK;
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	if (git_commit_lookup(&a, repo, from_commit) < 0 || git_commit_lookup(&b, repo, to_commit) < 0 ||
	    git_commit_tree(&ta, a) < 0) {
		rc = pb_error_git(err, "cannot read the commits to check out");
		goto out;
	}
	co.checkout_strategy = force ? GIT_CHECKOUT_FORCE : GIT_CHECKOUT_SAFE;
	co.baseline = ta;
	if (git_checkout_tree(repo, (git_object *)b, &co) < 0)
		rc = pb_error_git(err, "cannot update the work tree");
out:
	git_tree_free(ta);
	git_commit_free(a);
	git_commit_free(b);
	return rc;
}

/* ---- applying a diff ----------------------------------------------------- */

struct track {
	TALLOC_CTX *ctx;
	int delta;        /* deltas seen (the current one is delta - 1) */
	char *file;
	int hunk;
	char *header;
};

/* A submodule's delta: its "Subproject commit" lines name commits, which
 * libgit2's apply would store as a blob of that text (see gitlinks()). */
static bool is_gitlink(const git_diff_delta *d)
{
	return d->old_file.mode == GIT_FILEMODE_COMMIT || d->new_file.mode == GIT_FILEMODE_COMMIT;
}

/* (libgit2 skips a delta its callback answers > 0 for) */
static int skip_gitlink(const git_diff_delta *d, void *payload)
{
	(void)payload;
	return is_gitlink(d) ? 1 : 0;
}

static int on_delta(const git_diff_delta *d, void *payload)
{
	struct track *t = payload;
	if (is_gitlink(d))
		return 1;
	const char *path = d->status == GIT_DELTA_DELETED ? d->old_file.path : d->new_file.path;
	talloc_free(t->file);
	talloc_free(t->header);
	t->file = talloc_strdup(t->ctx, path ? path : "");
	t->header = NULL;
	t->hunk = 0;
	t->delta++;
	return 0;
}

static int on_hunk(const git_diff_hunk *h, void *payload)
{
	struct track *t = payload;
	size_t n = h->header_len;
	while (n && (h->header[n - 1] == '\n' || h->header[n - 1] == '\r'))
		n--;
	talloc_free(t->header);
	t->header = talloc_strndup(t->ctx, h->header, n);
	t->hunk++;
	return 0;
}

static int tree_of_index(git_oid *out, git_tree **tree, git_index *idx, git_repository *repo)
{
	if (git_index_write_tree_to(out, idx, repo) < 0)
		return -1;
	return tree ? git_tree_lookup(tree, repo, out) : 0;
}

/* The commit a "Subproject commit <id>" line of delta I names on side
 * ORIGIN ('-' before, '+' after), into *ID; false when there is none. */
static bool subproject_id(git_diff *diff, size_t i, char origin, git_oid *id)
{
	git_patch *p = NULL;
	bool found = false;
	static const char head[] = "Subproject commit ";
	if (git_patch_from_diff(&p, diff, i) < 0 || !p)
		return false;
	for (size_t h = 0; !found && h < git_patch_num_hunks(p); h++) {
		int n = git_patch_num_lines_in_hunk(p, h);
		for (int k = 0; !found && k < n; k++) {
			const git_diff_line *l = NULL;
			if (git_patch_get_line_in_hunk(&l, p, h, (size_t)k) < 0 || l->origin != origin ||
			    l->content_len < sizeof(head) - 1 + GIT_OID_HEXSZ ||
			    strncmp(l->content, head, sizeof(head) - 1) != 0)
				continue;
			found = git_oid_fromstrn(id, l->content + sizeof(head) - 1, GIT_OID_HEXSZ) == 0;
		}
	}
	git_patch_free(p);
	return found;
}

/* The three-way fallback, as git am -3: an ancestor tree made of the
 * preimage blobs the patch names, the patch applied to it ("theirs"),
 * merged with TREE ("ours"). PB_ERR_NOTFOUND when it cannot be tried. */
static int three_way(TALLOC_CTX *ctx, git_oid *out, _pb_patch_fail_t *fail, git_repository *repo, git_tree *ours,
		     git_diff *diff, pb_error_t *err)
{
	git_index *anc = NULL, *theirs_idx = NULL, *merged = NULL;
	git_tree *anc_tree = NULL, *theirs = NULL;
	git_oid id;
	git_merge_options mo;
	git_apply_options ao;
	int rc = PB_ERR_NOTFOUND;

	git_merge_options_init(&mo, GIT_MERGE_OPTIONS_VERSION);
	git_apply_options_init(&ao, GIT_APPLY_OPTIONS_VERSION);
	ao.delta_cb = skip_gitlink;

	if (git_index_new(&anc) < 0)
		goto out;
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		git_index_entry e;
		git_object *blob = NULL;
		if (d->status == GIT_DELTA_ADDED)
			continue;
		if (is_gitlink(d)) {
			/* a removed submodule, to be removed (see apply_grafted) */
			if (d->status != GIT_DELTA_DELETED && d->status != GIT_DELTA_RENAMED)
				continue;
			memset(&e, 0, sizeof(e));
			e.path = d->old_file.path;
			e.mode = GIT_FILEMODE_COMMIT;
			if (!subproject_id(diff, i, '-', &e.id) || git_index_add(anc, &e) < 0)
				goto out;
			continue;
		}
		if (!d->old_file.id_abbrev || git_oid_is_zero(&d->old_file.id) ||
		    git_object_lookup_prefix(&blob, repo, &d->old_file.id, d->old_file.id_abbrev, GIT_OBJECT_BLOB) < 0)
			goto out; /* the repository lacks a preimage */
		memset(&e, 0, sizeof(e));
		e.path = d->old_file.path;
		e.mode = d->old_file.mode ? d->old_file.mode : GIT_FILEMODE_BLOB;
		git_oid_cpy(&e.id, git_object_id(blob));
		git_object_free(blob);
		if (git_index_add(anc, &e) < 0)
			goto out;
	}
	if (tree_of_index(&id, &anc_tree, anc, repo) < 0 ||
	    git_apply_to_tree(&theirs_idx, repo, anc_tree, diff, &ao) < 0 ||
	    tree_of_index(&id, &theirs, theirs_idx, repo) < 0)
		goto out; /* the patch does not even fit its own preimage */
	mo.flags = GIT_MERGE_FIND_RENAMES;
	if (git_merge_trees(&merged, repo, anc_tree, ours, theirs, &mo) < 0) {
		rc = pb_error_git(err, "three-way merge failed");
		goto out;
	}
	if (git_index_has_conflicts(merged)) {
		git_index_conflict_iterator *it = NULL;
		const git_index_entry *a, *o, *t;
		fail->conflicts = talloc_array(ctx, char *, 1);
		fail->n_conflicts = 0;
		if (git_index_conflict_iterator_new(&it, merged) == 0) {
			while (git_index_conflict_next(&a, &o, &t, it) == 0) {
				const char *p = o ? o->path : t ? t->path : a->path;
				char **nv = talloc_realloc(ctx, fail->conflicts, char *, fail->n_conflicts + 1);
				if (!nv)
					break;
				fail->conflicts = nv;
				fail->conflicts[fail->n_conflicts++] = talloc_strdup(nv, p);
			}
			git_index_conflict_iterator_free(it);
		}
		rc = PB_ERR_CONFLICT;
		goto out;
	}
	rc = tree_of_index(out, NULL, merged, repo) < 0 ? pb_error_git(err, "cannot write the merged tree") : PB_OK;
out:
	git_error_clear();
	git_index_free(anc);
	git_index_free(theirs_idx);
	git_index_free(merged);
	git_tree_free(anc_tree);
	git_tree_free(theirs);
	return rc;
}

/* The fast way: apply DIFF to a tree of just the files it touches and graft
 * the results onto TREE (git_tree_create_updated rewrites only the folders
 * on their paths). git_apply_to_tree on the whole tree reads all of it into
 * an index for every patch; on a large tree that is most of the time.
 * PB_ERR_CONFLICT: the patch does not apply (T tracked where; FAIL->why is
 * set when the reason is ours); PB_ERR_NOTFOUND: cannot graft (a file
 * becoming a folder, say): use the whole tree. */
static int apply_grafted(TALLOC_CTX *ctx, git_oid *out, git_repository *repo, git_tree *tree, git_diff *diff,
			 const git_apply_options *ao, _pb_patch_fail_t *fail)
{
	size_t n = git_diff_num_deltas(diff), nu = 0;
	git_index *mini = NULL, *post = NULL;
	git_tree *mini_tree = NULL;
	git_tree_update *up = talloc_zero_array(ctx, git_tree_update, 2 * n + 1);
	git_oid id;
	int rc = PB_ERR_NOTFOUND;

	if (!up || git_index_new(&mini) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		git_tree_entry *te = NULL;
		/* (libgit2 skips a submodule's delta on our word, yet removes
		 * a removed one from its result: it must be there to remove) */
		if (is_gitlink(d) && d->status != GIT_DELTA_DELETED && d->status != GIT_DELTA_RENAMED)
			continue;
		if (d->status == GIT_DELTA_ADDED) {
			if (git_tree_entry_bypath(&te, tree, d->new_file.path) == 0) {
				git_tree_entry_free(te);
				fail->file = talloc_strdup(ctx, d->new_file.path);
				fail->why = talloc_asprintf(ctx, "%s already exists", d->new_file.path);
				rc = PB_ERR_CONFLICT;
				goto out;
			}
			continue;
		}
		if (git_tree_entry_bypath(&te, tree, d->old_file.path) == 0) {
			git_index_entry e;
			memset(&e, 0, sizeof(e));
			e.path = d->old_file.path;
			e.mode = git_tree_entry_filemode(te);
			git_oid_cpy(&e.id, git_tree_entry_id(te));
			git_tree_entry_free(te);
			if (e.mode == GIT_FILEMODE_TREE || git_index_add(mini, &e) < 0)
				goto out;
		}
	}
	git_error_clear();
	if (tree_of_index(&id, &mini_tree, mini, repo) < 0)
		goto out;
	if (git_apply_to_tree(&post, repo, mini_tree, diff, ao) < 0) {
		rc = PB_ERR_CONFLICT;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const git_index_entry *e;
		if (is_gitlink(d))
			continue;
		if (d->status == GIT_DELTA_DELETED || (d->status == GIT_DELTA_RENAMED &&
							strcmp(d->old_file.path, d->new_file.path) != 0)) {
			up[nu].action = GIT_TREE_UPDATE_REMOVE;
			up[nu++].path = d->old_file.path;
		}
		if (d->status == GIT_DELTA_DELETED)
			continue;
		if (!(e = git_index_get_bypath(post, d->new_file.path, 0)))
			goto out;
		up[nu].action = GIT_TREE_UPDATE_UPSERT;
		up[nu].path = d->new_file.path;
		up[nu].filemode = e->mode;
		git_oid_cpy(&up[nu++].id, &e->id);
	}
	/* a path removed and written again (two deltas): the write wins */
	for (size_t i = 0; i < nu; i++)
		for (size_t k = 0; k < nu; k++)
			if (k != i && up[i].action == GIT_TREE_UPDATE_REMOVE && strcmp(up[i].path, up[k].path) == 0)
				up[i].path = NULL;
	{
		size_t w = 0;
		for (size_t i = 0; i < nu; i++)
			if (up[i].path)
				up[w++] = up[i];
		nu = w;
	}
	rc = git_tree_create_updated(out, repo, tree, nu, up) == 0 ? PB_OK : PB_ERR_NOTFOUND;
out:
	git_error_clear();
	git_index_free(mini);
	git_index_free(post);
	git_tree_free(mini_tree);
	talloc_free(up);
	return rc;
}

/* Does DIFF remove (delete or rename away) PATH, or add it as a link? */
static bool diff_removes(git_diff *diff, const char *path, size_t len)
{
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		if ((d->status == GIT_DELTA_DELETED || d->status == GIT_DELTA_RENAMED) && d->old_file.path &&
		    strlen(d->old_file.path) == len && strncmp(d->old_file.path, path, len) == 0)
			return true;
	}
	return false;
}

static bool diff_adds_link(git_diff *diff, const char *path, size_t len)
{
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		if (d->status != GIT_DELTA_DELETED && d->new_file.mode == GIT_FILEMODE_LINK && d->new_file.path &&
		    strlen(d->new_file.path) == len && strncmp(d->new_file.path, path, len) == 0)
			return true;
	}
	return false;
}

/* A path git refuses to have in a tree: ".git" in any spelling a file
 * system reads as ".git" (".GIT", ".git.", "git~1"), "..", and the like.
 * libgit2 keeps that rule to itself; an index of no repository applies it
 * when an entry is added, so the entry is tried there. */
static bool path_allowed(const char *path)
{
	git_index *ix = NULL;
	git_index_entry e;
	bool ok;
	if (git_index_new(&ix) < 0)
		return true; /* cannot tell: libgit2's apply still refuses it */
	memset(&e, 0, sizeof(e));
	e.mode = GIT_FILEMODE_BLOB;
	e.path = path;
	ok = git_index_add(ix, &e) == 0;
	git_index_free(ix);
	git_error_clear();
	return ok;
}

/* Every path the patch names must be one git allows; git apply refuses
 * the others ("invalid path"), before any hunk. PB_ERR_CONFLICT with FAIL
 * filled in, else PB_OK. */
static int refused_path(TALLOC_CTX *ctx, _pb_patch_fail_t *fail, git_diff *diff)
{
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *paths[2] = {d->old_file.path, d->new_file.path};
		for (int k = 0; k < 2; k++) {
			if (!paths[k] || path_allowed(paths[k]))
				continue;
			fail->file = talloc_strdup(ctx, paths[k]);
			fail->why = talloc_strdup(ctx, "git does not allow that path");
			return fail->file && fail->why ? PB_ERR_CONFLICT : PB_ERR_NOMEM;
		}
	}
	return PB_OK;
}

/* A file the patch writes below a symbolic link (one in TREE the patch
 * keeps, or one it makes) would land wherever the link points once checked
 * out; git apply refuses it as "beyond a symbolic link", and so do we.
 * PB_ERR_CONFLICT with FAIL filled in, else PB_OK. */
static int beyond_link(TALLOC_CTX *ctx, _pb_patch_fail_t *fail, git_tree *tree, git_diff *diff)
{
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *path = d->new_file.path;
		if (d->status == GIT_DELTA_DELETED || !path)
			continue;
		for (const char *sl = strchr(path, '/'); sl; sl = strchr(sl + 1, '/')) {
			size_t len = (size_t)(sl - path);
			char *prefix = talloc_strndup(ctx, path, len);
			git_tree_entry *te = NULL;
			bool link = false;
			if (!prefix)
				return PB_ERR_NOMEM;
			if (git_tree_entry_bypath(&te, tree, prefix) == 0) {
				link = git_tree_entry_filemode(te) == GIT_FILEMODE_LINK && !diff_removes(diff, path, len);
				git_tree_entry_free(te);
			}
			git_error_clear();
			link = link || diff_adds_link(diff, path, len);
			if (link) {
				fail->file = talloc_strdup(ctx, path);
				fail->why = talloc_asprintf(ctx, "%s is beyond a symbolic link (%s)", path, prefix);
				talloc_free(prefix);
				return PB_ERR_CONFLICT;
			}
			talloc_free(prefix);
		}
	}
	return PB_OK;
}

/* The submodules DIFF moves, adds and removes, as tree updates of the
 * commits their "Subproject commit" lines name (as git apply records
 * them), checked against TREE: a submodule that is not where the patch
 * says it was is a conflict. *UP (on CTX) and *NU; PB_ERR_CONFLICT with
 * FAIL filled in. */
static int gitlinks(TALLOC_CTX *ctx, git_tree_update **up, size_t *nu, _pb_patch_fail_t *fail, git_tree *tree,
		    git_diff *diff)
{
	size_t n = git_diff_num_deltas(diff);
	*nu = 0;
	*up = NULL;
	for (size_t i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *why = NULL;
		git_oid before, after;
		if (!is_gitlink(d))
			continue;
		if (!*up && !(*up = talloc_zero_array(ctx, git_tree_update, 2 * n)))
			return PB_ERR_NOMEM;
		if (d->status != GIT_DELTA_ADDED) {
			git_tree_entry *te = NULL;
			if (d->old_file.mode != GIT_FILEMODE_COMMIT)
				why = "a file becoming a submodule is not supported: apply it with git am";
			else if (!subproject_id(diff, i, '-', &before))
				why = "the patch does not say which commit the submodule was at";
			else if (git_tree_entry_bypath(&te, tree, d->old_file.path) < 0 ||
				 git_tree_entry_filemode(te) != GIT_FILEMODE_COMMIT ||
				 !git_oid_equal(git_tree_entry_id(te), &before))
				why = "the submodule is not at the commit the patch starts from";
			git_tree_entry_free(te);
			git_error_clear();
			if (!why && (d->status == GIT_DELTA_DELETED || strcmp(d->old_file.path, d->new_file.path) != 0)) {
				(*up)[*nu].action = GIT_TREE_UPDATE_REMOVE;
				(*up)[(*nu)++].path = d->old_file.path;
			}
		}
		if (!why && d->status != GIT_DELTA_DELETED) {
			if (d->new_file.mode != GIT_FILEMODE_COMMIT)
				why = "a submodule becoming a file is not supported: apply it with git am";
			else if (!subproject_id(diff, i, '+', &after) &&
				 !(d->status != GIT_DELTA_ADDED && git_oid_cpy(&after, &before) == 0))
				why = "the patch does not say which commit the submodule is at";
			else {
				(*up)[*nu].action = GIT_TREE_UPDATE_UPSERT;
				(*up)[*nu].path = d->new_file.path;
				(*up)[*nu].filemode = GIT_FILEMODE_COMMIT;
				git_oid_cpy(&(*up)[(*nu)++].id, &after);
			}
		}
		if (why) {
			const char *path = d->status == GIT_DELTA_ADDED ? d->new_file.path : d->old_file.path;
			fail->file = talloc_strdup(ctx, path);
			fail->why = talloc_asprintf(ctx, "%s: %s", path, why);
			return PB_ERR_CONFLICT;
		}
	}
	return PB_OK;
}

/* The tree *OUT with the submodule updates UP applied, into *OUT. */
static int set_links(git_oid *out, git_repository *repo, const git_tree_update *up, size_t nu, pb_error_t *err)
{
	git_tree *t = NULL;
	int rc = PB_OK;
	if (!nu)
		return PB_OK;
	if (git_tree_lookup(&t, repo, out) < 0 || git_tree_create_updated(out, repo, t, nu, up) < 0)
		rc = pb_error_git(err, "cannot record the submodules of the patch");
	git_tree_free(t);
	return rc;
}

int _pb_apply_diff(TALLOC_CTX *ctx, git_oid *out, bool *three_way_used, _pb_patch_fail_t *fail, git_repository *repo,
		   git_tree *tree, const char *text, bool allow_three_way, pb_error_t *err)
{
	const char *gd = pb_diff_gitify(ctx, text);
	git_diff *diff = NULL;
	git_index *post = NULL;
	git_apply_options ao;
	git_tree_update *links = NULL;
	size_t n_links = 0;
	struct track t = {0};
	int rc;

	git_apply_options_init(&ao, GIT_APPLY_OPTIONS_VERSION);

	*three_way_used = false;
	memset(fail, 0, sizeof(*fail));
	if (!gd)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if (_pb_git_diff_from_buffer(&diff, gd, strlen(gd)) < 0) {
		const git_error *ge = git_error_last();
		fail->why = talloc_strdup(ctx, ge && ge->message ? ge->message : "not a diff");
		return pb_error_git(err, "cannot read the diff");
	}
	t.ctx = ctx;
	ao.delta_cb = on_delta;
	ao.hunk_cb = on_hunk;
	ao.payload = &t;
	/* refused outright: no fallback may write there either */
	if ((rc = refused_path(ctx, fail, diff)) || (rc = beyond_link(ctx, fail, tree, diff))) {
		git_diff_free(diff);
		return rc == PB_ERR_CONFLICT ? pb_error_set(err, rc, "%s", fail->why)
					     : pb_error_set(err, rc, "out of memory");
	}
	/* submodules are set by hand, on what libgit2 makes of the rest */
	if ((rc = gitlinks(ctx, &links, &n_links, fail, tree, diff))) {
		git_diff_free(diff);
		return rc == PB_ERR_CONFLICT ? pb_error_set(err, rc, "%s", fail->why)
					     : pb_error_set(err, rc, "out of memory");
	}
	rc = apply_grafted(ctx, out, repo, tree, diff, &ao, fail);
	if (rc == PB_ERR_NOTFOUND) {
		/* the general way, on the whole tree */
		TALLOC_FREE(t.file);
		TALLOC_FREE(t.header);
		t.delta = t.hunk = 0;
		if (git_apply_to_tree(&post, repo, tree, diff, &ao) == 0) {
			rc = tree_of_index(out, NULL, post, repo) < 0 ? pb_error_git(err, "cannot write the tree") : PB_OK;
			git_index_free(post);
		} else {
			rc = PB_ERR_CONFLICT;
		}
	}
	if (rc != PB_ERR_CONFLICT) {
		if (rc == PB_OK)
			rc = set_links(out, repo, links, n_links, err);
		git_diff_free(diff);
		return rc;
	}
	if (!fail->why) {
		const git_error *ge = git_error_last();
		git_patch *p = NULL;
		fail->why = talloc_strdup(ctx, ge && ge->message && *ge->message ? ge->message : "does not apply");
		fail->file = t.file ? talloc_steal(ctx, t.file) : talloc_strdup(ctx, "");
		fail->hunk = t.hunk;
		fail->hunk_header = t.header ? talloc_steal(ctx, t.header) : NULL;
		if (t.delta > 0 && git_patch_from_diff(&p, diff, (size_t)(t.delta - 1)) == 0 && p) {
			fail->hunks = (int)git_patch_num_hunks(p);
			git_patch_free(p);
		}
		if (t.hunk == 0 && strstr(fail->why, "does not exist") == NULL && t.delta > 0) {
			const git_diff_delta *d = git_diff_get_delta(diff, (size_t)(t.delta - 1));
			git_tree_entry *te = NULL;
			bool exists = d && git_tree_entry_bypath(&te, tree, fail->file) == 0;
			git_tree_entry_free(te);
			/* said only when the tree says so */
			if (d && d->status != GIT_DELTA_ADDED && !exists)
				fail->why = talloc_asprintf(ctx, "%s is not in the tree it is applied to", fail->file);
			else if (d && d->status == GIT_DELTA_ADDED && exists)
				fail->why = talloc_asprintf(ctx, "%s already exists", fail->file);
		}
		git_error_clear();
	}
	rc = allow_three_way ? three_way(ctx, out, fail, repo, tree, diff, err) : PB_ERR_NOTFOUND;
	if (rc == PB_OK)
		rc = set_links(out, repo, links, n_links, err);
	git_diff_free(diff);
	if (rc == PB_OK) {
		*three_way_used = true;
		return PB_OK;
	}
	if (rc == PB_ERR_NOTFOUND || rc == PB_ERR_CONFLICT)
		rc = pb_error_set(err, PB_ERR_CONFLICT, "%s", fail->why);
	return rc;
}

/* ---- messages ----------------------------------------------------------------- */

char *_pb_stripspace(TALLOC_CTX *ctx, const char *msg)
{
	char *out = talloc_strdup(ctx, "");
	int blanks = 0;
	bool started = false;
	for (const char *l = msg; out && *l;) {
		size_t n = strcspn(l, "\n"), e = n;
		while (e && (l[e - 1] == ' ' || l[e - 1] == '\t' || l[e - 1] == '\r'))
			e--;
		if (e == 0) {
			blanks++;
		} else {
			if (started && blanks)
				out = talloc_strdup_append(out, "\n");
			out = talloc_strndup_append(out, l, e);
			out = out ? talloc_strdup_append(out, "\n") : NULL;
			started = true;
			blanks = 0;
		}
		l += n + (l[n] ? 1 : 0);
	}
	return out;
}

/* Where the words of a cover letter end: at what git format-patch and b4
 * add below them (shortlog, diffstat, base-commit, signature). */
static size_t cover_words_end(const char *msg)
{
	for (const char *l = msg; *l;) {
		size_t n = strcspn(l, "\n");
		const char *par = memmem(l, n, " (", 2);
		bool shortlog = n > 3 && l[0] != ' ' && l[n - 1] == ':' && l[n - 2] == ')' && par &&
				strspn(par + 2, "0123456789") == (size_t)(l + n - 2 - (par + 2)) && par + 2 < l + n - 2;
		if (shortlog || (l[0] == ' ' && memmem(l, n, " | ", 3)) || (l[0] == ' ' && memmem(l, n, " changed, ", 10)) ||
		    strncmp(l, "base-commit: ", 13) == 0 || strncmp(l, "change-id: ", 11) == 0 ||
		    strncmp(l, "prerequisite-", 13) == 0 || (n == 3 && strncmp(l, "-- ", 3) == 0) ||
		    (n == 3 && strncmp(l, "---", 3) == 0))
			return (size_t)(l - msg);
		l += n + (l[n] ? 1 : 0);
	}
	return strlen(msg);
}

/* The words of a cover letter, without its trailer block. */
static char *without_trailers(TALLOC_CTX *ctx, const char *msg)
{
	size_t e = cover_words_end(msg), start;
	pb_trailer_list_t tl = {0};
	void *tmp = talloc_new(ctx);
	while (e && (msg[e - 1] == '\n' || msg[e - 1] == ' '))
		e--;
	start = e;
	while (start > 0 && !(start >= 2 && msg[start - 1] == '\n' && msg[start - 2] == '\n'))
		start--;
	pb_trailer_parse_message(tmp, &tl, talloc_strndup(tmp, msg + start, e - start));
	talloc_free(tmp);
	if (!tl.n)
		start = e;
	while (start > 0 && msg[start - 1] == '\n')
		start--;
	return talloc_strndup(ctx, msg, start);
}

char *_pb_merge_message(TALLOC_CTX *ctx, const char *title, const pb_mail_t *cover, const char *msgid,
			const char *linkmask, const git_signature *signoff, size_t n_patches)
{
	char *m = talloc_asprintf(ctx, "Merge %s \"%s\"\n\n", n_patches == 1 ? "patch" : "patch series", title);
	if (m && cover) {
		const pb_person_t *who = &cover->sender;
		char *text = without_trailers(m, cover->message ? cover->message : "");
		if (who->name && *who->name)
			m = talloc_asprintf_append(m, "%s <%s> says:\n\n", who->name, who->email);
		else
			m = talloc_asprintf_append(m, "%s says:\n\n", who->email);
		if (m && text && *text)
			m = talloc_asprintf_append(m, "%s\n\n", text);
	}
	if (m && linkmask && *linkmask) {
		const char *pct = strstr(linkmask, "%s");
		if (pct)
			m = talloc_asprintf_append(m, "Link: %.*s%s%s\n", (int)(pct - linkmask), linkmask, msgid, pct + 2);
	}
	if (m && signoff)
		m = talloc_asprintf_append(m, "Signed-off-by: %s <%s>\n", signoff->name, signoff->email);
	return m ? _pb_stripspace(ctx, m) : NULL;
}

/* ---- signatures ------------------------------------------------------------------ */

/* libgit2 refuses '<' and '>' in names and empty names. The caller
 * g_free()s what it gets, right after making the signature. */
static char *sig_name(const char *name, const char *email)
{
	return g_strdelimit(g_strdup(name && *name ? name : email), "<>\n", ' ');
}

int _pb_author_sig(git_signature **out, const pb_mail_t *m, pb_error_t *err)
{
	int64_t when = m->date;
	int off = m->tz_offset;
	char *name;
	int rc;
	if (!m->author.email || !*m->author.email)
		return pb_error_set(err, PB_ERR_PARSE, "the mail <%s> names no author", m->msgid);
	if (m->inbody_date && *m->inbody_date) {
		GDateTime *dt = g_mime_utils_header_decode_date(m->inbody_date);
		if (dt) {
			when = g_date_time_to_unix(dt);
			off = (int)(g_date_time_get_utc_offset(dt) / G_TIME_SPAN_MINUTE);
			g_date_time_unref(dt);
		}
	}
	name = sig_name(m->author.name, m->author.email);
	rc = when > 0 ? git_signature_new(out, name, m->author.email, (git_time_t)when, off)
		      : git_signature_now(out, name, m->author.email);
	g_free(name);
	return rc < 0 ? pb_error_git(err, "bad author %s", m->author.email) : PB_OK;
}

int _pb_committer_sig(git_signature **out, git_repository *repo, const pb_person_t *who, pb_error_t *err)
{
	const char *en = getenv("GIT_COMMITTER_NAME"), *ee = getenv("GIT_COMMITTER_EMAIL");
	char *name;
	int rc;
	if (who && who->email && *who->email) {
		name = sig_name(who->name, who->email);
		rc = git_signature_now(out, name, who->email);
		g_free(name);
	} else if (en && *en && ee && *ee) {
		rc = git_signature_now(out, en, ee);
	} else {
		rc = git_signature_default(out, repo);
	}
	if (rc < 0)
		return pb_error_git(err, "who commits? set git config user.name and user.email");
	return PB_OK;
}

/* ---- work trees -------------------------------------------------------------------- */

int _pb_worktree_dirty(TALLOC_CTX *ctx, char **out, git_repository *repo, pb_error_t *err)
{
	git_status_options so;
	git_status_list *sl = NULL;
	*out = NULL;
	git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
	if (git_repository_is_bare(repo))
		return PB_OK;
	so.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	so.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if (git_status_list_new(&sl, repo, &so) < 0)
		return pb_error_git(err, "cannot read the state of the work tree");
	if (git_status_list_entrycount(sl) > 0) {
		const git_status_entry *e = git_status_byindex(sl, 0);
		const git_diff_delta *d = e->head_to_index ? e->head_to_index : e->index_to_workdir;
		*out = talloc_strdup(ctx, d && d->new_file.path ? d->new_file.path : "?");
	}
	git_status_list_free(sl);
	return PB_OK;
}

/* Is PATH a file of TREE (git tracks it where the checkout starts)? */
static bool tracked(git_tree *tree, const char *path)
{
	git_tree_entry *e = NULL;
	bool yes = git_tree_entry_bypath(&e, tree, path) == 0 && git_tree_entry_type(e) != GIT_OBJECT_TREE;
	git_tree_entry_free(e);
	git_error_clear();
	return yes;
}

int _pb_worktree_in_the_way(TALLOC_CTX *ctx, char **out, git_repository *repo, git_tree *old_tree,
			    git_tree *new_tree, pb_error_t *err)
{
	const char *wd = git_repository_workdir(repo);
	git_diff *d = NULL;
	*out = NULL;
	if (!wd)
		return PB_OK;
	if (git_diff_tree_to_tree(&d, repo, old_tree, new_tree, NULL) < 0)
		return pb_error_git(err, "cannot compare trees");
	for (size_t i = 0; i < git_diff_num_deltas(d) && !*out; i++) {
		const git_diff_delta *dd = git_diff_get_delta(d, i);
		char *path;
		struct stat st;
		if (dd->status != GIT_DELTA_ADDED && dd->status != GIT_DELTA_RENAMED &&
		    dd->status != GIT_DELTA_COPIED)
			continue;
		path = talloc_asprintf(ctx, "%s%s", wd, dd->new_file.path);
		/* a tracked file is the checkout's to replace, not in the way: a
		 * type change (file to link) is a removal and an addition of
		 * the same path, a file that becomes a folder the removal of
		 * its prefix */
		if (path && lstat(path, &st) == 0 && !tracked(old_tree, dd->new_file.path))
			*out = talloc_strdup(ctx, dd->new_file.path);
		/* a file where a new directory must go */
		for (char *s = path ? path + strlen(wd) : NULL; s && !*out && (s = strchr(s, '/')); s++) {
			*s = '\0';
			if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode) && !tracked(old_tree, path + strlen(wd)))
				*out = talloc_strdup(ctx, path + strlen(wd));
			*s = '/';
		}
		talloc_free(path);
	}
	git_diff_free(d);
	return PB_OK;
}
