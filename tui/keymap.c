/* keymap.c: keymap files, key names and lookup. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <glib.h>

#include "tui/keymap.h"

/* tools/embed.sh compiles the files of keymaps/ into this table */
struct pb_embedded_file {
	const char *name;
	const char *text;
};
extern const struct pb_embedded_file pb_embedded_keymaps[];

struct binding {
	int key;
	tui_action_t action;
};

struct tui_keymap {
	struct binding *b[TUI_KM_COUNT];
	size_t n[TUI_KM_COUNT];
};

static const char *const view_names[] = {
#define TUI_X_KM_NAME(id, name, what) name,
	TUI_KEYMAP_VIEWS(TUI_X_KM_NAME)
#undef TUI_X_KM_NAME
};

static const char *const view_whats[] = {
#define TUI_X_KM_WHAT(id, name, what) what,
	TUI_KEYMAP_VIEWS(TUI_X_KM_WHAT)
#undef TUI_X_KM_WHAT
};

static const struct {
	int key;
	const char *name;
} key_names[] = {
	{TUI_KEY_ENTER, "Enter"},       {TUI_KEY_ESC, "Esc"},         {TUI_KEY_BACKSPACE, "Backspace"},
	{TUI_KEY_UP, "Up"},             {TUI_KEY_DOWN, "Down"},       {TUI_KEY_LEFT, "Left"},
	{TUI_KEY_RIGHT, "Right"},       {TUI_KEY_PAGEUP, "PageUp"},   {TUI_KEY_PAGEDOWN, "PageDown"},
	{TUI_KEY_HOME, "Home"},         {TUI_KEY_END, "End"},         {TUI_KEY_INSERT, "Insert"},
	{TUI_KEY_DELETE, "Delete"},     {TUI_KEY_BACKTAB, "BackTab"}, {' ', "Space"},
	{'\t', "Tab"},                  {'<', "lt"},                  {TUI_KEY_ENTER, "Return"},
	{TUI_KEY_PAGEUP, "PgUp"},       {TUI_KEY_PAGEDOWN, "PgDn"},   {TUI_KEY_DELETE, "Del"},
	{0, NULL}};

const char *tui_km_view_name(tui_km_view_t v)
{
	return (unsigned)v < TUI_KM_COUNT ? view_names[v] : "?";
}

const char *tui_km_view_what(tui_km_view_t v)
{
	return (unsigned)v < TUI_KM_COUNT ? view_whats[v] : "?";
}

static int ctrl_of(const char *s)
{
	char c = s[0];
	if (!c || s[1])
		return -1;
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 1;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 1;
	switch (c) {
	case '@': return 0;
	case '[': return TUI_KEY_ESC;
	case '\\': return 28;
	case ']': return 29;
	case '^': return 30;
	case '_': return 31;
	}
	return -1;
}

/* C-m and C-j are Enter, C-[ is Esc, C-h is Backspace, as terminals send them */
static int normal_key(int k)
{
	if (k == '\n' || k == '\r')
		return TUI_KEY_ENTER;
	if (k == 27)
		return TUI_KEY_ESC;
	if (k == 8 || k == 127)
		return TUI_KEY_BACKSPACE;
	return k;
}

int tui_key_parse(const char *s)
{
	size_t n = strlen(s);
	if (n == 0)
		return -1;
	if (g_utf8_validate(s, (gssize)n, NULL) && g_utf8_strlen(s, (gssize)n) == 1) {
		gunichar u = g_utf8_get_char(s);
		return u < 32 || u == 127 ? -1 : (int)u;
	}
	if ((s[0] == 'C' || s[0] == 'c') && s[1] == '-' && n == 3)
		return ctrl_of(s + 2) < 0 ? -1 : normal_key(ctrl_of(s + 2));
	if (s[0] == '^' && n == 2)
		return ctrl_of(s + 1) < 0 ? -1 : normal_key(ctrl_of(s + 1));
	if (s[0] == '<' && s[n - 1] == '>' && n > 2) {
		char name[32];
		if (n - 2 >= sizeof(name))
			return -1;
		memcpy(name, s + 1, n - 2);
		name[n - 2] = '\0';
		if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] && !name[3])
			return ctrl_of(name + 2) < 0 ? -1 : normal_key(ctrl_of(name + 2));
		if ((name[0] == 'F' || name[0] == 'f') && name[1]) {
			char *e;
			long f = strtol(name + 1, &e, 10);
			if (!*e && f >= 1 && f <= 12)
				return TUI_KEY_F1 + (int)f - 1;
		}
		for (int i = 0; key_names[i].name; i++)
			if (strcasecmp(name, key_names[i].name) == 0)
				return key_names[i].key;
	}
	return -1;
}

char *tui_key_name(TALLOC_CTX *mem_ctx, int key)
{
	char buf[8];
	for (int i = 0; key_names[i].name; i++)
		if (key_names[i].key == key && key != '<')
			return talloc_asprintf(mem_ctx, "<%s>", key_names[i].name);
	if (key >= TUI_KEY_F1 && key <= TUI_KEY_F12)
		return talloc_asprintf(mem_ctx, "<F%d>", key - TUI_KEY_F1 + 1);
	if (key >= 1 && key <= 26)
		return talloc_asprintf(mem_ctx, "C-%c", 'a' + key - 1);
	if (key == 0)
		return talloc_strdup(mem_ctx, "C-@");
	if (key >= 28 && key <= 31)
		return talloc_asprintf(mem_ctx, "C-%c", "\\]^_"[key - 28]);
	if (key > 32 && key < TUI_KEY_SPECIAL) {
		int len = g_unichar_to_utf8((gunichar)key, buf);
		return talloc_strndup(mem_ctx, buf, (size_t)len);
	}
	return talloc_asprintf(mem_ctx, "<0x%x>", (unsigned)key);
}

int tui_keymap_new(TALLOC_CTX *mem_ctx, tui_keymap_t **out)
{
	tui_keymap_t *km = talloc_zero(mem_ctx, tui_keymap_t);
	if (!km)
		return PB_ERR_NOMEM;
	*out = km;
	return PB_OK;
}

static struct binding *find(tui_keymap_t *km, tui_km_view_t v, int key)
{
	for (size_t i = 0; i < km->n[v]; i++)
		if (km->b[v][i].key == key)
			return &km->b[v][i];
	return NULL;
}

static bool set(tui_keymap_t *km, tui_km_view_t v, int key, tui_action_t a)
{
	struct binding *b = find(km, v, key), *nb;
	if (b) {
		b->action = a;
		return true;
	}
	nb = talloc_realloc(km, km->b[v], struct binding, km->n[v] + 1);
	if (!nb)
		return false;
	km->b[v] = nb;
	nb[km->n[v]].key = key;
	nb[km->n[v]].action = a;
	km->n[v]++;
	return true;
}

static void unset(tui_keymap_t *km, tui_km_view_t v, int key)
{
	struct binding *b = find(km, v, key);
	if (v != TUI_KM_GENERIC) {
		/* hides the generic binding in this view */
		set(km, v, key, TUI_ACT_NONE);
		return;
	}
	if (b) {
		size_t i = (size_t)(b - km->b[v]);
		memmove(b, b + 1, (km->n[v] - i - 1) * sizeof(*b));
		km->n[v]--;
	}
}

static int view_parse(const char *s)
{
	for (int i = 0; i < TUI_KM_COUNT; i++)
		if (strcmp(view_names[i], s) == 0)
			return i;
	return -1;
}

static void load_line(tui_keymap_t *km, const char *label, unsigned lineno, char *line, tui_errors_t *errs)
{
	char *w[5] = {NULL}, *save = NULL;
	int nw = 0, view, key, action;
	line += strspn(line, " \t\r");
	if (!*line || *line == '#')
		return;
	for (char *t = strtok_r(line, " \t\r", &save); t; t = strtok_r(NULL, " \t\r", &save)) {
		if (nw == 4) {
			tui_errors_add(errs, "%s:%u: too many words", label, lineno);
			return;
		}
		w[nw++] = t;
	}
	if (strcmp(w[0], "bind") != 0 && strcmp(w[0], "unbind") != 0) {
		tui_errors_add(errs, "%s:%u: unknown statement \"%s\" (bind or unbind)", label, lineno, w[0]);
		return;
	}
	if ((strcmp(w[0], "bind") == 0 && nw != 4) || (strcmp(w[0], "unbind") == 0 && nw != 3)) {
		tui_errors_add(errs, "%s:%u: usage: bind VIEW KEY ACTION, or unbind VIEW KEY", label, lineno);
		return;
	}
	if ((view = view_parse(w[1])) < 0) {
		tui_errors_add(errs, "%s:%u: unknown view \"%s\"", label, lineno, w[1]);
		return;
	}
	if ((key = tui_key_parse(w[2])) < 0) {
		tui_errors_add(errs, "%s:%u: unknown key \"%s\"", label, lineno, w[2]);
		return;
	}
	if (nw == 3) {
		unset(km, (tui_km_view_t)view, key);
		return;
	}
	if ((action = tui_action_parse(w[3])) < 0) {
		tui_errors_add(errs, "%s:%u: unknown action \"%s\"", label, lineno, w[3]);
		return;
	}
	if (!set(km, (tui_km_view_t)view, key, (tui_action_t)action))
		tui_errors_add(errs, "%s:%u: out of memory", label, lineno);
}

void tui_keymap_load(tui_keymap_t *km, const char *label, const char *text, tui_errors_t *errs)
{
	unsigned lineno = 0;
	for (const char *p = text; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *line = talloc_strndup(km, p, n);
		lineno++;
		if (line)
			load_line(km, label, lineno, line, errs);
		talloc_free(line);
		p = e ? e + 1 : p + n;
	}
}

bool tui_keymap_load_builtin(tui_keymap_t *km, const char *name, tui_errors_t *errs)
{
	char file[64];
	snprintf(file, sizeof(file), "%s.keymap", name);
	for (const struct pb_embedded_file *f = pb_embedded_keymaps; f->name; f++)
		if (strcmp(f->name, file) == 0) {
			char *label = talloc_asprintf(km, "keymaps/%s", f->name);
			tui_keymap_load(km, label ? label : f->name, f->text, errs);
			talloc_free(label);
			return true;
		}
	return false;
}

void tui_keymap_load_file(tui_keymap_t *km, const char *path, tui_errors_t *errs)
{
	FILE *f = fopen(path, "r");
	char *text = talloc_strdup(km, ""), buf[4096];
	size_t n;
	if (!f) {
		if (errno != ENOENT)
			tui_errors_add(errs, "%s: %s", path, strerror(errno));
		talloc_free(text);
		return;
	}
	while (text && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		text = talloc_strndup_append_buffer(text, buf, n);
	fclose(f);
	if (text)
		tui_keymap_load(km, path, text, errs);
	talloc_free(text);
}

char *tui_keymap_user_path(TALLOC_CTX *mem_ctx)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *h = getenv("HOME");
	if (x && *x)
		return talloc_asprintf(mem_ctx, "%s/patchbay/keymap", x);
	return talloc_asprintf(mem_ctx, "%s/.config/patchbay/keymap", h && *h ? h : ".");
}

int tui_keymap_setup(TALLOC_CTX *mem_ctx, tui_keymap_t **out, pb_conf_t *conf, tui_errors_t *errs)
{
	const char *name = pb_conf_get(conf, "patchbay.keymap");
	tui_keymap_t *km;
	char *user;
	if (tui_keymap_new(mem_ctx, &km))
		return PB_ERR_NOMEM;
	if (!name || !*name)
		name = "mutt";
	if (!tui_keymap_load_builtin(km, name, errs)) {
		tui_errors_add(errs, "patchbay.keymap: no keymap named \"%s\" (mutt or vi); using mutt", name);
		tui_keymap_load_builtin(km, "mutt", errs);
	}
	if ((user = tui_keymap_user_path(km))) {
		tui_keymap_load_file(km, user, errs);
		talloc_free(user);
	}
	*out = km;
	return PB_OK;
}

tui_action_t tui_keymap_lookup(const tui_keymap_t *km, tui_km_view_t view, int key)
{
	key = normal_key(key);
	for (size_t i = 0; i < km->n[view]; i++)
		if (km->b[view][i].key == key)
			return km->b[view][i].action;
	for (size_t i = 0; i < km->n[TUI_KM_GENERIC]; i++)
		if (km->b[TUI_KM_GENERIC][i].key == key)
			return km->b[TUI_KM_GENERIC][i].action;
	return TUI_ACT_NONE;
}

char *tui_keymap_keys(TALLOC_CTX *mem_ctx, const tui_keymap_t *km, tui_km_view_t view, tui_action_t a)
{
	char *s = talloc_strdup(mem_ctx, "");
	for (size_t i = 0; i < km->n[view] && s; i++) {
		const struct binding *b = &km->b[view][i];
		char *name;
		if (b->action != a)
			continue;
		/* a generic key hidden in VIEW is not a key of VIEW */
		if (view == TUI_KM_GENERIC && a == TUI_ACT_NONE)
			continue;
		name = tui_key_name(s, b->key);
		s = talloc_asprintf_append(s, "%s%s", *s ? " " : "", name);
	}
	return s;
}

char *tui_keymap_dump(TALLOC_CTX *mem_ctx, const tui_keymap_t *km)
{
	char *s = talloc_strdup(mem_ctx, "");
	for (int v = 0; v < TUI_KM_COUNT && s; v++)
		for (int a = 0; a < TUI_ACT_COUNT && s; a++)
			for (size_t i = 0; i < km->n[v] && s; i++) {
				const struct binding *b = &km->b[v][i];
				char *name;
				if ((int)b->action != a)
					continue;
				name = tui_key_name(s, b->key);
				if (a == TUI_ACT_NONE)
					s = talloc_asprintf_append(s, "unbind %s %s\n", view_names[v], name);
				else
					s = talloc_asprintf_append(s, "bind %s %s %s\n", view_names[v], name,
								   tui_action_name((tui_action_t)a));
			}
	return s;
}

int tui_dump_keys(pb_conf_t *conf)
{
	void *ctx = talloc_new(NULL);
	tui_errors_t *errs = tui_errors_new(ctx);
	tui_keymap_t *km;
	int rc = 0;
	if (!errs || tui_keymap_setup(ctx, &km, conf, errs)) {
		fprintf(stderr, "patchbay: out of memory\n");
		talloc_free(ctx);
		return 2;
	}
	for (size_t i = 0; i < errs->n; i++)
		fprintf(stderr, "%s\n", errs->v[i]);
	fputs(tui_keymap_dump(ctx, km), stdout);
	talloc_free(ctx);
	return rc;
}
