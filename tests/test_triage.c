/* test_triage.c: who each series waits on, on the triage archive. */
#include "tests/lib/pbtest.h"
#include "tests/lib/pbfixture.h"
#include "patchbay/triage.h"

static pb_series_t *by_title(const pb_series_set_t *set, const char *title)
{
	for (size_t i = 0; i < set->n; i++)
		if (strstr(set->v[i]->title, title))
			return set->v[i];
	fail_msg("no series titled %s", title);
	return NULL;
}

static void test_waits_on(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_index_t *idx = pbt_index(ctx, pbt_notmuch_db1(ctx, pbt_fixture_triage(ctx)), NULL);
	const pb_series_set_t *set = pb_index_series(idx);
	pb_triage_t t;
	(void)state;

	/* v2 lacks 2/3: the author must send it */
	assert_int_equal(pb_triage_series(set, by_title(set, "Foo PWM"), &t), PB_OK);
	assert_int_equal(by_title(set, "Foo PWM")->state, PB_STATE_INCOMPLETE);
	assert_int_equal(t.waits_on, PB_WAIT_AUTHOR);
	assert_int_equal(t.received, 2);
	assert_int_equal(t.replies, 1);

	/* nobody replied: reviewers */
	assert_int_equal(pb_triage_series(set, by_title(set, "early console"), &t), PB_OK);
	assert_int_equal(t.waits_on, PB_WAIT_REVIEWERS);
	assert_null(t.last);

	/* the author answered the review last: reviewers again */
	assert_int_equal(pb_triage_series(set, by_title(set, "queue handling"), &t), PB_OK);
	assert_int_equal(t.waits_on, PB_WAIT_REVIEWERS);
	assert_string_equal(t.last->msgid, "bar-v3-r4@example.com");
	assert_int_equal(t.replies, 4);

	/* applied: nobody */
	assert_int_equal(pb_triage_series(set, by_title(set, "Fix a typo"), &t), PB_OK);
	assert_int_equal(t.waits_on, PB_WAIT_NOBODY);
	assert_string_equal(pb_wait_label(t.waits_on), "-");
	talloc_free(ctx);
}

/* Review comments without tags after the latest version: the author's move. */
static void test_comments_wait_on_author(void **state)
{
	void *ctx = talloc_new(NULL);
	char *m = NULL;
	pb_index_t *idx;
	pb_triage_t t;
	(void)state;
	pbt_mbox_add(ctx, &m, "Ann Author <ann@example.org>", "Mon, 1 Jan 2024 10:00:00 +0000", "p1@x", NULL, NULL,
		     "[PATCH] lib: Add a helper",
		     "Signed-off-by: Ann Author <ann@example.org>\n---\n lib/x.c | 1 +\n\n"
		     "diff --git a/lib/x.c b/lib/x.c\nindex 1111111..2222222 100644\n--- a/lib/x.c\n+++ b/lib/x.c\n"
		     "@@ -1 +1,2 @@\n int x;\n+int y;\n");
	pbt_mbox_add(ctx, &m, "Rita Reviewer <rita@example.org>", "Tue, 2 Jan 2024 10:00:00 +0000", "r1@x", "p1@x",
		     NULL, "Re: [PATCH] lib: Add a helper", "> +int y;\n\nWhy a global?\n");
	idx = pbt_index(ctx, pbt_notmuch_db1(ctx, pbt_write_temp(ctx, "c.mbox", m)), NULL);
	assert_int_equal(pb_index_series(idx)->n, 1);
	assert_int_equal(pb_triage_series(pb_index_series(idx), pb_index_series(idx)->v[0], &t), PB_OK);
	assert_int_equal(t.waits_on, PB_WAIT_AUTHOR);
	assert_string_equal(pb_wait_label(t.waits_on), "author");
	talloc_free(ctx);
}

/* The Message-IDs of every record of SET flagged a ping, sorted, one a
 * line (replies to every version of every series). */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *pings_of(TALLOC_CTX *ctx, const pb_series_set_t *set)
{
	const char **ids = NULL;
	size_t n = 0;
	char *out = talloc_strdup(ctx, "");
	for (size_t i = 0; i < set->n; i++)
		for (size_t k = 0; k < set->v[i]->n_versions; k++) {
			const pb_msgrec_t **rs = NULL;
			size_t nr = 0;
			if (pb_series_version_replies(set, set->v[i]->versions[k], NULL, &rs, &nr))
				continue;
			for (size_t r = 0; r < nr; r++)
				if (rs[r]->rflags & PB_REC_PING) {
					ids = talloc_realloc(ctx, ids, const char *, n + 1);
					ids[n++] = talloc_strdup(ids, rs[r]->msgid);
				}
			talloc_free(rs);
		}
	if (n)
		qsort(ids, n, sizeof(*ids), cmp_str);
	for (size_t i = 0; i < n; i++)
		out = talloc_asprintf_append(out, "%s\n", ids[i]);
	return out;
}

/* Every reply of these files that asks for attention, found by reading
 * each reply whose own text says ping, reminder, bump, nudge or "any
 * comments/feedback/update/news/thoughts/objections" (25 of them). Not
 * pings, and not flagged: b4's "thanks, applied" note ("If any updates
 * are required"), reviews about "ping-pong mode", a review that gives
 * "another reminder" on a prefix, "Do you have any thoughts on how to
 * handle this case?" in a 87-word review (intel-wired-lan), and LTP's
 * second nudge "Can you help to merge this PR?" (asks, names no ping
 * word: a known miss). Sean Anderson's "ping?" on v12 of the Xilinx AXI
 * timer answers a posting outside the file: in no series. */
static const char *const pings_truth[] = {
	/* pwm bulk: "ping?" leading a 70-word text; Krzysztof Kozlowski's
	 * "Any comments here?" and "Any comments on this patch?"; Doug
	 * Anderson's "Can you give any update about them?" (a third party) */
	"1531e89f-4847-4f31-3cfc-a2b21e69cc35@seco.com\n"
	"211b3d35-1d8d-b71c-996a-b185324815f7@canonical.com\n"
	"77fd3853-25b2-f9f7-6081-969ec54aa6a9@canonical.com\n"
	"CAD=FV=U1jGdZiqu4ADo6ZDuMfhsLrvZyX9ab4KtJZoxwgj4oeA@mail.gmail.com\n",
	/* Pali Rohár: "PING?", "Gregory: ping", "PING", "PING?" */
	"20220924103437.ww4urmq6cnhzj373@pali\n"
	"20220930233453.ixfj7ps2fo2jukjp@pali\n"
	"20221009120558.nb6mxipaijrhszt6@pali\n"
	"20221101224425.huygrjriyhjwov5x@pali\n",
	/* "Gentle Reminder" above an Outlook "-----Original Message-----" */
	"IA0PR02MB91459B3A455BB3EC50D43256F6A6A@IA0PR02MB9145.namprd02.prod.outlook.com\n",
	"",
};

static void test_pings_in_corpus(void **state)
{
	static const char *const files[] = {
		"lore-linux-pwm/bulk-linux-pwm-2022-01..04.mbox",
		"lore-linux-pwm/gpio-mvebu-v2-in-reply-to-v1-deep.mbox",
		"lore-ltp/bulk-ltp-2025-11..12.mbox",
		"lore-intel-wired-lan/bulk-intel-wired-lan-2026-01-15..31.mbox",
	};
	void *ctx;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		char *db = pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, files[f]));
		char *cache = pbt_tmpdir(ctx);
		char *cold = pings_of(ctx, pb_index_series(pbt_index(ctx, db, cache)));
		char *warm = pings_of(ctx, pb_index_series(pbt_index(ctx, db, cache)));
		assert_string_equal(cold, pings_truth[f]);
		assert_string_equal(warm, pings_truth[f]);
	}
	talloc_free(ctx);
}

static const pb_queue_item_t *item_of(const pb_queue_item_t *q, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(q[i].series->id, id) == 0)
			return &q[i];
	return NULL;
}

/* The pwm bulk: the fixes in flight found by reading every patch's
 * trailers (a Fixes: or a Cc: stable@vger.kernel.org on a patch of the
 * latest version), ahead of the rest, each part the longest waiting
 * first; the same cold and warm. */
static void test_queue_fixes_first_corpus(void **state)
{
	static const struct {
		const char *id, *why;
	} fixes[] = {
		{"20220413085050.61144-1-u.kleine-koenig@pengutronix.de", "Fixes:"}, /* renesas-tpu v2 6/6 */
		{"20220125123429.3490883-1-max.kellermann@gmail.com", "Cc: stable"},  /* pwm-sun4i 1-3/3 */
		{"20220408152239.164462-1-u.kleine-koenig@pengutronix.de", "Fixes:"}, /* lp3943 1/2 */
		{"145383feecbe43f3bbd3e128143f7890f0314b3b.1649658220.git.baruch@tkos.co.il", "Fixes:"},
	};
	void *ctx;
	char *db, *cache, *order[2];
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	db = pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, "lore-linux-pwm/bulk-linux-pwm-2022-01..04.mbox"));
	cache = pbt_tmpdir(ctx);
	for (int pass = 0; pass < 2; pass++) {
		const pb_series_set_t *set = pb_index_series(pbt_index(ctx, db, cache));
		pb_queue_item_t *q;
		size_t n, nfix = 0;
		assert_int_equal(pb_queue_build(&q, &n, ctx, set, NULL, 0, PB_QUEUE_BY_AGE, 0), PB_OK);
		assert_true(n > 20);
		order[pass] = talloc_strdup(ctx, "");
		for (size_t i = 0; i < n; i++) {
			order[pass] = talloc_asprintf_append(order[pass], "%s\n", q[i].series->id);
			if (q[i].fix)
				nfix++;
			/* in flight only; fixes first; then oldest first */
			assert_true(q[i].review.state == PB_RS_NEW || q[i].review.state == PB_RS_REVIEW ||
				    q[i].review.state == PB_RS_CHANGES || q[i].review.state == PB_RS_ACKED);
			if (i > 0) {
				assert_false(q[i].fix && !q[i - 1].fix);
				if (!q[i].fix == !q[i - 1].fix)
					assert_true(q[i - 1].since <= q[i].since);
			}
		}
		assert_int_equal(nfix, 4);
		for (size_t f = 0; f < 4; f++) {
			const pb_queue_item_t *it = item_of(q, n, fixes[f].id);
			assert_non_null(it);
			assert_true(it - q < 4);
			assert_string_equal(it->fix, fixes[f].why);
		}
		/* an applied series is settled: out, unless asked for all */
		assert_null(item_of(q, n, "20220204180106.154000-1-sean.anderson@seco.com"));
		assert_int_equal(pb_queue_build(&q, &n, ctx, set, NULL, 0, PB_QUEUE_BY_AGE, PB_QUEUE_ALL), PB_OK);
		assert_non_null(item_of(q, n, "20220204180106.154000-1-sean.anderson@seco.com"));
	}
	assert_string_equal(order[0], order[1]);
	talloc_free(ctx);
}

#define DIFF_OF(f)                                                                                  \
	"---\n " f " | 1 +\n\ndiff --git a/" f " b/" f "\nindex 1111111..2222222 100644\n--- a/" f \
	"\n+++ b/" f "\n@@ -1 +1,2 @@\n int x;\n+int y;\n"

/* Four series written to show each rule: an old plain patch, a newer fix
 * with Fixes:, a fix that Cc:s qemu-stable, and a patch whose author
 * pinged after a week: the ping is no activity (it waits since its
 * posting) and counts until someone else answers. */
static void test_queue_order(void **state)
{
	void *ctx = talloc_new(NULL);
	char *m = NULL, *db, *out = NULL, *err = NULL;
	const pb_series_set_t *set;
	pb_queue_item_t *q;
	size_t n;
	(void)state;
	pbt_mbox_add(ctx, &m, "Old Timer <old@example.org>", "Mon, 1 Jan 2024 10:00:00 +0000", "old@x", NULL, NULL,
		     "[PATCH] lib: Tidy the old helper",
		     "Signed-off-by: Old Timer <old@example.org>\n" DIFF_OF("lib/old.c"));
	pbt_mbox_add(ctx, &m, "Fay Fixer <fay@example.org>", "Fri, 5 Jan 2024 10:00:00 +0000", "fix@x", NULL, NULL,
		     "[PATCH] net: Fix the leak",
		     "Fixes: 0123456789ab (\"net: Add it\")\nSigned-off-by: Fay Fixer <fay@example.org>\n"
		     DIFF_OF("net/leak.c"));
	pbt_mbox_add(ctx, &m, "Sam Stable <sam@example.org>", "Wed, 3 Jan 2024 10:00:00 +0000", "stable@x", NULL,
		     NULL, "[PATCH] block: Stop the crash",
		     "Cc: qemu-stable@nongnu.org\nSigned-off-by: Sam Stable <sam@example.org>\n" DIFF_OF("block/c.c"));
	pbt_mbox_add(ctx, &m, "Pat Pinger <pat@example.org>", "Tue, 2 Jan 2024 10:00:00 +0000", "pat@x", NULL, NULL,
		     "[PATCH] docs: Say more", "Signed-off-by: Pat Pinger <pat@example.org>\n" DIFF_OF("docs/a.txt"));
	pbt_mbox_add(ctx, &m, "Pat Pinger <pat@example.org>", "Wed, 10 Jan 2024 10:00:00 +0000", "pat-ping@x",
		     "pat@x", NULL, "Re: [PATCH] docs: Say more",
		     "On Tue, 2 Jan 2024, Pat Pinger wrote:\n> Signed-off-by: Pat Pinger\n\nGentle ping?\n\nThanks,\nPat\n");
	db = pbt_notmuch_db1(ctx, pbt_write_temp(ctx, "q.mbox", m));
	set = pb_index_series(pbt_index(ctx, db, NULL));
	assert_int_equal(pb_queue_build(&q, &n, ctx, set, NULL, 0, PB_QUEUE_BY_AGE, 0), PB_OK);
	assert_int_equal(n, 4);
	assert_string_equal(q[0].series->id, "stable@x");
	assert_string_equal(q[0].fix, "Cc: stable");
	assert_string_equal(q[1].series->id, "fix@x");
	assert_string_equal(q[1].fix, "Fixes:");
	assert_string_equal(q[2].series->id, "old@x");
	assert_null(q[2].fix);
	assert_string_equal(q[3].series->id, "pat@x");
	assert_int_equal(q[3].pings, 1);
	assert_int_equal(q[3].last_ping, 1704880800); /* 2024-01-10 10:00 UTC */
	assert_int_equal(q[3].since, 1704189600);     /* its posting, 2024-01-02 */
	assert_int_equal(q[3].triage.waits_on, PB_WAIT_REVIEWERS);
	assert_int_equal(q[3].review.state, PB_RS_REVIEW);
	/* by size and by author, fixes stay first */
	assert_int_equal(pb_queue_build(&q, &n, ctx, set, NULL, 0, PB_QUEUE_BY_AUTHOR, 0), PB_OK);
	assert_string_equal(q[0].series->id, "fix@x"); /* Fay < Sam */
	assert_string_equal(q[1].series->id, "stable@x");
	assert_string_equal(q[2].series->id, "old@x"); /* Old < Pat */
	assert_string_equal(q[3].series->id, "pat@x");
	/* a reviewer answers: the ping is answered */
	pbt_mbox_add(ctx, &m, "Rita Reviewer <rita@example.org>", "Thu, 11 Jan 2024 10:00:00 +0000", "rita@x",
		     "pat-ping@x", "pat@x", "Re: [PATCH] docs: Say more", "> Gentle ping?\n\nLooking at it now.\n");
	pbt_notmuch_add(db, pbt_write_temp(ctx, "r.mbox", m));
	set = pb_index_series(pbt_index(ctx, db, NULL));
	assert_int_equal(pb_queue_build(&q, &n, ctx, set, NULL, 0, PB_QUEUE_BY_AGE, 0), PB_OK);
	assert_int_equal(n, 4);
	assert_string_equal(q[3].series->id, "pat@x");
	assert_int_equal(q[3].pings, 0);
	assert_int_equal(q[3].since, 1704967200); /* Rita's answer */
	/* the command line says the same */
	{
		const char *a[] = {pbt_patchbay(), "--db", db, "--no-cache", "queue", "--json", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
		pbt_assert_contains(out, "\"id\": \"stable@x\"");
		pbt_assert_contains(out, "\"fix\": \"Cc: stable\"");
		assert_true(strstr(out, "stable@x") < strstr(out, "fix@x"));
		assert_true(strstr(out, "fix@x") < strstr(out, "old@x"));
		assert_true(strstr(out, "old@x") < strstr(out, "pat@x"));
	}
	{
		const char *a[] = {pbt_patchbay(), "--db", db, "--no-cache", "queue", "--sort", "size", "from:fay", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
		pbt_assert_contains(out, "fix ");
		pbt_assert_contains(out, "net: Fix the leak");
		pbt_assert_not_contains(out, "stable@x");
		pbt_assert_contains(err, "1 series in the queue");
	}
	{
		const char *a[] = {pbt_patchbay(), "--db", db, "--no-cache", "queue", "--sort", "nosuch", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 2);
		pbt_assert_contains(err, "--sort is age, author or size");
	}
	{
		const char *a[] = {pbt_patchbay(), "--db", db, "--no-cache", "queue", "--waits", "author", NULL};
		/* Rita's words without a tag are the last: the author's move */
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
		pbt_assert_contains(err, "1 series in the queue");
		pbt_assert_contains(out, "docs: Say more");
		pbt_assert_contains(out, " author ");
	}
	talloc_free(ctx);
}

/* What is a ping and what is not, one reply each. */
static void test_ping_words(void **state)
{
	static const struct {
		const char *id, *subject, *body;
		bool ping;
	} replies[] = {
		{"r-bracket@x", "[PING] Re: [PATCH] lib: Add a helper", "Hi,\n", true},
		{"r-short@x", "Re: [PATCH] lib: Add a helper", "Hi Ann's maintainers,\n\nany feedback?\n\n-- \nBob\n", true},
		{"r-crlf@x", "Re: [PATCH] lib: Add a helper", "Friendly reminder.\r\n\r\nBob\r\n", true},
		/* 60 words that mention ping midway: a review */
		{"r-review@x", "Re: [PATCH] lib: Add a helper",
		 "> +int y;\n\nThis global is read by the watchdog thread and the ping handler\n"
		 "at the same time, so it needs a lock or an atomic. The old code kept it\n"
		 "in the per-device state for that reason; please move it back there and\n"
		 "document who writes it. The rest looks fine to me, and the tests pass here\n"
		 "on both machines I tried.\n", false},
		/* the word only in quoted text or in the signature */
		{"r-quoted@x", "Re: [PATCH] lib: Add a helper", "> ping?\n\nWill look.\n-- \nping me on irc\n", false},
		{"r-pingpong@x", "Re: [PATCH] lib: Add a helper", "Does ping-pong mode work?\n", false},
		{"r-path@x", "Re: [PATCH] lib: Add a helper", "Why not in net/ping.c?\n", false},
	};
	void *ctx = talloc_new(NULL);
	char *m = NULL;
	pb_index_t *idx;
	(void)state;
	pbt_mbox_add(ctx, &m, "Ann Author <ann@example.org>", "Mon, 1 Jan 2024 10:00:00 +0000", "p1@x", NULL, NULL,
		     "[PATCH] lib: Add a helper", "Signed-off-by: Ann Author <ann@example.org>\n" DIFF_OF("lib/x.c"));
	for (size_t i = 0; i < sizeof(replies) / sizeof(replies[0]); i++)
		pbt_mbox_add(ctx, &m, "Bob <bob@example.org>", "Tue, 2 Jan 2024 10:00:00 +0000", replies[i].id, "p1@x",
			     NULL, replies[i].subject, replies[i].body);
	idx = pbt_index(ctx, pbt_notmuch_db1(ctx, pbt_write_temp(ctx, "w.mbox", m)), NULL);
	for (size_t i = 0; i < sizeof(replies) / sizeof(replies[0]); i++) {
		pb_series_t *s = NULL;
		pb_version_t *v = NULL;
		const pb_msgrec_t **rs = NULL;
		size_t n = 0;
		bool found = false;
		assert_int_equal(pb_index_find(idx, replies[i].id, &s, &v, NULL), PB_OK);
		assert_int_equal(pb_series_version_replies(pb_index_series(idx), pb_series_latest(s), NULL, &rs, &n),
				 PB_OK);
		for (size_t k = 0; k < n; k++)
			if (strcmp(rs[k]->msgid, replies[i].id) == 0) {
				found = true;
				if (!(rs[k]->rflags & PB_REC_PING) != !replies[i].ping)
					fail_msg("%s: ping %d, expected %d", replies[i].id,
						 !!(rs[k]->rflags & PB_REC_PING), replies[i].ping);
			}
		assert_true(found);
		talloc_free(rs);
	}
	talloc_free(ctx);
}

/* patchbay --db DB --cache-dir CACHE ARGS..., from a test that has
 * ctx, db, cache, out, err and last_rc: the exit status in last_rc */
#define PB(...)                                                                                      \
	do {                                                                                         \
		const char *a_[] = {pbt_patchbay(), "--db", db, "--cache-dir", cache, __VA_ARGS__, NULL}; \
		last_rc = pbt_run(ctx, &out, &err, NULL, a_);                                        \
	} while (0)

static char *nm_count(void *ctx, const char *db, const char *query)
{
	char *cfg = talloc_asprintf(ctx, "%s/.notmuch-config", db), *out = NULL;
	const char *a[] = {"notmuch", "--config", cfg, "count", query, NULL};
	assert_int_equal(pbt_run(ctx, &out, NULL, NULL, a), 0);
	return out;
}

/* Snooze until a git tag: out of the queue until refs/tags/NAME is in
 * patchbay.repo; the tags read back through notmuch; a new snooze
 * replaces the end; names git refuses are refused; without a repository
 * it is said, and the snooze lasts until the next version. */
static void test_snooze_tag(void **state)
{
	void *ctx = talloc_new(NULL);
	char *m = NULL, *db, *cache, *out = NULL, *err = NULL, *repo, *norepo;
	(void)state;
	pbt_mbox_add(ctx, &m, "Ann Author <ann@example.org>", "Mon, 1 Jan 2024 10:00:00 +0000", "a1@x", NULL, NULL,
		     "[PATCH] lib: Add a helper", "Signed-off-by: Ann Author <ann@example.org>\n" DIFF_OF("lib/x.c"));
	pbt_mbox_add(ctx, &m, "Bob Builder <bob@example.org>", "Tue, 2 Jan 2024 10:00:00 +0000", "b1@x", NULL, NULL,
		     "[PATCH] net: Tune it", "Signed-off-by: Bob Builder <bob@example.org>\n" DIFF_OF("net/y.c"));
	db = pbt_notmuch_db1(ctx, pbt_write_temp(ctx, "z.mbox", m));
	cache = pbt_tmpdir(ctx);
	repo = pbt_tmpdir(ctx);
	norepo = pbt_tmpdir(ctx);
	pbt_sh("cd '%s' && git init -q && git -c user.name=T -c user.email=t@x commit -q --allow-empty -m one && "
	       "git config --global patchbay.repo '%s'", repo, repo);
	int last_rc;
	/* a day first: the tag replaces it */
	PB("state", "a1@x", "--snooze", "2099-01-01");
	assert_int_equal(last_rc, 0);
	PB("state", "a1@x", "--snooze", "tag:v6.9-rc1");
	assert_int_equal(last_rc, 0);
	pbt_assert_contains(out, "; snoozed until tag v6.9-rc1 (not in the repository yet)");
	assert_string_equal(nm_count(ctx, db, "tag:pb/snoozed and tag:pb/snoozed-until-tag/v6.9-rc1"), "1\n");
	assert_string_equal(nm_count(ctx, db, "tag:pb/snoozed-until/2099-01-01"), "0\n");
	for (int pass = 0; pass < 2; pass++) { /* cold (the tag changed), warm */
		PB("queue");
		assert_int_equal(last_rc, 0);
		pbt_assert_not_contains(out, "a1@x");
		pbt_assert_contains(out, "b1@x");
	}
	PB("queue", "--all");
	pbt_assert_contains(out, "[snoozed until tag v6.9-rc1]  <a1@x>");
	PB("state", "a1@x", "--json");
	pbt_assert_contains(out, "\"snoozed\": true,\n    \"snoozed_until\": null,\n    \"snoozed_until_tag\": "
				 "\"v6.9-rc1\",\n    \"tag_reached\": false");
	/* the tag is made: awake, cold and warm */
	pbt_sh("git -C '%s' tag v6.9-rc1", repo);
	for (int pass = 0; pass < 2; pass++) {
		PB("queue");
		pbt_assert_contains(out, "<a1@x>");
	}
	PB("state", "a1@x");
	pbt_assert_contains(out, "; snooze over: tag v6.9-rc1 exists");
	PB("state", "a1@x", "--json");
	pbt_assert_contains(out, "\"snoozed\": false,");
	pbt_assert_contains(out, "\"tag_reached\": true");
	/* an annotated tag, in packed-refs, wakes as well */
	PB("state", "a1@x", "--snooze", "tag:release/2");
	assert_string_equal(nm_count(ctx, db, "tag:pb/snoozed-until-tag/release/2"), "1\n");
	assert_string_equal(nm_count(ctx, db, "tag:pb/snoozed-until-tag/v6.9-rc1"), "0\n");
	PB("queue");
	pbt_assert_not_contains(out, "<a1@x>");
	pbt_sh("git -C '%s' -c user.name=T -c user.email=t@x tag -a -m rel release/2 && git -C '%s' pack-refs --all",
	       repo, repo);
	PB("queue");
	pbt_assert_contains(out, "<a1@x>");
	/* names git refuses, and an empty one */
	PB("state", "b1@x", "--snooze", "tag:");
	assert_int_equal(last_rc, 2);
	pbt_assert_contains(err, "--snooze: tag: wants the name of a git tag");
	PB("state", "b1@x", "--snooze", "tag:v1..2");
	assert_int_equal(last_rc, 2);
	pbt_assert_contains(err, "'v1..2' is not a name git takes for a tag");
	PB("state", "b1@x", "--snooze", "tag:-x");
	assert_int_equal(last_rc, 2);
	PB("state", "b1@x", "--snooze", "soon");
	assert_int_equal(last_rc, 2);
	pbt_assert_contains(err, "--snooze wants a day after today (YYYY-MM-DD), Nd, Nw, next or tag:NAME, not 'soon'");
	assert_string_equal(nm_count(ctx, db, "tag:pb/snoozed and id:b1@x"), "0\n");
	/* no repository: said, and asleep until the next version */
	pbt_sh("git config --global patchbay.repo '%s'", norepo);
	PB("state", "b1@x", "--snooze", "tag:v7.0");
	assert_int_equal(last_rc, 0);
	pbt_assert_contains(out, "; snoozed until tag v7.0 (could not be checked: no git repository; until its next "
				 "version)");
	PB("state", "b1@x", "--json");
	pbt_assert_contains(out, "\"snoozed_until_tag\": \"v7.0\",\n    \"tag_reached\": null");
	PB("queue");
	pbt_assert_not_contains(out, "<b1@x>");
	/* waking takes every end off */
	PB("state", "a1@x", "b1@x", "--wake");
	assert_int_equal(last_rc, 0);
	assert_string_equal(nm_count(ctx, db, "tag:pb/snoozed or tag:pb/snoozed-until-tag/release/2 or "
					      "tag:pb/snoozed-until-tag/v7.0"), "0\n");
	pbt_sh("git config --global --unset patchbay.repo");
	talloc_free(ctx);
}

/* Snooze: out of the queue until a day or the next version, as tags;
 * cold and warm; a day gone wakes it; a new version wakes it. */
static void test_snooze(void **state)
{
	void *ctx = talloc_new(NULL);
	char *m = NULL, *db, *cache, *out = NULL, *err = NULL;
	(void)state;
	pbt_mbox_add(ctx, &m, "Ann Author <ann@example.org>", "Mon, 1 Jan 2024 10:00:00 +0000", "a1@x", NULL, NULL,
		     "[PATCH] lib: Add a helper", "Signed-off-by: Ann Author <ann@example.org>\n" DIFF_OF("lib/x.c"));
	pbt_mbox_add(ctx, &m, "Bob Builder <bob@example.org>", "Tue, 2 Jan 2024 10:00:00 +0000", "b1@x", NULL, NULL,
		     "[PATCH] net: Tune it", "Signed-off-by: Bob Builder <bob@example.org>\n" DIFF_OF("net/y.c"));
	db = pbt_notmuch_db1(ctx, pbt_write_temp(ctx, "z.mbox", m));
	cache = pbt_tmpdir(ctx);
	int last_rc;
	PB("state", "a1@x", "--snooze", "2099-01-01");
	assert_int_equal(last_rc, 0);
	pbt_assert_contains(out, "new, from the mail: no replies yet; snoozed until 2099-01-01");
	assert_string_equal(nm_count(ctx, db, "tag:pb/snoozed and tag:pb/snoozed-until/2099-01-01"), "1\n");
	for (int pass = 0; pass < 2; pass++) { /* cold (the tag changed), warm */
		PB("queue");
		assert_int_equal(last_rc, 0);
		pbt_assert_not_contains(out, "a1@x");
		pbt_assert_contains(out, "b1@x");
	}
	PB("queue", "--all");
	pbt_assert_contains(out, "[snoozed until 2099-01-01]  <a1@x>");
	PB("state", "a1@x", "--json");
	pbt_assert_contains(out, "\"snoozed\": true,\n    \"snoozed_until\": \"2099-01-01\"");
	/* until the next version: the end goes */
	PB("state", "a1@x", "--snooze", "next");
	pbt_assert_contains(out, "snoozed until its next version");
	assert_string_equal(nm_count(ctx, db, "tag:pb/snoozed-until/2099-01-01"), "0\n");
	assert_string_equal(nm_count(ctx, db, "tag:pb/snoozed"), "1\n");
	/* v2 comes: the snooze was v1's */
	{
		char *m2 = NULL;
		pbt_mbox_add(ctx, &m2, "Ann Author <ann@example.org>", "Mon, 8 Jan 2024 10:00:00 +0000", "a2@x", NULL,
			     NULL, "[PATCH v2] lib: Add a helper",
			     "Signed-off-by: Ann Author <ann@example.org>\n" DIFF_OF("lib/x.c"));
		pbt_notmuch_add(db, pbt_write_temp(ctx, "z2.mbox", m2));
	}
	PB("queue");
	pbt_assert_contains(out, "<a1@x>");
	PB("state", "a1@x", "--version", "1");
	pbt_assert_contains(out, "snoozed until its next version");
	/* a day gone: awake */
	PB("state", "b1@x", "--snooze", "3d");
	assert_string_equal(nm_count(ctx, db, "tag:pb/snoozed and id:b1@x"), "1\n");
	PB("queue");
	pbt_assert_not_contains(out, "<b1@x>");
	PB("state", "b1@x", "--snooze", "2099-01-01");
	{
		char *cfg = talloc_asprintf(ctx, "%s/.notmuch-config", db);
		const char *a[] = {"notmuch", "--config", cfg, "tag", "-pb/snoozed-until/2099-01-01", "+pb/snoozed-until/2001-01-01",
				   "--", "id:b1@x", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
	}
	PB("queue");
	pbt_assert_contains(out, "<b1@x>");
	/* --wake, and words that are no day */
	PB("state", "a1@x", "--version", "1", "--wake");
	assert_int_equal(last_rc, 0);
	assert_string_equal(nm_count(ctx, db, "tag:pb/snoozed and id:a1@x"), "0\n");
	PB("state", "a1@x", "--snooze", "2001-01-01");
	assert_int_equal(last_rc, 2);
	pbt_assert_contains(err, "--snooze wants a day after today");
	PB("state", "a1@x", "--snooze", "2099-02-30");
	assert_int_equal(last_rc, 2);
	PB("state", "a1@x", "--snooze", "soon");
	assert_int_equal(last_rc, 2);
	PB("state", "a1@x", "--snooze", "next", "--wake");
	assert_int_equal(last_rc, 2);
	/* the RFC flag by hand, and off again */
	PB("state", "b1@x", "--rfc");
	assert_int_equal(last_rc, 0);
	pbt_assert_contains(out, ": new, RFC, from the mail");
	assert_string_equal(nm_count(ctx, db, "tag:pb/rfc and id:b1@x"), "1\n");
	PB("state", "b1@x", "--no-rfc", "--json");
	pbt_assert_contains(out, "\"rfc\": false");
	assert_string_equal(nm_count(ctx, db, "tag:pb/rfc"), "0\n");
	PB("state", "b1@x", "--rfc", "--no-rfc");
	assert_int_equal(last_rc, 2);
	talloc_free(ctx);
}

/* Each patch has a state of its own: derived from the replies to it, or
 * set by hand on its message only, the series' state untouched. */
static void test_patch_states(void **state)
{
	void *ctx = talloc_new(NULL);
	char *m = NULL, *db, *cache, *out = NULL, *err = NULL;
	int last_rc;
	(void)state;
	pbt_mbox_add(ctx, &m, "Ann Author <ann@example.org>", "Mon, 1 Jan 2024 10:00:00 +0000", "c0@x", NULL, NULL,
		     "[PATCH 0/2] lib: Two helpers", "Two.\n");
	pbt_mbox_add(ctx, &m, "Ann Author <ann@example.org>", "Mon, 1 Jan 2024 10:00:01 +0000", "p1@x", "c0@x", NULL,
		     "[PATCH 1/2] lib: Add one", "Signed-off-by: Ann Author <ann@example.org>\n" DIFF_OF("lib/a.c"));
	pbt_mbox_add(ctx, &m, "Ann Author <ann@example.org>", "Mon, 1 Jan 2024 10:00:02 +0000", "p2@x", "c0@x", NULL,
		     "[PATCH 2/2] lib: Add two", "Signed-off-by: Ann Author <ann@example.org>\n" DIFF_OF("lib/b.c"));
	pbt_mbox_add(ctx, &m, "Rita Reviewer <rita@example.org>", "Tue, 2 Jan 2024 10:00:00 +0000", "r1@x", "p1@x",
		     "c0@x", "Re: [PATCH 1/2] lib: Add one", "> +int y;\n\nReviewed-by: Rita Reviewer <rita@example.org>\n");
	pbt_mbox_add(ctx, &m, "Rita Reviewer <rita@example.org>", "Tue, 2 Jan 2024 11:00:00 +0000", "r2@x", "p2@x",
		     "c0@x", "Re: [PATCH 2/2] lib: Add two", "> +int y;\n\nWhy a global here?\n");
	db = pbt_notmuch_db1(ctx, pbt_write_temp(ctx, "p.mbox", m));
	cache = pbt_tmpdir(ctx);
	PB("state", "p1@x", "p2@x", "--patch");
	assert_int_equal(last_rc, 0);
	pbt_assert_contains(out, "<p1@x> v1 [1/2] \"lib: Add one\": acked, from the mail: Acked-by or Reviewed-by");
	pbt_assert_contains(out, "<p2@x> v1 [2/2] \"lib: Add two\": changes-requested, from the mail");
	PB("state", "p2@x", "--patch", "--set", "rejected");
	assert_int_equal(last_rc, 0);
	pbt_assert_contains(out, "rejected, set by hand on the patch (the mail says changes-requested");
	assert_string_equal(nm_count(ctx, db, "tag:pb/patch/rejected"), "1\n");
	assert_string_equal(nm_count(ctx, db, "tag:pb/patch/rejected and id:p2@x"), "1\n");
	for (int pass = 0; pass < 2; pass++) { /* cold (the tag changed), warm */
		/* the series' own state is untouched, and no conflict */
		PB("state", "c0@x", "--json");
		pbt_assert_contains(out, "\"by\": \"mail\"");
		pbt_assert_contains(out, "\"conflict\": false");
		PB("show", "c0@x", "--json");
		pbt_assert_contains(out, "\"review\": {\n       \"state\": \"rejected\",\n       \"by\": \"hand\",\n"
					 "       \"derived\": \"changes-requested\"");
		pbt_assert_contains(out, "\"review\": {\n       \"state\": \"acked\",\n       \"by\": \"mail\"");
	}
	PB("state", "p2@x", "--patch", "--clear");
	assert_string_equal(nm_count(ctx, db, "tag:pb/patch/rejected"), "0\n");
	PB("state", "c0@x", "--patch");
	assert_int_equal(last_rc, 2);
	pbt_assert_contains(err, "is not a patch");
	PB("state", "p1@x", "--patch", "--version", "1");
	assert_int_equal(last_rc, 2);
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_waits_on),
		cmocka_unit_test(test_comments_wait_on_author),
		cmocka_unit_test(test_pings_in_corpus),
		cmocka_unit_test(test_queue_fixes_first_corpus),
		cmocka_unit_test(test_queue_order),
		cmocka_unit_test(test_ping_words),
		cmocka_unit_test(test_snooze),
		cmocka_unit_test(test_snooze_tag),
		cmocka_unit_test(test_patch_states),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("triage", tests, NULL, NULL);
}
