/* help.c: the help screen, made from the action table and the keymap in
 * effect: the keys of the view below, the keys of every view, the actions
 * without a key there, and the colour roles. */
#include <stdio.h>
#include <string.h>

#include "patchbay/review.h"
#include "patchbay/series.h"
#include "patchbay/text.h"
#include "tui/doc.h"
#include "tui/views.h"

struct help {
	tui_km_view_t km;
	tui_doc_t *doc;
};

static bool section(tui_doc_t *d, const char *title)
{
	return (d->n == 0 || tui_doc_text(d, 0, -1, 0, TUI_ROLE_DEFAULT, "", 0, false, 0)) &&
	       tui_doc_text(d, 0, -1, 0, TUI_ROLE_HELP_SECTION, title, strlen(title), false, 0);
}

/* The keys column: 18 cells (a longer list of keys wraps in it). */
static int keys_width(const tui_doc_t *d)
{
	(void)d;
	return 18;
}

/* KEYS cut at spaces into lines of at most W cells (a single key wider
 * than W stands alone), on CTX. */
static char **key_lines(TALLOC_CTX *ctx, const char *keys, int w, size_t *n)
{
	char **v = talloc_array(ctx, char *, 1), *copy = talloc_strdup(ctx, keys), *save = NULL;
	*n = 0;
	if (!v || !copy)
		return NULL;
	v[0] = talloc_strdup(v, "");
	for (char *k = strtok_r(copy, " ", &save); k && v[*n]; k = strtok_r(NULL, " ", &save)) {
		int cur = (int)pb_text_width(v[*n]);
		if (cur > 0 && cur + 1 + (int)pb_text_width(k) > w) {
			char **nv = talloc_realloc(ctx, v, char *, *n + 2);
			if (!nv)
				return NULL;
			v = nv;
			v[++*n] = talloc_strdup(v, "");
			cur = 0;
		}
		v[*n] = talloc_asprintf_append(v[*n], "%s%s", cur ? " " : "", k);
	}
	if (!v[*n])
		return NULL;
	(*n)++;
	return v;
}

/* One action: its keys, its name and its help, as a table row; the keys
 * and the help wrap within their columns, so no column runs into the next
 * (a view's keys for page-down are "C-f <PageDown> <Space>"). */
static bool entry(tui_doc_t *d, const char *keys, tui_action_t a)
{
	const char *h = tui_action_help(a);
	int kw = keys_width(d), used = 2 + kw + 1 + 14;
	size_t nk = 0, nh;
	char **kl = key_lines(d, keys, kw, &nk);
	tui_doc_t *ht = NULL;
	bool ok = kl != NULL;
	/* the help below itself when the screen has room, else on one line */
	if (ok && d->width - used >= 20) {
		ht = tui_doc_new(d, d->width - used);
		ok = ht && tui_doc_text(ht, 1, (int)a, 0, TUI_ROLE_DIM, h, strlen(h), true, 0);
	}
	nh = ht ? ht->n : 1;
	/* a name longer than its column has its row; the help starts below */
	size_t skip = ht && strlen(tui_action_name(a)) > 13 ? 1 : 0;
	for (size_t i = 0; ok && (i < nk || i < nh + skip); i++) {
		tui_dline_t *l = tui_doc_line(d, 1, (int)a, 0);
		char *k = talloc_asprintf(d, "  %-*s ", kw + (i < nk ? (int)(strlen(kl[i]) - pb_text_width(kl[i])) : 0),
					  i < nk ? kl[i] : "");
		char *n = talloc_asprintf(d, "%-13s ", i == 0 ? tui_action_name(a) : "");
		size_t hi = i - skip;
		const char *ht_i = i < skip ? "" : ht ? (hi < ht->n ? ht->v[hi].segs[0].text : "") : (i == 0 ? h : "");
		ok = l && k && n && tui_doc_seg(d, l, TUI_ROLE_HELP_KEY, k, strlen(k)) &&
		     tui_doc_seg(d, l, TUI_ROLE_DEFAULT, n, strlen(n)) &&
		     (!*ht_i || tui_doc_seg(d, l, TUI_ROLE_DIM, ht_i, strlen(ht_i)));
	}
	talloc_free(ht);
	talloc_free(kl);
	return ok;
}

static int help_recalc(tui_view_t *v)
{
	struct help *h = v->priv;
	const tui_keymap_t *km = v->app->keymap;
	tui_doc_t *d = tui_view_start_doc(v, &h->doc);
	bool ok = d != NULL, *shown = talloc_zero_array(h, bool, TUI_ACT_COUNT);
	char *title, *user;
	if (!d || !shown)
		return PB_ERR_NOMEM;
	title = talloc_asprintf(d, "Keys of %s (keymap section \"%s\")", tui_km_view_what(h->km),
				tui_km_view_name(h->km));
	ok = ok && title && section(d, title);
	for (int a = 1; ok && a < TUI_ACT_COUNT; a++) {
		char *keys = tui_keymap_keys(d, km, h->km, (tui_action_t)a);
		if (keys && *keys) {
			ok = entry(d, keys, (tui_action_t)a);
			shown[a] = true;
		}
	}
	ok = ok && section(d, "Keys of every view (section \"generic\")");
	for (int a = 1; ok && a < TUI_ACT_COUNT; a++) {
		char *keys = tui_keymap_keys(d, km, TUI_KM_GENERIC, (tui_action_t)a), *mine = talloc_strdup(d, "");
		char *save = NULL;
		/* leave out keys the view binds to something else */
		for (char *k = keys ? strtok_r(keys, " ", &save) : NULL; k && mine; k = strtok_r(NULL, " ", &save))
			if (tui_keymap_lookup(km, h->km, tui_key_parse(k)) == (tui_action_t)a)
				mine = talloc_asprintf_append(mine, "%s%s", *mine ? " " : "", k);
		if (mine && *mine) {
			ok = entry(d, mine, (tui_action_t)a);
			shown[a] = true;
		}
	}
	ok = ok && section(d, "Actions without a key here");
	for (int a = 1; ok && a < TUI_ACT_COUNT; a++)
		if (!shown[a])
			ok = entry(d, "-", (tui_action_t)a);
	/* what the list's State column says */
	ok = ok && section(d, "States (the list's State column; NAME* was set by hand, see s)");
	for (int k = 0; ok && k < PB_STATE_COUNT; k++) {
		char *l = talloc_asprintf(d, "  %-11s %s", pb_state_name((pb_state_t)k), pb_state_desc((pb_state_t)k));
		ok = l && tui_doc_text(d, 0, -1, 0, TUI_ROLE_DEFAULT, l, strlen(l), true, 14);
	}
	for (int k = 0; ok && k < PB_RS_COUNT; k++) {
		char *l = talloc_asprintf(d, "  %-11s %s (set by hand)", talloc_asprintf(d, "%s*",
					  pb_rstate_label((pb_rstate_t)k)), pb_rstate_desc((pb_rstate_t)k));
		ok = l && tui_doc_text(d, 0, -1, 0, TUI_ROLE_DEFAULT, l, strlen(l), true, 14);
	}
	{
		static const char snooze[] = "  snoozed     put to sleep with z: out of the queue until it wakes";
		ok = ok && tui_doc_text(d, 0, -1, 0, TUI_ROLE_DEFAULT, snooze, sizeof(snooze) - 1, true, 14);
	}
	user = tui_keymap_user_path(d);
	ok = ok && section(d, "Keymaps") && user;
	if (ok) {
		char *s = talloc_asprintf(d, "Shipped: mutt (the default) and vi; git config patchbay.keymap picks one. "
					     "Yours, read over it: %s (bind VIEW KEY ACTION, unbind VIEW KEY). "
					     "patchbay --dump-keys prints every binding in effect.", user);
		ok = s && tui_doc_text(d, 0, -1, 0, TUI_ROLE_DEFAULT, s, strlen(s), true, 0);
	}
	ok = ok && section(d, "Colours (git config patchbay.color.<role>, in git's colour syntax)");
	for (int r = 0; ok && r < TUI_ROLE_COUNT; r++) {
		char *name = talloc_asprintf(d, "  %-17s ", tui_role_name((tui_role_t)r));
		tui_dline_t *l = tui_doc_line(d, 2, r, 0);
		ok = name && l && tui_doc_seg(d, l, (tui_role_t)r, name, strlen(name)) &&
		     tui_doc_seg(d, l, TUI_ROLE_DIM, tui_role_desc((tui_role_t)r), strlen(tui_role_desc((tui_role_t)r)));
	}
	talloc_free(shown);
	v->n_lines = d->n;
	return ok ? PB_OK : PB_ERR_NOMEM;
}

static void help_draw(tui_view_t *v, tui_cells_t *c, int row, size_t i, unsigned attr)
{
	struct help *h = v->priv;
	tui_doc_draw(h->doc, i, c, row, v->width, attr);
}

static char *help_title(tui_view_t *v, TALLOC_CTX *ctx)
{
	return talloc_strdup(ctx, "help");
}

static char *help_status(tui_view_t *v, TALLOC_CTX *ctx)
{
	return talloc_asprintf(ctx, "%d actions | line %zu/%zu", TUI_ACT_COUNT - 1, v->cursor + 1, v->n_lines);
}

static bool help_key(tui_view_t *v, tui_action_t a)
{
	if (a == TUI_ACT_OPEN) {
		tui_view_action(v, TUI_ACT_NEXT);
		return true;
	}
	return false;
}

static const tui_view_ops_t help_ops = {
	.name = "help screen",
	.keymap = TUI_KM_HELP,
	.recalc = help_recalc,
	.draw = help_draw,
	.key = help_key,
	.title = help_title,
	.status = help_status,
};

tui_view_t *tui_help_new(tui_app_t *app, tui_km_view_t km)
{
	struct help *h = talloc_zero(NULL, struct help);
	tui_view_t *v;
	if (!h)
		return NULL;
	h->km = km;
	if (!(v = tui_view_new(app, &help_ops, h)))
		talloc_free(h);
	return v;
}
