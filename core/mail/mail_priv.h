/* mail_priv.h: what mail.c and person.c share inside core/. */
#ifndef PB_MAIL_PRIV_H
#define PB_MAIL_PRIV_H

#include <gmime/gmime.h>
#include <talloc.h>

#include "patchbay/person.h"

/* The process's GMime parser options (loose RFC 2047, address and
 * parameter parsing; fallback charsets), GMime initialised first. Owned
 * by mail.c for the life of the process. */
GMimeParserOptions *_pb_mail_parser_options(void);

/* The first mailbox of LIST (NULL: none) into OUT, strings on CTX; ""
 * for what is missing. */
void _pb_person_from_list(TALLOC_CTX *ctx, pb_person_t *out, InternetAddressList *list);

#endif
