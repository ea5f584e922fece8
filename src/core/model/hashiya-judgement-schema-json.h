/* hashiya-judgement-schema-json.h: a judgement schema as JSON (files, the CLI's --json)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   {"fields": [{"name": "target", "title": "Target", "kind": "multi",
 *                "choices": [{"name": "race", "title": "Race", "key": "r", "color": "#0072b2"}, …],
 *                "when": {"field": "hate_speech", "value": "yes"}}, …]}
 * "key" is present only when set (a choice's, or a yes/no field's), "choices" only for the
 * choice kinds, "when" only with a condition.
 */
#pragma once

#include <json-glib/json-glib.h>
#include "hashiya-judgement-schema.h"

G_BEGIN_DECLS

JsonNode               *hashiya_judgement_schema_to_json   (const HashiyaJudgementSchema *schema);
/* NULL with HASHIYA_SCHEMA_ERROR_INVALID (message without position: the caller adds where)
 * when node is not that shape or the schema breaks a rule (hashiya_judgement_schema_validate). */
HashiyaJudgementSchema *hashiya_judgement_schema_from_json (JsonNode *node, GError **error);

/* Whether schema is the "default" preset exactly as migration 5 writes it (English titles):
 * writers leave such a schema out of their files, which then read back the same. */
gboolean                hashiya_judgement_schema_is_default (const HashiyaJudgementSchema *schema);

G_END_DECLS
