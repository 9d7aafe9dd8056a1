/* send.h: send a draft, or keep it; either way a copy lands in the
 * notmuch database (store.h), so it shows in its thread at once.
 *
 * Sending runs git send-email's command (git config sendemail.sendmailCmd,
 * or sendemail.smtpServer when that is a program's absolute path) with
 * "-i" and the recipients as arguments, else `sendmail -t -oi`. It is run
 * with execvp, never through a shell; the message goes on its standard
 * input. A command that needs a shell (pipes, $VARS) is refused: put it in a
 * script.
 *
 * Nothing is lost: the message is first stored as a draft; only when the
 * command succeeds does that file move to the sent folder. When it fails
 * the draft stays, and the error says why and where the draft is. */
#ifndef PB_SEND_H
#define PB_SEND_H

#include <stdbool.h>
#include <talloc.h>

#include "patchbay/conf.h"
#include "patchbay/error.h"
#include "patchbay/index.h"
#include "patchbay/reply.h"

typedef struct pb_send_opts {
	const char *sendmail_cmd;  /* NULL: sendmail -t -oi */
	const char *sent_folder;   /* maildir folder below the mail root: "Sent" */
	const char *drafts_folder; /* "Drafts" */
	const char *sent_tags;     /* tag operations for sent mail: "+sent" */
	const char *draft_tags;    /* for drafts: "+draft" */
	int timeout;               /* seconds the command may take (0: no limit): 60 */
	/* While the command runs, called about five times a second with the
	 * seconds since it started; false stops it (a cancel: the key, or a
	 * signal). May be NULL. The caller's front end paints here. */
	bool (*waiting)(void *payload, double elapsed);
	void *payload;
} pb_send_opts_t;

/* Options from git config: sendemail.sendmailCmd (else an absolute
 * sendemail.smtpServer), patchbay.sentFolder, patchbay.draftsFolder,
 * patchbay.sentTags, patchbay.draftTags, patchbay.sendTimeout; defaults
 * as above; no waiting callback. Strings live as long as CONF. */
void pb_send_opts_load(pb_send_opts_t *out, pb_conf_t *conf);

typedef struct pb_send_result {
	bool sent;      /* the command took the message */
	char *path;     /* the stored copy: sent folder, or drafts when not sent */
	char *output;   /* what the command printed (stdout and stderr), or NULL */
	int status;     /* its exit status (-1 when it did not run) */
} pb_send_result_t;

/* Send D. On success the copy is in the sent folder. On failure (status
 * PB_ERR_EXTERNAL) the draft is kept in the drafts folder, out->path and
 * the error name it. D->path is updated to the stored copy either way.
 * A command that exits 0 without reading the whole message has not sent
 * it. One that runs past opts->timeout, or that opts->waiting stops, gets
 * SIGTERM (SIGKILL 2 s later), with every process it started; the error
 * says so (PB_ERR_EXTERNAL; whether it had passed the mail on is unknown). */
pb_status_t pb_send(pb_index_t *idx, TALLOC_CTX *mem_ctx, pb_send_result_t *out, pb_draft_t *d,
		    const pb_send_opts_t *opts, pb_error_t *err);

/* Keep D as a draft (replacing the copy it was last stored in).
 * Neither call refreshes the index (store.h): the stored copy shows in
 * its thread after pb_index_refresh(). */
pb_status_t pb_send_save_draft(pb_index_t *idx, pb_draft_t *d, const pb_send_opts_t *opts, pb_error_t *err);

/* Split a command line into words (quotes and backslashes as sh does them;
 * no expansions). PB_ERR_USAGE when it needs a shell. */
pb_status_t pb_send_split_command(TALLOC_CTX *mem_ctx, char ***argv, size_t *argc, const char *cmd, pb_error_t *err);

#endif
