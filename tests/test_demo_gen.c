/* test_demo_gen.c: the demo generator's edges: reused when already made,
 * refusing what it must not touch, its default folder, no leaks, its data
 * format and helpers, its errors, and `patchbay demo` / `--demo`. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/lib/pbtest.h"
#include "patchbay/am.h"
#include "demogen/demo.h"
#include "demogen/demo_priv.h"

#define ID(slug, v, i) PB_DEMO_MSGID(slug, v, i)

/* ---- reuse, refusals and errors -------------------------------------------- */

static void test_open_and_ensure(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_demo_opts_t o = {0};
	pb_demo_result_t *r, *again;
	pb_error_t err = {0};
	char *stamp;
	FILE *f;
	(void)state;
	o.dir = talloc_asprintf(ctx, "%s/demo", pbt_tmpdir(ctx));
	/* nothing there yet */
	assert_int_equal(pb_demo_open(ctx, &r, o.dir, &err), PB_ERR_NOTFOUND);
	assert_int_equal(pb_demo_open(ctx, &r, NULL, &err), PB_ERR_NOTFOUND);
	assert_int_equal(pb_demo_ensure(ctx, &r, &o, &err), PB_OK);
	assert_false(r->reused);
	/* complete: kept as it is */
	assert_int_equal(pb_demo_ensure(ctx, &again, &o, &err), PB_OK);
	assert_true(again->reused);
	assert_string_equal(again->base_commit, r->base_commit);
	/* another scale: made again */
	o.scale = 2;
	assert_int_equal(pb_demo_ensure(ctx, &again, &o, &err), PB_OK);
	assert_false(again->reused);
	assert_int_equal(again->scale, 2);
	o.scale = 1;
	/* a stamp of another format, or a missing database: incomplete */
	stamp = talloc_asprintf(ctx, "%s/.pb-demo", o.dir);
	assert_non_null(f = fopen(stamp, "w"));
	fputs("patchbay-demo 0\nscale 1\n", f);
	fclose(f);
	assert_int_equal(pb_demo_open(ctx, &r, o.dir, &err), PB_ERR_NOTFOUND);
	assert_int_equal(pb_demo_ensure(ctx, &r, &o, &err), PB_OK);
	assert_false(r->reused);
	pbt_sh("rm -rf '%s/mail/.notmuch'", o.dir);
	assert_int_equal(pb_demo_open(ctx, &r, o.dir, &err), PB_ERR_NOTFOUND);
	pbt_sh("printf 'patchbay-demo 1\\nscale x\\n' >'%s'", stamp);
	assert_int_equal(pb_demo_open(ctx, &r, o.dir, &err), PB_ERR_NOTFOUND);
	talloc_free(ctx);
}

static void test_refusals(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_demo_opts_t o = {0};
	pb_demo_result_t *r;
	pb_error_t err = {0};
	char *dir = pbt_tmpdir(ctx);
	(void)state;
	/* bad options */
	assert_int_equal(pb_demo_generate(ctx, &r, NULL, &err), PB_ERR_USAGE);
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_USAGE);
	o.dir = "";
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_USAGE);
	assert_int_equal(pb_demo_ensure(ctx, &r, &o, &err), PB_ERR_USAGE);
	o.dir = dir;
	o.scale = PB_DEMO_MAX_SCALE + 1;
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_USAGE);
	o.scale = 1;
	/* somebody's files: untouched */
	pbt_sh("mkdir -p '%s/mine/mail/cur' && echo keep >'%s/mine/notes.txt'", dir, dir);
	o.dir = talloc_asprintf(ctx, "%s/mine", dir);
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_REFUSED);
	pbt_assert_contains(pb_error_msg(&err), "notes.txt");
	pbt_sh("rm '%s/mine/notes.txt'", dir);
	/* only names of ours, but no stamp: somebody's maildir */
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_REFUSED);
	pbt_sh("test -d '%s/mine/mail/cur'", dir);
	/* a file where the folder should be */
	pbt_sh("echo x >'%s/file'", dir);
	o.dir = talloc_asprintf(ctx, "%s/file", dir);
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_IO);
	o.dir = talloc_asprintf(ctx, "%s/file/below", dir);
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_IO);
	/* notmuch missing, or failing: no stamp of a complete archive */
	o.dir = talloc_asprintf(ctx, "%s/nm", dir);
	o.notmuch = "/nonexistent/notmuch";
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_EXTERNAL);
	pbt_assert_contains(pb_error_msg(&err), "/nonexistent/notmuch");
	assert_int_equal(pb_demo_open(ctx, &r, o.dir, NULL), PB_ERR_NOTFOUND);
	o.notmuch = "false";
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_EXTERNAL);
	pbt_assert_contains(pb_error_msg(&err), "exit status 1");
	pbt_sh("printf '#!/bin/sh\\necho broken database >&2\\nkill -9 $$\\n' >'%s/nm.sh' && chmod +x '%s/nm.sh'", dir, dir);
	o.notmuch = talloc_asprintf(ctx, "%s/nm.sh", dir);
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_EXTERNAL);
	pbt_assert_contains(pb_error_msg(&err), "(signal 9): broken database");
	/* an incomplete archive is ours: replaced */
	o.notmuch = NULL;
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_OK);
	talloc_free(ctx);
}

static void test_default_dir(void **state)
{
	void *ctx = talloc_new(NULL);
	char *d, *xdg = talloc_strdup(ctx, getenv("XDG_DATA_HOME")), *home = talloc_strdup(ctx, getenv("HOME"));
	pb_error_t err = {0};
	(void)state;
	setenv("XDG_DATA_HOME", "/x/data", 1);
	assert_int_equal(pb_demo_default_dir(ctx, &d, &err), PB_OK);
	assert_string_equal(d, "/x/data/patchbay/demo");
	setenv("XDG_DATA_HOME", "", 1);
	setenv("HOME", "/home/u", 1);
	assert_int_equal(pb_demo_default_dir(ctx, &d, &err), PB_OK);
	assert_string_equal(d, "/home/u/.local/share/patchbay/demo");
	unsetenv("XDG_DATA_HOME");
	unsetenv("HOME");
	assert_int_equal(pb_demo_default_dir(ctx, &d, &err), PB_ERR_NOTFOUND);
	setenv("XDG_DATA_HOME", xdg, 1);
	setenv("HOME", home, 1);
	talloc_free(ctx);
}

static void test_no_leaks(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_demo_opts_t o = {0};
	pb_demo_result_t *r;
	pb_error_t err = {0};
	char *dir = pbt_tmpdir(NULL);
	(void)state;
	o.dir = dir;
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_OK);
	talloc_free(r);
	assert_int_equal(pb_demo_open(ctx, &r, dir, &err), PB_OK);
	talloc_free(r);
	o.notmuch = "false";
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_EXTERNAL);
	pbt_assert_no_leaks(ctx);
	talloc_free(ctx);
	talloc_free(dir);
}

/* ---- the data format ---------------------------------------------------- */

static void test_doc_and_hunks(void **state)
{
	void *ctx = talloc_new(NULL);
	_pb_demo_doc_t *d;
	pb_error_t err = {0};
	char *out;
	int64_t t;
	(void)state;
	assert_int_equal(_pb_demo_doc_parse(ctx, &d, "t.txt",
					    "comment\n%%% commit n=1 at=x | a: Title | with bar\nbody\n\n\n%%% notes\n", &err),
			 PB_OK);
	assert_int_equal(d->n, 2);
	assert_string_equal(d->v[0].kind, "commit");
	assert_string_equal(d->v[0].title, "a: Title | with bar");
	assert_string_equal(d->v[0].text, "body\n");
	assert_string_equal(_pb_demo_attr(&d->v[0], "at"), "x");
	assert_null(_pb_demo_attr(&d->v[0], "v"));
	assert_string_equal(d->v[1].text, "");
	assert_int_equal(d->v[1].line, 6);
	assert_int_equal(_pb_demo_doc_parse(ctx, &d, "t.txt", "%%% commit novalue\n", &err), PB_ERR_PARSE);
	pbt_assert_contains(pb_error_msg(&err), "demo/t.txt:1:");
	assert_int_equal(_pb_demo_doc_parse(ctx, &d, "t.txt", "%%%  | title only\n", &err), PB_ERR_PARSE);
	/* hunks, forward and back */
	assert_int_equal(_pb_demo_hunks(ctx, &out, "a\nb\nc\n", " a\n-b\n+B\n@@\n c\n+d\n", false, &err), PB_OK);
	assert_string_equal(out, "a\nB\nc\nd\n");
	assert_int_equal(_pb_demo_hunks(ctx, &out, out, " a\n-b\n+B\n@@\n c\n+d\n", true, &err), PB_OK);
	assert_string_equal(out, "a\nb\nc\n");
	assert_int_equal(_pb_demo_hunks(ctx, &out, "a\n\nb\n", " a\n\n+x\n b\n", false, &err), PB_OK);
	assert_string_equal(out, "a\n\nx\nb\n");
	assert_int_equal(_pb_demo_hunks(ctx, &out, "x\nx\n", "-x\n", false, &err), PB_ERR_PARSE);
	pbt_assert_contains(pb_error_msg(&err), "matches 2 times");
	assert_int_equal(_pb_demo_hunks(ctx, &out, "ax\n", "-x\n", false, &err), PB_ERR_PARSE);
	assert_int_equal(_pb_demo_hunks(ctx, &out, "a\n", "*a\n", false, &err), PB_ERR_PARSE);
	assert_int_equal(_pb_demo_hunks(ctx, &out, "a\n", "+b\n", false, &err), PB_ERR_PARSE);
	/* times in a time zone */
	assert_int_equal(_pb_demo_time(&t, "2024-03-04T09:12", 60), PB_OK);
	assert_int_equal(t, 1709539920);
	assert_int_equal(_pb_demo_time(&t, "2024-03-04T09:12:30", -180), PB_OK);
	assert_int_equal(t, 1709554350);
	assert_int_equal(_pb_demo_time(&t, "2024-13-04T09:12", 0), PB_ERR_PARSE);
	assert_int_equal(_pb_demo_time(&t, "2024-03-04 09:12", 0), PB_ERR_PARSE);
	assert_int_equal(_pb_demo_time(&t, "2024-03-04T09:12x", 0), PB_ERR_PARSE);
	assert_int_equal(_pb_demo_time(&t, NULL, 0), PB_ERR_PARSE);
	/* every data file is compiled in */
	assert_non_null(_pb_demo_file("people.txt"));
	assert_non_null(_pb_demo_file("widgetd/src/proto.c"));
	assert_null(_pb_demo_file("nonexistent"));
	talloc_free(ctx);
}

static void test_mail_helpers(void **state)
{
	void *ctx = talloc_new(NULL);
	_pb_demo_person_t who = {"x", "Jürgen Müller", "j@example.de", 60, PB_DEMO_DIRECT};
	_pb_demo_post_t parent = {0};
	pb_error_t err = {0};
	char *out;
	(void)state;
	assert_string_equal(_pb_demo_date(ctx, 1709539920, 60), "Mon, 4 Mar 2024 09:12:00 +0100");
	assert_string_equal(_pb_demo_date(ctx, 1709539920, -330), "Mon, 4 Mar 2024 02:42:00 -0530");
	assert_string_equal(_pb_demo_date_git(ctx, 1709539920, 0), "2024-03-04 08:12:00 +0000");
	assert_string_equal(_pb_demo_addr(ctx, "Ann Smith", "a@b"), "Ann Smith <a@b>");
	assert_string_equal(_pb_demo_addr(ctx, "Smith, Ann", "a@b"), "\"Smith, Ann\" <a@b>");
	assert_string_equal(_pb_demo_addr(ctx, "", "a@b"), "<a@b>");
	assert_string_equal(_pb_demo_addr(ctx, "Jürgen", "j@b"), "=?UTF-8?B?SsO8cmdlbg==?= <j@b>");
	parent.msgid = "p@x";
	parent.subject = "Re: [PATCH] x: y";
	parent.body = "one\ntwo\n> three\n\nfour\n-- \nsig\n";
	parent.from = &who;
	parent.date = 1709539920;
	assert_string_equal(_pb_demo_re(ctx, &parent), "Re: [PATCH] x: y");
	assert_int_equal(_pb_demo_reply_text(ctx, &out, "@a\n@q2 two\nok\n@q1 one\n@qall\n", &parent, &err), PB_OK);
	assert_string_equal(out, "On Mon, 4 Mar 2024 09:12:00 +0100, Jürgen Müller wrote:\n"
				 "> two\n>> three\nok\n> one\n> one\n> two\n>> three\n>\n> four\n");
	assert_int_equal(_pb_demo_reply_text(ctx, &out, "@q1 nowhere\n", &parent, &err), PB_ERR_PARSE);
	pbt_assert_contains(pb_error_msg(&err), "nowhere");
	talloc_free(ctx);
}

/* A generator state with the people and an empty repository. */
static _pb_demo_gen_t *gen(TALLOC_CTX *ctx, pb_error_t *err)
{
	_pb_demo_gen_t *g = talloc_zero(ctx, _pb_demo_gen_t);
	_pb_demo_doc_t *d;
	g->ctx = g;
	g->err = err;
	g->dir = pbt_tmpdir(g);
	g->maildir = talloc_asprintf(g, "%s/mail", g->dir);
	pbt_sh("mkdir -p '%s/cur'", g->maildir);
	assert_int_equal(_pb_demo_doc_parse(g, &d, "people.txt", _pb_demo_file("people.txt"), err), PB_OK);
	assert_int_equal(_pb_demo_people(g, d), PB_OK);
	assert_int_equal(_pb_demo_repo_init(g, talloc_asprintf(g, "%s/repo", g->dir)), PB_OK);
	return g;
}

struct bad {
	const char *text, *msg;
};

static void test_history_errors(void **state)
{
	static const struct bad bad[] = {
		{"", "is empty"},
		{"%%% commit who=ines at=2023-01-01T00:00 | a\n%%% branch\n", "a branch needs name="},
		{"%%% commit who=nobody at=2023-01-01T00:00 | a\n", "who=nobody: no such person"},
		{"%%% commit who=ines at=2023-01-01T00:00 | a\n%%% commit who=ines at=2023-01-02T00:00 | b\n"
		 "%%% add path=nope\n", "nope: not in demo/widgetd/"},
		{"%%% commit who=ines at=yesterday | a\n", "at= needs a time"},
		{"%%% new path=x\n", "only commit, add, change and tag"},
		{"%%% tag name=t who=ines at=2023-01-01T00:00 | t\n", "a commit before it"},
		{"%%% commit who=ines at=2023-01-01T00:00 | a\n%%% commit who=ines at=2023-01-02T00:00 | b\n"
		 "%%% change path=README\n-Patches go to\n", "(undoing it)"},
		{"%%% commit who=ines at=2023-01-01T00:00 | a\n%%% change path=README\n widgetd\n", "imports the tree"},
		{"%%% commit who=ines at=2023-01-01T00:00 | a\n%%% branch name=b\n%%% bogus\n", "unknown section"},
		{"%%% commit who=ines at=2023-01-01T00:00 | a\n%%% branch name=b\n%%% change path=README\n+x\n",
		 "change before any commit"},
		{"%%% commit who=ines at=2023-01-01T00:00 | a\n%%% branch name=b\n%%% commit who=ines "
		 "at=2023-01-02T00:00 | b\n%%% change path=nope\n+x\n", "nope: no such file"},
	};
	void *ctx = talloc_new(NULL);
	pb_error_t err = {0};
	_pb_demo_gen_t *g = gen(ctx, &err);
	_pb_demo_doc_t *d;
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(_pb_demo_doc_parse(ctx, &d, "h.txt", bad[i].text, &err), PB_OK);
		if (_pb_demo_history(g, d) == PB_OK)
			fail_msg("history %zu was taken", i);
		pbt_assert_contains(pb_error_msg(&err), bad[i].msg);
	}
	/* one commit of the whole tree is a history */
	assert_int_equal(_pb_demo_doc_parse(ctx, &d, "h.txt", "%%% commit id=c who=ines at=2023-01-01T00:00 | a\n", &err),
			 PB_OK);
	assert_int_equal(_pb_demo_history(g, d), PB_OK);
	assert_non_null(_pb_demo_hist(g, "c"));
	assert_int_equal(strlen(g->base_hex), 40);
	talloc_free(ctx);
}

#define H "%%% series slug=x author=alex\n"
#define V "%%% version v=1 at=2024-01-01T00:00"
#define C1 "%%% commit n=1 | a: Change b\n{sob}\n"
#define CH "%%% change path=README\n widgetd\n+new line\n"
#define AT " from=ines at=2024-01-02T00:00"

static void test_series_errors(void **state)
{
	static const struct bad bad[] = {
		{"%%% version v=1\n", "must start with"},
		{"%%% series slug=x author=nobody\n", "must start with"},
		{H "%%% version v=0 at=2024-01-01T00:00\n", "v=N"},
		{H "%%% version v=1 at=soon\n" C1, "at= needs"},
		{H V "\n", "without commits"},
		{H V "\n%%% commit n=2 | a: b\n", "n=1, n=2"},
		{H V "\n%%% commit n=1 from=v9.9\n", "from=v9.9: no such commit"},
		{H V "\n%%% commit n=1\n", "needs a subject"},
		{H V "\n%%% change path=README\n+x\n", "before the first commit"},
		{H V "\n" C1 "%%% change path=nope.c\n+x\n", "no such file to change"},
		{H V "\n" C1 "%%% change path=README\n-not in the file\n", "matches 0 times"},
		{H V "\n" C1 "%%% new path=README\nx\n", "is there already"},
		{H V "\n" C1 "%%% delete path=nope.c\n", "no such file to delete"},
		{H V "\n" C1 "%%% change\n+x\n", "change needs path="},
		{H V "\n" C1 CH "%%% commit n=2 | c: d\n" CH, "needs a title"},
		{H V " reply-to=nope\n" C1 CH, "reply-to=nope"},
		{H V " cc=ines,nobody\n" C1 CH, "no person \"nobody\""},
		{H V " from=nobody\n" C1 CH, "from=nobody"},
		{H V "\n%%% commit n=1 author=nobody | a: b\n", "author=nobody"},
		{H "%%% reply id=r to=nope" AT "\nx\n", "to=nope: nothing posted"},
		{H "%%% post" AT " | t\nx\n", "needs a new id="},
		{H "%%% post id=p.q" AT " | t\nx\n", "needs a new id="},
		{H "%%% post id=p from=nobody at=2024-01-02T00:00 | t\nx\n", "no such person"},
		{H "%%% post id=p" AT "\nx\n", "needs a title"},
		{H "%%% post id=p" AT " enc=zip | t\nx\n", "enc= is qp or b64"},
		{H "%%% post id=p" AT " | t\n{link:nope}\n", "{link:nope}: nothing posted"},
		{H "%%% post id=p" AT " | t\nx\n%%% post id=p" AT " | t\nx\n", "needs a new id="},
		{H "%%% pull id=p" AT " | t\nx\n", "a pull needs"},
		{H "%%% bogus\n", "unknown or misplaced"},
		{H V "\n%%% commit n=1 | {sha12:nope}\n", "{sha12:nope}: no such commit in history.txt"},
		{H V "\n" C1 CH "%%% reply id=r to=v1.1" AT "\n@q1 not in the patch\n", "no line of <x-v1-1@"},
		{H V "\n" C1 CH V "\n%%% commit n=1 from=v1.1\n", "posted already"},
	};
	void *ctx = talloc_new(NULL);
	pb_error_t err = {0};
	_pb_demo_gen_t *g = gen(ctx, &err);
	_pb_demo_doc_t *d;
	(void)state;
	assert_int_equal(_pb_demo_doc_parse(ctx, &d, "history.txt", _pb_demo_file("history.txt"), &err), PB_OK);
	assert_int_equal(_pb_demo_history(g, d), PB_OK);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (_pb_demo_series_file(g, "bad.txt", bad[i].text) == PB_OK)
			fail_msg("series %zu was taken", i);
		assert_int_equal(err.status, PB_ERR_PARSE);
		pbt_assert_contains(pb_error_msg(&err), bad[i].msg);
		pbt_assert_contains(pb_error_msg(&err), "demo/bad.txt");
	}
	/* and a good one */
	assert_int_equal(_pb_demo_series_file(g, "good.txt", H V "\n" C1 CH "%%% reply id=r to=v1.1" AT "\n@a\n@q1 +new line\nOk.\n"),
			 PB_OK);
	assert_int_equal(g->n_series, 1);
	talloc_free(ctx);
}

/* ---- the command line ------------------------------------------------------ */

static int run(TALLOC_CTX *ctx, char **out, char **err, const char *const *args)
{
	const char *argv[16] = {pbt_patchbay()};
	size_t n = 1;
	for (size_t i = 0; args[i] && n < 15; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	return pbt_run(ctx, out, err, NULL, argv);
}

static void test_cli(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = pbt_tmpdir(ctx), *d = talloc_asprintf(ctx, "%s/demo", dir), *out, *err;
	(void)state;
	/* bad usage: 2 */
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"demo-gen", NULL}), 2);
	pbt_assert_contains(err, "Usage: patchbay demo-gen DIR");
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"demo-gen", d, "--scale", "0", NULL}), 2);
	pbt_assert_contains(err, "bad --scale '0'");
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"demo-gen", d, "--scale", "many", NULL}), 2);
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"demo-gen", d, "--scale", "100001", NULL}), 2);
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"demo-gen", d, "--seed", "-1", NULL}), 2);
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"demo-gen", d, "--seed", NULL}), 2);
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"demo-gen", d, "other", NULL}), 2);
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"demo-gen", d, "--bogus", NULL}), 2);
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"--demo", "--db", d, NULL}), 2);
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"--demo-dir", NULL}), 2);
	pbt_sh("test ! -e '%s'", d);
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"demo-gen", "--help", NULL}), 0);
	pbt_assert_contains(out, "--scale N");
	/* refused: 2, and the folder is left alone */
	pbt_sh("mkdir '%s/taken' && touch '%s/taken/thesis.tex'", dir, dir);
	assert_int_equal(run(ctx, &out, &err,
			     (const char *[]){"demo-gen", talloc_asprintf(ctx, "%s/taken", dir), NULL}), 2);
	pbt_assert_contains(err, "thesis.tex");
	pbt_sh("test -f '%s/taken/thesis.tex'", dir);
	/* made: the database path on stdout */
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"demo-gen", d, "--seed", "3", NULL}), 0);
	assert_string_equal(out, talloc_asprintf(ctx, "%s/mail\n", d));
	pbt_assert_contains(err, "messages in 11 series");
	/* --demo-dir opens it: the series list, control characters made inert */
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"--demo-dir", d, "--no-cache", NULL}), 0);
	pbt_assert_contains(err, "using the demo archive in");
	pbt_assert_contains(out, "widget: Keep a history of recent readings");
	pbt_assert_contains(out, "log: Show ^[[31merrors in red^[[0m on a terminal");
	pbt_assert_not_contains(out, "\x1b");
	/* and takes commands */
	assert_int_equal(run(ctx, &out, &err,
			     (const char *[]){"-q", "--demo-dir", d, "--no-cache", "show", ID("proto", 2, 7), NULL}),
			 0);
	pbt_assert_contains(out, "v2  2024-03-14  20/20 received");
	/* it sends no mail: the demo repository's sendmail keeps it in
	 * DIR/outbox, whatever the user's own sendmail (issue 11, bug 11) */
	pbt_sh("git -C '%s/repo' config sendemail.sendmailCmd | grep -q '/bin/sendmail'", d);
	pbt_sh("git config --global sendemail.sendmailCmd false");
	assert_int_equal(run(ctx, &out, &err,
			     (const char *[]){"-q", "--demo-dir", d, "--no-cache", "reply", ID("proto", 2, 7), "--ack",
					      "--send", NULL}),
			 0);
	pbt_sh("git config --global --unset sendemail.sendmailCmd");
	pbt_sh("grep -l '^Acked-by: ' '%s'/outbox/*.eml | grep -q . && test \"$(ls '%s/outbox' | wc -l)\" = 1", d, d);
	/* an incomplete archive is made again */
	pbt_sh("rm '%s/.pb-demo' && echo 'patchbay-demo incomplete' >'%s/.pb-demo'", d, d);
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"--demo-dir", d, "--no-cache", NULL}), 0);
	pbt_assert_contains(err, "building the demo archive in");
	pbt_assert_contains(out, "proto: One function per protocol command");
	/* no folder to use, or somebody else's */
	{
		const char *argv[] = {"sh", "-c", "unset HOME XDG_DATA_HOME; exec \"$0\" --demo", pbt_patchbay(), NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, argv), 2);
		pbt_assert_contains(err, "give --demo-dir DIR");
	}
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"--demo-dir", talloc_asprintf(ctx, "%s/taken", dir), NULL}), 2);
	pbt_assert_contains(err, "thesis.tex");
	/* two at once: one builds, the other waits and uses what it built */
	pbt_sh("cd '%s' && P='%s' && D='%s/twice' && "
	       "{ \"$P\" --demo-dir \"$D\" --no-cache >o1 2>e1 & \"$P\" --demo-dir \"$D\" --no-cache >o2 2>e2 & wait; } && "
	       "test \"$(cat e1 e2 | grep -c 'messages in 11 series')\" = 1 && "
	       "test \"$(cat e1 e2 | grep -c 'using the demo archive')\" = 1 && "
	       "grep -q 'proto: One function' o1 && grep -q 'proto: One function' o2",
	       dir, pbt_patchbay(), dir);
	/* --demo: the default folder under $XDG_DATA_HOME, as `make demo` runs it */
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"--demo", "--no-cache", NULL}), 0);
	pbt_assert_contains(err, talloc_asprintf(ctx, "%s/patchbay/demo", getenv("XDG_DATA_HOME")));
	pbt_assert_contains(out, "config: Reject a poll interval of zero");
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_and_ensure), cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_default_dir),  cmocka_unit_test(test_no_leaks),
		cmocka_unit_test(test_doc_and_hunks), cmocka_unit_test(test_mail_helpers),
		cmocka_unit_test(test_history_errors), cmocka_unit_test(test_series_errors),
		cmocka_unit_test(test_cli),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("demo_gen", tests, NULL, NULL);
}
