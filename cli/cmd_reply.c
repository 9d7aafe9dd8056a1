/* cmd_reply.c: `patchbay reply`: one-key acks and replies from the shell. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "patchbay/reply.h"
#include "patchbay/send.h"
#include "cli/cli.h"

static const char reply_usage[] =
	"Usage: patchbay reply MSGID [--ack|--review|--test] [--edit] [--send|--draft|--print]\n"
	"       patchbay reply DRAFT --resume [--edit] [--send|--draft|--print]\n"
	"\n"
	"Reply to a patch, a cover letter (the reply covers the whole series) or\n"
	"any message. --ack, --review and --test quote the commit message and add\n"
	"Acked-by, Reviewed-by or Tested-by with your identity (git config\n"
	"patchbay.from, else user.name and user.email); without them the whole\n"
	"message is quoted for a free reply, which opens the editor on a terminal.\n"
	"\n"
	"  --edit    open $VISUAL / $EDITOR on the reply first\n"
	"  --send    send it (git config sendemail.sendmailCmd, else sendmail -t -oi);\n"
	"            the copy goes to patchbay.sentFolder (default Sent); if sending\n"
	"            fails it is kept as a draft\n"
	"  --draft   keep it as a draft (patchbay.draftsFolder, default Drafts)\n"
	"  --print   print the message as it would be sent\n"
	"  --resume  DRAFT is the Message-ID of a kept draft (tag draft): take it\n"
	"            up as it was left, to edit, send or keep again (its copy in\n"
	"            the drafts folder is replaced, not doubled)\n"
	"\n"
	"Without --send, --draft or --print, on a terminal: show the reply and ask\n"
	"whether to send, edit, keep as draft or cancel; otherwise --print.\n"
	"Exit status: 0 done, 1 no such message, 2 bad usage, 3 sending failed\n"
	"(the reply is kept as a draft).\n";

static volatile sig_atomic_t send_signal;
static bool send_shown;

static void on_send_signal(int sig)
{
	send_signal = sig;
}

/* While the sendmail command runs: after a second, say so on a terminal;
 * a signal cancels. */
static bool send_waiting(void *payload, double elapsed)
{
	cli_t *cli = payload;
	if (elapsed >= 1.0 && !cli->quiet && isatty(2)) {
		fprintf(stderr, "\rpatchbay: sending (%.0f s; C-c stops it, the draft is kept) ", elapsed);
		send_shown = true;
	}
	return send_signal == 0;
}

/* The reply could be kept nowhere on disk (a full disk): it goes to
 * standard output, so that nothing the user wrote is lost. */
static void spill(cli_t *cli, pb_draft_t *d, const char *who)
{
	pb_error_t err = {0};
	char *raw;
	if (pb_draft_format(cli->ctx, &raw, d, true, &err)) {
		cli_errorf("%s: %s\n", who, pb_error_msg(&err));
		return;
	}
	cli_errorf("%s: the reply follows on standard output\n", who);
	cli_write(stdout, raw, strlen(raw));
	fflush(stdout);
}

int cli_deliver_draft(cli_t *cli, pb_index_t *idx, pb_draft_t *d, int act, const char *who, bool *sent)
{
	pb_send_opts_t so;
	pb_error_t err = {0};
	char *raw;
	bool dummy;
	if (!sent)
		sent = &dummy;
	*sent = false;
	pb_send_opts_load(&so, cli_conf(cli));
	for (;;) {
		if (act == ACT_NONE) {
			char line[64];
			char *text = pb_draft_text(cli->ctx, d);
			printf("----------------------------------------------------------------\n");
			cli_puts_safe(stdout, text);
			printf("----------------------------------------------------------------\n"
			       "[s]end, [e]dit, [d]raft, [c]ancel? ");
			fflush(stdout);
			if (!fgets(line, sizeof(line), stdin))
				line[0] = 'c';
			switch (line[0]) {
			case 's': act = ACT_SEND; break;
			case 'd': act = ACT_DRAFT; break;
			case 'c': printf("%s: cancelled, nothing sent or kept\n", who); return EXIT_OK;
			case 'e':
				if (pb_draft_edit(d, NULL, &err))
					cli_errorf("%s: %s\n", who, pb_error_msg(&err));
				continue;
			default: continue;
			}
		}
		switch (act) {
		case ACT_PRINT:
			if (pb_draft_format(cli->ctx, &raw, d, true, &err)) {
				cli_errorf("%s: %s\n", who, pb_error_msg(&err));
				return cli_exit_code(err.status);
			}
			cli_write(stdout, raw, strlen(raw));
			return EXIT_OK;
		case ACT_DRAFT: {
			char *before = d->path ? talloc_strdup(cli->ctx, d->path) : NULL;
			if (pb_send_save_draft(idx, d, &so, &err)) {
				bool stored = d->path && (!before || strcmp(before, d->path) != 0);
				if (stored) {
					/* on disk, only not indexed */
					cli_errorf("%s: %s; the draft is in %s\n", who, pb_error_msg(&err), d->path);
				} else {
					cli_errorf("%s: not kept: %s\n", who, pb_error_msg(&err));
					if (before)
						cli_errorf("%s: the copy in %s is an earlier one\n", who, before);
					spill(cli, d, who);
				}
				return cli_exit_code(err.status);
			}
			if (!cli->quiet)
				cli_errorf("%s: kept as a draft in %s\n", who, d->path);
			return EXIT_OK;
		}
		case ACT_SEND: {
			pb_send_result_t r;
			struct sigaction sa, o_int, o_term, o_hup;
			int rc;
			/* C-c, a kill or a hang-up stop the command, not us: the
			 * draft is kept and said where */
			memset(&sa, 0, sizeof(sa));
			sa.sa_handler = on_send_signal; /* (no SA_RESTART) */
			send_signal = 0;
			sigaction(SIGINT, &sa, &o_int);
			sigaction(SIGTERM, &sa, &o_term);
			sigaction(SIGHUP, &sa, &o_hup);
			so.waiting = send_waiting;
			so.payload = cli;
			rc = pb_send(idx, cli->ctx, &r, d, &so, &err);
			sigaction(SIGINT, &o_int, NULL);
			sigaction(SIGTERM, &o_term, NULL);
			sigaction(SIGHUP, &o_hup, NULL);
			if (send_shown)
				fputc('\n', stderr);
			send_shown = false;
			*sent = r.sent;
			if (rc) {
				cli_errorf("%s: %s\n", who, pb_error_msg(&err));
				if (r.output && *r.output && !cli->quiet)
					cli_puts_safe(stderr, r.output);
				if (!r.sent && !r.path)
					spill(cli, d, who);
				return r.sent ? EXIT_OK : cli_exit_code(err.status);
			}
			if (!cli->quiet) {
				cli_errorf("%s: sent to ", who);
				cli_puts_safe(stderr, d->to);
				cli_errorf("; the copy is in %s\n", r.path);
			}
			return EXIT_OK;
		}
		default: return EXIT_USAGE;
		}
	}
}

int cli_default_action(int act)
{
	if (act != ACT_NONE)
		return act;
	return isatty(0) && isatty(1) ? ACT_NONE : ACT_PRINT;
}

int cmd_reply(cli_t *cli, int argc, char **argv)
{
	enum { O_ACK = 256, O_REVIEW, O_TEST, O_EDIT, O_SEND, O_DRAFT, O_PRINT, O_RESUME };
	static const struct option opts[] = {
		{"ack", no_argument, NULL, O_ACK},     {"review", no_argument, NULL, O_REVIEW},
		{"test", no_argument, NULL, O_TEST},   {"edit", no_argument, NULL, O_EDIT},
		{"send", no_argument, NULL, O_SEND},   {"draft", no_argument, NULL, O_DRAFT},
		{"print", no_argument, NULL, O_PRINT}, {"resume", no_argument, NULL, O_RESUME},
		{NULL, 0, NULL, 0}};
	pb_reply_kind_t kind = PB_REPLY_PLAIN;
	bool edit = false, resume = false;
	int act = ACT_NONE, c, rc;
	pb_index_t *idx;
	pb_msgrec_t rec = {0};
	pb_mail_t *m;
	pb_draft_t *d;
	pb_person_t me;
	pb_error_t err = {0};

	if (cli_wants_help(argc, argv, reply_usage))
		return EXIT_OK;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_ACK: kind = PB_REPLY_ACK; break;
		case O_REVIEW: kind = PB_REPLY_REVIEW; break;
		case O_TEST: kind = PB_REPLY_TEST; break;
		case O_EDIT: edit = true; break;
		case O_SEND: act = ACT_SEND; break;
		case O_DRAFT: act = ACT_DRAFT; break;
		case O_PRINT: act = ACT_PRINT; break;
		case O_RESUME: resume = true; break;
		default: fputs(reply_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fputs(reply_usage, stderr);
		return EXIT_USAGE;
	}
	if (resume && kind != PB_REPLY_PLAIN) {
		cli_errorf("patchbay reply: --resume takes the draft as it is: no --ack, --review or --test\n");
		return EXIT_USAGE;
	}
	if (resume) {
		char *path = NULL;
		bool is_draft = false;
		const char *id = pb_mail_msgid_clean(cli->ctx, argv[optind]);
		if ((rc = cli_open_index(cli, &idx)))
			return rc;
		if (pb_index_message_file(idx, cli->ctx, id, &path, &is_draft, &err)) {
			cli_errorf("patchbay reply: %s\n", pb_error_msg(&err));
			return cli_exit_code(err.status);
		}
		if (!is_draft) {
			cli_errorf("patchbay reply: <%s> is not a kept draft (no tag draft): nothing to resume\n", id);
			return EXIT_USAGE;
		}
		if (pb_draft_load(&d, cli->ctx, path, &err) || (edit && pb_draft_edit(d, NULL, &err))) {
			cli_errorf("patchbay reply: %s\n", pb_error_msg(&err));
			return cli_exit_code(err.status);
		}
		return cli_deliver_draft(cli, idx, d, cli_default_action(act), "patchbay reply", NULL);
	}
	/* a free reply is written in the editor (on a terminal) */
	if (kind == PB_REPLY_PLAIN && act != ACT_PRINT && isatty(0) && isatty(1))
		edit = true;
	if (pb_conf_identity(cli_conf(cli), cli->ctx, &me, &err)) {
		cli_errorf("patchbay reply: %s\n", pb_error_msg(&err));
		return EXIT_USAGE;
	}
	if ((rc = cli_open_index(cli, &idx)))
		return rc;
	/* any message of the database: looked up by its Message-ID */
	rec.msgid = pb_mail_msgid_clean(cli->ctx, argv[optind]);
	rec.file = "";
	if (pb_index_load_mail(idx, cli->ctx, &rec, &m, &err)) {
		cli_errorf("patchbay reply: no message with Message-ID <%s>\n", rec.msgid);
		return EXIT_NOTFOUND;
	}
	if (pb_reply_compose(cli->ctx, &d, m, kind, &me, &err) || pb_draft_sign(d, cli_conf(cli), &err) ||
	    (edit && pb_draft_edit(d, NULL, &err))) {
		cli_errorf("patchbay reply: %s\n", pb_error_msg(&err));
		return cli_exit_code(err.status);
	}
	return cli_deliver_draft(cli, idx, d, cli_default_action(act), "patchbay reply", NULL);
}
