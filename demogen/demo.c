/* demo.c: the demo archive: its folder, the generator's steps, notmuch
 * new, and the stamp that says the archive is complete. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "patchbay/diff.h"
#include "core/base/git_priv.h"
#include "demogen/demo_priv.h"
#include "core/base/util.h"

extern char **environ;

/* Bump when the generator writes a different archive: `patchbay --demo`
 * then makes a new one instead of reusing the old. */
#define STAMP ".pb-demo"
#define FORMAT "patchbay-demo 2"

static const char *const ours[] = {"repo", "mail", "notmuch-config", "bin", "outbox", STAMP, NULL};

int pb_demo_default_dir(TALLOC_CTX *mem_ctx, char **out, pb_error_t *err)
{
	const char *x = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	char *d;
	if (x && *x)
		d = talloc_asprintf(mem_ctx, "%s/patchbay/demo", x);
	else if (home && *home)
		d = talloc_asprintf(mem_ctx, "%s/.local/share/patchbay/demo", home);
	else
		return pb_error_set(err, PB_ERR_NOTFOUND, "neither XDG_DATA_HOME nor HOME is set");
	if (!d)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	*out = d;
	return PB_OK;
}

static bool is_stamp(const char *path, bool complete)
{
	char buf[64] = "";
	FILE *f = fopen(path, "r");
	bool ok;
	if (!f)
		return false;
	ok = fgets(buf, sizeof(buf), f) != NULL &&
	     (complete ? strcmp(buf, FORMAT "\n") == 0 : strncmp(buf, "patchbay-demo ", 14) == 0);
	fclose(f);
	return ok;
}

/* DIR made, holding no part of an older archive; PB_ERR_REFUSED when it
 * holds anything that is not ours. */
static int prepare_dir(TALLOC_CTX *ctx, const char *dir, pb_error_t *err)
{
	DIR *dh;
	struct dirent *de;
	char *foreign = NULL, *stamp;
	bool any = false;
	int rc;

	if ((rc = _pb_mkdir_p(dir, err)))
		return rc;
	if (!(dh = opendir(dir)))
		return pb_error_set(err, PB_ERR_IO, "%s: %s", dir, strerror(errno));
	while ((de = readdir(dh))) {
		bool mine = false;
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		for (int i = 0; ours[i]; i++)
			mine |= strcmp(de->d_name, ours[i]) == 0;
		any = true;
		if (!mine && !foreign)
			foreign = talloc_strdup(ctx, de->d_name);
	}
	closedir(dh);
	stamp = talloc_asprintf(ctx, "%s/" STAMP, dir);
	if (!stamp)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if (foreign)
		return pb_error_set(err, PB_ERR_REFUSED,
				    "%s holds \"%s\", which is not part of a demo archive: give an empty or new folder",
				    dir, foreign);
	if (any && !is_stamp(stamp, false))
		return pb_error_set(err, PB_ERR_REFUSED,
				    "%s holds files but no %s stamp: give an empty or new folder", dir, STAMP);
	for (int i = 0; ours[i]; i++) {
		char *p = talloc_asprintf(ctx, "%s/%s", dir, ours[i]);
		if (!p)
			return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		if (strcmp(ours[i], STAMP) != 0 && _pb_rm_rf(p) < 0)
			return pb_error_set(err, PB_ERR_IO, "cannot remove %s: %s", p, strerror(errno));
	}
	/* from now on the folder is an (incomplete) demo archive */
	return _pb_file_write_atomic(stamp, "patchbay-demo incomplete\n", 25, err);
}

/* Run `PROG new --quiet` with NOTMUCH_CONFIG=CONFIG; its stderr becomes
 * the error message. */
static int run_notmuch(TALLOC_CTX *ctx, const char *prog, const char *config, pb_error_t *err)
{
	void *tmp = talloc_new(ctx);
	char *argv[] = {(char *)prog, (char *)"new", (char *)"--quiet", NULL};
	char **envp, msg[600] = "";
	size_t ne = 0, got = 0;
	posix_spawn_file_actions_t fa;
	int pipefd[2], status = 0, rc;
	pid_t pid;

	for (char **e = environ; *e; e++)
		ne++;
	envp = talloc_array(tmp, char *, ne + 2);
	if (!tmp || !envp) {
		talloc_free(tmp);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	ne = 0;
	for (char **e = environ; *e; e++)
		if (strncmp(*e, "NOTMUCH_", 8) != 0)
			envp[ne++] = *e;
	envp[ne++] = talloc_asprintf(tmp, "NOTMUCH_CONFIG=%s", config);
	envp[ne] = NULL;
	if (!envp[ne - 1] || pipe2(pipefd, O_CLOEXEC) < 0) {
		talloc_free(tmp);
		return pb_error_set(err, PB_ERR_IO, "cannot run %s: %s", prog, strerror(errno));
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
	rc = posix_spawnp(&pid, prog, &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	if (rc != 0) {
		close(pipefd[0]);
		talloc_free(tmp);
		return pb_error_set(err, PB_ERR_EXTERNAL, "cannot run %s: %s", prog, strerror(rc));
	}
	for (;;) {
		char buf[512];
		ssize_t r = read(pipefd[0], buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (got + 1 < sizeof(msg)) {
			size_t n = (size_t)r < sizeof(msg) - 1 - got ? (size_t)r : sizeof(msg) - 1 - got;
			memcpy(msg + got, buf, n);
			got += n;
			msg[got] = '\0';
		}
	}
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	talloc_free(tmp);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char *nl = strchr(msg, '\n');
		if (nl)
			*nl = '\0';
		return pb_error_set(err, PB_ERR_EXTERNAL, "%s new failed (%s %d)%s%s", prog,
				    WIFEXITED(status) ? "exit status" : "signal",
				    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), *msg ? ": " : "", msg);
	}
	return PB_OK;
}

/* The demo sends no mail: its repository's sendemail.sendmailCmd is
 * DIR/bin/sendmail, which keeps each message in DIR/outbox/ (the demo's
 * people and lists are made up, and a reply sent from it must not reach
 * a real MTA). The repository's config wins over the user's. */
static int safe_sendmail(TALLOC_CTX *ctx, const char *dir, pb_error_t *err)
{
	static const char script[] =
		"#!/bin/sh\n"
		"# The patchbay demo's sendmail: it sends nothing. Each message goes\n"
		"# into the outbox folder beside this one, named by when it was sent.\n"
		"out=\"$(dirname \"$0\")/../outbox\"\n"
		"mkdir -p \"$out\" || exit 1\n"
		"f=\"$out/$(date +%Y%m%d-%H%M%S)-$$.eml\"\n"
		"cat > \"$f.tmp\" && mv \"$f.tmp\" \"$f\"\n";
	char *bin = talloc_asprintf(ctx, "%s/bin", dir), *path = talloc_asprintf(ctx, "%s/bin/sendmail", dir);
	char *repo = talloc_asprintf(ctx, "%s/repo", dir), *cmd = talloc_strdup(ctx, "'");
	_pb_repo_t *r = NULL;
	git_config *cfg = NULL;
	int rc;
	if (!bin || !path || !repo || !cmd)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if ((rc = _pb_mkdir_p(bin, err)) || (rc = _pb_file_write_atomic(path, script, strlen(script), err)))
		return rc;
	if (chmod(path, 0755) < 0)
		return pb_error_set(err, PB_ERR_IO, "%s: %s", path, strerror(errno));
	/* single-quoted for pb_send_split_command: ' as '\'' */
	for (const char *p = path; *p && cmd; p++)
		cmd = *p == '\'' ? talloc_strdup_append(cmd, "'\\''") : talloc_asprintf_append(cmd, "%c", *p);
	cmd = cmd ? talloc_strdup_append(cmd, "'") : NULL;
	if (!cmd)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if ((rc = _pb_repo_open(ctx, &r, repo, err)))
		return rc;
	if (git_repository_config(&cfg, r->repo) < 0 || git_config_set_string(cfg, "sendemail.sendmailCmd", cmd) < 0)
		rc = pb_error_git(err, "cannot write the config of %s", repo);
	git_config_free(cfg);
	talloc_free(r);
	return rc;
}

static int write_config(TALLOC_CTX *ctx, const char *path, const char *maildir, pb_error_t *err)
{
	char *text = talloc_asprintf(ctx,
				     "# notmuch config of the patchbay demo archive (written by patchbay)\n"
				     "[database]\npath=%s\n"
				     /* bulk indexing: small transactions keep Xapian's
				      * pending changes small, which is twice as fast */
				     "autocommit=250\n\n"
				     "[user]\nname=Ines Keller\nprimary_email=ines.keller@widgetd.org\n\n"
				     "[new]\ntags=unread;inbox;\nignore=\n\n"
				     "[search]\nexclude_tags=deleted;spam;\n\n"
				     "[maildir]\nsynchronize_flags=false\n",
				     maildir);
	if (!text)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	return _pb_file_write_atomic(path, text, strlen(text), err);
}

static pb_demo_result_t *new_result(TALLOC_CTX *mem_ctx, const char *dir)
{
	pb_demo_result_t *r = talloc_zero(mem_ctx, pb_demo_result_t);
	if (!r || !(r->dir = talloc_strdup(r, dir)) || !(r->repo_path = talloc_asprintf(r, "%s/repo", dir)) ||
	    !(r->db_path = talloc_asprintf(r, "%s/mail", dir)) ||
	    !(r->config_path = talloc_asprintf(r, "%s/notmuch-config", dir))) {
		talloc_free(r);
		return NULL;
	}
	return r;
}

static int check_opts(const pb_demo_opts_t *opts, pb_error_t *err)
{
	if (!opts || !opts->dir || !*opts->dir)
		return pb_error_set(err, PB_ERR_USAGE, "the demo needs a folder");
	if (opts->scale > PB_DEMO_MAX_SCALE)
		return pb_error_set(err, PB_ERR_USAGE, "scale %u is more than %u", opts->scale, PB_DEMO_MAX_SCALE);
	return PB_OK;
}

/* An exclusive lock on DIR (made when missing) while the archive in it is
 * looked at or written, so that two `patchbay --demo` at once build it
 * once. Released by closing *FD. */
static int lock_dir(const char *dir, int *fd, pb_error_t *err)
{
	int rc = _pb_mkdir_p(dir, err);
	if (rc)
		return rc;
	*fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*fd < 0)
		return pb_error_set(err, PB_ERR_IO, "%s: %s", dir, strerror(errno));
	while (flock(*fd, LOCK_EX) < 0)
		if (errno != EINTR) {
			rc = pb_error_set(err, PB_ERR_IO, "cannot lock %s: %s", dir, strerror(errno));
			close(*fd);
			return rc;
		}
	return PB_OK;
}

/* pb_demo_generate() with the folder locked. */
static int generate_locked(TALLOC_CTX *mem_ctx, pb_demo_result_t **out, const pb_demo_opts_t *opts,
			   pb_error_t *err)
{
	void *tmp;
	_pb_demo_gen_t *g;
	pb_demo_result_t *r;
	char real[PATH_MAX], *stamp, *text;
	unsigned scale = opts->scale ? opts->scale : 1;
	double t0;
	int rc;

	pb_git_init();
	if (!(tmp = talloc_new(mem_ctx)))
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if ((rc = prepare_dir(tmp, opts->dir, err)))
		goto out;
	if (!realpath(opts->dir, real)) {
		rc = pb_error_set(err, PB_ERR_IO, "%s: %s", opts->dir, strerror(errno));
		goto out;
	}
	g = talloc_zero(tmp, _pb_demo_gen_t);
	r = new_result(tmp, real);
	if (!g || !r || !(g->dir = talloc_strdup(g, real)) || !(g->maildir = talloc_strdup(g, r->db_path))) {
		rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		goto out;
	}
	g->ctx = g;
	g->err = err;
	for (int i = 0; i < 3 && rc == PB_OK; i++) {
		char *sub = talloc_asprintf(tmp, "%s/%s", g->maildir, (const char *[]){"cur", "new", "tmp"}[i]);
		rc = sub ? _pb_mkdir_p(sub, err) : pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	if (rc)
		goto out;
	t0 = _pb_now();
	if ((rc = _pb_demo_base(g)))
		goto out;
	r->t_repo = _pb_now() - t0;
	t0 = _pb_now();
	if (scale > 1 && (rc = _pb_demo_scale(g, (size_t)scale * 100, opts->seed)))
		goto out;
	r->t_mail = _pb_now() - t0;
	t0 = _pb_now();
	if ((rc = write_config(tmp, r->config_path, r->db_path, err)) || (rc = safe_sendmail(tmp, real, err)) ||
	    (rc = run_notmuch(tmp, opts->notmuch ? opts->notmuch : "notmuch", r->config_path, err)))
		goto out;
	r->t_index = _pb_now() - t0;
	r->scale = scale;
	r->seed = opts->seed;
	r->n_messages = g->n_messages;
	r->n_series = g->n_series;
	r->base_commit = talloc_strdup(r, g->base_hex);
	stamp = talloc_asprintf(tmp, "%s/" STAMP, real);
	text = talloc_asprintf(tmp, FORMAT "\nscale %u\nseed %llu\nmessages %zu\nseries %zu\nbase %s\n", scale,
			       (unsigned long long)opts->seed, r->n_messages, r->n_series, g->base_hex);
	if (!stamp || !text || !r->base_commit) {
		rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = _pb_file_write_atomic(stamp, text, strlen(text), err)))
		goto out;
	*out = talloc_steal(mem_ctx, r);
out:
	talloc_free(tmp);
	return rc;
}

int pb_demo_generate(TALLOC_CTX *mem_ctx, pb_demo_result_t **out, const pb_demo_opts_t *opts,
		     pb_error_t *err)
{
	int fd, rc;
	if ((rc = check_opts(opts, err)) || (rc = lock_dir(opts->dir, &fd, err)))
		return rc;
	rc = generate_locked(mem_ctx, out, opts, err);
	close(fd);
	return rc;
}

int pb_demo_open(TALLOC_CTX *mem_ctx, pb_demo_result_t **out, const char *dir, pb_error_t *err)
{
	void *tmp = talloc_new(mem_ctx);
	char real[PATH_MAX], *stamp, *text, *p;
	pb_demo_result_t *r;
	struct stat st;
	unsigned long long seed = 0;
	int rc = PB_ERR_NOTFOUND;

	if (!tmp)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if (!dir || !realpath(dir, real) || !(stamp = talloc_asprintf(tmp, "%s/" STAMP, real)) ||
	    _pb_file_read(tmp, &text, NULL, stamp, NULL) || strncmp(text, FORMAT "\n", strlen(FORMAT) + 1) != 0) {
		rc = pb_error_set(err, PB_ERR_NOTFOUND, "no complete demo archive in %s", dir ? dir : "(null)");
		goto out;
	}
	if (!(r = new_result(tmp, real)) || !(r->base_commit = talloc_zero_array(r, char, GIT_OID_HEXSZ + 1))) {
		rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		goto out;
	}
	p = text + strlen(FORMAT) + 1;
	if (sscanf(p, "scale %u\nseed %llu\nmessages %zu\nseries %zu\nbase %40s\n", &r->scale, &seed, &r->n_messages,
		   &r->n_series, r->base_commit) != 5) {
		rc = pb_error_set(err, PB_ERR_NOTFOUND, "%s is not a complete demo stamp", stamp);
		goto out;
	}
	r->seed = seed;
	{
		char *db = talloc_asprintf(tmp, "%s/.notmuch", r->db_path);
		char *git = talloc_asprintf(tmp, "%s/.git", r->repo_path);
		if (!db || !git || stat(db, &st) < 0 || !S_ISDIR(st.st_mode) || stat(git, &st) < 0 ||
		    stat(r->config_path, &st) < 0) {
			rc = pb_error_set(err, PB_ERR_NOTFOUND, "the demo archive in %s is not complete", real);
			goto out;
		}
	}
	r->reused = true;
	*out = talloc_steal(mem_ctx, r);
	rc = PB_OK;
out:
	talloc_free(tmp);
	return rc;
}

int pb_demo_ensure(TALLOC_CTX *mem_ctx, pb_demo_result_t **out, const pb_demo_opts_t *opts, pb_error_t *err)
{
	pb_demo_result_t *r;
	unsigned scale;
	int fd, rc;
	if ((rc = check_opts(opts, err)) || (rc = lock_dir(opts->dir, &fd, err)))
		return rc;
	scale = opts->scale ? opts->scale : 1;
	if (pb_demo_open(mem_ctx, &r, opts->dir, NULL) == PB_OK) {
		if (r->scale == scale && (scale == 1 || r->seed == opts->seed)) {
			close(fd);
			*out = r;
			return PB_OK;
		}
		talloc_free(r);
	}
	rc = generate_locked(mem_ctx, out, opts, err);
	close(fd);
	return rc;
}
