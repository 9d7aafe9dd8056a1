/* send.c: run the sendmail command; keep drafts; store sent copies. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "patchbay/send.h"
#include "patchbay/store.h"
#include "core/base/run.h"

void pb_send_opts_load(pb_send_opts_t *o, pb_conf_t *conf)
{
	const char *v;
	memset(o, 0, sizeof(*o));
	o->sendmail_cmd = pb_conf_get(conf, "sendemail.sendmailcmd");
	if (!o->sendmail_cmd || !*o->sendmail_cmd) {
		/* git send-email: an absolute smtpServer is a sendmail-like program */
		v = pb_conf_get(conf, "sendemail.smtpserver");
		o->sendmail_cmd = v && v[0] == '/' ? v : NULL;
	}
	v = pb_conf_get(conf, "patchbay.sentfolder");
	o->sent_folder = v ? v : "Sent";
	v = pb_conf_get(conf, "patchbay.draftsfolder");
	o->drafts_folder = v ? v : "Drafts";
	v = pb_conf_get(conf, "patchbay.senttags");
	o->sent_tags = v ? v : "+sent";
	v = pb_conf_get(conf, "patchbay.drafttags");
	o->draft_tags = v ? v : "+draft";
	o->timeout = (int)pb_conf_int(conf, "patchbay.sendtimeout", 60);
	if (o->timeout < 0)
		o->timeout = 0;
}

/* ---- the command line -------------------------------------------------- */

pb_status_t pb_send_split_command(TALLOC_CTX *mem_ctx, char ***argv, size_t *argc, const char *cmd, pb_error_t *err)
{
	char **v = talloc_array(mem_ctx, char *, 8);
	size_t n = 0, cap = 8;
	const char *p = cmd;
	if (!v)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	for (;;) {
		char *w;
		bool have = false;
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		w = talloc_strdup(v, "");
		while (w && *p && *p != ' ' && *p != '\t' && *p != '\n') {
			have = true;
			if (*p == '\'') {
				const char *e = strchr(p + 1, '\'');
				if (!e)
					goto unbalanced;
				w = talloc_strndup_append(w, p + 1, (size_t)(e - p - 1));
				p = e + 1;
			} else if (*p == '"') {
				p++;
				while (w && *p && *p != '"') {
					if (*p == '$' || *p == '`')
						goto shell;
					if (*p == '\\' && (p[1] == '"' || p[1] == '\\' || p[1] == '$' || p[1] == '`'))
						p++;
					w = talloc_strndup_append(w, p, 1);
					p++;
				}
				if (*p != '"')
					goto unbalanced;
				p++;
			} else if (*p == '\\') {
				if (!p[1])
					goto unbalanced;
				w = talloc_strndup_append(w, p + 1, 1);
				p += 2;
			} else if (strchr("|&;<>()$`*?[]{}~#", *p)) {
				goto shell;
			} else {
				w = talloc_strndup_append(w, p, 1);
				p++;
			}
		}
		if (!w) {
			talloc_free(v);
			return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		}
		if (!have)
			continue;
		if (n + 2 > cap) {
			cap *= 2;
			v = talloc_realloc(mem_ctx, v, char *, cap);
			if (!v)
				return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		}
		v[n++] = w;
	}
	if (n == 0) {
		talloc_free(v);
		return pb_error_set(err, PB_ERR_USAGE, "the sendmail command is empty");
	}
	v[n] = NULL;
	*argv = v;
	*argc = n;
	return PB_OK;
unbalanced:
	talloc_free(v);
	return pb_error_set(err, PB_ERR_USAGE, "unbalanced quote in the sendmail command: %s", cmd);
shell:
	talloc_free(v);
	return pb_error_set(err, PB_ERR_USAGE,
			    "the sendmail command needs a shell (%s); patchbay runs it without one: "
			    "put it in a script and name that in sendemail.sendmailCmd",
			    cmd);
}

/* ---- drafts and sending ------------------------------------------------ */

/* "+a -b c" -> "-a +b -c" */
static char *negate_tags(TALLOC_CTX *ctx, const char *tags)
{
	char *copy = talloc_strdup(ctx, tags ? tags : ""), *save = NULL, *res = talloc_strdup(ctx, "");
	for (char *t = copy ? strtok_r(copy, " ,", &save) : NULL; t && res; t = strtok_r(NULL, " ,", &save)) {
		bool rm = *t == '-';
		if (*t == '+' || *t == '-')
			t++;
		if (*t)
			res = talloc_asprintf_append(res, "%s%c%s", *res ? " " : "", rm ? '+' : '-', t);
	}
	return res;
}

/* A file stored with the maildir Draft flag. */
static bool is_draft_file(const char *path)
{
	const char *f = strstr(path, ":2,");
	return f && strchr(f + 3, 'D') != NULL;
}

/* Store D in the drafts folder; the copy it was stored in before goes. */
static pb_status_t store_draft(pb_index_t *idx, pb_draft_t *d, const pb_send_opts_t *o, pb_error_t *err)
{
	char *raw = NULL, *path = NULL, *old = d->path, *tags;
	int rc = pb_draft_format(d, &raw, d, true, err);
	if (rc)
		return rc;
	tags = talloc_asprintf(raw, "+" PB_TAG_DRAFT " %s", o->draft_tags ? o->draft_tags : "");
	if (tags)
		rc = pb_store_insert(idx, d, &path, o->drafts_folder, raw, strlen(raw), "D", tags, err);
	else
		rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	talloc_free(raw);
	if (!path)
		return rc;
	d->path = path;
	if (old && strcmp(old, path) != 0 && is_draft_file(old)) {
		pb_error_t e2 = {0};
		/* the new copy is safe: the old one may go (failing that, two copies) */
		if (access(old, F_OK) == 0)
			pb_store_remove(idx, old, &e2);
		talloc_free(old);
	}
	return rc;
}

pb_status_t pb_send_save_draft(pb_index_t *idx, pb_draft_t *d, const pb_send_opts_t *o, pb_error_t *err)
{
	return store_draft(idx, d, o, err);
}

pb_status_t pb_send(pb_index_t *idx, TALLOC_CTX *mem_ctx, pb_send_result_t *out, pb_draft_t *d, const pb_send_opts_t *o,
		    pb_error_t *err)
{
	void *tmp = talloc_new(mem_ctx);
	char **rcpt = NULL, **argv = NULL, *wire = NULL, *output = NULL, *tags;
	size_t n_rcpt = 0, argc = 0;
	int rc, st;
	_pb_run_result_t run;

	memset(out, 0, sizeof(*out));
	out->status = -1;
	if (!tmp)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if ((rc = pb_draft_recipients(tmp, &rcpt, &n_rcpt, d, err)))
		goto out;
	if (n_rcpt == 0) {
		rc = pb_error_set(err, PB_ERR_USAGE, "the reply has no recipient (To, Cc, Bcc are empty)");
		goto out;
	}
	for (size_t i = 0; i < n_rcpt; i++)
		if (rcpt[i][0] == '-') {
			rc = pb_error_set(err, PB_ERR_USAGE, "refusing a recipient that looks like an option: %s", rcpt[i]);
			goto out;
		}
	if ((rc = pb_draft_format(tmp, &wire, d, false, err)))
		goto out;
	if (o->sendmail_cmd && *o->sendmail_cmd) {
		if ((rc = pb_send_split_command(tmp, &argv, &argc, o->sendmail_cmd, err)))
			goto out;
		argv = talloc_realloc(tmp, argv, char *, argc + n_rcpt + 2);
		if (!argv) {
			rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
			goto out;
		}
		argv[argc++] = (char *)"-i";
		for (size_t i = 0; i < n_rcpt; i++)
			argv[argc++] = rcpt[i];
		argv[argc] = NULL;
	} else {
		argv = talloc_array(tmp, char *, 4);
		if (!argv) {
			rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
			goto out;
		}
		argv[0] = (char *)"sendmail";
		argv[1] = (char *)"-t";
		argv[2] = (char *)"-oi";
		argv[3] = NULL;
	}
	/* first the draft: if anything below fails or we die, it is on disk.
	 * When it cannot be stored (a full disk), nothing is sent: a send that
	 * then failed would leave no copy of this text anywhere, and an older
	 * copy on disk is not this reply. */
	{
		char *before = d->path ? talloc_strdup(tmp, d->path) : NULL;
		pb_error_t e2 = {0};
		int src = store_draft(idx, d, o, &e2);
		bool stored = d->path && (!before || strcmp(before, d->path) != 0);
		if (src && stored) {
			/* on disk, not (yet) indexed: a copy all the same */
			rc = PB_OK;
		} else if (src) {
			out->path = NULL;
			if (before)
				rc = pb_error_set(err, e2.status,
						  "not sent: this reply could not be stored as a draft first (%s); the "
						  "copy in %s is an earlier one",
						  pb_error_msg(&e2), before);
			else
				rc = pb_error_set(err, e2.status,
						  "not sent: the reply could not be stored as a draft first (%s); it "
						  "is kept nowhere on disk",
						  pb_error_msg(&e2));
			goto out;
		}
	}
	{
		/* (without a command of the user's, sendmail where Debian and
		 * others put it when PATH has none) */
		static const char *const fallback[] = {"/usr/sbin/sendmail", "/usr/lib/sendmail", NULL};
		_pb_run_opts_t ro = {.argv = (const char *const *)argv,
				     .fallback = o->sendmail_cmd && *o->sendmail_cmd ? NULL : fallback,
				     .in = _PB_RUN_IN_DATA,
				     .input = wire,
				     .input_len = strlen(wire),
				     .out = _PB_RUN_OUT_CAPTURE,
				     .out_ctx = tmp,
				     .out_max = 65536,
				     .group = true,
				     .timeout = o->timeout > 0 ? o->timeout : 0,
				     .waiting = o->waiting,
				     .payload = o->payload};
		if ((rc = _pb_run_with(&run, &ro, err))) {
			char why[sizeof(err->msg)];
			snprintf(why, sizeof(why), "%s", pb_error_msg(err)); /* (not formatted into itself) */
			rc = pb_error_set(err, rc, "%s; the reply is kept as a draft in %s", why, d->path);
			out->path = talloc_strdup(mem_ctx, d->path);
			goto out;
		}
	}
	output = run.output;
	st = run.status;
	out->status = st;
	out->output = output ? talloc_strdup(mem_ctx, output) : NULL;
	if (st != 0 || run.timed_out || run.stopped || !run.read_all) {
		char *first = output ? talloc_strndup(tmp, output, strcspn(output, "\n")) : NULL;
		out->path = talloc_strdup(mem_ctx, d->path);
		if (run.exec_errno)
			rc = pb_error_set(err, PB_ERR_EXTERNAL, "cannot run %s: %s; the reply is kept as a draft in %s",
					  argv[0], strerror(run.exec_errno), d->path);
		else if (run.timed_out)
			rc = pb_error_set(err, PB_ERR_EXTERNAL,
					  "%s did not finish within %d s (patchbay.sendTimeout) and was stopped; it may "
					  "have passed the mail on: check before sending again; the reply is kept as "
					  "a draft in %s",
					  argv[0], o->timeout, d->path);
		else if (run.stopped)
			rc = pb_error_set(err, PB_ERR_EXTERNAL,
					  "cancelled: %s was stopped after %.0f s; it may have passed the mail on: "
					  "check before sending again; the reply is kept as a draft in %s",
					  argv[0], run.elapsed, d->path);
		else if (st == 0)
			rc = pb_error_set(err, PB_ERR_EXTERNAL,
					  "%s exited without reading the whole message: not sent; the reply is kept as "
					  "a draft in %s",
					  argv[0], d->path);
		else
			rc = pb_error_set(err, PB_ERR_EXTERNAL, "%s failed (exit %d)%s%s; the reply is kept as a draft in %s",
					  argv[0], st, first && *first ? ": " : "", first ? first : "", d->path);
		goto out;
	}
	out->sent = true;
	tags = talloc_asprintf(tmp, "-" PB_TAG_DRAFT " %s %s", negate_tags(tmp, o->draft_tags),
			       o->sent_tags ? o->sent_tags : "");
	{
		char *np = NULL;
		pb_error_t e2 = {0};
		rc = pb_store_move(idx, d, &np, d->path, o->sent_folder, "S", tags, &e2);
		if (np) {
			talloc_free(d->path);
			d->path = np;
		}
		if (rc)
			rc = pb_error_set(err, rc, "sent; but the copy could not be filed as sent (%s); it is in %s",
					  pb_error_msg(&e2), d->path);
	}
	out->path = talloc_strdup(mem_ctx, d->path);
out:
	talloc_free(tmp);
	return rc;
}
