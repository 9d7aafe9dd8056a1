/* test_fuzz_replay.c: every input that once crashed a fuzz target
 * (tests/fuzz/regress/TARGET/) and the targets' seed strings, run through
 * the same entry points in `make check` (and under ASan+UBSan in
 * check-sanitize), so that a fixed crash stays fixed. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/lib/pbtest.h"
#include "tests/lib/pbfixture.h"

#define PB_FUZZ_ENTRY fuzz_subject
#include "tests/fuzz/fuzz_subject.c"
#undef PB_FUZZ_ENTRY
#define PB_FUZZ_ENTRY fuzz_mail
#include "tests/fuzz/fuzz_mail.c"
#undef PB_FUZZ_ENTRY
#define PB_FUZZ_ENTRY fuzz_trailer
#include "tests/fuzz/fuzz_trailer.c"
#undef PB_FUZZ_ENTRY
#define PB_FUZZ_ENTRY fuzz_diff
#include "tests/fuzz/fuzz_diff.c"
#undef PB_FUZZ_ENTRY
#define PB_FUZZ_ENTRY fuzz_mbox
#include "tests/fuzz/fuzz_mbox.c"
#undef PB_FUZZ_ENTRY
#define PB_FUZZ_ENTRY fuzz_text
#include "tests/fuzz/fuzz_text.c"
#undef PB_FUZZ_ENTRY
#define PB_FUZZ_ENTRY fuzz_keymap
#include "tests/fuzz/fuzz_keymap.c"
#undef PB_FUZZ_ENTRY
#define PB_FUZZ_ENTRY fuzz_cache
#include "tests/fuzz/fuzz_cache.c"
#undef PB_FUZZ_ENTRY

static const struct {
	const char *name;
	int (*fn)(const uint8_t *, size_t);
} targets[] = {
	{"fuzz_subject", fuzz_subject}, {"fuzz_mail", fuzz_mail}, {"fuzz_trailer", fuzz_trailer},
	{"fuzz_diff", fuzz_diff},       {"fuzz_mbox", fuzz_mbox}, {"fuzz_text", fuzz_text},
	{"fuzz_keymap", fuzz_keymap},   {"fuzz_cache", fuzz_cache},
};

/* Every file in tests/fuzz/regress/TARGET/ through its target. */
static void test_regressions(void **state)
{
	void *ctx = talloc_new(NULL);
	const char *src = getenv("PB_SRCDIR");
	size_t total = 0;
	(void)state;
	for (size_t t = 0; t < sizeof(targets) / sizeof(targets[0]); t++) {
		char *dir = talloc_asprintf(ctx, "%s/tests/fuzz/regress/%s", src && *src ? src : ".", targets[t].name);
		DIR *d = opendir(dir);
		struct dirent *e;
		if (!d)
			continue;
		while ((e = readdir(d))) {
			size_t len;
			char *data;
			if (e->d_name[0] == '.')
				continue;
			data = pbt_read(ctx, talloc_asprintf(ctx, "%s/%s", dir, e->d_name), &len);
			targets[t].fn((const uint8_t *)data, len);
			total++;
		}
		closedir(d);
	}
	print_message("replayed %zu inputs that once crashed a fuzz target\n", total);
	assert_true(total >= 2);
	talloc_free(ctx);
}

/* The edges every target must take: empty, one byte, no terminator. */
static void test_edges(void **state)
{
	static const uint8_t edge[][8] = {{0}, {0xff}, {'\n'}, {'F', 'r', 'o', 'm', ' '}, {0xf4, 0x8f}};
	static const size_t len[] = {0, 1, 1, 5, 2};
	(void)state;
	for (size_t t = 0; t < sizeof(targets) / sizeof(targets[0]); t++)
		for (size_t k = 0; k < sizeof(len) / sizeof(len[0]); k++)
			assert_int_equal(targets[t].fn(edge[k], len[k]), 0);
}

/* A cache file patchbay wrote, cut at every length near its end (where
 * the model, the memo and the padding are: the cut that once read past
 * the end) and every 61 bytes before: each is refused or read whole,
 * under the sanitizers in check-sanitize. Made afresh, so the current
 * format is the one cut. */
static void test_cut_cache(void **state)
{
	void *ctx = talloc_new(NULL);
	char *cache = pbt_tmpdir(ctx), *file = NULL, *data;
	char *m = talloc_strdup(ctx, "");
	size_t len, cut = 0;
	(void)state;
	for (int i = 0; i <= 3; i++)
		m = talloc_asprintf_append(m,
			"From x Mon Sep 17 00:00:00 2001\nFrom: Ann Author <ann@example.org>\n"
			"Subject: [PATCH %d/3] widget: Step %d\nMessage-ID: <cut-%d@test>\n%s"
			"Date: Mon, 1 Jan 2024 10:0%d:00 +0000\n\nStep %d.\n\nSigned-off-by: Ann Author <ann@example.org>\n"
			"%s\n",
			i, i, i, i ? "In-Reply-To: <cut-0@test>\n" : "", i, i,
			i ? "---\ndiff --git a/w.c b/w.c\n--- a/w.c\n+++ b/w.c\n@@ -1 +1 @@\n-a\n+b\n" : "");
	talloc_free(pbt_index(ctx, pbt_notmuch_db1(ctx, pbt_write_temp(ctx, "m.mbox", m)), cache));
	assert_int_equal(pbt_count_files(ctx, cache, "records-????????????????", &file), 1);
	data = pbt_read(ctx, file, &len);
	assert_true(len > 256);
	for (size_t n = 0; n <= len; n += n + 256 < len ? 61 : 1, cut++)
		assert_int_equal(fuzz_cache((const uint8_t *)data, n), 0);
	print_message("cut a %zu-byte cache file at %zu lengths\n", len, cut);
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regressions),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_cut_cache),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("fuzz_replay", tests, NULL, NULL);
}
