/* mbox.c: mbox and mboxrd. */
#include <ctype.h>
#include <string.h>

#include "patchbay/mbox.h"

/* "From <something> ...": after a blank line (or at the start of the file)
 * any such line starts a message, as Python's mailbox and patchew's files
 * ("From A") have it; mboxo writers escape body lines as ">From ". */
static bool from_line(const char *p, const char *end)
{
	const char *e = memchr(p, '\n', (size_t)(end - p));
	int words = 0;
	bool digit = false, in = false;
	if ((size_t)(end - p) < 6 || memcmp(p, "From ", 5) != 0)
		return false;
	if (!e)
		e = end;
	for (const char *q = p + 5; q < e; q++) {
		if (*q == ' ' || *q == '\t' || *q == '\r') {
			in = false;
			continue;
		}
		if (!in)
			words++;
		in = true;
		if (isdigit((unsigned char)*q))
			digit = true;
	}
	(void)digit;
	return words >= 1;
}

/* "From <addr> Mon Sep 17 00:00:00 2001": a From_ line with a ctime date,
 * which starts a message even without a blank line before it (git
 * mailsplit's rule). */
static bool strict_from_line(const char *p, const char *end)
{
	const char *e = memchr(p, '\n', (size_t)(end - p)), *q;
	int colons = 0, year = 0;
	if (!from_line(p, end))
		return false;
	if (!e)
		e = end;
	q = p + 5;
	while (q < e && *q != ' ')
		q++; /* the address */
	while (q < e && *q == ' ')
		q++;
	/* weekday and month: three letters each */
	for (int w = 0; w < 2; w++) {
		if (e - q < 4 || !isalpha((unsigned char)q[0]) || !isalpha((unsigned char)q[1]) ||
		    !isalpha((unsigned char)q[2]) || q[3] != ' ')
			return false;
		q += 4;
		while (q < e && *q == ' ')
			q++;
	}
	for (; q < e; q++) {
		if (*q == ':')
			colons++;
		if (isdigit((unsigned char)*q) && e - q >= 4 && isdigit((unsigned char)q[1]) &&
		    isdigit((unsigned char)q[2]) && isdigit((unsigned char)q[3]) &&
		    (q + 4 == e || q[4] == ' ' || q[4] == '\r') && q[-1] == ' ')
			year = 1;
	}
	return colons >= 1 && year;
}

bool pb_mbox_is_rd(const char *data, size_t len)
{
	const char *end = data + len;
	if (len > 13 && memcmp(data, "From mboxrd@", 12) == 0)
		return true;
	for (const char *p = data; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if ((size_t)(end - p) > 7 && p[0] == '>' && p[1] == '>') {
			const char *q = p;
			while (q < end && *q == '>')
				q++;
			if ((size_t)(end - q) >= 5 && memcmp(q, "From ", 5) == 0)
				return true;
		}
		p = nl ? nl + 1 : end;
	}
	return false;
}

static int emit(TALLOC_CTX *ctx, const char *s, const char *e, bool rd, pb_mbox_cb cb, void *payload)
{
	char *buf, *w;
	int rc;
	/* drop the blank line that separates messages, keep the last newline */
	if (e - s >= 2 && e[-1] == '\n' && e[-2] == '\n')
		e--;
	else if (e - s >= 3 && e[-1] == '\n' && e[-2] == '\r' && e[-3] == '\n')
		e -= 2;
	if (e <= s)
		return 0;
	if (!rd)
		return cb(payload, s, (size_t)(e - s));
	buf = talloc_size(ctx, (size_t)(e - s) + 1);
	if (!buf)
		return -1;
	w = buf;
	for (const char *p = s; p < e;) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		const char *le = nl ? nl + 1 : e;
		if (*p == '>') {
			const char *q = p;
			while (q < le && *q == '>')
				q++;
			if ((size_t)(le - q) >= 5 && memcmp(q, "From ", 5) == 0)
				p++; /* one '>' less */
		}
		memcpy(w, p, (size_t)(le - p));
		w += le - p;
		p = le;
	}
	rc = cb(payload, buf, (size_t)(w - buf));
	talloc_free(buf);
	return rc;
}

int pb_mbox_split(TALLOC_CTX *mem_ctx, const char *data, size_t len, pb_mbox_cb cb, void *payload)
{
	const char *end = data + len, *start = NULL, *p = data;
	bool rd = pb_mbox_is_rd(data, len);
	bool prev_blank = true;
	int rc;

	/* leading lines of only blanks do not count (git mailsplit skips them) */
	for (const char *q = data; q < end;) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		const char *le = nl ? nl : end;
		bool blank = true;
		for (const char *c = q; c < le; c++)
			if (*c != ' ' && *c != '\t' && *c != '\r')
				blank = false;
		if (!blank || !nl)
			break;
		q = nl + 1;
		data = p = q;
	}
	if (!from_line(data, end)) {
		/* a single raw message (possibly with leading blank lines) */
		while (p < end && (*p == '\n' || *p == '\r'))
			p++;
		if (p >= end)
			return 0;
		return cb(payload, p, (size_t)(end - p));
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *next = nl ? nl + 1 : end;
		if ((prev_blank && from_line(p, end)) || strict_from_line(p, end)) {
			if (start && (rc = emit(mem_ctx, start, p, rd, cb, payload)))
				return rc;
			start = next;
		}
		prev_blank = (next - p == 1) || (next - p == 2 && p[0] == '\r');
		p = next;
	}
	if (start && start < end)
		return emit(mem_ctx, start, end, rd, cb, payload);
	return 0;
}

pb_status_t pb_mbox_append_rd(TALLOC_CTX *mem_ctx, char **buf, const char *msg)
{
	size_t n = strlen(msg);
	char *o;
	if (!*buf)
		*buf = talloc_strdup(mem_ctx, "");
	if (!*buf)
		return PB_ERR_NOMEM;
	o = talloc_strdup_append_buffer(*buf, "From git@z Thu Jan  1 00:00:00 1970\n");
	if (!o)
		return PB_ERR_NOMEM;
	for (const char *p = msg; *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p + 1) : strlen(p);
		const char *q = p;
		while (q < p + l && *q == '>')
			q++;
		if ((size_t)(p + l - q) >= 5 && memcmp(q, "From ", 5) == 0)
			o = talloc_strdup_append_buffer(o, ">");
		if (o)
			o = talloc_strndup_append_buffer(o, p, l);
		if (!o)
			return PB_ERR_NOMEM;
		p += l;
	}
	if (n && msg[n - 1] != '\n')
		o = talloc_strdup_append_buffer(o, "\n");
	if (o)
		o = talloc_strdup_append_buffer(o, "\n");
	if (!o)
		return PB_ERR_NOMEM;
	*buf = o;
	return PB_OK;
}
