/* test-merge.c: merging annotators' project files (match by hash, idempotence, refusals, renames)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "hashiya-merge.h"
#include "team-common.h"

typedef struct
{
  TeamTmp tmp;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  memset (f, 0, sizeof *f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  team_tmp_clear (&f->tmp);
}

/* spans of one annotator in a document, as "start-end LABEL" lines */
static guint
count_spans (HashiyaStore *store)
{
  g_autoptr(HashiyaStats) stats = hashiya_store_get_stats (store, NULL);

  return stats->n_spans;
}

static gboolean
merge (HashiyaStore               *target,
       HashiyaStore               *a,
       HashiyaStore               *b,
       const HashiyaMergeOptions  *options,
       HashiyaMergeResult         *result,
       GError                    **error)
{
  HashiyaStore *sources[] = { a, b };

  return hashiya_merge (target, sources, b != NULL ? 2 : 1, options, result, error);
}

static void
test_two_projects (Fixture *f, gconstpointer data)
{
  g_autofree char *tp = team_tmp_path (&f->tmp, "target.hashiya");
  g_autofree char *sp = team_tmp_path (&f->tmp, "sara.hashiya");
  g_autoptr(HashiyaStore) target = team_open (tp, TRUE);
  g_autoptr(HashiyaStore) source = team_open (sp, TRUE);
  g_autoptr(GError) error = NULL;
  HashiyaMergeResult r;
  gint64 t_x, s_y, s_x, t_y;

  /* the same text under another name and another id in the source */
  t_x = team_add_document (target, "x.txt", 'x', 2);
  s_y = team_add_document (source, "y.txt", 'y', 1);
  s_x = team_add_document (source, "renamed-x.txt", 'x', 2);
  g_assert_cmpint (s_x, !=, t_x);
  team_tag (target, t_x, 0, 5, "PER", "omar");
  team_judge (target, t_x, 1, "omar", HASHIYA_SENTIMENT_NEGATIVE, 1, 0, HASHIYA_DECISION_REJECT);
  g_assert_cmpint (hashiya_store_add_label (source, "EVENT", "#ff0000", "9", &error), >, 0);
  g_assert_cmpint (hashiya_store_add_label (source, "TITLE", "#00ff00", "8", &error), >, 0);
  g_assert_true (hashiya_store_set_label_key (target, "MISC", "9", &error));
  team_tag (source, s_x, 0, 5, "PER", "sara");
  team_tag (source, s_x, 20, 29, "EVENT", "sara");
  team_tag (source, s_y, 10, 19, "LOC", "sara");
  team_judge (source, s_x, 2, "sara", HASHIYA_SENTIMENT_POSITIVE, 0, 0, HASHIYA_DECISION_APPROVE);
  team_judge (source, s_y, 1, "sara", HASHIYA_SENTIMENT_MIXED, -1, -1, HASHIYA_DECISION_NONE);
  g_assert_true (hashiya_store_set_span_note (source, team_tag (source, s_y, 30, 39, "ORG", "sara"),
                                              "a note", &error));

  g_assert_true (merge (target, source, NULL, NULL, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r.documents_added, ==, 1);
  g_assert_cmpuint (r.documents_matched, ==, 1);
  g_assert_cmpuint (r.spans_added, ==, 4);
  g_assert_cmpuint (r.judgements_added, ==, 2);
  g_assert_cmpuint (r.labels_added, ==, 2);

  /* matched by hash: sara's work on x is on the target's x */
  {
    g_autofree char *sara = team_spans_of (target, t_x, "sara");
    g_autofree char *omar = team_spans_of (target, t_x, "omar");
    g_autoptr(HashiyaJudgement) j = hashiya_store_get_judgement (target, t_x, 2, "sara", &error);
    g_autoptr(HashiyaLabel) label = hashiya_store_get_label (target, "EVENT", &error);

    g_assert_cmpstr (sara, ==, "0-5 PER\n20-29 EVENT\n");
    g_assert_cmpstr (omar, ==, "0-5 PER\n");
    g_assert_nonnull (j);
    g_assert_cmpint (j->sentiment, ==, HASHIYA_SENTIMENT_POSITIVE);
    g_assert_cmpint (j->decision, ==, HASHIYA_DECISION_APPROVE);
    g_assert_nonnull (label);
    g_assert_cmpstr (label->color, ==, "#ff0000");
    /* key 9 is MISC's in the target: the new label gets none; TITLE keeps its free key */
    g_assert_null (label->key);
    g_clear_pointer (&label, hashiya_label_free);
    label = hashiya_store_get_label (target, "TITLE", &error);
    g_assert_cmpstr (label->key, ==, "8");
  }
  {
    g_autoptr(HashiyaDocument) y = hashiya_store_get_document (source, s_y, NULL);

    t_y = hashiya_store_find_document_by_sha256 (target, y->sha256);
  }
  g_assert_cmpint (t_y, >, 0);
  {
    g_autoptr(GPtrArray) spans = hashiya_store_list_spans (target, t_y, &error);
    g_autoptr(HashiyaDocument) doc = hashiya_store_get_document (target, t_y, &error);

    g_assert_cmpuint (spans->len, ==, 2);
    g_assert_cmpstr (((HashiyaSpan *) g_ptr_array_index (spans, 1))->note, ==, "a note");
    g_assert_cmpstr (doc->source, ==, "y.txt");
    g_assert_cmpuint (doc->n_comments, ==, 1);
  }

  /* idempotent */
  g_assert_true (merge (target, source, NULL, NULL, &r, &error));
  g_assert_cmpuint (r.documents_added + r.spans_added + r.judgements_added + r.labels_added, ==, 0);
  g_assert_cmpuint (r.documents_matched, ==, 2);
  g_assert_cmpuint (count_spans (target), ==, 5);

  /* a target that is a source is refused */
  g_assert_false (merge (target, target, NULL, NULL, &r, &error));
  g_assert_error (error, HASHIYA_MERGE_ERROR, HASHIYA_MERGE_ERROR_INVALID);
}

static void
test_three_projects (Fixture *f, gconstpointer data)
{
  g_autofree char *tp = team_tmp_path (&f->tmp, "all.hashiya");
  g_autoptr(HashiyaStore) target = team_open (tp, TRUE);
  HashiyaStore *sources[3];
  g_autoptr(GError) error = NULL;
  HashiyaMergeResult r;
  const char *names[] = { "a", "b", "c" };

  for (int i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.hashiya", names[i]);
      g_autofree char *path = team_tmp_path (&f->tmp, name);
      gint64 shared, own;

      sources[i] = team_open (path, TRUE);
      /* every file has document "s" (added in a different order) and one of its own */
      if (i == 1)
        {
          own = team_add_document (sources[i], "own.txt", 'a' + i, 0);
          shared = team_add_document (sources[i], "s.txt", 's', 3);
        }
      else
        {
          shared = team_add_document (sources[i], "s.txt", 's', 3);
          own = team_add_document (sources[i], "own.txt", 'a' + i, 0);
        }
      team_tag (sources[i], shared, 0, 5 + i, "PER", names[i]);
      team_tag (sources[i], own, 10, 15, "LOC", names[i]);
      team_judge (sources[i], shared, 3, names[i], HASHIYA_SENTIMENT_NEUTRAL, i % 2, -1,
                  HASHIYA_DECISION_NONE);
    }

  g_assert_true (hashiya_merge (target, sources, 3, NULL, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r.documents_added, ==, 4);
  g_assert_cmpuint (r.documents_matched, ==, 2);
  g_assert_cmpuint (r.spans_added, ==, 6);
  g_assert_cmpuint (r.judgements_added, ==, 3);
  {
    g_autoptr(GPtrArray) docs = hashiya_store_list_documents (target, &error);
    gint64 s = hashiya_store_resolve_document (target, "s.txt", &error);
    g_autoptr(GPtrArray) judgements = hashiya_store_list_judgements (target, s, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (docs->len, ==, 4);
    for (int i = 0; i < 3; i++)
      {
        g_autofree char *got = team_spans_of (target, s, names[i]);
        g_autofree char *want = g_strdup_printf ("0-%d PER\n", 5 + i);

        g_assert_cmpstr (got, ==, want);
      }
    g_assert_cmpuint (judgements->len, ==, 3);
  }

  /* all three again: nothing new */
  g_assert_true (hashiya_merge (target, sources, 3, NULL, &r, &error));
  g_assert_cmpuint (r.spans_added + r.documents_added + r.judgements_added, ==, 0);
  for (int i = 0; i < 3; i++)
    g_object_unref (sources[i]);
}

/* Runs a merge that must be refused and checks the target's bytes did not change. */
static void
assert_refused_unchanged (const char                *tp,
                          const char                *sp,
                          const HashiyaMergeOptions *options,
                          const char                *message_part)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  g_autoptr(GError) error = NULL;
  HashiyaMergeResult r;

  before = team_read_file (tp, &before_len);
  {
    g_autoptr(HashiyaStore) target = team_open (tp, FALSE);
    g_autoptr(HashiyaStore) source = team_open (sp, FALSE);

    g_assert_false (merge (target, source, NULL, options, &r, &error));
    g_assert_error (error, HASHIYA_MERGE_ERROR, HASHIYA_MERGE_ERROR_CONFLICT);
    if (g_test_verbose ())
      g_printerr ("%s\n", error->message);
    g_assert_nonnull (strstr (error->message, message_part));
    g_assert_nonnull (strstr (error->message, "nothing was written"));
  }
  {
    g_autofree char *wal = g_strconcat (tp, "-wal", NULL);
    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }
  after = team_read_file (tp, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_conflicts (Fixture *f, gconstpointer data)
{
  g_autofree char *tp = team_tmp_path (&f->tmp, "target.hashiya");
  g_autofree char *sp = team_tmp_path (&f->tmp, "source.hashiya");
  g_autofree char *jp = team_tmp_path (&f->tmp, "judge.hashiya");
  g_autoptr(GError) error = NULL;
  gint64 doc;

  {
    g_autoptr(HashiyaStore) target = team_open (tp, TRUE);
    g_autoptr(HashiyaStore) source = team_open (sp, TRUE);
    g_autoptr(HashiyaStore) judge = team_open (jp, TRUE);

    /* a new document first, so that a refusal has something to roll back */
    team_add_document (source, "new.txt", 'n', 0);
    doc = team_add_document (target, "x.txt", 'x', 2);
    team_tag (target, doc, 0, 5, "PER", "sara");
    team_tag (target, doc, 10, 15, "LOC", "sara");
    team_judge (target, doc, 1, "sara", HASHIYA_SENTIMENT_NEGATIVE, 1, -1, HASHIYA_DECISION_NONE);
    doc = team_add_document (source, "x.txt", 'x', 2);
    team_tag (source, doc, 0, 5, "ORG", "sara");     /* relabelled: different work */
    team_tag (source, doc, 10, 15, "LOC", "sara");
    doc = team_add_document (judge, "x.txt", 'x', 2);
    team_judge (judge, doc, 1, "sara", HASHIYA_SENTIMENT_NEGATIVE, 0, -1, HASHIYA_DECISION_NONE);
  }

  assert_refused_unchanged (tp, sp, NULL, "“sara” has different spans");
  assert_refused_unchanged (tp, jp, NULL, "judged comment 1");

  /* --rename sara=sara2 keeps both */
  {
    g_autoptr(GHashTable) renames = g_hash_table_new (g_str_hash, g_str_equal);
    HashiyaMergeOptions options = { renames, FALSE };
    g_autoptr(HashiyaStore) target = team_open (tp, FALSE);
    g_autoptr(HashiyaStore) source = team_open (sp, FALSE);
    g_autoptr(HashiyaStore) judge = team_open (jp, FALSE);
    HashiyaMergeResult r;
    gint64 x;

    g_hash_table_insert (renames, "sara", "sara2");
    g_assert_true (merge (target, source, judge, &options, &r, &error));
    g_assert_no_error (error);
    x = hashiya_store_resolve_document (target, "x.txt", &error);
    team_assert_spans (target, x, "sara", "0-5 PER\n10-15 LOC\n");
    team_assert_spans (target, x, "sara2", "0-5 ORG\n10-15 LOC\n");
    {
      g_autoptr(HashiyaJudgement) j = hashiya_store_get_judgement (target, x, 1, "sara2", &error);
      g_assert_nonnull (j);
    }
  }
}

static void
test_subset_and_segments (Fixture *f, gconstpointer data)
{
  g_autofree char *tp = team_tmp_path (&f->tmp, "target.hashiya");
  g_autofree char *sp = team_tmp_path (&f->tmp, "older.hashiya");
  g_autofree char *kp = team_tmp_path (&f->tmp, "kinds.hashiya");
  g_autoptr(GError) error = NULL;
  gint64 doc;

  {
    g_autoptr(HashiyaStore) target = team_open (tp, TRUE);
    g_autoptr(HashiyaStore) older = team_open (sp, TRUE);
    g_autoptr(HashiyaStore) kinds = team_open (kp, TRUE);
    HashiyaMergeResult r;

    doc = team_add_document (target, "x.txt", 'x', 3);
    team_tag (target, doc, 0, 5, "PER", "sara");
    team_tag (target, doc, 10, 15, "LOC", "sara");
    /* an older copy of the same work: a subset, nothing to add, no conflict */
    doc = team_add_document (older, "x.txt", 'x', 3);
    team_tag (older, doc, 0, 5, "PER", "sara");
    g_assert_true (merge (target, older, NULL, NULL, &r, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (r.spans_added, ==, 0);

    /* another file where comment 1 was corrected into a paragraph: comments renumber,
     * its judgement of (new) comment 1 is of the text's second comment */
    doc = team_add_document (kinds, "x.txt", 'x', 3);
    g_assert_true (hashiya_store_set_segment_kind (kinds, doc, 1, HASHIYA_SEGMENT_PARAGRAPH, &error));
    team_judge (kinds, doc, 1, "omar", HASHIYA_SENTIMENT_POSITIVE, -1, -1, HASHIYA_DECISION_NONE);
  }

  assert_refused_unchanged (tp, kp, NULL, "segment 1 of document x.txt is a paragraph in the source");

  {
    HashiyaMergeOptions options = { NULL, TRUE };
    g_autoptr(HashiyaStore) target = team_open (tp, FALSE);
    g_autoptr(HashiyaStore) kinds = team_open (kp, FALSE);
    g_autoptr(GArray) segs = NULL;
    g_autoptr(HashiyaJudgement) j = NULL;
    HashiyaMergeResult r;
    gint64 x = hashiya_store_resolve_document (target, "x.txt", &error);

    g_assert_true (merge (target, kinds, NULL, &options, &r, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (r.segments_changed, ==, 1);
    segs = hashiya_store_get_segments (target, x, &error);
    g_assert_cmpint (g_array_index (segs, HashiyaSegment, 1).kind, ==, HASHIYA_SEGMENT_PARAGRAPH);
    g_assert_cmpint (g_array_index (segs, HashiyaSegment, 2).comment_index, ==, 1);
    j = hashiya_store_get_judgement (target, x, 1, "omar", &error);
    g_assert_nonnull (j);
    g_assert_cmpint (j->sentiment, ==, HASHIYA_SENTIMENT_POSITIVE);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/merge/two-projects", Fixture, NULL, fixture_setup, test_two_projects, fixture_teardown);
  g_test_add ("/merge/three-projects", Fixture, NULL, fixture_setup, test_three_projects, fixture_teardown);
  g_test_add ("/merge/conflicts-leave-target-unchanged", Fixture, NULL, fixture_setup, test_conflicts, fixture_teardown);
  g_test_add ("/merge/subset-and-segment-kinds", Fixture, NULL, fixture_setup, test_subset_and_segments, fixture_teardown);
  return g_test_run ();
}
