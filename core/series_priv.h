/* series_priv.h: state shared by the steps of pb_series_group().
 *
 * The steps, in order:
 *   thread.c  parent of every message (loops cut), children, kinds
 *             (patch, cover, pull request, other), postings (a cover and its
 *             patches, or patches sent without one), replies' owners;
 *   link.c    postings linked into series (change-id, Link to vN:,
 *             Supersedes:, reply chains, equal patch-ids, similar titles);
 *   series.c  the model: versions, completeness, trailers, states. */
#ifndef PB_SERIES_PRIV_H
#define PB_SERIES_PRIV_H

#include <glib.h>

#include "patchbay/series.h"
#include "patchbay/subject.h"

enum { K_OTHER, K_PATCH, K_COVER, K_PULL };

struct posting {
	int root;             /* record: the cover, or the first patch */
	int cover;            /* record, or -1 */
	int *patches;         /* records, as posted (talloc) */
	size_t n_patches;
	int version;          /* as written (1 when not written) */
	bool explicit_version;
	unsigned vflags;      /* PB_VER_* */
	int total;
	int64_t date;
	int uf;               /* union-find parent */
	int rank;
	pb_version_t *ver;    /* the model object once built */
	int *replies;         /* records of replies it owns (talloc) */
	size_t n_replies;
};

struct group {
	TALLOC_CTX *ctx;
	const pb_msgrec_t *recs;
	size_t n;
	GHashTable *byid;     /* msgid -> index + 1 */
	int *parent;
	uint8_t *kind;
	int *child_start;     /* children of i: child_list[child_start[i] .. child_start[i+1]) */
	int *child_list;
	int *post;            /* posting a cover/patch belongs to, else -1 */
	int *owner;           /* posting a message belongs to (members and replies), or -1 */
	struct posting *posts;
	size_t n_posts;
	int *stack;           /* scratch for subtree walks, n entries */
};

int _pb_group_lookup(const struct group *g, const char *msgid);
bool _pb_group_same_sender(const struct group *g, int a, int b);

/* thread.c */
int _pb_group_thread(struct group *g);
int _pb_group_postings(struct group *g);
int _pb_group_owners(struct group *g);

/* link.c */
int _pb_group_link(struct group *g);
int _pb_uf_find(struct group *g, int p);

#endif
