/* test_index.c: the index over a real notmuch database: cache, incremental
 * updates after `notmuch new`, tags, deleted mail, damaged caches, and
 * -f imports. Mail is written by the test, so it runs without the corpus. */
#include "tests/lib/pbtest.h"
#include "core/model/cache.h"
#include "core/model/series_priv.h"
#include "core/model/snapshot.h"

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A series of N patches (with cover) by AUTHOR, version V, plus a reply with
 * a Reviewed-by on patch 1. Message-IDs are "<tag>-<n>@test". The patches
 * change TAG.c, TAG without its trailing digits: "alpha2" (a later version
 * of "alpha") changes the same file as "alpha". */
static char *series_mbox(void *ctx, const char *tag, int v, int n, const char *author)
{
	char *o = talloc_strdup(ctx, "");
	char *file = talloc_strdup(ctx, tag);
	for (size_t l = strlen(file); l > 1 && file[l - 1] >= '0' && file[l - 1] <= '9'; l--)
		file[l - 1] = '\0';
	const char *vs = v > 1 ? talloc_asprintf(ctx, "v%d ", v) : "";
	o = talloc_asprintf_append(o,
		"From x@y Mon Sep 17 00:00:00 2001\nFrom: %s\nSubject: [PATCH %s0/%d] %s: improve things\n"
		"Message-ID: <%s-0@test>\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\n"
		"This series improves things for %s.\n\n", author, vs, n, tag, tag, tag);
	for (int i = 1; i <= n; i++)
		o = talloc_asprintf_append(o,
			"From x@y Mon Sep 17 00:00:00 2001\nFrom: %s\nSubject: [PATCH %s%d/%d] %s: step %d\n"
			"Message-ID: <%s-%d@test>\nIn-Reply-To: <%s-0@test>\nReferences: <%s-0@test>\n"
			"Date: Mon, 1 Jan 2024 10:0%d:00 +0000\n\n"
			"Do step %d.\n\nSigned-off-by: %s\n---\n"
			"diff --git a/%s.c b/%s.c\nindex 1234567..89abcde 100644\n--- a/%s.c\n+++ b/%s.c\n"
			"@@ -1,3 +1,3 @@\n a\n-b%d\n+c%d\n d\n\n",
			author, vs, i, n, tag, i, tag, i, tag, tag, i % 10, i, author, file, file, file, file, i, i + v);
	o = talloc_asprintf_append(o,
		"From x@y Mon Sep 17 00:00:00 2001\nFrom: Rev Iewer <rev@example.org>\nSubject: Re: [PATCH %s1/%d] %s: step 1\n"
		"Message-ID: <%s-r@test>\nIn-Reply-To: <%s-1@test>\nReferences: <%s-0@test> <%s-1@test>\n"
		"Date: Tue, 2 Jan 2024 10:00:00 +0000\n\n> Do step 1.\n\nReviewed-by: Rev Iewer <rev@example.org>\n\n",
		vs, n, tag, tag, tag, tag, tag);
	return o;
}

static char *write_tmp(void *ctx, const char *content)
{
	char *path = talloc_asprintf(ctx, "%s/mail.mbox", pbt_tmpdir(ctx));
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
	return path;
}

static pb_series_t *find(pb_index_t *idx, const char *id)
{
	pb_series_t *s = NULL;
	if (pb_index_find(idx, id, &s, NULL, NULL) != PB_OK)
		return NULL;
	return s;
}

static void test_cache_and_incremental(void **state)
{
	void *ctx = talloc_new(NULL);
	char *cache = pbt_tmpdir(ctx);
	char *db = pbt_notmuch_db1(ctx, write_tmp(ctx, talloc_asprintf(ctx, "%s%s",
		series_mbox(ctx, "alpha", 1, 3, "Ann Author <ann@example.org>"),
		series_mbox(ctx, "beta", 1, 2, "Bob Author <bob@example.org>"))));
	pb_index_t *idx;
	const pb_index_stats_t *st;
	(void)state;

	/* cold: everything is read */
	idx = pbt_index(ctx, db, cache);
	st = pb_index_stats(idx);
	assert_true(st->full);
	assert_int_equal(st->parsed, 9);
	assert_int_equal(pb_index_series(idx)->n, 2);
	talloc_free(idx);

	/* warm, nothing changed: nothing is read */
	idx = pbt_index(ctx, db, cache);
	st = pb_index_stats(idx);
	assert_true(st->unchanged);
	assert_false(st->full);
	assert_int_equal(st->parsed, 0);
	assert_int_equal(st->from_cache, 9);
	assert_int_equal(pb_index_series(idx)->n, 2);
	assert_int_equal(pb_series_latest(find(idx, "alpha-2@test"))->patches[0]->trailers.n, 1);
	talloc_free(idx);

	/* new mail (v2 of alpha): only it is read, and it joins the series */
	pbt_notmuch_add(db, write_tmp(ctx, series_mbox(ctx, "alpha2", 2, 3, "Ann Author <ann@example.org>")));
	idx = pbt_index(ctx, db, cache);
	st = pb_index_stats(idx);
	assert_false(st->full);
	assert_false(st->unchanged);
	assert_int_equal(st->parsed, 5);
	assert_int_equal(st->messages, 14);
	assert_ptr_equal(find(idx, "alpha-0@test"), find(idx, "alpha2-0@test"));
	assert_int_equal(find(idx, "alpha-0@test")->n_versions, 2);

	/* a tag change: that message alone, and the state follows the tag */
	pbt_sh("NOTMUCH_CONFIG='%s/.notmuch-config' notmuch tag +%s -- id:beta-0@test", db, PB_TAG_APPLIED);
	assert_int_equal(pb_index_refresh(idx, NULL), PB_OK);
	st = pb_index_stats(idx);
	assert_int_equal(st->parsed, 1);
	assert_int_equal(find(idx, "beta-0@test")->state, PB_STATE_APPLIED);

	/* deleted mail leaves the index */
	pbt_sh("cd '%s/cur' && rm -f $(grep -l '^Message-ID: <beta-r@test>' *)", db);
	pbt_notmuch_new(db);
	assert_int_equal(pb_index_refresh(idx, NULL), PB_OK);
	st = pb_index_stats(idx);
	assert_int_equal(st->removed, 1);
	assert_int_equal(st->messages, 13);
	assert_null(find(idx, "beta-r@test"));
	talloc_free(idx);

	/* the refreshed cache serves the next start */
	idx = pbt_index(ctx, db, cache);
	assert_true(pb_index_stats(idx)->unchanged);
	assert_int_equal(pb_index_stats(idx)->from_cache, 13);
	talloc_free(ctx);
}

/* The model a warm start reads from the cache is the model grouping
 * makes: on the demo archive and, with the corpus, its bulk archives. */
static void check_model_roundtrip(void *ctx, const char *db)
{
	char *cache = pbt_tmpdir(ctx);
	pb_index_t *cold = pbt_index(ctx, db, cache), *warm, *nocache;
	char *a, *b, *c;
	/* the index's records are in the same order cold and warm */
	assert_false(pb_index_stats(cold)->model_cached);
	warm = pbt_index(ctx, db, cache);
	assert_true(pb_index_stats(warm)->unchanged);
	assert_true(pb_index_stats(warm)->model_cached);
	nocache = pbt_index(ctx, db, NULL);
	a = pbt_dump_set(ctx, pb_index_series(cold), NULL, 0);
	b = pbt_dump_set(ctx, pb_index_series(warm), NULL, 0);
	c = pbt_dump_set(ctx, pb_index_series(nocache), NULL, 0);
	assert_string_equal(a, b);
	assert_string_equal(a, c);
	/* and every message is found in the same place (by its Message-ID) */
	assert_int_equal(pb_series_set_find(pb_index_series(warm), "no-such-id@nowhere", NULL, NULL, NULL),
			 PB_ERR_NOTFOUND);
	{
		const pb_series_set_t *sc = pb_index_series(cold), *sw = pb_index_series(warm);
		for (size_t i = 0; i < sc->n; i++)
			for (size_t k = 0; k < sc->v[i]->n_versions; k++) {
				const pb_version_t *v = sc->v[i]->versions[k];
				for (size_t p = 0; p < v->n_patches; p++) {
					pb_series_t *s1, *s2;
					pb_version_t *v1, *v2;
					pb_patch_t *p1, *p2;
					assert_int_equal(pb_series_set_find(sc, v->patches[p]->rec->msgid, &s1, &v1, &p1), PB_OK);
					assert_int_equal(pb_series_set_find(sw, v->patches[p]->rec->msgid, &s2, &v2, &p2), PB_OK);
					assert_string_equal(s1->id, s2->id);
					assert_int_equal(v1->version, v2->version);
					assert_string_equal(v1->root->msgid, v2->root->msgid);
					assert_string_equal(p1 ? p1->rec->msgid : "-", p2 ? p2->rec->msgid : "-");
				}
			}
	}
}

static void count_progress(void *payload, size_t done, size_t total, double elapsed)
{
	(void)done;
	(void)total;
	(void)elapsed;
	(*(int *)payload)++;
}

/* The callbacks serve pb_index_open() alone: a refresh (every call that
 * stores mail makes one) must not call them, their payload may be gone. */
static void test_callbacks_end_with_open(void **state)
{
	void *ctx = talloc_new(NULL);
	char *db = pbt_notmuch_db1(ctx, write_tmp(ctx, series_mbox(ctx, "gamma", 1, 2, "Ann Author <ann@example.org>")));
	pb_index_opts_t o = {0};
	pb_index_t *idx;
	int calls = 0;
	(void)state;
	o.db_path = db;
	o.no_cache = true;
	o.progress = count_progress;
	o.payload = &calls;
	assert_int_equal(pb_index_open(ctx, &idx, &o, NULL), PB_OK);
	assert_true(calls > 0);
	calls = 0;
	pbt_notmuch_add(db, write_tmp(ctx, series_mbox(ctx, "delta", 1, 2, "Bob Author <bob@example.org>")));
	assert_int_equal(pb_index_refresh(idx, NULL), PB_OK);
	assert_int_equal(pb_index_stats(idx)->parsed, 4);
	assert_int_equal(calls, 0);
	talloc_free(ctx);
}

/* The CLI, twice on one cache: the second start reads the cache and must
 * print what the first printed, and exit cleanly (a partial reroll once
 * aborted the second start in talloc_free, after its list was printed). */
static void check_cli_cold_warm(void *ctx, const char *db, const char *what)
{
	char *cache = pbt_tmpdir(ctx), *out[2], *err[2];
	const char *argv[] = {pbt_patchbay(), "--db", db, "--cache-dir", cache, "list", "--json", NULL};
	for (int i = 0; i < 2; i++)
		if (pbt_run(ctx, &out[i], &err[i], NULL, argv) != 0)
			fail_msg("%s: %s start: %s", what, i ? "warm" : "cold", err[i]);
	if (strcmp(out[0], out[1]) != 0)
		fail_msg("%s: warm list differs from cold\n--- cold\n%s\n--- warm\n%s", what, out[0], out[1]);
}

/* One database of FILE (an mbox, a raw message or gzip of either). */
static char *corpus_db(void *ctx, const char *file)
{
	size_t n = strlen(file);
	if (n > 3 && strcmp(file + n - 3, ".gz") == 0) {
		char *dir = pbt_tmpdir(ctx), *plain = talloc_asprintf(ctx, "%s/mail", dir);
		pbt_sh("gzip -dc '%s' > '%s'", file, plain);
		return pbt_notmuch_db1(ctx, plain);
	}
	return pbt_notmuch_db1(ctx, file);
}

/* Every mail file of the corpus (mbox, raw message, gzip) and every
 * maildir tree, opened cold, then warm, then without a cache, is the same
 * model, and the CLI prints the same list cold and warm: a partial
 * reroll's kept patch (a record in two versions) once overflowed the
 * trailers of the warm decode and aborted the second start.  (The bulk
 * archives are test_model_cache's.) */
static void test_corpus_cold_warm(void **state)
{
	static const char *const trees[] = {"notmuch-default-maildir", "notmuch-lkml-maildir",
					    "notmuch-threading-synthetic", NULL};
	void *ctx;
	char *list, *line, *save = NULL;
	int files = 0;
	(void)state;
	PBT_NEED_CORPUS();
	ctx = talloc_new(NULL);
	/* mail files, by name; the maildir trees below hold files of no
	 * suffix, the rest (expected output, templates) is not mail */
	{
		char *err, *cmd = talloc_asprintf(ctx,
						  "cd '%s' && find . -type f \\( -name '*.mbox' -o -name '*.eml' -o -name '*.gz' \\) "
						  "! -name 'bulk-*' | LC_ALL=C sort",
						  pbt_corpus_path(ctx, "."));
		const char *sh[] = {"sh", "-c", cmd, NULL};
		assert_int_equal(pbt_run(ctx, &list, &err, NULL, sh), 0);
	}
	for (line = strtok_r(list, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		void *one = talloc_new(ctx);
		char *file = pbt_corpus_path(one, line + 2), *db = corpus_db(one, file);
		check_model_roundtrip(one, db);
		check_cli_cold_warm(one, db, file);
		talloc_free(one);
		files++;
	}
	assert_true(files > 140);
	for (int t = 0; trees[t]; t++) {
		void *one = talloc_new(ctx);
		char *db = pbt_notmuch_db(one, NULL);
		pbt_sh("cp -R '%s'/. '%s/'", pbt_corpus_path(one, trees[t]), db);
		pbt_notmuch_new(db);
		check_model_roundtrip(one, db);
		check_cli_cold_warm(one, db, trees[t]);
		talloc_free(one);
	}
	talloc_free(ctx);
}

static void test_model_cache(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = pbt_tmpdir(ctx), *out, *err;
	const char *gen[] = {pbt_patchbay(), "-q", "demo-gen", dir, NULL};
	(void)state;
	assert_int_equal(pbt_run(ctx, &out, &err, NULL, gen), 0);
	check_model_roundtrip(ctx, talloc_asprintf(ctx, "%s/mail", dir));
	if (pbt_corpus()) {
		const char *bulk[] = {"lore-ltp/bulk-ltp-2025-11..12.mbox", "lore-linux-pwm/bulk-linux-pwm-2022-01..04.mbox",
				      "lore-intel-wired-lan/bulk-intel-wired-lan-2026-01-15..31.mbox", NULL};
		for (int i = 0; bulk[i]; i++)
			check_model_roundtrip(ctx, pbt_notmuch_db1(ctx, pbt_corpus_path(ctx, bulk[i])));
	}
	talloc_free(ctx);
}

/* An update writes only a delta beside the base file; the next start
 * reads both; a delta that is damaged or belongs to another base is passed
 * over (the base is older, not wrong); removed mail writes a new base. */
static void test_cache_delta(void **state)
{
	void *ctx = talloc_new(NULL);
	char *cache = pbt_tmpdir(ctx);
	char *db = pbt_notmuch_db1(ctx, write_tmp(ctx, series_mbox(ctx, "alpha", 1, 3, "Ann Author <ann@example.org>")));
	pb_index_t *idx;
	const pb_index_stats_t *st;
	(void)state;

	talloc_free(pbt_index(ctx, db, cache));
	pbt_sh("ls -i '%s'/records-* > '%s/inode'", cache, cache);
	pbt_notmuch_add(db, write_tmp(ctx, series_mbox(ctx, "alpha2", 2, 3, "Ann Author <ann@example.org>")));
	pbt_sh("NOTMUCH_CONFIG='%s/.notmuch-config' notmuch tag +%s -- id:alpha-1@test", db, PB_TAG_APPLIED);
	idx = pbt_index(ctx, db, cache);
	assert_int_equal(pb_index_stats(idx)->parsed, 6);
	talloc_free(idx);
	/* the base file is the one the cold build wrote; the delta is new */
	pbt_sh("ls -i '%s'/records-???????????????? | cmp -s - '%s/inode'", cache, cache);
	assert_int_equal(pbt_count_files(ctx, cache, "records-*.delta", NULL), 1);

	/* the next start reads base and delta: nothing changed */
	idx = pbt_index(ctx, db, cache);
	st = pb_index_stats(idx);
	assert_true(st->unchanged);
	assert_true(st->model_cached);
	assert_int_equal(st->from_cache, 10);
	assert_int_equal(find(idx, "alpha-0@test")->n_versions, 2);
	assert_true(pb_series_version(find(idx, "alpha-0@test"), 1)->patches[0]->rec->rflags &
		    PB_REC_TAGGED_APPLIED);
	talloc_free(idx);

	/* a damaged delta: the base alone, and what came since is read again */
	pbt_sh("for f in '%s'/*.delta; do head -c 200 \"$f\" > \"$f.x\" && mv \"$f.x\" \"$f\"; done", cache);
	idx = pbt_index(ctx, db, cache);
	st = pb_index_stats(idx);
	assert_false(st->full);
	assert_int_equal(st->parsed, 6);
	assert_int_equal(find(idx, "alpha-0@test")->n_versions, 2);
	talloc_free(idx);

	/* a delta of another base: passed over */
	pbt_sh("cd '%s' && cp *.delta keep && rm -f records-* && :", cache);
	talloc_free(pbt_index(ctx, db, cache)); /* a new base */
	pbt_sh("cd '%s' && for f in records-????????????????; do mv keep \"$f.delta\"; done", cache);
	idx = pbt_index(ctx, db, cache);
	st = pb_index_stats(idx);
	assert_true(st->unchanged);
	assert_int_equal(st->from_cache, 10);
	assert_int_equal(find(idx, "alpha-0@test")->n_versions, 2);

	/* mail goes: a new base, no delta */
	pbt_sh("cd '%s/cur' && rm -f $(grep -l '^Message-ID: <alpha2-3@test>' *)", db);
	pbt_notmuch_new(db);
	assert_int_equal(pb_index_refresh(idx, NULL), PB_OK);
	assert_int_equal(pb_index_stats(idx)->removed, 1);
	talloc_free(idx);
	assert_int_equal(pbt_count_files(ctx, cache, "records-*.delta", NULL), 0);
	idx = pbt_index(ctx, db, cache);
	assert_true(pb_index_stats(idx)->unchanged);
	assert_int_equal(pb_index_stats(idx)->from_cache, 9);
	talloc_free(ctx);
}

/* An update from the cache hashes only the new mail: the loaded model's
 * Message-ID table finds the rest. New replies thread into old messages,
 * every message is found, and the model written is the cold build's, byte
 * for byte (its Message-ID table too). */
static void test_update_from_model_ids(void **state)
{
	void *ctx = talloc_new(NULL);
	char *cache = pbt_tmpdir(ctx), *m1, *d1, *d2;
	size_t l1;
	char *db = pbt_notmuch_db1(ctx, write_tmp(ctx, series_mbox(ctx, "alpha", 1, 3, "Ann Author <ann@example.org>")));
	pb_index_t *warm, *cold;
	(void)state;

	talloc_free(pbt_index(ctx, db, cache));
	pbt_notmuch_add(db, write_tmp(ctx, series_mbox(ctx, "alpha2", 2, 3, "Ann Author <ann@example.org>")));
	pbt_notmuch_add(db, write_tmp(ctx, "From x@y Mon Sep 17 00:00:00 2001\nFrom: Tess Ter <tess@example.org>\n"
					   "Subject: Re: [PATCH 2/3] alpha: step 2\nMessage-ID: <late-ack@test>\n"
					   "In-Reply-To: <alpha-2@test>\nReferences: <alpha-0@test> <alpha-2@test>\n"
					   "Date: Wed, 3 Jan 2024 10:00:00 +0000\n\nTested-by: Tess Ter <tess@example.org>\n"));
	warm = pbt_index(ctx, db, cache);
	assert_int_equal(pb_index_stats(warm)->parsed, 6);
	cold = pbt_index(ctx, db, NULL);
	d1 = pbt_dump_set(ctx, pb_index_series(warm), NULL, 0);
	d2 = pbt_dump_set(ctx, pb_index_series(cold), NULL, 0);
	assert_string_equal(d1, d2);
	pbt_assert_contains(d1, "Tested-by: Tess Ter");
	{
		pb_series_t *s;
		pb_patch_t *p;
		assert_int_equal(pb_index_find(warm, "<late-ack@test>", &s, NULL, &p), PB_OK);
		assert_string_equal(p->rec->msgid, "alpha-2@test");
		assert_int_equal(pb_index_find(warm, "alpha-1@test", &s, NULL, &p), PB_OK);
		assert_int_equal(pb_index_find(warm, "alpha2-3@test", &s, NULL, &p), PB_OK);
		assert_int_equal(s->n_versions, 2);
		assert_int_equal(pb_index_find(warm, "nowhere@test", NULL, NULL, NULL), PB_ERR_NOTFOUND);
	}
	/* the model's Message-ID table, made from the last one's, is the one
	 * hashing every record makes */
	{
		struct set_priv *sp = pb_index_series(warm)->priv;
		struct idtab keep = sp->g.base, t;
		assert_non_null(keep.slots);
		assert_int_equal(keep.n, 5);
		uint32_t *want;
		assert_int_equal(_pb_model_encode(ctx, &m1, &l1, pb_index_series(warm)), PB_OK);
		assert_true(_pb_model_idtab(m1, l1, &t));
		assert_int_equal(t.n, 11);
		assert_int_equal(t.mask, keep.mask);
		/* every record inserted in order, first of an id wins */
		want = talloc_zero_array(ctx, uint32_t, t.mask + 1);
		for (size_t i = 0; i < sp->g.n; i++) {
			const char *id = sp->g.recs[i].msgid;
			uint32_t h = _pb_id_hash(id) & t.mask;
			while (want[h] && strcmp(sp->g.recs[want[h] - 1].msgid, id) != 0)
				h = (h + 1) & t.mask;
			if (!want[h])
				want[h] = (uint32_t)i + 1;
		}
		assert_memory_equal(want, t.slots, (t.mask + 1) * sizeof(uint32_t));
		for (size_t i = 0; i < t.n; i++)
			assert_int_equal(_pb_idtab_find(&t, sp->g.recs, sp->g.n, sp->g.recs[i].msgid), (int)i);
	}
	talloc_free(cold);
	/* and the next start reads the model it wrote */
	talloc_free(warm);
	warm = pbt_index(ctx, db, cache);
	assert_true(pb_index_stats(warm)->model_cached);
	assert_string_equal(pbt_dump_set(ctx, pb_index_series(warm), NULL, 0), d2);
	assert_int_equal(pb_index_find(warm, "late-ack@test", NULL, NULL, NULL), PB_OK);
	talloc_free(ctx);
}

/* Threading on an update reads where the model threaded each record, and
 * looks up only what new mail can change: a message that arrives after
 * its replies becomes their parent (a nearer reference than the one they
 * had, or the first one they have), whether notmuch rewrote the reply
 * (its thread grew) or not. Every record's parent is the cold build's. */
static void test_update_threads_from_model(void **state)
{
	void *ctx = talloc_new(NULL);
	char *cache = pbt_tmpdir(ctx);
	const char *hdr = "From x@y Mon Sep 17 00:00:00 2001\nFrom: Rae Plier <rae@example.org>\n";
	char *db = pbt_notmuch_db1(
		ctx, write_tmp(ctx, talloc_asprintf(ctx,
			"%sSubject: [PATCH] beta: fix it\nMessage-ID: <root@test>\n"
			"Date: Mon, 1 Jan 2024 10:00:00 +0000\n\nFix.\n\n"
			"%sSubject: Re: [PATCH] beta: fix it\nMessage-ID: <deep@test>\n"
			"In-Reply-To: <gap@test>\nReferences: <root@test> <gap@test>\n"
			"Date: Mon, 1 Jan 2024 12:00:00 +0000\n\nAgreed.\n\n"
			"%sSubject: Re: [PATCH] beta: fix it\nMessage-ID: <orphan@test>\n"
			"In-Reply-To: <lost@test>\nDate: Mon, 1 Jan 2024 13:00:00 +0000\n\nMe too.\n\n",
			hdr, hdr, hdr)));
	pb_index_t *warm, *cold;
	const struct set_priv *ws, *cs;
	(void)state;

	talloc_free(pbt_index(ctx, db, cache));
	pbt_notmuch_add(db, write_tmp(ctx, talloc_asprintf(ctx,
			"%sSubject: Re: [PATCH] beta: fix it\nMessage-ID: <gap@test>\n"
			"In-Reply-To: <root@test>\nReferences: <root@test>\n"
			"Date: Mon, 1 Jan 2024 11:00:00 +0000\n\nWhy?\n\n"
			"%sSubject: Re: [PATCH] beta: fix it\nMessage-ID: <lost@test>\n"
			"In-Reply-To: <root@test>\nReferences: <root@test>\n"
			"Date: Mon, 1 Jan 2024 11:30:00 +0000\n\nHow?\n\n",
			hdr, hdr)));
	warm = pbt_index(ctx, db, cache);
	assert_true(pb_index_stats(warm)->parsed >= 2);
	ws = pb_index_series(warm)->priv;
	assert_non_null(ws->g.base.parent); /* (read from the model) */
	assert_int_equal(ws->g.base.n, 3);
	cold = pbt_index(ctx, db, NULL);
	cs = pb_index_series(cold)->priv;
	assert_int_equal(ws->g.n, 5);
	assert_int_equal(cs->g.n, 5);
	for (size_t i = 0; i < ws->g.n; i++) {
		const char *id = ws->g.recs[i].msgid;
		int wp = ws->g.parent[i], cp = -1;
		for (size_t k = 0; k < cs->g.n; k++)
			if (strcmp(cs->g.recs[k].msgid, id) == 0)
				cp = cs->g.parent[k];
		if ((wp < 0) != (cp < 0) ||
		    (wp >= 0 && strcmp(ws->g.recs[wp].msgid, cs->g.recs[cp].msgid) != 0))
			fail_msg("<%s>: parent <%s> on the update, <%s> in a cold build", id,
				 wp >= 0 ? ws->g.recs[wp].msgid : "", cp >= 0 ? cs->g.recs[cp].msgid : "");
		if (strcmp(id, "deep@test") == 0)
			assert_string_equal(ws->g.recs[wp].msgid, "gap@test");
		if (strcmp(id, "orphan@test") == 0) {
			/* (notmuch rewrote the others: their thread grew) */
			assert_true(i < ws->g.base.n && !(ws->g.base.redone && ws->g.base.redone[i]));
			assert_string_equal(ws->g.recs[wp].msgid, "lost@test");
		}
	}
	talloc_free(ctx);
}

/* Where the base file's chunk table is, as its header says: past the
 * magic, the UUID and scope (a length, the bytes, a NUL each) and five
 * numbers; *AT_FIELD gets where that says it. */
static int64_t chunk_table(const char *data, size_t len, size_t *at_field)
{
	size_t p = strlen("patchbay-records-18\n");
	int64_t at;
	assert_memory_equal(data, "patchbay-records-18\n", p);
	for (int k = 0; k < 2; k++) {
		uint32_t n;
		memcpy(&n, data + p, 4);
		p += 4 + n + 1;
	}
	p += 5 * 8;
	assert_true(p + 8 <= len);
	memcpy(&at, data + p, 8);
	*at_field = p;
	return at;
}

/* The chunk table, damaged each way the loader checks: the file is
 * passed over, and a full build gives the same series. */
static void test_damaged_chunks(void **state)
{
	void *ctx = talloc_new(NULL);
	char *cache = pbt_tmpdir(ctx), *file = NULL, *data;
	char *db = pbt_notmuch_db1(ctx, write_tmp(ctx, talloc_asprintf(ctx, "%s%s",
		series_mbox(ctx, "kappa", 1, 3, "Ann Author <ann@example.org>"),
		series_mbox(ctx, "lambda", 1, 2, "Bob Author <bob@example.org>"))));
	size_t len, field;
	int64_t at;
	/* (offsets in the table: the count, then first, offset, refs and
	 * trailers of the one chunk) */
	static const struct {
		int what; /* 0: the table's place; else the table's word */
		int64_t value;
	} bad[] = {{0, 0}, {0, -1}, {0, 1 << 30}, {1, 0}, {1, 2}, {2, 1}, {3, 0}, {4, 1}, {5, 1000}};
	(void)state;
	talloc_free(pbt_index(ctx, db, cache));
	assert_int_equal(pbt_count_files(ctx, cache, "records-????????????????", &file), 1);
	data = pbt_read(ctx, file, &len);
	at = chunk_table(data, len, &field);
	assert_true(at > (int64_t)field && at + 40 <= (int64_t)len);
	/* as written it loads */
	assert_true(pb_index_stats(pbt_index(ctx, db, cache))->unchanged);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *copy = talloc_memdup(ctx, data, len);
		pb_index_t *idx;
		FILE *f;
		if (bad[i].what == 0)
			memcpy(copy + field, &bad[i].value, 8);
		else
			memcpy(copy + at + 8 * (bad[i].what - 1), &bad[i].value, 8);
		assert_non_null(f = fopen(file, "wb"));
		assert_int_equal(fwrite(copy, 1, len, f), len);
		fclose(f);
		idx = pbt_index(ctx, db, cache);
		if (!pb_index_stats(idx)->full)
			fail_msg("damage %zu: the cache was read", i);
		assert_int_equal(pb_index_series(idx)->n, 2);
		assert_int_equal(find(idx, "kappa-0@test")->n_versions, 1);
		talloc_free(idx);
	}
	talloc_free(ctx);
}

static void test_damaged_cache(void **state)
{
	void *ctx = talloc_new(NULL);
	char *cache = pbt_tmpdir(ctx);
	char *db = pbt_notmuch_db1(ctx, write_tmp(ctx, series_mbox(ctx, "gamma", 1, 2, "Ann <ann@example.org>")));
	pb_index_t *idx;
	(void)state;
	talloc_free(pbt_index(ctx, db, cache));
	/* truncate every cache file, then garble it */
	pbt_sh("for f in '%s'/records-*; do head -c 100 \"$f\" > \"$f.x\" && mv \"$f.x\" \"$f\"; done", cache);
	idx = pbt_index(ctx, db, cache);
	assert_true(pb_index_stats(idx)->full);
	assert_int_equal(pb_index_series(idx)->n, 1);
	talloc_free(idx);
	pbt_sh("for f in '%s'/records-*; do printf 'patchbay-records-6\\n\\377\\377\\377\\377' > \"$f\"; done", cache);
	idx = pbt_index(ctx, db, cache);
	assert_true(pb_index_stats(idx)->full);
	talloc_free(ctx);
}

static void test_no_database(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_index_opts_t o = {0};
	pb_error_t err = {0};
	pb_index_t *idx = NULL;
	(void)state;
	o.db_path = talloc_asprintf(ctx, "%s/nothing-here", pbt_tmpdir(ctx));
	assert_int_equal(pb_index_open(ctx, &idx, &o, &err), PB_ERR_NOTMUCH);
	assert_null(idx);
	pbt_assert_contains(pb_error_msg(&err), "cannot open the notmuch database");
	talloc_free(ctx);
}

static void test_query(void **state)
{
	void *ctx = talloc_new(NULL);
	char *db = pbt_notmuch_db1(ctx, write_tmp(ctx, talloc_asprintf(ctx, "%s%s",
		series_mbox(ctx, "delta", 1, 2, "Ann Author <ann@example.org>"),
		series_mbox(ctx, "eps", 1, 2, "Bob Author <bob@example.org>"))));
	pb_index_t *idx = pbt_index(ctx, db, NULL);
	pb_series_t **res;
	size_t n;
	pb_error_t err = {0};
	(void)state;
	assert_int_equal(pb_index_query(idx, ctx, "from:bob@example.org", &res, &n, &err), PB_OK);
	assert_int_equal(n, 1);
	assert_ptr_equal(res[0], find(idx, "eps-1@test"));
	/* a reply matching pulls in its series */
	assert_int_equal(pb_index_query(idx, ctx, "from:rev@example.org", &res, &n, &err), PB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(pb_index_query(idx, ctx, "*", &res, &n, &err), PB_OK);
	assert_int_equal(n, 2);
	assert_int_equal(pb_index_query(idx, ctx, "date:nonsense", &res, &n, &err), PB_ERR_USAGE);
	pbt_assert_contains(pb_error_msg(&err), "date:nonsense");
	pbt_assert_contains(pb_error_msg(&err), "Didn't understand date specification");
	/* ids in every form */
	assert_non_null(find(idx, "id:delta-1@test"));
	assert_non_null(find(idx, "<delta-1@test>"));
	assert_non_null(find(idx, "https://lore.kernel.org/r/delta-1@test/"));
	assert_null(find(idx, "nope@test"));
	talloc_free(ctx);
}

static void test_import_file(void **state)
{
	void *ctx = talloc_new(NULL);
	char *cache = pbt_tmpdir(ctx);
	char *mbox = write_tmp(ctx, series_mbox(ctx, "zeta", 1, 2, "Ann <ann@example.org>"));
	char *db1, *db2, *stamp;
	struct stat st1, st2;
	pb_error_t err = {0};
	pb_index_t *idx;
	(void)state;
	assert_int_equal(pb_index_import(ctx, &db1, mbox, cache, &err), PB_OK);
	stamp = talloc_asprintf(ctx, "%s/stamp", db1);
	assert_int_equal(stat(stamp, &st1), 0);
	/* unchanged file: reused, not imported again */
	assert_int_equal(pb_index_import(ctx, &db2, mbox, cache, &err), PB_OK);
	assert_string_equal(db1, db2);
	assert_int_equal(stat(stamp, &st2), 0);
	assert_int_equal(st1.st_mtim.tv_nsec, st2.st_mtim.tv_nsec);
	assert_int_equal(st1.st_ino, st2.st_ino);
	idx = pbt_index(ctx, db1, NULL);
	assert_int_equal(pb_index_stats(idx)->messages, 4);
	/* changed file: imported again */
	{
		FILE *f = fopen(mbox, "a");
		fputs(series_mbox(ctx, "eta", 1, 1, "Bob <bob@example.org>"), f);
		fclose(f);
	}
	assert_int_equal(pb_index_import(ctx, &db2, mbox, cache, &err), PB_OK);
	idx = pbt_index(ctx, db2, NULL);
	assert_int_equal(pb_index_stats(idx)->messages, 7);
	/* a maildir works too */
	{
		char *md = pbt_notmuch_db1(ctx, mbox);
		char *db3;
		assert_int_equal(pb_index_import(ctx, &db3, md, cache, &err), PB_OK);
		assert_int_equal(pb_index_stats(pbt_index(ctx, db3, NULL))->messages, 7);
	}
	/* errors: missing file, a file with no mail */
	assert_int_equal(pb_index_import(ctx, &db2, "/nonexistent/x.mbox", cache, &err), PB_ERR_IO);
	pbt_assert_contains(pb_error_msg(&err), "/nonexistent/x.mbox");
	assert_int_equal(pb_index_import(ctx, &db2, write_tmp(ctx, "\n\n"), cache, &err), PB_ERR_PARSE);
	talloc_free(ctx);
}

/* Fill R with a distinct value in every field of PB_MSGREC_FIELDS (every
 * optional field NULL and every list empty when EMPTY), so that a field a
 * writer and its reader disagree on shows. */
static void fill_record(void *ctx, pb_msgrec_t *r, bool empty)
{
	int no = 0;
	memset(r, 0, sizeof(*r));
#define F_STR(f) r->f = talloc_asprintf(ctx, "s%d \xc3\xa9", ++no);
#define F_OPT(f) r->f = empty ? NULL : talloc_asprintf(ctx, "o%d", ++no);
#define F_PERSON(f) F_STR(f.name) F_STR(f.email)
#define F_I64(f) r->f = -((int64_t)1 << 40) - ++no;
#define F_IDS(v, n)                                                         \
	r->n = empty ? 0 : 2;                                               \
	r->v = talloc_array(ctx, const char *, 2);                          \
	for (uint32_t k = 0; k < r->n; k++)                                 \
		r->v[k] = talloc_asprintf(ctx, "id%d-%u@x", ++no, k);
#define F_TU32(f) t->f = 0x80000000u | (unsigned)++no;
#define F_TRAILERS(v, n)                                                    \
	r->n = empty ? 0 : 2;                                               \
	r->v = talloc_zero_array(ctx, pb_trailer_t, 2);                     \
	for (uint32_t k = 0; k < r->n; k++) {                               \
		pb_trailer_t *t = &r->v[k];                                 \
		PB_TRAILER_FIELDS(F_TSTR, F_TSTR, F_TU32)                   \
		t->msgid = r->msgid;                                        \
	}
#define F_TSTR(f) t->f = talloc_asprintf(ctx, "t%d", ++no);
#define F_I16(f) r->f = (int16_t)(-100 - ++no);
#define F_U16(f) r->f = (uint16_t)(60000 + ++no);
#define F_U32(f) r->f = 0x80000000u | (unsigned)++no;
	PB_MSGREC_FIELDS(F_STR, F_OPT, F_PERSON, F_I64, F_IDS, F_TRAILERS, F_I16, F_U16, F_U32)
	assert_true(no >= (empty ? 22 : 46));
}

/* B holds what A holds, in strings of its own (DEEP). */
static void assert_record_equal(const pb_msgrec_t *a, const pb_msgrec_t *b, bool deep)
{
#define E_STR(f)                                                            \
	assert_non_null(b->f);                                              \
	assert_string_equal(a->f, b->f);                                    \
	if (deep)                                                           \
		assert_ptr_not_equal(a->f, b->f);
#define E_OPT(f)                                                            \
	if (!a->f)                                                          \
		assert_null(b->f);                                          \
	else {                                                              \
		E_STR(f)                                                    \
	}
#define E_PERSON(f) E_STR(f.name) E_STR(f.email)
#define E_NUM(f) assert_true(a->f == b->f);
#define E_IDS(v, n)                                                         \
	assert_int_equal(a->n, b->n);                                       \
	for (uint32_t k = 0; k < a->n; k++) {                               \
		E_STR(v[k])                                                 \
	}
#define E_TRAILERS(v, n)                                                    \
	assert_int_equal(a->n, b->n);                                       \
	for (uint32_t k = 0; k < a->n; k++) {                               \
		const pb_trailer_t *ta = &a->v[k], *tb = &b->v[k];          \
		PB_TRAILER_FIELDS(E_TSTR, E_TSTR, E_TNUM)                   \
		assert_string_equal(tb->msgid, b->msgid);                   \
	}
#define E_TSTR(f) assert_string_equal(ta->f, tb->f);
#define E_TNUM(f) assert_true(ta->f == tb->f);
	PB_MSGREC_FIELDS(E_STR, E_OPT, E_PERSON, E_NUM, E_IDS, E_TRAILERS, E_NUM, E_NUM, E_NUM)
}

/* Every field of a record (record.h's one list) survives the records
 * cache, a delta over it, and the snapshot's deep copy. */
static void test_record_fields(void **state)
{
	void *ctx = talloc_new(NULL);
	pb_msgrec_t recs[3], copy;
	_pb_cache_t *c;
	pb_error_t err = {0};
	_pb_arena_t arena = {ctx, NULL, 0};
	char *path = talloc_asprintf(ctx, "%s/records", pbt_tmpdir(ctx));
	uint32_t changed[] = {1};
	(void)state;
	fill_record(ctx, &recs[0], false);
	fill_record(ctx, &recs[1], true);
	recs[1].msgid = "second@x";
	assert_int_equal(_pb_cache_save(ctx, path, 7, "uuid", "scope", 42, recs, 2, NULL, 0, NULL, 0, &err), PB_OK);
	assert_int_equal(_pb_cache_load(ctx, &c, path, &err), PB_OK);
	assert_int_equal(c->n, 2);
	assert_record_equal(&recs[0], &c->recs[0], true);
	assert_record_equal(&recs[1], &c->recs[1], true);
	/* (the last field, the git tag a snooze waits for, among them) */
	assert_non_null(c->recs[0].snooze_tag);
	assert_string_equal(c->recs[0].snooze_tag, recs[0].snooze_tag);
	assert_null(c->recs[1].snooze_tag);
	/* a delta: record 1 replaced by a full one, record 2 added */
	fill_record(ctx, &recs[2], false);
	recs[2].msgid = "third@x";
	recs[1] = recs[0];
	recs[1].msgid = "second@x";
	assert_int_equal(_pb_cache_save_delta(ctx, path, 7, "uuid", "scope", 43, recs, 3, 2, changed, 1, NULL, 0,
					      NULL, 0, &err), PB_OK);
	assert_int_equal(_pb_cache_load(ctx, &c, path, &err), PB_OK);
	assert_int_equal(c->n, 3);
	assert_int_equal(c->revision, 43);
	for (int i = 0; i < 3; i++)
		assert_record_equal(&recs[i], &c->recs[i], true);
	assert_true(_pb_record_copy(&arena, &copy, &recs[0]));
	assert_record_equal(&recs[0], &copy, true);
	fill_record(ctx, &recs[0], true);
	assert_true(_pb_record_copy(&arena, &copy, &recs[0]));
	assert_record_equal(&recs[0], &copy, true);
	talloc_free(ctx);
}

static void test_leaks(void **state)
{
	void *ctx = talloc_new(NULL);
	char *db = pbt_notmuch_db1(ctx, write_tmp(ctx, series_mbox(ctx, "theta", 2, 3, "Ann <ann@example.org>")));
	char *cache = pbt_tmpdir(ctx);
	void *owner = talloc_new(NULL);
	pb_index_t *idx;
	(void)state;
	/* everything an index allocates hangs off it: cold, warm, refreshed */
	for (int i = 0; i < 2; i++) {
		idx = pbt_index(owner, db, cache);
		assert_int_equal(pb_index_refresh(idx, NULL), PB_OK);
		talloc_free(idx);
		pbt_assert_no_leaks(owner);
	}
	talloc_free(owner);
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cache_and_incremental),
		cmocka_unit_test(test_callbacks_end_with_open),
		cmocka_unit_test(test_model_cache),
		cmocka_unit_test(test_update_from_model_ids),
		cmocka_unit_test(test_update_threads_from_model),
		cmocka_unit_test(test_corpus_cold_warm),
		cmocka_unit_test(test_cache_delta),
		cmocka_unit_test(test_damaged_cache),
		cmocka_unit_test(test_damaged_chunks),
		cmocka_unit_test(test_no_database),
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_import_file),
		cmocka_unit_test(test_record_fields),
		cmocka_unit_test(test_leaks),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("index", tests, NULL, NULL);
}
