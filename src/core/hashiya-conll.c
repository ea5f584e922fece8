/* hashiya-conll.c: CoNLL reader (corpus interchange)
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "hashiya-import.h"

gboolean
hashiya_parse_conll (const char *path, const char *data, gsize len,
                     const HashiyaImportOptions *options,
                     GPtrArray *docs_out, HashiyaImportReport *report,
                     GError **error)
{
  g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_FORMAT,
               "%s: CoNLL import not implemented yet", path);
  return FALSE;
}
