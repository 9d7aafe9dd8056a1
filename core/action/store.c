/* store.c: deliver mail to a maildir folder and index it with libnotmuch. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "patchbay/store.h"
#include "core/model/index_priv.h"
#include "core/base/util.h"

/* ---- the database ------------------------------------------------------ */

/* Open read-write; another writer (notmuch new) holds the lock only
 * briefly, so wait for it a little. */
static int open_rw(pb_index_t *idx, notmuch_database_t **db, pb_error_t *err)
{
	for (int tries = 0;; tries++) {
		pb_error_t e = {0};
		int rc = _pb_index_open_db(idx, true, db, &e);
		if (rc == PB_OK)
			return PB_OK;
		if (tries >= 40 || !strstr(e.msg, "lock")) {
			if (err)
				*err = e;
			return rc;
		}
		usleep(50 * 1000);
	}
}

static int close_db(notmuch_database_t *db, int rc, pb_error_t *err)
{
	notmuch_status_t st = notmuch_database_close(db);
	notmuch_database_destroy(db);
	if (rc == PB_OK && st != NOTMUCH_STATUS_SUCCESS)
		return pb_error_set(err, PB_ERR_NOTMUCH, "cannot write the notmuch database: %s",
				    notmuch_status_to_string(st));
	return rc;
}

static const char *mail_root(notmuch_database_t *db)
{
	const char *r = notmuch_config_get(db, NOTMUCH_CONFIG_MAIL_ROOT);
	return r && *r ? r : notmuch_database_get_path(db);
}

/* "+a -b c": add a, remove b, add c. */
static int apply_tags(TALLOC_CTX *ctx, notmuch_message_t *m, const char *tags, pb_error_t *err)
{
	char *copy, *save = NULL;
	int rc = PB_OK;
	if (!tags || !*tags)
		return PB_OK;
	copy = talloc_strdup(ctx, tags);
	if (!copy)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	notmuch_message_freeze(m);
	for (char *t = strtok_r(copy, " ,", &save); t; t = strtok_r(NULL, " ,", &save)) {
		notmuch_status_t st;
		bool rm = *t == '-';
		if (*t == '+' || *t == '-')
			t++;
		if (!*t)
			continue;
		st = rm ? notmuch_message_remove_tag(m, t) : notmuch_message_add_tag(m, t);
		if (st != NOTMUCH_STATUS_SUCCESS) {
			rc = pb_error_set(err, PB_ERR_NOTMUCH, "cannot tag %s: %s", t, notmuch_status_to_string(st));
			break;
		}
	}
	notmuch_message_thaw(m);
	talloc_free(copy);
	return rc;
}

/* ---- maildir ----------------------------------------------------------- */

static bool folder_ok(const char *folder)
{
	if (!folder)
		return true;
	if (folder[0] == '/')
		return false;
	for (const char *p = folder; *p;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if ((n == 2 && p[0] == '.' && p[1] == '.') || (n == 1 && p[0] == '.'))
			return false;
		p += n;
		while (*p == '/')
			p++;
	}
	return true;
}

static char *folder_dir(TALLOC_CTX *ctx, const char *root, const char *folder)
{
	if (!folder || !*folder)
		return talloc_strdup(ctx, root);
	return talloc_asprintf(ctx, "%s/%s", root, folder);
}

static int make_maildir(const char *dir, pb_error_t *err)
{
	static const char *const subs[] = {"cur", "new", "tmp"};
	for (int i = 0; i < 3; i++) {
		char d[PATH_MAX];
		int rc;
		if ((size_t)snprintf(d, sizeof(d), "%s/%s", dir, subs[i]) >= sizeof(d))
			return pb_error_set(err, PB_ERR_IO, "%s: %s", dir, strerror(ENAMETOOLONG));
		rc = _pb_mkdir_p(d, err);
		if (rc)
			return rc;
	}
	return PB_OK;
}

/* A unique maildir base name: time.MusecPpidQcount.host */
static char *unique_name(TALLOC_CTX *ctx)
{
	static unsigned counter;
	struct timeval tv;
	char host[256] = "localhost";
	gettimeofday(&tv, NULL);
	if (gethostname(host, sizeof(host) - 1) != 0)
		strcpy(host, "localhost");
	host[sizeof(host) - 1] = '\0';
	for (char *h = host; *h; h++)
		if (*h == '/' || *h == ':')
			*h = '_';
	return talloc_asprintf(ctx, "%lld.M%06ldP%dQ%u.%s", (long long)tv.tv_sec, (long)tv.tv_usec, (int)getpid(),
			       ++counter, host);
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	fsync(fd);
	close(fd);
	return 0;
}

/* Write DATA into DIR/tmp and move it to DIR/cur. */
static int deliver(TALLOC_CTX *ctx, char **path, const char *dir, const char *data, size_t len,
		   const char *flags, pb_error_t *err)
{
	char *base = unique_name(ctx);
	char *tmp = base ? talloc_asprintf(ctx, "%s/tmp/%s", dir, base) : NULL;
	char *cur = base ? talloc_asprintf(ctx, "%s/cur/%s:2,%s", dir, base, flags ? flags : "") : NULL;
	int fd;
	if (!tmp || !cur)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return pb_error_set(err, PB_ERR_IO, "%s: %s", tmp, strerror(errno));
	if (_pb_write_all(fd, data, len) < 0) {
		pb_error_set(err, PB_ERR_IO, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return PB_ERR_IO;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		pb_error_set(err, PB_ERR_IO, "%s: %s", tmp, strerror(errno));
		unlink(tmp);
		return PB_ERR_IO;
	}
	if (rename(tmp, cur) < 0) {
		pb_error_set(err, PB_ERR_IO, "%s: %s", cur, strerror(errno));
		unlink(tmp);
		return PB_ERR_IO;
	}
	{
		char *curdir = talloc_asprintf(ctx, "%s/cur", dir);
		if (curdir)
			fsync_dir(curdir);
		talloc_free(curdir);
	}
	*path = cur;
	return PB_OK;
}

/* Index PATH, sync maildir flags if notmuch is set up to, apply TAGS. */
static int index_path(TALLOC_CTX *tmp, notmuch_database_t *db, const char *path, const char *tags, pb_error_t *err)
{
	notmuch_indexopts_t *io = notmuch_database_get_default_indexopts(db);
	notmuch_message_t *m = NULL;
	notmuch_status_t st;
	notmuch_bool_t sync = FALSE;
	int rc;
	st = notmuch_database_index_file(db, path, io, &m);
	if (io)
		notmuch_indexopts_destroy(io);
	if (st != NOTMUCH_STATUS_SUCCESS && st != NOTMUCH_STATUS_DUPLICATE_MESSAGE_ID)
		return pb_error_set(err, PB_ERR_NOTMUCH, "notmuch cannot index %s: %s", path,
				    notmuch_status_to_string(st));
	if (notmuch_config_get_bool(db, NOTMUCH_CONFIG_SYNC_MAILDIR_FLAGS, &sync) == NOTMUCH_STATUS_SUCCESS && sync)
		notmuch_message_maildir_flags_to_tags(m);
	rc = apply_tags(tmp, m, tags, err);
	notmuch_message_destroy(m);
	return rc;
}

pb_status_t pb_store_insert(pb_index_t *idx, TALLOC_CTX *mem_ctx, char **path, const char *folder,
			    const char *data, size_t len, const char *flags, const char *tags, pb_error_t *err)
{
	notmuch_database_t *db = NULL;
	void *tmp;
	char *dir, *p = NULL;
	int rc;

	if (!folder_ok(folder))
		return pb_error_set(err, PB_ERR_USAGE, "bad maildir folder '%s' (give a path below the mail root)",
				    folder);
	if ((rc = open_rw(idx, &db, err)))
		return rc;
	tmp = talloc_new(idx);
	dir = tmp ? folder_dir(tmp, mail_root(db), folder) : NULL;
	if (!dir) {
		rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = make_maildir(dir, err)) || (rc = deliver(tmp, &p, dir, data, len, flags, err)))
		goto out;
	*path = talloc_strdup(mem_ctx, p);
	if (!*path) {
		rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (notmuch_database_begin_atomic(db) == NOTMUCH_STATUS_SUCCESS) {
		rc = index_path(tmp, db, p, tags, err);
		if (notmuch_database_end_atomic(db) != NOTMUCH_STATUS_SUCCESS && rc == PB_OK)
			rc = pb_error_set(err, PB_ERR_NOTMUCH, "notmuch cannot index %s", p);
	} else {
		rc = pb_error_set(err, PB_ERR_NOTMUCH, "notmuch cannot index %s", p);
	}
out:
	rc = close_db(db, rc, err);
	talloc_free(tmp);
	return rc;
}

pb_status_t pb_store_move(pb_index_t *idx, TALLOC_CTX *mem_ctx, char **path, const char *old_path,
			  const char *folder, const char *flags, const char *tags, pb_error_t *err)
{
	notmuch_database_t *db = NULL;
	notmuch_status_t st;
	void *tmp;
	char *dir, *base, *np;
	const char *slash, *colon;
	int rc;

	if (!folder_ok(folder))
		return pb_error_set(err, PB_ERR_USAGE, "bad maildir folder '%s'", folder);
	if ((rc = open_rw(idx, &db, err)))
		return rc;
	tmp = talloc_new(idx);
	slash = strrchr(old_path, '/');
	base = talloc_strdup(tmp, slash ? slash + 1 : old_path);
	if (base && (colon = strstr(base, ":2,")))
		base[colon - base] = '\0';
	dir = folder_dir(tmp, mail_root(db), folder);
	np = dir && base ? talloc_asprintf(tmp, "%s/cur/%s:2,%s", dir, base, flags ? flags : "") : NULL;
	if (!np) {
		rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = make_maildir(dir, err)))
		goto out;
	if (rename(old_path, np) < 0) {
		rc = pb_error_set(err, PB_ERR_IO, "cannot move %s to %s: %s", old_path, np, strerror(errno));
		goto out;
	}
	{
		char *curdir = talloc_asprintf(tmp, "%s/cur", dir);
		if (curdir)
			fsync_dir(curdir);
	}
	*path = talloc_strdup(mem_ctx, np);
	if (notmuch_database_begin_atomic(db) != NOTMUCH_STATUS_SUCCESS) {
		rc = pb_error_set(err, PB_ERR_NOTMUCH, "notmuch cannot index %s", np);
		goto out;
	}
	rc = index_path(tmp, db, np, tags, err);
	st = notmuch_database_remove_message(db, old_path);
	if (rc == PB_OK && st != NOTMUCH_STATUS_SUCCESS && st != NOTMUCH_STATUS_DUPLICATE_MESSAGE_ID)
		rc = pb_error_set(err, PB_ERR_NOTMUCH, "notmuch cannot forget %s: %s", old_path,
				  notmuch_status_to_string(st));
	if (notmuch_database_end_atomic(db) != NOTMUCH_STATUS_SUCCESS && rc == PB_OK)
		rc = pb_error_set(err, PB_ERR_NOTMUCH, "notmuch cannot index %s", np);
	if (!*path && rc == PB_OK)
		rc = pb_error_set(err, PB_ERR_NOMEM, "out of memory");
out:
	rc = close_db(db, rc, err);
	talloc_free(tmp);
	return rc;
}

pb_status_t pb_store_remove(pb_index_t *idx, const char *path, pb_error_t *err)
{
	notmuch_database_t *db = NULL;
	notmuch_status_t st;
	int rc;
	if ((rc = open_rw(idx, &db, err)))
		return rc;
	st = notmuch_database_remove_message(db, path);
	if (st != NOTMUCH_STATUS_SUCCESS && st != NOTMUCH_STATUS_DUPLICATE_MESSAGE_ID)
		rc = pb_error_set(err, PB_ERR_NOTMUCH, "notmuch cannot forget %s: %s", path, notmuch_status_to_string(st));
	else if (unlink(path) < 0 && errno != ENOENT)
		rc = pb_error_set(err, PB_ERR_IO, "cannot remove %s: %s", path, strerror(errno));
	rc = close_db(db, rc, err);
	return rc;
}

/* Run FN on the messages with the ids of IDS (N of them) in one atomic
 * transaction. A message not in the database is skipped when MISSING_OK,
 * else an error (PB_ERR_NOTFOUND). */
typedef int (*msg_fn)(notmuch_database_t *db, notmuch_message_t *m, void *payload, pb_error_t *err);

static pb_status_t with_messages(pb_index_t *idx, const char *const *ids, size_t n, bool missing_ok, msg_fn fn,
				 void *payload, pb_error_t *err)
{
	notmuch_database_t *db = NULL;
	int rc;
	if ((rc = open_rw(idx, &db, err)))
		return rc;
	if (notmuch_database_begin_atomic(db) != NOTMUCH_STATUS_SUCCESS) {
		rc = pb_error_set(err, PB_ERR_NOTMUCH, "cannot write the notmuch database");
		return close_db(db, rc, err);
	}
	for (size_t i = 0; i < n && rc == PB_OK; i++) {
		notmuch_message_t *m = NULL;
		notmuch_bool_t ghost = FALSE;
		/* a message only referenced (its file gone, replies left) is a
		 * ghost to notmuch: there is no mail to tag */
		if (notmuch_database_find_message(db, ids[i], &m) != NOTMUCH_STATUS_SUCCESS || !m ||
		    (notmuch_message_get_flag_st(m, NOTMUCH_MESSAGE_FLAG_GHOST, &ghost) == NOTMUCH_STATUS_SUCCESS &&
		     ghost)) {
			if (m)
				notmuch_message_destroy(m);
			m = NULL;
			if (missing_ok)
				continue;
			rc = pb_error_set(err, PB_ERR_NOTFOUND, "<%s> is not in the notmuch database", ids[i]);
			break;
		}
		rc = fn(db, m, payload, err);
		notmuch_message_destroy(m);
	}
	/* on failure the atomic section is left open: closing the database
	 * then discards all of it, so nothing is half changed */
	if (rc == PB_OK && notmuch_database_end_atomic(db) != NOTMUCH_STATUS_SUCCESS)
		rc = pb_error_set(err, PB_ERR_NOTMUCH, "cannot write the notmuch database");
	rc = close_db(db, rc, err);
	return rc;
}

struct tagging {
	pb_index_t *idx; /* (the owner of apply_tags' copy) */
	const char *tags;
};

static int tag_message(notmuch_database_t *db, notmuch_message_t *m, void *payload, pb_error_t *err)
{
	const struct tagging *t = payload;
	(void)db;
	return apply_tags(t->idx, m, t->tags, err);
}

pb_status_t pb_store_tag(pb_index_t *idx, const char *const *msgids, size_t n, const char *tags, pb_error_t *err)
{
	struct tagging t = {idx, tags};
	return with_messages(idx, msgids, n, true, tag_message, &t, err);
}

pb_status_t pb_store_has_tag(pb_index_t *idx, bool *out, const char *msgid, const char *tag, pb_error_t *err)
{
	notmuch_database_t *db = NULL;
	notmuch_message_t *m = NULL;
	int rc;
	*out = false;
	if ((rc = _pb_index_open_db(idx, false, &db, err)))
		return rc;
	if (notmuch_database_find_message(db, msgid, &m) == NOTMUCH_STATUS_SUCCESS && m) {
		notmuch_tags_t *t = notmuch_message_get_tags(m);
		for (; t && notmuch_tags_valid(t); notmuch_tags_move_to_next(t))
			if (strcmp(notmuch_tags_get(t), tag) == 0)
				*out = true;
		if (t)
			notmuch_tags_destroy(t);
		notmuch_message_destroy(m);
	}
	notmuch_database_destroy(db);
	return PB_OK;
}

/* ---- the user's linking decisions (series.h, PB_PROP_*) ---------------- */

/* The root of the posting MSGID belongs to (its cover, or first patch),
 * copied onto MEM_CTX. */
static int posting_root(pb_index_t *idx, TALLOC_CTX *mem_ctx, char **out, const char *msgid, pb_error_t *err)
{
	pb_version_t *v = NULL;
	pb_series_t *s = NULL;
	char *id = pb_mail_msgid_clean(mem_ctx, msgid);
	if (!id)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if (pb_index_find(idx, id, &s, &v, NULL) != PB_OK)
		return pb_error_set(err, PB_ERR_NOTFOUND, "no series holds <%s>", id);
	if (!v)
		return pb_error_set(err, PB_ERR_NOTFOUND, "<%s> belongs to no posting of its series", id);
	*out = talloc_strdup(mem_ctx, v->root->msgid);
	return *out ? PB_OK : pb_error_set(err, PB_ERR_NOMEM, "out of memory");
}

static int prop_status(notmuch_status_t st, pb_error_t *err)
{
	if (st == NOTMUCH_STATUS_SUCCESS)
		return PB_OK;
	return pb_error_set(err, PB_ERR_NOTMUCH, "cannot write a message property: %s", notmuch_status_to_string(st));
}

static int add_link(notmuch_database_t *db, notmuch_message_t *m, void *payload, pb_error_t *err)
{
	const char *other = payload;
	(void)db;
	return prop_status(notmuch_message_add_property(m, PB_PROP_LINK, other), err);
}

pb_status_t pb_store_link(pb_index_t *idx, const char *a, const char *b, pb_error_t *err)
{
	void *tmp = talloc_new(idx);
	char *ra = NULL, *rb = NULL;
	int rc;
	if (!tmp)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if ((rc = posting_root(idx, tmp, &ra, a, err)) || (rc = posting_root(idx, tmp, &rb, b, err)))
		goto out;
	if (strcmp(ra, rb) == 0) {
		rc = pb_error_set(err, PB_ERR_USAGE, "<%s> and <%s> are one posting", a, b);
		goto out;
	}
	{
		const char *ids[1] = {ra};
		rc = with_messages(idx, ids, 1, false, add_link, rb, err);
	}
out:
	talloc_free(tmp);
	return rc;
}

/* On the root: drop its links, mark it split. On every other message
 * that links to it: drop that link. */
struct unlink_job {
	TALLOC_CTX *ctx;  /* scratch */
	const char *root;
};

static int drop_links_to(TALLOC_CTX *ctx, notmuch_database_t *db, const char *root, pb_error_t *err)
{
	char *q = talloc_asprintf(ctx, "property:%s=%s", PB_PROP_LINK, root);
	notmuch_query_t *query = q ? notmuch_query_create(db, q) : NULL;
	notmuch_messages_t *msgs = NULL;
	int rc = PB_OK;
	if (!query) {
		talloc_free(q);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	if (notmuch_query_search_messages(query, &msgs) != NOTMUCH_STATUS_SUCCESS) {
		rc = pb_error_set(err, PB_ERR_NOTMUCH, "notmuch query failed: %s", q);
	} else {
		for (; rc == PB_OK && notmuch_messages_valid(msgs); notmuch_messages_move_to_next(msgs)) {
			notmuch_message_t *m = notmuch_messages_get(msgs);
			rc = prop_status(notmuch_message_remove_property(m, PB_PROP_LINK, root), err);
			notmuch_message_destroy(m);
		}
	}
	notmuch_query_destroy(query);
	talloc_free(q);
	return rc;
}

static int split_posting(notmuch_database_t *db, notmuch_message_t *m, void *payload, pb_error_t *err)
{
	struct unlink_job *j = payload;
	int rc;
	if ((rc = prop_status(notmuch_message_remove_all_properties(m, PB_PROP_LINK), err)) ||
	    (rc = prop_status(notmuch_message_remove_all_properties(m, PB_PROP_SPLIT), err)) ||
	    (rc = prop_status(notmuch_message_add_property(m, PB_PROP_SPLIT, "1"), err)))
		return rc;
	return drop_links_to(j->ctx, db, j->root, err);
}

pb_status_t pb_store_unlink(pb_index_t *idx, const char *msgid, pb_error_t *err)
{
	void *tmp = talloc_new(idx);
	char *root = NULL;
	int rc;
	if (!tmp)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	if ((rc = posting_root(idx, tmp, &root, msgid, err)) == PB_OK) {
		const char *ids[1] = {root};
		struct unlink_job j = {tmp, root};
		rc = with_messages(idx, ids, 1, false, split_posting, &j, err);
	}
	talloc_free(tmp);
	return rc;
}

/* ---- review states set by hand (review.h) ------------------------------ */

/* The Message-IDs of the postings of the N versions VS (root, cover, the
 * patches posted in each), copied onto CTX (the model may go while the
 * database is written); *OWNER[I] (OWNER may be NULL) is the index in VS
 * of the version of id I. */
static pb_status_t posting_ids(TALLOC_CTX *ctx, const pb_version_t *const *vs, size_t n, const char ***out,
			       size_t **owner, size_t *k_out)
{
	size_t cap = 0, k = 0;
	const char **ids;
	size_t *own = NULL;
	for (size_t i = 0; i < n; i++)
		cap += vs[i]->n_patches + 2;
	ids = talloc_array(ctx, const char *, cap ? cap : 1);
	if (!ids || (owner && !(own = talloc_array(ctx, size_t, cap ? cap : 1))))
		return PB_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		const pb_version_t *v = vs[i];
		if (own)
			own[k] = i;
		ids[k++] = talloc_strdup(ids, v->root->msgid);
		if (v->cover && v->cover != v->root) {
			if (own)
				own[k] = i;
			ids[k++] = talloc_strdup(ids, v->cover->msgid);
		}
		for (size_t p = 0; p < v->n_patches; p++)
			if (!v->patches[p]->inherited_from && v->patches[p]->rec != v->root) {
				if (own)
					own[k] = i;
				ids[k++] = talloc_strdup(ids, v->patches[p]->rec->msgid);
			}
	}
	for (size_t i = 0; i < k; i++)
		if (!ids[i])
			return PB_ERR_NOMEM;
	*out = ids;
	if (owner)
		*owner = own;
	*k_out = k;
	return PB_OK;
}

struct review_set {
	const char *tags[PB_RS_COUNT]; /* PREFIX+NAME of each state */
	const int *state;  /* per message: pb_rstate_t, or -1 */
	size_t next;       /* the message set_review is called for */
};

static int set_review(notmuch_database_t *db, notmuch_message_t *m, void *payload, pb_error_t *err)
{
	struct review_set *rs = payload;
	notmuch_status_t st = NOTMUCH_STATUS_SUCCESS;
	/* (with_messages calls in the order of the ids, none skipped) */
	int state = rs->state[rs->next++];
	(void)db;
	notmuch_message_freeze(m);
	for (int i = 0; i < PB_RS_COUNT && st == NOTMUCH_STATUS_SUCCESS; i++)
		st = i == state ? notmuch_message_add_tag(m, rs->tags[i]) : notmuch_message_remove_tag(m, rs->tags[i]);
	notmuch_message_thaw(m);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return pb_error_set(err, PB_ERR_NOTMUCH, "cannot tag <%s>: %s", notmuch_message_get_message_id(m),
				    notmuch_status_to_string(st));
	return PB_OK;
}

pb_status_t pb_store_set_reviews(pb_index_t *idx, const pb_version_t *const *vs, const int *states, size_t n,
				 pb_error_t *err)
{
	struct review_set rs = {{NULL}, NULL, 0};
	TALLOC_CTX *tmp;
	const char **ids;
	size_t *owner, k = 0;
	int *per;
	int rc;
	for (size_t i = 0; i < n; i++)
		if (states[i] < -1 || states[i] >= PB_RS_COUNT)
			return pb_error_set(err, PB_ERR_USAGE, "no such review state");
	if (!(tmp = talloc_new(idx)))
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	/* (the tag names once, for every message) */
	for (int i = 0; i < PB_RS_COUNT; i++)
		if (!(rs.tags[i] = talloc_asprintf(tmp, "%s%s", pb_index_tag_prefix(idx),
						   pb_rstate_name((pb_rstate_t)i)))) {
			talloc_free(tmp);
			return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		}
	if (posting_ids(tmp, vs, n, &ids, &owner, &k) || !(per = talloc_array(tmp, int, k ? k : 1))) {
		talloc_free(tmp);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < k; i++)
		per[i] = states[owner[i]];
	rs.state = per;
	rc = with_messages(idx, ids, k, false, set_review, &rs, err);
	talloc_free(tmp);
	return rc;
}

pb_status_t pb_store_set_patch_review(pb_index_t *idx, const pb_patch_t *const *ps, size_t n, int state,
				      pb_error_t *err)
{
	struct review_set rs = {{NULL}, NULL, 0};
	TALLOC_CTX *tmp;
	const char **ids;
	int *per;
	int rc;
	if (state < -1 || state >= PB_RS_COUNT)
		return pb_error_set(err, PB_ERR_USAGE, "no such review state");
	if (!(tmp = talloc_new(idx)) || !(ids = talloc_array(tmp, const char *, n ? n : 1)) ||
	    !(per = talloc_array(tmp, int, n ? n : 1))) {
		talloc_free(tmp);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	/* the same tagging as a version's, in the namespace of one patch */
	for (int i = 0; i < PB_RS_COUNT; i++)
		if (!(rs.tags[i] = talloc_asprintf(tmp, "%s%s%s", pb_index_tag_prefix(idx), PB_RS_TAG_PATCH,
						   pb_rstate_name((pb_rstate_t)i)))) {
			talloc_free(tmp);
			return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		}
	for (size_t i = 0; i < n; i++) {
		per[i] = state;
		if (!(ids[i] = talloc_strdup(ids, ps[i]->rec->msgid))) {
			talloc_free(tmp);
			return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
		}
	}
	rs.state = per;
	rc = with_messages(idx, ids, n, false, set_review, &rs, err);
	talloc_free(tmp);
	return rc;
}

pb_status_t pb_store_set_rfc(pb_index_t *idx, const pb_version_t *const *vs, size_t n, bool rfc, pb_error_t *err)
{
	TALLOC_CTX *tmp = talloc_new(idx);
	struct tagging t = {idx, NULL};
	const char **ids;
	size_t k = 0;
	int rc;
	if (!tmp || !(t.tags = talloc_asprintf(tmp, "%c%s%s", rfc ? '+' : '-', pb_index_tag_prefix(idx), PB_RS_TAG_RFC)) ||
	    posting_ids(tmp, vs, n, &ids, NULL, &k)) {
		talloc_free(tmp);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	rc = with_messages(idx, ids, k, false, tag_message, &t, err);
	talloc_free(tmp);
	return rc;
}

struct snooze_set {
	const char *tag;    /* PREFIX "snoozed" */
	const char *until;  /* PREFIX "snoozed-until/" */
	const char *until_tag; /* PREFIX "snoozed-until-tag/" */
	const char *add;    /* PREFIX "snoozed-until/DAY" or "snoozed-until-tag/NAME", or NULL */
	bool on;
};

static int set_snooze(notmuch_database_t *db, notmuch_message_t *m, void *payload, pb_error_t *err)
{
	const struct snooze_set *z = payload;
	notmuch_status_t st = NOTMUCH_STATUS_SUCCESS;
	notmuch_tags_t *tags;
	char *old[16];
	size_t n_old = 0, len = strlen(z->until), len_tag = strlen(z->until_tag);
	(void)db;
	/* the ends set before go, days and tags (copied first: removing
	 * moves the list) */
	for (tags = notmuch_message_get_tags(m); tags && notmuch_tags_valid(tags) && n_old < 16;
	     notmuch_tags_move_to_next(tags))
		if ((strncmp(notmuch_tags_get(tags), z->until, len) == 0 ||
		     strncmp(notmuch_tags_get(tags), z->until_tag, len_tag) == 0) &&
		    !(old[n_old++] = strdup(notmuch_tags_get(tags))))
			st = NOTMUCH_STATUS_OUT_OF_MEMORY;
	if (tags)
		notmuch_tags_destroy(tags);
	notmuch_message_freeze(m);
	for (size_t i = 0; i < n_old; i++) {
		if (st == NOTMUCH_STATUS_SUCCESS && old[i])
			st = notmuch_message_remove_tag(m, old[i]);
		free(old[i]);
	}
	if (st == NOTMUCH_STATUS_SUCCESS)
		st = z->on ? notmuch_message_add_tag(m, z->tag) : notmuch_message_remove_tag(m, z->tag);
	if (st == NOTMUCH_STATUS_SUCCESS && z->on && z->add)
		st = notmuch_message_add_tag(m, z->add);
	notmuch_message_thaw(m);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return pb_error_set(err, PB_ERR_NOTMUCH, "cannot tag <%s>: %s", notmuch_message_get_message_id(m),
				    notmuch_status_to_string(st));
	return PB_OK;
}

/* Snooze VS until the day UNTIL (0: no day; -1: wake them), or until the
 * git tag TAG (non-NULL) exists. */
static pb_status_t snooze(pb_index_t *idx, const pb_version_t *const *vs, size_t n, int64_t until, const char *tag,
			  pb_error_t *err)
{
	TALLOC_CTX *tmp = talloc_new(idx);
	struct snooze_set z = {NULL, NULL, NULL, NULL, until >= 0};
	const char **ids;
	size_t k = 0;
	int rc;
	if (!tmp)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	z.tag = talloc_asprintf(tmp, "%s%s", pb_index_tag_prefix(idx), PB_RS_TAG_SNOOZED);
	z.until = talloc_asprintf(tmp, "%s%s", pb_index_tag_prefix(idx), PB_RS_TAG_SNOOZE_UNTIL);
	z.until_tag = talloc_asprintf(tmp, "%s%s", pb_index_tag_prefix(idx), PB_RS_TAG_SNOOZE_TAG);
	if (tag) {
		z.add = talloc_asprintf(tmp, "%s%s", z.until_tag, tag);
	} else if (until > 0) {
		char day[11];
		pb_snooze_day(day, until);
		z.add = talloc_asprintf(tmp, "%s%s", z.until, day);
	}
	if (!z.tag || !z.until || !z.until_tag || ((tag || until > 0) && !z.add) ||
	    posting_ids(tmp, vs, n, &ids, NULL, &k)) {
		talloc_free(tmp);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	rc = with_messages(idx, ids, k, false, set_snooze, &z, err);
	talloc_free(tmp);
	return rc;
}

pb_status_t pb_store_snooze(pb_index_t *idx, const pb_version_t *const *vs, size_t n, int64_t until,
			    pb_error_t *err)
{
	return snooze(idx, vs, n, until, NULL, err);
}

pb_status_t pb_store_snooze_tag(pb_index_t *idx, const pb_version_t *const *vs, size_t n, const char *tag,
				pb_error_t *err)
{
	int64_t until = 0;
	const char *name = NULL;
	char *when;
	pb_status_t rc;
	/* (the one check of a name: pb_snooze_parse_end's) */
	if (!tag || !(when = talloc_asprintf(idx, "tag:%s", tag)))
		return pb_error_set(err, tag ? PB_ERR_NOMEM : PB_ERR_USAGE, tag ? "out of memory" : "no tag named");
	rc = pb_snooze_parse_end(&until, &name, when, 0, err);
	talloc_free(when);
	return rc ? rc : snooze(idx, vs, n, 0, tag, err);
}

pb_status_t pb_store_set_review(pb_index_t *idx, const pb_version_t *const *vs, size_t n, int state,
				pb_error_t *err)
{
	int *states = talloc_array(idx, int, n ? n : 1);
	pb_status_t rc;
	if (!states)
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		states[i] = state;
	rc = pb_store_set_reviews(idx, vs, states, n, err);
	talloc_free(states);
	return rc;
}
