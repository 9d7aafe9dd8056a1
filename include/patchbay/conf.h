/* conf.h: patchbay's settings, read from git config through libgit2.
 *
 * Keys live in git config: patchbay.* (query, scope, linkmask, from, repo,
 * profile, ...), user.name/user.email, sendemail.*. The repository's own
 * config (of patchbay.repo, else the current directory) overrides the
 * global and system files, as git does. */
#ifndef PB_CONF_H
#define PB_CONF_H

#include <stdbool.h>
#include <talloc.h>

#include "patchbay/error.h"
#include "patchbay/mail.h"

typedef struct pb_conf pb_conf_t;

/* Open git config: global/XDG/system, plus the repository at REPO_PATH
 * (NULL: discover from the current directory; "" : none). */
pb_status_t pb_conf_open(TALLOC_CTX *mem_ctx, pb_conf_t **out, const char *repo_path, pb_error_t *err);

/* String value of KEY or NULL (owned by conf, valid while it lives). */
const char *pb_conf_get(pb_conf_t *conf, const char *key);

/* Call FN for every entry whose key starts with PREFIX ("patchbay.search."),
 * in the order git reads the files (system, global, the repository's):
 * NAME is the rest of the key (as libgit2 gives it: section and variable
 * in lower case), VALUE its value; both valid while CONF lives. */
typedef void (*pb_conf_each_cb)(void *payload, const char *name, const char *value);
void pb_conf_each(pb_conf_t *conf, const char *prefix, pb_conf_each_cb fn, void *payload);

/* Boolean value of KEY (git's true/yes/on/1), DEF when unset. */
bool pb_conf_bool(pb_conf_t *conf, const char *key, bool def);

/* Integer value of KEY, DEF when unset or malformed. */
long pb_conf_int(pb_conf_t *conf, const char *key, long def);

/* Who I am: patchbay.from, else user.name + user.email. PB_ERR_NOTFOUND
 * when neither is set. */
pb_status_t pb_conf_identity(pb_conf_t *conf, TALLOC_CTX *mem_ctx, pb_person_t *out, pb_error_t *err);

/* Path of the repository the config was read with, or NULL. */
const char *pb_conf_repo_path(const pb_conf_t *conf);

/* git config as it is now, read as CONF was (the same repository, or none
 * when CONF had none; CONF NULL: the user's config alone): for what a
 * long-running front end reads at the moment it acts (the sendmail command
 * of a send), so a change made meanwhile counts. *OUT on MEM_CTX. */
pb_status_t pb_conf_reopen(TALLOC_CTX *mem_ctx, pb_conf_t **out, const pb_conf_t *conf, pb_error_t *err);

/* The path git config KEY names, a leading "~/" read as $HOME/ (as git
 * reads core.excludesFile), new on MEM_CTX; NULL when KEY is not set or
 * CONF is NULL. */
char *pb_conf_path(TALLOC_CTX *mem_ctx, pb_conf_t *conf, const char *key);

/* The repository apply and notify work on: GIVEN (a --repo option, or the
 * demo's) when non-NULL, else patchbay.repo from CONF (CONF may be NULL),
 * else NULL (the current directory's); a leading "~/" is $HOME. A string
 * on MEM_CTX, the caller's; NULL too when out of memory. */
char *pb_conf_repo(TALLOC_CTX *mem_ctx, pb_conf_t *conf, const char *given);

#endif
