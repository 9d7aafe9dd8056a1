/* proto.h: the text protocol of the control socket. */
#ifndef WIDGETD_PROTO_H
#define WIDGETD_PROTO_H

#define WIDGETD_VERSION "0.2"

struct client;

/* Answer one command LINE; 1 when the client asked to leave. */
int proto_handle(struct client *c, const char *line);

#endif
