/* index.h: the series of a notmuch database, kept up to date cheaply.
 *
 * pb_index_open() reads the database (read-only), makes a record of each
 * message and groups the records into series. Records are cached under
 * $XDG_CACHE_HOME/patchbay keyed by the database's UUID and revision: an
 * unchanged database parses nothing, and after `notmuch new` only messages
 * whose lastmod is newer than the cache are parsed again. */
#ifndef PB_INDEX_H
#define PB_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <talloc.h>

#include "patchbay/error.h"
#include "patchbay/mail.h"
#include "patchbay/series.h"

typedef struct pb_index pb_index_t;

typedef void (*pb_progress_cb)(void *payload, size_t done, size_t total, double elapsed);

/* Partial results while pb_index_open() works: SET groups DONE messages
 * out of TOTAL. While it reads every message (no usable cache) they are
 * the messages read so far, newest mail first; from the cache, the
 * newest partial_first messages, once, before all are grouped. The set
 * belongs to the callee (talloc_free it); it holds copies of all it
 * shows, so it stays valid whatever becomes of the index. Called on the
 * thread that runs pb_index_open(). */
typedef void (*pb_partial_cb)(void *payload, pb_series_set_t *set, size_t done, size_t total);

typedef struct pb_index_opts {
	const char *db_path;     /* NULL: from notmuch's config (NOTMUCH_CONFIG, database.path) */
	const char *config_path; /* notmuch config file; NULL: notmuch's default search */
	const char *scope;       /* query limiting the mail read; NULL: all mail */
	const char *tag_prefix;  /* of review state tags (review.h); NULL: "pb/" */
	const char *cache_dir;   /* NULL: $XDG_CACHE_HOME/patchbay */
	bool no_cache;           /* neither read nor write the cache */
	pb_progress_cb progress; /* called while parsing; may be NULL */
	void *payload;           /* for progress and partial; both are called
				  * by pb_index_open() only, never by a later
				  * refresh (the payload may be gone by then) */
	pb_partial_cb partial;   /* partial results of a full read; may be NULL */
	size_t partial_first;    /* messages before the first partial result (0: 500);
				  * after that, each time the count has doubled */
} pb_index_opts_t;

typedef struct pb_index_stats {
	size_t messages;      /* records after the update */
	size_t parsed;        /* messages read and parsed in this open */
	size_t from_cache;    /* records taken from the cache */
	size_t removed;       /* records dropped: the mail is gone */
	bool unchanged;       /* cache revision equals the database's */
	bool model_cached;    /* the series came from the cache, not grouping */
	bool full;            /* no usable cache: everything was parsed */
	unsigned long revision;
	size_t scored;        /* candidate pairs of postings scored anew in the
			       * last grouping; reused: those whose score came
			       * from the linker's memo (0 and 0: no grouping) */
	size_t reused;
	unsigned retries;     /* reads begun again: another process wrote the
			       * database while it was read (since the open) */
	double t_scan, t_parse, t_group, t_cache, t_total; /* seconds */
} pb_index_stats_t;

/* Open the index of the database opts->db_path and build its model (from
 * the cache where it can). *OUT is owned by MEM_CTX; freeing it closes
 * the database. */
pb_status_t pb_index_open(TALLOC_CTX *mem_ctx, pb_index_t **out, const pb_index_opts_t *opts, pb_error_t *err);

/* Bring an open index up to date with its database (after `notmuch new`,
 * or after store.h calls). The one call that replaces the model: it frees
 * the old set, so every pb_series_t, pb_version_t, pb_patch_t and
 * pb_msgrec_t pointer taken from it dies here. Keep a Message-ID (a copy)
 * across it and find the object again (pb_index_find), after an error
 * too. Nothing else in core/ refreshes behind the caller's back
 * (store.h). */
pb_status_t pb_index_refresh(pb_index_t *idx, pb_error_t *err);

/* The model: owned by IDX, valid until the next pb_index_refresh() or
 * the index is freed. */
const pb_series_set_t *pb_index_series(const pb_index_t *idx);
/* Figures of the last build or refresh: owned by IDX, rewritten by each
 * refresh. */
const pb_index_stats_t *pb_index_stats(const pb_index_t *idx);
/* The database's path: owned by IDX, for its life. */
const char *pb_index_db_path(const pb_index_t *idx);
/* The prefix of review state tags (review.h): owned by IDX, for its life. */
const char *pb_index_tag_prefix(const pb_index_t *idx);

/* CB is called with the model each time it is made anew, and at once
 * for the one there is now, before any getter gives it out: a later
 * layer adds its marks to it (target.h: PB_VER_ACCEPTED; wake.h:
 * PB_VER_TAG_REACHED). The marks live in the model and go with it. An
 * index keeps up to four markers, one per CB, called in the order they
 * were first set: setting CB again replaces its PAYLOAD, PAYLOAD NULL
 * removes CB, CB NULL removes them all. PAYLOAD must outlive IDX, or be
 * removed before it goes. PB_ERR_USAGE when four others are set. */
typedef void (*pb_series_mark_cb)(void *payload, pb_series_set_t *set);
pb_status_t pb_index_set_marker(pb_index_t *idx, pb_series_mark_cb cb, void *payload);

/* Series with at least one message matching the notmuch QUERY, in the
 * set's order. QUERY NULL or "" or "*" gives all series. *OUT (the array)
 * is new on MEM_CTX; the series it points to are the model's, valid until
 * the next pb_index_refresh(). */
pb_status_t pb_index_query(pb_index_t *idx, TALLOC_CTX *mem_ctx, const char *query, pb_series_t ***out,
			   size_t *n, pb_error_t *err);

/* Find by a Message-ID written as "id", "<id>" or "id:id". The objects
 * found (any of the out-pointers may be NULL) are the model's, valid until
 * the next pb_index_refresh(). */
pb_status_t pb_index_find(const pb_index_t *idx, const char *id, pb_series_t **series, pb_version_t **version,
			  pb_patch_t **patch);

/* Parse the mail of a record again, from its file (looked up again in the
 * database if the file moved). *OUT is new on MEM_CTX and outlives any
 * refresh. */
pb_status_t pb_index_load_mail(pb_index_t *idx, TALLOC_CTX *mem_ctx, const pb_msgrec_t *rec, pb_mail_t **out,
			       pb_error_t *err);

/* The file of the message MSGID, as the database has it now (*PATH new
 * on MEM_CTX), and whether it is a kept draft (*DRAFT, may be NULL: the
 * tag PB_TAG_DRAFT). PB_ERR_NOTFOUND when there is no such message. */
pb_status_t pb_index_message_file(pb_index_t *idx, TALLOC_CTX *mem_ctx, const char *msgid, char **path, bool *draft,
				  pb_error_t *err);

/* Import an mbox/mboxrd file or a maildir into a private notmuch database
 * under the cache dir (reused while FILE is unchanged). *db_path gets its path. */
pb_status_t pb_index_import(TALLOC_CTX *mem_ctx, char **db_path, const char *file, const char *cache_dir,
			    pb_error_t *err);

#endif
