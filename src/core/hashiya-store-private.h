/* hashiya-store-private.h: what the hashiya-store*.c files share (not installed, not API)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hashiya-store.h"
#include "hashiya-judgement-schema.h"

#include <sqlite3.h>
#include <glib/gstdio.h>

G_BEGIN_DECLS

#define N_CACHED_TEXTS 4

typedef struct
{
  gint64       doc_id;
  HashiyaText *text;
  guint64      stamp;
} CachedText;

struct _HashiyaStore
{
  GObject     parent_instance;

  GRecMutex   lock;
  sqlite3    *db;
  char       *path;
  int         schema_version;
  int         depth;          /* transaction nesting: 0 = none, 1 = BEGIN, >1 = savepoints */
  GHashTable *stmts;          /* SQL text (static) -> sqlite3_stmt */
  CachedText  texts[N_CACHED_TEXTS];
  guint64     text_stamp;
  /* name -> id of labels and annotators, used inside transactions only; emptied when
   * a label changes, on any rollback, and when another connection wrote (data_version) */
  GHashTable *label_ids;
  GHashTable *annotator_ids;
  gint64      data_version;
  /* the first document added inside the caller's open transaction (0 = none): it and
   * every later id exist only if that transaction commits */
  gint64      tx_first_new_doc;
  /* documents added inside a savepoint, put into the search index when the outer
   * transaction commits: FTS5 writes its pending terms out at every savepoint, which made
   * a document per savepoint cost a new index segment each (hashiya-store-corpus.c) */
  GHashTable *pending_index;
};

/* A cached statement borrowed for one use: the cleanup resets it so that it releases
 * its read lock and bindings whatever path the function leaves by. */
typedef sqlite3_stmt HashiyaStmt;

static inline void
hashiya_stmt_release (HashiyaStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaStmt, hashiya_stmt_release)

#define LOCK(self) g_autoptr(GRecMutexLocker) G_GNUC_UNUSED _locker = g_rec_mutex_locker_new (&(self)->lock)

#define STEP_FAILED(rc) ((rc) != SQLITE_ROW && (rc) != SQLITE_DONE)

/* hashiya-store-sql.c */
G_GNUC_INTERNAL
gint64       store_now_seconds       (void);
G_GNUC_INTERNAL
gboolean     store_is_disk_full      (sqlite3       *db,
                                      int            rc);
G_GNUC_INTERNAL
void         store_set_sqlite_error  (sqlite3       *db,
                                      int            rc,
                                      const char    *what,
                                      GError       **error);
G_GNUC_INTERNAL
HashiyaStmt *store_prepare           (HashiyaStore  *self,
                                      const char    *sql,
                                      GError       **error);
G_GNUC_INTERNAL
void         store_bind_text_or_null (sqlite3_stmt  *stmt,
                                      int            i,
                                      const char    *str);
G_GNUC_INTERNAL
char        *store_column_strdup     (sqlite3_stmt  *stmt,
                                      int            i);
G_GNUC_INTERNAL
gboolean     store_step_done         (HashiyaStore  *self,
                                      HashiyaStmt   *stmt,
                                      const char    *what,
                                      GError       **error);
G_GNUC_INTERNAL
int          store_step_row          (HashiyaStore  *self,
                                      HashiyaStmt   *stmt,
                                      const char    *what,
                                      GError       **error);
G_GNUC_INTERNAL
gboolean     store_run_with_id       (HashiyaStore  *self,
                                      const char    *sql,
                                      gint64         id,
                                      const char    *what,
                                      GError       **error);

/* hashiya-store.c */
/* ok, unless ok and the last statement changed no row: then NOT_FOUND with the message
 * (for the UPDATE/DELETE of one row named by its id). */
G_GNUC_INTERNAL
gboolean     store_require_change    (HashiyaStore  *self,
                                      gboolean       ok,
                                      GError       **error,
                                      const char    *not_found_format,
                                      ...) G_GNUC_PRINTF (4, 5);
G_GNUC_INTERNAL
void         store_forget_names      (HashiyaStore  *self);
G_GNUC_INTERNAL
gboolean     store_tx_begin          (HashiyaStore  *self,
                                      GError       **error);
G_GNUC_INTERNAL
gboolean     store_tx_finish         (HashiyaStore  *self,
                                      gboolean       ok,
                                      GError       **error);
G_GNUC_INTERNAL
gboolean     store_check_open        (HashiyaStore  *self,
                                      GError       **error);

G_GNUC_INTERNAL
gboolean     store_build_project     (const char    *tmp,
                                      const char    *path,
                                      GError       **error);

/* hashiya-store-create.c */
G_GNUC_INTERNAL
gboolean     store_fsync_path        (const char    *path,
                                      gboolean       directory,
                                      GError       **error);
G_GNUC_INTERNAL
HashiyaStore *store_create_project   (const char    *path,
                                      const GStatBuf *replace,
                                      GError       **error);

/* hashiya-store-lock.c */
G_GNUC_INTERNAL
gboolean     store_use_ofd_locks     (void);

/* hashiya-store-documents.c */
G_GNUC_INTERNAL
gboolean     store_document_exists   (HashiyaStore  *self,
                                      gint64         doc_id,
                                      GError       **error);
G_GNUC_INTERNAL
HashiyaText *store_lookup_text       (HashiyaStore  *self,
                                      gint64         doc_id,
                                      GError       **error);

/* hashiya-store-spans.c */
G_GNUC_INTERNAL
const char  *store_default_annotator (const char    *annotator);
G_GNUC_INTERNAL
gint64       store_ensure_annotator  (HashiyaStore  *self,
                                      const char    *name,
                                      GError       **error);

/* hashiya-store-labels.c */
G_GNUC_INTERNAL
gint64       store_label_id          (HashiyaStore  *self,
                                      const char    *name,
                                      GError       **error);
G_GNUC_INTERNAL
GPtrArray   *store_load_labels       (HashiyaStore  *self,
                                      GError       **error);

/* hashiya-store-corpus.c */
G_GNUC_INTERNAL
int          store_register_functions (sqlite3      *db);
G_GNUC_INTERNAL
gboolean     store_index_document    (HashiyaStore  *self,
                                      gint64         doc_id,
                                      const char    *text,
                                      gsize          len,
                                      GError       **error);
G_GNUC_INTERNAL
gboolean     store_flush_index       (HashiyaStore  *self,
                                      GError       **error);
G_GNUC_INTERNAL
gboolean     store_ensure_corpus_tables (HashiyaStore *self,
                                         GError      **error);

/* hashiya-store-schema.c */
G_GNUC_INTERNAL
HashiyaJudgementSchema *store_load_schema (HashiyaStore *self,
                                           GError      **error);
G_GNUC_INTERNAL
void         store_schema_to_store_error (GError **error);
/* hashiya-store-values.c */
G_GNUC_INTERNAL
gboolean     store_field_is_multi    (HashiyaStore  *self,
                                      const char    *field);
G_GNUC_INTERNAL
gboolean     store_check_judgement   (HashiyaStore  *self,
                                      const HashiyaJudgement *j,
                                      GError       **error);
G_GNUC_INTERNAL
gboolean     store_save_values       (HashiyaStore  *self,
                                      const HashiyaJudgement *j,
                                      gint64         annotator_id,
                                      GError       **error);
G_GNUC_INTERNAL
gboolean     store_load_values       (HashiyaStore  *self,
                                      gint64         doc_id,
                                      int            comment_index,
                                      GPtrArray     *list,
                                      GArray        *annotator_ids,
                                      GError       **error);

G_END_DECLS
