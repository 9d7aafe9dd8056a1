/* cmd_interdiff.c: `patchbay interdiff`: what changed between two versions. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patchbay/interdiff.h"
#include "cli/cli.h"
#include "cli/json.h"

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

static void json_lines(json_t *j, const char *key, const pb_idiff_line_t *l, size_t n)
{
	json_key(j, key);
	json_begin_arr(j);
	for (size_t i = 0; i < n; i++) {
		json_begin_obj(j);
		json_kstr(j, "role", role_names[l[i].role]);
		if (l[i].inner != PB_IDIFF_IN_NONE)
			json_kstr(j, "inner", inner_names[l[i].inner]);
		json_kstr(j, "text", l[i].text);
		json_end_obj(j);
	}
	json_end_arr(j);
}

static void json_side(json_t *j, const char *key, int pos, const pb_patch_t *p, const char *title,
		      const char *pid)
{
	json_key(j, key);
	if (!pos) {
		json_null(j);
		return;
	}
	json_begin_obj(j);
	json_kint(j, "position", pos);
	json_kint(j, "index", p ? p->index : pos);
	json_kstr(j, "msgid", p ? p->rec->msgid : NULL);
	json_kstr(j, "title", title);
	json_kstr(j, "patch_id", pid);
	json_end_obj(j);
}

static void json_interdiff(const pb_series_t *s, const pb_interdiff_t *d)
{
	json_t j;
	json_init(&j, stdout, 1);
	json_begin_obj(&j);
	json_kstr(&j, "series", s->id);
	json_kint(&j, "from", d->from->version);
	json_kstr(&j, "from_root", d->from->root->msgid);
	json_kint(&j, "to", d->to->version);
	json_kstr(&j, "to_root", d->to->root->msgid);
	json_key(&j, "counts");
	json_begin_obj(&j);
	for (int k = 0; k < PB_PAIR_COUNT; k++)
		json_kint(&j, pb_pair_status_name((pb_pair_status_t)k), d->counts[k]);
	json_kint(&j, "message_only", d->n_message_only);
	json_end_obj(&j);
	json_key(&j, "pairs");
	json_begin_arr(&j);
	for (size_t i = 0; i < d->n_pairs; i++) {
		const pb_idiff_pair_t *p = &d->pairs[i];
		json_begin_obj(&j);
		json_kstr(&j, "status", pb_pair_status_name(p->status));
		json_side(&j, "old", p->old_pos, p->old_patch, p->old_title, p->old_patch_id);
		json_side(&j, "new", p->new_pos, p->new_patch, p->new_title, p->new_patch_id);
		json_kbool(&j, "diff_changed", p->diff_changed);
		json_kbool(&j, "message_changed", p->message_changed);
		json_kint(&j, "cost", p->cost);
		json_lines(&j, "lines", p->lines, p->n_lines);
		json_end_obj(&j);
	}
	json_end_arr(&j);
	if (d->has_tree) {
		json_key(&j, "tree");
		json_begin_obj(&j);
		json_kstr(&j, "text", d->tree_text);
		json_key(&j, "skipped");
		json_begin_arr(&j);
		for (size_t k = 0; k < d->n_skipped; k++)
			json_str(&j, d->skipped[k]);
		json_end_arr(&j);
		json_end_obj(&j);
	}
	json_end_obj(&j);
	fputc('\n', stdout);
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
	if (json) {
		json_interdiff(s, d);
		return EXIT_OK;
	}
	printf("%s..%s: %s\n", pb_version_name(cli->ctx, s, from), pb_version_name(cli->ctx, s, to),
	       pb_interdiff_counts(cli->ctx, d));
	cli_puts_safe(stdout, pb_interdiff_format(cli->ctx, d));
	return EXIT_OK;
}
