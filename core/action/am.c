/* am.c: git-am-ready mail with collected trailers. */
#include <ctype.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "patchbay/am.h"
#include "patchbay/mbox.h"
#include "core/base/util.h"

/* A number of a patch list at *P: digits only (no sign), from 1 to
 * INT_MAX, into *OUT, with the blanks around it; *P moves past them.
 * False when there is none. */
static bool spec_number(const char **p, long *out)
{
	const char *s = *p;
	long v = 0;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!isdigit((unsigned char)*s))
		return false;
	for (; isdigit((unsigned char)*s); s++)
		if ((v = v * 10 + (*s - '0')) > INT_MAX)
			return false;
	if (v < 1)
		return false;
	while (*s == ' ' || *s == '\t')
		s++;
	*p = s;
	*out = v;
	return true;
}

pb_am_selection_t pb_am_selected(const char *spec, int index)
{
	bool chosen = false;
	if (!spec)
		return PB_AM_SELECTED;
	/* the whole list is read, whichever item chooses INDEX: a list with
	 * junk after the item that chooses it is as bad as any other */
	for (const char *p = spec;; p++) {
		long a, b;
		if (!spec_number(&p, &a))
			return PB_AM_SPEC_BAD;
		b = a;
		if (*p == '-') {
			p++;
			if (!spec_number(&p, &b) || b < a)
				return PB_AM_SPEC_BAD;
		}
		if (index >= a && index <= b)
			chosen = true;
		if (!*p)
			break;
		if (*p != ',')
			return PB_AM_SPEC_BAD;
	}
	return chosen ? PB_AM_SELECTED : PB_AM_NOT_SELECTED;
}

struct line {
	char *text;        /* the whole line(s), as written or formatted */
	const char *name;  /* trailer name */
	const char *email; /* person e-mail, or NULL */
	bool mine;
};

/* Position of NAME in a comma-separated glob ORDER list ("*" matches all). */
static int order_rank(TALLOC_CTX *ctx, const char *order, const char *name)
{
	int rank = 0;
	char *copy = talloc_strdup(ctx, order), *save = NULL;
	int found = 1000;
	if (!copy)
		return found;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save), rank++) {
		while (*tok == ' ')
			tok++;
		if (fnmatch(tok, name, FNM_CASEFOLD) == 0) {
			found = rank;
			break;
		}
	}
	talloc_free(copy);
	return found;
}

/* b4's order for Cc trailers: domain, then local part */
static int cmp_domain_local(const void *a, const void *b)
{
	const pb_person_t *x = a, *y = b;
	const char *ax = strchr(x->email, '@'), *ay = strchr(y->email, '@');
	int c;
	if (!ax || !ay)
		return strcmp(x->email, y->email);
	c = strcmp(ax + 1, ay + 1);
	if (c)
		return c;
	return strncmp(x->email, y->email, (size_t)(ax - x->email) + 1);
}

static bool in_addr_list(const char *list, const char *email)
{
	size_t n;
	if (!list || !email || !*email)
		return false;
	n = strlen(email);
	for (const char *p = list; (p = strcasestr(p, email)); p += n) {
		bool left = p == list || p[-1] == ',' || p[-1] == ' ';
		bool right = p[n] == '\0' || p[n] == ',' || p[n] == ' ';
		if (left && right)
			return true;
	}
	return false;
}

static char *link_trailer(TALLOC_CTX *ctx, const char *mask, const char *msgid)
{
	const char *colon = strchr(mask, ':');
	const char *pct = strstr(mask, "%s");
	bool whole = colon && pct && colon < pct && colon[1] == ' ' && !strstr(mask, "://");
	char *v;
	if (!pct)
		return talloc_asprintf(ctx, "Link: %s", mask);
	v = talloc_asprintf(ctx, "%.*s%s%s", (int)(pct - mask), mask, msgid, pct + 2);
	if (!v || whole)
		return v;
	return talloc_asprintf(ctx, "Link: %s", v);
}

/* Split MESSAGE into text and its trailer block (last paragraph that starts
 * with a trailer). Returns the offset where the block starts (strlen when
 * there is none). */
static size_t trailer_block_start(TALLOC_CTX *ctx, const char *message)
{
	size_t len = strlen(message), start;
	pb_trailer_list_t tl = {0};
	void *tmp;
	size_t e = len;
	while (e > 0 && (message[e - 1] == '\n' || message[e - 1] == ' '))
		e--;
	start = e;
	while (start > 0 && !(start >= 2 && message[start - 1] == '\n' && message[start - 2] == '\n'))
		start--;
	tmp = talloc_new(ctx);
	pb_trailer_parse_message(tmp, &tl, message + start);
	talloc_free(tmp);
	return tl.n ? start : len;
}

pb_status_t pb_am_trailer_lines(TALLOC_CTX *mem_ctx, char ***out, size_t *n_out, const pb_patch_t *p,
				const pb_mail_t *m, const pb_am_opts_t *o)
{
	void *tmp = talloc_new(mem_ctx);
	const char *msg = m->message ? m->message : "";
	size_t bs = trailer_block_start(tmp, msg), nl = 0, boundary = 0;
	struct line *lines = talloc_array(tmp, struct line, 64);
	size_t cap = 64;
	char **res;
	struct line mysob = {0};
	static const pb_am_opts_t none = {0};

	if (!o)
		o = &none;
	if (!tmp || !lines)
		goto oom;
#define PUSH(L)                                                                                  \
	do {                                                                                     \
		if (nl == cap) {                                                                 \
			cap *= 2;                                                                \
			lines = talloc_realloc(tmp, lines, struct line, cap);                    \
			if (!lines)                                                              \
				goto oom;                                                        \
		}                                                                                \
		lines[nl++] = (L);                                                               \
	} while (0)

	/* existing lines, verbatim; "[for foo]" lines stay with their trailer */
	for (const char *l = msg + bs; *l;) {
		const char *e = strchr(l, '\n');
		size_t len = e ? (size_t)(e - l) : strlen(l);
		pb_trailer_list_t one = {0};
		struct line ln = {0};
		char *text = talloc_strndup(tmp, l, len);
		if (!text)
			goto oom;
		l = e ? e + 1 : l + len;
		if (!len)
			continue;
		pb_trailer_parse_message(tmp, &one, text);
		if (!one.n && nl > 0) {
			lines[nl - 1].text = talloc_asprintf(tmp, "%s\n%s", lines[nl - 1].text, text);
			continue;
		}
		ln.text = text;
		ln.name = one.n ? one.v[0].name : "";
		ln.email = one.n && (one.v[0].flags & PB_TRAILER_PERSON) ? one.v[0].person.email : NULL;
		if (o->signoff && one.n && strcasecmp(ln.name, "Signed-off-by") == 0 && ln.email &&
		    strcasecmp(ln.email, o->signoff->email) == 0) {
			ln.mine = true;
			mysob = ln;
			continue; /* re-added at the end */
		}
		PUSH(ln);
	}
	for (size_t i = 0; i < nl; i++)
		if (strcasecmp(lines[i].name, "Signed-off-by") == 0)
			boundary = i + 1;
	if (!o->no_add) {
		/* collected trailers, then carried, then Cc, then Link */
		const pb_trailer_list_t *lists[2] = {&p->trailers, o->carried ? &p->carried : NULL};
		for (int li = 0; li < 2; li++) {
			if (!lists[li])
				continue;
			for (size_t i = 0; i < lists[li]->n; i++) {
				const pb_trailer_t *t = &lists[li]->v[i];
				struct line ln = {0};
				if ((t->flags & PB_TRAILER_MISMATCH) && !o->sloppy)
					continue;
				if (o->ignore_from && t->person.email && in_addr_list(o->ignore_from, t->person.email))
					continue;
				ln.text = pb_trailer_format(tmp, t);
				ln.name = t->name;
				ln.email = t->person.email;
				if (!ln.text)
					goto oom;
				PUSH(ln);
			}
		}
		if (o->cc) {
			/* b4 --copy-ccs: every To/Cc address not named by a trailer
			 * yet, sorted by domain, then local part */
			char *all = talloc_asprintf(tmp, "%s%s%s", m->to ? m->to : "",
						    m->to && *m->to && m->cc && *m->cc ? ", " : "", m->cc ? m->cc : "");
			pb_person_t *cc = NULL;
			size_t ncc = 0;
			char *save = NULL;
			for (char *tok = all ? strtok_r(all, ",", &save) : NULL; tok; tok = strtok_r(NULL, ",", &save)) {
				pb_person_t pp;
				if (pb_person_parse(tmp, &pp, tok) || !*pp.email)
					continue;
				cc = talloc_realloc(tmp, cc, pb_person_t, ncc + 1);
				if (!cc)
					goto oom;
				cc[ncc++] = pp;
			}
			if (ncc > 1)
				qsort(cc, ncc, sizeof(*cc), cmp_domain_local);
			for (size_t k = 0; k < ncc; k++) {
				struct line ln = {0};
				bool dup = false;
				for (size_t i = 0; i < nl; i++)
					if (lines[i].email && strcasecmp(lines[i].email, cc[k].email) == 0)
						dup = true;
				if (dup)
					continue;
				ln.text = talloc_asprintf(tmp, "Cc: %s", pb_person_format(tmp, &cc[k]));
				ln.name = "Cc";
				ln.email = cc[k].email;
				if (!ln.text)
					goto oom;
				PUSH(ln);
			}
		}
		for (size_t k = 0; o->extra && o->extra[k]; k++) {
			pb_trailer_list_t one = {0};
			struct line ln = {0};
			bool dup = false;
			if (pb_trailer_parse_message(tmp, &one, o->extra[k]) || one.n != 1)
				continue; /* the CLI rejects malformed ones before */
			ln.text = pb_trailer_format(tmp, &one.v[0]);
			ln.name = one.v[0].name;
			ln.email = one.v[0].person.email;
			for (size_t i = 0; i < nl; i++)
				if (strcasecmp(lines[i].text, ln.text) == 0)
					dup = true;
			if (!dup)
				PUSH(ln);
		}
		if (o->linkmask && *o->linkmask) {
			struct line ln = {0};
			ln.text = link_trailer(tmp, o->linkmask, p->rec->msgid);
			if (!ln.text)
				goto oom;
			ln.name = "Link";
			{
				const char *c = strchr(ln.text, ':');
				ln.name = talloc_strndup(tmp, ln.text, c ? (size_t)(c - ln.text) : 4);
			}
			bool dup = false;
			for (size_t i = 0; i < nl; i++)
				if (strcasecmp(lines[i].text, ln.text) == 0)
					dup = true;
			if (!dup)
				PUSH(ln);
		}
		if (o->trailer_order && *o->trailer_order && nl > boundary) {
			/* stable insertion sort of the movable part */
			for (size_t i = boundary + 1; i < nl; i++) {
				struct line cur = lines[i];
				int rk = order_rank(tmp, o->trailer_order, cur.name);
				size_t j = i;
				while (j > boundary && order_rank(tmp, o->trailer_order, lines[j - 1].name) > rk) {
					lines[j] = lines[j - 1];
					j--;
				}
				lines[j] = cur;
			}
		}
		if (o->signoff) {
			struct line ln = {0};
			ln.text = mysob.text ? mysob.text
					     : talloc_asprintf(tmp, "Signed-off-by: %s", pb_person_format(tmp, o->signoff));
			if (!ln.text)
				goto oom;
			ln.name = "Signed-off-by";
			PUSH(ln);
		}
	} else if (mysob.text) {
		PUSH(mysob);
	}
#undef PUSH
	res = talloc_array(mem_ctx, char *, nl ? nl : 1);
	if (!res)
		goto oom;
	for (size_t i = 0; i < nl; i++)
		if (!(res[i] = talloc_strdup(res, lines[i].text))) {
			talloc_free(res);
			goto oom;
		}
	*out = res;
	*n_out = nl;
	talloc_free(tmp);
	return PB_OK;
oom:
	talloc_free(tmp);
	return PB_ERR_NOMEM;
}

pb_status_t pb_am_report(TALLOC_CTX *mem_ctx, pb_am_report_t *out, const pb_patch_t *p, const pb_mail_t *m,
			 const pb_am_opts_t *opts)
{
	static const pb_am_opts_t none = {0};
	pb_am_opts_t posted;
	void *tmp = talloc_new(mem_ctx);
	char **all, **was;
	size_t n_all, n_was;
	const pb_am_opts_t *o = opts ? opts : &none;

	memset(out, 0, sizeof(*out));
	out->patch = p;
	if (!tmp)
		return PB_ERR_NOMEM;
	/* what the patch was posted with: the block as am keeps it, nothing
	 * added (with the same Signed-off-by, which stays or goes last) */
	posted = *o;
	posted.no_add = true;
	if (pb_am_trailer_lines(tmp, &all, &n_all, p, m, o) || pb_am_trailer_lines(tmp, &was, &n_was, p, m, &posted))
		goto oom;
	out->added = talloc_array(mem_ctx, char *, n_all ? n_all : 1);
	out->left = talloc_array(mem_ctx, pb_trailer_t, p->trailers.n + p->carried.n + 1);
	if (!out->added || !out->left)
		goto oom;
	for (size_t i = 0; i < n_all; i++) {
		bool old = false;
		for (size_t k = 0; k < n_was && !old; k++)
			old = strcmp(all[i], was[k]) == 0;
		if (!old)
			out->added[out->n_added++] = talloc_steal(out->added, all[i]);
	}
	if (!o->no_add) {
		for (size_t i = 0; i < p->trailers.n; i++)
			if ((p->trailers.v[i].flags & PB_TRAILER_MISMATCH) && !o->sloppy)
				out->left[out->n_left++] = p->trailers.v[i];
		for (size_t i = 0; !o->carried && i < p->carried.n; i++)
			out->left[out->n_left++] = p->carried.v[i];
	}
	talloc_free(tmp);
	return PB_OK;
oom:
	TALLOC_FREE(out->added);
	TALLOC_FREE(out->left);
	out->n_added = out->n_left = 0;
	talloc_free(tmp);
	return PB_ERR_NOMEM;
}

/* Commit message body (without the title) with the new trailer block. */
static char *body_with_trailers(TALLOC_CTX *ctx, const pb_patch_t *p, const pb_mail_t *m,
				const pb_am_opts_t *o)
{
	const char *msg = m->message ? m->message : "";
	size_t bs = trailer_block_start(ctx, msg), tl;
	char **lines;
	size_t n;
	char *out;
	if (pb_am_trailer_lines(ctx, &lines, &n, p, m, o))
		return NULL;
	tl = bs;
	while (tl > 0 && (msg[tl - 1] == '\n' || msg[tl - 1] == ' '))
		tl--;
	out = talloc_asprintf(ctx, "%.*s", (int)tl, msg);
	if (out && tl > 0 && n > 0)
		out = talloc_strdup_append(out, "\n\n");
	else if (out && tl > 0)
		out = talloc_strdup_append(out, "\n");
	for (size_t i = 0; out && i < n; i++)
		out = talloc_asprintf_append(out, "%s\n", lines[i]);
	talloc_free(lines);
	return out;
}

pb_status_t pb_am_commit_message(TALLOC_CTX *mem_ctx, char **out, const pb_patch_t *p, const pb_mail_t *m,
				 const pb_am_opts_t *o)
{
	char *body = body_with_trailers(mem_ctx, p, m, o);
	if (!body)
		return PB_ERR_NOMEM;
	*out = talloc_asprintf(mem_ctx, "%s\n%s%s", p->rec->title, *body ? "\n" : "", body);
	talloc_free(body);
	return *out ? PB_OK : PB_ERR_NOMEM;
}

static bool is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

pb_status_t pb_am_patch_mail(TALLOC_CTX *mem_ctx, char **out, const pb_patch_t *p, const pb_mail_t *m,
			     const pb_am_opts_t *o)
{
	void *tmp = talloc_new(mem_ctx);
	const pb_version_t *v = p->version;
	char *body, *subj, *mail, *rest = NULL, *from;
	size_t dlen;
	long doff;
	int total = v->total > 0 ? v->total : (int)v->n_patches;
	const char *notes = m->notes ? m->notes : "";
	bool notes_blank = true;

	if (!tmp)
		return PB_ERR_NOMEM;
	body = body_with_trailers(tmp, p, m, o);
	if (v->version > 1 && total > 1)
		subj = talloc_asprintf(tmp, "[PATCH v%d %d/%d] %s", v->version, p->index, total, p->rec->title);
	else if (v->version > 1)
		subj = talloc_asprintf(tmp, "[PATCH v%d] %s", v->version, p->rec->title);
	else if (total > 1)
		subj = talloc_asprintf(tmp, "[PATCH %d/%d] %s", p->index, total, p->rec->title);
	else
		subj = talloc_asprintf(tmp, "[PATCH] %s", p->rec->title);
	from = pb_person_format(tmp, &m->author);
	doff = m->body ? pb_diff_locate(m->body, &dlen, NULL) : -1;
	if (doff >= 0)
		rest = m->body + doff;
	for (const char *c = notes; *c; c++)
		if (*c != '\n' && *c != ' ')
			notes_blank = false;
	if (!body || !subj || !from)
		goto oom;
	mail = talloc_asprintf(tmp,
			       "Subject: %s\nFrom: %s\nDate: %s\nMessage-Id: <%s>\nMIME-Version: 1.0\n"
			       "Content-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: %s\n\n"
			       "%s%s",
			       subj, from, m->date_hdr && *m->date_hdr ? m->date_hdr : "Thu, 1 Jan 1970 00:00:00 +0000",
			       m->msgid, "8bit", body, notes_blank ? "\n" : "---\n");
	if (mail && !notes_blank)
		mail = talloc_strdup_append(mail, notes);
	if (mail && rest)
		mail = talloc_strdup_append(mail, rest);
	if (!mail)
		goto oom;
	if (is_ascii(mail)) {
		char *cte = strstr(mail, "Content-Transfer-Encoding: 8bit");
		if (cte)
			memcpy(cte + 27, "7bit", 4);
	}
	*out = talloc_steal(mem_ctx, mail);
	talloc_free(tmp);
	return PB_OK;
oom:
	talloc_free(tmp);
	return PB_ERR_NOMEM;
}

pb_status_t pb_am_mbox_report(TALLOC_CTX *mem_ctx, char **out, pb_am_report_t **reports, size_t *n_out,
			      pb_index_t *idx, const pb_series_t *s, const pb_am_opts_t *o, pb_error_t *err)
{
	const pb_version_t *v = o && o->version ? pb_series_version(s, o->version) : pb_series_latest(s);
	pb_am_report_t *rep = NULL;
	char *buf = NULL;
	size_t n = 0;
	void *tmp;
	int rc = PB_OK;

	if (!v)
		return pb_error_set(err, PB_ERR_NOTFOUND, "series has no version %d", o ? o->version : 0);
	if (o && pb_am_selected(o->patches, 1) == PB_AM_SPEC_BAD)
		return pb_error_set(err, PB_ERR_USAGE, "bad patch list '%s' (use e.g. 1,3-5)", o->patches);
	if (v->n_patches == 0)
		return pb_error_set(err, PB_ERR_NOTFOUND, "version %d of this series has no patches%s", v->version,
				    (v->flags & PB_VER_PULL) ? " (it is a pull request)" : "");
	tmp = talloc_new(mem_ctx);
	buf = tmp ? talloc_strdup(tmp, "") : NULL;
	if (reports && buf)
		rep = talloc_zero_array(tmp, pb_am_report_t, v->n_patches);
	if (!buf || (reports && !rep)) {
		talloc_free(tmp);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < v->n_patches; i++) {
		const pb_patch_t *p = v->patches[i];
		pb_mail_t *m;
		char *one;
		if (o && pb_am_selected(o->patches, p->index) != PB_AM_SELECTED)
			continue;
		if ((rc = pb_index_load_mail(idx, tmp, p->rec, &m, err)))
			goto out;
		if (pb_am_patch_mail(tmp, &one, p, m, o) || pb_mbox_append_rd(tmp, &buf, one) ||
		    (rep && pb_am_report(rep, &rep[n], p, m, o))) {
			rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
			goto out;
		}
		n++;
	}
	*out = talloc_steal(mem_ctx, buf);
	if (reports)
		*reports = talloc_steal(mem_ctx, rep);
	if (n_out)
		*n_out = n;
out:
	talloc_free(tmp);
	return rc;
}

pb_status_t pb_am_mbox(TALLOC_CTX *mem_ctx, char **out, size_t *n_out, pb_index_t *idx, const pb_series_t *s,
		       const pb_am_opts_t *o, pb_error_t *err)
{
	return pb_am_mbox_report(mem_ctx, out, NULL, n_out, idx, s, o, err);
}
