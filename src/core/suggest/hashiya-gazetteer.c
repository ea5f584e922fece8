/* hashiya-gazetteer.c: places and organisations from lists (ICU country names, Iraq, the user's)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "suggest/hashiya-gazetteer.h"
#include "suggest/hashiya-suggestion-private.h"
#include "hashiya-suggest-resources.h"

#include <string.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>
#include <glib/gi18n-lib.h>

#define IRAQ_RESOURCE "/io/github/hashiya/Hashiya/suggest/gazetteer-iq.tsv"

struct _HashiyaGazetteer
{
  gatomicrefcount ref_count;
  SuggestPhrases  phrases;    /* phrase key -> GazEntry */
  guint           n_entries;
};

typedef struct
{
  char       *label;
  const char *list;           /* interned */
  char       *entry;
  char       *surface;
} GazEntry;

static void
gaz_entry_free (gpointer data)
{
  GazEntry *e = data;

  g_free (e->label);
  g_free (e->entry);
  g_free (e->surface);
  g_free (e);
}

G_DEFINE_BOXED_TYPE (HashiyaGazetteer, hashiya_gazetteer, hashiya_gazetteer_ref, hashiya_gazetteer_unref)

HashiyaGazetteer *
hashiya_gazetteer_new (void)
{
  HashiyaGazetteer *gz = g_new0 (HashiyaGazetteer, 1);

  g_atomic_ref_count_init (&gz->ref_count);
  suggest_phrases_init (&gz->phrases, gaz_entry_free);
  return gz;
}

HashiyaGazetteer *
hashiya_gazetteer_ref (HashiyaGazetteer *gazetteer)
{
  g_return_val_if_fail (gazetteer != NULL, NULL);
  g_atomic_ref_count_inc (&gazetteer->ref_count);
  return gazetteer;
}

void
hashiya_gazetteer_unref (HashiyaGazetteer *gazetteer)
{
  g_return_if_fail (gazetteer != NULL);
  if (g_atomic_ref_count_dec (&gazetteer->ref_count))
    {
      suggest_phrases_clear (&gazetteer->phrases);
      g_free (gazetteer);
    }
}

guint
hashiya_gazetteer_get_n_entries (HashiyaGazetteer *gazetteer)
{
  g_return_val_if_fail (gazetteer != NULL, 0);
  return g_hash_table_size (gazetteer->phrases.table);
}

gboolean
hashiya_gazetteer_add (HashiyaGazetteer *gazetteer,
                       const char       *list,
                       const char       *surface,
                       const char       *label,
                       const char       *entry)
{
  guint n = 0;
  char *key;
  GazEntry *e;

  g_return_val_if_fail (gazetteer != NULL, FALSE);
  g_return_val_if_fail (surface != NULL && label != NULL, FALSE);

  if (*label == '\0' || (key = suggest_phrase_key (surface, &n)) == NULL)
    return FALSE;
  e = g_new0 (GazEntry, 1);
  e->label = g_strdup (label);
  e->list = g_intern_string (list ? list : "");
  e->entry = g_strdup (entry && *entry ? entry : surface);
  e->surface = g_strdup (surface);
  suggest_phrases_note_first (&gazetteer->phrases, key);
  g_hash_table_replace (gazetteer->phrases.table, key, e);
  gazetteer->phrases.max_tokens = MAX (gazetteer->phrases.max_tokens, n);
  return TRUE;
}

gboolean
hashiya_gazetteer_add_countries (HashiyaGazetteer *gazetteer,
                                 GError          **error)
{
  const char * const *codes = uloc_getISOCountries ();

  g_return_val_if_fail (gazetteer != NULL, FALSE);

  for (guint i = 0; codes && codes[i]; i++)
    {
      UErrorCode status = U_ZERO_ERROR;
      UChar name[256];
      char utf8[1024];
      g_autofree char *locale = g_strconcat ("und_", codes[i], NULL);
      g_autofree char *entry = NULL;
      int32_t n;
      char *paren;

      n = uloc_getDisplayCountry (locale, "ar", name, G_N_ELEMENTS (name), &status);
      if (U_FAILURE (status) || n <= 0)
        continue;
      u_strToUTF8 (utf8, sizeof utf8, NULL, name, n, &status);
      if (U_FAILURE (status))
        {
          g_set_error (error, HASHIYA_SUGGEST_ERROR, HASHIYA_SUGGEST_ERROR_ICU,
                       _("ICU could not give the Arabic name of country %s: %s"), codes[i],
                       u_errorName (status));
          return FALSE;
        }
      /* No Arabic name: ICU falls back to the code. */
      if (strcmp (utf8, codes[i]) == 0)
        continue;
      /* هونغ كونغ الصينية (منطقة إدارية خاصة): the qualifier is not written in running text. */
      if ((paren = strchr (utf8, '(')))
        *paren = '\0';
      g_strstrip (utf8);
      entry = g_strdup_printf ("%s (ISO 3166 %s)", utf8, codes[i]);
      hashiya_gazetteer_add (gazetteer, "icu-countries", utf8, "LOC", entry);
    }
  return TRUE;
}

static gsize
line_of_byte (const char *data,
              gsize       byte)
{
  gsize line = 1;

  for (gsize i = 0; i < byte; i++)
    if (data[i] == '\n')
      line++;
  return line;
}

gboolean
hashiya_gazetteer_load_data (HashiyaGazetteer *gazetteer,
                             const char       *list_name,
                             const char       *data,
                             gssize            len,
                             GError          **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  gsize n_chars, bad;
  const char *p, *end;
  guint line = 0;

  g_return_val_if_fail (gazetteer != NULL, FALSE);
  g_return_val_if_fail (list_name != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (len < 0)
    len = strlen (data);
  if (!hashiya_utf8_validate_count (data, len, &n_chars, &bad))
    {
      g_set_error (error, HASHIYA_SUGGEST_ERROR, HASHIYA_SUGGEST_ERROR_PARSE,
                   _("%s:%zu: invalid UTF-8 or a NUL byte at byte %zu"), list_name,
                   line_of_byte (data, bad), bad);
      return FALSE;
    }

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (p = data, end = data + len; p < end;)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *eol = nl ? nl : end;
      g_autofree char *text = NULL;
      g_auto(GStrv) cols = NULL;
      guint n_cols;

      line++;
      text = g_strndup (p, eol - p);
      p = nl ? nl + 1 : end;
      if (*text && text[strlen (text) - 1] == '\r')
        text[strlen (text) - 1] = '\0';
      if (line == 1 && g_str_has_prefix (text, "\xEF\xBB\xBF"))
        memmove (text, text + 3, strlen (text + 3) + 1);
      {
        g_autofree char *trimmed = g_strstrip (g_strdup (text));
        if (*trimmed == '\0' || text[0] == '#')
          continue;   /* blank or comment */
      }
      cols = g_strsplit (text, "\t", -1);
      n_cols = g_strv_length (cols);
      if (n_cols < 2)
        {
          g_set_error (error, HASHIYA_SUGGEST_ERROR, HASHIYA_SUGGEST_ERROR_PARSE,
                       _("%s:%u: expected “surface<TAB>LABEL”, found no tab"), list_name, line);
          return FALSE;
        }
      if (n_cols > 3)
        {
          g_set_error (error, HASHIYA_SUGGEST_ERROR, HASHIYA_SUGGEST_ERROR_PARSE,
                       _("%s:%u: %u columns; expected surface, label and an optional entry"),
                       list_name, line, n_cols);
          return FALSE;
        }
      for (guint c = 0; c < n_cols; c++)
        g_strstrip (cols[c]);
      if (cols[0][0] == '\0')
        {
          g_set_error (error, HASHIYA_SUGGEST_ERROR, HASHIYA_SUGGEST_ERROR_PARSE,
                       _("%s:%u: the surface is empty"), list_name, line);
          return FALSE;
        }
      {
        g_autofree char *key = suggest_phrase_key (cols[0], NULL);
        if (key == NULL)
          {
            g_set_error (error, HASHIYA_SUGGEST_ERROR, HASHIYA_SUGGEST_ERROR_PARSE,
                         _("%s:%u: the surface “%s” has no letter or digit"), list_name, line, cols[0]);
            return FALSE;
          }
      }
      if (cols[1][0] == '\0' || strpbrk (cols[1], " \t"))
        {
          g_set_error (error, HASHIYA_SUGGEST_ERROR, HASHIYA_SUGGEST_ERROR_PARSE,
                       _("%s:%u: the label “%s” is empty or contains a space"), list_name, line, cols[1]);
          return FALSE;
        }
      g_ptr_array_add (rows, g_steal_pointer (&cols));
    }

  for (guint r = 0; r < rows->len; r++)
    {
      char **cols = rows->pdata[r];
      hashiya_gazetteer_add (gazetteer, list_name, cols[0], cols[1], cols[2]);
    }
  return TRUE;
}

gboolean
hashiya_gazetteer_load_file (HashiyaGazetteer *gazetteer,
                             const char       *path,
                             GError          **error)
{
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  gsize len;

  g_return_val_if_fail (gazetteer != NULL && path != NULL, FALSE);

  if (!g_file_get_contents (path, &data, &len, error))
    return FALSE;
  name = g_path_get_basename (path);
  return hashiya_gazetteer_load_data (gazetteer, name, data, len, error);
}

HashiyaGazetteer *
hashiya_gazetteer_new_default (GError **error)
{
  g_autoptr(HashiyaGazetteer) gz = hashiya_gazetteer_new ();
  g_autoptr(GBytes) bytes = NULL;

  if (!hashiya_gazetteer_add_countries (gz, error))
    return NULL;
  bytes = g_resource_lookup_data (hashiya_suggest_get_resource (), IRAQ_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  if (!hashiya_gazetteer_load_data (gz, "gazetteer-iq", g_bytes_get_data (bytes, NULL),
                                    g_bytes_get_size (bytes), error))
    return NULL;
  return g_steal_pointer (&gz);
}

GPtrArray *
hashiya_gazetteer_suggest (HashiyaGazetteer *gazetteer,
                           const char       *text,
                           gssize            len)
{
  SuggestDoc *doc;
  GPtrArray *out;

  g_return_val_if_fail (gazetteer != NULL, NULL);
  g_return_val_if_fail (text != NULL || len == 0, NULL);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_suggestion_free);
  doc = suggest_doc_new (text ? text : "", len);
  for (guint i = 0; i < doc->n_tokens; i++)
    {
      SuggestPhraseMatch m;
      const GazEntry *e;
      HashiyaSuggestion *s;

      if (doc->tokens[i].kind == SUGGEST_TOKEN_PUNCT
          || !suggest_phrases_match (&gazetteer->phrases, doc, i, TRUE, &m))
        continue;
      e = m.value;
      s = suggest_doc_make (doc, m.ks, m.ke, e->label, HASHIYA_SUGGEST_SOURCE_GAZETTEER);
      /* Translators: %s are the list's name and the entry, e.g. gazetteer-iq and نينوى (Nineveh, IQ-NI) */
      s->why = g_strdup_printf (_("gazetteer: list %s, entry %s"), e->list, e->entry);
      g_ptr_array_add (out, s);
    }
  suggest_doc_free (doc);
  suggest_keep_longest (out);
  return out;
}
