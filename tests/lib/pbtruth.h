/* pbtruth.h: series truth files, and grouping scored against them.
 *
 * A truth file (tests/data/series-truth/, or one the scale generator
 * writes beside its archive) lists every cover and patch of an archive by
 * series:
 *     # comment
 *     == title of a series
 *     v2 message-id
 * One "==" block per series (every version of one topic). */
#ifndef PBT_TRUTH_H
#define PBT_TRUTH_H

#include <stddef.h>
#include <talloc.h>

typedef struct pbt_truth_msg {
	const char *id;
	int version;
	size_t series; /* index into titles */
} pbt_truth_msg_t;

typedef struct pbt_truth {
	pbt_truth_msg_t *msg;
	size_t n;
	const char **titles;
	size_t n_series;
} pbt_truth_t;

/* Read PATH (relative paths are taken from $PB_SRCDIR). Owned by CTX; NULL
 * when it cannot be read or a line is malformed (*ERROR says why, on CTX).
 * (No cmocka here: the benchmarks use it too.) */
pbt_truth_t *pbt_truth_load(TALLOC_CTX *ctx, const char *path, char **error);

typedef struct pbt_score {
	size_t exact;  /* truth series that are one found series holding nothing else */
	size_t merged; /* truth series whose found series also holds another's messages */
	size_t split;  /* truth series spread over several found series (or not found) */
	char *report;  /* a line per series that is not exact (on CTX) */
} pbt_score_t;

/* Score a grouping: GOT[i] is the id of the series patchbay put truth
 * message i in ("" when none). */
void pbt_truth_score(TALLOC_CTX *ctx, const pbt_truth_t *t, const char *const *got, pbt_score_t *out);

#endif
