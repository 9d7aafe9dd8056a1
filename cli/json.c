/* json.c: streaming JSON writer. Strings are UTF-8; control characters and
 * the invisible ones (zero-width, bidi overrides: pb_text_invisible) are
 * escaped, so mail text never reaches a terminal raw through --json, and
 * the data is unchanged. */
#include <glib.h>

#include "cli/json.h"
#include "patchbay/text.h"

void json_init(json_t *j, FILE *out, int indent)
{
	j->out = out;
	j->depth = 0;
	j->first[0] = true;
	j->after_key = false;
	j->indent = indent;
}

static void newline(json_t *j)
{
	if (!j->indent)
		return;
	fputc('\n', j->out);
	for (int i = 0; i < j->depth * j->indent; i++)
		fputc(' ', j->out);
}

static void pre_value(json_t *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth > 0) {
		if (!j->first[j->depth])
			fputc(',', j->out);
		newline(j);
	}
	j->first[j->depth] = false;
}

static void open(json_t *j, char c)
{
	pre_value(j);
	fputc(c, j->out);
	if (j->depth < 63)
		j->depth++;
	j->first[j->depth] = true;
}

static void close_(json_t *j, char c)
{
	bool empty = j->first[j->depth];
	if (j->depth > 0)
		j->depth--;
	if (!empty)
		newline(j);
	fputc(c, j->out);
	if (j->depth == 0)
		fputc('\n', j->out);
}

void json_begin_obj(json_t *j) { open(j, '{'); }
void json_begin_arr(json_t *j) { open(j, '['); }
void json_end_obj(json_t *j) { close_(j, '}'); }
void json_end_arr(json_t *j) { close_(j, ']'); }

static void raw_str(json_t *j, const char *s)
{
	fputc('"', j->out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", j->out); break;
		case '\\': fputs("\\\\", j->out); break;
		case '\n': fputs("\\n", j->out); break;
		case '\t': fputs("\\t", j->out); break;
		case '\r': fputs("\\r", j->out); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(j->out, "\\u%04x", *p);
			else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
				/* C1 control characters */
				fprintf(j->out, "\\u%04x", p[1]);
				p++;
			} else if (*p >= 0x80) {
				/* (one character; invalid bytes pass as they are) */
				gunichar u = g_utf8_get_char_validated((const char *)p, -1);
				if (u != (gunichar)-1 && u != (gunichar)-2 && pb_text_invisible(u)) {
					fprintf(j->out, "\\u%04x", (unsigned)u);
					p = (const unsigned char *)g_utf8_next_char(p) - 1;
				} else {
					fputc(*p, j->out);
				}
			} else
				fputc(*p, j->out);
		}
	}
	fputc('"', j->out);
}

void json_key(json_t *j, const char *k)
{
	pre_value(j);
	raw_str(j, k);
	fputs(j->indent ? ": " : ":", j->out);
	j->after_key = true;
}

void json_str(json_t *j, const char *s)
{
	pre_value(j);
	if (s)
		raw_str(j, s);
	else
		fputs("null", j->out);
}

void json_int(json_t *j, long long v)
{
	pre_value(j);
	fprintf(j->out, "%lld", v);
}

void json_bool(json_t *j, bool v)
{
	pre_value(j);
	fputs(v ? "true" : "false", j->out);
}

void json_null(json_t *j)
{
	pre_value(j);
	fputs("null", j->out);
}

void json_kstr(json_t *j, const char *k, const char *s) { json_key(j, k); json_str(j, s); }
void json_kint(json_t *j, const char *k, long long v) { json_key(j, k); json_int(j, v); }
void json_kbool(json_t *j, const char *k, bool v) { json_key(j, k); json_bool(j, v); }
