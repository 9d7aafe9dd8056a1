/* test_tui_tmux_actions.c: the actions in a real terminal (tmux) on the
 * demo archive (patchbay --demo-dir): acknowledge a patch with the key,
 * edit the reply in the editor (the screen is lent and taken back), send
 * it through a sendmail stand-in that records it, see it in the thread;
 * apply a series with the key into the demo's repository, read the
 * trailers in git log, fail to apply it again without changing anything,
 * undo. Keys go in with send-keys, the screen is polled with deadlines. */
#include "tests/lib/pbtest.h"
#include "tests/lib/pbt_git.h"
#include "tests/lib/pbt_tmux.h"

static void test_ack_edit_send(void **state)
{
	pbt_term_t t = {.ctx = talloc_new(NULL)};
	char *dir, *out = pbt_tmpdir(t.ctx), *sendmail, *editor, *s, *mail, *copy = NULL;
	(void)state;
	/* who I am: git config in the test's HOME; the user's sendmail is not
	 * the demo's: the demo keeps what it sends in DIR/outbox */
	sendmail = pbt_script(t.ctx, out, "sendmail", talloc_asprintf(t.ctx, "cat >'%s/sent'\n", out));
	editor = pbt_script(t.ctx, out, "editor", "printf 'Looks right to me.\\n' >>\"$1\"\n");
	pbt_sh("git config --global sendemail.sendmailCmd '%s' && "
	       "git config --global patchbay.from 'Rita Reviewer <rita@example.org>'", sendmail);
	dir = pbt_tmux_start_demo(&t, talloc_asprintf(t.ctx, "EDITOR='%s'", editor));
	pbt_tmux_wait(&t, " 11 series: 2 new, 2 discussed, 4 acked, 1 incomplete, 1 applied, 1 pull", false);
	/* the history series, v3, patch 2/4 */
	pbt_tmux_keys(&t, "j", "j");
	pbt_tmux_keys(&t, "Enter", "");
	pbt_tmux_wait(&t, "  [-] v3  2024-03-18  4/4  A1 R1 T1  5 replies", false);
	pbt_tmux_keys(&t, "j", "j");
	pbt_tmux_keys(&t, "j", "a");
	s = pbt_tmux_wait(&t, " compose: Re: [PATCH v3 2/4] widget: Keep the last readings", false);
	s = pbt_tmux_wait(&t, "\nAcked-by: Rita Reviewer <rita@example.org>", false);
	pbt_assert_contains(s, "\nFrom: Rita Reviewer <rita@example.org>\nTo: Alex Romero <alex.romero@example.org>\n");
	pbt_assert_contains(s, " Acked-by reply | y:send e:edit P:keep as draft q:cancel");
	/* the editor runs in the terminal and gives it back */
	pbt_tmux_keys(&t, "e", "");
	s = pbt_tmux_wait(&t, "Acked-by: Rita Reviewer <rita@example.org>\nLooks right to me.\n", false);
	pbt_assert_contains(s, " compose: Re: [PATCH v3 2/4]");
	/* send: kept in the demo's outbox (never the user's sendmail), filed
	 * as sent */
	pbt_tmux_keys(&t, "y", "");
	s = pbt_tmux_wait(&t, "Acked-by reply sent to Alex Romero <alex.romero@example.org>; the copy is", false);
	pbt_sh("test ! -e '%s/sent'", out);
	assert_int_equal(pbt_count_files(t.ctx, talloc_asprintf(t.ctx, "%s/outbox", dir), "*.eml", &copy), 1);
	mail = pbt_read(t.ctx, copy, NULL);
	copy = NULL;
	pbt_assert_contains(mail, "In-Reply-To: <history-v3-2@demo.widgetd.org>\n");
	pbt_assert_contains(mail, "\nAcked-by: Rita Reviewer <rita@example.org>\nLooks right to me.\n");
	assert_int_equal(pbt_count_files(t.ctx, talloc_asprintf(t.ctx, "%s/mail/Sent/cur", dir), "*", &copy), 1);
	pbt_assert_contains(copy, "/mail/Sent/cur/");
	/* the tree counts it; the thread shows it */
	pbt_tmux_wait(&t, "    [+] 2/4 widget: Keep the last readings of every widget  A2 R1  2 replies", false);
	pbt_tmux_keys(&t, "t", "");
	s = pbt_tmux_wait(&t, "\n  Rita Reviewer <rita@example.org>  ", false);
	pbt_assert_contains(s, " thread: [PATCH v3 2/4] widget: Keep the last readings");
	pbt_tmux_wait(&t, "\nAcked-by: Rita Reviewer <rita@example.org>\nLooks right to me.\n", false);
	pbt_tmux_quit(&t, "Q");
	pbt_sh("git config --global --unset sendemail.sendmailCmd && git config --global --unset patchbay.from");
	talloc_free(t.ctx);
}

/* A sendmail that never ends: the screen says "sending…" and counts, the
 * keys still reach patchbay, q stops the command; the reply is kept as a
 * draft and the compose view stays. */
static void test_send_hangs(void **state)
{
	pbt_term_t t = {.ctx = talloc_new(NULL)};
	char *dir, *out = pbt_tmpdir(t.ctx), *sendmail, *s, *copy = NULL;
	(void)state;
	sendmail = pbt_script(t.ctx, out, "sendmail", "cat > /dev/null\nexec sleep 300\n");
	/* the demo's own sendmail made to hang (its repository's config is
	 * the one that counts) */
	dir = talloc_asprintf(t.ctx, "%s/demo", out);
	pbt_sh("'%s' demo-gen '%s' >/dev/null 2>&1 && git -C '%s/repo' config sendemail.sendmailCmd '%s' && "
	       "git config --global patchbay.from 'Rita Reviewer <rita@example.org>'",
	       pbt_patchbay(), dir, dir, sendmail);
	pbt_tmux_start(&t, "", talloc_asprintf(t.ctx, "--demo-dir '%s'", dir));
	pbt_tmux_wait(&t, " 11 series: 2 new, 2 discussed, 4 acked, 1 incomplete, 1 applied, 1 pull", false);
	pbt_tmux_keys(&t, "j", "j");
	pbt_tmux_keys(&t, "Enter", "");
	pbt_tmux_wait(&t, "  [-] v3  2024-03-18  4/4  A1 R1 T1  5 replies", false);
	pbt_tmux_keys(&t, "j", "j");
	pbt_tmux_keys(&t, "j", "a");
	pbt_tmux_wait(&t, "\nAcked-by: Rita Reviewer <rita@example.org>", false);
	pbt_tmux_keys(&t, "y", "");
	s = pbt_tmux_wait(&t, " s (q, Esc or C-g stops it; the draft is kept)", false);
	pbt_assert_contains(s, "sending… ");
	pbt_tmux_keys(&t, "q", "");
	s = pbt_tmux_wait(&t, "not sent: cancelled: ", false);
	pbt_assert_contains(s, " compose: Re: [PATCH v3 2/4]");
	assert_int_equal(pbt_count_files(t.ctx, talloc_asprintf(t.ctx, "%s/mail/Drafts/cur", dir), "*", &copy), 1);
	pbt_assert_contains(pbt_read(t.ctx, copy, NULL), "\nAcked-by: Rita Reviewer <rita@example.org>\n");
	pbt_tmux_quit(&t, "Q");
	pbt_sh("git config --global --unset patchbay.from");
	talloc_free(t.ctx);
}

static void test_apply_fail_undo(void **state)
{
	pbt_term_t t = {.ctx = talloc_new(NULL)};
	char *dir, *repo, *digest, *s;
	const char *argv[] = {"git", "-C", NULL, "rev-parse", "-q", "--verify", "refs/heads/review/h", NULL};
	(void)state;
	dir = pbt_tmux_start_demo(&t, "");
	repo = talloc_asprintf(t.ctx, "%s/repo", dir);
	argv[2] = repo;
	pbt_tmux_wait(&t, " 11 series: 2 new, 2 discussed, 4 acked, 1 incomplete, 1 applied, 1 pull", false);
	pbt_tmux_keys(&t, "j", "j");
	pbt_tmux_keys(&t, "A", "");
	/* (the end of a long name shows) */
	pbt_tmux_wait(&t, " to branch: ", false);
	pbt_tmux_wait(&t, "-readings-v3\n", false);
	pbt_tmux_answer(&t, "review/h");
	s = pbt_tmux_wait(&t, "applied 4 patches of v3 to review/h on base-commit ", false);
	pbt_assert_contains(s, "Branch:     refs/heads/review/h (new)\n");
	/* every commit carries the Acked-by given on the cover; 3/4 its
	 * Tested-by, given three replies deep */
	for (int i = 0; i < 4; i++) {
		char *msg = pbt_git(t.ctx, repo, "log -1 --format=%%B review/h~%d", i);
		char *id = pbt_git(t.ctx, repo, "rev-parse --short=12 review/h~%d", i);
		pbt_assert_contains(msg, "\nAcked-by: Ines Keller <ines.keller@widgetd.org>\n");
		pbt_assert_contains(s, talloc_asprintf(t.ctx, "  [%d] %s  ", 4 - i, id));
	}
	pbt_assert_contains(pbt_git(t.ctx, repo, "log -1 --format=%%B review/h~1"), "\nTested-by: ");
	pbt_assert_contains(pbt_git(t.ctx, repo, "log -1 --format=%%B review/h~2"),
			    "\nReviewed-by: Marek Novak <marek.novak@example.cz>\n");
	/* again onto the same branch: refused, nothing changes */
	digest = pbt_tree_digest(t.ctx, repo);
	pbt_tmux_keys(&t, "q", "A");
	pbt_tmux_wait(&t, " to branch: ", false);
	pbt_tmux_answer(&t, "review/h");
	s = pbt_tmux_wait(&t, "\nNothing was changed: the branches, the work tree and the objects of the", false);
	pbt_assert_contains(s, "branch review/h exists (at ");
	assert_string_equal(pbt_tree_digest(t.ctx, repo), digest);
	/* undo: the branch patchbay made is gone */
	pbt_tmux_keys(&t, "q", "U");
	pbt_tmux_wait(&t, "Undo the apply to branch: review/h", false);
	pbt_tmux_keys(&t, "Enter", "");
	pbt_tmux_wait(&t, "undone: refs/heads/review/h deleted (it was at ", false);
	assert_int_not_equal(pbt_run(t.ctx, NULL, NULL, NULL, argv), 0);
	pbt_tmux_quit(&t, "Q");
	talloc_free(t.ctx);
}

/* A triage session at the keyboard, in a real terminal (80x24, then
 * 200x60): mark two series, set both at once, undo it, look at the saved
 * searches, snooze one, and see the queue order; the tags are notmuch's. */
static void test_triage_session(void **state)
{
	pbt_term_t t = {.ctx = talloc_new(NULL)};
	char *dir, *s;
	(void)state;
	dir = pbt_tmux_start_demo(&t, "");
	pbt_tmux_wait(&t, " 11 series: 2 new, 2 discussed, 4 acked, 1 incomplete, 1 applied, 1 pull", false);
	/* the pull request and the history series */
	pbt_tmux_keys(&t, "j", "t");
	pbt_tmux_keys(&t, "t", "");
	s = pbt_tmux_wait(&t, " 2 marked | 11 series", false);
	pbt_assert_contains(s, "+ net fixes for widgetd");
	pbt_assert_contains(s, "+ widget: Keep a history");
	pbt_tmux_keys(&t, "s", "");
	pbt_tmux_wait(&t, "State of the 2 marked series (- for the mail's):", false);
	pbt_tmux_answer(&t, "deferred");
	pbt_tmux_wait(&t, "state of 2 marked series: deferred, in one change", false);
	/* the pull request; history v3's cover and 4 patches */
	assert_string_equal(pbt_tmux_demo_count(&t, dir, "tag:pb/deferred"), "6\n");
	pbt_tmux_keys(&t, "u", "");
	pbt_tmux_wait(&t, "undo-state: 2 series have the states they had before \"deferred\"", false);
	assert_string_equal(pbt_tmux_demo_count(&t, dir, "tag:pb/deferred"), "0\n");
	pbt_tmux_keys(&t, "C-t", "");
	pbt_tmux_wait(&t, "2 series unmarked", false);
	/* the saved searches, and back */
	pbt_tmux_keys(&t, "y", "");
	s = pbt_tmux_wait(&t, "Search               Series  Query", false);
	pbt_assert_contains(s, "all                      11  *");
	pbt_assert_contains(s, "unread                   11  tag:unread");
	pbt_tmux_keys(&t, "q", "");
	/* snooze the series under the cursor until its next version */
	pbt_tmux_keys(&t, "z", "");
	pbt_tmux_wait(&t, "Snooze until (YYYY-MM-DD, 3d, 2w, next, tag:NAME; - wakes):", false);
	pbt_tmux_answer(&t, "next");
	s = pbt_tmux_wait(&t, "1 series snoozed until the next version", false);
	pbt_assert_contains(s, "snoozed ");
	/* the queue's order */
	for (int k = 0; k < 5; k++)
		pbt_tmux_keys(&t, "o", "");
	pbt_tmux_wait(&t, "sorted by queue (fixes first, then the longest waiting)", false);
	/* at 200x60 the same session has room: who it waits on spelled out,
	 * the whole titles, the marks and the searches */
	pbt_tmux_resize(&t, 200, 60);
	s = pbt_tmux_wait(&t, "widget: Keep a history of recent readings", false);
	pbt_assert_contains(s, " review ");
	pbt_tmux_keys(&t, "t", "");
	pbt_tmux_wait(&t, " 1 marked | 11 series", false);
	pbt_tmux_keys(&t, "y", "");
	s = pbt_tmux_wait(&t, "Search               Series  Query", false);
	pbt_assert_contains(s, "snoozed                   1  tag:pb/snoozed");
	pbt_tmux_keys(&t, "q", "C-t");
	pbt_tmux_wait(&t, "1 series unmarked", false);
	pbt_tmux_quit(&t, "Q");
	talloc_free(t.ctx);
}

/* Mail out of patchbay in a real terminal, at 80x24 then 200x60: the raw
 * view of a patch (h, and back), the series piped to a command that has
 * the terminal (its output stays until Enter), the patch saved, an
 * existing mbox appended to after asking. */
static void test_raw_pipe_save(void **state)
{
	pbt_term_t t = {.ctx = talloc_new(NULL)};
	char *out = pbt_tmpdir(t.ctx), *s, *box = talloc_asprintf(t.ctx, "%s/one.mbox", out), *text;
	(void)state;
	pbt_tmux_start_demo(&t, "");
	pbt_tmux_wait(&t, " 11 series: 2 new, 2 discussed, 4 acked, 1 incomplete, 1 applied, 1 pull", false);
	pbt_tmux_keys(&t, "j", "j");
	pbt_tmux_keys(&t, "Enter", "");
	pbt_tmux_wait(&t, "  [-] v3  2024-03-18  4/4  A1 R1 T1  5 replies", false);
	pbt_tmux_keys(&t, "j", "j");
	pbt_tmux_keys(&t, "j", "h");
	s = pbt_tmux_wait(&t, " raw message <history-v3-2@demo.widgetd.org>", false);
	pbt_assert_contains(s, "\nSubject: [PATCH v3 2/4] widget: Keep the last readings");
	pbt_assert_contains(s, " header lines, ");
	pbt_tmux_keys(&t, "h", "");
	pbt_tmux_wait(&t, "  [-] v3  2024-03-18  4/4  A1 R1 T1  5 replies", false);
	/* the version line: its four patches, to a command with the terminal */
	pbt_tmux_keys(&t, "k", "k");
	pbt_tmux_keys(&t, "k", "|");
	pbt_tmux_wait(&t, "Pipe the 4 patches of v3 to:", false);
	pbt_tmux_answer(&t, "grep -c '^From git@z' ; echo piped-ok");
	/* the typed command, still on the prompt line, shows "piped-ok"
	 * too: wait for what only the finished command leaves */
	s = pbt_tmux_wait(&t, "patchbay: exit status 0; Enter goes back to patchbay", false);
	pbt_assert_contains(s, "\n4\npiped-ok\n");
	pbt_tmux_keys(&t, "Enter", "");
	pbt_tmux_wait(&t, "piped the 4 patches of v3 to grep -c", false);
	/* save the cover; again: asked, appended */
	pbt_tmux_keys(&t, "j", "w");
	pbt_tmux_wait(&t, "Save the message to the mbox:", false);
	pbt_tmux_answer(&t, box);
	pbt_tmux_wait(&t, "saved the message to ", false);
	pbt_tmux_resize(&t, 200, 60);
	pbt_tmux_keys(&t, "w", "");
	pbt_tmux_wait(&t, "Save the message to the mbox:", false);
	pbt_tmux_answer(&t, box);
	pbt_tmux_wait(&t, "one.mbox exists: append the message to it?", false);
	pbt_tmux_keys(&t, "y", "");
	pbt_tmux_wait(&t, "appended the message to ", false);
	text = pbt_read(t.ctx, box, NULL);
	assert_non_null(strstr(text, "From git@z"));
	assert_non_null(strstr(strstr(text, "From git@z") + 1, "From git@z"));
	pbt_assert_contains(text, "Message-ID: <history-v3-0@demo.widgetd.org>");
	pbt_tmux_keys(&t, "h", "");
	s = pbt_tmux_wait(&t, " raw message <history-v3-0@demo.widgetd.org>", false);
	pbt_tmux_keys(&t, "h", "");
	pbt_tmux_quit(&t, "Q");
	talloc_free(t.ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_ack_edit_send, pbt_tmux_teardown),
		cmocka_unit_test_teardown(test_send_hangs, pbt_tmux_teardown),
		cmocka_unit_test_teardown(test_apply_fail_undo, pbt_tmux_teardown),
		cmocka_unit_test_teardown(test_triage_session, pbt_tmux_teardown),
		cmocka_unit_test_teardown(test_raw_pipe_save, pbt_tmux_teardown),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("tui_tmux_actions", tests, NULL, NULL);
}
