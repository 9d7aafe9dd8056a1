/* status.h: result codes of every core function, made by one X-macro. */
#ifndef PB_STATUS_H
#define PB_STATUS_H

/* X(name, message) */
#define PB_STATUS_LIST(X)                                            \
	X(PB_OK, "success")                                          \
	X(PB_ERR_NOMEM, "out of memory")                             \
	X(PB_ERR_NOTFOUND, "not found")                              \
	X(PB_ERR_USAGE, "bad usage")                                 \
	X(PB_ERR_IO, "cannot read or write a file")                  \
	X(PB_ERR_PARSE, "malformed input")                           \
	X(PB_ERR_NOTMUCH, "notmuch database error")                  \
	X(PB_ERR_GIT, "git error")                                   \
	X(PB_ERR_CONFLICT, "patch does not apply")                   \
	X(PB_ERR_REFUSED, "refused: it would lose work")             \
	X(PB_ERR_EXTERNAL, "external command failed")               \
	X(PB_ERR_MODIFIED, "the notmuch database changed while it was read")

typedef enum {
#define PB_X_ENUM(name, msg) name,
	PB_STATUS_LIST(PB_X_ENUM)
#undef PB_X_ENUM
	PB_STATUS_COUNT
} pb_status_t;

/* Static string for a status; never NULL. */
const char *pb_status_str(pb_status_t st);

#endif
