/* hashiya-store-judgements.c: judgements of comments (sentiment, offensive, hate speech, decision)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-store-private.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <sqlite3.h>

/* ------------------------------------------------------------------------- */
/* Judgements                                                                 */
/* ------------------------------------------------------------------------- */

static gboolean
comment_exists (HashiyaStore  *self,
                gint64         doc_id,
                int            comment_index,
                GError       **error)
{
  int rc;

  if (!store_document_exists (self, doc_id, error))
    return FALSE;
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "SELECT 1 FROM segments WHERE doc_id = ? AND comment_index = ?", error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, doc_id);
    sqlite3_bind_int (stmt, 2, comment_index);
    rc = store_step_row (self, stmt, _("looking up a comment"), error);
    if (STEP_FAILED (rc))
      return FALSE;
    if (comment_index >= 1 && rc == SQLITE_ROW)
      return TRUE;
  }
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "SELECT count(*) FROM segments WHERE doc_id = ? AND comment_index > 0",
                     error);
    int n;

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, doc_id);
    if (store_step_row (self, stmt, _("counting comments"), error) != SQLITE_ROW)
      return FALSE;
    n = sqlite3_column_int (stmt, 0);
    g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND,
                 _("document %" PRId64 " has no comment %d (it has %d comment%s)"),
                 doc_id, comment_index, n, n == 1 ? "" : "s");
  }
  return FALSE;
}

static gboolean
validate_judgement (const HashiyaJudgement  *j,
                    GError                 **error)
{
  const char *what = NULL;

  if ((int) j->sentiment < 0 || j->sentiment > HASHIYA_SENTIMENT_MIXED)
    what = _("sentiment");
  else if ((int) j->decision < 0 || j->decision > HASHIYA_DECISION_REJECT)
    what = _("decision");
  else if (j->offensive < -1 || j->offensive > 1)
    what = _("offensive flag");
  else if (j->hate_speech < -1 || j->hate_speech > 1)
    what = _("hate-speech flag");
  else if (j->note != NULL && !g_utf8_validate (j->note, -1, NULL))
    what = _("note");

  if (what != NULL)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("judgement of comment %d in document %" PRId64 " has an invalid %s"),
                   j->comment_index, j->doc_id, what);
      return FALSE;
    }
  return TRUE;
}

static void
bind_flag (sqlite3_stmt *stmt,
           int           i,
           int           flag)
{
  if (flag < 0)
    sqlite3_bind_null (stmt, i);
  else
    sqlite3_bind_int (stmt, i, flag);
}

gboolean
hashiya_store_set_judgement (HashiyaStore            *self,
                             const HashiyaJudgement  *j,
                             GError                 **error)
{
  const char *annotator;
  gboolean ok = FALSE;
  gint64 aid;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (j != NULL, FALSE);
  LOCK (self);

  if (!validate_judgement (j, error))
    return FALSE;
  annotator = store_default_annotator (j->annotator);
  if (!store_tx_begin (self, error))
    return FALSE;
  if (!comment_exists (self, j->doc_id, j->comment_index, error)
      || !store_check_judgement (self, j, error)
      || (aid = store_ensure_annotator (self, annotator, error)) == 0)
    goto out;
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "INSERT INTO judgements "
                           "(doc_id, comment_index, annotator_id, sentiment, "
                           "offensive, hate_speech, decision, note, modified) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                           "ON CONFLICT (doc_id, comment_index, annotator_id) DO UPDATE SET "
                           "sentiment = ?4, offensive = ?5, hate_speech = ?6, decision = ?7, "
                           "note = ?8, modified = ?9", error);
    if (stmt == NULL)
      goto out;
    sqlite3_bind_int64 (stmt, 1, j->doc_id);
    sqlite3_bind_int (stmt, 2, j->comment_index);
    sqlite3_bind_int64 (stmt, 3, aid);
    store_bind_text_or_null (stmt, 4, hashiya_sentiment_to_string (j->sentiment));
    bind_flag (stmt, 5, j->offensive);
    bind_flag (stmt, 6, j->hate_speech);
    store_bind_text_or_null (stmt, 7, hashiya_decision_to_string (j->decision));
    store_bind_text_or_null (stmt, 8, j->note != NULL && *j->note != '\0' ? j->note : NULL);
    sqlite3_bind_int64 (stmt, 9, store_now_seconds ());
    ok = store_step_done (self, stmt, _("saving a judgement"), error);
  }
  ok = ok && store_save_values (self, j, aid, error);
out:
  return store_tx_finish (self, ok, error);
}

#define JUDGEMENT_SELECT \
  "SELECT j.doc_id, j.comment_index, a.name, j.sentiment, j.offensive, j.hate_speech, " \
  "j.decision, j.note, j.modified, j.annotator_id FROM judgements j JOIN annotators a ON a.id = j.annotator_id "

static HashiyaJudgement *
judgement_from_row (sqlite3_stmt *stmt)
{
  HashiyaJudgement *j = g_new0 (HashiyaJudgement, 1);

  j->doc_id = sqlite3_column_int64 (stmt, 0);
  j->comment_index = sqlite3_column_int (stmt, 1);
  j->annotator = store_column_strdup (stmt, 2);
  if (!hashiya_sentiment_from_string ((const char *) sqlite3_column_text (stmt, 3), &j->sentiment))
    j->sentiment = HASHIYA_SENTIMENT_NONE;
  j->offensive = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 4);
  j->hate_speech = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 5);
  if (!hashiya_decision_from_string ((const char *) sqlite3_column_text (stmt, 6), &j->decision))
    j->decision = HASHIYA_DECISION_NONE;
  j->note = store_column_strdup (stmt, 7);
  j->modified = sqlite3_column_int64 (stmt, 8);
  return j;
}

HashiyaJudgement *
hashiya_store_get_judgement (HashiyaStore  *self,
                             gint64         doc_id,
                             int            comment_index,
                             const char    *annotator,
                             GError       **error)
{
  int rc;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  LOCK (self);
  /* declared after the lock: its cleanup (a reset) must run while we hold it */
  g_autoptr(HashiyaStmt) stmt = NULL;

  if (!store_check_open (self, error) || !comment_exists (self, doc_id, comment_index, error))
    return NULL;
  stmt = store_prepare (self, JUDGEMENT_SELECT "WHERE j.doc_id = ? AND j.comment_index = ? "
                                               "AND a.name = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, doc_id);
  sqlite3_bind_int (stmt, 2, comment_index);
  sqlite3_bind_text (stmt, 3, store_default_annotator (annotator), -1, SQLITE_STATIC);
  rc = store_step_row (self, stmt, _("reading a judgement"), error);
  if (rc == SQLITE_ROW)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_judgement_free);
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 aid = sqlite3_column_int64 (stmt, 9);

      g_ptr_array_add (one, judgement_from_row (stmt));
      g_array_append_val (ids, aid);
      hashiya_stmt_release (g_steal_pointer (&stmt));
      if (!store_load_values (self, doc_id, comment_index, one, ids, error))
        return NULL;
      return g_ptr_array_steal_index (one, 0);
    }
  return NULL;
}

gboolean
hashiya_store_clear_judgement (HashiyaStore  *self,
                               gint64         doc_id,
                               int            comment_index,
                               const char    *annotator,
                               GError       **error)
{
  gboolean ok = FALSE;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  LOCK (self);

  if (!store_tx_begin (self, error))
    return FALSE;
  if (comment_exists (self, doc_id, comment_index, error))
    {
      g_autoptr(HashiyaStmt) stmt =
        store_prepare (self, "DELETE FROM judgements WHERE doc_id = ? AND comment_index = ? AND "
                             "annotator_id = (SELECT id FROM annotators WHERE name = ?)", error);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, doc_id);
          sqlite3_bind_int (stmt, 2, comment_index);
          sqlite3_bind_text (stmt, 3, store_default_annotator (annotator), -1, SQLITE_STATIC);
          ok = store_step_done (self, stmt, _("clearing a judgement"), error);
        }
    }
  return store_tx_finish (self, ok, error);
}

GPtrArray *
hashiya_store_list_judgements (HashiyaStore  *self,
                               gint64         doc_id,
                               GError       **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GArray) ids = NULL;
  int rc;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  LOCK (self);
  /* declared after the lock: its cleanup (a reset) must run while we hold it */
  g_autoptr(HashiyaStmt) stmt = NULL;

  if (!store_check_open (self, error) || !store_document_exists (self, doc_id, error))
    return NULL;
  stmt = store_prepare (self, JUDGEMENT_SELECT
                        "WHERE j.doc_id = ? ORDER BY j.comment_index, a.name", error);
  if (stmt == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_judgement_free);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_bind_int64 (stmt, 1, doc_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 aid = sqlite3_column_int64 (stmt, 9);

      g_ptr_array_add (list, judgement_from_row (stmt));
      g_array_append_val (ids, aid);
    }
  if (rc != SQLITE_DONE)
    {
      store_set_sqlite_error (self->db, rc, _("reading judgements"), error);
      return NULL;
    }
  hashiya_stmt_release (g_steal_pointer (&stmt));
  if (!store_load_values (self, doc_id, 0, list, ids, error))
    return NULL;
  return g_steal_pointer (&list);
}
