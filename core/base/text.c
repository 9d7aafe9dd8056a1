/* text.c: inert, measurable text. */
#define _XOPEN_SOURCE 700
#include <stdbool.h>
#include <string.h>
#include <wchar.h>

#include <glib.h>

#include "patchbay/text.h"

/* One character at P: its code point in *U (U+FFFD for bytes that are
 * not UTF-8, a sequence cut short by the end of the string included) and
 * the bytes it takes. Never reads past the terminating NUL: the lead byte
 * alone does not say the string is that long (g_utf8_next_char trusts it). */
static size_t step(const char *p, gunichar *u)
{
	gunichar c = g_utf8_get_char_validated(p, -1);
	if (c == (gunichar)-1 || c == (gunichar)-2) {
		*u = 0xFFFD;
		return 1;
	}
	*u = c;
	return (size_t)(g_utf8_next_char(p) - p);
}

/* Characters that draw nothing yet change what text means or how it is
 * laid out: zero-width spaces and joiners, direction marks and overrides,
 * line separators, invisible operators, the byte-order mark. Shown by
 * name so that a hidden one in a trailer or a path can be seen. */
bool pb_text_invisible(uint32_t u)
{
	return (u >= 0x200b && u <= 0x200f) || u == 0x2028 || u == 0x2029 || (u >= 0x202a && u <= 0x202e) ||
	       (u >= 0x2060 && u <= 0x2064) || (u >= 0x2066 && u <= 0x2069) || u == 0xfeff || u == 0x061c ||
	       u == 0x180e;
}

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
			gunichar u;
			size_t len = step(p, &u);
			if (u == 0xFFFD && len == 1) {
				g_string_append(o, "\xEF\xBF\xBD");
			} else if (u >= 0x80 && u <= 0x9f) {
				/* C1 controls (CSI is U+009B): shown as <9b> */
				g_string_append_printf(o, "<%02x>", (unsigned)u);
			} else if (pb_text_invisible(u)) {
				/* bidi overrides reorder the screen, the rest hide */
				g_string_append_printf(o, "<U+%04X>", (unsigned)u);
			} else {
				g_string_append_len(o, p, (gssize)len);
			}
			p += len;
		}
	}
	r = talloc_strndup(mem_ctx, o->str, o->len);
	g_string_free(o, TRUE);
	return r;
}

size_t pb_text_width(const char *s)
{
	size_t w = 0;
	for (const char *p = s; *p;) {
		gunichar u;
		p += step(p, &u);
		w += (size_t)char_width(u);
	}
	return w;
}

size_t pb_text_fit(const char *s, size_t cols, size_t *used)
{
	size_t w = 0;
	const char *p = s;
	while (*p) {
		gunichar u;
		size_t len = step(p, &u);
		int cw = char_width(u);
		if (w + (size_t)cw > cols)
			break;
		w += (size_t)cw;
		p += len;
	}
	if (used)
		*used = w;
	return (size_t)(p - s);
}
