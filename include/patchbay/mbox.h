/* mbox.h: split mbox files into messages; write mboxrd.
 *
 * A From_ line starts a message when it begins the file or follows a blank
 * line and looks like "From <addr> <date>". mboxrd files ("From mboxrd@z",
 * or any ">>From " line) get one '>' removed from ^>+From lines; plain mbox
 * (mboxo) is left as it is, since its ">From " cannot be told from text. A
 * file with no From_ line at all is one raw message. */
#ifndef PB_MBOX_H
#define PB_MBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <talloc.h>

#include "patchbay/error.h"

/* Called once per message with its bytes (From_ line removed, unescaped).
 * A non-zero return stops the walk and is returned. */
typedef int (*pb_mbox_cb)(void *payload, const char *msg, size_t len);

/* Walk the messages of DATA. An mboxrd message is unescaped into a
 * buffer under MEM_CTX, freed once CB returns. Returns 0 when CB saw every
 * message, else what CB returned to stop the walk (its own code, not a
 * pb_status_t), or -1 when out of memory. */
int pb_mbox_split(TALLOC_CTX *mem_ctx, const char *data, size_t len, pb_mbox_cb cb, void *payload);

/* Does DATA look like mboxrd (so ^>+From lines are escaped)? */
bool pb_mbox_is_rd(const char *data, size_t len);

/* Append MSG (a full message, LF line ends) to *BUF as one mboxrd entry:
 * "From git@z Thu Jan  1 00:00:00 1970", ^>*From escaped, blank line after.
 * PB_ERR_NOMEM only. */
pb_status_t pb_mbox_append_rd(TALLOC_CTX *mem_ctx, char **buf, const char *msg);

#endif
