/* index_priv.h: the notmuch database behind an index, for core/ modules
 * that write to it (store.c). Private: not under include/. */
#ifndef PB_CORE_INDEX_PRIV_H
#define PB_CORE_INDEX_PRIV_H

#include <stdbool.h>
#include <notmuch.h>

#include "patchbay/index.h"

/* Open the database IDX reads, the same way it reads it (same path, same
 * notmuch config), read-only or read-write. The caller destroys *db. */
int _pb_index_open_db(pb_index_t *idx, bool writable, notmuch_database_t **db, pb_error_t *err);

#endif
