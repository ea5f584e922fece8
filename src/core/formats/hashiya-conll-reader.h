/* hashiya-conll-reader.h: CoNLL lines read into rows and phrases (conlleval's rules), shared by the CoNLL format and evaluation
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include "hashiya-interchange.h"

G_BEGIN_DECLS

typedef struct
{
  char        *token;          /* format characters dropped; never empty */
  guint        line;           /* 1-based line in the file */
  gboolean     sentence_start;
  gboolean     doc_start;
  guint        n_tags;         /* tag columns on this line (missing columns are O) */
  char        *prefixes;       /* n_tags chars: 'B' 'I' 'E' 'S' or 'O' */
  const char **types;          /* n_tags interned label names (aliases applied), NULL for O */
} HashiyaConllRow;

typedef struct
{
  GPtrArray    *rows;          /* HashiyaConllRow* */
  guint         n_columns;     /* the most tag columns on any line */
  HashiyaScheme scheme;        /* as read (detected or chosen) */
  guint         n_sentences;
  guint         n_documents;
  guint         n_repairs;
  guint         n_skipped_lines;
  guint         n_format_chars_dropped;
  guint         n_i_starts;    /* phrases that start with I- (or E-) after O or another type */
  GPtrArray    *messages;      /* char*, "file:line: …" */
} HashiyaConllFile;

void              hashiya_conll_file_free (HashiyaConllFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaConllFile, hashiya_conll_file_free)

/* options may be NULL (defaults). data need not be NUL-terminated; a BOM and CR are handled. */
HashiyaConllFile *hashiya_conll_read      (const char                 *path,
                                           const char                 *data,
                                           gsize                       len,
                                           const HashiyaImportOptions *options,
                                           GError                    **error);

typedef struct
{
  guint       first;   /* row index, inclusive */
  guint       last;    /* row index, inclusive */
  const char *type;    /* interned */
} HashiyaConllChunk;

/* Phrases of one tag column of rows [from, to), with conlleval's chunk start/end rules
 * (a sentence start ends every phrase). Appends HashiyaConllChunk to out. */
void hashiya_conll_chunks (HashiyaConllFile *file,
                           guint             from,
                           guint             to,
                           guint             column,
                           GArray           *out);

G_END_DECLS
