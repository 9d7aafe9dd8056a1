/* interdiff_tree.c: the difference between the trees two versions make,
 * without the base tree.
 *
 * Per file (followed through renames), the base is rebuilt from the lines
 * the patches quote: a context or removed line of the first patch touching
 * the file sits at its old line number; one of a later patch is mapped back
 * through the hunks of the earlier ones. Unknown lines become placeholders
 * that both versions keep, so line numbers stay true. Each version's
 * patches are applied in order with git_apply_to_tree in an in-memory
 * repository, and the two results are compared with git_patch_from_buffers.
 * Placeholders at the edges of a hunk are cut off; a file whose versions
 * quote different base lines (a rebase) is reported as skipped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patchbay/diff.h"
#include "patchbay/git.h"
#include "core/mail/diff_priv.h"
#include "core/mail/diff_scan.h"
#include "core/base/git_priv.h"
#include "core/review/interdiff_priv.h"

#define UNKNOWN_MARK "\001\002patchbay-unknown-line "

typedef struct hunk {
	int old_start, old_lines, new_start, new_lines;
	long shift; /* moved to where the other version quotes the same lines */
} hunk_t;

typedef struct piece {
	int version;        /* 0 or 1 */
	int chain;
	git_diff *diff;     /* this file's part of the patch */
	hunk_t *hunks;
	size_t n_hunks;
	char *new_path;     /* NULL when the file is deleted */
} piece_t;

typedef struct chain {
	char *base_path;    /* NULL for a file the first touching patch creates */
	char *cur_path[2];  /* path after the pieces applied so far, per version */
	bool created[2];    /* created by that version (absent from the base) */
	bool touched[2];
	char **base;        /* base lines by number (1-based), NULL = unknown */
	size_t n_base;
	long eof_at;        /* last base line when the file has no LF at its end */
	const char *skip;   /* why it cannot be rebuilt, or NULL */
	piece_t **pieces[2];
	size_t n_pieces[2];
} chain_t;

typedef struct tree_ctx {
	TALLOC_CTX *tmp;
	chain_t *chains;
	size_t n_chains;
	_pb_repo_t *r;   /* the in-memory repository (under the tree_ctx) */
} tree_ctx_t;

static int chain_destructor(piece_t *p)
{
	git_diff_free(p->diff);
	return 0;
}

static chain_t *find_chain(tree_ctx_t *t, int ver, const char *old_path, bool created)
{
	chain_t *c;
	for (size_t i = 0; i < t->n_chains; i++) {
		c = &t->chains[i];
		if (c->touched[ver] && c->cur_path[ver] && strcmp(c->cur_path[ver], old_path) == 0)
			return c;
	}
	for (size_t i = 0; i < t->n_chains && !created; i++) {
		c = &t->chains[i];
		if (!c->touched[ver] && c->base_path && strcmp(c->base_path, old_path) == 0)
			return c;
	}
	if (created) {
		/* a file both versions create shares one chain */
		for (size_t i = 0; i < t->n_chains; i++) {
			c = &t->chains[i];
			if (!c->touched[ver] && !c->base_path && c->created[!ver] &&
			    strcmp(c->cur_path[!ver] ? c->cur_path[!ver] : "", old_path) == 0)
				return c;
		}
	}
	c = talloc_realloc(t->tmp, t->chains, chain_t, t->n_chains + 1);
	if (!c)
		return NULL;
	t->chains = c;
	c = &t->chains[t->n_chains++];
	memset(c, 0, sizeof(*c));
	c->eof_at = -1;
	if (!created)
		c->base_path = talloc_strdup(t->tmp, old_path);
	return c;
}

static int set_base(tree_ctx_t *t, chain_t *c, long ln, const char *s, size_t len)
{
	if (ln < 1)
		return PB_OK;
	if ((size_t)ln > c->n_base) {
		char **nb = talloc_realloc(t->tmp, c->base, char *, (size_t)ln + 1);
		if (!nb)
			return PB_ERR_NOMEM;
		for (size_t i = c->n_base + 1; i <= (size_t)ln; i++)
			nb[i] = NULL;
		c->base = nb;
		c->n_base = (size_t)ln;
	}
	if (c->base[ln]) {
		if (strlen(c->base[ln]) != len || memcmp(c->base[ln], s, len) != 0)
			c->skip = "the versions quote different base lines (based on different trees?)";
		return PB_OK;
	}
	c->base[ln] = talloc_strndup(t->tmp, s, len);
	return c->base[ln] ? PB_OK : PB_ERR_NOMEM;
}

/* Line LN of the image after the pieces before piece K of version V, as a
 * base line number; 0 when an earlier piece wrote it. */
static long map_back(const chain_t *c, int v, size_t k, long ln)
{
	for (size_t j = k; j-- > 0;) {
		const piece_t *p = c->pieces[v][j];
		long delta = 0;
		for (size_t h = 0; h < p->n_hunks; h++) {
			const hunk_t *hk = &p->hunks[h];
			long start = hk->new_lines ? hk->new_start : hk->new_start + 1;
			if (ln < start)
				break;
			if (ln < start + hk->new_lines)
				return 0;
			delta += hk->new_lines - hk->old_lines;
		}
		ln -= delta;
	}
	return ln;
}

/* Learn base lines from piece K of version V of chain C (PATCH: its lines). */
static int learn(tree_ctx_t *t, chain_t *c, int v, size_t k, git_patch *patch)
{
	piece_t *p = c->pieces[v][k];
	if (c->created[v] && !c->base_path)
		return PB_OK; /* nothing of a new file is in the base */
	for (size_t h = 0; h < p->n_hunks; h++) {
		size_t nl = (size_t)git_patch_num_lines_in_hunk(patch, h);
		long last_old = -1;
		for (size_t i = 0; i < nl; i++) {
			const git_diff_line *l;
			long b;
			if (git_patch_get_line_in_hunk(&l, patch, h, i) < 0)
				return PB_ERR_GIT;
			if (l->origin == GIT_DIFF_LINE_ADD_EOFNL || l->origin == GIT_DIFF_LINE_CONTEXT_EOFNL) {
				if (last_old > 0) {
					long bl = map_back(c, v, k, last_old);
					if (bl > 0)
						c->eof_at = bl;
				}
				continue;
			}
			if (l->origin != GIT_DIFF_LINE_CONTEXT && l->origin != GIT_DIFF_LINE_DELETION)
				continue;
			last_old = l->old_lineno + p->hunks[h].shift;
			b = map_back(c, v, k, last_old);
			if (b > 0) {
				size_t len = l->content_len;
				if (len && l->content[len - 1] == '\n')
					len--;
				if (set_base(t, c, b, l->content, len))
					return PB_ERR_NOMEM;
			}
		}
	}
	return PB_OK;
}

/* The first piece of the second version may quote the same lines as the
 * first version at other line numbers (a rebase that moved them): find
 * each hunk's quoted lines in the base the first version rebuilt and move
 * the hunk there. */
static int relocate(chain_t *c, piece_t *p, git_patch *gp)
{
	for (size_t h = 0; h < p->n_hunks; h++) {
		size_t nl = (size_t)git_patch_num_lines_in_hunk(gp, h), nq = 0;
		const git_diff_line **q = talloc_array(p, const git_diff_line *, nl + 1);
		long start = p->hunks[h].old_start, best = 0;
		bool here = true;
		if (!q)
			return PB_ERR_NOMEM;
		for (size_t i = 0; i < nl; i++) {
			const git_diff_line *l;
			if (git_patch_get_line_in_hunk(&l, gp, h, i) < 0)
				return PB_ERR_GIT;
			if (l->origin == GIT_DIFF_LINE_CONTEXT || l->origin == GIT_DIFF_LINE_DELETION)
				q[nq++] = l;
		}
		if (nq == 0)
			continue;
		for (long at = 1; at + (long)nq - 1 <= (long)c->n_base; at++) {
			bool all = true;
			for (size_t i = 0; i < nq && all; i++) {
				const char *b = c->base[at + (long)i];
				size_t len = q[i]->content_len;
				if (len && q[i]->content[len - 1] == '\n')
					len--;
				all = b && strlen(b) == len && memcmp(b, q[i]->content, len) == 0;
			}
			if (!all)
				continue;
			if (at == start) {
				best = 0;
				break;
			}
			if (!best || labs(at - start) < labs(best))
				best = at - start;
		}
		for (size_t i = 0; i < nq && here; i++)
			here = (size_t)(start + (long)i) <= c->n_base && c->base[start + (long)i];
		if (!here || best)
			p->hunks[h].shift = best;
		talloc_free(q);
	}
	return PB_OK;
}

/* BUF with the hunk headers of P moved by their shifts. BUF is libgit2's
 * text of one file; its hunk headers are found by the one reader
 * (diff_scan.h) and written anew here, in git's "@@ -a,b +c,d @@" form. */
static char *shift_headers(TALLOC_CTX *ctx, const piece_t *p, const char *buf, size_t len)
{
	char *out = talloc_strdup(ctx, "");
	size_t h = 0;
	for (const char *l = buf; out && l < buf + len;) {
		size_t n = strcspn(l, "\n");
		long o, nn;
		if (h < p->n_hunks && _pb_diff_hunk(l, n, &o, &nn) == _PB_HUNK_PLAIN) {
			const hunk_t *hk = &p->hunks[h++];
			const char *rest = strstr(l + 4, " @@");
			out = talloc_asprintf_append_buffer(out, "@@ -%ld,%d +%ld,%d%.*s\n", hk->old_start + hk->shift,
							    hk->old_lines, hk->new_start + hk->shift, hk->new_lines,
							    rest ? (int)(l + n - rest) : 0, rest ? rest : "");
		} else {
			out = talloc_asprintf_append_buffer(out, "%.*s\n", (int)n, l);
		}
		l += n + 1;
	}
	return out;
}

/* Split one patch of version V into per-file pieces. */
static int add_patch(tree_ctx_t *t, int v, const char *text, pb_error_t *err)
{
	git_diff *d = NULL;
	size_t nd;
	int rc = _pb_interdiff_parse(t, &d, text, err);
	if (rc)
		return rc;
	nd = git_diff_num_deltas(d);
	for (size_t i = 0; i < nd && !rc; i++) {
		git_patch *gp = NULL;
		git_buf buf = {0};
		const git_diff_delta *dl;
		chain_t *c;
		piece_t *p, **np;
		bool created;
		if (git_patch_from_diff(&gp, d, i) < 0) {
			rc = pb_error_git(err, "cannot read diff");
			break;
		}
		dl = git_patch_get_delta(gp);
		created = dl->status == GIT_DELTA_ADDED;
		c = find_chain(t, v, created ? dl->new_file.path : dl->old_file.path, created);
		p = c ? talloc_zero(t->tmp, piece_t) : NULL;
		if (!p) {
			git_patch_free(gp);
			rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
			break;
		}
		if (!c->touched[v]) {
			c->touched[v] = true;
			c->created[v] = created;
		}
		p->version = v;
		p->new_path = dl->status == GIT_DELTA_DELETED ? NULL : talloc_strdup(p, dl->new_file.path);
		c->cur_path[v] = p->new_path;
		if (dl->flags & GIT_DIFF_FLAG_BINARY)
			c->skip = "binary";
		p->n_hunks = git_patch_num_hunks(gp);
		p->hunks = talloc_zero_array(p, hunk_t, p->n_hunks + 1);
		for (size_t h = 0; p->hunks && h < p->n_hunks; h++) {
			const git_diff_hunk *hk;
			git_patch_get_hunk(&hk, NULL, gp, h);
			p->hunks[h].old_start = hk->old_start;
			p->hunks[h].old_lines = hk->old_lines;
			p->hunks[h].new_start = hk->new_start;
			p->hunks[h].new_lines = hk->new_lines;
		}
		np = talloc_realloc(t->tmp, c->pieces[v], piece_t *, c->n_pieces[v] + 1);
		if (!np || !p->hunks) {
			git_patch_free(gp);
			rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
			break;
		}
		c->pieces[v] = np;
		np[c->n_pieces[v]++] = p;
		if (v == 1 && c->touched[0] && c->n_pieces[1] == 1 && !created && relocate(c, p, gp)) {
			git_patch_free(gp);
			rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
			break;
		}
		if (learn(t, c, v, c->n_pieces[v] - 1, gp)) {
			git_patch_free(gp);
			rc = pb_error_git(err, "cannot read diff");
			break;
		}
		/* this file's part alone, for git_apply_to_tree */
		if (git_patch_to_buf(&buf, gp) == 0) {
			bool moved = false;
			for (size_t h = 0; h < p->n_hunks; h++)
				moved |= p->hunks[h].shift != 0;
			if (moved) {
				char *sh = shift_headers(p, p, buf.ptr, buf.size);
				if (!sh || _pb_git_diff_from_buffer(&p->diff, sh, strlen(sh)) < 0)
					p->diff = NULL;
				talloc_free(sh);
				git_buf_dispose(&buf);
			}
		}
		if (!buf.ptr && !p->diff) {
			c->skip = "libgit2 cannot read this file's diff back";
			git_error_clear();
		} else if (!p->diff && _pb_git_diff_from_buffer(&p->diff, buf.ptr, buf.size) < 0) {
			c->skip = "libgit2 cannot read this file's diff back";
			git_error_clear();
		} else {
			talloc_set_destructor(p, chain_destructor);
		}
		git_buf_dispose(&buf);
		git_patch_free(gp);
	}
	git_diff_free(d);
	return rc;
}

static int open_repo(tree_ctx_t *t, pb_error_t *err)
{
	return _pb_repo_new_mem(t, &t->r, err);
}

/* A tree holding PATH with CONTENT (or empty when PATH is NULL). */
static int make_tree(tree_ctx_t *t, git_tree **out, const char *path, const char *content, size_t len)
{
	git_index *ix = NULL;
	git_oid oid;
	int rc = -1;
	if (git_index_new(&ix) < 0)
		return -1;
	if (path) {
		git_index_entry e;
		memset(&e, 0, sizeof(e));
		if (git_blob_create_from_buffer(&e.id, t->r->repo, content, len) < 0)
			goto out;
		e.mode = GIT_FILEMODE_BLOB;
		e.path = path;
		if (git_index_add(ix, &e) < 0)
			goto out;
	}
	if (git_index_write_tree_to(&oid, ix, t->r->repo) < 0)
		goto out;
	rc = git_tree_lookup(out, t->r->repo, &oid);
out:
	git_index_free(ix);
	return rc;
}

/* Content of PATH in TREE; *out NULL when absent. */
static int read_file(TALLOC_CTX *ctx, char **out, size_t *len, git_tree *tree, const char *path, tree_ctx_t *t)
{
	git_tree_entry *e = NULL;
	git_blob *b = NULL;
	*out = NULL;
	*len = 0;
	if (!path || git_tree_entry_bypath(&e, tree, path) < 0) {
		git_error_clear();
		return 0;
	}
	if (git_blob_lookup(&b, t->r->repo, git_tree_entry_id(e)) < 0) {
		git_tree_entry_free(e);
		return -1;
	}
	*len = (size_t)git_blob_rawsize(b);
	*out = talloc_size(ctx, *len + 1);
	if (*out) {
		if (*len)
			memcpy(*out, git_blob_rawcontent(b), *len);
		(*out)[*len] = '\0';
	}
	git_blob_free(b);
	git_tree_entry_free(e);
	return *out ? 0 : -1;
}

static char *base_text(TALLOC_CTX *ctx, const chain_t *c, size_t *len)
{
	char *s = talloc_strdup(ctx, "");
	size_t n = c->eof_at > 0 ? (size_t)c->eof_at : c->n_base;
	for (size_t i = 1; s && i <= n; i++) {
		bool last = c->eof_at > 0 && i == n;
		if (c->base[i])
			s = talloc_asprintf_append_buffer(s, "%s%s", c->base[i], last ? "" : "\n");
		else
			s = talloc_asprintf_append_buffer(s, UNKNOWN_MARK "%zu%s", i, last ? "" : "\n");
	}
	if (s)
		*len = strlen(s);
	return s;
}

/* Apply version V's pieces of C to the base; the result's path and text. */
static const char *apply_version(tree_ctx_t *t, const chain_t *c, int v, const char *base, size_t blen,
				 char **out, size_t *olen, const char **path)
{
	git_tree *tree = NULL;
	const char *why = NULL;
	bool in_base = c->base_path && !c->created[v];
	*path = c->base_path;
	if (make_tree(t, &tree, in_base ? c->base_path : NULL, base, blen) < 0)
		return "cannot build the base";
	for (size_t k = 0; k < c->n_pieces[v] && !why; k++) {
		git_index *ix = NULL;
		git_oid oid;
		git_tree *next = NULL;
		if (git_apply_to_tree(&ix, t->r->repo, tree, c->pieces[v][k]->diff, NULL) < 0 ||
		    git_index_write_tree_to(&oid, ix, t->r->repo) < 0 || git_tree_lookup(&next, t->r->repo, &oid) < 0)
			why = "a patch does not apply to the rebuilt base";
		git_index_free(ix);
		git_error_clear();
		if (next) {
			git_tree_free(tree);
			tree = next;
		}
		*path = c->pieces[v][k]->new_path;
	}
	if (!why && read_file(t->tmp, out, olen, tree, *path, t) < 0)
		why = "cannot read the result";
	git_tree_free(tree);
	return why;
}

static bool is_unknown(const git_diff_line *l)
{
	return l->content_len >= sizeof(UNKNOWN_MARK) - 1 &&
	       memcmp(l->content, UNKNOWN_MARK, sizeof(UNKNOWN_MARK) - 1) == 0;
}

/* Lines of the diff between the two results, placeholders trimmed. */
static int emit(_pb_lines_t *out, char **text, git_patch *p, const char *pa, const char *pb)
{
	size_t nh = git_patch_num_hunks(p);
	const git_diff_delta *d = git_patch_get_delta(p);
	char *hdr;
	if (nh == 0)
		return PB_OK;
	hdr = talloc_asprintf(out->ctx, "diff --git a/%s b/%s\n%s%s--- %s%s\n+++ %s%s\n", pa ? pa : pb,
			      pb ? pb : pa, d->status == GIT_DELTA_ADDED ? "new file mode 100644\n" : "",
			      d->status == GIT_DELTA_DELETED ? "deleted file mode 100644\n" : "", pa ? "a/" : "",
			      pa ? pa : "/dev/null", pb ? "b/" : "", pb ? pb : "/dev/null");
	if (!hdr)
		return PB_ERR_NOMEM;
	for (char *l = hdr; *l;) {
		size_t n = strcspn(l, "\n");
		if (_pb_lines_add(out, PB_IDIFF_HEADER, PB_IDIFF_IN_NONE, l, n))
			return PB_ERR_NOMEM;
		l += n + (l[n] == '\n');
	}
	*text = talloc_strdup_append_buffer(*text, hdr);
	for (size_t h = 0; h < nh && *text; h++) {
		const git_diff_hunk *hk;
		const git_diff_line *l;
		size_t nl, first = 0, last, os, ns, oc = 0, nc = 0;
		const char *fn;
		git_patch_get_hunk(&hk, &nl, p, h);
		last = nl;
		while (first < last && git_patch_get_line_in_hunk(&l, p, h, first) == 0 &&
		       l->origin == GIT_DIFF_LINE_CONTEXT && is_unknown(l))
			first++;
		while (last > first && git_patch_get_line_in_hunk(&l, p, h, last - 1) == 0 &&
		       (l->origin == GIT_DIFF_LINE_CONTEXT && is_unknown(l)))
			last--;
		os = (size_t)hk->old_start + first;
		ns = (size_t)hk->new_start + first;
		for (size_t i = first; i < last; i++) {
			git_patch_get_line_in_hunk(&l, p, h, i);
			if (l->origin == GIT_DIFF_LINE_CONTEXT || l->origin == GIT_DIFF_LINE_DELETION)
				oc++;
			if (l->origin == GIT_DIFF_LINE_CONTEXT || l->origin == GIT_DIFF_LINE_ADDITION)
				nc++;
		}
		if (hk->old_lines == 0 && oc == 0)
			os = (size_t)hk->old_start;
		if (hk->new_lines == 0 && nc == 0)
			ns = (size_t)hk->new_start;
		fn = strstr(hk->header + 2, "@@");
		fn = fn ? fn + 2 : "";
		hdr = talloc_asprintf(out->ctx, "@@ -%zu%s +%zu%s @@%.*s", os,
				      oc == 1 ? "" : talloc_asprintf(out->ctx, ",%zu", oc), ns,
				      nc == 1 ? "" : talloc_asprintf(out->ctx, ",%zu", nc),
				      (int)strcspn(fn, "\n"), fn);
		if (!hdr || _pb_lines_add(out, PB_IDIFF_HEADER, PB_IDIFF_IN_NONE, hdr, strlen(hdr)))
			return PB_ERR_NOMEM;
		*text = talloc_asprintf_append_buffer(*text, "%s\n", hdr);
		for (size_t i = first; i < last && *text; i++) {
			size_t cl;
			pb_idiff_role_t role;
			char *line;
			git_patch_get_line_in_hunk(&l, p, h, i);
			if (l->origin == GIT_DIFF_LINE_ADDITION)
				role = PB_IDIFF_NEW;
			else if (l->origin == GIT_DIFF_LINE_DELETION)
				role = PB_IDIFF_OLD;
			else if (l->origin == GIT_DIFF_LINE_CONTEXT)
				role = PB_IDIFF_CONTEXT;
			else {
				*text = talloc_strdup_append_buffer(*text, "\\ No newline at end of file\n");
				continue;
			}
			cl = l->content_len;
			if (cl && l->content[cl - 1] == '\n')
				cl--;
			line = is_unknown(l) ? talloc_asprintf(out->ctx, "%c...", l->origin)
					     : talloc_asprintf(out->ctx, "%c%.*s", l->origin, (int)cl, l->content);
			if (!line || _pb_lines_add(out, role, PB_IDIFF_IN_NONE, line, strlen(line)))
				return PB_ERR_NOMEM;
			*text = talloc_asprintf_append_buffer(*text, "%s\n", line);
		}
	}
	return *text ? PB_OK : PB_ERR_NOMEM;
}

static int compare_chain(tree_ctx_t *t, pb_interdiff_t *d, _pb_lines_t *lines, chain_t *c,
			 const pb_interdiff_opts_t *o, pb_error_t *err)
{
	char *base, *res[2] = {NULL, NULL};
	size_t blen = 0, rlen[2] = {0, 0};
	const char *path[2], *why = NULL;
	git_patch *p = NULL;
	git_diff_options dopt;
	int rc;

	if (!c->skip) {
		base = base_text(t->tmp, c, &blen);
		if (!base)
			return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		for (int v = 0; v < 2 && !why; v++)
			why = apply_version(t, c, v, base, blen, &res[v], &rlen[v], &path[v]);
	} else {
		why = c->skip;
	}
	if (why) {
		char **ns = talloc_realloc(d, d->skipped, char *, d->n_skipped + 1);
		const char *name = c->base_path ? c->base_path : c->cur_path[c->touched[1]];
		if (!ns)
			return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		d->skipped = ns;
		ns[d->n_skipped] = talloc_asprintf(ns, "%s: %s", name ? name : "?", why);
		if (!ns[d->n_skipped++])
			return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		return PB_OK;
	}
	if (rlen[0] == rlen[1] && (!res[0]) == (!res[1]) && (!res[0] || memcmp(res[0], res[1], rlen[0]) == 0))
		return PB_OK;
	_pb_interdiff_diff_opts(&dopt, o->context == 0 ? 3 : o->context);
	if (git_patch_from_buffers(&p, res[0], rlen[0], res[0] ? path[0] : NULL, res[1], rlen[1],
				   res[1] ? path[1] : NULL, &dopt) < 0)
		return pb_error_git(err, "cannot compare the rebuilt files");
	rc = emit(lines, &d->tree_text, p, res[0] ? path[0] : NULL, res[1] ? path[1] : NULL);
	git_patch_free(p);
	return rc ? pb_error_set(err, rc, "out of memory") : PB_OK;
}

static const char *chain_name(const chain_t *c)
{
	if (c->touched[1] && c->cur_path[1])
		return c->cur_path[1];
	if (c->touched[0] && c->cur_path[0])
		return c->cur_path[0];
	return c->base_path ? c->base_path : "";
}

static int cmp_chain(const void *x, const void *y)
{
	return strcmp(chain_name(x), chain_name(y));
}

pb_status_t pb_interdiff_tree(TALLOC_CTX *mem_ctx, pb_interdiff_t **out, const char *const *a, size_t na,
			      const char *const *b, size_t nb, const pb_interdiff_opts_t *opts, pb_error_t *err)
{
	static const pb_interdiff_opts_t defaults = {0};
	const pb_interdiff_opts_t *o = opts ? opts : &defaults;
	tree_ctx_t *t = talloc_zero(mem_ctx, tree_ctx_t);
	pb_interdiff_t *d;
	_pb_lines_t lines;
	int rc = PB_OK;

	if (!t)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	pb_git_init();
	t->tmp = t;
	d = talloc_zero(t, pb_interdiff_t);
	if (!d || !(d->tree_text = talloc_strdup(d, ""))) {
		talloc_free(t);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	lines.ctx = d;
	lines.v = NULL;
	lines.n = lines.cap = 0;
	if ((rc = open_repo(t, err)))
		goto out;
	for (size_t i = 0; i < na && !rc; i++)
		rc = add_patch(t, 0, a[i], err);
	for (size_t i = 0; i < nb && !rc; i++)
		rc = add_patch(t, 1, b[i], err);
	if (!rc && t->n_chains > 1)
		qsort(t->chains, t->n_chains, sizeof(*t->chains), cmp_chain);
	for (size_t i = 0; i < t->n_chains && !rc; i++)
		rc = compare_chain(t, d, &lines, &t->chains[i], o, err);
	if (rc)
		goto out;
	d->has_tree = true;
	d->tree = lines.v;
	d->n_tree = lines.n;
	*out = talloc_steal(mem_ctx, d);
out:
	talloc_free(t);
	return rc;
}
