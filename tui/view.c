/* view.c: what every view does the same way: move, page, search, paint. */
#include <string.h>
#include <strings.h>

#include "tui/app.h"
#include "tui/doc.h"
#include "tui/view.h"

static int view_destructor(tui_view_t *v)
{
	if (v->ops->done)
		v->ops->done(v);
	return 0;
}

tui_view_t *tui_view_new(tui_app_t *app, const tui_view_ops_t *ops, void *priv)
{
	tui_view_t *v = talloc_zero(app, tui_view_t);
	if (!v)
		return NULL;
	v->ops = ops;
	v->app = app;
	v->priv = talloc_steal(v, priv);
	v->dirty = true;
	v->width = app->cols;
	v->height = app->rows - 3 - ops->header_rows;
	if (v->height < 1)
		v->height = 1;
	talloc_set_destructor(v, view_destructor);
	return v;
}

static void clamp(tui_view_t *v)
{
	size_t h = (size_t)(v->height > 0 ? v->height : 1);
	if (v->n_lines == 0) {
		v->cursor = v->top = 0;
		return;
	}
	if (v->cursor >= v->n_lines)
		v->cursor = v->n_lines - 1;
	if (v->top > v->cursor)
		v->top = v->cursor;
	if (v->cursor >= v->top + h)
		v->top = v->cursor - h + 1;
}

/* No empty space below the last line when there is more above (a jump to
 * a hunk may leave some, so that the hunk starts the page). */
static void fill_page(tui_view_t *v)
{
	size_t h = (size_t)(v->height > 0 ? v->height : 1);
	if (v->top + h > v->n_lines)
		v->top = v->n_lines > h ? v->n_lines - h : 0;
	clamp(v);
}

void tui_view_goto(tui_view_t *v, size_t i)
{
	v->cursor = i;
	clamp(v);
	fill_page(v);
}

void tui_view_goto_top(tui_view_t *v, size_t i)
{
	v->cursor = i;
	v->top = i;
	clamp(v);
}

void tui_view_resize(tui_view_t *v, int width, int height)
{
	bool changed;
	if (height < 1)
		height = 1;
	if (width != v->width)
		v->dirty = true;
	changed = width != v->width || height != v->height;
	v->width = width;
	v->height = height;
	if (changed)
		fill_page(v);
	else
		clamp(v);
}

void tui_view_set_max_cols(tui_view_t *v, int cols)
{
	int most;
	v->max_cols = cols > 0 ? cols : 0;
	most = v->max_cols > v->width ? v->max_cols - v->width : 0;
	if (v->hscroll > most)
		v->hscroll = most;
}

tui_doc_t *tui_view_start_doc(tui_view_t *v, tui_doc_t **doc)
{
	tui_doc_t *d = tui_doc_new(v->priv, v->width);
	talloc_free(*doc);
	*doc = d;
	v->n_lines = 0;
	return d;
}

int tui_view_show_doc(tui_view_t *v, const tui_doc_t *d, bool ok)
{
	v->n_lines = d->n;
	tui_view_set_max_cols(v, tui_doc_max_width(d));
	return ok ? PB_OK : PB_ERR_NOMEM;
}

void tui_view_draw_doc(const tui_view_t *v, const tui_doc_t *d, tui_cells_t *c, int row, size_t i, unsigned attr)
{
	tui_doc_draw_from(d, i, c, row, v->width, attr, v->hscroll);
}

int tui_view_update(tui_view_t *v)
{
	int rc = PB_OK;
	if (v->dirty) {
		v->dirty = false;
		rc = v->ops->recalc(v);
	}
	clamp(v);
	return rc;
}

static void move_by(tui_view_t *v, long d)
{
	long c = (long)v->cursor + d;
	size_t h = (size_t)v->height;
	if (c < 0)
		c = 0;
	if (v->n_lines && (size_t)c >= v->n_lines)
		c = (long)v->n_lines - 1;
	/* paging scrolls the page along with the cursor */
	if (d >= (long)h / 2 || -d >= (long)h / 2) {
		long t = (long)v->top + d;
		if (t < 0)
			t = 0;
		v->top = (size_t)t;
	}
	v->cursor = (size_t)c;
	fill_page(v);
}

bool tui_view_action(tui_view_t *v, tui_action_t a)
{
	long h = v->height > 1 ? v->height : 1;
	switch (a) {
	case TUI_ACT_NEXT: move_by(v, 1); return true;
	case TUI_ACT_PREV: move_by(v, -1); return true;
	case TUI_ACT_PAGE_DOWN: move_by(v, h); return true;
	case TUI_ACT_PAGE_UP: move_by(v, -h); return true;
	case TUI_ACT_HALF_DOWN: move_by(v, h / 2 > 0 ? h / 2 : 1); return true;
	case TUI_ACT_HALF_UP: move_by(v, -(h / 2 > 0 ? h / 2 : 1)); return true;
	case TUI_ACT_FIRST: tui_view_goto(v, 0); return true;
	case TUI_ACT_LAST: tui_view_goto(v, v->n_lines ? v->n_lines - 1 : 0); return true;
	case TUI_ACT_SCROLL_LEFT:
	case TUI_ACT_SCROLL_RIGHT: {
		/* half a screen at a time, as less(1) does; right up to the
		 * widest line's end */
		int step = v->width / 2 > 8 ? v->width / 2 : 8;
		int most = v->max_cols > v->width ? v->max_cols - v->width : 0;
		if (!v->max_cols)
			return false;
		if (a == TUI_ACT_SCROLL_LEFT)
			v->hscroll = v->hscroll > step ? v->hscroll - step : 0;
		else if (v->hscroll >= most)
			tui_app_message(v->app, false, "no line is longer than the screen shows");
		else
			v->hscroll = v->hscroll + step < most ? v->hscroll + step : most;
		return true;
	}
	case TUI_ACT_SEARCH_NEXT:
	case TUI_ACT_SEARCH_PREV:
		if (!v->search)
			tui_app_message(v->app, true, "no search yet: press the search key first");
		else if (!tui_view_search(v, v->search, a == TUI_ACT_SEARCH_NEXT ? 1 : -1))
			tui_app_message(v->app, true, "not found: %s", v->search);
		return true;
	default:
		return false;
	}
}

bool tui_view_search(tui_view_t *v, const char *pattern, int dir)
{
	tui_cells_t *scratch = v->app->scratch;
	if (!pattern || !*pattern || !v->n_lines)
		return false;
	if (scratch->cols < v->width + 1 && tui_cells_resize(scratch, 1, v->width + 1))
		return false;
	for (size_t k = 1; k <= v->n_lines; k++) {
		/* wraps around the end, as less and mutt do */
		size_t i = dir > 0 ? (v->cursor + k) % v->n_lines : (v->cursor + v->n_lines * 2 - k) % v->n_lines;
		tui_cells_fill(scratch, 0, 0, scratch->cols, TUI_ROLE_DEFAULT, 0);
		v->ops->draw(v, scratch, 0, i, 0);
		if (tui_cells_mark(scratch, 0, pattern) > 0) {
			tui_view_goto(v, i);
			return true;
		}
	}
	return false;
}

void tui_view_paint(tui_view_t *v, tui_cells_t *c, int row0, int rows)
{
	int hr = v->ops->header_rows;
	if (hr && v->ops->header) {
		for (int r = 0; r < hr && r < rows; r++)
			tui_cells_fill(c, row0 + r, 0, c->cols, TUI_ROLE_DEFAULT, 0);
		v->ops->header(v, c, row0);
	}
	for (int r = hr; r < rows; r++) {
		size_t i = v->top + (size_t)(r - hr);
		tui_cells_fill(c, row0 + r, 0, c->cols, TUI_ROLE_DEFAULT, 0);
		if (i >= v->n_lines)
			continue;
		v->ops->draw(v, c, row0 + r, i, i == v->cursor ? TUI_A_SELECTED : 0);
		if (i == v->cursor)
			tui_cells_attr(c, row0 + r, 0, c->cols, TUI_A_SELECTED);
		if (v->search)
			tui_cells_mark(c, row0 + r, v->search);
	}
}

size_t tui_view_cursor(const tui_view_t *v)
{
	return v->cursor;
}

int tui_view_hscroll(const tui_view_t *v)
{
	return v->hscroll;
}

int tui_view_max_cols(const tui_view_t *v)
{
	return v->max_cols;
}
