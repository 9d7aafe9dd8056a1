/* cmd_series.c: `patchbay list` and `patchbay show`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "patchbay/review.h"
#include "patchbay/text.h"
#include "cli/cli.h"
#include "patchbay/triage.h"
#include "cli/printer.h"

/* The trailers TL under KEY; in show's text, a line each after LABEL,
 * with what marks them. JSON leaves out a trailer not given by the person
 * it names; the text says so. */
static void print_trailers(printer_t *p, void *tmp, const char *key, const char *label, const pb_trailer_list_t *tl)
{
	pr_key(p, key);
	pr_begin_list(p);
	for (size_t i = 0; i < tl->n; i++) {
		const pb_trailer_t *t = &tl->v[i];
		const char *f = pb_trailer_format(tmp, t);
		if (!(t->flags & PB_TRAILER_MISMATCH))
			pr_str(p, f);
		if (label)
			pr_textf(p, "        %s %s%s%s\n", label, f,
				 (t->flags & PB_TRAILER_MISMATCH) ? "  (sender does not match)" : "",
				 (t->flags & PB_TRAILER_CARRIED)  ? talloc_asprintf(tmp, "  (given on v%d)", t->from_version)
				 : (t->flags & PB_TRAILER_COVER)  ? "  (on the cover letter)"
				 : (t->flags & PB_TRAILER_SERIES) ? "  (for the whole series)"
								  : "");
	}
	pr_end(p);
}

/* "review": the review state of version V (NULL: the latest) (review.h). */
static void print_review(printer_t *p, const pb_series_set_t *set, const pb_series_t *s, const pb_version_t *v)
{
	pb_review_t r;
	pr_key(p, "review");
	if (pb_review_version(&r, set, s, v) != PB_OK) {
		pr_null(p);
		return;
	}
	pr_begin_map(p);
	pr_kstr(p, "state", pb_rstate_name(r.state));
	pr_kstr(p, "by", r.by_hand ? "hand" : "mail");
	pr_kstr(p, "derived", pb_rstate_name(r.derived));
	pr_kbool(p, "rfc", r.rfc);
	pr_kbool(p, "conflict", r.conflict);
	pr_end(p);
}

static void print_patch_review(printer_t *p, const pb_series_set_t *set, const pb_version_t *v, const pb_patch_t *pa)
{
	pb_patch_review_t pr;
	pr_key(p, "review");
	if (pb_review_patch(&pr, set, v, pa) != PB_OK) {
		pr_null(p);
		return;
	}
	pr_begin_map(p);
	pr_kstr(p, "state", pb_rstate_name(pr.state));
	pr_kstr(p, "by", pr.by_hand ? "hand" : "mail");
	pr_kstr(p, "derived", pb_rstate_name(pr.derived));
	pr_end(p);
}

/* Series S: its map (the same for list and show), and when SHOW, show's
 * text beside it: the series, then each version with its cover, patches
 * and trailers. */
static void print_series(printer_t *p, const pb_series_set_t *set, const pb_series_t *s, bool show)
{
	void *tmp = talloc_new(NULL);
	show = show && pr_is_text(p);
	pr_begin_map(p);
	pr_kstr(p, "id", s->id);
	pr_kstr(p, "title", s->title);
	pr_kstr(p, "author", pb_person_format(tmp, &s->author));
	pr_kstr(p, "state", pb_state_name(s->state));
	print_review(p, set, s, NULL);
	pr_kint(p, "last_activity", s->last_activity);
	{
		pb_unread_t u;
		pb_series_unread(&u, set, s);
		pr_kint(p, "unread", u.messages);
		pr_kbool(p, "new_version", u.new_version);
	}
	if (show)
		pr_textf(p, "%s\n  by %s, %s, %zu version%s, id <%s>\n", s->title, pb_person_format(tmp, &s->author),
			 pb_state_name(s->state), s->n_versions, s->n_versions == 1 ? "" : "s", s->id);
	pr_key(p, "depends_on");
	pr_begin_list(p);
	for (size_t i = 0; i < s->n_depends_on; i++) {
		pr_str(p, s->depends_on[i]->id);
		if (show)
			pr_textf(p, "  depends on: %s <%s>\n", s->depends_on[i]->title, s->depends_on[i]->id);
	}
	pr_end(p);
	pr_key(p, "versions");
	pr_begin_list(p);
	for (size_t vi = 0; vi < s->n_versions; vi++) {
		const pb_version_t *v = s->versions[vi];
		unsigned received = 0;
		for (size_t k = 0; k < v->n_patches; k++)
			if (!v->patches[k]->inherited_from)
				received++;
		pr_begin_map(p);
		pr_kint(p, "version", v->version);
		pr_kstr(p, "root", v->root->msgid);
		pr_kstr(p, "cover", v->cover ? v->cover->msgid : NULL);
		/* why this posting is a version of the series */
		pr_key(p, "link");
		pr_begin_map(p);
		pr_kstr(p, "reason", pb_link_reason_name(v->link_reason));
		pr_kstr(p, "to", v->link_to ? v->link_to->msgid : NULL);
		pr_end(p);
		pr_kint(p, "total", v->total);
		pr_kint(p, "received", received);
		pr_key(p, "missing");
		pr_begin_list(p);
		for (size_t k = 0; k < v->n_missing; k++)
			pr_int(p, v->missing[k]);
		pr_end(p);
		pr_kbool(p, "rfc", v->flags & PB_VER_RFC);
		pr_kbool(p, "resend", v->flags & (PB_VER_RESEND | PB_VER_REPOST));
		pr_kbool(p, "pull", v->flags & PB_VER_PULL);
		pr_kbool(p, "applied", v->flags & PB_VER_APPLIED);
		print_review(p, set, s, v);
		pr_kint(p, "date", v->date);
		pr_kstr(p, "subject", v->cover ? v->cover->subject : v->root->subject);
		if (show) {
			char date[32] = "?";
			time_t t = (time_t)v->date;
			struct tm tm;
			char *missing = talloc_strdup(tmp, v->n_missing ? ", missing" : "");
			if (v->date > 0 && gmtime_r(&t, &tm))
				strftime(date, sizeof(date), "%Y-%m-%d", &tm);
			for (size_t k = 0; k < v->n_missing; k++)
				missing = talloc_asprintf_append(missing, "%s%d", k ? "," : " ", v->missing[k]);
			pr_textf(p, "\nv%d%s%s%s%s  %s  %u/%d received%s\n", v->version, (v->flags & PB_VER_RFC) ? " RFC" : "",
				 (v->flags & PB_VER_RESEND) ? " RESEND" : "", (v->flags & PB_VER_REPOST) ? " (posted again)" : "",
				 (v->flags & PB_VER_APPLIED) ? " [applied]" : "", date, received, v->total, missing);
			if (v->link_to)
				pr_textf(p, "  linked by %s to <%s>\n", pb_link_reason_name(v->link_reason), v->link_to->msgid);
			if (v->cover)
				pr_textf(p, "  cover  %s\n         <%s>\n", v->cover->subject, v->cover->msgid);
		}
		print_trailers(p, tmp, "cover_trailers", show ? "cover:" : NULL, &v->cover_trailers);
		pr_key(p, "patches");
		pr_begin_list(p);
		for (size_t k = 0; k < v->n_patches; k++) {
			const pb_patch_t *pa = v->patches[k];
			pr_begin_map(p);
			pr_kint(p, "index", pa->index);
			pr_kstr(p, "msgid", pa->rec->msgid);
			pr_kstr(p, "subject", pa->rec->subject);
			pr_kstr(p, "author", pb_person_format(tmp, &pa->rec->author));
			pr_kstr(p, "patch_id", pa->rec->patch_id);
			if (show)
				pr_textf(p, "  [%d/%d] %s%s\n         <%s> patch-id %.12s\n", pa->index, v->total,
					 pa->rec->title,
					 pa->inherited_from ? talloc_asprintf(tmp, "  (kept from v%d)", pa->inherited_from) : "",
					 pa->rec->msgid, pa->rec->patch_id ? pa->rec->patch_id : "-");
			print_trailers(p, tmp, "trailers", show ? "+" : NULL, &pa->trailers);
			print_trailers(p, tmp, "carried_trailers", show ? "~" : NULL, &pa->carried);
			if (pa->inherited_from)
				pr_kint(p, "inherited_from", pa->inherited_from);
			print_patch_review(p, set, v, pa);
			pr_end(p);
		}
		pr_end(p);
		pr_end(p);
	}
	pr_end(p);
	pr_end(p);
	talloc_free(tmp);
}

/* list's line for series S: a summary of its latest version, no walk of
 * the map (list's text is not a rendering of it). */
static void print_list_line(printer_t *p, const pb_series_t *s)
{
	const pb_version_t *v = pb_series_latest(s);
	unsigned a, r, t, received = 0;
	void *tmp = talloc_new(NULL);
	pb_rstate_t hand;
	pb_version_tag_counts(v, &a, &r, &t);
	for (size_t k = 0; k < v->n_patches; k++)
		if (!v->patches[k]->inherited_from)
			received++;
	/* a state set by hand shows as its label and a star */
	const char *state = pb_review_by_hand(v, &hand) ? talloc_asprintf(tmp, "%s*", pb_rstate_label(hand))
			    : (v->flags & PB_VER_ACCEPTED) ? pb_rstate_name(PB_RS_ACCEPTED)
							   : pb_state_name(s->state);
	pr_textf(p, "%-10s v%-2d %3u/%-3d A%u R%u T%u %5s  %s %s  <%s>\n", state, v->version, received, v->total, a, r, t,
		 cli_age(tmp, s->last_activity), cli_column(tmp, *s->author.name ? s->author.name : s->author.email, 20),
		 pb_text_inert(tmp, s->title, 0), s->id);
	talloc_free(tmp);
}

static const char list_usage[] =
	"Usage: patchbay list [QUERY] [--json]\n"
	"\n"
	"List patch series, most recent activity first. QUERY is a notmuch query;\n"
	"a series is listed when any of its messages matches.\n"
	"Columns: state (a state set by hand with `patchbay state` shows as its\n"
	"label and a star: \"deferred*\"), latest version, patches received/total, Acked/Reviewed/\n"
	"Tested counts, age of the last activity, author, title, series id.\n";

int cmd_list(cli_t *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
	bool json = false;
	pb_index_t *idx;
	pb_series_t **res;
	size_t n;
	int c, rc;

	if (cli_wants_help(argc, argv, list_usage))
		return EXIT_OK;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'j')
			json = true;
		else {
			fputs(list_usage, stderr);
			return EXIT_USAGE;
		}
	}
	if ((rc = cli_open_query(cli, NULL, argc, argv, optind, &idx, &res, &n)))
		return rc;
	printer_t *p = printer_new(cli->ctx, json ? PRINTER_JSON : PRINTER_TEXT, stdout, 1);
	if (!p)
		return cli_exit_code(PB_ERR_NOMEM);
	pr_begin_list(p);
	for (size_t i = 0; i < n; i++) {
		/* (the map is walked for JSON only: for the text it would be a
		 * pass over every patch and trailer for nothing) */
		if (pr_is_text(p))
			print_list_line(p, res[i]);
		else
			print_series(p, pb_index_series(idx), res[i], false);
	}
	pr_end(p);
	if (!cli->quiet)
		pr_textf_to(p, stderr, "%zu series\n", n);
	return EXIT_OK;
}

static const char show_usage[] =
	"Usage: patchbay show SERIES [--json]\n"
	"\n"
	"Show every version of the series that holds the message SERIES (a\n"
	"Message-ID, with or without id: or <>): cover letters, patches,\n"
	"completeness, patch-ids, collected and carried-over trailers.\n";

int cmd_show(cli_t *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
	bool json = false;
	pb_index_t *idx;
	pb_series_t *s;
	printer_t *p;
	int c, rc;

	if (cli_wants_help(argc, argv, show_usage))
		return EXIT_OK;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'j')
			json = true;
		else {
			fputs(show_usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fputs(show_usage, stderr);
		return EXIT_USAGE;
	}
	if ((rc = cli_open_index(cli, &idx)))
		return rc;
	cli_attach_target(cli, idx);
	if ((rc = cli_find_series(cli, idx, argv[optind], &s)))
		return rc;
	p = printer_new(cli->ctx, json ? PRINTER_JSON : PRINTER_TEXT, stdout, 1);
	if (!p)
		return cli_exit_code(PB_ERR_NOMEM);
	pr_begin_list(p);
	print_series(p, pb_index_series(idx), s, true);
	pr_end(p);
	return EXIT_OK;
}
