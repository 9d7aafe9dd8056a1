/* demo_mail.c: messages of the demo as a list delivers them: headers (RFC
 * 2047 words, folding, list rewriting of the sender), 8bit, quoted-printable
 * or base64 bodies, reply quoting, files in the maildir. Nothing depends on
 * the locale or the clock. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "demogen/demo_priv.h"
#include "core/base/util.h"

static const char *const wdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static void local_tm(int64_t t, int tz, struct tm *tm)
{
	time_t lt = (time_t)(t + (int64_t)tz * 60);
	gmtime_r(&lt, tm);
}

char *_pb_demo_date(TALLOC_CTX *mem_ctx, int64_t t, int tz)
{
	struct tm tm;
	int a = tz < 0 ? -tz : tz;
	local_tm(t, tz, &tm);
	return talloc_asprintf(mem_ctx, "%s, %d %s %04d %02d:%02d:%02d %c%02d%02d", wdays[tm.tm_wday], tm.tm_mday,
			       months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
			       tz < 0 ? '-' : '+', a / 60, a % 60);
}

char *_pb_demo_date_git(TALLOC_CTX *mem_ctx, int64_t t, int tz)
{
	struct tm tm;
	int a = tz < 0 ? -tz : tz;
	local_tm(t, tz, &tm);
	return talloc_asprintf(mem_ctx, "%04d-%02d-%02d %02d:%02d:%02d %c%02d%02d", tm.tm_year + 1900,
			       tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tz < 0 ? '-' : '+',
			       a / 60, a % 60);
}

/* Must S go into encoded words: 8-bit bytes, control characters, "=?"? */
static bool needs_words(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x80 || *p < 0x20 || *p == 0x7f || (p[0] == '=' && p[1] == '?'))
			return true;
	return false;
}

/* S as RFC 2047 "B" words of at most 45 bytes each (never splitting a
 * UTF-8 character), folded onto lines of their own. */
static char *encoded_words(TALLOC_CTX *ctx, const char *s)
{
	char *out = talloc_strdup(ctx, "");
	size_t len = strlen(s), i = 0;
	while (out && i < len) {
		size_t n = len - i > 45 ? 45 : len - i;
		gchar *b;
		while (n < len - i && n > 1 && ((unsigned char)s[i + n] & 0xc0) == 0x80)
			n--;
		b = g_base64_encode((const guchar *)s + i, n);
		out = talloc_asprintf_append_buffer(out, "%s=?UTF-8?B?%s?=", i ? "\n " : "", b);
		g_free(b);
		i += n;
	}
	return out;
}

char *_pb_demo_addr(TALLOC_CTX *mem_ctx, const char *name, const char *email)
{
	void *tmp;
	char *r;
	if (!name || !*name)
		return talloc_asprintf(mem_ctx, "<%s>", email);
	if (!needs_words(name) && !strpbrk(name, "()<>[]:;@\\,.\""))
		return talloc_asprintf(mem_ctx, "%s <%s>", name, email);
	if (!needs_words(name))
		return talloc_asprintf(mem_ctx, "\"%s\" <%s>", name, email);
	tmp = talloc_new(mem_ctx);
	r = talloc_asprintf(mem_ctx, "%s <%s>", encoded_words(tmp, name), email);
	talloc_free(tmp);
	return r;
}

/* "Name: value" folded at blanks before column 78. */
static char *folded(TALLOC_CTX *ctx, const char *name, const char *value)
{
	char *out = talloc_asprintf(ctx, "%s:", name);
	size_t col = strlen(name) + 1;
	const char *p = value;
	while (out && *p) {
		const char *w = p, *e;
		while (*w == ' ')
			w++;
		e = w;
		while (*e && *e != ' ')
			e++;
		if (col + 1 + (size_t)(e - w) > 78 && col > strlen(name) + 1) {
			out = talloc_asprintf_append_buffer(out, "\n");
			col = 0;
		}
		out = talloc_asprintf_append_buffer(out, " %.*s", (int)(e - w), w);
		col += 1 + (size_t)(e - w);
		p = e;
	}
	return talloc_asprintf_append_buffer(out, "\n");
}

static char *qp_encode(TALLOC_CTX *ctx, const char *s)
{
	GString *o = g_string_sized_new(strlen(s) * 3 / 2 + 16);
	size_t col = 0;
	char *r;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char enc[4];
		bool lit = (*p >= 33 && *p <= 126 && *p != '=') || ((*p == ' ' || *p == '\t') && p[1] != '\n' && p[1]);
		if (*p == '\n') {
			g_string_append_c(o, '\n');
			col = 0;
			continue;
		}
		snprintf(enc, sizeof(enc), lit ? "%c" : "=%02X", *p);
		if (col + strlen(enc) > 75) {
			g_string_append(o, "=\n");
			col = 0;
		}
		g_string_append(o, enc);
		col += strlen(enc);
	}
	r = talloc_strndup(ctx, o->str, o->len);
	g_string_free(o, TRUE);
	return r;
}

static char *b64_encode(TALLOC_CTX *ctx, const char *s)
{
	gchar *b = g_base64_encode((const guchar *)s, strlen(s));
	size_t n = strlen(b);
	char *out = talloc_strdup(ctx, "");
	for (size_t i = 0; out && i < n; i += 76)
		out = talloc_asprintf_append_buffer(out, "%.*s\n", (int)(n - i > 76 ? 76 : n - i), b + i);
	g_free(b);
	return out;
}

static bool eight_bit(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x80)
			return true;
	return false;
}

/* From and the headers that go with it, as the list delivers them. */
static char *sender_headers(TALLOC_CTX *ctx, const _pb_demo_person_t *p)
{
	char *real = _pb_demo_addr(ctx, p->name, p->email);
	if (p->style == PB_DEMO_DMARC) {
		char *via = talloc_asprintf(ctx, "%s via widgetd-devel", p->name);
		char *from = needs_words(via) ? _pb_demo_addr(ctx, via, PB_DEMO_LIST)
					      : talloc_asprintf(ctx, "\"%s\" <%s>", via, PB_DEMO_LIST);
		return talloc_asprintf(ctx, "From: %s\nReply-To: %s\nX-Original-From: %s\n", from, real, real);
	}
	if (p->style == PB_DEMO_B4) {
		char *relay = talloc_asprintf(ctx, "devnull+%s@kernel.org", p->email);
		char *at = relay ? strrchr(relay, '@') : NULL;
		char *via = talloc_asprintf(ctx, "%s via B4 Relay", p->name);
		/* devnull+local.domain@kernel.org */
		for (char *q = relay ? relay + 8 : NULL; q && q < at; q++)
			if (*q == '@')
				*q = '.';
		return talloc_asprintf(ctx,
				       "From: %s\nReply-To: %s\nX-Original-From: %s\n"
				       "X-Endpoint-Received: by B4 Relay for %s/default with auth_id=118\n",
				       _pb_demo_addr(ctx, via, relay), p->email, real, p->email);
	}
	return talloc_asprintf(ctx, "From: %s\n", real);
}

static int write_file(_pb_demo_gen_t *g, const char *text)
{
	char path[4200];
	size_t len = strlen(text);
	int fd;
	snprintf(path, sizeof(path), "%s/cur/%08u.pbdemo:2,", g->maildir, g->seq);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return pb_error_set(g->err, PB_ERR_IO, "%s: %s", path, strerror(errno));
	if (_pb_write_all(fd, text, len) < 0) {
		pb_error_set(g->err, PB_ERR_IO, "%s: %s", path, strerror(errno));
		close(fd);
		return PB_ERR_IO;
	}
	if (close(fd) < 0)
		return pb_error_set(g->err, PB_ERR_IO, "%s: %s", path, strerror(errno));
	g->seq++;
	g->n_messages++;
	return PB_OK;
}

int _pb_demo_mail_write(_pb_demo_gen_t *g, TALLOC_CTX *mem_ctx, _pb_demo_post_t **out,
			const _pb_demo_mail_t *m)
{
	void *tmp = talloc_new(mem_ctx);
	const _pb_demo_post_t *par = m->parent;
	char *h, *body;
	const char *cte;
	int rc;

	if (!tmp)
		return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	h = sender_headers(tmp, m->from);
	h = talloc_asprintf_append_buffer(h, "To: %s\n", m->to ? m->to : PB_DEMO_LIST);
	if (m->cc && *m->cc)
		h = talloc_asprintf_append_buffer(h, "%s", folded(tmp, "Cc", m->cc));
	if (needs_words(m->subject))
		h = talloc_asprintf_append_buffer(h, "Subject: %s\n", encoded_words(tmp, m->subject));
	else
		h = talloc_asprintf_append_buffer(h, "%s", folded(tmp, "Subject", m->subject));
	h = talloc_asprintf_append_buffer(h, "Date: %s\nMessage-ID: <%s>\n", _pb_demo_date(tmp, m->date, m->from->tz),
					  m->msgid);
	if (par) {
		/* References folded, one id a line */
		char *refs = talloc_array(tmp, char, strlen(par->refs) * 2 + 1), *w = refs;
		for (const char *q = par->refs; refs && *q; q++) {
			if (*q == ' ')
				*w++ = '\n';
			*w++ = *q;
		}
		if (refs)
			*w = '\0';
		h = talloc_asprintf_append_buffer(h, "In-Reply-To: <%s>\nReferences: %s\n", par->msgid, refs);
	}
	if (m->mailer)
		h = talloc_asprintf_append_buffer(h, "X-Mailer: %s\n", m->mailer);
	if (m->enc == PB_DEMO_ENC_B64) {
		cte = "base64";
		body = b64_encode(tmp, m->body);
	} else if (m->enc == PB_DEMO_ENC_QP) {
		cte = "quoted-printable";
		body = qp_encode(tmp, m->body);
	} else {
		cte = eight_bit(m->body) ? "8bit" : "7bit";
		body = talloc_strdup(tmp, m->body);
	}
	h = talloc_asprintf_append_buffer(h,
					  "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
					  "Content-Transfer-Encoding: %s\nList-Id: %s\n\n%s",
					  cte, PB_DEMO_LIST_ID, body ? body : "");
	if (!h || !body) {
		talloc_free(tmp);
		return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	}
	if ((rc = write_file(g, h))) {
		talloc_free(tmp);
		return rc;
	}
	if (out) {
		_pb_demo_post_t *p = talloc_zero(mem_ctx, _pb_demo_post_t);
		if (!p || !(p->msgid = talloc_strdup(p, m->msgid)) || !(p->subject = talloc_strdup(p, m->subject)) ||
		    !(p->body = talloc_strdup(p, m->body)) ||
		    !(p->refs = par ? talloc_asprintf(p, "%s <%s>", par->refs, m->msgid)
				    : talloc_asprintf(p, "<%s>", m->msgid))) {
			talloc_free(p);
			talloc_free(tmp);
			return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
		}
		p->from = m->from;
		p->date = m->date;
		*out = p;
	}
	talloc_free(tmp);
	return PB_OK;
}

char *_pb_demo_re(TALLOC_CTX *mem_ctx, const _pb_demo_post_t *parent)
{
	const char *s = parent->subject;
	while (strncmp(s, "Re: ", 4) == 0)
		s += 4;
	return talloc_asprintf(mem_ctx, "Re: %s", s);
}

static char *quote_line(char *out, const char *l, size_t len)
{
	if (len == 0)
		return talloc_asprintf_append_buffer(out, ">\n");
	return talloc_asprintf_append_buffer(out, "%s%.*s\n", l[0] == '>' ? ">" : "> ", (int)len, l);
}

int _pb_demo_reply_text(TALLOC_CTX *mem_ctx, char **out, const char *text, const _pb_demo_post_t *parent,
			pb_error_t *err)
{
	void *tmp = talloc_new(mem_ctx);
	const char **lines = NULL;
	size_t *lens = NULL, nl = 0, limit, pos = 0;
	char *o = talloc_strdup(tmp, "");
	const char *p;

	if (!tmp || !o)
		goto nomem;
	for (p = parent->body; *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		lines = talloc_realloc(tmp, lines, const char *, nl + 1);
		lens = talloc_realloc(tmp, lens, size_t, nl + 1);
		if (!lines || !lens)
			goto nomem;
		lines[nl] = p;
		lens[nl++] = len;
		p = e ? e + 1 : p + len;
	}
	for (limit = 0; limit < nl && !(lens[limit] == 3 && strncmp(lines[limit], "-- ", 3) == 0); limit++)
		;
	for (p = text; *p && o;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == 2 && strncmp(p, "@a", 2) == 0) {
			o = talloc_asprintf_append_buffer(o, "On %s, %s wrote:\n",
							  _pb_demo_date(tmp, parent->date, parent->from->tz),
							  *parent->from->name ? parent->from->name : parent->from->email);
		} else if (len == 5 && strncmp(p, "@qall", 5) == 0) {
			for (size_t i = 0; i < limit && o; i++)
				o = quote_line(o, lines[i], lens[i]);
			while (o && strlen(o) > 2 && strcmp(o + strlen(o) - 3, "\n>\n") == 0)
				o[strlen(o) - 2] = '\0'; /* no quoted blank lines at the end */
		} else if (len > 2 && strncmp(p, "@q", 2) == 0 && p[2] >= '1' && p[2] <= '9') {
			char *end;
			size_t n = strtoul(p + 2, &end, 10), i;
			char *anchor = talloc_strndup(tmp, *end == ' ' ? end + 1 : end,
						      len - (size_t)(end - p) - (*end == ' ' ? 1 : 0));
			if (!anchor)
				goto nomem;
			/* after the last quote, else from the top */
			for (i = pos; i < nl; i++)
				if (!*anchor || (g_strstr_len(lines[i], (gssize)lens[i], anchor)))
					break;
			for (size_t k = 0; i >= nl && *anchor && k < pos; k++)
				if (g_strstr_len(lines[k], (gssize)lens[k], anchor))
					i = k;
			if (i >= nl) {
				pb_error_set(err, PB_ERR_PARSE, "no line of <%s> holds \"%s\"", parent->msgid, anchor);
				talloc_free(tmp);
				return PB_ERR_PARSE;
			}
			for (size_t k = i; k < i + n && k < nl && o; k++)
				o = quote_line(o, lines[k], lens[k]);
			pos = i + n;
		} else {
			o = talloc_asprintf_append_buffer(o, "%.*s\n", (int)len, p);
		}
		p = e ? e + 1 : p + len;
	}
	if (!o)
		goto nomem;
	*out = talloc_steal(mem_ctx, o);
	talloc_free(tmp);
	return PB_OK;
nomem:
	talloc_free(tmp);
	return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
}
