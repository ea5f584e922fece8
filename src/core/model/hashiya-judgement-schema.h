/* hashiya-judgement-schema.h: a project's judgement schema (the fields a comment is judged on)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A schema is an ordered list of fields. Each field has a name (an identifier: ASCII lower-case
 * letters, digits and "_", starting with a letter, at most 40), a title (what the window shows),
 * a kind, and for the choice kinds its choices (name, title, key letter, colour). A yes/no field
 * may have one key (it toggles yes/no/unset). Any field may have a condition: it is shown, and a
 * value for it is valid, only when another field (earlier in the schema) has a given value
 * ("target" only when "hate_speech = yes"); for a multi-choice condition field, when that
 * choice is among its values.
 *
 * Values are strings: a choice's name for single choice, "yes" or "no" for yes/no, any UTF-8
 * text for free text, and for multi choice the chosen names joined by "," in the schema's
 * choice order ("race,religion"; hashiya_judgement_get_choices () splits them).
 *
 * Built-in names. Five names map onto HashiyaJudgement's fixed members, in every schema:
 *   sentiment   single choice, choices among positive, negative, neutral, mixed
 *   offensive   yes/no
 *   hate_speech yes/no
 *   decision    single choice, choices among approve, review, reject
 *   note        free text
 * A schema may leave any of them out, and give them any title, key, colour, position or
 * condition, but a field with one of these names must have that kind and only those choices
 * (validation refuses anything else). Their values live in the judgement's members (and the
 * store's judgements columns), so agreement, adjudication and every export keep reading them
 * there. Every other field is a custom field: its value lives in HashiyaJudgement.values.
 *
 * Keys: one ASCII lower-case letter; j, k (next/previous comment) and e (edit the note) are
 * taken by the window. Within a schema every key is used once (a field key or a choice key).
 */
#pragma once

#include <glib.h>
#include "hashiya-model.h"

G_BEGIN_DECLS

/* HASHIYA_SCHEMA_ERROR and its codes are in hashiya-model.h */

#define HASHIYA_FIELD_NAME_MAX 40

typedef enum
{
  HASHIYA_FIELD_SINGLE,   /* "single": one of the choices */
  HASHIYA_FIELD_MULTI,    /* "multi": any set of the choices */
  HASHIYA_FIELD_YESNO,    /* "yesno": yes or no */
  HASHIYA_FIELD_TEXT,     /* "text": free text */
} HashiyaFieldKind;

const char *hashiya_field_kind_to_string   (HashiyaFieldKind kind);
gboolean    hashiya_field_kind_from_string (const char *str, HashiyaFieldKind *kind);

typedef struct
{
  char *name;    /* identifier, unique in its field */
  char *title;   /* display; never NULL (the name when none was given) */
  char *key;     /* one lower-case letter, or NULL */
  char *color;   /* "#rrggbb" */
} HashiyaChoice;

typedef struct
{
  char             *name;
  char             *title;
  HashiyaFieldKind  kind;
  GPtrArray        *choices;     /* HashiyaChoice*, in order (empty for yes/no and text) */
  char             *key;         /* yes/no fields only: one lower-case letter, or NULL */
  char             *when_field;  /* condition: NULL, or the field that must … */
  char             *when_value;  /* … have this value (a choice name, "yes" or "no") */
} HashiyaField;

typedef struct
{
  GPtrArray *fields;   /* HashiyaField*, in order */
} HashiyaJudgementSchema;

HashiyaChoice *hashiya_choice_new  (const char *name, const char *title, const char *key,
                                    const char *color);
HashiyaChoice *hashiya_choice_copy (const HashiyaChoice *choice);
void           hashiya_choice_free (HashiyaChoice *choice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaChoice, hashiya_choice_free)

HashiyaField  *hashiya_field_new   (const char *name, const char *title, HashiyaFieldKind kind);
HashiyaField  *hashiya_field_copy  (const HashiyaField *field);
void           hashiya_field_free  (HashiyaField *field);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaField, hashiya_field_free)
/* appends (takes ownership); returns choice */
HashiyaChoice *hashiya_field_add_choice    (HashiyaField *field, HashiyaChoice *choice);
HashiyaChoice *hashiya_field_lookup_choice (const HashiyaField *field, const char *name);
int            hashiya_field_choice_index  (const HashiyaField *field, const char *name);
void           hashiya_field_set_condition (HashiyaField *field, const char *when_field,
                                            const char *when_value);

HashiyaJudgementSchema *hashiya_judgement_schema_new   (void);
HashiyaJudgementSchema *hashiya_judgement_schema_copy  (const HashiyaJudgementSchema *schema);
void                    hashiya_judgement_schema_free  (HashiyaJudgementSchema *schema);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaJudgementSchema, hashiya_judgement_schema_free)
gboolean                hashiya_judgement_schema_equal (const HashiyaJudgementSchema *a,
                                                        const HashiyaJudgementSchema *b);

/* appends (takes ownership); returns field */
HashiyaField *hashiya_judgement_schema_add_field    (HashiyaJudgementSchema *schema,
                                                     HashiyaField *field);
HashiyaField *hashiya_judgement_schema_lookup       (const HashiyaJudgementSchema *schema,
                                                     const char *name);
int           hashiya_judgement_schema_field_index  (const HashiyaJudgementSchema *schema,
                                                     const char *name);

/* The presets: "default", "osact-2022", "l-hsab", "arsarcasm" (NULL-terminated, static). */
const char * const     *hashiya_judgement_schema_preset_names (void);
/* A new schema; NOT_FOUND (naming the presets) for an unknown name. */
HashiyaJudgementSchema *hashiya_judgement_schema_preset       (const char *name, GError **error);

/* The preset with its English titles (as migration 5 writes "default"); NULL when unknown. */
HashiyaJudgementSchema *hashiya_judgement_schema_preset_untranslated (const char *name);

/* Every rule above: names, titles, kinds, built-in names, choices (at least one for the choice
 * kinds, none for the others), keys, colours, conditions (an earlier field, a value it can
 * have, not on itself). The first broken rule is the error, naming the field and choice. */
gboolean hashiya_judgement_schema_validate (const HashiyaJudgementSchema *schema, GError **error);

gboolean hashiya_field_name_is_valid   (const char *name);
gboolean hashiya_field_name_is_builtin (const char *name);

/* Checks value (not NULL) for field and writes its canonical form (multi: choices deduplicated
 * and in the schema's order; yes/no: "yes"/"no") to *canonical when not NULL. */
gboolean hashiya_field_check_value (const HashiyaField *field, const char *value,
                                    char **canonical, GError **error);

/* Whether field's condition holds for j (TRUE when it has none). */
gboolean hashiya_judgement_schema_condition_met (const HashiyaJudgementSchema *schema,
                                                 const HashiyaField *field,
                                                 const HashiyaJudgement *j);

/* Every value of j is of a field of the schema, valid for it, and its condition holds.
 * Values of built-in names the schema does not have are an error too. */
gboolean hashiya_judgement_schema_check_judgement (const HashiyaJudgementSchema *schema,
                                                   const HashiyaJudgement *j, GError **error);

/* The fields of j that have a value, in the schema's order (each const char* a field name). */
GPtrArray *hashiya_judgement_schema_set_fields (const HashiyaJudgementSchema *schema,
                                                const HashiyaJudgement *j);

G_END_DECLS
