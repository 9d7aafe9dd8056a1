/* fuzz_keymap.c: a user's keymap file. */
#include "tests/fuzz/fuzz.h"
#include "tui/keymap.h"

int PB_FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	void *ctx = talloc_new(NULL);
	char *s = pb_fuzz_str(ctx, data, size);
	tui_keymap_t *km = NULL;
	tui_errors_t *errs = talloc_zero(ctx, tui_errors_t); /* (its messages hang on it) */
	if (s && errs && tui_keymap_new(ctx, &km) == 0) {
		tui_keymap_load(km, "fuzz.keymap", s, errs);
		(void)tui_key_parse(s);
	}
	talloc_free(ctx);
	return 0;
}
