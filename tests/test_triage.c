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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_waits_on),
		cmocka_unit_test(test_comments_wait_on_author),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("triage", tests, NULL, NULL);
}
