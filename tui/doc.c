/* doc.c: display lines of styled segments, wrapped to a width. */
#include <string.h>

#include <glib.h>

#include "patchbay/text.h"
#include "tui/doc.h"

tui_doc_t *tui_doc_new(TALLOC_CTX *mem_ctx, int width)
{
	tui_doc_t *d = talloc_zero(mem_ctx, tui_doc_t);
	if (d)
		d->width = width > 1 ? width : 1;
	return d;
}

tui_dline_t *tui_doc_line(tui_doc_t *d, int kind, int tag, int aux)
{
	tui_dline_t *l;
	if (d->n == talloc_array_length(d->v)) {
		tui_dline_t *nv = talloc_realloc(d, d->v, tui_dline_t, d->n ? d->n * 2 : 64);
		if (!nv)
			return NULL;
		d->v = nv;
	}
	l = &d->v[d->n++];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	l->tag = tag;
	l->aux = aux;
	return l;
}

static size_t line_width(const tui_dline_t *l)
{
	size_t w = 0;
	for (size_t i = 0; i < l->n_segs; i++)
		w += pb_text_width(l->segs[i].text);
	return w;
}

/* Inert copy of TEXT with tabs expanded from column COL. */
static char *inert_expand(TALLOC_CTX *ctx, const char *text, size_t len, size_t col)
{
	char *raw = talloc_strndup(ctx, text, len), *safe, *out;
	if (!raw)
		return NULL;
	safe = pb_text_inert(ctx, raw, PB_TEXT_KEEP_TABS);
	talloc_free(raw);
	if (!safe || !strchr(safe, '\t'))
		return safe;
	out = talloc_strdup(ctx, "");
	for (const char *p = safe; *p && out; p = g_utf8_next_char(p)) {
		if (*p == '\t') {
			size_t n = 8 - col % 8;
			for (size_t k = 0; k < n && out; k++)
				out = talloc_strdup_append_buffer(out, " ");
			col += n;
			continue;
		}
		out = talloc_strndup_append_buffer(out, p, (size_t)(g_utf8_next_char(p) - p));
		{
			char one[8];
			size_t n = (size_t)(g_utf8_next_char(p) - p);
			memcpy(one, p, n);
			one[n] = '\0';
			col += pb_text_width(one);
		}
	}
	talloc_free(safe);
	return out;
}

bool tui_doc_seg(tui_doc_t *d, tui_dline_t *l, tui_role_t role, const char *text, size_t len)
{
	tui_seg_t *ns = talloc_realloc(d, l->segs, tui_seg_t, l->n_segs + 1);
	if (!ns)
		return false;
	l->segs = ns;
	ns[l->n_segs].role = role;
	ns[l->n_segs].text = inert_expand(d, text, len, line_width(l));
	if (!ns[l->n_segs].text)
		return false;
	l->n_segs++;
	return true;
}

bool tui_doc_text(tui_doc_t *d, int kind, int tag, int aux, tui_role_t role, const char *text, size_t len,
		  bool wrap, int indent)
{
	char *full = inert_expand(d, text, len, 0);
	const char *p = full;
	bool first = true;
	size_t width = (size_t)d->width;
	if (!full)
		return false;
	if (!wrap || pb_text_width(full) <= width) {
		tui_dline_t *l = tui_doc_line(d, kind, tag, aux);
		if (!l || !(l->segs = talloc_array(d, tui_seg_t, 1)))
			return false;
		l->segs[0].text = full;
		l->segs[0].role = role;
		l->n_segs = 1;
		return true;
	}
	while (*p) {
		size_t room = first || indent <= 0 ? width
						    : (width > (size_t)indent + 8 ? width - (size_t)indent : width);
		size_t used, n = pb_text_fit(p, room, &used);
		tui_dline_t *l;
		if (p[n]) {
			/* break after the last blank that fits */
			size_t b = n;
			while (b > 0 && p[b - 1] != ' ')
				b--;
			if (b > 0)
				n = b;
		}
		if (n == 0)
			n = (size_t)(g_utf8_next_char(p) - p);
		if (!(l = tui_doc_line(d, kind, tag, aux)))
			return false;
		if (!first && room != width) {
			char *pad = talloc_asprintf(d, "%*s", indent, "");
			if (!pad || !tui_doc_seg(d, l, role, pad, strlen(pad)))
				return false;
			talloc_free(pad);
		}
		if (!tui_doc_seg(d, l, role, p, n))
			return false;
		p += n;
		first = false;
	}
	talloc_free(full);
	return true;
}

void tui_doc_draw(const tui_doc_t *d, size_t i, tui_cells_t *c, int row, int width, unsigned attr)
{
	tui_doc_draw_from(d, i, c, row, width, attr, 0);
}

void tui_doc_draw_from(const tui_doc_t *d, size_t i, tui_cells_t *c, int row, int width, unsigned attr, int skip)
{
	const tui_dline_t *l;
	int col = 0;
	if (i >= d->n)
		return;
	l = &d->v[i];
	for (size_t k = 0; k < l->n_segs && col < width; k++) {
		const char *text = l->segs[k].text;
		if (skip > 0) {
			size_t used, off = pb_text_fit(text, (size_t)skip, &used);
			skip -= (int)used;
			text += off;
			if (skip > 0 && *text) {
				/* a wide character cut in two: its right half blank */
				text = g_utf8_next_char(text);
				col += tui_cells_put(c, row, col, width - col, " ", l->segs[k].role, attr);
				skip = 0;
			}
			if (!*text)
				continue;
		}
		col += tui_cells_put(c, row, col, width - col, text, l->segs[k].role, attr);
	}
}

int tui_doc_max_width(const tui_doc_t *d)
{
	int w = 0;
	for (size_t i = 0; i < d->n; i++) {
		int lw = 0;
		for (size_t k = 0; k < d->v[i].n_segs; k++)
			lw += (int)pb_text_width(d->v[i].segs[k].text);
		if (lw > w)
			w = lw;
	}
	return w;
}
