/* test_tui_apply.c: apply, undo and notify from the keys, on the demo
 * archive and its repository, rendered into cells: the apply view names
 * the base and each new commit, the commits carry the collected trailers,
 * a failed apply says why and changes nothing (the repository's digest),
 * undo puts the ref back, the notification goes out through a recording
 * sendmail stand-in and marks the series applied. */
#include <dirent.h>

#include "tests/lib/pbtest.h"
#include "tests/lib/pbt_git.h"
#include "patchbay/demo.h"
#include "tui/app.h"

#define DEMO_NOW 1711929600LL

struct env {
	void *ctx;
	char *dir, *repo, *db, *base;
	tui_app_t *app;
};

static void env_new(struct env *e, int rows, int cols)
{
	pb_demo_opts_t o = {0};
	pb_demo_result_t *d;
	pb_error_t err = {0};
	tui_app_opts_t ao = {.rows = rows, .cols = cols, .now = DEMO_NOW};
	char *script;
	e->ctx = talloc_new(NULL);
	e->dir = pbt_tmpdir(e->ctx);
	o.dir = talloc_asprintf(e->ctx, "%s/demo", e->dir);
	assert_int_equal(pb_demo_generate(e->ctx, &d, &o, &err), PB_OK);
	e->repo = d->repo_path;
	e->db = d->db_path;
	e->base = d->base_commit;
	pbt_sh("mkdir -p '%s/out'", e->dir);
	script = pbt_script(e->ctx, e->dir, "sendmail",
			    talloc_asprintf(e->ctx, "f=$(mktemp '%s/out/mail.XXXXXX')\ncat >\"$f\"\n", e->dir));
	/* the repository's own config, as a tree may carry it */
	pbt_sh("git -C '%s' config sendemail.sendmailCmd '%s'", e->repo, script);
	/* as --demo does: the demo's repository is the run's */
	ao.repo_path = e->repo;
	assert_int_equal(pb_conf_open(e->ctx, &ao.conf, e->repo, &err), PB_OK);
	assert_int_equal(tui_app_new(e->ctx, &e->app, &ao), PB_OK);
	tui_app_set_index(e->app, pbt_index(e->ctx, d->db_path, NULL));
}

static char *screen(tui_app_t *app)
{
	tui_app_render(app);
	return tui_cells_dump(app, app->cells);
}

static void keys(tui_app_t *app, const char *spec)
{
	char *s = talloc_strdup(NULL, spec), *save = NULL;
	for (char *k = strtok_r(s, " ", &save); k; k = strtok_r(NULL, " ", &save)) {
		int key = tui_key_parse(k);
		assert_true(key >= 0);
		tui_app_render(app);
		tui_app_key(app, key);
	}
	talloc_free(s);
}

static void type(tui_app_t *app, const char *text)
{
	for (const char *p = text; *p; p++)
		tui_app_key(app, (unsigned char)*p);
	tui_app_key(app, TUI_KEY_ENTER);
}

static char *line(tui_app_t *app, int from_bottom)
{
	tui_app_render(app);
	return tui_cells_row_text(app, app->cells, app->rows - from_bottom);
}

static int row_with(tui_app_t *app, const char *text)
{
	tui_app_render(app);
	for (int r = 0; r < app->cells->rows; r++)
		if (tui_cells_find(app->cells, r, text) >= 0)
			return r;
	fail_msg("no row shows \"%s\":\n%s", text, tui_cells_dump(app, app->cells));
	return -1;
}

static int count_mail(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;
	while (d && (de = readdir(d)))
		n += strncmp(de->d_name, "mail.", 5) == 0;
	if (d)
		closedir(d);
	return n;
}

/* Does the branch exist in REPO? */
static bool has_branch(struct env *e, const char *branch)
{
	char *ref = talloc_asprintf(e->ctx, "refs/heads/%s", branch);
	const char *argv[] = {"git", "-C", e->repo, "rev-parse", "-q", "--verify", ref, NULL};
	return pbt_run(e->ctx, NULL, NULL, NULL, argv) == 0;
}

/* history v3: apply with the key, the trailers in git log, a second apply
 * that changes nothing, the notification sent, undo. */
static void test_apply_notify_undo(void **state)
{
	struct env e;
	char *s, *digest, *want;
	(void)state;
	env_new(&e, 30, 100);
	keys(e.app, "j j A");
	pbt_assert_contains(line(e.app, 1), "Apply v3 to branch: topic/alex.romero/widget-keep-a-history-of-recent-readings-v3");
	keys(e.app, "C-u");
	type(e.app, "review/history");
	s = screen(e.app);
	pbt_assert_contains(s, " apply v3 to review/history");
	want = talloc_asprintf(e.ctx, "applied 4 patches of v3 to review/history on base-commit %.12s of the series\n\n"
				      "Repository: %s", e.base, e.repo);
	pbt_assert_contains(s, want);
	pbt_assert_contains(s, "Branch:     refs/heads/review/history (new)\n");
	pbt_assert_contains(s, talloc_asprintf(e.ctx, "Base:       base-commit %.12s of the series\n", e.base));
	for (int i = 0; i < 4; i++) {
		char *id = pbt_git(e.ctx, e.repo, "rev-parse --short=12 review/history~%d", 3 - i);
		char *msg = pbt_git(e.ctx, e.repo, "log -1 --format=%%B review/history~%d", 3 - i);
		int r = row_with(e.app, talloc_asprintf(e.ctx, "  [%d] %s  ", i + 1, id));
		assert_int_equal(tui_cells_at(e.app->cells, r, 6)->role, TUI_ROLE_COMMIT);
		/* the Acked-by on the cover reaches every commit */
		pbt_assert_contains(msg, "\nAcked-by: Ines Keller <ines.keller@widgetd.org>\n");
	}
	pbt_assert_contains(pbt_git(e.ctx, e.repo, "log -1 --format=%%B review/history~2"),
			    "Reviewed-by: Marek Novak <marek.novak@example.cz>");
	pbt_assert_contains(pbt_git(e.ctx, e.repo, "log -1 --format=%%B review/history~1"), "Tested-by: ");
	pbt_assert_contains(s, "m: write the applied notification   U: undo this apply\n");
	assert_int_equal(tui_cells_at(e.app->cells, 1, 0)->role, TUI_ROLE_RESULT_OK);
	/* the list: applied */
	keys(e.app, "q");
	pbt_assert_contains(tui_cells_row_text(e.ctx, e.app->cells, row_with(e.app, "widget: Keep a history")), "applied ");
	/* again onto the same branch: refused, nothing changes */
	digest = pbt_tree_digest(e.ctx, e.repo);
	keys(e.app, "A C-u");
	type(e.app, "review/history");
	s = screen(e.app);
	pbt_assert_contains(s, "branch review/history exists (at ");
	pbt_assert_contains(s, "would not fast-forward it");
	pbt_assert_contains(s, "  [1] -             config: Parse durations with unit suffixes\n");
	pbt_assert_contains(s, "Nothing was changed: the branches, the work tree and the objects of the repository "
			       "are as they were.\n");
	assert_int_equal(tui_cells_at(e.app->cells, 1, 0)->role, TUI_ROLE_ERROR);
	pbt_assert_contains(e.app->message, "nothing was changed");
	assert_string_equal(pbt_tree_digest(e.ctx, e.repo), digest);
	keys(e.app, "m");
	pbt_assert_contains(line(e.app, 1), "nothing was applied: nothing to announce");
	/* the notification of the apply that worked, from the list */
	keys(e.app, "q m");
	s = screen(e.app);
	pbt_assert_contains(s, " compose: Re: [PATCH v3 0/4] widget: Keep a history of recent readings");
	pbt_assert_contains(s, "\nApplied to repo review/history, thanks!\n");
	pbt_assert_contains(s, talloc_asprintf(e.ctx, "      commit: %s\n", pbt_git(e.ctx, e.repo, "rev-parse review/history")));
	keys(e.app, "y");
	assert_int_equal(count_mail(talloc_asprintf(e.ctx, "%s/out", e.dir)), 1);
	pbt_assert_contains(line(e.app, 1), "applied notification sent to Alex Romero <alex.romero@example.org>; the copy");
	pbt_assert_contains(e.app->message, "; the series is marked applied");
	/* undo: the branch patchbay made is gone again */
	keys(e.app, "U");
	pbt_assert_contains(line(e.app, 1), "Undo the apply to branch: review/history");
	keys(e.app, "<Enter>");
	pbt_assert_contains(line(e.app, 1), "undone: refs/heads/review/history deleted (it was at ");
	assert_false(has_branch(&e, "review/history"));
	/* and nothing of this session is left to announce */
	keys(e.app, "m");
	pbt_assert_contains(line(e.app, 1), "Notify: the branch the patches are on: ");
	talloc_free(e.ctx);
}

/* A dirty work tree: apply to the checked-out branch is refused. */
static void test_apply_dirty(void **state)
{
	struct env e;
	char *digest;
	(void)state;
	env_new(&e, 30, 100);
	pbt_sh("echo dirt >>'%s/README'", e.repo);
	digest = pbt_tree_digest(e.ctx, e.repo);
	keys(e.app, "j j A C-u");
	type(e.app, "master");
	pbt_assert_contains(e.app->message, "master is checked out and its work tree has changes (README)");
	pbt_assert_contains(e.app->message, "nothing was changed");
	pbt_assert_contains(screen(e.app), "\nNothing was changed: ");
	assert_string_equal(pbt_tree_digest(e.ctx, e.repo), digest);
	keys(e.app, "U");
	pbt_assert_contains(line(e.app, 1), "nothing was applied");
	talloc_free(e.ctx);
}

/* Undo from the apply view asks first; notify from a branch. */
static void test_undo_view_and_notify_branch(void **state)
{
	struct env e;
	char *old, *out, *err;
	const char *argv[] = {pbt_patchbay(), "-q", "--db", NULL, "apply", "--repo", NULL, "--branch", "earlier",
			      "ratelimit-v1-1@demo.widgetd.org", NULL};
	(void)state;
	env_new(&e, 30, 100);
	argv[3] = e.db;
	argv[6] = e.repo;
	/* an existing branch that the series fast-forwards */
	pbt_sh("git -C '%s' branch topic/proto master", e.repo);
	old = pbt_git(e.ctx, e.repo, "rev-parse topic/proto");
	keys(e.app, "j j j j j A C-u");
	type(e.app, "topic/proto");
	pbt_assert_contains(screen(e.app), talloc_asprintf(e.ctx, "Branch:     refs/heads/topic/proto (was at %.12s)\n", old));
	pbt_assert_contains(screen(e.app), "  [20] ");
	keys(e.app, "U");
	pbt_assert_contains(line(e.app, 1), talloc_asprintf(e.ctx, "Undo: put refs/heads/topic/proto back at %.12s? (y/n)", old));
	keys(e.app, "n");
	assert_string_not_equal(pbt_git(e.ctx, e.repo, "rev-parse topic/proto"), old);
	keys(e.app, "U y");
	pbt_assert_contains(line(e.app, 1), talloc_asprintf(e.ctx, "undone: refs/heads/topic/proto back at %.12s", old));
	assert_string_equal(pbt_git(e.ctx, e.repo, "rev-parse topic/proto"), old);
	pbt_assert_contains(screen(e.app), "\nUndone: the branch is back where it was.\n");
	keys(e.app, "m");
	pbt_assert_contains(line(e.app, 1), "this apply is undone: nothing to announce");
	/* applied earlier, by the command line: the branch says what */
	assert_int_equal(pbt_run(e.ctx, &out, &err, NULL, argv), 0);
	keys(e.app, "q <End> k k k m C-u");
	type(e.app, "earlier");
	pbt_assert_contains(screen(e.app), " compose: Re: [PATCH 1/2] log: Collapse repeated messages");
	pbt_assert_contains(screen(e.app), "\nApplied to repo earlier, thanks!\n");
	talloc_free(e.ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply_notify_undo),
		cmocka_unit_test(test_apply_dirty),
		cmocka_unit_test(test_undo_view_and_notify_branch),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("tui_apply", tests, NULL, NULL);
}
