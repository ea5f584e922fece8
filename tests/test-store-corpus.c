/* test-store-corpus.c: schema 3: document summary rows by page, full-text corpus find, tag all, migration
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib/gstdio.h>

#include "store-test-common.h"
#include "hashiya-store-corpus.h"

/* The summary rows of every document, by page, must equal the store's recount
 * (hashiya_store_list_documents counts spans, comments and judged comments afresh). */
static void
assert_summary_matches_recount (HashiyaStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) truth = hashiya_store_list_documents (store, &error);
  HashiyaDocQuery q;
  guint seen = 0;

  g_assert_no_error (error);
  hashiya_doc_query_init (&q);
  g_assert_cmpint (hashiya_store_count_document_rows (store, &q, &error), ==, truth->len);
  for (guint offset = 0; offset < truth->len + 3; offset += 3)
    {
      g_autoptr(GPtrArray) page = hashiya_store_list_document_rows (store, &q, offset, 3, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < page->len; i++, seen++)
        {
          HashiyaDocument *a = page->pdata[i];
          HashiyaDocument *b = truth->pdata[offset + i];

          g_assert_cmpint (a->id, ==, b->id);
          g_assert_cmpstr (a->source, ==, b->source);
          g_assert_cmpuint (a->n_spans, ==, b->n_spans);
          g_assert_cmpuint (a->n_comments, ==, b->n_comments);
          g_assert_cmpuint (a->n_judged, ==, b->n_judged);
          g_assert_cmpint (a->done, ==, b->done);
          g_assert_cmpint (a->length, ==, b->length);
          {
            g_autoptr(HashiyaDocument) one = hashiya_store_get_document_row (store, a->id, &error);
            g_assert_no_error (error);
            g_assert_cmpuint (one->n_spans, ==, b->n_spans);
            g_assert_cmpuint (one->n_judged, ==, b->n_judged);
            g_assert_cmpuint (one->n_comments, ==, b->n_comments);
          }
        }
    }
  g_assert_cmpuint (seen, ==, truth->len);
}

static void
judge (HashiyaStore *store,
       gint64        doc,
       int           index,
       const char   *annotator)
{
  g_autoptr(GError) error = NULL;
  HashiyaJudgement j = { 0 };

  j.doc_id = doc;
  j.comment_index = index;
  j.annotator = (char *) annotator;
  j.sentiment = HASHIYA_SENTIMENT_NEGATIVE;
  j.offensive = j.hate_speech = -1;
  g_assert_true (hashiya_store_set_judgement (store, &j, &error));
  g_assert_no_error (error);
}

static gint64
add_text (HashiyaStore *store,
          const char   *name,
          const char   *text)
{
  g_autoptr(GError) error = NULL;
  gint64 id = hashiya_store_add_document (store, name, text, -1, NULL, NULL, 0, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_summary_counts (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (10);
  g_autoptr(GArray) span_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 docs[7];

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autofree char *name = g_strdup_printf ("doc-%u.txt", i);
      g_autofree char *text = NULL;

      if (i % 2 == 0)
        {
          /* add_article's text is fixed: make each one unique with a leading line */
          HashiyaSegment segs[] = {
            seg (HASHIYA_SEGMENT_COMMENT, "تعليق أول"),
            seg (HASHIYA_SEGMENT_COMMENT, "تعليق ثاني"),
            seg (HASHIYA_SEGMENT_COMMENT, "تعليق ثالث"),
          };
          text = g_strdup_printf ("%u\n%s", i, article);
          for (guint s = 0; s < G_N_ELEMENTS (segs); s++)
            segs[s].start += cp_len (text) - cp_len (article), segs[s].end += cp_len (text) - cp_len (article);
          docs[i] = hashiya_store_add_document (store, name, text, -1, NULL, segs, 3, NULL, &error);
          g_assert_no_error (error);
        }
      else
        docs[i] = add_text (store, name, text = g_strdup_printf ("نص رقم %u فيه كلمات", i));
    }
  assert_summary_matches_recount (store);

  /* random tag / untag / judge / clear / done / segment-kind actions, checked each time */
  for (guint step = 0; step < 120; step++)
    {
      gint64 doc = docs[g_rand_int_range (rand, 0, G_N_ELEMENTS (docs))];
      guint action = g_rand_int_range (rand, 0, 6);

      switch (action)
        {
        case 0:
        case 1:
          {
            gint64 start = g_rand_int_range (rand, 0, 3);
            gint64 id = hashiya_store_add_span (store, doc, start, start + g_rand_int_range (rand, 1, 4),
                                                g_rand_boolean (rand) ? "PER" : "LOC",
                                                NULL, NULL, &error);
            if (id > 0)
              g_array_append_val (span_ids, id);
            g_clear_error (&error);   /* a duplicate or a cut grapheme is refused: fine */
          }
          break;
        case 2:
          if (span_ids->len > 0)
            {
              guint k = g_rand_int_range (rand, 0, span_ids->len);
              g_assert_true (hashiya_store_remove_span (store, g_array_index (span_ids, gint64, k), &error));
              g_assert_no_error (error);
              g_array_remove_index_fast (span_ids, k);
            }
          break;
        case 3:
          {
            int index = g_rand_int_range (rand, 1, 4);
            HashiyaJudgement j = { 0 };
            j.doc_id = doc;
            j.comment_index = index;
            j.annotator = g_rand_boolean (rand) ? "omar" : "sara";
            j.offensive = j.hate_speech = -1;
            hashiya_store_set_judgement (store, &j, &error);   /* NOT_FOUND without comments */
            g_clear_error (&error);
          }
          break;
        case 4:
          hashiya_store_clear_judgement (store, doc, g_rand_int_range (rand, 1, 4),
                                         g_rand_boolean (rand) ? "omar" : "sara", &error);
          g_clear_error (&error);
          break;
        case 5:
          g_assert_true (hashiya_store_set_document_done (store, doc, g_rand_boolean (rand), &error));
          g_assert_no_error (error);
          break;
        }
      if (step % 10 == 0)
        assert_summary_matches_recount (store);
    }
  assert_summary_matches_recount (store);

  /* a comment turned into a paragraph: its judgements go, the others are renumbered */
  judge (store, docs[0], 1, "omar");
  judge (store, docs[0], 2, "omar");
  judge (store, docs[0], 2, "sara");
  assert_summary_matches_recount (store);
  {
    g_autoptr(GArray) segs = hashiya_store_get_segments (store, docs[0], &error);
    guint first_comment = 0;
    while (g_array_index (segs, HashiyaSegment, first_comment).comment_index != 1)
      first_comment++;
    /* refused while judged; cleared, it goes, and comment 2's judgements move to 1 */
    g_assert_false (hashiya_store_set_segment_kind (store, docs[0], first_comment,
                                                    HASHIYA_SEGMENT_PARAGRAPH, &error));
    g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_IN_USE);
    g_clear_error (&error);
    assert_summary_matches_recount (store);
    hashiya_store_clear_judgement (store, docs[0], 1, "omar", NULL);
    hashiya_store_clear_judgement (store, docs[0], 1, "sara", NULL);
    g_assert_true (hashiya_store_set_segment_kind (store, docs[0], first_comment,
                                                   HASHIYA_SEGMENT_PARAGRAPH, &error));
    g_assert_no_error (error);
    assert_summary_matches_recount (store);
    g_assert_true (hashiya_store_set_segment_kind (store, docs[0], first_comment,
                                                   HASHIYA_SEGMENT_COMMENT, &error));
    g_assert_no_error (error);
    assert_summary_matches_recount (store);
  }

  /* removal, and a rolled-back import leaves no row */
  g_assert_true (hashiya_store_remove_document (store, docs[1], &error));
  g_assert_no_error (error);
  assert_summary_matches_recount (store);
  g_assert_true (hashiya_store_begin (store, &error));
  add_text (store, "gone.txt", "نص سيختفي");
  hashiya_store_rollback (store);
  assert_summary_matches_recount (store);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM doc_search"), ==, G_N_ELEMENTS (docs) - 1);
}

static GPtrArray *
all_rows (HashiyaStore    *store,
          HashiyaDocQuery *q)
{
  g_autoptr(GError) error = NULL;
  gint64 n = hashiya_store_count_document_rows (store, q, &error);
  GPtrArray *rows;

  g_assert_no_error (error);
  rows = hashiya_store_list_document_rows (store, q, 0, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rows->len, ==, n);
  return rows;
}

static void
test_filter_sort (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(GError) error = NULL;
  HashiyaDocQuery q;
  gint64 a, b, c, d;

  a = add_text (store, "zeta.txt", "ذهب أحمد إلى المدرسة");
  b = add_text (store, "Alpha.txt", "كتب الطالب درسه");
  c = add_article (store, "mid.txt");
  d = add_text (store, "beta-news.txt", "وصل احمد الى مدرسه القرية");
  g_assert_cmpint (hashiya_store_add_span (store, b, 0, 3, "PER", NULL, NULL, &error), >, 0);
  g_assert_cmpint (hashiya_store_add_span (store, b, 4, 10, "PER", NULL, NULL, &error), >, 0);
  g_assert_cmpint (hashiya_store_add_span (store, d, 0, 3, "PER", NULL, NULL, &error), >, 0);
  g_assert_true (hashiya_store_set_document_done (store, a, TRUE, &error));
  judge (store, c, 1, "omar");

  hashiya_doc_query_init (&q);
  {
    g_autoptr(GPtrArray) rows = all_rows (store, &q);
    g_assert_cmpuint (rows->len, ==, 4);
    g_assert_cmpint (((HashiyaDocument *) rows->pdata[0])->id, ==, a);
    g_assert_cmpint (((HashiyaDocument *) rows->pdata[3])->id, ==, d);
  }
  q.sort = HASHIYA_DOC_SORT_NAME;
  {
    g_autoptr(GPtrArray) rows = all_rows (store, &q);
    const char *order[] = { "Alpha.txt", "beta-news.txt", "mid.txt", "zeta.txt" };
    for (guint i = 0; i < 4; i++)
      g_assert_cmpstr (((HashiyaDocument *) rows->pdata[i])->source, ==, order[i]);
    g_assert_cmpint (hashiya_store_document_row_position (store, &q, c, &error), ==, 2);
  }
  q.sort = HASHIYA_DOC_SORT_SPANS;
  q.descending = TRUE;
  {
    g_autoptr(GPtrArray) rows = all_rows (store, &q);
    g_assert_cmpint (((HashiyaDocument *) rows->pdata[0])->id, ==, b);
    g_assert_cmpint (((HashiyaDocument *) rows->pdata[1])->id, ==, d);
    /* ties (no span) by id */
    g_assert_cmpint (((HashiyaDocument *) rows->pdata[2])->id, ==, a);
    g_assert_cmpint (((HashiyaDocument *) rows->pdata[3])->id, ==, c);
  }

  hashiya_doc_query_init (&q);
  q.state = HASHIYA_DOC_STATE_DONE;
  {
    g_autoptr(GPtrArray) rows = all_rows (store, &q);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpint (((HashiyaDocument *) rows->pdata[0])->id, ==, a);
  }
  q.state = HASHIYA_DOC_STATE_NOT_DONE;
  g_assert_cmpint (hashiya_store_count_document_rows (store, &q, &error), ==, 3);
  g_assert_cmpint (hashiya_store_document_row_position (store, &q, a, &error), ==, -1);
  g_assert_no_error (error);
  g_assert_cmpint (hashiya_store_document_row_position (store, &q, c, &error), ==, 1);
  g_assert_cmpint (hashiya_store_document_row_position (store, &q, d, &error), ==, 2);
  q.descending = TRUE;
  g_assert_cmpint (hashiya_store_document_row_position (store, &q, d, &error), ==, 0);
  g_assert_cmpint (hashiya_store_document_row_position (store, &q, b, &error), ==, 2);
  q.descending = FALSE;
  q.state = HASHIYA_DOC_STATE_UNJUDGED;
  {
    g_autoptr(GPtrArray) rows = all_rows (store, &q);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpint (((HashiyaDocument *) rows->pdata[0])->id, ==, c);
  }
  judge (store, c, 2, "omar");
  judge (store, c, 3, "sara");
  g_assert_cmpint (hashiya_store_count_document_rows (store, &q, &error), ==, 0);
  g_assert_cmpint (hashiya_store_next_unjudged_document (store, 0, TRUE, &error), ==, 0);
  g_assert_true (hashiya_store_clear_judgement (store, c, 3, "sara", &error));
  g_assert_cmpint (hashiya_store_next_unjudged_document (store, 0, TRUE, &error), ==, c);
  g_assert_cmpint (hashiya_store_next_unjudged_document (store, c, TRUE, &error), ==, 0);
  g_assert_cmpint (hashiya_store_next_unjudged_document (store, d, FALSE, &error), ==, c);

  /* by name (ASCII case-insensitive), by text through the search key */
  hashiya_doc_query_init (&q);
  q.name = "ALPHA";
  g_assert_cmpint (hashiya_store_count_document_rows (store, &q, &error), ==, 1);
  hashiya_doc_query_init (&q);
  q.text = "أحمد";              /* matches احمد too: alef folding */
  {
    g_autoptr(GPtrArray) rows = all_rows (store, &q);
    g_assert_cmpuint (rows->len, ==, 2);
    g_assert_cmpint (((HashiyaDocument *) rows->pdata[0])->id, ==, a);
    g_assert_cmpint (((HashiyaDocument *) rows->pdata[1])->id, ==, d);
  }
  q.text = "مدرسة الى";         /* both words, ta marbuta and ya folding */
  g_assert_cmpint (hashiya_store_count_document_rows (store, &q, &error), ==, 2);
  q.text = "مُحَمَّد";          /* harakat dropped */
  q.state = HASHIYA_DOC_STATE_NOT_DONE;
  {
    g_autoptr(GPtrArray) rows = all_rows (store, &q);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpint (((HashiyaDocument *) rows->pdata[0])->id, ==, c);
  }
  q.text = "لا يوجد";
  g_assert_cmpint (hashiya_store_count_document_rows (store, &q, &error), ==, 0);
  g_assert_no_error (error);
}

/* ---- FTS against a brute-force scan --------------------------------------- */

static const char *const words[] = {
  "أحمد", "احمد", "إبراهيم", "ابراهيم", "مدرسة", "مدرسه", "المدرسة", "والمدرسة", "بالمدرسة",
  "للمدرسة", "يحيى", "يحيي", "مستشفى", "القاهرة", "القاهره", "كتاب", "الكتاب", "وكتاب",
  "مُحَمَّد", "محمد", "ســلام", "سلام", "٢٠٢٤", "2024", "في", "من", "على", "إلى", "الى",
  "قال", "وقال", "الرئيس", "للرئيس", "Google", "google", "جامعة", "الجامعة", "و", "ب",
};

static char *
random_text (GRand *rand,
             guint  n_words)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n_words; i++)
    {
      if (i > 0)
        g_string_append (s, g_rand_int_range (rand, 0, 12) == 0 ? "\n"
                            : g_rand_int_range (rand, 0, 10) == 0 ? "  " : " ");
      g_string_append (s, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      if (g_rand_int_range (rand, 0, 15) == 0)
        g_string_append (s, "،");
    }
  return g_string_free (s, FALSE);
}

static void
test_find_equals_scan (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint total_hits = 0;

  g_assert_true (hashiya_store_begin (store, &error));
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *name = g_strdup_printf ("d%u", i);
      g_autofree char *text = random_text (rand, g_rand_int_range (rand, 3, 40));
      g_autofree char *unique = g_strdup_printf ("%s\n%u", text, i);
      gint64 id = add_text (store, name, unique);
      g_array_append_val (ids, id);
    }
  g_assert_true (hashiya_store_commit (store, &error));
  /* a removed document leaves the index */
  g_assert_true (hashiya_store_remove_document (store, g_array_index (ids, gint64, 7), &error));
  g_array_remove_index (ids, 7);

  for (guint round = 0; round < 150; round++)
    {
      g_autofree char *query = NULL;
      g_autoptr(GPtrArray) hits = NULL;
      g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
      gboolean truncated = TRUE;

      /* one or two words, in any spelling; sometimes with a clitic or harakat */
      query = random_text (rand, g_rand_int_range (rand, 1, 3));
      g_strdelimit (query, "\n", ' ');
      if (round % 7 == 0)
        {
          char *q2 = g_strconcat ("ال", query, NULL);
          g_free (query);
          query = q2;
        }
      hits = hashiya_store_find_corpus (store, query, 0, &truncated, NULL, &error);
      g_assert_no_error (error);
      g_assert_false (truncated);

      for (guint i = 0; i < ids->len; i++)
        {
          gint64 id = g_array_index (ids, gint64, i);
          g_autoptr(HashiyaText) text = hashiya_store_get_text (store, id, &error);
          g_autoptr(GArray) ranges = hashiya_text_find_all (text, 0, hashiya_text_get_length (text), query);

          for (guint r = 0; r < ranges->len; r++)
            {
              HashiyaRange *range = &g_array_index (ranges, HashiyaRange, r);
              g_ptr_array_add (expected, g_strdup_printf ("%" G_GINT64_FORMAT ":%zu-%zu", id,
                                                          range->start, range->end));
            }
        }
      if (hits->len != expected->len)
        g_test_message ("query \"%s\": %u hits, scan %u", query, hits->len, expected->len);
      g_assert_cmpuint (hits->len, ==, expected->len);
      for (guint i = 0; i < hits->len; i++)
        {
          HashiyaCorpusHit *hit = hits->pdata[i];
          g_autofree char *got = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                                                  hit->doc_id, hit->start, hit->end);
          g_autoptr(HashiyaText) text = hashiya_store_get_text (store, hit->doc_id, &error);
          g_autofree char *slice = g_utf8_substring (hashiya_text_get_utf8 (text, NULL),
                                                     hit->start, hit->end);

          g_assert_cmpstr (got, ==, expected->pdata[i]);
          /* the context is the original text around the hit, offsets in code points */
          g_assert_cmpstr (hit->match, ==, slice);
          g_assert_nonnull (strstr (hashiya_text_get_utf8 (text, NULL), hit->before));
          g_assert_null (strchr (hit->before, '\n'));
          g_assert_null (strchr (hit->after, '\n'));
          g_assert_cmpint (g_utf8_strlen (hit->before, -1), <=, HASHIYA_CORPUS_CONTEXT);
        }
      total_hits += hits->len;
    }
  /* the queries are not all empty-handed */
  g_assert_cmpuint (total_hits, >, 300);

  /* the limit */
  {
    gboolean truncated = FALSE;
    g_autoptr(GPtrArray) hits = hashiya_store_find_corpus (store, "مدرسة", 3, &truncated, NULL, &error);
    g_assert_cmpuint (hits->len, ==, 3);
    g_assert_true (truncated);
  }
}

static void
test_tag_all (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) span_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  HashiyaTagAllCount count, done;
  gint64 a, b, c;

  a = add_text (store, "a", "زار أحمد المدرسة. وأحمد هنا");
  b = add_text (store, "b", "لا أحد");
  c = add_text (store, "c", "قال احمد");
  g_assert_cmpint (hashiya_store_add_span (store, c, 4, 8, "PER", NULL, NULL, &error), >, 0);

  g_assert_true (hashiya_store_tag_all_count (store, "احمد", "PER", NULL, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count.n_hits, ==, 3);
  g_assert_cmpuint (count.n_spans, ==, 2);       /* c's hit is already tagged */
  g_assert_cmpuint (count.n_documents, ==, 1);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM spans"), ==, 1);

  g_assert_true (hashiya_store_tag_all (store, "احمد", "PER", NULL, &done, span_ids, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (done.n_spans, ==, count.n_spans);
  g_assert_cmpuint (done.n_documents, ==, count.n_documents);
  g_assert_cmpuint (span_ids->len, ==, 2);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM spans WHERE doc_id = 1"), ==, 2);
  g_assert_cmpint (raw_int (f->path, "SELECT spans FROM doc_summary WHERE doc_id = 1"), ==, 2);

  /* undo: one call, one transaction */
  g_assert_true (hashiya_store_remove_spans (store, (gint64 *) span_ids->data, span_ids->len, &error));
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM spans"), ==, 1);

  /* an unknown label changes nothing */
  g_assert_false (hashiya_store_tag_all (store, "احمد", "NOPE", NULL, NULL, NULL, &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM spans"), ==, 1);
  (void) a;
  (void) b;
}

/* A long document's key is indexed in rows of about 1 MB; find sees every one, removal
 * takes them all. */
static void
test_long_document_rows (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("البداية هنا\n");
  gint64 id;

  while (text->len < 2600 * 1024)
    g_string_append (text, "سطر من كلمات عادية لا شيء فيه\n");
  g_string_append (text, "والنهايه هنا\n");
  id = add_text (store, "long.txt", text->str);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM doc_search"), >=, 2);
  {
    g_autoptr(GPtrArray) first = hashiya_store_find_corpus (store, "البدايه", 0, NULL, NULL, &error);
    g_autoptr(GPtrArray) last = hashiya_store_find_corpus (store, "النهاية", 0, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (first->len, ==, 1);
    g_assert_cmpuint (last->len, ==, 1);
    g_assert_cmpint (((HashiyaCorpusHit *) last->pdata[0])->line,
                     ==, raw_int (f->path, "SELECT length (text) - length (replace (text, char (10), '')) FROM documents"));
  }
  g_assert_true (hashiya_store_remove_document (store, id, &error));
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM doc_search"), ==, 0);
}

/* A project made by the schema-2 build gains the summary and the index, counts right. */
static void
test_migration_from_v2 (Fixture       *f,
                        gconstpointer  data)
{
  const char *dir = g_getenv ("HASHIYA_TEST_DATA");
  g_autofree char *fixture = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    {
      g_test_skip ("HASHIYA_TEST_DATA is not set");
      return;
    }
  fixture = g_build_filename (dir, "corpus-v2.hashiya", NULL);
  bytes = file_bytes (fixture);
  write_bytes (f->path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM sqlite_master WHERE name = 'doc_summary'"), ==, 0);

  {
    g_autoptr(HashiyaStore) store = hashiya_store_open (f->path, FALSE, &error);
    g_autoptr(GPtrArray) hits = NULL;
    HashiyaDocQuery q;

    g_assert_no_error (error);
    g_assert_cmpint (hashiya_store_get_schema_version (store), ==, HASHIYA_STORE_SCHEMA_VERSION);
    assert_summary_matches_recount (store);
    hashiya_doc_query_init (&q);
    {
      g_autoptr(GPtrArray) rows = all_rows (store, &q);
      HashiyaDocument *d1 = rows->pdata[0], *d3 = rows->pdata[2];
      g_assert_cmpuint (rows->len, ==, 4);
      g_assert_cmpuint (d1->n_comments, ==, 2);
      g_assert_cmpuint (d1->n_judged, ==, 1);    /* two annotators, one comment */
      g_assert_cmpuint (d1->n_spans, ==, 1);
      g_assert_cmpuint (d3->n_spans, ==, 4);
      g_assert_cmpuint (d3->n_judged, ==, 2);
      g_assert_true (d3->done);
    }
    hits = hashiya_store_find_corpus (store, "شركه", 0, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, >, 0);
    g_assert_cmpint (((HashiyaCorpusHit *) hits->pdata[0])->doc_id, ==, 1);
  }
  g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, HASHIYA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM doc_summary"), ==, 4);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM doc_search"), ==, 4);
  g_assert_cmpint (raw_int (f->path, "SELECT sum(spans) FROM doc_summary"), ==, 7);

  /* opening again writes nothing: no migration is due */
  {
    g_autoptr(GBytes) before = file_bytes (f->path);
    g_autoptr(HashiyaStore) store = hashiya_store_open (f->path, FALSE, &error);
    g_autoptr(GBytes) after = NULL;
    g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
    GStatBuf st;

    g_assert_no_error (error);
    after = file_bytes (f->path);
    g_assert_true (g_bytes_equal (before, after));
    g_assert_true (g_stat (wal, &st) != 0 || st.st_size == 0);
  }
}

/* A file at schema 3 or later without the corpus tables (made by a build that kept that
 * migration's place empty) gains them at open, with the right counts. */
static void
test_missing_tables_restored (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 doc;

  {
    g_autoptr(HashiyaStore) store = open_new (f);
    doc = add_article (store, "a.txt");
    judge (store, doc, 2, "omar");
    g_assert_cmpint (hashiya_store_add_span (store, doc, 0, 4, "PER", NULL, NULL, &error), >, 0);
  }
  raw_exec (f->path, "DROP TABLE doc_summary; DROP TABLE doc_search;"
                     "DROP TRIGGER doc_summary_doc_insert; DROP TRIGGER doc_summary_doc_update;"
                     "DROP TRIGGER doc_summary_doc_delete; DROP TRIGGER doc_summary_span_insert;"
                     "DROP TRIGGER doc_summary_span_delete; DROP TRIGGER doc_summary_span_move;"
                     "DROP TRIGGER doc_summary_segment_insert; DROP TRIGGER doc_summary_segment_delete;"
                     "DROP TRIGGER doc_summary_segment_update; DROP TRIGGER doc_summary_judgement_insert;"
                     "DROP TRIGGER doc_summary_judgement_delete; DROP TRIGGER doc_summary_judgement_move;");
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM sqlite_master WHERE name = 'doc_summary'"), ==, 0);
  {
    g_autoptr(HashiyaStore) store = hashiya_store_open (f->path, FALSE, &error);
    g_autoptr(GPtrArray) hits = NULL;

    g_assert_no_error (error);
    assert_summary_matches_recount (store);
    hits = hashiya_store_find_corpus (store, "القاهره", 0, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, ==, 1);
  }
  g_assert_cmpint (raw_int (f->path, "SELECT judged FROM doc_summary"), ==, 1);
  g_assert_cmpint (raw_int (f->path, "SELECT spans FROM doc_summary"), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/corpus/summary-counts", Fixture, NULL, fixture_setup, test_summary_counts, fixture_teardown);
  g_test_add ("/corpus/filter-sort", Fixture, NULL, fixture_setup, test_filter_sort, fixture_teardown);
  g_test_add ("/corpus/find-equals-scan", Fixture, NULL, fixture_setup, test_find_equals_scan, fixture_teardown);
  g_test_add ("/corpus/tag-all", Fixture, NULL, fixture_setup, test_tag_all, fixture_teardown);
  g_test_add ("/corpus/long-document-rows", Fixture, NULL, fixture_setup, test_long_document_rows, fixture_teardown);
  g_test_add ("/corpus/missing-tables-restored", Fixture, NULL, fixture_setup, test_missing_tables_restored, fixture_teardown);
  g_test_add ("/corpus/migration-from-v2", Fixture, NULL, fixture_setup, test_migration_from_v2, fixture_teardown);
  return g_test_run ();
}
