/* pbt_tui.c: see pbt_tui.h. */
#include "patchbay/text.h"
#include "tests/lib/pbtest.h"
#include "tests/lib/pbfixture.h"
#include "tests/lib/pbt_git.h"
#include "tests/tui/pbt_tui.h"

/* the archive the group's tests share, made by its setup */
static struct {
	void *ctx;
	const char *db;
	int64_t now;
} group;

/* The demo archive in DIR/demo; the setup reports a failure its own way. */
static int demo_generate(TALLOC_CTX *ctx, const char *dir, pb_demo_result_t **out, pb_error_t *err)
{
	pb_demo_opts_t o = {0};
	o.dir = talloc_asprintf(ctx, "%s/demo", dir);
	return pb_demo_generate(ctx, out, &o, err);
}

int pbt_tui_setup_demo(void **state)
{
	pb_demo_result_t *demo;
	pb_error_t err = {0};
	(void)state;
	group.ctx = talloc_new(NULL);
	if (demo_generate(group.ctx, pbt_tmpdir(group.ctx), &demo, &err) != PB_OK) {
		fprintf(stderr, "demo: %s\n", pb_error_msg(&err));
		return -1;
	}
	group.db = demo->db_path;
	group.now = PBT_DEMO_NOW;
	return 0;
}

int pbt_tui_setup_triage(void **state)
{
	(void)state;
	group.ctx = talloc_new(NULL);
	group.db = pbt_notmuch_db1(group.ctx, pbt_fixture_triage(group.ctx));
	group.now = PBT_FIXTURE_NOW;
	return 0;
}

int pbt_tui_teardown(void **state)
{
	(void)state;
	talloc_free(group.ctx);
	group.ctx = NULL;
	group.db = NULL;
	return 0;
}

const char *pbt_tui_db(void)
{
	return group.db;
}

pb_demo_result_t *pbt_tui_demo_new(TALLOC_CTX *ctx, const char *dir)
{
	pb_demo_result_t *d;
	pb_error_t err = {0};
	if (demo_generate(ctx, dir, &d, &err) != PB_OK)
		fail_msg("demo: %s", pb_error_msg(&err));
	return d;
}

tui_app_t *pbt_tui_app_new(TALLOC_CTX *ctx, const tui_app_opts_t *o, const char *db)
{
	tui_app_t *app;
	assert_int_equal(tui_app_new(ctx, &app, o), PB_OK);
	tui_app_set_index(app, pbt_index(ctx, db, NULL));
	return app;
}

tui_app_t *pbt_tui_app(TALLOC_CTX *ctx, int rows, int cols)
{
	tui_app_opts_t o = {.rows = rows, .cols = cols, .now = group.now};
	return pbt_tui_app_new(ctx, &o, group.db);
}

/* The stand-in of pbt_tui_env_new(), at DIR/sendmail. */
static char *sendmail_recorder(TALLOC_CTX *ctx, const char *dir)
{
	char *body = talloc_asprintf(ctx,
				     "if [ -e '%s/fail' ]; then\n"
				     "\tcat >/dev/null; echo 'relay refused: no route' >&2; exit 75\n"
				     "fi\n"
				     "f=$(mktemp '%s/out/mail.XXXXXX')\n"
				     "cat >\"$f\"\n"
				     "echo \"$@\" >\"$f.args\"\n",
				     dir, dir);
	pbt_sh("mkdir -p '%s/out'", dir);
	return pbt_script(ctx, dir, "sendmail", body);
}

static int unset_global_sendmail(int *p)
{
	(void)p;
	pbt_sh("git config --global --unset sendemail.sendmailCmd || :");
	return 0;
}

void pbt_tui_env_new(pbt_tui_env_t *e, int rows, int cols, pbt_tui_sendmail_t sendmail)
{
	tui_app_opts_t ao = {.rows = rows, .cols = cols, .now = PBT_DEMO_NOW};
	pb_error_t err = {0};
	char *script;
	e->ctx = talloc_new(NULL);
	e->dir = pbt_tmpdir(e->ctx);
	e->demo = pbt_tui_demo_new(e->ctx, e->dir);
	e->repo = e->demo->repo_path;
	e->mail = e->demo->db_path;
	script = sendmail_recorder(e->ctx, e->dir);
	if (sendmail == PBT_TUI_SENDMAIL_REPO) {
		pbt_sh("git -C '%s' config sendemail.sendmailCmd '%s'", e->repo, script);
		ao.repo_path = e->repo;
		assert_int_equal(pb_conf_open(e->ctx, &ao.conf, e->repo, &err), PB_OK);
	} else {
		/* (patchbay reads it again when it sends: set until the test's
		 * memory goes) */
		int *unset = talloc(e->ctx, int);
		assert_non_null(unset);
		talloc_set_destructor(unset, unset_global_sendmail);
		pbt_sh("git config --global sendemail.sendmailCmd '%s'", script);
		assert_int_equal(pb_conf_open(e->ctx, &ao.conf, "", &err), PB_OK);
	}
	e->app = pbt_tui_app_new(e->ctx, &ao, e->mail);
}

int pbt_tui_env_sent(pbt_tui_env_t *e, char **last)
{
	/* mktemp's six letters: the .args files do not count */
	return pbt_count_files(e->ctx, talloc_asprintf(e->ctx, "%s/out", e->dir), "mail.??????", last);
}

char *pbt_tui_screen(tui_app_t *app)
{
	tui_app_render(app);
	return tui_cells_dump(app, app->cells);
}

void pbt_tui_keys(tui_app_t *app, const char *spec)
{
	char *s = talloc_strdup(NULL, spec), *save = NULL;
	for (char *k = strtok_r(s, " ", &save); k; k = strtok_r(NULL, " ", &save)) {
		int key = tui_key_parse(k);
		assert_true(key >= 0);
		tui_app_render(app);
		tui_app_key(app, key);
	}
	talloc_free(s);
}

void pbt_tui_type(tui_app_t *app, const char *text)
{
	for (const char *p = text; *p; p++)
		tui_app_key(app, (unsigned char)*p);
	tui_app_key(app, TUI_KEY_ENTER);
}

/* The row FROM_BOTTOM rows up from the bottom (1: the last). */
static char *line(tui_app_t *app, int from_bottom)
{
	tui_app_render(app);
	return tui_cells_row_text(app, app->cells, app->rows - from_bottom);
}

char *pbt_tui_status_line(tui_app_t *app)
{
	return line(app, 1 + tui_app_message_rows(app));
}

/* (a message longer than the screen is wide wraps over several rows:
 * joined again with the space it was cut at, or none where a word longer
 * than a row was cut) */
char *pbt_tui_message_line(tui_app_t *app)
{
	int n = tui_app_message_rows(app);
	char *s = line(app, n);
	for (int i = n - 1; i >= 1 && s; i--) {
		bool full = (int)pb_text_width(s) % app->cols == 0;
		s = talloc_asprintf_append(s, "%s%s", full ? "" : " ", line(app, i));
	}
	return s;
}

int pbt_tui_row_with(tui_app_t *app, const char *text)
{
	tui_app_render(app);
	for (int r = 0; r < app->cells->rows; r++)
		if (tui_cells_find(app->cells, r, text) >= 0)
			return r;
	fail_msg("no row shows \"%s\":\n%s", text, tui_cells_dump(app, app->cells));
	return -1;
}

tui_role_t pbt_tui_role_at(tui_app_t *app, int row, int col)
{
	tui_app_render(app);
	return (tui_role_t)tui_cells_at(app->cells, row, col)->role;
}

tui_role_t pbt_tui_role_of(tui_app_t *app, const char *text, int off)
{
	int r = pbt_tui_row_with(app, text);
	return (tui_role_t)tui_cells_at(app->cells, r, tui_cells_find(app->cells, r, text) + off)->role;
}

tui_role_t pbt_tui_role_in(tui_app_t *app, const char *text, int col)
{
	return (tui_role_t)tui_cells_at(app->cells, pbt_tui_row_with(app, text), col)->role;
}

void pbt_tui_assert_inert(tui_app_t *app)
{
	for (int r = 0; r < app->cells->rows; r++)
		for (int c = 0; c < app->cells->cols; c++) {
			const unsigned char *p = (const unsigned char *)tui_cells_at(app->cells, r, c)->ch;
			while (*p) {
				uint32_t u = *p;
				int n = 1;
				/* (a cell holds valid UTF-8: it was made inert) */
				if (u >= 0xf0)
					u &= 0x07, n = 4;
				else if (u >= 0xe0)
					u &= 0x0f, n = 3;
				else if (u >= 0xc0)
					u &= 0x1f, n = 2;
				for (int k = 1; k < n; k++) {
					if ((p[k] & 0xc0) != 0x80)
						fail_msg("row %d col %d: broken UTF-8", r, c);
					u = u << 6 | (p[k] & 0x3f);
				}
				/* C0, DEL, C1; and what draws nothing but turns or
				 * hides text (bidi overrides, zero-width spaces) */
				if (u < 0x20 || (u >= 0x7f && u < 0xa0) || pb_text_invisible(u))
					fail_msg("row %d col %d: U+%04X reached the screen raw:\n%s", r, c, (unsigned)u,
						 pbt_tui_screen(app));
				p += n;
			}
		}
}
