/* test_target.c: series found in patchbay.target are accepted (target.h),
 * in a real git repository that took some of them with git am. */
#include "tests/lib/pbtest.h"
#include "tests/lib/pbfixture.h"
#include "patchbay/review.h"
#include "patchbay/store.h"
#include "patchbay/target.h"
#include "patchbay/triage.h"
#include "patchbay/wake.h"

#define DIFF_OF(f)                                                                                  \
	"---\n " f " | 1 +\n\ndiff --git a/" f " b/" f "\nindex 1111111..2222222 100644\n--- a/" f \
	"\n+++ b/" f "\n@@ -1 +1,2 @@\n int x;\n+int y;\n"

static void add_patch(void *ctx, char **m, const char *from, const char *date, const char *id, const char *reply_to,
		      const char *subject, const char *file)
{
	char *body = talloc_asprintf(ctx, "Change %s.\n\nSigned-off-by: %s\n" DIFF_OF("%s"), file, from, file, file, file,
				     file, file);
	pbt_mbox_add(ctx, m, from, date, id, reply_to, NULL, subject, body);
}

/* The archive: A, a cover and two patches; B, one patch; C, two patches;
 * D, one patch. Each writes its own files. */
static char *archive(void *ctx)
{
	char *m = NULL;
	const char *ann = "Ann Author <ann@example.org>", *bob = "Bob Builder <bob@example.org>";
	pbt_mbox_add(ctx, &m, ann, "Mon, 1 Jan 2024 10:00:00 +0000", "a0@x", NULL, NULL,
		     "[PATCH 0/2] lib: Two helpers", "Two helpers.\n");
	add_patch(ctx, &m, ann, "Mon, 1 Jan 2024 10:00:01 +0000", "a1@x", "a0@x", "[PATCH 1/2] lib: Add a1", "a1.c");
	add_patch(ctx, &m, ann, "Mon, 1 Jan 2024 10:00:02 +0000", "a2@x", "a0@x", "[PATCH 2/2] lib: Add a2", "a2.c");
	add_patch(ctx, &m, bob, "Tue, 2 Jan 2024 10:00:00 +0000", "b1@x", NULL, "[PATCH] net: Tune b", "b.c");
	pbt_mbox_add(ctx, &m, bob, "Wed, 3 Jan 2024 10:00:00 +0000", "c0@x", NULL, NULL, "[PATCH 0/2] fs: Two c changes",
		     "Two.\n");
	add_patch(ctx, &m, bob, "Wed, 3 Jan 2024 10:00:01 +0000", "c1@x", "c0@x", "[PATCH 1/2] fs: Add c1", "c1.c");
	add_patch(ctx, &m, bob, "Wed, 3 Jan 2024 10:00:02 +0000", "c2@x", "c0@x", "[PATCH 2/2] fs: Add c2", "c2.c");
	add_patch(ctx, &m, ann, "Thu, 4 Jan 2024 10:00:00 +0000", "d1@x", NULL, "[PATCH] mm: Add d", "d.c");
	return m;
}

/* A repository whose master holds every file the archive touches, one
 * line each; then A with git am, B with git am and edited by the
 * maintainer (another diff, the same subject and author), and C's first
 * patch only. */
static char *repo_with_target(void *ctx, const char *mbox)
{
	char *repo = pbt_tmpdir(ctx);
	pbt_sh("cd '%s' && git init -q -b master && for f in a1 a2 b c1 c2 d; do echo 'int x;' > $f.c; done && "
	       "git add . && git -c user.name=M -c user.email=m@x commit -qm base",
	       repo);
	/* one message per file: 0001 cover A, 0002 a1, 0003 a2, 0004 b1,
	 * 0005 cover C, 0006 c1, 0007 c2, 0008 d1 */
	pbt_sh("cd '%s' && mkdir .git/msgs && git mailsplit -o.git/msgs '%s' >/dev/null", repo, mbox);
	pbt_sh("cd '%s' && git am -q .git/msgs/0002 .git/msgs/0003 .git/msgs/0004 && echo 'int z;' >> b.c && "
	       "git commit -q -a --amend --no-edit && git am -q .git/msgs/0006",
	       repo);
	return repo;
}

static pb_rstate_t state_of(const pb_series_set_t *set, const char *id, const char **why)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->v[i]->id, id) == 0) {
			pb_review_t r;
			assert_int_equal(pb_review_version(&r, set, set->v[i], NULL), PB_OK);
			if (why)
				*why = r.why;
			return r.state;
		}
	fail_msg("no series %s", id);
	return PB_RS_COUNT;
}

static void test_accepted_by_patch_id_and_subject(void **state)
{
	void *ctx = talloc_new(NULL);
	char *mbox = pbt_write_temp(ctx, "t.mbox", archive(ctx));
	char *db = pbt_notmuch_db1(ctx, mbox);
	char *repo = repo_with_target(ctx, mbox);
	char *cache = pbt_tmpdir(ctx);
	const char *why = NULL, *commit = NULL;
	pb_target_t *t = NULL;
	pb_error_t err = {0};
	size_t marked = 0;
	(void)state;

	/* B went in edited: its subject and author are the mail's */
	pbt_sh("cd '%s' && test \"$(git log -1 --format='%%s %%ae' HEAD~1)\" = 'net: Tune b bob@example.org'", repo);

	assert_int_equal(pb_target_open(&t, ctx, repo, "master", &err), PB_OK);
	for (int pass = 0; pass < 2; pass++) { /* cold, then warm from the cache */
		pb_index_t *idx = pbt_index(ctx, db, cache);
		const pb_series_set_t *set = pb_index_series(idx);
		/* without the target, the mail alone: nothing is accepted */
		assert_int_equal(state_of(set, "a0@x", NULL), PB_RS_NEW);
		pb_target_attach(t, idx);
		assert_int_equal(state_of(set, "a0@x", &why), PB_RS_ACCEPTED);
		assert_string_equal(why, "its patches are in patchbay.target");
		assert_int_equal(state_of(set, "b1@x", NULL), PB_RS_ACCEPTED);
		/* one of two: not accepted */
		assert_int_equal(state_of(set, "c0@x", NULL), PB_RS_NEW);
		assert_int_equal(state_of(set, "d1@x", NULL), PB_RS_NEW);
		/* the queue leaves the accepted out */
		{
			pb_queue_item_t *q;
			size_t n;
			assert_int_equal(pb_queue_build(&q, &n, ctx, set, NULL, 0, PB_QUEUE_BY_AGE, 0), PB_OK);
			assert_int_equal(n, 2);
			assert_string_equal(q[0].series->id, "c0@x");
			assert_string_equal(q[1].series->id, "d1@x");
		}
		/* how each patch was found */
		for (size_t i = 0; i < set->n; i++) {
			const pb_version_t *v = pb_series_latest(set->v[i]);
			for (size_t k = 0; k < v->n_patches; k++) {
				const pb_msgrec_t *r = v->patches[k]->rec;
				pb_target_how_t how = pb_target_find(t, r, &commit);
				if (!strcmp(r->msgid, "a1@x") || !strcmp(r->msgid, "a2@x") || !strcmp(r->msgid, "c1@x"))
					assert_int_equal(how, PB_TARGET_PATCH_ID);
				else if (!strcmp(r->msgid, "b1@x"))
					assert_int_equal(how, PB_TARGET_SUBJECT);
				else
					assert_int_equal(how, PB_TARGET_NONE);
				if (how)
					assert_int_equal(strlen(commit), 40);
			}
		}
		pb_index_set_marker(idx, NULL, NULL);
	}
	assert_int_equal(pb_target_mark(t, (pb_series_set_t *)pb_index_series(pbt_index(ctx, db, NULL)), &marked, &err),
			 PB_OK);
	assert_int_equal(marked, 2);

	/* the branch moves: D is taken; the next refresh reads only that */
	{
		pb_index_t *idx = pbt_index(ctx, db, cache);
		size_t before;
		pb_target_attach(t, idx);
		before = pb_target_commits(t);
		assert_int_equal(state_of(pb_index_series(idx), "d1@x", NULL), PB_RS_NEW);
		pbt_sh("cd '%s' && git am -q .git/msgs/0008", repo);
		assert_int_equal(pb_index_refresh(idx, &err), PB_OK);
		assert_int_equal(state_of(pb_index_series(idx), "d1@x", NULL), PB_RS_ACCEPTED);
		assert_int_equal(pb_target_commits(t), before + 1);
		pb_index_set_marker(idx, NULL, NULL);
	}
	talloc_free(ctx);
}

/* The snooze of the latest version of the series of ID in IDX's model. */
static bool snooze_of(pb_index_t *idx, const char *id, pb_snooze_t *z)
{
	pb_series_t *s = NULL;
	assert_int_equal(pb_index_find(idx, id, &s, NULL, NULL), PB_OK);
	return pb_review_snooze(z, pb_series_latest(s), 0);
}

/* A snooze on a git tag ends when the tag is in the repository: a mark
 * beside the target's (two markers on one index), read anew at each
 * refresh, never cached; without a repository nothing is checked. */
static void test_wake_on_tag(void **state)
{
	void *ctx = talloc_new(NULL);
	char *mbox = pbt_write_temp(ctx, "t.mbox", archive(ctx));
	char *db = pbt_notmuch_db1(ctx, mbox);
	char *repo = repo_with_target(ctx, mbox);
	char *cache = pbt_tmpdir(ctx);
	pb_target_t *t = NULL;
	pb_wake_t *w = NULL, *none = NULL;
	pb_error_t err = {0};
	pb_snooze_t z;
	int64_t until;
	const char *tag;
	size_t reached;
	(void)state;

	/* what a snooze end may be */
	assert_int_equal(pb_snooze_parse_end(&until, &tag, "tag:v6.9-rc1", 0, &err), PB_OK);
	assert_string_equal(tag, "v6.9-rc1");
	assert_int_equal(until, 0);
	assert_int_equal(pb_snooze_parse_end(&until, &tag, "2099-01-01", 0, &err), PB_OK);
	assert_null(tag);
	assert_true(until > 0);
	assert_int_equal(pb_snooze_parse_end(&until, &tag, "tag:", 0, &err), PB_ERR_USAGE);
	pbt_assert_contains(pb_error_msg(&err), "tag: wants the name of a git tag");
	for (int i = 0; i < 5; i++) {
		static const char *const bad[] = {"tag:a..b", "tag:-rc", "tag:x y", "tag:v1.lock", "tag:a/"};
		assert_int_equal(pb_snooze_parse_end(&until, &tag, bad[i], 0, &err), PB_ERR_USAGE);
		pbt_assert_contains(pb_error_msg(&err), "is not a name git takes for a tag");
	}
	assert_int_equal(pb_snooze_parse_end(&until, &tag, "someday", 0, &err), PB_ERR_USAGE);
	assert_int_equal(pb_snooze_parse(&until, "tag:v1", 0), PB_ERR_USAGE); /* (days only) */

	assert_int_equal(pb_target_open(&t, ctx, repo, "master", &err), PB_OK);
	assert_int_equal(pb_wake_open(&w, ctx, repo, &err), PB_OK);
	{
		pb_index_t *idx = pbt_index(ctx, db, cache);
		pb_series_t *s = NULL;
		const pb_version_t *vs[2];
		assert_int_equal(pb_index_find(idx, "d1@x", &s, NULL, NULL), PB_OK);
		vs[0] = pb_series_latest(s);
		assert_int_equal(pb_index_find(idx, "c0@x", &s, NULL, NULL), PB_OK);
		vs[1] = pb_series_latest(s);
		assert_int_equal(pb_store_snooze_tag(idx, vs, 2, "v2.0", &err), PB_OK);
		assert_int_equal(pb_store_snooze_tag(idx, vs, 2, "bad..name", &err), PB_ERR_USAGE);
		pb_target_attach(t, idx);
		assert_int_equal(pb_wake_attach(w, idx), PB_OK);
		assert_int_equal(pb_index_refresh(idx, &err), PB_OK);
		assert_true(snooze_of(idx, "d1@x", &z));
		assert_string_equal(z.tag, "v2.0");
		assert_true(z.tag_checked);
		assert_false(z.tag_reached);
		assert_int_equal(state_of(pb_index_series(idx), "a0@x", NULL), PB_RS_ACCEPTED); /* the target's too */
		pbt_sh("git -C '%s' tag v2.0", repo);
		assert_int_equal(pb_index_refresh(idx, &err), PB_OK);
		assert_false(snooze_of(idx, "d1@x", &z));
		assert_true(z.tag_reached);
		assert_false(snooze_of(idx, "c0@x", &z));
		assert_int_equal(state_of(pb_index_series(idx), "a0@x", NULL), PB_RS_ACCEPTED);
		assert_int_equal(pb_wake_mark(w, (pb_series_set_t *)pb_index_series(idx), &reached, &err), PB_OK);
		assert_int_equal(reached, 2);
		assert_non_null(pb_wake_repo(w));
		/* the tag goes: asleep again at the next refresh */
		pbt_sh("git -C '%s' tag -d v2.0 >/dev/null", repo);
		assert_int_equal(pb_index_refresh(idx, &err), PB_OK);
		assert_true(snooze_of(idx, "d1@x", &z));
		/* markers: one per callback, and taken off */
		assert_int_equal(pb_wake_attach(w, idx), PB_OK);
		pb_index_set_marker(idx, NULL, NULL);
	}
	/* warm, from the cache: the record keeps the tag's name, the mark
	 * was never cached; no repository: not checked, asleep */
	pbt_sh("git -C '%s' tag v2.0", repo);
	{
		pb_index_t *idx = pbt_index(ctx, db, cache);
		assert_true(snooze_of(idx, "d1@x", &z));
		assert_string_equal(z.tag, "v2.0");
		assert_false(z.tag_checked);
		assert_int_equal(pb_wake_open(&none, ctx, pbt_tmpdir(ctx), &err), PB_OK);
		assert_int_equal(pb_wake_attach(none, idx), PB_OK);
		assert_true(snooze_of(idx, "d1@x", &z));
		assert_false(z.tag_checked);
		assert_null(pb_wake_repo(none));
		assert_int_equal(pb_wake_mark(none, (pb_series_set_t *)pb_index_series(idx), &reached, &err),
				 PB_ERR_NOTFOUND);
		assert_int_equal(pb_wake_attach(w, idx), PB_OK);
		assert_false(snooze_of(idx, "d1@x", &z));
		assert_true(z.tag_reached);
		pb_index_set_marker(idx, NULL, NULL);
	}
	talloc_free(ctx);
}

static void test_cli(void **state)
{
	void *ctx = talloc_new(NULL);
	char *mbox = pbt_write_temp(ctx, "t.mbox", archive(ctx));
	char *db = pbt_notmuch_db1(ctx, mbox);
	char *repo = repo_with_target(ctx, mbox);
	char *out = NULL, *err = NULL;
	(void)state;

	pbt_sh("git config --global patchbay.repo '%s' && git -C '%s' config patchbay.target master", repo, repo);
	{
		const char *a[] = {pbt_patchbay(), "--db", db, "--no-cache", "state", "a1@x", "--json", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
		pbt_assert_contains(out, "\"state\": \"accepted\"");
		pbt_assert_contains(out, "\"why\": \"its patches are in patchbay.target\"");
	}
	{
		const char *a[] = {pbt_patchbay(), "--db", db, "--no-cache", "list", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
		pbt_assert_contains(out, "accepted   v1    2/2");
	}
	{
		const char *a[] = {pbt_patchbay(), "--db", db, "--no-cache", "queue", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
		pbt_assert_not_contains(out, "a0@x");
		pbt_assert_contains(out, "d1@x");
	}
	/* a state set by hand wins over the branch */
	{
		const char *a[] = {pbt_patchbay(), "--db", db, "--no-cache", "state", "a1@x", "--set", "rejected", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
		pbt_assert_contains(out, "rejected, set by hand (the mail says accepted");
	}
	/* a target that is not there: said, and nothing is accepted */
	pbt_sh("git -C '%s' config patchbay.target nosuch", repo);
	{
		const char *a[] = {pbt_patchbay(), "--db", db, "--no-cache", "state", "b1@x", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
		pbt_assert_contains(err, "patchbay.target 'nosuch' is not in the repository");
		pbt_assert_contains(out, ": new, from the mail");
	}
	pbt_sh("git config --global --unset patchbay.repo");
	talloc_free(ctx);
}

/* What the commits gave is kept: a second run finds the same, from the
 * cache; a garbled cache is read as far as it makes sense and never
 * gives a wrong answer. */
static void test_cache(void **state)
{
	void *ctx = talloc_new(NULL);
	char *mbox = pbt_write_temp(ctx, "t.mbox", archive(ctx));
	char *db = pbt_notmuch_db1(ctx, mbox);
	char *repo = repo_with_target(ctx, mbox);
	char *cache = pbt_tmpdir(ctx), *file = NULL;
	pb_error_t err = {0};
	(void)state;
	for (int pass = 0; pass < 3; pass++) {
		pb_target_t *t = NULL;
		pb_index_t *idx = pbt_index(ctx, db, NULL);
		const pb_series_set_t *set = pb_index_series(idx);
		assert_int_equal(pb_target_open(&t, ctx, repo, "master", &err), PB_OK);
		assert_int_equal(pb_target_cache(t, cache, &err), PB_OK);
		pb_target_attach(t, idx);
		assert_int_equal(state_of(set, "a0@x", NULL), PB_RS_ACCEPTED);
		assert_int_equal(state_of(set, "b1@x", NULL), PB_RS_ACCEPTED);
		assert_int_equal(state_of(set, "c0@x", NULL), PB_RS_NEW);
		assert_int_equal(pb_target_commits(t), 5); /* base, a1, a2, b1, c1 */
		for (size_t i = 0; i < set->n; i++) {
			const pb_version_t *v = pb_series_latest(set->v[i]);
			for (size_t k = 0; k < v->n_patches; k++) {
				const char *id = v->patches[k]->rec->msgid;
				pb_target_how_t how = pb_target_find(t, v->patches[k]->rec, NULL);
				if (!strcmp(id, "a1@x") || !strcmp(id, "a2@x") || !strcmp(id, "c1@x"))
					assert_int_equal(how, PB_TARGET_PATCH_ID);
				else if (!strcmp(id, "b1@x"))
					assert_int_equal(how, PB_TARGET_SUBJECT);
			}
		}
		pb_index_set_marker(idx, NULL, NULL);
		if (pass == 0) {
			/* one file, a line per commit */
			assert_int_equal(pbt_count_files(ctx, cache, "target-*", &file), 1);
			pbt_sh("test $(wc -l < '%s') -eq 5", file);
		} else if (pass == 1) {
			/* all from the cache: nothing new was written */
			pbt_sh("test $(wc -l < '%s') -eq 5", file);
			/* garbled: a line cut, a patch-id changed, junk */
			pbt_sh("f='%s' && sed -i -e '1s/ .*//' -e '2s/ [0-9a-f]* / 0000000000000000000000000000000000000000 /' "
			       "\"$f\" && echo junk >> \"$f\"",
			       file);
		}
	}
	/* the two lines not believed were made again */
	pbt_sh("test $(grep -c '#' '%s') -eq 6", file);
	talloc_free(ctx);
}

static void test_errors(void **state)
{
	void *top = talloc_new(NULL), *ctx = talloc_new(top);
	pb_target_t *t = (pb_target_t *)1;
	pb_error_t err = {0};
	char *dir = pbt_tmpdir(top);
	(void)state;
	assert_int_equal(pb_target_open(&t, ctx, dir, "master", &err), PB_ERR_NOTFOUND);
	assert_null(t);
	pb_error_clear(&err);
	pbt_sh("cd '%s' && git init -q -b master", dir);
	assert_int_equal(pb_target_open(&t, ctx, dir, "master", &err), PB_ERR_NOTFOUND);
	pbt_assert_contains(pb_error_msg(&err), "patchbay.target 'master' is not in the repository");
	pbt_assert_no_leaks(ctx);
	talloc_free(top);
}

/* Real mail and a real repository: b4's shazam sample (its gitdir.bundle
 * and the series posted against it). git am of the series onto its base
 * makes a branch; with that branch the target the series is accepted,
 * every patch by patch-id; with the base alone it is not. */
#define SHAZAM_COVER "20221025-test1-v1-0-e4f28f57990c@linuxfoundation.org"
#define SHAZAM_BASE "f435c12df7c0ecf20ab8937859e63cddffacabb4"
static void test_corpus_shazam(void **state)
{
	void *ctx;
	char *repo, *mbox, *cache, *db;
	pb_target_t *base = NULL, *taken = NULL;
	pb_error_t err = {0};
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	repo = pbt_tmpdir(ctx);
	mbox = pbt_corpus_path(ctx, "b4-synthetic/shazam-git1-just-series.mbox");
	pbt_sh("git clone -q '%s' '%s' 2>/dev/null", pbt_corpus_path(ctx, "b4-synthetic/gitdir.bundle"), repo);
	/* git am of the patches (not the cover), in the order posted */
	pbt_sh("cd '%s' && git checkout -q -b taken " SHAZAM_BASE " && mkdir .git/m && git mailsplit -o.git/m '%s' "
	       ">/dev/null && for f in .git/m/*; do grep -q '^diff --git' $f && git am -q $f; done; "
	       "git branch -q base " SHAZAM_BASE " && test $(git rev-list --count base..taken) -gt 1",
	       repo, mbox);
	cache = pbt_tmpdir(ctx);
	assert_int_equal(pb_target_open(&base, ctx, repo, "base", &err), PB_OK);
	assert_int_equal(pb_target_open(&taken, ctx, repo, "taken", &err), PB_OK);
	db = pbt_notmuch_db1(ctx, mbox);
	for (int pass = 0; pass < 2; pass++) { /* cold, then warm */
		pb_index_t *idx = pbt_index(ctx, db, cache);
		pb_series_t *s;
		pb_review_t r;
		assert_int_equal(pb_index_find(idx, SHAZAM_COVER, &s, NULL, NULL), PB_OK);
		pb_target_attach(base, idx);
		assert_int_equal(pb_review_version(&r, pb_index_series(idx), s, NULL), PB_OK);
		assert_int_not_equal(r.state, PB_RS_ACCEPTED);
		pb_target_attach(taken, idx);
		assert_int_equal(pb_index_find(idx, SHAZAM_COVER, &s, NULL, NULL), PB_OK);
		assert_int_equal(pb_review_version(&r, pb_index_series(idx), s, NULL), PB_OK);
		assert_int_equal(r.state, PB_RS_ACCEPTED);
		for (size_t k = 0; k < pb_series_latest(s)->n_patches; k++)
			assert_int_equal(pb_target_find(taken, pb_series_latest(s)->patches[k]->rec, NULL),
					 PB_TARGET_PATCH_ID);
		pb_index_set_marker(idx, NULL, NULL);
	}
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted_by_patch_id_and_subject),
		cmocka_unit_test(test_wake_on_tag),
		cmocka_unit_test(test_cli),
		cmocka_unit_test(test_cache),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_corpus_shazam),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("target", tests, NULL, NULL);
}
