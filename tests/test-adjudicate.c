/* test-adjudicate.c: disagreements, decisions into the gold layer, undo, provenance, schema 2 migration
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>

#include "hashiya-adjudicate.h"
#include "hashiya-agreement.h"
#include "team-common.h"

/* Two annotators over one document:
 *   a: PER 0-5, LOC 10-15, ORG 20-25, PER 40-45          b: PER 0-5, LOC 10-17, PER 40-45, LOC 60-65
 * regions: 0-5 agreed, 10-17 (LOC 10-15 vs LOC 10-17), 20-25 (only a), 40-45 agreed,
 *          60-65 (only b)
 * comments: 1 both positive (agreed), 2 a negative / b neutral, 3 only a judged */
static gint64
setup_two (HashiyaStore *store)
{
  gint64 doc = team_add_document (store, "d.txt", 'd', 3);

  team_tag (store, doc, 0, 5, "PER", "a");
  team_tag (store, doc, 10, 15, "LOC", "a");
  team_tag (store, doc, 20, 25, "ORG", "a");
  team_tag (store, doc, 40, 45, "PER", "a");
  team_tag (store, doc, 0, 5, "PER", "b");
  team_tag (store, doc, 10, 17, "LOC", "b");
  team_tag (store, doc, 40, 45, "PER", "b");
  team_tag (store, doc, 60, 65, "LOC", "b");
  team_judge (store, doc, 1, "a", HASHIYA_SENTIMENT_POSITIVE, 0, -1, HASHIYA_DECISION_APPROVE);
  team_judge (store, doc, 1, "b", HASHIYA_SENTIMENT_POSITIVE, 0, -1, HASHIYA_DECISION_APPROVE);
  team_judge (store, doc, 2, "a", HASHIYA_SENTIMENT_NEGATIVE, 1, -1, HASHIYA_DECISION_NONE);
  team_judge (store, doc, 2, "b", HASHIYA_SENTIMENT_NEUTRAL, 1, -1, HASHIYA_DECISION_NONE);
  team_judge (store, doc, 3, "a", HASHIYA_SENTIMENT_MIXED, -1, -1, HASHIYA_DECISION_NONE);
  return doc;
}

static void
test_disagreements_and_decisions (void)
{
  TeamTmp tmp = { 0 };
  g_autofree char *path = team_tmp_path (&tmp, "p.hashiya");
  g_autoptr(HashiyaStore) store = team_open (path, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  HashiyaAutoResult auto_result;
  guint total = 0, resolved = 0;
  gint64 doc = setup_two (store);
  HashiyaDisagreement *d;

  list = hashiya_adjudication_list (store, doc, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 5);
  d = g_ptr_array_index (list, 0);
  g_assert_cmpint (d->kind, ==, HASHIYA_DISAGREEMENT_SPANS);
  g_assert_cmpint (d->start, ==, 10);
  g_assert_cmpint (d->end, ==, 17);
  g_assert_cmpuint (d->versions->len, ==, 2);
  g_assert_cmpstr (((HashiyaVersion *) g_ptr_array_index (d->versions, 0))->annotator, ==, "a");
  g_assert_cmpuint (((HashiyaVersion *) g_ptr_array_index (d->versions, 0))->spans->len, ==, 1);
  d = g_ptr_array_index (list, 1);
  g_assert_cmpint (d->start, ==, 20);
  g_assert_cmpuint (((HashiyaVersion *) g_ptr_array_index (d->versions, 1))->spans->len, ==, 0);
  d = g_ptr_array_index (list, 2);
  g_assert_cmpint (d->start, ==, 60);
  d = g_ptr_array_index (list, 3);
  g_assert_cmpint (d->kind, ==, HASHIYA_DISAGREEMENT_COMMENT);
  g_assert_cmpint (d->comment_index, ==, 2);
  g_assert_cmpint (d->start, >, 100);
  d = g_ptr_array_index (list, 4);
  g_assert_cmpint (d->comment_index, ==, 3);
  g_assert_null (((HashiyaVersion *) g_ptr_array_index (d->versions, 1))->judgement);

  /* --auto-agreed: regions 0-5 and 40-45, comment 1 */
  g_assert_true (hashiya_adjudication_auto_agreed (store, 0, "gold", NULL, &auto_result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (auto_result.regions, ==, 2);
  g_assert_cmpuint (auto_result.spans, ==, 2);
  g_assert_cmpuint (auto_result.judgements, ==, 1);
  team_assert_spans (store, doc, "gold", "0-5 PER\n40-45 PER\n");
  {
    g_autoptr(HashiyaJudgement) j = hashiya_store_get_judgement (store, doc, 1, "gold", &error);
    g_autoptr(HashiyaProvenance) p = hashiya_store_get_judgement_provenance (store, doc, 1, "gold", &error);
    g_autoptr(GPtrArray) spans = hashiya_store_list_spans (store, doc, &error);
    g_autoptr(HashiyaProvenance) sp = NULL;

    g_assert_nonnull (j);
    g_assert_cmpint (j->decision, ==, HASHIYA_DECISION_APPROVE);
    g_assert_nonnull (p);
    g_assert_cmpint (p->choice, ==, HASHIYA_ADJUDICATION_AUTO);
    g_assert_cmpstr (p->decided_by, ==, "auto");
    g_assert_cmpuint (g_strv_length (p->agreed), ==, 2);
    for (guint i = 0; i < spans->len; i++)
      {
        HashiyaSpan *s = g_ptr_array_index (spans, i);
        if (g_str_equal (s->annotator, "gold") && s->start == 40)
          sp = hashiya_store_get_span_provenance (store, s->id, &error);
      }
    g_assert_nonnull (sp);
    g_assert_cmpint (sp->start, ==, 40);
    g_assert_cmpstr (sp->agreed[0], ==, "a");
    g_assert_cmpstr (sp->agreed[1], ==, "b");
  }
  /* idempotent */
  g_assert_true (hashiya_adjudication_auto_agreed (store, 0, "gold", NULL, &auto_result, &error));
  g_assert_cmpuint (auto_result.spans + auto_result.judgements + auto_result.regions, ==, 0);
  /* the gold layer is not an annotator for agreement and listing */
  {
    g_autoptr(HashiyaAgreement) ag = hashiya_agreement_compute (store, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ag->annotators->len, ==, 2);
  }

  g_assert_true (hashiya_adjudication_count (store, doc, NULL, NULL, &total, &resolved, &error));
  g_assert_cmpuint (total, ==, 5);
  g_assert_cmpuint (resolved, ==, 0);

  /* accept b's version of 10-17, then undo, then accept a's */
  {
    g_autoptr(HashiyaAdjudicationUndo) undo = NULL;

    undo = hashiya_adjudication_accept (store, g_ptr_array_index (list, 0), "gold", "b", "lina", &error);
    g_assert_no_error (error);
    team_assert_spans (store, doc, "gold", "0-5 PER\n10-17 LOC\n40-45 PER\n");
    g_assert_true (hashiya_adjudication_count (store, doc, NULL, NULL, &total, &resolved, &error));
    g_assert_cmpuint (resolved, ==, 1);
    g_assert_true (hashiya_adjudication_undo (store, undo, &error));
    g_assert_no_error (error);
    team_assert_spans (store, doc, "gold", "0-5 PER\n40-45 PER\n");
    g_assert_true (hashiya_adjudication_count (store, doc, NULL, NULL, &total, &resolved, &error));
    g_assert_cmpuint (resolved, ==, 0);
    g_clear_pointer (&undo, hashiya_adjudication_undo_free);

    undo = hashiya_adjudication_accept (store, g_ptr_array_index (list, 0), "gold", "a", "lina", &error);
    g_assert_nonnull (undo);
    team_assert_spans (store, doc, "gold", "0-5 PER\n10-15 LOC\n40-45 PER\n");
    /* deciding again replaces the earlier decision; undo brings the earlier one back */
    {
      g_autoptr(HashiyaAdjudicationUndo) again =
        hashiya_adjudication_accept (store, g_ptr_array_index (list, 0), "gold", NULL, "lina", &error);

      team_assert_spans (store, doc, "gold", "0-5 PER\n40-45 PER\n");
      g_assert_true (hashiya_adjudication_undo (store, again, &error));
      team_assert_spans (store, doc, "gold", "0-5 PER\n10-15 LOC\n40-45 PER\n");
    }
  }
  {
    g_autoptr(GPtrArray) rows = hashiya_store_list_provenance (store, doc, "gold", &error);
    gboolean seen = FALSE;

    for (guint i = 0; i < rows->len; i++)
      {
        HashiyaProvenance *p = g_ptr_array_index (rows, i);

        if (p->comment_index == 0 && p->start == 10)
          {
            seen = TRUE;
            g_assert_cmpint (p->choice, ==, HASHIYA_ADJUDICATION_ACCEPT);
            g_assert_cmpstr (p->chosen, ==, "a");
            g_assert_cmpstr (p->decided_by, ==, "lina");
            g_assert_cmpuint (g_strv_length (p->agreed), ==, 1);
            g_assert_cmpstr (p->agreed[0], ==, "a");
          }
      }
    g_assert_true (seen);
  }

  /* none for 20-25 (only a tagged ORG): the gold layer has nothing there; agreed = b */
  {
    g_autoptr(HashiyaAdjudicationUndo) undo =
      hashiya_adjudication_accept (store, g_ptr_array_index (list, 1), "gold", NULL, "lina", &error);
    g_autoptr(GPtrArray) rows = hashiya_store_list_provenance (store, doc, "gold", &error);

    g_assert_nonnull (undo);
    team_assert_spans (store, doc, "gold", "0-5 PER\n10-15 LOC\n40-45 PER\n");
    for (guint i = 0; i < rows->len; i++)
      {
        HashiyaProvenance *p = g_ptr_array_index (rows, i);
        if (p->start == 20)
          {
            g_assert_cmpint (p->choice, ==, HASHIYA_ADJUDICATION_NONE);
            g_assert_cmpstr (p->agreed[0], ==, "b");
            g_assert_null (p->agreed[1]);
          }
      }
  }

  /* comment 2: take b's judgement, then undo restores no gold judgement */
  {
    HashiyaDisagreement *c2 = g_ptr_array_index (list, 3);
    g_autoptr(HashiyaAdjudicationUndo) undo =
      hashiya_adjudication_accept (store, c2, "gold", "b", "lina", &error);
    g_autoptr(HashiyaJudgement) j = hashiya_store_get_judgement (store, doc, 2, "gold", &error);

    g_assert_nonnull (j);
    g_assert_cmpint (j->sentiment, ==, HASHIYA_SENTIMENT_NEUTRAL);
    g_assert_cmpint (j->offensive, ==, 1);
    g_assert_true (hashiya_adjudication_undo (store, undo, &error));
    g_assert_null (hashiya_store_get_judgement (store, doc, 2, "gold", &error));
    g_assert_no_error (error);
    g_assert_null (hashiya_store_get_judgement_provenance (store, doc, 2, "gold", &error));
  }

  /* edited by hand: the adjudicator's own span in 60-65, agreed with nobody */
  {
    HashiyaDisagreement *r60 = g_ptr_array_index (list, 2);
    g_autoptr(HashiyaAdjudicationUndo) undo = NULL;
    g_autoptr(HashiyaProvenance) p = NULL;
    gint64 id = team_tag (store, doc, 60, 63, "LOC", "gold");

    undo = hashiya_adjudication_mark_edited (store, r60, "gold", "lina", &error);
    g_assert_nonnull (undo);
    p = hashiya_store_get_span_provenance (store, id, &error);
    g_assert_nonnull (p);
    g_assert_cmpint (p->choice, ==, HASHIYA_ADJUDICATION_EDITED);
    g_assert_null (p->agreed[0]);
  }

  g_assert_true (hashiya_adjudication_count (store, 0, NULL, NULL, &total, &resolved, &error));
  g_assert_cmpuint (total, ==, 5);
  g_assert_cmpuint (resolved, ==, 3);

  /* the layer cannot be one of the compared annotators */
  {
    const char *names[] = { "a", "gold", NULL };
    g_assert_null (hashiya_adjudication_list (store, doc, "gold", names, &error));
    g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
  }
  g_clear_object (&store);
  team_tmp_clear (&tmp);
}

/* The adjudicator's own version: spans must lie in the region; undo restores the layer */
static void
test_write_version (void)
{
  TeamTmp tmp = { 0 };
  g_autofree char *path = team_tmp_path (&tmp, "p.hashiya");
  g_autoptr(HashiyaStore) store = team_open (path, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  g_autoptr(HashiyaAdjudicationUndo) undo = NULL;
  HashiyaSpan own = { 0 };
  HashiyaSpan outside = { 0 };
  gint64 doc = setup_two (store);
  HashiyaDisagreement *region;

  list = hashiya_adjudication_list (store, doc, "gold", NULL, &error);
  region = g_ptr_array_index (list, 0);   /* 10-17 */
  own.start = 11;
  own.end = 16;
  own.label = (char *) "MISC";
  g_ptr_array_add (mine, &own);
  undo = hashiya_adjudication_write_version (store, region, "gold", mine, NULL, "lina", &error);
  g_assert_no_error (error);
  team_assert_spans (store, doc, "gold", "11-16 MISC\n");
  {
    g_autoptr(GPtrArray) rows = hashiya_store_list_provenance (store, doc, "gold", &error);
    HashiyaProvenance *p = g_ptr_array_index (rows, 0);

    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpint (p->choice, ==, HASHIYA_ADJUDICATION_EDITED);
    g_assert_null (p->agreed[0]);   /* nobody had MISC 11-16 */
  }
  g_assert_true (hashiya_adjudication_undo (store, undo, &error));
  team_assert_spans (store, doc, "gold", "");
  {
    g_autoptr(GPtrArray) rows = hashiya_store_list_provenance (store, doc, "gold", &error);
    g_assert_cmpuint (rows->len, ==, 0);
  }

  outside.start = 30;
  outside.end = 35;
  outside.label = (char *) "PER";
  g_ptr_array_add (mine, &outside);
  g_assert_null (hashiya_adjudication_write_version (store, region, "gold", mine, NULL, "lina", &error));
  g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
  team_assert_spans (store, doc, "gold", "");
  g_clear_object (&store);
  team_tmp_clear (&tmp);
}

/* ---- schema 2 -------------------------------------------------------------------- */

static int
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
test_migration_from_v1 (void)
{
  /* tests/data/team-v1.hashiya was made by hashiya-cli of schema version 1 (init, import
   * of data/sample/qalam-app.txt, three spans by sara and omar, two judgements) */
  const char *data = g_getenv ("HASHIYA_TEST_DATA");
  g_autofree char *fixture = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *path = NULL;
  TeamTmp tmp = { 0 };
  gsize len;

  if (data == NULL)
    {
      g_test_skip ("HASHIYA_TEST_DATA is not set");
      return;
    }
  fixture = g_build_filename (data, "team-v1.hashiya", NULL);
  bytes = team_read_file (fixture, &len);
  path = team_tmp_path (&tmp, "v1.hashiya");
  g_assert_true (g_file_set_contents (path, bytes, len, NULL));

  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM sqlite_master WHERE name = 'provenance'"), ==, 0);
  {
    g_autoptr(HashiyaStore) store = team_open (path, FALSE);
    g_autoptr(GError) error = NULL;
    g_autoptr(HashiyaAgreement) ag = NULL;
    HashiyaAutoResult r;

    g_assert_cmpint (hashiya_store_get_schema_version (store), ==, HASHIYA_STORE_SCHEMA_VERSION);
    /* the work is still there, and the new table takes decisions */
    ag = hashiya_agreement_compute (store, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hashiya_agreement_get_pair (ag, "omar", "sara")->exact.tp, ==, 1);
    g_assert_true (hashiya_adjudication_auto_agreed (store, 0, NULL, NULL, &r, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (r.spans, ==, 1);
  }
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, HASHIYA_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM provenance"), ==, 1);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM spans"), ==, 4);
  g_assert_cmpint (raw_int (path, "SELECT count(*) FROM judgements"), ==, 2);
  /* the fixture itself is untouched */
  g_assert_cmpint (raw_int (fixture, "PRAGMA user_version"), ==, 1);
  team_tmp_clear (&tmp);
}

static void
test_current_version_reopens (void)
{
  TeamTmp tmp = { 0 };
  g_autofree char *path = team_tmp_path (&tmp, "new.hashiya");
  g_autoptr(GError) error = NULL;
  gint64 doc;

  {
    g_autoptr(HashiyaStore) store = team_open (path, TRUE);
    HashiyaProvenance p = { 0 };
    char *agreed[] = { (char *) "a", NULL };

    g_assert_cmpint (hashiya_store_get_schema_version (store), ==, HASHIYA_STORE_SCHEMA_VERSION);
    doc = team_add_document (store, "d.txt", 'd', 1);
    p.doc_id = doc;
    p.layer = (char *) "gold";
    p.comment_index = 1;
    p.choice = HASHIYA_ADJUDICATION_ACCEPT;
    p.chosen = (char *) "a";
    p.agreed = agreed;
    p.decided_by = (char *) "lina";
    g_assert_true (hashiya_store_set_provenance (store, &p, &error));
    g_assert_no_error (error);
    /* a range and a comment at once is refused */
    p.start = 1;
    p.end = 2;
    g_assert_false (hashiya_store_set_provenance (store, &p, &error));
    g_assert_error (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_cmpint (raw_int (path, "PRAGMA user_version"), ==, HASHIYA_STORE_SCHEMA_VERSION);
  {
    g_autoptr(HashiyaStore) store = team_open (path, FALSE);
    g_autoptr(HashiyaProvenance) p = hashiya_store_get_judgement_provenance (store, doc, 1, "gold", &error);
    g_autoptr(GPtrArray) layers = hashiya_store_list_layers (store, &error);

    g_assert_nonnull (p);
    g_assert_cmpstr (p->chosen, ==, "a");
    g_assert_cmpstr (p->agreed[0], ==, "a");
    g_assert_cmpstr (p->decided_by, ==, "lina");
    g_assert_cmpint (p->decided_at, >, 0);
    g_assert_cmpuint (layers->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (layers, 0), ==, "gold");
  }
  team_tmp_clear (&tmp);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/adjudicate/disagreements-decisions-undo", test_disagreements_and_decisions);
  g_test_add_func ("/adjudicate/write-version", test_write_version);
  g_test_add_func ("/adjudicate/schema/migration-from-v1", test_migration_from_v1);
  g_test_add_func ("/adjudicate/schema/current-version-reopens", test_current_version_reopens);
  return g_test_run ();
}
