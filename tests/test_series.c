/* test_series.c: grouping does not depend on the order mail arrives in.
 * Records are made straight from mail (no notmuch), grouped under many
 * permutations of their order, and the result must not change. */
#include "tests/lib/pbtest.h"
#include "core/model/series_priv.h"
#include "core/base/util.h"
#include "patchbay/mail.h"
#include "patchbay/mbox.h"

#include <dirent.h>
#include <stdlib.h>

struct recs {
	void *ctx;
	pb_msgrec_t *v;
	size_t n;
};

static int add_rec(void *payload, const char *msg, size_t len)
{
	struct recs *r = payload;
	pb_mail_t *m;
	if (pb_mail_parse(r->ctx, &m, msg, len, NULL) != PB_OK)
		return 0;
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].msgid, m->msgid) == 0)
			return 0; /* notmuch keeps one copy per Message-ID */
	r->v = talloc_realloc(r->ctx, r->v, pb_msgrec_t, r->n + 1);
	assert_int_equal(pb_msgrec_from_mail(r->ctx, &r->v[r->n], m, "", ""), PB_OK);
	r->n++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The grouping as text, independent of record order. */
static char *canon(void *ctx, const pb_series_set_t *set)
{
	char **lines = talloc_array(ctx, char *, set->n ? set->n : 1), *out = talloc_strdup(ctx, "");
	for (size_t i = 0; i < set->n; i++) {
		const pb_series_t *s = set->v[i];
		char *l = talloc_asprintf(ctx, "%s [%s]", s->id, pb_state_name(s->state));
		for (size_t k = 0; k < s->n_versions; k++) {
			const pb_version_t *v = s->versions[k];
			l = talloc_asprintf_append(l, " v%d%s(%s/%d:", v->version, (v->flags & PB_VER_REPOST) ? "+" : "",
						   v->cover ? v->cover->msgid : "-", v->total);
			for (size_t p = 0; p < v->n_patches; p++)
				l = talloc_asprintf_append(l, " %d=%s#%zu%s", v->patches[p]->index, v->patches[p]->rec->msgid,
							   v->patches[p]->trailers.n, v->patches[p]->inherited_from ? "i" : "");
			l = talloc_strdup_append(l, ")");
		}
		lines[i] = l;
	}
	qsort(lines, set->n, sizeof(char *), cmp_str);
	for (size_t i = 0; i < set->n; i++)
		out = talloc_asprintf_append(out, "%s\n", lines[i]);
	return out;
}

static uint32_t seed = 12345;
static uint32_t rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

static void check_permutations(struct recs *r, int rounds, const char *what)
{
	pb_series_set_t *set;
	char *want, *got;
	pb_msgrec_t *perm = talloc_array(r->ctx, pb_msgrec_t, r->n ? r->n : 1);
	struct set_priv *sp;
	char *memo;
	size_t memo_len;
	assert_int_equal(pb_series_group(r->ctx, &set, r->v, r->n, NULL), PB_OK);
	want = canon(r->ctx, set);
	/* the linker's memo of this grouping, for the permutations below */
	sp = set->priv;
	assert_non_null(sp->g.memo_out);
	memo_len = sp->g.memo_out_len;
	memo = talloc_memdup(r->ctx, sp->g.memo_out, memo_len);
	talloc_free(set);
	for (int round = 0; round < rounds; round++) {
		memcpy(perm, r->v, r->n * sizeof(*perm));
		if (round == 1) {
			for (size_t i = 0; i < r->n / 2; i++) { /* reversed */
				pb_msgrec_t t = perm[i];
				perm[i] = perm[r->n - 1 - i];
				perm[r->n - 1 - i] = t;
			}
		} else {
			for (size_t i = r->n; i > 1; i--) { /* shuffled */
				size_t j = rnd() % i;
				pb_msgrec_t t = perm[i - 1];
				perm[i - 1] = perm[j];
				perm[j] = t;
			}
		}
		/* the memo spares work and changes nothing, whole or cut short
		 * (a memo that does not add up is not used) */
		for (int m = 0; m < 3; m++) {
			const char *how = m == 0 ? "without the memo" : m == 1 ? "through the memo" : "with a cut memo";
			assert_int_equal(_pb_series_group(r->ctx, &set, perm, r->n, NULL, NULL, m ? memo : NULL,
							  m == 2 ? memo_len - 5 : m ? memo_len : 0, NULL),
					 PB_OK);
			sp = set->priv;
			if (m == 1 && sp->g.n_scored + sp->g.n_reused > 0)
				assert_true(sp->g.n_reused > 0 && sp->g.n_scored == 0);
			if (m == 2)
				assert_int_equal(sp->g.n_reused, 0);
			got = canon(r->ctx, set);
			if (strcmp(want, got) != 0) {
				fprintf(stderr, "%s: grouping %s depends on order (round %d)\n--- first\n%s--- then\n%s",
					what, how, round, want, got);
				fail();
			}
			talloc_free(set);
			talloc_free(got);
		}
	}
	talloc_free(perm);
}

/* v1 and v2 sent in the same second (two git format-patch runs). */
static void test_same_second_versions(void **state)
{
	struct recs r = {talloc_new(NULL), NULL, 0};
	char *m = talloc_strdup(r.ctx, "");
	pb_series_set_t *set;
	(void)state;
	for (int v = 1; v <= 2; v++) {
		const char *vs = v == 1 ? "" : "v2 ";
		m = talloc_asprintf_append(m,
			"From x Mon Sep 17 00:00:00 2001\nFrom: Ada <ada@example.org>\nSubject: [PATCH %s0/1] Count widgets right\n"
			"Message-ID: <c%d@x>\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\nblurb\n\n"
			"From x Mon Sep 17 00:00:00 2001\nFrom: Ada <ada@example.org>\nSubject: [PATCH %s1/1] widget: fix\n"
			"Message-ID: <p%d@x>\nIn-Reply-To: <c%d@x>\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\nfix\n---\n"
			"diff --git a/w.c b/w.c\n--- a/w.c\n+++ b/w.c\n@@ -1 +1 @@\n-a\n+b%d\n\n",
			vs, v, vs, v, v, v);
	}
	pb_mbox_split(NULL, m, strlen(m), add_rec, &r);
	assert_int_equal(r.n, 4);
	check_permutations(&r, 20, "same second");
	assert_int_equal(pb_series_group(r.ctx, &set, r.v, r.n, NULL), PB_OK);
	assert_int_equal(set->n, 1);
	assert_int_equal(set->v[0]->versions[0]->version, 1);
	assert_string_equal(set->v[0]->versions[0]->cover->msgid, "c1@x");
	assert_int_equal(set->v[0]->versions[1]->version, 2);
	talloc_free(r.ctx);
}

/* Replies come back in date order, a tie in Message-ID order, whatever the
 * order of the records: enough of them that the grouping sorts them the
 * way it sorts a large archive. */
static void test_replies_in_date_order(void **state)
{
	struct recs r = {talloc_new(NULL), NULL, 0};
	char *m = talloc_strdup(r.ctx,
		"From x Mon Sep 17 00:00:00 2001\nFrom: Ada <ada@example.org>\nSubject: [PATCH] widget: fix\n"
		"Message-ID: <p@x>\nDate: Sun, 31 Dec 2023 09:00:00 +0000\n\nfix\n---\n"
		"diff --git a/w.c b/w.c\n--- a/w.c\n+++ b/w.c\n@@ -1 +1 @@\n-a\n+b\n\n");
	static const char *const dates[] = {"Mon, 1 Jan 2024 11:00:00 +0000", "Tue, 2 Jan 2024 10:00:00 +0000",
					    "Thu, 1 Jan 1970 00:00:00 +0000", "Mon, 1 Jan 2024 10:00:00 +0000"};
	pb_series_set_t *set;
	pb_series_t *s;
	pb_version_t *v;
	const pb_msgrec_t **rv;
	size_t n;
	(void)state;
	/* 200 replies, four dates, Message-IDs that do not sort as sent */
	for (int i = 0; i < 200; i++)
		m = talloc_asprintf_append(m,
			"From x Mon Sep 17 00:00:00 2001\nFrom: Bob <bob@example.org>\nSubject: Re: [PATCH] widget: fix\n"
			"Message-ID: <r%03d@x>\nIn-Reply-To: <p@x>\nDate: %s\n\nok\n\n",
			(i * 37) % 200, dates[i % 4]);
	pb_mbox_split(NULL, m, strlen(m), add_rec, &r);
	assert_int_equal(r.n, 201);
	for (int round = 0; round < 4; round++) {
		for (size_t i = r.n; round && i > 1; i--) { /* shuffled */
			size_t j = rnd() % i;
			pb_msgrec_t t = r.v[i - 1];
			r.v[i - 1] = r.v[j];
			r.v[j] = t;
		}
		assert_int_equal(pb_series_group(r.ctx, &set, r.v, r.n, NULL), PB_OK);
		assert_int_equal(pb_series_set_find(set, "p@x", &s, &v, NULL), PB_OK);
		assert_int_equal(pb_series_version_replies(set, v, r.ctx, &rv, &n), PB_OK);
		assert_int_equal(n, 200);
		for (size_t i = 1; i < n; i++) {
			assert_true(rv[i - 1]->date <= rv[i]->date);
			if (rv[i - 1]->date == rv[i]->date)
				assert_true(strcmp(rv[i - 1]->msgid, rv[i]->msgid) < 0);
		}
		assert_string_equal(rv[0]->msgid, "r002@x"); /* (1970: the first date) */
		assert_string_equal(rv[n - 1]->msgid, "r197@x"); /* (the last date) */
		talloc_free(rv);
		talloc_free(set);
	}
	talloc_free(r.ctx);
}

/* Two authors post look-alike series (same titles, v1 then "v2"): never
 * linked. The same author doing so on the same files is one series. */
static void test_look_alike_authors(void **state)
{
	struct recs r = {talloc_new(NULL), NULL, 0};
	char *m = talloc_strdup(r.ctx, "");
	pb_series_set_t *set;
	const char *who[] = {"Ann A <ann@a.org>", "Bob B <bob@b.org>", "Ann A <ann@a.org>"};
	const char *id[] = {"a", "b", "c"};
	const char *file[] = {"a", "b", "a"};
	const char *ver[] = {"", "v2 ", "v2 "};
	(void)state;
	for (int k = 0; k < 3; k++)
		m = talloc_asprintf_append(m,
			"From x Mon Sep 17 00:00:00 2001\nFrom: %s\nSubject: [PATCH %s1/2] pwm: fix a typo\n"
			"Message-ID: <%s1@x>\nDate: Mon, %d Jan 2024 10:00:00 +0000\n\nfix\n---\n"
			"diff --git a/%s.c b/%s.c\n--- a/%s.c\n+++ b/%s.c\n@@ -1 +1 @@\n-a\n+b\n\n"
			"From x Mon Sep 17 00:00:00 2001\nFrom: %s\nSubject: [PATCH %s2/2] pwm: fix another typo\n"
			"Message-ID: <%s2@x>\nIn-Reply-To: <%s1@x>\nDate: Mon, %d Jan 2024 10:01:00 +0000\n\nfix\n---\n"
			"diff --git a/%s2.c b/%s2.c\n--- a/%s2.c\n+++ b/%s2.c\n@@ -1 +1 @@\n-a\n+b\n\n",
			who[k], ver[k], id[k], k + 1, file[k], file[k], file[k], file[k], who[k], ver[k], id[k], id[k], k + 1,
			file[k], file[k], file[k], file[k]);
	pb_mbox_split(NULL, m, strlen(m), add_rec, &r);
	assert_int_equal(r.n, 6);
	assert_int_equal(pb_series_group(r.ctx, &set, r.v, r.n, NULL), PB_OK);
	assert_int_equal(set->n, 2);
	for (size_t i = 0; i < set->n; i++) {
		const pb_series_t *s = set->v[i];
		if (strcmp(s->author.email, "bob@b.org") == 0) {
			assert_int_equal(s->n_versions, 1); /* Bob's "v2" is not Ann's */
		} else {
			assert_int_equal(s->n_versions, 2); /* Ann's v1 and v2 */
			assert_string_equal(s->versions[0]->root->msgid, "a1@x");
			assert_string_equal(s->versions[1]->root->msgid, "c1@x");
		}
	}
	talloc_free(r.ctx);
}

/* One posting: a cover (when N > 1) and N patches by WHO, version V
 * (0: unversioned), titled TITLE, patch i changing FILES[i % nfiles]
 * with content C; sent on day DAY. Message-IDs "<id>-<i>@x". */
static char *posting(void *ctx, const char *who, const char *id, int v, int n, const char *title,
		     const char *const *files, int nfiles, int c, int day, const char *body)
{
	char *o = talloc_strdup(ctx, "");
	const char *vs = v ? talloc_asprintf(ctx, "v%d ", v) : "";
	if (n > 1)
		o = talloc_asprintf_append(o,
			"From x Mon Sep 17 00:00:00 2001\nFrom: %s\nSubject: [PATCH %s0/%d] %s\n"
			"Message-ID: <%s-0@x>\nDate: Mon, %d Jan 2024 10:00:00 +0000\n\n%s\n\n",
			who, vs, n, title, id, day, body ? body : "a series");
	for (int i = 1; i <= n; i++) {
		const char *f = files[(i - 1) % nfiles];
		o = talloc_asprintf_append(o,
			"From x Mon Sep 17 00:00:00 2001\nFrom: %s\nSubject: [PATCH %s%d/%d] %s, part %d\n"
			"Message-ID: <%s-%d@x>\n%sDate: Mon, %d Jan 2024 10:0%d:00 +0000\n\nfix\n---\n"
			"diff --git a/%s b/%s\n--- a/%s\n+++ b/%s\n@@ -1 +1 @@\n-a\n+b%d\n\n",
			who, vs, i, n, title, i, id, i,
			n > 1 ? talloc_asprintf(ctx, "In-Reply-To: <%s-0@x>\n", id) : "", day, i, f, f, f, f, c + i);
	}
	return o;
}

static const pb_series_t *series_of(const pb_series_set_t *set, const char *id)
{
	pb_series_t *s = NULL;
	assert_int_equal(pb_series_set_find(set, id, &s, NULL, NULL), PB_OK);
	return s;
}

/* The principles of docs/design.md, "Series identity", one by one. */
static void test_identity_principles(void **state)
{
	struct recs r = {talloc_new(NULL), NULL, 0};
	const char *ann = "Ann A <ann@a.org>";
	const char *fa[] = {"drivers/pwm/a.c", "drivers/pwm/a2.c"};
	const char *fb[] = {"drivers/mfd/b.c", "drivers/mfd/b2.c"};
	const char *fc[] = {"drivers/pwm/c.c"};
	const char *moved[] = {"drivers/pwm/new/a.c", "drivers/pwm/new/a2.c"};
	pb_series_set_t *set;
	char *m = talloc_strdup(r.ctx, "");
	(void)state;
	/* two v1 of one author, the same title and count, minutes apart, on
	 * other files: two series (titles alone never link) */
	m = talloc_asprintf_append(m, "%s", posting(r.ctx, ann, "p1", 0, 2, "pwm: include generic schema", fa, 2, 0, 1, NULL));
	m = talloc_asprintf_append(m, "%s", posting(r.ctx, ann, "q1", 0, 2, "pwm: include generic schema", fb, 2, 10, 1, NULL));
	/* p's v2, same files, new content: linked by title and files */
	m = talloc_asprintf_append(m, "%s", posting(r.ctx, ann, "p2", 2, 2, "pwm: include generic schema", fa, 2, 20, 5, NULL));
	/* a look-alike "v2" on files neither touched: its own series */
	m = talloc_asprintf_append(m, "%s", posting(r.ctx, ann, "x2", 2, 1, "pwm: include generic schema", fc, 1, 30, 6, NULL));
	/* p's v3 retitled, on the same files: linked as retitled */
	m = talloc_asprintf_append(m, "%s", posting(r.ctx, ann, "p3", 3, 2, "pwm: rework the bindings", fa, 2, 40, 9, NULL));
	/* p's v4: the files moved, the title stays: the file names match */
	m = talloc_asprintf_append(m, "%s", posting(r.ctx, ann, "p4", 4, 2, "pwm: rework the bindings", moved, 2, 50, 12, NULL));
	/* another author's v5 of the same title and files: never Ann's */
	m = talloc_asprintf_append(m, "%s", posting(r.ctx, "Bob B <bob@b.org>", "b5", 5, 2, "pwm: rework the bindings", moved, 2, 60, 13, NULL));
	/* q's v2, other files again but the changelog names v1 */
	m = talloc_asprintf_append(m, "%s", posting(r.ctx, ann, "q2", 2, 2, "pwm: include the generic schema", fc, 1, 70, 14,
						 "Changes since v1:\n- moved to the pwm binding"));
	pb_mbox_split(NULL, m, strlen(m), add_rec, &r);
	assert_int_equal(pb_series_group(r.ctx, &set, r.v, r.n, NULL), PB_OK);
	{
		const pb_series_t *p = series_of(set, "p1-0@x"), *q = series_of(set, "q1-0@x");
		assert_ptr_not_equal(p, q);
		assert_int_equal(p->n_versions, 4);
		assert_int_equal(p->versions[0]->link_reason, PB_LINK_NONE);
		assert_null(p->versions[0]->link_to);
		assert_int_equal(p->versions[1]->link_reason, PB_LINK_TITLE_PATHS);
		assert_string_equal(p->versions[1]->link_to->msgid, "p1-0@x");
		assert_int_equal(p->versions[2]->link_reason, PB_LINK_RETITLED);
		assert_int_equal(p->versions[3]->link_reason, PB_LINK_TITLE_PATHS);
		assert_ptr_equal(series_of(set, "p4-1@x"), p);
		assert_int_equal(series_of(set, "x2-1@x")->n_versions, 1);
		assert_int_equal(series_of(set, "b5-0@x")->n_versions, 1);
		assert_int_equal(q->n_versions, 2);
		assert_int_equal(q->versions[1]->link_reason, PB_LINK_TITLE_CHANGELOG);
		assert_int_equal(set->n, 4);
	}
	check_permutations(&r, 10, "principles");
	talloc_free(r.ctx);
}

/* A series never holds two different postings of one version: a second,
 * different v1 that looks like the first (same title, other count, the
 * same files) stays out, unless it is a RESEND or the same patches. */
static void test_one_posting_per_version(void **state)
{
	struct recs r = {talloc_new(NULL), NULL, 0};
	const char *ann = "Ann A <ann@a.org>";
	const char *fa[] = {"drivers/pwm/a.c", "drivers/pwm/a2.c"};
	pb_series_set_t *set;
	char *m = talloc_strdup(r.ctx, "");
	(void)state;
	m = talloc_asprintf_append(m, "%s", posting(r.ctx, ann, "a", 0, 2, "pwm: fix things", fa, 2, 0, 1, NULL));
	m = talloc_asprintf_append(m, "%s", posting(r.ctx, ann, "b", 0, 3, "pwm: fix things", fa, 2, 10, 2, NULL));
	/* the same patches as a, again: a repost, same series */
	m = talloc_asprintf_append(m, "%s", posting(r.ctx, ann, "c", 0, 2, "pwm: fix things", fa, 2, 0, 3, NULL));
	pb_mbox_split(NULL, m, strlen(m), add_rec, &r);
	assert_int_equal(pb_series_group(r.ctx, &set, r.v, r.n, NULL), PB_OK);
	assert_ptr_not_equal(series_of(set, "a-0@x"), series_of(set, "b-0@x"));
	assert_ptr_equal(series_of(set, "a-0@x"), series_of(set, "c-0@x"));
	assert_int_equal(series_of(set, "c-0@x")->versions[1]->link_reason, PB_LINK_PATCH_ID);
	check_permutations(&r, 10, "one per version");
	talloc_free(r.ctx);
}

/* Two v2s that want one v1: the v1 goes to the v2 more like it, whatever
 * came first. Ann's topics a and b touch the same files. a is retitled in
 * v2 and its changelog names v1; b keeps its title and says nothing. a's
 * v2 comes first and scores b's v1 highest (a similar title, a week
 * nearer, a changelog); b's v2 has b's v1's very title. Each must get its
 * own v1: a's v2 takes a's as retitled. */
static void test_contended_predecessor(void **state)
{
	struct recs r = {talloc_new(NULL), NULL, 0};
	const char *ann = "Ann A <ann@a.org>";
	const char *fa[] = {"drivers/pwm/a.c", "drivers/pwm/a2.c"};
	pb_series_set_t *set;
	char *m = talloc_strdup(r.ctx, "");
	(void)state;
	m = talloc_asprintf_append(m, "%s", posting(r.ctx, ann, "a1", 1, 2, "pwm: drop queue irq handling", fa, 2, 0, 1, NULL));
	m = talloc_asprintf_append(m, "%s", posting(r.ctx, ann, "b1", 1, 2, "pwm: rework lock queue handling", fa, 2, 10, 8, NULL));
	m = talloc_asprintf_append(m, "%s", posting(r.ctx, ann, "a2", 2, 2, "pwm: rework lock lock handling", fa, 2, 20, 14,
						 "Changes since v1:\n- retitled, as asked in review"));
	m = talloc_asprintf_append(m, "%s", posting(r.ctx, ann, "b2", 2, 2, "pwm: rework lock queue handling", fa, 2, 30, 19, NULL));
	pb_mbox_split(NULL, m, strlen(m), add_rec, &r);
	assert_int_equal(pb_series_group(r.ctx, &set, r.v, r.n, NULL), PB_OK);
	{
		const pb_series_t *a = series_of(set, "a1-0@x"), *b = series_of(set, "b1-0@x");
		assert_ptr_not_equal(a, b);
		assert_ptr_equal(series_of(set, "a2-0@x"), a);
		assert_ptr_equal(series_of(set, "b2-0@x"), b);
		assert_int_equal(a->n_versions, 2);
		assert_int_equal(a->versions[1]->link_reason, PB_LINK_RETITLED);
		assert_int_equal(b->versions[1]->link_reason, PB_LINK_TITLE_PATHS);
		assert_string_equal(b->versions[1]->link_to->msgid, "b1-0@x");
	}
	check_permutations(&r, 10, "contended predecessor");
	talloc_free(r.ctx);
}

/* The user's decisions as the index reads them from notmuch properties:
 * a split mark on any message of a posting (the cover may have come after
 * it was made on a patch) cuts it from the versions before it; a link
 * joins two postings nothing else ties, with the reason "user". */
static void test_user_decisions_in_grouping(void **state)
{
	struct recs r = {talloc_new(NULL), NULL, 0};
	const char *ann = "Ann A <ann@a.org>";
	const char *fa[] = {"drivers/pwm/a.c", "drivers/pwm/a2.c"};
	const char *fz[] = {"lib/z.c"};
	pb_series_set_t *set;
	char *m = talloc_strdup(r.ctx, "");
	(void)state;
	m = talloc_asprintf_append(m, "%s", posting(r.ctx, ann, "a", 0, 2, "pwm: fix things", fa, 2, 0, 1, NULL));
	m = talloc_asprintf_append(m, "%s", posting(r.ctx, ann, "b", 2, 2, "pwm: fix things", fa, 2, 10, 5, NULL));
	m = talloc_asprintf_append(m, "%s", posting(r.ctx, "Zed Z <zed@z.org>", "z", 0, 1, "lib: other work", fz, 1, 20, 6, NULL));
	pb_mbox_split(NULL, m, strlen(m), add_rec, &r);
	assert_int_equal(pb_series_group(r.ctx, &set, r.v, r.n, NULL), PB_OK);
	assert_ptr_equal(series_of(set, "a-0@x"), series_of(set, "b-0@x"));
	assert_int_equal(set->n, 2);
	for (size_t i = 0; i < r.n; i++) {
		if (strcmp(r.v[i].msgid, "b-1@x") == 0)
			r.v[i].rflags |= PB_REC_USER_SPLIT; /* on a patch, not the cover */
		if (strcmp(r.v[i].msgid, "z-1@x") == 0)
			r.v[i].user_links = "a-1@x";
	}
	assert_int_equal(pb_series_group(r.ctx, &set, r.v, r.n, NULL), PB_OK);
	assert_ptr_not_equal(series_of(set, "a-0@x"), series_of(set, "b-0@x"));
	assert_ptr_equal(series_of(set, "a-0@x"), series_of(set, "z-1@x"));
	assert_int_equal(series_of(set, "z-1@x")->versions[1]->link_reason, PB_LINK_USER);
	assert_string_equal(series_of(set, "z-1@x")->versions[1]->link_to->msgid, "a-0@x");
	assert_int_equal(series_of(set, "b-0@x")->n_versions, 1);
	talloc_free(r.ctx);
}

static void test_corpus_permutations(void **state)
{
	static const char *const dirs[] = {"lore-ltp", "lore-linux-pwm", "lore-intel-wired-lan", "patchwork/series",
					   "b4-synthetic", NULL};
	(void)state;
	PBT_NEED_CORPUS();
	for (int d = 0; dirs[d]; d++) {
		char *dir = pbt_corpus_path(NULL, dirs[d]);
		DIR *dh = opendir(dir);
		struct dirent *de;
		int files = 0;
		assert_non_null(dh);
		while ((de = readdir(dh))) {
			struct recs r = {NULL, NULL, 0};
			size_t len;
			char *data;
			size_t nl = strlen(de->d_name);
			if (nl < 5 || strcmp(de->d_name + nl - 5, ".mbox") != 0 || strncmp(de->d_name, "bulk-", 5) == 0)
				continue;
			r.ctx = talloc_new(NULL);
			data = pbt_read(r.ctx, talloc_asprintf(r.ctx, "%s/%s", dir, de->d_name), &len);
			pb_mbox_split(NULL, data, len, add_rec, &r);
			assert_true(r.n > 0);
			check_permutations(&r, 6, de->d_name);
			files++;
			talloc_free(r.ctx);
		}
		closedir(dh);
		/* (a folder with no mbox would pass unread) */
		if (files == 0)
			fail_msg("%s: no .mbox file to permute", dir);
		talloc_free(dir);
	}
}

/* The big archives: fewer rounds, every series. */
static void test_bulk_permutations(void **state)
{
	static const char *const files[] = {"lore-ltp/bulk-ltp-2025-11..12.mbox", "lore-linux-pwm/bulk-linux-pwm-2022-01..04.mbox",
					    "lore-intel-wired-lan/bulk-intel-wired-lan-2026-01-15..31.mbox", NULL};
	(void)state;
	PBT_NEED_CORPUS();
	for (int i = 0; files[i]; i++) {
		struct recs r = {talloc_new(NULL), NULL, 0};
		size_t len;
		char *data = pbt_read(r.ctx, pbt_corpus_path(r.ctx, files[i]), &len);
		pb_mbox_split(NULL, data, len, add_rec, &r);
		check_permutations(&r, 3, files[i]);
		talloc_free(r.ctx);
	}
}

/* The grouping's radix sort: ascending, and stable, against a sort by
 * comparison of the same entries; keys of every byte, many equal. */
static int cmp_keyed_stable(const void *a, const void *b)
{
	const struct _pb_keyed *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->val > y->val) - (x->val < y->val);
}

static void test_sort_keyed(void **state)
{
	static const size_t sizes[] = {0, 1, 2, 63, 64, 65, 1000, 20000};
	void *ctx = talloc_new(NULL);
	(void)state;
	srand(7);
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		size_t n = sizes[s];
		struct _pb_keyed *d = talloc_array(ctx, struct _pb_keyed, n + 1);
		struct _pb_keyed *want = talloc_array(ctx, struct _pb_keyed, n + 1);
		for (size_t i = 0; i < n; i++) {
			uint64_t k = (uint64_t)rand() << 33 ^ (uint64_t)rand() << 11 ^ (uint64_t)rand();
			/* a few distinct keys, or keys alike in all but a byte */
			if (i % 3 == 0)
				k = (uint64_t)(rand() % 5) << 56;
			else if (i % 3 == 1)
				k = 0x0123456789abcd00ull | (uint64_t)(rand() % 7);
			d[i] = (struct _pb_keyed){k, (uint32_t)i};
		}
		memcpy(want, d, n * sizeof(*d));
		qsort(want, n, sizeof(*want), cmp_keyed_stable);
		assert_true(_pb_sort_keyed(ctx, d, n));
		for (size_t i = 0; i < n; i++) {
			assert_true(d[i].key == want[i].key);
			assert_int_equal(d[i].val, want[i].val);
		}
	}
	talloc_free(ctx);
}

/* The grouping's sort of a handful: qsort's order, stable, at every size
 * around where it changes method, for entries of two sizes. */
struct pair {
	int key, seq;
};

static int cmp_pair_key(const void *a, const void *b, void *calls)
{
	const struct pair *x = a, *y = b;
	(*(int *)calls)++;
	return (x->key > y->key) - (x->key < y->key);
}

static int cmp_pair_stable(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->key != y->key)
		return (x->key > y->key) - (x->key < y->key);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static void test_sort_small(void **state)
{
	(void)state;
	srand(11);
	for (size_t n = 0; n <= 40; n++)
		for (int round = 0; round < 20; round++) {
			struct pair v[40], want[40];
			int calls = 0;
			for (size_t i = 0; i < n; i++) {
				v[i].key = round == 0 ? (int)i : rand() % (round < 10 ? 3 : 50);
				v[i].seq = (int)i;
			}
			memcpy(want, v, n * sizeof(*v));
			qsort(want, n, sizeof(*want), cmp_pair_stable);
			_pb_sort(v, n, sizeof(*v), cmp_pair_key, &calls);
			for (size_t i = 0; i < n; i++) {
				assert_int_equal(v[i].key, want[i].key);
				assert_int_equal(v[i].seq, want[i].seq);
			}
			/* (in order already: one comparison a neighbour) */
			if (round == 0 && n > 1 && n <= 16)
				assert_int_equal(calls, (int)n - 1);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_keyed),
		cmocka_unit_test(test_sort_small),
		cmocka_unit_test(test_same_second_versions),
		cmocka_unit_test(test_replies_in_date_order),
		cmocka_unit_test(test_look_alike_authors),
		cmocka_unit_test(test_identity_principles),
		cmocka_unit_test(test_one_posting_per_version),
		cmocka_unit_test(test_contended_predecessor),
		cmocka_unit_test(test_user_decisions_in_grouping),
		cmocka_unit_test(test_corpus_permutations),
		cmocka_unit_test(test_bulk_permutations),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("series", tests, NULL, NULL);
}
