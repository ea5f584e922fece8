/* test-store-schema.c: judgement schemas (presets, validation, editing, refusals), custom values,
 * conditions, reply links, migration 5 of every fixture, the review queue and the --where language
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "store-test-common.h"
#include "hashiya-store-schema.h"
#include "hashiya-store-queue.h"
#include "hashiya-judgement-filter.h"
#include "hashiya-judgement-schema-json.h"

/* ---- presets and validation -------------------------------------------------- */

static void
test_presets (void)
{
  for (const char * const *p = hashiya_judgement_schema_preset_names (); *p; p++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HashiyaJudgementSchema) s = hashiya_judgement_schema_preset (*p, &error);

      g_assert_no_error (error);
      g_assert_true (hashiya_judgement_schema_validate (s, &error));
      g_assert_no_error (error);
      /* the JSON form reads back the same */
      {
        g_autoptr(JsonNode) node = hashiya_judgement_schema_to_json (s);
        g_autoptr(HashiyaJudgementSchema) back = hashiya_judgement_schema_from_json (node, &error);

        g_assert_no_error (error);
        g_assert_true (hashiya_judgement_schema_equal (s, back));
      }
    }
  {
    g_autoptr(JsonNode) bad = json_from_string ("{\"fields\":[{\"name\":\"x\",\"kind\":\"single\"}]}", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_null (hashiya_judgement_schema_from_json (bad, &error));
    g_assert_error (error, HASHIYA_SCHEMA_ERROR, HASHIYA_SCHEMA_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "needs at least one choice"));
  }
  {
    g_autoptr(HashiyaJudgementSchema) d = hashiya_judgement_schema_preset ("default", NULL);
    const char *names[] = { "sentiment", "offensive", "hate_speech", "decision", "note" };
    HashiyaField *f;

    g_assert_cmpuint (d->fields->len, ==, 5);
    for (guint i = 0; i < 5; i++)
      g_assert_cmpstr (((HashiyaField *) d->fields->pdata[i])->name, ==, names[i]);
    f = hashiya_judgement_schema_lookup (d, "sentiment");
    g_assert_cmpuint (f->choices->len, ==, 4);
    g_assert_cmpstr (hashiya_field_lookup_choice (f, "neutral")->key, ==, "u");
    g_assert_cmpstr (hashiya_judgement_schema_lookup (d, "offensive")->key, ==, "o");
    g_assert_cmpstr (hashiya_judgement_schema_lookup (d, "hate_speech")->key, ==, "h");
    f = hashiya_judgement_schema_lookup (d, "decision");
    g_assert_cmpstr (hashiya_field_lookup_choice (f, "review")->key, ==, "v");
    g_assert_cmpint (hashiya_judgement_schema_lookup (d, "note")->kind, ==, HASHIYA_FIELD_TEXT);
  }
  {
    g_autoptr(HashiyaJudgementSchema) o = hashiya_judgement_schema_preset ("osact-2022", NULL);
    HashiyaField *t = hashiya_judgement_schema_lookup (o, "target");
    const char *targets[] = { "race", "religion", "ideology", "disability", "social_class", "gender" };

    g_assert_cmpint (t->kind, ==, HASHIYA_FIELD_MULTI);
    g_assert_cmpstr (t->when_field, ==, "hate_speech");
    g_assert_cmpstr (t->when_value, ==, "yes");
    g_assert_cmpuint (t->choices->len, ==, 6);
    for (guint i = 0; i < 6; i++)
      g_assert_cmpstr (((HashiyaChoice *) t->choices->pdata[i])->name, ==, targets[i]);
    g_assert_nonnull (hashiya_judgement_schema_lookup (o, "vulgar"));
    g_assert_nonnull (hashiya_judgement_schema_lookup (o, "violence"));
  }
  {
    g_autoptr(HashiyaJudgementSchema) l = hashiya_judgement_schema_preset ("l-hsab", NULL);
    g_assert_cmpuint (l->fields->len, ==, 1);
    g_assert_cmpuint (((HashiyaField *) l->fields->pdata[0])->choices->len, ==, 3);
  }
  {
    g_autoptr(HashiyaJudgementSchema) a = hashiya_judgement_schema_preset ("arsarcasm", NULL);
    g_assert_nonnull (hashiya_field_lookup_choice (hashiya_judgement_schema_lookup (a, "dialect"), "maghrebi"));
    g_assert_cmpint (hashiya_judgement_schema_lookup (a, "sarcasm")->kind, ==, HASHIYA_FIELD_YESNO);
  }
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (hashiya_judgement_schema_preset ("osact", &error));
    g_assert_error (error, HASHIYA_SCHEMA_ERROR, HASHIYA_SCHEMA_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "osact-2022"));
  }
}

typedef void (*Breaker) (HashiyaJudgementSchema *s);

static void b_dup_field (HashiyaJudgementSchema *s) { hashiya_judgement_schema_add_field (s, hashiya_field_new ("vulgar", NULL, HASHIYA_FIELD_YESNO)); }
static void b_dup_key (HashiyaJudgementSchema *s) { g_free (hashiya_judgement_schema_lookup (s, "vulgar")->key); hashiya_judgement_schema_lookup (s, "vulgar")->key = g_strdup ("o"); }
static void b_dup_choice (HashiyaJudgementSchema *s) { hashiya_field_add_choice (hashiya_judgement_schema_lookup (s, "target"), hashiya_choice_new ("race", NULL, NULL, "#000000")); }
static void b_cond_unknown (HashiyaJudgementSchema *s) { hashiya_field_set_condition (hashiya_judgement_schema_lookup (s, "target"), "hate", "yes"); }
static void b_cond_value (HashiyaJudgementSchema *s) { hashiya_field_set_condition (hashiya_judgement_schema_lookup (s, "target"), "hate_speech", "maybe"); }
static void b_cond_later (HashiyaJudgementSchema *s) { hashiya_field_set_condition (hashiya_judgement_schema_lookup (s, "offensive"), "vulgar", "yes"); }
static void b_cond_self (HashiyaJudgementSchema *s) { hashiya_field_set_condition (hashiya_judgement_schema_lookup (s, "vulgar"), "vulgar", "yes"); }
static void b_builtin_kind (HashiyaJudgementSchema *s) { hashiya_judgement_schema_add_field (s, hashiya_field_new ("note", NULL, HASHIYA_FIELD_YESNO)); }
static void b_builtin_choice (HashiyaJudgementSchema *s)
{
  HashiyaField *f = hashiya_judgement_schema_add_field (s, hashiya_field_new ("decision", NULL, HASHIYA_FIELD_SINGLE));
  hashiya_field_add_choice (f, hashiya_choice_new ("escalate", NULL, NULL, "#000000"));
}
static void b_name (HashiyaJudgementSchema *s) { hashiya_judgement_schema_add_field (s, hashiya_field_new ("Spam", NULL, HASHIYA_FIELD_YESNO)); }
static void b_no_choices (HashiyaJudgementSchema *s) { hashiya_judgement_schema_add_field (s, hashiya_field_new ("spam", NULL, HASHIYA_FIELD_SINGLE)); }
static void b_reserved_key (HashiyaJudgementSchema *s) { g_free (hashiya_judgement_schema_lookup (s, "vulgar")->key); hashiya_judgement_schema_lookup (s, "vulgar")->key = g_strdup ("j"); }
static void b_colour (HashiyaJudgementSchema *s) { HashiyaChoice *c = hashiya_field_lookup_choice (hashiya_judgement_schema_lookup (s, "target"), "race"); g_free (c->color); c->color = g_strdup ("blue"); }
static void b_text_key (HashiyaJudgementSchema *s) { HashiyaField *f = hashiya_judgement_schema_add_field (s, hashiya_field_new ("remark", NULL, HASHIYA_FIELD_TEXT)); f->key = g_strdup ("q"); }

static void
test_validation (void)
{
  struct { Breaker b; int code; const char *words; } cases[] = {
    { b_dup_field, HASHIYA_SCHEMA_ERROR_DUPLICATE, "field “vulgar” is in the schema twice" },
    { b_dup_key, HASHIYA_SCHEMA_ERROR_DUPLICATE, "key “o” of field “vulgar” is already the key of offensive" },
    { b_dup_choice, HASHIYA_SCHEMA_ERROR_DUPLICATE, "has the choice “race” twice" },
    { b_cond_unknown, HASHIYA_SCHEMA_ERROR_INVALID, "depends on “hate”, which is not a field" },
    { b_cond_value, HASHIYA_SCHEMA_ERROR_INVALID, "“hate_speech = maybe”" },
    { b_cond_later, HASHIYA_SCHEMA_ERROR_INVALID, "which comes after it" },
    { b_cond_self, HASHIYA_SCHEMA_ERROR_INVALID, "cannot depend on itself" },
    { b_builtin_kind, HASHIYA_SCHEMA_ERROR_INVALID, "field “note” is built in: its kind is text" },
    { b_builtin_choice, HASHIYA_SCHEMA_ERROR_INVALID, "not “escalate”" },
    { b_name, HASHIYA_SCHEMA_ERROR_INVALID, "“Spam” is not an identifier" },
    { b_no_choices, HASHIYA_SCHEMA_ERROR_INVALID, "needs at least one choice" },
    { b_reserved_key, HASHIYA_SCHEMA_ERROR_INVALID, "other than j, k and e" },
    { b_colour, HASHIYA_SCHEMA_ERROR_INVALID, "colour “blue” is not #rrggbb" },
    { b_text_key, HASHIYA_SCHEMA_ERROR_INVALID, "only a yes/no field has a key" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HashiyaJudgementSchema) s = hashiya_judgement_schema_preset ("osact-2022", NULL);
      g_autoptr(GError) error = NULL;

      cases[i].b (s);
      g_assert_false (hashiya_judgement_schema_validate (s, &error));
      g_assert_error (error, HASHIYA_SCHEMA_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].words) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].words);
    }
}

static void
test_values_model (void)
{
  g_autoptr(HashiyaJudgementSchema) s = hashiya_judgement_schema_preset ("osact-2022", NULL);
  g_autoptr(HashiyaJudgement) j = hashiya_judgement_new (1, 1, "amal");
  g_autoptr(HashiyaJudgement) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *canonical = NULL;

  g_assert_true (hashiya_judgement_is_empty (j));
  /* built-in names map onto the members */
  g_assert_true (hashiya_judgement_set_value (j, "hate_speech", "yes", &error));
  g_assert_cmpint (j->hate_speech, ==, 1);
  g_assert_true (hashiya_judgement_set_value (j, "sentiment", "mixed", &error));
  g_assert_cmpint (j->sentiment, ==, HASHIYA_SENTIMENT_MIXED);
  g_assert_false (hashiya_judgement_set_value (j, "decision", "maybe", &error));
  g_assert_error (error, HASHIYA_SCHEMA_ERROR, HASHIYA_SCHEMA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (hashiya_judgement_set_value (j, "sentiment", NULL, &error));
  g_assert_null (hashiya_judgement_get_value (j, "sentiment"));
  /* multi values are canonical: once each, in the schema's order */
  g_assert_true (hashiya_field_check_value (hashiya_judgement_schema_lookup (s, "target"),
                                            "religion, race,religion", &canonical, &error));
  g_assert_cmpstr (canonical, ==, "race,religion");
  g_assert_true (hashiya_judgement_set_value (j, "target", canonical, &error));
  g_assert_true (hashiya_judgement_has_choice (j, "target", "religion"));
  g_assert_false (hashiya_judgement_has_choice (j, "target", "gender"));
  g_assert_true (hashiya_judgement_schema_check_judgement (s, j, &error));
  g_assert_no_error (error);
  copy = hashiya_judgement_copy (j);
  g_assert_cmpstr (hashiya_judgement_get_value (copy, "target"), ==, "race,religion");
  /* the condition: target only when hate_speech = yes */
  j->hate_speech = 0;
  g_assert_false (hashiya_judgement_schema_check_judgement (s, j, &error));
  g_assert_error (error, HASHIYA_SCHEMA_ERROR, HASHIYA_SCHEMA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "target applies only when hate_speech = yes"));
  g_clear_error (&error);
  /* a built-in the schema lacks */
  j->hate_speech = 1;
  j->decision = HASHIYA_DECISION_REVIEW;
  g_assert_false (hashiya_judgement_schema_check_judgement (s, j, &error));
  g_assert_nonnull (strstr (error->message, "no field “decision”"));
  g_clear_error (&error);
  g_assert_false (hashiya_field_check_value (hashiya_judgement_schema_lookup (s, "target"),
                                             "race,sports", NULL, &error));
  g_assert_nonnull (strstr (error->message, "not “sports”"));
}

/* ---- the store ------------------------------------------------------------------- */

static void
assert_store_error (GError *error, int code, const char *words)
{
  g_assert_error (error, HASHIYA_STORE_ERROR, code);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
}

static void
set_basic (HashiyaStore *store, gint64 doc, int index, const char *who,
           HashiyaSentiment s, HashiyaDecision d)
{
  g_autoptr(GError) error = NULL;
  HashiyaJudgement j = { .doc_id = doc, .comment_index = index, .annotator = (char *) who,
                         .sentiment = s, .offensive = -1, .hate_speech = -1, .decision = d };

  g_assert_true (hashiya_store_set_judgement (store, &j, &error));
  g_assert_no_error (error);
}

static void
test_new_project_default (Fixture *f, gconstpointer data)
{
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(HashiyaJudgementSchema) got = hashiya_store_get_judgement_schema (store, NULL);
  g_autoptr(HashiyaJudgementSchema) want = hashiya_judgement_schema_preset_untranslated ("default");

  g_assert_true (hashiya_judgement_schema_equal (got, want));
  g_assert_true (hashiya_judgement_schema_is_default (got));
  g_assert_cmpint (hashiya_store_get_schema_version (store), ==, 5);
}

static void
test_edit_refusals (Fixture *f, gconstpointer data)
{
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaJudgementSchema) before = NULL, after = NULL;
  gint64 doc = add_article (store, "a.txt");
  guint uses = 0;

  set_basic (store, doc, 1, "amal", HASHIYA_SENTIMENT_NEGATIVE, HASHIYA_DECISION_NONE);
  before = hashiya_store_get_judgement_schema (store, NULL);

  g_assert_false (hashiya_store_apply_schema_preset (store, "osact-2022", &error));
  assert_store_error (error, HASHIYA_STORE_ERROR_IN_USE, "field “sentiment” is used by 1 judgement");
  g_clear_error (&error);
  g_assert_false (hashiya_store_schema_remove_choice (store, "sentiment", "negative", &error));
  assert_store_error (error, HASHIYA_STORE_ERROR_IN_USE, "choice “negative” of field “sentiment” is used by 1 judgement");
  g_clear_error (&error);
  g_assert_false (hashiya_store_schema_remove_field (store, "sentiment", &error));
  assert_store_error (error, HASHIYA_STORE_ERROR_IN_USE, "field “sentiment” is used");
  g_clear_error (&error);
  g_assert_false (hashiya_store_schema_rename_field (store, "sentiment", "tone", &error));
  assert_store_error (error, HASHIYA_STORE_ERROR_INVALID, "built-in");
  g_clear_error (&error);
  g_assert_false (hashiya_store_schema_set_key (store, "offensive", NULL, "h", &error));
  assert_store_error (error, HASHIYA_STORE_ERROR_DUPLICATE, "key “h” of field “hate_speech” is already the key of offensive");
  g_clear_error (&error);
  g_assert_false (hashiya_store_schema_remove_field (store, "nothing", &error));
  assert_store_error (error, HASHIYA_STORE_ERROR_NOT_FOUND, "no field “nothing”");
  g_clear_error (&error);
  /* nothing changed by the refusals */
  after = hashiya_store_get_judgement_schema (store, NULL);
  g_assert_true (hashiya_judgement_schema_equal (before, after));

  /* what is unused goes */
  g_assert_true (hashiya_store_schema_remove_choice (store, "sentiment", "mixed", &error));
  g_assert_no_error (error);
  g_assert_true (hashiya_store_schema_remove_field (store, "note", &error));
  g_assert_true (hashiya_store_schema_count_uses (store, "sentiment", "negative", &uses, &error));
  g_assert_cmpuint (uses, ==, 1);

  /* a custom multi-choice field with a condition, then its choices and keys */
  {
    g_autoptr(HashiyaField) fld = hashiya_field_new ("target", "Target", HASHIYA_FIELD_MULTI);
    g_autoptr(HashiyaChoice) gender = hashiya_choice_new ("gender", "Gender", "g", "#112233");
    g_autoptr(HashiyaJudgementSchema) s = NULL;

    hashiya_field_add_choice (fld, hashiya_choice_new ("race", NULL, "c", "#0072b2"));
    hashiya_field_add_choice (fld, hashiya_choice_new ("religion", NULL, NULL, "#009e73"));
    hashiya_field_set_condition (fld, "hate_speech", "yes");
    g_assert_true (hashiya_store_schema_add_field (store, fld, -1, &error));
    g_assert_no_error (error);
    g_assert_true (hashiya_store_schema_add_choice (store, "target", gender, &error));
    g_assert_false (hashiya_store_schema_add_choice (store, "target", gender, &error));
    assert_store_error (error, HASHIYA_STORE_ERROR_DUPLICATE, "already has a choice “gender”");
    g_clear_error (&error);
    g_assert_false (hashiya_store_schema_add_choice (store, "hate_speech", gender, &error));
    assert_store_error (error, HASHIYA_STORE_ERROR_INVALID, "only single- and multi-choice");
    g_clear_error (&error);
    /* a field cannot move before the field its condition names */
    g_assert_false (hashiya_store_schema_move_field (store, "target", 0, &error));
    assert_store_error (error, HASHIYA_STORE_ERROR_INVALID, "comes after it");
    g_clear_error (&error);
    /* a field that is a condition stays */
    g_assert_false (hashiya_store_schema_remove_field (store, "hate_speech", &error));
    assert_store_error (error, HASHIYA_STORE_ERROR_IN_USE, "condition of field “target”");
    g_clear_error (&error);
    g_assert_true (hashiya_store_schema_move_field (store, "decision", 0, &error));
    g_assert_true (hashiya_store_schema_set_choice (store, "target", "race", "العرق", "#ABCDEF", &error));
    g_assert_true (hashiya_store_schema_set_key (store, "target", "religion", "l", &error));
    g_assert_true (hashiya_store_schema_set_field_title (store, "target", "الفئة المستهدفة", &error));
    g_assert_no_error (error);
    s = hashiya_store_get_judgement_schema (store, &error);
    g_assert_cmpstr (((HashiyaField *) s->fields->pdata[0])->name, ==, "decision");
    g_assert_cmpstr (hashiya_field_lookup_choice (hashiya_judgement_schema_lookup (s, "target"), "race")->color, ==, "#abcdef");
    g_assert_cmpstr (hashiya_field_lookup_choice (hashiya_judgement_schema_lookup (s, "target"), "race")->title, ==, "العرق");
    g_assert_cmpstr (hashiya_field_lookup_choice (hashiya_judgement_schema_lookup (s, "target"), "religion")->key, ==, "l");
    g_assert_cmpstr (hashiya_judgement_schema_lookup (s, "target")->title, ==, "الفئة المستهدفة");
    g_assert_cmpuint (hashiya_judgement_schema_lookup (s, "target")->choices->len, ==, 3);
  }

  /* values of the custom field; renaming keeps them; removing is refused while they exist */
  g_assert_false (hashiya_store_set_judgement_value (store, doc, 1, "amal", "target", "race", &error));
  assert_store_error (error, HASHIYA_STORE_ERROR_INVALID, "target applies only when hate_speech = yes");
  g_clear_error (&error);
  g_assert_true (hashiya_store_set_judgement_value (store, doc, 1, "amal", "hate_speech", "yes", &error));
  g_assert_true (hashiya_store_set_judgement_value (store, doc, 1, "amal", "target", "gender,race", &error));
  g_assert_no_error (error);
  /* a choice renamed: its values follow; a built-in field's choices are fixed */
  g_assert_true (hashiya_store_schema_rename_choice (store, "target", "gender", "sex", &error));
  g_assert_no_error (error);
  g_assert_false (hashiya_store_schema_rename_choice (store, "decision", "review", "check", &error));
  assert_store_error (error, HASHIYA_STORE_ERROR_INVALID, "fixed names");
  g_clear_error (&error);
  g_assert_false (hashiya_store_schema_rename_choice (store, "target", "sex", "race", &error));
  assert_store_error (error, HASHIYA_STORE_ERROR_DUPLICATE, "already has a choice “race”");
  g_clear_error (&error);
  /* reordering the choices reorders multi values */
  g_assert_true (hashiya_store_schema_move_choice (store, "target", "sex", 0, &error));
  g_assert_no_error (error);
  {
    g_autoptr(HashiyaJudgement) j = hashiya_store_get_judgement (store, doc, 1, "amal", &error);
    g_assert_cmpstr (hashiya_judgement_get_value (j, "target"), ==, "sex,race");
  }
  g_assert_false (hashiya_store_schema_move_choice (store, "target", "sex", 9, &error));
  assert_store_error (error, HASHIYA_STORE_ERROR_INVALID, "position 9 is not 0 to 2");
  g_clear_error (&error);
  g_assert_true (hashiya_store_schema_move_choice (store, "target", "sex", 2, &error));
  g_assert_true (hashiya_store_schema_rename_choice (store, "target", "sex", "gender", &error));
  g_assert_true (hashiya_store_schema_rename_field (store, "target", "hs_target", &error));
  g_assert_no_error (error);
  {
    g_autoptr(HashiyaJudgement) j = hashiya_store_get_judgement (store, doc, 1, "amal", &error);
    g_assert_cmpstr (hashiya_judgement_get_value (j, "hs_target"), ==, "race,gender");
    g_assert_null (hashiya_judgement_get_value (j, "target"));
    g_assert_cmpint (j->sentiment, ==, HASHIYA_SENTIMENT_NEGATIVE);   /* kept by set_value */
  }
  g_assert_false (hashiya_store_schema_remove_choice (store, "hs_target", "race", &error));
  assert_store_error (error, HASHIYA_STORE_ERROR_IN_USE, "choice “race” of field “hs_target” is used by 1 judgement");
  g_clear_error (&error);
  g_assert_false (hashiya_store_schema_remove_field (store, "hs_target", &error));
  assert_store_error (error, HASHIYA_STORE_ERROR_IN_USE, "field “hs_target” is used by 1 judgement");
  g_clear_error (&error);
  g_assert_false (hashiya_store_set_judgement_value (store, doc, 1, "amal", "hs_target", "sports", &error));
  assert_store_error (error, HASHIYA_STORE_ERROR_INVALID, "not “sports”");
  g_clear_error (&error);
  g_assert_false (hashiya_store_set_judgement_value (store, doc, 1, "amal", "nope", "x", &error));
  assert_store_error (error, HASHIYA_STORE_ERROR_NOT_FOUND, "no field “nope”");
  g_clear_error (&error);
  /* unset the value: then the field can go */
  g_assert_true (hashiya_store_set_judgement_value (store, doc, 1, "amal", "hs_target", NULL, &error));
  g_assert_true (hashiya_store_schema_remove_field (store, "hs_target", &error));
  g_assert_no_error (error);
  /* clearing a judgement takes its custom values with it (foreign key cascade) */
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM judgement_values"), ==, 0);
}

static void
test_custom_values_and_clear (Fixture *f, gconstpointer data)
{
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(GError) error = NULL;
  gint64 doc = add_article (store, "a.txt");

  g_assert_true (hashiya_store_apply_schema_preset (store, "osact-2022", &error));
  g_assert_no_error (error);
  {
    g_autoptr(HashiyaJudgement) j = hashiya_judgement_new (doc, 2, "badr");
    g_autoptr(GPtrArray) list = NULL;

    g_assert_true (hashiya_judgement_set_value (j, "hate_speech", "yes", NULL));
    g_assert_true (hashiya_judgement_set_value (j, "target", "religion,gender", NULL));
    g_assert_true (hashiya_judgement_set_value (j, "vulgar", "no", NULL));
    g_assert_true (hashiya_store_set_judgement (store, j, &error));
    g_assert_no_error (error);
    list = hashiya_store_list_judgements (store, doc, &error);
    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpstr (hashiya_judgement_get_value (list->pdata[0], "target"), ==, "religion,gender");
    g_assert_cmpstr (hashiya_judgement_get_value (list->pdata[0], "vulgar"), ==, "no");
    g_assert_cmpstr (hashiya_judgement_get_value (list->pdata[0], "hate_speech"), ==, "yes");
    /* a built-in the osact schema lacks is refused, nothing saved */
    j->decision = HASHIYA_DECISION_APPROVE;
    g_assert_false (hashiya_store_set_judgement (store, j, &error));
    assert_store_error (error, HASHIYA_STORE_ERROR_INVALID, "no field “decision”");
    g_clear_error (&error);
  }
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM judgement_values"), ==, 3);
  g_assert_true (hashiya_store_clear_judgement (store, doc, 2, "badr", &error));
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM judgement_values"), ==, 0);
  /* a preset with unused fields can replace it again */
  g_assert_true (hashiya_store_apply_schema_preset (store, "l-hsab", &error));
  g_assert_no_error (error);
}

/* ---- reply links ------------------------------------------------------------------ */

static void
test_parent (Fixture *f, gconstpointer data)
{
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(GError) error = NULL;
  gint64 doc = add_article (store, "a.txt");
  g_autoptr(GArray) segs = NULL;

  g_assert_true (hashiya_store_set_comment_parent (store, doc, 2, 1, &error));
  g_assert_true (hashiya_store_set_comment_parent (store, doc, 3, 2, &error));
  g_assert_no_error (error);
  g_assert_false (hashiya_store_set_comment_parent (store, doc, 1, 2, &error));
  assert_store_error (error, HASHIYA_STORE_ERROR_INVALID, "an earlier comment");
  g_clear_error (&error);
  g_assert_false (hashiya_store_set_comment_parent (store, doc, 2, 2, &error));
  assert_store_error (error, HASHIYA_STORE_ERROR_INVALID, "cycle");
  g_clear_error (&error);
  g_assert_false (hashiya_store_set_comment_parent (store, doc, 9, 1, &error));
  assert_store_error (error, HASHIYA_STORE_ERROR_NOT_FOUND, "has no comment 9");
  g_clear_error (&error);
  segs = hashiya_store_get_segments (store, doc, &error);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 2).parent_index, ==, 0);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 4).parent_index, ==, 1);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 5).parent_index, ==, 2);
  g_clear_pointer (&segs, g_array_unref);

  /* the first comment stops being one: comments renumber, links follow, a link to it goes */
  g_assert_true (hashiya_store_set_segment_kind (store, doc, 2, HASHIYA_SEGMENT_PARAGRAPH, &error));
  g_assert_no_error (error);
  segs = hashiya_store_get_segments (store, doc, &error);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 4).comment_index, ==, 1);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 4).parent_index, ==, 0);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 5).comment_index, ==, 2);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 5).parent_index, ==, 1);
  g_clear_pointer (&segs, g_array_unref);
  g_assert_true (hashiya_store_set_comment_parent (store, doc, 2, 0, &error));
  segs = hashiya_store_get_segments (store, doc, &error);
  g_assert_cmpint (g_array_index (segs, HashiyaSegment, 5).parent_index, ==, 0);

  /* add_document keeps links and refuses one to a later comment */
  {
    HashiyaSegment s[] = {
      seg (HASHIYA_SEGMENT_COMMENT, "تعليق أول"),
      seg (HASHIYA_SEGMENT_COMMENT, "تعليق ثاني"),
    };
    g_autofree char *text = NULL;
    gint64 id;

    s[0].parent_index = 2;
    g_assert_cmpint (hashiya_store_add_document (store, "b.txt", article, -1, NULL, s, 2, NULL, &error), ==, 0);
    assert_store_error (error, HASHIYA_STORE_ERROR_INVALID, "not an earlier comment");
    g_clear_error (&error);
    s[0].parent_index = 0;
    s[1].parent_index = 1;
    text = g_strconcat (article, "!", NULL);
    id = hashiya_store_add_document (store, "b.txt", text, -1, NULL, s, 2, NULL, &error);
    g_assert_no_error (error);
    g_clear_pointer (&segs, g_array_unref);
    segs = hashiya_store_get_segments (store, id, &error);
    g_assert_cmpint (g_array_index (segs, HashiyaSegment, 1).parent_index, ==, 1);
  }
}

/* custom values key on the comment number too: they follow a renumbering */
static void
test_values_follow_renumbering (Fixture *f, gconstpointer data)
{
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(GError) error = NULL;
  gint64 doc = add_article (store, "a.txt");

  g_assert_true (hashiya_store_apply_schema_preset (store, "osact-2022", &error));
  g_assert_true (hashiya_store_set_judgement_value (store, doc, 3, "amal", "hate_speech", "yes", &error));
  g_assert_true (hashiya_store_set_judgement_value (store, doc, 3, "amal", "target", "gender,race", &error));
  g_assert_true (hashiya_store_set_judgement_value (store, doc, 2, "amal", "vulgar", "yes", &error));
  g_assert_no_error (error);
  /* the first comment's segment becomes a paragraph: comments 2 and 3 become 1 and 2 */
  g_assert_true (hashiya_store_set_segment_kind (store, doc, 2, HASHIYA_SEGMENT_PARAGRAPH, &error));
  g_assert_no_error (error);
  {
    g_autoptr(HashiyaJudgement) a = hashiya_store_get_judgement (store, doc, 2, "amal", &error);
    g_autoptr(HashiyaJudgement) b = hashiya_store_get_judgement (store, doc, 1, "amal", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (hashiya_judgement_get_value (a, "target"), ==, "race,gender");
    g_assert_cmpstr (hashiya_judgement_get_value (b, "vulgar"), ==, "yes");
    g_assert_null (hashiya_judgement_get_value (b, "target"));
  }
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM judgement_values"), ==, 3);
  g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM judgement_values WHERE comment_index > 2"), ==, 0);
}

/* ---- migration of every fixture -------------------------------------------------- */

static void
test_migrate_fixtures (Fixture *f, gconstpointer data)
{
  const char *dir = g_getenv ("HASHIYA_TEST_DATA");
  const char *names[] = { "team-v1.hashiya", "corpus-v2.hashiya", "suggest-v2.hashiya",
                          "schema-v4.hashiya" };

  if (dir == NULL)
    {
      g_test_skip ("HASHIYA_TEST_DATA is not set");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *fixture = g_build_filename (dir, names[i], NULL);
      g_autoptr(GBytes) bytes = file_bytes (fixture);
      g_autoptr(GError) error = NULL;
      g_autofree char *before = NULL, *after = NULL;
      const char *dump = "SELECT group_concat(doc_id || '/' || comment_index || '/' || annotator_id || '/' "
                         "|| ifnull(sentiment, '-') || '/' || ifnull(offensive, '-') || '/' "
                         "|| ifnull(hate_speech, '-') || '/' || ifnull(decision, '-') || '/' "
                         "|| ifnull(note, '-'), ';') FROM (SELECT * FROM judgements "
                         "ORDER BY doc_id, comment_index, annotator_id)";
      gint64 n_before;

      g_unlink (f->path);
      write_bytes (f->path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), <, 5);
      n_before = raw_int (f->path, "SELECT count(*) FROM judgements");
      {
        sqlite3 *db = NULL;
        sqlite3_stmt *st = NULL;
        g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
        sqlite3_prepare_v2 (db, dump, -1, &st, NULL);
        g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
        before = g_strdup ((const char *) sqlite3_column_text (st, 0));
        sqlite3_finalize (st);
        sqlite3_close (db);
      }
      {
        g_autoptr(HashiyaStore) store = hashiya_store_open (f->path, FALSE, &error);
        g_autoptr(HashiyaJudgementSchema) got = NULL;
        g_autoptr(HashiyaJudgementSchema) want = hashiya_judgement_schema_preset_untranslated ("default");
        g_autoptr(GPtrArray) docs = NULL;

        g_assert_no_error (error);
        got = hashiya_store_get_judgement_schema (store, &error);
        g_assert_no_error (error);
        g_assert_true (hashiya_judgement_schema_equal (got, want));
        docs = hashiya_store_list_documents (store, &error);
        /* every judgement reads back valid under the migrated schema */
        for (guint d = 0; d < docs->len; d++)
          {
            g_autoptr(GPtrArray) js = hashiya_store_list_judgements (store, ((HashiyaDocument *) docs->pdata[d])->id, &error);
            g_assert_no_error (error);
            for (guint k = 0; k < js->len; k++)
              {
                g_assert_true (hashiya_judgement_schema_check_judgement (got, js->pdata[k], &error));
                g_assert_no_error (error);
              }
          }
      }
      g_assert_cmpint (raw_int (f->path, "PRAGMA user_version"), ==, HASHIYA_STORE_SCHEMA_VERSION);
      g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM judgements"), ==, n_before);
      g_assert_cmpint (raw_int (f->path, "SELECT count(*) FROM segments WHERE parent IS NOT NULL"), ==, 0);
      {
        sqlite3 *db = NULL;
        sqlite3_stmt *st = NULL;
        g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
        sqlite3_prepare_v2 (db, dump, -1, &st, NULL);
        g_assert_cmpint (sqlite3_step (st), ==, SQLITE_ROW);
        after = g_strdup ((const char *) sqlite3_column_text (st, 0));
        sqlite3_finalize (st);
        sqlite3_close (db);
      }
      g_assert_cmpstr (before, ==, after);
      if (g_str_equal (names[i], "schema-v4.hashiya"))
        {
          g_autoptr(HashiyaStore) store = hashiya_store_open (f->path, FALSE, &error);
          g_autoptr(HashiyaJudgement) j = hashiya_store_get_judgement (store, 1, 1, "amal", &error);

          g_assert_cmpint (n_before, ==, 6);
          g_assert_nonnull (j);
          g_assert_cmpstr (hashiya_judgement_get_value (j, "sentiment"), ==, "negative");
          g_assert_cmpstr (hashiya_judgement_get_value (j, "hate_speech"), ==, "yes");
          g_assert_cmpstr (hashiya_judgement_get_value (j, "decision"), ==, "reject");
          g_assert_cmpstr (hashiya_judgement_get_value (j, "note"), ==, "ملاحظة أولى");
        }
    }
}

/* ---- the --where language -------------------------------------------------------- */

static void
test_filter_errors (void)
{
  struct { const char *expr; int offset; const char *words; } cases[] = {
    { "decision=", 9, "expected a value" },
    { "decision review", 9, "expected “=”, “!=” or “is unset”" },
    { "(decision=review", 16, "not closed" },
    { "decision=review and", 19, "the expression ends" },
    { "decision=review)", 15, "has no “(”" },
    { "note=\"abc", 5, "no closing quote" },
    { "=x", 0, "expected a field name" },
    { "decision=rev@", 12, "unexpected “@”" },
    { "ملاحظة=x", 0, "not a field name" },
    { "note=\"ب\" and", 12, "the expression ends" },
    { "decision is maybe", 12, "expected “set” or “unset”" },
    { "a=b c=d", 4, "expected “and”, “or”" },
    { "", 0, "the expression ends" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *prefix = g_strdup_printf ("at character %d: ", cases[i].offset + 1);
      int offset = -1;

      g_assert_null (hashiya_judgement_filter_parse (cases[i].expr, &offset, &error));
      g_assert_error (error, HASHIYA_FILTER_ERROR, HASHIYA_FILTER_ERROR_PARSE);
      if (offset != cases[i].offset || !g_str_has_prefix (error->message, prefix)
          || strstr (error->message, cases[i].words) == NULL)
        g_error ("“%s”: offset %d, “%s” (expected %d, “%s”)", cases[i].expr, offset,
                 error->message, cases[i].offset, cases[i].words);
    }
  /* checked against a schema */
  {
    g_autoptr(HashiyaJudgementSchema) s = hashiya_judgement_schema_preset ("osact-2022", NULL);
    g_autoptr(HashiyaJudgementFilter) a = hashiya_judgement_filter_parse ("offensive=yes and decision=review", NULL, NULL);
    g_autoptr(HashiyaJudgementFilter) b = hashiya_judgement_filter_parse ("target=sports", NULL, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_false (hashiya_judgement_filter_check (a, s, &error));
    g_assert_error (error, HASHIYA_FILTER_ERROR, HASHIYA_FILTER_ERROR_FIELD);
    g_assert_true (g_str_has_prefix (error->message, "at character 19: "));
    g_clear_error (&error);
    g_assert_false (hashiya_judgement_filter_check (b, s, &error));
    g_assert_error (error, HASHIYA_FILTER_ERROR, HASHIYA_FILTER_ERROR_VALUE);
    g_assert_nonnull (strstr (error->message, "race, religion"));
  }
  /* precedence and normal form */
  {
    g_autoptr(HashiyaJudgementFilter) p =
      hashiya_judgement_filter_parse ("a=x or b!=\"y z\" AND not (c is unset)", NULL, NULL);
    g_autofree char *s = hashiya_judgement_filter_to_string (p);
    g_assert_cmpstr (s, ==, "(a=\"x\" or (b!=\"y z\" and not c is unset))");
  }
}

/* ---- the queue against a brute-force computation ---------------------------------- */

#define N_DOCS 6
#define N_ANN 3
static const char *annotators[N_ANN] = { "amal", "badr", "chadi" };
static const char *targets[] = { "race", "religion", "ideology", "disability", "social_class", "gender" };

/* What the test itself remembers of each judgement: -1 unset, else the value. */
typedef struct
{
  gboolean present;
  int offensive, hate, vulgar, violence;
  guint target_mask;   /* bit i = targets[i] */
} Rec;

typedef gboolean (*Pred) (const Rec *r);   /* r NULL = no judgement */

static gboolean p_dec_off (const Rec *r) { return r && r->offensive == 1; }
static gboolean p_off_and_hate (const Rec *r) { return r && r->offensive == 1 && r->hate == 1; }
static gboolean p_religion (const Rec *r) { return r && (r->target_mask & 2); }
static gboolean p_not_religion (const Rec *r) { return !(r && (r->target_mask & 2)); }
static gboolean p_vulgar_unset (const Rec *r) { return !r || r->vulgar < 0; }
static gboolean p_or (const Rec *r) { return r && (r->violence == 1 || (r->vulgar == 0 && r->offensive != 1)); }

static void
test_queue_brute_force (Fixture *f, gconstpointer data)
{
  g_autoptr(HashiyaStore) store = open_new (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = NULL;
  guint32 seed = g_test_rand_int ();
  Rec recs[N_DOCS][4][N_ANN];   /* 3 comments per article */
  gint64 docs[N_DOCS];
  struct { const char *expr; Pred pred; } wheres[] = {
    { NULL, NULL },
    { "offensive=yes", p_dec_off },
    { "offensive=yes and hate_speech=yes", p_off_and_hate },
    { "target=religion", p_religion },
    { "target!=religion", p_not_religion },
    { "vulgar is unset", p_vulgar_unset },
    { "violence=yes or (vulgar=no and offensive!=yes)", p_or },
  };

  g_test_message ("seed %u", seed);
  rand = g_rand_new_with_seed (seed);
  memset (recs, 0, sizeof recs);
  g_assert_true (hashiya_store_apply_schema_preset (store, "osact-2022", &error));
  for (int d = 0; d < N_DOCS; d++)
    {
      g_autofree char *name = g_strdup_printf ("doc%d.txt", d);
      /* a distinct text per document (the store refuses duplicates) */
      g_autofree char *text = g_strdup_printf ("%s%d\n", article, d);
      HashiyaSegment segs[] = {
        seg (HASHIYA_SEGMENT_TITLE, "عنوان الخبر"),
        seg (HASHIYA_SEGMENT_COMMENT, "تعليق أول"),
        seg (HASHIYA_SEGMENT_COMMENT, "تعليق ثاني"),
        seg (HASHIYA_SEGMENT_COMMENT, "تعليق ثالث"),
      };
      docs[d] = hashiya_store_add_document (store, name, text, -1, NULL, segs, 4, NULL, &error);
      g_assert_no_error (error);
      for (int c = 1; c <= 3; c++)
        for (int a = 0; a < N_ANN; a++)
          {
            Rec *r = &recs[d][c][a];
            g_autoptr(HashiyaJudgement) j = NULL;

            if (g_rand_int_range (rand, 0, 3) == 0)
              continue;
            j = hashiya_judgement_new (docs[d], c, annotators[a]);
            r->present = TRUE;
            r->offensive = g_rand_int_range (rand, -1, 2);
            r->hate = g_rand_int_range (rand, -1, 2);
            r->vulgar = g_rand_int_range (rand, -1, 2);
            r->violence = g_rand_int_range (rand, -1, 2);
            r->target_mask = r->hate == 1 ? g_rand_int_range (rand, 0, 64) : 0;
            j->offensive = r->offensive;
            j->hate_speech = r->hate;
            if (r->vulgar >= 0)
              hashiya_judgement_set_value (j, "vulgar", r->vulgar ? "yes" : "no", NULL);
            if (r->violence >= 0)
              hashiya_judgement_set_value (j, "violence", r->violence ? "yes" : "no", NULL);
            if (r->target_mask)
              {
                g_autoptr(GString) t = g_string_new (NULL);
                for (int k = 0; k < 6; k++)
                  if (r->target_mask & (1u << k))
                    g_string_append_printf (t, "%s%s", t->len ? "," : "", targets[k]);
                hashiya_judgement_set_value (j, "target", t->str, NULL);
              }
            if (hashiya_judgement_is_empty (j))
              {
                r->present = FALSE;
                continue;
              }
            g_assert_true (hashiya_store_set_judgement (store, j, &error));
            g_assert_no_error (error);
          }
    }

  for (int state = HASHIYA_QUEUE_ALL; state <= HASHIYA_QUEUE_DISAGREEMENTS; state++)
    for (guint w = 0; w < G_N_ELEMENTS (wheres); w++)
      {
        g_autoptr(HashiyaJudgementFilter) filter = NULL;
        g_autoptr(GPtrArray) items = NULL;
        g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (int));
        HashiyaQueueQuery q = { .state = state, .annotator = "badr" };
        guint total = 0;

        if (wheres[w].expr != NULL)
          {
            filter = hashiya_judgement_filter_parse (wheres[w].expr, NULL, &error);
            g_assert_no_error (error);
            q.where = filter;
          }
        for (int d = 0; d < N_DOCS; d++)
          for (int c = 1; c <= 3; c++)
            {
              gboolean any = FALSE, mine = recs[d][c][1].present, others = FALSE, disagree = FALSE;
              gboolean pass, tested = FALSE, matched = FALSE;
              const Rec *first = NULL;

              for (int a = 0; a < N_ANN; a++)
                {
                  const Rec *r = &recs[d][c][a];
                  if (!r->present)
                    continue;
                  any = TRUE;
                  if (a != 1)
                    others = TRUE;
                  if (first == NULL)
                    first = r;
                  else if (first->offensive != r->offensive || first->hate != r->hate
                           || first->vulgar != r->vulgar || first->violence != r->violence
                           || first->target_mask != r->target_mask)
                    disagree = TRUE;
                }
              pass = state == HASHIYA_QUEUE_ALL || (state == HASHIYA_QUEUE_UNJUDGED && !any)
                     || (state == HASHIYA_QUEUE_MINE && mine) || (state == HASHIYA_QUEUE_OTHERS && others)
                     || (state == HASHIYA_QUEUE_DISAGREEMENTS && disagree);
              if (pass && wheres[w].pred != NULL)
                {
                  for (int a = 0; a < N_ANN; a++)
                    {
                      const Rec *r = &recs[d][c][a];
                      if (!r->present || (state == HASHIYA_QUEUE_MINE && a != 1)
                          || (state == HASHIYA_QUEUE_OTHERS && a == 1))
                        continue;
                      tested = TRUE;
                      matched = matched || wheres[w].pred (r);
                    }
                  pass = tested ? matched : wheres[w].pred (NULL);
                }
              if (pass)
                {
                  int key = d * 10 + c;
                  g_array_append_val (expected, key);
                }
            }
        items = hashiya_store_query_comments (store, &q, &total, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (total, ==, expected->len);
        g_assert_cmpuint (items->len, ==, expected->len);
        for (guint i = 0; i < items->len; i++)
          {
            HashiyaQueueItem *it = items->pdata[i];
            int key = g_array_index (expected, int, i);
            g_assert_cmpint (it->doc_id, ==, docs[key / 10]);
            g_assert_cmpint (it->comment_index, ==, key % 10);
          }
        /* paging: a window of the same list, the same total */
        if (expected->len > 2)
          {
            g_autoptr(GPtrArray) page = NULL;
            guint t2 = 0;
            q.offset = 1;
            q.limit = 2;
            page = hashiya_store_query_comments (store, &q, &t2, &error);
            g_assert_no_error (error);
            g_assert_cmpuint (t2, ==, expected->len);
            g_assert_cmpuint (page->len, ==, 2);
            g_assert_cmpint (((HashiyaQueueItem *) page->pdata[0])->comment_index, ==,
                             ((HashiyaQueueItem *) items->pdata[1])->comment_index);
            g_assert_cmpint (((HashiyaQueueItem *) page->pdata[1])->doc_id, ==,
                             ((HashiyaQueueItem *) items->pdata[2])->doc_id);
          }
      }
  /* the excerpt is the comment's text */
  {
    HashiyaQueueQuery q = { .state = HASHIYA_QUEUE_ALL, .limit = 1 };
    g_autoptr(GPtrArray) items = hashiya_store_query_comments (store, &q, NULL, &error);
    g_assert_cmpstr (((HashiyaQueueItem *) items->pdata[0])->text, ==, "تعليق أول");
  }
  /* a where naming a field the schema lacks is an error */
  {
    g_autoptr(HashiyaJudgementFilter) bad = hashiya_judgement_filter_parse ("decision=review", NULL, NULL);
    HashiyaQueueQuery q = { .where = bad };
    g_assert_null (hashiya_store_query_comments (store, &q, NULL, &error));
    g_assert_error (error, HASHIYA_FILTER_ERROR, HASHIYA_FILTER_ERROR_FIELD);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/schema/presets", test_presets);
  g_test_add_func ("/schema/validation", test_validation);
  g_test_add_func ("/schema/values-model", test_values_model);
  g_test_add_func ("/schema/filter-errors", test_filter_errors);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/schema/store/new-project-default", test_new_project_default);
  ADD ("/schema/store/edit-refusals", test_edit_refusals);
  ADD ("/schema/store/custom-values", test_custom_values_and_clear);
  ADD ("/schema/store/parent", test_parent);
  ADD ("/schema/store/values-follow-renumbering", test_values_follow_renumbering);
  ADD ("/schema/store/migrate-fixtures", test_migrate_fixtures);
  ADD ("/schema/store/queue-brute-force", test_queue_brute_force);
  return g_test_run ();
}
