/* output.h: write what the user asked for into a file the user named.
 *
 * A file the user names (`am -o FILE`) is the user's: patchbay puts its
 * output there the way the user means it, and never replaces what the
 * name stands for.  A regular file, or a name not yet taken, gets the
 * whole output or nothing (a temporary file beside it, then a rename; an
 * existing file keeps its mode).  A symbolic link stays a link: the file it
 * names is written.  A FIFO, a terminal, a device such as /dev/null and
 * the /proc links behind /dev/stdout are written into, as a shell's `>`
 * would.  A directory is refused. */
#ifndef PB_OUTPUT_H
#define PB_OUTPUT_H

#include <stddef.h>

#include "patchbay/error.h"

/* Write the LEN bytes of DATA to the file PATH names, as above.  PB_OK;
 * PB_ERR_IO (PATH is a directory, cannot be opened or written: nothing of
 * a regular file was replaced then).  A write into a FIFO blocks until
 * there is a reader, as `>` does. */
pb_status_t pb_output_file(const char *path, const char *data, size_t len, pb_error_t *err);

/* Append the LEN bytes of DATA to the file PATH names (made 0644 when it
 * is not there; a link's file; a FIFO or a device written into), as a
 * shell's `>>` would, for saving mail to an mbox.  A regular file gets all
 * of DATA or none of it: on a failed write (a full disk) it is cut back to
 * the size it had, so nothing it held is lost.  PB_OK; PB_ERR_IO (a
 * directory, or it cannot be opened or written). */
pb_status_t pb_output_append(const char *path, const char *data, size_t len, pb_error_t *err);

#endif
