/* sync.c: review states shared through git with notmuch git (sync.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "patchbay/sync.h"
#include "core/base/run.h"
#include "core/base/util.h"

struct sync {
	TALLOC_CTX *tmp;
	pb_sync_result_t *out;
	const pb_sync_opts_t *o;
	const char *prefix;
	const char **env;
	unsigned timeout;
	const char *what; /* the step running */
};

/* The caller's waiting callback, told which step runs. */
static bool waiting(void *payload, double elapsed)
{
	struct sync *s = payload;
	return s->o->waiting(s->o->payload, s->what, elapsed);
}

/* Run ARGV; its words go to the log. *STATUS (may be NULL) gets the exit
 * status; without it a non-zero status is an error naming STEP. */
static pb_status_t step(struct sync *s, const char *what, const char *const *argv, int *status, char **output,
			pb_error_t *err)
{
	_pb_run_result_t r;
	pb_error_t e = {0};
	pb_status_t rc;
	s->what = what;
	rc = _pb_run(s->tmp, &r, argv, s->env, s->timeout, s->o->waiting ? waiting : NULL, s, &e);
	if (rc)
		return pb_error_set(err, rc, "%s: %s", what, pb_error_msg(&e));
	if (*r.output)
		s->out->log = talloc_asprintf_append(s->out->log, "%s", r.output);
	if (output)
		*output = r.output;
	if (status) {
		*status = r.status;
		return PB_OK;
	}
	if (r.status != 0) {
		char *msg = talloc_strdup(s->tmp, r.output);
		size_t n = msg ? strlen(msg) : 0;
		while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
			msg[--n] = '\0';
		return pb_error_set(err, PB_ERR_EXTERNAL, "%s failed (exit %d)%s%s", what, r.status, n ? ": " : "",
				    n ? msg : "");
	}
	return PB_OK;
}

#define NMGIT(s, ...) ((const char *const[]){"notmuch", "git", "-C", (s)->o->repo, "-p", (s)->prefix, __VA_ARGS__, NULL})
#define GIT(s, ...) ((const char *const[]){"git", "--git-dir", (s)->o->repo, __VA_ARGS__, NULL})

/* The commit REF names, or NULL. */
static char *rev(struct sync *s, const char *ref)
{
	int st = 0;
	char *o = NULL;
	if (step(s, "git rev-parse", GIT(s, "rev-parse", "--verify", "-q", ref), &st, &o, NULL) || st != 0 || !o)
		return NULL;
	o[strcspn(o, "\n")] = '\0';
	return *o ? o : NULL;
}

/* Tag changes (files) between commits A and B. */
static unsigned changes(struct sync *s, const char *a, const char *b)
{
	char *o = NULL;
	int st = 0;
	unsigned n = 0;
	if (!a || !b || step(s, "git diff", GIT(s, "diff", "--name-only", a, b, "--", "tags"), &st, &o, NULL) ||
	    st != 0 || !o)
		return 0;
	for (char *p = o; *p; p++)
		if (*p == '\n')
			n++;
	return n;
}

pb_status_t pb_sync(pb_index_t *idx, TALLOC_CTX *mem_ctx, pb_sync_result_t *out, const pb_sync_opts_t *o,
		    pb_error_t *err)
{
	struct sync s = {talloc_new(mem_ctx), out, o, pb_index_tag_prefix(idx), NULL, o->timeout_s ? o->timeout_s : 120, NULL};
	struct stat st;
	char *head0, *head1, *theirs, *work;
	pb_status_t rc;
	size_t ne = 0;
	int status = 0;

	memset(out, 0, sizeof(*out));
	out->log = talloc_strdup(mem_ctx, "");
	if (!s.tmp || !out->log)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if (!o->repo || !*o->repo) {
		talloc_free(s.tmp);
		return pb_error_set(err, PB_ERR_USAGE, "sync: no repository for notmuch git");
	}
	if (!(s.env = talloc_zero_array(s.tmp, const char *, 10))) {
		talloc_free(s.tmp);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	s.env[ne++] = talloc_asprintf(s.tmp, "NOTMUCH_DATABASE=%s", pb_index_db_path(idx));
	if (o->notmuch_config)
		s.env[ne++] = talloc_asprintf(s.tmp, "NOTMUCH_CONFIG=%s", o->notmuch_config);
	/* (git wants an identity for its commits; without one of the user's,
	 * the commits say they are patchbay's) */
	{
		const char *name = o->name && *o->name ? o->name : "patchbay sync";
		const char *email = o->email && *o->email ? o->email : "patchbay@localhost";
		s.env[ne++] = talloc_asprintf(s.tmp, "GIT_AUTHOR_NAME=%s", name);
		s.env[ne++] = talloc_asprintf(s.tmp, "GIT_COMMITTER_NAME=%s", name);
		s.env[ne++] = talloc_asprintf(s.tmp, "GIT_AUTHOR_EMAIL=%s", email);
		s.env[ne++] = talloc_asprintf(s.tmp, "GIT_COMMITTER_EMAIL=%s", email);
	}

	/* notmuch git runs notmuch, which wants a config file: where none is
	 * found (a database named by path alone), an empty one does */
	if (!o->notmuch_config) {
		int cst = 0;
		char *said = NULL;
		/* (notmuch git asks this first; without a config notmuch says
		 * "Try running 'notmuch setup'" and no "true") */
		if (step(&s, "notmuch config",
			 ((const char *const[]){"notmuch", "config", "get", "built_with.sexp_queries", NULL}), &cst, &said,
			 NULL) == PB_OK &&
		    (cst != 0 || !said || strncmp(said, "true", 4) != 0)) {
			char *cfg = talloc_asprintf(s.tmp, "%s/.pb-sync-notmuch-config", o->repo);
			FILE *f;
			if ((rc = _pb_mkdir_p(o->repo, err)))
				goto out;
			if (!cfg || !(f = fopen(cfg, "w"))) {
				rc = pb_error_set(err, PB_ERR_IO, "sync: cannot write %s", cfg ? cfg : "a config");
				goto out;
			}
			fclose(f);
			s.env[ne++] = talloc_asprintf(s.tmp, "NOTMUCH_CONFIG=%s", cfg);
		}
		out->log[0] = '\0';
	}

	/* 1. the repository, and its remote */
	if (stat(talloc_asprintf(s.tmp, "%s/HEAD", o->repo), &st) != 0) {
		if ((rc = _pb_mkdir_p(o->repo, err)))
			goto out;
		if ((rc = step(&s, "notmuch git init", NMGIT(&s, "init"), NULL, NULL, err))) {
			/* (what it made is of no use: the next sync starts afresh) */
			_pb_rm_rf(o->repo);
			goto out;
		}
		out->created = true;
	}
	if (o->remote && *o->remote) {
		step(&s, "git remote", GIT(&s, "remote", "remove", "origin"), &status, NULL, NULL);
		if ((rc = step(&s, "git remote add", GIT(&s, "remote", "add", "origin", o->remote), NULL, NULL, err)))
			goto out;
	}
	/* 2. what this database changed (--force: notmuch git refuses a
	 * commit that changes more than a tenth of the tagged messages, and a
	 * team's first states are all of them) */
	head0 = rev(&s, "HEAD");
	if ((rc = step(&s, "notmuch git commit", NMGIT(&s, "commit", "--force", "patchbay sync"), NULL, NULL, err)))
		goto out;
	head1 = rev(&s, "HEAD");
	out->sent = changes(&s, head0, head1);
	if (!o->remote || !*o->remote) {
		rc = PB_OK;
		goto out;
	}
	/* 3. the team's, merged by git in a scratch work tree (as notmuch git
	 * merge does; unrelated histories too: a first sync of a clone that
	 * has states of its own) */
	if ((rc = step(&s, "git fetch", GIT(&s, "fetch", "-q", "origin"), NULL, NULL, err)))
		goto out;
	theirs = rev(&s, "refs/remotes/origin/master");
	if (theirs) {
		char *tmpl = talloc_asprintf(s.tmp, "%s/pb-sync.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		if (!tmpl || !(work = mkdtemp(tmpl))) {
			rc = pb_error_set(err, PB_ERR_IO, "sync: cannot make a scratch folder");
			goto out;
		}
		s.env[ne++] = talloc_asprintf(s.tmp, "GIT_WORK_TREE=%s", work);
		rc = step(&s, "git reset", GIT(&s, "reset", "-q", "--hard"), NULL, NULL, err);
		if (!rc)
			rc = step(&s, "git merge",
				  GIT(&s, "merge", "-q", "--no-edit", "--allow-unrelated-histories", "-m",
				      "patchbay sync: merge the team's review states", "refs/remotes/origin/master"),
				  NULL, NULL, err);
		s.env[--ne] = NULL;
		_pb_rm_rf(work);
		if (rc)
			goto out;
		/* 4. into notmuch (--force: the same tenth) */
		if ((rc = step(&s, "notmuch git checkout", NMGIT(&s, "checkout", "--force"), NULL, NULL, err)))
			goto out;
		out->received = changes(&s, head1, rev(&s, "HEAD"));
	}
	rc = step(&s, "notmuch git push", NMGIT(&s, "push", "origin", "master"), NULL, NULL, err);
out:
	talloc_free(s.tmp);
	return rc;
}

pb_status_t pb_sync_opts_load(pb_sync_opts_t *o, TALLOC_CTX *mem_ctx, pb_conf_t *conf)
{
	const char *x = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	pb_person_t me;
	if (!o->remote)
		o->remote = pb_conf_get(conf, "patchbay.sync.remote");
	if (!o->repo)
		o->repo = pb_conf_get(conf, "patchbay.sync.repo");
	if (o->repo && o->repo[0] == '~' && o->repo[1] == '/' && home)
		o->repo = talloc_asprintf(mem_ctx, "%s%s", home, o->repo + 1);
	else if (!o->repo && x && *x == '/')
		o->repo = talloc_asprintf(mem_ctx, "%s/patchbay/sync.git", x);
	else if (!o->repo && home)
		o->repo = talloc_asprintf(mem_ctx, "%s/.local/share/patchbay/sync.git", home);
	if (!o->name && !o->email && pb_conf_identity(conf, mem_ctx, &me, NULL) == PB_OK) {
		o->name = me.name;
		o->email = me.email;
	}
	return o->repo ? PB_OK : PB_ERR_NOTFOUND;
}
