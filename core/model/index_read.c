/* index_read.c: the notmuch database read into records: opening it, the
 * parse of what changed on every CPU, the table of records by Message-ID
 * and what a delta of the cache must carry. */
#include <pthread.h>
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

/* Slot I was written: the next delta carries it. */
int _pb_index_mark_changed(pb_index_t *idx, size_t i)
{
	if (i >= idx->base_n)
		return PB_OK; /* (after the base: in every delta anyway) */
	if (!idx->marked && !(idx->marked = talloc_zero_array(idx, uint8_t, idx->base_n)))
		return PB_ERR_NOMEM;
	if (idx->marked[i])
		return PB_OK;
	if (idx->n_changed == idx->cap_changed) {
		size_t nc = idx->cap_changed ? idx->cap_changed * 2 : 256;
		uint32_t *v = talloc_realloc(idx, idx->changed, uint32_t, nc);
		if (!v)
			return PB_ERR_NOMEM;
		idx->changed = v;
		idx->cap_changed = nc;
	}
	idx->marked[i] = 1;
	idx->changed[idx->n_changed++] = (uint32_t)i;
	return PB_OK;
}

/* Build on no base file: the next save writes a whole one. */
void _pb_index_drop_base(pb_index_t *idx)
{
	idx->base_n = 0;
	idx->n_changed = 0;
	TALLOC_FREE(idx->marked);
}

/* ---- notmuch --------------------------------------------------------- */

/* The notmuch config IDX opens its database with: an explicit database
 * path uses no config file, so nothing of the user's setup leaks into a
 * private database. */
static const char *config_arg(const pb_index_t *idx)
{
	return idx->config_path ? idx->config_path : (idx->db_path ? "" : NULL);
}

static int open_db_mode(pb_index_t *idx, notmuch_database_mode_t mode, notmuch_database_t **db,
			pb_error_t *err)
{
	char *msg = NULL;
	notmuch_status_t st;
	st = notmuch_database_open_with_config(idx->db_path, mode, config_arg(idx), NULL, db, &msg);
	if (st != NOTMUCH_STATUS_SUCCESS) {
		pb_error_set(err, PB_ERR_NOTMUCH, "cannot open the notmuch database%s%s: %s%s%s",
			     idx->db_path ? " at " : "", idx->db_path ? idx->db_path : "",
			     notmuch_status_to_string(st), msg ? ": " : "", msg ? msg : "");
		free(msg);
		if (st == NOTMUCH_STATUS_NO_CONFIG || st == NOTMUCH_STATUS_NO_DATABASE)
			pb_error_set(err, PB_ERR_NOTMUCH,
				     "no notmuch database: run `notmuch setup` or give --db PATH (%s)",
				     notmuch_status_to_string(st));
		*db = NULL;
		return PB_ERR_NOTMUCH;
	}
	free(msg);
	if (!idx->db_path) {
		idx->db_path = talloc_strdup(idx, notmuch_database_get_path(*db));
		if (!idx->db_path) {
			notmuch_database_destroy(*db);
			return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		}
	}
	return PB_OK;
}

int _pb_index_open_db(pb_index_t *idx, bool writable, notmuch_database_t **db, pb_error_t *err)
{
	return open_db_mode(idx, writable ? NOTMUCH_DATABASE_MODE_READ_WRITE : NOTMUCH_DATABASE_MODE_READ_ONLY,
			    db, err);
}

/* The query string of IDX's scope and EXTRA, on CTX. */
static char *query_string(const pb_index_t *idx, TALLOC_CTX *ctx, const char *extra)
{
	const char *scope = idx->scope && *idx->scope ? idx->scope : NULL;
	if (scope && extra)
		return talloc_asprintf(ctx, "(%s) and (%s)", scope, extra);
	return talloc_strdup(ctx, extra ? extra : (scope ? scope : "*"));
}

static notmuch_query_t *query_of(notmuch_database_t *db, const char *q, bool newest_first)
{
	notmuch_query_t *query = notmuch_query_create(db, q);
	if (query) {
		notmuch_query_set_omit_excluded(query, NOTMUCH_EXCLUDE_FALSE);
		notmuch_query_set_sort(query, newest_first ? NOTMUCH_SORT_NEWEST_FIRST : NOTMUCH_SORT_UNSORTED);
	}
	return query;
}

notmuch_query_t *_pb_index_query_new(pb_index_t *idx, notmuch_database_t *db, const char *extra,
				   bool newest_first)
{
	char *q = query_string(idx, idx, extra);
	notmuch_query_t *query;
	if (!q)
		return NULL;
	query = query_of(db, q, newest_first);
	talloc_free(q);
	return query;
}

/* ---- counting, beside the grouping ------------------------------------ */

struct _pb_counter {
	char *db_path, *cfg, *query, *uuid;
	unsigned long rev;
	pthread_t tid;
	bool running;
	pb_count_status_t status;
	unsigned count;
};

/* (on the counter's thread: its own database handle, and nothing of the
 * index's memory but the strings copied for it) */
static void *count_job(void *payload)
{
	struct _pb_counter *c = payload;
	notmuch_database_t *db = NULL;
	notmuch_query_t *q;
	const char *uuid = NULL;
	char *msg = NULL;
	c->status = PB_COUNT_NO_DB;
	if (notmuch_database_open_with_config(c->db_path, NOTMUCH_DATABASE_MODE_READ_ONLY, c->cfg, NULL, &db,
					      &msg) != NOTMUCH_STATUS_SUCCESS) {
		free(msg);
		return NULL;
	}
	free(msg);
	/* a writer that committed since the caller opened, or twice while
	 * counting (Xapian's reader loses its revision then): not the state
	 * the caller reads */
	c->status = PB_COUNT_MOVED;
	if (notmuch_database_get_revision(db, &uuid) == c->rev && uuid && strcmp(uuid, c->uuid) == 0 &&
	    (q = query_of(db, c->query, false))) {
		if (notmuch_query_count_messages(q, &c->count) == NOTMUCH_STATUS_SUCCESS)
			c->status = PB_COUNT_OK;
		notmuch_query_destroy(q);
	}
	notmuch_database_destroy(db);
	return NULL;
}

static int counter_destructor(struct _pb_counter *c)
{
	if (c->running)
		pthread_join(c->tid, NULL);
	c->running = false;
	return 0;
}

int _pb_index_count_start(pb_index_t *idx, TALLOC_CTX *ctx, unsigned long rev, const char *uuid,
			  struct _pb_counter **out)
{
	struct _pb_counter *c = talloc_zero(ctx, struct _pb_counter);
	const char *cfg = config_arg(idx);
	*out = NULL;
	if (!c)
		return PB_ERR_NOMEM;
	c->db_path = idx->db_path ? talloc_strdup(c, idx->db_path) : NULL;
	c->cfg = cfg ? talloc_strdup(c, cfg) : NULL;
	c->query = query_string(idx, c, NULL);
	c->uuid = talloc_strdup(c, uuid ? uuid : "");
	c->rev = rev;
	if ((idx->db_path && !c->db_path) || (cfg && !c->cfg) || !c->query || !c->uuid) {
		talloc_free(c);
		return PB_ERR_NOMEM;
	}
	talloc_set_destructor(c, counter_destructor);
	/* (no thread to be had: counted here, the caller waits as before) */
	if (pthread_create(&c->tid, NULL, count_job, c) == 0)
		c->running = true;
	else
		count_job(c);
	*out = c;
	return PB_OK;
}

pb_count_status_t _pb_index_count_finish(struct _pb_counter *c, unsigned *count)
{
	counter_destructor(c);
	*count = c->count;
	return c->status;
}

/* ---- records --------------------------------------------------------- */

static void index_put(pb_index_t *idx, pb_msgrec_t *r);

/* The Message-ID table is only needed to update records; a warm start that
 * finds nothing changed never builds it. */
void _pb_index_ids_ready(pb_index_t *idx)
{
	if (!idx->byid_stale)
		return;
	g_hash_table_remove_all(idx->byid);
	for (size_t i = 0; i < idx->n; i++)
		index_put(idx, &idx->recs[i]);
	idx->byid_stale = false;
}

/* The Message-ID table is the records' own again (slots moved). */
void _pb_index_drop_base_ids(pb_index_t *idx)
{
	memset(&idx->base_ids, 0, sizeof(idx->base_ids));
	TALLOC_FREE(idx->base_redone);
}

/* Record I, of the ones the loaded model covers, was rewritten: its
 * threading is not the model's any more. */
static int base_redone(pb_index_t *idx, size_t i)
{
	if (i >= idx->base_ids.n || !idx->base_ids.parent)
		return PB_OK;
	if (!idx->base_redone) {
		if (!(idx->base_redone = talloc_zero_array(idx, uint8_t, idx->base_ids.n)))
			return PB_ERR_NOMEM;
		idx->base_ids.redone = idx->base_redone;
	}
	idx->base_redone[i] = 1;
	return PB_OK;
}

static int rec_slot(pb_index_t *idx, const char *msgid, pb_msgrec_t **out)
{
	gpointer v;
	int i;
	_pb_index_ids_ready(idx);
	if ((i = _pb_idtab_find(&idx->base_ids, idx->recs, idx->n, msgid)) >= 0) {
		*out = &idx->recs[i];
		return PB_OK;
	}
	v = g_hash_table_lookup(idx->byid, msgid);
	if (v) {
		*out = &idx->recs[GPOINTER_TO_INT(v) - 1];
		return PB_OK;
	}
	if (idx->n == idx->cap) {
		size_t nc = idx->cap ? idx->cap * 2 : 1024;
		pb_msgrec_t *nr = talloc_realloc(idx, idx->recs, pb_msgrec_t, nc);
		if (!nr)
			return PB_ERR_NOMEM;
		idx->recs = nr;
		idx->cap = nc;
		/* keys point into records' strings, which did not move */
	}
	*out = &idx->recs[idx->n++];
	memset(*out, 0, sizeof(**out));
	return PB_OK;
}

static void index_put(pb_index_t *idx, pb_msgrec_t *r)
{
	g_hash_table_replace(idx->byid, (gpointer)r->msgid, GINT_TO_POINTER((int)(r - idx->recs) + 1));
}

/* A record from notmuch's own data when the file cannot be parsed. */
static int fallback_record(pb_index_t *idx, pb_msgrec_t *r, notmuch_message_t *m, const char *file)
{
	const char *subj = notmuch_message_get_header(m, "subject");
	const char *from = notmuch_message_get_header(m, "from");
	memset(r, 0, sizeof(*r));
	r->msgid = talloc_strdup(idx->strings, notmuch_message_get_message_id(m));
	r->thread = talloc_strdup(idx->strings, notmuch_message_get_thread_id(m));
	r->file = talloc_strdup(idx->strings, file ? file : "");
	r->subject = talloc_strdup(idx->strings, subj ? subj : "");
	r->title = r->subject;
	r->tags = "";
	if (pb_person_parse(idx->strings, &r->sender, from ? from : ""))
		return PB_ERR_NOMEM;
	r->author = r->sender;
	r->date = notmuch_message_get_date(m);
	r->version = 1;
	r->index = r->total = -1;
	if (!r->msgid || !r->thread || !r->file || !r->subject)
		return PB_ERR_NOMEM;
	return PB_OK;
}

/* One message to read: what notmuch says of it, and what parsing made. */
struct job {
	const char *id, *thread, *file;
	const char *user_links; /* PB_PROP_LINK values, or NULL */
	bool applied, draft, split, undone;
	uint32_t tagflags; /* PB_REC_TAG_* and PB_REC_RSTATE_* from the prefix's tags */
	uint32_t tflags;   /* pb_msgrec_t.tflags, from the prefix's tags */
	const char *snooze_tag; /* pb_msgrec_t.snooze_tag, on ctx; or NULL */
	bool nomem;        /* a tag could not be kept */
	TALLOC_CTX *ctx;   /* owns the record's strings until it joins the index */
	TALLOC_CTX *tmp;   /* the file and its parse; emptied by the worker */
	pb_msgrec_t rec;
	int rc;
};

/* Runs on any thread: reads and parses one file. Touches only its job.
 * Its two contexts are children of the batch, made and freed on the main
 * thread; the worker allocates only below them, and no two jobs share a
 * context (a talloc tree is never changed from two threads at once). */
static void parse_job(void *payload, size_t i)
{
	struct job *j = &((struct job *)payload)[i];
	pb_mail_t *mail = NULL;
	char *data;
	size_t len;
	j->rc = PB_ERR_PARSE;
	if (j->file && _pb_file_read(j->tmp, &data, &len, j->file, NULL) == PB_OK &&
	    pb_mail_parse(j->tmp, &mail, data, len, NULL) == PB_OK) {
		/* notmuch's id is the key, whatever the file says */
		mail->msgid = talloc_strdup(mail, j->id);
		j->rc = mail->msgid ? pb_msgrec_from_mail(j->ctx, &j->rec, mail, j->thread, j->file) : PB_ERR_NOMEM;
	}
	talloc_free_children(j->tmp);
}

/* Back on the main thread: a job's record joins the index. */
static int take_job(pb_index_t *idx, notmuch_database_t *db, struct job *j)
{
	pb_msgrec_t *slot;
	int rc = j->rc;
	if (rc == PB_ERR_PARSE) {
		/* unreadable or not mail: what notmuch knows of it */
		notmuch_message_t *m = NULL;
		notmuch_status_t st = _pb_nm_find_message(db, j->id, &m);
		if (st == NOTMUCH_STATUS_XAPIAN_EXCEPTION)
			return PB_ERR_MODIFIED;
		if (st != NOTMUCH_STATUS_SUCCESS || !m)
			return PB_OK; /* gone meanwhile */
		rc = fallback_record(idx, &j->rec, m, j->file);
		notmuch_message_destroy(m);
	}
	if (rc)
		return rc;
	if (j->applied)
		j->rec.rflags |= PB_REC_TAGGED_APPLIED;
	if (j->split)
		j->rec.rflags |= PB_REC_USER_SPLIT;
	j->rec.rflags |= j->tagflags;
	j->rec.tflags = j->tflags;
	j->rec.snooze_tag = j->snooze_tag;
	j->rec.user_links = j->user_links; /* (the copy below keeps it) */
	/* an "applied" whose apply was undone says nothing any more */
	if (j->undone)
		j->rec.rflags &= ~(uint32_t)(PB_REC_APPLIED | PB_REC_MERGED);
	if (j->draft) {
		/* an unsent draft shows in its thread but says nothing yet: no
		 * trailers, no "applied" */
		j->rec.trailers = NULL;
		j->rec.n_trailers = 0;
		j->rec.rflags &= ~(uint32_t)(PB_REC_APPLIED | PB_REC_MERGED | PB_REC_PING);
		j->rec.rflags |= PB_REC_DRAFT;
	}
	if ((rc = rec_slot(idx, j->rec.msgid, &slot)))
		return rc;
	/* the record moves into the index's blocks; the job's many small
	 * chunks go */
	if (!_pb_record_copy(&idx->arena, slot, &j->rec))
		return PB_ERR_NOMEM;
	TALLOC_FREE(j->ctx);
	index_put(idx, slot);
	idx->stats.parsed++;
	if ((rc = base_redone(idx, (size_t)(slot - idx->recs))))
		return rc;
	return _pb_index_mark_changed(idx, (size_t)(slot - idx->recs));
}

#define BATCH 1024

/* A tag of the review prefix on a message of job J: NAME is the rest. */
static void review_tag(struct job *j, const char *name)
{
	pb_rstate_t st;
	int64_t until;
	if (strcmp(name, PB_RS_TAG_RFC) == 0) {
		j->tagflags |= PB_REC_TAG_RFC;
	} else if (strncmp(name, PB_RS_TAG_PATCH, strlen(PB_RS_TAG_PATCH)) == 0) {
		const char *rest = name + strlen(PB_RS_TAG_PATCH);
		/* (two on one patch: the first in review.h's order holds) */
		if (pb_rstate_parse(&st, rest) == PB_OK && strcmp(rest, pb_rstate_name(st)) == 0 &&
		    (!(j->tflags & 0xf) || (uint32_t)st + 1 < (j->tflags & 0xf)))
			j->tflags = (j->tflags & ~0xfu) | ((uint32_t)st + 1);
	} else if (strcmp(name, PB_RS_TAG_SNOOZED) == 0) {
		j->tagflags |= PB_REC_SNOOZED;
	} else if (strncmp(name, PB_RS_TAG_SNOOZE_UNTIL, strlen(PB_RS_TAG_SNOOZE_UNTIL)) == 0) {
		/* (any day, past ones too: parsed as of the epoch) */
		if (pb_snooze_parse(&until, name + strlen(PB_RS_TAG_SNOOZE_UNTIL), 0) == PB_OK && until > 0)
			j->tagflags = (j->tagflags & ((1u << PB_REC_SNOOZE_SHIFT) - 1)) |
				      ((uint32_t)(until / 86400) << PB_REC_SNOOZE_SHIFT);
	} else if (strncmp(name, PB_RS_TAG_SNOOZE_TAG, strlen(PB_RS_TAG_SNOOZE_TAG)) == 0) {
		/* (two, from two clients: the last in byte order holds,
		 * whatever order notmuch gives the tags in; a name git would
		 * refuse is kept too: its tag is never found, and the snooze
		 * lasts until the next version) */
		const char *tag = name + strlen(PB_RS_TAG_SNOOZE_TAG);
		if (*tag && (!j->snooze_tag || strcmp(tag, j->snooze_tag) > 0) &&
		    !(j->ctx && (j->snooze_tag = talloc_strdup(j->ctx, tag))))
			j->nomem = true;
	} else if (pb_rstate_parse(&st, name) == PB_OK && strcmp(name, pb_rstate_name(st)) == 0) {
		uint32_t bits = ((uint32_t)st + 1) << PB_REC_RSTATE_SHIFT;
		uint32_t had = j->tagflags & PB_REC_RSTATE_MASK;
		if (had && had != bits) {
			j->tagflags |= PB_REC_TAG_MANY;
			/* the first in the order of review.h holds, whatever
			 * order notmuch gives the tags in */
			if (bits > had)
				return;
		}
		j->tagflags = (j->tagflags & ~(uint32_t)PB_REC_RSTATE_MASK) | bits;
	}
}

/* The user's linking decisions kept on message M (series.h, PB_PROP_*). */
static int read_decisions(TALLOC_CTX *ctx, struct job *j, notmuch_message_t *m)
{
	notmuch_message_properties_t *props = notmuch_message_get_properties(m, "patchbay-", false);
	for (; props && notmuch_message_properties_valid(props); notmuch_message_properties_move_to_next(props)) {
		const char *k = notmuch_message_properties_key(props);
		const char *v = notmuch_message_properties_value(props);
		if (strcmp(k, PB_PROP_SPLIT) == 0) {
			j->split = true;
		} else if (strcmp(k, PB_PROP_LINK) == 0 && v && *v && !strchr(v, ' ')) {
			j->user_links = j->user_links ? talloc_asprintf(ctx, "%s %s", j->user_links, v)
						      : talloc_strdup(ctx, v);
			if (!j->user_links) {
				notmuch_message_properties_destroy(props);
				return PB_ERR_NOMEM;
			}
		}
	}
	if (props)
		notmuch_message_properties_destroy(props);
	return PB_OK;
}

int _pb_index_parse(pb_index_t *idx, notmuch_database_t *db, const char *extra, pb_error_t *err)
{
	/* partial results come from a full read, newest mail first, so the
	 * first of them already show the series that move */
	bool partial = idx->partial && !extra;
	notmuch_query_t *q = _pb_index_query_new(idx, db, extra, partial);
	notmuch_messages_t *msgs = NULL;
	unsigned total = 0;
	size_t done = 0;
	double t0 = _pb_now();
	int rc = PB_OK;
	notmuch_status_t st;
	struct job *jobs;
	void *batch;

	if (!q)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	/* (the count is for progress and partial results alone: on a range of
	 * lastmod:, counting is a second scan of the database's values) */
	if (((idx->progress || partial) && (st = notmuch_query_count_messages(q, &total)) != NOTMUCH_STATUS_SUCCESS) ||
	    (st = notmuch_query_search_messages(q, &msgs)) != NOTMUCH_STATUS_SUCCESS) {
		notmuch_query_destroy(q);
		/* (a Xapian exception here is most often a writer's commit:
		 * read again) */
		return pb_error_set(err, st == NOTMUCH_STATUS_XAPIAN_EXCEPTION ? PB_ERR_MODIFIED : PB_ERR_NOTMUCH,
				    "notmuch query failed: %s%s%s", notmuch_status_to_string(st),
				    notmuch_database_status_string(db) ? ": " : "",
				    notmuch_database_status_string(db) ? notmuch_database_status_string(db) : "");
	}
	jobs = talloc_array(idx, struct job, BATCH);
	if (!jobs) {
		notmuch_query_destroy(q);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	/* notmuch is read here, on this thread, a batch at a time; the files
	 * of a batch are parsed on every CPU; records join in notmuch's order */
	while (rc == PB_OK && notmuch_messages_valid(msgs)) {
		size_t n = 0, cap = BATCH;
		/* a batch ends where partial results are due */
		if (partial && idx->partial_next > done && idx->partial_next - done < cap)
			cap = idx->partial_next - done;
		batch = talloc_new(jobs);
		for (; n < cap && notmuch_messages_valid(msgs); notmuch_messages_move_to_next(msgs)) {
			notmuch_message_t *m = NULL;
			const char *file;
			notmuch_tags_t *tags;
			struct job *j = &jobs[n];
			/* (another process wrote the database meanwhile: the
			 * caller opens it again and reads again) */
			if (_pb_nm_messages_get(msgs, &m) != NOTMUCH_STATUS_SUCCESS) {
				rc = PB_ERR_MODIFIED;
				break;
			}
			file = _pb_nm_message_filename(m, &st);
			if (st != NOTMUCH_STATUS_SUCCESS) {
				notmuch_message_destroy(m);
				rc = PB_ERR_MODIFIED;
				break;
			}
			memset(j, 0, sizeof(*j));
			j->id = talloc_strdup(batch, notmuch_message_get_message_id(m));
			j->thread = talloc_strdup(batch, notmuch_message_get_thread_id(m));
			j->file = file ? talloc_strdup(batch, file) : NULL;
			j->ctx = talloc_new(batch);
			j->tmp = talloc_new(batch);
			for (tags = notmuch_message_get_tags(m); tags && notmuch_tags_valid(tags);
			     notmuch_tags_move_to_next(tags)) {
				const char *t = notmuch_tags_get(tags);
				if (strcmp(t, PB_TAG_APPLIED) == 0)
					j->applied = true;
				else if (strcmp(t, PB_TAG_DRAFT) == 0)
					j->draft = true;
				else if (strcmp(t, PB_TAG_UNDONE) == 0)
					j->undone = true;
				else if (strcmp(t, PB_TAG_UNREAD) == 0)
					j->tagflags |= PB_REC_UNREAD;
				else if (strncmp(t, idx->tag_prefix, idx->tag_prefix_len) == 0)
					review_tag(j, t + idx->tag_prefix_len);
			}
			if (tags)
				notmuch_tags_destroy(tags);
			if (j->nomem || read_decisions(batch, j, m)) {
				notmuch_message_destroy(m);
				rc = PB_ERR_NOMEM;
				break;
			}
			notmuch_message_destroy(m);
			if (!j->id || !j->thread || !j->ctx || !j->tmp) {
				talloc_free(j->ctx);
				talloc_free(j->tmp);
				rc = PB_ERR_NOMEM;
				break;
			}
			n++;
		}
		_pb_parallel_for(n, n < 64 ? 1 : 0, parse_job, jobs);
		for (size_t i = 0; i < n; i++) {
			if (rc == PB_OK)
				rc = take_job(idx, db, &jobs[i]);
			talloc_free(jobs[i].ctx); /* a job not taken */
			talloc_free(jobs[i].tmp);
		}
		talloc_free(batch);
		done += n;
		if (rc)
			pb_error_set(err, rc, "reading mail: %s", pb_status_str(rc));
		else if (idx->progress)
			idx->progress(idx->payload, done, total, _pb_now() - t0);
		if (rc == PB_OK && partial && done >= idx->partial_next && done < total) {
			pb_series_set_t *set = NULL;
			/* partial results are a courtesy: failing one is not fatal */
			/* (the callee's, perhaps on another thread: no parent) */
			if (_pb_snapshot_group(PB_TOPLEVEL, &set, idx->recs, idx->n, NULL) == PB_OK)
				idx->partial(idx->payload, set, done, total);
			idx->partial_next = done * 2;
		}
	}
	talloc_free(jobs);
	notmuch_query_destroy(q);
	return rc;
}

/* Drop records whose message left the database (or the scope). */
int _pb_index_sweep(pb_index_t *idx, notmuch_database_t *db, pb_error_t *err)
{
	notmuch_query_t *q = _pb_index_query_new(idx, db, NULL, false);
	notmuch_messages_t *msgs = NULL;
	GHashTable *live;
	notmuch_status_t st;
	size_t w = 0;
	if (!q)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if ((st = notmuch_query_search_messages(q, &msgs)) != NOTMUCH_STATUS_SUCCESS) {
		notmuch_query_destroy(q);
		return pb_error_set(err, st == NOTMUCH_STATUS_XAPIAN_EXCEPTION ? PB_ERR_MODIFIED : PB_ERR_NOTMUCH,
				    "notmuch query failed: %s", notmuch_status_to_string(st));
	}
	live = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (; notmuch_messages_valid(msgs); notmuch_messages_move_to_next(msgs)) {
		notmuch_message_t *m = NULL;
		if (_pb_nm_messages_get(msgs, &m) != NOTMUCH_STATUS_SUCCESS) {
			/* (written meanwhile: nothing was dropped yet) */
			notmuch_query_destroy(q);
			g_hash_table_destroy(live);
			return pb_error_set(err, PB_ERR_MODIFIED, "%s", pb_status_str(PB_ERR_MODIFIED));
		}
		g_hash_table_add(live, g_strdup(notmuch_message_get_message_id(m)));
		notmuch_message_destroy(m);
	}
	notmuch_query_destroy(q);
	for (size_t i = 0; i < idx->n; i++) {
		if (!g_hash_table_contains(live, idx->recs[i].msgid)) {
			idx->stats.removed++;
			continue;
		}
		idx->recs[w++] = idx->recs[i];
	}
	if (w != idx->n) {
		_pb_index_drop_base(idx); /* slots moved: a delta cannot say so */
		_pb_index_drop_base_ids(idx);
	}
	idx->n = w;
	g_hash_table_destroy(live);
	g_hash_table_remove_all(idx->byid);
	for (size_t i = 0; i < idx->n; i++)
		index_put(idx, &idx->recs[i]);
	idx->byid_stale = false;
	return PB_OK;
}
