/* poll.c: read every widget at the poll interval; serve clients between. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "log.h"
#include "net.h"
#include "poll.h"
#include "widget.h"

static volatile sig_atomic_t stopping;
static unsigned long rounds;
static long long started;

void poll_stop(void)
{
	stopping = 1;
}

unsigned long poll_rounds(void)
{
	return rounds;
}

long long poll_started(void)
{
	return started;
}

static void read_all(void)
{
	for (struct widget *w = widget_first(); w; w = w->next)
		widget_read(w);
	rounds++;
}

int poll_run(const struct config *cfg, int listen_fd)
{
	time_t next = 0;

	started = (long long)time(NULL);
	while (!stopping) {
		time_t now = time(NULL);

		if (now >= next) {
			read_all();
			next = now + cfg->poll_interval;
		}
		if (net_wait(listen_fd, (int)(next - now) * 1000) < 0 && errno != EINTR) {
			log_error("poll: %s", strerror(errno));
			return -1;
		}
	}
	return 0;
}
