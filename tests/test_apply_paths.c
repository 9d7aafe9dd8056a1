/* test_apply_paths.c: what a patch does to the tree, applied in real git
 * repositories as git am does it: renames, copies, mode and type changes,
 * paths through a symbolic link (refused, as git refuses them), submodule
 * commits, untracked files in the way. A refusal says why and leaves the
 * repository byte-identical (pbt_tree_digest). */
#include <unistd.h>

#include "tests/lib/pbtest.h"
#include "tests/lib/pbt_git.h"
#include "patchbay/apply.h"

static pb_person_t committer = {(char *)"Queue Keeper", (char *)"keeper@example.org"};

/* Patches that add, delete, rename, change modes and empty folders give
 * the trees git am gives. */
static void test_tree_operations(void **state)
{
	void *ctx = talloc_new(NULL);
	char *repo = pbt_git_repo(ctx, 3), *mbox = talloc_asprintf(ctx, "%s.mbox", pbt_tmpdir(ctx)), *cover;
	pb_index_t *idx;
	pb_series_t *s;
	pb_apply_opts_t o = {0};
	pb_apply_result_t *r;
	pb_error_t err = {0};
	(void)state;
	pbt_sh("export GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=ann@example.com GIT_COMMITTER_NAME=Ann "
	       "GIT_COMMITTER_EMAIL=ann@example.com; cd '%s' && mkdir -p lone deep/a && echo alone > lone/only.txt && echo x > deep/a/x.txt && "
	       "git add . && git commit -qm 'More files' && git checkout -q -b work && "
	       "git rm -q lone/only.txt && git commit -qm 'Remove the lone file' && "
	       "git mv f1.txt deep/a/renamed.txt && git commit -qm 'Move f1 down' && "
	       "mkdir -p new/dir/tree && echo new > new/dir/tree/n.txt && chmod +x f2.txt && git add -A && "
	       "git commit -qm 'Add a deep file and make f2 executable' && "
	       "sed -i 3d f3.txt && echo more >> deep/a/x.txt && git commit -qam 'Edit two files' && "
	       "git rm -q deep/a/x.txt deep/a/renamed.txt && git commit -qm 'Empty deep/a' && "
	       "git format-patch -q -M --cover-letter --thread --stdout master > '%s' && "
	       "git checkout -q master",
	       repo, mbox);
	idx = pbt_index(ctx, pbt_notmuch_db1(ctx, mbox), NULL);
	cover = pbt_mbox_msgid(ctx, mbox, "0/5");
	assert_int_equal(pb_index_find(idx, cover, &s, NULL, NULL), PB_OK);
	o.repo_path = repo;
	o.branch = "ops";
	o.base = "master";
	assert_int_equal(pb_apply_series(ctx, &r, idx, s, &o, &err), PB_OK);
	assert_int_equal(r->n_applied, 5);
	for (int k = 4; k >= 0; k--)
		assert_string_equal(pbt_git(ctx, repo, "rev-parse ops~%d^{tree}", k),
				    pbt_git(ctx, repo, "rev-parse work~%d^{tree}", k));
	pbt_sh("cd '%s' && test \"$(git ls-tree ops f2.txt | cut -c1-6)\" = 100755 && ! git ls-tree -d ops deep/a | grep -q .",
	       repo);
	/* a patch adding a file that is there already does not apply */
	o.branch = "ops-again";
	o.base = "ops";
	o.patches = "3";
	o.no_three_way = true;
	assert_int_equal(pb_apply_series(ctx, &r, idx, s, &o, &err), PB_ERR_CONFLICT);
	pbt_assert_contains(r->summary, "new/dir/tree/n.txt already exists");
	talloc_free(ctx);
}

/* One mail with a one-patch series whose diff is DIFF. */
static pb_series_t *one_patch(TALLOC_CTX *ctx, pb_index_t **idx, const char *diff)
{
	char *mbox = talloc_asprintf(ctx, "%s/one.mbox", pbt_tmpdir(ctx));
	pb_series_t *s = NULL;
	FILE *f = fopen(mbox, "w");
	assert_non_null(f);
	fprintf(f, "From ann Mon Sep 17 00:00:00 2001\nFrom: Ann <ann@example.com>\n"
		   "Subject: [PATCH] Add a link and a file below it\nMessage-ID: <one-link@example.com>\n"
		   "Date: Mon, 2 Feb 2026 10:00:00 +0000\n\nSigned-off-by: Ann <ann@example.com>\n---\n%s",
		diff);
	fclose(f);
	*idx = pbt_index(ctx, pbt_notmuch_db1(ctx, mbox), NULL);
	assert_int_equal(pb_index_find(*idx, "one-link@example.com", &s, NULL, NULL), PB_OK);
	return s;
}

/* A file written below a symbolic link lands where the link points once
 * checked out: refused as git apply refuses it ("beyond a symbolic link"),
 * whether the link is in the tree or made by the same patch, with the
 * repository untouched; a patch that removes the link first may. */
static void test_beyond_symlink(void **state)
{
	void *ctx = talloc_new(NULL);
	char *repo = pbt_git_repo(ctx, 3), *dir = pbt_tmpdir(ctx), *cover, *before;
	pb_index_t *idx;
	pb_series_t *s;
	pb_apply_opts_t o = {0};
	pb_apply_result_t *r;
	pb_error_t err = {0};
	(void)state;
	/* patch 1 makes lnk a link out of the tree; patch 2 replaces it by a
	 * folder. good.mbox as sent; bad.mbox lost patch 2's removal of lnk. */
	pbt_sh("export GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=ann@example.com GIT_COMMITTER_NAME=Ann "
	       "GIT_COMMITTER_EMAIL=ann@example.com; cd '%s' && git checkout -q -b work && "
	       "ln -s /tmp lnk && git add lnk && git commit -qm 'Add a link' && "
	       "git rm -q lnk && mkdir lnk && echo x > lnk/pwned && git add lnk && git commit -qm 'Write below it' && "
	       "git format-patch -q --no-stat --cover-letter --thread --stdout master > '%s/good.mbox' && "
	       "perl -0pe 's{diff --git a/lnk b/lnk\\ndeleted file mode 120000\\n.*?(?=diff --git)}{}s' "
	       "'%s/good.mbox' > '%s/bad.mbox' && git checkout -q master && git branch -q -D work",
	       repo, dir, dir, dir);
	pbt_assert_contains(pbt_read(ctx, talloc_asprintf(ctx, "%s/good.mbox", dir), NULL), "deleted file mode 120000");
	pbt_assert_not_contains(pbt_read(ctx, talloc_asprintf(ctx, "%s/bad.mbox", dir), NULL),
				"deleted file mode 120000");
	o.repo_path = repo;
	o.base = "master";
	before = pbt_tree_digest(ctx, repo);

	idx = pbt_index(ctx, pbt_notmuch_db1(ctx, talloc_asprintf(ctx, "%s/bad.mbox", dir)), NULL);
	cover = pbt_mbox_msgid(ctx, talloc_asprintf(ctx, "%s/bad.mbox", dir), "0/2");
	assert_int_equal(pb_index_find(idx, cover, &s, NULL, NULL), PB_OK);
	o.branch = "links";
	assert_int_equal(pb_apply_series(ctx, &r, idx, s, &o, &err), PB_ERR_CONFLICT);
	pbt_assert_contains(r->summary, "lnk/pwned is beyond a symbolic link");
	assert_string_equal(pbt_tree_digest(ctx, repo), before);
	/* at patch 2, and the three-way fallback did not write there either */
	assert_int_equal(r->failed, 1);
	assert_string_equal(r->failed_file, "lnk/pwned");

	/* the same link made by the patch that writes below it */
	s = one_patch(ctx, &idx,
		      "diff --git a/lnk b/lnk\nnew file mode 120000\nindex 0000000..1a01d4d\n--- /dev/null\n+++ b/lnk\n"
		      "@@ -0,0 +1 @@\n+/tmp\n\\ No newline at end of file\n"
		      "diff --git a/lnk/pwned b/lnk/pwned\nnew file mode 100644\nindex 0000000..587be6b\n--- /dev/null\n"
		      "+++ b/lnk/pwned\n@@ -0,0 +1 @@\n+x\n-- \n2.43.0\n\n");
	o.branch = "links-one";
	assert_int_equal(pb_apply_series(ctx, &r, idx, s, &o, &err), PB_ERR_CONFLICT);
	pbt_assert_contains(r->summary, "lnk/pwned is beyond a symbolic link");
	assert_string_equal(pbt_tree_digest(ctx, repo), before);

	/* removing the link, then writing the folder, is a reroll's right */
	idx = pbt_index(ctx, pbt_notmuch_db1(ctx, talloc_asprintf(ctx, "%s/good.mbox", dir)), NULL);
	cover = pbt_mbox_msgid(ctx, talloc_asprintf(ctx, "%s/good.mbox", dir), "0/2");
	assert_int_equal(pb_index_find(idx, cover, &s, NULL, NULL), PB_OK);
	o.branch = "links-good";
	assert_int_equal(pb_apply_series(ctx, &r, idx, s, &o, &err), PB_OK);
	assert_int_equal(r->n_applied, 2);
	pbt_sh("cd '%s' && test \"$(git show links-good:lnk/pwned)\" = x", repo);
	talloc_free(ctx);
}

/* A path git refuses (".git" in a disguise NTFS or HFS+ would read as
 * ".git") is said to be refused, for that path, with no hunk named: not
 * "already exists", not "hunk 1 does not apply". */
static void test_refused_path_message(void **state)
{
	void *ctx = talloc_new(NULL);
	char *repo = pbt_git_repo(ctx, 1), *before;
	static const char *const paths[] = {".git./config", ".GIT/hooks/post-checkout", "a/.git/config", "git~1/config"};
	(void)state;
	before = pbt_tree_digest(ctx, repo);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		pb_index_t *idx;
		pb_series_t *s;
		pb_apply_opts_t o = {0};
		pb_apply_result_t *r;
		pb_error_t err = {0};
		char *diff = talloc_asprintf(ctx,
					     "diff --git a/%s b/%s\nnew file mode 100644\nindex 0000000..587be6b\n"
					     "--- /dev/null\n+++ b/%s\n@@ -0,0 +1 @@\n+x\n-- \n2.43.0\n\n",
					     paths[i], paths[i], paths[i]);
		s = one_patch(ctx, &idx, diff);
		o.repo_path = repo;
		o.base = "master";
		o.branch = talloc_asprintf(ctx, "refused-%zu", i);
		o.committer = &committer;
		assert_int_not_equal(pb_apply_series(ctx, &r, idx, s, &o, &err), PB_OK);
		assert_non_null(r);
		pbt_assert_contains(r->summary, paths[i]);
		pbt_assert_contains(r->summary, "git does not allow that path");
		pbt_assert_not_contains(r->summary, "already exists");
		pbt_assert_not_contains(r->summary, "hunk");
		assert_string_equal(pbt_tree_digest(ctx, repo), before);
	}
	talloc_free(ctx);
}

/* A submodule's patch ("Subproject commit <id>", mode 160000) records the
 * commit it names, as git am does, not the blob of that line of text:
 * moved, added and removed, the trees match git's. */
static void test_gitlink(void **state)
{
	void *ctx = talloc_new(NULL);
	char *repo = pbt_git_repo(ctx, 3), *mbox = talloc_asprintf(ctx, "%s.mbox", pbt_tmpdir(ctx)), *cover;
	pb_index_t *idx;
	pb_series_t *s;
	pb_apply_opts_t o = {0};
	pb_apply_result_t *r;
	pb_error_t err = {0};
	(void)state;
	pbt_sh("export GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=ann@example.com GIT_COMMITTER_NAME=Ann "
	       "GIT_COMMITTER_EMAIL=ann@example.com; cd '%s' && A=$(git rev-parse HEAD) && "
	       "git update-index --add --cacheinfo 160000,$A,sub && git update-index --add --cacheinfo 160000,$A,old && "
	       "git commit -qm 'Add submodules' && git checkout -q -b work && "
	       "echo more >> f1.txt && git add f1.txt && git commit -qm 'Edit f1' && B=$(git rev-parse HEAD) && "
	       "git update-index --cacheinfo 160000,$B,sub && git commit -qm 'Move sub' && "
	       "git update-index --add --cacheinfo 160000,$B,lib/new && git update-index --force-remove old && "
	       "git commit -qm 'Add lib/new, remove old' && "
	       "git format-patch -q --cover-letter --thread --stdout master > '%s' && git checkout -q master",
	       repo, mbox);
	pbt_assert_contains(pbt_read(ctx, mbox, NULL), "+Subproject commit ");
	idx = pbt_index(ctx, pbt_notmuch_db1(ctx, mbox), NULL);
	cover = pbt_mbox_msgid(ctx, mbox, "0/3");
	assert_int_equal(pb_index_find(idx, cover, &s, NULL, NULL), PB_OK);
	o.repo_path = repo;
	o.branch = "subs";
	o.base = "master";
	if (pb_apply_series(ctx, &r, idx, s, &o, &err) != PB_OK)
		fail_msg("%s: %s", pb_error_msg(&err), r ? r->summary : "");
	assert_int_equal(r->n_applied, 3);
	for (int k = 2; k >= 0; k--)
		assert_string_equal(pbt_git(ctx, repo, "rev-parse subs~%d^{tree}", k),
				    pbt_git(ctx, repo, "rev-parse work~%d^{tree}", k));
	pbt_sh("cd '%s' && git ls-tree subs sub | grep -q '^160000 commit '\"$(git rev-parse work~2)\"", repo);
	/* moving a submodule that is not where the patch says: a conflict */
	o.branch = "subs-again";
	o.base = "subs";
	o.patches = "2";
	assert_int_equal(pb_apply_series(ctx, &r, idx, s, &o, &err), PB_ERR_CONFLICT);
	pbt_assert_contains(r->summary, "sub: the submodule is not at the commit the patch starts from");
	talloc_free(ctx);
}

static void test_in_the_way(void **state)
{
	void *ctx = talloc_new(NULL);
	char *repo = pbt_git_repo(ctx, 1), *mbox = talloc_asprintf(ctx, "%s.mbox", pbt_tmpdir(ctx)), *db, *before;
	pb_index_t *idx;
	pb_series_t *s;
	pb_apply_opts_t o = {0};
	pb_apply_result_t *r;
	pb_error_t err = {0};
	(void)state;
	pbt_sh("cd '%s' && git checkout -q -b tmp && echo new > new.txt && git add new.txt && "
	       "GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=ann@example.com git commit -qm 'Add new.txt' && "
	       "git format-patch -q --thread -1 --stdout > '%s' && git checkout -q master && git branch -q -D tmp && "
	       "echo mine > new.txt",
	       repo, mbox);
	db = pbt_notmuch_db1(ctx, mbox);
	idx = pbt_index(ctx, db, NULL);
	assert_int_equal(pb_index_find(idx, pbt_mbox_msgid(ctx, mbox, "Add new.txt"), &s, NULL, NULL), PB_OK);
	o.repo_path = repo;
	o.branch = "master";
	o.base = "master";
	before = pbt_tree_digest(ctx, repo);
	assert_int_equal(pb_apply_series(ctx, &r, idx, s, &o, &err), PB_ERR_REFUSED);
	pbt_assert_contains(r->summary, "untracked file new.txt is in the way");
	assert_string_equal(pbt_tree_digest(ctx, repo), before);
	assert_string_equal(pbt_read(ctx, talloc_asprintf(ctx, "%s/new.txt", repo), NULL), "mine\n");
	talloc_free(ctx);
}

/* A tracked file the series turns into a link, or into a folder, is the
 * checkout's to replace: not "an untracked file in the way". */
static void test_type_change_checked_out(void **state)
{
	void *ctx = talloc_new(NULL);
	char *repo = pbt_git_repo(ctx, 2), *mbox = talloc_asprintf(ctx, "%s.mbox", pbt_tmpdir(ctx)), *cover;
	pb_index_t *idx;
	pb_series_t *s;
	pb_apply_opts_t o = {0};
	pb_apply_result_t *r;
	pb_error_t err = {0};
	(void)state;
	pbt_sh("export GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=ann@example.com GIT_COMMITTER_NAME=Ann "
	       "GIT_COMMITTER_EMAIL=ann@example.com; cd '%s' && git checkout -q -b tmp && "
	       "git rm -q f1.txt && ln -s f2.txt f1.txt && git add f1.txt && git commit -qm 'Make f1 a link' && "
	       "git rm -q f2.txt && mkdir f2.txt && echo x > f2.txt/inner && git add f2.txt && "
	       "git commit -qm 'Make f2 a folder' && "
	       "git format-patch -q --cover-letter --thread --stdout master > '%s' && git checkout -q master",
	       repo, mbox);
	pbt_assert_contains(pbt_read(ctx, mbox, NULL), "new file mode 120000");
	idx = pbt_index(ctx, pbt_notmuch_db1(ctx, mbox), NULL);
	cover = pbt_mbox_msgid(ctx, mbox, "0/2");
	assert_int_equal(pb_index_find(idx, cover, &s, NULL, NULL), PB_OK);
	o.repo_path = repo;
	o.branch = "master";
	o.base = "master";
	o.committer = &committer;
	if (pb_apply_series(ctx, &r, idx, s, &o, &err) != PB_OK)
		fail_msg("%s: %s", pb_error_msg(&err), r ? r->summary : "");
	assert_int_equal(r->n_applied, 2);
	assert_string_equal(pbt_git(ctx, repo, "rev-parse master^{tree}"), pbt_git(ctx, repo, "rev-parse tmp^{tree}"));
	pbt_sh("cd '%s' && test -L f1.txt && test \"$(cat f2.txt/inner)\" = x && test -z \"$(git status --porcelain)\"",
	       repo);
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_operations), cmocka_unit_test(test_beyond_symlink),
		cmocka_unit_test(test_refused_path_message), cmocka_unit_test(test_gitlink),
		cmocka_unit_test(test_in_the_way), cmocka_unit_test(test_type_change_checked_out),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("apply_paths", tests, NULL, NULL);
}
