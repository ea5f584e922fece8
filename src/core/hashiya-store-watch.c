/* hashiya-store-watch.c: noticing what other connections (hashiya-cli, another window) wrote
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-store-private.h"

/* SQLite's PRAGMA data_version: the same value until another connection commits a change
 * to the file; this connection's own commits do not change it. 0 when it cannot be read. */
guint64
hashiya_store_get_data_version (HashiyaStore *self)
{
  sqlite3_stmt *stmt = NULL;
  guint64 version = 0;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), 0);

  LOCK (self);
  if (self->db == NULL)
    return 0;
  if (sqlite3_prepare_v2 (self->db, "PRAGMA data_version", -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = (guint64) sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}
