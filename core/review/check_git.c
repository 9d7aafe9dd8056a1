/* check_git.c: the checks that need the repository: Fixes: and
 * base-commit: lookups, and scripts/checkpatch.pl. */
#include <ctype.h>
#include <string.h>

#include <git2.h>
#include <glib.h>

#include "core/base/git_priv.h"
#include "core/review/check_priv.h"

/* Does HEAD of REPO have a file one of the version's patches changes? */
static bool has_series_file(_pb_check_run_t *R, git_repository *repo)
{
	git_object *head = NULL;
	git_tree *tree = NULL;
	bool found = false;
	if (git_revparse_single(&head, repo, "HEAD^{tree}") < 0) {
		git_error_clear();
		return false;
	}
	tree = (git_tree *)head;
	for (size_t k = 0; k < R->v->n_patches && !found; k++) {
		const char *paths = R->v->patches[k]->rec->paths;
		for (const char *p = paths ? paths : ""; *p && !found;) {
			size_t n = strcspn(p, "\n");
			char *one = talloc_strndup(R->tmp, p, n);
			git_tree_entry *e = NULL;
			if (one && git_tree_entry_bypath(&e, tree, one) == 0) {
				found = true;
				git_tree_entry_free(e);
			}
			git_error_clear();
			talloc_free(one);
			p += n + (p[n] ? 1 : 0);
		}
	}
	git_object_free(head);
	return found;
}

int _pb_check_repo_open(_pb_check_run_t *R)
{
	_pb_repo_t *h = NULL;
	git_repository *repo;
	int rc;
	R->repo = NULL;
	if (!R->pf->repo_path)
		return PB_OK;
	if ((rc = _pb_repo_open(R->r, &h, R->pf->repo_path, R->err)))
		return rc;
	repo = h->repo;
	/* the current directory's repository is this project's when it has
	 * a file the version changes (Fixes: of any other project are not
	 * errors of this one) */
	if (R->pf->repo_guessed && !has_series_file(R, repo)) {
		talloc_free(h);
		R->r->repo_note = talloc_asprintf(R->r,
						  "not looked up: %s has none of the series' files "
						  "(git config patchbay.repo names the project's repository)",
						  R->pf->repo_path);
		return R->r->repo_note ? PB_OK : PB_ERR_NOMEM;
	}
	R->repo = h;
	R->r->repo_path = talloc_strdup(R->r, R->pf->repo_path);
	return R->r->repo_path ? PB_OK : PB_ERR_NOMEM;
}

void _pb_check_repo_close(_pb_check_run_t *R)
{
	talloc_free(R->repo);
	R->repo = NULL;
}

/* The commit named by the hex prefix SHA, or NULL. */
static git_commit *lookup(_pb_check_run_t *R, const char *sha, size_t len)
{
	git_oid oid;
	git_commit *c = NULL;
	if (len < 4 || len > 40 || git_oid_fromstrn(&oid, sha, len) < 0 ||
	    git_commit_lookup_prefix(&c, R->repo->repo, &oid, len) < 0) {
		git_error_clear();
		return NULL;
	}
	return c;
}

int _pb_check_fixes_repo(_pb_check_run_t *R, const _pb_check_patch_t *P, const char *sha, size_t sha_len,
			 const char *subject, size_t subject_len, const char *quote)
{
	git_commit *c = lookup(R, sha, sha_len);
	const char *summary;
	int rc = PB_OK;
	if (!c)
		return _pb_check_add(R, PB_CHECK_FIXES_UNKNOWN, -1, P->p->index, P->rec->msgid, quote, 0,
				     "commit %.*s is not in %s", (int)sha_len, sha, R->pf->repo_path);
	summary = git_commit_summary(c);
	if (summary && (strlen(summary) != subject_len || strncmp(summary, subject, subject_len) != 0))
		rc = _pb_check_add(R, PB_CHECK_FIXES_SUBJECT, -1, P->p->index, P->rec->msgid, quote, 0,
				   "commit %.*s is \"%s\"", (int)sha_len, sha, summary);
	git_commit_free(c);
	return rc;
}

int _pb_check_base_repo(_pb_check_run_t *R, const char *base, const char *msgid)
{
	git_commit *c = lookup(R, base, strlen(base));
	char *quote;
	if (c) {
		git_commit_free(c);
		return PB_OK;
	}
	quote = talloc_asprintf(R->tmp, "base-commit: %s", base);
	if (!quote)
		return PB_ERR_NOMEM;
	return _pb_check_add(R, PB_CHECK_BASE_UNKNOWN, -1, 0, msgid, quote, 0, "base commit %.12s is not in %s",
			     base, R->pf->repo_path);
}

/* checkpatch.pl --terse: "FILE:LINE: ERROR|WARNING|CHECK:TYPE: message". */
int _pb_check_checkpatch(_pb_check_run_t *R, const _pb_check_patch_t *P)
{
	const char *wd = git_repository_workdir(R->repo->repo);
	char *script, *out = NULL, *errout = NULL;
	gchar *argv[8];
	gint status = 0;
	GError *gerr = NULL;
	int rc = PB_OK;

	if (!wd || !P->rec->file || !*P->rec->file)
		return PB_OK;
	script = talloc_asprintf(R->tmp, "%sscripts/checkpatch.pl", wd);
	if (!script)
		return PB_ERR_NOMEM;
	if (!g_file_test(script, G_FILE_TEST_EXISTS))
		return PB_OK;
	argv[0] = (gchar *)"perl";
	argv[1] = script;
	argv[2] = (gchar *)"--terse";
	argv[3] = (gchar *)"--no-summary";
	argv[4] = (gchar *)"--show-types";
	argv[5] = (gchar *)"--no-tree";
	argv[6] = (gchar *)P->rec->file;
	argv[7] = NULL;
	if (!g_spawn_sync(wd, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &errout, &status, &gerr)) {
		rc = pb_error_set(R->err, PB_ERR_EXTERNAL, "cannot run %s: %s", script, gerr ? gerr->message : "?");
		g_clear_error(&gerr);
		return rc;
	}
	for (const char *l = out ? out : ""; *l && !rc;) {
		size_t n = strcspn(l, "\n");
		static const struct { const char *word; pb_severity_t sev; } kinds[] = {
			{": ERROR:", PB_SEV_ERROR}, {": WARNING:", PB_SEV_WARNING}, {": CHECK:", PB_SEV_NOTE}};
		char *line = g_strndup(l, n);
		for (size_t k = 0; k < 3; k++) {
			char *at = strstr(line, kinds[k].word);
			if (at) {
				rc = _pb_check_add(R, PB_CHECK_CHECKPATCH, (int)kinds[k].sev, P->p->index, P->rec->msgid,
						   line, 0, "checkpatch: %s", at + strlen(kinds[k].word));
				break;
			}
		}
		g_free(line);
		l += n;
		if (*l)
			l++;
	}
	g_free(out);
	g_free(errout);
	return rc;
}
