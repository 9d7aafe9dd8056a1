/* triage.c: who a series waits on. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "patchbay/triage.h"
#include "core/model/review_priv.h"

static const char *const labels[] = {
#define PB_X_WAIT_LABEL(name, label, desc) label,
	PB_WAIT_LIST(PB_X_WAIT_LABEL)
#undef PB_X_WAIT_LABEL
};

static const char *const descs[] = {
#define PB_X_WAIT_DESC(name, label, desc) desc,
	PB_WAIT_LIST(PB_X_WAIT_DESC)
#undef PB_X_WAIT_DESC
};

const char *pb_wait_label(pb_wait_t w)
{
	return (unsigned)w < PB_WAIT_COUNT ? labels[w] : "?";
}

const char *pb_wait_desc(pb_wait_t w)
{
	return (unsigned)w < PB_WAIT_COUNT ? descs[w] : "?";
}

/* Did the author (of the series or of one of its patches) write R? */
static bool by_author(const pb_version_t *v, const pb_series_t *s, const pb_msgrec_t *r)
{
	if (pb_person_same(&r->sender, &s->author) || pb_person_same(&r->sender, &v->root->sender))
		return true;
	for (size_t i = 0; i < v->n_patches; i++)
		if (pb_person_same(&r->sender, &v->patches[i]->rec->sender))
			return true;
	return false;
}

pb_status_t pb_triage_series(const pb_series_set_t *set, const pb_series_t *s, pb_triage_t *out)
{
	const pb_version_t *v = pb_series_latest(s);
	const pb_msgrec_t **replies = NULL;
	size_t n = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!v)
		return PB_ERR_NOTFOUND;
	for (size_t i = 0; i < v->n_patches; i++)
		if (!v->patches[i]->inherited_from)
			out->received++;
	/* (under the set's own context, freed below: no caller's context to
	 * borrow, and never talloc's NULL one) */
	rc = pb_series_version_replies(set, v, set->priv, &replies, &n);
	if (rc && rc != PB_ERR_NOTFOUND)
		return rc;
	out->replies = (unsigned)n;
	/* replies come in date order; the last one has the last word */
	out->last = n ? replies[n - 1] : NULL;
	switch (s->state) {
	case PB_STATE_APPLIED:
	case PB_STATE_MERGED:
		out->waits_on = PB_WAIT_NOBODY;
		break;
	case PB_STATE_PULL:
	case PB_STATE_ACKED:
		out->waits_on = PB_WAIT_MAINTAINER;
		break;
	case PB_STATE_INCOMPLETE:
		out->waits_on = PB_WAIT_AUTHOR;
		break;
	default:
		if (!out->last || by_author(v, s, out->last) || pb_msgrec_gives_review_tags(out->last) ||
		    (out->last->rflags & PB_REC_PING))
			out->waits_on = PB_WAIT_REVIEWERS;
		else
			out->waits_on = PB_WAIT_AUTHOR;
		break;
	}
	talloc_free(replies);
	return PB_OK;
}

/* Is the address a stable list's: stable@vger.kernel.org,
 * qemu-stable@nongnu.org (local part "stable" or ending in "-stable")? */
static bool stable_address(const char *a)
{
	const char *at = a ? strchr(a, '@') : NULL;
	size_t n;
	if (!at)
		return false;
	while (a < at && (*a == '<' || *a == ' '))
		a++;
	n = (size_t)(at - a);
	return (n == 6 && strncasecmp(a, "stable", 6) == 0) ||
	       (n > 7 && strncasecmp(at - 7, "-stable", 7) == 0);
}

/* Why V is a fix, or NULL. */
static const char *fix_reason(const pb_version_t *v)
{
	const char *why = NULL;
	for (size_t i = 0; i < v->n_patches; i++) {
		const pb_msgrec_t *r = v->patches[i]->rec;
		for (uint32_t k = 0; k < r->n_trailers; k++) {
			const pb_trailer_t *t = &r->trailers[k];
			if (strcasecmp(t->name, "Fixes") == 0)
				return "Fixes:";
			if (strcasecmp(t->name, "Cc") == 0 &&
			    stable_address(t->person.email && *t->person.email ? t->person.email : t->value))
				why = "Cc: stable";
		}
	}
	return why;
}

static bool in_flight(pb_rstate_t st)
{
	return st == PB_RS_NEW || st == PB_RS_REVIEW || st == PB_RS_CHANGES || st == PB_RS_ACKED;
}

/* since, pings and last_ping of IT, from its latest version's replies */
static pb_status_t waiting(pb_queue_item_t *it, const pb_series_set_t *set, TALLOC_CTX *tmp)
{
	const pb_version_t *v = it->version;
	const pb_msgrec_t **replies = NULL;
	size_t n = 0;
	int rc = pb_series_version_replies(set, v, tmp, &replies, &n);
	if (rc && rc != PB_ERR_NOTFOUND)
		return rc;
	it->since = v->date;
	for (size_t i = 0; i < n; i++) {
		const pb_msgrec_t *r = replies[i];
		if (r->rflags & PB_REC_PING) {
			it->pings++;
			it->last_ping = r->date;
			continue;
		}
		if (r->date > it->since)
			it->since = r->date;
		if (!by_author(v, it->series, r)) {
			it->pings = 0;
			it->last_ping = 0;
		}
	}
	talloc_free(replies);
	return PB_OK;
}

static int cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_tail(const pb_queue_item_t *a, const pb_queue_item_t *b)
{
	int c = cmp_i64(a->since, b->since);
	return c ? c : strcmp(a->series->id, b->series->id);
}

static int cmp_fix(const pb_queue_item_t *a, const pb_queue_item_t *b)
{
	return (a->fix == NULL) - (b->fix == NULL);
}

static int cmp_age(const void *pa, const void *pb)
{
	const pb_queue_item_t *a = pa, *b = pb;
	int c = cmp_fix(a, b);
	return c ? c : cmp_tail(a, b);
}

static const char *who(const pb_person_t *p)
{
	return p->name && *p->name ? p->name : (p->email ? p->email : "");
}

static int cmp_author(const void *pa, const void *pb)
{
	const pb_queue_item_t *a = pa, *b = pb;
	int c = cmp_fix(a, b);
	if (!c)
		c = strcasecmp(who(&a->series->author), who(&b->series->author));
	return c ? c : cmp_tail(a, b);
}

static int cmp_size(const void *pa, const void *pb)
{
	const pb_queue_item_t *a = pa, *b = pb;
	int c = cmp_fix(a, b);
	if (!c)
		c = (a->version->total > b->version->total) - (a->version->total < b->version->total);
	return c ? c : cmp_tail(a, b);
}

pb_status_t pb_queue_build(pb_queue_item_t **out, size_t *n, TALLOC_CTX *mem_ctx, const pb_series_set_t *set,
			   pb_series_t *const *only, size_t n_only, pb_queue_order_t order, unsigned flags)
{
	pb_series_t *const *from = only ? only : set->v;
	size_t total = only ? n_only : set->n, k = 0;
	pb_queue_item_t *q;
	pb_status_t rc;

	*out = NULL;
	*n = 0;
	q = talloc_zero_array(mem_ctx, pb_queue_item_t, total ? total : 1);
	if (!q)
		return PB_ERR_NOMEM;
	for (size_t i = 0; i < total; i++) {
		pb_queue_item_t *it = &q[k];
		memset(it, 0, sizeof(*it));
		it->series = from[i];
		if (!(it->version = pb_series_latest(it->series)))
			continue;
		bool have_tr = false;
		/* (the review's derivation may need the triage: made once) */
		if ((rc = _pb_review_version_tr(&it->review, set, it->series, it->version, &it->triage, &have_tr)) !=
		    PB_OK)
			goto fail;
		{
			pb_snooze_t z;
			it->snoozed = pb_review_snooze(&z, it->version, (int64_t)time(NULL));
			it->snooze_until = z.until;
			it->snooze_tag = z.tag;
		}
		if (!(flags & PB_QUEUE_ALL) && (!in_flight(it->review.state) || it->snoozed))
			continue;
		if (!have_tr && (rc = pb_triage_series(set, it->series, &it->triage)) != PB_OK)
			goto fail;
		if ((rc = waiting(it, set, q)) != PB_OK)
			goto fail;
		it->fix = fix_reason(it->version);
		k++;
	}
	qsort(q, k, sizeof(*q), order == PB_QUEUE_BY_AUTHOR ? cmp_author
				: order == PB_QUEUE_BY_SIZE ? cmp_size : cmp_age);
	*out = q;
	*n = k;
	return PB_OK;
fail:
	talloc_free(q);
	return rc;
}

pb_status_t pb_queue_order_parse(pb_queue_order_t *out, const char *name)
{
	static const char *const names[] = {"age", "author", "size"};
	for (int i = 0; i < 3; i++)
		if (strcasecmp(name, names[i]) == 0) {
			*out = (pb_queue_order_t)i;
			return PB_OK;
		}
	return PB_ERR_NOTFOUND;
}

/* Call FN for every message of S: each version's cover, the patches
 * posted in it, and its replies. */
static pb_status_t each_message(const pb_series_set_t *set, const pb_series_t *s,
				void (*fn)(void *payload, const pb_msgrec_t *r, size_t version), void *payload)
{
	for (size_t k = 0; k < s->n_versions; k++) {
		const pb_version_t *v = s->versions[k];
		const pb_msgrec_t **rs = NULL;
		size_t n = 0;
		int rc;
		bool root_done = v->root == v->cover;
		if (v->cover)
			fn(payload, v->cover, k);
		for (size_t i = 0; i < v->n_patches; i++)
			if (!v->patches[i]->inherited_from && v->patches[i]->rec != v->cover) {
				fn(payload, v->patches[i]->rec, k);
				root_done |= v->patches[i]->rec == v->root;
			}
		/* (a pull request: its root is neither cover nor patch) */
		if (v->root && !root_done)
			fn(payload, v->root, k);
		rc = pb_series_version_replies(set, v, set->priv, &rs, &n);
		if (rc && rc != PB_ERR_NOTFOUND)
			return rc;
		for (size_t i = 0; i < n; i++)
			if (!(rs[i]->rflags & PB_REC_DRAFT))
				fn(payload, rs[i], k);
		talloc_free(rs);
	}
	return PB_OK;
}

struct unread_count {
	pb_unread_t *out;
	size_t latest;
	bool latest_read, earlier_read; /* a posting message read, of the latest version / of another */
};

static void count_unread(void *payload, const pb_msgrec_t *r, size_t version)
{
	struct unread_count *c = payload;
	bool unread = (r->rflags & PB_REC_UNREAD) != 0;
	if (unread)
		c->out->messages++;
	else if (version == c->latest)
		c->latest_read = true;
	else
		c->earlier_read = true;
}

void pb_series_unread(pb_unread_t *out, const pb_series_set_t *set, const pb_series_t *s)
{
	struct unread_count c = {out, s->n_versions ? s->n_versions - 1 : 0, false, false};
	memset(out, 0, sizeof(*out));
	if (each_message(set, s, count_unread, &c) != PB_OK)
		return;
	out->new_version = s->n_versions > 1 && !c.latest_read && c.earlier_read;
}

struct unread_ids {
	TALLOC_CTX *ctx;
	const char **ids;
	size_t n, cap;
	bool nomem;
};

static void collect_unread(void *payload, const pb_msgrec_t *r, size_t version)
{
	struct unread_ids *u = payload;
	(void)version;
	if (!(r->rflags & PB_REC_UNREAD) || u->nomem)
		return;
	if (u->n == u->cap) {
		size_t nc = u->cap ? u->cap * 2 : 16;
		const char **v = talloc_realloc(u->ctx, u->ids, const char *, nc);
		if (!v) {
			u->nomem = true;
			return;
		}
		u->ids = v;
		u->cap = nc;
	}
	u->ids[u->n++] = r->msgid;
}

pb_status_t pb_series_unread_ids(const char ***out, size_t *n, TALLOC_CTX *mem_ctx, const pb_series_set_t *set,
				 const pb_series_t *s)
{
	struct unread_ids u = {mem_ctx, NULL, 0, 0, false};
	pb_status_t rc;
	*out = NULL;
	*n = 0;
	if (!(u.ids = talloc_array(mem_ctx, const char *, 16)))
		return PB_ERR_NOMEM;
	u.cap = 16;
	rc = each_message(set, s, collect_unread, &u);
	if (rc == PB_OK && u.nomem)
		rc = PB_ERR_NOMEM;
	if (rc) {
		talloc_free(u.ids);
		return rc;
	}
	*out = u.ids;
	*n = u.n;
	return PB_OK;
}
