/* review.c: the review state of a version, derived from the mail or set
 * by hand (review.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "patchbay/review.h"
#include "patchbay/triage.h"
#include "core/base/git_priv.h"
#include "core/model/review_priv.h"

static const struct {
	const char *name, *label, *desc;
} rstates[] = {
#define PB_X_RS_ROW(name, tag, label, desc) {tag, label, desc},
	PB_RSTATE_LIST(PB_X_RS_ROW)
#undef PB_X_RS_ROW
};

const char *pb_rstate_name(pb_rstate_t st)
{
	return (unsigned)st < PB_RS_COUNT ? rstates[st].name : "?";
}

const char *pb_rstate_label(pb_rstate_t st)
{
	return (unsigned)st < PB_RS_COUNT ? rstates[st].label : "?";
}

const char *pb_rstate_desc(pb_rstate_t st)
{
	return (unsigned)st < PB_RS_COUNT ? rstates[st].desc : "?";
}

pb_status_t pb_rstate_parse(pb_rstate_t *out, const char *name)
{
	for (unsigned i = 0; name && i < PB_RS_COUNT; i++)
		if (strcasecmp(name, rstates[i].name) == 0 || strcasecmp(name, rstates[i].label) == 0) {
			*out = (pb_rstate_t)i;
			return PB_OK;
		}
	return PB_ERR_NOTFOUND;
}

/* What the mail says of V, the latest version of S. The triage it needs
 * is *TR when *HAVE, else made there (and *HAVE set). */
static pb_rstate_t derive_latest(const pb_series_set_t *set, const pb_series_t *s, const char **why,
				 pb_triage_t *tr_io, bool *have)
{
	pb_triage_t own;
	pb_triage_t *tr = tr_io ? tr_io : &own;
	if (pb_series_latest(s)->flags & PB_VER_ACCEPTED) {
		*why = "its patches are in patchbay.target";
		return PB_RS_ACCEPTED;
	}
	switch (s->state) {
	case PB_STATE_MERGED:
		*why = "the pull request was merged";
		return PB_RS_ACCEPTED;
	case PB_STATE_APPLIED:
		*why = "a maintainer applied it";
		return PB_RS_QUEUED;
	case PB_STATE_ACKED:
		*why = "every patch has Acked-by or Reviewed-by";
		return PB_RS_ACKED;
	default:
		break;
	}
	if (!have || !*have) {
		if (pb_triage_series(set, s, tr) != PB_OK) {
			*why = "no replies yet";
			return PB_RS_NEW;
		}
		if (have)
			*have = true;
	}
	if (tr->replies == 0) {
		*why = "no replies yet";
		return PB_RS_NEW;
	}
	if (s->state != PB_STATE_INCOMPLETE && tr->waits_on == PB_WAIT_AUTHOR) {
		*why = "a reviewer commented without review tags, and the author has not answered";
		return PB_RS_CHANGES;
	}
	*why = s->state == PB_STATE_INCOMPLETE ? "replies, while patches are missing" : "replies, review going on";
	return PB_RS_REVIEW;
}

/* The hand-set state of the messages of V's posting: the root's wins;
 * *CONFLICT when another message says something else. -1: none. */
static int hand_state(const pb_version_t *v, bool *conflict, bool *rfc)
{
	int root = PB_REC_RSTATE(v->root);
	*conflict = (v->root->rflags & PB_REC_TAG_MANY) != 0;
	*rfc = (v->root->rflags & PB_REC_TAG_RFC) != 0;
	for (size_t i = 0; i < v->n_patches; i++) {
		const pb_msgrec_t *r = v->patches[i]->rec;
		if (v->patches[i]->inherited_from || r == v->root)
			continue;
		if (PB_REC_RSTATE(r) != root || (r->rflags & PB_REC_TAG_MANY))
			*conflict = true;
	}
	if (v->cover && v->cover != v->root && PB_REC_RSTATE(v->cover) != root)
		*conflict = true;
	return root;
}

bool pb_review_by_hand(const pb_version_t *v, pb_rstate_t *out)
{
	int st = v ? PB_REC_RSTATE(v->root) : -1;
	if (st < 0 || st >= PB_RS_COUNT)
		return false;
	if (out)
		*out = (pb_rstate_t)st;
	return true;
}

pb_status_t pb_review_version(pb_review_t *out, const pb_series_set_t *set, const pb_series_t *s,
			      const pb_version_t *v)
{
	return _pb_review_version_tr(out, set, s, v, NULL, NULL);
}

pb_status_t _pb_review_version_tr(pb_review_t *out, const pb_series_set_t *set, const pb_series_t *s,
				  const pb_version_t *v, pb_triage_t *tr, bool *have_tr)
{
	const pb_version_t *latest = pb_series_latest(s);
	bool rfc_tag = false;
	int hand;
	if (!v)
		v = latest;
	if (!v)
		return PB_ERR_NOTFOUND;
	out->why = "";
	if (v != latest) {
		out->derived = PB_RS_SUPERSEDED;
		out->why = "a newer version exists";
	} else {
		out->derived = derive_latest(set, s, &out->why, tr, have_tr);
	}
	hand = hand_state(v, &out->conflict, &rfc_tag);
	out->by_hand = hand >= 0 && hand < PB_RS_COUNT;
	out->state = out->by_hand ? (pb_rstate_t)hand : out->derived;
	out->rfc = rfc_tag || (v->flags & PB_VER_RFC);
	return PB_OK;
}

bool pb_review_snooze(pb_snooze_t *out, const pb_version_t *v, int64_t now)
{
	bool asleep;
	memset(out, 0, sizeof(*out));
	if (!v || !v->root || !(v->root->rflags & PB_REC_SNOOZED))
		return false;
	out->set = true;
	out->until = (int64_t)PB_REC_SNOOZE_DAY(v->root) * 86400;
	out->tag = v->root->snooze_tag;
	if (out->tag) {
		out->tag_checked = (v->flags & PB_VER_TAG_CHECKED) != 0;
		out->tag_reached = out->tag_checked && (v->flags & PB_VER_TAG_REACHED);
	}
	/* every end given must be reached; none given: the next version */
	if (!out->tag && !out->until)
		asleep = true;
	else
		asleep = (out->tag && !out->tag_reached) || (out->until && now < out->until);
	out->snoozed = asleep;
	return asleep;
}

bool pb_review_snoozed(const pb_version_t *v, int64_t now, int64_t *until)
{
	pb_snooze_t z;
	bool asleep = pb_review_snooze(&z, v, now);
	if (until)
		*until = z.until;
	return asleep;
}

pb_status_t pb_snooze_parse_end(int64_t *until, const char **tag, const char *when, int64_t now,
				pb_error_t *err)
{
	*until = 0;
	*tag = NULL;
	if (when && strncmp(when, "tag:", 4) == 0) {
		const char *name = when + 4;
		if (!*name)
			return pb_error_set(err, PB_ERR_USAGE, "tag: wants the name of a git tag (tag:v6.9-rc1)");
		if (!_pb_git_tag_name_ok(name))
			return pb_error_set(err, PB_ERR_USAGE, "'%s' is not a name git takes for a tag "
					    "(git check-ref-format)", name);
		*tag = name;
		return PB_OK;
	}
	if (pb_snooze_parse(until, when, now) != PB_OK)
		return pb_error_set(err, PB_ERR_USAGE, "wants a day after today (YYYY-MM-DD), Nd, Nw, next "
				    "or tag:NAME, not '%s'", when ? when : "");
	return PB_OK;
}

pb_status_t pb_snooze_parse(int64_t *until, const char *when, int64_t now)
{
	int y, mo, d, n;
	char unit, extra;
	*until = 0;
	if (!when)
		return PB_ERR_USAGE;
	if (strcmp(when, "next") == 0)
		return PB_OK;
	if (sscanf(when, "%4d-%2d-%2d%c", &y, &mo, &d, &extra) == 3) {
		struct tm tm = {0};
		time_t t;
		if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1970 || y > 2149)
			return PB_ERR_USAGE;
		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
		t = timegm(&tm);
		/* (timegm moves 31 February on: not a day of the calendar) */
		if (t == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != mo - 1)
			return PB_ERR_USAGE;
		*until = (int64_t)t;
	} else if (sscanf(when, "%d%c%c", &n, &unit, &extra) == 2 && n > 0 && n < 3650 &&
		   (unit == 'd' || unit == 'w')) {
		int64_t day = (now / 86400 + (int64_t)n * (unit == 'w' ? 7 : 1)) * 86400;
		*until = day;
	} else {
		return PB_ERR_USAGE;
	}
	if (*until <= now - now % 86400)
		return PB_ERR_USAGE; /* a day already begun, or gone */
	return PB_OK;
}

void pb_snooze_day(char buf[11], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || !strftime(buf, 11, "%Y-%m-%d", &tm))
		snprintf(buf, 11, "?");
}

/* Does reply R answer the message ID (directly or further down)? */
static bool answers(const pb_msgrec_t *r, const char *id)
{
	for (uint32_t i = 0; i < r->n_refs; i++)
		if (strcmp(r->refs[i], id) == 0)
			return true;
	return false;
}

pb_status_t pb_review_patch(pb_patch_review_t *out, const pb_series_set_t *set, const pb_version_t *v,
			    const pb_patch_t *p)
{
	const pb_series_t *s = v->series;
	const pb_msgrec_t **rs = NULL, *last = NULL;
	size_t n = 0;
	int hand = PB_REC_PATCH_RSTATE(p->rec), rc;
	memset(out, 0, sizeof(*out));
	if (s && v != pb_series_latest(s)) {
		out->derived = PB_RS_SUPERSEDED;
		out->why = "a newer version exists";
	} else if (v->flags & PB_VER_ACCEPTED) {
		out->derived = PB_RS_ACCEPTED;
		out->why = "its version is in patchbay.target";
	} else if (s && (s->state == PB_STATE_APPLIED || s->state == PB_STATE_MERGED)) {
		out->derived = s->state == PB_STATE_MERGED ? PB_RS_ACCEPTED : PB_RS_QUEUED;
		out->why = "its version was applied";
	} else {
		bool acked = false;
		for (size_t i = 0; i < p->trailers.n; i++) {
			pb_trailer_kind_t k = pb_trailer_kind(p->trailers.v[i].name);
			if ((k == PB_TRAILER_KIND_ACK || k == PB_TRAILER_KIND_REVIEW) && !(p->trailers.v[i].flags & PB_TRAILER_MISMATCH))
				acked = true;
		}
		/* (the version's replies, under the set's own context, freed
		 * below) */
		rc = pb_series_version_replies(set, v, set->priv, &rs, &n);
		if (rc && rc != PB_ERR_NOTFOUND)
			return rc;
		for (size_t i = 0; i < n; i++)
			if (!(rs[i]->rflags & PB_REC_DRAFT) && answers(rs[i], p->rec->msgid))
				last = rs[i];
		talloc_free(rs);
		if (acked) {
			out->derived = PB_RS_ACKED;
			out->why = "Acked-by or Reviewed-by given for it";
		} else if (!last) {
			out->derived = PB_RS_NEW;
			out->why = "no reply to it yet";
		} else if (!pb_person_same(&last->sender, &p->rec->sender) && !pb_msgrec_gives_review_tags(last) &&
			   !(last->rflags & PB_REC_PING)) {
			out->derived = PB_RS_CHANGES;
			out->why = "a reviewer commented on it without review tags, and the author has not answered";
		} else {
			out->derived = PB_RS_REVIEW;
			out->why = "replies, review going on";
		}
	}
	out->by_hand = hand >= 0 && hand < PB_RS_COUNT;
	out->state = out->by_hand ? (pb_rstate_t)hand : out->derived;
	return PB_OK;
}
