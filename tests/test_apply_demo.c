/* test_apply_demo.c: every series of the demo archive (`patchbay demo-gen`)
 * applied to the demo's repository: the 20-patch series among them, each
 * commit carrying every trailer collected for its patch; a series that does
 * not apply leaves the repository byte-identical. Skipped when this build
 * has no demo generator. */
#include "tests/lib/pbtest.h"
#include "tests/lib/pbt_git.h"
#include "patchbay/apply.h"

static pb_person_t me = {(char *)"Demo Maintainer", (char *)"maint@demo.widgetd.org"};

static void check_trailers(void *ctx, const char *repo, const pb_apply_result_t *r, const pb_version_t *v)
{
	for (size_t i = 0; i < r->n_patches; i++) {
		char *msg = pbt_git(ctx, repo, "log -1 --format=%%B %s", r->patches[i].commit);
		const pb_patch_t *p = NULL;
		for (size_t k = 0; k < v->n_patches; k++)
			if (strcmp(v->patches[k]->rec->msgid, r->patches[i].msgid) == 0)
				p = v->patches[k];
		assert_non_null(p);
		for (size_t t = 0; t < p->trailers.n; t++) {
			if (p->trailers.v[t].flags & PB_TRAILER_MISMATCH)
				continue;
			pbt_assert_contains(msg, pb_trailer_format(ctx, &p->trailers.v[t]));
		}
	}
}

static void test_demo_series(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = pbt_tmpdir(ctx), *out = NULL, *err = NULL, *repo, *db;
	const char *argv[] = {pbt_patchbay(), "-q", "demo-gen", dir, NULL};
	pb_index_t *idx;
	const pb_series_set_t *set;
	char **ids;
	size_t n_applied = 0, n_trailers = 0;
	bool twenty = false;
	(void)state;
	if (pbt_run(ctx, &out, &err, NULL, argv) != 0) {
		if (strstr(err, "no such command")) {
			print_message("skipped: this build has no demo generator\n");
			talloc_free(ctx);
			skip();
		}
		fail_msg("demo-gen failed: %s", err);
	}
	repo = talloc_asprintf(ctx, "%s/repo", dir);
	db = talloc_asprintf(ctx, "%s/mail", dir);
	idx = pbt_index(ctx, db, NULL);
	set = pb_index_series(idx);
	/* kept aside: marking refreshes the index */
	ids = talloc_array(ctx, char *, set->n);
	for (size_t i = 0; i < set->n; i++)
		ids[i] = talloc_strdup(ids, set->v[i]->id);
	for (size_t i = 0; i < talloc_array_length(ids); i++) {
		pb_series_t *s;
		pb_version_t *v;
		pb_apply_opts_t o = {0};
		pb_apply_result_t *r;
		pb_error_t e = {0};
		char *before = pbt_tree_digest(ctx, repo);
		int rc;
		assert_int_equal(pb_index_find(idx, ids[i], &s, NULL, NULL), PB_OK);
		v = pb_series_latest(s);
		if ((v->flags & PB_VER_PULL) || v->n_missing || !v->n_patches)
			continue;
		o.repo_path = repo;
		o.branch = pb_apply_branch_name(ctx, "demo-test/%s-v%v", s, v);
		o.committer = &me;
		o.signoff = true;
		o.am.linkmask = "https://lore.kernel.org/r/%s";
		rc = pb_apply_series(ctx, &r, idx, s, &o, &e);
		if (rc != PB_OK) {
			/* some demo series are there to fail; they change nothing */
			print_message("%s: %s\n", o.branch, r->summary);
			assert_true(rc == PB_ERR_CONFLICT || rc == PB_ERR_NOTFOUND);
			assert_string_equal(pbt_tree_digest(ctx, repo), before);
			continue;
		}
		n_applied++;
		print_message("%s: %s\n", o.branch, r->summary);
		assert_int_equal(r->n_applied, v->n_patches);
		if (v->n_patches >= 20)
			twenty = true;
		check_trailers(ctx, repo, r, v);
		for (size_t k = 0; k < v->n_patches; k++)
			n_trailers += v->patches[k]->trailers.n;
		/* my Signed-off-by ends every message */
		pbt_assert_contains(pbt_git(ctx, repo, "log -1 --format=%%B %s", r->new_id),
				    "Signed-off-by: Demo Maintainer <maint@demo.widgetd.org>\n");
		assert_int_equal(pb_apply_mark(idx, r, NULL), PB_OK);
	}
	assert_true(twenty);
	assert_true(n_applied >= 3);
	assert_true(n_trailers > 0);
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_series),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("apply-demo", tests, NULL, NULL);
}
