/* test_tui_hostile.c: hostile mail through every view of the TUI. A series
 * in two versions whose every displayed field carries escape sequences
 * (CSI, OSC 0 title, OSC 52 clipboard), BEL, C1 controls, bidi overrides
 * and zero-width characters, with a reply, a review trailer and a huge
 * subject, is opened in each view the keys reach (list, tree, patch,
 * thread, raw message, interdiff and its tree form, checks, searches,
 * help, a reply's compose view), at 80x24 and 200x60: no cell ever holds
 * a control or invisible character, and each view still shows the text,
 * made visible. */
#include "tests/lib/pbtest.h"
#include "tests/tui/pbt_tui.h"

#include <glib.h>

/* what every field carries: CSI clear screen, OSC 0 title, OSC 52
 * clipboard, BEL, C1 CSI (U+009B), RLO (U+202E), ZWSP (U+200B), ZWJ */
#define EVIL "\x1b[2J\x1b]0;pwned\x07\x1b]52;c;cm0gLXJmIH4=\x07\xc2\x9b" "31m\xe2\x80\xae" "evil\xe2\x80\x8b\xe2\x80\x8d"

/* S as an RFC 2047 encoded word: how hostile text comes in headers */
static char *ew(void *ctx, const char *s)
{
	gchar *b = g_base64_encode((const guchar *)s, strlen(s));
	char *r = talloc_asprintf(ctx, "=?utf-8?b?%s?=", b);
	g_free(b);
	return r;
}

static char *hostile_mbox(void *ctx)
{
	char *dir = pbt_tmpdir(ctx), *path = talloc_asprintf(ctx, "%s/hostile.mbox", dir), *big = talloc_strdup(ctx, "");
	char *eve = ew(ctx, "Eve " EVIL), *mal = ew(ctx, "Mal " EVIL), *evil = ew(ctx, EVIL);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < 300; i++)
		big = talloc_asprintf_append(big, "long" EVIL);
	for (int v = 1; v <= 2; v++) {
		fprintf(f, "From x@y Mon Sep 17 00:00:00 2001\nFrom: %s <eve@example.org>\n"
			   "Subject: [PATCH v%d 0/2] x: cover %s\nMessage-ID: <h%d-0@x>\n"
			   "Date: Mon, %d Jan 2024 10:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\n"
			   "The cover " EVIL ".\n\nbase-commit: 0123456789abcdef0123456789abcdef01234567\n\n",
			eve, v, evil, v, v);
		for (int i = 1; i <= 2; i++)
			fprintf(f, "From x@y Mon Sep 17 00:00:00 2001\nFrom: %s <eve@example.org>\n"
				   "Subject: [PATCH v%d %d/2] x: step %d %s%s\nMessage-ID: <h%d-%d@x>\n"
				   "In-Reply-To: <h%d-0@x>\nDate: Mon, %d Jan 2024 10:0%d:00 +0000\n"
				   "Content-Type: text/plain; charset=utf-8\n\n"
				   "Body " EVIL " of step %d.\n\nFixes: 0123456789ab (\"" EVIL "\")\n"
				   "Signed-off-by: Eve " EVIL " <eve@example.org>\n---\n"
				   "diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@ " EVIL "\n"
				   " ctx " EVIL "\n-old %d\n+new " EVIL " %d%s\n\n",
				eve, v, i, i, evil, i == 2 ? ew(ctx, big) : "", v, i, v, v, i, i, i, v + i, v == 2 ? " v2" : "");
	}
	fprintf(f, "From x@y Mon Sep 17 00:00:00 2001\nFrom: %s <mal@example.org>\n"
		   "Subject: Re: [PATCH v2 1/2] x: step 1 %s\nMessage-ID: <h-r@x>\nIn-Reply-To: <h2-1@x>\n"
		   "Date: Wed, 10 Jan 2024 10:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\n"
		   "> Body " EVIL "\n\nLooks fine " EVIL ".\n\nReviewed-by: Mal " EVIL " <mal@example.org>\n\n",
		mal, evil);
	fclose(f);
	return path;
}

/* Keys, then the screen: inert, and the view's own words on it. */
static void step(tui_app_t *app, const char *keys, const char *want)
{
	char *s;
	pbt_tui_keys(app, keys);
	s = pbt_tui_screen(app);
	if (getenv("PBT_SHOW"))
		fprintf(stderr, "=== after '%s'\n%s\n", keys, s);
	pbt_tui_assert_inert(app);
	if (want)
		pbt_assert_contains(s, want);
}

static void walk(void *ctx, const char *db, int rows, int cols)
{
	tui_app_opts_t o = {.rows = rows, .cols = cols, .now = 1705000000};
	tui_app_t *app;
	pb_conf_t *conf;
	assert_int_equal(pb_conf_open(ctx, &conf, "", NULL), PB_OK);
	o.conf = conf;
	app = pbt_tui_app_new(ctx, &o, db);
	step(app, "", "x: cover ^[[2J^[]0;pwned^G");
	step(app, "<Enter>", "v2");                       /* tree */
	step(app, "E", "<U+202E>");                       /* every version open */
	step(app, "j", NULL);
	step(app, "h", "raw message <");                 /* raw: headers, escapes shown */
	step(app, "h", NULL);
	step(app, "j <Enter>", "Body ^[[2J");              /* patch */
	step(app, "} ] <Right> <Right>", NULL);           /* files, hunks, scrolled */
	step(app, "<Left> <Left> t", "Looks fine");       /* thread */
	step(app, "z", NULL);
	step(app, "i i d", "v1 -> v2");                   /* interdiff */
	step(app, "j", NULL);
	step(app, "t", NULL);                             /* the trees */
	step(app, "t i c", NULL);                         /* checks */
	step(app, "i a", "Acked-by:");                    /* a quick ack: the compose view */
	step(app, "q y", NULL);                           /* (discard it) */
	step(app, "q ?", "Show what changed");            /* help */
	step(app, "q y", "Series  Query");                /* searches */
	step(app, "q", NULL);
	talloc_free(app);
}

static void test_every_view(void **state)
{
	void *ctx = talloc_new(NULL);
	char *db = pbt_notmuch_db1(ctx, hostile_mbox(ctx));
	(void)state;
	/* (a reply needs to know who writes it; HOME is the test's own) */
	pbt_sh("git config --global user.name 'Rev Iewer' && git config --global user.email rev@example.org");
	walk(ctx, db, 24, 80);
	walk(ctx, db, 60, 200);
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_view),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("tui_hostile", tests, NULL, NULL);
}
