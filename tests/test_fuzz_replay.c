/* test_fuzz_replay.c: every input that once crashed a fuzz target
 * (tests/fuzz/regress/TARGET/) and the targets' seed strings, run through
 * the same entry points in `make check` (and under ASan+UBSan in
 * check-sanitize), so that a fixed crash stays fixed. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/lib/pbtest.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regressions),
		cmocka_unit_test(test_edges),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("fuzz_replay", tests, NULL, NULL);
}
