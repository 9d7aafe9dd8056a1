/* run.c: run a program and read what it says. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/base/run.h"

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

pb_status_t _pb_run(TALLOC_CTX *mem_ctx, _pb_run_result_t *out, const char *const *argv, const char *const *env,
		    unsigned timeout_s, _pb_run_waiting_cb waiting, void *payload, pb_error_t *err)
{
	long long t0 = now_ms(), last = t0;
	int pfd[2];
	pid_t pid;
	char *buf;
	size_t len = 0, cap = 4096;
	long long deadline = timeout_s ? now_ms() + (long long)timeout_s * 1000 : 0;
	int status = 0;

	memset(out, 0, sizeof(*out));
	if (!(buf = talloc_size(mem_ctx, cap)))
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if (pipe2(pfd, O_CLOEXEC) != 0) {
		talloc_free(buf);
		return pb_error_set(err, PB_ERR_IO, "cannot make a pipe: %s", strerror(errno));
	}
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		talloc_free(buf);
		return pb_error_set(err, PB_ERR_EXTERNAL, "cannot run %s: %s", argv[0], strerror(errno));
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, 0);
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		for (size_t i = 0; env && env[i]; i++)
			putenv((char *)env[i]);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(pfd[1]);
	for (;;) {
		struct pollfd p = {.fd = pfd[0], .events = POLLIN};
		int wait_ms = -1, r;
		ssize_t n;
		long long now = now_ms();
		if (deadline) {
			long long left = deadline - now;
			if (left <= 0) {
				out->timed_out = true;
				break;
			}
			wait_ms = (int)left;
		}
		if (waiting) {
			if (now - last >= 200) {
				last = now;
				if (!waiting(payload, (double)(now - t0) / 1000)) {
					out->stopped = true;
					break;
				}
			}
			if (wait_ms < 0 || wait_ms > 200)
				wait_ms = 200;
		}
		r = poll(&p, 1, wait_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			continue; /* (the deadline and the callback are seen above) */
		if (len + 1024 > cap) {
			char *nb = talloc_realloc_size(mem_ctx, buf, cap * 2);
			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
		n = read(pfd[0], buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(pfd[0]);
	if (out->timed_out || out->stopped)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	buf[len] = '\0';
	out->output = buf;
	out->status = _pb_exit_status(status);
	if (out->timed_out)
		return pb_error_set(err, PB_ERR_EXTERNAL, "%s did not finish in %u s: stopped", argv[0], timeout_s);
	if (out->stopped)
		return pb_error_set(err, PB_ERR_EXTERNAL, "%s was stopped after %.0f s, as asked", argv[0],
				    (double)(now_ms() - t0) / 1000);
	if (out->status == 127 && len == 0)
		return pb_error_set(err, PB_ERR_EXTERNAL, "cannot run %s: not found", argv[0]);
	return PB_OK;
}

int _pb_exit_status(int wstatus)
{
	return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + (WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : 0);
}
