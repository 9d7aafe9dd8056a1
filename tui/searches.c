/* searches.c: the saved searches (search.h), each with the count of series
 * it matches; Enter shows the list of that search. */
#include <stdio.h>
#include <string.h>

#include "patchbay/search.h"
#include "tui/views.h"

struct searches {
	pb_search_t *v;
	size_t n;
	char *note; /* a search left out (its query is refused), or NULL */
};

static int load(tui_view_t *v)
{
	struct searches *s = v->priv;
	pb_search_t *res;
	size_t n;
	pb_error_t err = {0};
	if (!v->app->idx)
		return PB_ERR_NOTFOUND;
	if (pb_searches(&res, &n, s, v->app->idx, v->app->conf, &err) != PB_OK)
		return err.status;
	talloc_free(s->v);
	TALLOC_FREE(s->note);
	s->v = res;
	s->n = n;
	if (err.status)
		s->note = talloc_asprintf(s, "%s (left out)", pb_error_msg(&err));
	return PB_OK;
}

static int searches_recalc(tui_view_t *v)
{
	struct searches *s = v->priv;
	v->n_lines = s->n;
	return PB_OK;
}

static void searches_header(tui_view_t *v, tui_cells_t *c, int row)
{
	char *h = talloc_asprintf(NULL, "%-20s %6s  %s", "Search", "Series", "Query");
	tui_cells_fill(c, row, 0, c->cols, TUI_ROLE_HEADER, 0);
	if (h)
		tui_cells_put(c, row, 0, c->cols, h, TUI_ROLE_HEADER, 0);
	talloc_free(h);
}

static void searches_draw(tui_view_t *v, tui_cells_t *c, int row, size_t i, unsigned attr)
{
	struct searches *s = v->priv;
	const pb_search_t *x = &s->v[i];
	char count[24];
	snprintf(count, sizeof(count), "%6zu", x->count);
	tui_cells_fill(c, row, 0, c->cols, TUI_ROLE_DEFAULT, attr);
	/* (names and queries are the user's config: made inert as mail is) */
	tui_cells_put_mail(c, row, 0, 20, x->name, x->builtin ? TUI_ROLE_DIM : TUI_ROLE_TITLE_TEXT, attr);
	tui_cells_put(c, row, 21, 6, count, x->count ? TUI_ROLE_TAGS : TUI_ROLE_DIM, attr);
	tui_cells_put_mail(c, row, 29, c->cols - 29, x->query, TUI_ROLE_DEFAULT, attr);
}

static bool searches_key(tui_view_t *v, tui_action_t a)
{
	struct searches *s = v->priv;
	tui_app_t *app = v->app;
	char *q;
	if (a != TUI_ACT_OPEN)
		return false;
	if (v->cursor >= s->n)
		return true;
	q = talloc_strdup(app, s->v[v->cursor].query);
	if (!q)
		return true;
	tui_app_message(app, false, "search %s: %zu series", s->v[v->cursor].name, s->v[v->cursor].count);
	talloc_free(app->query);
	app->query = strcmp(q, "*") ? q : (talloc_free(q), NULL);
	/* back to the list, which shows the search */
	tui_app_pop(app);
	tui_list_reload(app->stack[0]);
	tui_view_goto(app->stack[0], 0);
	return true;
}

static char *searches_title(tui_view_t *v, TALLOC_CTX *ctx)
{
	(void)v;
	return talloc_strdup(ctx, "patchbay: saved searches (git config patchbay.search.NAME)");
}

static char *searches_status(tui_view_t *v, TALLOC_CTX *ctx)
{
	struct searches *s = v->priv;
	return s->note ? talloc_strdup(ctx, s->note) : talloc_asprintf(ctx, "%zu searches | Enter shows one", s->n);
}

static bool searches_reload(tui_view_t *v)
{
	return load(v) == PB_OK;
}

static const tui_view_ops_t searches_ops = {
	.name = "searches view",
	.keymap = TUI_KM_SEARCHES,
	.header_rows = 1,
	.recalc = searches_recalc,
	.draw = searches_draw,
	.header = searches_header,
	.key = searches_key,
	.title = searches_title,
	.status = searches_status,
	.reload = searches_reload,
};

tui_view_t *tui_searches_new(tui_app_t *app)
{
	struct searches *s;
	tui_view_t *v;
	if (!app->idx) {
		tui_app_message(app, true, "still reading mail: the counts need every message");
		return NULL;
	}
	if (!(s = talloc_zero(NULL, struct searches)))
		return NULL;
	if (!(v = tui_view_new(app, &searches_ops, s))) {
		talloc_free(s);
		return NULL;
	}
	if (load(v) != PB_OK) {
		tui_app_message(app, true, "searches: cannot count them");
		talloc_free(v);
		return NULL;
	}
	return v;
}
