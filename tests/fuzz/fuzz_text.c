/* fuzz_text.c: width, fitting and inert text on any bytes. */
#include "tests/fuzz/fuzz.h"
#include "patchbay/text.h"

int PB_FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	void *ctx = talloc_new(NULL);
	char *s = pb_fuzz_str(ctx, data, size);
	size_t used;
	if (s) {
		char *t = pb_text_inert(ctx, s, 0);
		size_t w = pb_text_width(s), cut = pb_text_fit(s, size % 97, &used);
		if (cut > strlen(s) || used > w)
			__builtin_trap();
		/* nothing that steers a terminal survives */
		for (const unsigned char *p = (const unsigned char *)t; t && *p; p++)
			if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
				__builtin_trap();
		(void)pb_text_inert(ctx, s, PB_TEXT_KEEP_NEWLINES | PB_TEXT_KEEP_TABS);
	}
	talloc_free(ctx);
	return 0;
}
