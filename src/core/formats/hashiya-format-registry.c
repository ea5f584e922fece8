/* hashiya-format-registry.c: the table of file formats
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "hashiya-format-registry.h"

/* One line per format; a format's place in this table is its HashiyaFormat value
 * (the built-in ones keep the places hashiya-interchange.h names). The order is also the
 * order of every list shown to the user, and breaks ties in detection. */
#define HASHIYA_FORMATS(X) \
  X (article)              \
  X (json)                 \
  X (jsonl)                \
  X (conll)                \
  X (doccano)              \
  X (label_studio)         \
  X (brat)                 \
  X (spacy)                \
  X (comments_csv)         \
  X (comments_tsv)

#define DECLARE(id) extern const HashiyaFormatDesc hashiya_format_##id;
HASHIYA_FORMATS (DECLARE)
#undef DECLARE

#define ENTRY(id) &hashiya_format_##id,
static const HashiyaFormatDesc * const table[] = {
  NULL,   /* HASHIYA_FORMAT_AUTO */
  HASHIYA_FORMATS (ENTRY)
};
#undef ENTRY

G_STATIC_ASSERT (G_N_ELEMENTS (table) > HASHIYA_FORMAT_SPACY);

guint
hashiya_format_registry_size (void)
{
  return G_N_ELEMENTS (table);
}

const HashiyaFormatDesc *
hashiya_format_registry_get (HashiyaFormat format)
{
  if ((guint) format < G_N_ELEMENTS (table))
    return table[format];
  return NULL;
}

const char *
hashiya_format_to_string (HashiyaFormat format)
{
  if (format == HASHIYA_FORMAT_AUTO)
    return "auto";
  if ((guint) format < G_N_ELEMENTS (table))
    return table[format]->name;
  return NULL;
}

gboolean
hashiya_format_from_string (const char    *str,
                            HashiyaFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  if (str == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (str, "auto") == 0)
    {
      *format = HASHIYA_FORMAT_AUTO;
      return TRUE;
    }
  for (guint i = 1; i < G_N_ELEMENTS (table); i++)
    if (g_ascii_strcasecmp (str, table[i]->name) == 0)
      {
        *format = (HashiyaFormat) i;
        return TRUE;
      }
  for (guint i = 1; i < G_N_ELEMENTS (table); i++)
    for (guint k = 0; table[i]->aliases != NULL && table[i]->aliases[k] != NULL; k++)
      if (g_ascii_strcasecmp (str, table[i]->aliases[k]) == 0)
        {
          *format = (HashiyaFormat) i;
          return TRUE;
        }
  return FALSE;
}

HashiyaFormat
hashiya_format_registry_detect (const char *name,
                                const char *data,
                                gsize       len)
{
  g_autoptr(HashiyaSniff) sniff = hashiya_sniff_new (data, len, name);
  HashiyaFormat best = HASHIYA_FORMAT_AUTO;
  guint best_confidence = 0;

  for (guint i = 1; i < G_N_ELEMENTS (table); i++)
    {
      guint confidence;

      if (table[i]->detect == NULL)
        continue;
      confidence = table[i]->detect (sniff);
      if (confidence > best_confidence)
        {
          best_confidence = confidence;
          best = (HashiyaFormat) i;
        }
    }
  return best;
}

static gboolean
listed (const HashiyaFormatDesc *desc,
        guint                    flags)
{
  if ((flags & HASHIYA_FORMAT_LIST_READABLE) && desc->read == NULL && desc->read_path == NULL)
    return FALSE;
  if ((flags & HASHIYA_FORMAT_LIST_WRITABLE) && desc->writer == NULL)
    return FALSE;
  if ((flags & HASHIYA_FORMAT_LIST_TITLES) && desc->title == NULL)
    return FALSE;
  return TRUE;
}

GArray *
hashiya_format_registry_list (guint flags)
{
  GArray *list = g_array_new (FALSE, FALSE, sizeof (guint));
  guint first = 0;

  if (flags & HASHIYA_FORMAT_LIST_WRITABLE)
    {
      /* the default export format leads the lists of writers (the CLI, the export dialog) */
      HashiyaExportOptions defaults;

      hashiya_export_options_init (&defaults);
      first = defaults.format;
      if (first > 0 && first < G_N_ELEMENTS (table) && listed (table[first], flags))
        g_array_append_val (list, first);
      else
        first = 0;
    }
  for (guint i = 1; i < G_N_ELEMENTS (table); i++)
    if (i != first && listed (table[i], flags))
      g_array_append_val (list, i);
  return list;
}

char *
hashiya_format_registry_join (guint       flags,
                              const char *sep,
                              const char *last_sep)
{
  g_autoptr(GArray) list = hashiya_format_registry_list (flags);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < list->len; i++)
    {
      const HashiyaFormatDesc *desc = table[g_array_index (list, guint, i)];

      if (i > 0)
        g_string_append (s, i + 1 == list->len && last_sep != NULL ? last_sep : sep);
      g_string_append (s, (flags & HASHIYA_FORMAT_LIST_TITLES)
                          ? g_dgettext (GETTEXT_PACKAGE, desc->title) : desc->name);
    }
  return g_string_free (s, FALSE);
}

HashiyaFormat
hashiya_format_registry_comments_format (void)
{
  for (guint i = 1; i < G_N_ELEMENTS (table); i++)
    if (table[i]->comments_only)
      return (HashiyaFormat) i;
  return HASHIYA_FORMAT_AUTO;
}
