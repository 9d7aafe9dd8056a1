/* net.h: the control socket and its clients. */
#ifndef WIDGETD_NET_H
#define WIDGETD_NET_H

#include <stddef.h>

struct client {
	int fd;
	char buf[512];
	size_t len;
};

int net_listen(const char *path);
int net_wait(int listen_fd, int timeout_ms);
void client_printf(struct client *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
