/* test_tui_export.c: mail out of patchbay from the keys, on the demo
 * archive: the raw message view (h), pipe (|), save (w, s) and copy of
 * the Message-ID (Y) or link (L); and a hostile message in the raw view. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "patchbay/export.h"
#include "tests/lib/pbtest.h"
#include "tests/tui/pbt_tui.h"

/* Lines of TEXT that start with P. */
static int count_lines(const char *text, const char *p)
{
	int n = 0;
	size_t l = strlen(p);
	for (const char *s = text; s && *s;) {
		if (strncmp(s, p, l) == 0)
			n++;
		s = strchr(s, '\n');
		s = s ? s + 1 : NULL;
	}
	return n;
}

/* The raw view: headers as received (RFC 2047 undecoded), the header
 * names coloured, the size of the file; h goes back. */
static void test_raw_view(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 30, 100);
	char *raw, *want;
	size_t len;
	pb_error_t err = {0};
	(void)state;
	pbt_tui_keys(app, "h");
	pbt_assert_contains(pbt_tui_screen(app), " raw message <escape-v1-1@demo.widgetd.org> ");
	pbt_assert_contains(pbt_tui_screen(app),
			    "\nSubject: =?UTF-8?B?W1BBVENIXSBsb2c6IFNob3cgG1szMW1lcnJvcnMgaW4gcmVkG1swbSBvbiBh?=\n"
			    " =?UTF-8?B?IHRlcm1pbmFs?=\n");
	assert_int_equal(pbt_tui_role_of(app, "Message-ID: <escape-v1-1@", 0), TUI_ROLE_MAIL_HEADER);
	assert_int_equal(pbt_tui_role_of(app, "Message-ID: <escape-v1-1@", 12), TUI_ROLE_DEFAULT);
	assert_int_equal(pb_export_raw(app->idx, ctx, "escape-v1-1@demo.widgetd.org", &raw, &len, &err), PB_OK);
	want = talloc_asprintf(ctx, " 12 header lines, %zu bytes | line 1/", len);
	pbt_assert_contains(pbt_tui_status_line(app), want);
	pbt_tui_assert_inert(app);
	pbt_tui_keys(app, "h");
	assert_int_equal(tui_app_depth(app), 1);
	/* from the patch view: that patch */
	pbt_tui_keys(app, "j j <Enter> j j j <Enter> h");
	pbt_assert_contains(pbt_tui_screen(app), "\nSubject: [PATCH v3 2/4] widget: Keep the last readings");
	assert_int_equal(tui_app_depth(app), 4);
	talloc_free(ctx);
}

/* A message that carries escapes, a NUL and bytes that are not UTF-8 in
 * its headers and body reaches the raw view inert. */
static void test_raw_hostile(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = pbt_tmpdir(ctx), *file = talloc_asprintf(ctx, "%s/evil.eml", dir), *db;
	tui_app_opts_t ao = {.rows = 24, .cols = 80, .now = PBT_DEMO_NOW};
	tui_app_t *app;
	FILE *f = fopen(file, "w");
	(void)state;
	assert_non_null(f);
	fputs("From: Mallory <m@example.org>\nTo: devel@example.org\n"
	      "Subject: [PATCH] evil: \033]0;owned\007title \033[2J\n"
	      "X-Evil: \x9b" "31m\xff\xfe\n"
	      "Date: Mon, 25 Mar 2024 10:00:00 +0000\nMessage-ID: <evil@example.org>\n\n"
	      "body \033[5m blinking\r\n",
	      f);
	fwrite("nul\0byte\n", 1, 9, f);
	fputs("---\n a | 1 +\ndiff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -0,0 +1 @@\n+\033c\n", f);
	fclose(f);
	db = pbt_notmuch_db1(ctx, file);
	app = pbt_tui_app_new(ctx, &ao, db);
	pbt_tui_keys(app, "h");
	pbt_assert_contains(pbt_tui_screen(app), "Subject: [PATCH] evil: ^[]0;owned^Gtitle ^[[2J");
	pbt_assert_contains(pbt_tui_screen(app), "body ^[[5m blinking\n");
	pbt_assert_contains(pbt_tui_screen(app), "nul^Abyte");
	pbt_tui_assert_inert(app);
	for (int i = 0; i < 20; i++)
		pbt_tui_keys(app, "j");
	pbt_tui_assert_inert(app);
	talloc_free(ctx);
}

/* | on a series pipes the patches of its latest version as an mbox, in
 * order; the command is offered again; a failing one is said. The mbox
 * reads back as the same series. */
static void test_pipe_series(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 30, 100);
	char *dir = pbt_tmpdir(ctx), *out = talloc_asprintf(ctx, "%s/p.mbox", dir), *cmd, *text, *db, *cache;
	char **ids;
	size_t n;
	const pb_series_set_t *set;
	pb_index_t *idx;
	pb_error_t err = {0};
	const char *at = NULL;
	(void)state;
	pbt_tui_keys(app, "j j |");
	pbt_assert_contains(pbt_tui_message_line(app), "Pipe the 4 patches of v3 to:");
	cmd = talloc_asprintf(ctx, "cat > %s", out);
	pbt_tui_type(app, cmd);
	pbt_assert_contains(pbt_tui_message_line(app), "piped the 4 patches of v3 to cat > ");
	pbt_assert_contains(pbt_tui_message_line(app), ": exit status 0");
	text = pbt_read(ctx, out, NULL);
	assert_int_equal(count_lines(text, "From git@z Thu Jan  1 00:00:00 1970"), 4);
	/* the patches in their order */
	{
		pb_series_t *s = NULL;
		assert_int_equal(pb_index_find(app->idx, PB_DEMO_MSGID("history", 3, 1), &s, NULL, NULL), PB_OK);
		assert_int_equal(pb_export_version_ids(ctx, s->versions[s->n_versions - 1], &ids, &n), PB_OK);
		assert_int_equal(n, 4);
		for (size_t i = 0; i < n; i++) {
			char *h = talloc_asprintf(ctx, "Message-ID: <%s>", ids[i]);
			const char *p = strstr(text, h);
			assert_non_null(p);
			assert_true(!at || p > at);
			at = p;
		}
	}
	/* read back: v3 of four patches */
	cache = talloc_asprintf(ctx, "%s/cache", dir);
	assert_int_equal(pb_index_import(ctx, &db, out, cache, &err), PB_OK);
	idx = pbt_index(ctx, db, NULL);
	set = pb_index_series(idx);
	assert_int_equal(set->n, 1);
	assert_int_equal(set->v[0]->versions[set->v[0]->n_versions - 1]->version, 3);
	assert_int_equal(set->v[0]->versions[set->v[0]->n_versions - 1]->n_patches, 4);
	/* the last command is offered; typing replaces it */
	pbt_tui_keys(app, "|");
	pbt_assert_contains(pbt_tui_message_line(app), cmd);
	pbt_tui_type(app, "cat >/dev/null; exit 3");
	pbt_assert_contains(pbt_tui_message_line(app), ": exit status 3");
	assert_true(tui_app_message_is_error(app));
	/* a command that reads nothing of a large series is no error */
	pbt_tui_keys(app, "j j j |");
	pbt_assert_contains(pbt_tui_message_line(app), "Pipe the 20 patches of v2 to:");
	pbt_tui_type(app, "exit 0");
	pbt_assert_contains(pbt_tui_message_line(app), "piped the 20 patches of v2 to exit 0: exit status 0");
	talloc_free(ctx);
}

/* | on a patch pipes that message, byte for byte as received. */
static void test_pipe_message(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 30, 100);
	char *dir = pbt_tmpdir(ctx), *out = talloc_asprintf(ctx, "%s/m.eml", dir), *raw, *got;
	size_t len, glen;
	pb_error_t err = {0};
	(void)state;
	pbt_tui_keys(app, "j j <Enter> j j j <Enter> |");
	pbt_assert_contains(pbt_tui_message_line(app), "Pipe the message to:");
	pbt_tui_type(app, talloc_asprintf(ctx, "cat > %s", out));
	got = pbt_read(ctx, out, &glen);
	assert_int_equal(pb_export_raw(app->idx, ctx, PB_DEMO_MSGID("history", 3, 2), &raw, &len, &err), PB_OK);
	assert_int_equal(glen, len);
	assert_memory_equal(got, raw, len);
	/* and from the thread view, the reply at the cursor */
	talloc_free(ctx);
}

/* w saves the series' patches to an mbox: a new file whole; an existing
 * one only appended to, after asking; a folder or a missing folder said,
 * nothing written. */
static void test_save(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 30, 100);
	char *dir = pbt_tmpdir(ctx), *out = talloc_asprintf(ctx, "%s/s.mbox", dir), *first, *text;
	size_t l1;
	struct stat st;
	(void)state;
	pbt_tui_keys(app, "j j w");
	pbt_assert_contains(pbt_tui_message_line(app),
			    "Save the 4 patches of v3 to the mbox: widget-keep-a-history-of-recent-readings");
	pbt_tui_type(app, out);
	pbt_assert_contains(pbt_tui_message_line(app), "saved the 4 patches of v3 to ");
	first = pbt_read(ctx, out, &l1);
	assert_int_equal(count_lines(first, "From git@z "), 4);
	/* again: asks, and n keeps the file as it was */
	pbt_tui_keys(app, "w");
	pbt_tui_type(app, out);
	pbt_assert_contains(pbt_tui_message_line(app), "s.mbox exists: append the 4 patches of v3 to it?");
	pbt_tui_keys(app, "n");
	text = pbt_read(ctx, out, NULL);
	assert_string_equal(text, first);
	pbt_tui_keys(app, "w");
	pbt_tui_type(app, out);
	pbt_tui_keys(app, "y");
	pbt_assert_contains(pbt_tui_message_line(app), "appended the 4 patches of v3 to ");
	text = pbt_read(ctx, out, NULL);
	assert_int_equal(count_lines(text, "From git@z "), 8);
	assert_memory_equal(text, first, l1);
	/* a folder; a folder that is not there */
	pbt_tui_keys(app, "w");
	pbt_tui_type(app, dir);
	pbt_assert_contains(pbt_tui_message_line(app), "is a folder: name a file in it");
	assert_true(tui_app_message_is_error(app));
	pbt_tui_keys(app, "w");
	pbt_tui_type(app, talloc_asprintf(ctx, "%s/no/such/x.mbox", dir));
	pbt_assert_contains(pbt_tui_message_line(app), "nothing was saved");
	assert_int_not_equal(stat(talloc_asprintf(ctx, "%s/no", dir), &st), 0);
	/* ~/ is the home folder; s in the patch view saves the patch */
	pbt_tui_keys(app, "<Enter> j j j <Enter> s");
	pbt_assert_contains(pbt_tui_message_line(app), "Save the message to the mbox: widget-keep-the-last-readings-of-every-widget.mbox");
	pbt_tui_type(app, "~/one.mbox");
	text = pbt_read(ctx, talloc_asprintf(ctx, "%s/one.mbox", getenv("HOME")), NULL);
	assert_int_equal(count_lines(text, "From git@z "), 1);
	pbt_assert_contains(text, "Subject: [PATCH v3 2/4] widget: Keep the last readings");
	unlink(talloc_asprintf(ctx, "%s/one.mbox", getenv("HOME")));
	talloc_free(ctx);
}

/* Y and L give the Message-ID and its link to patchbay.copyCommand, read
 * when the key is pressed; without one, the message says what to set. */
static void test_copy(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 30, 100);
	char *dir = pbt_tmpdir(ctx), *clip = talloc_asprintf(ctx, "%s/clip", dir);
	const char *path = getenv("PATH");
	char *saved = talloc_strdup(ctx, path ? path : "/usr/bin:/bin");
	(void)state;
	/* no command, and none of the usual ones to be found */
	unsetenv("DISPLAY");
	unsetenv("WAYLAND_DISPLAY");
	setenv("PATH", dir, 1);
	pbt_tui_keys(app, "Y");
	setenv("PATH", saved, 1);
	pbt_assert_contains(pbt_tui_message_line(app), "set git config patchbay.copyCommand");
	assert_true(tui_app_message_is_error(app));
	pbt_sh("git config --global patchbay.copyCommand 'cat > %s'", clip);
	pbt_tui_keys(app, "Y");
	pbt_assert_contains(pbt_tui_message_line(app), "copied the Message-ID <escape-v1-1@demo.widgetd.org>");
	assert_string_equal(pbt_read(ctx, clip, NULL), "<escape-v1-1@demo.widgetd.org>");
	pbt_tui_keys(app, "L");
	assert_string_equal(pbt_read(ctx, clip, NULL), "https://lore.kernel.org/r/escape-v1-1@demo.widgetd.org");
	pbt_sh("git config --global patchbay.linkmask 'https://patch.msgid.link/%%s'");
	pbt_tui_keys(app, "j j <Enter> j j j L");
	assert_string_equal(pbt_read(ctx, clip, NULL),
			    talloc_asprintf(ctx, "https://patch.msgid.link/%s", PB_DEMO_MSGID("history", 3, 2)));
	/* a command that fails is said */
	pbt_sh("git config --global patchbay.copyCommand 'exit 4'");
	pbt_tui_keys(app, "Y");
	pbt_assert_contains(pbt_tui_message_line(app), "exit 4 failed (status 4)");
	pbt_sh("git config --global --unset patchbay.copyCommand; git config --global --unset patchbay.linkmask");
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raw_view),
		cmocka_unit_test(test_raw_hostile),
		cmocka_unit_test(test_pipe_series),
		cmocka_unit_test(test_pipe_message),
		cmocka_unit_test(test_save),
		cmocka_unit_test(test_copy),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("tui_export", tests, pbt_tui_setup_demo, pbt_tui_teardown);
}
