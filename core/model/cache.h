/* cache.h: records on disk, keyed by database UUID and revision. Private. */
#ifndef PB_CORE_CACHE_H
#define PB_CORE_CACHE_H

#include <stdint.h>

#include "patchbay/series.h"

typedef struct _pb_cache {
	char *buf;              /* the file; strings of the records point into it */
	pb_msgrec_t *recs;
	size_t n, cap;          /* cap: room for records added later */
	char *uuid;
	char *scope;
	unsigned long revision;
	const char *model;      /* the grouped model (series_cache.c), or NULL */
	size_t model_len;
	const char *memo;       /* the linker's memo (link.c), or NULL */
	size_t memo_len;
	uint64_t gen;           /* the base file's generation: its deltas name it */
	size_t base_n;          /* records in the base file (the first base_n) */
	uint32_t *changed;      /* slots below base_n the delta replaced */
	size_t n_changed;
} _pb_cache_t;

/* Load PATH; PB_ERR_NOTFOUND when absent, PB_ERR_PARSE when stale or bad. */
int _pb_cache_load(TALLOC_CTX *mem_ctx, _pb_cache_t **out, const char *path, pb_error_t *err);

/* The cache is a base file (all records) and, beside it, PATH.delta: the
 * records added or replaced since, with the newest revision, model and
 * memo. An update writes the delta only, so its cost follows the new mail;
 * the caller writes a new base when the delta grows or records go.
 *
 * Load PATH and its delta when the delta belongs to it (same generation,
 * UUID and scope); PB_ERR_NOTFOUND when absent, PB_ERR_PARSE when stale or
 * bad (a bad delta alone is passed over). */
int _pb_cache_load(TALLOC_CTX *mem_ctx, _pb_cache_t **out, const char *path, pb_error_t *err);

/* Write N records as a new base of generation GEN, with the model blob
 * when MODEL is non-NULL and the linker's memo when MEMO is non-NULL,
 * atomically (a temporary file renamed over PATH); the old delta goes.
 * Scratch memory goes under MEM_CTX and is freed before it returns. */
int _pb_cache_save(TALLOC_CTX *mem_ctx, const char *path, uint64_t gen, const char *uuid, const char *scope,
		   unsigned long revision, const pb_msgrec_t *recs, size_t n, const char *model, size_t model_len,
		   const char *memo, size_t memo_len, pb_error_t *err);

/* Write PATH.delta for the base of generation GEN and BASE_N records: the
 * records of the CHANGED slots below BASE_N (N_CHANGED of them, each slot
 * once: the caller's list has no duplicates) and every record from BASE_N to N, with the model and
 * memo, atomically. */
int _pb_cache_save_delta(TALLOC_CTX *mem_ctx, const char *path, uint64_t gen, const char *uuid,
			 const char *scope, unsigned long revision, const pb_msgrec_t *recs, size_t n,
			 size_t base_n, const uint32_t *changed, size_t n_changed, const char *model,
			 size_t model_len, const char *memo, size_t memo_len, pb_error_t *err);

#endif
