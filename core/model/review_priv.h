/* review_priv.h: the review of a version, for core/model/ files that have
 * its triage at hand or want it (triage.c's queue). Private: not under
 * include/. */
#ifndef PB_CORE_REVIEW_PRIV_H
#define PB_CORE_REVIEW_PRIV_H

#include <stdbool.h>

#include "patchbay/review.h"
#include "patchbay/triage.h"

/* pb_review_version(), sharing the triage of S: when *HAVE_TR, *TR is
 * S's and is used; else, when the derivation needs it, it is made into
 * *TR and *HAVE_TR set. TR and HAVE_TR may be NULL (made and dropped). */
pb_status_t _pb_review_version_tr(pb_review_t *out, const pb_series_set_t *set, const pb_series_t *s,
				  const pb_version_t *v, pb_triage_t *tr, bool *have_tr);

#endif
