/* error.h: an error carries a status and a one-line message.
 *
 * Every fallible core function returns pb_status_t and, on failure, fills
 * a pb_error_t the caller passed in (may be NULL when the caller only wants
 * the code). Messages from libgit2 and notmuch are copied at once. */
#ifndef PB_ERROR_H
#define PB_ERROR_H

#include <stdarg.h>
#include "patchbay/status.h"

typedef struct pb_error {
	pb_status_t status;
	char msg[512];
} pb_error_t;

/* Fill err (if non-NULL) and return st. printf-style message. */
pb_status_t pb_error_set(pb_error_t *err, pb_status_t st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* As pb_error_set, appending libgit2's last error message. */
pb_status_t pb_error_git(pb_error_t *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Clear to PB_OK. */
void pb_error_clear(pb_error_t *err);

/* Message for display: the detailed message, else the status string. */
const char *pb_error_msg(const pb_error_t *err);

#endif
