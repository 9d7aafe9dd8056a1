/* cmd_search.c: `patchbay searches`: the saved searches and how many
 * series each matches (search.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "patchbay/search.h"
#include "cli/cli.h"
#include "cli/printer.h"

static const char searches_usage[] =
	"Usage: patchbay searches [--json]\n"
	"\n"
	"The saved searches and how many series each matches: \"all\" (git config\n"
	"patchbay.query, else every series), \"unread\" (tag:unread), every git config\n"
	"patchbay.search.NAME (a notmuch query), and state:NAME for each review state\n"
	"set by hand on some series (tag:pb/NAME). Pass a search's query to\n"
	"patchbay list or patchbay queue; the TUI opens one with y.\n";

int cmd_searches(cli_t *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
	bool json = false;
	pb_index_t *idx;
	pb_search_t *v;
	size_t n;
	pb_error_t err = {0};
	int c, rc;

	if (cli_wants_help(argc, argv, searches_usage))
		return EXIT_OK;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'j') {
			json = true;
		} else {
			fputs(searches_usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fputs(searches_usage, stderr);
		return EXIT_USAGE;
	}
	if ((rc = cli_open_index(cli, &idx)))
		return rc;
	if ((rc = pb_searches(&v, &n, cli->ctx, idx, cli_conf(cli), &err)) != PB_OK) {
		cli_errorf("patchbay searches: %s\n", pb_error_msg(&err));
		return cli_exit_code(rc);
	}
	if (err.status)
		cli_errorf("patchbay searches: %s (left out)\n", pb_error_msg(&err));
	printer_t *p = printer_new(cli->ctx, json ? PRINTER_JSON : PRINTER_TEXT, stdout, 1);
	if (!p)
		return cli_exit_code(PB_ERR_NOMEM);
	pr_begin_list(p);
	for (size_t i = 0; i < n; i++) {
		pr_begin_map(p);
		pr_kstr(p, "name", v[i].name);
		pr_kstr(p, "query", v[i].query);
		pr_kint(p, "count", (long long)v[i].count);
		pr_kbool(p, "builtin", v[i].builtin);
		pr_end(p);
		pr_textf(p, "%-20s %6zu  %s\n", v[i].name, v[i].count, v[i].query);
	}
	pr_end(p);
	return EXIT_OK;
}
