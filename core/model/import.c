/* import.c: open an mbox file or a maildir as `mutt -f` does, through a
 * private notmuch database under the cache dir. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>

#include <notmuch.h>

#include "patchbay/index.h"
#include "patchbay/mail.h"
#include "patchbay/mbox.h"
#include "core/base/util.h"

struct import {
	TALLOC_CTX *ctx; /* (the import's, freed with it) */
	notmuch_database_t *db;
	char *dir;
	unsigned seq;
	unsigned indexed;
	pb_error_t *err;
	int failed;
};

static int index_one(struct import *im, const char *data, size_t len)
{
	char *path = talloc_asprintf(im->ctx, "%s/cur/%08u:2,", im->dir, im->seq++);
	notmuch_message_t *m = NULL;
	notmuch_status_t st;
	int rc;
	if (!path)
		return -1;
	if ((rc = _pb_file_write_atomic(path, data, len, im->err))) {
		talloc_free(path);
		im->failed = rc;
		return -1;
	}
	st = notmuch_database_index_file(im->db, path, NULL, &m);
	if (st == NOTMUCH_STATUS_SUCCESS || st == NOTMUCH_STATUS_DUPLICATE_MESSAGE_ID) {
		im->indexed++;
		notmuch_message_destroy(m);
	} else if (st != NOTMUCH_STATUS_FILE_NOT_EMAIL) {
		pb_error_set(im->err, PB_ERR_NOTMUCH, "indexing %s: %s", path, notmuch_status_to_string(st));
		im->failed = PB_ERR_NOTMUCH;
		talloc_free(path);
		return -1;
	}
	talloc_free(path);
	return 0;
}

static int mbox_cb(void *payload, const char *msg, size_t len)
{
	return index_one(payload, msg, len);
}

/* Every mail file under SRC: maildirs (cur/, new/, nested folders) and
 * plain folders of mail files alike; dot-files and tmp/ are skipped, as
 * notmuch new does. With IM, each file is indexed; STAMP gets a summary
 * (count and newest mtime) that changes when the folder does. With
 * SAMPLE, the walk keeps the paths of the first SAMPLE_MAX files found
 * (on CTX) and stops there. */
#define SAMPLE_MAX 8

struct walk {
	struct import *im;
	unsigned files;
	long long newest;
	TALLOC_CTX *ctx;
	char **sample;
	int n_sample;
};

static int walk_dir(struct walk *w, const char *dir, int depth)
{
	DIR *dh;
	struct dirent *de;
	if (depth > 16 || !(dh = opendir(dir)))
		return 0;
	while ((de = readdir(dh))) {
		char *p;
		struct stat st;
		if (de->d_name[0] == '.' || strcmp(de->d_name, "tmp") == 0)
			continue;
		p = talloc_asprintf(w->ctx, "%s/%s", dir, de->d_name);
		if (!p || stat(p, &st) < 0) {
			talloc_free(p);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			int rc = walk_dir(w, p, depth + 1);
			talloc_free(p);
			if (rc != 0) {
				closedir(dh);
				return rc;
			}
			continue;
		}
		if (!S_ISREG(st.st_mode)) {
			talloc_free(p);
			continue;
		}
		if (w->sample) {
			/* (1: enough, the walk ends) */
			w->sample[w->n_sample++] = p;
			if (w->n_sample == SAMPLE_MAX) {
				closedir(dh);
				return 1;
			}
			continue;
		}
		w->files++;
		if ((long long)st.st_mtime > w->newest)
			w->newest = (long long)st.st_mtime;
		if (w->im) {
			char *data;
			size_t len;
			if (_pb_file_read(w->ctx, &data, &len, p, w->im->err) == PB_OK) {
				int rc = index_one(w->im, data, len);
				talloc_free(data);
				if (rc < 0) {
					talloc_free(p);
					closedir(dh);
					return -1;
				}
			}
		}
		talloc_free(p);
	}
	closedir(dh);
	return 0;
}

/* Does the file at PATH start as mail does: a header field ("Name: ...")
 * or an mbox From_ line? */
static bool starts_as_mail(const char *path)
{
	char buf[256];
	ssize_t n;
	size_t i = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	if (strncmp(buf, "From ", 5) == 0)
		return true;
	while (i < (size_t)n && buf[i] > ' ' && buf[i] < 127 && buf[i] != ':')
		i++;
	return i > 0 && i < (size_t)n && buf[i] == ':';
}

/* A folder -f reads: a maildir (cur/, new/), a folder of maildirs, or a
 * folder of mail files. Anything else (a source tree, a home) is refused
 * before a file is read, as mutt -f refuses it: the first files that are
 * not mail say so. NULL when it is mail, else why not (on CTX). */
static char *not_mail_folder(TALLOC_CTX *ctx, const char *src)
{
	char *found[SAMPLE_MAX];
	struct walk w = {NULL, 0, 0, ctx, found, 0};
	struct stat st;
	char *cur = talloc_asprintf(ctx, "%s/cur", src), *new = talloc_asprintf(ctx, "%s/new", src);
	if (cur && new && stat(cur, &st) == 0 && S_ISDIR(st.st_mode) && stat(new, &st) == 0 && S_ISDIR(st.st_mode))
		return NULL; /* a maildir */
	walk_dir(&w, src, 0);
	for (int i = 0; i < w.n_sample; i++)
		if (!starts_as_mail(found[i]))
			return talloc_asprintf(ctx, "not a maildir, and %s is not mail", found[i]);
	return NULL;
}

static int walk_maildir(struct import *im, const char *src, char **stamp, TALLOC_CTX *ctx)
{
	struct walk w = {im, 0, 0, ctx, NULL, 0};
	if (walk_dir(&w, src, 0) < 0)
		return -1;
	if (stamp)
		*stamp = talloc_asprintf(ctx, "dir %u %lld", w.files, w.newest);
	return 0;
}

/* A gzip file (lore's t.mbox.gz) is read through GIO's zlib decompressor:
 * *DATA and *LEN are replaced by what it holds, on CTX. Anything else is
 * left as it is. */
static int gunzip_if(TALLOC_CTX *ctx, char **data, size_t *len, const char *name, pb_error_t *err)
{
	GConverter *z;
	char *out;
	size_t cap, n = 0, in = 0;
	GError *ge = NULL;
	if (*len < 2 || (unsigned char)(*data)[0] != 0x1f || (unsigned char)(*data)[1] != 0x8b)
		return PB_OK;
	z = G_CONVERTER(g_zlib_decompressor_new(G_ZLIB_COMPRESSOR_FORMAT_GZIP));
	cap = *len * 4 + 4096;
	out = talloc_size(ctx, cap + 1);
	if (!z || !out) {
		if (z)
			g_object_unref(z);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	for (;;) {
		gsize r = 0, w = 0;
		GConverterResult cr;
		if (cap - n < 65536) {
			char *more = talloc_realloc_size(ctx, out, cap * 2 + 1);
			if (!more) {
				g_object_unref(z);
				return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
			}
			out = more;
			cap *= 2;
		}
		cr = g_converter_convert(z, *data + in, *len - in, out + n, cap - n, G_CONVERTER_INPUT_AT_END, &r,
					 &w, &ge);
		in += r;
		n += w;
		if (cr == G_CONVERTER_ERROR || (cr != G_CONVERTER_FINISHED && r == 0 && w == 0)) {
			int rc = pb_error_set(err, PB_ERR_PARSE, "%s: not a readable gzip file: %s", name,
					      ge ? ge->message : "error");
			g_clear_error(&ge);
			g_object_unref(z);
			return rc;
		}
		if (cr == G_CONVERTER_FINISHED) {
			/* concatenated members (gzip -c a b) go on */
			if (in < *len) {
				g_converter_reset(z);
				continue;
			}
			break;
		}
	}
	g_object_unref(z);
	out[n] = '\0';
	talloc_free(*data);
	*data = out;
	*len = n;
	return PB_OK;
}

pb_status_t pb_index_import(TALLOC_CTX *mem_ctx, char **db_path, const char *file, const char *cache_dir,
			    pb_error_t *err)
{
	char abs[PATH_MAX], h[41];
	struct stat st;
	void *tmp = talloc_new(mem_ctx);
	char *base, *dir, *stamp_file, *stamp = NULL, *old = NULL, *msg = NULL;
	struct import im = {0};
	notmuch_status_t nst;
	int rc;

	if (!tmp)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if (!realpath(file, abs) || stat(abs, &st) < 0) {
		rc = pb_error_set(err, PB_ERR_IO, "%s: %s", file, strerror(errno));
		goto out;
	}
	base = cache_dir ? talloc_strdup(tmp, cache_dir) : _pb_cache_dir(tmp, err);
	if (!base) {
		rc = err ? err->status : PB_ERR_IO;
		goto out;
	}
	/* notmuch takes absolute database paths only: a relative --cache-dir
	 * (or XDG_CACHE_HOME) is the current directory's */
	if (base[0] != '/') {
		char cwd[PATH_MAX];
		if (!getcwd(cwd, sizeof(cwd))) {
			rc = pb_error_set(err, PB_ERR_IO, "%s: %s", base, strerror(errno));
			goto out;
		}
		base = talloc_asprintf(tmp, "%s/%s", cwd, base);
		if (!base) {
			rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
			goto out;
		}
	}
	_pb_sha1_hex(h, abs, strlen(abs));
	dir = talloc_asprintf(tmp, "%s/files/%.16s", base, h);
	stamp_file = talloc_asprintf(tmp, "%s/stamp", dir);
	if (S_ISDIR(st.st_mode)) {
		char *why = not_mail_folder(tmp, abs);
		if (why) {
			rc = pb_error_set(err, PB_ERR_USAGE, "%s: %s (give an mbox file or a maildir)", file, why);
			goto out;
		}
		if (walk_maildir(NULL, abs, &stamp, tmp) < 0 || !stamp) {
			rc = pb_error_set(err, PB_ERR_IO, "%s: cannot read the folder", file);
			goto out;
		}
	} else if (S_ISREG(st.st_mode)) {
		stamp = talloc_asprintf(tmp, "file %lld %lld.%09ld %llu", (long long)st.st_size,
					(long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
					(unsigned long long)st.st_ino);
	} else {
		rc = pb_error_set(err, PB_ERR_USAGE, "%s: not a file or a maildir", file);
		goto out;
	}
	stamp = talloc_asprintf(tmp, "patchbay-import-1 %s %s\n", stamp, abs);
	if (_pb_file_read(tmp, &old, NULL, stamp_file, NULL) == PB_OK && strcmp(old, stamp) == 0) {
		*db_path = talloc_strdup(mem_ctx, dir);
		rc = *db_path ? PB_OK : pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		goto out;
	}
	/* (re)build */
	_pb_rm_rf(dir);
	if ((rc = _pb_mkdir_p(talloc_asprintf(tmp, "%s/cur", dir), err)))
		goto out;
	pb_mail_init(); /* before libnotmuch's indexer first logs through GMime */
	nst = notmuch_database_create_with_config(dir, "", NULL, &im.db, &msg);
	if (nst != NOTMUCH_STATUS_SUCCESS) {
		rc = pb_error_set(err, PB_ERR_NOTMUCH, "cannot create a notmuch database in %s: %s%s%s", dir,
				  notmuch_status_to_string(nst), msg ? ": " : "", msg ? msg : "");
		free(msg);
		goto out;
	}
	im.ctx = tmp;
	im.dir = dir;
	im.err = err;
	notmuch_database_begin_atomic(im.db);
	if (S_ISDIR(st.st_mode)) {
		walk_maildir(&im, abs, NULL, tmp);
	} else {
		char *data;
		size_t len;
		if ((rc = _pb_file_read(tmp, &data, &len, abs, err)) ||
		    (rc = gunzip_if(tmp, &data, &len, file, err))) {
			notmuch_database_destroy(im.db);
			goto out;
		}
		pb_mbox_split(tmp, data, len, mbox_cb, &im);
	}
	notmuch_database_end_atomic(im.db);
	nst = notmuch_database_destroy(im.db);
	if (im.failed) {
		rc = im.failed;
		goto out;
	}
	if (nst != NOTMUCH_STATUS_SUCCESS) {
		rc = pb_error_set(err, PB_ERR_NOTMUCH, "writing the notmuch database: %s",
				  notmuch_status_to_string(nst));
		goto out;
	}
	if (im.indexed == 0) {
		rc = pb_error_set(err, PB_ERR_PARSE, "%s: no mail found", file);
		goto out;
	}
	if ((rc = _pb_file_write_atomic(stamp_file, stamp, strlen(stamp), err)))
		goto out;
	*db_path = talloc_strdup(mem_ctx, dir);
	rc = *db_path ? PB_OK : pb_error_set(err, PB_ERR_NOMEM, "out of memory");
out:
	talloc_free(tmp);
	return rc;
}
