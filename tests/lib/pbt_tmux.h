/* pbt_tmux.h: patchbay in a real terminal for the end-to-end tests: a
 * tmux server of its own (a unique socket), keys in with send-keys, the
 * screen back with capture-pane, polled with a deadline (no sleeps). */
#ifndef PB_TEST_TMUX_H
#define PB_TEST_TMUX_H

#include <stdbool.h>
#include <talloc.h>

typedef struct pbt_term {
	void *ctx;
	char sock[64];
	char *status; /* file the exit status goes to */
	char *cwd;    /* the program's own empty folder */
} pbt_term_t;

/* Run patchbay ARGS (quoted for sh) with ENV (e.g. "NO_COLOR=1") in a new
 * tmux server, 80x24. The test is skipped where there is no tmux. */
void pbt_tmux_start(pbt_term_t *t, const char *env, const char *args);

/* Run patchbay --demo-dir on a new folder with ENV, as pbt_tmux_start():
 * patchbay makes the demo archive there, then opens it. Returns the
 * folder. */
char *pbt_tmux_start_demo(pbt_term_t *t, const char *env);

/* tmux ARGS (NULL-terminated) on the test's server; its output. */
char *pbt_tmux(pbt_term_t *t, const char *const *args);

/* The screen as text (ESCAPES: with the SGR sequences). */
char *pbt_tmux_capture(pbt_term_t *t, bool escapes);

/* Poll the screen until it shows TEXT; fail after a generous deadline.
 * Returns the screen once it settled (two equal captures). */
char *pbt_tmux_wait(pbt_term_t *t, const char *text, bool escapes);

/* Poll until patchbay ended and check its exit STATUS; the screen then. */
char *pbt_tmux_wait_dead(pbt_term_t *t, int status);

/* resize-window: the terminal becomes COLS x ROWS. */
void pbt_tmux_resize(pbt_term_t *t, int cols, int rows);

/* The notmuch count of QUERY in the demo at DIR (pbt_tmux_start_demo()'s
 * folder), as notmuch prints it ("6\n"); fails the test when notmuch does. */
char *pbt_tmux_demo_count(pbt_term_t *t, const char *dir, const char *query);

/* send-keys K1 K2 (tmux key names; K2 may be ""). */
void pbt_tmux_keys(pbt_term_t *t, const char *k1, const char *k2);

/* send-keys -l TEXT: the characters as they are. */
void pbt_tmux_type(pbt_term_t *t, const char *text);

/* Answer the prompt on the screen with TEXT: C-u clears what it holds,
 * TEXT goes in as it is, Enter takes it. */
void pbt_tmux_answer(pbt_term_t *t, const char *text);

/* Kill the server. */
void pbt_tmux_stop(pbt_term_t *t);

/* The end of a test that went well: press KEY (a quit key), check that
 * patchbay ends with status 0 and kill the server. Returns the screen
 * patchbay left (talloc'd on t->ctx). */
char *pbt_tmux_quit(pbt_term_t *t, const char *key);

/* For a teardown: kill the server of a test that failed before stopping it. */
int pbt_tmux_teardown(void **state);

#endif
