/* hashiya-article-segment.c: segments of a scraped news article with reader comments (plain text), shared by the article and JSON readers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Segmentation rules
 * ==================
 * The text is kept exactly as imported (after BOM removal and CRLF/CR → LF). Every
 * non-empty line (a line with something besides white space and invisible format
 * characters) becomes one segment; the segment covers the line without its leading and
 * trailing white space. Each segment gets one kind. Detection is heuristic; every kind
 * can be corrected later (`hashiya-cli segment`).
 *
 * Terms: a line's *words* are its white-space separated runs. A line *ends a sentence*
 * when its last character, after closing quotes and brackets, is one of . : ، , ؛ ; …
 * A line is *paragraph-like* when it ends a sentence, has more than 25 words or more than
 * 200 characters. A line is *name-like* when it has 1 to 5 words, at most 40 characters,
 * no digits and none of . , : ; ! ? ؟ ، ؛ " ' « » ( ) [ ] /.
 *
 * 1. Comment block. The first line (not the first line of the file) that is a comment
 *    count starts the comment block: a number (ASCII or Arabic-Indic digits) followed by
 *    تعليق / تعليقا / تعليقًا / تعليقات / تعليقان (harakat ignored) or "comment(s)", or
 *    the words تعليقان, تعليق واحد, لا توجد تعليقات, لا تعليقات, or التعليقات (N). The
 *    count line is `boilerplate`. A file without a count line has no comments.
 * 2. Boilerplate, anywhere: "هل أعجبك هذا المقال؟" (a line of at most 10 words starting
 *    with هل أعجبك / هل اعجبك, or "Did you like"), the comment policy line (at most 40
 *    words containing سياسة and تعليق, or "comment policy"), and reply lines (الرد, رد or
 *    Reply, optionally followed by a number).
 * 3. Comments: inside the comment block, every line that is not boilerplate by rule 2 is
 *    a `comment`. Comments are numbered 1..n in text order.
 * 4. Header (before the comment block). The header is the run of lines at the top that
 *    are neither boilerplate, paragraph-like nor captions, at most 4 lines.
 *    a. If the file's first block (lines before the first blank line) has two or more
 *       lines and they all have at most 5 words and are not paragraph-like, they are the
 *       breadcrumb: each is `site`. The next line is the `title`. The line after it is
 *       the `byline` when more lines follow and it is *byline-like*: name-like, or
 *       starting with a byline marker (بقلم, كتب, كتبت, بواسطة, إعداد, مراسل, "By "),
 *       or a name-like part followed by " - ", " – ", " — ", "|", "،" or "," and more
 *       text (a date, a place), at most 12 words, not ending a sentence.
 *    b. Otherwise, within the header: a line (not the first) starting with a byline
 *       marker is the `byline`; else the last header line is the byline when there are
 *       two or more header lines and it is name-like (or a name followed by a separator
 *       as in a) with fewer words than the line before it. The `title` is the line just
 *       before the byline (or the last header line when there is no byline); header
 *       lines before the title are `site`. Header lines after a marked byline are
 *       treated as body lines.
 * 5. Body (after the header, before the comment block), in this order:
 *    a. `caption`: a line that ends with a bracketed credit "[…]" whose text contains a
 *       credit word (صورة, الصورة, حقوق, تصوير, أ ف ب, رويترز, Photo, photo, credit,
 *       Credit, ©, AFP, Getty, Reuters); a line identical to the line just before it
 *       when that one is a caption; and two identical consecutive lines of three or more
 *       words (scraped pages repeat an image's caption) are both captions.
 *    b. `heading`: at most 12 words and 90 characters, does not end a sentence, and the
 *       next line exists, is still before the comment block and is not boilerplate.
 *    c. `paragraph`: everything else.
 *
 * With comments_only, every non-empty line is a `comment` (numbered 1..n), except reply
 * lines (rule 2), which stay `boilerplate`.
 *
 * 6. Threads (both modes). Scraped pages put every comment, reply or not, in one flat list,
 *    each followed by its reply ("الرد") line, so the list alone does not say which comment
 *    answers which: a comment is a reply only on positive evidence, and its parent is an
 *    earlier comment (the parent_index of its segment; 0 = top-level). A line of the article
 *    between comments ends every thread. In order:
 *    a. Indentation, when the comments are not all at one depth (their leading white space,
 *       a tab counting 4 columns, differs by 2 or more): a comment replies to the nearest
 *       comment above it that is indented at least 2 columns less. Replies to replies nest.
 *    b. Reply openings, for a comment that (a) leaves top-level: a comment whose text opens
 *       with "رد على" or "ردا على" (harakat and tatweel ignored: ردًا, رداً) followed by a
 *       space, ":" or nothing, with "@" and a letter, digit or "_" (@name), or with "Reply
 *       to", "Replying to", "In reply to" replies to the comment just before it, the one whose
 *       "الرد" line it follows. After a reply, the next reply block answers that reply (a
 *       chain: reply to a reply); siblings cannot be told from a chain on a flat page.
 *    c. Continuation: on a page with reply lines (comments are then delimited by them), a
 *       comment line that directly follows another comment line (no blank line, no reply
 *       line between) is the same comment's next line and takes its parent.
 *    The comment count line is not used: many sites count only top-level comments, others
 *    every comment, and a count cannot say which blocks are the replies. Nothing else (a
 *    short line, a question, a name) makes a reply. Every parent can be corrected later
 *    (hashiya_store_set_comment_parent (), `hashiya-cli reply P DOC N PARENT|none`).
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "hashiya-article-segment.h"

typedef struct
{
  gsize   b0, b1;        /* bytes of the trimmed line */
  gint64  c0, c1;        /* code points */
  guint   words;
  guint   chars;
  gboolean block_start;  /* first line, or a blank line before it */
  guint   indent;        /* leading white space in columns (a tab counts 4) */
  HashiyaSegmentKind kind;
  gboolean set;
} Line;

#define WORDS_PARAGRAPH 25
#define CHARS_PARAGRAPH 200

static gboolean
is_format_char (gunichar c)
{
  return g_unichar_type (c) == G_UNICODE_FORMAT;
}

static gboolean
is_space (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x200B;
}

static gboolean
is_harakah (gunichar c)
{
  return (c >= 0x064B && c <= 0x065F) || c == 0x0670;
}

/* The line's characters with harakat, tatweel and format characters dropped and white
 * space runs turned into one ASCII space (for the keyword rules; short lines only). */
static char *
line_key (const char *text,
          const Line *l)
{
  GString *s = g_string_sized_new (l->b1 - l->b0);
  const char *p = text + l->b0, *end = text + l->b1;
  gboolean space = FALSE;

  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);

      p = g_utf8_next_char (p);
      if (is_harakah (c) || c == 0x0640 || is_format_char (c))
        continue;
      if (is_space (c))
        {
          space = TRUE;
          continue;
        }
      if (space && s->len > 0)
        g_string_append_c (s, ' ');
      space = FALSE;
      g_string_append_unichar (s, c);
    }
  return g_string_free (s, FALSE);
}

/* Skips an optional number (any decimal digits) and the spaces after it. */
static const char *
skip_number (const char *p,
             gboolean   *had_number)
{
  *had_number = FALSE;
  while (*p && g_unichar_isdigit (g_utf8_get_char (p)))
    {
      *had_number = TRUE;
      p = g_utf8_next_char (p);
    }
  while (*p == ' ')
    p++;
  return p;
}

static gboolean
is_count_line (const char *text,
               const Line *l)
{
  g_autofree char *k = NULL;
  const char *p;
  gboolean num;

  if (l->words > 4 || l->chars > 40)
    return FALSE;
  k = line_key (text, l);
  p = skip_number (k, &num);
  if (num)
    {
      static const char * const words[] = { "تعليق", "تعليقا", "تعليقات", "تعليقان" };

      for (guint i = 0; i < G_N_ELEMENTS (words); i++)
        if (strcmp (p, words[i]) == 0)
          return TRUE;
      if (g_ascii_strcasecmp (p, "comment") == 0 || g_ascii_strcasecmp (p, "comments") == 0)
        return TRUE;
      return FALSE;
    }
  if (strcmp (k, "تعليقان") == 0 || strcmp (k, "تعليق واحد") == 0
      || strcmp (k, "لا توجد تعليقات") == 0 || strcmp (k, "لا تعليقات") == 0)
    return TRUE;
  /* "التعليقات (3)" / "تعليقات 3" */
  if (g_str_has_prefix (k, "التعليقات") || g_str_has_prefix (k, "تعليقات"))
    {
      p = k + (g_str_has_prefix (k, "ال") ? strlen ("التعليقات") : strlen ("تعليقات"));
      while (*p == ' ' || *p == '(')
        p++;
      p = skip_number (p, &num);
      while (*p == ')' || *p == ' ')
        p++;
      return num && *p == '\0';
    }
  return FALSE;
}

static gboolean
is_reply_line (const char *text,
               const Line *l)
{
  g_autofree char *k = NULL;
  const char *p = NULL;
  gboolean num;

  if (l->words > 3 || l->chars > 20)
    return FALSE;
  k = line_key (text, l);
  if (g_str_has_prefix (k, "الرد"))
    p = k + strlen ("الرد");
  else if (g_str_has_prefix (k, "رد"))
    p = k + strlen ("رد");
  else if (g_ascii_strncasecmp (k, "reply", 5) == 0)
    p = k + 5;
  else
    return FALSE;
  while (*p == ' ' || *p == '(')
    p++;
  p = skip_number (p, &num);
  while (*p == ')' || *p == ' ')
    p++;
  return *p == '\0';
}

static gboolean
is_like_line (const char *text,
              const Line *l)
{
  g_autofree char *k = NULL;

  if (l->words > 10)
    return FALSE;
  if (!(l->b1 - l->b0 >= 2 && memcmp (text + l->b0, "ه", 2) == 0)
      && g_ascii_strncasecmp (text + l->b0, "did", 3) != 0)
    return FALSE;
  k = line_key (text, l);
  return g_str_has_prefix (k, "هل أعجبك") || g_str_has_prefix (k, "هل اعجبك")
         || g_ascii_strncasecmp (k, "did you like", 12) == 0;
}

static gboolean
is_policy_line (const char *text,
                const Line *l)
{
  g_autofree char *k = NULL;

  if (l->words > 40)
    return FALSE;
  if (!g_strstr_len (text + l->b0, l->b1 - l->b0, "سياس")
      && !g_strstr_len (text + l->b0, l->b1 - l->b0, "olicy"))
    return FALSE;
  k = line_key (text, l);
  if (strstr (k, "سياسة") && strstr (k, "تعليق"))
    return TRUE;
  {
    g_autofree char *lower = g_ascii_strdown (k, -1);

    return strstr (lower, "comment policy") != NULL || strstr (lower, "comments policy") != NULL;
  }
}

static gboolean
is_boilerplate (const char *text,
                const Line *l)
{
  return is_reply_line (text, l) || is_like_line (text, l) || is_policy_line (text, l);
}

/* Last character that is not a closing quote or bracket. */
static gunichar
last_significant_char (const char *text,
                       const Line *l)
{
  const char *start = text + l->b0, *p = text + l->b1;

  while (p > start)
    {
      gunichar c;

      p = g_utf8_find_prev_char (start, p);
      if (p == NULL)
        break;
      c = g_utf8_get_char (p);
      if (c < 128 && strchr ("\"')]", (int) c) != NULL)
        continue;
      if (c == 0x00BB || c == 0x00AB || c == 0x201D || c == 0x201C || c == 0x2019
          || c == 0x2018 || c == 0x203A || is_format_char (c))
        continue;
      return c;
    }
  return 0;
}

static gboolean
ends_sentence (const char *text,
               const Line *l)
{
  gunichar c = last_significant_char (text, l);

  return c == '.' || c == ':' || c == ',' || c == ';' || c == 0x060C /* ، */
         || c == 0x061B /* ؛ */ || c == 0x2026 /* … */ || c == 0x06D4 /* ۔ */;
}

static gboolean
is_paragraph_like (const char *text,
                   const Line *l)
{
  return l->words > WORDS_PARAGRAPH || l->chars > CHARS_PARAGRAPH || ends_sentence (text, l);
}

static gboolean
is_name_like (const char *text,
              const Line *l)
{
  const char *p = text + l->b0, *end = text + l->b1;

  if (l->words < 1 || l->words > 5 || l->chars > 40)
    return FALSE;
  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isdigit (c))
        return FALSE;
      if (c < 128 && strchr (".,:;!?\"'()[]/", (int) c))
        return FALSE;
      if (c == 0x061F || c == 0x060C || c == 0x061B || c == 0x00AB || c == 0x00BB)
        return FALSE;
      p = g_utf8_next_char (p);
    }
  return TRUE;
}

static gboolean
has_byline_marker (const char *text,
                   const Line *l)
{
  static const char * const markers[] = { "بقلم", "كتب ", "كتبت ", "كتب:", "كتبت:", "بواسطة",
                                           "إعداد", "اعداد", "مراسل", "By ", "by " };
  const char *p = text + l->b0;
  gsize n = l->b1 - l->b0;

  if (l->words > 10)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    {
      gsize m = strlen (markers[i]);

      if (n >= m && memcmp (p, markers[i], m) == 0)
        return TRUE;
    }
  return FALSE;
}

/* "خالد الطائي - 27 كانون الأول 2018", "بقلم … | …": a name, a separator (" - ", " – ",
 * " — ", "|", "،" or ","), then anything short such as a date or a place. */
static gboolean
is_name_with_extra (const char *text,
                    const Line *l)
{
  static const char * const seps[] = { " - ", " – ", " — ", "|", "،", "," };
  const char *start = text + l->b0;
  gsize n = l->b1 - l->b0;

  if (l->words > 12 || ends_sentence (text, l))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (seps); i++)
    {
      const char *sep = g_strstr_len (start, n, seps[i]);
      Line left = { 0 };
      gboolean in_word = FALSE;

      if (sep == NULL || sep == start)
        continue;
      left.b0 = l->b0;
      left.b1 = sep - text;
      while (left.b1 > left.b0 && text[left.b1 - 1] == ' ')
        left.b1--;
      for (const char *q = text + left.b0; q < text + left.b1; q = g_utf8_next_char (q))
        {
          gboolean sp = is_space (g_utf8_get_char (q));

          left.chars++;
          if (!sp && !in_word)
            left.words++;
          in_word = !sp;
        }
      if (is_name_like (text, &left))
        return TRUE;
    }
  return FALSE;
}

/* The line right after a title is a byline when it has a byline marker, is name-like,
 * or is a name followed by a separator and a date or place. */
static gboolean
is_byline_like (const char *text,
                const Line *l)
{
  return has_byline_marker (text, l) || is_name_like (text, l) || is_name_with_extra (text, l);
}

static gboolean
has_credit (const char *text,
            const Line *l)
{
  static const char * const credit_words[] = {
    "صورة", "الصورة", "حقوق", "تصوير", "أ ف ب", "رويترز",
    "Photo", "photo", "PHOTO", "credit", "Credit", "©", "AFP", "Getty", "Reuters",
  };
  const char *start = text + l->b0, *end = text + l->b1, *open = NULL;
  g_autofree char *inner = NULL;

  if (end == start || end[-1] != ']')
    return FALSE;
  for (const char *p = end - 2; p >= start; p--)
    if (*p == '[')
      {
        open = p;
        break;
      }
    else if (*p == ']')
      return FALSE;
  if (open == NULL)
    return FALSE;
  inner = g_strndup (open + 1, end - 1 - (open + 1));
  for (guint i = 0; i < G_N_ELEMENTS (credit_words); i++)
    if (strstr (inner, credit_words[i]) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
same_line (const char *text,
           const Line *a,
           const Line *b)
{
  return a->b1 - a->b0 == b->b1 - b->b0 && memcmp (text + a->b0, text + b->b0, a->b1 - a->b0) == 0;
}

/* Decodes one character of valid UTF-8 (the text was validated on reading). */
static inline gunichar
decode_char (const guchar *p,
             int          *len)
{
  guchar b = p[0];

  if (b < 0x80)
    {
      *len = 1;
      return b;
    }
  if (b < 0xE0)
    {
      *len = 2;
      return ((gunichar) (b & 0x1F) << 6) | (p[1] & 0x3F);
    }
  if (b < 0xF0)
    {
      *len = 3;
      return ((gunichar) (b & 0x0F) << 12) | ((gunichar) (p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    }
  *len = 4;
  return ((gunichar) (b & 0x07) << 18) | ((gunichar) (p[1] & 0x3F) << 12)
         | ((gunichar) (p[2] & 0x3F) << 6) | (p[3] & 0x3F);
}

/* is_space() and is_format_char() without a table lookup for the common letters */
static inline gboolean
fast_is_space (gunichar c)
{
  if (c < 0x80)
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  if (c < 0x1680 && c != 0x85 && c != 0xA0)
    return FALSE;
  return is_space (c);
}

static inline gboolean
fast_is_format (gunichar c)
{
  if (c < 0xAD || (c > 0xAD && c < 0x600) || (c > 0x6DD && c < 0x70F) || (c >= 0x710 && c < 0x890))
    return FALSE;
  return is_format_char (c);
}

/* Splits the text into trimmed non-empty lines with code point offsets, in one pass. */
static GArray *
collect_lines (const char *text,
               gsize       n_bytes)
{
  GArray *lines = g_array_new (FALSE, TRUE, sizeof (Line));
  const guchar *p = (const guchar *) text, *end = p + n_bytes;
  gint64 cp = 0;
  gboolean blank_before = TRUE;

  while (p < end)
    {
      const guchar *eol = memchr (p, '\n', end - p);
      const guchar *q, *ts = NULL, *te = NULL;
      gboolean visible = FALSE, in_word = FALSE;
      gint64 k = 0, k0 = 0, k1 = 0;
      Line l = { 0 };

      if (eol == NULL)
        eol = end;

      for (q = p; q < eol; k++)
        {
          int n;
          gunichar c = decode_char (q, &n);

          if (fast_is_space (c))
            {
              in_word = FALSE;
              if (ts == NULL)
                l.indent += c == '\t' ? 4 : 1;
            }
          else
            {
              if (ts == NULL)
                {
                  ts = q;
                  k0 = k;
                }
              te = q + n;
              k1 = k + 1;
              if (!in_word)
                l.words++;
              in_word = TRUE;
              if (!visible && !fast_is_format (c))
                visible = TRUE;
            }
          q += n;
        }

      if (visible)
        {
          l.b0 = (const char *) ts - text;
          l.b1 = (const char *) te - text;
          l.c0 = cp + k0;
          l.c1 = cp + k1;
          l.chars = k1 - k0;
          l.block_start = blank_before;
          g_array_append_val (lines, l);
          blank_before = FALSE;
        }
      else
        blank_before = TRUE;

      cp += k + (eol < end ? 1 : 0);
      p = eol < end ? eol + 1 : end;
    }
  return lines;
}

#define LINE(i) (&g_array_index (lines, Line, (i)))

static void
set_kind (Line              *l,
          HashiyaSegmentKind kind)
{
  l->kind = kind;
  l->set = TRUE;
}

/* Header rules 4a/4b; returns the index of the first body line. */
static guint
classify_header (const char *text,
                 GArray     *lines,
                 guint       art_end)
{
  guint first_block = 0, h = 0, byline = G_MAXUINT, title;
  guint header[4];

  /* 4a: a breadcrumb block of two or more short lines */
  while (first_block < art_end && (first_block == 0 || !LINE (first_block)->block_start))
    first_block++;
  if (first_block >= 2 && first_block < art_end)
    {
      gboolean crumbs = TRUE;

      for (guint i = 0; i < first_block; i++)
        if (LINE (i)->set || LINE (i)->words > 5 || is_paragraph_like (text, LINE (i)))
          crumbs = FALSE;
      if (crumbs && !LINE (first_block)->set && !is_paragraph_like (text, LINE (first_block))
          && !has_credit (text, LINE (first_block)))
        {
          guint next;

          for (guint i = 0; i < first_block; i++)
            set_kind (LINE (i), HASHIYA_SEGMENT_SITE);
          set_kind (LINE (first_block), HASHIYA_SEGMENT_TITLE);
          next = first_block + 1;
          if (next + 1 < art_end && !LINE (next)->set
              && is_byline_like (text, LINE (next))
              && !same_line (text, LINE (next), LINE (next + 1)))
            {
              set_kind (LINE (next), HASHIYA_SEGMENT_BYLINE);
              next++;
            }
          return next;
        }
    }

  /* 4b */
  while (h < G_N_ELEMENTS (header) && h < art_end)
    {
      Line *l = LINE (h);

      if (l->set || is_paragraph_like (text, l) || has_credit (text, l)
          || (h + 1 < art_end && same_line (text, l, LINE (h + 1))))
        break;
      header[h] = h;
      h++;
    }
  if (h == 0)
    return 0;
  for (guint j = 1; j < h; j++)
    if (has_byline_marker (text, LINE (header[j])))
      {
        byline = j;
        break;
      }
  if (byline == G_MAXUINT && h >= 2
      && (is_name_like (text, LINE (header[h - 1])) || is_name_with_extra (text, LINE (header[h - 1])))
      && LINE (header[h - 1])->words < LINE (header[h - 2])->words)
    byline = h - 1;

  title = byline != G_MAXUINT ? byline - 1 : h - 1;
  for (guint j = 0; j < title; j++)
    set_kind (LINE (header[j]), HASHIYA_SEGMENT_SITE);
  set_kind (LINE (header[title]), HASHIYA_SEGMENT_TITLE);
  if (byline != G_MAXUINT)
    {
      set_kind (LINE (header[byline]), HASHIYA_SEGMENT_BYLINE);
      return byline + 1;
    }
  return title + 1;
}

/* Rule 6: whether a comment line opens as a reply ("رد على …", "ردًا على …", "@name …",
 * "Reply to …"). */
static gboolean
is_reply_marker (const char *text,
                 const Line *l)
{
  const char *p = text + l->b0, *end = text + l->b1;
  g_autofree char *k = NULL;
  gunichar c = 0;
  const char *rest = NULL;

  /* a cheap look at the first visible character before building the key */
  while (p < end)
    {
      c = g_utf8_get_char (p);
      if (!is_format_char (c))
        break;
      p = g_utf8_next_char (p);
    }
  if (c != '@' && c != 0xFF20 && c != 0x0631 /* ر */ && c != 'R' && c != 'r'
      && c != 'I' && c != 'i')
    return FALSE;
  k = line_key (text, l);
  if (k[0] == '@' || g_str_has_prefix (k, "＠"))
    {
      gunichar next = g_utf8_get_char (g_utf8_next_char (k));

      return g_unichar_isalnum (next) || next == '_';
    }
  if (g_str_has_prefix (k, "رد على"))
    rest = k + strlen ("رد على");
  else if (g_str_has_prefix (k, "ردا على"))
    rest = k + strlen ("ردا على");
  if (rest != NULL)
    return *rest == '\0' || *rest == ' ' || *rest == ':';
  return g_ascii_strncasecmp (k, "reply to ", 9) == 0
         || g_ascii_strncasecmp (k, "replying to ", 12) == 0
         || g_ascii_strncasecmp (k, "in reply to ", 12) == 0;
}

typedef struct
{
  guint indent;
  int   comment;
} ThreadLevel;

/* Rule 6: fills parent[i] (a comment number, 0 = none) for every comment line i. */
static void
detect_threads (const char *text,
                GArray     *lines,
                const int  *comment_no,
                int        *parent)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (ThreadLevel));
  guint n = lines->len, min_indent = G_MAXUINT, max_indent = 0;
  gboolean reply_lines = FALSE, indented;
  int prev_comment = 0;      /* the nearest comment line before, as a line index + 1 */

  for (guint i = 0; i < n; i++)
    {
      Line *l = LINE (i);

      if (comment_no[i] > 0)
        {
          min_indent = MIN (min_indent, l->indent);
          max_indent = MAX (max_indent, l->indent);
        }
      else if (l->kind == HASHIYA_SEGMENT_BOILERPLATE && is_reply_line (text, l))
        reply_lines = TRUE;
    }
  if (min_indent == G_MAXUINT)
    return;
  /* 6a counts only when the comments are not all at one depth */
  indented = max_indent >= min_indent + 2;

  for (guint i = 0; i < n; i++)
    {
      Line *l = LINE (i);
      int p = 0;

      if (comment_no[i] == 0)
        {
          /* a line of the article before the comments breaks every thread */
          if (l->kind != HASHIYA_SEGMENT_BOILERPLATE)
            {
              prev_comment = 0;
              g_array_set_size (stack, 0);
            }
          continue;
        }
      if (indented)
        {
          /* 6a: the nearest comment above that is less indented (by 2 columns or more) */
          while (stack->len > 0
                 && g_array_index (stack, ThreadLevel, stack->len - 1).indent + 2 > l->indent)
            g_array_set_size (stack, stack->len - 1);
          if (stack->len > 0)
            p = g_array_index (stack, ThreadLevel, stack->len - 1).comment;
        }
      if (p == 0 && prev_comment > 0)
        {
          if (is_reply_marker (text, l))
            p = comment_no[prev_comment - 1];                         /* 6b */
          else if (reply_lines && !l->block_start && (guint) prev_comment == i)
            p = parent[prev_comment - 1];                             /* 6c */
        }
      parent[i] = p;
      {
        ThreadLevel level = { l->indent, comment_no[i] };

        g_array_append_val (stack, level);
      }
      prev_comment = i + 1;
    }
}

GArray *
hashiya_article_segment (const char *text,
                         gsize       n_bytes,
                         gboolean    comments_only)
{
  g_autoptr(GArray) lines = NULL;
  GArray *segments;
  guint n, art_end, body;
  int comment_no = 0;
  g_autofree int *comment_of = NULL;   /* per line: its comment number, 0 = not a comment */
  g_autofree int *parent = NULL;       /* per line: the comment it replies to, 0 = none */

  g_return_val_if_fail (text != NULL || n_bytes == 0, NULL);

  lines = collect_lines (text, n_bytes);
  n = lines->len;
  segments = g_array_sized_new (FALSE, TRUE, sizeof (HashiyaSegment), n);

  if (comments_only)
    {
      for (guint i = 0; i < n; i++)
        set_kind (LINE (i), is_reply_line (text, LINE (i)) ? HASHIYA_SEGMENT_BOILERPLATE
                                                           : HASHIYA_SEGMENT_COMMENT);
      goto emit;
    }

  /* 1. the comment block */
  art_end = n;
  for (guint i = 1; i < n; i++)
    if (is_count_line (text, LINE (i)))
      {
        art_end = i;
        break;
      }

  /* 2. boilerplate */
  for (guint i = 0; i < n; i++)
    if (is_boilerplate (text, LINE (i)))
      set_kind (LINE (i), HASHIYA_SEGMENT_BOILERPLATE);

  /* 3. comments */
  if (art_end < n)
    {
      set_kind (LINE (art_end), HASHIYA_SEGMENT_BOILERPLATE);
      for (guint i = art_end + 1; i < n; i++)
        if (!LINE (i)->set)
          set_kind (LINE (i), HASHIYA_SEGMENT_COMMENT);
    }

  /* 4. header */
  body = classify_header (text, lines, art_end);

  /* 5. body */
  for (guint i = body; i < art_end; i++)
    {
      Line *l = LINE (i);

      if (l->set)
        continue;
      if (has_credit (text, l)
          || (i > 0 && LINE (i - 1)->set && LINE (i - 1)->kind == HASHIYA_SEGMENT_CAPTION
              && same_line (text, l, LINE (i - 1))))
        {
          set_kind (l, HASHIYA_SEGMENT_CAPTION);
          continue;
        }
      if (i + 1 < art_end && l->words >= 3 && same_line (text, l, LINE (i + 1)))
        {
          set_kind (l, HASHIYA_SEGMENT_CAPTION);
          set_kind (LINE (i + 1), HASHIYA_SEGMENT_CAPTION);
          i++;
          continue;
        }
      if (l->words <= 12 && l->chars <= 90 && !ends_sentence (text, l)
          && i + 1 < art_end && !is_boilerplate (text, LINE (i + 1)))
        {
          set_kind (l, HASHIYA_SEGMENT_HEADING);
          continue;
        }
      set_kind (l, HASHIYA_SEGMENT_PARAGRAPH);
    }

emit:
  comment_of = g_new0 (int, n + 1);
  parent = g_new0 (int, n + 1);
  for (guint i = 0; i < n; i++)
    {
      Line *l = LINE (i);

      if (!l->set)
        set_kind (l, HASHIYA_SEGMENT_PARAGRAPH);
      if (l->kind == HASHIYA_SEGMENT_COMMENT)
        comment_of[i] = ++comment_no;
    }
  if (comment_no > 1)
    detect_threads (text, lines, comment_of, parent);
  for (guint i = 0; i < n; i++)
    {
      Line *l = LINE (i);
      HashiyaSegment seg = { 0 };

      seg.kind = l->kind;
      seg.start = l->c0;
      seg.end = l->c1;
      seg.comment_index = comment_of[i];
      seg.parent_index = parent[i];
      g_array_append_val (segments, seg);
    }
  return segments;
}
