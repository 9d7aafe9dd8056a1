/* match.h: the messages a notmuch query matches, as a set of Message-IDs.
 *
 * pb_index_query() filters the series of an open index. While an index is
 * still being built (partial results, see pb_partial_cb), there is no index
 * to ask yet: pb_match runs the query once on the database and filters any
 * series set with the answer. */
#ifndef PB_MATCH_H
#define PB_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <talloc.h>

#include "patchbay/error.h"
#include "patchbay/index.h"
#include "patchbay/series.h"

typedef struct pb_match pb_match_t;

/* Run QUERY on the database OPTS names (db_path, config_path and scope are
 * read as pb_index_open reads them). PB_ERR_USAGE for a bad query. */
pb_status_t pb_match_query(TALLOC_CTX *mem_ctx, pb_match_t **out, const pb_index_opts_t *opts, const char *query,
			   pb_error_t *err);

/* Messages matched. */
size_t pb_match_count(const pb_match_t *m);

/* Does the query match the message MSGID? */
bool pb_match_has(const pb_match_t *m, const char *msgid);

/* Series of SET with at least one matching message, in the set's order.
 * *out is allocated on mem_ctx. */
pb_status_t pb_match_series(const pb_match_t *m, const pb_series_set_t *set, TALLOC_CTX *mem_ctx,
			    pb_series_t ***out, size_t *n);

#endif
