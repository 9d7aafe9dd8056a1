/* config.c: read "key = value" lines into struct config. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

void config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->poll_interval = 2;
	snprintf(cfg->socket_path, sizeof(cfg->socket_path), "/run/widgetd.sock");
	cfg->log_level = LOG_INFO;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int parse_widget(struct config *cfg, const char *value, unsigned lineno)
{
	struct widget_conf *w;

	if (cfg->n_widgets == CONFIG_MAX_WIDGETS) {
		log_error("line %u: more than %d widgets", lineno, CONFIG_MAX_WIDGETS);
		return -1;
	}
	w = &cfg->widgets[cfg->n_widgets];
	if (sscanf(value, "%31s %31s %63s", w->name, w->driver, w->arg) < 2) {
		log_error("line %u: expected \"widget = NAME DRIVER [ARG]\"", lineno);
		return -1;
	}
	cfg->n_widgets++;
	return 0;
}

int config_parse_line(struct config *cfg, char *line, unsigned lineno)
{
	char *eq, *key, *value;

	line = trim(line);
	if (*line == '\0' || *line == '#')
		return 0;
	eq = strchr(line, '=');
	if (!eq) {
		log_error("line %u: expected \"key = value\"", lineno);
		return -1;
	}
	*eq = '\0';
	key = trim(line);
	value = trim(eq + 1);
	if (strcmp(key, "poll_interval") == 0) {
		char *end;
		unsigned long v = strtoul(value, &end, 10);

		if (*end || v > 3600) {
			log_error("line %u: bad poll_interval \"%s\"", lineno, value);
			return -1;
		}
		cfg->poll_interval = (unsigned)v;
	} else if (strcmp(key, "socket") == 0) {
		snprintf(cfg->socket_path, sizeof(cfg->socket_path), "%s", value);
	} else if (strcmp(key, "log_level") == 0) {
		if (log_parse_level(value, &cfg->log_level) < 0) {
			log_error("line %u: unknown log level \"%s\"", lineno, value);
			return -1;
		}
	} else if (strcmp(key, "widget") == 0) {
		return parse_widget(cfg, value, lineno);
	} else {
		log_warn("line %u: unknown key \"%s\" ignored", lineno, key);
	}
	return 0;
}

int config_load(struct config *cfg, const char *path)
{
	char line[256];
	unsigned lineno = 0;
	int rc = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		log_error("%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (config_parse_line(cfg, line, lineno) < 0)
			rc = -1;
	}
	fclose(f);
	return rc;
}
