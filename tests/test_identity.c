/* test_identity.c: series identity against truth written down by people.
 *
 * The three bulk mboxes of the corpus were read by hand, every cover and
 * patch assigned to the series it belongs to (tests/data/series-truth/,
 * with the reasons for each judgement). Each is opened cold and warm (from
 * the cache) through a real notmuch database; both must group exactly as
 * the truth says: every truth series is one patchbay series, and no
 * patchbay series holds messages of two truth series. */
#include <stdio.h>

#include <glib.h>

#include "tests/lib/pbtest.h"
#include "tests/lib/pbtruth.h"

/* What one open grouped: each truth message's series id, or "" when it is
 * neither a cover nor a patch of any series. */
static char **grouping(void *ctx, pb_index_t *idx, const pbt_truth_t *t)
{
	char **out = talloc_array(ctx, char *, t->n ? t->n : 1);
	for (size_t i = 0; i < t->n; i++) {
		pb_series_t *s = NULL;
		pb_version_t *v = NULL;
		pb_patch_t *p = NULL;
		out[i] = "";
		if (pb_index_find(idx, t->msg[i].id, &s, &v, &p) != PB_OK || !v)
			continue;
		if (!p && !(v->cover && strcmp(v->cover->msgid, t->msg[i].id) == 0) &&
		    strcmp(v->root->msgid, t->msg[i].id) != 0)
			continue;
		out[i] = talloc_strdup(out, s->id);
	}
	return out;
}

static pbt_truth_t *load_truth(void *ctx, const char *path)
{
	char *e = NULL;
	pbt_truth_t *t = pbt_truth_load(ctx, path, &e);
	if (!t)
		fail_msg("%s", e);
	return t;
}

/* Open DB cold (an empty CACHE) and warm: the two must group alike, and
 * exactly as truth T says. NAME heads the figures printed. */
static void check_exact(void *ctx, const char *name, const char *db, const char *cache, const pbt_truth_t *t)
{
	char **cold, **warm;
	pbt_score_t sc;
	pb_index_t *idx = pbt_index(ctx, db, cache);
	assert_false(pb_index_stats(idx)->from_cache);
	cold = grouping(ctx, idx, t);
	talloc_free(idx);
	idx = pbt_index(ctx, db, cache);
	assert_true(pb_index_stats(idx)->from_cache > 0);
	warm = grouping(ctx, idx, t);
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(cold[i], warm[i]) != 0)
			fail_msg("<%s>: cold in %s, warm in %s", t->msg[i].id, cold[i], warm[i]);
	pbt_truth_score(ctx, t, (const char *const *)cold, &sc);
	fprintf(stderr, "%s: %zu series, %zu messages: %zu exact, %zu merged, %zu split\n", name, t->n_series,
		t->n, sc.exact, sc.merged, sc.split);
	if (sc.report && *sc.report)
		fprintf(stderr, "%s", sc.report);
	assert_int_equal(sc.exact, t->n_series);
}

static void check_bulk(const char *mbox, const char *truth)
{
	void *ctx = talloc_new(NULL);
	const char *files[2] = {pbt_corpus_path(ctx, mbox), NULL};
	pbt_truth_t *t = load_truth(ctx, truth);
	assert_true(t->n_series > 10);
	check_exact(ctx, mbox, pbt_notmuch_db(ctx, files), pbt_tmpdir(ctx), t);
	talloc_free(ctx);
}

static void test_pwm(void **state)
{
	(void)state;
	PBT_NEED_CORPUS();
	check_bulk("lore-linux-pwm/bulk-linux-pwm-2022-01..04.mbox",
		   "tests/data/series-truth/bulk-linux-pwm-2022-01..04.truth");
}

static void test_ltp(void **state)
{
	(void)state;
	PBT_NEED_CORPUS();
	check_bulk("lore-ltp/bulk-ltp-2025-11..12.mbox",
		   "tests/data/series-truth/bulk-ltp-2025-11..12.truth");
}

static void test_iwl(void **state)
{
	(void)state;
	PBT_NEED_CORPUS();
	check_bulk("lore-intel-wired-lan/bulk-intel-wired-lan-2026-01-15..31.mbox",
		   "tests/data/series-truth/bulk-intel-wired-lan-2026-01-15..31.truth");
}

/* The generator's archive of the hard shapes (bench/gen-identity.sh), in
 * a real notmuch database, cold and warm; grouped exactly as its truth. */
static void test_generated(void **state)
{
	void *ctx = talloc_new(NULL);
	const char *src = getenv("PB_SRCDIR");
	const char *size = getenv("PB_GEN_MESSAGES"), *seed = getenv("PB_GEN_SEED");
	char *dir = pbt_tmpdir(ctx);
	pbt_truth_t *t;
	(void)state;
	/* (PB_GEN_MESSAGES and PB_GEN_SEED try other archives) */
	pbt_sh("sh '%s/bench/gen-identity.sh' '%s' %s %s 2>/dev/null && "
	       "notmuch --config='%s/notmuch-config' new --quiet",
	       src && *src ? src : ".", dir, size && *size ? size : "4000", seed && *seed ? seed : "7", dir);
	t = load_truth(ctx, talloc_asprintf(ctx, "%s/truth", dir));
	assert_true(t->n_series > 200);
	check_exact(ctx, "generated", talloc_asprintf(ctx, "%s/mail", dir), pbt_tmpdir(ctx), t);
	talloc_free(ctx);
}

/* patchbay's own word against the user's: `link` joins two series,
 * `unlink` splits a version off; both are notmuch message properties that
 * other clients see, that survive a rebuild of the cache, and that win
 * over inference. On the pwm bulk: Krzysztof's 15-patch schema series and
 * his 4-patch cros-ec one (two series, see the truth file). */
/* The grouping after new mail, through the linker's memo, is the grouping
 * of a cold build of the same database; and it scores anew only what the
 * new mail moved. Both ways in: a new process (the memo from the cache)
 * and a refresh in the same process (the memo of the last grouping). */
static void test_update_memo(void **state)
{
	void *ctx = talloc_new(NULL);
	const char *src = getenv("PB_SRCDIR");
	char *dir = pbt_tmpdir(ctx), *cache = pbt_tmpdir(ctx), *db = talloc_asprintf(ctx, "%s/mail", dir);
	char **cold, **warm, **live;
	pb_index_t *kept, *idx;
	const pb_index_stats_t *st;
	pbt_truth_t *t;
	(void)state;
	pbt_sh("sh '%s/bench/gen-identity.sh' '%s' 4000 9 2>/dev/null && mkdir '%s/held' && "
	       "ls '%s/mail/cur' | sort | tail -n 300 | while read -r f; do mv \"%s/mail/cur/$f\" '%s/held/'; done && "
	       "notmuch --config='%s/notmuch-config' new --quiet",
	       src && *src ? src : ".", dir, dir, dir, dir, dir, dir);
	t = load_truth(ctx, talloc_asprintf(ctx, "%s/truth", dir));
	kept = pbt_index(ctx, db, cache);
	st = pb_index_stats(kept);
	assert_true(st->scored > 100);
	assert_int_equal(st->reused, 0);
	pbt_sh("mv '%s'/held/* '%s/mail/cur/' && notmuch --config='%s/notmuch-config' new --quiet", dir, dir, dir);

	/* a new process: records and memo from the cache */
	idx = pbt_index(ctx, db, cache);
	st = pb_index_stats(idx);
	assert_true(st->parsed >= 300);
	fprintf(stderr, "update: %zu scored, %zu reused\n", st->scored, st->reused);
	assert_true(st->reused > 0);
	assert_true(st->scored * 4 < st->reused);
	warm = grouping(ctx, idx, t);
	talloc_free(idx);
	/* the same process: the memo of its last grouping */
	assert_int_equal(pb_index_refresh(kept, NULL), PB_OK);
	st = pb_index_stats(kept);
	assert_true(st->reused > 0);
	assert_true(st->scored * 4 < st->reused);
	live = grouping(ctx, kept, t);
	/* a cold build of the same database */
	idx = pbt_index(ctx, db, pbt_tmpdir(ctx));
	assert_int_equal(pb_index_stats(idx)->reused, 0);
	cold = grouping(ctx, idx, t);
	for (size_t i = 0; i < t->n; i++) {
		if (strcmp(cold[i], warm[i]) != 0)
			fail_msg("<%s>: cold in %s, updated from the cache in %s", t->msg[i].id, cold[i], warm[i]);
		if (strcmp(cold[i], live[i]) != 0)
			fail_msg("<%s>: cold in %s, refreshed in %s", t->msg[i].id, cold[i], live[i]);
	}
	talloc_free(ctx);
}

static int pb(void *ctx, char **out, const char *db, const char *cache, const char *a1, const char *a2,
	      const char *a3, const char *a4)
{
	const char *argv[12] = {pbt_patchbay(), "--db", db, "--cache-dir", cache, a1, a2, a3, a4, NULL};
	return pbt_run(ctx, out, NULL, NULL, argv);
}

#define SCHEMA "20220214081605.161394-1-krzysztof.kozlowski@canonical.com"
#define SCHEMA_V2 "20220214212154.8853-1-krzysztof.kozlowski@canonical.com"
#define CROS "20220214081916.162014-1-krzysztof.kozlowski@canonical.com"

static void test_user_decisions(void **state)
{
	void *ctx;
	const char *files[2] = {NULL, NULL};
	char *db, *cache, *cache2, *out = NULL;
	(void)state;
	PBT_NEED_CORPUS(); /* (before anything is allocated: a skip leaves) */
	ctx = talloc_new(NULL);
	cache = pbt_tmpdir(ctx);
	cache2 = pbt_tmpdir(ctx);
	files[0] = pbt_corpus_path(ctx, "lore-linux-pwm/bulk-linux-pwm-2022-01..04.mbox");
	db = pbt_notmuch_db(ctx, files);
	/* inferred: two series; the schema series has v1 and v2 */
	assert_int_equal(pb(ctx, &out, db, cache, "show", "--json", CROS, NULL), 0);
	pbt_assert_not_contains(out, SCHEMA);
	assert_int_equal(pb(ctx, &out, db, cache, "show", "--json", SCHEMA, NULL), 0);
	pbt_assert_contains(out, "\"reason\": \"first\"");
	pbt_assert_contains(out, "\"reason\": \"patch-id\"");
	/* the user joins them */
	assert_int_equal(pb(ctx, &out, db, cache, "link", CROS, SCHEMA, NULL), 0);
	pbt_assert_contains(out, "linked:");
	pbt_sh("test \"$(NOTMUCH_CONFIG='%s/.notmuch-config' notmuch count property:patchbay-link=%s)\" = 1", db,
	       SCHEMA);
	assert_int_equal(pb(ctx, &out, db, cache, "show", "--json", SCHEMA, NULL), 0);
	pbt_assert_contains(out, CROS);
	pbt_assert_contains(out, "\"reason\": \"user\"");
	/* a rebuild from nothing (another cache dir) keeps it */
	assert_int_equal(pb(ctx, &out, db, cache2, "show", "--json", CROS, NULL), 0);
	pbt_assert_contains(out, SCHEMA);
	/* the user splits v2 of the schema series off: nothing links it back */
	assert_int_equal(pb(ctx, &out, db, cache, "unlink", SCHEMA_V2, NULL, NULL), 0);
	pbt_assert_contains(out, "split:");
	assert_int_equal(pb(ctx, &out, db, cache, "show", "--json", SCHEMA, NULL), 0);
	pbt_assert_not_contains(out, SCHEMA_V2);
	pbt_assert_contains(out, CROS);
	assert_int_equal(pb(ctx, &out, db, cache2, "show", "--json", SCHEMA_V2, NULL), 0);
	pbt_assert_not_contains(out, SCHEMA "\"");
	/* unlinking the cros-ec posting drops the user's link to it */
	assert_int_equal(pb(ctx, &out, db, cache, "unlink", CROS, NULL, NULL), 0);
	pbt_sh("test \"$(NOTMUCH_CONFIG='%s/.notmuch-config' notmuch count property:patchbay-link=%s)\" = 0", db,
	       SCHEMA);
	assert_int_equal(pb(ctx, &out, db, cache, "show", "--json", SCHEMA, NULL), 0);
	pbt_assert_not_contains(out, CROS);
	/* bad input: a message in no posting, two messages of one posting */
	assert_int_equal(pb(ctx, &out, db, cache, "link", "no-such@x", SCHEMA, NULL), 1);
	assert_int_equal(pb(ctx, &out, db, cache, "link", SCHEMA, "20220214081605.161394-2-krzysztof.kozlowski@canonical.com",
			    NULL), 2);
	assert_int_equal(pb(ctx, &out, db, cache, "unlink", NULL, NULL, NULL), 2);
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pwm),
		cmocka_unit_test(test_ltp),
		cmocka_unit_test(test_iwl),
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_update_memo),
		cmocka_unit_test(test_user_decisions),
	};
	pbt_setup_env();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
