/* widget.c: the widget list and the built-in drivers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "widget.h"

static struct widget *widgets;

static int thermal_open(struct widget *w, const char *arg)
{
	char path[96];

	snprintf(path, sizeof(path), "/sys/class/thermal/thermal_zone%s/temp", arg);
	w->priv = strdup(path);
	return w->priv ? 0 : -1;
}

static int thermal_read(struct widget *w, double *value)
{
	FILE *f = fopen(w->priv, "r");
	long milli;
	int ok;

	if (!f)
		return -1;
	ok = fscanf(f, "%ld", &milli) == 1;
	fclose(f);
	if (!ok)
		return -1;
	*value = milli / 1000.0;
	return 0;
}

static void free_priv(struct widget *w)
{
	free(w->priv);
}

static int const_open(struct widget *w, const char *arg)
{
	double *v = malloc(sizeof(*v));

	if (!v)
		return -1;
	*v = atof(arg);
	w->priv = v;
	return 0;
}

static int const_read(struct widget *w, double *value)
{
	*value = *(double *)w->priv;
	return 0;
}

static const struct widget_driver drivers[] = {
	{"thermal", thermal_open, thermal_read, free_priv, "C"},
	{"const", const_open, const_read, free_priv, ""},
};

int widget_add(const char *name, const char *driver, const char *arg)
{
	struct widget *w;
	size_t i;

	for (i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		if (strcmp(drivers[i].name, driver) == 0)
			break;
	if (i == sizeof(drivers) / sizeof(drivers[0])) {
		log_error("widget %s: unknown driver \"%s\"", name, driver);
		return -1;
	}
	w = calloc(1, sizeof(*w));
	if (!w)
		return -1;
	snprintf(w->name, sizeof(w->name), "%s", name);
	w->driver = &drivers[i];
	w->enabled = true;
	if (w->driver->open(w, arg) < 0) {
		log_error("widget %s: cannot open %s %s", name, driver, arg);
		free(w);
		return -1;
	}
	w->next = widgets;
	widgets = w;
	return 0;
}

struct widget *widget_find(const char *name)
{
	for (struct widget *w = widgets; w; w = w->next)
		if (strcmp(w->name, name) == 0)
			return w;
	return NULL;
}

struct widget *widget_first(void)
{
	return widgets;
}

int widget_read(struct widget *w)
{
	double v;

	if (!w->enabled)
		return 0;
	if (w->driver->read(w, &v) < 0) {
		w->errors++;
		log_warn("widget %s: read failed (%u errors)", w->name, w->errors);
		return -1;
	}
	w->last = v;
	w->last_time = (long long)time(NULL);
	return 0;
}

void widget_remove_all(void)
{
	while (widgets) {
		struct widget *w = widgets;

		widgets = w->next;
		w->driver->close(w);
		free(w);
	}
}
