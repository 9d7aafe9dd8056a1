/* test_lore.c: version families of the real lore archives, grouped as the
 * corpus MANIFEST describes them, and the patch-ids of PATCH-IDS.json. */
#include "tests/lib/pbtest.h"
#include "tests/lib/tjson.h"

static pb_index_t *open_files(void *ctx, const char *a, const char *b)
{
	const char *files[3] = {pbt_corpus_path(ctx, a), b ? pbt_corpus_path(ctx, b) : NULL, NULL};
	return pbt_index(ctx, pbt_notmuch_db(ctx, files), NULL);
}

static pb_series_t *series_of(pb_index_t *idx, const char *msgid)
{
	pb_series_t *s = NULL;
	if (pb_index_find(idx, msgid, &s, NULL, NULL) != PB_OK)
		fail_msg("no series for <%s>", msgid);
	return s;
}

static pb_patch_t *patch_of(pb_index_t *idx, const char *msgid)
{
	pb_patch_t *p = NULL;
	if (pb_index_find(idx, msgid, NULL, NULL, &p) != PB_OK || !p)
		fail_msg("<%s> is no patch", msgid);
	return p;
}

static bool has_trailer(const pb_trailer_list_t *tl, const char *line)
{
	for (size_t i = 0; i < tl->n; i++) {
		char *f = pb_trailer_format(NULL, &tl->v[i]);
		bool eq = strcmp(f, line) == 0 && !(tl->v[i].flags & PB_TRAILER_MISMATCH);
		talloc_free(f);
		if (eq)
			return true;
	}
	return false;
}

/* "v1r v2r v3 ... v8 v8R": version numbers with r for RFC, R for RESEND */
static char *version_string(void *ctx, const pb_series_t *s)
{
	char *o = talloc_strdup(ctx, "");
	for (size_t i = 0; i < s->n_versions; i++) {
		const pb_version_t *v = s->versions[i];
		o = talloc_asprintf_append(o, "%sv%d%s%s", i ? " " : "", v->version, (v->flags & PB_VER_RFC) ? "r" : "",
					   (v->flags & PB_VER_RESEND) ? "R" : "");
	}
	return o;
}

static void test_multicolor(void **state)
{
	void *ctx;
	pb_index_t *idx;
	pb_series_t *s;
	pb_version_t *v;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	/* both lists' archives together: 69 messages, de-duplicated */
	idx = open_files(ctx, "lore-linux-pwm/multicolor-pwm-led.linux-pwm-view.mbox",
			 "lore-linux-pwm/multicolor-pwm-led.linux-leds-view.mbox");
	assert_int_equal(pb_index_stats(idx)->messages, 69);
	s = series_of(idx, "20220125092239.2006333-1-sven@svenschwermer.de");
	assert_string_equal(version_string(ctx, s), "v1r v2r v3 v4 v5 v6 v7 v8 v8R");
	/* v6 and v7 have no cover; the series grew from 2 to 3 patches */
	assert_null(s->versions[5]->cover);
	assert_null(s->versions[6]->cover);
	assert_int_equal(s->versions[4]->total, 2);
	assert_int_equal(s->versions[5]->total, 3);
	/* the RESEND is the applied version */
	v = pb_series_latest(s);
	assert_true(v->flags & PB_VER_RESEND);
	assert_true(v->flags & PB_VER_APPLIED);
	assert_int_equal(s->state, PB_STATE_APPLIED);
	assert_true(strcmp(s->author.name, "Sven Schwermer") == 0);
	/* review tags where they were given */
	assert_true(has_trailer(&patch_of(idx, "20220206193554.171070-3-sven@svenschwermer.de")->trailers,
				"Reviewed-by: Andy Shevchenko <andy.shevchenko@gmail.com>"));
	assert_true(has_trailer(&patch_of(idx, "20220208191236.660172-1-sven@svenschwermer.de")->trailers,
				"Reviewed-by: Rob Herring <robh@kernel.org>"));
	assert_true(has_trailer(&patch_of(idx, "20220210075908.120496-2-sven@svenschwermer.de")->trailers,
				"Reviewed-by: Rob Herring <robh@kernel.org>"));
	/* a new patch threaded inside the old series is its own series */
	{
		pb_series_t *other = NULL;
		for (size_t i = 0; i < pb_index_series(idx)->n; i++)
			if (strstr(pb_index_series(idx)->v[i]->title, "Move pwm-multicolor driver into rgb directory"))
				other = pb_index_series(idx)->v[i];
		assert_non_null(other);
		assert_ptr_not_equal(other, s);
		assert_int_equal(other->n_versions, 1);
	}
	assert_int_equal(pb_index_series(idx)->n, 2);
	talloc_free(ctx);
}

static void test_clk(void **state)
{
	void *ctx;
	pb_index_t *idx;
	pb_series_t *s, *pull = NULL;
	pb_version_t *v8;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	idx = open_files(ctx, "lore-linux-pwm/clk-devm-helpers-v1-v8-uwe.mbox", NULL);
	s = series_of(idx, "20201013082132.661993-1-u.kleine-koenig@pengutronix.de");
	/* v2 came from another address of the same author */
	assert_int_equal(s->n_versions, 9);
	assert_int_equal(s->versions[1]->version, 2);
	assert_string_equal(s->versions[1]->root->sender.email, "uwe@kleine-koenig.org");
	assert_true(s->versions[6]->flags & PB_VER_RESEND);
	assert_int_equal(s->versions[6]->version, 6);
	v8 = pb_series_latest(s);
	assert_int_equal(v8->version, 8);
	assert_int_equal(v8->total, 16);
	assert_int_equal(v8->n_patches, 3); /* only some were Cc'd to linux-pwm */
	assert_int_equal(v8->n_missing, 13);
	assert_int_equal(s->state, PB_STATE_INCOMPLETE);
	/* the v7 cover's Reviewed-by reaches every patch of v7 */
	for (size_t i = 0; i < s->versions[7]->n_patches; i++)
		assert_true(has_trailer(&s->versions[7]->patches[i]->trailers,
					"Reviewed-by: Alexandru Ardelean <aardelean@deviqon.com>"));
	/* a Tested-by deep in a sub-thread */
	assert_true(has_trailer(&v8->patches[0]->trailers, "Tested-by: Jon Hunter <jonathanh@nvidia.com>"));
	/* the [PULL] inside the v7 thread is a pull request, not a version */
	for (size_t i = 0; i < pb_index_series(idx)->n; i++)
		if (pb_index_series(idx)->v[i] != s)
			pull = pb_index_series(idx)->v[i];
	assert_non_null(pull);
	assert_int_equal(pull->state, PB_STATE_PULL);
	assert_int_equal(pb_series_latest(pull)->n_patches, 0);
	talloc_free(ctx);
}

static void test_amlogic_b4_relay(void **state)
{
	void *ctx;
	pb_index_t *idx;
	pb_series_t *s;
	pb_version_t *v8;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	idx = open_files(ctx, "lore-linux-pwm/amlogic-s4-pwm-v4-v8-b4relay.mbox", NULL);
	s = series_of(idx, "20240424-s4-pwm-v4-0-ee22effd40d0@amlogic.com");
	v8 = pb_series_latest(s);
	assert_string_equal(version_string(ctx, s), "v4 v5 v6 v7 v8");
	assert_int_equal(pb_index_series(idx)->n, 1);
	/* B4 Relay sender resolved; in-body From names a third person */
	assert_string_equal(v8->root->sender.email, "kelvin.zhang@amlogic.com");
	assert_string_equal(v8->patches[1]->rec->author.name, "Junyi Zhao");
	assert_string_equal(v8->cover->base_commit ? "yes" : "no", "yes");
	/* "Re: [DMARC error][DKIM error] [PATCH v7 2/2]" replies count */
	assert_true(has_trailer(&s->versions[3]->patches[1]->trailers, "Reviewed-by: George Stark <gnstark@salutedevices.com>"));
	talloc_free(ctx);
}

static void test_gpio_mvebu(void **state)
{
	void *ctx;
	pb_index_t *idx;
	const pb_series_set_t *set;
	pb_series_t *s;
	pb_version_t *v2;
	bool uwe = false;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	idx = open_files(ctx, "lore-linux-pwm/gpio-mvebu-v2-in-reply-to-v1-deep.mbox", NULL);
	set = pb_index_series(idx);
	s = set->v[0];
	assert_int_equal(set->n, 1);
	assert_string_equal(version_string(ctx, s), "v1 v2");
	v2 = pb_series_latest(s);
	assert_int_equal(v2->n_patches, 4); /* deep threading: 2/4 replies to 1/4 */
	assert_null(v2->cover);
	assert_true(has_trailer(&v2->patches[1]->trailers, "Acked-by: Rob Herring <robh@kernel.org>"));
	/* QP-encoded, five levels deep */
	for (size_t i = 0; i < v2->n_patches; i++)
		uwe |= has_trailer(&v2->patches[i]->trailers, "Acked-by: Uwe Kleine-König <u.kleine-koenig@pengutronix.de>");
	assert_true(uwe);
	/* patch-ids: v1 N/4 = v2 N/4 for N = 2, 3, 4 */
	for (int n = 1; n < 4; n++)
		assert_string_equal(s->versions[0]->patches[n]->rec->patch_id, v2->patches[n]->rec->patch_id);
	talloc_free(ctx);
}

static void test_small_families(void **state)
{
	void *ctx;
	pb_index_t *idx;
	pb_series_t *s;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	/* [v4 0/5] without the word PATCH */
	idx = open_files(ctx, "lore-linux-pwm/mt8183-dpi-v4-no-PATCH-keyword.mbox", NULL);
	s = pb_index_series(idx)->v[0];
	assert_int_equal(pb_index_series(idx)->n, 1);
	assert_int_equal(pb_series_latest(s)->version, 4);
	assert_int_equal(pb_series_latest(s)->n_patches, 5);
	assert_non_null(pb_series_latest(s)->cover);
	/* [PATCH v6 000/164], complete; orphan replies make no series */
	idx = open_files(ctx, "lore-linux-pwm/pwmchip-lifetime-v6-000of164.mbox", NULL);
	assert_int_equal(pb_index_series(idx)->n, 1);
	s = pb_index_series(idx)->v[0];
	assert_int_equal(pb_series_latest(s)->total, 164);
	assert_int_equal(pb_series_latest(s)->n_patches, 164);
	assert_int_equal(pb_series_latest(s)->n_missing, 0);
	/* a pull request with a subject change mid-thread: not a patch series */
	idx = open_files(ctx, "lore-linux-pwm/git-pull-pwm-fixes.mbox", NULL);
	assert_int_equal(pb_index_series(idx)->n, 1);
	s = pb_index_series(idx)->v[0];
	assert_int_equal(pb_series_latest(s)->n_patches, 0);
	assert_true(s->state == PB_STATE_PULL || s->state == PB_STATE_MERGED);
	assert_int_equal(s->state, PB_STATE_MERGED); /* pr-tracker-bot said so */
	/* vN covers all reply to the v1 cover: one series, four versions */
	idx = open_files(ctx, "lore-intel-wired-lan/iavf-devlink-v1-v4-chained-covers.mbox", NULL);
	s = series_of(idx, "20230727021021.961119-1-wenjun1.wu@intel.com");
	assert_string_equal(version_string(ctx, s), "v1 v2 v3 v4");
	for (int i = 0; i < 4; i++)
		assert_int_equal(s->versions[i]->n_patches, 5);
	talloc_free(ctx);
}

static void test_ltp_families(void **state)
{
	void *ctx;
	pb_index_t *idx;
	pb_series_t *s;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	idx = open_files(ctx, "lore-ltp/ltp-configure-make-cleanup-v1-v2.mbox", NULL);
	s = pb_index_series(idx)->v[0];
	assert_int_equal(pb_index_series(idx)->n, 1);
	assert_string_equal(version_string(ctx, s), "v1 v2");
	assert_int_equal(s->versions[0]->n_patches, 7);
	assert_int_equal(s->versions[1]->n_patches, 5);
	for (int i = 0; i < 5; i++) /* the Acked-by on the v2 cover fans out */
		assert_true(has_trailer(&s->versions[1]->patches[i]->trailers,
					"Acked-by: Andrea Cervesato <andrea.cervesato@suse.com>"));
	idx = open_files(ctx, "lore-ltp/ltp-sched_football-runtest.mbox", NULL);
	s = pb_index_series(idx)->v[0];
	assert_int_equal(pb_series_latest(s)->n_patches, 6);
	for (int i = 0; i < 6; i++) {
		assert_true(has_trailer(&pb_series_latest(s)->patches[i]->trailers, "Reviewed-by: Cyril Hrubis <chrubis@suse.cz>"));
		assert_true(has_trailer(&pb_series_latest(s)->patches[i]->trailers, "Reviewed-by: Li Wang <liwang@redhat.com>"));
	}
	idx = open_files(ctx, "lore-ltp/ltp-fanotify-cover-0of6-v2.mbox", NULL);
	s = pb_index_series(idx)->v[0];
	assert_int_equal(pb_index_series(idx)->n, 1);
	assert_int_equal(s->n_versions, 2);
	assert_int_equal(s->versions[0]->n_patches, 6);
	assert_int_equal(s->versions[1]->n_patches, 7); /* 7 patches under a "0/6" cover */
	assert_int_equal(s->versions[1]->n_missing, 0);
	/* v1 3/6 = v2 4/7, v1 4/6 = v2 5/7, v1 6/6 = v2 7/7 */
	assert_string_equal(s->versions[0]->patches[2]->rec->patch_id, s->versions[1]->patches[3]->rec->patch_id);
	assert_string_equal(s->versions[0]->patches[3]->rec->patch_id, s->versions[1]->patches[4]->rec->patch_id);
	assert_string_equal(s->versions[0]->patches[5]->rec->patch_id, s->versions[1]->patches[6]->rec->patch_id);
	idx = open_files(ctx, "lore-ltp/ltp-swapon03-v1-v5.mbox", NULL);
	s = series_of(idx, "20251105154716.995786-1-pvorel@suse.cz");
	assert_string_equal(version_string(ctx, s), "v1 v2 v3 v4 v5");
	assert_int_equal(s->versions[0]->total, 3);
	assert_int_equal(s->versions[1]->total, 5);
	assert_int_equal(s->versions[2]->total, 2);
	assert_null(s->versions[3]->cover);  /* v4 1/1 */
	assert_int_equal(pb_series_latest(s)->n_patches, 1); /* [PATCH v5], unnumbered */
	{
		pb_patch_t *p = pb_series_latest(s)->patches[0];
		assert_true(has_trailer(&p->trailers, "Reviewed-by: Li Wang <liwang@redhat.com>"));
		assert_true(has_trailer(&p->trailers, "Reviewed-by: Andrea Cervesato <andrea.cervesato@suse.com>"));
		assert_true(has_trailer(&p->trailers, "Reviewed-by: Cyril Hrubis <chrubis@suse.cz>"));
	}
	talloc_free(ctx);
}

/* The same families inside two months of list traffic. */
static void test_bulk(void **state)
{
	void *ctx;
	pb_index_t *idx;
	pb_series_t *s;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	idx = open_files(ctx, "lore-ltp/bulk-ltp-2025-11..12.mbox", NULL);
	assert_int_equal(pb_index_stats(idx)->messages, 448);
	s = series_of(idx, "20251222094428.87910-1-pvorel@suse.cz");
	assert_string_equal(version_string(ctx, s), "v1 v2 v3 v4 v5");
	idx = open_files(ctx, "lore-linux-pwm/bulk-linux-pwm-2022-01..04.mbox", NULL);
	assert_int_equal(pb_index_stats(idx)->messages, 1000);
	s = series_of(idx, "20220407073225.71605-1-sven@svenschwermer.de");
	assert_string_equal(version_string(ctx, s), "v1r v2r v3 v4 v5 v6 v7 v8 v8R");
	idx = open_files(ctx, "lore-intel-wired-lan/bulk-intel-wired-lan-2026-01-15..31.mbox", NULL);
	assert_int_equal(pb_index_stats(idx)->messages, 460); /* 462 minus 2 duplicate Message-IDs */
	talloc_free(ctx);
}

/* PATCH-IDS.json: git patch-id --stable of every patch of the lore files. */
static void test_patch_ids(void **state)
{
	void *ctx;
	tj_t *root;
	size_t checked = 0;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	root = tj_parse(ctx, pbt_read(ctx, pbt_corpus_path(ctx, "PATCH-IDS.json"), NULL), NULL);
	assert_non_null(root);
	for (size_t f = 0; f < root->n; f++) {
		pb_index_t *idx = open_files(ctx, root->keys[f], NULL);
		tj_t *list = root->items[f];
		for (size_t i = 0; i < list->n; i++) {
			const char *id = tj_str(list->items[i], "msgid"), *want = tj_str(list->items[i], "patch_id");
			pb_patch_t *p = NULL;
			pb_series_t *s = NULL;
			pb_version_t *v = NULL;
			const pb_msgrec_t *r;
			if (pb_index_find(idx, id, &s, &v, &p) != PB_OK)
				fail_msg("%s: <%s> not found", root->keys[f], id);
			/* a cover letter with an "Interdiff against vN:" has a diff too */
			r = p ? p->rec : (v && v->cover && strcmp(v->cover->msgid, id) == 0 ? v->cover : NULL);
			if (!r)
				fail_msg("%s: <%s> is neither a patch nor a cover", root->keys[f], id);
			if (!r->patch_id || strcmp(r->patch_id, want) != 0)
				fail_msg("%s: <%s> patch-id %s, want %s", root->keys[f], id,
					 r->patch_id ? r->patch_id : "none", want);
			checked++;
		}
	}
	assert_true(checked > 300);
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_multicolor),   cmocka_unit_test(test_clk),
		cmocka_unit_test(test_amlogic_b4_relay), cmocka_unit_test(test_gpio_mvebu),
		cmocka_unit_test(test_small_families), cmocka_unit_test(test_ltp_families),
		cmocka_unit_test(test_bulk),         cmocka_unit_test(test_patch_ids),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("lore", tests, NULL, NULL);
}
