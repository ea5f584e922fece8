/* test-export.c: CoNLL and JSON/JSONL export against hand-written golden files, the loss report, safe file writing
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The golden files in tests/data/export-* were written by hand from the rules in
 * hashiya-export.c, not copied from the program's output.
 */
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "hashiya-export.h"
#include "hashiya-import.h"

#define ANNOTATOR "tester"

typedef struct
{
  char         *dir;
  char         *path;
  HashiyaStore *store;
} Project;

static void
project_free (Project *p)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_clear_object (&p->store);
  d = g_dir_open (p->dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *f = g_build_filename (p->dir, name, NULL);

      if (g_file_test (f, G_FILE_TEST_IS_DIR))
        g_rmdir (f);
      else
        g_unlink (f);
    }
  g_rmdir (p->dir);
  g_free (p->dir);
  g_free (p->path);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Project, project_free)

static Project *
project_new (void)
{
  g_autoptr(GError) error = NULL;
  Project *p = g_new0 (Project, 1);

  p->dir = g_dir_make_tmp ("hashiya-export-XXXXXX", &error);
  g_assert_no_error (error);
  p->path = g_build_filename (p->dir, "test.hashiya", NULL);
  p->store = hashiya_store_open (p->path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (p->store);
  return p;
}

typedef struct
{
  HashiyaSegmentKind kind;
  const char        *line;
} Line;

/* One segment per line, lines joined with LF; comments numbered in order. */
static gint64
add_doc (Project    *p,
         const char *source,
         const Line *lines,
         guint       n_lines)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) segs = g_array_new (FALSE, TRUE, sizeof (HashiyaSegment));
  int n_comments = 0;
  gint64 id;

  for (guint i = 0; i < n_lines; i++)
    {
      HashiyaSegment seg = { 0 };

      if (i > 0)
        g_string_append_c (text, '\n');
      seg.kind = lines[i].kind;
      seg.start = g_utf8_strlen (text->str, -1);
      g_string_append (text, lines[i].line);
      seg.end = g_utf8_strlen (text->str, -1);
      seg.comment_index = seg.kind == HASHIYA_SEGMENT_COMMENT ? ++n_comments : 0;
      g_array_append_val (segs, seg);
    }
  id = hashiya_store_add_document (p->store, source, text->str, -1, NULL,
                                   (HashiyaSegment *) segs->data, segs->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* Code-point offset of the nth (0-based) occurrence of needle in the document. */
static gint64
cp_of (Project    *p,
       gint64      doc,
       const char *needle,
       guint       nth)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaText) text = hashiya_store_get_text (p->store, doc, &error);
  const char *s, *hit;

  g_assert_no_error (error);
  s = hashiya_text_get_utf8 (text, NULL);
  hit = strstr (s, needle);
  for (guint i = 0; i < nth && hit != NULL; i++)
    hit = strstr (hit + 1, needle);
  g_assert_nonnull (hit);
  return g_utf8_pointer_to_offset (s, hit);
}

static gint64
tag_as (Project    *p,
        gint64      doc,
        const char *needle,
        guint       nth,
        const char *label,
        const char *annotator)
{
  g_autoptr(GError) error = NULL;
  gint64 start = cp_of (p, doc, needle, nth);
  gint64 id = hashiya_store_add_span (p->store, doc, start, start + g_utf8_strlen (needle, -1),
                                      label, annotator, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
tag (Project    *p,
     gint64      doc,
     const char *needle,
     const char *label)
{
  return tag_as (p, doc, needle, 0, label, ANNOTATOR);
}

static char *
export_string (Project                    *p,
               const HashiyaExportOptions *options,
               HashiyaExportReport        *report)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  gboolean ok = hashiya_export_to_stream (p->store, options, out, report, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static char *
golden (const char *name)
{
  const char *dir = g_getenv ("HASHIYA_TEST_DATA");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, name, NULL);
  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);
  return data;
}

static void
assert_golden (const char *got,
               const char *name)
{
  g_autofree char *want = golden (name);

  if (g_strcmp0 (got, want) != 0)
    g_test_message ("golden %s differs", name);
  g_assert_cmpstr (got, ==, want);
}

/* The report's items as lines. */
static char *
report_lines (const HashiyaExportReport *report)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < report->items->len; i++)
    {
      g_autofree char *line = hashiya_loss_item_to_string (g_ptr_array_index (report->items, i));

      g_string_append (s, line);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

/* The report lists exactly the items given as lines (each ending in a newline), in this
 * order; the list ends with NULL. */
static void G_GNUC_NULL_TERMINATED
assert_report_lines (const HashiyaExportReport *report,
                     ...)
{
  g_autoptr(GString) want = g_string_new (NULL);
  g_autofree char *lines = report_lines (report);
  const char *line;
  va_list args;

  va_start (args, report);
  while ((line = va_arg (args, const char *)) != NULL)
    g_string_append (want, line);
  va_end (args);
  g_assert_cmpstr (lines, ==, want->str);
}

/* ------------------------------------------------------------------------- */
/* The article project                                                        */
/* ------------------------------------------------------------------------- */

typedef struct
{
  Project *p;
  gint64   doc;
  gint64   s_ard, s_jabbar, s_diyar, s_watan, s_sharika, s_maqal, s_baghdad;
} Article;

static const Line article_lines[] = {
  { HASHIYA_SEGMENT_TITLE, "العراق والبشمركة يعززان التعاون" },
  { HASHIYA_SEGMENT_PARAGRAPH, "ويقول الفريق جبار ياور لديارنا إن الاتفاق لم يوقع بعد. وأضاف أن الحوار مستمر في وطنهم مع الشركة." },
  { HASHIYA_SEGMENT_BOILERPLATE, "هل أعجبك هذا المقال؟" },
  { HASHIYA_SEGMENT_COMMENT, "تعليق رائع من بغداد" },
  { HASHIYA_SEGMENT_COMMENT, "شكرا لكم" },
};

static void
article_setup (Article *a, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  HashiyaJudgement j = { 0 };

  a->p = project_new ();
  a->doc = add_doc (a->p, "article.txt", article_lines, G_N_ELEMENTS (article_lines));
  a->s_ard = tag (a->p, a->doc, "العراق", "LOC");
  a->s_jabbar = tag (a->p, a->doc, "جبار ياور", "PER");
  a->s_diyar = tag (a->p, a->doc, "ديارنا", "ORG");        /* inside لديارنا */
  a->s_watan = tag (a->p, a->doc, "وطن", "LOC");           /* inside وطنهم */
  a->s_sharika = tag (a->p, a->doc, "شركة", "ORG");        /* inside الشركة */
  a->s_maqal = tag (a->p, a->doc, "المقال", "MISC");       /* boilerplate */
  a->s_baghdad = tag (a->p, a->doc, "بغداد", "LOC");       /* comment 1 */

  j.doc_id = a->doc;
  j.comment_index = 1;
  j.annotator = (char *) ANNOTATOR;
  j.sentiment = HASHIYA_SENTIMENT_POSITIVE;
  j.offensive = 0;
  j.hate_speech = -1;
  j.decision = HASHIYA_DECISION_APPROVE;
  j.note = (char *) "جيد";
  g_assert_true (hashiya_store_set_judgement (a->p->store, &j, &error));
  g_assert_no_error (error);
}

static void
article_teardown (Article *a, gconstpointer data)
{
  project_free (a->p);
}

/* widened to the token around the needle */
static char *
widened_item (Article    *a,
              gint64      span,
              const char *needle,
              const char *label,
              const char *token,
              const char *extra)
{
  gint64 s = cp_of (a->p, a->doc, needle, 0);
  gint64 ts = cp_of (a->p, a->doc, token, 0);

  return g_strdup_printf ("doc %" G_GINT64_FORMAT " (article.txt) %" G_GINT64_FORMAT "-%"
                          G_GINT64_FORMAT " %s: widened: widened to %" G_GINT64_FORMAT "-%"
                          G_GINT64_FORMAT "%s\n", a->doc, s, s + g_utf8_strlen (needle, -1),
                          label, ts, ts + g_utf8_strlen (token, -1), extra);
}

static char *
boilerplate_item (Article *a)
{
  gint64 s = cp_of (a->p, a->doc, "المقال", 0);

  return g_strdup_printf ("doc %" G_GINT64_FORMAT " (article.txt) %" G_GINT64_FORMAT "-%"
                          G_GINT64_FORMAT " MISC: dropped: in boilerplate, which CoNLL does "
                          "not export\n", a->doc, s, s + 6);
}

static char *
judgement_item (Article *a)
{
  gint64 s = cp_of (a->p, a->doc, "تعليق رائع", 0);

  return g_strdup_printf ("doc %" G_GINT64_FORMAT " (article.txt) %" G_GINT64_FORMAT "-%"
                          G_GINT64_FORMAT ": no-field: judgement of comment 1 by tester: "
                          "CoNLL has no field for judgements (sentiment, offensive, decision, note)\n", a->doc, s,
                          s + g_utf8_strlen ("تعليق رائع من بغداد", -1));
}

static void
test_conll_bio_token (Article      *a,
                      gconstpointer data)
{
  HashiyaExportOptions o;
  g_autoptr(HashiyaExportReport) r = hashiya_export_report_new ();
  g_autofree char *out = NULL, *w1 = NULL, *w2 = NULL, *w3 = NULL;
  g_autofree char *b = NULL, *j = NULL;

  hashiya_export_options_init (&o);
  out = export_string (a->p, &o, r);
  assert_golden (out, "export-bio-all.conll");

  w1 = widened_item (a, a->s_diyar, "ديارنا", "ORG", "لديارنا", "");
  w2 = widened_item (a, a->s_watan, "وطن", "LOC", "وطنهم", "");
  w3 = widened_item (a, a->s_sharika, "شركة", "ORG", "الشركة", "");
  b = boilerplate_item (a);
  j = judgement_item (a);
  assert_report_lines (r, w1, w2, w3, b, j, NULL);

  g_assert_cmpuint (r->n_documents, ==, 1);
  g_assert_cmpuint (r->n_sentences, ==, 5);
  g_assert_cmpuint (r->n_tokens, ==, 30);
  g_assert_cmpuint (r->n_entities, ==, 6);
  g_assert_cmpuint (r->n_format_chars_dropped, ==, 0);
}

static void
test_conll_split (Article      *a,
                  gconstpointer data)
{
  HashiyaExportOptions o;
  g_autoptr(HashiyaExportReport) r = hashiya_export_report_new ();
  g_autofree char *out = NULL, *w = NULL, *b = NULL, *j = NULL;

  hashiya_export_options_init (&o);
  o.clitics = HASHIYA_CLITICS_SPLIT;
  out = export_string (a->p, &o, r);
  assert_golden (out, "export-split-all.conll");

  /* ال is not a proclitic: الشركة is widened and the reason given */
  w = widened_item (a, a->s_sharika, "شركة", "ORG", "الشركة",
                    " (the text before the span is not a proclitic)");
  b = boilerplate_item (a);
  j = judgement_item (a);
  assert_report_lines (r, w, b, j, NULL);
  g_assert_cmpuint (r->n_tokens, ==, 32);
}

static void
test_conll_bioes_article (Article      *a,
                          gconstpointer data)
{
  HashiyaExportOptions o;
  g_autoptr(HashiyaExportReport) r = hashiya_export_report_new ();
  g_autofree char *out = NULL, *w1 = NULL, *w2 = NULL, *w3 = NULL;
  g_autofree char *b = NULL;

  hashiya_export_options_init (&o);
  o.scheme = HASHIYA_SCHEME_BIOES;
  o.scope = HASHIYA_SCOPE_ARTICLE;
  out = export_string (a->p, &o, r);
  assert_golden (out, "export-bioes-article.conll");

  /* no comment in scope: neither بغداد nor the judgement is reported */
  w1 = widened_item (a, a->s_diyar, "ديارنا", "ORG", "لديارنا", "");
  w2 = widened_item (a, a->s_watan, "وطن", "LOC", "وطنهم", "");
  w3 = widened_item (a, a->s_sharika, "شركة", "ORG", "الشركة", "");
  b = boilerplate_item (a);
  assert_report_lines (r, w1, w2, w3, b, NULL);
  g_assert_cmpuint (r->n_sentences, ==, 3);
}

static void
test_conll_scope_comments (Article      *a,
                           gconstpointer data)
{
  HashiyaExportOptions o;
  g_autoptr(HashiyaExportReport) r = hashiya_export_report_new ();
  g_autofree char *out = NULL, *b = NULL, *j = NULL;

  hashiya_export_options_init (&o);
  o.scope = HASHIYA_SCOPE_COMMENTS;
  out = export_string (a->p, &o, r);
  assert_golden (out, "export-comments.conll");

  b = boilerplate_item (a);
  j = judgement_item (a);
  assert_report_lines (r, b, j, NULL);
  g_assert_cmpuint (r->n_entities, ==, 1);
}

/* The JSON export read back with json-glib: schema, key order, slices, judgements. */
static void
test_json_schema (Article      *a,
                  gconstpointer data)
{
  HashiyaExportOptions o;
  g_autoptr(HashiyaExportReport) r = hashiya_export_report_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *root, *doc, *c;
  JsonArray *docs, *ents, *comments, *js, *labels;
  const char *text;
  static const char * const doc_keys[] = {
    "id", "source", "sha256", "done", "text", "segments", "entities", "comments", NULL
  };
  guint k = 0;

  hashiya_export_options_init (&o);
  o.format = HASHIYA_FORMAT_JSON;
  out = export_string (a->p, &o, r);
  g_assert_cmpuint (r->items->len, ==, 0);   /* JSON holds everything */
  g_assert_true (g_str_has_prefix (out, "{\"format\":\"hashiya/1\",\"offsets\":\"codepoint\",\"labels\":["));

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  labels = json_object_get_array_member (root, "labels");
  g_assert_cmpuint (json_array_get_length (labels), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (labels, 0), "name"), ==, "PER");
  docs = json_object_get_array_member (root, "documents");
  g_assert_cmpuint (json_array_get_length (docs), ==, 1);
  doc = json_array_get_object_element (docs, 0);

  members = json_object_get_members (doc);
  for (GList *l = members; l != NULL; l = l->next, k++)
    g_assert_cmpstr (l->data, ==, doc_keys[k]);
  g_assert_null (doc_keys[k]);

  g_assert_cmpint (json_object_get_int_member (doc, "id"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (doc, "source"), ==, "article.txt");
  g_assert_cmpuint (strlen (json_object_get_string_member (doc, "sha256")), ==, 64);
  text = json_object_get_string_member (doc, "text");
  g_assert_true (g_str_has_prefix (text, "العراق والبشمركة"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc, "segments")), ==, 5);

  ents = json_object_get_array_member (doc, "entities");
  g_assert_cmpuint (json_array_get_length (ents), ==, 7);
  for (guint i = 0; i < json_array_get_length (ents); i++)
    {
      JsonObject *e = json_array_get_object_element (ents, i);
      gint64 s = json_object_get_int_member (e, "start");
      gint64 en = json_object_get_int_member (e, "end");
      const char *bs = g_utf8_offset_to_pointer (text, s);
      const char *be = g_utf8_offset_to_pointer (text, en);
      g_autofree char *slice = g_strndup (bs, be - bs);

      g_assert_cmpint (json_object_get_int_member (e, "id"), ==, i + 1);
      g_assert_cmpstr (json_object_get_string_member (e, "text"), ==, slice);
      g_assert_cmpstr (json_object_get_string_member (e, "annotator"), ==, ANNOTATOR);
      g_assert_cmpstr (json_object_get_string_member (e, "origin"), ==, "manual");
      g_assert_false (json_object_has_member (e, "note"));
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ents, 2), "text"),
                   ==, "ديارنا");

  comments = json_object_get_array_member (doc, "comments");
  g_assert_cmpuint (json_array_get_length (comments), ==, 2);
  c = json_array_get_object_element (comments, 0);
  g_assert_cmpint (json_object_get_int_member (c, "index"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (c, "text"), ==, "تعليق رائع من بغداد");
  js = json_object_get_array_member (c, "judgements");
  g_assert_cmpuint (json_array_get_length (js), ==, 1);
  {
    JsonObject *jo = json_array_get_object_element (js, 0);

    g_assert_cmpstr (json_object_get_string_member (jo, "annotator"), ==, ANNOTATOR);
    g_assert_cmpstr (json_object_get_string_member (jo, "sentiment"), ==, "positive");
    g_assert_false (json_object_get_boolean_member (jo, "offensive"));
    g_assert_true (json_object_get_null_member (jo, "hate_speech"));
    g_assert_cmpstr (json_object_get_string_member (jo, "decision"), ==, "approve");
    g_assert_cmpstr (json_object_get_string_member (jo, "note"), ==, "جيد");
  }
  c = json_array_get_object_element (comments, 1);
  g_assert_cmpint (json_object_get_int_member (c, "index"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (c, "judgements")), ==, 0);
}

/* Another annotator's view: no spans, no judgements; a cancelled export says so. */
static void
test_annotator_and_cancel (Article      *a,
                           gconstpointer data)
{
  HashiyaExportOptions o;
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL, *conll = NULL;
  g_autoptr(HashiyaExportReport) r = hashiya_export_report_new ();

  hashiya_export_options_init (&o);
  o.format = HASHIYA_FORMAT_JSONL;
  o.annotator = "nobody";
  json = export_string (a->p, &o, NULL);
  g_assert_nonnull (strstr (json, "\"entities\":[],"));
  g_assert_nonnull (strstr (json, "\"judgements\":[]},{\"index\":2,"));
  g_assert_null (strstr (json, "\"sentiment\""));

  o.format = HASHIYA_FORMAT_CONLL;
  conll = export_string (a->p, &o, r);
  g_assert_null (strstr (conll, "B-"));
  g_assert_cmpuint (r->items->len, ==, 0);   /* nothing of "nobody" is lost */

  g_cancellable_cancel (cancel);
  g_assert_false (hashiya_export_to_stream (a->p->store, &o, mem, NULL, cancel, &error));
  g_assert_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_CANCELLED);
}

static void
test_deterministic (Article      *a,
                    gconstpointer data)
{
  HashiyaFormat formats[] = { HASHIYA_FORMAT_CONLL, HASHIYA_FORMAT_JSON, HASHIYA_FORMAT_JSONL };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      HashiyaExportOptions o;
      g_autofree char *one = NULL, *two = NULL;

      hashiya_export_options_init (&o);
      o.format = formats[i];
      one = export_string (a->p, &o, NULL);
      two = export_string (a->p, &o, NULL);
      g_assert_cmpstr (one, ==, two);
    }
}

/* export → import into a new project → export gives the same bytes */
static void
test_json_roundtrip (Article      *a,
                     gconstpointer data)
{
  HashiyaExportOptions o;
  HashiyaImportOptions io;
  g_autoptr(Project) q = project_new ();
  g_autoptr(HashiyaImportReport) ir = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (a->p->dir, "out.json", NULL);
  g_autofree char *first = NULL, *second = NULL;

  /* a second document with a date, a done flag and a note */
  {
    static const Line l[] = { { HASHIYA_SEGMENT_PARAGRAPH, "زار محمد بغداد أمس" } };
    gint64 d = add_doc (a->p, "second.txt", l, 1);
    gint64 s = tag (a->p, d, "محمد", "PER");

    g_assert_true (hashiya_store_set_span_note (a->p->store, s, "اسم \"مركب\"", &error));
    g_assert_no_error (error);
    g_assert_true (hashiya_store_set_document_done (a->p->store, d, TRUE, &error));
    g_assert_no_error (error);
  }
  /* and one with a date, a judgement with every field and two annotators' spans */
  {
    HashiyaSegment segs[2] = { { HASHIYA_SEGMENT_TITLE, 0, 10, 0 },
                               { HASHIYA_SEGMENT_COMMENT, 11, 19, 1 } };
    HashiyaJudgement j = { 0 };
    gint64 d = hashiya_store_add_document (a->p->store, "dated.txt", "خبر من حلب\nتعليق ما", -1,
                                           NULL, segs, 2, "2018-12-26", &error);

    g_assert_no_error (error);
    tag_as (a->p, d, "حلب", 0, "LOC", "tester");
    tag_as (a->p, d, "حلب", 0, "LOC", "ali");
    j.doc_id = d;
    j.comment_index = 1;
    j.annotator = (char *) "ali";
    j.sentiment = HASHIYA_SENTIMENT_MIXED;
    j.offensive = 1;
    j.hate_speech = 0;
    j.decision = HASHIYA_DECISION_REVIEW;
    j.note = (char *) "سطر\nثان";
    g_assert_true (hashiya_store_set_judgement (a->p->store, &j, &error));
    g_assert_no_error (error);
  }

  hashiya_export_options_init (&o);
  o.format = HASHIYA_FORMAT_JSON;
  g_assert_true (hashiya_export_to_file (a->p->store, &o, file, NULL, NULL, &error));
  g_assert_no_error (error);
  g_file_get_contents (file, &first, NULL, &error);
  g_assert_no_error (error);

  hashiya_import_options_init (&io);
  io.format = HASHIYA_FORMAT_JSON;
  ir = hashiya_import_report_new (file);
  g_assert_true (hashiya_import_file (q->store, file, &io, ir, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ir->n_documents, ==, 3);
  g_assert_nonnull (strstr (first, "\"date\":\"2018-12-26\""));
  g_assert_nonnull (strstr (first, "\"sentiment\":\"mixed\",\"offensive\":true,\"hate_speech\":false,\"decision\":\"review\""));

  second = export_string (q, &o, NULL);
  g_assert_cmpstr (second, ==, first);
}

/* ------------------------------------------------------------------------- */
/* Nested spans                                                               */
/* ------------------------------------------------------------------------- */

typedef struct
{
  Project *p;
  gint64   doc;
  gint64   s_jamia, s_baghdad, s_madina, s_mosul, s_misc;
} Nested;

static void
nested_setup (Nested *n, gconstpointer data)
{
  static const Line l[] = { { HASHIYA_SEGMENT_PARAGRAPH, "زار وفد جامعة بغداد مدينة الموصل أمس." } };

  n->p = project_new ();
  n->doc = add_doc (n->p, "nested.txt", l, 1);
  n->s_jamia = tag (n->p, n->doc, "جامعة بغداد", "ORG");
  n->s_baghdad = tag (n->p, n->doc, "بغداد", "LOC");
  n->s_madina = tag (n->p, n->doc, "مدينة الموصل", "LOC");
  n->s_mosul = tag (n->p, n->doc, "الموصل", "LOC");
  n->s_misc = tag (n->p, n->doc, "الموصل أمس", "MISC");
}

static void
nested_teardown (Nested *n, gconstpointer data)
{
  project_free (n->p);
}

static char *
nested_item (Nested     *n,
             const char *needle,
             const char *label,
             const char *how,
             gint64      holder,
             const char *holder_needle,
             const char *holder_label)
{
  gint64 s = cp_of (n->p, n->doc, needle, 0);
  gint64 hs = cp_of (n->p, n->doc, holder_needle, 0);

  return g_strdup_printf ("doc %" G_GINT64_FORMAT " (nested.txt) %" G_GINT64_FORMAT "-%"
                          G_GINT64_FORMAT " %s: dropped: %s span %" G_GINT64_FORMAT " (%s %"
                          G_GINT64_FORMAT "-%" G_GINT64_FORMAT ")\n", n->doc, s,
                          s + g_utf8_strlen (needle, -1), label, how, holder, holder_label, hs,
                          hs + g_utf8_strlen (holder_needle, -1));
}

static void
test_nested_outer (Nested       *n,
                   gconstpointer data)
{
  HashiyaExportOptions o;
  g_autoptr(HashiyaExportReport) r = hashiya_export_report_new ();
  g_autofree char *out = NULL, *i1 = NULL, *i2 = NULL, *i3 = NULL;

  hashiya_export_options_init (&o);
  out = export_string (n->p, &o, r);
  assert_golden (out, "export-nested-outer.conll");

  /* in span order: start, longest first */
  i1 = nested_item (n, "بغداد", "LOC", "inside", n->s_jamia, "جامعة بغداد", "ORG");
  i2 = nested_item (n, "الموصل أمس", "MISC", "overlaps", n->s_madina, "مدينة الموصل", "LOC");
  i3 = nested_item (n, "الموصل", "LOC", "inside", n->s_madina, "مدينة الموصل", "LOC");
  assert_report_lines (r, i1, i2, i3, NULL);
  g_assert_cmpuint (r->n_entities, ==, 2);
}

static void
test_nested_inner (Nested       *n,
                   gconstpointer data)
{
  HashiyaExportOptions o;
  g_autoptr(HashiyaExportReport) r = hashiya_export_report_new ();
  g_autofree char *out = NULL, *i1 = NULL, *i2 = NULL, *i3 = NULL;

  hashiya_export_options_init (&o);
  o.nested = HASHIYA_NESTED_INNER;
  out = export_string (n->p, &o, r);
  assert_golden (out, "export-nested-inner.conll");

  i1 = nested_item (n, "جامعة بغداد", "ORG", "contains", n->s_baghdad, "بغداد", "LOC");
  i2 = nested_item (n, "مدينة الموصل", "LOC", "contains", n->s_mosul, "الموصل", "LOC");
  i3 = nested_item (n, "الموصل أمس", "MISC", "contains", n->s_mosul, "الموصل", "LOC");
  assert_report_lines (r, i1, i2, i3, NULL);
}

static void
test_nested_columns (Nested       *n,
                     gconstpointer data)
{
  HashiyaExportOptions o;
  g_autoptr(HashiyaExportReport) r = hashiya_export_report_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaText) text = NULL;
  g_autoptr(GArray) segs = NULL;
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(GPtrArray) plan = NULL;
  g_autofree char *out = NULL;
  HashiyaConllToken *t;

  hashiya_export_options_init (&o);
  o.nested = HASHIYA_NESTED_COLUMNS;
  out = export_string (n->p, &o, r);
  assert_golden (out, "export-nested-columns.conll");
  g_assert_cmpuint (r->items->len, ==, 0);
  g_assert_cmpuint (r->n_entities, ==, 5);

  /* the same plan through the public API */
  text = hashiya_store_get_text (n->p->store, n->doc, &error);
  g_assert_no_error (error);
  segs = hashiya_store_get_segments (n->p->store, n->doc, &error);
  g_assert_no_error (error);
  spans = hashiya_store_list_spans (n->p->store, n->doc, &error);
  g_assert_no_error (error);
  plan = hashiya_conll_plan (text, segs, spans, &o, n->doc, "nested.txt", NULL);
  g_assert_cmpuint (plan->len, ==, 8);
  t = g_ptr_array_index (plan, 3);
  g_assert_cmpstr (t->text, ==, "بغداد");
  g_assert_cmpint (t->start, ==, cp_of (n->p, n->doc, "بغداد", 0));
  g_assert_cmpuint (t->tags->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (t->tags, 0), ==, "I-ORG");
  g_assert_cmpstr (g_ptr_array_index (t->tags, 1), ==, "B-LOC");
  g_assert_cmpstr (g_ptr_array_index (t->tags, 2), ==, "O");
  g_assert_true (((HashiyaConllToken *) g_ptr_array_index (plan, 0))->sentence_start);
  g_assert_false (t->sentence_start);
}

/* Two annotators' identical spans are one entity (merged); another label on the same
 * tokens is dropped; the annotator filter keeps one annotator's spans only. */
static void
test_merged_and_annotator (void)
{
  static const Line l[] = { { HASHIYA_SEGMENT_PARAGRAPH, "زار محمد بغداد" } };
  g_autoptr(Project) p = project_new ();
  gint64 doc = add_doc (p, "m.txt", l, 1);
  gint64 a = tag_as (p, doc, "محمد", 0, "PER", "tester");
  gint64 b = tag_as (p, doc, "محمد", 0, "PER", "ali");
  gint64 c = tag_as (p, doc, "محمد", 0, "ORG", "ali");
  HashiyaExportOptions o;
  g_autoptr(HashiyaExportReport) r = hashiya_export_report_new ();
  g_autoptr(HashiyaExportReport) r2 = hashiya_export_report_new ();
  g_autofree char *out = NULL, *want = NULL, *out2 = NULL;

  hashiya_export_options_init (&o);
  out = export_string (p, &o, r);
  g_assert_cmpstr (out, ==, "زار O\nمحمد B-PER\nبغداد O\n\n");
  want = g_strdup_printf ("doc %" G_GINT64_FORMAT " (m.txt) 4-8 PER: merged: same tokens and "
                          "label as span %" G_GINT64_FORMAT " (PER 4-8)\n"
                          "doc %" G_GINT64_FORMAT " (m.txt) 4-8 ORG: dropped: same tokens as "
                          "span %" G_GINT64_FORMAT " (PER 4-8)\n", doc, a, doc, a);
  assert_report_lines (r, want, NULL);
  (void) b;
  (void) c;

  o.annotator = "ali";
  o.nested = HASHIYA_NESTED_COLUMNS;
  out2 = export_string (p, &o, r2);
  g_assert_cmpstr (out2, ==, "زار O O\nمحمد B-PER B-ORG\nبغداد O O\n\n");
  g_assert_cmpuint (r2->items->len, ==, 0);

  o.format = HASHIYA_FORMAT_JSONL;
  o.nested = HASHIYA_NESTED_OUTER;
  {
    g_autofree char *js = export_string (p, &o, NULL);

    g_assert_null (strstr (js, "\"annotator\":\"tester\""));
    g_assert_nonnull (strstr (js, "\"label\":\"ORG\""));
  }
}

/* ------------------------------------------------------------------------- */
/* Schemes, separators, docstart, sentence crossing, format characters        */
/* ------------------------------------------------------------------------- */

typedef struct
{
  Project *p;
  gint64   iob, cross;
  gint64   s_cross;
} Small;

static void
small_setup (Small *s, gconstpointer data)
{
  static const Line l1[] = { { HASHIYA_SEGMENT_PARAGRAPH, "زار محمد علي أحمد بغداد" } };
  static const Line l2[] = { { HASHIYA_SEGMENT_PARAGRAPH, "وصل أحمد. علي إلى بغداد." } };

  s->p = project_new ();
  s->iob = add_doc (s->p, "iob.txt", l1, 1);
  tag (s->p, s->iob, "محمد علي", "PER");
  tag (s->p, s->iob, "أحمد", "PER");
  tag (s->p, s->iob, "بغداد", "LOC");
  s->cross = add_doc (s->p, "crossing.txt", l2, 1);
  s->s_cross = tag (s->p, s->cross, "أحمد. علي", "PER");
}

static void
small_teardown (Small *s, gconstpointer data)
{
  project_free (s->p);
}

static GArray *
one_id (gint64 id)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_append_val (a, id);
  return a;
}

static void
test_iob1_and_adjacent (Small        *s,
                        gconstpointer data)
{
  HashiyaExportOptions o;
  g_autoptr(GArray) ids = one_id (s->iob);
  g_autofree char *bio = NULL, *iob1 = NULL;

  hashiya_export_options_init (&o);
  o.doc_ids = ids;
  bio = export_string (s->p, &o, NULL);
  assert_golden (bio, "export-adjacent-bio.conll");
  o.scheme = HASHIYA_SCHEME_IOB1;
  iob1 = export_string (s->p, &o, NULL);
  assert_golden (iob1, "export-iob1.conll");
}

static void
test_crossing (Small        *s,
               gconstpointer data)
{
  HashiyaExportOptions o;
  g_autoptr(GArray) ids = one_id (s->cross);
  g_autoptr(HashiyaExportReport) r = hashiya_export_report_new ();
  g_autofree char *out = NULL, *want = NULL, *bioes = NULL;

  hashiya_export_options_init (&o);
  o.doc_ids = ids;
  out = export_string (s->p, &o, r);
  assert_golden (out, "export-crossing.conll");
  want = g_strdup_printf ("doc %" G_GINT64_FORMAT " (crossing.txt) 4-13 PER: crosses-sentence: "
                          "cut into 2 parts at sentence breaks\n", s->cross);
  assert_report_lines (r, want, NULL);
  g_assert_cmpuint (r->n_entities, ==, 2);
  g_assert_cmpuint (r->n_sentences, ==, 2);

  o.scheme = HASHIYA_SCHEME_BIOES;
  bioes = export_string (s->p, &o, NULL);
  g_assert_cmpstr (bioes, ==, "وصل O\nأحمد B-PER\n. E-PER\n\nعلي S-PER\nإلى O\nبغداد O\n. O\n\n");
}

static void
test_docstart_columns_tab (Small        *s,
                           gconstpointer data)
{
  HashiyaExportOptions o;
  g_autofree char *plain = NULL, *tab4 = NULL;

  hashiya_export_options_init (&o);
  o.docstart = TRUE;
  plain = export_string (s->p, &o, NULL);
  assert_golden (plain, "export-docstart.conll");

  o.columns = 4;
  o.separator = '\t';
  tab4 = export_string (s->p, &o, NULL);
  assert_golden (tab4, "export-docstart-col4-tab.conll");
}

static void
test_jsonl_doc_filter (Small        *s,
                       gconstpointer data)
{
  HashiyaExportOptions o;
  g_autoptr(GArray) ids = one_id (s->cross);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *all = NULL, *one = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *doc;

  hashiya_export_options_init (&o);
  o.format = HASHIYA_FORMAT_JSONL;
  all = export_string (s->p, &o, NULL);
  lines = g_strsplit (all, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);   /* two lines and the empty rest */
  g_assert_cmpstr (lines[2], ==, "");
  for (guint i = 0; i < 2; i++)
    {
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      doc = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpint (json_object_get_int_member (doc, "id"), ==, i + 1);
      g_assert_false (json_object_has_member (doc, "labels"));
      g_assert_false (json_object_has_member (doc, "date"));
    }

  /* one document (show DOC --json): its id stays its position in the project */
  o.doc_ids = ids;
  one = export_string (s->p, &o, NULL);
  g_assert_true (g_str_has_suffix (one, "\n"));
  g_assert_cmpuint (strlen (one), ==, strlen (lines[1]) + 1);
  g_assert_true (strncmp (one, lines[1], strlen (lines[1])) == 0);
}

static void
test_format_chars (void)
{
  static const Line l[] = { { HASHIYA_SEGMENT_PARAGRAPH, "مدينة بغ\u200Eداد الكبرى \u200F وسط" } };
  g_autoptr(Project) p = project_new ();
  gint64 doc = add_doc (p, "fmt.txt", l, 1);
  HashiyaExportOptions o;
  g_autoptr(HashiyaExportReport) r = hashiya_export_report_new ();
  g_autofree char *out = NULL;

  tag (p, doc, "بغ\u200Eداد", "LOC");
  hashiya_export_options_init (&o);
  out = export_string (p, &o, r);
  assert_golden (out, "export-format-chars.conll");
  g_assert_cmpuint (r->n_format_chars_dropped, ==, 1);
  g_assert_cmpuint (r->items->len, ==, 0);
  g_assert_cmpuint (r->n_tokens, ==, 4);
}

/* issue 12: emoji tokens keep their ZWJs and stay whole (a flag pair too); only the RLM
 * inside a word is left out and counted. */
static void
test_emoji_tokens (void)
{
  static const Line l[] = { { HASHIYA_SEGMENT_PARAGRAPH,
                              "عائلتي 👨\u200D👩\u200D👧 من 🇮🇶 رائع 👍🏽 مرحبا\u200Fبك" } };
  g_autoptr(Project) p = project_new ();
  gint64 doc = add_doc (p, "emoji.txt", l, 1);
  HashiyaExportOptions o;
  g_autoptr(HashiyaExportReport) r = hashiya_export_report_new ();
  g_autofree char *out = NULL;

  tag (p, doc, "🇮🇶", "MISC");
  hashiya_export_options_init (&o);
  out = export_string (p, &o, r);
  g_assert_cmpstr (out, ==, "عائلتي O\n👨\u200D👩\u200D👧 O\nمن O\n🇮🇶 B-MISC\nرائع O\n👍🏽 O\nمرحبابك O\n\n");
  g_assert_cmpuint (r->n_format_chars_dropped, ==, 1);
  g_assert_cmpuint (r->items->len, ==, 0);
}

/* A document marked as rebuilt from a tokenised corpus keeps its tokens (runs between
 * spaces) and its lines as sentences; unmarked, the tokenizer splits them. */
static void
test_whitespace_tokens (void)
{
  static const Line l[] = {
    { HASHIYA_SEGMENT_PARAGRAPH, "زار لأفغانستان؛ بنسبة 8% أ. محمد" },
    { HASHIYA_SEGMENT_PARAGRAPH, "[تحرير] \u200E –وقد" },
  };
  g_autoptr(Project) p = project_new ();
  gint64 doc = add_doc (p, "ws.conll", l, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaDocument) d = NULL;
  g_autoptr(HashiyaExportReport) r = hashiya_export_report_new ();
  HashiyaExportOptions o;
  g_autofree char *plain = NULL, *kept = NULL;

  tag (p, doc, "لأفغانستان؛", "LOC");
  tag (p, doc, "8%", "MISC");
  hashiya_export_options_init (&o);
  plain = export_string (p, &o, NULL);
  g_assert_cmpstr (plain, ==,
                   "زار O\nلأفغانستان B-LOC\n؛ I-LOC\nبنسبة O\n8 B-MISC\n% I-MISC\nأ O\n. O\nمحمد O\n\n"
                   "[ O\nتحرير O\n] O\n– O\nوقد O\n\n");

  d = hashiya_store_get_document (p->store, doc, &error);
  g_assert_no_error (error);
  g_assert_false (hashiya_export_get_whitespace_tokens (p->store, d));
  g_assert_true (hashiya_export_set_whitespace_tokens (p->store, doc, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (hashiya_export_get_whitespace_tokens (p->store, d));
  kept = export_string (p, &o, r);
  g_assert_cmpstr (kept, ==,
                   "زار O\nلأفغانستان؛ B-LOC\nبنسبة O\n8% B-MISC\nأ. O\nمحمد O\n\n"
                   "[تحرير] O\n–وقد O\n\n");
  g_assert_cmpuint (r->items->len, ==, 0);
  g_assert_cmpuint (r->n_sentences, ==, 2);

  g_assert_true (hashiya_export_set_whitespace_tokens (p->store, doc, FALSE, &error));
  g_assert_false (hashiya_export_get_whitespace_tokens (p->store, d));
}

/* A span on whitespace only covers no token: dropped and reported. */
static void
test_no_token (void)
{
  static const Line l[] = { { HASHIYA_SEGMENT_PARAGRAPH, "زار  بغداد" } };
  g_autoptr(Project) p = project_new ();
  gint64 doc = add_doc (p, "ws.txt", l, 1);
  g_autoptr(GError) error = NULL;
  HashiyaExportOptions o;
  g_autoptr(HashiyaExportReport) r = hashiya_export_report_new ();
  g_autofree char *out = NULL, *want = NULL;
  gint64 id = hashiya_store_add_span (p->store, doc, 3, 5, "MISC", ANNOTATOR, NULL, &error);

  g_assert_no_error (error);
  hashiya_export_options_init (&o);
  out = export_string (p, &o, r);
  g_assert_cmpstr (out, ==, "زار O\nبغداد O\n\n");
  want = g_strdup_printf ("doc %" G_GINT64_FORMAT " (ws.txt) 3-5 MISC: dropped: covers no token\n",
                          doc);
  assert_report_lines (r, want, NULL);
  g_assert_cmpint (((HashiyaLossItem *) g_ptr_array_index (r->items, 0))->span_id, ==, id);
  g_assert_cmpint (((HashiyaLossItem *) g_ptr_array_index (r->items, 0))->kind, ==,
                   HASHIYA_LOSS_DROPPED);
}

/* A span on punctuation only ("«" or "،" alone) is a token of its own: exported with its tag in
 * every scheme and clitic mode, nothing reported; with the spaces around "،" it is narrowed to
 * that token and reported. */
static void
test_punctuation_only (void)
{
  static const Line l[] = { { HASHIYA_SEGMENT_PARAGRAPH, "قال «محمد» ، ثم ذهب." } };
  g_autoptr(Project) p = project_new ();
  gint64 doc = add_doc (p, "punct.txt", l, 1);
  g_autoptr(GError) error = NULL;
  HashiyaExportOptions o;
  g_autoptr(HashiyaExportReport) r = hashiya_export_report_new ();
  g_autoptr(HashiyaExportReport) r2 = hashiya_export_report_new ();
  g_autoptr(HashiyaExportReport) r3 = hashiya_export_report_new ();
  g_autofree char *bio = NULL, *bioes = NULL, *split = NULL, *spaced = NULL, *want = NULL;

  hashiya_store_add_span (p->store, doc, 4, 5, "ORG", ANNOTATOR, NULL, &error);
  g_assert_no_error (error);
  hashiya_store_add_span (p->store, doc, 19, 20, "MISC", ANNOTATOR, NULL, &error);
  g_assert_no_error (error);
  hashiya_export_options_init (&o);
  bio = export_string (p, &o, r);
  g_assert_cmpstr (bio, ==, "قال O\n« B-ORG\nمحمد O\n» O\n، O\nثم O\nذهب O\n. B-MISC\n\n");
  g_assert_cmpuint (r->items->len, ==, 0);
  o.scheme = HASHIYA_SCHEME_BIOES;
  bioes = export_string (p, &o, NULL);
  g_assert_cmpstr (bioes, ==, "قال O\n« S-ORG\nمحمد O\n» O\n، O\nثم O\nذهب O\n. S-MISC\n\n");
  o.scheme = HASHIYA_SCHEME_BIO;
  o.clitics = HASHIYA_CLITICS_SPLIT;
  split = export_string (p, &o, r2);
  g_assert_cmpstr (split, ==, bio);
  g_assert_cmpuint (r2->items->len, ==, 0);

  o.clitics = HASHIYA_CLITICS_TOKEN;
  hashiya_store_add_span (p->store, doc, 10, 13, "LOC", ANNOTATOR, NULL, &error);
  g_assert_no_error (error);
  spaced = export_string (p, &o, r3);
  g_assert_cmpstr (spaced, ==, "قال O\n« B-ORG\nمحمد O\n» O\n، B-LOC\nثم O\nذهب O\n. B-MISC\n\n");
  g_assert_cmpuint (r3->items->len, ==, 1);
  g_assert_cmpint (((HashiyaLossItem *) g_ptr_array_index (r3->items, 0))->kind, ==,
                   HASHIYA_LOSS_WIDENED);
  want = g_strdup_printf ("doc %" G_GINT64_FORMAT " (punct.txt) 10-13 LOC: widened: exported as 11-12\n",
                          doc);
  assert_report_lines (r3, want, NULL);
}

/* The small JSON and JSONL goldens: labels with and without key, a date, a note, an emoji
 * before the entity (code points, not UTF-16), a judgement with a null flag. */
static Project *
tiny_project (void)
{
  static const Line l[] = {
    { HASHIYA_SEGMENT_PARAGRAPH, "😀 زرت بغداد" },
    { HASHIYA_SEGMENT_COMMENT, "رائع" },
  };
  const char *defaults[] = { "PER", "LOC", "ORG", "DATE", "MISC" };
  g_autoptr(GError) error = NULL;
  Project *p = project_new ();
  HashiyaJudgement j = { 0 };
  HashiyaSegment segs[2] = { { HASHIYA_SEGMENT_PARAGRAPH, 0, 11, 0 },
                             { HASHIYA_SEGMENT_COMMENT, 12, 16, 1 } };
  gint64 doc, span;

  (void) l;
  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    {
      g_assert_true (hashiya_store_remove_label (p->store, defaults[i], &error));
      g_assert_no_error (error);
    }
  hashiya_store_add_label (p->store, "LOC", "#1f77b4", "1", &error);
  g_assert_no_error (error);
  hashiya_store_add_label (p->store, "PER", "#d62728", NULL, &error);
  g_assert_no_error (error);
  doc = hashiya_store_add_document (p->store, "tiny.txt", "😀 زرت بغداد\nرائع", -1, NULL,
                                    segs, 2, "2018-12-26", &error);
  g_assert_no_error (error);
  span = hashiya_store_add_span (p->store, doc, 6, 11, "LOC", ANNOTATOR, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hashiya_store_set_span_note (p->store, span, "عاصمة", &error));
  g_assert_no_error (error);
  j.doc_id = doc;
  j.comment_index = 1;
  j.annotator = (char *) ANNOTATOR;
  j.sentiment = HASHIYA_SENTIMENT_POSITIVE;
  j.offensive = 0;
  j.hate_speech = -1;
  j.decision = HASHIYA_DECISION_APPROVE;
  g_assert_true (hashiya_store_set_judgement (p->store, &j, &error));
  g_assert_no_error (error);
  return p;
}

/* Quotes, backslashes, TAB and control characters survive the hand-made serialiser. */
static void
test_json_escapes (void)
{
  static const Line l[] = { { HASHIYA_SEGMENT_PARAGRAPH, "قال \"نعم\" \\ ثم\tمضى \x1f\x01 بغداد" } };
  g_autoptr(Project) p = project_new ();
  gint64 doc = add_doc (p, "esc.txt", l, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  HashiyaExportOptions o;
  JsonObject *d, *e;

  tag (p, doc, "\"نعم\"", "MISC");
  hashiya_export_options_init (&o);
  o.format = HASHIYA_FORMAT_JSONL;
  out = export_string (p, &o, NULL);
  g_assert_nonnull (strstr (out, "\\u001f\\u0001"));
  g_assert_nonnull (strstr (out, "\\t"));
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  d = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (d, "text"), ==, l[0].line);
  e = json_array_get_object_element (json_object_get_array_member (d, "entities"), 0);
  g_assert_cmpstr (json_object_get_string_member (e, "text"), ==, "\"نعم\"");
}

static void
test_json_golden (void)
{
  g_autoptr(Project) p = tiny_project ();
  HashiyaExportOptions o;
  g_autofree char *json = NULL, *jsonl = NULL;

  hashiya_export_options_init (&o);
  o.format = HASHIYA_FORMAT_JSON;
  json = export_string (p, &o, NULL);
  assert_golden (json, "export-tiny.json");
  o.format = HASHIYA_FORMAT_JSONL;
  jsonl = export_string (p, &o, NULL);
  assert_golden (jsonl, "export-tiny.jsonl");
}

/* ------------------------------------------------------------------------- */
/* Integrity and safe writing                                                 */
/* ------------------------------------------------------------------------- */

static void
test_check_entity (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaText) text = hashiya_text_new ("😀 زرت بغداد", -1, &error);
  HashiyaSpan span = { 0 };

  g_assert_no_error (error);
  span.id = 9;
  span.label = (char *) "LOC";
  span.start = 6;
  span.end = 11;
  g_assert_true (hashiya_export_check_entity (text, &span, "بغداد", 1, &error));
  g_assert_no_error (error);
  g_assert_false (hashiya_export_check_entity (text, &span, "بغدا", 1, &error));
  g_assert_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_INTEGRITY);
  g_assert_nonnull (strstr (error->message, "span 9"));
  g_clear_error (&error);
  span.end = 12;
  g_assert_false (hashiya_export_check_entity (text, &span, "بغداد", 1, &error));
  g_assert_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_INTEGRITY);
}

static guint count_temp_files (const char *dir);

/* A span pointing past the text (corrupted with raw SQL) fails the JSON export loudly
 * and leaves no file behind. */
static void
test_integrity_failure (void)
{
  static const Line l[] = { { HASHIYA_SEGMENT_PARAGRAPH, "زار محمد بغداد" } };
  g_autoptr(Project) p = project_new ();
  gint64 doc = add_doc (p, "bad.txt", l, 1);
  gint64 span = tag (p, doc, "بغداد", "LOC");
  g_autoptr(GError) error = NULL;
  g_autofree char *target = g_build_filename (p->dir, "bad.json", NULL);
  g_autofree char *sql = NULL;
  HashiyaExportOptions o;
  sqlite3 *db = NULL;
  char *msg = NULL;

  g_clear_object (&p->store);
  g_assert_cmpint (sqlite3_open (p->path, &db), ==, SQLITE_OK);
  sql = g_strdup_printf ("UPDATE spans SET \"end\" = 400 WHERE id = %" G_GINT64_FORMAT, span);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, &msg), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
  p->store = hashiya_store_open (p->path, FALSE, &error);
  g_assert_no_error (error);

  hashiya_export_options_init (&o);
  o.format = HASHIYA_FORMAT_JSON;
  g_assert_false (hashiya_export_to_file (p->store, &o, target, NULL, NULL, &error));
  g_assert_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_INTEGRITY);
  g_test_message ("%s", error->message);
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* CoNLL refuses it too */
  o.format = HASHIYA_FORMAT_CONLL;
  g_assert_false (hashiya_export_to_file (p->store, &o, target, NULL, NULL, &error));
  g_assert_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_INTEGRITY);
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_temp_files (p->dir), ==, 0);
}

/* Many documents go through the worker threads: the output keeps the project order and
 * equals the concatenation of the documents exported one by one; an integrity failure
 * in a middle document stops the export. */
static void
test_many_documents (void)
{
  g_autoptr(Project) p = project_new ();
  g_autoptr(GString) one_by_one = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *all = NULL, *jsonl = NULL, *target = NULL;
  g_auto(GStrv) lines = NULL;
  HashiyaExportOptions o;
  gint64 ids[40];
  gint64 bad = 0;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *line = g_strdup_printf ("زار الوفد رقم %u مدينة بغداد. ثم عاد.", i);
      g_autofree char *source = g_strdup_printf ("doc%02u.txt", i);
      Line l[] = { { HASHIYA_SEGMENT_PARAGRAPH, line } };

      ids[i] = add_doc (p, source, l, 1);
      tag (p, ids[i], "بغداد", "LOC");
      if (i % 3 == 0)
        tag (p, ids[i], "مدينة بغداد", "LOC");
      if (i == 25)
        bad = tag (p, ids[i], "عاد", "MISC");
    }

  hashiya_export_options_init (&o);
  o.docstart = TRUE;
  all = export_string (p, &o, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GArray) one = one_id (ids[i]);
      g_autofree char *part = NULL;

      o.doc_ids = one;
      part = export_string (p, &o, NULL);
      g_string_append (one_by_one, part);
      o.doc_ids = NULL;
    }
  g_assert_cmpstr (all, ==, one_by_one->str);

  /* documents 10..39 are one character longer: "big", written by the writing thread
   * between the ones rendered ahead */
  {
    g_autofree char *mixed = NULL;
    g_autoptr(HashiyaDocument) d0 = hashiya_store_get_document (p->store, ids[0], &error);
    g_autoptr(HashiyaDocument) d10 = hashiya_store_get_document (p->store, ids[10], &error);

    g_assert_no_error (error);
    g_assert_cmpint (d0->length, ==, 36);
    g_assert_cmpint (d10->length, ==, 37);
    g_setenv ("HASHIYA_EXPORT_BIG_DOCUMENT", "36", TRUE);
    mixed = export_string (p, &o, NULL);
    g_unsetenv ("HASHIYA_EXPORT_BIG_DOCUMENT");
    g_assert_cmpstr (mixed, ==, all);
  }

  o.format = HASHIYA_FORMAT_JSONL;
  jsonl = export_string (p, &o, NULL);
  lines = g_strsplit (jsonl, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (ids) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *head = g_strdup_printf ("{\"id\":%u,\"source\":\"doc%02u.txt\",", i + 1, i);

      g_assert_true (g_str_has_prefix (lines[i], head));
    }

  /* corrupt one span in document 26 of 40 */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE spans SET \"end\" = 900 WHERE id = %"
                                            G_GINT64_FORMAT, bad);
    sqlite3 *db = NULL;

    g_clear_object (&p->store);
    g_assert_cmpint (sqlite3_open (p->path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
    p->store = hashiya_store_open (p->path, FALSE, &error);
    g_assert_no_error (error);
  }
  target = g_build_filename (p->dir, "many.jsonl", NULL);
  g_assert_false (hashiya_export_to_file (p->store, &o, target, NULL, NULL, &error));
  g_assert_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_INTEGRITY);
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
}

static guint
count_temp_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    if (strstr (name, ".tmp-") != NULL)
      n++;
  return n;
}

static void
test_failed_export_leaves_target (Nested       *n,
                                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *target = g_build_filename (n->p->dir, "out.conll", NULL);
  g_autofree char *nodir = g_build_filename (n->p->dir, "missing", "out.conll", NULL);
  g_autofree char *asdir = g_build_filename (n->p->dir, "adir", NULL);
  g_autofree char *content = NULL;
  g_autoptr(HashiyaExportReport) r = hashiya_export_report_new ();
  g_autoptr(HashiyaExportReport) r2 = hashiya_export_report_new ();
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  HashiyaExportOptions o;

  g_assert_true (g_file_set_contents (target, "old\n", -1, NULL));
  hashiya_export_options_init (&o);
  o.strict = TRUE;

  /* nested spans are a loss: strict refuses, the old file stays */
  g_assert_false (hashiya_export_to_file (n->p->store, &o, target, r, NULL, &error));
  g_assert_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_STRICT);
  g_clear_error (&error);
  g_assert_cmpuint (r->items->len, ==, 3);
  g_file_get_contents (target, &content, NULL, NULL);
  g_assert_cmpstr (content, ==, "old\n");
  g_assert_cmpuint (count_temp_files (n->p->dir), ==, 0);

  /* the stream variant writes nothing at all */
  g_assert_false (hashiya_export_to_stream (n->p->store, &o, mem, r2, NULL, &error));
  g_assert_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_STRICT);
  g_clear_error (&error);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (mem)), ==, 0);
  g_assert_cmpuint (r2->items->len, ==, 3);

  /* with columns nothing is lost, so strict passes and the file is replaced */
  o.nested = HASHIYA_NESTED_COLUMNS;
  g_assert_true (hashiya_export_to_file (n->p->store, &o, target, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&content, g_free);
  g_file_get_contents (target, &content, NULL, NULL);
  {
    g_autofree char *want = golden ("export-nested-columns.conll");

    g_assert_cmpstr (content, ==, want);
  }
  o.nested = HASHIYA_NESTED_OUTER;
  o.strict = FALSE;

  /* a folder that does not exist */
  g_assert_false (hashiya_export_to_file (n->p->store, &o, nodir, NULL, NULL, &error));
  g_assert_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE);
  g_clear_error (&error);

  /* the target is a non-empty directory: the rename fails, the temporary file goes */
  g_assert_cmpint (g_mkdir (asdir, 0755), ==, 0);
  {
    g_autofree char *inner = g_build_filename (asdir, "keep", NULL);

    g_assert_true (g_file_set_contents (inner, "x", -1, NULL));
    g_assert_false (hashiya_export_to_file (n->p->store, &o, asdir, NULL, NULL, &error));
    g_assert_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE);
    g_clear_error (&error);
    g_assert_cmpuint (count_temp_files (n->p->dir), ==, 0);
    g_unlink (inner);
  }
}

static void
test_bad_options (Nested       *n,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  HashiyaExportOptions o;

  hashiya_export_options_init (&o);
  o.columns = 3;
  g_assert_false (hashiya_export_to_stream (n->p->store, &o, mem, NULL, NULL, &error));
  g_assert_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  hashiya_export_options_init (&o);
  o.format = HASHIYA_FORMAT_ARTICLE;
  g_assert_false (hashiya_export_to_stream (n->p->store, &o, mem, NULL, NULL, &error));
  g_assert_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  hashiya_export_options_init (&o);
  {
    g_autoptr(GArray) ids = one_id (999);

    o.doc_ids = ids;
    g_assert_false (hashiya_export_to_stream (n->p->store, &o, mem, NULL, NULL, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "999"));
  }
}

static void
test_item_to_string (void)
{
  HashiyaLossItem item = { HASHIYA_LOSS_DROPPED, 3, (char *) "article.txt", 9, 120, 135,
                           (char *) "PER", (char *) "inside span 7 (ORG 100-140)" };
  g_autofree char *s = hashiya_loss_item_to_string (&item);

  g_assert_cmpstr (s, ==, "doc 3 (article.txt) 120-135 PER: dropped: inside span 7 (ORG 100-140)");
  g_assert_cmpstr (hashiya_loss_kind_to_string (HASHIYA_LOSS_WIDENED), ==, "widened");
  g_assert_cmpstr (hashiya_loss_kind_to_string (HASHIYA_LOSS_MERGED), ==, "merged");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ARTICLE(name, fn) g_test_add ("/export/" name, Article, NULL, article_setup, fn, article_teardown)
#define NESTED(name, fn) g_test_add ("/export/" name, Nested, NULL, nested_setup, fn, nested_teardown)
#define SMALL(name, fn) g_test_add ("/export/" name, Small, NULL, small_setup, fn, small_teardown)

  ARTICLE ("conll/bio-token", test_conll_bio_token);
  ARTICLE ("conll/split-clitics", test_conll_split);
  ARTICLE ("conll/bioes-scope-article", test_conll_bioes_article);
  ARTICLE ("conll/scope-comments", test_conll_scope_comments);
  NESTED ("conll/nested-outer", test_nested_outer);
  NESTED ("conll/nested-inner", test_nested_inner);
  NESTED ("conll/nested-columns", test_nested_columns);
  g_test_add_func ("/export/conll/merged-and-annotator", test_merged_and_annotator);
  SMALL ("conll/iob1-and-adjacent", test_iob1_and_adjacent);
  SMALL ("conll/crossing-sentence", test_crossing);
  SMALL ("conll/docstart-columns4-tab", test_docstart_columns_tab);
  g_test_add_func ("/export/conll/format-chars", test_format_chars);
  g_test_add_func ("/export/conll/emoji-tokens", test_emoji_tokens);
  g_test_add_func ("/export/conll/no-token", test_no_token);
  g_test_add_func ("/export/conll/punctuation-only", test_punctuation_only);
  g_test_add_func ("/export/conll/whitespace-tokens", test_whitespace_tokens);
  ARTICLE ("json/schema", test_json_schema);
  g_test_add_func ("/export/json/golden", test_json_golden);
  g_test_add_func ("/export/json/escapes", test_json_escapes);
  SMALL ("json/jsonl-doc-filter", test_jsonl_doc_filter);
  ARTICLE ("deterministic", test_deterministic);
  ARTICLE ("annotator-and-cancel", test_annotator_and_cancel);
  ARTICLE ("json/roundtrip", test_json_roundtrip);
  g_test_add_func ("/export/integrity/check-entity", test_check_entity);
  g_test_add_func ("/export/integrity/corrupt-span", test_integrity_failure);
  g_test_add_func ("/export/many-documents", test_many_documents);
  NESTED ("file/failed-export-leaves-target", test_failed_export_leaves_target);
  NESTED ("options/bad", test_bad_options);
  g_test_add_func ("/export/report/item-to-string", test_item_to_string);

  return g_test_run ();
}
