/* link_priv.h: the comparisons of postings (link_keys.c) by which the
 * linker (link.c) ranks candidates. Private. */
#ifndef PB_CORE_LINK_PRIV_H
#define PB_CORE_LINK_PRIV_H

#include "core/model/series_priv.h"

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

/* ---- the memo ----------------------------------------------------------
 * Scoring a posting's candidates is most of the linker's work, and each
 * score is a function of the two postings alone (of what evidence() reads
 * of them, which _pb_link_fp() hashes). The memo keeps, for each posting
 * that was scored, the oldest candidate of its window in each bucket and
 * the candidates that scored; and the hashes of every posting grouped. On
 * the next grouping a posting whose hash has an entry scores only the
 * candidates its last window did not hold: new postings, and older ones
 * that came into the window because new ones were put before it. Every
 * other candidate was scored last time (zero when not listed). What the
 * memo spares is only work: the joins are made anew, in order, each time.
 *
 * The blob (host order; it lives in the cache beside the records):
 *   u32 magic, u32 postings, u32 entries, u32 cands;
 *   postings: u64 hash, sorted;
 *   entries, sorted by hash: u64 hash, u64 oldest[2] (0: no such bucket),
 *            u32 first cand, u32 count;
 *   cands: u64 hash of the candidate, i32 score, u32 reason; those of an
 *          entry sorted by hash. */
#define MEMO_MAGIC 0x334d4250u /* "PBM3": hashes of link_memo.c h_bytes() */
#define MEMO_HEAD 16
#define MEMO_POST 8
#define MEMO_ENTRY 32
#define MEMO_CAND 16

struct memo_entry {
	uint64_t fp, oldest[2];
	uint32_t first, n;
};

struct memo_cand {
	uint64_t fp;
	int32_t score;
	uint32_t why;
};

/* The memo of an earlier grouping, checked once. */
struct memo {
	const char *posts, *entries, *cands;
	uint32_t n_posts, n_entries, n_cands;
};

/* The hash of what evidence() reads of posting PS (its attributes, and the
 * titles, paths, patch-ids and changelogs its keys are made of), and of
 * what puts it in its buckets and in order (sender, date, Message-ID);
 * never 0. */
uint64_t _pb_link_fp(const struct group *g, const struct posting *ps);
/* M over BLOB (LEN bytes); a blob that does not add up opens empty. */
void _pb_memo_open(struct memo *m, const char *blob, size_t len);
/* The row of FP in the sorted table TAB of N rows of SIZE bytes, or -1. */
long _pb_memo_search(const char *tab, uint32_t n, size_t size, uint64_t fp);
/* The entry of posting hash FP: false when none (or it does not fit). */
bool _pb_memo_find(const struct memo *m, uint64_t fp, struct memo_entry *out);
struct memo_cand _pb_memo_cand(const struct memo *m, uint32_t i);
/* The new memo on CTX from the N posting hashes FPS, the entries ENTS
 * (sorted here) and the cands CS of a grouping. */
int _pb_memo_write(TALLOC_CTX *ctx, const uint64_t *fps, size_t n, GArray *ents, GArray *cs, char **out,
		   size_t *len);
/* qsort(3) order of uint64_t. */
int _pb_cmp_u64(const void *a, const void *b);

#endif
