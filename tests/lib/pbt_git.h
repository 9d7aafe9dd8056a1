/* pbt_git.h: real git repositories and real patch series for the tests
 * of the actions (reply, apply, notify). Everything is made with git in
 * temp dirs; nothing is faked. */
#ifndef PB_TEST_GIT_H
#define PB_TEST_GIT_H

#include <talloc.h>

#include "patchbay/index.h"

/* A repository on branch master with files f1.txt .. fN.txt (N = files),
 * 20 lines each ("fK line L"), committed as "Initial commit". */
char *pbt_git_repo(TALLOC_CTX *ctx, int files);

/* A series of N patches against the current master of REPO, by Ann Author
 * <ann@example.com>, To list@example.org, Cc Rev Iewer <rev@example.org>:
 * patch K changes line 10 of fK.txt. Written by git format-patch
 * (--cover-letter --thread --base=master) to an mbox whose path is
 * returned; the cover is titled TITLE. master does not move. */
char *pbt_git_series(TALLOC_CTX *ctx, const char *repo, int n, const char *title);

/* One patch against master of REPO, appended to the mbox MBOX: line LINE
 * of FILE becomes TEXT (no spaces or slashes), titled "FILE: Set line LINE
 * to TEXT", Message-ID <ID@batch>, author date DATE (ISO 8601). Written
 * by git format-patch --base=master; master does not move. */
void pbt_git_patch(const char *repo, const char *mbox, const char *id, const char *file, int line, const char *text,
		   const char *date);

/* Message-ID of the message whose Subject contains NEEDLE in MBOX. */
char *pbt_mbox_msgid(TALLOC_CTX *ctx, const char *mbox, const char *needle);

/* A reply mail to MSGID (subject SUBJECT) from FROM with BODY, appended to
 * the maildir of DB and indexed (notmuch new). */
void pbt_notmuch_reply(const char *db, const char *msgid, const char *subject, const char *from,
		       const char *body);

/* Digest of everything under DIR except the object store: refs,
 * packed-refs, reflogs, HEAD, index and every file of the work tree, with
 * their contents. Equal digests mean byte-identical. */
char *pbt_tree_digest(TALLOC_CTX *ctx, const char *dir);

/* `git -C REPO ARGS` output (trailing newline removed); fails the test
 * when git fails. printf-style. */
char *pbt_git(TALLOC_CTX *ctx, const char *repo, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A script at DIR/NAME with BODY (#!/bin/sh is prepended), executable. */
char *pbt_script(TALLOC_CTX *ctx, const char *dir, const char *name, const char *body);

#endif
