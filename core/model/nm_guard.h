/* nm_guard.h: the libnotmuch calls that can throw. Private.
 *
 * libnotmuch catches Xapian's exceptions in most of its API, but not in
 * all of it: notmuch_messages_get() and notmuch_database_find_message()
 * (through _notmuch_message_create) let a Xapian::DatabaseModifiedError
 * escape, which a reader gets once a writer has committed twice since the
 * reader opened the database (`notmuch new` from cron under a running
 * patchbay). C cannot catch it, and the process aborts. These wrappers
 * (nm_guard.cc, patchbay's one C++ file; docs/design.md says why) catch
 * any exception of those calls and return NOTMUCH_STATUS_XAPIAN_EXCEPTION:
 * the caller reopens the database and reads again. */
#ifndef PB_CORE_NM_GUARD_H
#define PB_CORE_NM_GUARD_H

#include <notmuch.h>

#ifdef __cplusplus
extern "C" {
#endif

/* notmuch_messages_get(): the message (MSGS' until it is destroyed) in
 * *out, or NULL and NOTMUCH_STATUS_XAPIAN_EXCEPTION. */
notmuch_status_t _pb_nm_messages_get(notmuch_messages_t *msgs, notmuch_message_t **out);

/* notmuch_database_find_message(), that never throws. */
notmuch_status_t _pb_nm_find_message(notmuch_database_t *db, const char *id, notmuch_message_t **out);

/* notmuch_message_get_filename() (the message's string), that never
 * throws: NULL and NOTMUCH_STATUS_XAPIAN_EXCEPTION in *st when it did. */
const char *_pb_nm_message_filename(notmuch_message_t *m, notmuch_status_t *st);

#ifdef __cplusplus
}
#endif

#endif
