/* check.h: the problems reviewers otherwise find by hand.
 *
 * Every check has an id, a default severity and a scope (the series or one
 * patch). A profile (linux, kvm-x86, xen, ltp) selects and tunes them; git
 * config overrides any of it:
 *
 *   patchbay.profile = linux | kvm-x86 | xen
 *   patchbay.check.<id> = off | on | error | warning | note
 *   patchbay.check.<id>.limit = N      (the check's number, see docs/checks.md)
 *   patchbay.check.shortlog-length.warn / .error = N
 *   patchbay.check.shortlog-prefix.allowed = "KVM: x86:, KVM: SVM:"
 *   patchbay.checkpatch = true         (run scripts/checkpatch.pl of the repo)
 *
 * A finding names the check, its severity, the version and patch it
 * concerns and quotes the offending line. A quick run reads no mail (only
 * what the index keeps of each message), so it is cheap enough for list
 * badges; a full run reads the mails, the earlier versions and the repo. */
#ifndef PB_CHECK_H
#define PB_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <talloc.h>

#include "patchbay/conf.h"
#include "patchbay/error.h"
#include "patchbay/index.h"
#include "patchbay/series.h"

typedef enum { PB_SEV_NOTE, PB_SEV_WARNING, PB_SEV_ERROR, PB_SEV_COUNT } pb_severity_t;

/* "note", "warning", "error" */
const char *pb_severity_name(pb_severity_t sev);

/* X(enum, id, series-level, needs the mail, summary) */
#define PB_CHECK_LIST(X)                                                                        \
	X(PB_CHECK_NO_COVER, "no-cover", 1, 0, "multi-patch series without a cover letter")    \
	X(PB_CHECK_COVER_EMPTY, "cover-empty", 1, 1,                                            \
	  "cover letter says nothing about use, design or the patches")                        \
	X(PB_CHECK_NO_CHANGELOG, "no-changelog", 1, 1,                                          \
	  "vN>1 without a change history in the cover or below --- of each patch")            \
	X(PB_CHECK_UNASKED_CHANGE, "unasked-change", 1, 1,                                      \
	  "patch changed since the previous version, the change history does not say so")     \
	X(PB_CHECK_IGNORED_REVIEW, "resend-ignoring-review", 1, 0,                              \
	  "patch unchanged since a version whose review comments got no trailer")            \
	X(PB_CHECK_MISSING_PATCHES, "missing-patches", 1, 0, "patches of the series are missing") \
	X(PB_CHECK_NO_BASE, "no-base-commit", 1, 0, "no base-commit: line")                   \
	X(PB_CHECK_BASE_UNKNOWN, "base-commit-unknown", 1, 0,                                  \
	  "base-commit: not in the configured repository")                                    \
	X(PB_CHECK_NO_SIGNOFF, "no-signoff", 0, 0, "no Signed-off-by")                         \
	X(PB_CHECK_AUTHOR_SIGNOFF, "author-signoff", 0, 0, "no Signed-off-by by the author")   \
	X(PB_CHECK_SHORTLOG_LENGTH, "shortlog-length", 0, 0,                                    \
	  "shortlog over 75 (warning) or 80 (error) characters")                              \
	X(PB_CHECK_SHORTLOG_PREFIX, "shortlog-prefix", 0, 0,                                    \
	  "shortlog prefix missing or not in the project's list")                             \
	X(PB_CHECK_SHORTLOG_PATH, "shortlog-path", 0, 0, "a file path used as shortlog prefix") \
	X(PB_CHECK_SHORTLOG_CAPITAL, "shortlog-capital", 0, 0,                                  \
	  "first word of the shortlog not capitalised")                                       \
	X(PB_CHECK_SHORTLOG_PERIOD, "shortlog-period", 0, 0, "shortlog ends with a period")    \
	X(PB_CHECK_SHORTLOG_MOOD, "shortlog-mood", 0, 0, "shortlog not in imperative mood")    \
	X(PB_CHECK_BODY_MISSING, "body-missing", 0, 1,                                          \
	  "empty or one-line body for a non-trivial change")                                  \
	X(PB_CHECK_BODY_WIDTH, "body-line-length", 0, 1, "body line over 75 columns")          \
	X(PB_CHECK_BODY_BELOW_CUT, "body-below-cut", 0, 1,                                      \
	  "description below --- with an empty body above it")                                \
	X(PB_CHECK_FIXES_FORMAT, "fixes-format", 0, 0,                                          \
	  "Fixes: not written as Fixes: <12+ hex> (\"subject\")")                             \
	X(PB_CHECK_FIXES_UNKNOWN, "fixes-unknown", 0, 0,                                        \
	  "Fixes: names a commit the repository does not have")                              \
	X(PB_CHECK_FIXES_SUBJECT, "fixes-subject", 0, 0,                                        \
	  "Fixes: subject differs from the commit's")                                         \
	X(PB_CHECK_CC_STABLE, "cc-stable", 0, 0, "Cc: stable written wrongly")                  \
	X(PB_CHECK_LINK_URL, "link-not-url", 0, 0, "Link: not a URL")                           \
	X(PB_CHECK_PATCH_SIZE, "patch-size", 0, 0,                                              \
	  "over 200 changed lines (hard to review in an hour)")                               \
	X(PB_CHECK_WHITESPACE_MIXED, "whitespace-mixed", 0, 1,                                  \
	  "whitespace-only hunks mixed with code changes")                                    \
	X(PB_CHECK_TRAILER_DUP, "trailer-duplicate", 0, 0, "the same trailer twice")            \
	X(PB_CHECK_CHECKPATCH, "checkpatch", 0, 1, "scripts/checkpatch.pl of the repository")

typedef enum {
#define PB_X_CHECK_ENUM(e, id, series, mail, summary) e,
	PB_CHECK_LIST(PB_X_CHECK_ENUM)
#undef PB_X_CHECK_ENUM
	PB_CHECK_COUNT
} pb_check_id_t;

typedef struct pb_check_info {
	const char *id;
	bool series;       /* concerns the series, not one patch */
	bool needs_mail;   /* skipped by a quick run */
	const char *summary;
} pb_check_info_t;

const pb_check_info_t *pb_check_info(pb_check_id_t id);

/* The check named ID ("shortlog-length"), or PB_CHECK_COUNT. */
pb_check_id_t pb_check_lookup(const char *id);

typedef struct pb_profile {
	char *name;
	bool enabled[PB_CHECK_COUNT];
	pb_severity_t severity[PB_CHECK_COUNT];
	int shortlog_warn, shortlog_error; /* 75, 80 */
	int body_width;                    /* 75 */
	int patch_lines;                   /* 200 */
	int body_lines;                    /* changed lines that need a body: 10 */
	int cover_words;                   /* words a cover letter needs: 12 */
	int fixes_hex;                     /* 12 */
	char **prefixes;                   /* allowed shortlog prefixes; none: any */
	size_t n_prefixes;
	char *repo_path;                   /* for Fixes:, base-commit:, checkpatch; NULL */
	bool repo_guessed;                 /* repo_path is the current directory's, not
					    * patchbay.repo: used only for a series whose
					    * files it has */
} pb_profile_t;

/* Names of the built-in profiles, NULL-terminated. */
extern const char *const pb_profile_names[];

/* The profile NAME (NULL: git config patchbay.profile, else "linux") with
 * the git config overrides of CONF (may be NULL). PB_ERR_USAGE for an
 * unknown profile or a bad value (the message names the key). */
pb_status_t pb_profile_load(TALLOC_CTX *mem_ctx, pb_profile_t **out, pb_conf_t *conf, const char *name,
			    pb_error_t *err);

typedef struct pb_finding {
	pb_check_id_t check;
	const char *id;           /* pb_check_info(check)->id */
	pb_severity_t severity;
	int version;              /* version number */
	int patch;                /* patch index; 0 for the series or its cover */
	const char *msgid;        /* mail concerned, or NULL */
	const char *message;      /* one sentence */
	const char *quote;        /* the offending line, or NULL */
} pb_finding_t;

typedef struct pb_check_report {
	const pb_series_t *series;
	const pb_version_t *version;
	pb_finding_t *v;          /* series findings first, then by patch */
	size_t n;
	unsigned counts[PB_SEV_COUNT];
	bool quick;
	const char *repo_path;    /* the repository Fixes: and base-commit: were
				   * looked up in, or NULL ... */
	const char *repo_note;    /* ... and then why not, or NULL (on the report) */
} pb_check_report_t;

typedef struct pb_check_opts {
	const pb_profile_t *profile; /* NULL: the linux profile's defaults */
	const pb_version_t *version; /* NULL: the latest */
	bool quick;                  /* read no mail, no repository, no checkpatch */
} pb_check_opts_t;

/* Run the checks on one version of S. IDX gives the mails (a quick run
 * reads none). */
pb_status_t pb_check_series(TALLOC_CTX *mem_ctx, pb_check_report_t **out, pb_index_t *idx, const pb_series_t *s,
			    const pb_check_opts_t *opts, pb_error_t *err);

/* Counts per severity of a quick run on the latest version: for badges. */
pb_status_t pb_check_summary(unsigned out[PB_SEV_COUNT], pb_index_t *idx, const pb_series_t *s,
			     const pb_profile_t *profile);

/* Findings of the report that concern patch INDEX (0: the series). */
size_t pb_check_count_patch(const pb_check_report_t *r, int index, pb_severity_t min);

#endif
