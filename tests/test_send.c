/* test_send.c: sending through a sendmail-compatible command that records
 * what it gets, a failing one that leaves a draft, and the stored copies in
 * a real notmuch database, in the thread of the mail they answer. */
#include <sys/stat.h>
#include <unistd.h>

#include "tests/lib/pbtest.h"
#include "tests/lib/pbt_git.h"
#include "patchbay/reply.h"
#include "patchbay/send.h"
#include "patchbay/store.h"
#include "patchbay/trailer.h"

static pb_person_t me = {(char *)"Test Maintainer", (char *)"maint@example.org"};

struct fx {
	void *ctx;
	char *dir;    /* scripts and recordings */
	char *db;     /* notmuch database (maildir root) */
	char *mbox;
	pb_index_t *idx;
	pb_mail_t *patch2;
	char *patch2_id;
};

static int setup(void **state)
{
	struct fx *f = talloc_zero(NULL, struct fx);
	char *repo;
	pb_series_t *s;
	pb_version_t *v;
	f->ctx = f;
	f->dir = pbt_tmpdir(f);
	repo = pbt_git_repo(f, 3);
	f->mbox = pbt_git_series(f, repo, 3, "Change some lines");
	f->db = pbt_notmuch_db1(f, f->mbox);
	f->idx = pbt_index(f, f->db, NULL);
	f->patch2_id = pbt_mbox_msgid(f, f->mbox, "2/3");
	assert_int_equal(pb_index_find(f->idx, f->patch2_id, &s, &v, NULL), PB_OK);
	assert_int_equal(pb_index_load_mail(f->idx, f, v->patches[1]->rec, &f->patch2, NULL), PB_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	talloc_free(*state);
	return 0;
}

/* notmuch's own answer: message ids of the thread of ID */
static char *thread_of(void *ctx, const char *db, const char *id, const char *extra)
{
	char *q = talloc_asprintf(ctx, "thread:{id:%s}%s%s", id, extra ? " and " : "", extra ? extra : "");
	char *cfg = talloc_asprintf(ctx, "NOTMUCH_CONFIG=%s/.notmuch-config", db);
	const char *argv[] = {"env", cfg, "notmuch", "search", "--output=messages", q, NULL};
	char *out = NULL;
	assert_int_equal(pbt_run(ctx, &out, NULL, NULL, argv), 0);
	return out;
}

static void test_send_records(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	char *rec = talloc_asprintf(ctx, "%s/rec", f->dir);
	char *script, *cmd, *args, *stdin_got, *raw;
	pb_send_opts_t o = {0};
	pb_send_result_t r;
	pb_error_t err = {0};
	pb_draft_t *d;
	pb_series_t *s1, *s2;
	bool tagged;

	script = pbt_script(ctx, f->dir, "record-sendmail",
			    "rec=\"$1\"; shift\nprintf '%s\\n' \"$@\" > \"$rec.args\"\ncat > \"$rec.stdin\"\n");
	/* quotes in the configured command, as git config may hold them */
	cmd = talloc_asprintf(ctx, "'%s' \"%s\"", script, rec);
	o.sendmail_cmd = cmd;
	o.sent_folder = "Sent";
	o.drafts_folder = "Drafts";
	o.sent_tags = "+sent -inbox";
	o.draft_tags = "+draft";
	assert_int_equal(pb_reply_compose(ctx, &d, f->patch2, PB_REPLY_ACK, &me, NULL), PB_OK);
	assert_int_equal(pb_send(f->idx, ctx, &r, d, &o, &err), PB_OK);
	assert_true(r.sent);
	assert_int_equal(r.status, 0);
	/* the command got -i and the recipients, and the message on stdin */
	args = pbt_read(ctx, talloc_asprintf(ctx, "%s.args", rec), NULL);
	assert_string_equal(args, "-i\nann@example.com\nlist@example.org\nrev@example.org\n");
	stdin_got = pbt_read(ctx, talloc_asprintf(ctx, "%s.stdin", rec), NULL);
	assert_int_equal(pb_draft_format(ctx, &raw, d, false, NULL), PB_OK);
	assert_string_equal(stdin_got, raw);
	pbt_assert_contains(stdin_got, "Acked-by: Test Maintainer <maint@example.org>\n");
	/* the copy is in the sent folder, not in drafts */
	pbt_assert_contains(r.path, "/Sent/cur/");
	pbt_assert_contains(r.path, ":2,S");
	assert_string_equal(pbt_read(ctx, r.path, NULL), pbt_read(ctx, d->path, NULL));
	pbt_assert_contains(pbt_read(ctx, r.path, NULL), d->body);
	pbt_sh("test -z \"$(ls '%s/Drafts/cur')\"", f->db);
	/* it is in the thread, tagged, for notmuch at once and for patchbay
	 * after the refresh (the caller's step) */
	pbt_assert_contains(thread_of(ctx, f->db, f->patch2_id, "tag:sent and not tag:draft"), d->msgid);
	assert_int_equal(pb_store_has_tag(f->idx, &tagged, d->msgid, "sent", NULL), PB_OK);
	assert_true(tagged);
	assert_int_equal(pb_index_refresh(f->idx, NULL), PB_OK);
	assert_int_equal(pb_index_find(f->idx, d->msgid, &s1, NULL, NULL), PB_OK);
	assert_int_equal(pb_index_find(f->idx, f->patch2_id, &s2, NULL, NULL), PB_OK);
	assert_ptr_equal(s1, s2);
	talloc_free(ctx);
}

static void test_send_fails_keeps_draft(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	char *script;
	pb_send_opts_t o = {0};
	pb_send_result_t r;
	pb_error_t err = {0};
	pb_draft_t *d;
	pb_draft_t *back;
	char *data;
	size_t len;
	bool tagged;

	script = pbt_script(ctx, f->dir, "fail-sendmail", "cat >/dev/null\necho 'relay refused: no route' >&2\nexit 75\n");
	o.sendmail_cmd = script;
	o.sent_folder = "Sent";
	o.drafts_folder = "Drafts";
	o.sent_tags = "+sent";
	o.draft_tags = "+draft";
	assert_int_equal(pb_reply_compose(ctx, &d, f->patch2, PB_REPLY_REVIEW, &me, NULL), PB_OK);
	assert_int_equal(pb_send(f->idx, ctx, &r, d, &o, &err), PB_ERR_EXTERNAL);
	assert_false(r.sent);
	assert_int_equal(r.status, 75);
	pbt_assert_contains(err.msg, "exit 75");
	pbt_assert_contains(err.msg, "relay refused: no route");
	pbt_assert_contains(err.msg, "kept as a draft in ");
	pbt_assert_contains(err.msg, r.path);
	pbt_assert_contains(r.output, "relay refused");
	/* the draft is on disk, flagged and tagged draft, in the thread */
	pbt_assert_contains(r.path, "/Drafts/cur/");
	pbt_assert_contains(r.path, ":2,D");
	data = pbt_read(ctx, r.path, &len);
	assert_int_equal(pb_draft_parse(ctx, &back, data, len, NULL), PB_OK);
	assert_string_equal(back->body, d->body);
	assert_string_equal(back->msgid, d->msgid);
	pbt_assert_contains(thread_of(ctx, f->db, f->patch2_id, "tag:draft"), d->msgid);
	assert_int_equal(pb_store_has_tag(f->idx, &tagged, d->msgid, "sent", NULL), PB_OK);
	assert_false(tagged);

	/* a command that cannot run at all: the draft stays too */
	o.sendmail_cmd = "/nonexistent/sendmail";
	assert_int_equal(pb_send(f->idx, ctx, &r, d, &o, &err), PB_ERR_EXTERNAL);
	pbt_assert_contains(err.msg, "kept as a draft");
	/* still exactly one draft copy: the new one replaced the old */
	assert_int_equal(pbt_count_files(ctx, talloc_asprintf(ctx, "%s/Drafts/cur", f->db), "*", NULL), 1);
	assert_int_equal(access(r.path, F_OK), 0);
	talloc_free(ctx);
}

static void test_default_sendmail(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	char *bin = pbt_tmpdir(ctx);
	char *oldpath = talloc_strdup(ctx, getenv("PATH"));
	pb_send_opts_t o = {0};
	pb_send_result_t r;
	pb_draft_t *d;
	pb_error_t err = {0};
	pbt_script(ctx, bin, "sendmail",
		   talloc_asprintf(ctx, "printf '%%s\\n' \"$@\" > '%s/args'\ncat > '%s/stdin'\n", bin, bin));
	setenv("PATH", talloc_asprintf(ctx, "%s:%s", bin, oldpath), 1);
	o.sent_folder = "Sent";
	o.drafts_folder = "Drafts";
	assert_int_equal(pb_reply_compose(ctx, &d, f->patch2, PB_REPLY_TEST, &me, NULL), PB_OK);
	assert_int_equal(pb_send(f->idx, ctx, &r, d, &o, &err), PB_OK);
	setenv("PATH", oldpath, 1);
	assert_string_equal(pbt_read(ctx, talloc_asprintf(ctx, "%s/args", bin), NULL), "-t\n-oi\n");
	pbt_assert_contains(pbt_read(ctx, talloc_asprintf(ctx, "%s/stdin", bin), NULL), "Tested-by: Test Maintainer");
	talloc_free(ctx);
}

static void test_save_draft(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	pb_send_opts_t o = {0};
	pb_draft_t *d;
	pb_error_t err = {0};
	char *first;
	o.drafts_folder = "Mail/Drafts";
	o.draft_tags = "+draft +patchbay";
	assert_int_equal(pb_reply_compose(ctx, &d, f->patch2, PB_REPLY_PLAIN, &me, NULL), PB_OK);
	assert_int_equal(pb_send_save_draft(f->idx, d, &o, &err), PB_OK);
	first = talloc_strdup(ctx, d->path);
	pbt_assert_contains(first, "/Mail/Drafts/cur/");
	pbt_assert_contains(thread_of(ctx, f->db, f->patch2_id, "tag:draft and tag:patchbay"), d->msgid);
	/* saved again after an edit: one copy, the new text */
	d->body = talloc_strdup(d, "second thoughts\n");
	assert_int_equal(pb_send_save_draft(f->idx, d, &o, &err), PB_OK);
	assert_string_not_equal(first, d->path);
	assert_int_equal(access(first, F_OK), -1);
	pbt_assert_contains(pbt_read(ctx, d->path, NULL), "second thoughts");
	assert_int_equal(pbt_count_files(ctx, talloc_asprintf(ctx, "%s/Mail/Drafts/cur", f->db), "*", NULL), 1);
	/* a folder outside the mail root is refused */
	o.drafts_folder = "../escape";
	assert_int_equal(pb_send_save_draft(f->idx, d, &o, &err), PB_ERR_USAGE);
	o.drafts_folder = "/abs";
	assert_int_equal(pb_send_save_draft(f->idx, d, &o, &err), PB_ERR_USAGE);
	talloc_free(ctx);
}

static bool has_trailer(const pb_patch_t *p, const char *text)
{
	void *tmp = talloc_new(NULL);
	bool found = false;
	for (size_t i = 0; i < p->trailers.n; i++)
		if (strcmp(pb_trailer_format(tmp, &p->trailers.v[i]), text) == 0)
			found = true;
	talloc_free(tmp);
	return found;
}

/* A draft shows in the thread but gives no trailer until it is sent. */
static void test_draft_says_nothing(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	pb_send_opts_t o = {0};
	pb_send_result_t r;
	pb_draft_t *d;
	pb_patch_t *p;
	pb_series_t *s, *s2;
	int64_t activity;
	unsigned replies, messages;
	/* (a command that reads the message: `true` would not have sent it) */
	o.sendmail_cmd = pbt_script(ctx, pbt_tmpdir(ctx), "sm", "cat > /dev/null\n");
	o.sent_folder = "Sent";
	o.drafts_folder = "Drafts";
	assert_int_equal(pb_reply_compose(ctx, &d, f->patch2, PB_REPLY_ACK, &me, NULL), PB_OK);
	assert_int_equal(pb_index_find(f->idx, f->patch2_id, &s2, NULL, &p), PB_OK);
	activity = s2->last_activity;
	replies = p->n_replies;
	messages = s2->n_messages;
	assert_int_equal(pb_send_save_draft(f->idx, d, &o, NULL), PB_OK);
	assert_int_equal(pb_index_refresh(f->idx, NULL), PB_OK); /* the model follows: the caller's step */
	assert_int_equal(pb_index_find(f->idx, d->msgid, &s, NULL, NULL), PB_OK);
	assert_int_equal(pb_index_find(f->idx, f->patch2_id, &s2, NULL, &p), PB_OK);

	assert_ptr_equal(s, s2);
	assert_false(has_trailer(p, "Acked-by: Test Maintainer <maint@example.org>"));
	/* nor any activity, nor a reply to count (issue 11, bug 10: the series
	 * jumped to the top, "1m") */
	assert_true(s2->last_activity == activity);
	assert_int_equal(p->n_replies, replies);
	assert_int_equal(s2->n_messages, messages);
	assert_int_equal(pb_send(f->idx, ctx, &r, d, &o, NULL), PB_OK);
	/* until the refresh, the model held is the one before the send */
	assert_false(has_trailer(p, "Acked-by: Test Maintainer <maint@example.org>"));
	assert_int_equal(pb_index_refresh(f->idx, NULL), PB_OK);
	assert_int_equal(pb_index_find(f->idx, f->patch2_id, &s2, NULL, &p), PB_OK);
	assert_true(has_trailer(p, "Acked-by: Test Maintainer <maint@example.org>"));
	talloc_free(ctx);
}

static void test_refusals(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	pb_send_opts_t o = {0};
	pb_send_result_t r;
	pb_draft_t *d;
	pb_error_t err = {0};
	o.sendmail_cmd = "true";
	o.sent_folder = "Sent";
	o.drafts_folder = "Drafts";
	assert_int_equal(pb_reply_compose(ctx, &d, f->patch2, PB_REPLY_ACK, &me, NULL), PB_OK);
	d->to = talloc_strdup(d, "");
	d->cc = talloc_strdup(d, "");
	assert_int_equal(pb_send(f->idx, ctx, &r, d, &o, &err), PB_ERR_USAGE);
	pbt_assert_contains(err.msg, "no recipient");
	d->to = talloc_strdup(d, "\"-oQ/tmp/x\"@example.org");
	d->to = talloc_strdup(d, "-oQ@example.org");
	assert_int_equal(pb_send(f->idx, ctx, &r, d, &o, &err), PB_ERR_USAGE);
	pbt_assert_contains(err.msg, "looks like an option");
	d->to = talloc_strdup(d, "ann@example.com");
	o.sendmail_cmd = "msmtp -a work | tee /tmp/log";
	assert_int_equal(pb_send(f->idx, ctx, &r, d, &o, &err), PB_ERR_USAGE);
	pbt_assert_contains(err.msg, "needs a shell");
	/* nothing was stored or sent by the refusals */
	assert_null(d->path);
	talloc_free(ctx);
}

static void test_split_command(void **state)
{
	void *ctx = talloc_new(NULL);
	char **v;
	size_t n;
	pb_error_t err = {0};
	(void)state;
	assert_int_equal(pb_send_split_command(ctx, &v, &n, "  msmtp -a 'my account' --x=\"a \\\"b\\\"\" c\\ d ", &err),
			 PB_OK);
	assert_int_equal(n, 5);
	assert_string_equal(v[0], "msmtp");
	assert_string_equal(v[2], "my account");
	assert_string_equal(v[3], "--x=a \"b\"");
	assert_string_equal(v[4], "c d");
	assert_null(v[5]);
	assert_int_equal(pb_send_split_command(ctx, &v, &n, "a 'b", &err), PB_ERR_USAGE);
	pbt_assert_contains(err.msg, "unbalanced");
	assert_int_equal(pb_send_split_command(ctx, &v, &n, "sendmail $HOME", &err), PB_ERR_USAGE);
	assert_int_equal(pb_send_split_command(ctx, &v, &n, "sendmail \"`id`\"", &err), PB_ERR_USAGE);
	assert_int_equal(pb_send_split_command(ctx, &v, &n, "a;b", &err), PB_ERR_USAGE);
	assert_int_equal(pb_send_split_command(ctx, &v, &n, "   ", &err), PB_ERR_USAGE);
	talloc_free(ctx);
	ctx = talloc_new(NULL);
	assert_int_equal(pb_send_split_command(ctx, &v, &n, "x y", &err), PB_OK);
	talloc_free(v);
	pbt_assert_no_leaks(ctx);
	talloc_free(ctx);
}

static void test_opts_from_config(void **state)
{
	void *ctx = talloc_new(NULL);
	char *repo = pbt_git_repo(ctx, 1);
	pb_conf_t *conf;
	pb_send_opts_t o;
	(void)state;
	assert_int_equal(pb_conf_open(ctx, &conf, repo, NULL), PB_OK);
	pb_send_opts_load(&o, conf);
	assert_null(o.sendmail_cmd);
	assert_string_equal(o.sent_folder, "Sent");
	assert_string_equal(o.drafts_folder, "Drafts");
	assert_string_equal(o.sent_tags, "+sent");
	assert_string_equal(o.draft_tags, "+draft");
	pbt_sh("cd '%s' && git config sendemail.smtpServer /usr/bin/msmtp && git config patchbay.sentFolder Out "
	       "&& git config patchbay.draftTags '+draft -inbox'",
	       repo);
	assert_int_equal(pb_conf_open(ctx, &conf, repo, NULL), PB_OK);
	pb_send_opts_load(&o, conf);
	assert_string_equal(o.sendmail_cmd, "/usr/bin/msmtp");
	assert_string_equal(o.sent_folder, "Out");
	assert_string_equal(o.draft_tags, "+draft -inbox");
	pbt_sh("cd '%s' && git config sendemail.sendmailCmd 'msmtp -a x'", repo);
	assert_int_equal(pb_conf_open(ctx, &conf, repo, NULL), PB_OK);
	pb_send_opts_load(&o, conf);
	assert_string_equal(o.sendmail_cmd, "msmtp -a x");
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_send_records, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_fails_keeps_draft, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_sendmail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_draft, setup, teardown),
		cmocka_unit_test_setup_teardown(test_draft_says_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test(test_split_command),
		cmocka_unit_test(test_opts_from_config),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("send", tests, NULL, NULL);
}
