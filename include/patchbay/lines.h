/* lines.h: mail text as lines, each with a kind, for display.
 *
 * A view shows a patch or a reply line by line and colours each line by
 * what it is: commit message, trailer, quote (and how deep), signature,
 * diffstat, and the parts of a diff, with whitespace errors marked. These
 * functions decide what each line is, so the terminal code never parses
 * mail. A line's text points into the mail (it is not a copy and not
 * NUL-terminated; use len) and stays valid while the mail lives. It is raw
 * mail text: make it inert (text.h) before it reaches a terminal. */
#ifndef PB_LINES_H
#define PB_LINES_H

#include <stddef.h>
#include <talloc.h>

#include "patchbay/mail.h"

/* X(name, description) */
#define PB_LINE_KINDS(X)                                              \
	X(PB_LINE_TEXT, "prose: commit message, cover letter, reply") \
	X(PB_LINE_TRAILER, "Acked-by: and other trailers")            \
	X(PB_LINE_QUOTE, "quoted text (see level)")                   \
	X(PB_LINE_ATTRIBUTION, "\"On ..., X wrote:\" above a quote")  \
	X(PB_LINE_SIGNATURE, "the \"-- \" line and below")           \
	X(PB_LINE_SEPARATOR, "the --- line below a commit message")  \
	X(PB_LINE_NOTES, "notes below ---: changelog")               \
	X(PB_LINE_DIFFSTAT, "diffstat lines and their summary")       \
	X(PB_LINE_DIFF_META, "diff --git, index, mode, rename lines") \
	X(PB_LINE_DIFF_FILE, "--- a/file and +++ b/file")             \
	X(PB_LINE_DIFF_HUNK, "@@ hunk headers")                       \
	X(PB_LINE_DIFF_ADD, "added lines")                            \
	X(PB_LINE_DIFF_DEL, "removed lines")                          \
	X(PB_LINE_DIFF_CONTEXT, "context lines")                      \
	X(PB_LINE_DIFF_NOTE, "\\ No newline at end of file")

typedef enum {
#define PB_X_LINE_ENUM(name, desc) name,
	PB_LINE_KINDS(PB_X_LINE_ENUM)
#undef PB_X_LINE_ENUM
	PB_LINE_KIND_COUNT
} pb_line_kind_t;

typedef struct pb_line {
	pb_line_kind_t kind;
	const char *text;  /* into the mail; not NUL-terminated */
	size_t len;        /* bytes, without the newline */
	unsigned level;    /* quote depth of a PB_LINE_QUOTE (1 for "> ") */
	int file;          /* diff lines: which file of the diff (0, 1, ...); -1 elsewhere */
	size_t ws_start;   /* whitespace error of an added line: offset in text */
	size_t ws_len;     /* and length; 0 when the line has none */
} pb_line_t;

/* Per file of a diff: what a diffstat counts. */
typedef struct pb_line_file {
	char *path;
	unsigned added, removed;
} pb_line_file_t;

/* Name of a line kind ("PB_LINE_DIFF_ADD" -> "diff-add"). */
const char *pb_line_kind_name(pb_line_kind_t kind);

/* Lines of a patch mail M: commit message (its trailers marked), the ---
 * separator, notes (diffstat lines marked), and the diff. A mail without a
 * diff (a cover letter, a pull request) gets the lines of its whole body,
 * as pb_lines_reply gives them. */
pb_status_t pb_lines_patch(TALLOC_CTX *mem_ctx, pb_line_t **out, size_t *n, const pb_mail_t *m);

/* Lines of the body of M read as a reply: quotes with their depth, the
 * attribution above a quote, follow-up trailers of the sender, the
 * signature, and any unquoted diff. */
pb_status_t pb_lines_reply(TALLOC_CTX *mem_ctx, pb_line_t **out, size_t *n, const pb_mail_t *m);

/* Files of the diff lines among LINES, with added/removed counts. */
pb_status_t pb_lines_diffstat(TALLOC_CTX *mem_ctx, pb_line_file_t **out, size_t *n, const pb_line_t *lines,
			      size_t n_lines);

#endif
