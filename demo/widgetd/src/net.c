/* net.c: a UNIX stream socket; clients send one command per line. */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "net.h"
#include "proto.h"

#define MAX_CLIENTS 16

static struct client clients[MAX_CLIENTS];
static int n_clients;

int net_listen(const char *path)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	unlink(path);
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(fd, 8) < 0) {
		log_error("%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

void client_printf(struct client *c, const char *fmt, ...)
{
	char out[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, sizeof(out), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(out))
		n = sizeof(out) - 1;
	if (n > 0 && write(c->fd, out, (size_t)n) < 0)
		log_debug("client %d: %s", c->fd, strerror(errno));
}

static void drop(int i)
{
	close(clients[i].fd);
	clients[i] = clients[--n_clients];
}

static void client_input(int i)
{
	struct client *c = &clients[i];
	ssize_t r = read(c->fd, c->buf + c->len, sizeof(c->buf) - 1 - c->len);
	char *nl;

	if (r <= 0) {
		drop(i);
		return;
	}
	c->len += (size_t)r;
	c->buf[c->len] = '\0';
	while ((nl = strchr(c->buf, '\n'))) {
		*nl = '\0';
		proto_handle(c, c->buf);
		c->len -= (size_t)(nl + 1 - c->buf);
		memmove(c->buf, nl + 1, c->len + 1);
	}
	if (c->len == sizeof(c->buf) - 1) {
		client_printf(c, "ERR line too long\n");
		drop(i);
	}
}

int net_wait(int listen_fd, int timeout_ms)
{
	struct pollfd pfd[MAX_CLIENTS + 1];
	int n;

	pfd[0].fd = listen_fd;
	pfd[0].events = POLLIN;
	for (int i = 0; i < n_clients; i++) {
		pfd[i + 1].fd = clients[i].fd;
		pfd[i + 1].events = POLLIN;
	}
	n = poll(pfd, (nfds_t)n_clients + 1, timeout_ms);
	if (n <= 0)
		return n;
	for (int i = n_clients; i-- > 0;)
		if (pfd[i + 1].revents)
			client_input(i);
	if (pfd[0].revents & POLLIN) {
		int fd = accept(listen_fd, NULL, NULL);

		if (fd >= 0 && n_clients < MAX_CLIENTS)
			clients[n_clients++] = (struct client){.fd = fd};
		else if (fd >= 0)
			close(fd);
	}
	return n;
}
