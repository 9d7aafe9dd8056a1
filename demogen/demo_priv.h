/* demo_priv.h: what the files of the demo generator share.
 *
 *   demo.c         the public API: the folder, notmuch, the stamp
 *   demo_doc.c     the data files in demo/ (compiled in): sections, hunks, times
 *   demo_git.c     commits, trees, tags and diffs with libgit2
 *   demo_mail.c    messages: headers, encodings, quoting, the maildir
 *   demo_history.c people and the history of widgetd (the repository)
 *   demo_series.c  the series of demo/series/: commits, patches, replies
 *   demo_scale.c   the generated series of scale mode
 *
 * The data format (docs/demo.md): a file is a list of sections; a line
 * "%%% KIND key=value ... | title" starts one and the lines up to the next
 * such line are its text. */
#ifndef PB_DEMO_PRIV_H
#define PB_DEMO_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include <git2.h>
#include <talloc.h>

#include "demogen/demo.h"

/* The files of demo/, compiled in by tools/embed-tree.sh. */
struct _pb_demo_embedded {
	const char *name; /* path below demo/ */
	const char *text;
};
extern const struct _pb_demo_embedded _pb_demo_files[];

/* Text of the compiled-in file NAME, or NULL. */
const char *_pb_demo_file(const char *name);

/* ---- demo_doc.c: sections ------------------------------------------- */

typedef struct _pb_demo_attr {
	char *key;
	char *val;
} _pb_demo_attr_t;

typedef struct _pb_demo_sect {
	char *kind;
	char *title;     /* after " | ", "" when none */
	char *text;      /* the lines below, "" or ending in one newline */
	_pb_demo_attr_t *attrs;
	size_t n_attrs;
	const char *doc; /* file name, for messages */
	unsigned line;
} _pb_demo_sect_t;

typedef struct _pb_demo_doc {
	const char *name;
	_pb_demo_sect_t *v;
	size_t n;
} _pb_demo_doc_t;

int _pb_demo_doc_parse(TALLOC_CTX *mem_ctx, _pb_demo_doc_t **out, const char *name, const char *text,
		       pb_error_t *err);

/* Value of attribute KEY, or NULL. */
const char *_pb_demo_attr(const _pb_demo_sect_t *s, const char *key);

/* PB_ERR_PARSE with "FILE:LINE: message". */
int _pb_demo_fail(pb_error_t *err, const _pb_demo_sect_t *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Apply the hunks of TEXT (lines of ' ' context, '-' removed, '+' added;
 * "@@" between hunks) to CONTENT; REVERSE swaps '-' and '+'. The old side of
 * every hunk must occur exactly once, at the start of a line. */
int _pb_demo_hunks(TALLOC_CTX *mem_ctx, char **out, const char *content, const char *text, bool reverse,
		   pb_error_t *err);

/* "2024-03-04T09:12" or "2024-03-04T09:12:30", local time TZ minutes east
 * of UTC, as seconds since the epoch. */
int _pb_demo_time(int64_t *out, const char *text, int tz);

/* ---- the generator ---------------------------------------------------- */

enum { PB_DEMO_DIRECT, PB_DEMO_DMARC, PB_DEMO_B4 };

typedef struct _pb_demo_person {
	const char *id;
	const char *name;
	const char *email;
	int tz;    /* minutes east of UTC */
	int style; /* how the list shows their mail: PB_DEMO_* */
} _pb_demo_person_t;

/* A commit of the history of widgetd, for {sha12:ID} and pull requests. */
typedef struct _pb_demo_hist {
	const char *id;      /* commit id= or tag name= of history.txt */
	git_oid oid;         /* the commit (for a tag: the commit it names) */
	const char *subject; /* first line of the commit message (of a tag: its title) */
	const char *message; /* tag message; NULL for a commit */
	const _pb_demo_person_t *who;
	int64_t when;
} _pb_demo_hist_t;

/* A path and its text; the state of a tree. */
typedef struct _pb_demo_file {
	const char *path;
	const char *text; /* NULL: deleted */
} _pb_demo_file_t;

typedef struct _pb_demo_files {
	_pb_demo_file_t *v;
	size_t n;
} _pb_demo_files_t;

typedef struct _pb_demo_gen {
	TALLOC_CTX *ctx;
	char *dir;
	char *maildir;
	git_repository *repo;
	git_oid empty_tree;
	git_oid base;             /* master's tip */
	char base_hex[GIT_OID_HEXSZ + 1];
	_pb_demo_files_t base_files; /* the tree of master's tip */
	_pb_demo_person_t *people;
	size_t n_people;
	_pb_demo_hist_t *hist;
	size_t n_hist;
	unsigned seq;             /* number of the next maildir file */
	size_t n_messages;
	size_t n_series;
	pb_error_t *err;
} _pb_demo_gen_t;

const _pb_demo_person_t *_pb_demo_person(const _pb_demo_gen_t *g, const char *id);
const _pb_demo_hist_t *_pb_demo_hist(const _pb_demo_gen_t *g, const char *id);

/* Text of PATH in FILES, or NULL. */
const char *_pb_demo_files_get(const _pb_demo_files_t *files, const char *path);
/* Set (TEXT NULL: delete) PATH in FILES; strings are kept, not copied. */
int _pb_demo_files_set(TALLOC_CTX *mem_ctx, _pb_demo_files_t *files, const char *path, const char *text);
int _pb_demo_files_copy(TALLOC_CTX *mem_ctx, _pb_demo_files_t *out, const _pb_demo_files_t *in);

/* ---- demo_git.c ------------------------------------------------------- */

int _pb_demo_repo_init(_pb_demo_gen_t *g, const char *path);

/* A commit on PARENT (NULL: a root commit) whose tree is PARENT's with the
 * N changes of FILES. */
int _pb_demo_commit(_pb_demo_gen_t *g, git_oid *out, const git_oid *parent, const _pb_demo_file_t *files,
		    size_t n, const char *message, const _pb_demo_person_t *who, int64_t when);

/* Diffstat (as git format-patch writes it) and patch text between the
 * trees of two commits (FROM NULL: the empty tree). PATCH may be NULL. */
int _pb_demo_diff(_pb_demo_gen_t *g, TALLOC_CTX *mem_ctx, char **stat, char **patch, const git_oid *from,
		  const git_oid *to);

int _pb_demo_branch(_pb_demo_gen_t *g, const char *name, const git_oid *oid);
int _pb_demo_tag(_pb_demo_gen_t *g, const char *name, const git_oid *oid, const char *message,
		 const _pb_demo_person_t *who, int64_t when);

/* Point HEAD at master, check it out, set the repository's identity. */
int _pb_demo_repo_finish(_pb_demo_gen_t *g, const _pb_demo_person_t *owner);

/* `git request-pull` text for the commits from BASE to TIP, fetched from
 * "URL REF"; TAG_MESSAGE (may be NULL) is shown between the rulers. */
int _pb_demo_request_pull(_pb_demo_gen_t *g, TALLOC_CTX *mem_ctx, char **out, const git_oid *base,
			  const git_oid *tip, const char *url, const char *ref, const char *tag_message);

/* ---- demo_mail.c ------------------------------------------------------ */

#define PB_DEMO_LIST "devel@lists.example.org"
#define PB_DEMO_LIST_ID "widgetd development <devel.lists.example.org>"
#define PB_DEMO_GIT_VERSION "2.43.0"

enum { PB_DEMO_ENC_8BIT, PB_DEMO_ENC_QP, PB_DEMO_ENC_B64 };

/* A message as written, kept for replies to it. */
typedef struct _pb_demo_post {
	char *msgid;
	char *refs;    /* the References of a reply to it: its own and its id */
	char *subject; /* decoded */
	char *body;    /* decoded text */
	const _pb_demo_person_t *from;
	int64_t date;
} _pb_demo_post_t;

typedef struct _pb_demo_mail {
	const _pb_demo_person_t *from;
	const char *to;       /* address list; NULL: the list */
	const char *cc;       /* address list or NULL */
	const char *subject;  /* UTF-8, may hold control characters */
	int64_t date;
	const char *msgid;
	const _pb_demo_post_t *parent; /* NULL: it starts a thread */
	const char *body;
	int enc;              /* PB_DEMO_ENC_* */
	const char *mailer;   /* X-Mailer, or NULL */
} _pb_demo_mail_t;

/* Write M into the maildir; *out (may be NULL) keeps it for replies. */
int _pb_demo_mail_write(_pb_demo_gen_t *g, TALLOC_CTX *mem_ctx, _pb_demo_post_t **out,
			const _pb_demo_mail_t *m);

/* "Name <email>" for a header, RFC 2047 encoded when needed. */
char *_pb_demo_addr(TALLOC_CTX *mem_ctx, const char *name, const char *email);

/* RFC 5322 date ("Mon, 4 Mar 2024 09:12:00 +0100") and git's
 * ("2024-03-04 09:12:00 +0100"). */
char *_pb_demo_date(TALLOC_CTX *mem_ctx, int64_t t, int tz);
char *_pb_demo_date_git(TALLOC_CTX *mem_ctx, int64_t t, int tz);

/* A reply's text: "@a" lines become the attribution to PARENT, "@qN
 * ANCHOR" lines quote N lines of PARENT from the first line (after the last
 * quote, else from the top) containing ANCHOR, "@qall" quotes PARENT up to its signature. */
int _pb_demo_reply_text(TALLOC_CTX *mem_ctx, char **out, const char *text, const _pb_demo_post_t *parent,
			pb_error_t *err);

/* "Re: " and the subject of PARENT without its reply markers. */
char *_pb_demo_re(TALLOC_CTX *mem_ctx, const _pb_demo_post_t *parent);

/* ---- demo_history.c, demo_series.c, demo_scale.c ------------------------ */

/* The person named by attribute KEY of S (DEF when S has none); NULL with
 * the error set when there is no such person. */
const _pb_demo_person_t *_pb_demo_who(_pb_demo_gen_t *g, const _pb_demo_sect_t *s, const char *key,
				      const _pb_demo_person_t *def);

/* The time of attribute at= of S, in WHO's time zone. */
int _pb_demo_when(_pb_demo_gen_t *g, const _pb_demo_sect_t *s, const _pb_demo_person_t *who, int64_t *out);

/* The people of D (people.txt) into G. */
int _pb_demo_people(_pb_demo_gen_t *g, const _pb_demo_doc_t *d);

/* The history D (history.txt) in G's repository; sets G's base. */
int _pb_demo_history(_pb_demo_gen_t *g, const _pb_demo_doc_t *d);

/* People, the repository with the history of widgetd, and every series of
 * demo/series/. */
int _pb_demo_base(_pb_demo_gen_t *g);

/* One file of demo/series/. */
int _pb_demo_series_file(_pb_demo_gen_t *g, const char *name, const char *data);

/* Generated series until the maildir holds TARGET messages. */
int _pb_demo_scale(_pb_demo_gen_t *g, size_t target, uint64_t seed);

#endif
