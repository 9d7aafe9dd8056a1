/* test_interdiff.c: pairing, diffs of patches, tree interdiffs.
 *
 * Oracles: the "Interdiff against vN:" sections git format-patch wrote
 * into the multicolor covers, the "Range-diff against v2:" of the clk v3
 * cover, PATCH-IDS.json, and git range-diff on a real repository. */
#include "tests/lib/pbtest.h"
#include "patchbay/interdiff.h"

/* ---- assignment --------------------------------------------------------- */

static int brute_best(const int *cost, int n, int row, bool *used)
{
	int best = -1;
	if (row == n)
		return 0;
	for (int c = 0; c < n; c++) {
		int v;
		if (used[c])
			continue;
		used[c] = true;
		v = cost[row * n + c] + brute_best(cost, n, row + 1, used);
		used[c] = false;
		if (best < 0 || v < best)
			best = v;
	}
	return best;
}

static void test_assign_optimal(void **state)
{
	unsigned seed = 12345;
	(void)state;
	for (int round = 0; round < 200; round++) {
		int n = 1 + round % 7, cost[49], out[7], total = 0;
		bool used[7] = {false}, seen[7] = {false};
		for (int i = 0; i < n * n; i++) {
			seed = seed * 1103515245u + 12345u;
			cost[i] = (int)((seed >> 16) % (round % 3 ? 100u : 5u)); /* ties too */
		}
		assert_int_equal(pb_interdiff_assign(NULL, out, cost, (size_t)n), PB_OK);
		for (int r = 0; r < n; r++) {
			assert_true(out[r] >= 0 && out[r] < n);
			assert_false(seen[out[r]]);
			seen[out[r]] = true;
			total += cost[r * n + out[r]];
		}
		assert_int_equal(total, brute_best(cost, n, 0, used));
	}
	assert_int_equal(pb_interdiff_assign(NULL, NULL, NULL, 0), PB_OK);
}

/* ---- helpers -------------------------------------------------------------- */

static pb_index_t *open_corpus(void *ctx, const char *rel)
{
	char *db = pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, rel));
	return pbt_index(ctx, db, NULL);
}

static pb_series_t *series_of(pb_index_t *idx, const char *msgid)
{
	pb_series_t *s = NULL;
	assert_int_equal(pb_index_find(idx, msgid, &s, NULL, NULL), PB_OK);
	return s;
}

/* The version of S whose cover or first patch is MSGID. */
static const pb_version_t *version_of(pb_index_t *idx, const char *msgid)
{
	pb_version_t *v = NULL;
	assert_int_equal(pb_index_find(idx, msgid, NULL, &v, NULL), PB_OK);
	assert_non_null(v);
	return v;
}

/* The text after HEADING up to the mail's "-- " signature. */
static char *section(void *ctx, const char *body, const char *heading)
{
	const char *s = strstr(body, heading), *e;
	assert_non_null(s);
	s = strchr(s, '\n') + 1;
	e = strstr(s, "\n-- \n");
	return talloc_strndup(ctx, s, e ? (size_t)(e - s) + 1 : strlen(s));
}

/* Lines of a unified diff that carry meaning: file names, hunk ranges
 * (without the function context), and the lines. "index" lines and the
 * "diff --git" line are left out (blob ids cannot be known from mail). */
static char *normalise(void *ctx, const char *diff)
{
	char *out = talloc_strdup(ctx, "");
	for (const char *l = diff; *l;) {
		size_t n = strcspn(l, "\n");
		if (strncmp(l, "index ", 6) == 0 || strncmp(l, "diff --git ", 11) == 0) {
			/* skip */
		} else if (strncmp(l, "@@ ", 3) == 0) {
			const char *e = strstr(l + 3, " @@");
			out = talloc_asprintf_append(out, "%.*s\n", (int)(e - l + 3), l);
		} else {
			out = talloc_asprintf_append(out, "%.*s\n", (int)n, l);
		}
		l += n + (l[n] == '\n');
	}
	return out;
}

/* ---- tree interdiffs: multicolor covers ------------------------------------ */

static void check_cover_interdiff(void *ctx, pb_index_t *idx, const char *old_root, const char *new_cover,
				  const char *heading)
{
	const pb_version_t *from = version_of(idx, old_root), *to = version_of(idx, new_cover);
	pb_interdiff_opts_t o = {0};
	pb_interdiff_t *d;
	pb_mail_t *cover;
	pb_error_t err = {0};
	char *want, *got;

	assert_int_equal(pb_index_load_mail(idx, ctx, to->cover, &cover, &err), PB_OK);
	want = normalise(ctx, section(ctx, cover->body, heading));
	o.tree = true;
	assert_int_equal(pb_interdiff_versions(ctx, &d, idx, from, to, &o, &err), PB_OK);
	assert_true(d->has_tree);
	assert_int_equal(d->n_skipped, 0);
	got = normalise(ctx, d->tree_text);
	if (strcmp(want, got) != 0) {
		print_error("v%d -> v%d: want\n%s\ngot\n%s\n", from->version, to->version, want, got);
		fail();
	}
	/* the lines carry their roles */
	assert_true(d->n_tree > 0);
	assert_int_equal(d->tree[0].role, PB_IDIFF_HEADER);
}

static void test_multicolor_cover_interdiffs(void **state)
{
	void *ctx;
	pb_index_t *idx;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	idx = open_corpus(ctx, "lore-linux-pwm/multicolor-pwm-led.linux-pwm-view.mbox");
	check_cover_interdiff(ctx, idx, "20220125092239.2006333-1-sven@svenschwermer.de",
			      "20220125151226.31049-1-sven@svenschwermer.de", "Interdiff against v1:");
	check_cover_interdiff(ctx, idx, "20220125151226.31049-1-sven@svenschwermer.de",
			      "20220126104844.246068-1-sven@svenschwermer.de", "Interdiff against v2:");
	check_cover_interdiff(ctx, idx, "20220126104844.246068-1-sven@svenschwermer.de",
			      "20220206193554.171070-1-sven@svenschwermer.de", "Interdiff against v3:");
	check_cover_interdiff(ctx, idx, "20220206193554.171070-1-sven@svenschwermer.de",
			      "20220207100326.426940-1-sven@svenschwermer.de", "Interdiff against v4:");
	talloc_free(ctx);
}

/* ---- unchanged pairs from PATCH-IDS.json ------------------------------------ */

/* patch_id of MSGID in PATCH-IDS.json, or NULL. */
static char *json_patch_id(void *ctx, const char *json, const char *msgid)
{
	char *key = talloc_asprintf(ctx, "\"msgid\": \"%s\"", msgid);
	const char *p = strstr(json, key), *q;
	if (!p)
		return NULL;
	p = strstr(p, "\"patch_id\": \"");
	assert_non_null(p);
	p += 13;
	q = strchr(p, '"');
	return talloc_strndup(ctx, p, (size_t)(q - p));
}

static void check_family(void *ctx, const char *json, const char *file, const char *any_msgid,
			 unsigned *n_unchanged)
{
	pb_index_t *idx = open_corpus(ctx, file);
	pb_series_t *s = series_of(idx, any_msgid);
	pb_error_t err = {0};
	for (size_t vi = 1; vi < s->n_versions; vi++) {
		pb_interdiff_t *d;
		assert_int_equal(pb_interdiff_versions(ctx, &d, idx, s->versions[vi - 1], s->versions[vi], NULL, &err),
				 PB_OK);
		for (size_t i = 0; i < d->n_pairs; i++) {
			const pb_idiff_pair_t *p = &d->pairs[i];
			char *a, *b;
			if (!p->old_patch || !p->new_patch)
				continue;
			a = json_patch_id(ctx, json, p->old_patch->rec->msgid);
			b = json_patch_id(ctx, json, p->new_patch->rec->msgid);
			if (!a || !b)
				continue;
			/* equal in the oracle <=> unchanged here */
			assert_int_equal(strcmp(a, b) == 0, p->status == PB_PAIR_UNCHANGED);
			if (p->status != PB_PAIR_UNCHANGED)
				continue;
			(*n_unchanged)++;
			assert_string_equal(p->old_patch_id, a);
			assert_false(p->diff_changed);
			/* the interdiff of the code is empty */
			for (size_t k = 0; k < p->n_lines; k++)
				assert_true(p->lines[k].role == PB_IDIFF_HEADER || p->lines[k].role == PB_IDIFF_CONTEXT ||
					    p->lines[k].inner <= PB_IDIFF_IN_MESSAGE);
		}
	}
}

static void test_patch_ids_unchanged(void **state)
{
	void *ctx;
	char *json;
	unsigned n = 0;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	json = pbt_read(ctx, pbt_corpus_path(ctx, "PATCH-IDS.json"), NULL);
	check_family(ctx, json, "lore-linux-pwm/multicolor-pwm-led.linux-pwm-view.mbox",
		     "20220125092239.2006333-1-sven@svenschwermer.de", &n);
	check_family(ctx, json, "lore-intel-wired-lan/iavf-devlink-v1-v4-chained-covers.mbox",
		     "20230727021021.961119-2-wenjun1.wu@intel.com", &n);
	check_family(ctx, json, "lore-linux-pwm/gpio-mvebu-v2-in-reply-to-v1-deep.mbox",
		     "20220714115515.5748-1-pali@kernel.org", &n);
	/* multicolor v5 2/2 = v6 3/3 (renumbered), v6..v8: 1/3 and 3/3 ... */
	assert_true(n >= 10);
	talloc_free(ctx);
}

static void test_multicolor_renumbered(void **state)
{
	void *ctx;
	pb_index_t *idx;
	pb_interdiff_t *d;
	pb_error_t err = {0};
	bool found = false;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	idx = open_corpus(ctx, "lore-linux-pwm/multicolor-pwm-led.linux-pwm-view.mbox");
	/* v5 has 2 patches, v6 has 3: 1/3 is new, v5 2/2 is v6 3/3 */
	assert_int_equal(pb_interdiff_versions(ctx, &d, idx, version_of(idx, "20220207100326.426940-1-sven@svenschwermer.de"),
					       version_of(idx, "20220208191236.660172-1-sven@svenschwermer.de"), NULL, &err),
			 PB_OK);
	assert_int_equal(d->counts[PB_PAIR_ADDED], 1);
	assert_int_equal(d->counts[PB_PAIR_DROPPED], 0);
	for (size_t i = 0; i < d->n_pairs; i++) {
		const pb_idiff_pair_t *p = &d->pairs[i];
		if (p->old_pos == 2) {
			assert_int_equal(p->new_pos, 3);
			assert_int_equal(p->status, PB_PAIR_UNCHANGED);
			found = true;
		}
		if (p->status == PB_PAIR_ADDED)
			assert_string_equal(p->new_title, "dt-bindings: leds: Optional multi-led unit address");
	}
	assert_true(found);
	talloc_free(ctx);
}

/* ---- the clk v3 cover's range-diff ------------------------------------------- */

static void test_clk_range_diff(void **state)
{
	void *ctx;
	pb_index_t *idx;
	pb_interdiff_t *d;
	pb_mail_t *cover;
	pb_error_t err = {0};
	const pb_version_t *v2, *v3;
	char *rd, *text;
	static const char status[] = {'=', '!', '>', '<'};
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	idx = open_corpus(ctx, "lore-linux-pwm/clk-devm-helpers-v1-v8-uwe.mbox");
	v2 = version_of(idx, "20210301110821.1445756-1-uwe@kleine-koenig.org");
	v3 = version_of(idx, "20210301135053.1462168-1-u.kleine-koenig@pengutronix.de");
	assert_int_equal(pb_index_load_mail(idx, ctx, v3->cover, &cover, &err), PB_OK);
	rd = section(ctx, cover->body, "Range-diff against v2:");
	assert_int_equal(pb_interdiff_versions(ctx, &d, idx, v2, v3, NULL, &err), PB_OK);
	assert_int_equal(d->n_pairs, 3);
	text = pb_interdiff_format(ctx, d);
	for (const char *l = rd; *l;) {
		size_t n = strcspn(l, "\n");
		if (l[0] >= '1' && l[0] <= '9' && l[1] == ':') {
			/* "1:  7203dc0837af ! 1:  3faadae49fed title" */
			int a = l[0] - '0', b;
			char st = l[17];
			b = l[19] - '0';
			assert_int_equal(d->pairs[b - 1].old_pos, a);
			assert_int_equal(d->pairs[b - 1].new_pos, b);
			assert_int_equal(status[d->pairs[b - 1].status], st);
		} else if (n > 6 && strncmp(l, "    ", 4) == 0 && (l[4] == '-' || l[4] == '+') &&
			   (l[5] == '-' || l[5] == '+')) {
			/* every changed line of the oracle is in ours */
			char *want = talloc_asprintf(ctx, "%.*s\n", (int)n, l);
			pbt_assert_contains(text, want);
		}
		l += n + (l[n] == '\n');
	}
	talloc_free(ctx);
}

/* ---- git range-diff on a real repository ------------------------------------- */

static char *make_series(void *ctx)
{
	char *dir = pbt_tmpdir(ctx);
	const char *src = getenv("PB_SRCDIR");
	pbt_sh("sh '%s/tests/data/mkseries.sh' '%s/s' >/dev/null 2>&1", src && *src ? src : ".", dir);
	return talloc_asprintf(ctx, "%s/s", dir);
}

static void test_git_range_diff(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = make_series(ctx), *out, *db;
	const char *files[3];
	pb_index_t *idx;
	pb_series_t *s;
	pb_interdiff_t *d;
	pb_error_t err = {0};
	size_t k = 0;
	const char *argv[] = {"git", "-C", NULL, "range-diff", "--no-color", "base", "v1", "v2", NULL};
	(void)state;

	files[0] = talloc_asprintf(ctx, "%s/v1.mbox", dir);
	files[1] = talloc_asprintf(ctx, "%s/v2.mbox", dir);
	files[2] = NULL;
	db = pbt_notmuch_db(ctx, files);
	idx = pbt_index(ctx, db, NULL);
	assert_int_equal(pb_index_series(idx)->n, 1);
	s = pb_index_series(idx)->v[0];
	assert_int_equal(s->n_versions, 2);
	assert_int_equal(pb_interdiff_versions(ctx, &d, idx, s->versions[0], s->versions[1], NULL, &err), PB_OK);

	argv[2] = talloc_asprintf(ctx, "%s/repo", dir);
	assert_int_equal(pbt_run(ctx, &out, NULL, NULL, argv), 0);
	/* git's "a:  sha X b:  sha title" lines against our pairs, in order */
	for (const char *l = out; *l;) {
		size_t n = strcspn(l, "\n");
		int a = 0, b = 0;
		char sha1[41], sha2[41], st;
		if ((l[0] == '-' || (l[0] >= '1' && l[0] <= '9')) && l[1] == ':') {
			const pb_idiff_pair_t *p;
			assert_true(sscanf(l, "%d:", &a) == 1 || l[0] == '-');
			assert_int_equal(sscanf(strchr(l, ':') + 1, " %40s %c %d", sha1, &st, &b) >= 2, 1);
			assert_true(k < d->n_pairs);
			p = &d->pairs[k++];
			assert_int_equal(p->old_pos, l[0] == '-' ? 0 : a);
			if (st == '>')
				assert_int_equal(p->status, PB_PAIR_ADDED);
			else if (st == '<')
				assert_int_equal(p->status, PB_PAIR_DROPPED);
			else if (st == '=')
				assert_int_equal(p->status, PB_PAIR_UNCHANGED);
			else if (p->status == PB_PAIR_UNCHANGED)
				assert_true(p->message_changed); /* git: '!' for a new message */
			else
				assert_int_equal(p->status, PB_PAIR_CHANGED);
			(void)sha2;
		}
		l += n + (l[n] == '\n');
	}
	assert_int_equal(k, d->n_pairs);
	assert_int_equal(d->counts[PB_PAIR_UNCHANGED], 2);
	assert_int_equal(d->counts[PB_PAIR_CHANGED], 1);
	assert_int_equal(d->counts[PB_PAIR_ADDED], 1);
	assert_int_equal(d->counts[PB_PAIR_DROPPED], 1);
	/* the changed pair shows the changed line of code */
	pbt_assert_contains(pb_interdiff_format(ctx, d), "    ++int widget_20(void) { return 22; }\n");
	talloc_free(ctx);
}

/* A creation factor of 1% leaves even similar patches unpaired. */
static void test_creation_factor(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = make_series(ctx);
	const char *files[] = {talloc_asprintf(ctx, "%s/v1.mbox", dir), talloc_asprintf(ctx, "%s/v2.mbox", dir), NULL};
	pb_index_t *idx = pbt_index(ctx, pbt_notmuch_db(ctx, files), NULL);
	pb_series_t *s = pb_index_series(idx)->v[0];
	pb_interdiff_opts_t o = {0};
	pb_interdiff_t *d;
	pb_error_t err = {0};
	(void)state;
	o.creation_factor = 1;
	o.tree = true;
	assert_int_equal(pb_interdiff_versions(ctx, &d, idx, s->versions[0], s->versions[1], &o, &err), PB_OK);
	assert_int_equal(d->counts[PB_PAIR_CHANGED], 0);
	assert_int_equal(d->counts[PB_PAIR_UNCHANGED], 2); /* equal patch-ids still pair */
	assert_int_equal(d->counts[PB_PAIR_ADDED], 2);
	assert_int_equal(d->counts[PB_PAIR_DROPPED], 2);
	/* the tree interdiff: v1 and v2 against one rebuilt base */
	pbt_assert_contains(d->tree_text, "-int widget_20(void) { return 21; }\n+int widget_20(void) { return 22; }\n");
	pbt_assert_contains(d->tree_text, "+static int knob = 1;\n");
	pbt_assert_contains(d->tree_text, "+int widget_30(void) { return 30; }\n");
	talloc_free(ctx);
}

/* A patch whose diff is the same but whose commit message got a trailer is
 * unchanged by patch-id yet not the same: the counts say so, not just
 * "0 changed" (issue 11). */
static void test_message_only_counts(void **state)
{
	void *ctx = talloc_new(NULL);
	const char *diff = "---\ndiff --git a/w.c b/w.c\n--- a/w.c\n+++ b/w.c\n@@ -1 +1 @@\n-a\n+b\n";
	const char *msgs[2][2] = {{"Fix it.\n\nSigned-off-by: A <a@example.org>\n",
				   "Tidy it.\n\nSigned-off-by: A <a@example.org>\n"},
				  {"Fix it.\n\nReviewed-by: R <r@example.org>\nSigned-off-by: A <a@example.org>\n",
				   "Tidy it.\n\nSigned-off-by: A <a@example.org>\n"}};
	pb_mail_t *m[2][2];
	pb_interdiff_t *d;
	pb_error_t err = {0};
	(void)state;
	for (int v = 0; v < 2; v++)
		for (int i = 0; i < 2; i++) {
			char *raw = talloc_asprintf(ctx, "From: A <a@example.org>\nSubject: [PATCH %d/2] w: Step %d\n"
						    "Message-ID: <mo-%d-%d@x>\n\n%s%s", i + 1, i + 1, v, i, msgs[v][i],
						    i ? "---\ndiff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-c\n+d\n"
						      : diff);
			assert_int_equal(pb_mail_parse(ctx, &m[v][i], raw, strlen(raw), NULL), PB_OK);
		}
	assert_int_equal(pb_interdiff_mails(ctx, &d, (const pb_mail_t *const *)m[0], 2, (const pb_mail_t *const *)m[1],
					    2, NULL, &err), PB_OK);
	assert_int_equal(d->counts[PB_PAIR_UNCHANGED], 2);
	assert_int_equal(d->counts[PB_PAIR_CHANGED], 0);
	assert_int_equal(d->n_message_only, 1);
	assert_true(d->pairs[0].message_changed);
	assert_false(d->pairs[1].message_changed);
	assert_string_equal(pb_interdiff_counts(ctx, d),
			    "2 unchanged (1 with a new commit message), 0 changed, 0 added, 0 dropped");
	/* the same mails twice: nothing new */
	assert_int_equal(pb_interdiff_mails(ctx, &d, (const pb_mail_t *const *)m[1], 2, (const pb_mail_t *const *)m[1],
					    2, NULL, &err), PB_OK);
	assert_string_equal(pb_interdiff_counts(ctx, d), "2 unchanged, 0 changed, 0 added, 0 dropped");
	talloc_free(ctx);
}

/* ---- errors -------------------------------------------------------------------- */

static void test_errors(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t m = {0};
	const pb_mail_t *one[] = {&m};
	const char *bad[] = {"diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n+b\n"};
	pb_interdiff_t *d;
	pb_error_t err = {0};
	char *text;
	(void)state;
	/* a mail without a diff takes part with its message */
	m.subject = (char *)"[PATCH] x: Say hello";
	m.message = (char *)"Hello.\n";
	m.author.name = (char *)"A";
	m.author.email = (char *)"a@example.org";
	assert_int_equal(pb_interdiff_mails(ctx, &d, one, 1, one, 1, NULL, &err), PB_OK);
	assert_int_equal(d->counts[PB_PAIR_UNCHANGED], 1);
	assert_int_equal(pb_interdiff_patch_text(ctx, &text, &m, &err), PB_OK);
	assert_string_equal(text, " ## Metadata ##\nAuthor: A <a@example.org>\n\n ## Commit message ##\n"
				  "    x: Say hello\n\n    Hello.\n\n");
	/* a diff that libgit2 cannot parse: the tree interdiff reports it */
	assert_int_not_equal(pb_interdiff_tree(ctx, &d, bad, 1, bad, 1, NULL, &err), PB_OK);
	assert_int_equal(err.status, PB_ERR_PARSE);
	talloc_free(ctx);
}

/* Nothing is left behind on the NULL context by a full run. */
static void test_no_leaks(void **state)
{
	void *ctx;
	char *dir;
	size_t before;
	(void)state;
	ctx = talloc_new(NULL);
	dir = make_series(ctx);
	{
		const char *files[] = {talloc_asprintf(ctx, "%s/v1.mbox", dir), talloc_asprintf(ctx, "%s/v2.mbox", dir), NULL};
		char *db = pbt_notmuch_db(ctx, files);
		void *work;
		pb_index_t *idx;
		pb_series_t *s;
		pb_interdiff_opts_t o = {0};
		pb_interdiff_t *d;
		pb_error_t err = {0};
		before = talloc_total_blocks(NULL);
		work = talloc_new(NULL);
		idx = pbt_index(work, db, NULL);
		s = pb_index_series(idx)->v[0];
		o.tree = true;
		assert_int_equal(pb_interdiff_versions(work, &d, idx, s->versions[0], s->versions[1], &o, &err), PB_OK);
		talloc_free(work);
		assert_int_equal(talloc_total_blocks(NULL), before);
	}
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_assign_optimal),
		cmocka_unit_test(test_multicolor_cover_interdiffs),
		cmocka_unit_test(test_patch_ids_unchanged),
		cmocka_unit_test(test_multicolor_renumbered),
		cmocka_unit_test(test_clk_range_diff),
		cmocka_unit_test(test_git_range_diff),
		cmocka_unit_test(test_creation_factor),
		cmocka_unit_test(test_message_only_counts),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_no_leaks),
	};
	int rc;
	talloc_enable_null_tracking();
	pbt_setup_env();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	talloc_disable_null_tracking();
	return rc;
}
