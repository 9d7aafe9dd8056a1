/* apply_batch.c: apply several series to one branch, one on top of the
 * other (a committer's "apply these five to staging"). */
#include <string.h>

#include "patchbay/apply.h"
#include "core/action/apply_priv.h"

/* The order of a batch: oldest posting first, except that a series comes
 * after those of the batch it depends on ("Depends-on:", a
 * prerequisite-message-id); among series that wait on each other (a
 * cycle), the oldest goes first. */
static void batch_order(pb_series_t **s, size_t n)
{
	for (size_t done = 0; done < n; done++) {
		size_t best = n;
		for (size_t i = done; i < n; i++) {
			bool waits = false;
			for (size_t d = 0; d < s[i]->n_depends_on && !waits; d++)
				for (size_t j = done; j < n; j++)
					if (j != i && s[j] == s[i]->depends_on[d])
						waits = true;
			if (!waits && (best == n || pb_series_latest(s[i])->date < pb_series_latest(s[best])->date))
				best = i;
		}
		if (best == n) /* a cycle: the oldest of what is left */
			for (size_t i = done; i < n; i++)
				if (best == n || pb_series_latest(s[i])->date < pb_series_latest(s[best])->date)
					best = i;
		pb_series_t *t = s[done];
		s[done] = s[best];
		s[best] = t;
	}
}

/* Does BRANCH exist in the repository at PATH? */
static pb_status_t branch_exists(TALLOC_CTX *tmp, bool *out, const char *path, const char *branch, pb_error_t *err)
{
	_pb_repo_t *h;
	git_reference *ref = NULL;
	char *name = talloc_asprintf(tmp, "refs/heads/%s", branch);
	pb_status_t rc;
	if (!name)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if ((rc = _pb_repo_open(tmp, &h, path, err)))
		return rc;
	*out = git_reference_lookup(&ref, h->repo, name) == 0;
	git_reference_free(ref);
	git_error_clear();
	return PB_OK;
}

pb_status_t pb_apply_batch(TALLOC_CTX *mem_ctx, pb_apply_batch_t **out, pb_index_t *idx, const char *const *ids,
			   size_t n, const pb_apply_opts_t *opts, pb_error_t *err)
{
	pb_apply_batch_t *b = talloc_zero(mem_ctx, pb_apply_batch_t);
	void *tmp = talloc_new(b);
	pb_series_t **s = NULL;
	pb_apply_opts_t o;
	pb_status_t rc = PB_OK;
	bool exists = false;
	*out = b;
	if (!b || !tmp || !(s = talloc_zero_array(tmp, pb_series_t *, n ? n : 1)) ||
	    !(b->results = talloc_zero_array(b, pb_apply_result_t *, n ? n : 1))) {
		if (b)
			b->summary = "out of memory";
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	if (!n || !opts->branch || !*opts->branch || opts->version || opts->patches || opts->dry_run ||
	    opts->merge_into) {
		b->summary = "a batch takes series and a branch, and no version, patch list, dry run or merge";
		rc = pb_error_set(err, PB_ERR_USAGE, "%s", b->summary);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (pb_index_find(idx, ids[i], &s[i], NULL, NULL) != PB_OK || !pb_series_latest(s[i])) {
			b->summary = talloc_asprintf(b, "no series has a message <%s>; nothing was applied", ids[i]);
			rc = pb_error_set(err, PB_ERR_NOTFOUND, "%s", b->summary);
			goto out;
		}
		for (size_t j = 0; j < i; j++)
			if (s[j] == s[i]) {
				b->summary = talloc_asprintf(b, "%s and %s name one series; nothing was applied", ids[j],
							     ids[i]);
				rc = pb_error_set(err, PB_ERR_USAGE, "%s", b->summary);
				goto out;
			}
	}
	batch_order(s, n);
	if ((rc = branch_exists(tmp, &exists, opts->repo_path, opts->branch, err))) {
		b->summary = talloc_strdup(b, pb_error_msg(err));
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		pb_apply_result_t *r = NULL;
		o = *opts;
		/* on top of the branch as the series before left it; a base
		 * given is for the first, when there is no branch yet */
		if (exists || i > 0)
			o.base = opts->branch;
		rc = pb_apply_series(b, &r, idx, s[i], &o, err);
		if (!r) {
			b->summary = talloc_asprintf(b, "%s", pb_error_msg(err));
			goto out;
		}
		b->results[b->n_results++] = r;
		if (rc)
			break;
		if ((rc = pb_apply_mark(idx, r, err))) {
			b->mark_failed = true;
			b->n_applied++;
			break;
		}
		b->n_applied++;
	}
	if (rc == PB_OK)
		b->summary = talloc_asprintf(b, "applied %zu series to %s", n, opts->branch);
	else if (b->mark_failed)
		b->summary = talloc_asprintf(b, "applied %zu of %zu series to %s, but the mail of the last could not "
					     "be marked applied (%s); stopped there", b->n_applied, n, opts->branch,
					     pb_error_msg(err));
	else
		b->summary = talloc_asprintf(b, "applied %zu of %zu series to %s; stopped at \"%s\": %s%s", b->n_applied,
					     n, opts->branch, s[b->n_results - 1]->title,
					     b->results[b->n_results - 1]->summary ? b->results[b->n_results - 1]->summary
										   : pb_error_msg(err),
					     b->n_applied ? " (the ones before stay applied: undo puts them back, the "
							    "last first)" : "");
out:
	talloc_free(tmp);
	if (!b->summary)
		b->summary = "out of memory";
	return rc;
}
