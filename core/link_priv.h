/* link_priv.h: the comparisons of postings (link_keys.c) by which the
 * linker (link.c) ranks candidates. Private. */
#ifndef PB_CORE_LINK_PRIV_H
#define PB_CORE_LINK_PRIV_H

#include "core/series_priv.h"

/* A normalised title as a sorted set of word hashes, and the hash of the
 * whole title: Dice of two sets is one merge, an exact match one compare. */
struct words {
	uint32_t *w;
	uint32_t n;
	uint32_t whole;
};

struct titles {
	struct words cover;   /* n == 0: no cover */
	struct words *patch;
	size_t n;
	uint32_t *wholes;     /* sorted whole-title hashes of the patches */
};

enum { SIM_NONE, SIM_MID, SIM_HIGH };

/* What linking compares of a posting, beside its titles: the hashes of the
 * paths its patches touch and the patch-ids of its patches, each a sorted
 * set. */
struct keys {
	uint32_t *paths;
	size_t n_paths;
	uint32_t *names;      /* the paths' file names: a file that moved */
	size_t n_names;
	uint32_t changelog;   /* versions its changelogs name */
	uint64_t *pids;
	size_t n_pids;
};

/* The titles and the keys of posting PS (on CTX, the caller's scratch). */
int _pb_link_titles(TALLOC_CTX *ctx, const struct group *g, const struct posting *ps, struct titles *t);
int _pb_link_keys(TALLOC_CTX *ctx, const struct group *g, const struct posting *ps, struct keys *k);

/* How alike the titles of two postings are: SIM_NONE, SIM_MID, SIM_HIGH. */
int _pb_link_similarity(const struct titles *p, const struct titles *q);

/* How many values two sorted sets share; whether they share one. */
size_t _pb_link_common(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);
bool _pb_link_share(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);

#endif
