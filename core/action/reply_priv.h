/* reply_priv.h: address and id helpers shared by reply.c, send.c and
 * notify.c. Private: not under include/. */
#ifndef PB_CORE_REPLY_PRIV_H
#define PB_CORE_REPLY_PRIV_H

#include <stdint.h>
#include <talloc.h>

/* Called per mailbox of an address list (groups are flattened); a non-zero
 * return stops the walk and is returned. */
typedef int (*_pb_addr_cb)(void *payload, const char *name, const char *email);

/* Walk the mailboxes of a decoded address list ("A <a@x>, \"B, C\" <b@x>"). */
int _pb_addr_each(const char *list, _pb_addr_cb cb, void *payload);

/* "Name <email>", the name quoted when it needs to be (decoded text). */
char *_pb_addr_format(TALLOC_CTX *ctx, const char *name, const char *email);

/* A fresh Message-ID (no <>) in the domain of EMAIL. */
char *_pb_new_msgid(TALLOC_CTX *ctx, const char *email);

/* Now, and the local offset from UTC in minutes. */
void _pb_now_date(int64_t *date, int *tz_offset);

#endif
