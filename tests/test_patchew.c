/* test_patchew.c: patchew's stated groupings (tests/test_import.py and
 * friends) and b4's naked-cover samples, through real notmuch databases. */
#include "tests/lib/pbtest.h"

static pb_index_t *open1(void *ctx, const char *rel)
{
	return pbt_index(ctx, pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, rel)), NULL);
}

static pb_series_t *only(pb_index_t *idx)
{
	assert_int_equal(pb_index_series(idx)->n, 1);
	return pb_index_series(idx)->v[0];
}

static void test_simple_patch(void **state)
{
	void *ctx;
	pb_index_t *idx;
	pb_series_t *s;
	pb_version_t *v;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	idx = open1(ctx, "patchew/0001-simple-patch.mbox.gz");
	s = only(idx);
	/* patchew keeps the list prefix in the name; patchbay's title is the
	 * subject without brackets, the subject itself is kept as sent */
	assert_string_equal(s->title, "quorum: Only compile when supported");
	v = pb_series_latest(s);
	assert_string_equal(v->patches[0]->rec->subject, "[Qemu-devel] [PATCH] quorum: Only compile when supported");
	assert_string_equal(v->root->msgid, "20160628014747.20971-1-famz@redhat.com");
	assert_string_equal(s->author.name, "Fam Zheng");
	assert_int_equal(v->root->date, 1467078467); /* 2016-06-28T01:47:47Z */
	assert_int_equal(v->total, 1);
	assert_int_equal(v->n_missing, 0);
	talloc_free(ctx);
}

static void test_completeness(void **state)
{
	void *ctx;
	pb_version_t *v;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	v = pb_series_latest(only(open1(ctx, "patchew/0004-multiple-patch-reviewed.mbox.gz")));
	assert_non_null(v->cover); /* the cover is the series head, patch 1/2 is not */
	assert_int_equal(v->total, 2);
	assert_int_equal(v->n_missing, 0);
	v = pb_series_latest(only(open1(ctx, "patchew/0012-incomplete-series.mbox.gz")));
	assert_int_equal(v->total, 2);
	assert_int_equal(v->n_missing, 1);
	assert_int_equal(v->missing[0], 2);
	/* Max Reitz replied "Thanks, applied to my block tree" */
	assert_int_equal(v->series->state, PB_STATE_APPLIED);
	talloc_free(ctx);
}

static void test_obsoleted(void **state)
{
	void *ctx;
	pb_series_t *s;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	/* [PATCH], [PATCH v2], [PATCH v3] of one patch; v3 has an older Date
	 * than v2: v1 is obsoleted by v2, v2 by v3 */
	s = only(open1(ctx, "patchew/0009-obsolete-by.mbox.gz"));
	assert_int_equal(s->n_versions, 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(s->versions[i]->version, i + 1);
	assert_true(s->versions[2]->date < s->versions[1]->date);
	s = only(open1(ctx, "patchew/0030-obsolete-by-v3.mbox.gz"));
	assert_int_equal(pb_series_latest(s)->version, 3);
	/* a [PULL 00/29] that says it supersedes the [PULL 00/28] */
	s = only(open1(ctx, "patchew/0031-supersedes-embedded.mbox.gz"));
	assert_int_equal(s->n_versions, 2);
	assert_int_equal(s->versions[0]->total, 28);
	assert_int_equal(pb_series_latest(s)->total, 29);
	assert_true(pb_series_latest(s)->flags & PB_VER_PULL);
	/* v5 -> v6 with a new title; a separate reply says v6 supersedes v5 */
	s = only(open1(ctx, "patchew/0032-supersedes-separate.mbox.gz"));
	assert_int_equal(s->n_versions, 2);
	assert_int_equal(s->versions[0]->version, 5);
	assert_int_equal(s->versions[1]->version, 6);
	talloc_free(ctx);
}

static void test_prefix_tags(void **state)
{
	void *ctx;
	pb_series_t *s;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	s = only(open1(ctx, "patchew/0019-libvirt-python.mbox.gz"));
	assert_string_equal(pb_series_latest(s)->patches[0]->rec->tags, "libvirt python");
	s = only(open1(ctx, "patchew/0020-libvirt.mbox.gz"));
	assert_string_equal(pb_series_latest(s)->patches[0]->rec->tags, "libvirt");
	assert_int_equal(pb_series_latest(s)->version, 2);
	s = only(open1(ctx, "patchew/0017-qemu-web-is-not-qemu.mbox.gz"));
	assert_string_equal(pb_series_latest(s)->patches[0]->rec->tags, "Qemu-devel qemu-web");
	talloc_free(ctx);
}

static void test_b4_naked_cover(void **state)
{
	void *ctx;
	pb_series_t *s;
	pb_version_t *v;
	pb_index_t *idx;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	/* no [PATCH 0/N], no diffstat: still the cover of the patch below it */
	s = only(open1(ctx, "b4-synthetic/naked-cover-single.mbox"));
	v = pb_series_latest(s);
	assert_non_null(v->cover);
	assert_string_equal(v->cover->title, "do a thing to the widget subsystem");
	assert_string_equal(s->title, "do a thing to the widget subsystem");
	assert_int_equal(v->n_patches, 1);
	/* a [PATCH] in reply to someone else's bug report: the report is no cover */
	idx = open1(ctx, "b4-synthetic/naked-cover-bugreport.mbox");
	s = only(idx);
	v = pb_series_latest(s);
	assert_null(v->cover);
	assert_string_equal(s->title, "widget: fix data corruption under load");
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple_patch),
		cmocka_unit_test(test_completeness),
		cmocka_unit_test(test_obsoleted),
		cmocka_unit_test(test_prefix_tags),
		cmocka_unit_test(test_b4_naked_cover),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("patchew", tests, NULL, NULL);
}
