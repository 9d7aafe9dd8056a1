/* series.h: mail grouped into patch series.
 *
 * pb_series_group() turns records (record.h) into series: a series is
 * every version of one topic; a version is one posting (cover letter +
 * patches), with completeness, collected trailers and trailers carried
 * over from earlier versions. */
#ifndef PB_SERIES_H
#define PB_SERIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <talloc.h>

#include "patchbay/error.h"
#include "patchbay/mail.h"
#include "patchbay/record.h"
#include "patchbay/trailer.h"

/* notmuch message properties that hold the user's linking decisions (on
 * the root of a posting: its cover, or its first patch). They win over
 * inference and survive any rebuild of patchbay's cache:
 *   patchbay-link=MSGID  this posting and the one of MSGID are one series
 *   patchbay-split=1     this posting is linked to no earlier one by
 *                        inference (it starts a series; later versions
 *                        may still link to it) */
#define PB_PROP_LINK "patchbay-link"
#define PB_PROP_SPLIT "patchbay-split"

/* notmuch tag patchbay puts on the cover (or the patches) of a version it
 * applied; the version's state becomes applied. */
#define PB_TAG_APPLIED "patchbay-applied"
/* notmuch's own tag of mail not read yet (what notmuch new, every notmuch
 * client and patchbay's read state agree on) */
#define PB_TAG_UNREAD "unread"
/* On an "applied" notification whose apply was undone (pb_apply_unmark):
 * the mail no longer says the series is applied. */
#define PB_TAG_UNDONE "patchbay-undone"

typedef enum {
	PB_STATE_NEW,        /* nobody replied yet */
	PB_STATE_DISCUSSED,  /* replies, no review tags */
	PB_STATE_REVIEWED,   /* some review tags */
	PB_STATE_ACKED,      /* every patch of the latest version has Acked/Reviewed-by */
	PB_STATE_INCOMPLETE, /* patches of the latest version are missing */
	PB_STATE_APPLIED,    /* a maintainer said applied, or patchbay applied it */
	PB_STATE_PULL,       /* a pull request */
	PB_STATE_MERGED,     /* a merged pull request */
	PB_STATE_COUNT
} pb_state_t;

const char *pb_state_name(pb_state_t st);
/* What state ST means, in a line (static). */
const char *pb_state_desc(pb_state_t st);

struct pb_version;
struct pb_series;

typedef struct pb_patch {
	int index;                  /* n of n/N (1 for an unnumbered patch) */
	const pb_msgrec_t *rec;
	pb_trailer_list_t own;      /* trailers in the patch as posted */
	pb_trailer_list_t trailers; /* collected from replies and the cover */
	pb_trailer_list_t carried;  /* from earlier versions with equal patch-id */
	int inherited_from;         /* partial reroll: version it was kept from (0: posted here) */
	unsigned n_replies;
	int64_t last_activity;
	struct pb_version *version;
} pb_patch_t;

enum {
	PB_VER_RFC = 1 << 0,
	PB_VER_RESEND = 1 << 1,
	PB_VER_REPOST = 1 << 2,   /* same version number posted again */
	PB_VER_PULL = 1 << 3,
	PB_VER_PARTIAL = 1 << 4,  /* partial reroll: some patches kept from the previous version */
	PB_VER_NAKED_COVER = 1 << 5,
	PB_VER_APPLIED = 1 << 6,
	PB_VER_ACCEPTED = 1 << 7, /* its patches are in patchbay.target (target.h);
				   * a mark of the model, never cached */
	PB_VER_TAG_CHECKED = 1 << 8, /* the git tag its snooze waits for was looked
				      * up in a repository (wake.h); a mark */
	PB_VER_TAG_REACHED = 1 << 9, /* ... and it exists: the snooze is over; a mark */
	/* the marks of later layers (pb_index_set_marker): never cached */
	PB_VER_MARKS = PB_VER_ACCEPTED | PB_VER_TAG_CHECKED | PB_VER_TAG_REACHED
};

/* Why a version belongs to its series: the evidence of its link to an
 * earlier posting (docs/design.md, "Series identity"). */
typedef enum {
	PB_LINK_NONE,       /* the first version */
	PB_LINK_USER,       /* `patchbay link` (property patchbay-link) */
	PB_LINK_CHANGE_ID,  /* the same b4 change-id */
	PB_LINK_REFERENCE,  /* "Link to vN:", "Supersedes:" or a lore URL names the other */
	PB_LINK_REPLY,      /* its root replies into the other posting (same person; or a
			     * next version on the same files) */
	PB_LINK_PATCH_ID,   /* same sender, a patch with the same patch-id */
	PB_LINK_TITLE_PATHS,/* same sender, similar titles, the same files touched */
	PB_LINK_TITLE_CHANGELOG,/* same sender, similar titles, its changelog names the other's version */
	PB_LINK_TITLE_REROLL,/* same sender, the same titles, count and version order of a reroll */
	PB_LINK_RETITLED,   /* same sender, new titles, the same files, the next version */
	PB_LINK_COUNT
} pb_link_reason_t;

/* Short name of a reason ("change-id", "patch-id", ...); static. */
const char *pb_link_reason_name(pb_link_reason_t r);

typedef struct pb_version {
	int version;                /* effective version number */
	pb_link_reason_t link_reason; /* why it is in this series */
	const pb_msgrec_t *link_to; /* root of the posting it was linked to (NULL: none) */
	unsigned flags;             /* PB_VER_* */
	const pb_msgrec_t *cover;   /* NULL when there is none */
	const pb_msgrec_t *root;    /* cover, or the first patch */
	int total;                  /* N; the count of patches expected */
	pb_patch_t **patches;       /* by index */
	size_t n_patches;
	int *missing;               /* indexes 1..N not received (NULL: none) */
	size_t n_missing;
	pb_trailer_list_t cover_trailers;
	unsigned n_replies;
	int64_t date;
	int64_t last_activity;
	struct pb_series *series;
} pb_version_t;

typedef struct pb_series {
	const char *id;             /* Message-ID of the first version's root */
	const char *title;
	pb_person_t author;
	pb_state_t state;
	pb_version_t **versions;    /* oldest first */
	size_t n_versions;
	int64_t last_activity;
	unsigned n_messages;
	struct pb_series **depends_on; /* series this one needs first, in the order named */
	size_t n_depends_on;
} pb_series_t;

typedef struct pb_series_set {
	pb_series_t **v;            /* most recent activity first */
	size_t n;
	void *priv;
} pb_series_set_t;

/* Group N records (kept alive by the caller) into series. */
pb_status_t pb_series_group(TALLOC_CTX *mem_ctx, pb_series_set_t **out, const pb_msgrec_t *recs,
			    size_t n, pb_error_t *err);

/* Find the series, version and patch a message belongs to (any message of
 * the series, replies too). VERSION/PATCH may come back NULL (a reply to
 * nothing in particular; a cover). PB_ERR_NOTFOUND when MSGID is in no
 * series. */
pb_status_t pb_series_set_find(const pb_series_set_t *set, const char *msgid, pb_series_t **series,
			       pb_version_t **version, pb_patch_t **patch);

/* Records of the messages that belong to VERSION that are replies (not the
 * cover or a patch), in date order. */
pb_status_t pb_series_version_replies(const pb_series_set_t *set, const pb_version_t *version,
				      TALLOC_CTX *mem_ctx, const pb_msgrec_t ***out, size_t *n);

/* The newest version; never NULL for a series from pb_series_group. */
pb_version_t *pb_series_latest(const pb_series_t *s);

/* Version with number N (the last posting of it, e.g. a RESEND), or NULL. */
pb_version_t *pb_series_version(const pb_series_t *s, int n);

/* Does REPLY, one of V's, make V applied: a reply saying "applied" (or a
 * merged pull request) by someone else than V's author? */
bool pb_reply_says_applied(const pb_version_t *v, const pb_msgrec_t *reply);

/* The first posting of version N (REPOST false), or the one after it of
 * the same number (a RESEND or repost; REPOST true), or NULL. */
pb_version_t *pb_series_posting(const pb_series_t *s, int n, bool repost);

/* Is V a later posting of a number an earlier posting of S has? */
bool pb_version_is_repost(const pb_series_t *s, const pb_version_t *v);

/* "v8", and for a later posting of the same number "v8 RESEND" (or "v8
 * repost" when its subject does not say RESEND): a name that tells the
 * postings of one number apart. On MEM_CTX. */
char *pb_version_name(TALLOC_CTX *mem_ctx, const pb_series_t *s, const pb_version_t *v);

/* Review tag counts over a version: Acked-by, Reviewed-by, Tested-by
 * (collected, not mismatched; cover-letter tags count once). */
void pb_version_tag_counts(const pb_version_t *v, unsigned *acked, unsigned *reviewed,
			   unsigned *tested);

#endif
