/* tui_bench.c: the TUI's timings without a terminal, on a built index:
 *   first-screen  open the index (warm cache) and paint the series list
 *   open-series   open the tree of a series of 20 patches or more
 *   open-patch    open its first patch
 *   next-patch    go to the next patch (the mean over the series)
 *   list-step     move the list's cursor one line and paint (the mean over
 *                 50 steps down, then 50 up)
 * Each line is "name milliseconds", the median of RUNS runs.
 * Usage: tui_bench DB CACHE_DIR [RUNS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/views.h"

#define MAX_RUNS 64

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static const pb_series_t *big_series(const pb_series_set_t *set)
{
	for (size_t i = 0; i < set->n; i++)
		if (pb_series_latest(set->v[i])->n_patches >= 20)
			return set->v[i];
	return NULL;
}

int main(int argc, char **argv)
{
	static const char *const names[] = {"first-screen", "open-series", "open-patch", "next-patch", "list-step"};
	double t[5][MAX_RUNS];
	int runs = argc > 3 ? atoi(argv[3]) : 5;
	size_t patches = 0;
	if (argc < 3) {
		fprintf(stderr, "usage: tui_bench DB CACHE_DIR [RUNS]\n");
		return 2;
	}
	if (runs < 1 || runs > MAX_RUNS)
		runs = 5;
	for (int r = 0; r < runs; r++) {
		void *ctx = talloc_new(NULL);
		pb_index_opts_t io = {.db_path = argv[1], .cache_dir = argv[2]};
		tui_app_opts_t ao = {.rows = 24, .cols = 80};
		pb_error_t err = {0};
		const pb_series_t *s;
		const pb_version_t *v;
		pb_index_t *idx;
		tui_app_t *app;
		double t0 = tui_now(), t1;
		if (pb_index_open(ctx, &idx, &io, &err) || tui_app_new(ctx, &app, &ao)) {
			fprintf(stderr, "tui_bench: %s\n", pb_error_msg(&err));
			return 1;
		}
		tui_app_set_index(app, idx);
		tui_app_render(app);
		t1 = tui_now();
		t[0][r] = (t1 - t0) * 1000;
		t0 = tui_now();
		for (int k = 0; k < 100; k++) {
			tui_app_action(app, k < 50 ? TUI_ACT_NEXT : TUI_ACT_PREV);
			tui_app_render(app);
		}
		t[4][r] = (tui_now() - t0) * 1000 / 100;
		if (!(s = big_series(pb_index_series(idx)))) {
			/* (an archive of small series: the list alone) */
			t[1][r] = t[2][r] = t[3][r] = 0;
			talloc_free(ctx);
			continue;
		}
		v = pb_series_latest(s);
		patches = v->n_patches;
		t0 = tui_now();
		tui_app_push(app, tui_tree_new(app, pb_index_series(idx), s));
		tui_app_render(app);
		t1 = tui_now();
		t[1][r] = (t1 - t0) * 1000;
		t0 = tui_now();
		tui_app_push(app, tui_patch_new(app, pb_index_series(idx), v, v->cover ? 1 : 0));
		tui_app_render(app);
		t1 = tui_now();
		t[2][r] = (t1 - t0) * 1000;
		t0 = tui_now();
		for (size_t k = 1; k < v->n_patches; k++) {
			tui_app_action(app, TUI_ACT_NEXT_PATCH);
			tui_app_render(app);
		}
		t1 = tui_now();
		t[3][r] = (t1 - t0) * 1000 / (double)(v->n_patches - 1);
		talloc_free(ctx);
	}
	for (int k = 0; k < 5; k++)
		printf("%s %.3f\n", names[k], median(t[k], runs));
	printf("series-patches %zu\n", patches);
	return 0;
}
