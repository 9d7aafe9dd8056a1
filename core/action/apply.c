/* apply.c: a series onto a topic branch, all or nothing; undo. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <git2.h>
#include <git2/sys/odb_backend.h>

#include "patchbay/apply.h"
#include "patchbay/diff.h"
#include "patchbay/store.h"
#include "core/action/apply_priv.h"

/* From here on, objects are written to memory only. */
static int use_memory(_pb_repo_t *h, pb_error_t *err)
{
	if (git_repository_odb(&h->odb, h->repo) < 0 || _pb_odb_mem_new(&h->mem) < 0)
		return pb_error_git(err, "cannot set up the object store");
	if (git_odb_add_backend(h->odb, h->mem, 1000) < 0) {
		h->mem->free(h->mem);
		h->mem = NULL;
		return pb_error_git(err, "cannot set up the object store");
	}
	return PB_OK;
}

/* Write what is in memory to the repository. */
static int persist(_pb_repo_t *h, pb_error_t *err)
{
	return _pb_odb_mem_flush(h->mem, h->repo, err);
}

static void hex(char out[41], const git_oid *id)
{
	git_oid_tostr(out, 41, id);
}

/* ---- choosing ----------------------------------------------------------------- */

static int resolve_base(pb_apply_result_t *r, git_commit **out, git_repository *repo, const pb_version_t *v,
			const pb_apply_opts_t *o, pb_error_t *err)
{
	git_object *obj = NULL;
	const char *bc = v->cover ? v->cover->base_commit : NULL;
	char *note = NULL;
	for (size_t i = 0; !bc && i < v->n_patches; i++)
		bc = v->patches[i]->rec->base_commit;
	*out = NULL;
	if (o->base && *o->base) {
		if (git_revparse_single(&obj, repo, o->base) < 0 || git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT) < 0) {
			git_object_free(obj);
			git_error_clear();
			r->summary = talloc_asprintf(r, "base %s is not in the repository; nothing was changed", o->base);
			return pb_error_set(err, PB_ERR_NOTFOUND, "%s", r->summary);
		}
		git_object_free(obj);
		r->base_source = PB_BASE_GIVEN;
		hex(r->base, git_commit_id(*out));
		r->base_desc = talloc_asprintf(r, "base %s (%.12s), as given", o->base, r->base);
		return PB_OK;
	}
	if (bc) {
		git_oid id;
		size_t n = strlen(bc);
		if (git_oid_fromstrn(&id, bc, n) == 0 &&
		    git_object_lookup_prefix(&obj, repo, &id, n, GIT_OBJECT_COMMIT) == 0) {
			*out = (git_commit *)obj;
			r->base_source = PB_BASE_COMMIT;
			hex(r->base, git_commit_id(*out));
			r->base_desc = talloc_asprintf(r, "base-commit %.12s of the series", r->base);
			return PB_OK;
		}
		git_error_clear();
		note = talloc_asprintf(r, "; the series' base-commit %.12s is not in the repository", bc);
	}
	if (o->target && *o->target) {
		if (git_revparse_single(&obj, repo, o->target) < 0 ||
		    git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT) < 0) {
			git_object_free(obj);
			git_error_clear();
			r->summary = talloc_asprintf(r, "patchbay.target %s is not in the repository%s; nothing was changed",
						     o->target, note ? note : "");
			return pb_error_set(err, PB_ERR_NOTFOUND, "%s", r->summary);
		}
		git_object_free(obj);
		r->base_source = PB_BASE_TARGET;
		hex(r->base, git_commit_id(*out));
		r->base_desc = talloc_asprintf(r, "patchbay.target %s (%.12s)%s", o->target, r->base, note ? note : "");
		return PB_OK;
	}
	if (git_revparse_single(&obj, repo, "HEAD") < 0 || git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT) < 0) {
		git_object_free(obj);
		git_error_clear();
		r->summary = talloc_asprintf(r, "the repository has no HEAD commit to apply to%s; nothing was changed",
					     note ? note : "");
		return pb_error_set(err, PB_ERR_NOTFOUND, "%s", r->summary);
	}
	git_object_free(obj);
	r->base_source = PB_BASE_HEAD;
	hex(r->base, git_commit_id(*out));
	r->base_desc = talloc_asprintf(r, "HEAD (%.12s)%s", r->base, note ? note : "");
	return PB_OK;
}

/* Where a branch stands: its tip (NULL when new), whether it is checked out
 * in this work tree; refused when another work tree has it. */
static int branch_state(pb_apply_result_t *r, git_reference **ref, bool *here, git_repository *repo,
			const char *refname, pb_error_t *err)
{
	int valid = 0;
	*ref = NULL;
	*here = false;
	if (git_reference_name_is_valid(&valid, refname) < 0 || !valid) {
		r->summary = talloc_asprintf(r, "'%s' is not a valid branch name", refname + 11);
		return pb_error_set(err, PB_ERR_USAGE, "%s", r->summary);
	}
	if (git_reference_lookup(ref, repo, refname) < 0) {
		git_error_clear();
		*ref = NULL;
		return PB_OK;
	}
	if (git_repository_is_bare(repo))
		return PB_OK;
	if (git_branch_is_head(*ref) == 1) {
		*here = true;
	} else if (git_branch_is_checked_out(*ref) == 1) {
		r->summary = talloc_asprintf(r, "%s is checked out in another work tree; nothing was changed", refname + 11);
		git_reference_free(*ref);
		*ref = NULL;
		return pb_error_set(err, PB_ERR_REFUSED, "%s", r->summary);
	}
	git_error_clear();
	return PB_OK;
}

static int refuse_dirty(pb_apply_result_t *r, git_repository *repo, const char *refname, pb_error_t *err)
{
	char *path = NULL;
	int rc = _pb_worktree_dirty(r, &path, repo, err);
	if (rc)
		return rc;
	if (path) {
		r->summary = talloc_asprintf(r,
					     "%s is checked out and its work tree has changes (%s); commit or stash "
					     "them first; nothing was changed",
					     refname + 11, path);
		return pb_error_set(err, PB_ERR_REFUSED, "%s", r->summary);
	}
	return PB_OK;
}

/* ---- moving the branch (and the work tree) --------------------------------------- */

static int in_the_way(pb_apply_result_t *r, git_repository *repo, const char *old_hex, const git_oid *new_id,
		      pb_error_t *err)
{
	git_oid oid;
	git_commit *a = NULL, *b = NULL;
	git_tree *ta = NULL, *tb = NULL;
	char *path = NULL;
	int rc = PB_OK;
	if (git_oid_fromstr(&oid, old_hex) < 0 || git_commit_lookup(&a, repo, &oid) < 0 ||
	    git_commit_lookup(&b, repo, new_id) < 0 || git_commit_tree(&ta, a) < 0 || git_commit_tree(&tb, b) < 0)
		rc = pb_error_git(err, "cannot read the commits to check out");
	else if ((rc = _pb_worktree_in_the_way(r, &path, repo, ta, tb, err)) == PB_OK && path) {
		r->summary = talloc_asprintf(r, "the untracked file %s is in the way; nothing was changed", path);
		rc = pb_error_set(err, PB_ERR_REFUSED, "%s", r->summary);
	}
	git_tree_free(ta);
	git_tree_free(tb);
	git_commit_free(a);
	git_commit_free(b);
	return rc;
}

/* Move REFNAME from OLD_HEX ("" : create it) to NEW_ID. */
static int move_ref(git_repository *repo, const char *refname, const char *old_hex, const git_oid *new_id,
		    const char *msg, pb_error_t *err)
{
	git_reference *ref = NULL;
	git_oid old;
	int e;
	if (*old_hex) {
		git_oid_fromstr(&old, old_hex);
		e = git_reference_create_matching(&ref, repo, refname, new_id, 1, &old, msg);
	} else {
		e = git_reference_create(&ref, repo, refname, new_id, 0, msg);
	}
	git_reference_free(ref);
	return e < 0 ? pb_error_git(err, "cannot update %s", refname) : PB_OK;
}

/* Put REFNAME back to OLD_HEX (delete it when ""): a rollback. */
static void restore_ref(git_repository *repo, const char *refname, const char *old_hex, const git_oid *cur)
{
	git_reference *ref = NULL;
	git_oid old;
	if (!*old_hex) {
		if (git_reference_lookup(&ref, repo, refname) == 0)
			git_reference_delete(ref);
	} else if (git_oid_fromstr(&old, old_hex) == 0) {
		git_reference_create_matching(&ref, repo, refname, &old, 1, cur, "patchbay: roll back");
	}
	git_reference_free(ref);
	git_error_clear();
}

/* ---- the apply ---------------------------------------------------------------------- */

pb_status_t pb_apply_commit_message(TALLOC_CTX *mem_ctx, char **out, const pb_patch_t *p, const pb_mail_t *m,
				    const pb_am_opts_t *am)
{
	char *raw = NULL;
	int rc = pb_am_commit_message(mem_ctx, &raw, p, m, am);
	if (rc)
		return rc;
	*out = _pb_stripspace(mem_ctx, raw);
	talloc_free(raw);
	return *out ? PB_OK : PB_ERR_NOMEM;
}

static bool is_missing(const pb_version_t *v, int index)
{
	for (size_t i = 0; i < v->n_missing; i++)
		if (v->missing[i] == index)
			return true;
	return false;
}

struct apply_run {
	pb_apply_result_t *r;
	const pb_version_t *v;
	const pb_apply_opts_t *o;
	_pb_repo_t *h;
	const pb_patch_t **sel;
	pb_mail_t **mails;
	pb_mail_t *cover;
	char *refname, *merge_ref;
	bool here, merge_here;
	git_commit *base, *tip, *merge_tip;
	git_signature *committer;
};

static void fail_summary(struct apply_run *a, size_t i, const _pb_patch_fail_t *f, int total)
{
	pb_apply_result_t *r = a->r;
	const pb_applied_t *p = &r->patches[i];
	r->failed = (int)i;
	r->failed_file = f->file;
	r->failed_hunk = f->hunk;
	r->failed_hunks = f->hunks;
	r->failed_hunk_header = f->hunk_header;
	r->conflicts = f->conflicts;
	r->n_conflicts = f->n_conflicts;
	r->summary = talloc_asprintf(r, "patch %d/%d \"%s\" does not apply", p->index, total, p->title);
	if (f->n_conflicts) {
		r->summary = talloc_asprintf_append(r->summary, ": the three-way merge conflicts in");
		for (size_t k = 0; k < f->n_conflicts; k++)
			r->summary = talloc_asprintf_append(r->summary, "%s %s", k ? "," : "", f->conflicts[k]);
	} else if (f->file && *f->file && f->hunk) {
		r->summary = talloc_asprintf_append(r->summary, ": %s, hunk %d of %d%s%s%s (%s)", f->file, f->hunk,
						    f->hunks, f->hunk_header ? " \"" : "",
						    f->hunk_header ? f->hunk_header : "", f->hunk_header ? "\"" : "", f->why);
	} else if (f->file && *f->file) {
		r->summary = talloc_asprintf_append(r->summary, ": %s (%s)", f->file, f->why);
	} else {
		r->summary = talloc_asprintf_append(r->summary, ": %s", f->why ? f->why : "bad diff");
	}
	r->summary = talloc_asprintf_append(r->summary, "; nothing was changed");
}

static int commit_patches(struct apply_run *a, pb_error_t *err)
{
	pb_apply_result_t *r = a->r;
	git_repository *repo = a->h->repo;
	git_tree *tree = NULL;
	git_commit *parent = a->base;
	pb_am_opts_t am = a->o->am;
	pb_person_t me;
	int total = a->v->total > 0 ? a->v->total : (int)a->v->n_patches;
	int rc = PB_OK;

	am.version = 0;
	am.patches = NULL;
	if (a->o->signoff) {
		me.name = (char *)a->committer->name;
		me.email = (char *)a->committer->email;
		am.signoff = &me;
	}
	if (git_commit_tree(&tree, a->base) < 0)
		return pb_error_git(err, "cannot read the base tree");
	for (size_t i = 0; i < r->n_patches; i++) {
		_pb_patch_fail_t f;
		git_oid tid, cid;
		git_tree *nt = NULL;
		git_signature *author = NULL;
		git_commit *c = NULL;
		char *msg = NULL;
		bool tw = false;
		if (!a->mails[i]->diff) {
			memset(&f, 0, sizeof(f));
			f.why = talloc_strdup(r, "the mail carries no diff");
			fail_summary(a, i, &f, total);
			rc = pb_error_set(err, PB_ERR_CONFLICT, "%s", r->summary);
			break;
		}
		rc = _pb_apply_diff(r, &tid, &tw, &f, repo, tree, a->mails[i]->diff, !a->o->no_three_way, err);
		if (rc == PB_ERR_CONFLICT || rc == PB_ERR_GIT) {
			fail_summary(a, i, &f, total);
			pb_error_set(err, rc, "%s", r->summary);
			break;
		}
		if (rc)
			break;
		if ((rc = pb_apply_commit_message(r, &msg, a->sel[i], a->mails[i], &am)) ||
		    (rc = _pb_author_sig(&author, a->mails[i], err)))
			break;
		if (git_tree_lookup(&nt, repo, &tid) < 0 ||
		    git_commit_create(&cid, repo, NULL, author, a->committer, NULL, msg, nt, 1,
				      (const git_commit **)&parent) < 0 ||
		    git_commit_lookup(&c, repo, &cid) < 0) {
			rc = pb_error_git(err, "cannot commit patch %d", r->patches[i].index);
			git_signature_free(author);
			git_tree_free(nt);
			break;
		}
		git_signature_free(author);
		talloc_free(msg);
		git_tree_free(tree);
		tree = nt;
		if (parent != a->base)
			git_commit_free(parent);
		parent = c;
		hex(r->patches[i].commit, &cid);
		r->patches[i].three_way = tw;
		r->n_applied++;
	}
	git_tree_free(tree);
	if (rc == PB_OK)
		a->tip = parent;
	else if (parent != a->base)
		git_commit_free(parent);
	return rc;
}

static int merge_step(struct apply_run *a, git_oid *out, pb_error_t *err)
{
	pb_apply_result_t *r = a->r;
	git_repository *repo = a->h->repo;
	git_index *idx = NULL;
	git_tree *tree = NULL;
	git_oid tid;
	const git_commit *parents[2] = {a->merge_tip, a->tip};
	const char *lm = a->o->merge_linkmask ? a->o->merge_linkmask
					      : a->o->am.linkmask ? a->o->am.linkmask : "https://patch.msgid.link/%s";
	const char *title = a->v->cover ? a->v->cover->title : a->sel[0]->rec->title;
	const char *msgid = a->v->cover ? a->v->cover->msgid : a->sel[0]->rec->msgid;
	char *msg;
	int rc = PB_OK;

	if (git_oid_equal(git_commit_id(a->merge_tip), git_commit_id(a->tip)) ||
	    git_graph_descendant_of(repo, git_commit_id(a->merge_tip), git_commit_id(a->tip)) == 1) {
		/* already there: no empty merge */
		git_oid_cpy(out, git_commit_id(a->merge_tip));
		return PB_OK;
	}
	if (git_merge_commits(&idx, repo, a->merge_tip, a->tip, NULL) < 0)
		return pb_error_git(err, "cannot merge into %s", a->merge_ref + 11);
	if (git_index_has_conflicts(idx)) {
		git_index_conflict_iterator *it = NULL;
		const git_index_entry *x, *o, *t;
		r->summary = talloc_asprintf(r, "merging %s into %s conflicts in", r->branch + 11, a->merge_ref + 11);
		if (git_index_conflict_iterator_new(&it, idx) == 0) {
			for (int k = 0; git_index_conflict_next(&x, &o, &t, it) == 0; k++)
				r->summary = talloc_asprintf_append(r->summary, "%s %s", k ? "," : "",
								    o ? o->path : t ? t->path : x->path);
			git_index_conflict_iterator_free(it);
		}
		r->summary = talloc_asprintf_append(r->summary, "; nothing was changed");
		git_index_free(idx);
		return pb_error_set(err, PB_ERR_CONFLICT, "%s", r->summary);
	}
	msg = _pb_merge_message(r, title, a->cover, msgid, lm, a->o->merge_signoff ? a->committer : NULL,
				r->n_applied);
	if (!msg)
		rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	else if (git_index_write_tree_to(&tid, idx, repo) < 0 || git_tree_lookup(&tree, repo, &tid) < 0 ||
		 git_commit_create(out, repo, NULL, a->committer, a->committer, NULL, msg, tree, 2, parents) < 0)
		rc = pb_error_git(err, "cannot commit the merge into %s", a->merge_ref + 11);
	git_tree_free(tree);
	git_index_free(idx);
	return rc;
}

/* Everything is in memory: write it, move the work tree and the refs. */
static int publish(struct apply_run *a, const git_oid *merge_id, pb_error_t *err)
{
	pb_apply_result_t *r = a->r;
	git_repository *repo = a->h->repo;
	const git_oid *tip = git_commit_id(a->tip);
	const char *wt_old = a->here ? r->old_id : a->merge_here ? r->merge_old : NULL;
	const git_oid *wt_new = a->here ? tip : a->merge_here ? merge_id : NULL;
	char *msg;
	int rc;

	if (wt_old && ((rc = _pb_wt_unlocked(repo, err)) || (rc = in_the_way(r, repo, wt_old, wt_new, err))))
		return rc;
	if ((rc = persist(a->h, err)))
		return rc;
	if (wt_old) {
		git_oid old;
		git_oid_fromstr(&old, wt_old);
		if ((rc = _pb_wt_update(r, repo, &old, wt_new, a->here ? r->branch : a->merge_ref, err)))
			return rc;
		r->worktree_updated = true;
	}
	msg = talloc_asprintf(r, "patchbay: apply v%d of <%s>: %s (%zu patch%s)", r->version, r->series_id,
			      a->sel[0]->rec->title, r->n_applied, r->n_applied == 1 ? "" : "es");
	for (char *c = msg; c && *c; c++)
		if (*c == '\n')
			*c = ' ';
	if ((rc = move_ref(repo, r->branch, r->old_id, tip, msg, err)))
		goto rollback_wt;
	if (merge_id) {
		msg = talloc_asprintf(r, "patchbay: merge %s, v%d of <%s>", r->branch + 11, r->version, r->series_id);
		if ((rc = move_ref(repo, a->merge_ref, r->merge_old, merge_id, msg, err))) {
			restore_ref(repo, r->branch, r->old_id, tip);
			goto rollback_wt;
		}
	}
	if (wt_old)
		_pb_wt_done(repo);
	return PB_OK;
rollback_wt:
	if (wt_old) {
		git_oid old;
		pb_error_t e2 = {0};
		git_oid_fromstr(&old, wt_old);
		if (_pb_checkout(repo, wt_new, &old, true, &e2) == PB_OK)
			_pb_wt_done(repo);
		r->worktree_updated = false;
	}
	return rc;
}

static int prepare(struct apply_run *a, TALLOC_CTX *tmp, pb_index_t *idx, const pb_series_t *s, pb_error_t *err)
{
	pb_apply_result_t *r = a->r;
	const pb_apply_opts_t *o = a->o;
	const pb_version_t *v = a->v;
	size_t n = 0;
	int rc;

	if (pb_am_selected(o->patches, 1) == PB_AM_SPEC_BAD) {
		r->summary = talloc_asprintf(r, "bad patch list '%s' (use e.g. 1,3-5)", o->patches);
		return pb_error_set(err, PB_ERR_USAGE, "%s", r->summary);
	}
	r->patches = talloc_zero_array(r, pb_applied_t, v->n_patches ? v->n_patches : 1);
	a->sel = talloc_array(tmp, const pb_patch_t *, v->n_patches ? v->n_patches : 1);
	a->mails = talloc_array(tmp, pb_mail_t *, v->n_patches ? v->n_patches : 1);
	if (!r->patches || !a->sel || !a->mails)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	for (int k = 1; o->patches && k <= v->total; k++)
		if (pb_am_selected(o->patches, k) == PB_AM_SELECTED && is_missing(v, k)) {
			r->summary = talloc_asprintf(r, "patch %d/%d of v%d was never received; nothing was changed", k,
						     v->total, v->version);
			return pb_error_set(err, PB_ERR_NOTFOUND, "%s", r->summary);
		}
	if (!o->patches && v->n_missing) {
		r->summary = talloc_asprintf(r,
					     "v%d is incomplete: patch %d/%d was never received; choose the patches to "
					     "apply (e.g. --patches 1-%d); nothing was changed",
					     v->version, v->missing[0], v->total, v->missing[0] > 1 ? v->missing[0] - 1 : 1);
		return pb_error_set(err, PB_ERR_NOTFOUND, "%s", r->summary);
	}
	for (size_t i = 0; i < v->n_patches; i++) {
		const pb_patch_t *p = v->patches[i];
		if (pb_am_selected(o->patches, p->index) != PB_AM_SELECTED)
			continue;
		if ((rc = pb_index_load_mail(idx, tmp, p->rec, &a->mails[n], err))) {
			r->summary = talloc_asprintf(r, "cannot read patch %d: %s", p->index, pb_error_msg(err));
			return rc;
		}
		a->sel[n] = p;
		r->patches[n].index = p->index;
		r->patches[n].msgid = talloc_strdup(r->patches, p->rec->msgid);
		r->patches[n].title = talloc_strdup(r->patches, p->rec->title);
		n++;
	}
	r->n_patches = n;
	if (n == 0) {
		r->summary = talloc_asprintf(r, "no patch of v%d matches '%s'", v->version, o->patches ? o->patches : "");
		return pb_error_set(err, PB_ERR_NOTFOUND, "%s", r->summary);
	}
	if (o->merge_into && v->cover && (rc = pb_index_load_mail(idx, tmp, v->cover, &a->cover, err)))
		return rc;
	(void)s;
	return PB_OK;
}

static int check_branches(struct apply_run *a, TALLOC_CTX *tmp, pb_error_t *err)
{
	pb_apply_result_t *r = a->r;
	git_repository *repo = a->h->repo;
	git_reference *ref = NULL;
	int rc;

	if ((rc = branch_state(r, &ref, &a->here, repo, r->branch, err)))
		return rc;
	if (ref) {
		const git_oid *cur = git_reference_target(ref);
		hex(r->old_id, cur);
		if (!git_oid_equal(cur, git_commit_id(a->base)) &&
		    git_graph_descendant_of(repo, git_commit_id(a->base), cur) != 1 && !a->o->force) {
			r->summary = talloc_asprintf(r,
						     "branch %s exists (at %.12s) and the series on %s would not "
						     "fast-forward it; use --force to replace it (undo restores it), or "
						     "another branch; nothing was changed",
						     r->branch + 11, r->old_id, r->base_desc);
			git_reference_free(ref);
			return pb_error_set(err, PB_ERR_REFUSED, "%s", r->summary);
		}
		git_reference_free(ref);
		if (a->here && (rc = refuse_dirty(r, repo, r->branch, err)))
			return rc;
	}
	if (a->o->merge_into) {
		git_object *obj = NULL;
		a->merge_ref = talloc_asprintf(tmp, "refs/heads/%s", a->o->merge_into);
		r->merge_branch = talloc_strdup(r, a->merge_ref);
		if ((rc = branch_state(r, &ref, &a->merge_here, repo, a->merge_ref, err)))
			return rc;
		if (!ref) {
			r->summary = talloc_asprintf(r, "there is no branch %s to merge into; nothing was changed",
						     a->o->merge_into);
			return pb_error_set(err, PB_ERR_NOTFOUND, "%s", r->summary);
		}
		if (strcmp(a->merge_ref, r->branch) == 0) {
			git_reference_free(ref);
			r->summary = talloc_asprintf(r, "cannot merge %s into itself", a->o->merge_into);
			return pb_error_set(err, PB_ERR_USAGE, "%s", r->summary);
		}
		hex(r->merge_old, git_reference_target(ref));
		rc = git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT);
		git_reference_free(ref);
		if (rc < 0)
			return pb_error_git(err, "cannot read %s", a->o->merge_into);
		a->merge_tip = (git_commit *)obj;
		if (a->merge_here && (rc = refuse_dirty(r, repo, a->merge_ref, err)))
			return rc;
	}
	return PB_OK;
}

void pb_apply_opts_load(pb_apply_opts_t *o, pb_conf_t *conf)
{
	o->target = pb_conf_get(conf, "patchbay.target");
	o->am.linkmask = pb_conf_get(conf, "patchbay.linkmask");
	o->am.trailer_order = pb_conf_get(conf, "patchbay.trailerorder");
	o->signoff = pb_conf_bool(conf, "patchbay.signoff", false);
	o->merge_signoff = pb_conf_bool(conf, "patchbay.mergesignoff", true);
	o->am.carried = pb_conf_bool(conf, "patchbay.carrytrailers", false);
}

pb_status_t pb_apply_series(TALLOC_CTX *mem_ctx, pb_apply_result_t **out, pb_index_t *idx, const pb_series_t *s,
			    const pb_apply_opts_t *o, pb_error_t *err)
{
	void *tmp = talloc_new(mem_ctx);
	struct apply_run a = {0};
	pb_apply_result_t *r = talloc_zero(mem_ctx, pb_apply_result_t);
	git_oid merge_id;
	bool merged_already = false;
	int rc;

	*out = r;
	if (!r || !tmp) {
		talloc_free(tmp);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	r->failed = -1;
	a.r = r;
	a.o = o;
	a.v = o->version ? pb_series_version(s, o->version) : pb_series_latest(s);
	r->series_id = talloc_strdup(r, s->id);
	if (!a.v) {
		r->summary = talloc_asprintf(r, "the series has no version %d", o->version);
		rc = pb_error_set(err, PB_ERR_NOTFOUND, "%s", r->summary);
		goto out;
	}
	r->version = a.v->version;
	r->cover_msgid = a.v->cover ? talloc_strdup(r, a.v->cover->msgid) : NULL;
	if (!o->branch || !*o->branch) {
		r->summary = talloc_strdup(r, "no branch name given");
		rc = pb_error_set(err, PB_ERR_USAGE, "%s", r->summary);
		goto out;
	}
	r->branch = talloc_asprintf(r, "refs/heads/%s", o->branch);
	if ((rc = prepare(&a, tmp, idx, s, err)))
		goto out;
	if ((rc = _pb_repo_open(tmp, &a.h, o->repo_path, err))) {
		r->summary = talloc_strdup(r, pb_error_msg(err));
		goto out;
	}
	{
		const char *wd = git_repository_workdir(a.h->repo);
		r->repo_path = talloc_strdup(r, wd ? wd : git_repository_path(a.h->repo));
	}
	/* what a killed apply left in the work tree goes first */
	if (!o->dry_run && (rc = _pb_wt_recover(r, a.h->repo, &r->recovered, err))) {
		r->summary = talloc_asprintf(r, "%s; nothing was changed", pb_error_msg(err));
		goto out;
	}
	if ((rc = resolve_base(r, &a.base, a.h->repo, a.v, o, err)) || (rc = check_branches(&a, tmp, err)) ||
	    (rc = _pb_committer_sig(&a.committer, a.h->repo, o->committer, err)) || (rc = use_memory(a.h, err)))
		goto out;
	if ((rc = commit_patches(&a, err)))
		goto out;
	if (o->merge_into && (rc = merge_step(&a, &merge_id, err)))
		goto out;
	merged_already = o->merge_into && git_oid_equal(&merge_id, git_commit_id(a.merge_tip));
	if (!o->dry_run && (rc = publish(&a, o->merge_into && !merged_already ? &merge_id : NULL, err))) {
		if (!r->summary || !strstr(r->summary, "nothing was changed"))
			r->summary = talloc_asprintf(r, "%s; nothing was changed", pb_error_msg(err));
		goto out;
	}
	hex(r->new_id, git_commit_id(a.tip));
	if (o->merge_into && !merged_already)
		hex(r->merge_id, &merge_id);
	r->summary = talloc_asprintf(r, "%s %zu patch%s of v%d to %s on %s", o->dry_run ? "would apply" : "applied",
				     r->n_applied, r->n_applied == 1 ? "" : "es", r->version, o->branch, r->base_desc);
	for (size_t i = 0; i < r->n_patches; i++)
		if (r->patches[i].three_way)
			r->summary = talloc_asprintf_append(r->summary, "; patch %d needed a three-way merge",
							    r->patches[i].index);
	if (o->merge_into)
		r->summary = talloc_asprintf_append(r->summary, "; %s %s", merged_already ? "already in" :
						    o->dry_run ? "would merge into" : "merged into", o->merge_into);
	if (r->worktree_updated)
		r->summary = talloc_asprintf_append(r->summary, "; the work tree was updated");
	if (r->recovered)
		r->summary = talloc_asprintf_append(r->summary, " (first, %s)", r->recovered);
	if (o->dry_run) {
		/* nothing is kept: the commits only existed in memory */
		r->new_id[0] = '\0';
		r->merge_id[0] = '\0';
	}
	rc = PB_OK;
out:
	if (rc) {
		r->n_applied = 0;
		r->new_id[0] = r->merge_id[0] = '\0';
		for (size_t i = 0; i < r->n_patches; i++)
			r->patches[i].commit[0] = '\0';
		if (!r->summary)
			r->summary = talloc_strdup(r, pb_error_msg(err));
	}
	if (a.tip && a.tip != a.base)
		git_commit_free(a.tip);
	git_commit_free(a.base);
	git_commit_free(a.merge_tip);
	git_signature_free(a.committer);
	talloc_free(tmp); /* frees the repository and the objects in memory */
	return rc;
}
