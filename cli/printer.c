/* printer.c: the text and JSON back ends of printer.h. Each is a table of
 * operations (notmuch's sprinter, tig's view_ops); the pr_ functions
 * dispatch through it, and a back end leaves out (NULL) what is the other's
 * half. */
#include <stdarg.h>

#include "cli/cli.h"
#include "cli/json.h"
#include "cli/printer.h"

struct printer_ops {
	void (*begin)(printer_t *p, bool map);
	void (*end)(printer_t *p);
	void (*key)(printer_t *p, const char *key);
	void (*str)(printer_t *p, const char *s);
	void (*integer)(printer_t *p, long long v);
	void (*boolean)(printer_t *p, bool v);
	void (*null)(printer_t *p);
	void (*text)(printer_t *p, FILE *f, const char *s);
	void (*blank_line)(printer_t *p);
};

struct printer {
	const struct printer_ops *ops;
	FILE *out;
	json_t j;
	int depth;
	bool map[64]; /* the JSON back end: what pr_end closes at each depth */
};

static void json_begin(printer_t *p, bool map)
{
	if (map)
		json_begin_obj(&p->j);
	else
		json_begin_arr(&p->j);
	if (p->depth < 63)
		p->map[++p->depth] = map;
}

static void json_end(printer_t *p)
{
	if (p->depth > 0 && p->map[p->depth])
		json_end_obj(&p->j);
	else
		json_end_arr(&p->j);
	if (p->depth > 0)
		p->depth--;
}

static void json_key_(printer_t *p, const char *key) { json_key(&p->j, key); }
static void json_str_(printer_t *p, const char *s) { json_str(&p->j, s); }
static void json_int_(printer_t *p, long long v) { json_int(&p->j, v); }
static void json_bool_(printer_t *p, bool v) { json_bool(&p->j, v); }
static void json_null_(printer_t *p) { json_null(&p->j); }
static void json_blank_line(printer_t *p) { fputc('\n', p->out); }

static const struct printer_ops json_ops = {
	.begin = json_begin,
	.end = json_end,
	.key = json_key_,
	.str = json_str_,
	.integer = json_int_,
	.boolean = json_bool_,
	.null = json_null_,
	.blank_line = json_blank_line,
};

static void text_text(printer_t *p, FILE *f, const char *s) { cli_puts_safe(f, s); }

static const struct printer_ops text_ops = {
	.text = text_text,
};

printer_t *printer_new(TALLOC_CTX *ctx, printer_kind_t kind, FILE *out, int indent)
{
	printer_t *p = talloc_zero(ctx, printer_t);
	if (!p)
		return NULL;
	p->ops = kind == PRINTER_JSON ? &json_ops : &text_ops;
	p->out = out;
	json_init(&p->j, out, indent);
	return p;
}

bool pr_is_text(const printer_t *p) { return p->ops == &text_ops; }

void pr_begin_map(printer_t *p) { if (p->ops->begin) p->ops->begin(p, true); }
void pr_begin_list(printer_t *p) { if (p->ops->begin) p->ops->begin(p, false); }
void pr_end(printer_t *p) { if (p->ops->end) p->ops->end(p); }
void pr_key(printer_t *p, const char *key) { if (p->ops->key) p->ops->key(p, key); }
void pr_str(printer_t *p, const char *s) { if (p->ops->str) p->ops->str(p, s); }
void pr_int(printer_t *p, long long v) { if (p->ops->integer) p->ops->integer(p, v); }
void pr_bool(printer_t *p, bool v) { if (p->ops->boolean) p->ops->boolean(p, v); }
void pr_null(printer_t *p) { if (p->ops->null) p->ops->null(p); }
void pr_kstr(printer_t *p, const char *key, const char *s) { pr_key(p, key); pr_str(p, s); }
void pr_kint(printer_t *p, const char *key, long long v) { pr_key(p, key); pr_int(p, v); }
void pr_kbool(printer_t *p, const char *key, bool v) { pr_key(p, key); pr_bool(p, v); }
void pr_json_blank_line(printer_t *p) { if (p->ops->blank_line) p->ops->blank_line(p); }

void pr_text(printer_t *p, const char *s)
{
	if (p->ops->text)
		p->ops->text(p, p->out, s);
}

static void vtextf(printer_t *p, FILE *f, const char *fmt, va_list ap)
{
	char *t;
	if (!p->ops->text)
		return; /* (nothing formatted for the JSON back end) */
	t = talloc_vasprintf(p, fmt, ap);
	p->ops->text(p, f, t ? t : "patchbay: out of memory\n");
	talloc_free(t);
}

void pr_textf(printer_t *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vtextf(p, p->out, fmt, ap);
	va_end(ap);
}

void pr_textf_to(printer_t *p, FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vtextf(p, f, fmt, ap);
	va_end(ap);
}
