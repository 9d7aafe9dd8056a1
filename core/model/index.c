/* index.c: notmuch database -> records -> series, with the cache: an
 * index opened, brought up to date and grouped (reading the mail is
 * index_read.c's, looking things up in it index_lookup.c's). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <glib.h>
#include <notmuch.h>

#include "patchbay/diff.h"
#include "patchbay/index.h"
#include "patchbay/review.h"
#include "patchbay/store.h"
#include "core/model/cache.h"
#include "core/model/series_priv.h"
#include "core/model/index_priv.h"
#include "core/model/nm_guard.h"
#include "core/model/snapshot.h"
#include "core/base/util.h"

static int index_destructor(pb_index_t *idx)
{
	if (idx->byid)
		g_hash_table_destroy(idx->byid);
	return 0;
}

static char *cache_path(pb_index_t *idx, const char *dir, pb_error_t *err)
{
	char h[41];
	char *d = dir ? talloc_strdup(idx, dir) : _pb_cache_dir(idx, err);
	if (!d)
		return NULL;
	if (dir && _pb_mkdir_p(d, err))
		return NULL;
	_pb_sha1_hex(h, idx->db_path, strlen(idx->db_path));
	return talloc_asprintf(idx, "%s/records-%.16s", d, h);
}

static int cmp_newest(const void *a, const void *b, void *recs)
{
	int64_t x = ((const pb_msgrec_t *)recs)[*(const size_t *)a].date;
	int64_t y = ((const pb_msgrec_t *)recs)[*(const size_t *)b].date;
	return x > y ? -1 : x < y;
}

/* Partial results from the newest partial_next records. */
static void partial_newest(pb_index_t *idx)
{
	size_t k = idx->partial_next, *order;
	pb_msgrec_t *newest;
	pb_series_set_t *set = NULL;
	if (idx->n <= k * 2)
		return; /* the whole is not much more */
	order = talloc_array(idx, size_t, idx->n);
	newest = talloc_array(order, pb_msgrec_t, k);
	if (!order || !newest) {
		talloc_free(order);
		return;
	}
	for (size_t i = 0; i < idx->n; i++)
		order[i] = i;
	qsort_r(order, idx->n, sizeof(*order), cmp_newest, idx->recs);
	for (size_t i = 0; i < k; i++)
		newest[i] = idx->recs[order[i]];
	/* (the callee's, perhaps on another thread: no parent) */
	if (_pb_snapshot_group(PB_TOPLEVEL, &set, newest, k, NULL) == PB_OK)
		idx->partial(idx->payload, set, k, idx->n);
	talloc_free(order);
}

/* Group the records into idx->set, the memo sparing what it can. */
static int group(pb_index_t *idx, pb_error_t *err)
{
	double tg = _pb_now();
	pb_series_set_t *set = NULL;
	struct set_priv *sp;
	int rc;
	/* the memo spares scoring what did not change */
	/* (the set shares the Message-ID table: it is replaced by the
	 * next update's grouping, before which the table changes) */
	_pb_index_ids_ready(idx);
	if ((rc = _pb_series_group(idx, &set, idx->recs, idx->n, idx->byid, &idx->base_ids, idx->memo, idx->memo_len,
				   err)))
		return rc;
	talloc_free(idx->set);
	idx->set = set;
	sp = set->priv;
	idx->stats.scored += sp->g.n_scored;
	idx->stats.reused += sp->g.n_reused;
	if (sp->g.memo_out) {
		talloc_free(idx->memo);
		idx->memo = talloc_steal(idx, sp->g.memo_out);
		idx->memo_len = sp->g.memo_out_len;
		sp->g.memo_out = NULL;
	}
	idx->stats.t_group += _pb_now() - tg;
	return PB_OK;
}

static int update_once(pb_index_t *idx, pb_error_t *err)
{
	notmuch_database_t *db = NULL;
	const char *uuid = NULL;
	unsigned long rev;
	double t0 = _pb_now(), t1;
	int rc;
	bool dirty = false;
	struct _pb_counter *counter = NULL;
	char *db_uuid = NULL;

	if ((rc = _pb_index_open_db(idx, false, &db, err)))
		return rc;
	rev = notmuch_database_get_revision(db, &uuid);
	if (!idx->cache_file && !idx->no_cache) {
		idx->cache_file = cache_path(idx, NULL, NULL);
	}
	idx->stats.parsed = idx->stats.removed = 0;
	idx->stats.unchanged = false;
	idx->stats.full = false;
	idx->stats.scored = idx->stats.reused = 0;
	idx->stats.t_group = 0;

	/* first load: the cache */
	if (!idx->recs && idx->cache_file && !idx->no_cache) {
		_pb_cache_t *c = NULL;
		double tc = _pb_now();
		if (_pb_cache_load(idx, &c, idx->cache_file, NULL) == PB_OK && strcmp(c->uuid, uuid) == 0 &&
		    strcmp(c->scope, idx->cache_key) == 0 && c->revision <= rev) {
			idx->cache = c;
			/* the records are used where the cache loaded them */
			idx->recs = talloc_steal(idx, c->recs);
			idx->n = c->n;
			idx->cap = c->cap;
			c->recs = NULL;
			/* the model's Message-ID table serves the records it
			 * covers: only those that come after are hashed */
			if (c->model && _pb_model_idtab(c->model, c->model_len, &idx->base_ids) &&
			    idx->base_ids.n == c->n)
				idx->byid_stale = false;
			else {
				_pb_index_drop_base_ids(idx);
				idx->byid_stale = true;
			}
			idx->revision = c->revision;
			idx->uuid = talloc_strdup(idx, uuid);
			idx->stats.from_cache = idx->n;
			_pb_index_drop_base(idx);
			idx->gen = c->gen;
			idx->base_n = c->base_n;
			for (size_t i = 0; i < c->n_changed; i++)
				if (_pb_index_mark_changed(idx, c->changed[i]))
					_pb_index_drop_base(idx);
			if (c->memo) {
				/* a copy (2 MB at 100k messages): the next grouping
				 * replaces it, the mapping stays */
				talloc_free(idx->memo);
				idx->memo = talloc_memdup(idx, c->memo, c->memo_len);
				idx->memo_len = idx->memo ? c->memo_len : 0;
			}
		} else if (c) {
			talloc_free(c);
		}
		idx->stats.t_cache = _pb_now() - tc;
	}
	t1 = _pb_now();
	idx->stats.model_cached = false;
	if (idx->uuid && strcmp(idx->uuid, uuid) == 0) {
		if (idx->revision == rev) {
			idx->stats.unchanged = true;
			/* the grouped model as the cache keeps it: nothing to group */
			if (!idx->set && idx->cache && idx->cache->model) {
				double tg = _pb_now();
				pb_series_set_t *set = NULL;
				if (_pb_model_decode(idx, &set, idx->recs, idx->n, idx->cache->model,
						     idx->cache->model_len) == PB_OK) {
					idx->set = set;
					idx->stats.model_cached = true;
				}
				idx->stats.t_group = _pb_now() - tg;
			}
		} else {
			/* what changed since the revision we know; what went is
			 * seen by a count, on a thread while this one reads and
			 * groups */
			char q[96];
			snprintf(q, sizeof(q), "lastmod:%lu..%lu", idx->revision + 1, rev);
			if ((rc = _pb_index_count_start(idx, idx, rev, uuid, &counter)) ||
			    (rc = _pb_index_parse(idx, db, q, err)))
				goto out;
			dirty = true;
		}
	} else {
		/* no usable cache: read everything */
		g_hash_table_remove_all(idx->byid);
		idx->byid_stale = false;
		_pb_index_drop_base_ids(idx);
		idx->n = 0;
		_pb_index_drop_base(idx);
		idx->stats.full = true;
		idx->stats.from_cache = 0;
		if ((rc = _pb_index_parse(idx, db, NULL, err)))
			goto out;
		dirty = true;
	}
	/* (an unchanged start decoded the model meanwhile: that is grouping) */
	idx->stats.t_parse = _pb_now() - t1 - (idx->stats.model_cached ? idx->stats.t_group : 0);
	/* (the revision is the index's once the count agrees: a try that
	 * fails before reads it all again) */
	if (!(db_uuid = talloc_strdup(idx, uuid))) {
		rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		goto out;
	}
	notmuch_database_destroy(db);
	db = NULL;

	/* from the cache, grouping everything takes a while: the newest mail
	 * first, as partial results */
	if (!idx->set && idx->partial && !idx->stats.full)
		partial_newest(idx);
	if (dirty || !idx->set) {
		if ((rc = group(idx, err)))
			goto out;
		dirty = true; /* (also when only the model was missing) */
	}
	if (counter) {
		unsigned count = 0;
		pb_count_status_t cs = _pb_index_count_finish(counter, &count);
		TALLOC_FREE(counter);
		if (cs == PB_COUNT_MOVED) {
			/* (as a read that lost its revision: the next try reads
			 * what changed since the revision we knew) */
			rc = pb_error_set(err, PB_ERR_MODIFIED, "%s", pb_status_str(PB_ERR_MODIFIED));
			goto out;
		}
		if (cs == PB_COUNT_NO_DB || count != idx->n) {
			size_t before = idx->n;
			double ts = _pb_now();
			if ((rc = _pb_index_open_db(idx, false, &db, err)) || (rc = _pb_index_sweep(idx, db, err)))
				goto out;
			notmuch_database_destroy(db);
			db = NULL;
			idx->stats.t_parse += _pb_now() - ts;
			/* mail went: grouped again without it */
			if (idx->n != before && (rc = group(idx, err)))
				goto out;
		}
	}
	idx->revision = rev;
	talloc_free(idx->uuid);
	idx->uuid = db_uuid;
	db_uuid = NULL;
	if (dirty && idx->cache_file && !idx->no_cache) {
		double tc = _pb_now();
		char *model = NULL;
		size_t model_len = 0;
		/* a cache that cannot be written costs speed, not correctness;
		 * a model that cannot be encoded only costs grouping next time */
		if (_pb_model_encode(idx, &model, &model_len, idx->set) != PB_OK)
			model = NULL;
		/* the new mail alone, while it is a small part of the whole */
		size_t delta = idx->n - idx->base_n + idx->n_changed;
		if (idx->base_n && idx->n >= idx->base_n && delta <= (idx->n / 8 > 1000 ? idx->n / 8 : 1000)) {
			if (_pb_cache_save_delta(idx, idx->cache_file, idx->gen, idx->uuid,
						 idx->cache_key, idx->revision, idx->recs, idx->n,
						 idx->base_n, idx->changed, idx->n_changed, model, model_len,
						 idx->memo, idx->memo_len, NULL) != PB_OK)
				_pb_index_drop_base(idx); /* (a whole file next time) */
		} else {
			uint64_t gen = ((uint64_t)g_random_int() << 32 | g_random_int()) | 1;
			_pb_index_drop_base(idx);
			if (_pb_cache_save(idx, idx->cache_file, gen, idx->uuid, idx->cache_key,
					   idx->revision, idx->recs, idx->n, model, model_len, idx->memo,
					   idx->memo_len, NULL) == PB_OK) {
				idx->gen = gen;
				idx->base_n = idx->n;
			}
		}
		talloc_free(model);
		idx->stats.t_cache += _pb_now() - tc;
	}
	idx->stats.messages = idx->n;
	idx->stats.revision = rev;
	idx->stats.t_total = _pb_now() - t0;
	rc = PB_OK;
out:
	talloc_free(counter); /* (waits for its thread) */
	talloc_free(db_uuid);
	if (db)
		notmuch_database_destroy(db);
	return rc;
}

/* Read what changed, group, save. A reader of a Xapian database loses
 * its revision once a writer (`notmuch new`) has committed twice since it
 * opened: reading fails then, and notmuch's advice is to open the
 * database again. Each try opens it afresh; what a failed try read is read
 * again (records are replaced by Message-ID, so nothing is counted twice),
 * and the revision the index knows moves only when a try succeeded. */
#define UPDATE_TRIES 5

static pb_status_t update(pb_index_t *idx, pb_error_t *err)
{
	int rc = PB_OK;
	for (int t = 0; t < UPDATE_TRIES; t++) {
		if ((rc = update_once(idx, err)) != PB_ERR_MODIFIED) {
			/* (every time: what the marks come from, a branch, may
			 * have moved while the mail did not) */
			for (size_t i = 0; rc == PB_OK && idx->set && i < idx->n_markers; i++)
				idx->markers[i].cb(idx->markers[i].payload, idx->set);
			return rc;
		}
		idx->stats.retries++;
		pb_error_clear(err);
	}
	return pb_error_set(err, rc, "the notmuch database kept changing while patchbay read it (%d tries): "
			    "try again once `notmuch new` is done", UPDATE_TRIES);
}

pb_status_t pb_index_open(TALLOC_CTX *mem_ctx, pb_index_t **out, const pb_index_opts_t *opts, pb_error_t *err)
{
	pb_index_t *idx = talloc_zero(mem_ctx, pb_index_t);
	int rc;
	if (!idx)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	talloc_set_destructor(idx, index_destructor);
	idx->byid = g_hash_table_new(g_str_hash, g_str_equal);
	idx->strings = talloc_new(idx);
	idx->arena.owner = idx->strings;
	if (opts) {
		idx->db_path = opts->db_path ? talloc_strdup(idx, opts->db_path) : NULL;
		idx->config_path = opts->config_path ? talloc_strdup(idx, opts->config_path) : NULL;
		idx->scope = opts->scope && strcmp(opts->scope, "*") ? talloc_strdup(idx, opts->scope) : NULL;
		idx->no_cache = opts->no_cache;
		idx->progress = opts->progress;
		idx->payload = opts->payload;
		idx->partial = opts->partial;
		idx->partial_next = opts->partial_first ? opts->partial_first : 500;
	}
	idx->tag_prefix = talloc_strdup(idx, opts && opts->tag_prefix && *opts->tag_prefix ? opts->tag_prefix
											: PB_TAG_PREFIX_DEFAULT);
	idx->tag_prefix_len = idx->tag_prefix ? strlen(idx->tag_prefix) : 0;
	idx->cache_key = talloc_asprintf(idx, "%s\ntags %s", idx->scope ? idx->scope : "", idx->tag_prefix);
	if (!idx->strings || !idx->tag_prefix || !idx->cache_key) {
		talloc_free(idx);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	pb_mail_init(); /* libgit2 starts when a patch-id is first needed */
	if (opts && opts->cache_dir && !idx->no_cache) {
		notmuch_database_t *db = NULL;
		/* the path needs the database path, which open_db resolves */
		if ((rc = _pb_index_open_db(idx, false, &db, err))) {
			talloc_free(idx);
			return rc;
		}
		notmuch_database_destroy(db);
		idx->cache_file = cache_path(idx, opts->cache_dir, err);
		if (!idx->cache_file) {
			talloc_free(idx);
			return err ? err->status : PB_ERR_IO;
		}
	}
	if ((rc = update(idx, err))) {
		talloc_free(idx);
		return rc;
	}
	/* the callbacks were for this open: their payload may not outlive it
	 * (the TUI's loader is gone when a send refreshes the index) */
	idx->progress = NULL;
	idx->partial = NULL;
	idx->payload = NULL;
	*out = idx;
	return PB_OK;
}

pb_status_t pb_index_refresh(pb_index_t *idx, pb_error_t *err)
{
	return update(idx, err);
}

pb_status_t pb_index_set_marker(pb_index_t *idx, pb_series_mark_cb cb, void *payload)
{
	size_t i = 0;
	if (!cb) {
		idx->n_markers = 0;
		return PB_OK;
	}
	while (i < idx->n_markers && idx->markers[i].cb != cb)
		i++;
	if (!payload) {
		if (i < idx->n_markers) {
			memmove(&idx->markers[i], &idx->markers[i + 1], (idx->n_markers - i - 1) * sizeof(idx->markers[0]));
			idx->n_markers--;
		}
		return PB_OK;
	}
	if (i == idx->n_markers) {
		if (i == sizeof(idx->markers) / sizeof(idx->markers[0]))
			return PB_ERR_USAGE;
		idx->n_markers++;
	}
	idx->markers[i].cb = cb;
	idx->markers[i].payload = payload;
	if (idx->set)
		cb(payload, idx->set);
	return PB_OK;
}
