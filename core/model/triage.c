/* triage.c: who a series waits on. */
#include <string.h>

#include "patchbay/triage.h"

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

static bool gives_review_tags(const pb_msgrec_t *r)
{
	for (uint32_t i = 0; i < r->n_trailers; i++)
		if (pb_trailer_kind(r->trailers[i].name) && !(r->trailers[i].flags & PB_TRAILER_MISMATCH))
			return true;
	return false;
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

int pb_triage_series(const pb_series_set_t *set, const pb_series_t *s, pb_triage_t *out)
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
	rc = pb_series_version_replies(set, v, NULL, &replies, &n);
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
		if (!out->last || by_author(v, s, out->last) || gives_review_tags(out->last))
			out->waits_on = PB_WAIT_REVIEWERS;
		else
			out->waits_on = PB_WAIT_AUTHOR;
		break;
	}
	talloc_free(replies);
	return PB_OK;
}
