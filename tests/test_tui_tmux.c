/* test_tui_tmux.c: patchbay in a real terminal (tmux) on a real notmuch
 * database: open, move, expand, open a patch, see the coloured diff, open
 * help, resize, quit. Keys go in with send-keys; the screen comes back
 * with capture-pane, polled until the expected text shows (no sleeps). */
#include "tests/lib/pbtest.h"
#include "tests/lib/pbfixture.h"
#include "tests/lib/pbt_tmux.h"

/* patchbay on a database of the triage archive; returns its path. */
static char *start(pbt_term_t *t, const char *env)
{
	char *db = pbt_notmuch_db1(t->ctx, pbt_fixture_triage(t->ctx));
	pbt_tmux_start(t, env, talloc_asprintf(t->ctx, "--db '%s' --cache-dir '%s'", db, pbt_tmpdir(t->ctx)));
	return db;
}

/* What capture-pane -e says is in effect where TEXT starts in S. */
struct sgr {
	int fg, bg; /* -1: default */
	bool bold, dim, underline, reverse;
};

/* ... where TEXT first starts after ANCHOR */
static struct sgr sgr_after(const char *s, const char *anchor, const char *text)
{
	struct sgr st = {-1, -1, false, false, false, false};
	const char *a = strstr(s, anchor), *target;
	if (!a)
		fail_msg("no \"%s\" in\n%s", anchor, s);
	target = strstr(a, text);
	assert_non_null(target);
	for (const char *p = s; p < target; p++) {
		if (*p == '\n') {
			/* capture-pane -e starts each line from where the last left */
			continue;
		}
		if (p[0] != '\033' || p[1] != '[')
			continue;
		for (p += 2;;) {
			char *e;
			long n = strtol(p, &e, 10);
			if (e == p)
				n = 0;
			if (n == 0)
				st = (struct sgr){-1, -1, false, false, false, false};
			else if (n == 1)
				st.bold = true;
			else if (n == 2)
				st.dim = true;
			else if (n == 4)
				st.underline = true;
			else if (n == 7)
				st.reverse = true;
			else if (n == 22)
				st.bold = st.dim = false;
			else if (n == 27)
				st.reverse = false;
			else if (n >= 30 && n <= 37)
				st.fg = (int)n - 30;
			else if (n == 39)
				st.fg = -1;
			else if (n >= 40 && n <= 47)
				st.bg = (int)n - 40;
			else if (n == 49)
				st.bg = -1;
			p = e;
			if (*p == ';') {
				p++;
				continue;
			}
			break;
		}
	}
	return st;
}

static struct sgr sgr_at(const char *s, const char *text)
{
	return sgr_after(s, text, text);
}

static void test_session(void **state)
{
	pbt_term_t t = {.ctx = talloc_new(NULL)};
	char *s;
	(void)state;
	start(&t, "");
	/* open: the triage list */
	s = pbt_tmux_wait(&t, " 4 series: 1 new, 1 reviewed, 1 incomplete, 1 applied", false);
	pbt_assert_contains(s, "new        v1  1/1 --- ok ");
	pbt_assert_contains(s, "x86: ^[[31mFix^[[0m early console\n");
	/* move to a series and open its tree */
	pbt_tmux_keys(&t, "j", "Enter");
	pbt_tmux_wait(&t, "    [+] 1/3 dt-bindings: pwm: Add foo  R1  1 reply", false);
	/* expand v1 */
	pbt_tmux_keys(&t, "k", "Space");
	pbt_tmux_wait(&t, "  [-] v1  2024-03-01  2/2  A0 R0 T0  1 reply\n        0/2 pwm: foo:", false);
	/* another series, a patch, and its coloured diff */
	pbt_tmux_keys(&t, "q", "j");
	pbt_tmux_keys(&t, "Enter", "j");
	pbt_tmux_keys(&t, "j", "Enter");
	pbt_tmux_wait(&t, " patch 1/2 of v3 | 2 replies", false);
	pbt_tmux_keys(&t, "]", "");
	s = pbt_tmux_wait(&t, " patch 1/2 of v3 | 2 replies | file 1/2", true);
	/* added lines green, removed red, the hunk header cyan, the trailing
	 * blanks on a red background */
	assert_int_equal(sgr_at(s, "+       int slot;").fg, 2);
	assert_int_equal(sgr_at(s, "-       int slot = b->next++;").fg, 1);
	assert_int_equal(sgr_at(s, "@@ -10,4 +10,6 @@").fg, 6);
	assert_int_equal(sgr_at(s, " return slot;").fg, -1);
	assert_int_equal(sgr_at(s, "spin_lock(&b->lock);").fg, 2);
	assert_int_equal(sgr_at(s, "spin_lock(&b->lock);").bg, -1);
	assert_int_equal(sgr_after(s, "spin_lock(&b->lock);", "   ").bg, 1);
	/* help, from the action table */
	pbt_tmux_keys(&t, "?", "");
	s = pbt_tmux_wait(&t, "Keys of the patch view (keymap section \"patch\")", false);
	pbt_assert_contains(s, "next-hunk     Go to the next hunk of the diff");
	/* resize, and back to 80x24 */
	pbt_tmux_resize(&t, 100, 30);
	/* the title bar ends at the new width: "?:help " ends the 100 columns */
	s = pbt_tmux_wait(&t, talloc_asprintf(t.ctx, " help%*s?:help\n", 100 - 5 - 7, ""), false);
	pbt_assert_contains(s, "\nKeys of every view (section \"generic\")\n");
	pbt_tmux_resize(&t, 80, 24);
	s = pbt_tmux_wait(&t, " help                                                                    ?:help\n", false);
	/* quit: the program ends well and gives the terminal back */
	s = pbt_tmux_quit(&t, "Q");
	pbt_assert_not_contains(s, "?:help");
	talloc_free(t.ctx);
}

/* NO_COLOR: no colour at all, the roles told apart by attributes. */
static void test_no_color(void **state)
{
	pbt_term_t t = {.ctx = talloc_new(NULL)};
	char *s;
	(void)state;
	start(&t, "NO_COLOR=1");
	pbt_tmux_wait(&t, " 4 series:", false);
	pbt_tmux_keys(&t, "j", "j");
	pbt_tmux_keys(&t, "Enter", "j");
	pbt_tmux_keys(&t, "j", "Enter");
	pbt_tmux_wait(&t, " patch 1/2 of v3", false);
	pbt_tmux_keys(&t, "]", "");
	s = pbt_tmux_wait(&t, "| file 1/2", true);
	/* no foreground or background colour but the default (39, 49) */
	for (int c = 30; c <= 47; c++) {
		char sgr[8];
		if (c == 38 || c == 39)
			continue;
		snprintf(sgr, sizeof(sgr), "\033[%dm", c);
		pbt_assert_not_contains(s, sgr);
	}
	/* added lines bold, removed dim, whitespace errors reversed */
	assert_true(sgr_at(s, "+       int slot;").bold);
	assert_true(sgr_at(s, "-       int slot = b->next++;").dim);
	assert_true(sgr_after(s, "spin_lock(&b->lock);", "   ").reverse);
	assert_false(sgr_at(s, "spin_lock(&b->lock);").reverse);
	pbt_tmux_quit(&t, "Q");
	talloc_free(t.ctx);
}

/* New mail, then the refresh key: the list shows it. */
static void test_refresh(void **state)
{
	pbt_term_t t = {.ctx = talloc_new(NULL)};
	char *db, *m = NULL, *s;
	(void)state;
	db = start(&t, "");
	pbt_tmux_wait(&t, " 4 series:", false);
	pbt_mbox_add(t.ctx, &m, "Nia New <nia@example.org>", "Thu, 14 Mar 2024 10:00:00 +0000", "new-1@example.org",
		     NULL, NULL, "[PATCH] mm: Add a fresh patch",
		     "Signed-off-by: Nia New <nia@example.org>\n---\n mm/x.c | 1 +\n\n"
		     "diff --git a/mm/x.c b/mm/x.c\nindex 1111111..2222222 100644\n--- a/mm/x.c\n+++ b/mm/x.c\n"
		     "@@ -1 +1,2 @@\n int x;\n+int y;\n");
	pbt_notmuch_add(db, pbt_write_temp(t.ctx, "new.mbox", m));
	pbt_tmux_keys(&t, "$", "");
	pbt_tmux_wait(&t, " 5 series: 2 new, 1 reviewed, 1 incomplete, 1 applied", false);
	s = pbt_tmux_capture(&t, false);
	pbt_assert_contains(s, " Nia New ");
	pbt_assert_contains(s, " mm: Add a fresh patch\n");
	pbt_tmux_quit(&t, "Q");
	talloc_free(t.ctx);
}

/* Under -f, refresh reads the file again when it changed (issue 11, bug
 * 4: it did nothing; a restart showed the new reply). */
static void test_refresh_file(void **state)
{
	pbt_term_t t = {.ctx = talloc_new(NULL)};
	char *m = NULL, *s, *file;
	(void)state;
	pbt_mbox_add(t.ctx, &m, "Ann Author <ann@example.org>", "Thu, 14 Mar 2024 10:00:00 +0000", "one-1@example.org",
		     NULL, NULL, "[PATCH] mm: Add a first patch",
		     "Signed-off-by: Ann Author <ann@example.org>\n---\n mm/x.c | 1 +\n\n"
		     "diff --git a/mm/x.c b/mm/x.c\nindex 1111111..2222222 100644\n--- a/mm/x.c\n+++ b/mm/x.c\n"
		     "@@ -1 +1,2 @@\n int x;\n+int y;\n");
	file = pbt_write_temp(t.ctx, "f.mbox", m);
	pbt_tmux_start(&t, "", talloc_asprintf(t.ctx, "-f '%s' --cache-dir '%s'", file, pbt_tmpdir(t.ctx)));
	pbt_tmux_wait(&t, " 1 series: 1 new", false);
	pbt_mbox_add(t.ctx, &m, "Rev Iewer <rev@example.org>", "Fri, 15 Mar 2024 10:00:00 +0000", "one-r@example.org",
		     "one-1@example.org", NULL, "Re: [PATCH] mm: Add a first patch",
		     "Reviewed-by: Rev Iewer <rev@example.org>\n");
	pbt_sh("sleep 1.1"); /* (a new mtime for the file's stamp) */
	{
		FILE *fp = fopen(file, "w");
		assert_non_null(fp);
		fputs(m, fp);
		fclose(fp);
	}
	pbt_tmux_keys(&t, "$", "");
	s = pbt_tmux_wait(&t, " 1 series: 1 acked", false);
	pbt_assert_contains(s, " mm: Add a first patch");
	pbt_tmux_quit(&t, "Q");
	talloc_free(t.ctx);
}

/* patchbay --demo opens the TUI on the demo archive (built first). */
static void test_demo(void **state)
{
	pbt_term_t t = {.ctx = talloc_new(NULL)};
	char *s;
	(void)state;
	pbt_tmux_start_demo(&t, "");
	s = pbt_tmux_wait(&t, " 11 series: 2 new, 2 discussed, 4 acked, 1 incomplete, 1 applied, 1 pull", false);
	pbt_assert_contains(s, "log: Show ^[[31merrors in red\n");
	pbt_assert_contains(s, "山田太郎   config: Reject");
	/* all of the demo's mail is new to its first reader */
	pbt_assert_contains(s, " +47 ");
	/* q asks before it quits (patchbay.confirmQuit) */
	pbt_tmux_keys(&t, "q", "");
	pbt_tmux_wait(&t, "Quit patchbay? (y/n)", false);
	pbt_tmux_quit(&t, "y");
	talloc_free(t.ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_session, pbt_tmux_teardown),
		cmocka_unit_test_teardown(test_no_color, pbt_tmux_teardown),
		cmocka_unit_test_teardown(test_refresh_file, pbt_tmux_teardown),
		cmocka_unit_test_teardown(test_refresh, pbt_tmux_teardown),
		cmocka_unit_test_teardown(test_demo, pbt_tmux_teardown),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("tui_tmux", tests, NULL, NULL);
}
