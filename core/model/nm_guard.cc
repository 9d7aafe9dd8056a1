// nm_guard.cc: the libnotmuch calls that can throw, made not to
// (nm_guard.h). Nothing else of patchbay is C++.
#include "core/model/nm_guard.h"

notmuch_status_t _pb_nm_messages_get(notmuch_messages_t *msgs, notmuch_message_t **out)
{
	*out = NULL;
	try {
		*out = notmuch_messages_get(msgs);
	} catch (...) {
		return NOTMUCH_STATUS_XAPIAN_EXCEPTION;
	}
	return *out ? NOTMUCH_STATUS_SUCCESS : NOTMUCH_STATUS_XAPIAN_EXCEPTION;
}

notmuch_status_t _pb_nm_find_message(notmuch_database_t *db, const char *id, notmuch_message_t **out)
{
	*out = NULL;
	try {
		return notmuch_database_find_message(db, id, out);
	} catch (...) {
		*out = NULL;
		return NOTMUCH_STATUS_XAPIAN_EXCEPTION;
	}
}

const char *_pb_nm_message_filename(notmuch_message_t *m, notmuch_status_t *st)
{
	*st = NOTMUCH_STATUS_SUCCESS;
	try {
		return notmuch_message_get_filename(m);
	} catch (...) {
		*st = NOTMUCH_STATUS_XAPIAN_EXCEPTION;
		return NULL;
	}
}
