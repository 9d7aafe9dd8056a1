/* export.c: mail out of patchbay as it was received (patchbay/export.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "patchbay/export.h"
#include "patchbay/mbox.h"
#include "core/base/run.h"
#include "core/base/util.h"

pb_status_t pb_export_raw(pb_index_t *idx, TALLOC_CTX *mem_ctx, const char *msgid, char **out, size_t *len,
			  pb_error_t *err)
{
	char *path = NULL;
	pb_status_t rc;
	*out = NULL;
	*len = 0;
	if ((rc = pb_index_message_file(idx, mem_ctx, msgid, &path, NULL, err)))
		return rc;
	rc = (pb_status_t)_pb_file_read(mem_ctx, out, len, path, err);
	talloc_free(path);
	return rc;
}

pb_status_t pb_export_mbox(pb_index_t *idx, TALLOC_CTX *mem_ctx, const char *const *msgids, size_t n, char **out,
			   size_t *len, pb_error_t *err)
{
	void *tmp = talloc_new(mem_ctx);
	char *s = tmp ? talloc_strdup(mem_ctx, "") : NULL;
	*out = NULL;
	*len = 0;
	if (!s) {
		talloc_free(tmp);
		return (pb_status_t)pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		char *raw;
		size_t rl;
		pb_status_t rc = pb_export_raw(idx, tmp, msgids[i], &raw, &rl, err);
		if (rc == PB_OK) {
			/* (mbox is text: a NUL in a message ends it here) */
			_pb_str_normalize_newlines(raw);
			if (pb_mbox_append_rd(mem_ctx, &s, raw) != PB_OK)
				rc = (pb_status_t)pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		} else if (err) {
			char *m = talloc_asprintf(tmp, "<%s>: %s", msgids[i], err->msg);
			if (m)
				pb_error_set(err, rc, "%s", m);
		}
		talloc_free(raw);
		if (rc) {
			talloc_free(s);
			talloc_free(tmp);
			return rc;
		}
	}
	talloc_free(tmp);
	*out = s;
	*len = strlen(s);
	return PB_OK;
}

pb_status_t pb_export_version_ids(TALLOC_CTX *mem_ctx, const pb_version_t *v, char ***out, size_t *n)
{
	size_t k = 0;
	char **ids = talloc_array(mem_ctx, char *, v->n_patches ? v->n_patches : 1);
	*out = NULL;
	*n = 0;
	if (!ids)
		return PB_ERR_NOMEM;
	for (size_t i = 0; i < v->n_patches; i++)
		if (v->patches[i] && v->patches[i]->rec && !(ids[k++] = talloc_strdup(ids, v->patches[i]->rec->msgid)))
			goto nomem;
	if (k == 0 && (v->cover || v->root) && !(ids[k++] = talloc_strdup(ids, (v->cover ? v->cover : v->root)->msgid)))
		goto nomem;
	*out = ids;
	*n = k;
	return PB_OK;
nomem:
	talloc_free(ids);
	return PB_ERR_NOMEM;
}

pb_status_t pb_export_pipe(const char *cmd, const char *data, size_t len, int *status, pb_error_t *err)
{
	const char *argv[] = {"sh", "-c", cmd, NULL};
	_pb_run_opts_t o = {.argv = argv, .in = _PB_RUN_IN_DATA, .input = data, .input_len = len,
			    .out = _PB_RUN_OUT_INHERIT};
	_pb_run_result_t r;
	*status = -1;
	if (!cmd || !*cmd)
		return (pb_status_t)pb_error_set(err, PB_ERR_USAGE, "no command to pipe to");
	/* (its output is the user's: the terminal) */
	if (_pb_run_with(&r, &o, err) != PB_OK || r.exec_errno) {
		char why[sizeof(err->msg)];
		snprintf(why, sizeof(why), "%s", r.exec_errno ? strerror(r.exec_errno) : pb_error_msg(err));
		return (pb_status_t)pb_error_set(err, PB_ERR_EXTERNAL, "cannot start %s: %s", cmd, why);
	}
	*status = r.status;
	return PB_OK;
}

/* Is PROG an executable file in PATH? */
static bool in_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[4096];
	if (!path || !*path)
		path = "/usr/bin:/bin";
	for (const char *p = path; *p;) {
		const char *e = strchr(p, ':');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l && l + strlen(prog) + 2 < sizeof(buf)) {
			memcpy(buf, p, l);
			buf[l] = '/';
			strcpy(buf + l + 1, prog);
			if (access(buf, X_OK) == 0)
				return true;
		}
		if (!e)
			break;
		p = e + 1;
	}
	return false;
}

static const char *default_copy(void)
{
	const char *wl = getenv("WAYLAND_DISPLAY"), *x = getenv("DISPLAY");
	if (wl && *wl && in_path("wl-copy"))
		return "wl-copy";
	if (x && *x && in_path("xclip"))
		return "xclip -selection clipboard";
	if (x && *x && in_path("xsel"))
		return "xsel --clipboard --input";
	if (in_path("pbcopy"))
		return "pbcopy";
	return NULL;
}

pb_status_t pb_export_copy(const char *cmd, const char *text, const char **used, pb_error_t *err)
{
	const char *argv[] = {"sh", "-c", NULL, NULL};
	_pb_run_opts_t o = {.argv = argv, .in = _PB_RUN_IN_DATA, .out = _PB_RUN_OUT_NULL, .session = true,
			    .timeout = 5};
	_pb_run_result_t r;
	if (!cmd || !*cmd)
		cmd = default_copy();
	if (used)
		*used = cmd;
	if (!cmd)
		return (pb_status_t)pb_error_set(err, PB_ERR_NOTFOUND,
						 "no clipboard command found: set git config patchbay.copyCommand "
						 "(e.g. \"xclip -selection clipboard\", \"wl-copy\", \"tmux load-buffer -\")");
	argv[2] = cmd;
	o.input = text;
	o.input_len = strlen(text);
	/* a session of its own, no terminal: a clipboard server it starts
	 * outlives it; one that does not end is not the server (which forks) */
	if (_pb_run_with(&r, &o, err) != PB_OK || r.exec_errno) {
		char why[sizeof(err->msg)];
		snprintf(why, sizeof(why), "%s", r.exec_errno ? strerror(r.exec_errno) : pb_error_msg(err));
		return (pb_status_t)pb_error_set(err, PB_ERR_EXTERNAL, "cannot start %s: %s", cmd, why);
	}
	if (r.timed_out)
		return (pb_status_t)pb_error_set(err, PB_ERR_EXTERNAL, "%s did not end within 5 seconds", cmd);
	if (r.status != 0)
		return (pb_status_t)pb_error_set(err, PB_ERR_EXTERNAL, "%s failed (status %d)", cmd, r.status);
	return PB_OK;
}

char *pb_export_link(TALLOC_CTX *mem_ctx, const char *mask, const char *msgid)
{
	static const char keep[] = "-._~!$&'()*+,;=:@";
	const char *pct;
	char *id = talloc_strdup(mem_ctx, ""), *s;
	if (!mask || !*mask)
		mask = "https://lore.kernel.org/r/%s";
	for (const unsigned char *p = (const unsigned char *)msgid; id && *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr(keep, *p))
			id = talloc_asprintf_append_buffer(id, "%c", *p);
		else
			id = talloc_asprintf_append_buffer(id, "%%%02X", *p);
	}
	if (!id)
		return NULL;
	pct = strstr(mask, "%s");
	s = pct ? talloc_asprintf(mem_ctx, "%.*s%s%s", (int)(pct - mask), mask, id, pct + 2)
		: talloc_asprintf(mem_ctx, "%s%s", mask, id);
	talloc_free(id);
	return s;
}
