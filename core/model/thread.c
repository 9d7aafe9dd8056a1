/* thread.c: threads, message kinds and postings. */
#include <stdlib.h>
#include <string.h>

#include "core/model/series_priv.h"
#include "core/base/util.h"

int _pb_group_lookup(const struct group *g, const char *msgid)
{
	gpointer v;
	int i;
	if (!msgid)
		return -1;
	/* (most records are the base's) */
	if ((i = _pb_idtab_find(&g->base, g->recs, g->n, msgid)) >= 0)
		return i;
	/* (a set read from the cache has the base alone) */
	v = g->byid ? g_hash_table_lookup(g->byid, msgid) : NULL;
	return v ? GPOINTER_TO_INT(v) - 1 : -1;
}

bool _pb_group_same_sender(const struct group *g, int a, int b)
{
	return pb_person_same(&g->recs[a].sender, &g->recs[b].sender);
}

static int cmp_by_date(const void *pa, const void *pb, void *data)
{
	const struct group *g = data;
	const pb_msgrec_t *a = &g->recs[*(const int *)pa];
	const pb_msgrec_t *b = &g->recs[*(const int *)pb];
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	return strcmp(a->msgid, b->msgid);
}

/* Of two records of one date (as sort_by_date keys them), the lower
 * Message-ID first. */
static int cmp_dated_id(const void *pa, const void *pb, void *data)
{
	const struct _pb_keyed *a = pa, *b = pb;
	const struct group *g = data;
	return strcmp(g->recs[a->val].msgid, g->recs[b->val].msgid);
}

/* Sort the N records V by date, then Message-ID. Records come as notmuch
 * keeps them, which is not date order, and a comparison sort of 100k
 * records reading each record's date is a cache miss a comparison: the
 * dates are copied out and sorted by radix, then each run of one date by
 * Message-ID. */
static void sort_by_date(struct group *g, int *v, size_t n)
{
	size_t i = 1;
	struct _pb_keyed *d;
	while (i < n && cmp_by_date(&v[i - 1], &v[i], g) <= 0)
		i++;
	if (i >= n)
		return;
	d = n > 64 ? talloc_array(g->scratch, struct _pb_keyed, n) : NULL;
	for (size_t k = 0; d && k < n; k++) {
		d[k].key = (uint64_t)g->recs[v[k]].date ^ (1ull << 63);
		d[k].val = (uint32_t)v[k];
	}
	if (!d || !_pb_sort_keyed(g->scratch, d, n)) {
		talloc_free(d);
		qsort_r(v, n, sizeof(int), cmp_by_date, g);
		return;
	}
	for (size_t k = 0, e; k < n; k = e) {
		for (e = k + 1; e < n && d[e].key == d[k].key; e++)
			;
		if (e - k > 1)
			qsort_r(d + k, e - k, sizeof(*d), cmp_dated_id, g);
	}
	for (size_t k = 0; k < n; k++)
		v[k] = (int)d[k].val;
	talloc_free(d);
}

/* Record I of the base, threaded as the model says: its parent then, and
 * a nearer reference now only if a record after the base has it. Sets
 * g->parent[I] and gives UINT32_MAX; or how many of its references are
 * to be looked up as usual (the model does not add up for it). */
static uint32_t known_ref(struct group *g, size_t i)
{
	const pb_msgrec_t *r = &g->recs[i];
	uint32_t p = g->base.parent[i], from = 0;
	if (p != UINT32_MAX) {
		/* the reference it was (the last one naming it) */
		uint32_t k = r->n_refs;
		while (k > 0 && strcmp(r->refs[k - 1], g->recs[p].msgid) != 0)
			k--;
		if (k == 0)
			return r->n_refs;
		g->parent[i] = (int)p;
		from = k;
	}
	/* the references after it were nobody's then; a record after the
	 * base may have one now */
	if (g->n > g->base.n && g->byid)
		for (uint32_t x = r->n_refs; x-- > from;) {
			gpointer v = g_hash_table_lookup(g->byid, r->refs[x]);
			int j = v ? GPOINTER_TO_INT(v) - 1 : -1;
			if (j >= (int)g->base.n && (size_t)j != i) {
				g->parent[i] = j;
				break;
			}
		}
	return UINT32_MAX;
}

int _pb_group_thread(struct group *g)
{
	size_t n = g->n;
	uint8_t *mark;

	g->parent = talloc_array(g->ctx, int, n);
	g->kind = talloc_zero_array(g->ctx, uint8_t, n);
	g->child_start = talloc_zero_array(g->ctx, int, n + 1);
	g->child_list = talloc_array(g->ctx, int, n ? n : 1);
	mark = talloc_zero_array(g->scratch, uint8_t, n);
	if (!g->parent || !g->kind || !g->child_start || !g->child_list || !mark)
		return PB_ERR_NOMEM;

	/* parent: In-Reply-To, else the nearest known reference */
	for (size_t i = 0; i < n; i++) {
		const pb_msgrec_t *r = &g->recs[i];
		uint32_t k = r->n_refs;
		g->parent[i] = -1;
		if (g->base.parent && i < g->base.n && !(g->base.redone && g->base.redone[i]) &&
		    (k = known_ref(g, i)) == UINT32_MAX)
			continue; /* (only a newer record can be a nearer one) */
		for (; k-- > 0;) {
			int j = _pb_group_lookup(g, r->refs[k]);
			if (j >= 0 && (size_t)j != i) {
				g->parent[i] = j;
				break;
			}
		}
	}
	g->ref_parent = talloc_memdup(g->ctx, g->parent, (n ? n : 1) * sizeof(int));
	if (!g->ref_parent)
		return PB_ERR_NOMEM;
	/* cut reference loops: walk up; a node met twice on one walk closes a
	 * loop. References that go round in a circle say nothing about which
	 * message answers which, so the loop is flattened: its oldest message
	 * becomes a root and every other member a child of it, the shape of a
	 * shallow-threaded send (a series whose patches all reply to 1/N).
	 * Messages hanging off a loop keep their parent. Every node of a walk
	 * is done afterwards, loop or not. */
	{
		int *path = talloc_array(g->scratch, int, n ? n : 1);
		if (!path)
			return PB_ERR_NOMEM;
		for (size_t i = 0; i < n; i++) {
			size_t np = 0;
			int cur = (int)i;
			while (cur >= 0 && mark[cur] == 0) {
				mark[cur] = 1;
				path[np++] = cur;
				cur = g->parent[cur];
			}
			if (cur >= 0 && mark[cur] == 1) {
				int oldest = cur, k = g->parent[cur];
				while (k != cur) {
					if (g->recs[k].date < g->recs[oldest].date)
						oldest = k;
					k = g->parent[k];
				}
				k = g->parent[cur];
				g->parent[cur] = oldest;
				while (k != cur) {
					int next = g->parent[k];
					g->parent[k] = oldest;
					k = next;
				}
				g->parent[oldest] = -1;
			}
			for (size_t k = 0; k < np; k++)
				mark[path[k]] = 2;
		}
		talloc_free(path);
	}
	talloc_free(mark);

	/* children, by date */
	for (size_t i = 0; i < n; i++)
		if (g->parent[i] >= 0)
			g->child_start[g->parent[i] + 1]++;
	for (size_t i = 0; i < n; i++)
		g->child_start[i + 1] += g->child_start[i];
	{
		int *fill = talloc_array(g->scratch, int, n ? n : 1);
		if (!fill)
			return PB_ERR_NOMEM;
		memcpy(fill, g->child_start, n * sizeof(int));
		for (size_t i = 0; i < n; i++)
			if (g->parent[i] >= 0)
				g->child_list[fill[g->parent[i]]++] = (int)i;
		talloc_free(fill);
		for (size_t i = 0; i < n; i++) {
			int a = g->child_start[i], b = g->child_start[i + 1];
			if (b - a > 1)
				sort_by_date(g, g->child_list + a, (size_t)(b - a));
		}
	}

	/* kinds */
	for (size_t i = 0; i < n; i++) {
		const pb_msgrec_t *r = &g->recs[i];
		bool reply = r->sflags & (PB_SUBJ_REPLY | PB_SUBJ_FORWARD);
		if (reply)
			g->kind[i] = K_OTHER;
		else if ((r->sflags & PB_SUBJ_NUMBERED) && r->index == 0)
			g->kind[i] = K_COVER;
		else if (r->mflags & PB_MAIL_HAS_DIFF)
			g->kind[i] = K_PATCH;
		else if ((r->sflags & PB_SUBJ_PULL) || (r->mflags & PB_MAIL_PULL))
			g->kind[i] = K_PULL;
		else
			g->kind[i] = K_OTHER;
	}
	return PB_OK;
}

/* Could message C be the cover of patch P although its subject has no 0/N?
 * b4's "naked cover": a thread root by the same sender, not a reply, not
 * numbered. */
static bool naked_cover(const struct group *g, int c, int p)
{
	const pb_msgrec_t *r = &g->recs[c];
	return g->kind[c] == K_OTHER && !(r->sflags & (PB_SUBJ_REPLY | PB_SUBJ_FORWARD)) &&
	       !(r->sflags & PB_SUBJ_NUMBERED) && g->parent[c] < 0 && _pb_group_same_sender(g, c, p);
}

/* The root of the posting patch P belongs to: its cover, or the first
 * patch of a chain of patches of the same send (deep threading). */
static int patch_root(struct group *g, int p, bool *naked)
{
	const pb_msgrec_t *pr = &g->recs[p];
	int cur = p, a, steps = 0;
	bool numbered = pr->sflags & PB_SUBJ_NUMBERED;

	*naked = false;
	while ((a = g->parent[cur]) >= 0 && steps++ < 256) {
		const pb_msgrec_t *ar = &g->recs[a];
		if (g->kind[a] == K_COVER) {
			/* a numbered patch joins the cover its send replied to */
			if (numbered && _pb_group_same_sender(g, a, p))
				return a;
			break;
		}
		if (naked_cover(g, a, p)) {
			*naked = true;
			return a;
		}
		if (g->kind[a] == K_PATCH && numbered && (ar->sflags & PB_SUBJ_NUMBERED) &&
		    ar->version == pr->version && (ar->total == pr->total || ar->total == 0 || pr->total == 0) &&
		    ar->index < g->recs[cur].index && _pb_group_same_sender(g, a, p)) {
			cur = a; /* deep threading: 2/N replies to 1/N */
			continue;
		}
		break;
	}
	return cur;
}

/* (the postings grow on GROW, then take one block
 * each on g->ctx: _pb_group_postings) */
static int new_posting(struct group *g, TALLOC_CTX *grow, int root, size_t *cap)
{
	struct posting *ps;
	if (g->n_posts == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		g->posts = talloc_realloc(grow, g->posts, struct posting, *cap);
		if (!g->posts)
			return -1;
	}
	ps = &g->posts[g->n_posts];
	memset(ps, 0, sizeof(*ps));
	ps->root = root;
	ps->cover = -1;
	ps->uf = (int)g->n_posts;
	return (int)g->n_posts++;
}

/* While the postings are made, each one's patches are a list through the
 * records (L->next, in the order added, from L->head to L->tail of the
 * posting): settle() gives them one block. */
struct patch_lists {
	int *head, *tail, *next;
};

static void posting_add_patch(struct group *g, struct patch_lists *l, int pi, int rec)
{
	struct posting *ps = &g->posts[pi];
	l->next[rec] = -1;
	if (ps->n_patches++)
		l->next[l->tail[pi]] = rec;
	else
		l->head[pi] = rec;
	l->tail[pi] = rec;
	g->post[rec] = pi;
}

static bool has_index(const struct group *g, const struct patch_lists *l, int pi, int index)
{
	if (!g->posts[pi].n_patches)
		return false;
	for (int r = l->head[pi]; r >= 0; r = l->next[r])
		if (g->recs[r].index == index)
			return true;
	return false;
}

#define MARKER_WINDOW (12 * 3600)

/* The postings, and every posting's patches, into one block each on the
 * set's context (a chunk a posting cost more than the linking of an
 * update); what they grew in (GROW) goes. */
static int settle(struct group *g, TALLOC_CTX *grow, const struct patch_lists *l)
{
	size_t total = 0, at = 0;
	struct posting *posts;
	int *all;
	for (size_t p = 0; p < g->n_posts; p++)
		total += g->posts[p].n_patches;
	posts = talloc_array(g->ctx, struct posting, g->n_posts ? g->n_posts : 1);
	all = talloc_array(g->ctx, int, total ? total : 1);
	if (!posts || !all)
		return PB_ERR_NOMEM;
	if (g->n_posts)
		memcpy(posts, g->posts, g->n_posts * sizeof(*posts));
	for (size_t p = 0; p < g->n_posts; p++) {
		struct posting *ps = &posts[p];
		size_t k = 0;
		for (int r = ps->n_patches ? l->head[p] : -1; r >= 0; r = l->next[r])
			all[at + k++] = r;
		ps->patches = all + at;
		at += ps->n_patches;
	}
	g->posts = posts;
	talloc_free(grow);
	return PB_OK;
}

int _pb_group_postings(struct group *g)
{
	size_t n = g->n, cap = 0;
	int *root = talloc_array(g->scratch, int, n ? n : 1);
	int *order = talloc_array(g->scratch, int, n ? n : 1);
	int *root_post = talloc_array(g->scratch, int, n ? n : 1);
	bool *naked = talloc_zero_array(g->scratch, bool, n ? n : 1);
	TALLOC_CTX *grow = talloc_new(g->scratch);
	/* (a posting's root is a record of its own: fewer postings than records) */
	struct patch_lists l = {talloc_array(grow, int, n ? n : 1), talloc_array(grow, int, n ? n : 1),
				talloc_array(grow, int, n ? n : 1)};
	size_t no = 0;

	g->post = talloc_array(g->ctx, int, n ? n : 1);
	if (!root || !order || !root_post || !naked || !grow || !l.head || !l.tail || !l.next || !g->post)
		return PB_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		g->post[i] = -1;
		root_post[i] = -1;
		root[i] = -1;
		if (g->kind[i] == K_PATCH) {
			bool nk;
			root[i] = patch_root(g, (int)i, &nk);
			if (nk)
				naked[root[i]] = true;
		} else if (g->kind[i] == K_COVER || g->kind[i] == K_PULL) {
			root[i] = (int)i;
		}
		if (root[i] >= 0)
			order[no++] = (int)i;
	}
	/* postings in date order, so that marker merging sees the first send first */
	sort_by_date(g, order, no);
	for (size_t k = 0; k < no; k++) {
		int i = order[k], r = root[i];
		if (g->kind[i] != K_PATCH) {
			int pi = root_post[i] >= 0 ? root_post[i] : new_posting(g, grow, i, &cap);
			if (pi < 0)
				return PB_ERR_NOMEM;
			root_post[i] = pi;
			g->posts[pi].cover = g->kind[i] == K_COVER ? i : -1;
			g->posts[pi].date = g->recs[i].date;
			g->post[i] = pi;
			if (g->kind[i] == K_PULL)
				g->posts[pi].vflags |= PB_VER_PULL;
			continue;
		}
		if (root_post[r] < 0) {
			int pi = -1;
			const pb_msgrec_t *pr = &g->recs[i];
			/* Patches sent without a cover or threading: join an open
			 * posting of the same sender, version and count, sent
			 * close in time with the same parent, that lacks this index
			 * (patchwork's "markers"). */
			if (r == i && g->kind[r] == K_PATCH && !naked[r] && (pr->sflags & PB_SUBJ_NUMBERED) &&
			    pr->total > 1) {
				for (size_t q = g->n_posts; q-- > 0;) {
					struct posting *ps = &g->posts[q];
					const pb_msgrec_t *qr = &g->recs[ps->root];
					/* a loose patch posting, or a cover that came
					 * without references either */
					if ((g->kind[ps->root] != K_PATCH && g->kind[ps->root] != K_COVER) ||
					    (ps->vflags & (PB_VER_NAKED_COVER | PB_VER_PULL)))
						continue;
					if (pr->date - ps->date > MARKER_WINDOW)
						break;
					if (qr->version == pr->version && qr->total == pr->total &&
					    g->parent[ps->root] == g->parent[i] &&
					    (qr->sflags & PB_SUBJ_NUMBERED) && _pb_group_same_sender(g, ps->root, i) &&
					    !has_index(g, &l, (int)q, pr->index)) {
						pi = (int)q;
						break;
					}
				}
			}
			if (pi < 0) {
				pi = new_posting(g, grow, r, &cap);
				if (pi < 0)
					return PB_ERR_NOMEM;
				if (r != i || naked[r]) {
					/* a cover-less root that is not this patch: a naked cover */
					if (naked[r]) {
						g->posts[pi].cover = r;
						g->posts[pi].vflags |= PB_VER_NAKED_COVER;
						g->post[r] = pi;
					}
				}
				g->posts[pi].date = g->recs[r].date;
			}
			root_post[r] = pi;
		}
		posting_add_patch(g, &l, root_post[r], i);
	}
	talloc_free(root);
	talloc_free(order);
	talloc_free(root_post);
	talloc_free(naked);
	return settle(g, grow, &l);
}

int _pb_group_owners(struct group *g)
{
	size_t n = g->n;
	int *stack;
	g->owner = talloc_array(g->ctx, int, n ? n : 1);
	stack = talloc_array(g->scratch, int, n ? n : 1);
	if (!g->owner || !stack)
		return PB_ERR_NOMEM;
	for (size_t i = 0; i < n; i++)
		g->owner[i] = g->post[i] >= 0 ? g->post[i] : -2; /* -2: not yet known */
	for (size_t i = 0; i < n; i++) {
		size_t sp = 0;
		int cur = (int)i, own;
		while (cur >= 0 && g->owner[cur] == -2) {
			stack[sp++] = cur;
			cur = g->parent[cur];
		}
		own = cur >= 0 ? g->owner[cur] : -1;
		while (sp > 0)
			g->owner[stack[--sp]] = own;
	}
	talloc_free(stack);
	/* replies of each posting, in date order (children lists are by date,
	 * but replies come from many branches: sort), all in one block */
	{
		size_t total = 0, at = 0;
		int *all;
		for (size_t p = 0; p < g->n_posts; p++)
			g->posts[p].n_replies = 0;
		for (size_t i = 0; i < n; i++)
			if (g->owner[i] >= 0 && g->post[i] < 0) {
				g->posts[g->owner[i]].n_replies++;
				total++;
			}
		all = talloc_array(g->ctx, int, total ? total : 1);
		if (!all)
			return PB_ERR_NOMEM;
		for (size_t p = 0; p < g->n_posts; p++) {
			g->posts[p].replies = all + at;
			at += g->posts[p].n_replies;
			g->posts[p].n_replies = 0;
		}
		for (size_t i = 0; i < n; i++) {
			int o = g->owner[i];
			if (o >= 0 && g->post[i] < 0)
				g->posts[o].replies[g->posts[o].n_replies++] = (int)i;
		}
	}
	for (size_t p = 0; p < g->n_posts; p++)
		if (g->posts[p].n_replies > 1)
			sort_by_date(g, g->posts[p].replies, g->posts[p].n_replies);
	return PB_OK;
}
