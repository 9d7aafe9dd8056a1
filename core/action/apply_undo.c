/* apply_undo.c: undo an apply from the reflog; branch names; the applied
 * tag on the mail. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "patchbay/apply.h"
#include "patchbay/store.h"
#include "core/action/apply_priv.h"

/* ---- branch names ------------------------------------------------------------ */

/* Lower case, runs of other characters as one '-', at most MAX bytes
 * (cut at a '-'). */
static char *slug(TALLOC_CTX *ctx, const char *s, size_t max, bool keep_dots)
{
	char *o = talloc_size(ctx, strlen(s) + 1), *w = o;
	bool dash = true;
	if (!o)
		return NULL;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (isalnum(*c) || (keep_dots && (*c == '.' || *c == '_') && !dash)) {
			*w++ = (char)tolower(*c);
			dash = false;
		} else if (!dash) {
			*w++ = '-';
			dash = true;
		}
	}
	while (w > o && (w[-1] == '-' || w[-1] == '.'))
		w--;
	*w = '\0';
	if (strlen(o) > max) {
		char *cut = o + max;
		*cut = '\0';
		if ((cut = strrchr(o, '-')) && cut > o + max / 2)
			*cut = '\0';
	}
	return o;
}

char *pb_apply_branch_name(TALLOC_CTX *mem_ctx, const char *format, const pb_series_t *s, const pb_version_t *v)
{
	const char *f = format && *format ? format : "topic/%a/%s-v%v";
	const char *email = s->author.email ? s->author.email : "";
	const char *at = strchr(email, '@');
	char *out = talloc_strdup(mem_ctx, "");
	for (; out && *f; f++) {
		if (*f != '%' || !f[1]) {
			out = talloc_strndup_append(out, f, 1);
			continue;
		}
		f++;
		switch (*f) {
		case 'a': {
			char *local = talloc_strndup(out, email, at ? (size_t)(at - email) : strlen(email));
			out = talloc_strdup_append(out, local ? slug(out, local, 40, true) : "");
			break;
		}
		case 's': out = talloc_strdup_append(out, slug(out, s->title ? s->title : "series", 48, false)); break;
		case 'v': out = talloc_asprintf_append(out, "%d", v->version); break;
		case 'n': out = talloc_asprintf_append(out, "%d", v->total > 0 ? v->total : (int)v->n_patches); break;
		case 'd': {
			time_t t = (time_t)v->date;
			struct tm tm;
			char buf[16];
			gmtime_r(&t, &tm);
			strftime(buf, sizeof(buf), "%Y%m%d", &tm);
			out = talloc_strdup_append(out, buf);
			break;
		}
		case '%': out = talloc_strdup_append(out, "%"); break;
		default: out = talloc_asprintf_append(out, "%%%c", *f); break;
		}
	}
	return out;
}

/* ---- the applied tag --------------------------------------------------------------- */

pb_status_t pb_apply_mark(pb_index_t *idx, const pb_apply_result_t *r, pb_error_t *err)
{
	const char **ids = talloc_array(idx, const char *, r->n_patches + 1);
	size_t n = 0;
	int rc;
	if (!ids)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < r->n_patches; i++)
		if (r->patches[i].commit[0])
			ids[n++] = r->patches[i].msgid;
	if (n && r->cover_msgid)
		ids[n++] = r->cover_msgid;
	rc = n ? pb_store_tag(idx, ids, n, "+" PB_TAG_APPLIED, err) : PB_OK;
	talloc_free(ids);
	return rc;
}

pb_status_t pb_apply_unmark(TALLOC_CTX *mem_ctx, pb_unmark_result_t *out, pb_index_t *idx, const char *series_msgid,
			    int version, pb_error_t *err)
{
	pb_series_t *s;
	pb_version_t *v;
	const char **ids;
	const pb_msgrec_t **replies = NULL;
	size_t n = 0, nr = 0;
	int rc;
	if (out)
		memset(out, 0, sizeof(*out));
	if (pb_index_find(idx, series_msgid, &s, NULL, NULL) != PB_OK)
		return pb_error_set(err, PB_ERR_NOTFOUND, "no series has a message <%s>", series_msgid);
	v = version ? pb_series_version(s, version) : pb_series_latest(s);
	if (!v)
		return pb_error_set(err, PB_ERR_NOTFOUND, "the series has no version %d", version);
	ids = talloc_array(idx, const char *, v->n_patches + 1);
	if (!ids)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if (v->cover)
		ids[n++] = v->cover->msgid;
	for (size_t i = 0; i < v->n_patches; i++)
		ids[n++] = v->patches[i]->rec->msgid;
	/* the notifications: the replies that make the version applied */
	if (pb_series_version_replies(pb_index_series(idx), v, ids, &replies, &nr) != PB_OK) {
		talloc_free(ids);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	{
		const char **told = talloc_array(ids, const char *, nr ? nr : 1);
		size_t k = 0;
		if (!told) {
			talloc_free(ids);
			return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		}
		const pb_msgrec_t *first = NULL;
		for (size_t i = 0; i < nr; i++)
			if (pb_reply_says_applied(v, replies[i])) {
				if (!first)
					first = replies[i];
				told[k++] = replies[i]->msgid;
			}
		if (out && first) {
			out->n_told = k;
			out->told_date = first->date;
			if (!(out->told_msgid = talloc_strdup(mem_ctx, first->msgid))) {
				talloc_free(ids);
				return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
			}
		}
		rc = k ? pb_store_tag(idx, told, k, "+" PB_TAG_UNDONE, err) : PB_OK;
	}
	if (rc == PB_OK)
		rc = pb_store_tag(idx, ids, n, "-" PB_TAG_APPLIED, err);
	talloc_free(ids);
	return rc;
}

/* ---- undo ---------------------------------------------------------------------------- */

static void parse_applied(pb_undo_result_t *u, const char *msg)
{
	const char *v = strstr(msg, " v"), *lt = strchr(msg, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	if (v)
		u->version = atoi(v + 2);
	if (lt && gt)
		u->series_msgid = talloc_strndup(u, lt + 1, (size_t)(gt - lt - 1));
}

pb_status_t pb_apply_undo(TALLOC_CTX *mem_ctx, pb_undo_result_t **out, const char *repo_path, const char *branch,
			  pb_error_t *err)
{
	void *tmp = talloc_new(mem_ctx);
	pb_undo_result_t *u = talloc_zero(mem_ctx, pb_undo_result_t);
	_pb_repo_t *h = NULL;
	git_reference *ref = NULL;
	git_reflog *log = NULL;
	const git_reflog_entry *e;
	const char *msg;
	git_oid cur, old;
	bool here = false;
	int rc;

	*out = u;
	if (!tmp || !u) {
		talloc_free(tmp);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	u->branch = talloc_asprintf(u, "refs/heads/%s", branch);
	if ((rc = _pb_repo_open(tmp, &h, repo_path, err)))
		goto out;
	/* a killed apply or undo first: the branch it left is what is undone */
	{
		char *note = NULL;
		if ((rc = _pb_wt_recover(tmp, h->repo, &note, err)))
			goto out;
	}
	if (git_reference_lookup(&ref, h->repo, u->branch) < 0) {
		rc = pb_error_set(err, PB_ERR_NOTFOUND, "there is no branch %s", branch);
		goto out;
	}
	git_oid_cpy(&cur, git_reference_target(ref));
	git_oid_tostr(u->from, sizeof(u->from), &cur);
	if (git_reflog_read(&log, h->repo, u->branch) < 0 || git_reflog_entrycount(log) == 0) {
		rc = pb_error_set(err, PB_ERR_REFUSED, "%s has no reflog to undo from", branch);
		goto out;
	}
	/* past the applies already undone (an undo right over the apply it
	 * put back), so that undo after undo takes back the apply before:
	 * a batch (pb_apply_batch) comes off one series at a time */
	{
		size_t k = 0, count = git_reflog_entrycount(log);
		for (;;) {
			const git_reflog_entry *ue = git_reflog_entry_byindex(log, k), *ae;
			const char *um = git_reflog_entry_message(ue) ? git_reflog_entry_message(ue) : "";
			if (k + 1 >= count || strncmp(um, "patchbay: undo: ", 16) != 0)
				break;
			ae = git_reflog_entry_byindex(log, k + 1);
			if (!git_oid_equal(git_reflog_entry_id_old(ue), git_reflog_entry_id_new(ae)) ||
			    !git_oid_equal(git_reflog_entry_id_new(ue), git_reflog_entry_id_old(ae)) || k + 2 >= count)
				break;
			k += 2;
		}
		e = git_reflog_entry_byindex(log, k);
	}
	msg = git_reflog_entry_message(e) ? git_reflog_entry_message(e) : "";
	u->undone = talloc_strdup(u, msg);
	if (strncmp(msg, "patchbay: apply ", 16) != 0 && strncmp(msg, "patchbay: merge ", 16) != 0) {
		rc = pb_error_set(err, PB_ERR_REFUSED, "the last change to %s was not an apply by patchbay (%s); nothing to undo",
				  branch, msg);
		goto out;
	}
	if (!git_oid_equal(&cur, git_reflog_entry_id_new(e))) {
		rc = pb_error_set(err, PB_ERR_REFUSED, "%s moved since patchbay changed it; nothing was changed", branch);
		goto out;
	}
	parse_applied(u, msg);
	git_oid_cpy(&old, git_reflog_entry_id_old(e));
	if (!git_repository_is_bare(h->repo) && git_branch_is_head(ref) == 1)
		here = true;
	else if (!git_repository_is_bare(h->repo) && git_branch_is_checked_out(ref) == 1) {
		rc = pb_error_set(err, PB_ERR_REFUSED, "%s is checked out in another work tree; nothing was changed", branch);
		goto out;
	}
	git_error_clear();
	if (here) {
		char *dirty = NULL;
		if ((rc = _pb_worktree_dirty(tmp, &dirty, h->repo, err)))
			goto out;
		if (dirty) {
			rc = pb_error_set(err, PB_ERR_REFUSED,
					  "%s is checked out and its work tree has changes (%s); nothing was changed", branch,
					  dirty);
			goto out;
		}
	}
	if (git_oid_is_zero(&old)) {
		/* patchbay created it: delete it again */
		if (here) {
			rc = pb_error_set(err, PB_ERR_REFUSED, "%s is checked out; cannot delete it", branch);
			goto out;
		}
		if (git_reference_delete(ref) < 0) {
			rc = pb_error_git(err, "cannot delete %s", branch);
			goto out;
		}
		u->deleted = true;
		rc = PB_OK;
		goto out;
	}
	if (here) {
		if ((rc = _pb_wt_update(tmp, h->repo, &cur, &old, u->branch, err)))
			goto out;
		u->worktree_updated = true;
	}
	{
		git_reference *nr = NULL;
		char *m = talloc_asprintf(tmp, "patchbay: undo: %s", msg);
		if (git_reference_create_matching(&nr, h->repo, u->branch, &old, 1, &cur, m) < 0) {
			pb_error_t e2 = {0};
			rc = pb_error_git(err, "cannot move %s back", branch);
			if (here && _pb_checkout(h->repo, &old, &cur, true, &e2) == PB_OK)
				_pb_wt_done(h->repo);
			u->worktree_updated = false;
			goto out;
		}
		git_reference_free(nr);
		if (here)
			_pb_wt_done(h->repo);
	}
	git_oid_tostr(u->to, sizeof(u->to), &old);
	rc = PB_OK;
out:
	git_reflog_free(log);
	git_reference_free(ref);
	talloc_free(tmp);
	return rc;
}
