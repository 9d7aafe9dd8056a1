/* interdiff.c: what changed between two versions of a series: per patch
 * pair its status and titles, and for a changed pair the diff of the two
 * patches (range-diff style, from core/review/interdiff.c); or the interdiff of
 * the trees the versions make. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patchbay/interdiff.h"
#include "tui/doc.h"
#include "tui/views.h"

enum { K_SUMMARY, K_PAIR, K_LINE, K_TREE_FILE, K_TREE_LINE, K_NOTE };

struct idiff {
	char *from_id, *to_id;  /* root Message-IDs of the two versions */
	int focus;              /* position in the newer version to show first; 0: none */
	bool tree;              /* show the tree interdiff */
	int pair;               /* the pair shown before the trees (-1: none) */
	pb_interdiff_t *d;      /* the patches, and the trees once asked for */
	tui_doc_t *doc;
	char *title;
};

static const char status_mark[PB_PAIR_COUNT] = {'=', '!', '>', '<'};

static tui_role_t status_role(pb_pair_status_t st)
{
	switch (st) {
	case PB_PAIR_CHANGED: return TUI_ROLE_IDIFF_CHANGED;
	case PB_PAIR_ADDED: return TUI_ROLE_IDIFF_ADDED;
	case PB_PAIR_DROPPED: return TUI_ROLE_IDIFF_DROPPED;
	default: return TUI_ROLE_IDIFF_SAME;
	}
}

/* The colour of the text of a line of a pair: a line only one version has
 * keeps the colour of what it is in the patch (added, removed, ...); a
 * line both have is dimmed, but for the headings that say where it is. */
static tui_role_t text_role(const pb_idiff_line_t *l)
{
	bool both = l->role == PB_IDIFF_CONTEXT;
	switch (l->inner) {
	case PB_IDIFF_IN_META:
	case PB_IDIFF_IN_FILE: return TUI_ROLE_DIFF_FILE;
	case PB_IDIFF_IN_HUNK: return TUI_ROLE_DIFF_HUNK;
	case PB_IDIFF_IN_ADDED: return both ? TUI_ROLE_IDIFF_CONTEXT : TUI_ROLE_DIFF_ADD;
	case PB_IDIFF_IN_REMOVED: return both ? TUI_ROLE_IDIFF_CONTEXT : TUI_ROLE_DIFF_DEL;
	default:
		if (both)
			return TUI_ROLE_IDIFF_CONTEXT;
		return l->role == PB_IDIFF_OLD ? TUI_ROLE_IDIFF_OLD_TEXT : TUI_ROLE_IDIFF_NEW_TEXT;
	}
}

static bool pair_lines(tui_doc_t *d, const pb_idiff_pair_t *p, int tag)
{
	for (size_t k = 0; k < p->n_lines; k++) {
		const pb_idiff_line_t *l = &p->lines[k];
		tui_dline_t *dl = tui_doc_line(d, K_LINE, tag, 0);
		if (!dl || !tui_doc_seg(d, dl, TUI_ROLE_DEFAULT, "    ", 4))
			return false;
		if (l->role == PB_IDIFF_HEADER) {
			if (!tui_doc_seg(d, dl, TUI_ROLE_IDIFF_HEADER, l->text, strlen(l->text)))
				return false;
			continue;
		}
		if (!tui_doc_seg(d, dl,
				 l->role == PB_IDIFF_OLD   ? TUI_ROLE_IDIFF_OLD
				 : l->role == PB_IDIFF_NEW ? TUI_ROLE_IDIFF_NEW
							   : TUI_ROLE_DEFAULT,
				 l->role == PB_IDIFF_OLD ? "-" : l->role == PB_IDIFF_NEW ? "+" : " ", 1) ||
		    !tui_doc_seg(d, dl, text_role(l), l->text, strlen(l->text)))
			return false;
	}
	return true;
}

static bool pairs_doc(tui_doc_t *d, const pb_interdiff_t *x)
{
	int w = 1;
	for (size_t i = 0; i < x->n_pairs; i++) {
		int n = x->pairs[i].old_pos > x->pairs[i].new_pos ? x->pairs[i].old_pos : x->pairs[i].new_pos;
		if (n >= 10 && w < 2)
			w = 2;
		if (n >= 100)
			w = 3;
	}
	for (size_t i = 0; i < x->n_pairs; i++) {
		const pb_idiff_pair_t *p = &x->pairs[i];
		const char *title = p->new_title ? p->new_title : p->old_title;
		char *pos = talloc_asprintf(d, "%*s %c %*s  ", w, p->old_pos ? talloc_asprintf(d, "%d", p->old_pos) : "-",
					    status_mark[p->status], -w,
					    p->new_pos ? talloc_asprintf(d, "%d", p->new_pos) : "-");
		char *st = talloc_asprintf(d, "%-10s", pb_pair_status_name(p->status));
		tui_dline_t *l = tui_doc_line(d, K_PAIR, (int)i, 0);
		if (!pos || !st || !l || !tui_doc_seg(d, l, status_role(p->status), pos, strlen(pos)) ||
		    !tui_doc_seg(d, l, status_role(p->status), st, strlen(st)) ||
		    !tui_doc_seg(d, l, TUI_ROLE_TITLE_TEXT, title ? title : "", title ? strlen(title) : 0))
			return false;
		if (p->message_changed && !tui_doc_seg(d, l, TUI_ROLE_DIM, "  (commit message changed)", 26))
			return false;
		if (p->old_title && p->new_title && strcmp(p->old_title, p->new_title) != 0) {
			char *was = talloc_asprintf(d, "%*s  was: %s", 2 * w + 3 + 10, "", p->old_title);
			if (!was || !tui_doc_text(d, K_PAIR, (int)i, 1, TUI_ROLE_DIM, was, strlen(was), false, 0))
				return false;
		}
		if (!pair_lines(d, p, (int)i))
			return false;
	}
	return true;
}

static bool tree_doc(tui_doc_t *d, const pb_interdiff_t *x)
{
	if (!x->n_tree && !tui_doc_text(d, K_NOTE, -1, 0, TUI_ROLE_DIM, "The trees are the same.", 23, false, 0))
		return false;
	for (size_t i = 0; i < x->n_tree; i++) {
		const pb_idiff_line_t *l = &x->tree[i];
		bool file = l->role == PB_IDIFF_HEADER && strncmp(l->text, "diff ", 5) == 0;
		tui_role_t role = l->role == PB_IDIFF_OLD   ? TUI_ROLE_DIFF_DEL
				  : l->role == PB_IDIFF_NEW ? TUI_ROLE_DIFF_ADD
				  : l->role == PB_IDIFF_CONTEXT ? TUI_ROLE_DIFF_CONTEXT
				  : strncmp(l->text, "@@", 2) == 0 ? TUI_ROLE_DIFF_HUNK
				  : file ? TUI_ROLE_DIFF_META : TUI_ROLE_DIFF_FILE;
		if (!tui_doc_text(d, file ? K_TREE_FILE : K_TREE_LINE, (int)i, 0, role, l->text, strlen(l->text), false, 0))
			return false;
	}
	for (size_t k = 0; k < x->n_skipped; k++) {
		char *s = talloc_asprintf(d, "(not rebuilt from the mails: %s)", x->skipped[k]);
		if (!s || !tui_doc_text(d, K_NOTE, -1, 0, TUI_ROLE_DIM, s, strlen(s), true, 0))
			return false;
	}
	return true;
}

static int idiff_recalc(tui_view_t *v)
{
	struct idiff *t = v->priv;
	const pb_interdiff_t *x = t->d;
	tui_doc_t *d = tui_view_start_doc(v, &t->doc);
	char *sum;
	bool ok;
	if (!d)
		return PB_ERR_NOMEM;
	sum = talloc_asprintf(d, "%s -> %s: %s%s", pb_version_name(d, x->from->series, x->from),
			      pb_version_name(d, x->to->series, x->to), pb_interdiff_counts(d, x),
			      t->tree ? "; the trees:" : "");
	ok = sum && tui_doc_text(d, K_SUMMARY, -1, 0, TUI_ROLE_HEADER, sum, strlen(sum), true, 0) &&
	     (t->tree ? tree_doc(d, x) : pairs_doc(d, x));
	return tui_view_show_doc(v, d, ok);
}

static void idiff_draw(tui_view_t *v, tui_cells_t *c, int row, size_t i, unsigned attr)
{
	struct idiff *t = v->priv;
	tui_view_draw_doc(v, t->doc, c, row, i, attr);
}

/* The pair the cursor is in, or -1. */
static int cursor_pair(const tui_view_t *v)
{
	const struct idiff *t = v->priv;
	const tui_dline_t *l = t->doc && v->cursor < t->doc->n ? &t->doc->v[v->cursor] : NULL;
	return !t->tree && l && (l->kind == K_PAIR || l->kind == K_LINE) ? l->tag : -1;
}

/* The next (DIR 1) or previous start of a pair, or of a file of the trees. */
static bool jump(tui_view_t *v, int dir)
{
	struct idiff *t = v->priv;
	const tui_doc_t *d = t->doc;
	int want = t->tree ? K_TREE_FILE : K_PAIR;
	for (size_t k = 1; d && k <= d->n; k++) {
		size_t i;
		if ((dir > 0 && v->cursor + k >= d->n) || (dir < 0 && k > v->cursor))
			break;
		i = dir > 0 ? v->cursor + k : v->cursor - k;
		if (d->v[i].kind == want && d->v[i].aux == 0) {
			tui_view_goto_top(v, i);
			return true;
		}
	}
	return false;
}

static void goto_pair(tui_view_t *v, int pair)
{
	struct idiff *t = v->priv;
	for (size_t i = 0; t->doc && i < t->doc->n; i++)
		if (t->doc->v[i].kind == K_PAIR && t->doc->v[i].tag == pair) {
			tui_view_goto_top(v, i);
			return;
		}
}

static int compute(struct idiff *t, tui_app_t *app, const pb_version_t *from, const pb_version_t *to, bool tree,
		   pb_error_t *err)
{
	pb_interdiff_t *d;
	pb_interdiff_opts_t o = {0};
	int rc;
	o.tree = tree;
	if ((rc = pb_interdiff_versions(t, &d, app->idx, from, to, &o, err)))
		return rc;
	talloc_free(t->d);
	t->d = d;
	return PB_OK;
}

/* The patch of a pair in the patch view: the newer one, else the older. */
static void open_pair(tui_view_t *v, int pair)
{
	struct idiff *t = v->priv;
	const pb_idiff_pair_t *p = &t->d->pairs[pair];
	const pb_version_t *ver = p->new_patch ? t->d->to : t->d->from;
	const pb_patch_t *want = p->new_patch ? p->new_patch : p->old_patch;
	for (size_t k = 0; want && k < ver->n_patches; k++)
		if (ver->patches[k] == want) {
			tui_app_push(v->app, tui_patch_new(v->app, v->app->set, ver, k + (ver->cover ? 1 : 0)));
			return;
		}
	tui_app_message(v->app, true, "that patch has no mail here");
}

static bool idiff_key(tui_view_t *v, tui_action_t a)
{
	struct idiff *t = v->priv;
	pb_error_t err = {0};
	switch (a) {
	case TUI_ACT_NEXT_PAIR:
	case TUI_ACT_PREV_PAIR:
		if (!jump(v, a == TUI_ACT_NEXT_PAIR ? 1 : -1))
			tui_app_message(v->app, false, "no %s %s", a == TUI_ACT_NEXT_PAIR ? "next" : "previous",
					t->tree ? "file" : "patch");
		return true;
	case TUI_ACT_TREE_INTERDIFF: {
		int pair = t->tree ? t->pair : cursor_pair(v);
		t->pair = cursor_pair(v);
		if (!t->tree && !t->d->has_tree && compute(t, v->app, t->d->from, t->d->to, true, &err)) {
			tui_app_message(v->app, true, "the trees: %s", pb_error_msg(&err));
			return true;
		}
		t->tree = !t->tree;
		v->cursor = v->top = 0;
		v->dirty = true;
		if (tui_view_update(v) == PB_OK && pair >= 0)
			goto_pair(v, pair);
		return true;
	}
	case TUI_ACT_INTERDIFF_VERSIONS:
		tui_interdiff_ask(v->app, t->d->to->series, t->d->from->version, t->d->to->version);
		return true;
	case TUI_ACT_OPEN:
		if (cursor_pair(v) >= 0)
			open_pair(v, cursor_pair(v));
		else
			tui_view_action(v, TUI_ACT_NEXT);
		return true;
	default:
		return false;
	}
}

static char *idiff_title(tui_view_t *v, TALLOC_CTX *ctx)
{
	struct idiff *t = v->priv;
	char *a = pb_version_name(ctx, t->d->from->series, t->d->from);
	char *b = pb_version_name(ctx, t->d->to->series, t->d->to);
	return talloc_asprintf(ctx, "interdiff %s -> %s%s: %s", a, b, t->tree ? " (trees)" : "", t->title);
}

static char *idiff_status(tui_view_t *v, TALLOC_CTX *ctx)
{
	struct idiff *t = v->priv;
	int pair = cursor_pair(v);
	char *s;
	if (t->tree)
		s = talloc_asprintf(ctx, "the trees of v%d and v%d%s", t->d->from->version, t->d->to->version,
				    t->d->n_skipped ? ", some files not rebuilt" : "");
	else if (pair >= 0)
		s = talloc_asprintf(ctx, "patch %d of %zu: %s", pair + 1, t->d->n_pairs,
				    pb_pair_status_name(t->d->pairs[pair].status));
	else
		s = talloc_asprintf(ctx, "%zu patches, %u changed%s", t->d->n_pairs, t->d->counts[PB_PAIR_CHANGED],
				    t->d->n_message_only ? talloc_asprintf(ctx, ", %u with a new message",
									   t->d->n_message_only)
							 : "");
	return s ? talloc_asprintf_append(s, " | line %zu/%zu", v->n_lines ? v->cursor + 1 : 0, v->n_lines) : NULL;
}

static bool idiff_reload(tui_view_t *v)
{
	struct idiff *t = v->priv;
	pb_version_t *from, *to;
	if (pb_index_find(v->app->idx, t->from_id, NULL, &from, NULL) || !from ||
	    pb_index_find(v->app->idx, t->to_id, NULL, &to, NULL) || !to)
		return false;
	return compute(t, v->app, from, to, t->tree, NULL) == PB_OK;
}

static const tui_view_ops_t idiff_ops = {
	.name = "interdiff view",
	.keymap = TUI_KM_INTERDIFF,
	.recalc = idiff_recalc,
	.draw = idiff_draw,
	.key = idiff_key,
	.title = idiff_title,
	.status = idiff_status,
	.reload = idiff_reload,
};

tui_view_t *tui_interdiff_new(tui_app_t *app, const pb_version_t *from, const pb_version_t *to, int focus)
{
	struct idiff *t;
	pb_error_t err = {0};
	tui_view_t *v;
	if (!app->idx) {
		tui_app_message(app, true, "still reading mail: the interdiff needs every message");
		return NULL;
	}
	if (!(t = talloc_zero(NULL, struct idiff)))
		return NULL;
	t->from_id = talloc_strdup(t, from->root->msgid);
	t->to_id = talloc_strdup(t, to->root->msgid);
	t->title = talloc_strdup(t, to->series->title);
	if (!t->from_id || !t->to_id || !t->title) {
		talloc_free(t);
		return NULL;
	}
	if (compute(t, app, from, to, false, &err)) {
		tui_app_message(app, true, "interdiff: %s", pb_error_msg(&err));
		talloc_free(t);
		return NULL;
	}
	if (!(v = tui_view_new(app, &idiff_ops, t))) {
		talloc_free(t);
		return NULL;
	}
	if (focus > 0 && tui_view_update(v) == PB_OK)
		for (size_t i = 0; i < t->d->n_pairs; i++)
			if (t->d->pairs[i].new_pos == focus)
				goto_pair(v, (int)i);
	return v;
}

/* ---- which versions -------------------------------------------------- */

void tui_interdiff_default(tui_app_t *app, const pb_series_t *s, const pb_version_t *v, int focus)
{
	size_t i = 0;
	if (s->n_versions < 2) {
		tui_app_message(app, true, "\"%s\" has one version: nothing to compare", s->title);
		return;
	}
	if (v)
		for (i = 0; i < s->n_versions && s->versions[i] != v; i++)
			;
	if (!v || i == s->n_versions)
		i = s->n_versions - 1;
	if (i == 0) {
		char *key = tui_app_key_hint(app, NULL, tui_app_top(app)->ops->keymap, TUI_ACT_INTERDIFF_VERSIONS);
		tui_app_message(app, true, "v%d is the first version: nothing before it%s%s%s", s->versions[0]->version,
				key && *key ? " (" : "", key ? key : "", key && *key ? " picks two)" : "");
		talloc_free(key);
		return;
	}
	tui_app_push(app, tui_interdiff_new(app, s->versions[i - 1], s->versions[i], focus));
}

static void ask_done(tui_app_t *app, tui_view_t *v, const char *text)
{
	const char *sid = tui_app_prompt_data(app);
	pb_series_t *s;
	const pb_version_t *from, *to;
	const char *p = text;
	char *e;
	long n[2];
	bool again[2] = {false, false};
	(void)v;
	/* "1 3", "v1 -> v3", and "8 8r" for v8 and its RESEND */
	for (int k = 0; k < 2; k++) {
		while (*p == ' ' || *p == 'v' || *p == 'V' || *p == '.' || *p == ',' || *p == '-' || *p == '>')
			p++;
		n[k] = strtol(p, &e, 10);
		if (e == p) {
			tui_app_message(app, true, "give two version numbers, e.g. 1 3 (8r: the RESEND of v8)");
			return;
		}
		p = e;
		if (*p == 'r' || *p == 'R') {
			again[k] = true;
			p++;
		}
	}
	if (!app->idx || !sid || pb_index_find(app->idx, sid, &s, NULL, NULL) != PB_OK) {
		tui_app_message(app, true, "the series is gone");
		return;
	}
	/* a number alone: its first posting, unless both name the same one
	 * (then the later is its RESEND) */
	if (n[0] == n[1] && !again[0] && !again[1])
		again[1] = true;
	from = again[0] ? pb_series_posting(s, (int)n[0], true) : pb_series_posting(s, (int)n[0], false);
	to = again[1] ? pb_series_posting(s, (int)n[1], true) : pb_series_version(s, (int)n[1]);
	if (!from || !to) {
		long bad = from ? n[1] : n[0];
		tui_app_message(app, true, "the series has no v%ld%s", bad, (from ? again[1] : again[0]) ? " RESEND" : "");
		return;
	}
	if (from == to) {
		tui_app_message(app, true, "v%ld and v%ld are the same posting", n[0], n[1]);
		return;
	}
	tui_app_push(app, tui_interdiff_new(app, from, to, 0));
}

void tui_interdiff_ask(tui_app_t *app, const pb_series_t *s, int from, int to)
{
	char *initial;
	if (s->n_versions < 2) {
		tui_app_message(app, true, "\"%s\" has one version: nothing to compare", s->title);
		return;
	}
	if (!from || !to) {
		const pb_version_t *a = s->versions[s->n_versions - 2], *b = pb_series_latest(s);
		initial = talloc_asprintf(app, "%d%s %d%s", a->version, pb_version_is_repost(s, a) ? "r" : "",
					  b->version, pb_version_is_repost(s, b) ? "r" : "");
	} else {
		/* (two postings of one number: the later is the repost) */
		initial = talloc_asprintf(app, "%d %d%s", from, to, from == to ? "r" : "");
	}
	tui_app_prompt(app, "Interdiff of versions (older newer): ", initial, ask_done, tui_app_top(app));
	tui_app_prompt_set_data(app, talloc_strdup(NULL, s->id));
	talloc_free(initial);
}
