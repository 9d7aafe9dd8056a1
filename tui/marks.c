/* marks.c: the marks of the series list and of the tree, the range
 * that marks many at once, and the replies to the tree's marked patches
 * (marks.h). */
#include <string.h>
#include <sys/types.h>

#include "tui/app.h"
#include "tui/marks.h"
#include "tui/views.h"

tui_marks_t *_tui_marks_new(TALLOC_CTX *ctx)
{
	return talloc_zero(ctx, tui_marks_t);
}

static ssize_t find(const tui_marks_t *m, const char *id)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->ids[i], id) == 0)
			return (ssize_t)i;
	return -1;
}

bool _tui_marks_has(const tui_marks_t *m, const char *id)
{
	return find(m, id) >= 0;
}

bool _tui_marks_add(tui_marks_t *m, const char *id)
{
	char **ids;
	if (find(m, id) >= 0)
		return true;
	if (!(ids = talloc_realloc(m, m->ids, char *, m->n + 1)))
		return false;
	m->ids = ids;
	if (!(ids[m->n] = talloc_strdup(ids, id)))
		return false;
	m->n++;
	return true;
}

const char *const *_tui_marks_ids(const tui_marks_t *m)
{
	return (const char *const *)m->ids;
}

static const char *noun(const tui_marks_kind_t *k, size_t n)
{
	return n == 1 ? k->one : k->many;
}

void _tui_marks_toggle(tui_view_t *v, tui_marks_t *m, const tui_marks_kind_t *k, const char *id)
{
	ssize_t at = find(m, id);
	if (at >= 0) {
		/* (the others keep their order: the acks are stacked by it) */
		talloc_free(m->ids[at]);
		memmove(&m->ids[at], &m->ids[at + 1], (m->n - (size_t)at - 1) * sizeof(*m->ids));
		m->n--;
	} else if (!_tui_marks_add(m, id)) {
		tui_app_message(v->app, true, "mark: out of memory");
		return;
	}
	v->dirty = true;
	if (v->cursor + 1 < v->n_lines)
		tui_view_goto(v, v->cursor + 1);
	tui_app_message(v->app, false, "%zu %s marked: %s", m->n, noun(k, m->n), k->acts);
}

void _tui_marks_clear(tui_view_t *v, tui_marks_t *m, const tui_marks_kind_t *k)
{
	if (m->n)
		tui_app_message(v->app, false, "%zu %s unmarked", m->n, noun(k, m->n));
	else
		tui_app_message(v->app, false, "no %s is marked", k->one);
	TALLOC_FREE(m->ids);
	m->n = 0;
	v->dirty = true;
}

/* ---- the range ------------------------------------------------------- */

static void span(const tui_view_t *v, const tui_marks_t *m, size_t *lo, size_t *hi)
{
	*lo = m->anchor < v->cursor ? m->anchor : v->cursor;
	*hi = m->anchor < v->cursor ? v->cursor : m->anchor;
	if (v->n_lines && *hi >= v->n_lines)
		*hi = v->n_lines - 1;
}

bool _tui_marks_in_range(tui_view_t *v, const tui_marks_t *m, const tui_marks_kind_t *k, size_t i)
{
	size_t lo, hi;
	if (!m->range)
		return false;
	span(v, m, &lo, &hi);
	return i >= lo && i <= hi && k->id_of(v, i);
}

static size_t range_count(tui_view_t *v, const tui_marks_t *m, const tui_marks_kind_t *k)
{
	size_t lo, hi, n = 0;
	if (!m->range || !v->n_lines)
		return 0;
	span(v, m, &lo, &hi);
	for (size_t i = lo; i <= hi; i++)
		n += k->id_of(v, i) != NULL;
	return n;
}

char *_tui_marks_range_status(TALLOC_CTX *ctx, tui_view_t *v, const tui_marks_t *m, const tui_marks_kind_t *k)
{
	size_t n = range_count(v, m, k);
	if (!m->range)
		return talloc_strdup(ctx, "");
	return talloc_asprintf(ctx, "range: %zu %s | ", n, noun(k, n));
}

static void range_drop(tui_marks_t *m)
{
	m->range = false;
	TALLOC_FREE(m->anchor_id);
}

/* The keys, as the keymap has them now, for the messages. */
static char *hint(TALLOC_CTX *ctx, tui_view_t *v, tui_action_t a)
{
	char *h = tui_app_key_hint(v->app, ctx, v->ops->keymap, a);
	return h && *h ? h : talloc_strdup(ctx, tui_action_name(a));
}

static void range_mark(tui_view_t *v, tui_marks_t *m, const tui_marks_kind_t *k)
{
	size_t lo, hi, n = 0;
	span(v, m, &lo, &hi);
	for (size_t i = lo; v->n_lines && i <= hi; i++) {
		const char *id = k->id_of(v, i);
		if (!id)
			continue;
		if (!_tui_marks_add(m, id)) {
			tui_app_message(v->app, true, "range: out of memory (%zu marked)", n);
			range_drop(m);
			return;
		}
		n++;
	}
	range_drop(m);
	v->dirty = true;
	if (!n)
		tui_app_message(v->app, true, "the range holds no %s: nothing marked", k->one);
	else
		tui_app_message(v->app, false, "%zu %s marked by the range, %zu in all: %s", n, noun(k, n), m->n,
				k->acts);
}

/* What moves the cursor or shows something goes on while a range is open. */
static bool moves(tui_action_t a)
{
	switch (a) {
	case TUI_ACT_NEXT:
	case TUI_ACT_PREV:
	case TUI_ACT_PAGE_DOWN:
	case TUI_ACT_PAGE_UP:
	case TUI_ACT_HALF_DOWN:
	case TUI_ACT_HALF_UP:
	case TUI_ACT_FIRST:
	case TUI_ACT_LAST:
	case TUI_ACT_SCROLL_LEFT:
	case TUI_ACT_SCROLL_RIGHT:
	case TUI_ACT_SEARCH:
	case TUI_ACT_SEARCH_NEXT:
	case TUI_ACT_SEARCH_PREV:
	case TUI_ACT_HELP:
	case TUI_ACT_REDRAW:
	case TUI_ACT_CLOSE:
	case TUI_ACT_QUIT: return true;
	default: return false;
	}
}

bool _tui_marks_range_key(tui_view_t *v, tui_marks_t *m, const tui_marks_kind_t *k, tui_action_t a)
{
	void *tmp;
	if (a == TUI_ACT_RANGE && !m->range) {
		const char *id = v->cursor < v->n_lines ? k->id_of(v, v->cursor) : NULL;
		if (!v->n_lines)
			return true;
		m->range = true;
		m->anchor = v->cursor;
		m->anchor_id = id ? talloc_strdup(m, id) : NULL;
		tmp = talloc_new(NULL);
		tui_app_message(v->app, false, "range: move to stretch it; %s or %s marks every %s in it, %s drops it",
				hint(tmp, v, TUI_ACT_RANGE), hint(tmp, v, TUI_ACT_OPEN), k->one,
				hint(tmp, v, TUI_ACT_RANGE_CANCEL));
		talloc_free(tmp);
		return true;
	}
	if (a == TUI_ACT_RANGE_CANCEL) {
		if (m->range)
			tui_app_message(v->app, false, "range dropped: nothing marked");
		else
			tui_app_message(v->app, false, "no range is open");
		range_drop(m);
		return true;
	}
	if (!m->range)
		return false;
	if (a == TUI_ACT_RANGE || a == TUI_ACT_OPEN) {
		range_mark(v, m, k);
		return true;
	}
	if (moves(a))
		return false;
	tmp = talloc_new(NULL);
	tui_app_message(v->app, true, "a range is open: %s or %s marks it, %s drops it", hint(tmp, v, TUI_ACT_RANGE),
			hint(tmp, v, TUI_ACT_OPEN), hint(tmp, v, TUI_ACT_RANGE_CANCEL));
	talloc_free(tmp);
	return true;
}

void _tui_marks_range_find(tui_view_t *v, tui_marks_t *m, const tui_marks_kind_t *k)
{
	if (!m->range)
		return;
	for (size_t i = 0; m->anchor_id && i < v->n_lines; i++) {
		const char *id = k->id_of(v, i);
		if (id && strcmp(id, m->anchor_id) == 0) {
			m->anchor = i;
			return;
		}
	}
	range_drop(m);
	tui_app_message(v->app, true, "range dropped: where it started is gone");
}

/* ---- the tree's marks -------------------------------------------------- */

/* Where every patch of a version (more than one, none kept from an
 * earlier version: the cover's trailers reach those too) is marked and
 * it has a cover, one reply on the cover says it for them all. */
void _tui_marks_reply(tui_view_t *v, const tui_marks_t *m, const pb_series_t *s, tui_action_t a)
{
	void *tmp = talloc_new(NULL);
	const char **to = tmp ? talloc_array(tmp, const char *, m->n ? m->n : 1) : NULL;
	size_t k = 0, covers = 0;
	if (!to) {
		tui_app_message(v->app, true, "reply: out of memory");
		talloc_free(tmp);
		return;
	}
	for (size_t vi = 0; vi < s->n_versions; vi++) {
		const pb_version_t *ver = s->versions[vi];
		size_t own = 0, marked = 0;
		for (size_t i = 0; i < ver->n_patches; i++)
			if (!ver->patches[i]->inherited_from) {
				own++;
				marked += _tui_marks_has(m, ver->patches[i]->rec->msgid);
			}
		if (!marked)
			continue;
		if (ver->cover && own > 1 && marked == own && own == ver->n_patches) {
			to[k++] = talloc_strdup(to, ver->cover->msgid);
			covers++;
			continue;
		}
		for (size_t i = 0; i < ver->n_patches; i++)
			if (!ver->patches[i]->inherited_from && _tui_marks_has(m, ver->patches[i]->rec->msgid))
				to[k++] = talloc_strdup(to, ver->patches[i]->rec->msgid);
	}
	/* stacked: the first on top; each compose view may refresh the model,
	 * which is why the Message-IDs were copied first */
	if (!k) {
		/* (the marks are Message-IDs: after a refresh they may name
		 * patches this series no longer holds) */
		tui_app_message(v->app, true, "none of the %zu marked patches is in this series now: C-t drops the marks",
				m->n);
		talloc_free(tmp);
		return;
	}
	for (size_t i = k; i-- > 0;)
		if (to[i])
			tui_reply_start(v->app, to[i], (pb_reply_kind_t)tui_reply_kind(a));
	if (k > 1 || covers)
		tui_app_message(v->app, false, "%zu repl%s to write, one after the other%s: send or drop each", k,
				k == 1 ? "y" : "ies", covers ? " (every patch of a version marked: on its cover)" : "");
	talloc_free(tmp);
}
