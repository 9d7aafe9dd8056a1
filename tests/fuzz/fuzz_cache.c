/* fuzz_cache.c: the cache file, damaged any way: it is read like no cache
 * (an error) or decoded whole, never past its end. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tests/fuzz/fuzz.h"
#include "core/model/cache.h"
#include "core/model/link_priv.h"
#include "core/model/series_priv.h"

int PB_FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	static char path[64];
	void *ctx = talloc_new(NULL);
	_pb_cache_t *c = NULL;
	FILE *f;
	if (!path[0])
		snprintf(path, sizeof(path), "/tmp/pbfuzz-cache.%ld", (long)getpid());
	if ((f = fopen(path, "wb"))) {
		fwrite(data, 1, size, f);
		fclose(f);
		if (_pb_cache_load(ctx, &c, path, NULL) == 0 && c) {
			/* what the index decodes next: the grouped model, the memo */
			pb_series_set_t *set = NULL;
			struct memo m;
			struct memo_entry e;
			if (c->model)
				_pb_model_decode(ctx, &set, c->recs, c->n, c->model, c->model_len);
			if (c->memo) {
				_pb_memo_open(&m, c->memo, c->memo_len);
				if (_pb_memo_find(&m, 1, &e) && e.n)
					(void)_pb_memo_cand(&m, e.first);
			}
		}
		unlink(path);
	}
	talloc_free(ctx);
	return 0;
}
