/* main.c: widgetd, a small daemon that serves sensor readings. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "net.h"
#include "poll.h"
#include "proto.h"
#include "widget.h"

static void on_signal(int sig)
{
	(void)sig;
	poll_stop();
}

static void usage(FILE *out)
{
	fprintf(out, "Usage: widgetd [-c CONFIG] [-v] [-h]\n");
}

int main(int argc, char **argv)
{
	const char *path = "/etc/widgetd.conf";
	struct config cfg;
	int opt, fd, rc;

	while ((opt = getopt(argc, argv, "c:vh")) != -1) {
		switch (opt) {
		case 'c':
			path = optarg;
			break;
		case 'v':
			printf("widgetd %s\n", WIDGETD_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	config_defaults(&cfg);
	if (config_load(&cfg, path) < 0)
		return 1;
	log_set_level(cfg.log_level);
	for (unsigned i = 0; i < cfg.n_widgets; i++)
		if (widget_add(cfg.widgets[i].name, cfg.widgets[i].driver, cfg.widgets[i].arg) < 0)
			return 1;
	fd = net_listen(cfg.socket_path);
	if (fd < 0)
		return 1;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	log_info("serving %u widgets on %s", cfg.n_widgets, cfg.socket_path);
	rc = poll_run(&cfg, fd);
	close(fd);
	unlink(cfg.socket_path);
	widget_remove_all();
	return rc < 0 ? 1 : 0;
}
