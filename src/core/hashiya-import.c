/* hashiya-import.c: reading files into a project (checks, format detection, one transaction per file)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file is read once (g_file_get_contents), checked and cleaned in place (BOM, CRLF/CR),
 * and the buffer is handed down to the parser and then to the store without further
 * copies, so a large article costs about one copy of itself plus SQLite's page cache.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include <json-glib/json-glib.h>

#include "hashiya-import.h"
#include "hashiya-export.h"

G_DEFINE_QUARK (hashiya-import-error-quark, hashiya_import_error)

/* ---- enums ------------------------------------------------------------------- */

static const char * const format_names[] = {
  [HASHIYA_FORMAT_AUTO] = "auto",
  [HASHIYA_FORMAT_ARTICLE] = "article",
  [HASHIYA_FORMAT_JSON] = "json",
  [HASHIYA_FORMAT_JSONL] = "jsonl",
  [HASHIYA_FORMAT_CONLL] = "conll",
  [HASHIYA_FORMAT_DOCCANO] = "doccano",
  [HASHIYA_FORMAT_LABEL_STUDIO] = "label-studio",
  [HASHIYA_FORMAT_BRAT] = "brat",
  [HASHIYA_FORMAT_SPACY] = "spacy",
};

const char *
hashiya_format_to_string (HashiyaFormat format)
{
  if ((guint) format < G_N_ELEMENTS (format_names))
    return format_names[format];
  return NULL;
}

gboolean
hashiya_format_from_string (const char    *str,
                            HashiyaFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (str, format_names[i]) == 0)
      {
        *format = (HashiyaFormat) i;
        return TRUE;
      }
  /* friendly aliases */
  if (g_ascii_strcasecmp (str, "txt") == 0 || g_ascii_strcasecmp (str, "text") == 0)
    *format = HASHIYA_FORMAT_ARTICLE;
  else if (g_ascii_strcasecmp (str, "labelstudio") == 0
           || g_ascii_strcasecmp (str, "label_studio") == 0)
    *format = HASHIYA_FORMAT_LABEL_STUDIO;
  else if (g_ascii_strcasecmp (str, "ann") == 0)
    *format = HASHIYA_FORMAT_BRAT;
  else
    return FALSE;
  return TRUE;
}

static const char * const scheme_names[] = {
  [HASHIYA_SCHEME_AUTO] = "auto",
  [HASHIYA_SCHEME_BIO] = "bio",
  [HASHIYA_SCHEME_IOB1] = "iob1",
  [HASHIYA_SCHEME_BIOES] = "bioes",
  [HASHIYA_SCHEME_BARE] = "bare",
};

const char *
hashiya_scheme_to_string (HashiyaScheme scheme)
{
  if ((guint) scheme < G_N_ELEMENTS (scheme_names))
    return scheme_names[scheme];
  return NULL;
}

gboolean
hashiya_scheme_from_string (const char    *str,
                            HashiyaScheme *scheme)
{
  g_return_val_if_fail (scheme != NULL, FALSE);

  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (scheme_names); i++)
    if (g_ascii_strcasecmp (str, scheme_names[i]) == 0)
      {
        *scheme = (HashiyaScheme) i;
        return TRUE;
      }
  if (g_ascii_strcasecmp (str, "iob2") == 0)
    *scheme = HASHIYA_SCHEME_BIO;
  else if (g_ascii_strcasecmp (str, "bilou") == 0 || g_ascii_strcasecmp (str, "iobes") == 0)
    *scheme = HASHIYA_SCHEME_BIOES;
  else if (g_ascii_strcasecmp (str, "io") == 0 || g_ascii_strcasecmp (str, "none") == 0)
    *scheme = HASHIYA_SCHEME_BARE;
  else
    return FALSE;
  return TRUE;
}

void
hashiya_import_options_init (HashiyaImportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->format = HASHIYA_FORMAT_AUTO;
  options->tag_column = -1;
  options->scheme = HASHIYA_SCHEME_AUTO;
}

/* ---- parsed documents ----------------------------------------------------------- */

/* Extra per-document values that HashiyaParsedDoc has no field for ("done") live in a
 * GLib dataset keyed by the document's address; hashiya_parsed_doc_free drops them. */
static GQuark
done_quark (void)
{
  static GQuark q;

  if (G_UNLIKELY (q == 0))
    q = g_quark_from_static_string ("hashiya-parsed-doc-done");
  return q;
}

HashiyaParsedDoc *
hashiya_parsed_doc_new (void)
{
  HashiyaParsedDoc *doc = g_new0 (HashiyaParsedDoc, 1);

  doc->segments = g_array_new (FALSE, FALSE, sizeof (HashiyaSegment));
  doc->spans = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_span_free);
  doc->judgements = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_judgement_free);
  doc->doc_labels = g_ptr_array_new_with_free_func (g_free);
  return doc;
}

void
hashiya_parsed_doc_free (HashiyaParsedDoc *doc)
{
  if (doc == NULL)
    return;
  g_dataset_destroy (doc);
  g_free (doc->source);
  g_free (doc->text);
  g_free (doc->sha256);
  g_free (doc->date);
  g_clear_pointer (&doc->segments, g_array_unref);
  g_clear_pointer (&doc->spans, g_ptr_array_unref);
  g_clear_pointer (&doc->judgements, g_ptr_array_unref);
  g_clear_pointer (&doc->doc_labels, g_ptr_array_unref);
  g_free (doc);
}

void
hashiya_parsed_doc_set_done (HashiyaParsedDoc *doc,
                             int               done)
{
  g_return_if_fail (doc != NULL);

  if (done < 0)
    g_dataset_id_remove_data (doc, done_quark ());
  else
    g_dataset_id_set_data (doc, done_quark (), GINT_TO_POINTER (done ? 2 : 1));
}

int
hashiya_parsed_doc_get_done (const HashiyaParsedDoc *doc)
{
  int v;

  g_return_val_if_fail (doc != NULL, -1);

  v = GPOINTER_TO_INT (g_dataset_id_get_data (doc, done_quark ()));
  return v == 0 ? -1 : v - 1;
}

/* ---- reports -------------------------------------------------------------------- */

HashiyaImportReport *
hashiya_import_report_new (const char *path)
{
  HashiyaImportReport *report = g_new0 (HashiyaImportReport, 1);

  report->path = g_strdup (path);
  report->format = HASHIYA_FORMAT_AUTO;
  report->doc_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  report->spans_per_label = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  report->messages = g_ptr_array_new_with_free_func (g_free);
  return report;
}

void
hashiya_import_report_free (HashiyaImportReport *report)
{
  if (report == NULL)
    return;
  g_free (report->path);
  g_clear_error (&report->error);
  g_clear_pointer (&report->doc_ids, g_array_unref);
  g_clear_pointer (&report->spans_per_label, g_hash_table_unref);
  g_clear_pointer (&report->messages, g_ptr_array_unref);
  g_free (report);
}

static int
compare_label_counts (gconstpointer a,
                      gconstpointer b,
                      gpointer      table)
{
  const char *la = *(const char * const *) a;
  const char *lb = *(const char * const *) b;
  guint ca = GPOINTER_TO_UINT (g_hash_table_lookup (table, la));
  guint cb = GPOINTER_TO_UINT (g_hash_table_lookup (table, lb));

  if (ca != cb)
    return ca > cb ? -1 : 1;
  return strcmp (la, lb);
}

char *
hashiya_import_report_to_string (const HashiyaImportReport *report)
{
  GString *s;
  const char *path;

  g_return_val_if_fail (report != NULL, NULL);

  s = g_string_new (NULL);
  path = report->path ? report->path : "(input)";

  if (report->error != NULL)
    {
      const char *msg = report->error->message;
      gsize n = strlen (path);

      /* messages already start with the file name */
      if (strncmp (msg, path, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ')
        msg += n + 2;
      g_string_append_printf (s, _("%s: not imported: %s\n"), path, msg);
    }
  else
    {
      g_string_append_printf (s, _("%s: imported as %s\n"), path,
                              hashiya_format_to_string (report->format));
      g_string_append_printf (s, _("  documents: %u added"), report->n_documents);
      if (report->doc_ids->len > 0)
        {
          g_string_append (s, " (id");
          if (report->doc_ids->len > 1)
            g_string_append_c (s, 's');
          for (guint i = 0; i < report->doc_ids->len && i < 20; i++)
            g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? ", " : " ",
                                    g_array_index (report->doc_ids, gint64, i));
          if (report->doc_ids->len > 20)
            g_string_append (s, ", …");
          g_string_append_c (s, ')');
        }
      g_string_append_printf (s, dngettext (GETTEXT_PACKAGE, ", %u duplicate skipped\n",
                                         ", %u duplicates skipped\n",
                                         report->n_duplicates),
                              report->n_duplicates);
      if (report->n_sentences || report->n_tokens)
        g_string_append_printf (s, _("  sentences: %u, tokens: %u\n"),
                                report->n_sentences, report->n_tokens);
      if (report->format == HASHIYA_FORMAT_ARTICLE && report->n_spans == 0 && report->n_judgements == 0)
        goto tail;
      g_string_append_printf (s, _("  spans: %u"), report->n_spans);
      if (g_hash_table_size (report->spans_per_label) > 0)
        {
          g_autoptr(GPtrArray) names = g_ptr_array_new ();
          GHashTableIter iter;
          gpointer key;

          g_hash_table_iter_init (&iter, report->spans_per_label);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            g_ptr_array_add (names, key);
          g_ptr_array_sort_with_data (names, compare_label_counts, report->spans_per_label);
          g_string_append (s, " (");
          for (guint i = 0; i < names->len; i++)
            {
              const char *name = g_ptr_array_index (names, i);
              g_string_append_printf (s, "%s%s %u", i ? ", " : "", name,
                                      GPOINTER_TO_UINT (g_hash_table_lookup (report->spans_per_label, name)));
            }
          g_string_append_c (s, ')');
        }
      g_string_append_c (s, '\n');
      g_string_append_printf (s, _("  judgements: %u\n"), report->n_judgements);
    tail:
      if (report->n_repairs)
        g_string_append_printf (s, _("  repairs: %u\n"), report->n_repairs);
      if (report->n_skipped_lines)
        g_string_append_printf (s, _("  skipped lines: %u\n"), report->n_skipped_lines);
      if (report->n_format_chars_dropped)
        g_string_append_printf (s, _("  format characters dropped: %u\n"),
                                report->n_format_chars_dropped);
    }

  for (guint i = 0; i < report->messages->len; i++)
    g_string_append_printf (s, "  %s\n", (const char *) g_ptr_array_index (report->messages, i));

  return g_string_free (s, FALSE);
}

/* ---- reading -------------------------------------------------------------------- */

/* 1-based line number of byte offset pos (LF, CRLF and lone CR all end a line). */
static gsize
line_of_offset (const char *data,
                gsize       pos)
{
  gsize line = 1;

  for (gsize i = 0; i < pos; i++)
    {
      if (data[i] == '\n')
        line++;
      else if (data[i] == '\r' && (i + 1 >= pos || data[i + 1] != '\n'))
        line++;
    }
  return line;
}

static gboolean
is_blank_text (const char *p,
               const char *end)
{
  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0xFEFF && c != 0x200B)
        return FALSE;
      p = g_utf8_next_char (p);
    }
  return TRUE;
}

gboolean
hashiya_read_text_file (const char  *path,
                        char       **data_out,
                        gsize       *len_out,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0, r, w;
  const char *nul, *bad = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data_out != NULL, FALSE);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_READ,
                   _("%s: is a directory, not a file"), path);
      return FALSE;
    }

  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      const char *reason;

      if (local_error->code == G_FILE_ERROR_NOENT)
        reason = "no such file";
      else if (local_error->code == G_FILE_ERROR_ACCES || local_error->code == G_FILE_ERROR_PERM)
        reason = "permission denied";
      else
        reason = local_error->message;
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_READ,
                   _("%s: cannot read: %s"), path, reason);
      return FALSE;
    }

  if (len == 0)
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_EMPTY,
                   _("%s: the file is empty"), path);
      return FALSE;
    }

  /* The first problem in the file wins: invalid UTF-8 before the first NUL byte, or
   * the NUL byte itself. Offsets are bytes of the file as it is on disk. */
  nul = memchr (data, '\0', len);
  if (!g_utf8_validate_len (data, nul ? (gsize) (nul - data) : len, &bad))
    {
      gsize off = bad - data;

      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_ENCODING,
                   _("%s: invalid UTF-8 at byte %zu (line %zu)"),
                   path, off, line_of_offset (data, off));
      return FALSE;
    }
  if (nul != NULL)
    {
      gsize off = nul - data;

      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_ENCODING,
                   _("%s: NUL byte at byte %zu (line %zu): "
                   "not a text file (UTF-16 or binary?)"),
                   path, off, line_of_offset (data, off));
      return FALSE;
    }

  /* Clean in place: drop a leading BOM, CRLF and lone CR become LF. */
  r = 0;
  if (len >= 3 && (guchar) data[0] == 0xEF && (guchar) data[1] == 0xBB && (guchar) data[2] == 0xBF)
    r = 3;
  w = 0;
  if (r == 0 && memchr (data, '\r', len) == NULL)
    w = len;   /* nothing to do: skip the copy loop */
  else
    {
      while (r < len)
        {
          char c = data[r++];

          if (c == '\r')
            {
              if (r < len && data[r] == '\n')
                r++;
              c = '\n';
            }
          data[w++] = c;
        }
      data[w] = '\0';
    }

  if (is_blank_text (data, data + w))
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_EMPTY,
                   _("%s: the file holds only whitespace"), path);
      return FALSE;
    }

  *data_out = g_steal_pointer (&data);
  if (len_out)
    *len_out = w;
  return TRUE;
}

/* ---- format detection ----------------------------------------------------------- */

static gboolean
has_suffix_ci (const char *path,
               const char *suffix)
{
  gsize lp = strlen (path), ls = strlen (suffix);

  return lp >= ls && g_ascii_strcasecmp (path + lp - ls, suffix) == 0;
}

/* "foo.txt" → "foo.ann" (or NULL when path has no .txt suffix) */
static char *
sibling_ann (const char *path)
{
  g_autofree char *stem = NULL;

  if (!has_suffix_ci (path, ".txt"))
    return NULL;
  stem = g_strndup (path, strlen (path) - 4);
  return g_strconcat (stem, ".ann", NULL);
}

/* A minimal, allocation-free search in the first window of the data. */
static gboolean
window_has (const char *data,
            gsize       len,
            const char *needle)
{
  gsize n = strlen (needle);

  if (n == 0 || n > len)
    return FALSE;
  for (gsize i = 0; i + n <= len; i++)
    if (data[i] == needle[0] && memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static HashiyaFormat
detect_json_object_kind (JsonObject *obj)
{
  const char *fmt = NULL;

  if (json_object_has_member (obj, "format")
      && JSON_NODE_HOLDS_VALUE (json_object_get_member (obj, "format")))
    fmt = json_object_get_string_member (obj, "format");

  if (json_object_has_member (obj, "documents") && (fmt == NULL || g_str_has_prefix (fmt, "hashiya/")))
    return HASHIYA_FORMAT_JSON;
  if ((fmt && g_str_has_prefix (fmt, "hashiya/"))
      || json_object_has_member (obj, "segments")
      || json_object_has_member (obj, "sha256")
      || json_object_has_member (obj, "comments"))
    return HASHIYA_FORMAT_JSONL;
  if (json_object_has_member (obj, "data")
      && (json_object_has_member (obj, "annotations") || json_object_has_member (obj, "predictions")))
    return HASHIYA_FORMAT_LABEL_STUDIO;
  if (json_object_has_member (obj, "text") && json_object_has_member (obj, "spans"))
    return HASHIYA_FORMAT_SPACY;
  if (json_object_has_member (obj, "text")
      && (json_object_has_member (obj, "label") || json_object_has_member (obj, "labels")))
    return HASHIYA_FORMAT_DOCCANO;
  if (json_object_has_member (obj, "text") && json_object_has_member (obj, "entities"))
    {
      /* doccano's entities have start_offset/end_offset, ours start/end */
      JsonNode *n = json_object_get_member (obj, "entities");
      JsonArray *arr = JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
      JsonNode *first = arr && json_array_get_length (arr) > 0 ? json_array_get_element (arr, 0) : NULL;

      if (first && JSON_NODE_HOLDS_OBJECT (first))
        {
          JsonObject *e = json_node_get_object (first);

          if (json_object_has_member (e, "start_offset"))
            return HASHIYA_FORMAT_DOCCANO;
          if (json_object_has_member (e, "start"))
            return HASHIYA_FORMAT_JSONL;
        }
      return json_object_has_member (obj, "source") ? HASHIYA_FORMAT_JSONL : HASHIYA_FORMAT_DOCCANO;
    }
  return HASHIYA_FORMAT_AUTO;
}

static HashiyaFormat
detect_json (const char *data,
             gsize       len)
{
  const gsize window = MIN (len, 65536);
  const char *p = data, *end = data + len, *eol;
  g_autoptr(JsonParser) parser = NULL;

  while (p < end && g_ascii_isspace (*p))
    p++;

  if (*p == '[')
    {
      /* Label Studio exports an array of tasks; nothing else of ours is an array. */
      if (window_has (data, window, "\"data\""))
        return HASHIYA_FORMAT_LABEL_STUDIO;
      return HASHIYA_FORMAT_AUTO;
    }

  /* {"format":"hashiya/1", …, "documents": […]} written on one line or many */
  if (window_has (data, window, "\"documents\"") && window_has (data, window, "hashiya/"))
    return HASHIYA_FORMAT_JSON;

  eol = memchr (p, '\n', end - p);
  if (eol == NULL)
    eol = end;

  /* JSONL: the first line is a whole object by itself. */
  parser = json_parser_new ();
  if ((gsize) (eol - p) <= 8 * 1024 * 1024
      && json_parser_load_from_data (parser, p, eol - p, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      HashiyaFormat f = detect_json_object_kind (json_node_get_object (json_parser_get_root (parser)));

      return f;
    }

  /* A pretty-printed object, a first line too long to try, or broken JSON (the parser
   * will then say where): guess from the keys in the first window. */
  if (window_has (data, window, "hashiya/"))
    return HASHIYA_FORMAT_JSON;
  if (window_has (data, window, "\"annotations\"") && window_has (data, window, "\"data\""))
    return HASHIYA_FORMAT_LABEL_STUDIO;
  if (window_has (data, window, "\"sha256\"") || window_has (data, window, "\"segments\""))
    return HASHIYA_FORMAT_JSONL;
  if (window_has (data, window, "\"spans\""))
    return HASHIYA_FORMAT_SPACY;
  if (window_has (data, window, "\"start_offset\"") || window_has (data, window, "\"label\""))
    return HASHIYA_FORMAT_DOCCANO;
  return HASHIYA_FORMAT_AUTO;
}

/* A CoNLL tag: O, a prefixed tag (B- I- E- S- L- U- and the dotted/underscored variants)
 * or a bare upper-case tag such as PER. ASCII only: Arabic words are never tags. */
static gboolean
is_conll_tag (const char *t,
              gsize       n,
              gboolean   *strong)
{
  gsize i = 0;

  if (n == 1 && t[0] == 'O')
    {
      *strong = TRUE;
      return TRUE;
    }
  if (n >= 3 && strchr ("BIESLU", t[0]) && (t[1] == '-' || t[1] == '_'))
    {
      i = 2;
      *strong = TRUE;
    }
  else
    *strong = FALSE;
  if (i >= n || n > 40 || !g_ascii_isalpha (t[i]))
    return FALSE;
  for (; i < n; i++)
    {
      char c = t[i];

      if (*strong)
        {
          if (!(g_ascii_isalnum (c) || c == '_' || c == '-' || c == '.'))
            return FALSE;
        }
      else if (!(g_ascii_isupper (c) || g_ascii_isdigit (c) || c == '_' || c == '-'))
        return FALSE;
    }
  return TRUE;
}

static HashiyaFormat
detect_conll (const char *data,
              gsize       len)
{
  const char *p = data, *end = data + len;
  guint n_lines = 0, n_match = 0, n_strong = 0, n_pairs = 0;

  while (p < end && n_lines < 400 && (gsize) (p - data) < 256 * 1024)
    {
      const char *line = p, *eol = memchr (p, '\n', end - p);
      const char *a, *b, *first_start = NULL, *last_start = NULL, *last_end = NULL;
      guint n_fields = 0;
      gboolean strong = FALSE, any_strong = FALSE;

      if (eol == NULL)
        eol = end;
      p = eol + 1;

      /* fields are separated by spaces or tabs; blank lines do not count */
      a = line;
      while (a < eol)
        {
          while (a < eol && (*a == ' ' || *a == '\t' || *a == '\r'))
            a++;
          if (a >= eol)
            break;
          b = a;
          while (b < eol && *b != ' ' && *b != '\t' && *b != '\r')
            b++;
          if (n_fields == 0)
            first_start = a;
          else if (!any_strong && is_conll_tag (a, b - a, &strong) && strong)
            any_strong = TRUE;   /* a prefixed tag or O in a column after the token */
          n_fields++;
          last_start = a;
          last_end = b;
          a = b;
        }
      if (n_fields == 0)
        continue;
      n_lines++;

      if ((gsize) (eol - first_start) >= 10 && memcmp (first_start, "-DOCSTART-", 10) == 0)
        {
          if (n_lines == 1)
            return HASHIYA_FORMAT_CONLL;
          n_match++;
          n_strong++;
          continue;
        }
      /* token + tag columns: the last column is a tag (a POS column may follow the
       * tag when the tag column is chosen on import), or a lone O (an empty token) */
      if (n_fields == 1)
        {
          if (is_conll_tag (last_start, last_end - last_start, &strong) && strong
              && last_end - last_start == 1)
            {
              n_match++;
              n_strong++;
            }
        }
      else if (n_fields <= 8)
        {
          gboolean last_tag = is_conll_tag (last_start, last_end - last_start, &strong);

          if (last_tag || any_strong)
            {
              n_match++;
              if (any_strong)
                n_strong++;
              if (last_tag && strong)
                n_pairs++;   /* token … O or token … B-X */
            }
        }
    }

  /* Conservative: at least three lines, 90 % of them token + tag, and mostly O or
   * prefixed tags (a column of bare upper-case words alone is not enough). */
  if (n_lines >= 3 && n_match * 10 >= n_lines * 9 && n_strong * 2 >= n_match)
    return HASHIYA_FORMAT_CONLL;
  /* A file of one or two tagged tokens ("محمد B-PER\nذهب O") is too short for the rule
   * above, yet no article looks like it: every line token … O or token … B-X. */
  if (n_lines > 0 && n_lines < 3 && n_pairs == n_lines)
    return HASHIYA_FORMAT_CONLL;
  return HASHIYA_FORMAT_AUTO;
}

HashiyaFormat
hashiya_detect_format (const char *path,
                       const char *data,
                       gsize       len)
{
  const char *p;
  HashiyaFormat f;

  if (path != NULL)
    {
      g_autofree char *ann = NULL;

      if (has_suffix_ci (path, ".ann"))
        return HASHIYA_FORMAT_BRAT;
      ann = sibling_ann (path);
      if (ann != NULL && g_file_test (ann, G_FILE_TEST_IS_REGULAR))
        return HASHIYA_FORMAT_BRAT;
    }

  if (data == NULL || len == 0)
    return HASHIYA_FORMAT_ARTICLE;

  p = data;
  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    {
      p += 3;
      len -= 3;
    }
  {
    const char *q = p, *end = p + len;

    while (q < end && g_ascii_isspace (*q))
      q++;
    if (q < end && (*q == '{' || *q == '['))
      {
        f = detect_json (q, end - q);
        /* AUTO here means "JSON of a kind we do not know": the caller says so */
        return f;
      }
  }

  f = detect_conll (p, len);
  if (f != HASHIYA_FORMAT_AUTO)
    return f;
  return HASHIYA_FORMAT_ARTICLE;
}

/* ---- writing into the store ----------------------------------------------------- */

static void
report_reset_counts (HashiyaImportReport *report)
{
  g_array_set_size (report->doc_ids, 0);
  report->n_documents = 0;
  report->n_duplicates = 0;
  report->n_spans = 0;
  report->n_judgements = 0;
  g_hash_table_remove_all (report->spans_per_label);
}

static void
report_add_message (HashiyaImportReport *report,
                    const char          *format,
                    ...) G_GNUC_PRINTF (2, 3);

static void
report_add_message (HashiyaImportReport *report,
                    const char          *format,
                    ...)
{
  va_list args;

  if (report == NULL)
    return;
  va_start (args, format);
  g_ptr_array_add (report->messages, g_strdup_vprintf (format, args));
  va_end (args);
}

static char *
doc_name (const HashiyaImportReport *report,
          guint                      index,
          const HashiyaParsedDoc    *doc)
{
  const char *path = report && report->path ? report->path : "(input)";

  if (doc->source && report && report->path && strcmp (doc->source, report->path) != 0
      && !g_str_has_suffix (report->path, doc->source))
    return g_strdup_printf (_("%s: document %u (%s)"), path, index + 1, doc->source);
  return g_strdup_printf (_("%s: document %u"), path, index + 1);
}

static void
ensure_label (HashiyaStore *store,
              GHashTable   *known,
              const char   *name,
              const char   *color,
              const char   *key,
              HashiyaImportReport *report,
              GError      **error_out,
              gboolean     *ok)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaLabel) existing = NULL;

  if (!*ok || g_hash_table_contains (known, name))
    return;
  if (hashiya_store_add_label (store, name, color, key, &error) == 0)
    {
      /* A colour or key that the project already uses: keep the label, drop the extra. */
      if ((color || key)
          && (g_error_matches (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE)
              || g_error_matches (error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_INVALID))
          && (existing = hashiya_store_get_label (store, name, NULL)) == NULL)
        {
          g_autoptr(GError) error2 = NULL;

          if (hashiya_store_add_label (store, name, NULL, NULL, &error2) != 0)
            {
              report_add_message (report, _("%s: label %s: created without the file's "
                                  "colour/key (%s)"),
                                  report && report->path ? report->path : "(input)",
                                  name, error->message);
              g_hash_table_add (known, g_strdup (name));
              return;
            }
        }
      g_set_error (error_out, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                   _("%s: cannot create label %s: %s"),
                   report && report->path ? report->path : "(input)", name, error->message);
      *ok = FALSE;
      return;
    }
  g_hash_table_add (known, g_strdup (name));
}

gboolean
hashiya_import_parsed_full (HashiyaStore        *store,
                            GPtrArray           *docs,
                            GPtrArray           *labels,
                            HashiyaImportReport *report,
                            GCancellable        *cancellable,
                            GError             **error)
{
  g_autoptr(HashiyaImportReport) own_report = NULL;
  g_autoptr(GHashTable) known = NULL;
  g_autoptr(GPtrArray) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *path;
  gboolean ok = TRUE;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), FALSE);
  g_return_val_if_fail (docs != NULL, FALSE);

  if (report == NULL)
    report = own_report = hashiya_import_report_new (NULL);
  path = report->path ? report->path : "(input)";

  if (!hashiya_store_begin (store, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
      return FALSE;
    }

  known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  existing = hashiya_store_list_labels (store, &local_error);
  if (existing == NULL)
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                   _("%s: cannot list labels: %s"), path, local_error->message);
      hashiya_store_rollback (store);
      return FALSE;
    }
  for (guint i = 0; i < existing->len; i++)
    g_hash_table_add (known, g_strdup (((HashiyaLabel *) g_ptr_array_index (existing, i))->name));

  /* labels the file declares, in its order, with its colours and keys; a label the
   * project already has keeps the project's colour and key (said in the report) */
  for (guint i = 0; ok && labels && i < labels->len; i++)
    {
      HashiyaLabel *l = g_ptr_array_index (labels, i);

      for (guint k = 0; k < existing->len; k++)
        {
          HashiyaLabel *e = g_ptr_array_index (existing, k);

          if (strcmp (e->name, l->name) == 0
              && ((l->color && g_ascii_strcasecmp (l->color, e->color ? e->color : "") != 0)
                  || (l->key && g_strcmp0 (l->key, e->key) != 0)))
            report_add_message (report, _("label %s: the project keeps its colour %s and key %s "
                                "(the file has %s and %s)"), e->name,
                                e->color ? e->color : "(none)", e->key ? e->key : "(none)",
                                l->color ? l->color : "(none)", l->key ? l->key : "(none)");
        }
      ensure_label (store, known, l->name, l->color, l->key, report, &local_error, &ok);
    }

  for (guint d = 0; ok && d < docs->len; d++)
    {
      HashiyaParsedDoc *doc = g_ptr_array_index (docs, d);
      g_autofree char *name = doc_name (report, d, doc);
      g_autofree char *sha = NULL;
      gint64 doc_id, dup;
      int done;

      if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
        {
          g_clear_error (&local_error);
          g_set_error (&local_error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_CANCELLED,
                       _("%s: import cancelled; nothing from this file was imported"), path);
          ok = FALSE;
          break;
        }

      sha = doc->sha256 ? g_strdup (doc->sha256)
                        : g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) doc->text,
                                                       doc->n_bytes);
      dup = hashiya_store_find_document_by_sha256 (store, sha);
      if (dup != 0)
        {
          report->n_duplicates++;
          report_add_message (report, _("%s: same content as document %" PRId64
                              " already in the project; skipped"), name, dup);
          continue;
        }

      doc_id = hashiya_store_add_document (store, doc->source, doc->text, doc->n_bytes, sha,
                                           (const HashiyaSegment *) doc->segments->data,
                                           doc->segments->len, doc->date, &local_error);
      if (doc_id == 0)
        {
          GError *e = g_error_new (HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA, "%s: %s",
                                   name, local_error->message);
          g_clear_error (&local_error);
          local_error = e;
          ok = FALSE;
          break;
        }

      if (doc->whitespace_tokens &&
          !hashiya_export_set_whitespace_tokens (store, doc_id, TRUE, &local_error))
        {
          ok = FALSE;
          break;
        }

      for (guint s = 0; ok && s < doc->spans->len; s++)
        {
          HashiyaSpan *span = g_ptr_array_index (doc->spans, s);
          gint64 span_id;

          ensure_label (store, known, span->label, NULL, NULL, report, &local_error, &ok);
          if (!ok)
            break;

          {
            /* restore_span keeps a recorded note and times (0 = now) in one statement */
            HashiyaSpan copy = *span;

            copy.id = 0;
            copy.doc_id = doc_id;
            if (copy.origin == NULL)
              copy.origin = (char *) "import";
            span_id = hashiya_store_restore_span (store, &copy, &local_error) ? 1 : 0;
          }

          if (span_id == 0)
            {
              if (g_error_matches (local_error, HASHIYA_STORE_ERROR, HASHIYA_STORE_ERROR_DUPLICATE))
                {
                  report_add_message (report, _("%s: span %" PRId64 "-%" PRId64
                                      " %s is listed twice; kept once"), name,
                                      span->start, span->end, span->label);
                  g_clear_error (&local_error);
                  continue;
                }
              else
                {
                  GError *e = g_error_new (HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                                           _("%s: span %" PRId64 "-%" PRId64 " %s: %s"),
                                           name, span->start, span->end, span->label,
                                           local_error->message);
                  g_clear_error (&local_error);
                  local_error = e;
                  ok = FALSE;
                  break;
                }
            }
          report->n_spans++;
          g_hash_table_insert (report->spans_per_label, g_strdup (span->label),
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (report->spans_per_label,
                                                                                      span->label)) + 1));
        }
      if (!ok)
        break;

      for (guint j = 0; j < doc->judgements->len; j++)
        {
          HashiyaJudgement copy = *(HashiyaJudgement *) g_ptr_array_index (doc->judgements, j);

          copy.doc_id = doc_id;
          if (!hashiya_store_set_judgement (store, &copy, &local_error))
            {
              GError *e = g_error_new (HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                                       _("%s: judgement of comment %d by %s: %s"), name,
                                       copy.comment_index, copy.annotator ? copy.annotator : "(default)",
                                       local_error->message);
              g_clear_error (&local_error);
              local_error = e;
              ok = FALSE;
              break;
            }
          report->n_judgements++;
        }
      if (!ok)
        break;

      done = hashiya_parsed_doc_get_done (doc);
      if (done > 0 && !hashiya_store_set_document_done (store, doc_id, TRUE, &local_error))
        {
          g_prefix_error (&local_error, "%s: ", name);
          ok = FALSE;
          break;
        }

      if (doc->doc_labels->len > 0)
        {
          g_autofree char *joined = NULL;

          g_ptr_array_add (doc->doc_labels, NULL);
          joined = g_strjoinv (", ", (char **) doc->doc_labels->pdata);
          g_ptr_array_remove_index (doc->doc_labels, doc->doc_labels->len - 1);
          report_add_message (report, _("%s: document categories not stored (a project has no "
                              "place for them): %s"), name, joined);
        }

      g_array_append_val (report->doc_ids, doc_id);
      report->n_documents++;
    }

  if (ok && !hashiya_store_commit (store, &local_error))
    {
      g_prefix_error (&local_error, "%s: ", path);
      ok = FALSE;
    }

  if (!ok)
    {
      hashiya_store_rollback (store);
      report_reset_counts (report);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
hashiya_import_parsed (HashiyaStore        *store,
                       GPtrArray           *docs,
                       HashiyaImportReport *report,
                       GError             **error)
{
  return hashiya_import_parsed_full (store, docs, NULL, report, NULL, error);
}

/* ---- one file ------------------------------------------------------------------- */

gboolean
hashiya_import_file (HashiyaStore               *store,
                     const char                 *path,
                     const HashiyaImportOptions *options,
                     HashiyaImportReport        *report,
                     GCancellable               *cancellable,
                     GError                    **error)
{
  g_autoptr(HashiyaImportReport) own_report = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GError) local_error = NULL;
  HashiyaImportOptions defaults;
  HashiyaFormat format;
  char *data = NULL;
  gsize len = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (HASHIYA_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (options == NULL)
    {
      hashiya_import_options_init (&defaults);
      options = &defaults;
    }
  if (report == NULL)
    report = own_report = hashiya_import_report_new (path);
  if (report->path == NULL)
    report->path = g_strdup (path);

  docs = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_parsed_doc_free);
  labels = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_label_free);
  format = options->format;

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error (&local_error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_CANCELLED,
                   _("%s: import cancelled"), path);
      goto out;
    }

  /* brat is a pair of files; its parser reads them itself */
  if (format == HASHIYA_FORMAT_BRAT
      || (format == HASHIYA_FORMAT_AUTO && hashiya_detect_format (path, NULL, 0) == HASHIYA_FORMAT_BRAT))
    {
      g_autofree char *ann = has_suffix_ci (path, ".ann") ? g_strdup (path) : sibling_ann (path);

      report->format = HASHIYA_FORMAT_BRAT;
      if (ann == NULL)
        {
          g_set_error (&local_error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_FORMAT,
                       _("%s: brat needs a .ann file (or a .txt with a .ann beside it)"), path);
          goto out;
        }
      if (!hashiya_parse_brat (ann, options, docs, report, &local_error))
        goto out;
    }
  else
    {
      if (!hashiya_read_text_file (path, &data, &len, &local_error))
        goto out;

      if (format == HASHIYA_FORMAT_AUTO)
        {
          format = hashiya_detect_format (NULL, data, len);
          if (format == HASHIYA_FORMAT_AUTO)
            {
              g_set_error (&local_error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_FORMAT,
                           _("%s: looks like JSON but is not a format Hashiya knows "
                           "(hashiya/1 JSON or JSONL, doccano, Label Studio, spaCy); "
                           "name the format with --format"), path);
              goto out;
            }
        }
      report->format = format;

      switch (format)
        {
        case HASHIYA_FORMAT_ARTICLE:
          /* the buffer moves into the parsed document: no copy */
          if (!hashiya_parse_article_take (path, g_steal_pointer (&data), len, options, docs,
                                           report, &local_error))
            goto out;
          break;
        case HASHIYA_FORMAT_JSON:
        case HASHIYA_FORMAT_JSONL:
          if (!hashiya_parse_hashiya_json_full (path, data, len, format == HASHIYA_FORMAT_JSONL,
                                                options, docs, labels, report, &local_error))
            goto out;
          break;
        case HASHIYA_FORMAT_CONLL:
          if (!hashiya_parse_conll (path, data, len, options, docs, report, &local_error))
            goto out;
          break;
        case HASHIYA_FORMAT_DOCCANO:
          if (!hashiya_parse_doccano (path, data, len, options, docs, report, &local_error))
            goto out;
          break;
        case HASHIYA_FORMAT_LABEL_STUDIO:
          if (!hashiya_parse_label_studio (path, data, len, options, docs, report, &local_error))
            goto out;
          break;
        case HASHIYA_FORMAT_SPACY:
          if (!hashiya_parse_spacy (path, data, len, options, docs, report, &local_error))
            goto out;
          break;
        case HASHIYA_FORMAT_AUTO:
        case HASHIYA_FORMAT_BRAT:
        default:
          g_set_error (&local_error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_FORMAT,
                       _("%s: format %s cannot be imported"), path, hashiya_format_to_string (format));
          goto out;
        }
      g_clear_pointer (&data, g_free);
    }

  ok = hashiya_import_parsed_full (store, docs, labels, report, cancellable, &local_error);

out:
  g_free (data);
  if (!ok)
    {
      g_assert (local_error != NULL);
      report_reset_counts (report);
      g_clear_error (&report->error);
      report->error = g_error_copy (local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return ok;
}

/* ---- several files in a worker thread ------------------------------------------- */

typedef struct
{
  HashiyaStore           *store;
  GStrv                   paths;
  HashiyaImportOptions    options;
  char                   *annotator;
  GPtrArray              *reports;
  HashiyaImportProgressFunc progress;
  gpointer                progress_data;
  GDestroyNotify          progress_destroy;
  GMainContext           *context;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_clear_object (&job->store);
  g_strfreev (job->paths);
  g_free (job->annotator);
  g_clear_pointer (&job->options.aliases, g_hash_table_unref);
  g_clear_pointer (&job->reports, g_ptr_array_unref);
  if (job->progress_destroy)
    job->progress_destroy (job->progress_data);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job);
}

typedef struct
{
  ImportJob           *job;
  guint                done;
  guint                total;
  HashiyaImportReport *report;   /* owned by job->reports */
  GMutex               lock;
  GCond                cond;
  gboolean             delivered;
} ProgressCall;

static gboolean
deliver_progress (gpointer data)
{
  ProgressCall *call = data;

  call->job->progress (call->done, call->total, call->report, call->job->progress_data);
  g_mutex_lock (&call->lock);
  call->delivered = TRUE;
  g_cond_signal (&call->cond);
  g_mutex_unlock (&call->lock);
  return G_SOURCE_REMOVE;
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  guint total = g_strv_length (job->paths);

  for (guint i = 0; i < total; i++)
    {
      HashiyaImportReport *report = hashiya_import_report_new (job->paths[i]);

      g_ptr_array_add (job->reports, report);
      if (g_cancellable_is_cancelled (cancellable))
        {
          report->error = g_error_new (HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_CANCELLED,
                                       _("%s: import cancelled"), job->paths[i]);
        }
      else
        hashiya_import_file (job->store, job->paths[i], &job->options, report, cancellable, NULL);

      if (job->progress != NULL)
        {
          /* run the callback in the caller's main context and wait for it, so the
           * report it sees is not being written */
          ProgressCall call = { job, i + 1, total, report };

          g_mutex_init (&call.lock);
          g_cond_init (&call.cond);
          g_main_context_invoke (job->context, deliver_progress, &call);
          g_mutex_lock (&call.lock);
          while (!call.delivered)
            g_cond_wait (&call.cond, &call.lock);
          g_mutex_unlock (&call.lock);
          g_mutex_clear (&call.lock);
          g_cond_clear (&call.cond);
        }
    }
  g_task_return_pointer (task, g_ptr_array_ref (job->reports), (GDestroyNotify) g_ptr_array_unref);
}

void
hashiya_import_files_async (HashiyaStore               *store,
                            const char * const         *paths,
                            const HashiyaImportOptions *options,
                            HashiyaImportProgressFunc   progress,
                            gpointer                    progress_data,
                            GDestroyNotify              progress_destroy,
                            GCancellable               *cancellable,
                            GAsyncReadyCallback         callback,
                            gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (HASHIYA_IS_STORE (store));
  g_return_if_fail (paths != NULL);

  job = g_new0 (ImportJob, 1);
  job->store = g_object_ref (store);
  job->paths = g_strdupv ((char **) paths);
  if (options != NULL)
    job->options = *options;
  else
    hashiya_import_options_init (&job->options);
  job->annotator = g_strdup (job->options.annotator);
  job->options.annotator = job->annotator;
  if (job->options.aliases)
    g_hash_table_ref (job->options.aliases);
  job->reports = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_import_report_free);
  job->progress = progress;
  job->progress_data = progress_data;
  job->progress_destroy = progress_destroy;
  job->context = g_main_context_ref_thread_default ();

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, hashiya_import_files_async);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
}

GPtrArray *
hashiya_import_files_finish (HashiyaStore  *store,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
