/* test-text.c: offsets, graphemes, tokenizer, sentences, normalisation and search
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "hashiya-text.h"

static HashiyaText *
text_new (const char *s)
{
  g_autoptr(GError) error = NULL;
  HashiyaText *t = hashiya_text_new (s, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (t);
  return t;
}

/* Token texts joined by '|', checking on the way that each range is sane. */
static char *
tokens_joined (HashiyaText *t,
               gsize        start,
               gsize        end)
{
  g_autoptr(GArray) toks = hashiya_tokenize (t, start, end);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < toks->len; i++)
    {
      const HashiyaToken *tok = &g_array_index (toks, HashiyaToken, i);
      g_autofree char *tt = hashiya_token_text (t, tok);

      g_assert_cmpuint (tok->start, <, tok->end);
      g_assert_cmpuint (tok->start, >=, start);
      g_assert_cmpuint (tok->end, <=, end);
      if (i > 0)
        g_assert_cmpuint (tok->start, >=, g_array_index (toks, HashiyaToken, i - 1).end);
      g_assert_cmpuint (strlen (tt), >, 0);
      for (const char *p = tt; *p; p = g_utf8_next_char (p))
        g_assert_false (hashiya_unichar_is_space (g_utf8_get_char (p)));
      if (i > 0)
        g_string_append_c (s, '|');
      g_string_append (s, tt);
    }
  return g_string_free (s, FALSE);
}

static char *
tokenize_str (const char *str)
{
  g_autoptr(HashiyaText) t = text_new (str);
  return tokens_joined (t, 0, hashiya_text_get_length (t));
}

static char *
sentences_joined (const char *str)
{
  g_autoptr(HashiyaText) t = text_new (str);
  g_autoptr(GArray) sents = hashiya_split_sentences (t, 0, hashiya_text_get_length (t));
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < sents->len; i++)
    {
      const HashiyaRange *r = &g_array_index (sents, HashiyaRange, i);
      g_autofree char *sl = hashiya_text_slice (t, r->start, r->end);

      if (i > 0)
        g_string_append_c (s, '|');
      g_string_append (s, sl);
    }
  return g_string_free (s, FALSE);
}

#define assert_tokens(str, expected) G_STMT_START {      \
    g_autofree char *got_ = tokenize_str (str);          \
    g_assert_cmpstr (got_, ==, expected);                \
  } G_STMT_END

#define assert_sentences(str, expected) G_STMT_START {   \
    g_autofree char *got_ = sentences_joined (str);      \
    g_assert_cmpstr (got_, ==, expected);                \
  } G_STMT_END

/* ------------------------------------------------------------------------- */

static void
test_tokenize_arabic (void)
{
  /* sentences of the seed article */
  assert_tokens ("تسعى القوات العراقية والكردية، التي كانت تعمل معًا طوال فترة الحرب ضد "
                 "تنظيم 'الدولة الإسلامية' (داعش)، لرفع مستوى تعاونها المشترك.",
                 "تسعى|القوات|العراقية|والكردية|،|التي|كانت|تعمل|معًا|طوال|فترة|الحرب|ضد|"
                 "تنظيم|'|الدولة|الإسلامية|'|(|داعش|)|،|لرفع|مستوى|تعاونها|المشترك|.");
  assert_tokens ("يناقشون تعزيز التعاون بينهما يوم 26 كانون الأول/ديسمبر 2018. [حقوق الصورة]",
                 "يناقشون|تعزيز|التعاون|بينهما|يوم|26|كانون|الأول|/|ديسمبر|2018|.|[|حقوق|"
                 "الصورة|]");
  assert_tokens ("هل أعجبك هذا المقال؟", "هل|أعجبك|هذا|المقال|؟");
  /* Persian and Urdu letters are letters */
  assert_tokens ("می‌خواهم پاکستان ۔", "میخواهم|پاکستان|۔");
  assert_tokens ("", "");
  assert_tokens ("   \n  ", "");
}

static void
test_tokenize_offsets (void)
{
  g_autoptr(HashiyaText) t = text_new ("قال أحمد، (داعش)");
  g_autoptr(GArray) toks = hashiya_tokenize (t, 0, hashiya_text_get_length (t));
  static const gsize expect[][2] = { { 0, 3 }, { 4, 8 }, { 8, 9 }, { 10, 11 }, { 11, 15 }, { 15, 16 } };

  g_assert_cmpuint (toks->len, ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < toks->len; i++)
    {
      g_assert_cmpuint (g_array_index (toks, HashiyaToken, i).start, ==, expect[i][0]);
      g_assert_cmpuint (g_array_index (toks, HashiyaToken, i).end, ==, expect[i][1]);
    }

  /* a sub-range: only the tokens inside it, cut at its edges */
  {
    g_autofree char *sub = tokens_joined (t, 5, 13);
    g_assert_cmpstr (sub, ==, "حمد|،|(|دا");
  }
}

static void
test_tokenize_mixed (void)
{
  assert_tokens ("لموقع PUKMEDIA الكردي عام 2018 بنسبة 3.5 أو ٣٫٥ من 1,000 و6 جنود",
                 "لموقع|PUKMEDIA|الكردي|عام|2018|بنسبة|3.5|أو|٣٫٥|من|1,000|و6|جنود");
  assert_tokens ("۱۲٬۵۰۰ دينار", "۱۲٬۵۰۰|دينار");
  /* a stop or comma not between two digits is its own token */
  assert_tokens ("في 2018. وفي 5, 6 و,", "في|2018|.|وفي|5|,|6|و|,");
  assert_tokens ("3.5.", "3.5|.");
  assert_tokens (".5 a.b", ".|5|a|.|b");
  assert_tokens ("٥٫ ٬٣", "٥|٫|٬|٣");
  assert_tokens ("50٪", "50|٪");
  assert_tokens ("hello-world", "hello|-|world");
}

static void
test_tokenize_diacritics (void)
{
  assert_tokens ("كَتَبَ الوَلَدُ الدَّرْسَ", "كَتَبَ|الوَلَدُ|الدَّرْسَ");
  assert_tokens ("مُحَمَّدٌ", "مُحَمَّدٌ");
  /* superscript alef and a Quranic mark stay inside */
  assert_tokens ("هٰذا الرَّحْمٰنِ ۖ", "هٰذا|الرَّحْمٰنِ|ۖ");
}

static void
test_tokenize_tatweel (void)
{
  assert_tokens ("لـ 34 بـ34.3 كـــبير", "لـ|34|بـ34.3|كـــبير");
  assert_tokens ("ـ", "ـ");
}

static void
test_tokenize_presentation_forms (void)
{
  assert_tokens ("\xEF\xBB\xBB شيء", "\xEF\xBB\xBB|شيء");                 /* U+FEFB */
  assert_tokens ("ﺍﻟﺴﻼﻡ عليكم", "ﺍﻟﺴﻼﻡ|عليكم");
  assert_tokens ("﷽ ﷲ", "﷽|ﷲ");
  /* ornate parentheses are punctuation */
  assert_tokens ("﴿الحمد﴾", "﴿|الحمد|﴾");
}

static void
test_tokenize_bidi (void)
{
  /* LRM inside a word: one token whose range covers it, text without it */
  {
    g_autoptr(HashiyaText) t = text_new ("قال كل\u200Eمة");
    g_autoptr(GArray) toks = hashiya_tokenize (t, 0, hashiya_text_get_length (t));
    g_autofree char *tt = NULL;

    g_assert_cmpuint (toks->len, ==, 2);
    g_assert_cmpuint (g_array_index (toks, HashiyaToken, 1).start, ==, 4);
    g_assert_cmpuint (g_array_index (toks, HashiyaToken, 1).end, ==, 9);
    tt = hashiya_token_text (t, &g_array_index (toks, HashiyaToken, 1));
    g_assert_cmpstr (tt, ==, "كلمة");
  }
  /* between words: trimmed from the token edges */
  {
    g_autoptr(HashiyaText) t = text_new ("كلمة\u200E \u200Fأخرى");
    g_autoptr(GArray) toks = hashiya_tokenize (t, 0, hashiya_text_get_length (t));

    g_assert_cmpuint (toks->len, ==, 2);
    g_assert_cmpuint (g_array_index (toks, HashiyaToken, 0).end, ==, 4);
    g_assert_cmpuint (g_array_index (toks, HashiyaToken, 1).start, ==, 7);
  }
  /* a token made only of format characters is not produced */
  assert_tokens ("قال \u200F\u200F كلمة", "قال|كلمة");
  assert_tokens ("\u200F", "");
  assert_tokens ("\xEF\xBB\xBFنص", "نص");                                    /* BOM */
  assert_tokens ("\u202Bعربي\u202C \u2067PUK\u2069", "عربي|PUK");
  assert_tokens ("ال\u061Cكلمة soft\u00ADhyphen", "الكلمة|softhyphen");
  assert_tokens ("لا\u200Dحول", "لاحول");
  /* a format character never joins a punctuation mark to a word */
  assert_tokens ("كلمة\u200E،", "كلمة|،");
}

static void
test_tokenize_spaces (void)
{
  assert_tokens ("أ\u00A0ب\u202Fج\u2003د\u3000ه\u1680و\xC2\x85" "ز\u200Bح\u2028ط\tي\x0B" "ك\u205Fل",
                 "أ|ب|ج|د|ه|و|ز|ح|ط|ي|ك|ل");
  /* control characters are never tokens */
  assert_tokens ("a\x01" "b", "a|b");
  g_assert_true (hashiya_unichar_is_space (0x00A0));
  g_assert_true (hashiya_unichar_is_space (0x200B));
  g_assert_false (hashiya_unichar_is_space (0x200C));
  g_assert_false (hashiya_unichar_is_space ('a'));
}

static void
test_tokenize_punctuation (void)
{
  assert_tokens ("، ؛ ؟ « » ' \" ( ) “ ” … / ٭",
                 "،|؛|؟|«|»|'|\"|(|)|“|”|…|/|٭");
  assert_tokens ("«مرحبا»، (داعش)؟ \"لكن\".", "«|مرحبا|»|،|(|داعش|)|؟|\"|لكن|\"|.");
  assert_tokens ("!!!", "!|!|!");
  /* an emoji with a skin tone and a ZWJ family each stay one token */
  assert_tokens ("👍🏽 👨\u200D👩\u200D👧 شكرا", "👍🏽|👨👩👧|شكرا");
}

static void
test_char_classes (void)
{
  g_assert_true (hashiya_unichar_is_word (0x0628));   /* ب */
  g_assert_true (hashiya_unichar_is_word (0x064E));   /* fatha */
  g_assert_true (hashiya_unichar_is_word (0x0640));   /* tatweel */
  g_assert_true (hashiya_unichar_is_word (0x0663));
  g_assert_true (hashiya_unichar_is_word (0xFEFB));
  g_assert_false (hashiya_unichar_is_word (0x060C));
  g_assert_false (hashiya_unichar_is_word (0x200E));
  g_assert_true (hashiya_unichar_is_digit ('7'));
  g_assert_true (hashiya_unichar_is_digit (0x0669));
  g_assert_true (hashiya_unichar_is_digit (0x06F0));
  g_assert_false (hashiya_unichar_is_digit (0x0966));
  g_assert_false (hashiya_unichar_is_digit ('a'));
  for (gunichar c = 0x202A; c <= 0x202E; c++)
    g_assert_true (hashiya_unichar_is_format (c));
  for (gunichar c = 0x2066; c <= 0x2069; c++)
    g_assert_true (hashiya_unichar_is_format (c));
  g_assert_true (hashiya_unichar_is_format (0x200E));
  g_assert_true (hashiya_unichar_is_format (0x200F));
  g_assert_true (hashiya_unichar_is_format (0x061C));
  g_assert_true (hashiya_unichar_is_format (0x200C));
  g_assert_true (hashiya_unichar_is_format (0x200D));
  g_assert_true (hashiya_unichar_is_format (0xFEFF));
  g_assert_true (hashiya_unichar_is_format (0x00AD));
  g_assert_false (hashiya_unichar_is_format (0x200B));
  g_assert_false (hashiya_unichar_is_format ('a'));
  g_assert_true (hashiya_unichar_is_harakah (0x064B));
  g_assert_true (hashiya_unichar_is_harakah (0x0652));
  g_assert_true (hashiya_unichar_is_harakah (0x0670));
  g_assert_true (hashiya_unichar_is_harakah (0x06D6));
  g_assert_false (hashiya_unichar_is_harakah (0x0640));
  g_assert_false (hashiya_unichar_is_harakah (0x0627));
}

/* ------------------------------------------------------------------------- */

static void
test_sentences_basic (void)
{
  assert_sentences ("قال ذلك!!! ثم ذهب؟ نعم.", "قال ذلك!!!|ثم ذهب؟|نعم.");
  assert_sentences ("What? Yes! Done… Next۔ آخر", "What?|Yes!|Done…|Next۔|آخر");
  /* no space after the stop: no break */
  assert_sentences ("موقع diyaruna.com جيد.", "موقع diyaruna.com جيد.");
  assert_sentences ("", "");
  assert_sentences ("  \n \n", "");
}

static void
test_sentences_quotes (void)
{
  assert_sentences ("وأضاف \"لكن هناك تواصل.\" ثم غادر.",
                    "وأضاف \"لكن هناك تواصل.\"|ثم غادر.");
  assert_sentences ("قال «هل انتهى؟» لا أعرف", "قال «هل انتهى؟»|لا أعرف");
  assert_sentences ("(انتهى.) بعد ذلك.", "(انتهى.)|بعد ذلك.");
  /* the seed's own pattern: a quote, then the stop */
  assert_sentences ("وأضاف \"لكن هناك تواصل\". وأوضح أن", "وأضاف \"لكن هناك تواصل\".|وأوضح أن");
}

static void
test_sentences_numbers_abbrev (void)
{
  assert_sentences ("ارتفع بنسبة 3.5 في المئة. ثم تراجع", "ارتفع بنسبة 3.5 في المئة.|ثم تراجع");
  assert_sentences ("بلغ ٣٫٥ مليون. انتهى", "بلغ ٣٫٥ مليون.|انتهى");
  /* a number that ends a sentence still ends it */
  assert_sentences ("في أيلول 2017. شهد", "في أيلول 2017.|شهد");
  assert_sentences ("قال د. محمد إن الوضع جيد. وانتهى", "قال د. محمد إن الوضع جيد.|وانتهى");
  assert_sentences ("قال م. أحمد ذلك", "قال م. أحمد ذلك");
  assert_sentences ("عام 300 ق.م. كان ذلك. ثم", "عام 300 ق.م. كان ذلك.|ثم");
  assert_sentences ("سنة 1440 هـ. وفيها", "سنة 1440 هـ. وفيها");
  assert_sentences ("Dr. J. Smith came. Then", "Dr.|J. Smith came.|Then");
}

static void
test_sentences_lines (void)
{
  g_autoptr(HashiyaText) t = text_new ("عنوان بلا نقطة\n\n  سطر ثان  \r\nسطر. ثالث\n");
  g_autoptr(GArray) s = hashiya_split_sentences (t, 0, hashiya_text_get_length (t));

  g_assert_cmpuint (s->len, ==, 4);
  g_assert_cmpuint (g_array_index (s, HashiyaRange, 0).start, ==, 0);
  g_assert_cmpuint (g_array_index (s, HashiyaRange, 0).end, ==, 14);
  /* trimmed of whitespace on both sides */
  g_assert_cmpuint (g_array_index (s, HashiyaRange, 1).start, ==, 18);
  g_assert_cmpuint (g_array_index (s, HashiyaRange, 1).end, ==, 25);
  {
    g_autofree char *s2 = hashiya_text_slice (t, 18, 25);
    g_assert_cmpstr (s2, ==, "سطر ثان");
  }
  assert_sentences ("عنوان بلا نقطة\n\n  سطر ثان  \r\nسطر. ثالث\n", "عنوان بلا نقطة|سطر ثان|سطر.|ثالث");
  /* a line of only format characters is no sentence */
  assert_sentences ("أ\n\u200F\nب", "أ|ب");
}

/* ------------------------------------------------------------------------- */

static void
test_offsets_emoji (void)
{
  /* U+1F600 (4 bytes, 2 UTF-16 units), space, then Arabic */
  g_autoptr(HashiyaText) t = text_new ("😀 مرحبا 😀");
  g_autoptr(GError) error = NULL;
  gsize cp = 999, n_bytes;

  hashiya_text_get_utf8 (t, &n_bytes);
  g_assert_cmpuint (n_bytes, ==, 4 + 1 + 10 + 1 + 4);
  g_assert_cmpuint (hashiya_text_get_length (t), ==, 9);
  g_assert_cmpuint (hashiya_text_get_utf16_length (t), ==, 11);

  for (gsize i = 2; i <= 7; i++)
    g_assert_cmpuint (hashiya_text_cp_to_utf16 (t, i), ==, i + 1);   /* one pair before */
  g_assert_cmpuint (hashiya_text_cp_to_utf16 (t, 0), ==, 0);
  g_assert_cmpuint (hashiya_text_cp_to_utf16 (t, 1), ==, 2);
  g_assert_cmpuint (hashiya_text_cp_to_utf16 (t, 9), ==, 11);
  g_assert_cmpuint (hashiya_text_cp_to_byte (t, 2), ==, 5);
  g_assert_cmpuint (hashiya_text_cp_to_byte (t, 9), ==, n_bytes);

  g_assert_true (hashiya_text_byte_to_cp (t, 5, &cp));
  g_assert_cmpuint (cp, ==, 2);
  g_assert_true (hashiya_text_byte_to_cp (t, n_bytes, &cp));
  g_assert_cmpuint (cp, ==, 9);
  g_assert_false (hashiya_text_byte_to_cp (t, 1, &cp));    /* inside the emoji */
  g_assert_false (hashiya_text_byte_to_cp (t, 6, &cp));    /* inside م */
  g_assert_false (hashiya_text_byte_to_cp (t, n_bytes + 1, &cp));

  g_assert_true (hashiya_text_utf16_to_cp (t, 3, &cp, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cp, ==, 2);
  g_assert_true (hashiya_text_utf16_to_cp (t, 11, &cp, &error));
  g_assert_cmpuint (cp, ==, 9);

  g_assert_false (hashiya_text_utf16_to_cp (t, 1, &cp, &error));
  g_assert_error (error, HASHIYA_TEXT_ERROR, HASHIYA_TEXT_ERROR_SPLIT_PAIR);
  g_clear_error (&error);
  g_assert_false (hashiya_text_utf16_to_cp (t, 10, &cp, &error));
  g_assert_error (error, HASHIYA_TEXT_ERROR, HASHIYA_TEXT_ERROR_SPLIT_PAIR);
  g_clear_error (&error);
  g_assert_false (hashiya_text_utf16_to_cp (t, 12, &cp, &error));
  g_assert_error (error, HASHIYA_TEXT_ERROR, HASHIYA_TEXT_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);

  g_assert_cmpuint (hashiya_text_get_char (t, 0), ==, 0x1F600);
  g_assert_cmpuint (hashiya_text_get_char (t, 2), ==, 0x0645);
  {
    g_autofree char *sl = hashiya_text_slice (t, 2, 7);
    g_assert_cmpstr (sl, ==, "مرحبا");
  }

  g_assert_cmpuint (hashiya_utf8_cp_count_to_utf16 ("😀 مرحبا", -1), ==, 8);
  g_assert_cmpuint (hashiya_utf8_cp_count_to_utf16 ("abc", 2), ==, 2);
  g_assert_cmpuint (hashiya_utf8_cp_count_to_utf16 ("", -1), ==, 0);
}

static void
test_offsets_checkpoint_edges (void)
{
  /* lengths around the checkpoint step, all 2-byte characters */
  for (gsize n = 0; n <= 200; n++)
    {
      GString *s = g_string_new (NULL);
      g_autoptr(HashiyaText) t = NULL;
      g_autoptr(GError) error = NULL;

      for (gsize i = 0; i < n; i++)
        g_string_append (s, i % 7 == 3 ? "𝕏" : "ب");
      t = hashiya_text_new (s->str, s->len, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (hashiya_text_get_length (t), ==, n);
      for (gsize i = 0; i <= n; i++)
        {
          gsize b = g_utf8_offset_to_pointer (s->str, i) - s->str;
          gsize back = 999999, u16;

          g_assert_cmpuint (hashiya_text_cp_to_byte (t, i), ==, b);
          g_assert_true (hashiya_text_byte_to_cp (t, b, &back));
          g_assert_cmpuint (back, ==, i);
          u16 = hashiya_text_cp_to_utf16 (t, i);
          g_assert_cmpuint (u16, ==, hashiya_utf8_cp_count_to_utf16 (s->str, b));
          g_assert_true (hashiya_text_utf16_to_cp (t, u16, &back, &error));
          g_assert_cmpuint (back, ==, i);
        }
      g_string_free (s, TRUE);
    }
}

static void
test_text_refcount (void)
{
  HashiyaText *t = text_new ("نص");
  HashiyaText *t2 = hashiya_text_ref (t);
  GType type = HASHIYA_TYPE_TEXT;
  HashiyaText *copy;

  g_assert_true (G_TYPE_IS_BOXED (type));
  copy = g_boxed_copy (type, t);
  g_assert_true (copy == t);
  g_boxed_free (type, copy);
  hashiya_text_unref (t2);
  g_assert_cmpstr (hashiya_text_get_utf8 (t, NULL), ==, "نص");
  hashiya_text_unref (t);

  /* new_take owns the buffer */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HashiyaText) tt = hashiya_text_new_take (g_strdup ("abc"), 3, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hashiya_text_get_length (tt), ==, 3);
  }
}

/* ------------------------------------------------------------------------- */

static void
assert_refused (const char *bytes,
                gssize      len,
                int         code,
                const char *where)
{
  g_autoptr(GError) error = NULL;
  HashiyaText *t = hashiya_text_new (bytes, len, &error);

  g_assert_null (t);
  g_assert_error (error, HASHIYA_TEXT_ERROR, code);
  g_assert_nonnull (strstr (error->message, where));
  g_clear_error (&error);

  /* the same through new_take */
  {
    gsize n = len < 0 ? strlen (bytes) : (gsize) len;
    char *buf = g_malloc (n + 1);

    memcpy (buf, bytes, n);
    buf[n] = '\0';
    t = hashiya_text_new_take (buf, n, &error);
    g_assert_null (t);
    g_assert_error (error, HASHIYA_TEXT_ERROR, code);
    g_assert_nonnull (strstr (error->message, where));
  }
}

static void
test_invalid_input (void)
{
  assert_refused ("abc\xFF" "def", -1, HASHIYA_TEXT_ERROR_INVALID_UTF8, "byte offset 3");
  assert_refused ("نص\xD8", -1, HASHIYA_TEXT_ERROR_INVALID_UTF8, "byte offset 4");      /* truncated */
  assert_refused ("a\xC0\x80", -1, HASHIYA_TEXT_ERROR_INVALID_UTF8, "byte offset 1");   /* overlong */
  assert_refused ("ab\xED\xA0\x80", -1, HASHIYA_TEXT_ERROR_INVALID_UTF8, "byte offset 2"); /* surrogate */
  assert_refused ("\xF4\x90\x80\x80", -1, HASHIYA_TEXT_ERROR_INVALID_UTF8, "byte offset 0"); /* > U+10FFFF */
  assert_refused ("\xE0\x80\xAF", -1, HASHIYA_TEXT_ERROR_INVALID_UTF8, "byte offset 0");
  assert_refused ("ok\x80", -1, HASHIYA_TEXT_ERROR_INVALID_UTF8, "byte offset 2");
  assert_refused ("ab\0cd", 5, HASHIYA_TEXT_ERROR_NUL, "byte offset 2");
  assert_refused ("نص\0", 5, HASHIYA_TEXT_ERROR_NUL, "byte offset 4");

  /* the offset of a late error in a long text */
  {
    GString *s = g_string_new (NULL);
    for (int i = 0; i < 10000; i++)
      g_string_append (s, "كلمة ");
    g_string_append_c (s, '\xFE');
    assert_refused (s->str, s->len, HASHIYA_TEXT_ERROR_INVALID_UTF8, "byte offset 90000");
    g_string_free (s, TRUE);
  }
}

/* ------------------------------------------------------------------------- */

static void
assert_boundaries (const char  *str,
                   const char  *pattern)   /* one char per cp + 1: 'B' boundary, '-' not */
{
  g_autoptr(HashiyaText) t = text_new (str);
  gsize n = hashiya_text_get_length (t);

  g_assert_cmpuint (strlen (pattern), ==, n + 1);
  for (gsize i = 0; i <= n; i++)
    {
      gboolean b = hashiya_text_is_grapheme_boundary (t, i);
      gsize fl = hashiya_text_grapheme_floor (t, i);
      gsize ce = hashiya_text_grapheme_ceil (t, i);

      if (b != (pattern[i] == 'B'))
        g_error ("%s: boundary at %" G_GSIZE_FORMAT " is %d", str, i, b);
      g_assert_cmpuint (fl, <=, i);
      g_assert_cmpuint (ce, >=, i);
      g_assert_true (hashiya_text_is_grapheme_boundary (t, fl));
      g_assert_true (hashiya_text_is_grapheme_boundary (t, ce));
      for (gsize j = fl + 1; j < i; j++)
        g_assert_false (hashiya_text_is_grapheme_boundary (t, j));
      for (gsize j = i + 1; j < ce; j++)
        g_assert_false (hashiya_text_is_grapheme_boundary (t, j));
      if (b)
        g_assert_true (fl == i && ce == i);
    }
}

static void
test_graphemes (void)
{
  assert_boundaries ("كَتَبَ", "B-B-B-B");
  /* shadda + fatha stacked on one letter */
  assert_boundaries ("مَّد", "B--BB");
  assert_boundaries ("هٰذا", "B-BBB");
  /* emoji ZWJ sequence and a skin-tone modifier */
  assert_boundaries ("👨\u200D👩\u200D👧x", "B----BB");
  assert_boundaries ("👍🏽!", "B-BB");
  /* variation selector */
  assert_boundaries ("❤\uFE0Fا", "B-BB");
  /* CR LF is one cluster; CR alone and LF alone are their own */
  assert_boundaries ("a\r\nb\rc\nd", "BB-BBBBBB");
  /* a mark right after a line feed does not attach to it */
  assert_boundaries ("\n\u064E", "BBB");
  /* ZWJ and ZWNJ inside Arabic */
  assert_boundaries ("ب\u200Dب", "B-BB");
  assert_boundaries ("ب\u200Cب", "BBBB");

  {
    g_autoptr(HashiyaText) t = text_new ("مَّد");
    g_assert_cmpuint (hashiya_text_grapheme_floor (t, 2), ==, 0);
    g_assert_cmpuint (hashiya_text_grapheme_ceil (t, 1), ==, 3);
    g_assert_cmpuint (hashiya_text_grapheme_ceil (t, 3), ==, 3);
  }
}

/* ------------------------------------------------------------------------- */

static void
assert_key (const char *in,
            const char *key)
{
  g_autofree char *k = hashiya_normalize_key (in, -1);
  g_autoptr(HashiyaNormalized) n = hashiya_normalize (in, -1);

  g_assert_cmpstr (k, ==, key);
  g_assert_cmpstr (n->key, ==, key);
  g_assert_cmpuint (n->length, ==, g_utf8_strlen (key, -1));
  g_assert_cmpuint (n->map[n->length], ==, g_utf8_strlen (in, -1));
  for (gsize i = 1; i <= n->length; i++)
    g_assert_cmpuint (n->map[i - 1], <=, n->map[i]);
}

static void
test_normalize (void)
{
  assert_key ("أحمد", "احمد");
  assert_key ("إبراهيم آدم ٱلله ٲ ٳ", "ابراهيم ادم الله ا ا");
  assert_key ("الحكومة", "الحكومه");
  assert_key ("مصطفى", "مصطفي");
  assert_key ("كَتَبَ الدَّرْسَ هٰذا", "كتب الدرس هذا");
  assert_key ("مؤتمرٌ", "مؤتمر");
  assert_key ("لـــكن بـ34", "لكن ب34");
  assert_key ("\xEF\xBB\xBB", "لا");                      /* U+FEFB → لا */
  assert_key ("ﺍﻟﺴﻼﻡ", "السلام");
  assert_key ("یک کتاب", "يك كتاب");
  assert_key ("٢٠١٨ ۱۴۰۰", "2018 1400");
  assert_key ("كل\u200Eمة\u200C\u202B", "كلمه");
  assert_key ("PUKMEDIA", "PUKMEDIA");
  assert_key ("", "");
  /* decomposed hamza composes first, as in NFKC */
  assert_key ("\u0627\u0654", "ا");
  assert_key ("\u0648\u0654", "ؤ");
  assert_key ("a\u00A0b", "a b");
}

static void
test_normalize_map (void)
{
  {
    g_autoptr(HashiyaNormalized) n = hashiya_normalize ("أَحْمَد", -1);
    static const gsize expect[] = { 0, 2, 4, 6, 7 };

    g_assert_cmpstr (n->key, ==, "احمد");
    for (gsize i = 0; i <= n->length; i++)
      g_assert_cmpuint (n->map[i], ==, expect[i]);
  }
  {
    /* one source character became two key characters */
    g_autoptr(HashiyaNormalized) n = hashiya_normalize ("ب\xEF\xBB\xBBد", -1);
    static const gsize expect[] = { 0, 1, 1, 2, 3 };

    g_assert_cmpstr (n->key, ==, "بلاد");
    for (gsize i = 0; i <= n->length; i++)
      g_assert_cmpuint (n->map[i], ==, expect[i]);
  }
  {
    g_autoptr(HashiyaNormalized) n = hashiya_normalize ("a\u200Eـb", -1);
    g_assert_cmpstr (n->key, ==, "ab");
    g_assert_cmpuint (n->map[0], ==, 0);
    g_assert_cmpuint (n->map[1], ==, 3);
    g_assert_cmpuint (n->map[2], ==, 4);
  }
  {
    /* len limits the source */
    g_autoptr(HashiyaNormalized) n = hashiya_normalize ("أحمد", 4);
    g_assert_cmpstr (n->key, ==, "اح");
    g_assert_cmpuint (n->map[2], ==, 2);
  }
}

/* ------------------------------------------------------------------------- */

static char *
find_joined (HashiyaText *t,
             gsize        start,
             gsize        end,
             const char  *query)
{
  g_autoptr(GArray) m = hashiya_text_find_all (t, start, end, query);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < m->len; i++)
    {
      const HashiyaRange *r = &g_array_index (m, HashiyaRange, i);
      g_autofree char *sl = hashiya_text_slice (t, r->start, r->end);

      if (i > 0)
        g_string_append_c (s, '|');
      g_string_append_printf (s, "%" G_GSIZE_FORMAT ":%s", r->start, sl);
    }
  return g_string_free (s, FALSE);
}

#define assert_find(t, query, expected) G_STMT_START {                           \
    g_autofree char *got_ = find_joined (t, 0, hashiya_text_get_length (t), query); \
    g_assert_cmpstr (got_, ==, expected);                                         \
  } G_STMT_END

static void
test_find_all (void)
{
  g_autoptr(HashiyaText) t = text_new ("التقى أحمد وأحمد بمحمدين ولأحمد أحمدي فأحمدَ.");

  assert_find (t, "احمد", "6:أحمد|12:أحمد|27:أحمد|39:أحمدَ");
  assert_find (t, "أحمد", "6:أحمد|12:أحمد|27:أحمد|39:أحمدَ");
  assert_find (t, "محمد", "");          /* never inside محمدين */
  assert_find (t, "حمد", "");
  assert_find (t, "", "");
  assert_find (t, "  ", "");

  {
    g_autoptr(HashiyaText) t2 = text_new ("دعت الحكومه وبالحكومة والحكومات");
    assert_find (t2, "الحكومة", "4:الحكومه|14:الحكومة");
  }
  {
    /* ل + ال → لل */
    g_autoptr(HashiyaText) t3 = text_new ("ذهب للموصل وللموصل والموصل لموصل");
    assert_find (t3, "الموصل", "5:لموصل|13:لموصل|20:الموصل");
    assert_find (t3, "موصل", "28:موصل");
  }
  {
    /* several tokens, quotes around, any whitespace between */
    g_autoptr(HashiyaText) t4 = text_new ("تنظيم 'الدولة الإسلامية' ثم الدولة\u00A0\u00A0الاسلامية\n"
                                          "الدولة\nالإسلامية");
    assert_find (t4, "الدولة الإسلامية", "7:الدولة الإسلامية|28:الدولة\u00A0\u00A0الاسلامية");
    assert_find (t4, "الدولة  الاسلاميه ", "7:الدولة الإسلامية|28:الدولة\u00A0\u00A0الاسلامية");
  }
  {
    /* a restricted range */
    g_autoptr(HashiyaText) t5 = text_new ("أحمد أحمد أحمد");
    g_autofree char *got = find_joined (t5, 3, 14, "احمد");
    g_assert_cmpstr (got, ==, "5:أحمد|10:أحمد");
  }
  {
    /* digits and presentation forms through the key */
    g_autoptr(HashiyaText) t6 = text_new ("عام ٢٠١٨ و\xEF\xBB\xBB شيء");
    assert_find (t6, "2018", "4:٢٠١٨");
    assert_find (t6, "لا", "10:\xEF\xBB\xBB");
  }
}

/* ------------------------------------------------------------------------- */

static void
test_seed_article (void)
{
  const char *shared = g_getenv ("HASHIYA_SHARED");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;
  g_autoptr(HashiyaText) t = NULL;
  g_autoptr(GArray) toks = NULL;
  g_autoptr(GArray) sents = NULL;
  g_autofree guint8 *covered = NULL;
  gsize n, lines = 0;
  const char *p;

  if (shared == NULL)
    {
      g_test_skip ("HASHIYA_SHARED is not set");
      return;
    }
  path = g_build_filename (shared, "seeds", "000_0931c406bb116436.txt", NULL);
  if (!g_file_get_contents (path, &contents, &len, NULL))
    {
      g_test_skip ("seed article not found");
      return;
    }
  t = hashiya_text_new (contents, len, &error);
  g_assert_no_error (error);
  n = hashiya_text_get_length (t);

  /* every character that is not space or format is in exactly one token */
  toks = hashiya_tokenize (t, 0, n);
  covered = g_new0 (guint8, n);
  for (guint i = 0; i < toks->len; i++)
    {
      const HashiyaToken *tok = &g_array_index (toks, HashiyaToken, i);
      for (gsize j = tok->start; j < tok->end; j++)
        covered[j]++;
    }
  p = contents;
  for (gsize i = 0; i < n; i++, p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (hashiya_unichar_is_space (c))
        g_assert_cmpuint (covered[i], ==, 0);
      else if (!hashiya_unichar_is_format (c))
        g_assert_cmpuint (covered[i], ==, 1);
      if (c == '\n')
        lines++;
    }
  g_assert_cmpuint (toks->len, >, 500);

  /* no sentence crosses a line; every non-empty line has one at least */
  sents = hashiya_split_sentences (t, 0, n);
  g_assert_cmpuint (sents->len, >=, 40);
  for (guint i = 0; i < sents->len; i++)
    {
      const HashiyaRange *r = &g_array_index (sents, HashiyaRange, i);
      g_autofree char *sl = hashiya_text_slice (t, r->start, r->end);
      g_assert_null (strchr (sl, '\n'));
      g_assert_false (g_unichar_isspace (g_utf8_get_char (sl)));
    }

  /* the search finds the seed's mentions */
  {
    g_autoptr(GArray) m = hashiya_text_find_all (t, 0, n, "داعش");
    g_assert_cmpuint (m->len, >=, 4);
    for (guint i = 0; i < m->len; i++)
      {
        const HashiyaRange *r = &g_array_index (m, HashiyaRange, i);
        g_autofree char *sl = hashiya_text_slice (t, r->start, r->end);
        g_assert_cmpstr (sl, ==, "داعش");
      }
  }
}

/* ------------------------------------------------------------------------- */

static void
test_large_input (void)
{
  static const char *pieces[] = {
    "كلمة ", "العراقية، ", "PUKMEDIA ", "2018. ", "😀", "مُحَمَّد ", "\n", "a", "٣٫٥ ",
    "\u200F", "𝕏", "ﻻ ", "e\u0301 ",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261130);
  GString *s = g_string_sized_new (4 << 20);
  g_autoptr(HashiyaText) t = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gsize *byte_at = NULL;
  g_autofree gsize *u16_at = NULL;
  gsize n, u = 0;
  const char *p;
  gint64 t0, t1;

  while (s->len < (4u << 20))
    g_string_append (s, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

  t0 = g_get_monotonic_time ();
  t = hashiya_text_new (s->str, s->len, &error);
  t1 = g_get_monotonic_time ();
  g_assert_no_error (error);
  g_test_message ("index: %.0f MB/s", s->len / (double) MAX (t1 - t0, 1));

  n = hashiya_text_get_length (t);
  g_assert_cmpuint (n, ==, g_utf8_strlen (s->str, s->len));

  /* reference offsets computed independently */
  byte_at = g_new (gsize, n + 1);
  u16_at = g_new (gsize, n + 1);
  p = s->str;
  for (gsize i = 0; i < n; i++)
    {
      byte_at[i] = p - s->str;
      u16_at[i] = u;
      u += g_utf8_get_char (p) > 0xFFFF ? 2 : 1;
      p = g_utf8_next_char (p);
    }
  byte_at[n] = s->len;
  u16_at[n] = u;
  g_assert_cmpuint (hashiya_text_get_utf16_length (t), ==, u);

  for (int k = 0; k < 20000; k++)
    {
      gsize i = k == 0 ? n : (gsize) g_rand_int_range (rand, 0, (gint32) n);
      gsize back = 0;

      /* g_utf8_offset_to_pointer walks from the start: check it at a few points only */
      if (k % 100 == 0)
        g_assert_cmpuint (hashiya_text_cp_to_byte (t, i), ==,
                          (gsize) (g_utf8_offset_to_pointer (s->str, i) - s->str));
      g_assert_cmpuint (hashiya_text_cp_to_byte (t, i), ==, byte_at[i]);
      g_assert_true (hashiya_text_byte_to_cp (t, byte_at[i], &back));
      g_assert_cmpuint (back, ==, i);
      g_assert_cmpuint (hashiya_text_cp_to_utf16 (t, i), ==, u16_at[i]);
      g_assert_true (hashiya_text_utf16_to_cp (t, u16_at[i], &back, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (back, ==, i);
      if (i < n)
        {
          g_assert_cmpuint (hashiya_text_get_char (t, i), ==,
                            g_utf8_get_char (s->str + byte_at[i]));
          if (byte_at[i + 1] - byte_at[i] > 1)
            g_assert_false (hashiya_text_byte_to_cp (t, byte_at[i] + 1, &back));
          if (u16_at[i + 1] - u16_at[i] == 2)
            {
              g_assert_false (hashiya_text_utf16_to_cp (t, u16_at[i] + 1, &back, &error));
              g_assert_error (error, HASHIYA_TEXT_ERROR, HASHIYA_TEXT_ERROR_SPLIT_PAIR);
              g_clear_error (&error);
            }
        }
    }

  /* tokenizer and splitter on the whole thing: sane and quick */
  {
    g_autoptr(GArray) toks = NULL;
    g_autoptr(GArray) sents = NULL;
    gsize prev_end = 0;

    t0 = g_get_monotonic_time ();
    toks = hashiya_tokenize (t, 0, n);
    t1 = g_get_monotonic_time ();
    g_test_message ("tokenize: %.0f MB/s, %u tokens", s->len / (double) MAX (t1 - t0, 1),
                    toks->len);
    for (guint i = 0; i < toks->len; i++)
      {
        const HashiyaToken *tok = &g_array_index (toks, HashiyaToken, i);
        g_assert_cmpuint (tok->start, >=, prev_end);
        g_assert_cmpuint (tok->start, <, tok->end);
        prev_end = tok->end;
      }
    t0 = g_get_monotonic_time ();
    sents = hashiya_split_sentences (t, 0, n);
    t1 = g_get_monotonic_time ();
    g_test_message ("sentences: %.0f MB/s, %u sentences", s->len / (double) MAX (t1 - t0, 1),
                    sents->len);
    g_assert_cmpuint (sents->len, >, 1000);
  }
  {
    g_autoptr(GArray) m = NULL;

    t0 = g_get_monotonic_time ();
    m = hashiya_text_find_all (t, 0, n, "محمد");
    t1 = g_get_monotonic_time ();
    g_test_message ("find_all: %.0f MB/s, %u matches", s->len / (double) MAX (t1 - t0, 1),
                    m->len);
    g_assert_cmpuint (m->len, >, 1000);
  }
  g_string_free (s, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/tokenize/arabic", test_tokenize_arabic);
  g_test_add_func ("/text/tokenize/offsets", test_tokenize_offsets);
  g_test_add_func ("/text/tokenize/mixed", test_tokenize_mixed);
  g_test_add_func ("/text/tokenize/diacritics", test_tokenize_diacritics);
  g_test_add_func ("/text/tokenize/tatweel", test_tokenize_tatweel);
  g_test_add_func ("/text/tokenize/presentation-forms", test_tokenize_presentation_forms);
  g_test_add_func ("/text/tokenize/bidi", test_tokenize_bidi);
  g_test_add_func ("/text/tokenize/spaces", test_tokenize_spaces);
  g_test_add_func ("/text/tokenize/punctuation", test_tokenize_punctuation);
  g_test_add_func ("/text/char-classes", test_char_classes);
  g_test_add_func ("/text/sentences/basic", test_sentences_basic);
  g_test_add_func ("/text/sentences/quotes", test_sentences_quotes);
  g_test_add_func ("/text/sentences/numbers-abbrev", test_sentences_numbers_abbrev);
  g_test_add_func ("/text/sentences/lines", test_sentences_lines);
  g_test_add_func ("/text/offsets/emoji", test_offsets_emoji);
  g_test_add_func ("/text/offsets/checkpoint-edges", test_offsets_checkpoint_edges);
  g_test_add_func ("/text/refcount", test_text_refcount);
  g_test_add_func ("/text/invalid-input", test_invalid_input);
  g_test_add_func ("/text/graphemes", test_graphemes);
  g_test_add_func ("/text/normalize/key", test_normalize);
  g_test_add_func ("/text/normalize/map", test_normalize_map);
  g_test_add_func ("/text/find-all", test_find_all);
  g_test_add_func ("/text/seed-article", test_seed_article);
  g_test_add_func ("/text/large-input", test_large_input);

  return g_test_run ();
}
