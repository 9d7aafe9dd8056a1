/* test_demo.c: the demo archive: what patchbay makes of it must be what
 * the generator meant (series, versions, patches, trailers, people), its
 * patches must apply to its repository, and it must be deterministic. */
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

/* ---- reuse, refusals and errors -------------------------------------------- */

static void test_open_and_ensure(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_demo_opts_t o = {0};
	pb_demo_result_t *r, *again;
	pb_error_t err = {0};
	char *stamp;
	FILE *f;
	(void)state;
	o.dir = talloc_asprintf(ctx, "%s/demo", pbt_tmpdir(ctx));
	/* nothing there yet */
	assert_int_equal(pb_demo_open(ctx, &r, o.dir, &err), PB_ERR_NOTFOUND);
	assert_int_equal(pb_demo_open(ctx, &r, NULL, &err), PB_ERR_NOTFOUND);
	assert_int_equal(pb_demo_ensure(ctx, &r, &o, &err), PB_OK);
	assert_false(r->reused);
	/* complete: kept as it is */
	assert_int_equal(pb_demo_ensure(ctx, &again, &o, &err), PB_OK);
	assert_true(again->reused);
	assert_string_equal(again->base_commit, r->base_commit);
	/* another scale: made again */
	o.scale = 2;
	assert_int_equal(pb_demo_ensure(ctx, &again, &o, &err), PB_OK);
	assert_false(again->reused);
	assert_int_equal(again->scale, 2);
	o.scale = 1;
	/* a stamp of another format, or a missing database: incomplete */
	stamp = talloc_asprintf(ctx, "%s/.pb-demo", o.dir);
	assert_non_null(f = fopen(stamp, "w"));
	fputs("patchbay-demo 0\nscale 1\n", f);
	fclose(f);
	assert_int_equal(pb_demo_open(ctx, &r, o.dir, &err), PB_ERR_NOTFOUND);
	assert_int_equal(pb_demo_ensure(ctx, &r, &o, &err), PB_OK);
	assert_false(r->reused);
	pbt_sh("rm -rf '%s/mail/.notmuch'", o.dir);
	assert_int_equal(pb_demo_open(ctx, &r, o.dir, &err), PB_ERR_NOTFOUND);
	pbt_sh("printf 'patchbay-demo 1\\nscale x\\n' >'%s'", stamp);
	assert_int_equal(pb_demo_open(ctx, &r, o.dir, &err), PB_ERR_NOTFOUND);
	talloc_free(ctx);
}

static void test_refusals(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_demo_opts_t o = {0};
	pb_demo_result_t *r;
	pb_error_t err = {0};
	char *dir = pbt_tmpdir(ctx);
	(void)state;
	/* bad options */
	assert_int_equal(pb_demo_generate(ctx, &r, NULL, &err), PB_ERR_USAGE);
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_USAGE);
	o.dir = "";
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_USAGE);
	assert_int_equal(pb_demo_ensure(ctx, &r, &o, &err), PB_ERR_USAGE);
	o.dir = dir;
	o.scale = PB_DEMO_MAX_SCALE + 1;
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_USAGE);
	o.scale = 1;
	/* somebody's files: untouched */
	pbt_sh("mkdir -p '%s/mine/mail/cur' && echo keep >'%s/mine/notes.txt'", dir, dir);
	o.dir = talloc_asprintf(ctx, "%s/mine", dir);
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_REFUSED);
	pbt_assert_contains(pb_error_msg(&err), "notes.txt");
	pbt_sh("rm '%s/mine/notes.txt'", dir);
	/* only names of ours, but no stamp: somebody's maildir */
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_REFUSED);
	pbt_sh("test -d '%s/mine/mail/cur'", dir);
	/* a file where the folder should be */
	pbt_sh("echo x >'%s/file'", dir);
	o.dir = talloc_asprintf(ctx, "%s/file", dir);
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_IO);
	o.dir = talloc_asprintf(ctx, "%s/file/below", dir);
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_IO);
	/* notmuch missing, or failing: no stamp of a complete archive */
	o.dir = talloc_asprintf(ctx, "%s/nm", dir);
	o.notmuch = "/nonexistent/notmuch";
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_EXTERNAL);
	pbt_assert_contains(pb_error_msg(&err), "/nonexistent/notmuch");
	assert_int_equal(pb_demo_open(ctx, &r, o.dir, NULL), PB_ERR_NOTFOUND);
	o.notmuch = "false";
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_EXTERNAL);
	pbt_assert_contains(pb_error_msg(&err), "exit status 1");
	pbt_sh("printf '#!/bin/sh\\necho broken database >&2\\nkill -9 $$\\n' >'%s/nm.sh' && chmod +x '%s/nm.sh'", dir, dir);
	o.notmuch = talloc_asprintf(ctx, "%s/nm.sh", dir);
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_EXTERNAL);
	pbt_assert_contains(pb_error_msg(&err), "(signal 9): broken database");
	/* an incomplete archive is ours: replaced */
	o.notmuch = NULL;
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_OK);
	talloc_free(ctx);
}

static void test_default_dir(void **state)
{
	void *ctx = talloc_new(NULL);
	char *d, *xdg = talloc_strdup(ctx, getenv("XDG_DATA_HOME")), *home = talloc_strdup(ctx, getenv("HOME"));
	pb_error_t err = {0};
	(void)state;
	setenv("XDG_DATA_HOME", "/x/data", 1);
	assert_int_equal(pb_demo_default_dir(ctx, &d, &err), PB_OK);
	assert_string_equal(d, "/x/data/patchbay/demo");
	setenv("XDG_DATA_HOME", "", 1);
	setenv("HOME", "/home/u", 1);
	assert_int_equal(pb_demo_default_dir(ctx, &d, &err), PB_OK);
	assert_string_equal(d, "/home/u/.local/share/patchbay/demo");
	unsetenv("XDG_DATA_HOME");
	unsetenv("HOME");
	assert_int_equal(pb_demo_default_dir(ctx, &d, &err), PB_ERR_NOTFOUND);
	setenv("XDG_DATA_HOME", xdg, 1);
	setenv("HOME", home, 1);
	talloc_free(ctx);
}

static void test_no_leaks(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_demo_opts_t o = {0};
	pb_demo_result_t *r;
	pb_error_t err = {0};
	char *dir = pbt_tmpdir(NULL);
	(void)state;
	o.dir = dir;
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_OK);
	talloc_free(r);
	assert_int_equal(pb_demo_open(ctx, &r, dir, &err), PB_OK);
	talloc_free(r);
	o.notmuch = "false";
	assert_int_equal(pb_demo_generate(ctx, &r, &o, &err), PB_ERR_EXTERNAL);
	pbt_assert_no_leaks(ctx);
	talloc_free(ctx);
	talloc_free(dir);
}

/* ---- the data format ---------------------------------------------------- */

static void test_doc_and_hunks(void **state)
{
	void *ctx = talloc_new(NULL);
	_pb_demo_doc_t *d;
	pb_error_t err = {0};
	char *out;
	int64_t t;
	(void)state;
	assert_int_equal(_pb_demo_doc_parse(ctx, &d, "t.txt",
					    "comment\n%%% commit n=1 at=x | a: Title | with bar\nbody\n\n\n%%% notes\n", &err),
			 PB_OK);
	assert_int_equal(d->n, 2);
	assert_string_equal(d->v[0].kind, "commit");
	assert_string_equal(d->v[0].title, "a: Title | with bar");
	assert_string_equal(d->v[0].text, "body\n");
	assert_string_equal(_pb_demo_attr(&d->v[0], "at"), "x");
	assert_null(_pb_demo_attr(&d->v[0], "v"));
	assert_string_equal(d->v[1].text, "");
	assert_int_equal(d->v[1].line, 6);
	assert_int_equal(_pb_demo_doc_parse(ctx, &d, "t.txt", "%%% commit novalue\n", &err), PB_ERR_PARSE);
	pbt_assert_contains(pb_error_msg(&err), "demo/t.txt:1:");
	assert_int_equal(_pb_demo_doc_parse(ctx, &d, "t.txt", "%%%  | title only\n", &err), PB_ERR_PARSE);
	/* hunks, forward and back */
	assert_int_equal(_pb_demo_hunks(ctx, &out, "a\nb\nc\n", " a\n-b\n+B\n@@\n c\n+d\n", false, &err), PB_OK);
	assert_string_equal(out, "a\nB\nc\nd\n");
	assert_int_equal(_pb_demo_hunks(ctx, &out, out, " a\n-b\n+B\n@@\n c\n+d\n", true, &err), PB_OK);
	assert_string_equal(out, "a\nb\nc\n");
	assert_int_equal(_pb_demo_hunks(ctx, &out, "a\n\nb\n", " a\n\n+x\n b\n", false, &err), PB_OK);
	assert_string_equal(out, "a\n\nx\nb\n");
	assert_int_equal(_pb_demo_hunks(ctx, &out, "x\nx\n", "-x\n", false, &err), PB_ERR_PARSE);
	pbt_assert_contains(pb_error_msg(&err), "matches 2 times");
	assert_int_equal(_pb_demo_hunks(ctx, &out, "ax\n", "-x\n", false, &err), PB_ERR_PARSE);
	assert_int_equal(_pb_demo_hunks(ctx, &out, "a\n", "*a\n", false, &err), PB_ERR_PARSE);
	assert_int_equal(_pb_demo_hunks(ctx, &out, "a\n", "+b\n", false, &err), PB_ERR_PARSE);
	/* times in a time zone */
	assert_int_equal(_pb_demo_time(&t, "2024-03-04T09:12", 60), PB_OK);
	assert_int_equal(t, 1709539920);
	assert_int_equal(_pb_demo_time(&t, "2024-03-04T09:12:30", -180), PB_OK);
	assert_int_equal(t, 1709554350);
	assert_int_equal(_pb_demo_time(&t, "2024-13-04T09:12", 0), PB_ERR_PARSE);
	assert_int_equal(_pb_demo_time(&t, "2024-03-04 09:12", 0), PB_ERR_PARSE);
	assert_int_equal(_pb_demo_time(&t, "2024-03-04T09:12x", 0), PB_ERR_PARSE);
	assert_int_equal(_pb_demo_time(&t, NULL, 0), PB_ERR_PARSE);
	/* every data file is compiled in */
	assert_non_null(_pb_demo_file("people.txt"));
	assert_non_null(_pb_demo_file("widgetd/src/proto.c"));
	assert_null(_pb_demo_file("nonexistent"));
	talloc_free(ctx);
}

static void test_mail_helpers(void **state)
{
	void *ctx = talloc_new(NULL);
	_pb_demo_person_t who = {"x", "Jürgen Müller", "j@example.de", 60, PB_DEMO_DIRECT};
	_pb_demo_post_t parent = {0};
	pb_error_t err = {0};
	char *out;
	(void)state;
	assert_string_equal(_pb_demo_date(ctx, 1709539920, 60), "Mon, 4 Mar 2024 09:12:00 +0100");
	assert_string_equal(_pb_demo_date(ctx, 1709539920, -330), "Mon, 4 Mar 2024 02:42:00 -0530");
	assert_string_equal(_pb_demo_date_git(ctx, 1709539920, 0), "2024-03-04 08:12:00 +0000");
	assert_string_equal(_pb_demo_addr(ctx, "Ann Smith", "a@b"), "Ann Smith <a@b>");
	assert_string_equal(_pb_demo_addr(ctx, "Smith, Ann", "a@b"), "\"Smith, Ann\" <a@b>");
	assert_string_equal(_pb_demo_addr(ctx, "", "a@b"), "<a@b>");
	assert_string_equal(_pb_demo_addr(ctx, "Jürgen", "j@b"), "=?UTF-8?B?SsO8cmdlbg==?= <j@b>");
	parent.msgid = "p@x";
	parent.subject = "Re: [PATCH] x: y";
	parent.body = "one\ntwo\n> three\n\nfour\n-- \nsig\n";
	parent.from = &who;
	parent.date = 1709539920;
	assert_string_equal(_pb_demo_re(ctx, &parent), "Re: [PATCH] x: y");
	assert_int_equal(_pb_demo_reply_text(ctx, &out, "@a\n@q2 two\nok\n@q1 one\n@qall\n", &parent, &err), PB_OK);
	assert_string_equal(out, "On Mon, 4 Mar 2024 09:12:00 +0100, Jürgen Müller wrote:\n"
				 "> two\n>> three\nok\n> one\n> one\n> two\n>> three\n>\n> four\n");
	assert_int_equal(_pb_demo_reply_text(ctx, &out, "@q1 nowhere\n", &parent, &err), PB_ERR_PARSE);
	pbt_assert_contains(pb_error_msg(&err), "nowhere");
	talloc_free(ctx);
}

/* A generator state with the people and an empty repository. */
static _pb_demo_gen_t *gen(TALLOC_CTX *ctx, pb_error_t *err)
{
	_pb_demo_gen_t *g = talloc_zero(ctx, _pb_demo_gen_t);
	_pb_demo_doc_t *d;
	g->ctx = g;
	g->err = err;
	g->dir = pbt_tmpdir(g);
	g->maildir = talloc_asprintf(g, "%s/mail", g->dir);
	pbt_sh("mkdir -p '%s/cur'", g->maildir);
	assert_int_equal(_pb_demo_doc_parse(g, &d, "people.txt", _pb_demo_file("people.txt"), err), PB_OK);
	assert_int_equal(_pb_demo_people(g, d), PB_OK);
	assert_int_equal(_pb_demo_repo_init(g, talloc_asprintf(g, "%s/repo", g->dir)), PB_OK);
	return g;
}

struct bad {
	const char *text, *msg;
};

static void test_history_errors(void **state)
{
	static const struct bad bad[] = {
		{"", "is empty"},
		{"%%% commit who=ines at=2023-01-01T00:00 | a\n%%% branch\n", "a branch needs name="},
		{"%%% commit who=nobody at=2023-01-01T00:00 | a\n", "who=nobody: no such person"},
		{"%%% commit who=ines at=2023-01-01T00:00 | a\n%%% commit who=ines at=2023-01-02T00:00 | b\n"
		 "%%% add path=nope\n", "nope: not in demo/widgetd/"},
		{"%%% commit who=ines at=yesterday | a\n", "at= needs a time"},
		{"%%% new path=x\n", "only commit, add, change and tag"},
		{"%%% tag name=t who=ines at=2023-01-01T00:00 | t\n", "a commit before it"},
		{"%%% commit who=ines at=2023-01-01T00:00 | a\n%%% commit who=ines at=2023-01-02T00:00 | b\n"
		 "%%% change path=README\n-Patches go to\n", "(undoing it)"},
		{"%%% commit who=ines at=2023-01-01T00:00 | a\n%%% change path=README\n widgetd\n", "imports the tree"},
		{"%%% commit who=ines at=2023-01-01T00:00 | a\n%%% branch name=b\n%%% bogus\n", "unknown section"},
		{"%%% commit who=ines at=2023-01-01T00:00 | a\n%%% branch name=b\n%%% change path=README\n+x\n",
		 "change before any commit"},
		{"%%% commit who=ines at=2023-01-01T00:00 | a\n%%% branch name=b\n%%% commit who=ines "
		 "at=2023-01-02T00:00 | b\n%%% change path=nope\n+x\n", "nope: no such file"},
	};
	void *ctx = talloc_new(NULL);
	pb_error_t err = {0};
	_pb_demo_gen_t *g = gen(ctx, &err);
	_pb_demo_doc_t *d;
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(_pb_demo_doc_parse(ctx, &d, "h.txt", bad[i].text, &err), PB_OK);
		if (_pb_demo_history(g, d) == PB_OK)
			fail_msg("history %zu was taken", i);
		pbt_assert_contains(pb_error_msg(&err), bad[i].msg);
	}
	/* one commit of the whole tree is a history */
	assert_int_equal(_pb_demo_doc_parse(ctx, &d, "h.txt", "%%% commit id=c who=ines at=2023-01-01T00:00 | a\n", &err),
			 PB_OK);
	assert_int_equal(_pb_demo_history(g, d), PB_OK);
	assert_non_null(_pb_demo_hist(g, "c"));
	assert_int_equal(strlen(g->base_hex), 40);
	talloc_free(ctx);
}

#define H "%%% series slug=x author=alex\n"
#define V "%%% version v=1 at=2024-01-01T00:00"
#define C1 "%%% commit n=1 | a: Change b\n{sob}\n"
#define CH "%%% change path=README\n widgetd\n+new line\n"
#define AT " from=ines at=2024-01-02T00:00"

static void test_series_errors(void **state)
{
	static const struct bad bad[] = {
		{"%%% version v=1\n", "must start with"},
		{"%%% series slug=x author=nobody\n", "must start with"},
		{H "%%% version v=0 at=2024-01-01T00:00\n", "v=N"},
		{H "%%% version v=1 at=soon\n" C1, "at= needs"},
		{H V "\n", "without commits"},
		{H V "\n%%% commit n=2 | a: b\n", "n=1, n=2"},
		{H V "\n%%% commit n=1 from=v9.9\n", "from=v9.9: no such commit"},
		{H V "\n%%% commit n=1\n", "needs a subject"},
		{H V "\n%%% change path=README\n+x\n", "before the first commit"},
		{H V "\n" C1 "%%% change path=nope.c\n+x\n", "no such file to change"},
		{H V "\n" C1 "%%% change path=README\n-not in the file\n", "matches 0 times"},
		{H V "\n" C1 "%%% new path=README\nx\n", "is there already"},
		{H V "\n" C1 "%%% delete path=nope.c\n", "no such file to delete"},
		{H V "\n" C1 "%%% change\n+x\n", "change needs path="},
		{H V "\n" C1 CH "%%% commit n=2 | c: d\n" CH, "needs a title"},
		{H V " reply-to=nope\n" C1 CH, "reply-to=nope"},
		{H V " cc=ines,nobody\n" C1 CH, "no person \"nobody\""},
		{H V " from=nobody\n" C1 CH, "from=nobody"},
		{H V "\n%%% commit n=1 author=nobody | a: b\n", "author=nobody"},
		{H "%%% reply id=r to=nope" AT "\nx\n", "to=nope: nothing posted"},
		{H "%%% post" AT " | t\nx\n", "needs a new id="},
		{H "%%% post id=p.q" AT " | t\nx\n", "needs a new id="},
		{H "%%% post id=p from=nobody at=2024-01-02T00:00 | t\nx\n", "no such person"},
		{H "%%% post id=p" AT "\nx\n", "needs a title"},
		{H "%%% post id=p" AT " enc=zip | t\nx\n", "enc= is qp or b64"},
		{H "%%% post id=p" AT " | t\n{link:nope}\n", "{link:nope}: nothing posted"},
		{H "%%% post id=p" AT " | t\nx\n%%% post id=p" AT " | t\nx\n", "needs a new id="},
		{H "%%% pull id=p" AT " | t\nx\n", "a pull needs"},
		{H "%%% bogus\n", "unknown or misplaced"},
		{H V "\n%%% commit n=1 | {sha12:nope}\n", "{sha12:nope}: no such commit in history.txt"},
		{H V "\n" C1 CH "%%% reply id=r to=v1.1" AT "\n@q1 not in the patch\n", "no line of <x-v1-1@"},
		{H V "\n" C1 CH V "\n%%% commit n=1 from=v1.1\n", "posted already"},
	};
	void *ctx = talloc_new(NULL);
	pb_error_t err = {0};
	_pb_demo_gen_t *g = gen(ctx, &err);
	_pb_demo_doc_t *d;
	(void)state;
	assert_int_equal(_pb_demo_doc_parse(ctx, &d, "history.txt", _pb_demo_file("history.txt"), &err), PB_OK);
	assert_int_equal(_pb_demo_history(g, d), PB_OK);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (_pb_demo_series_file(g, "bad.txt", bad[i].text) == PB_OK)
			fail_msg("series %zu was taken", i);
		assert_int_equal(err.status, PB_ERR_PARSE);
		pbt_assert_contains(pb_error_msg(&err), bad[i].msg);
		pbt_assert_contains(pb_error_msg(&err), "demo/bad.txt");
	}
	/* and a good one */
	assert_int_equal(_pb_demo_series_file(g, "good.txt", H V "\n" C1 CH "%%% reply id=r to=v1.1" AT "\n@a\n@q1 +new line\nOk.\n"),
			 PB_OK);
	assert_int_equal(g->n_series, 1);
	talloc_free(ctx);
}

/* ---- the command line ------------------------------------------------------ */

static int run(TALLOC_CTX *ctx, char **out, char **err, const char *const *args)
{
	const char *argv[16] = {pbt_patchbay()};
	size_t n = 1;
	for (size_t i = 0; args[i] && n < 15; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	return pbt_run(ctx, out, err, NULL, argv);
}

static void test_cli(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = pbt_tmpdir(ctx), *d = talloc_asprintf(ctx, "%s/demo", dir), *out, *err;
	(void)state;
	/* bad usage: 2 */
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"demo-gen", NULL}), 2);
	pbt_assert_contains(err, "Usage: patchbay demo-gen DIR");
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"demo-gen", d, "--scale", "0", NULL}), 2);
	pbt_assert_contains(err, "bad --scale '0'");
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"demo-gen", d, "--scale", "many", NULL}), 2);
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"demo-gen", d, "--scale", "100001", NULL}), 2);
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"demo-gen", d, "--seed", "-1", NULL}), 2);
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"demo-gen", d, "--seed", NULL}), 2);
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"demo-gen", d, "other", NULL}), 2);
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"demo-gen", d, "--bogus", NULL}), 2);
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"--demo", "--db", d, NULL}), 2);
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"--demo-dir", NULL}), 2);
	pbt_sh("test ! -e '%s'", d);
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"demo-gen", "--help", NULL}), 0);
	pbt_assert_contains(out, "--scale N");
	/* refused: 2, and the folder is left alone */
	pbt_sh("mkdir '%s/taken' && touch '%s/taken/thesis.tex'", dir, dir);
	assert_int_equal(run(ctx, &out, &err,
			     (const char *[]){"demo-gen", talloc_asprintf(ctx, "%s/taken", dir), NULL}), 2);
	pbt_assert_contains(err, "thesis.tex");
	pbt_sh("test -f '%s/taken/thesis.tex'", dir);
	/* made: the database path on stdout */
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"demo-gen", d, "--seed", "3", NULL}), 0);
	assert_string_equal(out, talloc_asprintf(ctx, "%s/mail\n", d));
	pbt_assert_contains(err, "messages in 11 series");
	/* --demo-dir opens it: the series list, control characters made inert */
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"--demo-dir", d, "--no-cache", NULL}), 0);
	pbt_assert_contains(err, "using the demo archive in");
	pbt_assert_contains(out, "widget: Keep a history of recent readings");
	pbt_assert_contains(out, "log: Show ^[[31merrors in red^[[0m on a terminal");
	pbt_assert_not_contains(out, "\x1b");
	/* and takes commands */
	assert_int_equal(run(ctx, &out, &err,
			     (const char *[]){"-q", "--demo-dir", d, "--no-cache", "show", ID("proto", 2, 7), NULL}),
			 0);
	pbt_assert_contains(out, "v2  2024-03-14  20/20 received");
	/* it sends no mail: the demo repository's sendmail keeps it in
	 * DIR/outbox, whatever the user's own sendmail (issue 11, bug 11) */
	pbt_sh("git -C '%s/repo' config sendemail.sendmailCmd | grep -q '/bin/sendmail'", d);
	pbt_sh("git config --global sendemail.sendmailCmd false");
	assert_int_equal(run(ctx, &out, &err,
			     (const char *[]){"-q", "--demo-dir", d, "--no-cache", "reply", ID("proto", 2, 7), "--ack",
					      "--send", NULL}),
			 0);
	pbt_sh("git config --global --unset sendemail.sendmailCmd");
	pbt_sh("grep -l '^Acked-by: ' '%s'/outbox/*.eml | grep -q . && test \"$(ls '%s/outbox' | wc -l)\" = 1", d, d);
	/* an incomplete archive is made again */
	pbt_sh("rm '%s/.pb-demo' && echo 'patchbay-demo incomplete' >'%s/.pb-demo'", d, d);
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"--demo-dir", d, "--no-cache", NULL}), 0);
	pbt_assert_contains(err, "building the demo archive in");
	pbt_assert_contains(out, "proto: One function per protocol command");
	/* no folder to use, or somebody else's */
	{
		const char *argv[] = {"sh", "-c", "unset HOME XDG_DATA_HOME; exec \"$0\" --demo", pbt_patchbay(), NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, argv), 2);
		pbt_assert_contains(err, "give --demo-dir DIR");
	}
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"--demo-dir", talloc_asprintf(ctx, "%s/taken", dir), NULL}), 2);
	pbt_assert_contains(err, "thesis.tex");
	/* two at once: one builds, the other waits and uses what it built */
	pbt_sh("cd '%s' && P='%s' && D='%s/twice' && "
	       "{ \"$P\" --demo-dir \"$D\" --no-cache >o1 2>e1 & \"$P\" --demo-dir \"$D\" --no-cache >o2 2>e2 & wait; } && "
	       "test \"$(cat e1 e2 | grep -c 'messages in 11 series')\" = 1 && "
	       "test \"$(cat e1 e2 | grep -c 'using the demo archive')\" = 1 && "
	       "grep -q 'proto: One function' o1 && grep -q 'proto: One function' o2",
	       dir, pbt_patchbay(), dir);
	/* --demo: the default folder under $XDG_DATA_HOME, as `make demo` runs it */
	assert_int_equal(run(ctx, &out, &err, (const char *[]){"--demo", "--no-cache", NULL}), 0);
	pbt_assert_contains(err, talloc_asprintf(ctx, "%s/patchbay/demo", getenv("XDG_DATA_HOME")));
	pbt_assert_contains(out, "config: Reject a poll interval of zero");
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
		cmocka_unit_test(test_open_and_ensure), cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_default_dir),  cmocka_unit_test(test_no_leaks),
		cmocka_unit_test(test_doc_and_hunks), cmocka_unit_test(test_mail_helpers),
		cmocka_unit_test(test_history_errors), cmocka_unit_test(test_series_errors),
		cmocka_unit_test(test_cli),
	};
	int rc;
	pbt_setup_env();
	rc = cmocka_run_group_tests_name("demo: the base set", base_tests, setup, teardown);
	return rc | cmocka_run_group_tests_name("demo", tests, NULL, NULL);
}
