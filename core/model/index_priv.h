/* index_priv.h: the inside of an index, for the files that make it up
 * (index.c: open and update; index_read.c: notmuch read into records;
 * index_lookup.c: what it answers) and for core/ modules that write to its
 * database (store.c). Private: not under include/. */
#ifndef PB_CORE_INDEX_PRIV_H
#define PB_CORE_INDEX_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>
#include <notmuch.h>

#include "patchbay/index.h"
#include "core/base/util.h"
#include "core/model/cache.h"
#include "core/model/series_priv.h"
#include "core/model/snapshot.h"

struct pb_index {
	char *db_path;
	char *config_path;
	char *scope;
	char *tag_prefix;      /* review state tags (review.h) */
	size_t tag_prefix_len;
	char *cache_key;       /* what the cache was written for: the scope
				* and the tag prefix (records hold what the
				* tags of that prefix say) */
	char *cache_file;
	bool no_cache;
	pb_progress_cb progress;
	void *payload;
	pb_partial_cb partial;
	size_t partial_next;

	pb_msgrec_t *recs;
	size_t n, cap;
	GHashTable *byid;      /* msgid -> index + 1; with base_ids, of the
				* records base_ids does not cover */
	struct idtab base_ids; /* the loaded model's table of the first records
				* (in the cache's buffer), or none */
	uint8_t *base_redone;  /* base_ids.redone: the first records rewritten
				* since the model was loaded (or NULL) */
	_pb_cache_t *cache;    /* loaded cache (records point into it) */
	bool byid_stale;       /* byid does not hold the records yet */
	TALLOC_CTX *strings;   /* strings of records parsed in this process */
	_pb_arena_t arena;     /* ... in blocks under strings */
	char *uuid;
	unsigned long revision;
	pb_series_set_t *set;
	char *memo;            /* the linker's memo of the last grouping */
	size_t memo_len;
	/* the cache on disk: a base file of generation gen holding the first
	 * base_n records (0: none to build on), and the slots below base_n
	 * parsed again since (each once: marked) */
	uint64_t gen;
	size_t base_n;
	uint32_t *changed;
	size_t n_changed, cap_changed;
	uint8_t *marked;
	pb_index_stats_t stats;
	struct {
		pb_series_mark_cb cb; /* pb_index_set_marker: one per CB, in the */
		void *payload;        /* order they were first set */
	} markers[4];
	size_t n_markers;
};

/* Open the database IDX reads, the same way it reads it (same path, same
 * notmuch config), read-only or read-write. The caller destroys *db. */
int _pb_index_open_db(pb_index_t *idx, bool writable, notmuch_database_t **db, pb_error_t *err);

/* A query of IDX's scope (and EXTRA, if given) on DB, that does not omit
 * excluded mail; NULL when out of memory. The caller destroys it. */
notmuch_query_t *_pb_index_query_new(pb_index_t *idx, notmuch_database_t *db, const char *extra,
				     bool newest_first);

/* Count the messages of IDX's scope in revision REV of database UUID
 * (how an update sees that mail was deleted: notmuch says nothing of
 * what is gone) on a thread with a database handle of its own, while the
 * caller reads and groups; *OUT on CTX. Started as soon as the caller has
 * opened REV, so that both handles read it. Freeing the counter waits for
 * the thread. */
struct _pb_counter;
typedef enum {
	PB_COUNT_OK,          /* counted REV */
	PB_COUNT_MOVED,       /* a writer committed: REV cannot be counted */
	PB_COUNT_NO_DB,       /* no second handle could be had */
} pb_count_status_t;
int _pb_index_count_start(pb_index_t *idx, TALLOC_CTX *ctx, unsigned long rev, const char *uuid,
			  struct _pb_counter **out);
/* Wait for C; *COUNT when it says PB_COUNT_OK. */
pb_count_status_t _pb_index_count_finish(struct _pb_counter *c, unsigned *count);

/* Read the messages of the scope (and EXTRA) into records, replacing
 * those of the same Message-ID. PB_ERR_MODIFIED: a writer committed
 * meanwhile, read again. */
int _pb_index_parse(pb_index_t *idx, notmuch_database_t *db, const char *extra, pb_error_t *err);

/* Drop the records whose message left the database or the scope. */
int _pb_index_sweep(pb_index_t *idx, notmuch_database_t *db, pb_error_t *err);

/* The Message-ID table holds every record (built when first needed). */
void _pb_index_ids_ready(pb_index_t *idx);
/* The loaded model's table no longer serves: records moved. */
void _pb_index_drop_base_ids(pb_index_t *idx);
/* Slot I was written: the next delta of the cache carries it. */
int _pb_index_mark_changed(pb_index_t *idx, size_t i);
/* No base file to build a delta on: the next save writes a whole one. */
void _pb_index_drop_base(pb_index_t *idx);

#endif
