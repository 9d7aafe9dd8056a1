/* test_export.c: mail out of patchbay (export.h) and appending to a file
 * the user named (output.h): the mbox of real messages read back, links,
 * pipes that stop reading or die, clipboard commands that hang or stay,
 * and a full disk in the middle of an append. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "patchbay/export.h"
#include "patchbay/mbox.h"
#include "patchbay/output.h"
#include "tests/lib/pbtest.h"

static const char MSG[] =
	"From: Ann <ann@example.org>\r\n"
	"Subject: [PATCH] a: Fix b\r\n"
	"Date: Mon, 25 Mar 2024 10:00:00 +0000\r\n"
	"Message-ID: <a/b%1@example.org>\r\n"
	"\r\n"
	"From here on the body\r\n"
	">From a quote\r\n"
	"last line\r\n";

struct got {
	TALLOC_CTX *ctx;
	char *msg[4];
	int n;
};

static int collect(void *payload, const char *msg, size_t len)
{
	struct got *g = payload;
	if (g->n < 4)
		g->msg[g->n++] = talloc_strndup(g->ctx, msg, len);
	return 0;
}

/* The mbox of a message, twice: ^>*From lines escaped, CRLF made LF; the
 * mbox reader gives the message back as it was (but for the CRs). */
static void test_mbox_roundtrip(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = pbt_tmpdir(ctx), *file = talloc_asprintf(ctx, "%s/m.eml", dir), *db, *out, *raw, *want;
	const char *ids[] = {"a/b%1@example.org", "a/b%1@example.org"};
	size_t len, rl;
	pb_index_t *idx;
	pb_error_t err = {0};
	struct got g = {.ctx = ctx};
	FILE *f = fopen(file, "w");
	(void)state;
	assert_non_null(f);
	fputs(MSG, f);
	fclose(f);
	db = pbt_notmuch_db1(ctx, file);
	idx = pbt_index(ctx, db, NULL);
	assert_int_equal(pb_export_raw(idx, ctx, ids[0], &raw, &rl, &err), PB_OK);
	assert_int_equal(rl, strlen(MSG));
	assert_string_equal(raw, MSG);
	assert_int_equal(pb_export_mbox(idx, ctx, ids, 2, &out, &len, &err), PB_OK);
	assert_int_equal(len, strlen(out));
	assert_null(strchr(out, '\r'));
	pbt_assert_contains(out, "\n>From here on the body\n>>From a quote\nlast line\n\nFrom git@z ");
	assert_int_equal(pb_mbox_split(ctx, out, len, collect, &g), 0);
	assert_int_equal(g.n, 2);
	want = talloc_strdup(ctx, MSG);
	for (char *p = want, *q = want;; p++) {
		if (*p != '\r')
			*q++ = *p;
		if (!*p)
			break;
	}
	assert_string_equal(g.msg[0], want);
	assert_string_equal(g.msg[1], want);
	/* a message that is not there is named */
	ids[1] = "nowhere@example.org";
	assert_int_equal(pb_export_mbox(idx, ctx, ids, 2, &out, &len, &err), PB_ERR_NOTFOUND);
	pbt_assert_contains(pb_error_msg(&err), "<nowhere@example.org>");
	assert_null(out);
	talloc_free(ctx);
}

static void test_link(void **state)
{
	void *ctx = talloc_new(NULL);
	(void)state;
	assert_string_equal(pb_export_link(ctx, NULL, "a/b%c d?#@x.org"),
			    "https://lore.kernel.org/r/a%2Fb%25c%20d%3F%23@x.org");
	assert_string_equal(pb_export_link(ctx, "https://patch.msgid.link/%s", "1.2-x@y"),
			    "https://patch.msgid.link/1.2-x@y");
	assert_string_equal(pb_export_link(ctx, "https://lore.example/all/%s/", "i@d"),
			    "https://lore.example/all/i@d/");
	assert_string_equal(pb_export_link(ctx, "https://lore.example/r/", "i@d"), "https://lore.example/r/i@d");
	talloc_free(ctx);
}

/* A command that reads one byte of 4 MB, one that fails, one killed. */
static void test_pipe(void **state)
{
	size_t n = 4u << 20;
	char *big = malloc(n);
	int status = -1;
	pb_error_t err = {0};
	(void)state;
	assert_non_null(big);
	memset(big, 'x', n);
	assert_int_equal(pb_export_pipe("head -c 1 >/dev/null", big, n, &status, &err), PB_OK);
	assert_int_equal(status, 0);
	assert_int_equal(pb_export_pipe("exit 7", big, n, &status, &err), PB_OK);
	assert_int_equal(status, 7);
	assert_int_equal(pb_export_pipe("kill -9 $$", "x", 1, &status, &err), PB_OK);
	assert_int_equal(status, 128 + 9);
	assert_int_equal(pb_export_pipe("", "x", 1, &status, &err), PB_ERR_USAGE);
	free(big);
}

/* A clipboard command that stays to serve the selection returns at once;
 * one that hangs is stopped after 5 seconds; its failure is said. */
static void test_copy(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = pbt_tmpdir(ctx), *cmd;
	const char *used = NULL;
	pb_error_t err = {0};
	(void)state;
	cmd = talloc_asprintf(ctx, "cat > %s/clip; (sleep 3 &)", dir);
	assert_int_equal(pb_export_copy(cmd, "<id@x>", &used, &err), PB_OK);
	assert_string_equal(used, cmd);
	assert_string_equal(pbt_read(ctx, talloc_asprintf(ctx, "%s/clip", dir), NULL), "<id@x>");
	assert_int_equal(pb_export_copy("sleep 30", "<id@x>", NULL, &err), PB_ERR_EXTERNAL);
	pbt_assert_contains(pb_error_msg(&err), "did not end within 5 seconds");
	assert_int_equal(pb_export_copy("exit 2", "<id@x>", NULL, &err), PB_ERR_EXTERNAL);
	pbt_assert_contains(pb_error_msg(&err), "failed (status 2)");
	talloc_free(ctx);
}

/* Append: a new file is made; a full disk (the file size limit) in the
 * middle leaves the file as it was; a folder is refused. */
static void test_append(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = pbt_tmpdir(ctx), *path = talloc_asprintf(ctx, "%s/box", dir), big[8192];
	struct rlimit old, lim;
	struct sigaction ign = {0}, was;
	pb_error_t err = {0};
	(void)state;
	assert_int_equal(pb_output_append(path, "one\n", 4, &err), PB_OK);
	assert_int_equal(pb_output_append(path, "two\n", 4, &err), PB_OK);
	assert_string_equal(pbt_read(ctx, path, NULL), "one\ntwo\n");
	memset(big, 'y', sizeof(big));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGXFSZ, &ign, &was);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 4096;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	assert_int_equal(pb_output_append(path, big, sizeof(big), &err), PB_ERR_IO);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	sigaction(SIGXFSZ, &was, NULL);
	pbt_assert_contains(pb_error_msg(&err), "the file is as it was");
	assert_string_equal(pbt_read(ctx, path, NULL), "one\ntwo\n");
	assert_int_equal(pb_output_append(dir, "x", 1, &err), PB_ERR_IO);
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mbox_roundtrip),
		cmocka_unit_test(test_link),
		cmocka_unit_test(test_pipe),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_append),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("export", tests, NULL, NULL);
}
