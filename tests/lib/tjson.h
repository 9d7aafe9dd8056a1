/* tjson.h: a small JSON reader for tests (corpus expectation files and
 * patchbay's --json output). Nodes live on a talloc context. */
#ifndef PB_TJSON_H
#define PB_TJSON_H

#include <stdbool.h>
#include <stddef.h>
#include <talloc.h>

typedef enum { TJ_NULL, TJ_BOOL, TJ_NUM, TJ_STR, TJ_ARR, TJ_OBJ } tj_type_t;

typedef struct tj {
	tj_type_t type;
	bool b;
	double num;
	char *str;          /* TJ_STR */
	struct tj **items;  /* TJ_ARR values, TJ_OBJ values */
	char **keys;        /* TJ_OBJ keys */
	size_t n;
} tj_t;

/* Parse TEXT; NULL on a syntax error (then *err_off is the offset). */
tj_t *tj_parse(TALLOC_CTX *ctx, const char *text, size_t *err_off);

/* Member KEY of an object, or NULL. */
tj_t *tj_get(const tj_t *obj, const char *key);

/* String of member KEY, or NULL. */
const char *tj_str(const tj_t *obj, const char *key);

#endif
