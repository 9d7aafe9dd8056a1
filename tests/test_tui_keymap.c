/* test_tui_keymap.c: keymap files, key names, lookup, --dump-keys. */
#include "tests/lib/pbtest.h"
#include "tests/lib/pbfixture.h"
#include "tui/keymap.h"

static void test_key_names(void **state)
{
	static const char *const names[] = {"j", "G", "/", "?", "$", "ä", "C-d", "C-l", "<Enter>", "<Space>",
					    "<Tab>", "<Esc>", "<Backspace>", "<Up>", "<PageDown>", "<F1>",
					    "<F12>", "<BackTab>", "<Delete>", "<", NULL};
	void *ctx = talloc_new(NULL);
	(void)state;
	for (int i = 0; names[i]; i++) {
		int k = tui_key_parse(names[i]);
		assert_true(k >= 0);
		assert_string_equal(tui_key_name(ctx, k), names[i]);
	}
	/* other spellings of the same keys */
	assert_int_equal(tui_key_parse("^D"), tui_key_parse("C-d"));
	assert_int_equal(tui_key_parse("<C-d>"), 4);
	assert_int_equal(tui_key_parse("<return>"), TUI_KEY_ENTER);
	assert_int_equal(tui_key_parse("C-m"), TUI_KEY_ENTER);
	assert_int_equal(tui_key_parse("C-["), TUI_KEY_ESC);
	assert_int_equal(tui_key_parse("<PgUp>"), TUI_KEY_PAGEUP);
	assert_int_equal(tui_key_parse("<lt>"), '<');
	assert_int_equal(tui_key_parse("jj"), -1);
	assert_int_equal(tui_key_parse("<Nope>"), -1);
	assert_int_equal(tui_key_parse("<F13>"), -1);
	assert_int_equal(tui_key_parse("C-"), -1);
	talloc_free(ctx);
}

/* Both shipped keymaps load clean, and every action has a key in each. */
static void test_shipped_keymaps(void **state)
{
	static const char *const maps[] = {"mutt", "vi"};
	void *ctx = talloc_new(NULL);
	(void)state;
	for (int m = 0; m < 2; m++) {
		tui_errors_t *errs = tui_errors_new(ctx);
		tui_keymap_t *km;
		assert_int_equal(tui_keymap_new(ctx, &km), PB_OK);
		assert_true(tui_keymap_load_builtin(km, maps[m], errs));
		assert_int_equal(errs->n, 0);
		for (int a = 1; a < TUI_ACT_COUNT; a++) {
			bool bound = false;
			for (int v = 0; v < TUI_KM_COUNT && !bound; v++)
				bound = *tui_keymap_keys(ctx, km, (tui_km_view_t)v, (tui_action_t)a) != '\0';
			if (!bound)
				fail_msg("%s keymap: no key for %s", maps[m], tui_action_name((tui_action_t)a));
		}
		/* / searches the text of every view, the list's too; the
		 * notmuch query is l (mutt's limit), F in vi */
		assert_int_equal(tui_keymap_lookup(km, TUI_KM_LIST, '/'), TUI_ACT_SEARCH);
		assert_int_equal(tui_keymap_lookup(km, TUI_KM_LIST, m == 0 ? 'l' : 'F'), TUI_ACT_QUERY);
		assert_int_equal(tui_keymap_lookup(km, TUI_KM_PATCH, '/'), TUI_ACT_SEARCH);
		assert_int_equal(tui_keymap_lookup(km, TUI_KM_HELP, '?'), TUI_ACT_HELP);
	}
	{
		tui_keymap_t *km;
		assert_int_equal(tui_keymap_new(ctx, &km), PB_OK);
		assert_false(tui_keymap_load_builtin(km, "emacs", NULL));
	}
	talloc_free(ctx);
}

/* In every shipped keymap, the views that show mail reach the keys every
 * view has (refresh, help, close, quit): a view's own binding must not
 * hide the generic key without giving the action another (issue 11, bug
 * 14: vi's R is reply-review in the tree, patch and thread views, and they
 * had no refresh). */
static void test_generic_actions_reachable(void **state)
{
	static const char *const maps[] = {"mutt", "vi"};
	static const tui_km_view_t views[] = {TUI_KM_LIST, TUI_KM_TREE, TUI_KM_PATCH, TUI_KM_THREAD,
					      TUI_KM_INTERDIFF, TUI_KM_CHECKS, TUI_KM_SEARCHES};
	static const tui_action_t acts[] = {TUI_ACT_REFRESH, TUI_ACT_HELP, TUI_ACT_CLOSE, TUI_ACT_QUIT};
	void *ctx = talloc_new(NULL);
	(void)state;
	for (int m = 0; m < 2; m++) {
		tui_keymap_t *km;
		assert_int_equal(tui_keymap_new(ctx, &km), PB_OK);
		assert_true(tui_keymap_load_builtin(km, maps[m], NULL));
		for (size_t v = 0; v < sizeof(views) / sizeof(views[0]); v++)
			for (size_t a = 0; a < sizeof(acts) / sizeof(acts[0]); a++) {
				bool ok = *tui_keymap_keys(ctx, km, views[v], acts[a]) != '\0';
				char *keys = tui_keymap_keys(ctx, km, TUI_KM_GENERIC, acts[a]), *save = NULL;
				for (char *k = strtok_r(keys, " ", &save); k && !ok; k = strtok_r(NULL, " ", &save))
					ok = tui_keymap_lookup(km, views[v], tui_key_parse(k)) == acts[a];
				if (!ok)
					fail_msg("%s keymap: no key for %s in view %d", maps[m], tui_action_name(acts[a]),
						 (int)views[v]);
			}
	}
	talloc_free(ctx);
}

static void test_bad_lines(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_errors_t *errs = tui_errors_new(ctx);
	tui_keymap_t *km;
	(void)state;
	assert_int_equal(tui_keymap_new(ctx, &km), PB_OK);
	tui_keymap_load(km, "my.keymap",
			"# a comment\n"
			"\n"
			"bind generic j next\n"
			"bind lisst j next\n"
			"bind list <Nope> next\n"
			"bind list x frobnicate\n"
			"bnid list x quit\n"
			"bind list x\n"
			"unbind list x y\n"
			"  bind list x quit\n",
			errs);
	assert_int_equal(errs->n, 6);
	assert_string_equal(errs->v[0], "my.keymap:4: unknown view \"lisst\"");
	assert_string_equal(errs->v[1], "my.keymap:5: unknown key \"<Nope>\"");
	assert_string_equal(errs->v[2], "my.keymap:6: unknown action \"frobnicate\"");
	assert_string_equal(errs->v[3], "my.keymap:7: unknown statement \"bnid\" (bind or unbind)");
	assert_string_equal(errs->v[4], "my.keymap:8: usage: bind VIEW KEY ACTION, or unbind VIEW KEY");
	assert_string_equal(errs->v[5], "my.keymap:9: usage: bind VIEW KEY ACTION, or unbind VIEW KEY");
	/* the good lines, before and after the bad ones, loaded */
	assert_int_equal(tui_keymap_lookup(km, TUI_KM_LIST, 'x'), TUI_ACT_QUIT);
	assert_int_equal(tui_keymap_lookup(km, TUI_KM_TREE, 'j'), TUI_ACT_NEXT);
	talloc_free(ctx);
}

static void test_lookup_and_unbind(void **state)
{
	void *ctx = talloc_new(NULL);
	tui_keymap_t *km, *again;
	char *dump;
	(void)state;
	assert_int_equal(tui_keymap_new(ctx, &km), PB_OK);
	assert_true(tui_keymap_load_builtin(km, "mutt", NULL));
	/* the view's own map first, then generic */
	assert_int_equal(tui_keymap_lookup(km, TUI_KM_COMPOSE, 'q'), TUI_ACT_CANCEL);
	assert_int_equal(tui_keymap_lookup(km, TUI_KM_TREE, 'q'), TUI_ACT_CLOSE);
	/* q in the list is close too (on the bottom view: quit, after asking) */
	assert_int_equal(tui_keymap_lookup(km, TUI_KM_LIST, 'q'), TUI_ACT_CLOSE);
	assert_int_equal(tui_keymap_lookup(km, TUI_KM_LIST, 'Q'), TUI_ACT_QUIT);
	assert_int_equal(tui_keymap_lookup(km, TUI_KM_TREE, '\r'), TUI_ACT_OPEN);
	assert_int_equal(tui_keymap_lookup(km, TUI_KM_TREE, 127), TUI_ACT_NONE);
	/* unbind in a view hides the generic key there only */
	tui_keymap_load(km, "t", "unbind tree j\nunbind generic k\nbind generic j last\n", NULL);
	assert_int_equal(tui_keymap_lookup(km, TUI_KM_TREE, 'j'), TUI_ACT_NONE);
	assert_int_equal(tui_keymap_lookup(km, TUI_KM_HELP, 'j'), TUI_ACT_LAST);
	assert_int_equal(tui_keymap_lookup(km, TUI_KM_HELP, 'k'), TUI_ACT_NONE);
	assert_int_equal(tui_keymap_lookup(km, TUI_KM_PATCH, 'k'), TUI_ACT_PREV_PATCH);
	assert_string_equal(tui_keymap_keys(ctx, km, TUI_KM_GENERIC, TUI_ACT_LAST), "j <End> *");
	/* a dump reads back as the same keymap */
	dump = tui_keymap_dump(ctx, km);
	pbt_assert_contains(dump, "bind list l query\n");
	pbt_assert_contains(dump, "unbind tree j\n");
	pbt_assert_not_contains(dump, "generic k ");
	assert_int_equal(tui_keymap_new(ctx, &again), PB_OK);
	tui_keymap_load(again, "dump", dump, NULL);
	assert_string_equal(tui_keymap_dump(ctx, again), dump);
	talloc_free(ctx);
}

/* The user's file over the shipped keymap git config names; bad lines
 * are reported and the rest still loads. */
static void test_user_keymap_and_dump_keys(void **state)
{
	void *ctx = talloc_new(NULL);
	char *dir = talloc_asprintf(ctx, "%s/patchbay", getenv("XDG_CONFIG_HOME"));
	char *user = talloc_asprintf(ctx, "%s/keymap", dir);
	const char *argv[] = {pbt_patchbay(), "--dump-keys", NULL};
	char *out, *err;
	FILE *f;
	(void)state;
	pbt_sh("mkdir -p '%s'", dir);
	assert_non_null(f = fopen(user, "w"));
	fputs("bind list x quit\nbind list K unknown-thing\nunbind patch J\n", f);
	fclose(f);
	pbt_sh("git config --global patchbay.keymap vi");
	assert_int_equal(pbt_run(ctx, &out, &err, NULL, argv), 0);
	pbt_assert_contains(out, "bind generic G last\n"); /* vi */
	pbt_assert_contains(out, "bind list x quit\n");    /* yours */
	pbt_assert_contains(out, "unbind patch J\n");
	pbt_assert_not_contains(out, "bind patch J next-patch");
	assert_string_equal(err, talloc_asprintf(ctx, "%s:2: unknown action \"unknown-thing\"\n", user));
	/* a keymap that does not exist falls back to mutt, with a word */
	pbt_sh("git config --global patchbay.keymap emacs");
	assert_int_equal(pbt_run(ctx, &out, &err, NULL, argv), 0);
	pbt_assert_contains(out, "bind generic * last\n");
	pbt_assert_contains(err, "patchbay.keymap: no keymap named \"emacs\" (mutt or vi); using mutt\n");
	pbt_sh("git config --global --unset patchbay.keymap && rm -f '%s'", user);
	/* with --demo, the keys of the demo's run: its repository's config
	 * (issue 11, bug 13: the mutt keys while the demo ran vi's) */
	{
		char *d = talloc_asprintf(ctx, "%s/demo", pbt_tmpdir(ctx));
		const char *demo[] = {pbt_patchbay(), "-q", "--demo-dir", d, "--dump-keys", NULL};
		pbt_sh("'%s' demo-gen '%s' >/dev/null 2>&1 && git -C '%s/repo' config patchbay.keymap vi", pbt_patchbay(),
		       d, d);
		assert_int_equal(pbt_run(ctx, &out, &err, NULL, demo), 0);
		pbt_assert_contains(out, "bind generic G last\n"); /* vi */
		pbt_assert_not_contains(out, "bind generic * last\n");
	}
	talloc_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_names),
		cmocka_unit_test(test_shipped_keymaps),
		cmocka_unit_test(test_generic_actions_reachable),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_lookup_and_unbind),
		cmocka_unit_test(test_user_keymap_and_dump_keys),
	};
	pbt_setup_env();
	return cmocka_run_group_tests_name("tui_keymap", tests, NULL, NULL);
}
