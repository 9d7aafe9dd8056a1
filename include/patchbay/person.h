/* person.h: people as mail names them ("Name <addr>").
 *
 * A pb_person_t's strings belong to the talloc context its filler was
 * given (pb_person_parse's mem_ctx; the mail or record that holds it). */
#ifndef PB_PERSON_H
#define PB_PERSON_H

#include <stdbool.h>
#include <talloc.h>

#include "patchbay/status.h"

typedef struct pb_person {
	char *name;  /* UTF-8; "" when unknown */
	char *email; /* lower case as written; "" when unknown */
} pb_person_t;

/* Split an address "Name <a@b>" into a person; names are RFC 2047 decoded.
 * OUT's strings are new on MEM_CTX. Text that is no address at all is
 * kept as the name. PB_ERR_NOMEM only. */
pb_status_t pb_person_parse(TALLOC_CTX *mem_ctx, pb_person_t *out, const char *text);

/* Same person: equal e-mail (case-insensitive, +suffix ignored) or equal
 * non-empty normalised name. */
bool pb_person_same(const pb_person_t *a, const pb_person_t *b);

/* "Name <email>" (or just the e-mail when the name is empty): a new
 * string on MEM_CTX, NULL when out of memory. */
char *pb_person_format(TALLOC_CTX *mem_ctx, const pb_person_t *p);

#endif
