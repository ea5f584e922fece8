/* hashiya-store-labels.c: the project's label set (names, colours, keys, order)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-store-private.h"

#include <string.h>
#include <glib/gi18n-lib.h>

/* Default palette: the Okabe–Ito colours first (blue, bluish green, orange, reddish
 * purple, yellow, sky blue, vermillion), which stay apart for the common kinds of colour
 * blindness; then other tones for larger label sets. The view lays each colour under the
 * text at partial opacity and picks dark or light text for contrast, and every span also
 * shows its label's name, so colour is never the only cue. */
static const char * const palette[] = {
  "#0072b2", /* blue          PER  */
  "#009e73", /* bluish green  LOC  */
  "#e69f00", /* orange        ORG  */
  "#cc79a7", /* reddish purple DATE */
  "#f0e442", /* yellow        MISC */
  "#56b4e9", /* sky blue     */
  "#d55e00", /* vermillion   */
  "#5bc8af", /* teal         */
  "#cdab8f", /* brown        */
  "#a8a8f0", /* periwinkle   */
  "#b5e48c", /* lime         */
  "#d4b3a0", /* sand         */
};

static gboolean
validate_label_name (const char  *name,
                     GError     **error)
{
  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                           _("a label name cannot be empty"));
      return FALSE;
    }
  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                           _("a label name must be valid UTF-8"));
      return FALSE;
    }
  if (g_utf8_strlen (name, -1) > HASHIYA_LABEL_NAME_MAX)
    {
      g_autofree char *start = g_utf8_substring (name, 0, 16);

      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("label name \"%s…\" is %ld characters long; a label name has at most %d"),
                   start, g_utf8_strlen (name, -1), HASHIYA_LABEL_NAME_MAX);
      return FALSE;
    }
  if (name[0] == '-')
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("label name \"%s\" cannot start with '-'"), name);
      return FALSE;
    }
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c) || g_unichar_iscntrl (c) || c == 0x200B)
        {
          g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                       _("label name \"%s\" contains whitespace or a control character at "
                       "character %ld"), name, g_utf8_pointer_to_offset (name, p));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
validate_color (const char  *color,
                GError     **error)
{
  gboolean ok = color != NULL && strlen (color) == 7 && color[0] == '#';

  for (int i = 1; ok && i < 7; i++)
    ok = g_ascii_isxdigit (color[i]);
  if (!ok)
    g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                 _("\"%s\" is not a colour of the form #rrggbb"), color ? color : "");
  return ok;
}

static gboolean
validate_key (const char  *key,
              GError     **error)
{
  if (key == NULL)
    return TRUE;
  if (key[0] >= '1' && key[0] <= '9' && key[1] == '\0')
    return TRUE;
  g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
               _("\"%s\" is not a shortcut key: use a digit from 1 to 9"), key);
  return FALSE;
}

/* Returns 0 with NOT_FOUND naming the known labels. */
gint64
store_label_id (HashiyaStore  *self,
                const char    *name,
                GError       **error)
{
  g_autoptr(HashiyaStmt) stmt = NULL;
  int rc;

  if (name == NULL)
    {
      g_set_error_literal (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                           _("no label given"));
      return 0;
    }
  if (self->depth > 0)
    {
      gpointer cached = g_hash_table_lookup (self->label_ids, name);

      if (cached != NULL)
        return (gint64) GPOINTER_TO_SIZE (cached);
    }
  stmt = store_prepare (self, "SELECT id FROM labels WHERE name = ?", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = store_step_row (self, stmt, _("looking up a label"), error);
  if (STEP_FAILED (rc))
    return 0;
  if (rc == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (self->depth > 0 && id > 0)
        g_hash_table_insert (self->label_ids, g_strdup (name), GSIZE_TO_POINTER ((gsize) id));
      return id;
    }
  sqlite3_reset (stmt);

  {
    g_autoptr(HashiyaStmt) names =
      store_prepare (self, "SELECT name FROM labels ORDER BY position, id", error);
    g_autoptr(GString) list = g_string_new (NULL);

    if (names == NULL)
      return 0;
    while (sqlite3_step (names) == SQLITE_ROW)
      g_string_append_printf (list, "%s%s", list->len ? ", " : "",
                              (const char *) sqlite3_column_text (names, 0));
    if (list->len == 0)
      g_string_append (list, "none yet");
    g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND,
                 _("no label \"%s\"; labels are %s"), name, list->str);
  }
  return 0;
}

static HashiyaLabel *
label_from_row (sqlite3_stmt *stmt)
{
  HashiyaLabel *label = g_new0 (HashiyaLabel, 1);

  label->id = sqlite3_column_int64 (stmt, 0);
  label->name = store_column_strdup (stmt, 1);
  label->color = store_column_strdup (stmt, 2);
  label->key = store_column_strdup (stmt, 3);
  label->position = sqlite3_column_int (stmt, 4);
  return label;
}

GPtrArray *
store_load_labels (HashiyaStore  *self,
                   GError       **error)
{
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(HashiyaStmt) stmt =
    store_prepare (self, "SELECT id, name, color, key, position FROM labels ORDER BY position, id",
                   error);
  int rc;

  if (stmt == NULL)
    return NULL;
  labels = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_label_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (labels, label_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      store_set_sqlite_error (self->db, rc, _("reading labels"), error);
      return NULL;
    }
  return g_steal_pointer (&labels);
}

GPtrArray *
hashiya_store_list_labels (HashiyaStore  *self,
                           GError       **error)
{
  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  LOCK (self);

  if (!store_check_open (self, error))
    return NULL;
  return store_load_labels (self, error);
}

HashiyaLabel *
hashiya_store_get_label (HashiyaStore  *self,
                         const char    *name,
                         GError       **error)
{
  int rc;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  LOCK (self);
  /* declared after the lock: its cleanup (a reset) must run while we hold it */
  g_autoptr(HashiyaStmt) stmt = NULL;

  if (!store_check_open (self, error))
    return NULL;
  if (store_label_id (self, name, error) == 0)
    return NULL;
  stmt = store_prepare (self, "SELECT id, name, color, key, position FROM labels WHERE name = ?",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = store_step_row (self, stmt, _("reading a label"), error);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND,
                     _("no label \"%s\""), name);
      return NULL;
    }
  return label_from_row (stmt);
}

/* DUPLICATE when another label than except_id already has that key. */
static gboolean
check_key_free (HashiyaStore  *self,
                const char    *key,
                gint64         except_id,
                GError       **error)
{
  g_autoptr(HashiyaStmt) stmt = NULL;
  int rc;

  if (key == NULL)
    return TRUE;
  stmt = store_prepare (self, "SELECT id, name FROM labels WHERE key = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = store_step_row (self, stmt, _("looking up a shortcut key"), error);
  if (STEP_FAILED (rc))
    return FALSE;
  if (rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) != except_id)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE,
                   _("key %s is already used by label \"%s\""), key,
                   (const char *) sqlite3_column_text (stmt, 1));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_name_free (HashiyaStore  *self,
                 const char    *name,
                 GError       **error)
{
  g_autoptr(HashiyaStmt) stmt = store_prepare (self, "SELECT 1 FROM labels WHERE name = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = store_step_row (self, stmt, _("looking up a label"), error);
  if (STEP_FAILED (rc))
    return FALSE;
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE,
                   _("a label \"%s\" already exists"), name);
      return FALSE;
    }
  return TRUE;
}

/* The first palette colour no label uses yet; when all are taken, cycle. */
static char *
pick_color (HashiyaStore  *self,
            GError       **error)
{
  g_autoptr(GPtrArray) labels = store_load_labels (self, error);

  if (labels == NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (palette); i++)
    {
      gboolean used = FALSE;
      for (guint j = 0; j < labels->len && !used; j++)
        used = g_ascii_strcasecmp (((HashiyaLabel *) labels->pdata[j])->color, palette[i]) == 0;
      if (!used)
        return g_strdup (palette[i]);
    }
  return g_strdup (palette[labels->len % G_N_ELEMENTS (palette)]);
}

gint64
hashiya_store_add_label (HashiyaStore  *self,
                         const char    *name,
                         const char    *color,
                         const char    *key,
                         GError       **error)
{
  g_autofree char *picked = NULL;
  gint64 id = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), 0);
  LOCK (self);

  if (!validate_label_name (name, error)
      || (color != NULL && !validate_color (color, error))
      || !validate_key (key, error))
    return 0;

  if (!store_tx_begin (self, error))
    return 0;

  if (!check_name_free (self, name, error) || !check_key_free (self, key, 0, error))
    goto out;
  picked = color ? g_ascii_strdown (color, -1) : pick_color (self, error);
  if (picked == NULL)
    goto out;
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "INSERT INTO labels (name, color, key, position) "
                           "VALUES (?, ?, ?, (SELECT coalesce(max(position) + 1, 0) FROM labels))",
                     error);
    if (stmt == NULL)
      goto out;
    sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, picked, -1, SQLITE_STATIC);
    store_bind_text_or_null (stmt, 3, key);
    if (!store_step_done (self, stmt, _("adding a label"), error))
      goto out;
    id = sqlite3_last_insert_rowid (self->db);
    ok = TRUE;
  }

out:
  if (!store_tx_finish (self, ok, error))
    return 0;
  return id;
}

/* Runs "UPDATE labels SET <column> = ?1 WHERE id = ?2" style statements. */
static gboolean
update_label (HashiyaStore  *self,
              const char    *sql,
              gint64         id,
              const char    *value,
              GError       **error)
{
  g_autoptr(HashiyaStmt) stmt = store_prepare (self, sql, error);

  store_forget_names (self);
  if (stmt == NULL)
    return FALSE;
  store_bind_text_or_null (stmt, 1, value);
  sqlite3_bind_int64 (stmt, 2, id);
  return store_step_done (self, stmt, _("changing a label"), error);
}

gboolean
hashiya_store_rename_label (HashiyaStore  *self,
                            const char    *name,
                            const char    *new_name,
                            GError       **error)
{
  gboolean ok = FALSE;
  gint64 id;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  LOCK (self);

  if (!validate_label_name (new_name, error))
    return FALSE;
  if (!store_tx_begin (self, error))
    return FALSE;
  id = store_label_id (self, name, error);
  if (id != 0)
    {
      if (g_strcmp0 (name, new_name) == 0)
        ok = TRUE;
      else
        ok = check_name_free (self, new_name, error)
          && update_label (self, "UPDATE labels SET name = ?1 WHERE id = ?2", id, new_name, error);
    }
  return store_tx_finish (self, ok, error);
}

gboolean
hashiya_store_set_label_color (HashiyaStore  *self,
                               const char    *name,
                               const char    *color,
                               GError       **error)
{
  g_autofree char *lower = NULL;
  gboolean ok = FALSE;
  gint64 id;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  LOCK (self);

  if (!validate_color (color, error))
    return FALSE;
  lower = g_ascii_strdown (color, -1);
  if (!store_tx_begin (self, error))
    return FALSE;
  id = store_label_id (self, name, error);
  if (id != 0)
    ok = update_label (self, "UPDATE labels SET color = ?1 WHERE id = ?2", id, lower, error);
  return store_tx_finish (self, ok, error);
}

gboolean
hashiya_store_set_label_key (HashiyaStore  *self,
                             const char    *name,
                             const char    *key,
                             GError       **error)
{
  gboolean ok = FALSE;
  gint64 id;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  LOCK (self);

  if (key != NULL && *key == '\0')
    key = NULL;
  if (!validate_key (key, error))
    return FALSE;
  if (!store_tx_begin (self, error))
    return FALSE;
  id = store_label_id (self, name, error);
  if (id != 0)
    ok = check_key_free (self, key, id, error)
      && update_label (self, "UPDATE labels SET key = ?1 WHERE id = ?2", id, key, error);
  return store_tx_finish (self, ok, error);
}

/* Writes positions 0..n-1 in the order of labels. */
static gboolean
write_positions (HashiyaStore  *self,
                 GPtrArray     *labels,
                 GError       **error)
{
  for (guint i = 0; i < labels->len; i++)
    {
      HashiyaLabel *label = labels->pdata[i];
      g_autoptr(HashiyaStmt) stmt = NULL;

      if (label->position == (int) i)
        continue;
      stmt = store_prepare (self, "UPDATE labels SET position = ? WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 1, i);
      sqlite3_bind_int64 (stmt, 2, label->id);
      if (!store_step_done (self, stmt, _("reordering labels"), error))
        return FALSE;
      label->position = i;
    }
  return TRUE;
}

gboolean
hashiya_store_move_label (HashiyaStore  *self,
                          const char    *name,
                          int            new_position,
                          GError       **error)
{
  g_autoptr(GPtrArray) labels = NULL;
  gboolean ok = FALSE;
  gint64 id;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  LOCK (self);

  if (!store_tx_begin (self, error))
    return FALSE;
  id = store_label_id (self, name, error);
  if (id != 0 && (labels = store_load_labels (self, error)) != NULL)
    {
      for (guint i = 0; i < labels->len; i++)
        if (((HashiyaLabel *) labels->pdata[i])->id == id)
          {
            HashiyaLabel *label = g_ptr_array_steal_index (labels, i);
            g_ptr_array_insert (labels, CLAMP (new_position, 0, (int) labels->len), label);
            break;
          }
      ok = write_positions (self, labels, error);
    }
  return store_tx_finish (self, ok, error);
}

gboolean
hashiya_store_remove_label (HashiyaStore  *self,
                            const char    *name,
                            GError       **error)
{
  g_autoptr(GPtrArray) labels = NULL;
  gboolean ok = FALSE;
  gint64 id;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  LOCK (self);

  if (!store_tx_begin (self, error))
    return FALSE;
  id = store_label_id (self, name, error);
  if (id == 0)
    goto out;
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "SELECT count(*) FROM spans WHERE label_id = ?", error);
    int count;

    if (stmt == NULL)
      goto out;
    sqlite3_bind_int64 (stmt, 1, id);
    if (store_step_row (self, stmt, _("counting spans"), error) != SQLITE_ROW)
      goto out;
    count = sqlite3_column_int (stmt, 0);
    if (count > 0)
      {
        g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IN_USE,
                     _("label \"%s\" is used by %d span%s; relabel or remove %s first"),
                     name, count, count == 1 ? "" : "s", count == 1 ? "it" : "them");
        goto out;
      }
  }
  store_forget_names (self);
  if (!store_run_with_id (self, "DELETE FROM labels WHERE id = ?", id, _("removing a label"),
                          error))
    goto out;
  labels = store_load_labels (self, error);
  ok = labels != NULL && write_positions (self, labels, error);

out:
  return store_tx_finish (self, ok, error);
}
