/* text.c: inert, measurable text. */
#define _XOPEN_SOURCE 700
#include <string.h>
#include <wchar.h>

#include <glib.h>

#include "patchbay/text.h"

static int char_width(gunichar c)
{
	if (g_unichar_iszerowidth(c))
		return 0;
	if (g_unichar_iswide(c))
		return 2;
	return 1;
}

char *pb_text_inert(TALLOC_CTX *mem_ctx, const char *s, unsigned flags)
{
	GString *o;
	char *r;
	const char *p = s ? s : "";
	if (!s)
		return talloc_strdup(mem_ctx, "");
	o = g_string_sized_new(strlen(p) + 8);
	while (*p) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x80) {
			if (c == '\n' && (flags & PB_TEXT_KEEP_NEWLINES))
				g_string_append_c(o, '\n');
			else if (c == '\t' && (flags & PB_TEXT_KEEP_TABS))
				g_string_append_c(o, '\t');
			else if (c == '\t')
				g_string_append_c(o, ' ');
			else if (c < 0x20) {
				g_string_append_c(o, '^');
				g_string_append_c(o, (char)(c + '@'));
			} else if (c == 0x7f)
				g_string_append(o, "^?");
			else
				g_string_append_c(o, (char)c);
			p++;
			continue;
		}
		{
			gunichar u = g_utf8_get_char_validated(p, -1);
			if (u == (gunichar)-1 || u == (gunichar)-2) {
				g_string_append(o, "\xEF\xBF\xBD");
				p++;
				continue;
			}
			if (u >= 0x80 && u <= 0x9f) {
				/* C1 controls (CSI is U+009B): shown as <9b> */
				g_string_append_printf(o, "<%02x>", (unsigned)u);
			} else if (u == 0x2028 || u == 0x2029 || (u >= 0x202a && u <= 0x202e) ||
				   (u >= 0x2066 && u <= 0x2069)) {
				/* line separators and bidi overrides reorder the screen */
				g_string_append_printf(o, "<U+%04X>", (unsigned)u);
			} else {
				g_string_append_len(o, p, g_utf8_next_char(p) - p);
			}
			p = g_utf8_next_char(p);
		}
	}
	r = talloc_strndup(mem_ctx, o->str, o->len);
	g_string_free(o, TRUE);
	return r;
}

size_t pb_text_width(const char *s)
{
	size_t w = 0;
	for (const char *p = s; *p; p = g_utf8_next_char(p)) {
		gunichar u = g_utf8_get_char(p);
		w += (size_t)char_width(u);
	}
	return w;
}

size_t pb_text_fit(const char *s, size_t cols, size_t *used)
{
	size_t w = 0;
	const char *p = s;
	while (*p) {
		gunichar u = g_utf8_get_char(p);
		int cw = char_width(u);
		if (w + (size_t)cw > cols)
			break;
		w += (size_t)cw;
		p = g_utf8_next_char(p);
	}
	if (used)
		*used = w;
	return (size_t)(p - s);
}
