/* test_reply.c: composing replies: headers, threading, quoting, MIME,
 * the editable text and $EDITOR. */
#include <sys/stat.h>
#include <unistd.h>

#include "tests/lib/pbtest.h"
#include "tests/lib/pbt_git.h"
#include "patchbay/conf.h"
#include "patchbay/reply.h"
#include "patchbay/series.h"
#include "patchbay/subject.h"
#include "patchbay/trailer.h"

static const char dmarc_patch[] =
	"From: \"Jane Dev via ltp\" <ltp@lists.linux.it>\n"
	"Reply-To: Jane Dev <jane@dev.example>, ltp@lists.linux.it\n"
	"To: ltp@lists.linux.it\n"
	"Cc: Test Maintainer <MAINT@example.org>, \"Doe, John\" <john@example.net>, ltp@lists.linux.it\n"
	"Subject: [LTP] [PATCH v2 1/2] foo: Fix the bar\n"
	"Date: Tue, 25 Oct 2022 13:38:42 -0400\n"
	"Message-ID: <patch1@dev.example>\n"
	"In-Reply-To: <cover@dev.example>\n"
	"References: <v1@dev.example> <cover@dev.example>\n"
	"MIME-Version: 1.0\n"
	"Content-Type: text/plain; charset=us-ascii\n"
	"\n"
	"The bar was broken; fix it.\n"
	"\n"
	"Signed-off-by: Jane Dev <jane@dev.example>\n"
	"---\n"
	" foo.c | 2 +-\n"
	" 1 file changed, 1 insertion(+), 1 deletion(-)\n"
	"\n"
	"diff --git a/foo.c b/foo.c\n"
	"index 1111111..2222222 100644\n"
	"--- a/foo.c\n"
	"+++ b/foo.c\n"
	"@@ -1,3 +1,3 @@\n"
	" a\n"
	"-b\n"
	"+c\n"
	" d\n"
	"-- \n"
	"Mailing list info: https://lists.linux.it/listinfo/ltp\n";

static const char relay_patch[] =
	"From: Kelvin Zhang via B4 Relay <devnull+kelvin.zhang.amlogic.com@kernel.org>\n"
	"X-Original-From: Kelvin Zhang <kelvin.zhang@amlogic.com>\n"
	"Reply-To: kelvin.zhang@amlogic.com\n"
	"To: Uwe Kleine-Konig <ukleinek@kernel.org>\n"
	"Cc: linux-pwm@vger.kernel.org, devnull+kelvin.zhang.amlogic.com@kernel.org\n"
	"Subject: Re: Aw: [PATCH v8 2/2] pwm: meson: Add support for S4\n"
	"Date: Wed, 05 Jun 2024 10:00:00 +0800\n"
	"Message-ID: <20240605-s4-pwm-v8-2-abc@amlogic.com>\n"
	"\n"
	"From: Junyi Zhao <junyi.zhao@amlogic.com>\n"
	"\n"
	"Add support for the S4 PWM.\n"
	"\n"
	"Signed-off-by: Junyi Zhao <junyi.zhao@amlogic.com>\n"
	"Signed-off-by: Kelvin Zhang <kelvin.zhang@amlogic.com>\n"
	"---\n"
	"diff --git a/drivers/pwm/pwm-meson.c b/drivers/pwm/pwm-meson.c\n"
	"index 1111111..2222222 100644\n"
	"--- a/drivers/pwm/pwm-meson.c\n"
	"+++ b/drivers/pwm/pwm-meson.c\n"
	"@@ -1,2 +1,2 @@\n"
	" x\n"
	"-y\n"
	"+z\n";

static pb_person_t me = {(char *)"Test Maintainer", (char *)"maint@example.org"};

static pb_mail_t *parse(TALLOC_CTX *ctx, const char *text)
{
	pb_mail_t *m = NULL;
	assert_int_equal(pb_mail_parse(ctx, &m, text, strlen(text), NULL), PB_OK);
	return m;
}

static void test_ack_dmarc(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t *m = parse(ctx, dmarc_patch);
	pb_draft_t *d = NULL;
	(void)state;
	assert_int_equal(pb_reply_compose(ctx, &d, m, PB_REPLY_ACK, &me, NULL), PB_OK);
	assert_string_equal(d->from, "Test Maintainer <maint@example.org>");
	/* the real author, not the list */
	assert_string_equal(d->to, "Jane Dev <jane@dev.example>");
	/* the original To/Cc minus myself, deduplicated, names quoted */
	assert_string_equal(d->cc, "ltp@lists.linux.it, \"Doe, John\" <john@example.net>");
	assert_string_equal(d->subject, "Re: [LTP] [PATCH v2 1/2] foo: Fix the bar");
	assert_string_equal(d->in_reply_to, "patch1@dev.example");
	assert_int_equal(d->n_refs, 3);
	assert_string_equal(d->refs[0], "v1@dev.example");
	assert_string_equal(d->refs[1], "cover@dev.example");
	assert_string_equal(d->refs[2], "patch1@dev.example");
	pbt_assert_contains(d->msgid, "@example.org");
	assert_string_not_equal(d->msgid, m->msgid);
	/* the commit message is quoted, not the diff */
	assert_string_equal(d->body, "On Tue, 25 Oct 2022 13:38:42 -0400, Jane Dev wrote:\n"
				     "> The bar was broken; fix it.\n"
				     ">\n"
				     "> Signed-off-by: Jane Dev <jane@dev.example>\n"
				     "\n"
				     "Acked-by: Test Maintainer <maint@example.org>\n");
	talloc_free(ctx);
}

static void test_ownership(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t *m = parse(NULL, dmarc_patch);
	pb_draft_t *d;
	char *raw;
	(void)state;
	assert_int_equal(pb_reply_compose(ctx, &d, m, PB_REPLY_ACK, &me, NULL), PB_OK);
	assert_int_equal(pb_draft_format(d, &raw, d, true, NULL), PB_OK);
	assert_int_equal(pb_draft_set_text(d, "From: a@b\n\nx\n", NULL), PB_OK);
	talloc_free(d);
	pbt_assert_no_leaks(ctx);
	talloc_free(m);
	talloc_free(ctx);
}

static void test_kinds(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t *m = parse(ctx, dmarc_patch);
	pb_draft_t *d;
	(void)state;
	assert_int_equal(pb_reply_compose(ctx, &d, m, PB_REPLY_REVIEW, &me, NULL), PB_OK);
	pbt_assert_contains(d->body, "\nReviewed-by: Test Maintainer <maint@example.org>\n");
	assert_int_equal(pb_reply_compose(ctx, &d, m, PB_REPLY_TEST, &me, NULL), PB_OK);
	pbt_assert_contains(d->body, "\nTested-by: Test Maintainer <maint@example.org>\n");
	/* a free reply quotes the diff too, but not the list footer */
	assert_int_equal(pb_reply_compose(ctx, &d, m, PB_REPLY_PLAIN, &me, NULL), PB_OK);
	pbt_assert_contains(d->body, "> diff --git a/foo.c b/foo.c\n");
	pbt_assert_contains(d->body, "> -b\n> +c\n>  d\n\n");
	pbt_assert_not_contains(d->body, "Mailing list info");
	pbt_assert_not_contains(d->body, "-by: Test");
	assert_null(pb_reply_trailer_name(PB_REPLY_PLAIN));
	talloc_free(ctx);
}

static void test_b4_relay(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t *m = parse(ctx, relay_patch);
	pb_draft_t *d;
	(void)state;
	assert_int_equal(pb_reply_compose(ctx, &d, m, PB_REPLY_REVIEW, &me, NULL), PB_OK);
	assert_string_equal(d->to, "Kelvin Zhang <kelvin.zhang@amlogic.com>");
	/* the in-body author is copied; the relay address never */
	assert_string_equal(d->cc, "Junyi Zhao <junyi.zhao@amlogic.com>, Uwe Kleine-Konig <ukleinek@kernel.org>, "
				   "linux-pwm@vger.kernel.org");
	/* one Re: */
	assert_string_equal(d->subject, "Re: [PATCH v8 2/2] pwm: meson: Add support for S4");
	assert_null(m->in_reply_to);
	assert_int_equal(d->n_refs, 1);
	assert_string_equal(d->refs[0], "20240605-s4-pwm-v8-2-abc@amlogic.com");
	pbt_assert_contains(d->body, "Kelvin Zhang wrote:\n> Add support for the S4 PWM.\n");
	talloc_free(ctx);
}

static void test_no_identity(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t *m = parse(ctx, dmarc_patch);
	pb_person_t nobody = {(char *)"", (char *)""};
	pb_error_t err = {0};
	pb_draft_t *d = NULL;
	(void)state;
	assert_int_equal(pb_reply_compose(ctx, &d, m, PB_REPLY_ACK, &nobody, &err), PB_ERR_USAGE);
	pbt_assert_contains(err.msg, "user.email");
	talloc_free(ctx);
}

static void test_mime(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t *m = parse(ctx, dmarc_patch), *back;
	pb_person_t uwe = {(char *)"Uwe Kleine-König", (char *)"ukleinek@kernel.org"};
	pb_draft_t *d, *d2;
	char *raw;
	(void)state;
	assert_int_equal(pb_reply_compose(ctx, &d, m, PB_REPLY_ACK, &uwe, NULL), PB_OK);
	d->subject = talloc_strdup(d, "Re: [PATCH] Ünïcode subject");
	d->bcc = talloc_strdup(d, "hidden@example.org");
	assert_int_equal(pb_draft_format(ctx, &raw, d, false, NULL), PB_OK);
	pbt_assert_contains(raw, "MIME-Version: 1.0\n");
	pbt_assert_contains(raw, "Content-Type: text/plain; charset=utf-8\n");
	pbt_assert_contains(raw, "Content-Transfer-Encoding: 8bit\n");
	pbt_assert_contains(raw, "From: Uwe =?UTF-8?q?Kleine-K=C3=B6nig?= <ukleinek@kernel.org>\n");
	pbt_assert_contains(raw, "Subject: Re: [PATCH] =?UTF-8?");
	pbt_assert_contains(raw, "In-Reply-To: <patch1@dev.example>\n");
	pbt_assert_contains(raw, "<v1@dev.example> <cover@dev.example>");
	pbt_assert_contains(raw, "Message-Id: <");
	pbt_assert_not_contains(raw, "hidden@example.org");
	pbt_assert_not_contains(raw, "\r");
	/* it reads back as it was written */
	assert_int_equal(pb_mail_parse(ctx, &back, raw, strlen(raw), NULL), PB_OK);
	assert_string_equal(back->subject, "Re: [PATCH] Ünïcode subject");
	assert_string_equal(back->from.name, "Uwe Kleine-König");
	assert_string_equal(back->in_reply_to, "patch1@dev.example");
	assert_int_equal(back->n_refs, 3);
	assert_string_equal(back->body, d->body);
	assert_string_equal(back->msgid, d->msgid);
	assert_true(back->date == d->date);
	/* the stored copy keeps Bcc, and pb_draft_parse reads it all back */
	assert_int_equal(pb_draft_format(ctx, &raw, d, true, NULL), PB_OK);
	pbt_assert_contains(raw, "Bcc: hidden@example.org\n");
	assert_int_equal(pb_draft_parse(ctx, &d2, raw, strlen(raw), NULL), PB_OK);
	assert_string_equal(d2->bcc, "hidden@example.org");
	assert_string_equal(d2->to, d->to);
	assert_string_equal(d2->cc, d->cc);
	assert_string_equal(d2->body, d->body);
	assert_int_equal(d2->n_refs, 3);
	/* ASCII says so */
	d->body = talloc_strdup(d, "plain\n");
	assert_int_equal(pb_draft_format(ctx, &raw, d, false, NULL), PB_OK);
	pbt_assert_contains(raw, "charset=us-ascii");
	pbt_assert_contains(raw, "Content-Transfer-Encoding: 7bit");
	/* a broken From is refused */
	d->from = talloc_strdup(d, "");
	assert_int_equal(pb_draft_format(ctx, &raw, d, false, NULL), PB_ERR_PARSE);
	talloc_free(ctx);
}

static void test_recipients(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_draft_t d = {0};
	char **r;
	size_t n;
	(void)state;
	d.to = (char *)"A <a@x.org>";
	d.cc = (char *)"\"B, C\" <b@x.org>, a@X.org, grp: g1@x.org, g2@x.org;";
	d.bcc = (char *)"z@x.org";
	assert_int_equal(pb_draft_recipients(ctx, &r, &n, &d, NULL), PB_OK);
	assert_int_equal(n, 5);
	assert_string_equal(r[0], "a@x.org");
	assert_string_equal(r[1], "b@x.org");
	assert_string_equal(r[2], "g1@x.org");
	assert_string_equal(r[4], "z@x.org");
	talloc_free(ctx);
}

static void test_text_roundtrip(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t *m = parse(ctx, dmarc_patch);
	pb_draft_t *d;
	pb_error_t err = {0};
	char *t, *msgid;
	(void)state;
	assert_int_equal(pb_reply_compose(ctx, &d, m, PB_REPLY_ACK, &me, NULL), PB_OK);
	msgid = talloc_strdup(ctx, d->msgid);
	t = pb_draft_text(ctx, d);
	assert_true(strncmp(t, "From: Test Maintainer <maint@example.org>\nTo: Jane Dev <jane@dev.example>\n"
			       "Cc: ltp@lists.linux.it, \"Doe, John\" <john@example.net>\n"
			       "Subject: Re: [LTP] [PATCH v2 1/2] foo: Fix the bar\n\nOn Tue",
			    strlen("From: Test Maintainer <maint@example.org>\nTo: Jane Dev <jane@dev.example>\n"
				   "Cc: ltp@lists.linux.it, \"Doe, John\" <john@example.net>\n"
				   "Subject: Re: [LTP] [PATCH v2 1/2] foo: Fix the bar\n\nOn Tue")) == 0);
	/* edited: folded Cc, a Bcc, CRLF, another body */
	assert_int_equal(pb_draft_set_text(d,
					   "from: Me <me@example.org>\r\nTo: x@example.org\nCc: a@example.org,\n"
					   "  b@example.org\nBcc: c@example.org\nSubject: Re: other\n\nNew body\r\n",
					   &err),
			 PB_OK);
	assert_string_equal(d->from, "Me <me@example.org>");
	assert_string_equal(d->cc, "a@example.org, b@example.org");
	assert_string_equal(d->bcc, "c@example.org");
	assert_string_equal(d->subject, "Re: other");
	assert_string_equal(d->body, "New body\n");
	assert_string_equal(d->msgid, msgid);
	assert_string_equal(d->in_reply_to, "patch1@dev.example");
	/* errors leave the draft as it was */
	assert_int_equal(pb_draft_set_text(d, "From: a@b\nX-Bad: 1\n\nbody\n", &err), PB_ERR_PARSE);
	pbt_assert_contains(err.msg, "line 2");
	assert_int_equal(pb_draft_set_text(d, "To: a@b\n\nbody\n", &err), PB_ERR_PARSE);
	pbt_assert_contains(err.msg, "From");
	assert_string_equal(d->body, "New body\n");
	talloc_free(ctx);
}

static void test_editor(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t *m = parse(ctx, dmarc_patch);
	char *dir = pbt_tmpdir(ctx), *ed, *cmd;
	pb_draft_t *d;
	pb_error_t err = {0};
	(void)state;
	assert_int_equal(pb_reply_compose(ctx, &d, m, PB_REPLY_ACK, &me, NULL), PB_OK);
	/* an "editor" that edits: a real program given the file name */
	ed = pbt_script(ctx, dir, "ed-ok", "sed -i -e 's/^Subject: .*/Subject: Re: edited/' -e '$a Thanks!' \"$1\"\n");
	cmd = talloc_asprintf(ctx, "%s", ed);
	setenv("VISUAL", cmd, 1);
	assert_int_equal(pb_draft_edit(d, NULL, &err), PB_OK);
	unsetenv("VISUAL");
	assert_string_equal(d->subject, "Re: edited");
	pbt_assert_contains(d->body, "Acked-by: Test Maintainer <maint@example.org>\nThanks!\n");
	/* an editor with arguments (as $EDITOR often is) */
	ed = pbt_script(ctx, dir, "ed-args", "[ \"$1\" = --flag ] || exit 3\nsed -i 's/Thanks!/Cheers!/' \"$2\"\n");
	cmd = talloc_asprintf(ctx, "%s --flag", ed);
	assert_int_equal(pb_draft_edit(d, cmd, &err), PB_OK);
	pbt_assert_contains(d->body, "Cheers!");
	/* a failing editor changes nothing */
	ed = pbt_script(ctx, dir, "ed-fail", "echo 'Subject: x' > \"$1\"; exit 1\n");
	assert_int_equal(pb_draft_edit(d, ed, &err), PB_ERR_EXTERNAL);
	assert_string_equal(d->subject, "Re: edited");
	/* text that cannot be taken back is kept in a file the error names */
	ed = pbt_script(ctx, dir, "ed-bad", "printf 'Bogus: x\\n\\nmy precious text\\n' > \"$1\"\n");
	assert_int_equal(pb_draft_edit(d, ed, &err), PB_ERR_PARSE);
	{
		char *kept = strstr(err.msg, "kept in ");
		assert_non_null(kept);
		kept += 8;
		pbt_assert_contains(pbt_read(ctx, kept, NULL), "my precious text");
		unlink(kept);
	}
	assert_string_equal(d->subject, "Re: edited");
	talloc_free(ctx);
}

static void test_quote(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t *m = parse(ctx, dmarc_patch);
	char *q;
	(void)state;
	q = pb_reply_quote(ctx, m, "\n\none\n\ntwo\nthree\nfour\n\n", 3);
	assert_string_equal(q, "On Tue, 25 Oct 2022 13:38:42 -0400, Jane Dev wrote:\n> one\n>\n> two\n> [...]\n");
	m->date_hdr = talloc_strdup(m, "");
	q = pb_reply_quote(ctx, m, "x", 0);
	assert_string_equal(q, "Jane Dev wrote:\n> x\n");
	talloc_free(ctx);
}

/* Real mail from the corpus: an LTP DMARC reply goes to the real author. */
static void test_corpus_ltp(void **state)
{
	void *ctx;
	char *db;
	pb_index_t *idx;
	pb_series_t *s;
	pb_version_t *v;
	pb_mail_t *m;
	pb_draft_t *d;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	db = pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, "lore-ltp/ltp-swapon03-v1-v5.mbox"));
	idx = pbt_index(ctx, db, NULL);
	assert_int_equal(pb_index_find(idx, "20251222094428.87910-1-pvorel@suse.cz", &s, &v, NULL), PB_OK);
	assert_int_equal(pb_index_load_mail(idx, ctx, v->patches[0]->rec, &m, NULL), PB_OK);
	assert_int_equal(pb_reply_compose(ctx, &d, m, PB_REPLY_REVIEW, &me, NULL), PB_OK);
	pbt_assert_contains(d->to, "pvorel@suse.cz");
	pbt_assert_not_contains(d->to, "lists.linux.it");
	pbt_assert_contains(d->cc, "ltp@lists.linux.it");
	assert_int_equal(pb_subject_reply_prefix_len(d->subject), 4);
	assert_int_equal(pb_subject_reply_prefix_len(d->subject + 4), 0);
	pbt_assert_not_contains(d->body, "diff --git");
	talloc_free(ctx);
}

/* A quick ack on a cover letter quotes its summary, not its change
 * history, shortlog and diffstat (issue 11); on a patch, the commit
 * message as before. Real covers of LTP's swapon03 (read by hand): v1 has
 * a summary, v2 says "Hi," then its changes, v3 starts with them. */
static void test_cover_ack_quote(void **state)
{
	void *ctx;
	pb_index_t *idx;
	struct {
		const char *id, *has[3], *lacks[4];
	} cases[] = {
		{"20251105154716.995786-1-pvorel@suse.cz",
		 {"> Hi,\n>\n> Previously tst_max_swapfiles() had fine tuning", "> + minor cleanup.\n>\n> [...]\n\nReviewed-by: ",
		  NULL},
		 {"Petr Vorel (3):", "libswap.h", "2.51.0", NULL}},
		{"20251106163500.1063704-1-pvorel@suse.cz", {"> Hi,\n>\n> [...]\n\nReviewed-by: ", NULL},
		 {"Changes v1->v2", "Link to v1", "Petr Vorel (5):", "diff --git"}},
		{"20251118143607.45308-1-pvorel@suse.cz", {"> [...]\n\nReviewed-by: ", NULL},
		 {"Changes v2->v3", "Remove fork", "Petr Vorel (2):", NULL}},
	};
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	idx = pbt_index(ctx, pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, "lore-ltp/ltp-swapon03-v1-v5.mbox")), NULL);
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		pb_series_t *s;
		pb_version_t *v;
		pb_mail_t *m;
		pb_draft_t *d;
		assert_int_equal(pb_index_find(idx, cases[c].id, &s, &v, NULL), PB_OK);
		assert_non_null(v->cover);
		assert_int_equal(pb_index_load_mail(idx, ctx, v->cover, &m, NULL), PB_OK);
		assert_int_equal(pb_reply_compose(ctx, &d, m, PB_REPLY_REVIEW, &me, NULL), PB_OK);
		for (int k = 0; k < 3 && cases[c].has[k]; k++)
			pbt_assert_contains(d->body, cases[c].has[k]);
		for (int k = 0; k < 4 && cases[c].lacks[k]; k++)
			pbt_assert_not_contains(d->body, cases[c].lacks[k]);
		/* a patch: its commit message, whole */
		assert_int_equal(pb_index_load_mail(idx, ctx, v->patches[0]->rec, &m, NULL), PB_OK);
		assert_int_equal(pb_reply_compose(ctx, &d, m, PB_REPLY_ACK, &me, NULL), PB_OK);
		pbt_assert_not_contains(d->body, "[...]");
		pbt_assert_contains(d->body, "> Signed-off-by: Petr Vorel <pvorel@suse.cz>\n");
	}
	talloc_free(ctx);
}

/* Write the string TEXT to PATH. */
static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static bool ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);
	return a >= b && strcmp(s + a - b, tail) == 0;
}

/* patchbay.signature: the file's text under one "-- " line, never read
 * as trailers; "~/" is the home directory; a file that is not there or is
 * not text is named, and the draft stays as it was. */
static void test_signature(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t *m = parse(ctx, dmarc_patch);
	char *home = pbt_tmpdir(ctx), *repo = pbt_git_repo(ctx, 1), *old_home = talloc_strdup(ctx, getenv("HOME"));
	pb_trailer_list_t tl = {0};
	pb_error_t err = {0};
	pb_draft_t *d;
	pb_conf_t *conf;
	char *before;
	(void)state;
	setenv("HOME", home, 1);
	write_file(talloc_asprintf(ctx, "%s/.signature", home), "Test Maintainer\nReviewed-by: Not A Trailer <x@y>\n\n");
	pbt_sh("git -C '%s' config patchbay.signature '~/.signature'", repo);
	assert_int_equal(pb_conf_open(ctx, &conf, repo, &err), PB_OK);
	assert_int_equal(pb_reply_compose(ctx, &d, m, PB_REPLY_ACK, &me, &err), PB_OK);
	assert_int_equal(pb_draft_sign(d, conf, &err), PB_OK);
	pbt_assert_contains(d->body, "\nAcked-by: Test Maintainer <maint@example.org>\n-- \nTest Maintainer\n"
				     "Reviewed-by: Not A Trailer <x@y>\n");
	assert_true(ends_with(d->body, "<x@y>\n"));
	assert_int_equal(pb_trailer_parse_followup(ctx, &tl, d->body, &me, NULL), PB_OK);
	assert_int_equal(tl.n, 1);
	assert_string_equal(tl.v[0].name, "Acked-by");
	/* a file with its own "-- " line: one, not two */
	write_file(talloc_asprintf(ctx, "%s/.signature", home), "-- \nT.M.\n");
	assert_int_equal(pb_reply_compose(ctx, &d, m, PB_REPLY_PLAIN, &me, &err), PB_OK);
	assert_int_equal(pb_draft_sign(d, conf, &err), PB_OK);
	assert_true(ends_with(d->body, "\n-- \nT.M.\n"));
	pbt_assert_not_contains(d->body, "-- \n-- \n");
	/* no such file; not text: named, the body as it was */
	pbt_sh("git -C '%s' config patchbay.signature '%s/none'", repo, home);
	assert_int_equal(pb_conf_reopen(ctx, &conf, conf, &err), PB_OK);
	before = talloc_strdup(ctx, d->body);
	assert_int_equal(pb_draft_sign(d, conf, &err), PB_ERR_IO);
	pbt_assert_contains(err.msg, talloc_asprintf(ctx, "patchbay.signature: %s/none: No such file", home));
	assert_string_equal(d->body, before);
	write_file(talloc_asprintf(ctx, "%s/bin", home), "\xff\xfe\x01");
	pbt_sh("git -C '%s' config patchbay.signature '%s/bin'", repo, home);
	assert_int_equal(pb_conf_reopen(ctx, &conf, conf, &err), PB_OK);
	assert_int_equal(pb_draft_sign(d, conf, &err), PB_ERR_PARSE);
	assert_string_equal(d->body, before);
	/* not set: nothing */
	assert_int_equal(pb_draft_sign(d, NULL, &err), PB_OK);
	assert_string_equal(d->body, before);
	setenv("HOME", old_home, 1);
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ack_dmarc),   cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_b4_relay),    cmocka_unit_test(test_no_identity),
		cmocka_unit_test(test_mime),        cmocka_unit_test(test_recipients),
		cmocka_unit_test(test_text_roundtrip), cmocka_unit_test(test_editor),
		cmocka_unit_test(test_quote),       cmocka_unit_test(test_corpus_ltp),
		cmocka_unit_test(test_cover_ack_quote),
		cmocka_unit_test(test_signature),
		cmocka_unit_test(test_ownership),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("reply", tests, NULL, NULL);
}
