/* record.h: what patchbay keeps of one message.
 *
 * A record (pb_msgrec_t) holds enough of a mail to group, link and count
 * without reading the mail again: the cache stores records, and
 * pb_series_group() (series.h) groups them. Its strings belong to
 * whatever context filled it (pb_msgrec_from_mail's mem_ctx; the
 * index's record arena) and live as long as that context. */
#ifndef PB_RECORD_H
#define PB_RECORD_H

#include <stdint.h>
#include <talloc.h>

#include "patchbay/mail.h"
#include "patchbay/trailer.h"

enum {
	PB_REC_APPLIED = 1 << 0, /* a reply saying "applied"/"queued" */
	PB_REC_MERGED = 1 << 1,  /* pr-tracker-bot: the pull request was merged */
	PB_REC_TAGGED_APPLIED = 1 << 2, /* carries the notmuch tag PB_TAG_APPLIED */
	PB_REC_USER_SPLIT = 1 << 3, /* property PB_PROP_SPLIT: its posting starts a series */
	PB_REC_DRAFT = 1 << 4, /* an unsent draft (tag PB_TAG_DRAFT): in its thread, but no
				* reply yet: not counted, no activity, no trailers */
	PB_REC_TAG_RFC = 1 << 5,   /* tag PREFIX "rfc" (review.h) */
	PB_REC_TAG_MANY = 1 << 6,  /* more than one hand-set review state tag */
	PB_REC_PING = 1 << 7,      /* a reply that only asks for attention: "ping",
				    * "gentle reminder", "any comments?" (record.c) */
	PB_REC_UNREAD = 1 << 12,   /* carries notmuch's tag "unread" (PB_TAG_UNREAD) */
	PB_REC_SNOOZED = 1 << 13,  /* tag PREFIX "snoozed" (review.h) */
	/* bits 16-31: the day (since 1970-01-01, UTC) a snooze ends, from
	 * the tag PREFIX "snoozed-until/YYYY-MM-DD"; 0: at the next version */
	PB_REC_SNOOZE_SHIFT = 16,
	/* bits 8-11: a review state set by hand (review.h), plus one; 0: none */
	PB_REC_RSTATE_SHIFT = 8,
	PB_REC_RSTATE_MASK = 0xf << 8
};

/* The day a snooze of R ends (days since 1970-01-01 UTC; 0: none given). */
#define PB_REC_SNOOZE_DAY(r) ((uint32_t)(r)->rflags >> PB_REC_SNOOZE_SHIFT)

/* The review state set by hand on the one patch R (a pb_rstate_t), or -1. */
#define PB_REC_PATCH_RSTATE(r) ((int)((r)->tflags & 0xf) - 1)

/* The review state set by hand on R (a pb_rstate_t), or -1: none. */
#define PB_REC_RSTATE(r) ((int)(((r)->rflags & PB_REC_RSTATE_MASK) >> PB_REC_RSTATE_SHIFT) - 1)

typedef struct pb_msgrec {
	const char *msgid;
	const char *thread;   /* notmuch thread id ("" when unknown) */
	const char *file;     /* one file holding the message */
	const char *subject;
	const char *title;    /* subject without reply markers and brackets */
	const char *tags;     /* bracket words that are not PATCH/RFC/vN/n/N */
	pb_person_t sender;   /* sender with list rewriting undone */
	pb_person_t author;   /* in-body From wins, for patches */
	int64_t date;
	const char **refs;    /* References, In-Reply-To last */
	uint32_t n_refs;
	const char *patch_id; /* 40 hex, or NULL */
	const char *change_id;
	const char *base_commit;
	const char **links;   /* Message-IDs from "Link to vN:" / Supersedes lines */
	uint32_t n_links;
	const char **deps;    /* Message-IDs from "Depends-on:" / prerequisite-message-id */
	uint32_t n_deps;
	pb_trailer_t *trailers; /* own trailers (patch) or follow-up trailers (reply) */
	uint32_t n_trailers;
	int16_t version, index, total;
	uint16_t sflags;      /* PB_SUBJ_* */
	uint32_t mflags;      /* PB_MAIL_* */
	uint32_t rflags;      /* PB_REC_* */
	uint32_t files, added, removed; /* diffstat */
	const char *paths;    /* files the diff touches, sorted, one a line; NULL: no diff */
	const char *user_links; /* PB_PROP_LINK values, space-separated; NULL: none */
	uint32_t changelog;   /* bit K: a changelog line names version K ("Changes since vK") */
	uint32_t tflags;      /* from the prefix's tags, for this one patch: bits 0-3 the
			       * review state set by hand on it (PREFIX "patch/NAME",
			       * review.h), plus one; 0: none */
} pb_msgrec_t;

/* Build a record from a parsed mail. Strings are copied onto mem_ctx. */
int pb_msgrec_from_mail(TALLOC_CTX *mem_ctx, pb_msgrec_t *out, const pb_mail_t *mail,
			const char *thread, const char *file);

/* Does R give review tags (Acked-by, Reviewed-by, Tested-by) in its own
 * name, a sender that matches the person named? */
bool pb_msgrec_gives_review_tags(const pb_msgrec_t *r);

#endif
