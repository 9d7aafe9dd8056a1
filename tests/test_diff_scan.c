/* test_diff_scan.c: the one reader of hunk headers in core/. */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "tests/lib/pbtest.h"
#include "patchbay/diff.h"
#include "patchbay/lines.h"
#include "patchbay/mail.h"
#include "core/mail/diff_scan.h"

static void test_hunk_headers(void **state)
{
	static const struct {
		const char *line;
		_pb_hunk_t kind;
		long o, n;
	} cases[] = {
		{"@@ -1,3 +1,4 @@", _PB_HUNK_PLAIN, 3, 4},
		{"@@ -10,7 +10,8 @@ static int f(void)", _PB_HUNK_PLAIN, 7, 8},
		{"@@ -1 +1 @@", _PB_HUNK_PLAIN, 1, 1},          /* counts left out are 1 */
		{"@@ -0,0 +1,2 @@", _PB_HUNK_PLAIN, 0, 2},      /* a new file */
		{"@@ -3,2 +0,0 @@\n-a\n", _PB_HUNK_PLAIN, 2, 0}, /* stops at the newline */
		{"@@@ -1,2 +1,2 @@@", _PB_HUNK_TRIPLE, 2, 2},
		{"@@ -1,3 +1,4", _PB_HUNK_NONE, -1, -1},        /* no closing @@ */
		{"@@ -1,3 +1,4 @", _PB_HUNK_NONE, -1, -1},
		{"@@ - 1 +1 @@", _PB_HUNK_NONE, -1, -1},        /* digits only, as git */
		{"@@ -1, +1 @@", _PB_HUNK_NONE, -1, -1},
		{"@@ -a +1 @@", _PB_HUNK_NONE, -1, -1},
		{"@@ -1 -1 @@", _PB_HUNK_NONE, -1, -1},
		{"@@ -1\n +1 @@", _PB_HUNK_NONE, -1, -1},      /* one line only */
		{"@@@@ -1 +1 @@", _PB_HUNK_NONE, -1, -1},
		{"@ -1 +1 @@", _PB_HUNK_NONE, -1, -1},
		{"@@", _PB_HUNK_NONE, -1, -1},
		{"", _PB_HUNK_NONE, -1, -1},
		{" @@ -1 +1 @@", _PB_HUNK_NONE, -1, -1},
		{"@@ -1,99999999999999999999999 +1 @@", _PB_HUNK_PLAIN, LONG_MAX, 1}, /* saturated */
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long o = -1, n = -1;
		_pb_hunk_t k = _pb_diff_hunk(cases[i].line, SIZE_MAX, &o, &n);
		if (k != cases[i].kind || o != cases[i].o || n != cases[i].n)
			fail_msg("%s: got %d %ld %ld", cases[i].line, (int)k, o, n);
		/* the same line with its length: the same answer */
		o = n = -1;
		k = _pb_diff_hunk(cases[i].line, strcspn(cases[i].line, "\n"), &o, &n);
		if (k != cases[i].kind || o != cases[i].o || n != cases[i].n)
			fail_msg("%s (with length): got %d %ld %ld", cases[i].line, (int)k, o, n);
	}
	assert_int_equal(_pb_diff_hunk(NULL, SIZE_MAX, &(long){0}, &(long){0}), _PB_HUNK_NONE);
}

/* A line of LEN bytes is read no further than LEN: the header is cut
 * short by its length, not by a NUL. */
static void test_hunk_within_length(void **state)
{
	const char buf[] = "@@ -1,3 +1,4 @@ more";
	long o = -1, n = -1;
	(void)state;
	for (size_t len = 0; len < 15; len++)
		assert_int_equal(_pb_diff_hunk(buf, len, &o, &n), _PB_HUNK_NONE);
	assert_int_equal(_pb_diff_hunk(buf, 15, &o, &n), _PB_HUNK_PLAIN);
	assert_int_equal(o, 3);
	assert_int_equal(n, 4);
	/* "@@ -12 +1 @@" cut inside the first number still needs the rest */
	assert_int_equal(_pb_diff_hunk("@@ -12 +1 @@", 5, &o, &n), _PB_HUNK_NONE);
}

/* Every module reads a hunk header the same way: a patch whose hunk
 * header is "@@ -2 +2 @@" (counts left out) is a diff to the anatomy, two
 * hunk lines to the patch view, and gitify keeps it. */
static void test_hunk_consumers_agree(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t *m;
	char *raw;
	const char *body = "Fix it.\n\nSigned-off-by: A <a@x.org>\n---\n"
			   "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -2 +2 @@\n-a\n+b\n"
			   "@@ -9,2 +9,2 @@ g\n x\n-c\n+d\n";
	pb_line_t *lines = NULL;
	size_t n = 0, hunks = 0;
	(void)state;
	raw = talloc_asprintf(ctx, "From: A <a@x.org>\nSubject: [PATCH] f: Fix it\nMessage-ID: <h@x>\n"
			      "Date: Tue, 5 Mar 2024 09:00:00 +0000\n\n%s", body);
	assert_int_equal(pb_mail_parse(ctx, &m, raw, strlen(raw), NULL), PB_OK);
	assert_non_null(m->diff);
	assert_non_null(strstr(m->diff, "@@ -2 +2 @@\n-a\n+b\n@@ -9,2 +9,2 @@ g\n x\n-c\n+d"));
	assert_int_equal(pb_lines_patch(ctx, &lines, &n, m), PB_OK);
	for (size_t i = 0; i < n; i++)
		hunks += lines[i].kind == PB_LINE_DIFF_HUNK;
	assert_int_equal(hunks, 2);
	assert_string_equal(pb_diff_gitify(ctx, m->diff), m->diff);
	talloc_free(ctx);
}

/* Where a diff starts: the one rule the anatomy and the attachment
 * sniffing share. */
static void test_diff_start(void **state)
{
	static const struct {
		const char *text;
		long at; /* offset, -1: none */
	} cases[] = {
		{"diff --git a/f b/f\n", 0},
		{"text\ndiff --git a/f b/f\n", 5},
		{"text diff --git a/f b/f\n", -1},                           /* not at a line's start */
		{"--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n", 0},
		{"--- a/f\n+++ b/f\nno hunk\n", -1},
		{"--- a/f\nx\n+++ b/f\n@@ -1 +1 @@\n", -1},               /* the pair apart */
		{"Index: f\n=====\n--- f\n+++ f\n@@ -1 +1 @@\n", 0},        /* CVS */
		{"diff -u f.orig f\n--- f.orig\n+++ f\n@@ -1 +1 @@\n", 0},
		{"diff -u is a command\nnothing follows\n", -1},
		{"---\n +++ \n@@ x\n", -1},
		{"", -1},
	};
	(void)state;
	assert_null(_pb_diff_start(NULL));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *p = _pb_diff_start(cases[i].text);
		long at = p ? (long)(p - cases[i].text) : -1;
		if (at != cases[i].at)
			fail_msg("%s: at %ld, not %ld", cases[i].text, at, cases[i].at);
	}
}

/* An attachment of no patch type is read as a patch when a diff starts
 * in it, by the anatomy's rule: a CVS-style diff is one; a log whose
 * "--- ", "+++ " and "@@ " lines lie apart is not. */
static void test_attachment_sniffing(void **state)
{
	void *ctx = talloc_new(NULL);
	static const char *const parts[] = {
		"Index: f.c\n===================================================================\n"
		"--- f.c\n+++ f.c\n@@ -1 +1 @@\n-a\n+b\n",
		"build log\n--- start\nok\n+++ done\nlines\n@@ summary\n",
	};
	(void)state;
	for (int i = 0; i < 2; i++) {
		pb_mail_t *m;
		char *raw = talloc_asprintf(ctx,
			"From: A <a@x.org>\nSubject: [PATCH] f: Fix\nMessage-ID: <s%d@x>\n"
			"Date: Tue, 5 Mar 2024 09:00:00 +0000\nMIME-Version: 1.0\n"
			"Content-Type: multipart/mixed; boundary=\"b\"\n\n"
			"--b\nContent-Type: text/plain\n\nFix it.\n\n"
			"--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"x.bin\"\n\n"
			"%s\n--b--\n", i, parts[i]);
		assert_int_equal(pb_mail_parse(ctx, &m, raw, strlen(raw), NULL), PB_OK);
		if (i == 0) {
			assert_non_null(m->diff);
			assert_non_null(strstr(m->diff, "+b"));
		} else {
			assert_null(m->diff);
			assert_null(strstr(m->body, "build log"));
		}
	}
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hunk_headers),
		cmocka_unit_test(test_hunk_within_length),
		cmocka_unit_test(test_hunk_consumers_agree),
		cmocka_unit_test(test_diff_start),
		cmocka_unit_test(test_attachment_sniffing),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("diff_scan", tests, NULL, NULL);
}
