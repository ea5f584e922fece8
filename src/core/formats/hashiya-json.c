/* hashiya-json.c: the hashiya/1 JSON and JSONL formats: detection and the writer (the reader is hashiya-json-reader.c)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JSON: "id" of a document is its 1-based position in the project's document list
 * (ordered by id), also when doc_ids selects some; "id" of an entity is its 1-based
 * position in the document's entity list (start, longest first, then creation). Import
 * times, modification times and store ids are never written, so export → import → export
 * gives the same bytes. "date" appears only when set, an entity's "note", "value",
 * "calendar" and "anchor" only when set.
 * A JSONL line is one document object (no labels).
 *
 * Judgement schemas: a judgement object has one member per field of the project's schema,
 * in the schema's order after the five built-in ones (which are always written, null when
 * unset, as before schemas existed): a string for single choice and free text, true/false
 * for yes/no, an array of choice names for multi choice, null when unset. A project whose
 * schema is not exactly the default one writes it as "judgement_schema" after "labels"
 * (hashiya-judgement-schema-json.h). A comment that replies to another has "parent": its
 * index (left out for top-level comments).
 *
 * Documents are serialised by hand into one GString each (hashiya-format-io.h says why);
 * the labels header still goes through json-glib.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "hashiya-json.h"
#include "hashiya-format-io.h"
#include "hashiya-judgement-schema-json.h"

/* ---- detection ------------------------------------------------------------------ */

static gboolean
has_hashiya_format (JsonObject *obj,
                    gboolean    or_missing)
{
  const char *fmt = NULL;

  if (json_object_has_member (obj, "format")
      && JSON_NODE_HOLDS_VALUE (json_object_get_member (obj, "format")))
    fmt = json_object_get_string_member (obj, "format");
  return fmt != NULL ? g_str_has_prefix (fmt, "hashiya/") : or_missing;
}

/* {"format":"hashiya/1", …, "documents": […]} written on one line or many */
static guint
json_detect (HashiyaSniff *sniff)
{
  JsonObject *obj;

  if (hashiya_sniff_json_opening (sniff) != '{')
    return 0;
  if (hashiya_sniff_json_window_has (sniff, "\"documents\"")
      && hashiya_sniff_json_window_has (sniff, "hashiya/"))
    return 95;
  obj = hashiya_sniff_json_first_object (sniff);
  if (obj != NULL)
    return json_object_has_member (obj, "documents") && has_hashiya_format (obj, TRUE) ? 90 : 0;
  /* pretty-printed, too long to try or broken (the parser will then say where) */
  return hashiya_sniff_json_window_has (sniff, "hashiya/") ? 50 : 0;
}

/* one document object per line */
static guint
jsonl_detect (HashiyaSniff *sniff)
{
  JsonObject *obj;

  if (hashiya_sniff_json_opening (sniff) != '{')
    return 0;
  obj = hashiya_sniff_json_first_object (sniff);
  if (obj == NULL)
    return hashiya_sniff_json_window_has (sniff, "\"sha256\"")
           || hashiya_sniff_json_window_has (sniff, "\"segments\"") ? 40 : 0;
  if (has_hashiya_format (obj, FALSE)
      || json_object_has_member (obj, "segments")
      || json_object_has_member (obj, "sha256")
      || json_object_has_member (obj, "comments"))
    return 85;
  switch (hashiya_sniff_entities_kind (obj))
    {
    case HASHIYA_SNIFF_ENTITIES_HASHIYA:
      return 65;
    case HASHIYA_SNIFF_ENTITIES_UNSURE:
      return json_object_has_member (obj, "source") ? 64 : 0;
    default:
      return 0;
    }
}

/* ---- reading -------------------------------------------------------------------- */

static gboolean
json_read (const char                 *path,
           char                      **data,
           gsize                       len,
           const HashiyaImportOptions *options,
           GPtrArray                  *docs_out,
           GPtrArray                  *labels_out,
           HashiyaImportReport        *report,
           GError                    **error)
{
  return hashiya_parse_hashiya_json_full (path, *data, len, FALSE, options, docs_out,
                                          labels_out, report, error);
}

static gboolean
jsonl_read (const char                 *path,
            char                      **data,
            gsize                       len,
            const HashiyaImportOptions *options,
            GPtrArray                  *docs_out,
            GPtrArray                  *labels_out,
            HashiyaImportReport        *report,
            GError                    **error)
{
  return hashiya_parse_hashiya_json_full (path, *data, len, TRUE, options, docs_out,
                                          labels_out, report, error);
}

/* ---- writing -------------------------------------------------------------------- */

static gboolean
judgement_selected (const HashiyaExportOptions *options,
                    const HashiyaJudgement     *j)
{
  return options->annotator == NULL || g_strcmp0 (j->annotator, options->annotator) == 0;
}

/* ,"provenance":{…}: how a gold item was decided (region: a span's, not a comment's). */
static void
json_provenance (GString                     *b,
                 const HashiyaItemProvenance *p,
                 gboolean                     region)
{
  hashiya_json_member_string (b, ",\"provenance\":{\"choice\":", p->choice);
  if (region)
    {
      hashiya_json_member_int (b, ",\"start\":", p->start);
      hashiya_json_member_int (b, ",\"end\":", p->end);
    }
  hashiya_json_member_string (b, ",\"chosen\":", p->chosen);
  g_string_append (b, ",\"agreed\":[");
  for (guint i = 0; p->agreed != NULL && p->agreed[i] != NULL; i++)
    hashiya_json_member_string (b, i == 0 ? "" : ",", p->agreed[i]);
  g_string_append_c (b, ']');
  hashiya_json_member_string (b, ",\"decided_by\":", p->decided_by);
  hashiya_json_member_int (b, ",\"decided_at\":", p->decided_at);
  g_string_append_c (b, '}');
}

/* The judgement's values of the schema's fields other than the five built-in ones. */
static void
json_custom_values (GString                      *b,
                    const HashiyaJudgementSchema *schema,
                    const HashiyaJudgement       *jd)
{
  for (guint f = 0; schema != NULL && f < schema->fields->len; f++)
    {
      const HashiyaField *field = g_ptr_array_index (schema->fields, f);
      const char *value;

      if (hashiya_field_name_is_builtin (field->name))
        continue;
      value = hashiya_judgement_get_value (jd, field->name);
      g_string_append_c (b, ',');
      hashiya_json_append_string_len (b, field->name, strlen (field->name));
      g_string_append_c (b, ':');
      if (value == NULL)
        g_string_append (b, "null");
      else if (field->kind == HASHIYA_FIELD_YESNO)
        g_string_append (b, g_str_equal (value, "yes") ? "true" : "false");
      else if (field->kind == HASHIYA_FIELD_MULTI)
        {
          g_auto(GStrv) names = hashiya_judgement_get_choices (jd, field->name);

          g_string_append_c (b, '[');
          for (guint i = 0; names[i] != NULL; i++)
            {
              if (i > 0)
                g_string_append_c (b, ',');
              hashiya_json_append_string_len (b, names[i], strlen (names[i]));
            }
          g_string_append_c (b, ']');
        }
      else
        hashiya_json_append_string_len (b, value, strlen (value));
    }
}

/* Serialises one document into out->buf (appending). */
static gboolean
json_document (HashiyaWriteJob       *job,
               const HashiyaWriteDoc *d,
               HashiyaWriteOut       *out,
               HashiyaExportReport   *report,
               GError               **error)
{
  HashiyaText *text = d->text;
  GArray *segments = d->segments;
  GPtrArray *spans = d->spans;
  GPtrArray *judgements = d->judgements;
  const HashiyaDocument *doc = d->doc;
  GString *b = out->buf;
  guint entity_id = 0, j = 0;
  gboolean first;
  const char *utf8;
  gsize n_bytes;
  HashiyaTextCursor cursor;
  const HashiyaExportOptions *options = job->options;

  utf8 = hashiya_text_get_utf8 (text, &n_bytes);

  hashiya_json_member_int (b, "{\"id\":", d->position);
  hashiya_json_member_string (b, ",\"source\":", doc->source);
  hashiya_json_member_string (b, ",\"sha256\":", doc->sha256);
  if (doc->date != NULL)
    hashiya_json_member_string (b, ",\"date\":", doc->date);
  hashiya_json_member_tristate (b, ",\"done\":", doc->done ? 1 : 0);
  /* the text in slices, so that a huge document is not held a second time */
  g_string_append (b, ",\"text\":\"");
  for (gsize off = 0; off < n_bytes; off += HASHIYA_WRITE_FLUSH_AT)
    {
      hashiya_json_append_escaped (b, utf8 + off, MIN (HASHIYA_WRITE_FLUSH_AT, n_bytes - off));
      if (!hashiya_write_out_flush (out, error))
        return FALSE;
    }
  g_string_append_c (b, '"');

  g_string_append (b, ",\"segments\":[");
  for (guint i = 0; i < segments->len; i++)
    {
      const HashiyaSegment *seg = &g_array_index (segments, HashiyaSegment, i);

      hashiya_json_member_string (b, i == 0 ? "{\"kind\":" : ",{\"kind\":",
                          hashiya_segment_kind_to_string (seg->kind));
      hashiya_json_member_int (b, ",\"start\":", seg->start);
      hashiya_json_member_int (b, ",\"end\":", seg->end);
      g_string_append_c (b, '}');
    }

  g_string_append (b, "],\"entities\":[");
  hashiya_text_cursor_init (&cursor, text);
  for (guint i = 0; i < spans->len; i++)
    {
      const HashiyaSpan *span = g_ptr_array_index (spans, i);
      const char *s = NULL, *e = NULL;

      if (options->annotator != NULL && g_strcmp0 (span->annotator, options->annotator) != 0)
        continue;
      /* the slice, found by walking the text (not through the offset index), and checked
       * against the index: both must agree */
      if (span->start >= 0 && span->end > span->start
          && (gsize) span->end <= hashiya_text_get_length (text))
        {
          s = hashiya_text_cursor_seek (&cursor, span->start);
          e = s;
          for (gint64 k = span->start; k < span->end && e < utf8 + n_bytes; k++)
            e = g_utf8_next_char (e);
        }
      if (!hashiya_format_check_entity_bytes (text, span, s, e - s, doc->id, error))
        return FALSE;
      entity_id++;
      hashiya_json_member_int (b, entity_id == 1 ? "{\"id\":" : ",{\"id\":", entity_id);
      hashiya_json_member_int (b, ",\"start\":", span->start);
      hashiya_json_member_int (b, ",\"end\":", span->end);
      hashiya_json_member_string (b, ",\"label\":", span->label);
      g_string_append (b, ",\"text\":");
      hashiya_json_append_string_len (b, s, e - s);
      hashiya_json_member_string (b, ",\"annotator\":", span->annotator);
      hashiya_json_member_string (b, ",\"origin\":", span->origin);
      if (span->note != NULL)
        hashiya_json_member_string (b, ",\"note\":", span->note);
      if (span->value != NULL)
        hashiya_json_member_string (b, ",\"value\":", span->value);
      if (span->calendar != NULL)
        hashiya_json_member_string (b, ",\"calendar\":", span->calendar);
      if (span->anchor != NULL)
        hashiya_json_member_string (b, ",\"anchor\":", span->anchor);
      if (d->span_provenance != NULL && g_ptr_array_index (d->span_provenance, i) != NULL)
        json_provenance (b, g_ptr_array_index (d->span_provenance, i), TRUE);
      g_string_append_c (b, '}');
      if (!hashiya_write_out_flush (out, error))
        return FALSE;
    }

  g_string_append (b, "],\"comments\":[");
  first = TRUE;
  for (guint i = 0; i < segments->len; i++)
    {
      const HashiyaSegment *seg = &g_array_index (segments, HashiyaSegment, i);
      gsize a, z;
      gboolean first_j = TRUE;

      if (seg->kind != HASHIYA_SEGMENT_COMMENT)
        continue;
      hashiya_json_member_int (b, first ? "{\"index\":" : ",{\"index\":", seg->comment_index);
      first = FALSE;
      if (seg->parent_index > 0)
        hashiya_json_member_int (b, ",\"parent\":", seg->parent_index);
      hashiya_json_member_int (b, ",\"start\":", seg->start);
      hashiya_json_member_int (b, ",\"end\":", seg->end);
      a = hashiya_text_cp_to_byte (text, seg->start);
      z = hashiya_text_cp_to_byte (text, seg->end);
      g_string_append (b, ",\"text\":");
      hashiya_json_append_string_len (b, utf8 + a, z - a);
      g_string_append (b, ",\"judgements\":[");
      /* judgements come ordered by comment index */
      while (j < judgements->len
             && ((HashiyaJudgement *) g_ptr_array_index (judgements, j))->comment_index
                < seg->comment_index)
        j++;
      for (; j < judgements->len; j++)
        {
          const HashiyaJudgement *jd = g_ptr_array_index (judgements, j);

          if (jd->comment_index != seg->comment_index)
            break;
          if (!judgement_selected (options, jd))
            continue;
          hashiya_json_member_string (b, first_j ? "{\"annotator\":" : ",{\"annotator\":",
                              jd->annotator);
          first_j = FALSE;
          hashiya_json_member_string (b, ",\"sentiment\":", hashiya_sentiment_to_string (jd->sentiment));
          hashiya_json_member_tristate (b, ",\"offensive\":", jd->offensive);
          hashiya_json_member_tristate (b, ",\"hate_speech\":", jd->hate_speech);
          hashiya_json_member_string (b, ",\"decision\":", hashiya_decision_to_string (jd->decision));
          hashiya_json_member_string (b, ",\"note\":", jd->note);
          json_custom_values (b, job->schema, jd);
          if (d->judgement_provenance != NULL && g_ptr_array_index (d->judgement_provenance, j) != NULL)
            json_provenance (b, g_ptr_array_index (d->judgement_provenance, j), FALSE);
          g_string_append_c (b, '}');
        }
      g_string_append (b, "]}");
    }
  g_string_append (b, "]}");

  if (report != NULL)
    {
      report->n_documents++;
      report->n_entities += entity_id;
    }
  return TRUE;
}

static char *
json_labels (GPtrArray *labels,
             gsize     *len)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < labels->len; i++)
    {
      const HashiyaLabel *label = g_ptr_array_index (labels, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, label->name);
      json_builder_set_member_name (b, "color");
      json_builder_add_string_value (b, label->color);
      json_builder_set_member_name (b, "key");
      if (label->key != NULL)
        json_builder_add_string_value (b, label->key);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, len);
}

static gboolean
json_render (HashiyaWriteJob       *job,
             const HashiyaWriteDoc *doc,
             HashiyaWriteOut       *out,
             HashiyaExportReport   *report,
             GError               **error)
{
  gboolean lines = job->format != &hashiya_format_json;

  if (!lines)
    g_string_append (out->buf, doc->index == 0 ? "\n" : ",\n");
  if (!json_document (job, doc, out, report, error))
    return FALSE;
  if (lines)
    g_string_append_c (out->buf, '\n');
  return TRUE;
}

static gboolean
json_begin (HashiyaWriteJob *job,
            GString         *head,
            GError         **error)
{
  job->fetch = HASHIYA_FETCH_JUDGEMENTS | HASHIYA_FETCH_PROVENANCE;
  if (job->format == &hashiya_format_json)
    {
      gsize len = 0;
      g_autofree char *labels = json_labels (job->labels, &len);

      g_string_append (head, "{\"format\":\"hashiya/1\",\"offsets\":\"codepoint\",\"labels\":");
      g_string_append_len (head, labels, len);
      if (job->schema != NULL && !hashiya_judgement_schema_is_default (job->schema))
        {
          g_autoptr(JsonNode) node = hashiya_judgement_schema_to_json (job->schema);
          g_autoptr(JsonGenerator) gen = json_generator_new ();
          g_autofree char *data = NULL;

          json_generator_set_root (gen, node);
          data = json_generator_to_data (gen, NULL);
          g_string_append (head, ",\"judgement_schema\":");
          g_string_append (head, data);
        }
      g_string_append (head, ",\"documents\":[");
    }
  return TRUE;
}

static gboolean
json_end (HashiyaWriteJob *job,
          gboolean         ok,
          GString         *tail,
          GError         **error)
{
  if (ok && job->format == &hashiya_format_json)
    g_string_append (tail, "\n]}\n");
  return TRUE;
}

static const HashiyaFormatWriter json_writer = {
  .flags = HASHIYA_WRITER_PARALLEL,
  .begin = json_begin,
  .document = json_render,
  .end = json_end,
};

static const char * const json_extensions[] = { "json", NULL };
static const char * const jsonl_extensions[] = { "jsonl", NULL };

const HashiyaFormatDesc hashiya_format_json = {
  .name = "json",
  .title = N_("Hashiya JSON/JSONL"),
  .label = N_("Hashiya JSON"),
  .extensions = json_extensions,
  .detect = json_detect,
  .read = json_read,
  .writer = &json_writer,
};

const HashiyaFormatDesc hashiya_format_jsonl = {
  .name = "jsonl",
  .label = N_("Hashiya JSON Lines"),
  .extensions = jsonl_extensions,
  .detect = jsonl_detect,
  .read = jsonl_read,
  .writer = &json_writer,
  .read_stream = hashiya_json_read_jsonl_stream,
};
