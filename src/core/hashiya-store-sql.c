/* hashiya-store-sql.c: the SQLite helpers the hashiya-store*.c files share, and what an SQLite
 * error means to the user
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-store-private.h"

#include <stdarg.h>

#include <errno.h>
#include <inttypes.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#define BUSY_MESSAGE "the project is busy: another program is writing to it"

gint64
store_now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* SQLITE_FULL, or an I/O error whose system call said there is no space (SQLite reports
 * a -shm it cannot grow as a plain "disk I/O error"). */
gboolean
store_is_disk_full (sqlite3 *db,
                    int      rc)
{
  int err;

  if ((rc & 0xff) == SQLITE_FULL)
    return TRUE;
  if ((rc & 0xff) != SQLITE_IOERR && (rc & 0xff) != SQLITE_CANTOPEN)
    return FALSE;
  err = db != NULL ? sqlite3_system_errno (db) : 0;
  return err == ENOSPC || err == EDQUOT;
}

void
store_set_sqlite_error (sqlite3     *db,
                        int          rc,
                        const char  *what,
                        GError     **error)
{
  const char *msg = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  if (store_is_disk_full (db, rc))
    {
      const char *file = db ? sqlite3_db_filename (db, "main") : NULL;

      /* name the project itself: the user knows it, and it tells which disk */
      if (file != NULL && *file != '\0')
        g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DISK_FULL,
                     _("%s: the disk is full (no space left on the device that holds the project %s)"),
                     what, file);
      else
        g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DISK_FULL,
                     _("%s: the disk is full (no space left on the device)"), what);
      return;
    }

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error_literal (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_BUSY, _(BUSY_MESSAGE));
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_CORRUPT,
                   _("%s: the project file is damaged (%s)"), what, msg);
      break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      /* A writable project in a folder we cannot write to: SQLite cannot create the
       * write-ahead log beside it, and only says "readonly database". */
      if (((rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN)
          && what != NULL && g_file_test (what, G_FILE_TEST_IS_REGULAR))
        {
          g_autofree char *dir = g_path_get_dirname (what);

          if (access (dir, W_OK) != 0)
            {
              g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO,
                           _("cannot open %s: its folder %s is read-only, and the project keeps "
                           "its journal (%s-wal, %s-shm) beside it"), what, dir, what, what);
              break;
            }
        }
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IO,
                   _("%s: cannot read or write the project file (%s)"), what, msg);
      break;
    default:
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_FAILED,
                   "%s: %s", what, msg);
      break;
    }
}

HashiyaStmt *
store_prepare (HashiyaStore  *self,
               const char    *sql,
               GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_assert (self->db != NULL);

  stmt = g_hash_table_lookup (self->stmts, sql);
  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      store_set_sqlite_error (self->db, rc, _("preparing a query"), error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_hash_table_insert (self->stmts, (gpointer) sql, stmt);
  return stmt;
}

void
store_bind_text_or_null (sqlite3_stmt *stmt,
                         int           i,
                         const char   *str)
{
  if (str != NULL)
    sqlite3_bind_text (stmt, i, str, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, i);
}

char *
store_column_strdup (sqlite3_stmt *stmt,
                     int           i)
{
  const char *s = (const char *) sqlite3_column_text (stmt, i);

  return g_strdup (s);
}

/* Runs a statement that returns no rows (or ignores them). */
gboolean
store_step_done (HashiyaStore *self,
                 HashiyaStmt  *stmt,
                 const char   *what,
                 GError      **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    {
      store_set_sqlite_error (self->db, rc, what, error);
      return FALSE;
    }
  return TRUE;
}

/* For single-value queries. Returns SQLITE_ROW / SQLITE_DONE, or sets error and returns
 * the failing code. */
int
store_step_row (HashiyaStore *self,
                HashiyaStmt  *stmt,
                const char   *what,
                GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    store_set_sqlite_error (self->db, rc, what, error);
  return rc;
}

/* Runs sql, a statement with one parameter, the row id, that returns no rows. */
gboolean
store_run_with_id (HashiyaStore *self,
                   const char   *sql,
                   gint64        id,
                   const char   *what,
                   GError      **error)
{
  g_autoptr(HashiyaStmt) stmt = store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return store_step_done (self, stmt, what, error);
}

gboolean
store_require_change (HashiyaStore  *self,
                      gboolean       ok,
                      GError       **error,
                      const char    *not_found_format,
                      ...)
{
  va_list ap;
  char *message;

  if (!ok || sqlite3_changes (self->db) > 0)
    return ok;
  va_start (ap, not_found_format);
  message = g_strdup_vprintf (not_found_format, ap);
  va_end (ap);
  g_set_error_literal (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND, message);
  g_free (message);
  return FALSE;
}
