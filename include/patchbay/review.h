/* review.h: the review state of a series, kept as notmuch tags.
 *
 * Each version of a series has one review state. The mail gives one (the
 * derived state); a user may set one by hand, and that one wins. A state
 * set by hand is the notmuch tag PREFIX+NAME ("pb/acked"; the prefix is
 * git config patchbay.tagPrefix) on every message of that version's
 * posting (cover and patches), so notmuch search, notmuch-emacs, neomutt,
 * aerc and alot see it too, and it survives any rebuild of patchbay's
 * cache. It holds for that version only: a new version is the mail's
 * reason to look again, and the new version's state is derived until a
 * user sets it. The series' state is its latest version's.
 *
 * Derived, from the mail (in this order):
 *   - a newer version exists: superseded;
 *   - its patches are in patchbay.target, by patch-id or by subject and
 *     author (target.h; when a front end attached one): accepted;
 *   - a merged pull request (pr-tracker-bot): accepted;
 *   - applied (a maintainer's "applied" reply, or patchbay applied it):
 *     queued;
 *   - every patch has Acked-by or Reviewed-by: acked;
 *   - no reply: new;
 *   - the last word is a reviewer's comment without review tags, not
 *     answered by the author: changes requested (triage.h: waits on the
 *     author);
 *   - otherwise: under review.
 * Deferred, rejected, not applicable and awaiting upstream are a person's
 * decision: only set by hand. RFC is a flag beside the state: the subject
 * says RFC, or the version carries the tag PREFIX+"rfc". */
#ifndef PB_REVIEW_H
#define PB_REVIEW_H

#include <stdbool.h>

#include "patchbay/error.h"
#include "patchbay/series.h"

/* X(name, tag name, label (at most 8 columns), description) */
#define PB_RSTATE_LIST(X)                                                              \
	X(PB_RS_NEW, "new", "new", "nobody has replied yet")                          \
	X(PB_RS_REVIEW, "under-review", "review", "being reviewed")                   \
	X(PB_RS_CHANGES, "changes-requested", "changes", "review asked for changes: " \
							 "the author's move")         \
	X(PB_RS_ACKED, "acked", "acked", "every patch is acked or reviewed")         \
	X(PB_RS_QUEUED, "queued", "queued", "applied to a topic or staging branch")   \
	X(PB_RS_ACCEPTED, "accepted", "accepted", "in the target branch")             \
	X(PB_RS_DEFERRED, "deferred", "deferred", "put off, to look at later")        \
	X(PB_RS_REJECTED, "rejected", "rejected", "will not be taken")                \
	X(PB_RS_SUPERSEDED, "superseded", "old", "a newer version replaces it")       \
	X(PB_RS_NA, "not-applicable", "n/a", "not for this tree or list")             \
	X(PB_RS_UPSTREAM, "awaiting-upstream", "upstream", "waits for another tree "  \
							    "to take it first")

typedef enum {
#define PB_X_RS_ENUM(name, tag, label, desc) name,
	PB_RSTATE_LIST(PB_X_RS_ENUM)
#undef PB_X_RS_ENUM
	PB_RS_COUNT
} pb_rstate_t;

/* The tag suffix of the RFC flag: PREFIX "rfc". */
#define PB_RS_TAG_RFC "rfc"

/* Snoozed: the tag PREFIX "snoozed" on the version's messages, and with
 * an end, one more tag beside it: PREFIX "snoozed-until/YYYY-MM-DD" (a
 * day, UTC), or PREFIX "snoozed-until-tag/NAME" (until the git tag NAME,
 * refs/tags/NAME, exists in the repository patchbay works on:
 * patchbay.repo; wake.h looks). Without an end it lasts until the next
 * version, which the tags, being the posting's, do not reach; so does a
 * tag snooze when no repository is there to look in. A new snooze
 * replaces the end set before, day or tag; waking takes all of them off.
 * A snoozed series leaves the queue until it wakes; its state is kept as
 * it is. Two ends from two clients: the later day holds, of two tags the
 * last in byte order, and a day and a tag both must be reached. */
#define PB_RS_TAG_SNOOZED "snoozed"
#define PB_RS_TAG_SNOOZE_UNTIL "snoozed-until/"
#define PB_RS_TAG_SNOOZE_TAG "snoozed-until-tag/"

/* A patch's own state: the tag PREFIX "patch/NAME" on that patch's
 * message only ("pb/patch/rejected"), as Patchwork keeps a state per
 * patch. It does not change the series' state. */
#define PB_RS_TAG_PATCH "patch/"

/* The default of patchbay.tagPrefix. */
#define PB_TAG_PREFIX_DEFAULT "pb/"

/* Static strings: the tag name ("changes-requested"), the short label
 * ("changes") and one line saying what ST means; "?" out of range. */
const char *pb_rstate_name(pb_rstate_t st);
const char *pb_rstate_label(pb_rstate_t st);
const char *pb_rstate_desc(pb_rstate_t st);

/* *OUT is the state NAME names (its tag name or its label, any case).
 * PB_ERR_NOTFOUND when it names none. */
pb_status_t pb_rstate_parse(pb_rstate_t *out, const char *name);

typedef struct pb_review {
	pb_rstate_t state;   /* what holds: the hand-set state if any, else derived */
	pb_rstate_t derived; /* what the mail says */
	bool by_hand;        /* state was set by a user (a tag), not derived */
	bool conflict;       /* the version's messages carry different hand-set
			      * states (two users, or two clients): state is
			      * the root's, and the others are kept */
	bool rfc;            /* RFC: in the subject or by tag */
	const char *why;     /* static: why the mail says DERIVED */
} pb_review_t;

/* Was V's state set by hand? Then *OUT (may be NULL) is it. Reads only
 * V's records: cheap enough for every row of a list. */
bool pb_review_by_hand(const pb_version_t *v, pb_rstate_t *out);

/* The review of version V of series S (of SET). V NULL: the latest. */
pb_status_t pb_review_version(pb_review_t *out, const pb_series_set_t *set, const pb_series_t *s,
			      const pb_version_t *v);

typedef struct pb_patch_review {
	pb_rstate_t state;   /* the hand-set one if any, else derived */
	pb_rstate_t derived;
	bool by_hand;
	const char *why;     /* static: why the mail says DERIVED */
} pb_patch_review_t;

/* The review state of patch P of version V (of SET). Derived: superseded
 * (a newer version exists); accepted (the version is: review.h above);
 * queued (its version was applied); acked (an Acked-by or Reviewed-by
 * collected for it, the cover's included); new (no reply to it);
 * changes requested (the last reply to it is someone else's without
 * review tags, not answered by the author); else under review. A state
 * set by hand on the patch wins. */
pb_status_t pb_review_patch(pb_patch_review_t *out, const pb_series_set_t *set, const pb_version_t *v,
			    const pb_patch_t *p);

/* Is V snoozed at NOW (seconds since the epoch)? *UNTIL (may be NULL) is
 * when it wakes (00:00 UTC of the day given), 0 when no day was given (at
 * the next version, or when a git tag exists: pb_review_snooze says). */
bool pb_review_snoozed(const pb_version_t *v, int64_t now, int64_t *until);

/* The snooze of a version, as its tags and the marks of the model say. */
typedef struct pb_snooze {
	bool snoozed;      /* at the time asked: out of the queue */
	bool set;          /* the tag PREFIX "snoozed" is there (asleep or not) */
	int64_t until;     /* 00:00 UTC of the day it ends; 0: no day */
	const char *tag;   /* the git tag it waits for, or NULL: the string
			    * is the model's (V's record), valid as long as V */
	bool tag_checked;  /* a repository was looked in for TAG (wake.h:
			    * PB_VER_TAG_CHECKED); false: none, and the
			    * snooze lasts until the next version */
	bool tag_reached;  /* TAG exists there (PB_VER_TAG_REACHED): awake */
} pb_snooze_t;

/* How V is snoozed at NOW, into *OUT (all zero when V is NULL or has no
 * snooze); the same answer as pb_review_snoozed, which it returns. */
bool pb_review_snooze(pb_snooze_t *out, const pb_version_t *v, int64_t now);

/* WHEN as a snooze end: "YYYY-MM-DD", "Nd" or "Nw" (from NOW), or "next"
 * (the next version: *UNTIL 0). PB_ERR_USAGE for anything else, or a day
 * not after NOW's. */
pb_status_t pb_snooze_parse(int64_t *until, const char *when, int64_t now);

/* WHEN as a snooze end, as pb_snooze_parse, or "tag:NAME": until the git
 * tag NAME exists (*UNTIL 0, *TAG NAME: a pointer into WHEN, valid as
 * long as WHEN is; *TAG NULL for every other end). PB_ERR_USAGE, with
 * ERR (may be NULL) saying why, for "tag:" with no name, a NAME git does
 * not take for a tag (libgit2's git_tag_name_is_valid: refs/tags/NAME a
 * valid ref, no leading "-"), or what pb_snooze_parse refuses. */
pb_status_t pb_snooze_parse_end(int64_t *until, const char **tag, const char *when, int64_t now,
				pb_error_t *err);

/* The day of a snooze end T, "2026-12-10", into BUF (11 bytes). */
void pb_snooze_day(char buf[11], int64_t t);

#endif
