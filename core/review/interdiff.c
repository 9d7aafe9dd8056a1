/* interdiff.c: pair the patches of two versions as git range-diff does and
 * show the diff between the paired patches. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "patchbay/diff.h"
#include "patchbay/git.h"
#include "patchbay/subject.h"
#include "core/mail/diff_priv.h"
#include "core/review/interdiff_priv.h"

#define COST_NEVER (1 << 28)

static const char *const pair_names[] = {"unchanged", "changed", "added", "dropped"};

const char *pb_pair_status_name(pb_pair_status_t st)
{
	return (unsigned)st < PB_PAIR_COUNT ? pair_names[st] : "unknown";
}

int _pb_lines_add(_pb_lines_t *l, pb_idiff_role_t role, pb_idiff_inner_t inner, const char *text,
		  size_t len)
{
	char *t;
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 64;
		pb_idiff_line_t *nv = talloc_realloc(l->ctx, l->v, pb_idiff_line_t, nc);
		if (!nv)
			return PB_ERR_NOMEM;
		l->v = nv;
		l->cap = nc;
	}
	t = talloc_strndup(l->v, text, len);
	if (!t)
		return PB_ERR_NOMEM;
	l->v[l->n].role = role;
	l->v[l->n].inner = inner;
	l->v[l->n].text = t;
	l->n++;
	return PB_OK;
}

int _pb_interdiff_parse(TALLOC_CTX *ctx, git_diff **out, const char *diff, pb_error_t *err)
{
	void *tmp;
	const char *text;
	int rc = PB_OK;
	pb_git_init();
	if (_pb_git_diff_from_buffer(out, diff, strlen(diff)) == 0)
		return PB_OK;
	tmp = talloc_new(ctx);
	text = pb_diff_gitify(tmp, diff);
	if (text == diff || _pb_git_diff_from_buffer(out, text, strlen(text)) < 0)
		rc = pb_error_git(err, "cannot parse diff");
	talloc_free(tmp);
	if (rc)
		pb_error_set(err, PB_ERR_PARSE, "%s", pb_error_msg(err));
	return rc ? PB_ERR_PARSE : PB_OK;
}

void _pb_interdiff_diff_opts(git_diff_options *o, int context)
{
	git_diff_options_init(o, GIT_DIFF_OPTIONS_VERSION);
	o->context_lines = (uint32_t)(context < 0 ? 0 : context);
	o->interhunk_lines = 0;
	o->flags |= GIT_DIFF_INDENT_HEURISTIC;
}

/* ---- patch texts ------------------------------------------------------ */

typedef struct ptext {
	char *text;
	size_t len;
	size_t n_lines;
	uint8_t *inner;      /* pb_idiff_inner_t per line (1-based, [0] unused) */
	size_t *off;         /* byte offset of each line (1-based) */
	size_t diff_off;     /* where the file sections start */
	char *title;
	char pid[41];
	bool has_pid;
	unsigned size;       /* lines, the cost of leaving it unpaired */
} ptext_t;

static char *mail_title(TALLOC_CTX *ctx, const pb_mail_t *m)
{
	pb_subject_t s;
	const char *subj = (m->diff && m->inbody_subject) ? m->inbody_subject : m->subject;
	if (pb_subject_parse_into(ctx, &s, subj ? subj : ""))
		return NULL;
	return s.title;
}

static int append(char **buf, const char *s, size_t n)
{
	char *nb = talloc_strndup_append_buffer(*buf, s, n);
	if (!nb)
		return PB_ERR_NOMEM;
	*buf = nb;
	return PB_OK;
}

static int appendf(char **buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int appendf(char **buf, const char *fmt, ...)
{
	va_list ap;
	char *nb;
	va_start(ap, fmt);
	nb = talloc_vasprintf_append_buffer(*buf, fmt, ap);
	va_end(ap);
	if (!nb)
		return PB_ERR_NOMEM;
	*buf = nb;
	return PB_OK;
}

/* " ## path ##" with git range-diff's annotations. */
static int file_header(char **buf, const git_diff_delta *d)
{
	const char *o = d->old_file.path, *n = d->new_file.path;
	int rc;
	if (d->status == GIT_DELTA_ADDED)
		rc = appendf(buf, " ## %s (new) ##\n", n);
	else if (d->status == GIT_DELTA_DELETED)
		rc = appendf(buf, " ## %s (deleted) ##\n", o);
	else if (strcmp(o, n) != 0)
		rc = appendf(buf, " ## %s => %s ##\n", o, n);
	else if (d->old_file.mode != d->new_file.mode && d->old_file.mode && d->new_file.mode)
		rc = appendf(buf, " ## %s (mode change %06o => %06o) ##\n", n, d->old_file.mode,
			     d->new_file.mode);
	else
		rc = appendf(buf, " ## %s ##\n", n);
	return rc;
}

/* The diff part: file headers, "@@ func" hunk headers, lines. */
static int diff_text(char **buf, const char *diff, char pid[41], bool *has_pid, pb_error_t *err)
{
	git_diff *d = NULL;
	size_t nd;
	int rc = _pb_interdiff_parse(*buf, &d, diff, err);
	if (rc)
		return rc;
	{
		git_oid oid;
		if (git_diff_patchid(&oid, d, NULL) == 0) {
			git_oid_tostr(pid, 41, &oid);
			*has_pid = true;
		}
		git_error_clear();
	}
	nd = git_diff_num_deltas(d);
	for (size_t i = 0; i < nd && rc == PB_OK; i++) {
		git_patch *p = NULL;
		const git_diff_delta *delta;
		size_t nh;
		if (git_patch_from_diff(&p, d, i) < 0) {
			rc = pb_error_git(err, "cannot read diff");
			break;
		}
		delta = git_patch_get_delta(p);
		rc = file_header(buf, delta);
		if (!rc && (delta->flags & GIT_DIFF_FLAG_BINARY))
			rc = append(buf, "Binary files differ\n", 20);
		nh = git_patch_num_hunks(p);
		for (size_t h = 0; h < nh && rc == PB_OK; h++) {
			const git_diff_hunk *hunk;
			size_t nl;
			const char *fn;
			if (git_patch_get_hunk(&hunk, &nl, p, h) < 0) {
				rc = pb_error_git(err, "cannot read diff");
				break;
			}
			/* "@@ -a,b +c,d @@ func" -> "@@ func" */
			fn = strstr(hunk->header + 2, "@@");
			fn = fn ? fn + 2 : "";
			while (*fn == ' ')
				fn++;
			{
				size_t fl = strcspn(fn, "\n");
				rc = fl ? appendf(buf, "@@ %.*s\n", (int)fl, fn) : append(buf, "@@\n", 3);
			}
			for (size_t k = 0; k < nl && rc == PB_OK; k++) {
				const git_diff_line *l;
				size_t cl;
				if (git_patch_get_line_in_hunk(&l, p, h, k) < 0) {
					rc = pb_error_git(err, "cannot read diff");
					break;
				}
				if (l->origin != GIT_DIFF_LINE_CONTEXT && l->origin != GIT_DIFF_LINE_ADDITION &&
				    l->origin != GIT_DIFF_LINE_DELETION)
					continue; /* "\ No newline at end of file" */
				cl = l->content_len;
				while (cl && (l->content[cl - 1] == '\n' || l->content[cl - 1] == '\r'))
					cl--;
				rc = appendf(buf, "%c%.*s\n", l->origin, (int)cl, l->content);
			}
		}
		git_patch_free(p);
	}
	git_diff_free(d);
	return rc;
}

static int build_text(TALLOC_CTX *ctx, ptext_t *t, const pb_mail_t *m, pb_error_t *err)
{
	char *buf = talloc_strdup(ctx, "");
	const char *msg = m->message ? m->message : "";
	char *author;
	int rc;
	memset(t, 0, sizeof(*t));
	t->title = mail_title(ctx, m);
	author = pb_person_format(ctx, &m->author);
	if (!buf || !t->title || !author)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	rc = appendf(&buf, " ## Metadata ##\nAuthor: %s\n\n ## Commit message ##\n    %s\n", author,
		     t->title);
	if (!rc && *msg)
		rc = append(&buf, "\n", 1);
	for (const char *l = msg; *l && !rc;) {
		size_t n = strcspn(l, "\n");
		rc = n ? appendf(&buf, "    %.*s\n", (int)n, l) : append(&buf, "\n", 1);
		l += n;
		if (*l)
			l++;
	}
	if (!rc)
		rc = append(&buf, "\n", 1);
	if (rc)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	t->diff_off = strlen(buf);
	if (m->diff && *m->diff) {
		rc = diff_text(&buf, m->diff, t->pid, &t->has_pid, err);
		if (rc == PB_ERR_PARSE) {
			/* keep what libgit2 cannot read as plain text */
			pb_error_clear(err);
			rc = append(&buf, m->diff, strlen(m->diff));
		}
		if (rc)
			return rc;
	}
	t->text = buf;
	t->len = strlen(buf);
	/* line offsets and the inner role of each line */
	for (size_t i = 0; i < t->len; i++)
		if (buf[i] == '\n')
			t->n_lines++;
	t->off = talloc_array(ctx, size_t, t->n_lines + 2);
	t->inner = talloc_array(ctx, uint8_t, t->n_lines + 2);
	if (!t->off || !t->inner)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	{
		size_t ln = 1, pos = 0;
		pb_idiff_inner_t sect = PB_IDIFF_IN_META;
		while (pos < t->len) {
			const char *l = buf + pos;
			size_t n = strcspn(l, "\n");
			pb_idiff_inner_t r;
			if (strncmp(l, " ## ", 4) == 0 && n > 7 && strncmp(l + n - 3, " ##", 3) == 0) {
				if (pos < t->diff_off)
					sect = strncmp(l, " ## Commit message ##", 21) == 0 ? PB_IDIFF_IN_MESSAGE
											     : PB_IDIFF_IN_META;
				else
					sect = PB_IDIFF_IN_FILE;
				r = sect;
			} else if (sect != PB_IDIFF_IN_FILE) {
				r = sect;
			} else if (l[0] == '@' && l[1] == '@') {
				r = PB_IDIFF_IN_HUNK;
			} else if (l[0] == '+') {
				r = PB_IDIFF_IN_ADDED;
			} else if (l[0] == '-') {
				r = PB_IDIFF_IN_REMOVED;
			} else {
				r = PB_IDIFF_IN_CONTEXT;
			}
			t->off[ln] = pos;
			t->inner[ln] = (uint8_t)r;
			ln++;
			pos += n + 1;
		}
		t->off[ln] = t->len;
	}
	t->size = (unsigned)t->n_lines;
	return PB_OK;
}

pb_status_t pb_interdiff_patch_text(TALLOC_CTX *mem_ctx, char **out, const pb_mail_t *m, pb_error_t *err)
{
	ptext_t t;
	void *tmp = talloc_new(mem_ctx);
	int rc = build_text(tmp, &t, m, err);
	if (rc == PB_OK)
		*out = talloc_steal(mem_ctx, t.text);
	talloc_free(tmp);
	return rc;
}

/* ---- pairing ---------------------------------------------------------- */

static int diff_size(unsigned *out, const ptext_t *a, const ptext_t *b, pb_error_t *err)
{
	git_patch *p = NULL;
	git_diff_options o;
	size_t ctx, add, del;
	if (a->len == b->len && memcmp(a->text, b->text, a->len) == 0) {
		*out = 0;
		return PB_OK;
	}
	_pb_interdiff_diff_opts(&o, 0);
	if (git_patch_from_buffers(&p, a->text, a->len, "a", b->text, b->len, "b", &o) < 0)
		return pb_error_git(err, "cannot compare patches");
	git_patch_line_stats(&ctx, &add, &del, p);
	*out = (unsigned)(add + del + git_patch_num_hunks(p));
	git_patch_free(p);
	return PB_OK;
}

/* "path: func" of the section line LN of T is in. */
static char *section_of(TALLOC_CTX *ctx, const ptext_t *t, size_t ln)
{
	const char *fn = NULL;
	size_t fnl = 0;
	if (ln > t->n_lines)
		ln = t->n_lines;
	for (; ln >= 1; ln--) {
		const char *l = t->text + t->off[ln];
		size_t n = t->off[ln + 1] - t->off[ln];
		if (n && l[n - 1] == '\n')
			n--;
		if (t->inner[ln] == PB_IDIFF_IN_HUNK && !fn && n > 3) {
			fn = l + 3;
			fnl = n - 3;
		}
		if (strncmp(l, " ## ", 4) == 0 && n > 7) {
			const char *name = l + 4;
			size_t nn = n - 7;
			if (fn)
				return talloc_asprintf(ctx, "@@ %.*s: %.*s", (int)nn, name,
						       (int)(fnl > 40 ? 40 : fnl), fn);
			return talloc_asprintf(ctx, "@@ %.*s", (int)nn, name);
		}
	}
	return talloc_strdup(ctx, "@@");
}

static int pair_lines(TALLOC_CTX *ctx, pb_idiff_pair_t *pr, const ptext_t *a, const ptext_t *b,
		      int context, pb_error_t *err)
{
	git_patch *p = NULL;
	git_diff_options o;
	_pb_lines_t lines = {ctx, NULL, 0, 0};
	size_t nh;
	int rc = PB_OK;

	_pb_interdiff_diff_opts(&o, context);
	if (git_patch_from_buffers(&p, a->text, a->len, "a", b->text, b->len, "b", &o) < 0)
		return pb_error_git(err, "cannot compare patches");
	nh = git_patch_num_hunks(p);
	for (size_t h = 0; h < nh && !rc; h++) {
		const git_diff_hunk *hunk;
		size_t nl;
		char *hdr;
		if (git_patch_get_hunk(&hunk, &nl, p, h) < 0) {
			rc = pb_error_git(err, "cannot compare patches");
			break;
		}
		if (hunk->old_lines > 0)
			hdr = section_of(ctx, a, (size_t)hunk->old_start);
		else
			hdr = section_of(ctx, b, (size_t)(hunk->new_start > 0 ? hunk->new_start : 1));
		if (!hdr) {
			rc = PB_ERR_NOMEM;
			break;
		}
		rc = _pb_lines_add(&lines, PB_IDIFF_HEADER, PB_IDIFF_IN_NONE, hdr, strlen(hdr));
		talloc_free(hdr);
		for (size_t k = 0; k < nl && !rc; k++) {
			const git_diff_line *l;
			size_t cl;
			pb_idiff_role_t role;
			pb_idiff_inner_t inner;
			if (git_patch_get_line_in_hunk(&l, p, h, k) < 0) {
				rc = pb_error_git(err, "cannot compare patches");
				break;
			}
			if (l->origin == GIT_DIFF_LINE_ADDITION) {
				role = PB_IDIFF_NEW;
				inner = (pb_idiff_inner_t)b->inner[l->new_lineno];
			} else if (l->origin == GIT_DIFF_LINE_DELETION) {
				role = PB_IDIFF_OLD;
				inner = (pb_idiff_inner_t)a->inner[l->old_lineno];
			} else if (l->origin == GIT_DIFF_LINE_CONTEXT) {
				role = PB_IDIFF_CONTEXT;
				inner = (pb_idiff_inner_t)a->inner[l->old_lineno];
			} else {
				continue;
			}
			if (l->origin != GIT_DIFF_LINE_CONTEXT) {
				if (inner == PB_IDIFF_IN_META || inner == PB_IDIFF_IN_MESSAGE)
					pr->message_changed = true;
			}
			cl = l->content_len;
			while (cl && l->content[cl - 1] == '\n')
				cl--;
			rc = _pb_lines_add(&lines, role, inner, l->content, cl);
		}
	}
	git_patch_free(p);
	if (rc)
		return rc == PB_ERR_NOMEM ? (int)pb_error_set(err, PB_ERR_NOMEM, "out of memory") : rc;
	pr->lines = lines.v;
	pr->n_lines = lines.n;
	return PB_OK;
}

static int fill_pair(TALLOC_CTX *ctx, pb_idiff_pair_t *pr, const ptext_t *a, const ptext_t *b, int ai,
		     int bi, const pb_interdiff_opts_t *o, pb_error_t *err)
{
	pr->old_pos = a ? ai + 1 : 0;
	pr->new_pos = b ? bi + 1 : 0;
	if (a) {
		pr->old_title = talloc_strdup(ctx, a->title);
		pr->old_patch_id = a->has_pid ? talloc_strdup(ctx, a->pid) : NULL;
	}
	if (b) {
		pr->new_title = talloc_strdup(ctx, b->title);
		pr->new_patch_id = b->has_pid ? talloc_strdup(ctx, b->pid) : NULL;
	}
	if (!a) {
		pr->status = PB_PAIR_ADDED;
		return PB_OK;
	}
	if (!b) {
		pr->status = PB_PAIR_DROPPED;
		return PB_OK;
	}
	if (a->has_pid && b->has_pid)
		pr->diff_changed = strcmp(a->pid, b->pid) != 0;
	else
		pr->diff_changed = a->has_pid != b->has_pid ||
				   strcmp(a->text + a->diff_off, b->text + b->diff_off) != 0;
	pr->status = pr->diff_changed ? PB_PAIR_CHANGED : PB_PAIR_UNCHANGED;
	pr->message_changed = a->diff_off != b->diff_off || memcmp(a->text, b->text, a->diff_off) != 0;
	if (o->no_lines || (!pr->diff_changed && !pr->message_changed))
		return PB_OK;
	pr->message_changed = false; /* set again from the lines */
	return pair_lines(ctx, pr, a, b, o->context == 0 ? 3 : o->context, err);
}

static int pair_up(TALLOC_CTX *mem_ctx, pb_interdiff_t *d, const ptext_t *a, size_t na, const ptext_t *b,
		   size_t nb, const pb_interdiff_opts_t *o, pb_error_t *err)
{
	size_t n = na + nb;
	int cf = o->creation_factor > 0 ? o->creation_factor : 60;
	void *tmp = talloc_new(mem_ctx);
	int *a2b = talloc_array(tmp, int, na + 1), *b2a = talloc_array(tmp, int, nb + 1);
	int *cost = talloc_array(tmp, int, n * n + 1), *assign = talloc_array(tmp, int, n + 1);
	size_t np = 0, next_a = 0;
	int rc = PB_OK;

	if (!a2b || !b2a || !cost || !assign) {
		talloc_free(tmp);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < na; i++)
		a2b[i] = -1;
	for (size_t j = 0; j < nb; j++)
		b2a[j] = -1;
	/* equal patch-ids pair first, in order */
	for (size_t i = 0; i < na; i++) {
		if (!a[i].has_pid)
			continue;
		for (size_t j = 0; j < nb; j++)
			if (b2a[j] < 0 && b[j].has_pid && strcmp(a[i].pid, b[j].pid) == 0) {
				a2b[i] = (int)j;
				b2a[j] = (int)i;
				break;
			}
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			int c;
			if (i < na && j < nb) {
				if (a2b[i] == (int)j)
					c = 0;
				else if (a2b[i] >= 0 || b2a[j] >= 0)
					c = COST_NEVER;
				else {
					unsigned s = 0;
					if ((rc = diff_size(&s, &a[i], &b[j], err)))
						goto out;
					c = s > COST_NEVER / 2 ? COST_NEVER / 2 : (int)s;
				}
			} else if (i < na) {
				c = a2b[i] >= 0 ? COST_NEVER : (int)((long)a[i].size * cf / 100);
			} else if (j < nb) {
				c = b2a[j] >= 0 ? COST_NEVER : (int)((long)b[j].size * cf / 100);
			} else {
				c = 0;
			}
			cost[i * n + j] = c;
		}
	if ((rc = pb_interdiff_assign(tmp, assign, cost, n))) {
		pb_error_set(err, rc, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < na; i++) {
		int j = assign[i];
		a2b[i] = j < (int)nb ? j : -1;
		if (a2b[i] >= 0)
			b2a[j] = (int)i;
	}
	for (size_t j = 0; j < nb; j++)
		if (b2a[j] >= 0 && a2b[b2a[j]] != (int)j)
			b2a[j] = -1;
	d->pairs = talloc_zero_array(d, pb_idiff_pair_t, n + 1);
	if (!d->pairs) {
		rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		goto out;
	}
	/* the newer version's order; an unpaired old patch shows up before
	 * the first new patch whose partner comes after it */
	for (size_t j = 0; j <= nb && !rc; j++) {
		size_t upto = na;
		if (j < nb && b2a[j] >= 0)
			upto = (size_t)b2a[j];
		for (; next_a < upto || (j == nb && next_a < na); next_a++) {
			if (a2b[next_a] >= 0)
				continue;
			rc = fill_pair(d, &d->pairs[np++], &a[next_a], NULL, (int)next_a, -1, o, err);
			d->pairs[np - 1].cost = (unsigned)cost[next_a * n + nb];
			if (rc)
				break;
		}
		if (j == nb || rc)
			break;
		if (b2a[j] >= 0) {
			int i = b2a[j];
			if ((size_t)i >= next_a)
				next_a = (size_t)i + 1;
			rc = fill_pair(d, &d->pairs[np++], &a[i], &b[j], i, (int)j, o, err);
			d->pairs[np - 1].cost = (unsigned)cost[(size_t)i * n + j];
		} else {
			rc = fill_pair(d, &d->pairs[np++], NULL, &b[j], -1, (int)j, o, err);
			d->pairs[np - 1].cost = (unsigned)cost[(na + j) * n + j];
		}
	}
	d->n_pairs = np;
	for (size_t k = 0; k < np; k++) {
		d->counts[d->pairs[k].status]++;
		if (d->pairs[k].status == PB_PAIR_UNCHANGED && d->pairs[k].message_changed)
			d->n_message_only++;
		if ((!d->pairs[k].old_title && d->pairs[k].old_pos) || (!d->pairs[k].new_title && d->pairs[k].new_pos))
			rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
out:
	(void)mem_ctx;
	talloc_free(tmp);
	return rc;
}

/* Texts of N mails, or the error of the first that fails. */
static int texts_of(TALLOC_CTX *ctx, ptext_t **out, const pb_mail_t *const *m, size_t n, pb_error_t *err)
{
	ptext_t *t = talloc_zero_array(ctx, ptext_t, n + 1);
	if (!t)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		int rc = build_text(t, &t[i], m[i], err);
		if (rc)
			return rc;
	}
	*out = t;
	return PB_OK;
}

pb_status_t pb_interdiff_mails(TALLOC_CTX *mem_ctx, pb_interdiff_t **out, const pb_mail_t *const *a, size_t na,
			       const pb_mail_t *const *b, size_t nb, const pb_interdiff_opts_t *opts,
			       pb_error_t *err)
{
	static const pb_interdiff_opts_t defaults = {0};
	const pb_interdiff_opts_t *o = opts ? opts : &defaults;
	void *tmp = talloc_new(mem_ctx);
	ptext_t *ta, *tb;
	pb_interdiff_t *d;
	int rc;

	if (!tmp)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	d = talloc_zero(tmp, pb_interdiff_t);
	if (!d) {
		rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = texts_of(tmp, &ta, a, na, err)) || (rc = texts_of(tmp, &tb, b, nb, err)))
		goto out;
	if ((rc = pair_up(mem_ctx, d, ta, na, tb, nb, o, err)))
		goto out;
	if (o->tree) {
		const char **da = talloc_array(tmp, const char *, na + 1);
		const char **db = talloc_array(tmp, const char *, nb + 1);
		pb_interdiff_t *t;
		size_t ka = 0, kb = 0;
		if (!da || !db) {
			rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
			goto out;
		}
		for (size_t i = 0; i < na; i++)
			if (a[i]->diff)
				da[ka++] = a[i]->diff;
		for (size_t i = 0; i < nb; i++)
			if (b[i]->diff)
				db[kb++] = b[i]->diff;
		if ((rc = pb_interdiff_tree(tmp, &t, da, ka, db, kb, o, err)))
			goto out;
		d->has_tree = true;
		d->tree = talloc_steal(d, t->tree);
		d->n_tree = t->n_tree;
		d->tree_text = talloc_steal(d, t->tree_text);
		d->skipped = talloc_steal(d, t->skipped);
		d->n_skipped = t->n_skipped;
	}
	*out = talloc_steal(mem_ctx, d);
out:
	talloc_free(tmp);
	return rc;
}

pb_status_t pb_interdiff_versions(TALLOC_CTX *mem_ctx, pb_interdiff_t **out, pb_index_t *idx,
				  const pb_version_t *from, const pb_version_t *to,
				  const pb_interdiff_opts_t *opts, pb_error_t *err)
{
	void *tmp = talloc_new(mem_ctx);
	const pb_version_t *v[2] = {from, to};
	pb_mail_t **m[2];
	pb_interdiff_t *d;
	int rc = PB_OK;

	if (!tmp)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	for (int k = 0; k < 2; k++) {
		m[k] = talloc_array(tmp, pb_mail_t *, v[k]->n_patches + 1);
		if (!m[k]) {
			rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
			goto out;
		}
		for (size_t i = 0; i < v[k]->n_patches; i++)
			if ((rc = pb_index_load_mail(idx, tmp, v[k]->patches[i]->rec, &m[k][i], err)))
				goto out;
	}
	rc = pb_interdiff_mails(tmp, &d, (const pb_mail_t *const *)m[0], from->n_patches,
				(const pb_mail_t *const *)m[1], to->n_patches, opts, err);
	if (rc)
		goto out;
	d->from = from;
	d->to = to;
	for (size_t i = 0; i < d->n_pairs; i++) {
		pb_idiff_pair_t *p = &d->pairs[i];
		if (p->old_pos)
			p->old_patch = from->patches[p->old_pos - 1];
		if (p->new_pos)
			p->new_patch = to->patches[p->new_pos - 1];
	}
	*out = talloc_steal(mem_ctx, d);
out:
	talloc_free(tmp);
	return rc;
}

/* ---- text output ------------------------------------------------------ */

static const char role_mark[] = {'@', ' ', '-', '+'};

char *pb_interdiff_format(TALLOC_CTX *mem_ctx, const pb_interdiff_t *d)
{
	static const char status_mark[] = {'=', '!', '>', '<'};
	char *s = talloc_strdup(mem_ctx, "");
	for (size_t i = 0; s && i < d->n_pairs; i++) {
		const pb_idiff_pair_t *p = &d->pairs[i];
		char left[32], right[32];
		if (p->old_pos)
			snprintf(left, sizeof(left), "%d:  %.12s", p->old_pos,
				 p->old_patch_id ? p->old_patch_id : "------------");
		else
			snprintf(left, sizeof(left), "-:  ------------");
		if (p->new_pos)
			snprintf(right, sizeof(right), "%d:  %.12s", p->new_pos,
				 p->new_patch_id ? p->new_patch_id : "------------");
		else
			snprintf(right, sizeof(right), "-:  ------------");
		s = talloc_asprintf_append_buffer(s, "%s %c %s %s\n", left, status_mark[p->status], right,
						  p->new_title ? p->new_title : p->old_title);
		for (size_t k = 0; s && k < p->n_lines; k++) {
			const pb_idiff_line_t *l = &p->lines[k];
			if (l->role == PB_IDIFF_HEADER)
				s = talloc_asprintf_append_buffer(s, "    %s\n", l->text);
			else
				s = talloc_asprintf_append_buffer(s, "    %c%s\n", role_mark[l->role], l->text);
		}
	}
	if (s && d->has_tree) {
		s = talloc_asprintf_append_buffer(s, "\nInterdiff:\n%s", d->tree_text ? d->tree_text : "");
		for (size_t k = 0; s && k < d->n_skipped; k++)
			s = talloc_asprintf_append_buffer(s, "(not rebuilt: %s)\n", d->skipped[k]);
	}
	return s;
}

char *pb_interdiff_counts(TALLOC_CTX *mem_ctx, const pb_interdiff_t *d)
{
	char *msg = d->n_message_only ? talloc_asprintf(mem_ctx, " (%u with a new commit message)", d->n_message_only)
				      : talloc_strdup(mem_ctx, "");
	char *s = msg ? talloc_asprintf(mem_ctx, "%u unchanged%s, %u changed, %u added, %u dropped",
					d->counts[PB_PAIR_UNCHANGED], msg, d->counts[PB_PAIR_CHANGED],
					d->counts[PB_PAIR_ADDED], d->counts[PB_PAIR_DROPPED])
		      : NULL;
	talloc_free(msg);
	return s;
}
