/* cells.c: the cell buffer views draw into. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <glib.h>

#include "patchbay/text.h"
#include "tui/cells.h"

int tui_cells_new(TALLOC_CTX *mem_ctx, tui_cells_t **out, int rows, int cols)
{
	tui_cells_t *c = talloc_zero(mem_ctx, tui_cells_t);
	if (!c)
		return PB_ERR_NOMEM;
	if (tui_cells_resize(c, rows, cols)) {
		talloc_free(c);
		return PB_ERR_NOMEM;
	}
	*out = c;
	return PB_OK;
}

int tui_cells_resize(tui_cells_t *c, int rows, int cols)
{
	tui_cell_t *v;
	if (rows < 1)
		rows = 1;
	if (cols < 1)
		cols = 1;
	v = talloc_realloc(c, c->v, tui_cell_t, (size_t)rows * (size_t)cols);
	if (!v)
		return PB_ERR_NOMEM;
	c->v = v;
	c->rows = rows;
	c->cols = cols;
	tui_cells_clear(c, TUI_ROLE_DEFAULT);
	return PB_OK;
}

tui_cell_t *tui_cells_at(tui_cells_t *c, int row, int col)
{
	if (row < 0 || row >= c->rows || col < 0 || col >= c->cols)
		return NULL;
	return &c->v[(size_t)row * (size_t)c->cols + (size_t)col];
}

static void blank(tui_cell_t *x, tui_role_t role, unsigned attr)
{
	x->ch[0] = ' ';
	x->ch[1] = '\0';
	x->width = 1;
	x->role = (uint8_t)role;
	x->attr = (uint8_t)attr;
}

void tui_cells_clear(tui_cells_t *c, tui_role_t role)
{
	for (size_t i = 0; i < (size_t)c->rows * (size_t)c->cols; i++)
		blank(&c->v[i], role, 0);
}

void tui_cells_fill(tui_cells_t *c, int row, int col, int cols, tui_role_t role, unsigned attr)
{
	for (int i = 0; i < cols; i++) {
		tui_cell_t *x = tui_cells_at(c, row, col + i);
		if (x)
			blank(x, role, attr);
	}
}

/* Writing over half of a wide character leaves the other half blank. */
static void unsplit(tui_cells_t *c, int row, int col)
{
	tui_cell_t *x = tui_cells_at(c, row, col);
	if (!x)
		return;
	if (x->width == 0 && col > 0) {
		tui_cell_t *l = tui_cells_at(c, row, col - 1);
		blank(l, (tui_role_t)l->role, l->attr);
	} else if (x->width == 2) {
		tui_cell_t *r = tui_cells_at(c, row, col + 1);
		if (r)
			blank(r, (tui_role_t)r->role, r->attr);
	}
}

int tui_cells_put(tui_cells_t *c, int row, int col, int maxw, const char *text, tui_role_t role,
		  unsigned attr)
{
	int used = 0, start = col;
	if (row < 0 || row >= c->rows || col < 0 || !text)
		return 0;
	if (col + maxw > c->cols)
		maxw = c->cols - col;
	for (const char *p = text; *p && used < maxw;) {
		const char *nx = g_utf8_next_char(p);
		size_t len = (size_t)(nx - p);
		char one[8];
		int w;
		tui_cell_t *x;
		if (*p == '\t') {
			int stop = ((col + used - start) / 8 + 1) * 8 + start;
			while (col + used < stop && used < maxw) {
				unsplit(c, row, col + used);
				blank(tui_cells_at(c, row, col + used), role, attr);
				used++;
			}
			p = nx;
			continue;
		}
		if (len >= sizeof(one)) {
			p = nx;
			continue;
		}
		memcpy(one, p, len);
		one[len] = '\0';
		w = (int)pb_text_width(one);
		if (w == 0) {
			/* a combining mark joins the character before it */
			x = used > 0 ? tui_cells_at(c, row, col + used - 1) : NULL;
			if (x && x->width == 0)
				x = tui_cells_at(c, row, col + used - 2);
			if (x && strlen(x->ch) + len < sizeof(x->ch))
				strcat(x->ch, one);
			p = nx;
			continue;
		}
		if (used + w > maxw) {
			/* no room for the second half: a blank instead */
			unsplit(c, row, col + used);
			blank(tui_cells_at(c, row, col + used), role, attr);
			used++;
			break;
		}
		unsplit(c, row, col + used);
		x = tui_cells_at(c, row, col + used);
		memcpy(x->ch, one, len + 1);
		x->width = (uint8_t)w;
		x->role = (uint8_t)role;
		x->attr = (uint8_t)attr;
		if (w == 2) {
			tui_cell_t *r;
			unsplit(c, row, col + used + 1);
			r = tui_cells_at(c, row, col + used + 1);
			r->ch[0] = '\0';
			r->width = 0;
			r->role = (uint8_t)role;
			r->attr = (uint8_t)attr;
		}
		used += w;
		p = nx;
	}
	return used;
}

int tui_cells_put_mail(tui_cells_t *c, int row, int col, int maxw, const char *text, tui_role_t role,
		       unsigned attr)
{
	char *safe = pb_text_inert(NULL, text ? text : "", 0);
	int used = tui_cells_put(c, row, col, maxw, safe ? safe : "", role, attr);
	talloc_free(safe);
	return used;
}

void tui_cells_attr(tui_cells_t *c, int row, int col, int cols, unsigned attr)
{
	for (int i = 0; i < cols; i++) {
		tui_cell_t *x = tui_cells_at(c, row, col + i);
		if (x)
			x->attr |= (uint8_t)attr;
	}
}

void tui_cells_role(tui_cells_t *c, int row, int col, int cols, tui_role_t role)
{
	for (int i = 0; i < cols; i++) {
		tui_cell_t *x = tui_cells_at(c, row, col + i);
		if (x)
			x->role = (uint8_t)role;
	}
}

/* The row's text with, per byte, the column it belongs to. */
static char *row_map(TALLOC_CTX *ctx, const tui_cells_t *c, int row, int **cols)
{
	size_t cap = (size_t)c->cols * 16 + 1, n = 0;
	char *s = talloc_size(ctx, cap);
	int *m = talloc_array(ctx, int, cap);
	if (!s || !m)
		return NULL;
	for (int i = 0; i < c->cols; i++) {
		const tui_cell_t *x = &c->v[(size_t)row * (size_t)c->cols + (size_t)i];
		for (const char *p = x->ch; *p; p++) {
			m[n] = i;
			s[n++] = *p;
		}
	}
	s[n] = '\0';
	*cols = m;
	return s;
}

int tui_cells_mark(tui_cells_t *c, int row, const char *pattern)
{
	void *tmp = talloc_new(NULL);
	int *cols, hits = 0;
	size_t plen = pattern ? strlen(pattern) : 0;
	char *s;
	if (!plen || row < 0 || row >= c->rows || !(s = row_map(tmp, c, row, &cols))) {
		talloc_free(tmp);
		return 0;
	}
	for (size_t i = 0; s[i]; i++) {
		if (strncasecmp(s + i, pattern, plen) != 0)
			continue;
		for (int k = cols[i]; k <= cols[i + plen - 1]; k++)
			tui_cells_at(c, row, k)->attr |= TUI_A_MATCH;
		hits++;
		i += plen - 1;
	}
	talloc_free(tmp);
	return hits;
}

int tui_cells_find(const tui_cells_t *c, int row, const char *needle)
{
	void *tmp = talloc_new(NULL);
	int *cols, col = -1;
	char *s, *hit;
	if (row >= 0 && row < c->rows && (s = row_map(tmp, c, row, &cols)) && (hit = strstr(s, needle)))
		col = cols[hit - s];
	talloc_free(tmp);
	return col;
}

char *tui_cells_row_text(TALLOC_CTX *mem_ctx, const tui_cells_t *c, int row)
{
	int *cols;
	char *s = row_map(mem_ctx, c, row, &cols), *e;
	if (!s)
		return NULL;
	talloc_free(cols);
	e = s + strlen(s);
	while (e > s && e[-1] == ' ')
		e--;
	*e = '\0';
	return s;
}

char *tui_cells_dump(TALLOC_CTX *mem_ctx, const tui_cells_t *c)
{
	char *out = talloc_strdup(mem_ctx, "");
	for (int r = 0; r < c->rows && out; r++) {
		char *line = tui_cells_row_text(out, c, r);
		out = talloc_asprintf_append_buffer(out, "%s\n", line ? line : "");
	}
	return out;
}
