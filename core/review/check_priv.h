/* check_priv.h: what check.c, check_patch.c and check_git.c share. */
#ifndef PB_CHECK_PRIV_H
#define PB_CHECK_PRIV_H

#include "patchbay/check.h"

typedef struct _pb_check_run {
	pb_check_report_t *r;
	const pb_profile_t *pf;
	pb_index_t *idx;
	const pb_series_t *s;
	const pb_version_t *v;
	bool quick;
	struct _pb_repo *repo; /* the project's repository (under r), or NULL;
				* freed by _pb_check_repo_close */
	TALLOC_CTX *tmp;
	pb_error_t *err;
} _pb_check_run_t;

/* One patch under check; MAIL is NULL in a quick run. */
typedef struct _pb_check_patch {
	const pb_patch_t *p;
	const pb_msgrec_t *rec;
	const pb_mail_t *mail;
} _pb_check_patch_t;

/* Add a finding (when the check is enabled). SEV < 0: the profile's. QUOTE
 * may be NULL. Returns PB_ERR_NOMEM only. */
int _pb_check_add(_pb_check_run_t *R, pb_check_id_t id, int sev, int patch, const char *msgid,
		  const char *quote, size_t quote_len, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

bool _pb_check_on(const _pb_check_run_t *R, pb_check_id_t id);

/* The commit message without its trailer block (a new string). */
char *_pb_check_body(TALLOC_CTX *ctx, const char *message);

/* Does TEXT hold a change history ("Changes in v2", "v2:", "v1 -> v2")?
 * *at gets the line where it starts. */
bool _pb_check_has_changelog(const char *text, const char **at);

/* Patch checks (check_patch.c). */
int _pb_check_patch(_pb_check_run_t *R, const _pb_check_patch_t *P);

/* Repository checks (check_git.c): open R->repo from the profile, Fixes:
 * lookups, base-commit, checkpatch. */
int _pb_check_repo_open(_pb_check_run_t *R);
void _pb_check_repo_close(_pb_check_run_t *R);
int _pb_check_fixes_repo(_pb_check_run_t *R, const _pb_check_patch_t *P, const char *sha, size_t sha_len,
			 const char *subject, size_t subject_len, const char *quote);
int _pb_check_base_repo(_pb_check_run_t *R, const char *base, const char *msgid);
int _pb_check_checkpatch(_pb_check_run_t *R, const _pb_check_patch_t *P);

#endif
