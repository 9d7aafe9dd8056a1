/* snapshot.h: a series set that owns a copy of its records. Private.
 *
 * Partial results handed out while pb_index_open() reads the database
 * must stay valid whatever happens to the index afterwards (it may grow,
 * move its record array, or fail and be freed), so they are grouped from a
 * deep copy of the records read so far. */
#ifndef PB_CORE_SNAPSHOT_H
#define PB_CORE_SNAPSHOT_H

#include "patchbay/series.h"

/* Copy N records (every string, reference and trailer) and group the copy.
 * The set owns the copy: freeing the set frees everything. */
int _pb_snapshot_group(TALLOC_CTX *mem_ctx, pb_series_set_t **out, const pb_msgrec_t *recs, size_t n,
		       pb_error_t *err);

/* A bump allocator of strings in large blocks under OWNER. */
typedef struct _pb_arena {
	TALLOC_CTX *owner;
	char *cur;
	size_t left;
} _pb_arena_t;

/* Copy SRC into DST: its strings and its arrays (refs, links, deps,
 * trailers) into ARENA's blocks, which belong to ARENA's owner. false when
 * out of memory. A record costs no talloc chunk of its own, instead of
 * some thirty: what keeps a 100k-message index small. */
bool _pb_record_copy(_pb_arena_t *arena, pb_msgrec_t *dst, const pb_msgrec_t *src);

#endif
