/* test_apply.c: applying a series to a topic branch in real git
 * repositories: bases, trailers, conflicts at patch k of N, the
 * three-way fallback, dirty and checked-out work trees, merges, undo. Every
 * failure leaves the repository byte-identical (pbt_tree_digest). */
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/lib/pbtest.h"
#include "tests/lib/pbt_git.h"
#include "patchbay/apply.h"

static pb_person_t committer = {(char *)"Queue Keeper", (char *)"keeper@example.org"};

struct fx {
	char *repo, *mbox, *db, *base;
	pb_index_t *idx;
	pb_series_t *s;
};

/* A repository with 5 files, a 5-patch series against it, in notmuch. */
static int setup(void **state)
{
	struct fx *f = talloc_zero(NULL, struct fx);
	char *cover;
	f->repo = pbt_git_repo(f, 5);
	f->base = pbt_git(f, f->repo, "rev-parse master");
	f->mbox = pbt_git_series(f, f->repo, 5, "Change line ten everywhere");
	f->db = pbt_notmuch_db1(f, f->mbox);
	f->idx = pbt_index(f, f->db, NULL);
	cover = pbt_mbox_msgid(f, f->mbox, "0/5");
	assert_int_equal(pb_index_find(f->idx, cover, &f->s, NULL, NULL), PB_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	talloc_free(*state);
	return 0;
}

static pb_apply_opts_t opts(struct fx *f, const char *branch)
{
	pb_apply_opts_t o = {0};
	o.repo_path = f->repo;
	o.branch = branch;
	o.committer = &committer;
	return o;
}

static void test_apply_all(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	pb_apply_opts_t o = opts(f, "topic/ann/ten");
	pb_apply_result_t *r;
	pb_error_t err = {0};
	char *log;

	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_OK);
	assert_int_equal(r->base_source, PB_BASE_COMMIT);
	assert_string_equal(r->base, f->base);
	pbt_assert_contains(r->base_desc, "base-commit");
	assert_int_equal(r->n_patches, 5);
	assert_int_equal(r->n_applied, 5);
	assert_int_equal(r->failed, -1);
	assert_string_equal(r->old_id, "");
	assert_string_equal(r->new_id, pbt_git(ctx, f->repo, "rev-parse topic/ann/ten"));
	assert_string_equal(r->patches[4].commit, r->new_id);
	assert_string_equal(r->patches[0].commit, pbt_git(ctx, f->repo, "rev-parse topic/ann/ten~4"));
	assert_false(r->worktree_updated);
	pbt_assert_contains(r->summary, "applied 5 patches of v1 to topic/ann/ten");
	/* author and date from the mail, committer as asked, message cleaned */
	log = pbt_git(ctx, f->repo, "log --reverse --format='%%an <%%ae> %%aI|%%cn <%%ce>|%%B' %s..topic/ann/ten",
		      f->base);
	pbt_assert_contains(log, "Ann Author <ann@example.com> 2024-03-01T10:00:00+01:00|Queue Keeper <keeper@example.org>|"
				 "f1: Change line 10\n\nPatch 1 of the series changes one line.\n\n"
				 "Signed-off-by: Ann Author <ann@example.com>\n");
	/* the same trees as git am gives */
	pbt_sh("cd '%s' && git checkout -q -b am-check %s && git am -q --empty=drop '%s' && test \"$(git rev-parse HEAD^{tree})\" = "
	       "\"$(git rev-parse topic/ann/ten^{tree})\" && git checkout -q master",
	       f->repo, f->base, f->mbox);
	/* the reflog says what happened */
	pbt_assert_contains(pbt_git(ctx, f->repo, "reflog -1 --format=%%gs topic/ann/ten"), "patchbay: apply v1 of <");
	/* the objects are in the repository for good */
	pbt_sh("cd '%s' && git fsck --no-dangling >/dev/null 2>&1", f->repo);
	talloc_free(ctx);
}

static void test_trailers_and_signoff(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	pb_apply_opts_t o = opts(f, "with-trailers");
	pb_apply_result_t *r;
	char *cover = pbt_mbox_msgid(ctx, f->mbox, "0/5"), *p2 = pbt_mbox_msgid(ctx, f->mbox, "2/5");
	char *msg;

	pbt_notmuch_reply(f->db, cover, "[PATCH 0/5] Change line ten everywhere", "Rev Iewer <rev@example.org>",
			  "Nice.\n\nReviewed-by: Rev Iewer <rev@example.org>\n");
	pbt_notmuch_reply(f->db, p2, "[PATCH 2/5] f2: Change line 10", "Tess Ter <tess@example.net>",
			  "> quoted\n\nTested-by: Tess Ter <tess@example.net>\nAcked-by: Tess Ter <tess@example.net>\n");
	assert_int_equal(pb_index_refresh(f->idx, NULL), PB_OK);
	assert_int_equal(pb_index_find(f->idx, cover, &f->s, NULL, NULL), PB_OK);
	o.signoff = true;
	o.am.linkmask = "https://lore.kernel.org/r/%s";
	o.am.trailer_order = "Fixes*,Link*,Acked*,Reviewed*,Tested*,*";
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, NULL), PB_OK);
	msg = pbt_git(ctx, f->repo, "log -1 --format=%%B with-trailers~3");
	assert_string_equal(msg, talloc_asprintf(ctx,
						 "f2: Change line 10\n\nPatch 2 of the series changes one line.\n\n"
						 "Signed-off-by: Ann Author <ann@example.com>\n"
						 "Link: https://lore.kernel.org/r/%s\n"
						 "Acked-by: Tess Ter <tess@example.net>\n"
						 "Reviewed-by: Rev Iewer <rev@example.org>\n"
						 "Tested-by: Tess Ter <tess@example.net>\n"
						 "Signed-off-by: Queue Keeper <keeper@example.org>\n",
						 p2));
	/* the cover's Reviewed-by reaches every patch */
	msg = pbt_git(ctx, f->repo, "log -1 --format=%%B with-trailers");
	pbt_assert_contains(msg, "Reviewed-by: Rev Iewer <rev@example.org>\n");
	pbt_assert_not_contains(msg, "Tested-by");
	talloc_free(ctx);
}

static void test_conflict_at_k(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	pb_apply_opts_t o = opts(f, "conflicted");
	pb_apply_result_t *r;
	pb_error_t err = {0};
	char *before;

	/* master moved: line 10 of f3.txt says something else now */
	pbt_sh("cd '%s' && sed -i '10s/.*/master changed this/' f3.txt && git commit -qam 'f3: Change line 10 too'",
	       f->repo);
	pbt_sh("cd '%s' && git checkout -q -b other && echo dirt > untracked.txt", f->repo);
	o.base = "master";
	before = pbt_tree_digest(ctx, f->repo);
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_ERR_CONFLICT);
	assert_string_equal(pbt_tree_digest(ctx, f->repo), before);
	assert_int_equal(r->failed, 2);
	assert_int_equal(r->patches[2].index, 3);
	assert_string_equal(r->failed_file, "f3.txt");
	assert_int_equal(r->failed_hunk, 1);
	assert_int_equal(r->failed_hunks, 1);
	assert_int_equal(r->n_conflicts, 1);
	assert_string_equal(r->conflicts[0], "f3.txt");
	assert_int_equal(r->n_applied, 0);
	assert_string_equal(r->new_id, "");
	pbt_assert_contains(r->summary, "patch 3/5 \"f3: Change line 10\" does not apply");
	pbt_assert_contains(r->summary, "conflicts in f3.txt");
	pbt_assert_contains(r->summary, "nothing was changed");
	pbt_assert_contains(err.msg, "patch 3/5");
	pbt_sh("cd '%s' && ! git rev-parse -q --verify conflicted", f->repo);

	/* without the three-way merge: the hunk that failed, by its header */
	o.no_three_way = true;
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_ERR_CONFLICT);
	assert_string_equal(pbt_tree_digest(ctx, f->repo), before);
	assert_string_equal(r->failed_file, "f3.txt");
	assert_int_equal(r->failed_hunk, 1);
	assert_string_equal(r->failed_hunk_header, "@@ -7,7 +7,7 @@ f3 line 6");
	pbt_assert_contains(r->summary, "f3.txt, hunk 1 of 1 \"@@ -7,7 +7,7 @@ f3 line 6\"");
	talloc_free(ctx);
}

static void test_three_way(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	pb_apply_opts_t o = opts(f, "merged-3way");
	pb_apply_result_t *r;
	pb_error_t err = {0};
	char *f4;

	/* master moved lines of f4.txt: the hunk's place shifted, its context
	 * is intact; libgit2's apply wants the exact place */
	pbt_sh("cd '%s' && sed -i '1i new first line\\nanother one' f4.txt && git commit -qam 'f4: Add two lines'", f->repo);
	o.base = "master";
	o.no_three_way = true;
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_ERR_CONFLICT);
	assert_int_equal(r->failed, 3);
	o.no_three_way = false;
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_OK);
	assert_true(r->patches[3].three_way);
	assert_false(r->patches[2].three_way);
	pbt_assert_contains(r->summary, "patch 4 needed a three-way merge");
	f4 = pbt_git(ctx, f->repo, "show merged-3way:f4.txt");
	pbt_assert_contains(f4, "new first line\nanother one\nf4 line 1\n");
	pbt_assert_contains(f4, "f4 line 9\nchanged by patch 4\nf4 line 11\n");
	talloc_free(ctx);
}

static void test_missing_base(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	pb_apply_opts_t o = opts(f, "nobase");
	pb_apply_result_t *r;
	pb_error_t err = {0};
	char *before = pbt_tree_digest(ctx, f->repo);

	o.base = "no-such-branch";
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_ERR_NOTFOUND);
	pbt_assert_contains(r->summary, "base no-such-branch is not in the repository");
	o.base = NULL;
	o.target = "staging";
	/* base-commit wins over the target when the repository has it */
	o.dry_run = true;
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_OK);
	assert_int_equal(r->base_source, PB_BASE_COMMIT);
	assert_string_equal(pbt_tree_digest(ctx, f->repo), before);
	/* a repository without the base-commit (same files, another history):
	 * the target, which is missing */
	o.repo_path = pbt_tmpdir(ctx);
	pbt_sh("cd '%s' && git init -q -b main && cp '%s'/f*.txt . && git add . && git commit -qm 'Another root'",
	       o.repo_path, f->repo);
	before = pbt_tree_digest(ctx, o.repo_path);
	o.dry_run = false;
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_ERR_NOTFOUND);
	pbt_assert_contains(r->summary, "patchbay.target staging is not in the repository");
	pbt_assert_contains(r->summary, "base-commit");
	assert_string_equal(pbt_tree_digest(ctx, o.repo_path), before);
	/* the target, said to be used, and why */
	pbt_sh("cd '%s' && git branch -q staging", o.repo_path);
	o.dry_run = true;
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_OK);
	assert_int_equal(r->base_source, PB_BASE_TARGET);
	pbt_assert_contains(r->base_desc, "patchbay.target staging");
	pbt_assert_contains(r->base_desc, "is not in the repository");
	/* no target: HEAD */
	o.target = NULL;
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_OK);
	assert_int_equal(r->base_source, PB_BASE_HEAD);
	pbt_assert_contains(r->base_desc, "HEAD (");
	/* an empty repository has no HEAD to apply to */
	o.repo_path = pbt_tmpdir(ctx);
	pbt_sh("cd '%s' && git init -q", o.repo_path);
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_ERR_NOTFOUND);
	pbt_assert_contains(r->summary, "no HEAD commit");
	talloc_free(ctx);
}

static void test_checked_out(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	pb_apply_opts_t o = opts(f, "work");
	pb_apply_result_t *r;
	pb_undo_result_t *u;
	pb_error_t err = {0};
	char *before, *head_before;

	pbt_sh("cd '%s' && git checkout -q -b work && echo local >> f1.txt", f->repo);
	o.base = "work";
	before = pbt_tree_digest(ctx, f->repo);
	/* dirty: refused, untouched */
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_ERR_REFUSED);
	pbt_assert_contains(r->summary, "work tree has changes (f1.txt)");
	assert_string_equal(pbt_tree_digest(ctx, f->repo), before);
	/* staged changes count too */
	pbt_sh("cd '%s' && git add f1.txt", f->repo);
	before = pbt_tree_digest(ctx, f->repo);
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_ERR_REFUSED);
	assert_string_equal(pbt_tree_digest(ctx, f->repo), before);
	/* clean: the branch, index and work tree move together */
	pbt_sh("cd '%s' && git reset -q --hard", f->repo);
	head_before = pbt_git(ctx, f->repo, "rev-parse HEAD");
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_OK);
	assert_true(r->worktree_updated);
	assert_string_equal(r->old_id, head_before);
	assert_string_equal(pbt_git(ctx, f->repo, "rev-parse HEAD"), r->new_id);
	assert_string_equal(pbt_git(ctx, f->repo, "status --porcelain"), "");
	pbt_assert_contains(pbt_read(ctx, talloc_asprintf(ctx, "%s/f5.txt", f->repo), NULL), "changed by patch 5");
	/* undo: back where it was, work tree too */
	assert_int_equal(pb_apply_undo(ctx, &u, f->repo, "work", &err), PB_OK);
	assert_true(u->worktree_updated);
	assert_false(u->deleted);
	assert_string_equal(u->to, head_before);
	assert_string_equal(pbt_git(ctx, f->repo, "rev-parse HEAD"), head_before);
	assert_string_equal(pbt_git(ctx, f->repo, "status --porcelain"), "");
	pbt_assert_not_contains(pbt_read(ctx, talloc_asprintf(ctx, "%s/f5.txt", f->repo), NULL), "changed by patch");
	assert_int_equal(u->version, 1);
	assert_string_equal(u->series_msgid, f->s->id);
	/* twice: nothing to undo */
	assert_int_equal(pb_apply_undo(ctx, &u, f->repo, "work", &err), PB_ERR_REFUSED);
	pbt_assert_contains(err.msg, "not an apply by patchbay");
	talloc_free(ctx);
}

/* Another git holds the index lock (or was killed holding it): the apply
 * to the checked-out branch is refused before it writes a file, the
 * repository stays byte-identical, and once the lock is gone it works. */
static void test_checked_out_locked(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	pb_apply_opts_t o = opts(f, "work");
	pb_apply_result_t *r;
	pb_error_t err = {0};
	char *before;
	pbt_sh("cd '%s' && git checkout -q -b work && : > .git/index.lock", f->repo);
	o.base = "work";
	before = pbt_tree_digest(ctx, f->repo);
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_ERR_REFUSED);
	pbt_assert_contains(r->summary, "/.git/index.lock exists: another git command is running");
	pbt_assert_contains(r->summary, "nothing was changed");
	assert_string_equal(pbt_tree_digest(ctx, f->repo), before);
	pbt_sh("rm '%s/.git/index.lock'", f->repo);
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_OK);
	assert_string_equal(pbt_git(ctx, f->repo, "status --porcelain"), "");
	talloc_free(ctx);
}

/* An apply killed while git's locks were held (the branch's lock holding
 * the commit it moved to, the index lock): the next apply finds the
 * journal of a process that is gone, removes those locks and applies; while
 * that process lives it refuses and touches nothing. */
static void test_killed_holding_locks(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	pb_apply_opts_t o = opts(f, "work");
	pb_apply_result_t *r;
	pb_error_t err = {0};
	char *base, *to, *before;
	pid_t dead = fork(), live;
	assert_true(dead >= 0);
	if (dead == 0)
		_exit(0);
	assert_int_equal(waitpid(dead, NULL, 0), dead);
	pbt_sh("cd '%s' && git checkout -q -b work", f->repo);
	base = pbt_git(ctx, f->repo, "rev-parse work");
	to = pbt_git(ctx, f->repo, "commit-tree -m killed work^{tree}");
	o.base = "work";
	/* a live process: refused, nothing touched */
	live = fork();
	assert_true(live >= 0);
	if (live == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* (gone with a failed test) */
		pause();
		_exit(0);
	}
	pbt_sh("cd '%s/.git' && printf 'from %s\nto %s\nref refs/heads/work\npid %ld\n' > patchbay-worktree && "
	       "echo %s > refs/heads/work.lock && : > index.lock",
	       f->repo, base, to, (long)live, to);
	before = pbt_tree_digest(ctx, f->repo);
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_ERR_REFUSED);
	pbt_assert_contains(pb_error_msg(&err), "another apply (process");
	assert_string_equal(pbt_tree_digest(ctx, f->repo), before);
	assert_int_equal(access(talloc_asprintf(ctx, "%s/.git/index.lock", f->repo), F_OK), 0);
	kill(live, SIGKILL);
	waitpid(live, NULL, 0);
	/* a lock of the branch that holds another commit is not the killed
	 * run's: it stays, and the apply fails */
	pbt_sh("cd '%s/.git' && printf 'from %s\nto %s\nref refs/heads/work\npid %ld\n' > patchbay-worktree && "
	       "echo %s > refs/heads/work.lock && sleep 0.01 && : > index.lock",
	       f->repo, base, to, (long)dead, base);
	assert_int_not_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_OK);
	assert_int_equal(access(talloc_asprintf(ctx, "%s/.git/refs/heads/work.lock", f->repo), F_OK), 0);
	/* the killed run's own locks: removed, and the apply works */
	pbt_sh("cd '%s/.git' && printf 'from %s\nto %s\nref refs/heads/work\npid %ld\n' > patchbay-worktree && "
	       "echo %s > refs/heads/work.lock && sleep 0.01 && : > index.lock",
	       f->repo, base, to, (long)dead, to);
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_OK);
	assert_non_null(r->recovered);
	pbt_assert_contains(r->recovered, "its lock of refs/heads/work removed; its index lock removed");
	assert_string_equal(pbt_git(ctx, f->repo, "status --porcelain"), "");
	assert_int_equal(access(talloc_asprintf(ctx, "%s/.git/patchbay-worktree", f->repo), F_OK), -1);
	talloc_free(ctx);
}

/* kill -9 at many points of an apply to the checked-out branch that writes
 * 300 files: afterwards the branch is where it was (and the next apply
 * puts back what the killed one wrote, then applies) or it moved with its
 * work tree; either way the work tree is clean and the tip is the series'
 * tree. */
static void test_checked_out_killed(void **state)
{
	void *ctx = talloc_new(NULL);
	char *repo = pbt_git_repo(ctx, 3), *dir = pbt_tmpdir(ctx), *mbox = talloc_asprintf(ctx, "%s/big.mbox", dir);
	char *db, *cover, *want, *base;
	int recovered = 0, whole = 0;
	(void)state;
	pbt_sh("export GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=ann@example.com GIT_COMMITTER_NAME=Ann "
	       "GIT_COMMITTER_EMAIL=ann@example.com; cd '%s' && git checkout -q -b work && mkdir -p gen && "
	       "for i in $(seq 1 300); do seq 1 400 | sed \"s/^/$i line /\" > gen/file$i.txt; done && "
	       "git add gen && git commit -qm 'Add generated tables' && echo more >> f1.txt && "
	       "git commit -qam 'Edit f1' && git format-patch -q --cover-letter --thread --stdout master > '%s' && "
	       "git checkout -q master",
	       repo, mbox);
	want = pbt_git(ctx, repo, "rev-parse work^{tree}");
	base = pbt_git(ctx, repo, "rev-parse master");
	db = pbt_notmuch_db1(ctx, mbox);
	cover = pbt_mbox_msgid(ctx, mbox, "0/2");
	for (int k = 0; k < 12; k++) {
		char *rc, *tip;
		/* from 0 to 0.55 s: before, during and after the checkout */
		pbt_sh("cd '%s' && git reset -q --hard %s && git clean -fdxq && "
		       "( '%s' --db '%s' --no-cache -q apply '%s' --branch master --base %s >/dev/null 2>&1 & p=$!; "
		       "sleep 0.%02d; kill -9 $p 2>/dev/null; wait $p 2>/dev/null; true )",
		       repo, base, pbt_patchbay(), db, cover, base, k * 5);
		tip = pbt_git(ctx, repo, "rev-parse master");
		if (strcmp(tip, base) == 0) {
			/* killed before the branch moved: the next apply works */
			const char *argv[] = {pbt_patchbay(), "--db", db, "--no-cache", "apply", cover, "--branch", "master",
					      "--base", base, "--repo", repo, NULL};
			char *out, *err;
			int st = pbt_run(ctx, &out, &err, NULL, argv);
			if (st != 0)
				fail_msg("kill after 0.%02d s: the next apply failed (%d): %s%s", k * 5, st, out, err);
			if (strstr(out, "put back"))
				recovered++;
		} else {
			whole++;
		}
		rc = pbt_git(ctx, repo, "status --porcelain --ignored");
		if (*rc)
			fail_msg("kill after 0.%02d s: the work tree is not clean:\n%s", k * 5, rc);
		assert_string_equal(pbt_git(ctx, repo, "rev-parse master^{tree}"), want);
		assert_int_equal(access(talloc_asprintf(ctx, "%s/.git/patchbay-worktree", repo), F_OK), -1);
	}
	print_message("killed 12 applies: %d put back by the next one, %d had finished\n", recovered, whole);
	talloc_free(ctx);
}

static void test_existing_branch(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	pb_apply_opts_t o = opts(f, "queue");
	pb_apply_result_t *r;
	pb_undo_result_t *u;
	pb_error_t err = {0};
	char *before, *queue;

	pbt_sh("cd '%s' && git checkout -q -b queue && echo q > q.txt && git add q.txt && git commit -qm queued && "
	       "git checkout -q master",
	       f->repo);
	queue = pbt_git(ctx, f->repo, "rev-parse queue");
	before = pbt_tree_digest(ctx, f->repo);
	/* on the base-commit, queue would not fast-forward */
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_ERR_REFUSED);
	pbt_assert_contains(r->summary, "would not fast-forward");
	assert_string_equal(pbt_tree_digest(ctx, f->repo), before);
	/* on top of it: fine */
	o.base = "queue";
	o.patches = "1,3-4";
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_OK);
	assert_int_equal(r->n_applied, 3);
	assert_int_equal(r->patches[1].index, 3);
	assert_string_equal(r->old_id, queue);
	assert_string_equal(pbt_git(ctx, f->repo, "rev-parse queue~3"), queue);
	/* replaced by force; undo brings back what was there */
	o.base = NULL;
	o.patches = NULL;
	o.force = true;
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_OK);
	assert_string_equal(pbt_git(ctx, f->repo, "rev-parse queue~5"), f->base);
	assert_int_equal(pb_apply_undo(ctx, &u, f->repo, "queue", &err), PB_OK);
	assert_string_equal(pbt_git(ctx, f->repo, "rev-parse queue~3"), queue);
	/* undo again: the apply before comes off too, then nothing is left */
	assert_int_equal(pb_apply_undo(ctx, &u, f->repo, "queue", &err), PB_OK);
	assert_string_equal(pbt_git(ctx, f->repo, "rev-parse queue"), queue);
	assert_int_equal(pb_apply_undo(ctx, &u, f->repo, "queue", &err), PB_ERR_REFUSED);
	pbt_assert_contains(err.msg, "not an apply by patchbay");
	/* a branch patchbay created: undo deletes it */
	o.branch = "fresh";
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_OK);
	assert_int_equal(pb_apply_undo(ctx, &u, f->repo, "fresh", &err), PB_OK);
	assert_true(u->deleted);
	pbt_sh("cd '%s' && ! git rev-parse -q --verify fresh", f->repo);
	assert_int_equal(pb_apply_undo(ctx, &u, f->repo, "fresh", &err), PB_ERR_NOTFOUND);
	/* someone moved it since: no undo */
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_OK);
	pbt_sh("cd '%s' && git branch -q -f fresh master", f->repo);
	assert_int_equal(pb_apply_undo(ctx, &u, f->repo, "fresh", &err), PB_ERR_REFUSED);
	talloc_free(ctx);
}

static void test_dry_run_and_selection(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	pb_apply_opts_t o = opts(f, "dry");
	pb_apply_result_t *r;
	pb_error_t err = {0};
	char *before = pbt_tree_digest(ctx, f->repo);
	o.dry_run = true;
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_OK);
	assert_int_equal(r->n_applied, 5);
	assert_string_equal(r->new_id, "");
	assert_true(strlen(r->patches[4].commit) == 40);
	pbt_assert_contains(r->summary, "would apply 5 patches");
	assert_string_equal(pbt_tree_digest(ctx, f->repo), before);
	o.patches = "9";
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_ERR_NOTFOUND);
	o.patches = "x";
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_ERR_USAGE);
	o.patches = NULL;
	o.version = 7;
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_ERR_NOTFOUND);
	o.version = 0;
	o.branch = "bad..name";
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_ERR_USAGE);
	o.branch = NULL;
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_ERR_USAGE);
	o.branch = "x";
	o.repo_path = "/nonexistent";
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_ERR_NOTFOUND);
	assert_string_equal(pbt_tree_digest(ctx, f->repo), before);
	talloc_free(ctx);
}

static void test_merge_into(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	pb_apply_opts_t o = opts(f, "topic/ten");
	pb_apply_result_t *r;
	pb_error_t err = {0};
	char *before, *msg;

	pbt_sh("cd '%s' && git branch -q staging master && git checkout -q -b elsewhere", f->repo);
	o.merge_into = "staging";
	o.merge_signoff = true;
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_OK);
	assert_string_equal(pbt_git(ctx, f->repo, "rev-parse staging"), r->merge_id);
	assert_string_equal(pbt_git(ctx, f->repo, "rev-parse staging^2"), r->new_id);
	assert_string_equal(pbt_git(ctx, f->repo, "rev-parse staging^1"), f->base);
	msg = pbt_git(ctx, f->repo, "log -1 --format=%%B staging");
	assert_string_equal(msg, talloc_asprintf(ctx,
						 "Merge patch series \"Change line ten everywhere\"\n\n"
						 "Ann Author <ann@example.com> says:\n\n"
						 "This series changes line 10 of some files.\n\n"
						 "Link: https://patch.msgid.link/%s\n"
						 "Signed-off-by: Queue Keeper <keeper@example.org>\n",
						 f->s->id));
	pbt_assert_contains(pbt_git(ctx, f->repo, "reflog -1 --format=%%gs staging"), "patchbay: merge topic/ten");
	/* a merge that conflicts changes nothing at all */
	pbt_sh("cd '%s' && git checkout -q -b staging2 master && sed -i '10s/.*/staging says no/' f2.txt && "
	       "git commit -qam 'f2: staging' && git checkout -q elsewhere",
	       f->repo);
	o.branch = "topic/ten-again";
	o.merge_into = "staging2";
	before = pbt_tree_digest(ctx, f->repo);
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_ERR_CONFLICT);
	pbt_assert_contains(r->summary, "merging topic/ten-again into staging2 conflicts in f2.txt");
	assert_string_equal(pbt_tree_digest(ctx, f->repo), before);
	o.merge_into = "nope";
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, &err), PB_ERR_NOTFOUND);
	talloc_free(ctx);
}

static void test_mark_applied(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	pb_apply_opts_t o = opts(f, "marked");
	pb_apply_result_t *r;
	pb_series_t *s;
	char *id = talloc_strdup(ctx, f->s->id);
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, NULL), PB_OK);
	assert_int_not_equal(f->s->state, PB_STATE_APPLIED);
	assert_int_equal(pb_apply_mark(f->idx, r, NULL), PB_OK);
	assert_int_equal(pb_index_refresh(f->idx, NULL), PB_OK); /* the model follows: the caller's step */
	assert_int_equal(pb_index_find(f->idx, id, &s, NULL, NULL), PB_OK);
	assert_int_equal(s->state, PB_STATE_APPLIED);
	assert_int_equal(pb_apply_unmark(NULL, NULL, f->idx, id, 1, NULL), PB_OK);
	assert_int_equal(pb_index_refresh(f->idx, NULL), PB_OK); /* the model follows: the caller's step */
	assert_int_equal(pb_index_find(f->idx, id, &s, NULL, NULL), PB_OK);
	assert_int_not_equal(s->state, PB_STATE_APPLIED);
	assert_int_equal(pb_apply_unmark(NULL, NULL, f->idx, "nope@x", 1, NULL), PB_ERR_NOTFOUND);
	talloc_free(ctx);
}

/* Several series to one branch: oldest first whatever order they are
 * named in, each on top of the one before, each tagged applied; the batch
 * stops at the first that does not apply and keeps those before it; undo
 * takes them back one at a time, the last first. */
static void test_batch(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	char *mbox = talloc_asprintf(ctx, "%s/batch.mbox", pbt_tmpdir(ctx));
	pb_apply_opts_t o = opts(f, "staging");
	pb_apply_batch_t *b;
	pb_undo_result_t *u;
	pb_index_t *idx;
	pb_series_t *s;
	pb_error_t err = {0};
	char *before;
	const char *ids[] = {"b@batch", "a@batch", "c@batch"};

	pbt_git_patch(f->repo, mbox, "a", "f1.txt", 2, "alpha", "2024-01-01T10:00:00");
	pbt_git_patch(f->repo, mbox, "b", "f2.txt", 2, "beta", "2024-01-02T10:00:00");
	pbt_git_patch(f->repo, mbox, "c", "f1.txt", 2, "gamma", "2024-01-03T10:00:00");
	idx = pbt_index(ctx, pbt_notmuch_db1(ctx, mbox), NULL);
	before = pbt_tree_digest(ctx, f->repo);
	/* what is for one series only, and ids that are not series */
	o.dry_run = true;
	assert_int_equal(pb_apply_batch(ctx, &b, idx, ids, 2, &o, &err), PB_ERR_USAGE);
	o.dry_run = false;
	assert_int_equal(pb_apply_batch(ctx, &b, idx, (const char *[]){"a@batch", "nope@x"}, 2, &o, &err),
			 PB_ERR_NOTFOUND);
	pbt_assert_contains(b->summary, "<nope@x>");
	assert_int_equal(pb_apply_batch(ctx, &b, idx, (const char *[]){"a@batch", "a@batch"}, 2, &o, &err),
			 PB_ERR_USAGE);
	assert_string_equal(pbt_tree_digest(ctx, f->repo), before);
	/* b and a: a first (older), then b on top of it */
	assert_int_equal(pb_apply_batch(ctx, &b, idx, ids, 2, &o, &err), PB_OK);
	assert_int_equal(b->n_results, 2);
	assert_int_equal(b->n_applied, 2);
	assert_string_equal(b->results[0]->series_id, "a@batch");
	assert_string_equal(b->results[1]->series_id, "b@batch");
	assert_string_equal(b->results[1]->old_id, b->results[0]->new_id);
	assert_string_equal(pbt_git(ctx, f->repo, "rev-parse staging"), b->results[1]->new_id);
	assert_string_equal(pbt_git(ctx, f->repo, "rev-parse staging~2"), f->base);
	assert_string_equal(pbt_git(ctx, f->repo, "log --format=%%s master..staging"),
			    "f2.txt: Set line 2 to beta\nf1.txt: Set line 2 to alpha");
	pbt_assert_contains(b->summary, "applied 2 series to staging");
	assert_int_equal(pb_index_refresh(idx, &err), PB_OK);
	assert_int_equal(pb_index_find(idx, "b@batch", &s, NULL, NULL), PB_OK);
	assert_int_equal(s->state, PB_STATE_APPLIED);
	/* undo, undo: b comes off, then a (patchbay made the branch: gone) */
	assert_int_equal(pb_apply_undo(ctx, &u, f->repo, "staging", &err), PB_OK);
	assert_string_equal(u->series_msgid, "b@batch");
	assert_string_equal(pbt_git(ctx, f->repo, "rev-parse staging"), b->results[0]->new_id);
	assert_int_equal(pb_apply_undo(ctx, &u, f->repo, "staging", &err), PB_OK);
	assert_string_equal(u->series_msgid, "a@batch");
	assert_true(u->deleted);
	pbt_sh("cd '%s' && ! git rev-parse -q --verify staging", f->repo);
	/* all three onto an existing branch: a, b apply on top of it; c
	 * changes a's line: it stops there, a and b stay */
	pbt_sh("cd '%s' && git branch -q staging master", f->repo);
	o.no_three_way = true;
	assert_int_equal(pb_apply_batch(ctx, &b, idx, ids, 3, &o, &err), PB_ERR_CONFLICT);
	assert_int_equal(b->n_results, 3);
	assert_int_equal(b->n_applied, 2);
	assert_false(b->mark_failed);
	assert_string_equal(b->results[2]->series_id, "c@batch");
	assert_string_equal(b->results[2]->new_id, "");
	assert_string_equal(pbt_git(ctx, f->repo, "rev-parse staging"), b->results[1]->new_id);
	pbt_assert_contains(b->summary, "applied 2 of 3 series to staging; stopped at \"f1.txt: Set line 2 to gamma\"");
	pbt_assert_contains(b->summary, "undo puts them back");
	/* undo twice: the branch as it was before the batch */
	assert_int_equal(pb_apply_undo(ctx, &u, f->repo, "staging", &err), PB_OK);
	assert_int_equal(pb_apply_undo(ctx, &u, f->repo, "staging", &err), PB_OK);
	assert_false(u->deleted);
	assert_string_equal(pbt_git(ctx, f->repo, "rev-parse staging"), f->base);
	/* and a third time: the branch's first move was git's, not patchbay's */
	assert_int_equal(pb_apply_undo(ctx, &u, f->repo, "staging", &err), PB_ERR_REFUSED);
	talloc_free(ctx);
}

/* Everything a call returns hangs off its result: freeing it frees all. */
static void test_ownership(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	pb_apply_opts_t o = opts(f, "owned");
	pb_apply_result_t *r;
	pb_undo_result_t *u;
	o.dry_run = true;
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, NULL), PB_OK);
	talloc_free(r);
	pbt_assert_no_leaks(ctx);
	o.base = "nope";
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, NULL), PB_ERR_NOTFOUND);
	talloc_free(r);
	pbt_assert_no_leaks(ctx);
	o.base = NULL;
	o.dry_run = false;
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, f->s, &o, NULL), PB_OK);
	talloc_free(r);
	pbt_assert_no_leaks(ctx);
	assert_int_equal(pb_apply_undo(ctx, &u, f->repo, "owned", NULL), PB_OK);
	talloc_free(u);
	pbt_assert_no_leaks(ctx);
	talloc_free(ctx);
}

static void test_branch_name(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	pb_version_t *v = pb_series_latest(f->s);
	(void)state;
	assert_string_equal(pb_apply_branch_name(ctx, NULL, f->s, v), "topic/ann/change-line-ten-everywhere-v1");
	assert_string_equal(pb_apply_branch_name(ctx, "b4/%s/%n/%d/%%/%x", f->s, v),
			    "b4/change-line-ten-everywhere/5/20240301/%/%x");
	talloc_free(ctx);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_apply_all),  T(test_trailers_and_signoff), T(test_conflict_at_k),
		T(test_three_way),  T(test_missing_base),         T(test_checked_out), T(test_checked_out_locked), T(test_killed_holding_locks),
		cmocka_unit_test(test_checked_out_killed),
		T(test_existing_branch), T(test_dry_run_and_selection), T(test_merge_into),
		T(test_mark_applied), T(test_batch), T(test_branch_name),
		T(test_ownership),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("apply", tests, NULL, NULL);
}
