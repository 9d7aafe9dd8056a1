/* link.c: postings linked into series (one series = every version of a topic).
 *
 * Every link between two postings has a reason, strongest first (the
 * principles are in docs/design.md, "Series identity"):
 *   the user's `patchbay link`; b4's change-id; a "Link to vN:",
 *   "Supersedes:" or version URL naming a message of the other; a root that
 *   replies into an earlier posting of its sender;
 * then, within one sender's postings only, each posting gets at most one
 * predecessor, its best-supported earlier posting:
 *   a shared patch-id; similar titles corroborated by the files touched;
 *   the same titles with the count and version order of a reroll; new
 *   titles on the same files as the next version.
 * Titles never link postings whose diffs touch no file in common, and a
 * series never holds two different postings of one version (unless one is
 * a RESEND or a repost of the other). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "patchbay/subject.h"
#include "core/model/link_priv.h"
#include "core/base/util.h"

#define LINK_WINDOW (400LL * 24 * 3600) /* similarity links within ~13 months */
#define LINK_CANDIDATES 64

int _pb_uf_find(struct group *g, int p)
{
	while (g->posts[p].uf != p) {
		g->posts[p].uf = g->posts[g->posts[p].uf].uf;
		p = g->posts[p].uf;
	}
	return p;
}

static void uf_union(struct group *g, int a, int b)
{
	a = _pb_uf_find(g, a);
	b = _pb_uf_find(g, b);
	if (a == b)
		return;
	if (g->posts[a].rank < g->posts[b].rank) {
		int t = a;
		a = b;
		b = t;
	}
	g->posts[b].uf = a;
	if (g->posts[a].rank == g->posts[b].rank)
		g->posts[a].rank++;
	/* splice the two rings: every member is reachable from either */
	{
		int t = g->posts[a].ring;
		g->posts[a].ring = g->posts[b].ring;
		g->posts[b].ring = t;
	}
}

/* Version, flags and count of each posting, from its cover and patches. */
static void posting_attrs(struct group *g, struct posting *ps)
{
	int best_v = -1, best_n = 0;
	const pb_msgrec_t *c = ps->cover >= 0 ? &g->recs[ps->cover] : NULL;
	unsigned sf = c ? c->sflags : 0;

	ps->total = c && c->total > 0 ? c->total : 0;
	for (size_t i = 0; i < ps->n_patches; i++) {
		const pb_msgrec_t *r = &g->recs[ps->patches[i]];
		int cnt = 0;
		sf |= r->sflags;
		if (r->total > ps->total)
			ps->total = r->total;
		if (r->index > ps->total)
			ps->total = r->index;
		if (!(r->sflags & PB_SUBJ_VERSIONED))
			continue;
		for (size_t j = 0; j < ps->n_patches; j++)
			if ((g->recs[ps->patches[j]].sflags & PB_SUBJ_VERSIONED) &&
			    g->recs[ps->patches[j]].version == r->version)
				cnt++;
		if (cnt > best_n) {
			best_n = cnt;
			best_v = r->version;
		}
	}
	if (best_v > 0) {
		ps->version = best_v;
		ps->explicit_version = true;
	} else if (c && (c->sflags & PB_SUBJ_VERSIONED)) {
		ps->version = c->version;
		ps->explicit_version = true;
	} else {
		ps->version = ps->n_patches ? g->recs[ps->patches[0]].version : (c ? c->version : 1);
		ps->explicit_version = false;
	}
	if (ps->total <= 0)
		ps->total = ps->n_patches ? (int)ps->n_patches : 0;
	if (sf & PB_SUBJ_RFC)
		ps->vflags |= PB_VER_RFC;
	if (sf & PB_SUBJ_RESEND)
		ps->vflags |= PB_VER_RESEND;
	if (c && ((c->sflags & PB_SUBJ_PULL) || (c->mflags & PB_MAIL_PULL)))
		ps->vflags |= PB_VER_PULL;
}

/* ---- the linker ------------------------------------------------------- */

struct linker {
	struct group *g;
	struct titles *tt;    /* per posting, made when first compared */
	struct keys *kk;
	uint8_t *ready;       /* tt[p] and kk[p] are made */
	uint64_t *fp;         /* per posting: the hash of what evidence reads */
	void *tmp;
	bool oom;
};

/* Make the titles and keys of P, once: most postings of a large archive
 * are never compared anew (their scores come from the memo). */
static void ensure(struct linker *L, int p)
{
	if (L->ready[p])
		return;
	L->ready[p] = 1;
	if (_pb_link_titles(L->tmp, L->g, &L->g->posts[p], &L->tt[p]) ||
	    _pb_link_keys(L->tmp, L->g, &L->g->posts[p], &L->kk[p])) {
		/* compared as empty; the grouping fails with PB_ERR_NOMEM */
		memset(&L->tt[p], 0, sizeof(L->tt[p]));
		memset(&L->kk[p], 0, sizeof(L->kk[p]));
		L->oom = true;
	}
}

static int similarity(struct linker *L, int p, int q)
{
	ensure(L, p);
	ensure(L, q);
	return _pb_link_similarity(&L->tt[p], &L->tt[q]);
}

/* Is one of A and B a RESEND or a repost of the other: the same patches
 * (a shared patch-id), or the same titles and count? */
static bool repost(struct linker *L, int a, int b)
{
	const struct posting *pa = &L->g->posts[a], *pb = &L->g->posts[b];
	if ((pa->vflags | pb->vflags) & PB_VER_RESEND)
		return true;
	ensure(L, a);
	ensure(L, b);
	if (_pb_link_share(L->kk[a].pids, L->kk[a].n_pids, L->kk[b].pids, L->kk[b].n_pids))
		return true;
	return pa->total == pb->total && similarity(L, a, b) == SIM_HIGH;
}

/* Would joining the series of A and B put two different postings of one
 * version into one series? */
static bool version_conflict(struct linker *L, int a, int b)
{
	struct group *g = L->g;
	int x = a;
	do {
		int y = b;
		do {
			if (g->posts[x].version == g->posts[y].version && !repost(L, x, y))
				return true;
			y = g->posts[y].ring;
		} while (y != b);
		x = g->posts[x].ring;
	} while (x != a);
	return false;
}

static int posting_order(const struct group *g, int x, int y);

/* Join the series of P and Q; P (the later) records Q as its predecessor
 * when it has none yet. CHECK: refuse a join that breaks the one-posting-
 * per-version rule. */
static bool join(struct linker *L, int p, int q, pb_link_reason_t why, bool check)
{
	struct group *g = L->g;
	if (p == q)
		return false;
	if (_pb_uf_find(g, p) == _pb_uf_find(g, q)) {
		/* already one series (through a third posting): the evidence
		 * still says where P comes from */
		if (g->posts[p].link_to < 0 && posting_order(g, q, p) < 0) {
			g->posts[p].link_to = q;
			g->posts[p].link_reason = why;
		}
		return true;
	}
	if (check && version_conflict(L, p, q))
		return false;
	uf_union(g, p, q);
	if (g->posts[p].link_to < 0) {
		g->posts[p].link_to = q;
		g->posts[p].link_reason = why;
	}
	return true;
}

/* Is X sent before Y (date, then version, then Message-ID)? */
static int posting_order(const struct group *g, int x, int y)
{
	const struct posting *a = &g->posts[x], *b = &g->posts[y];
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	if (a->version != b->version)
		return a->version < b->version ? -1 : 1;
	return strcmp(g->recs[a->root].msgid, g->recs[b->root].msgid);
}

/* Join P and Q with the later of them as the one that links. */
static bool join_ordered(struct linker *L, int p, int q, pb_link_reason_t why, bool check)
{
	if (posting_order(L->g, p, q) < 0) {
		int t = p;
		p = q;
		q = t;
	}
	return join(L, p, q, why, check);
}

/* Did the user split posting P off? (The mark is on its root when it was
 * made; a cover that arrived later may be the root now: any member counts.) */
static bool split(const struct group *g, int p)
{
	const struct posting *ps = &g->posts[p];
	if ((g->recs[ps->root].rflags & PB_REC_USER_SPLIT) ||
	    (ps->cover >= 0 && (g->recs[ps->cover].rflags & PB_REC_USER_SPLIT)))
		return true;
	for (size_t i = 0; i < ps->n_patches; i++)
		if (g->recs[ps->patches[i]].rflags & PB_REC_USER_SPLIT)
			return true;
	return false;
}

/* The evidence that P (later) is a next version or a repost of Q, by the
 * same sender; its strength (0: none) and reason. It reads only what
 * _pb_link_fp() hashes: the memo keeps it. */
static int evidence(struct linker *L, int p, int q, pb_link_reason_t *why)
{
	const struct posting *ps = &L->g->posts[p], *qs = &L->g->posts[q];
	const struct keys *a = &L->kk[p], *b = &L->kk[q];
	bool resend = ps->vflags & PB_VER_RESEND, paths, named;
	size_t common, all;
	int sim, overlap, score;

	ensure(L, p);
	ensure(L, q);
	paths = a->n_paths && b->n_paths;
	common = paths ? _pb_link_common(a->paths, a->n_paths, b->paths, b->n_paths) : 0;
	/* its changelog names the other's version as the one before it
	 * ("Changes since v2" in a v3): a changelog lists every earlier
	 * version, so only the last one counts */
	named = qs->version + 1 == ps->version && qs->version >= 1 && qs->version <= 31 &&
		(a->changelog & (1u << qs->version));

	if (_pb_link_share(a->pids, a->n_pids, b->pids, b->n_pids)) {
		*why = PB_LINK_PATCH_ID;
		return 1000;
	}
	/* a file that moved is the same file */
	if (paths && !common)
		common = _pb_link_common(a->names, a->n_names, b->names, b->n_names);
	/* content that differs in every file is never a reroll on titles alone */
	if (paths && !common && !named)
		return 0;
	/* an older version sent later is no next version */
	if (ps->version < qs->version && !resend)
		return 0;
	/* how much of the files the two share (Jaccard, in percent) */
	all = a->n_paths + b->n_paths - common;
	overlap = paths && all ? (int)(100 * common / all) : 0;
	/* the grade, among the candidates that qualify: titles, then files,
	 * then a changelog that names it, then the same count */
	sim = similarity(L, p, q);
	score = (sim == SIM_HIGH ? 300 : sim == SIM_MID ? 200 : 0) + 3 * overlap + (named ? 100 : 0) +
		(ps->total == qs->total ? 50 : 0);
	/* a next version follows its predecessor within weeks: the older the
	 * candidate, the less it is one (50 a doubling of the gap in weeks) */
	{
		int64_t weeks = (ps->date - qs->date) / (7 * 86400);
		int doublings = 0;
		for (uint64_t w = (uint64_t)(weeks > 0 ? weeks : 0) + 1; w > 1; w >>= 1)
			doublings++;
		score -= 50 * doublings;
		if (score < 1)
			score = 1;
	}
	if (sim == SIM_HIGH) {
		/* the same version again: only as a repost (same count) */
		if (ps->version == qs->version && !resend && ps->total != qs->total)
			return 0;
		*why = common ? PB_LINK_TITLE_PATHS : named ? PB_LINK_TITLE_CHANGELOG : PB_LINK_TITLE_REROLL;
		return score;
	}
	if (sim == SIM_MID) {
		/* similar is weaker than equal: half of the files, not one */
		bool most = common * 2 >= (a->n_paths > b->n_paths ? a->n_paths : b->n_paths);
		if (ps->version <= qs->version && !resend)
			return 0;
		if (most)
			*why = PB_LINK_TITLE_PATHS;
		else if (named)
			*why = PB_LINK_TITLE_CHANGELOG;
		else if (!paths && ps->total == qs->total)
			*why = PB_LINK_TITLE_REROLL;
		else
			return 0;
		return score;
	}
	/* retitled: the next version on mostly the same files */
	if (paths && ps->explicit_version && ps->version == qs->version + 1 &&
	    common * 2 >= (a->n_paths > b->n_paths ? a->n_paths : b->n_paths)) {
		*why = PB_LINK_RETITLED;
		return score;
	}
	return 0;
}

static int posting_date_cmp(const void *a, const void *b, void *ud)
{
	return posting_order(ud, *(const int *)a, *(const int *)b);
}

/* The bucket of KEY in H, made when first asked (the table keeps a copy
 * of the key). */
static GArray *bucket_of(GHashTable *h, const char *key)
{
	GArray *arr = g_hash_table_lookup(h, key);
	if (!arr) {
		arr = g_array_new(FALSE, FALSE, sizeof(int));
		g_hash_table_insert(h, g_strdup(key), arr);
	}
	return arr;
}

/* PREFIX and S folded to lower case into BUF (CAP bytes) when it fits
 * and S is ASCII, where lower case is what g_utf8_casefold() (FOLD) and
 * g_ascii_strdown() give; else into *HEAP (g_free it). Per posting, for
 * the bucket keys: a sender's name and address, over and over, in the
 * same few strings. */
static const char *fold_key(char *buf, size_t cap, char **heap, const char *prefix, const char *s, bool fold)
{
	size_t lp = strlen(prefix), i;
	bool ascii = true;
	for (i = 0; s[i]; i++)
		if ((unsigned char)s[i] >= 0x80)
			ascii = false;
	*heap = NULL;
	if (ascii && lp + i < cap) {
		memcpy(buf, prefix, lp);
		for (size_t k = 0; k <= i; k++)
			buf[lp + k] = g_ascii_tolower(s[k]);
		return buf;
	}
	{
		char *f = fold ? g_utf8_casefold(s, -1) : g_ascii_strdown(s, -1);
		*heap = g_strconcat(prefix, f, NULL);
		g_free(f);
	}
	return *heap;
}

static void array_free(gpointer p)
{
	g_array_free(p, TRUE);
}

const char *pb_link_reason_name(pb_link_reason_t r)
{
	static const char *const names[PB_LINK_COUNT] = {
		[PB_LINK_NONE] = "first",
		[PB_LINK_USER] = "user",
		[PB_LINK_CHANGE_ID] = "change-id",
		[PB_LINK_REFERENCE] = "reference",
		[PB_LINK_REPLY] = "in-reply-to",
		[PB_LINK_PATCH_ID] = "patch-id",
		[PB_LINK_TITLE_PATHS] = "title+files",
		[PB_LINK_TITLE_CHANGELOG] = "title+changelog",
		[PB_LINK_TITLE_REROLL] = "title+reroll",
		[PB_LINK_RETITLED] = "retitled",
	};
	return (unsigned)r < PB_LINK_COUNT ? names[r] : "?";
}

/* An earlier posting that may be P's predecessor, and how well. */
/* A candidate predecessor Q of posting P, and the evidence for it. */
struct scored {
	int p, q, score;
	pb_link_reason_t why;
};

/* One posting's candidates, best first: the strongest; of equals, the
 * most recent. */
static int cmp_scored(const void *a, const void *b, void *g)
{
	const struct scored *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return -posting_order(g, x->q, y->q);
}

/* Q is the best candidate of both A and B, two different postings of one
 * version: which of them is Q's next version? The one more like Q (the
 * titles, then the share of files), then the one sent sooner after it.
 * True for A. Unlike a score, this weighs only what tells the two apart
 * as Q's successor: a changelog that names "v1" or the same count says
 * nothing about which of two v2s follows a v1. */
static bool prefers(struct linker *L, int q, int a, int b)
{
	const struct group *g = L->g;
	int sa = similarity(L, a, q), sb = similarity(L, b, q);
	const struct keys *ka = &L->kk[a], *kb = &L->kk[b], *kq = &L->kk[q];
	size_t ca, cb, na, nb;
	if (sa != sb)
		return sa > sb;
	ca = _pb_link_common(ka->paths, ka->n_paths, kq->paths, kq->n_paths);
	cb = _pb_link_common(kb->paths, kb->n_paths, kq->paths, kq->n_paths);
	na = ka->n_paths + kq->n_paths - ca;
	nb = kb->n_paths + kq->n_paths - cb;
	/* the shares of files, ca/na against cb/nb, without dividing */
	na = na ? na : 1;
	nb = nb ? nb : 1;
	if (ca * nb != cb * na)
		return ca * nb > cb * na;
	if (g->posts[a].date != g->posts[b].date)
		return g->posts[a].date < g->posts[b].date;
	return posting_order(g, a, b) < 0;
}

/* Settle a candidate that two postings of one version both want: each
 * posting P proposes to its candidates in order (its list is ALL[SEG[P]],
 * N[P] of them, best first); a candidate keeps, per version, the proposer
 * it prefers, and the other proposes to its next. CUR[P] ends at the
 * candidate P got, or at N[P] when it lost them all. A RESEND or repost
 * of the holder is no rival: both keep it. Every rejection moves one
 * proposer on, so this ends within as many steps as there are candidates,
 * and its result does not depend on the order of the proposals. */
static int settle(struct linker *L, const struct scored *all, const guint *seg, const guint *n, guint *cur)
{
	struct group *g = L->g;
	GHashTable *holder;
	int64_t *keys = talloc_array(L->tmp, int64_t, g->n_posts ? g->n_posts : 1);
	int *queue = talloc_array(L->tmp, int, g->n_posts ? g->n_posts : 1);
	size_t nq = 0;
	if (!keys || !queue)
		return PB_ERR_NOMEM;
	holder = g_hash_table_new(g_int64_hash, g_int64_equal);
	for (size_t p = 0; p < g->n_posts; p++) {
		cur[p] = 0;
		if (n[p])
			queue[nq++] = (int)p;
	}
	while (nq) {
		int p = queue[--nq], h;
		const struct scored *c;
		gpointer v;
		if (cur[p] >= n[p])
			continue;
		c = &all[seg[p] + cur[p]];
		keys[p] = ((int64_t)c->q << 32) | (uint32_t)g->posts[p].version;
		v = g_hash_table_lookup(holder, &keys[p]);
		h = v ? GPOINTER_TO_INT(v) - 1 : -1;
		if (h < 0) {
			g_hash_table_insert(holder, &keys[p], GINT_TO_POINTER(p + 1));
			continue;
		}
		if (repost(L, p, h))
			continue;
		if (prefers(L, c->q, p, h)) {
			/* (replace: the table keeps p's key, equal to h's) */
			g_hash_table_replace(holder, &keys[p], GINT_TO_POINTER(p + 1));
			p = h;
		}
		cur[p]++;
		queue[nq++] = p;
	}
	g_hash_table_destroy(holder);
	talloc_free(keys);
	talloc_free(queue);
	return L->oom ? PB_ERR_NOMEM : PB_OK;
}

/* A posting's candidates: the earlier postings in its sender's buckets. */
struct cand {
	GArray *arr;
	guint pos;
};

/* A posting's candidates in the memo, by hash (looked up by halving). */
static int cmp_cand(const void *a, const void *b, void *unused)
{
	(void)unused;
	const struct memo_cand *x = a, *y = b;
	return x->fp < y->fp ? -1 : x->fp > y->fp;
}

/* Does posting P's window hold, in each of its buckets C, what it held in
 * the memo's grouping (entry ME)? It does when it starts at the same
 * oldest candidate and no posting the memo's grouping lacked came into it
 * (NEWER[b][p]: the last such before P in bucket b). Every candidate is
 * then an old one, scored last time. OLDEST gets the window's start,
 * *SPAN how many candidates the windows hold. */
static bool same_window(const struct linker *L, const struct cand *c, const int *const *newer, int p,
			const struct memo_entry *me, uint64_t *oldest, size_t *span)
{
	*span = 0;
	for (int b = 0; b < 2; b++) {
		const int *ix;
		guint lo;
		oldest[b] = 0;
		if (!c[b].arr || c[b].pos == 0) {
			if (me->oldest[b])
				return false;
			continue;
		}
		ix = (const int *)(void *)c[b].arr->data;
		lo = c[b].pos > LINK_CANDIDATES ? c[b].pos - LINK_CANDIDATES : 0;
		oldest[b] = L->fp[ix[lo]];
		if (me->oldest[b] != oldest[b] || newer[b][p] >= (int)lo)
			return false;
		*span += c[b].pos - lo;
	}
	return true;
}

/* P's scored candidates as memo entry ME lists them, into CANDS (*NC of
 * them) and MCS; a candidate that is gone is left out. SPAN: how many
 * comparisons that spares. False when the entry does not add up (more
 * than a window, one not before P). */
static bool reuse_entry(struct linker *L, const struct memo *memo, const struct memo_entry *me, GHashTable *byfp,
			int p, size_t span, struct scored *cands, size_t *nc, GArray *mcs)
{
	struct group *g = L->g;
	if (me->n > 2 * LINK_CANDIDATES)
		return false;
	for (uint32_t x = 0; x < me->n; x++) {
		struct memo_cand m = _pb_memo_cand(memo, me->first + x);
		int q = GPOINTER_TO_INT(g_hash_table_lookup(byfp, &m.fp)) - 1;
		if (q < 0)
			continue;
		if (q == p || posting_order(g, q, p) >= 0 || m.why >= PB_LINK_COUNT || !m.score)
			return false;
		cands[*nc].q = q;
		cands[*nc].score = m.score;
		cands[*nc].why = (pb_link_reason_t)m.why;
		(*nc)++;
		g_array_append_val(mcs, m);
	}
	g->n_reused += span;
	return true;
}

int _pb_group_link(struct group *g)
{
	struct linker L = {.g = g};
	GHashTable *change, *buckets;
	int *order, *pos_email, *pos_name, *seen, *new_email, *new_name;
	int64_t *pdate;
	GArray **bk_email, **bk_name, *ents = NULL, *mcs = NULL, *all;
	GHashTable *byfp;
	uint8_t *old;
	struct scored *cands;
	guint *seg, *nseg, *cur;
	struct memo memo;
	void *tmp = talloc_new(g->scratch);

	if (!tmp)
		return PB_ERR_NOMEM;
	L.tmp = tmp;
	g->n_scored = g->n_reused = 0;
	g->memo_out = NULL;
	g->memo_out_len = 0;
	_pb_memo_open(&memo, g->memo_in, g->memo_in_len);
	for (size_t p = 0; p < g->n_posts; p++) {
		posting_attrs(g, &g->posts[p]);
		g->posts[p].ring = (int)p;
		g->posts[p].link_to = -1;
		g->posts[p].link_reason = PB_LINK_NONE;
	}

	/* titles and keys for the comparisons, made when first needed */
	L.tt = talloc_zero_array(tmp, struct titles, g->n_posts ? g->n_posts : 1);
	L.kk = talloc_zero_array(tmp, struct keys, g->n_posts ? g->n_posts : 1);
	L.ready = talloc_zero_array(tmp, uint8_t, g->n_posts ? g->n_posts : 1);
	L.fp = talloc_array(tmp, uint64_t, g->n_posts ? g->n_posts : 1);
	order = talloc_array(tmp, int, g->n_posts ? g->n_posts : 1);
	pos_email = talloc_array(tmp, int, g->n_posts ? g->n_posts : 1);
	pos_name = talloc_array(tmp, int, g->n_posts ? g->n_posts : 1);
	seen = talloc_array(tmp, int, g->n_posts ? g->n_posts : 1);
	pdate = talloc_array(tmp, int64_t, g->n_posts ? g->n_posts : 1);
	bk_email = talloc_zero_array(tmp, GArray *, g->n_posts ? g->n_posts : 1);
	bk_name = talloc_zero_array(tmp, GArray *, g->n_posts ? g->n_posts : 1);
	if (!L.tt || !L.kk || !L.ready || !L.fp || !order || !pos_email || !pos_name || !seen || !pdate || !bk_email ||
	    !bk_name)
		goto nomem;
	for (size_t p = 0; p < g->n_posts; p++) {
		order[p] = (int)p;
		seen[p] = -1;
		pdate[p] = g->posts[p].date; /* (dense: the window loop reads it most) */
		L.fp[p] = _pb_link_fp(g, &g->posts[p]);
	}
	g_qsort_with_data(order, (gint)g->n_posts, sizeof(int), posting_date_cmp, g);

	/* 1. the user's links */
	for (size_t i = 0; i < g->n; i++) {
		const char *u = g->recs[i].user_links;
		if (!u || g->post[i] < 0)
			continue;
		for (const char *p = u; *p;) {
			const char *e = strchr(p, ' ');
			size_t l = e ? (size_t)(e - p) : strlen(p);
			char *id = talloc_strndup(tmp, p, l);
			int j;
			if (!id)
				goto nomem;
			j = _pb_group_lookup(g, id);
			if (j >= 0 && g->owner[j] >= 0)
				join_ordered(&L, g->post[i], g->owner[j], PB_LINK_USER, false);
			p += l + (e ? 1 : 0);
		}
	}

	/* 2. change-id: each posting to the one before it with that id */
	change = g_hash_table_new(g_str_hash, g_str_equal);
	for (size_t k = 0; k < g->n_posts; k++) {
		int p = order[k];
		struct posting *ps = &g->posts[p];
		const char *cid = g->recs[ps->root].change_id;
		gpointer other;
		if (!cid && ps->cover >= 0)
			cid = g->recs[ps->cover].change_id;
		if (!cid)
			continue;
		other = g_hash_table_lookup(change, cid);
		if (other && !split(g, p))
			join(&L, p, GPOINTER_TO_INT(other) - 1, PB_LINK_CHANGE_ID, false);
		g_hash_table_insert(change, (gpointer)cid, GINT_TO_POINTER(p + 1));
	}
	g_hash_table_destroy(change);

	/* 3. "Link to vN:", "Supersedes:" and version URLs, written by anyone */
	for (size_t i = 0; i < g->n; i++) {
		const pb_msgrec_t *r = &g->recs[i];
		for (uint32_t k = 0; k < r->n_links; k++) {
			int j = _pb_group_lookup(g, r->links[k]);
			int p = g->owner[i], q = j >= 0 ? g->owner[j] : -1;
			if (p < 0 || q < 0 || p == q)
				continue;
			if (posting_order(g, p, q) < 0) {
				int t = p;
				p = q;
				q = t;
			}
			if (!split(g, p))
				join(&L, p, q, PB_LINK_REFERENCE, false);
		}
	}

	/* 4. a posting whose root replies into an earlier posting: by the same
	 * person (sender or in-body author), or a next version on the same
	 * files. Threading is the sender's own word: no version check. */
	for (size_t k = 0; k < g->n_posts; k++) {
		int p = order[k];
		struct posting *ps = &g->posts[p];
		int a = g->parent[ps->root], steps = 0;
		if (split(g, p))
			continue;
		while (a >= 0 && steps++ < 256) {
			int q = g->post[a];
			if (q >= 0 && q != p) {
				struct posting *qs = &g->posts[q];
				const pb_msgrec_t *x = &g->recs[ps->root], *y = &g->recs[qs->root];
				bool same = pb_person_same(&x->sender, &y->sender) ||
					    pb_person_same(&x->author, &y->sender) ||
					    pb_person_same(&x->sender, &y->author);
				bool grows = ps->version > qs->version;
				if (same && (grows || (ps->vflags & PB_VER_RESEND) || similarity(&L, p, q) != SIM_NONE))
					join(&L, p, q, PB_LINK_REPLY, false);
				else if (!same && grows && ps->explicit_version && (ensure(&L, p), ensure(&L, q), true) &&
					 _pb_link_common(L.kk[p].paths, L.kk[p].n_paths, L.kk[q].paths, L.kk[q].n_paths))
					join(&L, p, q, PB_LINK_REPLY, true);
				break;
			}
			a = g->parent[a];
		}
	}

	/* which postings the memo's grouping had, and where each is */
	old = talloc_zero_array(tmp, uint8_t, g->n_posts ? g->n_posts : 1);
	if (!old)
		goto nomem;
	byfp = g_hash_table_new(g_int64_hash, g_int64_equal);
	for (size_t p = 0; p < g->n_posts; p++) {
		old[p] = memo.n_posts && _pb_memo_search(memo.posts, memo.n_posts, MEMO_POST, L.fp[p]) >= 0;
		if (memo.n_entries)
			g_hash_table_insert(byfp, &L.fp[p], GINT_TO_POINTER((int)p + 1));
	}

	/* 5. one sender's postings: each to its best-supported predecessor */
	buckets = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, array_free);
	for (size_t k = 0; k < g->n_posts; k++) {
		int p = order[k];
		const pb_person_t *s = &g->recs[g->posts[p].root].sender;
		char buf[256], *heap;
		if (g->posts[p].vflags & PB_VER_PULL)
			continue;
		if (s->email && *s->email) {
			bk_email[p] = bucket_of(buckets, fold_key(buf, sizeof(buf), &heap, "", s->email, false));
			g_array_append_val(bk_email[p], p);
			pos_email[p] = (int)bk_email[p]->len - 1;
			g_free(heap);
		}
		if (s->name && strchr(s->name, ' ')) {
			bk_name[p] = bucket_of(buckets, fold_key(buf, sizeof(buf), &heap, "name:", s->name, true));
			g_array_append_val(bk_name[p], p);
			pos_name[p] = (int)bk_name[p]->len - 1;
			g_free(heap);
		}
	}
	/* in each bucket, where the last posting before each one that the
	 * memo's grouping did not have is (-1: none) */
	new_email = talloc_array(tmp, int, g->n_posts ? g->n_posts : 1);
	new_name = talloc_array(tmp, int, g->n_posts ? g->n_posts : 1);
	if (!new_email || !new_name) {
		g_hash_table_destroy(buckets);
		g_hash_table_destroy(byfp);
		goto nomem;
	}
	{
		GHashTableIter it;
		gpointer arr;
		g_hash_table_iter_init(&it, buckets);
		while (g_hash_table_iter_next(&it, NULL, &arr)) {
			const GArray *a = arr;
			const int *ix = (const int *)(void *)a->data;
			int last = -1;
			for (guint j = 0; j < a->len; j++) {
				int q = ix[j];
				if (bk_email[q] == a && pos_email[q] == (int)j)
					new_email[q] = last;
				if (bk_name[q] == a && pos_name[q] == (int)j)
					new_name[q] = last;
				if (!old[q])
					last = (int)j;
			}
		}
	}
	cands = talloc_array(tmp, struct scored, 2 * LINK_CANDIDATES);
	seg = talloc_zero_array(tmp, guint, g->n_posts ? g->n_posts : 1);
	nseg = talloc_zero_array(tmp, guint, g->n_posts ? g->n_posts : 1);
	cur = talloc_zero_array(tmp, guint, g->n_posts ? g->n_posts : 1);
	ents = g_array_new(FALSE, FALSE, sizeof(struct memo_entry));
	mcs = g_array_new(FALSE, FALSE, sizeof(struct memo_cand));
	all = g_array_new(FALSE, FALSE, sizeof(struct scored));
	if (!cands || !seg || !nseg || !cur) {
		g_hash_table_destroy(buckets);
		g_hash_table_destroy(byfp);
		g_array_free(ents, TRUE);
		g_array_free(mcs, TRUE);
		g_array_free(all, TRUE);
		goto nomem;
	}
	for (size_t k = 0; k < g->n_posts; k++) {
		int p = order[k];
		size_t nc = 0, span;
		struct posting *ps = &g->posts[p];
		struct cand c[2] = {{bk_email[p], bk_email[p] ? (guint)pos_email[p] : 0},
				    {bk_name[p], bk_name[p] ? (guint)pos_name[p] : 0}};
		struct memo_entry me, ne;
		bool hit;
		if (ps->link_to >= 0 || split(g, p) || (ps->vflags & PB_VER_PULL))
			continue;
		hit = memo.n_entries && _pb_memo_find(&memo, L.fp[p], &me);
		memset(&ne, 0, sizeof(ne));
		ne.fp = L.fp[p];
		ne.first = mcs->len;
		if (hit && same_window(&L, c, (const int *[]){new_email, new_name}, p, &me, ne.oldest, &span)) {
			/* the window holds what it held: last time's scores */
			if (reuse_entry(&L, &memo, &me, byfp, p, span, cands, &nc, mcs))
				goto scored;
			/* (an entry that does not add up: score them all) */
			nc = 0;
			g_array_set_size(mcs, ne.first);
		}
		for (int b = 0; b < 2; b++) {
			const int *ix;
			guint lo;
			/* old candidates from here on were scored last time */
			guint from = G_MAXUINT;
			if (!c[b].arr)
				continue;
			ix = (const int *)(void *)c[b].arr->data;
			lo = c[b].pos > LINK_CANDIDATES ? c[b].pos - LINK_CANDIDATES : 0;
			if (c[b].pos > lo)
				ne.oldest[b] = L.fp[ix[lo]];
			if (hit && me.oldest[b]) {
				int s = GPOINTER_TO_INT(g_hash_table_lookup(byfp, &me.oldest[b])) - 1;
				if (s >= 0 && (b == 0 ? bk_email[s] : bk_name[s]) == c[b].arr)
					from = (guint)(b == 0 ? pos_email[s] : pos_name[s]);
			}
			for (guint j = c[b].pos; j-- > lo;) {
				int q = ix[j], score = 0;
				pb_link_reason_t why = PB_LINK_NONE;
				struct memo_cand mc;
				if (ps->date - pdate[q] > LINK_WINDOW)
					break;
				/* (the name bucket repeats the address bucket) */
				if (seen[q] == p)
					continue;
				seen[q] = p;
				if (old[q] && j >= from) {
					long x = _pb_memo_search(memo.cands + (size_t)me.first * MEMO_CAND, me.n,
								 MEMO_CAND, L.fp[q]);
					g->n_reused++;
					if (x >= 0) {
						struct memo_cand m = _pb_memo_cand(&memo, me.first + (uint32_t)x);
						if (m.why < PB_LINK_COUNT) {
							score = m.score;
							why = (pb_link_reason_t)m.why;
						}
					}
				} else {
					score = evidence(&L, p, q, &why);
					g->n_scored++;
				}
				if (!score)
					continue;
				cands[nc].q = q;
				cands[nc].score = score;
				cands[nc].why = why;
				nc++;
				mc.fp = L.fp[q];
				mc.score = score;
				mc.why = (uint32_t)why;
				g_array_append_val(mcs, mc);
			}
		}
	scored:
		ne.n = mcs->len - ne.first;
		if (ne.n > 1)
			_pb_sort(&g_array_index(mcs, struct memo_cand, ne.first), ne.n, sizeof(struct memo_cand),
				 cmp_cand, NULL);
		g_array_append_val(ents, ne);
		/* the strongest first; of equals, the most recent */
		_pb_sort(cands, nc, sizeof(*cands), cmp_scored, g);
		for (size_t x = 0; x < nc; x++)
			cands[x].p = p;
		seg[p] = all->len;
		nseg[p] = (guint)nc;
		g_array_append_vals(all, cands, (guint)nc);
	}
	/* a candidate two postings of one version both want goes to the one
	 * more like it; then each posting, in date order, to the candidate it
	 * got, or the next one that keeps one posting per version */
	if (settle(&L, (const struct scored *)(void *)all->data, seg, nseg, cur))
		L.oom = true;
	for (size_t k = 0; !L.oom && k < g->n_posts; k++) {
		int p = order[k];
		for (guint x = cur[p]; x < nseg[p]; x++) {
			const struct scored *c = &g_array_index(all, struct scored, seg[p] + x);
			if (join(&L, p, c->q, c->why, true))
				break;
		}
	}
	g_array_free(all, TRUE);
	if (_pb_memo_write(g->ctx, L.fp, g->n_posts, ents, mcs, &g->memo_out, &g->memo_out_len))
		L.oom = true;
	g_hash_table_destroy(byfp);
	g_array_free(ents, TRUE);
	g_array_free(mcs, TRUE);
	g_hash_table_destroy(buckets);
	talloc_free(tmp);
	return L.oom ? PB_ERR_NOMEM : PB_OK;
nomem:
	talloc_free(tmp);
	return PB_ERR_NOMEM;
}
