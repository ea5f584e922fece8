/* hashiya-schema-editor.h: editing the project's judgement schema (fields, choices, keys, presets)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hashiya-window.h"

G_BEGIN_DECLS

#define HASHIYA_TYPE_SCHEMA_EDITOR (hashiya_schema_editor_get_type ())
G_DECLARE_FINAL_TYPE (HashiyaSchemaEditor, hashiya_schema_editor, HASHIYA, SCHEMA_EDITOR, AdwWindow)

/* An editor of window's project schema, transient for parent. Every change is saved at once
 * through the store; a refused one is shown as a message in the editor and changes nothing. */
HashiyaSchemaEditor *hashiya_schema_editor_new (HashiyaWindow *window, GtkWindow *parent);
/* The last refusal shown ("" when none), for tests. */
const char          *hashiya_schema_editor_get_message (HashiyaSchemaEditor *self);

G_END_DECLS
