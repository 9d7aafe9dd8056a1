/* test_tui_compose.c: the reply keys and the compose view on the demo
 * archive, rendered into cells: the reply as it will go out (headers,
 * the quote, the trailer, all inert), sent through a sendmail stand-in
 * that records what it is given, and what the views show after; a send
 * that fails keeps the draft; closing and quitting ask first; the editor;
 * a draft kept when patchbay must end. */
#include <unistd.h>

#include "tests/lib/pbtest.h"
#include "tests/lib/pbt_git.h"
#include "tests/tui/pbt_tui.h"

/* Acked-by on a patch: the preview, the send, the tag counted, the reply
 * in the thread. */
static void test_ack_send(void **state)
{
	pbt_tui_env_t e;
	char *s, *sent = NULL, *out;
	(void)state;
	pbt_tui_env_new(&e, 30, 100, PBT_TUI_SENDMAIL_GLOBAL);
	pbt_tui_keys(e.app, "j j <Enter> j j j");
	pbt_assert_contains(pbt_tui_screen(e.app),
			    "    [+] 2/4 widget: Keep the last readings of every widget  A1 R1  1 reply\n");
	pbt_tui_keys(e.app, "a");
	s = pbt_tui_screen(e.app);
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
	pbt_assert_contains(pbt_tui_status_line(e.app), " Acked-by reply | y:send e:edit P:keep as draft q:cancel");
	assert_int_equal(pbt_tui_role_of(e.app, "Subject: Re:", 0), TUI_ROLE_MAIL_HEADER);
	assert_int_equal(pbt_tui_role_of(e.app, "> Keep the last readings", 0), TUI_ROLE_QUOTE1);
	assert_int_equal(pbt_tui_role_of(e.app, "Acked-by: Test Maintainer", 0), TUI_ROLE_TRAILER);
	assert_int_equal(pbt_tui_env_sent(&e, NULL), 0);
	/* send: the stand-in gets it, the compose view closes */
	pbt_tui_keys(e.app, "y");
	assert_int_equal(pbt_tui_env_sent(&e, &sent), 1);
	out = pbt_read(e.ctx, sent, NULL);
	pbt_assert_contains(out, "In-Reply-To: <history-v3-2@demo.widgetd.org>\n");
	pbt_assert_contains(out, "Subject: Re: [PATCH v3 2/4] widget: Keep the last readings of every widget\n");
	pbt_assert_contains(out, "\nAcked-by: Test Maintainer <maint@example.org>\n");
	pbt_assert_not_contains(out, "Bcc:");
	pbt_assert_contains(pbt_read(e.ctx, talloc_asprintf(e.ctx, "%s.args", sent), NULL), "-i alex.romero@example.org");
	pbt_assert_contains(pbt_tui_message_line(e.app),
			    "Acked-by reply sent to Alex Romero <alex.romero@example.org>; the copy is in ");
	pbt_assert_contains(tui_app_message_text(e.app), "/mail/Sent/cur/");
	assert_int_equal(pbt_count_files(e.ctx, talloc_asprintf(e.ctx, "%s/Sent/cur", e.mail), "*", NULL), 1);
	/* the tree counts the new Acked-by; the thread shows the reply */
	s = pbt_tui_screen(e.app);
	pbt_assert_contains(s, " series: widget: Keep a history of recent readings");
	pbt_assert_contains(s, "    [+] 2/4 widget: Keep the last readings of every widget  A2 R1  2 replies\n");
	assert_true(tui_cells_at(e.app->cells, pbt_tui_row_with(e.app, "[+] 2/4 widget"), 0)->attr & TUI_A_SELECTED);
	pbt_tui_keys(e.app, "t");
	s = pbt_tui_screen(e.app);
	pbt_assert_contains(s, "\n\n  Test Maintainer <maint@example.org>  ");
	pbt_assert_contains(s, "Acked-by: Test Maintainer <maint@example.org>\n");
	pbt_assert_contains(pbt_tui_status_line(e.app), " message 2/3 |");
	talloc_free(e.ctx);
}

/* Mail text reaches the screen inert; closing and quitting ask first. */
static void test_inert_and_asks(void **state)
{
	pbt_tui_env_t e;
	(void)state;
	pbt_tui_env_new(&e, 24, 80, PBT_TUI_SENDMAIL_GLOBAL);
	pbt_tui_keys(e.app, "<Enter> j R");
	pbt_assert_contains(pbt_tui_screen(e.app),
			    "\nSubject: Re: [PATCH] log: Show ^[[31merrors in red^[[0m on a terminal\n");
	pbt_tui_assert_inert(e.app);
	pbt_assert_contains(pbt_tui_screen(e.app), "\nReviewed-by: Test Maintainer <maint@example.org>\n");
	/* q asks; n keeps it */
	pbt_tui_keys(e.app, "q");
	pbt_assert_contains(pbt_tui_message_line(e.app), "Close and lose the unsent Reviewed-by reply? (y/n)");
	pbt_tui_keys(e.app, "n");
	pbt_assert_contains(pbt_tui_screen(e.app), " compose: Re: [PATCH] log: Show");
	/* Q too, from a view above it */
	pbt_tui_keys(e.app, "? Q");
	pbt_assert_contains(pbt_tui_message_line(e.app), "Quit and lose the unsent Reviewed-by reply? (y/n)");
	pbt_tui_keys(e.app, "x");
	assert_false(tui_app_quitting(e.app));
	pbt_tui_keys(e.app, "q q y");
	pbt_assert_contains(pbt_tui_screen(e.app), " series: log: Show");
	assert_int_equal(pbt_tui_env_sent(&e, NULL), 0);
	assert_int_equal(pbt_count_files(e.ctx, talloc_asprintf(e.ctx, "%s/Drafts/cur", e.mail), "*", NULL), 0);
	pbt_tui_keys(e.app, "Q");
	assert_true(tui_app_quitting(e.app));
	talloc_free(e.ctx);
}

/* M marks patches in the tree: a replies to each marked one, stacked in
 * order; with every patch of the version marked, one reply on the cover;
 * s sets the state of all of them in one change (notmuch sees it). */
static void test_tree_marks(void **state)
{
	pbt_tui_env_t e;
	char *s, *out = NULL, *env;
	(void)state;
	pbt_tui_env_new(&e, 30, 100, PBT_TUI_SENDMAIL_GLOBAL);
	env = talloc_asprintf(e.ctx, "NOTMUCH_CONFIG=%s", e.demo->config_path);
	/* history v3: its cover, then 1/4 .. 4/4 */
	pbt_tui_keys(e.app, "j j <Enter> M");
	pbt_assert_contains(pbt_tui_message_line(e.app), "the tree marks patches: put the cursor on one");
	pbt_tui_keys(e.app, "j j j M M");
	pbt_assert_contains(pbt_tui_message_line(e.app), "2 patches marked: ack, review, test and set-state act on each");
	s = pbt_tui_screen(e.app);
	pbt_assert_contains(s, "2/4 + widget: Keep the last readings");
	pbt_assert_contains(s, "3/4 + proto: Add the history command");
	pbt_assert_not_contains(s, "1/4 +");
	pbt_assert_contains(pbt_tui_status_line(e.app), " 2 marked | 3 versions");
	/* a: one reply each, 2/4's on top */
	pbt_tui_keys(e.app, "a");
	pbt_assert_contains(pbt_tui_message_line(e.app), "2 replies to write, one after the other: send or drop each");
	pbt_assert_contains(pbt_tui_screen(e.app), " compose: Re: [PATCH v3 2/4] widget: Keep the last readings");
	pbt_tui_keys(e.app, "q y");
	pbt_assert_contains(pbt_tui_screen(e.app), " compose: Re: [PATCH v3 3/4] proto: Add the history command");
	pbt_tui_keys(e.app, "q y");
	pbt_assert_contains(pbt_tui_screen(e.app), " series: widget: Keep a history of recent readings");
	/* the other two too: every patch marked, one ack on the cover */
	pbt_tui_keys(e.app, "k k k M j j M");
	pbt_assert_contains(pbt_tui_message_line(e.app), "4 patches marked");
	pbt_tui_keys(e.app, "a");
	pbt_assert_contains(pbt_tui_message_line(e.app), "1 reply to write, one after the other (every patch of a "
							 "version marked: on its cover)");
	pbt_assert_contains(pbt_tui_screen(e.app), " compose: Re: [PATCH v3 0/4] ");
	pbt_tui_keys(e.app, "q y");
	/* s: the state of the four, each its own, in one change */
	pbt_tui_keys(e.app, "s");
	pbt_assert_contains(pbt_tui_message_line(e.app), "State of the 4 marked patches (- for the mail's):");
	pbt_tui_type(e.app, "changes-requested");
	pbt_assert_contains(tui_app_message_text(e.app), "state of 4 marked patches: changes-requested, in one change");
	{
		const char *a[] = {"env", env, "notmuch", "count", "tag:pb/patch/changes-requested", NULL};
		assert_int_equal(pbt_run(e.ctx, &out, NULL, NULL, a), 0);
		assert_string_equal(out, "4\n");
	}
	/* the marks outlive the refresh the change made; C-t drops them */
	pbt_assert_contains(pbt_tui_screen(e.app), "4/4 + ");
	pbt_tui_keys(e.app, "C-t");
	pbt_assert_contains(pbt_tui_message_line(e.app), "4 patches unmarked");
	s = pbt_tui_screen(e.app);
	pbt_assert_not_contains(s, "1/4 +");
	pbt_assert_not_contains(s, "2/4 +");
	pbt_assert_not_contains(s, "4/4 +");
	assert_int_equal(pbt_tui_env_sent(&e, NULL), 0);
	talloc_free(e.ctx);
}

/* A send that fails keeps the draft and says where; a draft says nothing
 * (no Tested-by counted); P keeps one on purpose. */
static void test_failed_send_keeps_draft(void **state)
{
	pbt_tui_env_t e;
	char *draft = NULL;
	(void)state;
	pbt_tui_env_new(&e, 30, 100, PBT_TUI_SENDMAIL_GLOBAL);
	pbt_sh("touch '%s/fail'", e.dir);
	pbt_tui_keys(e.app, "j j <Enter> j j j j T y");
	pbt_assert_contains(pbt_tui_message_line(e.app), "not sent: ");
	pbt_assert_contains(tui_app_message_text(e.app), "failed (exit 75): relay refused: no route; the reply is kept as a draft in ");
	pbt_assert_contains(tui_app_message_text(e.app), "/mail/Drafts/cur/");
	pbt_assert_contains(pbt_tui_screen(e.app), " compose: Re: [PATCH v3 3/4] proto: Add the history command");
	pbt_assert_contains(pbt_tui_status_line(e.app), " Tested-by reply (kept as a draft) |");
	assert_int_equal(pbt_count_files(e.ctx, talloc_asprintf(e.ctx, "%s/Drafts/cur", e.mail), "*", &draft), 1);
	pbt_assert_contains(pbt_read(e.ctx, draft, NULL), "\nTested-by: Test Maintainer <maint@example.org>\n");
	/* the message wraps: the draft's whole path is on the screen (issue
	 * 11, bug 7: cut at the width, "…/mail/Draf") */
	assert_true(tui_app_message_rows(e.app) > 1);
	pbt_assert_contains(pbt_tui_message_line(e.app), draft);
	pbt_assert_contains(pbt_tui_screen(e.app), strrchr(draft, '/') + 1);
	/* it is on disk: q closes at once */
	pbt_tui_keys(e.app, "q");
	pbt_assert_contains(pbt_tui_message_line(e.app), "closed; the draft stays in ");
	pbt_assert_contains(pbt_tui_screen(e.app), "    [+] 3/4 proto: Add the history command  A1 T1  4 replies\n");
	/* P keeps one */
	pbt_sh("rm '%s/fail'", e.dir);
	pbt_tui_keys(e.app, "k k k a P");
	pbt_assert_contains(pbt_tui_message_line(e.app), "kept as a draft in ");
	assert_int_equal(pbt_count_files(e.ctx, talloc_asprintf(e.ctx, "%s/Drafts/cur", e.mail), "*", NULL), 2);
	assert_int_equal(pbt_tui_env_sent(&e, NULL), 0);
	talloc_free(e.ctx);
}

/* git config is read again when a reply is sent: a sendmail command set
 * while patchbay runs is the one used (issue 11, bug 11: read once at
 * start, the new one was not seen). */
static void test_config_read_at_send(void **state)
{
	pbt_tui_env_t e;
	char *later;
	(void)state;
	pbt_tui_env_new(&e, 30, 100, PBT_TUI_SENDMAIL_REPO);
	later = pbt_script(e.ctx, e.dir, "later", talloc_asprintf(e.ctx, "cat > '%s/later.eml'\n", e.dir));
	pbt_sh("git -C '%s' config sendemail.sendmailCmd '%s'", e.repo, later);
	pbt_tui_keys(e.app, "j j <Enter> j j j a y");
	pbt_assert_contains(pbt_tui_message_line(e.app), "Acked-by reply sent to Alex Romero");
	assert_int_equal(pbt_tui_env_sent(&e, NULL), 0);
	pbt_assert_contains(pbt_read(e.ctx, talloc_asprintf(e.ctx, "%s/later.eml", e.dir), NULL),
			    "In-Reply-To: <history-v3-2@demo.widgetd.org>\n");
	talloc_free(e.ctx);
}

/* r writes a free reply in the editor at once; e edits again; an editor
 * that fails leaves the reply as it was. */
static void test_editor(void **state)
{
	pbt_tui_env_t e;
	char *editor, *sent = NULL;
	(void)state;
	pbt_tui_env_new(&e, 30, 100, PBT_TUI_SENDMAIL_GLOBAL);
	editor = pbt_script(e.ctx, e.dir, "editor", "printf 'Works on my board.\\n' >>\"$1\"\n");
	setenv("EDITOR", editor, 1);
	pbt_tui_keys(e.app, "j j <Enter> <End> r");
	pbt_assert_contains(pbt_tui_screen(e.app),
			    " compose: Re: [PATCH v3 4/4] README: Document the history of readings");
	pbt_tui_keys(e.app, "<End>");
	pbt_assert_contains(pbt_tui_screen(e.app), "\nWorks on my board.\n");
	pbt_assert_contains(pbt_tui_status_line(e.app), " reply |");
	pbt_tui_keys(e.app, "e <End>");
	pbt_assert_contains(pbt_tui_screen(e.app), "\nWorks on my board.\nWorks on my board.\n");
	setenv("EDITOR", "false", 1);
	pbt_tui_keys(e.app, "e");
	pbt_assert_contains(pbt_tui_message_line(e.app),
			    "the editor (false) failed (status 1); the draft is unchanged");
	pbt_tui_keys(e.app, "<End>");
	pbt_assert_contains(pbt_tui_screen(e.app), "\nWorks on my board.\nWorks on my board.\n");
	unsetenv("EDITOR");
	pbt_tui_keys(e.app, "y");
	assert_int_equal(pbt_tui_env_sent(&e, &sent), 1);
	pbt_assert_contains(pbt_read(e.ctx, sent, NULL), "\nWorks on my board.\nWorks on my board.\n");
	/* a free reply left as it was offered is no reply (mutt: "Aborted
	 * unmodified message"), nor one whose editor failed (issue 11, bug 9) */
	setenv("EDITOR", "true", 1);
	pbt_tui_keys(e.app, "r");
	pbt_assert_contains(pbt_tui_message_line(e.app), "no reply: the message was not changed in the editor");
	pbt_assert_not_contains(pbt_tui_screen(e.app), " compose: ");
	setenv("EDITOR", "false", 1);
	pbt_tui_keys(e.app, "r");
	pbt_assert_contains(pbt_tui_message_line(e.app), "no reply: the editor (false) failed");
	pbt_assert_not_contains(pbt_tui_screen(e.app), " compose: ");
	unsetenv("EDITOR");
	assert_int_equal(pbt_tui_env_sent(&e, NULL), 1);
	assert_int_equal(pbt_count_files(e.ctx, talloc_asprintf(e.ctx, "%s/Drafts/cur", e.mail), "*", NULL), 0);
	talloc_free(e.ctx);
}

/* Patchbay must end (the terminal went away): the reply is kept. */
static void test_rescue(void **state)
{
	pbt_tui_env_t e;
	char *draft = NULL;
	(void)state;
	pbt_tui_env_new(&e, 24, 80, PBT_TUI_SENDMAIL_GLOBAL);
	pbt_tui_keys(e.app, "j j <Enter> j a");
	tui_app_rescue(e.app);
	assert_int_equal(pbt_count_files(e.ctx, talloc_asprintf(e.ctx, "%s/Drafts/cur", e.mail), "*", &draft), 1);
	pbt_assert_contains(pbt_read(e.ctx, draft, NULL), "Subject: Re: [PATCH v3 0/4] widget: Keep a history");
	talloc_free(e.ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ack_send),
		cmocka_unit_test(test_tree_marks),
		cmocka_unit_test(test_inert_and_asks),
		cmocka_unit_test(test_failed_send_keeps_draft),
		cmocka_unit_test(test_config_read_at_send),
		cmocka_unit_test(test_editor),
		cmocka_unit_test(test_rescue),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("tui_compose", tests, NULL, NULL);
}
