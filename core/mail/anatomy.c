/* anatomy.c: the parts of a patch mail's text, as git mailinfo sees them:
 * in-body From:/Subject:/Date: headers, the commit message up to "---", the
 * notes below it (diffstat, changelog), the diff (its end found by hunk line
 * counts, so list footers and signatures stay out), pull request URLs. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "patchbay/mail.h"
#include "core/mail/diff_scan.h"
#include "core/base/util.h"

/* ---- diff anatomy ---------------------------------------------------- */

static bool starts(const char *l, const char *p)
{
	while (*p)
		if (*l++ != *p++)
			return false;
	return true;
}

static const char *next_line(const char *p)
{
	const char *nl = strchr(p, '\n');
	return nl ? nl + 1 : p + strlen(p);
}

/* As pb_diff_locate; *pad gets the number of empty context lines missing
 * at the very end (a MIME boundary takes the last line break of a part, so
 * a trailing empty context line can vanish). */
static long diff_scan(const char *text, size_t *len, unsigned *flags, long *pad)
{
	const char *p = text, *start = NULL, *end;
	long old_n = 0, new_n = 0;
	enum { HDR, HUNK, BIN } st = HDR;
	bool any_file = false;

	if (!(start = _pb_diff_start(text)))
		return -1;
	p = start;
	end = start;
	while (*p) {
		const char *nl = next_line(p);
		if (st == HUNK) {
			char c = *p;
			if (c == ' ' || c == '\n' || (c == '\r' && p[1] == '\n')) {
				old_n--;
				new_n--;
			} else if (c == '-') {
				old_n--;
			} else if (c == '+') {
				new_n--;
			} else if (c == '\\') {
				/* "\ No newline at end of file" */
			} else {
				break; /* truncated hunk: stop here */
			}
			end = nl;
			if (old_n <= 0 && new_n <= 0) {
				st = HDR;
				/* a no-newline marker may follow the last line */
				if (*nl == '\\') {
					end = next_line(nl);
					nl = end;
				}
			}
			p = nl;
			continue;
		}
		if (st == BIN) {
			if (*p == '\n') {
				/* blank line ends a literal/delta block */
				end = nl;
				if (_pb_diff_meta(nl, SIZE_MAX) == _PB_META_BINARY_DATA) {
					p = nl;
					continue;
				}
				st = HDR;
				p = nl;
				continue;
			}
			end = nl;
			p = nl;
			continue;
		}
		/* HDR */
		if (_pb_diff_hunk(p, SIZE_MAX, &old_n, &new_n) != _PB_HUNK_NONE) {
			st = (old_n > 0 || new_n > 0) ? HUNK : HDR;
			end = nl;
			p = nl;
			continue;
		}
		if (starts(p, "GIT binary patch")) {
			if (flags)
				*flags |= PB_MAIL_BINARY_DIFF;
			st = BIN;
			end = nl;
			p = nl;
			continue;
		}
		/* file headers of every shape, and a binary patch's blocks */
		if (_pb_diff_meta(p, SIZE_MAX) != _PB_META_NONE) {
			if (starts(p, "diff ") || starts(p, "--- ") || starts(p, "Index: "))
				any_file = true;
			if (starts(p, "Binary files ") && flags)
				*flags |= PB_MAIL_BINARY_DIFF;
			end = nl;
			p = nl;
			continue;
		}
		/* git's combined-diff style "@@@" or junk: stop */
		break;
	}
	if (!any_file)
		return -1;
	if (pad)
		*pad = (st == HUNK && !*p && old_n == new_n && old_n > 0 && old_n <= 3) ? old_n : 0;
	*len = (size_t)(end - start);
	return (long)(start - text);
}

long pb_diff_locate(const char *text, size_t *len, unsigned *flags)
{
	return diff_scan(text, len, flags, NULL);
}

/* An in-body header line "Name: value" of the first paragraph. */
static bool inbody_header(const char *l, const char *name, size_t *vstart)
{
	size_t n = strlen(name);
	if (strncasecmp(l, name, n) != 0 || l[n] != ':')
		return false;
	*vstart = n + 1;
	while (l[*vstart] == ' ' || l[*vstart] == '\t')
		(*vstart)++;
	return true;
}

static char *line_dup(TALLOC_CTX *ctx, const char *l)
{
	const char *e = strchr(l, '\n');
	return talloc_strndup(ctx, l, e ? (size_t)(e - l) : strlen(l));
}

static char *trim_blank_lines(TALLOC_CTX *ctx, const char *s, size_t n)
{
	/* drop leading and trailing blank lines, keep inner text as is */
	while (n > 0 && (*s == '\n')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t')) {
		n--;
	}
	return talloc_asprintf(ctx, "%.*s%s", (int)n, s, n ? "\n" : "");
}

/* "git request-pull" text: the URL (and branch) after "are available in
 * the Git repository at:", the branch possibly wrapped to the next line. */
static void find_pull(pb_mail_t *m, const char *body)
{
	const char *a = strstr(body, "The following changes since commit");
	const char *b, *e;
	char *url;
	if (!a)
		return;
	b = strcasestr(a, "are available in the git repository at");
	if (!b)
		b = strcasestr(a, "are available in the git repository:");
	if (!b)
		return;
	m->flags |= PB_MAIL_PULL;
	b = next_line(b);
	/* skip blank lines (blanks only) */
	for (;;) {
		const char *q = b;
		while (*q == ' ' || *q == '\t' || *q == '\r')
			q++;
		if (*q != '\n')
			break;
		b = q + 1;
	}
	while (*b == ' ' || *b == '\t')
		b++;
	e = strchr(b, '\n');
	url = talloc_strndup(m, b, e ? (size_t)(e - b) : strlen(b));
	if (!url)
		return;
	_pb_str_collapse_ws(url);
	if (!strchr(url, ' ') && e) {
		/* "URL\nbranch": a lone ref name on the next line */
		const char *n = e + 1, *ne = strchr(n, '\n');
		size_t len = ne ? (size_t)(ne - n) : strlen(n);
		bool ref = len > 0;
		while (len > 0 && (n[len - 1] == ' ' || n[len - 1] == '\r'))
			len--;
		for (size_t i = 0; i < len && ref; i++)
			if (!(isalnum((unsigned char)n[i]) || strchr("/._-", n[i])))
				ref = false;
		if (ref && len)
			url = talloc_asprintf_append(url, " %.*s", (int)len, n);
	}
	m->pull_url = url;
}

pb_status_t pb_mail_split_body(pb_mail_t *m, const char *body)
{
	const char *p = body, *msg_start, *msg_end, *notes_end;
	size_t dlen = 0;
	long doff, pad = 0;
	unsigned dflags = 0;

	/* in-body headers: first paragraph of From:/Subject:/Date: lines */
	while (*p == '\n')
		p++;
	{
		const char *q = p;
		char *from = NULL, *subj = NULL, *date = NULL;
		size_t vs;
		bool any = false;
		if (strncmp(q, "[PATCH] ", 8) == 0 || strncmp(q, "[PATCH]\t", 8) == 0) {
			/* git mailinfo: a first body line "[PATCH] title" is the subject */
			subj = line_dup(m, q + 8);
			q = next_line(q);
			any = true;
		}
		for (;;) {
			if (inbody_header(q, "From", &vs)) {
				from = line_dup(m, q + vs);
				while (q = next_line(q), *q == ' ' || *q == '\t') {
					char *cont = line_dup(m, q);
					from = talloc_asprintf_append(from, " %s", cont);
					talloc_free(cont);
				}
				any = true;
				continue;
			} else if (inbody_header(q, "Subject", &vs)) {
				subj = line_dup(m, q + vs);
				/* folded continuation lines */
				while (q = next_line(q), *q == ' ' || *q == '\t') {
					char *cont = line_dup(m, q);
					subj = talloc_asprintf_append(subj, " %s", cont);
					talloc_free(cont);
				}
				any = true;
				continue;
			} else if (inbody_header(q, "Date", &vs)) {
				date = line_dup(m, q + vs);
			} else {
				break;
			}
			any = true;
			q = next_line(q);
		}
		if (any && (*q == '\n' || *q == '\0')) {
			if (from && *from) {
				pb_person_t who;
				if (pb_person_parse(m, &who, from) == PB_OK && *who.email) {
					m->author = who;
					m->flags |= PB_MAIL_INBODY_FROM;
				}
			}
			if (subj && *subj) {
				_pb_str_collapse_ws(subj);
				m->inbody_subject = subj;
				m->flags |= PB_MAIL_INBODY_SUBJECT;
			}
			if (date)
				m->inbody_date = date;
			p = q;
			while (*p == '\n')
				p++;
		}
	}
	msg_start = p;
	doff = diff_scan(body, &dlen, &dflags, &pad);
	notes_end = doff >= 0 ? body + doff : body + strlen(body);
	if (doff >= 0 && body + doff < msg_start)
		notes_end = msg_start;
	/* the message ends at the first "---" line (or the diff) */
	msg_end = notes_end;
	for (const char *l = msg_start; *l && l < notes_end; l = next_line(l)) {
		if (l[0] == '-' && l[1] == '-' && l[2] == '-' &&
		    (l[3] == '\n' || l[3] == ' ' || l[3] == '\t' || l[3] == '\r' || l[3] == '\0')) {
			msg_end = l;
			break;
		}
		if (l[0] == '-' && l[1] == '-' && l[2] == ' ' && (l[3] == '\n' || l[3] == '\0')) {
			/* a signature before any --- ends the message */
			msg_end = l;
			break;
		}
	}
	m->message = trim_blank_lines(m, msg_start, (size_t)(msg_end - msg_start));
	if (msg_end < notes_end) {
		const char *ns = next_line(msg_end);
		if (ns > notes_end)
			ns = notes_end;
		m->notes = talloc_strndup(m, ns, (size_t)(notes_end - ns));
		if (strstr(m->notes, " changed, ") || strstr(m->notes, " changed\n") ||
		    strstr(m->notes, " insertion") || strstr(m->notes, " deletion"))
			m->flags |= PB_MAIL_HAS_DIFFSTAT;
	} else {
		m->notes = talloc_strdup(m, "");
	}
	if (doff >= 0) {
		m->diff = talloc_strndup(m, body + doff, dlen);
		if (m->diff && dlen && m->diff[dlen - 1] != '\n')
			m->diff = talloc_strdup_append(m->diff, "\n");
		for (long i = 0; i < pad && m->diff; i++)
			m->diff = talloc_strdup_append(m->diff, " \n");
		m->flags |= PB_MAIL_HAS_DIFF | dflags;
	} else {
		m->diff = NULL;
	}
	find_pull(m, body);
	if (!m->message || !m->notes || (doff >= 0 && !m->diff))
		return PB_ERR_NOMEM;
	return PB_OK;
}

