/* hashiya-output-file.h: the file an export writes: replaced whole by a rename, or written in place when it is a device
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * - a regular file (or none yet): the export goes to an unnamed temporary file in the same
 *   folder (O_TMPFILE), linked under a temporary name and renamed over the target only when
 *   complete, so a killed export leaves the old file and no temporary behind. The new file
 *   keeps the old one's permissions and, when the process may, its owner. Where O_TMPFILE
 *   is missing, a named FILE.tmp-XXXXXX is used, locked while it is written; temporaries
 *   whose writer died (unlocked, untouched for a minute) are removed by the next export.
 * - a symbolic link: written through to the file it points to (the link stays a link);
 *   a link to nothing is refused.
 * - a FIFO, character or block device (/dev/null, /dev/stdout): opened and written in
 *   place, never replaced.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _HashiyaOutputFile HashiyaOutputFile;

/* Refuses (HASHIYA_EXPORT_ERROR_WRITE, the message names path) a missing folder, a folder, a
 * dangling link, a file that cannot be created. */
HashiyaOutputFile *hashiya_output_file_open       (const char        *path,
                                                   GError           **error);
/* Where the bytes go (owned by f: dup it to hand it to a stream that closes it). */
int                hashiya_output_file_get_fd     (HashiyaOutputFile *f);
/* TRUE for a FIFO or device: the bytes are written in place as they come. */
gboolean           hashiya_output_file_is_direct  (HashiyaOutputFile *f);
/* The file whose content is replaced (a link's target, resolved). */
const char        *hashiya_output_file_get_target (HashiyaOutputFile *f);
/* Puts the complete file in place (sync, link, rename, sync the folder) and closes it. */
gboolean           hashiya_output_file_commit     (HashiyaOutputFile *f,
                                                   GError           **error);
/* Closes f; when not committed, the temporary file is dropped and the target left as it was. */
void               hashiya_output_file_free       (HashiyaOutputFile *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaOutputFile, hashiya_output_file_free)

/* Seconds after which an unlocked FILE.tmp-XXXXXX counts as left by a dead export. */
#define HASHIYA_OUTPUT_STALE_SECONDS 60

G_END_DECLS
