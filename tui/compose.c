/* compose.c: a reply or a notification before it goes out: the headers
 * and the body as they will be sent (inert, quotes and trailers
 * coloured), and the keys to send it, edit it in $VISUAL/$EDITOR, keep
 * it as a draft or throw it away. Nothing is lost: closing asks first
 * while the text is nowhere else, a failed send leaves the draft stored
 * (the message line says where), and a patchbay that must end keeps it
 * as a draft. */
#include <stdio.h>
#include <string.h>

#include "patchbay/lines.h"
#include "patchbay/notify.h"
#include "patchbay/reply.h"
#include "patchbay/send.h"
#include "patchbay/text.h"
#include "tui/doc.h"
#include "tui/views.h"

struct compose {
	pb_draft_t *draft;
	char *what;             /* "Acked-by reply", "applied notification" */
	pb_conf_t *conf;        /* the send options come from it */
	bool dirty;             /* the text as it is is nowhere on disk */
	char *root;             /* a notification: mark these applied once sent */
	pb_notify_item_t *items;
	size_t n_items;
	tui_doc_t *doc;
};

static bool header(tui_doc_t *d, const char *name, const char *value, tui_role_t role)
{
	char *all;
	tui_dline_t *l;
	bool ok;
	if (!value || !*value)
		return true;
	if (pb_text_width(name) + pb_text_width(value) + 1 <= (size_t)d->width) {
		l = tui_doc_line(d, 0, -1, 0);
		return l && tui_doc_seg(d, l, TUI_ROLE_MAIL_HEADER, name, strlen(name)) &&
		       tui_doc_seg(d, l, TUI_ROLE_MAIL_HEADER, " ", 1) && tui_doc_seg(d, l, role, value, strlen(value));
	}
	/* a long address list wraps, indented */
	all = talloc_asprintf(d, "%s %s", name, value);
	ok = all && tui_doc_text(d, 0, -1, 0, role, all, strlen(all), true, 4);
	talloc_free(all);
	return ok;
}

static tui_role_t line_role(const pb_line_t *l)
{
	switch (l->kind) {
	case PB_LINE_QUOTE: return l->level <= 1 ? TUI_ROLE_QUOTE1 : l->level == 2 ? TUI_ROLE_QUOTE2 : TUI_ROLE_QUOTE3;
	case PB_LINE_TRAILER: return TUI_ROLE_TRAILER;
	case PB_LINE_ATTRIBUTION: return TUI_ROLE_ATTRIBUTION;
	case PB_LINE_SIGNATURE: return TUI_ROLE_SIGNATURE;
	case PB_LINE_DIFF_ADD: return TUI_ROLE_DIFF_ADD;
	case PB_LINE_DIFF_DEL: return TUI_ROLE_DIFF_DEL;
	case PB_LINE_DIFF_HUNK: return TUI_ROLE_DIFF_HUNK;
	default: return TUI_ROLE_DEFAULT;
	}
}

/* The body as core reads a reply (the message as it will be written,
 * parsed back), so quotes and trailers get their colours; the plain
 * lines when that cannot be done. */
static bool body(tui_doc_t *d, const pb_draft_t *dr)
{
	void *tmp = talloc_new(NULL);
	char *raw = NULL;
	pb_mail_t *m = NULL;
	pb_line_t *lines = NULL;
	size_t n = 0;
	bool ok = true;
	if (tmp && pb_draft_format(tmp, &raw, dr, true, NULL) == PB_OK &&
	    pb_mail_parse(tmp, &m, raw, strlen(raw), NULL) == PB_OK && pb_lines_reply(tmp, &lines, &n, m) == PB_OK) {
		for (size_t i = 0; ok && i < n; i++)
			ok = tui_doc_text(d, 0, -1, 0, line_role(&lines[i]), lines[i].text, lines[i].len,
					  lines[i].kind < PB_LINE_DIFF_META, lines[i].kind == PB_LINE_QUOTE ? 2 : 0);
	} else {
		for (const char *p = dr->body; ok && *p;) {
			size_t len = strcspn(p, "\n");
			ok = tui_doc_text(d, 0, -1, 0, TUI_ROLE_DEFAULT, p, len, true, 0);
			p += len + (p[len] ? 1 : 0);
		}
	}
	talloc_free(tmp);
	return ok;
}

static int compose_recalc(tui_view_t *v)
{
	struct compose *c = v->priv;
	const pb_draft_t *dr = c->draft;
	tui_doc_t *d = tui_view_start_doc(v, &c->doc);
	char *irt = NULL;
	bool ok;
	if (!d)
		return PB_ERR_NOMEM;
	/* (on the doc, never on the NULL context, and never dropped) */
	if (dr->in_reply_to && !(irt = talloc_asprintf(d, "<%s>", dr->in_reply_to)))
		return PB_ERR_NOMEM;
	ok = header(d, "From:", dr->from, TUI_ROLE_AUTHOR) && header(d, "To:", dr->to, TUI_ROLE_DEFAULT) &&
	     header(d, "Cc:", dr->cc, TUI_ROLE_DEFAULT) && header(d, "Bcc:", dr->bcc, TUI_ROLE_DEFAULT) &&
	     header(d, "Subject:", dr->subject, TUI_ROLE_TITLE_TEXT) && header(d, "In-Reply-To:", irt, TUI_ROLE_DIM) &&
	     tui_doc_text(d, 0, -1, 0, TUI_ROLE_DEFAULT, "", 0, false, 0) && body(d, dr);
	v->n_lines = d->n;
	return ok ? PB_OK : PB_ERR_NOMEM;
}

static void compose_draw(tui_view_t *v, tui_cells_t *c, int row, size_t i, unsigned attr)
{
	struct compose *cp = v->priv;
	tui_doc_draw(cp->doc, i, c, row, v->width, attr);
}

/* The sendmail command is running: say so, keep the screen alive. */
static bool send_waiting(void *payload, double elapsed)
{
	tui_app_t *app = payload;
	if (elapsed >= 0.5)
		tui_app_message(app, false, "sending… %.0f s (q, Esc or C-g stops it; the draft is kept)", elapsed);
	return app->on_busy ? app->on_busy(app, app->refresh_payload) : true;
}

/* git config as it is now, read as C's was, on CTX; C's own when it cannot
 * be read again. */
static pb_conf_t *fresh_conf(struct compose *c, TALLOC_CTX *ctx)
{
	pb_conf_t *now = NULL;
	if (pb_conf_reopen(ctx, &now, c->conf, NULL) != PB_OK)
		return c->conf;
	return now;
}

static void do_send(tui_view_t *v)
{
	struct compose *c = v->priv;
	tui_app_t *app = v->app;
	void *tmp = talloc_new(NULL);
	pb_send_result_t res;
	pb_send_opts_t so;
	pb_error_t err = {0}, merr = {0};
	int rc, mrc = PB_OK;
	bool notify = c->root != NULL;
	char *to, *what;
	if (!app->idx) {
		tui_app_message(app, true, "still reading mail: sending stores a copy, which needs the index");
		talloc_free(tmp);
		return;
	}
	to = talloc_strdup(tmp, c->draft->to);
	what = talloc_strdup(tmp, c->what);
	/* git config as it is now: a sendmail command set meanwhile counts */
	pb_send_opts_load(&so, fresh_conf(c, tmp));
	so.waiting = send_waiting;
	so.payload = app;
	tui_app_store_begin(app);
	rc = pb_send(app->idx, tmp, &res, c->draft, &so, &err);
	if (res.sent && c->root)
		mrc = pb_notify_mark(app->idx, c->root, c->items, c->n_items, &merr);
	tui_app_store_end(app);
	if (res.sent) {
		if (rc)
			tui_app_message(app, true, "%s", pb_error_msg(&err));
		else if (mrc)
			tui_app_message(app, true, "sent; but the series could not be marked applied: %s",
					pb_error_msg(&merr));
		else
			tui_app_message(app, false, "%s sent to %s; the copy is in %s%s", what, to, res.path,
					notify ? "; the series is marked applied" : "");
		if (tui_app_alive(app, v) && tui_app_top(app) == v)
			tui_app_pop(app);
	} else {
		/* the reply stays here, and on disk when it got that far */
		tui_app_message(app, true, "not sent: %s%s", pb_error_msg(&err),
				res.path || !tui_app_alive(app, v) ? "" : " (the reply is still here)");
		if (tui_app_alive(app, v)) {
			c->dirty = c->draft->path == NULL;
			v->dirty = true;
		}
	}
	talloc_free(tmp);
}

/* Keep the draft in the drafts folder; false when it could not be. */
static bool keep(tui_view_t *v, pb_error_t *err)
{
	struct compose *c = v->priv;
	pb_send_opts_t so;
	void *tmp;
	int rc;
	if (!v->app->idx) {
		pb_error_set(err, PB_ERR_USAGE, "still reading mail: a draft is stored in the index");
		return false;
	}
	if (!(tmp = talloc_new(c))) {
		pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		return false;
	}
	pb_send_opts_load(&so, fresh_conf(c, tmp));
	tui_app_store_begin(v->app);
	rc = pb_send_save_draft(v->app->idx, c->draft, &so, err);
	tui_app_store_end(v->app);
	talloc_free(tmp);
	if (rc == PB_OK && tui_app_alive(v->app, v))
		c->dirty = false;
	return rc == PB_OK;
}

static void do_edit(tui_view_t *v)
{
	struct compose *c = v->priv;
	pb_error_t err = {0};
	int rc;
	tui_app_external(v->app, true);
	rc = pb_draft_edit(c->draft, NULL, &err);
	tui_app_external(v->app, false);
	if (rc) {
		tui_app_message(v->app, true, "%s", pb_error_msg(&err));
		return;
	}
	c->dirty = true;
	v->dirty = true;
}

static bool compose_key(tui_view_t *v, tui_action_t a)
{
	struct compose *c = v->priv;
	tui_app_t *app = v->app; /* v is gone once popped */
	pb_error_t err = {0};
	switch (a) {
	case TUI_ACT_SEND:
		do_send(v);
		return true;
	case TUI_ACT_EDIT:
		do_edit(v);
		return true;
	case TUI_ACT_SAVE_DRAFT: {
		char *path;
		if (!keep(v, &err)) {
			tui_app_message(v->app, true, "not kept: %s", pb_error_msg(&err));
			return true;
		}
		if (!tui_app_alive(v->app, v))
			return true;
		path = talloc_strdup(app, c->draft->path);
		tui_app_pop(app);
		tui_app_message(app, false, "kept as a draft in %s", path);
		talloc_free(path);
		return true;
	}
	case TUI_ACT_CANCEL:
		if (!c->dirty && c->draft->path) {
			char *path = talloc_strdup(app, c->draft->path);
			tui_app_pop(app);
			tui_app_message(app, false, "closed; the draft stays in %s", path);
			talloc_free(path);
			return true;
		}
		/* asks first */
		tui_app_action(v->app, TUI_ACT_CLOSE);
		return true;
	case TUI_ACT_OPEN:
		tui_view_action(v, TUI_ACT_NEXT);
		return true;
	default:
		return false;
	}
}

static char *compose_title(tui_view_t *v, TALLOC_CTX *ctx)
{
	struct compose *c = v->priv;
	return talloc_asprintf(ctx, "compose: %s", c->draft->subject);
}

static char *compose_status(tui_view_t *v, TALLOC_CTX *ctx)
{
	struct compose *c = v->priv;
	static const struct {
		tui_action_t a;
		const char *what;
	} hints[] = {{TUI_ACT_SEND, "send"},
		     {TUI_ACT_EDIT, "edit"},
		     {TUI_ACT_SAVE_DRAFT, "keep as draft"},
		     {TUI_ACT_CANCEL, "cancel"}};
	char *s = talloc_asprintf(ctx, "%s%s |", c->what, c->dirty ? "" : " (kept as a draft)");
	for (size_t i = 0; s && i < sizeof(hints) / sizeof(hints[0]); i++) {
		char *k = tui_app_key_hint(v->app, s, TUI_KM_COMPOSE, hints[i].a);
		if (k && *k)
			s = talloc_asprintf_append(s, " %s:%s", k, hints[i].what);
	}
	return s;
}

static char *compose_unsaved(tui_view_t *v, TALLOC_CTX *ctx)
{
	struct compose *c = v->priv;
	return c->dirty ? talloc_asprintf(ctx, "the unsent %s", c->what) : NULL;
}

static void compose_rescue(tui_view_t *v)
{
	keep(v, NULL);
}

static const tui_view_ops_t compose_ops = {
	.name = "compose view",
	.keymap = TUI_KM_COMPOSE,
	.recalc = compose_recalc,
	.draw = compose_draw,
	.key = compose_key,
	.title = compose_title,
	.status = compose_status,
	.unsaved = compose_unsaved,
	.rescue = compose_rescue,
};

tui_view_t *tui_compose_new(tui_app_t *app, pb_draft_t *draft, const tui_compose_opts_t *o)
{
	struct compose *c = talloc_zero(NULL, struct compose);
	tui_view_t *v;
	if (!c || !(c->what = talloc_strdup(c, o->what))) {
		talloc_free(c);
		return NULL;
	}
	c->draft = talloc_steal(c, draft);
	c->conf = o->own_conf ? talloc_steal(c, o->conf) : o->conf;
	c->dirty = true;
	if (o->notify_root) {
		c->root = talloc_strdup(c, o->notify_root);
		c->items = talloc_steal(c, o->items);
		c->n_items = o->n_items;
	}
	if (!(v = tui_view_new(app, &compose_ops, c)))
		talloc_free(c);
	return v;
}

/* ---- the reply keys -------------------------------------------------- */

static const char *reply_what(pb_reply_kind_t kind)
{
	switch (kind) {
	case PB_REPLY_ACK: return "Acked-by reply";
	case PB_REPLY_REVIEW: return "Reviewed-by reply";
	case PB_REPLY_TEST: return "Tested-by reply";
	default: return "reply";
	}
}

int tui_reply_kind(tui_action_t a)
{
	switch (a) {
	case TUI_ACT_REPLY: return PB_REPLY_PLAIN;
	case TUI_ACT_REPLY_ACK: return PB_REPLY_ACK;
	case TUI_ACT_REPLY_REVIEW: return PB_REPLY_REVIEW;
	case TUI_ACT_REPLY_TEST: return PB_REPLY_TEST;
	default: return -1;
	}
}

void tui_reply_start(tui_app_t *app, const char *msgid, pb_reply_kind_t kind)
{
	void *tmp = talloc_new(NULL);
	pb_msgrec_t rec = {0};
	tui_compose_opts_t o = {0};
	pb_error_t err = {0};
	pb_person_t me;
	pb_mail_t *m;
	pb_draft_t *d;
	if (!app->idx) {
		tui_app_message(app, true, "still reading mail: replies are stored in the index; wait for it");
		talloc_free(tmp);
		return;
	}
	rec.msgid = msgid;
	rec.file = "";
	if (pb_conf_identity(app->conf, tmp, &me, &err) || pb_index_load_mail(app->idx, tmp, &rec, &m, &err) ||
	    pb_reply_compose(tmp, &d, m, kind, &me, &err) || pb_draft_sign(d, app->conf, &err)) {
		tui_app_message(app, true, "reply: %s", pb_error_msg(&err));
		talloc_free(tmp);
		return;
	}
	/* a free reply is written at once, as mutt does; one left as it was
	 * offered (or an editor that failed) is no reply: mutt's "Aborted
	 * unmodified message" */
	if (kind == PB_REPLY_PLAIN) {
		char *before = pb_draft_text(tmp, d), *after;
		int rc;
		tui_app_external(app, true);
		rc = pb_draft_edit(d, NULL, &err);
		tui_app_external(app, false);
		if (rc) {
			tui_app_message(app, true, "no reply: %s", pb_error_msg(&err));
			talloc_free(tmp);
			return;
		}
		after = pb_draft_text(tmp, d);
		if (before && after && strcmp(before, after) == 0) {
			tui_app_message(app, false, "no reply: the message was not changed in the editor");
			talloc_free(tmp);
			return;
		}
	}
	o.what = reply_what(kind);
	o.conf = app->conf;
	tui_app_push(app, tui_compose_new(app, d, &o));
	talloc_free(tmp);
}

void tui_draft_resume(tui_app_t *app, const char *msgid)
{
	void *tmp = talloc_new(NULL);
	tui_compose_opts_t o = {0};
	pb_error_t err = {0};
	pb_draft_t *d;
	char *path = NULL;
	bool draft = false;
	if (!app->idx) {
		tui_app_message(app, true, "still reading mail: drafts are stored in the index; wait for it");
		talloc_free(tmp);
		return;
	}
	if (pb_index_message_file(app->idx, tmp, msgid, &path, &draft, &err) || !draft ||
	    pb_draft_load(&d, tmp, path, &err)) {
		tui_app_message(app, true, "draft: %s", draft || err.status ? pb_error_msg(&err) : "not a kept draft");
		talloc_free(tmp);
		return;
	}
	o.what = "kept draft";
	o.conf = app->conf;
	tui_app_push(app, tui_compose_new(app, d, &o));
	tui_app_message(app, false, "the draft kept in %s: send, edit, keep it again or cancel", path);
	talloc_free(tmp);
}
