/* hashiya-formats.c: doccano, Label Studio, brat and spaCy readers and writers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "hashiya-import.h"
#include "hashiya-export.h"

#define NOT_YET(what) \
  g_set_error (error, HASHIYA_IMPORT_ERROR, HASHIYA_IMPORT_ERROR_FORMAT, \
               "%s import not implemented yet", what); \
  return FALSE

gboolean
hashiya_parse_doccano (const char *path, const char *data, gsize len,
                       const HashiyaImportOptions *options,
                       GPtrArray *docs_out, HashiyaImportReport *report, GError **error)
{
  NOT_YET ("doccano");
}

gboolean
hashiya_parse_label_studio (const char *path, const char *data, gsize len,
                            const HashiyaImportOptions *options,
                            GPtrArray *docs_out, HashiyaImportReport *report, GError **error)
{
  NOT_YET ("Label Studio");
}

gboolean
hashiya_parse_brat (const char *ann_path, const HashiyaImportOptions *options,
                    GPtrArray *docs_out, HashiyaImportReport *report, GError **error)
{
  NOT_YET ("brat");
}

gboolean
hashiya_parse_spacy (const char *path, const char *data, gsize len,
                     const HashiyaImportOptions *options,
                     GPtrArray *docs_out, HashiyaImportReport *report, GError **error)
{
  NOT_YET ("spaCy");
}

gboolean
hashiya_formats_export_stream (HashiyaStore *store, const HashiyaExportOptions *options,
                               GOutputStream *out, HashiyaExportReport *report,
                               GCancellable *cancellable, GError **error)
{
  g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_UNSUPPORTED,
               "export not implemented yet");
  return FALSE;
}

gboolean
hashiya_formats_export_brat (HashiyaStore *store, const HashiyaExportOptions *options,
                             const char *folder, HashiyaExportReport *report,
                             GCancellable *cancellable, GError **error)
{
  g_set_error (error, HASHIYA_EXPORT_ERROR, HASHIYA_EXPORT_ERROR_UNSUPPORTED,
               "brat export not implemented yet");
  return FALSE;
}
