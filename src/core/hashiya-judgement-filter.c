/* hashiya-judgement-filter.c: parse and evaluate the "--where" language over judgement values
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hashiya-judgement-filter.h"

#include <string.h>
#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (hashiya-filter-error-quark, hashiya_filter_error)

typedef enum { NODE_EQ, NODE_NE, NODE_SET, NODE_UNSET, NODE_AND, NODE_OR, NODE_NOT } NodeKind;

typedef struct _Node Node;
struct _Node
{
  NodeKind kind;
  char    *field;
  char    *value;
  Node    *a, *b;
  int      offset;   /* code points, of the field name (for check errors) */
  gboolean multi;    /* set by check: the field is multi choice ("=" is membership) */
};

struct _HashiyaJudgementFilter
{
  Node *root;
};

static void
node_free (Node *n)
{
  if (n == NULL)
    return;
  g_free (n->field);
  g_free (n->value);
  node_free (n->a);
  node_free (n->b);
  g_free (n);
}

void
hashiya_judgement_filter_free (HashiyaJudgementFilter *filter)
{
  if (filter == NULL)
    return;
  node_free (filter->root);
  g_free (filter);
}

/* ---- lexer ----------------------------------------------------------------- */

typedef enum { TOK_END, TOK_WORD, TOK_STRING, TOK_EQ, TOK_NE, TOK_LPAREN, TOK_RPAREN } TokKind;

typedef struct
{
  const char *text;
  const char *p;      /* next byte */
  TokKind     kind;
  char       *word;   /* TOK_WORD / TOK_STRING */
  const char *start;  /* where the token begins */
  GError     *error;
  int         error_offset;
} Parser;

static int
offset_of (Parser     *ps,
           const char *at)
{
  return (int) g_utf8_strlen (ps->text, at - ps->text);
}

static void
fail (Parser     *ps,
      const char *at,
      const char *message)
{
  if (ps->error != NULL)
    return;
  ps->error_offset = offset_of (ps, at);
  if (TRUE)
    g_set_error (&ps->error, HASHIYA_FILTER_ERROR, HASHIYA_FILTER_ERROR_PARSE,
                 _("at character %d: %s"), offset_of (ps, at) + 1, message);
}

static gboolean
word_char (const char *p)
{
  return g_ascii_isalnum (*p) || *p == '_' || *p == '-' || (guchar) *p >= 0x80;
}

static void
next_token (Parser *ps)
{
  g_clear_pointer (&ps->word, g_free);
  while (g_ascii_isspace (*ps->p))
    ps->p++;
  ps->start = ps->p;
  if (*ps->p == '\0')
    {
      ps->kind = TOK_END;
      return;
    }
  if (*ps->p == '=')
    {
      ps->p++;
      ps->kind = TOK_EQ;
      return;
    }
  if (ps->p[0] == '!' && ps->p[1] == '=')
    {
      ps->p += 2;
      ps->kind = TOK_NE;
      return;
    }
  if (*ps->p == '(' || *ps->p == ')')
    {
      ps->kind = *ps->p == '(' ? TOK_LPAREN : TOK_RPAREN;
      ps->p++;
      return;
    }
  if (*ps->p == '"')
    {
      GString *s = g_string_new (NULL);

      ps->p++;
      while (*ps->p != '"')
        {
          if (*ps->p == '\0')
            {
              g_string_free (s, TRUE);
              fail (ps, ps->start, _("this quoted value has no closing quote"));
              ps->kind = TOK_END;
              return;
            }
          if (*ps->p == '\\' && (ps->p[1] == '"' || ps->p[1] == '\\'))
            ps->p++;
          g_string_append_c (s, *ps->p);
          ps->p++;
        }
      ps->p++;
      ps->word = g_string_free (s, FALSE);
      ps->kind = TOK_STRING;
      return;
    }
  if (word_char (ps->p))
    {
      const char *start = ps->p;

      while (word_char (ps->p))
        ps->p++;
      ps->word = g_strndup (start, ps->p - start);
      ps->kind = TOK_WORD;
      return;
    }
  {
    g_autofree char *msg = NULL;
    gunichar c = g_utf8_get_char_validated (ps->p, -1);
    char buf[8] = { 0 };

    if (c == (gunichar) -1 || c == (gunichar) -2)
      c = '?';
    g_unichar_to_utf8 (c, buf);
    msg = g_strdup_printf (_("unexpected “%s” (a test is FIELD=VALUE, FIELD!=VALUE or FIELD is "
                             "unset, joined with and/or)"), buf);
    fail (ps, ps->p, msg);
    ps->kind = TOK_END;
  }
}

static gboolean
is_keyword (Parser     *ps,
            const char *kw)
{
  return ps->kind == TOK_WORD && g_ascii_strcasecmp (ps->word, kw) == 0;
}

static gboolean
is_field_name (const char *w)
{
  if (!g_ascii_isalpha (w[0]))
    return FALSE;
  for (const char *p = w; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

/* ---- parser ---------------------------------------------------------------- */

static Node *parse_or (Parser *ps);

static Node *
parse_test (Parser *ps)
{
  g_autofree char *field = NULL;
  const char *field_at = ps->start;
  Node *n;

  if (ps->kind != TOK_WORD || is_keyword (ps, "and") || is_keyword (ps, "or"))
    {
      fail (ps, ps->start, ps->kind == TOK_END ? _("the expression ends where a test "
                                                   "(FIELD=VALUE) should be")
                                               : _("expected a field name"));
      return NULL;
    }
  if (!is_field_name (ps->word))
    {
      g_autofree char *msg = g_strdup_printf (_("“%s” is not a field name"), ps->word);
      fail (ps, ps->start, msg);
      return NULL;
    }
  field = g_steal_pointer (&ps->word);
  next_token (ps);
  n = g_new0 (Node, 1);
  n->field = g_steal_pointer (&field);
  n->offset = offset_of (ps, field_at);
  if (ps->kind == TOK_EQ || ps->kind == TOK_NE)
    {
      n->kind = ps->kind == TOK_EQ ? NODE_EQ : NODE_NE;
      next_token (ps);
      if (ps->kind != TOK_WORD && ps->kind != TOK_STRING)
        {
          fail (ps, ps->start, _("expected a value after the operator"));
          node_free (n);
          return NULL;
        }
      n->value = g_steal_pointer (&ps->word);
      next_token (ps);
      return n;
    }
  if (is_keyword (ps, "is"))
    {
      next_token (ps);
      if (is_keyword (ps, "unset") || is_keyword (ps, "set"))
        {
          n->kind = is_keyword (ps, "set") ? NODE_SET : NODE_UNSET;
          next_token (ps);
          return n;
        }
      fail (ps, ps->start, _("expected “set” or “unset” after “is”"));
      node_free (n);
      return NULL;
    }
  fail (ps, ps->start, _("expected “=”, “!=” or “is unset” after the field name"));
  node_free (n);
  return NULL;
}

static Node *
parse_unary (Parser *ps)
{
  if (is_keyword (ps, "not"))
    {
      Node *n, *a;

      next_token (ps);
      a = parse_unary (ps);
      if (a == NULL)
        return NULL;
      n = g_new0 (Node, 1);
      n->kind = NODE_NOT;
      n->a = a;
      return n;
    }
  if (ps->kind == TOK_LPAREN)
    {
      const char *open = ps->start;
      Node *n;

      next_token (ps);
      n = parse_or (ps);
      if (n == NULL)
        return NULL;
      if (ps->kind != TOK_RPAREN)
        {
          g_autofree char *msg = g_strdup_printf (_("expected “)”: the “(” at character %d is not "
                                                    "closed"), offset_of (ps, open) + 1);
          fail (ps, ps->start, msg);
          node_free (n);
          return NULL;
        }
      next_token (ps);
      return n;
    }
  return parse_test (ps);
}

static Node *
parse_binary (Parser     *ps,
              const char *kw,
              NodeKind    kind,
              Node     *(*operand) (Parser *))
{
  Node *left = operand (ps);

  while (left != NULL && is_keyword (ps, kw))
    {
      Node *right, *n;

      next_token (ps);
      right = operand (ps);
      if (right == NULL)
        {
          node_free (left);
          return NULL;
        }
      n = g_new0 (Node, 1);
      n->kind = kind;
      n->a = left;
      n->b = right;
      left = n;
    }
  return left;
}

static Node *
parse_and (Parser *ps)
{
  return parse_binary (ps, "and", NODE_AND, parse_unary);
}

static Node *
parse_or (Parser *ps)
{
  return parse_binary (ps, "or", NODE_OR, parse_and);
}

HashiyaJudgementFilter *
hashiya_judgement_filter_parse (const char  *expr,
                                int         *error_offset,
                                GError     **error)
{
  Parser ps = { 0 };
  Node *root;

  g_return_val_if_fail (expr != NULL, NULL);

  if (!g_utf8_validate (expr, -1, NULL))
    {
      g_set_error (error, HASHIYA_FILTER_ERROR, HASHIYA_FILTER_ERROR_PARSE,
                   _("at character 1: the expression is not valid UTF-8"));
      if (error_offset)
        *error_offset = 0;
      return NULL;
    }
  ps.text = ps.p = expr;
  next_token (&ps);
  root = ps.error == NULL ? parse_or (&ps) : NULL;
  if (ps.error != NULL)   /* a lexical error may end the input early: not a success */
    g_clear_pointer (&root, node_free);
  if (root != NULL && ps.kind != TOK_END)
    {
      if (ps.kind == TOK_RPAREN)
        fail (&ps, ps.start, _("this “)” has no “(”"));
      else
        fail (&ps, ps.start, _("expected “and”, “or” or the end of the expression"));
      g_clear_pointer (&root, node_free);
    }
  g_free (ps.word);
  if (root == NULL)
    {
      if (ps.error == NULL)
        fail (&ps, ps.start, _("not a filter expression"));
      if (error_offset)
        *error_offset = ps.error_offset;
      g_propagate_error (error, ps.error);
      return NULL;
    }
  {
    HashiyaJudgementFilter *f = g_new0 (HashiyaJudgementFilter, 1);
    f->root = root;
    return f;
  }
}

/* ---- check and evaluate ---------------------------------------------------- */

static gboolean
check_node (const Node                    *n,
            const HashiyaJudgementSchema  *schema,
            GError                       **error)
{
  const HashiyaField *f;

  switch (n->kind)
    {
    case NODE_AND:
    case NODE_OR:
      return check_node (n->a, schema, error) && check_node (n->b, schema, error);
    case NODE_NOT:
      return check_node (n->a, schema, error);
    default:
      break;
    }
  f = hashiya_judgement_schema_lookup (schema, n->field);
  if (f != NULL)
    ((Node *) n)->multi = f->kind == HASHIYA_FIELD_MULTI;
  if (f == NULL)
    {
      g_autoptr(GString) names = g_string_new (NULL);
      for (guint i = 0; i < schema->fields->len; i++)
        g_string_append_printf (names, "%s%s", i ? ", " : "",
                                ((HashiyaField *) g_ptr_array_index (schema->fields, i))->name);
      g_set_error (error, HASHIYA_FILTER_ERROR, HASHIYA_FILTER_ERROR_FIELD,
                   _("at character %d: the judgement schema has no field “%s” (it has %s)"),
                   n->offset + 1, n->field, names->str);
      return FALSE;
    }
  if ((n->kind == NODE_EQ || n->kind == NODE_NE) && f->kind != HASHIYA_FIELD_TEXT)
    {
      gboolean ok = f->kind == HASHIYA_FIELD_YESNO
                    ? g_str_equal (n->value, "yes") || g_str_equal (n->value, "no")
                    : hashiya_field_lookup_choice (f, n->value) != NULL;
      if (!ok)
        {
          g_autoptr(GString) names = g_string_new (NULL);
          if (f->kind == HASHIYA_FIELD_YESNO)
            g_string_append (names, "yes, no");
          for (guint i = 0; i < f->choices->len; i++)
            g_string_append_printf (names, "%s%s", i ? ", " : "",
                                    ((HashiyaChoice *) g_ptr_array_index (f->choices, i))->name);
          g_set_error (error, HASHIYA_FILTER_ERROR, HASHIYA_FILTER_ERROR_VALUE,
                       _("at character %d: field “%s” has no value “%s” (it takes %s)"),
                       n->offset + 1, n->field, n->value, names->str);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
hashiya_judgement_filter_check (const HashiyaJudgementFilter  *filter,
                                const HashiyaJudgementSchema  *schema,
                                GError                       **error)
{
  g_return_val_if_fail (filter != NULL && schema != NULL, FALSE);
  return check_node (filter->root, schema, error);
}

static gboolean
matches (const Node             *n,
         const HashiyaJudgement *j)
{
  const char *value;

  switch (n->kind)
    {
    case NODE_AND:
      return matches (n->a, j) && matches (n->b, j);
    case NODE_OR:
      return matches (n->a, j) || matches (n->b, j);
    case NODE_NOT:
      return !matches (n->a, j);
    default:
      break;
    }
  value = j != NULL ? hashiya_judgement_get_value (j, n->field) : NULL;
  switch (n->kind)
    {
    case NODE_SET:
      return value != NULL;
    case NODE_UNSET:
      return value == NULL;
    case NODE_EQ:
    case NODE_NE:
      {
        gboolean eq = value != NULL
                      && (g_str_equal (value, n->value)
                          || (n->multi && hashiya_judgement_has_choice (j, n->field, n->value)));
        return n->kind == NODE_EQ ? eq : !eq;
      }
    default:
      return FALSE;
    }
}

gboolean
hashiya_judgement_filter_matches (const HashiyaJudgementFilter *filter,
                                  const HashiyaJudgement       *j)
{
  g_return_val_if_fail (filter != NULL, FALSE);
  return matches (filter->root, j);
}

static void
write_node (GString    *out,
            const Node *n)
{
  switch (n->kind)
    {
    case NODE_AND:
    case NODE_OR:
      g_string_append_c (out, '(');
      write_node (out, n->a);
      g_string_append (out, n->kind == NODE_AND ? " and " : " or ");
      write_node (out, n->b);
      g_string_append_c (out, ')');
      break;
    case NODE_NOT:
      g_string_append (out, "not ");
      write_node (out, n->a);
      break;
    case NODE_SET:
    case NODE_UNSET:
      g_string_append_printf (out, "%s is %s", n->field, n->kind == NODE_SET ? "set" : "unset");
      break;
    case NODE_EQ:
    case NODE_NE:
      g_string_append_printf (out, "%s%s\"", n->field, n->kind == NODE_EQ ? "=" : "!=");
      for (const char *p = n->value; *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
      break;
    }
}

char *
hashiya_judgement_filter_to_string (const HashiyaJudgementFilter *filter)
{
  GString *out = g_string_new (NULL);

  write_node (out, filter->root);
  return g_string_free (out, FALSE);
}
