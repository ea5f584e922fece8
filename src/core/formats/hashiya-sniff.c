/* hashiya-sniff.c: the shared view of a file that format detection reads
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hashiya-sniff.h"
#include "hashiya-json-guard.h"

#define JSON_WINDOW 65536
#define MAX_FIRST_LINE (8 * 1024 * 1024)

struct _HashiyaSniff
{
  const char *data;      /* after the BOM */
  gsize       len;
  char       *name;
  const char *json;      /* the opening '{' or '[', or NULL */
  gsize       json_len;
  gboolean    parsed;
  JsonParser *parser;    /* the first line's, when it is an object */
};

HashiyaSniff *
hashiya_sniff_new (const char *data,
                   gsize       len,
                   const char *name)
{
  HashiyaSniff *sniff = g_new0 (HashiyaSniff, 1);

  sniff->name = g_strdup (name);
  if (data != NULL)
    {
      const char *end;

      if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
        {
          data += 3;
          len -= 3;
        }
      sniff->data = data;
      sniff->len = len;
      end = data + len;
      while (data < end && g_ascii_isspace (*data))
        data++;
      if (data < end && (*data == '{' || *data == '['))
        {
          sniff->json = data;
          sniff->json_len = end - data;
        }
    }
  return sniff;
}

void
hashiya_sniff_free (HashiyaSniff *sniff)
{
  if (sniff == NULL)
    return;
  g_free (sniff->name);
  g_clear_object (&sniff->parser);
  g_free (sniff);
}

const char *
hashiya_sniff_get_data (HashiyaSniff *sniff,
                        gsize        *len)
{
  if (len != NULL)
    *len = sniff->len;
  return sniff->data;
}

const char *
hashiya_sniff_get_name (HashiyaSniff *sniff)
{
  return sniff->name;
}

char
hashiya_sniff_json_opening (HashiyaSniff *sniff)
{
  return sniff->json != NULL ? sniff->json[0] : 0;
}

/* A minimal, allocation-free search in the first window of the data. */
gboolean
hashiya_sniff_json_window_has (HashiyaSniff *sniff,
                               const char   *needle)
{
  gsize len = MIN (sniff->json_len, JSON_WINDOW);
  gsize n = strlen (needle);
  const char *data = sniff->json;

  if (data == NULL || n == 0 || n > len)
    return FALSE;
  for (gsize i = 0; i + n <= len; i++)
    if (data[i] == needle[0] && memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

JsonObject *
hashiya_sniff_json_first_object (HashiyaSniff *sniff)
{
  if (!sniff->parsed)
    {
      const char *p = sniff->json, *end, *eol;
      JsonParser *parser;

      sniff->parsed = TRUE;
      if (p == NULL || *p != '{')
        return NULL;
      end = p + sniff->json_len;
      eol = memchr (p, '\n', end - p);
      if (eol == NULL)
        eol = end;
      /* JSONL: the first line is a whole object by itself */
      parser = json_parser_new ();
      if ((gsize) (eol - p) <= MAX_FIRST_LINE
          && hashiya_json_guard_check_depth (NULL, p, eol - p, NULL)
          && json_parser_load_from_data (parser, p, eol - p, NULL)
          && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        sniff->parser = parser;
      else
        g_object_unref (parser);
    }
  return sniff->parser != NULL ? json_node_get_object (json_parser_get_root (sniff->parser)) : NULL;
}

HashiyaSniffEntities
hashiya_sniff_entities_kind (JsonObject *obj)
{
  JsonNode *n;
  JsonArray *arr;
  JsonNode *first;

  if (!json_object_has_member (obj, "text") || !json_object_has_member (obj, "entities"))
    return HASHIYA_SNIFF_ENTITIES_NONE;
  n = json_object_get_member (obj, "entities");
  arr = JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
  first = arr && json_array_get_length (arr) > 0 ? json_array_get_element (arr, 0) : NULL;
  if (first && JSON_NODE_HOLDS_OBJECT (first))
    {
      JsonObject *e = json_node_get_object (first);

      if (json_object_has_member (e, "start_offset"))
        return HASHIYA_SNIFF_ENTITIES_DOCCANO;
      if (json_object_has_member (e, "start"))
        return HASHIYA_SNIFF_ENTITIES_HASHIYA;
    }
  return HASHIYA_SNIFF_ENTITIES_UNSURE;
}
