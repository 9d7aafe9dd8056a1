/* lines.c: what each line of a patch or a reply is, for display. */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "patchbay/lines.h"
#include "patchbay/trailer.h"
#include "core/mail/diff_scan.h"

static const char *const kind_names[] = {"text",      "trailer",   "quote",     "attribution",
					 "signature", "separator", "notes",     "diffstat",
					 "diff-meta", "diff-file", "diff-hunk", "diff-add",
					 "diff-del",  "diff-context", "diff-note"};

const char *pb_line_kind_name(pb_line_kind_t kind)
{
	return (unsigned)kind < PB_LINE_KIND_COUNT ? kind_names[kind] : "unknown";
}

struct builder {
	TALLOC_CTX *ctx;
	pb_line_t *v;
	size_t n, cap;
};

static pb_line_t *add(struct builder *b, pb_line_kind_t kind, const char *text, size_t len)
{
	pb_line_t *l;
	if (b->n == b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 64;
		pb_line_t *nv = talloc_realloc(b->ctx, b->v, pb_line_t, nc);
		if (!nv)
			return NULL;
		b->v = nv;
		b->cap = nc;
	}
	l = &b->v[b->n++];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	l->text = text;
	l->len = len;
	l->file = -1;
	return l;
}

static size_t line_len(const char *p)
{
	const char *e = strchr(p, '\n');
	return e ? (size_t)(e - p) : strlen(p);
}

static const char *next(const char *p, size_t len)
{
	return p[len] == '\n' ? p + len + 1 : p + len;
}

static bool starts(const char *p, size_t len, const char *s)
{
	size_t n = strlen(s);
	return len >= n && memcmp(p, s, n) == 0;
}

/* ---- diff ------------------------------------------------------------ */

/* Trailing blanks, else a space before a tab in the indent. */
static void whitespace_error(pb_line_t *l)
{
	const char *t = l->text + 1;
	size_t n = l->len - 1, e = n;
	while (e > 0 && (t[e - 1] == ' ' || t[e - 1] == '\t'))
		e--;
	if (e < n) {
		l->ws_start = 1 + e;
		l->ws_len = n - e;
		return;
	}
	for (size_t i = 0; i < n && (t[i] == ' ' || t[i] == '\t'); i++) {
		if (t[i] != ' ')
			continue;
		for (size_t j = i + 1; j < n && (t[j] == ' ' || t[j] == '\t'); j++)
			if (t[j] == '\t') {
				l->ws_start = 1 + i;
				l->ws_len = j + 1 - i;
				return;
			}
		break;
	}
}

/* Classify the diff lines of [P, END). FILE counts the files so far. */
static int add_diff(struct builder *b, const char *p, const char *end, int *file)
{
	long old_n = 0, new_n = 0;
	/* header: after a file's first header line, before its hunks; cvs:
	 * after a CVS/SVN "Index:" line, whose "diff" line is the same file's */
	bool in_hunk = false, header = false, cvs = false;
	while (p < end && *p) {
		size_t len = line_len(p);
		pb_line_kind_t k = PB_LINE_DIFF_META;
		pb_line_t *l;
		if (p + len > end)
			len = (size_t)(end - p);
		if (in_hunk) {
			char c = len ? *p : ' ';
			if (c == '+') {
				k = PB_LINE_DIFF_ADD;
				new_n--;
			} else if (c == '-') {
				k = PB_LINE_DIFF_DEL;
				old_n--;
			} else if (c == '\\') {
				k = PB_LINE_DIFF_NOTE;
			} else if (c == ' ' || len == 0) {
				k = PB_LINE_DIFF_CONTEXT;
				old_n--;
				new_n--;
			} else {
				in_hunk = false;
			}
			if (in_hunk && old_n <= 0 && new_n <= 0)
				in_hunk = false;
			if (k != PB_LINE_DIFF_META) {
				if (!(l = add(b, k, p, len)))
					return PB_ERR_NOMEM;
				l->file = *file;
				if (k == PB_LINE_DIFF_ADD)
					whitespace_error(l);
				p = next(p, len);
				continue;
			}
		}
		if (starts(p, len, "diff ")) {
			if (!cvs)
				(*file)++;
			header = true;
			cvs = false;
		} else if (starts(p, len, "Index: ")) {
			(*file)++;
			header = cvs = true;
		} else if (starts(p, len, "--- ")) {
			const char *nx = next(p, len);
			if (!header && starts(nx, line_len(nx), "+++ "))
				(*file)++;
			k = PB_LINE_DIFF_FILE;
		} else if (starts(p, len, "+++ ")) {
			k = PB_LINE_DIFF_FILE;
		} else if (_pb_diff_hunk(p, len, &old_n, &new_n) == _PB_HUNK_PLAIN) {
			k = PB_LINE_DIFF_HUNK;
			in_hunk = old_n > 0 || new_n > 0;
			header = cvs = false;
		} else if (*file < 0) {
			k = PB_LINE_TEXT;
		} else {
			/* git's extended headers, a binary patch, and what CVS
			 * and SVN write about a file ("=====", "RCS file:") */
			k = _pb_diff_meta(p, len) != _PB_META_NONE ? PB_LINE_DIFF_META : PB_LINE_TEXT;
		}
		if (!(l = add(b, k, p, len)))
			return PB_ERR_NOMEM;
		if (k != PB_LINE_TEXT)
			l->file = *file < 0 ? 0 : *file;
		p = next(p, len);
	}
	return PB_OK;
}

/* ---- prose ----------------------------------------------------------- */

static bool diffstat_line(const char *p, size_t len)
{
	const char *bar, *e = p + len;
	size_t i = 0;
	if (len < 4 || p[0] != ' ')
		return false;
	/* " 3 files changed, 10 insertions(+)" */
	while (i + 1 < len && p[i + 1] == ' ')
		i++;
	if (i + 1 < len && isdigit((unsigned char)p[i + 1])) {
		const char *q = p + i + 1;
		while (q < e && isdigit((unsigned char)*q))
			q++;
		if ((size_t)(e - q) >= 5 && memcmp(q, " file", 5) == 0)
			return true;
	}
	bar = memchr(p, '|', len);
	if (!bar || bar == p + 1 || bar[-1] != ' ')
		return false;
	for (const char *q = bar + 1; q < e; q++)
		if (*q != ' ') {
			if (e - q >= 3 && memcmp(q, "Bin", 3) == 0)
				return true;
			if (!isdigit((unsigned char)*q))
				return false;
			while (q < e && isdigit((unsigned char)*q))
				q++;
			while (q < e && (*q == ' ' || *q == '+' || *q == '-'))
				q++;
			return q == e;
		}
	return false;
}

static unsigned quote_level(const char *p, size_t len)
{
	unsigned level = 0;
	for (size_t i = 0; i < len && (p[i] == '>' || p[i] == ' '); i++) {
		if (p[i] == '>')
			level++;
		else if (i + 1 < len && p[i + 1] != '>')
			break;
	}
	return level;
}

static bool blank(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return false;
	return true;
}

/* Does the line start with one of the names in TL followed by ':'? */
static bool trailer_line(const char *p, size_t len, const pb_trailer_list_t *tl)
{
	while (len && (*p == ' ' || *p == '\t')) {
		p++;
		len--;
	}
	for (size_t i = 0; i < tl->n; i++) {
		size_t n = strlen(tl->v[i].name);
		if (len > n && p[n] == ':' && strncasecmp(p, tl->v[i].name, n) == 0)
			return true;
	}
	return false;
}

/* Lines of a body read as prose: quotes, attribution, trailers, diffstat,
 * signature, and an unquoted diff. */
static int add_body(struct builder *b, const char *body, const pb_trailer_list_t *tl)
{
	const char *sig = NULL, *diff = NULL, *diff_end = NULL;
	size_t dlen = 0;
	unsigned dflags = 0;
	long doff = pb_diff_locate(body, &dlen, &dflags);
	int file = -1;
	if (doff >= 0) {
		diff = body + doff;
		diff_end = diff + dlen;
	}
	/* the last "-- " line outside the diff starts the signature */
	for (const char *p = body; *p;) {
		size_t len = line_len(p);
		if ((!diff || p < diff || p >= diff_end) && len == 3 && memcmp(p, "-- ", 3) == 0)
			sig = p;
		p = next(p, len);
	}
	for (const char *p = body; *p;) {
		size_t len = line_len(p);
		pb_line_kind_t k = PB_LINE_TEXT;
		unsigned level = 0;
		pb_line_t *l;
		if (diff && p == diff) {
			int rc = add_diff(b, diff, diff_end, &file);
			if (rc)
				return rc;
			p = diff_end;
			continue;
		}
		if (sig && p >= sig)
			k = PB_LINE_SIGNATURE;
		else if ((level = quote_level(p, len)) > 0)
			k = PB_LINE_QUOTE;
		else if (trailer_line(p, len, tl))
			k = PB_LINE_TRAILER;
		else if (diffstat_line(p, len))
			k = PB_LINE_DIFFSTAT;
		else if (len && !blank(p, len) && p[len - 1] == ':') {
			const char *nx = next(p, len);
			if (quote_level(nx, line_len(nx)) > 0)
				k = PB_LINE_ATTRIBUTION;
		}
		if (!(l = add(b, k, p, len)))
			return PB_ERR_NOMEM;
		l->level = level;
		p = next(p, len);
	}
	return PB_OK;
}

pb_status_t pb_lines_reply(TALLOC_CTX *mem_ctx, pb_line_t **out, size_t *n, const pb_mail_t *m)
{
	struct builder b = {talloc_new(mem_ctx), NULL, 0, 0};
	pb_trailer_list_t tl = {0};
	int rc = PB_ERR_NOMEM;
	if (!b.ctx)
		return PB_ERR_NOMEM;
	if (pb_trailer_parse_followup(b.ctx, &tl, m->body ? m->body : "", &m->sender, NULL))
		goto fail;
	if ((rc = add_body(&b, m->body ? m->body : "", &tl)))
		goto fail;
	*out = b.v ? talloc_steal(mem_ctx, b.v) : talloc_zero_array(mem_ctx, pb_line_t, 1);
	*n = b.n;
	talloc_free(b.ctx);
	return *out ? PB_OK : PB_ERR_NOMEM;
fail:
	talloc_free(b.ctx);
	return rc;
}

pb_status_t pb_lines_patch(TALLOC_CTX *mem_ctx, pb_line_t **out, size_t *n, const pb_mail_t *m)
{
	struct builder b = {NULL, NULL, 0, 0};
	pb_trailer_list_t tl = {0};
	const char *msg = m->message ? m->message : "", *last_par = msg;
	int file = -1, rc = PB_ERR_NOMEM;

	if (!(m->flags & PB_MAIL_HAS_DIFF) || !m->diff)
		return pb_lines_reply(mem_ctx, out, n, m);
	if (!(b.ctx = talloc_new(mem_ctx)))
		return PB_ERR_NOMEM;
	if (pb_trailer_parse_message(b.ctx, &tl, msg))
		goto fail;
	for (const char *p = msg; *p;) {
		size_t len = line_len(p);
		if (blank(p, len) && *next(p, len))
			last_par = next(p, len);
		p = next(p, len);
	}
	for (const char *p = msg; *p;) {
		size_t len = line_len(p);
		bool tr = p >= last_par && trailer_line(p, len, &tl);
		if (!add(&b, tr ? PB_LINE_TRAILER : PB_LINE_TEXT, p, len))
			goto fail;
		p = next(p, len);
	}
	if (!add(&b, PB_LINE_SEPARATOR, "---", 3))
		goto fail;
	for (const char *p = m->notes ? m->notes : ""; *p;) {
		size_t len = line_len(p);
		if (!add(&b, diffstat_line(p, len) ? PB_LINE_DIFFSTAT : PB_LINE_NOTES, p, len))
			goto fail;
		p = next(p, len);
	}
	if ((rc = add_diff(&b, m->diff, m->diff + strlen(m->diff), &file)))
		goto fail;
	*out = b.v ? talloc_steal(mem_ctx, b.v) : talloc_zero_array(mem_ctx, pb_line_t, 1);
	*n = b.n;
	talloc_free(b.ctx);
	return *out ? PB_OK : PB_ERR_NOMEM;
fail:
	talloc_free(b.ctx);
	return rc ? rc : PB_ERR_NOMEM;
}

static char *path_of(TALLOC_CTX *ctx, const pb_line_t *l)
{
	const char *p = l->text, *e = l->text + l->len;
	if (l->kind == PB_LINE_DIFF_META && starts(p, l->len, "diff --git ")) {
		/* "diff --git a/x b/x": the b/ side */
		const char *b = NULL;
		for (const char *q = p + 11; q + 3 <= e; q++)
			if (q[0] == ' ' && q[1] == 'b' && q[2] == '/')
				b = q + 3;
		return b ? talloc_strndup(ctx, b, (size_t)(e - b)) : NULL;
	}
	if (l->kind == PB_LINE_DIFF_FILE) {
		const char *s;
		size_t n;
		if (_pb_diff_file_path(p, l->len, &s, &n) != _PB_PATH_FILE)
			return NULL;
		return talloc_strndup(ctx, s, n);
	}
	return NULL;
}

pb_status_t pb_lines_diffstat(TALLOC_CTX *mem_ctx, pb_line_file_t **out, size_t *n, const pb_line_t *lines,
			      size_t n_lines)
{
	int max = -1;
	pb_line_file_t *f;
	for (size_t i = 0; i < n_lines; i++)
		if (lines[i].file > max)
			max = lines[i].file;
	f = talloc_zero_array(mem_ctx, pb_line_file_t, max >= 0 ? (size_t)max + 1 : 1);
	if (!f)
		return PB_ERR_NOMEM;
	for (size_t i = 0; i < n_lines; i++) {
		const pb_line_t *l = &lines[i];
		pb_line_file_t *x;
		char *path;
		if (l->file < 0)
			continue;
		x = &f[l->file];
		if (l->kind == PB_LINE_DIFF_ADD)
			x->added++;
		else if (l->kind == PB_LINE_DIFF_DEL)
			x->removed++;
		else if ((path = path_of(f, l))) {
			/* "+++ b/x" names the file best; "diff --git" and "--- a/x"
			 * only until it comes (or for a deletion) */
			if (!x->path || (l->kind == PB_LINE_DIFF_FILE && l->text[0] == '+')) {
				talloc_free(x->path);
				x->path = path;
			} else {
				talloc_free(path);
			}
		}
	}
	for (int i = 0; i <= max; i++)
		if (!f[i].path && !(f[i].path = talloc_strdup(f, "?")))
			return PB_ERR_NOMEM;
	*out = f;
	*n = max >= 0 ? (size_t)max + 1 : 0;
	return PB_OK;
}
