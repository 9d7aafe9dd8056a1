/* export.c: the message as it was received, out of patchbay: the raw
 * message view (every header, the body undecoded), pipe to a command,
 * save to an mbox, copy the Message-ID or its link (export.h).
 *
 * What these act on is what the view's cursor is on (tui_view_ops_t.at):
 * a message, or a version; for a version, "the series" is its patches as
 * posted (pb_export_version_ids). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "patchbay/export.h"
#include "patchbay/output.h"
#include "patchbay/text.h"
#include "tui/doc.h"
#include "tui/views.h"

/* ---- the raw message view --------------------------------------------- */

struct raw {
	char *msgid;
	char *data;  /* the file's bytes, NULs made visible */
	size_t len;
	tui_doc_t *doc;
	size_t n_headers; /* lines of the header */
};

static int raw_recalc(tui_view_t *v)
{
	struct raw *r = v->priv;
	tui_doc_t *d = tui_view_start_doc(v, &r->doc);
	const char *p = r->data, *end = r->data + r->len;
	bool head = true, ok = d != NULL;
	r->n_headers = 0;
	while (ok && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end;
		size_t l = (size_t)(e - p);
		tui_dline_t *ln;
		if (l && p[l - 1] == '\r')
			l--;
		if (head && l == 0)
			head = false;
		ln = tui_doc_line(d, 0, -1, 0);
		ok = ln != NULL;
		if (ok && head) {
			/* a header's name in its colour; folded lines as they are */
			const char *colon = memchr(p, ':', l);
			r->n_headers++;
			if (colon && p[0] != ' ' && p[0] != '\t')
				ok = tui_doc_seg(d, ln, TUI_ROLE_MAIL_HEADER, p, (size_t)(colon - p + 1)) &&
				     tui_doc_seg(d, ln, TUI_ROLE_DEFAULT, colon + 1, l - (size_t)(colon - p + 1));
			else
				ok = tui_doc_seg(d, ln, TUI_ROLE_DEFAULT, p, l);
		} else if (ok) {
			ok = tui_doc_seg(d, ln, TUI_ROLE_DEFAULT, p, l);
		}
		p = nl ? nl + 1 : end;
	}
	if (!d)
		return PB_ERR_NOMEM;
	return tui_view_show_doc(v, d, ok);
}

static void raw_draw(tui_view_t *v, tui_cells_t *c, int row, size_t i, unsigned attr)
{
	struct raw *r = v->priv;
	tui_view_draw_doc(v, r->doc, c, row, i, attr);
}

static char *raw_title(tui_view_t *v, TALLOC_CTX *ctx)
{
	struct raw *r = v->priv;
	char *id = pb_text_inert(ctx, r->msgid, 0), *t;
	t = talloc_asprintf(ctx, "raw message <%s>", id ? id : "");
	talloc_free(id);
	return t;
}

static char *raw_status(tui_view_t *v, TALLOC_CTX *ctx)
{
	struct raw *r = v->priv;
	return talloc_asprintf(ctx, "%zu header lines, %zu bytes | line %zu/%zu", r->n_headers, r->len,
			       v->n_lines ? v->cursor + 1 : 0, v->n_lines);
}

static bool raw_key(tui_view_t *v, tui_action_t a)
{
	if (a == TUI_ACT_OPEN) {
		tui_view_action(v, TUI_ACT_NEXT);
		return true;
	}
	return false;
}

static bool raw_at(tui_view_t *v, const char **msgid, const pb_version_t **ver)
{
	struct raw *r = v->priv;
	*msgid = r->msgid;
	*ver = NULL;
	return true;
}

static const tui_view_ops_t raw_ops = {
	.name = "raw message view",
	.keymap = TUI_KM_RAW,
	.recalc = raw_recalc,
	.draw = raw_draw,
	.key = raw_key,
	.title = raw_title,
	.status = raw_status,
	.at = raw_at,
};

tui_view_t *tui_raw_new(tui_app_t *app, const char *msgid)
{
	struct raw *r = talloc_zero(NULL, struct raw);
	pb_error_t err = {0};
	tui_view_t *v;
	if (!r || !(r->msgid = talloc_strdup(r, msgid))) {
		talloc_free(r);
		return NULL;
	}
	if (pb_export_raw(app->idx, r, msgid, &r->data, &r->len, &err) != PB_OK) {
		tui_app_message(app, true, "%s", pb_error_msg(&err));
		talloc_free(r);
		return NULL;
	}
	/* (a NUL would end the line: shown as ^@ like any control) */
	for (size_t i = 0; i < r->len; i++)
		if (r->data[i] == '\0')
			r->data[i] = '\x01';
	if (!(v = tui_view_new(app, &raw_ops, r))) {
		talloc_free(r);
		return NULL;
	}
	return v;
}

/* ---- pipe and save ---------------------------------------------------- */

/* What a pipe or a save is about, copied (the model may change before the
 * answer comes). */
struct job {
	char **ids;
	size_t n;
	char *what;   /* "the message", "v3 (12 patches)" */
	char *path;   /* save: the file, once named */
};

static struct job *job_new(TALLOC_CTX *ctx, const char *msgid, const pb_version_t *ver)
{
	struct job *j = talloc_zero(ctx, struct job);
	if (!j)
		return NULL;
	if (msgid) {
		j->ids = talloc_array(j, char *, 1);
		if (!j->ids || !(j->ids[0] = talloc_strdup(j->ids, msgid)))
			goto fail;
		j->n = 1;
		j->what = talloc_strdup(j, "the message");
	} else {
		if (pb_export_version_ids(j, ver, &j->ids, &j->n) != PB_OK)
			goto fail;
		j->what = ver->n_patches ? talloc_asprintf(j, "the %zu patch%s of v%d", j->n, j->n == 1 ? "" : "es",
							   ver->version)
					 : talloc_asprintf(j, "the cover of v%d", ver->version);
	}
	if (!j->what)
		goto fail;
	return j;
fail:
	talloc_free(j);
	return NULL;
}

static struct job *job_copy(TALLOC_CTX *ctx, const struct job *o)
{
	struct job *j = talloc_zero(ctx, struct job);
	if (!j || !(j->ids = talloc_array(j, char *, o->n ? o->n : 1)) || !(j->what = talloc_strdup(j, o->what)))
		goto fail;
	for (size_t i = 0; i < o->n; i++)
		if (!(j->ids[i] = talloc_strdup(j->ids, o->ids[i])))
			goto fail;
	j->n = o->n;
	if (o->path && !(j->path = talloc_strdup(j, o->path)))
		goto fail;
	return j;
fail:
	talloc_free(j);
	return NULL;
}

/* The bytes of J: one message as it is; several as an mbox (MBOX: always). */
static bool job_data(tui_app_t *app, struct job *j, bool mbox, char **data, size_t *len)
{
	pb_error_t err = {0};
	pb_status_t rc = mbox || j->n != 1
				 ? pb_export_mbox(app->idx, j, (const char *const *)j->ids, j->n, data, len, &err)
				 : pb_export_raw(app->idx, j, j->ids[0], data, len, &err);
	if (rc != PB_OK)
		tui_app_message(app, true, "%s", pb_error_msg(&err));
	return rc == PB_OK;
}

static void pipe_answer(tui_app_t *app, tui_view_t *v, const char *cmd)
{
	struct job *j = tui_app_prompt_data(app);
	char *data, *line;
	size_t len;
	int status = -1;
	pb_error_t err = {0};
	pb_status_t rc;
	(void)v;
	if (!j || !*cmd)
		return;
	talloc_free(app->pipe_cmd);
	app->pipe_cmd = talloc_strdup(app, cmd);
	if (!job_data(app, j, false, &data, &len))
		return;
	tui_app_external(app, true);
	rc = pb_export_pipe(cmd, data, len, &status, &err);
	line = talloc_asprintf(j, "patchbay: exit status %d; Enter goes back to patchbay", status);
	if (rc == PB_OK && app->on_wait)
		app->on_wait(app, line ? line : "press Enter", app->refresh_payload);
	tui_app_external(app, false);
	if (rc != PB_OK)
		tui_app_message(app, true, "%s", pb_error_msg(&err));
	else
		tui_app_message(app, status != 0, "piped %s to %s: exit status %d", j->what, cmd, status);
}

/* A file name from a subject: lower case, words joined by '-'. */
static char *slug(TALLOC_CTX *ctx, const char *title)
{
	char *s = talloc_strdup(ctx, "");
	bool dash = false;
	for (const char *p = title ? title : ""; s && *p && strlen(s) < 48; p++) {
		char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_')
			;
		else if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		else {
			dash = *s != '\0';
			continue;
		}
		if (dash)
			s = talloc_strdup_append_buffer(s, "-");
		if (s)
			s = talloc_asprintf_append_buffer(s, "%c", c);
		dash = false;
	}
	if (s && !*s)
		s = talloc_strdup_append_buffer(s, "mail");
	return s;
}

/* NAME as the user means it: ~/ is $HOME; on CTX. */
static char *expand(TALLOC_CTX *ctx, const char *name)
{
	const char *home = getenv("HOME");
	if (name[0] == '~' && (name[1] == '/' || !name[1]) && home && *home)
		return talloc_asprintf(ctx, "%s%s", home, name + 1);
	return talloc_strdup(ctx, name);
}

static void save_write(tui_app_t *app, struct job *j, bool append)
{
	char *data;
	size_t len;
	pb_error_t err = {0};
	int rc;
	if (!job_data(app, j, true, &data, &len))
		return;
	rc = append ? pb_output_append(j->path, data, len, &err) : pb_output_file(j->path, data, len, &err);
	if (rc != PB_OK)
		tui_app_message(app, true, "%s: nothing was saved", pb_error_msg(&err));
	else
		tui_app_message(app, false, "%s %s to %s (%zu bytes)", append ? "appended" : "saved", j->what, j->path,
				len);
}

static void save_append_yes(tui_app_t *app, tui_view_t *v, const char *yes)
{
	(void)v;
	(void)yes;
	if (tui_app_prompt_data(app))
		save_write(app, tui_app_prompt_data(app), true);
}

static void save_answer(tui_app_t *app, tui_view_t *v, const char *name)
{
	struct job *j = tui_app_prompt_data(app), *next;
	struct stat st;
	bool there;
	char *q;
	if (!j || !*name)
		return;
	if (!(j->path = expand(j, name)))
		return;
	there = stat(j->path, &st) == 0;
	if (there && S_ISDIR(st.st_mode)) {
		tui_app_message(app, true, "%s is a folder: name a file in it", j->path);
		return;
	}
	if (!there || !S_ISREG(st.st_mode)) {
		/* a new file (whole or not at all), or a FIFO or device (written into) */
		save_write(app, j, there);
		return;
	}
	/* never replaced: an mbox is appended to, after asking */
	next = job_copy(app, j);
	q = talloc_asprintf(app, "%s exists: append %s to it?", j->path, j->what);
	if (!next || !q) {
		talloc_free(next);
		talloc_free(q);
		tui_app_message(app, true, "out of memory");
		return;
	}
	tui_app_confirm(app, q, save_append_yes, v);
	tui_app_prompt_set_data(app, next);
	talloc_free(q);
}

/* ---- the actions ------------------------------------------------------ */

/* git config, read now (a setting made while patchbay runs is seen). */
static const char *setting(tui_app_t *app, TALLOC_CTX *ctx, const char *key)
{
	pb_conf_t *conf = NULL;
	const char *val;
	if (pb_conf_reopen(ctx, &conf, app->conf, NULL) != PB_OK)
		return app->conf ? pb_conf_get(app->conf, key) : NULL;
	val = pb_conf_get(conf, key);
	return val ? talloc_strdup(ctx, val) : NULL;
}

static void copy_text(tui_app_t *app, const char *what, const char *text)
{
	void *tmp = talloc_new(app);
	const char *used = NULL;
	pb_error_t err = {0};
	char *shown = pb_text_inert(tmp, text, 0);
	if (pb_export_copy(setting(app, tmp, "patchbay.copyCommand"), text, &used, &err) != PB_OK)
		tui_app_message(app, true, "%s: %s", shown ? shown : what, pb_error_msg(&err));
	else
		tui_app_message(app, false, "copied %s %s (through %s)", what, shown ? shown : "", used);
	talloc_free(tmp);
}

bool tui_export_action(tui_app_t *app, tui_view_t *v, tui_action_t a)
{
	const char *msgid = NULL;
	const pb_version_t *ver = NULL;
	struct job *j;
	char *label;
	if (a != TUI_ACT_RAW_MESSAGE && a != TUI_ACT_PIPE && a != TUI_ACT_SAVE && a != TUI_ACT_COPY_MSGID &&
	    a != TUI_ACT_COPY_LINK)
		return false;
	if (!app->idx) {
		tui_app_message(app, true, "still reading mail: try again when it is read");
		return true;
	}
	if (!v->ops->at || !v->ops->at(v, &msgid, &ver) || (!msgid && !ver)) {
		tui_app_message(app, true, "no message here (%s)", tui_action_name(a));
		return true;
	}
	/* a message's own actions, on a version: its cover, or first mail */
	if (!msgid && (a == TUI_ACT_RAW_MESSAGE || a == TUI_ACT_COPY_MSGID || a == TUI_ACT_COPY_LINK))
		msgid = (ver->cover ? ver->cover : ver->root)->msgid;
	switch (a) {
	case TUI_ACT_RAW_MESSAGE:
		tui_app_push(app, tui_raw_new(app, msgid));
		return true;
	case TUI_ACT_COPY_MSGID: {
		char *id = talloc_asprintf(app, "<%s>", msgid);
		if (id)
			copy_text(app, "the Message-ID", id);
		talloc_free(id);
		return true;
	}
	case TUI_ACT_COPY_LINK: {
		void *tmp = talloc_new(app);
		char *link = tmp ? pb_export_link(tmp, setting(app, tmp, "patchbay.linkmask"), msgid) : NULL;
		if (link)
			copy_text(app, "the link", link);
		talloc_free(tmp);
		return true;
	}
	default:
		break;
	}
	if (!(j = job_new(app, msgid, ver)) || j->n == 0) {
		tui_app_message(app, true, j ? "no patch of this version was received" : "out of memory");
		talloc_free(j);
		return true;
	}
	if (a == TUI_ACT_PIPE) {
		label = talloc_asprintf(app, "Pipe %s to: ", j->what);
		tui_app_prompt(app, label ? label : "Pipe to: ", app->pipe_cmd ? app->pipe_cmd : "", pipe_answer, v);
	} else {
		const char *title = j->n == 1 && msgid ? NULL : (ver->cover ? ver->cover : ver->root)->title;
		char *name;
		if (!title) {
			pb_series_t *s = NULL;
			pb_version_t *fv = NULL;
			pb_patch_t *fp = NULL;
			title = "mail";
			if (pb_index_find(app->idx, msgid, &s, &fv, &fp) == PB_OK && fv)
				title = fp ? fp->rec->title : (fv->cover ? fv->cover : fv->root)->title;
		}
		name = talloc_asprintf(j, "%s.mbox", slug(j, title));
		label = talloc_asprintf(app, "Save %s to the mbox: ", j->what);
		tui_app_prompt(app, label ? label : "Save to: ", name ? name : "mail.mbox", save_answer, v);
	}
	tui_app_prompt_set_data(app, j);
	talloc_free(label);
	return true;
}
