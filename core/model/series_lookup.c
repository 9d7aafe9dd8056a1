/* series_lookup.c: what a series set answers once grouped: where a
 * message is (the Message-ID tables), a version's replies, versions by
 * number, names, tag counts. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "patchbay/subject.h"
#include "core/model/series_priv.h"

static const char *const state_names[] = {"new",        "discussed", "reviewed", "acked",
					  "incomplete", "applied",   "pull",     "merged"};

const char *pb_state_name(pb_state_t st)
{
	return (unsigned)st < PB_STATE_COUNT ? state_names[st] : "unknown";
}

static const char *const state_descs[] = {
	"nobody has replied yet",
	"replies, but no Acked-by, Reviewed-by or Tested-by",
	"some review tags, not on every patch (A R T count them)",
	("every patch has an Acked-by or a Reviewed-by (so A0 R1 is acked: "
	 "one Reviewed-by on a one-patch series, or on the cover)"),
	"patches of the latest version are missing",
	"a maintainer said it was applied, or patchbay applied it",
	"a pull request",
	"a pull request that was merged",
};

const char *pb_state_desc(pb_state_t st)
{
	return (unsigned)st < PB_STATE_COUNT ? state_descs[st] : "";
}

int _pb_set_index_ids(struct set_priv *sp)
{
	struct group *g = &sp->g;
	g->byid = g_hash_table_new(g_str_hash, g_str_equal);
	if (!g->byid)
		return PB_ERR_NOMEM;
	for (size_t i = 0; i < g->n; i++)
		if (!g_hash_table_contains(g->byid, g->recs[i].msgid))
			g_hash_table_insert(g->byid, (gpointer)g->recs[i].msgid, GINT_TO_POINTER((int)i + 1));
	return PB_OK;
}

uint32_t _pb_id_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

int _pb_idtab_find(const struct idtab *t, const pb_msgrec_t *recs, size_t n, const char *msgid)
{
	if (!t->slots || !msgid)
		return -1;
	for (uint32_t i = _pb_id_hash(msgid) & t->mask, k = 0; k <= t->mask; i = (i + 1) & t->mask, k++) {
		uint32_t v = t->slots[i];
		if (!v)
			return -1;
		if (v - 1 < t->n && v - 1 < n && strcmp(recs[v - 1].msgid, msgid) == 0)
			return (int)(v - 1);
	}
	return -1;
}

pb_status_t pb_series_set_find(const pb_series_set_t *set, const char *msgid, pb_series_t **series,
			       pb_version_t **version, pb_patch_t **patch)
{
	struct set_priv *sp = set->priv;
	int i;
	if (!sp->g.base.slots && !sp->g.byid && _pb_set_index_ids(sp))
		return PB_ERR_NOMEM;
	i = _pb_group_lookup(&sp->g, msgid);
	if (i < 0 || !sp->rec_series[i])
		return PB_ERR_NOTFOUND;
	if (series)
		*series = sp->rec_series[i];
	if (version)
		*version = sp->rec_version[i];
	if (patch)
		*patch = sp->rec_patch[i];
	return PB_OK;
}

pb_status_t pb_series_version_replies(const pb_series_set_t *set, const pb_version_t *version,
				      TALLOC_CTX *mem_ctx, const pb_msgrec_t ***out, size_t *n)
{
	struct set_priv *sp = set->priv;
	struct group *g = &sp->g;
	struct posting *ps;
	int at;
	/* which posting a version is, made once per set (as the Message-ID
	 * table of pb_series_set_find): every row of a list, every series of
	 * the queue asks */
	if (!sp->ver_post) {
		if (!(sp->ver_post = g_hash_table_new(g_direct_hash, g_direct_equal)))
			return PB_ERR_NOMEM;
		for (size_t p = 0; p < g->n_posts; p++)
			if (g->posts[p].ver && !g_hash_table_contains(sp->ver_post, g->posts[p].ver))
				g_hash_table_insert(sp->ver_post, g->posts[p].ver, GINT_TO_POINTER((int)p + 1));
	}
	at = GPOINTER_TO_INT(g_hash_table_lookup(sp->ver_post, version)) - 1;
	if (at < 0) {
		*out = NULL;
		*n = 0;
		return PB_ERR_NOTFOUND;
	}
	ps = &g->posts[at];
	*out = talloc_array(mem_ctx, const pb_msgrec_t *, ps->n_replies ? ps->n_replies : 1);
	if (!*out)
		return PB_ERR_NOMEM;
	for (size_t r = 0; r < ps->n_replies; r++)
		(*out)[r] = &g->recs[ps->replies[r]];
	*n = ps->n_replies;
	return PB_OK;
}

pb_version_t *pb_series_latest(const pb_series_t *s)
{
	return s->n_versions ? s->versions[s->n_versions - 1] : NULL;
}

pb_version_t *pb_series_version(const pb_series_t *s, int n)
{
	for (size_t i = s->n_versions; i-- > 0;)
		if (s->versions[i]->version == n)
			return s->versions[i];
	return NULL;
}

bool pb_reply_says_applied(const pb_version_t *v, const pb_msgrec_t *reply)
{
	return (reply->rflags & (PB_REC_APPLIED | PB_REC_MERGED)) && !pb_person_same(&reply->sender, &v->root->sender);
}

pb_version_t *pb_series_posting(const pb_series_t *s, int n, bool repost)
{
	bool seen = false;
	for (size_t i = 0; i < s->n_versions; i++) {
		if (s->versions[i]->version != n)
			continue;
		if (!repost || seen)
			return s->versions[i];
		seen = true;
	}
	return NULL;
}

bool pb_version_is_repost(const pb_series_t *s, const pb_version_t *v)
{
	return pb_series_posting(s, v->version, false) != v;
}

char *pb_version_name(TALLOC_CTX *mem_ctx, const pb_series_t *s, const pb_version_t *v)
{
	if (!pb_version_is_repost(s, v))
		return talloc_asprintf(mem_ctx, "v%d", v->version);
	return talloc_asprintf(mem_ctx, "v%d %s", v->version, (v->flags & PB_VER_RESEND) ? "RESEND" : "repost");
}

void pb_version_tag_counts(const pb_version_t *v, unsigned *acked, unsigned *reviewed, unsigned *tested)
{
	unsigned a = 0, r = 0, t = 0;
	for (size_t i = 0; i < v->n_patches; i++) {
		const pb_trailer_list_t *tl = &v->patches[i]->trailers;
		for (size_t k = 0; k < tl->n; k++) {
			if ((tl->v[k].flags & (PB_TRAILER_MISMATCH | PB_TRAILER_COVER)))
				continue;
			/* one given to the whole series counts once */
			if (tl->v[k].flags & PB_TRAILER_SERIES) {
				bool before = false;
				for (size_t j = 0; j < i && !before; j++)
					before = pb_trailer_list_has(&v->patches[j]->trailers, &tl->v[k]);
				if (before)
					continue;
			}
			switch (pb_trailer_kind(tl->v[k].name)) {
			case PB_TRAILER_KIND_ACK: a++; break;
			case PB_TRAILER_KIND_REVIEW: r++; break;
			case PB_TRAILER_KIND_TEST: t++; break;
			case PB_TRAILER_KIND_NONE: break;
			}
		}
	}
	for (size_t k = 0; k < v->cover_trailers.n; k++) {
		if (v->cover_trailers.v[k].flags & PB_TRAILER_MISMATCH)
			continue;
		switch (pb_trailer_kind(v->cover_trailers.v[k].name)) {
		case PB_TRAILER_KIND_ACK: a++; break;
		case PB_TRAILER_KIND_REVIEW: r++; break;
		case PB_TRAILER_KIND_TEST: t++; break;
		case PB_TRAILER_KIND_NONE: break;
		}
	}
	if (acked)
		*acked = a;
	if (reviewed)
		*reviewed = r;
	if (tested)
		*tested = t;
}
