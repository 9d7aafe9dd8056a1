/* cmd_apply.c: `patchbay apply`: a series onto a topic branch; --undo. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "patchbay/apply.h"
#include "patchbay/trailer.h"
#include "cli/cli.h"
#include "cli/printer.h"

static const char apply_usage[] =
	"Usage: patchbay apply SERIES [--branch NAME] [OPTIONS]\n"
	"       patchbay apply SERIES SERIES... --branch NAME [OPTIONS]\n"
	"       patchbay apply --undo --branch NAME [--repo PATH]\n"
	"\n"
	"Apply a series to a topic branch, all or nothing: the branch moves only when\n"
	"every patch applied; otherwise the repository is left exactly as it was and\n"
	"the patch, file and hunk that failed are named. Each commit gets the\n"
	"collected trailers (Acked-by, Reviewed-by, Tested-by from the replies).\n"
	"\n"
	"  --branch NAME     the branch (default from git config patchbay.branchFormat,\n"
	"                    e.g. topic/%a/%s-v%v: %a author, %s title, %v version,\n"
	"                    %n patches, %d date; asked for on a terminal)\n"
	"  --base REV        base (default: the series' base-commit when the repository\n"
	"                    has it, else git config patchbay.target, else HEAD)\n"
	"  --repo PATH       repository (default: patchbay.repo, else the current one)\n"
	"  --version N       version (default: the latest)\n"
	"  --patches LIST    only these patches, e.g. 1,3-5\n"
	"  --dry-run         apply in memory only: say what would happen\n"
	"  --force           replace a branch that would not fast-forward\n"
	"  --no-3way         no three-way merge when a hunk does not apply\n"
	"  --merge-into B    also merge the topic into branch B (cover letter as message)\n"
	"  -s, --signoff     add my Signed-off-by (default: git config patchbay.signoff)\n"
	"  --no-link         no Link: trailer even if patchbay.linkmask is set\n"
	"  --carry           also the trailers given on earlier versions of unchanged\n"
	"                    patches (same patch-id; default: patchbay.carryTrailers)\n"
	"  --trailer 'NAME: VALUE'  add this trailer to every commit (repeatable),\n"
	"                    e.g. your own Reviewed-by given while applying\n"
	"  --undo            put --branch back where it was before patchbay moved it\n"
	"  --json            print the result as JSON\n"
	"\n"
	"Several series go to one branch one on top of the other, oldest first (a\n"
	"series after those it depends on), each all or nothing and marked applied;\n"
	"it stops at the first that does not apply, and the ones before stay: --undo\n"
	"takes them back one at a time, the last first.\n"
	"A checked-out branch is updated with its work tree only when that is clean.\n"
	"Exit status: 0 applied, 1 not found (series, base, patches), 2 bad usage,\n"
	"3 not applied (conflict, or it would lose work): nothing was changed.\n";

static const char *base_source_name(pb_base_source_t b)
{
	switch (b) {
	case PB_BASE_GIVEN: return "given";
	case PB_BASE_COMMIT: return "base-commit";
	case PB_BASE_TARGET: return "target";
	default: return "HEAD";
	}
}

/* R, the result of one series (RC its status): its map, and its lines of
 * text, the summary line last unless SUMMARY is false (a batch says the
 * summary of the series it stopped at in its own line). The summary goes
 * to stderr when the series did not apply. */
static void print_result(printer_t *p, const pb_apply_result_t *r, int rc, bool summary)
{
	pr_begin_map(p);
	pr_kbool(p, "ok", rc == PB_OK);
	pr_kstr(p, "summary", r->summary);
	pr_kstr(p, "series", r->series_id);
	pr_kint(p, "version", r->version);
	pr_kstr(p, "repository", r->repo_path);
	pr_kstr(p, "branch", r->branch);
	pr_kstr(p, "base", r->base[0] ? r->base : NULL);
	pr_kstr(p, "base_source", r->base[0] ? base_source_name(r->base_source) : NULL);
	pr_kstr(p, "base_desc", r->base_desc);
	/* (the base can come from the mail's base-commit line) */
	if (r->base_desc)
		pr_textf(p, "Base:   %s\n", r->base_desc);
	pr_kstr(p, "old", r->old_id[0] ? r->old_id : NULL);
	if (r->branch && r->old_id[0])
		pr_textf(p, "Branch: %s (was at %.12s)\n", r->branch, r->old_id);
	else if (r->branch)
		pr_textf(p, "Branch: %s (new)\n", r->branch);
	pr_kstr(p, "new", r->new_id[0] ? r->new_id : NULL);
	pr_kstr(p, "merge", r->merge_id[0] ? r->merge_id : NULL);
	pr_kbool(p, "worktree_updated", r->worktree_updated);
	pr_kstr(p, "recovered", r->recovered);
	pr_key(p, "patches");
	pr_begin_list(p);
	for (size_t i = 0; i < r->n_patches; i++) {
		const pb_applied_t *a = &r->patches[i];
		pr_begin_map(p);
		pr_kint(p, "index", a->index);
		pr_kstr(p, "msgid", a->msgid);
		pr_kstr(p, "title", a->title);
		pr_kstr(p, "commit", a->commit[0] ? a->commit : NULL);
		pr_kbool(p, "three_way", a->three_way);
		pr_end(p);
		pr_textf(p, "  [%d] %-12.12s %s%s\n", a->index, a->commit[0] ? a->commit : (int)i == r->failed ? "FAILED" : "-",
			 a->title, a->three_way ? " (three-way)" : "");
	}
	pr_end(p);
	if (r->failed >= 0) {
		pr_key(p, "failed");
		pr_begin_map(p);
		pr_kint(p, "index", r->patches[r->failed].index);
		pr_kstr(p, "file", r->failed_file);
		pr_kint(p, "hunk", r->failed_hunk);
		pr_kint(p, "hunks", r->failed_hunks);
		pr_kstr(p, "hunk_header", r->failed_hunk_header);
		pr_key(p, "conflicts");
		pr_begin_list(p);
		for (size_t k = 0; k < r->n_conflicts; k++)
			pr_str(p, r->conflicts[k]);
		pr_end(p);
		pr_end(p);
	}
	pr_end(p);
	/* (the text names conflicts whenever it failed: a merge's too) */
	for (size_t k = 0; rc && k < r->n_conflicts; k++)
		pr_textf(p, "  conflict: %s\n", r->conflicts[k]);
	if (summary)
		pr_textf_to(p, rc ? stderr : stdout, "patchbay apply: %s\n", r->summary ? r->summary : "");
}

/* A batch (pb_apply_batch) of IDX: what it did, and each series' result
 * under its title. */
static void print_batch(printer_t *p, pb_index_t *idx, const pb_apply_batch_t *b, int rc)
{
	pr_begin_map(p);
	pr_kbool(p, "ok", rc == PB_OK);
	pr_kstr(p, "summary", b->summary);
	pr_kint(p, "applied", (long long)b->n_applied);
	pr_kbool(p, "mark_failed", b->mark_failed);
	pr_key(p, "results");
	pr_begin_list(p);
	for (size_t i = 0; i < b->n_results; i++) {
		if (pr_is_text(p)) {
			pb_series_t *bs = NULL;
			pb_index_find(idx, b->results[i]->series_id, &bs, NULL, NULL);
			pr_textf(p, "%sSeries: %s\n", i ? "\n" : "", bs ? bs->title : b->results[i]->series_id);
		}
		/* the batch's line names the series it stopped at and says
		 * why: that series' own summary, once */
		print_result(p, b->results[i], i < b->n_applied ? PB_OK : rc, i < b->n_applied);
	}
	pr_end(p);
	pr_end(p);
	pr_json_blank_line(p);
	pr_textf_to(p, rc ? stderr : stdout, "patchbay apply: %s\n", b->summary);
}

static int do_undo(cli_t *cli, const char *repo, const char *branch, bool json)
{
	pb_undo_result_t *u;
	pb_error_t err = {0};
	pb_unmark_result_t um = {0};
	printer_t *p;
	int rc = pb_apply_undo(cli->ctx, &u, repo, branch, &err);
	if (rc) {
		cli_errorf("patchbay apply: %s\n", pb_error_msg(&err));
		return cli_exit_code(rc);
	}
	if (u->series_msgid) {
		/* the series is not applied any more: untag it where the mail is
		 * (best effort: the branch is what undo is about) */
		pb_index_opts_t io = {0};
		pb_index_t *idx;
		io.db_path = cli->db_path;
		io.config_path = cli->notmuch_config;
		io.cache_dir = cli->cache_dir;
		io.no_cache = cli->no_cache;
		if (!cli->file && pb_index_open(cli->ctx, &idx, &io, NULL) == PB_OK &&
		    pb_index_find(idx, u->series_msgid, NULL, NULL, NULL) == PB_OK &&
		    pb_apply_unmark(cli->ctx, &um, idx, u->series_msgid, u->version, &err))
			cli_errorf("patchbay apply: %s\n", pb_error_msg(&err));
	}
	if (!(p = printer_new(cli->ctx, json ? PRINTER_JSON : PRINTER_TEXT, stdout, 2)))
		return cli_exit_code(PB_ERR_NOMEM);
	pr_begin_map(p);
	pr_kstr(p, "branch", u->branch);
	pr_kstr(p, "from", u->from);
	pr_kstr(p, "to", u->deleted ? NULL : u->to);
	pr_kbool(p, "deleted", u->deleted);
	pr_kbool(p, "worktree_updated", u->worktree_updated);
	if (u->deleted)
		pr_textf(p, "patchbay apply: undone: %s deleted (it was at %.12s)\n", u->branch, u->from);
	else
		pr_textf(p, "patchbay apply: undone: %s back at %.12s (was %.12s)%s\n", u->branch, u->to, u->from,
			 u->worktree_updated ? "; the work tree was updated" : "");
	pr_kstr(p, "undone", u->undone);
	pr_kint(p, "notifications_sent", (long long)um.n_told);
	pr_kstr(p, "notification", um.told_msgid);
	if (um.n_told && pr_is_text(p)) {
		char day[16] = "";
		time_t t = (time_t)um.told_date;
		struct tm tm;
		if (gmtime_r(&t, &tm))
			strftime(day, sizeof(day), "%Y-%m-%d", &tm);
		pr_textf(p, "patchbay apply: the author was told it was applied (%s, <%s>): reply there to say it was "
			    "undone\n",
			 day, um.told_msgid);
	}
	pr_end(p);
	pr_json_blank_line(p);
	return EXIT_OK;
}

/* apply SERIES SERIES...: the batch, oldest first, each on top of the one
 * before (pb_apply_batch). */
static int apply_batch(cli_t *cli, pb_index_t *idx, char **args, size_t n, const pb_apply_opts_t *o, bool json)
{
	const char **ids = talloc_array(cli->ctx, const char *, n);
	pb_apply_batch_t *b;
	pb_error_t err = {0};
	pb_series_t *s;
	printer_t *p;
	int rc;
	if (!ids)
		return cli_exit_code(PB_ERR_NOMEM);
	for (size_t i = 0; i < n; i++) {
		if ((rc = cli_find_series(cli, idx, args[i], &s)))
			return rc;
		ids[i] = s->id;
	}
	rc = pb_apply_batch(cli->ctx, &b, idx, ids, n, o, &err);
	if (!b) {
		cli_errorf("patchbay apply: %s\n", pb_error_msg(&err));
		return cli_exit_code(rc);
	}
	if (!(p = printer_new(cli->ctx, json ? PRINTER_JSON : PRINTER_TEXT, stdout, 2)))
		return cli_exit_code(PB_ERR_NOMEM);
	print_batch(p, idx, b, rc);
	return cli_exit_code(rc);
}

static const char *ask_branch(cli_t *cli, const char *def)
{
	char line[512];
	size_t n;
	printf("Branch [%s]: ", def);
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return def;
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	return n ? talloc_strdup(cli->ctx, line) : def;
}

int cmd_apply(cli_t *cli, int argc, char **argv)
{
	enum { O_BRANCH = 256, O_BASE, O_REPO, O_VERSION, O_PATCHES, O_DRY, O_FORCE, O_NO3, O_MERGE, O_NOLINK,
	       O_UNDO, O_JSON, O_TRAILER, O_CARRY };
	static const struct option opts[] = {
		{"branch", required_argument, NULL, O_BRANCH}, {"base", required_argument, NULL, O_BASE},
		{"repo", required_argument, NULL, O_REPO},     {"version", required_argument, NULL, O_VERSION},
		{"patches", required_argument, NULL, O_PATCHES}, {"dry-run", no_argument, NULL, O_DRY},
		{"force", no_argument, NULL, O_FORCE},         {"no-3way", no_argument, NULL, O_NO3},
		{"merge-into", required_argument, NULL, O_MERGE}, {"signoff", no_argument, NULL, 's'},
		{"no-link", no_argument, NULL, O_NOLINK},      {"undo", no_argument, NULL, O_UNDO},
		{"json", no_argument, NULL, O_JSON},           {"trailer", required_argument, NULL, O_TRAILER},
		{"carry", no_argument, NULL, O_CARRY},
		{NULL, 0, NULL, 0}};
	const char **extra = NULL;
	size_t n_extra = 0;
	pb_apply_opts_t o = {0};
	pb_apply_result_t *r;
	const char *repo = NULL;
	bool undo = false, json = false, nolink = false, signoff = false, carry = false;
	pb_conf_t *conf;
	pb_index_t *idx;
	pb_series_t *s;
	printer_t *p;
	pb_error_t err = {0};
	int c, rc;

	if (cli_wants_help(argc, argv, apply_usage))
		return EXIT_OK;
	while ((c = getopt_long(argc, argv, "s", opts, NULL)) != -1) {
		char *e;
		switch (c) {
		case O_BRANCH: o.branch = optarg; break;
		case O_BASE: o.base = optarg; break;
		case O_REPO: repo = optarg; break;
		case O_VERSION:
			o.version = (int)strtol(optarg, &e, 10);
			if (*e || o.version < 1) {
				cli_errorf("patchbay apply: bad version '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case O_PATCHES: o.patches = optarg; break;
		case O_DRY: o.dry_run = true; break;
		case O_FORCE: o.force = true; break;
		case O_NO3: o.no_three_way = true; break;
		case O_MERGE: o.merge_into = optarg; break;
		case 's': signoff = true; break;
		case O_NOLINK: nolink = true; break;
		case O_CARRY: carry = true; break;
		case O_UNDO: undo = true; break;
		case O_JSON: json = true; break;
		case O_TRAILER:
			if (!cli_add_trailer(cli, "apply", &extra, &n_extra, optarg))
				return EXIT_USAGE;
			o.am.extra = extra;
			break;
		default: fputs(apply_usage, stderr); return EXIT_USAGE;
		}
	}
	repo = repo ? pb_conf_repo(cli->ctx, NULL, repo) : pb_conf_repo(cli->ctx, cli_conf(cli), cli->repo_path);
	if (undo) {
		if (!o.branch || optind != argc) {
			cli_errorf("patchbay apply: --undo takes --branch NAME and no series\n");
			return EXIT_USAGE;
		}
		return do_undo(cli, repo, o.branch, json);
	}
	if (optind == argc) {
		fputs(apply_usage, stderr);
		return EXIT_USAGE;
	}
	if (argc - optind > 1 && (!o.branch || o.version || o.patches || o.dry_run || o.merge_into)) {
		cli_errorf("patchbay apply: several series take --branch NAME, and no --version, --patches, "
			   "--dry-run or --merge-into\n");
		return EXIT_USAGE;
	}
	if (o.patches && pb_am_selected(o.patches, 1) == PB_AM_SPEC_BAD) {
		cli_errorf("patchbay apply: bad patch list '%s' (use e.g. 1,3-5)\n", o.patches);
		return EXIT_USAGE;
	}
	if (pb_conf_open(cli->ctx, &conf, repo ? repo : NULL, &err)) {
		cli_errorf("patchbay apply: %s\n", pb_error_msg(&err));
		return EXIT_NOTFOUND;
	}
	o.repo_path = repo;
	pb_apply_opts_load(&o, conf);
	if (nolink)
		o.am.linkmask = NULL;
	o.signoff = o.signoff || signoff;
	o.am.carried = o.am.carried || carry;
	if ((rc = cli_open_index(cli, &idx)))
		return rc;
	if (argc - optind > 1)
		return apply_batch(cli, idx, argv + optind, (size_t)(argc - optind), &o, json);
	if ((rc = cli_find_series(cli, idx, argv[optind], &s)))
		return rc;
	if (!o.branch) {
		const pb_version_t *v = o.version ? pb_series_version(s, o.version) : pb_series_latest(s);
		const char *def;
		if (!v) {
			cli_errorf("patchbay apply: the series has no version %d\n", o.version);
			return EXIT_NOTFOUND;
		}
		def = pb_apply_branch_name(cli->ctx, pb_conf_get(conf, "patchbay.branchformat"), s, v);
		o.branch = isatty(0) && isatty(1) && !json ? ask_branch(cli, def) : def;
	}
	rc = pb_apply_series(cli->ctx, &r, idx, s, &o, &err);
	if (!r) {
		cli_errorf("patchbay apply: %s\n", pb_error_msg(&err));
		return cli_exit_code(rc);
	}
	if (!(p = printer_new(cli->ctx, json ? PRINTER_JSON : PRINTER_TEXT, stdout, 2)))
		return cli_exit_code(PB_ERR_NOMEM);
	print_result(p, r, rc, true);
	pr_json_blank_line(p);
	if (rc == PB_OK && !o.dry_run && pb_apply_mark(idx, r, &err))
		cli_errorf("patchbay apply: applied, but the mail could not be marked applied: %s\n",
			pb_error_msg(&err));
	return cli_exit_code(rc);
}
