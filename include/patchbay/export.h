/* export.h: mail out of patchbay, as it was received: a message raw, the
 * patches of a version as an mbox, either piped to a command, the
 * Message-ID or its link copied through the user's clipboard command.
 *
 * Nothing here changes mail or tags.  What is read is the message's file
 * as the notmuch database has it now (a file that moved is found again),
 * byte for byte: making it safe for a terminal is the front end's work. */
#ifndef PB_EXPORT_H
#define PB_EXPORT_H

#include <stddef.h>
#include <talloc.h>

#include "patchbay/error.h"
#include "patchbay/index.h"
#include "patchbay/series.h"
#include "patchbay/status.h"

/* The message MSGID as its file holds it: *OUT (new on MEM_CTX, NUL-
 * terminated; it may hold NUL bytes of its own) and *LEN bytes.
 * PB_ERR_NOTFOUND when the database has no such message; PB_ERR_IO when
 * its file cannot be read. */
pb_status_t pb_export_raw(pb_index_t *idx, TALLOC_CTX *mem_ctx, const char *msgid, char **out, size_t *len,
			  pb_error_t *err);

/* The N messages MSGIDS, in that order, as one mboxrd (`git am`, `b4`,
 * mutt and `patchbay -f` read it): each as pb_mbox_append_rd() writes it (its
 * lines that start with ">*From " given one more ">"), CRLF made LF.  *OUT new on MEM_CTX.  Errors as pb_export_raw(),
 * naming the message. */
pb_status_t pb_export_mbox(pb_index_t *idx, TALLOC_CTX *mem_ctx, const char *const *msgids, size_t n, char **out,
			   size_t *len, pb_error_t *err);

/* The Message-IDs of what "the series" is for a pipe or a save: the
 * patches of version V in their order, as posted (a patch a partial
 * reroll kept is the earlier version's message; a patch never received is
 * left out), or its cover (else its first message) when it has no patch.
 * *OUT and the strings are copies, on MEM_CTX: they outlive the model. */
pb_status_t pb_export_version_ids(TALLOC_CTX *mem_ctx, const pb_version_t *v, char ***out, size_t *n);

/* Run `sh -c CMD` with the LEN bytes of DATA on its stdin and the
 * caller's stdout and stderr (the terminal), and wait for it to end:
 * *STATUS gets its exit status (128+N when signal N ended it).  A command
 * that stops reading early (`head`) is not an error.  PB_ERR_EXTERNAL when
 * it could not be started. */
pb_status_t pb_export_pipe(const char *cmd, const char *data, size_t len, int *status, pb_error_t *err);

/* Give TEXT to the clipboard: `sh -c CMD` with TEXT on its stdin, its
 * output thrown away, waited for at most 5 seconds (a clipboard program
 * that stays to serve the selection is left to do so).  CMD NULL or "":
 * the first found in PATH of wl-copy (under Wayland), xclip -selection
 * clipboard or xsel --clipboard --input (under X), pbcopy.  *USED (may be
 * NULL) gets the command run (CMD, or a static string).  No escape
 * sequence is ever written to the terminal.  PB_ERR_NOTFOUND when there is
 * no command to use (the message says to set patchbay.copyCommand);
 * PB_ERR_EXTERNAL when it failed. */
pb_status_t pb_export_copy(const char *cmd, const char *text, const char **used, pb_error_t *err);

/* The link to the message MSGID: MASK (patchbay.linkmask) with %s put
 * in place of the Message-ID, escaped as public-inbox escapes it (a "/"
 * is %2F); MASK NULL or "": https://lore.kernel.org/r/%s.  New on
 * MEM_CTX; NULL when out of memory. */
char *pb_export_link(TALLOC_CTX *mem_ctx, const char *mask, const char *msgid);

#endif
