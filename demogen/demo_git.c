/* demo_git.c: the widgetd repository, written with libgit2: commits made
 * from file texts, branches, annotated tags, and diffs as format-patch
 * writes them. */
#include <string.h>

#include "demogen/demo_priv.h"

struct repo_holder {
	git_repository *repo;
};

static int repo_destructor(struct repo_holder *h)
{
	git_repository_free(h->repo);
	return 0;
}

int _pb_demo_repo_init(_pb_demo_gen_t *g, const char *path)
{
	git_repository_init_options o;
	struct repo_holder *h = talloc_zero(g->ctx, struct repo_holder);
	git_treebuilder *tb = NULL;
	git_config *cfg = NULL;
	int rc;

	if (!h)
		return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	git_repository_init_options_init(&o, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	o.flags = GIT_REPOSITORY_INIT_MKPATH;
	o.initial_head = "master";
	if (git_repository_init_ext(&h->repo, path, &o) < 0)
		return pb_error_git(g->err, "cannot create the repository %s", path);
	talloc_set_destructor(h, repo_destructor);
	g->repo = h->repo;
	/* the identity of the reflog entries, before any reference is made */
	rc = git_repository_config(&cfg, g->repo);
	if (rc == 0)
		rc = git_config_set_string(cfg, "user.name", "Ines Keller");
	if (rc == 0)
		rc = git_config_set_string(cfg, "user.email", "ines.keller@widgetd.org");
	git_config_free(cfg);
	if (rc < 0)
		return pb_error_git(g->err, "cannot write the config of %s", path);
	if (git_treebuilder_new(&tb, g->repo, NULL) < 0 || git_treebuilder_write(&g->empty_tree, tb) < 0) {
		git_treebuilder_free(tb);
		return pb_error_git(g->err, "cannot write the empty tree");
	}
	git_treebuilder_free(tb);
	return PB_OK;
}

static bool executable(const char *path)
{
	size_t n = strlen(path);
	return strncmp(path, "scripts/", 8) == 0 && n > 3 && strcmp(path + n - 3, ".sh") == 0;
}

int _pb_demo_commit(_pb_demo_gen_t *g, git_oid *out, const git_oid *parent, const _pb_demo_file_t *files,
		    size_t n, const char *message, const _pb_demo_person_t *who, int64_t when)
{
	git_commit *pc = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_signature *sig = NULL;
	git_tree_update *ups = talloc_zero_array(g->ctx, git_tree_update, n ? n : 1);
	git_oid tree_id;
	int rc = PB_OK;

	if (!ups)
		return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	if (parent ? (git_commit_lookup(&pc, g->repo, parent) < 0 || git_commit_tree(&base, pc) < 0)
		   : git_tree_lookup(&base, g->repo, &g->empty_tree) < 0) {
		rc = pb_error_git(g->err, "cannot read the parent commit");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		ups[i].path = files[i].path;
		if (!files[i].text) {
			ups[i].action = GIT_TREE_UPDATE_REMOVE;
			continue;
		}
		ups[i].action = GIT_TREE_UPDATE_UPSERT;
		ups[i].filemode = executable(files[i].path) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
		if (git_blob_create_from_buffer(&ups[i].id, g->repo, files[i].text, strlen(files[i].text)) < 0) {
			rc = pb_error_git(g->err, "cannot write %s", files[i].path);
			goto out;
		}
	}
	if (git_tree_create_updated(&tree_id, g->repo, base, n, ups) < 0 ||
	    git_tree_lookup(&tree, g->repo, &tree_id) < 0) {
		rc = pb_error_git(g->err, "cannot write the tree of \"%.40s\"", message);
		goto out;
	}
	if (git_signature_new(&sig, who->name, who->email, (git_time_t)when, who->tz) < 0 ||
	    git_commit_create(out, g->repo, NULL, sig, sig, NULL, message, tree, pc ? 1 : 0,
			      (const git_commit **)&pc) < 0)
		rc = pb_error_git(g->err, "cannot commit \"%.40s\"", message);
out:
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(pc);
	talloc_free(ups);
	return rc;
}

static int tree_of(_pb_demo_gen_t *g, git_tree **out, const git_oid *commit)
{
	git_commit *c = NULL;
	int rc;
	if (!commit)
		return git_tree_lookup(out, g->repo, &g->empty_tree);
	if ((rc = git_commit_lookup(&c, g->repo, commit)) < 0)
		return rc;
	rc = git_commit_tree(out, c);
	git_commit_free(c);
	return rc;
}

int _pb_demo_diff(_pb_demo_gen_t *g, TALLOC_CTX *mem_ctx, char **stat, char **patch, const git_oid *from,
		  const git_oid *to)
{
	git_diff_options o;
	git_tree *a = NULL, *b = NULL;
	git_diff *diff = NULL;
	git_diff_stats *st = NULL;
	git_buf buf = {0};
	int rc = PB_OK;

	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	o.context_lines = 3;
	o.id_abbrev = 7;
	if (tree_of(g, &a, from) < 0 || tree_of(g, &b, to) < 0 ||
	    git_diff_tree_to_tree(&diff, g->repo, a, b, &o) < 0 || git_diff_get_stats(&st, diff) < 0 ||
	    git_diff_stats_to_buf(&buf, st, GIT_DIFF_STATS_FULL | GIT_DIFF_STATS_INCLUDE_SUMMARY, 72) < 0) {
		rc = pb_error_git(g->err, "cannot diff two commits");
		goto out;
	}
	*stat = talloc_strndup(mem_ctx, buf.ptr, buf.size);
	git_buf_dispose(&buf);
	if (patch) {
		if (git_diff_to_buf(&buf, diff, GIT_DIFF_FORMAT_PATCH) < 0) {
			rc = pb_error_git(g->err, "cannot format a diff");
			goto out;
		}
		*patch = talloc_strndup(mem_ctx, buf.ptr, buf.size);
		git_buf_dispose(&buf);
		if (!*patch)
			rc = pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	}
	if (!*stat)
		rc = pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
out:
	git_buf_dispose(&buf);
	git_diff_stats_free(st);
	git_diff_free(diff);
	git_tree_free(a);
	git_tree_free(b);
	return rc;
}

int _pb_demo_branch(_pb_demo_gen_t *g, const char *name, const git_oid *oid)
{
	git_reference *ref = NULL;
	char *full = talloc_asprintf(g->ctx, "refs/heads/%s", name);
	int rc = PB_OK;
	if (!full)
		return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	if (git_reference_create(&ref, g->repo, full, oid, 1, "patchbay demo") < 0)
		rc = pb_error_git(g->err, "cannot create the branch %s", name);
	git_reference_free(ref);
	talloc_free(full);
	return rc;
}

int _pb_demo_tag(_pb_demo_gen_t *g, const char *name, const git_oid *oid, const char *message,
		 const _pb_demo_person_t *who, int64_t when)
{
	git_object *target = NULL;
	git_signature *sig = NULL;
	git_oid tag;
	int rc = PB_OK;
	if (git_object_lookup(&target, g->repo, oid, GIT_OBJECT_COMMIT) < 0 ||
	    git_signature_new(&sig, who->name, who->email, (git_time_t)when, who->tz) < 0 ||
	    git_tag_create(&tag, g->repo, name, target, sig, message, 0) < 0)
		rc = pb_error_git(g->err, "cannot create the tag %s", name);
	git_signature_free(sig);
	git_object_free(target);
	return rc;
}

int _pb_demo_repo_finish(_pb_demo_gen_t *g, const _pb_demo_person_t *owner)
{
	git_checkout_options co;
	git_config *cfg = NULL;
	int rc;
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_FORCE;
	if (git_repository_set_head(g->repo, "refs/heads/master") < 0 || git_checkout_head(g->repo, &co) < 0)
		return pb_error_git(g->err, "cannot check out master");
	rc = git_repository_config(&cfg, g->repo);
	if (rc == 0 && owner)
		rc = git_config_set_string(cfg, "user.name", owner->name);
	if (rc == 0 && owner)
		rc = git_config_set_string(cfg, "user.email", owner->email);
	git_config_free(cfg);
	return rc < 0 ? pb_error_git(g->err, "cannot write the config of the repository") : PB_OK;
}

/* "  subject (2024-03-04 09:12:00 +0100)" of commit C */
static char *commit_line(TALLOC_CTX *ctx, git_commit *c)
{
	const git_signature *s = git_commit_committer(c);
	return talloc_asprintf(ctx, "  %s (%s)", git_commit_summary(c),
			       _pb_demo_date_git(ctx, (int64_t)s->when.time, s->when.offset));
}

int _pb_demo_request_pull(_pb_demo_gen_t *g, TALLOC_CTX *mem_ctx, char **out, const git_oid *base,
			  const git_oid *tip, const char *url, const char *ref, const char *tag_message)
{
	void *tmp = talloc_new(mem_ctx);
	git_commit *bc = NULL, *tc = NULL, *cur = NULL;
	char bhex[GIT_OID_HEXSZ + 1], thex[GIT_OID_HEXSZ + 1], *text, *stat = NULL;
	const char **subjects = NULL, *author = NULL;
	size_t n = 0;
	int rc = PB_OK;

	if (!tmp)
		return pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
	if (git_commit_lookup(&bc, g->repo, base) < 0 || git_commit_lookup(&tc, g->repo, tip) < 0) {
		rc = pb_error_git(g->err, "request-pull: cannot read the commits");
		goto out;
	}
	/* first-parent walk from the tip back to the base, oldest first after */
	if (git_commit_dup(&cur, tc) < 0) {
		rc = pb_error_git(g->err, "request-pull");
		goto out;
	}
	while (!git_oid_equal(git_commit_id(cur), base)) {
		git_commit *p = NULL;
		subjects = talloc_realloc(tmp, subjects, const char *, n + 1);
		if (!subjects || !(subjects[n++] = talloc_strdup(tmp, git_commit_summary(cur)))) {
			rc = pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
			goto out;
		}
		if (!author && !(author = talloc_strdup(tmp, git_commit_author(cur)->name))) {
			rc = pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
			goto out;
		}
		if (git_commit_parentcount(cur) == 0 || git_commit_parent(&p, cur, 0) < 0) {
			rc = pb_error_set(g->err, PB_ERR_GIT, "request-pull: the base is not below the tip");
			goto out;
		}
		git_commit_free(cur);
		cur = p;
	}
	if ((rc = _pb_demo_diff(g, tmp, &stat, NULL, base, tip)))
		goto out;
	git_oid_tostr(bhex, sizeof(bhex), base);
	git_oid_tostr(thex, sizeof(thex), tip);
	text = talloc_asprintf(tmp,
			       "The following changes since commit %s:\n\n%s\n\n"
			       "are available in the Git repository at:\n\n  %s %s\n\n"
			       "for you to fetch changes up to %s:\n\n%s\n\n"
			       "----------------------------------------------------------------\n%s%s"
			       "----------------------------------------------------------------\n"
			       "%s (%zu):\n",
			       bhex, commit_line(tmp, bc), url, ref, thex, commit_line(tmp, tc),
			       tag_message ? tag_message : "", tag_message ? "\n" : "", author ? author : "", n);
	for (size_t i = n; text && i-- > 0;)
		text = talloc_asprintf_append_buffer(text, "      %s\n", subjects[i]);
	if (text)
		text = talloc_asprintf_append_buffer(text, "\n%s", stat);
	if (!text) {
		rc = pb_error_set(g->err, PB_ERR_NOMEM, "out of memory");
		goto out;
	}
	*out = talloc_steal(mem_ctx, text);
out:
	git_commit_free(cur);
	git_commit_free(bc);
	git_commit_free(tc);
	talloc_free(tmp);
	return rc;
}
