/* cmd_check.c: `patchbay check`: the project's rules applied to a series. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patchbay/check.h"
#include "cli/cli.h"
#include "cli/printer.h"

static const char check_usage[] =
	"Usage: patchbay check SERIES [--version N] [--profile P] [--quick] [--json]\n"
	"\n"
	"Check one version of a series (default: the latest) against the rules of\n"
	"a profile: linux (default), kvm-x86 or xen (git config patchbay.profile).\n"
	"Every finding names its check, severity and patch and quotes the line.\n"
	"\n"
	"  --version N     the version to check (a number or a Message-ID)\n"
	"  --profile P     linux, kvm-x86, xen or ltp\n"
	"  --quick         only what needs no mail, repository or checkpatch\n"
	"  --list          list the checks of the profile with their severities\n"
	"  --json          machine-readable output\n"
	"\n"
	"Checks are switched and tuned in git config: patchbay.check.<id> =\n"
	"off|on|error|warning|note, patchbay.check.<id>.limit = N, see docs/checks.md.\n"
	"Exit status: 0 no error, 1 some finding is an error, 2 bad usage.\n";

static void list_checks(const pb_profile_t *pf)
{
	printf("profile %s\n", pf->name);
	for (int i = 0; i < PB_CHECK_COUNT; i++) {
		const pb_check_info_t *ci = pb_check_info((pb_check_id_t)i);
		printf("  %-24s %-8s %-7s %s\n", ci->id, pf->enabled[i] ? pb_severity_name(pf->severity[i]) : "off",
		       ci->series ? "series" : "patch", ci->summary);
	}
}

/* The report R of profile PF: the counts, then every finding with its
 * quote. */
static void print_report(printer_t *p, const pb_check_report_t *r, const pb_profile_t *pf)
{
	void *tmp = talloc_new(NULL);
	pr_begin_map(p);
	pr_kstr(p, "series", r->series->id);
	pr_kint(p, "version", r->version->version);
	pr_kstr(p, "profile", pf->name);
	pr_kbool(p, "quick", r->quick);
	pr_kstr(p, "repository", r->repo_path);
	pr_kstr(p, "repository_note", r->repo_note);
	pr_key(p, "counts");
	pr_begin_map(p);
	for (int k = PB_SEV_COUNT; k-- > 0;)
		pr_kint(p, pb_severity_name((pb_severity_t)k), r->counts[k]);
	pr_end(p);
	pr_textf(p, "v%d of \"%s\" (profile %s%s): %u error%s, %u warning%s, %u note%s\n", r->version->version,
		 r->series->title, pf->name, r->quick ? ", quick" : "", r->counts[PB_SEV_ERROR],
		 r->counts[PB_SEV_ERROR] == 1 ? "" : "s", r->counts[PB_SEV_WARNING],
		 r->counts[PB_SEV_WARNING] == 1 ? "" : "s", r->counts[PB_SEV_NOTE], r->counts[PB_SEV_NOTE] == 1 ? "" : "s");
	if (r->repo_note)
		pr_textf(p, "Fixes: and base-commit: %s\n", r->repo_note);
	pr_key(p, "findings");
	pr_begin_list(p);
	for (size_t i = 0; i < r->n; i++) {
		const pb_finding_t *f = &r->v[i];
		pr_begin_map(p);
		pr_kstr(p, "check", f->id);
		pr_kstr(p, "severity", pb_severity_name(f->severity));
		pr_kint(p, "version", f->version);
		pr_kint(p, "patch", f->patch);
		pr_kstr(p, "msgid", f->msgid);
		pr_kstr(p, "message", f->message);
		pr_kstr(p, "quote", f->quote);
		pr_end(p);
		pr_textf(p, "%-7s %-22s %-8s %s\n", pb_severity_name(f->severity), f->id,
			 f->patch ? talloc_asprintf(tmp, "[%d/%d]", f->patch, r->version->total) : "[series]", f->message);
		if (f->quote)
			pr_textf(p, "        | %s\n", f->quote);
	}
	pr_end(p);
	pr_end(p);
	pr_json_blank_line(p);
	talloc_free(tmp);
}

int cmd_check(cli_t *cli, int argc, char **argv)
{
	enum { O_VERSION = 256, O_PROFILE, O_QUICK, O_JSON, O_LIST };
	static const struct option opts[] = {{"version", required_argument, NULL, O_VERSION},
					     {"profile", required_argument, NULL, O_PROFILE},
					     {"quick", no_argument, NULL, O_QUICK},
					     {"json", no_argument, NULL, O_JSON},
					     {"list", no_argument, NULL, O_LIST},
					     {NULL, 0, NULL, 0}};
	const char *version = NULL, *profile = NULL;
	bool json = false, list = false;
	pb_check_opts_t o = {0};
	pb_check_report_t *r;
	pb_profile_t *pf;
	pb_index_t *idx;
	pb_series_t *s;
	pb_error_t err = {0};
	int c, rc;

	if (cli_wants_help(argc, argv, check_usage))
		return EXIT_OK;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_VERSION: version = optarg; break;
		case O_PROFILE: profile = optarg; break;
		case O_QUICK: o.quick = true; break;
		case O_JSON: json = true; break;
		case O_LIST: list = true; break;
		default: fputs(check_usage, stderr); return EXIT_USAGE;
		}
	}
	if (pb_profile_load(cli->ctx, &pf, cli_conf(cli), profile, &err)) {
		cli_errorf("patchbay check: %s\n", pb_error_msg(&err));
		return EXIT_USAGE;
	}
	if (list && optind == argc) {
		list_checks(pf);
		return EXIT_OK;
	}
	if (optind != argc - 1) {
		fputs(check_usage, stderr);
		return EXIT_USAGE;
	}
	if ((rc = cli_open_index(cli, &idx)))
		return rc;
	if ((rc = cli_find_series(cli, idx, argv[optind], &s)))
		return rc;
	if (version) {
		char *e;
		long n = strtol(version, &e, 10);
		pb_series_t *s2 = NULL;
		pb_version_t *v = NULL;
		if (*version && !*e)
			v = pb_series_version(s, (int)n);
		else if (pb_index_find(idx, version, &s2, &v, NULL) != PB_OK || s2 != s)
			v = NULL;
		if (!v) {
			cli_errorf("patchbay check: the series has no version %s\n", version);
			return EXIT_USAGE;
		}
		o.version = v;
	}
	o.profile = pf;
	if (pb_check_series(cli->ctx, &r, idx, s, &o, &err)) {
		cli_errorf("patchbay check: %s\n", pb_error_msg(&err));
		return EXIT_USAGE;
	}
	printer_t *p = printer_new(cli->ctx, json ? PRINTER_JSON : PRINTER_TEXT, stdout, 1);
	if (!p)
		return cli_exit_code(PB_ERR_NOMEM);
	print_report(p, r, pf);
	return r->counts[PB_SEV_ERROR] ? 1 : EXIT_OK;
}
