/* link_memo.c: the linker's memo (the format and the principle are in
 * link_priv.h): the hash of a posting, and the memo read and written. */
#include <stdlib.h>
#include <string.h>

#include "core/model/link_priv.h"
#include "core/base/util.h"

/* Eight bytes at a time: a fingerprint of every posting is made on each
 * grouping (12k postings, ~1 KB each at 50k messages), so a byte-wise
 * hash costs more than the rest of an update's linking. */
static uint64_t h_mix(uint64_t x)
{
	x *= 0x9e3779b97f4a7c15ull;
	return x ^ (x >> 29);
}

static uint64_t h_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;
	uint64_t w = 0;
	for (; n >= 8; c += 8, n -= 8) {
		memcpy(&w, c, 8);
		h = h_mix(h ^ w);
	}
	w = (uint64_t)n << 56;
	memcpy(&w, c, n); /* (n < 8: the top byte keeps the length) */
	return h_mix(h ^ w);
}

static uint64_t h_str(uint64_t h, const char *s)
{
	return s ? h_bytes(h, s, strlen(s) + 1) : h_bytes(h, "\xff", 1);
}

static uint64_t h_int(uint64_t h, int64_t v)
{
	return h_bytes(h, &v, sizeof(v));
}

/* The hash of what evidence() reads of posting PS (its attributes, and the
 * titles, paths, patch-ids and changelogs its keys are made of), and of
 * what puts it in its buckets and in order (sender, date, Message-ID). */
uint64_t _pb_link_fp(const struct group *g, const struct posting *ps)
{
	const pb_msgrec_t *root = &g->recs[ps->root];
	uint64_t h = 0xcbf29ce484222325ull;
	h = h_int(h, ps->version);
	h = h_int(h, ps->explicit_version);
	h = h_int(h, ps->vflags);
	h = h_int(h, ps->total);
	h = h_int(h, ps->date);
	h = h_int(h, (int64_t)ps->n_patches);
	h = h_str(h, root->msgid);
	h = h_str(h, root->sender.email);
	h = h_str(h, root->sender.name);
	if (ps->cover >= 0) {
		h = h_str(h, g->recs[ps->cover].title);
		h = h_int(h, g->recs[ps->cover].changelog);
	} else {
		h = h_int(h, -1);
	}
	for (size_t i = 0; i < ps->n_patches; i++) {
		const pb_msgrec_t *r = &g->recs[ps->patches[i]];
		h = h_str(h, r->title);
		h = h_str(h, r->paths);
		h = h_str(h, r->patch_id);
		h = h_int(h, r->changelog);
	}
	return h ? h : 1; /* (0 is "none" in the memo) */
}

void _pb_memo_open(struct memo *m, const char *blob, size_t len)
{
	uint32_t h[4];
	memset(m, 0, sizeof(*m));
	if (!blob || len < MEMO_HEAD)
		return;
	memcpy(h, blob, sizeof(h));
	if (h[0] != MEMO_MAGIC ||
	    len != MEMO_HEAD + (size_t)h[1] * MEMO_POST + (size_t)h[2] * MEMO_ENTRY + (size_t)h[3] * MEMO_CAND)
		return;
	m->posts = blob + MEMO_HEAD;
	m->entries = m->posts + (size_t)h[1] * MEMO_POST;
	m->cands = m->entries + (size_t)h[2] * MEMO_ENTRY;
	m->n_posts = h[1];
	m->n_entries = h[2];
	m->n_cands = h[3];
}

static uint64_t rd64(const char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static uint32_t rd32(const char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

/* The index of FP in a sorted table of N rows of SIZE bytes, or -1. */
long _pb_memo_search(const char *tab, uint32_t n, size_t size, uint64_t fp)
{
	uint32_t lo = 0, hi = n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		uint64_t x = rd64(tab + (size_t)mid * size);
		if (x < fp)
			lo = mid + 1;
		else if (x > fp)
			hi = mid;
		else
			return (long)mid;
	}
	return -1;
}

bool _pb_memo_find(const struct memo *m, uint64_t fp, struct memo_entry *out)
{
	long i = _pb_memo_search(m->entries, m->n_entries, MEMO_ENTRY, fp);
	const char *e;
	if (i < 0)
		return false;
	e = m->entries + (size_t)i * MEMO_ENTRY;
	out->fp = fp;
	out->oldest[0] = rd64(e + 8);
	out->oldest[1] = rd64(e + 16);
	out->first = rd32(e + 24);
	out->n = rd32(e + 28);
	return out->first <= m->n_cands && out->n <= m->n_cands - out->first;
}

struct memo_cand _pb_memo_cand(const struct memo *m, uint32_t i)
{
	struct memo_cand c;
	const char *p = m->cands + (size_t)i * MEMO_CAND;
	c.fp = rd64(p);
	c.score = (int32_t)rd32(p + 8);
	c.why = rd32(p + 12);
	return c;
}

/* The new memo, on CTX: the hashes of the N postings, the entries and the
 * cands of this grouping. */
int _pb_memo_write(TALLOC_CTX *ctx, const uint64_t *fps, size_t n, GArray *ents, GArray *cs, char **out,
		   size_t *len)
{
	const struct memo_entry *e = (const struct memo_entry *)(void *)ents->data;
	/* the hashes, then the entries, by hash, each hash once (a posting
	 * seen twice is kept once: the first of its entries, the sort being
	 * stable) */
	struct _pb_keyed *kp = talloc_array(ctx, struct _pb_keyed, n ? n : 1);
	struct _pb_keyed *ke = talloc_array(ctx, struct _pb_keyed, ents->len ? ents->len : 1);
	uint32_t ne = 0, np = 0, h[4] = {MEMO_MAGIC, 0, 0, cs->len};
	char *b = NULL, *w;
	if (!kp || !ke)
		goto nomem;
	for (size_t i = 0; i < n; i++)
		kp[i] = (struct _pb_keyed){fps[i], (uint32_t)i};
	for (guint i = 0; i < ents->len; i++)
		ke[i] = (struct _pb_keyed){e[i].fp, i};
	if (!_pb_sort_keyed(ctx, kp, n) || !_pb_sort_keyed(ctx, ke, ents->len))
		goto nomem;
	for (size_t i = 0; i < n; i++)
		if (np == 0 || kp[np - 1].key != kp[i].key)
			kp[np++] = kp[i];
	for (guint i = 0; i < ents->len; i++)
		if (ne == 0 || ke[ne - 1].key != ke[i].key)
			ke[ne++] = ke[i];
	h[1] = np;
	h[2] = ne;
	*len = MEMO_HEAD + (size_t)np * MEMO_POST + (size_t)ne * MEMO_ENTRY + (size_t)cs->len * MEMO_CAND;
	if (!(b = talloc_size(ctx, *len)))
		goto nomem;
	memcpy(b, h, sizeof(h));
	w = b + MEMO_HEAD;
	for (uint32_t i = 0; i < np; i++, w += MEMO_POST)
		memcpy(w, &kp[i].key, 8);
	for (uint32_t i = 0; i < ne; i++, w += MEMO_ENTRY) {
		const struct memo_entry *x = &e[ke[i].val];
		memcpy(w, &x->fp, 8);
		memcpy(w + 8, &x->oldest[0], 8);
		memcpy(w + 16, &x->oldest[1], 8);
		memcpy(w + 24, &x->first, 4);
		memcpy(w + 28, &x->n, 4);
	}
	for (guint i = 0; i < cs->len; i++, w += MEMO_CAND) {
		const struct memo_cand *c = &g_array_index(cs, struct memo_cand, i);
		uint32_t sc = (uint32_t)c->score;
		memcpy(w, &c->fp, 8);
		memcpy(w + 8, &sc, 4);
		memcpy(w + 12, &c->why, 4);
	}
	talloc_free(kp);
	talloc_free(ke);
	*out = b;
	return PB_OK;
nomem:
	talloc_free(kp);
	talloc_free(ke);
	return PB_ERR_NOMEM;
}
