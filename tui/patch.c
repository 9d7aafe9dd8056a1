/* patch.c: one patch (or cover letter): headers, commit message with its
 * trailers, collected trailers, notes, diffstat and the diff by role. */
#include <stdio.h>
#include <string.h>

#include "patchbay/lines.h"
#include "patchbay/text.h"
#include "tui/doc.h"
#include "tui/views.h"

enum { K_HEADER = PB_LINE_KIND_COUNT, K_COLLECTED, K_STAT, K_ERROR };

struct patch {
	const pb_series_set_t *set;
	const pb_version_t *v;
	size_t pos, npos;        /* position among cover + patches */
	const pb_msgrec_t *rec;
	const pb_patch_t *p;     /* NULL for the cover letter */
	TALLOC_CTX *mail_ctx;    /* the mail and its lines */
	pb_mail_t *mail;
	pb_line_t *lines;
	size_t n_lines;
	char *error;             /* why the mail could not be read */
	tui_doc_t *doc;
	size_t n_files;
	char *msgid;             /* of the mail shown, to find it again */
};

static tui_role_t line_role(pb_line_kind_t k, unsigned level)
{
	switch (k) {
	case PB_LINE_TRAILER: return TUI_ROLE_TRAILER;
	case PB_LINE_QUOTE: return level == 1 ? TUI_ROLE_QUOTE1 : level == 2 ? TUI_ROLE_QUOTE2 : TUI_ROLE_QUOTE3;
	case PB_LINE_ATTRIBUTION: return TUI_ROLE_ATTRIBUTION;
	case PB_LINE_SIGNATURE: return TUI_ROLE_SIGNATURE;
	case PB_LINE_SEPARATOR: return TUI_ROLE_DIM;
	case PB_LINE_NOTES: return TUI_ROLE_NOTES;
	case PB_LINE_DIFFSTAT: return TUI_ROLE_DIFFSTAT;
	case PB_LINE_DIFF_META: return TUI_ROLE_DIFF_META;
	case PB_LINE_DIFF_FILE: return TUI_ROLE_DIFF_FILE;
	case PB_LINE_DIFF_HUNK: return TUI_ROLE_DIFF_HUNK;
	case PB_LINE_DIFF_ADD: return TUI_ROLE_DIFF_ADD;
	case PB_LINE_DIFF_DEL: return TUI_ROLE_DIFF_DEL;
	case PB_LINE_DIFF_CONTEXT: return TUI_ROLE_DIFF_CONTEXT;
	case PB_LINE_DIFF_NOTE: return TUI_ROLE_DIM;
	default: return TUI_ROLE_DEFAULT;
	}
}

static bool is_diff(pb_line_kind_t k)
{
	return k >= PB_LINE_DIFF_META && k <= PB_LINE_DIFF_NOTE;
}

/* The record at position POS: the cover first, then the patches. */
static const pb_patch_t *patch_at(const pb_version_t *v, size_t pos, const pb_msgrec_t **rec)
{
	if (v->cover) {
		if (pos == 0) {
			*rec = v->cover;
			return NULL;
		}
		pos--;
	}
	*rec = v->patches[pos]->rec;
	return v->patches[pos];
}

static void load(struct patch *pt, tui_app_t *app)
{
	pb_error_t err = {0};
	talloc_free(pt->mail_ctx);
	pt->mail_ctx = talloc_new(pt);
	pt->mail = NULL;
	pt->lines = NULL;
	pt->n_lines = 0;
	TALLOC_FREE(pt->error);
	pt->p = patch_at(pt->v, pt->pos, &pt->rec);
	talloc_free(pt->msgid);
	pt->msgid = talloc_strdup(pt, pt->rec->msgid);
	if (tui_app_load_mail(app, pt->mail_ctx, pt->rec, &pt->mail, &err) != PB_OK) {
		pt->error = talloc_asprintf(pt, "cannot read the mail: %s", pb_error_msg(&err));
		return;
	}
	if (pb_lines_patch(pt->mail_ctx, &pt->lines, &pt->n_lines, pt->mail) != PB_OK)
		pt->error = talloc_strdup(pt, "out of memory");
}

static bool header(tui_doc_t *d, const char *name, const char *value, tui_role_t role)
{
	tui_dline_t *l;
	if (!value || !*value)
		return true;
	if (strlen(value) + strlen(name) + 2 <= (size_t)d->width || strchr(name, ':') == NULL) {
		l = tui_doc_line(d, K_HEADER, -1, 0);
		return l && tui_doc_seg(d, l, TUI_ROLE_MAIL_HEADER, name, strlen(name)) &&
		       tui_doc_seg(d, l, TUI_ROLE_MAIL_HEADER, " ", 1) && tui_doc_seg(d, l, role, value, strlen(value));
	}
	{
		char *all = talloc_asprintf(d, "%s %s", name, value);
		bool ok = all && tui_doc_text(d, K_HEADER, -1, 0, role, all, strlen(all), true, 4);
		talloc_free(all);
		return ok;
	}
}

static bool collected(tui_doc_t *d, const pb_trailer_list_t *tl, bool carried)
{
	for (size_t i = 0; i < tl->n; i++) {
		const pb_trailer_t *t = &tl->v[i];
		bool bad = t->flags & PB_TRAILER_MISMATCH;
		char *s = pb_trailer_format(d, t), *why;
		tui_dline_t *l = tui_doc_line(d, K_COLLECTED, -1, 0);
		if (!s || !l)
			return false;
		/* (carried ones apply only when asked for: ~, not +) */
		why = carried ? talloc_asprintf(d, "  (given on v%d; carried)", t->from_version)
		      : bad   ? talloc_strdup(d, "  (the sender is not the person named)")
		      : (t->flags & PB_TRAILER_COVER)  ? talloc_strdup(d, "  (on the cover letter)")
		      : (t->flags & PB_TRAILER_SERIES) ? talloc_strdup(d, "  (for the whole series)")
						       : talloc_strdup(d, "  (in a reply)");
		if (!why || !tui_doc_seg(d, l, bad ? TUI_ROLE_DIM : TUI_ROLE_TRAILER, bad ? "? " : carried ? "~ " : "+ ", 2) ||
		    !tui_doc_seg(d, l, bad ? TUI_ROLE_DIM : TUI_ROLE_TRAILER, s, strlen(s)) ||
		    !tui_doc_seg(d, l, TUI_ROLE_DIM, why, strlen(why)))
			return false;
	}
	return true;
}

static bool diffstat(tui_doc_t *d, const pb_line_t *lines, size_t n)
{
	pb_line_file_t *f;
	size_t nf = 0;
	unsigned add = 0, del = 0;
	if (pb_lines_diffstat(d, &f, &nf, lines, n) || !nf)
		return nf == 0;
	for (size_t i = 0; i < nf; i++) {
		char *s = talloc_asprintf(d, " %s | %u ", f[i].path, f[i].added + f[i].removed);
		tui_dline_t *l = tui_doc_line(d, K_STAT, -1, 0);
		char *bar = talloc_strdup(d, "");
		for (unsigned k = 0; k < f[i].added && k < 40 && bar; k++)
			bar = talloc_strdup_append(bar, "+");
		if (!l || !s || !bar || !tui_doc_seg(d, l, TUI_ROLE_DIFFSTAT, s, strlen(s)) ||
		    !tui_doc_seg(d, l, TUI_ROLE_DIFF_ADD, bar, strlen(bar)))
			return false;
		bar[0] = '\0';
		for (unsigned k = 0; k < f[i].removed && k < 40 && bar; k++)
			bar = talloc_strdup_append(bar, "-");
		if (!bar || !tui_doc_seg(d, l, TUI_ROLE_DIFF_DEL, bar, strlen(bar)))
			return false;
		add += f[i].added;
		del += f[i].removed;
	}
	{
		char *s = talloc_asprintf(d, " %zu file%s changed, %u insertion%s(+), %u deletion%s(-)", nf,
					  nf == 1 ? "" : "s", add, add == 1 ? "" : "s", del, del == 1 ? "" : "s");
		return s && tui_doc_text(d, K_STAT, -1, 0, TUI_ROLE_DIFFSTAT, s, strlen(s), false, 0);
	}
}

static bool add_line(tui_doc_t *d, const pb_line_t *ln)
{
	tui_role_t role = line_role(ln->kind, ln->level);
	tui_dline_t *l;
	if (!is_diff(ln->kind))
		return tui_doc_text(d, (int)ln->kind, ln->file, 0, role, ln->text, ln->len, true, 0);
	if (!(l = tui_doc_line(d, (int)ln->kind, ln->file, 0)))
		return false;
	if (!ln->ws_len)
		return tui_doc_seg(d, l, role, ln->text, ln->len);
	/* a whitespace error stands out in its own role */
	return tui_doc_seg(d, l, role, ln->text, ln->ws_start) &&
	       tui_doc_seg(d, l, TUI_ROLE_DIFF_WS, ln->text + ln->ws_start, ln->ws_len) &&
	       tui_doc_seg(d, l, role, ln->text + ln->ws_start + ln->ws_len, ln->len - ln->ws_start - ln->ws_len);
}

static int patch_recalc(tui_view_t *v)
{
	struct patch *pt = v->priv;
	const pb_mail_t *m = pt->mail;
	tui_doc_t *d = tui_view_start_doc(v, &pt->doc);
	bool ok = d != NULL, stat_seen = false, collected_done = false;
	int max_file = -1;
	if (!d)
		return PB_ERR_NOMEM;
	if (pt->error) {
		ok = tui_doc_text(d, K_ERROR, -1, 0, TUI_ROLE_ERROR, pt->error, strlen(pt->error), true, 0);
		v->n_lines = d->n;
		return ok ? PB_OK : PB_ERR_NOMEM;
	}
	ok = ok && header(d, "From:", pb_person_format(d, &m->author), TUI_ROLE_AUTHOR);
	if (ok && !pb_person_same(&m->author, &m->from))
		ok = header(d, "Sender:", pb_person_format(d, &m->from), TUI_ROLE_AUTHOR);
	ok = ok && header(d, "Date:", m->date_hdr, TUI_ROLE_DEFAULT) &&
	     header(d, "Subject:", m->subject, TUI_ROLE_TITLE_TEXT) && header(d, "To:", m->to, TUI_ROLE_DEFAULT) &&
	     header(d, "Cc:", m->cc, TUI_ROLE_DEFAULT) &&
	     header(d, "Message-ID:", talloc_asprintf(d, "<%s>", pt->rec->msgid), TUI_ROLE_DIM) &&
	     tui_doc_text(d, K_HEADER, -1, 0, TUI_ROLE_DEFAULT, "", 0, false, 0);
	for (size_t i = 0; ok && i < pt->n_lines; i++) {
		const pb_line_t *ln = &pt->lines[i];
		/* trailers collected from replies go below the patch's own */
		if (pt->p && !collected_done && (ln->kind == PB_LINE_SEPARATOR || is_diff(ln->kind))) {
			collected_done = true;
			if (pt->p->trailers.n || pt->p->carried.n)
				ok = collected(d, &pt->p->trailers, false) && collected(d, &pt->p->carried, true);
		}
		if (ok && !stat_seen && is_diff(ln->kind) && pt->mail->diff) {
			/* no diffstat was posted: make one from the diff */
			stat_seen = true;
			ok = diffstat(d, pt->lines, pt->n_lines) &&
			     tui_doc_text(d, K_STAT, -1, 0, TUI_ROLE_DEFAULT, "", 0, false, 0);
		}
		if (ln->kind == PB_LINE_DIFFSTAT)
			stat_seen = true;
		if (ln->file > max_file)
			max_file = ln->file;
		ok = ok && add_line(d, ln);
	}
	pt->n_files = (size_t)(max_file + 1);
	return tui_view_show_doc(v, d, ok);
}

static void patch_draw(tui_view_t *v, tui_cells_t *c, int row, size_t i, unsigned attr)
{
	struct patch *pt = v->priv;
	tui_view_draw_doc(v, pt->doc, c, row, i, attr);
}

/* The first line of each file / each hunk after (DIR 1) or before the cursor. */
static bool jump(tui_view_t *v, int dir, bool file)
{
	struct patch *pt = v->priv;
	const tui_doc_t *d = pt->doc;
	for (size_t k = 1; k <= d->n; k++) {
		size_t i;
		bool start;
		if (dir > 0 && v->cursor + k >= d->n)
			break;
		if (dir < 0 && k > v->cursor)
			break;
		i = dir > 0 ? v->cursor + k : v->cursor - k;
		if (file)
			start = d->v[i].tag >= 0 && is_diff((pb_line_kind_t)d->v[i].kind) &&
				(i == 0 || d->v[i - 1].tag != d->v[i].tag || !is_diff((pb_line_kind_t)d->v[i - 1].kind));
		else
			start = d->v[i].kind == PB_LINE_DIFF_HUNK;
		if (start) {
			tui_view_goto_top(v, i);
			return true;
		}
	}
	return false;
}

static void show(tui_view_t *v, size_t pos)
{
	struct patch *pt = v->priv;
	pt->pos = pos;
	load(pt, v->app);
	v->dirty = true;
	v->cursor = v->top = 0;
	v->hscroll = 0;
}

static bool patch_key(tui_view_t *v, tui_action_t a)
{
	struct patch *pt = v->priv;
	switch (a) {
	case TUI_ACT_NEXT_FILE:
	case TUI_ACT_PREV_FILE:
	case TUI_ACT_NEXT_HUNK:
	case TUI_ACT_PREV_HUNK: {
		bool file = a == TUI_ACT_NEXT_FILE || a == TUI_ACT_PREV_FILE;
		int dir = a == TUI_ACT_NEXT_FILE || a == TUI_ACT_NEXT_HUNK ? 1 : -1;
		if (!jump(v, dir, file))
			tui_app_message(v->app, false, "no %s %s", dir > 0 ? "next" : "previous", file ? "file" : "hunk");
		return true;
	}
	case TUI_ACT_NEXT_PATCH:
		if (pt->pos + 1 < pt->npos)
			show(v, pt->pos + 1);
		else
			tui_app_message(v->app, false, "this is the last patch of v%d", pt->v->version);
		return true;
	case TUI_ACT_PREV_PATCH:
		if (pt->pos > 0)
			show(v, pt->pos - 1);
		else
			tui_app_message(v->app, false, "this is the first mail of v%d", pt->v->version);
		return true;
	case TUI_ACT_THREAD:
		tui_app_push(v->app, tui_thread_new(v->app, pt->set, pt->v, pt->p, NULL));
		return true;
	case TUI_ACT_OPEN:
		tui_view_action(v, TUI_ACT_NEXT);
		return true;
	case TUI_ACT_CHECKS:
		tui_app_push(v->app, tui_checks_new(v->app, pt->v));
		return true;
	case TUI_ACT_REPLY:
	case TUI_ACT_REPLY_ACK:
	case TUI_ACT_REPLY_REVIEW:
	case TUI_ACT_REPLY_TEST:
		tui_reply_start(v->app, pt->rec->msgid, (pb_reply_kind_t)tui_reply_kind(a));
		return true;
	case TUI_ACT_INTERDIFF: {
		int focus = pt->p ? (int)(pt->pos + (pt->v->cover ? 0 : 1)) : 0;
		tui_interdiff_default(v->app, pt->v->series, pt->v, focus);
		return true;
	}
	case TUI_ACT_INTERDIFF_VERSIONS: {
		const pb_series_t *s = pt->v->series;
		size_t i = 0;
		while (i < s->n_versions && s->versions[i] != pt->v)
			i++;
		if (i > 0 && i < s->n_versions)
			tui_interdiff_ask(v->app, s, s->versions[i - 1]->version, pt->v->version);
		else
			tui_interdiff_ask(v->app, s, 0, 0);
		return true;
	}
	default:
		return false;
	}
}

static char *patch_title(tui_view_t *v, TALLOC_CTX *ctx)
{
	struct patch *pt = v->priv;
	return talloc_strdup(ctx, pt->rec->subject);
}

static char *patch_status(tui_view_t *v, TALLOC_CTX *ctx)
{
	struct patch *pt = v->priv;
	int file = -1;
	char *s;
	for (size_t i = v->cursor + 1; i-- > 0 && pt->doc && i < pt->doc->n;)
		if (is_diff((pb_line_kind_t)pt->doc->v[i].kind)) {
			file = pt->doc->v[i].tag;
			break;
		}
	s = pt->p ? talloc_asprintf(ctx, "patch %d/%d of v%d", pt->p->index, pt->v->total, pt->v->version)
		  : talloc_asprintf(ctx, "cover letter of v%d", pt->v->version);
	if (s && pt->p)
		s = talloc_asprintf_append(s, " | %u repl%s", pt->p->n_replies, pt->p->n_replies == 1 ? "y" : "ies");
	if (s && pt->n_files && file >= 0)
		s = talloc_asprintf_append(s, " | file %d/%zu", file + 1, pt->n_files);
	else if (s && pt->n_files)
		s = talloc_asprintf_append(s, " | %zu file%s", pt->n_files, pt->n_files == 1 ? "" : "s");
	if (s)
		s = talloc_asprintf_append(s, " | line %zu/%zu", v->n_lines ? v->cursor + 1 : 0, v->n_lines);
	return s;
}

static bool patch_reload(tui_view_t *v)
{
	struct patch *pt = v->priv;
	pb_version_t *ver;
	pb_patch_t *p;
	size_t pos = 0;
	if (!pt->msgid || pb_index_find(v->app->idx, pt->msgid, NULL, &ver, &p) != PB_OK || !ver)
		return false;
	if (p) {
		for (pos = 0; pos < ver->n_patches && ver->patches[pos] != p; pos++)
			;
		if (pos == ver->n_patches)
			return false;
		pos += ver->cover ? 1 : 0;
	} else if (!ver->cover || strcmp(ver->cover->msgid, pt->msgid) != 0) {
		return false;
	}
	pt->set = v->app->set;
	pt->v = ver;
	pt->pos = pos;
	pt->npos = ver->n_patches + (ver->cover ? 1 : 0);
	pt->p = patch_at(ver, pos, &pt->rec);
	return true;
}

static bool patch_view_at(tui_view_t *v, const char **msgid, const pb_version_t **ver)
{
	struct patch *pt = v->priv;
	*msgid = pt->rec->msgid;
	*ver = pt->v;
	return true;
}

static const tui_view_ops_t patch_ops = {
	.name = "patch view",
	.keymap = TUI_KM_PATCH,
	.recalc = patch_recalc,
	.draw = patch_draw,
	.key = patch_key,
	.title = patch_title,
	.status = patch_status,
	.reload = patch_reload,
	.at = patch_view_at,
};

tui_view_t *tui_patch_new(tui_app_t *app, const pb_series_set_t *set, const pb_version_t *v, size_t pos)
{
	struct patch *pt = talloc_zero(NULL, struct patch);
	tui_view_t *view;
	if (!pt)
		return NULL;
	pt->set = set;
	pt->v = v;
	pt->npos = v->n_patches + (v->cover ? 1 : 0);
	if (pos >= pt->npos) {
		talloc_free(pt);
		tui_app_message(app, true, "v%d has no mail to show", v->version);
		return NULL;
	}
	pt->pos = pos;
	load(pt, app);
	if (!(view = tui_view_new(app, &patch_ops, pt)))
		talloc_free(pt);
	return view;
}
