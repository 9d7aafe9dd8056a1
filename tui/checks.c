/* checks.c: every check of the project's profile run on one version of a
 * series (core/review/check.c, a full run: the mails, the earlier versions, the
 * repository): each finding with its severity, check, patch and the line
 * it quotes; Enter opens the patch concerned. */
#include <stdio.h>
#include <string.h>

#include "patchbay/check.h"
#include "tui/doc.h"
#include "tui/views.h"

enum { K_HEAD, K_FINDING, K_QUOTE, K_NONE };

struct checks {
	char *vid;              /* root Message-ID of the version */
	pb_check_report_t *r;
	tui_doc_t *doc;
};

tui_role_t tui_severity_role(pb_severity_t sev)
{
	switch (sev) {
	case PB_SEV_ERROR: return TUI_ROLE_CHECK_ERROR;
	case PB_SEV_WARNING: return TUI_ROLE_CHECK_WARNING;
	default: return TUI_ROLE_CHECK_NOTE;
	}
}

static const char *plural(unsigned n)
{
	return n == 1 ? "" : "s";
}

static bool finding(tui_doc_t *d, const pb_check_report_t *r, size_t i)
{
	const pb_finding_t *f = &r->v[i];
	char *sev = talloc_asprintf(d, "%-8s", pb_severity_name(f->severity));
	char *id = talloc_asprintf(d, "%-23s", f->id);
	char *where = f->patch ? talloc_asprintf(d, "%d/%d", f->patch, r->version->total) : talloc_strdup(d, "series");
	char *pad = talloc_asprintf(d, "%-7s ", where ? where : "");
	tui_dline_t *l = tui_doc_line(d, K_FINDING, (int)i, 0);
	int used;
	if (!sev || !id || !pad || !l || !tui_doc_seg(d, l, tui_severity_role(f->severity), sev, strlen(sev)) ||
	    !tui_doc_seg(d, l, TUI_ROLE_DIM, id, strlen(id)) || !tui_doc_seg(d, l, TUI_ROLE_DEFAULT, pad, strlen(pad)))
		return false;
	used = 8 + 23 + (int)strlen(pad);
	if (used + 20 > d->width) {
		/* no room beside: the message goes below */
		if (!tui_doc_text(d, K_FINDING, (int)i, 1, TUI_ROLE_DEFAULT, f->message, strlen(f->message), true, 2))
			return false;
	} else {
		/* the message wraps under itself */
		tui_doc_t *tmp = tui_doc_new(d, d->width - used);
		if (!tmp || !tui_doc_text(tmp, 0, 0, 0, TUI_ROLE_DEFAULT, f->message, strlen(f->message), true, 0))
			return false;
		for (size_t k = 0; k < tmp->n; k++) {
			tui_dline_t *x = k ? tui_doc_line(d, K_FINDING, (int)i, 1) : l;
			char *blank = talloc_asprintf(d, "%*s", used, "");
			if (!x || !blank || (k && !tui_doc_seg(d, x, TUI_ROLE_DEFAULT, blank, strlen(blank))))
				return false;
			for (size_t j = 0; j < tmp->v[k].n_segs; j++)
				if (!tui_doc_seg(d, x, TUI_ROLE_DEFAULT, tmp->v[k].segs[j].text,
						 strlen(tmp->v[k].segs[j].text)))
					return false;
		}
		talloc_free(tmp);
	}
	if (f->quote) {
		/* the offending line as written: one line, cut at the edge */
		tui_dline_t *q = tui_doc_line(d, K_QUOTE, (int)i, 0);
		if (!q || !tui_doc_seg(d, q, TUI_ROLE_DIM, "        | ", 10) ||
		    !tui_doc_seg(d, q, TUI_ROLE_QUOTE1, f->quote, strcspn(f->quote, "\n")))
			return false;
	}
	return true;
}

static int checks_recalc(tui_view_t *v)
{
	struct checks *c = v->priv;
	const pb_check_report_t *r = c->r;
	tui_doc_t *d = tui_view_start_doc(v, &c->doc);
	const pb_profile_t *pf = tui_app_profile(v->app);
	char *head;
	bool ok;
	if (!d)
		return PB_ERR_NOMEM;
	head = talloc_asprintf(d, "v%d (profile %s): %u error%s, %u warning%s, %u note%s", r->version->version,
			       pf ? pf->name : "linux", r->counts[PB_SEV_ERROR], plural(r->counts[PB_SEV_ERROR]),
			       r->counts[PB_SEV_WARNING], plural(r->counts[PB_SEV_WARNING]), r->counts[PB_SEV_NOTE],
			       plural(r->counts[PB_SEV_NOTE]));
	ok = head && tui_doc_text(d, K_HEAD, -1, 0, TUI_ROLE_HEADER, head, strlen(head), true, 0);
	if (ok && r->repo_note) {
		char *note = talloc_asprintf(d, "Fixes: and base-commit: %s", r->repo_note);
		ok = note && tui_doc_text(d, K_NONE, -1, 0, TUI_ROLE_DIM, note, strlen(note), true, 0);
	}
	if (ok && !r->n)
		ok = tui_doc_text(d, K_NONE, -1, 0, TUI_ROLE_DIM, "Every check passed.", 19, false, 0);
	for (size_t i = 0; ok && i < r->n; i++)
		ok = finding(d, r, i);
	v->n_lines = d->n;
	return ok ? PB_OK : PB_ERR_NOMEM;
}

static void checks_draw(tui_view_t *v, tui_cells_t *c, int row, size_t i, unsigned attr)
{
	struct checks *ck = v->priv;
	tui_doc_draw(ck->doc, i, c, row, v->width, attr);
}

static int cursor_finding(const tui_view_t *v)
{
	const struct checks *c = v->priv;
	const tui_dline_t *l = c->doc && v->cursor < c->doc->n ? &c->doc->v[v->cursor] : NULL;
	return l && (l->kind == K_FINDING || l->kind == K_QUOTE) ? l->tag : -1;
}

/* The mail a finding is about, in the patch view. */
static void open_finding(tui_view_t *v, const pb_finding_t *f)
{
	struct checks *c = v->priv;
	const pb_version_t *ver = c->r->version;
	pb_version_t *fv = NULL;
	pb_patch_t *fp = NULL;
	if (f->msgid && pb_index_find(v->app->idx, f->msgid, NULL, &fv, &fp) == PB_OK && fv == ver && !fp &&
	    ver->cover) {
		tui_app_push(v->app, tui_patch_new(v->app, v->app->set, ver, 0));
		return;
	}
	for (size_t k = 0; k < ver->n_patches; k++)
		if ((fp && ver->patches[k] == fp) || (!fp && f->patch > 0 && ver->patches[k]->index == f->patch)) {
			tui_app_push(v->app, tui_patch_new(v->app, v->app->set, ver, k + (ver->cover ? 1 : 0)));
			return;
		}
	if (!f->patch && ver->cover)
		tui_app_push(v->app, tui_patch_new(v->app, v->app->set, ver, 0));
	else
		tui_app_message(v->app, false, "%s is about the whole series: no one mail to show", f->id);
}

static bool checks_key(tui_view_t *v, tui_action_t a)
{
	struct checks *c = v->priv;
	int i = cursor_finding(v);
	if (a != TUI_ACT_OPEN)
		return false;
	if (i >= 0)
		open_finding(v, &c->r->v[i]);
	else
		tui_view_action(v, TUI_ACT_NEXT);
	return true;
}

static char *checks_title(tui_view_t *v, TALLOC_CTX *ctx)
{
	struct checks *c = v->priv;
	return talloc_asprintf(ctx, "checks of v%d: %s", c->r->version->version, c->r->series->title);
}

static char *checks_status(tui_view_t *v, TALLOC_CTX *ctx)
{
	struct checks *c = v->priv;
	int i = cursor_finding(v);
	char *s = i >= 0 ? talloc_asprintf(ctx, "finding %d of %zu: %s", i + 1, c->r->n, c->r->v[i].id)
			 : talloc_asprintf(ctx, "%zu finding%s", c->r->n, c->r->n == 1 ? "" : "s");
	return s ? talloc_asprintf_append(s, " | line %zu/%zu", v->n_lines ? v->cursor + 1 : 0, v->n_lines) : NULL;
}

static int run(struct checks *c, tui_app_t *app, const pb_version_t *ver, pb_error_t *err)
{
	pb_check_opts_t o = {0};
	pb_check_report_t *r;
	int rc;
	o.profile = tui_app_profile(app);
	o.version = ver;
	if ((rc = pb_check_series(c, &r, app->idx, ver->series, &o, err)))
		return rc;
	talloc_free(c->r);
	c->r = r;
	return PB_OK;
}

static bool checks_reload(tui_view_t *v)
{
	struct checks *c = v->priv;
	pb_version_t *ver;
	if (pb_index_find(v->app->idx, c->vid, NULL, &ver, NULL) != PB_OK || !ver)
		return false;
	return run(c, v->app, ver, NULL) == PB_OK;
}

static const tui_view_ops_t checks_ops = {
	.name = "checks view",
	.keymap = TUI_KM_CHECKS,
	.recalc = checks_recalc,
	.draw = checks_draw,
	.key = checks_key,
	.title = checks_title,
	.status = checks_status,
	.reload = checks_reload,
};

tui_view_t *tui_checks_new(tui_app_t *app, const pb_version_t *ver)
{
	struct checks *c;
	pb_error_t err = {0};
	tui_view_t *v;
	if (!app->idx) {
		tui_app_message(app, true, "still reading mail: the checks need every message");
		return NULL;
	}
	if (!(c = talloc_zero(NULL, struct checks)))
		return NULL;
	if (!(c->vid = talloc_strdup(c, ver->root->msgid)) || run(c, app, ver, &err)) {
		tui_app_message(app, true, "checks: %s", err.status ? pb_error_msg(&err) : "out of memory");
		talloc_free(c);
		return NULL;
	}
	if (!(v = tui_view_new(app, &checks_ops, c)))
		talloc_free(c);
	return v;
}
