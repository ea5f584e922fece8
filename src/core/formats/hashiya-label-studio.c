/* hashiya-label-studio.c: Label Studio JSON, read and written
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the format holds (anything else is listed in the export report; offsets: see
 * hashiya-interchange-common.h):
 *  - Label Studio JSON: a list of tasks {"data": {"text", "source", "segments"},
 *    "annotations": [{"annotator", "result": [...]}]}, one annotation per annotator.
 *    Spans are `labels` results (from_name "label", to_name "text", value {start, end,
 *    text, labels}); a span note is a per-region `textarea` result with the region's id
 *    (from_name "note"); a comment judgement is a `choices` result on the comment's
 *    range: from_name "sentiment" (positive/negative/neutral/mixed), "offensive" and
 *    "hate_speech" (yes/no), "decision" (approve/review/reject); its note a `textarea`
 *    (from_name "comment_note") on the same range. All results of one (comment, annotator)
 *    share one region id ("c2-a1"), so Label Studio builds one region per judged comment
 *    with its choices and note attached (an id per field, as older exports wrote, made
 *    one region per field and lost the note: both shapes are read; a note without a range
 *    belongs to the region of its id). Annotators: "annotator", else Label Studio's
 *    completed_by (a user id → options->annotator_map or "ls-user-ID"). Label Studio holds
 *    everything: no loss items. The labelling config that shows all of it
 *    (hashiya_label_studio_config (), `hashiya-cli export --print-config`):
 *      <View><Text name="text" value="$text"/>
 *        <Labels name="label" toName="text"><Label value="PER"/>…</Labels>
 *        <TextArea name="note" toName="text" perRegion="true"/>
 *        <Choices name="sentiment" toName="text" perRegion="true">…</Choices> (and offensive,
 *        hate_speech, decision; comment_note a TextArea)</View>
 *    A project's judgement schema: every custom field is a per-region result on the same
 *    region, from_name the field's name: `choices` (all chosen values of a multi-choice
 *    field in one result) or `textarea` (free text); data.parent holds the reply links
 *    ({"3": 2}); the config of a schema (hashiya_label_studio_config_schema ()) declares
 *    every field (choice="multiple", visibleWhen for a condition). In a task Hashiya wrote
 *    (data.segments present) every from_name is read as a field name as it stands.
 *    On import, choices on the whole task of a task that has no segments make its text one
 *    reader comment with that judgement (Label Studio's usual one-comment-per-task set-up);
 *    other task-level choices become document categories "from_name=choice".
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "hashiya-label-studio.h"
#include "hashiya-interchange-common.h"

/* Label Studio exports an array of tasks; nothing else of ours is an array. */
static guint
label_studio_detect (HashiyaSniff *sniff)
{
  JsonObject *obj;

  switch (hashiya_sniff_json_opening (sniff))
    {
    case '[':
      return hashiya_sniff_json_window_has (sniff, "\"data\"") ? 90 : 0;
    case '{':
      obj = hashiya_sniff_json_first_object (sniff);
      if (obj == NULL)
        return hashiya_sniff_json_window_has (sniff, "\"annotations\"")
               && hashiya_sniff_json_window_has (sniff, "\"data\"") ? 45 : 0;
      return json_object_has_member (obj, "data")
             && (json_object_has_member (obj, "annotations")
                 || json_object_has_member (obj, "predictions")) ? 80 : 0;
    default:
      return 0;
    }
}

static gboolean
judgement_like (HashiyaRawJudgement *rj)
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
sort_doc_choices (HashiyaReadCtx *ctx, const char *where, const char *text, GArray **segments,
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
      hashiya_ix_ctx_message (ctx, _("%s: judgement choices on the whole task: its text was imported as "
                   "one reader comment"), where);
    }
  for (guint i = 0; *segments && i < (*segments)->len; i++)
    if (g_array_index (*segments, HashiyaSegment, i).kind == HASHIYA_SEGMENT_COMMENT)
      n_comments++;
  for (guint i = 0; i < doc_choices->len; i++)
    {
      HashiyaRawJudgement *rj = g_ptr_array_index (doc_choices, i);
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

/* A Label Studio user id as an annotator: the name --annotator-map gives it, else
 * "ls-user-ID" (so two users' work never merges under the importing user). */
static char *
ls_user (const HashiyaImportOptions *options, gint64 id)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  const char *name = options && options->annotator_map
                     ? g_hash_table_lookup (options->annotator_map, key) : NULL;

  return name ? g_strdup (name) : g_strdup_printf ("ls-user-%" G_GINT64_FORMAT, id);
}

/* Who made an annotation: our "annotator", else Label Studio's completed_by (a user id, as
 * real exports have it, or an object with an email or id). NULL = the importing user. */
static char *
ls_annotator (JsonObject *ann, const HashiyaImportOptions *options)
{
  JsonNode *n;
  JsonObject *o;
  gint64 id;

  if (hashiya_ix_node_string (hashiya_ix_member (ann, "annotator")))
    return g_strdup (hashiya_ix_node_string (hashiya_ix_member (ann, "annotator")));
  n = hashiya_ix_member (ann, "completed_by");
  if (hashiya_ix_node_string (n))
    return g_strdup (hashiya_ix_node_string (n));
  if (hashiya_ix_node_int (n, &id))
    return ls_user (options, id);
  o = n && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
  if (o && hashiya_ix_node_string (hashiya_ix_member (o, "email")))
    return g_strdup (hashiya_ix_node_string (hashiya_ix_member (o, "email")));
  if (o && hashiya_ix_node_int (hashiya_ix_member (o, "id"), &id))
    return ls_user (options, id);
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
  HashiyaReadCtx ctx = { path ? path : "(input)", options, report, renamed };
  JsonNode *root;
  JsonArray *tasks = NULL;
  guint n_tasks, n_skipped = 0;

  g_return_val_if_fail (data != NULL && docs_out != NULL, FALSE);

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      len -= 3;
    }
  if (!hashiya_json_guard_load (parser, ctx.path, data, len, 1, &local))
    {
      if (hashiya_json_guard_is_guard_error (local))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX,
                   "%s: %s", ctx.path, local->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root && JSON_NODE_HOLDS_ARRAY (root))
    tasks = json_node_get_array (root);
  n_tasks = tasks ? json_array_get_length (tasks) : (root && JSON_NODE_HOLDS_OBJECT (root) ? 1 : 0);
  if (n_tasks == 0)
    return hashiya_ix_bad (error, ctx.path, _("not a Label Studio export (a list of tasks)"));

  for (guint t = 0; t < n_tasks; t++)
    {
      JsonNode *tn = tasks ? json_array_get_element (tasks, t) : root;
      JsonObject *task = JSON_NODE_HOLDS_OBJECT (tn) ? json_node_get_object (tn) : NULL;
      JsonObject *d = hashiya_ix_member_object (task, "data");
      JsonArray *anns;
      g_autofree char *where = g_strdup_printf (_("%s: task %u"), ctx.path, t + 1);
      g_autofree char *source = NULL;
      g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func (hashiya_ix_raw_span_free);
      g_autoptr(GPtrArray) judgements = g_ptr_array_new_with_free_func (hashiya_ix_raw_judgement_free);
      g_autoptr(GPtrArray) cats = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) doc_choices = g_ptr_array_new_with_free_func (hashiya_ix_raw_judgement_free);
      g_autoptr(GArray) segments = NULL;
      const char *text = hashiya_ix_node_string (hashiya_ix_member (d, "text"));
      HashiyaParsedDoc *doc;

      if (task == NULL || d == NULL)
        return hashiya_ix_bad (error, where, _("a task without \"data\""));
      if (text == NULL)
        {
          /* the first string field of data */
          GList *names = json_object_get_members (d);
          for (GList *l = names; l && !text; l = l->next)
            text = hashiya_ix_node_string (json_object_get_member (d, l->data));
          g_list_free (names);
        }
      if (text == NULL)
        return hashiya_ix_bad (error, where, _("the task's data holds no text"));
      if (!hashiya_ix_read_segments (d, where, &segments, error))
        return FALSE;
      source = hashiya_ix_node_string (hashiya_ix_member (d, "source")) ? g_strdup (hashiya_ix_node_string (hashiya_ix_member (d, "source")))
                                                  : g_strdup_printf ("%s#%u", base, t + 1);

      anns = hashiya_ix_member_array (task, "annotations");
      if (anns == NULL)
        anns = hashiya_ix_member_array (task, "completions");
      if (anns == NULL || json_array_get_length (anns) == 0)
        {
          anns = hashiya_ix_member_array (task, "predictions");
          if (anns && json_array_get_length (anns) > 0)
            hashiya_ix_ctx_message (&ctx, _("%s: no annotations; its predictions were imported"), where);
        }
      for (guint a = 0; anns && a < json_array_get_length (anns); a++)
        {
          JsonNode *an = json_array_get_element (anns, a);
          JsonObject *ann = JSON_NODE_HOLDS_OBJECT (an) ? json_node_get_object (an) : NULL;
          JsonArray *results = hashiya_ix_member_array (ann, "result");
          g_autofree char *annotator = ls_annotator (ann, options);
          g_autoptr(GHashTable) regions = g_hash_table_new (g_str_hash, g_str_equal);
          /* region id → its range (gint64[2]) for choices: a note with that id belongs to it */
          g_autoptr(GHashTable) choice_regions = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                        NULL, g_free);

          if (ann && hashiya_ix_member (ann, "was_cancelled")
              && JSON_NODE_TYPE (hashiya_ix_member (ann, "was_cancelled")) == JSON_NODE_VALUE
              && json_node_get_value_type (hashiya_ix_member (ann, "was_cancelled")) == G_TYPE_BOOLEAN
              && json_node_get_boolean (hashiya_ix_member (ann, "was_cancelled")))
            continue;
          /* two passes: regions first, then notes that point at them */
          for (int pass = 0; pass < 2; pass++)
            for (guint r = 0; results && r < json_array_get_length (results); r++)
              {
                JsonNode *rn = json_array_get_element (results, r);
                JsonObject *res = JSON_NODE_HOLDS_OBJECT (rn) ? json_node_get_object (rn) : NULL;
                const char *type = hashiya_ix_node_string (hashiya_ix_member (res, "type"));
                const char *from = hashiya_ix_node_string (hashiya_ix_member (res, "from_name"));
                const char *id = hashiya_ix_node_string (hashiya_ix_member (res, "id"));
                JsonObject *v = hashiya_ix_member_object (res, "value");
                gint64 s = -1, e = -1;
                gboolean has_range;

                if (res == NULL || type == NULL || v == NULL)
                  return hashiya_ix_bad (error, where, _("a result without type or value"));
                has_range = hashiya_ix_node_int (hashiya_ix_member (v, "start"), &s) && hashiya_ix_node_int (hashiya_ix_member (v, "end"), &e);

                if (pass == 0 && (strcmp (type, "labels") == 0 || strcmp (type, "hypertextlabels") == 0))
                  {
                    JsonArray *labels = hashiya_ix_member_array (v, "labels");
                    if (labels == NULL)
                      labels = hashiya_ix_member_array (v, type);
                    if (!has_range || labels == NULL)
                      return hashiya_ix_bad (error, where, _("a labels result without start, end and labels"));
                    if (json_array_get_length (labels) == 0)
                      return hashiya_ix_bad (error, where, _("a labels result with an empty list of labels"));
                    for (guint k = 0; k < json_array_get_length (labels); k++)
                      {
                        HashiyaRawSpan *sp = g_new0 (HashiyaRawSpan, 1);
                        const char *l = hashiya_ix_node_string (json_array_get_element (labels, k));
                        if (l == NULL)
                          {
                            hashiya_ix_raw_span_free (sp);
                            return hashiya_ix_bad (error, where, _("a label that is not a string"));
                          }
                        sp->start = s;
                        sp->end = e;
                        sp->label = g_strdup (l);
                        sp->annotator = g_strdup (annotator);
                        if (hashiya_ix_node_string (hashiya_ix_member (v, "text")))
                          sp->text = g_strdup (hashiya_ix_node_string (hashiya_ix_member (v, "text")));
                        g_ptr_array_add (spans, sp);
                        if (id)
                          g_hash_table_insert (regions, (gpointer) id, sp);
                      }
                  }
                else if (pass == 0 && strcmp (type, "choices") == 0 && has_range && id)
                  {
                    gint64 *range = g_new (gint64, 2);
                    range[0] = s;
                    range[1] = e;
                    g_hash_table_replace (choice_regions, (gpointer) id, range);
                  }
                else if (pass == 1 && strcmp (type, "textarea") == 0)
                  {
                    JsonArray *ta = hashiya_ix_member_array (v, "text");
                    g_autoptr(GString) note = g_string_new (NULL);
                    HashiyaRawSpan *target = id ? g_hash_table_lookup (regions, id) : NULL;
                    gint64 *range = id ? g_hash_table_lookup (choice_regions, id) : NULL;

                    /* the note of a comment's region (one id for its choices and note) */
                    if (target == NULL && !has_range && range != NULL)
                      {
                        s = range[0];
                        e = range[1];
                        has_range = TRUE;
                      }
                    for (guint k = 0; ta && k < json_array_get_length (ta); k++)
                      if (hashiya_ix_node_string (json_array_get_element (ta, k)))
                        g_string_append_printf (note, "%s%s", k ? "\n" : "",
                                                hashiya_ix_node_string (json_array_get_element (ta, k)));
                    if (target)
                      {
                        /* every span of that region (one per label) gets the note */
                        for (guint k = 0; k < spans->len; k++)
                          {
                            HashiyaRawSpan *sp = g_ptr_array_index (spans, k);
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
                        HashiyaRawJudgement *rj = g_new0 (HashiyaRawJudgement, 1);
                        rj->start = s;
                        rj->end = e;
                        /* a free-text field of the schema, in a task Hashiya wrote */
                        rj->field = g_strdup (segments != NULL && from != NULL
                                              && hashiya_field_name_is_valid (from)
                                              && !hashiya_field_name_is_builtin (from)
                                              && strcmp (from, "comment_note") != 0
                                              ? from : "note");
                        rj->value = g_strdup (note->str);
                        rj->annotator = g_strdup (annotator);
                        g_ptr_array_add (judgements, rj);
                      }
                    else
                      n_skipped++;
                  }
                else if (pass == 1 && strcmp (type, "choices") == 0)
                  {
                    JsonArray *ch = hashiya_ix_member_array (v, "choices");
                    const char *field = from ? from : "choice";
                    for (guint k = 0; ch && k < json_array_get_length (ch); k++)
                      {
                        const char *c = hashiya_ix_node_string (json_array_get_element (ch, k));
                        HashiyaSentiment sent;
                        if (c == NULL)
                          continue;
                        if (has_range)
                          {
                            HashiyaRawJudgement *rj = g_new0 (HashiyaRawJudgement, 1);
                            rj->start = s;
                            rj->end = e;
                            /* a choice named like a sentiment counts as one, whatever the
                             * control, except in a task Hashiya wrote (it has segments): there
                             * every control is a field of the judgement schema */
                            if (strcmp (field, "offensive") != 0 && strcmp (field, "hate_speech") != 0
                                && strcmp (field, "decision") != 0 && segments == NULL
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
                            HashiyaRawJudgement *rj = g_new0 (HashiyaRawJudgement, 1);
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
        return hashiya_ix_bad (error, where, _("a document-level judgement, but the document has several comments"));
      doc = hashiya_ix_build_doc (&ctx, where, source, text, FALSE, segments, spans, judgements, cats, error);
      if (doc == NULL)
        return FALSE;
      g_ptr_array_add (docs, doc);
    }
  if (n_skipped > 0)
    hashiya_ix_ctx_message (&ctx, _("%s: %u results of other types (relations, ratings, …) not imported"),
                 ctx.path, n_skipped);
  for (guint i = 0; i < docs->len; i++)
    g_ptr_array_add (docs_out, g_ptr_array_steal_index (docs, i--));
  return TRUE;
}

/* ---- brat ------------------------------------------------------------------------ */


static gboolean
label_studio_read (const char *path, char **data, gsize len, const HashiyaImportOptions *options,
                   GPtrArray *docs_out, GPtrArray *labels_out, HashiyaImportReport *report,
                   GError **error)
{
  return hashiya_parse_label_studio (path, *data, len, options, docs_out, report, error);
}

/* ---- writing -------------------------------------------------------------------- */

static void
ls_region_value (JsonBuilder *b, HashiyaDocView *d, gint64 start, gint64 end, gboolean with_text)
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

/* A custom field of the schema: choices (one, or several for a multi-choice field) or, for
 * free text, a textarea, from_name the field's name, on the comment's region. */
static void
ls_custom_fields (JsonBuilder *b, HashiyaDocView *d, const HashiyaSegment *seg, const char *id,
                  const HashiyaJudgement *j)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (j->values == NULL || g_hash_table_size (j->values) == 0)
    return;
  if (d->schema != NULL)
    for (guint i = 0; i < d->schema->fields->len; i++)
      g_ptr_array_add (names, ((HashiyaField *) g_ptr_array_index (d->schema->fields, i))->name);
  else
    {
      g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (j->values), (GCompareFunc) strcmp);
      for (GList *l = keys; l != NULL; l = l->next)
        g_ptr_array_add (names, l->data);
    }
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      const HashiyaField *f = d->schema ? hashiya_judgement_schema_lookup (d->schema, name) : NULL;
      const char *v = hashiya_judgement_get_value (j, name);
      gboolean text = f != NULL && f->kind == HASHIYA_FIELD_TEXT;

      if (hashiya_field_name_is_builtin (name) || v == NULL || *v == '\0')
        continue;
      ls_result_head (b, id, name, text ? "textarea" : "choices");
      ls_region_value (b, d, seg->start, seg->end, !text);
      json_builder_set_member_name (b, text ? "text" : "choices");
      json_builder_begin_array (b);
      if (text || (f != NULL && f->kind != HASHIYA_FIELD_MULTI))
        json_builder_add_string_value (b, v);
      else
        {
          g_auto(GStrv) parts = hashiya_judgement_get_choices (j, name);
          for (guint k = 0; parts[k] != NULL; k++)
            json_builder_add_string_value (b, parts[k]);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
}

/* Every result of one (comment, annotator) carries the same region id ("c2-a1"): Label Studio
 * then builds one region for the comment with all its choices and its note attached. */
static void
ls_choice (JsonBuilder *b, HashiyaDocView *d, const HashiyaSegment *seg, const char *id,
           const char *from, const char *value)
{
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
label_studio_task (HashiyaDocView *d)
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
  hashiya_ix_add_meta (b, d, FALSE);
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
          hashiya_ix_report_span_value (d, s, "Label Studio");
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
          const HashiyaSegment *seg = hashiya_ix_comment_segment (d, j->comment_index);
          g_autofree char *id = g_strdup_printf ("c%d-a%u", j->comment_index, a + 1);
          if (strcmp (j->annotator, who) != 0 || seg == NULL)
            continue;
          if (hashiya_sentiment_to_string (j->sentiment))
            ls_choice (b, d, seg, id, "sentiment", hashiya_sentiment_to_string (j->sentiment));
          if (j->offensive >= 0)
            ls_choice (b, d, seg, id, "offensive", j->offensive ? "yes" : "no");
          if (j->hate_speech >= 0)
            ls_choice (b, d, seg, id, "hate_speech", j->hate_speech ? "yes" : "no");
          if (hashiya_decision_to_string (j->decision))
            ls_choice (b, d, seg, id, "decision", hashiya_decision_to_string (j->decision));
          if (j->note)
            ls_choice (b, d, seg, id, "comment_note", j->note);
          ls_custom_fields (b, d, seg, id, j);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}


static gboolean
label_studio_check (const HashiyaExportOptions *options,
                    GError                    **error)
{
  return hashiya_ix_check_whole_documents (options, hashiya_format_label_studio.name, error);
}

/* Label Studio keeps one annotation per annotator, so nothing is merged here */
static gboolean
label_studio_document (HashiyaWriteJob       *job,
                       const HashiyaWriteDoc *doc,
                       HashiyaWriteOut       *out,
                       HashiyaExportReport   *report,
                       GError               **error)
{
  HashiyaDocView d;
  g_autoptr(JsonNode) node = NULL;

  hashiya_ix_doc_view_init (&d, job, doc, report, FALSE);
  node = label_studio_task (&d);
  hashiya_ix_append_node (out->buf, node, doc->index == 0 ? "[\n" : ",\n", "");
  hashiya_ix_doc_view_done (&d, TRUE);
  return hashiya_write_out_flush (out, error);
}

static gboolean
label_studio_end (HashiyaWriteJob *job,
                  gboolean         ok,
                  GString         *tail,
                  GError         **error)
{
  if (ok)
    g_string_append (tail, job->n_documents == 0 ? "[]\n" : "\n]\n");
  return TRUE;
}

static void
config_choices (GString *xml, const char *name, const char * const *values)
{
  g_string_append_printf (xml, "  <Choices name=\"%s\" toName=\"text\" perRegion=\"true\">\n", name);
  for (guint i = 0; values[i]; i++)
    g_string_append_printf (xml, "    <Choice value=\"%s\"/>\n", values[i]);
  g_string_append (xml, "  </Choices>\n");
}

/* The labelling config that shows everything the export holds: the text, the labels (in
 * the project's order), a per-region note for spans, and per-region choices and note for
 * the comment judgements (each judged comment is one region). */
char *
hashiya_label_studio_config (const char * const *labels)
{
  static const char * const sentiments[] = { "positive", "negative", "neutral", "mixed", NULL };
  static const char * const yes_no[] = { "yes", "no", NULL };
  static const char * const decisions[] = { "approve", "review", "reject", NULL };
  GString *xml = g_string_new ("<View>\n  <Labels name=\"label\" toName=\"text\">\n");

  for (guint i = 0; labels && labels[i]; i++)
    {
      g_autofree char *esc = g_markup_escape_text (labels[i], -1);
      g_string_append_printf (xml, "    <Label value=\"%s\"/>\n", esc);
    }
  g_string_append (xml, "  </Labels>\n"
                   "  <Text name=\"text\" value=\"$text\"/>\n"
                   "  <TextArea name=\"note\" toName=\"text\" perRegion=\"true\"/>\n");
  config_choices (xml, "sentiment", sentiments);
  config_choices (xml, "offensive", yes_no);
  config_choices (xml, "hate_speech", yes_no);
  config_choices (xml, "decision", decisions);
  g_string_append (xml, "  <TextArea name=\"comment_note\" toName=\"text\" perRegion=\"true\"/>\n"
                   "</View>\n");
  return g_string_free (xml, FALSE);
}

/* The labelling config for a project's judgement schema: every field a per-region control
 * named after it (a built-in note is "comment_note"), choices in the schema's order, a
 * multi-choice field with choice="multiple", free text a TextArea, and a field with a
 * condition shown only when its condition's choice is selected (visibleWhen). The default
 * schema gives exactly hashiya_label_studio_config (). */
char *
hashiya_label_studio_config_schema (const char * const           *labels,
                                    const HashiyaJudgementSchema *schema)
{
  GString *xml = g_string_new ("<View>\n  <Labels name=\"label\" toName=\"text\">\n");

  for (guint i = 0; labels && labels[i]; i++)
    {
      g_autofree char *esc = g_markup_escape_text (labels[i], -1);
      g_string_append_printf (xml, "    <Label value=\"%s\"/>\n", esc);
    }
  g_string_append (xml, "  </Labels>\n"
                   "  <Text name=\"text\" value=\"$text\"/>\n"
                   "  <TextArea name=\"note\" toName=\"text\" perRegion=\"true\"/>\n");
  for (guint i = 0; schema && i < schema->fields->len; i++)
    {
      const HashiyaField *f = g_ptr_array_index (schema->fields, i);
      g_autofree char *when = NULL;

      if (f->when_field != NULL)
        {
          g_autofree char *value = g_markup_escape_text (f->when_value, -1);
          when = g_strdup_printf (" visibleWhen=\"choice-selected\" whenTagName=\"%s\" "
                                  "whenChoiceValue=\"%s\"", f->when_field, value);
        }
      if (f->kind == HASHIYA_FIELD_TEXT)
        {
          g_string_append_printf (xml, "  <TextArea name=\"%s\" toName=\"text\" perRegion=\"true\"%s/>\n",
                                  strcmp (f->name, "note") == 0 ? "comment_note" : f->name,
                                  when ? when : "");
          continue;
        }
      g_string_append_printf (xml, "  <Choices name=\"%s\" toName=\"text\" perRegion=\"true\"%s%s>\n",
                              f->name, f->kind == HASHIYA_FIELD_MULTI ? " choice=\"multiple\"" : "",
                              when ? when : "");
      if (f->kind == HASHIYA_FIELD_YESNO)
        g_string_append (xml, "    <Choice value=\"yes\"/>\n    <Choice value=\"no\"/>\n");
      for (guint c = 0; c < f->choices->len; c++)
        {
          const HashiyaChoice *ch = g_ptr_array_index (f->choices, c);
          g_string_append_printf (xml, "    <Choice value=\"%s\"/>\n", ch->name);
        }
      g_string_append (xml, "  </Choices>\n");
    }
  g_string_append (xml, "</View>\n");
  return g_string_free (xml, FALSE);
}

static const HashiyaFormatWriter label_studio_writer = {
  .check = label_studio_check,
  .begin = hashiya_ix_begin_judgements,
  .document = label_studio_document,
  .end = label_studio_end,
};

static const char * const label_studio_aliases[] = { "labelstudio", "label_studio", NULL };
static const char * const label_studio_extensions[] = { "json", NULL };
static const char * const label_studio_cannot_hold[] = {
  N_("span values (a date's normalised value, its calendar and anchor)"),
  NULL
};

const HashiyaFormatDesc hashiya_format_label_studio = {
  .name = "label-studio",
  .aliases = label_studio_aliases,
  .title = N_("Label Studio"),
  .cannot_hold = label_studio_cannot_hold,
  .label = N_("Label Studio JSON"),
  .extensions = label_studio_extensions,
  .detect = label_studio_detect,
  .read = label_studio_read,
  .writer = &label_studio_writer,
  .config = hashiya_label_studio_config,
  .config_schema = hashiya_label_studio_config_schema,
  .config_suffix = ".label-config.xml",
};
