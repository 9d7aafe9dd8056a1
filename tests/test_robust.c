/* test_robust.c: bad input gets a clear error or a best effort, never a
 * crash: patchwork's fuzz samples, notmuch's broken and threading corpora,
 * duplicate deliveries, reference loops, mutated real mail, and mail made
 * to be pathological. Run under ASan+UBSan by `make check-sanitize`. */
#include "tests/lib/pbtest.h"
#include "tests/lib/pbt_git.h"
#include "patchbay/mail.h"
#include "patchbay/mbox.h"
#include "core/base/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>

static void parse_any(const char *data, size_t len)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t *m = NULL;
	pb_error_t err = {0};
	int rc = pb_mail_parse(ctx, &m, data, len, &err);
	if (rc == PB_OK) {
		pb_msgrec_t r;
		assert_int_equal(pb_msgrec_from_mail(ctx, &r, m, "", ""), PB_OK);
		assert_non_null(m->msgid);
		assert_true(g_utf8_validate(m->subject, -1, NULL));
		assert_true(g_utf8_validate(m->body, -1, NULL));
	} else {
		assert_int_equal(rc, PB_ERR_PARSE);
		assert_true(strlen(pb_error_msg(&err)) > 0);
	}
	talloc_free(ctx);
}

static int parse_cb(void *payload, const char *msg, size_t len)
{
	(void)payload;
	parse_any(msg, len);
	return 0;
}

static char **list_dir(void *ctx, const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	*n = 0;
	assert_non_null(d);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		v = talloc_realloc(ctx, v, char *, *n + 2);
		v[(*n)++] = talloc_asprintf(ctx, "%s/%s", dir, de->d_name);
		v[*n] = NULL;
	}
	closedir(d);
	return v;
}

static void test_patchwork_fuzz(void **state)
{
	void *ctx;
	size_t n, len;
	char **files;
	pb_index_t *idx;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	files = list_dir(ctx, pbt_corpus_path(ctx, "patchwork/fuzz"), &n);
	assert_int_equal(n, 17);
	for (size_t i = 0; i < n; i++) {
		char *data = pbt_read(ctx, files[i], &len);
		assert_int_equal(pb_mbox_split(NULL, data, len, parse_cb, NULL), 0);
	}
	/* the same mail through notmuch and the whole index */
	idx = pbt_index(ctx, pbt_notmuch_db(ctx, (const char *const *)files), NULL);
	assert_true(pb_index_stats(idx)->messages > 0);
	talloc_free(ctx);
}

static void test_notmuch_corpora(void **state)
{
	void *ctx;
	const char *sub[] = {"threading/ghost-root", "threading/parent-priority", "broken/broken-cc",
			     "broken/empty-part", "broken/loop", "duplicate", NULL};
	pb_index_t *idx;
	pb_error_t err = {0};
	char *db;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	for (int i = 0; sub[i]; i++) {
		const char *dir = pbt_corpus_path(ctx, talloc_asprintf(ctx, "notmuch-threading-synthetic/%s", sub[i]));
		char *errf = talloc_asprintf(ctx, "%s/stderr", pbt_tmpdir(ctx)), *said;
		int saved = dup(2), fd = open(errf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		size_t n;
		/* maildirs and plain folders of mail files, as -f opens them; the
		 * libraries' notes on broken mail (empty-part) stay off the screen */
		assert_true(saved >= 0 && fd >= 0);
		dup2(fd, 2);
		close(fd);
		assert_int_equal(pb_index_import(ctx, &db, dir, pbt_tmpdir(ctx), &err), PB_OK);
		dup2(saved, 2);
		close(saved);
		assert_int_equal(_pb_file_read(ctx, &said, &n, errf, &err), PB_OK);
		assert_int_equal(n, 0);
		idx = pbt_index(ctx, db, NULL);
		assert_true(pb_index_stats(idx)->messages > 0);
		assert_non_null(pb_index_series(idx));
	}
	/* 210 files, 176 Message-IDs: the cifs series arrived twice */
	assert_int_equal(pb_index_import(ctx, &db, pbt_corpus_path(ctx, "notmuch-lkml-maildir"), pbt_tmpdir(ctx), &err),
			 PB_OK);
	idx = pbt_index(ctx, db, NULL);
	assert_int_equal(pb_index_stats(idx)->messages, 176);
	{
		pb_series_t *s = NULL;
		assert_int_equal(pb_index_find(idx, "1277220005-3322-1-git-send-email-sjayaraman@suse.de", &s, NULL, NULL),
				 PB_OK);
		assert_int_equal(s->n_versions, 1);
		assert_int_equal(pb_series_latest(s)->n_patches, 10);
		assert_true(pb_series_latest(s)->flags & PB_VER_RFC);
		/* Joe Perches' 44 patches, one of them with a [uml-user] prefix */
		assert_int_equal(pb_index_find(idx, "cover.1289789604.git.joe@perches.com", &s, NULL, NULL), PB_OK);
		assert_int_equal(pb_series_latest(s)->n_patches, 44);
		assert_int_equal(pb_series_latest(s)->n_missing, 0);
	}
	assert_int_equal(pb_index_import(ctx, &db, pbt_corpus_path(ctx, "notmuch-default-maildir"), pbt_tmpdir(ctx), &err),
			 PB_OK);
	idx = pbt_index(ctx, db, NULL);
	assert_int_equal(pb_index_stats(idx)->messages, 52);
	talloc_free(ctx);
}

/* xorshift: deterministic mutations */
static uint32_t rnd_state = 2463534242u;
static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static const char seed_mail[] =
	"From: =?utf-8?q?K=C3=B6nig?= <k@example.org>\n"
	"Subject: [PATCH v2 3/7] =?utf-8?b?d2lkZ2V0OiB0ZXN0?=\n"
	"Message-ID: <seed@test>\nIn-Reply-To: <c@test>\nReferences: <a@test> <b@test>\n"
	"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"XX\"\n\n"
	"--XX\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n"
	"Fix it.=0A=0ASigned-off-by: K=F6nig <k@example.org>\n---\n"
	"diff --git a/a.c b/a.c\nindex 1234567..89abcde 100644\n--- a/a.c\n+++ b/a.c\n@@ -1,3 +1,3 @@\n a\n-b\n+c\n d\n"
	"--XX\nContent-Type: text/x-patch; name=\"x.patch\"\nContent-Transfer-Encoding: base64\n\n"
	"ZGlmZiAtLWdpdCBhL2IuYyBiL2IuYwotLS0gYS9iLmMKKysrIGIvYi5jCkBAIC0xICsxIEBACi14Cit5Cg==\n"
	"--XX--\n";

static void test_mutations(void **state)
{
	size_t len = sizeof(seed_mail) - 1;
	char *buf = malloc(len + 64);
	(void)state;
	for (int round = 0; round < 2000; round++) {
		size_t n = len;
		memcpy(buf, seed_mail, len);
		for (int k = 0; k < 1 + (int)(rnd() % 8); k++) {
			size_t at = rnd() % n;
			switch (rnd() % 4) {
			case 0: buf[at] = (char)rnd(); break;                   /* flip a byte */
			case 1: buf[at] = "\n:<>=?-@\\\"\r"[rnd() % 11]; break; /* a syntax character */
			case 2: n = at + 1; break;                               /* truncate */
			case 3: memmove(buf + at, buf + at + 1, n - at - 1); n--; break;
			}
		}
		parse_any(buf, n);
	}
	free(buf);
}

static void test_pathological(void **state)
{
	void *ctx = talloc_new(NULL);
	char *m;
	(void)state;
	/* a 200 kB subject, a 20 000-entry References header */
	m = talloc_asprintf(ctx, "From: a@b.c\nSubject: %*s\nReferences:", 200000, "x");
	for (int i = 0; i < 20000; i++)
		m = talloc_asprintf_append_buffer(m, " <r%d@x>", i);
	m = talloc_strdup_append_buffer(m, "\n\nbody\n");
	parse_any(m, strlen(m));
	/* MIME nested 200 deep */
	m = talloc_strdup(ctx, "From: a@b.c\nSubject: deep\nMIME-Version: 1.0\n");
	for (int i = 0; i < 200; i++)
		m = talloc_asprintf_append_buffer(m, "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n", i, i);
	m = talloc_strdup_append_buffer(m, "Content-Type: text/plain\n\nleaf\n");
	parse_any(m, strlen(m));
	/* a hunk that claims more lines than it has, at the very end */
	m = talloc_strdup(ctx, "From: a@b.c\nSubject: [PATCH] short\n\nx\n---\n"
			       "diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1,900 +1,900 @@\n-a\n+b\n");
	parse_any(m, strlen(m));
	/* NUL bytes and a lone From_ line */
	parse_any("From x\nSubject: nul\n\na\0b\n", 25);
	parse_any("From ", 5);
	talloc_free(ctx);
}

/* In-Reply-To loops and self-references through the whole index: the
 * loop is one send, not four incomplete ones. */
static void test_reference_loops(void **state)
{
	void *ctx = talloc_new(NULL);
	char *path = talloc_asprintf(ctx, "%s/loop.mbox", pbt_tmpdir(ctx));
	FILE *f = fopen(path, "w");
	const char *db, *cache;
	pb_index_t *idx;
	(void)state;
	for (int i = 0; i < 5; i++)
		fprintf(f,
			"From x@y Mon Sep 17 00:00:00 2001\nFrom: A <a@x.org>\nSubject: [PATCH %d/5] loop %d\n"
			"Message-ID: <l%d@x>\nIn-Reply-To: <l%d@x>\nReferences: <l%d@x> <l%d@x>\n"
			"Date: Mon, 1 Jan 2024 10:0%d:00 +0000\n\nx\n---\n"
			"diff --git a/f%d b/f%d\n--- a/f%d\n+++ b/f%d\n@@ -1 +1 @@\n-a\n+b\n\n",
			i + 1, i, i, (i + 1) % 5, i, (i + 4) % 5, i, i, i, i, i);
	/* a review of 3/5 whose References are as confused as the rest */
	fprintf(f,
		"From x@y Mon Sep 17 00:00:00 2001\nFrom: R <r@x.org>\nSubject: Re: [PATCH 3/5] loop 2\n"
		"Message-ID: <r2@x>\nIn-Reply-To: <l2@x>\nReferences: <l3@x> <l2@x>\n"
		"Date: Mon, 1 Jan 2024 11:00:00 +0000\n\nReviewed-by: R <r@x.org>\n");
	fclose(f);
	db = pbt_notmuch_db1(ctx, path);
	cache = talloc_asprintf(ctx, "%s/cache", pbt_tmpdir(ctx));
	/* truth: one send of five patches, the review on 3/5; cold, warm,
	 * and updated with a test report on 5/5 that came later */
	for (int pass = 0; pass < 3; pass++) {
		const pb_version_t *v;
		if (pass == 2)
			pbt_notmuch_reply(db, "l4@x", "[PATCH 5/5] loop 4", "T <t@x.org>", "Tested-by: T <t@x.org>\n");
		idx = pbt_index(ctx, db, cache);
		assert_int_equal(pb_index_stats(idx)->messages, pass == 2 ? 7 : 6);
		assert_int_equal(pb_index_series(idx)->n, 1);
		assert_int_equal(pb_index_series(idx)->v[0]->n_versions, 1);
		v = pb_series_latest(pb_index_series(idx)->v[0]);
		assert_int_equal(v->n_patches, 5);
		assert_int_equal(v->n_missing, 0);
		assert_string_equal(v->root->msgid, "l0@x");
		for (size_t i = 0; i < v->n_patches; i++)
			assert_int_equal(v->patches[i]->trailers.n, i == 2 || (pass == 2 && i == 4) ? 1 : 0);
		talloc_free(idx);
	}
	talloc_free(ctx);
}

/* One mail that claims to be patch 2147483647 of 2147483647 is one patch,
 * not a series missing 31,997 others. */
static void test_huge_count(void **state)
{
	void *ctx = talloc_new(NULL);
	char *path = talloc_asprintf(ctx, "%s/huge.mbox", pbt_tmpdir(ctx));
	FILE *f = fopen(path, "w");
	pb_index_t *idx;
	const pb_version_t *v;
	(void)state;
	fputs("From x@y Mon Sep 17 00:00:00 2001\nFrom: A <a@x.org>\n"
	      "Subject: [PATCH 2147483647/2147483647] foo: Count high\nMessage-ID: <huge@x>\n"
	      "Date: Mon, 1 Jan 2024 10:00:00 +0000\n\nx\n---\n"
	      "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n\n",
	      f);
	fclose(f);
	idx = pbt_index(ctx, pbt_notmuch_db1(ctx, path), NULL);
	assert_int_equal(pb_index_series(idx)->n, 1);
	v = pb_series_latest(pb_index_series(idx)->v[0]);
	assert_int_equal(v->n_patches, 1);
	assert_int_equal(v->n_missing, 0);
	assert_true(v->total <= 1);
	talloc_free(ctx);
}

/* Writes that fail say where and why, and leave nothing behind. */
static void test_write_errors(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_error_t err = {0};
	int fd = open("/dev/full", O_WRONLY | O_CLOEXEC);
	char *dir, *path;
	(void)state;
	if (fd >= 0) {
		errno = 0;
		assert_int_equal(_pb_write_all(fd, "x", 1), -1);
		assert_int_equal(errno, ENOSPC);
		close(fd);
	}
	assert_int_equal(_pb_write_all(-1, "x", 1), -1);
	assert_int_equal(_pb_write_all(-1, "", 0), 0);
	dir = pbt_tmpdir(ctx);
	path = talloc_asprintf(ctx, "%s/no/such/dir/file", dir);
	assert_int_equal(_pb_file_write_atomic(path, "x", 1, &err), PB_ERR_IO);
	/* the error names the user's file, not the temp beside it */
	pbt_assert_contains(err.msg, "/no/such/dir/file: ");
	assert_null(strstr(err.msg, ".tmp"));
	pbt_assert_contains(err.msg, "No such file");
	/* a folder where the file should go: the rename fails, no temp left */
	path = talloc_asprintf(ctx, "%s/taken", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(_pb_file_write_atomic(path, "x", 1, &err), PB_ERR_IO);
	pbt_assert_contains(err.msg, "taken");
	assert_int_equal(pbt_count_files(ctx, dir, "*", NULL), 1);
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_patchwork_fuzz),
		cmocka_unit_test(test_notmuch_corpora),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_pathological),
		cmocka_unit_test(test_reference_loops),
		cmocka_unit_test(test_huge_count),
		cmocka_unit_test(test_write_errors),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("robust", tests, NULL, NULL);
}
