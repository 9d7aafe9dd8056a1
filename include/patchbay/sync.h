/* sync.h: share review states (review.h) with a team through git, with
 * `notmuch git` (Debian package notmuch-git).
 *
 * The tags of the prefix (patchbay.tagPrefix) live in a git repository of
 * notmuch git's own (one file per message and tag). A sync:
 *   1. makes the repository if there is none (notmuch git init) and points
 *      its remote "origin" at the team's repository;
 *   2. commits the local tags (notmuch git commit);
 *   3. fetches the team's branch and merges it with git: per message and
 *      tag a three-way merge, so a tag added on either side is kept and a
 *      tag removed on either side (and not added again on the other) goes;
 *      two people who change different series both keep their changes;
 *      the first sync of a clone whose tags the team has never seen takes
 *      the union;
 *   4. writes the result into the notmuch database (notmuch git checkout)
 *      and pushes it.
 * When two people set different states on the same series, both tags are
 * kept: the series shows a conflict (pb_review_t.conflict) until one of
 * them sets it again and syncs. Nothing outside the prefix is read or
 * written. */
#ifndef PB_SYNC_H
#define PB_SYNC_H

#include <stdbool.h>
#include <talloc.h>

#include "patchbay/conf.h"
#include "patchbay/error.h"
#include "patchbay/index.h"

typedef struct pb_sync_opts {
	const char *repo;           /* notmuch git's repository (made when missing) */
	const char *remote;         /* the team's repository (URL or path); NULL: commit only */
	const char *notmuch_config; /* for notmuch; NULL: notmuch's own search */
	const char *name, *email;   /* who commits (NULL: git's own identity) */
	unsigned timeout_s;         /* for each step (0: 120 s) */
	/* while a step runs, about every 0.2 s: STEP says which ("notmuch git
	 * pull"), ELAPSED its seconds; false stops it (the sync fails at that
	 * step, as on a timeout). NULL: wait. */
	bool (*waiting)(void *payload, const char *step, double elapsed);
	void *payload;
} pb_sync_opts_t;

typedef struct pb_sync_result {
	bool created;      /* the repository was made in this sync */
	unsigned sent;     /* tag changes of this database committed */
	unsigned received; /* tag changes of the team written into notmuch */
	char *log;         /* what the steps said, on MEM_CTX */
} pb_sync_result_t;

/* The options git config CONF gives, on MEM_CTX: remote
 * (patchbay.sync.remote), repo (patchbay.sync.repo, a leading "~/" is
 * $HOME; default $XDG_DATA_HOME/patchbay/sync.git, else
 * ~/.local/share/patchbay/sync.git), name and email (patchbay.from, else
 * user.*). Fields already set in O are kept. PB_ERR_NOTFOUND when no
 * repository can be named (no HOME). */
pb_status_t pb_sync_opts_load(pb_sync_opts_t *o, TALLOC_CTX *mem_ctx, pb_conf_t *conf);

/* Sync the review state tags of IDX's database with OPTS->remote. The
 * caller refreshes the index after. On failure ERR says which step and
 * what it printed; the notmuch database has the tags it had before the
 * failing step (a failed push leaves the merged tags written: the next
 * sync pushes them). */
pb_status_t pb_sync(pb_index_t *idx, TALLOC_CTX *mem_ctx, pb_sync_result_t *out, const pb_sync_opts_t *opts,
		    pb_error_t *err);

#endif
