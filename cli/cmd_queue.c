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
#include "cli/json.h"

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

static void print_json(json_t *j, const pb_queue_item_t *it)
{
	void *tmp = talloc_new(NULL);
	json_begin_obj(j);
	json_kstr(j, "id", it->series->id);
	json_kstr(j, "title", it->series->title);
	json_kstr(j, "author", pb_person_format(tmp, &it->series->author));
	json_kint(j, "version", it->version->version);
	json_kint(j, "total", it->version->total);
	json_kstr(j, "state", pb_rstate_name(it->review.state));
	json_kstr(j, "by", it->review.by_hand ? "hand" : "mail");
	json_kstr(j, "waits_on", pb_wait_label(it->triage.waits_on));
	json_kstr(j, "fix", it->fix);
	json_kint(j, "since", it->since);
	json_kint(j, "pings", it->pings);
	json_kint(j, "last_ping", it->last_ping);
	json_kstr(j, "last_reply", it->triage.last ? it->triage.last->msgid : NULL);
	json_kbool(j, "snoozed", it->snoozed);
	json_end_obj(j);
	talloc_free(tmp);
}

static void print_text(cli_t *cli, const pb_queue_item_t *it)
{
	void *tmp = talloc_new(cli->ctx);
	const pb_series_t *s = it->series;
	char *ping = it->pings ? talloc_asprintf(tmp, "  [ping %ux %s]", it->pings, cli_age(tmp, it->last_ping))
			       : talloc_strdup(tmp, "");
	if (it->snoozed) {
		char day[11];
		pb_snooze_day(day, it->snooze_until);
		ping = talloc_asprintf_append(ping, "  [snoozed until %s]", it->snooze_until ? day : "its next version");
	}
	char *line = talloc_asprintf(
		tmp, "%-3s %-9s %-6s %5s v%-2d %3d %s %s%s  <%s>\n", it->fix ? "fix" : "-",
		talloc_asprintf(tmp, "%s%s", pb_rstate_label(it->review.state), it->review.by_hand ? "*" : ""),
		pb_wait_label(it->triage.waits_on), cli_age(tmp, it->since), it->version->version, it->version->total,
		cli_column(tmp, *s->author.name ? s->author.name : s->author.email, 18), pb_text_inert(tmp, s->title, 0),
		ping, s->id);
	cli_puts_safe(stdout, line);
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
	json_t j;
	if (json) {
		json_init(&j, stdout, 1);
		json_begin_arr(&j);
	}
	for (size_t i = 0; i < nq; i++) {
		if (waits >= 0 && q[i].triage.waits_on != (pb_wait_t)waits)
			continue;
		shown++;
		if (json)
			print_json(&j, &q[i]);
		else
			print_text(cli, &q[i]);
	}
	if (json)
		json_end_arr(&j);
	else if (!cli->quiet) {
		fflush(stdout);
		cli_errorf("%zu series in the queue\n", shown);
	}
	return EXIT_OK;
}
