/* series_cache.c: the grouped series model as a blob, kept with the records
 * cache, so that a warm start on an unchanged database reads the model
 * instead of grouping every record again.
 *
 * Everything is an index into the record array (which the cache keeps in
 * the same order) or into the blob's own arrays. Collected trailers are
 * references to a record's trailers plus the flags they got. What follows
 * from the rest (title, author, id, own trailers, missing patches) is
 * derived again on loading. Decoding allocates a few bulk arrays; strings
 * stay where the records keep them. */
#include <string.h>

#include "core/model/series_priv.h"

#define MODEL_MAGIC 0x4d425050u /* "PPBM" */
#define MODEL_VERSION 4u
#define NONE 0xffffffffu

/* ---- writing ---------------------------------------------------------- */

struct enc {
	uint32_t *w;
	size_t n, cap;
	bool oom;
	const struct set_priv *sp;
	TALLOC_CTX *ctx; /* owns w */
	GHashTable *src; /* a trailer's Message-ID (the record's own string) -> record + 1 */
};

/* Room for N more words; false when there is none to be had. */
static bool room(struct enc *e, size_t n)
{
	size_t nc;
	uint32_t *nw;
	if (e->oom)
		return false;
	if (e->cap - e->n >= n)
		return true;
	nc = e->cap ? e->cap * 2 : 4096;
	while (nc - e->n < n)
		nc *= 2;
	nw = talloc_realloc(e->ctx, e->w, uint32_t, nc);
	if (!nw) {
		e->oom = true;
		return false;
	}
	e->w = nw;
	e->cap = nc;
	return true;
}

/* (a million and a half words at 100k messages: the common case inline) */
static inline void put(struct enc *e, uint32_t v)
{
	if (e->n < e->cap || room(e, 1))
		e->w[e->n++] = v;
}

static void put64(struct enc *e, int64_t v)
{
	put(e, (uint32_t)((uint64_t)v & 0xffffffffu));
	put(e, (uint32_t)((uint64_t)v >> 32));
}

static uint32_t rec_index(const struct enc *e, const pb_msgrec_t *r)
{
	return r ? (uint32_t)(r - e->sp->g.recs) : NONE;
}

/* A trailer of a list is a copy of some record's trailer: find which. */
static void put_trailers(struct enc *e, const pb_trailer_list_t *tl)
{
	put(e, (uint32_t)tl->n);
	for (size_t i = 0; i < tl->n; i++) {
		const pb_trailer_t *t = &tl->v[i];
		int hit = -1;
		uint32_t ri, ti = NONE;
		/* (most trailers are on several lists: their record is hashed
		 * by its Message-ID once, then found by the string's address) */
		if (t->msgid) {
			gpointer v = g_hash_table_lookup(e->src, t->msgid);
			if (v) {
				hit = GPOINTER_TO_INT(v) - 1;
			} else if ((hit = _pb_group_lookup(&e->sp->g, t->msgid)) >= 0) {
				g_hash_table_insert(e->src, (gpointer)t->msgid, GINT_TO_POINTER(hit + 1));
			}
		}
		ri = hit >= 0 ? (uint32_t)hit : NONE;
		if (ri != NONE) {
			const pb_msgrec_t *r = &e->sp->g.recs[ri];
			for (uint32_t k = 0; k < r->n_trailers && ti == NONE; k++)
				if (pb_trailer_eq(&r->trailers[k], t))
					ti = k;
		}
		if (ri == NONE || ti == NONE) {
			e->oom = true; /* not from a record: this model cannot be cached */
			return;
		}
		put(e, ri);
		put(e, ti);
		put(e, t->flags);
		put(e, (uint32_t)t->from_version);
	}
}

/* Slots of the Message-ID table for N records. */
static uint32_t id_slots_for(size_t n)
{
	uint32_t size = 1024;
	while (size < 2 * n + 1)
		size *= 2;
	return size;
}

bool _pb_model_idtab(const char *model, size_t len, struct idtab *out)
{
	const uint32_t *w = (const uint32_t *)(const void *)model;
	size_t nw = len / sizeof(uint32_t);
	uint32_t n, size;
	memset(out, 0, sizeof(*out));
	/* header: magic, version, records; tail: parents[records], size,
	 * slots[size], magic */
	if (!model || len % sizeof(uint32_t) || (uintptr_t)model % sizeof(uint32_t) || nw < 6 ||
	    w[0] != MODEL_MAGIC || w[1] != MODEL_VERSION || w[nw - 1] != MODEL_MAGIC)
		return false;
	n = w[2];
	size = id_slots_for(n);
	if ((size_t)size + n + 5 > nw || w[nw - 2 - size] != size)
		return false;
	out->slots = w + nw - 1 - size;
	out->mask = size - 1;
	out->n = n;
	out->parent = w + nw - 2 - size - n;
	for (uint32_t i = 0; i < n; i++)
		if (out->parent[i] != NONE && out->parent[i] >= n) {
			out->parent = NULL; /* (does not add up: thread anew) */
			break;
		}
	return true;
}

int _pb_model_encode(TALLOC_CTX *mem_ctx, char **out, size_t *len, const pb_series_set_t *set)
{
	const struct set_priv *sp = set->priv;
	struct enc e = {NULL, 0, 0, false, sp, mem_ctx, g_hash_table_new(g_direct_hash, g_direct_equal)};
	/* a series' position in the set and a version's in its series, by
	 * the record of its root (a posting's own; a series' first
	 * version's): arrays, not hash tables, at 200k lookups */
	uint32_t *sidx = talloc_array(mem_ctx, uint32_t, sp->g.n ? sp->g.n : 1);
	uint32_t *vidx = talloc_array(mem_ctx, uint32_t, sp->g.n ? sp->g.n : 1);
#define SIDX(s) sidx[rec_index(&e, (s)->versions[0]->root)]
#define VIDX(v) vidx[rec_index(&e, (v)->root)]

	/* about 20 words a record: one allocation, not a dozen doublings */
	e.cap = 24 * sp->g.n + 4096;
	e.w = talloc_array(mem_ctx, uint32_t, e.cap);
	if (!e.w || !sidx || !vidx)
		e.oom = true;
	put(&e, MODEL_MAGIC);
	put(&e, MODEL_VERSION);
	put(&e, (uint32_t)sp->g.n);
	put(&e, (uint32_t)set->n);
	for (size_t i = 0; i < set->n && !e.oom; i++)
		SIDX(set->v[i]) = (uint32_t)i;
	for (size_t i = 0; i < set->n && !e.oom; i++) {
		const pb_series_t *s = set->v[i];
		put(&e, (uint32_t)s->n_versions);
		put(&e, (uint32_t)s->state);
		put64(&e, s->last_activity);
		put(&e, s->n_messages);
		put(&e, (uint32_t)s->n_depends_on);
		for (size_t d = 0; d < s->n_depends_on; d++)
			put(&e, SIDX(s->depends_on[d]));
		for (size_t k = 0; k < s->n_versions; k++) {
			const pb_version_t *v = s->versions[k];
			VIDX(v) = (uint32_t)k;
			put(&e, (uint32_t)v->version);
			put(&e, v->flags & ~(unsigned)PB_VER_MARKS);
			put(&e, (uint32_t)v->link_reason);
			put(&e, rec_index(&e, v->link_to));
			put(&e, rec_index(&e, v->cover));
			put(&e, rec_index(&e, v->root));
			put(&e, (uint32_t)v->total);
			put64(&e, v->date);
			put64(&e, v->last_activity);
			put(&e, v->n_replies);
			put_trailers(&e, &v->cover_trailers);
			put(&e, (uint32_t)v->n_patches);
			for (size_t p = 0; p < v->n_patches; p++) {
				const pb_patch_t *pt = v->patches[p];
				put(&e, (uint32_t)pt->index);
				put(&e, rec_index(&e, pt->rec));
				put(&e, (uint32_t)pt->inherited_from);
				put(&e, pt->n_replies);
				put64(&e, pt->last_activity);
				put_trailers(&e, &pt->trailers);
				put_trailers(&e, &pt->carried);
			}
		}
	}
	/* the replies of each version (pb_series_version_replies) */
	put(&e, (uint32_t)sp->g.n_posts);
	for (size_t p = 0; p < sp->g.n_posts && !e.oom; p++) {
		const struct posting *ps = &sp->g.posts[p];
		const pb_version_t *v = ps->ver;
		put(&e, v ? SIDX(v->series) : NONE);
		put(&e, v ? VIDX(v) : NONE);
		put(&e, (uint32_t)ps->n_replies);
		for (size_t r = 0; r < ps->n_replies; r++)
			put(&e, (uint32_t)ps->replies[r]);
	}
	/* where each message lives: series, version, patch (by position) */
	for (size_t i = 0; i < sp->g.n && !e.oom; i++) {
		const pb_series_t *s = sp->rec_series[i];
		const pb_version_t *v = sp->rec_version[i];
		const pb_patch_t *pt = sp->rec_patch[i];
		uint32_t pi = NONE;
		if (pt && v)
			for (size_t k = 0; k < v->n_patches; k++)
				if (v->patches[k] == pt)
					pi = (uint32_t)k;
		put(&e, s ? SIDX(s) : NONE);
		put(&e, v ? VIDX(v) : NONE);
		/* a reply below a patch of another version points there */
		if (pt && pi == NONE) {
			put(&e, VIDX(pt->version));
			for (size_t k = 0; k < pt->version->n_patches; k++)
				if (pt->version->patches[k] == pt)
					pi = (uint32_t)k;
			put(&e, SIDX(pt->version->series));
		} else {
			put(&e, NONE);
			put(&e, NONE);
		}
		put(&e, pi);
	}
	/* where each record was threaded (a grouping reads it again), next
	 * to the Message-ID table: both at a fixed place from the end */
	if (!sp->g.ref_parent)
		e.oom = true; /* (a set read from a model: no threading to keep) */
	for (size_t i = 0; i < sp->g.n && !e.oom; i++)
		put(&e, sp->g.ref_parent[i] < 0 ? NONE : (uint32_t)sp->g.ref_parent[i]);
	/* the Message-ID table, kept so that a warm start needs no hashing:
	 * open addressing over twice the records, first record of an id wins
	 * (as in the grouping's own table) */
	{
		uint32_t size = id_slots_for(sp->g.n), *slots;
		const struct idtab *base = &sp->g.base;
		size_t from = 0;
		put(&e, size);
		/* (made where the blob keeps it) */
		if (room(&e, size)) {
			slots = e.w + e.n;
			memset(slots, 0, size * sizeof(uint32_t));
			/* the last model's table, when of this size, holds the
			 * first base.n records as inserting them would: only the
			 * records after them are hashed */
			if (base->slots && base->mask + 1 == size && base->n <= sp->g.n) {
				memcpy(slots, base->slots, size * sizeof(uint32_t));
				from = base->n;
			}
			for (size_t i = from; i < sp->g.n; i++) {
				const char *id = sp->g.recs[i].msgid;
				uint32_t h = _pb_id_hash(id) & (size - 1);
				bool dup = false;
				while (slots[h] && !(dup = strcmp(sp->g.recs[slots[h] - 1].msgid, id) == 0))
					h = (h + 1) & (size - 1);
				if (!dup)
					slots[h] = (uint32_t)i + 1;
			}
			e.n += size;
		}
	}
	put(&e, MODEL_MAGIC);
#undef SIDX
#undef VIDX
	talloc_free(sidx);
	talloc_free(vidx);
	g_hash_table_destroy(e.src);
	if (e.oom) {
		talloc_free(e.w);
		return PB_ERR_NOMEM;
	}
	*len = e.n * sizeof(uint32_t);
	*out = (char *)e.w;
	return PB_OK;
}

/* ---- reading ---------------------------------------------------------- */

struct dec {
	const uint32_t *p, *end;
	bool bad;
};

static uint32_t get(struct dec *d)
{
	if (d->p >= d->end) {
		d->bad = true;
		return 0;
	}
	return *d->p++;
}

static int64_t get64(struct dec *d)
{
	uint64_t lo = get(d), hi = get(d);
	return (int64_t)(lo | (hi << 32));
}

/* counts first, so that everything can go into bulk arrays */
struct counts {
	size_t series, versions, patches, trailers, deps, replies, totals;
	size_t own;   /* own trailers of every patch (a record kept by a partial
		       * reroll is a patch of two versions, its trailers copied twice) */
};

static bool skip_trailers(struct dec *d, struct counts *c)
{
	uint32_t n = get(d);
	if (d->bad || (size_t)(d->end - d->p) < (size_t)n * 4)
		return false;
	c->trailers += n;
	d->p += (size_t)n * 4;
	return true;
}

static bool count(struct dec d, struct counts *c, const pb_msgrec_t *recs, size_t n_recs)
{
	uint32_t ns, np;
	if (get(&d) != MODEL_MAGIC || get(&d) != MODEL_VERSION || get(&d) != n_recs)
		return false;
	ns = get(&d);
	c->series = ns;
	for (uint32_t i = 0; i < ns && !d.bad; i++) {
		uint32_t nv = get(&d), nd;
		get(&d);
		get64(&d);
		get(&d);
		nd = get(&d);
		c->deps += nd;
		if ((size_t)(d.end - d.p) < nd)
			return false;
		d.p += nd;
		c->versions += nv;
		for (uint32_t k = 0; k < nv && !d.bad; k++) {
			uint32_t npt, total;
			for (int f = 0; f < 6; f++)
				get(&d);
			total = get(&d);
			get64(&d);
			get64(&d);
			get(&d);
			if (!skip_trailers(&d, c))
				return false;
			npt = get(&d);
			c->patches += npt;
			/* room for the missing patches: at most the larger of the two */
			c->totals += (int32_t)total > (int32_t)npt ? total : npt;
			for (uint32_t p = 0; p < npt && !d.bad; p++) {
				uint32_t rec;
				get(&d);
				rec = get(&d);
				get(&d);
				get(&d);
				get64(&d);
				if (rec < n_recs)
					c->own += recs[rec].n_trailers;
				if (!skip_trailers(&d, c) || !skip_trailers(&d, c))
					return false;
			}
		}
	}
	np = get(&d);
	for (uint32_t p = 0; p < np && !d.bad; p++) {
		uint32_t nr;
		get(&d);
		get(&d);
		nr = get(&d);
		c->replies += nr;
		if ((size_t)(d.end - d.p) < nr)
			return false;
		d.p += nr;
	}
	if ((size_t)(d.end - d.p) < n_recs * 6 + 2)
		return false;
	d.p += n_recs * 6; /* (where each lives, then its parent) */
	{
		uint32_t size = get(&d);
		if (d.bad || size < 2 || (size & (size - 1)) || (size_t)(d.end - d.p) != (size_t)size + 1)
			return false;
	}
	return !d.bad && d.end[-1] == MODEL_MAGIC;
}

struct build {
	const pb_msgrec_t *recs;
	size_t n;
	pb_trailer_t *tr;
	size_t tn;
	bool bad;
};

static const pb_msgrec_t *rec_at(struct build *b, uint32_t i, bool may_be_none)
{
	if (i == NONE && may_be_none)
		return NULL;
	if (i >= b->n) {
		b->bad = true;
		return NULL;
	}
	return &b->recs[i];
}

static void read_trailers(struct dec *d, struct build *b, pb_trailer_list_t *tl)
{
	uint32_t n = get(d);
	tl->v = b->tr + b->tn;
	tl->n = n;
	for (uint32_t i = 0; i < n && !d->bad && !b->bad; i++) {
		const pb_msgrec_t *r = rec_at(b, get(d), false);
		uint32_t ti = get(d), flags = get(d), from = get(d);
		if (!r || ti >= r->n_trailers) {
			b->bad = true;
			return;
		}
		b->tr[b->tn] = r->trailers[ti];
		b->tr[b->tn].flags = flags;
		b->tr[b->tn].from_version = (int)from;
		b->tr[b->tn].msgid = r->msgid;
		b->tn++;
	}
}

int _pb_model_decode(TALLOC_CTX *mem_ctx, pb_series_set_t **out, const pb_msgrec_t *recs, size_t n,
		     const char *blob, size_t len)
{
	struct dec d = {(const uint32_t *)(const void *)blob, (const uint32_t *)(const void *)(blob + len), false};
	struct counts c = {0};
	struct build b = {recs, n, NULL, 0, false};
	pb_series_set_t *set;
	struct set_priv *sp;
	pb_series_t *ss;
	pb_version_t *vs, **vall = NULL;
	pb_patch_t *ps, **pptr;
	pb_series_t **deps;
	int *ints;            /* replies of every posting, then missing patches */
	size_t vi = 0, pi = 0, di = 0, ii = 0, n_ints;

	if (len % 4 || !count(d, &c, recs, n))
		return PB_ERR_PARSE;
	set = talloc_zero(mem_ctx, pb_series_set_t);
	if (!set)
		return PB_ERR_NOMEM;
	sp = talloc_zero(set, struct set_priv);
	set->priv = sp;
	if (!sp)
		goto oom;
	talloc_set_destructor(sp, _pb_set_destructor);
	sp->g.ctx = sp;
	sp->g.recs = recs;
	sp->g.n = n;
	set->v = talloc_array(set, pb_series_t *, c.series ? c.series : 1);
	ss = talloc_zero_array(set, pb_series_t, c.series ? c.series : 1);
	vs = talloc_zero_array(set, pb_version_t, c.versions ? c.versions : 1);
	vall = talloc_array(set, pb_version_t *, c.versions ? c.versions : 1);
	ps = talloc_zero_array(set, pb_patch_t, c.patches ? c.patches : 1);
	pptr = talloc_array(set, pb_patch_t *, c.patches ? c.patches : 1);
	n_ints = c.replies + c.totals + 1;
	ints = talloc_array(set, int, n_ints);
	deps = talloc_array(set, pb_series_t *, c.deps ? c.deps : 1);
	/* collected trailers, and each patch's own (a copy of its record's) */
	b.tr = talloc_array(set, pb_trailer_t, c.trailers + c.own + 1);
	sp->rec_series = talloc_zero_array(sp, pb_series_t *, n ? n : 1);
	sp->rec_version = talloc_zero_array(sp, pb_version_t *, n ? n : 1);
	sp->rec_patch = talloc_zero_array(sp, pb_patch_t *, n ? n : 1);
	if (!set->v || !ss || !vs || !vall || !ps || !pptr || !ints || !deps || !b.tr || !sp->rec_series ||
	    !sp->rec_version || !sp->rec_patch)
		goto oom;
	d.p += 4; /* magic, version, records, series count */
	for (size_t i = 0; i < c.series && !d.bad && !b.bad; i++) {
		pb_series_t *s = &ss[i];
		uint32_t nd;
		s->n_versions = get(&d);
		s->state = (pb_state_t)get(&d);
		s->last_activity = get64(&d);
		s->n_messages = get(&d);
		nd = get(&d);
		s->depends_on = deps + di;
		s->n_depends_on = nd;
		for (uint32_t k = 0; k < nd; k++) {
			uint32_t t = get(&d);
			if (t >= c.series) {
				b.bad = true;
				break;
			}
			deps[di++] = &ss[t];
		}
		s->versions = vall + vi;
		for (size_t k = 0; k < s->n_versions && !b.bad; k++) {
			pb_version_t *v = &vs[vi];
			vall[vi++] = v;
			v->series = s;
			v->version = (int)get(&d);
			v->flags = get(&d);
			v->link_reason = (pb_link_reason_t)get(&d);
			if ((unsigned)v->link_reason >= PB_LINK_COUNT)
				b.bad = true;
			v->link_to = rec_at(&b, get(&d), true);
			v->cover = rec_at(&b, get(&d), true);
			v->root = rec_at(&b, get(&d), false);
			v->total = (int)get(&d);
			v->date = get64(&d);
			v->last_activity = get64(&d);
			v->n_replies = get(&d);
			read_trailers(&d, &b, &v->cover_trailers);
			v->n_patches = get(&d);
			if (pi + v->n_patches > c.patches) {
				b.bad = true;
				break;
			}
			v->patches = pptr + pi;
			for (size_t p = 0; p < v->n_patches && !b.bad; p++) {
				pb_patch_t *pt = &ps[pi++];
				v->patches[p] = pt;
				pt->version = v;
				pt->index = (int)get(&d);
				pt->rec = rec_at(&b, get(&d), false);
				pt->inherited_from = (int)get(&d);
				pt->n_replies = get(&d);
				pt->last_activity = get64(&d);
				read_trailers(&d, &b, &pt->trailers);
				read_trailers(&d, &b, &pt->carried);
				if (pt->rec) {
					pt->own.v = b.tr + b.tn;
					pt->own.n = pt->rec->n_trailers;
					for (uint32_t t = 0; t < pt->rec->n_trailers; t++)
						b.tr[b.tn++] = pt->rec->trailers[t];
				}
			}
			if (!b.bad) {
				/* missing patches, as _pb_version_fill_missing finds them */
				int total = v->total > 0 ? v->total : (int)v->n_patches;
				size_t kk = 0;
				if (total < 0 || ii + (size_t)total > n_ints) {
					b.bad = true;
					break;
				}
				v->missing = ints + ii;
				v->n_missing = 0;
				for (int m = 1; m <= total; m++) {
					while (kk < v->n_patches && v->patches[kk]->index < m)
						kk++;
					if (kk >= v->n_patches || v->patches[kk]->index != m)
						v->missing[v->n_missing++] = m;
				}
				ii += v->n_missing;
			}
		}
		if (!b.bad && s->n_versions)
			_pb_series_derive(s);
		set->v[set->n++] = s;
	}
	/* replies of each version */
	sp->g.n_posts = get(&d);
	sp->g.posts = talloc_zero_array(sp, struct posting, sp->g.n_posts ? sp->g.n_posts : 1);
	if (!sp->g.posts)
		goto oom;
	for (size_t p = 0; p < sp->g.n_posts && !d.bad && !b.bad; p++) {
		struct posting *po = &sp->g.posts[p];
		uint32_t si = get(&d), vk = get(&d);
		po->n_replies = get(&d);
		if (ii + po->n_replies > n_ints) {
			b.bad = true;
			break;
		}
		po->replies = ints + ii;
		ii += po->n_replies;
		for (size_t r = 0; r < po->n_replies; r++) {
			uint32_t ri = get(&d);
			if (ri >= n)
				b.bad = true;
			po->replies[r] = (int)ri;
		}
		if (si != NONE && si < c.series && vk < ss[si].n_versions)
			po->ver = ss[si].versions[vk];
		else if (si != NONE)
			b.bad = true;
	}
	/* where each message lives */
	for (size_t i = 0; i < n && !d.bad && !b.bad; i++) {
		uint32_t si = get(&d), vk = get(&d), pv = get(&d), psi = get(&d), pk = get(&d);
		if (si != NONE) {
			if (si >= c.series || vk >= ss[si].n_versions) {
				b.bad = true;
				break;
			}
			sp->rec_series[i] = &ss[si];
			sp->rec_version[i] = ss[si].versions[vk];
		}
		if (pk != NONE) {
			/* a patch of its version, or (pv/psi) of another one */
			pb_series_t *s2 = psi != NONE ? (psi < c.series ? &ss[psi] : NULL) : sp->rec_series[i];
			pb_version_t *v2 = NULL;
			if (s2)
				v2 = pv != NONE ? (pv < s2->n_versions ? s2->versions[pv] : NULL) : sp->rec_version[i];
			if (!v2 || pk >= v2->n_patches) {
				b.bad = true;
				break;
			}
			sp->rec_patch[i] = v2->patches[pk];
		}
	}
	if (!d.bad && !b.bad) {
		uint32_t size;
		/* (the parents: for the next grouping, which reads them
		 * through _pb_model_idtab) */
		if ((size_t)(d.end - d.p) < n)
			b.bad = true;
		else
			d.p += n;
		size = get(&d);
		/* in the cache's buffer, which outlives the set */
		sp->g.base.slots = d.p;
		sp->g.base.mask = size - 1;
		sp->g.base.n = (uint32_t)sp->g.n;
		d.p += size;
	}
	if (d.bad || b.bad || get(&d) != MODEL_MAGIC) {
		talloc_free(set);
		return PB_ERR_PARSE;
	}
	*out = set;
	return PB_OK;
oom:
	talloc_free(set);
	return PB_ERR_NOMEM;
}
