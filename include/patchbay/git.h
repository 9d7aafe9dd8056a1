/* git.h: libgit2 for the whole process. */
#ifndef PATCHBAY_GIT_H
#define PATCHBAY_GIT_H

#include <talloc.h>

#include "patchbay/error.h"

/* Initialise libgit2 once per process (idempotent, thread-safe; waits for
 * and joins the thread pb_git_init_async() started). */
void pb_git_init(void);

/* Start initialising libgit2 on a thread of its own. Debian's libgit2
 * parses the whole CA bundle at init (some 10 ms) though patchbay never
 * talks TLS; programs start this first and overlap it with work that needs
 * no libgit2 (opening notmuch, loading the cache, starting the screen).
 * A program that started it must call pb_git_init() before it exits:
 * libgit2 loads a TLS library whose own exit handler would otherwise run
 * while the thread still initialises it. */
void pb_git_init_async(void);

/* Where the repository at PATH (NULL or "": found from the current
 * directory up, as git finds it) is: its work tree, or its git directory
 * when it is bare, without the trailing slash. *out is a new string on
 * MEM_CTX. PB_ERR_NOTFOUND when there is none. */
pb_status_t pb_repo_locate(TALLOC_CTX *mem_ctx, char **out, const char *path, pb_error_t *err);

#endif
