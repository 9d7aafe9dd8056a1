/* fuzz_mail.c: a whole message: MIME decoding, the body split into
 * changelog, diff and trailers, the patch and reply line views. */
#include "tests/fuzz/fuzz.h"
#include "patchbay/lines.h"
#include "patchbay/mail.h"

int PB_FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	void *ctx = talloc_new(NULL);
	pb_mail_t *m = NULL;
	pb_error_t err = {0};
	if (pb_mail_parse(ctx, &m, (const char *)data, size, &err) == 0 && m) {
		pb_line_t *lines = NULL;
		size_t n = 0;
		pb_lines_patch(ctx, &lines, &n, m);
		pb_lines_reply(ctx, &lines, &n, m);
	}
	talloc_free(ctx);
	return 0;
}
