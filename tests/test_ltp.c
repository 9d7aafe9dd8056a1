/* test_ltp.c: for the LTP threads of the corpus, the trailers `patchbay am`
 * writes for each patch are the trailer set of the upstream commit that was
 * applied from it (lore-ltp/EXPECTED-upstream-commits.json). */
#include "tests/lib/pbtest.h"
#include "tests/lib/tjson.h"
#include "patchbay/mail.h"
#include "patchbay/mbox.h"

static const char *const files[] = {
	"ltp-swapon03-v1-v5.mbox",
	"ltp-configure-make-cleanup-v1-v2.mbox",
	"ltp-sched_football-runtest.mbox",
	"ltp-fanotify-cover-0of6-v2.mbox",
	NULL,
};

static int strcmp_ptr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int one_mail(void *payload, const char *msg, size_t len)
{
	pb_mail_t **out = payload;
	if (*out)
		fail_msg("am wrote more than one patch");
	assert_int_equal(pb_mail_parse(NULL, out, msg, len, NULL), PB_OK);
	return 0;
}

/* Trailer lines of the last paragraph of MESSAGE, sorted, one per line. */
static char *trailer_set(void *ctx, const char *message)
{
	const char *e = message + strlen(message), *p;
	char **lines = NULL, *out;
	size_t n = 0;
	while (e > message && e[-1] == '\n')
		e--;
	for (p = e; p > message; p--)
		if (p - message >= 2 && p[-1] == '\n' && p[-2] == '\n')
			break;
	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(e - p);
		lines = talloc_realloc(ctx, lines, char *, n + 1);
		lines[n++] = talloc_strndup(ctx, p, len);
		p += len + (nl ? 1 : 0);
	}
	qsort(lines, n, sizeof(char *), strcmp_ptr);
	out = talloc_strdup(ctx, "");
	for (size_t i = 0; i < n; i++)
		out = talloc_asprintf_append(out, "%s\n", lines[i]);
	return out;
}

/* Where patchbay collects more than upstream committed, on purpose: Avinesh
 * Kumar gave his Reviewed-by "for all patches in the series" in reply to
 * v2 5/5 of swapon03 (<12777454.O9o76ZdvQC@thinkpad>); upstream committed
 * v2 4/5 without it (b4 collects a trailer given in reply to one patch for
 * that patch alone). patchbay gives it to every patch of v2. */
#define LTP_SERIES_WIDE_MSGID "20251106163500.1063704-5-pvorel@suse.cz"
#define LTP_SERIES_WIDE_TRAILER "Reviewed-by: Avinesh Kumar <akumar@suse.de>"

static void check_file(const char *file)
{
	void *ctx = talloc_new(NULL);
	char *json = pbt_read(ctx, pbt_corpus_path(ctx, "lore-ltp/EXPECTED-upstream-commits.json"), NULL);
	tj_t *root = tj_parse(ctx, json, NULL), *applied;
	char *db = pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, talloc_asprintf(ctx, "lore-ltp/%s", file)));
	pb_index_t *idx = pbt_index(ctx, db, NULL);

	assert_non_null(root);
	applied = tj_get(tj_get(root, file), "applied");
	assert_non_null(applied);
	assert_true(applied->n > 0);
	for (size_t i = 0; i < applied->n; i++) {
		tj_t *a = applied->items[i], *tr = tj_get(a, "commit_trailers");
		const char *msgid = tj_str(a, "applied_from_msgid");
		bool link = strncmp(tj_str(a, "matched_by"), "Link:", 5) == 0;
		pb_series_t *s;
		pb_version_t *v;
		pb_patch_t *p;
		char *out, *err, *want = talloc_strdup(ctx, "");
		pb_mail_t *m = NULL;
		char **lines = talloc_array(ctx, char *, tr->n);
		int rc;
		const char *argv[16];
		int k = 0;

		assert_int_equal(pb_index_find(idx, msgid, &s, &v, &p), PB_OK);
		assert_non_null(p);
		argv[k++] = pbt_patchbay();
		argv[k++] = "--db";
		argv[k++] = db;
		argv[k++] = "--no-cache";
		argv[k++] = "am";
		argv[k++] = msgid;
		argv[k++] = "--version";
		argv[k++] = talloc_asprintf(ctx, "%d", v->version);
		argv[k++] = "--patches";
		argv[k++] = talloc_asprintf(ctx, "%d", p->index);
		if (!link)
			argv[k++] = "--no-link";
		if (strcmp(file, "ltp-fanotify-cover-0of6-v2.mbox") == 0) {
			/* Petr Vorel applied this series and added his own
			 * Reviewed-by while committing: no mail carries it (his one
			 * reply, <20231129134639.GA1426618@pevik>, reports a bug).
			 * A maintainer does that with --trailer. */
			argv[k++] = "--trailer";
			argv[k++] = "Reviewed-by: Petr Vorel <pvorel@suse.cz>";
		}
		argv[k] = NULL;
		rc = pbt_run(ctx, &out, &err, NULL, argv);
		if (rc != 0)
			fail_msg("patchbay am %s: exit %d: %s", msgid, rc, err);
		pb_mbox_split(NULL, out, strlen(out), one_mail, &m);
		assert_non_null(m);
		size_t nl = tr->n;
		for (size_t t = 0; t < tr->n; t++)
			lines[t] = tr->items[t]->str;
		if (strcmp(msgid, LTP_SERIES_WIDE_MSGID) == 0) {
			lines = talloc_realloc(ctx, lines, char *, nl + 1);
			lines[nl++] = (char *)LTP_SERIES_WIDE_TRAILER;
		}
		qsort(lines, nl, sizeof(char *), strcmp_ptr);
		for (size_t t = 0; t < nl; t++)
			want = talloc_asprintf_append(want, "%s\n", lines[t]);
		if (strcmp(trailer_set(ctx, m->message), want) != 0) {
			fprintf(stderr, "%s <%s> (v%d %d/%d):\n--- upstream\n%s--- patchbay am\n%s---\n", file, msgid,
				v->version, p->index, v->total, want, trailer_set(ctx, m->message));
			fail();
		}
		talloc_free(m);
	}
	talloc_free(ctx);
}

static void test_upstream_trailers(void **state)
{
	(void)state;
	PBT_NEED_CORPUS();
	/* Link: lines as the LTP maintainers write them */
	pbt_sh("git config --global patchbay.linkmask 'https://lore.kernel.org/ltp/%%s/'");
	for (int i = 0; files[i]; i++)
		check_file(files[i]);
	pbt_sh("git config --global --unset patchbay.linkmask");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upstream_trailers),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("ltp", tests, NULL, NULL);
}
