/* util.h: helpers shared by core/ files. Private: not under include/. */
#ifndef PB_CORE_UTIL_H
#define PB_CORE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <talloc.h>

#include "patchbay/error.h"

/* The talloc null context, for the one kind of object core/ makes with no
 * owner: one handed to another thread or library, which frees it (talloc
 * trees are not shared across threads). Everything else is allocated under
 * the caller's context; `make check-layers` rejects a literal NULL parent
 * in core/. */
#define PB_TOPLEVEL ((TALLOC_CTX *)0)

/* Read a whole file into a NUL-terminated talloc buffer. */
pb_status_t _pb_file_read(TALLOC_CTX *mem_ctx, char **out, size_t *len, const char *path, pb_error_t *err);

/* Write all LEN bytes of DATA to FD, retrying short writes and EINTR.
 * 0, or -1 with errno set (a write of nothing counts as EIO). */
int _pb_write_all(int fd, const char *data, size_t len);

/* Write DATA to PATH atomically (a unique temp file in the same folder,
 * fsync, rename): all of it or nothing.  A file replaced keeps its mode; a
 * new one is 0644.  PATH is replaced whatever it is: for a name the user
 * gave, pb_output_file() (patchbay/output.h). */
pb_status_t _pb_file_write_atomic(const char *path, const char *data, size_t len, pb_error_t *err);

/* mkdir -p */
pb_status_t _pb_mkdir_p(const char *path, pb_error_t *err);

/* rm -rf: PATH and all below it, links not followed. 0 (also when PATH
 * is not there), or -1 with errno set. */
int _pb_rm_rf(const char *path);

/* Copy LEN bytes into a UTF-8 string: NUL bytes become U+FFFD, invalid
 * sequences are replaced; sets PB_MAIL_BAD_CHARSET in *flags then. */
char *_pb_str_from_bytes(TALLOC_CTX *ctx, const char *data, size_t len, unsigned *flags);

/* In place: replace invalid UTF-8 bytes with '?'. */
void _pb_str_sanitize_utf8(char *s);

/* In place: runs of blanks, tabs, CR and LF become one space; trimmed. */
void _pb_str_collapse_ws(char *s);

/* In place: CRLF and lone CR become LF. */
void _pb_str_normalize_newlines(char *s);

/* Lower-case hex SHA-1 of DATA into out[41]. */
void _pb_sha1_hex(char out[41], const void *data, size_t len);

/* $XDG_CACHE_HOME/patchbay (or ~/.cache/patchbay), created. */
char *_pb_cache_dir(TALLOC_CTX *ctx, pb_error_t *err);

/* Run fn(payload, i) for i in [0, n) on up to THREADS threads (the caller's
 * among them); returns when all are done. fn must not touch what other
 * indexes touch. THREADS 0: one per online CPU, at most 8. */
void _pb_parallel_for(size_t n, unsigned threads, void (*fn)(void *payload, size_t i), void *payload);

/* A value with a 64-bit key, for _pb_sort_keyed(). */
struct _pb_keyed {
	uint64_t key;
	uint32_t val;
};

/* Sort the N entries of D by key, stably (equal keys keep their order), by
 * radix: a byte a pass, passes where every key has the same byte skipped.
 * For the grouping's many sorts of thousands of dates and hashes, where a
 * comparison sort reading through a pointer costs a cache miss a
 * comparison. Scratch on SCRATCH, freed before it returns; false when that
 * cannot be had (D is left as it was). */
bool _pb_sort_keyed(TALLOC_CTX *scratch, struct _pb_keyed *d, size_t n);

/* qsort_r(3), stable, for the grouping's tens of thousands of sorts of a
 * handful (a version's patches, a series' versions, a posting's
 * candidates): up to 16 entries of up to 64 bytes by insertion, in
 * place, without a call of qsort's set-up each; more by qsort_r (glibc's
 * is a merge sort: stable too). */
void _pb_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *, void *), void *arg);

/* Online CPUs, at least 1. */
unsigned _pb_ncpu(void);

/* Monotonic clock in seconds. */
double _pb_now(void);

#endif
