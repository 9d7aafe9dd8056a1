/* pbtest.c: test helpers. */
#include <dirent.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "patchbay/mbox.h"
#include "tests/lib/pbtest.h"

static char *tmp_roots[256];
static int n_tmp_roots;

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void pbt_rm_rf(const char *path)
{
	nftw(path, rm_entry, 32, FTW_DEPTH | FTW_PHYS);
}

static void cleanup_at_exit(void)
{
	if (getenv("PB_KEEP_TMP"))
		return;
	for (int i = 0; i < n_tmp_roots; i++) {
		pbt_rm_rf(tmp_roots[i]);
		free(tmp_roots[i]);
	}
	n_tmp_roots = 0;
}

static char *base_tmp;

char *pbt_tmpdir(TALLOC_CTX *ctx)
{
	char tmpl[4096];
	snprintf(tmpl, sizeof(tmpl), "%s/pbtest.XXXXXX", base_tmp ? base_tmp : "/tmp");
	if (!mkdtemp(tmpl))
		fail_msg("mkdtemp: %s", strerror(errno));
	if (!base_tmp && n_tmp_roots < 256)
		tmp_roots[n_tmp_roots++] = strdup(tmpl);
	return talloc_strdup(ctx, tmpl);
}

/* talloc found a broken pointer: where, then the abort cmocka reports */
static void talloc_abort_trace(const char *reason)
{
	void *frames[48];
	int n = backtrace(frames, 48);
	fprintf(stderr, "talloc: %s\n", reason);
	backtrace_symbols_fd(frames, n, 2);
	abort();
}

void pbt_setup_env(void)
{
	char tmpl[] = "/tmp/pbtest-env.XXXXXX";
	char buf[4200];
	static bool done;
	if (done)
		return;
	done = true;
	atexit(cleanup_at_exit);
	talloc_set_log_stderr(); /* say why talloc aborts */
	talloc_set_abort_fn(talloc_abort_trace); /* and where */
	if (!mkdtemp(tmpl)) {
		perror("mkdtemp");
		exit(2);
	}
	tmp_roots[n_tmp_roots++] = strdup(tmpl);
	base_tmp = strdup(tmpl);
	setenv("TZ", "UTC", 1);
	setenv("LANG", "C.UTF-8", 1);
	setenv("LC_ALL", "C.UTF-8", 1);
	setenv("HOME", tmpl, 1);
	snprintf(buf, sizeof(buf), "%s/cache", tmpl);
	setenv("XDG_CACHE_HOME", buf, 1);
	snprintf(buf, sizeof(buf), "%s/config", tmpl);
	setenv("XDG_CONFIG_HOME", buf, 1);
	snprintf(buf, sizeof(buf), "%s/data", tmpl);
	setenv("XDG_DATA_HOME", buf, 1);
	unsetenv("NOTMUCH_CONFIG");
	unsetenv("NOTMUCH_PROFILE");
	setenv("GIT_AUTHOR_NAME", "Test Maintainer", 1);
	setenv("GIT_AUTHOR_EMAIL", "maint@example.org", 1);
	setenv("GIT_COMMITTER_NAME", "Test Maintainer", 1);
	setenv("GIT_COMMITTER_EMAIL", "maint@example.org", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	unsetenv("VISUAL");
	unsetenv("EDITOR");
	setenv("LINES", "24", 1);
	setenv("COLUMNS", "80", 1);
	/* a git identity in the temp HOME */
	snprintf(buf, sizeof(buf),
		 "git config --global user.name 'Test Maintainer' && "
		 "git config --global user.email maint@example.org && "
		 "git config --global init.defaultBranch master");
	if (system(buf) != 0) {
		fprintf(stderr, "pbtest: cannot set git identity\n");
		exit(2);
	}
}

const char *pbt_corpus(void)
{
	static char path[4096];
	static int state; /* 0 unknown, 1 present, 2 absent */
	const char *e = getenv("PB_CORPUS"), *src = getenv("PB_SRCDIR");
	struct stat st;
	if (state)
		return state == 1 ? path : NULL;
	if (e && *e)
		snprintf(path, sizeof(path), "%s", e);
	else
		snprintf(path, sizeof(path), "%s/../shared/corpus", src && *src ? src : ".");
	state = (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) ? 1 : 2;
	return state == 1 ? path : NULL;
}

char *pbt_corpus_path(TALLOC_CTX *ctx, const char *rel)
{
	const char *c = pbt_corpus();
	assert_non_null(c);
	return talloc_asprintf(ctx, "%s/%s", c, rel);
}

const char *pbt_patchbay(void)
{
	const char *p = getenv("PATCHBAY");
	return p && *p ? p : "./patchbay";
}


int pbt_run_pty(TALLOC_CTX *ctx, char **out, const char *const *argv)
{
	int master = -1, status = 0;
	char *o = talloc_strdup(ctx, "");
	struct winsize ws = {.ws_row = 24, .ws_col = 80};
	pid_t pid = forkpty(&master, NULL, NULL, &ws);
	if (pid < 0)
		fail_msg("forkpty: %s", strerror(errno));
	if (pid == 0) {
		/* stdin stays the terminal too: no prompt may wait on it */
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	for (;;) {
		char chunk[8192];
		ssize_t r = read(master, chunk, sizeof(chunk));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break; /* (EIO once the child's side is closed) */
		o = talloc_strndup_append_buffer(o, chunk, (size_t)r);
	}
	close(master);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	*out = o;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int pbt_run(TALLOC_CTX *ctx, char **out, char **err, const char *stdin_data, const char *const *argv)
{
	int in_p[2], out_p[2], err_p[2], status = 0;
	pid_t pid;
	char *o = NULL, *e = NULL;
	if (pipe(in_p) || pipe(out_p) || pipe(err_p))
		fail_msg("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		fail_msg("fork: %s", strerror(errno));
	if (pid == 0) {
		dup2(in_p[0], 0);
		dup2(out_p[1], 1);
		dup2(err_p[1], 2);
		close(in_p[1]);
		close(out_p[0]);
		close(err_p[0]);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(in_p[0]);
	close(out_p[1]);
	close(err_p[1]);
	/* feed stdin and drain both outputs without deadlock */
	{
		size_t inlen = stdin_data ? strlen(stdin_data) : 0, done = 0;
		struct pollfd pf[3];
		char *bo = talloc_strdup(ctx, ""), *be = talloc_strdup(ctx, "");
		bool open_o = true, open_e = true;
		signal(SIGPIPE, SIG_IGN);
		if (inlen == 0) {
			close(in_p[1]);
			in_p[1] = -1;
		}
		while (open_o || open_e || in_p[1] >= 0) {
			int n = 0, io = -1, ie = -1, ii = -1;
			char chunk[8192];
			if (open_o) {
				pf[n].fd = out_p[0];
				pf[n].events = POLLIN;
				io = n++;
			}
			if (open_e) {
				pf[n].fd = err_p[0];
				pf[n].events = POLLIN;
				ie = n++;
			}
			if (in_p[1] >= 0) {
				pf[n].fd = in_p[1];
				pf[n].events = POLLOUT;
				ii = n++;
			}
			if (poll(pf, (nfds_t)n, -1) < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			if (io >= 0 && pf[io].revents) {
				ssize_t r = read(out_p[0], chunk, sizeof(chunk));
				if (r <= 0)
					open_o = false;
				else
					bo = talloc_strndup_append_buffer(bo, chunk, (size_t)r);
			}
			if (ie >= 0 && pf[ie].revents) {
				ssize_t r = read(err_p[0], chunk, sizeof(chunk));
				if (r <= 0)
					open_e = false;
				else
					be = talloc_strndup_append_buffer(be, chunk, (size_t)r);
			}
			if (ii >= 0 && pf[ii].revents) {
				ssize_t w = write(in_p[1], stdin_data + done, inlen - done);
				if (w <= 0 || (done += (size_t)w) >= inlen) {
					close(in_p[1]);
					in_p[1] = -1;
				}
			}
		}
		o = bo;
		e = be;
	}
	close(out_p[0]);
	close(err_p[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (out)
		*out = o;
	else
		talloc_free(o);
	if (err)
		*err = e;
	else
		talloc_free(e);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void pbt_sh(const char *fmt, ...)
{
	char *cmd;
	va_list ap;
	int rc;
	va_start(ap, fmt);
	cmd = talloc_vasprintf(NULL, fmt, ap);
	va_end(ap);
	rc = system(cmd);
	if (rc != 0) {
		print_error("command failed (%d): %s\n", rc, cmd);
		talloc_free(cmd);
		fail();
	}
	talloc_free(cmd);
}

int pbt_count_files(TALLOC_CTX *ctx, const char *dir, const char *pattern, char **last)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;
	if (!d)
		return 0;
	while ((de = readdir(d)))
		if (fnmatch(pattern, de->d_name, FNM_PERIOD) == 0) {
			n++;
			if (last)
				*last = talloc_asprintf(ctx, "%s/%s", dir, de->d_name);
		}
	closedir(d);
	return n;
}

char *pbt_read(TALLOC_CTX *ctx, const char *path, size_t *len)
{
	size_t n = strlen(path);
	if (n > 3 && strcmp(path + n - 3, ".gz") == 0) {
		const char *argv[] = {"gzip", "-dc", path, NULL};
		char *out;
		if (pbt_run(ctx, &out, NULL, NULL, argv) != 0)
			fail_msg("gunzip %s failed", path);
		if (len)
			*len = talloc_get_size(out) ? strlen(out) : 0;
		return out;
	} else {
		FILE *f = fopen(path, "rb");
		char *buf;
		long sz;
		if (!f)
			fail_msg("%s: %s", path, strerror(errno));
		fseek(f, 0, SEEK_END);
		sz = ftell(f);
		rewind(f);
		buf = talloc_size(ctx, (size_t)sz + 1);
		if (fread(buf, 1, (size_t)sz, f) != (size_t)sz)
			fail_msg("%s: short read", path);
		fclose(f);
		buf[sz] = '\0';
		if (len)
			*len = (size_t)sz;
		return buf;
	}
}

struct split {
	const char *dir;
	unsigned *seq;
};

static int write_msg(void *payload, const char *msg, size_t len)
{
	struct split *s = payload;
	char path[4096];
	FILE *f;
	snprintf(path, sizeof(path), "%s/cur/%06u.test:2,", s->dir, (*s->seq)++);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	fwrite(msg, 1, len, f);
	fclose(f);
	return 0;
}

static void add_files(const char *db, const char *file, unsigned *seq)
{
	size_t len;
	void *tmp = talloc_new(NULL);
	char *data = pbt_read(tmp, file, &len);
	struct split s = {db, seq};
	if (pb_mbox_split(NULL, data, len, write_msg, &s) != 0)
		fail_msg("cannot split %s", file);
	talloc_free(tmp);
}

void pbt_notmuch_new(const char *db)
{
	/* notes about files that are not mail go to a log, not the test output */
	pbt_sh("NOTMUCH_CONFIG='%s/.notmuch-config' notmuch new --quiet >/dev/null 2>>'%s/.notmuch-new.log'", db, db);
}

static unsigned next_seq(const char *db)
{
	/* count existing files so new names do not collide */
	char cmd[4200];
	FILE *p;
	unsigned n = 0;
	snprintf(cmd, sizeof(cmd), "ls '%s/cur' | wc -l", db);
	p = popen(cmd, "r");
	if (p) {
		if (fscanf(p, "%u", &n) != 1)
			n = 0;
		pclose(p);
	}
	return n + 1000000;
}

void pbt_notmuch_add(const char *db, const char *file)
{
	unsigned seq = next_seq(db);
	add_files(db, file, &seq);
	pbt_notmuch_new(db);
}

char *pbt_notmuch_db(TALLOC_CTX *ctx, const char *const *files)
{
	char *db = pbt_tmpdir(ctx);
	char *cfg = talloc_asprintf(db, "%s/.notmuch-config", db);
	unsigned seq = 0;
	FILE *f;
	pbt_sh("mkdir -p '%s/cur' '%s/new' '%s/tmp'", db, db, db);
	f = fopen(cfg, "w");
	assert_non_null(f);
	fprintf(f,
		"[database]\npath=%s\n[user]\nname=Test Maintainer\nprimary_email=maint@example.org\n"
		"[new]\ntags=inbox;\nignore=.notmuch-config;.notmuch-new.log\n[maildir]\nsynchronize_flags=false\n",
		db);
	fclose(f);
	for (int i = 0; files && files[i]; i++)
		add_files(db, files[i], &seq);
	pbt_notmuch_new(db);
	return db;
}

char *pbt_notmuch_db1(TALLOC_CTX *ctx, const char *file)
{
	const char *files[] = {file, NULL};
	return pbt_notmuch_db(ctx, files);
}

pb_index_t *pbt_index(TALLOC_CTX *ctx, const char *db, const char *cache)
{
	pb_index_opts_t o = {0};
	pb_error_t err = {0};
	pb_index_t *idx = NULL;
	o.db_path = db;
	o.cache_dir = cache;
	o.no_cache = cache == NULL;
	if (pb_index_open(ctx, &idx, &o, &err) != PB_OK)
		fail_msg("pb_index_open(%s): %s", db, pb_error_msg(&err));
	return idx;
}

void _pbt_assert_contains(const char *h, const char *n, const char *file, int line)
{
	if (!h || !strstr(h, n)) {
		print_error("%s:%d: expected to find\n---\n%s\n---\nin\n---\n%s\n---\n", file, line, n,
			    h ? h : "(null)");
		_fail(file, line);
	}
}

void _pbt_assert_not_contains(const char *h, const char *n, const char *file, int line)
{
	if (h && strstr(h, n)) {
		print_error("%s:%d: did not expect\n---\n%s\n---\nin\n---\n%s\n---\n", file, line, n, h);
		_fail(file, line);
	}
}

void pbt_assert_no_leaks(TALLOC_CTX *ctx)
{
	size_t blocks = talloc_total_blocks(ctx);
	if (blocks != 1) {
		talloc_report_full(ctx, stderr);
		fail_msg("talloc context still holds %zu blocks", blocks - 1);
	}
}

static char *dump_trailers(TALLOC_CTX *ctx, char *o, const char *label, const pb_trailer_list_t *tl)
{
	for (size_t i = 0; i < tl->n; i++) {
		const pb_trailer_t *t = &tl->v[i];
		o = talloc_asprintf_append(o, "      %s %s: %s%s flags=%#x from=%d msg=%s\n", label, t->name, t->value,
					   t->extinfo ? t->extinfo : "", t->flags, t->from_version, t->msgid ? t->msgid : "-");
	}
	(void)ctx;
	return o;
}

char *pbt_dump_set(TALLOC_CTX *ctx, const pb_series_set_t *set, const pb_msgrec_t *recs, size_t n)
{
	char *o = talloc_asprintf(ctx, "%zu series\n", set->n);
	for (size_t i = 0; i < set->n; i++) {
		const pb_series_t *s = set->v[i];
		o = talloc_asprintf_append(o, "series %s [%s] title=%s author=%s <%s> last=%lld msgs=%u deps=", s->id,
					   pb_state_name(s->state), s->title, s->author.name, s->author.email,
					   (long long)s->last_activity, s->n_messages);
		for (size_t d = 0; d < s->n_depends_on; d++)
			o = talloc_asprintf_append(o, "%s,", s->depends_on[d]->id);
		o = talloc_strdup_append(o, "\n");
		for (size_t k = 0; k < s->n_versions; k++) {
			const pb_version_t *v = s->versions[k];
			const pb_msgrec_t **reps = NULL;
			size_t nr = 0;
			o = talloc_asprintf_append(o, "  v%d flags=%#x cover=%s root=%s total=%d date=%lld last=%lld replies=%u missing=",
						   v->version, v->flags, v->cover ? v->cover->msgid : "-", v->root->msgid,
						   v->total, (long long)v->date, (long long)v->last_activity, v->n_replies);
			for (size_t m = 0; m < v->n_missing; m++)
				o = talloc_asprintf_append(o, "%d,", v->missing[m]);
			o = talloc_strdup_append(o, "\n");
			o = dump_trailers(ctx, o, "cover", &v->cover_trailers);
			for (size_t p = 0; p < v->n_patches; p++) {
				const pb_patch_t *pt = v->patches[p];
				o = talloc_asprintf_append(o, "    [%d] %s inherited=%d replies=%u last=%lld own=%zu\n", pt->index,
							   pt->rec->msgid, pt->inherited_from, pt->n_replies,
							   (long long)pt->last_activity, pt->own.n);
				o = dump_trailers(ctx, o, "+", &pt->trailers);
				o = dump_trailers(ctx, o, "~", &pt->carried);
			}
			if (pb_series_version_replies(set, v, ctx, &reps, &nr) == PB_OK)
				for (size_t r = 0; r < nr; r++)
					o = talloc_asprintf_append(o, "    reply %s\n", reps[r]->msgid);
		}
	}
	for (size_t i = 0; i < n; i++) {
		pb_series_t *s = NULL;
		pb_version_t *v = NULL;
		pb_patch_t *p = NULL;
		if (pb_series_set_find(set, recs[i].msgid, &s, &v, &p) == PB_OK)
			o = talloc_asprintf_append(o, "at %s: %s v%d %s\n", recs[i].msgid, s->id, v ? v->version : -1,
						   p ? p->rec->msgid : "-");
	}
	return o;
}
