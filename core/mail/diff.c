/* diff.c: patch-id and diffstat through libgit2's diff parser. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include <git2.h>
#include <glib.h>

#include "patchbay/diff.h"
#include "patchbay/git.h"
#include "core/mail/diff_priv.h"
#include "core/mail/diff_scan.h"

static const char *line_end(const char *p)
{
	const char *nl = strchr(p, '\n');
	return nl ? nl + 1 : p + strlen(p);
}

/* The path of a "--- a/x\tdate" or "+++ b/x" line, without prefix or
 * date (diff_scan.h); *DEV_NULL: it is /dev/null. */
static char *header_path(TALLOC_CTX *ctx, const char *l, bool *dev_null)
{
	const char *s = "";
	size_t n = 0;
	*dev_null = _pb_diff_file_path(l, SIZE_MAX, &s, &n) == _PB_PATH_NULL;
	return talloc_strndup(ctx, s, n);
}

const char *pb_diff_gitify(TALLOC_CTX *mem_ctx, const char *diff)
{
	char *out = NULL;
	const char *p = diff, *copied = diff;
	bool in_git = false;
	long old_n = 0, new_n = 0;
	_pb_diff_meta_t meta;

#define FLUSH_TO(ptr)                                                                   \
	do {                                                                           \
		if (!out)                                                              \
			out = talloc_strdup(mem_ctx, "");                              \
		out = talloc_asprintf_append(out, "%.*s", (int)((ptr) - copied), copied); \
	} while (0)

	for (; *p; p = line_end(p)) {
		if (old_n > 0 || new_n > 0) {
			/* inside a hunk: a mailer may have stripped the blank of an
			 * empty context line; git apply takes it, libgit2 does not */
			if (*p == '\n') {
				FLUSH_TO(p);
				out = talloc_strdup_append(out, " ");
				copied = p;
				old_n--;
				new_n--;
			} else if (*p == ' ') {
				old_n--;
				new_n--;
			} else if (*p == '-') {
				old_n--;
			} else if (*p == '+') {
				new_n--;
			} else if (*p != '\\') {
				old_n = new_n = 0;
			}
			continue;
		}
		if (_pb_diff_hunk(p, SIZE_MAX, &old_n, &new_n) == _PB_HUNK_PLAIN)
			continue;
		meta = _pb_diff_meta(p, SIZE_MAX);
		if (meta == _PB_META_GIT) {
			in_git = true;
			continue;
		}
		if (meta == _PB_META_EXTENDED && strncmp(p, "index ", 6) == 0) {
			/* "index 1..2": ids too short for libgit2. Pad them: the
			 * header keeps its shape (a new file still has its index
			 * line) and patch-ids do not depend on the values. */
			const char *q = p + 6, *dots = strstr(q, ".."), *eol = line_end(p);
			if (dots && dots < eol && (dots - q < 4 || strspn(dots + 2, "0123456789abcdef") < 4)) {
				size_t a = (size_t)(dots - q), b = strspn(dots + 2, "0123456789abcdef");
				FLUSH_TO(p);
				out = talloc_asprintf_append(out, "index %.*s%.*s..%.*s%.*s%.*s", (int)a, q,
							     a < 7 ? (int)(7 - a) : 0, "0000000", (int)b, dots + 2,
							     b < 7 ? (int)(7 - b) : 0, "0000000",
							     (int)(eol - (dots + 2 + b)), dots + 2 + b);
				copied = eol;
			}
			continue;
		}
		if (meta == _PB_META_OLD && _pb_diff_meta(line_end(p), SIZE_MAX) == _PB_META_NEW) {
			const char *plus = line_end(p);
			char *oldp, *newp;
			bool created, deleted;
			if (in_git) {
				in_git = false; /* the ---/+++ of this git header */
				p = plus;
				continue;
			}
			oldp = header_path(mem_ctx, p, &created);
			newp = header_path(mem_ctx, plus, &deleted);
			FLUSH_TO(p);
			out = talloc_asprintf_append(out, "diff --git a/%s b/%s\n%s--- %s%s\n+++ %s%s\n",
						     deleted ? oldp : newp, deleted ? oldp : newp,
						     created ? "new file mode 100644\n"
							     : deleted ? "deleted file mode 100644\n" : "",
						     created ? "" : "a/", created ? "/dev/null" : oldp,
						     deleted ? "" : "b/", deleted ? "/dev/null" : newp);
			copied = line_end(plus);
			talloc_free(oldp);
			talloc_free(newp);
			p = plus;
			continue;
		}
		/* what diff -u, CVS and SVN write around a file ("diff -u",
		 * "Index:", "=====") is not part of a git diff */
		if (!in_git && meta == _PB_META_FOREIGN) {
			FLUSH_TO(p);
			copied = line_end(p);
		}
	}
#undef FLUSH_TO
	if (!out)
		return diff;
	return talloc_strdup_append(out, copied);
}

int _pb_git_diff_from_buffer(git_diff **out, const char *text, size_t len)
{
	git_diff *d = NULL;
	*out = NULL;
	if (git_diff_from_buffer(&d, text, len) < 0)
		return -1;
	for (size_t i = 0, n = git_diff_num_deltas(d); i < n; i++) {
		const git_diff_delta *dd = git_diff_get_delta(d, i);
		if (!dd || !dd->old_file.path || !dd->new_file.path) {
			git_diff_free(d);
			git_error_set_str(GIT_ERROR_INVALID, "a file of the diff has no path");
			return -1;
		}
	}
	*out = d;
	return 0;
}

static int parse(git_diff **out, TALLOC_CTX *tmp, const char *diff, pb_error_t *err)
{
	const char *text;
	pb_git_init();
	if (_pb_git_diff_from_buffer(out, diff, strlen(diff)) == 0)
		return PB_OK;
	text = pb_diff_gitify(tmp, diff);
	if (text != diff && _pb_git_diff_from_buffer(out, text, strlen(text)) == 0)
		return PB_OK;
	return pb_error_git(err, "cannot parse diff");
}

/* Does a "diff --git" header name its paths without the a/ b/ prefixes
 * (git format-patch --no-prefix, diff.noprefix)? */
static bool no_prefix_headers(const char *diff)
{
	for (const char *p = diff; *p; p = line_end(p))
		if (_pb_diff_meta(p, SIZE_MAX) == _PB_META_GIT && strncmp(p + 11, "a/", 2) != 0)
			return true;
	return false;
}

/* git patch-id --stable as git computes it from the text (builtin/patch-id.c):
 * each line of a file's diff, blanks removed, hunk headers and index lines
 * left out, into one SHA-1 per file; the file hashes are added up. Used only
 * for prefix-less diffs: libgit2 re-derives the header lines with a/ and b/
 * prefixes before hashing them, so its result differs from git's there.
 * Its line tests ("diff ", "--- ", "@@ -") are git patch-id's own, kept
 * as git has them rather than diff_scan.h's: the id must be git's, and
 * git takes any "@@ -" line as a hunk header there, closed by " @@" or
 * not. */
static int git_stable_patch_id(char out[41], const char *diff)
{
	unsigned char sum[20] = {0};
	GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA1);
	long before = -1, after = -1;
	size_t total = 0;
	bool any = false;

	for (const char *p = diff; *p;) {
		const char *e = line_end(p);
		char buf[8192];
		size_t n = 0;
		if (!any && strncmp(p, "diff ", 5) != 0) {
			p = e;
			continue;
		}
		if (before == -1) {
			if (strncmp(p, "GIT binary patch", 16) == 0 || strncmp(p, "Binary files", 12) == 0) {
				g_checksum_free(ck);
				return PB_ERR_PARSE; /* needs the index blob ids: leave to libgit2 */
			} else if (strncmp(p, "index ", 6) == 0) {
				p = e;
				continue;
			} else if (strncmp(p, "--- ", 4) == 0) {
				before = after = 1;
			} else if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))) {
				break;
			}
		}
		if (before == 0 && after == 0) {
			if (strncmp(p, "@@ -", 4) == 0) {
				long o = 1, nn = 1;
				_pb_diff_hunk(p, SIZE_MAX, &o, &nn);
				before = o;
				after = nn;
				p = e;
				continue;
			}
			if (strncmp(p, "diff ", 5) != 0)
				break;
			/* another file: fold this one's hash into the sum */
			{
				guint8 h[20];
				gsize hl = sizeof(h);
				unsigned carry = 0;
				g_checksum_get_digest(ck, h, &hl);
				g_checksum_reset(ck);
				for (int i = 0; i < 20; i++) {
					carry += sum[i] + h[i];
					sum[i] = (unsigned char)carry;
					carry >>= 8;
				}
			}
			before = after = -1;
		}
		if (*p == '-' || *p == ' ')
			before--;
		if (*p == '+' || *p == ' ')
			after--;
		for (const char *c = p; c < e && n < sizeof(buf); c++)
			if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r')
				buf[n++] = *c;
		g_checksum_update(ck, (const guchar *)buf, (gssize)n);
		total += n;
		any = true;
		p = e;
	}
	if (!total) {
		g_checksum_free(ck);
		return PB_ERR_PARSE;
	}
	{
		guint8 h[20];
		gsize hl = sizeof(h);
		unsigned carry = 0;
		g_checksum_get_digest(ck, h, &hl);
		for (int i = 0; i < 20; i++) {
			carry += sum[i] + h[i];
			sum[i] = (unsigned char)carry;
			carry >>= 8;
		}
	}
	g_checksum_free(ck);
	for (int i = 0; i < 20; i++)
		snprintf(out + 2 * i, 3, "%02x", sum[i]);
	return PB_OK;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The paths of D's files (old and new names), sorted, unique, one a line. */
static char *diff_paths(TALLOC_CTX *mem_ctx, git_diff *d)
{
	size_t n = git_diff_num_deltas(d), k = 0;
	const char **v = talloc_array(mem_ctx, const char *, 2 * n + 1);
	char *out;
	if (!v)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const git_diff_delta *dl = git_diff_get_delta(d, i);
		if (dl->new_file.path && *dl->new_file.path)
			v[k++] = dl->new_file.path;
		if (dl->old_file.path && *dl->old_file.path &&
		    (!dl->new_file.path || strcmp(dl->old_file.path, dl->new_file.path) != 0))
			v[k++] = dl->old_file.path;
	}
	qsort(v, k, sizeof(*v), cmp_str);
	out = talloc_strdup(mem_ctx, "");
	for (size_t i = 0; i < k && out; i++) {
		if (i && strcmp(v[i], v[i - 1]) == 0)
			continue;
		out = talloc_asprintf_append_buffer(out, "%s%s", *out ? "\n" : "", v[i]);
	}
	talloc_free(v);
	return out;
}

pb_status_t pb_diff_analyze(TALLOC_CTX *mem_ctx, char pid[41], pb_diffstat_t *stat, const char *diff, pb_error_t *err)
{
	return pb_diff_analyze_paths(mem_ctx, pid, stat, NULL, diff, err);
}

pb_status_t pb_diff_analyze_paths(TALLOC_CTX *mem_ctx, char pid[41], pb_diffstat_t *stat, char **paths,
				  const char *diff, pb_error_t *err)
{
	git_diff *d = NULL;
	void *tmp = talloc_new(mem_ctx);
	int rc;
	bool pid_done = false;
	if (stat)
		memset(stat, 0, sizeof(*stat));
	if (pid && no_prefix_headers(diff) && git_stable_patch_id(pid, diff) == PB_OK) {
		pid = NULL; /* done, as git does it */
		pid_done = true;
	}
	if (paths)
		*paths = NULL;
	if (!pid && !stat && !paths) {
		talloc_free(tmp);
		return pid_done ? PB_OK : PB_ERR_PARSE;
	}
	rc = parse(&d, tmp, diff, err);
	talloc_free(tmp);
	if (rc)
		return pid_done ? PB_OK : PB_ERR_PARSE; /* the id stands; no stats */
	if (pid) {
		git_oid oid;
		if (git_diff_patchid(&oid, d, NULL) < 0) {
			pb_error_git(err, "cannot compute patch-id");
			git_diff_free(d);
			return PB_ERR_PARSE;
		}
		git_oid_tostr(pid, 41, &oid);
	}
	if (stat) {
		git_diff_stats *st = NULL;
		if (git_diff_get_stats(&st, d) < 0) {
			git_diff_free(d);
			return pb_error_git(err, "cannot count diff lines");
		}
		stat->files = (unsigned)git_diff_stats_files_changed(st);
		stat->added = (unsigned)git_diff_stats_insertions(st);
		stat->removed = (unsigned)git_diff_stats_deletions(st);
		git_diff_stats_free(st);
	}
	if (paths && !(*paths = diff_paths(mem_ctx, d))) {
		git_diff_free(d);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	git_diff_free(d);
	return PB_OK;
}
