/* reply.h: a reply to a patch mail, as a draft that can be previewed,
 * edited, formatted as MIME, sent (send.h) or kept.
 *
 * A reply goes To the real sender (DMARC "via list" and B4 Relay rewriting
 * undone), Cc the original To and Cc and the patch author when that is
 * someone else, never to myself; Subject gets exactly one "Re: "; threading
 * takes In-Reply-To and the full References chain; Message-ID and Date are
 * fresh. A quick ack (Acked-by, Reviewed-by, Tested-by) quotes the commit
 * message, not the diff, and ends with the trailer line; on a cover letter
 * it covers the whole series. The draft is plain UTF-8 text until
 * pb_draft_format() makes it a message (RFC 2047 headers, MIME body). */
#ifndef PB_REPLY_H
#define PB_REPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <talloc.h>

#include "patchbay/conf.h"
#include "patchbay/error.h"
#include "patchbay/mail.h"

typedef enum {
	PB_REPLY_PLAIN,  /* quote the whole message, no trailer */
	PB_REPLY_ACK,    /* Acked-by */
	PB_REPLY_REVIEW, /* Reviewed-by */
	PB_REPLY_TEST    /* Tested-by */
} pb_reply_kind_t;

typedef struct pb_draft {
	char *from;        /* "Name <addr>" */
	char *to;          /* address lists, UTF-8, comma separated; "" when none */
	char *cc;
	char *bcc;
	char *subject;
	char *in_reply_to; /* Message-ID without <>, or NULL */
	char **refs;       /* References, oldest first, without <> */
	size_t n_refs;
	char *msgid;       /* fresh Message-ID without <> */
	int64_t date;      /* seconds since the epoch */
	int tz_offset;     /* minutes east of UTC */
	char *body;        /* UTF-8, LF line ends */
	char *path;        /* file the draft was last stored in (send.h), or NULL */
} pb_draft_t;

/* Trailer name of a kind ("Acked-by"), NULL for PB_REPLY_PLAIN. */
const char *pb_reply_trailer_name(pb_reply_kind_t kind);

/* A draft addressed as a reply to ORIG from ME, with an empty body. */
pb_status_t pb_reply_headers(TALLOC_CTX *mem_ctx, pb_draft_t **out, const pb_mail_t *orig, const pb_person_t *me,
			     pb_error_t *err);

/* The attribution line and TEXT quoted ("> "), at most MAX_LINES lines of
 * it (0: all; an elided tail is marked "> [...]"). */
char *pb_reply_quote(TALLOC_CTX *mem_ctx, const pb_mail_t *orig, const char *text, unsigned max_lines);

/* A reply of KIND to ORIG from ME: headers as pb_reply_headers, body the
 * attribution, the quote and, for a quick ack, the trailer line. */
pb_status_t pb_reply_compose(TALLOC_CTX *mem_ctx, pb_draft_t **out, const pb_mail_t *orig, pb_reply_kind_t kind,
			     const pb_person_t *me, pb_error_t *err);

/* End D's body with the signature git config patchbay.signature names (a
 * file; "~/" is the home directory), under a "-- " line, as mutt does:
 * text below it is never read as trailers. Nothing when the setting is not
 * there; PB_ERR_IO or PB_ERR_PARSE naming the file when it cannot be read
 * or is not text (D unchanged). The front ends sign what they compose
 * (replies, quick acks, notifications), once, before the editor. */
pb_status_t pb_draft_sign(pb_draft_t *d, pb_conf_t *conf, pb_error_t *err);

/* The draft as editable text: From, To, Cc, (Bcc,) Subject, a blank line,
 * the body. This is also the preview. */
char *pb_draft_text(TALLOC_CTX *mem_ctx, const pb_draft_t *d);

/* Take TEXT (as pb_draft_text writes it, after editing) back into D. Only
 * From, To, Cc, Bcc and Subject may be given; threading, Message-ID and
 * Date stay. PB_ERR_PARSE names the line at fault; D is unchanged then. */
pb_status_t pb_draft_set_text(pb_draft_t *d, const char *text, pb_error_t *err);

/* Open EDITOR (NULL: $VISUAL, else $EDITOR, else vi) on the draft's text
 * and take the result back. The editor runs as git runs it (sh -c 'EDITOR
 * "$@"' with the temp file as argument: no mail text on a command line).
 * When the text cannot be taken back, the file is kept and named in the
 * error. The caller suspends its screen around the call. */
pb_status_t pb_draft_edit(pb_draft_t *d, const char *editor, pb_error_t *err);

/* The draft as an RFC 5322 message (LF line ends): MIME-Version, text/plain
 * charset=utf-8 (us-ascii when it is), 7bit/8bit (quoted-printable for
 * over-long lines), RFC 2047 encoded names and subject. WITH_BCC keeps
 * the Bcc header (for the stored copy, not for the wire). */
pb_status_t pb_draft_format(TALLOC_CTX *mem_ctx, char **out, const pb_draft_t *d, bool with_bcc, pb_error_t *err);

/* Read a stored draft (as pb_draft_format wrote it) back. */
pb_status_t pb_draft_parse(TALLOC_CTX *mem_ctx, pb_draft_t **out, const char *data, size_t len, pb_error_t *err);

/* A kept draft read back from its file PATH (a drafts folder copy that
 * pb_send_save_draft or a failed pb_send stored), to be edited, sent or
 * kept again: D->path is PATH, so the copy is replaced, not doubled.
 * *OUT new on MEM_CTX. */
pb_status_t pb_draft_load(pb_draft_t **out, TALLOC_CTX *mem_ctx, const char *path, pb_error_t *err);

/* Every recipient address (To, Cc, Bcc), bare, deduplicated. */
pb_status_t pb_draft_recipients(TALLOC_CTX *mem_ctx, char ***out, size_t *n, const pb_draft_t *d, pb_error_t *err);

#endif
