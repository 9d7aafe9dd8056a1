/* run.c: run a program: what it is given, what it says, how long it may
 * take (run.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/base/run.h"
#include "core/base/util.h"

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Stop PID (and its group, GROUP): SIGTERM, then SIGKILL when it is still
 * there after 2 s; reaped into *STATUS. */
static void stop(pid_t pid, bool group, int *status)
{
	double t0 = _pb_now();
	struct timespec nap = {0, 20 * 1000 * 1000};
	if (group)
		kill(-pid, SIGTERM);
	kill(pid, SIGTERM);
	for (;;) {
		pid_t w = waitpid(pid, status, WNOHANG);
		if (w == pid || (w < 0 && errno != EINTR))
			break;
		if (_pb_now() - t0 > 2.0) {
			if (group)
				kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, status, 0) < 0 && errno == EINTR)
				;
			break;
		}
		nanosleep(&nap, NULL);
	}
	if (group)
		kill(-pid, SIGKILL); /* (what it left behind) */
}

/* In the child: set up as O says and exec; tell the parent exec's errno
 * through ERR_FD (closed on a successful exec). */
static void child(const _pb_run_opts_t *o, int in_fd, int out_fd, int err_fd)
{
	int e;
	signal(SIGPIPE, SIG_DFL); /* (the parent may ignore it) */
	if (o->session)
		setsid();
	else if (o->group)
		setpgid(0, 0);
	if (o->in != _PB_RUN_IN_INHERIT) {
		int fd = in_fd >= 0 ? in_fd : open("/dev/null", O_RDONLY);
		if (fd >= 0)
			dup2(fd, 0);
	}
	if (o->out != _PB_RUN_OUT_INHERIT) {
		int fd = out_fd >= 0 ? out_fd : open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
	}
	for (size_t i = 0; o->env && o->env[i]; i++)
		putenv((char *)o->env[i]);
	execvp(o->argv[0], (char *const *)o->argv);
	e = errno;
	for (size_t i = 0; e == ENOENT && o->fallback && o->fallback[i]; i++) {
		execv(o->fallback[i], (char *const *)o->argv);
		if (errno != ENOENT)
			e = errno;
	}
	{
		ssize_t w = write(err_fd, &e, sizeof(e));
		(void)w;
	}
	_exit(127);
}

pb_status_t _pb_run_with(_pb_run_result_t *out, const _pb_run_opts_t *o, pb_error_t *err)
{
	TALLOC_CTX *mem_ctx = o->out_ctx;
	int in_p[2] = {-1, -1}, out_p[2] = {-1, -1}, err_p[2] = {-1, -1}, status = 0, e = 0;
	bool capture = o->out == _PB_RUN_OUT_CAPTURE, feed = o->in == _PB_RUN_IN_DATA, reaped = false, failed = false;
	int fail_errno = 0;
	size_t done = 0, len = 0, cap = 4096;
	double t0 = _pb_now(), last = t0;
	struct sigaction ign = {0}, old;
	char *buf = NULL;
	pid_t pid;

	memset(out, 0, sizeof(*out));
	if (capture && !mem_ctx)
		return pb_error_set(err, PB_ERR_USAGE, "running %s: no context for its output", o->argv[0]);
	if (capture && !(buf = talloc_size(mem_ctx, cap)))
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if (pipe2(err_p, O_CLOEXEC) < 0 || (feed && pipe2(in_p, O_CLOEXEC) < 0) ||
	    (capture && pipe2(out_p, O_CLOEXEC) < 0)) {
		e = errno;
		goto nopipe;
	}
	/* (our end of its stdin does not block: a program that stops reading
	 * while we hold the read end too must not hang the write) */
	if (feed && fcntl(in_p[1], F_SETFL, fcntl(in_p[1], F_GETFL) | O_NONBLOCK) < 0) {
		e = errno;
		goto nopipe;
	}
	pid = fork();
	if (pid < 0) {
		e = errno;
		goto nopipe;
	}
	if (pid == 0)
		child(o, in_p[0], out_p[1], err_p[1]);
	if (o->group && !o->session)
		setpgid(pid, pid); /* (both sides: whichever runs first) */
	close_fd(&err_p[1]);
	close_fd(&out_p[1]);
	/* exec's answer: nothing when it ran (the pipe closed on exec) */
	{
		ssize_t n;
		while ((n = read(err_p[0], &e, sizeof(e))) < 0 && errno == EINTR)
			;
		close_fd(&err_p[0]);
		if (n == (ssize_t)sizeof(e))
			out->exec_errno = e ? e : ENOENT;
	}
	/* in_p[0] stays open here: what is left in the pipe when the program
	 * has exited is what it did not read (a small input fits in the pipe
	 * whole, so a finished write says nothing) */
	if (feed) {
		ign.sa_handler = SIG_IGN;
		sigemptyset(&ign.sa_mask);
		sigaction(SIGPIPE, &ign, &old);
		if (o->input_len == 0 || out->exec_errno)
			close_fd(&in_p[1]);
	}
	for (bool open_o = capture && !out->exec_errno; open_o || in_p[1] >= 0 || !reaped;) {
		struct pollfd pf[2];
		int np = 0, io = -1, ii = -1, pr, perr;
		double now;
		/* its output closed (or not ours) and it exited: the input left
		 * is what nobody reads */
		if (!open_o) {
			pid_t w = waitpid(pid, &status, WNOHANG);
			if (w == pid || (w < 0 && errno != EINTR)) {
				reaped = true;
				break;
			}
			/* (nothing to bound it: just wait) */
			if (in_p[1] < 0 && o->timeout <= 0 && !o->waiting) {
				while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
					;
				reaped = true;
				break;
			}
		}
		if (open_o) {
			pf[np].fd = out_p[0];
			pf[np].events = POLLIN;
			io = np++;
		}
		if (in_p[1] >= 0) {
			pf[np].fd = in_p[1];
			pf[np].events = POLLOUT;
			ii = np++;
		}
		if (np) {
			pr = poll(pf, (nfds_t)np, 200);
		} else {
			/* only the exit to wait for, bounded: look again soon */
			struct timespec nap = {0, 20 * 1000 * 1000};
			pr = nanosleep(&nap, NULL) < 0 ? -1 : 0;
		}
		/* (kept now: the callback below may change errno, drawing the
		 * screen and reading keys) */
		perr = pr < 0 ? errno : 0;
		now = _pb_now();
		if (o->timeout > 0 && now - t0 > o->timeout) {
			out->timed_out = true;
			break;
		}
		/* (a signal interrupts the wait: asked at once) */
		if (o->waiting && (pr < 0 || (np && pr == 0) || now - last >= 0.2)) {
			last = now;
			if (!o->waiting(o->payload, now - t0)) {
				out->stopped = true;
				break;
			}
		}
		if (pr < 0 && perr != EINTR) {
			failed = true; /* (poll itself failed: stop it, never wait blind) */
			fail_errno = perr;
			break;
		}
		if (pr <= 0)
			continue;
		if (io >= 0 && pf[io].revents) {
			ssize_t r;
			if (len + 1024 > cap) {
				char *nb = talloc_realloc_size(mem_ctx, buf, cap * 2);
				if (!nb) {
					/* (no room: what it says from now on goes,
					 * rather than fill the pipe and block it) */
					close_fd(&out_p[0]);
					open_o = false;
					continue;
				}
				buf = nb;
				cap *= 2;
			}
			r = read(out_p[0], buf + len, cap - len - 1);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				open_o = false;
			else if (!o->out_max || len < o->out_max)
				len += (size_t)r;
		}
		if (ii >= 0 && pf[ii].revents) {
			ssize_t w = write(in_p[1], o->input + done, o->input_len - done);
			if (w < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (w <= 0 || (done += (size_t)w) >= o->input_len)
				close_fd(&in_p[1]);
		}
	}
	if (out->timed_out || out->stopped || failed) {
		/* stopped before its input ends: a program must not take a cut
		 * input for the whole of it */
		stop(pid, o->group || o->session, &status);
		close_fd(&in_p[1]);
		close_fd(&out_p[0]);
	} else {
		close_fd(&in_p[1]);
		close_fd(&out_p[0]);
		while (!reaped && waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	if (feed) {
		int left = 0;
		sigaction(SIGPIPE, &old, NULL);
		if (ioctl(in_p[0], FIONREAD, &left) < 0)
			left = 0;
		out->read_all = !out->exec_errno && done >= o->input_len && left == 0;
		close_fd(&in_p[0]);
	}
	if (buf) {
		buf[len] = '\0';
		out->output = buf;
	}
	out->status = _pb_exit_status(status);
	out->elapsed = _pb_now() - t0;
	if (failed)
		return pb_error_set(err, PB_ERR_EXTERNAL, "cannot wait for %s (%s): it was stopped", o->argv[0],
				    strerror(fail_errno));
	return PB_OK;
nopipe:
	close_fd(&in_p[0]), close_fd(&in_p[1]), close_fd(&out_p[0]), close_fd(&out_p[1]);
	close_fd(&err_p[0]), close_fd(&err_p[1]);
	talloc_free(buf);
	return pb_error_set(err, PB_ERR_EXTERNAL, "cannot run %s: %s", o->argv[0], strerror(e));
}

pb_status_t _pb_run(TALLOC_CTX *mem_ctx, _pb_run_result_t *out, const char *const *argv, const char *const *env,
		    unsigned timeout_s, _pb_run_waiting_cb waiting, void *payload, pb_error_t *err)
{
	_pb_run_opts_t o = {.argv = argv, .env = env, .in = _PB_RUN_IN_NULL, .out = _PB_RUN_OUT_CAPTURE,
			    .out_ctx = mem_ctx, .timeout = timeout_s, .waiting = waiting, .payload = payload};
	pb_status_t rc = _pb_run_with(out, &o, err);
	if (rc)
		return rc;
	if (out->exec_errno)
		return pb_error_set(err, PB_ERR_EXTERNAL, "cannot run %s: %s", argv[0],
				    out->exec_errno == ENOENT ? "not found" : strerror(out->exec_errno));
	if (out->timed_out)
		return pb_error_set(err, PB_ERR_EXTERNAL, "%s did not finish in %u s: stopped", argv[0], timeout_s);
	if (out->stopped)
		return pb_error_set(err, PB_ERR_EXTERNAL, "%s was stopped after %.0f s, as asked", argv[0],
				    out->elapsed);
	return PB_OK;
}

int _pb_exit_status(int wstatus)
{
	return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + (WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : 0);
}
