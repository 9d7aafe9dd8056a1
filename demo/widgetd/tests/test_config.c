/* test_config.c: the configuration parser. */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "config.h"

static int parse(struct config *cfg, const char *text)
{
	char line[256];

	snprintf(line, sizeof(line), "%s", text);
	return config_parse_line(cfg, line, 1);
}

int main(void)
{
	struct config cfg;

	config_defaults(&cfg);
	assert(cfg.poll_interval == 2);
	assert(parse(&cfg, "poll_interval = 5\n") == 0 && cfg.poll_interval == 5);
	assert(parse(&cfg, "poll_interval = soon") < 0);
	assert(parse(&cfg, "  # a comment") == 0);
	assert(parse(&cfg, "widget = cpu thermal 0") == 0 && cfg.n_widgets == 1);
	assert(strcmp(cfg.widgets[0].driver, "thermal") == 0);
	assert(parse(&cfg, "widget = lonely") < 0);
	assert(parse(&cfg, "log_level = loud") < 0);
	printf("test_config: all passed\n");
	return 0;
}
