/* app.h: the TUI without a terminal: a stack of views over the model, the
 * status and message lines, the prompt, and key dispatch.
 *
 * The app draws into a cell buffer; tui/main.c copies it to the terminal
 * through tui/screen.c and feeds keys and loader events in. Screen tests
 * drive the same app with keys and read its cells. */
#ifndef PB_TUI_APP_H
#define PB_TUI_APP_H

#include <stdbool.h>
#include <stdint.h>
#include <talloc.h>

#include "patchbay/check.h"
#include "patchbay/conf.h"
#include "patchbay/index.h"
#include "patchbay/match.h"
#include "tui/cells.h"
#include "tui/keymap.h"
#include "tui/view.h"

typedef struct tui_app_opts {
	int rows, cols;
	int64_t now;              /* "now" for ages; 0: the clock */
	tui_keymap_t *keymap;     /* NULL: the shipped mutt keymap */
	const char *query;        /* the first query of the list (NULL: all) */
	const pb_index_opts_t *index; /* the database, for queries while loading */
	pb_conf_t *conf;          /* git config (the checks' profile); may be NULL */
	const char *repo_path;    /* the repository of this run (--demo sets it);
				   * NULL: patchbay.repo, else the current one */
} tui_app_opts_t;

typedef void (*tui_prompt_cb)(tui_app_t *app, tui_view_t *v, const char *text);

struct tui_app {
	int rows, cols;
	tui_cells_t *cells;       /* the screen */
	tui_cells_t *scratch;     /* one row, for searching */
	tui_keymap_t *keymap;
	tui_view_t **stack;       /* stack[0] is the series list */
	size_t depth;

	/* the model */
	pb_index_t *idx;          /* NULL until the index is built */
	const pb_series_set_t *set; /* what the list shows: the index's, or partial */
	pb_series_set_t *partial; /* owned while partial results are shown */
	pb_match_t *match;        /* the query's matches, for partial results */
	char *query;
	pb_index_opts_t iopts;
	TALLOC_CTX *retired;      /* old sets still shown by views above the list */
	pb_conf_t *conf;
	pb_profile_t *profile;    /* the checks' profile (tui_app_profile) */
	bool no_profile;          /* it could not be loaded (said once) */
	char *repo_path;          /* see tui_app_opts_t */
	struct pb_target *target; /* patchbay.target, marking the model (target.h);
				   * NULL: none configured or unreadable */
	bool target_tried;
	struct pb_wake *wake;     /* the repository's tags, waking snoozes on a
				   * git tag (wake.h); NULL: out of memory */
	struct tui_state_undo *state_undo; /* the last review state change (state.c) */
	struct tui_act *act;      /* what the actions remember (action.c) */
	char *join_mark;          /* the series marked to join (its id), or NULL */
	char *join_title;

	/* loading */
	bool loading;
	size_t load_done, load_total;
	double load_elapsed;

	/* the bottom lines */
	char *message;
	bool message_error;
	char *prompt_label, *prompt_text;
	size_t prompt_pos;        /* byte offset of the cursor in prompt_text */
	bool prompt_fresh;        /* the text is the suggestion as offered: typing
				   * replaces it, Backspace clears it, moving edits it */
	tui_prompt_cb prompt_done;
	tui_view_t *prompt_view;
	bool prompt_one_key;      /* a yes/no question: one key answers */
	void *prompt_data;        /* see tui_app_prompt_set_data() */
	void *prompt_answering;   /* the data of the prompt being answered */
	int cursor_row, cursor_col; /* where the terminal cursor goes; -1: hidden */

	bool quit;
	bool redraw_all;          /* the terminal needs a full repaint */
	void (*on_refresh)(tui_app_t *app, void *payload); /* set by main */
	void *refresh_payload;
	/* give the terminal to another program (true) and take it back
	 * (false); set by main, NULL without a terminal */
	void (*on_external)(tui_app_t *app, bool begin, void *payload);
	/* a long step (sending) in progress: show the message as it is now
	 * and answer whether to go on (false: the user cancelled, with q,
	 * Esc or C-g, or a signal came); set by main, NULL without a
	 * terminal (go on) */
	bool (*on_busy)(tui_app_t *app, void *payload);
	/* while another program has the terminal (between external begin and
	 * end): say MSG there and wait for Enter, so what it printed can be
	 * read; set by main, NULL without a terminal (no wait) */
	void (*on_wait)(tui_app_t *app, const char *msg, void *payload);
	char *pipe_cmd;           /* the last command piped to (offered again) */
	int64_t now;
};

int tui_app_new(TALLOC_CTX *mem_ctx, tui_app_t **out, const tui_app_opts_t *opts);

/* A key from the terminal. */
void tui_app_key(tui_app_t *app, int key);

/* Run action A as if its key was pressed. */
void tui_app_action(tui_app_t *app, tui_action_t a);

/* The terminal has a new size. */
void tui_app_resize(tui_app_t *app, int rows, int cols);

/* Draw everything into app->cells. */
/* Rows the bottom lines' message takes at this size: 1, or more when it
 * is longer than the screen is wide (it wraps, up to a quarter of the
 * screen); the status line is above them. */
int tui_app_message_rows(tui_app_t *app);

/* Columns the top view's status text has on the status line: the width
 * but for the margin and, while mail is read, the progress at its right. */
int tui_app_status_room(tui_app_t *app);

/* A part of a view's status line, for tui_app_status_fit(). */
typedef struct tui_status_part {
	const char *text; /* NULL: left out, with no "…" */
	int give_way;     /* 0: it stays; else when it goes: 1 first, 2 next, ... */
} tui_status_part_t;

/* A view's status text on CTX: HEAD, then the N parts of PART, the first
 * after FIRST and each other after ", ", then TAIL. While it is wider than
 * the status line has room for, the parts give way whole in the order of
 * their give_way, a run of parts gone shown as one "…"; with every part
 * that gives way gone it is returned as it is. NULL when HEAD or TAIL is
 * NULL or memory ran out. */
char *tui_app_status_fit(tui_app_t *app, TALLOC_CTX *ctx, const char *head, const char *first,
			 const tui_status_part_t *part, size_t n, const char *tail);

void tui_app_render(tui_app_t *app);

/* The message line (replaced at the next key). */
void tui_app_message(tui_app_t *app, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Ask for a line of text; DONE gets it on Enter (not on Esc). */
void tui_app_prompt(tui_app_t *app, const char *label, const char *initial, tui_prompt_cb done, tui_view_t *v);

/* Data for the prompt just opened (stolen; freed when the prompt ends):
 * what its callback needs, as copies (the model may change before the
 * answer comes). The callback reads it with tui_app_prompt_data(). */
void tui_app_prompt_set_data(tui_app_t *app, void *data);
void *tui_app_prompt_data(const tui_app_t *app);

/* Ask a yes/no QUESTION; one key answers: DONE gets "y" on y (any other
 * key says no and DONE is not called). */
void tui_app_confirm(tui_app_t *app, const char *question, tui_prompt_cb done, tui_view_t *v);

/* Around core calls that store mail or tags (pb_send, pb_send_save_draft,
 * pb_apply_mark, pb_apply_unmark, pb_notify_mark, pb_store_*): end
 * refreshes the index once, and every series, version, patch and record
 * taken from it before is gone then. Begin lets each view copy out the
 * Message-IDs it shows; end makes them find their model again, and closes
 * a view whose model is gone (with every view above it). Needs app->idx. */
void tui_app_store_begin(tui_app_t *app);
void tui_app_store_end(tui_app_t *app);

/* Is V still on the stack (store_end may have closed it)? */
bool tui_app_alive(const tui_app_t *app, const tui_view_t *v);

/* Give the terminal to another program (an editor) while it runs. */
void tui_app_external(tui_app_t *app, bool begin);

/* The first key bound to A in view KM (or generic), or "" (for hints). */
char *tui_app_key_hint(const tui_app_t *app, TALLOC_CTX *mem_ctx, tui_km_view_t km, tui_action_t a);

/* The checks' profile of git config (patchbay.profile and
 * patchbay.check.*), loaded once; NULL when it cannot be (the message
 * line says why, once). */
const pb_profile_t *tui_app_profile(tui_app_t *app);

/* Patchbay must end now: views keep what they would lose (drafts). */
void tui_app_rescue(tui_app_t *app);

void tui_app_push(tui_app_t *app, tui_view_t *v);
void tui_app_pop(tui_app_t *app);
tui_view_t *tui_app_top(const tui_app_t *app);

/* What the app shows, for its callers and tests, without reaching into
 * the struct: the message line's text (owned by APP, until the next
 * message; NULL: none) and whether it tells of an error; the text being
 * typed at the prompt (owned by APP, until the next key; NULL: no
 * prompt); whether a quit was asked; how many views are open, and view I
 * of them from the bottom (0: the list; owned by APP, until it is closed;
 * NULL past the top). */
const char *tui_app_message_text(const tui_app_t *app);
bool tui_app_message_is_error(const tui_app_t *app);
const char *tui_app_prompt_input(const tui_app_t *app);
bool tui_app_quitting(const tui_app_t *app);
size_t tui_app_depth(const tui_app_t *app);
tui_view_t *tui_app_view(const tui_app_t *app, size_t i);

/* Loading: progress, partial results (the app takes SET), the index (the
 * app takes IDX), the matches of the first query (the app takes M), or
 * the error that ended it. */
void tui_app_progress(tui_app_t *app, size_t done, size_t total, double elapsed);
void tui_app_set_partial(tui_app_t *app, pb_series_set_t *set);
void tui_app_set_index(tui_app_t *app, pb_index_t *idx);
void tui_app_set_match(tui_app_t *app, pb_match_t *m);
void tui_app_load_failed(tui_app_t *app, const char *msg);

/* Read the mail of REC (through the index once there is one). */
int tui_app_load_mail(tui_app_t *app, TALLOC_CTX *mem_ctx, const pb_msgrec_t *rec, pb_mail_t **out,
		      pb_error_t *err);

#endif
