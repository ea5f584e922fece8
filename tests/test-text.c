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
  /* an emoji with a skin tone and a ZWJ family each stay one token, its ZWJs kept */
  assert_tokens ("👍🏽 👨\u200D👩\u200D👧 شكرا", "👍🏽|👨\u200D👩\u200D👧|شكرا");
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

/* ------------------------------------------------------------------------- */
/* hashiya_text_foreach_sentence () against split + tokenize                  */
/* ------------------------------------------------------------------------- */

typedef struct
{
  GArray *ranges;   /* HashiyaRange per sentence, in call order */
  GArray *tokens;   /* every token of every call, concatenated */
  GArray *counts;   /* guint n_tokens per call */
} Collected;

static void
collect_sentence (gsize               start,
                  gsize               end,
                  const HashiyaToken *tokens,
                  guint               n_tokens,
                  gpointer            user_data)
{
  Collected *c = user_data;
  HashiyaRange r = { start, end };

  g_array_append_val (c->ranges, r);
  g_array_append_val (c->counts, n_tokens);
  if (n_tokens > 0)
    g_array_append_vals (c->tokens, tokens, n_tokens);
}

/* A printable form of a string for failure messages: non-ASCII as \uXXXX. */
static char *
escaped (const char *s,
         gsize       len)
{
  GString *out = g_string_new (NULL);

  for (const char *p = s; p < s + len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x20 && c < 0x7F && c != '\\')
        g_string_append_c (out, (char) c);
      else
        g_string_append_printf (out, "\\u%04X", c);
    }
  return g_string_free (out, FALSE);
}

/* NULL when hashiya_text_foreach_sentence () on [start, end) gives the sentences of
 * hashiya_split_sentences () with the tokens of hashiya_tokenize () for each; else what
 * differs first. */
static char *
foreach_sentence_diff (HashiyaText *t,
                       gsize        start,
                       gsize        end)
{
  g_autoptr(GArray) sents = hashiya_split_sentences (t, start, end);
  Collected c;
  char *diff = NULL;
  guint at = 0;

  c.ranges = g_array_new (FALSE, FALSE, sizeof (HashiyaRange));
  c.tokens = g_array_new (FALSE, FALSE, sizeof (HashiyaToken));
  c.counts = g_array_new (FALSE, FALSE, sizeof (guint));
  hashiya_text_foreach_sentence (t, start, end, collect_sentence, &c);

  if (c.ranges->len != sents->len)
    diff = g_strdup_printf ("%u sentences from foreach, %u from split",
                            c.ranges->len, sents->len);
  for (guint i = 0; diff == NULL && i < sents->len; i++)
    {
      const HashiyaRange *want = &g_array_index (sents, HashiyaRange, i);
      const HashiyaRange *got = &g_array_index (c.ranges, HashiyaRange, i);
      g_autoptr(GArray) toks = NULL;
      guint n = g_array_index (c.counts, guint, i);

      if (want->start != got->start || want->end != got->end)
        {
          diff = g_strdup_printf ("sentence %u: foreach [%" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT
                                  "), split [%" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT ")",
                                  i, got->start, got->end, want->start, want->end);
          break;
        }
      toks = hashiya_tokenize (t, want->start, want->end);
      if (n != toks->len)
        {
          diff = g_strdup_printf ("sentence %u [%" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT
                                  "): %u tokens from foreach, %u from tokenize",
                                  i, want->start, want->end, n, toks->len);
          break;
        }
      for (guint k = 0; k < n; k++)
        {
          const HashiyaToken *a = &g_array_index (c.tokens, HashiyaToken, at + k);
          const HashiyaToken *b = &g_array_index (toks, HashiyaToken, k);

          if (a->start != b->start || a->end != b->end)
            {
              diff = g_strdup_printf ("sentence %u token %u: foreach [%" G_GSIZE_FORMAT ", %"
                                      G_GSIZE_FORMAT "), tokenize [%" G_GSIZE_FORMAT ", %"
                                      G_GSIZE_FORMAT ")", i, k, a->start, a->end,
                                      b->start, b->end);
              break;
            }
        }
      at += n;
    }

  g_array_unref (c.ranges);
  g_array_unref (c.tokens);
  g_array_unref (c.counts);
  return diff;
}

/* Fails the test (with the input, escaped, to reproduce it) on the first difference. */
static gboolean
check_foreach_sentence (HashiyaText *t,
                        gsize        start,
                        gsize        end,
                        const char  *what)
{
  g_autofree char *diff = foreach_sentence_diff (t, start, end);
  gsize n_bytes;
  const char *s;
  g_autofree char *shown = NULL;
  gsize b0, b1;

  if (diff == NULL)
    return TRUE;
  s = hashiya_text_get_utf8 (t, &n_bytes);
  b0 = hashiya_text_cp_to_byte (t, start);
  b1 = hashiya_text_cp_to_byte (t, end);
  shown = escaped (s + b0, MIN (b1 - b0, 2000));
  g_test_fail_printf ("%s, range [%" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT "): %s\n"
                      "input (from %" G_GSIZE_FORMAT "): \"%s\"",
                      what, start, end, diff, start, shown);
  return FALSE;
}

/* The whole text and, when rand is given, n_ranges random sub-ranges of it. */
static gboolean
check_foreach_sentence_ranges (HashiyaText *t,
                               GRand       *rand,
                               guint        n_ranges,
                               const char  *what)
{
  gsize n = hashiya_text_get_length (t);

  if (!check_foreach_sentence (t, 0, n, what))
    return FALSE;
  for (guint i = 0; rand != NULL && i < n_ranges && n > 0; i++)
    {
      gsize a = g_rand_int_range (rand, 0, (gint32) n + 1);
      gsize b = g_rand_int_range (rand, 0, (gint32) n + 1);

      if (!check_foreach_sentence (t, MIN (a, b), MAX (a, b), what))
        return FALSE;
    }
  return TRUE;
}

static void
test_foreach_sentence_edges (void)
{
  static const char *cases[] = {
    "",
    "\n\n\n",
    "  \t \u00A0 ",
    "!!!",
    "قال!!! ثم ذهب",
    "هل جاء؟» قال: نعم.",
    "«هل جاء؟» «نعم».\n(انتهى.) [حقًا!] \"هكذا.\"",
    "بلغ 3.5 مليون. ثم 3. ثم ٣٫٥ و ٣.٥ .",
    "قال د. أحمد إن الأمر انتهى.",
    "في سنة 300 ق.م. بنيت المدينة. وبعدها",
    "أ. ب. ج.",
    "U.S. and e.g. this. Then.",
    "كلمة\u200E. أخرى\u200F؟ ثالثة\u200D!\u200D كلمة",
    "\u200E\u200F\u200D",
    "\u200E.\u200E ثم\u00A0.\u00A0 ثم",
    "نص\u00A0مع\u00A0مسافة\u00A0صلبة.\u00A0ونص آخر.",
    "جميل 😀. رائع 👍🏽! عائلة 👨‍👩‍👧؟ علم 🇸🇦 ❤️.",
    "😀😀😀",
    "كـــــلمة ـــ . ـ.ـ",
    "سطر أول.\n\n\nسطر ثان\r\nسطر ثالث.\r\r\nرابع\u2028خامس\u2029سادس\xC2\x85" "سابع",
    "مُحَمَّدٌ. عَلِيٌّ! \u0651\u064E. ـً",
    "…وبعد… ثم۔ آخر…",
    "a.b.c. d . e.",
    "٣٫٥٪ و ۳٫۵ و 1,000.50.",
    ". . . ؟ ! ؟!",
    "\uFEFFبداية. \u00ADنهاية\u00AD.",
    "\u2066داخل\u2069. \u2067نص\u2069!",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HashiyaText) t = text_new (cases[i]);
      gsize n = hashiya_text_get_length (t);
      g_autofree char *what = g_strdup_printf ("edge case %u", i);

      /* every sub-range: starts and ends mid-line, mid-word, mid-run of stops */
      for (gsize a = 0; a <= n; a++)
        for (gsize b = a; b <= n; b++)
          if (!check_foreach_sentence (t, a, b, what))
            return;
    }

  /* the expected sentences of a few, so both sides cannot be wrong together */
  {
    g_autoptr(HashiyaText) t = text_new ("في سنة 300 ق.م. بنيت. قال د. أحمد!!! ثم؟» نعم");
    gsize n = hashiya_text_get_length (t);
    Collected c;
    GString *got = g_string_new (NULL);

    c.ranges = g_array_new (FALSE, FALSE, sizeof (HashiyaRange));
    c.tokens = g_array_new (FALSE, FALSE, sizeof (HashiyaToken));
    c.counts = g_array_new (FALSE, FALSE, sizeof (guint));
    hashiya_text_foreach_sentence (t, 0, n, collect_sentence, &c);
    for (guint i = 0; i < c.ranges->len; i++)
      {
        const HashiyaRange *r = &g_array_index (c.ranges, HashiyaRange, i);
        g_autofree char *sl = hashiya_text_slice (t, r->start, r->end);

        g_string_append_printf (got, "%s%s:%u", i ? "|" : "", sl,
                                g_array_index (c.counts, guint, i));
      }
    g_assert_cmpstr (got->str, ==,
                     "في سنة 300 ق.م. بنيت.:9|قال د. أحمد!!!:7|ثم؟»:3|نعم:1");
    g_string_free (got, TRUE);
    g_array_unref (c.ranges);
    g_array_unref (c.tokens);
    g_array_unref (c.counts);
  }

  /* a range that starts and ends mid-line: only what is inside counts */
  {
    g_autoptr(HashiyaText) t = text_new ("أول جملة. ثاني جملة. ثالث");
    Collected c;

    c.ranges = g_array_new (FALSE, FALSE, sizeof (HashiyaRange));
    c.tokens = g_array_new (FALSE, FALSE, sizeof (HashiyaToken));
    c.counts = g_array_new (FALSE, FALSE, sizeof (guint));
    /* from inside "جملة" to inside "ثاني" */
    hashiya_text_foreach_sentence (t, 6, 13, collect_sentence, &c);
    g_assert_cmpuint (c.ranges->len, ==, 2);
    g_assert_cmpuint (g_array_index (c.ranges, HashiyaRange, 0).start, ==, 6);
    g_assert_cmpuint (g_array_index (c.ranges, HashiyaRange, 0).end, ==, 9);
    g_assert_cmpuint (g_array_index (c.ranges, HashiyaRange, 1).start, ==, 10);
    g_assert_cmpuint (g_array_index (c.ranges, HashiyaRange, 1).end, ==, 13);
    g_assert_cmpuint (g_array_index (c.counts, guint, 0), ==, 2);   /* لة . */
    g_assert_cmpuint (g_array_index (c.counts, guint, 1), ==, 1);   /* ثان */
    g_assert_cmpuint (g_array_index (c.tokens, HashiyaToken, 2).start, ==, 10);
    g_assert_cmpuint (g_array_index (c.tokens, HashiyaToken, 2).end, ==, 13);
    g_array_unref (c.ranges);
    g_array_unref (c.tokens);
    g_array_unref (c.counts);
  }

  /* one sentence of many tokens (more than any internal buffer), then short ones */
  {
    GString *s = g_string_new (NULL);
    g_autoptr(HashiyaText) t = NULL;

    for (guint i = 0; i < 1500; i++)
      g_string_append (s, i % 7 == 3 ? "، " : "كلمة ");
    g_string_append (s, "نهاية. قصيرة. ");
    for (guint i = 0; i < 300; i++)
      g_string_append (s, "(x) ");
    g_string_append (s, "!\nسطر.");
    t = text_new (s->str);
    check_foreach_sentence_ranges (t, NULL, 0, "long sentence");
    g_string_free (s, TRUE);
  }
}

static void
test_foreach_sentence_articles (void)
{
  const char *shared = g_getenv ("HASHIYA_SHARED");
  const char *source = g_getenv ("HASHIYA_SOURCE_DIR");
  g_autoptr(GRand) rand = g_rand_new_with_seed (0x5e27e4ce);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  gboolean have_seed = FALSE;

  if (shared != NULL)
    {
      char *seed = g_build_filename (shared, "seeds", "000_0931c406bb116436.txt", NULL);

      if (g_file_test (seed, G_FILE_TEST_IS_REGULAR))
        {
          g_ptr_array_add (paths, seed);
          have_seed = TRUE;
        }
      else
        g_free (seed);
    }
  if (source != NULL)
    {
      g_autofree char *dir = g_build_filename (source, "data", "sample", NULL);
      g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        if (g_str_has_suffix (name, ".txt"))
          g_ptr_array_add (paths, g_build_filename (dir, name, NULL));
    }
  if (paths->len == 0)
    {
      g_test_skip ("neither the seed article (HASHIYA_SHARED) nor the sample articles "
                   "(HASHIYA_SOURCE_DIR) are there");
      return;
    }
  if (!have_seed)
    g_test_message ("seed article not found (HASHIYA_SHARED unset or no seeds/): "
                    "checking the sample articles only");

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = paths->pdata[i];
      g_autofree char *contents = NULL;
      gsize len;
      g_autoptr(GError) error = NULL;
      g_autoptr(HashiyaText) t = NULL;
      g_autoptr(GArray) sents = NULL;

      g_file_get_contents (path, &contents, &len, &error);
      g_assert_no_error (error);
      t = hashiya_text_new (contents, len, &error);
      g_assert_no_error (error);
      /* a real article has sentences: the comparison is not between two empty lists */
      sents = hashiya_split_sentences (t, 0, hashiya_text_get_length (t));
      g_assert_cmpuint (sents->len, >, 10);
      g_test_message ("%s: %u sentences", path, sents->len);
      if (!check_foreach_sentence_ranges (t, rand, 300, path))
        return;
    }
  if (!have_seed)
    g_test_skip ("seed article not found; sample articles checked");
}

/* Random strings from pieces of Arabic text; every failure prints its input. */
static void
test_foreach_sentence_random (void)
{
  static const char *alphabet[] = {
    /* letters */
    "ا", "ب", "ت", "ج", "د", "ر", "س", "ع", "ق", "ل", "م", "ن", "ه", "و", "ي", "ى", "ة", "ء",
    "أ", "إ", "آ", "ؤ", "ئ", "پ", "ک", "a", "Z", "e\u0301",
    /* harakat, tatweel */
    "\u064E", "\u064F", "\u0650", "\u0651", "\u0652", "\u064B", "\u0670", "\u0640",
    /* digits */
    "3", "0", "٣", "٥", "۴",
    /* punctuation: stops, closers, others */
    ".", ".", "!", "?", "؟", "؟", "۔", "…", "»", "«", "\"", "'", ")", "(", "]", "”", "’",
    "،", "؛", ":", ",", "-", "/", "٫", "٬", "%",
    /* spaces and line breaks */
    " ", " ", " ", " ", "\t", "\u00A0", "\u200B", "\u2003", "\n", "\n", "\r\n", "\r",
    "\u2028", "\xC2\x85",
    /* format characters */
    "\u200E", "\u200F", "\u061C", "\u200D", "\u200C", "\uFEFF", "\u00AD", "\u2067", "\u2069",
    /* emoji and other symbols */
    "😀", "👍🏽", "👨‍👩‍👧", "🇸🇦", "❤️", "𝕏", "ﻻ", "©",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261130);
  guint n_strings = g_test_slow () ? 50000 : 4000;

  for (guint i = 0; i < n_strings; i++)
    {
      GString *s = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 0, 80);
      g_autoptr(HashiyaText) t = NULL;
      g_autofree char *what = NULL;
      gboolean ok;

      for (guint k = 0; k < n; k++)
        {
          /* runs of letters make words, so not every piece is a symbol */
          if (g_rand_int_range (rand, 0, 3) == 0)
            g_string_append (s, alphabet[g_rand_int_range (rand, 0, 25)]);
          else
            g_string_append (s, alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))]);
        }
      t = text_new (s->str);
      what = g_strdup_printf ("random string %u (seed 20261130)", i);
      ok = check_foreach_sentence_ranges (t, rand, 4, what);
      g_string_free (s, TRUE);
      if (!ok)
        return;
    }
}

/* ------------------------------------------------------------------------- */
/* hashiya_utf8_validate_count () against GLib                                */
/* ------------------------------------------------------------------------- */

/* Checks one byte string (of exactly len bytes, not NUL-terminated: an over-read shows
 * under valgrind or ASan) against g_utf8_validate + g_utf8_strlen and hashiya_text_new. */
static gboolean
check_validate_count (const guint8 *bytes,
                      gsize         len,
                      const char   *what)
{
  g_autofree char *buf = g_memdup2 (bytes, len);
  const char *glib_end = NULL;
  gboolean glib_ok = g_utf8_validate (buf, len, &glib_end);
  gsize n_chars = G_MAXSIZE, error_at = G_MAXSIZE;
  gboolean ok = hashiya_utf8_validate_count (buf, len, &n_chars, &error_at);

  if (ok != glib_ok)
    {
      GString *h = g_string_new (NULL);

      for (gsize i = 0; i < len; i++)
        g_string_append_printf (h, "%02X ", bytes[i]);
      g_test_fail_printf ("%s: validate_count says %s, g_utf8_validate %s (at %"
                          G_GSIZE_FORMAT "); bytes: %s", what, ok ? "valid" : "invalid",
                          glib_ok ? "valid" : "invalid", (gsize) (glib_end - buf), h->str);
      g_string_free (h, TRUE);
      return FALSE;
    }
  if (ok)
    {
      if (n_chars != (gsize) g_utf8_strlen (buf, len))
        {
          g_test_fail_printf ("%s: %" G_GSIZE_FORMAT " characters, GLib counts %ld",
                              what, n_chars, g_utf8_strlen (buf, len));
          return FALSE;
        }
    }
  else if (error_at != (gsize) (glib_end - buf))
    {
      g_test_fail_printf ("%s: error at byte %" G_GSIZE_FORMAT ", GLib says %" G_GSIZE_FORMAT,
                          what, error_at, (gsize) (glib_end - buf));
      return FALSE;
    }

  /* "validates as hashiya_text_new does": same verdict, same offset in the message */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HashiyaText) t = hashiya_text_new (buf, len, &error);

    if ((t != NULL) != ok)
      {
        g_test_fail_printf ("%s: validate_count says %s, hashiya_text_new %s", what,
                            ok ? "valid" : "invalid", t ? "valid" : "invalid");
        return FALSE;
      }
    if (t != NULL && hashiya_text_get_length (t) != n_chars)
      {
        g_test_fail_printf ("%s: %" G_GSIZE_FORMAT " characters, HashiyaText %" G_GSIZE_FORMAT,
                            what, n_chars, hashiya_text_get_length (t));
        return FALSE;
      }
    if (t == NULL)
      {
        g_autofree char *offset = g_strdup_printf ("byte offset %" G_GSIZE_FORMAT, error_at);
        int code = bytes[error_at] == 0 ? HASHIYA_TEXT_ERROR_NUL : HASHIYA_TEXT_ERROR_INVALID_UTF8;

        if (!g_error_matches (error, HASHIYA_TEXT_ERROR, code) ||
            strstr (error->message, offset) == NULL)
          {
            g_test_fail_printf ("%s: validate_count: error at byte %" G_GSIZE_FORMAT
                                " (%s); hashiya_text_new: \"%s\"", what, error_at,
                                code == HASHIYA_TEXT_ERROR_NUL ? "NUL" : "invalid",
                                error->message);
            return FALSE;
          }
      }
  }
  return TRUE;
}

static void
append_unichar (GByteArray *b,
                gunichar    c)
{
  char buf[6];
  int n = g_unichar_to_utf8 (c, buf);

  g_byte_array_append (b, (const guint8 *) buf, n);
}

/* A random valid character, from every encoded length (no NUL, no surrogate). */
static gunichar
random_unichar (GRand *rand)
{
  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0:
    case 1:
      return g_rand_int_range (rand, 1, 0x80);
    case 2:
      return g_rand_int_range (rand, 0x80, 0x800);
    case 3:
      return g_rand_int_range (rand, 0x600, 0x700);   /* Arabic */
    case 4:
      {
        gunichar c = g_rand_int_range (rand, 0x800, 0x10000 - 0x800);
        return c >= 0xD800 ? c + 0x800 : c;
      }
    default:
      return g_rand_int_range (rand, 0x10000, 0x110000);
    }
}

static void
test_validate_count (void)
{
  /* known answers: the offset is the start of the offending sequence */
  static const struct
  {
    const char *bytes;
    gsize       len;
    gboolean    ok;
    gsize       n_or_at;
  } known[] = {
    { "", 0, TRUE, 0 },
    { "abc", 3, TRUE, 3 },
    { "abc", 2, TRUE, 2 },                         /* len limits */
    { "عربي", 8, TRUE, 4 },
    { "عربي", 7, FALSE, 6 },                       /* cut inside the last letter */
    { "😀", 4, TRUE, 1 },
    { "😀", 3, FALSE, 0 },
    { "abcdefgh\0ij", 11, FALSE, 8 },              /* NUL right after an 8-byte run */
    { "abcdefg\0", 8, FALSE, 7 },                  /* NUL inside an 8-byte run */
    { "\0", 1, FALSE, 0 },
    { "ab\xC3", 3, FALSE, 2 },                     /* truncated 2-byte */
    { "ab\xE2\x82", 4, FALSE, 2 },                 /* truncated 3-byte */
    { "ab\xF0\x9F\x98", 5, FALSE, 2 },             /* truncated 4-byte */
    { "ab\xE2\x82xyz", 6, FALSE, 2 },              /* continuation missing */
    { "x\xC0\x80", 3, FALSE, 1 },                  /* overlong NUL */
    { "x\xC1\xBF", 3, FALSE, 1 },                  /* overlong */
    { "x\xE0\x9F\xBF", 4, FALSE, 1 },              /* overlong 3-byte */
    { "x\xF0\x8F\xBF\xBF", 5, FALSE, 1 },          /* overlong 4-byte */
    { "xy\xED\xA0\x80", 5, FALSE, 2 },             /* U+D800 */
    { "xy\xED\xBF\xBF", 5, FALSE, 2 },             /* U+DFFF */
    { "\xED\x9F\xBF", 3, TRUE, 1 },                /* U+D7FF */
    { "\xEE\x80\x80", 3, TRUE, 1 },                /* U+E000 */
    { "\xF4\x8F\xBF\xBF", 4, TRUE, 1 },            /* U+10FFFF */
    { "أ\xF4\x90\x80\x80", 6, FALSE, 2 },          /* U+110000 */
    { "\xF5\x80\x80\x80", 4, FALSE, 0 },
    { "abcdefghijklmnop\x80", 17, FALSE, 16 },     /* lone continuation after runs */
    { "abcdefgh\xFF", 9, FALSE, 8 },
    { "abcdefghi\xFE", 10, FALSE, 9 },
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (0xC0DE);
  static const char *bad[] = {
    "\x80", "\xBF", "\xC0\x80", "\xC1\xBF", "\xC2", "\xDF", "\xE0\x80\x80", "\xE0\x9F\xBF",
    "\xE0\xA0", "\xE1\x80", "\xED\xA0\x80", "\xED\xAF\xBF", "\xED\xBF\xBF", "\xF0\x80\x80\x80",
    "\xF0\x8F\xBF\xBF", "\xF0\x90\x80", "\xF4\x90\x80\x80", "\xF4\xBF\xBF\xBF", "\xF5\x80\x80\x80",
    "\xF7\xBF\xBF\xBF", "\xF8\x88\x80\x80\x80", "\xFC\x84\x80\x80\x80\x80", "\xFE", "\xFF",
    "\xC3\xC3", "\xE2\x82\x20",
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      gsize n = G_MAXSIZE, at = G_MAXSIZE;
      g_autofree char *buf = g_memdup2 (known[i].bytes, known[i].len);
      g_autofree char *what = g_strdup_printf ("known case %u", i);

      g_assert_cmpint (hashiya_utf8_validate_count (buf, known[i].len, &n, &at), ==,
                       known[i].ok);
      g_assert_cmpuint (known[i].ok ? n : at, ==, known[i].n_or_at);
      /* NULL out-parameters are allowed */
      g_assert_cmpint (hashiya_utf8_validate_count (buf, known[i].len, NULL, NULL), ==,
                       known[i].ok);
      if (!check_validate_count ((const guint8 *) buf, known[i].len, what))
        return;
    }

  /* a NUL or a high byte at every position of an ASCII run (the 8-byte fast path) */
  for (gsize len = 1; len <= 24; len++)
    for (gsize pos = 0; pos < len; pos++)
      for (guint k = 0; k < 3; k++)
        {
          static const guint8 poison[] = { 0x00, 0x80, 0xC3 };
          g_autofree guint8 *buf = (guint8 *) g_strnfill (len, 'a');
          gsize n = 0, at = G_MAXSIZE;
          g_autofree char *what = g_strdup_printf ("run of %" G_GSIZE_FORMAT " with %02X at %"
                                                   G_GSIZE_FORMAT, len, poison[k], pos);

          buf[pos] = poison[k];
          g_assert_false (hashiya_utf8_validate_count ((char *) buf, len, &n, &at));
          g_assert_cmpuint (at, ==, pos);
          if (!check_validate_count (buf, len, what))
            return;
        }

  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(GByteArray) b = g_byte_array_new ();
      guint n = g_rand_int_range (rand, 0, 40);
      g_autofree char *what = g_strdup_printf ("random %u (seed 0xC0DE)", i);
      guint kind = g_rand_int_range (rand, 0, 4);

      for (guint k = 0; k < n; k++)
        append_unichar (b, random_unichar (rand));
      if (kind == 1 || kind == 2)
        {
          /* one or more bad sequences at random places */
          guint m = kind == 1 ? 1 : g_rand_int_range (rand, 1, 4);

          for (guint k = 0; k < m; k++)
            {
              const char *seq = bad[g_rand_int_range (rand, 0, G_N_ELEMENTS (bad))];
              guint at = g_rand_int_range (rand, 0, b->len + 1);

              g_array_insert_vals ((GArray *) b, at, seq, strlen (seq));
            }
          if (g_rand_int_range (rand, 0, 8) == 0)
            {
              guint8 zero = 0;
              g_array_insert_vals ((GArray *) b, g_rand_int_range (rand, 0, b->len + 1), &zero, 1);
            }
        }
      else if (kind == 3)
        {
          /* random bytes, or a valid string cut anywhere */
          if (g_rand_boolean (rand))
            {
              g_byte_array_set_size (b, g_rand_int_range (rand, 0, 24));
              for (guint k = 0; k < b->len; k++)
                b->data[k] = g_rand_int_range (rand, 0, 256);
            }
          else if (b->len > 0)
            g_byte_array_set_size (b, g_rand_int_range (rand, 0, b->len));
        }
      if (!check_validate_count (b->data, b->len, what))
        return;
    }
}

/* issue 12: a token is a whole grapheme cluster: a ZWJ family, a flag pair, a skin tone;
 * the ZWJs stay in its text, an RLM inside a word does not. */
static void
test_tokenize_emoji_clusters (void)
{
  g_autoptr(HashiyaText) t = text_new ("عائلتي 👨\u200d👩\u200d👧 🇮🇶🇸🇦🇪 👍🏽 مرحبا\u200fبك");
  g_autofree char *joined = tokens_joined (t, 0, hashiya_text_get_length (t));

  g_assert_cmpstr (joined, ==, "عائلتي|👨\u200d👩\u200d👧|🇮🇶|🇸🇦|🇪|👍🏽|مرحبابك");
  g_assert_true (hashiya_unichar_format_kept (0x200D, 0x1F469));
  g_assert_false (hashiya_unichar_format_kept (0x200D, 0x0644));
  g_assert_false (hashiya_unichar_format_kept (0x200F, 0x0628));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/tokenize/arabic", test_tokenize_arabic);
  g_test_add_func ("/text/tokenize/offsets", test_tokenize_offsets);
  g_test_add_func ("/text/tokenize/mixed", test_tokenize_mixed);
  g_test_add_func ("/text/tokenize/emoji-clusters", test_tokenize_emoji_clusters);
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
  g_test_add_func ("/text/foreach-sentence/edge-cases", test_foreach_sentence_edges);
  g_test_add_func ("/text/foreach-sentence/articles", test_foreach_sentence_articles);
  g_test_add_func ("/text/foreach-sentence/random", test_foreach_sentence_random);
  g_test_add_func ("/text/validate-count", test_validate_count);

  return g_test_run ();
}
