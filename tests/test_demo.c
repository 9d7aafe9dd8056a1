/* test_demo.c: the demo archive: what patchbay makes of it must be what
 * the generator meant (series, versions, patches, trailers, people), its
 * patches must apply to its repository, and it must be deterministic and
 * scale (the generator's reuse, refusals, format, errors and command
 * line: test_demo_gen.c). */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/lib/pbtest.h"
#include "patchbay/am.h"
#include "demogen/demo.h"
#include "demogen/demo_priv.h"

#define ID(slug, v, i) PB_DEMO_MSGID(slug, v, i)

struct fixture {
	TALLOC_CTX *ctx;
	pb_demo_result_t *res;
	pb_index_t *idx;
};

static struct fixture *F; /* the base set, made once */

static int setup(void **state)
{
	pb_demo_opts_t o = {0};
	pb_error_t err = {0};
	F = talloc_zero(NULL, struct fixture);
	F->ctx = F;
	o.dir = talloc_asprintf(F, "%s/demo", pbt_tmpdir(F));
	if (pb_demo_generate(F, &F->res, &o, &err) != PB_OK) {
		fprintf(stderr, "pb_demo_generate: %s\n", pb_error_msg(&err));
		return -1;
	}
	F->idx = pbt_index(F, F->res->db_path, NULL);
	*state = F;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	talloc_free(F);
	return 0;
}

static pb_series_t *series(const char *id)
{
	pb_series_t *s = NULL;
	if (pb_index_find(F->idx, id, &s, NULL, NULL) != PB_OK)
		fail_msg("no series holds <%s>", id);
	return s;
}

static const pb_trailer_t *trailer(const pb_trailer_list_t *tl, const char *name, const char *email)
{
	for (size_t i = 0; i < tl->n; i++)
		if (strcmp(tl->v[i].name, name) == 0 && tl->v[i].person.email &&
		    strcmp(tl->v[i].person.email, email) == 0)
			return &tl->v[i];
	return NULL;
}

/* ---- the base set ----------------------------------------------------- */

struct want_version {
	int version, total, received;
	int missing; /* 0: none */
	unsigned flags;
	const char *root;
};

struct want {
	const char *id, *title, *author, *email, *state;
	size_t n_versions;
	struct want_version v[3];
};

/* In the order of the series list: most recent activity first. */
static const struct want base[] = {
	{ID("escape", 1, 1), "log: Show \x1b[31merrors in red\x1b[0m on a terminal", "Lukas Weber",
	 "lukas.weber@example.de", "new", 1, {{1, 1, 1, 0, 0, ID("escape", 1, 1)}}},
	{PB_DEMO_MSG("net-fixes", "pull"), "net fixes for widgetd 0.3", "Olivia Chen", "olivia.chen@example.org",
	 "pull", 1, {{1, 0, 0, 0, PB_VER_PULL, PB_DEMO_MSG("net-fixes", "pull")}}},
	{ID("history", 1, 0), "widget: Keep a history of recent readings", "Alex Romero", "alex.romero@example.org",
	 "acked", 3,
	 {{1, 3, 3, 0, 0, ID("history", 1, 0)}, {2, 4, 4, 0, 0, ID("history", 2, 0)}, {3, 4, 4, 0, 0, ID("history", 3, 0)}}},
	{ID("dmarc", 1, 1), "widget: Refuse two widgets with the same name", "Jane Doe", "jane.doe@example.com", "acked",
	 1, {{1, 1, 1, 0, 0, ID("dmarc", 1, 1)}}},
	{ID("style", 1, 0), "Fix crashes and hangs we see on our field units", "Kevin Lee", "kevin.lee@example.com",
	 "discussed", 1, {{1, 3, 3, 0, 0, ID("style", 1, 0)}}},
	{ID("proto", 1, 0), "proto: One function per protocol command", "Olivia Chen", "olivia.chen@example.org",
	 "acked", 2, {{1, 20, 20, 0, 0, ID("proto", 1, 0)}, {2, 20, 20, 0, 0, ID("proto", 2, 0)}}},
	{ID("tcp", 1, 0), "net: Accept clients on a TCP port", "Priya Raman", "priya.raman@example.net", "incomplete",
	 1, {{1, 4, 3, 3, 0, ID("tcp", 1, 0)}}},
	{ID("ratelimit", 1, 1), "log: Collapse repeated messages", "Jürgen Müller", "juergen.mueller@example.de",
	 "acked", 1, {{1, 2, 2, 0, 0, ID("ratelimit", 1, 1)}}},
	{ID("destdir", 1, 1), "Makefile: Honour DESTDIR and create the bin directory", "Tom Tester",
	 "tom.tester@ci.example.org", "new", 2,
	 {{1, 1, 1, 0, 0, ID("destdir", 1, 1)}, {1, 1, 1, 0, PB_VER_RESEND, PB_DEMO_MSG("destdir", "resend-1")}}},
	{ID("zero-interval", 1, 1), "config: Reject a poll interval of zero", "山田太郎", "taro.yamada@example.jp",
	 "applied", 1, {{1, 1, 1, 0, PB_VER_APPLIED, ID("zero-interval", 1, 1)}}},
	{ID("plugins", 1, 0), "widget: Load drivers from shared objects", "Marek Novak", "marek.novak@example.cz",
	 "discussed", 1, {{1, 2, 2, 0, PB_VER_RFC, ID("plugins", 1, 0)}}},
};

static void test_result(void **state)
{
	const pb_demo_result_t *r = F->res;
	pb_demo_result_t *o;
	char *cur = talloc_asprintf(F, "%s/cur", r->db_path);
	(void)state;
	assert_int_equal(r->n_series, sizeof(base) / sizeof(base[0]));
	assert_int_equal(r->n_messages, pbt_count_files(NULL, cur, "*", NULL));
	assert_int_equal(r->n_messages, pb_index_stats(F->idx)->messages);
	assert_int_equal(strlen(r->base_commit), 40);
	assert_int_equal(r->scale, 1);
	assert_false(r->reused);
	/* the stamp says the same */
	assert_int_equal(pb_demo_open(F, &o, r->dir, NULL), PB_OK);
	assert_true(o->reused);
	assert_string_equal(o->db_path, r->db_path);
	assert_string_equal(o->base_commit, r->base_commit);
	assert_int_equal(o->n_messages, r->n_messages);
	assert_int_equal(o->n_series, r->n_series);
	talloc_free(o);
}

static void test_grouping(void **state)
{
	const pb_series_set_t *set = pb_index_series(F->idx);
	(void)state;
	assert_int_equal(set->n, sizeof(base) / sizeof(base[0]));
	for (size_t i = 0; i < set->n; i++) {
		const struct want *w = &base[i];
		const pb_series_t *s = set->v[i];
		if (strcmp(s->id, w->id) != 0)
			fail_msg("series %zu is <%s>, want <%s>", i, s->id, w->id);
		assert_string_equal(s->title, w->title);
		assert_string_equal(s->author.name, w->author);
		assert_string_equal(s->author.email, w->email);
		assert_string_equal(pb_state_name(s->state), w->state);
		assert_int_equal(s->n_versions, w->n_versions);
		for (size_t k = 0; k < s->n_versions; k++) {
			const pb_version_t *v = s->versions[k];
			const struct want_version *wv = &w->v[k];
			assert_int_equal(v->version, wv->version);
			assert_int_equal(v->total, wv->total);
			assert_int_equal(v->n_patches, (size_t)wv->received);
			assert_int_equal(v->n_missing, wv->missing ? 1 : 0);
			if (wv->missing)
				assert_int_equal(v->missing[0], wv->missing);
			assert_int_equal(v->flags & (PB_VER_RFC | PB_VER_RESEND | PB_VER_PULL | PB_VER_APPLIED), wv->flags);
			assert_string_equal(v->root->msgid, wv->root);
			for (size_t p = 0; p < v->n_patches; p++) {
				assert_int_equal(v->patches[p]->index, (int)p + (wv->missing && (int)p + 1 >= wv->missing) + 1);
				assert_non_null(v->patches[p]->rec->patch_id);
			}
		}
	}
	/* a discussion is no series; its messages belong to none */
	assert_int_equal(pb_index_find(F->idx, PB_DEMO_MSG("release", "plan"), NULL, NULL, NULL), PB_ERR_NOTFOUND);
	assert_int_equal(pb_index_find(F->idx, PB_DEMO_MSG("release", "ines2"), NULL, NULL, NULL), PB_ERR_NOTFOUND);
	/* replies belong to the series they answer, at any depth */
	{
		pb_series_t *s;
		pb_version_t *v;
		pb_patch_t *p;
		assert_int_equal(pb_index_find(F->idx, PB_DEMO_MSG("history", "r12"), &s, &v, &p), PB_OK);
		assert_string_equal(s->id, ID("history", 1, 0));
		assert_int_equal(v->version, 3);
		assert_non_null(p);
		assert_int_equal(p->index, 3);
	}
}

static void test_trailers(void **state)
{
	pb_series_t *h = series(ID("history", 3, 2)), *pr = series(ID("proto", 2, 5));
	pb_version_t *v3 = pb_series_version(h, 3), *v2 = pb_series_version(pr, 2);
	const pb_trailer_t *t;
	(void)state;
	/* the Acked-by on the cover of v3 counts for every patch */
	assert_non_null(trailer(&v3->cover_trailers, "Acked-by", "ines.keller@widgetd.org"));
	for (size_t i = 0; i < v3->n_patches; i++) {
		t = trailer(&v3->patches[i]->trailers, "Acked-by", "ines.keller@widgetd.org");
		assert_non_null(t);
		assert_true(t->flags & PB_TRAILER_COVER);
	}
	/* v2's Reviewed-by of the unchanged 1/4 is carried over to v3 */
	assert_non_null(trailer(&pb_series_version(h, 2)->patches[0]->trailers, "Reviewed-by", "olivia.chen@example.org"));
	assert_null(trailer(&v3->patches[0]->trailers, "Reviewed-by", "olivia.chen@example.org"));
	t = trailer(&v3->patches[0]->carried, "Reviewed-by", "olivia.chen@example.org");
	assert_non_null(t);
	assert_true(t->flags & PB_TRAILER_CARRIED);
	assert_int_equal(t->from_version, 2);
	/* at depth 1 (2/4) and depth 3 (3/4); none from the changed 2/4 of v2 */
	assert_non_null(trailer(&v3->patches[1]->trailers, "Reviewed-by", "marek.novak@example.cz"));
	assert_int_equal(v3->patches[1]->carried.n, 0);
	t = trailer(&v3->patches[2]->trailers, "Tested-by", "tom.tester@ci.example.org");
	assert_non_null(t);
	assert_string_equal(t->msgid, PB_DEMO_MSG("history", "r12"));
	assert_int_equal(v3->patches[3]->trailers.n, 1);
	/* the 20-patch series: a cover Reviewed-by on v2, and v1's tag on 05/20 */
	for (size_t i = 0; i < v2->n_patches; i++)
		assert_non_null(trailer(&v2->patches[i]->trailers, "Reviewed-by", "marek.novak@example.cz"));
	assert_non_null(trailer(&v2->patches[4]->carried, "Reviewed-by", "alex.romero@example.org"));
	/* given through a DMARC-rewritten From: still Jane's own */
	t = trailer(&series(ID("ratelimit", 1, 1))->versions[0]->patches[0]->trailers, "Reviewed-by",
		    "jane.doe@example.com");
	assert_non_null(t);
	assert_false(t->flags & PB_TRAILER_MISMATCH);
	/* the own trailers of a patch are not collected ones */
	assert_non_null(trailer(&pb_series_version(h, 2)->patches[3]->own, "Suggested-by", "ines.keller@widgetd.org"));
}

static void test_patch_ids(void **state)
{
	pb_series_t *h = series(ID("history", 1, 0)), *pr = series(ID("proto", 1, 0)), *d = series(ID("destdir", 1, 1));
	(void)state;
	/* 1/N is the same in every version; 2/N changes every time */
	for (size_t v = 1; v < 3; v++) {
		assert_string_equal(h->versions[v]->patches[0]->rec->patch_id, h->versions[0]->patches[0]->rec->patch_id);
		assert_string_not_equal(h->versions[v]->patches[1]->rec->patch_id,
					h->versions[v - 1]->patches[1]->rec->patch_id);
	}
	/* v2 of the 20-patch series changes 3, 7 and 12, nothing else */
	for (size_t i = 0; i < 20; i++) {
		bool same = strcmp(pr->versions[0]->patches[i]->rec->patch_id, pr->versions[1]->patches[i]->rec->patch_id) == 0;
		if (same != (i != 2 && i != 6 && i != 11))
			fail_msg("patch %zu/20: patch-ids %s between v1 and v2", i + 1, same ? "equal" : "differ");
	}
	/* a RESEND is the same patch */
	assert_string_equal(d->versions[0]->patches[0]->rec->patch_id, d->versions[1]->patches[0]->rec->patch_id);
}

static void test_people_and_text(void **state)
{
	pb_version_t *v;
	pb_mail_t *m;
	pb_error_t err = {0};
	void *tmp = talloc_new(NULL);
	(void)state;
	/* the DMARC sender resolved, and recorded as rewritten */
	v = series(ID("dmarc", 1, 1))->versions[0];
	assert_string_equal(v->patches[0]->rec->author.email, "jane.doe@example.com");
	assert_true(v->patches[0]->rec->mflags & PB_MAIL_DMARC);
	assert_int_equal(pb_index_load_mail(F->idx, tmp, v->patches[0]->rec, &m, &err), PB_OK);
	assert_string_equal(m->from.email, "devel@lists.example.org");
	assert_string_equal(m->from.name, "Jane Doe via widgetd-devel");
	/* B4 Relay */
	v = series(ID("tcp", 1, 0))->versions[0];
	assert_string_equal(v->patches[0]->rec->sender.email, "priya.raman@example.net");
	assert_true(v->patches[0]->rec->mflags & PB_MAIL_DMARC);
	/* a subject that decodes to real ESC characters */
	v = series(ID("escape", 1, 1))->versions[0];
	assert_int_equal(pb_index_load_mail(F->idx, tmp, v->patches[0]->rec, &m, &err), PB_OK);
	assert_non_null(strstr(m->subject, "\x1b[31m"));
	assert_non_null(strstr(m->subject, "\x1b[0m"));
	/* a base64 patch has its diff and trailers */
	v = series(ID("ratelimit", 1, 2))->versions[0];
	assert_int_equal(pb_index_load_mail(F->idx, tmp, v->patches[1]->rec, &m, &err), PB_OK);
	assert_non_null(m->diff);
	pbt_assert_contains(m->message, "Signed-off-by: Jürgen Müller <juergen.mueller@example.de>");
	/* a quoted-printable reply */
	{
		pb_series_t *s;
		pb_version_t *rv;
		const pb_msgrec_t **replies;
		size_t n;
		const pb_msgrec_t *qp = NULL;
		assert_int_equal(pb_index_find(F->idx, PB_DEMO_MSG("history", "r10"), &s, &rv, NULL), PB_OK);
		assert_int_equal(pb_series_version_replies(pb_index_series(F->idx), rv, tmp, &replies, &n), PB_OK);
		for (size_t i = 0; i < n; i++)
			if (strcmp(replies[i]->msgid, PB_DEMO_MSG("history", "r10")) == 0)
				qp = replies[i];
		assert_non_null(qp);
		assert_string_equal(qp->sender.name, "Jürgen Müller");
		assert_int_equal(pb_index_load_mail(F->idx, tmp, qp, &m, &err), PB_OK);
		pbt_assert_contains(m->body, "Grüße aus Dresden,\nJürgen");
	}
	/* cover letters name the base commit */
	assert_string_equal(series(ID("history", 3, 0))->versions[2]->cover->base_commit, F->res->base_commit);
	talloc_free(tmp);
}

static void test_pull(void **state)
{
	pb_series_t *s = series(PB_DEMO_MSG("net-fixes", "pull"));
	pb_mail_t *m;
	pb_error_t err = {0};
	char *out = NULL, *want;
	void *tmp = talloc_new(NULL);
	const char *argv[] = {"git", "-C", F->res->repo_path, "rev-parse", "net-fixes", NULL};
	(void)state;
	assert_int_equal(pb_index_load_mail(F->idx, tmp, s->versions[0]->root, &m, &err), PB_OK);
	assert_true(m->flags & PB_MAIL_PULL);
	assert_string_equal(m->pull_url, "https://git.widgetd.example.org/olivia/widgetd.git tags/net-fixes-2024-03");
	/* git request-pull text about real commits */
	assert_int_equal(pbt_run(tmp, &out, NULL, NULL, argv), 0);
	want = talloc_asprintf(tmp, "for you to fetch changes up to %.40s:", out);
	pbt_assert_contains(m->body, want);
	pbt_assert_contains(m->body, talloc_asprintf(tmp, "The following changes since commit %s:", F->res->base_commit));
	talloc_free(tmp);
}

/* git am of the mbox of VERSION of the series of ID, in a clone, on the
 * base commit; the tree must be the topic branch's. */
static void apply(const char *clone, const char *id, int version, const char *branch)
{
	void *tmp = talloc_new(NULL);
	pb_am_opts_t o = {0};
	pb_series_t *s = series(id);
	pb_error_t err = {0};
	char *mbox, *path = talloc_asprintf(tmp, "%s/%s.mbox", clone, branch + 5);
	size_t n;
	FILE *f;
	o.version = version;
	assert_int_equal(pb_am_mbox(tmp, &mbox, &n, F->idx, s, &o, &err), PB_OK);
	assert_int_equal(n, pb_series_version(s, version)->n_patches);
	assert_non_null(f = fopen(path, "w"));
	fputs(mbox, f);
	fclose(f);
	pbt_sh("cd '%s' && git checkout -q --detach %s && git am -q '%s' >/dev/null && "
	       "test \"$(git rev-parse HEAD^{tree})\" = \"$(git rev-parse origin/%s^{tree})\"",
	       clone, F->res->base_commit, path, branch);
	talloc_free(tmp);
}

static void test_apply(void **state)
{
	char *clone = talloc_asprintf(F, "%s/clone", pbt_tmpdir(F));
	char *out = NULL, *path = talloc_asprintf(F, "%s/cli.mbox", clone);
	const char *argv[] = {pbt_patchbay(), "--db", F->res->db_path, "--no-cache", "-q", "am", "--carry",
			      ID("proto", 1, 0), "-o", path, NULL};
	(void)state;
	pbt_sh("git clone -q '%s' '%s'", F->res->repo_path, clone);
	apply(clone, ID("history", 1, 0), 1, "demo/history-v1");
	apply(clone, ID("history", 1, 0), 2, "demo/history-v2");
	apply(clone, ID("history", 1, 0), 3, "demo/history-v3");
	apply(clone, ID("ratelimit", 1, 1), 1, "demo/ratelimit-v1");
	apply(clone, ID("zero-interval", 1, 1), 1, "demo/zero-interval-v1");
	apply(clone, ID("plugins", 1, 0), 1, "demo/plugins-v1");
	apply(clone, ID("style", 1, 0), 1, "demo/style-v1");
	apply(clone, ID("dmarc", 1, 1), 1, "demo/dmarc-v1");
	apply(clone, ID("escape", 1, 1), 1, "demo/escape-v1");
	apply(clone, ID("destdir", 1, 1), 1, "demo/destdir-resend");
	apply(clone, ID("proto", 1, 0), 1, "demo/proto-v1");
	/* apply takes the trailers given on v1 to the unchanged patches of v2
	 * only when asked (--carry, patchbay.carryTrailers), as am does (issue
	 * 11, bug 8) */
	{
		const char *plain[] = {pbt_patchbay(), "--db", F->res->db_path, "--no-cache", "-q", "apply",
				       ID("proto", 1, 0), "--repo", clone, "--branch", "t-plain", "--base",
				       F->res->base_commit, NULL};
		const char *carry[] = {pbt_patchbay(), "--db", F->res->db_path, "--no-cache", "-q", "apply",
				       ID("proto", 1, 0), "--repo", clone, "--branch", "t-carry", "--base",
				       F->res->base_commit, "--carry", NULL};
		assert_int_equal(pbt_run(F, &out, NULL, NULL, plain), 0);
		assert_int_equal(pbt_run(F, &out, NULL, NULL, carry), 0);
		pbt_sh("cd '%s' && ! git log -1 --format=%%B t-plain~15 | grep -q '^Reviewed-by: Alex Romero' && "
		       "git log -1 --format=%%B t-carry~15 | grep -q '^Reviewed-by: Alex Romero'",
		       clone);
		pbt_sh("cd '%s' && git config patchbay.carryTrailers true", clone);
		carry[10] = "t-config";
		carry[13] = NULL;
		assert_int_equal(pbt_run(F, &out, NULL, NULL, carry), 0);
		pbt_sh("cd '%s' && git log -1 --format=%%B t-config~15 | grep -q '^Reviewed-by: Alex Romero' && "
		       "git config --unset patchbay.carryTrailers",
		       clone);
	}
	/* the 20 patches of v2 through the command line, with their trailers */
	assert_int_equal(pbt_run(F, &out, NULL, NULL, argv), 0);
	pbt_sh("cd '%s' && git checkout -q --detach %s && git am -q '%s' >/dev/null && "
	       "test \"$(git rev-parse HEAD^{tree})\" = \"$(git rev-parse origin/demo/proto-v2^{tree})\" && "
	       "test \"$(git rev-list --count %s..HEAD)\" = 20 && "
	       "git log -1 --format=%%B HEAD~15 | grep -q '^Reviewed-by: Alex Romero' && "
	       "test \"$(git log --format=%%B %s..HEAD | grep -c '^Reviewed-by: Marek Novak')\" = 20",
	       clone, F->res->base_commit, path, F->res->base_commit, F->res->base_commit);
}

/* ---- determinism and scale ---------------------------------------------- */

static pb_demo_result_t *generate(TALLOC_CTX *ctx, unsigned scale, uint64_t seed)
{
	pb_demo_opts_t o = {0};
	pb_demo_result_t *r = NULL;
	pb_error_t err = {0};
	o.dir = talloc_asprintf(ctx, "%s/demo", pbt_tmpdir(ctx));
	o.scale = scale;
	o.seed = seed;
	if (pb_demo_generate(ctx, &r, &o, &err) != PB_OK)
		fail_msg("pb_demo_generate: %s", pb_error_msg(&err));
	return r;
}

static void test_determinism(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_demo_result_t *a = generate(ctx, 2, 5), *b = generate(ctx, 2, 5), *c = generate(ctx, 2, 6);
	(void)state;
	assert_int_equal(a->n_messages, b->n_messages);
	assert_true(a->n_messages >= 200);
	assert_string_equal(a->base_commit, b->base_commit);
	pbt_sh("diff -r '%s/cur' '%s/cur' >/dev/null", a->db_path, b->db_path);
	pbt_sh("test \"$(git -C '%s' for-each-ref)\" = \"$(git -C '%s' for-each-ref)\"", a->repo_path, b->repo_path);
	/* another seed: the same base set, other generated series */
	assert_string_equal(c->base_commit, a->base_commit);
	pbt_sh("! diff -r '%s/cur' '%s/cur' >/dev/null", a->db_path, c->db_path);
	pbt_sh("cmp -s '%s/cur/00000000.pbdemo:2,' '%s/cur/00000000.pbdemo:2,'", a->db_path, c->db_path);
	talloc_free(ctx);
}

static void test_scale(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_demo_result_t *r = generate(ctx, 4, 11);
	pb_index_t *idx = pbt_index(ctx, r->db_path, NULL);
	const pb_series_set_t *set = pb_index_series(idx);
	size_t scale_series = 0;
	(void)state;
	assert_true(r->n_messages >= 400 && r->n_messages < 500);
	assert_int_equal(pb_index_stats(idx)->messages, r->n_messages);
	/* the generator's series are patchbay's series: none split, none merged */
	assert_int_equal(set->n, r->n_series);
	for (size_t i = 0; i < set->n; i++) {
		const pb_series_t *s = set->v[i];
		char prefix[32];
		const char *dash;
		if (strncmp(s->id, "scale-", 6) != 0)
			continue;
		scale_series++;
		dash = strchr(s->id + 6, '-');
		snprintf(prefix, sizeof(prefix), "%.*s-", (int)(dash - s->id), s->id);
		for (size_t k = 0; k < s->n_versions; k++)
			for (size_t p = 0; p < s->versions[k]->n_patches; p++)
				if (strncmp(s->versions[k]->patches[p]->rec->msgid, prefix, strlen(prefix)) != 0)
					fail_msg("<%s> is in the series of <%s>", s->versions[k]->patches[p]->rec->msgid, s->id);
	}
	assert_int_equal(scale_series, r->n_series - sizeof(base) / sizeof(base[0]));
	/* generated series are older than the base set: the first screen is stable */
	for (size_t i = 0; i < sizeof(base) / sizeof(base[0]); i++)
		assert_string_equal(set->v[i]->id, base[i].id);
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest base_tests[] = {
		cmocka_unit_test(test_result),       cmocka_unit_test(test_grouping),
		cmocka_unit_test(test_trailers),     cmocka_unit_test(test_patch_ids),
		cmocka_unit_test(test_people_and_text), cmocka_unit_test(test_pull),
		cmocka_unit_test(test_apply),
	};
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_determinism),  cmocka_unit_test(test_scale),
	};
	int rc;
	pbt_setup_env();
	rc = cmocka_run_group_tests_name("demo: the base set", base_tests, setup, teardown);
	return rc | cmocka_run_group_tests_name("demo", tests, NULL, NULL);
}
