/* hashiya-agreement-view.h: the project's inter-annotator agreement as tables and a bar chart
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include "hashiya-window.h"
#include "hashiya-agreement.h"

G_BEGIN_DECLS

#define HASHIYA_TYPE_AGREEMENT_VIEW (hashiya_agreement_view_get_type ())
G_DECLARE_FINAL_TYPE (HashiyaAgreementView, hashiya_agreement_view, HASHIYA, AGREEMENT_VIEW, AdwWindow)

/* Computes the agreement of the window's project in a worker thread and shows it. */
GtkWindow              *hashiya_agreement_view_new           (HashiyaWindow *window);
/* NULL until the computation finished (or when it failed). */
const HashiyaAgreement *hashiya_agreement_view_get_agreement (HashiyaAgreementView *self);

/* The win.agreement action (main menu: Agreement…). */
void hashiya_window_action_agreement (GSimpleAction *action, GVariant *param, gpointer user_data);

G_END_DECLS
