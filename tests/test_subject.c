/* test_subject.c: every subject form in the corpus. */
#include "tests/lib/pbtest.h"
#include "patchbay/subject.h"

struct want {
	const char *subject;
	int version, index, total;
	unsigned flags; /* flags that must be set */
	unsigned noflags; /* flags that must not be set */
	const char *title;
	const char *tags;
};

static const struct want cases[] = {
	{"[PATCH v3 02/13] ice: add a thing", 3, 2, 13, PB_SUBJ_PATCH | PB_SUBJ_VERSIONED | PB_SUBJ_NUMBERED, PB_SUBJ_REPLY, "ice: add a thing", ""},
	{"[PATCHv3] foo: bar", 3, -1, -1, PB_SUBJ_PATCH | PB_SUBJ_VERSIONED, PB_SUBJ_NUMBERED, "foo: bar", ""},
	{"[PATCH V2 1/4] PM / OPP: x", 2, 1, 4, PB_SUBJ_PATCH, 0, "PM / OPP: x", ""},
	{"[LTP] [PATCH 0/6 v2] fanotify: Make feature tests", 2, 0, 6, PB_SUBJ_PATCH | PB_SUBJ_NUMBERED, 0, "fanotify: Make feature tests", "LTP"},
	{"[RFC PATCH] x", 1, -1, -1, PB_SUBJ_RFC | PB_SUBJ_PATCH, PB_SUBJ_VERSIONED, "x", ""},
	{"[RFC][PATCH 00/10] cifs: local caching", 1, 0, 10, PB_SUBJ_RFC | PB_SUBJ_PATCH, 0, "cifs: local caching", ""},
	{"[PATCH v8 0/3 RESEND] Multicolor PWM LED support", 8, 0, 3, PB_SUBJ_RESEND, 0, "Multicolor PWM LED support", ""},
	{"[PATCH v6 RESEND 0/6] clk: x", 6, 0, 6, PB_SUBJ_RESEND, 0, "clk: x", ""},
	{"[PATCH RESEND] quorum", 1, -1, -1, PB_SUBJ_RESEND, 0, "quorum", ""},
	{"[net,v2,1/2] net: ieee802154: remove explicit set skb->sk", 2, 1, 2, PB_SUBJ_NUMBERED, PB_SUBJ_PATCH, "net: ieee802154: remove explicit set skb->sk", "net"},
	{"[Intel-wired-lan] [PATCH iwl-next v3 02/13] ice: y", 3, 2, 13, PB_SUBJ_PATCH, 0, "ice: y", "Intel-wired-lan iwl-next"},
	{"[Intel-wired-lan] [PATCH v2 iwl-next 0/3] ice: y", 2, 0, 3, PB_SUBJ_PATCH, 0, "ice: y", "Intel-wired-lan iwl-next"},
	{"[Intel-wired-lan] [iwl-net PATCH v2] ice: z", 2, -1, -1, PB_SUBJ_PATCH, 0, "ice: z", "Intel-wired-lan iwl-net"},
	{"[Intel-wired-lan] [net-next, v2, 3/4] ice: w", 2, 3, 4, PB_SUBJ_NUMBERED, 0, "ice: w", "Intel-wired-lan net-next"},
	{"[v4 0/5] Support dpi for mt8183", 4, 0, 5, PB_SUBJ_VERSIONED | PB_SUBJ_NUMBERED, PB_SUBJ_PATCH, "Support dpi for mt8183", ""},
	{"[PATCH 0 of 2] hg patchbomb", 1, 0, 2, PB_SUBJ_NUMBERED, 0, "hg patchbomb", ""},
	{"[PATCH 1 of 2] first", 1, 1, 2, PB_SUBJ_NUMBERED, 0, "first", ""},
	{"[PATCH v6 000/164] pwm: Improve lifetime tracking", 6, 0, 164, PB_SUBJ_NUMBERED, 0, "pwm: Improve lifetime tracking", ""},
	{"[PATCH v6 164/164] pwm: last", 6, 164, 164, PB_SUBJ_NUMBERED, 0, "pwm: last", ""},
	{"[DMARC error][DKIM error] [PATCH v7 2/2] pwm: meson: add support", 7, 2, 2, PB_SUBJ_PATCH, 0, "pwm: meson: add support", "DMARC error DKIM error"},
	{"Re: [DMARC error][DKIM error] [PATCH v7 2/2] pwm: meson", 7, 2, 2, PB_SUBJ_REPLY, 0, "pwm: meson", "DMARC error DKIM error"},
	{"Re: [PATCH v2 5/7] powerpc/85xx: x", 2, 5, 7, PB_SUBJ_REPLY, 0, "powerpc/85xx: x", ""},
	{"RE: [PATCH v2 5/7] powerpc/85xx: x", 2, 5, 7, PB_SUBJ_REPLY, 0, "powerpc/85xx: x", ""},
	{"Aw: Re: [PATCH] x", 1, -1, -1, PB_SUBJ_REPLY, 0, "x", ""},
	{"Re: Re: Re: [PATCH 2/2] y", 1, 2, 2, PB_SUBJ_REPLY, 0, "y", ""},
	{"[GIT PULL] pwm: Two fixes and a maintainer update", 1, -1, -1, PB_SUBJ_PULL, PB_SUBJ_PATCH, "pwm: Two fixes and a maintainer update", ""},
	{"[git pull] drm fixes", 1, -1, -1, PB_SUBJ_PULL, 0, "drm fixes", ""},
	{"[PULL 00/28] Migration pull patches", 1, 0, 28, PB_SUBJ_PULL | PB_SUBJ_NUMBERED, 0, "Migration pull patches", ""},
	{"[PULL 03/15] block: x", 1, 3, 15, PB_SUBJ_PULL, 0, "block: x", ""},
	{"[PULL] clk: new helpers", 1, -1, -1, PB_SUBJ_PULL, 0, "clk: new helpers", ""},
	{"[Patch 2/2]: powerpc/hotplug", 1, 2, 2, PB_SUBJ_PATCH, 0, "powerpc/hotplug", ""},
	{"[notmuch] [PATCH 1/2] Close message file after parsing message", 1, 1, 2, PB_SUBJ_PATCH, 0, "Close message file after parsing message", "notmuch"},
	{"[libvirt]  [PATCH v2] double space", 2, -1, -1, PB_SUBJ_PATCH, 0, "double space", "libvirt"},
	{"[libvirt] [python PATCH] x", 1, -1, -1, PB_SUBJ_PATCH, 0, "x", "libvirt python"},
	{"[PATCH 1/2 v2] after count", 2, 1, 2, PB_SUBJ_VERSIONED, 0, "after count", ""},
	{"[PATCH 3/n] extra", 1, 3, 0, PB_SUBJ_NUMBERED, 0, "extra", ""},
	{"[PATCH -next] x", 1, -1, -1, PB_SUBJ_PATCH, 0, "x", "-next"},
	{"[PATCH] [other] [PATCH] message", 1, -1, -1, PB_SUBJ_PATCH, 0, "message", "other"},
	{"[RFC PATCH v2 0/2] Multicolor", 2, 0, 2, PB_SUBJ_RFC | PB_SUBJ_PATCH, 0, "Multicolor", ""},
	{"[PATCH net-next v3 0/4] net: dsa", 3, 0, 4, PB_SUBJ_PATCH, 0, "net: dsa", "net-next"},
	{"plain subject without prefix", 1, -1, -1, 0, PB_SUBJ_PATCH | PB_SUBJ_REPLY, "plain subject without prefix", ""},
	{"Fwd: [PATCH] forwarded", 1, -1, -1, PB_SUBJ_FORWARD | PB_SUBJ_PATCH, PB_SUBJ_REPLY, "forwarded", ""},
	{"\"immediate fixes\" (was: Re: [GIT PULL] pwm)", 1, -1, -1, 0, PB_SUBJ_REPLY | PB_SUBJ_PULL, "\"immediate fixes\" (was: Re: [GIT PULL] pwm)", ""},
	{"[PATCH", 1, -1, -1, 0, 0, "[PATCH", ""},
	{"", 1, -1, -1, 0, PB_SUBJ_PATCH, "", ""},
	{"[PATCH v0] zero", 1, -1, -1, PB_SUBJ_VERSIONED, 0, "zero", ""},
	{"Re:[PATCH v2]x", 2, -1, -1, PB_SUBJ_REPLY, 0, "x", ""},
	/* a count no series has is a word, not a numbering */
	{"[PATCH 2147483647/2147483647] huge", 1, -1, -1, PB_SUBJ_PATCH, PB_SUBJ_NUMBERED, "huge", "2147483647/2147483647"},
	{"[PATCH v2 00001/12345] padded", 2, -1, -1, PB_SUBJ_VERSIONED, PB_SUBJ_NUMBERED, "padded", "00001/12345"},
	{"[PATCH 1 of 99999] hg", 1, -1, -1, PB_SUBJ_PATCH, PB_SUBJ_NUMBERED, "hg", "1 of 99999"},
	{"[PATCH 9999/9999] the most", 1, 9999, 9999, PB_SUBJ_NUMBERED, 0, "the most", ""},
	{"[PATCH 0001/1000] padded to four", 1, 1, 1000, PB_SUBJ_NUMBERED, 0, "padded to four", ""},
};

static void test_forms(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct want *w = &cases[i];
		pb_subject_t *s;
		void *ctx = talloc_new(NULL);
		assert_int_equal(pb_subject_parse(ctx, &s, w->subject), PB_OK);
		if (s->version != w->version || s->index != w->index || s->total != w->total ||
		    (s->flags & w->flags) != w->flags || (s->flags & w->noflags) || strcmp(s->title, w->title) ||
		    strcmp(s->tags, w->tags)) {
			print_error("subject %s\n got v%d %d/%d flags %#x title '%s' tags '%s'\n"
				    "want v%d %d/%d flags %#x (not %#x) title '%s' tags '%s'\n",
				    w->subject, s->version, s->index, s->total, s->flags, s->title, s->tags, w->version,
				    w->index, w->total, w->flags, w->noflags, w->title, w->tags);
			fail();
		}
		talloc_free(ctx);
	}
}

static void test_normalize(void **state)
{
	void *ctx = talloc_new(NULL);
	(void)state;
	assert_string_equal(pb_subject_normalize(ctx, "PWM: Add a  driver!"), "pwm add a driver");
	assert_string_equal(pb_subject_normalize(ctx, "  --x--  "), "x");
	assert_string_equal(pb_subject_normalize(ctx, "Kleine-König"), "kleine könig");
	talloc_free(ctx);
}

static void test_reply_prefix(void **state)
{
	(void)state;
	assert_int_equal(pb_subject_reply_prefix_len("Re: Aw: x"), 8);
	assert_int_equal(pb_subject_reply_prefix_len("x"), 0);
	assert_int_equal(pb_subject_reply_prefix_len("Fwd: x"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_reply_prefix),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("subject", tests, NULL, NULL);
}
