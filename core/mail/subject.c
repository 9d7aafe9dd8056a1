/* subject.c: the bracket prefix of patch subjects. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "patchbay/status.h"
#include "patchbay/subject.h"

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A reply or forward marker at P: word, optional [n] or (n), colon.
 * Returns the length consumed (0 when none) and sets *fwd. */
static size_t marker_len(const char *p, bool *fwd)
{
	static const char *const replies[] = {"re", "aw", "sv", "antw", "vs", "ref", "odp", "rif", "res", NULL};
	static const char *const forwards[] = {"fwd", "fw", "tr", "wg", NULL};
	size_t w = 0, n;
	while (isalpha((unsigned char)p[w]))
		w++;
	if (w == 0 || w > 4)
		return 0;
	n = w;
	if (p[n] == '[' || p[n] == '(') {
		char close = p[n] == '[' ? ']' : ')';
		size_t d = n + 1;
		while (isdigit((unsigned char)p[d]))
			d++;
		if (d == n + 1 || p[d] != close)
			return 0;
		n = d + 1;
	}
	while (p[n] == ' ' && p[n + 1] == ':')
		n++;
	if (p[n] != ':')
		return 0;
	for (int i = 0; replies[i]; i++)
		if (strlen(replies[i]) == w && strncasecmp(p, replies[i], w) == 0) {
			*fwd = false;
			return n + 1;
		}
	for (int i = 0; forwards[i]; i++)
		if (strlen(forwards[i]) == w && strncasecmp(p, forwards[i], w) == 0) {
			*fwd = true;
			return n + 1;
		}
	return 0;
}

size_t pb_subject_reply_prefix_len(const char *s)
{
	size_t off = 0;
	for (;;) {
		size_t ws = off, m;
		bool fwd;
		while (is_ws(s[ws]))
			ws++;
		m = marker_len(s + ws, &fwd);
		if (!m || fwd)
			break;
		off = ws + m;
	}
	while (is_ws(s[off]))
		off++;
	return off;
}

static bool all_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static int parse_num(const char *s, size_t n)
{
	long v = 0;
	for (size_t i = 0; i < n && i < 9; i++)
		v = v * 10 + (s[i] - '0');
	return (int)v;
}

/* "v3", "V12", "v2.1" -> 3, 12, 2; else -1. */
static int version_token(const char *t, size_t n)
{
	size_t d;
	if (n < 2 || (t[0] != 'v' && t[0] != 'V'))
		return -1;
	d = 1;
	while (d < n && isdigit((unsigned char)t[d]))
		d++;
	if (d == 1)
		return -1;
	if (d != n) {
		/* allow a minor part: v2.1 */
		if (t[d] != '.' || !all_digits(t + d + 1, n - d - 1))
			return -1;
	}
	return parse_num(t + 1, d - 1);
}

struct group_state {
	unsigned flags;
	int version, index, total;
	bool patchish;
	char *tags;
	TALLOC_CTX *ctx;
};

static bool eq(const char *t, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(t, word, n) == 0;
}

/* "N/M" as the numbering of a series: at most 9999 mails (git
 * format-patch pads to the digits of the total; five digits is not a
 * series but noise, or a hostile subject asking for 32,000 "missing"
 * patches). False, and nothing set, for one that cannot be (LONG: a
 * number of more than four digits). */
static bool numbering(struct group_state *local, int index, int total, bool long_num)
{
	if (long_num || index > 9999 || total > 9999)
		return false;
	local->index = index;
	local->total = total;
	return true;
}

/* Word T (N bytes) onto the group's other words *EXTRA. */
static bool add_word(struct group_state *g, char **extra, const char *t, size_t n)
{
	*extra = *extra ? talloc_asprintf_append(*extra, " %.*s", (int)n, t)
			: talloc_asprintf(g->ctx, "%.*s", (int)n, t);
	return *extra != NULL;
}

/* Classify the words of one bracket group. Words split on blanks and
 * commas. Returns false on allocation failure. */
static bool classify_group(struct group_state *g, const char *s, size_t len)
{
	const char *tok[64];
	size_t tlen[64];
	size_t nt = 0, i = 0;
	struct group_state local = {0};
	char *extra = NULL;

	while (i < len && nt < 64) {
		size_t st;
		while (i < len && (is_ws(s[i]) || s[i] == ','))
			i++;
		st = i;
		while (i < len && !is_ws(s[i]) && s[i] != ',')
			i++;
		if (i > st) {
			tok[nt] = s + st;
			tlen[nt] = i - st;
			nt++;
		}
	}
	local.version = -1;
	local.index = -1;
	local.total = -1;
	for (i = 0; i < nt; i++) {
		const char *t = tok[i];
		size_t n = tlen[i];
		const char *slash = memchr(t, '/', n);
		int v;
		if (eq(t, n, "patch") || eq(t, n, "patches")) {
			local.flags |= PB_SUBJ_PATCH;
		} else if (n > 5 && strncasecmp(t, "patch", 5) == 0 &&
			   (v = version_token(t + 5, n - 5)) >= 0) {
			local.flags |= PB_SUBJ_PATCH;
			local.version = v;
		} else if (eq(t, n, "rfc")) {
			local.flags |= PB_SUBJ_RFC;
		} else if (n > 3 && strncasecmp(t, "rfc", 3) == 0 &&
			   (v = version_token(t + 3, n - 3)) >= 0) {
			local.flags |= PB_SUBJ_RFC;
			local.version = v;
		} else if (eq(t, n, "resend")) {
			local.flags |= PB_SUBJ_RESEND;
		} else if (eq(t, n, "pull") || eq(t, n, "git-pull")) {
			local.flags |= PB_SUBJ_PULL;
		} else if (eq(t, n, "git") && i + 1 < nt && eq(tok[i + 1], tlen[i + 1], "pull")) {
			local.flags |= PB_SUBJ_PULL;
			i++;
		} else if ((v = version_token(t, n)) >= 0) {
			local.version = v;
		} else if (slash && all_digits(t, (size_t)(slash - t)) &&
			   (all_digits(slash + 1, n - (size_t)(slash - t) - 1) ||
			    eq(slash + 1, n - (size_t)(slash - t) - 1, "n"))) {
			size_t a = (size_t)(slash - t), b = n - a - 1;
			if (!numbering(&local, parse_num(t, a), all_digits(slash + 1, b) ? parse_num(slash + 1, b) : 0,
				       a > 4 || b > 4) &&
			    !add_word(g, &extra, t, n))
				return false;
		} else if (all_digits(t, n) && i + 2 < nt && eq(tok[i + 1], tlen[i + 1], "of") &&
			   all_digits(tok[i + 2], tlen[i + 2])) {
			if (!numbering(&local, parse_num(t, n), parse_num(tok[i + 2], tlen[i + 2]),
				       n > 4 || tlen[i + 2] > 4) &&
			    !add_word(g, &extra, t, (size_t)(tok[i + 2] + tlen[i + 2] - t)))
				return false;
			i += 2;
		} else {
			extra = extra ? talloc_asprintf_append(extra, " %.*s", (int)n, t)
				      : talloc_asprintf(g->ctx, "%.*s", (int)n, t);
			if (!extra)
				return false;
		}
	}
	local.patchish = local.flags || local.version >= 0 || local.index >= 0;
	if (!local.patchish) {
		/* A list or injected tag: keep the group as one tag. */
		talloc_free(extra);
		extra = talloc_asprintf(g->ctx, "%.*s", (int)len, s);
		if (!extra)
			return false;
	}
	if (extra && *extra) {
		g->tags = g->tags ? talloc_asprintf_append(g->tags, " %s", extra) : talloc_strdup(g->ctx, extra);
		talloc_free(extra);
		if (!g->tags)
			return false;
	} else {
		talloc_free(extra);
	}
	if (local.patchish) {
		g->flags |= local.flags;
		/* The first group that gives a field wins. */
		if (g->version < 0 && local.version >= 0)
			g->version = local.version;
		if (g->index < 0 && local.index >= 0) {
			g->index = local.index;
			g->total = local.total;
		}
		g->patchish = true;
	}
	return true;
}

pb_status_t pb_subject_parse_into(TALLOC_CTX *mem_ctx, pb_subject_t *out, const char *subject)
{
	struct group_state g = {0};
	const char *p = subject ? subject : "";
	const char *prefix_start = NULL, *prefix_end = NULL;
	size_t tl;

	g.ctx = mem_ctx;
	g.version = g.index = g.total = -1;
	for (;;) {
		size_t m;
		bool fwd = false;
		while (is_ws(*p))
			p++;
		m = marker_len(p, &fwd);
		if (m) {
			g.flags |= fwd ? PB_SUBJ_FORWARD : PB_SUBJ_REPLY;
			p += m;
			continue;
		}
		if (*p == '[') {
			const char *close = strchr(p + 1, ']');
			if (!close)
				break;
			if (!prefix_start)
				prefix_start = p;
			if (!classify_group(&g, p + 1, (size_t)(close - p - 1)))
				return PB_ERR_NOMEM;
			p = close + 1;
			prefix_end = p;
			/* "[Patch 2/2]: title" */
			while (is_ws(*p))
				p++;
			if (*p == ':' && g.patchish)
				p++;
			continue;
		}
		break;
	}
	memset(out, 0, sizeof(*out));
	out->flags = g.flags;
	if (g.version >= 0) {
		out->flags |= PB_SUBJ_VERSIONED;
		out->version = g.version > 0 ? g.version : 1;
	} else {
		out->version = 1;
	}
	out->index = g.index;
	out->total = g.total;
	if (g.index >= 0)
		out->flags |= PB_SUBJ_NUMBERED;
	out->tags = g.tags ? g.tags : talloc_strdup(mem_ctx, "");
	out->prefix = prefix_start ? talloc_strndup(mem_ctx, prefix_start, (size_t)(prefix_end - prefix_start))
				   : talloc_strdup(mem_ctx, "");
	while (is_ws(*p))
		p++;
	tl = strlen(p);
	while (tl > 0 && is_ws(p[tl - 1]))
		tl--;
	out->title = talloc_strndup(mem_ctx, p, tl);
	if (!out->tags || !out->prefix || !out->title)
		return PB_ERR_NOMEM;
	return PB_OK;
}

pb_status_t pb_subject_parse(TALLOC_CTX *mem_ctx, pb_subject_t **out, const char *subject)
{
	pb_subject_t *s = talloc_zero(mem_ctx, pb_subject_t);
	int rc;
	if (!s)
		return PB_ERR_NOMEM;
	rc = pb_subject_parse_into(s, s, subject);
	if (rc) {
		talloc_free(s);
		return rc;
	}
	*out = s;
	return PB_OK;
}

char *pb_subject_normalize(TALLOC_CTX *mem_ctx, const char *title)
{
	size_t n = strlen(title);
	char *o = talloc_size(mem_ctx, n + 1), *w;
	bool space = true;
	if (!o)
		return NULL;
	w = o;
	for (const unsigned char *p = (const unsigned char *)title; *p; p++) {
		if (isalnum(*p) || *p >= 0x80) {
			*w++ = (char)tolower(*p);
			space = false;
		} else if (!space) {
			*w++ = ' ';
			space = true;
		}
	}
	if (w > o && w[-1] == ' ')
		w--;
	*w = '\0';
	return o;
}
