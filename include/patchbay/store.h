/* store.h: put mail patchbay writes into the notmuch database it reads.
 *
 * A message is delivered to a maildir folder under the database's mail root
 * (written to tmp/, fsynced, renamed into cur/) and indexed with libnotmuch
 * in the same database pb_index_open() read, so it shows in its thread as
 * soon as the index is refreshed. The calls here write the database and
 * nothing else: the series, versions and patches the caller got from the
 * index stay valid (they do not show what was written). Refreshing is the
 * caller's own step, taken when the model must show it: pb_index_refresh()
 * frees the old set, so pointers from it die there, and are found again
 * (pb_index_find) by a Message-ID kept aside. One refresh after several
 * writes costs one update (a CLI that exits needs none). Tags are written
 * as operations: "+sent -inbox"; a bare word adds the tag.
 *
 * libnotmuch rather than `notmuch insert`: the index already knows which
 * database and which notmuch config it used (--db, --notmuch-config,
 * NOTMUCH_CONFIG), so the copy lands in exactly that database; there is no
 * second process whose config lookup could pick another one, and failures
 * come back as status codes instead of text on stderr. A file that was
 * written but could not be indexed is kept (`notmuch new` finds it later):
 * mail is never deleted to tidy up after an error. */
#ifndef PB_STORE_H
#define PB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <talloc.h>

#include "patchbay/error.h"
#include "patchbay/index.h"
#include "patchbay/review.h"

/* Drafts patchbay stores carry this notmuch tag (besides any configured
 * ones). The index shows them in their thread but takes no trailers and no
 * "applied" from them until they are sent and lose it. */
#define PB_TAG_DRAFT "draft"

/* Deliver LEN bytes at DATA to maildir FOLDER (relative to the mail root,
 * created when missing; "" is the root itself) with maildir FLAGS (e.g. "S",
 * "DS"; NULL for none), index it and apply TAGS. *path gets the file's path.
 * When the file was written but indexing failed, *path is still set and the
 * status is PB_ERR_NOTMUCH. */
pb_status_t pb_store_insert(pb_index_t *idx, TALLOC_CTX *mem_ctx, char **path, const char *folder,
			    const char *data, size_t len, const char *flags, const char *tags, pb_error_t *err);

/* Move the stored file OLD_PATH into FOLDER with new FLAGS, keep the
 * message's tags and apply TAGS (e.g. a draft that was sent:
 * "-draft +sent"). *path gets the new path. */
pb_status_t pb_store_move(pb_index_t *idx, TALLOC_CTX *mem_ctx, char **path, const char *old_path,
			  const char *folder, const char *flags, const char *tags, pb_error_t *err);

/* Remove the file PATH from its maildir and from the database: only for
 * a copy patchbay stored itself that a newer copy replaces (a draft saved
 * again). */
pb_status_t pb_store_remove(pb_index_t *idx, const char *path, pb_error_t *err);

/* Apply TAGS to the N messages with the given Message-IDs (missing ones
 * are skipped). */
pb_status_t pb_store_tag(pb_index_t *idx, const char *const *msgids, size_t n, const char *tags, pb_error_t *err);

/* Is MSGID tagged TAG in the database? (false when it is not there) */
pb_status_t pb_store_has_tag(pb_index_t *idx, bool *out, const char *msgid, const char *tag, pb_error_t *err);

/* The user's linking decisions, kept as notmuch message properties on the
 * root of a posting (series.h, PB_PROP_*), in one atomic transaction;
 * they win over inference, survive any rebuild of patchbay's cache and
 * stay with the mail for other notmuch clients.
 *
 * pb_store_link: the postings that hold messages A and B are versions of
 * one series (property patchbay-link=ROOT-OF-B on the root of A).
 * pb_store_unlink: the posting that holds MSGID starts a series of its own:
 * no link by inference to an earlier posting (patchbay-split=1), and the
 * user's links from and to it are dropped. Later versions may still link
 * to it.
 * PB_ERR_NOTFOUND when a message is in no posting. As every call here,
 * they do not refresh the index. */
pb_status_t pb_store_link(pb_index_t *idx, const char *a, const char *b, pb_error_t *err);
pb_status_t pb_store_unlink(pb_index_t *idx, const char *msgid, pb_error_t *err);

/* Set the review state (review.h) of the N versions VS by hand: every
 * message of each version's posting (cover and the patches posted in it)
 * gets the tag PREFIX+NAME of STATE, and loses the prefix's other state
 * tags, in one atomic transaction: all of them change, or none. STATE -1
 * drops the hand-set state: the mail decides again. Tags outside the
 * review states of the prefix are not touched. The versions are read
 * before anything is written; the caller refreshes the index after. */
pb_status_t pb_store_set_review(pb_index_t *idx, const pb_version_t *const *vs, size_t n, int state,
				pb_error_t *err);

/* Set the review state of the N patches PS by hand, each on its own
 * message only: the tag PREFIX "patch/NAME" (review.h), the other patch
 * states of the prefix removed; STATE -1 drops it. One atomic
 * transaction; the series' state is not touched. */
pb_status_t pb_store_set_patch_review(pb_index_t *idx, const pb_patch_t *const *ps, size_t n, int state,
				      pb_error_t *err);

/* Flag the N versions VS as RFC by hand (RFC true: the tag PREFIX "rfc"
 * on every message of each posting, review.h) or take the flag off (a
 * subject that says RFC still does). One atomic transaction. */
pb_status_t pb_store_set_rfc(pb_index_t *idx, const pb_version_t *const *vs, size_t n, bool rfc, pb_error_t *err);

/* Snooze the N versions VS (review.h): the tag PREFIX "snoozed" on every
 * message of each posting, and PREFIX "snoozed-until/YYYY-MM-DD" for
 * UNTIL > 0 (seconds; its day, UTC); UNTIL 0: until the next version;
 * UNTIL -1: wake them (the tags go, a tag's end too). An end set before,
 * a day or a git tag, is replaced. One atomic transaction; the caller
 * refreshes the index after. */
pb_status_t pb_store_snooze(pb_index_t *idx, const pb_version_t *const *vs, size_t n, int64_t until,
			    pb_error_t *err);

/* Snooze the N versions VS until the git tag TAG exists (review.h,
 * wake.h): the tags PREFIX "snoozed" and PREFIX "snoozed-until-tag/TAG"
 * on every message of each posting. An end set before, a day or another
 * tag, is replaced. PB_ERR_USAGE, and nothing is written, when git would
 * not take TAG for a tag's name (pb_snooze_parse_end). One atomic
 * transaction; the caller refreshes the index after. */
pb_status_t pb_store_snooze_tag(pb_index_t *idx, const pb_version_t *const *vs, size_t n, const char *tag,
				pb_error_t *err);

/* As pb_store_set_review, with a state for each version: STATES[I] (a
 * pb_rstate_t, or -1) for VS[I]; all in one atomic transaction. What
 * undoes a bulk change, whose versions had different states before. */
pb_status_t pb_store_set_reviews(pb_index_t *idx, const pb_version_t *const *vs, const int *states, size_t n,
				 pb_error_t *err);

#endif
