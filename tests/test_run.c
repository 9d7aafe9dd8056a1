/* test_run.c: the one way core/ runs a program (core/base/run.h): a
 * program that cannot be started, the fallback paths, input fed and
 * output read at once, input left unread, the output bound, a timeout
 * and a cancel that stop the program and what it started. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "tests/lib/pbtest.h"
#include "core/base/run.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Not found: no error, exec's errno and 127; a fallback path runs. */
static void test_exec_failure_and_fallback(void **state)
{
	static const char *const argv[] = {"/nonexistent/patchbay-x", NULL};
	static const char *const fallback[] = {"/nonexistent/too", "/bin/true", NULL};
	_pb_run_opts_t o = {.argv = argv, .out = _PB_RUN_OUT_NULL};
	_pb_run_result_t r;
	pb_error_t err = {0};
	(void)state;
	assert_int_equal(_pb_run_with(&r, &o, &err), PB_OK);
	assert_int_equal(r.exec_errno, ENOENT);
	assert_int_equal(r.status, 127);
	o.fallback = fallback;
	assert_int_equal(_pb_run_with(&r, &o, &err), PB_OK);
	assert_int_equal(r.exec_errno, 0);
	assert_int_equal(r.status, 0);
	/* the simple form says it in words */
	{
		void *ctx = talloc_new(NULL);
		assert_int_equal(_pb_run(ctx, &r, argv, NULL, 0, NULL, NULL, &err), PB_ERR_EXTERNAL);
		pbt_assert_contains(pb_error_msg(&err), "cannot run /nonexistent/patchbay-x: not found");
		talloc_free(ctx);
	}
}

/* Is process PID gone: no such process, or a zombie nobody reaped yet
 * (in a container the first process may not reap)? */
static bool gone(pid_t pid)
{
	char path[64], stat[512] = "";
	const char *p;
	FILE *f;
	if (kill(pid, 0) < 0 && errno == ESRCH)
		return true;
	/* (/proc files have no size: read, not pbt_read) */
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (!(f = fopen(path, "r")))
		return true;
	if (!fgets(stat, sizeof(stat), f))
		stat[0] = '\0';
	fclose(f);
	p = strrchr(stat, ')');
	return p && p[1] == ' ' && (p[2] == 'Z' || p[2] == 'X');
}

/* 1 MB through cat: fed and read at once (more than a pipe holds both
 * ways), all of it read; a program that reads one byte leaves the rest,
 * and patchbay does not wait on it. */
static void test_input_and_output(void **state)
{
	void *ctx = talloc_new(NULL);
	size_t n = 1u << 20;
	char *big = talloc_size(ctx, n);
	static const char *const cat[] = {"cat", NULL};
	static const char *const one[] = {"head", "-c", "1", NULL};
	_pb_run_opts_t o = {.argv = cat, .in = _PB_RUN_IN_DATA, .input = big, .input_len = n,
			    .out = _PB_RUN_OUT_CAPTURE, .out_ctx = ctx};
	_pb_run_result_t r;
	pb_error_t err = {0};
	double t0;
	(void)state;
	for (size_t i = 0; i < n; i++)
		big[i] = (char)('a' + i % 26);
	assert_int_equal(_pb_run_with(&r, &o, &err), PB_OK);
	assert_int_equal(r.status, 0);
	assert_true(r.read_all);
	assert_int_equal(strlen(r.output), n);
	assert_memory_equal(r.output, big, n);
	/* at most about OUT_MAX kept */
	o.out_max = 1000;
	assert_int_equal(_pb_run_with(&r, &o, &err), PB_OK);
	assert_true(strlen(r.output) >= 1000 && strlen(r.output) < 1000 + 8192);
	o.argv = one;
	o.out_max = 0;
	t0 = now();
	assert_int_equal(_pb_run_with(&r, &o, &err), PB_OK);
	assert_true(now() - t0 < 5);
	assert_int_equal(r.status, 0);
	assert_false(r.read_all);
	assert_string_equal(r.output, "a");
	talloc_free(ctx);
}

static bool say_stop(void *payload, double elapsed)
{
	int *calls = payload;
	(*calls)++;
	return elapsed < 0.3;
}

/* A timeout and a cancel stop the program, and with a group of its own
 * what it started too. */
static void test_timeout_and_cancel(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = pbt_tmpdir(ctx), *pidfile = talloc_asprintf(ctx, "%s/pid", dir);
	char *script = talloc_asprintf(ctx, "sleep 30 & echo $! > '%s'; wait", pidfile);
	const char *argv[] = {"sh", "-c", script, NULL};
	_pb_run_opts_t o = {.argv = argv, .out = _PB_RUN_OUT_NULL, .group = true, .timeout = 0.3};
	_pb_run_result_t r;
	pb_error_t err = {0};
	int calls = 0;
	bool away = false;
	pid_t child;
	double t0 = now();
	(void)state;
	assert_int_equal(_pb_run_with(&r, &o, &err), PB_OK);
	assert_true(r.timed_out);
	assert_true(now() - t0 < 5);
	assert_int_equal(r.status, 128 + SIGTERM);
	child = (pid_t)atoi(pbt_read(ctx, pidfile, NULL));
	assert_true(child > 0);
	/* (its sleep got the signal too) */
	for (int i = 0; i < 100 && !away; i++)
		if (!(away = gone(child)))
			usleep(10000);
	assert_true(away);
	o.timeout = 0;
	o.waiting = say_stop;
	o.payload = &calls;
	assert_int_equal(_pb_run_with(&r, &o, &err), PB_OK);
	assert_true(r.stopped);
	assert_false(r.timed_out);
	assert_true(calls >= 2);
	talloc_free(ctx);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A callback that leaves errno set, as drawing the screen does. */
static bool keep_going(void *payload, double elapsed)
{
	(void)payload;
	(void)elapsed;
	errno = EAGAIN;
	return true;
}

/* A signal while input is fed (a terminal resize during a send) is not
 * a failure of the wait: the program still gets all of its input, even
 * when the waiting callback changed errno after poll returned. */
static void test_signal_while_feeding(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = pbt_tmpdir(ctx), *out = talloc_asprintf(ctx, "%s/count", dir);
	char *script = talloc_asprintf(ctx, "sleep 1; wc -c > '%s'", out);
	const char *argv[] = {"sh", "-c", script, NULL};
	size_t n = 1u << 20;
	char *big = talloc_zero_size(ctx, n);
	_pb_run_opts_t o = {.argv = argv, .in = _PB_RUN_IN_DATA, .input = big, .input_len = n,
			    .out = _PB_RUN_OUT_NULL, .waiting = keep_going};
	struct sigaction sa = {0}, old;
	struct itimerval it = {{0, 100000}, {0, 300000}}, off = {{0, 0}, {0, 0}};
	_pb_run_result_t r;
	pb_error_t err = {0};
	(void)state;
	sa.sa_handler = on_alarm; /* (no SA_RESTART: poll returns EINTR) */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &old);
	setitimer(ITIMER_REAL, &it, NULL);
	assert_int_equal(_pb_run_with(&r, &o, &err), PB_OK);
	setitimer(ITIMER_REAL, &off, NULL);
	sigaction(SIGALRM, &old, NULL);
	assert_false(r.stopped);
	assert_false(r.timed_out);
	assert_int_equal(r.status, 0);
	assert_true(r.read_all);
	assert_int_equal(atoi(pbt_read(ctx, out, NULL)), (int)n);
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exec_failure_and_fallback),
		cmocka_unit_test(test_input_and_output),
		cmocka_unit_test(test_timeout_and_cancel),
		cmocka_unit_test(test_signal_while_feeding),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("run", tests, NULL, NULL);
}
