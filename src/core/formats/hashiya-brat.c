/* hashiya-brat.c: brat standoff, read (a .txt/.ann pair) and written (a folder)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the format holds (anything else is listed in the export report; offsets: see
 * hashiya-interchange-common.h):
 *  - brat standoff: a folder of NAME.txt / NAME.ann pairs and annotation.conf; `T`
 *    lines for spans (nesting is fine), `#` AnnotatorNotes for span notes. No field:
 *    judgements (the report names each one's fields) and reply links between comments.
 *    Same-range same-label spans of several annotators are merged.
 *    A span across a line break (or a tab) is written as brat writes it: fragments split
 *    there (`T1 LOC 13 16;18 24`, its text the fragments' texts joined by a space).
 *    What brat has no place for (document order, source names, segment kinds) goes to a
 *    side file beside annotation.conf, hashiya.conf (`[documents]`, one line per document:
 *    `STEM<TAB>SOURCE<TAB>kind:start-end …`), which brat ignores.
 *    On import, fragments separated only by line breaks or tabs are one span again; any
 *    other discontinuous `T1 LOC 0 5;10 15` becomes one span per fragment (with a warning);
 *    R, E, A, N and * lines are skipped and counted. A folder (an export) is read whole:
 *    in hashiya.conf's order with its source names and segments, else in name order with
 *    one paragraph per line (said in the report).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "hashiya-brat.h"
#include "hashiya-interchange-common.h"
#include "hashiya-interchange-schema.h"

#define BRAT_SIDE_FILE "hashiya.conf"

/* ---- detection ------------------------------------------------------------------ */

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

/* brat is a pair of files: the name says it (a .ann, or a .txt with a .ann beside it) */
static guint
brat_detect (HashiyaSniff *sniff)
{
  const char *path = hashiya_sniff_get_name (sniff);
  g_autofree char *ann = NULL;

  if (path == NULL)
    return 0;
  if (has_suffix_ci (path, ".ann"))
    return 100;
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      /* a folder (a brat export): brat when it holds a .ann */
      g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
      const char *name;
      while (d && (name = g_dir_read_name (d)) != NULL)
        if (has_suffix_ci (name, ".ann"))
          return 100;
      return 0;
    }
  ann = sibling_ann (path);
  return ann != NULL && g_file_test (ann, G_FILE_TEST_IS_REGULAR) ? 100 : 0;
}

/* ---- reading -------------------------------------------------------------------- */

typedef struct
{
  guint  line;
  guint  first;    /* index of the first fragment's span */
  guint  n;
  char  *expect;
  char  *message;  /* said when the fragments stay spans of their own */
} FragGroup;

static void
frag_group_clear (gpointer p)
{
  g_free (((FragGroup *) p)->expect);
  g_free (((FragGroup *) p)->message);
}

/* True when [a, b) of text (code points) holds only line breaks and tabs: the gap the
 * export leaves between the fragments of one span. */
static gboolean
gap_is_break (const char *text, gint64 a, gint64 b)
{
  const char *p;

  if (a >= b)
    return FALSE;
  p = g_utf8_offset_to_pointer (text, a);
  for (gint64 i = a; i < b; i++, p = g_utf8_next_char (p))
    if (*p != '\n' && *p != '\t' && *p != '\r')
      return FALSE;
  return TRUE;
}

static gboolean
parse_brat (const char *ann_path, const HashiyaImportOptions *options, const char *source,
            GArray *segments, GPtrArray *docs_out, HashiyaImportReport *report, GError **error)
{
  g_autoptr(GHashTable) renamed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func (hashiya_ix_raw_span_free);
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (FragGroup));
  g_autoptr(GError) local = NULL;
  g_autofree char *ann = NULL, *txt = NULL, *txt_path = NULL, *stem = NULL, *base = NULL;
  g_auto(GStrv) lines = NULL;
  HashiyaReadCtx ctx = { ann_path, options, report, renamed };
  gsize ann_len = 0, txt_len = 0;
  guint n_other = 0, n_discontinuous = 0, n_bad_notes = 0;
  char *text;
  HashiyaParsedDoc *doc;

  g_return_val_if_fail (ann_path != NULL && docs_out != NULL, FALSE);
  g_array_set_clear_func (groups, frag_group_clear);

  stem = g_str_has_suffix (ann_path, ".ann") ? g_strndup (ann_path, strlen (ann_path) - 4)
         : g_str_has_suffix (ann_path, ".txt") ? g_strndup (ann_path, strlen (ann_path) - 4)
         : g_strdup (ann_path);
  txt_path = g_strconcat (stem, ".txt", NULL);
  {
    g_autofree char *real_ann = g_strconcat (stem, ".ann", NULL);
    ctx.path = ann_path;
    if (!g_file_get_contents (real_ann, &ann, &ann_len, &local))
      {
        g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_READ, "%s", local->message);
        return FALSE;
      }
  }
  if (!g_file_get_contents (txt_path, &txt, &txt_len, &local))
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_READ,
                   _("%s: the brat text file is missing: %s"), ann_path, local->message);
      return FALSE;
    }
  if (memchr (txt, '\0', txt_len) || !g_utf8_validate (txt, txt_len, NULL))
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_ENCODING,
                   _("%s: not UTF-8 text"), txt_path);
      return FALSE;
    }
  if (!g_utf8_validate (ann, ann_len, NULL))
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_ENCODING,
                   _("%s: not UTF-8 text"), ann_path);
      return FALSE;
    }

  lines = g_strsplit (ann, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *line = lines[i];
      g_autofree char *where = g_strdup_printf ("%s:%u", ann_path, i + 1);
      g_auto(GStrv) cols = NULL;
      gsize l = strlen (line);

      if (l > 0 && line[l - 1] == '\r')
        line[--l] = '\0';
      if (l == 0)
        continue;
      cols = g_strsplit (line, "\t", 3);
      if (line[0] == 'T')
        {
          g_auto(GStrv) frags = NULL;
          g_auto(GStrv) fragtexts = NULL;
          char *sp;
          const char *label;

          if (g_strv_length (cols) < 2 || (sp = strchr (cols[1], ' ')) == NULL)
            return hashiya_ix_bad (error, where, _("a T line is “T1<TAB>LABEL START END<TAB>text”"));
          *sp = '\0';
          label = cols[1];
          frags = g_strsplit (sp + 1, ";", -1);
          if (g_strv_length (frags) > 1)
            {
              FragGroup g = { i + 1, spans->len, g_strv_length (frags),
                              g_strdup (cols[2] ? cols[2] : ""),
                              g_strdup_printf (_("%s: discontinuous span %s %s: each of its %u "
                                                 "fragments became a span of its own"), where,
                                               cols[0], label, g_strv_length (frags)) };
              g_array_append_val (groups, g);
              n_discontinuous++;
            }
          for (guint f = 0; frags[f]; f++)
            {
              HashiyaRawSpan *r = g_new0 (HashiyaRawSpan, 1);
              char *endp;
              r->start = g_ascii_strtoll (frags[f], &endp, 10);
              if (endp == frags[f] || *endp != ' ')
                {
                  hashiya_ix_raw_span_free (r);
                  return hashiya_ix_bad (error, where, _("cannot read the span offsets"));
                }
              {
                char *e2 = endp + 1;
                r->end = g_ascii_strtoll (e2, &endp, 10);
                if (endp == e2 || *endp != '\0')
                  {
                    hashiya_ix_raw_span_free (r);
                    return hashiya_ix_bad (error, where, _("cannot read the span offsets"));
                  }
              }
              r->label = g_strdup (label);
              r->line = i + 1;
              /* brat joins the fragments' texts with a space */
              if (frags[1] == NULL && cols[2])
                r->text = g_strdup (cols[2]);
              g_ptr_array_add (spans, r);
              if (f == 0)
                g_hash_table_insert (by_id, g_strdup (cols[0]), GUINT_TO_POINTER (spans->len));
            }
        }
      else if (line[0] == '#')
        {
          g_auto(GStrv) ref = NULL;
          guint idx;
          if (g_strv_length (cols) < 3)
            {
              hashiya_ix_ctx_message (&ctx, _("%s: a note line is “#1<TAB>AnnotatorNotes T1<TAB>text”; "
                           "skipped"), where);
              n_bad_notes++;
              continue;
            }
          ref = g_strsplit (cols[1], " ", 2);
          idx = ref[0] && ref[1] ? GPOINTER_TO_UINT (g_hash_table_lookup (by_id, ref[1])) : 0;
          if (idx == 0)
            {
              hashiya_ix_ctx_message (&ctx, _("%s: note on %s, which is not a span here; skipped"), where,
                           ref[0] && ref[1] ? ref[1] : "?");   /* an empty column splits into no words */
              n_bad_notes++;
              continue;
            }
          {
            HashiyaRawSpan *r = g_ptr_array_index (spans, idx - 1);
            char *old = r->note;
            r->note = old ? g_strconcat (old, "\n", cols[2], NULL) : g_strdup (cols[2]);
            g_free (old);
          }
        }
      else
        n_other++;
    }
  if (n_other > 0)
    hashiya_ix_ctx_message (&ctx, _("%s: %u relation, event, attribute or normalisation lines not "
                 "imported (a project holds entity spans and notes only)"), ann_path, n_other);
  if (report)
    report->n_skipped_lines += n_other + n_bad_notes;

  text = txt;
  if (txt_len >= 3 && memcmp (txt, "\xEF\xBB\xBF", 3) == 0)
    {
      hashiya_ix_ctx_message (&ctx, _("%s: a byte order mark at the start was kept out of the text; "
                   "offsets count from after it"), txt_path);
      text += 3;
    }
  /* a discontinuous span's text is its fragments' texts joined by spaces */
  {
    glong n_cp = g_utf8_strlen (text, -1);
    for (guint g = 0; g < groups->len; g++)
      {
        FragGroup *fg = &g_array_index (groups, FragGroup, g);
        gboolean at_breaks = TRUE;
        g_autoptr(GString) joined = g_string_new (NULL);
        gboolean inside = TRUE;
        for (guint k = 0; k < fg->n; k++)
          {
            HashiyaRawSpan *r = g_ptr_array_index (spans, fg->first + k);
            if (r->start < 0 || r->end > n_cp || r->start > r->end)
              {
                inside = FALSE;   /* build_doc names the offset */
                break;
              }
            if (k > 0)
              g_string_append_c (joined, ' ');
            g_string_append_len (joined, g_utf8_offset_to_pointer (text, r->start),
                                 g_utf8_offset_to_pointer (text, r->end)
                                 - g_utf8_offset_to_pointer (text, r->start));
          }
        if (inside && fg->expect[0] != '\0' && strcmp (joined->str, fg->expect) != 0)
          {
            g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_DATA,
                         _("%s:%u: the file says “%s” but the fragments' text is “%s”"),
                         ann_path, fg->line, fg->expect, joined->str);
            return FALSE;
          }
        /* fragments split only at line breaks or tabs (as brat and our export write a span
         * across lines) are one span again */
        for (guint k = 1; inside && k < fg->n; k++)
          {
            HashiyaRawSpan *a = g_ptr_array_index (spans, fg->first + k - 1);
            HashiyaRawSpan *b = g_ptr_array_index (spans, fg->first + k);
            if (!gap_is_break (text, a->end, b->start))
              at_breaks = FALSE;
          }
        if (inside && at_breaks)
          {
            HashiyaRawSpan *first = g_ptr_array_index (spans, fg->first);
            HashiyaRawSpan *last = g_ptr_array_index (spans, fg->first + fg->n - 1);
            first->end = last->end;
            /* the others are dropped below */
            for (guint k = 1; k < fg->n; k++)
              ((HashiyaRawSpan *) g_ptr_array_index (spans, fg->first + k))->start = -2;
            n_discontinuous--;
          }
        else
          hashiya_ix_ctx_message (&ctx, "%s", fg->message);
      }
    for (guint k = 0; k < spans->len; k++)
      if (((HashiyaRawSpan *) g_ptr_array_index (spans, k))->start == -2)
        g_ptr_array_remove_index (spans, k--);
  }
  base = g_path_get_basename (txt_path);
  doc = hashiya_ix_build_doc (&ctx, ann_path, source ? source : base, text, FALSE, segments,
                              spans, NULL, NULL, error);
  if (doc == NULL)
    return FALSE;
  g_ptr_array_add (docs_out, doc);
  return TRUE;
}

gboolean
hashiya_parse_brat (const char *ann_path, const HashiyaImportOptions *options,
                    GPtrArray *docs_out, HashiyaImportReport *report, GError **error)
{
  return parse_brat (ann_path, options, NULL, NULL, docs_out, report, error);
}


static int compare_strings (gconstpointer a, gconstpointer b);

/* One line of the side file: the document's stem, source and segments. */
typedef struct
{
  char   *stem;
  char   *source;
  GArray *segments;  /* HashiyaSegment, or NULL */
} BratSide;

static void
brat_side_free (gpointer p)
{
  BratSide *b = p;

  g_free (b->stem);
  g_free (b->source);
  if (b->segments)
    g_array_unref (b->segments);
  g_free (b);
}

/* Reads dir/hashiya.conf: NULL when there is none; an error names its line. */
static GPtrArray *
read_side_file (const char *dir, gboolean *bad, GError **error)
{
  g_autofree char *path = g_build_filename (dir, BRAT_SIDE_FILE, NULL);
  g_autofree char *data = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *out;
  gboolean in_docs = FALSE;

  *bad = FALSE;
  if (!g_file_get_contents (path, &data, NULL, NULL))
    return NULL;
  if (!g_utf8_validate (data, -1, NULL))
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_ENCODING, _("%s: not UTF-8 text"), path);
      *bad = TRUE;
      return NULL;
    }
  out = g_ptr_array_new_with_free_func (brat_side_free);
  lines = g_strsplit (data, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) cols = NULL;
      g_auto(GStrv) segs = NULL;
      BratSide *b;

      g_strchomp (lines[i]);
      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      if (lines[i][0] == '[')
        {
          in_docs = strcmp (lines[i], "[documents]") == 0;
          continue;
        }
      if (!in_docs)
        continue;
      cols = g_strsplit (lines[i], "\t", 3);
      if (g_strv_length (cols) < 2 || cols[0][0] == '\0')
        {
          g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX,
                       _("%s:%u: a document line is “STEM<TAB>SOURCE<TAB>segments”"), path, i + 1);
          g_ptr_array_unref (out);
          *bad = TRUE;
          return NULL;
        }
      b = g_new0 (BratSide, 1);
      b->stem = g_strdup (cols[0]);
      b->source = g_strdup (cols[1]);
      g_ptr_array_add (out, b);
      if (cols[2] == NULL || cols[2][0] == '\0')
        continue;
      b->segments = g_array_new (FALSE, TRUE, sizeof (HashiyaSegment));
      segs = g_strsplit (cols[2], " ", -1);
      for (guint k = 0; segs[k]; k++)
        {
          HashiyaSegment seg = { 0 };
          char kind[32];
          long long a, e;
          int used = 0;

          if (segs[k][0] == '\0')
            continue;
          if (sscanf (segs[k], "%31[a-z]:%lld-%lld%n", kind, &a, &e, &used) != 3
              || segs[k][used] != '\0' || !hashiya_segment_kind_from_string (kind, &seg.kind))
            {
              g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_SYNTAX,
                           _("%s:%u: “%s” is not a segment (kind:start-end)"), path, i + 1, segs[k]);
              g_ptr_array_unref (out);
              *bad = TRUE;
              return NULL;
            }
          seg.start = a;
          seg.end = e;
          g_array_append_val (b->segments, seg);
        }
    }
  return out;
}

static BratSide *
side_for_stem (GPtrArray *side, const char *stem)
{
  for (guint i = 0; side && i < side->len; i++)
    if (strcmp (((BratSide *) g_ptr_array_index (side, i))->stem, stem) == 0)
      return g_ptr_array_index (side, i);
  return NULL;
}

static void
say_no_side (HashiyaImportReport *report, const HashiyaImportOptions *options, const char *where)
{
  g_autoptr(GHashTable) renamed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  HashiyaReadCtx ctx = { where, options, report, renamed };

  hashiya_ix_ctx_message (&ctx, _("%s: no %s beside it: brat files hold no document order, source "
                                  "names or segment kinds (file names became the sources, each "
                                  "non-empty line a paragraph)"), where, BRAT_SIDE_FILE);
}

static gboolean
brat_read_folder (const char *dir, const HashiyaImportOptions *options, GPtrArray *docs_out,
                  HashiyaImportReport *report, GError **error)
{
  g_autoptr(GPtrArray) side = NULL;
  g_autoptr(GPtrArray) stems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = NULL;
  g_autoptr(GError) local = NULL;
  const char *name;
  gboolean bad;

  d = g_dir_open (dir, 0, &local);
  if (d == NULL)
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_READ, "%s", local->message);
      return FALSE;
    }
  side = read_side_file (dir, &bad, error);
  if (bad)
    return FALSE;
  while ((name = g_dir_read_name (d)) != NULL)
    if (has_suffix_ci (name, ".ann"))
      g_ptr_array_add (stems, g_strndup (name, strlen (name) - 4));
  g_ptr_array_sort (stems, compare_strings);
  if (stems->len == 0)
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_FORMAT,
                   _("%s: a folder without brat files (NAME.ann with NAME.txt)"), dir);
      return FALSE;
    }
  if (side == NULL)
    say_no_side (report, options, dir);
  else
    {
      /* the side file's order first; files it does not list after, in name order */
      g_autoptr(GPtrArray) ordered = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < side->len; i++)
        {
          BratSide *b = g_ptr_array_index (side, i);
          guint at;
          if (g_ptr_array_find_with_equal_func (stems, b->stem, g_str_equal, &at))
            g_ptr_array_add (ordered, g_ptr_array_steal_index (stems, at));
          else
            {
              g_autoptr(GHashTable) renamed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
              HashiyaReadCtx ctx = { dir, options, report, renamed };
              hashiya_ix_ctx_message (&ctx, _("%s: %s lists %s, but %s.ann is missing: not imported"),
                                      dir, BRAT_SIDE_FILE, b->stem, b->stem);
            }
        }
      for (guint i = 0; i < stems->len; i++)
        {
          g_autoptr(GHashTable) renamed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          HashiyaReadCtx ctx = { dir, options, report, renamed };
          hashiya_ix_ctx_message (&ctx, _("%s: %s.ann is not in %s: imported last, its file name "
                                          "as its source, each non-empty line a paragraph"),
                                  dir, (char *) g_ptr_array_index (stems, i), BRAT_SIDE_FILE);
          g_ptr_array_add (ordered, g_ptr_array_steal_index (stems, i--));
        }
      g_ptr_array_extend_and_steal (stems, g_steal_pointer (&ordered));
    }
  for (guint i = 0; i < stems->len; i++)
    {
      const char *stem = g_ptr_array_index (stems, i);
      g_autofree char *ann = g_strconcat (stem, ".ann", NULL);
      g_autofree char *ann_path = g_build_filename (dir, ann, NULL);
      BratSide *b = side_for_stem (side, stem);

      if (!parse_brat (ann_path, options, b ? b->source : NULL, b ? b->segments : NULL,
                       docs_out, report, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
brat_read_path (const char                 *path,
                const HashiyaImportOptions *options,
                GPtrArray                  *docs_out,
                GPtrArray                  *labels_out,
                HashiyaImportReport        *report,
                GError                    **error)
{
  g_autofree char *ann = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GPtrArray) side = NULL;
  BratSide *b;
  gboolean bad;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return brat_read_folder (path, options, docs_out, report, error);
  ann = has_suffix_ci (path, ".ann") ? g_strdup (path) : sibling_ann (path);
  if (ann == NULL)
    {
      g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_FORMAT,
                   _("%s: brat needs a .ann file (or a .txt with a .ann beside it)"), path);
      return FALSE;
    }
  /* one file of an export: its line of the side file, when there is one */
  dir = g_path_get_dirname (ann);
  base = g_path_get_basename (ann);
  base[strlen (base) - 4] = '\0';
  side = read_side_file (dir, &bad, error);
  if (bad)
    return FALSE;
  b = side_for_stem (side, base);
  if (b == NULL)
    say_no_side (report, options, ann);
  return parse_brat (ann, options, b ? b->source : NULL, b ? b->segments : NULL,
                     docs_out, report, error);
}

/* ---- writing -------------------------------------------------------------------- */

typedef struct
{
  char       *dir;       /* where files go: the temporary folder (NULL = dry run) */
  GHashTable *labels;    /* label names seen */
  GHashTable *names;     /* file stems used */
  GString    *documents; /* the lines of hashiya.conf's [documents], in export order */
} BratState;

/* tabs and line breaks would break the side file's line: spaces */
static char *
one_line (const char *s)
{
  char *c = g_strdup (s ? s : "");

  for (char *p = c; *p; p++)
    if (*p == '\t' || *p == '\n' || *p == '\r')
      *p = ' ';
  return c;
}

static char *
brat_stem (BratState *st, HashiyaDocView *d)
{
  g_autofree char *src = g_path_get_basename (d->doc->source && *d->doc->source
                                              ? d->doc->source : "document");
  char *dot = strrchr (src, '.');
  GString *s = g_string_new (NULL);

  if (dot && dot != src)
    *dot = '\0';
  for (const char *p = src; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isalnum (c) || c == '-' || c == '_')
        g_string_append_unichar (s, c);
      else
        g_string_append_c (s, '_');
    }
  if (s->len == 0 || g_hash_table_contains (st->names, s->str))
    g_string_append_printf (s, "-%" G_GINT64_FORMAT, d->doc->id);
  g_hash_table_add (st->names, g_strdup (s->str));
  return g_string_free (s, FALSE);
}

static gboolean
brat_doc (HashiyaDocView *d, BratState *st, GError **error)
{
  g_autoptr(GString) ann = g_string_new (NULL);
  g_autofree char *stem = NULL, *txt_path = NULL, *ann_path = NULL;
  g_autoptr(GError) local = NULL;
  gsize n_bytes = 0;
  const char *text = hashiya_text_get_utf8 (d->text, &n_bytes);
  guint n_notes = 0;
  gboolean several = FALSE;

  /* brat names no annotator: with several, each span's attribution is lost (reported) */
  for (guint i = 1; i < d->spans->len; i++)
    if (g_strcmp0 (((HashiyaSpan *) g_ptr_array_index (d->spans, i))->annotator,
                   ((HashiyaSpan *) g_ptr_array_index (d->spans, 0))->annotator) != 0)
      several = TRUE;
  for (guint i = 0; i < d->spans->len; i++)
    {
      HashiyaSpan *s = g_ptr_array_index (d->spans, i);
      g_autofree char *slice = hashiya_text_slice (d->text, s->start, s->end);
      g_autoptr(GString) ranges = g_string_new (NULL);
      g_autoptr(GString) shown = g_string_new (NULL);
      gint64 cp = s->start, frag = -1;

      /* split at line breaks and tabs, as brat does: fragments joined by a space */
      for (const char *p = slice;; p = g_utf8_next_char (p), cp++)
        {
          gboolean brk = *p == '\0' || *p == '\n' || *p == '\t' || *p == '\r';
          if (!brk && frag < 0)
            frag = cp;
          if (brk && frag >= 0)
            {
              g_autofree char *piece = hashiya_text_slice (d->text, frag, cp);
              g_string_append_printf (ranges, "%s%" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                                      ranges->len ? ";" : "", frag, cp);
              g_string_append_printf (shown, "%s%s", shown->len ? " " : "", piece);
              frag = -1;
            }
          if (*p == '\0')
            break;
        }
      if (ranges->len == 0)
        {
          /* only line breaks: brat cannot mark it */
          hashiya_export_report_add (d->report, HASHIYA_LOSS_DROPPED, d->doc->id, d->doc->source, s,
                                     _("the span holds only line breaks; brat cannot mark it"));
          continue;
        }
      g_string_append_printf (ann, "T%u\t%s %s\t%s\n", i + 1, s->label, ranges->str, shown->str);
      if (several)
        hashiya_export_report_add (d->report, HASHIYA_LOSS_NO_FIELD, d->doc->id, d->doc->source, s,
                                   _("written without its annotator (%s); it comes back as whoever "
                                     "imports the file"), s->annotator ? s->annotator : "?");
      g_hash_table_add (st->labels, g_strdup (s->label));
      hashiya_ix_report_span_value (d, s, "brat");
      if (s->note)
        {
          g_autofree char *note = g_strdup (s->note);
          for (char *p = note; *p; p++)
            if (*p == '\n' || *p == '\t')
              *p = ' ';
          if (strcmp (note, s->note) != 0)
            hashiya_export_report_add (d->report, HASHIYA_LOSS_NO_FIELD, d->doc->id,
                                       d->doc->source, s, _("the note's line breaks became spaces"));
          g_string_append_printf (ann, "#%u\tAnnotatorNotes T%u\t%s\n", ++n_notes, i + 1, note);
        }
    }
  for (guint i = 0; i < d->judgements->len; i++)
    {
      const HashiyaJudgement *j = g_ptr_array_index (d->judgements, i);
      g_autofree char *fields = hashiya_ix_judgement_field_list (d->schema, j);
      g_autofree char *what = g_strdup_printf ("brat has no field for judgements (%s)", fields);

      hashiya_ix_report_judgement (d, j, what);
    }
  hashiya_ix_report_replies (d->report, d->doc, d->segments, "brat");

  if (st->dir == NULL)
    return TRUE;
  stem = brat_stem (st, d);
  {
    g_autofree char *source = one_line (d->doc->source);
    if (d->doc->source && strcmp (source, d->doc->source) != 0)
      hashiya_export_report_add (d->report, HASHIYA_LOSS_NO_FIELD, d->doc->id, d->doc->source, NULL,
                                 _("the source name's tabs and line breaks became spaces"));
    g_string_append_printf (st->documents, "%s\t%s\t", stem, source);
    for (guint k = 0; d->segments && k < d->segments->len; k++)
      {
        const HashiyaSegment *seg = &g_array_index (d->segments, HashiyaSegment, k);
        g_string_append_printf (st->documents, "%s%s:%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                                k ? " " : "", hashiya_segment_kind_to_string (seg->kind),
                                seg->start, seg->end);
      }
    g_string_append_c (st->documents, '\n');
  }
  txt_path = g_strdup_printf ("%s/%s.txt", st->dir, stem);
  ann_path = g_strdup_printf ("%s/%s.ann", st->dir, stem);
  if (!g_file_set_contents (txt_path, text, n_bytes, &local)
      || !g_file_set_contents (ann_path, ann->str, ann->len, &local))
    {
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_remove (p);
    }
  g_rmdir (dir);
}

static void
brat_state_free (BratState *st)
{
  g_free (st->dir);
  g_hash_table_unref (st->labels);
  g_hash_table_unref (st->names);
  g_string_free (st->documents, TRUE);
  g_free (st);
}

static gboolean
brat_check (const HashiyaExportOptions *options,
            GError                    **error)
{
  if (options->scope != HASHIYA_SCOPE_ALL)
    {
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_UNSUPPORTED,
                   _("brat export writes whole documents; a scope applies to CoNLL only"));
      return FALSE;
    }
  return TRUE;
}

/* The files go to a temporary folder beside the target, renamed into place at the end. */
static gboolean
brat_begin (HashiyaWriteJob *job,
            GString         *head,
            GError         **error)
{
  const char *folder = job->target;
  BratState *st;

  if (g_file_test (folder, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GDir) d = NULL;
      if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                       _("%s exists and is not a folder; brat export writes a folder"), folder);
          return FALSE;
        }
      d = g_dir_open (folder, 0, NULL);
      if (d && g_dir_read_name (d) != NULL)
        {
          g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                       _("%s is a folder that is not empty; brat export writes into a new or "
                       "empty folder"), folder);
          return FALSE;
        }
    }

  st = g_new0 (BratState, 1);
  st->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  st->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  st->documents = g_string_new (NULL);
  if (!job->dry_run)
    {
      char *tmp = g_strconcat (folder, ".tmp-XXXXXX", NULL);

      if (g_mkdtemp (tmp) == NULL)
        {
          int saved = errno;
          g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                       _("cannot create a temporary folder beside %s: %s"), folder, g_strerror (saved));
          g_free (tmp);
          brat_state_free (st);
          return FALSE;
        }
      st->dir = tmp;
    }
  job->state = st;
  job->fetch = HASHIYA_FETCH_JUDGEMENTS;
  return TRUE;
}

static gboolean
brat_document (HashiyaWriteJob       *job,
               const HashiyaWriteDoc *doc,
               HashiyaWriteOut       *out,
               HashiyaExportReport   *report,
               GError               **error)
{
  HashiyaDocView d;
  gboolean ok;

  hashiya_ix_doc_view_init (&d, job, doc, report, TRUE);
  ok = brat_doc (&d, job->state, error);
  hashiya_ix_doc_view_done (&d, ok);
  return ok;
}

static gboolean
brat_end (HashiyaWriteJob *job,
          gboolean         ok,
          GString         *tail,
          GError         **error)
{
  BratState *st = job->state;
  const char *folder = job->target;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GError) local = NULL;
  GString *conf;

  job->state = NULL;
  if (st->dir == NULL)
    {
      brat_state_free (st);
      return TRUE;
    }
  if (ok)
    {
      GHashTableIter iter;
      gpointer key;

      sorted = g_ptr_array_new ();
      g_hash_table_iter_init (&iter, st->labels);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (sorted, key);
      g_ptr_array_sort (sorted, compare_strings);
    }
  if (ok)
    {
      g_autofree char *conf_path = g_build_filename (st->dir, "annotation.conf", NULL);
      conf = g_string_new ("[entities]\n");
      for (guint i = 0; i < sorted->len; i++)
        g_string_append_printf (conf, "%s\n", (char *) g_ptr_array_index (sorted, i));
      g_string_append (conf, "\n[relations]\n\n[events]\n\n[attributes]\n");
      ok = g_file_set_contents (conf_path, conf->str, conf->len, &local);
      g_string_free (conf, TRUE);
      if (ok)
        {
          g_autofree char *side_path = g_build_filename (st->dir, BRAT_SIDE_FILE, NULL);
          g_autoptr(GString) side = g_string_new (NULL);
          g_string_append (side, "# Hashiya: what brat has no place for (document order, source names,\n"
                                 "# segments as kind:start-end in code points); brat ignores this file.\n"
                                 "[documents]\n");
          g_string_append (side, st->documents->str);
          ok = g_file_set_contents (side_path, side->str, side->len, &local);
        }
      if (!ok)
        g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE, "%s", local->message);
    }
  if (ok && g_file_test (folder, G_FILE_TEST_IS_DIR) && g_rmdir (folder) != 0)
    {
      int saved = errno;
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                   _("cannot replace the empty folder %s: %s"), folder, g_strerror (saved));
      ok = FALSE;
    }
  if (ok && g_rename (st->dir, folder) != 0)
    {
      int saved = errno;
      g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_WRITE,
                   _("cannot move the export into %s: %s"), folder, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    remove_tree (st->dir);
  brat_state_free (st);
  return ok;
}

static const HashiyaFormatWriter brat_writer = {
  .flags = HASHIYA_WRITER_FOLDER,
  .check = brat_check,
  .begin = brat_begin,
  .document = brat_document,
  .end = brat_end,
};

static const char * const brat_aliases[] = { "ann", NULL };
static const char * const brat_extensions[] = { "ann", "txt", NULL };
static const char * const brat_cannot_hold[] = {
  N_("comment judgements"),
  N_("span values (a date's normalised value, its calendar and anchor)"),
  N_("line breaks in span notes (written as spaces)"),
  N_("the same span from several annotators (written once)"),
  N_("which annotator made a span, when there are several"),
  N_("reply links between comments"),
  NULL
};

const HashiyaFormatDesc hashiya_format_brat = {
  .name = "brat",
  .aliases = brat_aliases,
  .title = N_("brat"),
  .label = N_("brat standoff (folder)"),
  .read_label = N_("brat standoff (.ann and .txt)"),
  .extensions = brat_extensions,
  .detect = brat_detect,
  .read_path = brat_read_path,
  .writer = &brat_writer,
  .cannot_hold = brat_cannot_hold,
};
