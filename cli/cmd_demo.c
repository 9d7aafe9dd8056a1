/* cmd_demo.c: `patchbay --demo` (make the demo archive, or reuse it, and
 * open it) and `patchbay demo-gen DIR` (write a fresh one). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demogen/demo.h"
#include "cli/cli.h"

static const char demo_gen_usage[] =
	"Usage: patchbay demo-gen DIR [--scale N] [--seed S]\n"
	"\n"
	"Write a fresh demo archive into DIR, which may be missing, empty, or\n"
	"hold an older demo archive: a git repository (DIR/repo), a maildir of\n"
	"patch series with its notmuch database (DIR/mail) and a notmuch config\n"
	"(DIR/notmuch-config). Prints the database path, for --db.\n"
	"\n"
	"  --scale N   about N*100 messages: the base set and generated series\n"
	"              (default 1: the base set only)\n"
	"  --seed S    seed of the generated series (default 1)\n";

/* A decimal number in [LO, HI]. */
static bool number(const char *s, unsigned long long lo, unsigned long long hi, unsigned long long *out)
{
	char *e;
	unsigned long long v;
	if (!s || !*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	v = strtoull(s, &e, 10);
	if (errno || *e || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static void report(const cli_t *cli, const pb_demo_result_t *r)
{
	if (cli->quiet)
		return;
	fprintf(stderr,
		"patchbay: %zu messages in %zu series in %s (%.1f s: repository and base set %.1f s, "
		"generated series %.1f s, notmuch new %.1f s)\n",
		r->n_messages, r->n_series, r->dir, r->t_repo + r->t_mail + r->t_index, r->t_repo, r->t_mail,
		r->t_index);
}

int cmd_demo_gen(cli_t *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"scale", required_argument, NULL, 's'},
					     {"seed", required_argument, NULL, 'S'},
					     {NULL, 0, NULL, 0}};
	pb_demo_opts_t o = {0};
	pb_demo_result_t *r;
	pb_error_t err = {0};
	unsigned long long v;
	int c;

	if (cli_wants_help(argc, argv, demo_gen_usage))
		return EXIT_OK;
	o.scale = 1;
	o.seed = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 's' && number(optarg, 1, PB_DEMO_MAX_SCALE, &v)) {
			o.scale = (unsigned)v;
		} else if (c == 'S' && number(optarg, 0, UINT64_MAX, &v)) {
			o.seed = v;
		} else {
			if (c == 's' || c == 'S')
				cli_errorf("patchbay demo-gen: bad %s '%s'\n", c == 's' ? "--scale" : "--seed",
					optarg);
			fputs(demo_gen_usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fputs(demo_gen_usage, stderr);
		return EXIT_USAGE;
	}
	o.dir = argv[optind];
	if (!cli->quiet)
		cli_errorf("patchbay: writing a demo archive of scale %u into %s\n", o.scale, o.dir);
	if (pb_demo_generate(cli->ctx, &r, &o, &err)) {
		cli_errorf("patchbay demo-gen: %s\n", pb_error_msg(&err));
		/* a folder demo-gen will not write into is a bad argument */
		return err.status == PB_ERR_REFUSED ? EXIT_USAGE : cli_exit_code(err.status);
	}
	printf("%s\n", r->db_path);
	report(cli, r);
	return EXIT_OK;
}

int cli_demo(cli_t *cli, const char *dir)
{
	pb_demo_opts_t o = {0};
	pb_demo_result_t *r;
	pb_error_t err = {0};
	char *d = NULL;

	if (!dir && pb_demo_default_dir(cli->ctx, &d, &err)) {
		cli_errorf("patchbay: %s (give --demo-dir DIR)\n", pb_error_msg(&err));
		return EXIT_USAGE;
	}
	o.dir = dir ? dir : d;
	o.scale = 1;
	if (pb_demo_open(cli->ctx, &r, o.dir, NULL) != PB_OK && !cli->quiet)
		cli_errorf("patchbay: building the demo archive in %s\n", o.dir);
	/* (another patchbay may be building it: this waits for it) */
	if (pb_demo_ensure(cli->ctx, &r, &o, &err)) {
		cli_errorf("patchbay: %s\n", pb_error_msg(&err));
		return EXIT_USAGE;
	}
	if (r->reused && !cli->quiet)
		cli_errorf("patchbay: using the demo archive in %s\n", r->dir);
	else if (!r->reused)
		report(cli, r);
	cli->db_path = r->db_path;
	cli->demo = true;
	/* the demo's series are for the demo's repository: checks look up
	 * base commits there, apply writes topic branches there */
	cli->repo_path = r->repo_path;
	return EXIT_OK;
}
