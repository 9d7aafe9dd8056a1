/* views.h: the views, each in its own file. */
#ifndef PB_TUI_VIEWS_H
#define PB_TUI_VIEWS_H

#include "patchbay/check.h"
#include "patchbay/notify.h"
#include "patchbay/reply.h"
#include "patchbay/series.h"
#include "tui/app.h"

/* The series list: the triage queue (list.c). */
tui_view_t *tui_list_new(tui_app_t *app);
/* The model or the query changed: filter and sort again. */
void tui_list_reload(tui_view_t *v);

/* The tree of series S of SET: versions, cover and patches, replies (tree.c). */
tui_view_t *tui_tree_new(tui_app_t *app, const pb_series_set_t *set, const pb_series_t *s);

/* Patch POS of version V: 0 is the cover letter when there is one, then
 * the patches in order (patch.c). */
tui_view_t *tui_patch_new(tui_app_t *app, const pb_series_set_t *set, const pb_version_t *v, size_t pos);

/* The replies to patch P of V (P NULL: to the cover letter), with the
 * cursor on FOCUS (a Message-ID, may be NULL) (thread.c). */
tui_view_t *tui_thread_new(tui_app_t *app, const pb_series_set_t *set, const pb_version_t *v,
			   const pb_patch_t *p, const char *focus);

/* What changed from version FROM to TO of a series; FOCUS: the position
 * (1-based) in TO of the patch to show first, 0: the top (interdiff.c). */
tui_view_t *tui_interdiff_new(tui_app_t *app, const pb_version_t *from, const pb_version_t *to, int focus);

/* Push the interdiff of the version before V and V (V NULL or the first:
 * the last two), or say why there is none. */
void tui_interdiff_default(tui_app_t *app, const pb_series_t *s, const pb_version_t *v, int focus);

/* Ask for two version numbers of S (FROM and TO offered; 0: the last two)
 * and push their interdiff. */
void tui_interdiff_ask(tui_app_t *app, const pb_series_t *s, int from, int to);

/* Every check run on version VER: the findings (checks.c). */
tui_view_t *tui_checks_new(tui_app_t *app, const pb_version_t *ver);

/* The saved searches with their counts (searches.c; search.h): Enter
 * makes the list show one. */
tui_view_t *tui_searches_new(tui_app_t *app);

/* The colour of a severity. */
tui_role_t tui_severity_role(pb_severity_t sev);

typedef struct tui_compose_opts {
	const char *what;          /* "Acked-by reply": what it is, for the screen */
	pb_conf_t *conf;           /* the send options come from it */
	bool own_conf;             /* the view takes CONF */
	/* a notification: once it went out, mark ITEMS (taken) and the
	 * cover or root NOTIFY_ROOT applied (pb_notify_mark) */
	const char *notify_root;
	pb_notify_item_t *items;
	size_t n_items;
} tui_compose_opts_t;

/* DRAFT (taken) before it goes out: send, edit, keep, cancel (compose.c). */
tui_view_t *tui_compose_new(tui_app_t *app, pb_draft_t *draft, const tui_compose_opts_t *o);

/* A reply of KIND to the mail MSGID from me (git config) in the compose
 * view; a free reply (PB_REPLY_PLAIN) opens the editor first. */
void tui_reply_start(tui_app_t *app, const char *msgid, pb_reply_kind_t kind);

/* Take up the kept draft MSGID (tag draft) in the compose view, as it was
 * left: sending or keeping it replaces its copy (reply.h, pb_draft_load). */
void tui_draft_resume(tui_app_t *app, const char *msgid);

/* The kind of reply action A asks for, or -1 when A is not a reply key. */
int tui_reply_kind(tui_action_t a);

/* Apply version V of S (NULL: the latest) to a topic branch: asks for the
 * branch (patchbay.branchFormat offered), applies, marks the mail applied
 * and shows the result in the apply view (apply.c). */
void tui_apply_start(tui_app_t *app, const pb_series_t *s, const pb_version_t *v);

/* A with series marked: the IDS (N of them) onto one branch, one on top of
 * the other (pb_apply_batch); asks which branch. */
void tui_apply_batch_start(tui_app_t *app, const char *const *ids, size_t n);

/* Ask which branch to put back (the last apply of S in this session
 * offered) and undo patchbay's last apply or merge there. */
void tui_apply_undo_start(tui_app_t *app, const pb_series_t *s, const pb_version_t *v);

/* The "applied" notification for version V of S (NULL: the latest) in
 * the compose view: from this session's apply of it, else from the
 * branch the patches are on (asked for). */
void tui_notify_start(tui_app_t *app, const pb_series_t *s, const pb_version_t *v);

/* Join S with the series marked before (the first call marks S; on S
 * again it clears the mark), or split version V of S from the versions
 * before it; kept in the notmuch database (identity.c). */
void tui_join_series(tui_app_t *app, const pb_series_t *s);
void tui_split_version(tui_app_t *app, const pb_series_t *s, const pb_version_t *v);

/* Ask for the review state of S and keep it as a notmuch tag (state.c;
 * review.h): a state's name or label, - for the mail's, nothing to keep
 * it as it is. */
void tui_state_ask(tui_app_t *app, const pb_series_t *s, tui_view_t *v);
/* The same for the N series IDS (the marked ones) at once, in one
 * transaction (copied: the model may change before the answer). */
void tui_state_ask_ids(tui_app_t *app, const char *const *ids, size_t n, tui_view_t *v);
/* The Acked-by (Reviewed-by, Tested-by: the reply action A) replies for
 * the N series IDS: one on the cover of each latest version (on each
 * patch when it has none), each in a compose view, stacked so that the
 * first series' comes first: send or drop each in turn. */
void tui_ack_ids(tui_app_t *app, const char *const *ids, size_t n, tui_action_t a);
/* Ask for the own state of the patch MSGID (review.h: PREFIX "patch/NAME"
 * on its message only) and keep it. */
void tui_patch_state_ask(tui_app_t *app, const char *msgid, tui_view_t *v);
/* The same for the N patches IDS (the tree's marks), in one change. */
void tui_patch_state_ask_ids(tui_app_t *app, const char *const *ids, size_t n, tui_view_t *v);
/* Ask until when to snooze the N series IDS, and snooze them (review.h). */
void tui_snooze_ask_ids(tui_app_t *app, const char *const *ids, size_t n, tui_view_t *v);
/* patchbay sync from the keys: share the review states through git
 * (sync.h), then say what came and went and how many conflicts show. */
void tui_sync(tui_app_t *app);
/* Put back what the last state change replaced, for every series it
 * changed, in one transaction. */
void tui_state_undo(tui_app_t *app);

/* The mail at the cursor of V as received (export.c; export.h): the raw
 * message view, pipe to a command, save to an mbox, copy the Message-ID or
 * the link. False when A is not one of those actions. */
bool tui_export_action(tui_app_t *app, tui_view_t *v, tui_action_t a);
/* Message MSGID as its file holds it: every header, the body undecoded,
 * control characters made visible. */
tui_view_t *tui_raw_new(tui_app_t *app, const char *msgid);

/* Help for the keys of view KM, from the action table (help.c). */
tui_view_t *tui_help_new(tui_app_t *app, tui_km_view_t km);

/* The things a version shows (shared by list, tree and patch views). */
unsigned tui_version_received(const pb_version_t *v);
tui_role_t tui_state_role(pb_state_t st);

#endif
