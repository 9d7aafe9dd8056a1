/* fuzz.h: what every fuzz target shares. Each tests/fuzz/fuzz_*.c defines
 * PB_FUZZ_ENTRY, which is LLVMFuzzerTestOneInput for `make fuzz`
 * (libFuzzer, ASan, UBSan) and a named function when tests/test_fuzz_replay.c
 * includes the target to replay its regression inputs in `make check`. */
#ifndef PB_TESTS_FUZZ_H
#define PB_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <talloc.h>

/* DATA as a NUL-terminated string on CTX (the parsers take strings). */
static inline char *pb_fuzz_str(TALLOC_CTX *ctx, const uint8_t *data, size_t size)
{
	char *s = talloc_size(ctx, size + 1);
	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

#endif

/* (outside the guard: each target declares its own entry) */
#ifndef PB_FUZZ_ENTRY
#define PB_FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif
int PB_FUZZ_ENTRY(const uint8_t *data, size_t size);
