/* test_tui_screen.c: the views rendered into cells (no terminal) and
 * compared with the expected screens, on the triage archive. */
#include "tests/lib/pbtest.h"
#include "tests/lib/pbfixture.h"
#include "tests/tui/pbt_tui.h"

/* the name as its header writes it: with combining marks */
#define JOSE "Jose\xcc\x81 Mu\xcc\x88ller"

static void test_list(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 24, 80);
	int title_col;
	(void)state;
	assert_string_equal(pbt_tui_screen(app),
		" patchbay: series                                                        ?:help\n"
		"State      Ver Rcv ART Chk  Age W Author      Title\n"
		"new        v1  1/1 --- ok    3d r 田中太郎    x86: ^[[31mFix^[[0m early console\n"
		"incomplete v2  2/3 -1- E1    3d a Jane Doe    pwm: foo: Add a driver for the Foo\n"
		"reviewed   v3  2/2 111 ok    7d r " JOSE " net: bar: Fix the queue handling\n"
		"applied    v1  1/1 --- ok    9d - Alice Examp docs: Fix a typo\n"
		"\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n"
		" 4 series: 1 new, 1 reviewed, 1 incomplete, 1 applied\n"
		"\n");
	/* wide and combining names are measured: the titles line up */
	title_col = tui_cells_find(app->cells, 1, "Title");
	assert_int_equal(tui_cells_find(app->cells, 2, "x86"), title_col);
	assert_int_equal(tui_cells_find(app->cells, 3, "pwm"), title_col);
	assert_int_equal(tui_cells_find(app->cells, 4, "net"), title_col);
	/* the escape sequence is text, not an escape */
	for (int r = 0; r < 24; r++)
		for (int c = 0; c < 80; c++)
			assert_null(strchr(tui_cells_at(app->cells, r, c)->ch, 0x1b));
	/* colours by role, the cursor on the first row */
	assert_int_equal(pbt_tui_role_at(app, 2, 0), TUI_ROLE_STATE_NEW);
	assert_int_equal(pbt_tui_role_at(app, 3, 0), TUI_ROLE_STATE_INCOMPLETE);
	assert_int_equal(pbt_tui_role_at(app, 3, 15), TUI_ROLE_MISSING);
	assert_int_equal(pbt_tui_role_at(app, 3, 23), TUI_ROLE_CHECK_ERROR);
	assert_int_equal(pbt_tui_role_at(app, 2, 23), TUI_ROLE_DIM);
	assert_int_equal(pbt_tui_role_at(app, 3, 32), TUI_ROLE_WAITS_AUTHOR);
	assert_true(tui_cells_at(app->cells, 2, 79)->attr & TUI_A_SELECTED);
	assert_false(tui_cells_at(app->cells, 3, 0)->attr & TUI_A_SELECTED);
	talloc_free(ctx);
}

static void test_list_sort_filter_query(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 24, 80);
	(void)state;
	/* n/p move; o sorts by the next key; the cursor stays on its series */
	pbt_tui_keys(app, "n n");
	assert_int_equal(tui_view_cursor(tui_app_view(app, 0)), 2);
	pbt_tui_keys(app, "o");
	pbt_assert_contains(tui_app_message_text(app), "sorted by date");
	assert_int_equal(pbt_tui_row_with(app, "net: bar"), 4);
	assert_true(tui_cells_at(app->cells, 4, 0)->attr & TUI_A_SELECTED);
	pbt_tui_keys(app, "o o");
	pbt_assert_contains(tui_app_message_text(app), "sorted by author");
	assert_int_equal(pbt_tui_row_with(app, "Alice"), 2);
	pbt_tui_keys(app, "O");
	assert_int_equal(pbt_tui_row_with(app, "Alice"), 5);
	pbt_assert_contains(pbt_tui_screen(app),
			    " 4 series: 1 new, 1 reviewed, 1 incomplete, 1 applied | by author (rev)\n");
	pbt_tui_keys(app, "O o o o a");
	pbt_assert_contains(pbt_tui_screen(app), " 3 series: 1 new, 1 reviewed, 1 incomplete\n");
	pbt_assert_not_contains(pbt_tui_screen(app), "typo");
	pbt_tui_keys(app, "a");
	/* l takes a notmuch query (mutt's limit); a bad one keeps the list */
	pbt_tui_keys(app, "l");
	pbt_assert_contains(pbt_tui_screen(app), "\nQuery:\n");
	pbt_tui_type(app, "from:uwe@example.org");
	pbt_assert_contains(pbt_tui_screen(app), " patchbay: series matching from:uwe@example.org");
	pbt_assert_contains(pbt_tui_screen(app), " 1 series: 1 incomplete\n");
	pbt_tui_keys(app, "l C-u");
	pbt_tui_type(app, "date:2024-99..");
	pbt_assert_contains(pbt_tui_screen(app), "bad notmuch query 'date:2024-99..': ");
	pbt_assert_contains(pbt_tui_screen(app), " 1 series: 1 incomplete\n");
	/* no control character gets into the prompt */
	pbt_tui_keys(app, "l C-u");
	tui_app_key(app, 0x9b);
	tui_app_key(app, 0x7f);
	tui_app_key(app, 'x');
	assert_string_equal(tui_app_prompt_input(app), "x");
	pbt_tui_keys(app, "<Esc>");
	/* Esc leaves the prompt; an empty query shows everything */
	pbt_tui_keys(app, "l x <Esc>");
	pbt_assert_contains(pbt_tui_screen(app), " 1 series");
	pbt_tui_keys(app, "l C-u <Enter>");
	pbt_assert_contains(pbt_tui_screen(app), " 4 series");
	/* / searches the text of the list, n and N go on */
	pbt_tui_keys(app, "/");
	pbt_assert_contains(pbt_tui_screen(app), "\nSearch:\n");
	pbt_tui_type(app, "Fix");
	assert_true(tui_cells_at(app->cells, pbt_tui_row_with(app, "net: bar: Fix"), 0)->attr & TUI_A_SELECTED);
	pbt_tui_keys(app, "n");
	assert_true(tui_cells_at(app->cells, pbt_tui_row_with(app, "docs: Fix a typo"), 0)->attr & TUI_A_SELECTED);
	pbt_tui_keys(app, "N");
	assert_true(tui_cells_at(app->cells, pbt_tui_row_with(app, "net: bar: Fix"), 0)->attr & TUI_A_SELECTED);
	pbt_assert_contains(pbt_tui_screen(app), " 4 series");
	pbt_tui_keys(app, "Z");
	pbt_assert_contains(pbt_tui_screen(app), "Z is not bound in the series list (? shows the keys)");
	talloc_free(ctx);
}

static void test_tree(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 24, 80);
	char *s;
	(void)state;
	pbt_tui_keys(app, "j <Enter>");
	s = pbt_tui_screen(app);
	pbt_assert_contains(s,
		" series: pwm: foo: Add a driver for the Foo PWM                          ?:help\n"
		"[-] pwm: foo: Add a driver for the Foo PWM  Jane Doe, incomplete\n"
		"  [+] v1  2024-03-01  2/2  A0 R0 T0  1 reply\n"
		"  [-] v2  2024-03-10  2/3  A0 R1 T0  1 reply  1 missing  link: patch-id  [E1]\n"
		"        0/3 pwm: foo: Add a driver for the Foo PWM  (cover)  [E1]\n"
		"    [+] 1/3 dt-bindings: pwm: Add foo  R1  1 reply\n"
		"        2/3 (not received)\n"
		"        3/3 MAINTAINERS: Add foo\n"
		"\n");
	pbt_assert_contains(s, " 2 versions, latest v2: 2/3 patches, incomplete, waits on author\n");
	assert_int_equal(tui_view_cursor(tui_app_view(app, 1)), 2);
	assert_int_equal(pbt_tui_role_at(app, 6, 8), TUI_ROLE_MISSING);
	/* expand v1 and a patch's replies; collapse from a leaf */
	pbt_tui_keys(app, "k <Space> j j j <Right>");
	s = pbt_tui_screen(app);
	pbt_assert_contains(s,
		"  [-] v1  2024-03-01  2/2  A0 R0 T0  1 reply\n"
		"        0/2 pwm: foo: Add a driver for the Foo PWM  (cover)\n"
		"        1/2 dt-bindings: pwm: Add foo\n"
		"    [-] 2/2 pwm: foo: Add a driver  1 reply\n"
		"          Uwe Reviewer  2024-03-02 08:00\n"
		"  [-] v2");
	pbt_tui_keys(app, "j -");
	pbt_assert_contains(pbt_tui_screen(app), "    [+] 2/2 pwm: foo: Add a driver  1 reply\n  [-] v2");
	pbt_tui_keys(app, "C");
	pbt_assert_contains(pbt_tui_screen(app), "[-] pwm: foo: Add a driver for the Foo PWM  Jane Doe, incomplete\n"
					 "  [+] v1  2024-03-01  2/2  A0 R0 T0  1 reply\n"
					 "  [+] v2  2024-03-10  2/3  A0 R1 T0  1 reply  1 missing  link: patch-id  [E1]\n\n");
	pbt_tui_keys(app, "E");
	pbt_assert_contains(pbt_tui_screen(app), "Rob Bindings  2024-03-11 15:00  Reviewed-by");
	/* a missing patch says so; q goes back to the list */
	pbt_tui_keys(app, "<End> k <Enter>");
	pbt_assert_contains(pbt_tui_screen(app), "patch 2/3 was never received");
	pbt_tui_keys(app, "q");
	pbt_assert_contains(pbt_tui_screen(app), " patchbay: series");
	talloc_free(ctx);
}

static void test_patch(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 24, 80);
	int r;
	(void)state;
	pbt_tui_keys(app, "j j <Enter> j j <Enter>");
	assert_string_equal(pbt_tui_screen(app),
		" [PATCH v3 1/2] net: bar: Take the slot under the lock                   ?:help\n"
		"From: " JOSE " <jose@example.com>\n"
		"Date: Tue, 5 Mar 2024 09:00:01 +0000\n"
		"Subject: [PATCH v3 1/2] net: bar: Take the slot under the lock\n"
		"To: linux-foo@vger.example.org\n"
		"Message-ID: <bar-v3-1@example.com>\n"
		"\n"
		"The queue index was taken before the lock, so two CPUs could take\n"
		"the same slot. Take it under the lock.\n"
		"\n"
		"Fixes: 0123456789ab (\"net: bar: Add queues\")\n"
		"Signed-off-by: José Müller <jose@example.com>\n"
		"---\n"
		"Changes in v3:\n"
		"- take the lock in bar_xmit() too\n"
		"\n"
		" drivers/net/bar/queue.c | 4 +++-\n"
		" drivers/net/bar/queue.h | 1 +\n"
		" 2 files changed, 4 insertions(+), 1 deletion(-)\n"
		"\n"
		"diff --git a/drivers/net/bar/queue.c b/drivers/net/bar/queue.c\n"
		"index 5555555..6666666 100644\n"
		" patch 1/2 of v3 | 2 replies | 2 files | line 1/39\n"
		"\n");
	assert_int_equal(pbt_tui_role_at(app, 10, 0), TUI_ROLE_TRAILER);
	assert_int_equal(pbt_tui_role_at(app, 16, 3), TUI_ROLE_DIFFSTAT);
	/* ] goes to the next hunk, at the top */
	pbt_tui_keys(app, "]");
	assert_int_equal(pbt_tui_row_with(app, "@@ -10,4 +10,6 @@"), 1);
	assert_int_equal(pbt_tui_role_at(app, 1, 0), TUI_ROLE_DIFF_HUNK);
	assert_int_equal(pbt_tui_role_at(app, 2, 0), TUI_ROLE_DIFF_CONTEXT);
	assert_int_equal(pbt_tui_role_at(app, 3, 0), TUI_ROLE_DIFF_DEL);
	assert_int_equal(pbt_tui_role_at(app, 4, 0), TUI_ROLE_DIFF_ADD);
	/* the trailing blanks of an added line stand out */
	r = pbt_tui_row_with(app, "spin_lock(&b->lock);");
	assert_int_equal(pbt_tui_role_at(app, r, 27), TUI_ROLE_DIFF_ADD);
	assert_int_equal(pbt_tui_role_at(app, r, 28), TUI_ROLE_DIFF_WS);
	assert_int_equal(pbt_tui_role_at(app, r, 30), TUI_ROLE_DIFF_WS);
	assert_int_equal(pbt_tui_role_at(app, r, 31), TUI_ROLE_DEFAULT);
	/* and a space before a tab */
	r = pbt_tui_row_with(app, "+       slot = b->next++;");
	assert_int_equal(pbt_tui_role_at(app, r, 1), TUI_ROLE_DIFF_WS);
	/* } to the next file, { back */
	pbt_tui_keys(app, "}");
	assert_int_equal(pbt_tui_row_with(app, "diff --git a/drivers/net/bar/queue.h"), 1);
	pbt_assert_contains(pbt_tui_screen(app), "| file 2/2 |");
	pbt_tui_keys(app, "{ {");
	assert_int_equal(pbt_tui_row_with(app, "diff --git a/drivers/net/bar/queue.c"), 1);
	pbt_tui_keys(app, "}");
	pbt_tui_keys(app, "}");
	pbt_assert_contains(pbt_tui_screen(app), "\nno next file\n");
	/* search in the page: / then n */
	pbt_tui_keys(app, "<Home> /");
	pbt_tui_type(app, "LOCK");
	assert_int_equal(tui_view_cursor(tui_app_view(app, 2)), 2);
	assert_true(tui_cells_at(app->cells, pbt_tui_row_with(app, "Take it under the lock"), 33)->attr & TUI_A_MATCH);
	assert_false(tui_cells_at(app->cells, pbt_tui_row_with(app, "Take it under the lock"), 32)->attr & TUI_A_MATCH);
	pbt_tui_keys(app, "n");
	assert_int_equal(tui_view_cursor(tui_app_view(app, 2)), 6);
	pbt_tui_keys(app, "n n N");
	assert_int_equal(tui_view_cursor(tui_app_view(app, 2)), 7);
	/* j: the next patch, with the trailers its replies gave */
	pbt_tui_keys(app, "j");
	pbt_assert_contains(pbt_tui_screen(app), "Signed-off-by: José Müller <jose@example.com>\n"
					 "+ Reviewed-by: Thierry Maint <thierry@example.org>  (in a reply)\n"
					 "+ Tested-by: Tess Tester <tess@example.org>  (in a reply)\n"
					 "+ Acked-by: Tess Tester <tess@example.org>  (in a reply)\n---\n");
	assert_int_equal(pbt_tui_role_at(app, pbt_tui_row_with(app, "+ Tested-by"), 2), TUI_ROLE_TRAILER);
	pbt_tui_keys(app, "j");
	pbt_assert_contains(pbt_tui_screen(app), "this is the last patch of v3");
	pbt_tui_keys(app, "k k k");
	pbt_assert_contains(pbt_tui_screen(app), " cover letter of v3 | line 1/");
	pbt_assert_contains(pbt_tui_screen(app), "this is the first mail of v3");
	talloc_free(ctx);
}

/* Long lines are cut at the edge; > and < (and the arrows) move the page
 * sideways half a screen at a time, up to the end of the widest line. */
static void test_patch_sideways(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 24, 40);
	const char *diff = "diff --git a/drivers/net/bar/queue.c b/drivers/net/bar/queue.c";
	tui_view_t *v;
	int r;
	(void)state;
	pbt_tui_keys(app, "j j <Enter> j j <Enter>");
	v = tui_app_view(app, 2);
	pbt_tui_screen(app); /* (painted: the page is laid out) */
	assert_int_equal(tui_view_max_cols(v), (int)strlen(diff));
	pbt_tui_keys(app, "}");
	r = pbt_tui_row_with(app, "diff --git a/drivers/net/bar/queue.c");
	assert_int_equal(r, 1);
	pbt_tui_screen(app);
	assert_string_equal(tui_cells_row_text(ctx, app->cells, r), "diff --git a/drivers/net/bar/queue.c b/d");
	pbt_tui_keys(app, ">");
	assert_int_equal(tui_view_hscroll(v), 20);
	pbt_tui_screen(app);
	assert_string_equal(tui_cells_row_text(ctx, app->cells, r), "/net/bar/queue.c b/drivers/net/bar/queue");
	/* every line moves, the short ones too */
	assert_string_equal(tui_cells_row_text(ctx, app->cells, r + 1), "66 100644");
	/* to the end of the widest line, then no further */
	for (int i = 0; i < 20; i++)
		pbt_tui_keys(app, "<Right>");
	assert_int_equal(tui_view_hscroll(v), tui_view_max_cols(v) - 40);
	pbt_assert_contains(tui_app_message_text(app), "no line is longer");
	pbt_tui_keys(app, "<lt> <Left> <Left> <Left> <Left> <Left> <Left> <Left> <Left>");
	assert_int_equal(tui_view_hscroll(v), 0);
	pbt_tui_screen(app);
	assert_string_equal(tui_cells_row_text(ctx, app->cells, r), "diff --git a/drivers/net/bar/queue.c b/d");
	/* the next patch starts at the left edge */
	pbt_tui_keys(app, "> j");
	assert_int_equal(tui_view_hscroll(v), 0);
	talloc_free(ctx);
}

static void test_thread(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 24, 80);
	int r;
	(void)state;
	/* the whole thread: the patch itself (its diff folded), then the
	 * replies under it; it opens on the first reply, the patch one k up */
	pbt_tui_keys(app, "j j <Enter> j j t");
	assert_int_equal(pbt_tui_row_with(app, "  Thierry Maint <thierry@example.org>"), 1);
	pbt_assert_contains(pbt_tui_screen(app), " message 2/3 |");
	pbt_tui_keys(app, "k");
	assert_string_equal(pbt_tui_screen(app),
		" thread: [PATCH v3 1/2] net: bar: Take the slot under the lock           ?:help\n"
		JOSE " <jose@example.com>  2024-03-05 09:00\n"
		"[PATCH v3 1/2] net: bar: Take the slot under the lock\n"
		"The queue index was taken before the lock, so two CPUs could take\n"
		"the same slot. Take it under the lock.\n"
		"\n"
		"Fixes: 0123456789ab (\"net: bar: Add queues\")\n"
		"Signed-off-by: Jos\xc3\xa9 M\xc3\xbcller <jose@example.com>\n"
		"---\n"
		"Changes in v3:\n"
		"- take the lock in bar_xmit() too\n"
		"\n"
		" drivers/net/bar/queue.c | 4 +++-\n"
		" drivers/net/bar/queue.h | 1 +\n"
		" 2 files changed, 4 insertions(+), 1 deletion(-)\n"
		"\n"
		"[+] the diff, 20 lines\n"
		"\n"
		"  Thierry Maint <thierry@example.org>  2024-03-07 10:00\n"
		"  Re: [PATCH v3 1/2] net: bar: Take the slot under the lock\n"
		"On Tue, Mar 05, 2024 at 10:00:00AM +0100, Jos\xc3\xa9 M\xc3\xbcller wrote:\n"
		"[+] 15 quoted lines\n"
		" message 1/3 | 1 of 1 long quote folded | line 1/35\n"
		"\n");
	assert_int_equal(pbt_tui_role_at(app, 1, 0), TUI_ROLE_THREAD_HEADER);
	assert_int_equal(pbt_tui_role_at(app, 7, 0), TUI_ROLE_TRAILER);
	assert_int_equal(pbt_tui_role_at(app, 16, 0), TUI_ROLE_FOLD);
	assert_int_equal(pbt_tui_role_at(app, 18, 2), TUI_ROLE_THREAD_HEADER);
	/* z on the fold shows the diff, in the diff's colours, and folds it */
	pbt_tui_keys(app, "/");
	pbt_tui_type(app, "the diff,");
	pbt_tui_keys(app, "z");
	r = pbt_tui_row_with(app, "diff --git a/drivers/net/bar/queue.c");
	assert_true(r > 0);
	assert_int_equal(pbt_tui_role_at(app, r, 0), TUI_ROLE_DIFF_META);
	assert_int_equal(pbt_tui_role_at(app, pbt_tui_row_with(app, "+++ b/drivers/net/bar/queue.c"), 0),
			 TUI_ROLE_DIFF_FILE);
	pbt_tui_keys(app, "z");
	pbt_assert_contains(pbt_tui_screen(app), "[+] the diff, 20 lines\n");
	/* j to the first reply; z unfolds the quote at the cursor; levels
	 * have their colours */
	pbt_tui_keys(app, "j");
	assert_int_equal(pbt_tui_row_with(app, "  Thierry Maint <thierry@example.org>"), 1);
	pbt_assert_contains(pbt_tui_screen(app), " message 2/3 |");
	pbt_tui_keys(app, "<Enter> <Enter> <Enter> z");
	r = pbt_tui_row_with(app, "> > Earlier: why not an atomic?");
	assert_int_equal(pbt_tui_role_at(app, r, 0), TUI_ROLE_QUOTE2);
	assert_int_equal(pbt_tui_role_at(app, r - 2, 0), TUI_ROLE_QUOTE1);
	pbt_assert_contains(pbt_tui_screen(app), "| 0 of 1 long quote folded |");
	pbt_tui_keys(app, "<Enter> z");
	pbt_assert_contains(pbt_tui_screen(app), "[+] 15 quoted lines\n");
	/* j and k move between messages */
	pbt_tui_keys(app, "j");
	assert_int_equal(pbt_tui_row_with(app, "    " JOSE " <jose@example.com>"), 1);
	pbt_assert_contains(pbt_tui_screen(app), " message 3/3 |");
	pbt_tui_keys(app, "k");
	assert_int_equal(pbt_tui_row_with(app, "  Thierry Maint <thierry@example.org>"), 1);
	/* Z folds and unfolds the quotes, not the diff */
	pbt_tui_keys(app, "Z");
	pbt_assert_contains(tui_app_message_text(app), "long quotes unfolded");
	pbt_tui_keys(app, "Z");
	pbt_assert_contains(tui_app_message_text(app), "long quotes folded");
	pbt_tui_keys(app, "k k");
	pbt_assert_contains(pbt_tui_screen(app), "[+] the diff, 20 lines\n");
	talloc_free(ctx);
}

/* Every action of the one table is on the help screen, with its help. */
static void test_help(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 200, 100);
	char *s;
	(void)state;
	pbt_tui_keys(app, "j <Enter> j j <Enter> ?");
	s = pbt_tui_screen(app);
	pbt_assert_contains(s, "Keys of the patch view (keymap section \"patch\")\n"
			       "  i                  close         Close this view and go back to the one below\n"
			       "  <Enter>            next          Move the cursor to the next line\n");
	pbt_assert_contains(s, "  }                  next-file     Go to the next file of the diff\n");
	pbt_assert_contains(s, "  q                  close         Close this view and go back to the one below\n");
	for (int a = 1; a < TUI_ACT_COUNT; a++) {
		pbt_assert_contains(s, tui_action_name((tui_action_t)a));
		pbt_assert_contains(s, tui_action_help((tui_action_t)a));
	}
	pbt_assert_contains(s, "  diff-add          added lines\n");
	/* what each state means (issue 11: "acked" with A0 R1 read as a bug) */
	pbt_assert_contains(s, "\n  acked       every patch has an Acked-by or a Reviewed-by (so A0 R1 is acked:");
	pbt_assert_contains(s, "\n  changes*    review asked for changes");
	pbt_assert_contains(s, "\n  snoozed     put to sleep with z");
	assert_int_equal(pbt_tui_role_at(app, pbt_tui_row_with(app, "  diff-add "), 2), TUI_ROLE_DIFF_ADD);
	pbt_tui_keys(app, "q q q");
	pbt_assert_contains(pbt_tui_screen(app), " patchbay: series");
	/* q on the bottom view asks first; n stays, y quits; Q does not ask */
	pbt_tui_keys(app, "q");
	pbt_assert_contains(pbt_tui_message_line(app), "Quit patchbay? (y/n)");
	assert_false(tui_app_quitting(app));
	pbt_tui_keys(app, "n");
	assert_false(tui_app_quitting(app));
	pbt_tui_keys(app, "q y");
	assert_true(tui_app_quitting(app));
	app = pbt_tui_app(ctx, 24, 80);
	pbt_tui_keys(app, "Q");
	assert_true(tui_app_quitting(app));
	/* git config patchbay.confirmQuit false: q quits at once */
	{
		pb_conf_t *conf;
		tui_app_opts_t o = {.rows = 24, .cols = 80, .now = PBT_DEMO_NOW};
		pbt_sh("git config --global patchbay.confirmQuit false");
		assert_int_equal(pb_conf_open(ctx, &conf, "", NULL), PB_OK);
		o.conf = conf;
		app = pbt_tui_app_new(ctx, &o, pbt_tui_db());
		pbt_sh("git config --global --unset patchbay.confirmQuit");
		pbt_tui_keys(app, "q");
		assert_true(tui_app_quitting(app));
	}
	talloc_free(ctx);
}

/* A view's keys longer than their column wrap inside it: vi's
 * "C-f <PageDown> <Space>" pushed page-down and its help out of line
 * (issue 11, bug 15). At 80 columns every row keeps its columns. */
static void test_help_long_keys(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 200, 80);
	tui_keymap_t *km;
	char *s;
	(void)state;
	assert_int_equal(tui_keymap_new(app, &km), PB_OK);
	assert_true(tui_keymap_load_builtin(km, "vi", NULL));
	app->keymap = km;
	pbt_tui_keys(app, "?");
	s = pbt_tui_screen(app);
	pbt_assert_contains(s, "\n  C-f <PageDown>     page-down     ");
	pbt_assert_contains(s, "\n  <Space>\n");
	pbt_assert_contains(s, "\n  D                  interdiff-versions\n                                   Show what changed");
	/* every action's name starts in the same column (above the colours) */
	assert_non_null(strstr(s, "\nColours ("));
	*strstr(s, "\nColours (") = '\0';
	for (char *l = s, *e; (e = strchr(l, '\n')); l = e + 1) {
		char *row = talloc_strndup(ctx, l, (size_t)(e - l));
		for (int a = 1; a < TUI_ACT_COUNT; a++) {
			char *at = strstr(row, talloc_asprintf(ctx, " %s ", tui_action_name((tui_action_t)a)));
			if (at && row[0] == ' ' && row[1] == ' ' && row[2] != ' ' && at - row > 18 && at - row < 22)
				if (at - row != 20)
					fail_msg("misaligned: %s", row);
		}
	}
	talloc_free(ctx);
}

/* The status line's parts give way whole, in their order and not the
 * order they stand in (a run of them gone is one "…"); a NULL part is
 * left out; with all gone that give way, the line is as it is. */
static void test_status_fit(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_opts_t o = {.rows = 24, .cols = 80, .now = PBT_FIXTURE_NOW};
	const tui_status_part_t part[] = {{"aaaa", 2}, {"bb", 0}, {"cccccc", 1}, {NULL, 4}, {"ddd", 3}};
	/* at each width (the room is one column less), the line */
	const struct {
		int cols;
		const char *want;
	} fit[] = {
		{80, "H | aaaa, bb, cccccc, ddd | T"}, {30, "H | aaaa, bb, cccccc, ddd | T"},
		{29, "H | aaaa, bb, \u2026, ddd | T"},  {25, "H | aaaa, bb, \u2026, ddd | T"},
		{24, "H | \u2026, bb, \u2026, ddd | T"}, {22, "H | \u2026, bb, \u2026, ddd | T"},
		{21, "H | \u2026, bb, \u2026 | T"},      {10, "H | \u2026, bb, \u2026 | T"},
	};
	tui_app_t *app;
	(void)state;
	assert_int_equal(tui_app_new(ctx, &app, &o), PB_OK);
	for (size_t k = 0; k < sizeof(fit) / sizeof(fit[0]); k++) {
		tui_app_resize(app, 24, fit[k].cols);
		assert_string_equal(tui_app_status_fit(app, ctx, "H | ", "", part, 5, " | T"), fit[k].want);
	}
	/* the first part after FIRST, gone or not; none that gives way */
	tui_app_resize(app, 24, 10);
	assert_string_equal(tui_app_status_fit(app, ctx, "4 series", ": ", &part[2], 1, ""), "4 series: \u2026");
	assert_string_equal(tui_app_status_fit(app, ctx, "4 series", ": ", &part[1], 1, ""), "4 series: bb");
	assert_string_equal(tui_app_status_fit(app, ctx, "0 series", ": ", part, 0, " | so far"), "0 series | so far");
	assert_null(tui_app_status_fit(app, ctx, NULL, "", part, 5, ""));
	talloc_free(ctx);
}

/* Any size down to 80x24 and back, at any moment; too small says so. */
static void test_resize(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 24, 80);
	char *before;
	(void)state;
	pbt_tui_keys(app, "j j <Enter> j j <Enter>");
	before = talloc_strdup(ctx, pbt_tui_screen(app));
	tui_app_resize(app, 30, 120);
	pbt_assert_contains(pbt_tui_screen(app), " [PATCH v3 1/2] net: bar: Take the slot under the lock");
	assert_int_equal(app->cells->cols, 120);
	tui_app_resize(app, 3, 20);
	assert_string_equal(pbt_tui_screen(app), "terminal too small\n\n\n");
	tui_app_resize(app, 24, 80);
	assert_string_equal(pbt_tui_screen(app), before);
	pbt_tui_keys(app, "q q");
	tui_app_resize(app, 40, 132);
	pbt_assert_contains(pbt_tui_screen(app), JOSE "          net: bar: Fix the queue handling\n");
	talloc_free(ctx);
}

/* Keep the partial results after 2 and 4 messages. */
static void keep_first(void *p, pb_series_set_t *set, size_t done, size_t total)
{
	pb_series_set_t **keep = p;
	(void)total;
	if (done == 2)
		keep[0] = set;
	else if (done == 4)
		keep[1] = set;
	else
		talloc_free(set);
}

/* Partial results make the list usable before the index is built. */
static void test_partial_then_final(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_opts_t o = {.rows = 24, .cols = 80, .now = PBT_FIXTURE_NOW};
	pb_index_opts_t io = {.db_path = pbt_tui_db(), .no_cache = true};
	pb_series_set_t *part[2] = {NULL, NULL};
	pb_index_t *idx;
	tui_app_t *app;
	(void)state;
	assert_int_equal(tui_app_new(ctx, &app, &o), PB_OK);
	tui_app_progress(app, 0, 0, 0);
	pbt_assert_contains(pbt_tui_screen(app), "\n no series yet ");
	pbt_assert_contains(pbt_tui_screen(app), " opening the notmuch database\n");
	/* the newest two messages: one series so far */
	{
		pb_index_opts_t po = io;
		po.partial = keep_first;
		po.partial_first = 2;
		po.payload = part;
		assert_int_equal(pb_index_open(ctx, &idx, &po, NULL), PB_OK);
	}
	tui_app_progress(app, 2, 18, 0.5);
	tui_app_set_partial(app, part[0]);
	pbt_assert_contains(pbt_tui_screen(app), "\n 1 series: 1 new | so far ");
	pbt_assert_contains(pbt_tui_screen(app), " reading mail 2/18 (4/s)\n");
	/* newer partial results replace older ones; the cursor stays put */
	tui_app_set_partial(app, part[1]);
	pbt_assert_contains(pbt_tui_screen(app), "\n 2 series: 1 new, 1 incomplete | so far ");
	/* narrow, beside the progress: the counts give way to "so far" */
	tui_app_resize(app, 24, 50);
	pbt_assert_contains(pbt_tui_screen(app), "\n 2 series: \u2026 | so far ");
	pbt_assert_contains(pbt_tui_screen(app), " reading mail 2/18 (4/s)\n");
	tui_app_resize(app, 24, 80);
	assert_int_equal(tui_view_cursor(tui_app_view(app, 0)), 0);
	pbt_tui_keys(app, "<Enter>");
	pbt_assert_contains(pbt_tui_screen(app), " series: x86: ^[[31mFix^[[0m early console");
	/* the index arrives while the tree is open: the tree keeps its model */
	tui_app_set_index(app, idx);
	pbt_assert_contains(pbt_tui_screen(app), "[-] x86: ^[[31mFix^[[0m early console  田中太郎, new\n");
	pbt_tui_keys(app, "q");
	pbt_assert_contains(pbt_tui_screen(app), " 4 series: 1 new, 1 reviewed, 1 incomplete, 1 applied\n");
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_list_sort_filter_query),
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_patch),
		cmocka_unit_test(test_patch_sideways),
		cmocka_unit_test(test_thread),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_help_long_keys),
		cmocka_unit_test(test_status_fit),
		cmocka_unit_test(test_resize),
		cmocka_unit_test(test_partial_then_final),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("tui_screen", tests, pbt_tui_setup_triage, pbt_tui_teardown);
}
