/* test_check.c: every check on a message that trips it and on one that
 * does not. Real mail from the corpus; where the corpus has no example
 * (wrong Cc: stable, Link: without URL, duplicate trailers, Fixes: against
 * a repository), a series git format-patch made in a real repository. */
#include "tests/lib/pbtest.h"
#include "tests/lib/pbfixture.h"
#include "tests/lib/tjson.h"
#include <unistd.h>

#include "patchbay/check.h"

typedef struct fixture {
	void *ctx;
	pb_index_t *idx;
} fixture_t;

static fixture_t ltp, pwm, wired, multicolor, clk, amlogic;

static pb_index_t *open_file(void *ctx, const char *rel)
{
	return pbt_index(ctx, pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, rel)), NULL);
}

/* Findings of check ID on the version holding MSGID (profile P). */
static size_t run(pb_index_t *idx, const char *msgid, const pb_profile_t *p, pb_check_id_t id, bool quick,
		  const pb_finding_t **first)
{
	void *ctx = talloc_new(NULL);
	pb_series_t *s;
	pb_version_t *v;
	pb_check_opts_t o = {0};
	pb_check_report_t *r;
	pb_error_t err = {0};
	size_t n = 0;
	static pb_finding_t copy;
	if (pb_index_find(idx, msgid, &s, &v, NULL) != PB_OK)
		fail_msg("no message <%s>", msgid);
	o.profile = p;
	o.version = v;
	o.quick = quick;
	if (pb_check_series(ctx, &r, idx, s, &o, &err) != PB_OK)
		fail_msg("pb_check_series: %s", pb_error_msg(&err));
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].check == id) {
			if (!n++) {
				copy = r->v[i];
				copy.quote = r->v[i].quote ? talloc_strdup(NULL, r->v[i].quote) : NULL;
			}
			assert_string_equal(r->v[i].id, pb_check_info(id)->id);
			assert_int_equal(r->v[i].version, v->version);
		}
	if (first)
		*first = n ? &copy : NULL;
	else if (n && copy.quote)
		talloc_free((void *)copy.quote);
	talloc_free(ctx);
	return n;
}

static pb_profile_t *profile(void *ctx, const char *name)
{
	pb_profile_t *p;
	pb_error_t err = {0};
	assert_int_equal(pb_profile_load(ctx, &p, NULL, name, &err), PB_OK);
	return p;
}

/* The check trips on TRIP (quoting WANT_QUOTE when not NULL) and not on OK. */
static void trips(fixture_t *f_trip, const char *trip, fixture_t *f_ok, const char *ok, const pb_profile_t *p,
		  pb_check_id_t id, const char *want_quote)
{
	const pb_finding_t *fd = NULL;
	if (run(f_trip->idx, trip, p, id, false, &fd) == 0)
		fail_msg("%s did not trip on <%s>", pb_check_info(id)->id, trip);
	if (want_quote) {
		assert_non_null(fd->quote);
		pbt_assert_contains(fd->quote, want_quote);
	}
	if (fd && fd->quote)
		talloc_free((void *)fd->quote);
	if (ok && run(f_ok->idx, ok, p, id, false, NULL) != 0)
		fail_msg("%s tripped on <%s>", pb_check_info(id)->id, ok);
}

static int setup(void **state)
{
	(void)state;
	if (!pbt_corpus())
		return 0;
	ltp.ctx = talloc_new(NULL);
	ltp.idx = open_file(ltp.ctx, "lore-ltp/bulk-ltp-2025-11..12.mbox");
	pwm.ctx = talloc_new(NULL);
	pwm.idx = open_file(pwm.ctx, "lore-linux-pwm/bulk-linux-pwm-2022-01..04.mbox");
	wired.ctx = talloc_new(NULL);
	wired.idx = open_file(wired.ctx, "lore-intel-wired-lan/bulk-intel-wired-lan-2026-01-15..31.mbox");
	multicolor.ctx = talloc_new(NULL);
	multicolor.idx = open_file(multicolor.ctx, "lore-linux-pwm/multicolor-pwm-led.linux-pwm-view.mbox");
	clk.ctx = talloc_new(NULL);
	clk.idx = open_file(clk.ctx, "lore-linux-pwm/clk-devm-helpers-v1-v8-uwe.mbox");
	amlogic.ctx = talloc_new(NULL);
	amlogic.idx = open_file(amlogic.ctx, "lore-linux-pwm/amlogic-s4-pwm-v4-v8-b4relay.mbox");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	talloc_free(ltp.ctx);
	talloc_free(pwm.ctx);
	talloc_free(wired.ctx);
	talloc_free(multicolor.ctx);
	talloc_free(clk.ctx);
	talloc_free(amlogic.ctx);
	return 0;
}

#define MC_V8 "20220407073225.71605-1-sven@svenschwermer.de"     /* v8 RESEND cover */
#define MC_V8_2 "20220407073225.71605-3-sven@svenschwermer.de"   /* its 2/3 */
#define MC_V6 "20220208191236.660172-1-sven@svenschwermer.de"    /* v6 1/3, no cover */
#define CLK_V3 "20210301135053.1462168-1-u.kleine-koenig@pengutronix.de"
#define CLK_V8 "20220314141643.22184-1-u.kleine-koenig@pengutronix.de"

static void test_series_checks(void **state)
{
	void *ctx;
	pb_profile_t *lx;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	lx = profile(ctx, "linux");
	trips(&multicolor, MC_V6, &multicolor, MC_V8, lx, PB_CHECK_NO_COVER, "[PATCH v6 1/3]");
	trips(&ltp, "20251113015242.799-1-wegao@suse.com", &clk, CLK_V3, lx, PB_CHECK_COVER_EMPTY, NULL);
	trips(&ltp, "20251113162217.1077332-1-zlang@kernel.org", &clk, CLK_V3, lx, PB_CHECK_NO_CHANGELOG,
	      "[PATCH v2] syscalls/stat04");
	/* "Compared to v7 ... rebased" counts as a change history */
	assert_int_equal(run(clk.idx, CLK_V8, lx, PB_CHECK_NO_CHANGELOG, false, NULL), 0);
	trips(&ltp, "20251113162217.1077332-1-zlang@kernel.org", &clk, CLK_V3, lx, PB_CHECK_UNASKED_CHANGE, NULL);
	trips(&pwm, "20220425132244.48688-1-u.kleine-koenig@pengutronix.de", &multicolor, MC_V8, lx,
	      PB_CHECK_IGNORED_REVIEW, "Re: [PATCH] pwm: tegra: Optimize period calculation");
	trips(&clk, CLK_V8, &clk, CLK_V3, lx, PB_CHECK_MISSING_PATCHES, "[PATCH v8 00/16]");
	trips(&multicolor, MC_V8, &amlogic, "20240521-s4-pwm-v5-0-0c91f5fa32cd@amlogic.com", lx, PB_CHECK_NO_BASE,
	      NULL);
	/* quick runs need no mail and still see the record checks */
	assert_int_equal(run(clk.idx, CLK_V8, lx, PB_CHECK_MISSING_PATCHES, true, NULL), 1);
	assert_int_equal(run(ltp.idx, "20251113015242.799-1-wegao@suse.com", lx, PB_CHECK_COVER_EMPTY, true, NULL), 0);
	talloc_free(ctx);
}

static void test_patch_checks(void **state)
{
	void *ctx;
	pb_profile_t *lx, *kvm;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	lx = profile(ctx, "linux");
	kvm = profile(ctx, "kvm-x86");
	trips(&ltp, "20251104193942.4080083-1-sbertram@redhat.com", &multicolor, MC_V8, lx, PB_CHECK_NO_SIGNOFF, NULL);
	/* a stable review posting (Greg's 6.18 queue, 107 of 227): the author
	 * is the From: below the notice, Mina Almasry, who signed off (issue
	 * 11, bug 16); the generated series of test_missing_ranges trips it */
	assert_int_equal(run(wired.idx, "20260128145348.320547320@linuxfoundation.org", lx, PB_CHECK_AUTHOR_SIGNOFF,
			     false, NULL),
			 0);
	trips(&pwm, "20220113194358.xnnbhsoyetihterb@pengutronix.de", &multicolor, MC_V8, lx,
	      PB_CHECK_SHORTLOG_LENGTH, "platform_get_irq_silent()");
	trips(&pwm, "20220202165315.18282-1-nick.hawkins@hpe.com", &multicolor, MC_V8, lx, PB_CHECK_SHORTLOG_PREFIX,
	      "HPE BMC GXP SUPPORT");
	/* kvm-x86: only its topics, case-sensitive */
	trips(&multicolor, MC_V8, NULL, NULL, kvm, PB_CHECK_SHORTLOG_PREFIX, "dt-bindings: leds:");
	trips(&ltp, "20251107102939.1111074-2-pvorel@suse.cz", &multicolor, MC_V8, lx, PB_CHECK_SHORTLOG_PATH,
	      "tst_test.c: Fix tst_check_cmd() use");
	trips(&pwm, "20220428100421.247471-3-fabiobaltieri@chromium.org", &multicolor, MC_V8, kvm,
	      PB_CHECK_SHORTLOG_CAPITAL, ": add ");
	assert_int_equal(run(pwm.idx, "20220428100421.247471-3-fabiobaltieri@chromium.org", lx,
			     PB_CHECK_SHORTLOG_CAPITAL, false, NULL), 0); /* off in linux */
	trips(&ltp, "20251205031719.53914-1-simplemessager@163.com", &multicolor, MC_V8, lx,
	      PB_CHECK_SHORTLOG_PERIOD, "not enabled.");
	trips(&wired, "a6ff5862682267a0a8e0c6dffa6df69f5700e933.1769867953.git.mchehab+huawei@kernel.org",
	      &multicolor, MC_V8, lx, PB_CHECK_SHORTLOG_MOOD, "allows the caller");
	trips(&pwm, "20220214140339.112500-1-angelogioacchino.delregno@collabora.com", &multicolor, MC_V8, lx,
	      PB_CHECK_BODY_MISSING, "Use dev_err_probe()");
	trips(&ltp, "20251125044057.20922-1-wegao@suse.com", &multicolor, MC_V8, lx, PB_CHECK_BODY_WIDTH,
	      "Using sprintf without length checking");
	trips(&ltp, "20251124164307.20516-1-chrubis@suse.cz", &multicolor, MC_V8, lx, PB_CHECK_BODY_BELOW_CUT,
	      "Changes in v2:");
	trips(&ltp, "20251107102939.1111074-2-pvorel@suse.cz", &pwm, "20220425132244.48688-1-u.kleine-koenig@pengutronix.de",
	      lx, PB_CHECK_FIXES_FORMAT, "Fixes: 9bb94efa39 (");
	trips(&pwm, "1647945781-10191-3-git-send-email-hammerh0314@gmail.com", &multicolor, MC_V8, lx,
	      PB_CHECK_PATCH_SIZE, NULL);
	trips(&wired, "20260120103440.892326-9-jakub.slepecki@intel.com", &multicolor, MC_V8, lx,
	      PB_CHECK_WHITESPACE_MIXED, "ice_vf_rebuild_host_mac_cfg");
	/* a quick run skips what needs the mail */
	assert_int_equal(run(ltp.idx, "20251125044057.20922-1-wegao@suse.com", lx, PB_CHECK_BODY_WIDTH, true, NULL), 0);
	assert_int_equal(run(ltp.idx, "20251104193942.4080083-1-sbertram@redhat.com", lx, PB_CHECK_NO_SIGNOFF, true,
			     NULL), 1);
	talloc_free(ctx);
}

/* ---- a series made by git, checked against its repository ----------------- */

/* Message-ID of the patch titled TITLE in version N of S. */
static char *patch_titled(const pb_series_t *s, int n, const char *title)
{
	const pb_version_t *v = pb_series_version(s, n);
	assert_non_null(v);
	for (size_t i = 0; i < v->n_patches; i++)
		if (strcmp(v->patches[i]->rec->title, title) == 0)
			return (char *)v->patches[i]->rec->msgid;
	fail_msg("v%d has no patch '%s'", n, title);
	return NULL;
}

static void test_git_series(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = pbt_tmpdir(ctx), *repo;
	const char *src = getenv("PB_SRCDIR");
	const char *files[3];
	fixture_t g;
	pb_profile_t *lx = profile(ctx, "linux");
	pb_series_t *s;
	char *v1, *v2;
	(void)state;
	pbt_sh("sh '%s/tests/data/mkseries.sh' '%s/s' >/dev/null 2>&1", src && *src ? src : ".", dir);
	files[0] = talloc_asprintf(ctx, "%s/s/v1.mbox", dir);
	files[1] = talloc_asprintf(ctx, "%s/s/v2.mbox", dir);
	files[2] = NULL;
	g.ctx = ctx;
	g.idx = pbt_index(ctx, pbt_notmuch_db(ctx, files), NULL);
	s = pb_index_series(g.idx)->v[0];
	assert_int_equal(s->n_versions, 2);
	v1 = patch_titled(s, 1, "widget: Fix the count");  /* right trailers */
	v2 = patch_titled(s, 2, "widget: Add a knob");     /* wrong ones */
	trips(&g, v2, &g, v1, lx, PB_CHECK_CC_STABLE, "Cc: <stable@kernel.org>");
	trips(&g, v2, &g, v1, lx, PB_CHECK_LINK_URL, "Link: bug 1234");
	trips(&g, v2, &g, v1, lx, PB_CHECK_TRAILER_DUP, "Reviewed-by: Bea Reviewer");
	/* with the repository: Fixes: and base-commit: are looked up */
	repo = talloc_asprintf(ctx, "%s/s/repo", dir);
	lx->repo_path = repo;
	trips(&g, patch_titled(s, 2, "widget: Return the right count from widget_20()"), &g, v1, lx, PB_CHECK_FIXES_UNKNOWN, "Fixes: 0123456789ab");
	trips(&g, patch_titled(s, 2, "docs: Describe the widget"), &g, v1, lx, PB_CHECK_FIXES_SUBJECT, "Initial commit");
	assert_int_equal(run(g.idx, v1, lx, PB_CHECK_BASE_UNKNOWN, false, NULL), 0);
	assert_int_equal(run(g.idx, v1, lx, PB_CHECK_NO_BASE, false, NULL), 0);
	/* the base of another repository is unknown here */
	if (pbt_corpus())
		trips(&amlogic, "20240521-s4-pwm-v5-0-0c91f5fa32cd@amlogic.com", NULL, NULL, lx, PB_CHECK_BASE_UNKNOWN,
		      "base-commit: ");
	/* the v2 cover's change history says what changed: no unasked change */
	assert_int_equal(run(g.idx, v2, lx, PB_CHECK_UNASKED_CHANGE, false, NULL), 0);
	assert_int_equal(run(g.idx, v2, lx, PB_CHECK_NO_CHANGELOG, false, NULL), 0);
	/* the v1 series is clean under the linux profile, quick or not */
	assert_int_equal(run(g.idx, v1, lx, PB_CHECK_FIXES_FORMAT, false, NULL), 0);
	talloc_free(ctx);
}

/* ---- profiles and git config ---------------------------------------------- */

static void test_profiles(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = pbt_tmpdir(ctx);
	pb_profile_t *p;
	pb_conf_t *conf;
	pb_error_t err = {0};
	(void)state;
	assert_int_equal(pb_profile_load(ctx, &p, NULL, "nope", &err), PB_ERR_USAGE);
	pbt_assert_contains(pb_error_msg(&err), "unknown profile 'nope'");
	p = profile(ctx, "xen");
	assert_false(p->enabled[PB_CHECK_SHORTLOG_PATH]);
	assert_int_equal(p->severity[PB_CHECK_NO_CHANGELOG], PB_SEV_ERROR);
	p = profile(ctx, "ltp");
	assert_false(p->enabled[PB_CHECK_SHORTLOG_PATH]);
	assert_false(p->enabled[PB_CHECK_CC_STABLE]);
	assert_true(p->enabled[PB_CHECK_SHORTLOG_MOOD]);
	p = profile(ctx, "kvm-x86");
	assert_true(p->enabled[PB_CHECK_SHORTLOG_CAPITAL]);
	assert_string_equal(p->prefixes[0], "KVM: x86:");
	assert_int_equal(pb_check_lookup("shortlog-length"), PB_CHECK_SHORTLOG_LENGTH);
	assert_int_equal(pb_check_lookup("nope"), PB_CHECK_COUNT);
	/* git config selects and tunes */
	pbt_sh("git init -q '%s/r' && cd '%s/r' && git config patchbay.profile kvm-x86 && "
	       "git config patchbay.check.shortlog-capital off && git config patchbay.check.no-cover error && "
	       "git config patchbay.check.shortlog-length.warn 70 && "
	       "git config patchbay.check.shortlog-prefix.allowed 'pwm:, leds: ' && git config patchbay.checkpatch true",
	       dir, dir);
	assert_int_equal(pb_conf_open(ctx, &conf, talloc_asprintf(ctx, "%s/r", dir), &err), PB_OK);
	assert_int_equal(pb_profile_load(ctx, &p, conf, NULL, &err), PB_OK);
	assert_string_equal(p->name, "kvm-x86");
	assert_false(p->enabled[PB_CHECK_SHORTLOG_CAPITAL]);
	assert_int_equal(p->severity[PB_CHECK_NO_COVER], PB_SEV_ERROR);
	assert_int_equal(p->shortlog_warn, 70);
	assert_int_equal(p->n_prefixes, 2);
	assert_string_equal(p->prefixes[1], "leds:");
	assert_true(p->enabled[PB_CHECK_CHECKPATCH]);
	assert_non_null(p->repo_path);
	/* bad values name the key */
	pbt_sh("cd '%s/r' && git config patchbay.check.no-cover loud", dir);
	assert_int_equal(pb_conf_open(ctx, &conf, talloc_asprintf(ctx, "%s/r", dir), &err), PB_OK);
	assert_int_equal(pb_profile_load(ctx, &p, conf, NULL, &err), PB_ERR_USAGE);
	pbt_assert_contains(pb_error_msg(&err), "patchbay.check.no-cover");
	pbt_sh("cd '%s/r' && git config patchbay.check.no-cover on && git config patchbay.check.patch-size.limit many", dir);
	assert_int_equal(pb_conf_open(ctx, &conf, talloc_asprintf(ctx, "%s/r", dir), &err), PB_OK);
	assert_int_equal(pb_profile_load(ctx, &p, conf, NULL, &err), PB_ERR_USAGE);
	pbt_assert_contains(pb_error_msg(&err), "patchbay.check.patch-size.limit");
	talloc_free(ctx);
}

/* ---- the CLI ------------------------------------------------------------------- */

static void test_cli(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = pbt_tmpdir(ctx), *out, *err;
	const char *src = getenv("PB_SRCDIR");
	(void)state;
	pbt_sh("sh '%s/tests/data/mkseries.sh' '%s/s' >/dev/null 2>&1 && cat '%s/s/v1.mbox' '%s/s/v2.mbox' >'%s/both.mbox'",
	       src && *src ? src : ".", dir, dir, dir, dir);
	{
		char *mbox = talloc_asprintf(ctx, "%s/both.mbox", dir);
		const char *list[] = {pbt_patchbay(), "-q", "-f", mbox, "list", NULL};
		char *id;
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, list), 0);
		id = strrchr(out, '<') + 1;
		*strchr(id, '>') = '\0';
		{
			const char *check[] = {pbt_patchbay(), "-q", "-f", mbox, "check", id, NULL};
			const char *json[] = {pbt_patchbay(), "-q", "-f", mbox, "check", "--json", id, NULL};
			const char *v1[] = {pbt_patchbay(), "-q", "-f", mbox, "check", "--version", "1", id, NULL};
			const char *bad[] = {pbt_patchbay(), "-q", "-f", mbox, "check", "--profile", "bsd", id, NULL};
			const char *idf[] = {pbt_patchbay(), "-q", "-f", mbox, "interdiff", "--json", id, NULL};
			const char *one[] = {pbt_patchbay(), "-q", "-f", mbox, "interdiff", "--from", "9", id, NULL};
			char cwd[4096];
			/* the repository is the one of the current directory */
			assert_non_null(getcwd(cwd, sizeof(cwd)));
			assert_int_equal(chdir(talloc_asprintf(ctx, "%s/s/repo", dir)), 0);
			/* v2 names a commit the repository lacks: an error, exit 1 */
			assert_int_equal(pbt_run(ctx, &out, &err, NULL, check), 1);
			pbt_assert_contains(out, "fixes-unknown");
			pbt_assert_contains(out, "fixes-subject");
			pbt_assert_contains(out, "link-not-url");
			pbt_assert_contains(out, "| Link: bug 1234");
			assert_int_equal(pbt_run(ctx, &out, &err, NULL, json), 1);
			pbt_assert_contains(out, "\"check\": \"cc-stable\"");
			/* v1 is clean: exit 0 */
			assert_int_equal(pbt_run(ctx, &out, &err, NULL, v1), 0);
			pbt_assert_contains(out, ": 0 errors");
			/* from another project's repository: no lookups there, and
			 * it says so (issue 11, bug 3: every Fixes: was an error) */
			pbt_sh("git init -q '%s/other' && cd '%s/other' && echo x > unrelated.txt && git add unrelated.txt && "
			       "git -c user.name=o -c user.email=o@o commit -q -m x",
			       dir, dir);
			assert_int_equal(chdir(talloc_asprintf(ctx, "%s/other", dir)), 0);
			pbt_run(ctx, &out, &err, NULL, check);
			pbt_assert_not_contains(out, "fixes-unknown");
			pbt_assert_contains(out, "Fixes: and base-commit: not looked up: ");
			pbt_assert_contains(out, "other/ has none of the series' files (git config patchbay.repo");
			assert_int_equal(pbt_run(ctx, &out, &err, NULL, json), 0);
			pbt_assert_contains(out, "\"repository\": null");
			/* patchbay.repo names the project's: looked up there */
			pbt_sh("git config --global patchbay.repo '%s/s/repo'", dir);
			assert_int_equal(pbt_run(ctx, &out, &err, NULL, check), 1);
			pbt_assert_contains(out, "fixes-unknown");
			pbt_assert_not_contains(out, "not looked up");
			assert_int_equal(pbt_run(ctx, &out, &err, NULL, json), 1);
			pbt_assert_contains(out, talloc_asprintf(ctx, "\"repository\": \"%s/s/repo", dir));
			pbt_sh("git config --global --unset patchbay.repo");
			assert_int_equal(chdir(cwd), 0);
			assert_int_equal(pbt_run(ctx, &out, &err, NULL, bad), 2);
			pbt_assert_contains(err, "unknown profile 'bsd'");
			assert_int_equal(pbt_run(ctx, &out, &err, NULL, idf), 0);
			pbt_assert_contains(out, "\"status\": \"dropped\"");
			pbt_assert_contains(out, "\"role\": \"new\"");
			assert_int_equal(pbt_run(ctx, &out, &err, NULL, one), 1);
			pbt_assert_contains(err, "no version 9");
		}
	}
	/* an error finding exits 1 */
	if (pbt_corpus()) {
		const char *f = pbt_corpus_path(ctx, "lore-linux-pwm/clk-devm-helpers-v1-v8-uwe.mbox");
		const char *argv[] = {pbt_patchbay(), "-q", "-f", f, "check", CLK_V8, NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, argv), 1);
		pbt_assert_contains(out, "missing-patches");
	}
	talloc_free(ctx);
}

/* missing-patches names what is missing as ranges: 2 of 9 received (a
 * stable review is read a patch at a time: 226 of 227 listed one by one
 * was issue 11, bug 16). author-signoff: 3/9 is Ann's with Bob's
 * sign-off alone; 5/9, in the stable queue's format, is Cy's, signed off
 * by Cy. */
static void test_missing_ranges(void **state)
{
	void *ctx = talloc_new(NULL);
	char *out, *err, *text;
	const char *list[] = {pbt_patchbay(), "-q", "-f", NULL, "check", "<ranges-0@test>", NULL};
	(void)state;
	text = talloc_strdup(ctx, "From x Mon Sep 17 00:00:00 2001\nFrom: Ann Author <ann@example.org>\n"
				  "Subject: [PATCH 0/9] widget: Nine steps\nMessage-ID: <ranges-0@test>\n"
				  "Date: Mon, 1 Jan 2024 10:00:00 +0000\n\nNine steps.\n\n");
	for (int i = 3; i <= 5; i += 2)
		text = talloc_asprintf_append(text,
			"From x Mon Sep 17 00:00:00 2001\nFrom: Ann Author <ann@example.org>\n"
			"Subject: [PATCH %d/9] widget: Step %d\nMessage-ID: <ranges-%d@test>\n"
			"In-Reply-To: <ranges-0@test>\nDate: Mon, 1 Jan 2024 10:0%d:00 +0000\n\n"
			"%sStep %d.\n\nSigned-off-by: %s\n---\n"
			"diff --git a/w.c b/w.c\n--- a/w.c\n+++ b/w.c\n@@ -1 +1 @@\n-a%d\n+b%d\n\n",
			i, i, i, i,
			i == 5 ? "6.18-stable review patch.  If anyone has any objections, please let me know.\n\n"
				 "------------------\n\nFrom: Cy Coder <cy@example.org>\n\n[ Upstream commit 1234 ]\n\n"
			       : "",
			i, i == 5 ? "Cy Coder <cy@example.org>" : "Bob Other <bob@example.org>", i, i);
	assert_non_null(text);
	list[3] = pbt_write_temp(ctx, "m.mbox", text);
	pbt_run(ctx, &out, &err, NULL, list);
	pbt_assert_contains(out, "patches 1, 2, 4, 6-9 of 9 not received");
	pbt_assert_contains(out, "author-signoff         [3/9]    no Signed-off-by by the author, ann@example.org");
	pbt_assert_not_contains(out, "[5/9]");
	talloc_free(ctx);
}

/* LTP names the file or test in its shortlogs ("tst_test.c: ..."): the
 * linux profile warns on every one, the ltp profile on none (issue 11,
 * bug 19), on the LTP bulk archive. */
static void test_ltp_profile(void **state)
{
	void *ctx;
	const pb_series_set_t *set;
	size_t linux_n = 0, ltp_n = 0;
	pb_profile_t *lx, *lt;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	lx = profile(ctx, "linux");
	lt = profile(ctx, "ltp");
	set = pb_index_series(ltp.idx);
	for (size_t i = 0; i < set->n; i++) {
		const char *id = pb_series_latest(set->v[i])->root->msgid;
		if (!pb_series_latest(set->v[i])->n_patches)
			continue;
		linux_n += run(ltp.idx, id, lx, PB_CHECK_SHORTLOG_PATH, true, NULL);
		ltp_n += run(ltp.idx, id, lt, PB_CHECK_SHORTLOG_PATH, true, NULL);
	}
	assert_true(linux_n >= 10);
	assert_int_equal(ltp_n, 0);
	talloc_free(ctx);
}

/* shortlog-mood's hint is the commit verb the word stands for: "Migrating"
 * is "Migrate", not "Migrat" (issue 11, bug 19). */
static void test_mood_hints(void **state)
{
	static const char *const titles[][2] = {
		{"Migrating the reader to the new API", "Migrate"}, {"Dropping the lock early", "Drop"},
		{"Updated the documentation of it", "Update"},      {"Adds a counter of the readings", "Add"},
		{"Fixes the count of the readings", "Fix"},          {"Removing the old reader of it", "Remove"},
		{"Applied the limit to every reading", "Apply"},
	};
	void *ctx = talloc_new(NULL);
	char *out, *err, *text;
	const char *check[] = {pbt_patchbay(), "-q", "-f", NULL, "check", "--quick", "<mood-0@test>", NULL};
	const size_t n = sizeof(titles) / sizeof(titles[0]);
	(void)state;
	text = talloc_asprintf(ctx, "From x Mon Sep 17 00:00:00 2001\nFrom: Ann Author <ann@example.org>\n"
				    "Subject: [PATCH 0/%zu] widget: Readings\nMessage-ID: <mood-0@test>\n"
				    "Date: Mon, 1 Jan 2024 10:00:00 +0000\n\nReadings.\n\n", n);
	for (size_t i = 0; i < n; i++)
		text = talloc_asprintf_append(text,
			"From x Mon Sep 17 00:00:00 2001\nFrom: Ann Author <ann@example.org>\n"
			"Subject: [PATCH %zu/%zu] widget: %s\nMessage-ID: <mood-%zu@test>\n"
			"In-Reply-To: <mood-0@test>\nDate: Mon, 1 Jan 2024 10:0%zu:00 +0000\n\n"
			"Step.\n\nSigned-off-by: Ann Author <ann@example.org>\n---\n"
			"diff --git a/w.c b/w.c\n--- a/w.c\n+++ b/w.c\n@@ -1 +1 @@\n-a%zu\n+b%zu\n\n",
			i + 1, n, titles[i][0], i + 1, i + 1, i, i);
	assert_non_null(text);
	check[3] = pbt_write_temp(ctx, "m.mbox", text);
	pbt_run(ctx, &out, &err, NULL, check);
	for (size_t i = 0; i < n; i++) {
		char *word = talloc_strndup(ctx, titles[i][0], strcspn(titles[i][0], " "));
		pbt_assert_contains(out, talloc_asprintf(ctx, "\"%s\" is not imperative mood (write \"%s\")", word,
							 titles[i][1]));
	}
	talloc_free(ctx);
}

/* The demo archive: its style series trips each style check where the
 * generator put the mistake, a clean series passes, and the demo's own
 * repository is the one base commits are looked up in. */
static bool has_finding(const tj_t *findings, const char *check, int patch, const char *sev)
{
	for (size_t i = 0; i < findings->n; i++) {
		const tj_t *f = findings->items[i];
		if (strcmp(tj_str(f, "check"), check) == 0 && (int)tj_get(f, "patch")->num == patch &&
		    strcmp(tj_str(f, "severity"), sev) == 0)
			return true;
	}
	return false;
}

static void test_demo(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = pbt_tmpdir(ctx), *out, *err;
	const char *gen[] = {pbt_patchbay(), "-q", "demo-gen", dir, NULL};
	tj_t *r, *f;
	(void)state;
	if (pbt_run(ctx, &out, &err, NULL, gen) != 0)
		fail_msg("demo-gen: %s", err);
	{
		const char *a[] = {pbt_patchbay(), "-q", "--demo-dir", dir, "--demo", "check",
				   "style-v1-0@demo.widgetd.org", "--json", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 1); /* errors: exit 1 */
	}
	r = tj_parse(ctx, out, NULL);
	assert_non_null(r);
	f = tj_get(r, "findings");
	assert_true(has_finding(f, "shortlog-length", 1, "error"));
	assert_true(has_finding(f, "shortlog-period", 1, "warning"));
	assert_true(has_finding(f, "shortlog-mood", 1, "warning"));
	assert_true(has_finding(f, "fixes-format", 1, "warning"));
	assert_true(has_finding(f, "no-signoff", 2, "error"));
	assert_true(has_finding(f, "shortlog-prefix", 2, "warning"));
	assert_true(has_finding(f, "shortlog-mood", 2, "warning"));
	assert_true(has_finding(f, "body-line-length", 2, "warning"));
	pbt_assert_contains(out, "(write \\\"Add\\\")"); /* as JSON escapes it */
	pbt_assert_not_contains(out, "base-commit-unknown");
	{
		/* v3 of the history series is clean: exit 0, no error */
		const char *a[] = {pbt_patchbay(), "-q", "--demo-dir", dir, "--demo", "check",
				   "history-v3-0@demo.widgetd.org", "--json", NULL};
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 0);
		r = tj_parse(ctx, out, NULL);
		assert_int_equal((int)tj_get(tj_get(r, "counts"), "error")->num, 0);
		pbt_assert_not_contains(out, "base-commit");
	}
	talloc_free(ctx);
}

/* patchbay.checkpatch runs the repository's scripts/checkpatch.pl on each
 * patch mail (--terse) and reports its lines. The script here stands in
 * for the kernel's: same arguments, same output format. */
static void test_checkpatch(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = pbt_tmpdir(ctx), *out, *err, *repo;
	const char *gen[] = {pbt_patchbay(), "-q", "demo-gen", dir, NULL};
	const char *a[] = {pbt_patchbay(), "-q", "--demo-dir", dir, "--demo", "check",
			   "style-v1-0@demo.widgetd.org", "--json", NULL};
	tj_t *f;
	(void)state;
	if (pbt_run(ctx, &out, &err, NULL, gen) != 0)
		fail_msg("demo-gen: %s", err);
	repo = talloc_asprintf(ctx, "%s/repo", dir);
	pbt_sh("mkdir -p '%s/scripts' && cat > '%s/scripts/checkpatch.pl' <<'EOF'\n"
	       "#!/usr/bin/perl\n"
	       "# stand-in for checkpatch.pl --terse: args, then the mail file\n"
	       "my $f = $ARGV[-1]; my %%o = map { $_ => 1 } @ARGV;\n"
	       "die 'want --terse' unless $o{'--terse'} && $o{'--show-types'};\n"
	       "open(my $h, '<', $f) or die; my $n = 0;\n"
	       "while (<$h>) { $n++; chomp;\n"
	       "  print \"$f:$n: WARNING:LONG_LINE: line length of \" . length($_) . \" exceeds 100 columns\\n\" if length($_) > 100 && /^\\+/;\n"
	       "  print \"$f:$n: ERROR:TRAILING_WHITESPACE: trailing whitespace\\n\" if /^\\+.*[ \\t]$/; }\n"
	       "print \"$f:1: CHECK:FILE_OK: looked at this mail\\n\";\n"
	       "seek($h, 0, 0); print \"$f:3: WARNING:SUBJECT_MOOD: not imperative\\n\" if grep { /Adds a timeout/ } <$h>;\n"
	       "exit 0;\nEOF\n", repo, repo);
	/* off by default: no checkpatch findings */
	assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 1);
	pbt_assert_not_contains(out, "\"checkpatch\"");
	pbt_sh("git -C '%s' config patchbay.checkpatch true", repo);
	assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 1);
	f = tj_get(tj_parse(ctx, out, NULL), "findings");
	assert_non_null(f);
	/* one CHECK per patch mail, as a note */
	for (int p = 1; p <= 3; p++)
		assert_true(has_finding(f, "checkpatch", p, "note"));
	pbt_assert_contains(out, "checkpatch: FILE_OK: looked at this mail");
	assert_true(has_finding(f, "checkpatch", 2, "warning"));
	assert_false(has_finding(f, "checkpatch", 1, "warning"));
	/* a script that is missing leaves no trace */
	pbt_sh("rm '%s/scripts/checkpatch.pl'", repo);
	assert_int_equal(pbt_run(ctx, &out, &err, NULL, a), 1);
	pbt_assert_not_contains(out, "\"checkpatch\"");
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_series_checks), cmocka_unit_test(test_patch_checks),
		cmocka_unit_test(test_git_series),    cmocka_unit_test(test_profiles),
		cmocka_unit_test(test_cli),           cmocka_unit_test(test_demo),
		cmocka_unit_test(test_checkpatch),    cmocka_unit_test(test_missing_ranges),
		cmocka_unit_test(test_mood_hints),
		cmocka_unit_test(test_ltp_profile),
	};
	pbt_setup_env();
	return cmocka_run_group_tests(tests, setup, teardown);
}
