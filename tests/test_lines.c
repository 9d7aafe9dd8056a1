/* test_lines.c: what each line of a patch or a reply is. */
#include "tests/lib/pbtest.h"
#include "patchbay/lines.h"

static pb_mail_t *mail(void *ctx, const char *from, const char *subject, const char *body)
{
	char *raw = talloc_asprintf(ctx,
				    "From: %s\nTo: list@example.org\nSubject: %s\nMessage-ID: <x@example.org>\n"
				    "Date: Tue, 5 Mar 2024 09:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\n%s",
				    from, subject, body);
	pb_mail_t *m;
	assert_int_equal(pb_mail_parse(ctx, &m, raw, strlen(raw), NULL), PB_OK);
	return m;
}

static char *line(void *ctx, const pb_line_t *l)
{
	return talloc_strndup(ctx, l->text, l->len);
}

/* "kind:text" of each line, one per line, for readable failures */
static char *dump(void *ctx, const pb_line_t *v, size_t n)
{
	char *s = talloc_strdup(ctx, "");
	for (size_t i = 0; i < n; i++)
		s = talloc_asprintf_append(s, "%s:%d:%s\n", pb_line_kind_name(v[i].kind), v[i].file, line(ctx, &v[i]));
	return s;
}

static const char patch_body[] =
	"The index was taken before the lock.\n"
	"\n"
	"Fixes: 0123456789ab (\"net: bar: Add queues\")\n"
	"Signed-off-by: Jose Muller <jose@example.com>\n"
	"---\n"
	"Changes in v3:\n"
	"- take the lock in bar_xmit() too\n"
	"\n"
	" drivers/net/bar/queue.c | 4 +++-\n"
	" drivers/net/bar/queue.h | 1 +\n"
	" 2 files changed, 4 insertions(+), 1 deletion(-)\n"
	"\n"
	"diff --git a/drivers/net/bar/queue.c b/drivers/net/bar/queue.c\n"
	"index 5555555..6666666 100644\n"
	"--- a/drivers/net/bar/queue.c\n"
	"+++ b/drivers/net/bar/queue.c\n"
	"@@ -10,4 +10,6 @@ static int bar_take(struct bar *b)\n"
	" {\n"
	"-\tint slot = b->next++;\n"
	"+\tint slot;\n"
	"+\tspin_lock(&b->lock);   \n"
	"+ \tslot = b->next++;\n"
	" \treturn slot;\n"
	" }\n"
	"diff --git a/drivers/net/bar/queue.h b/drivers/net/bar/queue.h\n"
	"index 7777777..8888888 100644\n"
	"--- a/drivers/net/bar/queue.h\n"
	"+++ b/drivers/net/bar/queue.h\n"
	"@@ -3,2 +3,3 @@ struct bar {\n"
	" \tint next;\n"
	"+\tspinlock_t lock;\n"
	" };\n"
	"-- \n"
	"2.43.0\n";

static void test_patch(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t *m = mail(ctx, "Jose Muller <jose@example.com>", "[PATCH v3 1/2] net: bar: Take the slot", patch_body);
	pb_line_t *v;
	pb_line_file_t *f;
	size_t n, nf;
	(void)state;
	assert_int_equal(pb_lines_patch(ctx, &v, &n, m), PB_OK);
	assert_string_equal(dump(ctx, v, n),
			    "text:-1:The index was taken before the lock.\n"
			    "text:-1:\n"
			    "trailer:-1:Fixes: 0123456789ab (\"net: bar: Add queues\")\n"
			    "trailer:-1:Signed-off-by: Jose Muller <jose@example.com>\n"
			    "separator:-1:---\n"
			    "notes:-1:Changes in v3:\n"
			    "notes:-1:- take the lock in bar_xmit() too\n"
			    "notes:-1:\n"
			    "diffstat:-1: drivers/net/bar/queue.c | 4 +++-\n"
			    "diffstat:-1: drivers/net/bar/queue.h | 1 +\n"
			    "diffstat:-1: 2 files changed, 4 insertions(+), 1 deletion(-)\n"
			    "notes:-1:\n"
			    "diff-meta:0:diff --git a/drivers/net/bar/queue.c b/drivers/net/bar/queue.c\n"
			    "diff-meta:0:index 5555555..6666666 100644\n"
			    "diff-file:0:--- a/drivers/net/bar/queue.c\n"
			    "diff-file:0:+++ b/drivers/net/bar/queue.c\n"
			    "diff-hunk:0:@@ -10,4 +10,6 @@ static int bar_take(struct bar *b)\n"
			    "diff-context:0: {\n"
			    "diff-del:0:-\tint slot = b->next++;\n"
			    "diff-add:0:+\tint slot;\n"
			    "diff-add:0:+\tspin_lock(&b->lock);   \n"
			    "diff-add:0:+ \tslot = b->next++;\n"
			    "diff-context:0: \treturn slot;\n"
			    "diff-context:0: }\n"
			    "diff-meta:1:diff --git a/drivers/net/bar/queue.h b/drivers/net/bar/queue.h\n"
			    "diff-meta:1:index 7777777..8888888 100644\n"
			    "diff-file:1:--- a/drivers/net/bar/queue.h\n"
			    "diff-file:1:+++ b/drivers/net/bar/queue.h\n"
			    "diff-hunk:1:@@ -3,2 +3,3 @@ struct bar {\n"
			    "diff-context:1: \tint next;\n"
			    "diff-add:1:+\tspinlock_t lock;\n"
			    "diff-context:1: };\n");
	/* whitespace errors: trailing blanks, a space before a tab */
	assert_int_equal(v[19].ws_len, 0);
	assert_int_equal(v[20].ws_start, strlen("+\tspin_lock(&b->lock);"));
	assert_int_equal(v[20].ws_len, 3);
	assert_int_equal(v[21].ws_start, 1);
	assert_int_equal(v[21].ws_len, 2);
	assert_int_equal(pb_lines_diffstat(ctx, &f, &nf, v, n), PB_OK);
	assert_int_equal(nf, 2);
	assert_string_equal(f[0].path, "drivers/net/bar/queue.c");
	assert_int_equal(f[0].added, 3);
	assert_int_equal(f[0].removed, 1);
	assert_string_equal(f[1].path, "drivers/net/bar/queue.h");
	assert_int_equal(f[1].added, 1);
	talloc_free(ctx);
}

static void test_reply(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t *m = mail(ctx, "Rita Reviewer <rita@example.org>", "Re: [PATCH] x",
			    "On Tue, Mar 05, 2024, Jose Muller wrote:\n"
			    "> The index was taken before the lock.\n"
			    ">\n"
			    "> > why not an atomic?\n"
			    ">> because\n"
			    "\n"
			    "Fine with me.\n"
			    "\n"
			    "Reviewed-by: Rita Reviewer <rita@example.org>\n"
			    "\n"
			    "Something like this on top:\n"
			    "\n"
			    "diff --git a/x.c b/x.c\n"
			    "--- a/x.c\n"
			    "+++ b/x.c\n"
			    "@@ -1 +1 @@\n"
			    "-a\n"
			    "+b\n"
			    "-- \n"
			    "Rita\n");
	pb_line_t *v;
	size_t n;
	(void)state;
	assert_int_equal(pb_lines_reply(ctx, &v, &n, m), PB_OK);
	assert_string_equal(dump(ctx, v, n),
			    "attribution:-1:On Tue, Mar 05, 2024, Jose Muller wrote:\n"
			    "quote:-1:> The index was taken before the lock.\n"
			    "quote:-1:>\n"
			    "quote:-1:> > why not an atomic?\n"
			    "quote:-1:>> because\n"
			    "text:-1:\n"
			    "text:-1:Fine with me.\n"
			    "text:-1:\n"
			    "trailer:-1:Reviewed-by: Rita Reviewer <rita@example.org>\n"
			    "text:-1:\n"
			    "text:-1:Something like this on top:\n"
			    "text:-1:\n"
			    "diff-meta:0:diff --git a/x.c b/x.c\n"
			    "diff-file:0:--- a/x.c\n"
			    "diff-file:0:+++ b/x.c\n"
			    "diff-hunk:0:@@ -1 +1 @@\n"
			    "diff-del:0:-a\n"
			    "diff-add:0:+b\n"
			    "signature:-1:-- \n"
			    "signature:-1:Rita\n");
	assert_int_equal(v[1].level, 1);
	assert_int_equal(v[2].level, 1);
	assert_int_equal(v[3].level, 2);
	assert_int_equal(v[4].level, 2);
	talloc_free(ctx);
}

/* A reply that is only a trailer; a cover letter with a bare diffstat. */
static void test_trailer_and_cover_diffstat(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t *m = mail(ctx, "Rita Reviewer <rita@example.org>", "Re: [PATCH] x",
			    "Acked-by: Rita Reviewer <rita@example.org>\n");
	pb_line_t *v;
	size_t n;
	(void)state;
	assert_int_equal(pb_lines_reply(ctx, &v, &n, m), PB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].kind, PB_LINE_TRAILER);
	/* a cover letter's diffstat, with no --- above it */
	m = mail(ctx, "Jose Muller <jose@example.com>", "[PATCH 0/2] x",
		 "Intro.\n\n drivers/x.c | 2 ++\n 1 file changed, 2 insertions(+)\n");
	assert_int_equal(pb_lines_patch(ctx, &v, &n, m), PB_OK);
	assert_int_equal(n, 4);
	assert_int_equal(v[2].kind, PB_LINE_DIFFSTAT);
	assert_int_equal(v[3].kind, PB_LINE_DIFFSTAT);
	assert_string_equal(pb_line_kind_name(PB_LINE_KIND_COUNT), "unknown");
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_patch),
		cmocka_unit_test(test_reply),
		cmocka_unit_test(test_trailer_and_cover_diffstat),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("lines", tests, NULL, NULL);
}
