/* cmd_series.c: `patchbay list` and `patchbay show`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "patchbay/review.h"
#include "patchbay/text.h"
#include "cli/cli.h"
#include "patchbay/triage.h"
#include "cli/json.h"

static void json_trailers(json_t *j, const char *key, const pb_trailer_list_t *tl, bool carried)
{
	void *tmp = talloc_new(NULL);
	json_key(j, key);
	json_begin_arr(j);
	for (size_t i = 0; i < tl->n; i++) {
		if (tl->v[i].flags & PB_TRAILER_MISMATCH)
			continue; /* not given by the person it names */
		json_str(j, pb_trailer_format(tmp, &tl->v[i]));
	}
	json_end_arr(j);
	(void)carried;
	talloc_free(tmp);
}

static void json_person(json_t *j, const char *key, const pb_person_t *p)
{
	void *tmp = talloc_new(NULL);
	json_kstr(j, key, pb_person_format(tmp, p));
	talloc_free(tmp);
}

/* "review": the review state of version V (NULL: the latest) (review.h). */
static void json_review(json_t *j, const pb_series_set_t *set, const pb_series_t *s, const pb_version_t *v)
{
	pb_review_t r;
	json_key(j, "review");
	if (pb_review_version(&r, set, s, v) != PB_OK) {
		json_null(j);
		return;
	}
	json_begin_obj(j);
	json_kstr(j, "state", pb_rstate_name(r.state));
	json_kstr(j, "by", r.by_hand ? "hand" : "mail");
	json_kstr(j, "derived", pb_rstate_name(r.derived));
	json_kbool(j, "rfc", r.rfc);
	json_kbool(j, "conflict", r.conflict);
	json_end_obj(j);
}

static void json_series(json_t *j, const pb_series_set_t *set, const pb_series_t *s)
{
	json_begin_obj(j);
	json_kstr(j, "id", s->id);
	json_kstr(j, "title", s->title);
	json_person(j, "author", &s->author);
	json_kstr(j, "state", pb_state_name(s->state));
	json_review(j, set, s, NULL);
	json_kint(j, "last_activity", s->last_activity);
	{
		pb_unread_t u;
		pb_series_unread(&u, set, s);
		json_kint(j, "unread", u.messages);
		json_kbool(j, "new_version", u.new_version);
	}
	json_key(j, "depends_on");
	json_begin_arr(j);
	for (size_t i = 0; i < s->n_depends_on; i++)
		json_str(j, s->depends_on[i]->id);
	json_end_arr(j);
	json_key(j, "versions");
	json_begin_arr(j);
	for (size_t vi = 0; vi < s->n_versions; vi++) {
		const pb_version_t *v = s->versions[vi];
		unsigned received = 0;
		for (size_t k = 0; k < v->n_patches; k++)
			if (!v->patches[k]->inherited_from)
				received++;
		json_begin_obj(j);
		json_kint(j, "version", v->version);
		json_kstr(j, "root", v->root->msgid);
		json_kstr(j, "cover", v->cover ? v->cover->msgid : NULL);
		/* why this posting is a version of the series */
		json_key(j, "link");
		json_begin_obj(j);
		json_kstr(j, "reason", pb_link_reason_name(v->link_reason));
		json_kstr(j, "to", v->link_to ? v->link_to->msgid : NULL);
		json_end_obj(j);
		json_kint(j, "total", v->total);
		json_kint(j, "received", received);
		json_key(j, "missing");
		json_begin_arr(j);
		for (size_t k = 0; k < v->n_missing; k++)
			json_int(j, v->missing[k]);
		json_end_arr(j);
		json_kbool(j, "rfc", v->flags & PB_VER_RFC);
		json_kbool(j, "resend", v->flags & (PB_VER_RESEND | PB_VER_REPOST));
		json_kbool(j, "pull", v->flags & PB_VER_PULL);
		json_kbool(j, "applied", v->flags & PB_VER_APPLIED);
		json_review(j, set, s, v);
		json_kint(j, "date", v->date);
		json_kstr(j, "subject", v->cover ? v->cover->subject : v->root->subject);
		json_trailers(j, "cover_trailers", &v->cover_trailers, false);
		json_key(j, "patches");
		json_begin_arr(j);
		for (size_t k = 0; k < v->n_patches; k++) {
			const pb_patch_t *p = v->patches[k];
			json_begin_obj(j);
			json_kint(j, "index", p->index);
			json_kstr(j, "msgid", p->rec->msgid);
			json_kstr(j, "subject", p->rec->subject);
			json_person(j, "author", &p->rec->author);
			json_kstr(j, "patch_id", p->rec->patch_id);
			json_trailers(j, "trailers", &p->trailers, false);
			json_trailers(j, "carried_trailers", &p->carried, true);
			if (p->inherited_from)
				json_kint(j, "inherited_from", p->inherited_from);
			{
				pb_patch_review_t pr;
				json_key(j, "review");
				if (pb_review_patch(&pr, set, v, p) != PB_OK) {
					json_null(j);
				} else {
					json_begin_obj(j);
					json_kstr(j, "state", pb_rstate_name(pr.state));
					json_kstr(j, "by", pr.by_hand ? "hand" : "mail");
					json_kstr(j, "derived", pb_rstate_name(pr.derived));
					json_end_obj(j);
				}
			}
			json_end_obj(j);
		}
		json_end_arr(j);
		json_end_obj(j);
	}
	json_end_arr(j);
	json_end_obj(j);
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
	if (json) {
		json_t j;
		json_init(&j, stdout, 1);
		json_begin_arr(&j);
		for (size_t i = 0; i < n; i++)
			json_series(&j, pb_index_series(idx), res[i]);
		json_end_arr(&j);
		return EXIT_OK;
	}
	for (size_t i = 0; i < n; i++) {
		const pb_series_t *s = res[i];
		const pb_version_t *v = pb_series_latest(s);
		unsigned a, r, t, received = 0;
		void *tmp = talloc_new(NULL);
		char *line;
		pb_version_tag_counts(v, &a, &r, &t);
		for (size_t k = 0; k < v->n_patches; k++)
			if (!v->patches[k]->inherited_from)
				received++;
		pb_rstate_t hand;
		/* a state set by hand shows as its label and a star */
		const char *state = pb_review_by_hand(v, &hand) ? talloc_asprintf(tmp, "%s*", pb_rstate_label(hand))
				    : (v->flags & PB_VER_ACCEPTED) ? pb_rstate_name(PB_RS_ACCEPTED)
								   : pb_state_name(s->state);
		line = talloc_asprintf(tmp, "%-10s v%-2d %3u/%-3d A%u R%u T%u %5s  %s %s  <%s>\n", state, v->version, received, v->total, a, r, t,
				       cli_age(tmp, s->last_activity),
				       cli_column(tmp, *s->author.name ? s->author.name : s->author.email, 20),
				       pb_text_inert(tmp, s->title, 0), s->id);
		cli_puts_safe(stdout, line);
		talloc_free(tmp);
	}
	if (!cli->quiet)
		cli_errorf("%zu series\n", n);
	return EXIT_OK;
}

static const char show_usage[] =
	"Usage: patchbay show SERIES [--json]\n"
	"\n"
	"Show every version of the series that holds the message SERIES (a\n"
	"Message-ID, with or without id: or <>): cover letters, patches,\n"
	"completeness, patch-ids, collected and carried-over trailers.\n";

static void show_trailers(FILE *out, void *tmp, const char *label, const pb_trailer_list_t *tl)
{
	for (size_t i = 0; i < tl->n; i++) {
		const pb_trailer_t *t = &tl->v[i];
		char *l = talloc_asprintf(tmp, "        %s %s%s%s\n", label, pb_trailer_format(tmp, t),
					  (t->flags & PB_TRAILER_MISMATCH) ? "  (sender does not match)" : "",
					  (t->flags & PB_TRAILER_CARRIED)
						  ? talloc_asprintf(tmp, "  (given on v%d)", t->from_version)
						  : (t->flags & PB_TRAILER_COVER)  ? "  (on the cover letter)"
						  : (t->flags & PB_TRAILER_SERIES) ? "  (for the whole series)"
										   : "");
		cli_puts_safe(out, l);
	}
}

int cmd_show(cli_t *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
	bool json = false;
	pb_index_t *idx;
	pb_series_t *s;
	int c, rc;
	void *tmp;

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
	if (json) {
		json_t j;
		json_init(&j, stdout, 1);
		json_begin_arr(&j);
		json_series(&j, pb_index_series(idx), s);
		json_end_arr(&j);
		return EXIT_OK;
	}
	tmp = talloc_new(cli->ctx);
	cli_puts_safe(stdout, talloc_asprintf(tmp, "%s\n  by %s, %s, %zu version%s, id <%s>\n", s->title,
					      pb_person_format(tmp, &s->author), pb_state_name(s->state),
					      s->n_versions, s->n_versions == 1 ? "" : "s", s->id));
	for (size_t i = 0; i < s->n_depends_on; i++)
		cli_puts_safe(stdout, talloc_asprintf(tmp, "  depends on: %s <%s>\n", s->depends_on[i]->title,
						      s->depends_on[i]->id));
	for (size_t vi = 0; vi < s->n_versions; vi++) {
		const pb_version_t *v = s->versions[vi];
		char date[32] = "?";
		time_t t = (time_t)v->date;
		struct tm tm;
		unsigned received = 0;
		if (v->date > 0 && gmtime_r(&t, &tm))
			strftime(date, sizeof(date), "%Y-%m-%d", &tm);
		for (size_t k = 0; k < v->n_patches; k++)
			if (!v->patches[k]->inherited_from)
				received++;
		cli_puts_safe(stdout, talloc_asprintf(tmp, "\nv%d%s%s%s%s  %s  %u/%d received", v->version,
						      (v->flags & PB_VER_RFC) ? " RFC" : "",
						      (v->flags & PB_VER_RESEND) ? " RESEND" : "",
						      (v->flags & PB_VER_REPOST) ? " (posted again)" : "",
						      (v->flags & PB_VER_APPLIED) ? " [applied]" : "", date, received,
						      v->total));
		if (v->n_missing) {
			fputs(", missing", stdout);
			for (size_t k = 0; k < v->n_missing; k++)
				printf("%s%d", k ? "," : " ", v->missing[k]);
		}
		fputc('\n', stdout);
		if (v->link_to)
			cli_puts_safe(stdout, talloc_asprintf(tmp, "  linked by %s to <%s>\n",
							      pb_link_reason_name(v->link_reason), v->link_to->msgid));
		if (v->cover)
			cli_puts_safe(stdout, talloc_asprintf(tmp, "  cover  %s\n         <%s>\n", v->cover->subject,
							      v->cover->msgid));
		show_trailers(stdout, tmp, "cover:", &v->cover_trailers);
		for (size_t k = 0; k < v->n_patches; k++) {
			const pb_patch_t *p = v->patches[k];
			cli_puts_safe(stdout,
				      talloc_asprintf(tmp, "  [%d/%d] %s%s\n         <%s> patch-id %.12s\n", p->index,
						      v->total, p->rec->title,
						      p->inherited_from ? talloc_asprintf(tmp, "  (kept from v%d)", p->inherited_from) : "",
						      p->rec->msgid, p->rec->patch_id ? p->rec->patch_id : "-"));
			show_trailers(stdout, tmp, "+", &p->trailers);
			show_trailers(stdout, tmp, "~", &p->carried);
		}
	}
	return EXIT_OK;
}
