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

/* Copy the string SRC into *DST (a char * or const char * field); false
 * when out of memory. NULL stays NULL. */
#define DUP_INTO(dst, src)                                  \
	do {                                                \
		const char *c_ = arena_dup(a, (src));       \
		if ((src) && !c_)                           \
			return false;                       \
		(dst) = (void *)c_;                         \
	} while (0)

/* The deep copy of each kind of PB_MSGREC_FIELDS (record.h); D starts as
 * a shallow copy of S. */
#define D_STR(f) DUP_INTO(d->f, s->f);
#define D_PERSON(f) D_STR(f.name) D_STR(f.email)
#define D_NONE(...)
#define D_IDS(v, n)                                                                   \
	if (s->n) {                                                                   \
		d->v = arena_get(a, s->n * sizeof(const char *), _Alignof(const char *)); \
		if (!d->v)                                                            \
			return false;                                                 \
		for (uint32_t i = 0; i < s->n; i++)                                   \
			DUP_INTO(d->v[i], s->v[i]);                                   \
	}
#define D_TRAILERS(v, n)                                                              \
	if (s->n) {                                                                   \
		d->v = arena_get(a, s->n * sizeof(pb_trailer_t), _Alignof(pb_trailer_t)); \
		if (!d->v)                                                            \
			return false;                                                 \
		for (uint32_t i = 0; i < s->n; i++)                                   \
			if (!copy_trailer(a, &d->v[i], &s->v[i], s, d))               \
				return false;                                         \
	}

static bool copy_trailer(struct arena *a, pb_trailer_t *d, const pb_trailer_t *s, const pb_msgrec_t *srec,
			 const pb_msgrec_t *drec)
{
	*d = *s;
	PB_TRAILER_FIELDS(D_STR, D_STR, D_NONE)
	/* follow-up trailers name their message: the record's own id */
	if (s->msgid == srec->msgid)
		d->msgid = drec->msgid;
	else
		DUP_INTO(d->msgid, s->msgid);
	return true;
}

static bool copy_record(struct arena *a, pb_msgrec_t *d, const pb_msgrec_t *s)
{
	*d = *s;
	PB_MSGREC_FIELDS(D_STR, D_STR, D_PERSON, D_NONE, D_IDS, D_TRAILERS, D_NONE, D_NONE, D_NONE)
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
