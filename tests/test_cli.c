/* test_cli.c: the patchbay command line, run as a program against real
 * notmuch databases: exit codes, --help, --json shape, inert text, and
 * `patchbay am` output applied with `git am`. */
#include "tests/lib/pbtest.h"

#include <unistd.h>
#include <sys/stat.h>
#include "tests/lib/tjson.h"

static char *db;      /* fixture database */
static char *mboxf;   /* its mbox */
static void *fx;      /* owns both */

/* A two-patch series whose diffs apply to the repo made by make_repo(),
 * a reply with Reviewed-by on patch 1, an Acked-by on the cover, and a
 * patch whose subject carries an escape sequence and a CJK author. */
static const char fixture[] =
	"From x@y Mon Sep 17 00:00:00 2001\n"
	"From: Ann Author <ann@example.org>\n"
	"To: list@example.org\n"
	"Subject: [PATCH v2 0/2] widget: make it faster\n"
	"Message-ID: <cover@test>\n"
	"Date: Mon, 1 Jan 2024 10:00:00 +0000\n\n"
	"Two steps that make the widget faster.\n\n"
	"From x@y Mon Sep 17 00:00:00 2001\n"
	"From: Ann Author <ann@example.org>\n"
	"Subject: [PATCH v2 1/2] widget: cache the size\n"
	"Message-ID: <p1@test>\nIn-Reply-To: <cover@test>\nReferences: <cover@test>\n"
	"Date: Mon, 1 Jan 2024 10:01:00 +0000\n\n"
	"Cache the size instead of computing it each time.\n\n"
	"Signed-off-by: Ann Author <ann@example.org>\n---\n"
	"diff --git a/widget.c b/widget.c\n--- a/widget.c\n+++ b/widget.c\n"
	"@@ -1,3 +1,3 @@\n int widget;\n-int size(void);\n+static int size_cache;\n int end;\n\n"
	"From x@y Mon Sep 17 00:00:00 2001\n"
	"From: Ann Author <ann@example.org>\n"
	"Subject: [PATCH v2 2/2] gadget: use the cache\n"
	"Message-ID: <p2@test>\nIn-Reply-To: <cover@test>\nReferences: <cover@test>\n"
	"Date: Mon, 1 Jan 2024 10:02:00 +0000\n\n"
	"Use the cached size in the gadget.\n\n"
	"Signed-off-by: Ann Author <ann@example.org>\n---\n"
	"diff --git a/gadget.c b/gadget.c\n--- a/gadget.c\n+++ b/gadget.c\n"
	"@@ -1,2 +1,2 @@\n int gadget;\n-int uses_size;\n+int uses_cache;\n\n"
	"From x@y Mon Sep 17 00:00:00 2001\n"
	"From: Rev Iewer <rev@example.org>\n"
	"Subject: Re: [PATCH v2 1/2] widget: cache the size\n"
	"Message-ID: <r1@test>\nIn-Reply-To: <p1@test>\nReferences: <cover@test> <p1@test>\n"
	"Date: Tue, 2 Jan 2024 10:00:00 +0000\n\n> Cache the size\n\nReviewed-by: Rev Iewer <rev@example.org>\n\n"
	"From x@y Mon Sep 17 00:00:00 2001\n"
	"From: Maint Ainer <maint@example.org>\n"
	"Subject: Re: [PATCH v2 0/2] widget: make it faster\n"
	"Message-ID: <r2@test>\nIn-Reply-To: <cover@test>\nReferences: <cover@test>\n"
	"Date: Tue, 2 Jan 2024 11:00:00 +0000\n\nAcked-by: Maint Ainer <maint@example.org>\n\n"
	"From x@y Mon Sep 17 00:00:00 2001\n"
	"From: =?utf-8?b?5bGx55Sw5aSq6YOO?= <yamada@example.jp>\n"
	"Subject: [PATCH] =?utf-8?q?=1B]0;pwned=07=1B[31mcolour_me?=\n"
	"Message-ID: <evil@test>\n"
	"Date: Wed, 3 Jan 2024 10:00:00 +0000\n\nA patch.\n\n---\n"
	"diff --git a/e.c b/e.c\n--- a/e.c\n+++ b/e.c\n@@ -1 +1 @@\n-a\n+b\n\n";

static int setup(void **state)
{
	char *dir;
	FILE *f;
	(void)state;
	fx = talloc_new(NULL);
	dir = pbt_tmpdir(fx);
	mboxf = talloc_asprintf(fx, "%s/f.mbox", dir);
	f = fopen(mboxf, "w");
	fputs(fixture, f);
	fclose(f);
	db = pbt_notmuch_db1(fx, mboxf);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	talloc_free(fx);
	return 0;
}

static int run(void *ctx, char **out, char **err, const char *a1, const char *a2, const char *a3,
	       const char *a4, const char *a5)
{
	const char *argv[12] = {pbt_patchbay(), "--db", db, "--quiet", a1, a2, a3, a4, a5, NULL};
	return pbt_run(ctx, out, err, NULL, argv);
}

static void test_help_and_usage(void **state)
{
	void *ctx = talloc_new(NULL);
	char *out, *err;
	const char *a[] = {pbt_patchbay(), "--help", NULL};
	(void)state;
	assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
	pbt_assert_contains(out, "list");
	pbt_assert_contains(out, "show");
	pbt_assert_contains(out, "am");
	pbt_assert_contains(out, "Exit status");
	assert_int_equal(run(ctx, &out, &err, "list", "--help", NULL, NULL, NULL), 0);
	pbt_assert_contains(out, "Usage: patchbay list");
	assert_int_equal(run(ctx, &out, &err, "show", "--help", NULL, NULL, NULL), 0);
	pbt_assert_contains(out, "Usage: patchbay show");
	assert_int_equal(run(ctx, &out, &err, "am", "--help", NULL, NULL, NULL), 0);
	pbt_assert_contains(out, "Usage: patchbay am");
	assert_int_equal(run(ctx, &out, &err, "help", "am", NULL, NULL, NULL), 0);
	pbt_assert_contains(out, "--add-my-sob");
	/* bad usage: 2, one line of reason */
	assert_int_equal(run(ctx, &out, &err, "frobnicate", NULL, NULL, NULL, NULL), 2);
	pbt_assert_contains(err, "no such command: frobnicate");
	assert_int_equal(run(ctx, &out, &err, "show", NULL, NULL, NULL, NULL), 2);
	assert_int_equal(run(ctx, &out, &err, "list", "--bogus", NULL, NULL, NULL), 2);
	assert_int_equal(run(ctx, &out, &err, "am", "p1@test", "--patches", "x", NULL), 2);
	pbt_assert_contains(err, "bad patch list");
	/* junk after the patch that is chosen is junk all the same */
	assert_int_equal(run(ctx, &out, &err, "am", "p1@test", "--patches", "1,x", NULL), 2);
	pbt_assert_contains(err, "patchbay am: bad patch list '1,x'");
	assert_int_equal(run(ctx, &out, &err, "am", "p1@test", "--patches", "", NULL), 2);
	pbt_assert_contains(err, "patchbay am: bad patch list ''");
	assert_int_equal(run(ctx, &out, &err, "am", "p1@test", "--version", "zero", NULL), 2);
	/* --trailer: one 'Name: value' line, the same rule for am and apply */
	assert_int_equal(run(ctx, &out, &err, "am", "p1@test", "--trailer", "no colon here", NULL), 2);
	pbt_assert_contains(err, "patchbay am: --trailer wants 'Name: value', not 'no colon here'");
	assert_int_equal(run(ctx, &out, &err, "apply", "p1@test", "--trailer", "A: b\nC: d", NULL), 2);
	pbt_assert_contains(err, "patchbay apply: --trailer wants 'Name: value'");
	{
		const char *b[] = {pbt_patchbay(), "--db", "/nonexistent/db", "list", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, b), 2);
		pbt_assert_contains(err, "cannot open the notmuch database");
	}
	{
		const char *b[] = {pbt_patchbay(), "-f", "/nonexistent/x.mbox", "list", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, b), 2);
		pbt_assert_contains(err, "/nonexistent/x.mbox");
	}
	{
		const char *b[] = {pbt_patchbay(), "--db", db, "-f", mboxf, "list", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, b), 2);
	}
	talloc_free(ctx);
}

/* Without --db: notmuch's own config names the database (NOTMUCH_CONFIG). */
static void test_notmuch_config(void **state)
{
	void *ctx = talloc_new(NULL);
	char *out, *err, *cfg = talloc_asprintf(ctx, "%s/.notmuch-config", db);
	const char *argv[] = {pbt_patchbay(), "--quiet", "list", NULL};
	const char *show[] = {pbt_patchbay(), "--quiet", "show", "p1@test", NULL};
	(void)state;
	setenv("NOTMUCH_CONFIG", cfg, 1);
	assert_int_equal(pbt_run(ctx, &out, &err, NULL, argv), 0);
	pbt_assert_contains(out, "widget: make it faster");
	assert_int_equal(pbt_run(ctx, &out, &err, NULL, show), 0);
	/* a config that names no database: a clear reason, exit 2 */
	setenv("NOTMUCH_CONFIG", talloc_asprintf(ctx, "%s/missing-config", pbt_tmpdir(ctx)), 1);
	assert_int_equal(pbt_run(ctx, &out, &err, NULL, argv), 2);
	pbt_assert_contains(err, "notmuch");
	unsetenv("NOTMUCH_CONFIG");
	talloc_free(ctx);
}

/* Every command has --help, and it exits 0. */
static void test_every_help(void **state)
{
	void *ctx = talloc_new(NULL);
	const char *cmds[] = {"list", "show", "am", "reply", "apply", "notify", "interdiff", "check", "demo-gen", NULL};
	(void)state;
	for (int i = 0; cmds[i]; i++) {
		char *out, *err;
		const char *argv[] = {pbt_patchbay(), cmds[i], "--help", NULL};
		if (pbt_run(ctx, &out, &err, NULL, argv) != 0)
			fail_msg("%s --help failed: %s", cmds[i], err);
		pbt_assert_contains(out, cmds[i]);
	}
	talloc_free(ctx);
}

static void test_not_found(void **state)
{
	void *ctx = talloc_new(NULL);
	char *out, *err;
	(void)state;
	assert_int_equal(run(ctx, &out, &err, "show", "nosuch@test", NULL, NULL, NULL), 1);
	pbt_assert_contains(err, "no series has a message with Message-ID <nosuch@test>");
	assert_int_equal(run(ctx, &out, &err, "am", "nosuch@test", NULL, NULL, NULL), 1);
	assert_int_equal(run(ctx, &out, &err, "am", "p1@test", "--version", "7", NULL), 1);
	pbt_assert_contains(err, "no version 7");
	assert_int_equal(run(ctx, &out, &err, "am", "p1@test", "--patches", "5", NULL), 1);
	talloc_free(ctx);
}

static void test_json_shape(void **state)
{
	void *ctx = talloc_new(NULL);
	char *out, *err;
	tj_t *arr, *s = NULL, *v, *p;
	size_t off = 0;
	(void)state;
	assert_int_equal(run(ctx, &out, &err, "list", "--json", NULL, NULL, NULL), 0);
	arr = tj_parse(ctx, out, &off);
	if (!arr)
		fail_msg("list --json is not JSON at offset %zu:\n%s", off, out);
	assert_int_equal(arr->type, TJ_ARR);
	assert_int_equal(arr->n, 2);
	for (size_t i = 0; i < arr->n; i++)
		if (strcmp(tj_str(arr->items[i], "id"), "cover@test") == 0)
			s = arr->items[i];
	assert_non_null(s);
	assert_string_equal(tj_str(s, "title"), "widget: make it faster");
	assert_string_equal(tj_str(s, "author"), "Ann Author <ann@example.org>");
	assert_string_equal(tj_str(s, "state"), "acked");
	v = tj_get(s, "versions")->items[0];
	assert_int_equal((int)tj_get(v, "version")->num, 2);
	assert_string_equal(tj_str(v, "cover"), "cover@test");
	assert_int_equal((int)tj_get(v, "total")->num, 2);
	assert_int_equal((int)tj_get(v, "received")->num, 2);
	assert_int_equal(tj_get(v, "missing")->n, 0);
	p = tj_get(v, "patches")->items[0];
	assert_int_equal((int)tj_get(p, "index")->num, 1);
	assert_string_equal(tj_str(p, "msgid"), "p1@test");
	assert_string_equal(tj_str(p, "subject"), "[PATCH v2 1/2] widget: cache the size");
	assert_string_equal(tj_str(p, "author"), "Ann Author <ann@example.org>");
	assert_int_equal(strlen(tj_str(p, "patch_id")), 40);
	assert_int_equal(tj_get(p, "trailers")->n, 2);
	assert_string_equal(tj_get(p, "trailers")->items[0]->str, "Reviewed-by: Rev Iewer <rev@example.org>");
	assert_string_equal(tj_get(p, "trailers")->items[1]->str, "Acked-by: Maint Ainer <maint@example.org>");
	assert_int_equal(tj_get(p, "carried_trailers")->type, TJ_ARR);
	/* show gives the same shape for one series, found by any message */
	assert_int_equal(run(ctx, &out, &err, "show", "id:r1@test", "--json", NULL, NULL), 0);
	arr = tj_parse(ctx, out, NULL);
	assert_non_null(arr);
	assert_int_equal(arr->n, 1);
	assert_string_equal(tj_str(arr->items[0], "id"), "cover@test");
	/* a query narrows the list */
	assert_int_equal(run(ctx, &out, &err, "list", "--json", "from:yamada@example.jp", NULL, NULL), 0);
	assert_int_equal(tj_parse(ctx, out, NULL)->n, 1);
	talloc_free(ctx);
}

static void test_text_is_inert(void **state)
{
	void *ctx = talloc_new(NULL);
	char *out, *err;
	(void)state;
	assert_int_equal(run(ctx, &out, &err, "list", NULL, NULL, NULL, NULL), 0);
	assert_null(strchr(out, '\x1b'));
	assert_null(strchr(out, '\x07'));
	pbt_assert_contains(out, "^[]0;pwned^G^[[31mcolour me");
	/* the author column is 20 terminal columns: 8 for the name, 12 blanks */
	pbt_assert_contains(out, "山田太郎             ^[]0;pwned");
	assert_int_equal(run(ctx, &out, &err, "show", "evil@test", NULL, NULL, NULL), 0);
	assert_null(strchr(out, '\x1b'));
	/* JSON escapes control characters */
	assert_int_equal(run(ctx, &out, &err, "show", "evil@test", "--json", NULL, NULL), 0);
	assert_null(strchr(out, '\x1b'));
	pbt_assert_contains(out, "\\u001b]0;pwned\\u0007");
	assert_string_equal(tj_str(tj_parse(ctx, out, NULL)->items[0], "title"), "\x1b]0;pwned\x07\x1b[31mcolour me");
	talloc_free(ctx);
}

/* raw: a message as received; several, or a series' patches, as an mbox
 * (in order); on a terminal a raw escape is shown, never sent. */
static void test_raw(void **state)
{
	void *ctx = talloc_new(NULL);
	char *out, *err, *dir = pbt_tmpdir(ctx), *evil = talloc_asprintf(ctx, "%s/evil.eml", dir), *edb;
	const char *p1, *p2;
	FILE *f;
	(void)state;
	assert_int_equal(run(ctx, &out, &err, "raw", "<p1@test>", NULL, NULL, NULL), 0);
	assert_int_equal(strncmp(out, "From: Ann Author <ann@example.org>\nSubject: [PATCH v2 1/2] widget: cache the size\n", 80), 0);
	assert_null(strstr(out, "From git@z"));
	assert_int_equal(run(ctx, &out, &err, "raw", "--mbox", "p1@test", NULL, NULL), 0);
	assert_int_equal(strncmp(out, "From git@z ", 11), 0);
	assert_int_equal(run(ctx, &out, &err, "raw", "--series", "cover@test", NULL, NULL), 0);
	p1 = strstr(out, "Message-ID: <p1@test>");
	p2 = strstr(out, "Message-ID: <p2@test>");
	assert_true(p1 && p2 && p1 < p2);
	assert_null(strstr(out, "Message-ID: <cover@test>"));
	assert_int_equal(run(ctx, &out, &err, "raw", "--series", "cover@test", "-v", "1"), 1);
	pbt_assert_contains(err, "the series has no v1");
	assert_int_equal(run(ctx, &out, &err, "raw", "r1@test", "r2@test", NULL, NULL), 0);
	p1 = strstr(out, "Message-ID: <r1@test>");
	p2 = strstr(out, "Message-ID: <r2@test>");
	assert_true(p1 && p2 && p1 < p2);
	assert_int_not_equal(run(ctx, &out, &err, "raw", "nope@test", NULL, NULL, NULL), 0);
	pbt_assert_contains(err, "nope@test");
	assert_int_equal(run(ctx, &out, &err, "raw", "--version", "2", "p1@test", NULL), 2);
	/* a raw escape, on a terminal and into a pipe */
	f = fopen(evil, "w");
	assert_non_null(f);
	fputs("From: M <m@example.org>\nSubject: [PATCH] \033]0;owned\007x\nMessage-ID: <e@test>\n"
	      "Date: Wed, 3 Jan 2024 10:00:00 +0000\n\nbody \033[2J\n", f);
	fclose(f);
	edb = pbt_notmuch_db1(ctx, evil);
	{
		const char *argv[] = {pbt_patchbay(), "--db", edb, "raw", "e@test", NULL};
		assert_int_equal(pbt_run_pty(ctx, &out, argv), 0);
		assert_null(strchr(out, '\x1b'));
		pbt_assert_contains(out, "Subject: [PATCH] ^[]0;owned^Gx");
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, argv), 0);
		pbt_assert_contains(out, "Subject: [PATCH] \033]0;owned\007x\n");
	}
	talloc_free(ctx);
}

/* am -o puts the mbox where the name points and never replaces what the
 * name is: a FIFO stays a FIFO, a link a link, /dev/null a device; a file
 * keeps its mode; a directory is refused; "-" and /dev/stdout are stdout. */
static void test_am_output_targets(void **state)
{
	void *ctx = talloc_new(NULL);
	char *d = pbt_tmpdir(ctx), *out, *err, *ref;
	struct stat st;
	(void)state;
	{
		const char *argv[] = {pbt_patchbay(), "--db", db, "am", "p2@test", NULL};
		assert_int_equal(pbt_run(ctx, &ref, &err, NULL, argv), 0);
	}
#define AM_TO(file, rc)                                                                              \
	do {                                                                                         \
		const char *argv[] = {pbt_patchbay(), "--db", db, "am", "p2@test", "-o", file, NULL}; \
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, argv), rc);                          \
	} while (0)
	/* a FIFO, read by cat */
	pbt_sh("mkfifo '%s/fifo' && (cat '%s/fifo' > '%s/from-fifo' &)", d, d, d);
	AM_TO(talloc_asprintf(ctx, "%s/fifo", d), 0);
	pbt_sh("for i in 1 2 3 4 5 6 7 8 9 10; do test -s '%s/from-fifo' && break; sleep 0.1; done", d);
	assert_int_equal(lstat(talloc_asprintf(ctx, "%s/fifo", d), &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_string_equal(pbt_read(ctx, talloc_asprintf(ctx, "%s/from-fifo", d), NULL), ref);
	/* a link to a file: the link stays, the file gets the mbox */
	pbt_sh("echo old > '%s/target' && chmod 600 '%s/target' && ln -s target '%s/link'", d, d, d);
	AM_TO(talloc_asprintf(ctx, "%s/link", d), 0);
	assert_int_equal(lstat(talloc_asprintf(ctx, "%s/link", d), &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_string_equal(pbt_read(ctx, talloc_asprintf(ctx, "%s/target", d), NULL), ref);
	assert_int_equal(stat(talloc_asprintf(ctx, "%s/target", d), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* a device */
	AM_TO("/dev/null", 0);
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	/* a directory: refused, untouched */
	pbt_sh("mkdir '%s/dir'", d);
	AM_TO(talloc_asprintf(ctx, "%s/dir", d), 2);
	pbt_assert_contains(err, "Is a directory");
	/* a folder that does not exist: the error names the file asked for,
	 * never the temporary name beside it (issue 11, bug 17) */
	AM_TO(talloc_asprintf(ctx, "%s/no/such/x.mbox", d), 2);
	pbt_assert_contains(err, talloc_asprintf(ctx, "%s/no/such/x.mbox: No such file or directory", d));
	assert_null(strstr(err, ".tmp."));
	/* standard output, however named; no temporary file left anywhere */
	AM_TO("-", 0);
	assert_string_equal(out, ref);
	AM_TO("/dev/stdout", 0);
	assert_string_equal(out, ref);
	{
		const char *argv[] = {"sh", "-c", talloc_asprintf(ctx, "ls -A '%s' | grep tmp || true", d), NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, argv), 0);
		assert_string_equal(out, "");
	}
#undef AM_TO
	talloc_free(ctx);
}

/* am says what it left out and how to take it: a trailer given on v1 of
 * an unchanged patch (--carry), one whose sender is not the person named
 * (--sloppy); with both options they are added, and said so. */
static void test_am_report(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = pbt_tmpdir(ctx), *mb = talloc_asprintf(ctx, "%s/r.mbox", dir), *db2, *out, *err;
	const char *patch = "Subject: [PATCH v%d] widget: fix the size\nMessage-ID: <rep-v%d@test>\n"
			    "Date: Mon, %d Jan 2024 10:00:00 +0000\n\nFix it.\n\n"
			    "Signed-off-by: Ann Author <ann@example.org>\n---\n"
			    "diff --git a/w.c b/w.c\n--- a/w.c\n+++ b/w.c\n@@ -1 +1 @@\n-a\n+b\n\n";
	FILE *f = fopen(mb, "w");
	(void)state;
	assert_non_null(f);
	for (int v = 1; v <= 2; v++) {
		fputs("From x@y Mon Sep 17 00:00:00 2001\nFrom: Ann Author <ann@example.org>\n", f);
		fprintf(f, patch, v, v, v);
	}
	fputs("From x@y Mon Sep 17 00:00:00 2001\nFrom: Rev Iewer <rev@example.org>\n"
	      "Subject: Re: [PATCH v1] widget: fix the size\nMessage-ID: <rep-r1@test>\nIn-Reply-To: <rep-v1@test>\n"
	      "Date: Tue, 1 Jan 2024 11:00:00 +0000\n\nReviewed-by: Rev Iewer <rev@example.org>\n\n"
	      "From x@y Mon Sep 17 00:00:00 2001\nFrom: Bob Other <bob@example.org>\n"
	      "Subject: Re: [PATCH v2] widget: fix the size\nMessage-ID: <rep-r2@test>\nIn-Reply-To: <rep-v2@test>\n"
	      "Date: Wed, 3 Jan 2024 11:00:00 +0000\n\nAcked-by: Carl Third <carl@example.org>\n\n", f);
	fclose(f);
	db2 = pbt_notmuch_db1(ctx, mb);
	{
		const char *argv[] = {pbt_patchbay(), "--db", db2, "--no-cache", "am", "rep-v2@test", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, argv), 0);
		pbt_assert_contains(err, "  [1/1] widget: fix the size\n"
					 "    ? Acked-by: Carl Third <carl@example.org>  (not sent by the person named; "
					 "--sloppy takes it)\n"
					 "    ~ Reviewed-by: Rev Iewer <rev@example.org>  (given on v1; --carry takes it)\n"
					 "patchbay am: 1 patch of v2\n");
		assert_null(strstr(out, "Acked-by"));
	}
	{
		const char *argv[] = {pbt_patchbay(), "--db", db2, "--no-cache", "am", "rep-v2@test", "--carry",
				      "--sloppy", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, argv), 0);
		pbt_assert_contains(err, "  [1/1] widget: fix the size\n"
					 "    + Acked-by: Carl Third <carl@example.org>\n"
					 "    + Reviewed-by: Rev Iewer <rev@example.org>\n"
					 "patchbay am: 1 patch of v2\n");
		pbt_assert_contains(out, "Acked-by: Carl Third <carl@example.org>\n");
	}
	{
		/* -q: the mbox alone */
		const char *argv[] = {pbt_patchbay(), "-q", "--db", db2, "--no-cache", "am", "rep-v2@test", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, argv), 0);
		assert_string_equal(err, "");
	}
	{
		/* a message of v1 names the series: the latest is written, and
		 * said so; -v 1 writes v1, with no such word */
		const char *argv[] = {pbt_patchbay(), "--db", db2, "--no-cache", "am", "<rep-v1@test>", NULL};
		const char *argv1[] = {pbt_patchbay(), "--db", db2, "--no-cache", "am", "rep-v1@test", "-v", "1", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, argv), 0);
		pbt_assert_contains(err, "patchbay am: <rep-v1@test> is of v1; writing the latest, v2 (-v 1 for that one)\n");
		pbt_assert_contains(err, "patchbay am: 1 patch of v2\n");
		pbt_assert_contains(out, "Subject: [PATCH v2] widget: fix the size");
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, argv1), 0);
		assert_null(strstr(err, "is of v"));
		pbt_assert_contains(err, "patchbay am: 1 patch of v1\n");
	}
	talloc_free(ctx);
}

static void test_am_applies(void **state)
{
	void *ctx = talloc_new(NULL);
	char *repo = pbt_tmpdir(ctx), *out, *err, *mbox = talloc_asprintf(ctx, "%s/series.mbox", repo);
	(void)state;
	pbt_sh("cd '%s' && git init -q && printf 'int widget;\\nint size(void);\\nint end;\\n' > widget.c && "
	       "printf 'int gadget;\\nint uses_size;\\n' > gadget.c && git add . && git commit -qm base", repo);
	{
		const char *argv[] = {pbt_patchbay(), "--db", db, "am", "p2@test", "-o", mbox, "-s", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, argv), 0);
		/* what was added to each patch, as b4 lists it */
		pbt_assert_contains(err, "  [1/2] widget: cache the size\n"
					 "    + Reviewed-by: Rev Iewer <rev@example.org>\n"
					 "    + Acked-by: Maint Ainer <maint@example.org>\n"
					 "    + Signed-off-by: Test Maintainer <maint@example.org>\n"
					 "  [2/2] gadget: use the cache\n"
					 "    + Acked-by: Maint Ainer <maint@example.org>\n"
					 "    + Signed-off-by: Test Maintainer <maint@example.org>\n");
		pbt_assert_contains(err, "2 patches of v2 written to ");
	}
	pbt_sh("cd '%s' && git am -q series.mbox", repo);
	{
		const char *argv[] = {"git", "-C", repo, "log", "--format=%an <%ae>%n%B---", NULL};
		assert_int_equal(pbt_run(ctx, &out, NULL, NULL, argv), 0);
	}
	pbt_assert_contains(out, "Ann Author <ann@example.org>\ngadget: use the cache\n\nUse the cached size in the gadget.\n\n"
				 "Signed-off-by: Ann Author <ann@example.org>\n"
				 "Acked-by: Maint Ainer <maint@example.org>\n"
				 "Signed-off-by: Test Maintainer <maint@example.org>\n");
	pbt_assert_contains(out, "widget: cache the size\n\nCache the size instead of computing it each time.\n\n"
				 "Signed-off-by: Ann Author <ann@example.org>\n"
				 "Reviewed-by: Rev Iewer <rev@example.org>\n"
				 "Acked-by: Maint Ainer <maint@example.org>\n");
	/* stdout, one patch, a Link from git config */
	pbt_sh("git config --global patchbay.linkmask 'https://lore.example.org/r/%%s'");
	assert_int_equal(run(ctx, &out, &err, "am", "cover@test", "--patches", "2", NULL), 0);
	pbt_sh("git config --global --unset patchbay.linkmask");
	pbt_assert_contains(out, "From git@z Thu Jan  1 00:00:00 1970\n");
	pbt_assert_contains(out, "Subject: [PATCH v2 2/2] gadget: use the cache\n");
	pbt_assert_contains(out, "Link: https://lore.example.org/r/p2@test\n");
	pbt_assert_not_contains(out, "widget: cache the size");
	talloc_free(ctx);
}

/* git config patchbay.scope limits the user's database; a file opened
 * with -f is read whole (the user named exactly the mail to read). */
static void test_scope(void **state)
{
	void *ctx = talloc_new(NULL);
	char *scoped, *whole, *err;
	int rc_scoped, rc_whole;
	const char *file[] = {pbt_patchbay(), "--quiet", "-f", mboxf, "--cache-dir", pbt_tmpdir(ctx), "list", NULL};
	(void)state;
	pbt_sh("git config --global patchbay.scope 'from:yamada@example.jp'");
	rc_scoped = run(ctx, &scoped, &err, "list", NULL, NULL, NULL, NULL);
	rc_whole = pbt_run(ctx, &whole, &err, NULL, file);
	pbt_sh("git config --global --unset patchbay.scope");
	assert_int_equal(rc_scoped, 0);
	pbt_assert_not_contains(scoped, "widget: make it faster");
	pbt_assert_contains(scoped, "<evil@test>");
	assert_int_equal(rc_whole, 0);
	pbt_assert_contains(whole, "widget: make it faster");
	pbt_assert_contains(whole, "<evil@test>");
	talloc_free(ctx);
}

/* A relative --cache-dir is the current directory's (notmuch itself takes
 * absolute paths only: "Database path must be absolute", issue 11 bug 18). */
static void test_relative_cache_dir(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = pbt_tmpdir(ctx), *out, *err, *cwd = getcwd(NULL, 0);
	const char *a[] = {pbt_patchbay(), "--quiet", "-f", mboxf, "--cache-dir", "rel/cache", "list", NULL};
	(void)state;
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
	pbt_assert_contains(out, "widget: make it faster");
	assert_string_equal(err, "");
	/* and warm, from that cache */
	assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
	pbt_assert_contains(out, "widget: make it faster");
	assert_int_equal(chdir(cwd), 0);
	free(cwd);
	pbt_sh("test -d '%s/rel/cache/files'", dir);
	talloc_free(ctx);
}

/* -f DIR on a folder that is not mail (a source tree) is refused before a
 * file is read, and says which file is not mail (issue 11, bug 2: it
 * imported 252,387 files for 17 minutes); a folder of mail files is read. */
static void test_folder_not_mail(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = pbt_tmpdir(ctx), *cache = pbt_tmpdir(ctx), *out, *err;
	const char *src[] = {pbt_patchbay(), "-q", "-f", talloc_asprintf(ctx, "%s/src", dir), "--cache-dir", cache,
			     "list", NULL};
	const char *mail[] = {pbt_patchbay(), "-q", "-f", talloc_asprintf(ctx, "%s/mail", dir), "--cache-dir", cache,
			      "list", NULL};
	(void)state;
	pbt_sh("mkdir -p '%s/src/lib' && printf 'int main(void) { return 0; }\\n' > '%s/src/lib/main.c' && "
	       "printf '# build\\nall:\\n' > '%s/src/Makefile'",
	       dir, dir, dir);
	assert_int_equal(pbt_run(ctx, &out, &err, NULL, src), 2);
	pbt_assert_contains(err, "/src: not a maildir, and ");
	pbt_assert_contains(err, " is not mail (give an mbox file or a maildir)");
	pbt_sh("test ! -e '%s/files'", cache);
	/* the messages of the mbox as files of a folder */
	pbt_sh("mkdir -p '%s/mail' && cd '%s/mail' && awk '/^From /{n++} {print > (\"m\" n)}' '%s' && "
	       "sed -i '1d' m*",
	       dir, dir, mboxf);
	assert_int_equal(pbt_run(ctx, &out, &err, NULL, mail), 0);
	pbt_assert_contains(out, "widget: make it faster");
	talloc_free(ctx);
}

/* -f t.mbox.gz (lore's thread download) reads the mbox inside; a cut one
 * says so (issue 11, bug 1: it loaded as 0 series, exit 0). */
static void test_gzip_mbox(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = pbt_tmpdir(ctx), *out, *err;
	char *gz = talloc_asprintf(ctx, "%s/t.mbox.gz", dir), *cut = talloc_asprintf(ctx, "%s/cut.mbox.gz", dir);
	const char *a[] = {pbt_patchbay(), "--quiet", "-f", gz, "--cache-dir", dir, "list", NULL};
	const char *b[] = {pbt_patchbay(), "--quiet", "-f", cut, "--cache-dir", dir, "list", NULL};
	(void)state;
	pbt_sh("gzip -c '%s' > '%s' && head -c 200 '%s' > '%s'", mboxf, gz, gz, cut);
	assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
	pbt_assert_contains(out, "widget: make it faster");
	pbt_assert_contains(out, "<evil@test>");
	assert_int_not_equal(pbt_run(ctx, &out, &err, NULL, b), 0);
	pbt_assert_contains(err, "cut.mbox.gz: not a readable gzip file");
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_and_usage),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_relative_cache_dir),
		cmocka_unit_test(test_gzip_mbox),
		cmocka_unit_test(test_folder_not_mail),
		cmocka_unit_test(test_notmuch_config),
		cmocka_unit_test(test_every_help),
		cmocka_unit_test(test_json_shape),
		cmocka_unit_test(test_text_is_inert),
		cmocka_unit_test(test_am_report),
		cmocka_unit_test(test_am_applies),
		cmocka_unit_test(test_am_output_targets),
		cmocka_unit_test(test_raw),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("cli", tests, setup, teardown);
}
