/* hashiya-span-model.c: the open document's spans in text order, with nesting flags
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-span-model.h"

struct _HashiyaSpanItem
{
  GObject parent_instance;
  gint64  id;
  gint64  start;
  gint64  end;
  char   *label;
  char   *text;
  char   *before;     /* a few words of context on each side (same paragraph) */
  char   *after;
  gunichar edge_invisible;   /* an invisible character the span starts or ends on, or 0 */
};

G_DEFINE_FINAL_TYPE (HashiyaSpanItem, hashiya_span_item, G_TYPE_OBJECT)

static void
hashiya_span_item_finalize (GObject *object)
{
  HashiyaSpanItem *self = HASHIYA_SPAN_ITEM (object);

  g_free (self->label);
  g_free (self->text);
  g_free (self->before);
  g_free (self->after);
  G_OBJECT_CLASS (hashiya_span_item_parent_class)->finalize (object);
}

static void
hashiya_span_item_class_init (HashiyaSpanItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hashiya_span_item_finalize;
}

static void
hashiya_span_item_init (HashiyaSpanItem *self)
{
}

gint64 hashiya_span_item_get_id (HashiyaSpanItem *self) { return self->id; }
gint64 hashiya_span_item_get_start (HashiyaSpanItem *self) { return self->start; }
gint64 hashiya_span_item_get_end (HashiyaSpanItem *self) { return self->end; }
const char *hashiya_span_item_get_label (HashiyaSpanItem *self) { return self->label; }
const char *hashiya_span_item_get_text (HashiyaSpanItem *self) { return self->text; }
const char *hashiya_span_item_get_before (HashiyaSpanItem *self) { return self->before ? self->before : ""; }
const char *hashiya_span_item_get_after (HashiyaSpanItem *self) { return self->after ? self->after : ""; }
gunichar    hashiya_span_item_get_edge_invisible (HashiyaSpanItem *self) { return self->edge_invisible; }

gboolean
hashiya_char_is_invisible (gunichar c)
{
  return c == 0x00A0 || c == 0x0640 || c == 0x202F || c == 0x2007
         || g_unichar_type (c) == G_UNICODE_FORMAT;
}

#define CONTEXT_CHARS 24

/* Up to CONTEXT_CHARS of the paragraph before start (direction -1) or after end (+1), cut
 * at a word boundary. */
static char *
context (HashiyaText *text, gint64 from, int direction)
{
  gint64 n = (gint64) hashiya_text_get_length (text);
  gint64 a = from, b = from;

  if (direction < 0)
    {
      while (a > 0 && from - a < CONTEXT_CHARS && hashiya_text_get_char (text, a - 1) != '\n')
        a--;
      if (a > 0 && hashiya_text_get_char (text, a - 1) != '\n')
        while (a < from && !g_unichar_isspace (hashiya_text_get_char (text, a)))
          a++;
    }
  else
    {
      while (b < n && b - from < CONTEXT_CHARS && hashiya_text_get_char (text, b) != '\n')
        b++;
      if (b < n && hashiya_text_get_char (text, b) != '\n')
        while (b > from && !g_unichar_isspace (hashiya_text_get_char (text, b - 1)))
          b--;
    }
  return hashiya_text_slice (text, (gsize) a, (gsize) b);
}

typedef struct
{
  HashiyaSpan *span;
  gboolean     nested;
} Entry;

struct _HashiyaSpanModel
{
  GObject      parent_instance;
  GArray      *entries;   /* Entry, sorted by start ASC, end DESC, id ASC */
  HashiyaText *text;
  gint64       max_len;   /* longest span: bounds the backward scan for overlaps */
  GPtrArray   *suggestions;   /* HashiyaSuggestion, by start, borrowed from owner; never NULL */
  GPtrArray   *owner;         /* owns them, or NULL */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HashiyaSpanModel, hashiya_span_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return HASHIYA_TYPE_SPAN_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return HASHIYA_SPAN_MODEL (model)->entries->len;
}

static gpointer
get_item (GListModel *model, guint position)
{
  HashiyaSpanModel *self = HASHIYA_SPAN_MODEL (model);
  HashiyaSpanItem *item;
  const HashiyaSpan *span;

  if (position >= self->entries->len)
    return NULL;
  span = g_array_index (self->entries, Entry, position).span;
  item = g_object_new (HASHIYA_TYPE_SPAN_ITEM, NULL);
  item->id = span->id;
  item->start = span->start;
  item->end = span->end;
  item->label = g_strdup (span->label);
  if (self->text != NULL && span->end <= (gint64) hashiya_text_get_length (self->text))
    {
      /* Long spans are shown shortened in the list */
      gint64 end = MIN (span->end, span->start + 60);
      item->text = hashiya_text_slice (self->text, span->start, end);
      if (end < span->end)
        {
          char *t = g_strconcat (item->text, "…", NULL);
          g_free (item->text);
          item->text = t;
        }
      item->before = context (self->text, span->start, -1);
      item->after = context (self->text, span->end, 1);
      if (span->end > span->start)
        {
          gunichar first = hashiya_text_get_char (self->text, span->start);
          gunichar last = hashiya_text_get_char (self->text, span->end - 1);
          item->edge_invisible = hashiya_char_is_invisible (first) ? first
                                 : hashiya_char_is_invisible (last) ? last : 0;
        }
    }
  else
    item->text = g_strdup ("");
  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
entry_clear (gpointer data)
{
  Entry *e = data;

  g_clear_pointer (&e->span, hashiya_span_free);
}

static void
hashiya_span_model_finalize (GObject *object)
{
  HashiyaSpanModel *self = HASHIYA_SPAN_MODEL (object);

  g_array_unref (self->entries);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  g_clear_pointer (&self->owner, g_ptr_array_unref);
  g_clear_pointer (&self->text, hashiya_text_unref);
  G_OBJECT_CLASS (hashiya_span_model_parent_class)->finalize (object);
}

static void
hashiya_span_model_class_init (HashiyaSpanModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hashiya_span_model_finalize;
}

static void
hashiya_span_model_init (HashiyaSpanModel *self)
{
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, entry_clear);
  self->suggestions = g_ptr_array_new ();
}

HashiyaSpanModel *
hashiya_span_model_new (void)
{
  return g_object_new (HASHIYA_TYPE_SPAN_MODEL, NULL);
}

static int
span_cmp (const HashiyaSpan *a, const HashiyaSpan *b)
{
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  if (a->end != b->end)
    return a->end > b->end ? -1 : 1;
  if (a->id != b->id)
    return a->id < b->id ? -1 : 1;
  return 0;
}

static int
entry_cmp (gconstpointer a, gconstpointer b)
{
  return span_cmp (((const Entry *) a)->span, ((const Entry *) b)->span);
}

void
hashiya_span_model_set_spans (HashiyaSpanModel *self,
                              HashiyaText      *text,
                              GPtrArray        *spans)
{
  guint old_len = self->entries->len;

  g_return_if_fail (HASHIYA_IS_SPAN_MODEL (self));

  g_array_set_size (self->entries, 0);
  hashiya_span_model_set_suggestions (self, NULL, NULL);
  g_clear_pointer (&self->text, hashiya_text_unref);
  if (text != NULL)
    self->text = hashiya_text_ref (text);
  self->max_len = 0;
  if (spans != NULL)
    {
      g_ptr_array_set_free_func (spans, NULL);
      for (guint i = 0; i < spans->len; i++)
        {
          Entry e = { g_ptr_array_index (spans, i), FALSE };
          self->max_len = MAX (self->max_len, e.span->end - e.span->start);
          g_array_append_val (self->entries, e);
        }
      g_ptr_array_unref (spans);
      g_array_sort (self->entries, entry_cmp);
    }
  g_array_unref (hashiya_span_model_update_nesting (self));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->entries->len);
}

guint
hashiya_span_model_get_count (HashiyaSpanModel *self)
{
  return self->entries->len;
}

const HashiyaSpan *
hashiya_span_model_get (HashiyaSpanModel *self, guint index)
{
  g_return_val_if_fail (index < self->entries->len, NULL);
  return g_array_index (self->entries, Entry, index).span;
}

gboolean
hashiya_span_model_is_nested (HashiyaSpanModel *self, guint index)
{
  g_return_val_if_fail (index < self->entries->len, FALSE);
  return g_array_index (self->entries, Entry, index).nested;
}

guint
hashiya_span_model_find (HashiyaSpanModel *self, gint64 span_id)
{
  for (guint i = 0; i < self->entries->len; i++)
    if (g_array_index (self->entries, Entry, i).span->id == span_id)
      return i;
  return G_MAXUINT;
}

guint
hashiya_span_model_lower_bound (HashiyaSpanModel *self, gint64 offset)
{
  guint lo = 0, hi = self->entries->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (g_array_index (self->entries, Entry, mid).span->start < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static guint
insertion_point (HashiyaSpanModel *self, const HashiyaSpan *span)
{
  guint lo = 0, hi = self->entries->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (span_cmp (g_array_index (self->entries, Entry, mid).span, span) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

guint
hashiya_span_model_insert (HashiyaSpanModel *self, const HashiyaSpan *span)
{
  Entry e = { hashiya_span_copy (span), FALSE };
  guint pos = insertion_point (self, span);

  g_array_insert_val (self->entries, pos, e);
  self->max_len = MAX (self->max_len, span->end - span->start);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 0, 1);
  return pos;
}

HashiyaSpan *
hashiya_span_model_remove (HashiyaSpanModel *self, gint64 span_id)
{
  guint pos = hashiya_span_model_find (self, span_id);
  HashiyaSpan *span;

  if (pos == G_MAXUINT)
    return NULL;
  span = g_steal_pointer (&g_array_index (self->entries, Entry, pos).span);
  g_array_remove_index (self->entries, pos);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);
  return span;
}

gboolean
hashiya_span_model_update (HashiyaSpanModel *self, gint64 span_id,
                           gint64 start, gint64 end, const char *label)
{
  g_autoptr(HashiyaSpan) span = hashiya_span_model_remove (self, span_id);

  if (span == NULL)
    return FALSE;
  span->start = start;
  span->end = end;
  if (label != NULL && label != span->label)
    {
      g_free (span->label);
      span->label = g_strdup (label);
    }
  hashiya_span_model_insert (self, span);
  return TRUE;
}

void
hashiya_span_model_foreach_overlapping (HashiyaSpanModel *self,
                                        gint64 start, gint64 end,
                                        void (*func) (HashiyaSpanModel *, guint, gpointer),
                                        gpointer user_data)
{
  guint first = hashiya_span_model_lower_bound (self, start - self->max_len);
  guint stop = hashiya_span_model_lower_bound (self, end);

  for (guint i = first; i < stop; i++)
    {
      const HashiyaSpan *s = g_array_index (self->entries, Entry, i).span;
      if (s->end > start && s->start < end)
        func (self, i, user_data);
    }
}

const HashiyaSpan *
hashiya_span_model_at (HashiyaSpanModel *self, gint64 start, gint64 end)
{
  guint first = hashiya_span_model_lower_bound (self, start - self->max_len);
  const HashiyaSpan *best = NULL;

  if (end < start)
    end = start;
  for (guint i = first; i < self->entries->len; i++)
    {
      const HashiyaSpan *s = g_array_index (self->entries, Entry, i).span;
      if (s->start > start)
        break;
      if (s->end > start && s->end >= end && (s->end > start || start == end))
        {
          if (start == end && s->end == start)
            continue;
          if (best == NULL || s->end - s->start <= best->end - best->start)
            best = s;
        }
    }
  return best;
}

GArray *
hashiya_span_model_update_nesting (HashiyaSpanModel *self)
{
  GArray *changed = g_array_new (FALSE, FALSE, sizeof (guint));
  gint64 max_end = -1;

  /* In start ASC / end DESC order a span lies inside another exactly when an earlier
   * span reaches at least as far. */
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = &g_array_index (self->entries, Entry, i);
      gboolean nested = max_end >= e->span->end;

      if (nested != e->nested)
        {
          e->nested = nested;
          g_array_append_val (changed, i);
        }
      max_end = MAX (max_end, e->span->end);
    }
  return changed;
}

gboolean
hashiya_span_model_set_value (HashiyaSpanModel *self, gint64 span_id,
                              const char *value, const char *calendar, const char *anchor)
{
  guint pos = hashiya_span_model_find (self, span_id);
  HashiyaSpan *span;

  if (pos == G_MAXUINT)
    return FALSE;
  span = g_array_index (self->entries, Entry, pos).span;
  g_free (span->value);
  g_free (span->calendar);
  g_free (span->anchor);
  span->value = g_strdup (value);
  span->calendar = value != NULL ? g_strdup (calendar) : NULL;
  span->anchor = value != NULL ? g_strdup (anchor) : NULL;
  return TRUE;
}

/* ---- suggestions ---------------------------------------------------------- */

void
hashiya_span_model_set_suggestions (HashiyaSpanModel *self, GPtrArray *suggestions, GPtrArray *owner)
{
  g_return_if_fail (HASHIYA_IS_SPAN_MODEL (self));

  /* owner first: suggestions may point into the old one */
  if (owner != NULL)
    g_ptr_array_ref (owner);
  g_clear_pointer (&self->owner, g_ptr_array_unref);
  self->owner = owner;
  g_ptr_array_unref (self->suggestions);
  self->suggestions = suggestions != NULL ? g_ptr_array_ref (suggestions) : g_ptr_array_new ();
}

guint
hashiya_span_model_get_n_suggestions (HashiyaSpanModel *self)
{
  return self->suggestions->len;
}

const HashiyaSuggestion *
hashiya_span_model_get_suggestion (HashiyaSpanModel *self, guint index)
{
  g_return_val_if_fail (index < self->suggestions->len, NULL);
  return g_ptr_array_index (self->suggestions, index);
}

/* First suggestion whose start is > offset. */
static guint
suggestion_upper_bound (HashiyaSpanModel *self, gint64 offset)
{
  guint lo = 0, hi = self->suggestions->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if ((gint64) ((HashiyaSuggestion *) g_ptr_array_index (self->suggestions, mid))->start <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

guint
hashiya_span_model_suggestion_at (HashiyaSpanModel *self, gint64 offset)
{
  guint stop = suggestion_upper_bound (self, offset);
  guint at_end = G_MAXUINT;

  /* suggestions do not overlap spans but may overlap each other: few do, so a short
   * backward scan is enough */
  for (guint i = stop, n = 0; i-- > 0 && n < 64; n++)
    {
      const HashiyaSuggestion *s = g_ptr_array_index (self->suggestions, i);

      if ((gint64) s->end > offset)
        return i;
      if ((gint64) s->end == offset && at_end == G_MAXUINT)
        at_end = i;
    }
  return at_end;
}

guint
hashiya_span_model_next_suggestion (HashiyaSpanModel *self, gint64 offset, int direction)
{
  guint i = suggestion_upper_bound (self, offset);

  if (direction > 0)
    return i < self->suggestions->len ? i : G_MAXUINT;
  /* the last one starting before offset */
  while (i-- > 0)
    if ((gint64) ((HashiyaSuggestion *) g_ptr_array_index (self->suggestions, i))->start < offset)
      return i;
  return G_MAXUINT;
}
