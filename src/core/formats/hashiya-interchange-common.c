/* hashiya-interchange-common.c: what the doccano, spaCy, Label Studio and brat modules share
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "hashiya-interchange-common.h"
#include "hashiya-interchange-schema.h"
/* ---- offsets ---------------------------------------------------------------- */

/* Offsets in UTF-16 units are converted by HashiyaText (hashiya-text.c), the one place
 * that knows code points, bytes and UTF-16. */

/* ---- parsed documents -------------------------------------------------------- */


void
hashiya_ix_raw_span_free (gpointer p)
{
  HashiyaRawSpan *r = p;
  g_free (r->label);
  g_free (r->note);
  g_free (r->annotator);
  g_free (r->text);
  g_free (r);
}


void
hashiya_ix_raw_judgement_free (gpointer p)
{
  HashiyaRawJudgement *r = p;
  g_free (r->field);
  g_free (r->value);
  g_free (r->annotator);
  g_free (r);
}


void
hashiya_ix_ctx_message (HashiyaReadCtx *ctx, const char *format, ...)
{
  va_list args;

  if (ctx->report == NULL || ctx->report->messages == NULL)
    return;
  va_start (args, format);
  g_ptr_array_add (ctx->report->messages, g_strdup_vprintf (format, args));
  va_end (args);
}

const char *
hashiya_ix_ctx_annotator (HashiyaReadCtx *ctx, const char *from_file)
{
  if (from_file && *from_file)
    return from_file;
  if (ctx->options && ctx->options->annotator)
    return ctx->options->annotator;
  return g_get_user_name ();
}

/* Label names hold no whitespace: aliases first, then spaces become '_'. */
char *
hashiya_ix_clean_label (HashiyaReadCtx *ctx, const char *where, const char *label)
{
  const char *alias = ctx->options && ctx->options->aliases
                      ? g_hash_table_lookup (ctx->options->aliases, label) : NULL;
  char *out = g_strdup (alias ? alias : label);
  gboolean changed = FALSE;

  g_strstrip (out);
  for (char *p = out; *p; p++)
    if (g_ascii_isspace (*p))
      {
        *p = '_';
        changed = TRUE;
      }
  if (changed && g_hash_table_add (ctx->renamed, g_strdup (label)))
    hashiya_ix_ctx_message (ctx, _("%s: label “%s” holds spaces; imported as “%s”"), where, label, out);
  return out;
}

void
hashiya_ix_line_segments (const char *text, GArray *segments)
{
  gint64 cp = 0, last_non_space = -1, first_non_space = -1;

  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == '\n' || c == 0)
        {
          if (first_non_space >= 0)
            {
              HashiyaSegment s = { HASHIYA_SEGMENT_PARAGRAPH, first_non_space, last_non_space + 1, 0 };
              g_array_append_val (segments, s);
            }
          if (c == 0)
            break;
          first_non_space = last_non_space = -1;
        }
      else if (!g_unichar_isspace (c))
        {
          if (first_non_space < 0)
            first_non_space = cp;
          last_non_space = cp;
        }
      cp++;
    }
}

gboolean
hashiya_ix_parse_judgement_value (HashiyaRawJudgement *rj, HashiyaJudgement *j)
{
  const char *f = rj->field, *v = rj->value;

  if (strcmp (f, "sentiment") == 0)
    return hashiya_sentiment_from_string (v, &j->sentiment);
  if (strcmp (f, "decision") == 0)
    return hashiya_decision_from_string (v, &j->decision);
  if (strcmp (f, "offensive") == 0 || strcmp (f, "hate-speech") == 0
      || strcmp (f, "hate_speech") == 0)
    {
      int b;
      if (g_ascii_strcasecmp (v, "yes") == 0 || g_ascii_strcasecmp (v, "true") == 0)
        b = 1;
      else if (g_ascii_strcasecmp (v, "no") == 0 || g_ascii_strcasecmp (v, "false") == 0)
        b = 0;
      else
        return FALSE;
      if (f[0] == 'o')
        j->offensive = b;
      else
        j->hate_speech = b;
      return TRUE;
    }
  if (strcmp (f, "note") == 0)
    {
      g_free (j->note);
      j->note = g_strdup (v);
      return TRUE;
    }
  return FALSE;
}

/* Builds one document: converts offsets (utf16 = file counts UTF-16 units), removes CR
 * (remapping offsets), checks every span. segments_in: HashiyaSegment in the file's unit
 * or NULL (one paragraph per non-empty line). */
HashiyaParsedDoc *
hashiya_ix_build_doc (HashiyaReadCtx *ctx, const char *doc_where, const char *source, const char *text_in,
                      gboolean utf16, GArray *segments_in, GPtrArray *raw_spans,
                      GPtrArray *raw_judgements, GPtrArray *doc_labels, GError **error)
{
  g_autoptr(HashiyaParsedDoc) doc = hashiya_parsed_doc_new ();
  g_autoptr(HashiyaText) source_text = NULL;  /* the text as the file has it, for UTF-16 */
  g_autofree gint64 *remap = NULL;     /* old cp → new cp, when CRs were removed */
  g_autofree gsize *byte_of = NULL;    /* new cp → byte */
  gsize n_cp = 0, n_new = 0;
  GString *clean;
  const char *vend;
  const char *where = doc_where;

  if (!g_utf8_validate (text_in, -1, &vend))
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_ENCODING,
                   _("%s: the text is not valid UTF-8 at byte %" "zu"), where,
                   (gsize) (vend - text_in));
      return NULL;
    }
  if (*text_in == '\0')
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_EMPTY,
                   _("%s: the text is empty"), where);
      return NULL;
    }
  if (utf16)
    {
      source_text = hashiya_text_new (text_in, -1, error);
      if (source_text == NULL)
        return NULL;
      n_cp = hashiya_text_get_length (source_text);
    }
  else
    n_cp = g_utf8_strlen (text_in, -1);

  /* CRLF / CR → LF, keeping a map of old code points to new ones */
  remap = g_new (gint64, n_cp + 1);
  clean = g_string_sized_new (strlen (text_in));
  {
    gsize i = 0;
    for (const char *p = text_in; *p; p = g_utf8_next_char (p), i++)
      {
        remap[i] = n_new;
        if (*p == '\r')
          {
            if (p[1] == '\n')
              continue;          /* the LF that follows takes this position */
            g_string_append_c (clean, '\n');
          }
        else
          g_string_append_len (clean, p, g_utf8_next_char (p) - p);
        n_new++;
      }
    remap[n_cp] = n_new;
  }
  byte_of = g_new (gsize, n_new + 1);
  {
    gsize i = 0;
    for (const char *p = clean->str; *p; p = g_utf8_next_char (p))
      byte_of[i++] = p - clean->str;
    byte_of[n_new] = clean->len;
  }

#define TO_CP(in, out, what)                                                          \
  G_STMT_START {                                                                      \
    gint64 _v = (in), _cp;                                                            \
    if (utf16)                                                                        \
      {                                                                               \
        gsize _c;                                                                     \
        if (_v < 0 || !hashiya_text_utf16_to_cp (source_text, (gsize) _v, &_c, NULL))    \
          {                                                                           \
            g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,      _(\
                         "%s: %s offset %" PRId64 " is outside the text "    \
                         "(%zu UTF-16 units) or inside a surrogate pair"),    \
                         where, what, _v,                                             \
                         hashiya_text_get_utf16_length (source_text));                \
            goto fail;                                                                \
          }                                                                           \
        _cp = (gint64) _c;                                                            \
      }                                                                               \
    else                                                                              \
      {                                                                               \
        if (_v < 0 || _v > (gint64) n_cp)                                             \
          {                                                                           \
            g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,      _(\
                         "%s: %s offset %" PRId64 " is outside the text "    \
                         "(%zu characters)"), where, what, _v, n_cp);         \
            goto fail;                                                                \
          }                                                                           \
        _cp = _v;                                                                     \
      }                                                                               \
    (out) = remap[_cp];                                                               \
  } G_STMT_END

  doc->source = g_strdup (source);
  doc->n_bytes = clean->len;
  doc->text = g_string_free (clean, FALSE);
  clean = NULL;

  if (segments_in != NULL && segments_in->len > 0)
    {
      int n_comments = 0;
      for (guint i = 0; i < segments_in->len; i++)
        {
          HashiyaSegment s = g_array_index (segments_in, HashiyaSegment, i);
          TO_CP (s.start, s.start, "segment start");
          TO_CP (s.end, s.end, "segment end");
          s.comment_index = s.kind == HASHIYA_SEGMENT_COMMENT ? ++n_comments : 0;
          g_array_append_val (doc->segments, s);
        }
    }
  else
    hashiya_ix_line_segments (doc->text, doc->segments);

  for (guint i = 0; raw_spans && i < raw_spans->len; i++)
    {
      HashiyaRawSpan *r = g_ptr_array_index (raw_spans, i);
      g_autofree char *where_line = r->line ? g_strdup_printf ("%s:%u", ctx->path, r->line) : NULL;
      const char *where = where_line ? where_line : doc_where;
      HashiyaSpan *s;
      gint64 start, end;

      TO_CP (r->start, start, "span start");
      TO_CP (r->end, end, "span end");
      if (start >= end)
        {
          g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                       _("%s: span %" PRId64 "-%" PRId64 " %s is empty or "
                       "reversed"), where, r->start, r->end, r->label);
          goto fail;
        }
      if (r->text != NULL)
        {
          g_autofree char *slice = g_strndup (doc->text + byte_of[start],
                                              byte_of[end] - byte_of[start]);
          g_autofree char *want = g_strdup (r->text);
          /* brat writes line breaks inside a span as spaces */
          for (char *p = slice; *p; p++)
            if (*p == '\n')
              *p = ' ';
          for (char *p = want; *p; p++)
            if (*p == '\n' || *p == '\r')
              *p = ' ';
          if (strcmp (slice, want) != 0)
            {
              g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                           _("%s: span %" PRId64 "-%" PRId64 " %s: the file "
                           "says “%s” but the text there is “%s”"), where, r->start, r->end,
                           r->label, r->text, slice);
              goto fail;
            }
        }
      s = g_new0 (HashiyaSpan, 1);
      s->start = start;
      s->end = end;
      s->label = hashiya_ix_clean_label (ctx, where, r->label);
      s->annotator = g_strdup (hashiya_ix_ctx_annotator (ctx, r->annotator));
      s->origin = g_strdup ("import");
      s->note = g_strdup (r->note);
      if (s->label[0] == '\0')
        {
          hashiya_span_free (s);
          g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                       _("%s: span %" PRId64 "-%" PRId64 " has an empty label"),
                       where, r->start, r->end);
          goto fail;
        }
      g_ptr_array_add (doc->spans, s);
    }

  /* judgements: grouped by (comment, annotator) */
  for (guint i = 0; raw_judgements && i < raw_judgements->len; i++)
    {
      HashiyaRawJudgement *rj = g_ptr_array_index (raw_judgements, i);
      const char *annotator = hashiya_ix_ctx_annotator (ctx, rj->annotator);
      HashiyaJudgement *j = NULL;
      int comment = rj->comment;

      if (comment <= 0)
        {
          gint64 s, e;
          TO_CP (rj->start, s, "choice start");
          TO_CP (rj->end, e, "choice end");
          for (guint k = 0; k < doc->segments->len; k++)
            {
              HashiyaSegment *seg = &g_array_index (doc->segments, HashiyaSegment, k);
              if (seg->kind == HASHIYA_SEGMENT_COMMENT && seg->start == s && seg->end == e)
                comment = seg->comment_index;
            }
          if (comment <= 0)
            {
              g_autofree char *cat = g_strdup_printf ("%s=%s", rj->field, rj->value);
              hashiya_ix_ctx_message (ctx, _("%s: %s on %" PRId64 "-%" PRId64 " is not on "
                           "a comment; kept as a document category"), where, cat, rj->start,
                           rj->end);
              g_ptr_array_add (doc->doc_labels, g_steal_pointer (&cat));
              continue;
            }
        }
      else
        {
          int n_comments = 0;
          for (guint k = 0; k < doc->segments->len; k++)
            if (g_array_index (doc->segments, HashiyaSegment, k).kind == HASHIYA_SEGMENT_COMMENT)
              n_comments++;
          if (comment > n_comments)
            {
              g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                           _("%s: a judgement names comment %d but the document has %d comments"),
                           where, comment, n_comments);
              goto fail;
            }
        }
      for (guint k = 0; k < doc->judgements->len; k++)
        {
          HashiyaJudgement *x = g_ptr_array_index (doc->judgements, k);
          if (x->comment_index == comment && g_strcmp0 (x->annotator, annotator) == 0)
            j = x;
        }
      if (j == NULL)
        {
          j = g_new0 (HashiyaJudgement, 1);
          j->comment_index = comment;
          j->annotator = g_strdup (annotator);
          j->offensive = -1;
          j->hate_speech = -1;
          g_ptr_array_add (doc->judgements, j);
        }
      {
        /* read into a blank judgement first: a field this annotator already gave the
         * comment another value is a conflict, reported, the first value kept */
        HashiyaJudgement got = { 0 };
        gboolean conflict = FALSE;

        got.offensive = got.hate_speech = -1;
        if (!hashiya_ix_parse_judgement_value (rj, &got)
            && !hashiya_ix_add_custom_value (j, rj->field, rj->value))
          {
            g_free (got.note);
            g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                         _("%s: cannot read the judgement %s=%s of comment %d"), where, rj->field,
                         rj->value, comment);
            goto fail;
          }
#define MERGE_FIELD(f, unset)                                            \
        if (got.f != (unset))                                            \
          {                                                              \
            if (j->f != (unset) && j->f != got.f)                        \
              conflict = TRUE;                                           \
            else                                                         \
              j->f = got.f;                                              \
          }
        MERGE_FIELD (sentiment, HASHIYA_SENTIMENT_NONE);
        MERGE_FIELD (offensive, -1);
        MERGE_FIELD (hate_speech, -1);
        MERGE_FIELD (decision, HASHIYA_DECISION_NONE);
#undef MERGE_FIELD
        if (got.note != NULL)
          {
            if (j->note != NULL && strcmp (j->note, got.note) != 0)
              conflict = TRUE;
            else if (j->note == NULL)
              j->note = g_strdup (got.note);
          }
        g_free (got.note);
        if (conflict)
          hashiya_ix_ctx_message (ctx, _("%s: comment %d: %s judged %s=%s, but the same annotator "
                                         "already gave it another value; the first was kept"),
                                  where, comment, annotator, rj->field, rj->value);
      }
    }

  for (guint i = 0; doc_labels && i < doc_labels->len; i++)
    g_ptr_array_add (doc->doc_labels, g_strdup (g_ptr_array_index (doc_labels, i)));

  return g_steal_pointer (&doc);

fail:
  return NULL;
#undef TO_CP
}

/* "comment-3/sentiment=negative" → judgement; other cats stay document labels. */
void
hashiya_ix_sort_cat (const char *cat, GPtrArray *judgements, GPtrArray *doc_labels)
{
  int comment = 0;
  char *field = NULL, *value = NULL;

  if (hashiya_ix_split_cat (cat, &comment, &field, &value))
    {
      HashiyaRawJudgement *rj = g_new0 (HashiyaRawJudgement, 1);
      rj->comment = comment;
      rj->start = rj->end = -1;
      rj->field = field;
      rj->value = value;
      g_ptr_array_add (judgements, rj);
    }
  else
    g_ptr_array_add (doc_labels, g_strdup (cat));
}

/* ---- JSON helpers ------------------------------------------------------------- */

gboolean
hashiya_ix_node_int (JsonNode *n, gint64 *out)
{
  if (n == NULL || JSON_NODE_TYPE (n) != JSON_NODE_VALUE)
    return FALSE;
  switch (json_node_get_value_type (n))
    {
    case G_TYPE_INT64:
      *out = json_node_get_int (n);
      return TRUE;
    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (n);
        if (d != (double) (gint64) d)
          return FALSE;
        *out = (gint64) d;
        return TRUE;
      }
    default:
      return FALSE;
    }
}

const char *
hashiya_ix_node_string (JsonNode *n)
{
  if (n == NULL || JSON_NODE_TYPE (n) != JSON_NODE_VALUE
      || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

JsonNode *
hashiya_ix_member (JsonObject *o, const char *name)
{
  return o && json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;
}

JsonArray *
hashiya_ix_member_array (JsonObject *o, const char *name)
{
  JsonNode *n = hashiya_ix_member (o, name);
  return n && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
}

JsonObject *
hashiya_ix_member_object (JsonObject *o, const char *name)
{
  JsonNode *n = hashiya_ix_member (o, name);
  return n && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

gboolean
hashiya_ix_bad (GError **error, const char *where, const char *what)
{
  g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX, "%s: %s", where, what);
  return FALSE;
}

/* meta.segments: [["comment", start, end], …] */
gboolean
hashiya_ix_read_segments (JsonObject *meta, const char *where, GArray **out, GError **error)
{
  JsonArray *a = hashiya_ix_member_array (meta, "segments");

  *out = NULL;
  if (a == NULL)
    return TRUE;
  *out = g_array_new (FALSE, TRUE, sizeof (HashiyaSegment));
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *n = json_array_get_element (a, i);
      JsonArray *t = JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
      HashiyaSegment s = { 0 };
      const char *kind = t && json_array_get_length (t) == 3
                         ? hashiya_ix_node_string (json_array_get_element (t, 0)) : NULL;

      if (kind == NULL || !hashiya_segment_kind_from_string (kind, &s.kind)
          || !hashiya_ix_node_int (json_array_get_element (t, 1), &s.start)
          || !hashiya_ix_node_int (json_array_get_element (t, 2), &s.end))
        return hashiya_ix_bad (error, where, _("meta.segments holds an entry that is not [kind, start, end]"));
      g_array_append_val (*out, s);
    }
  return hashiya_ix_read_parents (meta, where, *out, error);
}


/* One span entry: [s, e, "L"] or {"start"/"start_offset", "end"/"end_offset", "label"}. */
HashiyaRawSpan *
hashiya_ix_read_span_entry (JsonNode *n)
{
  HashiyaRawSpan *r = g_new0 (HashiyaRawSpan, 1);
  const char *label = NULL;

  if (JSON_NODE_HOLDS_ARRAY (n))
    {
      JsonArray *a = json_node_get_array (n);
      if (json_array_get_length (a) >= 3 && hashiya_ix_node_int (json_array_get_element (a, 0), &r->start)
          && hashiya_ix_node_int (json_array_get_element (a, 1), &r->end))
        label = hashiya_ix_node_string (json_array_get_element (a, 2));
    }
  else if (JSON_NODE_HOLDS_OBJECT (n))
    {
      JsonObject *o = json_node_get_object (n);
      gboolean ok = (hashiya_ix_node_int (hashiya_ix_member (o, "start_offset"), &r->start)
                     || hashiya_ix_node_int (hashiya_ix_member (o, "start"), &r->start))
                    && (hashiya_ix_node_int (hashiya_ix_member (o, "end_offset"), &r->end)
                        || hashiya_ix_node_int (hashiya_ix_member (o, "end"), &r->end));
      if (ok)
        label = hashiya_ix_node_string (hashiya_ix_member (o, "label"));
      if (hashiya_ix_node_string (hashiya_ix_member (o, "text")))
        r->text = g_strdup (hashiya_ix_node_string (hashiya_ix_member (o, "text")));
    }
  if (label == NULL)
    {
      hashiya_ix_raw_span_free (r);
      return NULL;
    }
  r->label = g_strdup (label);
  return r;
}

gboolean
hashiya_ix_parse_jsonl (HashiyaJsonlKind kind, const char *path, const char *data, gsize len,
                        const HashiyaImportOptions *options, GPtrArray *docs_out,
                        HashiyaImportReport *report, GError **error)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_parsed_doc_free);
  g_autoptr(GHashTable) renamed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *base = g_path_get_basename (path ? path : "input.jsonl");
  HashiyaReadCtx ctx = { path ? path : "(input)", options, report, renamed };
  const char *p = data, *end = data + len;
  guint lineno = 0, n_relations = 0;
  gboolean utf16 = kind == HASHIYA_JSONL_DOCCANO && !(options && options->offsets_codepoint);

  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *le = nl ? nl : end;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) local = NULL;
      g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func (hashiya_ix_raw_span_free);
      g_autoptr(GPtrArray) judgements = g_ptr_array_new_with_free_func (hashiya_ix_raw_judgement_free);
      g_autoptr(GPtrArray) cats = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GArray) segments = NULL;
      g_autofree char *where = NULL, *source = NULL;
      JsonObject *o, *meta;
      JsonNode *root;
      JsonArray *a;
      const char *text;
      HashiyaParsedDoc *doc;
      gboolean blank = TRUE;

      lineno++;
      for (const char *q = p; q < le; q++)
        if (!g_ascii_isspace (*q))
          blank = FALSE;
      if (blank)
        {
          p = nl ? nl + 1 : end;
          continue;
        }
      where = g_strdup_printf ("%s:%u", ctx.path, lineno);
      if (!hashiya_json_guard_load (parser, ctx.path, p, le - p, lineno, &local))
        {
          if (hashiya_json_guard_is_guard_error (local))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX,
                       _("%s: not a JSON object: %s"), where, local->message);
          return FALSE;
        }
      p = nl ? nl + 1 : end;
      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        return hashiya_ix_bad (error, where, _("not a JSON object"));
      o = json_node_get_object (root);
      text = hashiya_ix_node_string (hashiya_ix_member (o, "text"));
      if (text == NULL)
        text = hashiya_ix_node_string (hashiya_ix_member (o, "data"));
      if (text == NULL)
        return hashiya_ix_bad (error, where, _("no \"text\" string"));

      /* spans: doccano "label" / "entities"; spaCy "spans" / "ents" / "entities" */
      {
        const char *keys[] = { "label", "labels", "entities", "spans", "ents", NULL };
        for (int k = 0; keys[k]; k++)
          {
            JsonNode *member = hashiya_ix_member (o, keys[k]);

            a = hashiya_ix_member_array (o, keys[k]);
            if (a == NULL)
              {
                /* spaCy span groups: {"spans": {"sc": [...]}} */
                JsonObject *groups = hashiya_ix_member_object (o, keys[k]);
                if (groups && kind == HASHIYA_JSONL_SPACY)
                  {
                    GList *names = json_object_get_members (groups);
                    for (GList *l = names; l; l = l->next)
                      {
                        JsonArray *ga = hashiya_ix_member_array (groups, l->data);
                        if (ga == NULL && !JSON_NODE_HOLDS_NULL (json_object_get_member (groups, l->data)))
                          {
                            g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                                         _("%s: the span group \"%s\" of \"%s\" is not a list"),
                                         where, (const char *) l->data, keys[k]);
                            g_list_free (names);
                            return FALSE;
                          }
                        for (guint i = 0; ga && i < json_array_get_length (ga); i++)
                          {
                            HashiyaRawSpan *r = hashiya_ix_read_span_entry (json_array_get_element (ga, i));
                            if (r == NULL)
                              {
                                g_list_free (names);
                                return hashiya_ix_bad (error, where, _("a span is not [start, end, label] "
                                            "or {start, end, label}"));
                              }
                            g_ptr_array_add (spans, r);
                          }
                      }
                    g_list_free (names);
                  }
                else if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
                  {
                    /* nothing of it would be read: refused rather than silently dropped */
                    g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                                 _("%s: \"%s\" is not a list, so nothing of it could be read"),
                                 where, keys[k]);
                    return FALSE;
                  }
                continue;
              }
            for (guint i = 0; i < json_array_get_length (a); i++)
              {
                JsonNode *n = json_array_get_element (a, i);
                HashiyaRawSpan *r;
                if (strcmp (keys[k], "label") == 0 && hashiya_ix_node_string (n))
                  {
                    /* doccano text classification: "label": ["positive"] */
                    g_ptr_array_add (cats, g_strdup (hashiya_ix_node_string (n)));
                    continue;
                  }
                r = hashiya_ix_read_span_entry (n);
                if (r == NULL)
                  return hashiya_ix_bad (error, where, _("a span is not [start, end, label] or "
                              "{start_offset, end_offset, label}"));
                g_ptr_array_add (spans, r);
              }
          }
      }
      if ((a = hashiya_ix_member_array (o, "relations")) && json_array_get_length (a) > 0)
        n_relations += json_array_get_length (a);

      /* cats: doccano a list of strings; spaCy an object {name: score} */
      if ((a = hashiya_ix_member_array (o, "cats")))
        {
          for (guint i = 0; i < json_array_get_length (a); i++)
            {
              const char *c = hashiya_ix_node_string (json_array_get_element (a, i));
              if (c == NULL)
                return hashiya_ix_bad (error, where, _("\"cats\" holds something other than strings"));
              g_ptr_array_add (cats, g_strdup (c));
            }
        }
      else if (hashiya_ix_member_object (o, "cats"))
        {
          JsonObject *co = hashiya_ix_member_object (o, "cats");
          GList *names = json_object_get_members (co);
          for (GList *l = names; l; l = l->next)
            {
              JsonNode *v = json_object_get_member (co, l->data);
              double score = 0;
              if (JSON_NODE_TYPE (v) == JSON_NODE_VALUE)
                score = json_node_get_value_type (v) == G_TYPE_BOOLEAN
                        ? json_node_get_boolean (v) : json_node_get_double (v);
              if (score >= 0.5)
                g_ptr_array_add (cats, g_strdup (l->data));
            }
          g_list_free (names);
        }
      else if (hashiya_ix_member (o, "cats") != NULL
               && !JSON_NODE_HOLDS_NULL (hashiya_ix_member (o, "cats")))
        {
          g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                       _("%s: \"%s\" is not a list, so nothing of it could be read"), where, "cats");
          return FALSE;
        }
      {
        g_autoptr(GPtrArray) dl = g_ptr_array_new_with_free_func (g_free);
        for (guint i = 0; i < cats->len; i++)
          hashiya_ix_sort_cat (g_ptr_array_index (cats, i), judgements, dl);
        g_ptr_array_set_size (cats, 0);
        for (guint i = 0; i < dl->len; i++)
          g_ptr_array_add (cats, g_strdup (g_ptr_array_index (dl, i)));
      }

      meta = hashiya_ix_member_object (o, "meta");
      if (!hashiya_ix_read_segments (meta, where, &segments, error))
        return FALSE;
      if (hashiya_ix_node_string (hashiya_ix_member (meta, "source")))
        source = g_strdup (hashiya_ix_node_string (hashiya_ix_member (meta, "source")));
      else
        source = g_strdup_printf ("%s#%u", base, lineno);

      doc = hashiya_ix_build_doc (&ctx, where, source, text, utf16, segments, spans, judgements, cats, error);
      if (doc == NULL)
        return FALSE;
      g_ptr_array_add (docs, doc);
    }

  if (docs->len == 0)
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_EMPTY,
                   _("%s: no documents"), ctx.path);
      return FALSE;
    }
  if (n_relations > 0)
    hashiya_ix_ctx_message (&ctx, _("%s: %u relations not imported (a project holds no relations)"),
                 ctx.path, n_relations);
  if (kind == HASHIYA_JSONL_DOCCANO)
    hashiya_ix_ctx_message (&ctx, _("%s: offsets read as %s"), ctx.path,
                 utf16 ? "UTF-16 code units (doccano)" : "code points");
  for (guint i = 0; i < docs->len; i++)
    g_ptr_array_add (docs_out, g_ptr_array_steal_index (docs, i--));
  return TRUE;
}

/* A document as the interchange writers see it: the export's annotator applied and,
 * when merge_annotators, spans of several annotators with the same range and label
 * written once (a "merged" loss item for each copy left out). */
void
hashiya_ix_doc_view_init (HashiyaDocView             *d,
                          HashiyaWriteJob            *job,
                          const HashiyaWriteDoc      *doc,
                          HashiyaExportReport        *report,
                          gboolean                    merge_annotators)
{
  const char *annotator = job->options->annotator;

  memset (d, 0, sizeof *d);
  d->options = job->options;
  d->report = report;
  d->doc = doc->doc;
  d->text = doc->text;
  d->segments = doc->segments;
  d->schema = job->schema;
  d->index = doc->index + 1;
  d->spans = g_ptr_array_new ();
  for (guint i = 0; i < doc->spans->len; i++)
    {
      HashiyaSpan *s = g_ptr_array_index (doc->spans, i);
      gboolean dup = FALSE;
      if (annotator && g_strcmp0 (s->annotator, annotator) != 0)
        continue;
      if (merge_annotators)
        for (guint k = 0; k < d->spans->len && !dup; k++)
          {
            HashiyaSpan *x = g_ptr_array_index (d->spans, k);
            if (x->start == s->start && x->end == s->end && strcmp (x->label, s->label) == 0)
              {
                dup = TRUE;
                hashiya_export_report_add (d->report, HASHIYA_LOSS_MERGED, d->doc->id,
                                           d->doc->source, s, _("same range and label as span %"
                                           PRId64 " (annotator %s); written once"),
                                           x->id, x->annotator);
              }
          }
      if (!dup)
        g_ptr_array_add (d->spans, s);
    }
  d->judgements = g_ptr_array_new ();
  for (guint i = 0; i < doc->judgements->len; i++)
    {
      HashiyaJudgement *j = g_ptr_array_index (doc->judgements, i);
      if (annotator && g_strcmp0 (j->annotator, annotator) != 0)
        continue;
      g_ptr_array_add (d->judgements, j);
    }
}

/* Counts the document as written and releases the view. */
void
hashiya_ix_doc_view_done (HashiyaDocView *d,
                          gboolean        written)
{
  if (written)
    {
      d->report->n_documents++;
      d->report->n_entities += d->spans->len;
    }
  g_clear_pointer (&d->spans, g_ptr_array_unref);
  g_clear_pointer (&d->judgements, g_ptr_array_unref);
}

/* Appends before, node written by json-glib (compact), after. */
void
hashiya_ix_append_node (GString    *b,
                        JsonNode   *node,
                        const char *before,
                        const char *after)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *s = NULL;
  gsize n = 0;

  json_generator_set_root (gen, node);
  json_generator_set_pretty (gen, FALSE);
  s = json_generator_to_data (gen, &n);
  g_string_append (b, before);
  g_string_append_len (b, s, n);
  g_string_append (b, after);
}

const HashiyaSegment *
hashiya_ix_comment_segment (HashiyaDocView *d, int index)
{
  for (guint i = 0; i < d->segments->len; i++)
    {
      const HashiyaSegment *s = &g_array_index (d->segments, HashiyaSegment, i);
      if (s->kind == HASHIYA_SEGMENT_COMMENT && s->comment_index == index)
        return s;
    }
  return NULL;
}

void
hashiya_ix_report_judgement (HashiyaDocView *d, const HashiyaJudgement *j, const char *what)
{
  const HashiyaSegment *seg = hashiya_ix_comment_segment (d, j->comment_index);
  HashiyaSpan fake = { 0 };

  fake.start = seg ? seg->start : 0;
  fake.end = seg ? seg->end : 0;
  hashiya_export_report_add (d->report, HASHIYA_LOSS_NO_FIELD, d->doc->id, d->doc->source,
                             &fake, _("comment %d: %s (annotator %s)"), j->comment_index, what,
                             j->annotator ? j->annotator : "?");
}

/* cats for doccano and spaCy: the first annotator's judgement of each comment. */
GPtrArray *
hashiya_ix_judgement_cats (HashiyaDocView *d)
{
  GPtrArray *cats = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) written = g_hash_table_new (g_direct_hash, g_direct_equal);
  gboolean several = FALSE;

  /* several annotators: the one written is not named in the file either (it comes back
   * as whoever imports it), so that is said too */
  for (guint i = 1; i < d->judgements->len; i++)
    if (g_strcmp0 (((HashiyaJudgement *) g_ptr_array_index (d->judgements, i))->annotator,
                   ((HashiyaJudgement *) g_ptr_array_index (d->judgements, 0))->annotator) != 0)
      several = TRUE;
  for (guint i = 0; i < d->judgements->len; i++)
    {
      HashiyaJudgement *j = g_ptr_array_index (d->judgements, i);
      int c = j->comment_index;

      /* judgements need not come sorted by comment: every comment's first one only */
      if (g_hash_table_contains (written, GINT_TO_POINTER (c)))
        {
          hashiya_ix_report_judgement (d, j, "a second annotator's judgement has no field");
          continue;
        }
      g_hash_table_add (written, GINT_TO_POINTER (c));
      if (several)
        hashiya_ix_report_judgement (d, j, "written without its annotator; it comes back as "
                                     "whoever imports the file");
      if (hashiya_sentiment_to_string (j->sentiment))
        g_ptr_array_add (cats, g_strdup_printf ("comment-%d/sentiment=%s", c,
                                                hashiya_sentiment_to_string (j->sentiment)));
      if (j->offensive >= 0)
        g_ptr_array_add (cats, g_strdup_printf ("comment-%d/offensive=%s", c,
                                                j->offensive ? "yes" : "no"));
      if (j->hate_speech >= 0)
        g_ptr_array_add (cats, g_strdup_printf ("comment-%d/hate-speech=%s", c,
                                                j->hate_speech ? "yes" : "no"));
      if (hashiya_decision_to_string (j->decision))
        g_ptr_array_add (cats, g_strdup_printf ("comment-%d/decision=%s", c,
                                                hashiya_decision_to_string (j->decision)));
      if (j->note)
        hashiya_ix_report_judgement (d, j, "the judgement's note has no field");
      hashiya_ix_custom_cats (d, j, cats);
    }
  return cats;
}

typedef struct
{
  HashiyaDocView         *d;
  const HashiyaJudgement *j;
  GPtrArray              *cats;
} CatsCtx;

static void
cat_emit (const char *field,
          const char *value,
          gpointer    data)
{
  CatsCtx *c = data;

  g_ptr_array_add (c->cats, g_strdup_printf ("comment-%d/%s=%s", c->j->comment_index, field, value));
}

static void
cat_lost (const char *field,
          const char *value,
          gpointer    data)
{
  CatsCtx *c = data;
  g_autofree char *what = g_strdup_printf (_("the judgement's %s (free text) has no field"), field);

  hashiya_ix_report_judgement (c->d, c->j, what);
}

void
hashiya_ix_custom_cats (HashiyaDocView         *d,
                        const HashiyaJudgement *j,
                        GPtrArray              *cats)
{
  CatsCtx c = { d, j, cats };

  hashiya_ix_foreach_custom_value (d->schema, j, cat_emit, cat_lost, &c);
}

gint64
hashiya_ix_unit (HashiyaDocView *d, gint64 cp, gboolean utf16)
{
  return utf16 ? (gint64) hashiya_text_cp_to_utf16 (d->text, cp) : cp;
}

void
hashiya_ix_add_meta (JsonBuilder *b, HashiyaDocView *d, gboolean utf16)
{
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, d->doc->source ? d->doc->source : "");
  json_builder_set_member_name (b, "segments");
  json_builder_begin_array (b);
  for (guint i = 0; i < d->segments->len; i++)
    {
      const HashiyaSegment *s = &g_array_index (d->segments, HashiyaSegment, i);
      json_builder_begin_array (b);
      json_builder_add_string_value (b, hashiya_segment_kind_to_string (s->kind));
      json_builder_add_int_value (b, hashiya_ix_unit (d, s->start, utf16));
      json_builder_add_int_value (b, hashiya_ix_unit (d, s->end, utf16));
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  hashiya_ix_add_parents (b, d->segments);
}

JsonNode *
hashiya_ix_jsonl_record (HashiyaDocView *d, gboolean spacy, gboolean utf16)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) cats = hashiya_ix_judgement_cats (d);

  json_builder_begin_object (b);
  if (!spacy)
    {
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, d->index);
    }
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, hashiya_text_get_utf8 (d->text, NULL));
  gboolean several = FALSE;

  /* spans of several annotators: none is named in the file (they come back as whoever
   * imports it): each is reported */
  for (guint i = 1; i < d->spans->len; i++)
    if (g_strcmp0 (((HashiyaSpan *) g_ptr_array_index (d->spans, i))->annotator,
                   ((HashiyaSpan *) g_ptr_array_index (d->spans, 0))->annotator) != 0)
      several = TRUE;
  json_builder_set_member_name (b, spacy ? "spans" : "label");
  json_builder_begin_array (b);
  for (guint i = 0; i < d->spans->len; i++)
    {
      HashiyaSpan *s = g_ptr_array_index (d->spans, i);
      if (several)
        hashiya_export_report_add (d->report, HASHIYA_LOSS_NO_FIELD, d->doc->id, d->doc->source, s,
                                   _("written without its annotator (%s); it comes back as whoever "
                                     "imports the file"), s->annotator ? s->annotator : "?");
      if (spacy)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "start");
          json_builder_add_int_value (b, s->start);
          json_builder_set_member_name (b, "end");
          json_builder_add_int_value (b, s->end);
          json_builder_set_member_name (b, "label");
          json_builder_add_string_value (b, s->label);
          json_builder_end_object (b);
        }
      else
        {
          json_builder_begin_array (b);
          json_builder_add_int_value (b, hashiya_ix_unit (d, s->start, utf16));
          json_builder_add_int_value (b, hashiya_ix_unit (d, s->end, utf16));
          json_builder_add_string_value (b, s->label);
          json_builder_end_array (b);
        }
      if (s->note)
        hashiya_export_report_add (d->report, HASHIYA_LOSS_NO_FIELD, d->doc->id, d->doc->source,
                                   s, _("the span's note has no field"));
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "cats");
  if (spacy)
    {
      json_builder_begin_object (b);
      for (guint i = 0; i < cats->len; i++)
        {
          json_builder_set_member_name (b, g_ptr_array_index (cats, i));
          json_builder_add_double_value (b, 1.0);
        }
      json_builder_end_object (b);
    }
  else
    {
      json_builder_begin_array (b);
      for (guint i = 0; i < cats->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (cats, i));
      json_builder_end_array (b);
    }
  json_builder_set_member_name (b, "meta");
  json_builder_begin_object (b);
  hashiya_ix_add_meta (b, d, utf16);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* A textarea's "text" is its list of notes, so it gets no slice. */

gboolean
hashiya_ix_check_whole_documents (const HashiyaExportOptions *options,
                                  const char                 *name,
                                  GError                    **error)
{
  if (options->scope != HASHIYA_SCOPE_ALL)
    {
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_UNSUPPORTED,
                   _("%s export writes whole documents; a scope applies to CoNLL only"), name);
      return FALSE;
    }
  return TRUE;
}

gboolean
hashiya_ix_begin_judgements (HashiyaWriteJob *job,
                             GString         *head,
                             GError         **error)
{
  job->fetch = HASHIYA_FETCH_JUDGEMENTS;
  return TRUE;
}

gboolean
hashiya_ix_write_jsonl_document (HashiyaWriteJob       *job,
                                 const HashiyaWriteDoc *doc,
                                 HashiyaWriteOut       *out,
                                 HashiyaExportReport   *report,
                                 gboolean               spacy,
                                 gboolean               utf16,
                                 HashiyaIxRecordAmend   amend,
                                 GError               **error)
{
  HashiyaDocView d;
  g_autoptr(JsonNode) node = NULL;

  hashiya_ix_doc_view_init (&d, job, doc, report, TRUE);
  node = hashiya_ix_jsonl_record (&d, spacy, utf16);
  if (amend != NULL)
    amend (&d, json_node_get_object (node));
  hashiya_ix_append_node (out->buf, node, "", "\n");
  hashiya_ix_doc_view_done (&d, TRUE);
  return hashiya_write_out_flush (out, error);
}

gboolean
hashiya_ix_end_nothing (HashiyaWriteJob *job,
                        gboolean         ok,
                        GString         *tail,
                        GError         **error)
{
  return TRUE;
}

void
hashiya_ix_report_span_value (HashiyaDocView    *d,
                              const HashiyaSpan *s,
                              const char        *format)
{
  if (s->value != NULL)
    /* TRANSLATORS: value V, optionally ", calendar C"; the last %s is a format (doccano, brat…) */
    hashiya_export_report_add (d->report, HASHIYA_LOSS_NO_FIELD, d->doc->id, d->doc->source, s,
                               _("value %s%s%s: %s has no field for span values"), s->value,
                               s->calendar != NULL ? ", calendar " : "",
                               s->calendar != NULL ? s->calendar : "", format);
}
