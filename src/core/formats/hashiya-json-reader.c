/* hashiya-json-reader.c: reading Hashiya's own JSON (hashiya/1) and JSONL
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The schema is the one hashiya-json.c writes (see README): documents with their text,
 * segments, entities (spans) and comments with judgements, offsets in code points.
 * Everything is validated before anything reaches the store: offsets inside the text,
 * an entity's "text" equal to its slice, comments matching comment segments. Errors name
 * the file, the JSON line (and column) or the JSONL line, the document and the entity.
 */
#include "config.h"

#include <stdio.h>
#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "hashiya-json.h"
#include "hashiya-judgement-schema-json.h"
#include "hashiya-article-segment.h"
#include "hashiya-json-guard.h"
#include "hashiya-json-reader-private.h"

/* Code point → byte offsets with a checkpoint every 64 code points. */
typedef struct
{
  const char *text;
  gsize       n_bytes;
  gint64      length;
  GArray     *marks;   /* gsize byte offset of code point 64·i */
} CpIndex;

static void
cp_index_init (CpIndex    *ix,
               const char *text,
               gsize       n_bytes)
{
  const char *p = text, *end = text + n_bytes;
  gint64 cp = 0;

  ix->text = text;
  ix->n_bytes = n_bytes;
  ix->marks = g_array_new (FALSE, FALSE, sizeof (gsize));
  while (p < end)
    {
      if ((cp & 63) == 0)
        {
          gsize b = p - text;
          g_array_append_val (ix->marks, b);
        }
      p = g_utf8_next_char (p);
      cp++;
    }
  if ((cp & 63) == 0)
    g_array_append_val (ix->marks, n_bytes);
  ix->length = cp;
}

static void
cp_index_clear (CpIndex *ix)
{
  g_clear_pointer (&ix->marks, g_array_unref);
}

static gsize
cp_to_byte (const CpIndex *ix,
            gint64         cp)
{
  gsize b;

  g_assert (cp >= 0 && cp <= ix->length);
  b = g_array_index (ix->marks, gsize, cp >> 6);
  for (gint64 k = 0; k < (cp & 63); k++)
    b = g_utf8_next_char (ix->text + b) - ix->text;
  return b;
}

static gboolean
slice_equals (const CpIndex *ix,
              gint64         start,
              gint64         end,
              const char    *expected)
{
  gsize b0 = cp_to_byte (ix, start), b1 = cp_to_byte (ix, end);
  gsize n = strlen (expected);

  return n == b1 - b0 && memcmp (ix->text + b0, expected, n) == 0;
}

static char *
slice_dup (const CpIndex *ix,
           gint64         start,
           gint64         end)
{
  gsize b0 = cp_to_byte (ix, start), b1 = cp_to_byte (ix, end);

  return g_strndup (ix->text + b0, b1 - b0);
}

/* ---- error helpers ---------------------------------------------------------------- */

typedef struct
{
  const char *path;
  guint       doc_index;   /* 1-based */
  guint       line;        /* JSONL line, 0 for JSON */
  GHashTable *node_lines;  /* JSON: JsonNode* of an array element → the line it ends on */
  guint       item_line;   /* JSON: line of the entity/segment/comment at fault, or 0 */
} Where;

static char *
where_str (const Where *w)
{
  if (w->line > 0)
    return g_strdup_printf (_("%s: line %u"), w->path, w->line);
  if (w->item_line > 0)
    return g_strdup_printf (_("%s: line %u: document %u"), w->path, w->item_line, w->doc_index);
  return g_strdup_printf (_("%s: document %u"), w->path, w->doc_index);
}

/* A copy of w that names the line where the array element node ends (JSON only). */
static Where
where_item (const Where *w,
            JsonNode    *node)
{
  Where item = *w;

  if (w->node_lines != NULL)
    item.item_line = GPOINTER_TO_UINT (g_hash_table_lookup (w->node_lines, node));
  return item;
}

/* JsonParser::array-element: remember on which line each array element ended. */
static void
on_array_element (JsonParser *parser,
                  JsonArray  *array,
                  int         index,
                  gpointer    user_data)
{
  GHashTable *lines = user_data;

  g_hash_table_insert (lines, json_array_get_element (array, index),
                       GUINT_TO_POINTER ((guint) json_parser_get_current_line (parser)));
}

static void
data_error (GError      **error,
            const Where  *w,
            const char   *format,
            ...) G_GNUC_PRINTF (3, 4);

static void
data_error (GError      **error,
            const Where  *w,
            const char   *format,
            ...)
{
  g_autofree char *where = where_str (w);
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA, "%s: %s", where, msg);
}

/* json-glib says "<data>:LINE:COL: Parse error: …"; turn it into "FILE: line L, column C: …" */
static void
syntax_error (GError      **error,
              const char   *path,
              guint         line_offset,
              const GError *json_error)
{
  const char *msg = json_error->message;
  int line = 0, col = 0, n = 0;

  if (sscanf (msg, "<data>:%d:%d: %n", &line, &col, &n) >= 2 && n > 0)
    {
      const char *rest = msg + n;

      if (g_str_has_prefix (rest, "Parse error: "))
        rest += strlen ("Parse error: ");
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX,
                   _("%s: line %u, column %d: invalid JSON: %s"), path,
                   (guint) line + (line_offset ? line_offset - 1 : 0), col, rest);
    }
  else if (line_offset > 0)
    g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX,
                 _("%s: line %u: invalid JSON: %s"), path, line_offset, msg);
  else
    g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX,
                 _("%s: invalid JSON: %s"), path, msg);
}

/* ---- typed member access ---------------------------------------------------------- */

/* The member's node, or NULL when it is absent or null. */
static JsonNode *
get_member (JsonObject *o,
            const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return n == NULL || JSON_NODE_HOLDS_NULL (n) ? NULL : n;
}

/* Whether n (NULL or not) is a value of this type. */
static gboolean
holds_type (JsonNode *n,
            GType     type)
{
  return n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == type;
}

static gboolean
member_is_null (JsonObject *o,
                const char *name)
{
  return get_member (o, name) == NULL;
}

/* *out = NULL when absent or null; error when present with another type. */
static gboolean
get_string (JsonObject   *o,
            const char   *name,
            const char  **out,
            const Where  *w,
            const char   *what,
            GError      **error)
{
  JsonNode *n = get_member (o, name);

  *out = NULL;
  if (n == NULL)
    return TRUE;
  if (!holds_type (n, G_TYPE_STRING))
    {
      data_error (error, w, _("%s\"%s\" must be a string"), what, name);
      return FALSE;
    }
  *out = json_node_get_string (n);
  return TRUE;
}

static gboolean
get_int (JsonObject   *o,
         const char   *name,
         gboolean      required,
         gint64       *out,
         gboolean     *present,
         const Where  *w,
         const char   *what,
         GError      **error)
{
  JsonNode *n = get_member (o, name);

  if (present)
    *present = FALSE;
  if (n == NULL)
    {
      if (required)
        {
          data_error (error, w, _("%s\"%s\" is missing"), what, name);
          return FALSE;
        }
      return TRUE;
    }
  if (holds_type (n, G_TYPE_INT64))
    *out = json_node_get_int (n);
  else if (holds_type (n, G_TYPE_DOUBLE)
           && json_node_get_double (n) == (double) (gint64) json_node_get_double (n))
    *out = (gint64) json_node_get_double (n);
  else
    {
      data_error (error, w, _("%s\"%s\" must be an integer"), what, name);
      return FALSE;
    }
  if (present)
    *present = TRUE;
  return TRUE;
}

/* unix seconds from an integer or an ISO 8601 string; 0 when absent */
static gboolean
get_time (JsonObject   *o,
          const char   *name,
          gint64       *out,
          const Where  *w,
          const char   *what,
          GError      **error)
{
  JsonNode *n = get_member (o, name);

  *out = 0;
  if (n == NULL)
    return TRUE;
  if (holds_type (n, G_TYPE_STRING))
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (json_node_get_string (n), utc);

      if (dt == NULL)
        {
          data_error (error, w, _("%s\"%s\" is not an ISO 8601 time: %s"), what, name,
                      json_node_get_string (n));
          return FALSE;
        }
      *out = g_date_time_to_unix (dt);
      return TRUE;
    }
  return get_int (o, name, FALSE, out, NULL, w, what, error);
}

/* "provenance" of a gold span (region: its start and end) or judgement: attached to doc
 * for the import to store. */
static gboolean
get_provenance (JsonObject       *o,
                const char       *layer,
                gboolean          region,
                int               comment_index,
                HashiyaParsedDoc *doc,
                const Where      *w,
                const char       *what,
                GError          **error)
{
  JsonNode *n = get_member (o, "provenance");
  g_autoptr(HashiyaItemProvenance) p = NULL;
  g_autoptr(GPtrArray) agreed = g_ptr_array_new_with_free_func (g_free);
  const char *choice = NULL, *chosen = NULL, *by = NULL;
  JsonObject *po;
  JsonNode *an;

  if (n == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (n))
    {
      data_error (error, w, _("%s\"provenance\" must be an object"), what);
      return FALSE;
    }
  po = json_node_get_object (n);
  p = hashiya_item_provenance_new ();
  if (!get_string (po, "choice", &choice, w, what, error)
      || !get_string (po, "chosen", &chosen, w, what, error)
      || !get_string (po, "decided_by", &by, w, what, error)
      || !get_int (po, "decided_at", FALSE, &p->decided_at, NULL, w, what, error)
      || (region && (!get_int (po, "start", TRUE, &p->start, NULL, w, what, error)
                     || !get_int (po, "end", TRUE, &p->end, NULL, w, what, error))))
    return FALSE;
  if (choice == NULL)
    {
      data_error (error, w, _("%s\"provenance\" has no \"choice\""), what);
      return FALSE;
    }
  an = get_member (po, "agreed");
  if (an != NULL && !JSON_NODE_HOLDS_ARRAY (an))
    {
      data_error (error, w, _("%s\"agreed\" must be a list of annotator names"), what);
      return FALSE;
    }
  for (guint i = 0; an != NULL && i < json_array_get_length (json_node_get_array (an)); i++)
    {
      JsonNode *e = json_array_get_element (json_node_get_array (an), i);

      if (!holds_type (e, G_TYPE_STRING))
        {
          data_error (error, w, _("%s\"agreed\" must be a list of annotator names"), what);
          return FALSE;
        }
      g_ptr_array_add (agreed, g_strdup (json_node_get_string (e)));
    }
  g_ptr_array_add (agreed, NULL);
  g_strfreev (p->agreed);
  p->agreed = (char **) g_ptr_array_steal (agreed, NULL);
  p->layer = g_strdup (layer);
  p->comment_index = comment_index;
  p->choice = g_strdup (choice);
  p->chosen = g_strdup (chosen);
  p->decided_by = g_strdup (by);
  hashiya_parsed_doc_add_provenance (doc, g_steal_pointer (&p));
  return TRUE;
}

/* true/false/null, also "yes"/"no" */
static gboolean
get_tristate (JsonObject   *o,
              const char   *name,
              int          *out,
              const Where  *w,
              const char   *what,
              GError      **error)
{
  JsonNode *n = get_member (o, name);

  *out = -1;
  if (n == NULL)
    return TRUE;
  if (holds_type (n, G_TYPE_BOOLEAN))
    {
      *out = json_node_get_boolean (n) ? 1 : 0;
      return TRUE;
    }
  if (holds_type (n, G_TYPE_STRING))
    {
      const char *s = json_node_get_string (n);

      if (g_ascii_strcasecmp (s, "yes") == 0 || g_ascii_strcasecmp (s, "true") == 0)
        *out = 1;
      else if (g_ascii_strcasecmp (s, "no") == 0 || g_ascii_strcasecmp (s, "false") == 0)
        *out = 0;
      else
        goto bad;
      return TRUE;
    }
bad:
  data_error (error, w, _("%s\"%s\" must be true, false or null"), what, name);
  return FALSE;
}

static JsonArray *
get_array (JsonObject   *o,
           const char   *name,
           gboolean     *ok,
           const Where  *w,
           GError      **error)
{
  JsonNode *n = get_member (o, name);

  *ok = TRUE;
  if (n == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (n))
    {
      data_error (error, w, _("\"%s\" must be an array"), name);
      *ok = FALSE;
      return NULL;
    }
  return json_node_get_array (n);
}

/* "entity 7" / "entity T3" for messages */
static char *
entity_name (JsonObject *e,
             guint       position)
{
  JsonNode *n = json_object_get_member (e, "id");

  if (holds_type (n, G_TYPE_INT64))
    return g_strdup_printf (_("entity %" PRId64), json_node_get_int (n));
  if (holds_type (n, G_TYPE_STRING))
    return g_strdup_printf (_("entity %s"), json_node_get_string (n));
  return g_strdup_printf (_("entity #%u"), position + 1);
}

/* ---- one document ------------------------------------------------------------------ */

/* The members of a judgement object other than the built-in ones: fields of the judgement
 * schema (a string, true/false, an array of strings, or null). Checked against schema when
 * the file declares one; else the store checks them against the project's. */
static gboolean
get_custom_values (JsonObject                   *jo,
                   HashiyaJudgement             *j,
                   const HashiyaJudgementSchema *schema,
                   const Where                  *w,
                   const char                   *what,
                   GError                      **error)
{
  static const char * const known[] = {
    "annotator", "sentiment", "offensive", "hate_speech", "decision", "note", "modified",
    "provenance", NULL,
  };
  g_autoptr(GList) members = json_object_get_members (jo);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *n = json_object_get_member (jo, name);
      g_autofree char *value = NULL;
      const HashiyaField *field = NULL;

      if (g_strv_contains (known, name) || JSON_NODE_HOLDS_NULL (n))
        continue;
      if (!hashiya_field_name_is_valid (name))
        {
          data_error (error, w, _("%s\"%s\" is not a judgement field (field names are lower-case "
                      "ASCII letters, digits and “_”)"), what, name);
          return FALSE;
        }
      if (holds_type (n, G_TYPE_STRING))
        value = g_strdup (json_node_get_string (n));
      else if (holds_type (n, G_TYPE_BOOLEAN))
        value = g_strdup (json_node_get_boolean (n) ? "yes" : "no");
      else if (JSON_NODE_HOLDS_ARRAY (n))
        {
          JsonArray *a = json_node_get_array (n);
          g_autoptr(GString) joined = g_string_new (NULL);

          for (guint i = 0; i < json_array_get_length (a); i++)
            {
              JsonNode *e = json_array_get_element (a, i);

              if (!holds_type (e, G_TYPE_STRING) || strchr (json_node_get_string (e), ',') != NULL)
                {
                  data_error (error, w, _("%s\"%s\" must be an array of choice names"), what, name);
                  return FALSE;
                }
              g_string_append_printf (joined, "%s%s", i ? "," : "", json_node_get_string (e));
            }
          if (joined->len == 0)
            continue;   /* [] is no choice: unset */
          value = g_string_free (g_steal_pointer (&joined), FALSE);
        }
      else
        {
          data_error (error, w, _("%s\"%s\" must be a string, true, false, an array of choice "
                      "names or null"), what, name);
          return FALSE;
        }
      if (schema != NULL)
        {
          g_autoptr(GError) local = NULL;
          g_autofree char *canonical = NULL;

          field = hashiya_judgement_schema_lookup (schema, name);
          if (field == NULL)
            {
              data_error (error, w, _("%s\"%s\" is not a field of the file's judgement_schema"),
                          what, name);
              return FALSE;
            }
          if (!hashiya_field_check_value (field, value, &canonical, &local))
            {
              data_error (error, w, "%s%s", what, local->message);
              return FALSE;
            }
          g_free (value);
          value = g_steal_pointer (&canonical);
        }
      hashiya_judgement_set_value (j, name, value, NULL);
    }
  return TRUE;
}

static gboolean
parse_document (JsonNode                   *node,
                const Where                *w,
                guint                       n_docs_hint,
                const HashiyaImportOptions *options,
                GPtrArray                  *docs_out,
                HashiyaImportReport        *report,
                GError                    **error)
{
  g_autoptr(HashiyaParsedDoc) doc = NULL;
  JsonObject *o;
  JsonArray *arr;
  const char *text = NULL, *s = NULL;
  gboolean ok;
  CpIndex ix = { 0 };
  g_autoptr(GHashTable) comment_segs = NULL;   /* index → segment position + 1 */
  gboolean result = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      data_error (error, w, _("a document must be a JSON object"));
      return FALSE;
    }
  o = json_node_get_object (node);

  if (!get_string (o, "text", &text, w, "", error))
    return FALSE;
  if (text == NULL)
    {
      data_error (error, w, _("\"text\" is missing"));
      return FALSE;
    }

  doc = hashiya_parsed_doc_new ();
  doc->text = g_strdup (text);
  doc->n_bytes = strlen (text);
  cp_index_init (&ix, doc->text, doc->n_bytes);

  if (!get_string (o, "source", &s, w, "", error))
    goto out;
  if (s != NULL && *s != '\0')
    doc->source = g_strdup (s);
  else
    {
      g_autofree char *base = g_path_get_basename (w->path);

      doc->source = n_docs_hint > 1 ? g_strdup_printf ("%s#%u", base, w->doc_index)
                                    : g_steal_pointer (&base);
    }

  if (!get_string (o, "date", &s, w, "", error))
    goto out;
  doc->date = g_strdup (s);

  {
    JsonNode *n = get_member (o, "done");

    if (n != NULL)
      {
        if (!holds_type (n, G_TYPE_BOOLEAN))
          {
            data_error (error, w, _("\"done\" must be true or false"));
            goto out;
          }
        hashiya_parsed_doc_set_done (doc, json_node_get_boolean (n));
      }
  }

  if (!get_string (o, "sha256", &s, w, "", error))
    goto out;
  if (s != NULL)
    {
      g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                          (const guchar *) doc->text, doc->n_bytes);

      if (g_ascii_strcasecmp (sha, s) != 0)
        {
          g_autofree char *where = where_str (w);

          g_ptr_array_add (report->messages,
                           g_strdup_printf (_("%s: \"sha256\" does not match the text; "
                                              "using the text's own hash"), where));
        }
      doc->sha256 = g_steal_pointer (&sha);
    }

  /* segments: as written, or found by the article rules when the document has none */
  arr = get_array (o, "segments", &ok, w, error);
  if (!ok)
    goto out;
  if (json_object_get_member (o, "segments") == NULL || member_is_null (o, "segments"))
    {
      g_array_unref (doc->segments);
      doc->segments = hashiya_article_segment (doc->text, doc->n_bytes, FALSE);
    }
  else
    {
      gint64 prev_end = 0;
      int comment_no = 0;

      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *sn = json_array_get_element (arr, i);
          Where iw = where_item (w, sn);
          JsonObject *so;
          g_autofree char *what = g_strdup_printf (_("segment %u: "), i);
          HashiyaSegment seg = { 0 };
          const char *kind = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (sn))
            {
              data_error (error, &iw, _("segment %u must be an object"), i);
              goto out;
            }
          so = json_node_get_object (sn);
          if (!get_string (so, "kind", &kind, &iw, what, error)
              || !get_int (so, "start", TRUE, &seg.start, NULL, &iw, what, error)
              || !get_int (so, "end", TRUE, &seg.end, NULL, &iw, what, error))
            goto out;
          if (kind == NULL || !hashiya_segment_kind_from_string (kind, &seg.kind))
            {
              data_error (error, &iw, _("segment %u: unknown kind \"%s\" (site, title, byline, "
                          "paragraph, heading, caption, boilerplate or comment)"), i,
                          kind ? kind : "(missing)");
              goto out;
            }
          if (seg.start < 0 || seg.end <= seg.start || seg.end > ix.length)
            {
              data_error (error, &iw, _("segment %u: offsets %" PRId64 "-%" PRId64
                          " are outside the text (length %" PRId64 ")"),
                          i, seg.start, seg.end, ix.length);
              goto out;
            }
          if (seg.start < prev_end)
            {
              data_error (error, &iw, _("segment %u: starts at %" PRId64 ", before the end "
                          "of the segment before it (%" PRId64 ")"), i, seg.start, prev_end);
              goto out;
            }
          prev_end = seg.end;
          seg.comment_index = seg.kind == HASHIYA_SEGMENT_COMMENT ? ++comment_no : 0;
          g_array_append_val (doc->segments, seg);
        }
    }

  comment_segs = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < doc->segments->len; i++)
    {
      HashiyaSegment *seg = &g_array_index (doc->segments, HashiyaSegment, i);

      if (seg->kind == HASHIYA_SEGMENT_COMMENT)
        g_hash_table_insert (comment_segs, GINT_TO_POINTER (seg->comment_index),
                             GUINT_TO_POINTER (i + 1));
    }

  /* entities */
  arr = get_array (o, "entities", &ok, w, error);
  if (!ok)
    goto out;
  for (guint i = 0; arr && i < json_array_get_length (arr); i++)
    {
      JsonNode *en = json_array_get_element (arr, i);
      Where iw = where_item (w, en);
      JsonObject *eo;
      g_autofree char *ename = NULL;
      g_autofree char *what = NULL;
      g_autoptr(HashiyaSpan) span = g_new0 (HashiyaSpan, 1);
      const char *label = NULL, *etext = NULL, *annotator = NULL, *origin = NULL, *note = NULL;
      const char *value = NULL, *calendar = NULL, *anchor = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (en))
        {
          data_error (error, &iw, _("entity #%u must be an object"), i + 1);
          goto out;
        }
      eo = json_node_get_object (en);
      ename = entity_name (eo, i);
      what = g_strdup_printf ("%s: ", ename);
      if (!get_int (eo, "start", TRUE, &span->start, NULL, &iw, what, error)
          || !get_int (eo, "end", TRUE, &span->end, NULL, &iw, what, error)
          || !get_string (eo, "label", &label, &iw, what, error)
          || !get_string (eo, "text", &etext, &iw, what, error)
          || !get_string (eo, "annotator", &annotator, &iw, what, error)
          || !get_string (eo, "origin", &origin, &iw, what, error)
          || !get_string (eo, "note", &note, &iw, what, error)
          || !get_string (eo, "value", &value, &iw, what, error)
          || !get_string (eo, "calendar", &calendar, &iw, what, error)
          || !get_string (eo, "anchor", &anchor, &iw, what, error)
          || !get_time (eo, "created", &span->created, &iw, what, error)
          || !get_time (eo, "modified", &span->modified, &iw, what, error))
        goto out;
      if (label == NULL || *label == '\0')
        {
          data_error (error, &iw, _("%s: \"label\" is missing"), ename);
          goto out;
        }
      if (span->start < 0 || span->end <= span->start || span->end > ix.length)
        {
          data_error (error, &iw, _("%s: offsets %" PRId64 "-%" PRId64
                      " are outside the text (length %" PRId64 ") or empty"),
                      ename, span->start, span->end, ix.length);
          goto out;
        }
      if (etext != NULL && !slice_equals (&ix, span->start, span->end, etext))
        {
          g_autofree char *actual = slice_dup (&ix, span->start, span->end);

          data_error (error, &iw, _("%s: \"text\" is \"%s\" but the document text at %"
                      PRId64 "-%" PRId64 " is \"%s\""),
                      ename, etext, span->start, span->end, actual);
          goto out;
        }
      if (options && options->aliases && g_hash_table_lookup (options->aliases, label))
        label = g_hash_table_lookup (options->aliases, label);
      span->label = g_strdup (label);
      span->annotator = g_strdup (annotator ? annotator : (options ? options->annotator : NULL));
      span->origin = g_strdup (origin ? origin : "import");
      span->note = g_strdup (note);
      if (value == NULL && (calendar != NULL || anchor != NULL))
        {
          data_error (error, &iw, _("%s: \"%s\" without \"value\""), ename,
                      calendar != NULL ? "calendar" : "anchor");
          goto out;
        }
      span->value = g_strdup (value);
      span->calendar = g_strdup (calendar);
      span->anchor = g_strdup (anchor);
      if (!get_provenance (eo, span->annotator, TRUE, 0, doc, &iw, what, error))
        goto out;
      g_ptr_array_add (doc->spans, g_steal_pointer (&span));
    }

  /* comments and their judgements */
  arr = get_array (o, "comments", &ok, w, error);
  if (!ok)
    goto out;
  for (guint i = 0; arr && i < json_array_get_length (arr); i++)
    {
      JsonNode *cn = json_array_get_element (arr, i);
      Where iw = where_item (w, cn);
      JsonObject *co;
      JsonArray *jarr;
      gint64 index = 0, start = 0, end = 0, parent = 0;
      gboolean has_start, has_end, has_parent;
      const char *ctext = NULL;
      g_autofree char *what = NULL;
      guint pos;
      HashiyaSegment *seg;

      if (!JSON_NODE_HOLDS_OBJECT (cn))
        {
          data_error (error, &iw, _("comment #%u must be an object"), i + 1);
          goto out;
        }
      co = json_node_get_object (cn);
      if (!get_int (co, "index", TRUE, &index, NULL, &iw, "comment: ", error))
        goto out;
      what = g_strdup_printf (_("comment %" PRId64 ": "), index);
      if (!get_int (co, "start", FALSE, &start, &has_start, &iw, what, error)
          || !get_int (co, "end", FALSE, &end, &has_end, &iw, what, error)
          || !get_int (co, "parent", FALSE, &parent, &has_parent, &iw, what, error)
          || !get_string (co, "text", &ctext, &iw, what, error))
        goto out;
      pos = index > 0 && index <= G_MAXINT
              ? GPOINTER_TO_UINT (g_hash_table_lookup (comment_segs, GINT_TO_POINTER ((int) index)))
              : 0;
      if (pos == 0)
        {
          data_error (error, &iw, _("comment %" PRId64 ": the document has no comment "
                      "segment with that index (it has %u)"), index,
                      g_hash_table_size (comment_segs));
          goto out;
        }
      seg = &g_array_index (doc->segments, HashiyaSegment, pos - 1);
      if ((has_start && start != seg->start) || (has_end && end != seg->end))
        {
          data_error (error, &iw, _("comment %" PRId64 ": offsets %" PRId64 "-%"
                      PRId64 " differ from its segment %" PRId64 "-%"
                      PRId64), index, start, end, seg->start, seg->end);
          goto out;
        }
      if (ctext != NULL && !slice_equals (&ix, seg->start, seg->end, ctext))
        {
          data_error (error, &iw, _("comment %" PRId64 ": \"text\" is not the document "
                      "text at %" PRId64 "-%" PRId64), index, seg->start, seg->end);
          goto out;
        }

      /* a reply answers an earlier comment (so links never go round in a cycle) */
      if (has_parent && (parent < 1 || parent >= index))
        {
          data_error (error, &iw, _("comment %" PRId64 ": \"parent\" %" PRId64 " is not an "
                      "earlier comment of the document"), index, parent);
          goto out;
        }
      seg->parent_index = has_parent ? (int) parent : 0;

      jarr = get_array (co, "judgements", &ok, &iw, error);
      if (!ok)
        goto out;
      for (guint k = 0; jarr && k < json_array_get_length (jarr); k++)
        {
          JsonNode *jn = json_array_get_element (jarr, k);
          JsonObject *jo;
          g_autoptr(HashiyaJudgement) j = g_new0 (HashiyaJudgement, 1);
          const char *annotator = NULL, *sentiment = NULL, *decision = NULL, *note = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (jn))
            {
              data_error (error, &iw, _("comment %" PRId64 ": judgement #%u must be an object"),
                          index, k + 1);
              goto out;
            }
          jo = json_node_get_object (jn);
          if (!get_string (jo, "annotator", &annotator, &iw, what, error)
              || !get_string (jo, "sentiment", &sentiment, &iw, what, error)
              || !get_string (jo, "decision", &decision, &iw, what, error)
              || !get_string (jo, "note", &note, &iw, what, error)
              || !get_tristate (jo, "offensive", &j->offensive, &iw, what, error)
              || !get_tristate (jo, "hate_speech", &j->hate_speech, &iw, what, error)
              || !get_time (jo, "modified", &j->modified, &iw, what, error))
            goto out;
          j->sentiment = HASHIYA_SENTIMENT_NONE;
          if (sentiment != NULL && !hashiya_sentiment_from_string (sentiment, &j->sentiment))
            {
              data_error (error, &iw, _("comment %" PRId64 ": unknown sentiment \"%s\" "
                          "(positive, negative, neutral or mixed)"), index, sentiment);
              goto out;
            }
          j->decision = HASHIYA_DECISION_NONE;
          if (decision != NULL && !hashiya_decision_from_string (decision, &j->decision))
            {
              data_error (error, &iw, _("comment %" PRId64 ": unknown decision \"%s\" "
                          "(approve, review or reject)"), index, decision);
              goto out;
            }
          j->comment_index = (int) index;
          j->annotator = g_strdup (annotator ? annotator : (options ? options->annotator : NULL));
          j->note = g_strdup (note);
          if (!get_custom_values (jo, j, report != NULL ? report->schema : NULL, &iw, what, error))
            goto out;
          if (!get_provenance (jo, j->annotator, FALSE, j->comment_index, doc, &iw, what, error))
            goto out;
          g_ptr_array_add (doc->judgements, g_steal_pointer (&j));
        }
    }

  g_ptr_array_add (docs_out, g_steal_pointer (&doc));
  result = TRUE;

out:
  cp_index_clear (&ix);
  return result;
}

/* ---- files ------------------------------------------------------------------------- */

static gboolean
parse_labels (JsonArray    *arr,
              const char   *path,
              GPtrArray    *labels_out,
              GError      **error)
{
  Where w = { path, 0, 0, NULL, 0 };

  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *n = json_array_get_element (arr, i);
      JsonObject *lo;
      const char *name = NULL, *color = NULL, *key = NULL;
      HashiyaLabel *l;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        {
          g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                       _("%s: label #%u must be an object"), path, i + 1);
          return FALSE;
        }
      lo = json_node_get_object (n);
      if (!get_string (lo, "name", &name, &w, "label: ", error)
          || !get_string (lo, "color", &color, &w, "label: ", error)
          || !get_string (lo, "key", &key, &w, "label: ", error))
        {
          g_clear_error (error);
          g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                       _("%s: label #%u: name, color and key must be strings"), path, i + 1);
          return FALSE;
        }
      if (name == NULL || *name == '\0')
        {
          g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                       _("%s: label #%u has no name"), path, i + 1);
          return FALSE;
        }
      if (labels_out == NULL)
        continue;
      l = g_new0 (HashiyaLabel, 1);
      l->name = g_strdup (name);
      l->color = g_strdup (color);
      l->key = g_strdup (key);
      l->position = i;
      g_ptr_array_add (labels_out, l);
    }
  return TRUE;
}

static gboolean
parse_json_file (const char                 *path,
                 const char                 *data,
                 gsize                       len,
                 const HashiyaImportOptions *options,
                 GPtrArray                  *docs_out,
                 GPtrArray                  *labels_out,
                 HashiyaImportReport        *report,
                 GError                    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) node_lines = g_hash_table_new (NULL, NULL);
  JsonNode *root;
  JsonObject *o;
  JsonNode *n;
  JsonArray *docs;
  guint n_docs;

  g_signal_connect (parser, "array-element", G_CALLBACK (on_array_element), node_lines);
  if (!hashiya_json_guard_load (parser, path, data, len, 1, &local_error))
    {
      if (hashiya_json_guard_is_guard_error (local_error))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        syntax_error (error, path, 0, local_error);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_FORMAT,
                   _("%s: not a Hashiya JSON file: the top level must be an object with "
                   "\"format\": \"hashiya/1\""), path);
      return FALSE;
    }
  o = json_node_get_object (root);

  n = json_object_get_member (o, "format");
  if (n != NULL && (!holds_type (n, G_TYPE_STRING)
                    || strcmp (json_node_get_string (n), "hashiya/1") != 0))
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_FORMAT,
                   _("%s: \"format\" is not \"hashiya/1\"; this version reads hashiya/1 only"), path);
      return FALSE;
    }
  n = json_object_get_member (o, "offsets");
  if (n != NULL && (!holds_type (n, G_TYPE_STRING)
                    || strcmp (json_node_get_string (n), "codepoint") != 0))
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_FORMAT,
                   _("%s: \"offsets\" must be \"codepoint\""), path);
      return FALSE;
    }

  n = get_member (o, "labels");
  if (n != NULL)
    {
      if (!JSON_NODE_HOLDS_ARRAY (n))
        {
          g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                       _("%s: \"labels\" must be an array"), path);
          return FALSE;
        }
      if (!parse_labels (json_node_get_array (n), path, labels_out, error))
        return FALSE;
    }

  n = get_member (o, "judgement_schema");
  if (n != NULL)
    {
      g_autoptr(GError) local = NULL;
      HashiyaJudgementSchema *schema = hashiya_judgement_schema_from_json (n, &local);

      if (schema == NULL)
        {
          g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                       _("%s: \"judgement_schema\": %s"), path, local->message);
          return FALSE;
        }
      if (report != NULL)
        {
          g_clear_pointer (&report->schema, hashiya_judgement_schema_free);
          report->schema = schema;
        }
      else
        hashiya_judgement_schema_free (schema);
    }

  n = json_object_get_member (o, "documents");
  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n))
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                   _("%s: \"documents\" is missing or not an array"), path);
      return FALSE;
    }
  docs = json_node_get_array (n);
  n_docs = json_array_get_length (docs);
  for (guint i = 0; i < n_docs; i++)
    {
      Where w = { path, i + 1, 0, node_lines, 0 };

      if (!parse_document (json_array_get_element (docs, i), &w, n_docs, options, docs_out,
                           report, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
hashiya_json_reader_parse_line (JsonParser                 *parser,
                                const char                 *path,
                                const char                 *line_text,
                                gsize                       len,
                                guint                       line,
                                guint                       doc_index,
                                guint                       n_docs_hint,
                                const HashiyaImportOptions *options,
                                GPtrArray                  *docs_out,
                                HashiyaImportReport        *report,
                                GError                    **error)
{
  g_autoptr(GError) local_error = NULL;
  Where w = { path, doc_index, line, NULL, 0 };

  if (!hashiya_json_guard_load (parser, path, line_text, len, line, &local_error))
    {
      if (hashiya_json_guard_is_guard_error (local_error))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        syntax_error (error, path, line, local_error);
      return FALSE;
    }
  return parse_document (json_parser_get_root (parser), &w, n_docs_hint, options, docs_out,
                         report, error);
}

static gboolean
parse_jsonl_file (const char                 *path,
                  const char                 *data,
                  gsize                       len,
                  const HashiyaImportOptions *options,
                  GPtrArray                  *docs_out,
                  HashiyaImportReport        *report,
                  GError                    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *p = data, *end = data + len;
  guint line = 0, n_docs = 0, n_lines = 0;

  /* count lines first so sources get a "#N" suffix only when there are several */
  for (const char *q = data; q < end; q++)
    if (*q == '\n')
      n_lines++;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *a = p;

      if (eol == NULL)
        eol = end;
      line++;
      while (a < eol && g_ascii_isspace (*a))
        a++;
      if (a < eol
          && !hashiya_json_reader_parse_line (parser, path, p, eol - p, line, ++n_docs,
                                              n_lines + 1, options, docs_out, report, error))
        return FALSE;
      p = eol + 1;
    }
  if (n_docs == 0)
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_EMPTY,
                   _("%s: no documents"), path);
      return FALSE;
    }
  return TRUE;
}

gboolean
hashiya_parse_hashiya_json_full (const char                 *path,
                                 const char                 *data,
                                 gsize                       len,
                                 gboolean                    jsonl,
                                 const HashiyaImportOptions *options,
                                 GPtrArray                  *docs_out,
                                 GPtrArray                  *labels_out,
                                 HashiyaImportReport        *report,
                                 GError                    **error)
{
  g_autoptr(HashiyaImportReport) own_report = NULL;
  guint first = docs_out ? docs_out->len : 0;
  gboolean ok;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (docs_out != NULL, FALSE);

  if (path == NULL)
    path = "(input)";
  if (report == NULL)
    report = own_report = hashiya_import_report_new (path);

  if (jsonl)
    ok = parse_jsonl_file (path, data, len, options, docs_out, report, error);
  else
    ok = parse_json_file (path, data, len, options, docs_out, labels_out, report, error);

  if (!ok && docs_out->len > first)
    g_ptr_array_remove_range (docs_out, first, docs_out->len - first);
  return ok;
}

gboolean
hashiya_parse_hashiya_json (const char                 *path,
                            const char                 *data,
                            gsize                       len,
                            gboolean                    jsonl,
                            const HashiyaImportOptions *options,
                            GPtrArray                  *docs_out,
                            HashiyaImportReport        *report,
                            GError                    **error)
{
  return hashiya_parse_hashiya_json_full (path, data, len, jsonl, options, docs_out, NULL,
                                          report, error);
}
