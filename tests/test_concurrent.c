/* test_concurrent.c: patchbay reading a notmuch database that another
 * process writes meanwhile (`notmuch new` from cron while the maintainer
 * works).
 *
 * A reader of a Xapian database sees the revision it opened until the
 * writer has committed twice more; then reading fails with
 * DatabaseModifiedError, which libnotmuch lets escape from some calls
 * (notmuch_messages_get). patchbay must reopen and read again, never
 * abort. The writes are made to happen exactly while patchbay reads: from
 * its progress callback, between two batches of the same query. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <talloc.h>

#include "patchbay/index.h"
#include "lib/pbtest.h"
#include "lib/pbt_git.h"

struct writer {
	const char *dir;
	int calls; /* progress calls seen */
	int writes; /* times the database was written under the reader */
	int max_writes;
};

/* Under the reader's feet: new mail, then every message retagged twice
 * (three commits that touch every document). */
static void write_meanwhile(void *payload, size_t done, size_t total, double elapsed)
{
	struct writer *w = payload;
	(void)total;
	(void)elapsed;
	w->calls++;
	if (done < 1024 || w->writes >= w->max_writes)
		return;
	w->writes++;
	pbt_sh("d='%s'; cfg=\"$d/notmuch-config\"; "
	       "for f in $(ls \"$d/held\" | sed 200q); do mv \"$d/held/$f\" \"$d/mail/cur/\"; done; "
	       "notmuch --config=\"$cfg\" new --quiet && "
	       "notmuch --config=\"$cfg\" tag +pbt-churn -- '*' && "
	       "notmuch --config=\"$cfg\" tag -pbt-churn -- '*'",
	       w->dir);
}

static size_t files_in(TALLOC_CTX *ctx, const char *dir)
{
	return (size_t)pbt_count_files(ctx, dir, "*", NULL);
}

/* Open the index while W writes (up to MAX_WRITES times); the number of
 * reads begun again. */
static unsigned open_while_written(const char *dir, const char *cache, int max_writes)
{
	void *ctx = talloc_new(NULL);
	struct writer w = {dir, 0, 0, max_writes};
	pb_index_opts_t o = {0};
	pb_error_t err = {0};
	pb_index_t *idx = NULL;
	unsigned retries;
	int rc;
	o.db_path = talloc_asprintf(ctx, "%s/mail", dir);
	o.cache_dir = cache;
	o.progress = write_meanwhile;
	o.payload = &w;
	rc = pb_index_open(ctx, &idx, &o, &err);
	if (rc != PB_OK)
		fail_msg("pb_index_open: %s", pb_error_msg(&err));
	assert_int_equal(w.writes, max_writes); /* (the race did happen) */
	/* what it shows is the database as it was after the writes: every
	 * message, the new ones too */
	assert_int_equal(pb_index_stats(idx)->messages, files_in(ctx, talloc_asprintf(ctx, "%s/mail/cur", dir)));
	retries = pb_index_stats(idx)->retries;
	talloc_free(ctx);
	return retries;
}

static char *archive(TALLOC_CTX *ctx, int held)
{
	const char *src = getenv("PB_SRCDIR");
	char *dir = pbt_tmpdir(ctx);
	pbt_sh("sh '%s/bench/gen-identity.sh' '%s' 3000 5 2>/dev/null && mkdir '%s/held' && "
	       "ls '%s/mail/cur' | sort | tail -n %d | while read -r f; do mv \"%s/mail/cur/$f\" '%s/held/'; done && "
	       "notmuch --config='%s/notmuch-config' new --quiet",
	       src && *src ? src : ".", dir, dir, dir, held, dir, dir, dir);
	return dir;
}

/* A cold read (every message parsed, batches of 1024) while notmuch new
 * and notmuch tag write, twice: patchbay opens the database again and
 * reads again. */
static void test_cold_read_while_written(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = archive(ctx, 600);
	(void)state;
	/* (whether a write costs the reader its revision depends on which
	 * blocks Xapian reuses: at least the first does) */
	assert_true(open_while_written(dir, pbt_tmpdir(ctx), 2) >= 1);
	talloc_free(ctx);
}

/* The same from the cache: the update reads the 1,300 new messages
 * (two batches) while the database is written under it; then a start
 * with nothing new, whose cache must hold everything. */
static void test_update_while_written(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = archive(ctx, 1500), *cache = pbt_tmpdir(ctx);
	(void)state;
	assert_int_equal(open_while_written(dir, cache, 0), 0);
	pbt_sh("d='%s'; for f in $(ls \"$d/held\" | sed 1300q); do mv \"$d/held/$f\" \"$d/mail/cur/\"; done; "
	       "notmuch --config=\"$d/notmuch-config\" new --quiet",
	       dir);
	assert_true(open_while_written(dir, cache, 1) >= 1);
	assert_int_equal(open_while_written(dir, cache, 0), 0);
	talloc_free(ctx);
}

/* The actions while notmuch new indexes 2,000 messages and notmuch tag
 * retags them, from another process, as cron does: a draft kept, a
 * review state set, a series applied to a new branch, again and again.
 * Each either works or fails with a clear error that changed nothing
 * (exit 3: no branch left behind); none aborts (a signal); every draft
 * is on disk at the end, and the last state holds. */
static void test_actions_while_new(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = archive(ctx, 2000), *cache = pbt_tmpdir(ctx), *out = NULL, *err = NULL, *patch, *pid;
	int busy = 0;
	char *db = talloc_asprintf(ctx, "%s/mail", dir), *cfg = talloc_asprintf(ctx, "%s/notmuch-config", dir);
	char *repo, *mbox, *cover;
	int ok = 0, refused = 0, applied = 0;
	(void)state;
	patch = pbt_read(ctx, talloc_asprintf(ctx, "%s/truth", dir), NULL);
	patch = strstr(patch, "\nv1 ");
	assert_non_null(patch);
	patch = talloc_strndup(ctx, patch + 4, strcspn(patch + 4, "\n"));
	pid = talloc_asprintf(ctx, "%s/writer.pid", dir);
	/* a series that applies to a real repository, in the same database */
	repo = pbt_git_repo(ctx, 3);
	mbox = pbt_git_series(ctx, repo, 3, "Three changes under a writer");
	cover = pbt_mbox_msgid(ctx, mbox, "0/3");
	pbt_sh("d='%s'; mkdir \"$d/series\" && git mailsplit -o\"$d/series\" '%s' >/dev/null && "
	       "for f in \"$d\"/series/*; do mv \"$f\" \"$d/mail/cur/series-$(basename \"$f\"):2,S\"; done && "
	       "notmuch --config=\"$d/notmuch-config\" new --quiet",
	       dir, mbox);
	/* the writer, in the background */
	pbt_sh("d='%s'; (for f in $(ls \"$d/held\"); do mv \"$d/held/$f\" \"$d/mail/cur/\"; done; "
	       "notmuch --config=\"$d/notmuch-config\" new --quiet; "
	       "for i in 1 2 3; do notmuch --config=\"$d/notmuch-config\" tag +pbt-churn -- '*'; "
	       "notmuch --config=\"$d/notmuch-config\" tag -pbt-churn -- '*'; done) >/dev/null 2>&1 & echo $! > '%s'",
	       dir, pid);
	for (int i = 0; i < 6; i++) {
		const char *r[] = {pbt_patchbay(), "--notmuch-config", cfg, "--db", db, "--cache-dir", cache,
				   "reply", patch, "--ack", "--draft", NULL};
		const char *st[] = {pbt_patchbay(), "--notmuch-config", cfg, "--db", db, "--cache-dir", cache,
				    "state", patch, "--set", i % 2 ? "deferred" : "rejected", NULL};
		int rc = pbt_run(ctx, &out, &err, NULL, r);
		if (rc != 0 && rc != 3)
			fail_msg("reply --draft while notmuch new ran: exit %d: %s", rc, err);
		rc == 0 ? ok++ : refused++;
		busy += system(talloc_asprintf(ctx, "kill -0 $(cat '%s') 2>/dev/null", pid)) == 0;
		rc = pbt_run(ctx, &out, &err, NULL, st);
		if (rc == 3)
			pbt_assert_contains(err, "nothing was changed");
		else if (rc != 0)
			fail_msg("state --set while notmuch new ran: exit %d: %s", rc, err);
		if (i < 3) {
			/* apply to a new branch: all of it, or none */
			char *branch = talloc_asprintf(ctx, "topic/w%d", i);
			const char *ap[] = {pbt_patchbay(), "--notmuch-config", cfg, "--db", db, "--cache-dir", cache,
					    "apply", cover, "--repo", repo, "--branch", branch, NULL};
			const char *count[] = {"git", "-C", repo, "rev-list", "--count",
					       talloc_asprintf(ctx, "master..%s", branch), NULL};
			rc = pbt_run(ctx, &out, &err, NULL, ap);
			if (rc == 0) {
				applied++;
				assert_int_equal(pbt_run(ctx, &out, NULL, NULL, count), 0);
				assert_string_equal(out, "3\n");
			} else if (rc == 3) {
				assert_int_not_equal(pbt_run(ctx, &out, NULL, NULL, count), 0); /* no branch */
			} else {
				fail_msg("apply while notmuch new ran: exit %d: %s", rc, err);
			}
		}
	}
	pbt_sh("while kill -0 $(cat '%s') 2>/dev/null; do sleep 0.1; done", pid);
	/* every reply is on disk: indexed, or kept and said where */
	assert_int_equal(pbt_count_files(ctx, talloc_asprintf(ctx, "%s/Drafts/cur", db), "*", NULL), 6);
	print_message("%d of 6 rounds while the writer ran: %d drafts kept and indexed, %d kept not indexed; "
		      "%d of 3 applies whole, the rest changed nothing\n",
		      busy, ok, refused, applied);
	/* after it: the last state set holds, notmuch says so too */
	{
		const char *st[] = {pbt_patchbay(), "--notmuch-config", cfg, "--db", db, "--cache-dir", cache,
				    "state", patch, "--set", "deferred", NULL};
		const char *a[] = {"notmuch", "--config", cfg, "count", "tag:pb/deferred", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, st), 0);
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
		assert_true(atoi(out) >= 1);
	}
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cold_read_while_written),
		cmocka_unit_test(test_update_while_written),
		cmocka_unit_test(test_actions_while_new),
	};
	pbt_setup_env();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
