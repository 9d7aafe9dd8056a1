/* cmd_notify.c: `patchbay notify`: tell the author what was applied. */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patchbay/notify.h"
#include "cli/cli.h"

static const char notify_usage[] =
	"Usage: patchbay notify SERIES --branch NAME [OPTIONS]\n"
	"\n"
	"Write the notification a maintainer sends once a series is applied: a reply\n"
	"to the cover letter (or the single patch) naming the tree and branch and,\n"
	"per applied patch, its subject and commit SHA1. The patches are found on\n"
	"the branch by patch-id (or subject), so an apply made earlier, or with\n"
	"git am, works too. When only some were applied it says which, and that the\n"
	"others need a new version. Once sent, the series is marked applied.\n"
	"\n"
	"  --branch NAME   the branch the patches are on\n"
	"  --repo PATH     repository (default: patchbay.repo, else the current one)\n"
	"  --tree NAME     the tree to name (default: git config patchbay.tree, else\n"
	"                  the repository's folder name)\n"
	"  --version N     version (default: the latest)\n"
	"  --edit          open $VISUAL / $EDITOR on it first\n"
	"  --send | --draft | --print   as for patchbay reply\n"
	"\n"
	"git config patchbay.commitUrl (e.g. https://git.kernel.org/.../c/%s) shows\n"
	"each commit as a link instead of its bare SHA1.\n";

int cmd_notify(cli_t *cli, int argc, char **argv)
{
	enum { O_BRANCH = 256, O_REPO, O_TREE, O_VERSION, O_EDIT, O_SEND, O_DRAFT, O_PRINT };
	static const struct option opts[] = {
		{"branch", required_argument, NULL, O_BRANCH}, {"repo", required_argument, NULL, O_REPO},
		{"tree", required_argument, NULL, O_TREE},     {"version", required_argument, NULL, O_VERSION},
		{"edit", no_argument, NULL, O_EDIT},           {"send", no_argument, NULL, O_SEND},
		{"draft", no_argument, NULL, O_DRAFT},         {"print", no_argument, NULL, O_PRINT},
		{NULL, 0, NULL, 0}};
	const char *repo = NULL, *tree = NULL;
	int version = 0, act = ACT_NONE, c, rc;
	bool edit = false, sent = false;
	pb_notify_opts_t no = {0};
	pb_notify_item_t *items;
	size_t n;
	pb_conf_t *conf;
	pb_index_t *idx;
	pb_series_t *s;
	pb_version_t *v;
	pb_person_t me;
	pb_draft_t *d;
	pb_error_t err = {0};
	char *root;

	if (cli_wants_help(argc, argv, notify_usage))
		return EXIT_OK;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char *e;
		switch (c) {
		case O_BRANCH: no.branch = optarg; break;
		case O_REPO: repo = optarg; break;
		case O_TREE: tree = optarg; break;
		case O_VERSION:
			version = (int)strtol(optarg, &e, 10);
			if (*e || version < 1) {
				cli_errorf("patchbay notify: bad version '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case O_EDIT: edit = true; break;
		case O_SEND: act = ACT_SEND; break;
		case O_DRAFT: act = ACT_DRAFT; break;
		case O_PRINT: act = ACT_PRINT; break;
		default: fputs(notify_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || !no.branch) {
		fputs(notify_usage, stderr);
		return EXIT_USAGE;
	}
	repo = repo ? pb_conf_repo(cli->ctx, NULL, repo) : pb_conf_repo(cli->ctx, cli_conf(cli), cli->repo_path);
	if (pb_conf_open(cli->ctx, &conf, repo, &err)) {
		cli_errorf("patchbay notify: %s\n", pb_error_msg(&err));
		return EXIT_NOTFOUND;
	}
	cli->conf = conf; /* the repository's config: identity, sendmail command */
	if (pb_conf_identity(conf, cli->ctx, &me, &err)) {
		cli_errorf("patchbay notify: %s\n", pb_error_msg(&err));
		return EXIT_USAGE;
	}
	if (!tree)
		tree = pb_conf_get(conf, "patchbay.tree");
	if (!tree && pb_conf_repo_path(conf)) {
		char *copy = talloc_strdup(cli->ctx, pb_conf_repo_path(conf));
		size_t len = strlen(copy);
		while (len > 1 && copy[len - 1] == '/')
			copy[--len] = '\0';
		tree = talloc_strdup(cli->ctx, basename(copy));
	}
	no.tree = tree;
	no.commit_url = pb_conf_get(conf, "patchbay.commiturl");
	if ((rc = cli_open_index(cli, &idx)) || (rc = cli_find_series(cli, idx, argv[optind], &s)))
		return rc;
	v = version ? pb_series_version(s, version) : pb_series_latest(s);
	if (!v) {
		cli_errorf("patchbay notify: the series has no version %d\n", version);
		return EXIT_NOTFOUND;
	}
	/* kept aside: sending refreshes the index */
	root = talloc_strdup(cli->ctx, v->cover ? v->cover->msgid : v->root->msgid);
	if (pb_notify_items_from_branch(cli->ctx, &items, &n, repo, no.branch, v, &err) ||
	    pb_notify_compose(cli->ctx, &d, idx, v, items, n, &me, &no, &err) || pb_draft_sign(d, conf, &err) ||
	    (edit && pb_draft_edit(d, NULL, &err))) {
		cli_errorf("patchbay notify: %s\n", pb_error_msg(&err));
		return cli_exit_code(err.status);
	}
	rc = cli_deliver_draft(cli, idx, d, cli_default_action(act), "patchbay notify", &sent);
	if (sent && pb_notify_mark(idx, root, items, n, &err))
		cli_errorf("patchbay notify: sent, but the series could not be marked applied: %s\n",
			pb_error_msg(&err));
	return rc;
}
