/* json.h: a small streaming JSON writer for the CLI's --json output: the
 * JSON back end of printer.h, through which the commands print. */
#ifndef PB_CLI_JSON_H
#define PB_CLI_JSON_H

#include <stdbool.h>
#include <stdio.h>

typedef struct json {
	FILE *out;
	int depth;
	bool first[64];  /* no comma needed yet at this depth */
	bool after_key;
	int indent;      /* spaces per level; 0 for one line */
} json_t;

void json_init(json_t *j, FILE *out, int indent);
void json_begin_obj(json_t *j);
void json_begin_arr(json_t *j);
void json_end_obj(json_t *j);
void json_end_arr(json_t *j);
void json_key(json_t *j, const char *k);
void json_str(json_t *j, const char *s); /* NULL writes null */
void json_int(json_t *j, long long v);
void json_bool(json_t *j, bool v);
void json_null(json_t *j);
/* key + value shorthands */
void json_kstr(json_t *j, const char *k, const char *s);
void json_kint(json_t *j, const char *k, long long v);
void json_kbool(json_t *j, const char *k, bool v);

#endif
