/* run.h: run a program: what it is given, what it says, how long it may
 * take. The one way core/ starts a child process (sendmail, the editor,
 * a pipe or clipboard command, notmuch git). Private to core/. */
#ifndef PB_CORE_RUN_H
#define PB_CORE_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <talloc.h>

#include "patchbay/error.h"

/* While a program runs: called about every 0.2 s with the seconds since
 * it started; false stops it. */
typedef bool (*_pb_run_waiting_cb)(void *payload, double elapsed);

/* Where the program's stdin comes from, and where its stdout and stderr
 * go (together). */
typedef enum { _PB_RUN_IN_NULL, _PB_RUN_IN_DATA, _PB_RUN_IN_INHERIT } _pb_run_in_t;
typedef enum { _PB_RUN_OUT_CAPTURE, _PB_RUN_OUT_NULL, _PB_RUN_OUT_INHERIT } _pb_run_out_t;

typedef struct _pb_run_opts {
	const char *const *argv;     /* argv[0] is looked up in PATH */
	const char *const *env;      /* "NAME=value" added to the environment; NULL: none */
	const char *const *fallback; /* paths tried for argv[0] when PATH has none; NULL: none */
	_pb_run_in_t in;
	const char *input;           /* _PB_RUN_IN_DATA: what it reads */
	size_t input_len;
	_pb_run_out_t out;
	TALLOC_CTX *out_ctx;         /* _PB_RUN_OUT_CAPTURE: what holds the output */
	size_t out_max;              /* _PB_RUN_OUT_CAPTURE: keep at most this much (0: all) */
	bool group;                  /* a process group of its own: stopping it stops
				      * what it started */
	bool session;                /* a session of its own: no terminal (a clipboard
				      * server that outlives it) */
	double timeout;              /* seconds; 0: none */
	_pb_run_waiting_cb waiting;  /* may be NULL */
	void *payload;
} _pb_run_opts_t;

typedef struct _pb_run_result {
	int status;      /* exit status; 128+N for signal N */
	int exec_errno;  /* it could not be started: errno of exec (status 127) */
	bool timed_out;  /* stopped after the timeout */
	bool stopped;    /* stopped because the waiting callback said so */
	bool read_all;   /* _PB_RUN_IN_DATA: it read every byte of the input */
	char *output;    /* _PB_RUN_OUT_CAPTURE: stdout and stderr, on O->out_ctx
			  * (NUL-terminated); else NULL */
	double elapsed;  /* seconds it ran */
} _pb_run_result_t;

/* Run O->argv as O says and wait for it, feeding its input and reading
 * its output meanwhile; a program stopped (timeout, or O->waiting said
 * so) gets SIGTERM, then SIGKILL 2 s later (its group too with
 * O->group). PB_OK when it was started or exec failed (out->exec_errno);
 * an error when it could not be started (no pipe, no fork), or could not
 * be waited for (poll failed: it is stopped; OUT is filled all the same).
 * SIGPIPE is ignored while input is fed. */
pb_status_t _pb_run_with(_pb_run_result_t *out, const _pb_run_opts_t *o, pb_error_t *err);

/* Run ARGV with stdin from /dev/null and ENV added, output captured; wait
 * at most TIMEOUT_S seconds (0: no limit). PB_OK when it ran (look at
 * out->status); an error when it could not be started or was not found,
 * timed out, or WAITING (may be NULL) stopped it (out->stopped). */
pb_status_t _pb_run(TALLOC_CTX *mem_ctx, _pb_run_result_t *out, const char *const *argv, const char *const *env,
		    unsigned timeout_s, _pb_run_waiting_cb waiting, void *payload, pb_error_t *err);

/* A waitpid(2) status as a shell gives it: the exit status, or 128+N
 * when signal N ended the program. */
int _pb_exit_status(int wstatus);

#endif
