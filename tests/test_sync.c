/* test_sync.c: review states shared between two notmuch databases through
 * a bare git repository with `notmuch git` (sync.h), by the CLI, as two
 * maintainers would: A marks three series and syncs, B syncs and sees
 * them; both change the same series and B another: the rule of sync.h
 * holds (different series both kept, the same series a conflict shown
 * until set again); nothing outside the prefix is touched; a remote that
 * is not there is a clear error that changes nothing. */
#include <stdio.h>

#include "tests/lib/pbtest.h"
#include "tests/lib/pbfixture.h"
#include "patchbay/sync.h"

#define BULK "lore-linux-pwm/bulk-linux-pwm-2022-01..04.mbox"

static const char *repo_a, *repo_b, *remote;

static int pb(void *ctx, char **out, char **err, const char *db, const char *repo, const char *a1, const char *a2,
	      const char *a3, const char *a4, const char *a5, const char *a6)
{
	const char *argv[16] = {pbt_patchbay(), "--db", db, "--no-cache", a1, a2, a3, a4, a5, a6, NULL};
	size_t n = 4;
	while (argv[n])
		n++;
	if (strcmp(a1, "sync") == 0) {
		argv[n++] = "--repo";
		argv[n++] = repo;
		argv[n++] = "--remote";
		argv[n++] = remote;
		argv[n] = NULL;
	}
	return pbt_run(ctx, out, err, NULL, argv);
}

static char *nm(void *ctx, const char *db, const char *query)
{
	char *out = NULL, *err = NULL;
	const char *argv[] = {"env", talloc_asprintf(ctx, "NOTMUCH_CONFIG=%s/.notmuch-config", db), "sh", "-c",
			      talloc_asprintf(ctx, "notmuch search --output=messages '%s' | sort", query), NULL};
	assert_int_equal(pbt_run(ctx, &out, &err, NULL, argv), 0);
	return out;
}

static bool have_notmuch_git(void)
{
	return system("notmuch git --help >/dev/null 2>&1") == 0;
}

static void test_team(void **state)
{
	void *ctx;
	char *a, *b, *out, *err, *dir, *inbox_b;
	const char *s[4];
	pb_index_t *idx;
	(void)state;
	PBT_NEED_CORPUS();
	if (!have_notmuch_git()) {
		print_message("skipped: notmuch git is not installed (Debian package notmuch-git)\n");
		skip();
	}
	ctx = talloc_new(NULL);
	a = pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, BULK));
	b = pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, BULK));
	dir = pbt_tmpdir(ctx);
	repo_a = talloc_asprintf(ctx, "%s/a.git", dir);
	repo_b = talloc_asprintf(ctx, "%s/b.git", dir);
	remote = talloc_asprintf(ctx, "%s/team.git", dir);
	pbt_sh("git init -q --bare '%s'", remote);
	/* four series of the archive */
	idx = pbt_index(ctx, a, NULL);
	assert_true(pb_index_series(idx)->n > 10);
	for (int i = 0; i < 4; i++)
		s[i] = talloc_strdup(ctx, pb_index_series(idx)->v[i]->id);
	talloc_free(idx);
	pbt_sh("NOTMUCH_CONFIG='%s/.notmuch-config' notmuch tag +mine -- id:%s", b, s[3]);
	inbox_b = nm(ctx, b, "tag:inbox or tag:mine");

	/* A marks three series and syncs; B syncs and sees them */
	assert_int_equal(pb(ctx, &out, &err, a, repo_a, "state", s[0], s[1], s[2], "--set", "acked"), 0);
	if (pb(ctx, &out, &err, a, repo_a, "sync", NULL, NULL, NULL, NULL, NULL) != 0)
		fail_msg("sync: %s", err);
	pbt_assert_contains(err, "new repository; ");
	pbt_assert_contains(err, "0 received");
	assert_int_equal(pb(ctx, &out, &err, b, repo_b, "sync", NULL, NULL, NULL, NULL, NULL), 0);
	pbt_assert_contains(err, "0 tag changes sent");
	pbt_assert_not_contains(err, " 0 received");
	assert_string_equal(nm(ctx, b, "tag:pb/acked"), nm(ctx, a, "tag:pb/acked"));
	assert_int_equal(pb(ctx, &out, &err, b, repo_b, "state", s[0], s[1], s[2], "--json", NULL), 0);
	for (int i = 0; i < 3; i++)
		pbt_assert_contains(out, talloc_asprintf(ctx, "\"id\": \"%s\"", s[i]));
	pbt_assert_contains(out, "\"by\": \"hand\"");
	pbt_assert_not_contains(out, "\"by\": \"mail\"");

	/* both change s[0]; B also defers s[3] */
	assert_int_equal(pb(ctx, &out, &err, a, repo_a, "state", s[0], "--set", "queued", NULL, NULL), 0);
	assert_int_equal(pb(ctx, &out, &err, b, repo_b, "state", s[0], "--set", "rejected", NULL, NULL), 0);
	assert_int_equal(pb(ctx, &out, &err, b, repo_b, "state", s[3], "--set", "deferred", NULL, NULL), 0);
	assert_int_equal(pb(ctx, &out, &err, b, repo_b, "sync", NULL, NULL, NULL, NULL, NULL), 0);
	assert_int_equal(pb(ctx, &out, &err, a, repo_a, "sync", NULL, NULL, NULL, NULL, NULL), 0);
	/* different series: both kept; the same series: both states, shown */
	assert_string_equal(nm(ctx, a, "tag:pb/deferred"), nm(ctx, b, "tag:pb/deferred"));
	assert_string_not_equal(nm(ctx, a, "tag:pb/deferred"), "");
	pbt_assert_contains(out, talloc_asprintf(ctx, "conflict: <%s>", s[0]));
	pbt_assert_contains(err, "1 conflict\n");
	assert_string_equal(nm(ctx, a, "tag:pb/acked"), nm(ctx, a, talloc_asprintf(ctx, "(%s) and tag:pb/acked",
										   "not tag:pb/queued")));
	assert_int_equal(pb(ctx, &out, &err, a, repo_a, "state", s[1], s[2], NULL, NULL, NULL), 0);
	pbt_assert_not_contains(out, "from the mail");
	/* A settles it; after both sync, B has A's word and no conflict */
	assert_int_equal(pb(ctx, &out, &err, a, repo_a, "state", s[0], "--set", "queued", NULL, NULL), 0);
	assert_int_equal(pb(ctx, &out, &err, a, repo_a, "sync", NULL, NULL, NULL, NULL, NULL), 0);
	assert_int_equal(pb(ctx, &out, &err, b, repo_b, "sync", NULL, NULL, NULL, NULL, NULL), 0);
	pbt_assert_contains(err, "0 conflicts");
	assert_string_equal(nm(ctx, b, "tag:pb/rejected"), "");
	assert_int_equal(pb(ctx, &out, &err, b, repo_b, "state", s[0], "--json", NULL, NULL, NULL), 0);
	pbt_assert_contains(out, "\"state\": \"queued\"");
	pbt_assert_contains(out, "\"conflict\": false");
	/* tags outside the prefix are as they were */
	assert_string_equal(nm(ctx, b, "tag:inbox or tag:mine"), inbox_b);

	/* a remote that is not there: a clear error, B's tags unchanged */
	{
		char *before = nm(ctx, b, "tag:pb/deferred or tag:pb/acked or tag:pb/queued");
		remote = talloc_asprintf(ctx, "%s/no-such.git", dir);
		assert_int_not_equal(pb(ctx, &out, &err, b, repo_b, "sync", NULL, NULL, NULL, NULL, NULL), 0);
		pbt_assert_contains(err, "patchbay sync: git fetch failed");
		assert_string_equal(nm(ctx, b, "tag:pb/deferred or tag:pb/acked or tag:pb/queued"), before);
	}
	talloc_free(ctx);
}

/* A step that does not end (a remote that never answers) can be stopped
 * from the waiting callback, which hears which step runs and for how long
 * (the TUI shows it and stops on q): the sync fails at that step, soon,
 * naming it. Real notmuch git; git fetch made to hang by a git in PATH
 * that sleeps on fetch. */
struct seen {
	int calls;
	char step[64];
	double last;
};

static bool stop_soon(void *payload, const char *step, double elapsed)
{
	struct seen *w = payload;
	w->calls++;
	snprintf(w->step, sizeof(w->step), "%s", step);
	w->last = elapsed;
	/* the fetch alone, which hangs: the other steps take what they take
	 * (notmuch git init runs over half a second on a loaded machine) */
	return strcmp(step, "git fetch") != 0 || elapsed < 0.5;
}

static void test_stop_a_step(void **state)
{
	void *ctx;
	char *dir, *db, *path;
	pb_index_t *idx;
	pb_sync_opts_t o = {0};
	pb_sync_result_t res;
	pb_error_t err = {0};
	struct seen w = {0};
	const char *old;
	(void)state;
	if (!have_notmuch_git()) {
		print_message("skipped: notmuch git is not installed (Debian package notmuch-git)\n");
		skip();
	}
	ctx = talloc_new(NULL);
	old = talloc_strdup(ctx, getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	dir = pbt_tmpdir(ctx);
	db = pbt_notmuch_db1(ctx, pbt_fixture_triage(ctx));
	idx = pbt_index(ctx, db, NULL);
	/* a git that sleeps on fetch, and is the real one otherwise */
	pbt_sh("git init -q --bare '%s/team.git' && mkdir '%s/bin' && real=$(command -v git) && "
	       "printf '#!/bin/sh\\nfor a; do [ \"$a\" = fetch ] && exec sleep 60; done\\nexec %%s \"$@\"\\n' "
	       "\"$real\" > '%s/bin/git' && chmod +x '%s/bin/git'",
	       dir, dir, dir, dir);
	path = talloc_asprintf(ctx, "%s/bin:%s", dir, old);
	o.repo = talloc_asprintf(ctx, "%s/mine.git", dir);
	o.remote = talloc_asprintf(ctx, "%s/team.git", dir);
	o.notmuch_config = talloc_asprintf(ctx, "%s/.notmuch-config", db);
	o.name = "Rev Iewer";
	o.email = "rev@example.org";
	o.timeout_s = 50;
	o.waiting = stop_soon;
	o.payload = &w;
	setenv("PATH", path, 1);
	assert_int_not_equal(pb_sync(idx, ctx, &res, &o, &err), PB_OK);
	setenv("PATH", old, 1);
	pbt_assert_contains(pb_error_msg(&err), "git fetch: ");
	pbt_assert_contains(pb_error_msg(&err), "stopped after");
	assert_string_equal(w.step, "git fetch");
	assert_true(w.calls >= 2);
	assert_true(w.last >= 0.5 && w.last < 10);
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_team),
		cmocka_unit_test(test_stop_a_step),
	};
	pbt_setup_env();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
