/* index_lookup.c: what an index answers once it is up to date: its
 * series, a message's place, a notmuch query, a message's file. */
#include <string.h>

#include <glib.h>
#include <notmuch.h>

#include "patchbay/index.h"
#include "patchbay/store.h"
#include "core/model/index_priv.h"
#include "core/base/util.h"

const pb_series_set_t *pb_index_series(const pb_index_t *idx)
{
	return idx->set;
}

const pb_index_stats_t *pb_index_stats(const pb_index_t *idx)
{
	return &idx->stats;
}

const char *pb_index_db_path(const pb_index_t *idx)
{
	return idx->db_path;
}

const char *pb_index_tag_prefix(const pb_index_t *idx)
{
	return idx->tag_prefix;
}

pb_status_t pb_index_find(const pb_index_t *idx, const char *id, pb_series_t **series, pb_version_t **version,
			  pb_patch_t **patch)
{
	char *clean = pb_mail_msgid_clean(idx->set, id); /* (freed before it returns) */
	int rc;
	if (!clean)
		return PB_ERR_NOMEM;
	rc = pb_series_set_find(idx->set, clean, series, version, patch);
	talloc_free(clean);
	return rc;
}

pb_status_t pb_index_query(pb_index_t *idx, TALLOC_CTX *mem_ctx, const char *query, pb_series_t ***out, size_t *n,
			   pb_error_t *err)
{
	notmuch_database_t *db = NULL;
	notmuch_query_t *q;
	notmuch_messages_t *msgs = NULL;
	GHashTable *hit;
	pb_series_t **res;
	size_t k = 0;
	int rc;

	res = talloc_array(mem_ctx, pb_series_t *, idx->set->n ? idx->set->n : 1);
	if (!res)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if (!query || !*query || strcmp(query, "*") == 0) {
		memcpy(res, idx->set->v, idx->set->n * sizeof(*res));
		*out = res;
		*n = idx->set->n;
		return PB_OK;
	}
	if ((rc = _pb_index_open_db(idx, false, &db, err))) {
		talloc_free(res);
		return rc;
	}
	q = _pb_index_query_new(idx, db, query, false);
	if (!q || notmuch_query_search_messages(q, &msgs) != NOTMUCH_STATUS_SUCCESS) {
		const char *why = notmuch_database_status_string(db);
		char *reason = talloc_strdup(res, why ? why : "");
		if (q)
			notmuch_query_destroy(q);
		notmuch_database_destroy(db);
		if (reason)
			_pb_str_collapse_ws(reason);
		pb_error_set(err, PB_ERR_USAGE, "bad notmuch query '%s'%s%s", query, reason && *reason ? ": " : "",
			     reason ? reason : "");
		talloc_free(res);
		return PB_ERR_USAGE;
	}
	hit = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (; notmuch_messages_valid(msgs); notmuch_messages_move_to_next(msgs)) {
		notmuch_message_t *m = notmuch_messages_get(msgs);
		pb_series_t *s;
		if (pb_series_set_find(idx->set, notmuch_message_get_message_id(m), &s, NULL, NULL) == PB_OK)
			g_hash_table_add(hit, s);
		notmuch_message_destroy(m);
	}
	notmuch_query_destroy(q);
	notmuch_database_destroy(db);
	for (size_t i = 0; i < idx->set->n; i++)
		if (g_hash_table_contains(hit, idx->set->v[i]))
			res[k++] = idx->set->v[i];
	g_hash_table_destroy(hit);
	*out = res;
	*n = k;
	return PB_OK;
}

pb_status_t pb_index_load_mail(pb_index_t *idx, TALLOC_CTX *mem_ctx, const pb_msgrec_t *rec, pb_mail_t **out,
			       pb_error_t *err)
{
	notmuch_database_t *db = NULL;
	notmuch_message_t *m = NULL;
	int rc;
	if (rec->file && *rec->file && pb_mail_load(mem_ctx, out, rec->file, NULL) == PB_OK) {
		(*out)->msgid = talloc_strdup(*out, rec->msgid);
		return PB_OK;
	}
	if ((rc = _pb_index_open_db(idx, false, &db, err)))
		return rc;
	if (notmuch_database_find_message(db, rec->msgid, &m) != NOTMUCH_STATUS_SUCCESS || !m) {
		notmuch_database_destroy(db);
		return pb_error_set(err, PB_ERR_NOTFOUND, "message <%s> is no longer in the database", rec->msgid);
	}
	rc = pb_mail_load(mem_ctx, out, notmuch_message_get_filename(m), err);
	if (rc == PB_OK)
		(*out)->msgid = talloc_strdup(*out, rec->msgid);
	notmuch_message_destroy(m);
	notmuch_database_destroy(db);
	return rc;
}

pb_status_t pb_index_message_file(pb_index_t *idx, TALLOC_CTX *mem_ctx, const char *msgid, char **path, bool *draft,
				  pb_error_t *err)
{
	notmuch_database_t *db = NULL;
	notmuch_message_t *m = NULL;
	notmuch_tags_t *tags;
	int rc;
	*path = NULL;
	if (draft)
		*draft = false;
	if ((rc = _pb_index_open_db(idx, false, &db, err)))
		return rc;
	if (notmuch_database_find_message(db, msgid, &m) != NOTMUCH_STATUS_SUCCESS || !m ||
	    !notmuch_message_get_filename(m)) {
		if (m)
			notmuch_message_destroy(m);
		notmuch_database_destroy(db);
		return pb_error_set(err, PB_ERR_NOTFOUND, "no message with Message-ID <%s>", msgid);
	}
	for (tags = notmuch_message_get_tags(m); draft && tags && notmuch_tags_valid(tags);
	     notmuch_tags_move_to_next(tags))
		if (strcmp(notmuch_tags_get(tags), PB_TAG_DRAFT) == 0)
			*draft = true;
	if (tags)
		notmuch_tags_destroy(tags);
	*path = talloc_strdup(mem_ctx, notmuch_message_get_filename(m));
	notmuch_message_destroy(m);
	notmuch_database_destroy(db);
	return *path ? PB_OK : pb_error_set(err, PB_ERR_NOMEM, "out of memory");
}

