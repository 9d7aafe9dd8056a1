/* fuzz_subject.c: subject lines ("[PATCH v3 02/12] ..."), normalised titles. */
#include "tests/fuzz/fuzz.h"
#include "patchbay/subject.h"

int PB_FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	void *ctx = talloc_new(NULL);
	char *s = pb_fuzz_str(ctx, data, size);
	pb_subject_t *sub = NULL;
	if (s) {
		if (pb_subject_parse(ctx, &sub, s) == 0 && sub)
			(void)pb_subject_normalize(ctx, s + pb_subject_reply_prefix_len(s));
	}
	talloc_free(ctx);
	return 0;
}
