/* cmd_am.c: `patchbay am`: a git-am-ready mbox, as `b4 am` writes. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patchbay/am.h"
#include "patchbay/output.h"
#include "patchbay/trailer.h"
#include "cli/cli.h"

static const char am_usage[] =
	"Usage: patchbay am SERIES [OPTIONS]\n"
	"\n"
	"Write the patches of a series as an mbox for git am, each with every\n"
	"trailer collected from the replies (and from replies to the cover letter).\n"
	"\n"
	"  --version N, -v N     take version N (default: the latest)\n"
	"  -o FILE               write to FILE (default: standard output)\n"
	"  --patches LIST        only these patches, e.g. 1,3-5\n"
	"  -s, --add-my-sob      add my Signed-off-by (git config user.*)\n"
	"  --carry               also take trailers given on earlier versions of\n"
	"                        unchanged patches (same patch-id)\n"
	"  --sloppy              also take trailers whose sender does not match\n"
	"  --cc                  add Cc: trailers for the patch's To/Cc\n"
	"  --no-add              add no trailers\n"
	"  --no-link             no Link: trailer even if patchbay.linkmask is set\n"
	"  --order LIST          trailer order, e.g. 'Cc,Fixes*,Reviewed*,*'\n"
	"                        (default: git config patchbay.trailerOrder)\n"
	"  --ignore-from ADDRS   drop trailers from these addresses\n"
	"  --trailer 'NAME: VALUE'  add a trailer (repeatable), e.g. your own\n"
	"                        Reviewed-by given while applying\n"
	"\n"
	"git config patchbay.linkmask (e.g. https://lore.kernel.org/r/%s) adds a\n"
	"Link: trailer per patch.\n"
	"\n"
	"On standard error (not with -q): each patch written, the trailers added\n"
	"to it (+), and those left out with the option that takes them (~ given\n"
	"on an earlier version: --carry; ? not sent by the person named: --sloppy).\n";

/* What was added to each patch written, and what was left out and how to
 * take it (b4 am lists the trailers it collected), on standard error:
 * R[N], made by pb_am_mbox_report from the mails it wrote (V's patches). */
static void report(cli_t *cli, const pb_version_t *v, const pb_am_report_t *r, size_t n)
{
	void *tmp = talloc_new(cli->ctx);
	for (size_t i = 0; tmp && i < n; i++) {
		const pb_patch_t *p = r[i].patch;
		char *text = talloc_asprintf(tmp, "  [%d/%d] %s\n", p->index, v->total, p->rec->title ? p->rec->title : "");
		for (size_t k = 0; text && k < r[i].n_added; k++)
			text = talloc_asprintf_append(text, "    + %s\n", r[i].added[k]);
		for (size_t k = 0; text && k < r[i].n_left; k++) {
			const pb_trailer_t *t = &r[i].left[k];
			text = (t->flags & PB_TRAILER_CARRIED)
				       ? talloc_asprintf_append(text, "    ~ %s  (given on v%d; --carry takes it)\n",
								pb_trailer_format(tmp, t), t->from_version)
				       : talloc_asprintf_append(text,
								"    ? %s  (not sent by the person named; --sloppy takes it)\n",
								pb_trailer_format(tmp, t));
		}
		if (text)
			cli_puts_safe(stderr, text);
	}
	talloc_free(tmp);
}

int cmd_am(cli_t *cli, int argc, char **argv)
{
	enum { O_CARRY = 256, O_SLOPPY, O_CC, O_NOADD, O_NOLINK, O_ORDER, O_IGNORE, O_PATCHES, O_TRAILER };
	static const struct option opts[] = {
		{"version", required_argument, NULL, 'v'}, {"output", required_argument, NULL, 'o'},
		{"add-my-sob", no_argument, NULL, 's'},     {"carry", no_argument, NULL, O_CARRY},
		{"sloppy", no_argument, NULL, O_SLOPPY},    {"cc", no_argument, NULL, O_CC},
		{"no-add", no_argument, NULL, O_NOADD},     {"no-link", no_argument, NULL, O_NOLINK},
		{"order", required_argument, NULL, O_ORDER}, {"ignore-from", required_argument, NULL, O_IGNORE},
		{"patches", required_argument, NULL, O_PATCHES}, {"trailer", required_argument, NULL, O_TRAILER},
		{NULL, 0, NULL, 0}};
	const char **extra = NULL;
	size_t n_extra = 0;
	pb_am_opts_t o = {0};
	const char *outfile = NULL;
	bool sob = false, nolink = false;
	pb_person_t me;
	pb_index_t *idx;
	pb_series_t *s;
	pb_error_t err = {0};
	char *mbox;
	pb_am_report_t *reports = NULL;
	size_t n;
	int c, rc;

	if (cli_wants_help(argc, argv, am_usage))
		return EXIT_OK;
	while ((c = getopt_long(argc, argv, "v:o:s", opts, NULL)) != -1) {
		char *e;
		switch (c) {
		case 'v':
			o.version = (int)strtol(optarg, &e, 10);
			if (*e || o.version < 1) {
				cli_errorf("patchbay am: bad version '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'o': outfile = optarg; break;
		case 's': sob = true; break;
		case O_CARRY: o.carried = true; break;
		case O_SLOPPY: o.sloppy = true; break;
		case O_CC: o.cc = true; break;
		case O_NOADD: o.no_add = true; break;
		case O_NOLINK: nolink = true; break;
		case O_ORDER: o.trailer_order = optarg; break;
		case O_IGNORE: o.ignore_from = optarg; break;
		case O_PATCHES: o.patches = optarg; break;
		case O_TRAILER:
			if (!cli_add_trailer(cli, "am", &extra, &n_extra, optarg))
				return EXIT_USAGE;
			o.extra = extra;
			break;
		default: fputs(am_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fputs(am_usage, stderr);
		return EXIT_USAGE;
	}
	if (o.patches && pb_am_selected(o.patches, 1) == PB_AM_SPEC_BAD) {
		cli_errorf("patchbay am: bad patch list '%s' (use e.g. 1,3-5)\n", o.patches);
		return EXIT_USAGE;
	}
	if (!nolink)
		o.linkmask = pb_conf_get(cli_conf(cli), "patchbay.linkmask");
	if (!o.trailer_order)
		o.trailer_order = pb_conf_get(cli_conf(cli), "patchbay.trailerOrder");
	if (sob) {
		if (pb_conf_identity(cli_conf(cli), cli->ctx, &me, &err)) {
			cli_errorf("patchbay am: %s\n", pb_error_msg(&err));
			return EXIT_USAGE;
		}
		o.signoff = &me;
	}
	if ((rc = cli_open_index(cli, &idx)))
		return rc;
	if ((rc = cli_find_series(cli, idx, argv[optind], &s)))
		return rc;
	/* a message of an older version still means the series (b4 am takes
	 * the version of the thread named): say which one is written */
	if (!o.version && !cli->quiet) {
		pb_version_t *named = NULL;
		const pb_version_t *latest = pb_series_latest(s);
		if (pb_index_find(idx, argv[optind], NULL, &named, NULL) == PB_OK && named && latest &&
		    named != latest)
			cli_errorf("patchbay am: %s is of v%d; writing the latest, v%d (-v %d for that one)\n",
				   argv[optind], named->version, latest->version, named->version);
	}
	/* the report (not with -q) is made from the mails the mbox is
	 * made of, as they were read for it */
	if (pb_am_mbox_report(cli->ctx, &mbox, cli->quiet ? NULL : &reports, &n, idx, s, &o, &err)) {
		cli_errorf("patchbay am: %s\n", pb_error_msg(&err));
		return cli_exit_code(err.status);
	}
	if (n == 0) {
		cli_errorf("patchbay am: no patch matches --patches %s\n", o.patches);
		return EXIT_NOTFOUND;
	}
	/* "-" and /dev/stdout mean standard output as the shell set it up
	 * (a file opened for appending stays appended to) */
	if (outfile && (strcmp(outfile, "-") == 0 || strcmp(outfile, "/dev/stdout") == 0))
		outfile = NULL;
	if (outfile && cli_is_terminal(outfile)) {
		/* a terminal named by path gets what stdout on a terminal gets */
		FILE *tty = fopen(outfile, "we");
		if (!tty) {
			cli_errorf("patchbay am: %s: %s\n", outfile, strerror(errno));
			return EXIT_USAGE;
		}
		cli_write(tty, mbox, strlen(mbox));
		fclose(tty);
	} else if (outfile) {
		if (pb_output_file(outfile, mbox, strlen(mbox), &err)) {
			cli_errorf("patchbay am: %s\n", pb_error_msg(&err));
			return EXIT_USAGE;
		}
	} else {
		cli_write(stdout, mbox, strlen(mbox));
	}
	if (!cli->quiet) {
		const pb_version_t *v = o.version ? pb_series_version(s, o.version) : pb_series_latest(s);
		report(cli, v, reports, n);
		cli_errorf("patchbay am: %zu patch%s of v%d%s%s\n", n, n == 1 ? "" : "es", v->version,
			outfile ? " written to " : "", outfile ? outfile : "");
	}
	return EXIT_OK;
}
