/* cmd_link.c: `patchbay link` and `patchbay unlink`: the user's word on
 * which postings are versions of one series. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patchbay/store.h"
#include "cli/cli.h"

static const char link_usage[] =
	"Usage: patchbay link MSGID1 MSGID2\n"
	"\n"
	"Join the postings that hold the two messages into one series: they are\n"
	"versions of one topic, whatever patchbay inferred. The decision is kept in\n"
	"the notmuch database (message property patchbay-link on the posting's\n"
	"cover or first patch), so it survives any rebuild of patchbay's cache and\n"
	"other notmuch clients keep it. `patchbay show` then says \"linked by user\".\n";

static const char unlink_usage[] =
	"Usage: patchbay unlink MSGID\n"
	"\n"
	"Split the posting that holds MSGID from the versions before it: it starts\n"
	"a series of its own, and patchbay links it to no earlier posting by\n"
	"inference (message property patchbay-split); links made with `patchbay\n"
	"link` from and to it are dropped. Later versions may still link to it.\n";

/* Print where MSGID's posting is now. */
static void report(cli_t *cli, pb_index_t *idx, const char *what, const char *msgid)
{
	pb_series_t *s = NULL;
	char *id = pb_mail_msgid_clean(cli->ctx, msgid);
	if (cli->quiet || pb_index_refresh(idx, NULL) != PB_OK)
		return;
	if (id && pb_index_find(idx, id, &s, NULL, NULL) == PB_OK)
		cli_puts_safe(stdout, talloc_asprintf(cli->ctx, "%s: <%s> is in \"%s\", %zu version%s, id <%s>\n", what,
						      id, s->title, s->n_versions, s->n_versions == 1 ? "" : "s",
						      s->id));
}

int cmd_link(cli_t *cli, int argc, char **argv)
{
	pb_index_t *idx;
	pb_error_t err = {0};
	int rc;
	if (cli_wants_help(argc, argv, link_usage))
		return EXIT_OK;
	if (argc != 3 || argv[1][0] == '-' || argv[2][0] == '-') {
		fputs(link_usage, stderr);
		return EXIT_USAGE;
	}
	if ((rc = cli_open_index(cli, &idx)))
		return rc;
	if ((rc = pb_store_link(idx, argv[1], argv[2], &err))) {
		cli_errorf("patchbay link: %s\n", pb_error_msg(&err));
		return rc == PB_ERR_NOTFOUND ? EXIT_NOTFOUND : rc == PB_ERR_USAGE ? EXIT_USAGE : EXIT_FAILED;
	}
	report(cli, idx, "linked", argv[1]);
	return EXIT_OK;
}

int cmd_unlink(cli_t *cli, int argc, char **argv)
{
	pb_index_t *idx;
	pb_error_t err = {0};
	int rc;
	if (cli_wants_help(argc, argv, unlink_usage))
		return EXIT_OK;
	if (argc != 2 || argv[1][0] == '-') {
		fputs(unlink_usage, stderr);
		return EXIT_USAGE;
	}
	if ((rc = cli_open_index(cli, &idx)))
		return rc;
	if ((rc = pb_store_unlink(idx, argv[1], &err))) {
		cli_errorf("patchbay unlink: %s\n", pb_error_msg(&err));
		return rc == PB_ERR_NOTFOUND ? EXIT_NOTFOUND : EXIT_FAILED;
	}
	report(cli, idx, "split", argv[1]);
	return EXIT_OK;
}
