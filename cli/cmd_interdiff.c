/* cmd_interdiff.c: `patchbay interdiff`: what changed between two versions. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patchbay/interdiff.h"
#include "cli/cli.h"
#include "cli/printer.h"

static const char interdiff_usage[] =
	"Usage: patchbay interdiff SERIES [--from N] [--to M] [--tree] [--json]\n"
	"\n"
	"Pair the patches of two versions of a series as git range-diff does, from\n"
	"the mails alone, and show per pair: = unchanged (equal patch-id), ! changed\n"
	"(the diff of the patches and of their commit messages), > added, < dropped.\n"
	"\n"
	"  --from N              the older version (default: the one before --to)\n"
	"  --to M                the newer version (default: the latest)\n"
	"  --creation-factor P   percent, as git range-diff (default 60)\n"
	"  --tree                also the interdiff of the trees, as format-patch\n"
	"                        --interdiff writes it (base rebuilt from the mails)\n"
	"  --json                machine-readable output\n"
	"\n"
	"A version number names its last posting (a RESEND); --from/--to also take\n"
	"the Message-ID of a cover letter or patch to pick one posting.\n";

static const char *const role_names[] = {"header", "context", "old", "new"};
static const char *const inner_names[] = {"none",  "meta",    "message", "file",
					  "hunk", "context", "added",   "removed"};

/* A version by number or by the Message-ID of one of its mails. */
static int pick(cli_t *cli, pb_index_t *idx, const pb_series_t *s, const char *arg, const pb_version_t **out)
{
	char *e;
	long n = strtol(arg, &e, 10);
	(void)cli;
	if (*arg && !*e) {
		*out = pb_series_version(s, (int)n);
	} else {
		pb_series_t *s2 = NULL;
		pb_version_t *v = NULL;
		*out = NULL;
		if (pb_index_find(idx, arg, &s2, &v, NULL) == PB_OK && s2 == s)
			*out = v;
	}
	if (!*out) {
		cli_errorf("patchbay interdiff: the series has no version %s\n", arg);
		return EXIT_NOTFOUND;
	}
	return EXIT_OK;
}

static void print_lines(printer_t *p, const char *key, const pb_idiff_line_t *l, size_t n)
{
	pr_key(p, key);
	pr_begin_list(p);
	for (size_t i = 0; i < n; i++) {
		pr_begin_map(p);
		pr_kstr(p, "role", role_names[l[i].role]);
		if (l[i].inner != PB_IDIFF_IN_NONE)
			pr_kstr(p, "inner", inner_names[l[i].inner]);
		pr_kstr(p, "text", l[i].text);
		pr_end(p);
	}
	pr_end(p);
}

static void print_side(printer_t *p, const char *key, int pos, const pb_patch_t *pa, const char *title,
		       const char *pid)
{
	pr_key(p, key);
	if (!pos) {
		pr_null(p);
		return;
	}
	pr_begin_map(p);
	pr_kint(p, "position", pos);
	pr_kint(p, "index", pa ? pa->index : pos);
	pr_kstr(p, "msgid", pa ? pa->rec->msgid : NULL);
	pr_kstr(p, "title", title);
	pr_kstr(p, "patch_id", pid);
	pr_end(p);
}

/* The interdiff D of series S, FROM..TO. Its text is one block below the
 * counts: the range-diff format of the core (pb_interdiff_format, which
 * the tests of the core read too), not a line per pair made here; the
 * pairs and lines of the JSON are that text's structure. */
static void print_interdiff(printer_t *p, void *tmp, const pb_series_t *s, const pb_interdiff_t *d)
{
	pr_textf(p, "%s..%s: %s\n", pb_version_name(tmp, s, d->from), pb_version_name(tmp, s, d->to),
		 pb_interdiff_counts(tmp, d));
	pr_begin_map(p);
	pr_kstr(p, "series", s->id);
	pr_kint(p, "from", d->from->version);
	pr_kstr(p, "from_root", d->from->root->msgid);
	pr_kint(p, "to", d->to->version);
	pr_kstr(p, "to_root", d->to->root->msgid);
	pr_key(p, "counts");
	pr_begin_map(p);
	for (int k = 0; k < PB_PAIR_COUNT; k++)
		pr_kint(p, pb_pair_status_name((pb_pair_status_t)k), d->counts[k]);
	pr_kint(p, "message_only", d->n_message_only);
	pr_end(p);
	pr_key(p, "pairs");
	pr_begin_list(p);
	for (size_t i = 0; i < d->n_pairs; i++) {
		const pb_idiff_pair_t *pa = &d->pairs[i];
		pr_begin_map(p);
		pr_kstr(p, "status", pb_pair_status_name(pa->status));
		print_side(p, "old", pa->old_pos, pa->old_patch, pa->old_title, pa->old_patch_id);
		print_side(p, "new", pa->new_pos, pa->new_patch, pa->new_title, pa->new_patch_id);
		pr_kbool(p, "diff_changed", pa->diff_changed);
		pr_kbool(p, "message_changed", pa->message_changed);
		pr_kint(p, "cost", pa->cost);
		print_lines(p, "lines", pa->lines, pa->n_lines);
		pr_end(p);
	}
	pr_end(p);
	if (d->has_tree) {
		pr_key(p, "tree");
		pr_begin_map(p);
		pr_kstr(p, "text", d->tree_text);
		pr_key(p, "skipped");
		pr_begin_list(p);
		for (size_t k = 0; k < d->n_skipped; k++)
			pr_str(p, d->skipped[k]);
		pr_end(p);
		pr_end(p);
	}
	pr_end(p);
	pr_json_blank_line(p);
	if (pr_is_text(p))
		pr_text(p, pb_interdiff_format(tmp, d));
}

int cmd_interdiff(cli_t *cli, int argc, char **argv)
{
	enum { O_FROM = 256, O_TO, O_CF, O_TREE, O_JSON };
	static const struct option opts[] = {{"from", required_argument, NULL, O_FROM},
					     {"to", required_argument, NULL, O_TO},
					     {"creation-factor", required_argument, NULL, O_CF},
					     {"tree", no_argument, NULL, O_TREE},
					     {"json", no_argument, NULL, O_JSON},
					     {NULL, 0, NULL, 0}};
	const char *from_arg = NULL, *to_arg = NULL;
	pb_interdiff_opts_t o = {0};
	bool json = false;
	const pb_version_t *from = NULL, *to = NULL;
	pb_interdiff_t *d;
	pb_index_t *idx;
	pb_series_t *s;
	pb_error_t err = {0};
	int c, rc;

	if (cli_wants_help(argc, argv, interdiff_usage))
		return EXIT_OK;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char *e;
		switch (c) {
		case O_FROM: from_arg = optarg; break;
		case O_TO: to_arg = optarg; break;
		case O_TREE: o.tree = true; break;
		case O_JSON: json = true; break;
		case O_CF:
			o.creation_factor = (int)strtol(optarg, &e, 10);
			if (*e || o.creation_factor < 1) {
				cli_errorf("patchbay interdiff: bad creation factor '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		default: fputs(interdiff_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fputs(interdiff_usage, stderr);
		return EXIT_USAGE;
	}
	if ((rc = cli_open_index(cli, &idx)))
		return rc;
	if ((rc = cli_find_series(cli, idx, argv[optind], &s)))
		return rc;
	if (to_arg && (rc = pick(cli, idx, s, to_arg, &to)))
		return rc;
	if (!to)
		to = pb_series_latest(s);
	if (from_arg && (rc = pick(cli, idx, s, from_arg, &from)))
		return rc;
	if (!from) {
		for (size_t i = 1; i < s->n_versions; i++)
			if (s->versions[i] == to)
				from = s->versions[i - 1];
	}
	if (!from || from == to) {
		cli_errorf("patchbay interdiff: give two different versions (the series has %zu)\n",
			s->n_versions);
		return EXIT_USAGE;
	}
	if (pb_interdiff_versions(cli->ctx, &d, idx, from, to, &o, &err)) {
		cli_errorf("patchbay interdiff: %s\n", pb_error_msg(&err));
		return cli_exit_code(err.status);
	}
	printer_t *p = printer_new(cli->ctx, json ? PRINTER_JSON : PRINTER_TEXT, stdout, 1);
	if (!p)
		return cli_exit_code(PB_ERR_NOMEM);
	print_interdiff(p, cli->ctx, s, d);
	return EXIT_OK;
}
