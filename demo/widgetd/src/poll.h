/* poll.h: the loop that reads every widget at the poll interval. */
#ifndef WIDGETD_POLL_H
#define WIDGETD_POLL_H

struct config;

int poll_run(const struct config *cfg, int listen_fd);
void poll_stop(void);
unsigned long poll_rounds(void);
long long poll_started(void);

#endif
