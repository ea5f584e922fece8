/* hashiya-judgement-schema.c: judgement schemas: fields, choices, conditions, presets, validation
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-judgement-schema.h"

#include <string.h>
#include <glib/gi18n-lib.h>

static const char * const kind_names[] = { "single", "multi", "yesno", "text" };

const char *
hashiya_field_kind_to_string (HashiyaFieldKind kind)
{
  if ((int) kind < 0 || (gsize) kind >= G_N_ELEMENTS (kind_names))
    return NULL;
  return kind_names[kind];
}

gboolean
hashiya_field_kind_from_string (const char       *str,
                                HashiyaFieldKind *kind)
{
  if (str == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_ascii_strcasecmp (str, kind_names[i]) == 0)
      {
        if (kind)
          *kind = i;
        return TRUE;
      }
  if (g_ascii_strcasecmp (str, "yes/no") == 0 || g_ascii_strcasecmp (str, "yes-no") == 0)
    {
      if (kind)
        *kind = HASHIYA_FIELD_YESNO;
      return TRUE;
    }
  return FALSE;
}

/* ---- values ---------------------------------------------------------------- */

HashiyaChoice *
hashiya_choice_new (const char *name,
                    const char *title,
                    const char *key,
                    const char *color)
{
  HashiyaChoice *c = g_new0 (HashiyaChoice, 1);

  c->name = g_strdup (name);
  c->title = g_strdup (title != NULL && *title != '\0' ? title : name);
  c->key = key != NULL && *key != '\0' ? g_strdup (key) : NULL;
  c->color = g_strdup (color != NULL ? color : "#999999");
  return c;
}

HashiyaChoice *
hashiya_choice_copy (const HashiyaChoice *choice)
{
  return hashiya_choice_new (choice->name, choice->title, choice->key, choice->color);
}

void
hashiya_choice_free (HashiyaChoice *choice)
{
  if (choice == NULL)
    return;
  g_free (choice->name);
  g_free (choice->title);
  g_free (choice->key);
  g_free (choice->color);
  g_free (choice);
}

HashiyaField *
hashiya_field_new (const char       *name,
                   const char       *title,
                   HashiyaFieldKind  kind)
{
  HashiyaField *f = g_new0 (HashiyaField, 1);

  f->name = g_strdup (name);
  f->title = g_strdup (title != NULL && *title != '\0' ? title : name);
  f->kind = kind;
  f->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_choice_free);
  return f;
}

HashiyaField *
hashiya_field_copy (const HashiyaField *field)
{
  HashiyaField *f = hashiya_field_new (field->name, field->title, field->kind);

  for (guint i = 0; i < field->choices->len; i++)
    g_ptr_array_add (f->choices, hashiya_choice_copy (g_ptr_array_index (field->choices, i)));
  f->key = g_strdup (field->key);
  hashiya_field_set_condition (f, field->when_field, field->when_value);
  return f;
}

void
hashiya_field_free (HashiyaField *field)
{
  if (field == NULL)
    return;
  g_free (field->name);
  g_free (field->title);
  g_ptr_array_unref (field->choices);
  g_free (field->key);
  g_free (field->when_field);
  g_free (field->when_value);
  g_free (field);
}

HashiyaChoice *
hashiya_field_add_choice (HashiyaField  *field,
                          HashiyaChoice *choice)
{
  g_ptr_array_add (field->choices, choice);
  return choice;
}

int
hashiya_field_choice_index (const HashiyaField *field,
                            const char         *name)
{
  if (name == NULL)
    return -1;
  for (guint i = 0; i < field->choices->len; i++)
    if (g_str_equal (((HashiyaChoice *) g_ptr_array_index (field->choices, i))->name, name))
      return i;
  return -1;
}

HashiyaChoice *
hashiya_field_lookup_choice (const HashiyaField *field,
                             const char         *name)
{
  int i = hashiya_field_choice_index (field, name);

  return i < 0 ? NULL : g_ptr_array_index (field->choices, i);
}

void
hashiya_field_set_condition (HashiyaField *field,
                             const char   *when_field,
                             const char   *when_value)
{
  g_free (field->when_field);
  g_free (field->when_value);
  field->when_field = when_field != NULL ? g_strdup (when_field) : NULL;
  field->when_value = when_field != NULL ? g_strdup (when_value) : NULL;
}

HashiyaJudgementSchema *
hashiya_judgement_schema_new (void)
{
  HashiyaJudgementSchema *s = g_new0 (HashiyaJudgementSchema, 1);

  s->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_field_free);
  return s;
}

HashiyaJudgementSchema *
hashiya_judgement_schema_copy (const HashiyaJudgementSchema *schema)
{
  HashiyaJudgementSchema *s = hashiya_judgement_schema_new ();

  for (guint i = 0; i < schema->fields->len; i++)
    g_ptr_array_add (s->fields, hashiya_field_copy (g_ptr_array_index (schema->fields, i)));
  return s;
}

void
hashiya_judgement_schema_free (HashiyaJudgementSchema *schema)
{
  if (schema == NULL)
    return;
  g_ptr_array_unref (schema->fields);
  g_free (schema);
}

static gboolean
choice_equal (const HashiyaChoice *a,
              const HashiyaChoice *b)
{
  return g_strcmp0 (a->name, b->name) == 0 && g_strcmp0 (a->title, b->title) == 0
         && g_strcmp0 (a->key, b->key) == 0 && g_strcmp0 (a->color, b->color) == 0;
}

gboolean
hashiya_judgement_schema_equal (const HashiyaJudgementSchema *a,
                                const HashiyaJudgementSchema *b)
{
  if (a->fields->len != b->fields->len)
    return FALSE;
  for (guint i = 0; i < a->fields->len; i++)
    {
      const HashiyaField *fa = g_ptr_array_index (a->fields, i);
      const HashiyaField *fb = g_ptr_array_index (b->fields, i);

      if (g_strcmp0 (fa->name, fb->name) != 0 || g_strcmp0 (fa->title, fb->title) != 0
          || fa->kind != fb->kind || g_strcmp0 (fa->key, fb->key) != 0
          || g_strcmp0 (fa->when_field, fb->when_field) != 0
          || g_strcmp0 (fa->when_value, fb->when_value) != 0
          || fa->choices->len != fb->choices->len)
        return FALSE;
      for (guint c = 0; c < fa->choices->len; c++)
        if (!choice_equal (g_ptr_array_index (fa->choices, c), g_ptr_array_index (fb->choices, c)))
          return FALSE;
    }
  return TRUE;
}

HashiyaField *
hashiya_judgement_schema_add_field (HashiyaJudgementSchema *schema,
                                    HashiyaField           *field)
{
  g_ptr_array_add (schema->fields, field);
  return field;
}

int
hashiya_judgement_schema_field_index (const HashiyaJudgementSchema *schema,
                                      const char                   *name)
{
  if (name == NULL)
    return -1;
  for (guint i = 0; i < schema->fields->len; i++)
    if (g_str_equal (((HashiyaField *) g_ptr_array_index (schema->fields, i))->name, name))
      return i;
  return -1;
}

HashiyaField *
hashiya_judgement_schema_lookup (const HashiyaJudgementSchema *schema,
                                 const char                   *name)
{
  int i = hashiya_judgement_schema_field_index (schema, name);

  return i < 0 ? NULL : g_ptr_array_index (schema->fields, i);
}

/* ---- presets --------------------------------------------------------------- */

/* Okabe–Ito, the palette the labels use */
#define C_BLUE    "#0072b2"
#define C_GREEN   "#009e73"
#define C_ORANGE  "#e69f00"
#define C_PINK    "#cc79a7"
#define C_YELLOW  "#f0e442"
#define C_SKY     "#56b4e9"
#define C_RED     "#d55e00"
#define C_GREY    "#999999"

typedef struct
{
  const char *name, *title, *key, *color;
} ChoiceDef;

static HashiyaJudgementSchema *preset_build (const char *name, gboolean translate, GError **error);

static HashiyaField *
add (HashiyaJudgementSchema *s,
     const char             *name,
     const char             *title,
     HashiyaFieldKind        kind,
     const char             *key,
     const ChoiceDef        *choices)
{
  HashiyaField *f = hashiya_judgement_schema_add_field (s, hashiya_field_new (name, title, kind));

  f->key = g_strdup (key);
  for (const ChoiceDef *c = choices; c != NULL && c->name != NULL; c++)
    hashiya_field_add_choice (f, hashiya_choice_new (c->name, c->title, c->key, c->color));
  return f;
}

static const ChoiceDef sentiment_choices[] = {
  { "positive", N_("Positive"), "p", C_GREEN }, { "negative", N_("Negative"), "n", C_RED },
  { "neutral", N_("Neutral"), "u", C_GREY }, { "mixed", N_("Mixed"), "m", C_PINK }, { NULL },
};

static HashiyaJudgementSchema *
preset_default (void)
{
  static const ChoiceDef decision[] = {
    { "approve", N_("Approve"), "a", C_GREEN }, { "review", N_("Review"), "v", C_ORANGE },
    { "reject", N_("Reject"), "r", C_RED }, { NULL },
  };
  HashiyaJudgementSchema *s = hashiya_judgement_schema_new ();

  add (s, "sentiment", N_("Sentiment"), HASHIYA_FIELD_SINGLE, NULL, sentiment_choices);
  add (s, "offensive", N_("Offensive"), HASHIYA_FIELD_YESNO, "o", NULL);
  add (s, "hate_speech", N_("Hate speech"), HASHIYA_FIELD_YESNO, "h", NULL);
  add (s, "decision", N_("Decision"), HASHIYA_FIELD_SINGLE, NULL, decision);
  add (s, "note", N_("Note"), HASHIYA_FIELD_TEXT, NULL, NULL);
  return s;
}

static HashiyaJudgementSchema *
preset_osact (void)
{
  static const ChoiceDef target[] = {
    { "race", N_("Race"), "r", C_BLUE }, { "religion", N_("Religion"), "l", C_GREEN },
    { "ideology", N_("Ideology"), "i", C_ORANGE }, { "disability", N_("Disability"), "d", C_PINK },
    { "social_class", N_("Social class"), "s", C_SKY }, { "gender", N_("Gender"), "g", C_RED },
    { NULL },
  };
  HashiyaJudgementSchema *s = hashiya_judgement_schema_new ();
  HashiyaField *f;

  add (s, "offensive", N_("Offensive"), HASHIYA_FIELD_YESNO, "o", NULL);
  add (s, "hate_speech", N_("Hate speech"), HASHIYA_FIELD_YESNO, "h", NULL);
  f = add (s, "target", N_("Hate speech target"), HASHIYA_FIELD_MULTI, NULL, target);
  hashiya_field_set_condition (f, "hate_speech", "yes");
  add (s, "vulgar", N_("Vulgar"), HASHIYA_FIELD_YESNO, "u", NULL);
  add (s, "violence", N_("Violence"), HASHIYA_FIELD_YESNO, "v", NULL);
  return s;
}

static HashiyaJudgementSchema *
preset_lhsab (void)
{
  static const ChoiceDef classes[] = {
    { "normal", N_("Normal"), "n", C_GREEN }, { "abusive", N_("Abusive"), "a", C_ORANGE },
    { "hate", N_("Hate"), "h", C_RED }, { NULL },
  };
  HashiyaJudgementSchema *s = hashiya_judgement_schema_new ();

  add (s, "class", N_("Class"), HASHIYA_FIELD_SINGLE, NULL, classes);
  return s;
}

static HashiyaJudgementSchema *
preset_arsarcasm (void)
{
  static const ChoiceDef sentiment[] = {
    { "positive", N_("Positive"), "p", C_GREEN }, { "negative", N_("Negative"), "n", C_RED },
    { "neutral", N_("Neutral"), "u", C_GREY }, { NULL },
  };
  static const ChoiceDef dialect[] = {
    { "msa", N_("Modern Standard Arabic"), "m", C_BLUE },
    { "egyptian", N_("Egyptian"), "g", C_ORANGE }, { "gulf", N_("Gulf"), "f", C_SKY },
    { "levantine", N_("Levantine"), "l", C_GREEN }, { "maghrebi", N_("Maghrebi"), "b", C_PINK },
    { NULL },
  };
  HashiyaJudgementSchema *s = hashiya_judgement_schema_new ();

  add (s, "sarcasm", N_("Sarcasm"), HASHIYA_FIELD_YESNO, "s", NULL);
  add (s, "sentiment", N_("Sentiment"), HASHIYA_FIELD_SINGLE, NULL, sentiment);
  add (s, "dialect", N_("Dialect"), HASHIYA_FIELD_SINGLE, NULL, dialect);
  return s;
}

static const char * const preset_names[] = { "default", "osact-2022", "l-hsab", "arsarcasm", NULL };

const char * const *
hashiya_judgement_schema_preset_names (void)
{
  return preset_names;
}

HashiyaJudgementSchema *
hashiya_judgement_schema_preset (const char  *name,
                                 GError     **error)
{
  return preset_build (name, TRUE, error);
}

HashiyaJudgementSchema *
hashiya_judgement_schema_preset_untranslated (const char *name)
{
  return preset_build (name, FALSE, NULL);
}

static HashiyaJudgementSchema *
preset_build (const char  *name,
              gboolean     translate,
              GError     **error)
{
  HashiyaJudgementSchema *s = NULL;

  if (g_strcmp0 (name, "default") == 0)
    s = preset_default ();
  else if (g_strcmp0 (name, "osact-2022") == 0)
    s = preset_osact ();
  else if (g_strcmp0 (name, "l-hsab") == 0)
    s = preset_lhsab ();
  else if (g_strcmp0 (name, "arsarcasm") == 0)
    s = preset_arsarcasm ();
  if (s == NULL)
    {
      g_autofree char *all = g_strjoinv (", ", (char **) preset_names);

      g_set_error (error, HASHIYA_SCHEMA_ERROR, HASHIYA_SCHEMA_ERROR_NOT_FOUND,
                   _("no schema preset “%s” (the presets are %s)"), name, all);
      return NULL;
    }
  /* the preset titles are marked N_() in the tables above: translate them now */
  for (guint i = 0; translate && i < s->fields->len; i++)
    {
      HashiyaField *f = g_ptr_array_index (s->fields, i);
      char *ft = g_strdup (_(f->title));

      g_free (f->title);
      f->title = ft;
      for (guint c = 0; c < f->choices->len; c++)
        {
          HashiyaChoice *ch = g_ptr_array_index (f->choices, c);
          char *t = g_strdup (_(ch->title));

          g_free (ch->title);
          ch->title = t;
        }
    }
  return s;
}

/* ---- validation ------------------------------------------------------------ */

gboolean
hashiya_field_name_is_valid (const char *name)
{
  if (name == NULL || !g_ascii_islower (name[0]) || strlen (name) > HASHIYA_FIELD_NAME_MAX)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static const char * const builtin_names[] = {
  "sentiment", "offensive", "hate_speech", "decision", "note", NULL,
};

gboolean
hashiya_field_name_is_builtin (const char *name)
{
  return name != NULL && g_strv_contains (builtin_names, name);
}

/* the kind and the allowed choices of a built-in name */
static gboolean
builtin_allows (const char        *field,
                HashiyaFieldKind  *kind,
                const char       **allowed)
{
  if (g_str_equal (field, "sentiment"))
    {
      *kind = HASHIYA_FIELD_SINGLE;
      *allowed = "positive, negative, neutral, mixed";
    }
  else if (g_str_equal (field, "decision"))
    {
      *kind = HASHIYA_FIELD_SINGLE;
      *allowed = "approve, review, reject";
    }
  else if (g_str_equal (field, "note"))
    {
      *kind = HASHIYA_FIELD_TEXT;
      *allowed = NULL;
    }
  else if (g_str_equal (field, "offensive") || g_str_equal (field, "hate_speech"))
    {
      *kind = HASHIYA_FIELD_YESNO;
      *allowed = NULL;
    }
  else
    return FALSE;
  return TRUE;
}

static gboolean
builtin_choice_ok (const char *field,
                   const char *choice)
{
  if (g_str_equal (field, "sentiment"))
    {
      HashiyaSentiment s;
      return g_ascii_strcasecmp (choice, "none") != 0 && hashiya_sentiment_from_string (choice, &s)
             && s != HASHIYA_SENTIMENT_NONE && g_str_equal (hashiya_sentiment_to_string (s), choice);
    }
  if (g_str_equal (field, "decision"))
    {
      HashiyaDecision d;
      return g_ascii_strcasecmp (choice, "none") != 0 && hashiya_decision_from_string (choice, &d)
             && d != HASHIYA_DECISION_NONE && g_str_equal (hashiya_decision_to_string (d), choice);
    }
  return FALSE;
}

static gboolean
key_ok (const char *key)
{
  return key == NULL
         || (g_ascii_islower (key[0]) && key[1] == '\0' && key[0] != 'j' && key[0] != 'k'
             && key[0] != 'e');
}

static gboolean
color_ok (const char *color)
{
  if (color == NULL || strlen (color) != 7 || color[0] != '#')
    return FALSE;
  for (int i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (color[i]))
      return FALSE;
  return TRUE;
}

#define INVALID(...) \
  G_STMT_START { \
    g_set_error (error, HASHIYA_SCHEMA_ERROR, HASHIYA_SCHEMA_ERROR_INVALID, __VA_ARGS__); \
    return FALSE; \
  } G_STMT_END
#define DUPLICATE(...) \
  G_STMT_START { \
    g_set_error (error, HASHIYA_SCHEMA_ERROR, HASHIYA_SCHEMA_ERROR_DUPLICATE, __VA_ARGS__); \
    return FALSE; \
  } G_STMT_END

static gboolean
title_ok (const char *title)
{
  return title != NULL && *title != '\0' && g_utf8_validate (title, -1, NULL)
         && g_utf8_strlen (title, -1) <= 80 && strchr (title, '\n') == NULL;
}

/* Whether value is something the field can have (a condition's value). */
static gboolean
condition_value_ok (const HashiyaField *field,
                    const char         *value)
{
  switch (field->kind)
    {
    case HASHIYA_FIELD_SINGLE:
    case HASHIYA_FIELD_MULTI:
      return hashiya_field_lookup_choice (field, value) != NULL;
    case HASHIYA_FIELD_YESNO:
      return g_strcmp0 (value, "yes") == 0 || g_strcmp0 (value, "no") == 0;
    case HASHIYA_FIELD_TEXT:
    default:
      return FALSE;
    }
}

gboolean
hashiya_judgement_schema_validate (const HashiyaJudgementSchema  *schema,
                                   GError                       **error)
{
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (schema != NULL, FALSE);

  for (guint i = 0; i < schema->fields->len; i++)
    {
      const HashiyaField *f = g_ptr_array_index (schema->fields, i);
      HashiyaFieldKind builtin_kind;
      const char *allowed;

      if (!hashiya_field_name_is_valid (f->name))
        INVALID (_("field name “%s” is not an identifier (lower-case ASCII letters, digits and "
                   "“_”, starting with a letter, at most %d)"), f->name ? f->name : "",
                 HASHIYA_FIELD_NAME_MAX);
      if (g_str_equal (f->name, "annotator") || g_str_equal (f->name, "modified")
          || g_str_equal (f->name, "provenance"))
        INVALID (_("field name “%s” is taken (judgements in files already have a member of "
                   "that name)"), f->name);
      if (hashiya_judgement_schema_field_index (schema, f->name) != (int) i)
        DUPLICATE (_("field “%s” is in the schema twice"), f->name);
      if (!title_ok (f->title))
        INVALID (_("field “%s” needs a title of one line (at most 80 characters)"), f->name);
      if (hashiya_field_kind_to_string (f->kind) == NULL)
        INVALID (_("field “%s” has an unknown kind"), f->name);
      if (builtin_allows (f->name, &builtin_kind, &allowed) && f->kind != builtin_kind)
        INVALID (_("field “%s” is built in: its kind is %s, not %s"), f->name,
                 hashiya_field_kind_to_string (builtin_kind), hashiya_field_kind_to_string (f->kind));
      if ((f->kind == HASHIYA_FIELD_SINGLE || f->kind == HASHIYA_FIELD_MULTI) && f->choices->len == 0)
        INVALID (_("field “%s” (%s) needs at least one choice"), f->name,
                 hashiya_field_kind_to_string (f->kind));
      if ((f->kind == HASHIYA_FIELD_YESNO || f->kind == HASHIYA_FIELD_TEXT) && f->choices->len > 0)
        INVALID (_("field “%s” (%s) has no choices"), f->name, hashiya_field_kind_to_string (f->kind));
      if (f->key != NULL && f->kind != HASHIYA_FIELD_YESNO)
        INVALID (_("field “%s”: only a yes/no field has a key of its own (give its choices keys)"),
                 f->name);
      if (!key_ok (f->key))
        INVALID (_("field “%s”: key “%s” is not one lower-case letter other than j, k and e"),
                 f->name, f->key);
      if (f->key != NULL)
        {
          const char *other = g_hash_table_lookup (keys, f->key);
          if (other != NULL)
            DUPLICATE (_("key “%s” of field “%s” is already the key of %s"), f->key, f->name, other);
          g_hash_table_insert (keys, f->key, f->name);
        }
      for (guint c = 0; c < f->choices->len; c++)
        {
          const HashiyaChoice *ch = g_ptr_array_index (f->choices, c);

          if (!hashiya_field_name_is_valid (ch->name))
            INVALID (_("field “%s”: choice name “%s” is not an identifier (lower-case ASCII "
                       "letters, digits and “_”, starting with a letter)"), f->name,
                     ch->name ? ch->name : "");
          if (hashiya_field_choice_index (f, ch->name) != (int) c)
            DUPLICATE (_("field “%s” has the choice “%s” twice"), f->name, ch->name);
          if (builtin_allows (f->name, &builtin_kind, &allowed) && !builtin_choice_ok (f->name, ch->name))
            INVALID (_("field “%s” is built in: its choices are among %s, not “%s”"), f->name,
                     allowed, ch->name);
          if (!title_ok (ch->title))
            INVALID (_("choice “%s” of field “%s” needs a title of one line (at most 80 "
                       "characters)"), ch->name, f->name);
          if (!color_ok (ch->color))
            INVALID (_("choice “%s” of field “%s”: colour “%s” is not #rrggbb"), ch->name, f->name,
                     ch->color ? ch->color : "");
          if (!key_ok (ch->key))
            INVALID (_("choice “%s” of field “%s”: key “%s” is not one lower-case letter other "
                       "than j, k and e"), ch->name, f->name, ch->key);
          if (ch->key != NULL)
            {
              const char *other = g_hash_table_lookup (keys, ch->key);
              if (other != NULL)
                DUPLICATE (_("key “%s” of choice “%s” (field “%s”) is already the key of %s"),
                           ch->key, ch->name, f->name, other);
              g_hash_table_insert (keys, ch->key, ch->name);
            }
        }
      if (f->when_field != NULL)
        {
          int w = hashiya_judgement_schema_field_index (schema, f->when_field);
          const HashiyaField *g;

          if (g_str_equal (f->when_field, f->name))
            INVALID (_("field “%s” cannot depend on itself"), f->name);
          if (w < 0)
            INVALID (_("field “%s” depends on “%s”, which is not a field of the schema"), f->name,
                     f->when_field);
          if (w > (int) i)
            INVALID (_("field “%s” depends on “%s”, which comes after it (move it first)"), f->name,
                     f->when_field);
          g = g_ptr_array_index (schema->fields, w);
          if (g->kind == HASHIYA_FIELD_TEXT)
            INVALID (_("field “%s” depends on “%s”, a free-text field (a condition needs a "
                       "choice or yes/no field)"), f->name, g->name);
          if (!condition_value_ok (g, f->when_value))
            INVALID (_("field “%s” depends on “%s = %s”, which is not a value “%s” can have"),
                     f->name, g->name, f->when_value ? f->when_value : "", g->name);
        }
    }
  return TRUE;
}

gboolean
hashiya_field_check_value (const HashiyaField  *field,
                           const char          *value,
                           char               **canonical,
                           GError             **error)
{
  g_return_val_if_fail (field != NULL && value != NULL, FALSE);

  switch (field->kind)
    {
    case HASHIYA_FIELD_YESNO:
      if (!g_str_equal (value, "yes") && !g_str_equal (value, "no"))
        INVALID (_("%s is yes or no, not “%s”"), field->name, value);
      break;
    case HASHIYA_FIELD_TEXT:
      if (!g_utf8_validate (value, -1, NULL))
        INVALID (_("%s: the text is not valid UTF-8"), field->name);
      break;
    case HASHIYA_FIELD_SINGLE:
      if (hashiya_field_lookup_choice (field, value) == NULL)
        {
          g_autoptr(GString) names = g_string_new (NULL);
          for (guint c = 0; c < field->choices->len; c++)
            g_string_append_printf (names, "%s%s", c ? ", " : "",
                                    ((HashiyaChoice *) g_ptr_array_index (field->choices, c))->name);
          INVALID (_("%s is one of %s, not “%s”"), field->name, names->str, value);
        }
      break;
    case HASHIYA_FIELD_MULTI:
      {
        g_auto(GStrv) parts = g_strsplit (value, ",", -1);
        g_autofree gboolean *seen = g_new0 (gboolean, field->choices->len + 1);
        g_autoptr(GString) out = g_string_new (NULL);

        for (char **p = parts; *p; p++)
          {
            int c;

            g_strstrip (*p);
            c = hashiya_field_choice_index (field, *p);
            if (c < 0)
              {
                g_autoptr(GString) names = g_string_new (NULL);
                for (guint k = 0; k < field->choices->len; k++)
                  g_string_append_printf (names, "%s%s", k ? ", " : "",
                                          ((HashiyaChoice *) g_ptr_array_index (field->choices, k))->name);
                INVALID (_("%s takes any of %s (separated by commas), not “%s”"), field->name,
                         names->str, *p);
              }
            seen[c] = TRUE;
          }
        for (guint c = 0; c < field->choices->len; c++)
          if (seen[c])
            g_string_append_printf (out, "%s%s", out->len ? "," : "",
                                    ((HashiyaChoice *) g_ptr_array_index (field->choices, c))->name);
        if (out->len == 0)
          INVALID (_("%s: no choice given"), field->name);
        if (canonical)
          *canonical = g_string_free (g_steal_pointer (&out), FALSE);
        return TRUE;
      }
    default:
      INVALID (_("%s has an unknown kind"), field->name);
    }
  if (canonical)
    *canonical = g_strdup (value);
  return TRUE;
}

gboolean
hashiya_judgement_schema_condition_met (const HashiyaJudgementSchema *schema,
                                        const HashiyaField           *field,
                                        const HashiyaJudgement       *j)
{
  const HashiyaField *g;

  if (field->when_field == NULL)
    return TRUE;
  g = hashiya_judgement_schema_lookup (schema, field->when_field);
  if (g == NULL)
    return FALSE;
  /* a condition on a field whose own condition fails fails too */
  if (!hashiya_judgement_schema_condition_met (schema, g, j))
    return FALSE;
  if (g->kind == HASHIYA_FIELD_MULTI)
    return hashiya_judgement_has_choice (j, g->name, field->when_value);
  return g_strcmp0 (hashiya_judgement_get_value (j, g->name), field->when_value) == 0;
}

gboolean
hashiya_judgement_schema_check_judgement (const HashiyaJudgementSchema  *schema,
                                          const HashiyaJudgement        *j,
                                          GError                       **error)
{
  for (const char * const *b = builtin_names; *b; b++)
    if (hashiya_judgement_get_value (j, *b) != NULL && hashiya_judgement_schema_lookup (schema, *b) == NULL)
      INVALID (_("the project's judgement schema has no field “%s”"), *b);
  if (j->values != NULL)
    {
      GHashTableIter iter;
      gpointer k, v;

      g_hash_table_iter_init (&iter, j->values);
      while (g_hash_table_iter_next (&iter, &k, &v))
        if (hashiya_judgement_schema_lookup (schema, k) == NULL)
          INVALID (_("the project's judgement schema has no field “%s”"), (const char *) k);
    }
  for (guint i = 0; i < schema->fields->len; i++)
    {
      const HashiyaField *f = g_ptr_array_index (schema->fields, i);
      const char *value = hashiya_judgement_get_value (j, f->name);
      g_autofree char *canonical = NULL;

      if (value == NULL)
        continue;
      if (!hashiya_field_check_value (f, value, &canonical, error))
        return FALSE;
      if (f->kind == HASHIYA_FIELD_MULTI && !g_str_equal (canonical, value))
        INVALID (_("%s: write the choices once each, in the schema's order (“%s”)"), f->name,
                 canonical);
      if (!hashiya_judgement_schema_condition_met (schema, f, j))
        INVALID (_("%s applies only when %s = %s"), f->name, f->when_field, f->when_value);
    }
  return TRUE;
}

GPtrArray *
hashiya_judgement_schema_set_fields (const HashiyaJudgementSchema *schema,
                                     const HashiyaJudgement       *j)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < schema->fields->len; i++)
    {
      const HashiyaField *f = g_ptr_array_index (schema->fields, i);
      if (hashiya_judgement_get_value (j, f->name) != NULL)
        g_ptr_array_add (names, f->name);
    }
  return names;
}
