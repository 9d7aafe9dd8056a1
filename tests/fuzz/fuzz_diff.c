/* fuzz_diff.c: diff text as the patch-id, the diffstat, the touched paths
 * and the git form of it (libgit2's parser behind ours). */
#include "tests/fuzz/fuzz.h"
#include "patchbay/diff.h"

int PB_FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	void *ctx = talloc_new(NULL);
	char *s = pb_fuzz_str(ctx, data, size), pid[41], *paths = NULL;
	pb_diffstat_t st;
	pb_error_t err = {0};
	if (s) {
		pb_diff_analyze_paths(ctx, pid, &st, &paths, s, &err);
		pb_diff_analyze(ctx, NULL, &st, s, &err);
		(void)pb_diff_gitify(ctx, s);
	}
	talloc_free(ctx);
	return 0;
}
