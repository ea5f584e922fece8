/* hashiya-window-private.h: the window's instance struct, shared by its two source files
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hashiya-window.h"
#include "hashiya-undo.h"
#include "hashiya-store-schema.h"

G_BEGIN_DECLS

struct _HashiyaWindow
{
  AdwApplicationWindow parent_instance;

  /* template children */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkRevealer         *import_revealer;
  GtkLabel            *import_label;
  GtkProgressBar      *import_progress;
  GtkStack            *main_stack;
  AdwStatusPage       *start_page;
  AdwPreferencesGroup *recent_group;
  GtkListBox          *recent_list;
  GtkSearchEntry      *doc_filter;
  GtkListBox          *doc_list;
  GtkWidget           *doc_empty;       /* the list's placeholder: nothing matches */
  GHashTable          *filter_matches;  /* doc ids the filter keeps; NULL: all */
  GtkSearchBar        *find_bar;
  GtkSearchEntry      *find_entry;
  GtkLabel            *find_count;
  GtkDropDown         *find_label;
  GtkFlowBox          *palette;         /* wraps in a narrow window */
  AdwFlap             *sidebar_flap;    /* the document list; folds away when narrow */
  AdwFlap             *panel_flap;      /* the comment and span panel; likewise */
  GtkWidget           *sidebar_button;
  guint                sidebar_idle;
  guint                follow_idle;     /* the span list scrolls to follow_pos */
  guint                follow_pos;
  GtkOverlay          *doc_overlay;
  GtkScrolledWindow   *doc_scroller;
  HashiyaDocumentView *doc_view;
  GtkWidget           *panel_separator;
  GtkWidget           *side_panel;
  GtkLabel            *comment_title;
  GtkEntry            *note_entry;
  GtkLabel            *span_title;
  GtkListView         *span_list;
  GtkWidget           *undo_button;
  GtkWidget           *redo_button;
  GtkWidget           *import_button;
  GtkWidget           *export_button;
  GtkWidget           *panel_button;
  GtkWidget           *find_button;
  GtkWidget           *snap_button;

  /* state */
  HashiyaStore        *store;
  char                *annotator;
  gint64               doc_id;
  GPtrArray           *labels;          /* HashiyaLabel, palette order */
  GtkStringList       *label_names;     /* for the Tag All drop-down */
  HashiyaUndo         *undo;
  GArray              *matches;         /* HashiyaRange of the current find */
  gboolean             updating_panel;
  gint64               note_doc;        /* the comment the note entry is editing */
  int                  note_comment;
  gboolean             note_dirty;      /* typed since the panel was filled */
  guint                row_idle;
  /* judging by the project's schema (hashiya-window-review.c) */
  HashiyaJudgementSchema *schema;
  GtkWidget           *schema_box;      /* the panel's rows, one per field */
  GtkWidget           *card_strip;      /* the controls on the current card */
  GPtrArray           *judge_widgets;   /* JudgeWidget*: buttons and rows to sync */
  GtkWidget           *review_queue;    /* hashiya-review-queue.c, or NULL */

  /* import / export */
  GCancellable        *import_cancellable;
  HashiyaExportOptions export_options;
  GArray              *export_doc_ids;
  HashiyaExportReport *last_export_report;
  gboolean             busy;
  guint                watch_id;        /* hashiya-window-watch.c */
  guint64              data_version;
  gboolean             disposed;   /* a worker may finish after the window closed */
};

/* hashiya-window-actions.c */
void     hashiya_window_install_actions   (HashiyaWindow *self);
void     hashiya_window_update_actions    (HashiyaWindow *self);
void     hashiya_window_sync_comment_panel (HashiyaWindow *self);
void     hashiya_window_sync_done_state   (HashiyaWindow *self);
void     hashiya_window_install_view_keys (HashiyaWindow *self);   /* hashiya-window-keys.c */
void     hashiya_window_run_find          (HashiyaWindow *self);

/* hashiya-window-judge.c */
void     hashiya_window_action_sentiment     (GSimpleAction *action, GVariant *param, gpointer user_data);
void     hashiya_window_action_decision      (GSimpleAction *action, GVariant *param, gpointer user_data);
void     hashiya_window_action_offensive     (GSimpleAction *action, GVariant *param, gpointer user_data);
void     hashiya_window_action_hate          (GSimpleAction *action, GVariant *param, gpointer user_data);
void     hashiya_window_action_note          (GSimpleAction *action, GVariant *param, gpointer user_data);
void     hashiya_window_action_next_comment  (GSimpleAction *action, GVariant *param, gpointer user_data);
void     hashiya_window_action_prev_comment  (GSimpleAction *action, GVariant *param, gpointer user_data);
void     hashiya_window_on_note_activate     (GtkEntry *entry, HashiyaWindow *self);
void     hashiya_window_action_focus_note    (GSimpleAction *action, GVariant *param, gpointer user_data);
/* Saves the note being typed (focus leaving, another comment, another document, quit). */
void     hashiya_window_flush_note           (HashiyaWindow *self);
void     hashiya_window_setup_note           (HashiyaWindow *self);

typedef void (*JudgeFunc) (HashiyaJudgement *j, gpointer data);
void     hashiya_window_judge_current        (HashiyaWindow *self, JudgeFunc func, gpointer data);
void     hashiya_window_judge_index          (HashiyaWindow *self, int index, JudgeFunc func, gpointer data);

/* hashiya-window-review.c: the panel, card strip, keys and help built from the schema */
void     hashiya_window_load_schema          (HashiyaWindow *self);
GtkWidget *hashiya_window_make_card_strip    (HashiyaWindow *self);
void     hashiya_window_install_review_actions (HashiyaWindow *self);
/* Unsets the values whose field's condition no longer holds (in schema order). */
void     hashiya_window_drop_unmet_values    (HashiyaWindow *self, HashiyaJudgement *j);
gboolean hashiya_window_apply_reply          (HashiyaWindow *self, HashiyaCommand *cmd,
                                              gboolean forward, GError **error);
/* hashiya-window-keys.c: binds the schema's judgement keys (win.judge-key) on the text */
void     hashiya_window_set_judgement_keys   (HashiyaWindow *self, GStrv keys);

/* hashiya-window-actions.c */
void     hashiya_window_push_command      (HashiyaWindow *self, HashiyaCommand *cmd);

/* hashiya-window-io.c */
void     hashiya_window_action_import        (GSimpleAction *action, GVariant *param, gpointer user_data);
void     hashiya_window_action_cancel_import (GSimpleAction *action, GVariant *param, gpointer user_data);
void     hashiya_window_action_export        (GSimpleAction *action, GVariant *param, gpointer user_data);
void     hashiya_window_action_export_to     (GSimpleAction *action, GVariant *param, gpointer user_data);

/* hashiya-window-watch.c */
void     hashiya_window_start_watch       (HashiyaWindow *self);
void     hashiya_window_stop_watch        (HashiyaWindow *self);
void     hashiya_window_refresh_external  (HashiyaWindow *self);

/* hashiya-window.c */
void     hashiya_window_refresh_documents (HashiyaWindow *self);
void     hashiya_window_refresh_document_row (HashiyaWindow *self, gint64 doc_id);
void     hashiya_window_update_span_title (HashiyaWindow *self);

G_END_DECLS
