/* hashiya-window-private.h: the window's instance struct, shared by its two source files
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hashiya-window.h"
#include "hashiya-undo.h"
#include "hashiya-document-list.h"
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
  GtkListView         *doc_list;        /* over doc_model: only the visible rows exist */
  GtkDropDown         *doc_state;       /* all / not done / done / unjudged */
  GtkDropDown         *doc_sort;
  GtkWidget           *doc_empty;       /* shown over the list when nothing matches */
  HashiyaDocumentList *doc_model;       /* the store's rows by page (hashiya-document-list.c) */
  GtkSingleSelection  *doc_selection;
  gboolean             syncing_selection;
  gboolean             list_clicked;    /* a click in the list (not the arrow keys) */
  gboolean             painted;         /* the first frame is on screen */
  gboolean             list_pending;    /* the list gets the store after the first frame */
  guint                list_idle;
  guint                meta_idle;       /* "last-document" is written after a pause */
  GtkWindow           *corpus_find;     /* hashiya-corpus-find.c, while open */
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
  GtkSelectionModel   *span_selection;  /* the span list's model, set after the first frame */
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
  struct _HashiyaWindowSuggest *suggest;   /* hashiya-window-suggest.c */
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

/* hashiya-window-suggest.c: suggestions in the window (declared here, not in a header
 * of its own, so that the window and its suggestion file form one module). */
/* Actions: win.show-suggestions (state, kept in settings; HASHIYA_SUGGESTIONS=0 or 1 starts it
 * off or on whatever the setting), win.accept-suggestion, win.reject-suggestion, win.accept-all-suggestions (the
 * current one's label and source, one undo step), win.next-suggestion,
 * win.prev-suggestion, win.span-details (a popover on the current suggestion or the
 * selected span), win.set-span-value ("(sss)": value, calendar, anchor; "" = none). */
void     hashiya_window_suggest_install   (HashiyaWindow *self);
void     hashiya_window_suggest_dispose   (HashiyaWindow *self);
/* A document was loaded (or none, doc_id 0): drop the old suggestions and compute the
 * new ones on a thread after the first frame. */
void     hashiya_window_suggest_document_loaded (HashiyaWindow *self);
/* The project changed (opened, closed, gazetteers edited): build the suggester again. */
void     hashiya_window_suggest_project_changed (HashiyaWindow *self);
/* TRUE while suggestions for the open document are being computed (tests wait on it). */
gboolean hashiya_window_suggest_is_running (HashiyaWindow *self);

/* hashiya-window-suggest.c: suggestions in the window (declared here, not in a header
 * of its own, so that the window and its suggestion file form one module). */
/* Actions: win.show-suggestions (state, kept in settings; HASHIYA_SUGGESTIONS=0 or 1 starts it
 * off or on whatever the setting), win.accept-suggestion, win.reject-suggestion, win.accept-all-suggestions (the
 * current one's label and source, one undo step), win.next-suggestion,
 * win.prev-suggestion, win.span-details (a popover on the current suggestion or the
 * selected span), win.set-span-value ("(sss)": value, calendar, anchor; "" = none). */
void     hashiya_window_suggest_install   (HashiyaWindow *self);
void     hashiya_window_suggest_dispose   (HashiyaWindow *self);
/* A document was loaded (or none, doc_id 0): drop the old suggestions and compute the
 * new ones on a thread after the first frame. */
void     hashiya_window_suggest_document_loaded (HashiyaWindow *self);
/* The project changed (opened, closed, gazetteers edited): build the suggester again. */
void     hashiya_window_suggest_project_changed (HashiyaWindow *self);
/* TRUE while suggestions for the open document are being computed (tests wait on it). */
gboolean hashiya_window_suggest_is_running (HashiyaWindow *self);

/* hashiya-window-watch.c */
void     hashiya_window_start_watch       (HashiyaWindow *self);
void     hashiya_window_stop_watch        (HashiyaWindow *self);
void     hashiya_window_refresh_external  (HashiyaWindow *self);

/* hashiya-window-queue.c: moderation across documents */
/* J past the last comment (direction 1) or K before the first (-1): the next document
 * with comments, at its first unjudged comment (K: the previous one's last comment).
 * FALSE (and nothing done) when there is no such document. */
gboolean hashiya_window_move_comment_across (HashiyaWindow *self, int direction);
void     hashiya_window_action_next_unjudged (GSimpleAction *action, GVariant *param, gpointer user_data);
void     hashiya_window_action_corpus_find   (GSimpleAction *action, GVariant *param, gpointer user_data);

/* hashiya-window-sidebar.c */
void     hashiya_window_setup_sidebar           (HashiyaWindow *self);
void     hashiya_window_sync_document_selection (HashiyaWindow *self);
void     hashiya_window_update_document_empty   (HashiyaWindow *self);
/* Filter, state and sort as one query of the list. */
void     hashiya_window_apply_document_query    (HashiyaWindow *self);

/* hashiya-window.c */
/* The sidebar reads its rows again (after an import or an outside change): only the
 * rows that differ are redrawn when the count did not change. */
void     hashiya_window_refresh_documents (HashiyaWindow *self);
/* The document list reads the store from the first frame on; before that (at start-up)
 * a caller that needs its rows calls this first. */
void     hashiya_window_ensure_document_list (HashiyaWindow *self);
void     hashiya_window_refresh_document_row (HashiyaWindow *self, gint64 doc_id);
void     hashiya_window_update_span_title (HashiyaWindow *self);
void     hashiya_window_attach_span_list  (HashiyaWindow *self);

G_END_DECLS
