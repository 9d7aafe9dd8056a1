/* test_trailers.c: trailer collection.
 * - b4's trailers-followup-* samples: the trailer block of every patch that
 *   patchbay am writes equals the block of b4's reference output;
 * - patchew's tag cases; parsing rules on fixtures that need no corpus. */
#include "tests/lib/pbtest.h"
#include "patchbay/am.h"
#include "patchbay/mail.h"
#include "patchbay/mbox.h"
#include "patchbay/trailer.h"

static const pb_person_t me = {(char *)"Test Override", (char *)"test-override@example.com"};

struct msgs {
	void *ctx;
	pb_mail_t *m[16];
	int n;
};

static int collect(void *payload, const char *msg, size_t len)
{
	struct msgs *c = payload;
	if (c->n < 16 && pb_mail_parse(c->ctx, &c->m[c->n], msg, len, NULL) == PB_OK)
		c->n++;
	return 0;
}

/* The last paragraph of a commit message: its trailer block. */
static const char *last_paragraph(const char *message)
{
	const char *e = message + strlen(message), *p;
	while (e > message && e[-1] == '\n')
		e--;
	for (p = e; p > message; p--)
		if (p - message >= 2 && p[-1] == '\n' && p[-2] == '\n')
			break;
	return p;
}

static void compare_am(const char *src, const char *ref, const pb_am_opts_t *o)
{
	void *ctx = talloc_new(NULL);
	char *db = pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, talloc_asprintf(ctx, "b4-synthetic/%s", src)));
	pb_index_t *idx = pbt_index(ctx, db, NULL);
	const pb_series_set_t *set = pb_index_series(idx);
	struct msgs want = {ctx, {0}, 0}, got = {ctx, {0}, 0};
	char *mbox, *refdata;
	size_t n, len;
	pb_error_t err = {0};
	pb_series_t *s = NULL;

	/* the series is the one with patches (followups may start threads) */
	for (size_t i = 0; i < set->n; i++)
		if (pb_series_latest(set->v[i])->n_patches)
			s = set->v[i];
	assert_non_null(s);
	if (pb_am_mbox(ctx, &mbox, &n, idx, s, o, &err) != PB_OK)
		fail_msg("%s: %s", src, pb_error_msg(&err));
	{
		/* the same mbox with its reports, one per patch written, each
		 * what pb_am_report says of that patch's mail */
		pb_am_report_t *rep = NULL;
		char *mbox2;
		size_t n2;
		if (pb_am_mbox_report(ctx, &mbox2, &rep, &n2, idx, s, o, &err) != PB_OK)
			fail_msg("%s: %s", src, pb_error_msg(&err));
		assert_int_equal(n2, n);
		assert_string_equal(mbox2, mbox);
		assert_non_null(rep);
		for (size_t i = 0; i < n2; i++) {
			pb_am_report_t want_r;
			pb_mail_t *m;
			assert_non_null(rep[i].patch);
			if (i)
				assert_true(rep[i].patch->index > rep[i - 1].patch->index);
			assert_int_equal(pb_index_load_mail(idx, ctx, rep[i].patch->rec, &m, NULL), PB_OK);
			assert_int_equal(pb_am_report(ctx, &want_r, rep[i].patch, m, o), PB_OK);
			assert_ptr_equal(want_r.patch, rep[i].patch);
			assert_int_equal(rep[i].n_added, want_r.n_added);
			assert_int_equal(rep[i].n_left, want_r.n_left);
			for (size_t k = 0; k < want_r.n_added; k++)
				assert_string_equal(rep[i].added[k], want_r.added[k]);
			for (size_t k = 0; k < want_r.n_left; k++)
				assert_string_equal(pb_trailer_format(ctx, &rep[i].left[k]),
						    pb_trailer_format(ctx, &want_r.left[k]));
		}
		/* one free takes every report */
		assert_int_equal(talloc_free(rep), 0);
	}
	refdata = pbt_read(ctx, pbt_corpus_path(ctx, talloc_asprintf(ctx, "b4-synthetic/%s", ref)), &len);
	pb_mbox_split(NULL, refdata, len, collect, &want);
	pb_mbox_split(NULL, mbox, strlen(mbox), collect, &got);
	if (want.n != got.n)
		fail_msg("%s -> %s: %d messages, want %d", src, ref, got.n, want.n);
	for (int i = 0; i < want.n; i++) {
		const char *a = last_paragraph(want.m[i]->message), *b = last_paragraph(got.m[i]->message);
		assert_string_equal(got.m[i]->msgid, want.m[i]->msgid);
		if (strcmp(a, b) != 0) {
			fprintf(stderr, "%s -> %s, message %d <%s>:\n--- want\n%s--- got\n%s---\n", src, ref, i,
				    want.m[i]->msgid, a, b);
			fail();
		}
	}
	talloc_free(ctx);
}

static void test_b4_single(void **state)
{
	pb_am_opts_t o = {0};
	(void)state;
	PBT_NEED_CORPUS();
	compare_am("trailers-followup-single.mbox", "trailers-followup-single-ref-defaults.txt", &o);
	o.no_add = true;
	compare_am("trailers-followup-single.mbox", "trailers-followup-single-ref-noadd.txt", &o);
	o.no_add = false;
	o.signoff = &me;
	compare_am("trailers-followup-single.mbox", "trailers-followup-single-ref-addmysob.txt", &o);
	o.cc = true;
	compare_am("trailers-followup-single.mbox", "trailers-followup-single-ref-copyccs.txt", &o);
	o.trailer_order = "Cc,Tested*,Reviewed*,*";
	compare_am("trailers-followup-single.mbox", "trailers-followup-single-ref-ordered.txt", &o);
	o.cc = false;
	o.trailer_order = NULL;
	o.linkmask = "https://patch.msgid.link/%s";
	compare_am("trailers-followup-single.mbox", "trailers-followup-single-ref-addlink.txt", &o);
	o.linkmask = "Message-ID: <%s>";
	compare_am("trailers-followup-single.mbox", "trailers-followup-single-ref-addmsgid.txt", &o);
	o.linkmask = NULL;
	o.sloppy = true;
	compare_am("trailers-followup-single.mbox", "trailers-followup-single-ref-sloppy.txt", &o);
}

static void test_b4_with_cover(void **state)
{
	pb_am_opts_t o = {0};
	(void)state;
	PBT_NEED_CORPUS();
	o.signoff = &me;
	/* the cover letter's Reviewed-by goes to both patches */
	compare_am("trailers-followup-with-cover.mbox", "trailers-followup-with-cover-ref-defaults.txt", &o);
	o.linkmask = "https://patch.msgid.link/%s";
	compare_am("trailers-followup-with-cover.mbox", "trailers-followup-with-cover-ref-addlink.txt", &o);
}

static void test_b4_custody(void **state)
{
	pb_am_opts_t o = {0};
	(void)state;
	PBT_NEED_CORPUS();
	o.signoff = &me;
	o.cc = true;
	compare_am("trailers-followup-custody.mbox", "trailers-followup-custody-ref-unordered.txt", &o);
	o.trailer_order = "Cc,Fixes*,Link*,Suggested*,Reviewed*,Tested*,*";
	compare_am("trailers-followup-custody.mbox", "trailers-followup-custody-ref-ordered.txt", &o);
	o.trailer_order = NULL;
	o.ignore_from = "followup-reviewer1@example.com";
	compare_am("trailers-followup-custody.mbox", "trailers-followup-custody-ref-with-ignored.txt", &o);
}

static void test_b4_partial_reroll(void **state)
{
	pb_am_opts_t o = {0};
	(void)state;
	PBT_NEED_CORPUS();
	o.signoff = &me;
	compare_am("trailers-followup-partial-reroll.mbox", "trailers-followup-partial-reroll-ref-defaults.txt", &o);
}

static void test_b4_defaults(void **state)
{
	static const char *const names[] = {"nore", "non-git-patch", "non-git-patch-with-comments", "with-diffstat",
					    "name-parens", "bare-address", "stripped-lines", "htmljunk", NULL};
	pb_am_opts_t o = {0};
	(void)state;
	PBT_NEED_CORPUS();
	for (int i = 0; names[i]; i++) {
		void *ctx = talloc_new(NULL);
		char *ref = talloc_asprintf(ctx, "trailers-followup-%s-ref-defaults.txt", names[i]);
		char *refdata = pbt_read(ctx, pbt_corpus_path(ctx, talloc_asprintf(ctx, "b4-synthetic/%s", ref)), NULL);
		/* b4's test ran these with its own identity when the ref shows it */
		o.signoff = strstr(refdata, "Signed-off-by: Test Override") ? &me : NULL;
		compare_am(talloc_asprintf(ctx, "trailers-followup-%s.mbox", names[i]), ref, &o);
		talloc_free(ctx);
	}
}

/* ---- parsing rules, no corpus needed --------------------------------- */

static void test_followup_rules(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_trailer_list_t tl = {0};
	pb_person_t sender = {(char *)"Jane Doe", (char *)"jane@example.org"};
	(void)state;
	assert_int_equal(pb_trailer_parse_followup(ctx, &tl,
		"On Mon, X wrote:\n"
		"> Reviewed-by: Quoted Person <q@example.org>\n"
		"\n"
		"reviewed-BY: Jane Doe <jane@example.org>\n"
		"Tested-by: Jane Doe <jane+lists@example.org>\n"
		"Acked-by: Someone Else <else@example.org>\n"
		"Link: https://example.org/x\n"
		"Fixes: 0123456789ab (\"widget: x\")\n"
		"Note: mail me at jane@example.org\n"
		"Signed-off-by: Long Name\n<jane@example.org>\n"
		"-- \n"
		"Acked-by: Below Signature <sig@example.org>\n", &sender, "m@x"), PB_OK);
	assert_int_equal(tl.n, 5);
	assert_string_equal(tl.v[0].name, "Reviewed-by");          /* canonical spelling */
	assert_false(tl.v[0].flags & PB_TRAILER_MISMATCH);
	assert_string_equal(tl.v[1].name, "Tested-by");
	assert_false(tl.v[1].flags & PB_TRAILER_MISMATCH);          /* +suffix matches */
	assert_string_equal(tl.v[2].name, "Acked-by");
	assert_true(tl.v[2].flags & PB_TRAILER_MISMATCH);           /* not the sender */
	assert_string_equal(tl.v[3].name, "Fixes");
	assert_string_equal(tl.v[4].name, "Signed-off-by");          /* wrapped address joined */
	assert_string_equal(tl.v[4].value, "Long Name <jane@example.org>");
	talloc_free(ctx);
}

/* "For the whole series:" above a reviewer's trailers, or "(for all
 * patches in the series)" under them, gives them to every patch. */
static void test_series_wide_rules(void **state)
{
	static const char *const yes[] = {
		"For the whole series:", "for the series", "So, for the series:", "For series:",
		"For the entire series,", "for this series", "To the whole series:", "(for all patches in the series)",
		"for all patches in the series.", "for all of the patches", "Whole series:", "Entire set:",
		"for the whole patchset", NULL};
	static const char *const no[] = {
		"Thanks for the series!", "for the rest of the series", "For the series except patch 3:",
		"for the series up to patch 4", "I like this series", "for patches 1-3", "for the set of changes",
		"I'll take the whole series for 6.1", "for these patches", "", NULL};
	void *ctx = talloc_new(NULL);
	pb_person_t sender = {(char *)"Jane Doe", (char *)"jane@example.org"};
	struct {
		const char *body;
		unsigned want[3]; /* PB_TRAILER_SERIES on trailer 0, 1, 2 */
		size_t n;
	} cases[] = {
		{"For the whole series:\nReviewed-by: Jane Doe <jane@example.org>\n", {1}, 1},
		{"For the series:\n\nReviewed-by: Jane Doe <jane@example.org>\nTested-by: Jane Doe <jane@example.org>\n",
		 {1, 1}, 2},
		{"Reviewed-by: Jane Doe <jane@example.org>\n(for all patches in the series)\n", {1}, 1},
		{"Reviewed-by: Jane Doe <jane@example.org>\n\nfor all patches in the series.\n\n\nThanks,\n", {1}, 1},
		/* two blank lines: another paragraph */
		{"For the whole series:\n\n\nReviewed-by: Jane Doe <jane@example.org>\n", {0}, 1},
		{"Reviewed-by: Jane Doe <jane@example.org>\n\n\nfor the whole series\n", {0}, 1},
		/* quoted, thanked, or a paragraph in between */
		{"> For the whole series:\nReviewed-by: Jane Doe <jane@example.org>\n", {0}, 1},
		{"Thanks for the series!\nReviewed-by: Jane Doe <jane@example.org>\n", {0}, 1},
		{"For the whole series:\nsome remark\nReviewed-by: Jane Doe <jane@example.org>\n", {0}, 1},
		/* only the block next to the line */
		{"Acked-by: Jane Doe <jane@example.org>\n\nmore text\n\nReviewed-by: Jane Doe <jane@example.org>\n"
		 "for the series\n", {0, 1}, 2},
	};
	(void)state;
	for (int i = 0; yes[i]; i++)
		if (!pb_trailer_says_series(yes[i], strlen(yes[i])))
			fail_msg("\"%s\" gives the trailers to the series", yes[i]);
	for (int i = 0; no[i]; i++)
		if (pb_trailer_says_series(no[i], strlen(no[i])))
			fail_msg("\"%s\" does not give the trailers to the series", no[i]);
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		pb_trailer_list_t tl = {0};
		assert_int_equal(pb_trailer_parse_followup(ctx, &tl, cases[c].body, &sender, "m@x"), PB_OK);
		if (tl.n != cases[c].n)
			fail_msg("case %zu: %zu trailers, want %zu", c, tl.n, cases[c].n);
		for (size_t k = 0; k < tl.n; k++)
			if (!!(tl.v[k].flags & PB_TRAILER_SERIES) != !!cases[c].want[k])
				fail_msg("case %zu, trailer %zu: series-wide %d, want %u", c, k,
					 !!(tl.v[k].flags & PB_TRAILER_SERIES), cases[c].want[k]);
	}
	talloc_free(ctx);
}

/* P's collected trailer equal to WANT; fails the test when it has none. */
static const pb_trailer_t *patch_has(const pb_patch_t *p, const pb_trailer_t *want, int pass)
{
	const pb_trailer_list_t *tl = &p->trailers;
	for (size_t x = 0; x < tl->n; x++)
		if (pb_trailer_eq(&tl->v[x], want))
			return &tl->v[x];
	fail_msg("pass %d: v%d %d/%d lacks %s: %s", pass, p->version->version, p->index, p->version->total, want->name,
		 want->value);
	return NULL;
}

/* Real mail (LTP, swapon03 v1..v5, read by hand): Avinesh Kumar's
 * Reviewed-by, in reply to a reply to v1 2/3 with "(for all patches in the
 * series)" under it, and in reply to v2 5/5 with "for all patches in the
 * series." a blank line below, is on every patch of v1 and of v2 (and in
 * what am writes), counted once; his plain ones stay where they were
 * given. Cold and from the cache. */
static void test_series_wide_ltp(void **state)
{
	void *ctx;
	char *db, *cache;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	db = pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, "lore-ltp/ltp-swapon03-v1-v5.mbox"));
	cache = pbt_tmpdir(ctx);
	for (int pass = 0; pass < 3; pass++) {
		pb_index_t *idx = pbt_index(ctx, db, pass ? cache : NULL);
		pb_series_t *s = NULL;
		pb_version_t *v;
		const pb_trailer_t want = {.name = (char *)"Reviewed-by", .value = (char *)"Avinesh Kumar <akumar@suse.de>"};
		unsigned a, r, t;
		char *mbox;
		size_t n;
		assert_int_equal(pb_index_find(idx, "20251106163500.1063704-6-pvorel@suse.cz", &s, &v, NULL), PB_OK);
		assert_int_equal(v->version, 2);
		assert_int_equal(v->n_patches, 5);
		for (size_t k = 0; k < v->n_patches; k++) {
			const pb_trailer_t *got = patch_has(v->patches[k], &want, pass);
			assert_true(got->flags & PB_TRAILER_SERIES);
			assert_string_equal(got->msgid, "12777454.O9o76ZdvQC@thinkpad");
		}
		/* Li Wang's on 3/5, and Avinesh's once (not five times) */
		pb_version_tag_counts(v, &a, &r, &t);
		assert_int_equal(r, 2);
		assert_int_equal(pb_am_mbox(ctx, &mbox, &n, idx, s, &(pb_am_opts_t){.version = 2}, NULL), PB_OK);
		{
			size_t hits = 0;
			for (const char *q = mbox; (q = strstr(q, "Reviewed-by: Avinesh Kumar <akumar@suse.de>\n")); q++)
				hits++;
			assert_int_equal(hits, 5);
		}
		v = pb_series_version(s, 1);
		assert_non_null(v);
		assert_int_equal(v->n_patches, 3);
		for (size_t k = 0; k < v->n_patches; k++)
			assert_string_equal(patch_has(v->patches[k], &want, pass)->msgid, "3388220.aeNJFYEL58@thinkpad");
	}
	talloc_free(ctx);
}

static void test_message_block(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_trailer_list_t tl = {0};
	(void)state;
	assert_int_equal(pb_trailer_parse_message(ctx, &tl,
		"Subject text\n\nBody: not a trailer block, it is prose.\n\n"
		"Fixes: abcdef012345 (\"x\")\nCc: stable@vger.kernel.org # 5.10\n"
		"Signed-off-by: A U Thor <a@example.org>\n"), PB_OK);
	assert_int_equal(tl.n, 3);
	assert_string_equal(tl.v[1].value, "stable@vger.kernel.org");
	assert_string_equal(tl.v[1].extinfo, " # 5.10");
	assert_true(tl.v[2].flags & PB_TRAILER_OWN);
	talloc_free(ctx);
	ctx = talloc_new(NULL);
	tl.n = 0;
	tl.v = NULL;
	/* a last paragraph of prose is no trailer block */
	assert_int_equal(pb_trailer_parse_message(ctx, &tl, "Title\n\nJust prose here.\n"), PB_OK);
	assert_int_equal(tl.n, 0);
	talloc_free(ctx);
}

static void test_am_selection(void **state)
{
	(void)state;
	assert_int_equal(pb_am_selected(NULL, 3), PB_AM_SELECTED);
	assert_int_equal(pb_am_selected("1,3-5", 4), PB_AM_SELECTED);
	assert_int_equal(pb_am_selected("1,3-5", 2), PB_AM_NOT_SELECTED);
	assert_int_equal(pb_am_selected("5-3", 4), PB_AM_SPEC_BAD);
	assert_int_equal(pb_am_selected("x", 1), PB_AM_SPEC_BAD);
	assert_int_equal(pb_am_selected("0", 1), PB_AM_SPEC_BAD);
}

/* Every well-formed list, and every malformed one whatever the patch
 * asked about: junk after the item that chooses it is no excuse. */
static void test_am_selection_spec(void **state)
{
	/* (blanks around an item or a dash, as a person types "1, 3"; not
	 * between two numbers) */
	static const char *const good[] = {"1", "2", "1,3", "1-1", "1-3", "3-5", "1,3-5", "2,1", "1,1", "10-12,4",
					   "007", " 1", "1 ", "1, 2", "3 - 5", "1 ,\t3"};
	static const char *const bad[] = {"",     ",",   "1,",  ",1",   "1,x",  "x,1",  "1,,2", "2-",
					  "-2",   "3-1", "0",   "0-2",  "1-0",  " ",    "1, ",  "1 - ",
					  "1 2",  "+1",  "1-+3", "1--3", "1-3-5", "1.5",  "1;2",  "a",
					  "99999999999999999999", "1-99999999999999999999"};
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		for (int k = 0; k <= 13; k++)
			assert_int_not_equal(pb_am_selected(good[i], k), PB_AM_SPEC_BAD);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		for (int k = 0; k <= 13; k++) {
			if (pb_am_selected(bad[i], k) != PB_AM_SPEC_BAD)
				fail_msg("'%s' (patch %d) is not PB_AM_SPEC_BAD", bad[i], k);
		}
	/* what a good one chooses */
	assert_int_equal(pb_am_selected("1,3-5", 1), PB_AM_SELECTED);
	assert_int_equal(pb_am_selected("1,3-5", 3), PB_AM_SELECTED);
	assert_int_equal(pb_am_selected("1,3-5", 5), PB_AM_SELECTED);
	assert_int_equal(pb_am_selected("1,3-5", 6), PB_AM_NOT_SELECTED);
	assert_int_equal(pb_am_selected("1,3-5", 0), PB_AM_NOT_SELECTED);
	assert_int_equal(pb_am_selected("10-12,4", 4), PB_AM_SELECTED);
	assert_int_equal(pb_am_selected("10-12,4", 11), PB_AM_SELECTED);
	assert_int_equal(pb_am_selected("10-12,4", 9), PB_AM_NOT_SELECTED);
	assert_int_equal(pb_am_selected("2,1", 1), PB_AM_SELECTED);
	assert_int_equal(pb_am_selected("007", 7), PB_AM_SELECTED);
	assert_int_equal(pb_am_selected("1, 3 - 5", 4), PB_AM_SELECTED);
	assert_int_equal(pb_am_selected("1, 3 - 5", 2), PB_AM_NOT_SELECTED);
	assert_int_equal(pb_am_selected(NULL, 1), PB_AM_SELECTED);
}

/* patchew: case-insensitive tags, a reply's tag, series-level tags */
static void test_patchew_tags(void **state)
{
	void *ctx;
	pb_index_t *idx;
	pb_series_t *s;
	pb_version_t *v;
	pb_patch_t *p;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	idx = pbt_index(ctx, pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, "patchew/0002-unusual-cased-tags.mbox.gz")), NULL);
	s = pb_index_series(idx)->v[0];
	p = pb_series_latest(s)->patches[0];
	/* the tags are in the patch itself: Reviewed-By, tESTed-bY */
	assert_int_equal(p->own.n, 3);
	assert_string_equal(p->own.v[1].name, "Reviewed-by");
	assert_string_equal(p->own.v[2].name, "Tested-by");
	assert_string_equal(p->own.v[2].person.name, "Fam Zheng");

	idx = pbt_index(ctx, pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, "patchew/0003-single-patch-reviewed.mbox.gz")), NULL);
	p = pb_series_latest(pb_index_series(idx)->v[0])->patches[0];
	assert_int_equal(p->trailers.n, 1);
	assert_string_equal(pb_trailer_format(ctx, &p->trailers.v[0]), "Reviewed-by: Aurelien Jarno <aurelien@aurel32.net>");

	/* 0004: the cover's Reviewed-by is the series'; every patch gets it */
	idx = pbt_index(ctx, pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, "patchew/0004-multiple-patch-reviewed.mbox.gz")), NULL);
	assert_int_equal(pb_index_series(idx)->n, 1);
	v = pb_series_latest(pb_index_series(idx)->v[0]);
	assert_non_null(v->cover);
	assert_int_equal(v->n_patches, 2);
	assert_int_equal(v->n_missing, 0);
	assert_int_equal(v->cover_trailers.n, 1);
	assert_string_equal(pb_trailer_format(ctx, &v->cover_trailers.v[0]), "Reviewed-by: Eric Blake <eblake@redhat.com>");
	for (int i = 0; i < 2; i++) {
		assert_int_equal(v->patches[i]->own.n, 1);
		assert_string_equal(pb_trailer_format(ctx, &v->patches[i]->own.v[0]),
				    "Signed-off-by: Daniel P. Berrange <berrange@redhat.com>");
		assert_int_equal(v->patches[i]->trailers.n, 1);
		assert_true(v->patches[i]->trailers.v[0].flags & PB_TRAILER_COVER);
	}
	/* 0028: a base64 reply gives a non-ASCII tag */
	idx = pbt_index(ctx, pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, "patchew/0028-tags-need-8bit-encoding.mbox.gz")), NULL);
	s = pb_index_series(idx)->v[0];
	{
		char *mbox;
		size_t n;
		assert_int_equal(pb_am_mbox(ctx, &mbox, &n, idx, s, NULL, NULL), PB_OK);
		pbt_assert_contains(mbox, "SynICState *synic = get_synic(cs);");
		pbt_assert_contains(mbox, "Reviewed-by: Philippe Mathieu-Daudé <philmd@redhat.com>");
	}
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_followup_rules),
		cmocka_unit_test(test_series_wide_rules),
		cmocka_unit_test(test_series_wide_ltp),
		cmocka_unit_test(test_message_block),
		cmocka_unit_test(test_am_selection),
		cmocka_unit_test(test_am_selection_spec),
		cmocka_unit_test(test_b4_single),
		cmocka_unit_test(test_b4_with_cover),
		cmocka_unit_test(test_b4_custody),
		cmocka_unit_test(test_b4_partial_reroll),
		cmocka_unit_test(test_b4_defaults),
		cmocka_unit_test(test_patchew_tags),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("trailers", tests, NULL, NULL);
}
