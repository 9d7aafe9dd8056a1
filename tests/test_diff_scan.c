/* test_diff_scan.c: the one reader of diff shapes in core/ (hunk headers,
 * where a diff starts, file header lines, the paths of ---/+++ lines), and
 * the modules that use it agreeing. */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "tests/lib/pbtest.h"
#include "tests/lib/pbfixture.h"
#include "patchbay/check.h"
#include "patchbay/index.h"
#include "patchbay/record.h"
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

/* Line by line, _pb_diff_starts_at says yes first where _pb_diff_start
 * finds the diff. */
static void test_diff_starts_at(void **state)
{
	static const char *const texts[] = {
		"diff --git a/f b/f\n",
		"text\ndiff --git a/f b/f\n",
		"text diff --git a/f b/f\n",
		"--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n",
		"--- a/f\n+++ b/f\nno hunk\n",
		"--- a/f\n+++ b/f\n@@@ -1 +1 @@@\n",
		"Index: f\n=====\n--- f\n+++ f\n@@ -1 +1 @@\n",
		"notes\n\ndiff -u f.orig f\n--- f.orig\n+++ f\n@@ -1 +1 @@\n",
		"diff -u is a command\nnothing follows\n",
		"",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		const char *want = _pb_diff_start(texts[i]), *got = NULL;
		for (const char *l = texts[i]; *l && !got; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l))
			if (_pb_diff_starts_at(l))
				got = l;
		if (got != want)
			fail_msg("%s: line by line %ld, whole %ld", texts[i], got ? (long)(got - texts[i]) : -1L,
				 want ? (long)(want - texts[i]) : -1L);
	}
	assert_true(_pb_diff_starts_at("diff --git a/x b/x"));
	assert_false(_pb_diff_starts_at(" diff --git a/x b/x"));
}

static void test_meta_lines(void **state)
{
	static const struct {
		const char *line;
		_pb_diff_meta_t kind;
	} cases[] = {
		{"diff --git a/f b/f", _PB_META_GIT},
		{"diff -u f.orig f", _PB_META_FOREIGN},
		{"diff -ruN a b\n", _PB_META_FOREIGN},
		{"Index: f.c", _PB_META_FOREIGN},
		{"===================================================================", _PB_META_FOREIGN},
		{"=================", _PB_META_FOREIGN},
		{"================", _PB_META_NONE}, /* 16: a rule of prose */
		{"RCS file: /cvs/f.c,v", _PB_META_FOREIGN},
		{"retrieving revision 1.2", _PB_META_FOREIGN},
		{"index 1234567..89abcde 100644", _PB_META_EXTENDED},
		{"old mode 100644", _PB_META_EXTENDED},
		{"new mode 100755", _PB_META_EXTENDED},
		{"deleted file mode 100644", _PB_META_EXTENDED},
		{"new file mode 100644", _PB_META_EXTENDED},
		{"similarity index 90%", _PB_META_EXTENDED},
		{"dissimilarity index 60%", _PB_META_EXTENDED},
		{"rename from a.c", _PB_META_EXTENDED},
		{"rename to b.c", _PB_META_EXTENDED},
		{"rename old a.c", _PB_META_EXTENDED},
		{"rename new b.c", _PB_META_EXTENDED},
		{"copy from a.c", _PB_META_EXTENDED},
		{"copy to b.c", _PB_META_EXTENDED},
		{"--- a/f", _PB_META_OLD},
		{"+++ b/f", _PB_META_NEW},
		{"Binary files a/x and b/x differ", _PB_META_BINARY},
		{"GIT binary patch", _PB_META_BINARY},
		{"literal 12", _PB_META_BINARY_DATA},
		{"delta 5", _PB_META_BINARY_DATA},
		{"---", _PB_META_NONE}, /* the notes' separator */
		{"--", _PB_META_NONE},
		{"@@ -1 +1 @@", _PB_META_NONE}, /* a hunk header is not meta */
		{"diff", _PB_META_NONE},
		{"diff is small", _PB_META_NONE},
		{"index", _PB_META_NONE},
		{" index 1..2", _PB_META_NONE},
		{"Signed-off-by: A <a@x.org>", _PB_META_NONE},
		{"", _PB_META_NONE},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		_pb_diff_meta_t k = _pb_diff_meta(cases[i].line, SIZE_MAX);
		if (k != cases[i].kind)
			fail_msg("%s: got %d, not %d", cases[i].line, (int)k, (int)cases[i].kind);
		k = _pb_diff_meta(cases[i].line, strcspn(cases[i].line, "\n"));
		if (k != cases[i].kind)
			fail_msg("%s (with length): got %d, not %d", cases[i].line, (int)k, (int)cases[i].kind);
	}
	assert_int_equal(_pb_diff_meta(NULL, SIZE_MAX), _PB_META_NONE);
	/* read no further than the length: "index " cut to "index" */
	assert_int_equal(_pb_diff_meta("index 1..2", 5), _PB_META_NONE);
	assert_int_equal(_pb_diff_meta("--- a/f", 4), _PB_META_OLD);
	assert_int_equal(_pb_diff_meta("--- a/f", 3), _PB_META_NONE);
	/* one line: the newline ends it */
	assert_int_equal(_pb_diff_meta("diff\n--git a/f", SIZE_MAX), _PB_META_NONE);
}

static void test_file_paths(void **state)
{
	static const struct {
		const char *line;
		_pb_diff_path_t kind;
		const char *path;
	} cases[] = {
		{"--- a/f.c", _PB_PATH_FILE, "f.c"},
		{"+++ b/dir/f.c", _PB_PATH_FILE, "dir/f.c"},
		{"+++ b/dir/f.c\n@@ -1 +1 @@", _PB_PATH_FILE, "dir/f.c"}, /* one line */
		{"--- a/f.c\t2024-03-05 09:00:00.000000000 +0000", _PB_PATH_FILE, "f.c"},
		{"+++ b/f.c  ", _PB_PATH_FILE, "f.c"},  /* trailing blanks */
		{"--- f.c.orig\tMon Mar  4 10:00:00 2024", _PB_PATH_FILE, "f.c.orig"},
		{"+++ dir/f.c", _PB_PATH_FILE, "dir/f.c"}, /* --no-prefix */
		{"--- linux.orig/f.c", _PB_PATH_FILE, "linux.orig/f.c"},
		{"+++ b/", _PB_PATH_FILE, "b/"},        /* nothing after the prefix */
		{"--- ab/f", _PB_PATH_FILE, "ab/f"},
		{"--- ", _PB_PATH_FILE, ""},
		{"--- /dev/null", _PB_PATH_NULL, "/dev/null"},
		{"+++ /dev/null\t1970-01-01 00:00:00", _PB_PATH_NULL, "/dev/null"},
		{"+++ /dev/nullx", _PB_PATH_FILE, "/dev/nullx"},
		{"---", _PB_PATH_NONE, NULL},
		{"--- a", _PB_PATH_FILE, "a"},
		{"-- a/f", _PB_PATH_NONE, NULL},
		{"++++ b/f", _PB_PATH_NONE, NULL},
		{"diff --git a/f b/f", _PB_PATH_NONE, NULL},
		{"", _PB_PATH_NONE, NULL},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int with_len = 0; with_len < 2; with_len++) {
			const char *path = NULL;
			size_t n = 0, len = with_len ? strcspn(cases[i].line, "\n") : SIZE_MAX;
			_pb_diff_path_t k = _pb_diff_file_path(cases[i].line, len, &path, &n);
			if (k != cases[i].kind)
				fail_msg("%s: got %d, not %d", cases[i].line, (int)k, (int)cases[i].kind);
			if (k == _PB_PATH_NONE)
				continue;
			if (n != strlen(cases[i].path) || memcmp(path, cases[i].path, n) != 0)
				fail_msg("%s: path '%.*s', not '%s'", cases[i].line, (int)n, path, cases[i].path);
		}
	}
	assert_int_equal(_pb_diff_file_path(NULL, SIZE_MAX, &(const char *){0}, &(size_t){0}), _PB_PATH_NONE);
	{
		/* the length ends the line: the date and what follows are not read */
		const char *path;
		size_t n;
		assert_int_equal(_pb_diff_file_path("+++ b/f.c more", 9, &path, &n), _PB_PATH_FILE);
		assert_int_equal(n, 3);
		assert_memory_equal(path, "f.c", 3);
	}
}

/* A patch mail with a body of BODY, parsed. */
static pb_mail_t *patch_mail(void *ctx, const char *subject, const char *body)
{
	pb_mail_t *m;
	char *raw = talloc_asprintf(ctx, "From: A <a@x.org>\nSubject: %s\nMessage-ID: <p@x>\n"
				    "Date: Tue, 5 Mar 2024 09:00:00 +0000\n\n%s", subject, body);
	assert_int_equal(pb_mail_parse(ctx, &m, raw, strlen(raw), NULL), PB_OK);
	return m;
}

/* A record's changelog versions come from above the diff, whatever shape
 * the diff has: lines of a diff -u or CVS diff that look like a changelog
 * ("-v3: ...", " Changes since v1") are the diff's. Before, only a
 * "diff --git" line ended the changelog. */
static void test_changelog_above_any_diff(void **state)
{
	static const char *const diffs[] = {
		"diff --git a/doc.txt b/doc.txt\n--- a/doc.txt\n+++ b/doc.txt\n",
		("Index: doc.txt\n===================================================================\n"
		 "--- doc.txt\n+++ doc.txt\n"),
		"diff -u doc.txt.orig doc.txt\n--- doc.txt.orig\n+++ doc.txt\n",
		"--- a/doc.txt\n+++ b/doc.txt\n",
	};
	void *ctx = talloc_new(NULL);
	(void)state;
	for (size_t i = 0; i < sizeof(diffs) / sizeof(diffs[0]); i++) {
		pb_msgrec_t r;
		char *body = talloc_asprintf(ctx, "Fix the notes.\n\nSigned-off-by: A <a@x.org>\n---\n"
					     "v2: reworded\n\n%s@@ -1,3 +1,3 @@\n Changes since v1:\n-v3: old\n+v4: new\n",
					     diffs[i]);
		pb_mail_t *m = patch_mail(ctx, "[PATCH v2] doc: Fix the notes", body);
		memset(&r, 0, sizeof(r));
		assert_non_null(m->diff);
		assert_int_equal(pb_msgrec_from_mail(ctx, &r, m, "t", "f"), PB_OK);
		if (r.changelog != 1u << 2)
			fail_msg("diff %zu: changelog bits %#x, not v2 alone", i, (unsigned)r.changelog);
	}
	talloc_free(ctx);
}

/* The patch view's lines and diffstat read the file headers of every
 * shape the anatomy takes: a CVS diff's "Index:", "=====", "RCS file:"
 * lines are diff lines of the file they name (they were text, or lines of
 * the file before), and a path is the same with trailing blanks or not. */
static void test_lines_read_every_header(void **state)
{
	void *ctx = talloc_new(NULL);
	const char *body = "Fix it.\n\nSigned-off-by: A <a@x.org>\n---\n"
			   "Index: f.c\n===================================================================\n"
			   "--- f.c\n+++ f.c\n@@ -1 +1 @@\n-a\n+b\n"
			   "Index: g.c\n===================================================================\n"
			   "RCS file: /cvs/g.c,v\nretrieving revision 1.1\ndiff -u -r1.1 g.c\n"
			   "--- g.c\t1 Mar 2024\n+++ g.c \n@@ -1 +1 @@\n-c\n+d\n";
	static const struct {
		const char *start;
		pb_line_kind_t kind;
		int file;
	} want[] = {
		{"Index: f.c", PB_LINE_DIFF_META, 0}, {"=====", PB_LINE_DIFF_META, 0},
		{"--- f.c", PB_LINE_DIFF_FILE, 0},    {"+++ f.c", PB_LINE_DIFF_FILE, 0},
		{"@@ -1", PB_LINE_DIFF_HUNK, 0},      {"-a", PB_LINE_DIFF_DEL, 0},
		{"+b", PB_LINE_DIFF_ADD, 0},          {"Index: g.c", PB_LINE_DIFF_META, 1},
		{"=====", PB_LINE_DIFF_META, 1},      {"RCS file:", PB_LINE_DIFF_META, 1},
		{"retrieving", PB_LINE_DIFF_META, 1}, {"diff -u", PB_LINE_DIFF_META, 1},
		{"--- g.c", PB_LINE_DIFF_FILE, 1},    {"+++ g.c", PB_LINE_DIFF_FILE, 1},
		{"@@ -1", PB_LINE_DIFF_HUNK, 1},      {"-c", PB_LINE_DIFF_DEL, 1},
		{"+d", PB_LINE_DIFF_ADD, 1},
	};
	pb_mail_t *m = patch_mail(ctx, "[PATCH] f: Fix it", body);
	pb_line_t *lines = NULL;
	pb_line_file_t *files = NULL;
	size_t n = 0, nf = 0, at = 0;
	(void)state;
	assert_non_null(m->diff);
	assert_int_equal(pb_lines_patch(ctx, &lines, &n, m), PB_OK);
	while (at < n && !(lines[at].len >= 10 && memcmp(lines[at].text, "Index: f.c", 10) == 0))
		at++;
	assert_int_equal(n - at, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const pb_line_t *l = &lines[at + i];
		size_t sl = strlen(want[i].start);
		if (l->len < sl || memcmp(l->text, want[i].start, sl) != 0 || l->kind != want[i].kind ||
		    l->file != want[i].file)
			fail_msg("line %zu '%.*s': %s of file %d, not %s of %d", i, (int)l->len, l->text,
				 pb_line_kind_name(l->kind), l->file, pb_line_kind_name(want[i].kind), want[i].file);
	}
	assert_int_equal(pb_lines_diffstat(ctx, &files, &nf, lines, n), PB_OK);
	assert_int_equal(nf, 2);
	assert_string_equal(files[0].path, "f.c");
	assert_string_equal(files[1].path, "g.c");
	talloc_free(ctx);
}

/* Findings of the shortlog-path check on the patch of TITLE whose diff
 * names PATH in its headers (PREFIX: "a/", "b/", or "" for --no-prefix). */
static size_t shortlog_path_findings(void *ctx, const char *title, const char *path, bool prefix)
{
	char *mbox = NULL, *body;
	const char *a = prefix ? "a/" : "", *b = prefix ? "b/" : "";
	pb_index_t *idx;
	pb_series_t *s;
	pb_version_t *v;
	pb_profile_t *pf;
	pb_check_opts_t o = {0};
	pb_check_report_t *r;
	pb_error_t err = {0};
	size_t n = 0;
	body = talloc_asprintf(ctx, "Fix it.\n\nSigned-off-by: A <a@x.org>\n---\n"
			       "diff --git %s%s %s%s\nindex 1234567..89abcde 100644\n--- %s%s\n+++ %s%s\n"
			       "@@ -1 +1 @@\n-a\n+b\n",
			       a, path, b, path, a, path, b, path);
	pbt_mbox_add(ctx, &mbox, "A <a@x.org>", "Tue, 5 Mar 2024 09:00:00 +0000", "sp@x", NULL, NULL,
		     talloc_asprintf(ctx, "[PATCH] %s", title), body);
	idx = pbt_index(ctx, pbt_notmuch_db1(ctx, pbt_write_temp(ctx, "m.mbox", mbox)), NULL);
	assert_int_equal(pb_index_find(idx, "sp@x", &s, &v, NULL), PB_OK);
	assert_int_equal(pb_profile_load(ctx, &pf, NULL, "linux", &err), PB_OK);
	o.profile = pf;
	o.version = v;
	o.quick = false; /* the check reads the mail */
	assert_int_equal(pb_check_series(ctx, &r, idx, s, &o, &err), PB_OK);
	for (size_t i = 0; i < r->n; i++)
		n += r->v[i].check == PB_CHECK_SHORTLOG_PATH;
	return n;
}

/* The shortlog-path check knows a path of the diff by the one reader of
 * ---/+++ lines: a diff made with --no-prefix names its files too (before,
 * only "+++ b/" and "--- a/" lines counted, so "drivers/foo/bar: Fix it"
 * passed over such a diff). */
static void test_shortlog_path_any_prefix(void **state)
{
	void *ctx = talloc_new(NULL);
	(void)state;
	for (int prefix = 0; prefix < 2; prefix++) {
		assert_int_equal(shortlog_path_findings(ctx, "drivers/foo/bar: Fix it", "drivers/foo/bar", prefix), 1);
		assert_int_equal(shortlog_path_findings(ctx, "drivers/foo: Fix it", "drivers/foo/bar", prefix), 1);
		assert_int_equal(shortlog_path_findings(ctx, "drivers/fo: Fix it", "drivers/foo/bar", prefix), 0);
		assert_int_equal(shortlog_path_findings(ctx, "foo: Fix it", "drivers/foo/bar", prefix), 0);
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
		cmocka_unit_test(test_diff_starts_at),
		cmocka_unit_test(test_meta_lines),
		cmocka_unit_test(test_file_paths),
		cmocka_unit_test(test_changelog_above_any_diff),
		cmocka_unit_test(test_lines_read_every_header),
		cmocka_unit_test(test_shortlog_path_any_prefix),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("diff_scan", tests, NULL, NULL);
}
