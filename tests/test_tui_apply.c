/* test_tui_apply.c: apply, undo and notify from the keys, on the demo
 * archive and its repository, rendered into cells: the apply view names
 * the base and each new commit, the commits carry the collected trailers,
 * a failed apply says why and changes nothing (the repository's digest),
 * undo puts the ref back, the notification goes out through a recording
 * sendmail stand-in and marks the series applied. */
#include "tests/lib/pbtest.h"
#include "tests/lib/pbt_git.h"
#include "tests/tui/pbt_tui.h"

/* Does the branch exist in REPO? */
static bool has_branch(pbt_tui_env_t *e, const char *branch)
{
	char *ref = talloc_asprintf(e->ctx, "refs/heads/%s", branch);
	const char *argv[] = {"git", "-C", e->repo, "rev-parse", "-q", "--verify", ref, NULL};
	return pbt_run(e->ctx, NULL, NULL, NULL, argv) == 0;
}

/* history v3: apply with the key, the trailers in git log, a second apply
 * that changes nothing, the notification sent, undo. */
static void test_apply_notify_undo(void **state)
{
	pbt_tui_env_t e;
	char *s, *digest, *want;
	(void)state;
	pbt_tui_env_new(&e, 30, 100, PBT_TUI_SENDMAIL_REPO);
	pbt_tui_keys(e.app, "j j A");
	/* the prompt names the repository the branch is written in */
	pbt_assert_contains(pbt_tui_message_line(e.app), "Apply v3 in \u2026/demo/repo to branch: ");
	pbt_assert_contains(pbt_tui_message_line(e.app), "widget-keep-a-history-of-recent-readings-v3");
	pbt_tui_keys(e.app, "C-u");
	pbt_tui_type(e.app, "review/history");
	s = pbt_tui_screen(e.app);
	pbt_assert_contains(s, " apply v3 to review/history");
	want = talloc_asprintf(e.ctx, "applied 4 patches of v3 to review/history on base-commit %.12s of the series\n\n"
				      "Repository: %s", e.demo->base_commit, e.repo);
	pbt_assert_contains(s, want);
	pbt_assert_contains(s, "Branch:     refs/heads/review/history (new)\n");
	pbt_assert_contains(s, talloc_asprintf(e.ctx, "Base:       base-commit %.12s of the series\n", e.demo->base_commit));
	for (int i = 0; i < 4; i++) {
		char *id = pbt_git(e.ctx, e.repo, "rev-parse --short=12 review/history~%d", 3 - i);
		char *msg = pbt_git(e.ctx, e.repo, "log -1 --format=%%B review/history~%d", 3 - i);
		int r = pbt_tui_row_with(e.app, talloc_asprintf(e.ctx, "  [%d] %s  ", i + 1, id));
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
	pbt_tui_keys(e.app, "q");
	pbt_assert_contains(tui_cells_row_text(e.ctx, e.app->cells, pbt_tui_row_with(e.app, "widget: Keep a history")),
			    "applied ");
	/* again onto the same branch: refused, nothing changes */
	digest = pbt_tree_digest(e.ctx, e.repo);
	pbt_tui_keys(e.app, "A C-u");
	pbt_tui_type(e.app, "review/history");
	s = pbt_tui_screen(e.app);
	pbt_assert_contains(s, "branch review/history exists (at ");
	pbt_assert_contains(s, "would not fast-forward it");
	pbt_assert_contains(s, "  [1] -             config: Parse durations with unit suffixes\n");
	pbt_assert_contains(s, "Nothing was changed: the branches, the work tree and the objects of the repository "
			       "are as they were.\n");
	assert_int_equal(tui_cells_at(e.app->cells, 1, 0)->role, TUI_ROLE_ERROR);
	pbt_assert_contains(tui_app_message_text(e.app), "nothing was changed");
	assert_string_equal(pbt_tree_digest(e.ctx, e.repo), digest);
	pbt_tui_keys(e.app, "m");
	pbt_assert_contains(pbt_tui_message_line(e.app), "nothing was applied: nothing to announce");
	/* the notification of the apply that worked, from the list */
	pbt_tui_keys(e.app, "q m");
	s = pbt_tui_screen(e.app);
	pbt_assert_contains(s, " compose: Re: [PATCH v3 0/4] widget: Keep a history of recent readings");
	pbt_assert_contains(s, "\nApplied to repo review/history, thanks!\n");
	pbt_assert_contains(s, talloc_asprintf(e.ctx, "      commit: %s\n", pbt_git(e.ctx, e.repo, "rev-parse review/history")));
	pbt_tui_keys(e.app, "y");
	assert_int_equal(pbt_tui_env_sent(&e, NULL), 1);
	pbt_assert_contains(pbt_tui_message_line(e.app),
			    "applied notification sent to Alex Romero <alex.romero@example.org>; the copy");
	pbt_assert_contains(tui_app_message_text(e.app), "; the series is marked applied");
	/* undo: the branch patchbay made is gone again */
	pbt_tui_keys(e.app, "U");
	pbt_assert_contains(pbt_tui_message_line(e.app), "Undo the apply to branch: review/history");
	pbt_tui_keys(e.app, "<Enter>");
	pbt_assert_contains(pbt_tui_message_line(e.app), "undone: refs/heads/review/history deleted (it was at ");
	assert_false(has_branch(&e, "review/history"));
	/* and nothing of this session is left to announce */
	pbt_tui_keys(e.app, "m");
	pbt_assert_contains(pbt_tui_message_line(e.app), "Notify: the branch the patches are on: ");
	talloc_free(e.ctx);
}

/* A dirty work tree: apply to the checked-out branch is refused. */
/* Without a repository to write in, A says so before asking anything,
 * and how to name one. */
static void test_apply_no_repository(void **state)
{
	pbt_tui_env_t e;
	char *nowhere;
	(void)state;
	pbt_tui_env_new(&e, 30, 100, PBT_TUI_SENDMAIL_REPO);
	nowhere = pbt_tmpdir(e.ctx);
	talloc_free(e.app->repo_path);
	e.app->repo_path = talloc_strdup(e.app, nowhere);
	pbt_tui_keys(e.app, "j j A");
	pbt_assert_contains(pbt_tui_message_line(e.app),
			    talloc_asprintf(e.ctx, "apply: no git repository at %s (start patchbay in the repository, "
					    "or set git config patchbay.repo)", nowhere));
	assert_null(strstr(pbt_tui_screen(e.app), "to branch:"));
	talloc_free(e.ctx);
}

static void test_apply_dirty(void **state)
{
	pbt_tui_env_t e;
	char *digest;
	(void)state;
	pbt_tui_env_new(&e, 30, 100, PBT_TUI_SENDMAIL_REPO);
	pbt_sh("echo dirt >>'%s/README'", e.repo);
	digest = pbt_tree_digest(e.ctx, e.repo);
	pbt_tui_keys(e.app, "j j A C-u");
	pbt_tui_type(e.app, "master");
	pbt_assert_contains(tui_app_message_text(e.app), "master is checked out and its work tree has changes (README)");
	pbt_assert_contains(tui_app_message_text(e.app), "nothing was changed");
	pbt_assert_contains(pbt_tui_screen(e.app), "\nNothing was changed: ");
	assert_string_equal(pbt_tree_digest(e.ctx, e.repo), digest);
	pbt_tui_keys(e.app, "U");
	pbt_assert_contains(pbt_tui_message_line(e.app), "nothing was applied");
	talloc_free(e.ctx);
}

/* Undo from the apply view asks first; notify from a branch. */
static void test_undo_view_and_notify_branch(void **state)
{
	pbt_tui_env_t e;
	char *old, *out, *err;
	const char *argv[] = {pbt_patchbay(), "-q", "--db", NULL, "apply", "--repo", NULL, "--branch", "earlier",
			      "ratelimit-v1-1@demo.widgetd.org", NULL};
	(void)state;
	pbt_tui_env_new(&e, 30, 100, PBT_TUI_SENDMAIL_REPO);
	argv[3] = e.mail;
	argv[6] = e.repo;
	/* an existing branch that the series fast-forwards */
	pbt_sh("git -C '%s' branch topic/proto master", e.repo);
	old = pbt_git(e.ctx, e.repo, "rev-parse topic/proto");
	pbt_tui_keys(e.app, "j j j j j A C-u");
	pbt_tui_type(e.app, "topic/proto");
	pbt_assert_contains(pbt_tui_screen(e.app),
			    talloc_asprintf(e.ctx, "Branch:     refs/heads/topic/proto (was at %.12s)\n", old));
	pbt_assert_contains(pbt_tui_screen(e.app), "  [20] ");
	pbt_tui_keys(e.app, "U");
	pbt_assert_contains(pbt_tui_message_line(e.app),
			    talloc_asprintf(e.ctx, "Undo: put refs/heads/topic/proto back at %.12s? (y/n)", old));
	pbt_tui_keys(e.app, "n");
	assert_string_not_equal(pbt_git(e.ctx, e.repo, "rev-parse topic/proto"), old);
	pbt_tui_keys(e.app, "U y");
	pbt_assert_contains(pbt_tui_message_line(e.app),
			    talloc_asprintf(e.ctx, "undone: refs/heads/topic/proto back at %.12s", old));
	assert_string_equal(pbt_git(e.ctx, e.repo, "rev-parse topic/proto"), old);
	pbt_assert_contains(pbt_tui_screen(e.app), "\nUndone: the branch is back where it was.\n");
	pbt_tui_keys(e.app, "m");
	pbt_assert_contains(pbt_tui_message_line(e.app), "this apply is undone: nothing to announce");
	/* applied earlier, by the command line: the branch says what */
	assert_int_equal(pbt_run(e.ctx, &out, &err, NULL, argv), 0);
	pbt_tui_keys(e.app, "q <End> k k k m C-u");
	pbt_tui_type(e.app, "earlier");
	pbt_assert_contains(pbt_tui_screen(e.app), " compose: Re: [PATCH 1/2] log: Collapse repeated messages");
	pbt_assert_contains(pbt_tui_screen(e.app), "\nApplied to repo earlier, thanks!\n");
	talloc_free(e.ctx);
}

/* The merge step: "BRANCH into TARGET" at the prompt (patchbay.mergeInto
 * fills it in), the merge shown, undo takes both back. */
static void test_apply_merge_into(void **state)
{
	pbt_tui_env_t e;
	char *staging, *merged, *digest, *s;
	(void)state;
	pbt_tui_env_new(&e, 30, 100, PBT_TUI_SENDMAIL_REPO);
	pbt_sh("git -C '%s' branch staging master && git -C '%s' config patchbay.mergeInto staging", e.repo, e.repo);
	staging = pbt_git(e.ctx, e.repo, "rev-parse staging");
	pbt_tui_keys(e.app, "j j A");
	pbt_assert_contains(pbt_tui_message_line(e.app), "-readings-v3 into staging");
	/* a prompt that is neither form: refused, nothing changes */
	digest = pbt_tree_digest(e.ctx, e.repo);
	pbt_tui_keys(e.app, "C-u");
	pbt_tui_type(e.app, "review/m onto staging");
	pbt_assert_contains(tui_app_message_text(e.app), "'onto' is not an apply option (BRANCH [into TARGET]");
	assert_string_equal(pbt_tree_digest(e.ctx, e.repo), digest);
	pbt_tui_keys(e.app, "A C-u");
	pbt_tui_type(e.app, "review/m into staging");
	s = pbt_tui_screen(e.app);
	pbt_assert_contains(s, "Branch:     refs/heads/review/m (new)\n");
	pbt_assert_contains(s, talloc_asprintf(e.ctx, "Merged:     into refs/heads/staging as %.12s (was at %.12s)\n",
					       pbt_git(e.ctx, e.repo, "rev-parse staging"), staging));
	/* a real merge of the topic, the cover letter as its message */
	assert_string_equal(pbt_git(e.ctx, e.repo, "rev-parse staging^2"), pbt_git(e.ctx, e.repo, "rev-parse review/m"));
	assert_string_equal(pbt_git(e.ctx, e.repo, "rev-parse staging^1"), staging);
	pbt_assert_contains(pbt_git(e.ctx, e.repo, "log -1 --format=%%B staging"), "Merge patch series ");
	/* staging moved on since (by hand): undo refuses the merge and keeps
	 * the topic, and the reason stays on the screen */
	merged = pbt_git(e.ctx, e.repo, "rev-parse staging");
	pbt_sh("git -C '%s' update-ref refs/heads/staging \"$(git -C '%s' commit-tree -p staging -m later "
	       "'staging^{tree}')\"", e.repo, e.repo);
	pbt_tui_keys(e.app, "U y");
	pbt_assert_contains(tui_app_message_text(e.app), "undo: the last change to staging was not an apply by patchbay");
	assert_true(has_branch(&e, "review/m"));
	/* put it back, the two hand-made reflog entries gone with it */
	pbt_sh("git -C '%s' update-ref refs/heads/staging %s && git -C '%s' reflog delete staging@{0} && "
	       "git -C '%s' reflog delete staging@{0}", e.repo, merged, e.repo, e.repo);
	/* undo: the merge and the topic both go */
	pbt_tui_keys(e.app, "U");
	pbt_assert_contains(pbt_tui_message_line(e.app),
			    "Undo: delete refs/heads/review/m (patchbay made it) and undo the merge into staging?");
	pbt_tui_keys(e.app, "y");
	assert_string_equal(pbt_git(e.ctx, e.repo, "rev-parse staging"), staging);
	assert_false(has_branch(&e, "review/m"));
	talloc_free(e.ctx);
}

/* A with series marked: all of them onto one branch, oldest first, one
 * apply view each (the last on top); undo in the first view takes back
 * the whole batch, in one confirmation. */
static void test_apply_marked(void **state)
{
	pbt_tui_env_t e;
	char *s;
	(void)state;
	pbt_tui_env_new(&e, 30, 100, PBT_TUI_SENDMAIL_REPO);
	/* dmarc (row 4), then history (row 3): the older goes first */
	pbt_tui_keys(e.app, "j j j t");
	pbt_tui_keys(e.app, "k k t");
	pbt_assert_contains(pbt_tui_message_line(e.app), "2 series marked");
	pbt_tui_keys(e.app, "A");
	pbt_assert_contains(pbt_tui_message_line(e.app), "Apply 2 marked series in \u2026/demo/repo to branch:");
	pbt_tui_type(e.app, "staging");
	pbt_assert_contains(tui_app_message_text(e.app), "applied 2 series to staging");
	assert_string_equal(pbt_git(e.ctx, e.repo, "log --format=%%s master..staging"),
			    "widget: Refuse two widgets with the same name\n"
			    "README: Document the history of readings\nproto: Add the history command\n"
			    "widget: Keep the last readings of every widget\nconfig: Parse durations with unit suffixes");
	s = pbt_tui_screen(e.app);
	pbt_assert_contains(s, " apply v1 to staging");
	pbt_assert_contains(s, "Branch:     refs/heads/staging (was at ");
	/* the view below: history's, the batch's first: its undo takes back
	 * the batch from there on, the last first */
	pbt_tui_keys(e.app, "i");
	pbt_assert_contains(pbt_tui_screen(e.app), " apply v3 to staging");
	pbt_tui_keys(e.app, "U");
	pbt_assert_contains(pbt_tui_message_line(e.app),
			    "Undo the batch's 2 applies: delete refs/heads/staging (patchbay made it)?");
	pbt_tui_keys(e.app, "n");
	assert_string_equal(pbt_git(e.ctx, e.repo, "rev-list --count master..staging"), "5");
	pbt_tui_keys(e.app, "U y");
	pbt_assert_contains(tui_app_message_text(e.app), "undone: the batch's 2 applies; refs/heads/staging deleted");
	/* (every apply of it is undone: a second undo says so) */
	pbt_tui_keys(e.app, "U");
	pbt_assert_contains(pbt_tui_message_line(e.app), "this apply is undone already");
	assert_false(has_branch(&e, "staging"));
	talloc_free(e.ctx);
}

/* The apply prompt takes the options of `patchbay apply` after the
 * branch: --carry brings the Reviewed-by given on v2 to patch 1,
 * --patches picks, a word it does not know applies nothing. */
static void test_apply_prompt_options(void **state)
{
	pbt_tui_env_t e;
	char *digest;
	(void)state;
	pbt_tui_env_new(&e, 30, 100, PBT_TUI_SENDMAIL_REPO);
	digest = pbt_tree_digest(e.ctx, e.repo);
	pbt_tui_keys(e.app, "j j A C-u");
	pbt_tui_type(e.app, "review/h --bogus");
	pbt_assert_contains(tui_app_message_text(e.app), "'--bogus' is not an apply option (BRANCH [into TARGET] [--carry]");
	pbt_tui_keys(e.app, "A C-u");
	pbt_tui_type(e.app, "review/h --patches 1-z");
	pbt_assert_contains(tui_app_message_text(e.app), "bad patch list '1-z'");
	pbt_tui_keys(e.app, "A C-u");
	pbt_tui_type(e.app, "--carry review/h");
	pbt_assert_contains(tui_app_message_text(e.app), "give the branch first");
	assert_string_equal(pbt_tree_digest(e.ctx, e.repo), digest);
	assert_false(has_branch(&e, "review/h"));
	/* without --carry patch 1 has the Acked-by only; with it, the
	 * Reviewed-by of v2 too */
	pbt_tui_keys(e.app, "A C-u");
	pbt_tui_type(e.app, "review/h --patches 1");
	pbt_assert_contains(tui_app_message_text(e.app), "applied 1 patch of v3 to review/h");
	pbt_assert_not_contains(pbt_git(e.ctx, e.repo, "log -1 --format=%%B review/h"), "Reviewed-by: Olivia Chen");
	pbt_tui_keys(e.app, "q A C-u");
	pbt_tui_type(e.app, "review/c --carry --patches 1");
	pbt_assert_contains(tui_app_message_text(e.app), "applied 1 patch of v3 to review/c");
	pbt_assert_contains(pbt_git(e.ctx, e.repo, "log -1 --format=%%B review/c"),
			    "Reviewed-by: Olivia Chen <olivia.chen@example.org>");
	talloc_free(e.ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply_notify_undo),
		cmocka_unit_test(test_apply_no_repository),
		cmocka_unit_test(test_apply_dirty),
		cmocka_unit_test(test_undo_view_and_notify_branch),
		cmocka_unit_test(test_apply_merge_into),
		cmocka_unit_test(test_apply_marked),
		cmocka_unit_test(test_apply_prompt_options),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("tui_apply", tests, NULL, NULL);
}
