#!/usr/bin/env python3
# test-format-guards.py: hostile JSON and malformed span lists are refused with file and position, never crash or cut text
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 9, points 3-6 and 10: deep nesting (json-glib's recursive parser overflowed the stack
# near 74,000 levels), \u0000 (cut the text), articles starting with '[' or '{' (refused as
# unknown JSON), span lists of the wrong type (dropped with exit 0), integers beyond 64 bits
# (wrapped by json-glib), lone surrogates (positioned in the decoded string), and
# --tag-column -2147483648 (taken as "not given").
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import taplib  # noqa: E402
from taplib import cli, new_project, test  # noqa: E402


def write(d, name, text):
    path = os.path.join(d, name)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    return path


def project_bytes(p):
    with open(p, 'rb') as f:
        return f.read()


def n_documents(p):
    r = cli('list', p, check=False)
    return len([l for l in r.stdout.splitlines() if l.strip() and l.split()[0].isdigit()])


def refused(p, path, *args, needle, line=None, col=None):
    """Import must fail with exit 1, a message naming path (and line:column), nothing added."""
    before = n_documents(p)
    r = cli('import', p, path, *args, check=False)
    assert r.returncode == 1, (args, r.returncode, r.stdout, r.stderr)
    assert path in r.stderr, r.stderr
    assert needle in r.stderr, (needle, r.stderr)
    if line is not None:
        assert '%s:%d:%d:' % (path, line, col) in r.stderr, r.stderr
    assert n_documents(p) == before
    return r


@test
def deep_nesting_refused_by_every_json_reader():
    d, p = new_project()
    n = 100000
    arrays = write(d, 'n.json', '[' * n + ']' * n)
    objects = write(d, 'o.json', '{"a":' * n + '1' + '}' * n)
    # within a JSONL file: line 2, after a good line 1
    good = json.dumps({'text': 'abc', 'label': []})
    deep_line = write(d, 'deep.jsonl', good + '\n' + '{"text":' + '[' * 600 + ']' * 600 + '}\n')
    for fmt in ('json', 'jsonl', 'doccano', 'spacy', 'label-studio', None):
        args = ('-f', fmt) if fmt else ()
        r = refused(p, arrays, *args, needle='nested more than 512 levels', line=1, col=513)
        assert r.returncode != 139 and r.returncode >= 0
        refused(p, objects, *args, needle='nested more than 512 levels', line=1, col=5 * 512 + 1)
    for fmt in ('jsonl', 'doccano', 'spacy'):
        refused(p, deep_line, '-f', fmt, needle='nested more than 512 levels', line=2, col=8 + 512)  # the object is level 1
    # 512 levels are still read (as JSON, refused for what it is, not for its depth)
    ok_depth = write(d, 'ok.json', '[' * 512 + ']' * 512)
    r = cli('import', p, ok_depth, check=False)
    assert r.returncode == 1 and 'nested' not in r.stderr, r.stderr


@test
def escaped_nul_refused_not_truncated():
    d, p = new_project()
    doccano = write(d, 'z.jsonl', '{"text":"abc\\u0000def","label":[[0,2,"PER"]]}\n')
    refused(p, doccano, needle='\\u0000', line=1, col=13)
    refused(p, doccano, '-f', 'spacy', needle='\\u0000', line=1, col=13)
    hj = write(d, 'z.json', json.dumps({'format': 'hashiya/1', 'documents': [
        {'text': 'نص\u0000ذيل', 'spans': []}]}, ensure_ascii=False))
    refused(p, hj, needle='\\u0000')
    ls = write(d, 'z-ls.json', json.dumps([{'data': {'text': 'abc\u0000def'}, 'annotations': []}]))
    refused(p, ls, needle='\\u0000')
    # an escaped backslash followed by u0000 is text, not a NUL
    fine = write(d, 'fine.jsonl', '{"text":"abc\\\\u0000def","label":[]}\n')
    cli('import', p, fine, '-f', 'doccano')
    text = cli('show', p, '1', '--json').stdout
    assert '\\\\u0000def' in text, text


@test
def article_starting_with_bracket_is_an_article():
    d, p = new_project()
    a = write(d, 'a.txt', '[تنبيه] خبر عاجل من بغداد.\n\nفقرة ثانية.\n')
    b = write(d, 'b.txt', '{عاجل} خبر آخر.\n')
    r = cli('import', p, a)
    assert '(article)' in r.stdout, r.stdout
    r = cli('import', p, b)
    assert '(article)' in r.stdout, r.stdout
    shown = cli('show', p, '1', '--json').stdout
    assert '[تنبيه] خبر عاجل' in json.loads(shown)['text'] if 'text' in json.loads(shown) else \
        '[تنبيه] خبر عاجل' in shown
    # JSON of an unknown kind is still refused, and the message names no CLI option
    u = write(d, 'u.json', '{"hello": [1, 2]}\n')
    r = refused(p, u, needle='not of a format Hashiya reads')
    assert '--format' not in r.stderr, r.stderr
    # JSONL of an unknown kind is no JSON value as a whole, but it is JSON: still refused
    ul = write(d, 'u.jsonl', '{"hello": 1}\n{"hello": 2}\n')
    refused(p, ul, needle='not of a format Hashiya reads')


@test
def malformed_span_lists_refused():
    d, p = new_project()
    cases = [
        ('doccano', '{"text":"abcdef","label":"PER"}\n', '"label" is not a list'),
        ('doccano', '{"text":"abcdef","entities":{"x":1}}\n', '"entities" is not a list'),
        ('spacy', '{"text":"abcdef","spans":"x"}\n', '"spans" is not a list'),
        ('spacy', '{"text":"abcdef","spans":{"sc":"x"}}\n', 'the span group "sc" of "spans" is not a list'),
        ('spacy', '{"text":"abcdef","ents":[],"cats":"x"}\n', '"cats" is not a list'),
    ]
    for i, (fmt, text, needle) in enumerate(cases):
        path = write(d, 'm%d.jsonl' % i, text)
        refused(p, path, '-f', fmt, needle=path + ':1: ' + needle)
    ls = write(d, 'ls.json', json.dumps([{'data': {'text': 'abcdef'}, 'annotations': [{'result': [
        {'type': 'labels', 'from_name': 'label', 'to_name': 'text',
         'value': {'start': 0, 'end': 2, 'labels': []}}]}]}]))
    refused(p, ls, needle='task 1: a labels result with an empty list of labels')
    # null is an empty list (nothing lost)
    ok = write(d, 'null.jsonl', '{"text":"abcdef","label":null}\n')
    cli('import', p, ok, '-f', 'doccano')


@test
def integers_beyond_64_bits_refused_as_written():
    d, p = new_project()
    for lit in ('99999999999999999999', '-99999999999999999999', '9223372036854775808'):
        doccano = write(d, 'b.jsonl', '{"text":"abcdef","label":[[0,%s,"PER"]]}\n' % lit)
        refused(p, doccano, needle='the number %s does not fit in 64 bits' % lit, line=1, col=30)
        hj = write(d, 'b.json', '{"format":"hashiya/1","documents":[{"text":"abcdef",'
                   '"spans":[{"start":0,"end":%s,"label":"PER"}]}]}' % lit)
        refused(p, hj, needle=lit)
    # the extremes of 64 bits are read (and refused as offsets outside the text, as written)
    edge = write(d, 'e.jsonl', '{"text":"abcdef","label":[[0,9223372036854775807,"PER"]]}\n')
    r = refused(p, edge, '-f', 'doccano', '--offsets', 'codepoint', needle='9223372036854775807')
    assert 'does not fit' not in r.stderr, r.stderr


@test
def lone_surrogate_positioned_in_the_file():
    d, p = new_project()
    path = write(d, 's.jsonl', '{"text":"ok"}\n{"text":"ab\\ud800cd","label":[]}\n')
    refused(p, path, '-f', 'doccano', needle='lone high surrogate', line=2, col=12)
    path = write(d, 's2.json', '{"format":"hashiya/1",\n "documents":[{"text":"x\\udc00"}]}')
    refused(p, path, needle='lone low surrogate', line=2, col=25)
    # a pair is a character
    path = write(d, 'pair.jsonl', '{"text":"ab\\ud83d\\ude00cd","label":[[2,3,"X"]]}\n')
    cli('import', p, path, '-f', 'doccano', '--offsets', 'codepoint')


@test
def tag_column_min_int_is_a_given_value():
    d, p = new_project()
    conll = write(d, 'a.conll', 'علي\tB-PER\n')
    for bad in ('-2147483648', '0', '-1', 'x', '99999999999'):
        r = cli('import', p, conll, '--tag-column', bad, check=False)
        assert r.returncode == 2, (bad, r.returncode, r.stderr)
        assert '--tag-column' in r.stderr and bad in r.stderr, r.stderr
    cli('import', p, conll, '--tag-column', '2')


taplib.run()
