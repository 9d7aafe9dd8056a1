/* notify.c: the applied notification, and finding applied patches on a
 * branch. */
#include <stdio.h>
#include <string.h>

#include <git2.h>

#include "patchbay/diff.h"
#include "patchbay/notify.h"
#include "patchbay/store.h"
#include "core/action/apply_priv.h"
#include "core/base/git_priv.h"

static pb_notify_item_t *new_items(TALLOC_CTX *ctx, const pb_version_t *v)
{
	pb_notify_item_t *items = talloc_zero_array(ctx, pb_notify_item_t, v->n_patches ? v->n_patches : 1);
	for (size_t i = 0; items && i < v->n_patches; i++) {
		items[i].index = v->patches[i]->index;
		items[i].title = talloc_strdup(items, v->patches[i]->rec->title);
		items[i].msgid = talloc_strdup(items, v->patches[i]->rec->msgid);
		if (!items[i].title || !items[i].msgid) {
			talloc_free(items);
			return NULL;
		}
	}
	return items;
}

pb_status_t pb_notify_items_from_result(TALLOC_CTX *mem_ctx, pb_notify_item_t **out, size_t *n, const pb_version_t *v,
					const pb_apply_result_t *r)
{
	pb_notify_item_t *items = new_items(mem_ctx, v);
	if (!items)
		return PB_ERR_NOMEM;
	for (size_t i = 0; i < v->n_patches; i++)
		for (size_t k = 0; k < r->n_patches; k++)
			if (strcmp(r->patches[k].msgid, items[i].msgid) == 0)
				memcpy(items[i].commit, r->patches[k].commit, sizeof(items[i].commit));
	*out = items;
	*n = v->n_patches;
	return PB_OK;
}

pb_status_t pb_notify_items_from_branch(TALLOC_CTX *mem_ctx, pb_notify_item_t **out, size_t *n, const char *repo_path,
					const char *branch, const pb_version_t *v, pb_error_t *err)
{
	void *tmp = talloc_new(mem_ctx);
	_pb_repo_t *h = NULL;
	git_revwalk *walk = NULL;
	git_oid id;
	pb_notify_item_t *items;
	char *ref = talloc_asprintf(tmp, "refs/heads/%s", branch);
	size_t found = 0, budget = v->n_patches + 500;
	int rc;

	if (!tmp || !ref || !(items = new_items(tmp, v))) {
		talloc_free(tmp);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	if ((rc = _pb_repo_open(tmp, &h, repo_path, err)))
		goto out;
	if (git_revwalk_new(&walk, h->repo) < 0 || git_revwalk_push_ref(walk, ref) < 0) {
		git_error_clear();
		rc = pb_error_set(err, PB_ERR_NOTFOUND, "there is no branch %s", branch);
		goto out;
	}
	git_revwalk_simplify_first_parent(walk);
	while (found < v->n_patches && budget-- > 0 && git_revwalk_next(&id, walk) == 0) {
		git_commit *c = NULL;
		char pid[41] = "";
		bool have_pid;
		if (git_commit_lookup(&c, h->repo, &id) < 0)
			break;
		have_pid = _pb_commit_patch_id(pid, h->repo, c);
		for (size_t i = 0; i < v->n_patches; i++) {
			const pb_msgrec_t *rec = v->patches[i]->rec;
			bool same = (have_pid && rec->patch_id && strcmp(pid, rec->patch_id) == 0) ||
				    (git_commit_summary(c) && strcmp(git_commit_summary(c), rec->title) == 0);
			if (same && !items[i].commit[0]) {
				git_oid_tostr(items[i].commit, 41, &id);
				found++;
				break;
			}
		}
		git_commit_free(c);
	}
	git_error_clear();
	*out = talloc_steal(mem_ctx, items);
	*n = v->n_patches;
	rc = PB_OK;
out:
	git_revwalk_free(walk);
	talloc_free(tmp);
	return rc;
}

/* "1, 3 and 4" */
static char *index_list(TALLOC_CTX *ctx, const pb_notify_item_t *items, size_t n, bool applied)
{
	char *s = talloc_strdup(ctx, "");
	size_t total = 0, k = 0;
	for (size_t i = 0; i < n; i++)
		total += (items[i].commit[0] != 0) == applied;
	for (size_t i = 0; s && i < n; i++) {
		if ((items[i].commit[0] != 0) != applied)
			continue;
		k++;
		s = talloc_asprintf_append(s, "%s%d", k == 1 ? "" : k == total ? " and " : ", ", items[i].index);
	}
	return s;
}

pb_status_t pb_notify_compose(TALLOC_CTX *mem_ctx, pb_draft_t **out, pb_index_t *idx, const pb_version_t *v,
			      const pb_notify_item_t *items, size_t n, const pb_person_t *me, const pb_notify_opts_t *o,
			      pb_error_t *err)
{
	void *tmp = talloc_new(mem_ctx);
	const pb_msgrec_t *root = v->cover ? v->cover : v->root;
	int total = v->total > 0 ? v->total : (int)v->n_patches;
	size_t applied = 0, width = 1;
	pb_mail_t *m = NULL;
	pb_draft_t *d = NULL;
	char *where, *body, *quote;
	int rc;

	if (!tmp)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		applied += items[i].commit[0] != 0;
	if (!applied) {
		talloc_free(tmp);
		return pb_error_set(err, PB_ERR_NOTFOUND, "no patch of v%d was applied%s%s: nothing to announce",
				    v->version, o && o->branch ? " on " : "", o && o->branch ? o->branch : "");
	}
	for (int t = total; t >= 10; t /= 10)
		width++;
	if ((rc = pb_index_load_mail(idx, tmp, root, &m, err)) || (rc = pb_reply_headers(mem_ctx, &d, m, me, err)))
		goto out;
	if (o && o->tree && *o->tree && o->branch && *o->branch)
		where = talloc_asprintf(tmp, "%s %s", o->tree, o->branch);
	else
		where = talloc_strdup(tmp, o && o->branch && *o->branch ? o->branch : o && o->tree ? o->tree : "my tree");
	quote = pb_reply_quote(tmp, m, m->message && *m->message ? m->message : m->body, 5);
	if (applied == n && (size_t)total == n)
		body = talloc_asprintf(tmp, "%s\nApplied to %s, thanks!\n\n", quote, where);
	else
		body = talloc_asprintf(tmp, "%s\nApplied patch%s %s of %d to %s, thanks!\n\n", quote,
				       applied == 1 ? "" : "es", index_list(tmp, items, n, true), total, where);
	for (size_t i = 0; body && i < n; i++) {
		if (!items[i].commit[0])
			continue;
		body = talloc_asprintf_append(body, "[%0*d/%d] %s\n", (int)width, items[i].index, total, items[i].title);
		if (o && o->commit_url && strstr(o->commit_url, "%s")) {
			const char *pct = strstr(o->commit_url, "%s");
			body = talloc_asprintf_append(body, "      %.*s%s%s\n", (int)(pct - o->commit_url), o->commit_url,
						      items[i].commit, pct + 2);
		} else {
			body = talloc_asprintf_append(body, "      commit: %s\n", items[i].commit);
		}
	}
	if (body && (applied < n || (size_t)total > n)) {
		/* what was not applied, including patches never received */
		char *rest = index_list(tmp, items, n, false);
		size_t left = n - applied;
		for (int k = 1; rest && k <= total; k++) {
			bool known = false;
			for (size_t i = 0; i < n; i++)
				known |= items[i].index == k;
			if (!known) {
				rest = talloc_asprintf_append(rest, "%s%d", *rest ? ", " : "", k);
				left++;
			}
		}
		if (left == 1)
			body = talloc_asprintf_append(body, "\nPatch %s was not applied: it needs more work; "
						      "please send a new version of it.\n", rest);
		else
			body = talloc_asprintf_append(body, "\nPatches %s were not applied: they need more work; "
						      "please send a new version of them.\n", rest);
	}
	if (!body || !(d->body = talloc_strdup(d, body))) {
		rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		goto out;
	}
	*out = d;
	d = NULL;
	rc = PB_OK;
out:
	talloc_free(d);
	talloc_free(tmp);
	return rc;
}

pb_status_t pb_notify_mark(pb_index_t *idx, const char *root_msgid, const pb_notify_item_t *items, size_t n,
			   pb_error_t *err)
{
	const char **ids = talloc_array(idx, const char *, n + 1);
	size_t k = 0;
	int rc;
	if (!ids)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		if (items[i].commit[0])
			ids[k++] = items[i].msgid;
	if (k && root_msgid)
		ids[k++] = root_msgid;
	rc = k ? pb_store_tag(idx, ids, k, "+" PB_TAG_APPLIED, err) : PB_OK;
	talloc_free(ids);
	return rc;
}
