/* util.h: small helpers the tui files share. */
#ifndef PB_TUI_UTIL_H
#define PB_TUI_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <talloc.h>

/* Messages gathered while loading settings ("file:line: reason"). */
typedef struct tui_errors {
	char **v;
	size_t n;
} tui_errors_t;

/* A new empty list on mem_ctx. */
tui_errors_t *tui_errors_new(TALLOC_CTX *mem_ctx);

/* Append a message (ERRS may be NULL: the message is dropped). */
void tui_errors_add(tui_errors_t *errs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "5m", "3h", "2d", "4mo", "2y": how long before NOW time T was. */
char *tui_age(TALLOC_CTX *mem_ctx, int64_t t, int64_t now);

/* "2024-03-07 10:00" in UTC-independent local time (TZ decides). */
char *tui_date(TALLOC_CTX *mem_ctx, int64_t t);

/* Seconds on a monotonic clock. */
double tui_now(void);

#endif
