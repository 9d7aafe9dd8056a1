/* cmd_sync.c: `patchbay sync`: share review states with the team through
 * git (sync.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patchbay/review.h"
#include "patchbay/sync.h"
#include "cli/cli.h"

static const char sync_usage[] =
	"Usage: patchbay sync [--remote URL] [--repo DIR]\n"
	"\n"
	"Share the review states (the notmuch tags of patchbay.tagPrefix, default\n"
	"pb/) with your team through a git repository, with notmuch git: commit\n"
	"this database's, merge the team's (a tag added on either side is kept, one\n"
	"removed on either side goes), write the result into notmuch, push it.\n"
	"Two people who change different series both keep their changes; when\n"
	"both set the same series, both states are kept and the series shows the\n"
	"conflict until one of you sets it again and syncs. No tag outside the\n"
	"prefix is read or written.\n"
	"\n"
	"  --remote URL  the team's repository (git config patchbay.sync.remote);\n"
	"                without one, only commit locally\n"
	"  --repo DIR    notmuch git's repository (git config patchbay.sync.repo;\n"
	"                default $XDG_DATA_HOME/patchbay/sync.git), made if missing\n";

int cmd_sync(cli_t *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"remote", required_argument, NULL, 'r'},
					     {"repo", required_argument, NULL, 'C'},
					     {NULL, 0, NULL, 0}};
	pb_sync_opts_t o = {0};
	pb_sync_result_t res;
	pb_error_t err = {0};
	pb_index_t *idx;
	const pb_series_set_t *set;
	unsigned conflicts = 0;
	int c, rc;

	if (cli_wants_help(argc, argv, sync_usage))
		return EXIT_OK;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'r': o.remote = optarg; break;
		case 'C': o.repo = optarg; break;
		default: fputs(sync_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		fputs(sync_usage, stderr);
		return EXIT_USAGE;
	}
	if (pb_sync_opts_load(&o, cli->ctx, cli_conf(cli)) != PB_OK) {
		cli_errorf("patchbay sync: no repository: give --repo or set patchbay.sync.repo\n");
		return EXIT_USAGE;
	}
	o.notmuch_config = cli->notmuch_config;
	if ((rc = cli_open_index(cli, &idx)))
		return rc;
	if ((rc = pb_sync(idx, cli->ctx, &res, &o, &err))) {
		cli_errorf("patchbay sync: %s\n", pb_error_msg(&err));
		return cli_exit_code(rc);
	}
	if ((rc = pb_index_refresh(idx, &err))) {
		cli_errorf("patchbay sync: %s\n", pb_error_msg(&err));
		return cli_exit_code(rc);
	}
	set = pb_index_series(idx);
	for (size_t i = 0; set && i < set->n; i++) {
		pb_review_t r;
		const pb_series_t *s = set->v[i];
		if (pb_review_version(&r, set, s, NULL) != PB_OK || !r.conflict)
			continue;
		conflicts++;
		cli_puts_safe(stdout, talloc_asprintf(cli->ctx,
						      "conflict: <%s> \"%s\": two review states; %s holds until "
						      "someone sets it again (patchbay state --set)\n",
						      s->id, s->title, pb_rstate_name(r.state)));
	}
	if (!cli->quiet)
		cli_errorf("patchbay sync: %s%u tag change%s sent, %u received%s%s; %u conflict%s\n",
			   res.created ? "new repository; " : "", res.sent, res.sent == 1 ? "" : "s", res.received,
			   o.remote && *o.remote ? " from " : " (no remote: committed only)",
			   o.remote && *o.remote ? o.remote : "", conflicts, conflicts == 1 ? "" : "s");
	return EXIT_OK;
}
