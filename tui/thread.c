/* thread.c: the whole discussion of a patch or a cover letter: the
 * message itself (its diff folded), then every reply in thread order,
 * quote levels coloured, long quotes folded. */
#include <stdio.h>
#include <string.h>

#include "patchbay/lines.h"
#include "tui/doc.h"
#include "tui/views.h"

/* quotes longer than this are folded at first */
#define FOLD_MIN 6

enum { K_HEAD, K_SUBJECT, K_BODY, K_FOLDED, K_BLANK, K_DIFF_FOLDED };

struct msg {
	const pb_msgrec_t *rec;
	int depth;
	pb_mail_t *mail;
	pb_line_t *lines;
	size_t n_lines;
	char *error;
	int first_block;   /* id of its first quote block */
	size_t diff_from;  /* the patch's own diff: its lines from here on */
	int diff_block;    /* ... fold as this block; -1: none */
};

struct thread {
	const pb_series_set_t *set;
	const pb_version_t *v;
	const pb_patch_t *p;
	struct msg *msgs;
	size_t n;
	bool *folded;      /* per quote block, and the patch's diff */
	size_t n_blocks;
	int diff_block;    /* the block of the patch's diff, or -1 */
	size_t n_long;     /* blocks long enough to fold */
	tui_doc_t *doc;
	char *about;       /* Message-ID of the patch (or cover, or root) */
	bool has_root;     /* msgs[0] is the patch or cover itself */
	bool about_cover;  /* replies to the cover, not to a patch */
	char *focus;       /* the message at the cursor while the index refreshes */
};

static tui_role_t quote_role(unsigned level)
{
	return level <= 1 ? TUI_ROLE_QUOTE1 : level == 2 ? TUI_ROLE_QUOTE2 : TUI_ROLE_QUOTE3;
}

static tui_role_t body_role(const pb_line_t *l)
{
	switch (l->kind) {
	case PB_LINE_QUOTE: return quote_role(l->level);
	case PB_LINE_TRAILER: return TUI_ROLE_TRAILER;
	case PB_LINE_ATTRIBUTION: return TUI_ROLE_ATTRIBUTION;
	case PB_LINE_SIGNATURE: return TUI_ROLE_SIGNATURE;
	case PB_LINE_DIFFSTAT: return TUI_ROLE_DIFFSTAT;
	case PB_LINE_DIFF_META: return TUI_ROLE_DIFF_META;
	case PB_LINE_DIFF_FILE: return TUI_ROLE_DIFF_FILE;
	case PB_LINE_DIFF_HUNK: return TUI_ROLE_DIFF_HUNK;
	case PB_LINE_DIFF_ADD: return TUI_ROLE_DIFF_ADD;
	case PB_LINE_DIFF_DEL: return TUI_ROLE_DIFF_DEL;
	default: return TUI_ROLE_DEFAULT;
	}
}

/* Length of the quote block starting at line I of M. */
static size_t block_len(const struct msg *m, size_t i)
{
	size_t k = i;
	while (k < m->n_lines && m->lines[k].kind == PB_LINE_QUOTE)
		k++;
	return k - i;
}

static int thread_recalc(tui_view_t *v)
{
	struct thread *t = v->priv;
	tui_doc_t *d = tui_view_start_doc(v, &t->doc);
	bool ok = d != NULL;
	if (!d)
		return PB_ERR_NOMEM;
	if (!t->n)
		ok = tui_doc_text(d, K_BLANK, -1, -1, TUI_ROLE_DIM, "No replies yet.", 15, false, 0);
	for (size_t mi = 0; ok && mi < t->n; mi++) {
		const struct msg *m = &t->msgs[mi];
		const pb_person_t *who = &m->rec->sender;
		int indent = m->depth > 4 ? 8 : m->depth * 2;
		int block = m->first_block;
		char *head = talloc_asprintf(d, "%*s%s <%s>  %s%s", indent, "", *who->name ? who->name : who->email,
					     who->email, tui_date(d, m->rec->date),
					     (m->rec->rflags & PB_REC_DRAFT) ? "  (draft, not sent)" : "");
		char *subj = talloc_asprintf(d, "%*s%s", indent, "", m->rec->subject);
		ok = head && tui_doc_text(d, K_HEAD, (int)mi, -1, TUI_ROLE_THREAD_HEADER, head, strlen(head), true,
					  indent + 2) &&
		     subj && tui_doc_text(d, K_SUBJECT, (int)mi, -1, TUI_ROLE_DIM, subj, strlen(subj), true, indent + 2);
		if (ok && m->error)
			ok = tui_doc_text(d, K_BODY, (int)mi, -1, TUI_ROLE_ERROR, m->error, strlen(m->error), true, 0);
		for (size_t i = 0; ok && i < m->n_lines;) {
			const pb_line_t *l = &m->lines[i];
			size_t bl;
			if (m->diff_block >= 0 && i == m->diff_from) {
				/* the patch's own diff: the patch view is where it
				 * is read; here it is folded until asked for */
				size_t dl = m->n_lines - i;
				if (t->folded[m->diff_block]) {
					char *f = talloc_asprintf(d, "[+] the diff, %zu line%s", dl, dl == 1 ? "" : "s");
					ok = f && tui_doc_text(d, K_DIFF_FOLDED, (int)mi, m->diff_block, TUI_ROLE_FOLD, f,
							       strlen(f), false, 0);
				} else {
					for (size_t k = i; ok && k < m->n_lines; k++)
						ok = tui_doc_text(d, K_BODY, (int)mi, m->diff_block, body_role(&m->lines[k]),
								  m->lines[k].text, m->lines[k].len, false, 0);
				}
				break;
			}
			if (l->kind != PB_LINE_QUOTE) {
				bool diff = l->kind >= PB_LINE_DIFF_META;
				ok = tui_doc_text(d, K_BODY, (int)mi, -1, body_role(l), l->text, l->len, !diff, 0);
				i++;
				continue;
			}
			/* a quote block: folded whole, or every line marked with it */
			bl = block_len(m, i);
			if (bl > FOLD_MIN && t->folded[block]) {
				char *s = talloc_asprintf(d, "[+] %zu quoted lines", bl);
				ok = s && tui_doc_text(d, K_FOLDED, (int)mi, block, TUI_ROLE_FOLD, s, strlen(s), false, 0);
			} else {
				/* a wrapped quote line goes on indented, in its colour */
				for (size_t k = i; ok && k < i + bl; k++)
					ok = tui_doc_text(d, K_BODY, (int)mi, bl > FOLD_MIN ? block : -1,
							  body_role(&m->lines[k]), m->lines[k].text, m->lines[k].len, true,
							  2 * (int)m->lines[k].level);
			}
			i += bl;
			block++;
		}
		ok = ok && tui_doc_text(d, K_BLANK, (int)mi, -1, TUI_ROLE_DEFAULT, "", 0, false, 0);
		if (ok && mi == 0 && t->has_root && t->n == 1)
			ok = tui_doc_text(d, K_BLANK, (int)mi, -1, TUI_ROLE_DIM, "No replies yet.", 15, false, 0);
	}
	return tui_view_show_doc(v, d, ok);
}

static void thread_draw(tui_view_t *v, tui_cells_t *c, int row, size_t i, unsigned attr)
{
	struct thread *t = v->priv;
	tui_view_draw_doc(v, t->doc, c, row, i, attr);
}

static size_t first_line_of(const struct thread *t, int mi)
{
	for (size_t i = 0; i < t->doc->n; i++)
		if (t->doc->v[i].tag == mi && t->doc->v[i].kind == K_HEAD)
			return i;
	return 0;
}

/* Fold or unfold block B and keep the cursor on it. */
static void refold(tui_view_t *v, int b, bool folded)
{
	struct thread *t = v->priv;
	t->folded[b] = folded;
	if (thread_recalc(v))
		return;
	for (size_t i = 0; i < t->doc->n; i++)
		if (t->doc->v[i].aux == b) {
			tui_view_goto(v, i);
			return;
		}
}

static bool thread_key(tui_view_t *v, tui_action_t a)
{
	struct thread *t = v->priv;
	const tui_dline_t *l = v->cursor < t->doc->n ? &t->doc->v[v->cursor] : NULL;
	switch (a) {
	case TUI_ACT_NEXT_MESSAGE:
	case TUI_ACT_PREV_MESSAGE: {
		int mi = l ? l->tag : 0, to = a == TUI_ACT_NEXT_MESSAGE ? mi + 1 : mi - 1;
		/* from inside a message, "previous" first goes to its head */
		if (a == TUI_ACT_PREV_MESSAGE && l && v->cursor != first_line_of(t, mi))
			to = mi;
		if (to < 0 || (size_t)to >= t->n)
			tui_app_message(v->app, false, "no %s message", a == TUI_ACT_NEXT_MESSAGE ? "next" : "previous");
		else
			tui_view_goto_top(v, first_line_of(t, to));
		return true;
	}
	case TUI_ACT_FOLD:
		if (l && l->aux >= 0)
			refold(v, l->aux, !t->folded[l->aux]);
		else
			tui_app_message(v->app, false, "no long quote or diff here");
		return true;
	case TUI_ACT_FOLD_ALL: {
		bool any_open = false;
		if (!t->n_long) {
			tui_app_message(v->app, false, "no long quotes here");
			return true;
		}
		/* (the quotes: the patch's diff keeps its own fold) */
		for (size_t b = 0; b < t->n_blocks; b++)
			any_open |= (int)b != t->diff_block && !t->folded[b];
		for (size_t b = 0; b < t->n_blocks; b++)
			if ((int)b != t->diff_block)
				t->folded[b] = any_open;
		v->dirty = true;
		tui_app_message(v->app, false, "long quotes %s", any_open ? "folded" : "unfolded");
		return true;
	}
	case TUI_ACT_REPLY:
	case TUI_ACT_REPLY_ACK:
	case TUI_ACT_REPLY_REVIEW:
	case TUI_ACT_REPLY_TEST:
		/* to the message at the cursor */
		if (l && l->tag >= 0 && (size_t)l->tag < t->n)
			tui_reply_start(v->app, t->msgs[l->tag].rec->msgid, (pb_reply_kind_t)tui_reply_kind(a));
		else
			tui_app_message(v->app, true, "no message here to reply to");
		return true;
	case TUI_ACT_OPEN:
		if (l && (l->kind == K_FOLDED || l->kind == K_DIFF_FOLDED))
			refold(v, l->aux, false);
		else
			tui_view_action(v, TUI_ACT_NEXT);
		return true;
	default:
		return false;
	}
}

static char *thread_title(tui_view_t *v, TALLOC_CTX *ctx)
{
	struct thread *t = v->priv;
	const pb_msgrec_t *r = t->p ? t->p->rec : (t->v->cover ? t->v->cover : t->v->root);
	return talloc_asprintf(ctx, "thread: %s", r->subject);
}

static char *thread_status(tui_view_t *v, TALLOC_CTX *ctx)
{
	struct thread *t = v->priv;
	const tui_dline_t *l = t->doc && v->cursor < t->doc->n ? &t->doc->v[v->cursor] : NULL;
	size_t folded = 0;
	for (size_t i = 0; t->doc && i < t->doc->n; i++)
		folded += t->doc->v[i].kind == K_FOLDED;
	return talloc_asprintf(ctx, "message %d/%zu | %zu of %zu long quote%s folded | line %zu/%zu",
			       l && t->n ? l->tag + 1 : 0, t->n, folded, t->n_long, t->n_long == 1 ? "" : "s",
			       v->n_lines ? v->cursor + 1 : 0, v->n_lines);
}

static void thread_detach(tui_view_t *v);
static bool thread_reload(tui_view_t *v);

/* The message at the cursor. */
static bool thread_at(tui_view_t *v, const char **msgid, const pb_version_t **ver)
{
	struct thread *t = v->priv;
	const tui_dline_t *l = t->doc && v->cursor < t->doc->n ? &t->doc->v[v->cursor] : NULL;
	if (!l || l->tag < 0 || (size_t)l->tag >= t->n)
		return false;
	*msgid = t->msgs[l->tag].rec->msgid;
	*ver = t->v;
	return true;
}

static const tui_view_ops_t thread_ops = {
	.name = "thread view",
	.keymap = TUI_KM_THREAD,
	.recalc = thread_recalc,
	.draw = thread_draw,
	.key = thread_key,
	.title = thread_title,
	.status = thread_status,
	.detach = thread_detach,
	.reload = thread_reload,
	.at = thread_at,
};

/* Replies in thread order: each under the message it answers, by date. */
static void order(struct thread *t, const pb_msgrec_t **in, size_t n, const char *parent, int depth,
		  bool *used)
{
	for (size_t i = 0; i < n; i++) {
		const pb_msgrec_t *r = in[i];
		const char *up = NULL;
		if (used[i])
			continue;
		/* the nearest reference that is in this discussion */
		for (uint32_t k = r->n_refs; k-- > 0 && !up;)
			for (size_t j = 0; j < n; j++)
				if (j != i && strcmp(in[j]->msgid, r->refs[k]) == 0) {
					up = r->refs[k];
					break;
				}
		if ((parent == NULL) != (up == NULL) || (parent && strcmp(parent, up) != 0))
			continue;
		used[i] = true;
		t->msgs[t->n].rec = r;
		t->msgs[t->n++].depth = depth;
		order(t, in, n, r->msgid, depth + 1, used);
	}
}

/* P of VER (P NULL: the cover), then its replies in thread order, read. */
static struct thread *thread_build(tui_app_t *app, const pb_series_set_t *set, const pb_version_t *ver,
				   const pb_patch_t *p)
{
	struct thread *t = talloc_zero(NULL, struct thread);
	const pb_msgrec_t **all = NULL, **mine;
	size_t n_all = 0, n_mine = 0;
	bool *used;
	if (!t)
		return NULL;
	t->set = set;
	t->v = ver;
	t->p = p;
	t->about_cover = p == NULL;
	t->about = talloc_strdup(t, p ? p->rec->msgid : ver->cover ? ver->cover->msgid : ver->root->msgid);
	t->diff_block = -1;
	if (pb_series_version_replies(set, ver, t, &all, &n_all) != PB_OK)
		n_all = 0;
	mine = talloc_array(t, const pb_msgrec_t *, n_all ? n_all : 1);
	t->msgs = talloc_zero_array(t, struct msg, n_all + 1);
	used = talloc_zero_array(t, bool, n_all ? n_all : 1);
	if (!t->about || !mine || !t->msgs || !used)
		goto fail;
	for (size_t i = 0; i < n_all; i++) {
		pb_patch_t *to = NULL;
		pb_series_set_find(set, all[i]->msgid, NULL, NULL, &to);
		if (to == p)
			mine[n_mine++] = all[i];
	}
	/* the message itself first (a version without a cover has none:
	 * its replies are to no one patch), the replies under it */
	if (p || ver->cover) {
		t->msgs[0].rec = p ? p->rec : ver->cover;
		t->n = 1;
		t->has_root = true;
	}
	order(t, mine, n_mine, NULL, t->has_root ? 1 : 0, used);
	/* what a reference loop left out goes last, flat */
	for (size_t i = 0; i < n_mine; i++)
		if (!used[i]) {
			t->msgs[t->n].rec = mine[i];
			t->msgs[t->n++].depth = t->has_root ? 1 : 0;
		}
	for (size_t i = 0; i < t->n; i++) {
		struct msg *m = &t->msgs[i];
		bool root = i == 0 && t->has_root;
		pb_error_t err = {0};
		m->first_block = (int)t->n_blocks;
		m->diff_block = -1;
		if (tui_app_load_mail(app, t, m->rec, &m->mail, &err) != PB_OK) {
			m->error = talloc_asprintf(t, "cannot read the mail: %s", pb_error_msg(&err));
			continue;
		}
		/* (the patch as the patch view reads it: message, notes, diff) */
		if ((root && p ? pb_lines_patch(t, &m->lines, &m->n_lines, m->mail)
			       : pb_lines_reply(t, &m->lines, &m->n_lines, m->mail)) != PB_OK)
			goto fail;
		m->diff_from = m->n_lines;
		for (size_t k = 0; root && p && k < m->n_lines; k++)
			if (m->lines[k].kind >= PB_LINE_DIFF_META) {
				m->diff_from = k;
				break;
			}
		for (size_t k = 0; k < m->diff_from; k++)
			if (m->lines[k].kind == PB_LINE_QUOTE && (k == 0 || m->lines[k - 1].kind != PB_LINE_QUOTE)) {
				t->n_blocks++;
				t->n_long += block_len(m, k) > FOLD_MIN;
			}
		if (m->diff_from < m->n_lines)
			t->diff_block = m->diff_block = (int)t->n_blocks++;
	}
	t->folded = talloc_array(t, bool, t->n_blocks ? t->n_blocks : 1);
	if (!t->folded)
		goto fail;
	for (size_t b = 0; b < t->n_blocks; b++)
		t->folded[b] = true;
	return t;
fail:
	talloc_free(t);
	return NULL;
}

/* The cursor on message FOCUS; NULL: on the first reply (the discussion
 * is what the view is opened for: the message itself is one k above). */
static void focus_on(tui_view_t *v, const char *focus)
{
	struct thread *t = v->priv;
	if (thread_recalc(v) != PB_OK)
		return;
	if (!focus) {
		if (t->has_root && t->n > 1)
			tui_view_goto_top(v, first_line_of(t, 1));
		return;
	}
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->msgs[i].rec->msgid, focus) == 0)
			tui_view_goto_top(v, first_line_of(t, (int)i));
}

static void thread_detach(tui_view_t *v)
{
	struct thread *t = v->priv;
	const tui_dline_t *l = t->doc && v->cursor < t->doc->n ? &t->doc->v[v->cursor] : NULL;
	TALLOC_FREE(t->focus);
	if (l && l->tag >= 0 && (size_t)l->tag < t->n)
		t->focus = talloc_strdup(t, t->msgs[l->tag].rec->msgid);
}

static bool thread_reload(tui_view_t *v)
{
	struct thread *old = v->priv, *t;
	pb_version_t *ver;
	pb_patch_t *p;
	if (pb_index_find(v->app->idx, old->about, NULL, &ver, &p) != PB_OK || !ver)
		return false;
	if (!(t = thread_build(v->app, v->app->set, ver, old->about_cover ? NULL : p)))
		return false;
	v->priv = talloc_steal(v, t);
	v->cursor = v->top = 0;
	focus_on(v, old->focus);
	talloc_free(old);
	return true;
}

tui_view_t *tui_thread_new(tui_app_t *app, const pb_series_set_t *set, const pb_version_t *ver,
			   const pb_patch_t *p, const char *focus)
{
	struct thread *t = thread_build(app, set, ver, p);
	tui_view_t *v;
	if (!t || !(v = tui_view_new(app, &thread_ops, t))) {
		talloc_free(t);
		tui_app_message(app, true, "out of memory");
		return NULL;
	}
	focus_on(v, focus);
	return v;
}
