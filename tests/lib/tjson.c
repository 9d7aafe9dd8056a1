/* tjson.c: recursive-descent JSON reader for tests. */
#include <stdlib.h>
#include <string.h>

#include "tests/lib/tjson.h"

struct st {
	TALLOC_CTX *ctx;
	const char *p, *start;
	bool bad;
};

static void ws(struct st *s)
{
	while (*s->p == ' ' || *s->p == '\n' || *s->p == '\t' || *s->p == '\r')
		s->p++;
}

static tj_t *value(struct st *s, int depth);

static void put_utf8(char **o, unsigned cp)
{
	char *w = *o;
	if (cp < 0x80) {
		*w++ = (char)cp;
	} else if (cp < 0x800) {
		*w++ = (char)(0xc0 | (cp >> 6));
		*w++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*w++ = (char)(0xe0 | (cp >> 12));
		*w++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*w++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*w++ = (char)(0xf0 | (cp >> 18));
		*w++ = (char)(0x80 | ((cp >> 12) & 0x3f));
		*w++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*w++ = (char)(0x80 | (cp & 0x3f));
	}
	*o = w;
}

static char *string(struct st *s)
{
	const char *q;
	char *out, *w;
	if (*s->p != '"') {
		s->bad = true;
		return NULL;
	}
	q = ++s->p;
	while (*q && *q != '"') {
		if (*q == '\\' && q[1])
			q++;
		q++;
	}
	if (!*q) {
		s->bad = true;
		return NULL;
	}
	out = w = talloc_size(s->ctx, (size_t)(q - s->p) * 2 + 1);
	while (*s->p != '"') {
		unsigned char c = (unsigned char)*s->p++;
		if (c < 0x20) {
			s->bad = true; /* raw control characters are not JSON */
			return NULL;
		}
		if (c != '\\') {
			*w++ = (char)c;
			continue;
		}
		c = (unsigned char)*s->p++;
		switch (c) {
		case '"': *w++ = '"'; break;
		case '\\': *w++ = '\\'; break;
		case '/': *w++ = '/'; break;
		case 'b': *w++ = '\b'; break;
		case 'f': *w++ = '\f'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		case 't': *w++ = '\t'; break;
		case 'u': {
			char hex[5] = {0};
			unsigned cp;
			memcpy(hex, s->p, 4);
			cp = (unsigned)strtoul(hex, NULL, 16);
			s->p += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && s->p[0] == '\\' && s->p[1] == 'u') {
				unsigned lo;
				memcpy(hex, s->p + 2, 4);
				lo = (unsigned)strtoul(hex, NULL, 16);
				s->p += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			put_utf8(&w, cp);
			break;
		}
		default: s->bad = true; return NULL;
		}
	}
	s->p++;
	*w = '\0';
	return out;
}

static tj_t *node(struct st *s, tj_type_t t)
{
	tj_t *n = talloc_zero(s->ctx, tj_t);
	n->type = t;
	return n;
}

static void push(struct st *s, tj_t *n, char *key, tj_t *v)
{
	n->items = talloc_realloc(s->ctx, n->items, tj_t *, n->n + 1);
	if (key)
		n->keys = talloc_realloc(s->ctx, n->keys, char *, n->n + 1);
	n->items[n->n] = v;
	if (key)
		n->keys[n->n] = key;
	n->n++;
}

static tj_t *value(struct st *s, int depth)
{
	tj_t *n;
	ws(s);
	if (depth > 200) {
		s->bad = true;
		return NULL;
	}
	switch (*s->p) {
	case '{':
		n = node(s, TJ_OBJ);
		s->p++;
		ws(s);
		if (*s->p == '}') {
			s->p++;
			return n;
		}
		for (;;) {
			char *k;
			tj_t *v;
			ws(s);
			k = string(s);
			ws(s);
			if (s->bad || *s->p != ':') {
				s->bad = true;
				return NULL;
			}
			s->p++;
			v = value(s, depth + 1);
			if (s->bad)
				return NULL;
			push(s, n, k, v);
			ws(s);
			if (*s->p == ',') {
				s->p++;
				continue;
			}
			if (*s->p == '}') {
				s->p++;
				return n;
			}
			s->bad = true;
			return NULL;
		}
	case '[':
		n = node(s, TJ_ARR);
		s->p++;
		ws(s);
		if (*s->p == ']') {
			s->p++;
			return n;
		}
		for (;;) {
			tj_t *v = value(s, depth + 1);
			if (s->bad)
				return NULL;
			push(s, n, NULL, v);
			ws(s);
			if (*s->p == ',') {
				s->p++;
				continue;
			}
			if (*s->p == ']') {
				s->p++;
				return n;
			}
			s->bad = true;
			return NULL;
		}
	case '"':
		n = node(s, TJ_STR);
		n->str = string(s);
		return s->bad ? NULL : n;
	case 't':
		if (strncmp(s->p, "true", 4) == 0) {
			s->p += 4;
			n = node(s, TJ_BOOL);
			n->b = true;
			return n;
		}
		break;
	case 'f':
		if (strncmp(s->p, "false", 5) == 0) {
			s->p += 5;
			return node(s, TJ_BOOL);
		}
		break;
	case 'n':
		if (strncmp(s->p, "null", 4) == 0) {
			s->p += 4;
			return node(s, TJ_NULL);
		}
		break;
	default:
		if (*s->p == '-' || (*s->p >= '0' && *s->p <= '9')) {
			char *e;
			n = node(s, TJ_NUM);
			n->num = strtod(s->p, &e);
			s->p = e;
			return n;
		}
	}
	s->bad = true;
	return NULL;
}

tj_t *tj_parse(TALLOC_CTX *ctx, const char *text, size_t *err_off)
{
	struct st s = {ctx, text, text, false};
	tj_t *v = value(&s, 0);
	ws(&s);
	if (s.bad || *s.p) {
		if (err_off)
			*err_off = (size_t)(s.p - text);
		return NULL;
	}
	return v;
}

tj_t *tj_get(const tj_t *obj, const char *key)
{
	if (!obj || obj->type != TJ_OBJ)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0)
			return obj->items[i];
	return NULL;
}

const char *tj_str(const tj_t *obj, const char *key)
{
	tj_t *v = tj_get(obj, key);
	return v && v->type == TJ_STR ? v->str : NULL;
}
