/* theme.c: what each colour role looks like. */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <strings.h>

#include "tui/theme.h"

static const struct {
	const char *name, *desc;
	short fg, bg;
	unsigned attr, mono;
} roles[] = {
#define TUI_X_ROLE_ROW(id, name, fg, bg, attr, mono, desc) {name, desc, fg, bg, attr, mono},
	TUI_ROLES(TUI_X_ROLE_ROW)
#undef TUI_X_ROLE_ROW
};

const char *tui_role_name(tui_role_t role)
{
	return (unsigned)role < TUI_ROLE_COUNT ? roles[role].name : "?";
}

const char *tui_role_desc(tui_role_t role)
{
	return (unsigned)role < TUI_ROLE_COUNT ? roles[role].desc : "?";
}

bool tui_theme_no_color(void)
{
	const char *e = getenv("NO_COLOR");
	return e && *e;
}

void tui_theme_init(tui_theme_t *t, bool color)
{
	t->color = color;
	for (int i = 0; i < TUI_ROLE_COUNT; i++) {
		t->style[i].fg = color ? roles[i].fg : -1;
		t->style[i].bg = color ? roles[i].bg : -1;
		t->style[i].attr = color ? roles[i].attr : roles[i].mono;
	}
}

static int color_word(const char *w)
{
	static const char *const names[] = {"black", "red",     "green", "yellow",
					    "blue",  "magenta", "cyan",  "white"};
	char *e;
	long n;
	if (strcasecmp(w, "normal") == 0 || strcasecmp(w, "default") == 0)
		return -1;
	for (int i = 0; i < 8; i++) {
		if (strcasecmp(w, names[i]) == 0)
			return i;
		if (strncasecmp(w, "bright", 6) == 0 && strcasecmp(w + 6, names[i]) == 0)
			return i + 8;
	}
	n = strtol(w, &e, 10);
	if (e != w && !*e && n >= 0 && n <= 255)
		return (int)n;
	return -2;
}

static unsigned attr_word(const char *w, bool *neg)
{
	static const struct {
		const char *name;
		unsigned attr;
	} a[] = {{"bold", TUI_A_BOLD},       {"dim", TUI_A_DIM},         {"ul", TUI_A_UNDERLINE},
		 {"underline", TUI_A_UNDERLINE}, {"reverse", TUI_A_REVERSE}, {NULL, 0}};
	*neg = false;
	if (strncasecmp(w, "no", 2) == 0) {
		*neg = true;
		w += 2;
		if (*w == '-')
			w++;
	}
	for (int i = 0; a[i].name; i++)
		if (strcasecmp(w, a[i].name) == 0)
			return a[i].attr;
	/* git knows these too; a terminal may not: accepted, ignored */
	if (strcasecmp(w, "italic") == 0 || strcasecmp(w, "blink") == 0 || strcasecmp(w, "strike") == 0)
		return 1u << 31;
	return 0;
}

bool tui_theme_parse(tui_style_t *s, const char *spec)
{
	tui_style_t r = *s;
	int ncolors = 0;
	char buf[256], *save = NULL;
	bool set_attr = false;
	if (strlen(spec) >= sizeof(buf))
		return false;
	strcpy(buf, spec);
	for (char *w = strtok_r(buf, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		int c = color_word(w);
		bool neg;
		unsigned a;
		if (c >= -1) {
			if (ncolors == 0)
				r.fg = (short)c;
			else if (ncolors == 1)
				r.bg = (short)c;
			else
				return false;
			ncolors++;
			continue;
		}
		if (!(a = attr_word(w, &neg)))
			return false;
		a &= ~(1u << 31);
		/* a colour spec replaces the attributes, as in git */
		if (!set_attr) {
			r.attr = 0;
			set_attr = true;
		}
		if (neg)
			r.attr &= ~a;
		else
			r.attr |= a;
	}
	if (ncolors && !set_attr)
		r.attr = 0;
	*s = r;
	return true;
}

void tui_theme_load(tui_theme_t *t, pb_conf_t *conf, tui_errors_t *errs)
{
	for (int i = 0; i < TUI_ROLE_COUNT; i++) {
		char key[96];
		const char *v;
		tui_style_t s = t->style[i];
		snprintf(key, sizeof(key), "patchbay.color.%s", roles[i].name);
		if (!(v = pb_conf_get(conf, key)))
			continue;
		if (!tui_theme_parse(&s, v)) {
			tui_errors_add(errs, "%s: cannot read colour \"%s\"", key, v);
			continue;
		}
		if (!t->color) {
			/* without colour only the attributes count */
			s.fg = s.bg = -1;
		}
		t->style[i] = s;
	}
}
