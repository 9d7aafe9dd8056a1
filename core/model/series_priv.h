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
	int ring;             /* next posting of its series (a circular list) */
	int link_to;          /* posting it was linked to (its predecessor), or -1 */
	pb_link_reason_t link_reason;
	pb_version_t *ver;    /* the model object once built */
	int *replies;         /* records of replies it owns (talloc) */
	size_t n_replies;
};

/* A Message-ID table as the cache's model keeps it: open addressing over a
 * power of two of slots (at least 1024 and twice the records), FNV-1a
 * (_pb_id_hash), linear probing, record index + 1 in a slot (0: empty),
 * the first record of an id wins. It covers records [0, n) of the
 * records it was made for; SLOTS belong to whoever made it (the cache's
 * buffer, used in place). Beside it the model keeps where each of those
 * records was threaded (PARENT, same owner): a grouping looks up again
 * only what new records can change, and the records in REDONE (rewritten
 * since; owned by the index, NULL: none). */
struct idtab {
	const uint32_t *slots;
	uint32_t mask;        /* slots - 1 */
	uint32_t n;
	const uint32_t *parent; /* [n]: the parent's index, or UINT32_MAX; or NULL */
	const uint8_t *redone;  /* [n]: nonzero for a record rewritten since */
};

/* Index of MSGID among RECS[0, N) by table T, or -1. */
int _pb_idtab_find(const struct idtab *t, const pb_msgrec_t *recs, size_t n, const char *msgid);

struct group {
	TALLOC_CTX *ctx;      /* what lives as long as the set */
	TALLOC_CTX *scratch;  /* what the grouping frees before it returns (the
			       * caller's child, not the set's: the set keeps
			       * none of it; NULL in a set read from a model) */
	const pb_msgrec_t *recs;
	size_t n;
	GHashTable *byid;     /* msgid -> index + 1; with BASE, the records BASE
			       * does not cover */
	struct idtab base;    /* the caller's table of recs[0, base.n) (the last
			       * model's), or none */
	int *parent;
	int *ref_parent;      /* the nearest known reference of each, before
			       * reference loops are cut (the model keeps it) */
	uint8_t *kind;
	int *child_start;     /* children of i: child_list[child_start[i] .. child_start[i+1]) */
	int *child_list;
	int *post;            /* posting a cover/patch belongs to, else -1 */
	int *owner;           /* posting a message belongs to (members and replies), or -1 */
	struct posting *posts;
	size_t n_posts;
	int *stack;           /* scratch for subtree walks, n entries */
	/* the linker's memo (link.c): the scores of an earlier grouping, read
	 * (memo_in, the caller's, or NULL) and written (memo_out, on ctx) */
	const char *memo_in;
	size_t memo_in_len;
	char *memo_out;
	size_t memo_out_len;
	size_t n_scored;      /* pairs of postings scored anew */
	size_t n_reused;      /* pairs whose score came from memo_in */
};

/* The private half of a pb_series_set_t: the grouping's state, and where
 * each message lives. A set loaded from the model cache has only recs, n,
 * posts (versions and their replies), the rec_* arrays and, as base, the
 * cache's Message-ID table of every record (no byid). */
struct set_priv {
	struct group g;
	pb_version_t **rec_version; /* per record: the version it belongs to */
	pb_patch_t **rec_patch;     /* per record: the patch it is, or replies under */
	pb_series_t **rec_series;
	GHashTable *ver_post;       /* version -> its posting's index + 1, made
				     * when first asked (pb_series_version_replies) */
};

/* FNV-1a of a Message-ID: the hash of the cached Message-ID table. */
uint32_t _pb_id_hash(const char *s);

int _pb_set_destructor(struct set_priv *sp);
int _pb_set_index_ids(struct set_priv *sp);

/* series.c: what a series shows that follows from its versions (title,
 * author, missing patches); shared with the model cache. */
void _pb_series_derive(pb_series_t *s);
int _pb_version_fill_missing(TALLOC_CTX *ctx, pb_version_t *v);

/* series_cache.c: the grouped model as a blob next to the records cache.
 * Decoding needs the very records (same order) the set was built on. */
int _pb_model_encode(TALLOC_CTX *mem_ctx, char **out, size_t *len, const pb_series_set_t *set);
int _pb_model_decode(TALLOC_CTX *mem_ctx, pb_series_set_t **out, const pb_msgrec_t *recs, size_t n,
		     const char *blob, size_t len);

int _pb_group_lookup(const struct group *g, const char *msgid);
bool _pb_group_same_sender(const struct group *g, int a, int b);

/* thread.c */
int _pb_group_thread(struct group *g);
int _pb_group_postings(struct group *g);
int _pb_group_owners(struct group *g);

/* series.c: pb_series_group with the linker's memo of an earlier grouping
 * of (mostly) the same records (MEMO, LEN; NULL: none), and BYID, when not
 * NULL, the caller's table of RECS (Message-ID -> index + 1, each
 * Message-ID once) or, with BASE (NULL: none), of the records BASE does not
 * cover: the set holds a reference to BYID and points into BASE's slots,
 * so the caller keeps both true while the set is used. The memo only
 * spares work: the set is the one pb_series_group builds. The new memo
 * stays in the set's private half (g.memo_out). */
pb_status_t _pb_series_group(TALLOC_CTX *mem_ctx, pb_series_set_t **out, const pb_msgrec_t *recs, size_t n,
			     GHashTable *byid, const struct idtab *base, const char *memo, size_t len, pb_error_t *err);

/* series_cache.c: the Message-ID table inside the encoded model MODEL
 * (LEN bytes), in place; false when MODEL has none that can be trusted. */
bool _pb_model_idtab(const char *model, size_t len, struct idtab *out);

/* link.c */
int _pb_group_link(struct group *g);
int _pb_uf_find(struct group *g, int p);

#endif
