/* loader.c: pb_index_open on a worker thread.
 *
 * The worker and the main thread share one block under a mutex. Each
 * thread keeps to its own talloc trees: the worker allocates under NULL
 * and hands whole trees over (partial sets, the match, the index), which
 * the main thread then steals. Whoever lets go of the block last frees
 * it, so quitting while the worker still reads does not wait for it. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "patchbay/match.h"
#include "tui/loader.h"

struct shared {
	pthread_mutex_t mu;
	int refs;
	int wake[2];
	bool abandoned;
	/* the worker's input (read only, by the worker) */
	TALLOC_CTX *in;
	pb_index_opts_t opts;
	char *query;
	/* the worker's output */
	size_t done, total;
	double elapsed;
	bool progress;
	pb_series_set_t *partial;
	pb_match_t *match;
	pb_index_t *idx;
	bool finished;
	int rc;
	pb_error_t err;
};

struct tui_loader {
	struct shared *sh;
	pthread_t th;
	bool running;
};

/* The block is a talloc tree of its own (NULL parent): whichever thread
 * lets go last frees it; what the worker made and nobody took goes too. */
static int shared_destructor(struct shared *sh)
{
	if (sh->wake[0] >= 0)
		close(sh->wake[0]);
	if (sh->wake[1] >= 0)
		close(sh->wake[1]);
	pthread_mutex_destroy(&sh->mu);
	talloc_free(sh->partial);
	talloc_free(sh->match);
	talloc_free(sh->idx);
	return 0;
}

static void shared_free(struct shared *sh)
{
	talloc_free(sh);
}

/* Drop one reference; the last frees. Called with the mutex held. */
static void release_locked(struct shared *sh)
{
	bool last = --sh->refs == 0;
	pthread_mutex_unlock(&sh->mu);
	if (last)
		shared_free(sh);
}

static void wake(struct shared *sh)
{
	char c = 1;
	/* a full pipe already says "look" */
	if (write(sh->wake[1], &c, 1) < 0 && errno != EAGAIN)
		return;
}

static void on_progress(void *payload, size_t done, size_t total, double elapsed)
{
	struct shared *sh = payload;
	pthread_mutex_lock(&sh->mu);
	sh->done = done;
	sh->total = total;
	sh->elapsed = elapsed;
	sh->progress = true;
	pthread_mutex_unlock(&sh->mu);
	wake(sh);
}

static void on_partial(void *payload, pb_series_set_t *set, size_t done, size_t total)
{
	struct shared *sh = payload;
	pb_series_set_t *old;
	(void)done;
	(void)total;
	pthread_mutex_lock(&sh->mu);
	if (sh->abandoned) {
		pthread_mutex_unlock(&sh->mu);
		talloc_free(set);
		return;
	}
	/* an older partial result nobody took is of no use now */
	old = sh->partial;
	sh->partial = set;
	pthread_mutex_unlock(&sh->mu);
	talloc_free(old);
	wake(sh);
}

static void *worker(void *arg)
{
	struct shared *sh = arg;
	pb_index_t *idx = NULL;
	pb_match_t *m = NULL;
	pb_error_t err = {0};
	int rc;
	if (sh->query && pb_match_query(NULL, &m, &sh->opts, sh->query, &err) == PB_OK) {
		pthread_mutex_lock(&sh->mu);
		sh->match = m;
		pthread_mutex_unlock(&sh->mu);
		wake(sh);
	}
	pb_error_clear(&err);
	rc = pb_index_open(NULL, &idx, &sh->opts, &err);
	pthread_mutex_lock(&sh->mu);
	sh->finished = true;
	sh->rc = rc;
	sh->err = err;
	sh->idx = rc == PB_OK ? idx : NULL;
	pthread_mutex_unlock(&sh->mu);
	wake(sh);
	pthread_mutex_lock(&sh->mu);
	release_locked(sh);
	return NULL;
}

static int loader_destructor(tui_loader_t *l)
{
	struct shared *sh = l->sh;
	if (l->running) {
		pthread_mutex_lock(&sh->mu);
		if (sh->finished) {
			pthread_mutex_unlock(&sh->mu);
			pthread_join(l->th, NULL);
			pthread_mutex_lock(&sh->mu);
		} else {
			/* still reading: let it finish on its own */
			sh->abandoned = true;
			pthread_detach(l->th);
		}
		release_locked(sh);
	} else if (sh) {
		shared_free(sh);
	}
	return 0;
}

static char *dup_in(struct shared *sh, const char *s)
{
	return s ? talloc_strdup(sh->in, s) : NULL;
}

int tui_loader_start(TALLOC_CTX *mem_ctx, tui_loader_t **out, const pb_index_opts_t *opts, const char *query,
		     pb_error_t *err)
{
	tui_loader_t *l = talloc_zero(mem_ctx, tui_loader_t);
	struct shared *sh = talloc_zero(NULL, struct shared);
	if (!l || !sh) {
		talloc_free(l);
		talloc_free(sh);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	sh->wake[0] = sh->wake[1] = -1;
	pthread_mutex_init(&sh->mu, NULL);
	talloc_set_destructor(sh, shared_destructor);
	l->sh = sh;
	talloc_set_destructor(l, loader_destructor);
	if (pipe(sh->wake) < 0 || fcntl(sh->wake[0], F_SETFL, O_NONBLOCK) < 0 ||
	    fcntl(sh->wake[1], F_SETFL, O_NONBLOCK) < 0 || !(sh->in = talloc_new(sh))) {
		talloc_free(l);
		return pb_error_set(err, PB_ERR_IO, "cannot make a pipe: %s", strerror(errno));
	}
	sh->opts = *opts;
	sh->opts.db_path = dup_in(sh, opts->db_path);
	sh->opts.config_path = dup_in(sh, opts->config_path);
	sh->opts.scope = dup_in(sh, opts->scope);
	sh->opts.tag_prefix = dup_in(sh, opts->tag_prefix);
	sh->opts.cache_dir = dup_in(sh, opts->cache_dir);
	sh->opts.progress = on_progress;
	sh->opts.partial = on_partial;
	/* enough mail for a first screen, soon */
	if (!sh->opts.partial_first)
		sh->opts.partial_first = 1000;
	sh->opts.payload = sh;
	sh->query = dup_in(sh, query && *query ? query : NULL);
	sh->refs = 2;
	pb_mail_init(); /* before two threads could race to it */
	if (pthread_create(&l->th, NULL, worker, sh) != 0) {
		sh->refs = 1;
		talloc_free(l);
		return pb_error_set(err, PB_ERR_IO, "cannot start a thread");
	}
	l->running = true;
	*out = l;
	return PB_OK;
}

int tui_loader_fd(const tui_loader_t *l)
{
	return l->sh->wake[0];
}

bool tui_loader_poll(tui_loader_t *l, tui_app_t *app)
{
	struct shared *sh = l->sh;
	char buf[64];
	pb_series_set_t *partial;
	pb_match_t *m;
	pb_index_t *idx;
	bool progress, finished;
	size_t done, total;
	double elapsed;
	int rc;
	pb_error_t err;
	while (read(sh->wake[0], buf, sizeof(buf)) > 0)
		;
	pthread_mutex_lock(&sh->mu);
	progress = sh->progress;
	done = sh->done;
	total = sh->total;
	elapsed = sh->elapsed;
	sh->progress = false;
	partial = sh->partial;
	sh->partial = NULL;
	m = sh->match;
	sh->match = NULL;
	finished = sh->finished;
	idx = sh->idx;
	sh->idx = NULL;
	rc = sh->rc;
	err = sh->err;
	pthread_mutex_unlock(&sh->mu);
	if (progress)
		tui_app_progress(app, done, total, elapsed);
	if (m)
		tui_app_set_match(app, m);
	if (partial && !finished)
		tui_app_set_partial(app, partial);
	else
		talloc_free(partial);
	if (!finished)
		return false;
	pthread_join(l->th, NULL);
	l->running = false;
	if (rc == PB_OK)
		tui_app_set_index(app, idx);
	else
		tui_app_load_failed(app, pb_error_msg(&err));
	/* the worker has let go; this is the last reference */
	pthread_mutex_lock(&sh->mu);
	sh->refs--;
	pthread_mutex_unlock(&sh->mu);
	shared_free(sh);
	l->sh = NULL;
	return true;
}
