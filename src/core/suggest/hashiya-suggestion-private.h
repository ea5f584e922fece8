/* hashiya-suggestion-private.h: the tokenised search key the recognisers share (not installed API)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A document is normalised once (hashiya_normalize: the key find uses) and cut into tokens of
 * the key: letter runs, digit runs (with . , ٫ ٬ between digits kept inside, marked decimal)
 * and single punctuation characters. Phrases of lists are cut the same way and joined by one
 * space, so a list entry and a run of tokens compare as strings. Key offsets map back to code
 * points of the original text through HashiyaNormalized.map.
 */
#pragma once

#include "hashiya-text.h"
#include "suggest/hashiya-suggestion.h"

G_BEGIN_DECLS

typedef enum
{
  SUGGEST_TOKEN_WORD,
  SUGGEST_TOKEN_NUMBER,
  SUGGEST_TOKEN_PUNCT,
} SuggestTokenKind;

typedef struct
{
  gsize            ks;        /* key code points, [ks, ke) */
  gsize            ke;
  SuggestTokenKind kind;
  gboolean         decimal;   /* a number with a separator inside (3.5, 1,500) */
  gint64           number;    /* digits' value when kind is NUMBER and not decimal, else -1 */
  guint            n_digits;
  const char      *str;       /* UTF-8 of the key characters, NUL-terminated (in SuggestDoc.strings) */
} SuggestToken;

typedef struct
{
  gunichar          *src;      /* the original text as code points */
  gsize              n_src;
  HashiyaNormalized *norm;
  gunichar          *key;
  gsize              n_key;
  SuggestToken      *tokens;
  guint              n_tokens;
  char              *strings;  /* every token's str, one allocation */
} SuggestDoc;

SuggestDoc        *suggest_doc_new        (const char *utf8,
                                           gssize      len);
void               suggest_doc_free       (SuggestDoc *doc);

/* A suggestion for key range [ks, ke): source offsets through the map, with format characters
 * and spaces at either edge left out; text is the original slice. */
HashiyaSuggestion *suggest_doc_make       (SuggestDoc *doc,
                                           gsize       ks,
                                           gsize       ke,
                                           const char *label,
                                           const char *source);

/* The phrase key of a list entry: normalised, tokenised, tokens joined by one space.
 * NULL when the surface has no letter or digit. *n_tokens gets the token count. */
char              *suggest_phrase_key     (const char *surface,
                                           guint      *n_tokens);

/* A table phrase key -> value, with the longest phrase's token count. */
typedef struct
{
  GHashTable *table;       /* char* -> gpointer (owned per the destroy function given) */
  GHashTable *first;       /* the first token of every phrase: most tokens start none */
  guint       max_tokens;
} SuggestPhrases;

void               suggest_phrases_init   (SuggestPhrases *phrases,
                                           GDestroyNotify  value_free);
void               suggest_phrases_clear  (SuggestPhrases *phrases);
/* Adds surface (normalised here); returns FALSE and leaves value to the caller when the
 * surface has no token or is already present. */
gboolean           suggest_phrases_add    (SuggestPhrases *phrases,
                                           const char     *surface,
                                           gpointer        value);
gpointer           suggest_phrases_lookup_key (SuggestPhrases *phrases,
                                               const char     *key);
/* Records the first token of a phrase key inserted into phrases->table directly. */
void               suggest_phrases_note_first (SuggestPhrases *phrases,
                                               const char     *key);
gboolean           suggest_phrases_starts     (SuggestPhrases *phrases,
                                               const char     *token);

typedef struct
{
  gpointer value;
  guint    n_tokens;       /* tokens consumed from the first one */
  gsize    ks;             /* key start of the match (after any proclitic) */
  gsize    ke;
  guint    prefix_len;     /* key characters of the proclitic left outside, 0 if none */
} SuggestPhraseMatch;

/* The longest phrase starting at token i. With allow_proclitic, the first token may carry
 * [وف]?[بلك]? in front (and ل + ال written لل) as long as two letters remain; the proclitic
 * stays outside the match. */
gboolean           suggest_phrases_match  (SuggestPhrases     *phrases,
                                           SuggestDoc         *doc,
                                           guint               i,
                                           gboolean            allow_proclitic,
                                           SuggestPhraseMatch *match);

/* Keeps the longest of overlapping suggestions (ties: the earlier), sorted by start; the
 * array must free its elements with hashiya_suggestion_free. */
void               suggest_keep_longest   (GPtrArray *suggestions);

G_END_DECLS
