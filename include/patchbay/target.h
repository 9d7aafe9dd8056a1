/* target.h: which series are in the target branch (accepted).
 *
 * A series is accepted when its patches are in the branch the project
 * takes patches into: git config patchbay.target ("origin/master",
 * "staging") of the repository patchbay works on. A patch is found there
 * by patch-id (git patch-id --stable of the commit against its parent,
 * which git am keeps whatever the commit message says), else by subject
 * and author (the commit's summary is the patch's title and its author
 * the patch's: a maintainer who edited the patch on the way in). Merges
 * are not patches and are skipped.
 *
 * The branch is read back from its tip to the time the oldest series of
 * the model was posted (less PB_TARGET_SLACK, for an author's commit
 * made before the posting), at most PB_TARGET_MAX commits; a later look
 * reads only the commits added since (the tip moved), so a target kept
 * open costs one walk. */
#ifndef PB_TARGET_H
#define PB_TARGET_H

#include <stddef.h>
#include <talloc.h>

#include "patchbay/error.h"
#include "patchbay/index.h"
#include "patchbay/series.h"

#define PB_TARGET_SLACK (90 * 86400)
#define PB_TARGET_MAX 200000

typedef struct pb_target pb_target_t;

/* The target REF (a revision) of the repository at REPO_PATH (NULL: the
 * current directory's). Nothing is read yet: pb_target_mark reads what
 * it needs. *OUT is new on MEM_CTX. PB_ERR_NOTFOUND when there is no
 * repository or REF names nothing in it. */
pb_status_t pb_target_open(pb_target_t **out, TALLOC_CTX *mem_ctx, const char *repo_path, const char *ref,
			   pb_error_t *err);

/* Keep what the commits gave (patch-id, author, summary: a commit never
 * changes) in CACHE_DIR (NULL: $XDG_CACHE_HOME/patchbay), one file per
 * repository and ref, and read it now: a later run diffs only the commits
 * it has not seen. A cache that cannot be read is no cache; one that
 * cannot be written costs time, never a wrong answer. */
pb_status_t pb_target_cache(pb_target_t *t, const char *cache_dir, pb_error_t *err);

/* How patch P of a series was found in the target: PB_TARGET_PATCH_ID,
 * PB_TARGET_SUBJECT, or PB_TARGET_NONE. *COMMIT (may be NULL) is the
 * commit's id (40 hex, owned by T, for its life). */
typedef enum { PB_TARGET_NONE, PB_TARGET_PATCH_ID, PB_TARGET_SUBJECT } pb_target_how_t;
pb_target_how_t pb_target_find(const pb_target_t *t, const pb_msgrec_t *p, const char **commit);

/* Mark in SET every latest version all of whose patches are in the
 * target (PB_VER_ACCEPTED; review.h derives accepted from it), reading
 * the branch as far back as SET needs. *MARKED (may be NULL) is how many
 * versions were marked. Reading errors leave SET unmarked. */
pb_status_t pb_target_mark(pb_target_t *t, pb_series_set_t *set, size_t *marked, pb_error_t *err);

/* Keep IDX's every model marked by T (pb_index_set_marker): T must live
 * as long as IDX. */
void pb_target_attach(pb_target_t *t, pb_index_t *idx);

/* The ref as given, and the commits read so far (owned by T). */
const char *pb_target_ref(const pb_target_t *t);
size_t pb_target_commits(const pb_target_t *t);

#endif
