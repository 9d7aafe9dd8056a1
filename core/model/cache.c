/* cache.c: a flat binary file of records. Strings are stored NUL-terminated
 * after a 32-bit length, so that a loaded file is used in place. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string.h>

#include "core/model/cache.h"
#include "core/base/util.h"

#define MAGIC "patchbay-records-18\n"
#define MAGIC_DELTA "patchbay-records-delta-17\n"
#define DELTA ".delta"
#define NONE 0xffffffffu

/* Written through a buffer of a megabyte to the file FD (-1: only in
 * memory): a 100k-message cache is some 60 MB, which must not be held
 * whole (twice, while the buffer doubles) at the peak of a cold build. */
#define WBUF_CAP (1u << 20)
/* Records a chunk of the base file: the reader decodes chunks on threads
 * of their own, from where the chunk table says each starts (about 100
 * at 100k messages, for the threads to share out). */
#define CHUNK_RECS 1024

struct wbuf {
	TALLOC_CTX *ctx;  /* owns d */
	char *d;
	size_t len, cap;
	size_t pos;       /* bytes written so far, buffered or not */
	bool oom;
	int fd;
	int err;  /* errno of a failed write, or 0 */
};

static void w_flush(struct wbuf *w)
{
	if (w->fd >= 0 && w->len && !w->err && _pb_write_all(w->fd, w->d, w->len) < 0)
		w->err = errno ? errno : EIO;
	w->len = 0;
}

static void w_raw(struct wbuf *w, const void *p, size_t n)
{
	if (w->oom || w->err)
		return;
	w->pos += n;
	if (w->fd >= 0 && w->len + n > WBUF_CAP) {
		w_flush(w);
		if (n > WBUF_CAP) {
			if (!w->err && _pb_write_all(w->fd, p, n) < 0)
				w->err = errno ? errno : EIO;
			return;
		}
	}
	if (w->len + n > w->cap) {
		size_t nc = w->cap ? w->cap : 1 << 16;
		char *nd;
		while (nc < w->len + n)
			nc *= 2;
		nd = talloc_realloc_size(w->ctx, w->d, nc);
		if (!nd) {
			w->oom = true;
			return;
		}
		w->d = nd;
		w->cap = nc;
	}
	memcpy(w->d + w->len, p, n);
	w->len += n;
}

static void w_u32(struct wbuf *w, uint32_t v)
{
	w_raw(w, &v, sizeof(v));
}

static void w_i64(struct wbuf *w, int64_t v)
{
	w_raw(w, &v, sizeof(v));
}

static void w_str(struct wbuf *w, const char *s)
{
	if (!s) {
		w_u32(w, NONE);
		return;
	}
	uint32_t n = (uint32_t)strlen(s);
	w_u32(w, n);
	w_raw(w, s, n + 1);
}

struct rbuf {
	char *p, *end;
	bool bad;
};

/* Bytes left to read; 0 (never a wrapped difference) once P is past END. */
static size_t r_left(const struct rbuf *r)
{
	return r->p < r->end ? (size_t)(r->end - r->p) : 0;
}

static uint32_t r_u32(struct rbuf *r)
{
	uint32_t v = 0;
	if (r->bad || r_left(r) < sizeof(v)) {
		r->bad = true;
		return 0;
	}
	memcpy(&v, r->p, sizeof(v));
	r->p += sizeof(v);
	return v;
}

static int64_t r_i64(struct rbuf *r)
{
	int64_t v = 0;
	if (r->bad || r_left(r) < sizeof(v)) {
		r->bad = true;
		return 0;
	}
	memcpy(&v, r->p, sizeof(v));
	r->p += sizeof(v);
	return v;
}

static const char *r_str(struct rbuf *r)
{
	uint32_t n = r_u32(r);
	const char *s;
	if (r->bad || n == NONE)
		return NULL;
	if (r_left(r) < (size_t)n + 1 || r->p[n] != '\0') {
		r->bad = true;
		return NULL;
	}
	s = r->p;
	r->p += n + 1;
	return s;
}

static const char *r_str_nn(struct rbuf *r)
{
	const char *s = r_str(r);
	return s ? s : "";
}

/* The writer of each kind of PB_MSGREC_FIELDS (record.h). */
#define W_STR(f) w_str(w, r->f);
#define W_PERSON(f) w_str(w, r->f.name); w_str(w, r->f.email);
#define W_I64(f) w_i64(w, r->f);
#define W_IDS(v, n)                                  \
	w_u32(w, r->n);                              \
	for (uint32_t k = 0; k < r->n; k++)          \
		w_str(w, r->v[k]);
#define W_TRAILERS(v, n)                             \
	w_u32(w, r->n);                              \
	for (uint32_t k = 0; k < r->n; k++)          \
		w_trailer(w, &r->v[k]);
#define W_I16(f) w_u32(w, (uint32_t)(uint16_t)r->f);
#define W_U32(f) w_u32(w, r->f);

static void w_trailer(struct wbuf *w, const pb_trailer_t *r)
{
	PB_TRAILER_FIELDS(W_STR, W_STR, W_U32)
}

static void w_rec(struct wbuf *w, const pb_msgrec_t *r)
{
	PB_MSGREC_FIELDS(W_STR, W_STR, W_PERSON, W_I64, W_IDS, W_TRAILERS, W_I16, W_U32, W_U32)
}

#define C_NONE(...)
#define C_IDS(v, n) *nrefs += r->n;
#define C_TRAILERS(v, n) *ntr += r->n;

/* Add R's Message-ID lists to *NREFS and its trailers to *NTR: the pools
 * the reader fills. */
static void count_pools(const pb_msgrec_t *r, size_t *nrefs, size_t *ntr)
{
	PB_MSGREC_FIELDS(C_NONE, C_NONE, C_NONE, C_NONE, C_IDS, C_TRAILERS, C_NONE, C_NONE, C_NONE)
}

/* The model (4-byte aligned in the file, so it is read in place), the
 * memo, the end mark; then the file is flushed, synced, closed and renamed
 * over PATH. */
static int w_finish(struct wbuf *w, const char *tmp, const char *path, const char *model, size_t model_len,
		    const char *memo, size_t memo_len, pb_error_t *err)
{
	size_t written;
	int rc = PB_OK;
	w_i64(w, model ? (int64_t)model_len : -1);
	written = (size_t)lseek(w->fd, 0, SEEK_CUR) + w->len;
	while (written % 4) {
		w_raw(w, "", 1);
		written++;
	}
	if (model)
		w_raw(w, model, model_len);
	w_i64(w, memo ? (int64_t)memo_len : -1);
	if (memo)
		w_raw(w, memo, memo_len);
	w_raw(w, "END\n", 4);
	w_flush(w);
	talloc_free(w->d);
	if (w->oom)
		rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory writing the cache");
	else if (w->err)
		rc = pb_error_set(err, PB_ERR_IO, "%s: %s", tmp, strerror(w->err));
	else if (fsync(w->fd) < 0)
		rc = pb_error_set(err, PB_ERR_IO, "%s: %s", tmp, strerror(errno));
	if (close(w->fd) < 0 && rc == PB_OK)
		rc = pb_error_set(err, PB_ERR_IO, "%s: %s", tmp, strerror(errno));
	if (rc == PB_OK && rename(tmp, path) < 0)
		rc = pb_error_set(err, PB_ERR_IO, "%s: %s", path, strerror(errno));
	if (rc)
		unlink(tmp);
	return rc;
}

static int w_open(struct wbuf *w, const char *tmp, pb_error_t *err)
{
	w->fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (w->fd < 0)
		return pb_error_set(err, PB_ERR_IO, "%s: %s", tmp, strerror(errno));
	return PB_OK;
}

int _pb_cache_save(TALLOC_CTX *mem_ctx, const char *path, uint64_t gen, const char *uuid, const char *scope,
		   unsigned long revision, const pb_msgrec_t *recs, size_t n, const char *model, size_t model_len,
		   const char *memo, size_t memo_len, pb_error_t *err)
{
	struct wbuf w = {.ctx = mem_ctx};
	size_t nrefs = 0, ntr = 0, table_at, nch = 0;
	uint64_t *chunks;
	int64_t table;
	char *tmp = talloc_asprintf(mem_ctx, "%s.tmp.%ld", path, (long)getpid());
	char *delta = talloc_asprintf(mem_ctx, "%s%s", path, DELTA);
	int rc;

	if (!tmp || !delta) {
		talloc_free(tmp);
		talloc_free(delta);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory writing the cache");
	}
	/* the pools' sizes for the header, and where each chunk starts in
	 * them for the table */
	chunks = talloc_array(tmp, uint64_t, 4 * ((n + CHUNK_RECS - 1) / CHUNK_RECS + 1));
	if (!chunks) {
		rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory writing the cache");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (i % CHUNK_RECS == 0) {
			chunks[4 * nch] = i;
			chunks[4 * nch + 2] = nrefs;
			chunks[4 * nch + 3] = ntr;
			nch++;
		}
		count_pools(&recs[i], &nrefs, &ntr);
	}
	if ((rc = w_open(&w, tmp, err)))
		goto out;
	w_raw(&w, MAGIC, sizeof(MAGIC) - 1);
	w_str(&w, uuid);
	w_str(&w, scope);
	w_i64(&w, (int64_t)revision);
	w_i64(&w, (int64_t)gen);
	w_i64(&w, (int64_t)n);
	w_i64(&w, (int64_t)nrefs);
	w_i64(&w, (int64_t)ntr);
	/* where the chunk table is, once known (written over below) */
	table_at = w.pos;
	w_i64(&w, -1);
	for (size_t i = 0; i < n; i++) {
		if (i % CHUNK_RECS == 0)
			chunks[4 * (i / CHUNK_RECS) + 1] = w.pos;
		w_rec(&w, &recs[i]);
	}
	/* the chunk table: how many, then each one's first record and where
	 * it starts in the file and in the two pools */
	table = w.pos;
	w_i64(&w, (int64_t)nch);
	for (size_t k = 0; k < 4 * nch; k++)
		w_i64(&w, (int64_t)chunks[k]);
	w_flush(&w);
	if (!w.err && !w.oom && pwrite(w.fd, &table, sizeof(table), (off_t)table_at) != (ssize_t)sizeof(table))
		w.err = errno ? errno : EIO;
	/* a delta of the file this one replaces is of no use now */
	if ((rc = w_finish(&w, tmp, path, model, model_len, memo, memo_len, err)) == PB_OK)
		unlink(delta);
out:
	talloc_free(tmp);
	talloc_free(delta);
	return rc;
}

int _pb_cache_save_delta(TALLOC_CTX *mem_ctx, const char *path, uint64_t gen, const char *uuid,
			 const char *scope, unsigned long revision, const pb_msgrec_t *recs, size_t n,
			 size_t base_n, const uint32_t *changed, size_t n_changed, const char *model,
			 size_t model_len, const char *memo, size_t memo_len, pb_error_t *err)
{
	struct wbuf w = {.ctx = mem_ctx};
	size_t nrefs = 0, ntr = 0, k = 0;
	char *delta = talloc_asprintf(mem_ctx, "%s%s", path, DELTA);
	char *tmp = talloc_asprintf(mem_ctx, "%s%s.tmp.%ld", path, DELTA, (long)getpid());
	int rc;

	if (!tmp || !delta) {
		talloc_free(tmp);
		talloc_free(delta);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory writing the cache");
	}
	if (base_n > n) {
		rc = pb_error_set(err, PB_ERR_USAGE, "a delta cannot drop records");
		goto out;
	}
	for (size_t i = 0; i < n_changed; i++)
		if (changed[i] < base_n) {
			count_pools(&recs[changed[i]], &nrefs, &ntr);
			k++;
		}
	for (size_t i = base_n; i < n; i++)
		count_pools(&recs[i], &nrefs, &ntr);
	k += n - base_n;
	if ((rc = w_open(&w, tmp, err)))
		goto out;
	w_raw(&w, MAGIC_DELTA, sizeof(MAGIC_DELTA) - 1);
	w_str(&w, uuid);
	w_str(&w, scope);
	w_i64(&w, (int64_t)revision);
	w_i64(&w, (int64_t)gen);
	w_i64(&w, (int64_t)base_n);
	w_i64(&w, (int64_t)n);
	w_i64(&w, (int64_t)k);
	w_i64(&w, (int64_t)nrefs);
	w_i64(&w, (int64_t)ntr);
	/* each record after the slot it takes: a record of the base file it
	 * replaces, or the next one after them */
	for (size_t i = 0; i < n_changed; i++)
		if (changed[i] < base_n) {
			w_u32(&w, changed[i]);
			w_rec(&w, &recs[changed[i]]);
		}
	for (size_t i = base_n; i < n; i++) {
		w_u32(&w, (uint32_t)i);
		w_rec(&w, &recs[i]);
	}
	rc = w_finish(&w, tmp, delta, model, model_len, memo, memo_len, err);
out:
	talloc_free(tmp);
	talloc_free(delta);
	return rc;
}

struct mapping {
	void *addr;
	size_t len;
};

static int unmap(struct mapping *m)
{
	munmap(m->addr, m->len);
	return 0;
}

/* Map PATH read-only under CTX (unmapped with it). */
static int map_file(TALLOC_CTX *ctx, char **out, size_t *len, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	struct mapping *m;
	void *addr;
	if (fd < 0)
		return PB_ERR_IO;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
		close(fd);
		return PB_ERR_IO;
	}
	addr = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (addr == MAP_FAILED)
		return PB_ERR_IO;
	m = talloc(ctx, struct mapping);
	if (!m) {
		munmap(addr, (size_t)st.st_size);
		return PB_ERR_NOMEM;
	}
	m->addr = addr;
	m->len = (size_t)st.st_size;
	talloc_set_destructor(m, unmap);
	*out = addr;
	*len = m->len;
	return PB_OK;
}

/* A count and that many Message-IDs into *V, from the pool (*ri of nrefs
 * used). */
static bool r_ids(struct rbuf *r, const char ***v, uint32_t *n, const char **refpool, size_t *ri, size_t nrefs)
{
	*n = r_u32(r);
	if (r->bad || *ri + *n > nrefs)
		return false;
	*v = refpool + *ri;
	for (uint32_t k = 0; k < *n; k++)
		refpool[(*ri)++] = r_str_nn(r);
	return true;
}

/* R_* read one kind of PB_MSGREC_FIELDS into M; the lists come from the
 * pools (*ri of nrefs, *ti of ntr used). */
#define R_STR(f) m->f = (void *)r_str_nn(r);
#define R_OPT(f) m->f = (void *)r_str(r);
#define R_PERSON(f) R_STR(f.name) R_STR(f.email)
#define R_I64(f) m->f = r_i64(r);
#define R_IDS(v, n)                                                  \
	if (!r_ids(r, &m->v, &m->n, refpool, ri, nrefs))             \
		return false;
#define R_TRAILERS(v, n)                                             \
	if (!r_trailers(r, &m->v, &m->n, trpool, ti, ntr, m->msgid)) \
		return false;
#define R_I16(f) m->f = (int16_t)(uint16_t)r_u32(r);
#define R_U16(f) m->f = (uint16_t)r_u32(r);
#define R_U32(f) m->f = r_u32(r);

/* A count and that many trailers of the record MSGID into *V, from the
 * pool (*ti of ntr used). */
static bool r_trailers(struct rbuf *r, pb_trailer_t **v, uint32_t *n, pb_trailer_t *trpool, size_t *ti, size_t ntr,
		       const char *msgid)
{
	*n = r_u32(r);
	if (r->bad || *ti + *n > ntr)
		return false;
	*v = trpool + *ti;
	for (uint32_t k = 0; k < *n; k++) {
		pb_trailer_t *m = &trpool[(*ti)++];
		PB_TRAILER_FIELDS(R_STR, R_OPT, R_U32)
		m->msgid = msgid;
		m->from_version = 0;
	}
	return true;
}

/* One record from R into M. False: the file is damaged. */
static bool r_rec(struct rbuf *r, pb_msgrec_t *m, const char **refpool, size_t *ri, size_t nrefs,
		  pb_trailer_t *trpool, size_t *ti, size_t ntr)
{
	PB_MSGREC_FIELDS(R_STR, R_OPT, R_PERSON, R_I64, R_IDS, R_TRAILERS, R_I16, R_U16, R_U32)
	return !r->bad;
}

/* The model, the memo and the end mark. */
static bool r_finish(struct rbuf *r, const char *start, const char **model, size_t *model_len, const char **memo,
		     size_t *memo_len)
{
	int64_t ml = r_i64(r);
	/* (the padding, inside the file: a cut file ends here) */
	while (!r->bad && r->p < r->end && (size_t)(r->p - start) % 4)
		r->p++;
	*model = NULL;
	*memo = NULL;
	if (ml >= 0) {
		if (r->bad || (uint64_t)ml > r_left(r) || r_left(r) - (size_t)ml < 4)
			return false;
		*model = r->p;
		*model_len = (size_t)ml;
		r->p += ml;
	}
	ml = r_i64(r);
	if (ml >= 0) {
		if (r->bad || (uint64_t)ml > r_left(r) || r_left(r) - (size_t)ml < 4)
			return false;
		*memo = r->p;
		*memo_len = (size_t)ml;
		r->p += ml;
	}
	return !r->bad && r_left(r) == 4 && memcmp(r->p, "END\n", 4) == 0;
}

/* The delta beside the base file C was loaded from (PATH.delta), when it
 * belongs to it: its records replace and follow the base's, its revision,
 * model and memo are the newer. A delta that does not belong or is
 * damaged is passed over: the base alone is a true, older cache. */
static void load_delta(_pb_cache_t *c, const char *path)
{
	char *file = talloc_asprintf(c, "%s%s", path, DELTA), *buf = NULL;
	TALLOC_CTX *d = talloc_new(c);
	struct rbuf r;
	size_t len, base_n, n, k, nrefs, ntr, ri = 0, ti = 0;
	const char **refpool;
	pb_trailer_t *trpool;
	pb_msgrec_t *recs;
	uint32_t *changed;
	size_t n_changed = 0, next;
	unsigned long revision;
	const char *uuid, *scope, *model, *memo;
	size_t model_len = 0, memo_len = 0;

	if (!file || !d || map_file(d, &buf, &len, file) != PB_OK)
		goto drop;
	r.p = buf;
	r.end = buf + len;
	r.bad = false;
	if (len < sizeof(MAGIC_DELTA) - 1 || memcmp(buf, MAGIC_DELTA, sizeof(MAGIC_DELTA) - 1) != 0)
		goto drop;
	r.p += sizeof(MAGIC_DELTA) - 1;
	uuid = r_str_nn(&r);
	scope = r_str_nn(&r);
	revision = (unsigned long)r_i64(&r);
	if ((uint64_t)r_i64(&r) != c->gen || r.bad)
		goto drop; /* the delta of another base file */
	base_n = (size_t)r_i64(&r);
	n = (size_t)r_i64(&r);
	k = (size_t)r_i64(&r);
	nrefs = (size_t)r_i64(&r);
	ntr = (size_t)r_i64(&r);
	if (r.bad || strcmp(uuid, c->uuid) || strcmp(scope, c->scope) || revision < c->revision ||
	    base_n != c->n || n < base_n || k > len || n - base_n > k || nrefs > len || ntr > len)
		goto drop;
	recs = talloc_array(d, pb_msgrec_t, n + 1024);
	changed = talloc_array(d, uint32_t, k ? k : 1);
	refpool = talloc_array(d, const char *, nrefs ? nrefs : 1);
	trpool = talloc_array(d, pb_trailer_t, ntr ? ntr : 1);
	if (!recs || !changed || !refpool || !trpool)
		goto drop;
	memcpy(recs, c->recs, base_n * sizeof(*recs));
	next = base_n;
	for (size_t i = 0; i < k; i++) {
		uint32_t slot = r_u32(&r);
		pb_msgrec_t m;
		if (r.bad || !r_rec(&r, &m, refpool, &ri, nrefs, trpool, &ti, ntr))
			goto drop;
		/* first the base's records it replaces, then the new ones in
		 * order */
		if (slot < base_n && next == base_n)
			changed[n_changed++] = slot;
		else if (slot != next++)
			goto drop;
		recs[slot] = m;
	}
	if (next != n || !r_finish(&r, buf, &model, &model_len, &memo, &memo_len))
		goto drop;
	/* the delta's strings stay where they are mapped, with the base's */
	talloc_free(c->recs);
	c->recs = talloc_steal(c, recs);
	c->n = n;
	c->cap = n + 1024;
	c->revision = revision;
	c->model = model;
	c->model_len = model_len;
	c->memo = memo;
	c->memo_len = memo_len;
	c->changed = talloc_steal(c, changed);
	c->n_changed = n_changed;
	talloc_steal(c, refpool);
	talloc_steal(c, trpool);
	talloc_free(file);
	return; /* (d keeps the mapping, under c) */
drop:
	talloc_free(d);
	talloc_free(file);
}

/* A chunk of the base file's records, as the chunk table places it. */
struct chunk {
	_pb_cache_t *c;
	const char **refpool;
	pb_trailer_t *trpool;
	char *from, *to;         /* its bytes */
	size_t first, last;      /* its records */
	size_t ri, ri_end, ti, ti_end; /* its share of the pools */
	bool ok;
};

/* (on a thread of _pb_parallel_for: each chunk writes its own records
 * and its own share of the pools, and allocates nothing) */
static void load_chunk(void *payload, size_t k)
{
	struct chunk *ch = &((struct chunk *)payload)[k];
	struct rbuf r = {ch->from, ch->to, false};
	size_t ri = ch->ri, ti = ch->ti;
	ch->ok = false;
	for (size_t i = ch->first; i < ch->last; i++)
		if (!r_rec(&r, &ch->c->recs[i], ch->refpool, &ri, ch->ri_end, ch->trpool, &ti, ch->ti_end))
			return;
	/* every byte, every reference and every trailer of the chunk read */
	ch->ok = r.p == ch->to && ri == ch->ri_end && ti == ch->ti_end;
}

/* The records of C from R (just past the header), by the chunk table, on
 * as many threads as there are CPUs; R ends past the table. False: the
 * file does not add up. */
static bool load_chunks(_pb_cache_t *c, struct rbuf *r, const char **refpool, size_t nrefs, pb_trailer_t *trpool,
			size_t ntr)
{
	int64_t at = r_i64(r);
	const char *start = r->p;
	struct rbuf t;
	size_t nch;
	struct chunk *ch;
	bool ok = true;
	if (r->bad || at < start - c->buf || at >= r->end - c->buf)
		return false;
	t.p = c->buf + at;
	t.end = r->end;
	t.bad = false;
	nch = (size_t)r_i64(&t);
	if (t.bad || nch > c->n || (c->n && !nch) || r_left(&t) / 32 < nch)
		return false;
	ch = talloc_zero_array(c, struct chunk, nch ? nch : 1);
	if (!ch)
		return false;
	for (size_t k = 0; k < nch; k++) {
		int64_t first = r_i64(&t), off = r_i64(&t), ri = r_i64(&t), ti = r_i64(&t);
		/* in order, inside the records, inside the pools: the first
		 * where the header ends (checked before any of it is used:
		 * a pointer made from a wild offset is undefined already) */
		if (t.bad || first < 0 || (uint64_t)first >= c->n || off < start - c->buf || off > at || ri < 0 ||
		    (uint64_t)ri > nrefs || ti < 0 || (uint64_t)ti > ntr ||
		    (k == 0 && (first || off != start - c->buf || ri || ti)) ||
		    (k > 0 && ((size_t)first <= ch[k - 1].first || c->buf + off < ch[k - 1].from ||
			       (size_t)ri < ch[k - 1].ri || (size_t)ti < ch[k - 1].ti))) {
			ok = false;
			break;
		}
		ch[k].c = c;
		ch[k].refpool = refpool;
		ch[k].trpool = trpool;
		ch[k].first = (size_t)first;
		ch[k].from = c->buf + off;
		ch[k].ri = (size_t)ri;
		ch[k].ti = (size_t)ti;
	}
	for (size_t k = 0; ok && k < nch; k++) {
		ch[k].last = k + 1 < nch ? ch[k + 1].first : c->n;
		ch[k].to = k + 1 < nch ? ch[k + 1].from : c->buf + at;
		ch[k].ri_end = k + 1 < nch ? ch[k + 1].ri : nrefs;
		ch[k].ti_end = k + 1 < nch ? ch[k + 1].ti : ntr;
	}
	if (ok && nch)
		_pb_parallel_for(nch, 0, load_chunk, ch);
	for (size_t k = 0; ok && k < nch; k++)
		ok = ch[k].ok;
	talloc_free(ch);
	/* (no records: the table follows the header) */
	if (ok && !nch && at != start - c->buf)
		ok = false;
	r->p = t.p;
	return ok;
}

int _pb_cache_load(TALLOC_CTX *mem_ctx, _pb_cache_t **out, const char *path, pb_error_t *err)
{
	_pb_cache_t *c = talloc_zero(mem_ctx, _pb_cache_t);
	struct rbuf r;
	size_t len, nrefs, ntr;
	const char **refpool;
	pb_trailer_t *trpool;
	int rc;

	if (!c)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	/* mapped, not read: records point into it, and a 60 MB cache of 100k
	 * messages is neither copied nor faulted in twice */
	rc = map_file(c, &c->buf, &len, path);
	if (rc) {
		talloc_free(c);
		return pb_error_set(err, PB_ERR_NOTFOUND, "no cache at %s", path);
	}
	r.p = c->buf;
	r.end = c->buf + len;
	r.bad = false;
	if (len < sizeof(MAGIC) - 1 || memcmp(c->buf, MAGIC, sizeof(MAGIC) - 1) != 0)
		goto bad;
	r.p += sizeof(MAGIC) - 1;
	c->uuid = (char *)r_str_nn(&r);
	c->scope = (char *)r_str_nn(&r);
	c->revision = (unsigned long)r_i64(&r);
	c->gen = (uint64_t)r_i64(&r);
	c->n = (size_t)r_i64(&r);
	nrefs = (size_t)r_i64(&r);
	ntr = (size_t)r_i64(&r);
	if (r.bad || c->n > len || nrefs > len || ntr > len)
		goto bad;
	/* every field is set below; room for what an update adds */
	c->cap = c->n + 1024;
	c->recs = talloc_array(c, pb_msgrec_t, c->cap);
	refpool = talloc_array(c, const char *, nrefs ? nrefs : 1);
	trpool = talloc_array(c, pb_trailer_t, ntr ? ntr : 1);
	if (!c->recs || !refpool || !trpool) {
		talloc_free(c);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory loading the cache");
	}
	if (!load_chunks(c, &r, refpool, nrefs, trpool, ntr))
		goto bad;
	if (!r_finish(&r, c->buf, &c->model, &c->model_len, &c->memo, &c->memo_len))
		goto bad;
	c->base_n = c->n;
	load_delta(c, path);
	*out = c;
	return PB_OK;
bad:
	talloc_free(c);
	return pb_error_set(err, PB_ERR_PARSE, "cache %s is damaged or from another version", path);
}
