/* test_tui_cells.c: the cell buffer and the theme, without a terminal. */
#include "tests/lib/pbtest.h"
#include "tui/cells.h"
#include "tui/doc.h"
#include "tui/theme.h"

static tui_cells_t *cells(void *ctx, int rows, int cols)
{
	tui_cells_t *c;
	assert_int_equal(tui_cells_new(ctx, &c, rows, cols), PB_OK);
	return c;
}

static void test_wide_and_combining(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_cells_t *c = cells(ctx, 2, 10);
	(void)state;
	/* CJK takes two columns each; the right half is an empty cell */
	assert_int_equal(tui_cells_put(c, 0, 0, 10, "田中x", TUI_ROLE_AUTHOR, 0), 5);
	assert_string_equal(tui_cells_at(c, 0, 0)->ch, "田");
	assert_int_equal(tui_cells_at(c, 0, 0)->width, 2);
	assert_int_equal(tui_cells_at(c, 0, 1)->width, 0);
	assert_string_equal(tui_cells_at(c, 0, 2)->ch, "中");
	assert_string_equal(tui_cells_at(c, 0, 4)->ch, "x");
	assert_int_equal(tui_cells_at(c, 0, 4)->role, TUI_ROLE_AUTHOR);
	/* combining marks join their letter: "José" is four columns */
	assert_int_equal(tui_cells_put(c, 1, 0, 10, "Jose\xcc\x81!", 0, 0), 5);
	assert_string_equal(tui_cells_at(c, 1, 3)->ch, "e\xcc\x81");
	assert_string_equal(tui_cells_at(c, 1, 4)->ch, "!");
	assert_string_equal(tui_cells_row_text(ctx, c, 1), "Jose\xcc\x81!");
	/* a wide character that does not fit leaves a blank */
	assert_int_equal(tui_cells_put(c, 0, 6, 3, "ab田", 0, 0), 3);
	assert_string_equal(tui_cells_row_text(ctx, c, 0), "田中x ab");
	/* overwriting half of a wide character blanks the other half */
	tui_cells_put(c, 0, 1, 1, "z", 0, 0);
	assert_string_equal(tui_cells_row_text(ctx, c, 0), " z中x ab");
	talloc_free(ctx);
}

/* A line drawn scrolled sideways loses its first columns, across segments;
 * a wide character cut in two leaves a blank, never half a glyph. */
static void test_doc_sideways(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_cells_t *c = cells(ctx, 1, 6);
	tui_doc_t *d = tui_doc_new(ctx, 6);
	tui_dline_t *l = tui_doc_line(d, 0, 0, 0);
	static const struct {
		int skip;
		const char *want;
	} cases[] = {{0, "ab田中"}, {1, "b田中x"}, {2, "田中x"}, {3, " 中x"}, {4, "中x"}, {7, ""}, {40, ""}};
	(void)state;
	assert_true(tui_doc_seg(d, l, TUI_ROLE_DEFAULT, "ab", 2));
	assert_true(tui_doc_seg(d, l, TUI_ROLE_AUTHOR, "田中x", strlen("田中x")));
	assert_int_equal(tui_doc_max_width(d), 7);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tui_cells_clear(c, TUI_ROLE_DEFAULT);
		tui_doc_draw_from(d, 0, c, 0, 6, 0, cases[i].skip);
		if (strcmp(tui_cells_row_text(ctx, c, 0), cases[i].want) != 0)
			fail_msg("skip %d: \"%s\", not \"%s\"", cases[i].skip, tui_cells_row_text(ctx, c, 0),
				 cases[i].want);
	}
	/* (the roles move with the text) */
	tui_doc_draw_from(d, 0, c, 0, 6, 0, 1);
	assert_int_equal(tui_cells_at(c, 0, 0)->role, TUI_ROLE_DEFAULT);
	assert_int_equal(tui_cells_at(c, 0, 1)->role, TUI_ROLE_AUTHOR);
	talloc_free(ctx);
}

static void test_mail_text_is_inert(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_cells_t *c = cells(ctx, 1, 40);
	(void)state;
	tui_cells_put_mail(c, 0, 0, 40, "x86: \x1b[31mFix\x1b[0m\a\xc2\x9b", TUI_ROLE_DEFAULT, 0);
	assert_string_equal(tui_cells_row_text(ctx, c, 0), "x86: ^[[31mFix^[[0m^G<9b>");
	for (int i = 0; i < 40; i++)
		for (const char *p = tui_cells_at(c, 0, i)->ch; *p; p++)
			assert_true((unsigned char)*p >= 0x20);
	talloc_free(ctx);
}

static void test_tabs_fill_mark(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_cells_t *c = cells(ctx, 2, 24);
	(void)state;
	/* tabs stop every 8 columns from where the text starts */
	tui_cells_put(c, 0, 2, 22, "a\tb", 0, 0);
	assert_string_equal(tui_cells_row_text(ctx, c, 0), "  a       b");
	assert_int_equal(tui_cells_find(c, 0, "b"), 10);
	tui_cells_put(c, 1, 0, 24, "Spin the spin_lock", 0, 0);
	assert_int_equal(tui_cells_mark(c, 1, "SPIN"), 2);
	assert_true(tui_cells_at(c, 1, 0)->attr & TUI_A_MATCH);
	assert_true(tui_cells_at(c, 1, 3)->attr & TUI_A_MATCH);
	assert_false(tui_cells_at(c, 1, 4)->attr & TUI_A_MATCH);
	assert_true(tui_cells_at(c, 1, 9)->attr & TUI_A_MATCH);
	tui_cells_fill(c, 1, 0, 24, TUI_ROLE_STATUS, 0);
	assert_string_equal(tui_cells_row_text(ctx, c, 1), "");
	assert_int_equal(tui_cells_at(c, 1, 23)->role, TUI_ROLE_STATUS);
	assert_int_equal(tui_cells_resize(c, 3, 5), PB_OK);
	assert_string_equal(tui_cells_dump(ctx, c), "\n\n\n");
	talloc_free(ctx);
}

static void test_theme(void **state)
{
	tui_theme_t t;
	tui_style_t s = {-1, -1, 0};
	(void)state;
	assert_true(tui_theme_parse(&s, "red bold"));
	assert_int_equal(s.fg, 1);
	assert_int_equal(s.bg, -1);
	assert_int_equal(s.attr, TUI_A_BOLD);
	assert_true(tui_theme_parse(&s, "black yellow"));
	assert_int_equal(s.fg, 0);
	assert_int_equal(s.bg, 3);
	assert_int_equal(s.attr, 0);
	assert_true(tui_theme_parse(&s, "214 ul"));
	assert_int_equal(s.fg, 214);
	assert_int_equal(s.attr, TUI_A_UNDERLINE);
	assert_true(tui_theme_parse(&s, "brightred normal reverse italic"));
	assert_int_equal(s.fg, 9);
	assert_int_equal(s.bg, -1);
	assert_int_equal(s.attr, TUI_A_REVERSE);
	assert_false(tui_theme_parse(&s, "purple"));
	assert_int_equal(s.fg, 9);
	assert_false(tui_theme_parse(&s, "red green blue"));
	/* without colour, roles still differ by attributes */
	tui_theme_init(&t, false);
	assert_int_equal(t.style[TUI_ROLE_DIFF_ADD].fg, -1);
	assert_int_equal(t.style[TUI_ROLE_DIFF_ADD].attr, TUI_A_BOLD);
	assert_int_equal(t.style[TUI_ROLE_DIFF_WS].attr, TUI_A_REVERSE);
	/* the rows a range will mark: the whole row, unlike a marked title */
	assert_int_equal(t.style[TUI_ROLE_RANGE].attr, TUI_A_BOLD | TUI_A_UNDERLINE);
	tui_theme_init(&t, true);
	assert_int_equal(t.style[TUI_ROLE_DIFF_ADD].fg, 2);
	assert_int_equal(t.style[TUI_ROLE_DIFF_DEL].fg, 1);
	assert_string_equal(tui_role_name(TUI_ROLE_DIFF_HUNK), "diff-hunk");
	setenv("NO_COLOR", "1", 1);
	assert_true(tui_theme_no_color());
	setenv("NO_COLOR", "", 1);
	assert_false(tui_theme_no_color());
	unsetenv("NO_COLOR");
}

/* patchbay.color.<role> from git config; a bad value is reported. */
static void test_theme_from_git_config(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_errors_t *errs = tui_errors_new(ctx);
	pb_conf_t *conf;
	tui_theme_t t;
	(void)state;
	pbt_sh("git config --global patchbay.color.diff-add 'blue bold' && "
	       "git config --global patchbay.color.diff-del purple");
	assert_int_equal(pb_conf_open(ctx, &conf, "", NULL), PB_OK);
	tui_theme_init(&t, true);
	tui_theme_load(&t, conf, errs);
	assert_int_equal(t.style[TUI_ROLE_DIFF_ADD].fg, 4);
	assert_int_equal(t.style[TUI_ROLE_DIFF_ADD].attr, TUI_A_BOLD);
	assert_int_equal(t.style[TUI_ROLE_DIFF_DEL].fg, 1);
	assert_int_equal(errs->n, 1);
	assert_string_equal(errs->v[0], "patchbay.color.diff-del: cannot read colour \"purple\"");
	pbt_sh("git config --global --remove-section patchbay.color");
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wide_and_combining),
		cmocka_unit_test(test_doc_sideways),
		cmocka_unit_test(test_mail_text_is_inert),
		cmocka_unit_test(test_tabs_fill_mark),
		cmocka_unit_test(test_theme),
		cmocka_unit_test(test_theme_from_git_config),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("tui_cells", tests, NULL, NULL);
}
