/* main.c: patchbay's command line. */
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "patchbay/diff.h"
#include "patchbay/git.h"
#include "patchbay/target.h"
#include "patchbay/wake.h"
#include "patchbay/text.h"
#include "patchbay/trailer.h"
#include "cli/cli.h"
#include "tui/tui.h"

static int cmd_help(cli_t *cli, int argc, char **argv);

static const command_t commands[] = {
	{"list", cmd_list, "[QUERY] [--json]", "list patch series (matching a notmuch query)"},
	{"show", cmd_show, "SERIES [--json]", "show the versions, patches and trailers of a series"},
	{"am", cmd_am, "SERIES [--version N] [-o FILE]", "write a git-am-ready mbox with collected trailers"},
	{"raw", cmd_raw, "MSGID... [--mbox] | --series SERIES [--version N]", "write mail as received (one message, or an mbox)"},
	{"reply", cmd_reply, "MSGID [--ack|--review|--test]", "reply to a patch, with a trailer"},
	{"apply", cmd_apply, "SERIES --branch NAME [--base REV]", "apply a series to a topic branch (--undo)"},
	{"notify", cmd_notify, "SERIES --branch NAME [--send]", "tell the author what was applied"},
	{"link", cmd_link, "MSGID1 MSGID2", "join two postings into one series (kept in notmuch)"},
	{"unlink", cmd_unlink, "MSGID", "split a posting from the versions before it"},
	{"state", cmd_state, "SERIES... [--set STATE | --clear] [--json]",
	 "say or set the review state of series (kept as notmuch tags)"},
	{"queue", cmd_queue, "[QUERY] [--sort age|author|size] [--json]",
	 "the series in flight, fixes first, then the longest waiting"},
	{"searches", cmd_searches, "[--json]", "the saved searches (patchbay.search.NAME) with their counts"},
	{"sync", cmd_sync, "[--remote URL] [--repo DIR]", "share review states with the team through git"},
	{"interdiff", cmd_interdiff, "SERIES [--from N] [--to M] [--tree] [--json]",
	 "what changed between two versions (range-diff style, from the mails)"},
	{"check", cmd_check, "SERIES [--version N] [--profile P] [--json]", "check a series against the project's rules"},
	{"demo-gen", cmd_demo_gen, "DIR [--scale N] [--seed S]", "write a fresh demo archive into DIR"},
	{"help", cmd_help, "[COMMAND]", "show help"},
	{NULL, NULL, NULL, NULL}};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: patchbay [OPTIONS] [COMMAND [ARGS]]\n"
		"\n"
		"Review and merge patch series from a notmuch mail index.\n"
		"\n"
		"Options:\n"
		"  --db PATH              notmuch database (default: notmuch's config)\n"
		"  -f FILE                open an mbox file (or .mbox.gz) or a maildir directly\n"
		"  --notmuch-config FILE  notmuch config file\n"
		"  --cache-dir DIR        where patchbay keeps its cache\n"
		"  --no-cache             neither read nor write the cache\n"
		"  --demo                 open the demo archive (built when missing)\n"
		"  --demo-dir DIR         where it is (default $XDG_DATA_HOME/patchbay/demo);\n"
		"                         implies --demo\n"
		"  --dump-keys            print the key bindings in effect\n"
		"  --version, --help\n"
		"\n"
		"Without a command, patchbay opens its terminal interface on the series\n"
		"matching git config patchbay.query (when stdout is a terminal; else it\n"
		"lists them).\n"
		"\n"
		"Commands:\n");
	for (const command_t *c = commands; c->name; c++)
		fprintf(out, "  %-9s %-44s %s\n", c->name, c->args, c->summary);
	fprintf(out, "\nSERIES is the Message-ID of any message of the series (with or without id: or <>).\n"
		     "Exit status: 0 done, 1 not found, 2 bad usage or unreadable input,\n"
		     "3 the action failed and changed nothing (a reply is kept as a draft).\n");
}

static int cmd_help(cli_t *cli, int argc, char **argv)
{
	(void)cli;
	if (argc > 1) {
		for (const command_t *c = commands; c->name; c++)
			if (strcmp(c->name, argv[1]) == 0) {
				char *args[] = {argv[1], (char *)"--help", NULL};
				return c->run(cli, 2, args);
			}
		cli_errorf("patchbay: no such command: %s\n", argv[1]);
		return EXIT_USAGE;
	}
	usage(stdout);
	return EXIT_OK;
}

int cli_exit_code(int status)
{
	switch (status) {
	case PB_OK: return EXIT_OK;
	case PB_ERR_NOTFOUND: return EXIT_NOTFOUND;
	case PB_ERR_CONFLICT:
	case PB_ERR_REFUSED:
	case PB_ERR_EXTERNAL: return EXIT_FAILED;
	default: return EXIT_USAGE;
	}
}

pb_conf_t *cli_conf(cli_t *cli)
{
	if (!cli->conf && pb_conf_open(cli->ctx, &cli->conf, cli->repo_path, NULL) != PB_OK)
		cli->conf = NULL;
	return cli->conf;
}

const char *cli_scope(cli_t *cli)
{
	/* (and for those, git config need not be read before the index opens:
	 * libgit2's start overlaps with it) */
	return cli->file || cli->demo ? NULL : pb_conf_get(cli_conf(cli), "patchbay.scope");
}

const char *cli_tag_prefix(cli_t *cli)
{
	const char *p = pb_conf_get(cli_conf(cli), "patchbay.tagPrefix");
	return p && *p ? p : NULL;
}

static void progress(void *payload, size_t done, size_t total, double elapsed)
{
	cli_t *cli = payload;
	if (cli->quiet)
		return;
	/* (our own words and numbers: the carriage return may pass) */
	fprintf(stderr, "\rpatchbay: reading mail %zu/%zu (%.0f msg/s)%s", done, total,
		elapsed > 0 ? (double)done / elapsed : 0.0, done == total ? "\n" : "");
}

void cli_attach_target(cli_t *cli, pb_index_t *idx)
{
	char *repo = pb_conf_repo(cli->ctx, cli_conf(cli), cli->repo_path);
	pb_conf_t *conf = cli_conf(cli), *own = NULL;
	pb_target_t *t = NULL;
	pb_error_t err = {0};
	pb_wake_t *w = NULL;
	const char *ref;
	/* snoozes on a git tag wake when it is in the repository (opened
	 * only when a series waits for one) */
	if (pb_wake_open(&w, cli->ctx, repo, &err) != PB_OK || pb_wake_attach(w, idx) != PB_OK)
		pb_error_clear(&err);
	/* the repository's own config says what its target is */
	if (repo && pb_conf_open(cli->ctx, &own, repo, NULL) == PB_OK)
		conf = own;
	ref = pb_conf_get(conf, "patchbay.target");
	if (!ref || !*ref)
		return;
	if (pb_target_open(&t, cli->ctx, repo, ref, &err) != PB_OK) {
		if (!cli->quiet)
			cli_errorf("patchbay: %s: no series is found accepted\n", pb_error_msg(&err));
		return;
	}
	/* (a cache that cannot be opened is no cache: slower, as right) */
	if (!cli->no_cache && pb_target_cache(t, cli->cache_dir, &err) != PB_OK)
		pb_error_clear(&err);
	pb_target_attach(t, idx);
}

int cli_open_query(cli_t *cli, const char *cmd, int argc, char **argv, int first, pb_index_t **idx,
		   pb_series_t ***res, size_t *n)
{
	char *query = NULL;
	pb_error_t err = {0};
	int rc;
	for (int i = first; i < argc; i++)
		query = query ? talloc_asprintf_append(query, " %s", argv[i]) : talloc_strdup(cli->ctx, argv[i]);
	if (!query)
		query = (char *)pb_conf_get(cli_conf(cli), "patchbay.query");
	if ((rc = cli_open_index(cli, idx)))
		return rc;
	cli_attach_target(cli, *idx);
	if (pb_index_query(*idx, cli->ctx, query, res, n, &err)) {
		cli_errorf("patchbay%s%s: %s\n", cmd ? " " : "", cmd ? cmd : "", pb_error_msg(&err));
		return cli_exit_code(err.status);
	}
	return EXIT_OK;
}

int cli_open_index(cli_t *cli, pb_index_t **out)
{
	pb_index_opts_t o = {0};
	pb_error_t err = {0};
	char *db = NULL;
	int rc;
	if (cli->file) {
		rc = pb_index_import(cli->ctx, &db, cli->file, cli->cache_dir, &err);
		if (rc) {
			cli_errorf("patchbay: %s\n", pb_error_msg(&err));
			return EXIT_USAGE;
		}
		o.db_path = db;
	} else {
		o.db_path = cli->db_path;
	}
	o.config_path = cli->notmuch_config;
	o.cache_dir = cli->cache_dir;
	o.no_cache = cli->no_cache;
	o.scope = cli_scope(cli);
	o.tag_prefix = cli_tag_prefix(cli);
	o.progress = isatty(2) ? progress : NULL;
	o.payload = cli;
	rc = pb_index_open(cli->ctx, out, &o, &err);
	if (rc) {
		cli_errorf("patchbay: %s\n", pb_error_msg(&err));
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int cli_find_series(cli_t *cli, pb_index_t *idx, const char *id, pb_series_t **s)
{
	(void)cli;
	if (pb_index_find(idx, id, s, NULL, NULL) != PB_OK) {
		cli_errorf("patchbay: no series has a message with Message-ID <%s>\n", id);
		return EXIT_NOTFOUND;
	}
	return EXIT_OK;
}

void cli_puts_safe(FILE *out, const char *s)
{
	char *t = pb_text_inert(NULL, s, PB_TEXT_KEEP_NEWLINES | PB_TEXT_KEEP_TABS);
	if (t)
		fputs(t, out);
	talloc_free(t);
}

void cli_write(FILE *out, const char *text, size_t len)
{
	if (isatty(fileno(out))) {
		/* (a NUL ends the text for the terminal, as it would there) */
		cli_puts_safe(out, text);
		return;
	}
	fwrite(text, 1, len, out);
}

void cli_errorf(const char *fmt, ...)
{
	va_list ap;
	char *t;
	va_start(ap, fmt);
	t = talloc_vasprintf(NULL, fmt, ap);
	va_end(ap);
	if (t)
		cli_puts_safe(stderr, t);
	else
		fputs("patchbay: out of memory\n", stderr);
	talloc_free(t);
}

bool cli_is_terminal(const char *path)
{
	struct stat st;
	int fd;
	bool tty;
	if (stat(path, &st) != 0 || !S_ISCHR(st.st_mode))
		return false;
	/* (non-blocking: a probe, not a wait for a reader) */
	if ((fd = open(path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return false;
	tty = isatty(fd);
	close(fd);
	return tty;
}

char *cli_column(TALLOC_CTX *ctx, const char *text, size_t cols)
{
	char *t = pb_text_inert(ctx, text, 0);
	size_t used, n = pb_text_fit(t, cols, &used);
	return talloc_asprintf(ctx, "%.*s%*s", (int)n, t, (int)(cols - used), "");
}

const char *cli_age(TALLOC_CTX *ctx, long long t)
{
	long long d = (long long)time(NULL) - t;
	if (t <= 0)
		return "?";
	if (d < 3600)
		return talloc_asprintf(ctx, "%lldm", d < 60 ? 1 : d / 60);
	if (d < 86400 * 2)
		return talloc_asprintf(ctx, "%lldh", d / 3600);
	if (d < 86400 * 60)
		return talloc_asprintf(ctx, "%lldd", d / 86400);
	if (d < 86400 * 730)
		return talloc_asprintf(ctx, "%lldmo", d / (86400 * 30));
	return talloc_asprintf(ctx, "%lldy", d / (86400 * 365));
}

bool cli_add_trailer(cli_t *cli, const char *cmd, const char ***extra, size_t *n, const char *arg)
{
	pb_trailer_list_t one = {0};
	const char **v;
	if (pb_trailer_parse_message(cli->ctx, &one, arg) || one.n != 1 || strchr(arg, '\n')) {
		cli_errorf("patchbay %s: --trailer wants 'Name: value', not '%s'\n", cmd, arg);
		return false;
	}
	v = talloc_realloc(cli->ctx, *extra, const char *, *n + 2);
	if (!v) {
		cli_errorf("patchbay %s: out of memory\n", cmd);
		return false;
	}
	v[(*n)++] = arg;
	v[*n] = NULL;
	*extra = v;
	return true;
}

bool cli_wants_help(int argc, char **argv, const char *text)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(text, stdout);
			return true;
		}
	}
	return false;
}

/* No command on a terminal: the TUI on the series of patchbay.query. */
static int run_tui(cli_t *cli, double t0)
{
	tui_run_opts_t o = {0};
	pb_error_t err = {0};
	char *db = NULL;
	if (cli->file) {
		if (pb_index_import(cli->ctx, &db, cli->file, cli->cache_dir, &err)) {
			cli_errorf("patchbay: %s\n", pb_error_msg(&err));
			return EXIT_USAGE;
		}
		o.index.db_path = db;
		o.import_file = cli->file;
	} else {
		o.index.db_path = cli->db_path;
	}
	o.index.config_path = cli->notmuch_config;
	o.index.cache_dir = cli->cache_dir;
	o.index.no_cache = cli->no_cache;
	o.index.scope = cli_scope(cli);
	o.index.tag_prefix = cli_tag_prefix(cli);
	o.query = pb_conf_get(cli_conf(cli), "patchbay.query");
	o.conf = cli_conf(cli);
	o.repo_path = cli->repo_path;
	o.t0 = t0;
	return tui_run(&o);
}

int main(int argc, char **argv)
{
	bool git_started = false;
	double t0 = tui_now();
	cli_t cli = {0};
	int rc = EXIT_USAGE, i;
	bool demo = false, dump_keys = false;
	const char *demo_dir = NULL;

	setlocale(LC_ALL, "");
	cli.ctx = talloc_new(NULL);
	cli.argv0 = argv[0];
	/* global options come before the command */
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-')
			break;
		if ((strcmp(a, "--db") == 0 || strcmp(a, "-f") == 0 || strcmp(a, "--notmuch-config") == 0 ||
		     strcmp(a, "--cache-dir") == 0 || strcmp(a, "--demo-dir") == 0)) {
			if (i + 1 >= argc) {
				cli_errorf("patchbay: %s needs an argument\n", a);
				goto out;
			}
			if (strcmp(a, "--db") == 0)
				cli.db_path = argv[++i];
			else if (strcmp(a, "-f") == 0)
				cli.file = argv[++i];
			else if (strcmp(a, "--notmuch-config") == 0)
				cli.notmuch_config = argv[++i];
			else if (strcmp(a, "--demo-dir") == 0) {
				demo_dir = argv[++i];
				demo = true;
			} else
				cli.cache_dir = argv[++i];
		} else if (strncmp(a, "--db=", 5) == 0) {
			cli.db_path = a + 5;
		} else if (strcmp(a, "--no-cache") == 0) {
			cli.no_cache = true;
		} else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
			cli.quiet = true;
		} else if (strcmp(a, "--demo") == 0) {
			demo = true;
		} else if (strcmp(a, "--dump-keys") == 0) {
			dump_keys = true;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			rc = EXIT_OK;
			goto out;
		} else if (strcmp(a, "--version") == 0) {
			printf("patchbay %s\n", PB_VERSION);
			rc = EXIT_OK;
			goto out;
		} else {
			cli_errorf("patchbay: unknown option %s (try --help)\n", a);
			goto out;
		}
	}
	if (cli.file && cli.db_path) {
		cli_errorf("patchbay: give either --db or -f, not both\n");
		goto out;
	}
	if (demo && (cli.file || cli.db_path)) {
		cli_errorf("patchbay: give either --demo or --db/-f, not both\n");
		goto out;
	}
	/* the demo archive is the database of this run */
	if (demo && (rc = cli_demo(&cli, demo_dir)) != EXIT_OK)
		goto out;
	/* the keys the TUI of this run would have: read after --demo, whose
	 * repository's config is the run's */
	if (dump_keys) {
		rc = tui_dump_keys(cli_conf(&cli));
		goto out;
	}
	rc = EXIT_USAGE;
	/* a command will run: libgit2 starts initialising now, overlapping
	 * with opening notmuch and the cache; main waits for it before it
	 * returns, so that exit never tears libgit2 (and the TLS library it
	 * loads) down under the initialising thread */
	pb_git_init_async();
	git_started = true;
	if (i >= argc) {
		/* no command: the TUI on a terminal, else the series list */
		char *args[] = {(char *)"list", NULL};
		rc = isatty(0) && isatty(1) ? run_tui(&cli, t0) : cmd_list(&cli, 1, args);
		goto out;
	}
	for (const command_t *c = commands; c->name; c++)
		if (strcmp(c->name, argv[i]) == 0) {
			optind = 1;
			rc = c->run(&cli, argc - i, argv + i);
			goto out;
		}
	cli_errorf("patchbay: no such command: %s (try --help)\n", argv[i]);
out:
	if (git_started)
		pb_git_init();
	talloc_free(cli.ctx);
	return rc;
}
