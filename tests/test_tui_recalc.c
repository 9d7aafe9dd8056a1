/* test_tui_recalc.c: every view whose lines are a doc (help, raw message,
 * patch, thread, checks, interdiff, compose, apply) laid out again on the
 * demo archive, rendered into cells: a resize starts the layout from
 * nothing, so back at the first size the view shows the lines it showed,
 * not those of the layouts between added to them; a layout that runs out
 * of memory leaves the view no lines to paint. */
#include "tests/lib/pbtest.h"
#include "tests/tui/pbt_tui.h"
#include "tui/view.h"

/* The screen without its last two rows (the status and message lines,
 * where "out of memory" stays until the next key). */
static char *top_rows(void *ctx, tui_app_t *app)
{
	char *s = talloc_strdup(ctx, pbt_tui_screen(app)), *p = s;
	for (int r = 0; r < app->rows - 2 && p; r++)
		if ((p = strchr(p, '\n')))
			p++;
	assert_non_null(p);
	*p = '\0';
	return s;
}

/* Every allocation under CTX fails from now on (0: none does any more).
 * talloc marks its memory limits deprecated (use cgroups, it says); they
 * are still the one way to make the next allocation of a view fail. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static void no_memory(const void *ctx, bool none)
{
	assert_int_equal(talloc_set_memlimit(ctx, none ? talloc_total_size(ctx) : 0), 0);
}
#pragma GCC diagnostic pop

/* The top view of APP, NAME, laid out narrower and at its first size
 * again, then with no memory to spare. */
static void relayout(void *ctx, tui_app_t *app, const char *name)
{
	int rows = app->rows, cols = app->cols;
	char *before = top_rows(ctx, app), *body;
	tui_view_t *v = tui_app_view(app, tui_app_depth(app) - 1);
	size_t n = v->n_lines;
	assert_string_equal(v->ops->name, name);
	assert_true(n > 1);
	/* narrower: as many lines or more (wrapped), never fewer */
	tui_app_resize(app, rows, cols - 40);
	pbt_tui_screen(app);
	assert_int_equal(v->width, cols - 40);
	assert_true(v->n_lines >= n);
	/* as it was: the same lines */
	tui_app_resize(app, rows, cols);
	assert_string_equal(top_rows(ctx, app), before);
	assert_int_equal(v->n_lines, n);
	/* the layout runs out of memory: no lines (none of the old doc's) */
	no_memory(v->priv, true);
	tui_app_resize(app, rows + 1, cols);
	assert_int_equal(tui_view_update(v), PB_ERR_NOMEM);
	assert_int_equal(v->n_lines, 0);
	no_memory(v->priv, false);
	body = strchr(top_rows(ctx, app), '\n') + 1;
	assert_int_equal(strspn(body, "\n"), strlen(body));
	/* memory again: the lines again */
	tui_app_resize(app, rows, cols);
	pbt_tui_screen(app);
	assert_int_equal(v->n_lines, n);
}

/* The views that only read the archive: on the group's, an app each. */
static void test_reading_views(void **state)
{
	static const struct {
		const char *keys, *name;
	} views[] = {
		{"?", "help screen"},
		{"h", "raw message view"},
		{"j j <Enter> j j j <Enter>", "patch view"},
		/* (from the first line: the thread opens at the patch's
		 * message, and its top, a line number, is another line at
		 * another width) */
		{"j j <Enter> j j j <Enter> t <Home>", "thread view"},
		{"j j <Enter> c", "checks view"},
		{"j j <Enter> d", "interdiff view"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
		void *ctx = talloc_new(NULL);
		tui_app_t *app = pbt_tui_app(ctx, 30, 100);
		pbt_tui_keys(app, views[i].keys);
		relayout(ctx, app, views[i].name);
		talloc_free(ctx);
	}
}

/* compose and apply change the archive: each has one of its own */
static void test_compose(void **state)
{
	pbt_tui_env_t e;
	(void)state;
	pbt_tui_env_new(&e, 30, 100, PBT_TUI_SENDMAIL_GLOBAL);
	pbt_tui_keys(e.app, "j j <Enter> j j j a");
	relayout(e.ctx, e.app, "compose view");
	talloc_free(e.ctx);
}

static void test_apply(void **state)
{
	pbt_tui_env_t e;
	(void)state;
	pbt_tui_env_new(&e, 30, 100, PBT_TUI_SENDMAIL_REPO);
	pbt_tui_keys(e.app, "j j A C-u");
	pbt_tui_type(e.app, "review/history");
	relayout(e.ctx, e.app, "apply view");
	talloc_free(e.ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reading_views),
		cmocka_unit_test(test_compose),
		cmocka_unit_test(test_apply),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("tui_recalc", tests, pbt_tui_setup_demo, pbt_tui_teardown);
}
