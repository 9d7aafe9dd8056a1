/* demo_scale.c: the generated series of scale mode.
 *
 * Every series adds the driver of one made-up sensor, one new file per
 * patch under drivers/VENDOR/ (so that every patch applies to master and
 * has a patch-id of its own), posted by an author who posts no other
 * series, in one to three versions; a version changes some patches and
 * keeps the others (same patch-ids). Reviews, answers and trailers come at
 * random, from a splitmix64 PRNG seeded with the seed: the same seed gives
 * the same bytes. Texts and templates are in demo/scale.txt. The diffs are
 * written directly, not through git: new files need no repository. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "demogen/demo_priv.h"

#define DAY 86400
#define NAME_STEP 7919 /* prime, coprime to the number of name pairs */

struct pool {
	char **v;
	size_t n;
};

struct part {
	const char *id, *title, *tmpl, *why;
};

struct scale {
	_pb_demo_gen_t *g;
	TALLOC_CTX *ctx;
	uint64_t rng;
	struct pool first, last, vendor, kind, domain, tz, cover, changelog, review, answer, thanks;
	struct part *parts;
	size_t n_parts;
	const _pb_demo_person_t **reviewers;
	size_t n_reviewers;
	const _pb_demo_person_t *maintainer;
	int64_t t_from, t_to;
};

static uint64_t rnd(struct scale *sc)
{
	uint64_t z = (sc->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned below(struct scale *sc, size_t n)
{
	return n ? (unsigned)(rnd(sc) % n) : 0;
}

static bool chance(struct scale *sc, unsigned percent)
{
	return below(sc, 100) < percent;
}

static const char *any(struct scale *sc, const struct pool *p)
{
	return p->v[below(sc, p->n)];
}

/* ---- data -------------------------------------------------------------- */

static int lines_of(TALLOC_CTX *ctx, struct pool *p, const char *text)
{
	for (const char *l = text; *l;) {
		const char *e = strchr(l, '\n');
		size_t len = e ? (size_t)(e - l) : strlen(l);
		if (len) {
			char **nv = talloc_realloc(ctx, p->v, char *, p->n + 1);
			if (!nv || !(nv[p->n] = talloc_strndup(ctx, l, len)))
				return PB_ERR_NOMEM;
			p->v = nv;
			p->n++;
		}
		l = e ? e + 1 : l + len;
	}
	return PB_OK;
}

static int load(struct scale *sc)
{
	static const char *const kinds[] = {"first", "last", "vendor", "kind", "domain", "tz", "cover",
					    "changelog", "review", "answer", "thanks", NULL};
	struct pool *pools[] = {&sc->first, &sc->last, &sc->vendor, &sc->kind, &sc->domain, &sc->tz,
				&sc->cover, &sc->changelog, &sc->review, &sc->answer, &sc->thanks};
	const char *text = _pb_demo_file("scale.txt");
	_pb_demo_doc_t *d;
	int rc;

	if (!text)
		return pb_error_set(sc->g->err, PB_ERR_NOTFOUND, "demo/scale.txt is not compiled in");
	if ((rc = _pb_demo_doc_parse(sc->ctx, &d, "scale.txt", text, sc->g->err)))
		return rc;
	for (size_t i = 0; i < d->n; i++) {
		const _pb_demo_sect_t *s = &d->v[i];
		int k;
		if (strcmp(s->kind, "part") == 0) {
			struct part *np = talloc_realloc(sc->ctx, sc->parts, struct part, sc->n_parts + 1);
			if (!np)
				return pb_error_set(sc->g->err, PB_ERR_NOMEM, "out of memory");
			sc->parts = np;
			np[sc->n_parts].id = _pb_demo_attr(s, "id");
			np[sc->n_parts].title = s->title;
			np[sc->n_parts].tmpl = s->text;
			np[sc->n_parts].why = NULL;
			if (!np[sc->n_parts++].id || !*s->title)
				return _pb_demo_fail(sc->g->err, s, "a part needs id= and a title");
			continue;
		}
		if (strcmp(s->kind, "why") == 0) {
			const char *id = _pb_demo_attr(s, "id");
			size_t p = 0;
			while (p < sc->n_parts && (!id || strcmp(sc->parts[p].id, id) != 0))
				p++;
			if (p == sc->n_parts)
				return _pb_demo_fail(sc->g->err, s, "why id=%s: no such part above", id ? id : "");
			sc->parts[p].why = s->text;
			continue;
		}
		for (k = 0; kinds[k] && strcmp(kinds[k], s->kind) != 0; k++)
			;
		if (!kinds[k])
			return _pb_demo_fail(sc->g->err, s, "unknown section \"%s\"", s->kind);
		if (lines_of(sc->ctx, pools[k], s->text))
			return pb_error_set(sc->g->err, PB_ERR_NOMEM, "out of memory");
	}
	for (int k = 0; kinds[k]; k++)
		if (pools[k]->n == 0)
			return pb_error_set(sc->g->err, PB_ERR_PARSE, "demo/scale.txt: no \"%s\" section", kinds[k]);
	/* names, vendors and kinds are "Text|ascii" */
	for (int k = 0; k < 4; k++)
		for (size_t i = 0; i < pools[k]->n; i++)
			if (!strchr(pools[k]->v[i], '|'))
				return pb_error_set(sc->g->err, PB_ERR_PARSE, "demo/scale.txt: \"%s\" has no '|'",
						    pools[k]->v[i]);
	for (size_t p = 0; p < sc->n_parts; p++)
		if (!sc->parts[p].why)
			return pb_error_set(sc->g->err, PB_ERR_PARSE, "demo/scale.txt: part %s has no why", sc->parts[p].id);
	if (sc->n_parts < 2)
		return pb_error_set(sc->g->err, PB_ERR_PARSE, "demo/scale.txt: fewer than two parts");
	return PB_OK;
}

/* ---- one series ---------------------------------------------------------- */

struct vars {
	const char *model, *umodel, *name, *vendor, *vid, *code, *kind, *unit, *part, *who;
	unsigned timeout, retries, reg;
};

/* TMPL with its @NAME@ tokens replaced. */
static char *subst(TALLOC_CTX *ctx, const char *tmpl, const struct vars *v)
{
	GString *o = g_string_sized_new(strlen(tmpl) + 64);
	char *r;
	for (const char *p = tmpl; *p; p++) {
		const char *e = *p == '@' ? strchr(p + 1, '@') : NULL;
		char num[16];
		const char *val = NULL;
		size_t n = e ? (size_t)(e - p - 1) : 0;
#define TOK(s) (n == sizeof(s) - 1 && memcmp(p + 1, s, n) == 0)
		if (!e || n > 8)
			val = NULL;
		else if (TOK("MODEL"))
			val = v->model;
		else if (TOK("UMODEL"))
			val = v->umodel;
		else if (TOK("NAME"))
			val = v->name;
		else if (TOK("VENDOR"))
			val = v->vendor;
		else if (TOK("VID"))
			val = v->vid;
		else if (TOK("CODE"))
			val = v->code;
		else if (TOK("KIND"))
			val = v->kind;
		else if (TOK("UNIT"))
			val = v->unit;
		else if (TOK("PART"))
			val = v->part;
		else if (TOK("WHO"))
			val = v->who;
		else if (TOK("TIMEOUT") || TOK("RETRIES") || TOK("REG")) {
			snprintf(num, sizeof(num), TOK("REG") ? "%02x" : "%u",
				 TOK("TIMEOUT") ? v->timeout : TOK("RETRIES") ? v->retries : v->reg);
			val = num;
		}
#undef TOK
		if (!val) {
			g_string_append_c(o, *p);
			continue;
		}
		g_string_append(o, val ? val : "");
		p = e;
	}
	r = talloc_strndup(ctx, o->str, o->len);
	g_string_free(o, TRUE);
	return r;
}

struct patch {
	const struct part *part;
	char *path, *subject, *body, *diff;
	unsigned lines;
	unsigned variant;
};

/* The diff that creates PATH with CONTENT, as git writes it. */
static char *new_file_diff(TALLOC_CTX *ctx, const char *path, const char *content, unsigned *lines)
{
	GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA1);
	char hdr[64];
	size_t len = strlen(content);
	GString *o = g_string_sized_new(len + len / 16 + 256);
	char *r;
	unsigned n = 0;
	int hl = snprintf(hdr, sizeof(hdr), "blob %zu", len);

	g_checksum_update(ck, (const guchar *)hdr, (gssize)hl + 1);
	g_checksum_update(ck, (const guchar *)content, (gssize)len);
	for (const char *p = content; *p; p++)
		n += *p == '\n';
	g_string_append_printf(o, "diff --git a/%s b/%s\nnew file mode 100644\nindex 0000000..%.7s\n"
			       "--- /dev/null\n+++ b/%s\n@@ -0,0 +1,%u @@\n",
			       path, path, g_checksum_get_string(ck), path, n);
	for (const char *l = content; *l;) {
		const char *e = strchr(l, '\n');
		size_t ll = e ? (size_t)(e - l) : strlen(l);
		g_string_append_c(o, '+');
		g_string_append_len(o, l, (gssize)ll);
		g_string_append_c(o, '\n');
		l = e ? e + 1 : l + ll;
	}
	g_checksum_free(ck);
	r = talloc_strndup(ctx, o->str, o->len);
	g_string_free(o, TRUE);
	*lines = n;
	return r;
}

/* A diffstat of new files, as git format-patch writes it. */
static char *diffstat(TALLOC_CTX *ctx, struct patch *const *ps, size_t n)
{
	size_t width = 0;
	unsigned total = 0;
	char *o;
	for (size_t i = 0; i < n; i++)
		if (strlen(ps[i]->path) > width)
			width = strlen(ps[i]->path);
	o = talloc_strdup(ctx, "");
	for (size_t i = 0; o && i < n; i++) {
		unsigned bar = ps[i]->lines > 40 ? 40 : ps[i]->lines;
		o = talloc_asprintf_append_buffer(o, " %-*s | %2u %.*s\n", (int)width, ps[i]->path, ps[i]->lines,
						  (int)bar, "++++++++++++++++++++++++++++++++++++++++");
		total += ps[i]->lines;
	}
	if (o)
		o = talloc_asprintf_append_buffer(o, " %zu file%s changed, %u insertion%s(+)\n", n, n == 1 ? "" : "s",
						  total, total == 1 ? "" : "s");
	for (size_t i = 0; o && i < n; i++)
		o = talloc_asprintf_append_buffer(o, " create mode 100644 %s\n", ps[i]->path);
	return o;
}

static char *first_name(TALLOC_CTX *ctx, const _pb_demo_person_t *p)
{
	const char *sp = strchr(p->name, ' ');
	return sp ? talloc_strndup(ctx, p->name, (size_t)(sp - p->name)) : talloc_strdup(ctx, p->name);
}

static const char *trailer_name(struct scale *sc)
{
	unsigned r = below(sc, 100);
	return r < 60 ? "Reviewed-by" : r < 85 ? "Acked-by" : "Tested-by";
}

/* A '+' line of DIFF to quote, without its '+'. */
static char *quotable(struct scale *sc, TALLOC_CTX *ctx, const char *diff)
{
	const char *cand[64];
	size_t n = 0;
	for (const char *l = diff; *l && n < 64;) {
		const char *e = strchr(l, '\n');
		size_t len = e ? (size_t)(e - l) : strlen(l);
		if (len > 12 && l[0] == '+' && l[1] != '+')
			cand[n++] = l;
		l = e ? e + 1 : l + len;
	}
	if (n == 0)
		return talloc_strdup(ctx, "");
	{
		const char *l = cand[below(sc, n)], *e = strchr(l, '\n');
		return talloc_strndup(ctx, l, e ? (size_t)(e - l) : strlen(l));
	}
}

struct ser {
	struct scale *sc;
	TALLOC_CTX *ctx;
	size_t k;
	const _pb_demo_person_t *author;
	unsigned n_replies;
};

static int reply(struct ser *s, _pb_demo_post_t **out, const _pb_demo_post_t *parent,
		 const _pb_demo_person_t *who, int64_t date, const char *text)
{
	_pb_demo_mail_t m = {0};
	char *body;
	int rc;
	if ((rc = _pb_demo_reply_text(s->ctx, &body, text, parent, s->sc->g->err)))
		return rc;
	m.from = who;
	m.to = _pb_demo_addr(s->ctx, parent->from->name, parent->from->email);
	m.cc = PB_DEMO_LIST;
	m.subject = _pb_demo_re(s->ctx, parent);
	m.date = date;
	m.msgid = talloc_asprintf(s->ctx, "scale-%zu-r%u@%s", s->k, s->n_replies++, PB_DEMO_DOMAIN);
	m.parent = parent;
	m.body = body;
	if (!m.to || !m.subject || !m.msgid)
		return pb_error_set(s->sc->g->err, PB_ERR_NOMEM, "out of memory");
	return _pb_demo_mail_write(s->sc->g, s->ctx, out, &m);
}

/* Reviews of POST (a patch, DIFF its diff, or a cover when DIFF is NULL). */
static int reviews(struct ser *s, const _pb_demo_post_t *post, const char *diff, int64_t date)
{
	struct scale *sc = s->sc;
	const _pb_demo_person_t *rv = sc->reviewers[below(sc, sc->n_reviewers)];
	_pb_demo_post_t *r1, *r2;
	char *t, *comment;
	int64_t d = date + 3600 * (2 + below(sc, 70));
	int rc;

	if (!diff) {
		if (!chance(sc, 12))
			return PB_OK;
		t = talloc_asprintf(s->ctx, "@a\n@q2\n\nThanks, this looks good to me.\n\n%s: %s <%s>\n",
				    trailer_name(sc), rv->name, rv->email);
		return t ? reply(s, &r1, post, rv, d, t) : (int)pb_error_set(sc->g->err, PB_ERR_NOMEM, "out of memory");
	}
	if (!chance(sc, 30))
		return PB_OK;
	comment = talloc_strdup(s->ctx, any(sc, &sc->review));
	t = talloc_asprintf(s->ctx, "@a\n@q2 %s\n\n%s\n\n", quotable(sc, s->ctx, diff), comment);
	if (t && chance(sc, 45))
		t = talloc_asprintf_append_buffer(t, "%s: %s <%s>\n\n", trailer_name(sc), rv->name, rv->email);
	if (t)
		t = talloc_asprintf_append_buffer(t, "-- \n%s\n", first_name(s->ctx, rv));
	if (!t || !comment)
		return pb_error_set(sc->g->err, PB_ERR_NOMEM, "out of memory");
	if ((rc = reply(s, &r1, post, rv, d, t)) || !chance(sc, 40))
		return rc;
	/* the author answers, and sometimes the reviewer once more */
	d += 3600 * (1 + below(sc, 24));
	t = talloc_asprintf(s->ctx, "@a\n@q1 %.40s\n\n%s\n\n%s\n", comment, any(sc, &sc->answer),
			    first_name(s->ctx, s->author));
	if (!t)
		return pb_error_set(sc->g->err, PB_ERR_NOMEM, "out of memory");
	if ((rc = reply(s, &r2, r1, s->author, d, t)) || !chance(sc, 25))
		return rc;
	t = talloc_asprintf(s->ctx, "@a\n@q1\n\nThanks, with that:\n\n%s: %s <%s>\n", trailer_name(sc), rv->name,
			    rv->email);
	return t ? reply(s, NULL, r2, rv, d + 3600 * (1 + below(sc, 24)), t)
		 : (int)pb_error_set(sc->g->err, PB_ERR_NOMEM, "out of memory");
}

static int one_series(struct scale *sc, size_t k)
{
	_pb_demo_gen_t *g = sc->g;
	struct ser s = {sc, talloc_new(sc->ctx), k, NULL, 0};
	_pb_demo_person_t *au;
	struct vars v = {0};
	struct patch **ps;
	const char *vendor = any(sc, &sc->vendor), *kind = any(sc, &sc->kind), *cover_tmpl = any(sc, &sc->cover);
	size_t np, nv, M = sc->first.n * sc->last.n, j = (size_t)(((uint64_t)k * NAME_STEP) % M);
	unsigned r = below(sc, 100);
	bool rfc = chance(sc, 6), with_cover, resend = chance(sc, 3);
	_pb_demo_post_t *prev_root = NULL;
	int64_t date;
	int rc = PB_OK;

	if (!s.ctx || !(au = talloc_zero(s.ctx, _pb_demo_person_t)))
		goto nomem;
	/* an author of this series only */
	{
		const char *f = sc->first.v[j % sc->first.n], *l = sc->last.v[j / sc->first.n];
		const char *fb = strchr(f, '|'), *lb = strchr(l, '|');
		char mid[8] = "";
		if (k >= M)
			snprintf(mid, sizeof(mid), " %c.", 'A' + (int)((k / M) % 26));
		au->id = "scale";
		au->name = talloc_asprintf(s.ctx, "%.*s%s %.*s", (int)(fb - f), f, mid, (int)(lb - l), l);
		au->email = talloc_asprintf(s.ctx, "%s.%s%s%s@%s", fb + 1, lb + 1, k >= M ? "." : "",
					    k >= M ? talloc_asprintf(s.ctx, "%zu", k / M) : "", any(sc, &sc->domain));
		if (!au->name || !au->email || !fb || !lb)
			goto nomem;
		au->tz = atoi(any(sc, &sc->tz));
		au->tz = (au->tz / 100) * 60 + (au->tz % 100);
		au->style = chance(sc, 3) ? PB_DEMO_DMARC : chance(sc, 3) ? PB_DEMO_B4 : PB_DEMO_DIRECT;
		s.author = au;
	}
	{
		const char *vb = strchr(vendor, '|'), *kb = strchr(kind, '|');
		char code[32];
		snprintf(code, sizeof(code), "%c%c%zu", 'a' + (int)(k % 26), 'a' + (int)((k / 26) % 26), 100 + k / 676);
		v.vid = vb + 1;
		v.vendor = talloc_strndup(s.ctx, vendor, (size_t)(vb - vendor));
		v.code = talloc_strdup(s.ctx, code);
		v.model = talloc_asprintf(s.ctx, "%s_%s", v.vid, code);
		v.kind = talloc_strndup(s.ctx, kind, (size_t)(kb - kind));
		v.unit = kb + 1;
		v.reg = 0x40 + (unsigned)(k % 0x80);
		if (!v.vendor || !v.code || !v.model || !v.kind)
			goto nomem;
		{
			gchar *um = g_ascii_strup(v.model, -1), *uc = g_ascii_strup(code, -1);
			v.umodel = talloc_strdup(s.ctx, um);
			v.name = talloc_asprintf(s.ctx, "%s %s", v.vendor, uc);
			g_free(um);
			g_free(uc);
			if (!v.umodel || !v.name)
				goto nomem;
		}
	}
	np = r < 30 ? 1 : r < 50 ? 2 : r < 65 ? 3 : r < 77 ? 4 : r < 85 ? 5 : r < 91 ? 6 : 7 + below(sc, 5);
	if (np > sc->n_parts)
		np = sc->n_parts;
	r = below(sc, 100);
	nv = r < 60 ? 1 : r < 88 ? 2 : 3;
	with_cover = np > 1 && chance(sc, 90);
	ps = talloc_zero_array(s.ctx, struct patch *, np);
	if (!ps)
		goto nomem;
	/* the core first, then other parts in a random order */
	{
		size_t *order = talloc_array(s.ctx, size_t, sc->n_parts);
		if (!order)
			goto nomem;
		for (size_t i = 0; i < sc->n_parts; i++)
			order[i] = i;
		for (size_t i = sc->n_parts - 1; i > 1; i--) {
			size_t o = 1 + below(sc, i), t = order[i];
			order[i] = order[o];
			order[o] = t;
		}
		for (size_t i = 0; i < np; i++) {
			if (!(ps[i] = talloc_zero(ps, struct patch)))
				goto nomem;
			ps[i]->part = &sc->parts[order[i]];
		}
	}
	date = sc->t_from + (int64_t)below(sc, (size_t)(sc->t_to - sc->t_from - 45 * DAY));
	for (size_t ver = 1; ver <= nv + (resend ? 1 : 0) && rc == PB_OK; ver++) {
		bool repost = ver > nv, changed = false;
		size_t vn = repost ? nv : ver, missing = 0;
		char *pfx, *key = repost ? talloc_strdup(s.ctx, "resend") : talloc_asprintf(s.ctx, "v%zu", vn);
		_pb_demo_post_t *cover = NULL, *first = NULL, **posts = talloc_zero_array(s.ctx, _pb_demo_post_t *, np);
		_pb_demo_mail_t m = {0};
		char *shortlog;

		if (!key || !posts)
			goto nomem;
		if (ver > 1)
			date += DAY * (repost ? 14 + below(sc, 7) : 4 + below(sc, 11)) + 3600 * below(sc, 12);
		for (size_t i = 0; i < np && ver > 1 && !repost; i++)
			if (chance(sc, 35))
				ps[i]->variant++, changed = true;
		if (ver > 1 && !repost && !changed)
			ps[below(sc, np)]->variant++;
		if (np >= 3 && !repost && chance(sc, 2))
			missing = 2 + below(sc, np - 1);
		pfx = talloc_asprintf(s.ctx, "[%sPATCH%s%s", rfc && vn == 1 ? "RFC " : "", repost ? " RESEND" : "",
				      vn > 1 ? talloc_asprintf(s.ctx, " v%zu", vn) : "");
		shortlog = talloc_asprintf(s.ctx, "%s (%zu):\n", au->name, np);
		for (size_t i = 0; i < np && pfx && shortlog; i++) {
			struct patch *p = ps[i];
			char *content;
			v.timeout = 50 + 25 * p->variant;
			v.retries = 3 + p->variant;
			v.part = p->part->title;
			p->path = talloc_asprintf(p, "drivers/%s/%s-%s.%s", v.vid, v.code, p->part->id,
						  strcmp(p->part->id, "doc") == 0 ? "txt" : "c");
			p->subject = talloc_asprintf(p, "%s-%s: %s", v.vid, v.code, p->part->title);
			content = subst(s.ctx, p->part->tmpl, &v);
			p->body = talloc_asprintf(p, "%s\nSigned-off-by: %s <%s>\n", subst(s.ctx, p->part->why, &v),
						  au->name, au->email);
			p->diff = content && p->path ? new_file_diff(p, p->path, content, &p->lines) : NULL;
			shortlog = talloc_asprintf_append_buffer(shortlog, "  %s\n", p->subject);
			if (!p->path || !p->subject || !p->body || !p->diff)
				goto nomem;
		}
		if (!pfx || !shortlog)
			goto nomem;
		m.from = au;
		m.mailer = au->style == PB_DEMO_B4 ? "b4 0.13.0" : "git-send-email " PB_DEMO_GIT_VERSION;
		if (with_cover) {
			char *prose = subst(s.ctx, cover_tmpl, &v);
			if (vn > 1 && !repost) {
				v.who = first_name(s.ctx, sc->reviewers[below(sc, sc->n_reviewers)]);
				v.part = ps[below(sc, np)]->part->title;
				prose = talloc_asprintf(s.ctx, "%s\nChanges in v%zu:\n%s\n- Link to v%zu: "
							       "https://lists.example.org/widgetd-devel/%s/\n",
							prose, vn, subst(s.ctx, any(sc, &sc->changelog), &v), vn - 1,
							prev_root ? prev_root->msgid : "");
			}
			m.subject = talloc_asprintf(s.ctx, "%s %s0/%zu] %s-%s: Support the %s %s sensor", pfx,
						    np >= 10 ? "0" : "", np, v.vid, v.code, v.name, v.kind);
			m.body = talloc_asprintf(s.ctx, "%s\n%s\n%s\nbase-commit: %s\n-- \n%s\n", prose, shortlog,
						 diffstat(s.ctx, ps, np), g->base_hex, PB_DEMO_GIT_VERSION);
			m.msgid = talloc_asprintf(s.ctx, "scale-%zu-%s-0@%s", k, key, PB_DEMO_DOMAIN);
			m.date = date;
			m.parent = vn > 1 && prev_root && chance(sc, 30) ? prev_root : NULL;
			if (!m.subject || !m.body || !m.msgid)
				goto nomem;
			if ((rc = _pb_demo_mail_write(g, s.ctx, &cover, &m)))
				break;
		}
		for (size_t i = 0; i < np && rc == PB_OK; i++) {
			struct patch *p = ps[i];
			if (i + 1 == missing)
				continue;
			m.subject = np > 1 || with_cover
					    ? talloc_asprintf(s.ctx, "%s %0*zu/%zu] %s", pfx, np >= 10 ? 2 : 1, i + 1, np,
							      p->subject)
					    : talloc_asprintf(s.ctx, "%s] %s", pfx, p->subject);
			m.body = talloc_asprintf(s.ctx, "%s---\n%s\n%s-- \n%s\n", p->body, diffstat(s.ctx, &ps[i], 1),
						 p->diff, PB_DEMO_GIT_VERSION);
			m.msgid = talloc_asprintf(s.ctx, "scale-%zu-%s-%zu@%s", k, key, i + 1, PB_DEMO_DOMAIN);
			m.date = date + (int64_t)i + 1;
			m.parent = cover ? cover : first;
			if (!m.subject || !m.body || !m.msgid)
				goto nomem;
			if ((rc = _pb_demo_mail_write(g, s.ctx, &posts[i], &m)))
				break;
			if (!first)
				first = posts[i];
		}
		if (rc)
			break;
		if (cover && (rc = reviews(&s, cover, NULL, date)))
			break;
		for (size_t i = 0; i < np && rc == PB_OK; i++)
			if (posts[i])
				rc = reviews(&s, posts[i], ps[i]->diff, date);
		if (rc == PB_OK && ver == nv && chance(sc, 12) && (cover || first)) {
			char *t = talloc_asprintf(s.ctx, "@a\n@q1\n\n%s\n\n%s\n", any(sc, &sc->thanks),
						  first_name(s.ctx, sc->maintainer));
			if (!t)
				goto nomem;
			rc = reply(&s, NULL, cover ? cover : first, sc->maintainer, date + DAY * (2 + below(sc, 5)), t);
		}
		if (!repost)
			prev_root = cover ? cover : first;
	}
	if (rc == PB_OK)
		g->n_series++;
	talloc_free(s.ctx);
	return rc;
nomem:
	talloc_free(s.ctx);
	return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
}

int _pb_demo_scale(_pb_demo_gen_t *g, size_t target, uint64_t seed)
{
	static const char *const reviewer_ids[] = {"ines", "marek", "olivia", "alex", "tom", "juergen", "lukas", "jane"};
	struct scale sc = {0};
	int rc;

	sc.g = g;
	sc.rng = seed;
	if (!(sc.ctx = talloc_new(g->ctx)))
		return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	sc.reviewers = talloc_array(sc.ctx, const _pb_demo_person_t *, 8);
	sc.maintainer = _pb_demo_person(g, "ines");
	for (size_t i = 0; sc.reviewers && i < 8; i++)
		if ((sc.reviewers[sc.n_reviewers] = _pb_demo_person(g, reviewer_ids[i])))
			sc.n_reviewers++;
	if (!sc.reviewers || !sc.maintainer || sc.n_reviewers == 0) {
		talloc_free(sc.ctx);
		return pb_error_set(g->err, PB_ERR_PARSE, "demo/people.txt lacks the reviewers of scale mode");
	}
	/* before the base set: from June 2023 to January 2024 */
	if ((rc = _pb_demo_time(&sc.t_from, "2023-06-10T00:00", 0)) || (rc = _pb_demo_time(&sc.t_to, "2024-01-31T00:00", 0)) ||
	    (rc = load(&sc))) {
		talloc_free(sc.ctx);
		return rc;
	}
	for (size_t k = 0; g->n_messages < target && rc == PB_OK; k++)
		rc = one_series(&sc, k);
	talloc_free(sc.ctx);
	return rc;
}
