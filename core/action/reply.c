/* reply.c: compose replies; the draft as text, for preview and $EDITOR. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <gmime/gmime.h>

#include "patchbay/conf.h"
#include "patchbay/reply.h"
#include "patchbay/subject.h"
#include "core/action/reply_priv.h"
#include "core/base/run.h"
#include "core/base/util.h"
#include "core/review/check_priv.h"

const char *pb_reply_trailer_name(pb_reply_kind_t kind)
{
	switch (kind) {
	case PB_REPLY_ACK: return "Acked-by";
	case PB_REPLY_REVIEW: return "Reviewed-by";
	case PB_REPLY_TEST: return "Tested-by";
	default: return NULL;
	}
}

/* ---- addresses ----------------------------------------------------------- */

int _pb_addr_each(const char *list, _pb_addr_cb cb, void *payload)
{
	InternetAddressList *l;
	int rc = 0;
	if (!list || !*list)
		return 0;
	pb_mail_init();
	l = internet_address_list_parse(NULL, list);
	if (!l)
		return 0;
	for (int i = 0; i < internet_address_list_length(l) && !rc; i++) {
		InternetAddress *ia = internet_address_list_get_address(l, i);
		if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
			const char *a = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
			const char *n = internet_address_get_name(ia);
			if (a && *a)
				rc = cb(payload, n ? n : "", a);
		} else if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			InternetAddressList *m = internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia));
			for (int k = 0; m && k < internet_address_list_length(m) && !rc; k++) {
				InternetAddress *x = internet_address_list_get_address(m, k);
				const char *a;
				if (!INTERNET_ADDRESS_IS_MAILBOX(x))
					continue;
				a = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(x));
				if (a && *a)
					rc = cb(payload, internet_address_get_name(x) ? internet_address_get_name(x) : "", a);
			}
		}
	}
	g_object_unref(l);
	return rc;
}

char *_pb_addr_format(TALLOC_CTX *ctx, const char *name, const char *email)
{
	InternetAddress *ia;
	char *s, *r;
	pb_mail_init();
	ia = internet_address_mailbox_new(name && *name ? name : NULL, email);
	s = internet_address_to_string(ia, NULL, FALSE);
	r = talloc_strdup(ctx, s ? s : email);
	g_free(s);
	g_object_unref(ia);
	return r;
}

struct cc_acc {
	TALLOC_CTX *ctx;
	const char **skip; /* e-mails not to add */
	size_t n_skip;
	char **seen;
	size_t n_seen;
	char *list;
	bool oom;
};

static bool is_relay(const char *email)
{
	return strncasecmp(email, "devnull+", 8) == 0;
}

static int cc_add(void *payload, const char *name, const char *email)
{
	struct cc_acc *a = payload;
	char *f, **ns;
	if (is_relay(email))
		return 0;
	for (size_t i = 0; i < a->n_skip; i++)
		if (a->skip[i] && strcasecmp(a->skip[i], email) == 0)
			return 0;
	for (size_t i = 0; i < a->n_seen; i++)
		if (strcasecmp(a->seen[i], email) == 0)
			return 0;
	ns = talloc_realloc(a->ctx, a->seen, char *, a->n_seen + 1);
	f = _pb_addr_format(a->ctx, name, email);
	if (!ns || !f) {
		a->oom = true;
		return 1;
	}
	a->seen = ns;
	a->seen[a->n_seen++] = talloc_strdup(a->ctx, email);
	a->list = *a->list ? talloc_asprintf_append(a->list, ", %s", f) : talloc_strdup_append(a->list, f);
	if (!a->list) {
		a->oom = true;
		return 1;
	}
	return 0;
}

/* ---- ids and dates --------------------------------------------------------- */

char *_pb_new_msgid(TALLOC_CTX *ctx, const char *email)
{
	const char *at = email ? strrchr(email, '@') : NULL;
	const char *domain = at && at[1] ? at + 1 : "patchbay.invalid";
	unsigned char rnd[8];
	char hex[17];
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32];
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
		unsigned long long x = (unsigned long long)now ^ ((unsigned long long)getpid() << 32) ^
				       (unsigned long long)(uintptr_t)&rnd;
		memcpy(rnd, &x, sizeof(rnd));
	}
	for (int i = 0; i < 8; i++)
		snprintf(hex + 2 * i, 3, "%02x", rnd[i]);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", &tm);
	return talloc_asprintf(ctx, "%s.%d-%s@%s", stamp, (int)getpid(), hex, domain);
}

void _pb_now_date(int64_t *date, int *tz_offset)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	*date = (int64_t)now;
	*tz_offset = (int)(tm.tm_gmtoff / 60);
}

/* ---- composing --------------------------------------------------------------- */

pb_status_t pb_reply_headers(TALLOC_CTX *mem_ctx, pb_draft_t **out, const pb_mail_t *orig, const pb_person_t *me,
			     pb_error_t *err)
{
	pb_draft_t *d = talloc_zero(mem_ctx, pb_draft_t);
	const pb_person_t *to = orig->sender.email && *orig->sender.email ? &orig->sender : &orig->from;
	const char *subj = orig->subject ? orig->subject : "";
	const char *skip[2] = {me->email, to->email};
	struct cc_acc acc = {0};

	if (!d)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if (!me->email || !*me->email) {
		talloc_free(d);
		return pb_error_set(err, PB_ERR_USAGE, "no identity to send from (git config patchbay.from or user.email)");
	}
	d->from = _pb_addr_format(d, me->name, me->email);
	/* replying to myself: To stays empty unless someone else is there */
	d->to = to->email && *to->email && strcasecmp(to->email, me->email) != 0 && !is_relay(to->email)
			? _pb_addr_format(d, to->name, to->email)
			: talloc_strdup(d, "");
	acc.ctx = d;
	acc.skip = skip;
	acc.n_skip = 2;
	acc.list = talloc_strdup(d, "");
	if (orig->author.email && *orig->author.email && (orig->flags & PB_MAIL_HAS_DIFF))
		cc_add(&acc, orig->author.name ? orig->author.name : "", orig->author.email);
	_pb_addr_each(orig->to, cc_add, &acc);
	_pb_addr_each(orig->cc, cc_add, &acc);
	d->cc = acc.list;
	if (!*d->to && *d->cc) {
		/* nobody to answer but the Cc: make them the To */
		d->to = d->cc;
		d->cc = talloc_strdup(d, "");
	}
	d->bcc = talloc_strdup(d, "");
	subj += pb_subject_reply_prefix_len(subj);
	d->subject = talloc_asprintf(d, "Re: %s", subj);
	d->in_reply_to = talloc_strdup(d, orig->msgid);
	d->refs = talloc_array(d, char *, orig->n_refs + 1);
	if (d->refs) {
		for (size_t i = 0; i < orig->n_refs; i++)
			d->refs[d->n_refs++] = talloc_strdup(d->refs, orig->refs[i]);
		d->refs[d->n_refs++] = talloc_strdup(d->refs, orig->msgid);
	}
	d->msgid = _pb_new_msgid(d, me->email);
	_pb_now_date(&d->date, &d->tz_offset);
	d->body = talloc_strdup(d, "");
	if (acc.oom || !d->from || !d->to || !d->cc || !d->bcc || !d->subject || !d->in_reply_to || !d->refs ||
	    !d->msgid || !d->body) {
		talloc_free(d);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	*out = d;
	return PB_OK;
}

char *pb_reply_quote(TALLOC_CTX *mem_ctx, const pb_mail_t *orig, const char *text, unsigned max_lines)
{
	const pb_person_t *who = orig->sender.email && *orig->sender.email ? &orig->sender : &orig->from;
	const char *name = who->name && *who->name ? who->name : who->email;
	char *q;
	size_t len = strlen(text);
	unsigned n = 0;

	while (len && (text[len - 1] == '\n' || text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	while (len && *text == '\n')
		text++, len--;
	if (orig->date_hdr && *orig->date_hdr)
		q = talloc_asprintf(mem_ctx, "On %s, %s wrote:\n", orig->date_hdr, name ? name : "");
	else
		q = talloc_asprintf(mem_ctx, "%s wrote:\n", name ? name : "");
	for (const char *l = text; q && l < text + len;) {
		const char *e = memchr(l, '\n', (size_t)(text + len - l));
		size_t ll = e ? (size_t)(e - l) : (size_t)(text + len - l);
		if (max_lines && n == max_lines) {
			q = talloc_strdup_append(q, "> [...]\n");
			break;
		}
		q = ll ? talloc_asprintf_append(q, "> %.*s\n", (int)ll, l) : talloc_strdup_append(q, ">\n");
		n++;
		l += ll + 1;
	}
	return q;
}

/* Is line L (up to E) where a cover letter's summary ends: its shortlog
 * ("Ann Author (3):"), diffstat (" path | 4 ++--"), base-commit or a
 * "---" rule? */
static bool cover_tail_line(const char *l, const char *e)
{
	size_t n = (size_t)(e - l);
	if ((n >= 12 && strncmp(l, "base-commit:", 12) == 0) || (n == 3 && strncmp(l, "---", 3) == 0))
		return true;
	if (n > 4 && l[n - 1] == ':' && l[n - 2] == ')' && l[0] != ' ') {
		const char *p = l + n - 3;
		while (p > l && isdigit((unsigned char)*p))
			p--;
		if (p < l + n - 3 && *p == '(' && p > l && p[-1] == ' ')
			return true;
	}
	if (n > 4 && l[0] == ' ' && memmem(l, n, " | ", 3))
		return true;
	return false;
}

/* What a quick ack on a cover letter quotes of its TEXT: the summary, not
 * the change history, shortlog and diffstat after it ("[...]" marks what
 * was left out); "[...]" alone when it starts with its change history. */
static char *cover_summary(TALLOC_CTX *ctx, const char *text)
{
	const char *end = text + strlen(text), *at = NULL, *stop = end;
	if (_pb_check_has_changelog(text, &at) && at)
		stop = at;
	for (const char *l = text; l < stop;) {
		const char *e = l + strcspn(l, "\n");
		if (cover_tail_line(l, e)) {
			stop = l;
			break;
		}
		l = *e ? e + 1 : e;
	}
	while (stop > text && (stop[-1] == '\n' || stop[-1] == ' '))
		stop--;
	if (stop == text)
		return talloc_strdup(ctx, "[...]"); /* (it starts with its change history) */
	if (stop == end)
		return talloc_strndup(ctx, text, (size_t)(stop - text));
	return talloc_asprintf(ctx, "%.*s\n\n[...]", (int)(stop - text), text);
}

/* The part of ORIG a reply quotes: for a quick ack the commit message
 * (the summary of the cover text on a cover letter), else everything up
 * to the end of the diff or the signature. */
static char *quoted_text(TALLOC_CTX *ctx, const pb_mail_t *m, pb_reply_kind_t kind)
{
	const char *body = m->body ? m->body : "";
	size_t dlen;
	long doff;
	if (kind != PB_REPLY_PLAIN && m->message && *m->message) {
		pb_subject_t sj;
		void *tmp = talloc_new(ctx);
		bool cover = tmp && m->subject && pb_subject_parse_into(tmp, &sj, m->subject) == PB_OK &&
			     sj.index == 0 && sj.total > 0;
		talloc_free(tmp);
		return cover ? cover_summary(ctx, m->message) : talloc_strdup(ctx, m->message);
	}
	doff = pb_diff_locate(body, &dlen, NULL);
	if (doff >= 0)
		return talloc_strndup(ctx, body, (size_t)doff + dlen);
	for (const char *l = body; *l;) {
		if (strncmp(l, "-- \n", 4) == 0 || strcmp(l, "-- ") == 0)
			return talloc_strndup(ctx, body, (size_t)(l - body));
		l = strchr(l, '\n');
		if (!l)
			break;
		l++;
	}
	return talloc_strdup(ctx, body);
}

pb_status_t pb_reply_compose(TALLOC_CTX *mem_ctx, pb_draft_t **out, const pb_mail_t *orig, pb_reply_kind_t kind,
			     const pb_person_t *me, pb_error_t *err)
{
	pb_draft_t *d;
	const char *tn = pb_reply_trailer_name(kind);
	char *text, *q;
	int rc = pb_reply_headers(mem_ctx, &d, orig, me, err);
	if (rc)
		return rc;
	text = quoted_text(d, orig, kind);
	q = text ? pb_reply_quote(d, orig, text, 0) : NULL;
	if (q && tn) {
		char *who = pb_person_format(d, me);
		d->body = who ? talloc_asprintf(d, "%s\n%s: %s\n", q, tn, who) : NULL;
	} else if (q) {
		d->body = talloc_asprintf(d, "%s\n", q);
	}
	if (!q || !d->body) {
		talloc_free(d);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	*out = d;
	return PB_OK;
}

/* ---- the draft as text ---------------------------------------------------------- */

char *pb_draft_text(TALLOC_CTX *mem_ctx, const pb_draft_t *d)
{
	char *t = talloc_asprintf(mem_ctx, "From: %s\nTo: %s\nCc: %s\n", d->from, d->to ? d->to : "",
				  d->cc ? d->cc : "");
	if (t && d->bcc && *d->bcc)
		t = talloc_asprintf_append(t, "Bcc: %s\n", d->bcc);
	if (t)
		t = talloc_asprintf_append(t, "Subject: %s\n\n%s", d->subject ? d->subject : "", d->body ? d->body : "");
	return t;
}

static char *trimmed(TALLOC_CTX *ctx, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return talloc_strndup(ctx, s, n);
}

pb_status_t pb_draft_set_text(pb_draft_t *d, const char *text, pb_error_t *err)
{
	static const char *const names[] = {"From", "To", "Cc", "Bcc", "Subject"};
	void *tmp = talloc_new(d);
	char *vals[5] = {NULL, NULL, NULL, NULL, NULL};
	int cur = -1, lineno = 0;
	const char *l = text;

	if (!tmp)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	for (; *l; lineno++) {
		const char *e = strchr(l, '\n');
		size_t n = e ? (size_t)(e - l) : strlen(l);
		const char *colon = memchr(l, ':', n);
		if (n == 0 || (n == 1 && l[0] == '\r')) {
			l += n + (e ? 1 : 0);
			break;
		}
		if ((l[0] == ' ' || l[0] == '\t') && cur >= 0) {
			char *more = trimmed(tmp, l, n);
			vals[cur] = talloc_asprintf_append(vals[cur], "%s%s", *vals[cur] ? " " : "", more);
		} else {
			int k = -1;
			for (int i = 0; colon && i < 5; i++)
				if ((size_t)(colon - l) == strlen(names[i]) && strncasecmp(l, names[i], strlen(names[i])) == 0)
					k = i;
			if (k < 0) {
				talloc_free(tmp);
				return pb_error_set(err, PB_ERR_PARSE,
						    "line %d: '%.*s' is not a header that can be edited "
						    "(From, To, Cc, Bcc, Subject; a blank line starts the body)",
						    lineno + 1, (int)(n > 60 ? 60 : n), l);
			}
			cur = k;
			vals[k] = trimmed(tmp, colon + 1, n - (size_t)(colon + 1 - l));
		}
		if (cur >= 0 && !vals[cur]) {
			talloc_free(tmp);
			return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		}
		l += n + (e ? 1 : 0);
	}
	if (!vals[0] || !*vals[0]) {
		talloc_free(tmp);
		return pb_error_set(err, PB_ERR_PARSE, "the From header is missing");
	}
	{
		char *body = talloc_strdup(d, l);
		char **fields[5] = {&d->from, &d->to, &d->cc, &d->bcc, &d->subject};
		if (!body) {
			talloc_free(tmp);
			return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		}
		_pb_str_normalize_newlines(body);
		for (int i = 0; i < 5; i++) {
			char *v = talloc_strdup(d, vals[i] ? vals[i] : "");
			if (!v) {
				talloc_free(tmp);
				return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
			}
			talloc_free(*fields[i]);
			*fields[i] = v;
		}
		talloc_free(d->body);
		d->body = body;
	}
	talloc_free(tmp);
	return PB_OK;
}

/* ---- the editor --------------------------------------------------------------------- */

static const char *pick_editor(const char *editor)
{
	const char *e = editor;
	if (!e || !*e)
		e = getenv("VISUAL");
	if (!e || !*e)
		e = getenv("EDITOR");
	if (!e || !*e)
		e = "vi";
	return e;
}

pb_status_t pb_draft_edit(pb_draft_t *d, const char *editor, pb_error_t *err)
{
	const char *tdir = getenv("TMPDIR");
	char *path, *text, *after = NULL, *cmd;
	int fd, status = 0, rc;

	path = talloc_asprintf(d, "%s/patchbay-reply-XXXXXX.eml", tdir && *tdir ? tdir : "/tmp");
	text = path ? pb_draft_text(path, d) : NULL;
	cmd = path ? talloc_asprintf(path, "%s \"$@\"", pick_editor(editor)) : NULL;
	if (!text || !cmd) {
		talloc_free(path);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	fd = mkstemps(path, 4);
	if (fd < 0) {
		rc = pb_error_set(err, PB_ERR_IO, "cannot make a temp file for the editor: %s", strerror(errno));
		talloc_free(path);
		return rc;
	}
	close(fd);
	if ((rc = _pb_file_write_atomic(path, text, strlen(text), err))) {
		unlink(path);
		talloc_free(path);
		return rc;
	}
	{
		/* the editor setting is the user's, run by the shell; the mail
		 * is only in the file; the terminal is the editor's */
		const char *argv[] = {"sh", "-c", cmd, pick_editor(editor), path, NULL};
		_pb_run_opts_t ro = {.argv = argv, .in = _PB_RUN_IN_INHERIT, .out = _PB_RUN_OUT_INHERIT};
		_pb_run_result_t run;
		if ((rc = _pb_run_with(&run, &ro, err)) || run.exec_errno) {
			char why[sizeof(err->msg)];
			snprintf(why, sizeof(why), "%s", run.exec_errno ? strerror(run.exec_errno) : pb_error_msg(err));
			rc = pb_error_set(err, PB_ERR_EXTERNAL, "cannot start the editor: %s", why);
			unlink(path);
			talloc_free(path);
			return rc;
		}
		status = run.status;
	}
	if (status != 0) {
		rc = pb_error_set(err, PB_ERR_EXTERNAL, "the editor (%s) failed (status %d); the draft is unchanged",
				  pick_editor(editor), status);
		unlink(path);
		talloc_free(path);
		return rc;
	}
	if ((rc = _pb_file_read(path, &after, NULL, path, err))) {
		talloc_free(path);
		return rc;
	}
	if ((rc = pb_draft_set_text(d, after, err))) {
		/* keep what was written: name the file */
		if (err) {
			char *msg = talloc_asprintf(path, "%s; your text is kept in %s", err->msg, path);
			if (msg)
				pb_error_set(err, rc, "%s", msg);
		}
		talloc_free(path);
		return rc;
	}
	unlink(path);
	talloc_free(path);
	return PB_OK;
}

/* ---- MIME ------------------------------------------------------------------------------ */

static bool add_list(GMimeMessage *msg, GMimeAddressType type, const char *text)
{
	InternetAddressList *l;
	if (!text || !*text)
		return true;
	l = internet_address_list_parse(NULL, text);
	if (!l)
		return false;
	/* names in UTF-8 encoded-words, whatever GMime would pick */
	for (int i = 0; i < internet_address_list_length(l); i++)
		internet_address_set_charset(internet_address_list_get_address(l, i), "utf-8");
	internet_address_list_append(g_mime_message_get_addresses(msg, type), l);
	g_object_unref(l);
	return true;
}

pb_status_t pb_draft_format(TALLOC_CTX *mem_ctx, char **out, const pb_draft_t *d, bool with_bcc, pb_error_t *err)
{
	GMimeMessage *msg;
	GMimePart *part;
	GMimeFormatOptions *fo;
	GDateTime *utc, *local;
	GTimeZone *tz;
	GMimeContentEncoding enc;
	char *s, *refs = NULL;
	int rc = PB_OK;

	pb_mail_init();
	msg = g_mime_message_new(TRUE);
	if (!add_list(msg, GMIME_ADDRESS_TYPE_FROM, d->from) || !d->from || !*d->from) {
		g_object_unref(msg);
		return pb_error_set(err, PB_ERR_PARSE, "bad From address: %s", d->from ? d->from : "(none)");
	}
	if (!add_list(msg, GMIME_ADDRESS_TYPE_TO, d->to) || !add_list(msg, GMIME_ADDRESS_TYPE_CC, d->cc) ||
	    (with_bcc && !add_list(msg, GMIME_ADDRESS_TYPE_BCC, d->bcc))) {
		g_object_unref(msg);
		return pb_error_set(err, PB_ERR_PARSE, "bad address in To, Cc or Bcc");
	}
	g_mime_message_set_subject(msg, d->subject ? d->subject : "", "utf-8");
	utc = g_date_time_new_from_unix_utc(d->date);
	tz = g_time_zone_new_offset(d->tz_offset * 60);
	local = g_date_time_to_timezone(utc, tz);
	g_mime_message_set_date(msg, local);
	g_date_time_unref(local);
	g_date_time_unref(utc);
	g_time_zone_unref(tz);
	g_mime_message_set_message_id(msg, d->msgid);
	if (d->in_reply_to && *d->in_reply_to) {
		char *irt = talloc_asprintf(mem_ctx, "<%s>", d->in_reply_to);
		g_mime_object_set_header(GMIME_OBJECT(msg), "In-Reply-To", irt, NULL);
		talloc_free(irt);
	}
	if (d->n_refs) {
		refs = talloc_strdup(mem_ctx, "");
		for (size_t i = 0; refs && i < d->n_refs; i++)
			refs = talloc_asprintf_append(refs, "%s<%s>", i ? " " : "", d->refs[i]);
		if (refs)
			g_mime_object_set_header(GMIME_OBJECT(msg), "References", refs, NULL);
		talloc_free(refs);
	}
	g_mime_object_set_header(GMIME_OBJECT(msg), "User-Agent", "patchbay", NULL);
	{
		/* the body as UTF-8 bytes (GMime's text part would pick a legacy
		 * charset); the transfer encoding that fits: 7bit, 8bit, or
		 * quoted-printable for lines too long for SMTP */
		const char *body = d->body ? d->body : "";
		bool ascii = true;
		GMimeStream *mem = g_mime_stream_mem_new_with_buffer(body, strlen(body));
		GMimeDataWrapper *dw = g_mime_data_wrapper_new_with_stream(mem, GMIME_CONTENT_ENCODING_DEFAULT);
		for (const char *c = body; *c && ascii; c++)
			ascii = (unsigned char)*c < 0x80;
		part = g_mime_part_new_with_type("text", "plain");
		g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset", ascii ? "us-ascii" : "utf-8");
		g_mime_part_set_content(part, dw);
		g_object_unref(dw);
		g_object_unref(mem);
		enc = ascii ? GMIME_CONTENT_ENCODING_7BIT : GMIME_CONTENT_ENCODING_8BIT;
		for (const char *l = body; *l;) {
			size_t n = strcspn(l, "\n");
			if (n > 998)
				enc = GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE;
			l += n + (l[n] ? 1 : 0);
		}
		g_mime_part_set_content_encoding(part, enc);
	}
	g_mime_message_set_mime_part(msg, GMIME_OBJECT(part));
	g_object_unref(part);
	fo = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_UNIX);
	s = g_mime_object_to_string(GMIME_OBJECT(msg), fo);
	g_mime_format_options_free(fo);
	g_object_unref(msg);
	*out = s ? talloc_strdup(mem_ctx, s) : NULL;
	g_free(s);
	if (!*out)
		rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	return rc;
}

static char *list_text(TALLOC_CTX *ctx, InternetAddressList *l)
{
	char *s, *r;
	if (!l || internet_address_list_length(l) == 0)
		return talloc_strdup(ctx, "");
	s = internet_address_list_to_string(l, NULL, FALSE);
	r = talloc_strdup(ctx, s ? s : "");
	g_free(s);
	return r;
}

pb_status_t pb_draft_parse(TALLOC_CTX *mem_ctx, pb_draft_t **out, const char *data, size_t len, pb_error_t *err)
{
	pb_mail_t *m;
	pb_draft_t *d;
	GMimeStream *st;
	GMimeParser *p;
	GMimeMessage *msg;
	int rc = pb_mail_parse(mem_ctx, &m, data, len, err);
	if (rc)
		return rc;
	d = talloc_zero(mem_ctx, pb_draft_t);
	st = g_mime_stream_mem_new_with_buffer(data, len);
	p = g_mime_parser_new_with_stream(st);
	msg = g_mime_parser_construct_message(p, NULL);
	g_object_unref(p);
	g_object_unref(st);
	if (!d || !msg) {
		if (msg)
			g_object_unref(msg);
		talloc_free(d);
		talloc_free(m);
		return pb_error_set(err, PB_ERR_PARSE, "not a stored draft");
	}
	d->from = list_text(d, g_mime_message_get_from(msg));
	d->to = list_text(d, g_mime_message_get_to(msg));
	d->cc = list_text(d, g_mime_message_get_cc(msg));
	d->bcc = list_text(d, g_mime_message_get_bcc(msg));
	g_object_unref(msg);
	d->subject = talloc_strdup(d, m->subject);
	d->in_reply_to = m->in_reply_to ? talloc_strdup(d, m->in_reply_to) : NULL;
	d->refs = talloc_array(d, char *, m->n_refs ? m->n_refs : 1);
	for (size_t i = 0; d->refs && i < m->n_refs; i++)
		d->refs[d->n_refs++] = talloc_strdup(d->refs, m->refs[i]);
	d->msgid = talloc_strdup(d, m->msgid);
	d->date = m->date;
	d->tz_offset = m->tz_offset;
	d->body = talloc_strdup(d, m->body);
	talloc_free(m);
	if (!d->from || !d->to || !d->cc || !d->bcc || !d->subject || !d->refs || !d->msgid || !d->body) {
		talloc_free(d);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	*out = d;
	return PB_OK;
}

struct rcpt_acc {
	TALLOC_CTX *ctx;
	char **v;
	size_t n;
	bool oom;
};

static int rcpt_add(void *payload, const char *name, const char *email)
{
	struct rcpt_acc *a = payload;
	char **nv;
	(void)name;
	for (size_t i = 0; i < a->n; i++)
		if (strcasecmp(a->v[i], email) == 0)
			return 0;
	nv = talloc_realloc(a->ctx, a->v, char *, a->n + 1);
	if (!nv || !(nv[a->n] = talloc_strdup(nv, email))) {
		a->oom = true;
		return 1;
	}
	a->v = nv;
	a->n++;
	return 0;
}

pb_status_t pb_draft_recipients(TALLOC_CTX *mem_ctx, char ***out, size_t *n, const pb_draft_t *d, pb_error_t *err)
{
	struct rcpt_acc a = {0};
	a.ctx = mem_ctx;
	a.v = talloc_array(mem_ctx, char *, 1);
	if (!a.v)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	_pb_addr_each(d->to, rcpt_add, &a);
	_pb_addr_each(d->cc, rcpt_add, &a);
	_pb_addr_each(d->bcc, rcpt_add, &a);
	if (a.oom) {
		talloc_free(a.v);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	*out = a.v;
	*n = a.n;
	return PB_OK;
}

pb_status_t pb_draft_load(pb_draft_t **out, TALLOC_CTX *mem_ctx, const char *path, pb_error_t *err)
{
	gchar *data = NULL;
	gsize len = 0;
	GError *ge = NULL;
	int rc;
	*out = NULL;
	if (!g_file_get_contents(path, &data, &len, &ge)) {
		rc = pb_error_set(err, PB_ERR_IO, "cannot read the draft %s: %s", path, ge ? ge->message : "?");
		g_clear_error(&ge);
		return rc;
	}
	rc = pb_draft_parse(mem_ctx, out, data, len, err);
	g_free(data);
	if (rc)
		return rc;
	/* sending it or keeping it again replaces this copy (send.h) */
	if (!((*out)->path = talloc_strdup(*out, path))) {
		TALLOC_FREE(*out);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	return PB_OK;
}

pb_status_t pb_draft_sign(pb_draft_t *d, pb_conf_t *conf, pb_error_t *err)
{
	void *tmp = talloc_new(d);
	char *path = pb_conf_path(tmp, conf, "patchbay.signature"), *sig = NULL, *body;
	pb_error_t e2 = {0};
	size_t len = 0;
	pb_status_t rc = PB_OK;
	if (!tmp)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if (!path || !*path)
		goto out;
	if (_pb_file_read(tmp, &sig, &len, path, &e2) != PB_OK) {
		rc = pb_error_set(err, e2.status, "patchbay.signature: %s", pb_error_msg(&e2));
		goto out;
	}
	if (memchr(sig, '\0', len) || !g_utf8_validate(sig, (gssize)len, NULL)) {
		rc = pb_error_set(err, PB_ERR_PARSE, "patchbay.signature names %s, which is not UTF-8 text", path);
		goto out;
	}
	while (len && (sig[len - 1] == '\n' || sig[len - 1] == '\r'))
		sig[--len] = '\0';
	if (!len)
		goto out;
	/* the "-- " line once, whether or not the file has it */
	if (strncmp(sig, "-- \n", 4) == 0)
		sig += 4;
	body = talloc_asprintf(d, "%s%s-- \n%s\n", d->body ? d->body : "",
			       d->body && *d->body && d->body[strlen(d->body) - 1] != '\n' ? "\n" : "", sig);
	if (!body) {
		rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		goto out;
	}
	talloc_free(d->body);
	d->body = body;
out:
	talloc_free(tmp);
	return rc;
}
