/* hashiya-conll-reader.c: reading CoNLL lines into rows and phrases (ANERcorp, NewsFANE, Wojood, CoNLL-2003 shapes), shared by import and eval
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reader turns lines into rows (token + one tag per tag column). The text of a
 * document is rebuilt from the tokens: single spaces between tokens, one line per sentence,
 * each sentence a paragraph segment, so exporting it again in token mode gives the same
 * tokens. Phrases are read the way conlleval reads them, column by column; extra tag
 * columns (Wojood) become nested spans.
 *
 * Layout of the columns, decided per file from the most common field count M:
 *  - tag_column given: the tag is that field (other fields are ignored);
 *  - M >= 4 and most lines read `token -X- O TAG…` (our 4-column export): the tag columns
 *    follow the fillers;
 *  - M >= 3 and the second field of most lines is not a tag (CoNLL-2003 `token POS chunk TAG`):
 *    the tag is the last field;
 *  - otherwise every field after the token is a tag column (nested when more than one).
 * A line with more fields whose extra fields are words, not tags (ANERcorp's
 * `الصالحية ونايفة O`), is repaired: every word becomes a token with the tag (a B- phrase
 * continues with I-); any other reading is an error naming file and line.
 */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "hashiya-conll-reader.h"
#include "hashiya-text.h"

#include <string.h>

#define SENTINEL "$#$"
#define MAX_LISTED_LINES 20

void
hashiya_conll_file_free (HashiyaConllFile *file)
{
  if (file == NULL)
    return;
  g_clear_pointer (&file->rows, g_ptr_array_unref);
  g_clear_pointer (&file->messages, g_ptr_array_unref);
  g_free (file);
}

static void
conll_row_free (gpointer data)
{
  HashiyaConllRow *row = data;

  g_free (row->token);
  g_free (row->prefixes);
  g_free (row->types);
  g_free (row);
}

/* ---- fields ------------------------------------------------------------- */

typedef struct
{
  guint  line;
  char  *clean;        /* the line without format characters */
  GPtrArray *fields;   /* char* (pointers into clean), fields[0] = "" for an empty token */
} ConllLine;

static void
conll_line_clear (ConllLine *l)
{
  g_free (l->clean);
  g_clear_pointer (&l->fields, g_ptr_array_unref);
}

static gboolean
is_space_byte (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Copy of [p, p+n) without format characters (Cf: LRM, RLM, ALM, ZWJ, ZWNJ, BOM, …), but
 * those an exported token keeps (a ZWJ inside an emoji sequence, flag tags). */
static char *
drop_format_chars (const char *p, gsize n, guint *n_dropped)
{
  gboolean ascii = TRUE;

  for (gsize i = 0; i < n; i++)
    if ((guchar) p[i] >= 0x80)
      {
        ascii = FALSE;
        break;
      }
  if (ascii)
    return g_strndup (p, n);

  GString *s = g_string_sized_new (n);
  const char *end = p + n;
  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      const char *next;
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* invalid UTF-8 is refused earlier; keep the byte to be safe */
          g_string_append_c (s, *p);
          p++;
          continue;
        }
      next = g_utf8_next_char (p);
      if (g_unichar_type (c) == G_UNICODE_FORMAT
          && !hashiya_unichar_format_kept (c, next < end ? g_utf8_get_char_validated (next, end - next) : 0))
        (*n_dropped)++;
      else
        g_string_append_len (s, p, next - p);
      p = next;
    }
  return g_string_free (s, FALSE);
}

static void
split_fields (ConllLine *l)
{
  char *p = l->clean;

  l->fields = g_ptr_array_new ();
  if (is_space_byte (*p))
    g_ptr_array_add (l->fields, (char *) "");   /* empty token: the line starts with a separator */
  while (*p)
    {
      while (*p && is_space_byte (*p))
        *p++ = '\0';
      if (!*p)
        break;
      g_ptr_array_add (l->fields, p);
      while (*p && !is_space_byte (*p))
        p++;
    }
}

/* The line's fields joined by spaces (split_fields cut clean in place). */
static char *
line_text (ConllLine *l)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; l->fields && i < l->fields->len; i++)
    g_string_append_printf (s, "%s%s", i ? " " : "", (char *) g_ptr_array_index (l->fields, i));
  return g_string_free (s, FALSE);
}

static gboolean
is_blank (const char *s)
{
  for (; *s; s++)
    if (!is_space_byte (*s))
      return FALSE;
  return TRUE;
}

/* O, or a B-/I-/E-/S-/L-/U- prefix followed by a label. */
static gboolean
looks_prefixed (const char *f)
{
  return strchr ("BIESLU", f[0]) != NULL && f[0] != '\0' && f[1] == '-' && f[2] != '\0';
}

static gboolean
looks_bare (const char *f)
{
  if (!g_ascii_isalpha (f[0]))
    return FALSE;
  for (; *f; f++)
    if (!g_ascii_isalnum (*f) && *f != '_' && *f != '-' && *f != '.')
      return FALSE;
  return TRUE;
}

static gboolean
looks_like_tag (const char *f, gboolean bare)
{
  if (strcmp (f, "O") == 0)
    return TRUE;
  return bare ? looks_bare (f) : looks_prefixed (f);
}

/* ---- reading ------------------------------------------------------------ */

typedef struct
{
  const char *path;
  const HashiyaImportOptions *options;
  HashiyaConllFile *file;
  gboolean bare;             /* tags have no prefixes */
  GArray  *empty_lines;      /* guint: lines with an empty token */
  GArray  *sentinel_lines;   /* guint: lines with a $#$ token */
  gboolean pending_sentence; /* next row starts a sentence */
  gboolean pending_doc;
} Reader;

static void
add_message (HashiyaConllFile *file, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
add_message (HashiyaConllFile *file, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (file->messages, g_strdup_vprintf (format, args));
  va_end (args);
}

static char *
list_lines (GArray *lines)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < lines->len && i < MAX_LISTED_LINES; i++)
    g_string_append_printf (s, "%s%u", i ? ", " : "", g_array_index (lines, guint, i));
  if (lines->len > MAX_LISTED_LINES)
    g_string_append_printf (s, _(" and %u more"), lines->len - MAX_LISTED_LINES);
  return g_string_free (s, FALSE);
}

/* Parse one tag into prefix and interned type. */
static gboolean
read_tag (Reader *r, const char *tag, guint line, char *prefix, const char **type, GError **error)
{
  const char *name;

  if (strcmp (tag, "O") == 0)
    {
      *prefix = 'O';
      *type = NULL;
      return TRUE;
    }
  if (r->bare)
    {
      *prefix = 'I';
      name = tag;
    }
  else if (looks_prefixed (tag))
    {
      switch (tag[0])
        {
        case 'L': *prefix = 'E'; break;
        case 'U': *prefix = 'S'; break;
        default:  *prefix = tag[0]; break;
        }
      name = tag + 2;
    }
  else
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX,
                   _("%s:%u: cannot read the tag “%s”: expected O or B-, I-, E-, S-, L-, U- "
                   "followed by a label (use the bare scheme for tags without prefixes)"),
                   r->path, line, tag);
      return FALSE;
    }
  if (r->options && r->options->aliases)
    {
      const char *alias = g_hash_table_lookup (r->options->aliases, name);
      if (alias)
        name = alias;
    }
  *type = g_intern_string (name);
  return TRUE;
}

static gboolean
add_row (Reader *r, const char *token, guint line, const char * const *tags, guint n_tags,
         GError **error)
{
  HashiyaConllRow *row;
  gboolean all_o = TRUE;

  for (guint i = 0; i < n_tags; i++)
    if (strcmp (tags[i], "O") != 0)
      all_o = FALSE;

  if (token[0] == '\0' || strcmp (token, SENTINEL) == 0)
    {
      gboolean sentinel = token[0] != '\0';

      g_array_append_val (sentinel ? r->sentinel_lines : r->empty_lines, line);
      r->file->n_skipped_lines++;
      if (!all_o)
        add_message (r->file, _("%s:%u: %s carries a tag other than O; it was left out "
                     "with its tag"), r->path, line,
                     sentinel ? "the sentinel token “" SENTINEL "”" : "an empty token");
      return TRUE;
    }

  row = g_new0 (HashiyaConllRow, 1);
  row->token = g_strdup (token);
  row->line = line;
  row->sentence_start = r->pending_sentence;
  row->doc_start = r->pending_doc;
  r->pending_sentence = FALSE;
  r->pending_doc = FALSE;
  /* trailing O columns carry nothing */
  while (n_tags > 1 && strcmp (tags[n_tags - 1], "O") == 0)
    n_tags--;
  row->n_tags = n_tags;
  row->prefixes = g_new (char, n_tags);
  row->types = g_new0 (const char *, n_tags);
  g_ptr_array_add (r->file->rows, row);
  for (guint i = 0; i < n_tags; i++)
    if (!read_tag (r, tags[i], line, &row->prefixes[i], &row->types[i], error))
      return FALSE;
  if (n_tags > r->file->n_columns)
    r->file->n_columns = n_tags;
  return TRUE;
}

typedef enum { LAYOUT_TAGS, LAYOUT_LAST, LAYOUT_COLUMN, LAYOUT_FILLER } Layout;

static const char *
scheme_name (HashiyaScheme s)
{
  switch (s)
    {
    case HASHIYA_SCHEME_BIO:   return "BIO (IOB2)";
    case HASHIYA_SCHEME_IOB1:  return "IOB1";
    case HASHIYA_SCHEME_BIOES: return "BIOES";
    case HASHIYA_SCHEME_BARE:  return "bare tags";
    case HASHIYA_SCHEME_AUTO:
    default:                   return "auto";
    }
}

HashiyaConllFile *
hashiya_conll_read (const char                 *path,
                    const char                 *data,
                    gsize                       len,
                    const HashiyaImportOptions *options,
                    GError                    **error)
{
  g_autoptr(HashiyaConllFile) file = g_new0 (HashiyaConllFile, 1);
  g_autoptr(GArray) lines = g_array_new (FALSE, TRUE, sizeof (ConllLine));
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) empty_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) sentinel_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *p = data, *end = data + len;
  guint lineno = 0, mode = 0, mode_count = 0, n_prefixed = 0, n_bare = 0;
  int tag_column = options ? options->tag_column : -1;
  HashiyaScheme scheme = options ? options->scheme : HASHIYA_SCHEME_AUTO;
  Layout layout = LAYOUT_TAGS;
  Reader r = { 0 };
  gboolean ok = TRUE;

  g_array_set_clear_func (lines, (GDestroyNotify) conll_line_clear);
  file->rows = g_ptr_array_new_with_free_func (conll_row_free);
  file->messages = g_ptr_array_new_with_free_func (g_free);
  if (path == NULL)
    path = "(data)";

  if (!g_utf8_validate_len (data, len, &p))
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_ENCODING,
                   _("%s: invalid UTF-8 at byte %" "zu"), path, (gsize) (p - data));
      return NULL;
    }
  if (memchr (data, '\0', len) != NULL)
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_ENCODING,
                   _("%s: NUL byte at byte %" "zu"), path,
                   (gsize) ((const char *) memchr (data, '\0', len) - data));
      return NULL;
    }

  /* pass 1: split lines and fields, count field numbers and tag shapes */
  p = data;
  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *le = nl ? nl : end;
      ConllLine l = { 0 };

      lineno++;
      l.line = lineno;
      l.clean = drop_format_chars (p, le - p, &file->n_format_chars_dropped);
      p = nl ? nl + 1 : end;
      if (is_blank (l.clean))
        {
          g_free (l.clean);
          l.clean = NULL;
          g_array_append_val (lines, l);
          continue;
        }
      split_fields (&l);
      g_array_append_val (lines, l);
      if (strcmp (g_ptr_array_index (l.fields, 0), "-DOCSTART-") == 0)
        continue;
      {
        guint n = l.fields->len;
        guint c = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (n))) + 1;
        /* the tag shape is read from the chosen column, else from the last one */
        const char *last = tag_column >= 0
                           ? ((guint) tag_column < n ? g_ptr_array_index (l.fields, tag_column) : "O")
                           : g_ptr_array_index (l.fields, n - 1);

        g_hash_table_insert (counts, GUINT_TO_POINTER (n), GUINT_TO_POINTER (c));
        if (c > mode_count || (c == mode_count && n < mode))
          {
            mode = n;
            mode_count = c;
          }
        if (n >= 2 && strcmp (last, "O") != 0)
          {
            if (last[0] != '\0' && strchr ("BIESLU", last[0]) && last[1] == '-')
              n_prefixed++;
            else
              n_bare++;
          }
      }
    }

  if (mode == 0)
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_EMPTY,
                   _("%s: no token lines"), path);
      return NULL;
    }
  if (mode < 2)
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX,
                   _("%s: most lines hold a single field; CoNLL needs a token and a tag per line"),
                   path);
      return NULL;
    }

  r.bare = scheme == HASHIYA_SCHEME_BARE
           || (scheme == HASHIYA_SCHEME_AUTO && n_bare > 0 && n_prefixed == 0);

  if (tag_column >= 0)
    {
      if ((guint) tag_column == 0)
        {
          g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_FORMAT,
                       _("%s: the tag column cannot be column 1, which holds the token"), path);
          return NULL;
        }
      layout = (guint) tag_column == mode - 1 ? LAYOUT_LAST : LAYOUT_COLUMN;
    }
  else if (mode >= 3)
    {
      guint n_mode_lines = 0, n_second_tag = 0, n_filler = 0;
      for (guint i = 0; i < lines->len; i++)
        {
          ConllLine *l = &g_array_index (lines, ConllLine, i);
          if (l->fields && l->fields->len == mode)
            {
              n_mode_lines++;
              if (looks_like_tag (g_ptr_array_index (l->fields, 1), r.bare))
                n_second_tag++;
              if (mode >= 4 && strcmp (g_ptr_array_index (l->fields, 1), "-X-") == 0
                  && strcmp (g_ptr_array_index (l->fields, 2), "O") == 0)
                n_filler++;
            }
        }
      if (n_filler * 2 > n_mode_lines)
        {
          /* `token -X- O TAG [TAG …]`: the tag columns follow the two fillers */
          layout = LAYOUT_FILLER;
        }
      else if (n_second_tag * 2 < n_mode_lines)
        {
          layout = LAYOUT_LAST;
          add_message (file, _("%s: %u columns per line with no tag in the second column: "
                       "reading the last column as the tag (CoNLL-2003 layout)"), path, mode);
        }
    }

  /* pass 2: rows */
  r.path = path;
  r.options = options;
  r.file = file;
  r.empty_lines = empty_lines;
  r.sentinel_lines = sentinel_lines;
  r.pending_sentence = TRUE;
  r.pending_doc = TRUE;

  for (guint i = 0; ok && i < lines->len; i++)
    {
      ConllLine *l = &g_array_index (lines, ConllLine, i);
      const char * const *f;
      guint n;

      if (l->fields == NULL)
        {
          r.pending_sentence = TRUE;
          continue;
        }
      f = (const char * const *) l->fields->pdata;
      n = l->fields->len;
      if (strcmp (f[0], "-DOCSTART-") == 0)
        {
          r.pending_sentence = TRUE;
          r.pending_doc = TRUE;
          continue;
        }

      if (n == 1)
        {
          g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX,
                       _("%s:%u: the token “%s” has no tag"), path, l->line, f[0]);
          ok = FALSE;
          break;
        }

      if (layout == LAYOUT_COLUMN)
        {
          if (n <= (guint) tag_column)
            {
              g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX,
                           _("%s:%u: %u fields, but the tag is asked for in column %d (counting from 1)"),
                           path, l->line, n, tag_column + 1);
              ok = FALSE;
              break;
            }
          if (n != mode)
            {
              g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX,
                           _("%s:%u: %u fields where the file has %u; cannot tell which "
                           "field is the tag"), path, l->line, n, mode);
              ok = FALSE;
              break;
            }
          ok = add_row (&r, f[0], l->line, &f[tag_column], 1, error);
          continue;
        }

      if (layout == LAYOUT_FILLER)
        {
          gboolean tags = n >= 4 && strcmp (f[1], "-X-") == 0 && strcmp (f[2], "O") == 0;
          for (guint k = 3; tags && k < n; k++)
            if (!looks_like_tag (f[k], r.bare))
              tags = FALSE;
          if (!tags)
            {
              g_autofree char *lt = line_text (l);
              g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX,
                           _("%s:%u: expected “token -X- O TAG…”, found “%s”"), path, l->line, lt);
              ok = FALSE;
              break;
            }
          ok = add_row (&r, f[0], l->line, &f[3], n - 3, error);
          continue;
        }

      if (layout == LAYOUT_LAST && n != mode)
        {
          gboolean words = TRUE;
          if (n < mode)
            words = FALSE;
          for (guint k = 1; words && k < n - 1; k++)
            if (looks_like_tag (f[k], r.bare))
              words = FALSE;
          if (!words || mode != 2)
            {
              g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX,
                           _("%s:%u: %u fields where the file has %u; cannot tell which "
                           "field is the tag"), path, l->line, n, mode);
              ok = FALSE;
              break;
            }
        }

      if (layout == LAYOUT_LAST && n == mode)
        {
          ok = add_row (&r, f[0], l->line, &f[n - 1], 1, error);
          continue;
        }

      /* LAYOUT_TAGS (or LAST with extra words on a two-column file) */
      {
        gboolean all_tags = layout == LAYOUT_TAGS;
        gboolean words_then_tag = TRUE;

        for (guint k = 1; all_tags && k < n; k++)
          if (!looks_like_tag (f[k], r.bare))
            all_tags = FALSE;
        if (n == 2 || all_tags)
          {
            ok = add_row (&r, f[0], l->line, &f[1], n - 1, error);
            continue;
          }
        if (!looks_like_tag (f[n - 1], r.bare) && !(n == 2))
          words_then_tag = FALSE;
        for (guint k = 1; words_then_tag && k < n - 1; k++)
          if (looks_like_tag (f[k], r.bare))
            words_then_tag = FALSE;
        if (!words_then_tag)
          {
            g_autofree char *lt = line_text (l);
            g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX,
                         _("%s:%u: cannot read the columns: “%s” mixes words and tags"),
                         path, l->line, lt);
            ok = FALSE;
            break;
          }
        /* n-1 words share one tag: each becomes a token; a phrase continues over them */
        {
          const char *tag = f[n - 1];
          g_autofree char *cont = NULL, *first = NULL, *last = NULL;

          if (strcmp (tag, "O") == 0 || r.bare)
            cont = g_strdup (tag);
          else
            cont = g_strdup_printf ("I-%s", tag + 2);
          first = g_strdup (tag);
          last = g_strdup (cont);
          if (!r.bare && (tag[0] == 'S' || tag[0] == 'U'))
            {
              g_free (first);
              first = g_strdup_printf ("B-%s", tag + 2);
              g_free (last);
              last = g_strdup_printf ("E-%s", tag + 2);
            }
          else if (!r.bare && (tag[0] == 'E' || tag[0] == 'L'))
            {
              g_free (first);
              first = g_strdup (cont);
              g_free (last);
              last = g_strdup (tag);
            }
          for (guint k = 0; ok && k < n - 1; k++)
            {
              const char *t = k == 0 ? first : (k == n - 2 ? last : cont);
              ok = add_row (&r, f[k], l->line, &t, 1, error);
            }
          {
            GString *ws = g_string_new (NULL);
            for (guint k = 0; k < n - 1; k++)
              g_string_append_printf (ws, "%s%s", k ? " " : "", f[k]);
            add_message (file, _("%s:%u: %u words with one tag %s (“%s”): each word became "
                         "a token with that tag"), path, l->line, n - 1, tag, ws->str);
            g_string_free (ws, TRUE);
          }
          file->n_repairs++;
        }
      }
    }
  if (!ok)
    return NULL;

  if (file->rows->len == 0)
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_EMPTY,
                   _("%s: no tokens"), path);
      return NULL;
    }

  /* scheme as read */
  {
    gboolean has_es = FALSE, b_starts = FALSE;
    char prev = 'O';
    const char *prev_type = NULL;

    for (guint i = 0; i < file->rows->len; i++)
      {
        HashiyaConllRow *row = g_ptr_array_index (file->rows, i);
        char c = row->n_tags ? row->prefixes[0] : 'O';
        const char *t = row->n_tags ? row->types[0] : NULL;

        if (row->sentence_start)
          {
            prev = 'O';
            prev_type = NULL;
            file->n_sentences++;
          }
        if (row->doc_start)
          file->n_documents++;
        if (c == 'E' || c == 'S')
          has_es = TRUE;
        if (c == 'B' && !((prev == 'B' || prev == 'I') && prev_type == t))
          b_starts = TRUE;
        prev = c;
        prev_type = t;
      }
    if (r.bare)
      file->scheme = HASHIYA_SCHEME_BARE;
    else if (scheme != HASHIYA_SCHEME_AUTO)
      file->scheme = scheme;
    else if (has_es)
      file->scheme = HASHIYA_SCHEME_BIOES;
    else if (!b_starts && n_prefixed > 0)
      file->scheme = HASHIYA_SCHEME_IOB1;
    else
      file->scheme = HASHIYA_SCHEME_BIO;
  }

  /* phrases that start with I- (or E-) */
  {
    g_autoptr(GArray) chunks = g_array_new (FALSE, FALSE, sizeof (HashiyaConllChunk));
    g_autoptr(GArray) where = g_array_new (FALSE, FALSE, sizeof (guint));

    for (guint col = 0; col < file->n_columns; col++)
      {
        g_array_set_size (chunks, 0);
        hashiya_conll_chunks (file, 0, file->rows->len, col, chunks);
        for (guint k = 0; k < chunks->len; k++)
          {
            HashiyaConllChunk *ch = &g_array_index (chunks, HashiyaConllChunk, k);
            HashiyaConllRow *row = g_ptr_array_index (file->rows, ch->first);
            char c = col < row->n_tags ? row->prefixes[col] : 'O';
            if (c == 'I' || c == 'E')
              {
                file->n_i_starts++;
                g_array_append_val (where, row->line);
              }
          }
      }
    if (file->n_i_starts > 0 && file->scheme != HASHIYA_SCHEME_IOB1
        && file->scheme != HASHIYA_SCHEME_BARE)
      {
        g_autofree char *ls = list_lines (where);
        add_message (file, _("%s: %u phrases start with an I- tag after O or another type; "
                     "read as conlleval does, each starts a new phrase (lines %s)"),
                     path, file->n_i_starts, ls);
      }
  }

  if (empty_lines->len > 0)
    {
      g_autofree char *ls = list_lines (empty_lines);
      add_message (file, _("%s: %u empty tokens (a line that is only a tag) left out (lines %s)"),
                   path, empty_lines->len, ls);
    }
  if (sentinel_lines->len > 0)
    {
      g_autofree char *ls = list_lines (sentinel_lines);
      add_message (file, "%s: %u sentinel tokens “" SENTINEL "” left out (lines %s)",
                   path, sentinel_lines->len, ls);
    }
  if (file->n_format_chars_dropped > 0)
    add_message (file, _("%s: %u invisible format characters (BOM, LRM, RLM, …) dropped"),
                 path, file->n_format_chars_dropped);
  if (file->n_columns > 1)
    add_message (file, _("%s: %u tag columns: inner columns imported as nested spans"),
                 path, file->n_columns);
  add_message (file, _("%s: scheme %s%s"), path, scheme_name (file->scheme),
               scheme == HASHIYA_SCHEME_AUTO ? _(" (detected)") : "");

  return g_steal_pointer (&file);
}

/* conlleval's rules, with E/S of BIOES (L/U were mapped on reading). */
static gboolean
chunk_ends (char prev, const char *prev_type, char tag, const char *type)
{
  if (prev == 'E' || prev == 'S')
    return TRUE;
  if ((prev == 'B' || prev == 'I') && (tag == 'B' || tag == 'S' || tag == 'O'))
    return TRUE;
  if (prev != 'O' && prev_type != type)
    return TRUE;
  return FALSE;
}

static gboolean
chunk_starts (char prev, const char *prev_type, char tag, const char *type)
{
  if (tag == 'B' || tag == 'S')
    return TRUE;
  if ((prev == 'E' || prev == 'S' || prev == 'O') && (tag == 'E' || tag == 'I'))
    return TRUE;
  if (tag != 'O' && prev_type != type)
    return TRUE;
  return FALSE;
}

void
hashiya_conll_chunks (HashiyaConllFile *file,
                      guint             from,
                      guint             to,
                      guint             column,
                      GArray           *out)
{
  char prev = 'O';
  const char *prev_type = NULL;
  gboolean open = FALSE;
  HashiyaConllChunk cur = { 0 };

  g_return_if_fail (file != NULL && out != NULL);

  for (guint i = from; i < to; i++)
    {
      HashiyaConllRow *row = g_ptr_array_index (file->rows, i);
      char tag = column < row->n_tags ? row->prefixes[column] : 'O';
      const char *type = column < row->n_tags ? row->types[column] : NULL;

      if (row->sentence_start && i > from)
        {
          if (open)
            g_array_append_val (out, cur);
          open = FALSE;
          prev = 'O';
          prev_type = NULL;
        }
      if (open && chunk_ends (prev, prev_type, tag, type))
        {
          g_array_append_val (out, cur);
          open = FALSE;
        }
      if (chunk_starts (prev, prev_type, tag, type))
        {
          open = TRUE;
          cur.first = i;
          cur.type = type;
        }
      if (open)
        cur.last = i;
      prev = tag;
      prev_type = type;
    }
  if (open)
    g_array_append_val (out, cur);
}
