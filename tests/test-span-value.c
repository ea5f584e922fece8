/* test-span-value.c: a span's value in the project (migration 4, store, JSON, CoNLL loss),
 * rejected suggestions, user gazetteers and the project's suggester
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "hashiya-store.h"
#include "hashiya-store-suggest.h"
#include "hashiya-suggest-project.h"
#include "hashiya-export.h"
#include "hashiya-import.h"
#include "hashiya-json.h"

/* 0         1         2         3         4         5
 * وصل الوزير إلى بغداد يوم 12 آذار 2019 والتقى فاضل أبو رغيف.
 * the fixture: document 1 (this paragraph and "وفي 14 آذار عاد إلى البصرة."), a DATE span
 * 25-37 and a LOC span 15-20 by omar, made by the schema-2 build */
#define FIXTURE_V2 "suggest-v2.hashiya"

typedef struct
{
  char *dir;
  char *path;
} Tmp;

static char *
tmp_path (Tmp        *t,
          const char *name)
{
  if (t->dir == NULL)
    t->dir = g_dir_make_tmp ("hashiya-value-XXXXXX", NULL);
  g_free (t->path);
  t->path = g_build_filename (t->dir, name, NULL);
  return g_strdup (t->path);
}

static void
tmp_clear (Tmp *t)
{
  g_autoptr(GDir) d = g_dir_open (t->dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (t->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (t->dir);
  g_free (t->dir);
  g_free (t->path);
}

static gint64
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 v = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

/* A copy of the schema-2 fixture; NULL (test skipped) without the test data. */
static char *
copy_fixture (Tmp *t)
{
  const char *data = g_getenv ("HASHIYA_TEST_DATA");
  g_autofree char *fixture = NULL;
  g_autofree char *bytes = NULL;
  char *path;
  gsize len;

  if (data == NULL)
    {
      g_test_skip ("HASHIYA_TEST_DATA is not set");
      return NULL;
    }
  fixture = g_build_filename (data, FIXTURE_V2, NULL);
  g_assert_true (g_file_get_contents (fixture, &bytes, &len, NULL));
  path = tmp_path (t, "v2.hashiya");
  g_assert_true (g_file_set_contents (path, bytes, len, NULL));
  return path;
}

static HashiyaSpan *
span_at (GPtrArray *spans,
         gint64     start)
{
  for (guint i = 0; i < spans->len; i++)
    if (((HashiyaSpan *) g_ptr_array_index (spans, i))->start == start)
      return g_ptr_array_index (spans, i);
  return NULL;
}

static void
test_migration (void)
{
  Tmp t = { 0 };
  g_autofree char *path = copy_fixture (&t);
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM sqlite_master WHERE name = 'suggestion_rejections'"), ==, 0);
  {
    g_autoptr(HashiyaStore) store = hashiya_store_open (path, FALSE, &error);
    g_autoptr(GPtrArray) spans = NULL;
    HashiyaSpan *date;

    g_assert_no_error (error);
    g_assert_cmpint (hashiya_store_get_schema_version (store), ==, HASHIYA_STORE_SCHEMA_VERSION);
    spans = hashiya_store_list_spans (store, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (spans->len, ==, 2);
    date = span_at (spans, 25);
    g_assert_nonnull (date);
    g_assert_cmpstr (date->label, ==, "DATE");
    g_assert_null (date->value);
    g_assert_true (hashiya_store_set_span_value (store, date->id, "2019-03-12", "gregorian", NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, HASHIYA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM spans WHERE value = '2019-03-12' AND calendar = 'gregorian' AND anchor IS NULL"), ==, 1);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM suggestion_rejections"), ==, 0);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM gazetteer_lists"), ==, 0);
  tmp_clear (&t);
}

static void
test_set_value (void)
{
  Tmp t = { 0 };
  g_autofree char *path = copy_fixture (&t);
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(HashiyaSpan) span = NULL;
  g_autoptr(GPtrArray) spans = NULL;
  gint64 id;

  if (path == NULL)
    return;
  store = hashiya_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  spans = hashiya_store_list_spans (store, 1, &error);
  id = span_at (spans, 25)->id;

  g_assert_true (hashiya_store_set_span_value (store, id, "XXXX-03-12", "gregorian", "document_year", &error));
  g_assert_no_error (error);
  span = hashiya_store_get_span (store, id, &error);
  g_assert_cmpstr (span->value, ==, "XXXX-03-12");
  g_assert_cmpstr (span->calendar, ==, "gregorian");
  g_assert_cmpstr (span->anchor, ==, "document_year");
  g_clear_pointer (&span, hashiya_span_free);

  /* refused: a line break, an anchor that is no word, a calendar without a value, no span */
  g_assert_false (hashiya_store_set_span_value (store, id, "2019\n03", NULL, NULL, &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "line break"));
  g_clear_error (&error);
  g_assert_false (hashiya_store_set_span_value (store, id, "2019", NULL, "the year", &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hashiya_span_value_check (NULL, "hijri", NULL, &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hashiya_store_set_span_value (store, 999, "2019", NULL, NULL, &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* what was refused changed nothing */
  span = hashiya_store_get_span (store, id, &error);
  g_assert_cmpstr (span->value, ==, "XXXX-03-12");
  g_clear_pointer (&span, hashiya_span_free);

  /* undo of a removal restores the value with the span */
  span = hashiya_store_get_span (store, id, &error);
  g_assert_true (hashiya_store_remove_span (store, id, &error));
  g_assert_true (hashiya_store_restore_span (store, span, &error));
  g_assert_no_error (error);
  g_clear_pointer (&span, hashiya_span_free);
  span = hashiya_store_get_span (store, id, &error);
  g_assert_cmpstr (span->anchor, ==, "document_year");
  g_clear_pointer (&span, hashiya_span_free);

  /* clearing the value clears calendar and anchor */
  g_assert_true (hashiya_store_set_span_value (store, id, NULL, "gregorian", NULL, &error));
  span = hashiya_store_get_span (store, id, &error);
  g_assert_null (span->value);
  g_assert_null (span->calendar);
  g_assert_null (span->anchor);
  g_clear_object (&store);
  tmp_clear (&t);
}

static char *
export_string (HashiyaStore  *store,
               HashiyaFormat  format,
               HashiyaExportReport *report)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  HashiyaExportOptions options;

  hashiya_export_options_init (&options);
  options.format = format;
  g_assert_true (hashiya_export_to_stream (store, &options, out, report, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_json_round_trip (void)
{
  Tmp t = { 0 };
  g_autofree char *path = copy_fixture (&t);
  g_autofree char *path2 = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *conll = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(HashiyaStore) other = NULL;
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(HashiyaExportReport) report = hashiya_export_report_new ();
  gboolean listed = FALSE;

  if (path == NULL)
    return;
  store = hashiya_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  spans = hashiya_store_list_spans (store, 1, &error);
  g_assert_true (hashiya_store_set_span_value (store, span_at (spans, 25)->id, "2019-03-12",
                                               "gregorian", "document_date", &error));
  first = export_string (store, HASHIYA_FORMAT_JSON, NULL);
  g_assert_nonnull (strstr (first, "\"label\":\"DATE\",\"text\":\"12 آذار 2019\",\"annotator\":\"omar\","
                                   "\"origin\":\"manual\",\"value\":\"2019-03-12\",\"calendar\":"
                                   "\"gregorian\",\"anchor\":\"document_date\"}"));
  /* the LOC span has no value: no member */
  g_assert_null (strstr (first, "\"label\":\"LOC\",\"text\":\"بغداد\",\"annotator\":\"omar\",\"origin\":\"manual\",\"value\""));

  json_path = tmp_path (&t, "out.json");
  g_assert_true (g_file_set_contents (json_path, first, -1, NULL));
  path2 = tmp_path (&t, "second.hashiya");
  other = hashiya_store_open (path2, TRUE, &error);
  g_assert_no_error (error);
  /* the fixture was made when the default label colours were others: give the new
   * project the fixture's colours, since an import keeps a project's own label colours */
  {
    g_autoptr(GPtrArray) labels = hashiya_store_list_labels (store, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < labels->len; i++)
      {
        HashiyaLabel *label = labels->pdata[i];

        g_assert_true (hashiya_store_set_label_color (other, label->name, label->color, &error));
        g_assert_no_error (error);
      }
  }
  g_assert_true (hashiya_import_file (other, json_path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  second = export_string (other, HASHIYA_FORMAT_JSON, NULL);
  g_assert_cmpstr (first, ==, second);

  /* CoNLL cannot hold it: the loss report says so, and the descriptor lists it */
  conll = export_string (store, HASHIYA_FORMAT_CONLL, report);
  for (guint i = 0; i < report->items->len; i++)
    {
      g_autofree char *line = hashiya_loss_item_to_string (g_ptr_array_index (report->items, i));

      if (strstr (line, "value 2019-03-12") != NULL && strstr (line, "25-37") != NULL)
        listed = TRUE;
    }
  g_assert_true (listed);
  {
    const HashiyaFormatDesc *d = hashiya_format_registry_get (HASHIYA_FORMAT_CONLL);
    gboolean said = FALSE;

    for (guint i = 0; d->cannot_hold[i] != NULL; i++)
      said |= strstr (d->cannot_hold[i], "span values") != NULL;
    g_assert_true (said);
  }
  g_clear_object (&store);
  g_clear_object (&other);
  tmp_clear (&t);
}

static void
test_json_reader_checks (void)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_parsed_doc_free);
  g_autoptr(GError) error = NULL;
  const char *bad = "{\"format\":\"hashiya/1\",\"documents\":[{\"text\":\"يوم 12 آذار\",\"entities\":["
                    "{\"start\":4,\"end\":11,\"label\":\"DATE\",\"calendar\":\"gregorian\"}]}]}";
  const char *wrong = "{\"format\":\"hashiya/1\",\"documents\":[{\"text\":\"يوم 12 آذار\",\"entities\":["
                      "{\"start\":4,\"end\":11,\"label\":\"DATE\",\"value\":12}]}]}";

  g_assert_false (hashiya_parse_hashiya_json ("bad.json", bad, strlen (bad), FALSE, NULL, docs, NULL, &error));
  g_assert_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "\"calendar\" without \"value\""));
  g_assert_nonnull (strstr (error->message, "bad.json"));
  g_clear_error (&error);
  g_assert_false (hashiya_parse_hashiya_json ("wrong.json", wrong, strlen (wrong), FALSE, NULL, docs, NULL, &error));
  g_assert_nonnull (strstr (error->message, "\"value\" must be a string"));
}

static void
test_rejections_and_gazetteers (void)
{
  Tmp t = { 0 };
  g_autofree char *path = copy_fixture (&t);
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) datas = NULL;

  if (path == NULL)
    return;
  store = hashiya_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (hashiya_store_reject_suggestion (store, 1, 66, 73, "DATE", "dates", "lina", &error));
  g_assert_no_error (error);
  /* again: kept once */
  g_assert_true (hashiya_store_reject_suggestion (store, 1, 66, 73, "DATE", "dates", "sara", &error));
  list = hashiya_store_list_rejections (store, 1, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((HashiyaRejection *) list->pdata[0])->rejected_by, ==, "lina");
  g_clear_pointer (&list, g_ptr_array_unref);
  g_assert_false (hashiya_store_reject_suggestion (store, 42, 0, 3, "DATE", "dates", NULL, &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (hashiya_store_unreject_suggestion (store, 1, 66, 73, "DATE", &error));
  g_assert_false (hashiya_store_unreject_suggestion (store, 1, 66, 73, "DATE", &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* a broken list names its line and stores nothing */
  g_assert_false (hashiya_store_add_gazetteer (store, "mine.tsv", "فاضل أبو رغيف\tPER\nبلا تسمية\n", -1, &error));
  g_assert_error (error, HASHIYA_SUGGEST_ERROR, HASHIYA_SUGGEST_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "mine.tsv:2"));
  g_clear_error (&error);
  list = hashiya_store_list_gazetteers (store, NULL, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_assert_true (hashiya_store_add_gazetteer (store, "mine.tsv", "فاضل أبو رغيف\tPER\n", -1, &error));
  g_assert_no_error (error);
  list = hashiya_store_list_gazetteers (store, &datas, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (datas->pdata[0], ==, "فاضل أبو رغيف\tPER\n");
  g_clear_object (&store);
  tmp_clear (&t);
}

static HashiyaSuggestion *
find (GPtrArray  *a,
      const char *text,
      const char *label)
{
  for (guint i = 0; i < a->len; i++)
    {
      HashiyaSuggestion *s = g_ptr_array_index (a, i);

      if (g_strcmp0 (s->text, text) == 0 && g_strcmp0 (s->label, label) == 0)
        return s;
    }
  return NULL;
}

static void
test_suggester (void)
{
  Tmp t = { 0 };
  g_autofree char *path = copy_fixture (&t);
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = NULL;
  g_autoptr(HashiyaProjectSuggester) sg = NULL;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(HashiyaSpan) span = NULL;
  HashiyaSuggestion *s;
  HashiyaSuggestSources src;
  gint64 id;

  if (path == NULL)
    return;
  g_assert_true (hashiya_suggest_sources_from_string ("dates, dictionary", &src));
  g_assert_cmpint (src, ==, HASHIYA_SUGGEST_SOURCE_FLAG_DATES | HASHIYA_SUGGEST_SOURCE_FLAG_DICTIONARY);
  g_assert_false (hashiya_suggest_sources_from_string ("dates,model", &src));
  g_assert_false (hashiya_suggest_sources_from_string ("", &src));

  store = hashiya_store_open (path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (hashiya_store_add_gazetteer (store, "mine.tsv", "فاضل أبو رغيف\tPER\n", -1, &error));
  sg = hashiya_project_suggester_new (store, HASHIYA_SUGGEST_SOURCE_FLAG_ALL, "omar", &error);
  g_assert_no_error (error);
  a = hashiya_project_suggester_run (sg, 1, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < a->len; i++)
    {
      s = a->pdata[i];
      g_test_message ("%zu-%zu %s «%s» %s %s", s->start, s->end, s->label, s->text,
                      s->value ? s->value : "-", s->source);
      /* nothing over the existing spans (بغداد, 12 آذار 2019) */
      g_assert_false (s->start < 20 && s->end > 15);
      g_assert_false (s->start < 37 && s->end > 25);
    }
  /* the user's gazetteer */
  s = find (a, "فاضل أبو رغيف", "PER");
  g_assert_nonnull (s);
  g_assert_cmpstr (s->source, ==, "gazetteer");
  /* the shipped one, after a proclitic left outside */
  g_assert_nonnull (find (a, "البصرة", "LOC"));
  /* a date without a year: the year of the earlier date (the document has no date) */
  s = find (a, "14 آذار", "DATE");
  g_assert_nonnull (s);
  g_assert_cmpstr (s->value, ==, "2019-03-14");
  g_assert_cmpstr (s->anchor, ==, "document_year");

  /* accepted: a span with origin suggested:dates and the value */
  id = hashiya_suggestion_accept (store, 1, s, "omar", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  span = hashiya_store_get_span (store, id, &error);
  g_assert_cmpstr (span->origin, ==, "suggested:dates");
  g_assert_cmpstr (span->value, ==, "2019-03-14");
  g_assert_cmpstr (span->anchor, ==, "document_year");
  g_assert_cmpstr (span->annotator, ==, "omar");
  /* rejected: not suggested again */
  s = find (a, "البصرة", "LOC");
  g_assert_true (hashiya_suggestion_reject (store, 1, s, "omar", &error));
  g_clear_pointer (&a, g_ptr_array_unref);
  a = hashiya_project_suggester_run (sg, 1, &error);
  g_assert_null (find (a, "البصرة", "LOC"));
  g_assert_null (find (a, "14 آذار", "DATE"));
  g_assert_nonnull (find (a, "فاضل أبو رغيف", "PER"));
  g_clear_pointer (&a, g_ptr_array_unref);

  /* the document's date anchors a date without a year */
  g_assert_true (hashiya_store_remove_span (store, id, &error));
  g_assert_true (hashiya_store_set_document_date (store, 1, "2021-06-01", &error));
  g_assert_false (hashiya_store_set_document_date (store, 1, "2021-02-30", &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
  g_clear_error (&error);
  a = hashiya_project_suggester_run (sg, 1, &error);
  s = find (a, "14 آذار", "DATE");
  g_assert_nonnull (s);
  g_assert_cmpstr (s->value, ==, "2021-03-14");
  g_assert_cmpstr (s->anchor, ==, "document_date");
  g_clear_pointer (&a, g_ptr_array_unref);
  g_clear_pointer (&sg, hashiya_project_suggester_free);

  /* the dictionary learns confirmed spans (manual or accepted), not imported ones */
  {
    const char *two = "زار الوفد بغداد ثم البصرة.";
    gint64 doc2 = hashiya_store_add_document (store, "two.txt", two, -1, NULL, NULL, 0, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (hashiya_store_add_span (store, 1, 63, 70, "DATE", "omar", "import", &error), >, 0);
    sg = hashiya_project_suggester_new (store, HASHIYA_SUGGEST_SOURCE_FLAG_DICTIONARY, NULL, &error);
    g_assert_no_error (error);
    a = hashiya_project_suggester_run (sg, doc2, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (a->len, ==, 1);
    s = find (a, "بغداد", "LOC");
    g_assert_nonnull (s);
    g_assert_cmpstr (s->source, ==, "dictionary");
    g_assert_cmpuint (s->count, ==, 1);
    g_clear_pointer (&a, g_ptr_array_unref);
    g_clear_pointer (&sg, hashiya_project_suggester_free);
    /* only the given annotator's confirmations teach */
    sg = hashiya_project_suggester_new (store, HASHIYA_SUGGEST_SOURCE_FLAG_DICTIONARY, "lina", &error);
    a = hashiya_project_suggester_run (sg, doc2, &error);
    g_assert_cmpuint (a->len, ==, 0);
  }
  g_clear_object (&store);
  tmp_clear (&t);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/span-value/migration", test_migration);
  g_test_add_func ("/span-value/set", test_set_value);
  g_test_add_func ("/span-value/json-round-trip", test_json_round_trip);
  g_test_add_func ("/span-value/json-reader-checks", test_json_reader_checks);
  g_test_add_func ("/suggest-project/rejections-gazetteers", test_rejections_and_gazetteers);
  g_test_add_func ("/suggest-project/suggester", test_suggester);
  return g_test_run ();
}
