/* output.c: output into a file the user named (see patchbay/output.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "patchbay/output.h"
#include "core/base/util.h"

/* Into what PATH names, in place: a FIFO, a device, a terminal. */
static pb_status_t write_into(const char *path, bool truncate, const char *data, size_t len, pb_error_t *err)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | (truncate ? O_TRUNC : 0));
	if (fd < 0)
		return pb_error_set(err, PB_ERR_IO, "%s: %s", path, strerror(errno));
	if (_pb_write_all(fd, data, len) < 0) {
		int e = errno;
		close(fd);
		return pb_error_set(err, PB_ERR_IO, "%s: %s", path, strerror(e));
	}
	if (close(fd) < 0)
		return pb_error_set(err, PB_ERR_IO, "%s: %s", path, strerror(errno));
	return PB_OK;
}

/* Does the chain of links from PATH pass through /proc (the fd links
 * behind /dev/stdout and /dev/fd/N)?  Then it names a file some process
 * has open, not a place in the tree. */
static bool through_proc(const char *path)
{
	char cur[PATH_MAX], next[PATH_MAX];
	if (strlen(path) >= sizeof(cur))
		return false;
	strcpy(cur, path);
	for (int hop = 0; hop < 40; hop++) {
		ssize_t n;
		if (strncmp(cur, "/proc/", 6) == 0)
			return true;
		n = readlink(cur, next, sizeof(next) - 1);
		if (n < 0)
			return false;
		next[n] = '\0';
		if (next[0] != '/') {
			/* relative to the link's folder */
			char *slash = strrchr(cur, '/');
			size_t dl = slash ? (size_t)(slash - cur) + 1 : 0;
			if (dl + (size_t)n >= sizeof(cur))
				return false;
			memmove(cur + dl, next, (size_t)n + 1);
		} else {
			memcpy(cur, next, (size_t)n + 1);
		}
	}
	return false;
}

pb_status_t pb_output_file(const char *path, const char *data, size_t len, pb_error_t *err)
{
	struct stat lst, st;
	char real[PATH_MAX];

	if (!path || !*path)
		return pb_error_set(err, PB_ERR_USAGE, "no output file named");
	if (lstat(path, &lst) < 0) {
		if (errno != ENOENT)
			return pb_error_set(err, PB_ERR_IO, "%s: %s", path, strerror(errno));
		return _pb_file_write_atomic(path, data, len, err);
	}
	if (S_ISREG(lst.st_mode))
		return _pb_file_write_atomic(path, data, len, err);
	if (S_ISDIR(lst.st_mode))
		return pb_error_set(err, PB_ERR_IO, "%s: %s", path, strerror(EISDIR));
	if (!S_ISLNK(lst.st_mode))
		return write_into(path, false, data, len, err); /* FIFO, device, socket */
	/* a link: what it names */
	if (stat(path, &st) < 0) {
		if (errno != ENOENT)
			return pb_error_set(err, PB_ERR_IO, "%s: %s", path, strerror(errno));
		/* (dangling: the file it names is made) */
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC, 0666);
		if (fd < 0)
			return pb_error_set(err, PB_ERR_IO, "%s: %s", path, strerror(errno));
		close(fd);
		if (!realpath(path, real))
			return pb_error_set(err, PB_ERR_IO, "%s: %s", path, strerror(errno));
		return _pb_file_write_atomic(real, data, len, err);
	}
	if (S_ISDIR(st.st_mode))
		return pb_error_set(err, PB_ERR_IO, "%s: %s", path, strerror(EISDIR));
	if (!S_ISREG(st.st_mode))
		return write_into(path, false, data, len, err);
	/* a regular file behind /proc's fd links (/dev/stdout, /dev/fd/N) is
	 * an open file of some process, not a name: write into it, as `>` */
	if (through_proc(path))
		return write_into(path, true, data, len, err);
	if (!realpath(path, real))
		return pb_error_set(err, PB_ERR_IO, "%s: %s", path, strerror(errno));
	return _pb_file_write_atomic(real, data, len, err);
}

pb_status_t pb_output_append(const char *path, const char *data, size_t len, pb_error_t *err)
{
	struct stat st;
	int fd, e;

	if (!path || !*path)
		return pb_error_set(err, PB_ERR_USAGE, "no output file named");
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOCTTY | O_CLOEXEC, 0644);
	if (fd < 0)
		return pb_error_set(err, PB_ERR_IO, "%s: %s", path, strerror(errno == EISDIR ? EISDIR : errno));
	if (fstat(fd, &st) < 0) {
		e = errno;
		close(fd);
		return pb_error_set(err, PB_ERR_IO, "%s: %s", path, strerror(e));
	}
	if (_pb_write_all(fd, data, len) < 0 || (S_ISREG(st.st_mode) && fsync(fd) < 0)) {
		e = errno;
		/* what the file held stays; what was added goes */
		if (S_ISREG(st.st_mode) && ftruncate(fd, st.st_size) == 0)
			(void)fsync(fd);
		close(fd);
		return pb_error_set(err, PB_ERR_IO, "%s: %s (the file is as it was)", path, strerror(e));
	}
	if (close(fd) < 0)
		return pb_error_set(err, PB_ERR_IO, "%s: %s", path, strerror(errno));
	return PB_OK;
}
