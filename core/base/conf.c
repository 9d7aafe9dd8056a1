/* conf.c: git config through libgit2. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <git2.h>

#include "patchbay/conf.h"
#include "core/base/git_priv.h"

struct pb_conf {
	git_config *cfg;   /* a snapshot: values stay valid while it lives */
	_pb_repo_t *rh;    /* the repository, or NULL (owned by the conf) */
	char *repo_path;
};

static int conf_destructor(pb_conf_t *c)
{
	if (c->cfg)
		git_config_free(c->cfg);
	return 0;
}

pb_status_t pb_conf_open(TALLOC_CTX *mem_ctx, pb_conf_t **out, const char *repo_path, pb_error_t *err)
{
	pb_conf_t *c = talloc_zero(mem_ctx, pb_conf_t);
	git_config *live = NULL;
	if (!c)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	talloc_set_destructor(c, conf_destructor);
	pb_git_init();
	if (!repo_path || *repo_path) {
		/* none in the current directory: the global config alone */
		pb_error_t e2 = {0};
		int rc = _pb_repo_open(c, &c->rh, repo_path, repo_path ? err : &e2);
		if (rc == PB_OK) {
			const char *wd = git_repository_workdir(c->rh->repo);
			c->repo_path = talloc_strdup(c, wd ? wd : git_repository_path(c->rh->repo));
		} else if (repo_path || rc != PB_ERR_NOTFOUND) {
			if (!repo_path && err)
				*err = e2;
			talloc_free(c);
			return rc;
		}
		git_error_clear();
	}
	if (c->rh) {
		if (git_repository_config(&live, c->rh->repo) < 0) {
			int rc = pb_error_git(err, "cannot read git config");
			talloc_free(c);
			return rc;
		}
	} else if (git_config_open_default(&live) < 0) {
		int rc = pb_error_git(err, "cannot read git config");
		talloc_free(c);
		return rc;
	}
	if (git_config_snapshot(&c->cfg, live) < 0) {
		int rc = pb_error_git(err, "cannot read git config");
		git_config_free(live);
		talloc_free(c);
		return rc;
	}
	git_config_free(live);
	*out = c;
	return PB_OK;
}

const char *pb_conf_get(pb_conf_t *c, const char *key)
{
	const char *v = NULL;
	if (!c)
		return NULL; /* no config: nothing set (and no libgit2 to ask) */
	if (git_config_get_string(&v, c->cfg, key) < 0) {
		git_error_clear();
		return NULL;
	}
	return v;
}

struct each {
	const char *prefix;
	size_t len;
	pb_conf_each_cb fn;
	void *payload;
};

static int each_entry(const git_config_entry *e, void *payload)
{
	struct each *x = payload;
	if (strncasecmp(e->name, x->prefix, x->len) == 0 && e->name[x->len] && e->value)
		x->fn(x->payload, e->name + x->len, e->value);
	return 0;
}

void pb_conf_each(pb_conf_t *c, const char *prefix, pb_conf_each_cb fn, void *payload)
{
	struct each x = {prefix, strlen(prefix), fn, payload};
	if (!c)
		return;
	/* (every entry, in the order git reads the files: system, global,
	 * repository; the prefix compared here, no regular expression) */
	if (git_config_foreach(c->cfg, each_entry, &x) < 0)
		git_error_clear();
}

bool pb_conf_bool(pb_conf_t *c, const char *key, bool def)
{
	int v;
	if (!c)
		return def;
	if (git_config_get_bool(&v, c->cfg, key) < 0) {
		git_error_clear();
		return def;
	}
	return v != 0;
}

long pb_conf_int(pb_conf_t *c, const char *key, long def)
{
	int64_t v;
	if (!c)
		return def;
	if (git_config_get_int64(&v, c->cfg, key) < 0) {
		git_error_clear();
		return def;
	}
	return (long)v;
}

pb_status_t pb_conf_identity(pb_conf_t *c, TALLOC_CTX *mem_ctx, pb_person_t *out, pb_error_t *err)
{
	const char *from = pb_conf_get(c, "patchbay.from");
	const char *name, *email;
	if (from && *from) {
		if (pb_person_parse(mem_ctx, out, from))
			return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		if (*out->email)
			return PB_OK;
	}
	name = pb_conf_get(c, "user.name");
	email = pb_conf_get(c, "user.email");
	if (!email || !*email)
		return pb_error_set(err, PB_ERR_NOTFOUND,
				    "who are you? set git config user.name and user.email (or patchbay.from)");
	out->name = talloc_strdup(mem_ctx, name ? name : "");
	out->email = talloc_strdup(mem_ctx, email);
	if (!out->name || !out->email)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	return PB_OK;
}

const char *pb_conf_repo_path(const pb_conf_t *c)
{
	return c ? c->repo_path : NULL;
}

/* P with a leading "~/" as $HOME/, on MEM_CTX; NULL stays NULL. */
static char *home_path(TALLOC_CTX *mem_ctx, const char *p)
{
	const char *home = getenv("HOME");
	if (p && p[0] == '~' && p[1] == '/' && home && *home)
		return talloc_asprintf(mem_ctx, "%s%s", home, p + 1);
	return p ? talloc_strdup(mem_ctx, p) : NULL;
}

char *pb_conf_path(TALLOC_CTX *mem_ctx, pb_conf_t *conf, const char *key)
{
	return home_path(mem_ctx, conf ? pb_conf_get(conf, key) : NULL);
}

char *pb_conf_repo(TALLOC_CTX *mem_ctx, pb_conf_t *conf, const char *given)
{
	return given ? home_path(mem_ctx, given) : pb_conf_path(mem_ctx, conf, "patchbay.repo");
}

pb_status_t pb_conf_reopen(TALLOC_CTX *mem_ctx, pb_conf_t **out, const pb_conf_t *conf, pb_error_t *err)
{
	return pb_conf_open(mem_ctx, out, conf && conf->repo_path ? conf->repo_path : "", err);
}
