/* cmd_queue.c: `patchbay queue`: the series in flight, in the order a
 * maintainer takes them up (triage.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patchbay/person.h"
#include "patchbay/text.h"
#include "patchbay/triage.h"
#include "cli/cli.h"
#include "cli/printer.h"

static const char queue_usage[] =
	"Usage: patchbay queue [QUERY] [--sort age|author|size] [--waits WHO] [--all] [--json]\n"
	"\n"
	"The series still in flight (review state new, under review, changes\n"
	"requested or acked; see patchbay state), in the order to take them up:\n"
	"fixes first (a patch of the latest version has a Fixes: trailer or Cc:s a\n"
	"stable list), then the one that has waited longest. QUERY is a notmuch\n"
	"query (default: git config patchbay.query); a series is in when any of\n"
	"its messages matches.\n"
	"\n"
	"  --sort age     after fixes, the longest waiting first (the default);\n"
	"                 waiting since the last message of the latest version\n"
	"                 that is not a ping\n"
	"  --sort author  by author, then the longest waiting\n"
	"  --sort size    fewest patches first, then the longest waiting\n"
	"  --waits WHO    only the series that wait on WHO: author, review, maint\n"
	"  --all          settled and snoozed series too (queued, accepted, ...)\n"
	"  --json         one JSON array, an object per series\n"
	"\n"
	"Columns: fix (or -), review state, who it waits on, how long it has\n"
	"waited, latest version, patch count, author, title, unanswered pings\n"
	"(\"ping 2x 3d\": two, the last three days ago), series id. A ping is a\n"
	"short reply that only asks for attention (\"ping\", \"gentle reminder\",\n"
	"\"any comments?\"); it does not count as activity.\n";

/* One series of the queue: its map, and its line of text. */
static void print_item(printer_t *p, const pb_queue_item_t *it)
{
	void *tmp = talloc_new(NULL);
	const pb_series_t *s = it->series;
	pr_begin_map(p);
	pr_kstr(p, "id", s->id);
	pr_kstr(p, "title", s->title);
	pr_kstr(p, "author", pb_person_format(tmp, &s->author));
	pr_kint(p, "version", it->version->version);
	pr_kint(p, "total", it->version->total);
	pr_kstr(p, "state", pb_rstate_name(it->review.state));
	pr_kstr(p, "by", it->review.by_hand ? "hand" : "mail");
	pr_kstr(p, "waits_on", pb_wait_label(it->triage.waits_on));
	pr_kstr(p, "fix", it->fix);
	pr_kint(p, "since", it->since);
	pr_kint(p, "pings", it->pings);
	pr_kint(p, "last_ping", it->last_ping);
	pr_kstr(p, "last_reply", it->triage.last ? it->triage.last->msgid : NULL);
	pr_kbool(p, "snoozed", it->snoozed);
	pr_kstr(p, "snoozed_until_tag", it->snoozed ? it->snooze_tag : NULL);
	pr_end(p);
	if (pr_is_text(p)) {
		char *ping = it->pings ? talloc_asprintf(tmp, "  [ping %ux %s]", it->pings, cli_age(tmp, it->last_ping))
				       : talloc_strdup(tmp, "");
		if (it->snoozed) {
			char day[11];
			pb_snooze_day(day, it->snooze_until);
			if (it->snooze_tag)
				ping = talloc_asprintf_append(ping, "  [snoozed until %s%stag %s]",
							      it->snooze_until ? day : "",
							      it->snooze_until ? " and " : "", it->snooze_tag);
			else
				ping = talloc_asprintf_append(ping, "  [snoozed until %s]",
							      it->snooze_until ? day : "its next version");
		}
		pr_textf(p, "%-3s %-9s %-6s %5s v%-2d %3d %s %s%s  <%s>\n", it->fix ? "fix" : "-",
			 talloc_asprintf(tmp, "%s%s", pb_rstate_label(it->review.state), it->review.by_hand ? "*" : ""),
			 pb_wait_label(it->triage.waits_on), cli_age(tmp, it->since), it->version->version,
			 it->version->total, cli_column(tmp, *s->author.name ? s->author.name : s->author.email, 18),
			 pb_text_inert(tmp, s->title, 0), ping, s->id);
	}
	talloc_free(tmp);
}

int cmd_queue(cli_t *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"sort", required_argument, NULL, 's'},
					     {"waits", required_argument, NULL, 'w'},
					     {"all", no_argument, NULL, 'a'},
					     {"json", no_argument, NULL, 'j'},
					     {NULL, 0, NULL, 0}};
	pb_queue_order_t order = PB_QUEUE_BY_AGE;
	int waits = -1, c, rc;
	unsigned flags = 0;
	bool json = false;
	pb_index_t *idx;
	pb_series_t **res;
	pb_queue_item_t *q;
	size_t n, nq, shown = 0;

	if (cli_wants_help(argc, argv, queue_usage))
		return EXIT_OK;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (pb_queue_order_parse(&order, optarg) != PB_OK) {
				cli_errorf("patchbay queue: --sort is age, author or size, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'w':
			for (int w = 0; w < PB_WAIT_COUNT; w++)
				if (strcmp(optarg, pb_wait_label((pb_wait_t)w)) == 0 ||
				    (w == PB_WAIT_REVIEWERS && strcmp(optarg, "reviewers") == 0) ||
				    (w == PB_WAIT_MAINTAINER && strcmp(optarg, "maintainer") == 0))
					waits = w;
			if (waits < 0 || waits == PB_WAIT_NOBODY) {
				cli_errorf("patchbay queue: --waits is author, review or maint, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'a': flags |= PB_QUEUE_ALL; break;
		case 'j': json = true; break;
		default: fputs(queue_usage, stderr); return EXIT_USAGE;
		}
	}
	if ((rc = cli_open_query(cli, "queue", argc, argv, optind, &idx, &res, &n)))
		return rc;
	if ((rc = pb_queue_build(&q, &nq, cli->ctx, pb_index_series(idx), res, n, order, flags)) != PB_OK) {
		cli_errorf("patchbay queue: %s\n", pb_status_str(rc));
		return cli_exit_code(rc);
	}
	printer_t *p = printer_new(cli->ctx, json ? PRINTER_JSON : PRINTER_TEXT, stdout, 1);
	if (!p)
		return cli_exit_code(PB_ERR_NOMEM);
	pr_begin_list(p);
	for (size_t i = 0; i < nq; i++) {
		if (waits >= 0 && q[i].triage.waits_on != (pb_wait_t)waits)
			continue;
		shown++;
		print_item(p, &q[i]);
	}
	pr_end(p);
	if (!cli->quiet) {
		fflush(stdout);
		pr_textf_to(p, stderr, "%zu series in the queue\n", shown);
	}
	return EXIT_OK;
}
