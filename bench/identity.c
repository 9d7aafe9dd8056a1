/* identity.c: open a notmuch database as patchbay does (cold with an
 * empty cache dir, warm or incremental with a filled one) and print what
 * it took, the peak RSS of the process, and, given a truth file, how
 * exactly the series were grouped.
 *
 *   identity DB CACHE_DIR [TRUTH]
 *
 * One line: "messages N parsed N total_ms X group_ms X rss_mb X" and,
 * with TRUTH, "series N exact N merged N split N". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "patchbay/git.h"
#include "patchbay/index.h"
#include "tests/lib/pbtruth.h"

int main(int argc, char **argv)
{
	void *ctx = talloc_new(NULL);
	pb_index_opts_t o = {0};
	pb_error_t err = {0};
	pb_index_t *idx = NULL;
	const pb_index_stats_t *st;
	struct rusage ru;

	if (argc < 3) {
		fputs("usage: identity DB CACHE_DIR [TRUTH]\n", stderr);
		return 2;
	}
	o.db_path = argv[1];
	o.cache_dir = argv[2];
	/* as patchbay's main() does: libgit2 (whose start-up reads the TLS
	 * library's CA bundle, ~20 ms) initialises on its own thread while
	 * notmuch and the cache are opened; the first diff parsed waits */
	pb_git_init_async();
	if (pb_index_open(ctx, &idx, &o, &err) != PB_OK) {
		fprintf(stderr, "identity: %s\n", pb_error_msg(&err));
		pb_git_init(); /* (joined before exit, as main() does) */
		return 1;
	}
	st = pb_index_stats(idx);
	getrusage(RUSAGE_SELF, &ru);
	printf("messages %zu parsed %zu total_ms %.1f parse_ms %.1f group_ms %.1f cache_ms %.1f rss_mb %.0f"
	       " scored %zu reused %zu",
	       st->messages, st->parsed, st->t_total * 1000, st->t_parse * 1000, st->t_group * 1000,
	       st->t_cache * 1000, ru.ru_maxrss / 1024.0, st->scored, st->reused);
	if (argc > 3) {
		char *e = NULL;
		pbt_truth_t *t = pbt_truth_load(ctx, argv[3], &e);
		const char **got;
		pbt_score_t sc;
		if (!t) {
			fprintf(stderr, "identity: %s\n", e);
			pb_git_init();
			return 1;
		}
		got = talloc_array(ctx, const char *, t->n ? t->n : 1);
		for (size_t i = 0; i < t->n; i++) {
			pb_series_t *s = NULL;
			pb_version_t *v = NULL;
			pb_patch_t *p = NULL;
			got[i] = "";
			if (pb_index_find(idx, t->msg[i].id, &s, &v, &p) == PB_OK && v &&
			    (p || strcmp(v->root->msgid, t->msg[i].id) == 0 ||
			     (v->cover && strcmp(v->cover->msgid, t->msg[i].id) == 0)))
				got[i] = s->id;
		}
		pbt_truth_score(ctx, t, got, &sc);
		printf(" series %zu exact %zu merged %zu split %zu", t->n_series, sc.exact, sc.merged, sc.split);
	}
	putchar('\n');
	pb_git_init();
	talloc_free(ctx);
	return 0;
}
