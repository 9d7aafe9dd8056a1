/* test_apply_corpus.c: apply oracles from the corpus. b4's shazam sample
 * applied to its gitdir.bundle must give b4's .verify logs byte for byte;
 * for the LTP threads, the commit messages patchbay writes must carry the
 * trailer set of the upstream commits (EXPECTED-upstream-commits.json). */
#include <stdlib.h>

#include "tests/lib/pbtest.h"
#include "tests/lib/pbt_git.h"
#include "patchbay/apply.h"
#include "patchbay/reply.h"
#include "patchbay/send.h"

static pb_person_t override = {(char *)"Test Override", (char *)"test-override@example.com"};

#define SHAZAM_COVER "20221025-test1-v1-0-e4f28f57990c@linuxfoundation.org"
#define SHAZAM_BASE "f435c12df7c0ecf20ab8937859e63cddffacabb4"

/* An absolute path in the corpus (commands below run in other folders). */
static char *corpus_file(void *ctx, const char *rel)
{
	char *p = realpath(pbt_corpus_path(ctx, rel), NULL), *r;
	assert_non_null(p);
	r = talloc_strdup(ctx, p);
	free(p);
	return r;
}

static char *git_log(void *ctx, const char *repo, const char *range)
{
	const char *argv[] = {"git", "-C", repo, "log", "--format=%ae%n%ce%n%s%n%b---", range, NULL};
	char *out = NULL;
	assert_int_equal(pbt_run(ctx, &out, NULL, NULL, argv), 0);
	return out;
}

static void shazam_setup(void *ctx, char **repo, pb_index_t **idx, pb_series_t **s)
{
	*repo = pbt_tmpdir(ctx);
	pbt_sh("git clone -q '%s' '%s' 2>/dev/null", corpus_file(ctx, "b4-synthetic/gitdir.bundle"), *repo);
	*idx = pbt_index(ctx, pbt_notmuch_db1(ctx, corpus_file(ctx, "b4-synthetic/shazam-git1-just-series.mbox")),
			 NULL);
	assert_int_equal(pb_index_find(*idx, SHAZAM_COVER, s, NULL, NULL), PB_OK);
}

static void test_shazam(void **state)
{
	void *ctx;
	char *repo;
	pb_index_t *idx;
	pb_series_t *s;
	pb_apply_opts_t o = {0};
	pb_apply_result_t *r;
	pb_error_t err = {0};
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	shazam_setup(ctx, &repo, &idx, &s);
	o.repo_path = repo;
	o.committer = &override;

	/* defaults */
	o.branch = "shazam";
	assert_int_equal(pb_apply_series(ctx, &r, idx, s, &o, &err), PB_OK);
	assert_int_equal(r->base_source, PB_BASE_COMMIT);
	assert_string_equal(r->base, SHAZAM_BASE);
	assert_int_equal(r->n_applied, 4);
	assert_string_equal(git_log(ctx, repo, SHAZAM_BASE "..shazam"),
			    pbt_read(ctx, corpus_file(ctx, "b4-synthetic/shazam-git1-just-series-defaults.verify"), NULL));
	/* the tree git am makes of the same mail */
	pbt_sh("cd '%s' && git checkout -q -b am %s && { git am -q '%s' >/dev/null 2>&1 || git am -q --skip; } && "
	       "test \"$(git rev-parse HEAD^{tree})\" = \"$(git rev-parse shazam^{tree})\" && git checkout -q master && "
	       "git branch -q -D am",
	       repo, SHAZAM_BASE, corpus_file(ctx, "b4-synthetic/shazam-git1-just-series.mbox"));

	/* with Link: trailers */
	o.branch = "shazam-link";
	o.am.linkmask = "https://patch.msgid.link/%s";
	assert_int_equal(pb_apply_series(ctx, &r, idx, s, &o, &err), PB_OK);
	assert_string_equal(git_log(ctx, repo, SHAZAM_BASE "..shazam-link"),
			    pbt_read(ctx, corpus_file(ctx, "b4-synthetic/shazam-git1-just-series-addlink.verify"), NULL));

	/* merged into the checked-out master, with the cover as message */
	o.branch = "shazam-merge";
	o.am.linkmask = NULL;
	o.merge_into = "master";
	o.merge_signoff = true;
	assert_int_equal(pb_apply_series(ctx, &r, idx, s, &o, &err), PB_OK);
	assert_true(r->worktree_updated);
	assert_string_equal(git_log(ctx, repo, SHAZAM_BASE "..master"),
			    pbt_read(ctx, corpus_file(ctx, "b4-synthetic/shazam-git1-just-series-merged.verify"), NULL));
	assert_string_equal(pbt_git(ctx, repo, "status --porcelain"), "");
	assert_string_equal(pbt_git(ctx, repo, "rev-parse HEAD"), r->merge_id);
	talloc_free(ctx);
}

/* ---- LTP ---------------------------------------------------------------------- */

struct expected {
	char *msgid;
	char *matched_by;
	char **trailers;
	size_t n;
};

/* The JSON string starting at the quote S (escapes \" and \\ only; the
 * file has no \u escapes). */
static char *json_string(void *ctx, const char *s)
{
	char *o = talloc_strdup(ctx, "");
	for (s++; *s && *s != '"'; s++) {
		if (*s == '\\' && s[1])
			s++;
		o = talloc_strndup_append(o, s, 1);
	}
	return o;
}

/* The "applied" entries of FILE in the JSON (pretty-printed, one value a
 * line). */
static struct expected *read_expected(void *ctx, const char *file, size_t *n)
{
	char *json = pbt_read(ctx, pbt_corpus_path(ctx, "lore-ltp/EXPECTED-upstream-commits.json"), NULL);
	char *key = talloc_asprintf(ctx, "\"%s\": {", file);
	char *p = strstr(json, key), *end;
	struct expected *v = talloc_array(ctx, struct expected, 32);
	*n = 0;
	assert_non_null(p);
	end = strstr(p + 1, "\n }");
	for (char *l = p; l && l < end; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		char *q;
		if ((q = strstr(l, "\"applied_from_msgid\": ")) && q < strchr(l, '\n')) {
			v[*n].msgid = json_string(v, q + 22);
			v[*n].n = 0;
			v[*n].trailers = talloc_array(v, char *, 32);
			(*n)++;
		} else if ((q = strstr(l, "\"matched_by\": ")) && q < strchr(l, '\n')) {
			v[*n - 1].matched_by = json_string(v, q + 14);
		} else if ((q = strstr(l, "\"commit_trailers\": [")) && q < strchr(l, '\n')) {
			for (l = strchr(l, '\n') + 1; *l; l = strchr(l, '\n') + 1) {
				const char *t = l + strspn(l, " ");
				if (*t != '"')
					break;
				v[*n - 1].trailers[v[*n - 1].n++] = json_string(v, t);
			}
		}
	}
	return v;
}

/* The trailer block (last paragraph) of MSG, one line each. */
static char **trailer_lines(void *ctx, const char *msg, size_t *n)
{
	const char *start = msg, *p;
	char **v = talloc_array(ctx, char *, 64);
	*n = 0;
	while ((p = strstr(start, "\n\n")) && p[2])
		start = p + 2;
	for (const char *l = start; *l;) {
		size_t k = strcspn(l, "\n");
		if (k)
			v[(*n)++] = talloc_strndup(v, l, k);
		l += k + (l[k] ? 1 : 0);
	}
	return v;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The maintainer REVIEWER reviews every patch of someone else with
 * patchbay's Reviewed-by key: a reply sent (to a recording sendmail) and
 * stored in the thread, where apply collects it. */
static void review_all(void *ctx, pb_index_t *idx, const struct expected *ex, size_t n, pb_person_t *reviewer)
{
	char *dir = pbt_tmpdir(ctx);
	pb_send_opts_t so = {0};
	so.sendmail_cmd = pbt_script(ctx, dir, "sendmail", "cat > /dev/null\n");
	so.sent_folder = "Sent";
	so.drafts_folder = "Drafts";
	so.sent_tags = "+sent";
	for (size_t i = 0; i < n; i++) {
		pb_series_t *s;
		pb_version_t *v;
		pb_patch_t *p;
		pb_mail_t *m;
		pb_draft_t *d;
		pb_send_result_t r;
		assert_int_equal(pb_index_find(idx, ex[i].msgid, &s, &v, &p), PB_OK);
		assert_int_equal(pb_index_load_mail(idx, ctx, p->rec, &m, NULL), PB_OK);
		if (pb_person_same(&m->author, reviewer))
			continue;
		assert_int_equal(pb_reply_compose(ctx, &d, m, PB_REPLY_REVIEW, reviewer, NULL), PB_OK);
		assert_int_equal(pb_send(idx, ctx, &r, d, &so, NULL), PB_OK);
	}
	/* one refresh after all the sends (the caller's step, store.h) */
	assert_int_equal(pb_index_refresh(idx, NULL), PB_OK);
}

/* Where patchbay collects more than upstream committed, on purpose: Avinesh
 * Kumar gave his Reviewed-by "for all patches in the series" in reply to
 * v2 5/5 of swapon03 (<12777454.O9o76ZdvQC@thinkpad>); upstream committed
 * v2 4/5 without it (b4 collects a trailer given in reply to one patch for
 * that patch alone). patchbay gives it to every patch of v2. */
#define LTP_SERIES_WIDE_MSGID "20251106163500.1063704-5-pvorel@suse.cz"
#define LTP_SERIES_WIDE_TRAILER "Reviewed-by: Avinesh Kumar <akumar@suse.de>"

static void check_ltp(const char *file, pb_person_t *reviewer)
{
	void *ctx = talloc_new(NULL);
	pb_index_t *idx = pbt_index(ctx, pbt_notmuch_db1(ctx, talloc_asprintf(ctx, "%s/lore-ltp/%s", pbt_corpus(), file)),
				    NULL);
	size_t n;
	struct expected *ex = read_expected(ctx, file, &n);
	assert_true(n > 0);
	if (reviewer)
		review_all(ctx, idx, ex, n, reviewer);
	for (size_t i = 0; i < n; i++) {
		pb_series_t *s;
		pb_version_t *v;
		pb_patch_t *p;
		pb_mail_t *m;
		pb_am_opts_t am = {0};
		char *msg, **got;
		size_t ng;
		bool same;
		assert_int_equal(pb_index_find(idx, ex[i].msgid, &s, &v, &p), PB_OK);
		assert_non_null(p);
		assert_int_equal(pb_index_load_mail(idx, ctx, p->rec, &m, NULL), PB_OK);
		/* upstream put a lore Link: on what it applied from the list */
		if (strncmp(ex[i].matched_by, "Link:", 5) == 0)
			am.linkmask = "https://lore.kernel.org/ltp/%s/";
		assert_int_equal(pb_apply_commit_message(ctx, &msg, p, m, &am), PB_OK);
		got = trailer_lines(ctx, msg, &ng);
		if (strcmp(ex[i].msgid, LTP_SERIES_WIDE_MSGID) == 0 && ex[i].n < 32)
			ex[i].trailers[ex[i].n++] = (char *)LTP_SERIES_WIDE_TRAILER;
		qsort(got, ng, sizeof(*got), cmp_str);
		qsort(ex[i].trailers, ex[i].n, sizeof(char *), cmp_str);
		same = ng == ex[i].n;
		for (size_t k = 0; same && k < ng; k++)
			same = strcmp(got[k], ex[i].trailers[k]) == 0;
		if (!same) {
			print_error("%s <%s>: trailers differ\ngot:\n", file, ex[i].msgid);
			for (size_t k = 0; k < ng; k++)
				print_error("  %s\n", got[k]);
			print_error("upstream:\n");
			for (size_t k = 0; k < ex[i].n; k++)
				print_error("  %s\n", ex[i].trailers[k]);
			fail();
		}
	}
	talloc_free(ctx);
}

static void test_ltp_swapon03(void **state)
{
	(void)state;
	PBT_NEED_CORPUS();
	check_ltp("ltp-swapon03-v1-v5.mbox", NULL);
}

static void test_ltp_configure_make(void **state)
{
	(void)state;
	PBT_NEED_CORPUS();
	check_ltp("ltp-configure-make-cleanup-v1-v2.mbox", NULL);
}

static void test_ltp_sched_football(void **state)
{
	(void)state;
	PBT_NEED_CORPUS();
	check_ltp("ltp-sched_football-runtest.mbox", NULL);
}

/* Petr Vorel's Reviewed-by on Jan Kara's and Amir Goldstein's patches is
 * in the upstream commits but in no mail: he added it when he applied them.
 * With patchbay he presses the Reviewed-by key on each first. */
static void test_ltp_fanotify(void **state)
{
	pb_person_t petr = {(char *)"Petr Vorel", (char *)"pvorel@suse.cz"};
	(void)state;
	PBT_NEED_CORPUS();
	check_ltp("ltp-fanotify-cover-0of6-v2.mbox", &petr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shazam),
		cmocka_unit_test(test_ltp_swapon03),
		cmocka_unit_test(test_ltp_configure_make),
		cmocka_unit_test(test_ltp_sched_football),
		cmocka_unit_test(test_ltp_fanotify),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("apply-corpus", tests, NULL, NULL);
}
