/* test-corpus.c: the window at corpus scale: the sidebar's paged model against the store,
 * Find in All Documents (Ctrl+Shift+F) with Tag All and its one undo step, J/K across
 * documents and Next unjudged
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ui-common.h"

#include "hashiya-store-corpus.h"
#include "hashiya-document-list.h"
#include "hashiya-corpus-find.h"

/* More than five pages of the sidebar's model. */
#define N_DOCS (5 * HASHIYA_DOCUMENT_LIST_PAGE + 57)

static const char *BASRA = "محطة تحلية في البصرة";

/* Document i: even ones are the article (3 comments), odd ones a line about Basra (no
 * comment); every fifth is done; i = 4, 10, 16 … have their three comments judged (by
 * another annotator). */
static void
add_corpus (const char *path, guint n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaStore) store = hashiya_store_open (path, FALSE, &error);
  g_autoptr(GArray) segs = g_array_new (FALSE, FALSE, sizeof (HashiyaSegment));

  g_assert_no_error (error);
  add_segment (segs, HASHIYA_SEGMENT_TITLE, "العراق والبشمركة", 0);
  add_segment (segs, HASHIYA_SEGMENT_BYLINE, "خالد", 0);
  add_segment (segs, HASHIYA_SEGMENT_PARAGRAPH, "قال أحمد", 0);
  add_segment (segs, HASHIYA_SEGMENT_PARAGRAPH, "وأكد احمد", 0);
  add_segment (segs, HASHIYA_SEGMENT_COMMENT, "تعليق أول", 1);
  add_segment (segs, HASHIYA_SEGMENT_COMMENT, "تعليق ثان", 2);
  add_segment (segs, HASHIYA_SEGMENT_COMMENT, "This comment", 3);
  g_assert_true (hashiya_store_begin (store, &error));
  for (guint i = 1; i <= n; i++)
    {
      /* names not in import order, so that sorting by name moves them */
      g_autofree char *name = g_strdup_printf ("doc-%03u%s.txt", (i * 37) % 1000, i % 2 ? "-basra" : "");
      /* the store refuses a text it already has: each ends with its own number */
      g_autofree char *text = g_strdup_printf ("%s\nملحق %u", i % 2 ? BASRA : ARTICLE, i);
      HashiyaSegment one = { HASHIYA_SEGMENT_PARAGRAPH, 0, g_utf8_strlen (BASRA, -1), 0 };
      gint64 id = i % 2
        ? hashiya_store_add_document (store, name, text, -1, NULL, &one, 1, NULL, &error)
        : hashiya_store_add_document (store, name, text, -1, NULL,
                                      (HashiyaSegment *) segs->data, segs->len, NULL, &error);
      g_assert_no_error (error);
      if (i % 5 == 0)
        g_assert_true (hashiya_store_set_document_done (store, id, TRUE, &error));
      if (i % 6 == 4)
        for (int c = 1; c <= 3; c++)
          {
            HashiyaJudgement j = { 0 };
            j.doc_id = id;
            j.comment_index = c;
            j.annotator = (char *) "someone-else";
            j.sentiment = HASHIYA_SENTIMENT_NEUTRAL;
            j.offensive = j.hate_speech = -1;
            g_assert_true (hashiya_store_set_judgement (store, &j, &error));
          }
    }
  g_assert_true (hashiya_store_commit (store, &error));
  hashiya_store_close (store);
}

static void
corpus_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("hashiya-ui-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = make_project (f->dir, &f->doc_id);
  add_corpus (f->path, GPOINTER_TO_UINT (data));
  f->window = hashiya_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 700);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (hashiya_window_open_project (f->window, f->path, FALSE, &error));
  g_assert_no_error (error);
  spin ();
}

static GtkWidget *
doc_list_view (Fixture *f)
{
  GtkWidget *list = find_named (GTK_WIDGET (f->window), "document-list");

  g_assert_nonnull (list);
  g_assert_true (GTK_IS_LIST_VIEW (list));
  return list;
}

static HashiyaDocumentList *
doc_model (Fixture *f)
{
  GtkSelectionModel *sel = gtk_list_view_get_model (GTK_LIST_VIEW (doc_list_view (f)));

  g_assert_true (GTK_IS_SINGLE_SELECTION (sel));
  g_assert_true (HASHIYA_IS_DOCUMENT_LIST (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (sel))));
  return HASHIYA_DOCUMENT_LIST (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (sel)));
}

/* Every item of the model equals the store's rows for the same query, read in one go;
 * the items are asked for from the last to the first, so pages are read out of order. */
static void
assert_model_is_store (Fixture *f, const HashiyaDocQuery *query)
{
  HashiyaDocumentList *model = doc_model (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = hashiya_store_list_document_rows (hashiya_window_get_store (f->window),
                                                                query, 0, G_MAXUINT, &error);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, rows->len);
  g_assert_cmpint (hashiya_store_count_document_rows (hashiya_window_get_store (f->window), query, NULL), ==, n);
  for (guint k = n; k-- > 0;)
    {
      g_autoptr(HashiyaDocItem) item = g_list_model_get_item (G_LIST_MODEL (model), k);
      HashiyaDocument *d = rows->pdata[k];

      g_assert_nonnull (item);
      g_assert_cmpint (hashiya_doc_item_get_id (item), ==, d->id);
      g_assert_cmpstr (hashiya_doc_item_get_name (item), ==, d->source);
      g_assert_cmpuint (hashiya_doc_item_get_n_spans (item), ==, d->n_spans);
      g_assert_cmpuint (hashiya_doc_item_get_n_comments (item), ==, d->n_comments);
      g_assert_cmpuint (hashiya_doc_item_get_n_judged (item), ==, d->n_judged);
      g_assert_cmpint (hashiya_doc_item_get_done (item), ==, d->done);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), n));
}

static void
set_filter (Fixture *f, const char *text)
{
  GtkWidget *filter = find_named (GTK_WIDGET (f->window), "document-filter");

  gtk_editable_set_text (GTK_EDITABLE (filter), text);
  g_signal_emit_by_name (filter, "search-changed");
  spin ();
}

static void
set_choice (Fixture *f, const char *name, guint choice)
{
  GtkWidget *w = find_named (GTK_WIDGET (f->window), name);

  g_assert_true (GTK_IS_DROP_DOWN (w));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (w), choice);
  spin ();
}

static HashiyaDocItem *
item_of (Fixture *f, gint64 doc_id)
{
  HashiyaDocumentList *model = doc_model (f);
  guint pos = hashiya_document_list_find (model, doc_id);

  g_assert_cmpuint (pos, !=, G_MAXUINT);
  return g_list_model_get_item (G_LIST_MODEL (model), pos);
}

typedef struct
{
  Fixture *f;
  gint64   doc;
  guint    spans, judged;
} CountWait;

static gboolean
counts_are (gpointer data)
{
  CountWait *w = data;
  g_autoptr(HashiyaDocItem) item = item_of (w->f, w->doc);

  return hashiya_doc_item_get_n_spans (item) == w->spans && hashiya_doc_item_get_n_judged (item) == w->judged;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_external (gboolean *flag)
{
  *flag = TRUE;
}

/* The sidebar is a list view over a paged model of the store's rows: it reads pages as
 * they are needed, equals hashiya_store_list_document_rows for every filter, state and
 * sort, and follows tags, undo, judgements and an import by another process. */
static void
test_sidebar_model (Fixture *f, gconstpointer data)
{
  HashiyaDocumentList *model = doc_model (f);
  HashiyaStore *store = hashiya_window_get_store (f->window);
  guint reads_before;
  HashiyaDocQuery q;
  gint64 word = offset_of ("كركوك", 0);

  /* only the pages around what is shown are read, and only those rows are widgets (GTK
   * 4.8's list view keeps up to 200 rows around the visible ones), not one per document */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_DOCS + 1);
  g_test_message ("pages read at opening: %u", hashiya_document_list_get_n_page_reads (model));
  g_assert_cmpuint (hashiya_document_list_get_n_page_reads (model), <=, 3);
  {
    guint rows = 0;
    for (GtkWidget *c = gtk_widget_get_first_child (doc_list_view (f)); c; c = gtk_widget_get_next_sibling (c))
      rows++;
    g_test_message ("row widgets: %u", rows);
    g_assert_cmpuint (rows, <=, 210);
  }
  /* past the first page */
  reads_before = hashiya_document_list_get_n_page_reads (model);
  {
    g_autoptr(HashiyaDocItem) far = g_list_model_get_item (G_LIST_MODEL (model), 4 * HASHIYA_DOCUMENT_LIST_PAGE + 3);
    g_autoptr(GPtrArray) one = NULL;

    hashiya_doc_query_init (&q);
    one = hashiya_store_list_document_rows (store, &q, 4 * HASHIYA_DOCUMENT_LIST_PAGE + 3, 1, NULL);
    g_assert_cmpint (hashiya_doc_item_get_id (far), ==, ((HashiyaDocument *) one->pdata[0])->id);
  }
  g_assert_cmpuint (hashiya_document_list_get_n_page_reads (model), ==, reads_before + 1);
  hashiya_doc_query_init (&q);
  assert_model_is_store (f, &q);

  /* filter by name, by text (the search key: البصره finds البصرة), by both */
  set_filter (f, "basra");
  hashiya_doc_query_init (&q);
  q.name = "basra";
  assert_model_is_store (f, &q);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, (N_DOCS + 1) / 2);
  set_filter (f, "البصره");
  q.name = NULL;
  q.text = "البصره";
  assert_model_is_store (f, &q);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, (N_DOCS + 1) / 2);
  set_filter (f, "doc-1");
  hashiya_doc_query_init (&q);
  q.name = q.text = "doc-1";
  q.name_or_text = TRUE;
  assert_model_is_store (f, &q);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 0);
  set_filter (f, "");

  /* states and sorts */
  {
    static const HashiyaDocState states[] = { HASHIYA_DOC_STATE_ANY, HASHIYA_DOC_STATE_NOT_DONE,
                                              HASHIYA_DOC_STATE_DONE, HASHIYA_DOC_STATE_UNJUDGED };
    static const HashiyaDocSort sorts[] = { HASHIYA_DOC_SORT_POSITION, HASHIYA_DOC_SORT_NAME,
                                            HASHIYA_DOC_SORT_SPANS, HASHIYA_DOC_SORT_UNJUDGED };
    for (guint s = 0; s < G_N_ELEMENTS (states); s++)
      for (guint o = 0; o < G_N_ELEMENTS (sorts); o++)
        {
          set_choice (f, "document-state", s);
          set_choice (f, "document-sort", o);
          hashiya_doc_query_init (&q);
          q.state = states[s];
          q.sort = sorts[o];
          q.descending = sorts[o] == HASHIYA_DOC_SORT_SPANS || sorts[o] == HASHIYA_DOC_SORT_UNJUDGED;
          assert_model_is_store (f, &q);
        }
    /* the states really filter: done every fifth, unjudged = articles not judged */
    set_choice (f, "document-sort", 0);
    set_choice (f, "document-state", 2);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_DOCS / 5);
    set_choice (f, "document-state", 3);
    {
      guint unjudged = 1;   /* the project's own article */
      for (guint i = 1; i <= N_DOCS; i++)
        unjudged += i % 2 == 0 && i % 6 != 4;
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, unjudged);
    }
    set_choice (f, "document-state", 0);
  }

  /* the selection follows the open document, also past the first page */
  {
    g_autoptr(GPtrArray) rows = NULL;
    GtkSelectionModel *sel = gtk_list_view_get_model (GTK_LIST_VIEW (doc_list_view (f)));
    gint64 far;

    hashiya_doc_query_init (&q);
    rows = hashiya_store_list_document_rows (store, &q, N_DOCS - 2, 1, NULL);
    far = ((HashiyaDocument *) rows->pdata[0])->id;
    g_assert_true (hashiya_window_load_document (f->window, far, NULL));
    spin ();
    g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (sel)), ==, N_DOCS - 2);
    /* and choosing a row opens its document */
    gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (sel), 0);
    spin ();
    g_assert_cmpint (hashiya_window_get_document (f->window), ==, f->doc_id);
  }

  /* counts after tag, undo (untag), judge: the row of the open document is read again */
  {
    CountWait w = { f, f->doc_id, 1, 0 };

    g_assert_true (counts_are (&(CountWait) { f, f->doc_id, 0, 0 }));
    tag_exact (f, word, word + 2);
    g_assert_true (wait_until (counts_are, &w, 3000));
    activate (f, "undo", NULL);
    w.spans = 0;
    g_assert_true (wait_until (counts_are, &w, 3000));
    activate (f, "next-comment", NULL);
    activate (f, "sentiment", g_variant_new_string ("positive"));
    w.judged = 1;
    g_assert_true (wait_until (counts_are, &w, 3000));
    hashiya_doc_query_init (&q);
    assert_model_is_store (f, &q);
  }

  /* an import by another process: the watch sees it, the list grows by one */
  {
    gboolean seen = FALSE;
    g_autoptr(GError) error = NULL;
    g_autoptr(HashiyaStore) other = hashiya_store_open (f->path, FALSE, &error);
    HashiyaSegment seg = { HASHIYA_SEGMENT_PARAGRAPH, 0, 5, 0 };
    gulong id = g_signal_connect_swapped (f->window, "external-change", G_CALLBACK (on_external), &seen);

    g_assert_no_error (error);
    g_assert_cmpint (hashiya_store_add_document (other, "imported-late.txt", "خبر جديد", -1, NULL, &seg, 1, NULL, &error), >, 0);
    g_assert_no_error (error);
    hashiya_store_close (other);
    g_assert_true (wait_until (flag_set, &seen, 5000));
    g_signal_handler_disconnect (f->window, id);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_DOCS + 2);
    hashiya_doc_query_init (&q);
    assert_model_is_store (f, &q);
  }
}

/* ---- Find in All Documents ------------------------------------------------------- */

static gboolean
has_accel (const char *action, guint keyval, GdkModifierType mods)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

  for (guint i = 0; accels[i]; i++)
    {
      guint k;
      GdkModifierType m;
      if (gtk_accelerator_parse (accels[i], &k, &m) && k == keyval && m == mods)
        return TRUE;
    }
  return FALSE;
}

static HashiyaCorpusFind *
open_corpus_find (Fixture *f)
{
  GtkWindow *w;

  g_assert_true (has_accel ("win.corpus-find", GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  activate (f, "corpus-find", NULL);
  w = toplevel_of_type ("HashiyaCorpusFind");
  g_assert_nonnull (w);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (w)));
  g_assert_true (gtk_window_get_transient_for (w) == GTK_WINDOW (f->window));
  return HASHIYA_CORPUS_FIND (w);
}

static void
search (HashiyaCorpusFind *find, const char *text)
{
  GtkWidget *entry = find_named (GTK_WIDGET (find), "corpus-find-entry");

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "search-changed");
  spin ();
}

/* Ctrl+Shift+F opens the find window; it lists every hit with its context, as the store
 * finds them; activating a hit opens its document with the hit selected. */
static void
test_corpus_find (Fixture *f, gconstpointer data)
{
  HashiyaCorpusFind *find = open_corpus_find (f);
  GListModel *hits = hashiya_corpus_find_get_hits (find);
  g_autoptr(GPtrArray) want = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *list = find_named (GTK_WIDGET (find), "corpus-find-list");
  GtkWidget *status = find_named (GTK_WIDGET (find), "corpus-find-status");
  guint last;

  g_assert_nonnull (list);
  search (find, "احمد");   /* أحمد, احمد and أحمـد: three in every article */
  want = hashiya_store_find_corpus (hashiya_window_get_store (f->window), "احمد", 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (want->len, ==, 3 * (1 + N_DOCS / 2));
  g_assert_cmpuint (g_list_model_get_n_items (hits), ==, want->len);
  for (guint i = 0; i < want->len; i++)
    {
      g_autoptr(HashiyaCorpusHitItem) item = g_list_model_get_item (hits, i);
      const HashiyaCorpusHit *h = hashiya_corpus_hit_item_get_hit (item), *w = want->pdata[i];

      g_assert_cmpint (h->doc_id, ==, w->doc_id);
      g_assert_cmpint (h->start, ==, w->start);
      g_assert_cmpint (h->end, ==, w->end);
      g_assert_cmpstr (h->before, ==, w->before);
      g_assert_cmpstr (h->after, ==, w->after);
    }
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "documents"));
  /* a virtualised list: far fewer rows than hits exist as widgets */
  spin ();
  {
    guint rows = 0;
    for (GtkWidget *c = gtk_widget_get_first_child (list); c; c = gtk_widget_get_next_sibling (c))
      rows++;
    g_assert_cmpuint (rows, >, 0);
    g_assert_cmpuint (rows, <, want->len);
  }
  /* the last hit (another document): activating it (a click, Enter) jumps there */
  last = want->len - 1;
  g_signal_emit_by_name (list, "activate", last);
  spin ();
  {
    const HashiyaCorpusHit *w = want->pdata[last];
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (hashiya_window_get_view (f->window)));
    GtkTextIter a, b;

    g_assert_cmpint (w->doc_id, !=, f->doc_id);
    g_assert_cmpint (hashiya_window_get_document (f->window), ==, w->doc_id);
    g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &a, &b));
    g_assert_cmpint (gtk_text_iter_get_offset (&a), ==, w->start);
    g_assert_cmpint (gtk_text_iter_get_offset (&b), ==, w->end);
  }
  /* nothing found says so */
  search (find, "نيويورك");
  g_assert_cmpuint (g_list_model_get_n_items (hits), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (find_named (GTK_WIDGET (find), "corpus-find-tag-all")));
  gtk_window_destroy (GTK_WINDOW (find));
}

static void
find_dialog (GtkWidget **out)
{
  GList *toplevels = gtk_window_list_toplevels ();

  *out = NULL;
  for (GList *l = toplevels; l; l = l->next)
    if (g_strcmp0 (gtk_widget_get_name (l->data), "corpus-tag-all-dialog") == 0
        && gtk_widget_get_visible (l->data))
      *out = l->data;
  g_list_free (toplevels);
}

static guint
count_label_at (HashiyaStore *store, const HashiyaCorpusHit *h, const char *label)
{
  g_autoptr(GPtrArray) spans = hashiya_store_list_spans (store, h->doc_id, NULL);
  guint n = 0;

  for (guint i = 0; i < spans->len; i++)
    {
      HashiyaSpan *s = spans->pdata[i];
      if (s->start == h->start && s->end == h->end && g_strcmp0 (s->label, label) == 0)
        n++;
    }
  return n;
}

/* Tag All over the corpus: the dialog says how many documents and spans it touches
 * (hashiya_store_tag_all_count) before anything is written; the spans then exist in
 * every hit document; one undo takes them all out, one redo puts them back. */
static void
test_tag_all_undo (Fixture *f, gconstpointer data)
{
  HashiyaStore *store = hashiya_window_get_store (f->window);
  HashiyaCorpusFind *find = open_corpus_find (f);
  GtkWidget *label = find_named (GTK_WIDGET (find), "corpus-find-label");
  GtkWidget *button = find_named (GTK_WIDGET (find), "corpus-find-tag-all");
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *loc = NULL;
  HashiyaTagAllCount count = { 0 };
  GtkWidget *dialog = NULL;
  guint64 version;

  label_with_key (store, "2", &loc);
  search (find, "كركوك");
  hits = hashiya_store_find_corpus (store, "كركوك", 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1 + N_DOCS / 2);
  g_assert_cmpuint (g_list_model_get_n_items (hashiya_corpus_find_get_hits (find)), ==, hits->len);
  for (guint i = 0; i < g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (label))); i++)
    {
      g_autoptr(GtkStringObject) s = g_list_model_get_item (gtk_drop_down_get_model (GTK_DROP_DOWN (label)), i);
      if (g_strcmp0 (gtk_string_object_get_string (s), loc) == 0)
        gtk_drop_down_set_selected (GTK_DROP_DOWN (label), i);
    }
  g_assert_true (hashiya_store_tag_all_count (store, "كركوك", loc, NULL, &count, &error));
  g_assert_cmpuint (count.n_documents, ==, 1 + N_DOCS / 2);
  g_assert_cmpuint (count.n_spans, ==, 1 + N_DOCS / 2);

  /* the button asks first: the dialog gives the counts, nothing is written yet */
  version = hashiya_store_get_data_version (store);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  spin ();
  find_dialog (&dialog);
  g_assert_nonnull (dialog);
  {
    g_autofree char *n = g_strdup_printf ("%u", count.n_spans);
    const char *body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
    g_assert_nonnull (strstr (body, n));
    g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), loc));
  }
  for (guint i = 0; i < hits->len; i++)
    g_assert_cmpuint (count_label_at (store, hits->pdata[i], loc), ==, 0);
  g_assert_cmpuint (hashiya_store_get_data_version (store), ==, version);
  g_signal_emit_by_name (dialog, "response", "tag");
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin ();

  for (guint i = 0; i < hits->len; i++)
    g_assert_cmpuint (count_label_at (store, hits->pdata[i], loc), ==, 1);
  /* the open document shows its new span; the sidebar its count */
  g_assert_cmpuint (hashiya_span_model_get_count (hashiya_document_view_get_span_model (hashiya_window_get_view (f->window))), ==, 1);
  {
    g_autoptr(HashiyaDocItem) item = item_of (f, f->doc_id);
    g_assert_cmpuint (hashiya_doc_item_get_n_spans (item), ==, 1);
  }

  /* one undo step for all of them */
  activate (f, "undo", NULL);
  for (guint i = 0; i < hits->len; i++)
    g_assert_cmpuint (count_label_at (store, hits->pdata[i], loc), ==, 0);
  g_assert_cmpuint (hashiya_span_model_get_count (hashiya_document_view_get_span_model (hashiya_window_get_view (f->window))), ==, 0);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "undo"));
  {
    g_autoptr(HashiyaDocItem) item = item_of (f, f->doc_id);
    g_assert_cmpuint (hashiya_doc_item_get_n_spans (item), ==, 0);
  }
  /* the open document did not change: undo did not open the others */
  g_assert_cmpint (hashiya_window_get_document (f->window), ==, f->doc_id);
  activate (f, "redo", NULL);
  for (guint i = 0; i < hits->len; i++)
    g_assert_cmpuint (count_label_at (store, hits->pdata[i], loc), ==, 1);
  gtk_window_destroy (GTK_WINDOW (find));
}

/* ---- the moderation queue across documents --------------------------------------- */

static int
current_comment (Fixture *f)
{
  return hashiya_document_view_get_current_comment (hashiya_window_get_view (f->window));
}

/* The project's own article, then add_corpus's: articles with three comments and, in
 * between, documents without comments (not stops of the queue). J at the last
 * comment goes on to the next document with comments, at its first unjudged comment;
 * K at the first comment back to the previous one's last; Ctrl+J skips judged ones. */
static void
test_queue_across (Fixture *f, gconstpointer data)
{
  HashiyaDocQuery q;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 with_comments[4];
  guint n = 0;

  hashiya_doc_query_init (&q);
  rows = hashiya_store_list_document_rows (hashiya_window_get_store (f->window), &q, 0, G_MAXUINT, NULL);
  for (guint i = 0; i < rows->len && n < 4; i++)
    if (((HashiyaDocument *) rows->pdata[i])->n_comments > 0)
      with_comments[n++] = ((HashiyaDocument *) rows->pdata[i])->id;
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpint (with_comments[0], ==, f->doc_id);
  g_assert_cmpint (hashiya_window_get_document (f->window), ==, f->doc_id);

  /* J through the first document: 1, 2, 3, then the next document with comments (the
   * one between has none), at its first comment */
  activate (f, "next-comment", NULL);
  g_assert_cmpint (current_comment (f), ==, 1);
  activate (f, "next-comment", NULL);
  activate (f, "next-comment", NULL);
  g_assert_cmpint (current_comment (f), ==, 3);
  activate (f, "next-comment", NULL);
  g_assert_cmpint (hashiya_window_get_document (f->window), ==, with_comments[1]);
  g_assert_cmpint (current_comment (f), ==, 1);
  /* K at the first comment: back to the first document's last comment */
  activate (f, "prev-comment", NULL);
  g_assert_cmpint (hashiya_window_get_document (f->window), ==, with_comments[0]);
  g_assert_cmpint (current_comment (f), ==, 3);

  /* J lands on the first comment the annotator has not judged */
  g_assert_true (hashiya_window_load_document (f->window, with_comments[1], NULL));
  hashiya_document_view_set_current_comment (hashiya_window_get_view (f->window), 1, FALSE);
  activate (f, "sentiment", g_variant_new_string ("neutral"));
  g_assert_true (hashiya_window_load_document (f->window, with_comments[0], NULL));
  hashiya_document_view_set_current_comment (hashiya_window_get_view (f->window), 3, FALSE);
  activate (f, "next-comment", NULL);
  g_assert_cmpint (hashiya_window_get_document (f->window), ==, with_comments[1]);
  g_assert_cmpint (current_comment (f), ==, 2);

  /* Next unjudged (Ctrl+J): within the document first (comment 1 is judged) */
  g_assert_true (has_accel ("win.next-unjudged", GDK_KEY_j, GDK_CONTROL_MASK));
  hashiya_document_view_set_current_comment (hashiya_window_get_view (f->window), 1, FALSE);
  activate (f, "next-unjudged", NULL);
  g_assert_cmpint (hashiya_window_get_document (f->window), ==, with_comments[1]);
  g_assert_cmpint (current_comment (f), ==, 2);
  /* the rest of this document judged: on to the next document with an unjudged comment,
   * past the third article, whose comments another annotator judged */
  for (int c = 2; c <= 3; c++)
    {
      hashiya_document_view_set_current_comment (hashiya_window_get_view (f->window), c, FALSE);
      activate (f, "sentiment", g_variant_new_string ("mixed"));
      g_assert_nonnull (hashiya_document_view_get_judgement (hashiya_window_get_view (f->window), c));
    }
  hashiya_document_view_set_current_comment (hashiya_window_get_view (f->window), 3, FALSE);
  activate (f, "next-unjudged", NULL);
  g_assert_cmpint (hashiya_window_get_document (f->window), ==, with_comments[3]);
  g_assert_cmpint (current_comment (f), ==, 1);
  g_assert_cmpint (hashiya_store_next_unjudged_document (hashiya_window_get_store (f->window),
                                                         with_comments[1], TRUE, NULL), ==, with_comments[3]);
}

int
main (int argc, char *argv[])
{
  ui_test_init (&argc, &argv, "io.github.hashiya.Hashiya.TestCorpus", FALSE);

  g_test_add ("/corpus/sidebar-model", Fixture, GUINT_TO_POINTER (N_DOCS), corpus_setup, test_sidebar_model, fixture_teardown);
  g_test_add ("/corpus/find", Fixture, GUINT_TO_POINTER (N_DOCS), corpus_setup, test_corpus_find, fixture_teardown);
  g_test_add ("/corpus/tag-all-undo", Fixture, GUINT_TO_POINTER (N_DOCS), corpus_setup, test_tag_all_undo, fixture_teardown);
  g_test_add ("/corpus/queue-across", Fixture, GUINT_TO_POINTER (12), corpus_setup, test_queue_across, fixture_teardown);
  return ui_test_run ();
}
