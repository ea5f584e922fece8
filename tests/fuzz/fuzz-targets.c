/* fuzz-targets.c: every fuzz target's call into the core, one small function per target
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This is the only file that names the readers' entry points (hashiya-import.h today): when
 * they move, port the call_* functions below and nothing else. Each target goes the way the
 * CLI's import goes: the bytes are written to a file, read and cleaned by
 * hashiya_read_text_file (which refuses bad UTF-8, NUL and empty files), then parsed. A parser
 * may refuse the input (that is its job); it must not crash, leak or read out of bounds.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include "fuzz-targets.h"
#include "hashiya-import.h"
/* the readers, one module each (src/core/formats) */
#include "hashiya-article.h"
#include "hashiya-brat.h"
#include "hashiya-conll.h"
#include "hashiya-doccano.h"
#include "hashiya-json.h"
#include "hashiya-label-studio.h"
#include "hashiya-spacy.h"
#include "hashiya-text.h"

/* ---- the calls into the core (port these) ---------------------------------------------- */

typedef gboolean (*ParseFunc) (const char *path, const char *data, gsize len,
                               const HashiyaImportOptions *options, GPtrArray *docs,
                               HashiyaImportReport *report, GError **error);

static gboolean
call_article (const char *path, const char *data, gsize len, const HashiyaImportOptions *options,
              GPtrArray *docs, HashiyaImportReport *report, GError **error)
{
  /* the import's auto-detection runs first on every file; the article reader gets the rest */
  (void) hashiya_detect_format (NULL, data, len);
  return hashiya_parse_article (path, (char *) data, len, options, docs, report, error);
}

static gboolean
call_json (const char *path, const char *data, gsize len, const HashiyaImportOptions *options,
           GPtrArray *docs, HashiyaImportReport *report, GError **error)
{
  return hashiya_parse_hashiya_json (path, data, len, FALSE, options, docs, report, error);
}

static gboolean
call_jsonl (const char *path, const char *data, gsize len, const HashiyaImportOptions *options,
            GPtrArray *docs, HashiyaImportReport *report, GError **error)
{
  return hashiya_parse_hashiya_json (path, data, len, TRUE, options, docs, report, error);
}

static gboolean
call_conll (const char *path, const char *data, gsize len, const HashiyaImportOptions *options,
            GPtrArray *docs, HashiyaImportReport *report, GError **error)
{
  return hashiya_parse_conll (path, data, len, options, docs, report, error);
}

static gboolean
call_doccano (const char *path, const char *data, gsize len, const HashiyaImportOptions *options,
              GPtrArray *docs, HashiyaImportReport *report, GError **error)
{
  return hashiya_parse_doccano (path, data, len, options, docs, report, error);
}

static gboolean
call_label_studio (const char *path, const char *data, gsize len, const HashiyaImportOptions *options,
                   GPtrArray *docs, HashiyaImportReport *report, GError **error)
{
  return hashiya_parse_label_studio (path, data, len, options, docs, report, error);
}

static gboolean
call_spacy (const char *path, const char *data, gsize len, const HashiyaImportOptions *options,
            GPtrArray *docs, HashiyaImportReport *report, GError **error)
{
  return hashiya_parse_spacy (path, data, len, options, docs, report, error);
}

/* brat reads its .ann and .txt itself */
static gboolean
call_brat (const char *ann_path, const HashiyaImportOptions *options, GPtrArray *docs,
           HashiyaImportReport *report, GError **error)
{
  return hashiya_parse_brat (ann_path, options, docs, report, error);
}

static void
call_tokenizer (const guint8 *data, gsize size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaText) text = hashiya_text_new ((const char *) data, size, &error);
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(GArray) sentences = NULL;
  g_autoptr(GArray) found = NULL;
  g_autoptr(HashiyaNormalized) norm = NULL;
  gsize n, n16, step;

  if (text == NULL)
    return;
  n = hashiya_text_get_length (text);
  n16 = hashiya_text_get_utf16_length (text);
  tokens = hashiya_tokenize (text, 0, n);
  for (guint i = 0; i < tokens->len && i < 64; i++)
    g_free (hashiya_token_text (text, &g_array_index (tokens, HashiyaToken, i)));
  sentences = hashiya_split_sentences (text, 0, n);
  /* offsets both ways, at up to 64 places spread over the text */
  step = MAX (n / 64, 1);
  for (gsize cp = 0; cp <= n; cp += step)
    {
      gsize byte = hashiya_text_cp_to_byte (text, cp), back = 0, u16;

      g_assert (hashiya_text_byte_to_cp (text, byte, &back) && back == cp);
      u16 = hashiya_text_cp_to_utf16 (text, cp);
      g_assert (u16 <= n16);
      g_assert (hashiya_text_utf16_to_cp (text, u16, &back, NULL) && back == cp);
      g_assert (hashiya_text_grapheme_floor (text, cp) <= cp);
      g_assert (hashiya_text_grapheme_ceil (text, cp) >= cp);
      (void) hashiya_text_is_grapheme_boundary (text, cp);
    }
  norm = hashiya_normalize (hashiya_text_get_utf8 (text, NULL), -1);
  if (tokens->len > 0)
    {
      HashiyaToken *t = &g_array_index (tokens, HashiyaToken, 0);
      g_autofree char *query = hashiya_text_slice (text, t->start, t->end);

      found = hashiya_text_find_all (text, 0, n, query);
    }
}

/* ---- the harness around them ----------------------------------------------------------- */

static const char *
work_dir (void)
{
  static char *dir;

  if (dir == NULL)
    {
      /* /dev/shm when there is one: a file is written for every input */
      const char *base = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();
      g_autofree char *tmpl = g_build_filename (base, "hashiya-fuzz-XXXXXX", NULL);

      dir = g_mkdtemp (g_steal_pointer (&tmpl));
      g_assert (dir != NULL);
    }
  return dir;
}

static void
write_file (const char *path, const guint8 *data, gsize size)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, (const char *) data, size, &error))
    g_error ("%s", error->message);
}

static void
finish (gboolean ok, GPtrArray *docs, GError *error)
{
  /* a refusal names what went wrong; a success returns documents with a text */
  if (!ok)
    g_assert (error != NULL && error->message != NULL && error->message[0] != '\0');
  else
    for (guint i = 0; i < docs->len; i++)
      {
        HashiyaParsedDoc *doc = g_ptr_array_index (docs, i);

        g_assert (doc->text != NULL);
        /* no NUL inside: the store would cut the text there (issue 9, point 4) */
        g_assert (memchr (doc->text, '\0', doc->n_bytes) == NULL);
        /* (UTF-8 validity is checked after the parser, when the documents are written:
         * a JSON "\ud800" reaches that check and is refused there) */
      }
}

static void
run_parser (ParseFunc parse, const char *ext, const guint8 *data, gsize size)
{
  g_autofree char *path = g_build_filename (work_dir (), ext, NULL);
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_parsed_doc_free);
  g_autoptr(HashiyaImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  HashiyaImportOptions options;
  char *text = NULL;
  gsize len = 0;
  gboolean ok;

  write_file (path, data, size);
  report = hashiya_import_report_new (path);
  hashiya_import_options_init (&options);
  options.annotator = "fuzz";
  if (!hashiya_read_text_file (path, &text, &len, &error))
    return;
  ok = parse (path, text, len, &options, docs, report, &error);
  finish (ok, docs, error);
  g_free (text);
}

#define PARSER_TARGET(name, ext) \
  static void run_##name (const guint8 *data, gsize size) { run_parser (call_##name, ext, data, size); }

PARSER_TARGET (article, "input.txt")
PARSER_TARGET (json, "input.json")
PARSER_TARGET (jsonl, "input.jsonl")
PARSER_TARGET (conll, "input.conll")
PARSER_TARGET (doccano, "input.jsonl")
PARSER_TARGET (label_studio, "input.json")
PARSER_TARGET (spacy, "input.jsonl")

/* brat: the input is the .txt, a line "=====ANN=====" and the .ann */
static void
run_brat (const guint8 *data, gsize size)
{
  static const char sep[] = "\n=====ANN=====\n";
  g_autofree char *txt = g_build_filename (work_dir (), "doc.txt", NULL);
  g_autofree char *ann = g_build_filename (work_dir (), "doc.ann", NULL);
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) hashiya_parsed_doc_free);
  g_autoptr(HashiyaImportReport) report = hashiya_import_report_new (ann);
  g_autoptr(GError) error = NULL;
  HashiyaImportOptions options;
  const guint8 *cut = NULL;
  gboolean ok;

  for (gsize i = 0; i + sizeof sep - 1 <= size; i++)
    if (memcmp (data + i, sep, sizeof sep - 1) == 0)
      {
        cut = data + i;
        break;
      }
  if (cut == NULL)
    {
      write_file (txt, data, size);
      write_file (ann, (const guint8 *) "", 0);
    }
  else
    {
      write_file (txt, data, cut - data);
      write_file (ann, cut + sizeof sep - 1, size - (cut - data) - (sizeof sep - 1));
    }
  hashiya_import_options_init (&options);
  options.annotator = "fuzz";
  ok = call_brat (ann, &options, docs, report, &error);
  finish (ok, docs, error);
}

const HashiyaFuzzTarget hashiya_fuzz_targets[] = {
  { "article", run_article },
  { "json", run_json },
  { "jsonl", run_jsonl },
  { "conll", run_conll },
  { "doccano", run_doccano },
  { "label-studio", run_label_studio },
  { "brat", run_brat },
  { "spacy", run_spacy },
  { "tokenizer", call_tokenizer },
  { NULL, NULL },
};

const HashiyaFuzzTarget *
hashiya_fuzz_target_find (const char *name)
{
  for (guint i = 0; hashiya_fuzz_targets[i].name != NULL; i++)
    if (g_str_equal (hashiya_fuzz_targets[i].name, name))
      return &hashiya_fuzz_targets[i];
  return NULL;
}
