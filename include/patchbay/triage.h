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
 *   - the last reply is a ping (record.h, PB_REC_PING): the reviewers;
 *   - the last reply is someone else's review comments without tags: the
 *     author, who must answer or send a new version.
 *
 * The queue (pb_queue_build) is the series still in flight, in the order
 * a maintainer takes them up: fixes first, then the one waiting longest. */
#ifndef PB_TRIAGE_H
#define PB_TRIAGE_H

#include "patchbay/review.h"
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
pb_status_t pb_triage_series(const pb_series_set_t *set, const pb_series_t *s, pb_triage_t *out);

/* Read state: what of series S (of SET) is new to you, by notmuch's tag
 * "unread" (notmuch new puts it on new mail; opening the series in
 * patchbay, or reading it in any notmuch client, takes it off). */
typedef struct pb_unread {
	unsigned messages;    /* messages of S not read: patches, covers, replies */
	bool new_version;     /* the latest version is not read at all while an
			       * earlier one was: a newer version came */
} pb_unread_t;
void pb_series_unread(pb_unread_t *out, const pb_series_set_t *set, const pb_series_t *s);

/* The Message-IDs of S's unread messages, a new array on MEM_CTX (the
 * strings are the model's, valid until the next refresh). */
pb_status_t pb_series_unread_ids(const char ***out, size_t *n, TALLOC_CTX *mem_ctx, const pb_series_set_t *set,
				 const pb_series_t *s);

/* How the queue is ordered after fixes: by how long a series has waited
 * (oldest first), by author (then oldest first), by size (fewest patches
 * first, then oldest first). */
typedef enum { PB_QUEUE_BY_AGE, PB_QUEUE_BY_AUTHOR, PB_QUEUE_BY_SIZE } pb_queue_order_t;

enum {
	PB_QUEUE_ALL = 1 << 0 /* settled series too (queued, accepted, deferred,
			       * rejected, superseded, not applicable, upstream),
			       * and snoozed ones */
};

typedef struct pb_queue_item {
	pb_series_t *series;         /* the model's: valid until the next refresh */
	const pb_version_t *version; /* the latest */
	pb_review_t review;
	pb_triage_t triage;
	const char *fix;   /* static, why it is a fix: "Fixes:" or "Cc: stable"
			    * (a trailer of a patch of the latest version); NULL:
			    * not a fix */
	int64_t since;     /* waiting since: the date of the latest version's
			    * last message that is not a ping */
	unsigned pings;    /* pings not answered: since the last reply that is
			    * neither a ping nor the author's */
	int64_t last_ping; /* date of the last of them; 0: none */
	bool snoozed;      /* now (review.h): out of the queue but with PB_QUEUE_ALL */
	int64_t snooze_until; /* when it wakes; 0: no day (the next version, or
			       * snooze_tag) */
	const char *snooze_tag; /* the git tag it waits for (review.h), or NULL:
				 * the model's string, valid as long as SET */
} pb_queue_item_t;

/* The queue of SET, or of the N_ONLY series ONLY (NULL: every series of
 * SET): the series whose review state is new, under review, changes
 * requested or acked and that are not snoozed at the time of the call
 * (every series with PB_QUEUE_ALL), fixes first, then
 * in ORDER; ties by series id. *OUT is a new array on MEM_CTX (*N items);
 * its pointers are the model's, valid until the next pb_index_refresh(). */
pb_status_t pb_queue_build(pb_queue_item_t **out, size_t *n, TALLOC_CTX *mem_ctx, const pb_series_set_t *set,
			   pb_series_t *const *only, size_t n_only, pb_queue_order_t order, unsigned flags);

/* Parse "age", "author" or "size". PB_ERR_NOTFOUND for anything else. */
pb_status_t pb_queue_order_parse(pb_queue_order_t *out, const char *name);

#endif
