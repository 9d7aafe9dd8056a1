/* test_tui_demo.c: the views on the demo archive, rendered into cells and
 * compared with the expected screens: the series list (a subject with an
 * escape sequence, a CJK author, an incomplete series, a pull request), a
 * series of three versions, patches, a review thread. */
#include "tests/lib/pbtest.h"
#include "tests/tui/pbt_tui.h"
#include "patchbay/store.h"

static void test_demo_list(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 24, 80);
	int title;
	(void)state;
	assert_string_equal(pbt_tui_screen(app),
		" patchbay: series                                                        ?:help\n"
		"State      Ver   Rcv ART Chk New  Age W Author     Title\n"
		"new        v1    1/1 --- ok   +1   6d r Lukas Webe log: Show ^[[31merrors in red\n"
		"pull       v1    0/0 --- ok   +1   9d m Olivia Che net fixes for widgetd 0.3\n"
		"acked      v3    4/4 111 ok  +26  10d m Alex Romer widget: Keep a history of rec\n"
		"acked      v1    1/1 -1- ok   +3  10d m Jane Doe   widget: Refuse two widgets wi\n"
		"discussed  v1    3/3 --- E2   +5  11d a Kevin Lee  Fix crashes and hangs we see\n"
		"acked      v2  20/20 -1- ok  +47  16d m Olivia Che proto: One function per proto\n"
		"incomplete v1    3/4 --- E1   +6  17d a Priya Rama net: Accept clients on a TCP\n"
		"acked      v1    2/2 11- W1   +4  23d m Jürgen Mül log: Collapse repeated messag\n"
		"new        v1    1/1 --- ok   +2  26d r Tom Tester Makefile: Honour DESTDIR and\n"
		"applied    v1    1/1 --- ok   +2  32d - 山田太郎   config: Reject a poll interva\n"
		"discussed  v1    2/2 --- ok   +6  39d a Marek Nova RFC widget: Load drivers from\n"
		"\n\n\n\n\n\n\n\n\n"
		" 11 series: 2 new, 2 discussed, 4 acked, 1 incomplete, 1 applied, 1 pull\n"
		"\n");
	pbt_tui_assert_inert(app);
	/* the CJK name takes eight columns: the titles line up */
	title = tui_cells_find(app->cells, 1, "Title");
	assert_int_equal(tui_cells_find(app->cells, 11, "config:"), title);
	assert_int_equal(tui_cells_find(app->cells, 9, "log: Collapse"), title);
	assert_int_equal(pbt_tui_role_at(app, 8, 17), TUI_ROLE_MISSING);
	assert_int_equal(pbt_tui_role_at(app, 11, 0), TUI_ROLE_STATE_DONE);
	assert_int_equal(pbt_tui_role_at(app, 3, 0), TUI_ROLE_STATE_PULL);
	/* the checks: the style series fails two, the B4 Relay one lacks a patch */
	assert_int_equal(pbt_tui_role_at(app, 6, 25), TUI_ROLE_CHECK_ERROR);
	assert_int_equal(pbt_tui_role_at(app, 9, 25), TUI_ROLE_CHECK_WARNING);
	/* laid out for 80 columns: who it waits on as a letter, the tag counts
	 * side by side, a third of the screen and more for the title */
	assert_int_equal(pbt_tui_role_at(app, 6, 38), TUI_ROLE_WAITS_AUTHOR);
	assert_int_equal(title, 51);
	/* read state: the demo's mail is all new to a first reader */
	assert_int_equal(pbt_tui_role_at(app, 4, 30), TUI_ROLE_UNREAD);
	/* at 132 columns the titles have room */
	tui_app_resize(app, 24, 132);
	pbt_assert_contains(pbt_tui_screen(app),
			    "review Lukas Weber          log: Show ^[[31merrors in red^[[0m on a terminal\n");
	talloc_free(ctx);
}

/* At 80 columns the status line keeps the marks and the sort: the counts
 * by state give way, the last first and whole. */
static void test_demo_list_status_80(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 24, 80);
	(void)state;
	pbt_tui_keys(app, "o");
	assert_string_equal(pbt_tui_status_line(app),
			    " 11 series: 2 new, 2 discussed, 4 acked, 1 incomplete, 1 applied, \u2026 | by date");
	pbt_tui_keys(app, "t t");
	assert_string_equal(pbt_tui_status_line(app),
			    " 2 marked | 11 series: 2 new, 2 discussed, 4 acked, 1 incomplete, \u2026 | by date");
	pbt_tui_keys(app, "O");
	assert_string_equal(pbt_tui_status_line(app),
			    " 2 marked | 11 series: 2 new, 2 discussed, 4 acked, \u2026 | by date (rev)");
	/* with room, every count */
	tui_app_resize(app, 24, 132);
	assert_string_equal(pbt_tui_status_line(app), " 2 marked | 11 series: 2 new, 2 discussed, 4 acked, 1 incomplete, "
						       "1 applied, 1 pull | by date (rev)");
	talloc_free(ctx);
}

static void test_demo_escape_patch(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 24, 80);
	(void)state;
	pbt_tui_keys(app, "<Enter>");
	pbt_assert_contains(pbt_tui_screen(app),
		" series: log: Show ^[[31merrors in red^[[0m on a terminal                ?:help\n"
		"[-] log: Show ^[[31merrors in red^[[0m on a terminal  Lukas Weber, new\n"
		"  [-] v1  2024-03-25  1/1  A0 R0 T0  0 replies\n"
		"        1/1 log: Show ^[[31merrors in red^[[0m on a terminal\n");
	pbt_tui_keys(app, "j <Enter>");
	pbt_assert_contains(pbt_tui_screen(app),
		" [PATCH] log: Show ^[[31merrors in red^[[0m on a terminal                ?:help\n"
		"From: Lukas Weber <lukas.weber@example.de>\n"
		"Date: Mon, 25 Mar 2024 19:30:01 +0100\n"
		"Subject: [PATCH] log: Show ^[[31merrors in red^[[0m on a terminal\n"
		"To: devel@lists.example.org\n"
		"Cc: Marek Novak <marek.novak@example.cz>\n"
		"Message-ID: <escape-v1-1@demo.widgetd.org>\n"
		"\n"
		"When widgetd runs in a terminal (while developing, or under a debugger),\n");
	pbt_assert_contains(pbt_tui_screen(app), " patch 1/1 of v1 | 0 replies | 1 file | line 1/41\n");
	pbt_tui_assert_inert(app);
	/* the patch's own diff writes escape sequences in C: shown as text */
	pbt_tui_keys(app, "]");
	assert_int_equal(pbt_tui_role_at(app, 1, 0), TUI_ROLE_DIFF_HUNK);
	pbt_tui_assert_inert(app);
	talloc_free(ctx);
}

static void test_demo_cjk_author(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 24, 80);
	(void)state;
	pbt_tui_keys(app, "<End> k <Enter>");
	pbt_assert_contains(pbt_tui_screen(app), "[-] config: Reject a poll interval of zero  山田太郎, applied\n"
					 "  [-] v1  2024-02-26  1/1  A0 R0 T0  1 reply  applied\n");
	pbt_tui_keys(app, "j <Enter>");
	pbt_assert_contains(pbt_tui_screen(app), "\nFrom: 山田太郎 <");
	pbt_tui_keys(app, "t");
	pbt_assert_contains(pbt_tui_screen(app), "Applied to master, thanks!");
	talloc_free(ctx);
}

static void test_demo_history(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 30, 80);
	int r;
	(void)state;
	pbt_tui_keys(app, "j j <Enter>");
	assert_string_equal(pbt_tui_screen(app),
		" series: widget: Keep a history of recent readings                       ?:help\n"
		"[-] widget: Keep a history of recent readings  Alex Romero, acked\n"
		"  [+] v1  2024-03-04  3/3  A0 R0 T0  4 replies\n"
		"  [+] v2  2024-03-11  4/4  A0 R1 T0  3 replies  link: reference\n"
		"  [-] v3  2024-03-18  4/4  A1 R1 T1  5 replies  link: reference\n"
		"    [+] 0/4 widget: Keep a history of recent readings  (cover)  1 reply\n"
		"        1/4 config: Parse durations with unit suffixes  A1 ~1\n"
		"    [+] 2/4 widget: Keep the last readings of every widget  A1 R1  1 reply\n"
		"    [+] 3/4 proto: Add the history command  A1 T1  3 replies\n"
		"        4/4 README: Document the history of readings  A1\n"
		"\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n"
		" 3 versions, latest v3: 4/4 patches, acked, waits on maint\n"
		"\n");
	/* the Acked-by on the cover reaches every patch; 1/4 keeps v2's review */
	pbt_tui_keys(app, "j j <Enter>");
	pbt_assert_contains(pbt_tui_screen(app),
			    "+ Acked-by: Ines Keller <ines.keller@widgetd.org>  (on the cover letter)\n"
			    "~ Reviewed-by: Olivia Chen <");
	/* (carried: drawn apart, applied only when asked: issue 11, bug 8) */
	pbt_assert_contains(pbt_tui_screen(app), "  (given on v2; carried)\n");
	/* j through the patches, t into the thread of 3/4 */
	pbt_tui_keys(app, "j j t");
	pbt_assert_contains(pbt_tui_screen(app), " thread: [PATCH v3 3/4] proto: Add the history command");
	r = pbt_tui_row_with(app, "> +");
	assert_int_equal(pbt_tui_role_at(app, r, 0), TUI_ROLE_QUOTE1);
	pbt_assert_contains(pbt_tui_screen(app), "Grüße aus Dresden,\n");
	assert_int_equal(pbt_tui_role_at(app, 2, 0), TUI_ROLE_DIM);
	assert_int_equal(pbt_tui_role_at(app, 1, 0), TUI_ROLE_THREAD_HEADER);
	talloc_free(ctx);
}

/* The 20-patch series: from the first patch to the last with j. */
static void test_demo_proto(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 24, 80);
	(void)state;
	pbt_tui_keys(app, "j j j j j <Enter>");
	pbt_assert_contains(pbt_tui_screen(app), " series: proto: One function per protocol command");
	pbt_assert_contains(pbt_tui_screen(app), "  [-] v2  2024-03-");
	pbt_assert_contains(pbt_tui_screen(app), "20/20  A0 R1 T0");
	pbt_tui_keys(app, "j j <Enter>");
	pbt_assert_contains(pbt_tui_screen(app), " patch 1/20 of v2 |");
	for (int i = 2; i <= 20; i++) {
		char want[32];
		pbt_tui_keys(app, "j");
		snprintf(want, sizeof(want), " patch %d/20 of v2 |", i);
		pbt_assert_contains(pbt_tui_screen(app), want);
	}
	pbt_tui_keys(app, "j");
	pbt_assert_contains(pbt_tui_screen(app), "this is the last patch of v2");
	pbt_tui_keys(app, "]");
	assert_int_equal(pbt_tui_role_at(app, 1, 0), TUI_ROLE_DIFF_HUNK);
	talloc_free(ctx);
}

/* A call that stores mail refreshes the index under the views: each finds
 * its series, patch and replies again, and shows the new state (under
 * ASan, a view that kept a pointer into the old model fails here). */
static void test_demo_store_refresh(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_demo_result_t *d;
	pb_error_t err = {0};
	tui_app_opts_t ao = {.rows = 24, .cols = 80, .now = PBT_DEMO_NOW};
	const char *ids[] = {PB_DEMO_MSGID("history", 3, 0)};
	tui_app_t *app;
	int r;
	(void)state;
	/* an archive of its own: this one changes */
	d = pbt_tui_demo_new(ctx, pbt_tmpdir(ctx));
	app = pbt_tui_app_new(ctx, &ao, d->db_path);
	pbt_tui_keys(app, "j j <Enter> j j j <Enter> t");
	pbt_assert_contains(pbt_tui_screen(app), " thread: [PATCH v3 2/4] widget: Keep the last readings");
	assert_int_equal(tui_app_depth(app), 4);
	tui_app_store_begin(app);
	assert_int_equal(pb_store_tag(app->idx, ids, 1, "+" PB_TAG_APPLIED, &err), PB_OK);
	tui_app_store_end(app);
	assert_int_equal(tui_app_depth(app), 4);
	pbt_assert_contains(pbt_tui_screen(app), " thread: [PATCH v3 2/4] widget: Keep the last readings");
	pbt_assert_contains(pbt_tui_screen(app), "Reviewed-by: ");
	pbt_tui_keys(app, "q");
	pbt_assert_contains(pbt_tui_screen(app), " patch 2/4 of v3 |");
	pbt_tui_keys(app, "q");
	/* the tree shows v3 applied, the cursor still on 2/4 */
	pbt_assert_contains(pbt_tui_screen(app), "  [-] v3  2024-03-18  4/4  A1 R1 T1  5 replies  applied  link: reference\n");
	r = pbt_tui_row_with(app, "2/4 widget: Keep the last readings");
	assert_true(tui_cells_at(app->cells, r, 0)->attr & TUI_A_SELECTED);
	pbt_tui_keys(app, "q");
	r = pbt_tui_row_with(app, "widget: Keep a history of");
	pbt_assert_contains(tui_cells_row_text(ctx, app->cells, r), "applied ");
	assert_true(tui_cells_at(app->cells, r, 0)->attr & TUI_A_SELECTED);
	talloc_free(ctx);
}

/* Join and split from the keys: S on v3 of the history series makes it a
 * series of its own (the tree and the list say so), J on the new series
 * and J on the old one makes them one again. Both are notmuch properties
 * of the archive, so a new app on it sees the same. */
static void test_demo_join_split(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_demo_result_t *d;
	tui_app_opts_t ao = {.rows = 24, .cols = 80, .now = PBT_DEMO_NOW};
	tui_app_t *app;
	int r;
	(void)state;
	d = pbt_tui_demo_new(ctx, pbt_tmpdir(ctx));
	app = pbt_tui_app_new(ctx, &ao, d->db_path);
	pbt_tui_keys(app, "j j <Enter>");
	pbt_assert_contains(pbt_tui_screen(app), " 3 versions, latest v3");
	/* S on the first version says why not */
	pbt_tui_keys(app, "<Home> j S");
	pbt_assert_contains(pbt_tui_screen(app), "split: pick a version after the first");
	pbt_tui_keys(app, "<Home> j j j S");
	pbt_assert_contains(pbt_tui_screen(app), "split: v3 now starts a series of its own");
	pbt_assert_contains(pbt_tui_screen(app), " 2 versions, latest v2");
	pbt_tui_keys(app, "q");
	pbt_assert_contains(pbt_tui_screen(app), " 12 series:");
	/* a fresh app on the archive sees the split too */
	talloc_free(app);
	app = pbt_tui_app_new(ctx, &ao, d->db_path);
	pbt_assert_contains(pbt_tui_screen(app), " 12 series:");
	/* join them again: J on one, J on the other */
	r = pbt_tui_row_with(app, "widget: Keep a history of");
	assert_true(r > 1);
	for (int k = 2; k < r; k++)
		pbt_tui_keys(app, "j");
	pbt_tui_keys(app, "J");
	pbt_assert_contains(pbt_tui_screen(app), "join: marked");
	pbt_tui_keys(app, "j");
	if (!strstr(tui_cells_row_text(ctx, app->cells, r + 1), "widget: Keep a history of"))
		pbt_tui_keys(app, "k k");
	pbt_tui_keys(app, "J");
	pbt_assert_contains(pbt_tui_screen(app), "into one series with it");
	pbt_assert_contains(pbt_tui_screen(app), " 11 series:");
	talloc_free(ctx);
}

/* The review state from the keys: s on a series asks for a state; the
 * answer is kept as a notmuch tag on the messages of its latest version
 * (`notmuch search` sees it), the list marks it set by hand, a fresh app
 * on the archive shows the same, and hide-done hides a rejected series.
 * A bad name changes nothing; "-" gives the mail its word back. */
static void test_demo_set_state(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_demo_result_t *d;
	tui_app_opts_t ao = {.rows = 24, .cols = 80, .now = PBT_DEMO_NOW};
	tui_app_t *app;
	char *out = NULL, *err = NULL, *env;
	int r;
	(void)state;
	d = pbt_tui_demo_new(ctx, pbt_tmpdir(ctx));
	env = talloc_asprintf(ctx, "NOTMUCH_CONFIG=%s", d->config_path);
	app = pbt_tui_app_new(ctx, &ao, d->db_path);
	r = pbt_tui_row_with(app, "net: Accept clients on a TCP");
	assert_true(r > 1);
	for (int k = 2; k < r; k++)
		pbt_tui_keys(app, "j");
	pbt_tui_keys(app, "s");
	pbt_assert_contains(pbt_tui_screen(app), "State (under-review, from the mail; - for the mail's):");
	pbt_tui_type(app, "bogus");
	pbt_assert_contains(pbt_tui_screen(app), "state: no review state \"bogus\"");
	pbt_tui_keys(app, "s");
	pbt_tui_type(app, "deferred");
	pbt_assert_contains(pbt_tui_screen(app), "state of \"net: Accept clients on a TCP port\": deferred (kept in");
	pbt_assert_contains(tui_cells_row_text(ctx, app->cells, pbt_tui_row_with(app, "net: Accept clients on a TCP")),
			    "deferred*  v1");
	{
		const char *a[] = {"env", env, "notmuch", "count", "tag:pb/deferred", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
		assert_string_equal(out, "4\n"); /* the cover and the three patches posted (3/4 never came) */
	}
	talloc_free(app);
	app = pbt_tui_app_new(ctx, &ao, d->db_path);
	r = pbt_tui_row_with(app, "net: Accept clients on a TCP");
	pbt_assert_contains(tui_cells_row_text(ctx, app->cells, r), "deferred*");
	for (int k = 2; k < r; k++)
		pbt_tui_keys(app, "j");
	pbt_tui_keys(app, "s");
	pbt_tui_type(app, "rejected");
	pbt_tui_keys(app, "a");
	pbt_assert_not_contains(pbt_tui_screen(app), "net: Accept clients on a TCP");
	pbt_tui_keys(app, "a");
	r = pbt_tui_row_with(app, "net: Accept clients on a TCP");
	assert_true(r > 1);
	pbt_tui_keys(app, "<Home>");
	for (int k = 2; k < r; k++)
		pbt_tui_keys(app, "j");
	pbt_tui_keys(app, "s");
	pbt_tui_type(app, "-");
	pbt_assert_contains(pbt_tui_screen(app), "the mail's again");
	{
		const char *a[] = {"env", env, "notmuch", "count", "tag:pb/rejected or tag:pb/deferred", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
		assert_string_equal(out, "0\n");
	}
	pbt_assert_contains(tui_cells_row_text(ctx, app->cells, pbt_tui_row_with(app, "net: Accept clients on a TCP")),
			    "incomplete v1");
	talloc_free(ctx);
}

/* The cursor onto the row that shows TEXT. */
static void go_to(tui_app_t *app, const char *text)
{
	int r;
	pbt_tui_keys(app, "<Home>");
	r = pbt_tui_row_with(app, text);
	assert_true(r > 1);
	for (int k = 2; k < r; k++)
		pbt_tui_keys(app, "j");
}

static char *count(void *ctx, const char *env, const char *query)
{
	const char *a[] = {"env", env, "notmuch", "count", query, NULL};
	char *out = NULL;
	assert_int_equal(pbt_run(ctx, &out, NULL, NULL, a), 0);
	return out;
}

/* Mark three series, set them all at once, undo it: each gets back what
 * it had, one of them a state set by hand before. */
static void test_demo_bulk_state(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_demo_result_t *d;
	tui_app_opts_t ao = {.rows = 24, .cols = 100, .now = PBT_DEMO_NOW};
	tui_app_t *app;
	char *env;
	(void)state;
	d = pbt_tui_demo_new(ctx, pbt_tmpdir(ctx));
	env = talloc_asprintf(ctx, "NOTMUCH_CONFIG=%s", d->config_path);
	app = pbt_tui_app_new(ctx, &ao, d->db_path);
	/* one of them has a state of its own first */
	go_to(app, "Makefile: Honour DESTDIR");
	pbt_tui_keys(app, "s");
	pbt_tui_type(app, "rejected");
	assert_string_equal(count(ctx, env, "tag:pb/rejected"), "1\n");

	go_to(app, "net: Accept clients on a TCP");
	pbt_tui_keys(app, "t");
	pbt_assert_contains(pbt_tui_message_line(app), "1 series marked");
	go_to(app, "widget: Load drivers");
	pbt_tui_keys(app, "t");
	go_to(app, "Makefile: Honour DESTDIR");
	pbt_tui_keys(app, "t");
	pbt_assert_contains(pbt_tui_status_line(app), "3 marked");
	pbt_assert_contains(pbt_tui_screen(app), "+ net: Accept clients on a TCP");
	assert_int_equal(pbt_tui_role_of(app, "+ RFC widget: Load drivers", 0), TUI_ROLE_MARKED);
	/* t again unmarks; t once more marks it back */
	go_to(app, "+ RFC widget: Load drivers");
	pbt_tui_keys(app, "t");
	pbt_assert_contains(pbt_tui_status_line(app), "2 marked");
	pbt_assert_not_contains(pbt_tui_screen(app), "+ RFC widget: Load drivers");
	go_to(app, "widget: Load drivers");
	pbt_tui_keys(app, "t");

	/* the state key acts on every marked series, wherever the cursor is */
	pbt_tui_keys(app, "<Home>");
	pbt_tui_keys(app, "s");
	pbt_assert_contains(pbt_tui_screen(app), "State of the 3 marked series (- for the mail's):");
	pbt_tui_type(app, "deferred");
	pbt_assert_contains(pbt_tui_message_line(app), "state of 3 marked series: deferred, in one change");
	/* TCP: cover + 3 patches; plugins: cover + 2; DESTDIR (its latest
	 * posting, the RESEND): 1 */
	assert_string_equal(count(ctx, env, "tag:pb/deferred"), "8\n");
	assert_string_equal(count(ctx, env, "tag:pb/rejected"), "0\n");
	pbt_assert_contains(tui_cells_row_text(ctx, app->cells, pbt_tui_row_with(app, "+ RFC widget: Load drivers")),
			    "deferred*");

	/* undo: each version gets back what it had */
	pbt_tui_keys(app, "u");
	pbt_assert_contains(pbt_tui_message_line(app), "undo-state: 3 series have the states they had before");
	assert_string_equal(count(ctx, env, "tag:pb/deferred"), "0\n");
	assert_string_equal(count(ctx, env, "tag:pb/rejected"), "1\n");
	pbt_assert_contains(tui_cells_row_text(ctx, app->cells, pbt_tui_row_with(app, "Makefile: Honour DESTDIR")),
			    "rejected*");
	pbt_assert_contains(tui_cells_row_text(ctx, app->cells, pbt_tui_row_with(app, "net: Accept clients on a TCP")),
			    "incomplete");
	pbt_tui_keys(app, "u");
	pbt_assert_contains(pbt_tui_message_line(app), "undo-state: no state change to undo");

	/* the marks stay until unmarked */
	pbt_assert_contains(pbt_tui_status_line(app), "3 marked");
	pbt_tui_keys(app, "C-t");
	pbt_assert_contains(pbt_tui_message_line(app), "3 series unmarked");
	pbt_assert_not_contains(pbt_tui_status_line(app), "marked");
	pbt_assert_not_contains(pbt_tui_screen(app), "+ net: Accept");

	/* snooze one: its state says so, hide-done hides it; - wakes it */
	go_to(app, "net: Accept clients on a TCP");
	pbt_tui_keys(app, "z");
	pbt_assert_contains(pbt_tui_screen(app), "Snooze until (YYYY-MM-DD, 3d, 2w, next, tag:NAME; - wakes):");
	pbt_tui_type(app, "someday");
	pbt_assert_contains(pbt_tui_message_line(app), "snooze: \"someday\" is not a day after today");
	pbt_tui_keys(app, "z");
	pbt_tui_type(app, "2099-01-01");
	pbt_assert_contains(pbt_tui_message_line(app), "1 series snoozed until 2099-01-01");
	assert_string_equal(count(ctx, env, "tag:pb/snoozed-until/2099-01-01"), "4\n");
	pbt_assert_contains(tui_cells_row_text(ctx, app->cells, pbt_tui_row_with(app, "net: Accept clients on a TCP")),
			    "snoozed    v1");
	pbt_tui_keys(app, "a");
	pbt_assert_not_contains(pbt_tui_screen(app), "net: Accept clients on a TCP");
	pbt_tui_keys(app, "a");
	go_to(app, "net: Accept clients on a TCP");
	pbt_tui_keys(app, "z");
	pbt_tui_type(app, "-");
	pbt_assert_contains(pbt_tui_message_line(app), "1 series awake");
	assert_string_equal(count(ctx, env, "tag:pb/snoozed"), "0\n");

	/* the queue's order: in flight first, the longest waiting on top */
	for (int k = 0; k < 5; k++)
		pbt_tui_keys(app, "o");
	pbt_assert_contains(pbt_tui_message_line(app), "sorted by queue");
	talloc_free(ctx);
}


/* V opens a range at the cursor, moving stretches it (the rows it will
 * mark drawn so, the status line counts them), V or Enter marks every
 * series in it, Esc drops it; the bulk actions then act on the marks. */
static void test_demo_range(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_demo_result_t *d;
	tui_app_opts_t ao = {.rows = 24, .cols = 100, .now = PBT_DEMO_NOW};
	tui_app_t *app;
	char *s;
	(void)state;
	d = pbt_tui_demo_new(ctx, pbt_tmpdir(ctx));
	app = pbt_tui_app_new(ctx, &ao, d->db_path);
	/* three down */
	go_to(app, "widget: Keep a history");
	pbt_tui_keys(app, "V");
	pbt_assert_contains(pbt_tui_message_line(app),
			    "range: move to stretch it; V or <Enter> marks every series in it, <Esc> drops it");
	pbt_assert_contains(pbt_tui_status_line(app), " range: 1 series | 11 series");
	pbt_tui_keys(app, "j j");
	pbt_assert_contains(pbt_tui_status_line(app), " range: 3 series | 11 series");
	s = pbt_tui_screen(app);
	pbt_assert_contains(s, "+ widget: Keep a history");
	pbt_assert_contains(s, "+ widget: Refuse two widgets");
	pbt_assert_contains(s, "+ Fix crashes and hangs");
	pbt_assert_not_contains(s, "+ proto: One function");
	pbt_assert_not_contains(s, "+ log: Show");
	/* the whole row, the state column too; not the rows outside */
	assert_int_equal(pbt_tui_role_of(app, "+ widget: Refuse two", 0), TUI_ROLE_RANGE);
	assert_int_equal(pbt_tui_role_at(app, pbt_tui_row_with(app, "+ widget: Refuse two"), 0), TUI_ROLE_RANGE);
	assert_int_not_equal(pbt_tui_role_at(app, pbt_tui_row_with(app, "proto: One function"), 0), TUI_ROLE_RANGE);
	/* nothing is marked yet, and nothing but moving acts meanwhile */
	pbt_assert_not_contains(pbt_tui_status_line(app), "marked");
	pbt_tui_keys(app, "s");
	pbt_assert_contains(pbt_tui_message_line(app), "a range is open: V or <Enter> marks it, <Esc> drops it");
	assert_null(tui_app_prompt_input(app));
	pbt_tui_keys(app, "V");
	pbt_assert_contains(pbt_tui_message_line(app),
			    "3 series marked by the range, 3 in all: set-state, apply, ack and snooze act on all of them");
	pbt_assert_contains(pbt_tui_status_line(app), " 3 marked | 11 series");
	pbt_assert_not_contains(pbt_tui_status_line(app), "range");
	assert_int_equal(pbt_tui_role_of(app, "+ widget: Refuse two", 0), TUI_ROLE_MARKED);
	assert_int_not_equal(pbt_tui_role_at(app, pbt_tui_row_with(app, "+ widget: Refuse two"), 0), TUI_ROLE_RANGE);
	/* a state on all three, in one change */
	pbt_tui_keys(app, "<Home> s");
	pbt_assert_contains(pbt_tui_screen(app), "State of the 3 marked series (- for the mail's):");
	pbt_tui_type(app, "deferred");
	pbt_assert_contains(pbt_tui_message_line(app), "state of 3 marked series: deferred, in one change");
	pbt_assert_contains(tui_cells_row_text(ctx, app->cells, pbt_tui_row_with(app, "+ widget: Keep a history")),
			    "deferred*");
	pbt_assert_contains(tui_cells_row_text(ctx, app->cells, pbt_tui_row_with(app, "+ widget: Refuse two")),
			    "deferred*");
	pbt_assert_contains(tui_cells_row_text(ctx, app->cells, pbt_tui_row_with(app, "+ Fix crashes")), "deferred*");
	pbt_assert_not_contains(tui_cells_row_text(ctx, app->cells, pbt_tui_row_with(app, "proto: One function")),
				"deferred*");
	pbt_tui_keys(app, "C-t");

	/* upwards, Enter marks it; the cursor stays where it went */
	go_to(app, "log: Collapse repeated");
	pbt_tui_keys(app, "V k k k");
	pbt_assert_contains(pbt_tui_status_line(app), " range: 4 series | 11 series");
	pbt_tui_keys(app, "<Enter>");
	pbt_assert_contains(pbt_tui_message_line(app), "4 series marked by the range, 4 in all");
	assert_int_equal(tui_view_cursor(tui_app_top(app)), 4);
	s = pbt_tui_screen(app);
	pbt_assert_contains(s, "+ Fix crashes and hangs");
	pbt_assert_contains(s, "+ proto: One function");
	pbt_assert_contains(s, "+ net: Accept clients");
	pbt_assert_contains(s, "+ log: Collapse repeated");
	pbt_assert_not_contains(s, "+ widget: Refuse two");
	pbt_assert_not_contains(s, "+ Makefile");
	/* a range over marks: they stay marked, counted once */
	pbt_tui_keys(app, "V j <Enter>");
	pbt_assert_contains(pbt_tui_message_line(app), "2 series marked by the range, 4 in all");
	pbt_tui_keys(app, "C-t");

	/* Esc drops it: nothing marked */
	go_to(app, "widget: Keep a history");
	pbt_tui_keys(app, "V j j <Esc>");
	pbt_assert_contains(pbt_tui_message_line(app), "range dropped: nothing marked");
	pbt_assert_not_contains(pbt_tui_status_line(app), "marked");
	pbt_assert_not_contains(pbt_tui_status_line(app), "range");
	pbt_assert_not_contains(pbt_tui_screen(app), "+ ");
	assert_int_not_equal(pbt_tui_role_at(app, pbt_tui_row_with(app, "widget: Refuse two"), 0), TUI_ROLE_RANGE);
	/* and the keys act as before */
	pbt_tui_keys(app, "<Esc>");
	pbt_assert_contains(pbt_tui_message_line(app), "no range is open");
	pbt_tui_keys(app, "t");
	pbt_assert_contains(pbt_tui_message_line(app), "1 series marked");
	talloc_free(ctx);
}

/* In the tree the range marks patches: the lines between that are no
 * patch of the version are left out; then a state on each. */
static void test_demo_range_tree(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_demo_result_t *d;
	tui_app_opts_t ao = {.rows = 30, .cols = 100, .now = PBT_DEMO_NOW};
	tui_app_t *app;
	char *env, *s;
	(void)state;
	d = pbt_tui_demo_new(ctx, pbt_tmpdir(ctx));
	env = talloc_asprintf(ctx, "NOTMUCH_CONFIG=%s", d->config_path);
	app = pbt_tui_app_new(ctx, &ao, d->db_path);
	/* history v3: its cover, then 1/4 .. 4/4; the cursor on v3 */
	go_to(app, "widget: Keep a history");
	pbt_tui_keys(app, "<Enter> V j j j");
	pbt_assert_contains(pbt_tui_status_line(app), " range: 2 patches | 3 versions");
	s = pbt_tui_screen(app);
	pbt_assert_contains(s, "1/4 + ");
	pbt_assert_contains(s, "2/4 + ");
	pbt_assert_not_contains(s, "3/4 + ");
	pbt_assert_not_contains(s, "0/4 + ");
	assert_int_equal(pbt_tui_role_at(app, pbt_tui_row_with(app, "1/4 + "), 0), TUI_ROLE_RANGE);
	assert_int_not_equal(pbt_tui_role_at(app, pbt_tui_row_with(app, "0/4 "), 0), TUI_ROLE_RANGE);
	/* expanding would move the lines under it: not now */
	pbt_tui_keys(app, "E");
	pbt_assert_contains(pbt_tui_message_line(app), "a range is open: V or <Enter> marks it, <Esc> drops it");
	pbt_tui_keys(app, "j <Enter>");
	pbt_assert_contains(pbt_tui_message_line(app), "3 patches marked by the range, 3 in all: ack, review, test and "
						       "set-state act on each");
	pbt_assert_contains(pbt_tui_status_line(app), " 3 marked | 3 versions");
	s = pbt_tui_screen(app);
	pbt_assert_contains(s, "3/4 + ");
	pbt_assert_not_contains(s, "4/4 + ");
	/* Esc: nothing more */
	pbt_tui_keys(app, "V j <Esc>");
	pbt_assert_contains(pbt_tui_message_line(app), "range dropped: nothing marked");
	pbt_assert_not_contains(pbt_tui_screen(app), "4/4 + ");
	/* a state on each of the three */
	pbt_tui_keys(app, "s");
	pbt_assert_contains(pbt_tui_message_line(app), "State of the 3 marked patches (- for the mail's):");
	pbt_tui_type(app, "rejected");
	pbt_assert_contains(tui_app_message_text(app), "state of 3 marked patches: rejected, in one change");
	assert_string_equal(count(ctx, env, "tag:pb/patch/rejected"), "3\n");
	talloc_free(ctx);
}

/* Read state: +N new messages per series, from notmuch's "unread";
 * opening a series reads it; Tab goes to the next series with new mail;
 * a newer version over versions read shows as such. */
static void test_demo_read_state(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_demo_result_t *d;
	tui_app_opts_t ao = {.rows = 24, .cols = 100, .now = PBT_DEMO_NOW};
	tui_app_t *app;
	char *env, *before, *out = NULL;
	int r;
	(void)state;
	d = pbt_tui_demo_new(ctx, pbt_tmpdir(ctx));
	env = talloc_asprintf(ctx, "NOTMUCH_CONFIG=%s", d->config_path);
	app = pbt_tui_app_new(ctx, &ao, d->db_path);
	before = count(ctx, env, "tag:unread");
	r = pbt_tui_row_with(app, "net: Accept clients on a TCP");
	pbt_assert_contains(tui_cells_row_text(ctx, app->cells, r), "  +6 ");
	go_to(app, "net: Accept clients on a TCP");
	pbt_tui_keys(app, "<Enter>");
	pbt_assert_contains(pbt_tui_screen(app), "net: Accept clients on a TCP");
	pbt_tui_keys(app, "q");
	/* its six messages were read: notmuch says so too */
	assert_int_equal(atoi(count(ctx, env, "tag:unread")), atoi(before) - 6);
	r = pbt_tui_row_with(app, "net: Accept clients on a TCP");
	pbt_assert_not_contains(tui_cells_row_text(ctx, app->cells, r), "+6");
	/* Tab skips it: from the row above to the row below */
	pbt_tui_keys(app, "k <Tab>");
	assert_int_equal(tui_view_cursor(tui_app_view(app, 0)), (size_t)(r - 2 + 1));
	/* v1 and v2 of the history series read elsewhere: v3 is news */
	{
		const char *a[] = {"env", env, "notmuch", "tag", "-unread", "--",
				   "thread:{id:history-v1-0@demo.widgetd.org} or thread:{id:history-v2-0@demo.widgetd.org}",
				   NULL};
		assert_int_equal(pbt_run(ctx, &out, NULL, NULL, a), 0);
	}
	talloc_free(app);
	app = pbt_tui_app_new(ctx, &ao, d->db_path);
	r = pbt_tui_row_with(app, "widget: Keep a history");
	assert_int_equal(pbt_tui_role_in(app, "widget: Keep a history", tui_cells_find(app->cells, 1, "New")),
			 TUI_ROLE_NEW_VERSION);
	{
		const char *a[] = {pbt_patchbay(), "--demo-dir", d->dir, "list", "--json", NULL};
		assert_int_equal(pbt_run(ctx, &out, NULL, NULL, a), 0);
		pbt_assert_contains(out, "\"new_version\": true");
	}
	talloc_free(ctx);
}

/* Saved searches: git config patchbay.search.NAME and the built-ins,
 * with counts; Enter shows one in the list; a state set by hand is one. */
/* Snooze on a git tag from the prompt: names git refuses are said; the
 * series shows snoozed, as with a day, until the tag is in the demo's
 * repository and the model is made again. */
static void test_demo_snooze_tag(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_demo_result_t *d;
	tui_app_opts_t ao = {.rows = 24, .cols = 100, .now = PBT_DEMO_NOW};
	tui_app_t *app;
	pb_conf_t *conf = NULL;
	char *env;
	(void)state;
	d = pbt_tui_demo_new(ctx, pbt_tmpdir(ctx));
	env = talloc_asprintf(ctx, "NOTMUCH_CONFIG=%s", d->config_path);
	assert_int_equal(pb_conf_open(ctx, &conf, d->repo_path, NULL), PB_OK);
	ao.conf = conf;
	ao.repo_path = d->repo_path;
	app = pbt_tui_app_new(ctx, &ao, d->db_path);
	go_to(app, "net: Accept clients on a TCP");
	pbt_tui_keys(app, "z");
	pbt_tui_type(app, "tag:");
	pbt_assert_contains(pbt_tui_message_line(app), "snooze: tag: wants the name of a git tag");
	pbt_tui_keys(app, "z");
	pbt_tui_type(app, "tag:v1..2");
	pbt_assert_contains(pbt_tui_message_line(app), "snooze: 'v1..2' is not a name git takes for a tag");
	assert_string_equal(count(ctx, env, "tag:pb/snoozed"), "0\n");
	pbt_tui_keys(app, "z");
	pbt_tui_type(app, "tag:v9.9-rc1");
	pbt_assert_contains(pbt_tui_message_line(app), "1 series snoozed until tag v9.9-rc1: out of the queue till then");
	pbt_assert_not_contains(pbt_tui_message_line(app), "could not be checked");
	assert_string_equal(count(ctx, env, "tag:pb/snoozed and tag:pb/snoozed-until-tag/v9.9-rc1"), "4\n");
	pbt_assert_contains(tui_cells_row_text(ctx, app->cells, pbt_tui_row_with(app, "net: Accept clients on a TCP")),
			    "snoozed    v1");
	/* the tag is made; the next model wakes it */
	pbt_sh("git -C '%s' tag v9.9-rc1", d->repo_path);
	tui_app_store_begin(app);
	tui_app_store_end(app);
	pbt_assert_not_contains(tui_cells_row_text(ctx, app->cells, pbt_tui_row_with(app, "net: Accept clients on a TCP")),
				"snoozed");
	talloc_free(ctx);
}

static void test_demo_searches(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_demo_result_t *d;
	tui_app_opts_t ao = {.rows = 24, .cols = 100, .now = PBT_DEMO_NOW};
	tui_app_t *app;
	pb_conf_t *conf = NULL;
	char *out = NULL, *s;
	(void)state;
	d = pbt_tui_demo_new(ctx, pbt_tmpdir(ctx));
	pbt_sh("git -C '%s' config patchbay.search.olivia 'from:olivia.chen@example.org' && "
	       "git -C '%s' config patchbay.search.bad 'date:nonsense..'",
	       d->repo_path, d->repo_path);
	assert_int_equal(pb_conf_open(ctx, &conf, d->repo_path, NULL), PB_OK);
	ao.conf = conf;
	ao.repo_path = d->repo_path;
	app = pbt_tui_app_new(ctx, &ao, d->db_path);
	go_to(app, "net: Accept clients on a TCP");
	pbt_tui_keys(app, "s");
	pbt_tui_type(app, "deferred");
	pbt_tui_keys(app, "y");
	s = pbt_tui_screen(app);
	pbt_assert_contains(s, "Search               Series  Query");
	pbt_assert_contains(s, "all                      11  *\n");
	pbt_assert_contains(s, "unread                   11  tag:unread\n");
	pbt_assert_contains(s, "olivia                    5  from:olivia.chen@example.org\n");
	pbt_assert_contains(s, "state:deferred            1  tag:pb/deferred\n");
	pbt_assert_not_contains(s, "state:rejected");
	/* a query notmuch refuses is left out, and said */
	pbt_assert_not_contains(s, "\nbad ");
	pbt_assert_contains(pbt_tui_status_line(app), "patchbay.search.bad:");
	/* Enter on "olivia": the list shows that search */
	pbt_tui_keys(app, "j j");
	pbt_tui_keys(app, "<Enter>");
	s = pbt_tui_screen(app);
	pbt_assert_contains(s, "patchbay: series matching from:olivia.chen@example.org");
	pbt_assert_contains(s, " 5 series");
	pbt_assert_contains(pbt_tui_message_line(app), "search olivia: 5 series");
	/* the command line says the same */
	{
		const char *a[] = {pbt_patchbay(), "--demo-dir", d->dir, "searches", "--json", NULL};
		assert_int_equal(pbt_run(ctx, &out, NULL, NULL, a), 0);
		pbt_assert_contains(out, "\"name\": \"olivia\",\n  \"query\": \"from:olivia.chen@example.org\",\n"
					 "  \"count\": 5");
		pbt_assert_contains(out, "\"name\": \"state:deferred\"");
	}
	talloc_free(ctx);
}

/* The sync key: the review states go to the team's repository. */
static void test_demo_sync(void **state)
{
	void *ctx;
	pb_demo_result_t *d;
	tui_app_opts_t ao = {.rows = 24, .cols = 120, .now = PBT_DEMO_NOW};
	tui_app_t *app;
	pb_conf_t *conf = NULL;
	char *remote, *work, *out = NULL;
	(void)state;
	/* (skipped before anything is allocated: a skip leaves the test) */
	if (system("notmuch git -h >/dev/null 2>&1") != 0) {
		print_message("skipped: notmuch git is not installed (Debian package notmuch-git)\n");
		skip();
	}
	ctx = talloc_new(NULL);
	d = pbt_tui_demo_new(ctx, pbt_tmpdir(ctx));
	remote = talloc_asprintf(ctx, "%s/team.git", pbt_tmpdir(ctx));
	work = talloc_asprintf(ctx, "%s/sync.git", pbt_tmpdir(ctx));
	pbt_sh("git init -q --bare '%s' && git -C '%s' config patchbay.sync.remote '%s' && "
	       "git -C '%s' config patchbay.sync.repo '%s'",
	       remote, d->repo_path, remote, d->repo_path, work);
	assert_int_equal(pb_conf_open(ctx, &conf, d->repo_path, NULL), PB_OK);
	ao.conf = conf;
	ao.repo_path = d->repo_path;
	app = pbt_tui_app_new(ctx, &ao, d->db_path);
	app->iopts.config_path = talloc_strdup(app, d->config_path);
	go_to(app, "net: Accept clients on a TCP");
	pbt_tui_keys(app, "s");
	pbt_tui_type(app, "deferred");
	pbt_tui_keys(app, "S");
	pbt_assert_contains(pbt_tui_message_line(app), "sync: new repository; 4 tag changes sent, 0 received from ");
	pbt_assert_contains(pbt_tui_message_line(app), "; 0 conflicts");
	{
		const char *a[] = {"git", "-C", remote, "log", "--oneline", "--all", NULL};
		assert_int_equal(pbt_run(ctx, &out, NULL, NULL, a), 0);
		assert_true(strlen(out) > 0);
	}
	/* the state is still the one set, read back */
	pbt_assert_contains(tui_cells_row_text(ctx, app->cells, pbt_tui_row_with(app, "net: Accept clients on a TCP")),
			    "deferred*");
	talloc_free(ctx);
}

/* K on marked series: an Acked-by reply for each, on its cover, stacked
 * so that the first marked comes first. */
static void test_demo_ack_marked(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_demo_result_t *d;
	tui_app_opts_t ao = {.rows = 30, .cols = 120, .now = PBT_DEMO_NOW};
	tui_app_t *app;
	pb_conf_t *conf = NULL;
	char *s;
	(void)state;
	d = pbt_tui_demo_new(ctx, pbt_tmpdir(ctx));
	assert_int_equal(pb_conf_open(ctx, &conf, d->repo_path, NULL), PB_OK);
	ao.conf = conf;
	ao.repo_path = d->repo_path;
	app = pbt_tui_app_new(ctx, &ao, d->db_path);
	go_to(app, "net: Accept clients on a TCP");
	pbt_tui_keys(app, "t");
	go_to(app, "widget: Load drivers");
	pbt_tui_keys(app, "t");
	pbt_tui_keys(app, "K");
	assert_int_equal(tui_app_depth(app), 3);
	pbt_assert_contains(pbt_tui_message_line(app), "2 replies to write, one after the other");
	s = pbt_tui_screen(app);
	pbt_assert_contains(s, "Re: [PATCH 0/4] net: Accept clients on a TCP port");
	pbt_assert_contains(pbt_tui_status_line(app), "Acked-by reply");
	/* the one below is the second marked series' */
	pbt_assert_contains(tui_app_view(app, 1)->ops->title(tui_app_view(app, 1), ctx), "Re: [RFC PATCH 0/2] widget: Load drivers");
	talloc_free(ctx);
}

/* A kept draft shows in the tree as such, and Enter takes it up in the
 * compose view. */
static void test_demo_draft_resume(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_demo_result_t *d;
	tui_app_opts_t ao = {.rows = 40, .cols = 120, .now = PBT_DEMO_NOW};
	tui_app_t *app;
	pb_conf_t *conf = NULL;
	char *out = NULL, *err = NULL;
	int r;
	(void)state;
	d = pbt_tui_demo_new(ctx, pbt_tmpdir(ctx));
	{
		const char *a[] = {pbt_patchbay(), "--demo-dir", d->dir, "reply", "history-v3-2@demo.widgetd.org", "--ack",
				   "--draft", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
		pbt_assert_contains(err, "kept as a draft in ");
	}
	assert_int_equal(pb_conf_open(ctx, &conf, d->repo_path, NULL), PB_OK);
	ao.conf = conf;
	ao.repo_path = d->repo_path;
	app = pbt_tui_app_new(ctx, &ao, d->db_path);
	go_to(app, "widget: Keep a history");
	pbt_tui_keys(app, "<Enter>");
	pbt_tui_keys(app, "E");
	r = pbt_tui_row_with(app, "draft, not sent (Enter takes it up)");
	assert_true(r > 0);
	pbt_tui_keys(app, "<Home>");
	for (int k = 1; k < r; k++)
		pbt_tui_keys(app, "j");
	pbt_tui_keys(app, "<Enter>");
	pbt_assert_contains(pbt_tui_screen(app), "compose: Re: [PATCH v3 2/4]");
	pbt_assert_contains(pbt_tui_status_line(app), "kept draft");
	pbt_assert_contains(pbt_tui_message_line(app), "the draft kept in ");
	talloc_free(ctx);
}

/* s on a patch of the tree: the patch's own state, the series' kept. */
static void test_demo_patch_state(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_demo_result_t *d;
	tui_app_opts_t ao = {.rows = 40, .cols = 140, .now = PBT_DEMO_NOW};
	tui_app_t *app;
	char *env;
	int r;
	(void)state;
	d = pbt_tui_demo_new(ctx, pbt_tmpdir(ctx));
	env = talloc_asprintf(ctx, "NOTMUCH_CONFIG=%s", d->config_path);
	app = pbt_tui_app_new(ctx, &ao, d->db_path);
	go_to(app, "widget: Keep a history");
	pbt_tui_keys(app, "<Enter>");
	r = pbt_tui_row_with(app, "2/4 widget: Keep the last readings");
	assert_true(r > 0);
	pbt_tui_keys(app, "<Home>");
	for (int k = 1; k < r; k++)
		pbt_tui_keys(app, "j");
	pbt_tui_keys(app, "s");
	pbt_assert_contains(pbt_tui_screen(app), "State of patch 2/4 (");
	pbt_tui_type(app, "rejected");
	pbt_assert_contains(pbt_tui_message_line(app), "state of patch 2: rejected (kept in notmuch as tag "
						       "pb/patch/rejected; the series' stays)");
	assert_string_equal(count(ctx, env, "tag:pb/patch/rejected"), "1\n");
	assert_string_equal(count(ctx, env, "tag:pb/rejected"), "0\n");
	pbt_assert_contains(tui_cells_row_text(ctx, app->cells, pbt_tui_row_with(app, "2/4 widget: Keep the last")),
			    "[rejected*]");
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_list),
		cmocka_unit_test(test_demo_list_status_80),
		cmocka_unit_test(test_demo_escape_patch),
		cmocka_unit_test(test_demo_cjk_author),
		cmocka_unit_test(test_demo_history),
		cmocka_unit_test(test_demo_proto),
		cmocka_unit_test(test_demo_store_refresh),
		cmocka_unit_test(test_demo_snooze_tag),
		cmocka_unit_test(test_demo_join_split),
		cmocka_unit_test(test_demo_set_state),
		cmocka_unit_test(test_demo_bulk_state),
		cmocka_unit_test(test_demo_range),
		cmocka_unit_test(test_demo_range_tree),
		cmocka_unit_test(test_demo_read_state),
		cmocka_unit_test(test_demo_searches),
		cmocka_unit_test(test_demo_sync),
		cmocka_unit_test(test_demo_ack_marked),
		cmocka_unit_test(test_demo_draft_resume),
		cmocka_unit_test(test_demo_patch_state),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("tui_demo", tests, pbt_tui_setup_demo, pbt_tui_teardown);
}
