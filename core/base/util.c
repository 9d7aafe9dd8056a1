/* util.c: files, strings and clocks shared by core/. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "patchbay/mail.h"
#include "core/base/util.h"

pb_status_t _pb_file_read(TALLOC_CTX *mem_ctx, char **out, size_t *len, const char *path, pb_error_t *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf;
	size_t got = 0;

	if (fd < 0)
		return pb_error_set(err, PB_ERR_IO, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int e = errno;
		close(fd);
		return pb_error_set(err, PB_ERR_IO, "%s: %s", path,
				    S_ISDIR(st.st_mode) ? "is a directory" : strerror(e));
	}
	buf = talloc_size(mem_ctx, (size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory reading %s", path);
	}
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	buf[got] = '\0';
	*out = buf;
	if (len)
		*len = got;
	return PB_OK;
}

int _pb_write_all(int fd, const char *data, size_t len)
{
	size_t done = 0;
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		done += (size_t)w;
	}
	return 0;
}

pb_status_t _pb_file_write_atomic(const char *path, const char *data, size_t len, pb_error_t *err)
{
	/* the temporary name is made unique by mkostemp (O_EXCL): a name
	 * someone left there, or a link, is never written through */
	char tmp[PATH_MAX];
	struct stat st;
	mode_t mode = 0644;
	int fd, e;

	/* (no allocation: a longer name cannot be opened anyway) */
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path) >= sizeof(tmp))
		return pb_error_set(err, PB_ERR_IO, "%s: %s", path, strerror(ENAMETOOLONG));
	/* a file that is replaced keeps its mode */
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		mode = st.st_mode & 07777;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		/* errors name the file asked for: the temporary name is ours */
		pb_error_set(err, PB_ERR_IO, "%s: %s", path, strerror(errno));
		return PB_ERR_IO;
	}
	if (fchmod(fd, mode) < 0 || _pb_write_all(fd, data, len) < 0) {
		e = errno;
		close(fd);
		unlink(tmp);
		pb_error_set(err, PB_ERR_IO, "%s: %s", path, strerror(e));
		return PB_ERR_IO;
	}
	if (fsync(fd) < 0) {
		e = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		e = errno;
		goto fail;
	}
	return PB_OK;
fail:
	unlink(tmp);
	pb_error_set(err, PB_ERR_IO, "%s: %s", path, strerror(e));
	return PB_ERR_IO;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) < 0 && errno != ENOENT ? -1 : 0;
}

int _pb_rm_rf(const char *path)
{
	if (nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS) < 0)
		return errno == ENOENT ? 0 : -1;
	return 0;
}

pb_status_t _pb_mkdir_p(const char *path, pb_error_t *err)
{
	char p[PATH_MAX];
	if ((size_t)snprintf(p, sizeof(p), "%s", path) >= sizeof(p))
		return pb_error_set(err, PB_ERR_IO, "mkdir %s: %s", path, strerror(ENAMETOOLONG));
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST) {
			pb_error_set(err, PB_ERR_IO, "mkdir %s: %s", p, strerror(errno));
			return PB_ERR_IO;
		}
		*s = '/';
	}
	if (mkdir(p, 0700) < 0 && errno != EEXIST) {
		pb_error_set(err, PB_ERR_IO, "mkdir %s: %s", p, strerror(errno));
		return PB_ERR_IO;
	}
	return PB_OK;
}

char *_pb_str_from_bytes(TALLOC_CTX *ctx, const char *data, size_t len, unsigned *flags)
{
	const char *end = NULL;
	char *out;
	if (len == 0)
		return talloc_strdup(ctx, ""); /* GMime gives NULL data for an empty part */
	if (!memchr(data, '\0', len) && g_utf8_validate(data, (gssize)len, &end))
		return talloc_strndup(ctx, data, len);
	if (flags)
		*flags |= PB_MAIL_BAD_CHARSET;
	{
		/* replace NULs, then let GLib repair the rest */
		GString *gs = g_string_sized_new(len + 16);
		gchar *valid;
		for (size_t i = 0; i < len; i++) {
			if (data[i] == '\0')
				g_string_append(gs, "\xEF\xBF\xBD");
			else
				g_string_append_c(gs, data[i]);
		}
		valid = g_utf8_make_valid(gs->str, (gssize)gs->len);
		out = talloc_strdup(ctx, valid);
		g_free(valid);
		g_string_free(gs, TRUE);
	}
	return out;
}

void _pb_str_sanitize_utf8(char *s)
{
	const char *end;
	if (!s)
		return;
	while (!g_utf8_validate(s, -1, &end)) {
		char *e = (char *)end;
		if (!*e)
			break;
		*e = '?';
		s = e + 1;
	}
}

void _pb_str_collapse_ws(char *s)
{
	char *w = s;
	int sp = 1;
	if (!s)
		return;
	for (const char *r = s; *r; r++) {
		if (*r == ' ' || *r == '\t' || *r == '\r' || *r == '\n') {
			if (!sp)
				*w++ = ' ';
			sp = 1;
		} else {
			*w++ = *r;
			sp = 0;
		}
	}
	if (w > s && w[-1] == ' ')
		w--;
	*w = '\0';
}

void _pb_str_normalize_newlines(char *s)
{
	char *w = s;
	if (!s)
		return;
	for (const char *r = s; *r; r++) {
		if (*r == '\r') {
			if (r[1] == '\n')
				continue;
			*w++ = '\n';
			continue;
		}
		*w++ = *r;
	}
	*w = '\0';
}

void _pb_sha1_hex(char out[41], const void *data, size_t len)
{
	gchar *h = g_compute_checksum_for_data(G_CHECKSUM_SHA1, data, len);
	memcpy(out, h, 40);
	out[40] = '\0';
	g_free(h);
}

char *_pb_cache_dir(TALLOC_CTX *ctx, pb_error_t *err)
{
	const char *x = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	char *d;
	if (x && *x)
		d = talloc_asprintf(ctx, "%s/patchbay", x);
	else if (home && *home)
		d = talloc_asprintf(ctx, "%s/.cache/patchbay", home);
	else {
		pb_error_set(err, PB_ERR_IO, "neither XDG_CACHE_HOME nor HOME is set");
		return NULL;
	}
	if (!d) {
		pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		return NULL;
	}
	if (_pb_mkdir_p(d, err) != PB_OK) {
		talloc_free(d);
		return NULL;
	}
	return d;
}

double _pb_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

unsigned _pb_ncpu(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

struct pfor {
	void (*fn)(void *payload, size_t i);
	void *payload;
	size_t n;
	atomic_size_t next;
};

static void *pfor_worker(void *arg)
{
	struct pfor *pf = arg;
	size_t i;
	while ((i = atomic_fetch_add(&pf->next, 1)) < pf->n)
		pf->fn(pf->payload, i);
	return NULL;
}

void _pb_parallel_for(size_t n, unsigned threads, void (*fn)(void *payload, size_t i), void *payload)
{
	struct pfor pf = {fn, payload, n, 0};
	pthread_t tid[8];
	unsigned started = 0;
	if (threads == 0)
		threads = _pb_ncpu();
	if (threads > 8)
		threads = 8;
	if (threads > n)
		threads = (unsigned)n;
	for (unsigned t = 1; t < threads; t++)
		if (pthread_create(&tid[started], NULL, pfor_worker, &pf) == 0)
			started++;
	/* the caller works too; if no thread could start, it does it all */
	pfor_worker(&pf);
	for (unsigned t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
}

bool _pb_sort_keyed(TALLOC_CTX *scratch, struct _pb_keyed *d, size_t n)
{
	struct _pb_keyed *t, *from = d, *to;
	if (n < 2)
		return true;
	t = talloc_array(scratch, struct _pb_keyed, n);
	if (!t)
		return false;
	to = t;
	for (unsigned shift = 0; shift < 64; shift += 8) {
		size_t count[256] = {0}, at = 0;
		struct _pb_keyed *x;
		for (size_t k = 0; k < n; k++)
			count[(from[k].key >> shift) & 0xff]++;
		if (count[(from[0].key >> shift) & 0xff] == n)
			continue; /* (one byte for all: nothing to move) */
		for (unsigned b = 0; b < 256; b++) {
			size_t c = count[b];
			count[b] = at;
			at += c;
		}
		for (size_t k = 0; k < n; k++)
			to[count[(from[k].key >> shift) & 0xff]++] = from[k];
		/* (the buffers take turns) */
		x = from;
		from = to;
		to = x;
	}
	if (from != d)
		memcpy(d, from, n * sizeof(*d));
	talloc_free(t);
	return true;
}

void _pb_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *, void *), void *arg)
{
	char *b = base, tmp[64];
	if (n < 2)
		return;
	if (n > 16 || size > sizeof(tmp)) {
		qsort_r(base, n, size, cmp, arg);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		size_t j = i;
		if (cmp(b + (i - 1) * size, b + i * size, arg) <= 0)
			continue; /* (in order already: the common case) */
		memcpy(tmp, b + i * size, size);
		while (j > 0 && cmp(b + (j - 1) * size, tmp, arg) > 0) {
			memcpy(b + j * size, b + (j - 1) * size, size);
			j--;
		}
		memcpy(b + j * size, tmp, size);
	}
}
