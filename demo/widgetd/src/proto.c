/* proto.c: the text protocol of the control socket: one command per line,
 * answered with a line that starts with "OK" or "ERR". */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "net.h"
#include "poll.h"
#include "proto.h"
#include "widget.h"

/* Split "verb arg" into VERB (lower case, at most SIZE - 1 bytes) and the
 * argument, which is returned. */
static const char *split(const char *line, char *verb, size_t size)
{
	size_t n = 0;

	while (*line == ' ')
		line++;
	while (*line && *line != ' ' && n + 1 < size)
		verb[n++] = (char)tolower((unsigned char)*line++);
	verb[n] = '\0';
	while (*line && *line != ' ')
		line++;
	while (*line == ' ')
		line++;
	return line;
}

/* The widget named NAME, or NULL after telling the client there is none. */
static struct widget *find(struct client *c, const char *name)
{
	struct widget *w = widget_find(name);

	if (!w)
		client_printf(c, "ERR no widget named \"%s\"\n", name);
	return w;
}

int proto_handle(struct client *c, const char *line)
{
	char verb[16];
	const char *arg = split(line, verb, sizeof(verb));
	struct widget *w;

	if (strcmp(verb, "version") == 0) {
		client_printf(c, "OK widgetd %s\n", WIDGETD_VERSION);
		return 0;
	}
	if (strcmp(verb, "help") == 0) {
		client_printf(c, "OK version help get list count enable disable read errors reset "
				 "unit age driver rounds uptime loglevel ping echo readall quit\n");
		return 0;
	}
	if (strcmp(verb, "get") == 0) {
		if (!(w = find(c, arg)))
			return -1;
		client_printf(c, "OK %g %s\n", w->last, w->driver->unit);
		return 0;
	}
	if (strcmp(verb, "list") == 0) {
		for (w = widget_first(); w; w = w->next)
			client_printf(c, "%s %s%s\n", w->name, w->driver->name, w->enabled ? "" : " disabled");
		client_printf(c, "OK\n");
		return 0;
	}
	if (strcmp(verb, "count") == 0) {
		unsigned n = 0;
		for (w = widget_first(); w; w = w->next)
			n++;
		client_printf(c, "OK %u\n", n);
		return 0;
	}
	if (strcmp(verb, "enable") == 0) {
		if (!(w = find(c, arg)))
			return -1;
		w->enabled = true;
		client_printf(c, "OK\n");
		return 0;
	}
	if (strcmp(verb, "disable") == 0) {
		if (!(w = find(c, arg)))
			return -1;
		w->enabled = false;
		client_printf(c, "OK\n");
		return 0;
	}
	if (strcmp(verb, "read") == 0) {
		if (!(w = find(c, arg)))
			return -1;
		if (widget_read(w) < 0) {
			client_printf(c, "ERR reading %s failed\n", w->name);
			return -1;
		}
		client_printf(c, "OK %g %s\n", w->last, w->driver->unit);
		return 0;
	}
	if (strcmp(verb, "errors") == 0) {
		if (!(w = find(c, arg)))
			return -1;
		client_printf(c, "OK %u\n", w->errors);
		return 0;
	}
	if (strcmp(verb, "reset") == 0) {
		if (!(w = find(c, arg)))
			return -1;
		w->errors = 0;
		client_printf(c, "OK\n");
		return 0;
	}
	if (strcmp(verb, "unit") == 0) {
		if (!(w = find(c, arg)))
			return -1;
		client_printf(c, "OK %s\n", w->driver->unit);
		return 0;
	}
	if (strcmp(verb, "age") == 0) {
		if (!(w = find(c, arg)))
			return -1;
		client_printf(c, "OK %lld\n", (long long)time(NULL) - w->last_time);
		return 0;
	}
	if (strcmp(verb, "driver") == 0) {
		if (!(w = find(c, arg)))
			return -1;
		client_printf(c, "OK %s\n", w->driver->name);
		return 0;
	}
	if (strcmp(verb, "rounds") == 0) {
		client_printf(c, "OK %lu\n", poll_rounds());
		return 0;
	}
	if (strcmp(verb, "uptime") == 0) {
		client_printf(c, "OK %lld\n", (long long)time(NULL) - poll_started());
		return 0;
	}
	if (strcmp(verb, "loglevel") == 0) {
		enum log_level level;
		if (log_parse_level(arg, &level) < 0) {
			client_printf(c, "ERR unknown log level \"%s\"\n", arg);
			return -1;
		}
		log_set_level(level);
		client_printf(c, "OK\n");
		return 0;
	}
	if (strcmp(verb, "ping") == 0) {
		client_printf(c, "OK pong\n");
		return 0;
	}
	if (strcmp(verb, "echo") == 0) {
		client_printf(c, "OK %s\n", arg);
		return 0;
	}
	if (strcmp(verb, "readall") == 0) {
		unsigned failed = 0;
		for (w = widget_first(); w; w = w->next)
			if (widget_read(w) < 0)
				failed++;
		client_printf(c, "OK %u failed\n", failed);
		return 0;
	}
	if (strcmp(verb, "quit") == 0) {
		client_printf(c, "OK bye\n");
		return 1;
	}
	client_printf(c, "ERR unknown command \"%s\"\n", verb);
	return -1;
}
