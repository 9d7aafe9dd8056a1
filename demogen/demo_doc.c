/* demo_doc.c: the data files of the demo: sections, hunks, times, trees. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demogen/demo_priv.h"

#define MARK "%%% "

const char *_pb_demo_file(const char *name)
{
	for (const struct _pb_demo_embedded *f = _pb_demo_files; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f->text;
	return NULL;
}

int _pb_demo_fail(pb_error_t *err, const _pb_demo_sect_t *s, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return pb_error_set(err, PB_ERR_PARSE, "demo/%s:%u: %s", s->doc, s->line, msg);
}

const char *_pb_demo_attr(const _pb_demo_sect_t *s, const char *key)
{
	for (size_t i = 0; i < s->n_attrs; i++)
		if (strcmp(s->attrs[i].key, key) == 0)
			return s->attrs[i].val;
	return NULL;
}

/* "KIND key=value key=value | title" */
static int parse_marker(TALLOC_CTX *ctx, _pb_demo_sect_t *s, const char *l, size_t len, pb_error_t *err)
{
	const char *end = l + len, *bar = memmem(l, len, " | ", 3);
	s->title = bar ? talloc_strndup(ctx, bar + 3, (size_t)(end - bar - 3)) : talloc_strdup(ctx, "");
	if (!s->title)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if (bar)
		end = bar;
	for (const char *p = l; p < end;) {
		const char *w = p, *eq;
		while (w < end && *w != ' ')
			w++;
		if (w == p) {
			p++;
			continue;
		}
		if (!s->kind) {
			s->kind = talloc_strndup(ctx, p, (size_t)(w - p));
		} else {
			_pb_demo_attr_t *na;
			eq = memchr(p, '=', (size_t)(w - p));
			if (!eq)
				return _pb_demo_fail(err, s, "attribute \"%.*s\" has no '='", (int)(w - p), p);
			na = talloc_realloc(ctx, s->attrs, _pb_demo_attr_t, s->n_attrs + 1);
			if (!na)
				return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
			s->attrs = na;
			na[s->n_attrs].key = talloc_strndup(ctx, p, (size_t)(eq - p));
			na[s->n_attrs].val = talloc_strndup(ctx, eq + 1, (size_t)(w - eq - 1));
			if (!na[s->n_attrs].key || !na[s->n_attrs].val)
				return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
			s->n_attrs++;
		}
		p = w;
	}
	if (!s->kind)
		return _pb_demo_fail(err, s, "section without a kind");
	return PB_OK;
}

static int finish_text(TALLOC_CTX *ctx, _pb_demo_sect_t *s, const char *start, const char *end, pb_error_t *err)
{
	/* trailing blank lines go; the text ends with one newline */
	while (end > start && end[-1] == '\n')
		end--;
	s->text = end > start ? talloc_asprintf(ctx, "%.*s\n", (int)(end - start), start) : talloc_strdup(ctx, "");
	return s->text ? PB_OK : pb_error_set(err, PB_ERR_NOMEM, "out of memory");
}

int _pb_demo_doc_parse(TALLOC_CTX *mem_ctx, _pb_demo_doc_t **out, const char *name, const char *text,
		       pb_error_t *err)
{
	_pb_demo_doc_t *d = talloc_zero(mem_ctx, _pb_demo_doc_t);
	const char *p = text, *body = NULL;
	unsigned line = 0;
	int rc;

	if (!d || !(d->name = talloc_strdup(d, name)))
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		line++;
		if (strncmp(p, MARK, strlen(MARK)) == 0) {
			_pb_demo_sect_t *s, *nv;
			if (d->n && (rc = finish_text(d, &d->v[d->n - 1], body, p, err)))
				goto fail;
			nv = talloc_realloc(d, d->v, _pb_demo_sect_t, d->n + 1);
			if (!nv) {
				rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
				goto fail;
			}
			d->v = nv;
			s = &d->v[d->n++];
			memset(s, 0, sizeof(*s));
			s->doc = d->name;
			s->line = line;
			if ((rc = parse_marker(d, s, p + strlen(MARK), len - strlen(MARK), err)))
				goto fail;
			body = nl ? nl + 1 : p + len;
		}
		p = nl ? nl + 1 : p + len;
	}
	if (d->n && (rc = finish_text(d, &d->v[d->n - 1], body, p, err)))
		goto fail;
	*out = d;
	return PB_OK;
fail:
	talloc_free(d);
	return rc;
}

/* One hunk: OLD and NEW sides from lines [s, e). */
static int hunk_sides(TALLOC_CTX *ctx, char **old, char **new, const char *s, const char *e, bool reverse)
{
	*old = talloc_strdup(ctx, "");
	*new = talloc_strdup(ctx, "");
	while (s < e && *old && *new) {
		const char *nl = memchr(s, '\n', (size_t)(e - s));
		size_t len = nl ? (size_t)(nl - s) : (size_t)(e - s);
		char c = len ? s[0] : ' ';
		const char *t = len ? s + 1 : s;
		int tl = len ? (int)len - 1 : 0;
		if (reverse && (c == '+' || c == '-'))
			c = c == '+' ? '-' : '+';
		if (c != ' ' && c != '+' && c != '-')
			return PB_ERR_PARSE;
		if (c != '+')
			*old = talloc_asprintf_append_buffer(*old, "%.*s\n", tl, t);
		if (c != '-')
			*new = talloc_asprintf_append_buffer(*new, "%.*s\n", tl, t);
		s = nl ? nl + 1 : e;
	}
	return *old && *new ? PB_OK : PB_ERR_NOMEM;
}

int _pb_demo_hunks(TALLOC_CTX *mem_ctx, char **out, const char *content, const char *text, bool reverse,
		   pb_error_t *err)
{
	void *tmp = talloc_new(mem_ctx);
	char *cur = talloc_strdup(tmp, content);
	const char *p = text;
	int rc = PB_OK;

	if (!tmp || !cur) {
		talloc_free(tmp);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	while (*p) {
		const char *e = p, *next, *at = NULL;
		char *old, *new;
		size_t olen, hits = 0;
		/* the hunk runs to a "@@" line or the end */
		while (*e && !(e[0] == '@' && e[1] == '@' && (e[2] == '\n' || !e[2]))) {
			const char *nl = strchr(e, '\n');
			e = nl ? nl + 1 : e + strlen(e);
		}
		next = *e ? (strchr(e, '\n') ? strchr(e, '\n') + 1 : e + strlen(e)) : e;
		if ((rc = hunk_sides(tmp, &old, &new, p, e, reverse))) {
			rc = rc == PB_ERR_PARSE ? pb_error_set(err, rc, "a hunk line starts with neither ' ', '-' nor '+'")
						: pb_error_set(err, rc, "out of memory");
			break;
		}
		olen = strlen(old);
		if (olen == 0) {
			rc = pb_error_set(err, PB_ERR_PARSE, "a hunk has no context and removes nothing");
			break;
		}
		for (const char *q = cur; (q = strstr(q, old)); q++)
			if (q == cur || q[-1] == '\n') {
				hits++;
				at = at ? at : q;
			}
		if (hits != 1) {
			const char *nl = strchr(old, '\n');
			rc = pb_error_set(err, PB_ERR_PARSE, "a hunk matches %zu times, not once: \"%.*s\"", hits,
					  (int)(nl - old), old);
			break;
		}
		cur = talloc_asprintf(tmp, "%.*s%s%s", (int)(at - cur), cur, new, at + olen);
		if (!cur) {
			rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
			break;
		}
		p = next;
	}
	if (rc == PB_OK)
		*out = talloc_steal(mem_ctx, cur);
	talloc_free(tmp);
	return rc;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int _pb_demo_time(int64_t *out, const char *text, int tz)
{
	int y, mo, d, h, mi, s = 0, n = 0;
	if (!text)
		return PB_ERR_PARSE;
	if (sscanf(text, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5)
		return PB_ERR_PARSE;
	if (text[n] == ':' && sscanf(text + n, ":%2d%n", &s, &n) == 1)
		;
	else if (text[n])
		return PB_ERR_PARSE;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59)
		return PB_ERR_PARSE;
	*out = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + s - (int64_t)tz * 60;
	return PB_OK;
}

const char *_pb_demo_files_get(const _pb_demo_files_t *files, const char *path)
{
	for (size_t i = 0; i < files->n; i++)
		if (strcmp(files->v[i].path, path) == 0)
			return files->v[i].text;
	return NULL;
}

int _pb_demo_files_set(TALLOC_CTX *mem_ctx, _pb_demo_files_t *files, const char *path, const char *text)
{
	_pb_demo_file_t *nv;
	for (size_t i = 0; i < files->n; i++)
		if (strcmp(files->v[i].path, path) == 0) {
			files->v[i].text = text;
			return PB_OK;
		}
	nv = talloc_realloc(mem_ctx, files->v, _pb_demo_file_t, files->n + 1);
	if (!nv)
		return PB_ERR_NOMEM;
	files->v = nv;
	nv[files->n].path = path;
	nv[files->n].text = text;
	files->n++;
	return PB_OK;
}

int _pb_demo_files_copy(TALLOC_CTX *mem_ctx, _pb_demo_files_t *out, const _pb_demo_files_t *in)
{
	out->n = 0;
	out->v = talloc_array(mem_ctx, _pb_demo_file_t, in->n ? in->n : 1);
	if (!out->v)
		return PB_ERR_NOMEM;
	memcpy(out->v, in->v, in->n * sizeof(*in->v));
	out->n = in->n;
	return PB_OK;
}

const _pb_demo_person_t *_pb_demo_person(const _pb_demo_gen_t *g, const char *id)
{
	for (size_t i = 0; id && i < g->n_people; i++)
		if (strcmp(g->people[i].id, id) == 0)
			return &g->people[i];
	return NULL;
}

const _pb_demo_hist_t *_pb_demo_hist(const _pb_demo_gen_t *g, const char *id)
{
	for (size_t i = 0; id && i < g->n_hist; i++)
		if (strcmp(g->hist[i].id, id) == 0)
			return &g->hist[i];
	return NULL;
}
