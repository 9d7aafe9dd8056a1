/* notify.h: the "applied" notification a maintainer sends.
 *
 * As the KVM x86 handbook describes it: a reply to the original posting
 * (the cover letter of a series, else the single patch) naming the tree
 * and branch and, per applied patch, its subject and the SHA1 of its new
 * commit. When only some patches were applied it says which, and that the
 * rest need more work and a new version. It is a draft (reply.h) like any
 * reply: preview, edit, send or keep with send.h. */
#ifndef PB_NOTIFY_H
#define PB_NOTIFY_H

#include <stddef.h>
#include <talloc.h>

#include "patchbay/apply.h"
#include "patchbay/error.h"
#include "patchbay/index.h"
#include "patchbay/reply.h"
#include "patchbay/series.h"

typedef struct pb_notify_item {
	int index;       /* n of n/N */
	char *title;
	char *msgid;
	char commit[41]; /* "" when this patch was not applied */
} pb_notify_item_t;

typedef struct pb_notify_opts {
	const char *tree;       /* "kvm-x86", a URL; NULL: not named */
	const char *branch;     /* the branch the patches are on */
	const char *commit_url; /* "https://git.example.org/linux/commit/%s";
				 * NULL: the SHA1 itself */
} pb_notify_opts_t;

/* One item per patch of version V; commit ids from R (an apply of V). */
pb_status_t pb_notify_items_from_result(TALLOC_CTX *mem_ctx, pb_notify_item_t **out, size_t *n, const pb_version_t *v,
					const pb_apply_result_t *r);

/* One item per patch of version V; commit ids found on BRANCH of the
 * repository at REPO_PATH (NULL: the current directory): the commits whose
 * patch-id equals the patch's, else whose subject equals its title,
 * walking back from the tip. For an apply done earlier, or by git am. */
pb_status_t pb_notify_items_from_branch(TALLOC_CTX *mem_ctx, pb_notify_item_t **out, size_t *n, const char *repo_path,
					const char *branch, const pb_version_t *v, pb_error_t *err);

/* The notification for version V from ME. PB_ERR_NOTFOUND when no item
 * has a commit. */
pb_status_t pb_notify_compose(TALLOC_CTX *mem_ctx, pb_draft_t **out, pb_index_t *idx, const pb_version_t *v,
			      const pb_notify_item_t *items, size_t n, const pb_person_t *me,
			      const pb_notify_opts_t *opts, pb_error_t *err);

/* Mark the applied items and ROOT_MSGID (the cover, or the root of the
 * version) applied with PB_TAG_APPLIED: the series state becomes applied.
 * Like every store.h call it does not refresh the index (store.h). */
pb_status_t pb_notify_mark(pb_index_t *idx, const char *root_msgid, const pb_notify_item_t *items, size_t n,
			   pb_error_t *err);

#endif
