/* app.c: the view stack, the bottom lines, the prompt and key dispatch. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <glib.h>

#include "patchbay/diff.h"
#include "patchbay/git.h"
#include "patchbay/text.h"
#include "patchbay/target.h"
#include "patchbay/wake.h"
#include "tui/app.h"
#include "tui/doc.h"
#include "tui/views.h"

int tui_app_new(TALLOC_CTX *mem_ctx, tui_app_t **out, const tui_app_opts_t *opts)
{
	tui_app_t *app = talloc_zero(mem_ctx, tui_app_t);
	tui_view_t *list;
	if (!app)
		return PB_ERR_NOMEM;
	pb_git_init(); /* git config and the checks use libgit2 */
	app->rows = opts->rows > 0 ? opts->rows : 24;
	app->cols = opts->cols > 0 ? opts->cols : 80;
	app->now = opts->now ? opts->now : (int64_t)time(NULL);
	app->cursor_row = app->cursor_col = -1;
	app->conf = opts->conf;
	app->retired = talloc_new(app);
	app->stack = talloc_array(app, tui_view_t *, 8);
	if (opts->query && *opts->query)
		app->query = talloc_strdup(app, opts->query);
	if (opts->repo_path)
		app->repo_path = talloc_strdup(app, opts->repo_path);
	if (opts->index) {
		app->iopts = *opts->index;
		app->iopts.db_path = talloc_strdup(app, opts->index->db_path);
		app->iopts.config_path = talloc_strdup(app, opts->index->config_path);
		app->iopts.scope = talloc_strdup(app, opts->index->scope);
		app->iopts.tag_prefix = talloc_strdup(app, opts->index->tag_prefix);
		app->iopts.cache_dir = talloc_strdup(app, opts->index->cache_dir);
		app->iopts.progress = NULL;
		app->iopts.partial = NULL;
	}
	if (opts->keymap) {
		app->keymap = opts->keymap;
	} else if (tui_keymap_new(app, &app->keymap) == PB_OK) {
		tui_keymap_load_builtin(app->keymap, "mutt", NULL);
	}
	if (!app->retired || !app->stack || !app->keymap || tui_cells_new(app, &app->cells, app->rows, app->cols) ||
	    tui_cells_new(app, &app->scratch, 1, app->cols + 1) || !(list = tui_list_new(app))) {
		talloc_free(app);
		return PB_ERR_NOMEM;
	}
	tui_app_push(app, list);
	*out = app;
	return PB_OK;
}

tui_view_t *tui_app_top(const tui_app_t *app)
{
	return app->stack[app->depth - 1];
}

const char *tui_app_message_text(const tui_app_t *app)
{
	return app->message;
}

bool tui_app_message_is_error(const tui_app_t *app)
{
	return app->message && app->message_error;
}

const char *tui_app_prompt_input(const tui_app_t *app)
{
	return app->prompt_label ? app->prompt_text : NULL;
}

bool tui_app_quitting(const tui_app_t *app)
{
	return app->quit;
}

size_t tui_app_depth(const tui_app_t *app)
{
	return app->depth;
}

tui_view_t *tui_app_view(const tui_app_t *app, size_t i)
{
	return i < app->depth ? app->stack[i] : NULL;
}

void tui_app_push(tui_app_t *app, tui_view_t *v)
{
	if (!v)
		return;
	if (app->depth == talloc_array_length(app->stack)) {
		tui_view_t **ns = talloc_realloc(app, app->stack, tui_view_t *, app->depth * 2);
		if (!ns) {
			talloc_free(v);
			tui_app_message(app, true, "out of memory");
			return;
		}
		app->stack = ns;
	}
	app->stack[app->depth++] = v;
}

void tui_app_pop(tui_app_t *app)
{
	if (app->depth <= 1)
		return;
	talloc_free(app->stack[--app->depth]);
	/* back at the list: nobody shows the old model any more */
	if (app->depth == 1)
		talloc_free_children(app->retired);
}

void tui_app_message(tui_app_t *app, bool error, const char *fmt, ...)
{
	va_list ap;
	talloc_free(app->message);
	va_start(ap, fmt);
	app->message = talloc_vasprintf(app, fmt, ap);
	va_end(ap);
	app->message_error = error;
}

void tui_app_prompt(tui_app_t *app, const char *label, const char *initial, tui_prompt_cb done, tui_view_t *v)
{
	talloc_free(app->prompt_label);
	talloc_free(app->prompt_text);
	app->prompt_label = talloc_strdup(app, label);
	app->prompt_text = talloc_strdup(app, initial ? initial : "");
	app->prompt_pos = strlen(app->prompt_text);
	app->prompt_fresh = app->prompt_pos > 0;
	app->prompt_done = done;
	app->prompt_view = v;
	app->prompt_one_key = false;
	TALLOC_FREE(app->prompt_data);
}

void tui_app_prompt_set_data(tui_app_t *app, void *data)
{
	talloc_free(app->prompt_data);
	app->prompt_data = talloc_steal(app, data);
}

void *tui_app_prompt_data(const tui_app_t *app)
{
	return app->prompt_answering;
}

void tui_app_confirm(tui_app_t *app, const char *question, tui_prompt_cb done, tui_view_t *v)
{
	char *label = talloc_asprintf(app, "%s (y/n) ", question);
	tui_app_prompt(app, label ? label : question, "", done, v);
	app->prompt_one_key = true;
	talloc_free(label);
}

static void prompt_end(tui_app_t *app, bool ok)
{
	tui_prompt_cb done = app->prompt_done;
	tui_view_t *v = app->prompt_view;
	char *text = app->prompt_text;
	void *data = app->prompt_data, *outer = app->prompt_answering;
	app->prompt_text = NULL;
	TALLOC_FREE(app->prompt_label);
	app->prompt_done = NULL;
	app->prompt_view = NULL;
	app->prompt_one_key = false;
	app->prompt_data = NULL;
	app->prompt_answering = data;
	if (ok && done)
		done(app, v, text ? text : "");
	app->prompt_answering = outer;
	talloc_free(data);
	talloc_free(text);
}

static void prompt_key(tui_app_t *app, int key)
{
	char *t = app->prompt_text;
	size_t len = strlen(t), pos = app->prompt_pos;
	bool fresh = app->prompt_fresh;
	app->prompt_fresh = false;
	if (app->prompt_one_key) {
		bool yes = key == 'y' || key == 'Y';
		if (yes)
			t = talloc_strdup_append(t, "y");
		app->prompt_text = t;
		prompt_end(app, yes);
		return;
	}
	switch (key) {
	case TUI_KEY_ENTER:
		prompt_end(app, true);
		return;
	case TUI_KEY_ESC:
	case 7: /* C-g */
		prompt_end(app, false);
		return;
	case TUI_KEY_BACKSPACE:
		if (fresh) {
			/* (as a selected suggestion: gone at once) */
			t[0] = '\0';
			app->prompt_pos = 0;
		} else if (pos > 0) {
			size_t p = (size_t)(g_utf8_find_prev_char(t, t + pos) - t);
			memmove(t + p, t + pos, len - pos + 1);
			app->prompt_pos = p;
		} else if (len == 0) {
			prompt_end(app, false);
		}
		return;
	case TUI_KEY_DELETE:
	case 4: /* C-d */
		if (pos < len) {
			size_t n = (size_t)(g_utf8_next_char(t + pos) - (t + pos));
			memmove(t + pos, t + pos + n, len - pos - n + 1);
		}
		return;
	case TUI_KEY_LEFT:
	case 2: /* C-b */
		if (pos > 0)
			app->prompt_pos = (size_t)(g_utf8_find_prev_char(t, t + pos) - t);
		return;
	case TUI_KEY_RIGHT:
	case 6: /* C-f */
		if (pos < len)
			app->prompt_pos = (size_t)(g_utf8_next_char(t + pos) - t);
		return;
	case TUI_KEY_HOME:
	case 1: /* C-a */
		app->prompt_pos = 0;
		return;
	case TUI_KEY_END:
	case 5: /* C-e */
		app->prompt_pos = len;
		return;
	case 21: /* C-u */
		t[0] = '\0';
		app->prompt_pos = 0;
		return;
	}
	/* printable characters only: no control (C0, C1, DEL) gets in */
	if (key >= 32 && key < TUI_KEY_SPECIAL && !g_unichar_iscntrl((gunichar)key) &&
	    g_unichar_validate((gunichar)key)) {
		char buf[8];
		if (fresh) {
			/* typing replaces the suggestion */
			t[0] = '\0';
			len = pos = 0;
		}
		int n = g_unichar_to_utf8((gunichar)key, buf);
		char *nt = talloc_realloc(app, t, char, len + (size_t)n + 1);
		if (!nt)
			return;
		memmove(nt + pos + n, nt + pos, len - pos + 1);
		memcpy(nt + pos, buf, (size_t)n);
		app->prompt_text = nt;
		app->prompt_pos = pos + (size_t)n;
	}
}

static void search_done(tui_app_t *app, tui_view_t *v, const char *text)
{
	if (!*text) {
		TALLOC_FREE(v->search);
		return;
	}
	talloc_free(v->search);
	v->search = talloc_strdup(v, text);
	if (!tui_view_search(v, text, 1))
		tui_app_message(app, true, "not found: %s", text);
}

/* What closing views from the top down to DOWNTO would lose, or NULL. */
static char *unsaved_above(tui_app_t *app, TALLOC_CTX *ctx, size_t downto)
{
	for (size_t i = app->depth; i-- > downto;) {
		tui_view_t *v = app->stack[i];
		char *what = v->ops->unsaved ? v->ops->unsaved(v, ctx) : NULL;
		if (what)
			return what;
	}
	return NULL;
}

static void close_yes(tui_app_t *app, tui_view_t *v, const char *text)
{
	(void)text;
	if (tui_app_alive(app, v) && tui_app_top(app) == v)
		tui_app_pop(app);
}

static void quit_yes(tui_app_t *app, tui_view_t *v, const char *text)
{
	(void)v;
	(void)text;
	app->quit = true;
}

void tui_app_action(tui_app_t *app, tui_action_t a)
{
	tui_view_t *v = tui_app_top(app);
	if (tui_view_update(v))
		tui_app_message(app, true, "out of memory");
	if (v->ops->key && v->ops->key(v, a))
		return;
	if (tui_view_action(v, a))
		return;
	if (tui_export_action(app, v, a))
		return;
	switch (a) {
	case TUI_ACT_QUIT:
	case TUI_ACT_CLOSE: {
		bool quit = a == TUI_ACT_QUIT || app->depth == 1;
		char *what = unsaved_above(app, app, quit ? 0 : app->depth - 1), *q;
		/* close on the bottom view (q in the list) asks first, unless
		 * patchbay.confirmQuit is false; quit (Q) does not */
		if (!what && a == TUI_ACT_CLOSE && quit && pb_conf_bool(app->conf, "patchbay.confirmquit", true)) {
			tui_app_confirm(app, "Quit patchbay?", quit_yes, v);
			break;
		}
		if (!what) {
			if (quit)
				app->quit = true;
			else
				tui_app_pop(app);
			break;
		}
		q = talloc_asprintf(app, "%s and lose %s?", quit ? "Quit" : "Close", what);
		tui_app_confirm(app, q ? q : "Lose it?", quit ? quit_yes : close_yes, v);
		talloc_free(q);
		talloc_free(what);
		break;
	}
	case TUI_ACT_HELP:
		if (v->ops->keymap != TUI_KM_HELP)
			tui_app_push(app, tui_help_new(app, v->ops->keymap));
		break;
	case TUI_ACT_REDRAW:
		app->redraw_all = true;
		break;
	case TUI_ACT_REFRESH:
		if (app->loading)
			tui_app_message(app, false, "still reading mail");
		else if (app->on_refresh)
			app->on_refresh(app, app->refresh_payload);
		else
			tui_app_message(app, true, "refresh is not available here");
		break;
	case TUI_ACT_SEARCH:
		tui_app_prompt(app, "Search: ", v->search, search_done, v);
		break;
	case TUI_ACT_NONE:
		break;
	default:
		tui_app_message(app, true, "%s does nothing in the %s", tui_action_name(a), v->ops->name);
		break;
	}
}

void tui_app_key(tui_app_t *app, int key)
{
	tui_view_t *v = tui_app_top(app);
	tui_action_t a;
	if (key == TUI_KEY_RESIZE)
		return;
	if (app->prompt_text) {
		prompt_key(app, key);
		return;
	}
	TALLOC_FREE(app->message);
	a = tui_keymap_lookup(app->keymap, v->ops->keymap, key);
	if (a == TUI_ACT_NONE) {
		char *name = tui_key_name(app, key);
		tui_app_message(app, true, "%s is not bound in the %s (? shows the keys)", name, v->ops->name);
		talloc_free(name);
		return;
	}
	tui_app_action(app, a);
}

/* ---- calls that store mail ------------------------------------------ */

void tui_app_store_begin(tui_app_t *app)
{
	for (size_t i = 0; i < app->depth; i++) {
		tui_view_t *v = app->stack[i];
		if (v->ops->detach)
			v->ops->detach(v);
	}
}

void tui_app_store_end(tui_app_t *app)
{
	size_t gone = app->depth;
	pb_error_t err = {0};
	if (!app->idx)
		return;
	/* the store calls wrote the database; the model follows here, once */
	if (pb_index_refresh(app->idx, &err) != PB_OK)
		tui_app_message(app, true, "refresh: %s", pb_error_msg(&err));
	app->set = pb_index_series(app->idx);
	for (size_t i = 0; i < app->depth; i++) {
		tui_view_t *v = app->stack[i];
		if (v->ops->reload && !v->ops->reload(v)) {
			gone = i;
			break;
		}
		v->dirty = true;
	}
	if (gone < app->depth) {
		/* (the list is never gone: it shows what the index has) */
		char *name = talloc_strdup(app, app->stack[gone]->ops->name);
		while (app->depth > gone && app->depth > 1)
			tui_app_pop(app);
		tui_app_message(app, true, "what the %s showed is gone from the index", name);
		talloc_free(name);
	}
	/* every view is on the current index now */
	talloc_free_children(app->retired);
}

bool tui_app_alive(const tui_app_t *app, const tui_view_t *v)
{
	for (size_t i = 0; i < app->depth; i++)
		if (app->stack[i] == v)
			return true;
	return false;
}

void tui_app_external(tui_app_t *app, bool begin)
{
	if (app->on_external)
		app->on_external(app, begin, app->refresh_payload);
	if (!begin)
		app->redraw_all = true;
}

char *tui_app_key_hint(const tui_app_t *app, TALLOC_CTX *mem_ctx, tui_km_view_t km, tui_action_t a)
{
	void *tmp = talloc_new(mem_ctx);
	char *keys = tui_keymap_keys(tmp, app->keymap, km, a), *save = NULL, *k, *hint = NULL;
	if (keys && *keys) {
		hint = talloc_strndup(mem_ctx, keys, strcspn(keys, " "));
	} else {
		/* a generic key, unless the view binds it to something else */
		keys = tui_keymap_keys(tmp, app->keymap, TUI_KM_GENERIC, a);
		for (k = keys ? strtok_r(keys, " ", &save) : NULL; k && !hint; k = strtok_r(NULL, " ", &save))
			if (tui_keymap_lookup(app->keymap, km, tui_key_parse(k)) == a)
				hint = talloc_strdup(mem_ctx, k);
		if (!hint)
			hint = talloc_strdup(mem_ctx, "");
	}
	talloc_free(tmp);
	return hint;
}

const pb_profile_t *tui_app_profile(tui_app_t *app)
{
	pb_error_t err = {0};
	if (!app->profile && !app->no_profile && pb_profile_load(app, &app->profile, app->conf, NULL, &err)) {
		app->no_profile = true;
		tui_app_message(app, true, "checks: %s", pb_error_msg(&err));
	}
	return app->profile;
}

void tui_app_rescue(tui_app_t *app)
{
	for (size_t i = app->depth; i-- > 0;) {
		tui_view_t *v = app->stack[i];
		if (v->ops->rescue && v->ops->unsaved) {
			char *what = v->ops->unsaved(v, NULL);
			if (what)
				v->ops->rescue(v);
			talloc_free(what);
		}
	}
}

void tui_app_resize(tui_app_t *app, int rows, int cols)
{
	if (rows == app->rows && cols == app->cols)
		return;
	app->rows = rows > 0 ? rows : 1;
	app->cols = cols > 0 ? cols : 1;
	tui_cells_resize(app->cells, app->rows, app->cols);
	for (size_t i = 0; i < app->depth; i++)
		app->stack[i]->dirty = true;
	app->redraw_all = true;
}

static void render_title(tui_app_t *app, tui_view_t *v)
{
	void *tmp = talloc_new(NULL);
	char *title = v->ops->title ? v->ops->title(v, tmp) : talloc_strdup(tmp, v->ops->name);
	char *help = tui_keymap_keys(tmp, app->keymap, TUI_KM_GENERIC, TUI_ACT_HELP);
	char *right = talloc_asprintf(tmp, "%s%s ", help, *help ? ":help" : "");
	int rw = right ? (int)pb_text_width(right) : 0;
	tui_cells_fill(app->cells, 0, 0, app->cols, TUI_ROLE_TITLE, 0);
	tui_cells_put(app->cells, 0, 0, 1, " ", TUI_ROLE_TITLE, 0);
	tui_cells_put_mail(app->cells, 0, 1, app->cols - rw - 2, title, TUI_ROLE_TITLE, 0);
	if (right && rw < app->cols / 3)
		tui_cells_put(app->cells, 0, app->cols - rw, rw, right, TUI_ROLE_TITLE, 0);
	talloc_free(tmp);
}

/* The right of the status line while mail is read (NULL: not reading). */
static char *progress_text(const tui_app_t *app, TALLOC_CTX *ctx)
{
	double rate = app->load_elapsed > 0 ? (double)app->load_done / app->load_elapsed : 0;
	if (!app->loading)
		return NULL;
	return app->load_total ? talloc_asprintf(ctx, "reading mail %zu/%zu (%.0f/s) ", app->load_done,
						 app->load_total, rate)
			       : talloc_strdup(ctx, "opening the notmuch database ");
}

int tui_app_status_room(tui_app_t *app)
{
	char *right = progress_text(app, NULL);
	int rw = right ? (int)pb_text_width(right) : 0;
	talloc_free(right);
	return app->cols - 1 - (rw ? rw + 1 : 0);
}

char *tui_app_status_fit(tui_app_t *app, TALLOC_CTX *ctx, const char *head, const char *first,
			 const tui_status_part_t *part, size_t n, const char *tail)
{
	int last = 0;
	if (!head || !tail)
		return NULL;
	for (size_t k = 0; k < n; k++)
		if (part[k].give_way > last)
			last = part[k].give_way;
	/* GONE: the parts whose give_way is 1 to GONE are gone */
	for (int gone = 0;; gone++) {
		const char *sep = first;
		bool cut = false;
		char *s = talloc_strdup(ctx, head);
		for (size_t k = 0; k < n && s; k++) {
			bool keep = part[k].give_way == 0 || part[k].give_way > gone;
			if (!part[k].text || (!keep && cut))
				continue;
			s = talloc_asprintf_append(s, "%s%s", sep, keep ? part[k].text : "\u2026");
			sep = ", ";
			cut = !keep;
		}
		if (s)
			s = talloc_strdup_append(s, tail);
		if (!s || gone >= last || (int)pb_text_width(s) <= tui_app_status_room(app))
			return s;
		talloc_free(s);
	}
}

static void render_status(tui_app_t *app, tui_view_t *v, int row)
{
	void *tmp = talloc_new(NULL);
	char *left = v->ops->status ? v->ops->status(v, tmp) : NULL;
	char *right = progress_text(app, tmp);
	int rw = right ? (int)pb_text_width(right) : 0;
	tui_cells_fill(app->cells, row, 0, app->cols, TUI_ROLE_STATUS, 0);
	tui_cells_put(app->cells, row, 0, 1, " ", TUI_ROLE_STATUS, 0);
	if (left)
		tui_cells_put_mail(app->cells, row, 1, tui_app_status_room(app), left, TUI_ROLE_STATUS, 0);
	if (right)
		tui_cells_put(app->cells, row, app->cols - rw > 0 ? app->cols - rw : 0, rw, right, TUI_ROLE_STATUS, 0);
	talloc_free(tmp);
}

/* The message laid out at the screen's width (NULL when there is none or a
 * prompt shows), on CTX: a message longer than a line wraps onto the rows
 * above the last, up to a quarter of the screen, so that a draft's path
 * after a failed send is read whole. */
static tui_doc_t *message_doc(tui_app_t *app, TALLOC_CTX *ctx)
{
	tui_doc_t *d;
	if (app->prompt_text || !app->message || (int)pb_text_width(app->message) <= app->cols)
		return NULL;
	d = tui_doc_new(ctx, app->cols);
	if (!d || !tui_doc_text(d, 0, -1, 0, app->message_error ? TUI_ROLE_ERROR : TUI_ROLE_MESSAGE, app->message,
				strlen(app->message), true, 0)) {
		talloc_free(d);
		return NULL;
	}
	return d;
}

static int message_rows(const tui_app_t *app, const tui_doc_t *d)
{
	int most = app->rows / 4 > 1 ? app->rows / 4 : 1;
	return d ? ((int)d->n < most ? (int)d->n : most) : 1;
}

int tui_app_message_rows(tui_app_t *app)
{
	tui_doc_t *md = message_doc(app, app);
	int n = message_rows(app, md);
	talloc_free(md);
	return n;
}

static void render_bottom(tui_app_t *app, int row, const tui_doc_t *md)
{
	if (md) {
		int n = message_rows(app, md);
		for (int i = 0; i < n; i++) {
			tui_cells_fill(app->cells, row - n + 1 + i, 0, app->cols, TUI_ROLE_DEFAULT, 0);
			tui_doc_draw(md, (size_t)i, app->cells, row - n + 1 + i, app->cols, 0);
		}
		app->cursor_row = app->cursor_col = -1;
		return;
	}
	tui_cells_fill(app->cells, row, 0, app->cols, TUI_ROLE_DEFAULT, 0);
	app->cursor_row = app->cursor_col = -1;
	if (app->prompt_text) {
		char *before = talloc_strndup(app, app->prompt_text, app->prompt_pos);
		int lw = tui_cells_put(app->cells, row, 0, app->cols, app->prompt_label, TUI_ROLE_PROMPT, 0);
		int bw = before ? (int)pb_text_width(before) : 0;
		/* keep the cursor on the screen: show the end of a long text */
		int skip = lw + bw >= app->cols ? lw + bw - app->cols + 1 : 0;
		const char *shown = app->prompt_text;
		while (skip > 0 && *shown) {
			size_t used;
			size_t n = pb_text_fit(shown, 1, &used);
			if (n == 0)
				n = (size_t)(g_utf8_next_char(shown) - shown), used = 2;
			shown += n;
			skip -= (int)used;
			bw -= (int)used;
		}
		tui_cells_put(app->cells, row, lw, app->cols - lw, shown, TUI_ROLE_DEFAULT,
			      app->prompt_fresh ? TUI_A_REVERSE : 0);
		app->cursor_row = row;
		app->cursor_col = lw + bw < app->cols ? lw + bw : app->cols - 1;
		talloc_free(before);
	} else if (app->message) {
		tui_cells_put_mail(app->cells, row, 0, app->cols, app->message,
				   app->message_error ? TUI_ROLE_ERROR : TUI_ROLE_MESSAGE, 0);
	}
}

void tui_app_render(tui_app_t *app)
{
	tui_view_t *v = tui_app_top(app);
	tui_doc_t *md;
	int body, mr;
	tui_cells_clear(app->cells, TUI_ROLE_DEFAULT);
	if (app->rows < 4) {
		tui_cells_put(app->cells, 0, 0, app->cols, "terminal too small", TUI_ROLE_ERROR, 0);
		return;
	}
	md = message_doc(app, app);
	mr = message_rows(app, md);
	body = app->rows - 2 - mr;
	tui_view_resize(v, app->cols, body - v->ops->header_rows);
	if (tui_view_update(v))
		tui_app_message(app, true, "out of memory");
	render_title(app, v);
	tui_view_paint(v, app->cells, 1, body);
	render_status(app, v, app->rows - 1 - mr);
	render_bottom(app, app->rows - 1, md);
	talloc_free(md);
}

/* ---- the model arriving ---------------------------------------------- */

void tui_app_progress(tui_app_t *app, size_t done, size_t total, double elapsed)
{
	app->loading = true;
	app->load_done = done;
	app->load_total = total;
	app->load_elapsed = elapsed;
}

/* OLD (a partial set or an index) is no longer the model. The list has
 * moved on; views above it may still show OLD, which then lives until
 * they are closed. */
static void retire(tui_app_t *app, void *old)
{
	if (!old)
		return;
	if (app->depth > 1)
		talloc_steal(app->retired, old);
	else
		talloc_free(old);
}

void tui_app_set_partial(tui_app_t *app, pb_series_set_t *set)
{
	pb_series_set_t *old = app->partial;
	app->partial = talloc_steal(app, set);
	app->set = set;
	app->loading = true;
	/* the list leaves the old model (its cursor reads it) before it goes */
	tui_list_reload(app->stack[0]);
	retire(app, old);
}

/* patchbay.target, opened once, marks every model of the index with the
 * series found in it (accepted); the repository's tags wake the series
 * snoozed on one */
static void attach_target(tui_app_t *app)
{
	if (!app->target_tried) {
		char *repo = pb_conf_repo(app, app->conf, app->repo_path);
		pb_conf_t *own = NULL;
		const char *ref;
		pb_error_t err = {0};
		app->target_tried = true;
		/* the repository's own config says what its target is */
		if (repo && pb_conf_open(app, &own, repo, NULL) != PB_OK)
			own = NULL;
		ref = pb_conf_get(own ? own : app->conf, "patchbay.target");
		if (ref && *ref && pb_target_open(&app->target, app, repo, ref, &err) != PB_OK)
			tui_app_message(app, true, "%s: no series is found accepted", pb_error_msg(&err));
		else if (app->target && !app->iopts.no_cache &&
			 pb_target_cache(app->target, app->iopts.cache_dir, &err) != PB_OK)
			pb_error_clear(&err);
		talloc_free(own);
		/* (the repository is opened when a series waits for a tag) */
		if (pb_wake_open(&app->wake, app, repo, &err) != PB_OK)
			pb_error_clear(&err);
	}
	if (app->target)
		pb_target_attach(app->target, app->idx);
	if (app->wake && pb_wake_attach(app->wake, app->idx) != PB_OK)
		tui_app_message(app, true, "snoozes on a git tag cannot be woken: the index has no room for it");
}

void tui_app_set_index(tui_app_t *app, pb_index_t *idx)
{
	pb_series_set_t *old_partial = app->partial;
	pb_index_t *old_idx = app->idx;
	app->partial = NULL;
	app->idx = talloc_steal(app, idx);
	attach_target(app);
	app->set = pb_index_series(idx);
	app->loading = false;
	TALLOC_FREE(app->match);
	tui_list_reload(app->stack[0]);
	retire(app, old_partial);
	retire(app, old_idx);
}

void tui_app_set_match(tui_app_t *app, pb_match_t *m)
{
	talloc_free(app->match);
	app->match = talloc_steal(app, m);
	if (!app->idx && app->set)
		tui_list_reload(app->stack[0]);
}

void tui_app_load_failed(tui_app_t *app, const char *msg)
{
	app->loading = false;
	tui_app_message(app, true, "%s", msg);
}

int tui_app_load_mail(tui_app_t *app, TALLOC_CTX *mem_ctx, const pb_msgrec_t *rec, pb_mail_t **out,
		      pb_error_t *err)
{
	if (app->idx)
		return pb_index_load_mail(app->idx, mem_ctx, rec, out, err);
	return pb_mail_load(mem_ctx, out, rec->file, err);
}
