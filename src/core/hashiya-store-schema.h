/* hashiya-store-schema.h: the project's judgement schema, per-field judgement values, reply links
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every project has one judgement schema (hashiya-judgement-schema.h), stored in the tables
 * judgement_fields, judgement_choices and judgement_conditions (migration 5, which gives every
 * existing project the "default" preset: exactly the fields judgements had before). Values of
 * the five built-in fields stay in the judgements table's columns; every other field's values
 * are rows of judgement_values (doc_id, comment_index, annotator_id, field, value): one row per
 * chosen choice for a multi-choice field, one row for the others.
 *
 * Every edit is one transaction and is checked whole: the edited schema must pass
 * hashiya_judgement_schema_validate (), and an edit that would take away a field or a
 * choice that some judgement uses is refused (HASHIYA_STORE_ERROR_IN_USE, naming the field,
 * choice and how many judgements use it), as removing a label in use is. Errors of the schema
 * rules are HASHIYA_STORE_ERROR_INVALID / _DUPLICATE / _NOT_FOUND, with the message of the
 * schema rule.
 *
 * hashiya_store_set_judgement () (hashiya-store.h) saves the whole judgement, its custom
 * values (j->values) included, after checking it against the schema (values of fields the
 * schema has, valid for their kind, conditions met); get/list fill j->values.
 */
#pragma once

#include "hashiya-store.h"
#include "hashiya-judgement-schema.h"

G_BEGIN_DECLS

/* A copy of the project's schema. */
HashiyaJudgementSchema *hashiya_store_get_judgement_schema (HashiyaStore *self, GError **error);

/* Replaces the schema whole (the window's editor and every edit below go through it).
 * Refused when invalid, or when a field or choice that judgements use would go (a field that
 * keeps its name keeps its values; a field whose kind changes must be unused). */
gboolean hashiya_store_set_judgement_schema   (HashiyaStore *self,
                                               const HashiyaJudgementSchema *schema,
                                               GError **error);
/* hashiya_store_set_judgement_schema () with a preset (NOT_FOUND for an unknown name). */
gboolean hashiya_store_apply_schema_preset    (HashiyaStore *self, const char *preset,
                                               GError **error);

/* What an import (and a merge) does with the schema a file (a source project) has: a project
 * without any judgement and still with the default schema takes it whole (*replaced TRUE);
 * otherwise the file's fields and choices the project lacks are
 * added (at the end; one whose key the project uses comes without a key), and a field whose
 * kind differs is an error (INVALID). */
gboolean hashiya_store_adopt_judgement_schema (HashiyaStore *self,
                                               const HashiyaJudgementSchema *schema,
                                               gboolean *replaced, GError **error);

/* Adds field (copied) at position (-1 = at the end). */
gboolean hashiya_store_schema_add_field       (HashiyaStore *self, const HashiyaField *field,
                                               int position, GError **error);
/* Removes a field no judgement uses (IN_USE otherwise) and on which no other field depends. */
gboolean hashiya_store_schema_remove_field    (HashiyaStore *self, const char *name,
                                               GError **error);
/* Renames a field: its values and the conditions naming it follow. A built-in field cannot be
 * renamed and no field can take a built-in name while judgements use it (INVALID). */
gboolean hashiya_store_schema_rename_field    (HashiyaStore *self, const char *name,
                                               const char *new_name, GError **error);
gboolean hashiya_store_schema_set_field_title (HashiyaStore *self, const char *name,
                                               const char *title, GError **error);
/* Moves a field to position (0-based); refused when a condition would then name a later field. */
gboolean hashiya_store_schema_move_field      (HashiyaStore *self, const char *name,
                                               guint position, GError **error);
/* Sets or clears (when_field NULL) a field's condition. */
gboolean hashiya_store_schema_set_condition   (HashiyaStore *self, const char *name,
                                               const char *when_field, const char *when_value,
                                               GError **error);
/* Adds a choice (copied) at the end of a choice field. */
gboolean hashiya_store_schema_add_choice      (HashiyaStore *self, const char *field,
                                               const HashiyaChoice *choice, GError **error);
/* Removes a choice no judgement uses (IN_USE otherwise) and no condition names. */
gboolean hashiya_store_schema_remove_choice   (HashiyaStore *self, const char *field,
                                               const char *choice, GError **error);
/* Renames a choice of a custom field: the values follow, and conditions naming it. The choices
 * of built-in fields are fixed names (INVALID; change the title instead). */
gboolean hashiya_store_schema_rename_choice   (HashiyaStore *self, const char *field,
                                               const char *choice, const char *new_name,
                                               GError **error);
/* Moves a choice to position (0-based) in its field. */
gboolean hashiya_store_schema_move_choice     (HashiyaStore *self, const char *field,
                                               const char *choice, guint position,
                                               GError **error);
/* Changes a choice's title and/or colour (NULL keeps it). */
gboolean hashiya_store_schema_set_choice      (HashiyaStore *self, const char *field,
                                               const char *choice, const char *title,
                                               const char *color, GError **error);
/* Sets or clears (key NULL) the key of a choice (choice != NULL) or of a yes/no field. */
gboolean hashiya_store_schema_set_key         (HashiyaStore *self, const char *field,
                                               const char *choice, const char *key,
                                               GError **error);

/* How many judgements have a value for field (choice NULL), or have choice among its values. */
gboolean hashiya_store_schema_count_uses      (HashiyaStore *self, const char *field,
                                               const char *choice, guint *count, GError **error);

/* Sets (value NULL unsets) one field of annotator's judgement of a comment, keeping its other
 * fields (a judgement is created when there was none; one left with no value is removed).
 * value is checked against the schema (kind, choices, condition). Multi choice: "a,b". */
gboolean hashiya_store_set_judgement_value    (HashiyaStore *self, gint64 doc_id,
                                               int comment_index, const char *annotator,
                                               const char *field, const char *value,
                                               GError **error);

/* ---- reply links ----------------------------------------------------------- */

/* Records that comment comment_index replies to comment parent_index (0 clears it). The
 * parent must be an earlier comment of the same document, so links never make a cycle:
 * NOT_FOUND for a missing comment, INVALID for a later one or the comment itself. */
gboolean hashiya_store_set_comment_parent     (HashiyaStore *self, gint64 doc_id,
                                               int comment_index, int parent_index,
                                               GError **error);

G_END_DECLS
