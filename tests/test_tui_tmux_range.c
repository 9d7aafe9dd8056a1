/* test_tui_tmux_range.c: the visual range (V) in a real terminal (tmux)
 * on the demo archive (a notmuch database), in the list and in the tree,
 * at 80x24 and at 200x60: V opens a range at the cursor, moving stretches
 * it, each row in it shows as it will be marked, the status line counts
 * it, another acting key is refused while it is open, Esc drops it, V or
 * Enter marks what it holds, and an acting key then acts on the marks.
 * Keys go in with send-keys, the screen is polled with deadlines. */
#include "tests/lib/pbtest.h"
#include "tests/lib/pbt_tmux.h"

#define LIST_READY " 11 series: 2 new, 2 discussed, 4 acked, 1 incomplete, 1 applied, 1 pull"

static void test_range_list_80(void **state)
{
	pbt_term_t t = {.ctx = talloc_new(NULL)};
	char *dir, *s;
	(void)state;
	dir = pbt_tmux_start_demo(&t, "");
	pbt_tmux_wait(&t, LIST_READY, false);
	pbt_tmux_keys(&t, "V", "");
	s = pbt_tmux_wait(&t, "range: move to stretch it; V or <Enter> marks every series in it, <Esc> drops it", false);
	pbt_assert_contains(s, "\n range: 1 series | 11 series: ");
	/* the range grows with the cursor; its rows show as they will be marked */
	pbt_tmux_keys(&t, "j", "j");
	s = pbt_tmux_wait(&t, "\n range: 3 series | 11 series: ", false);
	pbt_assert_contains(s, "+ log: Show");
	pbt_assert_contains(s, "+ net fixes for widgetd");
	pbt_assert_contains(s, "+ widget: Keep a history");
	pbt_assert_not_contains(s, "+ widget: Refuse two");
	/* at 80 columns the range and the count stay; the counts by state give way */
	pbt_assert_contains(s, "\n range: 3 series | 11 series: 2 new, 2 discussed, 4 acked, 1 incomplete, \u2026\n");
	/* another acting key is refused while it is open */
	pbt_tmux_keys(&t, "s", "");
	pbt_tmux_wait(&t, "a range is open: V or <Enter> marks it, <Esc> drops it", false);
	/* Esc drops it: nothing marked */
	pbt_tmux_keys(&t, "Escape", "");
	s = pbt_tmux_wait(&t, "range dropped: nothing marked", false);
	pbt_assert_contains(s, "\n" LIST_READY "\n");
	pbt_assert_not_contains(s, "+ ");
	/* upwards, and Enter marks what it holds */
	pbt_tmux_keys(&t, "V", "k");
	pbt_tmux_wait(&t, "\n range: 2 series | 11 series: ", false);
	pbt_tmux_keys(&t, "Enter", "");
	s = pbt_tmux_wait(&t, "2 series marked by the range, 2 in all: set-state, apply, ack and snooze act on", false);
	pbt_assert_contains(s, "+ net fixes for widgetd");
	pbt_assert_contains(s, "+ widget: Keep a history");
	pbt_assert_not_contains(s, "+ log: Show");
	/* an acting key now acts on both */
	pbt_tmux_keys(&t, "s", "");
	pbt_tmux_wait(&t, "State of the 2 marked series (- for the mail's):", false);
	pbt_tmux_answer(&t, "deferred");
	pbt_tmux_wait(&t, "state of 2 marked series: deferred, in one change", false);
	/* the pull request; history v3's cover and 4 patches */
	assert_string_equal(pbt_tmux_demo_count(&t, dir, "tag:pb/deferred"), "6\n");
	pbt_tmux_quit(&t, "Q");
	talloc_free(t.ctx);
}

static void test_range_list_200(void **state)
{
	pbt_term_t t = {.ctx = talloc_new(NULL)};
	char *s;
	(void)state;
	pbt_tmux_start_demo(&t, "");
	pbt_tmux_wait(&t, LIST_READY, false);
	pbt_tmux_resize(&t, 200, 60);
	pbt_tmux_keys(&t, "V", "");
	pbt_tmux_wait(&t, "\n range: 1 series | 11 series: ", false);
	for (int k = 0; k < 4; k++)
		pbt_tmux_keys(&t, "j", "");
	/* with room: every count by state, the whole titles */
	s = pbt_tmux_wait(&t, "\n range: 5 series |" LIST_READY "\n", false);
	pbt_assert_contains(s, "+ widget: Refuse two widgets with the same name");
	pbt_assert_not_contains(s, "+ Makefile:");
	pbt_tmux_keys(&t, "Escape", "");
	pbt_tmux_wait(&t, "range dropped: nothing marked", false);
	pbt_tmux_keys(&t, "=", "");
	/* marks from a range add to the marks there were */
	pbt_tmux_keys(&t, "V", "j");
	pbt_tmux_keys(&t, "V", "");
	s = pbt_tmux_wait(&t, "2 series marked by the range, 2 in all: set-state, apply, ack and snooze act on all of them",
			  false);
	pbt_assert_contains(s, "\n 2 marked |" LIST_READY "\n");
	pbt_tmux_keys(&t, "j", "j");
	pbt_tmux_keys(&t, "V", "j");
	pbt_tmux_wait(&t, "\n range: 2 series | 2 marked |" LIST_READY "\n", false);
	pbt_tmux_keys(&t, "Enter", "");
	pbt_tmux_wait(&t, "2 series marked by the range, 4 in all", false);
	pbt_tmux_keys(&t, "C-t", "");
	pbt_tmux_wait(&t, "4 series unmarked", false);
	pbt_tmux_quit(&t, "Q");
	talloc_free(t.ctx);
}

/* The tree: the history series, its v3 open (the list's third row). */
static void open_history(pbt_term_t *t)
{
	pbt_tmux_wait(t, LIST_READY, false);
	pbt_tmux_keys(t, "j", "j");
	pbt_tmux_keys(t, "Enter", "");
	pbt_tmux_wait(t, "  [-] v3  2024-03-18  4/4  A1 R1 T1  5 replies", false);
}

static void test_range_tree_80(void **state)
{
	pbt_term_t t = {.ctx = talloc_new(NULL)};
	char *dir, *s;
	(void)state;
	dir = pbt_tmux_start_demo(&t, "");
	open_history(&t);
	/* from the cover, which is no patch: nothing in it yet */
	pbt_tmux_keys(&t, "j", "V");
	s = pbt_tmux_wait(&t, "range: move to stretch it; V or <Enter> marks every patch in it, <Esc> drops it", false);
	pbt_assert_contains(s, "\n range: 0 patches | 3 versions, latest v3: 4/4 patches, ");
	pbt_tmux_keys(&t, "j", "");
	pbt_tmux_wait(&t, "\n range: 1 patch | 3 versions, latest v3: 4/4 patches, ", false);
	pbt_tmux_keys(&t, "Escape", "");
	s = pbt_tmux_wait(&t, "range dropped: nothing marked", false);
	pbt_assert_contains(s, "\n 3 versions, latest v3: 4/4 patches, acked, waits on maint\n");
	pbt_assert_not_contains(s, "+ ");
	/* 1/4 to 3/4 */
	pbt_tmux_keys(&t, "V", "j");
	pbt_tmux_keys(&t, "j", "");
	s = pbt_tmux_wait(&t, "\n range: 3 patches | 3 versions, latest v3: ", false);
	pbt_assert_contains(s, "1/4 + config: Parse durations");
	pbt_assert_contains(s, "2/4 + widget: Keep the last readings");
	pbt_assert_contains(s, "3/4 + proto: Add the history command");
	pbt_assert_not_contains(s, "4/4 +");
	pbt_assert_not_contains(s, "0/4 +");
	pbt_tmux_keys(&t, "a", "");
	pbt_tmux_wait(&t, "a range is open: V or <Enter> marks it, <Esc> drops it", false);
	pbt_tmux_keys(&t, "Enter", "");
	pbt_tmux_wait(&t, "3 patches marked by the range, 3 in all: ack, review, test and set-state act on", false);
	/* set-state gives each marked patch its own state */
	pbt_tmux_keys(&t, "s", "");
	pbt_tmux_wait(&t, "State of the 3 marked patches (- for the mail's):", false);
	pbt_tmux_answer(&t, "changes");
	s = pbt_tmux_wait(&t, "state of 3 marked patches: changes-requested, in one change", false);
	pbt_assert_contains(s, "  [changes*]");
	assert_string_equal(pbt_tmux_demo_count(&t, dir, "tag:pb/patch/changes-requested"), "3\n");
	pbt_tmux_quit(&t, "Q");
	talloc_free(t.ctx);
}

static void test_range_tree_200(void **state)
{
	pbt_term_t t = {.ctx = talloc_new(NULL)};
	char *s;
	(void)state;
	pbt_tmux_start_demo(&t, "");
	open_history(&t);
	pbt_tmux_resize(&t, 200, 60);
	pbt_tmux_keys(&t, "j", "j");
	pbt_tmux_keys(&t, "V", "j");
	pbt_tmux_keys(&t, "j", "j");
	/* 1/4 to 4/4, and the cursor's next row (v3's last) is past it */
	s = pbt_tmux_wait(&t, "\n range: 4 patches | 3 versions, latest v3: 4/4 patches, acked, waits on maint\n", false);
	pbt_assert_contains(s, "4/4 + README: Document the history of readings");
	/* the range stretches back up past where it started */
	for (int k = 0; k < 5; k++)
		pbt_tmux_keys(&t, "k", "");
	s = pbt_tmux_wait(&t, "\n range: 1 patch | 3 versions, latest v3: ", false);
	pbt_assert_not_contains(s, "2/4 +");
	pbt_tmux_keys(&t, "V", "");
	s = pbt_tmux_wait(&t, "1 patch marked by the range, 1 in all", false);
	pbt_assert_contains(s, "\n 1 marked | 3 versions, latest v3: 4/4 patches, acked, waits on maint\n");
	pbt_assert_contains(s, "1/4 + config: Parse durations");
	pbt_tmux_keys(&t, "C-t", "");
	pbt_tmux_wait(&t, "1 patch unmarked", false);
	pbt_tmux_quit(&t, "Q");
	talloc_free(t.ctx);
}

/* At 80 columns a marked patch's n/N stays in line with the unmarked
 * rows' (the "+ " comes after it, before the title). */
static void test_tree_mark_column_80(void **state)
{
	pbt_term_t t = {.ctx = talloc_new(NULL)};
	char *s;
	(void)state;
	pbt_tmux_start_demo(&t, "");
	open_history(&t);
	/* mark 1/4 and 2/4 (M marks and goes to the next) */
	pbt_tmux_keys(&t, "j", "j");
	pbt_tmux_keys(&t, "M", "M");
	s = pbt_tmux_wait(&t, "2 patches marked: ack, review, test and set-state act on each", false);
	pbt_assert_contains(s, "\n    [+] 0/4 widget: Keep a history of recent readings  (cover)  1 reply\n"
			       "        1/4 + config: Parse durations with unit suffixes  A1 ~1\n"
			       "    [+] 2/4 + widget: Keep the last readings of every widget  A1 R1  1 reply\n"
			       "    [+] 3/4 proto: Add the history command  A1 T1  3 replies\n"
			       "        4/4 README: Document the history of readings  A1\n");
	/* rows the open range will mark, the same */
	pbt_tmux_keys(&t, "V", "j");
	s = pbt_tmux_wait(&t, "range: 2 patches | 2 marked | ", false);
	pbt_assert_contains(s, "\n    [+] 3/4 + proto: Add the history command  A1 T1  3 replies\n"
			       "        4/4 + README: Document the history of readings  A1\n");
	pbt_tmux_keys(&t, "Escape", "");
	pbt_tmux_wait(&t, "range dropped: nothing marked", false);
	pbt_tmux_quit(&t, "Q");
	talloc_free(t.ctx);
}

/* At 80 columns the tree's status line keeps the range, the marks and who
 * the series waits on: the other parts give way whole ("…" where they
 * went), the count of versions first, then the state and the latest
 * version. */
static void test_tree_status_80(void **state)
{
	pbt_term_t t = {.ctx = talloc_new(NULL)};
	(void)state;
	pbt_tmux_start_demo(&t, "");
	open_history(&t);
	pbt_tmux_keys(&t, "j", "j");
	pbt_tmux_keys(&t, "M", "M");
	pbt_tmux_wait(&t, "\n 2 marked | 3 versions, latest v3: 4/4 patches, acked, waits on maint\n", false);
	/* a range as well: the count of versions gives way */
	pbt_tmux_keys(&t, "V", "j");
	pbt_tmux_wait(&t, "\n range: 2 patches | 2 marked | \u2026, latest v3: 4/4 patches, acked, waits on maint\n",
		      false);
	/* narrower: the state and the latest version go too */
	pbt_tmux_resize(&t, 70, 24);
	pbt_tmux_wait(&t, "\n range: 2 patches | 2 marked | \u2026, waits on maint\n", false);
	pbt_tmux_resize(&t, 80, 24);
	pbt_tmux_wait(&t, "\n range: 2 patches | 2 marked | \u2026, latest v3: 4/4 patches, acked, waits on maint\n",
		      false);
	/* with room again, every part */
	pbt_tmux_keys(&t, "Escape", "");
	pbt_tmux_wait(&t, "\n 2 marked | 3 versions, latest v3: 4/4 patches, acked, waits on maint\n", false);
	pbt_tmux_quit(&t, "Q");
	talloc_free(t.ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_range_list_80, pbt_tmux_teardown),
		cmocka_unit_test_teardown(test_range_list_200, pbt_tmux_teardown),
		cmocka_unit_test_teardown(test_range_tree_80, pbt_tmux_teardown),
		cmocka_unit_test_teardown(test_range_tree_200, pbt_tmux_teardown),
		cmocka_unit_test_teardown(test_tree_mark_column_80, pbt_tmux_teardown),
		cmocka_unit_test_teardown(test_tree_status_80, pbt_tmux_teardown),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("tui_tmux_range", tests, NULL, NULL);
}
