/* test_tui_review.c: the review views on the demo archive, rendered into
 * cells: the interdiff of proto v1 -> v2 (patches 3, 7 and 12 changed)
 * and of history v2 -> v3 with the trees. */
#include <glib.h>

#include "tests/lib/pbtest.h"
#include "tests/tui/pbt_tui.h"

/* proto v2 changes exactly patches 3, 7 and 12 of 20. */
static void test_interdiff_proto(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 30, 100);
	char changed[64] = "";
	(void)state;
	pbt_tui_keys(app, "j j j j j d");
	pbt_assert_contains(pbt_tui_screen(app),
		" interdiff v1 -> v2: proto: One function per protocol command                                ?:help\n"
		"v1 -> v2: 17 unchanged, 3 changed, 0 added, 0 dropped\n"
		" 1 = 1   unchanged proto: Add a command table and move version into it\n"
		" 2 = 2   unchanged proto: Move the help command into the command table\n"
		" 3 ! 3   changed   proto: Move the get command into the command table  (commit message changed)\n"
		"    @@ Commit message\n"
		"      ## Commit message ##\n"
		"         proto: Move the get command into the command table\n");
	pbt_assert_contains(pbt_tui_screen(app), " 20 patches, 3 changed | line 1/");
	/* from patch to patch: which are changed */
	for (int i = 1; i <= 20; i++) {
		char want[32];
		pbt_tui_keys(app, "j");
		snprintf(want, sizeof(want), " patch %d of 20: ", i);
		pbt_assert_contains(pbt_tui_status_line(app), want);
		if (strstr(pbt_tui_status_line(app), ": changed"))
			snprintf(changed + strlen(changed), sizeof(changed) - strlen(changed), " %d", i);
	}
	assert_string_equal(changed, " 3 7 12");
	pbt_tui_keys(app, "j");
	pbt_assert_contains(pbt_tui_message_line(app), "no next patch");
	/* back to 3: what changed stands out */
	for (int i = 20; i > 3; i--)
		pbt_tui_keys(app, "k");
	pbt_assert_contains(pbt_tui_status_line(app), " patch 3 of 20: changed");
	assert_int_equal(pbt_tui_role_of(app, " 3 ! 3   changed", 1), TUI_ROLE_IDIFF_CHANGED);
	assert_int_equal(pbt_tui_role_of(app, "@@ Commit message", 0), TUI_ROLE_IDIFF_HEADER);
	assert_int_equal(pbt_tui_role_of(app, "-    Move \"get\"", 0), TUI_ROLE_IDIFF_OLD);
	assert_int_equal(pbt_tui_role_of(app, "-    Move \"get\"", 1), TUI_ROLE_IDIFF_OLD_TEXT);
	assert_int_equal(pbt_tui_role_of(app, "+    proto_handle() into cmd_get()", 0), TUI_ROLE_IDIFF_NEW);
	assert_int_equal(pbt_tui_role_of(app, "+    proto_handle() into cmd_get()", 1), TUI_ROLE_IDIFF_NEW_TEXT);
	assert_int_equal(pbt_tui_role_of(app, "   Signed-off-by: Olivia Chen", 3), TUI_ROLE_IDIFF_CONTEXT);
	/* a line the patch adds, only in v2; one it adds in both */
	pbt_tui_keys(app, "<Down> <Down> <Down> <Down> <Down> <Down> <Down> <Down> <Down> <Down> <Down> <Down>");
	pbt_assert_contains(pbt_tui_screen(app), "\n    ++  if (!w->last_time) {\n");
	assert_int_equal(pbt_tui_role_in(app, "++  if (!w->last_time) {", 4), TUI_ROLE_IDIFF_NEW);
	assert_int_equal(pbt_tui_role_in(app, "++  if (!w->last_time) {", 5), TUI_ROLE_DIFF_ADD);
	assert_int_equal(pbt_tui_role_in(app, " +  if (!(w = find(c, arg)))", 5), TUI_ROLE_IDIFF_CONTEXT);
	assert_int_equal(pbt_tui_role_of(app, "## src/proto.c ##", 0), TUI_ROLE_DIFF_FILE);
	/* Enter: v2's patch 3 */
	pbt_tui_keys(app, "<Enter>");
	pbt_assert_contains(pbt_tui_status_line(app), " patch 3/20 of v2 |");
	/* its interdiff, from the patch view, starts at it */
	pbt_tui_keys(app, "j j j j d");
	pbt_assert_contains(pbt_tui_status_line(app), " patch 7 of 20: changed");
	pbt_assert_contains(pbt_tui_screen(app),
			    " 7 ! 7   changed   proto: Move the disable command into the command table");
	/* the trees, and back to the same patch */
	pbt_tui_keys(app, "t");
	pbt_assert_contains(pbt_tui_screen(app),
			    " interdiff v1 -> v2 (trees): proto: One function per protocol command");
	pbt_assert_contains(pbt_tui_screen(app),
			    "\ndiff --git a/src/proto.c b/src/proto.c\n--- a/src/proto.c\n+++ b/src/proto.c\n");
	assert_int_equal(pbt_tui_role_of(app, "+       if (!w->last_time) {", 0), TUI_ROLE_DIFF_ADD);
	assert_int_equal(pbt_tui_role_of(app, "@@ -66,6 +66,10 @@", 0), TUI_ROLE_DIFF_HUNK);
	pbt_tui_keys(app, "t");
	pbt_assert_contains(pbt_tui_status_line(app), " patch 7 of 20: changed");
	talloc_free(ctx);
}

/* history: v2 -> v3 from the tree, then any two versions by number. */
static void test_interdiff_history(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 30, 100);
	(void)state;
	pbt_tui_keys(app, "j j <Enter> d");
	pbt_assert_contains(pbt_tui_screen(app), "v2 -> v3: 1 unchanged, 3 changed, 0 added, 0 dropped\n"
					 "1 = 1  unchanged config: Parse durations with unit suffixes\n"
					 "2 ! 2  changed   widget: Keep the last readings of every widget  "
					 "(commit message changed)\n");
	pbt_tui_keys(app, "D");
	pbt_assert_contains(pbt_tui_screen(app), "\nInterdiff of versions (older newer): 2 3\n");
	pbt_tui_keys(app, "C-u");
	pbt_tui_type(app, "1 3");
	pbt_assert_contains(pbt_tui_screen(app), " interdiff v1 -> v3: widget: Keep a history of recent readings");
	/* 2/3 of v1 changed so much that v3's 2/4 counts as new (as git
	 * range-diff's creation factor says) */
	pbt_assert_contains(pbt_tui_screen(app), "v1 -> v3: 1 unchanged, 1 changed, 2 added, 1 dropped\n"
					 "1 = 1  unchanged config: Parse durations with unit suffixes\n"
					 "2 < -  dropped   widget: Keep the last readings of every widget\n"
					 "- > 2  added     widget: Keep the last readings of every widget\n");
	assert_int_equal(pbt_tui_role_of(app, "2 < -  dropped", 0), TUI_ROLE_IDIFF_DROPPED);
	assert_int_equal(pbt_tui_role_of(app, "- > 2  added", 0), TUI_ROLE_IDIFF_ADDED);
	pbt_tui_keys(app, "D C-u");
	pbt_tui_type(app, "3 7");
	pbt_assert_contains(pbt_tui_message_line(app), "the series has no v7");
	/* the suggestion goes as soon as one types (as in mutt): not "2 31 3" */
	pbt_tui_keys(app, "D");
	pbt_tui_type(app, "2 3");
	pbt_assert_contains(pbt_tui_screen(app), " interdiff v2 -> v3: widget: Keep a history of recent readings");
	/* Backspace takes it whole */
	pbt_tui_keys(app, "D <Backspace>");
	assert_string_equal(g_strchomp(pbt_tui_message_line(app)), "Interdiff of versions (older newer):");
	pbt_tui_type(app, "1 2");
	pbt_assert_contains(pbt_tui_screen(app), " interdiff v1 -> v2: ");
	/* back in the tree: nothing before v1 */
	pbt_tui_keys(app, "q q q q k k d");
	pbt_assert_contains(pbt_tui_message_line(app), "v1 is the first version: nothing before it (D picks two)");
	/* a series of one version */
	pbt_tui_keys(app, "q k k d");
	pbt_assert_contains(pbt_tui_message_line(app), "has one version: nothing to compare");
	talloc_free(ctx);
}

/* A RESEND has a name of its own: d is "v1 -> v1 RESEND", D offers "1 1r"
 * and takes "1 1r" and "1 1" (issue 11, bug 6: "v1 -> v1", "1 1"). */
static void test_interdiff_resend(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 30, 100);
	(void)state;
	pbt_tui_keys(app, "l");
	pbt_tui_type(app, "subject:DESTDIR");
	pbt_tui_keys(app, "<Enter> d");
	pbt_assert_contains(pbt_tui_screen(app), " interdiff v1 -> v1 RESEND: Makefile: Honour DESTDIR");
	pbt_assert_contains(pbt_tui_screen(app), "\nv1 -> v1 RESEND: 1 unchanged, 0 changed, 0 added, 0 dropped\n");
	pbt_tui_keys(app, "D");
	assert_string_equal(g_strchomp(pbt_tui_message_line(app)), "Interdiff of versions (older newer): 1 1r");
	pbt_tui_type(app, "1 1");
	pbt_assert_contains(pbt_tui_screen(app), " interdiff v1 -> v1 RESEND: ");
	pbt_tui_keys(app, "D");
	pbt_tui_type(app, "1 2r");
	pbt_assert_contains(pbt_tui_message_line(app), "the series has no v2 RESEND");
	talloc_free(ctx);
}

/* The demo's style series trips shortlog-length, no-signoff, fixes-format,
 * ...: the tree marks its patches, the checks view lists the findings. */
static void test_checks_style(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_t *app = pbt_tui_app(ctx, 30, 100);
	int r;
	(void)state;
	pbt_tui_keys(app, "j j j j <Enter>");
	/* a quick run in the tree: the worst severity and how many */
	pbt_assert_contains(pbt_tui_screen(app),
		"  [-] v1  2024-03-19  3/3  A0 R0 T0  1 reply  [E2]\n"
		"    [+] 0/3 Fix crashes and hangs we see on our field units  (cover)  1 reply\n"
		"        1/3 widget: fixed a crash when the list of widgets changes while the poll loop is walk  [E1]\n"
		"        2/3 Adds a timeout to client reads  [E1]\n"
		"        3/3 config: Log why a client read failed\n");
	assert_int_equal(pbt_tui_role_of(app, "[E2]", 0), TUI_ROLE_CHECK_ERROR);
	assert_int_equal(pbt_tui_role_of(app, "reads  [E1]", 7), TUI_ROLE_CHECK_ERROR);
	/* every check, with the mail: the body line too */
	pbt_tui_keys(app, "c");
	pbt_assert_contains(pbt_tui_screen(app),
		" checks of v1: Fix crashes and hangs we see on our field units                               ?:help\n"
		"v1 (profile linux): 2 errors, 6 warnings, 0 notes\n"
		"error   shortlog-length        1/3     shortlog has 89 characters (the limit is 80)\n"
		"        | [PATCH 1/3] widget: fixed a crash when the list of widgets changes while the poll loop is\n"
		"warning shortlog-period        1/3     shortlog ends with a period\n");
	pbt_assert_contains(pbt_tui_screen(app),
			    "warning fixes-format           1/3     write Fixes: <12+ hex digits> (\"subject\")\n"
			    "        | Fixes: dab427a widgetd: Initial import\n");
	pbt_assert_contains(pbt_tui_screen(app), "error   no-signoff             2/3     no Signed-off-by");
	pbt_assert_contains(pbt_tui_screen(app),
			    "warning body-line-length       2/3     1 body line over 75 columns\n");
	pbt_assert_contains(pbt_tui_screen(app), " 8 findings | line 1/17");
	assert_int_equal(pbt_tui_role_of(app, "error   shortlog-length", 0), TUI_ROLE_CHECK_ERROR);
	assert_int_equal(pbt_tui_role_of(app, "warning shortlog-period", 0), TUI_ROLE_CHECK_WARNING);
	assert_int_equal(pbt_tui_role_of(app, "| Fixes: dab427a", 2), TUI_ROLE_QUOTE1);
	/* mail text is inert: the quote is one line */
	r = pbt_tui_row_with(app, "| [PATCH 1/3]");
	assert_int_equal(tui_cells_find(app->cells, r + 1, "warning"), 0);
	/* Enter on a finding opens its patch */
	pbt_tui_keys(app, "j");
	pbt_assert_contains(pbt_tui_status_line(app), " finding 1 of 8: shortlog-length | line 2/17");
	pbt_tui_keys(app, "<Enter>");
	pbt_assert_contains(pbt_tui_status_line(app), " patch 1/3 of v1 |");
	pbt_tui_keys(app, "q / n o - s i g n o f f <Enter>");
	pbt_assert_contains(pbt_tui_status_line(app), " finding 5 of 8: no-signoff");
	pbt_tui_keys(app, "<Enter>");
	pbt_assert_contains(pbt_tui_status_line(app), " patch 2/3 of v1 |");
	pbt_assert_contains(pbt_tui_screen(app), "Subject: [PATCH 2/3] Adds a timeout to client reads\n");
	talloc_free(ctx);
}

/* A finding about the whole series opens the cover letter; the profile
 * comes from git config. */
static void test_checks_series(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_app_opts_t o = {.rows = 24, .cols = 100, .now = PBT_DEMO_NOW};
	pb_error_t err = {0};
	tui_app_t *app;
	(void)state;
	/* tcp: patch 3 of 4 never arrived */
	pbt_sh("git config --global patchbay.check.missing-patches warning");
	assert_int_equal(pb_conf_open(ctx, &o.conf, "", &err), PB_OK);
	pbt_sh("git config --global --unset patchbay.check.missing-patches");
	app = pbt_tui_app_new(ctx, &o, pbt_tui_db());
	pbt_tui_keys(app, "j j j j j j c");
	pbt_assert_contains(pbt_tui_screen(app), " checks of v1: net: Accept clients on a");
	pbt_assert_contains(pbt_tui_screen(app), "\nwarning missing-patches        series  ");
	pbt_tui_keys(app, "/ m i s s i n g - p <Enter> <Enter>");
	pbt_assert_contains(pbt_tui_status_line(app), " cover letter of v1");
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interdiff_proto),
		cmocka_unit_test(test_interdiff_history),
		cmocka_unit_test(test_interdiff_resend),
		cmocka_unit_test(test_checks_style),
		cmocka_unit_test(test_checks_series),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("tui_review", tests, pbt_tui_setup_demo, pbt_tui_teardown);
}
