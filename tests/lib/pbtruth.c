/* pbtruth.c: series truth files, and grouping scored against them. */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "tests/lib/pbtruth.h"

pbt_truth_t *pbt_truth_load(TALLOC_CTX *ctx, const char *path, char **error)
{
	pbt_truth_t *t = talloc_zero(ctx, pbt_truth_t);
	const char *src = getenv("PB_SRCDIR");
	char *full = path[0] == '/' ? talloc_strdup(t, path)
				    : talloc_asprintf(t, "%s/%s", src && *src ? src : ".", path);
	gchar *data = NULL;
	char *text, *save = NULL;
	size_t cap_m = 0, cap_s = 0, lineno = 0;
	if (!g_file_get_contents(full, &data, NULL, NULL)) {
		*error = talloc_asprintf(ctx, "cannot read %s", full);
		talloc_free(t);
		return NULL;
	}
	text = talloc_strdup(t, data);
	g_free(data);
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		lineno++;
		if (l[0] == '#' || l[0] == '\0')
			continue;
		if (strncmp(l, "== ", 3) == 0) {
			if (t->n_series == cap_s) {
				cap_s = cap_s ? cap_s * 2 : 64;
				t->titles = talloc_realloc(t, t->titles, const char *, cap_s);
			}
			t->titles[t->n_series++] = talloc_strdup(t, l + 3);
			continue;
		}
		{
			int v = 0, used = 0;
			char *id;
			if (!t->n_series || sscanf(l, "v%d %n", &v, &used) != 1 || used == 0 || v < 0) {
				*error = talloc_asprintf(ctx, "%s: line %zu is no \"vN message-id\": %s", full, lineno, l);
				talloc_free(t);
				return NULL;
			}
			id = l + used;
			id[strcspn(id, " \t#")] = '\0';
			if (!*id) {
				*error = talloc_asprintf(ctx, "%s: line %zu has no message-id", full, lineno);
				talloc_free(t);
				return NULL;
			}
			if (t->n == cap_m) {
				cap_m = cap_m ? cap_m * 2 : 256;
				t->msg = talloc_realloc(t, t->msg, pbt_truth_msg_t, cap_m);
			}
			t->msg[t->n].id = talloc_strdup(t, id);
			t->msg[t->n].version = v;
			t->msg[t->n].series = t->n_series - 1;
			t->n++;
		}
	}
	return t;
}

void pbt_truth_score(TALLOC_CTX *ctx, const pbt_truth_t *t, const char *const *got, pbt_score_t *out)
{
	/* found series -> the truth series seen in it (index + 1, or -1: several) */
	GHashTable *owner = g_hash_table_new(g_str_hash, g_str_equal);
	const char **first = talloc_zero_array(ctx, const char *, t->n_series ? t->n_series : 1);
	bool *spread = talloc_zero_array(ctx, bool, t->n_series ? t->n_series : 1);
	/* found series -> the truth series in it */
	GHashTable *members = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_ptr_array_unref);
	memset(out, 0, sizeof(*out));
	out->report = talloc_strdup(ctx, "");
	for (size_t i = 0; i < t->n; i++) {
		GPtrArray *in;
		if (!*got[i])
			continue;
		if (!(in = g_hash_table_lookup(members, got[i]))) {
			in = g_ptr_array_new();
			g_hash_table_insert(members, (gpointer)got[i], in);
		}
		if (!g_ptr_array_find(in, GSIZE_TO_POINTER(t->msg[i].series), NULL))
			g_ptr_array_add(in, GSIZE_TO_POINTER(t->msg[i].series));
	}
	for (size_t i = 0; i < t->n; i++) {
		size_t s = t->msg[i].series;
		gpointer o;
		if (!*got[i]) {
			spread[s] = true;
			continue;
		}
		if (!first[s])
			first[s] = got[i];
		else if (strcmp(first[s], got[i]) != 0)
			spread[s] = true;
		o = g_hash_table_lookup(owner, got[i]);
		if (!o)
			g_hash_table_insert(owner, (gpointer)got[i], GSIZE_TO_POINTER(s + 1));
		else if (GPOINTER_TO_SIZE(o) != s + 1)
			g_hash_table_insert(owner, (gpointer)got[i], GSIZE_TO_POINTER((size_t)-1));
	}
	bool *merged_of = talloc_zero_array(ctx, bool, t->n_series ? t->n_series : 1);
	for (size_t i = 0; i < t->n; i++)
		if (*got[i] && GPOINTER_TO_SIZE(g_hash_table_lookup(owner, got[i])) == (size_t)-1)
			merged_of[t->msg[i].series] = true;
	for (size_t s = 0; s < t->n_series; s++) {
		bool merged = merged_of[s];
		if (!spread[s] && !merged) {
			out->exact++;
			continue;
		}
		if (merged)
			out->merged++;
		if (spread[s])
			out->split++;
		out->report = talloc_asprintf_append(out->report, "  %s%s: %s\n", merged ? "merged" : "",
						     spread[s] ? (merged ? "+split" : "split") : "", t->titles[s]);
		if (merged) {
			/* the truth series it was merged with */
			bool *with = talloc_zero_array(ctx, bool, t->n_series);
			for (size_t i = 0; i < t->n; i++) {
				GPtrArray *in;
				if (t->msg[i].series != s || !*got[i])
					continue;
				in = g_hash_table_lookup(members, got[i]);
				for (guint k = 0; in && k < in->len; k++)
					with[GPOINTER_TO_SIZE(g_ptr_array_index(in, k))] = true;
			}
			for (size_t o = 0; o < t->n_series; o++)
				if (with[o] && o != s)
					out->report = talloc_asprintf_append(out->report, "    with: %s\n", t->titles[o]);
			talloc_free(with);
		}
		for (size_t i = 0; i < t->n; i++)
			if (t->msg[i].series == s && t->n < 20000)
				out->report = talloc_asprintf_append(out->report, "    v%d %s -> %s\n",
								     t->msg[i].version, t->msg[i].id,
								     *got[i] ? got[i] : "(none)");
	}
	g_hash_table_destroy(owner);
	g_hash_table_destroy(members);
}
