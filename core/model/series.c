/* series.c: the series model built from grouped postings (what a set
 * answers once built is series_lookup.c's). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "patchbay/subject.h"
#include "core/model/series_priv.h"
#include "core/base/util.h"

int _pb_set_destructor(struct set_priv *sp)
{
	if (sp->g.byid)
		g_hash_table_unref(sp->g.byid); /* (it may be the index's) */
	if (sp->ver_post)
		g_hash_table_destroy(sp->ver_post);
	return 0;
}

/* Put a copy of T on LIST, sharing its strings: a set's trailers point
 * into the records it was grouped from, which outlive it (as a set decoded
 * from the cache does). The array grows by half again each time. */
static int share_trailer(TALLOC_CTX *ctx, pb_trailer_list_t *list, const pb_trailer_t *t)
{
	size_t cap = list->v ? talloc_array_length(list->v) : 0;
	if (list->n == cap) {
		size_t nc = cap < 4 ? 4 : cap + cap / 2;
		pb_trailer_t *nv = talloc_realloc(ctx, list->v, pb_trailer_t, nc);
		if (!nv)
			return PB_ERR_NOMEM;
		list->v = nv;
	}
	list->v[list->n++] = *t;
	return PB_OK;
}

/* Trailers collected from the replies below record R (any depth), not
 * descending into other postings' covers and patches. */
static int collect_below(struct group *g, TALLOC_CTX *ctx, pb_trailer_list_t *out, int r,
			 unsigned *n_replies, int64_t *last)
{
	int *stack = g->stack;
	size_t sp = 0;
	for (int c = g->child_start[r + 1]; c-- > g->child_start[r];)
		stack[sp++] = g->child_list[c];
	while (sp > 0) {
		int m = stack[--sp];
		const pb_msgrec_t *mr = &g->recs[m];
		if (g->post[m] >= 0)
			continue; /* another posting's cover or patch */
		/* (an unsent draft is no reply yet) */
		if (n_replies && !(mr->rflags & PB_REC_DRAFT))
			(*n_replies)++;
		if (last && mr->date > *last && !(mr->rflags & PB_REC_DRAFT))
			*last = mr->date;
		for (uint32_t t = 0; t < mr->n_trailers; t++) {
			const pb_trailer_t *tr = &mr->trailers[t];
			if (pb_trailer_list_has(out, tr))
				continue;
			if (share_trailer(ctx, out, tr))
				return PB_ERR_NOMEM;
			out->v[out->n - 1].msgid = mr->msgid;
		}
		for (int c = g->child_start[m + 1]; c-- > g->child_start[m];)
			stack[sp++] = g->child_list[c];
	}
	return PB_OK;
}

/* LIST's array down to its length, once it is complete. */
static int fit(TALLOC_CTX *ctx, pb_trailer_list_t *list)
{
	pb_trailer_t *nv;
	if (!list->v || talloc_array_length(list->v) == list->n)
		return PB_OK;
	if (list->n == 0) {
		TALLOC_FREE(list->v);
		return PB_OK;
	}
	nv = talloc_realloc(ctx, list->v, pb_trailer_t, list->n);
	if (!nv)
		return PB_ERR_NOMEM;
	list->v = nv;
	return PB_OK;
}

/* T onto the scratch ACC, where a patch's list is the entries from FROM
 * on, unless the patch already has it (in OWN or in its list). */
static int add_unique(TALLOC_CTX *ctx, pb_trailer_list_t *acc, size_t from, const pb_trailer_list_t *own,
		      const pb_trailer_t *t, unsigned extra_flags, int from_version)
{
	pb_trailer_list_t mine = {acc->v ? acc->v + from : NULL, acc->n - from};
	if (pb_trailer_list_has(own, t) || pb_trailer_list_has(&mine, t))
		return PB_OK;
	if (share_trailer(ctx, acc, t))
		return PB_ERR_NOMEM;
	acc->v[acc->n - 1].flags |= extra_flags;
	if (from_version)
		acc->v[acc->n - 1].from_version = from_version;
	return PB_OK;
}

/* The collected-trailer lists of V's patches, gathered on the scratch ACC
 * one after the other (each holding its count), into one block on V: a
 * block a version rather than an array a patch.  Carried trailers stay in
 * an array a patch: they are few, and a later version reads an earlier
 * one's while its own are still being gathered. */
static int place(pb_version_t *v, const pb_trailer_list_t *acc)
{
	pb_trailer_t *block;
	size_t at = 0;
	if (acc->n == 0)
		return PB_OK;
	block = talloc_memdup(v, acc->v, acc->n * sizeof(pb_trailer_t));
	if (!block)
		return PB_ERR_NOMEM;
	for (size_t k = 0; k < v->n_patches; k++) {
		pb_trailer_list_t *l = &v->patches[k]->trailers;
		l->v = l->n ? block + at : NULL;
		at += l->n;
	}
	return PB_OK;
}

static int cmp_patch(const void *a, const void *b, void *unused)
{
	(void)unused;
	const pb_patch_t *x = *(pb_patch_t *const *)a, *y = *(pb_patch_t *const *)b;
	if (x->index != y->index)
		return x->index - y->index;
	return x->rec->date < y->rec->date ? -1 : x->rec->date > y->rec->date;
}

static int cmp_version(const void *a, const void *b, void *unused)
{
	(void)unused;
	const pb_version_t *x = *(pb_version_t *const *)a, *y = *(pb_version_t *const *)b;
	if (x->version != y->version)
		return x->version - y->version;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return strcmp(x->root->msgid, y->root->msgid);
}

static int cmp_series(const void *a, const void *b)
{
	const pb_series_t *x = *(pb_series_t *const *)a, *y = *(pb_series_t *const *)b;
	if (x->last_activity != y->last_activity)
		return x->last_activity > y->last_activity ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* The model object of one posting, without trailers yet. */
static pb_version_t *make_version(struct set_priv *sp, TALLOC_CTX *ctx, struct posting *ps)
{
	struct group *g = &sp->g;
	pb_version_t *v = talloc_zero(ctx, pb_version_t);
	pb_patch_t *block;
	size_t np = 0;
	if (!v)
		return NULL;
	v->flags = ps->vflags;
	v->version = ps->version;
	v->link_reason = ps->link_reason;
	v->link_to = ps->link_to >= 0 ? &g->recs[g->posts[ps->link_to].root] : NULL;
	v->cover = ps->cover >= 0 ? &g->recs[ps->cover] : NULL;
	v->root = &g->recs[ps->root];
	v->total = ps->total;
	v->date = ps->date;
	v->last_activity = ps->date;
	/* (the patches in one block: a talloc chunk each cost more than the
	 * patch) */
	v->patches = talloc_array(v, pb_patch_t *, ps->n_patches ? ps->n_patches : 1);
	block = talloc_zero_array(v, pb_patch_t, ps->n_patches ? ps->n_patches : 1);
	if (!v->patches || !block)
		return NULL;
	for (size_t i = 0; i < ps->n_patches; i++) {
		const pb_msgrec_t *r = &g->recs[ps->patches[i]];
		pb_patch_t *p = &block[i];
		p->rec = r;
		p->index = r->index > 0 ? r->index : 1;
		p->version = v;
		p->last_activity = r->date;
		v->patches[np++] = p;
	}
	_pb_sort(v->patches, np, sizeof(*v->patches), cmp_patch, NULL);
	/* the same index twice: the later posting replaces the earlier */
	{
		size_t w = 0;
		for (size_t i = 0; i < np; i++) {
			if (w > 0 && v->patches[w - 1]->index == v->patches[i]->index) {
				v->patches[w - 1] = v->patches[i];
				continue;
			}
			v->patches[w++] = v->patches[i];
		}
		np = w;
	}
	v->n_patches = np;
	if (v->cover && v->cover->date > v->last_activity)
		v->last_activity = v->cover->date;
	ps->ver = v;
	return v;
}

void _pb_series_derive(pb_series_t *s)
{
	pb_version_t *latest = pb_series_latest(s);
	s->id = s->versions[0]->root->msgid;
	s->title = latest->cover ? latest->cover->title
				 : (latest->n_patches ? latest->patches[0]->rec->title : latest->root->title);
	/* who posted the cover letter; without one (or without a name in
	 * it), the author of the first patch (in-body From wins) */
	s->author = latest->root->sender;
	if ((!latest->cover || !*s->author.name) && latest->n_patches)
		s->author = latest->patches[0]->rec->author;
}

int _pb_version_fill_missing(TALLOC_CTX *ctx, pb_version_t *v)
{
	int total = v->total > 0 ? v->total : (int)v->n_patches;
	size_t k = 0, n = 0;
	v->n_missing = 0;
	v->missing = NULL;
	/* (counted first: most versions miss nothing, and need no array) */
	for (int pass = 0; pass < 2; pass++) {
		k = 0;
		for (int i = 1; i <= total; i++) {
			while (k < v->n_patches && v->patches[k]->index < i)
				k++;
			if (k < v->n_patches && v->patches[k]->index == i)
				continue;
			if (pass)
				v->missing[v->n_missing++] = i;
			else
				n++;
		}
		if (n == 0)
			return PB_OK;
		if (!pass && !(v->missing = talloc_array(ctx, int, n)))
			return PB_ERR_NOMEM;
	}
	return PB_OK;
}

/* Partial reroll: "[PATCH v3 2/2]" sent in reply to v2 2/2 replaces that
 * patch only; the others are kept from the version it replied into. */
static int inherit_partial(struct set_priv *sp, pb_series_t *s, struct posting *ps)
{
	struct group *g = &sp->g;
	pb_version_t *v = ps->ver, *from;
	int par = g->parent[ps->root];
	size_t before = v->n_patches;
	if (ps->cover >= 0 || par < 0 || g->post[par] < 0 || g->kind[par] != K_PATCH)
		return PB_OK;
	from = g->posts[g->post[par]].ver;
	if (!from || from == v || from->series != s || from->version >= v->version)
		return PB_OK;
	if ((int)v->n_patches >= v->total)
		return PB_OK;
	for (size_t i = 0; i < from->n_patches; i++) {
		pb_patch_t *fp = from->patches[i], *np, **grown;
		bool have = false;
		for (size_t k = 0; k < v->n_patches; k++)
			if (v->patches[k]->index == fp->index)
				have = true;
		if (have || fp->index > v->total)
			continue;
		np = talloc_zero(v, pb_patch_t);
		grown = talloc_realloc(v, v->patches, pb_patch_t *, v->n_patches + 1);
		if (!np || !grown)
			return PB_ERR_NOMEM;
		v->patches = grown;
		np->rec = fp->rec;
		np->index = fp->index;
		np->version = v;
		np->inherited_from = fp->inherited_from ? fp->inherited_from : from->version;
		np->last_activity = fp->rec->date;
		v->patches[v->n_patches++] = np;
	}
	if (v->n_patches != before) {
		v->flags |= PB_VER_PARTIAL;
		_pb_sort(v->patches, v->n_patches, sizeof(*v->patches), cmp_patch, NULL);
		if (!v->cover && from->cover) {
			/* b4: the cover's tags still apply to the rerolled patches */
			for (size_t t = 0; t < from->cover_trailers.n; t++)
				if (share_trailer(v, &v->cover_trailers, &from->cover_trailers.v[t]))
					return PB_ERR_NOMEM;
		}
	}
	return PB_OK;
}

/* Number versions. Explicit numbers stand. An unversioned posting is v1,
 * except in a series with no explicit versions at all, where one sent after
 * another is the next version (an unversioned repost); a RESEND keeps the
 * number of the posting before it. */
static void number_versions(pb_series_t *s, struct posting **posts)
{
	int maxv = 0, last = 0;
	bool explicit_later = false;
	for (size_t i = 0; i < s->n_versions; i++)
		if (posts[i]->explicit_version && posts[i]->version >= 2)
			explicit_later = true;
	/* posts[] is in date order here */
	for (size_t i = 0; i < s->n_versions; i++) {
		struct posting *ps = posts[i];
		pb_version_t *v = ps->ver;
		bool earlier = false;
		for (size_t k = 0; k < i; k++)
			if (posts[k]->date < ps->date)
				earlier = true;
		if (ps->explicit_version)
			v->version = ps->version;
		else if (ps->vflags & PB_VER_RESEND)
			v->version = last ? last : 1;
		else if (explicit_later || !earlier)
			v->version = 1; /* the original, whenever it is dated */
		else
			v->version = maxv + 1;
		if (v->version > maxv)
			maxv = v->version;
		last = v->version;
	}
	for (size_t i = 0; i < s->n_versions; i++)
		for (size_t k = 0; k < i; k++)
			if (posts[k]->ver->version == posts[i]->ver->version &&
			    !(posts[i]->ver->flags & PB_VER_RESEND))
				posts[i]->ver->flags |= PB_VER_REPOST;
}

static void compute_state(pb_series_t *s)
{
	pb_version_t *v = pb_series_latest(s);
	unsigned a = 0, r = 0, t = 0;
	bool all = v->n_patches > 0;
	s->state = PB_STATE_NEW;
	if (v->flags & PB_VER_PULL && v->n_patches == 0) {
		s->state = (v->flags & PB_VER_APPLIED) ? PB_STATE_MERGED : PB_STATE_PULL;
		return;
	}
	if (v->flags & PB_VER_APPLIED) {
		s->state = PB_STATE_APPLIED;
		return;
	}
	if (v->n_missing > 0) {
		s->state = PB_STATE_INCOMPLETE;
		return;
	}
	pb_version_tag_counts(v, &a, &r, &t);
	for (size_t i = 0; i < v->n_patches; i++) {
		bool ok = false;
		const pb_trailer_list_t *tl = &v->patches[i]->trailers;
		for (size_t k = 0; k < tl->n && !ok; k++) {
			pb_trailer_kind_t kd = pb_trailer_kind(tl->v[k].name);
			ok = (kd == PB_TRAILER_KIND_ACK || kd == PB_TRAILER_KIND_REVIEW) && !(tl->v[k].flags & PB_TRAILER_MISMATCH);
		}
		if (!ok)
			all = false;
	}
	if (all)
		s->state = PB_STATE_ACKED;
	else if (a + r + t > 0)
		s->state = PB_STATE_REVIEWED;
	else if (v->n_replies > 0)
		s->state = PB_STATE_DISCUSSED;
}

/* A patch-id is 40 hex digits of SHA-1: its first eight are hash enough. */
/* A patch of a series, by patch-id and then version order. */
struct by_pid {
	const char *pid;
	size_t pos;
	pb_patch_t *p;
};

static int cmp_by_pid(const void *a, const void *b)
{
	const struct by_pid *x = a, *y = b;
	int c = strcmp(x->pid, y->pid);
	return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

/* Carry each patch's trailers to the patches of later versions of series
 * S with its patch-id. */
static int carry_trailers(TALLOC_CTX *scratch, pb_series_t *s)
{
	struct by_pid *v;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < s->n_versions; i++)
		cap += s->versions[i]->n_patches;
	v = talloc_array(scratch, struct by_pid, cap ? cap : 1);
	if (!v)
		return PB_ERR_NOMEM;
	for (size_t i = 0; i < s->n_versions; i++)
		for (size_t k = 0; k < s->versions[i]->n_patches; k++) {
			pb_patch_t *p = s->versions[i]->patches[k];
			if (!p->rec->patch_id || p->inherited_from)
				continue;
			v[n].pid = p->rec->patch_id;
			v[n].pos = n;
			v[n].p = p;
			n++;
		}
	qsort(v, n, sizeof(*v), cmp_by_pid);
	for (size_t a = 0, start = 0; a < n; a++) {
		pb_patch_t *p = v[a].p;
		if (a && strcmp(v[a - 1].pid, v[a].pid) != 0)
			start = a;
		/* the run's patches of the versions before P's */
		for (size_t b = start; b < a && v[b].p->version != p->version; b++) {
			const pb_patch_t *op = v[b].p;
			if (op->rec == p->rec)
				continue;
			for (size_t t = 0; t < op->trailers.n; t++) {
				const pb_trailer_t *tr = &op->trailers.v[t];
				if (tr->flags & PB_TRAILER_MISMATCH)
					continue;
				if (pb_trailer_list_has(&p->trailers, tr))
					continue;
				if (add_unique(p->version, &p->carried, 0, &p->own, tr, PB_TRAILER_CARRIED,
					       op->version->version)) {
					talloc_free(v);
					return PB_ERR_NOMEM;
				}
			}
		}
	}
	TALLOC_FREE(v);
	return PB_OK;
}

/* The collected trailers of V's patches onto ACC, one patch after the
 * other (p->trailers.n each): the replies' below each patch, the cover's,
 * and WIDE's (trailers given to the whole series in a reply to one patch).
 * Without WIDE (the first pass), the replies are counted and the series-wide
 * trailers found are put on FOUND. */
static int gather_trailers(struct set_priv *sp, pb_version_t *v, pb_trailer_list_t *below, pb_trailer_list_t *acc,
			   const pb_trailer_list_t *wide, pb_trailer_list_t *found)
{
	struct group *g = &sp->g;
	for (size_t k = 0; k < v->n_patches; k++) {
		pb_patch_t *p = v->patches[k];
		const pb_msgrec_t *r = p->rec;
		size_t from = acc->n;
		/* the trailers as posted are the record's own (a set lives no
		 * longer than the records it was grouped from) */
		p->own.v = r->trailers;
		p->own.n = r->n_trailers;
		below->n = 0;
		if (collect_below(g, g->scratch, below, (int)(r - g->recs), wide ? NULL : &p->n_replies,
				  wide ? NULL : &p->last_activity))
			return PB_ERR_NOMEM;
		for (size_t t = 0; t < below->n; t++) {
			const pb_trailer_t *tr = &below->v[t];
			if (add_unique(g->scratch, acc, from, &p->own, tr, 0, 0))
				return PB_ERR_NOMEM;
			/* (a trailer whose sender is not the person named is
			 * shown where it was given, not spread) */
			if (found && (tr->flags & PB_TRAILER_SERIES) && !(tr->flags & PB_TRAILER_MISMATCH) &&
			    !pb_trailer_list_has(found, tr) && share_trailer(g->scratch, found, tr))
				return PB_ERR_NOMEM;
		}
		for (size_t t = 0; t < v->cover_trailers.n; t++)
			if (add_unique(g->scratch, acc, from, &p->own, &v->cover_trailers.v[t], PB_TRAILER_COVER, 0))
				return PB_ERR_NOMEM;
		for (size_t t = 0; wide && t < wide->n; t++)
			if (add_unique(g->scratch, acc, from, &p->own, &wide->v[t], 0, 0))
				return PB_ERR_NOMEM;
		p->trailers.n = acc->n - from;
		if (p->last_activity > v->last_activity)
			v->last_activity = p->last_activity;
	}
	return PB_OK;
}

static int build_series(struct set_priv *sp, pb_series_set_t *set, struct posting **posts, size_t np,
			pb_trailer_list_t *below, pb_trailer_list_t *acc)
{
	struct group *g = &sp->g;
	pb_series_t *s = talloc_zero(set, pb_series_t);
	if (!s)
		return PB_ERR_NOMEM;
	s->versions = talloc_array(s, pb_version_t *, np);
	if (!s->versions)
		return PB_ERR_NOMEM;
	for (size_t i = 0; i < np; i++) {
		pb_version_t *v = make_version(sp, s->versions, posts[i]);
		if (!v)
			return PB_ERR_NOMEM;
		v->series = s;
		s->versions[s->n_versions++] = v;
	}
	number_versions(s, posts);

	/* trailers: each posting's cover, then each patch */
	for (size_t i = 0; i < np; i++) {
		struct posting *ps = posts[i];
		pb_version_t *v = ps->ver;
		if (v->root->rflags & PB_REC_TAGGED_APPLIED)
			v->flags |= PB_VER_APPLIED;
		for (size_t k = 0; k < ps->n_patches; k++)
			if (sp->g.recs[ps->patches[k]].rflags & PB_REC_TAGGED_APPLIED)
				v->flags |= PB_VER_APPLIED;
		if (ps->cover >= 0) {
			if (collect_below(g, v, &v->cover_trailers, ps->cover, NULL, &v->last_activity))
				return PB_ERR_NOMEM;
			for (size_t k = 0; k < v->cover_trailers.n; k++)
				v->cover_trailers.v[k].flags |= PB_TRAILER_COVER;
			if (fit(v, &v->cover_trailers))
				return PB_ERR_NOMEM;
		}
		v->n_replies = 0;
		for (size_t r = 0; r < ps->n_replies; r++) {
			const pb_msgrec_t *rr = &g->recs[ps->replies[r]];
			if (rr->rflags & PB_REC_DRAFT)
				continue; /* (unsent: no reply, no activity) */
			v->n_replies++;
			if (rr->date > v->last_activity)
				v->last_activity = rr->date;
			if (pb_reply_says_applied(v, rr))
				v->flags |= PB_VER_APPLIED;
		}
	}
	for (size_t i = 0; i < np; i++)
		if (inherit_partial(sp, s, posts[i]))
			return PB_ERR_NOMEM;
	for (size_t i = 0; i < np; i++) {
		pb_version_t *v = posts[i]->ver;
		pb_trailer_list_t wide = {0};
		if (gather_trailers(sp, v, below, acc, NULL, &wide))
			return PB_ERR_NOMEM;
		/* trailers a reply to one patch gave the whole series: again,
		 * with those on every patch */
		if (wide.n) {
			acc->n = 0;
			if (gather_trailers(sp, v, below, acc, &wide, NULL))
				return PB_ERR_NOMEM;
		}
		TALLOC_FREE(wide.v);
		if (place(v, acc) || _pb_version_fill_missing(v, v))
			return PB_ERR_NOMEM;
		acc->n = 0;
	}
	_pb_sort(s->versions, s->n_versions, sizeof(*s->versions), cmp_version, NULL);

	/* trailers carried over: same patch-id in an earlier version (the
	 * patches sorted by patch-id, each run in version order) */
	if (s->n_versions > 1 && carry_trailers(g->scratch, s))
		return PB_ERR_NOMEM;

	_pb_series_derive(s);
	for (size_t i = 0; i < s->n_versions; i++) {
		pb_version_t *v = s->versions[i];
		if (v->last_activity > s->last_activity)
			s->last_activity = v->last_activity;
		s->n_messages += (unsigned)(v->n_patches + (v->cover ? 1 : 0) + v->n_replies);
	}
	compute_state(s);
	set->v[set->n++] = s;
	return PB_OK;
}

/* Depends-on: the series named by any cover or patch of a series, in the
 * order named; a series never depends on itself. */
static int add_deps_of(struct group *g, pb_series_t *s, int r)
{
	for (uint32_t d = 0; d < g->recs[r].n_deps; d++) {
		int j = _pb_group_lookup(g, g->recs[r].deps[d]);
		pb_series_t *dep, **nv;
		bool have = false;
		if (j < 0 || g->owner[j] < 0 || !g->posts[g->owner[j]].ver)
			continue;
		dep = g->posts[g->owner[j]].ver->series;
		for (size_t k = 0; k < s->n_depends_on; k++)
			if (s->depends_on[k] == dep)
				have = true;
		if (dep == s || have)
			continue;
		nv = talloc_realloc(s, s->depends_on, pb_series_t *, s->n_depends_on + 1);
		if (!nv)
			return PB_ERR_NOMEM;
		nv[s->n_depends_on++] = dep;
		s->depends_on = nv;
	}
	return PB_OK;
}

static int resolve_deps(struct set_priv *sp)
{
	struct group *g = &sp->g;
	for (size_t p = 0; p < g->n_posts; p++) {
		struct posting *ps = &g->posts[p];
		pb_series_t *s = ps->ver ? ps->ver->series : NULL;
		if (!s)
			continue;
		if (ps->cover >= 0 && add_deps_of(g, s, ps->cover))
			return PB_ERR_NOMEM;
		for (size_t k = 0; k < ps->n_patches; k++)
			if (add_deps_of(g, s, ps->patches[k]))
				return PB_ERR_NOMEM;
	}
	return PB_OK;
}


/* Postings in the order they were sent. Within one second (git
 * format-patch runs a second apart, or less), an unversioned posting comes
 * before a versioned one, and lower versions before higher. */
static int cmp_post_date(const void *a, const void *b, void *unused)
{
	(void)unused;
	const struct posting *x = *(struct posting *const *)a, *y = *(struct posting *const *)b;
	int vx = x->explicit_version ? x->version : 0, vy = y->explicit_version ? y->version : 0;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (vx != vy)
		return vx - vy;
	return x->root - y->root;
}


pb_status_t pb_series_group(TALLOC_CTX *mem_ctx, pb_series_set_t **out, const pb_msgrec_t *recs, size_t n,
			    pb_error_t *err)
{
	return _pb_series_group(mem_ctx, out, recs, n, NULL, NULL, NULL, 0, err);
}

pb_status_t _pb_series_group(TALLOC_CTX *mem_ctx, pb_series_set_t **out, const pb_msgrec_t *recs, size_t n,
			     GHashTable *byid, const struct idtab *base, const char *memo, size_t memo_len,
			     pb_error_t *err)
{
	pb_series_set_t *set = talloc_zero(mem_ctx, pb_series_set_t);
	struct set_priv *sp;
	struct group *g;
	int *comp_of, *comp_count, *comp_start, ncomp = 0;
	struct posting **byc;
	pb_trailer_list_t below = {0}, acc = {0}; /* (build_series', on g->scratch) */
	int rc = PB_ERR_NOMEM;

	if (!set)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	sp = talloc_zero(set, struct set_priv);
	if (!sp)
		goto fail;
	set->priv = sp;
	talloc_set_destructor(sp, _pb_set_destructor);
	g = &sp->g;
	g->ctx = sp;
	g->scratch = talloc_new(mem_ctx);
	if (!g->scratch)
		goto fail;
	g->recs = recs;
	g->n = n;
	g->memo_in = memo;
	g->memo_in_len = memo_len;
	if (byid) {
		g->byid = g_hash_table_ref(byid);
		if (base && base->slots && base->n <= n)
			g->base = *base;
	} else if (_pb_set_index_ids(sp)) {
		goto fail;
	}

	/* every message is on a subtree walk's stack at most once */
	g->stack = talloc_array(sp, int, n ? n : 1);
	if (!g->stack)
		goto fail;
	if ((rc = _pb_group_thread(g)) || (rc = _pb_group_postings(g)) || (rc = _pb_group_owners(g)) ||
	    (rc = _pb_group_link(g)))
		goto fail;
	rc = PB_ERR_NOMEM;

	/* components of the union-find are the series */
	comp_of = talloc_array(g->scratch, int, g->n_posts ? g->n_posts : 1);
	comp_count = talloc_zero_array(g->scratch, int, g->n_posts + 1);
	comp_start = talloc_zero_array(g->scratch, int, g->n_posts + 2);
	byc = talloc_array(g->scratch, struct posting *, g->n_posts ? g->n_posts : 1);
	if (!comp_of || !comp_count || !comp_start || !byc)
		goto fail;
	{
		int *id_of_root = talloc_array(g->scratch, int, g->n_posts ? g->n_posts : 1);
		if (!id_of_root)
			goto fail;
		for (size_t p = 0; p < g->n_posts; p++)
			id_of_root[p] = -1;
		for (size_t p = 0; p < g->n_posts; p++) {
			int r = _pb_uf_find(g, (int)p);
			if (id_of_root[r] < 0)
				id_of_root[r] = ncomp++;
			comp_of[p] = id_of_root[r];
			comp_count[comp_of[p]]++;
		}
		talloc_free(id_of_root);
	}
	for (int c = 0; c < ncomp; c++)
		comp_start[c + 1] = comp_start[c] + comp_count[c];
	{
		int *fill = talloc_array(g->scratch, int, ncomp ? ncomp : 1);
		if (!fill)
			goto fail;
		memcpy(fill, comp_start, (size_t)ncomp * sizeof(int));
		for (size_t p = 0; p < g->n_posts; p++)
			byc[fill[comp_of[p]]++] = &g->posts[p];
		talloc_free(fill);
	}
	set->v = talloc_array(set, pb_series_t *, ncomp ? ncomp : 1);
	if (!set->v)
		goto fail;
	for (int c = 0; c < ncomp; c++) {
		struct posting **cp = byc + comp_start[c];
		size_t cn = (size_t)comp_count[c];
		_pb_sort(cp, cn, sizeof(*cp), cmp_post_date, NULL);
		if ((rc = build_series(sp, set, cp, cn, &below, &acc)))
			goto fail;
	}
	TALLOC_FREE(below.v);
	TALLOC_FREE(acc.v);
	rc = PB_ERR_NOMEM;
	qsort(set->v, set->n, sizeof(*set->v), cmp_series);
	if (resolve_deps(sp))
		goto fail;

	/* where each message lives */
	sp->rec_version = talloc_zero_array(sp, pb_version_t *, n ? n : 1);
	sp->rec_patch = talloc_zero_array(sp, pb_patch_t *, n ? n : 1);
	sp->rec_series = talloc_zero_array(sp, pb_series_t *, n ? n : 1);
	if (!sp->rec_version || !sp->rec_patch || !sp->rec_series)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		int o = g->owner[i];
		if (o < 0 || !g->posts[o].ver)
			continue;
		sp->rec_version[i] = g->posts[o].ver;
		sp->rec_series[i] = g->posts[o].ver->series;
	}
	/* patches, and replies below a patch */
	for (size_t s = 0; s < set->n; s++)
		for (size_t vi = 0; vi < set->v[s]->n_versions; vi++) {
			pb_version_t *v = set->v[s]->versions[vi];
			for (size_t k = 0; k < v->n_patches; k++) {
				pb_patch_t *p = v->patches[k];
				int r = (int)(p->rec - recs);
				if (p->inherited_from)
					continue;
				sp->rec_patch[r] = p;
			}
		}
	for (size_t i = 0; i < n; i++) {
		int cur = (int)i, steps = 0;
		if (sp->rec_patch[i] || g->post[i] >= 0 || !sp->rec_version[i])
			continue;
		while ((cur = g->parent[cur]) >= 0 && steps++ < 256) {
			if (g->post[cur] >= 0) {
				sp->rec_patch[i] = sp->rec_patch[cur];
				break;
			}
		}
	}
	TALLOC_FREE(g->scratch);
	*out = set;
	return PB_OK;
fail:
	if (sp)
		TALLOC_FREE(sp->g.scratch);
	talloc_free(set);
	return pb_error_set(err, rc, "grouping mail into series: %s", pb_status_str(rc));
}
