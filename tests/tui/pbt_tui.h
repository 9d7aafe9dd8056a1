/* pbt_tui.h: helpers for the TUI's cell tests (tests/test_tui_*.c).
 *
 * The tests drive a real tui_app_t on a real archive without a terminal:
 * keys go in by name, the app renders into its cell buffer, and the tests
 * read that back as text and as colour roles. This library needs the tui/
 * objects and ncurses, so the Makefile links it into the test_tui_*
 * programs only; helpers that any test may use live in tests/lib/. */
#ifndef PB_TEST_TUI_H
#define PB_TEST_TUI_H

#include <stdint.h>
#include <talloc.h>

#include "demogen/demo.h"
#include "tui/app.h"

/* The demo archive's "now": every date of its base set is before it
 * (2024-04-01 00:00 UTC), so the ages the views show never change. */
#define PBT_DEMO_NOW 1711929600LL

/* A group setup for cmocka_run_group_tests_name(): the demo archive,
 * made once for all the group's tests (they only read it), and
 * PBT_DEMO_NOW as the clock pbt_tui_app() gives their apps. A test
 * program runs one group, so the archive is kept here rather than in the
 * group state; a failure is printed and fails the group. */
int pbt_tui_setup_demo(void **state);

/* As pbt_tui_setup_demo(), with the triage archive of pbfixture.h at
 * PBT_FIXTURE_NOW. */
int pbt_tui_setup_triage(void **state);

/* The group teardown of either setup: frees the archive's memory. */
int pbt_tui_teardown(void **state);

/* The notmuch database of the group's archive (valid until the teardown). */
const char *pbt_tui_db(void);

/* A fresh demo archive in DIR/demo, for a test that changes it and so
 * cannot share the group's; fails the test when it cannot be made. */
pb_demo_result_t *pbt_tui_demo_new(TALLOC_CTX *ctx, const char *dir);

/* An app made with the options O, on the index of the notmuch database DB
 * (opened without a cache, as a warm start is not under test); fails the
 * test when it cannot be made. For apps that need more than a size: git
 * config, a repository, an archive of their own. */
tui_app_t *pbt_tui_app_new(TALLOC_CTX *ctx, const tui_app_opts_t *o, const char *db);

/* An app of ROWS x COLS on the group's archive, at the group's clock. */
tui_app_t *pbt_tui_app(TALLOC_CTX *ctx, int rows, int cols);

/* Where pbt_tui_env_new() names its sendmail stand-in
 * (sendemail.sendmailCmd). */
typedef enum pbt_tui_sendmail {
	/* in the global git config until the env's memory is freed: the app
	 * has it, the tests that follow do not */
	PBT_TUI_SENDMAIL_GLOBAL,
	/* in the demo repository's own config, as a tree may carry it; the
	 * demo repository is the run's, as with --demo */
	PBT_TUI_SENDMAIL_REPO,
} pbt_tui_sendmail_t;

/* What the tests of the actions (reply, apply, notify) work in. */
typedef struct pbt_tui_env {
	void *ctx;              /* the test's memory: free it at the end */
	char *dir;              /* the test's folder: the stand-in is here */
	pb_demo_result_t *demo; /* the test's own archive, in DIR/demo */
	char *repo;             /* the demo's repository */
	char *mail;             /* the demo's maildir: its notmuch database */
	tui_app_t *app;
} pbt_tui_env_t;

/* A fresh demo archive of the test's own (an action changes it), a
 * sendmail stand-in named where SENDMAIL says, and an app of ROWS x COLS
 * on the archive at PBT_DEMO_NOW. The stand-in keeps each mail it is
 * given in DIR/out/mail.XXXXXX, its arguments beside it in
 * mail.XXXXXX.args, and refuses the mail (exit 75, "relay refused: no
 * route") while DIR/fail exists. Fails the test when anything cannot be
 * made. */
void pbt_tui_env_new(pbt_tui_env_t *e, int rows, int cols, pbt_tui_sendmail_t sendmail);

/* How many mails the stand-in of E was given, and the last one read in
 * *LAST (LAST may be NULL). */
int pbt_tui_env_sent(pbt_tui_env_t *e, char **last);

/* Render APP and return the screen as text, a line per row (talloc'd on
 * APP). */
char *pbt_tui_screen(tui_app_t *app);

/* Press the keys named in SPEC (tui_key_parse() names separated by
 * blanks, e.g. "j j <Enter> C-u"), rendering before each as the terminal
 * loop does; a name that does not parse fails the test. */
void pbt_tui_keys(tui_app_t *app, const char *spec);

/* Type TEXT at a prompt, a character at a time, and press Enter. */
void pbt_tui_type(tui_app_t *app, const char *text);

/* Render APP and return its status line (the last row but one) as text
 * (talloc'd on APP). */
char *pbt_tui_status_line(tui_app_t *app);

/* Render APP and return its message line (the last row) as text, where
 * prompts and the outcome of an action show (talloc'd on APP). */
char *pbt_tui_message_line(tui_app_t *app);

/* Render APP and return the first row that shows TEXT; fails the test,
 * with the screen, when no row does. */
int pbt_tui_row_with(tui_app_t *app, const char *text);

/* Render APP and return the colour role of the cell at ROW, COL. */
tui_role_t pbt_tui_role_at(tui_app_t *app, int row, int col);

/* Render APP and return the colour role of the cell OFF columns right of
 * where TEXT starts, on the first row that shows it: for text whose place
 * on the screen moves with the layout. */
tui_role_t pbt_tui_role_of(tui_app_t *app, const char *text, int off);

/* Render APP and return the colour role of the cell at column COL of the
 * first row that shows TEXT: for a place the layout fixes, such as the
 * markers in front of a line of an interdiff. */
tui_role_t pbt_tui_role_in(tui_app_t *app, const char *text, int col);

/* Fail when any cell of the screen as last rendered holds a control
 * character (C0, DEL, C1) or one that draws nothing yet turns or hides
 * text (bidi overrides, zero-width spaces: pb_text_invisible): mail text
 * must reach the screen inert, escape sequences shown as text and never
 * sent to the terminal. */
void pbt_tui_assert_inert(tui_app_t *app);

#endif
