/* match.c: a notmuch query's answer as a set of Message-IDs. */
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <notmuch.h>

#include "patchbay/match.h"
#include "core/base/util.h"

struct pb_match {
	GHashTable *ids; /* msgid -> itself; strings on the match */
	char **v;
	size_t n;
};

static int match_destructor(pb_match_t *m)
{
	if (m->ids)
		g_hash_table_destroy(m->ids);
	return 0;
}

pb_status_t pb_match_query(TALLOC_CTX *mem_ctx, pb_match_t **out, const pb_index_opts_t *opts, const char *query,
			   pb_error_t *err)
{
	pb_match_t *m = talloc_zero(mem_ctx, pb_match_t);
	notmuch_database_t *db = NULL;
	notmuch_query_t *q = NULL;
	notmuch_messages_t *msgs = NULL;
	const char *db_path = opts ? opts->db_path : NULL;
	const char *scope = opts && opts->scope && *opts->scope && strcmp(opts->scope, "*") ? opts->scope : NULL;
	/* as pb_index_open: an explicit database path reads no config file */
	const char *cfg = opts && opts->config_path ? opts->config_path : (db_path ? "" : NULL);
	char *msg = NULL, *qs;
	size_t cap = 256;
	int rc = PB_OK;

	if (!m)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	talloc_set_destructor(m, match_destructor);
	m->ids = g_hash_table_new(g_str_hash, g_str_equal);
	m->v = talloc_array(m, char *, cap);
	if (query && (!*query || strcmp(query, "*") == 0))
		query = NULL;
	/* "*" matches everything alone, not inside an "and" */
	qs = scope && query ? talloc_asprintf(m, "(%s) and (%s)", scope, query)
			    : talloc_strdup(m, query ? query : (scope ? scope : "*"));
	if (!m->v || !qs) {
		talloc_free(m);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	if (notmuch_database_open_with_config(db_path, NOTMUCH_DATABASE_MODE_READ_ONLY, cfg, NULL, &db, &msg) !=
	    NOTMUCH_STATUS_SUCCESS) {
		rc = pb_error_set(err, PB_ERR_NOTMUCH, "cannot open the notmuch database: %s", msg ? msg : "");
		free(msg);
		talloc_free(m);
		return rc;
	}
	free(msg);
	q = notmuch_query_create(db, qs);
	if (q) {
		notmuch_query_set_omit_excluded(q, NOTMUCH_EXCLUDE_FALSE);
		notmuch_query_set_sort(q, NOTMUCH_SORT_UNSORTED);
	}
	if (!q || notmuch_query_search_messages(q, &msgs) != NOTMUCH_STATUS_SUCCESS) {
		/* worded as pb_index_query words it */
		const char *why = notmuch_database_status_string(db);
		char *reason = talloc_strdup(m, why ? why : "");
		if (reason)
			_pb_str_collapse_ws(reason);
		rc = pb_error_set(err, PB_ERR_USAGE, "bad notmuch query '%s'%s%s", query ? query : "",
				  reason && *reason ? ": " : "", reason ? reason : "");
		goto out;
	}
	for (; notmuch_messages_valid(msgs); notmuch_messages_move_to_next(msgs)) {
		notmuch_message_t *nm = notmuch_messages_get(msgs);
		char *id = talloc_strdup(m, notmuch_message_get_message_id(nm));
		notmuch_message_destroy(nm);
		if (!id) {
			rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
			goto out;
		}
		if (g_hash_table_contains(m->ids, id)) {
			talloc_free(id);
			continue;
		}
		if (m->n == cap) {
			char **nv = talloc_realloc(m, m->v, char *, cap * 2);
			if (!nv) {
				rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
				goto out;
			}
			m->v = nv;
			cap *= 2;
		}
		m->v[m->n++] = id;
		g_hash_table_add(m->ids, id);
	}
out:
	if (q)
		notmuch_query_destroy(q);
	notmuch_database_destroy(db);
	if (rc) {
		talloc_free(m);
		return rc;
	}
	*out = m;
	return PB_OK;
}

size_t pb_match_count(const pb_match_t *m)
{
	return m->n;
}

bool pb_match_has(const pb_match_t *m, const char *msgid)
{
	return g_hash_table_contains(m->ids, msgid);
}

pb_status_t pb_match_series(const pb_match_t *m, const pb_series_set_t *set, TALLOC_CTX *mem_ctx,
			    pb_series_t ***out, size_t *n)
{
	GHashTable *hit = g_hash_table_new(g_direct_hash, g_direct_equal);
	pb_series_t **res = talloc_array(mem_ctx, pb_series_t *, set->n ? set->n : 1);
	size_t k = 0;
	if (!res) {
		g_hash_table_destroy(hit);
		return PB_ERR_NOMEM;
	}
	for (size_t i = 0; i < m->n; i++) {
		pb_series_t *s;
		if (pb_series_set_find(set, m->v[i], &s, NULL, NULL) == PB_OK)
			g_hash_table_add(hit, s);
	}
	for (size_t i = 0; i < set->n; i++)
		if (g_hash_table_contains(hit, set->v[i]))
			res[k++] = set->v[i];
	g_hash_table_destroy(hit);
	*out = res;
	*n = k;
	return PB_OK;
}
