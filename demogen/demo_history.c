/* demo_history.c: the people of the demo (demo/people.txt) and the history
 * of widgetd (demo/history.txt) in a new repository.
 *
 * demo/widgetd/ holds the tree of master's tip. history.txt lists the
 * commits that led there: the first imports the tree as it was then, every
 * later one adds files of demo/widgetd/ or changes them with hunks. The
 * tree of the first commit is demo/widgetd/ with the later hunks undone and
 * the later files left out; at the end master must hold demo/widgetd/
 * exactly. Commits after a "branch" section go on that branch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demogen/demo_priv.h"

#define TREE_PREFIX "widgetd/"

static int parse_tz(const char *s, int *out)
{
	int h, m;
	if (!s || (s[0] != '+' && s[0] != '-') || strlen(s) != 5 || sscanf(s + 1, "%2d%2d", &h, &m) != 2 || m > 59)
		return PB_ERR_PARSE;
	*out = (s[0] == '-' ? -1 : 1) * (h * 60 + m);
	return PB_OK;
}

int _pb_demo_people(_pb_demo_gen_t *g, const _pb_demo_doc_t *d)
{
	g->people = talloc_zero_array(g->ctx, _pb_demo_person_t, d->n ? d->n : 1);
	if (!g->people)
		return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < d->n; i++) {
		const _pb_demo_sect_t *s = &d->v[i];
		_pb_demo_person_t *p = &g->people[g->n_people];
		const char *lt = strrchr(s->title, '<'), *style = _pb_demo_attr(s, "style");
		if (strcmp(s->kind, "person") != 0)
			return _pb_demo_fail(g->err, s, "unknown section \"%s\"", s->kind);
		if (!(p->id = talloc_strdup(g->people, _pb_demo_attr(s, "id"))) || !lt || lt < s->title + 2 ||
		    !strchr(lt, '>') || parse_tz(_pb_demo_attr(s, "tz"), &p->tz))
			return _pb_demo_fail(g->err, s, "a person needs id=, tz=+HHMM and \"Name <email>\"");
		p->name = talloc_strndup(g->people, s->title, (size_t)(lt - s->title - 1));
		p->email = talloc_strndup(g->people, lt + 1, (size_t)(strchr(lt, '>') - lt - 1));
		if (!p->name || !p->email)
			return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
		if (!style)
			p->style = PB_DEMO_DIRECT;
		else if (strcmp(style, "dmarc") == 0)
			p->style = PB_DEMO_DMARC;
		else if (strcmp(style, "b4") == 0)
			p->style = PB_DEMO_B4;
		else
			return _pb_demo_fail(g->err, s, "style= is dmarc or b4");
		g->n_people++;
	}
	return PB_OK;
}

const _pb_demo_person_t *_pb_demo_who(_pb_demo_gen_t *g, const _pb_demo_sect_t *s, const char *key,
				      const _pb_demo_person_t *def)
{
	const char *id = _pb_demo_attr(s, key);
	const _pb_demo_person_t *p = id ? _pb_demo_person(g, id) : def;
	if (!p)
		_pb_demo_fail(g->err, s, "%s=%s: no such person in people.txt", key, id ? id : "(missing)");
	return p;
}

int _pb_demo_when(_pb_demo_gen_t *g, const _pb_demo_sect_t *s, const _pb_demo_person_t *who, int64_t *out)
{
	if (_pb_demo_time(out, _pb_demo_attr(s, "at"), who->tz))
		return _pb_demo_fail(g->err, s, "at= needs a time like 2024-03-04T09:12");
	return PB_OK;
}

static int add_hist(_pb_demo_gen_t *g, const char *id, const git_oid *oid, const char *subject,
		    const char *message, const _pb_demo_person_t *who, int64_t when)
{
	_pb_demo_hist_t *nv = talloc_realloc(g->ctx, g->hist, _pb_demo_hist_t, g->n_hist + 1), *h;
	if (!nv)
		return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	g->hist = nv;
	h = &nv[g->n_hist];
	memset(h, 0, sizeof(*h));
	h->oid = *oid;
	h->who = who;
	h->when = when;
	if (!(h->id = talloc_strdup(g->hist, id)) || !(h->subject = talloc_strdup(g->hist, subject)) ||
	    (message && !(h->message = talloc_strdup(g->hist, message))))
		return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	g->n_hist++;
	return PB_OK;
}

struct hist {
	_pb_demo_gen_t *g;
	TALLOC_CTX *tmp;
	const _pb_demo_doc_t *doc;
	_pb_demo_files_t final, state, added;
	const _pb_demo_sect_t *commit; /* the commit being gathered */
	const _pb_demo_sect_t **edits;
	size_t n_edits;
	git_oid tip;
	bool have_tip;
	const char *branch; /* NULL: master */
};

/* Commit what was gathered since the last commit section. */
static int flush(struct hist *h)
{
	_pb_demo_gen_t *g = h->g;
	const _pb_demo_sect_t *c = h->commit;
	const _pb_demo_person_t *who;
	_pb_demo_files_t touched = {0};
	int64_t when;
	char *msg;
	int rc;

	if (!c)
		return PB_OK;
	h->commit = NULL;
	if (!(who = _pb_demo_who(g, c, "who", NULL)))
		return PB_ERR_PARSE;
	if ((rc = _pb_demo_when(g, c, who, &when)))
		return rc;
	if (!h->have_tip) {
		if (h->n_edits)
			return _pb_demo_fail(g->err, c, "the first commit imports the tree; it has no edits");
		for (size_t i = 0; i < h->state.n; i++)
			if (h->state.v[i].text && _pb_demo_files_set(h->tmp, &touched, h->state.v[i].path, h->state.v[i].text))
				return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < h->n_edits; i++) {
		const _pb_demo_sect_t *e = h->edits[i];
		const char *path = _pb_demo_attr(e, "path"), *old = path ? _pb_demo_files_get(&h->state, path) : NULL;
		char *text = NULL;
		if (!path)
			return _pb_demo_fail(g->err, e, "%s needs path=", e->kind);
		if (strcmp(e->kind, "change") == 0) {
			if (!old)
				return _pb_demo_fail(g->err, e, "%s: no such file", path);
			if (_pb_demo_hunks(h->tmp, &text, old, e->text, false, g->err))
				return _pb_demo_fail(g->err, e, "%s: %s", path, pb_error_msg(g->err));
		} else if (strcmp(e->kind, "add") == 0) {
			if (!(text = (char *)_pb_demo_files_get(&h->added, path)))
				return _pb_demo_fail(g->err, e, "%s: not in demo/widgetd/", path);
		} else if (strcmp(e->kind, "new") == 0) {
			text = e->text;
		} else if (!old) {
			return _pb_demo_fail(g->err, e, "%s: no such file to delete", path);
		}
		if (_pb_demo_files_set(h->tmp, &h->state, path, text) || _pb_demo_files_set(h->tmp, &touched, path, text))
			return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	}
	h->n_edits = 0;
	msg = *c->text ? talloc_asprintf(h->tmp, "%s\n\n%s", c->title, c->text) : talloc_asprintf(h->tmp, "%s\n", c->title);
	if (!msg)
		return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	if ((rc = _pb_demo_commit(g, &h->tip, h->have_tip ? &h->tip : NULL, touched.v, touched.n, msg, who, when)))
		return rc;
	h->have_tip = true;
	if (_pb_demo_attr(c, "id") && (rc = add_hist(g, _pb_demo_attr(c, "id"), &h->tip, c->title, NULL, who, when)))
		return rc;
	return _pb_demo_branch(g, h->branch ? h->branch : "master", &h->tip);
}

/* End of master: it must hold demo/widgetd/ exactly; it is the base. */
static int finish_master(struct hist *h, const _pb_demo_sect_t *where)
{
	_pb_demo_gen_t *g = h->g;
	for (size_t i = 0; i < h->state.n; i++) {
		const char *want = _pb_demo_files_get(&h->final, h->state.v[i].path);
		const char *have = h->state.v[i].text;
		if ((want == NULL) != (have == NULL) || (want && strcmp(want, have) != 0))
			return _pb_demo_fail(g->err, where, "master does not end at demo/widgetd/: %s differs",
					     h->state.v[i].path);
	}
	if (!h->have_tip)
		return _pb_demo_fail(g->err, where, "no commit on master");
	g->base = h->tip;
	git_oid_tostr(g->base_hex, sizeof(g->base_hex), &g->base);
	if (_pb_demo_files_copy(g->ctx, &g->base_files, &h->final))
		return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	return PB_OK;
}

int _pb_demo_history(_pb_demo_gen_t *g, const _pb_demo_doc_t *d)
{
	struct hist h = {0};
	size_t b = 0;
	int rc = PB_OK;

	h.g = g;
	h.doc = d;
	if (!(h.tmp = talloc_new(g->ctx)))
		return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	for (const struct _pb_demo_embedded *f = _pb_demo_files; f->name; f++)
		if (strncmp(f->name, TREE_PREFIX, strlen(TREE_PREFIX)) == 0 &&
		    _pb_demo_files_set(h.tmp, &h.final, f->name + strlen(TREE_PREFIX), f->text)) {
			rc = pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
			goto out;
		}
	while (b < d->n && strcmp(d->v[b].kind, "branch") != 0)
		b++;
	if (_pb_demo_files_copy(h.tmp, &h.state, &h.final)) {
		rc = pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
		goto out;
	}
	/* back from master's tip to the first commit */
	for (size_t i = b; i-- > 0;) {
		const _pb_demo_sect_t *e = &d->v[i];
		const char *path = _pb_demo_attr(e, "path"), *t = path ? _pb_demo_files_get(&h.state, path) : NULL;
		char *old;
		if (strcmp(e->kind, "commit") == 0 || strcmp(e->kind, "tag") == 0)
			continue;
		if (strcmp(e->kind, "change") != 0 && strcmp(e->kind, "add") != 0) {
			rc = _pb_demo_fail(g->err, e, "only commit, add, change and tag come before the first branch");
			goto out;
		}
		if (!t) {
			rc = _pb_demo_fail(g->err, e, "%s: not in demo/widgetd/ (or added twice)", path ? path : "path=");
			goto out;
		}
		if (e->kind[0] == 'a') {
			if (_pb_demo_files_set(h.tmp, &h.added, path, t) || _pb_demo_files_set(h.tmp, &h.state, path, NULL))
				rc = pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
		} else if (_pb_demo_hunks(h.tmp, &old, t, e->text, true, g->err)) {
			rc = _pb_demo_fail(g->err, e, "%s (undoing it): %s", path, pb_error_msg(g->err));
		} else if (_pb_demo_files_set(h.tmp, &h.state, path, old)) {
			rc = pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
		}
		if (rc)
			goto out;
	}
	for (size_t i = 0; i < d->n && rc == PB_OK; i++) {
		const _pb_demo_sect_t *e = &d->v[i];
		if (strcmp(e->kind, "commit") == 0) {
			if (!(rc = flush(&h)))
				h.commit = e;
		} else if (strcmp(e->kind, "change") == 0 || strcmp(e->kind, "add") == 0 || strcmp(e->kind, "new") == 0 ||
			   strcmp(e->kind, "delete") == 0) {
			h.edits = talloc_realloc(h.tmp, h.edits, const _pb_demo_sect_t *, h.n_edits + 1);
			if (!h.commit)
				rc = _pb_demo_fail(g->err, e, "%s before any commit", e->kind);
			else if (!h.edits)
				rc = pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
			else
				h.edits[h.n_edits++] = e;
		} else if (strcmp(e->kind, "tag") == 0) {
			const _pb_demo_person_t *who = _pb_demo_who(g, e, "who", NULL);
			const char *name = _pb_demo_attr(e, "name");
			char *msg;
			int64_t when;
			if ((rc = flush(&h)) || !who || (rc = _pb_demo_when(g, e, who, &when)))
				rc = rc ? rc : PB_ERR_PARSE;
			else if (!name || !h.have_tip)
				rc = _pb_demo_fail(g->err, e, "a tag needs name= and a commit before it");
			else if (!(msg = *e->text ? talloc_asprintf(h.tmp, "%s\n\n%s", e->title, e->text)
						  : talloc_asprintf(h.tmp, "%s\n", e->title)))
				rc = pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
			else if (!(rc = _pb_demo_tag(g, name, &h.tip, msg, who, when)))
				rc = add_hist(g, name, &h.tip, e->title, msg, who, when);
		} else if (strcmp(e->kind, "branch") == 0) {
			const char *name = _pb_demo_attr(e, "name");
			if (!name)
				rc = _pb_demo_fail(g->err, e, "a branch needs name=");
			else if (!(rc = flush(&h)) && !h.branch)
				rc = finish_master(&h, e);
			if (!rc)
				h.branch = name;
		} else {
			rc = _pb_demo_fail(g->err, e, "unknown section \"%s\"", e->kind);
		}
	}
	if (rc == PB_OK && !(rc = flush(&h)) && !h.branch)
		rc = d->n ? finish_master(&h, &d->v[d->n - 1])
			  : (int)pb_error_set(g->err, PB_ERR_PARSE, "demo/history.txt is empty");
out:
	talloc_free(h.tmp);
	return rc;
}

static int parse_file(_pb_demo_gen_t *g, TALLOC_CTX *ctx, _pb_demo_doc_t **out, const char *name)
{
	const char *text = _pb_demo_file(name);
	if (!text)
		return pb_error_set(g->err, PB_ERR_NOTFOUND, "demo/%s is not compiled in", name);
	return _pb_demo_doc_parse(ctx, out, name, text, g->err);
}

int _pb_demo_base(_pb_demo_gen_t *g)
{
	void *tmp = talloc_new(g->ctx);
	_pb_demo_doc_t *people, *hist;
	char *repo = talloc_asprintf(tmp, "%s/repo", g->dir);
	int rc;

	if (!tmp || !repo) {
		talloc_free(tmp);
		return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	}
	if ((rc = parse_file(g, tmp, &people, "people.txt")) || (rc = _pb_demo_people(g, people)) ||
	    (rc = _pb_demo_repo_init(g, repo)) || (rc = parse_file(g, tmp, &hist, "history.txt")) ||
	    (rc = _pb_demo_history(g, hist)))
		goto out;
	for (const struct _pb_demo_embedded *f = _pb_demo_files; f->name; f++) {
		size_t n = strlen(f->name);
		if (strncmp(f->name, "series/", 7) == 0 && n > 4 && strcmp(f->name + n - 4, ".txt") == 0 &&
		    (rc = _pb_demo_series_file(g, f->name, f->text)))
			goto out;
	}
	rc = _pb_demo_repo_finish(g, _pb_demo_person(g, "ines"));
out:
	talloc_free(tmp);
	return rc;
}
