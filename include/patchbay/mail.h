/* mail.h: one e-mail decoded with GMime, and the anatomy of a patch mail.
 *
 * pb_mail_parse() turns raw RFC 5322 bytes into UTF-8 text: RFC 2047 headers,
 * text/plain parts of multipart mail (and inline .patch attachments),
 * base64/quoted-printable, charsets (an unknown or broken charset never fails
 * the message), CRLF line ends. It resolves who wrote the mail: DMARC-rewritten
 * senders ("Name via list" with the real address in Reply-To or
 * X-Original-From), B4 Relay, and in-body From: lines. It splits a patch into
 * commit message, notes (below ---), diff and footers. */
#ifndef PB_MAIL_H
#define PB_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <talloc.h>

#include "patchbay/error.h"
#include "patchbay/person.h"

enum {
	PB_MAIL_HAS_DIFF = 1 << 0,       /* carries a diff (git, unified, binary, rename) */
	PB_MAIL_PULL = 1 << 1,           /* a pull request (git request-pull text) */
	PB_MAIL_DMARC = 1 << 2,          /* From was rewritten by a list or B4 Relay */
	PB_MAIL_INBODY_FROM = 1 << 3,    /* author taken from an in-body From: */
	PB_MAIL_INBODY_SUBJECT = 1 << 4, /* in-body Subject: overrides the header */
	PB_MAIL_BAD_CHARSET = 1 << 5,    /* some text was not in its declared charset */
	PB_MAIL_HAS_DIFFSTAT = 1 << 6,   /* a diffstat below --- (cover letters have one) */
	PB_MAIL_BINARY_DIFF = 1 << 7
};

typedef struct pb_mail {
	char *msgid;       /* without angle brackets; synthesised when missing */
	char *subject;     /* header Subject, decoded and unfolded */
	char *date_hdr;    /* Date header as written ("" if none) */
	int64_t date;      /* seconds since the epoch; 0 when unparseable */
	int tz_offset;     /* minutes east of UTC */
	pb_person_t from;  /* the From header as sent */
	pb_person_t sender; /* who sent it, with list/B4 Relay rewriting undone */
	pb_person_t author; /* who wrote the change: in-body From wins */
	char *to;          /* decoded address lists, "" when absent */
	char *cc;
	char *reply_to;
	char *list_id;
	char *in_reply_to; /* first message-id of In-Reply-To, or NULL */
	char **refs;       /* References, oldest first, In-Reply-To last */
	size_t n_refs;

	char *body;        /* all text, UTF-8 with LF line ends */
	/* Anatomy of a patch (NULL when absent). Pointers are separate strings. */
	char *inbody_subject;
	char *inbody_date;
	char *message;     /* commit message: body minus in-body headers, up to --- */
	char *notes;       /* between --- and the diff: diffstat, changelog */
	char *diff;        /* the diff itself, footers and signature removed */
	char *pull_url;    /* "URL branch" of a pull request */
	unsigned flags;
} pb_mail_t;

/* Parse LEN bytes at DATA. Malformed mail gives a best-effort result, not an
 * error; only allocation failure or a message GMime cannot parse at all
 * (e.g. empty input) return an error. */
pb_status_t pb_mail_parse(TALLOC_CTX *mem_ctx, pb_mail_t **out, const char *data, size_t len,
			  pb_error_t *err);

/* Read and parse the file at PATH. */
pb_status_t pb_mail_load(TALLOC_CTX *mem_ctx, pb_mail_t **out, const char *path, pb_error_t *err);

/* Initialise GMime once per process (idempotent). */
void pb_mail_init(void);

/* The bare Message-ID of ID written as "id", "<id>", "id:id", "mid:id"
 * or a lore URL (its last path element): a new string on MEM_CTX, NULL
 * when out of memory. */
char *pb_mail_msgid_clean(TALLOC_CTX *mem_ctx, const char *id);

/* Split BODY into message / notes / diff without MIME: for tests and for
 * text that is already decoded. Fields of M that are set are replaced. */
pb_status_t pb_mail_split_body(pb_mail_t *m, const char *body);

/* Find the diff in TEXT: offset of its first line and its length in *len
 * (hunk line counts decide where it ends, so list footers and signatures are
 * excluded). Returns -1 when TEXT has no diff. */
long pb_diff_locate(const char *text, size_t *len, unsigned *flags);

#endif
