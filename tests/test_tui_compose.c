/* test_tui_compose.c: the reply keys and the compose view on the demo
 * archive, rendered into cells: the reply as it will go out (headers,
 * the quote, the trailer, all inert), sent through a sendmail stand-in
 * that records what it is given, and what the views show after; a send
 * that fails keeps the draft; closing and quitting ask first; the editor;
 * a draft kept when patchbay must end. */
#include <dirent.h>
#include <unistd.h>

#include "tests/lib/pbtest.h"
#include "tests/lib/pbt_git.h"
#include "patchbay/demo.h"
#include "tui/app.h"

#define DEMO_NOW 1711929600LL

struct env {
	void *ctx;
	char *dir;     /* the stand-in's folder: out/ gets what it was given */
	char *mail;    /* the demo's maildir root */
	tui_app_t *app;
};

/* A fresh demo archive (sending changes it) and an app with git config
 * that sends through the recording stand-in. */
static void env_new(struct env *e, int rows, int cols)
{
	pb_demo_opts_t o = {0};
	pb_demo_result_t *d;
	pb_error_t err = {0};
	tui_app_opts_t ao = {.rows = rows, .cols = cols, .now = DEMO_NOW};
	char *script;
	e->ctx = talloc_new(NULL);
	e->dir = pbt_tmpdir(e->ctx);
	o.dir = talloc_asprintf(e->ctx, "%s/demo", e->dir);
	assert_int_equal(pb_demo_generate(e->ctx, &d, &o, &err), PB_OK);
	e->mail = talloc_asprintf(e->ctx, "%s/mail", o.dir);
	pbt_sh("mkdir -p '%s/out'", e->dir);
	script = pbt_script(e->ctx, e->dir, "sendmail",
			    talloc_asprintf(e->ctx,
					    "if [ -e '%s/fail' ]; then cat >/dev/null; echo 'relay refused: no route' >&2; exit 75; fi\n"
					    "f=$(mktemp '%s/out/mail.XXXXXX')\ncat >\"$f\"\necho \"$@\" >\"$f.args\"\n",
					    e->dir, e->dir));
	pbt_sh("git config --global sendemail.sendmailCmd '%s'", script);
	assert_int_equal(pb_conf_open(e->ctx, &ao.conf, "", &err), PB_OK);
	pbt_sh("git config --global --unset sendemail.sendmailCmd");
	assert_int_equal(tui_app_new(e->ctx, &e->app, &ao), PB_OK);
	tui_app_set_index(e->app, pbt_index(e->ctx, d->db_path, NULL));
}

static char *screen(tui_app_t *app)
{
	tui_app_render(app);
	return tui_cells_dump(app, app->cells);
}

static void keys(tui_app_t *app, const char *spec)
{
	char *s = talloc_strdup(NULL, spec), *save = NULL;
	for (char *k = strtok_r(s, " ", &save); k; k = strtok_r(NULL, " ", &save)) {
		int key = tui_key_parse(k);
		assert_true(key >= 0);
		tui_app_render(app);
		tui_app_key(app, key);
	}
	talloc_free(s);
}

static int row_with(tui_app_t *app, const char *text)
{
	tui_app_render(app);
	for (int r = 0; r < app->cells->rows; r++)
		if (tui_cells_find(app->cells, r, text) >= 0)
			return r;
	fail_msg("no row shows \"%s\":\n%s", text, tui_cells_dump(app, app->cells));
	return -1;
}

static tui_role_t role_of(tui_app_t *app, const char *text, int off)
{
	int r = row_with(app, text);
	return (tui_role_t)tui_cells_at(app->cells, r, tui_cells_find(app->cells, r, text) + off)->role;
}

static char *line(tui_app_t *app, int from_bottom)
{
	tui_app_render(app);
	return tui_cells_row_text(app, app->cells, app->rows - from_bottom);
}

/* Files in DIR whose name starts with PREFIX; the last one in *last. */
static int count_files(void *ctx, const char *dir, const char *prefix, char **last)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;
	if (!d)
		return 0;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && strncmp(de->d_name, prefix, strlen(prefix)) == 0 &&
		    !strstr(de->d_name, ".args")) {
			n++;
			if (last)
				*last = talloc_asprintf(ctx, "%s/%s", dir, de->d_name);
		}
	closedir(d);
	return n;
}

/* Acked-by on a patch: the preview, the send, the tag counted, the reply
 * in the thread. */
static void test_ack_send(void **state)
{
	struct env e;
	char *s, *sent = NULL, *out;
	(void)state;
	env_new(&e, 30, 100);
	keys(e.app, "j j <Enter> j j j");
	pbt_assert_contains(screen(e.app), "    [+] 2/4 widget: Keep the last readings of every widget  A1 R1  1 reply\n");
	keys(e.app, "a");
	s = screen(e.app);
	pbt_assert_contains(s, " compose: Re: [PATCH v3 2/4] widget: Keep the last readings of every widget");
	pbt_assert_contains(s, "\nFrom: Test Maintainer <maint@example.org>\n"
			       "To: Alex Romero <alex.romero@example.org>\n"
			       "Cc: devel@lists.example.org, Ines Keller <ines.keller@widgetd.org>, Marek Novak\n"
			       "    <marek.novak@example.cz>\n"
			       "Subject: Re: [PATCH v3 2/4] widget: Keep the last readings of every widget\n"
			       "In-Reply-To: <history-v3-2@demo.widgetd.org>\n"
			       "\n"
			       "On Mon, 18 Mar 2024 11:00:02 -0300, Alex Romero wrote:\n"
			       "> Keep the last readings of every widget in a ring buffer, filled by\n");
	pbt_assert_contains(s, "> Signed-off-by: Alex Romero <alex.romero@example.org>\n\n"
			       "Acked-by: Test Maintainer <maint@example.org>\n");
	pbt_assert_contains(line(e.app, 2), " Acked-by reply | y:send e:edit P:keep as draft q:cancel");
	assert_int_equal(role_of(e.app, "Subject: Re:", 0), TUI_ROLE_MAIL_HEADER);
	assert_int_equal(role_of(e.app, "> Keep the last readings", 0), TUI_ROLE_QUOTE1);
	assert_int_equal(role_of(e.app, "Acked-by: Test Maintainer", 0), TUI_ROLE_TRAILER);
	assert_int_equal(count_files(e.ctx, talloc_asprintf(e.ctx, "%s/out", e.dir), "mail.", NULL), 0);
	/* send: the stand-in gets it, the compose view closes */
	keys(e.app, "y");
	assert_int_equal(count_files(e.ctx, talloc_asprintf(e.ctx, "%s/out", e.dir), "mail.", &sent), 1);
	out = pbt_read(e.ctx, sent, NULL);
	pbt_assert_contains(out, "In-Reply-To: <history-v3-2@demo.widgetd.org>\n");
	pbt_assert_contains(out, "Subject: Re: [PATCH v3 2/4] widget: Keep the last readings of every widget\n");
	pbt_assert_contains(out, "\nAcked-by: Test Maintainer <maint@example.org>\n");
	pbt_assert_not_contains(out, "Bcc:");
	pbt_assert_contains(pbt_read(e.ctx, talloc_asprintf(e.ctx, "%s.args", sent), NULL), "-i alex.romero@example.org");
	pbt_assert_contains(line(e.app, 1), "Acked-by reply sent to Alex Romero <alex.romero@example.org>; the copy is in ");
	pbt_assert_contains(e.app->message, "/mail/Sent/cur/");
	assert_int_equal(count_files(e.ctx, talloc_asprintf(e.ctx, "%s/Sent/cur", e.mail), "", NULL), 1);
	/* the tree counts the new Acked-by; the thread shows the reply */
	s = screen(e.app);
	pbt_assert_contains(s, " series: widget: Keep a history of recent readings");
	pbt_assert_contains(s, "    [+] 2/4 widget: Keep the last readings of every widget  A2 R1  2 replies\n");
	assert_true(tui_cells_at(e.app->cells, row_with(e.app, "[+] 2/4 widget"), 0)->attr & TUI_A_SELECTED);
	keys(e.app, "t");
	s = screen(e.app);
	pbt_assert_contains(s, "\n\nTest Maintainer <maint@example.org>  ");
	pbt_assert_contains(s, "Acked-by: Test Maintainer <maint@example.org>\n");
	pbt_assert_contains(line(e.app, 2), " message 1/2 |");
	talloc_free(e.ctx);
}

/* Mail text reaches the screen inert; closing and quitting ask first. */
static void test_inert_and_asks(void **state)
{
	struct env e;
	(void)state;
	env_new(&e, 24, 80);
	keys(e.app, "<Enter> j R");
	pbt_assert_contains(screen(e.app), "\nSubject: Re: [PATCH] log: Show ^[[31merrors in red^[[0m on a terminal\n");
	for (int r = 0; r < e.app->cells->rows; r++)
		for (int c = 0; c < e.app->cells->cols; c++)
			for (const char *p = tui_cells_at(e.app->cells, r, c)->ch; *p; p++)
				assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
	pbt_assert_contains(screen(e.app), "\nReviewed-by: Test Maintainer <maint@example.org>\n");
	/* q asks; n keeps it */
	keys(e.app, "q");
	pbt_assert_contains(line(e.app, 1), "Close and lose the unsent Reviewed-by reply? (y/n)");
	keys(e.app, "n");
	pbt_assert_contains(screen(e.app), " compose: Re: [PATCH] log: Show");
	/* Q too, from a view above it */
	keys(e.app, "? Q");
	pbt_assert_contains(line(e.app, 1), "Quit and lose the unsent Reviewed-by reply? (y/n)");
	keys(e.app, "x");
	assert_false(e.app->quit);
	keys(e.app, "q q y");
	pbt_assert_contains(screen(e.app), " series: log: Show");
	assert_int_equal(count_files(e.ctx, talloc_asprintf(e.ctx, "%s/out", e.dir), "mail.", NULL), 0);
	assert_int_equal(count_files(e.ctx, talloc_asprintf(e.ctx, "%s/Drafts/cur", e.mail), "", NULL), 0);
	keys(e.app, "Q");
	assert_true(e.app->quit);
	talloc_free(e.ctx);
}

/* A send that fails keeps the draft and says where; a draft says nothing
 * (no Tested-by counted); P keeps one on purpose. */
static void test_failed_send_keeps_draft(void **state)
{
	struct env e;
	char *draft = NULL;
	(void)state;
	env_new(&e, 30, 100);
	pbt_sh("touch '%s/fail'", e.dir);
	keys(e.app, "j j <Enter> j j j j T y");
	pbt_assert_contains(line(e.app, 1), "not sent: ");
	pbt_assert_contains(e.app->message, "failed (exit 75): relay refused: no route; the reply is kept as a draft in ");
	pbt_assert_contains(e.app->message, "/mail/Drafts/cur/");
	pbt_assert_contains(screen(e.app), " compose: Re: [PATCH v3 3/4] proto: Add the history command");
	pbt_assert_contains(line(e.app, 2), " Tested-by reply (kept as a draft) |");
	assert_int_equal(count_files(e.ctx, talloc_asprintf(e.ctx, "%s/Drafts/cur", e.mail), "", &draft), 1);
	pbt_assert_contains(pbt_read(e.ctx, draft, NULL), "\nTested-by: Test Maintainer <maint@example.org>\n");
	/* it is on disk: q closes at once */
	keys(e.app, "q");
	pbt_assert_contains(line(e.app, 1), "closed; the draft stays in ");
	pbt_assert_contains(screen(e.app), "    [+] 3/4 proto: Add the history command  A1 T1  4 replies\n");
	/* P keeps one */
	pbt_sh("rm '%s/fail'", e.dir);
	keys(e.app, "k k k a P");
	pbt_assert_contains(line(e.app, 1), "kept as a draft in ");
	assert_int_equal(count_files(e.ctx, talloc_asprintf(e.ctx, "%s/Drafts/cur", e.mail), "", NULL), 2);
	assert_int_equal(count_files(e.ctx, talloc_asprintf(e.ctx, "%s/out", e.dir), "mail.", NULL), 0);
	talloc_free(e.ctx);
}

/* r writes a free reply in the editor at once; e edits again; an editor
 * that fails leaves the reply as it was. */
static void test_editor(void **state)
{
	struct env e;
	char *editor, *sent = NULL;
	(void)state;
	env_new(&e, 30, 100);
	editor = pbt_script(e.ctx, e.dir, "editor", "printf 'Works on my board.\\n' >>\"$1\"\n");
	setenv("EDITOR", editor, 1);
	keys(e.app, "j j <Enter> <End> r");
	pbt_assert_contains(screen(e.app), " compose: Re: [PATCH v3 4/4] README: Document the history of readings");
	keys(e.app, "<End>");
	pbt_assert_contains(screen(e.app), "\nWorks on my board.\n");
	pbt_assert_contains(line(e.app, 2), " reply |");
	keys(e.app, "e <End>");
	pbt_assert_contains(screen(e.app), "\nWorks on my board.\nWorks on my board.\n");
	setenv("EDITOR", "false", 1);
	keys(e.app, "e");
	pbt_assert_contains(line(e.app, 1), "the editor (false) failed (status 1); the draft is unchanged");
	keys(e.app, "<End>");
	pbt_assert_contains(screen(e.app), "\nWorks on my board.\nWorks on my board.\n");
	unsetenv("EDITOR");
	keys(e.app, "y");
	assert_int_equal(count_files(e.ctx, talloc_asprintf(e.ctx, "%s/out", e.dir), "mail.", &sent), 1);
	pbt_assert_contains(pbt_read(e.ctx, sent, NULL), "\nWorks on my board.\nWorks on my board.\n");
	talloc_free(e.ctx);
}

/* Patchbay must end (the terminal went away): the reply is kept. */
static void test_rescue(void **state)
{
	struct env e;
	char *draft = NULL;
	(void)state;
	env_new(&e, 24, 80);
	keys(e.app, "j j <Enter> j a");
	tui_app_rescue(e.app);
	assert_int_equal(count_files(e.ctx, talloc_asprintf(e.ctx, "%s/Drafts/cur", e.mail), "", &draft), 1);
	pbt_assert_contains(pbt_read(e.ctx, draft, NULL), "Subject: Re: [PATCH v3 0/4] widget: Keep a history");
	talloc_free(e.ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ack_send),
		cmocka_unit_test(test_inert_and_asks),
		cmocka_unit_test(test_failed_send_keeps_draft),
		cmocka_unit_test(test_editor),
		cmocka_unit_test(test_rescue),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("tui_compose", tests, NULL, NULL);
}
