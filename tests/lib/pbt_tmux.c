/* pbt_tmux.c: see pbt_tmux.h. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "tests/lib/pbtest.h"
#include "tests/lib/pbt_tmux.h"

/* the server to kill when a test ends, even by failing (a copy: the
 * test's pbt_term_t is gone by then) */
static char current[64];

char *pbt_tmux(pbt_term_t *t, const char *const *args)
{
	const char *argv[32] = {"tmux", "-L", t->sock, "-f", "/dev/null"};
	int n = 5;
	char *out, *err;
	for (int i = 0; args[i] && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	if (pbt_run(t->ctx, &out, &err, NULL, argv) != 0)
		fail_msg("tmux %s failed: %s", args[0], err);
	return out;
}

char *pbt_tmux_capture(pbt_term_t *t, bool escapes)
{
	const char *plain[] = {"capture-pane", "-p", "-t", "pb", NULL};
	const char *esc[] = {"capture-pane", "-p", "-e", "-t", "pb", NULL};
	return pbt_tmux(t, escapes ? esc : plain);
}

static void nap(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

char *pbt_tmux_wait(pbt_term_t *t, const char *text, bool escapes)
{
	time_t deadline = time(NULL) + 30;
	char *s, *again;
	while (!strstr((s = pbt_tmux_capture(t, escapes)), text)) {
		if (time(NULL) > deadline)
			fail_msg("the screen never showed \"%s\"; it shows:\n%s", text, s);
		talloc_free(s);
		nap(10);
	}
	/* the text may be there while the rest of the screen is still being
	 * drawn: what the test reads next is the settled screen, two equal
	 * captures in a row that still show the text (for at most 2 s: a
	 * screen that keeps changing, such as a progress count, is returned
	 * as last seen) */
	deadline = time(NULL) + 2;
	while (time(NULL) <= deadline) {
		nap(30);
		again = pbt_tmux_capture(t, escapes);
		if (strcmp(again, s) == 0) {
			talloc_free(again);
			break;
		}
		if (!strstr(again, text)) {
			talloc_free(again);
			break;
		}
		talloc_free(s);
		s = again;
	}
	return s;
}

char *pbt_tmux_wait_dead(pbt_term_t *t, int status)
{
	time_t deadline = time(NULL) + 30;
	char want[16];
	snprintf(want, sizeof(want), "%d\n", status);
	for (;;) {
		FILE *f = fopen(t->status, "r");
		char got[16] = "";
		if (f) {
			if (!fgets(got, sizeof(got), f))
				got[0] = '\0';
			fclose(f);
		}
		if (*got && strchr(got, '\n')) {
			assert_string_equal(got, want);
			return pbt_tmux_capture(t, false);
		}
		if (time(NULL) > deadline)
			fail_msg("patchbay did not end; the screen shows:\n%s", pbt_tmux_capture(t, false));
	}
}

void pbt_tmux_keys(pbt_term_t *t, const char *k1, const char *k2)
{
	const char *args[] = {"send-keys", "-t", "pb", k1, k2, NULL};
	talloc_free(pbt_tmux(t, args));
}

void pbt_tmux_type(pbt_term_t *t, const char *text)
{
	const char *args[] = {"send-keys", "-t", "pb", "-l", text, NULL};
	talloc_free(pbt_tmux(t, args));
}

void pbt_tmux_resize(pbt_term_t *t, int cols, int rows)
{
	char x[16], y[16];
	const char *args[] = {"resize-window", "-t", "pb", "-x", x, "-y", y, NULL};
	snprintf(x, sizeof(x), "%d", cols);
	snprintf(y, sizeof(y), "%d", rows);
	talloc_free(pbt_tmux(t, args));
}

char *pbt_tmux_demo_count(pbt_term_t *t, const char *dir, const char *query)
{
	char *out = NULL;
	const char *args[] = {"env", talloc_asprintf(t->ctx, "NOTMUCH_CONFIG=%s/notmuch-config", dir),
			      "notmuch", "count", query, NULL};
	assert_int_equal(pbt_run(t->ctx, &out, NULL, NULL, args), 0);
	return out;
}

void pbt_tmux_start(pbt_term_t *t, const char *env, const char *args)
{
	static int seq;
	void *ctx = t->ctx;
	char *cmd, prog[4096];
	if (system("command -v tmux >/dev/null 2>&1") != 0) {
		print_message("skipped: no tmux here\n");
		talloc_free(ctx);
		skip();
	}
	/* the program runs in an empty folder of its own, outside any git
	 * repository: an action that falls back to "the current repository"
	 * must never reach the project's own */
	t->cwd = pbt_tmpdir(ctx);
	t->status = talloc_asprintf(ctx, "%s/status", t->cwd);
	if (!realpath(pbt_patchbay(), prog))
		fail_msg("%s: %s", pbt_patchbay(), strerror(errno));
	cmd = talloc_asprintf(ctx, "env -u LINES -u COLUMNS %s '%s' %s; echo \\$? >'%s'", env, prog, args, t->status);
	snprintf(t->sock, sizeof(t->sock), "pbtest-%ld-%d", (long)getpid(), ++seq);
	snprintf(current, sizeof(current), "%s", t->sock);
	/* the server outlives the command: it must not hold our pipes */
	pbt_sh("tmux -L %s -f /dev/null new-session -d -s pb -x 80 -y 24 -c '%s' \"%s\" \\; "
	       "set-option -g remain-on-exit on >/dev/null 2>&1 </dev/null",
	       t->sock, t->cwd, cmd);
}

char *pbt_tmux_start_demo(pbt_term_t *t, const char *env)
{
	char *dir = talloc_asprintf(t->ctx, "%s/demo", pbt_tmpdir(t->ctx));
	pbt_tmux_start(t, env, talloc_asprintf(t->ctx, "--demo-dir '%s'", dir));
	return dir;
}

void pbt_tmux_answer(pbt_term_t *t, const char *text)
{
	pbt_tmux_keys(t, "C-u", "");
	pbt_tmux_type(t, text);
	pbt_tmux_keys(t, "Enter", "");
}

void pbt_tmux_stop(pbt_term_t *t)
{
	const char *args[] = {"kill-server", NULL};
	talloc_free(pbt_tmux(t, args));
	current[0] = '\0';
}

char *pbt_tmux_quit(pbt_term_t *t, const char *key)
{
	char *s;
	pbt_tmux_keys(t, key, "");
	s = pbt_tmux_wait_dead(t, 0);
	pbt_tmux_stop(t);
	return s;
}

int pbt_tmux_teardown(void **state)
{
	(void)state;
	if (current[0])
		pbt_sh("tmux -L %s kill-server >/dev/null 2>&1 || true", current);
	current[0] = '\0';
	return 0;
}
