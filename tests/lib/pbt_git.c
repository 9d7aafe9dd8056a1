/* pbt_git.c: git repositories and patch series for the action tests. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/lib/pbtest.h"
#include "tests/lib/pbt_git.h"

/* Fixed identities and dates: the same input gives the same commits. */
#define ANN "GIT_AUTHOR_NAME='Ann Author' GIT_AUTHOR_EMAIL=ann@example.com " \
	    "GIT_COMMITTER_NAME='Ann Author' GIT_COMMITTER_EMAIL=ann@example.com " \
	    "GIT_AUTHOR_DATE='2024-03-01T10:00:00+01:00' GIT_COMMITTER_DATE='2024-03-01T10:00:00+01:00'"

char *pbt_git_repo(TALLOC_CTX *ctx, int files)
{
	char *repo = pbt_tmpdir(ctx);
	pbt_sh("cd '%s' && git init -q -b master . && git config user.name 'Test Maintainer' && "
	       "git config user.email maint@example.org",
	       repo);
	for (int k = 1; k <= files; k++)
		pbt_sh("cd '%s' && seq 1 20 | sed 's/^/f%d line /' > f%d.txt", repo, k, k);
	pbt_sh("cd '%s' && git add . && GIT_AUTHOR_DATE='2024-01-01T00:00:00Z' "
	       "GIT_COMMITTER_DATE='2024-01-01T00:00:00Z' git commit -qm 'Initial commit'",
	       repo);
	return repo;
}

char *pbt_git_series(TALLOC_CTX *ctx, const char *repo, int n, const char *title)
{
	char *mbox = talloc_asprintf(ctx, "%s.mbox", pbt_tmpdir(ctx));
	pbt_sh("cd '%s' && git checkout -q -b pbt-series master", repo);
	for (int k = 1; k <= n; k++)
		pbt_sh("cd '%s' && sed -i '10s/.*/changed by patch %d/' f%d.txt && " ANN
		       " git commit -qam 'f%d: Change line 10' -m 'Patch %d of the series changes one line.' "
		       "-m 'Signed-off-by: Ann Author <ann@example.com>'",
		       repo, k, k, k, k);
	pbt_sh("cd '%s' && " ANN " git format-patch -q --cover-letter --thread --base=master "
	       "--to=list@example.org --cc='Rev Iewer <rev@example.org>' --stdout master > '%s' && "
	       "git checkout -q master && git branch -q -D pbt-series && "
	       "sed -i -e 's/\\*\\*\\* SUBJECT HERE \\*\\*\\*/%s/' "
	       "-e 's/\\*\\*\\* BLURB HERE \\*\\*\\*/This series changes line 10 of some files./' '%s'",
	       repo, mbox, title, mbox);
	return mbox;
}

char *pbt_mbox_msgid(TALLOC_CTX *ctx, const char *mbox, const char *needle)
{
	char *data = pbt_read(ctx, mbox, NULL), *id = NULL;
	/* Message-Id comes before Subject in each message */
	for (char *l = data; l && *l;) {
		char *e = strchr(l, '\n');
		if (strncasecmp(l, "Message-Id: <", 13) == 0) {
			char *gt = strchr(l, '>');
			id = talloc_strndup(ctx, l + 13, (size_t)(gt - l - 13));
		} else if (strncmp(l, "Subject: ", 9) == 0 && id && e && memmem(l, (size_t)(e - l), needle, strlen(needle))) {
			return id;
		}
		l = e ? e + 1 : NULL;
	}
	fail_msg("no message with subject containing '%s' in %s", needle, mbox);
	return NULL;
}

void pbt_notmuch_reply(const char *db, const char *msgid, const char *subject, const char *from,
		       const char *body)
{
	static unsigned seq;
	char *path = talloc_asprintf(NULL, "%s/cur/reply-%u-%u:2,", db, (unsigned)getpid(), ++seq);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f,
		"From: %s\nTo: list@example.org\nSubject: Re: %s\nDate: Sat, 02 Mar 2024 10:%02u:00 +0000\n"
		"Message-ID: <reply-%u-%u@example.org>\nIn-Reply-To: <%s>\nReferences: <%s>\n"
		"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n%s",
		from, subject, seq % 60, (unsigned)getpid(), seq, msgid, msgid, body);
	fclose(f);
	talloc_free(path);
	pbt_notmuch_new(db);
}

char *pbt_tree_digest(TALLOC_CTX *ctx, const char *dir)
{
	const char *argv[] = {"sh", "-c",
			      "cd \"$1\" && find . \\( -type f -o -type l \\) -print0 | LC_ALL=C sort -z | "
			      "xargs -0 sha256sum",
			      "digest", dir, NULL};
	char *out = NULL;
	if (pbt_run(ctx, &out, NULL, NULL, argv) != 0)
		fail_msg("cannot digest %s", dir);
	return out;
}

char *pbt_git(TALLOC_CTX *ctx, const char *repo, const char *fmt, ...)
{
	va_list ap;
	char *args, *out = NULL, *err = NULL;
	const char *argv[] = {"sh", "-c", NULL, NULL};
	size_t n;
	va_start(ap, fmt);
	args = talloc_vasprintf(ctx, fmt, ap);
	va_end(ap);
	argv[2] = talloc_asprintf(ctx, "git -C '%s' %s", repo, args);
	if (pbt_run(ctx, &out, &err, NULL, argv) != 0)
		fail_msg("%s failed: %s", argv[2], err);
	n = strlen(out);
	if (n && out[n - 1] == '\n')
		out[n - 1] = '\0';
	return out;
}

char *pbt_script(TALLOC_CTX *ctx, const char *dir, const char *name, const char *body)
{
	char *path = talloc_asprintf(ctx, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n%s", body);
	fclose(f);
	chmod(path, 0755);
	return path;
}

void pbt_git_patch(const char *repo, const char *mbox, const char *id, const char *file, int line, const char *text,
		   const char *date)
{
	pbt_sh("cd '%s' && git checkout -q -b tmp-%s master && sed -i '%ds/.*/%s/' %s && "
	       "GIT_AUTHOR_DATE='%s' git commit -qam '%s: Set line %d to %s' && "
	       "git format-patch -q -1 --stdout --base=master --add-header='Message-ID: <%s@batch>' >> '%s' && "
	       "git checkout -q master && git branch -q -D tmp-%s",
	       repo, id, line, text, file, date, file, line, text, id, mbox, id);
}

