/* demo_series.c: one file of demo/series/: each version's commits are made
 * from the edits written there on a branch of its own, then posted as a
 * cover letter and patches made from the commits' diffs; replies,
 * discussions and pull requests follow, in the order of the file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demogen/demo_priv.h"

#define LINK_BASE "https://lists.example.org/widgetd-devel/"

/* ---- a series file --------------------------------------------------- */

struct named {
	const char *name;
	_pb_demo_post_t *post;
};

struct commit {
	char *key; /* "v1.2" */
	char *subject;
	char *body;
	const _pb_demo_sect_t **edits;
	size_t n_edits;
	char *notes;
	const _pb_demo_person_t *author;
	git_oid oid;
	char *stat;
	char *diff;
};

struct series {
	_pb_demo_gen_t *g;
	TALLOC_CTX *ctx;
	const _pb_demo_doc_t *doc;
	const char *slug;
	const _pb_demo_person_t *author;
	struct commit **commits;
	size_t n_commits;
	struct named *posts;
	size_t n_posts;
	bool is_series;
};

static _pb_demo_post_t *find_post(const struct series *s, const char *name)
{
	for (size_t i = 0; name && i < s->n_posts; i++)
		if (strcmp(s->posts[i].name, name) == 0)
			return s->posts[i].post;
	return NULL;
}

static int add_post(struct series *s, const char *name, _pb_demo_post_t *p)
{
	struct named *nv = talloc_realloc(s->ctx, s->posts, struct named, s->n_posts + 1);
	if (!nv)
		return pb_error_set(s->g->err, PB_ERR_NOMEM, "out of memory");
	s->posts = nv;
	nv[s->n_posts].name = talloc_strdup(s->ctx, name);
	nv[s->n_posts++].post = p;
	return nv[s->n_posts - 1].name ? PB_OK : pb_error_set(s->g->err, PB_ERR_NOMEM, "out of memory");
}

static char *msgid_of(const struct series *s, const char *name)
{
	return talloc_asprintf(s->ctx, "%s-%s@%s", s->slug, name, PB_DEMO_DOMAIN);
}

/* Placeholders: {ESC} {sob} {base} {sha:ID} {sha12:ID} {sha7:ID}
 * {subject:ID} {link:POST} {msgid:POST} {request-pull}. Anything else in
 * braces (C code) stays as it is. */
static int expand(struct series *s, TALLOC_CTX *ctx, char **out, const char *text, const _pb_demo_sect_t *where,
		  const _pb_demo_person_t *author, const char *request_pull)
{
	_pb_demo_gen_t *g = s->g;
	char *o = talloc_strdup(ctx, "");
	const char *p = text;
	while (o && *p) {
		const char *b = strchr(p, '{'), *e, *colon;
		char name[16], *arg = NULL, *val = NULL;
		size_t nl;
		if (!b) {
			o = talloc_strdup_append_buffer(o, p);
			break;
		}
		o = talloc_strndup_append_buffer(o, p, (size_t)(b - p));
		e = b + 1;
		while ((*e >= 'a' && *e <= 'z') || (*e >= 'A' && *e <= 'Z') || (*e >= '0' && *e <= '9') || *e == '-')
			e++;
		nl = (size_t)(e - b - 1);
		colon = *e == ':' ? e : NULL;
		if (colon)
			for (e = colon + 1; *e && *e != '}' && *e != ' ' && *e != '\n' && *e != '{';)
				e++;
		if (*e != '}' || nl == 0 || nl >= sizeof(name)) {
			o = talloc_strndup_append_buffer(o, b, 1);
			p = b + 1;
			continue;
		}
		memcpy(name, b + 1, nl);
		name[nl] = '\0';
		if (colon)
			arg = talloc_strndup(ctx, colon + 1, (size_t)(e - colon - 1));
		if (strcmp(name, "ESC") == 0 && !arg) {
			val = talloc_strdup(ctx, "\x1b");
		} else if (strcmp(name, "sob") == 0 && !arg) {
			val = talloc_asprintf(ctx, "Signed-off-by: %s <%s>", author->name, author->email);
		} else if (strcmp(name, "base") == 0 && !arg) {
			val = talloc_strdup(ctx, g->base_hex);
		} else if ((strcmp(name, "sha") == 0 || strcmp(name, "sha12") == 0 || strcmp(name, "sha7") == 0 ||
			    strcmp(name, "subject") == 0) && arg) {
			const _pb_demo_hist_t *h = _pb_demo_hist(g, arg);
			char hex[GIT_OID_HEXSZ + 1];
			if (!h)
				return _pb_demo_fail(g->err, where, "{%s:%s}: no such commit in history.txt", name, arg);
			git_oid_tostr(hex, sizeof(hex), &h->oid);
			if (name[0] == 's' && name[1] == 'u')
				val = talloc_strdup(ctx, h->subject);
			else
				val = talloc_strndup(ctx, hex, name[3] == '1' ? 12 : name[3] == '7' ? 7 : 40);
		} else if ((strcmp(name, "link") == 0 || strcmp(name, "msgid") == 0) && arg) {
			_pb_demo_post_t *post = find_post(s, arg);
			if (!post)
				return _pb_demo_fail(g->err, where, "{%s:%s}: nothing posted by that name yet", name, arg);
			val = name[0] == 'l' ? talloc_asprintf(ctx, "%s%s/", LINK_BASE, post->msgid)
					     : talloc_strdup(ctx, post->msgid);
		} else if (strcmp(name, "request-pull") == 0 && request_pull && !arg) {
			val = talloc_strdup(ctx, request_pull);
		}
		if (val)
			o = talloc_strdup_append_buffer(o, val);
		else
			o = talloc_strndup_append_buffer(o, b, (size_t)(e - b + 1));
		p = e + 1;
	}
	if (!o)
		return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	*out = o;
	return PB_OK;
}

static bool in_list(const char *list, int k)
{
	for (const char *p = list; p && *p;) {
		char *e;
		long v = strtol(p, &e, 10);
		if (e == p)
			return false;
		if (v == k)
			return true;
		p = *e == ',' ? e + 1 : e;
	}
	return false;
}

/* Addresses of the comma-separated person ids of attribute KEY. */
static int people_list(struct series *s, const _pb_demo_sect_t *sect, const char *key, char **out)
{
	const char *ids = _pb_demo_attr(sect, key);
	char *o = NULL;
	while (ids && *ids) {
		const char *e = strchr(ids, ',');
		char *id = talloc_strndup(s->ctx, ids, e ? (size_t)(e - ids) : strlen(ids));
		const _pb_demo_person_t *p = _pb_demo_person(s->g, id);
		if (!p)
			return _pb_demo_fail(s->g->err, sect, "%s=: no person \"%s\"", key, id ? id : "");
		o = o ? talloc_asprintf_append_buffer(o, ", %s", _pb_demo_addr(s->ctx, p->name, p->email))
		      : _pb_demo_addr(s->ctx, p->name, p->email);
		ids = e ? e + 1 : ids + strlen(ids);
	}
	*out = o;
	return PB_OK;
}

static struct commit *find_commit(const struct series *s, const char *key)
{
	for (size_t i = 0; key && i < s->n_commits; i++)
		if (strcmp(s->commits[i]->key, key) == 0)
			return s->commits[i];
	return NULL;
}

/* Apply the edits of C to STATE and commit on PARENT. */
static int make_commit(struct series *s, struct commit *c, _pb_demo_files_t *state, const git_oid *parent,
		       int64_t when)
{
	_pb_demo_gen_t *g = s->g;
	_pb_demo_files_t touched = {0};
	char *msg;
	int rc;
	for (size_t i = 0; i < c->n_edits; i++) {
		const _pb_demo_sect_t *e = c->edits[i];
		const char *path = _pb_demo_attr(e, "path"), *old, *text = e->text;
		char *path_copy;
		if (!path)
			return _pb_demo_fail(g->err, e, "%s needs path=", e->kind);
		old = _pb_demo_files_get(state, path);
		if (strcmp(e->kind, "change") == 0) {
			char *nt;
			if (!old)
				return _pb_demo_fail(g->err, e, "%s: no such file to change", path);
			if ((rc = _pb_demo_hunks(s->ctx, &nt, old, e->text, false, g->err)))
				return _pb_demo_fail(g->err, e, "%s: %s", path, pb_error_msg(g->err));
			text = nt;
		} else if (strcmp(e->kind, "new") == 0 && old) {
			return _pb_demo_fail(g->err, e, "%s: the file is there already", path);
		} else if (strcmp(e->kind, "delete") == 0) {
			if (!old)
				return _pb_demo_fail(g->err, e, "%s: no such file to delete", path);
			text = NULL;
		}
		path_copy = talloc_strdup(s->ctx, path);
		if (!path_copy || _pb_demo_files_set(s->ctx, state, path_copy, text) ||
		    _pb_demo_files_set(s->ctx, &touched, path_copy, text))
			return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	}
	msg = *c->body ? talloc_asprintf(s->ctx, "%s\n\n%s", c->subject, c->body)
		       : talloc_asprintf(s->ctx, "%s\n", c->subject);
	if (!msg)
		return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	if ((rc = _pb_demo_commit(g, &c->oid, parent, touched.v, touched.n, msg, c->author, when)))
		return rc;
	talloc_free(touched.v);
	return _pb_demo_diff(g, s->ctx, &c->stat, &c->diff, parent, &c->oid);
}

/* "Name (N):\n  subject\n..." per author, as git shortlog writes it. */
static char *shortlog(TALLOC_CTX *ctx, struct commit **cs, size_t n, const char *indent)
{
	char *o = talloc_strdup(ctx, "");
	for (size_t i = 0; o && i < n; i++) {
		size_t count = 0;
		bool seen = false;
		for (size_t k = 0; k < i; k++)
			seen |= cs[k]->author == cs[i]->author;
		if (seen)
			continue;
		for (size_t k = i; k < n; k++)
			count += cs[k]->author == cs[i]->author;
		o = talloc_asprintf_append_buffer(o, "%s%s (%zu):\n", i ? "\n" : "", cs[i]->author->name, count);
		for (size_t k = i; o && k < n; k++)
			if (cs[k]->author == cs[i]->author)
				o = talloc_asprintf_append_buffer(o, "%s%s\n", indent, cs[k]->subject);
	}
	return o;
}

static int post_version(struct series *s, const _pb_demo_sect_t *vs, int v, const char *vkey,
			struct commit **cs, size_t n, const git_oid *tip)
{
	_pb_demo_gen_t *g = s->g;
	const _pb_demo_person_t *who = _pb_demo_who(g, vs, "from", s->author);
	const char *cover_attr = _pb_demo_attr(vs, "cover"), *prefix = _pb_demo_attr(vs, "prefix");
	const char *missing = _pb_demo_attr(vs, "missing"), *b64 = _pb_demo_attr(vs, "b64");
	bool cover = cover_attr ? strcmp(cover_attr, "yes") == 0 : n > 1;
	int digits = n >= 100 ? 3 : n >= 10 ? 2 : 1, rc;
	_pb_demo_post_t *parent = NULL, *cover_post = NULL, *first = NULL;
	_pb_demo_mail_t m = {0};
	char *pfx, *cc = NULL;
	int64_t when;

	if (!who)
		return PB_ERR_PARSE;
	if ((rc = _pb_demo_when(g, vs, who, &when)) || (rc = people_list(s, vs, "cc", &cc)))
		return rc;
	if (_pb_demo_attr(vs, "reply-to") && !(parent = find_post(s, _pb_demo_attr(vs, "reply-to"))))
		return _pb_demo_fail(g->err, vs, "reply-to=%s: nothing posted by that name", _pb_demo_attr(vs, "reply-to"));
	pfx = talloc_asprintf(s->ctx, "[%sPATCH%s", prefix && strstr(prefix, "RFC") ? "RFC " : "",
			      prefix && strstr(prefix, "RESEND") ? " RESEND" : "");
	if (pfx && v > 1)
		pfx = talloc_asprintf_append_buffer(pfx, " v%d", v);
	if (!pfx)
		return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	m.from = who;
	m.cc = cc;
	m.mailer = who->style == PB_DEMO_B4 ? "b4 0.13.0" : "git-send-email " PB_DEMO_GIT_VERSION;
	if (cover) {
		char *title, *prose, *stat, *body;
		if (!*vs->title)
			return _pb_demo_fail(g->err, vs, "the cover letter needs a title (\" | title\")");
		if ((rc = expand(s, s->ctx, &title, vs->title, vs, who, NULL)) ||
		    (rc = expand(s, s->ctx, &prose, vs->text, vs, who, NULL)) ||
		    (rc = _pb_demo_diff(g, s->ctx, &stat, NULL, &g->base, tip)))
			return rc;
		body = talloc_asprintf(s->ctx, "%s\n%s\n%s\nbase-commit: %s\n-- \n%s\n", prose,
				       shortlog(s->ctx, cs, n, "  "), stat, g->base_hex, PB_DEMO_GIT_VERSION);
		m.subject = talloc_asprintf(s->ctx, "%s %0*d/%zu] %s", pfx, digits, 0, n, title);
		m.msgid = talloc_asprintf(s->ctx, "%s-%s-0@%s", s->slug, vkey, PB_DEMO_DOMAIN);
		m.date = when;
		m.parent = parent;
		m.body = body;
		if (!body || !m.subject || !m.msgid)
			return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
		if ((rc = _pb_demo_mail_write(g, s->ctx, &cover_post, &m)) ||
		    (rc = add_post(s, talloc_asprintf(s->ctx, "%s.0", vkey), cover_post)))
			return rc;
	}
	for (size_t k = 1; k <= n; k++) {
		const struct commit *c = cs[k - 1];
		_pb_demo_post_t *post;
		if (in_list(missing, (int)k))
			continue;
		m.subject = cover || n > 1 ? talloc_asprintf(s->ctx, "%s %0*zu/%zu] %s", pfx, digits, k, n, c->subject)
					   : talloc_asprintf(s->ctx, "%s] %s", pfx, c->subject);
		m.body = talloc_asprintf(s->ctx, "%s---\n%s%s%s\n%s-- \n%s\n", c->body, c->notes ? c->notes : "",
					 c->notes ? "\n" : "", c->stat, c->diff, PB_DEMO_GIT_VERSION);
		m.msgid = talloc_asprintf(s->ctx, "%s-%s-%zu@%s", s->slug, vkey, k, PB_DEMO_DOMAIN);
		m.date = when + (int64_t)k;
		m.parent = cover_post ? cover_post : first ? first : parent;
		m.enc = in_list(b64, (int)k) ? PB_DEMO_ENC_B64 : PB_DEMO_ENC_8BIT;
		if (!m.subject || !m.body || !m.msgid)
			return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
		if ((rc = _pb_demo_mail_write(g, s->ctx, &post, &m)) ||
		    (rc = add_post(s, talloc_asprintf(s->ctx, "%s.%zu", vkey, k), post)))
			return rc;
		if (!first)
			first = post;
	}
	return PB_OK;
}

static bool edit_kind(const char *k)
{
	return strcmp(k, "change") == 0 || strcmp(k, "new") == 0 || strcmp(k, "delete") == 0;
}

/* The version at section *I and the commit, edit and notes sections after
 * it: commits on the branch demo/SLUG-vN, then the mail. */
static int do_version(struct series *s, size_t *i)
{
	_pb_demo_gen_t *g = s->g;
	const _pb_demo_sect_t *vs = &s->doc->v[*i];
	const char *vattr = _pb_demo_attr(vs, "v"), *vname = _pb_demo_attr(vs, "name");
	int v = vattr ? atoi(vattr) : 0, rc;
	char *vkey;
	struct commit **cs = NULL, *c = NULL;
	size_t n = 0, j;
	_pb_demo_files_t state;
	git_oid parent = g->base;
	int64_t when;
	const _pb_demo_person_t *who = _pb_demo_who(g, vs, "from", s->author);

	if (v < 1 || v > 99)
		return _pb_demo_fail(g->err, vs, "a version needs v=N (1..99)");
	/* commits, posts and the branch are named vN, or name= (a repost) */
	if (!(vkey = vname ? talloc_strdup(s->ctx, vname) : talloc_asprintf(s->ctx, "v%d", v)))
		return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	if (strchr(vkey, '.') || find_post(s, talloc_asprintf(s->ctx, "%s.1", vkey)))
		return _pb_demo_fail(g->err, vs, "%s was posted already: give the repost a name=", vkey);
	if (!who)
		return PB_ERR_PARSE;
	if ((rc = _pb_demo_when(g, vs, who, &when)) || _pb_demo_files_copy(s->ctx, &state, &g->base_files))
		return rc ? rc : (int)pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	for (j = *i + 1; j < s->doc->n; j++) {
		const _pb_demo_sect_t *e = &s->doc->v[j];
		if (strcmp(e->kind, "commit") == 0) {
			const char *nattr = _pb_demo_attr(e, "n"), *from = _pb_demo_attr(e, "from");
			struct commit *base = from ? find_commit(s, from) : NULL;
			if (!nattr || atoi(nattr) != (int)n + 1)
				return _pb_demo_fail(g->err, e, "commits of a version are n=1, n=2, ...");
			if (from && !base)
				return _pb_demo_fail(g->err, e, "from=%s: no such commit yet", from);
			c = talloc_zero(s->ctx, struct commit);
			cs = talloc_realloc(s->ctx, cs, struct commit *, n + 1);
			s->commits = talloc_realloc(s->ctx, s->commits, struct commit *, s->n_commits + 1);
			if (!c || !cs || !s->commits || !(c->key = talloc_asprintf(c, "%s.%zu", vkey, n + 1)))
				return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
			cs[n++] = c;
			s->commits[s->n_commits++] = c;
			if (!(c->author = _pb_demo_who(g, e, "author", base ? base->author : s->author)))
				return PB_ERR_PARSE;
			if (*e->title) {
				if ((rc = expand(s, c, &c->subject, e->title, e, c->author, NULL)))
					return rc;
			} else if (!base || !(c->subject = talloc_strdup(c, base->subject))) {
				return _pb_demo_fail(g->err, e, "a commit needs a subject (or from=)");
			}
			if (*e->text || !base) {
				if ((rc = expand(s, c, &c->body, e->text, e, c->author, NULL)))
					return rc;
			} else if (!(c->body = talloc_strdup(c, base->body))) {
				return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
			}
			if (base && base->n_edits) {
				c->edits = talloc_memdup(c, base->edits, base->n_edits * sizeof(*base->edits));
				if (!c->edits)
					return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
				c->n_edits = base->n_edits;
			}
		} else if (edit_kind(e->kind) || strcmp(e->kind, "notes") == 0) {
			if (!c)
				return _pb_demo_fail(g->err, e, "%s before the first commit of the version", e->kind);
			if (e->kind[0] == 'n' && e->kind[1] == 'o') {
				if ((rc = expand(s, c, &c->notes, e->text, e, c->author, NULL)))
					return rc;
				continue;
			}
			c->edits = talloc_realloc(c, c->edits, const _pb_demo_sect_t *, c->n_edits + 1);
			if (!c->edits)
				return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
			c->edits[c->n_edits++] = e;
		} else {
			break;
		}
	}
	if (n == 0)
		return _pb_demo_fail(g->err, vs, "a version without commits");
	for (size_t k = 0; k < n; k++) {
		/* authored the day before it was sent, ten minutes apart */
		if ((rc = make_commit(s, cs[k], &state, &parent, when - 86400 + 600 * (int64_t)k)))
			return rc;
		parent = cs[k]->oid;
	}
	{
		char *br = talloc_asprintf(s->ctx, "demo/%s-%s", s->slug, vkey);
		if (!br)
			return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
		if ((rc = _pb_demo_branch(g, br, &parent)))
			return rc;
	}
	*i = j;
	s->is_series = true;
	return post_version(s, vs, v, vkey, cs, n, &parent);
}

/* reply, post (a new thread) or pull (a pull request) */
static int do_message(struct series *s, const _pb_demo_sect_t *e)
{
	_pb_demo_gen_t *g = s->g;
	const char *id = _pb_demo_attr(e, "id"), *to = _pb_demo_attr(e, "to"), *enc = _pb_demo_attr(e, "enc");
	const _pb_demo_person_t *who = _pb_demo_who(g, e, "from", NULL);
	bool reply = strcmp(e->kind, "reply") == 0, pull = strcmp(e->kind, "pull") == 0;
	_pb_demo_mail_t m = {0};
	_pb_demo_post_t *post;
	char *text = NULL, *rp = NULL, *cc = NULL, *title;
	int rc;

	if (!who)
		return PB_ERR_PARSE;
	if (!id || strchr(id, '.') || find_post(s, id))
		return _pb_demo_fail(g->err, e, "%s needs a new id= without '.'", e->kind);
	if ((rc = _pb_demo_when(g, e, who, &m.date)) || (rc = people_list(s, e, "cc", &cc)))
		return rc;
	if (reply && !(m.parent = find_post(s, to)))
		return _pb_demo_fail(g->err, e, "to=%s: nothing posted by that name yet", to ? to : "");
	if (pull) {
		const _pb_demo_hist_t *base = _pb_demo_hist(g, _pb_demo_attr(e, "base"));
		const _pb_demo_hist_t *tip = _pb_demo_hist(g, _pb_demo_attr(e, "tip"));
		const char *url = _pb_demo_attr(e, "url"), *ref = _pb_demo_attr(e, "ref");
		if (!base || !tip || !url || !ref)
			return _pb_demo_fail(g->err, e, "a pull needs base=, tip= (of history.txt), url= and ref=");
		if ((rc = _pb_demo_request_pull(g, s->ctx, &rp, &base->oid, &tip->oid, url, ref, tip->message)))
			return rc;
		s->is_series = true;
	}
	if ((rc = expand(s, s->ctx, &text, e->text, e, who, rp)) || (rc = expand(s, s->ctx, &title, e->title, e, who, NULL)))
		return rc;
	if (reply && (rc = _pb_demo_reply_text(s->ctx, &text, text, m.parent, g->err)))
		return _pb_demo_fail(g->err, e, "%s", pb_error_msg(g->err));
	m.from = who;
	m.subject = *title ? (pull ? talloc_asprintf(s->ctx, "[GIT PULL] %s", title) : title)
			   : reply ? _pb_demo_re(s->ctx, m.parent) : NULL;
	if (!m.subject)
		return _pb_demo_fail(g->err, e, "a %s needs a title", e->kind);
	m.to = reply ? _pb_demo_addr(s->ctx, m.parent->from->name, m.parent->from->email) : NULL;
	if (_pb_demo_attr(e, "to-person")) {
		const _pb_demo_person_t *tp = _pb_demo_who(g, e, "to-person", NULL);
		if (!tp)
			return PB_ERR_PARSE;
		m.to = _pb_demo_addr(s->ctx, tp->name, tp->email);
	}
	m.cc = cc ? talloc_asprintf(s->ctx, "%s, %s", cc, PB_DEMO_LIST) : m.to ? PB_DEMO_LIST : NULL;
	m.msgid = msgid_of(s, id);
	m.body = text;
	m.enc = !enc ? PB_DEMO_ENC_8BIT : strcmp(enc, "qp") == 0 ? PB_DEMO_ENC_QP : PB_DEMO_ENC_B64;
	if (enc && m.enc == PB_DEMO_ENC_B64 && strcmp(enc, "b64") != 0)
		return _pb_demo_fail(g->err, e, "enc= is qp or b64");
	if (!m.msgid)
		return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	if ((rc = _pb_demo_mail_write(g, s->ctx, &post, &m)))
		return rc;
	return add_post(s, id, post);
}

int _pb_demo_series_file(_pb_demo_gen_t *g, const char *name, const char *data)
{
	struct series s = {0};
	_pb_demo_doc_t *d;
	int rc;

	s.g = g;
	s.ctx = talloc_new(g->ctx);
	if (!s.ctx)
		return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	if ((rc = _pb_demo_doc_parse(s.ctx, &d, name, data, g->err)))
		goto out;
	s.doc = d;
	if (d->n == 0 || strcmp(d->v[0].kind, "series") != 0 || !(s.slug = _pb_demo_attr(&d->v[0], "slug")) ||
	    !(s.author = _pb_demo_person(g, _pb_demo_attr(&d->v[0], "author")))) {
		rc = pb_error_set(g->err, PB_ERR_PARSE, "demo/%s: must start with \"%%%%%% series slug=S author=ID\"",
				  name);
		goto out;
	}
	for (size_t i = 1; i < d->n;) {
		const _pb_demo_sect_t *e = &d->v[i];
		if (strcmp(e->kind, "version") == 0) {
			if ((rc = do_version(&s, &i)))
				goto out;
			continue;
		}
		if (strcmp(e->kind, "reply") == 0 || strcmp(e->kind, "post") == 0 || strcmp(e->kind, "pull") == 0) {
			if ((rc = do_message(&s, e)))
				goto out;
		} else {
			rc = _pb_demo_fail(g->err, e, "unknown or misplaced section \"%s\"", e->kind);
			goto out;
		}
		i++;
	}
	if (s.is_series)
		g->n_series++;
out:
	talloc_free(s.ctx);
	return rc;
}
