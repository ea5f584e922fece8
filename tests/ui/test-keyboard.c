/* test-keyboard.c: the shortcuts window against every key the window binds, a keyboard
 * path to every action, an accessible name on every control, the delete toast's Undo
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ui-common.h"

static GtkWidget *
find_button_with_action (GtkWidget *root, const char *action)
{
  GType toast = g_type_from_name ("AdwToastWidget");

  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0
      && toast != 0 && gtk_widget_get_ancestor (root, toast) != NULL)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button_with_action (c, action);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_delete_toast_undo (Fixture *f, gconstpointer data)
{
  gint64 word = offset_of ("كركوك", 0);
  gint64 id = tag_exact (f, word, word + g_utf8_strlen ("كركوك", -1));
  GtkWidget *undo;

  /* no toast button before the delete */
  g_assert_null (find_button_with_action (GTK_WIDGET (f->window), "win.undo"));
  activate (f, "delete-span", NULL);
  g_assert_null (span_by_id (f, id));
  undo = find_button_with_action (GTK_WIDGET (f->window), "win.undo");
  g_assert_nonnull (undo);
  g_assert_true (gtk_widget_is_visible (undo));
  /* the toast's Undo puts the same span back in the store and the view */
  g_signal_emit_by_name (undo, "clicked");
  spin ();
  g_assert_nonnull (span_by_id (f, id));
  {
    g_autoptr(GPtrArray) spans = spans_of (f);
    g_assert_cmpuint (spans->len, ==, 1);
    g_assert_cmpint (((HashiyaSpan *) g_ptr_array_index (spans, 0))->id, ==, id);
  }
}

/* ---- shortcuts window and keyboard reach ----------------------------------- */

static GtkShortcutController *
view_keys (Fixture *f)
{
  GListModel *controllers = gtk_widget_observe_controllers (GTK_WIDGET (hashiya_window_get_view (f->window)));
  GtkShortcutController *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);
      if (g_strcmp0 (gtk_event_controller_get_name (c), "hashiya-annotation-keys") == 0)
        found = GTK_SHORTCUT_CONTROLLER (c);
    }
  g_object_unref (controllers);
  g_assert_nonnull (found);
  return found;
}

/* One spelling for the keys a user thinks of as the same: keypad digits and arrows,
 * Shift+Tab's ISO_Left_Tab, a capital letter typed with Shift. */
static char *
normal_accel (guint keyval, GdkModifierType mods)
{
  guint lower = gdk_keyval_to_lower (keyval);

  if (keyval >= GDK_KEY_KP_0 && keyval <= GDK_KEY_KP_9)
    lower = GDK_KEY_0 + (keyval - GDK_KEY_KP_0);
  else if (keyval == GDK_KEY_KP_Left)
    lower = GDK_KEY_Left;
  else if (keyval == GDK_KEY_KP_Right)
    lower = GDK_KEY_Right;
  else if (keyval == GDK_KEY_KP_Delete)
    lower = GDK_KEY_Delete;
  else if (keyval == GDK_KEY_ISO_Left_Tab)
    lower = GDK_KEY_Tab;
  /* a letter with Shift is the same key (shortcut triggers keep letters lower case) */
  if (gdk_keyval_to_upper (lower) != lower && (mods & GDK_SHIFT_MASK))
    mods &= ~GDK_SHIFT_MASK;
  return gtk_accelerator_name (lower, mods & gtk_accelerator_get_default_mod_mask ());
}

static void
add_parsed (GHashTable *set, const char *accel, const char *where)
{
  guint key;
  GdkModifierType mods;

  g_assert_true (gtk_accelerator_parse (accel, &key, &mods));
  g_hash_table_replace (set, normal_accel (key, mods), g_strdup (where));
}

/* The accelerator syntax of GtkShortcutsShortcut: alternatives separated by spaces,
 * "A...B" for a range. */
static void
add_listed (GHashTable *set, const char *accels, const char *title)
{
  g_auto(GStrv) parts = g_strsplit (accels, " ", -1);

  for (guint i = 0; parts[i]; i++)
    {
      char *dots = strstr (parts[i], "...");
      if (dots != NULL)
        {
          g_autofree char *first = g_strndup (parts[i], dots - parts[i]);
          guint k1, k2;
          GdkModifierType m1, m2;

          g_assert_true (gtk_accelerator_parse (first, &k1, &m1));
          g_assert_true (gtk_accelerator_parse (dots + 3, &k2, &m2));
          g_assert_cmpint (m1, ==, m2);
          for (guint k = k1; k <= k2; k++)
            g_hash_table_replace (set, normal_accel (k, m1), g_strdup (title));
        }
      else if (*parts[i])
        add_parsed (set, parts[i], title);
    }
}

static void
collect_listed (GtkWidget *root, GHashTable *set)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (root))
    {
      g_autofree char *accel = NULL, *title = NULL;
      g_object_get (root, "accelerator", &accel, "title", &title, NULL);
      if (accel != NULL)
        add_listed (set, accel, title);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    collect_listed (c, set);
}

/* Every key the window binds, with the action it ends in. */
static GHashTable *
collect_bound (Fixture *f)
{
  GHashTable *bound = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  GListModel *keys = G_LIST_MODEL (view_keys (f));

  for (guint i = 0; actions[i]; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);
      for (guint k = 0; accels[k]; k++)
        add_parsed (bound, accels[k], actions[i]);
    }
  for (guint i = 0; i < g_list_model_get_n_items (keys); i++)
    {
      g_autoptr(GtkShortcut) s = g_list_model_get_item (keys, i);
      GtkShortcutTrigger *t = gtk_shortcut_get_trigger (s);
      const char *action = g_object_get_data (G_OBJECT (s), "hashiya-action");

      g_assert_true (GTK_IS_KEYVAL_TRIGGER (t));
      g_assert_nonnull (action);
      g_hash_table_replace (bound,
                            normal_accel (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (t)),
                                          gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (t))),
                            g_strconcat ("win.", action, NULL));
    }
  return bound;
}

static void
test_shortcuts_window (Fixture *f, gconstpointer data)
{
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (f->window));
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) bound = collect_bound (f);
  GHashTableIter it;
  gpointer key, value;
  guint missing = 0, stale = 0;

  g_assert_nonnull (overlay);
  /* Ctrl+? opens it */
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
    g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>question"));
  }
  collect_listed (GTK_WIDGET (overlay), listed);
  g_assert_cmpuint (g_hash_table_size (listed), >, 20);

  g_hash_table_iter_init (&it, bound);
  while (g_hash_table_iter_next (&it, &key, &value))
    if (!g_hash_table_contains (listed, key))
      {
        g_test_message ("bound but not in the shortcuts window: %s (%s)", (char *) key, (char *) value);
        missing++;
      }
  /* and nothing listed that is not bound (Return acts in the find entry itself) */
  g_hash_table_iter_init (&it, listed);
  while (g_hash_table_iter_next (&it, &key, &value))
    if (!g_hash_table_contains (bound, key) && !g_str_equal (key, "Return"))
      {
        g_test_message ("listed but not bound: %s (%s)", (char *) key, (char *) value);
        stale++;
      }
  g_assert_cmpuint (missing, ==, 0);
  g_assert_cmpuint (stale, ==, 0);
}

static void
collect_menu_actions (GMenuModel *menu, GHashTable *set)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *action = NULL;
      g_autoptr(GMenuLinkIter) links = NULL;
      const char *name;
      GMenuModel *link;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
        g_hash_table_add (set, g_strdup (action));
      links = g_menu_model_iterate_item_links (menu, i);
      while (g_menu_link_iter_get_next (links, &name, &link))
        {
          collect_menu_actions (link, set);
          g_object_unref (link);
        }
    }
}

static void
collect_widget_actions (GtkWidget *root, GHashTable *set)
{
  if (GTK_IS_ACTIONABLE (root) && gtk_actionable_get_action_name (GTK_ACTIONABLE (root)) != NULL
      && gtk_widget_get_focusable (root))
    g_hash_table_add (set, g_strdup (gtk_actionable_get_action_name (GTK_ACTIONABLE (root))));
  if (GTK_IS_MENU_BUTTON (root) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (root)) != NULL)
    collect_menu_actions (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (root)), set);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    collect_widget_actions (c, set);
}

static void
test_keyboard_reach (Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) bound = collect_bound (f);
  g_autoptr(GHashTable) reach = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Actions a key does not name directly, and the keyboard path that reaches them:
   * each path is checked below. */
  const char *indirect[][2] = {
    { "win.tag-exact", "win.tag-key-exact" },   /* Alt+1…9 */
    { "win.tag-all-as", "win.tag-all" },        /* the Tag All button, Alt+T */
    { "win.note", "note-entry" },               /* Enter in the note entry */
    { "win.open-document", "document-list" },   /* the rows of the document list */
    { "win.export-to", "win.export" },          /* the export dialog's Export button */
    { "app.open-recent", "recent-list" },       /* rows of the start screen's list */
    { "win.set-span-value", "win.span-details" }, /* the details popover's Set Value button */
  };
  g_auto(GStrv) win_actions = g_action_group_list_actions (G_ACTION_GROUP (f->window));
  g_auto(GStrv) app_actions = g_action_group_list_actions (G_ACTION_GROUP (app));
  GHashTableIter it;
  gpointer value;
  guint unreachable = 0;

  g_hash_table_iter_init (&it, bound);
  while (g_hash_table_iter_next (&it, NULL, &value))
    g_hash_table_add (reach, g_strdup (value));
  activate (f, "find", NULL);   /* the find bar's widgets are in the tree */
  collect_widget_actions (GTK_WIDGET (f->window), reach);
  /* the main menu opens with F10 */
  {
    GtkWidget *menu = find_named (GTK_WIDGET (f->window), "main-menu-button");
    g_assert_nonnull (menu);
    g_assert_true (gtk_menu_button_get_primary (GTK_MENU_BUTTON (menu)));
  }
  for (guint i = 0; i < G_N_ELEMENTS (indirect); i++)
    {
      const char *via = indirect[i][1];
      if (strchr (via, '.') != NULL)
        g_assert_true (g_hash_table_contains (reach, via));
      else if (g_str_equal (via, "recent-list"))
        {
          /* shown on the start screen of a window without a project */
          HashiyaWindow *empty = hashiya_window_new (app);
          GtkWidget *list = find_named (GTK_WIDGET (empty), via);
          g_assert_nonnull (list);
          g_assert_true (GTK_IS_LIST_BOX (list));
          gtk_window_destroy (GTK_WINDOW (empty));
        }
      else
        {
          GtkWidget *w = find_named (GTK_WIDGET (f->window), via);
          g_assert_nonnull (w);
          /* an entry's focus goes to the text inside it */
          g_assert_true (gtk_widget_get_focusable (w) || GTK_IS_EDITABLE (w) || GTK_IS_LIST_BOX (w)
                         || GTK_IS_LIST_VIEW (w));
          if (GTK_IS_LIST_VIEW (w))
            {
              /* the document list: a list view over the store's rows; its rows take the
               * focus in turn and Enter (activate) opens one */
              GListModel *m = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (w)));
              g_assert_cmpuint (g_list_model_get_n_items (m), >, 0);
              g_assert_true (gtk_widget_get_focusable (w));
              g_assert_true (gtk_widget_get_can_focus (w));
            }
          if (GTK_IS_LIST_BOX (w))
            {
              GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (w), 0);
              g_assert_nonnull (row);
              g_assert_true (gtk_list_box_row_get_activatable (row));
              g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (row)));
            }
        }
      g_hash_table_add (reach, g_strdup (indirect[i][0]));
    }
  for (guint i = 0; win_actions[i]; i++)
    {
      g_autofree char *name = g_strconcat ("win.", win_actions[i], NULL);
      if (!g_hash_table_contains (reach, name))
        {
          g_test_message ("no keyboard path to %s", name);
          unreachable++;
        }
    }
  for (guint i = 0; app_actions[i]; i++)
    {
      g_autofree char *name = g_strconcat ("app.", app_actions[i], NULL);
      if (!g_hash_table_contains (reach, name))
        {
          g_test_message ("no keyboard path to %s", name);
          unreachable++;
        }
    }
  g_assert_cmpuint (unreachable, ==, 0);
}

/* ---- accessible names ------------------------------------------------------ */

static gboolean
has_label_text (GtkWidget *w)
{
  if (GTK_IS_LABEL (w))
    {
      const char *t = gtk_label_get_text (GTK_LABEL (w));
      return t != NULL && *t;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    if (gtk_widget_get_visible (c) && has_label_text (c))
      return TRUE;
  return FALSE;
}

static gboolean
has_name (GtkWidget *w)
{
  /* (GtkButton points labelled-by at whatever child it has, an icon too: not a name) */
  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return TRUE;
  if (ADW_IS_PREFERENCES_ROW (w))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w));
      return title != NULL && *title;
    }
  if (GTK_IS_CHECK_BUTTON (w))
    return gtk_check_button_get_label (GTK_CHECK_BUTTON (w)) != NULL;
  return has_label_text (w);
}

/* Widgets a user operates; their parts that GTK or libadwaita build inside are skipped. */
static gboolean
is_control (GtkWidget *w)
{
  return GTK_IS_BUTTON (w) || GTK_IS_MENU_BUTTON (w) || GTK_IS_CHECK_BUTTON (w)
         || GTK_IS_SWITCH (w) || GTK_IS_ENTRY (w) || GTK_IS_SEARCH_ENTRY (w)
         || GTK_IS_DROP_DOWN (w) || GTK_IS_LIST_BOX (w) || GTK_IS_LIST_VIEW (w)
         || GTK_IS_TEXT_VIEW (w) || GTK_IS_SPIN_BUTTON (w) || GTK_IS_SCALE (w)
         || GTK_IS_FONT_BUTTON (w) || GTK_IS_COLOR_BUTTON (w) || ADW_IS_PREFERENCES_ROW (w)
         || GTK_IS_PROGRESS_BAR (w);
}

static gboolean
is_opaque (GtkWidget *w)
{
  /* composite widgets whose inner parts are their own business */
  return GTK_IS_MENU_BUTTON (w) || GTK_IS_DROP_DOWN (w) || GTK_IS_ENTRY (w)
         || GTK_IS_SEARCH_ENTRY (w) || GTK_IS_SPIN_BUTTON (w) || GTK_IS_FONT_BUTTON (w)
         || GTK_IS_COLOR_BUTTON (w) || ADW_IS_PREFERENCES_ROW (w) || GTK_IS_WINDOW_CONTROLS (w)
         || GTK_IS_SCROLLBAR (w) || GTK_IS_POPOVER (w);
}

static void
check_names (GtkWidget *root, GString *unnamed)
{
  /* what is hidden (and all inside it) is not presented to anyone */
  if (!gtk_widget_get_visible (root) || !gtk_widget_get_child_visible (root))
    return;
  if (is_control (root) && !has_name (root))
    {
      const char *name = gtk_widget_get_name (root);
      g_string_append_printf (unnamed, " %s(%s", G_OBJECT_TYPE_NAME (root), name ? name : "");
      for (GtkWidget *p = gtk_widget_get_parent (root); p; p = gtk_widget_get_parent (p))
        g_string_append_printf (unnamed, " < %s", G_OBJECT_TYPE_NAME (p));
      g_string_append (unnamed, ")");
    }
  if (is_opaque (root))
    {
      /* rows hold our own buttons as suffixes: those need names too */
      if (ADW_IS_PREFERENCES_ROW (root))
        for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
          {
            g_autoptr(GPtrArray) stack = g_ptr_array_new ();
            g_ptr_array_add (stack, c);
            while (stack->len > 0)
              {
                GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);
                if ((GTK_IS_BUTTON (w) || GTK_IS_DROP_DOWN (w) || GTK_IS_SWITCH (w) || GTK_IS_MENU_BUTTON (w)
                     || GTK_IS_FONT_BUTTON (w) || GTK_IS_COLOR_BUTTON (w))
                    && gtk_widget_get_ancestor (w, GTK_TYPE_DROP_DOWN) == NULL
                    && !(GTK_IS_TOGGLE_BUTTON (w) && GTK_IS_MENU_BUTTON (gtk_widget_get_parent (w)))
                    && !(GTK_IS_BUTTON (w) && (GTK_IS_FONT_BUTTON (gtk_widget_get_parent (w))
                                               || GTK_IS_COLOR_BUTTON (gtk_widget_get_parent (w))))
                    && gtk_widget_get_visible (w) && !has_name (w))
                  g_string_append_printf (unnamed, " %s(%s in a row)", G_OBJECT_TYPE_NAME (w), gtk_widget_get_name (w));
                for (GtkWidget *d = gtk_widget_get_first_child (w); d; d = gtk_widget_get_next_sibling (d))
                  g_ptr_array_add (stack, d);
              }
          }
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    check_names (c, unnamed);
}

static void
test_accessible_names (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) unnamed = g_string_new (NULL);
  GtkWindow *prefs, *export;
  HashiyaWindow *empty;

  activate (f, "find", NULL);
  activate (f, "next-comment", NULL);   /* the card controls are shown */
  check_names (GTK_WIDGET (f->window), unnamed);

  activate (f, "preferences", NULL);
  prefs = toplevel_of_type ("HashiyaPreferences");
  g_assert_nonnull (prefs);
  /* every page in turn (only the shown one is visible) */
  {
    g_autoptr(GPtrArray) pages = g_ptr_array_new ();
    g_autoptr(GPtrArray) stack = g_ptr_array_new ();

    g_ptr_array_add (stack, prefs);
    while (stack->len > 0)
      {
        GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);
        /* our pages have titles (the window's own search page has none) */
        if (ADW_IS_PREFERENCES_PAGE (w) && adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (w)) != NULL
            && *adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (w)))
          g_ptr_array_add (pages, w);
        for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (stack, c);
      }
    g_assert_cmpuint (pages->len, >=, 2);
    for (guint i = 0; i < pages->len; i++)
      {
        adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (prefs), g_ptr_array_index (pages, i));
        spin ();
        check_names (GTK_WIDGET (prefs), unnamed);
      }
  }
  gtk_window_destroy (prefs);

  activate (f, "export", NULL);
  export = toplevel_of_type ("HashiyaExportDialog");
  g_assert_nonnull (export);
  check_names (GTK_WIDGET (export), unnamed);
  gtk_window_destroy (export);

  empty = hashiya_window_new (app);
  check_names (GTK_WIDGET (empty), unnamed);
  gtk_window_destroy (GTK_WINDOW (empty));
  spin ();

  if (unnamed->len > 0)
    g_test_message ("without a name:%s", unnamed->str);
  g_assert_cmpstr (unnamed->str, ==, "");
}

/* ---- the font preference --------------------------------------------------- */

int
main (int argc, char *argv[])
{
  ui_test_init (&argc, &argv, "io.github.hashiya.Hashiya.TestKeyboard", TRUE);
  g_test_add ("/keyboard/delete-toast-undo", Fixture, NULL, fixture_setup, test_delete_toast_undo, fixture_teardown);
  g_test_add ("/keyboard/shortcuts-window", Fixture, NULL, fixture_setup, test_shortcuts_window, fixture_teardown);
  g_test_add ("/keyboard/keyboard-reach", Fixture, NULL, fixture_setup, test_keyboard_reach, fixture_teardown);
  g_test_add ("/keyboard/accessible-names", Fixture, NULL, fixture_setup, test_accessible_names, fixture_teardown);

  return ui_test_run ();
}
