/* apply_worktree.c: moving a checked-out branch's work tree, so that an
 * apply (or its undo) that fails or is killed half-way leaves nothing of
 * itself behind.
 *
 * libgit2's checkout writes the files first and the index last, and an
 * apply moves the branch after both. Three things can go wrong between:
 * another git holds the index lock (the files are written, the index is
 * not), the checkout fails part-way, or patchbay is killed. So:
 *  - a held index lock refuses the update before any file is written;
 *  - before writing, a journal (.git/patchbay-worktree: from, to, the
 *    branch) says what is under way; it goes once the branch has moved;
 *  - a failed checkout puts back what it wrote;
 *  - the next apply or undo in that repository finds the journal of a
 *    killed run and does the same, or, when the branch did move, only
 *    removes the journal. The journal names the run's process: while it
 *    lives the next apply refuses; once it is gone, the git locks it was
 *    killed holding are removed too: the branch's lock when it holds the
 *    commit the journal moves to, the index lock when it is no older than
 *    the journal.
 * Putting back touches only files that hold what the update wrote (their
 * content hashes to the new tree's blob): a file of the user's is never
 * removed or overwritten. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/action/apply_priv.h"
#include "core/base/util.h"

#define JOURNAL "patchbay-worktree"

static char *git_path(TALLOC_CTX *ctx, git_repository *repo, const char *name)
{
	return talloc_asprintf(ctx, "%s%s", git_repository_path(repo), name);
}

/* Does the file at PATH (not followed when a link) hold blob ID? */
static bool holds(const char *path, const git_oid *id)
{
	struct stat st;
	git_oid got;
	if (lstat(path, &st) != 0)
		return false;
	if (S_ISLNK(st.st_mode)) {
		char buf[4096];
		ssize_t n = readlink(path, buf, sizeof(buf));
		if (n < 0 || git_odb_hash(&got, buf, (size_t)n, GIT_OBJECT_BLOB) < 0)
			return false;
	} else if (!S_ISREG(st.st_mode) || git_odb_hashfile(&got, path, GIT_OBJECT_BLOB) < 0) {
		return false;
	}
	return git_oid_equal(&got, id);
}

/* Did the update write PATH, whole (it holds blob ID) or in part (it was
 * killed while writing: a regular file holding the first bytes of ID)? */
static bool written(git_repository *repo, const char *path, const git_oid *id)
{
	struct stat st;
	git_blob *b = NULL;
	bool part = false;
	if (holds(path, id))
		return true;
	if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || git_blob_lookup(&b, repo, id) < 0)
		return false;
	if ((git_object_size_t)st.st_size <= git_blob_rawsize(b)) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		const char *want = git_blob_rawcontent(b);
		char buf[8192];
		size_t at = 0;
		ssize_t n;
		part = fd >= 0;
		while (part && (n = read(fd, buf, sizeof(buf))) > 0) {
			if (at + (size_t)n > (size_t)git_blob_rawsize(b) || memcmp(buf, want + at, (size_t)n) != 0)
				part = false;
			at += (size_t)n;
		}
		if (fd >= 0)
			close(fd);
	}
	git_blob_free(b);
	return part;
}

/* Write blob ID as PATH with MODE (a link for GIT_FILEMODE_LINK), through a
 * temporary name beside it. */
static int put_blob(TALLOC_CTX *ctx, git_repository *repo, const char *path, const git_oid *id, uint32_t mode)
{
	git_blob *b = NULL;
	char *tmp = NULL;
	int rc = -1;
	if (git_blob_lookup(&b, repo, id) < 0)
		return -1;
	if (!(tmp = talloc_asprintf(ctx, "%s.pb-restore", path)))
		goto out;
	unlink(tmp);
	if (mode == GIT_FILEMODE_LINK) {
		char *target = talloc_strndup(tmp, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
		if (!target || symlink(target, tmp) < 0)
			goto out;
	} else {
		int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			      mode == GIT_FILEMODE_BLOB_EXECUTABLE ? 0777 : 0666);
		if (fd < 0)
			goto out;
		if (_pb_write_all(fd, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b)) < 0) {
			close(fd);
			unlink(tmp);
			goto out;
		}
		close(fd);
	}
	if (rename(tmp, path) < 0) {
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	talloc_free(tmp);
	git_blob_free(b);
	return rc;
}

/* Remove the folders above PATH (inside ROOT) that are empty now. */
static void prune_dirs(char *path, size_t root_len)
{
	for (char *sl = strrchr(path, '/'); sl && (size_t)(sl - path) > root_len; sl = strrchr(path, '/')) {
		*sl = '\0';
		if (rmdir(path) < 0)
			break;
	}
}

/* Put the work tree and index back from TO to FROM (commits), touching
 * only what holds TO's content. *N gets the files put back. */
static int put_back(TALLOC_CTX *ctx, git_repository *repo, const git_oid *from, const git_oid *to, size_t *n,
		    pb_error_t *err)
{
	git_commit *a = NULL, *b = NULL;
	git_tree *ta = NULL, *tb = NULL;
	git_diff *diff = NULL;
	git_index *index = NULL;
	const char *wd = git_repository_workdir(repo);
	void *tmp = talloc_new(ctx);
	size_t root_len = wd ? strlen(wd) : 0;
	bool index_ok;
	int rc = PB_OK;

	*n = 0;
	if (!tmp)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if (!wd || git_commit_lookup(&a, repo, from) < 0 || git_commit_lookup(&b, repo, to) < 0 ||
	    git_commit_tree(&ta, a) < 0 || git_commit_tree(&tb, b) < 0 ||
	    git_diff_tree_to_tree(&diff, repo, ta, tb, NULL) < 0) {
		rc = pb_error_git(err, "cannot read the commits to put the work tree back to");
		goto out;
	}
	/* (the index only when nobody else holds it) */
	index_ok = git_repository_index(&index, repo) == 0 && git_index_read(index, true) == 0;
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		bool in_from = d->status != GIT_DELTA_ADDED, in_to = d->status != GIT_DELTA_DELETED;
		char *p_new = talloc_asprintf(tmp, "%s%s", wd, d->new_file.path);
		char *p_old = talloc_asprintf(tmp, "%s%s", wd, d->old_file.path);
		struct stat st;
		if (!p_new || !p_old) {
			rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
			goto out;
		}
		if (d->old_file.mode == GIT_FILEMODE_COMMIT || d->new_file.mode == GIT_FILEMODE_COMMIT)
			continue; /* (a submodule's folder is its own) */
		if (in_to && written(repo, p_new, &d->new_file.id)) {
			if (in_from && strcmp(d->old_file.path, d->new_file.path) == 0) {
				if (put_blob(tmp, repo, p_old, &d->old_file.id, d->old_file.mode) == 0)
					(*n)++;
			} else if (unlink(p_new) == 0) {
				(*n)++;
				prune_dirs(p_new, root_len);
			}
		}
		if (in_from && lstat(p_old, &st) != 0 && errno == ENOENT) {
			char *dir = talloc_strdup(tmp, p_old), *sl = dir ? strrchr(dir, '/') : NULL;
			if (sl) {
				*sl = '\0';
				_pb_mkdir_p(dir, NULL);
			}
			if (put_blob(tmp, repo, p_old, &d->old_file.id, d->old_file.mode) == 0)
				(*n)++;
		}
		if (index_ok) {
			/* entries the update wrote go back; others are the user's */
			const git_index_entry *e = git_index_get_bypath(index, d->new_file.path, 0);
			bool same_path = in_from && strcmp(d->old_file.path, d->new_file.path) == 0;
			if (in_to && !same_path && e && git_oid_equal(&e->id, &d->new_file.id))
				git_index_remove_bypath(index, d->new_file.path);
			if (in_from) {
				const git_index_entry *o = git_index_get_bypath(index, d->old_file.path, 0);
				if (!o || (in_to && git_oid_equal(&o->id, &d->new_file.id))) {
					git_index_entry ne;
					memset(&ne, 0, sizeof(ne));
					ne.path = d->old_file.path;
					ne.mode = d->old_file.mode;
					git_oid_cpy(&ne.id, &d->old_file.id);
					git_index_add(index, &ne);
				}
			}
		}
	}
	if (index_ok && git_index_write(index) < 0)
		rc = pb_error_git(err, "the work tree is put back, but not the index");
out:
	git_error_clear();
	git_index_free(index);
	git_diff_free(diff);
	git_tree_free(ta);
	git_tree_free(tb);
	git_commit_free(a);
	git_commit_free(b);
	talloc_free(tmp);
	return rc;
}

int _pb_wt_unlocked(git_repository *repo, pb_error_t *err)
{
	char lock[PATH_MAX];
	struct stat st;
	if (snprintf(lock, sizeof(lock), "%sindex.lock", git_repository_path(repo)) >= (int)sizeof(lock))
		return pb_error_set(err, PB_ERR_IO, "the repository's path is too long");
	if (lstat(lock, &st) == 0)
		return pb_error_set(err, PB_ERR_REFUSED,
				    "%s exists: another git command is running in this repository, or one was "
				    "killed; once none runs, remove it and apply again",
				    lock);
	return PB_OK;
}

int _pb_wt_update(TALLOC_CTX *ctx, git_repository *repo, const git_oid *from, const git_oid *to,
		  const char *refname, pb_error_t *err)
{
	void *tmp = talloc_new(ctx);
	char *journal, *text, a[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1];
	int rc;

	if (!tmp)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	journal = git_path(tmp, repo, JOURNAL);
	if (!journal) {
		talloc_free(tmp);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	/* before any file is written: another git at work, or one killed */
	if ((rc = _pb_wt_unlocked(repo, err))) {
		talloc_free(tmp);
		return rc;
	}
	git_oid_tostr(a, sizeof(a), from);
	git_oid_tostr(b, sizeof(b), to);
	text = talloc_asprintf(tmp, "from %s\nto %s\nref %s\npid %ld\n", a, b, refname, (long)getpid());
	if (!text) {
		talloc_free(tmp);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	if ((rc = _pb_file_write_atomic(journal, text, strlen(text), err))) {
		talloc_free(tmp);
		return rc;
	}
	if ((rc = _pb_checkout(repo, from, to, false, err))) {
		size_t n = 0;
		pb_error_t e2 = {0};
		if (put_back(tmp, repo, from, to, &n, &e2) == PB_OK)
			unlink(journal);
		else
			pb_error_set(err, rc, "%s; putting the work tree back: %s", pb_error_msg(err),
				     pb_error_msg(&e2));
	}
	talloc_free(tmp);
	return rc;
}

void _pb_wt_done(git_repository *repo)
{
	char journal[PATH_MAX];
	if (snprintf(journal, sizeof(journal), "%s" JOURNAL, git_repository_path(repo)) < (int)sizeof(journal))
		unlink(journal);
}

/* The run that wrote the journal TEXT: alive, refuse; gone, remove the
 * locks it left (REF's lock holding the commit TO it was moving to, and
 * an index lock no older than the journal, which only it can have taken
 * since). *LOCKS: what was removed, for the note (under TMP). A journal
 * without a pid (of an older patchbay) leaves the locks alone. */
static int stale_locks(void *tmp, git_repository *repo, const char *journal, const char *text, const char *ref,
		       const char *to, const char **locks, pb_error_t *err)
{
	const char *p = strstr(text, "\npid ");
	struct stat js, ls;
	char *lock, buf[GIT_OID_HEXSZ + 2];
	long pid;
	int fd;
	ssize_t got;

	if (!p || (pid = strtol(p + 5, NULL, 10)) <= 0 || stat(journal, &js) != 0)
		return PB_OK;
	if (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
		return pb_error_set(err, PB_ERR_REFUSED,
				    "another apply (process %ld) is updating the work tree of %s; if no such "
				    "process runs, remove %s and apply again",
				    pid, ref, journal);
	lock = talloc_asprintf(tmp, "%s%s.lock", git_repository_path(repo), ref);
	if (lock && lstat(lock, &ls) == 0 && S_ISREG(ls.st_mode) && (fd = open(lock, O_RDONLY | O_CLOEXEC)) >= 0) {
		got = read(fd, buf, sizeof(buf));
		close(fd);
		if (got >= GIT_OID_HEXSZ && memcmp(buf, to, GIT_OID_HEXSZ) == 0 &&
		    (got == GIT_OID_HEXSZ || buf[GIT_OID_HEXSZ] == '\n') && unlink(lock) == 0)
			*locks = talloc_asprintf(tmp, "; its lock of %s removed", ref);
	}
	lock = git_path(tmp, repo, "index.lock");
	if (lock && lstat(lock, &ls) == 0 && S_ISREG(ls.st_mode) &&
	    (ls.st_mtim.tv_sec > js.st_mtim.tv_sec ||
	     (ls.st_mtim.tv_sec == js.st_mtim.tv_sec && ls.st_mtim.tv_nsec >= js.st_mtim.tv_nsec)) &&
	    unlink(lock) == 0)
		*locks = talloc_asprintf(tmp, "%s; its index lock removed", *locks ? *locks : "");
	if (!*locks)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	return PB_OK;
}

int _pb_wt_recover(TALLOC_CTX *ctx, git_repository *repo, char **note, pb_error_t *err)
{
	void *tmp = talloc_new(ctx);
	char *journal = tmp ? git_path(tmp, repo, JOURNAL) : NULL, *text = NULL, *ref = NULL;
	char fa[GIT_OID_HEXSZ + 1] = "", fb[GIT_OID_HEXSZ + 1] = "";
	const char *locks = "";
	git_oid from, to, cur;
	size_t len, n = 0;
	int rc = PB_OK;

	*note = NULL;
	if (!journal) {
		talloc_free(tmp);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	if (access(journal, F_OK) != 0 || _pb_file_read(tmp, &text, &len, journal, NULL) != PB_OK) {
		talloc_free(tmp);
		return PB_OK;
	}
	ref = talloc_zero_size(tmp, len + 1);
	if (!ref || sscanf(text, "from %40s\nto %40s\nref %s", fa, fb, ref) != 3 || git_oid_fromstr(&from, fa) < 0 ||
	    git_oid_fromstr(&to, fb) < 0) {
		/* not ours to read: left for a person to look at */
		rc = pb_error_set(err, PB_ERR_PARSE, "%s is damaged: look at the work tree, then remove it", journal);
		talloc_free(tmp);
		return rc;
	}
	if ((rc = stale_locks(tmp, repo, journal, text, ref, fb, &locks, err))) {
		talloc_free(tmp);
		return rc;
	}
	if (git_reference_name_to_id(&cur, repo, ref) == 0 && git_oid_equal(&cur, &to)) {
		/* killed after the branch moved: the update is whole */
		unlink(journal);
		talloc_free(tmp);
		return PB_OK;
	}
	if ((rc = put_back(tmp, repo, &from, &to, &n, err)) == PB_OK) {
		unlink(journal);
		*note = talloc_asprintf(ctx, "an interrupted apply had written part of the work tree of %s: %zu "
					"file%s put back%s",
					ref, n, n == 1 ? "" : "s", locks);
	}
	talloc_free(tmp);
	return rc;
}
