/* search.h: saved searches, the side of triage that says "how many of
 * what": notmuch queries with names, each with the count of series it
 * matches. A review state set by hand is a tag, so a search like any
 * other ("tag:pb/deferred"). */
#ifndef PB_SEARCH_H
#define PB_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <talloc.h>

#include "patchbay/conf.h"
#include "patchbay/error.h"
#include "patchbay/index.h"

typedef struct pb_search {
	const char *name;  /* "all", "unread", "mine", "state:deferred" */
	const char *query; /* a notmuch query; "*" for all */
	size_t count;      /* series with a message that matches */
	bool builtin;      /* not from git config */
} pb_search_t;

/* The searches, in this order: "all" (git config patchbay.query, else
 * every series); "unread" (tag:unread); every git config
 * patchbay.search.NAME (in the order git reads the files; a later value
 * of a name replaces the earlier; a query notmuch refuses is left out
 * and said in ERR, the others are kept); then "state:NAME" for each review
 * state set by hand on some series (tag:PREFIX NAME), and "snoozed"
 * (tag:PREFIX snoozed). Searches that match
 * nothing are kept, with count 0, but built-in state searches are only
 * there when they match (so is "snoozed"). *OUT is a new array on MEM_CTX, its strings
 * with it. ERR, when a query was left out, holds the first such. */
pb_status_t pb_searches(pb_search_t **out, size_t *n, TALLOC_CTX *mem_ctx, pb_index_t *idx, pb_conf_t *conf,
			pb_error_t *err);

#endif
