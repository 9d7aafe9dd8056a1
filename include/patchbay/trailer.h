/* trailer.h: Acked-by/Reviewed-by/Tested-by and friends.
 *
 * Two parsers: the trailer block of a commit message (the patch's own), and
 * follow-up trailers given in a reply (unquoted lines above the "-- "
 * signature, person trailers checked against the reply's sender). Names are
 * matched case-insensitively and written canonically. */
#ifndef PB_TRAILER_H
#define PB_TRAILER_H

#include <stdbool.h>
#include <stddef.h>
#include <talloc.h>

#include "patchbay/mail.h"

enum {
	PB_TRAILER_PERSON = 1 << 0,   /* value names a person with an address */
	PB_TRAILER_MISMATCH = 1 << 1, /* reply sender is not the person named */
	PB_TRAILER_CARRIED = 1 << 2,  /* given on an earlier version, same patch-id */
	PB_TRAILER_COVER = 1 << 3,    /* given in reply to the cover letter */
	PB_TRAILER_OWN = 1 << 4,      /* in the patch as posted */
	PB_TRAILER_SERIES = 1 << 5    /* stated for the whole series ("For the
				       * whole series:") in a reply to one patch:
				       * it applies to every patch of the version */
};

typedef struct pb_trailer {
	char *name;      /* canonical: "Reviewed-by" */
	char *value;     /* "Jane Doe <jane@example.org>" */
	char *extinfo;   /* "# for the foo bits" or "[for foo]", or NULL */
	pb_person_t person; /* parsed from value when PB_TRAILER_PERSON */
	const char *msgid;  /* message it came from (NULL for own trailers) */
	int from_version;   /* for carried trailers: the version they were given on */
	unsigned flags;
} pb_trailer_t;

typedef struct pb_trailer_list {
	pb_trailer_t *v;
	size_t n;
} pb_trailer_list_t;

/* Canonical spelling of a trailer name: known names as the kernel writes
 * them ("Cc", "Fixes", "Reviewed-by"), others with the first letter upper
 * case and the rest lower case. */
char *pb_trailer_canonical(TALLOC_CTX *mem_ctx, const char *name, size_t len);

/* Follow-up trailers of a reply BODY written by SENDER. Quoted lines and
 * text below "-- " are ignored; URLs are not taken as trailers. Person
 * trailers whose name and address do not match SENDER get
 * PB_TRAILER_MISMATCH. Trailers right under a line that gives them to the
 * whole series ("For the whole series:", "for all patches", at most one
 * blank line between) get PB_TRAILER_SERIES (pb_trailer_says_series).
 * Appends to LIST. */
pb_status_t pb_trailer_parse_followup(TALLOC_CTX *mem_ctx, pb_trailer_list_t *list, const char *body,
				      const pb_person_t *sender, const char *msgid);

/* Does the LEN bytes of LINE give the trailers under it to the whole
 * series? "For the (whole|entire|complete|full) series", "for this
 * series", "to the whole series", "for all (of the) patches", "for the
 * whole patchset", "Whole series:"; not when the line thanks for the
 * series or limits it ("rest", "except", "up to"). */
bool pb_trailer_says_series(const char *line, size_t len);

/* The trailer block (last paragraph) of a commit MESSAGE. Appends to LIST. */
pb_status_t pb_trailer_parse_message(TALLOC_CTX *mem_ctx, pb_trailer_list_t *list, const char *message);

/* Same trailer: names equal, values equal ignoring case and blanks. */
bool pb_trailer_eq(const pb_trailer_t *a, const pb_trailer_t *b);

/* Is T (by name and value) in LIST? */
bool pb_trailer_list_has(const pb_trailer_list_t *list, const pb_trailer_t *t);

/* Append a copy of T to LIST (strings duplicated on mem_ctx). */
pb_status_t pb_trailer_list_add(TALLOC_CTX *mem_ctx, pb_trailer_list_t *list, const pb_trailer_t *t);

/* "Name: value[ extinfo]" */
char *pb_trailer_format(TALLOC_CTX *mem_ctx, const pb_trailer_t *t);

/* The review tags counted in the list view (valued by their letters). */
typedef enum {
	PB_TRAILER_KIND_NONE = 0,     /* not a review tag */
	PB_TRAILER_KIND_ACK = 'a',    /* Acked-by */
	PB_TRAILER_KIND_REVIEW = 'r', /* Reviewed-by */
	PB_TRAILER_KIND_TEST = 't'    /* Tested-by, Reported-and-tested-by */
} pb_trailer_kind_t;

/* Which review tag counted in the list view NAME is: PB_TRAILER_KIND_NONE
 * for any other trailer (or NULL). */
pb_trailer_kind_t pb_trailer_kind(const char *name);

#endif
