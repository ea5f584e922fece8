/* hashiya-store-schema.c: the judgement schema tables, custom judgement values, reply links
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-store-private.h"
#include "hashiya-store-schema.h"
#include "hashiya-judgement-schema-json.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <sqlite3.h>

/* Migration 5: the schema tables, filled with the "default" preset (the fields judgements had
 * until now, with the window's keys), custom values, and reply links on comment segments. */
const char store_migration_5[] =
  "CREATE TABLE judgement_fields ("
  "  name     TEXT PRIMARY KEY NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  title    TEXT NOT NULL,"
  "  kind     TEXT NOT NULL CHECK (kind IN ('single', 'multi', 'yesno', 'text')),"
  "  key      TEXT);"
  "CREATE TABLE judgement_choices ("
  "  field    TEXT NOT NULL REFERENCES judgement_fields (name) ON DELETE CASCADE,"
  "  name     TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  title    TEXT NOT NULL,"
  "  key      TEXT,"
  "  color    TEXT NOT NULL,"
  "  PRIMARY KEY (field, name));"
  "CREATE TABLE judgement_conditions ("
  "  field      TEXT PRIMARY KEY NOT NULL REFERENCES judgement_fields (name) ON DELETE CASCADE,"
  "  when_field TEXT NOT NULL,"
  "  when_value TEXT NOT NULL);"
  "CREATE TABLE judgement_values ("
  "  doc_id        INTEGER NOT NULL,"
  "  comment_index INTEGER NOT NULL,"
  "  annotator_id  INTEGER NOT NULL,"
  "  field         TEXT NOT NULL,"
  "  value         TEXT NOT NULL,"
  "  PRIMARY KEY (doc_id, comment_index, annotator_id, field, value),"
  "  FOREIGN KEY (doc_id, comment_index, annotator_id) "
  "    REFERENCES judgements (doc_id, comment_index, annotator_id) "
  "    ON DELETE CASCADE ON UPDATE CASCADE);"
  "CREATE INDEX judgement_values_field ON judgement_values (field, value);"
  "ALTER TABLE segments ADD COLUMN parent INTEGER;"
  "INSERT INTO judgement_fields (name, position, title, kind, key) VALUES"
  "  ('sentiment', 0, 'Sentiment', 'single', NULL),"
  "  ('offensive', 1, 'Offensive', 'yesno', 'o'),"
  "  ('hate_speech', 2, 'Hate speech', 'yesno', 'h'),"
  "  ('decision', 3, 'Decision', 'single', NULL),"
  "  ('note', 4, 'Note', 'text', NULL);"
  "INSERT INTO judgement_choices (field, name, position, title, key, color) VALUES"
  "  ('sentiment', 'positive', 0, 'Positive', 'p', '#009e73'),"
  "  ('sentiment', 'negative', 1, 'Negative', 'n', '#d55e00'),"
  "  ('sentiment', 'neutral', 2, 'Neutral', 'u', '#999999'),"
  "  ('sentiment', 'mixed', 3, 'Mixed', 'm', '#cc79a7'),"
  "  ('decision', 'approve', 0, 'Approve', 'a', '#009e73'),"
  "  ('decision', 'review', 1, 'Review', 'v', '#e69f00'),"
  "  ('decision', 'reject', 2, 'Reject', 'r', '#d55e00');";

/* ---- errors ---------------------------------------------------------------- */

/* A schema-rule error as a store error (same message). */
void
store_schema_to_store_error (GError **error)
{
  int code;

  if (error == NULL || *error == NULL || (*error)->domain != HASHIYA_SCHEMA_ERROR)
    return;
  switch ((*error)->code)
    {
    case HASHIYA_SCHEMA_ERROR_DUPLICATE:
      code = HASHIYA_STORE_ERROR_DUPLICATE;
      break;
    case HASHIYA_SCHEMA_ERROR_NOT_FOUND:
      code = HASHIYA_STORE_ERROR_NOT_FOUND;
      break;
    default:
      code = HASHIYA_STORE_ERROR_INVALID;
    }
  (*error)->domain = HASHIYA_STORE_ERROR;
  (*error)->code = code;
}

/* ---- reading --------------------------------------------------------------- */

HashiyaJudgementSchema *
store_load_schema (HashiyaStore  *self,
                   GError       **error)
{
  g_autoptr(HashiyaJudgementSchema) schema = hashiya_judgement_schema_new ();
  int rc;

  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "SELECT name, title, kind, key FROM judgement_fields ORDER BY position",
                     error);
    if (stmt == NULL)
      return NULL;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        HashiyaFieldKind kind = HASHIYA_FIELD_TEXT;
        HashiyaField *f;

        hashiya_field_kind_from_string ((const char *) sqlite3_column_text (stmt, 2), &kind);
        f = hashiya_field_new ((const char *) sqlite3_column_text (stmt, 0),
                               (const char *) sqlite3_column_text (stmt, 1), kind);
        f->key = store_column_strdup (stmt, 3);
        hashiya_judgement_schema_add_field (schema, f);
      }
    if (rc != SQLITE_DONE)
      {
        store_set_sqlite_error (self->db, rc, _("reading the judgement schema"), error);
        return NULL;
      }
  }
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "SELECT field, name, title, key, color FROM judgement_choices "
                           "ORDER BY field, position", error);
    if (stmt == NULL)
      return NULL;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        HashiyaField *f = hashiya_judgement_schema_lookup (schema,
                                                           (const char *) sqlite3_column_text (stmt, 0));
        if (f != NULL)
          hashiya_field_add_choice (f, hashiya_choice_new ((const char *) sqlite3_column_text (stmt, 1),
                                                           (const char *) sqlite3_column_text (stmt, 2),
                                                           (const char *) sqlite3_column_text (stmt, 3),
                                                           (const char *) sqlite3_column_text (stmt, 4)));
      }
    if (rc != SQLITE_DONE)
      {
        store_set_sqlite_error (self->db, rc, _("reading the judgement schema"), error);
        return NULL;
      }
  }
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "SELECT field, when_field, when_value FROM judgement_conditions", error);
    if (stmt == NULL)
      return NULL;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        HashiyaField *f = hashiya_judgement_schema_lookup (schema,
                                                           (const char *) sqlite3_column_text (stmt, 0));
        if (f != NULL)
          hashiya_field_set_condition (f, (const char *) sqlite3_column_text (stmt, 1),
                                       (const char *) sqlite3_column_text (stmt, 2));
      }
    if (rc != SQLITE_DONE)
      {
        store_set_sqlite_error (self->db, rc, _("reading the judgement schema"), error);
        return NULL;
      }
  }
  return g_steal_pointer (&schema);
}

HashiyaJudgementSchema *
hashiya_store_get_judgement_schema (HashiyaStore  *self,
                                    GError       **error)
{
  g_return_val_if_fail (HASHIYA_IS_STORE (self), NULL);
  LOCK (self);

  if (!store_check_open (self, error))
    return NULL;
  return store_load_schema (self, error);
}

/* ---- uses ------------------------------------------------------------------ */

static const char *
builtin_column (const char *field)
{
  if (g_str_equal (field, "sentiment"))
    return "sentiment";
  if (g_str_equal (field, "offensive"))
    return "offensive";
  if (g_str_equal (field, "hate_speech"))
    return "hate_speech";
  if (g_str_equal (field, "decision"))
    return "decision";
  if (g_str_equal (field, "note"))
    return "note";
  return NULL;
}

static gboolean
count_uses (HashiyaStore  *self,
            const char    *field,
            const char    *choice,
            guint         *count,
            GError       **error)
{
  const char *column = builtin_column (field);
  const char *sql;
  g_autoptr(HashiyaStmt) stmt = NULL;

  /* static strings, so that store_prepare () caches them */
  if (column == NULL)
    sql = choice == NULL
          ? "SELECT count(*) FROM (SELECT DISTINCT doc_id, comment_index, annotator_id "
            "FROM judgement_values WHERE field = ?1)"
          : "SELECT count(*) FROM judgement_values WHERE field = ?1 AND value = ?2";
  else if (g_str_equal (column, "sentiment"))
    sql = choice == NULL ? "SELECT count(*) FROM judgements WHERE sentiment IS NOT NULL"
                         : "SELECT count(*) FROM judgements WHERE sentiment = ?2";
  else if (g_str_equal (column, "decision"))
    sql = choice == NULL ? "SELECT count(*) FROM judgements WHERE decision IS NOT NULL"
                         : "SELECT count(*) FROM judgements WHERE decision = ?2";
  else if (g_str_equal (column, "offensive"))
    sql = "SELECT count(*) FROM judgements WHERE offensive IS NOT NULL";
  else if (g_str_equal (column, "hate_speech"))
    sql = "SELECT count(*) FROM judgements WHERE hate_speech IS NOT NULL";
  else
    sql = "SELECT count(*) FROM judgements WHERE note IS NOT NULL AND note != ''";
  stmt = store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) >= 1 && column == NULL)
    sqlite3_bind_text (stmt, 1, field, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_text (stmt, 2, choice, -1, SQLITE_TRANSIENT);
  if (store_step_row (self, stmt, _("counting judgement values"), error) != SQLITE_ROW)
    return FALSE;
  *count = sqlite3_column_int (stmt, 0);
  return TRUE;
}

gboolean
hashiya_store_schema_count_uses (HashiyaStore  *self,
                                 const char    *field,
                                 const char    *choice,
                                 guint         *count,
                                 GError       **error)
{
  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (field != NULL && count != NULL, FALSE);
  LOCK (self);

  if (!store_check_open (self, error))
    return FALSE;
  return count_uses (self, field, choice, count, error);
}

static gboolean
refuse_if_used (HashiyaStore  *self,
                const char    *field,
                const char    *choice,
                const char    *why,
                GError       **error)
{
  guint n = 0;

  if (!count_uses (self, field, choice, &n, error))
    return FALSE;
  if (n == 0)
    return TRUE;
  if (choice != NULL)
    g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IN_USE,
                 g_dngettext (GETTEXT_PACKAGE, "choice “%s” of field “%s” is used by %u judgement; %s",
                              "choice “%s” of field “%s” is used by %u judgements; %s", n),
                 choice, field, n, why);
  else
    g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IN_USE,
                 g_dngettext (GETTEXT_PACKAGE, "field “%s” is used by %u judgement; %s",
                              "field “%s” is used by %u judgements; %s", n),
                 field, n, why);
  return FALSE;
}

/* ---- writing --------------------------------------------------------------- */

static gboolean
write_schema (HashiyaStore                  *self,
              const HashiyaJudgementSchema  *schema,
              GError                       **error)
{
  static const char * const clear[] = {
    "DELETE FROM judgement_conditions", "DELETE FROM judgement_choices",
    "DELETE FROM judgement_fields",
  };

  for (guint i = 0; i < G_N_ELEMENTS (clear); i++)
    {
      g_autoptr(HashiyaStmt) stmt = store_prepare (self, clear[i], error);
      if (stmt == NULL || !store_step_done (self, stmt, _("saving the judgement schema"), error))
        return FALSE;
    }
  for (guint i = 0; i < schema->fields->len; i++)
    {
      const HashiyaField *f = g_ptr_array_index (schema->fields, i);

      {
        g_autoptr(HashiyaStmt) stmt =
          store_prepare (self, "INSERT INTO judgement_fields (name, position, title, kind, key) "
                               "VALUES (?, ?, ?, ?, ?)", error);
        if (stmt == NULL)
          return FALSE;
        sqlite3_bind_text (stmt, 1, f->name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int (stmt, 2, i);
        sqlite3_bind_text (stmt, 3, f->title, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 4, hashiya_field_kind_to_string (f->kind), -1, SQLITE_STATIC);
        store_bind_text_or_null (stmt, 5, f->key);
        if (!store_step_done (self, stmt, _("saving the judgement schema"), error))
          return FALSE;
      }
      for (guint c = 0; c < f->choices->len; c++)
        {
          const HashiyaChoice *ch = g_ptr_array_index (f->choices, c);
          g_autoptr(HashiyaStmt) stmt =
            store_prepare (self, "INSERT INTO judgement_choices "
                                 "(field, name, position, title, key, color) "
                                 "VALUES (?, ?, ?, ?, ?, ?)", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, f->name, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, ch->name, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int (stmt, 3, c);
          sqlite3_bind_text (stmt, 4, ch->title, -1, SQLITE_TRANSIENT);
          store_bind_text_or_null (stmt, 5, ch->key);
          sqlite3_bind_text (stmt, 6, ch->color, -1, SQLITE_TRANSIENT);
          if (!store_step_done (self, stmt, _("saving the judgement schema"), error))
            return FALSE;
        }
      if (f->when_field != NULL)
        {
          g_autoptr(HashiyaStmt) stmt =
            store_prepare (self, "INSERT INTO judgement_conditions (field, when_field, when_value) "
                                 "VALUES (?, ?, ?)", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, f->name, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, f->when_field, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 3, f->when_value, -1, SQLITE_TRANSIENT);
          if (!store_step_done (self, stmt, _("saving the judgement schema"), error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Inside a transaction: checks and writes. */
static gboolean
replace_schema (HashiyaStore                  *self,
                const HashiyaJudgementSchema  *schema,
                GError                       **error)
{
  g_autoptr(HashiyaJudgementSchema) old = NULL;

  if (!hashiya_judgement_schema_validate (schema, error))
    {
      store_schema_to_store_error (error);
      return FALSE;
    }
  old = store_load_schema (self, error);
  if (old == NULL)
    return FALSE;
  for (guint i = 0; i < old->fields->len; i++)
    {
      const HashiyaField *f = g_ptr_array_index (old->fields, i);
      const HashiyaField *nf = hashiya_judgement_schema_lookup (schema, f->name);

      if (nf == NULL)
        {
          if (!refuse_if_used (self, f->name, NULL,
                               _("clear those values before removing the field"), error))
            return FALSE;
          continue;
        }
      if (nf->kind != f->kind)
        {
          if (!refuse_if_used (self, f->name, NULL,
                               _("clear those values before changing the field's kind"), error))
            return FALSE;
          continue;
        }
      for (guint c = 0; c < f->choices->len; c++)
        {
          const HashiyaChoice *ch = g_ptr_array_index (f->choices, c);

          if (hashiya_field_lookup_choice (nf, ch->name) == NULL
              && !refuse_if_used (self, f->name, ch->name,
                                  _("clear those values before removing the choice"), error))
            return FALSE;
        }
    }
  return write_schema (self, schema, error);
}

gboolean
hashiya_store_set_judgement_schema (HashiyaStore                  *self,
                                    const HashiyaJudgementSchema  *schema,
                                    GError                       **error)
{
  gboolean ok;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (schema != NULL, FALSE);
  LOCK (self);

  if (!store_tx_begin (self, error))
    return FALSE;
  ok = replace_schema (self, schema, error);
  return store_tx_finish (self, ok, error);
}

gboolean
hashiya_store_apply_schema_preset (HashiyaStore  *self,
                                   const char    *preset,
                                   GError       **error)
{
  g_autoptr(HashiyaJudgementSchema) schema = hashiya_judgement_schema_preset (preset, error);

  if (schema == NULL)
    {
      store_schema_to_store_error (error);
      return FALSE;
    }
  return hashiya_store_set_judgement_schema (self, schema, error);
}

gboolean
hashiya_store_adopt_judgement_schema (HashiyaStore                  *self,
                                      const HashiyaJudgementSchema  *schema,
                                      gboolean                      *replaced,
                                      GError                       **error)
{
  g_autoptr(HashiyaJudgementSchema) merged = NULL;
  g_autoptr(GHashTable) keys = NULL;
  gboolean ok = FALSE, any = TRUE;

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (schema != NULL, FALSE);
  LOCK (self);

  if (replaced)
    *replaced = FALSE;
  if (!store_tx_begin (self, error))
    return FALSE;
  {
    g_autoptr(HashiyaStmt) stmt = store_prepare (self, "SELECT EXISTS (SELECT 1 FROM judgements)", error);
    if (stmt == NULL || store_step_row (self, stmt, _("counting judgements"), error) != SQLITE_ROW)
      goto out;
    any = sqlite3_column_int (stmt, 0) != 0;
  }
  merged = store_load_schema (self, error);
  if (merged == NULL)
    goto out;
  if (!any && hashiya_judgement_schema_is_default (merged))
    {
      ok = replace_schema (self, schema, error);
      if (ok && replaced)
        *replaced = TRUE;
      goto out;
    }
  /* keys the project uses stay its own: an added field or choice whose key is taken comes
   * without one */
  keys = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < merged->fields->len; i++)
    {
      const HashiyaField *f = g_ptr_array_index (merged->fields, i);
      if (f->key != NULL)
        g_hash_table_add (keys, f->key);
      for (guint c = 0; c < f->choices->len; c++)
        if (((HashiyaChoice *) g_ptr_array_index (f->choices, c))->key != NULL)
          g_hash_table_add (keys, ((HashiyaChoice *) g_ptr_array_index (f->choices, c))->key);
    }
  for (guint i = 0; i < schema->fields->len; i++)
    {
      const HashiyaField *f = g_ptr_array_index (schema->fields, i);
      HashiyaField *mine = hashiya_judgement_schema_lookup (merged, f->name);

      if (mine == NULL)
        {
          HashiyaField *copy = hashiya_field_copy (f);

          if (copy->key != NULL && g_hash_table_contains (keys, copy->key))
            g_clear_pointer (&copy->key, g_free);
          for (guint c = 0; c < copy->choices->len; c++)
            {
              HashiyaChoice *ch = g_ptr_array_index (copy->choices, c);
              if (ch->key != NULL && g_hash_table_contains (keys, ch->key))
                g_clear_pointer (&ch->key, g_free);
            }
          g_ptr_array_add (merged->fields, copy);
          continue;
        }
      if (mine->kind != f->kind)
        {
          g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                       _("field “%s” is %s in the project but %s in the file"), f->name,
                       hashiya_field_kind_to_string (mine->kind),
                       hashiya_field_kind_to_string (f->kind));
          goto out;
        }
      for (guint c = 0; c < f->choices->len; c++)
        {
          const HashiyaChoice *ch = g_ptr_array_index (f->choices, c);
          if (hashiya_field_lookup_choice (mine, ch->name) == NULL)
            {
              HashiyaChoice *copy = hashiya_field_add_choice (mine, hashiya_choice_copy (ch));
              if (copy->key != NULL && g_hash_table_contains (keys, copy->key))
                g_clear_pointer (&copy->key, g_free);
            }
        }
    }
  ok = replace_schema (self, merged, error);
out:
  return store_tx_finish (self, ok, error);
}

/* ---- edits ----------------------------------------------------------------- */

typedef gboolean (*EditFunc) (HashiyaStore *self, HashiyaJudgementSchema *schema,
                              gpointer data, GError **error);

/* Loads the schema, lets edit change it, and saves it (checked) in one transaction. */
static gboolean
edit_schema (HashiyaStore  *self,
             EditFunc       edit,
             gpointer       data,
             GError       **error)
{
  g_autoptr(HashiyaJudgementSchema) schema = NULL;
  gboolean ok = FALSE;

  LOCK (self);
  if (!store_tx_begin (self, error))
    return FALSE;
  schema = store_load_schema (self, error);
  if (schema != NULL && edit (self, schema, data, error))
    ok = replace_schema (self, schema, error);
  return store_tx_finish (self, ok, error);
}

static HashiyaField *
need_field (HashiyaJudgementSchema  *schema,
            const char              *name,
            GError                 **error)
{
  HashiyaField *f = hashiya_judgement_schema_lookup (schema, name);

  if (f == NULL)
    g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND,
                 _("the judgement schema has no field “%s”"), name);
  return f;
}

static HashiyaChoice *
need_choice (HashiyaJudgementSchema  *schema,
             const char              *field,
             const char              *choice,
             HashiyaField           **field_out,
             GError                 **error)
{
  HashiyaField *f = need_field (schema, field, error);
  HashiyaChoice *ch;

  if (f == NULL)
    return NULL;
  ch = hashiya_field_lookup_choice (f, choice);
  if (ch == NULL)
    g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND,
                 _("field “%s” has no choice “%s”"), field, choice);
  if (field_out)
    *field_out = f;
  return ch;
}

typedef struct
{
  const char          *a, *b, *c, *d;
  const HashiyaField  *field;
  const HashiyaChoice *choice;
  int                  position;
} EditArgs;

static gboolean
edit_add_field (HashiyaStore *self, HashiyaJudgementSchema *schema, gpointer data, GError **error)
{
  EditArgs *args = data;

  if (hashiya_judgement_schema_lookup (schema, args->field->name) != NULL)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE,
                   _("the judgement schema already has a field “%s”"), args->field->name);
      return FALSE;
    }
  if (args->position < 0 || (guint) args->position > schema->fields->len)
    g_ptr_array_add (schema->fields, hashiya_field_copy (args->field));
  else
    g_ptr_array_insert (schema->fields, args->position, hashiya_field_copy (args->field));
  return TRUE;
}

gboolean
hashiya_store_schema_add_field (HashiyaStore        *self,
                                const HashiyaField  *field,
                                int                  position,
                                GError             **error)
{
  EditArgs args = { .field = field, .position = position };

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  return edit_schema (self, edit_add_field, &args, error);
}

static gboolean
edit_remove_field (HashiyaStore *self, HashiyaJudgementSchema *schema, gpointer data, GError **error)
{
  EditArgs *args = data;
  int i = hashiya_judgement_schema_field_index (schema, args->a);

  if (need_field (schema, args->a, error) == NULL)
    return FALSE;
  for (guint k = 0; k < schema->fields->len; k++)
    {
      const HashiyaField *g = g_ptr_array_index (schema->fields, k);
      if (g_strcmp0 (g->when_field, args->a) == 0)
        {
          g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IN_USE,
                       _("field “%s” is the condition of field “%s”; remove or change that "
                         "condition first"), args->a, g->name);
          return FALSE;
        }
    }
  g_ptr_array_remove_index (schema->fields, i);
  return TRUE;
}

gboolean
hashiya_store_schema_remove_field (HashiyaStore  *self,
                                   const char    *name,
                                   GError       **error)
{
  EditArgs args = { .a = name };

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  return edit_schema (self, edit_remove_field, &args, error);
}

static gboolean
edit_rename_field (HashiyaStore *self, HashiyaJudgementSchema *schema, gpointer data, GError **error)
{
  EditArgs *args = data;
  HashiyaField *f = need_field (schema, args->a, error);

  if (f == NULL)
    return FALSE;
  if (g_str_equal (args->a, args->b))
    return TRUE;
  if (hashiya_field_name_is_builtin (args->a) || hashiya_field_name_is_builtin (args->b))
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("“%s” is a built-in field name, kept in the judgement itself: built-in "
                     "fields cannot be renamed, nor other fields renamed to them (change the "
                     "title instead)"), hashiya_field_name_is_builtin (args->a) ? args->a : args->b);
      return FALSE;
    }
  if (hashiya_judgement_schema_lookup (schema, args->b) != NULL)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE,
                   _("the judgement schema already has a field “%s”"), args->b);
      return FALSE;
    }
  if (!hashiya_field_name_is_valid (args->b))
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("field name “%s” is not an identifier (lower-case ASCII letters, digits and "
                     "“_”, starting with a letter, at most %d)"), args->b, HASHIYA_FIELD_NAME_MAX);
      return FALSE;
    }
  if (g_str_equal (f->title, f->name))
    {
      g_free (f->title);
      f->title = g_strdup (args->b);
    }
  g_free (f->name);
  f->name = g_strdup (args->b);
  for (guint k = 0; k < schema->fields->len; k++)
    {
      HashiyaField *g = g_ptr_array_index (schema->fields, k);
      if (g_strcmp0 (g->when_field, args->a) == 0)
        hashiya_field_set_condition (g, args->b, g->when_value);
    }
  /* the values follow; the old field then has no use left, so replace_schema lets it go */
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "UPDATE judgement_values SET field = ? WHERE field = ?", error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_text (stmt, 1, args->b, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, args->a, -1, SQLITE_TRANSIENT);
    return store_step_done (self, stmt, _("renaming a field"), error);
  }
}

gboolean
hashiya_store_schema_rename_field (HashiyaStore  *self,
                                   const char    *name,
                                   const char    *new_name,
                                   GError       **error)
{
  EditArgs args = { .a = name, .b = new_name };

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL && new_name != NULL, FALSE);
  return edit_schema (self, edit_rename_field, &args, error);
}

static gboolean
edit_field_title (HashiyaStore *self, HashiyaJudgementSchema *schema, gpointer data, GError **error)
{
  EditArgs *args = data;
  HashiyaField *f = need_field (schema, args->a, error);

  if (f == NULL)
    return FALSE;
  g_free (f->title);
  f->title = g_strdup (args->b);
  return TRUE;
}

gboolean
hashiya_store_schema_set_field_title (HashiyaStore  *self,
                                      const char    *name,
                                      const char    *title,
                                      GError       **error)
{
  EditArgs args = { .a = name, .b = title };

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  return edit_schema (self, edit_field_title, &args, error);
}

static gboolean
edit_move_field (HashiyaStore *self, HashiyaJudgementSchema *schema, gpointer data, GError **error)
{
  EditArgs *args = data;
  int i = hashiya_judgement_schema_field_index (schema, args->a);
  HashiyaField *f;

  if (need_field (schema, args->a, error) == NULL)
    return FALSE;
  if ((guint) args->position >= schema->fields->len)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("the judgement schema has %u fields: position %d is not 0 to %u"),
                   schema->fields->len, args->position, schema->fields->len - 1);
      return FALSE;
    }
  f = g_ptr_array_steal_index (schema->fields, i);
  g_ptr_array_insert (schema->fields, args->position, f);
  return TRUE;
}

gboolean
hashiya_store_schema_move_field (HashiyaStore  *self,
                                 const char    *name,
                                 guint          position,
                                 GError       **error)
{
  EditArgs args = { .a = name, .position = MIN (position, G_MAXINT) };

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  return edit_schema (self, edit_move_field, &args, error);
}

static gboolean
edit_condition (HashiyaStore *self, HashiyaJudgementSchema *schema, gpointer data, GError **error)
{
  EditArgs *args = data;
  HashiyaField *f = need_field (schema, args->a, error);

  if (f == NULL)
    return FALSE;
  hashiya_field_set_condition (f, args->b, args->c);
  return TRUE;
}

gboolean
hashiya_store_schema_set_condition (HashiyaStore  *self,
                                    const char    *name,
                                    const char    *when_field,
                                    const char    *when_value,
                                    GError       **error)
{
  EditArgs args = { .a = name, .b = when_field, .c = when_value };

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  return edit_schema (self, edit_condition, &args, error);
}

static gboolean
edit_add_choice (HashiyaStore *self, HashiyaJudgementSchema *schema, gpointer data, GError **error)
{
  EditArgs *args = data;
  HashiyaField *f = need_field (schema, args->a, error);

  if (f == NULL)
    return FALSE;
  if (f->kind != HASHIYA_FIELD_SINGLE && f->kind != HASHIYA_FIELD_MULTI)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("field “%s” is %s: only single- and multi-choice fields have choices"),
                   f->name, hashiya_field_kind_to_string (f->kind));
      return FALSE;
    }
  if (hashiya_field_lookup_choice (f, args->choice->name) != NULL)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE,
                   _("field “%s” already has a choice “%s”"), f->name, args->choice->name);
      return FALSE;
    }
  hashiya_field_add_choice (f, hashiya_choice_copy (args->choice));
  return TRUE;
}

gboolean
hashiya_store_schema_add_choice (HashiyaStore         *self,
                                 const char           *field,
                                 const HashiyaChoice  *choice,
                                 GError              **error)
{
  EditArgs args = { .a = field, .choice = choice };

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (choice != NULL, FALSE);
  return edit_schema (self, edit_add_choice, &args, error);
}

static gboolean
edit_remove_choice (HashiyaStore *self, HashiyaJudgementSchema *schema, gpointer data, GError **error)
{
  EditArgs *args = data;
  HashiyaField *f = NULL;

  if (need_choice (schema, args->a, args->b, &f, error) == NULL)
    return FALSE;
  for (guint k = 0; k < schema->fields->len; k++)
    {
      const HashiyaField *g = g_ptr_array_index (schema->fields, k);
      if (g_strcmp0 (g->when_field, args->a) == 0 && g_strcmp0 (g->when_value, args->b) == 0)
        {
          g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IN_USE,
                       _("choice “%s” of field “%s” is the condition of field “%s”; remove or "
                         "change that condition first"), args->b, args->a, g->name);
          return FALSE;
        }
    }
  g_ptr_array_remove_index (f->choices, hashiya_field_choice_index (f, args->b));
  return TRUE;
}

gboolean
hashiya_store_schema_remove_choice (HashiyaStore  *self,
                                    const char    *field,
                                    const char    *choice,
                                    GError       **error)
{
  EditArgs args = { .a = field, .b = choice };

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  return edit_schema (self, edit_remove_choice, &args, error);
}

static gboolean
edit_rename_choice (HashiyaStore *self, HashiyaJudgementSchema *schema, gpointer data, GError **error)
{
  EditArgs *args = data;
  HashiyaField *f = NULL;
  HashiyaChoice *ch = need_choice (schema, args->a, args->b, &f, error);

  if (ch == NULL)
    return FALSE;
  if (g_str_equal (args->b, args->c))
    return TRUE;
  if (hashiya_field_name_is_builtin (f->name))
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("the choices of the built-in field “%s” are fixed names; change the "
                     "title instead"), f->name);
      return FALSE;
    }
  if (hashiya_field_lookup_choice (f, args->c) != NULL)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE,
                   _("field “%s” already has a choice “%s”"), f->name, args->c);
      return FALSE;
    }
  if (!hashiya_field_name_is_valid (args->c))
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("choice name “%s” is not an identifier (lower-case ASCII letters, digits "
                     "and “_”, starting with a letter)"), args->c);
      return FALSE;
    }
  if (g_str_equal (ch->title, ch->name))
    {
      g_free (ch->title);
      ch->title = g_strdup (args->c);
    }
  g_free (ch->name);
  ch->name = g_strdup (args->c);
  for (guint k = 0; k < schema->fields->len; k++)
    {
      HashiyaField *g = g_ptr_array_index (schema->fields, k);
      if (g_strcmp0 (g->when_field, args->a) == 0 && g_strcmp0 (g->when_value, args->b) == 0)
        hashiya_field_set_condition (g, args->a, args->c);
    }
  {
    g_autoptr(HashiyaStmt) stmt =
      store_prepare (self, "UPDATE judgement_values SET value = ? WHERE field = ? AND value = ?", error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_text (stmt, 1, args->c, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, args->a, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, args->b, -1, SQLITE_TRANSIENT);
    return store_step_done (self, stmt, _("renaming a choice"), error);
  }
}

gboolean
hashiya_store_schema_rename_choice (HashiyaStore  *self,
                                    const char    *field,
                                    const char    *choice,
                                    const char    *new_name,
                                    GError       **error)
{
  EditArgs args = { .a = field, .b = choice, .c = new_name };

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  g_return_val_if_fail (field != NULL && choice != NULL && new_name != NULL, FALSE);
  return edit_schema (self, edit_rename_choice, &args, error);
}

static gboolean
edit_move_choice (HashiyaStore *self, HashiyaJudgementSchema *schema, gpointer data, GError **error)
{
  EditArgs *args = data;
  HashiyaField *f = NULL;
  HashiyaChoice *ch;

  if (need_choice (schema, args->a, args->b, &f, error) == NULL)
    return FALSE;
  if ((guint) args->position >= f->choices->len)
    {
      g_set_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID,
                   _("field “%s” has %u choices: position %d is not 0 to %u"), f->name,
                   f->choices->len, args->position, f->choices->len - 1);
      return FALSE;
    }
  ch = g_ptr_array_steal_index (f->choices, hashiya_field_choice_index (f, args->b));
  g_ptr_array_insert (f->choices, args->position, ch);
  return TRUE;
}

gboolean
hashiya_store_schema_move_choice (HashiyaStore  *self,
                                  const char    *field,
                                  const char    *choice,
                                  guint          position,
                                  GError       **error)
{
  EditArgs args = { .a = field, .b = choice, .position = MIN (position, G_MAXINT) };

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  return edit_schema (self, edit_move_choice, &args, error);
}

static gboolean
edit_set_choice (HashiyaStore *self, HashiyaJudgementSchema *schema, gpointer data, GError **error)
{
  EditArgs *args = data;
  HashiyaChoice *ch = need_choice (schema, args->a, args->b, NULL, error);

  if (ch == NULL)
    return FALSE;
  if (args->c != NULL)
    {
      g_free (ch->title);
      ch->title = g_strdup (args->c);
    }
  if (args->d != NULL)
    {
      g_free (ch->color);
      ch->color = g_ascii_strdown (args->d, -1);
    }
  return TRUE;
}

gboolean
hashiya_store_schema_set_choice (HashiyaStore  *self,
                                 const char    *field,
                                 const char    *choice,
                                 const char    *title,
                                 const char    *color,
                                 GError       **error)
{
  EditArgs args = { .a = field, .b = choice, .c = title, .d = color };

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  return edit_schema (self, edit_set_choice, &args, error);
}

static gboolean
edit_set_key (HashiyaStore *self, HashiyaJudgementSchema *schema, gpointer data, GError **error)
{
  EditArgs *args = data;
  char **key;

  if (args->b != NULL)
    {
      HashiyaChoice *ch = need_choice (schema, args->a, args->b, NULL, error);
      if (ch == NULL)
        return FALSE;
      key = &ch->key;
    }
  else
    {
      HashiyaField *f = need_field (schema, args->a, error);
      if (f == NULL)
        return FALSE;
      key = &f->key;
    }
  g_free (*key);
  *key = args->c != NULL && *args->c != '\0' ? g_strdup (args->c) : NULL;
  return TRUE;
}

gboolean
hashiya_store_schema_set_key (HashiyaStore  *self,
                              const char    *field,
                              const char    *choice,
                              const char    *key,
                              GError       **error)
{
  EditArgs args = { .a = field, .b = choice, .c = key };

  g_return_val_if_fail (HASHIYA_IS_STORE (self), FALSE);
  return edit_schema (self, edit_set_key, &args, error);
}

