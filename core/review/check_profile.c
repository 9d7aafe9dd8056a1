/* check_profile.c: check profiles: the project conventions (linux,
 * kvm-x86, xen, ltp) as default severities, and what git config
 * patchbay.check.* changes of them. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/review/check_priv.h"

/* ---- profiles --------------------------------------------------------- */

const char *const pb_profile_names[] = {"linux", "kvm-x86", "xen", "ltp", NULL};

/* KVM x86 maintainer handbook: "KVM: <topic>:" */
static const char *const kvm_topics[] = {"KVM: x86:", "KVM: x86/mmu:", "KVM: x86/pmu:", "KVM: x86/xen:",
					 "KVM: selftests:", "KVM: SVM:", "KVM: nSVM:", "KVM: VMX:",
					 "KVM: nVMX:", NULL};

enum { OFF = -1, N = PB_SEV_NOTE, W = PB_SEV_WARNING, E = PB_SEV_ERROR };

/* Default severity per profile (linux, kvm-x86, xen, ltp); OFF: disabled.
 * ltp is linux's with LTP's own conventions: shortlogs name the file or
 * test ("tst_test.c: ...", "syscalls/open01: ..."), keep their case, and
 * the project has no stable branches. */
static const signed char defaults[PB_CHECK_COUNT][4] = {
	[PB_CHECK_NO_COVER] = {W, W, W, W},
	[PB_CHECK_COVER_EMPTY] = {W, W, W, W},
	[PB_CHECK_NO_CHANGELOG] = {W, W, E, W},
	[PB_CHECK_UNASKED_CHANGE] = {W, W, W, W},
	[PB_CHECK_IGNORED_REVIEW] = {W, W, E, W},
	[PB_CHECK_MISSING_PATCHES] = {E, E, E, E},
	[PB_CHECK_NO_BASE] = {N, W, N, N},
	[PB_CHECK_BASE_UNKNOWN] = {W, W, W, W},
	[PB_CHECK_NO_SIGNOFF] = {E, E, E, E},
	[PB_CHECK_AUTHOR_SIGNOFF] = {E, E, E, E},
	[PB_CHECK_SHORTLOG_LENGTH] = {W, W, W, W},
	[PB_CHECK_SHORTLOG_PREFIX] = {W, W, W, W},
	[PB_CHECK_SHORTLOG_PATH] = {W, W, OFF, OFF},
	[PB_CHECK_SHORTLOG_CAPITAL] = {OFF, W, OFF, OFF},
	[PB_CHECK_SHORTLOG_PERIOD] = {W, W, W, W},
	[PB_CHECK_SHORTLOG_MOOD] = {W, W, W, W},
	[PB_CHECK_BODY_MISSING] = {W, W, W, W},
	[PB_CHECK_BODY_WIDTH] = {W, W, W, W},
	[PB_CHECK_BODY_BELOW_CUT] = {E, E, E, E},
	[PB_CHECK_FIXES_FORMAT] = {W, E, W, W},
	[PB_CHECK_FIXES_UNKNOWN] = {E, E, E, E},
	[PB_CHECK_FIXES_SUBJECT] = {W, W, W, W},
	[PB_CHECK_CC_STABLE] = {W, W, OFF, OFF},
	[PB_CHECK_LINK_URL] = {W, W, W, W},
	[PB_CHECK_PATCH_SIZE] = {N, N, W, N},
	[PB_CHECK_WHITESPACE_MIXED] = {W, W, W, W},
	[PB_CHECK_TRAILER_DUP] = {W, W, W, W},
	[PB_CHECK_CHECKPATCH] = {OFF, OFF, OFF, OFF},
};

static int profile_index(const char *name)
{
	for (int i = 0; pb_profile_names[i]; i++)
		if (strcmp(pb_profile_names[i], name) == 0)
			return i;
	return -1;
}

static int parse_severity(const char *v, bool *on, pb_severity_t *sev)
{
	static const char *const off_words[] = {"off", "false", "no", "0", NULL};
	static const char *const on_words[] = {"on", "true", "yes", "1", NULL};
	for (int i = 0; off_words[i]; i++)
		if (strcasecmp(v, off_words[i]) == 0) {
			*on = false;
			return 0;
		}
	for (int i = 0; on_words[i]; i++)
		if (strcasecmp(v, on_words[i]) == 0) {
			*on = true;
			return 0;
		}
	for (int i = 0; i < PB_SEV_COUNT; i++)
		if (strcasecmp(v, pb_severity_name((pb_severity_t)i)) == 0) {
			*on = true;
			*sev = (pb_severity_t)i;
			return 0;
		}
	return -1;
}

static int conf_limit(pb_conf_t *conf, const char *key, int *val, pb_error_t *err)
{
	const char *s = pb_conf_get(conf, key);
	char *e;
	long v;
	if (!s)
		return PB_OK;
	v = strtol(s, &e, 10);
	if (*s == '\0' || *e || v < 0 || v > 100000)
		return pb_error_set(err, PB_ERR_USAGE, "git config %s: '%s' is not a number", key, s);
	*val = (int)v;
	return PB_OK;
}

static int set_prefixes(pb_profile_t *p, const char *list)
{
	char *copy = talloc_strdup(p, list), *save = NULL;
	p->n_prefixes = 0;
	p->prefixes = talloc_array(p, char *, strlen(list) / 2 + 2);
	if (!copy || !p->prefixes)
		return PB_ERR_NOMEM;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t n;
		while (*tok == ' ' || *tok == '\t')
			tok++;
		n = strlen(tok);
		while (n && (tok[n - 1] == ' ' || tok[n - 1] == '\t'))
			tok[--n] = '\0';
		if (n)
			p->prefixes[p->n_prefixes++] = tok;
	}
	return PB_OK;
}

pb_status_t pb_profile_load(TALLOC_CTX *mem_ctx, pb_profile_t **out, pb_conf_t *conf, const char *name,
			    pb_error_t *err)
{
	pb_profile_t *p;
	int pi, rc = PB_OK;
	char key[128];
	const char *v;

	if (!name)
		name = pb_conf_get(conf, "patchbay.profile");
	if (!name || !*name)
		name = "linux";
	pi = profile_index(name);
	if (pi < 0)
		return pb_error_set(err, PB_ERR_USAGE, "unknown profile '%s' (linux, kvm-x86, xen or ltp)", name);
	p = talloc_zero(mem_ctx, pb_profile_t);
	if (!p || !(p->name = talloc_strdup(p, name)))
		goto nomem;
	for (int i = 0; i < PB_CHECK_COUNT; i++) {
		p->enabled[i] = defaults[i][pi] != OFF;
		p->severity[i] = defaults[i][pi] == OFF ? PB_SEV_WARNING : (pb_severity_t)defaults[i][pi];
	}
	p->shortlog_warn = 75;
	p->shortlog_error = 80;
	p->body_width = 75;
	p->patch_lines = 200;
	p->body_lines = 10;
	p->cover_words = 12;
	p->fixes_hex = 12;
	if (pi == 1) {
		p->prefixes = talloc_array(p, char *, 16);
		if (!p->prefixes)
			goto nomem;
		for (int i = 0; kvm_topics[i]; i++)
			p->prefixes[p->n_prefixes++] = (char *)kvm_topics[i];
	}
	if (!conf) {
		*out = p;
		return PB_OK;
	}
	for (int i = 0; i < PB_CHECK_COUNT && !rc; i++) {
		snprintf(key, sizeof(key), "patchbay.check.%s", pb_check_info((pb_check_id_t)i)->id);
		v = pb_conf_get(conf, key);
		if (v && parse_severity(v, &p->enabled[i], &p->severity[i]) < 0)
			rc = pb_error_set(err, PB_ERR_USAGE,
					  "git config %s: '%s' is not off, on, error, warning or note", key, v);
	}
	if (pb_conf_get(conf, "patchbay.checkpatch"))
		p->enabled[PB_CHECK_CHECKPATCH] = pb_conf_bool(conf, "patchbay.checkpatch", false);
	if (!rc)
		rc = conf_limit(conf, "patchbay.check.shortlog-length.warn", &p->shortlog_warn, err);
	if (!rc)
		rc = conf_limit(conf, "patchbay.check.shortlog-length.error", &p->shortlog_error, err);
	if (!rc)
		rc = conf_limit(conf, "patchbay.check.body-line-length.limit", &p->body_width, err);
	if (!rc)
		rc = conf_limit(conf, "patchbay.check.patch-size.limit", &p->patch_lines, err);
	if (!rc)
		rc = conf_limit(conf, "patchbay.check.body-missing.limit", &p->body_lines, err);
	if (!rc)
		rc = conf_limit(conf, "patchbay.check.cover-empty.limit", &p->cover_words, err);
	if (!rc)
		rc = conf_limit(conf, "patchbay.check.fixes-format.limit", &p->fixes_hex, err);
	if (rc) {
		talloc_free(p);
		return rc;
	}
	v = pb_conf_get(conf, "patchbay.check.shortlog-prefix.allowed");
	if (v && set_prefixes(p, v))
		goto nomem;
	/* the repository: patchbay.repo, else the one of the current
	 * directory, which may be any project's (used only for a series
	 * whose files it has) */
	if (pb_conf_get(conf, "patchbay.repo")) {
		if (!(p->repo_path = pb_conf_repo(p, conf, NULL)))
			goto nomem;
	} else if ((v = pb_conf_repo_path(conf))) {
		if (!(p->repo_path = talloc_strdup(p, v)))
			goto nomem;
		p->repo_guessed = true;
	}
	*out = p;
	return PB_OK;
nomem:
	talloc_free(p);
	return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
}
