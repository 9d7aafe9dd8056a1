/* mail.c: decode one message with GMime and find the parts of a patch. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gmime/gmime.h>

#include "patchbay/mail.h"
#include "core/util.h"

static GMimeParserOptions *parser_options;

void pb_mail_init(void)
{
	static const char *fallback[] = {"UTF-8", "WINDOWS-1252", NULL};
	if (parser_options)
		return;
	g_mime_init();
	parser_options = g_mime_parser_options_new();
	g_mime_parser_options_set_rfc2047_compliance_mode(parser_options, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_address_compliance_mode(parser_options, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(parser_options, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_fallback_charsets(parser_options, fallback);
}

/* ---- people ---------------------------------------------------------- */

/* Lower-case copy of a name without quotes, " via X" suffix or extra
 * blanks, for comparing people. */
static char *name_key(TALLOC_CTX *ctx, const char *name)
{
	char *k = talloc_strdup(ctx, name ? name : ""), *w = k, *via;
	bool sp = true;
	if (!k)
		return NULL;
	for (const char *r = k; *r; r++) {
		unsigned char c = (unsigned char)*r;
		if (c == '"' || c == '\'')
			continue;
		if (isspace(c)) {
			if (!sp)
				*w++ = ' ';
			sp = true;
			continue;
		}
		*w++ = (char)tolower(c);
		sp = false;
	}
	if (w > k && w[-1] == ' ')
		w--;
	*w = '\0';
	via = strstr(k, " via ");
	if (via)
		*via = '\0';
	return k;
}

static bool email_eq(const char *a, const char *b)
{
	const char *pa, *pb, *aa, *ab;
	size_t la, lb;
	if (!a || !b || !*a || !*b)
		return false;
	if (strcasecmp(a, b) == 0)
		return true;
	/* foo+tag@x equals foo@x */
	aa = strchr(a, '@');
	ab = strchr(b, '@');
	if (!aa || !ab || strcasecmp(aa, ab) != 0)
		return false;
	pa = memchr(a, '+', (size_t)(aa - a));
	pb = memchr(b, '+', (size_t)(ab - b));
	la = (size_t)((pa ? pa : aa) - a);
	lb = (size_t)((pb ? pb : ab) - b);
	return la == lb && strncasecmp(a, b, la) == 0;
}

bool pb_person_same(const pb_person_t *a, const pb_person_t *b)
{
	bool same;
	char *ka, *kb;
	void *tmp;
	if (email_eq(a->email, b->email))
		return true;
	tmp = talloc_new(NULL);
	ka = name_key(tmp, a->name);
	kb = name_key(tmp, b->name);
	same = ka && kb && *ka && strchr(ka, ' ') && strcmp(ka, kb) == 0;
	talloc_free(tmp);
	return same;
}

char *pb_person_format(TALLOC_CTX *mem_ctx, const pb_person_t *p)
{
	if (p->name && *p->name)
		return talloc_asprintf(mem_ctx, "%s <%s>", p->name, p->email ? p->email : "");
	return talloc_strdup(mem_ctx, p->email ? p->email : "");
}

static void person_from_list(TALLOC_CTX *ctx, pb_person_t *out, InternetAddressList *list)
{
	out->name = NULL;
	out->email = NULL;
	if (list) {
		int n = internet_address_list_length(list);
		for (int i = 0; i < n; i++) {
			InternetAddress *ia = internet_address_list_get_address(list, i);
			if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
				const char *name = internet_address_get_name(ia);
				const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
				out->name = talloc_strdup(ctx, name ? name : "");
				out->email = talloc_strdup(ctx, addr ? addr : "");
				break;
			}
		}
	}
	if (!out->name)
		out->name = talloc_strdup(ctx, "");
	if (!out->email)
		out->email = talloc_strdup(ctx, "");
	_pb_str_sanitize_utf8(out->name);
	_pb_str_collapse_ws(out->name);
}

int pb_person_parse(TALLOC_CTX *mem_ctx, pb_person_t *out, const char *text)
{
	InternetAddressList *l;
	pb_mail_init();
	l = internet_address_list_parse(parser_options, text ? text : "");
	person_from_list(mem_ctx, out, l);
	if (l)
		g_object_unref(l);
	if (!out->name || !out->email)
		return PB_ERR_NOMEM;
	if (!*out->email && !*out->name && text && *text) {
		/* not an address at all: keep the text as a name */
		talloc_free(out->name);
		out->name = talloc_strdup(mem_ctx, text);
		if (!out->name)
			return PB_ERR_NOMEM;
		_pb_str_collapse_ws(out->name);
	}
	return PB_OK;
}

static char *addr_list_text(TALLOC_CTX *ctx, InternetAddressList *l)
{
	char *s, *r;
	if (!l || internet_address_list_length(l) == 0)
		return talloc_strdup(ctx, "");
	s = internet_address_list_to_string(l, NULL, FALSE);
	r = talloc_strdup(ctx, s ? s : "");
	g_free(s);
	if (r) {
		_pb_str_sanitize_utf8(r);
		_pb_str_collapse_ws(r);
	}
	return r;
}

/* ---- headers --------------------------------------------------------- */

static char *header_all(TALLOC_CTX *ctx, GMimeObject *obj, const char *name)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(obj);
	int n = g_mime_header_list_get_count(hl);
	char *acc = NULL;
	for (int i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		const char *v;
		if (strcasecmp(g_mime_header_get_name(h), name) != 0)
			continue;
		v = g_mime_header_get_raw_value(h);
		if (!v)
			v = g_mime_header_get_value(h);
		if (!v)
			continue;
		acc = acc ? talloc_asprintf_append(acc, " %s", v) : talloc_strdup(ctx, v);
	}
	return acc;
}

static void parse_refs(pb_mail_t *m, const char *refs_text, const char *irt_text)
{
	GMimeReferences *refs;
	size_t cap = 8;
	m->refs = talloc_array(m, char *, cap);
	m->n_refs = 0;
	if (!m->refs)
		return;
	if (refs_text) {
		refs = g_mime_references_parse(parser_options, refs_text);
		if (refs) {
			int n = g_mime_references_length(refs);
			for (int i = 0; i < n; i++) {
				const char *id = g_mime_references_get_message_id(refs, i);
				if (!id || !*id || strlen(id) > 998)
					continue;
				if (m->n_refs == cap) {
					cap *= 2;
					m->refs = talloc_realloc(m, m->refs, char *, cap);
					if (!m->refs)
						return;
				}
				m->refs[m->n_refs++] = talloc_strdup(m->refs, id);
			}
			g_mime_references_free(refs);
		}
	}
	if (irt_text) {
		refs = g_mime_references_parse(parser_options, irt_text);
		if (refs) {
			if (g_mime_references_length(refs) > 0) {
				const char *id = g_mime_references_get_message_id(refs, 0);
				if (id && *id && strlen(id) <= 998)
					m->in_reply_to = talloc_strdup(m, id);
			}
			g_mime_references_free(refs);
		}
	}
	if (m->in_reply_to) {
		/* In-Reply-To is the parent: it goes last, once. */
		size_t w = 0;
		for (size_t i = 0; i < m->n_refs; i++)
			if (strcmp(m->refs[i], m->in_reply_to) != 0)
				m->refs[w++] = m->refs[i];
		m->n_refs = w;
		if (m->n_refs == cap)
			m->refs = talloc_realloc(m, m->refs, char *, cap + 1);
		if (m->refs)
			m->refs[m->n_refs++] = talloc_strdup(m->refs, m->in_reply_to);
	}
	/* A message never references itself. */
	if (m->refs && m->msgid) {
		size_t w = 0;
		for (size_t i = 0; i < m->n_refs; i++)
			if (strcmp(m->refs[i], m->msgid) != 0)
				m->refs[w++] = m->refs[i];
		m->n_refs = w;
		if (m->in_reply_to && strcmp(m->in_reply_to, m->msgid) == 0)
			m->in_reply_to = NULL;
	}
}

/* ---- body ------------------------------------------------------------ */

struct body_acc {
	TALLOC_CTX *ctx;
	char *text;
	unsigned flags;
};

static bool is_patch_filename(const char *fn)
{
	size_t n;
	if (!fn)
		return false;
	n = strlen(fn);
	return (n > 6 && strcasecmp(fn + n - 6, ".patch") == 0) ||
	       (n > 5 && strcasecmp(fn + n - 5, ".diff") == 0);
}

static char *decode_part(TALLOC_CTX *ctx, GMimePart *part, unsigned *flags)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(part);
	GMimeStream *mem, *filt;
	GByteArray *ba;
	const char *charset;
	char *out = NULL;
	bool converted = false;

	if (!dw)
		return talloc_strdup(ctx, "");
	mem = g_mime_stream_mem_new();
	filt = g_mime_stream_filter_new(mem);
	charset = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
	if (charset && g_ascii_strcasecmp(charset, "utf-8") != 0 &&
	    g_ascii_strcasecmp(charset, "us-ascii") != 0 && g_ascii_strcasecmp(charset, "utf8") != 0) {
		GMimeFilter *cf = g_mime_filter_charset_new(charset, "UTF-8");
		if (cf) {
			g_mime_stream_filter_add(GMIME_STREAM_FILTER(filt), cf);
			g_object_unref(cf);
			converted = true;
		} else {
			*flags |= PB_MAIL_BAD_CHARSET;
		}
	}
	g_mime_data_wrapper_write_to_stream(dw, filt);
	g_mime_stream_flush(filt);
	ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	if (ba) {
		out = _pb_str_from_bytes(ctx, (const char *)ba->data, ba->len, flags);
	} else {
		out = talloc_strdup(ctx, "");
	}
	(void)converted;
	g_object_unref(filt);
	g_object_unref(mem);
	return out;
}

static void body_append(struct body_acc *acc, const char *text)
{
	if (!text)
		return;
	if (!acc->text) {
		acc->text = talloc_strdup(acc->ctx, text);
	} else {
		size_t n = strlen(acc->text);
		if (n && acc->text[n - 1] != '\n')
			acc->text = talloc_strdup_append(acc->text, "\n");
		if (acc->text)
			acc->text = talloc_strdup_append(acc->text, text);
	}
}

static bool looks_like_diff_text(const char *s)
{
	return strstr(s, "\ndiff --git ") || strncmp(s, "diff --git ", 11) == 0 ||
	       (strstr(s, "\n--- ") && strstr(s, "\n+++ ") && strstr(s, "\n@@ "));
}

static void collect_parts(GMimeObject *obj, struct body_acc *acc, int depth)
{
	GMimeContentType *ct;
	if (!obj || depth > 32)
		return;
	ct = g_mime_object_get_content_type(obj);
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		int n = g_mime_multipart_get_count(mp);
		if (ct && g_mime_content_type_is_type(ct, "multipart", "alternative")) {
			/* prefer text/plain; else the first part */
			for (int i = 0; i < n; i++) {
				GMimeObject *c = g_mime_multipart_get_part(mp, i);
				GMimeContentType *cct = g_mime_object_get_content_type(c);
				if (cct && g_mime_content_type_is_type(cct, "text", "plain")) {
					collect_parts(c, acc, depth + 1);
					return;
				}
			}
			for (int i = 0; i < n; i++) {
				GMimeObject *c = g_mime_multipart_get_part(mp, i);
				if (GMIME_IS_MULTIPART(c)) {
					collect_parts(c, acc, depth + 1);
					return;
				}
			}
			return;
		}
		if (ct && (g_mime_content_type_is_type(ct, "multipart", "signed"))) {
			if (n > 0)
				collect_parts(g_mime_multipart_get_part(mp, 0), acc, depth + 1);
			return;
		}
		if (ct && g_mime_content_type_is_type(ct, "multipart", "encrypted"))
			return;
		for (int i = 0; i < n; i++)
			collect_parts(g_mime_multipart_get_part(mp, i), acc, depth + 1);
		return;
	}
	if (GMIME_IS_MESSAGE_PART(obj))
		return; /* a forwarded or embedded message is not this mail's text */
	if (GMIME_IS_PART(obj)) {
		GMimePart *part = GMIME_PART(obj);
		const char *fn = g_mime_part_get_filename(part);
		bool take = false, sniff = false;
		if (!ct || g_mime_content_type_is_type(ct, "text", "plain"))
			take = true;
		else if (g_mime_content_type_is_type(ct, "text", "x-patch") ||
			 g_mime_content_type_is_type(ct, "text", "x-diff") ||
			 g_mime_content_type_is_type(ct, "text", "diff") ||
			 g_mime_content_type_is_type(ct, "text", "x-log") ||
			 g_mime_content_type_is_type(ct, "application", "x-patch") ||
			 g_mime_content_type_is_type(ct, "application", "x-diff"))
			take = true;
		else if (is_patch_filename(fn) || g_mime_content_type_is_type(ct, "application", "octet-stream"))
			sniff = true;
		if (take || sniff) {
			char *t = decode_part(acc->ctx, part, &acc->flags);
			if (t && (take || looks_like_diff_text(t)))
				body_append(acc, t);
			talloc_free(t);
		}
	}
}

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

static bool is_file_header_line(const char *l)
{
	static const char *const hdrs[] = {
		"diff --git ", "diff -", "index ", "old mode ", "new mode ", "deleted file mode ",
		"new file mode ", "similarity index ", "dissimilarity index ", "rename from ",
		"rename to ", "copy from ", "copy to ", "--- ", "+++ ", "Binary files ",
		"GIT binary patch", "Index: ", "=================", "RCS file: ",
		"retrieving revision ", "rename old ", "rename new ", NULL};
	for (int i = 0; hdrs[i]; i++)
		if (starts(l, hdrs[i]))
			return true;
	return false;
}

/* Parse "@@ -a[,b] +c[,d] @@"; counts default to 1. */
static bool hunk_header(const char *l, long *old_n, long *new_n)
{
	char *e;
	if (!starts(l, "@@ -"))
		return false;
	l += 4;
	strtol(l, &e, 10);
	if (e == l)
		return false;
	*old_n = 1;
	if (*e == ',') {
		l = e + 1;
		*old_n = strtol(l, &e, 10);
		if (e == l)
			return false;
	}
	if (e[0] != ' ' || e[1] != '+')
		return false;
	l = e + 2;
	strtol(l, &e, 10);
	if (e == l)
		return false;
	*new_n = 1;
	if (*e == ',') {
		l = e + 1;
		*new_n = strtol(l, &e, 10);
		if (e == l)
			return false;
	}
	return e[0] == ' ' && e[1] == '@' && e[2] == '@';
}

/* Is P the start of a diff? */
static bool diff_starts_at(const char *p)
{
	const char *n1, *n2;
	if (starts(p, "diff --git "))
		return true;
	if (starts(p, "diff -") || starts(p, "Index: ")) {
		/* diff -u / CVS: a ---/+++ pair must follow within a few lines */
		const char *q = next_line(p);
		for (int i = 0; i < 6 && *q; i++, q = next_line(q))
			if (starts(q, "--- ") && starts(next_line(q), "+++ "))
				return true;
		return false;
	}
	if (starts(p, "--- ")) {
		n1 = next_line(p);
		if (!starts(n1, "+++ "))
			return false;
		n2 = next_line(n1);
		return starts(n2, "@@ -");
	}
	return false;
}

long pb_diff_locate(const char *text, size_t *len, unsigned *flags)
{
	const char *p = text, *start = NULL, *end;
	long old_n = 0, new_n = 0;
	enum { HDR, HUNK, BIN } st = HDR;
	bool any_file = false;

	for (const char *l = text; *l; l = next_line(l)) {
		if ((l == text || l[-1] == '\n') && diff_starts_at(l)) {
			start = l;
			break;
		}
	}
	if (!start)
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
				if (starts(nl, "literal ") || starts(nl, "delta ")) {
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
		if (hunk_header(p, &old_n, &new_n)) {
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
		if (starts(p, "literal ") || starts(p, "delta ")) {
			end = nl;
			p = nl;
			continue;
		}
		if (is_file_header_line(p)) {
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
	*len = (size_t)(end - start);
	return (long)(start - text);
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

static void find_pull(pb_mail_t *m, const char *body)
{
	const char *a = strstr(body, "The following changes since commit");
	const char *b;
	if (!a)
		return;
	b = strcasestr(a, "are available in the git repository at");
	if (!b)
		b = strcasestr(a, "are available in the git repository:");
	if (!b)
		return;
	m->flags |= PB_MAIL_PULL;
	b = next_line(b);
	while (*b == '\n' || *b == ' ' || *b == '\t') {
		if (*b == '\n') {
			b++;
			continue;
		}
		while (*b == ' ' || *b == '\t')
			b++;
		break;
	}
	{
		char *url = line_dup(m, b);
		if (url) {
			_pb_str_collapse_ws(url);
			m->pull_url = url;
		}
	}
}

int pb_mail_split_body(pb_mail_t *m, const char *body)
{
	const char *p = body, *msg_start, *msg_end, *notes_end;
	size_t dlen = 0;
	long doff;
	unsigned dflags = 0;

	/* in-body headers: first paragraph of From:/Subject:/Date: lines */
	while (*p == '\n')
		p++;
	{
		const char *q = p;
		char *from = NULL, *subj = NULL, *date = NULL;
		size_t vs;
		bool any = false;
		for (;;) {
			if (inbody_header(q, "From", &vs)) {
				from = line_dup(m, q + vs);
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
	doff = pb_diff_locate(body, &dlen, &dflags);
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
		m->flags |= PB_MAIL_HAS_DIFF | dflags;
	} else {
		m->diff = NULL;
	}
	find_pull(m, body);
	if (!m->message || !m->notes || (doff >= 0 && !m->diff))
		return PB_ERR_NOMEM;
	return PB_OK;
}

/* ---- the message ----------------------------------------------------- */

static void resolve_sender(pb_mail_t *m, GMimeMessage *msg)
{
	const char *xof = g_mime_object_get_header(GMIME_OBJECT(msg), "X-Original-From");
	InternetAddressList *rt = g_mime_message_get_reply_to(msg);
	const char *via = strstr(m->from.name, " via ");
	bool relay = strncasecmp(m->from.email, "devnull+", 8) == 0;

	m->sender = m->from;
	if (xof && (via || relay)) {
		pb_person_t p;
		if (pb_person_parse(m, &p, xof) == PB_OK && *p.email) {
			m->sender = p;
			m->flags |= PB_MAIL_DMARC;
			return;
		}
	}
	if (via) {
		/* "Name via list" <list@...>: the real address is in Reply-To */
		pb_person_t p = {0};
		m->sender.name = talloc_strndup(m, m->from.name, (size_t)(via - m->from.name));
		m->sender.email = m->from.email;
		m->flags |= PB_MAIL_DMARC;
		if (rt && internet_address_list_length(rt) >= 1) {
			int n = internet_address_list_length(rt);
			for (int i = 0; i < n; i++) {
				InternetAddress *ia = internet_address_list_get_address(rt, i);
				const char *addr;
				if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
					continue;
				addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
				if (addr && strcasecmp(addr, m->from.email) != 0) {
					p.email = talloc_strdup(m, addr);
					break;
				}
			}
			if (p.email)
				m->sender.email = p.email;
		}
		return;
	}
	if (xof) {
		pb_person_t p;
		if (pb_person_parse(m, &p, xof) == PB_OK && *p.email && relay) {
			m->sender = p;
			m->flags |= PB_MAIL_DMARC;
		}
	}
}

static char *synth_msgid(TALLOC_CTX *ctx, const char *data, size_t len)
{
	/* the same id notmuch gives a message without Message-ID */
	gchar *h = g_compute_checksum_for_data(G_CHECKSUM_SHA1, (const guchar *)data, len);
	char *id = talloc_asprintf(ctx, "notmuch-sha1-%s", h);
	g_free(h);
	return id;
}

int pb_mail_parse(TALLOC_CTX *mem_ctx, pb_mail_t **out, const char *data, size_t len,
		  pb_error_t *err)
{
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeMessage *msg;
	GDateTime *dt;
	pb_mail_t *m;
	struct body_acc acc = {0};
	const char *s;
	char *refs_text, *irt_text;
	size_t skip = 0;

	pb_mail_init();
	/* an mbox From_ line in front of a single message */
	if (len > 5 && memcmp(data, "From ", 5) == 0) {
		const char *nl = memchr(data, '\n', len);
		skip = nl ? (size_t)(nl - data + 1) : len;
	}
	if (len - skip == 0)
		return pb_error_set(err, PB_ERR_PARSE, "empty message");

	m = talloc_zero(mem_ctx, pb_mail_t);
	if (!m)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");

	stream = g_mime_stream_mem_new_with_buffer(data + skip, len - skip);
	parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	msg = g_mime_parser_construct_message(parser, parser_options);
	g_object_unref(parser);
	g_object_unref(stream);
	if (!msg) {
		talloc_free(m);
		return pb_error_set(err, PB_ERR_PARSE, "not an e-mail message");
	}

	s = g_mime_message_get_message_id(msg);
	if (s && *s && strlen(s) <= 998) {
		m->msgid = talloc_strdup(m, s);
		_pb_str_sanitize_utf8(m->msgid);
	} else {
		m->msgid = synth_msgid(m, data, len);
	}

	s = g_mime_message_get_subject(msg);
	m->subject = talloc_strdup(m, s ? s : "");
	if (m->subject) {
		_pb_str_sanitize_utf8(m->subject);
		_pb_str_collapse_ws(m->subject);
	}

	s = g_mime_object_get_header(GMIME_OBJECT(msg), "Date");
	m->date_hdr = talloc_strdup(m, s ? s : "");
	if (m->date_hdr)
		_pb_str_collapse_ws(m->date_hdr);
	dt = g_mime_message_get_date(msg);
	if (dt) {
		m->date = g_date_time_to_unix(dt);
		m->tz_offset = (int)(g_date_time_get_utc_offset(dt) / G_TIME_SPAN_MINUTE);
	}

	person_from_list(m, &m->from, g_mime_message_get_from(msg));
	m->to = addr_list_text(m, g_mime_message_get_to(msg));
	m->cc = addr_list_text(m, g_mime_message_get_cc(msg));
	m->reply_to = addr_list_text(m, g_mime_message_get_reply_to(msg));
	s = g_mime_object_get_header(GMIME_OBJECT(msg), "List-Id");
	m->list_id = talloc_strdup(m, s ? s : "");
	resolve_sender(m, msg);
	m->author = m->sender;

	refs_text = header_all(m, GMIME_OBJECT(msg), "References");
	irt_text = header_all(m, GMIME_OBJECT(msg), "In-Reply-To");
	parse_refs(m, refs_text, irt_text);
	talloc_free(refs_text);
	talloc_free(irt_text);

	acc.ctx = m;
	collect_parts(g_mime_message_get_mime_part(msg), &acc, 0);
	g_object_unref(msg);
	m->flags |= acc.flags;
	m->body = acc.text ? acc.text : talloc_strdup(m, "");
	if (!m->msgid || !m->subject || !m->to || !m->cc || !m->reply_to || !m->list_id ||
	    !m->body || !m->refs || !m->date_hdr) {
		talloc_free(m);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	_pb_str_normalize_newlines(m->body);
	if (pb_mail_split_body(m, m->body) != PB_OK) {
		talloc_free(m);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	if (!(m->flags & PB_MAIL_HAS_DIFF))
		m->author = m->sender; /* in-body From only names a patch's author */
	*out = m;
	return PB_OK;
}

int pb_mail_load(TALLOC_CTX *mem_ctx, pb_mail_t **out, const char *path, pb_error_t *err)
{
	char *data;
	size_t len;
	int rc = _pb_file_read(NULL, &data, &len, path, err);
	if (rc)
		return rc;
	rc = pb_mail_parse(mem_ctx, out, data, len, err);
	if (rc && err)
		pb_error_set(err, rc, "%s: %s", path, pb_error_msg(err));
	talloc_free(data);
	return rc;
}
