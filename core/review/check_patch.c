/* check_patch.c: the checks of one patch: shortlog, body, trailers, size. */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "patchbay/text.h"
#include "core/mail/diff_scan.h"
#include "core/review/check_priv.h"
#include "core/review/interdiff_priv.h"

static const char *next_line(const char *p)
{
	const char *nl = strchr(p, '\n');
	return nl ? nl + 1 : p + strlen(p);
}

/* ---- shortlog --------------------------------------------------------- */

/* Length of the "topic: sub: " prefix of TITLE (0 when none). A segment
 * is one word, or words around " / " ("PM / OPP"). */
static size_t prefix_len(const char *title)
{
	size_t pos = 0, end = 0;
	for (;;) {
		const char *c = strstr(title + pos, ": ");
		const char *seg = title + pos;
		bool ok = c && c > seg;
		for (const char *q = seg; ok && q < c; q++) {
			if (*q == '"' || *q == '(' || *q == '`' || *q == '\'')
				ok = false;
			else if (*q == ' ' && !(q[1] == '/' || (q > seg && q[-1] == '/')))
				ok = false;
		}
		if (!ok)
			break;
		end = (size_t)(c - title) + 2;
		pos = end;
	}
	return end;
}

static bool has_ext(const char *seg, size_t n)
{
	static const char *const exts[] = {"c", "h", "S", "s", "rs", "py", "sh", "pl", "yaml", "yml", "txt", "rst",
					   "dts", "dtsi", "json", "mk", "cc", "cpp", "go", "md", "in", "ac", "am",
					   "xml", "lds", NULL};
	const char *dot = NULL;
	for (size_t i = 0; i < n; i++)
		if (seg[i] == '.')
			dot = seg + i;
	if (!dot || dot == seg)
		return false;
	for (int i = 0; exts[i]; i++)
		if (strlen(exts[i]) == (size_t)(seg + n - dot - 1) && strncmp(dot + 1, exts[i], strlen(exts[i])) == 0)
			return true;
	return false;
}

/* Is SEG (N bytes, with a '/') a path the diff touches, from the top: a
 * file's path or a folder of it, as a ---/+++ line names it? */
static bool touched_path(const char *diff, const char *seg, size_t n)
{
	if (!diff || !memchr(seg, '/', n))
		return false;
	for (const char *l = diff; *l; l = next_line(l)) {
		const char *p;
		size_t pn;
		if (_pb_diff_file_path(l, SIZE_MAX, &p, &pn) != _PB_PATH_FILE)
			continue;
		if (pn >= n && memcmp(p, seg, n) == 0 && (pn == n || p[n] == '/'))
			return true;
	}
	return false;
}

static const char *const verbs[] = {
	"accept", "account", "add", "adjust", "align", "allocate", "allow", "annotate", "apply", "assign",
	"avoid", "bail", "bump", "call", "change", "check", "clarify", "clean", "cleanup", "clear", "collect",
	"compile", "consolidate", "convert", "copy", "correct", "create", "declare", "decouple", "defer",
	"define", "delete", "deprecate", "describe", "detect", "disable", "document", "drop", "dump", "emit",
	"enable", "enforce", "ensure", "expand", "export", "expose", "extend", "extract", "factor", "fetch",
	"fill", "filter", "fix", "flush", "fold", "force", "free", "generalize", "get", "guard", "handle",
	"hide", "ignore", "implement", "improve", "include", "increase", "initialize", "inline", "introduce",
	"invalidate", "keep", "kill", "limit", "load", "lock", "log", "make", "mark", "merge", "migrate",
	"modify", "move", "name", "open", "optimize", "parse", "pass", "prefer", "prepare", "prevent", "print",
	"propagate", "protect", "provide", "print", "query", "read", "rebase", "record", "reduce", "refactor",
	"register", "reject", "release", "reload", "remove", "rename", "reorder", "rephrase", "replace",
	"report", "request", "require", "reset", "resolve", "restore", "restrict", "return", "reuse", "revert",
	"rework", "rewrite", "run", "save", "select", "send", "separate", "set", "show", "simplify", "skip",
	"sort", "split", "start", "stop", "store", "support", "switch", "sync", "test", "track", "treat",
	"trigger", "tweak", "unify", "unlock", "unregister", "update", "upgrade", "use", "validate", "verify",
	"wait", "warn", "wire", "write", "zero", NULL};

static bool is_verb(const char *w, size_t n)
{
	for (int i = 0; verbs[i]; i++)
		if (strlen(verbs[i]) == n && strncmp(verbs[i], w, n) == 0)
			return true;
	return false;
}

/* Is the lower-case word W past tense, third person or a gerund of a
 * commit verb ("fixed", "adds", "adding", "dropped", "made")? */
/* The imperative a word probably stands for, capitalised: "adds" -> "Add",
 * "fixes" -> "Fix", "applied" -> "Apply", "removed" -> "Remove",
 * "dropped" -> "Drop". A hint for the message, not a dictionary. */
/* STEM (M letters) as the commit verb it is, with an e ("migrat" ->
 * "migrate"), or with its last letter undoubled ("dropp" -> "drop");
 * false, and STEM as it was, when none is. */
static bool verb_stem(char *stem, size_t m, size_t size)
{
	if (is_verb(stem, m))
		return true;
	if (m + 2 <= size) {
		stem[m] = 'e';
		stem[m + 1] = '\0';
		if (is_verb(stem, m + 1))
			return true;
		stem[m] = '\0';
	}
	if (m >= 2 && stem[m - 1] == stem[m - 2] && is_verb(stem, m - 1)) {
		stem[m - 1] = '\0';
		return true;
	}
	return false;
}

static void imperative_of(char *out, size_t size, const char *w)
{
	size_t n = strlen(w);
	char stem[64];
	snprintf(stem, sizeof(stem), "%s", w);
	if (n > 4 && strcmp(w + n - 3, "ies") == 0) {
		snprintf(stem + n - 3, sizeof(stem) - (n - 3), "y");
	} else if (n > 4 && (strcmp(w + n - 4, "ches") == 0 || strcmp(w + n - 4, "shes") == 0 ||
			     strcmp(w + n - 4, "sses") == 0 || strcmp(w + n - 3, "xes") == 0 ||
			     strcmp(w + n - 3, "zes") == 0)) {
		stem[n - 2] = '\0';
	} else if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's') {
		stem[n - 1] = '\0';
	} else if (n > 4 && strcmp(w + n - 3, "ied") == 0) {
		snprintf(stem + n - 3, sizeof(stem) - (n - 3), "y");
	} else if ((n > 3 && strcmp(w + n - 2, "ed") == 0) || (n > 5 && strcmp(w + n - 3, "ing") == 0)) {
		/* the same stems for "-ed" and "-ing": dropped/dropping -> drop,
		 * removed/removing -> remove, migrated/migrating -> migrate */
		size_t m = n - (w[n - 1] == 'd' ? 2 : 3);
		stem[m] = '\0';
		if (verb_stem(stem, m, sizeof(stem))) {
			/* a commit verb */
		} else if (m >= 2 && stem[m - 1] == stem[m - 2] && !strchr("lsz", stem[m - 1]))
			stem[m - 1] = '\0'; /* dropped -> drop */
		else if (m >= 2 && strchr("vcguz", stem[m - 1]))
			snprintf(stem + m, sizeof(stem) - m, "e"); /* removed -> remove */
		else if (m >= 3 && stem[m - 1] == 't' && strchr("aeiou", stem[m - 2]) && !strchr("aeiou", stem[m - 3]))
			snprintf(stem + m, sizeof(stem) - m, "e"); /* updated -> update */
	}
	snprintf(out, size, "%s", stem);
	if (out[0])
		out[0] = (char)toupper((unsigned char)out[0]);
}

static bool not_imperative(const char *w)
{
	static const char *const irregular[] = {"made", "kept", "wrote", "written", "rewrote", "got", "ran",
						"sent", "built", "brought", "did", "does", "has", "introduced", NULL};
	size_t n = strlen(w);
	for (int i = 0; irregular[i]; i++)
		if (strcmp(w, irregular[i]) == 0)
			return true;
	if (is_verb(w, n))
		return false;
	if (n > 3 && strcmp(w + n - 2, "ed") == 0) {
		if (is_verb(w, n - 2) || is_verb(w, n - 1) ||
		    (n > 4 && w[n - 3] == w[n - 4] && is_verb(w, n - 3)))
			return true;
		if (n > 4 && strcmp(w + n - 3, "ied") == 0) {
			char buf[64];
			if (n < sizeof(buf)) {
				memcpy(buf, w, n - 3);
				strcpy(buf + n - 3, "y");
				return is_verb(buf, n - 2);
			}
		}
	}
	if (n > 4 && strcmp(w + n - 3, "ing") == 0) {
		char buf[64];
		if (is_verb(w, n - 3) || (n > 5 && w[n - 4] == w[n - 5] && is_verb(w, n - 4)))
			return true;
		if (n < sizeof(buf) - 1) {
			memcpy(buf, w, n - 3);
			strcpy(buf + n - 3, "e");
			if (is_verb(buf, n - 2))
				return true;
		}
	}
	if (n > 2 && w[n - 1] == 's') {
		if (is_verb(w, n - 1))
			return true;
		if (n > 3 && w[n - 2] == 'e' && is_verb(w, n - 2))
			return true;
		if (n > 4 && strcmp(w + n - 3, "ies") == 0) {
			char buf[64];
			if (n < sizeof(buf)) {
				memcpy(buf, w, n - 3);
				strcpy(buf + n - 3, "y");
				return is_verb(buf, n - 2);
			}
		}
	}
	return false;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static int check_shortlog(_pb_check_run_t *R, const _pb_check_patch_t *P)
{
	const char *title = P->rec->title, *subj = P->rec->subject, *msgid = P->rec->msgid, *desc;
	size_t plen = prefix_len(title), len = utf8_chars(title);
	int idx = P->p->index, rc = PB_OK;
	const pb_profile_t *pf = R->pf;

	if (len > (size_t)pf->shortlog_error)
		rc = _pb_check_add(R, PB_CHECK_SHORTLOG_LENGTH, PB_SEV_ERROR, idx, msgid, subj, 0,
				   "shortlog has %zu characters (the limit is %d)", len, pf->shortlog_error);
	else if (len > (size_t)pf->shortlog_warn)
		rc = _pb_check_add(R, PB_CHECK_SHORTLOG_LENGTH, -1, idx, msgid, subj, 0,
				   "shortlog has %zu characters (more than %d)", len, pf->shortlog_warn);
	if (rc)
		return rc;
	if (plen == 0) {
		rc = _pb_check_add(R, PB_CHECK_SHORTLOG_PREFIX, -1, idx, msgid, subj, 0,
				   "shortlog has no \"subsystem: \" prefix");
	} else if (pf->n_prefixes) {
		bool ok = false;
		const char *near = NULL;
		for (size_t i = 0; i < pf->n_prefixes; i++) {
			size_t n = strlen(pf->prefixes[i]);
			if (n <= plen && (title[n] == ' ' || title[n] == '\0')) {
				if (strncmp(title, pf->prefixes[i], n) == 0)
					ok = true;
				else if (strncasecmp(title, pf->prefixes[i], n) == 0)
					near = pf->prefixes[i];
			}
		}
		if (!ok)
			rc = near ? _pb_check_add(R, PB_CHECK_SHORTLOG_PREFIX, -1, idx, msgid, subj, 0,
						  "prefix \"%.*s\" is spelt \"%s\" here (names are case-sensitive)",
						  (int)plen - 1, title, near)
				  : _pb_check_add(R, PB_CHECK_SHORTLOG_PREFIX, -1, idx, msgid, subj, 0,
						  "prefix \"%.*s\" is not one of the project's (%s, ...)", (int)plen - 1,
						  title, pf->prefixes[0]);
	}
	if (rc)
		return rc;
	/* a file path as prefix */
	for (size_t pos = 0; pos < plen;) {
		const char *seg = title + pos, *c = strstr(seg, ": ");
		size_t n = (size_t)(c - seg);
		if (has_ext(seg, n) || touched_path(P->mail ? P->mail->diff : NULL, seg, n)) {
			rc = _pb_check_add(R, PB_CHECK_SHORTLOG_PATH, -1, idx, msgid, subj, 0,
					   "\"%.*s\" is a file path, not a subsystem prefix", (int)n, seg);
			break;
		}
		pos += n + 2;
	}
	if (rc)
		return rc;
	desc = title + plen;
	if (islower((unsigned char)desc[0])) {
		size_t wl = strcspn(desc, " ");
		bool plain = true;
		for (size_t i = 0; i < wl; i++)
			if (!isalpha((unsigned char)desc[i]))
				plain = false;
		if (plain && (rc = _pb_check_add(R, PB_CHECK_SHORTLOG_CAPITAL, -1, idx, msgid, subj, 0,
						 "first word \"%.*s\" is not capitalised", (int)wl, desc)))
			return rc;
	}
	len = strlen(desc);
	if (len > 1 && desc[len - 1] == '.' && desc[len - 2] != '.' &&
	    (rc = _pb_check_add(R, PB_CHECK_SHORTLOG_PERIOD, -1, idx, msgid, subj, 0, "shortlog ends with a period")))
		return rc;
	{
		char word[64];
		size_t wl = strcspn(desc, " :,");
		if (wl > 0 && wl < sizeof(word)) {
			for (size_t i = 0; i < wl; i++)
				word[i] = (char)tolower((unsigned char)desc[i]);
			word[wl] = '\0';
			if (not_imperative(word)) {
				char imp[64];
				imperative_of(imp, sizeof(imp), word);
				rc = _pb_check_add(R, PB_CHECK_SHORTLOG_MOOD, -1, idx, msgid, subj, 0,
						   "\"%.*s\" is not imperative mood (write \"%s\")", (int)wl, desc, imp);
			}
		}
	}
	return rc;
}

/* ---- trailers --------------------------------------------------------- */

typedef struct tline {
	char name[32];
	const char *value;  /* up to end of line */
	size_t vlen;
	const char *line;   /* the whole line, for quoting */
	size_t len;
} tline_t;

/* A name used as a trailer: "...-by", or Fixes, Cc, Link, Closes. */
static bool trailer_name(const char *l, size_t n)
{
	static const char *const names[] = {"Fixes", "Cc", "Link", "Closes", "BugLink", "Change-Id", NULL};
	if (n > 3 && strncasecmp(l + n - 3, "-by", 3) == 0)
		return true;
	for (int i = 0; names[i]; i++)
		if (strlen(names[i]) == n && strncasecmp(l, names[i], n) == 0)
			return true;
	return false;
}

/* Trailer lines of the patch: from the message when the mail is there,
 * else rebuilt from the trailers the index kept. */
static size_t trailer_lines(TALLOC_CTX *ctx, tline_t **out, const _pb_check_patch_t *P)
{
	size_t n = 0, cap = 16;
	tline_t *v = talloc_array(ctx, tline_t, cap);
	if (!v)
		return 0;
	if (P->mail && P->mail->message) {
		for (const char *l = P->mail->message; *l; l = next_line(l)) {
			size_t len = strcspn(l, "\n"), i = 0;
			while (i < len && (isalnum((unsigned char)l[i]) || l[i] == '-'))
				i++;
			if (i < 2 || i >= sizeof(v->name) || i + 1 >= len || l[i] != ':' || l[i + 1] != ' ')
				continue;
			if (!trailer_name(l, i))
				continue;
			if (n == cap && !(v = talloc_realloc(ctx, v, tline_t, cap *= 2)))
				return 0;
			memcpy(v[n].name, l, i);
			v[n].name[i] = '\0';
			v[n].value = l + i + 2;
			v[n].vlen = len - i - 2;
			v[n].line = l;
			v[n].len = len;
			n++;
		}
	} else {
		for (size_t k = 0; k < P->p->own.n; k++) {
			const pb_trailer_t *t = &P->p->own.v[k];
			char *f = pb_trailer_format(ctx, t);
			if (!f || strlen(t->name) >= sizeof(v->name))
				continue;
			if (n == cap && !(v = talloc_realloc(ctx, v, tline_t, cap *= 2)))
				return 0;
			strcpy(v[n].name, t->name);
			v[n].line = f;
			v[n].len = strlen(f);
			v[n].value = f + strlen(t->name) + 2;
			v[n].vlen = strlen(v[n].value);
			n++;
		}
	}
	*out = v;
	return n;
}

static bool value_eq(const char *a, size_t na, const char *b, size_t nb)
{
	while (na && a[na - 1] == ' ')
		na--;
	while (nb && b[nb - 1] == ' ')
		nb--;
	return na == nb && strncasecmp(a, b, na) == 0;
}

static bool contains_ci(const char *v, size_t n, const char *w)
{
	size_t wl = strlen(w);
	for (size_t i = 0; i + wl <= n; i++)
		if (strncasecmp(v + i, w, wl) == 0)
			return true;
	return false;
}

static bool stable_ok(const char *v, size_t n)
{
	static const char addr[] = "stable@vger.kernel.org";
	size_t i = 0;
	if (v[i] == '<')
		i++;
	if (n - i < sizeof(addr) - 1 || strncmp(v + i, addr, sizeof(addr) - 1) != 0)
		return false;
	i += sizeof(addr) - 1;
	if (v[0] == '<') {
		if (i >= n || v[i] != '>')
			return false;
		i++;
	}
	while (i < n && v[i] == ' ')
		i++;
	return i == n || v[i] == '#';
}

static int check_fixes(_pb_check_run_t *R, const _pb_check_patch_t *P, const tline_t *t)
{
	const char *v = t->value, *e = v + t->vlen;
	size_t hex = 0;
	while (v + hex < e && isxdigit((unsigned char)v[hex]) && !isupper((unsigned char)v[hex]))
		hex++;
	if (hex < (size_t)R->pf->fixes_hex || hex > 40 || v + hex + 3 > e || v[hex] != ' ' || v[hex + 1] != '(' ||
	    v[hex + 2] != '"' || e[-1] != ')' || e[-2] != '"')
		return _pb_check_add(R, PB_CHECK_FIXES_FORMAT, -1, P->p->index, P->rec->msgid, t->line, t->len,
				     "write Fixes: <%d+ hex digits> (\"subject\")", R->pf->fixes_hex);
	if (R->repo && !R->quick)
		return _pb_check_fixes_repo(R, P, v, hex, v + hex + 3, (size_t)(e - 2 - (v + hex + 3)), t->line);
	return PB_OK;
}

/* The author a stable review posting names. Greg's and Sasha's stable
 * queues send each backport as "N.NN-stable review patch.  If anyone has
 * any objections, please let me know.", a line of dashes, then "From:
 * AUTHOR" and "[ Upstream commit ... ]": the author is that From:, not the sender,
 * and not the first line git am would read. False when MESSAGE is not one. */
static bool stable_review_author(TALLOC_CTX *ctx, const char *message, pb_person_t *out)
{
	const char *l = message;
	size_t n;
	while (*l == '\n')
		l++;
	n = strcspn(l, "\n");
	if (!memmem(l, n, "-stable review patch.", 21))
		return false;
	/* blank lines and the line of dashes */
	for (l = next_line(l); *l == '\n' || *l == '-'; l = *l == '\n' ? l + 1 : next_line(l))
		;
	n = strcspn(l, "\n");
	if (n <= 6 || strncmp(l, "From: ", 6) != 0)
		return false;
	{
		char *val = talloc_strndup(ctx, l + 6, n - 6);
		return val && pb_person_parse(ctx, out, val) == PB_OK;
	}
}

static int check_trailers(_pb_check_run_t *R, const _pb_check_patch_t *P)
{
	tline_t *t = NULL;
	size_t n = trailer_lines(R->tmp, &t, P);
	bool sob = false, by_author = false;
	const tline_t *first_sob = NULL;
	int idx = P->p->index, rc;
	const char *msgid = P->rec->msgid;
	pb_person_t stable_author;
	bool stable = P->mail && P->mail->message && stable_review_author(R->tmp, P->mail->message, &stable_author);
	const pb_person_t *author = stable ? &stable_author : &P->rec->author;

	for (size_t i = 0; i < n; i++) {
		const tline_t *l = &t[i];
		if (strcasecmp(l->name, "Signed-off-by") == 0) {
			pb_person_t who;
			char *val = talloc_strndup(R->tmp, l->value, l->vlen);
			sob = true;
			if (!first_sob)
				first_sob = l;
			if (val && pb_person_parse(R->tmp, &who, val) == PB_OK && pb_person_same(&who, author))
				by_author = true;
		} else if (strcasecmp(l->name, "Fixes") == 0) {
			if ((rc = check_fixes(R, P, l)))
				return rc;
		} else if (strcasecmp(l->name, "Cc") == 0 && contains_ci(l->value, l->vlen, "stable")) {
			if (!stable_ok(l->value, l->vlen) &&
			    (rc = _pb_check_add(R, PB_CHECK_CC_STABLE, -1, idx, msgid, l->line, l->len,
						"write Cc: stable@vger.kernel.org (a # comment may follow)")))
				return rc;
		} else if (strcasecmp(l->name, "Link") == 0 || strcasecmp(l->name, "Closes") == 0) {
			if (strncmp(l->value, "https://", 8) != 0 && strncmp(l->value, "http://", 7) != 0 &&
			    (rc = _pb_check_add(R, PB_CHECK_LINK_URL, -1, idx, msgid, l->line, l->len,
						"%s: takes a URL", l->name)))
				return rc;
		}
		for (size_t k = 0; k < i; k++)
			if (strcasecmp(t[k].name, l->name) == 0 && value_eq(t[k].value, t[k].vlen, l->value, l->vlen)) {
				if ((rc = _pb_check_add(R, PB_CHECK_TRAILER_DUP, -1, idx, msgid, l->line, l->len,
							"the same %s trailer twice", l->name)))
					return rc;
				break;
			}
	}
	if (!sob)
		return _pb_check_add(R, PB_CHECK_NO_SIGNOFF, -1, idx, msgid, P->rec->subject, 0,
				     "no Signed-off-by (Developer's Certificate of Origin)");
	if (!by_author)
		return _pb_check_add(R, PB_CHECK_AUTHOR_SIGNOFF, -1, idx, msgid, first_sob->line, first_sob->len,
				     "no Signed-off-by by the author, %s",
				     author->email && *author->email ? author->email : author->name ? author->name : "?");
	return PB_OK;
}

/* ---- body ------------------------------------------------------------- */

static bool diffstat_line(const char *l, size_t n)
{
	const char *bar = memchr(l, '|', n);
	return (bar && l[0] == ' ') || (n > 0 && l[0] == ' ' && (strstr(l, " changed") || strstr(l, "mode "))) ||
	       (strncmp(l, " create mode", 12) == 0) || (strncmp(l, " delete mode", 12) == 0) ||
	       (strncmp(l, " rename ", 8) == 0);
}

static int check_body(_pb_check_run_t *R, const _pb_check_patch_t *P)
{
	const pb_mail_t *m = P->mail;
	char *body = _pb_check_body(R->tmp, m->message ? m->message : "");
	size_t lines = 0, wide = 0;
	const char *first_wide = NULL, *note = NULL;
	unsigned changed = P->rec->added + P->rec->removed;
	int idx = P->p->index, rc;

	if (!body)
		return PB_ERR_NOMEM;
	for (const char *l = body; *l; l = next_line(l)) {
		size_t n = strcspn(l, "\n");
		char *line;
		if (n == 0)
			continue;
		lines++;
		if (l[0] == ' ' || l[0] == '\t' || l[0] == '[' || l[0] == '>' || !memchr(l, ' ', n))
			continue; /* quoted logs, code, single tokens */
		line = talloc_strndup(R->tmp, l, n);
		/* (links, and the stable queue's notice, which is not the
		 * commit message's) */
		if (!line || strstr(line, "://") || strstr(line, "-stable review patch."))
			continue;
		if (pb_text_width(line) > (size_t)R->pf->body_width) {
			if (!first_wide)
				first_wide = l;
			wide++;
		}
	}
	for (const char *l = m->notes ? m->notes : ""; *l && !note; l = next_line(l)) {
		size_t n = strcspn(l, "\n");
		if (n && !diffstat_line(l, n))
			note = l;
	}
	if (lines == 0 && note) {
		if ((rc = _pb_check_add(R, PB_CHECK_BODY_BELOW_CUT, -1, idx, m->msgid, note, 0,
					"the description is below --- (git am drops it) and the body above is empty")))
			return rc;
	} else if (lines <= 1 && changed > (unsigned)R->pf->body_lines) {
		if ((rc = _pb_check_add(R, PB_CHECK_BODY_MISSING, -1, idx, m->msgid, lines ? body : P->rec->subject, 0,
					"%s body for %u changed lines", lines ? "a one-line" : "no", changed)))
			return rc;
	}
	if (wide && (rc = _pb_check_add(R, PB_CHECK_BODY_WIDTH, -1, idx, m->msgid, first_wide, 0,
					"%zu body line%s over %d columns", wide, wide == 1 ? "" : "s",
					R->pf->body_width)))
		return rc;
	return PB_OK;
}

/* Whitespace-only hunks beside hunks that change code. */
static int check_whitespace(_pb_check_run_t *R, const _pb_check_patch_t *P)
{
	git_diff *d = NULL;
	size_t nd, ws = 0, code = 0;
	char *quote = NULL;
	int rc = PB_OK;
	if (!P->mail->diff || _pb_interdiff_parse(R->tmp, &d, P->mail->diff, NULL))
		return PB_OK;
	nd = git_diff_num_deltas(d);
	for (size_t i = 0; i < nd; i++) {
		git_patch *p = NULL;
		if (git_patch_from_diff(&p, d, i) < 0)
			continue;
		for (size_t h = 0; h < git_patch_num_hunks(p); h++) {
			char *old = talloc_strdup(R->tmp, ""), *new = talloc_strdup(R->tmp, "");
			const char *first = NULL;
			size_t firstn = 0;
			int nl = git_patch_num_lines_in_hunk(p, h);
			for (int k = 0; k < nl && old && new; k++) {
				const git_diff_line *l;
				char **acc;
				if (git_patch_get_line_in_hunk(&l, p, h, (size_t)k) < 0)
					break;
				if (l->origin == GIT_DIFF_LINE_ADDITION)
					acc = &new;
				else if (l->origin == GIT_DIFF_LINE_DELETION)
					acc = &old;
				else
					continue;
				if (!first) {
					first = l->content;
					firstn = strcspn(l->content, "\n");
					if (firstn > l->content_len)
						firstn = l->content_len;
				}
				for (size_t c = 0; c < l->content_len && *acc; c++)
					if (!isspace((unsigned char)l->content[c]))
						*acc = talloc_strndup_append_buffer(*acc, &l->content[c], 1);
			}
			if (!old || !new) {
				rc = PB_ERR_NOMEM;
				break;
			}
			if (first && strcmp(old, new) == 0) {
				ws++;
				if (!quote)
					quote = talloc_asprintf(R->tmp, "%c%.*s", *old || *new ? '-' : '+', (int)firstn, first);
			} else if (first) {
				code++;
			}
		}
		git_patch_free(p);
	}
	git_diff_free(d);
	if (!rc && ws && code)
		rc = _pb_check_add(R, PB_CHECK_WHITESPACE_MIXED, -1, P->p->index, P->rec->msgid, quote, 0,
				   "%zu whitespace-only hunk%s mixed with %zu hunk%s that change code", ws,
				   ws == 1 ? "" : "s", code, code == 1 ? "" : "s");
	return rc;
}

int _pb_check_patch(_pb_check_run_t *R, const _pb_check_patch_t *P)
{
	unsigned changed = P->rec->added + P->rec->removed;
	int rc;
	if ((rc = check_shortlog(R, P)) || (rc = check_trailers(R, P)))
		return rc;
	if (changed > (unsigned)R->pf->patch_lines &&
	    (rc = _pb_check_add(R, PB_CHECK_PATCH_SIZE, -1, P->p->index, P->rec->msgid, P->rec->subject, 0,
				"%u changed lines (more than %d: hard to review in an hour)", changed,
				R->pf->patch_lines)))
		return rc;
	if (!P->mail)
		return PB_OK;
	if ((rc = check_body(R, P)))
		return rc;
	if (R->pf->enabled[PB_CHECK_WHITESPACE_MIXED] && (rc = check_whitespace(R, P)))
		return rc;
	if (R->pf->enabled[PB_CHECK_CHECKPATCH] && R->repo && (rc = _pb_check_checkpatch(R, P)))
		return rc;
	return PB_OK;
}
