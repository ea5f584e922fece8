/* hashiya-comments-table.c: the comments and their judgements as a table (comments-csv, comments-tsv), export only
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For moderation dashboards and spreadsheets: one row per comment and annotator who judged
 * it (a comment nobody judged gets one row with an empty annotator), in document and comment
 * order, judgements of one comment in the order the store lists them. The first row names
 * the columns:
 *
 *   document   the document's id in the project (what `hashiya-cli show/judge` take)
 *   source     the document's file name as imported
 *   comment    the comment's index in its document (1..n)
 *   parent     the index of the comment it replies to, empty for a top-level comment
 *   annotator  who made the judgement, empty when nobody judged the comment
 *   text       the comment's text
 *   then one column per field of the project's judgement schema, in schema order, named by
 *   the field ("judgement_NAME" when NAME is one of the columns above): a choice's name,
 *   yes / no, the free text, multi-choice values joined with "|" ("race|religion"), empty
 *   when unset.
 *
 * comments-csv follows RFC 4180: fields separated by ",", rows ended by CRLF, a field that
 * holds a comma, a double quote, CR or LF (or starts or ends with a space) is put between
 * double quotes and its quotes doubled. UTF-8 without a byte order mark.
 * comments-tsv: fields separated by a tab, rows ended by LF, never quoted; inside a field a
 * backslash is written "\\", a tab "\t", a line feed "\n" and a carriage return "\r" (so
 * every row is one line and splitting on tabs is safe).
 *
 * The table holds judgements and threads only: every span (and the article's segments) is
 * listed in the loss report. Export only: importing either format is refused.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "hashiya-comments-table.h"
#include "hashiya-format-io.h"

static const char * const fixed_columns[] = {
  "document", "source", "comment", "parent", "annotator", "text",
};

typedef enum { TABLE_CSV, TABLE_TSV } TableKind;

static TableKind
table_kind (const HashiyaWriteJob *job)
{
  return job->format == &hashiya_format_comments_tsv ? TABLE_TSV : TABLE_CSV;
}

static void
append_cell (GString    *b,
             TableKind   kind,
             gboolean    first,
             const char *value)
{
  if (!first)
    g_string_append_c (b, kind == TABLE_CSV ? ',' : '\t');
  if (value == NULL || *value == '\0')
    return;
  if (kind == TABLE_TSV)
    {
      for (const char *p = value; *p; p++)
        switch (*p)
          {
          case '\\': g_string_append (b, "\\\\"); break;
          case '\t': g_string_append (b, "\\t"); break;
          case '\n': g_string_append (b, "\\n"); break;
          case '\r': g_string_append (b, "\\r"); break;
          default: g_string_append_c (b, *p);
          }
      return;
    }
  if (strpbrk (value, ",\"\r\n") == NULL && value[0] != ' '
      && value[strlen (value) - 1] != ' ')
    {
      g_string_append (b, value);
      return;
    }
  g_string_append_c (b, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (b, '"');
      g_string_append_c (b, *p);
    }
  g_string_append_c (b, '"');
}

static void
end_row (GString  *b,
         TableKind kind)
{
  g_string_append (b, kind == TABLE_CSV ? "\r\n" : "\n");
}

static gboolean
table_check (const HashiyaExportOptions *options,
             GError                    **error)
{
  if (options->scope != HASHIYA_SCOPE_ALL)
    {
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_UNSUPPORTED,
                   _("the comments table holds whole comments; a scope applies to CoNLL only"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
table_begin (HashiyaWriteJob *job,
             GString         *head,
             GError         **error)
{
  TableKind kind = table_kind (job);

  job->fetch = HASHIYA_FETCH_JUDGEMENTS;
  for (guint i = 0; i < G_N_ELEMENTS (fixed_columns); i++)
    append_cell (head, kind, i == 0, fixed_columns[i]);
  for (guint i = 0; i < job->schema->fields->len; i++)
    {
      const HashiyaField *f = g_ptr_array_index (job->schema->fields, i);
      gboolean clash = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (fixed_columns); k++)
        clash |= strcmp (f->name, fixed_columns[k]) == 0;
      if (clash)
        {
          g_autofree char *name = g_strconcat ("judgement_", f->name, NULL);

          append_cell (head, kind, FALSE, name);
        }
      else
        append_cell (head, kind, FALSE, f->name);
    }
  end_row (head, kind);
  return TRUE;
}

static void
append_row (GString                *b,
            TableKind               kind,
            const HashiyaWriteJob  *job,
            const HashiyaWriteDoc  *doc,
            const HashiyaSegment   *seg,
            const char             *text,
            const HashiyaJudgement *j)
{
  char num[32];

  g_snprintf (num, sizeof num, "%" PRId64, doc->doc->id);
  append_cell (b, kind, TRUE, num);
  append_cell (b, kind, FALSE, doc->doc->source);
  g_snprintf (num, sizeof num, "%d", seg->comment_index);
  append_cell (b, kind, FALSE, num);
  if (seg->parent_index > 0)
    g_snprintf (num, sizeof num, "%d", seg->parent_index);
  else
    num[0] = '\0';
  append_cell (b, kind, FALSE, num);
  append_cell (b, kind, FALSE, j ? j->annotator : NULL);
  append_cell (b, kind, FALSE, text);
  for (guint i = 0; i < job->schema->fields->len; i++)
    {
      const HashiyaField *f = g_ptr_array_index (job->schema->fields, i);
      const char *v = j ? hashiya_judgement_get_value (j, f->name) : NULL;

      if (v != NULL && f->kind == HASHIYA_FIELD_MULTI)
        {
          g_auto(GStrv) parts = hashiya_judgement_get_choices (j, f->name);
          g_autofree char *joined = g_strjoinv ("|", parts);

          append_cell (b, kind, FALSE, joined);
        }
      else
        append_cell (b, kind, FALSE, v);
    }
  end_row (b, kind);
}

static gboolean
table_document (HashiyaWriteJob       *job,
                const HashiyaWriteDoc *doc,
                HashiyaWriteOut       *out,
                HashiyaExportReport   *report,
                GError               **error)
{
  TableKind kind = table_kind (job);
  const char *annotator = job->options->annotator;

  for (guint i = 0; i < doc->segments->len; i++)
    {
      const HashiyaSegment *seg = &g_array_index (doc->segments, HashiyaSegment, i);
      g_autofree char *text = NULL;
      gboolean any = FALSE;

      if (seg->kind != HASHIYA_SEGMENT_COMMENT)
        continue;
      text = hashiya_text_slice (doc->text, seg->start, seg->end);
      for (guint k = 0; k < doc->judgements->len; k++)
        {
          const HashiyaJudgement *j = g_ptr_array_index (doc->judgements, k);

          if (j->comment_index != seg->comment_index
              || (annotator != NULL && g_strcmp0 (j->annotator, annotator) != 0))
            continue;
          append_row (out->buf, kind, job, doc, seg, text, j);
          any = TRUE;
        }
      if (!any)
        append_row (out->buf, kind, job, doc, seg, text, NULL);
      if (!hashiya_write_out_flush (out, error))
        return FALSE;
    }
  for (guint i = 0; i < doc->spans->len; i++)
    {
      const HashiyaSpan *s = g_ptr_array_index (doc->spans, i);

      if (annotator != NULL && g_strcmp0 (s->annotator, annotator) != 0)
        continue;
      hashiya_export_report_add (report, HASHIYA_LOSS_NO_FIELD, doc->doc->id, doc->doc->source, s,
                                 _("the comments table holds no spans"));
    }
  report->n_documents++;
  return TRUE;
}

static gboolean
table_end (HashiyaWriteJob *job,
           gboolean         ok,
           GString         *tail,
           GError         **error)
{
  return TRUE;
}

static const HashiyaFormatWriter table_writer = {
  .flags = HASHIYA_WRITER_PARALLEL,
  .check = table_check,
  .begin = table_begin,
  .document = table_document,
  .end = table_end,
};

static const char * const csv_extensions[] = { "csv", NULL };
static const char * const tsv_extensions[] = { "tsv", NULL };
static const char * const table_aliases_csv[] = { "comments_csv", NULL };
static const char * const table_aliases_tsv[] = { "comments_tsv", NULL };
static const char * const table_cannot_hold[] = {
  N_("spans"),
  NULL
};

const HashiyaFormatDesc hashiya_format_comments_csv = {
  .name = "comments-csv",
  .aliases = table_aliases_csv,
  .title = N_("comments CSV"),
  .label = N_("Comments (CSV table)"),
  .extensions = csv_extensions,
  .writer = &table_writer,
  .cannot_hold = table_cannot_hold,
};

const HashiyaFormatDesc hashiya_format_comments_tsv = {
  .name = "comments-tsv",
  .aliases = table_aliases_tsv,
  .title = N_("comments TSV"),
  .label = N_("Comments (TSV table)"),
  .extensions = tsv_extensions,
  .writer = &table_writer,
  .cannot_hold = table_cannot_hold,
};
