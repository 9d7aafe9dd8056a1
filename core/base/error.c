/* error.c: status strings and error filling. */
#include <stdio.h>
#include <string.h>
#include <git2.h>

#include "patchbay/error.h"

static const char *const status_strings[] = {
#define PB_X_STR(name, msg) msg,
	PB_STATUS_LIST(PB_X_STR)
#undef PB_X_STR
};

const char *pb_status_str(pb_status_t st)
{
	if ((unsigned)st >= PB_STATUS_COUNT)
		return "unknown error";
	return status_strings[st];
}

pb_status_t pb_error_set(pb_error_t *err, pb_status_t st, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		err->status = st;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return st;
}

pb_status_t pb_error_git(pb_error_t *err, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		const git_error *ge = git_error_last();
		size_t n;
		err->status = PB_ERR_GIT;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
		n = strlen(err->msg);
		if (ge && ge->message && n + 3 < sizeof(err->msg))
			snprintf(err->msg + n, sizeof(err->msg) - n, ": %s", ge->message);
	}
	return PB_ERR_GIT;
}

void pb_error_clear(pb_error_t *err)
{
	if (err) {
		err->status = PB_OK;
		err->msg[0] = '\0';
	}
}

const char *pb_error_msg(const pb_error_t *err)
{
	if (!err)
		return "";
	if (err->msg[0])
		return err->msg;
	return pb_status_str(err->status);
}
