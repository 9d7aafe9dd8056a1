/* cache.h: records on disk, keyed by database UUID and revision. Private. */
#ifndef PB_CORE_CACHE_H
#define PB_CORE_CACHE_H

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
} _pb_cache_t;

/* Load PATH; PB_ERR_NOTFOUND when absent, PB_ERR_PARSE when stale or bad. */
int _pb_cache_load(TALLOC_CTX *mem_ctx, _pb_cache_t **out, const char *path, pb_error_t *err);

/* Write N records, the model blob when MODEL is non-NULL and the linker's
 * memo when MEMO is non-NULL, atomically
 * (a temporary file renamed over PATH). Scratch memory goes under MEM_CTX
 * and is freed before it returns. */
int _pb_cache_save(TALLOC_CTX *mem_ctx, const char *path, const char *uuid, const char *scope,
		   unsigned long revision, const pb_msgrec_t *recs, size_t n, const char *model, size_t model_len,
		   const char *memo, size_t memo_len, pb_error_t *err);

#endif
