/* am.h: a series as git-am-ready mail, with every collected trailer.
 *
 * The trailer block follows b4's chain-of-custody rule: trailers up to the
 * last Signed-off-by of someone else stay as written; the rest, plus the
 * collected ones, follow (sorted by a trailer order when one is given); the
 * maintainer's own Signed-off-by goes last. */
#ifndef PB_AM_H
#define PB_AM_H

#include <stdbool.h>
#include <talloc.h>

#include "patchbay/index.h"
#include "patchbay/series.h"

typedef struct pb_am_opts {
	int version;               /* version number; 0 for the latest */
	const char *linkmask;      /* "https://lore.kernel.org/r/%s", or a whole
				    * trailer such as "Message-ID: <%s>"; NULL: none */
	const pb_person_t *signoff; /* add this Signed-off-by; NULL: none */
	bool sloppy;               /* keep trailers whose sender does not match */
	bool carried;              /* take trailers carried over from earlier versions */
	bool cc;                   /* Cc: trailers for the To/Cc addresses of the patch */
	bool no_add;               /* add no trailers at all */
	const char *trailer_order; /* "Cc,Fixes*,Link*,Reviewed*,*" */
	const char *ignore_from;   /* comma-separated addresses whose trailers are dropped */
	const char *patches;       /* "1,3-5"; NULL: all */
	const char *const *extra;  /* NULL-terminated "Name: value" trailers to add
				    * (the maintainer's own Reviewed-by, say) */
} pb_am_opts_t;

/* What pb_am_selected says of one patch. */
typedef enum {
	PB_AM_SPEC_BAD = -1,    /* SPEC is malformed */
	PB_AM_NOT_SELECTED = 0, /* SPEC does not choose patch INDEX */
	PB_AM_SELECTED = 1      /* SPEC chooses it */
} pb_am_selection_t;

/* Is patch INDEX chosen by SPEC ("1,3-5"; NULL chooses all)?
 * PB_AM_SELECTED or PB_AM_NOT_SELECTED; PB_AM_SPEC_BAD when SPEC is not
 * a comma-separated list of N or N-M (decimal digits, 1 <= N <= M, no
 * empty item, no trailing comma; blanks around an item or its dash, as
 * in "1, 3 - 5", but not between two numbers): "", ",", "1,x", "1,,2",
 * "2-", "3-1", "1 2" and "0" are all malformed, whatever INDEX is. */
pb_am_selection_t pb_am_selected(const char *spec, int index);

/* The final trailer lines of patch P (mail M), one string each. */
pb_status_t pb_am_trailer_lines(TALLOC_CTX *mem_ctx, char ***out, size_t *n, const pb_patch_t *p,
				const pb_mail_t *m, const pb_am_opts_t *opts);

/* What am does to one patch's trailers, for the user to see (b4 lists
 * the trailers it collected). */
typedef struct pb_am_report {
	const pb_patch_t *patch; /* the patch reported on (of its series set) */
	char **added;          /* the lines am adds to the block as posted:
				* collected, carried, Cc, Link, extra, my
				* Signed-off-by ("Name: value") */
	size_t n_added;
	pb_trailer_t *left;    /* collected ones it leaves out: a sender who is
				* not the person named (without sloppy), and
				* carried ones (without carried); flags and
				* from_version say which */
	size_t n_left;
} pb_am_report_t;

/* The report of patch P (mail M) under OPTS. Both arrays are on MEM_CTX
 * (the caller frees them); the trailers in LEFT share P's strings and
 * live as long as P's series set. */
pb_status_t pb_am_report(TALLOC_CTX *mem_ctx, pb_am_report_t *out, const pb_patch_t *p, const pb_mail_t *m,
			 const pb_am_opts_t *opts);

/* The commit message: title line, blank line, body, trailer block. */
pb_status_t pb_am_commit_message(TALLOC_CTX *mem_ctx, char **out, const pb_patch_t *p, const pb_mail_t *m,
				 const pb_am_opts_t *opts);

/* One patch as a mail for git am (no From_ line). */
pb_status_t pb_am_patch_mail(TALLOC_CTX *mem_ctx, char **out, const pb_patch_t *p, const pb_mail_t *m,
			     const pb_am_opts_t *opts);

/* The chosen version of S as an mboxrd for git am. *n_out gets the number
 * of patches written. */
pb_status_t pb_am_mbox(TALLOC_CTX *mem_ctx, char **out, size_t *n_out, pb_index_t *idx, const pb_series_t *s,
		       const pb_am_opts_t *opts, pb_error_t *err);

/* pb_am_mbox, and what it did to each patch written (b4 am's list): when
 * REPORTS is not NULL, *REPORTS gets *N_OUT reports (pb_am_report), in the
 * order the patches are written, made from the mails the mbox was made of
 * (each mail is read once). The array and its strings are on MEM_CTX, one
 * talloc_free of *REPORTS frees them; the trailers in LEFT live as long as
 * S's series set. Nothing is set on failure. */
pb_status_t pb_am_mbox_report(TALLOC_CTX *mem_ctx, char **out, pb_am_report_t **reports, size_t *n_out,
			      pb_index_t *idx, const pb_series_t *s, const pb_am_opts_t *opts, pb_error_t *err);

#endif
