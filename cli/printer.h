/* printer.h: one printer for a command's output, text or JSON (after
 * notmuch's sprinter).
 *
 * A command describes its output once, as one walk over what it prints:
 * the structure (pr_begin_map, pr_begin_list, pr_key, the values, pr_end)
 * and, beside each item, its lines of text (pr_text, pr_textf). Each back
 * end writes its own half and passes over the other's:
 *
 *  - the JSON back end writes the structure as JSON (json.h: mail text
 *    escaped, never raw) and ignores the text;
 *  - the text back end writes the text, made inert (cli_puts_safe: no
 *    control character of a mail reaches the terminal), and ignores the
 *    structure.
 *
 * So which items are printed, in what order, under which condition, is
 * said in one place for both; the text keeps its columns and sentences,
 * which are not a rendering of the JSON's keys (notmuch's text printer
 * is no such rendering either: notmuch search formats its text line by
 * hand beside the structured output). Text that is costly to make is made
 * under `if (pr_is_text(p))`.
 *
 * Ownership: printer_new's printer is a talloc child of CTX and holds
 * nothing but memory: free it or CTX when done. OUT is the caller's,
 * borrowed for the printer's life, never closed. Every string given to a
 * pr_ call is read during the call and not kept. Output goes to the stream
 * as it is made (no buffer of the printer's own), so a command that stops
 * half way leaves what it printed. JSON nests 63 levels deep at most
 * (json.h; `show` needs 7). */
#ifndef PB_CLI_PRINTER_H
#define PB_CLI_PRINTER_H

#include <stdbool.h>
#include <stdio.h>
#include <talloc.h>

typedef enum { PRINTER_TEXT, PRINTER_JSON } printer_kind_t;

typedef struct printer printer_t;

/* A printer of KIND writing to OUT; INDENT is the JSON back end's spaces
 * per level (0: one line). NULL when out of memory. */
printer_t *printer_new(TALLOC_CTX *ctx, printer_kind_t kind, FILE *out, int indent);

/* Is P the text back end? (For text that is costly to make.) */
bool pr_is_text(const printer_t *p);

/* Structure, written by the JSON back end only. pr_end closes the map or
 * list opened last; closing the outermost ends the document (a newline). */
void pr_begin_map(printer_t *p);
void pr_begin_list(printer_t *p);
void pr_end(printer_t *p);
void pr_key(printer_t *p, const char *key);
void pr_str(printer_t *p, const char *s); /* NULL: null */
void pr_int(printer_t *p, long long v);
void pr_bool(printer_t *p, bool v);
void pr_null(printer_t *p);
/* key and value */
void pr_kstr(printer_t *p, const char *key, const char *s);
void pr_kint(printer_t *p, const char *key, long long v);
void pr_kbool(printer_t *p, const char *key, bool v);

/* Text, written by the text back end only, made inert: S as it is, or
 * FMT formatted (printf's), to the printer's stream or to F (stderr: a
 * count or a failure's summary that is not the command's output). */
void pr_text(printer_t *p, const char *s);
void pr_textf(printer_t *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pr_textf_to(printer_t *p, FILE *f, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A newline after the document, JSON back end only: check, interdiff and
 * apply have always ended their JSON with a blank line (kept, for the
 * scripts that read it). */
void pr_json_blank_line(printer_t *p);

#endif
