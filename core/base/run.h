/* run.h: run a program and read what it says. Private to core/. */
#ifndef PB_CORE_RUN_H
#define PB_CORE_RUN_H

#include <stdbool.h>
#include <talloc.h>

#include "patchbay/error.h"

typedef struct _pb_run_result {
	int status;      /* exit status; 128+N for signal N */
	bool timed_out;  /* stopped after the timeout */
	bool stopped;    /* stopped because the waiting callback said so */
	char *output;    /* stdout and stderr together, on MEM_CTX */
} _pb_run_result_t;

/* While a program runs: called about every 0.2 s with the seconds since
 * it started; false stops it. */
typedef bool (*_pb_run_waiting_cb)(void *payload, double elapsed);

/* Run ARGV (argv[0] found in PATH) with stdin from /dev/null and ENV
 * ("NAME=value", NULL-terminated; may be NULL) added to the environment;
 * wait at most TIMEOUT_S seconds (0: no limit), then kill it. PB_OK when
 * it ran (look at out->status); an error when it could not be started,
 * was not found (127 and no output), timed out, or WAITING (may be NULL)
 * stopped it (out->stopped). */
pb_status_t _pb_run(TALLOC_CTX *mem_ctx, _pb_run_result_t *out, const char *const *argv, const char *const *env,
		    unsigned timeout_s, _pb_run_waiting_cb waiting, void *payload, pb_error_t *err);

/* A waitpid(2) status as a shell gives it: the exit status, or 128+N
 * when signal N ended the program. */
int _pb_exit_status(int wstatus);

#endif
