/* fuzz_trailer.c: trailers of a reply and of a commit message. */
#include "tests/fuzz/fuzz.h"
#include "patchbay/trailer.h"

int PB_FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	void *ctx = talloc_new(NULL);
	char *s = pb_fuzz_str(ctx, data, size);
	pb_trailer_list_t a = {0}, b = {0};
	pb_person_t sender = {(char *)"Rita Reviewer", (char *)"rita@example.org"};
	if (s) {
		pb_trailer_parse_followup(ctx, &a, s, &sender, "fuzz@example.org");
		pb_trailer_parse_message(ctx, &b, s);
		for (size_t i = 0; i < a.n; i++)
			(void)pb_trailer_format(ctx, &a.v[i]);
	}
	talloc_free(ctx);
	return 0;
}
