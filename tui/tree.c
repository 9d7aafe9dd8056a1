/* tree.c: one series as a tree: versions, cover and patches, replies. */
#include <stdio.h>
#include <string.h>

#include "patchbay/text.h"
#include "patchbay/triage.h"
#include "patchbay/review.h"
#include "tui/marks.h"
#include "tui/views.h"

enum kind { N_SERIES, N_VERSION, N_COVER, N_PATCH, N_MISSING, N_REPLY };

struct node {
	enum kind kind;
	int depth;
	size_t vi;               /* version */
	const pb_patch_t *p;     /* N_PATCH, and the patch an N_REPLY answers */
	const pb_msgrec_t *rec;  /* N_REPLY, N_COVER */
	int index;               /* N_PATCH, N_MISSING */
	size_t pos;              /* N_COVER, N_PATCH: position for the patch view */
	unsigned children;       /* replies (cover, patch), versions (series) */
	bool open;
};

struct vinfo {
	int vnum;                    /* the version's number */
	const pb_msgrec_t **replies; /* of the version, by date */
	const pb_patch_t **to;       /* the patch each answers (NULL: the cover) */
	size_t n;
	bool open, cover_open;
	bool *patch_open;            /* by position in v->patches */
	int *patch_index;            /* n of n/N, by position */
	size_t n_patches;
	pb_check_report_t *checks;   /* a quick run of the checks, once drawn */
	bool checked;
};

/* The line under the cursor, without pointers into the model. */
struct where {
	enum kind kind;
	int vnum, index;
	char *msgid;                 /* of a reply */
};

struct tree {
	const pb_series_set_t *set;
	const pb_series_t *s;
	char *sid;                   /* the series' id, to find it again */
	bool open;
	struct vinfo *vi;
	size_t n_vi;
	struct node *lines;
	struct where *keep;          /* while the index refreshes */
	tui_marks_t *marks;          /* the marked patches' Message-IDs (they
				      * outlive a refresh) */
};

/* A patch of its version (one kept from an earlier version is marked
 * there): its Message-ID. */
static const char *line_id(tui_view_t *v, size_t i)
{
	struct tree *t = v->priv;
	const struct node *x = i < v->n_lines ? &t->lines[i] : NULL;
	return x && x->kind == N_PATCH && !x->p->inherited_from ? x->p->rec->msgid : NULL;
}

static const tui_marks_kind_t marks_kind = {"patch", "patches", "ack, review, test and set-state act on each",
					    line_id};

static unsigned replies_to(const struct vinfo *vi, const pb_patch_t *p)
{
	unsigned n = 0;
	for (size_t i = 0; i < vi->n; i++)
		if (vi->to[i] == p)
			n++;
	return n;
}

static struct node *add(struct tree *t, size_t *n, enum kind k, int depth, size_t vi)
{
	struct node *nn;
	if (*n == talloc_array_length(t->lines)) {
		nn = talloc_realloc(t, t->lines, struct node, *n ? *n * 2 : 32);
		if (!nn)
			return NULL;
		t->lines = nn;
	}
	nn = &t->lines[(*n)++];
	memset(nn, 0, sizeof(*nn));
	nn->kind = k;
	nn->depth = depth;
	nn->vi = vi;
	return nn;
}

static bool add_replies(struct tree *t, size_t *n, size_t vi, const pb_patch_t *p)
{
	const struct vinfo *info = &t->vi[vi];
	for (size_t i = 0; i < info->n; i++) {
		struct node *r;
		if (info->to[i] != p)
			continue;
		if (!(r = add(t, n, N_REPLY, 3, vi)))
			return false;
		r->rec = info->replies[i];
		r->p = p;
	}
	return true;
}

static bool add_version(struct tree *t, size_t *n, size_t vi)
{
	const pb_version_t *v = t->s->versions[vi];
	struct vinfo *info = &t->vi[vi];
	size_t k = 0, m = 0, pos = 0;
	struct node *x;
	if (v->cover) {
		if (!(x = add(t, n, N_COVER, 2, vi)))
			return false;
		x->rec = v->cover;
		x->pos = pos++;
		x->children = replies_to(info, NULL);
		x->open = info->cover_open;
		if (x->open && !add_replies(t, n, vi, NULL))
			return false;
	}
	/* patches and missing ones, by index */
	while (k < v->n_patches || m < v->n_missing) {
		if (m < v->n_missing && (k >= v->n_patches || v->missing[m] < v->patches[k]->index)) {
			if (!(x = add(t, n, N_MISSING, 2, vi)))
				return false;
			x->index = v->missing[m++];
			continue;
		}
		if (!(x = add(t, n, N_PATCH, 2, vi)))
			return false;
		x->p = v->patches[k];
		x->index = v->patches[k]->index;
		x->pos = pos++;
		x->children = replies_to(info, x->p);
		x->open = info->patch_open[k];
		if (x->open && !add_replies(t, n, vi, x->p))
			return false;
		k++;
	}
	return true;
}

static int tree_recalc(tui_view_t *v)
{
	struct tree *t = v->priv;
	size_t n = 0;
	struct node *x = add(t, &n, N_SERIES, 0, 0);
	if (!x)
		return PB_ERR_NOMEM;
	x->open = t->open;
	x->children = (unsigned)t->s->n_versions;
	for (size_t i = 0; t->open && i < t->s->n_versions; i++) {
		if (!(x = add(t, &n, N_VERSION, 1, i)))
			return PB_ERR_NOMEM;
		x->open = t->vi[i].open;
		x->children = (unsigned)t->vi[i].n;
		if (x->open && !add_version(t, &n, i))
			return PB_ERR_NOMEM;
	}
	v->n_lines = n;
	return PB_OK;
}

static bool expandable(const struct node *x)
{
	return x->kind == N_SERIES || x->kind == N_VERSION ||
	       ((x->kind == N_PATCH || x->kind == N_COVER) && x->children > 0);
}

static char *tags_text(TALLOC_CTX *ctx, const pb_trailer_list_t *tl, const pb_trailer_list_t *carried)
{
	unsigned c[3] = {0}, carried_n = 0;
	char *s = talloc_strdup(ctx, "");
	for (size_t i = 0; i < tl->n; i++) {
		pb_trailer_kind_t k = pb_trailer_kind(tl->v[i].name);
		if (k != PB_TRAILER_KIND_NONE && !(tl->v[i].flags & PB_TRAILER_MISMATCH))
			c[k == PB_TRAILER_KIND_ACK ? 0 : k == PB_TRAILER_KIND_REVIEW ? 1 : 2]++;
	}
	for (size_t i = 0; carried && i < carried->n; i++)
		if (pb_trailer_kind(carried->v[i].name) != PB_TRAILER_KIND_NONE)
			carried_n++;
	for (int k = 0; k < 3; k++)
		if (c[k])
			s = talloc_asprintf_append(s, "%s%c%u", *s ? " " : "  ", "ART"[k], c[k]);
	if (carried_n)
		s = talloc_asprintf_append(s, "%s~%u", *s ? " " : "  ", carried_n);
	return s;
}

static char *reply_tags(TALLOC_CTX *ctx, const pb_msgrec_t *r)
{
	char *s = talloc_strdup(ctx, "");
	for (uint32_t i = 0; i < r->n_trailers; i++)
		if (pb_trailer_kind(r->trailers[i].name) != PB_TRAILER_KIND_NONE && !(r->trailers[i].flags & PB_TRAILER_MISMATCH))
			s = talloc_asprintf_append(s, "  %s", r->trailers[i].name);
	return s;
}

static const char *plural(unsigned n)
{
	return n == 1 ? "y" : "ies";
}

/* The quick run of the checks on version VI (what the index knows, no
 * mail read: cheap enough to draw), or NULL. */
static const pb_check_report_t *checks_of(tui_view_t *v, size_t vi)
{
	struct tree *t = v->priv;
	struct vinfo *info = &t->vi[vi];
	pb_check_opts_t o = {0};
	if (!info->checked && v->app->idx && t->set == v->app->set) {
		info->checked = true;
		o.profile = tui_app_profile(v->app);
		o.version = t->s->versions[vi];
		o.quick = true;
		if (o.profile && pb_check_series(t->vi, &info->checks, v->app->idx, t->s, &o, NULL) != PB_OK)
			info->checks = NULL;
	}
	return info->checks;
}

/* "  [E2]": the worst severity among the findings about patch INDEX (0:
 * the series; -1: all of the version) and how many have it. Notes are
 * left out, as in the list's column. */
static char *checks_text(TALLOC_CTX *ctx, const pb_check_report_t *r, int index, tui_role_t *role)
{
	*role = TUI_ROLE_DEFAULT;
	if (!r)
		return NULL;
	for (int sev = PB_SEV_COUNT; sev-- > PB_SEV_WARNING;) {
		size_t n = 0;
		if (index >= 0)
			n = pb_check_count_patch(r, index, (pb_severity_t)sev) -
			    (sev + 1 < PB_SEV_COUNT ? pb_check_count_patch(r, index, (pb_severity_t)(sev + 1)) : 0);
		else
			n = r->counts[sev];
		if (n) {
			*role = tui_severity_role((pb_severity_t)sev);
			return talloc_asprintf(ctx, "  [%c%zu]", "NWE"[sev], n);
		}
	}
	return NULL;
}

static void tree_draw(tui_view_t *v, tui_cells_t *c, int row, size_t i, unsigned attr)
{
	struct tree *t = v->priv;
	const struct node *x = &t->lines[i];
	const pb_version_t *ver = t->s->versions[x->vi];
	void *tmp = talloc_new(NULL);
	bool in_range = _tui_marks_in_range(v, t->marks, &marks_kind, i);
	int col = x->depth * 2, w = v->width;
	char *text;
	if (expandable(x))
		col += tui_cells_put(c, row, col, w - col, x->open ? "[-] " : "[+] ", TUI_ROLE_DIM, attr);
	else
		col += 4;
	switch (x->kind) {
	case N_SERIES: {
		const pb_person_t *a = &t->s->author;
		col += tui_cells_put_mail(c, row, col, w - col, t->s->title, TUI_ROLE_TREE_SERIES, attr);
		text = talloc_asprintf(tmp, "  %s, %s", *a->name ? a->name : a->email, pb_state_name(t->s->state));
		tui_cells_put_mail(c, row, col, w - col, text, TUI_ROLE_DIM, attr);
		break;
	}
	case N_VERSION: {
		unsigned a, r, te;
		pb_version_tag_counts(ver, &a, &r, &te);
		text = talloc_asprintf(tmp, "v%d%s%s", ver->version, (ver->flags & PB_VER_RFC) ? " RFC" : "",
				       (ver->flags & (PB_VER_RESEND | PB_VER_REPOST)) ? " RESEND" : "");
		col += tui_cells_put(c, row, col, w - col, text, TUI_ROLE_TREE_VERSION, attr);
		text = talloc_asprintf(tmp, "  %.10s  %u/%d  A%u R%u T%u  %u repl%s", tui_date(tmp, ver->date),
				       tui_version_received(ver), ver->total, a, r, te, x->children, plural(x->children));
		col += tui_cells_put(c, row, col, w - col, text, TUI_ROLE_DEFAULT, attr);
		if (ver->n_missing) {
			text = talloc_asprintf(tmp, "  %zu missing", ver->n_missing);
			col += tui_cells_put(c, row, col, w - col, text, TUI_ROLE_MISSING, attr);
		}
		if (ver->flags & PB_VER_APPLIED)
			col += tui_cells_put(c, row, col, w - col, "  applied", TUI_ROLE_STATE_DONE, attr);
		/* why it is a version of this series */
		if (ver->link_reason != PB_LINK_NONE) {
			text = talloc_asprintf(tmp, "  link: %s", pb_link_reason_name(ver->link_reason));
			col += tui_cells_put(c, row, col, w - col, text, TUI_ROLE_DIM, attr);
		}
		{
			tui_role_t role;
			char *chk = checks_text(tmp, checks_of(v, x->vi), -1, &role);
			if (chk)
				tui_cells_put(c, row, col, w - col, chk, role, attr);
		}
		break;
	}
	case N_COVER:
	case N_PATCH: {
		const pb_msgrec_t *rec = x->kind == N_COVER ? x->rec : x->p->rec;
		struct {
			char *text;
			tui_role_t role;
		} tail[5] = {{NULL, TUI_ROLE_DEFAULT}};
		int n = 0, tw = 0, room;
		/* what follows the title: kept on the screen, the title cut */
		if (x->kind == N_PATCH) {
			tail[n].text = tags_text(tmp, &x->p->trailers, &x->p->carried);
			tail[n++].role = TUI_ROLE_TAGS;
			if (x->p->inherited_from) {
				tail[n].text = talloc_asprintf(tmp, "  (kept from v%d)", x->p->inherited_from);
				tail[n++].role = TUI_ROLE_DIM;
			}
			if (PB_REC_PATCH_RSTATE(x->p->rec) >= 0 && PB_REC_PATCH_RSTATE(x->p->rec) < PB_RS_COUNT) {
				/* the patch's own state, set by hand (review.h) */
				tail[n].text = talloc_asprintf(
					tmp, "  [%s*]", pb_rstate_label((pb_rstate_t)PB_REC_PATCH_RSTATE(x->p->rec)));
				tail[n++].role = TUI_ROLE_PROMPT;
			}
		} else {
			tail[n].text = talloc_strdup(tmp, "  (cover)");
			tail[n++].role = TUI_ROLE_DIM;
		}
		if (x->children) {
			tail[n].text = talloc_asprintf(tmp, "  %u repl%s", x->children, plural(x->children));
			tail[n++].role = TUI_ROLE_TREE_REPLY;
		}
		tail[n].text = checks_text(tmp, checks_of(v, x->vi), x->kind == N_COVER ? 0 : x->index, &tail[n].role);
		n++;
		for (int k = 0; k < n; k++)
			tw += tail[k].text ? (int)pb_text_width(tail[k].text) : 0;
		text = talloc_asprintf(tmp, "%d/%d ", x->kind == N_COVER ? 0 : x->index, ver->total);
		col += tui_cells_put(c, row, col, w - col, text, TUI_ROLE_DIM, attr);
		/* marked, or to be marked by the open range: the title starts
		 * with "+ " (after n/N, which stays in line with the rows above
		 * and below) */
		if (x->kind == N_PATCH && (_tui_marks_has(t->marks, x->p->rec->msgid) || in_range))
			col += tui_cells_put(c, row, col, w - col, "+ ", TUI_ROLE_MARKED, attr);
		room = w - col - tw >= 20 ? w - col - tw : w - col;
		col += tui_cells_put_mail(c, row, col, room, rec->title, TUI_ROLE_TITLE_TEXT, attr);
		for (int k = 0; k < n; k++)
			if (tail[k].text)
				col += tui_cells_put(c, row, col, w - col, tail[k].text, tail[k].role, attr);
		break;
	}
	case N_MISSING:
		text = talloc_asprintf(tmp, "%d/%d (not received)", x->index, ver->total);
		tui_cells_put(c, row, col, w - col, text, TUI_ROLE_MISSING, attr);
		break;
	case N_REPLY: {
		const pb_person_t *p = &x->rec->sender;
		text = talloc_asprintf(tmp, "%s  %s", *p->name ? p->name : p->email, tui_date(tmp, x->rec->date));
		col += tui_cells_put_mail(c, row, col, w - col, text, TUI_ROLE_TREE_REPLY, attr);
		if (x->rec->rflags & PB_REC_DRAFT)
			col += tui_cells_put(c, row, col, w - col, "  draft, not sent (Enter takes it up)", TUI_ROLE_PROMPT,
					     attr);
		tui_cells_put(c, row, col, w - col, reply_tags(tmp, x->rec), TUI_ROLE_TRAILER, attr);
		break;
	}
	}
	/* a patch the open range will mark: the whole row, in colour or without */
	if (in_range)
		tui_cells_role(c, row, 0, w, TUI_ROLE_RANGE);
	talloc_free(tmp);
}

/* ---- expanding ------------------------------------------------------- */

static bool *open_flag(struct tree *t, const struct node *x)
{
	struct vinfo *vi = &t->vi[x->vi];
	switch (x->kind) {
	case N_SERIES: return &t->open;
	case N_VERSION: return &vi->open;
	case N_COVER: return &vi->cover_open;
	case N_PATCH: {
		const pb_version_t *ver = t->s->versions[x->vi];
		for (size_t k = 0; k < ver->n_patches; k++)
			if (ver->patches[k] == x->p)
				return &vi->patch_open[k];
		return NULL;
	}
	default: return NULL;
	}
}

static bool same_node(const struct node *a, const struct node *b)
{
	return a->kind == b->kind && a->vi == b->vi && a->p == b->p && a->rec == b->rec && a->index == b->index;
}

/* Rebuild the lines and put the cursor back on node KEEP. */
static void rebuild(tui_view_t *v, struct node keep)
{
	struct tree *t = v->priv;
	if (tree_recalc(v)) {
		tui_app_message(v->app, true, "out of memory");
		return;
	}
	for (size_t i = 0; i < v->n_lines; i++)
		if (same_node(&t->lines[i], &keep)) {
			tui_view_goto(v, i);
			return;
		}
	tui_view_goto(v, 0);
}

static size_t parent_of(const struct tree *t, size_t i)
{
	int d = t->lines[i].depth;
	while (i > 0 && t->lines[i].depth >= d)
		i--;
	return i;
}

static void set_all(struct tree *t, bool open)
{
	t->open = true;
	for (size_t i = 0; i < t->s->n_versions; i++) {
		t->vi[i].open = open;
		t->vi[i].cover_open = open;
		for (size_t k = 0; k < t->s->versions[i]->n_patches; k++)
			t->vi[i].patch_open[k] = open;
	}
}

static bool tree_key(tui_view_t *v, tui_action_t a)
{
	struct tree *t = v->priv;
	struct node x;
	bool *flag;
	if (!v->n_lines)
		return false;
	if (_tui_marks_range_key(v, t->marks, &marks_kind, a))
		return true;
	x = t->lines[v->cursor];
	flag = open_flag(t, &x);
	switch (a) {
	case TUI_ACT_OPEN:
		if (x.kind == N_COVER || x.kind == N_PATCH) {
			tui_app_push(v->app, tui_patch_new(v->app, t->set, t->s->versions[x.vi], x.pos));
		} else if (x.kind == N_REPLY && (x.rec->rflags & PB_REC_DRAFT)) {
			/* a reply of yours not sent yet: take it up */
			tui_draft_resume(v->app, x.rec->msgid);
		} else if (x.kind == N_REPLY) {
			tui_app_push(v->app, tui_thread_new(v->app, t->set, t->s->versions[x.vi], x.p, x.rec->msgid));
		} else if (x.kind == N_MISSING) {
			tui_app_message(v->app, true, "patch %d/%d was never received", x.index,
					t->s->versions[x.vi]->total);
		} else if (flag) {
			*flag = !*flag;
			rebuild(v, x);
		}
		return true;
	case TUI_ACT_TOGGLE:
	case TUI_ACT_EXPAND:
		if (flag && expandable(&x)) {
			*flag = a == TUI_ACT_TOGGLE ? !*flag : true;
			rebuild(v, x);
		}
		return true;
	case TUI_ACT_COLLAPSE:
		if (flag && expandable(&x) && *flag) {
			*flag = false;
			rebuild(v, x);
		} else if (x.depth > 0) {
			/* on a leaf or a closed item: close the item it is in */
			struct node p = t->lines[parent_of(t, v->cursor)];
			bool *pf = open_flag(t, &p);
			if (pf)
				*pf = false;
			rebuild(v, p);
		}
		return true;
	case TUI_ACT_EXPAND_ALL:
	case TUI_ACT_COLLAPSE_ALL:
		set_all(t, a == TUI_ACT_EXPAND_ALL);
		rebuild(v, x);
		return true;
	case TUI_ACT_THREAD: {
		const pb_version_t *ver = t->s->versions[x.vi];
		if (x.kind == N_PATCH || x.kind == N_REPLY)
			tui_app_push(v->app, tui_thread_new(v->app, t->set, ver, x.p, x.kind == N_REPLY ? x.rec->msgid : NULL));
		else if (x.kind == N_COVER || x.kind == N_VERSION)
			tui_app_push(v->app, tui_thread_new(v->app, t->set, ver, NULL, NULL));
		else
			tui_app_message(v->app, true, "no discussion here: pick a patch, the cover or a reply");
		return true;
	}
	case TUI_ACT_REPLY:
	case TUI_ACT_REPLY_ACK:
	case TUI_ACT_REPLY_REVIEW:
	case TUI_ACT_REPLY_TEST: {
		const pb_version_t *ver = t->s->versions[x.kind == N_SERIES ? t->s->n_versions - 1 : x.vi];
		if (a != TUI_ACT_REPLY && t->marks->n) {
			_tui_marks_reply(v, t->marks, t->s, a);
			return true;
		}
		const pb_msgrec_t *to = x.kind == N_PATCH ? x.p->rec
				      : x.kind == N_COVER || x.kind == N_REPLY ? x.rec
				      : ver->cover ? ver->cover : ver->root;
		if (x.kind == N_MISSING)
			tui_app_message(v->app, true, "patch %d/%d was never received", x.index, ver->total);
		else
			tui_reply_start(v->app, to->msgid, (pb_reply_kind_t)tui_reply_kind(a));
		return true;
	}
	case TUI_ACT_APPLY:
	case TUI_ACT_UNDO_APPLY:
	case TUI_ACT_NOTIFY: {
		const pb_version_t *ver = x.kind == N_SERIES ? NULL : t->s->versions[x.vi];
		if (a == TUI_ACT_APPLY)
			tui_apply_start(v->app, t->s, ver);
		else if (a == TUI_ACT_UNDO_APPLY)
			tui_apply_undo_start(v->app, t->s, ver);
		else
			tui_notify_start(v->app, t->s, ver);
		return true;
	}
	case TUI_ACT_CHECKS:
		tui_app_push(v->app, tui_checks_new(v->app, t->s->versions[x.kind == N_SERIES ? t->s->n_versions - 1 : x.vi]));
		return true;
	case TUI_ACT_JOIN_SERIES:
		tui_join_series(v->app, t->s);
		return true;
	case TUI_ACT_MARK:
		if (x.kind != N_PATCH)
			tui_app_message(v->app, true, "the tree marks patches: put the cursor on one (the list marks series)");
		else if (x.p->inherited_from)
			tui_app_message(v->app, true, "patch %d is v%d's, kept in this version: mark it there", x.index,
					x.p->inherited_from);
		else
			_tui_marks_toggle(v, t->marks, &marks_kind, x.p->rec->msgid);
		return true;
	case TUI_ACT_UNMARK_ALL:
		_tui_marks_clear(v, t->marks, &marks_kind);
		return true;
	case TUI_ACT_SET_STATE:
		/* the marked patches, each its own; on a patch: its own state;
		 * elsewhere the series' */
		if (t->marks->n)
			tui_patch_state_ask_ids(v->app, _tui_marks_ids(t->marks), t->marks->n, v);
		else if (x.kind == N_PATCH)
			tui_patch_state_ask(v->app, x.p->rec->msgid, v);
		else
			tui_state_ask(v->app, t->s, v);
		return true;
	case TUI_ACT_UNDO_STATE:
		tui_state_undo(v->app);
		return true;
	case TUI_ACT_SPLIT_VERSION:
		tui_split_version(v->app, t->s, x.kind == N_SERIES ? NULL : t->s->versions[x.vi]);
		return true;
	case TUI_ACT_INTERDIFF:
	case TUI_ACT_INTERDIFF_VERSIONS: {
		const pb_version_t *ver = x.kind == N_SERIES ? NULL : t->s->versions[x.vi];
		int focus = 0;
		for (size_t k = 0; x.kind == N_PATCH && k < ver->n_patches; k++)
			if (ver->patches[k] == x.p)
				focus = (int)k + 1;
		if (a == TUI_ACT_INTERDIFF)
			tui_interdiff_default(v->app, t->s, ver, focus);
		else if (ver && x.vi > 0)
			tui_interdiff_ask(v->app, t->s, t->s->versions[x.vi - 1]->version, ver->version);
		else
			tui_interdiff_ask(v->app, t->s, 0, 0);
		return true;
	}
	default:
		return false;
	}
}

static char *tree_title(tui_view_t *v, TALLOC_CTX *ctx)
{
	struct tree *t = v->priv;
	return talloc_asprintf(ctx, "series: %s", t->s->title);
}

static char *tree_status(tui_view_t *v, TALLOC_CTX *ctx)
{
	struct tree *t = v->priv;
	const pb_version_t *ver = pb_series_latest(t->s);
	pb_triage_t tr;
	/* the parts after the range and the marks; when the line is wider
	 * than the status line, they give way whole ("…" where they went) in
	 * this order: the count of versions, the state, the latest version,
	 * so that the range, the marks and who it waits on stay at 80 columns */
	tui_status_part_t part[4] = {{NULL, 1}, {NULL, 3}, {NULL, 2}, {NULL, 0}};
	char *head = talloc_asprintf(ctx, "%s%s", _tui_marks_range_status(ctx, v, t->marks, &marks_kind),
				     t->marks->n ? talloc_asprintf(ctx, "%zu marked | ", t->marks->n) : "");
	part[0].text = talloc_asprintf(ctx, "%zu version%s", t->s->n_versions, t->s->n_versions == 1 ? "" : "s");
	part[1].text = talloc_asprintf(ctx, "latest v%d: %u/%d patches", ver->version, tui_version_received(ver),
				       ver->total);
	part[2].text = talloc_strdup(ctx, pb_state_name(t->s->state));
	if (pb_triage_series(t->set, t->s, &tr) == PB_OK)
		part[3].text = talloc_asprintf(ctx, "waits on %s", pb_wait_label(tr.waits_on));
	if (!part[0].text || !part[1].text || !part[2].text)
		return NULL;
	return tui_app_status_fit(v->app, ctx, head, "", part, 4, "");
}

static void tree_detach(tui_view_t *v);
static bool tree_reload(tui_view_t *v);

/* A message line: that message; a version line: the version; the series
 * line: its latest version. */
static bool tree_at(tui_view_t *v, const char **msgid, const pb_version_t **ver)
{
	struct tree *t = v->priv;
	struct node x;
	if (!v->n_lines || v->cursor >= v->n_lines || !t->s->n_versions)
		return false;
	x = t->lines[v->cursor];
	*ver = t->s->versions[x.kind == N_SERIES ? t->s->n_versions - 1 : x.vi];
	*msgid = x.kind == N_PATCH ? x.p->rec->msgid : x.kind == N_COVER || x.kind == N_REPLY ? x.rec->msgid : NULL;
	return true;
}

static const tui_view_ops_t tree_ops = {
	.name = "series tree",
	.keymap = TUI_KM_TREE,
	.recalc = tree_recalc,
	.draw = tree_draw,
	.key = tree_key,
	.title = tree_title,
	.status = tree_status,
	.detach = tree_detach,
	.reload = tree_reload,
	.at = tree_at,
};

static bool load_replies(struct tree *t, size_t vi)
{
	const pb_version_t *ver = t->s->versions[vi];
	struct vinfo *info = &t->vi[vi];
	void *owner = t->vi; /* a reload frees the old array with all of it */
	if (pb_series_version_replies(t->set, ver, owner, &info->replies, &info->n) != PB_OK)
		info->n = 0;
	info->vnum = ver->version;
	info->to = talloc_zero_array(owner, const pb_patch_t *, info->n ? info->n : 1);
	info->patch_open = talloc_zero_array(owner, bool, ver->n_patches ? ver->n_patches : 1);
	info->patch_index = talloc_zero_array(owner, int, ver->n_patches ? ver->n_patches : 1);
	info->n_patches = ver->n_patches;
	if (!info->to || !info->patch_open || !info->patch_index)
		return false;
	for (size_t k = 0; k < ver->n_patches; k++)
		info->patch_index[k] = ver->patches[k]->index;
	for (size_t i = 0; i < info->n; i++) {
		pb_patch_t *p = NULL;
		pb_series_set_find(t->set, info->replies[i]->msgid, NULL, NULL, &p);
		info->to[i] = p;
	}
	return true;
}

/* Take series S of SET: the replies of each version, and what was open
 * before (by version number and patch index) when OLD is given. */
static bool tree_take(struct tree *t, const pb_series_set_t *set, const pb_series_t *s, const struct vinfo *old,
		      size_t n_old)
{
	struct vinfo *vi = talloc_zero_array(t, struct vinfo, s->n_versions ? s->n_versions : 1);
	if (!vi)
		return false;
	t->set = set;
	t->s = s;
	t->vi = vi;
	t->n_vi = s->n_versions;
	for (size_t i = 0; i < s->n_versions; i++) {
		if (!load_replies(t, i))
			return false;
		for (size_t o = 0; o < n_old; o++) {
			if (old[o].vnum != vi[i].vnum)
				continue;
			vi[i].open = old[o].open;
			vi[i].cover_open = old[o].cover_open;
			for (size_t k = 0; k < vi[i].n_patches; k++)
				for (size_t j = 0; j < old[o].n_patches; j++)
					if (old[o].patch_index[j] == vi[i].patch_index[k])
						vi[i].patch_open[k] = old[o].patch_open[j];
		}
	}
	return true;
}

static void tree_detach(tui_view_t *v)
{
	struct tree *t = v->priv;
	const struct node *x = v->cursor < v->n_lines ? &t->lines[v->cursor] : NULL;
	talloc_free(t->keep);
	t->keep = talloc_zero(t, struct where);
	if (!t->keep || !x)
		return;
	t->keep->kind = x->kind;
	t->keep->vnum = t->vi[x->vi].vnum;
	t->keep->index = x->index;
	if (x->kind == N_REPLY)
		t->keep->msgid = talloc_strdup(t->keep, x->rec->msgid);
}

static bool tree_reload(tui_view_t *v)
{
	struct tree *t = v->priv;
	struct vinfo *old = t->vi;
	size_t n_old = t->n_vi;
	pb_series_t *s;
	struct where *w = t->keep;
	if (pb_index_find(v->app->idx, t->sid, &s, NULL, NULL) != PB_OK)
		return false;
	t->keep = NULL;
	if (!tree_take(t, v->app->set, s, old, n_old) || tree_recalc(v)) {
		talloc_free(w);
		talloc_free(old);
		return false;
	}
	talloc_free(old);
	_tui_marks_range_find(v, t->marks, &marks_kind);
	v->cursor = 0;
	for (size_t i = 0; w && i < v->n_lines; i++) {
		const struct node *x = &t->lines[i];
		if (x->kind == w->kind && t->vi[x->vi].vnum == w->vnum && x->index == w->index &&
		    (x->kind != N_REPLY || (w->msgid && strcmp(x->rec->msgid, w->msgid) == 0))) {
			v->cursor = i;
			break;
		}
	}
	talloc_free(w);
	return true;
}

tui_view_t *tui_tree_new(tui_app_t *app, const pb_series_set_t *set, const pb_series_t *s)
{
	struct tree *t = talloc_zero(NULL, struct tree);
	tui_view_t *v;
	if (!t)
		return NULL;
	t->open = true;
	t->sid = talloc_strdup(t, s->id);
	t->marks = _tui_marks_new(t);
	if (!t->sid || !t->marks || !tree_take(t, set, s, NULL, 0))
		goto fail;
	if (s->n_versions)
		t->vi[s->n_versions - 1].open = true;
	if (!(v = tui_view_new(app, &tree_ops, t)))
		goto fail;
	if (tree_recalc(v) == PB_OK) {
		/* the cursor on the latest version */
		for (size_t i = 0; i < v->n_lines; i++)
			if (t->lines[i].kind == N_VERSION && t->lines[i].vi + 1 == s->n_versions)
				v->cursor = i;
	}
	return v;
fail:
	talloc_free(t);
	tui_app_message(app, true, "out of memory");
	return NULL;
}
