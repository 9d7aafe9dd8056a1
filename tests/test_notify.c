/* test_notify.c: the applied notification, from an apply's result and from
 * a branch (made by patchbay or by git am), whole and partial, sent and
 * marking the series applied. */
#include "tests/lib/pbtest.h"
#include "tests/lib/pbt_git.h"
#include "patchbay/notify.h"
#include "patchbay/send.h"

static pb_person_t me = {(char *)"Queue Keeper", (char *)"keeper@example.org"};

struct fx {
	char *repo, *mbox, *db, *cover;
	pb_index_t *idx;
};

static int setup(void **state)
{
	struct fx *f = talloc_zero(NULL, struct fx);
	f->repo = pbt_git_repo(f, 3);
	f->mbox = pbt_git_series(f, f->repo, 3, "Three little changes");
	f->db = pbt_notmuch_db1(f, f->mbox);
	f->idx = pbt_index(f, f->db, NULL);
	f->cover = pbt_mbox_msgid(f, f->mbox, "0/3");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	talloc_free(*state);
	return 0;
}

static pb_version_t *version(struct fx *f)
{
	pb_series_t *s;
	assert_int_equal(pb_index_find(f->idx, f->cover, &s, NULL, NULL), PB_OK);
	return pb_series_latest(s);
}

static pb_apply_result_t *apply(void *ctx, struct fx *f, const char *branch, const char *patches)
{
	pb_series_t *s;
	pb_apply_opts_t o = {0};
	pb_apply_result_t *r;
	assert_int_equal(pb_index_find(f->idx, f->cover, &s, NULL, NULL), PB_OK);
	o.repo_path = f->repo;
	o.branch = branch;
	o.patches = patches;
	o.committer = &me;
	assert_int_equal(pb_apply_series(ctx, &r, f->idx, s, &o, NULL), PB_OK);
	return r;
}

static void test_all_applied(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	pb_apply_result_t *r = apply(ctx, f, "topic/little", NULL);
	pb_version_t *v = version(f);
	pb_notify_item_t *items;
	pb_notify_opts_t o = {"linux-test", "topic/little", NULL};
	pb_draft_t *d;
	size_t n;
	char *want, *tail;

	assert_int_equal(pb_notify_items_from_result(ctx, &items, &n, v, r), PB_OK);
	assert_int_equal(n, 3);
	assert_int_equal(pb_notify_compose(ctx, &d, f->idx, v, items, n, &me, &o, NULL), PB_OK);
	/* a reply to the cover letter */
	assert_string_equal(d->in_reply_to, f->cover);
	assert_string_equal(d->to, "Ann Author <ann@example.com>");
	assert_string_equal(d->cc, "list@example.org, Rev Iewer <rev@example.org>");
	assert_string_equal(d->subject, "Re: [PATCH 0/3] Three little changes");
	pbt_assert_contains(d->body, "Ann Author wrote:\n> This series changes line 10 of some files.\n");
	want = talloc_asprintf(ctx,
			       "Applied to linux-test topic/little, thanks!\n\n"
			       "[1/3] f1: Change line 10\n      commit: %s\n"
			       "[2/3] f2: Change line 10\n      commit: %s\n"
			       "[3/3] f3: Change line 10\n      commit: %s\n",
			       r->patches[0].commit, r->patches[1].commit, r->patches[2].commit);
	tail = strstr(d->body, "Applied to");
	assert_non_null(tail);
	assert_string_equal(tail, want);
	/* the commits named are the commits on the branch */
	assert_string_equal(r->patches[2].commit, pbt_git(ctx, f->repo, "rev-parse topic/little"));
	/* with a commit URL */
	o.commit_url = "https://git.example.org/linux/commit/?id=%s";
	assert_int_equal(pb_notify_compose(ctx, &d, f->idx, v, items, n, &me, &o, NULL), PB_OK);
	pbt_assert_contains(d->body, talloc_asprintf(ctx, "[2/3] f2: Change line 10\n"
							  "      https://git.example.org/linux/commit/?id=%s\n",
						     r->patches[1].commit));
	talloc_free(ctx);
}

static void test_partial(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	pb_apply_result_t *r = apply(ctx, f, "topic/some", "1,3");
	pb_version_t *v = version(f);
	pb_notify_item_t *items;
	pb_notify_opts_t o = {NULL, "topic/some", NULL};
	pb_draft_t *d;
	size_t n;

	assert_int_equal(pb_notify_items_from_result(ctx, &items, &n, v, r), PB_OK);
	assert_int_equal(pb_notify_compose(ctx, &d, f->idx, v, items, n, &me, &o, NULL), PB_OK);
	pbt_assert_contains(d->body, "Applied patches 1 and 3 of 3 to topic/some, thanks!\n\n[1/3] f1: Change line 10\n");
	pbt_assert_not_contains(d->body, "[2/3]");
	pbt_assert_contains(d->body, "\nPatch 2 was not applied: it needs more work; please send a new version of it.\n");
	/* one applied */
	items[2].commit[0] = '\0';
	assert_int_equal(pb_notify_compose(ctx, &d, f->idx, v, items, n, &me, &o, NULL), PB_OK);
	pbt_assert_contains(d->body, "Applied patch 1 of 3 to topic/some, thanks!\n");
	pbt_assert_contains(d->body, "Patches 2 and 3 were not applied: they need more work");
	/* none */
	items[0].commit[0] = '\0';
	assert_int_equal(pb_notify_compose(ctx, &d, f->idx, v, items, n, &me, &o, NULL), PB_ERR_NOTFOUND);
	talloc_free(ctx);
}

/* Applied earlier, by git am: found on the branch by patch-id, and by
 * subject when the patch was changed while applying. */
static void test_from_branch(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	pb_version_t *v;
	pb_notify_item_t *items;
	pb_error_t err = {0};
	size_t n;

	pbt_sh("cd '%s' && git checkout -q -b by-am && git am -q --empty=drop '%s' && "
	       "echo tweak >> f3.txt && git commit -q --amend -a --no-edit && git commit -q --allow-empty -m later && "
	       "git checkout -q master",
	       f->repo, f->mbox);
	v = version(f);
	assert_int_equal(pb_notify_items_from_branch(ctx, &items, &n, f->repo, "by-am", v, &err), PB_OK);
	assert_int_equal(n, 3);
	assert_string_equal(items[0].commit, pbt_git(ctx, f->repo, "rev-parse by-am~3"));
	assert_string_equal(items[1].commit, pbt_git(ctx, f->repo, "rev-parse by-am~2"));
	assert_string_equal(items[2].commit, pbt_git(ctx, f->repo, "rev-parse by-am~1"));
	/* master has none of them */
	assert_int_equal(pb_notify_items_from_branch(ctx, &items, &n, f->repo, "master", v, &err), PB_OK);
	assert_string_equal(items[0].commit, "");
	assert_int_equal(pb_notify_items_from_branch(ctx, &items, &n, f->repo, "nope", v, &err), PB_ERR_NOTFOUND);
	assert_int_equal(pb_notify_items_from_branch(ctx, &items, &n, "/nonexistent", "x", v, &err), PB_ERR_NOTFOUND);
	talloc_free(ctx);
}

static void test_send_and_mark(void **state)
{
	struct fx *f = *state;
	void *ctx = talloc_new(NULL);
	pb_apply_result_t *r = apply(ctx, f, "topic/sent", NULL);
	pb_version_t *v = version(f);
	pb_notify_item_t *items;
	pb_notify_opts_t o = {"t", "topic/sent", NULL};
	pb_send_opts_t so = {0};
	pb_send_result_t sr;
	pb_draft_t *d;
	pb_series_t *s;
	char *rec = pbt_tmpdir(ctx), *root;
	size_t n;

	so.sendmail_cmd = pbt_script(ctx, rec, "sm", talloc_asprintf(ctx, "cat > '%s/msg'\n", rec));
	so.sent_folder = "Sent";
	so.drafts_folder = "Drafts";
	assert_int_equal(pb_notify_items_from_result(ctx, &items, &n, v, r), PB_OK);
	assert_int_equal(pb_notify_compose(ctx, &d, f->idx, v, items, n, &me, &o, NULL), PB_OK);
	root = talloc_strdup(ctx, v->cover->msgid);
	assert_int_equal(pb_send(f->idx, ctx, &sr, d, &so, NULL), PB_OK);
	assert_int_equal(pb_index_refresh(f->idx, NULL), PB_OK); /* the model follows: the caller's step */
	pbt_assert_contains(pbt_read(ctx, talloc_asprintf(ctx, "%s/msg", rec), NULL), "Applied to t topic/sent, thanks!");
	/* the notification is in the thread; the series is applied */
	assert_int_equal(pb_index_find(f->idx, d->msgid, &s, NULL, NULL), PB_OK);
	assert_int_equal(pb_notify_mark(f->idx, root, items, n, NULL), PB_OK);
	assert_int_equal(pb_index_refresh(f->idx, NULL), PB_OK); /* the model follows: the caller's step */
	assert_int_equal(pb_index_find(f->idx, f->cover, &s, NULL, NULL), PB_OK);
	assert_int_equal(s->state, PB_STATE_APPLIED);
	talloc_free(ctx);
}

/* A single patch without a cover: the notification answers the patch. */
static void test_single_patch(void **state)
{
	void *ctx = talloc_new(NULL);
	char *repo = pbt_git_repo(ctx, 1), *mbox = pbt_git_series(ctx, repo, 1, "unused"), *id;
	pb_index_t *idx;
	pb_series_t *s;
	pb_version_t *v;
	pb_notify_item_t *items;
	pb_notify_opts_t o = {NULL, "fixes", NULL};
	pb_draft_t *d;
	size_t n;
	(void)state;
	/* drop the cover letter git format-patch wrote */
	pbt_sh("awk '/^From [0-9a-f]+ Mon Sep 17/{n++} n>=2' '%s' > '%s.1' && mv '%s.1' '%s'", mbox, mbox, mbox, mbox);
	idx = pbt_index(ctx, pbt_notmuch_db1(ctx, mbox), NULL);
	id = pbt_mbox_msgid(ctx, mbox, "f1: Change");
	assert_int_equal(pb_index_find(idx, id, &s, NULL, NULL), PB_OK);
	v = pb_series_latest(s);
	assert_null(v->cover);
	items = talloc_zero_array(ctx, pb_notify_item_t, 1);
	items[0].index = 1;
	items[0].title = talloc_strdup(items, "f1: Change line 10");
	items[0].msgid = talloc_strdup(items, id);
	memcpy(items[0].commit, "0123456789abcdef0123456789abcdef01234567", 41);
	n = 1;
	assert_int_equal(pb_notify_compose(ctx, &d, idx, v, items, n, &me, &o, NULL), PB_OK);
	assert_string_equal(d->in_reply_to, id);
	pbt_assert_contains(d->body, "> Patch 1 of the series changes one line.\n");
	pbt_assert_contains(d->body, "Applied to fixes, thanks!\n\n[1/1] f1: Change line 10\n");
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_all_applied, setup, teardown),
		cmocka_unit_test_setup_teardown(test_partial, setup, teardown),
		cmocka_unit_test_setup_teardown(test_from_branch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_and_mark, setup, teardown),
		cmocka_unit_test(test_single_patch),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("notify", tests, NULL, NULL);
}
