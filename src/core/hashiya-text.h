/* hashiya-text.h: the one place that owns offsets, tokens, sentences and the search key
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Inside Hashiya every offset is a count of Unicode code points from the start of a
 * document's text. This module converts to and from UTF-8 byte offsets and UTF-16 code
 * units (for tools that count that way) and knows the grapheme boundaries. GtkTextIter
 * offsets are code points too, so the app needs no other conversion.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HASHIYA_TEXT_ERROR (hashiya_text_error_quark ())

typedef enum
{
  HASHIYA_TEXT_ERROR_INVALID_UTF8,   /* message names the byte offset */
  HASHIYA_TEXT_ERROR_NUL,            /* a NUL byte; message names the byte offset */
  HASHIYA_TEXT_ERROR_OUT_OF_RANGE,   /* an offset beyond the text */
  HASHIYA_TEXT_ERROR_SPLIT_PAIR,     /* a UTF-16 offset in the middle of a surrogate pair */
} HashiyaTextError;

GQuark hashiya_text_error_quark (void);

/* ------------------------------------------------------------------------- */
/* HashiyaText: an immutable, validated UTF-8 string with an offset index.    */
/* Conversions are O(1) amortised (a checkpoint every 64 code points).       */
/* ------------------------------------------------------------------------- */

typedef struct _HashiyaText HashiyaText;

#define HASHIYA_TYPE_TEXT (hashiya_text_get_type ())
GType         hashiya_text_get_type        (void) G_GNUC_CONST;

/* Validates (UTF-8, no NUL); copies the bytes. len -1 = NUL-terminated. */
HashiyaText  *hashiya_text_new             (const char   *utf8,
                                            gssize        len,
                                            GError      **error);
/* Takes ownership of an already validated, NUL-terminated buffer of len bytes. */
HashiyaText  *hashiya_text_new_take        (char         *utf8,
                                            gsize         len,
                                            GError      **error);
HashiyaText  *hashiya_text_ref             (HashiyaText  *text);
void          hashiya_text_unref           (HashiyaText  *text);

/* NUL-terminated UTF-8; *n_bytes gets the byte length when not NULL. */
const char   *hashiya_text_get_utf8        (HashiyaText  *text,
                                            gsize        *n_bytes);
gsize         hashiya_text_get_length      (HashiyaText  *text);   /* code points */
gsize         hashiya_text_get_utf16_length(HashiyaText  *text);

/* cp must be <= length (asserted). */
gsize         hashiya_text_cp_to_byte      (HashiyaText  *text,
                                            gsize         cp);
/* byte must be <= n_bytes and on a character start; returns FALSE otherwise. */
gboolean      hashiya_text_byte_to_cp      (HashiyaText  *text,
                                            gsize         byte,
                                            gsize        *cp);
gsize         hashiya_text_cp_to_utf16     (HashiyaText  *text,
                                            gsize         cp);
/* FALSE with HASHIYA_TEXT_ERROR_SPLIT_PAIR / OUT_OF_RANGE. */
gboolean      hashiya_text_utf16_to_cp     (HashiyaText  *text,
                                            gsize         u16,
                                            gsize        *cp,
                                            GError      **error);
gunichar      hashiya_text_get_char        (HashiyaText  *text,
                                            gsize         cp);
/* Newly allocated UTF-8 copy of [start, end) in code points. */
char         *hashiya_text_slice           (HashiyaText  *text,
                                            gsize         start,
                                            gsize         end);

/* Grapheme boundaries (extended grapheme clusters as far as Arabic needs them:
 * a combining mark, ZWJ, or variation selector never starts a cluster; a CRLF is one). */
gboolean      hashiya_text_is_grapheme_boundary (HashiyaText *text,
                                                 gsize        cp);
gsize         hashiya_text_grapheme_floor  (HashiyaText  *text,
                                            gsize         cp);
gsize         hashiya_text_grapheme_ceil   (HashiyaText  *text,
                                            gsize         cp);

/* Stand-alone helpers on plain strings (no index; linear). */
/* Validates len bytes of UTF-8 as hashiya_text_new does (no NUL, no surrogate, nothing
 * overlong or above U+10FFFF) and counts the code points, in one pass. FALSE with
 * *error_at = the byte offset of the offending sequence (a NUL byte or invalid UTF-8). */
gboolean      hashiya_utf8_validate_count    (const char *utf8, gsize len,
                                              gsize *n_chars, gsize *error_at);
gsize         hashiya_utf8_cp_count_to_utf16 (const char *utf8, gssize len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaText, hashiya_text_unref)

/* ------------------------------------------------------------------------- */
/* Character classes used by the tokenizer and exporters                      */
/* ------------------------------------------------------------------------- */

gboolean hashiya_unichar_is_word      (gunichar c);  /* letter, mark, digit, tatweel */
gboolean hashiya_unichar_is_digit     (gunichar c);  /* ASCII, U+0660-0669, U+06F0-06F9 */
gboolean hashiya_unichar_is_space     (gunichar c);  /* every White_Space incl. NBSP, plus ZWSP */
gboolean hashiya_unichar_is_format    (gunichar c);  /* Cf: LRM RLM ALM ZWJ ZWNJ bidi, BOM, SHY */
gboolean hashiya_unichar_is_harakah   (gunichar c);  /* Arabic marks incl. U+0670, U+06D6-06ED */
/* TRUE for the format characters an exported token keeps: a ZWJ joining emoji (next is
 * the character after it) and the tag characters of flag sequences; the others (LRM, RLM,
 * ZWNJ, a ZWJ between letters …) are dropped from token text. */
gboolean hashiya_unichar_format_kept  (gunichar c, gunichar next);

/* ------------------------------------------------------------------------- */
/* Tokens and sentences                                                       */
/* ------------------------------------------------------------------------- */

typedef struct
{
  gsize start;   /* code points, [start, end) */
  gsize end;
} HashiyaRange;

/* A token's range covers every character of the token including format characters
 * inside it; a token made only of format characters is not produced. */
typedef HashiyaRange HashiyaToken;

/* Tokens inside [start, end) of text, in order. Returns a GArray of HashiyaToken. */
GArray   *hashiya_tokenize            (HashiyaText        *text,
                                       gsize               start,
                                       gsize               end);
/* The token's exported text: the slice with format characters dropped (but those
 * hashiya_unichar_format_kept () keeps). Never contains
 * whitespace. */
char     *hashiya_token_text          (HashiyaText        *text,
                                       const HashiyaToken *token);

/* Sentences inside [start, end): every non-empty line is a block; inside a block a
 * break follows a run of . ! ? ؟ ۔ … (plus closing quotes/brackets) that is followed
 * by whitespace or the end of the line, except after a number's point or a one-letter
 * abbreviation. Ranges are trimmed of surrounding whitespace. GArray of HashiyaRange. */
GArray   *hashiya_split_sentences     (HashiyaText        *text,
                                       gsize               start,
                                       gsize               end);

/* Sentences and their tokens in one pass, without building the list of sentences:
 * func gets every range that hashiya_split_sentences () returns for [start, end), in
 * order, with the tokens hashiya_tokenize () returns for it (n_tokens may be 0). The
 * tokens array is only valid during the call. */
typedef void (*HashiyaSentenceFunc) (gsize               start,
                                     gsize               end,
                                     const HashiyaToken *tokens,
                                     guint               n_tokens,
                                     gpointer            user_data);

void      hashiya_text_foreach_sentence (HashiyaText         *text,
                                         gsize                start,
                                         gsize                end,
                                         HashiyaSentenceFunc  func,
                                         gpointer             user_data);

/* ------------------------------------------------------------------------- */
/* Normalisation key for search and suggestions                               */
/* ------------------------------------------------------------------------- */

/* NFKC, drop format characters, tatweel and harakat, unify أ إ آ ٱ ٲ ٳ → ا, ى → ي,
 * ة → ه, ی → ي, ک → ك, both digit sets → ASCII. */
typedef struct
{
  char  *key;       /* normalised UTF-8 */
  gsize  length;    /* code points in key */
  gsize *map;       /* length + 1 entries: key code point i comes from source code point
                     * map[i] (relative to the start of the normalised range);
                     * map[length] = the source length */
} HashiyaNormalized;

HashiyaNormalized *hashiya_normalize          (const char        *utf8,
                                               gssize             len);
void               hashiya_normalized_free    (HashiyaNormalized *norm);
char              *hashiya_normalize_key      (const char        *utf8,
                                               gssize             len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HashiyaNormalized, hashiya_normalized_free)

/* Every match of query (normalised) in text [start, end), on token boundaries: a match
 * starts at a token start, or right after a proclitic prefix [وف]?[بلك]? of a token,
 * and ends at a token end. GArray of HashiyaRange in source code points, in order. */
GArray   *hashiya_text_find_all       (HashiyaText        *text,
                                       gsize               start,
                                       gsize               end,
                                       const char         *query);

G_END_DECLS
