/* cmd_state.c: `patchbay state`: read or set the review state of series
 * (review.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "patchbay/review.h"
#include "patchbay/store.h"
#include "cli/cli.h"
#include "cli/printer.h"

static const char state_usage[] =
	"Usage: patchbay state SERIES... [--version N | --patch] [--set STATE | --clear]\n"
	"                      [--snooze WHEN | --wake] [--rfc | --no-rfc] [--json]\n"
	"\n"
	"Say the review state of each SERIES (a Message-ID of any of its messages):\n"
	"what holds, whether it was set by hand or comes from the mail, and why.\n"
	"\n"
	"  --set STATE, -s STATE  set it by hand, for the latest version of every\n"
	"                         SERIES at once (all or none): a notmuch tag PREFIX\n"
	"                         STATE on each message of the posting; PREFIX is git\n"
	"                         config patchbay.tagPrefix (default pb/)\n"
	"  --clear                drop the state set by hand: the mail decides again\n"
	"  --snooze WHEN          snooze it: out of patchbay queue until WHEN, a day\n"
	"                         (YYYY-MM-DD), Nd or Nw from today, next (its\n"
	"                         next version) or tag:NAME (until the git tag\n"
	"                         NAME is in patchbay.repo); tags PREFIX snoozed\n"
	"                         and PREFIX snoozed-until/DAY or\n"
	"                         PREFIX snoozed-until-tag/NAME; the state stays\n"
	"  --wake                 end a snooze now\n"
	"  --rfc, --no-rfc        flag it RFC by hand (tag PREFIX rfc), or not\n"
	"                         (a subject that says RFC still does)\n"
	"  --version N, -v N      of version N instead of the latest (one SERIES)\n"
	"  --patch                each SERIES is a patch's Message-ID: its own state\n"
	"                         (tag PREFIX patch/STATE on that message only; the\n"
	"                         series' state stays)\n"
	"  --json                 one JSON array, an object per series\n"
	"\n"
	"STATE is one of: new, under-review, changes-requested, acked, queued,\n"
	"accepted, deferred, rejected, superseded, not-applicable, awaiting-upstream\n"
	"(or its short label: review, changes, old, n/a, upstream).\n"
	"A state set by hand holds for that version only: a new version is\n"
	"derived from its mail again until someone sets it.\n";

/* "; snoozed until 2026-12-10", "; snoozed until tag v6.9-rc1 (...)",
 * "; snooze over: tag v6.9-rc1 exists" or "" */
static const char *snooze_text(TALLOC_CTX *ctx, const pb_version_t *v)
{
	pb_snooze_t z;
	char day[11];
	char *t;
	if (!pb_review_snooze(&z, v, (int64_t)time(NULL)))
		return z.tag && z.tag_reached ? talloc_asprintf(ctx, "; snooze over: tag %s exists", z.tag) : "";
	if (!z.until && !z.tag)
		return "; snoozed until its next version";
	pb_snooze_day(day, z.until);
	t = talloc_asprintf(ctx, "; snoozed until %s%s", z.until ? day : "", z.until && z.tag ? " and " : "");
	if (z.tag)
		t = talloc_asprintf_append(t, "tag %s%s", z.tag,
					   z.tag_checked ? " (not in the repository yet)"
							 : " (could not be checked: no git repository; until its "
							   "next version)");
	return t;
}

/* The review state R of version V of S: its map, and its line of text
 * when TEXT (not after a change under --quiet). PREFIX: the tag prefix. */
static void print_version(printer_t *p, bool text, const char *prefix, const pb_series_t *s, const pb_version_t *v,
			  const pb_review_t *r)
{
	void *tmp = talloc_new(NULL);
	pb_snooze_t zz;
	char day[11];
	bool z = pb_review_snooze(&zz, v, (int64_t)time(NULL));
	int64_t until = zz.until;
	if (z && until)
		pb_snooze_day(day, until);
	pr_begin_map(p);
	pr_kstr(p, "id", s->id);
	pr_kstr(p, "title", s->title);
	pr_kint(p, "version", v->version);
	pr_kstr(p, "state", pb_rstate_name(r->state));
	pr_kstr(p, "by", r->by_hand ? "hand" : "mail");
	pr_kstr(p, "derived", pb_rstate_name(r->derived));
	pr_kstr(p, "why", r->why);
	pr_kbool(p, "rfc", r->rfc);
	pr_kbool(p, "conflict", r->conflict);
	pr_kbool(p, "snoozed", z);
	pr_kstr(p, "snoozed_until", z && until ? day : NULL);
	/* the git tag it waits for, and whether it is there (null: not
	 * checked, no repository) */
	pr_kstr(p, "snoozed_until_tag", zz.tag);
	pr_key(p, "tag_reached");
	if (zz.tag && zz.tag_checked)
		pr_bool(p, zz.tag_reached);
	else
		pr_null(p);
	pr_kstr(p, "tag", r->by_hand ? talloc_asprintf(tmp, "%s%s", prefix, pb_rstate_name(r->state)) : NULL);
	pr_end(p);
	if (text && r->by_hand)
		pr_textf(p, "<%s> v%d \"%s\": %s%s, set by hand (the mail says %s: %s)%s%s\n", s->id, v->version,
			 s->title, pb_rstate_name(r->state), r->rfc ? ", RFC" : "", pb_rstate_name(r->derived), r->why,
			 r->conflict ? "; its messages disagree: set it again to settle it" : "", snooze_text(tmp, v));
	else if (text)
		pr_textf(p, "<%s> v%d \"%s\": %s%s, from the mail: %s%s\n", s->id, v->version, s->title,
			 pb_rstate_name(r->state), r->rfc ? ", RFC" : "", r->why, snooze_text(tmp, v));
	talloc_free(tmp);
}

/* The own state R of patch P of version V: its map, and its line when TEXT. */
static void print_patch(printer_t *p, bool text, const pb_version_t *v, const pb_patch_t *pa,
			const pb_patch_review_t *r)
{
	pr_begin_map(p);
	pr_kstr(p, "id", pa->rec->msgid);
	pr_kstr(p, "series", v->series->id);
	pr_kint(p, "version", v->version);
	pr_kint(p, "index", pa->index);
	pr_kstr(p, "title", pa->rec->title);
	pr_kstr(p, "state", pb_rstate_name(r->state));
	pr_kstr(p, "by", r->by_hand ? "hand" : "mail");
	pr_kstr(p, "derived", pb_rstate_name(r->derived));
	pr_kstr(p, "why", r->why);
	pr_end(p);
	if (text && r->by_hand)
		pr_textf(p, "<%s> v%d [%d/%d] \"%s\": %s, set by hand on the patch (the mail says %s: %s)\n",
			 pa->rec->msgid, v->version, pa->index, v->total, pa->rec->title, pb_rstate_name(r->state),
			 pb_rstate_name(r->derived), r->why);
	else if (text)
		pr_textf(p, "<%s> v%d [%d/%d] \"%s\": %s, from the mail: %s\n", pa->rec->msgid, v->version, pa->index,
			 v->total, pa->rec->title, pb_rstate_name(r->state), r->why);
}

/* The version of S the command is about: N, or the latest (N 0). */
static const pb_version_t *pick(const pb_series_t *s, int n)
{
	return n ? pb_series_version(s, n) : pb_series_latest(s);
}

/* --patch: the own states of the N patches IDS; set first when CHANGE. */
static int patch_states(cli_t *cli, pb_index_t *idx, char **ids, size_t n, bool change, int state, bool json)
{
	const pb_patch_t **ps = talloc_array(cli->ctx, const pb_patch_t *, n ? n : 1);
	pb_error_t err = {0};
	printer_t *pr;
	int rc = EXIT_OK;
	if (!ps)
		return EXIT_FAILED;
	for (size_t i = 0; i < n; i++) {
		pb_series_t *s = NULL;
		pb_version_t *v = NULL;
		pb_patch_t *p = NULL;
		if (pb_index_find(idx, ids[i], &s, &v, &p) != PB_OK) {
			cli_errorf("patchbay state: no series has a message with Message-ID <%s>\n",
				   pb_mail_msgid_clean(cli->ctx, ids[i]));
			return EXIT_NOTFOUND;
		}
		if (!p) {
			cli_errorf("patchbay state: <%s> is not a patch (a cover or a reply): --patch wants a patch\n",
				   pb_mail_msgid_clean(cli->ctx, ids[i]));
			return EXIT_USAGE;
		}
		ps[i] = p;
	}
	if (change) {
		if ((rc = pb_store_set_patch_review(idx, ps, n, state, &err))) {
			cli_errorf("patchbay state: %s (nothing was changed)\n", pb_error_msg(&err));
			return cli_exit_code(rc);
		}
		if ((rc = pb_index_refresh(idx, &err))) {
			cli_errorf("patchbay state: %s\n", pb_error_msg(&err));
			return cli_exit_code(rc);
		}
	}
	if (!(pr = printer_new(cli->ctx, json ? PRINTER_JSON : PRINTER_TEXT, stdout, 2)))
		return EXIT_FAILED;
	pr_begin_list(pr);
	for (size_t i = 0; i < n; i++) {
		pb_version_t *v = NULL;
		pb_patch_t *p = NULL;
		pb_patch_review_t r;
		if (pb_index_find(idx, ids[i], NULL, &v, &p) != PB_OK || !p ||
		    pb_review_patch(&r, pb_index_series(idx), v, p) != PB_OK) {
			cli_errorf("patchbay state: <%s> is gone from the database\n", ids[i]);
			rc = EXIT_NOTFOUND;
			continue;
		}
		print_patch(pr, !cli->quiet || !change, v, p, &r);
	}
	pr_end(pr);
	return rc;
}

int cmd_state(cli_t *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"set", required_argument, NULL, 's'},
					     {"clear", no_argument, NULL, 'c'},
					     {"version", required_argument, NULL, 'v'},
					     {"snooze", required_argument, NULL, 'z'},
					     {"patch", no_argument, NULL, 'p'},
					     {"rfc", no_argument, NULL, 'R'},
					     {"no-rfc", no_argument, NULL, 'N'},
					     {"wake", no_argument, NULL, 'w'},
					     {"json", no_argument, NULL, 'j'},
					     {NULL, 0, NULL, 0}};
	bool json = false, change = false, snooze = false, patch = false;
	int rfc = -1;
	int64_t until = 0;
	const char *tag = NULL;
	int state = -1, version = 0, c, rc;
	pb_rstate_t parsed;
	pb_index_t *idx;
	const pb_version_t **vs;
	size_t n;
	char *e;

	if (cli_wants_help(argc, argv, state_usage))
		return EXIT_OK;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:v:", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (change || pb_rstate_parse(&parsed, optarg) != PB_OK) {
				cli_errorf(change ? "patchbay state: --set and --clear: one of them\n"
						  : "patchbay state: no review state '%s' (see patchbay state --help)\n",
					   optarg);
				return EXIT_USAGE;
			}
			state = (int)parsed;
			change = true;
			break;
		case 'c':
			if (change) {
				cli_errorf("patchbay state: --set and --clear: one of them\n");
				return EXIT_USAGE;
			}
			change = true;
			state = -1;
			break;
		case 'v':
			version = (int)strtol(optarg, &e, 10);
			if (*e || version < 1) {
				cli_errorf("patchbay state: bad version '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'z':
		case 'w':
			if (snooze) {
				cli_errorf("patchbay state: --snooze and --wake: one of them\n");
				return EXIT_USAGE;
			}
			snooze = true;
			until = -1;
			if (c == 'z') {
				pb_error_t perr = {0};
				if (pb_snooze_parse_end(&until, &tag, optarg, (int64_t)time(NULL), &perr) != PB_OK) {
					cli_errorf("patchbay state: --snooze%s%s\n",
						   strncmp(optarg, "tag:", 4) == 0 ? ": " : " ", pb_error_msg(&perr));
					return EXIT_USAGE;
				}
			}
			break;
		case 'p': patch = true; break;
		case 'R':
		case 'N':
			if (rfc >= 0) {
				cli_errorf("patchbay state: --rfc and --no-rfc: one of them\n");
				return EXIT_USAGE;
			}
			rfc = c == 'R';
			break;
		case 'j': json = true; break;
		default: fputs(state_usage, stderr); return EXIT_USAGE;
		}
	}
	n = (size_t)(argc - optind);
	if (n == 0 || (version && n != 1)) {
		fputs(state_usage, stderr);
		return EXIT_USAGE;
	}
	if (patch && (version || snooze || rfc >= 0)) {
		cli_errorf("patchbay state: --patch is of the patch alone; no --version, --snooze or --rfc\n");
		return EXIT_USAGE;
	}
	if ((rc = cli_open_index(cli, &idx)))
		return rc;
	cli_attach_target(cli, idx);
	if (patch)
		return patch_states(cli, idx, argv + optind, n, change, state, json);
	vs = talloc_array(cli->ctx, const pb_version_t *, n);
	if (!vs)
		return EXIT_FAILED;
	/* every series is found before anything is written */
	for (size_t i = 0; i < n; i++) {
		pb_series_t *s = NULL;
		if ((rc = cli_find_series(cli, idx, argv[optind + i], &s)))
			return rc;
		if (!(vs[i] = pick(s, version))) {
			cli_errorf("patchbay state: <%s> has no v%d\n", s->id, version);
			return EXIT_NOTFOUND;
		}
	}
	if (change || snooze || rfc >= 0) {
		pb_error_t err = {0};
		/* (two transactions when both are asked: the state first) */
		if (change && (rc = pb_store_set_review(idx, vs, n, state, &err))) {
			cli_errorf("patchbay state: %s (nothing was changed)\n", pb_error_msg(&err));
			return cli_exit_code(rc);
		}
		if (rfc >= 0 && (rc = pb_store_set_rfc(idx, vs, n, rfc == 1, &err))) {
			cli_errorf("patchbay state: %s (%s)\n", pb_error_msg(&err),
				   change ? "the state was set; the RFC flag not" : "nothing was changed");
			return cli_exit_code(rc);
		}
		if (snooze && (rc = tag ? pb_store_snooze_tag(idx, vs, n, tag, &err)
					: pb_store_snooze(idx, vs, n, until, &err))) {
			cli_errorf("patchbay state: %s (%s)\n", pb_error_msg(&err),
				   change ? "the state was set; not snoozed" : "nothing was changed");
			return cli_exit_code(rc);
		}
		/* the model is read again: what was written shows */
		if ((rc = pb_index_refresh(idx, &err))) {
			cli_errorf("patchbay state: %s\n", pb_error_msg(&err));
			return cli_exit_code(rc);
		}
	}
	printer_t *pr = printer_new(cli->ctx, json ? PRINTER_JSON : PRINTER_TEXT, stdout, 2);
	if (!pr)
		return EXIT_FAILED;
	pr_begin_list(pr);
	for (size_t i = 0; i < n; i++) {
		pb_series_t *s = NULL;
		const pb_version_t *v;
		pb_review_t r;
		if (pb_index_find(idx, argv[optind + i], &s, NULL, NULL) != PB_OK || !(v = pick(s, version)) ||
		    pb_review_version(&r, pb_index_series(idx), s, v) != PB_OK) {
			cli_errorf("patchbay state: <%s> is gone from the database\n", argv[optind + i]);
			rc = EXIT_NOTFOUND;
			continue;
		}
		print_version(pr, !cli->quiet || !(change || snooze || rfc >= 0), pb_index_tag_prefix(idx), s, v, &r);
	}
	pr_end(pr);
	return rc;
}
