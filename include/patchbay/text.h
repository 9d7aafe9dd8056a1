/* text.h: mail text made safe and measurable for a terminal.
 *
 * Nothing from a mail reaches a terminal raw: C0 and C1 control characters
 * and DEL become caret notation (ESC is "^["), so an escape sequence in a
 * subject shows as text. Widths count columns (CJK wide characters are two,
 * combining marks zero), so columns line up. */
#ifndef PB_TEXT_H
#define PB_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <talloc.h>

enum {
	PB_TEXT_KEEP_NEWLINES = 1 << 0, /* keep \n (multi-line text) */
	PB_TEXT_KEEP_TABS = 1 << 1      /* keep \t (diffs) */
};

/* A copy of S with control characters made visible; invalid UTF-8 bytes
 * become U+FFFD. */
char *pb_text_inert(TALLOC_CTX *mem_ctx, const char *s, unsigned flags);

/* Is code point U one that draws nothing yet changes what text means or
 * how it is laid out (zero-width spaces and joiners, direction marks and
 * overrides, line separators, invisible operators, the byte-order mark)?
 * pb_text_inert shows them by name ("<U+202E>"). */
bool pb_text_invisible(uint32_t u);

/* Columns S takes on a terminal (after pb_text_inert). */
size_t pb_text_width(const char *s);

/* Longest prefix of S that fits in COLS columns: its length in bytes;
 * *used gets the columns it takes. Never splits a character. */
size_t pb_text_fit(const char *s, size_t cols, size_t *used);

#endif
