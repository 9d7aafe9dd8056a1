/* triage.h: who a series waits on, read from the series model.
 *
 * The triage queue asks of every series "whose move is it?". The answer
 * comes from the latest version only:
 *   - applied or merged: nobody;
 *   - a pull request: the maintainer, who pulls it;
 *   - patches missing: the author, who must send them;
 *   - every patch acked or reviewed: the maintainer, who applies it;
 *   - no reply yet: the reviewers;
 *   - the last reply is the author's (an answer to review): the reviewers;
 *   - the last reply gave review tags: the reviewers (of the rest);
 *   - the last reply is someone else's review comments without tags: the
 *     author, who must answer or send a new version. */
#ifndef PB_TRIAGE_H
#define PB_TRIAGE_H

#include "patchbay/series.h"

/* X(name, label, description) */
#define PB_WAIT_LIST(X)                                                      \
	X(PB_WAIT_NOBODY, "-", "applied or merged: nothing left to do")      \
	X(PB_WAIT_AUTHOR, "author", "the author: missing patches, or review " \
				    "comments to answer")                    \
	X(PB_WAIT_REVIEWERS, "review", "reviewers: not reviewed yet, or the " \
				       "author has answered")                \
	X(PB_WAIT_MAINTAINER, "maint", "the maintainer: acked and ready, or " \
				       "a pull request")

typedef enum {
#define PB_X_WAIT_ENUM(name, label, desc) name,
	PB_WAIT_LIST(PB_X_WAIT_ENUM)
#undef PB_X_WAIT_ENUM
	PB_WAIT_COUNT
} pb_wait_t;

typedef struct pb_triage {
	pb_wait_t waits_on;
	const pb_msgrec_t *last; /* the latest reply to the latest version, or NULL */
	unsigned received;       /* patches of the latest version posted in it */
	unsigned replies;        /* replies to the latest version */
} pb_triage_t;

/* Short label ("author", "review", "maint", "-") of W. */
const char *pb_wait_label(pb_wait_t w);

/* One line saying what W means. */
const char *pb_wait_desc(pb_wait_t w);

/* Triage S, a series of SET. */
int pb_triage_series(const pb_series_set_t *set, const pb_series_t *s, pb_triage_t *out);

#endif
