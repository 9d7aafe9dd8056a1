/* test_mail.c: decoding mail and the anatomy of patches.
 * Fixtures written here run everywhere; corpus oracles (git t5100,
 * patchwork, patchew, public-inbox) skip themselves without the corpus. */
#include <glib.h>

#include "tests/lib/pbtest.h"
#include "patchbay/diff.h"
#include "patchbay/mail.h"
#include "patchbay/mbox.h"
#include "patchbay/subject.h"
#include "patchbay/text.h"

static pb_mail_t *parse(void *ctx, const char *text)
{
	pb_mail_t *m = NULL;
	pb_error_t err = {0};
	if (pb_mail_parse(ctx, &m, text, strlen(text), &err) != PB_OK)
		fail_msg("parse failed: %s", pb_error_msg(&err));
	return m;
}

static const char patch_body[] =
	"Make the widget do the thing.\n"
	"\n"
	"Signed-off-by: Jane Doe <jane@example.org>\n"
	"---\n"
	" widget.c | 2 +-\n"
	" 1 file changed, 1 insertion(+), 1 deletion(-)\n"
	"\n"
	"diff --git a/widget.c b/widget.c\n"
	"index 1111111..2222222 100644\n"
	"--- a/widget.c\n"
	"+++ b/widget.c\n"
	"@@ -1,3 +1,3 @@\n"
	" int a;\n"
	"-int b;\n"
	"+int c;\n"
	" int d;\n";

static void test_dmarc_sender(void **state)
{
	void *ctx = talloc_new(NULL);
	char *text = talloc_asprintf(ctx,
		"From: \"Jane Doe via widget-devel\" <devel@lists.example.org>\n"
		"Reply-To: Jane Doe <jane@example.org>, devel@lists.example.org\n"
		"To: devel@lists.example.org\n"
		"Subject: [PATCH] widget: do the thing\n"
		"Message-ID: <dmarc@example.org>\n"
		"Date: Tue, 30 Aug 2022 11:19:07 -0400\n\n%s", patch_body);
	pb_mail_t *m = parse(ctx, text);
	(void)state;
	assert_string_equal(m->sender.name, "Jane Doe");
	assert_string_equal(m->sender.email, "jane@example.org");
	assert_string_equal(m->author.email, "jane@example.org");
	assert_true(m->flags & PB_MAIL_DMARC);
	assert_string_equal(m->from.email, "devel@lists.example.org");
	talloc_free(ctx);
}

static void test_b4_relay_and_inbody_from(void **state)
{
	void *ctx = talloc_new(NULL);
	char *text = talloc_asprintf(ctx,
		"From: Kelvin Zhang via B4 Relay <devnull+kelvin.zhang.amlogic.com@kernel.org>\n"
		"X-Original-From: Kelvin Zhang <kelvin.zhang@amlogic.com>\n"
		"Reply-To: kelvin.zhang@amlogic.com\n"
		"Subject: [PATCH v8 2/2] pwm: meson: add support\n"
		"Message-ID: <relay@example.org>\n\n"
		"From: Junyi Zhao <junyi.zhao@amlogic.com>\n\n%s", patch_body);
	pb_mail_t *m = parse(ctx, text);
	(void)state;
	assert_string_equal(m->sender.name, "Kelvin Zhang");
	assert_string_equal(m->sender.email, "kelvin.zhang@amlogic.com");
	/* in-body From names the author of a patch */
	assert_string_equal(m->author.name, "Junyi Zhao");
	assert_string_equal(m->author.email, "junyi.zhao@amlogic.com");
	assert_true(m->flags & PB_MAIL_INBODY_FROM);
	assert_string_equal(m->message, "Make the widget do the thing.\n\nSigned-off-by: Jane Doe <jane@example.org>\n");
	talloc_free(ctx);
}

static void test_inbody_from_not_for_replies(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t *m = parse(ctx, "From: Rev Iewer <rev@example.org>\n"
				  "Subject: Re: [PATCH] widget\n"
				  "Message-ID: <r@example.org>\n\n"
				  "From: Someone Else <else@example.org>\n\n"
				  "Looks good.\n\nReviewed-by: Rev Iewer <rev@example.org>\n");
	(void)state;
	assert_string_equal(m->author.email, "rev@example.org");
	assert_null(m->diff);
	talloc_free(ctx);
}

static void test_base64_patch(void **state)
{
	void *ctx = talloc_new(NULL);
	gchar *b64 = g_base64_encode((const guchar *)patch_body, strlen(patch_body));
	char *text = talloc_asprintf(ctx,
		"From: Jane Doe <jane@example.org>\nSubject: [PATCH] b64\nMessage-ID: <b64@x>\n"
		"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
		"Content-Transfer-Encoding: base64\n\n%s\n", b64);
	pb_mail_t *m = parse(ctx, text);
	char pid[41];
	(void)state;
	g_free(b64);
	assert_non_null(m->diff);
	assert_true(m->flags & PB_MAIL_HAS_DIFF);
	assert_int_equal(pb_diff_analyze(NULL, pid, NULL, m->diff, NULL), PB_OK);
	/* the same diff, sent plain, has the same patch-id */
	{
		pb_mail_t *p = parse(ctx, talloc_asprintf(ctx, "From: a@b.c\nSubject: x\n\n%s", patch_body));
		char pid2[41];
		assert_int_equal(pb_diff_analyze(NULL, pid2, NULL, p->diff, NULL), PB_OK);
		assert_string_equal(pid, pid2);
	}
	talloc_free(ctx);
}

static void test_bad_charset_never_fails(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t *m = parse(ctx, "From: x@y.z\nSubject: bad\nMIME-Version: 1.0\n"
				  "Content-Type: text/plain; charset=x-no-such-charset\n"
				  "Content-Transfer-Encoding: 8bit\n\nK\xf6nig \xff\xfe\x00 end\n");
	(void)state;
	assert_true(g_utf8_validate(m->body, -1, NULL));
	assert_true(m->flags & PB_MAIL_BAD_CHARSET);
	pbt_assert_contains(m->body, "nig");
	talloc_free(ctx);
}

static void test_escape_in_subject_is_inert(void **state)
{
	void *ctx = talloc_new(NULL);
	/* =1B is ESC: the decoded subject carries it, display never does */
	pb_mail_t *m = parse(ctx, "From: x@y.z\nSubject: =?utf-8?q?=1B[31mred=1B[0m_title?=\n\nbody\n");
	char *shown = pb_text_inert(ctx, m->subject, 0);
	(void)state;
	assert_non_null(strchr(m->subject, '\x1b'));
	assert_null(strchr(shown, '\x1b'));
	assert_string_equal(shown, "^[[31mred^[[0m title");
	/* C1 CSI and bidi overrides are named, not passed */
	assert_string_equal(pb_text_inert(ctx, "a\xc2\x9b" "b\xe2\x80\xae" "c", 0), "a<9b>b<U+202E>c");
	assert_int_equal(pb_text_width("山田太郎"), 8);
	assert_int_equal(pb_text_width("e\xcc\x81"), 1); /* e + combining acute */
	/* zero-width characters hide in trailers and paths: named too */
	assert_string_equal(pb_text_inert(ctx, "Acked\xe2\x80\x8b-by: a\xe2\x80\x8d\xef\xbb\xbf", 0),
			    "Acked<U+200B>-by: a<U+200D><U+FEFF>");
	talloc_free(ctx);
}

/* A string cut inside a UTF-8 sequence: measured and fitted without a read
 * past its end (each string in a buffer of its own length, for ASan). */
static void test_text_truncated_utf8(void **state)
{
	static const char *cut[] = {"abc\xf4", "abc\xe5\xb1", "\xf0\x9f\x98", "\xc3", NULL};
	void *ctx = talloc_new(NULL);
	size_t used;
	(void)state;
	for (int i = 0; cut[i]; i++) {
		size_t len = strlen(cut[i]);
		char *s = malloc(len + 1);
		assert_non_null(s);
		memcpy(s, cut[i], len + 1);
		/* each byte of the cut sequence is one replacement character */
		assert_int_equal(pb_text_width(s), len);
		assert_true(pb_text_fit(s, 100, &used) == len);
		assert_int_equal(used, pb_text_width(s));
		assert_true(g_utf8_validate(pb_text_inert(ctx, s, 0), -1, NULL));
		free(s);
	}
	talloc_free(ctx);
}

static void test_footers_not_in_diff(void **state)
{
	void *ctx = talloc_new(NULL);
	char *text = talloc_asprintf(ctx,
		"From: x@y.z\nSubject: [LTP] [PATCH] t\n\n%s\n-- \nMailing list info: https://lists.linux.it/listinfo/ltp\n"
		"_______________________________________________\nIntel-wired-lan mailing list\n", patch_body);
	pb_mail_t *m = parse(ctx, text);
	(void)state;
	assert_non_null(m->diff);
	pbt_assert_not_contains(m->diff, "Mailing list");
	pbt_assert_not_contains(m->diff, "____");
	assert_int_equal(m->diff[strlen(m->diff) - 1], '\n');
	pbt_assert_contains(m->notes, "1 file changed");
	assert_true(m->flags & PB_MAIL_HAS_DIFFSTAT);
	talloc_free(ctx);
}

static void test_crlf_and_missing_msgid(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t *m = parse(ctx, "From: x@y.z\r\nSubject: [PATCH] crlf\r\n\r\nbody line\r\n\r\n"
				  "diff --git a/f b/f\r\n--- a/f\r\n+++ b/f\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n");
	(void)state;
	assert_null(strchr(m->body, '\r'));
	assert_non_null(m->diff);
	assert_true(strncmp(m->msgid, "notmuch-sha1-", 13) == 0);
	talloc_free(ctx);
}

static void test_empty_and_garbage(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t *m;
	pb_error_t err = {0};
	(void)state;
	assert_int_equal(pb_mail_parse(ctx, &m, "", 0, &err), PB_ERR_PARSE);
	assert_int_equal(err.status, PB_ERR_PARSE);
	/* no headers at all: a clear error, never a crash */
	assert_int_equal(pb_mail_parse(ctx, &m, "\x01\x02garbage\n", 10, &err), PB_ERR_PARSE);
	assert_string_equal(pb_error_msg(&err), "not an e-mail message");
	talloc_free(ctx);
}

static void test_pull_request_text(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t *m = parse(ctx, "From: m@x.y\nSubject: [GIT PULL] fixes\n\n"
				  "The following changes since commit 1234:\n\n  x (2020)\n\n"
				  "are available in the Git repository at:\n\n"
				  "  git://git.example.org/tree.git\ntags/fixes-1\n\nfor you to fetch\n");
	(void)state;
	assert_true(m->flags & PB_MAIL_PULL);
	assert_string_equal(m->pull_url, "git://git.example.org/tree.git tags/fixes-1");
	talloc_free(ctx);
}

static void test_plain_unified_diff(void **state)
{
	void *ctx = talloc_new(NULL);
	char pid[41];
	pb_diffstat_t st;
	pb_mail_t *m = parse(ctx, "From: x@y.z\nSubject: [PATCH] raw\n\nfix\n\n"
				  "--- a/mem.c\t2020-01-01\n+++ b/mem.c\t2020-01-02\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n");
	(void)state;
	assert_non_null(m->diff);
	assert_int_equal(pb_diff_analyze(ctx, pid, &st, m->diff, NULL), PB_OK);
	assert_int_equal(st.files, 1);
	assert_int_equal(st.added, 1);
	assert_int_equal(st.removed, 1);
	talloc_free(ctx);
}

/* patch-ids equal `git patch-id --stable`, with and without a/ b/ prefixes */
static void test_patch_id_matches_git(void **state)
{
	void *ctx = talloc_new(NULL);
	static const char *const diffs[] = {
		"diff --git a/x.c b/x.c\nindex 1..2 100644\n--- a/x.c\n+++ b/x.c\n@@ -1,3 +1,3 @@\n a\n-b\n+c\n d\n"
		"diff --git a/y.c b/y.c\nnew file mode 100644\nindex 0..3\n--- /dev/null\n+++ b/y.c\n@@ -0,0 +1 @@\n+new\n",
		"diff --git src/x.c src/x.c\nindex 1..2 100644\n--- src/x.c\n+++ src/x.c\n@@ -10,4 +10,4 @@ f()\n a\n-  b\n+\tc\n d\n e\n"
		"diff --git src/z.c src/z.c\n--- src/z.c\n+++ src/z.c\n@@ -1 +1 @@\n-q\n+r\n",
		/* ids too short for libgit2: the fallback drops them */
		"diff --git a/x.c b/x.c\nindex 1..2 100644\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-b\n+c\n",
		NULL};
	(void)state;
	for (int i = 0; diffs[i]; i++) {
		const char *argv[] = {"git", "patch-id", "--stable", NULL};
		char *out, pid[41];
		assert_int_equal(pbt_run(ctx, &out, NULL, diffs[i], argv), 0);
		assert_int_equal(pb_diff_analyze(NULL, pid, NULL, diffs[i], NULL), PB_OK);
		assert_memory_equal(pid, out, 40);
	}
	talloc_free(ctx);
}

/* ---- corpus oracles ---------------------------------------------------- */

struct collect {
	void *ctx;
	pb_mail_t *m[64];
	int n;
};

static int collect_cb(void *payload, const char *msg, size_t len)
{
	struct collect *c = payload;
	if (c->n >= 64)
		return 0;
	if (pb_mail_parse(c->ctx, &c->m[c->n], msg, len, NULL) != PB_OK)
		c->m[c->n] = NULL;
	c->n++;
	return 0;
}

static void split_file(struct collect *c, const char *rel)
{
	size_t len;
	char *data = pbt_read(c->ctx, pbt_corpus_path(c->ctx, rel), &len);
	c->n = 0;
	assert_int_equal(pb_mbox_split(NULL, data, len, collect_cb, c), 0);
}

static char *info_field(void *ctx, const char *info, const char *key)
{
	const char *p = strstr(info, key);
	const char *e;
	if (!p)
		return talloc_strdup(ctx, "");
	p += strlen(key);
	e = strchr(p, '\n');
	return talloc_strndup(ctx, p, e ? (size_t)(e - p) : strlen(p));
}

static void check_info(void *ctx, pb_mail_t *m, const char *info_rel, bool deviation_15)
{
	char *info = pbt_read(ctx, pbt_corpus_path(ctx, info_rel), NULL);
	pb_subject_t s;
	assert_non_null(m);
	pb_subject_parse_into(ctx, &s, m->inbody_subject ? m->inbody_subject : m->subject);
	if (deviation_15) {
		/* docs/deviations.md: an in-body From without an address keeps
		 * the header's author (git blanks it) */
		assert_string_equal(m->author.email, "a.u.thor@example.com");
	} else {
		if (strcmp(m->author.name, info_field(ctx, info, "Author: ")) ||
		    strcmp(m->author.email, info_field(ctx, info, "Email: ")))
			fail_msg("%s: author '%s <%s>'", info_rel, m->author.name, m->author.email);
	}
	if (strcmp(s.title, info_field(ctx, info, "Subject: ")))
		fail_msg("%s: subject '%s'", info_rel, s.title);
}

static void test_t5100_sample(void **state)
{
	struct collect c = {0};
	(void)state;
	PBT_NEED_CORPUS();
	c.ctx = talloc_new(NULL);
	split_file(&c, "git-t5100/sample.mbox");
	assert_int_equal(c.n, 18);
	for (int i = 0; i < 18; i++) {
		char *rel = talloc_asprintf(c.ctx, "git-t5100/info%04d", i + 1);
		check_info(c.ctx, c.m[i], rel, i + 1 == 15);
	}
	talloc_free(c.ctx);
}

static void test_t5100_rfc2047(void **state)
{
	struct collect c = {0};
	(void)state;
	PBT_NEED_CORPUS();
	c.ctx = talloc_new(NULL);
	split_file(&c, "git-t5100/rfc2047-samples.mbox");
	assert_int_equal(c.n, 11);
	for (int i = 0; i < 11; i++)
		check_info(c.ctx, c.m[i], talloc_asprintf(c.ctx, "git-t5100/rfc2047-info-%04d", i + 1), false);
	talloc_free(c.ctx);
}

static void test_t5100_mboxrd(void **state)
{
	struct collect c = {0};
	(void)state;
	PBT_NEED_CORPUS();
	c.ctx = talloc_new(NULL);
	split_file(&c, "git-t5100/sample.mboxrd");
	assert_int_equal(c.n, 2);
	for (int i = 0; i < 2; i++) {
		char *want = pbt_read(c.ctx, pbt_corpus_path(c.ctx, talloc_asprintf(c.ctx, "git-t5100/%04dmboxrd", i + 1)), NULL);
		size_t n = strlen(want);
		while (n && want[n - 1] == '\n')
			n--;
		want[n] = '\0';
		assert_non_null(c.m[i]);
		assert_memory_equal(c.m[i]->message, want, n);
	}
	/* not mboxrd: ">From" stays */
	split_file(&c, "git-t5100/quoted-from.in");
	assert_int_equal(c.n, 1);
	pbt_assert_contains(c.m[0]->message, ">From the depths of history");
	talloc_free(c.ctx);
}

static pb_mail_t *corpus_mail(void *ctx, const char *rel, int which)
{
	struct collect c = {0};
	c.ctx = ctx;
	split_file(&c, rel);
	assert_true(which < c.n);
	assert_non_null(c.m[which]);
	return c.m[which];
}

static void test_patchwork_mail(void **state)
{
	void *ctx;
	pb_mail_t *m;
	static const char *const pulls[] = {"0001-git-pull-request.mbox", "0002-git-pull-request-wrapped.mbox",
					    "0004-git-pull-request-git+ssh.mbox", "0005-git-pull-request-ssh.mbox",
					    "0006-git-pull-request-http.mbox", "0017-git-pull-request-git-2-14-3.mbox",
					    NULL};
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	for (int i = 0; pulls[i]; i++) {
		m = corpus_mail(ctx, talloc_asprintf(ctx, "patchwork/mail/%s", pulls[i]), 0);
		assert_true(m->flags & PB_MAIL_PULL);
		assert_null(m->diff);
		assert_non_null(m->pull_url);
	}
	m = corpus_mail(ctx, "patchwork/mail/0003-git-pull-request-with-diff.mbox", 0);
	assert_string_equal(m->pull_url, "git://git.kernel.org/pub/scm/linux/kernel/git/tip/linux-2.6-tip.git x86-fixes-for-linus");
	assert_true(strncmp(m->diff, "diff --git a/arch/x86/include/asm/smp.h", 39) == 0);
	m = corpus_mail(ctx, "patchwork/mail/0023-git-pull-request-newline-in-url.mbox", 0);
	assert_string_equal(m->pull_url, "https://git.kernel.org/pub/scm/linux/kernel/git/matthias.bgg/linux.git/ tags/v5.4-next-soc");
	m = corpus_mail(ctx, "patchwork/mail/0024-git-pull-request-trailing-space.mbox", 0);
	assert_string_equal(m->pull_url, "git://git.kernel.org/pub/scm/linux/kernel/git/nsekhar/linux-davinci.git tags/davinci-for-v5.6/soc");
	/* binary patches */
	for (int i = 25; i <= 27; i++) {
		const char *const files[] = {"0025-git-add-binary-file.mbox", "0026-git-add-mixed-binary-text-files.mbox",
					     "0027-git-modify-binary-file.mbox"};
		m = corpus_mail(ctx, talloc_asprintf(ctx, "patchwork/mail/%s", files[i - 25]), 0);
		assert_true(m->flags & PB_MAIL_BINARY_DIFF);
		pbt_assert_contains(m->diff, i == 27 ? "literal 0" : "literal 142");
	}
	m = corpus_mail(ctx, "patchwork/mail/0008-git-rename.mbox", 0);
	pbt_assert_contains(m->diff, "rename from");
	pbt_assert_contains(m->diff, "rename to");
	m = corpus_mail(ctx, "patchwork/mail/0009-git-rename-with-diff.mbox", 0);
	pbt_assert_contains(m->diff, "-a\n+b\n");
	m = corpus_mail(ctx, "patchwork/mail/0011-no-newline-at-end-of-file.mbox", 0);
	{
		/* both markers stay in the diff, none in the message */
		const char *a = strstr(m->diff, "\\ No newline at end of file");
		assert_non_null(a);
		assert_non_null(strstr(a + 1, "\\ No newline at end of file"));
		pbt_assert_not_contains(m->message, "No newline");
	}
	m = corpus_mail(ctx, "patchwork/mail/0007-cvs-format-diff.mbox", 0);
	assert_true(m->flags & PB_MAIL_HAS_DIFF);
	pbt_assert_contains(m->diff, "Index: ");
	m = corpus_mail(ctx, "patchwork/mail/0016-no-subject.mbox", 0);
	assert_string_equal(m->subject, "");
	assert_true(m->flags & PB_MAIL_HAS_DIFF);
	m = corpus_mail(ctx, "patchwork/mail/0019-multipart-patch.mbox", 0);
	pbt_assert_not_contains(m->body, "<div");
	{
		char pid[41];
		assert_int_equal(pb_diff_analyze(NULL, pid, NULL, m->diff, NULL), PB_OK);
	}
	m = corpus_mail(ctx, "patchwork/mail/0021-git-empty-new-file.mbox", 0);
	assert_true(m->flags & PB_MAIL_HAS_DIFF);
	m = corpus_mail(ctx, "patchwork/mail/0022-git-mode-change.mbox", 0);
	assert_true(m->flags & PB_MAIL_HAS_DIFF);
	for (int i = 10; i <= 15; i++) {
		const char *const files[] = {"0010-invalid-charset.mbox", "0012-invalid-header-char.mbox",
					     "0013-with-utf8-body.mbox", "0014-with-unencoded-utf8-headers.mbox",
					     "0015-with-invalid-utf8-headers.mbox"};
		if (i == 11)
			continue;
		m = corpus_mail(ctx, talloc_asprintf(ctx, "patchwork/mail/%s", files[i == 10 ? 0 : i - 11]), 0);
		assert_true(g_utf8_validate(m->subject, -1, NULL));
		assert_true(g_utf8_validate(m->body, -1, NULL));
		assert_true(m->flags & PB_MAIL_HAS_DIFF);
	}
	m = corpus_mail(ctx, "patchwork/mail/0014-with-unencoded-utf8-headers.mbox", 0);
	assert_string_equal(m->author.name, "Rafał Miłecki");
	talloc_free(ctx);
}

static void test_patchew_mail(void **state)
{
	void *ctx;
	pb_mail_t *m;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	m = corpus_mail(ctx, "patchew/0010-invalid-byte.mbox.gz", 0);
	assert_string_equal(m->subject,
			    "[edk2] [PATCH 0/3] Revert \"ShellPkg: Fix echo to support displaying special characters\"");
	for (int i = 5; i <= 7; i++) {
		const char *const f[] = {"patchew/0005-non-utf-8.mbox.gz", "patchew/0006-multi-part-non-utf-8.mbox.gz",
					 "patchew/0007-invalid-charset.mbox.gz"};
		m = corpus_mail(ctx, f[i - 5], 0);
		assert_true(g_utf8_validate(m->body, -1, NULL));
	}
	m = corpus_mail(ctx, "patchew/0016-nested-multipart.mbox.gz", 0);
	pbt_assert_contains(m->body, "ACK");
	m = corpus_mail(ctx, "patchew/0018-mime-word-recipient.mbox.gz", 0);
	pbt_assert_contains(m->cc, "Philippe Mathieu-Daudé <f4bug@amsat.org>");
	m = corpus_mail(ctx, "patchew/0035-rfc2047-from.mbox.gz", 0);
	assert_string_equal(m->author.email, "AIERPATIJIANG1@kingsoft.com");
	/* mode-only, rename-only and raw diffs are patches */
	m = corpus_mail(ctx, "patchew/0021-mode-only-patch.mbox.gz", 0);
	assert_true(m->flags & PB_MAIL_HAS_DIFF);
	m = corpus_mail(ctx, "patchew/0034-rename-only-patch.mbox.gz", 0);
	assert_true(m->flags & PB_MAIL_HAS_DIFF);
	m = corpus_mail(ctx, "patchew/0033-raw-diff.mbox.gz", 0);
	assert_true(m->flags & PB_MAIL_HAS_DIFF);
	m = corpus_mail(ctx, "patchew/0038-octet-stream.mbox.gz", 0);
	assert_true(m->flags & PB_MAIL_HAS_DIFF);
	pbt_assert_contains(m->message, "Signed-off-by");
	m = corpus_mail(ctx, "patchew/0036-patch-with-no-to-header.mbox.gz", 0);
	assert_string_equal(m->to, "");
	talloc_free(ctx);
}

static void test_public_inbox(void **state)
{
	void *ctx;
	pb_mail_t *m;
	char pid[41];
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	m = corpus_mail(ctx, "public-inbox-synthetic/0001.patch", 0);
	assert_int_equal(pb_diff_analyze(NULL, pid, NULL, m->diff, NULL), PB_OK);
	assert_string_equal(pid, "91ee6b761fc7f47cad9f2b09b10489f313eb5b71");
	m = corpus_mail(ctx, "public-inbox-synthetic/iso-2202-jp.eml", 0);
	assert_true(g_utf8_validate(m->body, -1, NULL));
	assert_true(strlen(m->body) > 0);
	m = corpus_mail(ctx, "public-inbox-synthetic/x-unknown-alpine.eml", 0);
	assert_true(g_utf8_validate(m->body, -1, NULL));
	m = corpus_mail(ctx, "public-inbox-synthetic/plack-attached-patch.eml", 0);
	assert_true(m->flags & PB_MAIL_HAS_DIFF);
	m = corpus_mail(ctx, "public-inbox-synthetic/utf8.eml", 0);
	assert_string_equal(m->author.name, "Eléanor");
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dmarc_sender),
		cmocka_unit_test(test_b4_relay_and_inbody_from),
		cmocka_unit_test(test_inbody_from_not_for_replies),
		cmocka_unit_test(test_base64_patch),
		cmocka_unit_test(test_bad_charset_never_fails),
		cmocka_unit_test(test_escape_in_subject_is_inert),
		cmocka_unit_test(test_text_truncated_utf8),
		cmocka_unit_test(test_footers_not_in_diff),
		cmocka_unit_test(test_crlf_and_missing_msgid),
		cmocka_unit_test(test_empty_and_garbage),
		cmocka_unit_test(test_pull_request_text),
		cmocka_unit_test(test_plain_unified_diff),
		cmocka_unit_test(test_patch_id_matches_git),
		cmocka_unit_test(test_t5100_sample),
		cmocka_unit_test(test_t5100_rfc2047),
		cmocka_unit_test(test_t5100_mboxrd),
		cmocka_unit_test(test_patchwork_mail),
		cmocka_unit_test(test_patchew_mail),
		cmocka_unit_test(test_public_inbox),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("mail", tests, NULL, NULL);
}
