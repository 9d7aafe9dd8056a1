/* search.c: saved searches with their counts (search.h). */
#include <string.h>

#include "patchbay/review.h"
#include "patchbay/search.h"

struct found {
	TALLOC_CTX *ctx;
	pb_search_t *v;
	size_t n, cap;
	bool nomem;
};

static pb_search_t *add(struct found *f, const char *name, const char *query, bool builtin)
{
	/* a later value of a name replaces the earlier */
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].name, name) == 0 && f->v[i].builtin == builtin) {
			f->v[i].query = talloc_strdup(f->v, query);
			if (!f->v[i].query)
				f->nomem = true;
			return &f->v[i];
		}
	if (f->n == f->cap) {
		size_t nc = f->cap ? f->cap * 2 : 16;
		pb_search_t *v = talloc_realloc(f->ctx, f->v, pb_search_t, nc);
		if (!v) {
			f->nomem = true;
			return NULL;
		}
		f->v = v;
		f->cap = nc;
	}
	f->v[f->n] = (pb_search_t){talloc_strdup(f->v, name), talloc_strdup(f->v, query), 0, builtin};
	if (!f->v[f->n].name || !f->v[f->n].query) {
		f->nomem = true;
		return NULL;
	}
	return &f->v[f->n++];
}

static void from_config(void *payload, const char *name, const char *value)
{
	if (*value)
		add(payload, name, value, false);
}

pb_status_t pb_searches(pb_search_t **out, size_t *n, TALLOC_CTX *mem_ctx, pb_index_t *idx, pb_conf_t *conf,
			pb_error_t *err)
{
	struct found f = {0};
	const char *all = pb_conf_get(conf, "patchbay.query");
	size_t user_end, w = 0;
	bool said = false;
	void *tmp;

	*out = NULL;
	*n = 0;
	if (!(f.ctx = talloc_new(mem_ctx)) || !(tmp = talloc_new(f.ctx)))
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	add(&f, "all", all && *all ? all : "*", true);
	add(&f, "unread", "tag:" PB_TAG_UNREAD, true);
	pb_conf_each(conf, "patchbay.search.", from_config, &f);
	user_end = f.n;
	for (int st = 0; st < PB_RS_COUNT; st++) {
		char *name = talloc_asprintf(tmp, "state:%s", pb_rstate_name((pb_rstate_t)st));
		char *q = talloc_asprintf(tmp, "tag:%s%s", pb_index_tag_prefix(idx), pb_rstate_name((pb_rstate_t)st));
		if (!name || !q || !add(&f, name, q, true))
			f.nomem = true;
	}
	{
		char *q = talloc_asprintf(tmp, "tag:%s%s", pb_index_tag_prefix(idx), PB_RS_TAG_SNOOZED);
		if (!q || !add(&f, "snoozed", q, true))
			f.nomem = true;
	}
	if (f.nomem) {
		talloc_free(f.ctx);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < f.n; i++) {
		pb_series_t **res = NULL;
		size_t count = 0;
		pb_error_t e = {0};
		if (pb_index_query(idx, tmp, f.v[i].query, &res, &count, &e) != PB_OK) {
			if (e.status == PB_ERR_NOMEM) {
				talloc_free(f.ctx);
				return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
			}
			if (!said) {
				pb_error_set(err, e.status, "patchbay.search.%s: %s", f.v[i].name, pb_error_msg(&e));
				said = true;
			}
			continue; /* left out */
		}
		talloc_free(res);
		/* the states that nobody set are no news */
		if (i >= user_end && !count)
			continue;
		f.v[i].count = count;
		f.v[w++] = f.v[i];
	}
	talloc_free(tmp);
	*out = f.v;
	*n = w;
	talloc_steal(mem_ctx, f.v);
	talloc_free(f.ctx);
	return PB_OK;
}
