/* test_tui_tmux.c: patchbay in a real terminal (tmux) on a real notmuch
 * database: open, move, expand, open a patch, see the coloured diff, open
 * help, resize, quit. Keys go in with send-keys; the screen comes back
 * with capture-pane, polled until the expected text shows (no sleeps). */
#include <time.h>
#include <unistd.h>

#include "tests/lib/pbtest.h"
#include "tests/lib/pbfixture.h"

struct term {
	void *ctx;
	char sock[64];
	char *status; /* file the exit status goes to */
};

/* the server to kill when a test ends, even by failing */
static struct term *current;

static char *tmux(struct term *t, const char *const *args)
{
	const char *argv[32] = {"tmux", "-L", t->sock, "-f", "/dev/null"};
	int n = 5;
	char *out, *err;
	for (int i = 0; args[i] && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	if (pbt_run(t->ctx, &out, &err, NULL, argv) != 0)
		fail_msg("tmux %s failed: %s", args[0], err);
	return out;
}

static char *capture(struct term *t, bool escapes)
{
	const char *plain[] = {"capture-pane", "-p", "-t", "pb", NULL};
	const char *esc[] = {"capture-pane", "-p", "-e", "-t", "pb", NULL};
	return tmux(t, escapes ? esc : plain);
}

/* Poll the screen until it shows TEXT; fail after a generous deadline. */
static char *wait_for(struct term *t, const char *text, bool escapes)
{
	time_t deadline = time(NULL) + 30;
	char *s;
	while (!strstr((s = capture(t, escapes)), text)) {
		if (time(NULL) > deadline)
			fail_msg("the screen never showed \"%s\"; it shows:\n%s", text, s);
		talloc_free(s);
	}
	return s;
}

/* Poll until patchbay has ended (the shell around it writes its exit
 * status to a file) and check the status. Returns the screen then. */
static char *wait_dead(struct term *t, int status)
{
	time_t deadline = time(NULL) + 30;
	char want[16];
	snprintf(want, sizeof(want), "%d\n", status);
	for (;;) {
		FILE *f = fopen(t->status, "r");
		char got[16] = "";
		if (f) {
			if (!fgets(got, sizeof(got), f))
				got[0] = '\0';
			fclose(f);
		}
		if (*got && strchr(got, '\n')) {
			assert_string_equal(got, want);
			return capture(t, false);
		}
		if (time(NULL) > deadline)
			fail_msg("patchbay did not end; the screen shows:\n%s", capture(t, false));
	}
}

static void keys(struct term *t, const char *k1, const char *k2)
{
	const char *args[] = {"send-keys", "-t", "pb", k1, k2, NULL};
	talloc_free(tmux(t, args));
}

/* Run patchbay ARGS (quoted for sh) in a new tmux server, 80x24; the
 * test is skipped where there is no tmux. */
static void start_args(struct term *t, const char *env, const char *args)
{
	void *ctx = t->ctx;
	char *cmd;
	if (system("command -v tmux >/dev/null 2>&1") != 0) {
		print_message("skipped: no tmux here\n");
		talloc_free(ctx);
		skip();
	}
	t->status = talloc_asprintf(ctx, "%s/status", pbt_tmpdir(ctx));
	cmd = talloc_asprintf(ctx, "env -u LINES -u COLUMNS %s '%s' %s; echo \\$? >'%s'", env, pbt_patchbay(), args,
			      t->status);
	static int seq;
	snprintf(t->sock, sizeof(t->sock), "pbtest-%ld-%d", (long)getpid(), ++seq);
	current = t;
	/* the server outlives the command: it must not hold our pipes */
	pbt_sh("tmux -L %s -f /dev/null new-session -d -s pb -x 80 -y 24 \"%s\" \\; "
	       "set-option -g remain-on-exit on >/dev/null 2>&1 </dev/null",
	       t->sock, cmd);
}

/* patchbay on a database of the triage archive; returns its path. */
static char *start(struct term *t, const char *env)
{
	char *db = pbt_notmuch_db1(t->ctx, pbt_fixture_triage(t->ctx));
	start_args(t, env, talloc_asprintf(t->ctx, "--db '%s' --cache-dir '%s'", db, pbt_tmpdir(t->ctx)));
	return db;
}

static void stop(struct term *t)
{
	const char *args[] = {"kill-server", NULL};
	talloc_free(tmux(t, args));
	current = NULL;
}

static int teardown(void **state)
{
	(void)state;
	if (current)
		pbt_sh("tmux -L %s kill-server >/dev/null 2>&1 || true", current->sock);
	current = NULL;
	return 0;
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
	struct term t = {talloc_new(NULL), "", NULL};
	const char *resize[] = {"resize-window", "-t", "pb", "-x", "100", "-y", "30", NULL};
	const char *back[] = {"resize-window", "-t", "pb", "-x", "80", "-y", "24", NULL};
	char *s;
	(void)state;
	start(&t, "");
	/* open: the triage list */
	s = wait_for(&t, " 4 series: 1 new, 1 reviewed, 1 incomplete, 1 applied", false);
	pbt_assert_contains(s, "new        v1  1/1 - - -");
	pbt_assert_contains(s, "x86: ^[[31mFix^[[0m early c\n");
	/* move to a series and open its tree */
	keys(&t, "j", "Enter");
	wait_for(&t, "    [+] 1/3 dt-bindings: pwm: Add foo  R1  1 reply", false);
	/* expand v1 */
	keys(&t, "k", "Space");
	wait_for(&t, "  [-] v1  2024-03-01  2/2  A0 R0 T0  1 reply\n        0/2 pwm: foo:", false);
	/* another series, a patch, and its coloured diff */
	keys(&t, "q", "j");
	keys(&t, "Enter", "j");
	keys(&t, "j", "Enter");
	wait_for(&t, " patch 1/2 of v3 | 2 replies", false);
	keys(&t, "]", "");
	s = wait_for(&t, " patch 1/2 of v3 | 2 replies | file 1/2", true);
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
	keys(&t, "?", "");
	s = wait_for(&t, "Keys of the patch view (keymap section \"patch\")", false);
	pbt_assert_contains(s, "next-hunk     Go to the next hunk of the diff");
	/* resize, and back to 80x24 */
	talloc_free(tmux(&t, resize));
	/* the title bar ends at the new width: "?:help " ends the 100 columns */
	s = wait_for(&t, talloc_asprintf(t.ctx, " help%*s?:help\n", 100 - 5 - 7, ""), false);
	pbt_assert_contains(s, "\nKeys of every view (section \"generic\")\n");
	talloc_free(tmux(&t, back));
	s = wait_for(&t, " help                                                                    ?:help\n", false);
	/* quit: the program ends well and gives the terminal back */
	keys(&t, "Q", "");
	s = wait_dead(&t, 0);
	pbt_assert_not_contains(s, "?:help");
	stop(&t);
	talloc_free(t.ctx);
}

/* NO_COLOR: no colour at all, the roles told apart by attributes. */
static void test_no_color(void **state)
{
	struct term t = {talloc_new(NULL), "", NULL};
	char *s;
	(void)state;
	start(&t, "NO_COLOR=1");
	wait_for(&t, " 4 series:", false);
	keys(&t, "j", "j");
	keys(&t, "Enter", "j");
	keys(&t, "j", "Enter");
	wait_for(&t, " patch 1/2 of v3", false);
	keys(&t, "]", "");
	s = wait_for(&t, "| file 1/2", true);
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
	keys(&t, "Q", "");
	wait_dead(&t, 0);
	stop(&t);
	talloc_free(t.ctx);
}

/* New mail, then the refresh key: the list shows it. */
static void test_refresh(void **state)
{
	struct term t = {talloc_new(NULL), "", NULL};
	char *db, *m = NULL, *s;
	(void)state;
	db = start(&t, "");
	wait_for(&t, " 4 series:", false);
	pbt_mbox_add(t.ctx, &m, "Nia New <nia@example.org>", "Thu, 14 Mar 2024 10:00:00 +0000", "new-1@example.org",
		     NULL, NULL, "[PATCH] mm: Add a fresh patch",
		     "Signed-off-by: Nia New <nia@example.org>\n---\n mm/x.c | 1 +\n\n"
		     "diff --git a/mm/x.c b/mm/x.c\nindex 1111111..2222222 100644\n--- a/mm/x.c\n+++ b/mm/x.c\n"
		     "@@ -1 +1,2 @@\n int x;\n+int y;\n");
	pbt_notmuch_add(db, pbt_write_temp(t.ctx, "new.mbox", m));
	keys(&t, "$", "");
	wait_for(&t, " 5 series: 2 new, 1 reviewed, 1 incomplete, 1 applied", false);
	s = capture(&t, false);
	pbt_assert_contains(s, " Nia New ");
	pbt_assert_contains(s, " mm: Add a fresh patch\n");
	keys(&t, "Q", "");
	wait_dead(&t, 0);
	stop(&t);
	talloc_free(t.ctx);
}

/* patchbay --demo opens the TUI on the demo archive (built first). */
static void test_demo(void **state)
{
	struct term t = {talloc_new(NULL), "", NULL};
	char *s;
	(void)state;
	start_args(&t, "", talloc_asprintf(t.ctx, "--demo-dir '%s/demo'", pbt_tmpdir(t.ctx)));
	s = wait_for(&t, " 11 series: 2 new, 2 discussed, 4 acked, 1 incomplete, 1 applied, 1 pull", false);
	pbt_assert_contains(s, "log: Show ^[[31merrors in\n");
	pbt_assert_contains(s, "山田太郎    config: Reject");
	keys(&t, "q", "");
	wait_dead(&t, 0);
	stop(&t);
	talloc_free(t.ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_session, teardown),
		cmocka_unit_test_teardown(test_no_color, teardown),
		cmocka_unit_test_teardown(test_refresh, teardown),
		cmocka_unit_test_teardown(test_demo, teardown),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("tui_tmux", tests, NULL, NULL);
}
