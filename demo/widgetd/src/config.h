/* config.h: the configuration file. */
#ifndef WIDGETD_CONFIG_H
#define WIDGETD_CONFIG_H

#include "log.h"

#define CONFIG_MAX_WIDGETS 32

struct widget_conf {
	char name[32];
	char driver[32];
	char arg[64];
};

struct config {
	unsigned poll_interval; /* seconds */
	char socket_path[108];
	enum log_level log_level;
	struct widget_conf widgets[CONFIG_MAX_WIDGETS];
	unsigned n_widgets;
};

void config_defaults(struct config *cfg);
int config_load(struct config *cfg, const char *path);
int config_parse_line(struct config *cfg, char *line, unsigned lineno);

#endif
