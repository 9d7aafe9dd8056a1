/* cmd_raw.c: `patchbay raw`: mail as it was received, as the TUI's h, |
 * and w keys give it (export.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patchbay/export.h"
#include "cli/cli.h"

static const char raw_usage[] =
	"Usage: patchbay raw MSGID... [--mbox]\n"
	"       patchbay raw --series SERIES [--version N]\n"
	"\n"
	"Write mail as it was received, every header and the body undecoded:\n"
	"one message as its file holds it, several as one mbox (mboxrd). With\n"
	"--series, the patches of a version of the series as posted, as an mbox\n"
	"(`patchbay am` adds the trailers collected since). On a terminal,\n"
	"control characters are shown, never sent.\n"
	"\n"
	"  --mbox                an mbox even for one message\n"
	"  --series              the arguments are series, not messages\n"
	"  --version N, -v N     with --series: version N (default: the latest)\n";

int cmd_raw(cli_t *cli, int argc, char **argv)
{
	enum { O_MBOX = 256, O_SERIES };
	static const struct option opts[] = {{"mbox", no_argument, NULL, O_MBOX},
					      {"series", no_argument, NULL, O_SERIES},
					      {"version", required_argument, NULL, 'v'},
					      {NULL, 0, NULL, 0}};
	bool mbox = false, series = false;
	int version = 0, c, rc;
	pb_index_t *idx;
	pb_error_t err = {0};
	const char **ids = NULL;
	size_t n = 0;
	char *out;
	size_t len;

	if (cli_wants_help(argc, argv, raw_usage))
		return EXIT_OK;
	while ((c = getopt_long(argc, argv, "v:", opts, NULL)) != -1) {
		char *e;
		switch (c) {
		case O_MBOX: mbox = true; break;
		case O_SERIES: series = true; break;
		case 'v':
			version = (int)strtol(optarg, &e, 10);
			if (*e || version < 1) {
				cli_errorf("patchbay raw: bad version '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		default: fputs(raw_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc || (version && !series)) {
		fputs(raw_usage, stderr);
		return EXIT_USAGE;
	}
	if ((rc = cli_open_index(cli, &idx)))
		return rc;
	for (int i = optind; i < argc; i++) {
		char **vids = NULL;
		size_t vn = 0;
		const char **nv;
		if (series) {
			pb_series_t *s;
			const pb_version_t *v = NULL;
			if ((rc = cli_find_series(cli, idx, argv[i], &s)))
				return rc;
			for (size_t k = 0; k < s->n_versions; k++)
				if (version ? s->versions[k]->version == version : k + 1 == s->n_versions)
					v = s->versions[k];
			if (!v) {
				cli_errorf("patchbay raw: the series has no v%d\n", version);
				return EXIT_NOTFOUND;
			}
			if (pb_export_version_ids(cli->ctx, v, &vids, &vn) != PB_OK)
				return cli_exit_code(PB_ERR_NOMEM);
			mbox = true;
		} else {
			vids = talloc_array(cli->ctx, char *, 1);
			if (!vids || !(vids[0] = pb_mail_msgid_clean(cli->ctx, argv[i])))
				return cli_exit_code(PB_ERR_NOMEM);
			vn = 1;
		}
		nv = talloc_realloc(cli->ctx, ids, const char *, n + vn);
		if (!nv)
			return cli_exit_code(PB_ERR_NOMEM);
		ids = nv;
		for (size_t k = 0; k < vn; k++)
			ids[n++] = vids[k];
	}
	rc = mbox || n > 1 ? pb_export_mbox(idx, cli->ctx, ids, n, &out, &len, &err)
			   : pb_export_raw(idx, cli->ctx, ids[0], &out, &len, &err);
	if (rc) {
		cli_errorf("patchbay raw: %s\n", pb_error_msg(&err));
		return cli_exit_code(rc);
	}
	cli_write(stdout, out, len);
	return EXIT_OK;
}
