/* test_patchwork.c: patchwork's stated series groupings (its
 * tests/unit/test_series.py), through real notmuch databases.
 *
 * A patchwork "series" is one posting; in patchbay a posting is a version
 * of a series (one series = every version of a topic). So each row checks
 * the postings (patches posted in each, in date order, and which have a
 * cover letter) and how many series patchbay links them into. */
#include "tests/lib/pbtest.h"

#include <stdlib.h>

struct row {
	const char *file;
	int n_series;           /* series patchbay makes */
	int patches[4];         /* per posting, date order, 0-terminated */
	int covers[4];          /* 1/0 per posting */
	int complete;           /* -1: not checked; 1/0: latest posting complete */
	const char *title;      /* title of the (first) series, or NULL */
};

static const struct row rows[] = {
	{"base-single-patch", 1, {1}, {0}, 1, NULL},
	{"base-cover-letter", 1, {2}, {1}, 1, "A sample series"},
	{"base-no-cover-letter", 1, {2}, {0}, 1, "test: Add some lorem ipsum"},
	{"base-deep-threaded", 1, {2}, {1}, 1, NULL},
	{"base-out-of-order", 1, {2}, {1}, 1, "A sample series"},
	{"base-different-versions", 1, {4}, {1}, 1, NULL},
	{"bugs-multiple-references", 1, {4}, {1}, 1, NULL},
	{"base-no-references", 1, {2}, {0}, 1, NULL},
	{"base-no-references-no-cover", 1, {2}, {1}, 1, NULL},
	{"bugs-multiple-content-types", 1, {1}, {0}, 1, NULL},
	{"revision-basic", 1, {2, 2}, {1, 1}, 1, NULL},
	{"revision-threaded-to-single-patch", 1, {1, 1}, {0, 0}, 1, NULL},
	{"revision-threaded-to-cover", 1, {2, 2}, {1, 1}, 1, NULL},
	{"revision-threaded-to-patch", 1, {2, 2}, {1, 1}, 1, NULL},
	{"revision-out-of-order", 1, {2, 2}, {1, 1}, 1, NULL},
	{"revision-no-cover-letter", 1, {2, 2}, {1, 0}, 1, NULL},
	{"revision-unlabeled", 1, {2, 2}, {1, 1}, 1, NULL},
	{"revision-unlabeled-noreferences", 1, {2, 2}, {0, 0}, 1, NULL},
	{"bugs-unnumbered", 2, {1, 1}, {1, 0}, -1, NULL},
	{"bugs-nocover-noversion", 1, {2, 2}, {0, 0}, 1, NULL},
	{"bugs-nocover", 1, {2, 2}, {0, 0}, 1, NULL},
	{"bugs-spamming", 1, {1, 1, 1}, {0, 0, 0}, 0, NULL},
	/* v2 2/2 replies to a v2 1/2 that never arrived; other title, other
	 * patch-id, but it is the next version and changes the file v1 1/2
	 * adds (test.txt): one series, linked as "retitled" (docs/design.md) */
	{"bugs-mixed-versions", 1, {1, 1}, {0, 0}, -1, NULL},
	{"base-incomplete", 1, {1}, {1}, 0, NULL},
	{"base-extra-patches", 1, {3}, {1}, 1, NULL},
	{"mercurial-cover-letter", 1, {2}, {1}, 1, NULL},
	{"mercurial-no-cover-letter", 1, {2}, {0}, 1, NULL},
};

static int cmp_version_date(const void *a, const void *b)
{
	const pb_version_t *x = *(pb_version_t *const *)a, *y = *(pb_version_t *const *)b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return strcmp(x->root->msgid, y->root->msgid);
}

static unsigned posted(const pb_version_t *v)
{
	unsigned n = 0;
	for (size_t k = 0; k < v->n_patches; k++)
		if (!v->patches[k]->inherited_from)
			n++;
	return n;
}

static void check_row(const struct row *r)
{
	void *ctx = talloc_new(NULL);
	char *file = pbt_corpus_path(ctx, talloc_asprintf(ctx, "patchwork/series/%s.mbox", r->file));
	char *db = pbt_notmuch_db1(ctx, file);
	pb_index_t *idx = pbt_index(ctx, db, NULL);
	const pb_series_set_t *set = pb_index_series(idx);
	pb_version_t *all[16];
	size_t nv = 0;
	int want_posts = 0;

	while (want_posts < 4 && r->patches[want_posts])
		want_posts++;
	for (size_t i = 0; i < set->n; i++)
		for (size_t k = 0; k < set->v[i]->n_versions && nv < 16; k++)
			all[nv++] = set->v[i]->versions[k];
	qsort(all, nv, sizeof(*all), cmp_version_date);
	if ((int)set->n != r->n_series || (int)nv != want_posts) {
		print_error("%s: %zu series, %zu postings; want %d, %d\n", r->file, set->n, nv, r->n_series,
			    want_posts);
		fail();
	}
	for (size_t k = 0; k < nv; k++) {
		if ((int)posted(all[k]) != r->patches[k] || (all[k]->cover != NULL) != (r->covers[k] != 0)) {
			print_error("%s: posting %zu has %u patches, cover %s; want %d, cover %d\n", r->file, k,
				    posted(all[k]), all[k]->cover ? all[k]->cover->msgid : "none", r->patches[k],
				    r->covers[k]);
			fail();
		}
	}
	if (r->complete >= 0) {
		pb_version_t *latest = pb_series_latest(set->v[0]);
		if ((latest->n_missing == 0) != (r->complete == 1)) {
			print_error("%s: latest version %s\n", r->file, latest->n_missing ? "incomplete" : "complete");
			fail();
		}
	}
	if (r->title)
		assert_string_equal(set->v[0]->title, r->title);
	talloc_free(ctx);
}

static void test_series_table(void **state)
{
	(void)state;
	PBT_NEED_CORPUS();
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		check_row(&rows[i]);
}

/* Details the table does not say. */
static void test_versions_numbered(void **state)
{
	void *ctx;
	pb_index_t *idx;
	const pb_series_set_t *set;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	/* an unversioned repost after v1 is the next version */
	idx = pbt_index(ctx, pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, "patchwork/series/revision-unlabeled.mbox")), NULL);
	set = pb_index_series(idx);
	assert_int_equal(set->v[0]->n_versions, 2);
	assert_int_equal(set->v[0]->versions[0]->version, 1);
	assert_int_equal(set->v[0]->versions[1]->version, 2);
	/* [PATCH 1/2] and a lone [PATCH v2 2/2]: each 1 of 2, v2 numbered 2 */
	idx = pbt_index(ctx, pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, "patchwork/series/bugs-mixed-versions.mbox")), NULL);
	set = pb_index_series(idx);
	for (size_t i = 0; i < set->n; i++) {
		pb_version_t *v = pb_series_latest(set->v[i]);
		assert_int_equal(v->total, 2);
		assert_int_equal(v->n_missing, 1);
		assert_int_equal(v->version, v->patches[0]->index == 2 ? 2 : 1);
	}
	assert_int_equal(set->n, 1);
	assert_int_equal(pb_series_latest(set->v[0])->link_reason, PB_LINK_RETITLED);
	/* the same [PATCH v2 1/4] posted three times: reposts of v2, 1 of 4 */
	idx = pbt_index(ctx, pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, "patchwork/series/bugs-spamming.mbox")), NULL);
	set = pb_index_series(idx);
	assert_int_equal(set->v[0]->n_versions, 3);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(set->v[0]->versions[i]->version, 2);
		assert_int_equal(set->v[0]->versions[i]->total, 4);
		assert_int_equal(set->v[0]->versions[i]->n_missing, 3);
	}
	assert_true(set->v[0]->versions[1]->flags & PB_VER_REPOST);
	talloc_free(ctx);
}

/* "Depends-on:" names another series by Message-ID or URL. */
static char *fill_template(void *ctx, const char *rel, const char *t1, const char *t2, const char *t)
{
	char *text = pbt_read(ctx, pbt_corpus_path(ctx, rel), NULL);
	char *out = talloc_strdup(ctx, ""), *p = text;
	char *path = talloc_asprintf(ctx, "%s/%s", pbt_tmpdir(ctx), "filled.mbox");
	FILE *f;
	for (;;) {
		char *a = strchr(p, '{');
		if (!a) {
			out = talloc_strdup_append(out, p);
			break;
		}
		out = talloc_strndup_append(out, p, (size_t)(a - p));
		if (strncmp(a, "{depends_token_1}", 17) == 0) {
			out = talloc_strdup_append(out, t1);
			p = a + 17;
		} else if (strncmp(a, "{depends_token_2}", 17) == 0) {
			out = talloc_strdup_append(out, t2);
			p = a + 17;
		} else if (strncmp(a, "{depends_token}", 15) == 0) {
			out = talloc_strdup_append(out, t);
			p = a + 15;
		} else {
			out = talloc_strdup_append(out, "{");
			p = a + 1;
		}
	}
	f = fopen(path, "w");
	fputs(out, f);
	fclose(f);
	return path;
}

static pb_series_t *find(pb_index_t *idx, const char *id)
{
	pb_series_t *s = NULL;
	assert_int_equal(pb_index_find(idx, id, &s, NULL, NULL), PB_OK);
	return s;
}

static void test_dependencies(void **state)
{
	void *ctx;
	const char *base = "<20240610210912.161735-1-ahassick@iol.unh.edu>";
	const char *one = "<20240611160854.192806-1-ahassick@iol.unh.edu>";
	const char *multi = "<20240612204019.364820-1-ahassick@iol.unh.edu>";
	const char *files[4];
	pb_index_t *idx;
	pb_series_t *s1, *s2, *s3;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	files[0] = pbt_corpus_path(ctx, "patchwork/series/dependency-base-patch.mbox");
	/* series 2 names series 1 by a lore URL */
	files[1] = fill_template(ctx, "patchwork/series/dependency-one-cover.mbox.template", "", "",
				 "https://lore.kernel.org/r/20240610210912.161735-1-ahassick@iol.unh.edu");
	/* series 3 names series 1 and 2 by Message-ID, and itself */
	files[2] = fill_template(ctx, "patchwork/series/dependency-multi.mbox.template", base, one, "");
	files[3] = NULL;
	idx = pbt_index(ctx, pbt_notmuch_db(ctx, files), NULL);
	s1 = find(idx, base);
	s2 = find(idx, one);
	s3 = find(idx, multi);
	assert_int_equal(s1->n_depends_on, 0);
	assert_int_equal(s2->n_depends_on, 1);
	assert_ptr_equal(s2->depends_on[0], s1);
	assert_int_equal(s3->n_depends_on, 2);
	assert_ptr_equal(s3->depends_on[0], s1);
	assert_ptr_equal(s3->depends_on[1], s2);

	/* a self-reference makes no cycle */
	files[1] = fill_template(ctx, "patchwork/series/dependency-one-cover.mbox.template", "", "", one);
	files[2] = NULL;
	idx = pbt_index(ctx, pbt_notmuch_db(ctx, files), NULL);
	assert_int_equal(find(idx, one)->n_depends_on, 0);
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_series_table),
		cmocka_unit_test(test_versions_numbered),
		cmocka_unit_test(test_dependencies),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("patchwork", tests, NULL, NULL);
}
