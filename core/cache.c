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

#include "core/cache.h"
#include "core/util.h"

#define MAGIC "patchbay-records-9\n"
#define NONE 0xffffffffu

/* Written through a buffer of a megabyte to the file FD (-1: only in
 * memory): a 100k-message cache is some 60 MB, which must not be held
 * whole (twice, while the buffer doubles) at the peak of a cold build. */
#define WBUF_CAP (1u << 20)

struct wbuf {
	TALLOC_CTX *ctx;  /* owns d */
	char *d;
	size_t len, cap;
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

static uint32_t r_u32(struct rbuf *r)
{
	uint32_t v = 0;
	if (r->bad || (size_t)(r->end - r->p) < sizeof(v)) {
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
	if (r->bad || (size_t)(r->end - r->p) < sizeof(v)) {
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
	if ((size_t)(r->end - r->p) < (size_t)n + 1 || r->p[n] != '\0') {
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

int _pb_cache_save(TALLOC_CTX *mem_ctx, const char *path, const char *uuid, const char *scope,
		   unsigned long revision, const pb_msgrec_t *recs, size_t n, const char *model, size_t model_len,
		   const char *memo, size_t memo_len, pb_error_t *err)
{
	struct wbuf w = {.ctx = mem_ctx};
	size_t nrefs = 0, ntr = 0, written = 0;
	char *tmp = talloc_asprintf(mem_ctx, "%s.tmp.%ld", path, (long)getpid());
	int rc = PB_OK;

	if (!tmp)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory writing the cache");
	/* (the format keeps the model 4-byte aligned: count what is written) */
	w.fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (w.fd < 0) {
		rc = pb_error_set(err, PB_ERR_IO, "%s: %s", tmp, strerror(errno));
		talloc_free(tmp);
		return rc;
	}
	for (size_t i = 0; i < n; i++) {
		nrefs += recs[i].n_refs + recs[i].n_links + recs[i].n_deps;
		ntr += recs[i].n_trailers;
	}
	w_raw(&w, MAGIC, sizeof(MAGIC) - 1);
	w_str(&w, uuid);
	w_str(&w, scope);
	w_i64(&w, (int64_t)revision);
	w_i64(&w, (int64_t)n);
	w_i64(&w, (int64_t)nrefs);
	w_i64(&w, (int64_t)ntr);
	for (size_t i = 0; i < n; i++) {
		const pb_msgrec_t *r = &recs[i];
		w_str(&w, r->msgid);
		w_str(&w, r->thread);
		w_str(&w, r->file);
		w_str(&w, r->subject);
		w_str(&w, r->title);
		w_str(&w, r->tags);
		w_str(&w, r->sender.name);
		w_str(&w, r->sender.email);
		w_str(&w, r->author.name);
		w_str(&w, r->author.email);
		w_i64(&w, r->date);
		w_u32(&w, r->n_refs);
		for (uint32_t k = 0; k < r->n_refs; k++)
			w_str(&w, r->refs[k]);
		w_str(&w, r->patch_id);
		w_str(&w, r->change_id);
		w_str(&w, r->base_commit);
		w_u32(&w, r->n_links);
		for (uint32_t k = 0; k < r->n_links; k++)
			w_str(&w, r->links[k]);
		w_u32(&w, r->n_deps);
		for (uint32_t k = 0; k < r->n_deps; k++)
			w_str(&w, r->deps[k]);
		w_u32(&w, r->n_trailers);
		for (uint32_t k = 0; k < r->n_trailers; k++) {
			const pb_trailer_t *t = &r->trailers[k];
			w_str(&w, t->name);
			w_str(&w, t->value);
			w_str(&w, t->extinfo);
			w_str(&w, t->person.name);
			w_str(&w, t->person.email);
			w_u32(&w, t->flags);
		}
		w_u32(&w, (uint32_t)(uint16_t)r->version);
		w_u32(&w, (uint32_t)(uint16_t)r->index);
		w_u32(&w, (uint32_t)(uint16_t)r->total);
		w_u32(&w, r->sflags);
		w_u32(&w, r->mflags);
		w_u32(&w, r->rflags);
		w_u32(&w, r->files);
		w_u32(&w, r->added);
		w_u32(&w, r->removed);
		w_str(&w, r->paths);
		w_str(&w, r->user_links);
		w_u32(&w, r->changelog);
	}
	/* the model, 4-byte aligned in the file so it is read in place */
	w_i64(&w, model ? (int64_t)model_len : -1);
	written = (size_t)lseek(w.fd, 0, SEEK_CUR) + w.len;
	while (written % 4) {
		w_raw(&w, "", 1);
		written++;
	}
	if (model)
		w_raw(&w, model, model_len);
	w_i64(&w, memo ? (int64_t)memo_len : -1);
	if (memo)
		w_raw(&w, memo, memo_len);
	w_raw(&w, "END\n", 4);
	w_flush(&w);
	talloc_free(w.d);
	if (w.oom)
		rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory writing the cache");
	else if (w.err)
		rc = pb_error_set(err, PB_ERR_IO, "%s: %s", tmp, strerror(w.err));
	else if (fsync(w.fd) < 0)
		rc = pb_error_set(err, PB_ERR_IO, "%s: %s", tmp, strerror(errno));
	if (close(w.fd) < 0 && rc == PB_OK)
		rc = pb_error_set(err, PB_ERR_IO, "%s: %s", tmp, strerror(errno));
	if (rc == PB_OK && rename(tmp, path) < 0)
		rc = pb_error_set(err, PB_ERR_IO, "%s: %s", path, strerror(errno));
	if (rc)
		unlink(tmp);
	talloc_free(tmp);
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

int _pb_cache_load(TALLOC_CTX *mem_ctx, _pb_cache_t **out, const char *path, pb_error_t *err)
{
	_pb_cache_t *c = talloc_zero(mem_ctx, _pb_cache_t);
	struct rbuf r;
	size_t len, nrefs, ntr, ri = 0, ti = 0;
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
	for (size_t i = 0; i < c->n && !r.bad; i++) {
		pb_msgrec_t *m = &c->recs[i];
		m->msgid = r_str_nn(&r);
		m->thread = r_str_nn(&r);
		m->file = r_str_nn(&r);
		m->subject = r_str_nn(&r);
		m->title = r_str_nn(&r);
		m->tags = r_str_nn(&r);
		m->sender.name = (char *)r_str_nn(&r);
		m->sender.email = (char *)r_str_nn(&r);
		m->author.name = (char *)r_str_nn(&r);
		m->author.email = (char *)r_str_nn(&r);
		m->date = r_i64(&r);
		m->n_refs = r_u32(&r);
		if (ri + m->n_refs > nrefs)
			goto bad;
		m->refs = refpool + ri;
		for (uint32_t k = 0; k < m->n_refs; k++)
			refpool[ri++] = r_str_nn(&r);
		m->patch_id = r_str(&r);
		m->change_id = r_str(&r);
		m->base_commit = r_str(&r);
		m->n_links = r_u32(&r);
		if (ri + m->n_links > nrefs)
			goto bad;
		m->links = refpool + ri;
		for (uint32_t k = 0; k < m->n_links; k++)
			refpool[ri++] = r_str_nn(&r);
		m->n_deps = r_u32(&r);
		if (ri + m->n_deps > nrefs)
			goto bad;
		m->deps = refpool + ri;
		for (uint32_t k = 0; k < m->n_deps; k++)
			refpool[ri++] = r_str_nn(&r);
		m->n_trailers = r_u32(&r);
		if (ti + m->n_trailers > ntr)
			goto bad;
		m->trailers = trpool + ti;
		for (uint32_t k = 0; k < m->n_trailers; k++) {
			pb_trailer_t *t = &trpool[ti++];
			t->name = (char *)r_str_nn(&r);
			t->value = (char *)r_str_nn(&r);
			t->extinfo = (char *)r_str(&r);
			t->person.name = (char *)r_str(&r);
			t->person.email = (char *)r_str(&r);
			t->flags = r_u32(&r);
			t->msgid = m->msgid;
			t->from_version = 0;
		}
		m->version = (int16_t)(uint16_t)r_u32(&r);
		m->index = (int16_t)(uint16_t)r_u32(&r);
		m->total = (int16_t)(uint16_t)r_u32(&r);
		m->sflags = (uint16_t)r_u32(&r);
		m->mflags = r_u32(&r);
		m->rflags = r_u32(&r);
		m->files = r_u32(&r);
		m->added = r_u32(&r);
		m->removed = r_u32(&r);
		m->paths = r_str(&r);
		m->user_links = r_str(&r);
		m->changelog = r_u32(&r);
	}
	{
		int64_t ml = r_i64(&r);
		while (!r.bad && (size_t)(r.p - c->buf) % 4)
			r.p++;
		if (ml >= 0) {
			if (r.bad || (size_t)(r.end - r.p) < (size_t)ml + 4)
				goto bad;
			c->model = r.p;
			c->model_len = (size_t)ml;
			r.p += ml;
		}
		ml = r_i64(&r);
		if (ml >= 0) {
			if (r.bad || (size_t)(r.end - r.p) < (size_t)ml + 4)
				goto bad;
			c->memo = r.p;
			c->memo_len = (size_t)ml;
			r.p += ml;
		}
	}
	if (r.bad || (size_t)(r.end - r.p) != 4 || memcmp(r.p, "END\n", 4) != 0)
		goto bad;
	*out = c;
	return PB_OK;
bad:
	talloc_free(c);
	return pb_error_set(err, PB_ERR_PARSE, "cache %s is damaged or from another version", path);
}
