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
	 * the tag PREFIX "snoozed-until/YYYY-MM-DD"; 0: none (at the next
	 * version, or when the git tag snooze_tag exists) */
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

/* Every field of a record, once: the struct below, the records cache
 * (cache.c writes and reads them in this order) and the model snapshot's
 * deep copy (snapshot.c) are all made from this list, so a field added
 * here is stored and copied everywhere. Each entry is one of
 *   STR(f)         const char *, never NULL ("" when unknown)
 *   OPT(f)         const char *, NULL when absent
 *   PERSON(f)      pb_person_t, both strings never NULL
 *   I64(f)         int64_t
 *   IDS(v, n)      const char **v, uint32_t n: a list of Message-IDs
 *   TRAILERS(v, n) pb_trailer_t *v, uint32_t n (PB_TRAILER_FIELDS)
 *   I16(f), U16(f), U32(f)  int16_t, uint16_t, uint32_t
 * A field added or moved changes the cache's format: bump its MAGIC. */
#define PB_MSGREC_FIELDS(STR, OPT, PERSON, I64, IDS, TRAILERS, I16, U16, U32)                      \
	STR(msgid)                                                                                 \
	STR(thread)          /* notmuch thread id ("" when unknown) */                             \
	STR(file)            /* one file holding the message */                                    \
	STR(subject)                                                                               \
	STR(title)           /* subject without reply markers and brackets */                      \
	STR(tags)            /* bracket words that are not PATCH/RFC/vN/n/N */                     \
	PERSON(sender)       /* sender with list rewriting undone */                               \
	PERSON(author)       /* in-body From wins, for patches */                                  \
	I64(date)                                                                                  \
	IDS(refs, n_refs)    /* References, In-Reply-To last */                                    \
	OPT(patch_id)        /* 40 hex */                                                          \
	OPT(change_id)                                                                             \
	OPT(base_commit)                                                                           \
	IDS(links, n_links)  /* Message-IDs from "Link to vN:" / Supersedes lines */               \
	IDS(deps, n_deps)    /* Message-IDs from "Depends-on:" / prerequisite-message-id */        \
	TRAILERS(trailers, n_trailers) /* own (patch) or follow-up (reply) trailers */             \
	I16(version)                                                                               \
	I16(index)                                                                                 \
	I16(total)                                                                                 \
	U16(sflags)          /* PB_SUBJ_* */                                                       \
	U32(mflags)          /* PB_MAIL_* */                                                       \
	U32(rflags)          /* PB_REC_* */                                                        \
	U32(files)           /* diffstat: files, lines added, lines removed */                     \
	U32(added)                                                                                 \
	U32(removed)                                                                               \
	OPT(paths)           /* files the diff touches, sorted, one a line; NULL: no diff */       \
	OPT(user_links)      /* PB_PROP_LINK values, space-separated; NULL: none */                \
	U32(changelog)       /* bit K: a changelog line names version K ("Changes since vK") */    \
	U32(tflags)          /* bits 0-3: the review state set by hand on this one patch          \
			      * (PREFIX "patch/NAME", review.h), plus one; 0: none */           \
	OPT(snooze_tag)      /* the git tag a snooze waits for: NAME of the tag                   \
			      * PREFIX "snoozed-until-tag/NAME" (review.h); NULL: none */

/* The fields of a trailer a record keeps (its msgid is the record's, its
 * from_version 0): the same kinds as PB_MSGREC_FIELDS, where OPT(person.name)
 * may be NULL. */
#define PB_TRAILER_FIELDS(STR, OPT, U32)                                                           \
	STR(name) STR(value) OPT(extinfo) OPT(person.name) OPT(person.email) U32(flags)

#define PB_MSGREC_DECL_STR_(f) const char *f;
#define PB_MSGREC_DECL_PERSON_(f) pb_person_t f;
#define PB_MSGREC_DECL_I64_(f) int64_t f;
#define PB_MSGREC_DECL_IDS_(v, n) const char **v; uint32_t n;
#define PB_MSGREC_DECL_TRAILERS_(v, n) pb_trailer_t *v; uint32_t n;
#define PB_MSGREC_DECL_I16_(f) int16_t f;
#define PB_MSGREC_DECL_U16_(f) uint16_t f;
#define PB_MSGREC_DECL_U32_(f) uint32_t f;

typedef struct pb_msgrec {
	PB_MSGREC_FIELDS(PB_MSGREC_DECL_STR_, PB_MSGREC_DECL_STR_, PB_MSGREC_DECL_PERSON_,
			 PB_MSGREC_DECL_I64_, PB_MSGREC_DECL_IDS_, PB_MSGREC_DECL_TRAILERS_,
			 PB_MSGREC_DECL_I16_, PB_MSGREC_DECL_U16_, PB_MSGREC_DECL_U32_)
} pb_msgrec_t;

/* Build a record from a parsed mail. Strings are copied onto mem_ctx. */
pb_status_t pb_msgrec_from_mail(TALLOC_CTX *mem_ctx, pb_msgrec_t *out, const pb_mail_t *mail,
				const char *thread, const char *file);

/* Does R give review tags (Acked-by, Reviewed-by, Tested-by) in its own
 * name, a sender that matches the person named? */
bool pb_msgrec_gives_review_tags(const pb_msgrec_t *r);

#endif
