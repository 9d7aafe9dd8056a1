/* snapshot.c: group a deep copy of records (partial results). */
#include <stdint.h>
#include <string.h>

#include "core/model/snapshot.h"

/* Strings are copied into large blocks (a bump allocator) rather than one
 * talloc chunk each: a snapshot of 100k records copies ~1.5M strings. */
struct arena {
	TALLOC_CTX *owner;
	char *cur;
	size_t left;
};
_Static_assert(sizeof(struct arena) == sizeof(_pb_arena_t), "one arena");

/* N bytes from the arena, at a multiple of ALIGN (a power of two, at
 * most 16: what talloc's chunks are aligned to). */
static void *arena_get(struct arena *a, size_t n, size_t align)
{
	size_t pad = a->cur ? (size_t)(-(uintptr_t)a->cur & (align - 1)) : 0;
	char *r;
	if (!a->cur || n + pad > a->left) {
		size_t sz = n > 256 * 1024 ? n : 256 * 1024;
		a->cur = talloc_size(a->owner, sz);
		if (!a->cur)
			return NULL;
		a->left = sz;
		pad = 0;
	}
	r = a->cur + pad;
	a->cur += pad + n;
	a->left -= pad + n;
	return r;
}

static char *arena_dup(struct arena *a, const char *s)
{
	size_t n;
	char *r;
	if (!s)
		return NULL;
	n = strlen(s) + 1;
	r = arena_get(a, n, 1);
	if (r)
		memcpy(r, s, n);
	return r;
}

/* Copy S into *dst; false when out of memory. NULL stays NULL. */
static bool dup_into(struct arena *a, const char **dst, const char *s)
{
	*dst = arena_dup(a, s);
	return !s || *dst;
}

static bool dup_person(struct arena *a, pb_person_t *dst, const pb_person_t *src)
{
	return dup_into(a, (const char **)&dst->name, src->name) &&
	       dup_into(a, (const char **)&dst->email, src->email);
}

static bool copy_record(struct arena *a, pb_msgrec_t *d, const pb_msgrec_t *s)
{
	*d = *s;
	if (!dup_into(a, &d->msgid, s->msgid) || !dup_into(a, &d->thread, s->thread) ||
	    !dup_into(a, &d->file, s->file) || !dup_into(a, &d->subject, s->subject) ||
	    !dup_into(a, &d->title, s->title) || !dup_into(a, &d->tags, s->tags) ||
	    !dup_person(a, &d->sender, &s->sender) || !dup_person(a, &d->author, &s->author) ||
	    !dup_into(a, &d->patch_id, s->patch_id) || !dup_into(a, &d->change_id, s->change_id) ||
	    !dup_into(a, &d->base_commit, s->base_commit) || !dup_into(a, &d->paths, s->paths) ||
	    !dup_into(a, &d->user_links, s->user_links))
		return false;
	if (s->n_refs) {
		d->refs = arena_get(a, s->n_refs * sizeof(const char *), _Alignof(const char *));
		if (!d->refs)
			return false;
		for (uint32_t i = 0; i < s->n_refs; i++)
			if (!dup_into(a, &d->refs[i], s->refs[i]))
				return false;
	}
	if (s->n_deps) {
		d->deps = arena_get(a, s->n_deps * sizeof(const char *), _Alignof(const char *));
		if (!d->deps)
			return false;
		for (uint32_t i = 0; i < s->n_deps; i++)
			if (!dup_into(a, &d->deps[i], s->deps[i]))
				return false;
	}
	if (s->n_links) {
		d->links = arena_get(a, s->n_links * sizeof(const char *), _Alignof(const char *));
		if (!d->links)
			return false;
		for (uint32_t i = 0; i < s->n_links; i++)
			if (!dup_into(a, &d->links[i], s->links[i]))
				return false;
	}
	if (s->n_trailers) {
		d->trailers = arena_get(a, s->n_trailers * sizeof(pb_trailer_t), _Alignof(pb_trailer_t));
		if (!d->trailers)
			return false;
		for (uint32_t i = 0; i < s->n_trailers; i++) {
			pb_trailer_t *t = &d->trailers[i];
			const pb_trailer_t *o = &s->trailers[i];
			*t = *o;
			if (!dup_into(a, (const char **)&t->name, o->name) ||
			    !dup_into(a, (const char **)&t->value, o->value) ||
			    !dup_into(a, (const char **)&t->extinfo, o->extinfo) ||
			    !dup_person(a, &t->person, &o->person))
				return false;
			/* follow-up trailers name their message: the record's own id */
			t->msgid = o->msgid ? (o->msgid == s->msgid ? d->msgid : arena_dup(a, o->msgid)) : NULL;
			if (o->msgid && !t->msgid)
				return false;
		}
	}
	return true;
}

bool _pb_record_copy(_pb_arena_t *arena, pb_msgrec_t *dst, const pb_msgrec_t *src)
{
	return copy_record((struct arena *)arena, dst, src);
}

int _pb_snapshot_group(TALLOC_CTX *mem_ctx, pb_series_set_t **out, const pb_msgrec_t *recs, size_t n,
		       pb_error_t *err)
{
	TALLOC_CTX *data = talloc_new(mem_ctx);
	struct arena a = {data, NULL, 0};
	pb_msgrec_t *copy;
	pb_series_set_t *set = NULL;
	int rc;

	if (!data)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	copy = talloc_array(data, pb_msgrec_t, n ? n : 1);
	if (!copy)
		goto nomem;
	for (size_t i = 0; i < n; i++)
		if (!copy_record(&a, &copy[i], &recs[i]))
			goto nomem;
	if ((rc = pb_series_group(mem_ctx, &set, copy, n, err))) {
		talloc_free(data);
		return rc;
	}
	/* the set owns the records it points into */
	talloc_steal(set, data);
	*out = set;
	return PB_OK;
nomem:
	talloc_free(data);
	return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
}
