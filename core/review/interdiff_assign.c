/* interdiff_assign.c: least-cost assignment (the Hungarian method).
 *
 * Rows are taken one at a time; for each, a shortest augmenting path over
 * reduced costs (cost minus row and column potentials) is grown by
 * Dijkstra's rule until it reaches a free column, then the matching is
 * flipped along the path. Potentials keep every reduced cost >= 0, so the
 * result is optimal. O(n^3) time, O(n) extra memory. git's
 * linear-assignment.c (Jonker-Volgenant) solves the same problem. */
#include <limits.h>
#include <stdbool.h>

#include <talloc.h>

#include "patchbay/interdiff.h"

pb_status_t pb_interdiff_assign(TALLOC_CTX *mem_ctx, int *out, const int *cost, size_t n)
{
	/* 1-based: column 0 is the virtual start of every path */
	long long *u, *v, *minv;
	size_t *row_of, *prev;
	bool *used;
	void *tmp;

	if (n == 0)
		return PB_OK;
	tmp = talloc_new(mem_ctx);
	u = talloc_zero_array(tmp, long long, n + 1);
	v = talloc_zero_array(tmp, long long, n + 1);
	minv = talloc_array(tmp, long long, n + 1);
	row_of = talloc_zero_array(tmp, size_t, n + 1);
	prev = talloc_zero_array(tmp, size_t, n + 1);
	used = talloc_array(tmp, bool, n + 1);
	if (!u || !v || !minv || !row_of || !prev || !used) {
		talloc_free(tmp);
		return PB_ERR_NOMEM;
	}
	for (size_t r = 1; r <= n; r++) {
		size_t col = 0;
		row_of[0] = r;
		for (size_t c = 0; c <= n; c++) {
			minv[c] = LLONG_MAX;
			used[c] = false;
		}
		do {
			size_t row = row_of[col], next = 0;
			long long delta = LLONG_MAX;
			used[col] = true;
			for (size_t c = 1; c <= n; c++) {
				long long red;
				if (used[c])
					continue;
				red = (long long)cost[(row - 1) * n + (c - 1)] - u[row] - v[c];
				if (red < minv[c]) {
					minv[c] = red;
					prev[c] = col;
				}
				if (minv[c] < delta) {
					delta = minv[c];
					next = c;
				}
			}
			for (size_t c = 0; c <= n; c++) {
				if (used[c]) {
					u[row_of[c]] += delta;
					v[c] -= delta;
				} else {
					minv[c] -= delta;
				}
			}
			col = next;
		} while (row_of[col] != 0);
		/* flip the path back to the start */
		while (col) {
			size_t p = prev[col];
			row_of[col] = row_of[p];
			col = p;
		}
	}
	for (size_t c = 1; c <= n; c++)
		out[row_of[c] - 1] = (int)(c - 1);
	talloc_free(tmp);
	return PB_OK;
}
