/* hashiya-formats.c: doccano, Label Studio, brat and spaCy-style readers and writers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Offsets: doccano counts UTF-16 code units (as its JavaScript front end does) unless
 * offsets_codepoint is set; Label Studio, brat and spaCy-style files count code points.
 * Every reader converts to code points explicitly, checks each span against the text
 * (and against the span text the file stores, when it stores one) and fails the whole
 * file with file and line on any mismatch.
 *
 * What each format holds (anything else is listed in the export report):
 *  - doccano JSONL: {"id", "text", "label": [[start, end, "LABEL"]], "cats": [...],
 *    "meta": {"source", "segments": [["kind", start, end]]}}; overlapping and nested
 *    spans are kept (doccano shows them when the project allows overlap). Comment
 *    judgements become cats "comment-N/sentiment=negative", "comment-N/offensive=yes",
 *    "comment-N/hate-speech=no", "comment-N/decision=approve", one annotator per
 *    comment. No field: span notes, judgement notes, a second annotator's judgement of
 *    the same comment; spans of several annotators with the same range and label are
 *    written once (merged).
 *  - spaCy-style JSONL: {"text", "spans": [{"start", "end", "label"}], "cats":
 *    {"comment-N/…": 1.0}, "meta": {…}}, code points; same holdings as doccano.
 *  - Label Studio JSON: a list of tasks {"data": {"text", "source", "segments"},
 *    "annotations": [{"annotator", "result": [...]}]}, one annotation per annotator.
 *    Spans are `labels` results (from_name "label", to_name "text", value {start, end,
 *    text, labels}); a span note is a per-region `textarea` result with the region's id
 *    (from_name "note"); a comment judgement is a `choices` result on the comment's
 *    range: from_name "sentiment" (positive/negative/neutral/mixed), "offensive" and
 *    "hate_speech" (yes/no), "decision" (approve/review/reject); its note a `textarea`
 *    on the same range. Label Studio holds everything: no loss items. A labelling config
 *    that shows all of it:
 *      <View><Text name="text" value="$text"/>
 *        <Labels name="label" toName="text"><Label value="PER"/>…</Labels>
 *        <TextArea name="note" toName="text" perRegion="true"/>
 *        <Choices name="sentiment" toName="text" perRegion="true">…</Choices> (and offensive,
 *        hate_speech, decision; comment_note a TextArea)</View>
 *    On import, choices on the whole task of a task that has no segments make its text one
 *    reader comment with that judgement (Label Studio's usual one-comment-per-task set-up);
 *    other task-level choices become document categories "from_name=choice".
 *  - brat standoff: a folder of NAME.txt / NAME.ann pairs and annotation.conf; `T`
 *    lines for spans (nesting is fine), `#` AnnotatorNotes for span notes. No field:
 *    judgements. Same-range same-label spans of several annotators are merged.
 *    On import, a discontinuous `T1 LOC 0 5;10 15` becomes one span per fragment
 *    (with a warning); R, E, A, N and * lines are skipped and counted.
 */
#include "config.h"

#include "hashiya-import.h"
#include "hashiya-export.h"

#include <errno.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

/* ---- offsets ---------------------------------------------------------------- */

/* Offsets in UTF-16 units are converted by HashiyaText (hashiya-text.c), the one place
 * that knows code points, bytes and UTF-16. */

/* ---- parsed documents -------------------------------------------------------- */

typedef struct
{
  gint64  start;       /* in the file's unit */
  gint64  end;
  char   *label;
  char   *note;
  char   *annotator;
  char   *text;        /* the file's copy of the span text, or NULL */
  guint   line;        /* line in the file (brat), 0 = the document's place */
} RawSpan;

static void
raw_span_free (gpointer p)
{
  RawSpan *r = p;
  g_free (r->label);
  g_free (r->note);
  g_free (r->annotator);
  g_free (r->text);
  g_free (r);
}

typedef struct
{
  int      comment;       /* 1-based comment index */
  gint64   start, end;    /* when given as a range instead (file unit), else -1 */
  char    *field;         /* sentiment, offensive, hate-speech, decision, note */
  char    *value;
  char    *annotator;
} RawJudgement;

static void
raw_judgement_free (gpointer p)
{
  RawJudgement *r = p;
  g_free (r->field);
  g_free (r->value);
  g_free (r->annotator);
  g_free (r);
}

typedef struct
{
  const char *path;
  const HashiyaImportOptions *options;
  HashiyaImportReport *report;
  GHashTable *renamed;   /* labels already reported as renamed */
} Ctx;

static void
ctx_message (Ctx *ctx, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
ctx_message (Ctx *ctx, const char *format, ...)
{
  va_list args;

  if (ctx->report == NULL || ctx->report->messages == NULL)
    return;
  va_start (args, format);
  g_ptr_array_add (ctx->report->messages, g_strdup_vprintf (format, args));
  va_end (args);
}

static const char *
ctx_annotator (Ctx *ctx, const char *from_file)
{
  if (from_file && *from_file)
    return from_file;
  if (ctx->options && ctx->options->annotator)
    return ctx->options->annotator;
  return g_get_user_name ();
}

/* Label names hold no whitespace: aliases first, then spaces become '_'. */
static char *
clean_label (Ctx *ctx, const char *where, const char *label)
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
    ctx_message (ctx, _("%s: label “%s” holds spaces; imported as “%s”"), where, label, out);
  return out;
}

static void
line_segments (const char *text, GArray *segments)
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

static gboolean
parse_judgement_value (RawJudgement *rj, HashiyaJudgement *j)
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
static HashiyaParsedDoc *
build_doc (Ctx *ctx, const char *doc_where, const char *source, const char *text_in,
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
    line_segments (doc->text, doc->segments);

  for (guint i = 0; raw_spans && i < raw_spans->len; i++)
    {
      RawSpan *r = g_ptr_array_index (raw_spans, i);
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
      s->label = clean_label (ctx, where, r->label);
      s->annotator = g_strdup (ctx_annotator (ctx, r->annotator));
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
      RawJudgement *rj = g_ptr_array_index (raw_judgements, i);
      const char *annotator = ctx_annotator (ctx, rj->annotator);
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
              ctx_message (ctx, _("%s: %s on %" PRId64 "-%" PRId64 " is not on "
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
      if (!parse_judgement_value (rj, j))
        {
          g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                       _("%s: cannot read the judgement %s=%s of comment %d"), where, rj->field,
                       rj->value, comment);
          goto fail;
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
static void
sort_cat (const char *cat, GPtrArray *judgements, GPtrArray *doc_labels)
{
  int comment = 0;
  char field[32], value[64];

  if (sscanf (cat, "comment-%d/%31[a-z_-]=%63s", &comment, field, value) == 3 && comment > 0)
    {
      RawJudgement *rj = g_new0 (RawJudgement, 1);
      rj->comment = comment;
      rj->start = rj->end = -1;
      rj->field = g_strdup (field);
      rj->value = g_strdup (value);
      g_ptr_array_add (judgements, rj);
    }
  else
    g_ptr_array_add (doc_labels, g_strdup (cat));
}

/* ---- JSON helpers ------------------------------------------------------------- */

static gboolean
node_int (JsonNode *n, gint64 *out)
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

static const char *
node_string (JsonNode *n)
{
  if (n == NULL || JSON_NODE_TYPE (n) != JSON_NODE_VALUE
      || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static JsonNode *
member (JsonObject *o, const char *name)
{
  return o && json_object_has_member (o, name) ? json_object_get_member (o, name) : NULL;
}

static JsonArray *
member_array (JsonObject *o, const char *name)
{
  JsonNode *n = member (o, name);
  return n && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
}

static JsonObject *
member_object (JsonObject *o, const char *name)
{
  JsonNode *n = member (o, name);
  return n && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static gboolean
bad (GError **error, const char *where, const char *what)
{
  g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX, "%s: %s", where, what);
  return FALSE;
}

/* meta.segments: [["comment", start, end], …] */
static gboolean
read_segments (JsonObject *meta, const char *where, GArray **out, GError **error)
{
  JsonArray *a = member_array (meta, "segments");

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
                         ? node_string (json_array_get_element (t, 0)) : NULL;

      if (kind == NULL || !hashiya_segment_kind_from_string (kind, &s.kind)
          || !node_int (json_array_get_element (t, 1), &s.start)
          || !node_int (json_array_get_element (t, 2), &s.end))
        return bad (error, where, _("meta.segments holds an entry that is not [kind, start, end]"));
      g_array_append_val (*out, s);
    }
  return TRUE;
}

typedef enum { JSONL_DOCCANO, JSONL_SPACY } JsonlKind;

/* One span entry: [s, e, "L"] or {"start"/"start_offset", "end"/"end_offset", "label"}. */
static RawSpan *
read_span_entry (JsonNode *n)
{
  RawSpan *r = g_new0 (RawSpan, 1);
  const char *label = NULL;

  if (JSON_NODE_HOLDS_ARRAY (n))
    {
      JsonArray *a = json_node_get_array (n);
      if (json_array_get_length (a) >= 3 && node_int (json_array_get_element (a, 0), &r->start)
          && node_int (json_array_get_element (a, 1), &r->end))
        label = node_string (json_array_get_element (a, 2));
    }
  else if (JSON_NODE_HOLDS_OBJECT (n))
    {
      JsonObject *o = json_node_get_object (n);
      gboolean ok = (node_int (member (o, "start_offset"), &r->start)
                     || node_int (member (o, "start"), &r->start))
                    && (node_int (member (o, "end_offset"), &r->end)
                        || node_int (member (o, "end"), &r->end));
      if (ok)
        label = node_string (member (o, "label"));
      if (node_string (member (o, "text")))
        r->text = g_strdup (node_string (member (o, "text")));
    }
  if (label == NULL)
    {
      raw_span_free (r);
      return NULL;
    }
  r->label = g_strdup (label);
  return r;
}

static gboolean
parse_jsonl (JsonlKind kind, const char *path, const char *data, gsize len,
             const HashiyaImportOptions *options, GPtrArray *docs_out,
             HashiyaImportReport *report, GError **error)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_parsed_doc_free);
  g_autoptr(GHashTable) renamed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *base = g_path_get_basename (path ? path : "input.jsonl");
  Ctx ctx = { path ? path : "(input)", options, report, renamed };
  const char *p = data, *end = data + len;
  guint lineno = 0, n_relations = 0;
  gboolean utf16 = kind == JSONL_DOCCANO && !(options && options->offsets_codepoint);

  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *le = nl ? nl : end;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) local = NULL;
      g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func (raw_span_free);
      g_autoptr(GPtrArray) judgements = g_ptr_array_new_with_free_func (raw_judgement_free);
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
      if (!json_parser_load_from_data (parser, p, le - p, &local))
        {
          g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX,
                       _("%s: not a JSON object: %s"), where, local->message);
          return FALSE;
        }
      p = nl ? nl + 1 : end;
      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        return bad (error, where, _("not a JSON object"));
      o = json_node_get_object (root);
      text = node_string (member (o, "text"));
      if (text == NULL)
        text = node_string (member (o, "data"));
      if (text == NULL)
        return bad (error, where, _("no \"text\" string"));

      /* spans: doccano "label" / "entities"; spaCy "spans" / "ents" / "entities" */
      {
        const char *keys[] = { "label", "labels", "entities", "spans", "ents", NULL };
        for (int k = 0; keys[k]; k++)
          {
            a = member_array (o, keys[k]);
            if (a == NULL)
              {
                /* spaCy span groups: {"spans": {"sc": [...]}} */
                JsonObject *groups = member_object (o, keys[k]);
                if (groups && kind == JSONL_SPACY)
                  {
                    GList *names = json_object_get_members (groups);
                    for (GList *l = names; l; l = l->next)
                      {
                        JsonArray *ga = member_array (groups, l->data);
                        for (guint i = 0; ga && i < json_array_get_length (ga); i++)
                          {
                            RawSpan *r = read_span_entry (json_array_get_element (ga, i));
                            if (r == NULL)
                              {
                                g_list_free (names);
                                return bad (error, where, _("a span is not [start, end, label] "
                                            "or {start, end, label}"));
                              }
                            g_ptr_array_add (spans, r);
                          }
                      }
                    g_list_free (names);
                  }
                continue;
              }
            for (guint i = 0; i < json_array_get_length (a); i++)
              {
                JsonNode *n = json_array_get_element (a, i);
                RawSpan *r;
                if (strcmp (keys[k], "label") == 0 && node_string (n))
                  {
                    /* doccano text classification: "label": ["positive"] */
                    g_ptr_array_add (cats, g_strdup (node_string (n)));
                    continue;
                  }
                r = read_span_entry (n);
                if (r == NULL)
                  return bad (error, where, _("a span is not [start, end, label] or "
                              "{start_offset, end_offset, label}"));
                g_ptr_array_add (spans, r);
              }
          }
      }
      if ((a = member_array (o, "relations")) && json_array_get_length (a) > 0)
        n_relations += json_array_get_length (a);

      /* cats: doccano a list of strings; spaCy an object {name: score} */
      if ((a = member_array (o, "cats")))
        {
          for (guint i = 0; i < json_array_get_length (a); i++)
            {
              const char *c = node_string (json_array_get_element (a, i));
              if (c == NULL)
                return bad (error, where, _("\"cats\" holds something other than strings"));
              g_ptr_array_add (cats, g_strdup (c));
            }
        }
      else if (member_object (o, "cats"))
        {
          JsonObject *co = member_object (o, "cats");
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
      {
        g_autoptr(GPtrArray) dl = g_ptr_array_new_with_free_func (g_free);
        for (guint i = 0; i < cats->len; i++)
          sort_cat (g_ptr_array_index (cats, i), judgements, dl);
        g_ptr_array_set_size (cats, 0);
        for (guint i = 0; i < dl->len; i++)
          g_ptr_array_add (cats, g_strdup (g_ptr_array_index (dl, i)));
      }

      meta = member_object (o, "meta");
      if (!read_segments (meta, where, &segments, error))
        return FALSE;
      if (node_string (member (meta, "source")))
        source = g_strdup (node_string (member (meta, "source")));
      else
        source = g_strdup_printf ("%s#%u", base, lineno);

      doc = build_doc (&ctx, where, source, text, utf16, segments, spans, judgements, cats, error);
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
    ctx_message (&ctx, _("%s: %u relations not imported (a project holds no relations)"),
                 ctx.path, n_relations);
  if (kind == JSONL_DOCCANO)
    ctx_message (&ctx, _("%s: offsets read as %s"), ctx.path,
                 utf16 ? "UTF-16 code units (doccano)" : "code points");
  for (guint i = 0; i < docs->len; i++)
    g_ptr_array_add (docs_out, g_ptr_array_steal_index (docs, i--));
  return TRUE;
}

gboolean
hashiya_parse_doccano (const char *path, const char *data, gsize len,
                       const HashiyaImportOptions *options,
                       GPtrArray *docs_out, HashiyaImportReport *report, GError **error)
{
  g_return_val_if_fail (data != NULL && docs_out != NULL, FALSE);
  return parse_jsonl (JSONL_DOCCANO, path, data, len, options, docs_out, report, error);
}

gboolean
hashiya_parse_spacy (const char *path, const char *data, gsize len,
                     const HashiyaImportOptions *options,
                     GPtrArray *docs_out, HashiyaImportReport *report, GError **error)
{
  g_return_val_if_fail (data != NULL && docs_out != NULL, FALSE);
  return parse_jsonl (JSONL_SPACY, path, data, len, options, docs_out, report, error);
}

/* ---- Label Studio -------------------------------------------------------------- */

static gboolean
judgement_like (RawJudgement *rj)
{
  HashiyaSentiment sent;

  if (strcmp (rj->field, "offensive") == 0 || strcmp (rj->field, "hate_speech") == 0
      || strcmp (rj->field, "decision") == 0 || strcmp (rj->field, "sentiment") == 0)
    return TRUE;
  return rj->value[0] != '\0' && hashiya_sentiment_from_string (rj->value, &sent);
}

/* Choices on the whole task. A task that is one reader comment (Label Studio's usual
 * sentiment set-up) has its judgement choices on the task: its text becomes one comment
 * segment and the choices that judgement. Other choices become document categories
 * "from_name=choice". FALSE when judgement choices meet a document of several comments. */
static gboolean
sort_doc_choices (Ctx *ctx, const char *where, const char *text, GArray **segments,
                  GPtrArray *doc_choices, GPtrArray *judgements, GPtrArray *cats)
{
  gboolean any = FALSE;
  int n_comments = 0;

  for (guint i = 0; i < doc_choices->len; i++)
    if (judgement_like (g_ptr_array_index (doc_choices, i)))
      any = TRUE;
  if (any && *segments == NULL)
    {
      /* the whole text (trimmed) is the comment */
      gint64 n = g_utf8_strlen (text, -1), first = -1, last = -1, cp = 0;
      HashiyaSegment seg = { HASHIYA_SEGMENT_COMMENT, 0, 0, 1 };
      for (const char *p = text; *p; p = g_utf8_next_char (p), cp++)
        if (!g_unichar_isspace (g_utf8_get_char (p)))
          {
            if (first < 0)
              first = cp;
            last = cp;
          }
      if (first < 0)
        {
          first = 0;
          last = n - 1;
        }
      seg.start = first;
      seg.end = last + 1;
      *segments = g_array_new (FALSE, TRUE, sizeof (HashiyaSegment));
      g_array_append_val (*segments, seg);
      ctx_message (ctx, _("%s: judgement choices on the whole task: its text was imported as "
                   "one reader comment"), where);
    }
  for (guint i = 0; *segments && i < (*segments)->len; i++)
    if (g_array_index (*segments, HashiyaSegment, i).kind == HASHIYA_SEGMENT_COMMENT)
      n_comments++;
  for (guint i = 0; i < doc_choices->len; i++)
    {
      RawJudgement *rj = g_ptr_array_index (doc_choices, i);
      if (judgement_like (rj) && n_comments > 1)
        return FALSE;
      if (judgement_like (rj) && n_comments == 1)
        {
          if (strcmp (rj->field, "offensive") != 0 && strcmp (rj->field, "hate_speech") != 0
              && strcmp (rj->field, "decision") != 0)
            {
              g_free (rj->field);
              rj->field = g_strdup ("sentiment");
            }
          rj->comment = 1;
          g_ptr_array_add (judgements, g_ptr_array_steal_index (doc_choices, i--));
        }
      else
        g_ptr_array_add (cats, g_strdup_printf ("%s=%s", rj->field, rj->value));
    }
  return TRUE;
}

static const char *
ls_annotator (JsonObject *ann)
{
  JsonNode *n;
  JsonObject *o;

  if (node_string (member (ann, "annotator")))
    return node_string (member (ann, "annotator"));
  n = member (ann, "completed_by");
  if (node_string (n))
    return node_string (n);
  o = n && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
  if (o && node_string (member (o, "email")))
    return node_string (member (o, "email"));
  return NULL;
}

gboolean
hashiya_parse_label_studio (const char *path, const char *data, gsize len,
                            const HashiyaImportOptions *options,
                            GPtrArray *docs_out, HashiyaImportReport *report, GError **error)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_parsed_doc_free);
  g_autoptr(GHashTable) renamed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  g_autofree char *base = g_path_get_basename (path ? path : "label-studio.json");
  Ctx ctx = { path ? path : "(input)", options, report, renamed };
  JsonNode *root;
  JsonArray *tasks = NULL;
  guint n_tasks, n_skipped = 0;

  g_return_val_if_fail (data != NULL && docs_out != NULL, FALSE);

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      len -= 3;
    }
  if (!json_parser_load_from_data (parser, data, len, &local))
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX,
                   "%s: %s", ctx.path, local->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root && JSON_NODE_HOLDS_ARRAY (root))
    tasks = json_node_get_array (root);
  n_tasks = tasks ? json_array_get_length (tasks) : (root && JSON_NODE_HOLDS_OBJECT (root) ? 1 : 0);
  if (n_tasks == 0)
    return bad (error, ctx.path, _("not a Label Studio export (a list of tasks)"));

  for (guint t = 0; t < n_tasks; t++)
    {
      JsonNode *tn = tasks ? json_array_get_element (tasks, t) : root;
      JsonObject *task = JSON_NODE_HOLDS_OBJECT (tn) ? json_node_get_object (tn) : NULL;
      JsonObject *d = member_object (task, "data");
      JsonArray *anns;
      g_autofree char *where = g_strdup_printf (_("%s: task %u"), ctx.path, t + 1);
      g_autofree char *source = NULL;
      g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func (raw_span_free);
      g_autoptr(GPtrArray) judgements = g_ptr_array_new_with_free_func (raw_judgement_free);
      g_autoptr(GPtrArray) cats = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) doc_choices = g_ptr_array_new_with_free_func (raw_judgement_free);
      g_autoptr(GArray) segments = NULL;
      const char *text = node_string (member (d, "text"));
      HashiyaParsedDoc *doc;

      if (task == NULL || d == NULL)
        return bad (error, where, _("a task without \"data\""));
      if (text == NULL)
        {
          /* the first string field of data */
          GList *names = json_object_get_members (d);
          for (GList *l = names; l && !text; l = l->next)
            text = node_string (json_object_get_member (d, l->data));
          g_list_free (names);
        }
      if (text == NULL)
        return bad (error, where, _("the task's data holds no text"));
      if (!read_segments (d, where, &segments, error))
        return FALSE;
      source = node_string (member (d, "source")) ? g_strdup (node_string (member (d, "source")))
                                                  : g_strdup_printf ("%s#%u", base, t + 1);

      anns = member_array (task, "annotations");
      if (anns == NULL)
        anns = member_array (task, "completions");
      if (anns == NULL || json_array_get_length (anns) == 0)
        {
          anns = member_array (task, "predictions");
          if (anns && json_array_get_length (anns) > 0)
            ctx_message (&ctx, _("%s: no annotations; its predictions were imported"), where);
        }
      for (guint a = 0; anns && a < json_array_get_length (anns); a++)
        {
          JsonNode *an = json_array_get_element (anns, a);
          JsonObject *ann = JSON_NODE_HOLDS_OBJECT (an) ? json_node_get_object (an) : NULL;
          JsonArray *results = member_array (ann, "result");
          const char *annotator = ls_annotator (ann);
          g_autoptr(GHashTable) regions = g_hash_table_new (g_str_hash, g_str_equal);

          if (ann && member (ann, "was_cancelled")
              && JSON_NODE_TYPE (member (ann, "was_cancelled")) == JSON_NODE_VALUE
              && json_node_get_value_type (member (ann, "was_cancelled")) == G_TYPE_BOOLEAN
              && json_node_get_boolean (member (ann, "was_cancelled")))
            continue;
          /* two passes: regions first, then notes that point at them */
          for (int pass = 0; pass < 2; pass++)
            for (guint r = 0; results && r < json_array_get_length (results); r++)
              {
                JsonNode *rn = json_array_get_element (results, r);
                JsonObject *res = JSON_NODE_HOLDS_OBJECT (rn) ? json_node_get_object (rn) : NULL;
                const char *type = node_string (member (res, "type"));
                const char *from = node_string (member (res, "from_name"));
                const char *id = node_string (member (res, "id"));
                JsonObject *v = member_object (res, "value");
                gint64 s = -1, e = -1;
                gboolean has_range;

                if (res == NULL || type == NULL || v == NULL)
                  return bad (error, where, _("a result without type or value"));
                has_range = node_int (member (v, "start"), &s) && node_int (member (v, "end"), &e);

                if (pass == 0 && (strcmp (type, "labels") == 0 || strcmp (type, "hypertextlabels") == 0))
                  {
                    JsonArray *labels = member_array (v, "labels");
                    if (labels == NULL)
                      labels = member_array (v, type);
                    if (!has_range || labels == NULL)
                      return bad (error, where, _("a labels result without start, end and labels"));
                    for (guint k = 0; k < json_array_get_length (labels); k++)
                      {
                        RawSpan *sp = g_new0 (RawSpan, 1);
                        const char *l = node_string (json_array_get_element (labels, k));
                        if (l == NULL)
                          {
                            raw_span_free (sp);
                            return bad (error, where, _("a label that is not a string"));
                          }
                        sp->start = s;
                        sp->end = e;
                        sp->label = g_strdup (l);
                        sp->annotator = g_strdup (annotator);
                        if (node_string (member (v, "text")))
                          sp->text = g_strdup (node_string (member (v, "text")));
                        g_ptr_array_add (spans, sp);
                        if (id)
                          g_hash_table_insert (regions, (gpointer) id, sp);
                      }
                  }
                else if (pass == 1 && strcmp (type, "textarea") == 0)
                  {
                    JsonArray *ta = member_array (v, "text");
                    g_autoptr(GString) note = g_string_new (NULL);
                    RawSpan *target = id ? g_hash_table_lookup (regions, id) : NULL;
                    for (guint k = 0; ta && k < json_array_get_length (ta); k++)
                      if (node_string (json_array_get_element (ta, k)))
                        g_string_append_printf (note, "%s%s", k ? "\n" : "",
                                                node_string (json_array_get_element (ta, k)));
                    if (target)
                      {
                        /* every span of that region (one per label) gets the note */
                        for (guint k = 0; k < spans->len; k++)
                          {
                            RawSpan *sp = g_ptr_array_index (spans, k);
                            if (sp->start == target->start && sp->end == target->end
                                && g_strcmp0 (sp->annotator, annotator) == 0)
                              {
                                g_free (sp->note);
                                sp->note = g_strdup (note->str);
                              }
                          }
                      }
                    else if (has_range)
                      {
                        RawJudgement *rj = g_new0 (RawJudgement, 1);
                        rj->start = s;
                        rj->end = e;
                        rj->field = g_strdup ("note");
                        rj->value = g_strdup (note->str);
                        rj->annotator = g_strdup (annotator);
                        g_ptr_array_add (judgements, rj);
                      }
                    else
                      n_skipped++;
                  }
                else if (pass == 1 && strcmp (type, "choices") == 0)
                  {
                    JsonArray *ch = member_array (v, "choices");
                    const char *field = from ? from : "choice";
                    for (guint k = 0; ch && k < json_array_get_length (ch); k++)
                      {
                        const char *c = node_string (json_array_get_element (ch, k));
                        HashiyaSentiment sent;
                        if (c == NULL)
                          continue;
                        if (has_range)
                          {
                            RawJudgement *rj = g_new0 (RawJudgement, 1);
                            rj->start = s;
                            rj->end = e;
                            /* a choice named like a sentiment counts as one, whatever the control */
                            if (strcmp (field, "offensive") != 0 && strcmp (field, "hate_speech") != 0
                                && strcmp (field, "decision") != 0
                                && hashiya_sentiment_from_string (c, &sent))
                              rj->field = g_strdup ("sentiment");
                            else
                              rj->field = g_strdup (field);
                            rj->value = g_strdup (c);
                            rj->annotator = g_strdup (annotator);
                            g_ptr_array_add (judgements, rj);
                          }
                        else
                          {
                            RawJudgement *rj = g_new0 (RawJudgement, 1);
                            rj->start = rj->end = -1;
                            rj->field = g_strdup (field);
                            rj->value = g_strdup (c);
                            rj->annotator = g_strdup (annotator);
                            g_ptr_array_add (doc_choices, rj);
                          }
                      }
                  }
                else if (pass == 1 && strcmp (type, "labels") != 0
                         && strcmp (type, "hypertextlabels") != 0)
                  n_skipped++;
              }
        }

      if (!sort_doc_choices (&ctx, where, text, &segments, doc_choices, judgements, cats))
        return bad (error, where, _("a document-level judgement, but the document has several comments"));
      doc = build_doc (&ctx, where, source, text, FALSE, segments, spans, judgements, cats, error);
      if (doc == NULL)
        return FALSE;
      g_ptr_array_add (docs, doc);
    }
  if (n_skipped > 0)
    ctx_message (&ctx, _("%s: %u results of other types (relations, ratings, …) not imported"),
                 ctx.path, n_skipped);
  for (guint i = 0; i < docs->len; i++)
    g_ptr_array_add (docs_out, g_ptr_array_steal_index (docs, i--));
  return TRUE;
}

/* ---- brat ------------------------------------------------------------------------ */

typedef struct
{
  guint  line;
  guint  first;    /* index of the first fragment's span */
  guint  n;
  char  *expect;
} FragGroup;

static void
frag_group_clear (gpointer p)
{
  g_free (((FragGroup *) p)->expect);
}

gboolean
hashiya_parse_brat (const char *ann_path, const HashiyaImportOptions *options,
                    GPtrArray *docs_out, HashiyaImportReport *report, GError **error)
{
  g_autoptr(GHashTable) renamed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func (raw_span_free);
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (FragGroup));
  g_autoptr(GError) local = NULL;
  g_autofree char *ann = NULL, *txt = NULL, *txt_path = NULL, *stem = NULL, *base = NULL;
  g_auto(GStrv) lines = NULL;
  Ctx ctx = { ann_path, options, report, renamed };
  gsize ann_len = 0, txt_len = 0;
  guint n_other = 0, n_discontinuous = 0, n_bad_notes = 0;
  char *text;
  HashiyaParsedDoc *doc;

  g_return_val_if_fail (ann_path != NULL && docs_out != NULL, FALSE);
  g_array_set_clear_func (groups, frag_group_clear);

  stem = g_str_has_suffix (ann_path, ".ann") ? g_strndup (ann_path, strlen (ann_path) - 4)
         : g_str_has_suffix (ann_path, ".txt") ? g_strndup (ann_path, strlen (ann_path) - 4)
         : g_strdup (ann_path);
  txt_path = g_strconcat (stem, ".txt", NULL);
  {
    g_autofree char *real_ann = g_strconcat (stem, ".ann", NULL);
    ctx.path = ann_path;
    if (!g_file_get_contents (real_ann, &ann, &ann_len, &local))
      {
        g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_READ, "%s", local->message);
        return FALSE;
      }
  }
  if (!g_file_get_contents (txt_path, &txt, &txt_len, &local))
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_READ,
                   _("%s: the brat text file is missing: %s"), ann_path, local->message);
      return FALSE;
    }
  if (memchr (txt, '\0', txt_len) || !g_utf8_validate (txt, txt_len, NULL))
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_ENCODING,
                   _("%s: not UTF-8 text"), txt_path);
      return FALSE;
    }
  if (!g_utf8_validate (ann, ann_len, NULL))
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_ENCODING,
                   _("%s: not UTF-8 text"), ann_path);
      return FALSE;
    }

  lines = g_strsplit (ann, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *line = lines[i];
      g_autofree char *where = g_strdup_printf ("%s:%u", ann_path, i + 1);
      g_auto(GStrv) cols = NULL;
      gsize l = strlen (line);

      if (l > 0 && line[l - 1] == '\r')
        line[--l] = '\0';
      if (l == 0)
        continue;
      cols = g_strsplit (line, "\t", 3);
      if (line[0] == 'T')
        {
          g_auto(GStrv) frags = NULL;
          g_auto(GStrv) fragtexts = NULL;
          char *sp;
          const char *label;

          if (g_strv_length (cols) < 2 || (sp = strchr (cols[1], ' ')) == NULL)
            return bad (error, where, _("a T line is “T1<TAB>LABEL START END<TAB>text”"));
          *sp = '\0';
          label = cols[1];
          frags = g_strsplit (sp + 1, ";", -1);
          if (g_strv_length (frags) > 1)
            {
              FragGroup g = { i + 1, spans->len, g_strv_length (frags),
                              g_strdup (cols[2] ? cols[2] : "") };
              g_array_append_val (groups, g);
              n_discontinuous++;
              ctx_message (&ctx, _("%s: discontinuous span %s %s: each of its %u fragments "
                           "became a span of its own"), where, cols[0], label,
                           g_strv_length (frags));
            }
          for (guint f = 0; frags[f]; f++)
            {
              RawSpan *r = g_new0 (RawSpan, 1);
              char *endp;
              r->start = g_ascii_strtoll (frags[f], &endp, 10);
              if (endp == frags[f] || *endp != ' ')
                {
                  raw_span_free (r);
                  return bad (error, where, _("cannot read the span offsets"));
                }
              {
                char *e2 = endp + 1;
                r->end = g_ascii_strtoll (e2, &endp, 10);
                if (endp == e2 || *endp != '\0')
                  {
                    raw_span_free (r);
                    return bad (error, where, _("cannot read the span offsets"));
                  }
              }
              r->label = g_strdup (label);
              r->line = i + 1;
              /* brat joins the fragments' texts with a space */
              if (frags[1] == NULL && cols[2])
                r->text = g_strdup (cols[2]);
              g_ptr_array_add (spans, r);
              if (f == 0)
                g_hash_table_insert (by_id, g_strdup (cols[0]), GUINT_TO_POINTER (spans->len));
            }
        }
      else if (line[0] == '#')
        {
          g_auto(GStrv) ref = NULL;
          guint idx;
          if (g_strv_length (cols) < 3)
            {
              ctx_message (&ctx, _("%s: a note line is “#1<TAB>AnnotatorNotes T1<TAB>text”; "
                           "skipped"), where);
              n_bad_notes++;
              continue;
            }
          ref = g_strsplit (cols[1], " ", 2);
          idx = ref[0] && ref[1] ? GPOINTER_TO_UINT (g_hash_table_lookup (by_id, ref[1])) : 0;
          if (idx == 0)
            {
              ctx_message (&ctx, _("%s: note on %s, which is not a span here; skipped"), where,
                           ref[1] ? ref[1] : "?");
              n_bad_notes++;
              continue;
            }
          {
            RawSpan *r = g_ptr_array_index (spans, idx - 1);
            char *old = r->note;
            r->note = old ? g_strconcat (old, "\n", cols[2], NULL) : g_strdup (cols[2]);
            g_free (old);
          }
        }
      else
        n_other++;
    }
  if (n_other > 0)
    ctx_message (&ctx, _("%s: %u relation, event, attribute or normalisation lines not "
                 "imported (a project holds entity spans and notes only)"), ann_path, n_other);
  if (report)
    report->n_skipped_lines += n_other + n_bad_notes;

  text = txt;
  if (txt_len >= 3 && memcmp (txt, "\xEF\xBB\xBF", 3) == 0)
    {
      ctx_message (&ctx, _("%s: a byte order mark at the start was kept out of the text; "
                   "offsets count from after it"), txt_path);
      text += 3;
    }
  /* a discontinuous span's text is its fragments' texts joined by spaces */
  {
    glong n_cp = g_utf8_strlen (text, -1);
    for (guint g = 0; g < groups->len; g++)
      {
        FragGroup *fg = &g_array_index (groups, FragGroup, g);
        g_autoptr(GString) joined = g_string_new (NULL);
        gboolean inside = TRUE;
        for (guint k = 0; k < fg->n; k++)
          {
            RawSpan *r = g_ptr_array_index (spans, fg->first + k);
            if (r->start < 0 || r->end > n_cp || r->start > r->end)
              {
                inside = FALSE;   /* build_doc names the offset */
                break;
              }
            if (k > 0)
              g_string_append_c (joined, ' ');
            g_string_append_len (joined, g_utf8_offset_to_pointer (text, r->start),
                                 g_utf8_offset_to_pointer (text, r->end)
                                 - g_utf8_offset_to_pointer (text, r->start));
          }
        if (inside && fg->expect[0] != '\0' && strcmp (joined->str, fg->expect) != 0)
          {
            g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                         _("%s:%u: the file says “%s” but the fragments' text is “%s”"),
                         ann_path, fg->line, fg->expect, joined->str);
            return FALSE;
          }
      }
  }
  base = g_path_get_basename (txt_path);
  doc = build_doc (&ctx, ann_path, base, text, FALSE, NULL, spans, NULL, NULL, error);
  if (doc == NULL)
    return FALSE;
  g_ptr_array_add (docs_out, doc);
  return TRUE;
}

/* ---- writers ---------------------------------------------------------------------- */

typedef struct
{
  HashiyaStore               *store;
  const HashiyaExportOptions *options;
  HashiyaExportReport        *report;
  HashiyaDocument            *doc;
  HashiyaText                *text;
  GArray                     *segments;
  GPtrArray                  *spans;       /* filtered, duplicates removed */
  GPtrArray                  *judgements;  /* filtered */
  guint                       index;       /* 1-based position in the export */
} DocData;

static void
doc_data_clear (DocData *d)
{
  g_clear_pointer (&d->text, hashiya_text_unref);
  g_clear_pointer (&d->segments, g_array_unref);
  g_clear_pointer (&d->spans, g_ptr_array_unref);
  g_clear_pointer (&d->judgements, g_ptr_array_unref);
}

/* Loads one document; merge_annotators: spans with the same range and label written once. */
static gboolean
doc_data_load (DocData *d, gboolean merge_annotators, GError **error)
{
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(GPtrArray) judgements = NULL;
  const char *annotator = d->options->annotator;

  d->text = hashiya_store_get_text (d->store, d->doc->id, error);
  if (d->text == NULL)
    return FALSE;
  d->segments = hashiya_store_get_segments (d->store, d->doc->id, error);
  if (d->segments == NULL)
    return FALSE;
  spans = hashiya_store_list_spans (d->store, d->doc->id, error);
  if (spans == NULL)
    return FALSE;
  judgements = hashiya_store_list_judgements (d->store, d->doc->id, error);
  if (judgements == NULL)
    return FALSE;

  d->spans = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_span_free);
  for (guint i = 0; i < spans->len; i++)
    {
      HashiyaSpan *s = g_ptr_array_index (spans, i);
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
        g_ptr_array_add (d->spans, g_ptr_array_steal_index (spans, i--));
    }
  d->judgements = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_judgement_free);
  for (guint i = 0; i < judgements->len; i++)
    {
      HashiyaJudgement *j = g_ptr_array_index (judgements, i);
      if (annotator && g_strcmp0 (j->annotator, annotator) != 0)
        continue;
      g_ptr_array_add (d->judgements, g_ptr_array_steal_index (judgements, i--));
    }
  return TRUE;
}

static const HashiyaSegment *
comment_segment (DocData *d, int index)
{
  for (guint i = 0; i < d->segments->len; i++)
    {
      const HashiyaSegment *s = &g_array_index (d->segments, HashiyaSegment, i);
      if (s->kind == HASHIYA_SEGMENT_COMMENT && s->comment_index == index)
        return s;
    }
  return NULL;
}

static void
report_judgement (DocData *d, const HashiyaJudgement *j, const char *what)
{
  const HashiyaSegment *seg = comment_segment (d, j->comment_index);
  HashiyaSpan fake = { 0 };

  fake.start = seg ? seg->start : 0;
  fake.end = seg ? seg->end : 0;
  hashiya_export_report_add (d->report, HASHIYA_LOSS_NO_FIELD, d->doc->id, d->doc->source,
                             &fake, _("comment %d: %s (annotator %s)"), j->comment_index, what,
                             j->annotator ? j->annotator : "?");
}

/* cats for doccano and spaCy: the first annotator's judgement of each comment. */
static GPtrArray *
judgement_cats (DocData *d)
{
  GPtrArray *cats = g_ptr_array_new_with_free_func (g_free);
  int last_comment = 0;

  for (guint i = 0; i < d->judgements->len; i++)
    {
      HashiyaJudgement *j = g_ptr_array_index (d->judgements, i);
      int c = j->comment_index;

      if (c == last_comment)
        {
          report_judgement (d, j, "a second annotator's judgement has no field");
          continue;
        }
      last_comment = c;
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
        report_judgement (d, j, "the judgement's note has no field");
    }
  return cats;
}

static gint64
unit (DocData *d, gint64 cp, gboolean utf16)
{
  return utf16 ? (gint64) hashiya_text_cp_to_utf16 (d->text, cp) : cp;
}

static void
add_meta (JsonBuilder *b, DocData *d, gboolean utf16)
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
      json_builder_add_int_value (b, unit (d, s->start, utf16));
      json_builder_add_int_value (b, unit (d, s->end, utf16));
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
}

static JsonNode *
jsonl_record (DocData *d, gboolean spacy, gboolean utf16)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) cats = judgement_cats (d);

  json_builder_begin_object (b);
  if (!spacy)
    {
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, d->index);
    }
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, hashiya_text_get_utf8 (d->text, NULL));
  json_builder_set_member_name (b, spacy ? "spans" : "label");
  json_builder_begin_array (b);
  for (guint i = 0; i < d->spans->len; i++)
    {
      HashiyaSpan *s = g_ptr_array_index (d->spans, i);
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
          json_builder_add_int_value (b, unit (d, s->start, utf16));
          json_builder_add_int_value (b, unit (d, s->end, utf16));
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
  add_meta (b, d, utf16);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* A textarea's "text" is its list of notes, so it gets no slice. */
static void
ls_region_value (JsonBuilder *b, DocData *d, gint64 start, gint64 end, gboolean with_text)
{
  json_builder_set_member_name (b, "start");
  json_builder_add_int_value (b, start);
  json_builder_set_member_name (b, "end");
  json_builder_add_int_value (b, end);
  if (with_text)
    {
      g_autofree char *slice = hashiya_text_slice (d->text, start, end);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, slice);
    }
}

static void
ls_result_head (JsonBuilder *b, const char *id, const char *from, const char *type)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "from_name");
  json_builder_add_string_value (b, from);
  json_builder_set_member_name (b, "to_name");
  json_builder_add_string_value (b, "text");
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, type);
  json_builder_set_member_name (b, "value");
  json_builder_begin_object (b);
}

static void
ls_choice (JsonBuilder *b, DocData *d, const HashiyaSegment *seg, int comment,
           const char *from, const char *value, const char *annotator_tag)
{
  g_autofree char *id = g_strdup_printf ("c%d-%s-%s", comment, from, annotator_tag);

  ls_result_head (b, id, from, strcmp (from, "comment_note") == 0 ? "textarea" : "choices");
  ls_region_value (b, d, seg->start, seg->end, strcmp (from, "comment_note") != 0);
  json_builder_set_member_name (b, strcmp (from, "comment_note") == 0 ? "text" : "choices");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, value);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
}

static JsonNode *
label_studio_task (DocData *d)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) annotators = g_ptr_array_new ();

  for (guint i = 0; i < d->spans->len; i++)
    {
      HashiyaSpan *s = g_ptr_array_index (d->spans, i);
      if (!g_ptr_array_find_with_equal_func (annotators, s->annotator, g_str_equal, NULL))
        g_ptr_array_add (annotators, s->annotator);
    }
  for (guint i = 0; i < d->judgements->len; i++)
    {
      HashiyaJudgement *j = g_ptr_array_index (d->judgements, i);
      if (!g_ptr_array_find_with_equal_func (annotators, j->annotator, g_str_equal, NULL))
        g_ptr_array_add (annotators, j->annotator);
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, d->index);
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, hashiya_text_get_utf8 (d->text, NULL));
  add_meta (b, d, FALSE);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "annotations");
  json_builder_begin_array (b);
  for (guint a = 0; a < annotators->len; a++)
    {
      const char *who = g_ptr_array_index (annotators, a);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "annotator");
      json_builder_add_string_value (b, who);
      json_builder_set_member_name (b, "result");
      json_builder_begin_array (b);
      for (guint i = 0; i < d->spans->len; i++)
        {
          HashiyaSpan *s = g_ptr_array_index (d->spans, i);
          g_autofree char *id = NULL;
          if (strcmp (s->annotator, who) != 0)
            continue;
          id = g_strdup_printf ("s%" G_GINT64_FORMAT, s->id);
          ls_result_head (b, id, "label", "labels");
          ls_region_value (b, d, s->start, s->end, TRUE);
          json_builder_set_member_name (b, "labels");
          json_builder_begin_array (b);
          json_builder_add_string_value (b, s->label);
          json_builder_end_array (b);
          json_builder_end_object (b);
          json_builder_end_object (b);
          if (s->note)
            {
              ls_result_head (b, id, "note", "textarea");
              ls_region_value (b, d, s->start, s->end, FALSE);
              json_builder_set_member_name (b, "text");
              json_builder_begin_array (b);
              json_builder_add_string_value (b, s->note);
              json_builder_end_array (b);
              json_builder_end_object (b);
              json_builder_end_object (b);
            }
        }
      for (guint i = 0; i < d->judgements->len; i++)
        {
          HashiyaJudgement *j = g_ptr_array_index (d->judgements, i);
          const HashiyaSegment *seg = comment_segment (d, j->comment_index);
          g_autofree char *tag = g_strdup_printf ("a%u", a + 1);
          if (strcmp (j->annotator, who) != 0 || seg == NULL)
            continue;
          if (hashiya_sentiment_to_string (j->sentiment))
            ls_choice (b, d, seg, j->comment_index, "sentiment",
                       hashiya_sentiment_to_string (j->sentiment), tag);
          if (j->offensive >= 0)
            ls_choice (b, d, seg, j->comment_index, "offensive", j->offensive ? "yes" : "no", tag);
          if (j->hate_speech >= 0)
            ls_choice (b, d, seg, j->comment_index, "hate_speech", j->hate_speech ? "yes" : "no", tag);
          if (hashiya_decision_to_string (j->decision))
            ls_choice (b, d, seg, j->comment_index, "decision",
                       hashiya_decision_to_string (j->decision), tag);
          if (j->note)
            ls_choice (b, d, seg, j->comment_index, "comment_note", j->note, tag);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
write_str (GOutputStream *out, const char *s, gsize n, GCancellable *cancellable, GError **error)
{
  g_autoptr(GError) local = NULL;

  if (!g_output_stream_write_all (out, s, n, NULL, cancellable, &local))
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_CANCELLED, _("export cancelled"));
      else
        g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE, _("cannot write: %s"),
                     local->message);
      return FALSE;
    }
  return TRUE;
}

/* Writes one JSON value between before and after. */
static gboolean
write_node (GOutputStream *out, JsonNode *node, gboolean pretty, const char *before,
            const char *after, GCancellable *cancellable, GError **error)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *s = NULL;
  gsize n = 0;

  json_generator_set_root (gen, node);
  json_generator_set_pretty (gen, pretty);
  s = json_generator_to_data (gen, &n);
  return write_str (out, before, strlen (before), cancellable, error)
         && write_str (out, s, n, cancellable, error)
         && write_str (out, after, strlen (after), cancellable, error);
}

typedef gboolean (*DocFunc) (DocData *d, gpointer user_data, GCancellable *cancellable,
                             GError **error);

static gboolean
for_each_doc (HashiyaStore *store, const HashiyaExportOptions *options,
              HashiyaExportReport *report, gboolean merge, DocFunc func, gpointer user_data,
              GCancellable *cancellable, GError **error)
{
  g_autoptr(GPtrArray) docs = hashiya_store_list_documents (store, error);
  guint index = 0;

  if (docs == NULL)
    return FALSE;
  for (guint i = 0; i < docs->len; i++)
    {
      DocData d = { store, options, report, g_ptr_array_index (docs, i) };
      gboolean ok;

      if (!hashiya_export_options_selects (options, d.doc->id))
        continue;
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_CANCELLED,
                       _("export cancelled"));
          return FALSE;
        }
      d.index = ++index;
      ok = doc_data_load (&d, merge, error) && func (&d, user_data, cancellable, error);
      if (ok)
        {
          report->n_documents++;
          report->n_entities += d.spans->len;
        }
      doc_data_clear (&d);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  GOutputStream *out;
  HashiyaFormat   format;
  gboolean        utf16;
  gboolean        first;
} StreamState;

static gboolean
stream_doc (DocData *d, gpointer user_data, GCancellable *cancellable, GError **error)
{
  StreamState *st = user_data;
  g_autoptr(JsonNode) node = NULL;
  gboolean ok;

  switch (st->format)
    {
    case HASHIYA_FORMAT_DOCCANO:
      node = jsonl_record (d, FALSE, st->utf16);
      return write_node (st->out, node, FALSE, "", "\n", cancellable, error);
    case HASHIYA_FORMAT_SPACY:
      node = jsonl_record (d, TRUE, FALSE);
      return write_node (st->out, node, FALSE, "", "\n", cancellable, error);
    case HASHIYA_FORMAT_LABEL_STUDIO:
      node = label_studio_task (d);
      ok = write_node (st->out, node, FALSE, st->first ? "[\n" : ",\n", "", cancellable, error);
      st->first = FALSE;
      return ok;
    default:
      g_assert_not_reached ();
      return FALSE;
    }
}

gboolean
hashiya_formats_export_stream (HashiyaStore *store, const HashiyaExportOptions *options,
                               GOutputStream *out, HashiyaExportReport *report,
                               GCancellable *cancellable, GError **error)
{
  StreamState st = { out, options->format, !options->offsets_codepoint, TRUE };
  g_autoptr(HashiyaExportReport) own = NULL;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), FALSE);
  g_return_val_if_fail (options != NULL && G_IS_OUTPUT_STREAM (out), FALSE);

  if (options->format != HASHIYA_FORMAT_DOCCANO && options->format != HASHIYA_FORMAT_SPACY
      && options->format != HASHIYA_FORMAT_LABEL_STUDIO)
    {
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_UNSUPPORTED,
                   _("%s is not written by the interchange writers"),
                   hashiya_format_to_string (options->format));
      return FALSE;
    }
  if (options->scope != HASHIYA_SCOPE_ALL)
    {
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_UNSUPPORTED,
                   _("%s export writes whole documents; a scope applies to CoNLL only"),
                   hashiya_format_to_string (options->format));
      return FALSE;
    }
  if (report == NULL)
    report = own = hashiya_export_report_new ();
  /* Label Studio keeps one annotation per annotator, so nothing is merged there */
  if (!for_each_doc (store, options, report, options->format != HASHIYA_FORMAT_LABEL_STUDIO,
                     stream_doc, &st, cancellable, error))
    return FALSE;
  if (options->format == HASHIYA_FORMAT_LABEL_STUDIO)
    {
      const char *close = st.first ? "[]\n" : "\n]\n";   /* st.first: no task was written */
      if (!write_str (out, close, strlen (close), cancellable, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- brat writer ------------------------------------------------------------------ */

typedef struct
{
  char       *dir;       /* where files go (NULL = dry run) */
  GHashTable *labels;    /* label names seen */
  GHashTable *names;     /* file stems used */
} BratState;

static char *
brat_stem (BratState *st, DocData *d)
{
  g_autofree char *src = g_path_get_basename (d->doc->source && *d->doc->source
                                              ? d->doc->source : "document");
  char *dot = strrchr (src, '.');
  GString *s = g_string_new (NULL);

  if (dot && dot != src)
    *dot = '\0';
  for (const char *p = src; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isalnum (c) || c == '-' || c == '_')
        g_string_append_unichar (s, c);
      else
        g_string_append_c (s, '_');
    }
  if (s->len == 0 || g_hash_table_contains (st->names, s->str))
    g_string_append_printf (s, "-%" G_GINT64_FORMAT, d->doc->id);
  g_hash_table_add (st->names, g_strdup (s->str));
  return g_string_free (s, FALSE);
}

static gboolean
brat_doc (DocData *d, gpointer user_data, GCancellable *cancellable, GError **error)
{
  BratState *st = user_data;
  g_autoptr(GString) ann = g_string_new (NULL);
  g_autofree char *stem = NULL, *txt_path = NULL, *ann_path = NULL;
  g_autoptr(GError) local = NULL;
  gsize n_bytes = 0;
  const char *text = hashiya_text_get_utf8 (d->text, &n_bytes);
  guint n_notes = 0;

  for (guint i = 0; i < d->spans->len; i++)
    {
      HashiyaSpan *s = g_ptr_array_index (d->spans, i);
      g_autofree char *slice = hashiya_text_slice (d->text, s->start, s->end);

      for (char *p = slice; *p; p++)
        if (*p == '\n' || *p == '\t')
          *p = ' ';
      g_string_append_printf (ann, "T%u\t%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\t%s\n",
                              i + 1, s->label, s->start, s->end, slice);
      g_hash_table_add (st->labels, g_strdup (s->label));
      if (s->note)
        {
          g_autofree char *note = g_strdup (s->note);
          for (char *p = note; *p; p++)
            if (*p == '\n' || *p == '\t')
              *p = ' ';
          if (strcmp (note, s->note) != 0)
            hashiya_export_report_add (d->report, HASHIYA_LOSS_NO_FIELD, d->doc->id,
                                       d->doc->source, s, _("the note's line breaks became spaces"));
          g_string_append_printf (ann, "#%u\tAnnotatorNotes T%u\t%s\n", ++n_notes, i + 1, note);
        }
    }
  for (guint i = 0; i < d->judgements->len; i++)
    report_judgement (d, g_ptr_array_index (d->judgements, i), "brat has no field for judgements");

  if (st->dir == NULL)
    return TRUE;
  stem = brat_stem (st, d);
  txt_path = g_strdup_printf ("%s/%s.txt", st->dir, stem);
  ann_path = g_strdup_printf ("%s/%s.ann", st->dir, stem);
  if (!g_file_set_contents (txt_path, text, n_bytes, &local)
      || !g_file_set_contents (ann_path, ann->str, ann->len, &local))
    {
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_remove (p);
    }
  g_rmdir (dir);
}

gboolean
hashiya_formats_export_brat (HashiyaStore *store, const HashiyaExportOptions *options,
                             const char *folder, HashiyaExportReport *report,
                             GCancellable *cancellable, GError **error)
{
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(HashiyaExportReport) own = NULL;
  g_autofree char *tmp = NULL;
  BratState st = { NULL, labels, names };
  GString *conf;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GError) local = NULL;
  gboolean ok;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), FALSE);
  g_return_val_if_fail (options != NULL && folder != NULL, FALSE);

  if (options->scope != HASHIYA_SCOPE_ALL)
    {
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_UNSUPPORTED,
                   _("brat export writes whole documents; a scope applies to CoNLL only"));
      return FALSE;
    }
  if (report == NULL)
    report = own = hashiya_export_report_new ();

  if (g_file_test (folder, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GDir) d = NULL;
      if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                       _("%s exists and is not a folder; brat export writes a folder"), folder);
          return FALSE;
        }
      d = g_dir_open (folder, 0, NULL);
      if (d && g_dir_read_name (d) != NULL)
        {
          g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                       _("%s is a folder that is not empty; brat export writes into a new or "
                       "empty folder"), folder);
          return FALSE;
        }
    }

  if (options->strict)
    {
      /* dry run: nothing is written when anything would be lost */
      g_autoptr(HashiyaExportReport) dry = hashiya_export_report_new ();
      if (!for_each_doc (store, options, dry, TRUE, brat_doc, &st, cancellable, error))
        return FALSE;
      if (dry->items->len > 0)
        {
          g_autofree char *first = hashiya_loss_item_to_string (g_ptr_array_index (dry->items, 0));
          guint n = dry->items->len;
          for (guint i = 0; i < dry->items->len; i++)
            g_ptr_array_add (report->items, g_ptr_array_steal_index (dry->items, i--));
          g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_STRICT,
                       dngettext (GETTEXT_PACKAGE,
                                  "Strict export refused: the format loses %u item (first: %s)",
                                  "Strict export refused: the format loses %u items (first: %s)",
                                  n),
                       n, first);
          return FALSE;
        }
      g_hash_table_remove_all (labels);
    }

  tmp = g_strconcat (folder, ".tmp-XXXXXX", NULL);
  if (g_mkdtemp (tmp) == NULL)
    {
      int saved = errno;
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                   _("cannot create a temporary folder beside %s: %s"), folder, g_strerror (saved));
      return FALSE;
    }
  st.dir = tmp;
  ok = for_each_doc (store, options, report, TRUE, brat_doc, &st, cancellable, error);
  if (ok)
    {
      GHashTableIter iter;
      gpointer key;

      sorted = g_ptr_array_new ();
      g_hash_table_iter_init (&iter, labels);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (sorted, key);
      g_ptr_array_sort (sorted, compare_strings);
    }
  if (ok)
    {
      g_autofree char *conf_path = g_build_filename (tmp, "annotation.conf", NULL);
      conf = g_string_new ("[entities]\n");
      for (guint i = 0; i < sorted->len; i++)
        g_string_append_printf (conf, "%s\n", (char *) g_ptr_array_index (sorted, i));
      g_string_append (conf, "\n[relations]\n\n[events]\n\n[attributes]\n");
      ok = g_file_set_contents (conf_path, conf->str, conf->len, &local);
      g_string_free (conf, TRUE);
      if (!ok)
        g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE, "%s", local->message);
    }
  if (ok && g_file_test (folder, G_FILE_TEST_IS_DIR) && g_rmdir (folder) != 0)
    {
      int saved = errno;
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                   _("cannot replace the empty folder %s: %s"), folder, g_strerror (saved));
      ok = FALSE;
    }
  if (ok && g_rename (tmp, folder) != 0)
    {
      int saved = errno;
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                   _("cannot move the export into %s: %s"), folder, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    remove_tree (tmp);
  return ok;
}
