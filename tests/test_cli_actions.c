/* test_cli_actions.c: `patchbay reply`, `apply` and `notify` as a user runs
 * them: the real binary, a real notmuch database, a real git repository,
 * sendmail commands from git config that record what they get. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/lib/pbtest.h"
#include "tests/lib/pbt_git.h"

struct fx {
	char *repo, *mbox, *db, *cover, *p2, *dir;
};

static int setup(void **state)
{
	struct fx *f = talloc_zero(NULL, struct fx);
	f->repo = pbt_git_repo(f, 3);
	f->mbox = pbt_git_series(f, f->repo, 3, "Three more changes");
	f->db = pbt_notmuch_db1(f, f->mbox);
	f->cover = pbt_mbox_msgid(f, f->mbox, "0/3");
	f->p2 = pbt_mbox_msgid(f, f->mbox, "2/3");
	f->dir = pbt_tmpdir(f);
	pbt_sh("git config --global --unset-all sendemail.sendmailcmd; "
	       "git config --global --unset-all patchbay.branchformat; true");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	talloc_free(*state);
	return 0;
}

/* patchbay --db DB --no-cache ARGS...; returns the exit status */
static int pb(void *ctx, struct fx *f, char **out, char **err, const char *const *args)
{
	const char *argv[32] = {pbt_patchbay(), "--db", f->db, "--no-cache"};
	int n = 4;
	for (int i = 0; args[i]; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	return pbt_run(ctx, out, err, NULL, argv);
}

static void test_reply_print_send_fail(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	char *out, *err, *rec = talloc_asprintf(ctx, "%s/rec", f->dir);
	{
		const char *a[] = {"reply", f->p2, "--ack", "--print", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 0);
		pbt_assert_contains(out, "Subject: Re: [PATCH 2/3] f2: Change line 10\n");
		pbt_assert_contains(out, "To: Ann Author <ann@example.com>\n");
		pbt_assert_contains(out, talloc_asprintf(ctx, "In-Reply-To: <%s>\n", f->p2));
		pbt_assert_contains(out, "\nAcked-by: Test Maintainer <maint@example.org>\n");
	}
	/* patchbay.signature: under the trailer, after "-- " */
	pbt_sh("printf 'Test M.\\n' > '%s/sig' && git config --global patchbay.signature '%s/sig'", f->dir, f->dir);
	{
		const char *a[] = {"reply", f->p2, "--ack", "--print", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 0);
		pbt_assert_contains(out, "\nAcked-by: Test Maintainer <maint@example.org>\n-- \nTest M.\n");
	}
	pbt_sh("git config --global --unset patchbay.signature");
	/* sendemail.sendmailCmd from git config, as git send-email has it */
	pbt_script(ctx, f->dir, "record", talloc_asprintf(ctx, "echo \"$@\" > '%s.args'\ncat > '%s.msg'\n", rec, rec));
	pbt_sh("git config --global sendemail.sendmailCmd '%s/record'", f->dir);
	{
		const char *a[] = {"reply", f->p2, "--review", "--send", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 0);
		pbt_assert_contains(err, "the copy is in ");
		pbt_assert_contains(err, "/Sent/cur/");
		pbt_assert_contains(pbt_read(ctx, talloc_asprintf(ctx, "%s.msg", rec), NULL),
				    "Reviewed-by: Test Maintainer <maint@example.org>");
		assert_string_equal(pbt_read(ctx, talloc_asprintf(ctx, "%s.args", rec), NULL),
				    "-i ann@example.com list@example.org rev@example.org\n");
	}
	/* a failing command: exit 3, the draft is kept and named */
	pbt_script(ctx, f->dir, "refuse", "cat >/dev/null; echo 'mail server says no' >&2; exit 1\n");
	pbt_sh("git config --global sendemail.sendmailCmd '%s/refuse'", f->dir);
	{
		const char *a[] = {"reply", f->p2, "--test", "--send", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 3);
		pbt_assert_contains(err, "mail server says no");
		pbt_assert_contains(err, "kept as a draft in ");
		pbt_assert_contains(err, "/Drafts/cur/");
	}
	{
		const char *a[] = {"reply", f->p2, "--draft", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 0);
		pbt_assert_contains(err, "kept as a draft in ");
	}
	{
		const char *a[] = {"reply", "no-such-message@x", "--ack", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 1);
		const char *b[] = {"reply", "--ack", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, b), 2);
	}
	pbt_sh("git config --global --unset sendemail.sendmailcmd");
	talloc_free(ctx);
}

/* A kept draft is taken up again: printed, then sent; its copy in the
 * drafts folder goes (replaced by the sent one, not doubled); a message
 * that is no draft is refused. */
static void test_reply_resume(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	char *out, *err, *rec = talloc_asprintf(ctx, "%s/rec", f->dir), *path, *msg, *id, *copy = NULL;
	{
		const char *a[] = {"reply", f->p2, "--ack", "--draft", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 0);
		pbt_assert_contains(err, "kept as a draft in ");
	}
	assert_int_equal(pbt_count_files(ctx, talloc_asprintf(ctx, "%s/Drafts/cur", f->db), "*", &copy), 1);
	path = talloc_strdup(ctx, copy);
	msg = pbt_read(ctx, path, NULL);
	id = strcasestr(msg, "\nMessage-ID: <");
	assert_non_null(id);
	id = talloc_strndup(ctx, id + 14, strcspn(id + 14, ">"));
	{
		const char *a[] = {"reply", id, "--resume", "--print", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 0);
		pbt_assert_contains(out, "Acked-by: Test Maintainer <maint@example.org>");
		pbt_assert_contains(out, talloc_asprintf(ctx, "In-Reply-To: <%s>", f->p2));
	}
	pbt_script(ctx, f->dir, "record", talloc_asprintf(ctx, "cat > '%s.msg'\n", rec));
	pbt_sh("git config --global sendemail.sendmailCmd '%s/record'", f->dir);
	{
		const char *a[] = {"reply", id, "--resume", "--send", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 0);
		pbt_assert_contains(err, "/Sent/cur/");
		pbt_assert_contains(pbt_read(ctx, talloc_asprintf(ctx, "%s.msg", rec), NULL),
				    "Acked-by: Test Maintainer <maint@example.org>");
	}
	copy = NULL;
	assert_int_equal(pbt_count_files(ctx, talloc_asprintf(ctx, "%s/Drafts/cur", f->db), "*", &copy), 0);
	copy = NULL;
	assert_int_equal(pbt_count_files(ctx, talloc_asprintf(ctx, "%s/Sent/cur", f->db), "*", &copy), 1);
	/* sent, it is no draft any more; a patch never was one */
	{
		const char *a[] = {"reply", id, "--resume", "--print", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 2);
		pbt_assert_contains(err, "is not a kept draft");
		const char *b[] = {"reply", f->p2, "--resume", "--ack", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, b), 2);
		pbt_assert_contains(err, "--resume takes the draft as it is");
		const char *c[] = {"reply", "no-such@x", "--resume", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, c), 1);
	}
	pbt_sh("git config --global --unset sendemail.sendmailcmd");
	talloc_free(ctx);
}

static void test_apply_undo_notify(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	char *out, *err, *rec = talloc_asprintf(ctx, "%s/n", f->dir);
	const char *apply[] = {"apply", f->cover, "--repo", f->repo, "--branch", "topic/three", NULL};
	const char *show[] = {"show", f->cover, "--json", NULL};
	assert_int_equal(pb(ctx, f, &out, &err, apply), 0);
	pbt_assert_contains(out, "Base:   base-commit ");
	pbt_assert_contains(out, "Branch: refs/heads/topic/three (new)");
	pbt_assert_contains(out, "applied 3 patches of v1 to topic/three");
	pbt_assert_contains(out, talloc_asprintf(ctx, "  [3] %.12s f3: Change line 10",
						 pbt_git(ctx, f->repo, "rev-parse topic/three")));
	/* the series shows as applied */
	assert_int_equal(pb(ctx, f, &out, &err, show), 0);
	pbt_assert_contains(out, "\"state\": \"applied\"");
	{
		const char *a[] = {"apply", "--undo", "--repo", f->repo, "--branch", "topic/three", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 0);
		pbt_assert_contains(out, "undone: refs/heads/topic/three deleted");
		pbt_sh("! git -C '%s' rev-parse -q --verify topic/three", f->repo);
		assert_int_equal(pb(ctx, f, &out, &err, a), 1);
	}
	/* undo untagged the mail: not applied any more */
	assert_int_equal(pb(ctx, f, &out, &err, show), 0);
	pbt_assert_not_contains(out, "\"state\": \"applied\"");
	/* again, with my own trailer, and tell the author */
	{
		const char *a[] = {"apply", f->cover, "--repo", f->repo, "--branch", "topic/three", "--trailer",
				   "Reviewed-by: Queue Keeper <keeper@example.org>", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 0);
		pbt_assert_contains(pbt_git(ctx, f->repo, "log -1 --format=%%B topic/three~2"),
				    "Signed-off-by: Ann Author <ann@example.com>\n"
				    "Reviewed-by: Queue Keeper <keeper@example.org>");
		const char *b[] = {"apply", f->cover, "--branch", "x", "--trailer", "not a trailer", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, b), 2);
	}
	{
		const char *a[] = {"notify", f->cover, "--repo", f->repo, "--branch", "topic/three", "--tree", "test-tree",
				   "--print", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 0);
		pbt_assert_contains(out, "Applied to test-tree topic/three, thanks!");
		pbt_assert_contains(out, talloc_asprintf(ctx, "[2/3] f2: Change line 10\n      commit: %s\n",
							 pbt_git(ctx, f->repo, "rev-parse topic/three~1")));
	}
	{
		/* patchbay.repo as "~/...", read as apply reads it */
		const char *home = getenv("HOME");
		const char *a[] = {"notify", f->cover, "--branch", "topic/three", "--tree", "test-tree", "--print", NULL};
		assert_non_null(home);
		assert_int_equal(strncmp(f->repo, home, strlen(home)), 0);
		pbt_sh("git config --global patchbay.repo '~%s'", f->repo + strlen(home));
		assert_int_equal(pb(ctx, f, &out, &err, a), 0);
		pbt_assert_contains(out, "Applied to test-tree topic/three, thanks!");
		pbt_sh("git config --global --unset patchbay.repo");
	}
	pbt_script(ctx, f->dir, "rec-n", talloc_asprintf(ctx, "cat > '%s.msg'\n", rec));
	pbt_sh("git -C '%s' config sendemail.sendmailCmd '%s/rec-n'", f->repo, f->dir);
	{
		/* run from the repository: its own config names the sendmail command */
		const char *a[] = {"notify", f->cover, "--branch", "topic/three", "--send", NULL};
		char *cwd = getcwd(NULL, 0);
		assert_int_equal(chdir(f->repo), 0);
		assert_int_equal(pb(ctx, f, &out, &err, a), 0);
		assert_int_equal(chdir(cwd), 0);
		free(cwd);
		pbt_assert_contains(pbt_read(ctx, talloc_asprintf(ctx, "%s.msg", rec), NULL), "Applied to ");
		/* the tree named after the repository's folder */
		pbt_assert_contains(pbt_read(ctx, talloc_asprintf(ctx, "%s.msg", rec), NULL),
				    talloc_asprintf(ctx, "Applied to %s topic/three", strrchr(f->repo, '/') + 1));
	}
	assert_int_equal(pb(ctx, f, &out, &err, show), 0);
	pbt_assert_contains(out, "\"state\": \"applied\"");
	/* undone after the author was told: the series is not applied any more
	 * (the notification is tagged undone), and undo says who to tell
	 * (issue 11, bug 12) */
	{
		const char *a[] = {"apply", "--undo", "--repo", f->repo, "--branch", "topic/three", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 0);
		pbt_assert_contains(out, "undone: refs/heads/topic/three deleted");
		pbt_assert_contains(out, "the author was told it was applied (");
		pbt_assert_contains(out, "): reply there to say it was undone");
	}
	assert_int_equal(pb(ctx, f, &out, &err, show), 0);
	pbt_assert_not_contains(out, "\"state\": \"applied\"");
	talloc_free(ctx);
}

static void test_apply_failures(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	char *out, *err, *before;
	pbt_sh("cd '%s' && sed -i '10s/.*/no/' f2.txt && git commit -qam moved", f->repo);
	before = pbt_tree_digest(ctx, f->repo);
	{
		const char *a[] = {"apply", f->cover, "--repo", f->repo, "--branch", "t", "--base", "master", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 3);
		pbt_assert_contains(err, "patch 2/3 \"f2: Change line 10\" does not apply");
		pbt_assert_contains(out, "  conflict: f2.txt");
		pbt_assert_contains(out, "  [2] FAILED");
	}
	{
		const char *a[] = {"apply", f->cover, "--repo", f->repo, "--branch", "t", "--base", "master", "--json", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 3);
		pbt_assert_contains(out, "\"ok\": false");
		pbt_assert_contains(out, "\"file\": \"f2.txt\"");
	}
	{
		const char *a[] = {"apply", f->cover, "--repo", f->repo, "--branch", "t", "--base", "nope", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 1);
		const char *b[] = {"apply", f->cover, "--repo", f->repo, "--branch", "t", "--patches", "z", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, b), 2);
		const char *c[] = {"apply", "--undo", "--repo", f->repo, NULL};
		assert_int_equal(pb(ctx, f, &out, &err, c), 2);
	}
	assert_string_equal(pbt_tree_digest(ctx, f->repo), before);
	/* the branch name from patchbay.branchFormat */
	pbt_sh("git -C '%s' config patchbay.branchFormat 'review/%%a/%%s-v%%v'", f->repo);
	before = pbt_tree_digest(ctx, f->repo);
	{
		const char *a[] = {"apply", f->cover, "--repo", f->repo, "--dry-run", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 0);
		pbt_assert_contains(out, "refs/heads/review/ann/three-more-changes-v1 (new)");
		pbt_assert_contains(out, "would apply 3 patches");
	}
	assert_string_equal(pbt_tree_digest(ctx, f->repo), before);
	talloc_free(ctx);
}

/* apply SERIES SERIES... --branch: oldest first, one on top of the
 * other, each named in the output; a conflict stops it (exit 3) with the
 * ones before kept; --undo takes them back one at a time. */
static void test_apply_batch(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	char *out, *err, *mbox = talloc_asprintf(ctx, "%s/more.mbox", f->dir);
	pbt_git_patch(f->repo, mbox, "x", "f1.txt", 2, "early", "2024-01-01T10:00:00");
	pbt_git_patch(f->repo, mbox, "z", "f1.txt", 10, "clash", "2024-01-02T10:00:00");
	pbt_notmuch_add(f->db, mbox);
	{
		const char *a[] = {"apply", f->cover, "x@batch", "--repo", f->repo, "--branch", "staging", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 0);
		pbt_assert_contains(out, "Series: f1.txt: Set line 2 to early\n");
		pbt_assert_contains(out, "\n\nSeries: Three more changes\n");
		pbt_assert_contains(out, "patchbay apply: applied 2 series to staging\n");
		assert_string_equal(pbt_git(ctx, f->repo, "log --format=%%s master..staging"),
				    "f3: Change line 10\nf2: Change line 10\nf1: Change line 10\n"
				    "f1.txt: Set line 2 to early");
	}
	{
		const char *a[] = {"apply", "--undo", "--repo", f->repo, "--branch", "staging", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 0);
		assert_int_equal(pb(ctx, f, &out, &err, a), 0);
		pbt_assert_contains(out, "staging deleted");
	}
	{
		/* z (older) applies, then the series' patch 1 clashes with it */
		const char *a[] = {"apply", f->cover, "z@batch", "--repo", f->repo, "--branch", "t", "--no-3way", "--json",
				   NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 3);
		pbt_assert_contains(out, "\"ok\": false");
		pbt_assert_contains(out, "\"applied\": 1");
		pbt_assert_contains(out, "applied 1 of 2 series to t; stopped at \\\"Three more changes\\\"");
		assert_string_equal(pbt_git(ctx, f->repo, "log --format=%%s master..t"), "f1.txt: Set line 10 to clash");
	}
	{
		/* in text, the series it stopped at is said once: in the
		 * batch's line, not also in a line of its own before it */
		const char *a[] = {"apply", f->cover, "z@batch", "--repo", f->repo, "--branch", "t2", "--no-3way", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 3);
		pbt_assert_contains(err, "applied 1 of 2 series to t2; stopped at \"Three more changes\": patch 1/3");
		assert_null(strstr(err, "nothing was changed\npatchbay apply:"));
		assert_null(strstr(out, "does not apply"));
	}
	{
		const char *a[] = {"apply", f->cover, "x@batch", "--repo", f->repo, NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 2);
		pbt_assert_contains(err, "several series take --branch NAME");
		const char *b[] = {"apply", f->cover, "x@batch", "--repo", f->repo, "--branch", "s", "--dry-run", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, b), 2);
		const char *c[] = {"apply", f->cover, "nope@x", "--repo", f->repo, "--branch", "s", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, c), 1);
	}
	talloc_free(ctx);
}

/* A sendmail that hangs is stopped after patchbay.sendTimeout, with what
 * it started; one stopped by a signal to patchbay too; one that exits 0
 * without reading the message has not sent it. Each time: exit 3, the
 * draft kept and named, and the message says what happened. */
static void test_send_hang_unread(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	char *out, *err, *pidf = talloc_asprintf(ctx, "%s/hang.pid", f->dir);
	pbt_script(ctx, f->dir, "hang", talloc_asprintf(ctx, "sleep 300 &\necho $! > '%s'\nwait\n", pidf));
	pbt_sh("git config --global sendemail.sendmailCmd '%s/hang' && git config --global patchbay.sendTimeout 1",
	       f->dir);
	{
		const char *a[] = {"reply", f->p2, "--ack", "--send", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 3);
		pbt_assert_contains(err, "did not finish within 1 s (patchbay.sendTimeout) and was stopped");
		pbt_assert_contains(err, "kept as a draft in ");
		pbt_assert_contains(err, "/Drafts/cur/");
		/* the sleep it started went with it (gone, or a zombie where
		 * nothing reaps orphans, as in some containers) */
		pbt_sh("p=$(cat '%s'); for i in $(seq 25); do s=$(cut -d' ' -f3 /proc/$p/stat 2>/dev/null) || exit 0; "
		       "[ \"$s\" = Z ] && exit 0; sleep 0.2; done; exit 1",
		       pidf);
	}
	/* a signal to patchbay stops the command, not patchbay's bookkeeping */
	pbt_sh("git config --global patchbay.sendTimeout 0");
	pbt_sh("cd '%s' && ( '%s' --db '%s' --no-cache reply '%s' --review --send 2> term.err & p=$!; sleep 1; "
	       "kill -TERM $p; wait $p; echo $? > term.rc )",
	       f->dir, pbt_patchbay(), f->db, f->p2);
	assert_string_equal(pbt_read(ctx, talloc_asprintf(ctx, "%s/term.rc", f->dir), NULL), "3\n");
	err = pbt_read(ctx, talloc_asprintf(ctx, "%s/term.err", f->dir), NULL);
	pbt_assert_contains(err, "cancelled: ");
	pbt_assert_contains(err, "/Drafts/cur/");
	/* exit 0, nothing read */
	pbt_script(ctx, f->dir, "lazy", "exit 0\n");
	pbt_sh("git config --global sendemail.sendmailCmd '%s/lazy'", f->dir);
	{
		const char *a[] = {"reply", f->p2, "--test", "--send", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 3);
		pbt_assert_contains(err, "exited without reading the whole message: not sent");
		pbt_assert_contains(err, "/Drafts/cur/");
	}
	pbt_sh("git config --global --unset sendemail.sendmailcmd; git config --global --unset patchbay.sendTimeout");
	talloc_free(ctx);
}

/* No byte of a hostile mail reaches a terminal as it is: ESC (OSC 52
 * clipboard write, OSC 0 title, ESC[2J), BEL and C1 controls in From,
 * Subject and body, through reply --print, am to stdout and am -o
 * /dev/tty, on a pseudo-terminal. Into a pipe, the same commands write the
 * message and the mbox exactly (git am must get the patch as sent). */
static bool has_controls(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == 0x1b || *p == 0x07 || *p == 0x9b)
			return true;
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return true;
	}
	return false;
}

static void test_hostile_on_terminal(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	char *mbox = talloc_asprintf(ctx, "%s/hostile.mbox", f->dir), *db, *out, *err;
	FILE *m = fopen(mbox, "w");
	(void)f;
	assert_non_null(m);
	fputs("From mallory Mon Sep 17 00:00:00 2001\n"
	      "From: =?utf-8?q?Mal=1B]0;owned=07lory?= <mal@example.com>\n"
	      "To: list@example.org\n"
	      "Subject: [PATCH] =?utf-8?q?f1=3A_=1B[2J=C2=9B31mChange=1B]52;c;cHduZWQ=07?=\n"
	      "Message-ID: <hostile@example.com>\n"
	      "Date: Mon, 2 Feb 2026 10:00:00 +0000\n"
	      "Content-Type: text/plain; charset=utf-8\n"
	      "Content-Transfer-Encoding: 8bit\n\n"
	      "Body \x1b]52;c;cHduZWQ=\x07 and \x1b[2J and \xc2\x9b" "1m.\n\n"
	      "Signed-off-by: Mal <mal@example.com>\n---\n"
	      "diff --git a/f1.txt b/f1.txt\nindex 1111111..2222222 100644\n--- a/f1.txt\n+++ b/f1.txt\n"
	      "@@ -1 +1 @@\n-one\n+one \x1b]0;title\x07\n-- \n2.43.0\n\n",
	      m);
	fclose(m);
	db = pbt_notmuch_db1(ctx, mbox);
	{
		const char *a[] = {pbt_patchbay(), "--db", db, "--no-cache", "reply", "hostile@example.com", "--ack",
				   "--print", NULL};
		assert_int_equal(pbt_run_pty(ctx, &out, a), 0);
		pbt_assert_contains(out, "Acked-by: Test Maintainer");
		pbt_assert_contains(out, "> Body ^[]52;c;cHduZWQ=^G and ^[[2J and <9b>1m.");
		assert_false(has_controls(out));
		/* into a pipe: the message as it would be sent */
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
		pbt_assert_contains(out, "> Body \x1b]52;c;cHduZWQ=\x07 and");
	}
	{
		const char *a[] = {pbt_patchbay(), "--db", db, "--no-cache", "am", "hostile@example.com", NULL};
		assert_int_equal(pbt_run_pty(ctx, &out, a), 0);
		pbt_assert_contains(out, "+one ^[]0;title^G");
		assert_false(has_controls(out));
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
		pbt_assert_contains(out, "+one \x1b]0;title\x07\n");
	}
	{
		/* a terminal named by path is a terminal */
		const char *a[] = {pbt_patchbay(), "--db", db, "--no-cache", "am", "hostile@example.com", "-o", "/dev/tty",
				   NULL};
		assert_int_equal(pbt_run_pty(ctx, &out, a), 0);
		pbt_assert_contains(out, "+one ^[]0;title^G");
		assert_false(has_controls(out));
	}
	talloc_free(ctx);
}

/* Characters that draw nothing but hide or reorder text (U+200B, U+200D,
 * U+202E) are named in check's output and escaped in its JSON, as control
 * characters are; the JSON still says what the mail says. */
static void test_invisible_in_check(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	char *mbox = talloc_asprintf(ctx, "%s/invisible.mbox", f->dir), *db, *out, *err;
	FILE *m = fopen(mbox, "w");
	assert_non_null(m);
	fputs("From mallory Mon Sep 17 00:00:00 2001\n"
	      "From: Mal Lory <mal@example.com>\n"
	      "Subject: [PATCH] f1: Zero\xe2\x80\x8bwidth, join\xe2\x80\x8d" "ed, \xe2\x80\xae" "flipped\n"
	      "Message-ID: <invisible@example.com>\n"
	      "Date: Mon, 2 Feb 2026 10:00:00 +0000\n"
	      "Content-Type: text/plain; charset=utf-8\n"
	      "Content-Transfer-Encoding: 8bit\n\n"
	      "Change it.\n\nSigned-off-by: Mal Lory <mal@example.com>\n---\n"
	      "diff --git a/f1.txt b/f1.txt\nindex 1111111..2222222 100644\n--- a/f1.txt\n+++ b/f1.txt\n"
	      "@@ -1 +1 @@\n-one\n+two\n-- \n2.43.0\n\n",
	      m);
	fclose(m);
	db = pbt_notmuch_db1(ctx, mbox);
	{
		const char *a[] = {pbt_patchbay(), "--db", db, "--no-cache", "check", "invisible@example.com",
				   "--quick", NULL};
		pbt_run(ctx, &out, &err, NULL, a);
		pbt_assert_contains(out, "Zero<U+200B>width, join<U+200D>ed, <U+202E>flipped");
		assert_null(strstr(out, "\xe2\x80"));
	}
	{
		const char *a[] = {pbt_patchbay(), "--db", db, "--no-cache", "check", "invisible@example.com",
				   "--quick", "--json", NULL};
		pbt_run(ctx, &out, &err, NULL, a);
		pbt_assert_contains(out, "Zero\\u200bwidth, join\\u200ded, \\u202eflipped");
		assert_null(strstr(out, "\xe2\x80"));
	}
	talloc_free(ctx);
}

/* test_full_disk_draft's tmpfs goes whether the test passed or not */
static int teardown_umount(void **state)
{
	struct fx *f = *state;
	pbt_sh("umount '%s/Drafts' 2>/dev/null; true", f->db);
	return teardown(state);
}

/* A full disk (a tmpfs filled to the brim under the drafts folder): the
 * reply cannot be kept, so it is not sent either, the error says so, and
 * the text goes to standard output: nothing the user wrote is lost. With
 * an earlier copy on disk, the error says that copy is an earlier one.
 * Skipped where no tmpfs can be mounted (not root). */
static void test_full_disk_draft(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	char *out, *err, *rec = talloc_asprintf(ctx, "%s/rec", f->dir);
	char *drafts = talloc_asprintf(ctx, "%s/Drafts", f->db);
	char *mnt = talloc_asprintf(ctx, "mount -t tmpfs -o size=64k tmpfs '%s' 2>/dev/null", drafts);
	mkdir(drafts, 0700);
	if (geteuid() != 0 || system(mnt) != 0) {
		talloc_free(ctx);
		skip();
	}
	pbt_script(ctx, f->dir, "rec", "cat > \"$0.msg\"\n");
	pbt_sh("git config --global sendemail.sendmailCmd '%s'", rec);
	/* full: a filler takes every block */
	pbt_sh("dd if=/dev/zero of='%s/filler' bs=4k 2>/dev/null; true", drafts);
	{
		const char *a[] = {"reply", f->p2, "--review", "--send", NULL};
		int st = pb(ctx, f, &out, &err, a);
		assert_int_not_equal(st, 0);
		pbt_assert_contains(err, "not sent: the reply could not be stored as a draft first");
		pbt_assert_contains(err, "kept nowhere on disk");
		pbt_assert_contains(err, "the reply follows on standard output");
		pbt_assert_contains(out, "Reviewed-by: Test Maintainer <maint@example.org>");
		pbt_assert_contains(out, talloc_asprintf(ctx, "In-Reply-To: <%s>", f->p2));
		/* the send was not tried */
		assert_int_not_equal(access(talloc_asprintf(ctx, "%s.msg", rec), F_OK), 0);
	}
	{
		const char *a[] = {"reply", f->p2, "--ack", "--draft", NULL};
		assert_int_not_equal(pb(ctx, f, &out, &err, a), 0);
		pbt_assert_contains(err, "not kept: ");
		pbt_assert_contains(err, "the reply follows on standard output");
		pbt_assert_contains(out, "Acked-by: Test Maintainer <maint@example.org>");
	}
	/* room again: it is kept and sent as before */
	pbt_sh("rm -f '%s/filler'", drafts);
	{
		const char *a[] = {"reply", f->p2, "--ack", "--send", NULL};
		assert_int_equal(pb(ctx, f, &out, &err, a), 0);
		pbt_assert_contains(pbt_read(ctx, talloc_asprintf(ctx, "%s.msg", rec), NULL),
				    "Acked-by: Test Maintainer <maint@example.org>");
	}
	pbt_sh("git config --global --unset sendemail.sendmailcmd");
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reply_print_send_fail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invisible_in_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reply_resume, setup, teardown),
		cmocka_unit_test_setup_teardown(test_apply_undo_notify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_apply_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_apply_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_on_terminal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_hang_unread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_disk_draft, setup, teardown_umount),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("cli-actions", tests, NULL, NULL);
}
