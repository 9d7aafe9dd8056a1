/* test_index_partial.c: partial results while the index is first built. */
#include "tests/lib/pbtest.h"
#include "tests/lib/pbfixture.h"

struct seen {
	pb_series_set_t *sets[16];
	size_t done[16], total[16];
	int n;
};

static void on_partial(void *payload, pb_series_set_t *set, size_t done, size_t total)
{
	struct seen *s = payload;
	assert_true(s->n < 16);
	s->sets[s->n] = set;
	s->done[s->n] = done;
	s->total[s->n++] = total;
}

static const pb_series_t *titled(const pb_series_set_t *set, const char *t)
{
	for (size_t i = 0; i < set->n; i++)
		if (strstr(set->v[i]->title, t))
			return set->v[i];
	return NULL;
}

static void test_partial_results(void **state)
{
	void *ctx = talloc_new(NULL);
	char *db = pbt_notmuch_db1(ctx, pbt_fixture_triage(ctx));
	pb_index_opts_t o = {0};
	struct seen s = {0};
	pb_index_t *idx;
	pb_error_t err = {0};
	(void)state;
	o.db_path = db;
	o.no_cache = true;
	o.partial = on_partial;
	o.partial_first = 2;
	o.payload = &s;
	assert_int_equal(pb_index_open(ctx, &idx, &o, &err), PB_OK);
	/* after 2, 4, 8 and 16 of the 18 messages; never for the whole */
	assert_int_equal(s.n, 4);
	for (int i = 0; i < s.n; i++) {
		assert_int_equal(s.done[i], (size_t)2 << i);
		assert_int_equal(s.total[i], 18);
	}
	/* newest mail first: the two newest give the series of the newest patch */
	assert_int_equal(s.sets[0]->n, 1);
	assert_non_null(titled(s.sets[0], "early console"));
	/* the sets hold their own copies: they outlive the index */
	talloc_free(idx);
	for (int i = 0; i < s.n; i++) {
		for (size_t k = 0; k < s.sets[i]->n; k++) {
			const pb_series_t *x = s.sets[i]->v[k];
			assert_true(strlen(x->title) > 0);
			assert_true(strlen(pb_series_latest(x)->root->msgid) > 0);
		}
		if (i > 0)
			assert_true(s.sets[i]->n >= s.sets[i - 1]->n);
	}
	assert_non_null(titled(s.sets[3], "Foo PWM"));
	for (int i = 0; i < s.n; i++)
		talloc_free(s.sets[i]);
	talloc_free(ctx);
}

/* From the cache, one partial result: the newest mail, grouped before
 * the whole is; none when the whole is not much more. */
static void test_partial_from_cache(void **state)
{
	void *ctx = talloc_new(NULL);
	char *db = pbt_notmuch_db1(ctx, pbt_fixture_triage(ctx));
	char *cache = pbt_tmpdir(ctx);
	pb_index_opts_t o = {0};
	struct seen s = {0};
	pb_index_t *idx;
	(void)state;
	talloc_free(pbt_index(ctx, db, cache));
	o.db_path = db;
	o.cache_dir = cache;
	o.partial = on_partial;
	o.partial_first = 4;
	o.payload = &s;
	/* the cache holds the grouped model: the whole set at once */
	assert_int_equal(pb_index_open(ctx, &idx, &o, NULL), PB_OK);
	assert_true(pb_index_stats(idx)->unchanged);
	assert_true(pb_index_stats(idx)->model_cached);
	assert_int_equal(s.n, 0);
	assert_int_equal(pb_index_series(idx)->n, 4);
	/* a cache whose model cannot be read: records, grouped again, the
	 * newest first as partial results */
	pbt_sh("cd '%s' && for f in records-*; do sed -i 's/PPBM/PPBX/' \"$f\"; done", cache);
	assert_int_equal(pb_index_open(ctx, &idx, &o, NULL), PB_OK);
	assert_true(pb_index_stats(idx)->unchanged);
	assert_false(pb_index_stats(idx)->model_cached);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.done[0], 4);
	assert_int_equal(s.total[0], 18);
	/* the four newest: the x86 patch, and two patches of the Foo PWM v2
	 * with a reply */
	assert_int_equal(s.sets[0]->n, 2);
	assert_non_null(titled(s.sets[0], "early console"));
	assert_non_null(titled(s.sets[0], "dt-bindings: pwm: Add foo"));
	assert_int_equal(pb_index_series(idx)->n, 4);
	talloc_free(s.sets[0]);
	s.n = 0;
	/* that open wrote the model back */
	o.partial_first = 9;
	assert_int_equal(pb_index_open(ctx, &idx, &o, NULL), PB_OK);
	assert_true(pb_index_stats(idx)->model_cached);
	assert_int_equal(s.n, 0);
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_partial_results),
		cmocka_unit_test(test_partial_from_cache),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("index_partial", tests, NULL, NULL);
}
