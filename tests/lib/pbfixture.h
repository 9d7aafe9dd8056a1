/* pbfixture.h: small mail archives written by the tests themselves.
 *
 * Real mail, written as a list would carry it: RFC 5322 headers (names and
 * subjects RFC 2047-encoded where they are not ASCII), threads through
 * In-Reply-To/References, diffs made as git format-patch makes them. */
#ifndef PB_FIXTURE_H
#define PB_FIXTURE_H

#include <talloc.h>

/* Append one message to the mboxrd text *MBOX (NULL starts one). REPLY_TO
 * is the Message-ID (without <>) it answers, or NULL; References are taken
 * from PARENT_REFS (space separated ids, may be NULL) plus REPLY_TO. */
void pbt_mbox_add(TALLOC_CTX *ctx, char **mbox, const char *from, const char *date, const char *msgid,
		  const char *reply_to, const char *parent_refs, const char *subject, const char *body);

/* Write TEXT to a new file in a temp dir; returns its path. */
char *pbt_write_temp(TALLOC_CTX *ctx, const char *name, const char *text);

/* The triage archive: an mbox with
 *  - "pwm: foo: Add a driver for the Foo PWM" by Jane Doe: v1 (2 patches,
 *    review comments) and v2 (patch 2/3 missing, a Reviewed-by);
 *  - a single patch by 田中太郎 whose subject carries an escape sequence
 *    (ESC[31m ... ESC[0m);
 *  - "net: bar: Fix the queue handling" v3 by José Müller (written with
 *    combining marks): a cover, two patches, a diff with whitespace errors
 *    in two files, a long nested quote, Reviewed-by, Acked-by, Tested-by,
 *    and the author's answer last;
 *  - "docs: Fix a typo" by Alice Example, applied by the maintainer.
 * All dated March 2024 (UTC); PBT_FIXTURE_NOW is 2024-03-15 12:00 UTC. */
char *pbt_fixture_triage(TALLOC_CTX *ctx);
#define PBT_FIXTURE_NOW 1710504000LL

#endif
