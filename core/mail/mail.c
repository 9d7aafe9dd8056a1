/* mail.c: decode one message with GMime and find the parts of a patch. */
#include <ctype.h>
#include <pthread.h>
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
#include "core/mail/diff_scan.h"
#include "core/mail/mail_priv.h"
#include "core/base/util.h"

static GMimeParserOptions *parser_options;

static pthread_once_t mail_once = PTHREAD_ONCE_INIT;

/* GMime reports broken mail through g_log (libnotmuch's indexer walks
 * GMime too): a message with no body makes it log a CRITICAL on stderr,
 * which would tear through the curses screen. core/ never prints; broken
 * mail is handled where it is read, so the library's notes are dropped. */
static void gmime_log_quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
	(void)domain;
	(void)level;
	(void)msg;
	(void)data;
}

static void mail_init_once(void)
{
	static const char *fallback[] = {"UTF-8", "WINDOWS-1252", NULL};
	g_log_set_handler("gmime", G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE, gmime_log_quiet,
			  NULL);
	g_mime_init();
	parser_options = g_mime_parser_options_new();
	g_mime_parser_options_set_rfc2047_compliance_mode(parser_options, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_address_compliance_mode(parser_options, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(parser_options, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_fallback_charsets(parser_options, fallback);
}

void pb_mail_init(void)
{
	pthread_once(&mail_once, mail_init_once);
}

GMimeParserOptions *_pb_mail_parser_options(void)
{
	pb_mail_init();
	return parser_options;
}

static char *decode_text(TALLOC_CTX *ctx, const char *raw);

/* git keeps RFC 822 comments of From in the name: "<a@b> (A U Thor)" is
 * A U Thor, and "A (zzz) U Thor <a@b> (Comment)" keeps "(Comment)". */
static void name_from_comments(TALLOC_CTX *ctx, pb_person_t *p, const char *raw)
{
	const char *gt, *open, *close;
	char *c;
	if (!raw || !(gt = strrchr(raw, '>')))
		return;
	open = strchr(gt, '(');
	close = open ? strrchr(open, ')') : NULL;
	if (!open || !close)
		return;
	c = decode_text(ctx, talloc_strndup(ctx, open, (size_t)(close - open + 1)));
	if (!c)
		return;
	_pb_str_collapse_ws(c);
	if (!*p->name) {
		/* the comment is the only name: drop its parentheses */
		size_t n = strlen(c);
		p->name = talloc_strndup(ctx, c + 1, n >= 2 ? n - 2 : 0);
	} else {
		p->name = talloc_asprintf(ctx, "%s %s", p->name, c);
	}
}

/* Mailboxes of L as "Name <addr>, ...": groups give their members, so an
 * empty group such as "unlisted-recipients:;" gives nothing. */
static void addr_list_append(GString *out, InternetAddressList *l, int depth)
{
	int n = l ? internet_address_list_length(l) : 0;
	for (int i = 0; i < n && depth < 8; i++) {
		InternetAddress *ia = internet_address_list_get_address(l, i);
		if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			addr_list_append(out, internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), depth + 1);
		} else if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
			/* formatted here: internet_address_to_string() runs every
			 * address through IDNA, a quarter of the cost of a cold build */
			const char *name = internet_address_get_name(ia);
			const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
			if (!addr || !*addr)
				continue;
			if (out->len)
				g_string_append(out, ", ");
			if (name && *name) {
				if (strpbrk(name, ",;:<>@\"()[]\\")) {
					g_string_append_c(out, '"');
					for (const char *c = name; *c; c++) {
						if (*c == '"' || *c == '\\')
							g_string_append_c(out, '\\');
						g_string_append_c(out, *c);
					}
					g_string_append_c(out, '"');
				} else {
					g_string_append(out, name);
				}
				g_string_append_printf(out, " <%s>", addr);
			} else {
				g_string_append(out, addr);
			}
		}
	}
}

static char *addr_list_text(TALLOC_CTX *ctx, InternetAddressList *l)
{
	GString *out = g_string_new(NULL);
	char *r;
	addr_list_append(out, l, 0);
	r = talloc_strdup(ctx, out->str);
	g_string_free(out, TRUE);
	if (r) {
		_pb_str_sanitize_utf8(r);
		_pb_str_collapse_ws(r);
	}
	return r;
}

/* ---- headers --------------------------------------------------------- */

/* Is there an RFC 2047 encoded word "=?cs?e?text?=" at P? Its length, or 0. */
static size_t encoded_word(const char *p)
{
	const char *q;
	int marks = 0;
	if (p[0] != '=' || p[1] != '?')
		return 0;
	for (q = p + 2; *q && *q != ' ' && *q != '\t' && *q != '\n'; q++) {
		if (*q == '?' && marks < 2) {
			marks++;
		} else if (*q == '?' && q[1] == '=' && marks == 2) {
			return (size_t)(q + 2 - p);
		}
	}
	return 0;
}

/* Decode an unstructured header. GMime 3.2 loses the words after the first
 * when it merges adjacent base64 words of one charset (padding in the
 * middle), so each encoded word goes to GMime on its own; whitespace
 * between two encoded words is dropped as RFC 2047 says. */
static char *decode_text(TALLOC_CTX *ctx, const char *raw)
{
	GString *out = g_string_new(NULL);
	const char *p = raw;
	bool prev_word = false;
	char *r;
	while (*p) {
		size_t n = encoded_word(p);
		if (n) {
			char *w = g_strndup(p, n);
			char *d = g_mime_utils_header_decode_text(parser_options, w);
			g_string_append(out, d ? d : w);
			g_free(d);
			g_free(w);
			p += n;
			prev_word = true;
			continue;
		}
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			const char *q = p;
			while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
				q++;
			if (!(prev_word && encoded_word(q)))
				g_string_append_c(out, ' ');
			p = q;
			continue;
		}
		{
			/* a run of plain text up to the next blank */
			const char *q = p;
			char *t, *d;
			while (*q && *q != ' ' && *q != '\t' && *q != '\r' && *q != '\n' && !encoded_word(q))
				q++;
			t = g_strndup(p, (size_t)(q - p));
			d = g_mime_utils_header_decode_text(parser_options, t);
			g_string_append(out, d ? d : t);
			g_free(d);
			g_free(t);
			p = q;
			prev_word = false;
		}
	}
	r = talloc_strdup(ctx, out->str);
	g_string_free(out, TRUE);
	return r;
}

/* The raw value of the first header NAME, or NULL. */
static const char *header_raw(GMimeObject *obj, const char *name)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(obj);
	GMimeHeader *h = g_mime_header_list_get_header(hl, name);
	return h ? g_mime_header_get_raw_value(h) : NULL;
}

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

/* An attachment of no patch type is taken when a diff starts in it, by
 * the anatomy's rule (diff_scan.c). */
static bool looks_like_diff_text(const char *s)
{
	return _pb_diff_start(s) != NULL;
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

pb_status_t pb_mail_parse(TALLOC_CTX *mem_ctx, pb_mail_t **out, const char *data, size_t len,
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

	s = header_raw(GMIME_OBJECT(msg), "Subject");
	m->subject = s ? decode_text(m, s) : talloc_strdup(m, "");
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

	_pb_person_from_list(m, &m->from, g_mime_message_get_from(msg));
	name_from_comments(m, &m->from, header_raw(GMIME_OBJECT(msg), "From"));
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

pb_status_t pb_mail_load(TALLOC_CTX *mem_ctx, pb_mail_t **out, const char *path, pb_error_t *err)
{
	char *data;
	size_t len;
	int rc = _pb_file_read(mem_ctx, &data, &len, path, err);
	if (rc)
		return rc;
	rc = pb_mail_parse(mem_ctx, out, data, len, err);
	if (rc && err)
		pb_error_set(err, rc, "%s: %s", path, pb_error_msg(err));
	talloc_free(data);
	return rc;
}

char *pb_mail_msgid_clean(TALLOC_CTX *mem_ctx, const char *id)
{
	size_t n;
	while (*id == ' ')
		id++;
	if (strncmp(id, "id:", 3) == 0 || strncmp(id, "mid:", 4) == 0)
		id = strchr(id, ':') + 1;
	if (*id == '<')
		id++;
	n = strlen(id);
	while (n && (id[n - 1] == ' ' || id[n - 1] == '\n'))
		n--;
	if (n && id[n - 1] == '>')
		n--;
	/* a lore URL works too */
	if (strncmp(id, "http://", 7) == 0 || strncmp(id, "https://", 8) == 0) {
		const char *e = id + n, *s;
		while (e > id && e[-1] == '/')
			e--;
		s = e;
		while (s > id && s[-1] != '/')
			s--;
		return talloc_strndup(mem_ctx, s, (size_t)(e - s));
	}
	return talloc_strndup(mem_ctx, id, n);
}
