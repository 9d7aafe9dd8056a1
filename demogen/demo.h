/* demo.h: the demo archive, made by patchbay's own generator.
 *
 * pb_demo_generate() writes, under DIR:
 *
 *   DIR/repo            a git repository of "widgetd", a small C daemon:
 *                       history on master, tags v0.1 and v0.2, a topic
 *                       branch demo/<slug>-v<N> for every version of every
 *                       series, and the branch net-fixes of a pull request
 *   DIR/mail            a maildir of patch series made from those commits
 *                       with libgit2, their reviews and trailers, and the
 *                       notmuch database (DIR/mail/.notmuch)
 *   DIR/notmuch-config  a notmuch config for DIR/mail
 *   DIR/.pb-demo        a stamp, written last: the archive is complete
 *
 * Everything is fixed: dates, Message-IDs, commit ids, the bytes of every
 * message. The base set (scale 1) is read from data files in demo/ that
 * are compiled in. Scale N adds series made up from a PRNG seeded with
 * the seed, up to about N * 100 messages in all; the same scale and seed
 * give the same archive. The content is described in docs/demo.md. */
#ifndef PB_DEMO_H
#define PB_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <talloc.h>

#include "patchbay/error.h"

/* Message-IDs of the base set, for tests (write V and I as plain numbers):
 * patch I (0: the cover letter) of version V of the series SLUG, and the
 * message named ID (a reply, a discussion, a pull request) of SLUG.
 * docs/demo.md lists the slugs and names. */
#define PB_DEMO_DOMAIN "demo.widgetd.org"
#define PB_DEMO_MSGID(slug, v, i) slug "-v" #v "-" #i "@" PB_DEMO_DOMAIN
#define PB_DEMO_MSG(slug, id) slug "-" id "@" PB_DEMO_DOMAIN

/* The largest scale accepted (about ten million messages). */
#define PB_DEMO_MAX_SCALE 100000

typedef struct pb_demo_opts {
	const char *dir;     /* where the archive goes (created if missing) */
	unsigned scale;      /* 0 or 1: the base set only */
	uint64_t seed;       /* seed of the scale part */
	const char *notmuch; /* the notmuch program; NULL: "notmuch" from PATH */
} pb_demo_opts_t;

typedef struct pb_demo_result {
	char *dir;           /* absolute */
	char *repo_path;     /* DIR/repo */
	char *db_path;       /* DIR/mail: give it to pb_index_open as db_path */
	char *config_path;   /* DIR/notmuch-config */
	char *base_commit;   /* hex id of master's tip, the base of every series */
	unsigned scale;
	uint64_t seed;
	size_t n_messages;   /* messages in the maildir */
	size_t n_series;     /* series the archive holds, as the generator meant them */
	bool reused;         /* pb_demo_ensure() found it complete and kept it */
	double t_repo;       /* seconds: the git repository and the base set */
	double t_mail;       /* seconds: the scale part */
	double t_index;      /* seconds: notmuch new */
} pb_demo_result_t;

/* Write a fresh archive into OPTS->dir. The folder may be missing, empty,
 * or hold an earlier demo archive (which is replaced); anything else in it
 * gives PB_ERR_REFUSED and nothing is touched. PB_ERR_USAGE for bad
 * options, PB_ERR_EXTERNAL when notmuch fails, PB_ERR_IO, PB_ERR_GIT. */
int pb_demo_generate(TALLOC_CTX *mem_ctx, pb_demo_result_t **out, const pb_demo_opts_t *opts,
		     pb_error_t *err);

/* The complete archive in DIR, as its stamp describes it. PB_ERR_NOTFOUND
 * when there is none, or it is incomplete, or an older generator made it. */
int pb_demo_open(TALLOC_CTX *mem_ctx, pb_demo_result_t **out, const char *dir, pb_error_t *err);

/* pb_demo_open() when the archive in OPTS->dir is complete and of the same
 * scale and seed (then (*out)->reused is true), else pb_demo_generate(). */
int pb_demo_ensure(TALLOC_CTX *mem_ctx, pb_demo_result_t **out, const pb_demo_opts_t *opts,
		   pb_error_t *err);

/* Where `patchbay --demo` keeps its archive: $XDG_DATA_HOME/patchbay/demo,
 * else $HOME/.local/share/patchbay/demo. PB_ERR_NOTFOUND when neither
 * variable is set. The folder is not created. */
int pb_demo_default_dir(TALLOC_CTX *mem_ctx, char **out, pb_error_t *err);

#endif
