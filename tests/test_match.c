/* test_match.c: a query's matches filter any series set. */
#include "tests/lib/pbtest.h"
#include "tests/lib/pbfixture.h"
#include "patchbay/match.h"

static void test_match_filters_series(void **state)
{
	void *ctx = talloc_new(NULL);
	char *db = pbt_notmuch_db1(ctx, pbt_fixture_triage(ctx));
	pb_index_t *idx = pbt_index(ctx, db, NULL);
	pb_index_opts_t o = {.db_path = db};
	pb_match_t *m;
	pb_series_t **res, **want;
	size_t n, n_want;
	pb_error_t err = {0};
	(void)state;
	/* a reply matches: its series is in */
	assert_int_equal(pb_match_query(ctx, &m, &o, "from:uwe@example.org", &err), PB_OK);
	assert_int_equal(pb_match_count(m), 1);
	assert_true(pb_match_has(m, "foo-v1-r1@example.org"));
	assert_false(pb_match_has(m, "foo-v1-0@example.org"));
	assert_int_equal(pb_match_series(m, pb_index_series(idx), ctx, &res, &n), PB_OK);
	assert_int_equal(n, 1);
	assert_string_equal(res[0]->title, "pwm: foo: Add a driver for the Foo PWM");
	/* the same answer as the index gives */
	assert_int_equal(pb_match_query(ctx, &m, &o, "date:2024-03-05..2024-03-07", &err), PB_OK);
	assert_int_equal(pb_match_series(m, pb_index_series(idx), ctx, &res, &n), PB_OK);
	assert_int_equal(pb_index_query(idx, ctx, "date:2024-03-05..2024-03-07", &want, &n_want, &err), PB_OK);
	assert_int_equal(n, n_want);
	for (size_t i = 0; i < n; i++)
		assert_ptr_equal(res[i], want[i]);
	talloc_free(ctx);
}

static void test_scope_and_bad_query(void **state)
{
	void *ctx = talloc_new(NULL);
	char *db = pbt_notmuch_db1(ctx, pbt_fixture_triage(ctx));
	pb_index_opts_t o = {.db_path = db, .scope = "from:jane@example.org"};
	pb_match_t *m;
	pb_error_t err = {0};
	(void)state;
	/* the scope limits what any query sees */
	assert_int_equal(pb_match_query(ctx, &m, &o, "*", &err), PB_OK);
	assert_int_equal(pb_match_count(m), 6);
	assert_int_equal(pb_match_query(ctx, &m, &o, "from:uwe@example.org", &err), PB_OK);
	assert_int_equal(pb_match_count(m), 0);
	o.scope = NULL;
	assert_int_equal(pb_match_query(ctx, &m, &o, "date:2024-99..", &err), PB_ERR_USAGE);
	pbt_assert_contains(err.msg, "bad notmuch query 'date:2024-99..': ");
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match_filters_series),
		cmocka_unit_test(test_scope_and_bad_query),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("match", tests, NULL, NULL);
}
