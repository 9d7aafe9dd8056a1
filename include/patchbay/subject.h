/* subject.h: parse the bracket prefix of a patch mail subject.
 *
 * Handles every form seen on the lists patchbay serves: [PATCH v3 02/13],
 * [PATCHv3], [PATCH V2], [PATCH 0/6 v2], [RFC PATCH], RESEND before or after
 * the count, [net,v2,1/2], tree tags in either order, [v4 0/5] without PATCH,
 * [PATCH 0 of 2], 000/164, list tags ([LTP]), injected tags ([DMARC error]),
 * Re:/RE:/Aw: replies, and pull requests ([GIT PULL], [PULL]). */
#ifndef PB_SUBJECT_H
#define PB_SUBJECT_H

#include <stdbool.h>
#include <talloc.h>

#include "patchbay/status.h"

enum {
	PB_SUBJ_REPLY = 1 << 0,    /* Re:, RE:, Aw:, Sv:, Antw: ... */
	PB_SUBJ_FORWARD = 1 << 1,  /* Fwd: */
	PB_SUBJ_PATCH = 1 << 2,    /* the word PATCH (or PATCHES) */
	PB_SUBJ_RFC = 1 << 3,
	PB_SUBJ_RESEND = 1 << 4,
	PB_SUBJ_PULL = 1 << 5,     /* PULL or GIT PULL */
	PB_SUBJ_NUMBERED = 1 << 6, /* index/total were given */
	PB_SUBJ_VERSIONED = 1 << 7 /* vN was given */
};

typedef struct pb_subject {
	unsigned flags;
	int version;  /* vN; 1 when not given */
	int index;    /* n of n/N; 0 for a cover; -1 when unnumbered */
	int total;    /* N of n/N; -1 when unnumbered */
	char *tags;   /* other bracket words, space separated ("LTP net-next") */
	char *prefix; /* the whole bracket prefix as written, without Re: */
	char *title;  /* the rest: "pwm: Add a driver" */
} pb_subject_t;

/* Parse SUBJECT (UTF-8, unfolded). Never fails on odd input: an unknown
 * prefix becomes tags. Returns PB_ERR_NOMEM only. */
pb_status_t pb_subject_parse(TALLOC_CTX *mem_ctx, pb_subject_t **out, const char *subject);

/* Parse into caller storage; strings are allocated on mem_ctx. */
pb_status_t pb_subject_parse_into(TALLOC_CTX *mem_ctx, pb_subject_t *out, const char *subject);

/* Length of the leading reply markers ("Re: Aw: ") of SUBJECT. */
size_t pb_subject_reply_prefix_len(const char *subject);

/* Title normalised for comparison: lower case, runs of non-alphanumerics
 * squeezed to one space. */
char *pb_subject_normalize(TALLOC_CTX *mem_ctx, const char *title);

#endif
