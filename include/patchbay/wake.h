/* wake.h: series snoozed until a git tag wake when the tag exists.
 *
 * A snooze may wait for a git tag (review.h: PREFIX "snoozed-until-tag/
 * NAME"; a release manager parks a series until the next rc is tagged).
 * The mail cannot say when that is; the repository patchbay works on
 * (patchbay.repo, else the current directory's) can: the snooze is over
 * once refs/tags/NAME is there, a tag of either kind. Like the target
 * (target.h), the answer is a mark of the model, never of the mail or
 * its cache: a front end attaches a pb_wake_t to the index, which marks
 * every model it makes (PB_VER_TAG_CHECKED, and PB_VER_TAG_REACHED for
 * the tags found), reading the tags anew each time, so a tag made while
 * patchbay runs wakes its series at the next refresh. Without one (no
 * repository) nothing is checked, and a tag snooze lasts until the next
 * version. */
#ifndef PB_WAKE_H
#define PB_WAKE_H

#include <stddef.h>
#include <talloc.h>

#include "patchbay/error.h"
#include "patchbay/index.h"
#include "patchbay/series.h"

typedef struct pb_wake pb_wake_t;

/* The tags of the repository at REPO_PATH (NULL: the current
 * directory's, found upward as git finds it). Nothing is read yet: the
 * repository is opened when a model first holds a snooze on a tag, so a
 * run without one never opens it. *OUT is new on MEM_CTX. */
pb_status_t pb_wake_open(pb_wake_t **out, TALLOC_CTX *mem_ctx, const char *repo_path, pb_error_t *err);

/* Mark every version of SET whose snooze waits for a git tag:
 * PB_VER_TAG_CHECKED, and PB_VER_TAG_REACHED when the tag exists now
 * (the marks set before are taken off first). *REACHED (may be NULL) is
 * how many versions were found awake. A tag that cannot be read (a name
 * git refuses, a damaged ref) is not there. PB_ERR_NOTFOUND, and SET is
 * left unchecked, when there is no repository at the path given (a
 * later call looks again). */
pb_status_t pb_wake_mark(pb_wake_t *w, pb_series_set_t *set, size_t *reached, pb_error_t *err);

/* Keep IDX's every model marked by W (pb_index_set_marker, now too): W
 * must live as long as IDX, or be taken off with pb_index_set_marker
 * first. PB_ERR_USAGE when IDX has no room for another marker. */
pb_status_t pb_wake_attach(pb_wake_t *w, pb_index_t *idx);

/* Where the repository is: its work tree, or its git directory when
 * bare, as libgit2 says; NULL until a mark opened it (owned by W, for
 * its life). */
const char *pb_wake_repo(const pb_wake_t *w);

#endif
