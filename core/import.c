/* import.c: open an mbox file or a maildir as `mutt -f` does, through a
 * private notmuch database under the cache dir. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <notmuch.h>

#include "patchbay/index.h"
#include "patchbay/mbox.h"
#include "core/util.h"

struct import {
	notmuch_database_t *db;
	char *dir;
	unsigned seq;
	unsigned indexed;
	pb_error_t *err;
	int failed;
};

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int index_one(struct import *im, const char *data, size_t len)
{
	char *path = talloc_asprintf(NULL, "%s/cur/%08u:2,", im->dir, im->seq++);
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

/* Files of a maildir (cur/ and new/), or of a plain folder of mail files. */
static int walk_maildir(struct import *im, const char *src, char **stamp, TALLOC_CTX *ctx)
{
	static const char *const subs[] = {"cur", "new", "", NULL};
	unsigned files = 0;
	long long newest = 0;
	for (int s = 0; subs[s]; s++) {
		char *d = talloc_asprintf(ctx, "%s/%s", src, subs[s]);
		DIR *dh = d ? opendir(d) : NULL;
		struct dirent *de;
		if (!dh)
			continue;
		while ((de = readdir(dh))) {
			char *p;
			struct stat st;
			if (de->d_name[0] == '.')
				continue;
			p = talloc_asprintf(ctx, "%s/%s", d, de->d_name);
			if (!p || stat(p, &st) < 0 || !S_ISREG(st.st_mode)) {
				talloc_free(p);
				continue;
			}
			files++;
			if ((long long)st.st_mtime > newest)
				newest = (long long)st.st_mtime;
			if (im) {
				char *data;
				size_t len;
				if (_pb_file_read(ctx, &data, &len, p, im->err) == PB_OK) {
					if (index_one(im, data, len) < 0) {
						talloc_free(data);
						closedir(dh);
						return -1;
					}
					talloc_free(data);
				}
			}
			talloc_free(p);
		}
		closedir(dh);
	}
	if (stamp)
		*stamp = talloc_asprintf(ctx, "dir %u %lld", files, newest);
	return 0;
}

int pb_index_import(TALLOC_CTX *mem_ctx, char **db_path, const char *file, const char *cache_dir,
		    pb_error_t *err)
{
	char abs[PATH_MAX], h[41];
	struct stat st;
	void *tmp = talloc_new(NULL);
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
	_pb_sha1_hex(h, abs, strlen(abs));
	dir = talloc_asprintf(tmp, "%s/files/%.16s", base, h);
	stamp_file = talloc_asprintf(tmp, "%s/stamp", dir);
	if (S_ISDIR(st.st_mode)) {
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
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	if ((rc = _pb_mkdir_p(talloc_asprintf(tmp, "%s/cur", dir), err)))
		goto out;
	nst = notmuch_database_create_with_config(dir, "", NULL, &im.db, &msg);
	if (nst != NOTMUCH_STATUS_SUCCESS) {
		rc = pb_error_set(err, PB_ERR_NOTMUCH, "cannot create a notmuch database in %s: %s%s%s", dir,
				  notmuch_status_to_string(nst), msg ? ": " : "", msg ? msg : "");
		free(msg);
		goto out;
	}
	im.dir = dir;
	im.err = err;
	notmuch_database_begin_atomic(im.db);
	if (S_ISDIR(st.st_mode)) {
		walk_maildir(&im, abs, NULL, tmp);
	} else {
		char *data;
		size_t len;
		if ((rc = _pb_file_read(tmp, &data, &len, abs, err))) {
			notmuch_database_destroy(im.db);
			goto out;
		}
		pb_mbox_split(data, len, mbox_cb, &im);
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
