/* link_keys.c: what link.c compares of two postings: their titles (word
 * sets, Dice similarity) and their keys (paths touched, file names,
 * patch-ids, versions their changelogs name), each a sorted set made once
 * per posting, so that comparing two postings is a few merges. */
#include <stdlib.h>
#include <string.h>

#include "patchbay/subject.h"
#include "core/model/link_priv.h"
#include "core/base/util.h"

/* ---- titles ---------------------------------------------------------- */

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

static int cmp_u32_r(const void *a, const void *b, void *unused)
{
	(void)unused;
	return cmp_u32(a, b);
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
	_pb_sort(out->w, out->n, sizeof(uint32_t), cmp_u32_r, NULL);
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


/* Most titles fuzzy-compared per posting pair: enough to recognise a
 * series, bounded for 100-patch ones. */
#define FUZZY_TITLES 32

/* How alike two postings' titles are. A posting's title is its cover's,
 * else its first patch's. Equal titles, or half of the patches with equal
 * titles, are SIM_HIGH; similar titles are SIM_MID. When both have a
 * cover, the covers speak for the series: equal patch titles make no more
 * than SIM_MID, similar ones (which share a prefix and a file name more
 * often than not) nothing. */
int _pb_link_similarity(const struct titles *p, const struct titles *q)
{
	size_t exact = 0, close = 0, m, np;
	const struct words *tp = p->cover.n ? &p->cover : (p->n ? &p->patch[0] : NULL);
	const struct words *tq = q->cover.n ? &q->cover : (q->n ? &q->patch[0] : NULL);
	if (tp && tq) {
		double d = dice(tp, tq);
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
	/* covers that differ speak louder than a patch title both share (a
	 * patch carried in two series): no more than SIM_MID then */
	if (exact * 2 >= m && exact > 0)
		return p->cover.n && q->cover.n ? SIM_MID : SIM_HIGH;
	if (p->cover.n && q->cover.n)
		return SIM_NONE;
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

/* The titles of posting PS. */
int _pb_link_titles(TALLOC_CTX *ctx, const struct group *g, const struct posting *ps, struct titles *t)
{
	if (ps->cover >= 0 && make_words(ctx, &t->cover, g->recs[ps->cover].title))
		return PB_ERR_NOMEM;
	t->patch = talloc_array(ctx, struct words, ps->n_patches ? ps->n_patches : 1);
	t->wholes = talloc_array(ctx, uint32_t, ps->n_patches ? ps->n_patches : 1);
	if (!t->patch || !t->wholes)
		return PB_ERR_NOMEM;
	for (size_t i = 0; i < ps->n_patches; i++) {
		if (make_words(ctx, &t->patch[i], g->recs[ps->patches[i]].title))
			return PB_ERR_NOMEM;
		t->wholes[i] = t->patch[i].whole;
	}
	t->n = ps->n_patches;
	_pb_sort(t->wholes, t->n, sizeof(uint32_t), cmp_u32_r, NULL);
	return PB_OK;
}

/* ---- per-posting keys ---------------------------------------------------- */

int _pb_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static size_t uniq_u32(uint32_t *v, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (k == 0 || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

static size_t uniq_u64(uint64_t *v, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (k == 0 || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

int _pb_link_keys(TALLOC_CTX *ctx, const struct group *g, const struct posting *ps, struct keys *k)
{
	size_t np = 0;
	memset(k, 0, sizeof(*k));
	for (size_t i = 0; i < ps->n_patches; i++) {
		const char *p = g->recs[ps->patches[i]].paths;
		for (; p && *p; p++)
			if (*p == '\n')
				np++;
		if (g->recs[ps->patches[i]].paths && *g->recs[ps->patches[i]].paths)
			np++;
	}
	k->paths = talloc_array(ctx, uint32_t, np ? np : 1);
	k->names = talloc_array(ctx, uint32_t, np ? np : 1);
	if (ps->cover >= 0)
		k->changelog = g->recs[ps->cover].changelog;
	k->pids = talloc_array(ctx, uint64_t, ps->n_patches ? ps->n_patches : 1);
	if (!k->paths || !k->names || !k->pids)
		return PB_ERR_NOMEM;
	for (size_t i = 0; i < ps->n_patches; i++) {
		const pb_msgrec_t *r = &g->recs[ps->patches[i]];
		k->changelog |= r->changelog;
		for (const char *p = r->paths; p && *p;) {
			const char *e = strchr(p, '\n');
			size_t l = e ? (size_t)(e - p) : strlen(p);
			if (l && k->n_paths < np) {
				const char *b = memrchr(p, '/', l);
				b = b ? b + 1 : p;
				k->paths[k->n_paths] = fnv(p, l);
				k->names[k->n_paths++] = fnv(b, l - (size_t)(b - p));
			}
			p += l + (e ? 1 : 0);
		}
		if (r->patch_id && strlen(r->patch_id) >= 16) {
			char hex[17];
			memcpy(hex, r->patch_id, 16);
			hex[16] = '\0';
			k->pids[k->n_pids++] = (uint64_t)strtoull(hex, NULL, 16);
		}
	}
	_pb_sort(k->names, k->n_paths, sizeof(uint32_t), cmp_u32_r, NULL);
	k->n_names = uniq_u32(k->names, k->n_paths);
	_pb_sort(k->paths, k->n_paths, sizeof(uint32_t), cmp_u32_r, NULL);
	k->n_paths = uniq_u32(k->paths, k->n_paths);
	qsort(k->pids, k->n_pids, sizeof(uint64_t), _pb_cmp_u64);
	k->n_pids = uniq_u64(k->pids, k->n_pids);
	return PB_OK;
}

size_t _pb_link_common(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t i = 0, j = 0, c = 0;
	while (i < na && j < nb) {
		if (a[i] == b[j]) {
			c++;
			i++;
			j++;
		} else if (a[i] < b[j]) {
			i++;
		} else {
			j++;
		}
	}
	return c;
}

bool _pb_link_share(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	size_t i = 0, j = 0;
	while (i < na && j < nb) {
		if (a[i] == b[j])
			return true;
		if (a[i] < b[j])
			i++;
		else
			j++;
	}
	return false;
}
