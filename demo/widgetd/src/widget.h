/* widget.h: the widgets (sensors) widgetd reads, and their drivers. */
#ifndef WIDGETD_WIDGET_H
#define WIDGETD_WIDGET_H

#include <stdbool.h>

struct widget;

struct widget_driver {
	const char *name;
	int (*open)(struct widget *w, const char *arg);
	int (*read)(struct widget *w, double *value);
	void (*close)(struct widget *w);
	const char *unit;
};

struct widget {
	char name[32];
	const struct widget_driver *driver;
	void *priv;
	bool enabled;
	double last;         /* the last reading */
	long long last_time; /* when it was taken (seconds since the epoch), 0: never */
	unsigned errors;     /* failed reads */
	struct widget *next;
};

int widget_add(const char *name, const char *driver, const char *arg);
struct widget *widget_find(const char *name);
struct widget *widget_first(void);
int widget_read(struct widget *w);
void widget_remove_all(void);

#endif
