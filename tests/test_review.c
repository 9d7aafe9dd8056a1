/* test_review.c: review states (review.h) in real notmuch databases: the
 * states the mail gives, states set by hand kept as notmuch tags and read
 * back through `notmuch search`, cold and warm, across a new version, a
 * different tag prefix, and a write that must change all or nothing. */
#include <stdio.h>

#include "patchbay/review.h"
#include "patchbay/store.h"
#include "tests/lib/pbtest.h"

#define REROLL "b4-synthetic/trailers-followup-partial-reroll.mbox"

/* `notmuch search --output=messages QUERY` on DB, sorted, one a line. */
static char *nm_messages(void *ctx, const char *db, const char *query)
{
	char *out = NULL, *err = NULL;
	char *env = talloc_asprintf(ctx, "NOTMUCH_CONFIG=%s/.notmuch-config", db);
	const char *argv[] = {"env", env, "sh", "-c",
			      talloc_asprintf(ctx, "notmuch search --output=messages '%s' | sort", query), NULL};
	assert_int_equal(pbt_run(ctx, &out, &err, NULL, argv), 0);
	return out;
}

static pb_index_t *open_prefix(void *ctx, const char *db, const char *cache, const char *prefix)
{
	pb_index_opts_t o = {.db_path = db, .cache_dir = cache, .no_cache = !cache, .tag_prefix = prefix};
	pb_error_t err = {0};
	pb_index_t *idx = NULL;
	if (pb_index_open(ctx, &idx, &o, &err) != PB_OK)
		fail_msg("pb_index_open(%s): %s", db, pb_error_msg(&err));
	return idx;
}

static pb_review_t review_of(pb_index_t *idx, const char *id, int version)
{
	pb_series_t *s = NULL;
	pb_review_t r;
	const pb_version_t *v;
	assert_int_equal(pb_index_find(idx, id, &s, NULL, NULL), PB_OK);
	v = version ? pb_series_version(s, version) : pb_series_latest(s);
	assert_non_null(v);
	assert_int_equal(pb_review_version(&r, pb_index_series(idx), s, v), PB_OK);
	return r;
}

static void set_state(pb_index_t *idx, const char *id, int version, int state)
{
	pb_series_t *s = NULL;
	pb_error_t err = {0};
	const pb_version_t *v;
	assert_int_equal(pb_index_find(idx, id, &s, NULL, NULL), PB_OK);
	v = version ? pb_series_version(s, version) : pb_series_latest(s);
	if (pb_store_set_review(idx, &v, 1, state, &err) != PB_OK)
		fail_msg("pb_store_set_review: %s", pb_error_msg(&err));
	assert_int_equal(pb_index_refresh(idx, &err), PB_OK);
}

/* The partial reroll, read by hand: v2 is a cover and two patches, both
 * reviewed (the cover's Reviewed-by covers both); v3 reposts only 2/2,
 * which carries a Reviewed-by of its own, and keeps 1/2 of v2. So v2 is
 * superseded, and v3 is acked: every patch of it has a review tag. A
 * state set by hand on v3 tags v3's own message only (not v2's 1/2 it
 * keeps), wins over the mail's, and survives a cold rebuild. */
static void test_reroll_states(void **state)
{
	void *ctx;
	char *db, *cache, *before;
	pb_index_t *idx;
	pb_review_t r;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	db = pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, REROLL));
	cache = pbt_tmpdir(ctx);
	idx = pbt_index(ctx, db, cache);
	r = review_of(idx, "cover-message@example.com", 2);
	assert_int_equal(r.state, PB_RS_SUPERSEDED);
	assert_false(r.by_hand);
	r = review_of(idx, "cover-message@example.com", 0);
	assert_int_equal(r.derived, PB_RS_ACKED);
	assert_int_equal(r.state, PB_RS_ACKED);
	assert_false(r.by_hand);
	assert_false(r.rfc);

	before = nm_messages(ctx, db, "tag:inbox");
	set_state(idx, "cover-message@example.com", 0, PB_RS_DEFERRED);
	assert_string_equal(nm_messages(ctx, db, "tag:pb/deferred"), "id:patch-v3-2-message@example.com\n");
	assert_string_equal(nm_messages(ctx, db, "tag:inbox"), before); /* other tags as they were */
	r = review_of(idx, "cover-message@example.com", 0);
	assert_int_equal(r.state, PB_RS_DEFERRED);
	assert_true(r.by_hand);
	assert_int_equal(r.derived, PB_RS_ACKED);
	assert_false(r.conflict);
	/* v2 keeps what the mail says */
	assert_int_equal(review_of(idx, "cover-message@example.com", 2).state, PB_RS_SUPERSEDED);
	talloc_free(idx);

	/* warm (the cache), then cold (no cache): the same */
	idx = pbt_index(ctx, db, cache);
	assert_true(pb_index_stats(idx)->from_cache > 0);
	r = review_of(idx, "cover-message@example.com", 0);
	assert_true(r.by_hand && r.state == PB_RS_DEFERRED);
	talloc_free(idx);
	idx = pbt_index(ctx, db, NULL);
	r = review_of(idx, "cover-message@example.com", 0);
	assert_true(r.by_hand && r.state == PB_RS_DEFERRED);

	/* another state replaces it; -1 gives the mail its word back */
	set_state(idx, "cover-message@example.com", 0, PB_RS_ACCEPTED);
	assert_string_equal(nm_messages(ctx, db, "tag:pb/deferred"), "");
	assert_string_equal(nm_messages(ctx, db, "tag:pb/accepted"), "id:patch-v3-2-message@example.com\n");
	set_state(idx, "cover-message@example.com", 0, -1);
	assert_string_equal(nm_messages(ctx, db, "tag:pb/accepted"), "");
	r = review_of(idx, "cover-message@example.com", 0);
	assert_false(r.by_hand);
	assert_int_equal(r.state, PB_RS_ACKED);
	assert_string_equal(nm_messages(ctx, db, "tag:inbox"), before);
	talloc_free(ctx);
}

/* A state set by hand holds for its version only: when the next version
 * arrives (a later `notmuch new`), the series' state is the mail's again,
 * and the earlier version keeps what was set on it. */
static void test_new_version_looks_again(void **state)
{
	void *ctx;
	char *dir, *db, *cache, *src;
	pb_index_t *idx;
	pb_review_t r;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	dir = pbt_tmpdir(ctx);
	src = pbt_corpus_path(ctx, REROLL);
	/* v2 with its two reviews (five messages), then v3 */
	pbt_sh("awk '/^From /{n++} n<=5' '%s' > '%s/v2.mbox'; awk '/^From /{n++} n>5' '%s' > '%s/v3.mbox'", src, dir,
	       src, dir);
	db = pbt_notmuch_db1(ctx, talloc_asprintf(ctx, "%s/v2.mbox", dir));
	cache = pbt_tmpdir(ctx);
	idx = pbt_index(ctx, db, cache);
	r = review_of(idx, "cover-message@example.com", 0);
	assert_int_equal(pb_series_latest(pb_index_series(idx)->v[0])->version, 2);
	assert_int_equal(r.state, PB_RS_ACKED);
	set_state(idx, "cover-message@example.com", 0, PB_RS_QUEUED);
	assert_string_equal(nm_messages(ctx, db, "tag:pb/queued"),
			    "id:cover-message@example.com\nid:patch-1-message@example.com\n"
			    "id:patch-2-message@example.com\n");
	talloc_free(idx);

	pbt_notmuch_add(db, talloc_asprintf(ctx, "%s/v3.mbox", dir));
	idx = pbt_index(ctx, db, cache); /* warm: the update reads v3 */
	r = review_of(idx, "cover-message@example.com", 0);
	assert_false(r.by_hand);
	assert_int_equal(r.state, PB_RS_ACKED);
	r = review_of(idx, "cover-message@example.com", 2);
	assert_true(r.by_hand);
	assert_int_equal(r.state, PB_RS_QUEUED);
	assert_int_equal(r.derived, PB_RS_SUPERSEDED);
	talloc_free(ctx);
}

/* patchbay.tagPrefix: states under another prefix are that prefix's only,
 * and a cache written under one prefix is not taken for another. */
static void test_prefix(void **state)
{
	void *ctx;
	char *db, *cache;
	pb_index_t *idx;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	db = pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, REROLL));
	cache = pbt_tmpdir(ctx);
	idx = open_prefix(ctx, db, cache, "team/");
	assert_string_equal(pb_index_tag_prefix(idx), "team/");
	set_state(idx, "cover-message@example.com", 0, PB_RS_REJECTED);
	assert_string_equal(nm_messages(ctx, db, "tag:team/rejected"), "id:patch-v3-2-message@example.com\n");
	assert_string_equal(nm_messages(ctx, db, "tag:pb/rejected"), "");
	assert_true(review_of(idx, "cover-message@example.com", 0).by_hand);
	talloc_free(idx);
	/* the default prefix, the same cache folder: not set by hand */
	idx = open_prefix(ctx, db, cache, NULL);
	assert_false(pb_index_stats(idx)->model_cached);
	assert_false(review_of(idx, "cover-message@example.com", 0).by_hand);
	talloc_free(idx);
	/* a tag of the prefix that names no state is not one, and is kept */
	pbt_sh("NOTMUCH_CONFIG='%s/.notmuch-config' notmuch tag +team/mine +team/rfc -- id:patch-v3-2-message@example.com",
	       db);
	idx = open_prefix(ctx, db, cache, "team/");
	assert_true(review_of(idx, "cover-message@example.com", 0).rfc);
	set_state(idx, "cover-message@example.com", 0, -1);
	assert_string_equal(nm_messages(ctx, db, "tag:team/mine"), "id:patch-v3-2-message@example.com\n");
	talloc_free(ctx);
}

/* Two users' clients disagree: the posting's messages carry different
 * states. The root's holds, and the disagreement is shown; setting the
 * state again settles it. */
static void test_conflict(void **state)
{
	void *ctx;
	char *db;
	pb_index_t *idx;
	pb_review_t r;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	db = pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, REROLL));
	pbt_sh("NOTMUCH_CONFIG='%s/.notmuch-config' notmuch tag +pb/acked -- id:cover-message@example.com && "
	       "NOTMUCH_CONFIG='%s/.notmuch-config' notmuch tag +pb/rejected -- id:patch-2-message@example.com",
	       db, db);
	idx = pbt_index(ctx, db, NULL);
	r = review_of(idx, "cover-message@example.com", 2);
	assert_true(r.by_hand);
	assert_true(r.conflict);
	assert_int_equal(r.state, PB_RS_ACKED);
	set_state(idx, "cover-message@example.com", 2, PB_RS_DEFERRED);
	r = review_of(idx, "cover-message@example.com", 2);
	assert_false(r.conflict);
	assert_int_equal(r.state, PB_RS_DEFERRED);
	assert_string_equal(nm_messages(ctx, db, "tag:pb/rejected or tag:pb/acked"), "");
	talloc_free(ctx);
}

/* All or none: when one message of the versions is gone from the database
 * by the time of the write (a concurrent `notmuch new` after the mail was
 * deleted), nothing is tagged, and the error says which. */
static void test_all_or_none(void **state)
{
	void *ctx;
	const char *files[3];
	char *db;
	pb_index_t *idx;
	pb_series_t *a = NULL, *b = NULL;
	const pb_version_t *vs[2];
	pb_error_t err = {0};
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	files[0] = pbt_corpus_path(ctx, REROLL);
	files[1] = pbt_corpus_path(ctx, "b4-synthetic/shazam-git1-just-series.mbox");
	files[2] = NULL;
	db = pbt_notmuch_db(ctx, files);
	idx = pbt_index(ctx, db, NULL);
	assert_int_equal(pb_index_find(idx, "cover-message@example.com", &a, NULL, NULL), PB_OK);
	assert_int_equal(pb_index_series(idx)->n, 2);
	b = pb_index_series(idx)->v[0] == a ? pb_index_series(idx)->v[1] : pb_index_series(idx)->v[0];
	vs[0] = pb_series_latest(a);
	vs[1] = pb_series_latest(b);
	/* the second series' root leaves the database behind the index's back */
	/* (the folder's mtime moves on, so notmuch new looks in it even
	 * within the second it was last read) */
	pbt_sh("rm -f \"$(NOTMUCH_CONFIG='%s/.notmuch-config' notmuch search --output=files 'id:%s')\" && "
	       "touch -d @$(($(date +%%s) + 5)) '%s/cur'",
	       db, vs[1]->root->msgid, db);
	pbt_notmuch_new(db);
	assert_string_equal(nm_messages(ctx, db, talloc_asprintf(ctx, "id:%s", vs[1]->root->msgid)), "");
	assert_int_equal(pb_store_set_review(idx, vs, 2, PB_RS_ACKED, &err), PB_ERR_NOTFOUND);
	pbt_assert_contains(pb_error_msg(&err), vs[1]->root->msgid);
	assert_string_equal(nm_messages(ctx, db, "tag:pb/acked"), "");
	talloc_free(ctx);
}

/* The CLI: `patchbay state` says and sets; `list` marks a hand-set state;
 * bad input is refused with a clear word and changes nothing. */
static void test_cli(void **state)
{
	void *ctx;
	char *db, *out, *err;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	db = pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, REROLL));
	{
		const char *a[] = {pbt_patchbay(), "--db", db, "--no-cache", "state", "cover-message@example.com", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
		assert_string_equal(out, "<cover-message@example.com> v3 \"Simple test 1\": acked, from the mail: every "
					 "patch has Acked-by or Reviewed-by\n");
	}
	{
		const char *a[] = {pbt_patchbay(), "--db", db, "--no-cache", "state", "cover-message@example.com",
				   "--set", "bogus", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 2);
		pbt_assert_contains(err, "no review state 'bogus'");
		assert_string_equal(nm_messages(ctx, db, "tag:pb/bogus"), "");
	}
	{
		const char *a[] = {pbt_patchbay(), "--db", db, "--no-cache", "state", "nosuch@example.com", "--set",
				   "acked", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 1);
	}
	{
		const char *a[] = {pbt_patchbay(), "--db", db, "--no-cache", "state", "patch-1-message@example.com",
				   "--set", "changes", "--json", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
		pbt_assert_contains(out, "\"state\": \"changes-requested\"");
		pbt_assert_contains(out, "\"by\": \"hand\"");
		pbt_assert_contains(out, "\"derived\": \"acked\"");
		pbt_assert_contains(out, "\"tag\": \"pb/changes-requested\"");
	}
	{
		const char *a[] = {pbt_patchbay(), "--db", db, "--no-cache", "list", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
		pbt_assert_contains(out, "changes*   v3 ");
	}
	{
		const char *a[] = {pbt_patchbay(), "--db", db, "--no-cache", "show", "cover-message@example.com",
				   "--json", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
		pbt_assert_contains(out, "\"state\": \"superseded\"");
		pbt_assert_contains(out, "\"state\": \"changes-requested\"");
	}
	{
		const char *a[] = {pbt_patchbay(), "--db", db, "--no-cache", "state", "cover-message@example.com",
				   "--clear", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
		pbt_assert_contains(out, "acked, from the mail");
		assert_string_equal(nm_messages(ctx, db, "tag:pb/changes-requested"), "");
	}
	talloc_free(ctx);
}

static void test_names(void **state)
{
	pb_rstate_t st;
	(void)state;
	for (int i = 0; i < PB_RS_COUNT; i++) {
		assert_int_equal(pb_rstate_parse(&st, pb_rstate_name((pb_rstate_t)i)), PB_OK);
		assert_int_equal(st, i);
		assert_int_equal(pb_rstate_parse(&st, pb_rstate_label((pb_rstate_t)i)), PB_OK);
		assert_int_equal(st, i);
		assert_true(strlen(pb_rstate_label((pb_rstate_t)i)) <= 8);
	}
	assert_int_equal(pb_rstate_parse(&st, "Under-Review"), PB_OK);
	assert_int_equal(st, PB_RS_REVIEW);
	assert_int_equal(pb_rstate_parse(&st, "bogus"), PB_ERR_NOTFOUND);
	assert_int_equal(pb_rstate_parse(&st, ""), PB_ERR_NOTFOUND);
	assert_string_equal(pb_rstate_name(PB_RS_COUNT), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_reroll_states),
		cmocka_unit_test(test_new_version_looks_again),
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_conflict),
		cmocka_unit_test(test_all_or_none),
		cmocka_unit_test(test_cli),
	};
	pbt_setup_env();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
