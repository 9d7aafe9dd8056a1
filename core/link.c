/* link.c: postings linked into series (one series = every version of a topic).
 *
 * Explicit links first: b4's change-id, "Link to vN:" lines, "Supersedes:"
 * lines, and a posting whose root replies into an earlier posting of the same
 * sender. Then, within one sender's postings only (two authors' look-alike
 * series are never linked): equal patch-ids, and similar titles when the
 * version number grows (or the titles are the same). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "patchbay/subject.h"
#include "core/series_priv.h"

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

/* ---- titles ---------------------------------------------------------- */

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

static uint32_t fnv(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static int make_words(TALLOC_CTX *ctx, struct words *out, const char *title)
{
	char *t = title ? pb_subject_normalize(ctx, title) : NULL;
	uint32_t n = 0;
	memset(out, 0, sizeof(*out));
	if (!t || !*t) {
		talloc_free(t);
		return PB_OK;
	}
	out->whole = fnv(t, strlen(t));
	for (const char *p = t; *p; p++)
		if (*p == ' ')
			n++;
	out->w = talloc_array(ctx, uint32_t, n + 1);
	if (!out->w)
		return PB_ERR_NOMEM;
	for (const char *p = t; *p;) {
		const char *e = strchr(p, ' ');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		out->w[out->n++] = fnv(p, l);
		p += l + (e ? 1 : 0);
	}
	qsort(out->w, out->n, sizeof(uint32_t), cmp_u32);
	{
		uint32_t k = 0;
		for (uint32_t i = 0; i < out->n; i++)
			if (k == 0 || out->w[k - 1] != out->w[i])
				out->w[k++] = out->w[i];
		out->n = k;
	}
	talloc_free(t);
	return PB_OK;
}

/* Dice coefficient of two word sets. */
static double dice(const struct words *a, const struct words *b)
{
	uint32_t i = 0, j = 0, common = 0;
	if (!a->n || !b->n)
		return 0;
	if (a->whole == b->whole)
		return 1;
	while (i < a->n && j < b->n) {
		if (a->w[i] == b->w[j]) {
			common++;
			i++;
			j++;
		} else if (a->w[i] < b->w[j]) {
			i++;
		} else {
			j++;
		}
	}
	return 2.0 * common / (double)(a->n + b->n);
}

enum { SIM_NONE, SIM_MID, SIM_HIGH };

/* Most titles fuzzy-compared per posting pair: enough to recognise a
 * series, bounded for 100-patch ones. */
#define FUZZY_TITLES 32

static int similarity(const struct titles *p, const struct titles *q)
{
	size_t exact = 0, close = 0, m, np;
	if (p->cover.n && q->cover.n) {
		double d = dice(&p->cover, &q->cover);
		if (d >= 0.999)
			return SIM_HIGH;
		if (d >= 0.6)
			return SIM_MID;
	}
	if (!p->n || !q->n)
		return SIM_NONE;
	m = p->n < q->n ? p->n : q->n;
	for (size_t i = 0; i < p->n; i++)
		if (bsearch(&p->patch[i].whole, q->wholes, q->n, sizeof(uint32_t), cmp_u32))
			exact++;
	if (exact * 2 >= m && exact > 0)
		return SIM_HIGH;
	np = p->n < FUZZY_TITLES ? p->n : FUZZY_TITLES;
	for (size_t i = 0; i < np; i++) {
		double best = 0;
		size_t nq = q->n < FUZZY_TITLES ? q->n : FUZZY_TITLES;
		for (size_t j = 0; j < nq && best < 0.75; j++) {
			double d = dice(&p->patch[i], &q->patch[j]);
			if (d > best)
				best = d;
		}
		if (best >= 0.75)
			close++;
	}
	m = np < q->n ? np : q->n;
	if (close * 2 >= m && close > 0)
		return SIM_MID;
	return SIM_NONE;
}

static bool share_patch_id(const struct group *g, const struct posting *a, const struct posting *b)
{
	for (size_t i = 0; i < a->n_patches; i++) {
		const char *x = g->recs[a->patches[i]].patch_id;
		if (!x)
			continue;
		for (size_t j = 0; j < b->n_patches; j++) {
			const char *y = g->recs[b->patches[j]].patch_id;
			if (y && strcmp(x, y) == 0)
				return true;
		}
	}
	return false;
}

/* P is later than Q: may P be a next version (or a repost) of Q? */
static bool version_follows(const struct posting *p, const struct posting *q, int sim)
{
	if (sim == SIM_HIGH)
		return true;
	if (sim == SIM_MID && (p->version > q->version || (p->vflags & PB_VER_RESEND)))
		return true;
	return false;
}

static int posting_date_cmp(const void *a, const void *b, void *ud)
{
	const struct group *g = ud;
	const struct posting *x = &g->posts[*(const int *)a], *y = &g->posts[*(const int *)b];
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return *(const int *)a - *(const int *)b;
}

static void bucket_add(GHashTable *h, char *key, int pi)
{
	GArray *arr = g_hash_table_lookup(h, key);
	if (!arr) {
		arr = g_array_new(FALSE, FALSE, sizeof(int));
		g_hash_table_insert(h, g_strdup(key), arr);
	}
	g_array_append_val(arr, pi);
}

static void array_free(gpointer p)
{
	g_array_free(p, TRUE);
}

int _pb_group_link(struct group *g)
{
	struct titles *tt;
	GHashTable *change, *buckets;
	void *tmp = talloc_new(g->ctx);

	if (!tmp)
		return PB_ERR_NOMEM;
	for (size_t p = 0; p < g->n_posts; p++)
		posting_attrs(g, &g->posts[p]);

	/* 1. change-id */
	change = g_hash_table_new(g_str_hash, g_str_equal);
	for (size_t p = 0; p < g->n_posts; p++) {
		struct posting *ps = &g->posts[p];
		const char *cid = g->recs[ps->root].change_id;
		gpointer other;
		if (!cid && ps->cover >= 0)
			cid = g->recs[ps->cover].change_id;
		if (!cid)
			continue;
		other = g_hash_table_lookup(change, cid);
		if (other)
			uf_union(g, (int)p, GPOINTER_TO_INT(other) - 1);
		else
			g_hash_table_insert(change, (gpointer)cid, GINT_TO_POINTER((int)p + 1));
	}
	g_hash_table_destroy(change);

	/* 2. "Link to vN:" and "Supersedes:" lines, written by anyone */
	for (size_t i = 0; i < g->n; i++) {
		const pb_msgrec_t *r = &g->recs[i];
		for (uint32_t k = 0; k < r->n_links; k++) {
			int j = _pb_group_lookup(g, r->links[k]);
			if (j >= 0 && g->owner[i] >= 0 && g->owner[j] >= 0)
				uf_union(g, g->owner[i], g->owner[j]);
		}
	}

	/* titles for the similarity tests */
	tt = talloc_zero_array(tmp, struct titles, g->n_posts ? g->n_posts : 1);
	if (!tt)
		return PB_ERR_NOMEM;
	for (size_t p = 0; p < g->n_posts; p++) {
		struct posting *ps = &g->posts[p];
		if (ps->cover >= 0 && make_words(tmp, &tt[p].cover, g->recs[ps->cover].title))
			return PB_ERR_NOMEM;
		tt[p].patch = talloc_array(tmp, struct words, ps->n_patches ? ps->n_patches : 1);
		tt[p].wholes = talloc_array(tmp, uint32_t, ps->n_patches ? ps->n_patches : 1);
		if (!tt[p].patch || !tt[p].wholes)
			return PB_ERR_NOMEM;
		for (size_t i = 0; i < ps->n_patches; i++) {
			if (make_words(tmp, &tt[p].patch[i], g->recs[ps->patches[i]].title))
				return PB_ERR_NOMEM;
			tt[p].wholes[i] = tt[p].patch[i].whole;
		}
		tt[p].n = ps->n_patches;
		qsort(tt[p].wholes, tt[p].n, sizeof(uint32_t), cmp_u32);
	}

	/* 3. a posting whose root replies into an earlier posting of its sender */
	for (size_t p = 0; p < g->n_posts; p++) {
		struct posting *ps = &g->posts[p];
		int a = g->parent[ps->root], steps = 0;
		while (a >= 0 && steps++ < 256) {
			int q = g->post[a];
			if (q >= 0 && q != (int)p) {
				struct posting *qs = &g->posts[q];
				if (_pb_group_same_sender(g, ps->root, qs->root) &&
				    (ps->version > qs->version || (ps->vflags & PB_VER_RESEND) ||
				     similarity(&tt[p], &tt[q]) != SIM_NONE))
					uf_union(g, (int)p, q);
				break;
			}
			a = g->parent[a];
		}
	}

	/* 4. one sender's postings: equal patch-ids, similar titles */
	buckets = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, array_free);
	for (size_t p = 0; p < g->n_posts; p++) {
		const pb_person_t *s = &g->recs[g->posts[p].root].sender;
		char *key;
		if (g->posts[p].vflags & PB_VER_PULL)
			continue;
		if (s->email && *s->email) {
			key = g_ascii_strdown(s->email, -1);
			bucket_add(buckets, key, (int)p);
			g_free(key);
		}
		if (s->name && strchr(s->name, ' ')) {
			char *nk = g_utf8_casefold(s->name, -1);
			key = g_strconcat("name:", nk, NULL);
			bucket_add(buckets, key, (int)p);
			g_free(key);
			g_free(nk);
		}
	}
	{
		GHashTableIter it;
		gpointer k, v;
		g_hash_table_iter_init(&it, buckets);
		while (g_hash_table_iter_next(&it, &k, &v)) {
			GArray *arr = v;
			int *ix = (int *)(void *)arr->data;
			g_qsort_with_data(ix, (gint)arr->len, sizeof(int), posting_date_cmp, g);
			for (guint i = 1; i < arr->len; i++) {
				struct posting *ps = &g->posts[ix[i]];
				guint lo = i > LINK_CANDIDATES ? i - LINK_CANDIDATES : 0;
				for (guint j = i; j-- > lo;) {
					struct posting *qs = &g->posts[ix[j]];
					if (ps->date - qs->date > LINK_WINDOW)
						break;
					if (_pb_uf_find(g, ix[i]) == _pb_uf_find(g, ix[j]))
						continue;
					if (share_patch_id(g, ps, qs) ||
					    version_follows(ps, qs, similarity(&tt[ix[i]], &tt[ix[j]]))) {
						uf_union(g, ix[i], ix[j]);
					}
				}
			}
		}
	}
	g_hash_table_destroy(buckets);
	talloc_free(tmp);
	return PB_OK;
}
