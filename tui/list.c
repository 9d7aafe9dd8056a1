/* list.c: the series list, the triage queue. One row per series. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "patchbay/check.h"
#include "patchbay/review.h"
#include "patchbay/store.h"
#include "patchbay/text.h"
#include "patchbay/triage.h"
#include "tui/marks.h"
#include "tui/views.h"

/* X(ID, title, width (0: computed), right-aligned) */
#define LIST_COLUMNS(X)                     \
	X(STATE, "State", 10, false)        \
	X(VERSION, "Ver", 3, false)         \
	X(RECEIVED, "Rcv", 0, true)         \
	X(ACKED, "A", 0, true)              \
	X(REVIEWED, "R", 0, true)           \
	X(TESTED, "T", 0, true)             \
	X(CHECKS, "Chk", 0, false)          \
	X(NEW, "New", 0, true)              \
	X(AGE, "Age", 4, true)              \
	X(WAITS, "Waits", 6, false)         \
	X(AUTHOR, "Author", 0, false)       \
	X(TITLE, "Title", 0, false)

enum {
#define LIST_X_ENUM(id, title, width, right) COL_##id,
	LIST_COLUMNS(LIST_X_ENUM)
#undef LIST_X_ENUM
	NCOL
};

static const struct {
	const char *title;
	int width;
	bool right;
} columns[] = {
#define LIST_X_ROW(id, title, width, right) {title, width, right},
	LIST_COLUMNS(LIST_X_ROW)
#undef LIST_X_ROW
};

/* What one row shows: built from the model when first drawn. */
typedef struct tui_row {
	char *text[NCOL];
	tui_role_t role[NCOL];
} tui_row_t;

enum sort_key { SORT_ACTIVITY, SORT_DATE, SORT_TITLE, SORT_AUTHOR, SORT_STATE, SORT_QUEUE, SORT_COUNT };
static const char *const sort_names[] = {"activity", "date", "title", "author", "state", "queue"};

struct list {
	pb_series_t **base;  /* the series the query matches, in the set's order */
	size_t n_base;
	pb_series_t **rows;  /* shown: base without hidden ones, sorted */
	bool filter_pending; /* a query whose answer has not come yet */
	enum sort_key sort;
	bool reverse, hide_done;
	int width[NCOL];
	int gap[NCOL]; /* blanks after each column */
	/* the rows as drawn, each made when first drawn after a recalc (the
	 * checks and the triage read the series' mail): painting again
	 * costs nothing. On FILLED, freed by the next recalc or reload. */
	TALLOC_CTX *filled;
	tui_row_t *row;         /* [n_lines], on filled */
	uint8_t *ready;         /* [n_lines], on filled */
	char *keep;             /* the selected series while the index refreshes */
	tui_marks_t *marks;     /* the marked series, kept across refreshes and queries */
};


unsigned tui_version_received(const pb_version_t *v)
{
	unsigned n = 0;
	for (size_t i = 0; i < v->n_patches; i++)
		if (!v->patches[i]->inherited_from)
			n++;
	return n;
}

tui_role_t tui_state_role(pb_state_t st)
{
	switch (st) {
	case PB_STATE_NEW: return TUI_ROLE_STATE_NEW;
	case PB_STATE_DISCUSSED: return TUI_ROLE_STATE_DISCUSSED;
	case PB_STATE_REVIEWED: return TUI_ROLE_STATE_REVIEWED;
	case PB_STATE_ACKED: return TUI_ROLE_STATE_ACKED;
	case PB_STATE_INCOMPLETE: return TUI_ROLE_STATE_INCOMPLETE;
	case PB_STATE_APPLIED:
	case PB_STATE_MERGED: return TUI_ROLE_STATE_DONE;
	case PB_STATE_PULL: return TUI_ROLE_STATE_PULL;
	default: return TUI_ROLE_DEFAULT;
	}
}

/* The check status of a series: a quick run of the checks on its latest
 * version (no mail read), the worst severity and how many: "E2", "W1",
 * "ok". Empty until the index is built (partial results have none). */
static char *checks_text(TALLOC_CTX *ctx, tui_view_t *v, const pb_series_t *s, tui_role_t *role)
{
	tui_app_t *app = v->app;
	const pb_profile_t *profile;
	unsigned n[PB_SEV_COUNT];
	*role = TUI_ROLE_DIM;
	if (!app->idx || !(profile = tui_app_profile(app)))
		return talloc_strdup(ctx, "");
	if (pb_check_summary(n, app->idx, s, profile))
		return talloc_strdup(ctx, "?");
	if (n[PB_SEV_ERROR]) {
		*role = TUI_ROLE_CHECK_ERROR;
		return talloc_asprintf(ctx, "E%u", n[PB_SEV_ERROR]);
	}
	if (n[PB_SEV_WARNING]) {
		*role = TUI_ROLE_CHECK_WARNING;
		return talloc_asprintf(ctx, "W%u", n[PB_SEV_WARNING]);
	}
	return talloc_strdup(ctx, "ok");
}

/* The colour of a review state set by hand. */
static tui_role_t review_role(pb_rstate_t st)
{
	switch (st) {
	case PB_RS_NEW: return TUI_ROLE_STATE_NEW;
	case PB_RS_REVIEW: return TUI_ROLE_STATE_DISCUSSED;
	case PB_RS_CHANGES: return TUI_ROLE_STATE_INCOMPLETE;
	case PB_RS_ACKED: return TUI_ROLE_STATE_ACKED;
	case PB_RS_QUEUED:
	case PB_RS_ACCEPTED: return TUI_ROLE_STATE_DONE;
	default: return TUI_ROLE_DIM;
	}
}

static tui_role_t waits_role(pb_wait_t w)
{
	switch (w) {
	case PB_WAIT_AUTHOR: return TUI_ROLE_WAITS_AUTHOR;
	case PB_WAIT_REVIEWERS: return TUI_ROLE_WAITS_REVIEW;
	case PB_WAIT_MAINTAINER: return TUI_ROLE_WAITS_MAINT;
	default: return TUI_ROLE_DIM;
	}
}

static char *count_text(TALLOC_CTX *ctx, unsigned n, tui_role_t *role)
{
	*role = n ? TUI_ROLE_TAGS : TUI_ROLE_DIM;
	return n ? talloc_asprintf(ctx, "%u", n) : talloc_strdup(ctx, "-");
}

static void row_fill(tui_row_t *row, TALLOC_CTX *ctx, tui_view_t *view, const pb_series_t *s)
{
	const tui_app_t *app = view->app;
	const pb_version_t *v = pb_series_latest(s);
	const pb_person_t *who = &s->author;
	unsigned a, r, t;
	pb_triage_t tr;
	pb_rstate_t rv;
	for (int i = 0; i < NCOL; i++)
		row->role[i] = TUI_ROLE_DEFAULT;
	pb_version_tag_counts(v, &a, &r, &t);
	if (pb_review_snoozed(v, app->now, NULL)) {
		/* asleep: out of the queue, hidden with what is done */
		row->text[COL_STATE] = talloc_strdup(ctx, "snoozed");
		row->role[COL_STATE] = TUI_ROLE_DIM;
	} else if (pb_review_by_hand(v, &rv)) {
		/* set by hand: its short label, marked so; else the mail's */
		row->text[COL_STATE] = talloc_asprintf(ctx, "%s*", pb_rstate_label(rv));
		row->role[COL_STATE] = review_role(rv);
	} else {
		row->text[COL_STATE] = talloc_strdup(ctx, pb_state_name(s->state));
		row->role[COL_STATE] = tui_state_role(s->state);
	}
	row->text[COL_VERSION] = talloc_asprintf(ctx, "v%d", v->version);
	row->text[COL_RECEIVED] = talloc_asprintf(ctx, "%u/%d", tui_version_received(v), v->total);
	if (v->n_missing)
		row->role[COL_RECEIVED] = TUI_ROLE_MISSING;
	row->text[COL_ACKED] = count_text(ctx, a, &row->role[COL_ACKED]);
	row->text[COL_REVIEWED] = count_text(ctx, r, &row->role[COL_REVIEWED]);
	row->text[COL_TESTED] = count_text(ctx, t, &row->role[COL_TESTED]);
	row->text[COL_CHECKS] = checks_text(ctx, view, s, &row->role[COL_CHECKS]);
	{
		pb_unread_t u;
		pb_series_unread(&u, app->set, s);
		unsigned cap = view->width < 100 ? 99 : 999;
		row->text[COL_NEW] = u.messages ? talloc_asprintf(ctx, "+%u", u.messages > cap ? cap : u.messages)
						: talloc_strdup(ctx, "");
		row->role[COL_NEW] = u.new_version ? TUI_ROLE_NEW_VERSION : TUI_ROLE_UNREAD;
	}
	row->text[COL_AGE] = tui_age(ctx, s->last_activity, app->now);
	row->role[COL_AGE] = TUI_ROLE_DIM;
	if (pb_triage_series(app->set, s, &tr) == PB_OK) {
		row->text[COL_WAITS] = talloc_strdup(ctx, pb_wait_label(tr.waits_on));
		row->role[COL_WAITS] = waits_role(tr.waits_on);
	} else {
		row->text[COL_WAITS] = talloc_strdup(ctx, "?");
	}
	row->text[COL_AUTHOR] = talloc_strdup(ctx, *who->name ? who->name : who->email);
	row->role[COL_AUTHOR] = TUI_ROLE_AUTHOR;
	/* (a mark is drawn over it: list_draw) */
	row->text[COL_TITLE] = talloc_asprintf(ctx, "%s%s", (v->flags & PB_VER_RFC) ? "RFC " : "", s->title);
	row->role[COL_TITLE] = TUI_ROLE_TITLE_TEXT;
}

/* ---- filter and sort ------------------------------------------------- */

/* Nothing left to do: applied or merged, or set by hand to a state that
 * ends review (queued, accepted, rejected, superseded, not applicable). */
static bool is_done(const pb_series_t *s, int64_t now)
{
	pb_rstate_t st;
	if (s->state == PB_STATE_APPLIED || s->state == PB_STATE_MERGED ||
	    pb_review_snoozed(pb_series_latest(s), now, NULL))
		return true;
	if (!pb_review_by_hand(pb_series_latest(s), &st))
		return false;
	switch (st) {
	case PB_RS_QUEUED:
	case PB_RS_ACCEPTED:
	case PB_RS_REJECTED:
	case PB_RS_SUPERSEDED:
	case PB_RS_NA: return true;
	default: return false;
	}
}

static int cmp_rows(const void *pa, const void *pb, void *ud)
{
	const pb_series_t *a = *(pb_series_t *const *)pa, *b = *(pb_series_t *const *)pb;
	const struct list *l = ud;
	int c = 0;
	switch (l->sort) {
	case SORT_ACTIVITY:
		c = a->last_activity > b->last_activity ? -1 : a->last_activity < b->last_activity;
		break;
	case SORT_DATE: {
		int64_t da = pb_series_latest(a)->date, db = pb_series_latest(b)->date;
		c = da > db ? -1 : da < db;
		break;
	}
	case SORT_TITLE: c = strcasecmp(a->title, b->title); break;
	case SORT_AUTHOR:
		c = strcasecmp(*a->author.name ? a->author.name : a->author.email,
			       *b->author.name ? b->author.name : b->author.email);
		break;
	case SORT_STATE: c = (int)a->state - (int)b->state; break;
	default: break;
	}
	if (c == 0)
		c = a->last_activity > b->last_activity ? -1 : a->last_activity < b->last_activity;
	if (c == 0)
		c = strcmp(a->id, b->id);
	return l->reverse ? -c : c;
}

static void compute_widths(tui_view_t *v)
{
	struct list *l = v->priv;
	int fixed = 0, rest;
	for (int i = 0; i < NCOL; i++)
		l->width[i] = columns[i].width ? columns[i].width : (int)strlen(columns[i].title);
	/* the checks need the index: no column before it */
	l->width[COL_CHECKS] = v->app->idx && !v->app->no_profile ? 3 : 0;
	/* read state: a column only while some series has mail not read */
	l->width[COL_NEW] = 0;
	for (size_t i = 0; i < v->n_lines; i++) {
		pb_unread_t u;
		pb_series_unread(&u, v->app->set, l->rows[i]);
		if (u.messages) {
			/* "+99" below 100 columns, "+999" above: more is capped */
			l->width[COL_NEW] = v->width < 100 ? 3 : 4;
			break;
		}
	}
	for (size_t i = 0; i < v->n_lines; i++) {
		const pb_version_t *ver = pb_series_latest(l->rows[i]);
		unsigned c[3];
		char buf[32];
		int w;
		pb_version_tag_counts(ver, &c[0], &c[1], &c[2]);
		w = snprintf(buf, sizeof(buf), "%u/%d", tui_version_received(ver), ver->total);
		if (w > l->width[COL_RECEIVED])
			l->width[COL_RECEIVED] = w;
		for (int k = 0; k < 3; k++) {
			w = snprintf(buf, sizeof(buf), "%u", c[k]);
			if (w > l->width[COL_ACKED + k])
				l->width[COL_ACKED + k] = w;
		}
		w = snprintf(buf, sizeof(buf), "v%d", ver->version);
		if (w > l->width[COL_VERSION])
			l->width[COL_VERSION] = w;
	}
	for (int i = 0; i < NCOL; i++)
		l->gap[i] = 1;
	/* Laid out for 80 columns first: below 100, who it waits on is its
	 * first letter (a, r, m; the help and the tree spell it out), one-digit
	 * tag counts stand side by side under "ART", and the author gets a
	 * quarter of the room: the title gets the rest. */
	bool narrow = v->width < 100;
	if (narrow) {
		l->width[COL_WAITS] = 1;
		if (l->width[COL_ACKED] == 1 && l->width[COL_REVIEWED] == 1 && l->width[COL_TESTED] == 1)
			l->gap[COL_ACKED] = l->gap[COL_REVIEWED] = 0;
	}
	for (int i = 0; i < NCOL; i++)
		if (i != COL_AUTHOR && i != COL_TITLE && l->width[i])
			fixed += l->width[i] + l->gap[i];
	rest = v->width - fixed;
	if (narrow)
		l->width[COL_AUTHOR] = rest / 4 < 8 ? 8 : (rest / 4 > 12 ? 12 : rest / 4);
	else
		l->width[COL_AUTHOR] = rest * 3 / 10 < 8 ? 8 : (rest * 3 / 10 > 20 ? 20 : rest * 3 / 10);
	l->width[COL_TITLE] = rest - l->width[COL_AUTHOR] - 1;
	if (l->width[COL_TITLE] < 0)
		l->width[COL_TITLE] = 0;
}

/* The rows are to be made again (another set, sort, width or clock). */
static void forget_rows(struct list *l)
{
	TALLOC_FREE(l->filled);
	l->row = NULL;
	l->ready = NULL;
}

static void apply_view(tui_view_t *v)
{
	struct list *l = v->priv;
	size_t k = 0;
	forget_rows(l);
	talloc_free(l->rows);
	l->rows = talloc_array(l, pb_series_t *, l->n_base ? l->n_base : 1);
	if (!l->rows) {
		v->n_lines = 0;
		return;
	}
	for (size_t i = 0; i < l->n_base; i++) {
		if (l->hide_done && is_done(l->base[i], v->app->now))
			continue;
		l->rows[k++] = l->base[i];
	}
	if (l->sort == SORT_QUEUE && k) {
		/* the queue's order (triage.h), settled series too, last */
		pb_queue_item_t *q;
		size_t nq;
		if (pb_queue_build(&q, &nq, l, v->app->set, l->rows, k, PB_QUEUE_BY_AGE, PB_QUEUE_ALL) == PB_OK) {
			size_t w = 0;
			for (int pass = 0; pass < 2; pass++)
				for (size_t i = 0; i < nq; i++) {
					pb_rstate_t st = q[i].review.state;
					bool open = st == PB_RS_NEW || st == PB_RS_REVIEW || st == PB_RS_CHANGES ||
						    st == PB_RS_ACKED;
					if (open == (pass == 0))
						l->rows[w++] = q[i].series;
				}
			talloc_free(q);
			if (l->reverse)
				for (size_t i = 0; i < w / 2; i++) {
					pb_series_t *t = l->rows[i];
					l->rows[i] = l->rows[w - 1 - i];
					l->rows[w - 1 - i] = t;
				}
		}
	} else if (l->sort != SORT_ACTIVITY || l->reverse) {
		qsort_r(l->rows, k, sizeof(*l->rows), cmp_rows, l);
	}
	v->n_lines = k;
	v->dirty = true;
}

static const char *row_id(tui_view_t *v, size_t i)
{
	struct list *l = v->priv;
	return l->rows && i < v->n_lines ? l->rows[i]->id : NULL;
}

static const tui_marks_kind_t marks_kind = {
	"series", "series", "set-state, apply, ack and snooze act on all of them", row_id};

static const char *selected_id(tui_view_t *v)
{
	return row_id(v, v->cursor);
}

static void keep_cursor(tui_view_t *v, char *id)
{
	struct list *l = v->priv;
	if (!id)
		return;
	for (size_t i = 0; i < v->n_lines; i++)
		if (strcmp(l->rows[i]->id, id) == 0) {
			tui_view_goto(v, i);
			return;
		}
}

void tui_list_reload(tui_view_t *v)
{
	struct list *l = v->priv;
	tui_app_t *app = v->app;
	/* after detach() the rows are gone: the id was kept aside */
	char *keep = l->keep ? l->keep : selected_id(v) ? talloc_strdup(NULL, selected_id(v)) : NULL;
	pb_error_t err = {0};
	l->keep = NULL;
	talloc_free(l->base);
	l->base = NULL;
	l->n_base = 0;
	l->filter_pending = false;
	if (!app->set) {
		/* nothing read yet */
	} else if (app->idx) {
		if (pb_index_query(app->idx, l, app->query, &l->base, &l->n_base, &err))
			tui_app_message(app, true, "%s", pb_error_msg(&err));
	} else if (!app->query) {
		l->base = talloc_memdup(l, app->set->v, (app->set->n ? app->set->n : 1) * sizeof(*app->set->v));
		l->n_base = l->base ? app->set->n : 0;
	} else if (app->match) {
		if (pb_match_series(app->match, app->set, l, &l->base, &l->n_base))
			tui_app_message(app, true, "out of memory");
	} else {
		l->filter_pending = true;
	}
	apply_view(v);
	keep_cursor(v, keep);
	talloc_free(keep);
	_tui_marks_range_find(v, l->marks, &marks_kind);
}

/* ---- the vtable ------------------------------------------------------ */

static int list_recalc(tui_view_t *v)
{
	forget_rows(v->priv);
	compute_widths(v);
	return PB_OK;
}

/* Row I as drawn: made once after each recalc; NULL when out of memory. */
static const tui_row_t *filled_row(tui_view_t *v, size_t i)
{
	struct list *l = v->priv;
	if (!l->filled) {
		if (!(l->filled = talloc_new(l)))
			return NULL;
		l->row = talloc_array(l->filled, tui_row_t, v->n_lines ? v->n_lines : 1);
		l->ready = talloc_zero_array(l->filled, uint8_t, v->n_lines ? v->n_lines : 1);
		if (!l->row || !l->ready) {
			forget_rows(l);
			return NULL;
		}
	}
	if (i >= talloc_array_length(l->ready))
		return NULL;
	if (!l->ready[i]) {
		row_fill(&l->row[i], l->filled, v, l->rows[i]);
		l->ready[i] = 1;
	}
	return &l->row[i];
}

static void put_col(tui_cells_t *c, int row, int *x, int w, int gap, bool right, const char *text,
		    tui_role_t role, unsigned attr, bool mail)
{
	int tw = (int)pb_text_width(text);
	int off = right && tw < w ? w - tw : 0;
	if (w <= 0)
		return;
	if (mail)
		tui_cells_put_mail(c, row, *x + off, w - off, text, role, attr);
	else
		tui_cells_put(c, row, *x + off, w - off, text, role, attr);
	*x += w + gap;
}

static void list_draw(tui_view_t *v, tui_cells_t *c, int row, size_t i, unsigned attr)
{
	struct list *l = v->priv;
	const tui_row_t *r = filled_row(v, i);
	char *marked = NULL;
	bool in_range = _tui_marks_in_range(v, l->marks, &marks_kind, i);
	int x = 0;
	if (!r)
		return; /* (out of memory: a blank row) */
	/* a marked title starts with "+ ", and one the open range will mark */
	if (in_range || _tui_marks_has(l->marks, l->rows[i]->id))
		marked = talloc_asprintf(NULL, "+ %s", r->text[COL_TITLE] ? r->text[COL_TITLE] : "");
	for (int k = 0; k < NCOL; k++) {
		bool mark = k == COL_TITLE && marked;
		put_col(c, row, &x, l->width[k], l->gap[k], columns[k].right,
			mark ? marked : r->text[k] ? r->text[k] : "", mark ? TUI_ROLE_MARKED : r->role[k], attr,
			k == COL_AUTHOR || k == COL_TITLE);
	}
	talloc_free(marked);
	/* the whole row, in colour or without */
	if (in_range)
		tui_cells_role(c, row, 0, v->width, TUI_ROLE_RANGE);
}

static void list_header(tui_view_t *v, tui_cells_t *c, int row)
{
	struct list *l = v->priv;
	int x = 0;
	tui_cells_fill(c, row, 0, c->cols, TUI_ROLE_HEADER, 0);
	for (int k = 0; k < NCOL; k++)
		put_col(c, row, &x, l->width[k], l->gap[k], columns[k].right, columns[k].title, TUI_ROLE_HEADER, 0,
			false);
}

static void query_done(tui_app_t *app, tui_view_t *v, const char *text)
{
	pb_error_t err = {0};
	const char *q = *text && strcmp(text, "*") ? text : NULL;
	if (q && app->idx) {
		pb_series_t **res;
		size_t n;
		/* try it first: a bad query keeps the list as it was */
		if (pb_index_query(app->idx, NULL, q, &res, &n, &err)) {
			tui_app_message(app, true, "%s", pb_error_msg(&err));
			return;
		}
		talloc_free(res);
	} else if (q) {
		pb_match_t *m;
		if (pb_match_query(app, &m, &app->iopts, q, &err)) {
			tui_app_message(app, true, "%s", pb_error_msg(&err));
			return;
		}
		tui_app_set_match(app, m);
	}
	talloc_free(app->query);
	app->query = q ? talloc_strdup(app, q) : NULL;
	tui_list_reload(v);
	tui_view_goto(v, 0);
}

/* Open S in the tree, and take notmuch's "unread" off its messages: it
 * has been seen (the list's +N goes). */
static void open_series(tui_view_t *v, pb_series_t *s)
{
	tui_app_t *app = v->app;
	const char **ids = NULL;
	size_t n = 0;
	char *id = talloc_strdup(NULL, s->id);
	pb_error_t err = {0};
	if (app->idx && id && pb_series_unread_ids(&ids, &n, id, app->set, s) == PB_OK && n) {
		tui_app_store_begin(app);
		if (pb_store_tag(app->idx, ids, n, "-" PB_TAG_UNREAD, &err) != PB_OK)
			tui_app_message(app, true, "read state: %s", pb_error_msg(&err));
		tui_app_store_end(app);
		/* (the model was made again: the series is looked up anew) */
		s = NULL;
		if (pb_index_find(app->idx, id, &s, NULL, NULL) != PB_OK)
			s = NULL;
	}
	if (s)
		tui_app_push(app, tui_tree_new(app, app->set, s));
	talloc_free(id);
}

static bool list_key(tui_view_t *v, tui_action_t a)
{
	struct list *l = v->priv;
	char *keep;
	if (_tui_marks_range_key(v, l->marks, &marks_kind, a))
		return true;
	switch (a) {
	case TUI_ACT_OPEN:
		if (v->cursor < v->n_lines)
			open_series(v, l->rows[v->cursor]);
		return true;
	case TUI_ACT_SEARCHES: {
		tui_view_t *sv = tui_searches_new(v->app);
		if (sv)
			tui_app_push(v->app, sv);
		return true;
	}
	case TUI_ACT_NEXT_UNREAD:
		for (size_t k = 1; k <= v->n_lines; k++) {
			size_t i = (v->cursor + k) % v->n_lines;
			pb_unread_t u;
			pb_series_unread(&u, v->app->set, l->rows[i]);
			if (u.messages) {
				tui_view_goto(v, i);
				return true;
			}
		}
		tui_app_message(v->app, false, "no series has mail not read yet");
		return true;
	case TUI_ACT_QUERY:
		tui_app_prompt(v->app, "Query: ", v->app->query, query_done, v);
		return true;
	case TUI_ACT_APPLY:
	case TUI_ACT_UNDO_APPLY:
	case TUI_ACT_NOTIFY:
		if (v->cursor >= v->n_lines)
			return true;
		if (a == TUI_ACT_APPLY && l->marks->n)
			tui_apply_batch_start(v->app, _tui_marks_ids(l->marks), l->marks->n);
		else if (a == TUI_ACT_APPLY)
			tui_apply_start(v->app, l->rows[v->cursor], NULL);
		else if (a == TUI_ACT_UNDO_APPLY)
			tui_apply_undo_start(v->app, l->rows[v->cursor], NULL);
		else
			tui_notify_start(v->app, l->rows[v->cursor], NULL);
		return true;
	case TUI_ACT_CHECKS:
		if (v->cursor < v->n_lines)
			tui_app_push(v->app, tui_checks_new(v->app, pb_series_latest(l->rows[v->cursor])));
		return true;
	case TUI_ACT_JOIN_SERIES:
		if (v->cursor < v->n_lines)
			tui_join_series(v->app, l->rows[v->cursor]);
		return true;
	case TUI_ACT_SET_STATE:
		if (l->marks->n)
			tui_state_ask_ids(v->app, _tui_marks_ids(l->marks), l->marks->n, v);
		else if (v->cursor < v->n_lines)
			tui_state_ask(v->app, l->rows[v->cursor], v);
		return true;
	case TUI_ACT_SYNC:
		tui_sync(v->app);
		return true;
	case TUI_ACT_REPLY_ACK:
	case TUI_ACT_REPLY_REVIEW:
	case TUI_ACT_REPLY_TEST:
		if (l->marks->n) {
			tui_ack_ids(v->app, _tui_marks_ids(l->marks), l->marks->n, a);
		} else if (v->cursor < v->n_lines) {
			const char *id = l->rows[v->cursor]->id;
			tui_ack_ids(v->app, &id, 1, a);
		}
		return true;
	case TUI_ACT_SNOOZE:
		if (l->marks->n) {
			tui_snooze_ask_ids(v->app, _tui_marks_ids(l->marks), l->marks->n, v);
		} else if (v->cursor < v->n_lines) {
			const char *id = l->rows[v->cursor]->id;
			tui_snooze_ask_ids(v->app, &id, 1, v);
		}
		return true;
	case TUI_ACT_MARK:
		if (v->cursor < v->n_lines)
			_tui_marks_toggle(v, l->marks, &marks_kind, l->rows[v->cursor]->id);
		return true;
	case TUI_ACT_UNMARK_ALL:
		_tui_marks_clear(v, l->marks, &marks_kind);
		return true;
	case TUI_ACT_UNDO_STATE:
		tui_state_undo(v->app);
		return true;
	case TUI_ACT_INTERDIFF:
		if (v->cursor < v->n_lines)
			tui_interdiff_default(v->app, l->rows[v->cursor], NULL, 0);
		return true;
	case TUI_ACT_INTERDIFF_VERSIONS:
		if (v->cursor < v->n_lines)
			tui_interdiff_ask(v->app, l->rows[v->cursor], 0, 0);
		return true;
	case TUI_ACT_SORT:
	case TUI_ACT_SORT_REVERSE:
	case TUI_ACT_HIDE_DONE:
		keep = selected_id(v) ? talloc_strdup(NULL, selected_id(v)) : NULL;
		if (a == TUI_ACT_SORT)
			l->sort = (enum sort_key)((l->sort + 1) % SORT_COUNT);
		else if (a == TUI_ACT_SORT_REVERSE)
			l->reverse = !l->reverse;
		else
			l->hide_done = !l->hide_done;
		apply_view(v);
		keep_cursor(v, keep);
		talloc_free(keep);
		tui_app_message(v->app, false, "sorted by %s%s%s%s", sort_names[l->sort],
				l->sort == SORT_QUEUE ? " (fixes first, then the longest waiting)" : "",
				l->reverse ? ", reversed" : "",
				l->hide_done ? "; done hidden (applied, merged, queued, accepted, rejected, old, n/a, snoozed)" : "");
		return true;
	default:
		return false;
	}
}

static char *list_title(tui_view_t *v, TALLOC_CTX *ctx)
{
	const char *q = v->app->query;
	return talloc_asprintf(ctx, "patchbay: series%s%s", q ? " matching " : "", q ? q : "");
}

static char *list_status(tui_view_t *v, TALLOC_CTX *ctx)
{
	struct list *l = v->priv;
	unsigned by_state[PB_STATE_COUNT] = {0};
	tui_status_part_t part[PB_STATE_COUNT];
	size_t n = 0;
	char *head, *tail, *range;
	if (!v->app->set)
		return talloc_strdup(ctx, v->app->loading ? "no series yet" : "no mail");
	if (l->filter_pending)
		return talloc_strdup(ctx, "running the query...");
	for (size_t i = 0; i < v->n_lines; i++)
		by_state[l->rows[i]->state]++;
	/* the marks, the sort and "so far" must show at 80 columns: when the
	 * line is wider than the status line, the counts by state give way,
	 * the last first, whole ("…" where they went) */
	for (int k = 0; k < PB_STATE_COUNT; k++) {
		if (!by_state[k])
			continue;
		part[n].text = talloc_asprintf(ctx, "%u %s", by_state[k], pb_state_name((pb_state_t)k));
		if (!part[n++].text)
			return NULL;
	}
	for (size_t k = 0; k < n; k++)
		part[k].give_way = (int)(n - k);
	tail = talloc_asprintf(ctx, "%s%s%s%s", l->sort != SORT_ACTIVITY || l->reverse ? " | by " : "",
			       l->sort != SORT_ACTIVITY || l->reverse ? sort_names[l->sort] : "",
			       l->reverse ? " (rev)" : "", v->app->loading && !v->app->idx ? " | so far" : "");
	range = _tui_marks_range_status(ctx, v, l->marks, &marks_kind);
	if (!range)
		return NULL;
	head = l->marks->n ? talloc_asprintf(ctx, "%s%zu marked | %zu series", range, l->marks->n, v->n_lines)
			   : talloc_asprintf(ctx, "%s%zu series", range, v->n_lines);
	return tui_app_status_fit(v->app, ctx, head, ": ", part, n, tail);
}

static void list_detach(tui_view_t *v)
{
	struct list *l = v->priv;
	const char *id = selected_id(v);
	talloc_free(l->keep);
	l->keep = id ? talloc_strdup(NULL, id) : NULL;
	/* the rows point into the old model */
	forget_rows(l);
	TALLOC_FREE(l->base);
	TALLOC_FREE(l->rows);
	l->n_base = 0;
	v->n_lines = 0;
}

static bool list_reload(tui_view_t *v)
{
	tui_list_reload(v);
	return true;
}

static void list_done(tui_view_t *v)
{
	struct list *l = v->priv;
	TALLOC_FREE(l->keep);
}

/* The series at the cursor: its latest version. */
static bool list_at(tui_view_t *v, const char **msgid, const pb_version_t **ver)
{
	struct list *l = v->priv;
	const pb_series_t *s = l->rows && v->cursor < v->n_lines ? l->rows[v->cursor] : NULL;
	if (!s || !s->n_versions)
		return false;
	*msgid = NULL;
	*ver = s->versions[s->n_versions - 1];
	return true;
}

static const tui_view_ops_t list_ops = {
	.name = "series list",
	.keymap = TUI_KM_LIST,
	.header_rows = 1,
	.recalc = list_recalc,
	.draw = list_draw,
	.header = list_header,
	.key = list_key,
	.title = list_title,
	.status = list_status,
	.done = list_done,
	.detach = list_detach,
	.reload = list_reload,
	.at = list_at,
};

tui_view_t *tui_list_new(tui_app_t *app)
{
	struct list *l = talloc_zero(NULL, struct list);
	tui_view_t *v;
	if (!l || !(l->marks = _tui_marks_new(l))) {
		talloc_free(l);
		return NULL;
	}
	v = tui_view_new(app, &list_ops, l);
	if (!v)
		talloc_free(l);
	return v;
}
