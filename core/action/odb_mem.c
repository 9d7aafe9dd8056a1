/* odb_mem.c: an object store in memory, in front of a repository's.
 *
 * Added to a repository's object database with the highest priority, it
 * takes every object written (blobs from git_apply_to_tree, trees,
 * commits) and serves them back, so an apply can be carried out to the
 * end without writing anything to the repository. Only the objects that
 * were written, and that the repository did not have, are kept; flushing
 * writes just those (loose) to the repository. libgit2's own mempack
 * cannot serve here: its dump packs every commit with its whole tree, the
 * entire snapshot of the repository, which costs seconds on a large tree. */
#include <string.h>

#include <git2/sys/odb_backend.h>
#include <glib.h>

#include "core/action/apply_priv.h"
#include "core/base/util.h"

typedef struct mem_object {
	git_oid id;
	git_object_t type;
	size_t len;
	char *data;
} mem_object_t;

typedef struct mem_backend {
	git_odb_backend parent;  /* first: libgit2 sees a git_odb_backend */
	GHashTable *byid;        /* git_oid * -> mem_object_t * */
	mem_object_t **order;    /* as written */
	size_t n, cap;
} mem_backend_t;

static guint oid_hash(gconstpointer k)
{
	const git_oid *id = k;
	guint h;
	memcpy(&h, id->id, sizeof(h));
	return h;
}

static gboolean oid_equal(gconstpointer a, gconstpointer b)
{
	return git_oid_equal(a, b);
}

static int mem_read(void **buf, size_t *len, git_object_t *type, git_odb_backend *b, const git_oid *id)
{
	mem_backend_t *m = (mem_backend_t *)b;
	mem_object_t *o = g_hash_table_lookup(m->byid, id);
	if (!o)
		return GIT_ENOTFOUND;
	*buf = git_odb_backend_data_alloc(b, o->len ? o->len : 1);
	if (!*buf)
		return -1;
	memcpy(*buf, o->data, o->len);
	*len = o->len;
	*type = o->type;
	return 0;
}

static int mem_read_header(size_t *len, git_object_t *type, git_odb_backend *b, const git_oid *id)
{
	mem_backend_t *m = (mem_backend_t *)b;
	mem_object_t *o = g_hash_table_lookup(m->byid, id);
	if (!o)
		return GIT_ENOTFOUND;
	*len = o->len;
	*type = o->type;
	return 0;
}

static int mem_exists(git_odb_backend *b, const git_oid *id)
{
	return g_hash_table_contains(((mem_backend_t *)b)->byid, id);
}

static int mem_write(git_odb_backend *b, const git_oid *id, const void *data, size_t len, git_object_t type)
{
	mem_backend_t *m = (mem_backend_t *)b;
	mem_object_t *o;
	if (g_hash_table_contains(m->byid, id))
		return 0;
	if (m->n == m->cap) {
		size_t nc = m->cap ? m->cap * 2 : 256;
		mem_object_t **no = talloc_realloc(m, m->order, mem_object_t *, nc);
		if (!no)
			return -1;
		m->order = no;
		m->cap = nc;
	}
	o = talloc_zero(m, mem_object_t);
	if (!o || !(o->data = talloc_memdup(o, data, len ? len : 1)))
		return -1;
	git_oid_cpy(&o->id, id);
	o->type = type;
	o->len = len;
	m->order[m->n++] = o;
	g_hash_table_insert(m->byid, &o->id, o);
	return 0;
}

static void mem_free(git_odb_backend *b)
{
	mem_backend_t *m = (mem_backend_t *)b;
	g_hash_table_destroy(m->byid);
	talloc_free(m);
}

int _pb_odb_mem_new(git_odb_backend **out)
{
	/* owned by libgit2's odb, which frees it through its free callback */
	mem_backend_t *m = talloc_zero(PB_TOPLEVEL, mem_backend_t);
	if (!m || git_odb_init_backend(&m->parent, GIT_ODB_BACKEND_VERSION) < 0) {
		talloc_free(m);
		return -1;
	}
	m->byid = g_hash_table_new(oid_hash, oid_equal);
	m->parent.read = mem_read;
	m->parent.read_header = mem_read_header;
	m->parent.exists = mem_exists;
	m->parent.write = mem_write;
	m->parent.free = mem_free;
	*out = &m->parent;
	return 0;
}

int _pb_odb_mem_flush(git_odb_backend *b, git_repository *repo, pb_error_t *err)
{
	mem_backend_t *m = (mem_backend_t *)b;
	git_odb_backend *loose = NULL;
	char *dir = talloc_asprintf(m, "%sobjects", git_repository_commondir(repo));
	int rc = PB_OK;
	/* straight to the loose store: these objects are new (the odb would
	 * look for each in every pack first, and rescan the packs on a miss) */
	if (!dir || git_odb_backend_loose(&loose, dir, -1, 0, 0, 0) < 0) {
		talloc_free(dir);
		return pb_error_git(err, "cannot open the object store");
	}
	for (size_t i = 0; i < m->n; i++)
		if (loose->write(loose, &m->order[i]->id, m->order[i]->data, m->order[i]->len, m->order[i]->type) < 0) {
			rc = pb_error_git(err, "cannot write the new objects");
			break;
		}
	loose->free(loose);
	talloc_free(dir);
	return rc;
}
