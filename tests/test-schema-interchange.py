# test-schema-interchange.py: exports of a custom judgement schema and of reply threads, read back
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The project comes from tests/schema-project.c (osact-2022 plus a text field "reason", the
# threaded article fixture, judgements by two annotators); it prints what the store holds, which
# every check here compares the files with.
import csv
import io
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import taplib  # noqa: E402
from taplib import cli, test  # noqa: E402

DATA = os.environ.get('HASHIYA_TEST_DATA', os.path.join(os.path.dirname(__file__), 'data'))
FIXED = ['document', 'source', 'comment', 'parent', 'annotator', 'text']


def schema_project():
    """(dir, project, what the store holds)"""
    d = taplib.tmpdir()
    p = os.path.join(d, 'osact.hashiya')
    r = subprocess.run([os.environ['HASHIYA_SCHEMA_PROJECT'], p, DATA], capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr
    return d, p, json.loads(r.stdout)


def field_names(held):
    return [f['name'] for f in held['schema']]


def expected_rows(held):
    """One row per (comment, annotator) judgement, a comment nobody judged once."""
    rows = []
    names = field_names(held)
    kinds = {f['name']: f['kind'] for f in held['schema']}
    for doc in held['documents']:
        for c in doc['comments']:
            js = [j for j in doc['judgements'] if j['comment'] == c['index']]
            for j in js or [None]:
                row = [str(doc['id']), doc['source'], str(c['index']),
                       str(c['parent']) if c['parent'] else '', j['annotator'] if j else '',
                       c['text']]
                for n in names:
                    v = j['values'].get(n, '') if j else ''
                    if kinds[n] == 'multi':
                        v = v.replace(',', '|')
                    row.append(v)
                rows.append(row)
    return rows


def tsv_unescape(cell):
    out, i = [], 0
    while i < len(cell):
        if cell[i] == '\\' and i + 1 < len(cell):
            out.append({'\\': '\\', 't': '\t', 'n': '\n', 'r': '\r'}[cell[i + 1]])
            i += 2
        else:
            out.append(cell[i])
            i += 1
    return ''.join(out)


@test
def threads_stored_by_import():
    _d, _p, held = schema_project()
    parents = [c['parent'] for c in held['documents'][0]['comments']]
    assert parents == [0, 1, 2, 0, 4, 4, 0], parents


@test
def comments_csv_equals_store():
    d, p, held = schema_project()
    out = os.path.join(d, 'comments.csv')
    r = cli('export', p, '--format', 'comments-csv', '-o', out)
    with open(out, 'rb') as f:
        raw = f.read()
    assert not raw.startswith(b'\xef\xbb\xbf')
    assert raw.endswith(b'\r\n') and b'\r\n' in raw, 'RFC 4180 rows end with CRLF'
    with open(out, newline='', encoding='utf-8') as f:
        rows = list(csv.reader(f))
    names = field_names(held)
    assert names == ['offensive', 'hate_speech', 'target', 'vulgar', 'violence', 'reason'], names
    assert rows[0] == FIXED + names, rows[0]
    want = expected_rows(held)
    assert rows[1:] == want, '\n%r\n!=\n%r' % (rows[1:], want)
    # the values that need quoting came through, multi values joined with |
    cells = [c for row in rows for c in row]
    assert 'says "they", all of them,\tthen\na new line' in cells
    assert 'religion|race' not in cells and 'race|religion' in cells
    assert 'race|religion|ideology|disability|social_class|gender' in cells
    # the span is named in the loss report
    assert 'spans' in r.stderr or 'span' in r.stderr, r.stderr


@test
def comments_tsv_equals_store():
    d, p, held = schema_project()
    out = os.path.join(d, 'comments.tsv')
    cli('export', p, '--format', 'comments-tsv', '-o', out)
    with open(out, encoding='utf-8', newline='') as f:
        text = f.read()
    assert '\r' not in text and '"' in text
    lines = text.split('\n')
    assert lines[-1] == ''
    rows = [[tsv_unescape(c) for c in line.split('\t')] for line in lines[:-1]]
    assert rows[0] == FIXED + field_names(held)
    assert rows[1:] == expected_rows(held)
    # one line per row: the tab and the line feed of "reason" are escaped
    assert len(lines) - 1 == len(expected_rows(held)) + 1


@test
def comments_table_annotator_filter():
    d, p, held = schema_project()
    out = os.path.join(d, 'amal.csv')
    cli('export', p, '--format', 'comments-csv', '--annotator', 'amal', '-o', out)
    with open(out, newline='', encoding='utf-8') as f:
        rows = list(csv.reader(f))[1:]
    assert {r[4] for r in rows} == {'amal', ''}
    # every comment is there once at least
    assert sorted({int(r[2]) for r in rows}) == list(range(1, 8))


@test
def comments_table_is_export_only():
    d, p, _held = schema_project()
    out = os.path.join(d, 'c.csv')
    cli('export', p, '--format', 'comments-csv', '-o', out)
    q = os.path.join(d, 'q.hashiya')
    cli('init', q)
    r = cli('import', q, out, '--format', 'comments-csv', check=False)
    assert r.returncode != 0
    assert 'cannot be imported' in r.stderr, r.stderr


def first_judgements(held):
    """{comment: values} of each comment's first judgement (what doccano and spaCy hold)"""
    doc = held['documents'][0]
    out = {}
    for j in doc['judgements']:
        out.setdefault(j['comment'], j['values'])
    return out


def expected_cats(held):
    kinds = {f['name']: f['kind'] for f in held['schema']}
    cats = []
    for c, values in sorted(first_judgements(held).items()):
        for f in field_names(held):
            v = values.get(f)
            if v is None or kinds[f] == 'text':
                continue
            name = 'hate-speech' if f == 'hate_speech' else f
            for one in (v.split(',') if kinds[f] == 'multi' else [v]):
                cats.append('comment-%d/%s=%s' % (c, name, one))
    return cats


def expected_parents(held):
    return {str(c['index']): c['parent'] for c in held['documents'][0]['comments'] if c['parent']}


def table(project, d, name, *extra):
    out = os.path.join(d, name)
    cli('export', project, '--format', 'comments-csv', '-o', out, *extra)
    with open(out, newline='', encoding='utf-8') as f:
        return list(csv.reader(f))


def check_read_back(d, held, exported, fmt):
    """imports exported into an empty osact project: the first judgement of every comment and
    every reply link come back (free text excepted: the format has no field for it)"""
    q = os.path.join(d, 'back-%s.hashiya' % fmt)
    r = subprocess.run([os.environ['HASHIYA_SCHEMA_PROJECT'], q, DATA, '--empty'],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    cli('import', q, exported, '--format', fmt)
    rows = table(q, d, 'back-%s.csv' % fmt)
    names = field_names(held)
    kinds = {f['name']: f['kind'] for f in held['schema']}
    first = first_judgements(held)
    parents = expected_parents(held)
    got_parents = {r[2]: int(r[3]) for r in rows[1:] if r[3]}
    assert got_parents == parents, (got_parents, parents)
    got = {}
    for row in rows[1:]:
        values = {n: v for n, v in zip(names, row[len(FIXED):]) if v}
        if row[4]:
            got[int(row[2])] = values
    want = {}
    for c, values in first.items():
        v = {n: (x.replace(',', '|') if kinds[n] == 'multi' else x)
             for n, x in values.items() if kinds[n] != 'text'}
        if v:
            want[c] = v
    assert got == want, '\n%r\n!=\n%r' % (got, want)


@test
def doccano_cats_follow_schema():
    d, p, held = schema_project()
    out = os.path.join(d, 'd.jsonl')
    r = cli('export', p, '--format', 'doccano', '-o', out)
    with open(out, encoding='utf-8') as f:
        rec = json.loads(f.readline())
    assert rec['cats'] == expected_cats(held), rec['cats']
    assert rec['meta']['parent'] == expected_parents(held), rec['meta']
    # the loss report names the free-text field and the second annotator's judgement
    assert "reason (free text) has no field" in r.stderr, r.stderr
    assert 'comment 1: a second annotator' in r.stderr, r.stderr
    check_read_back(d, held, out, 'doccano')


@test
def spacy_cats_follow_schema():
    d, p, held = schema_project()
    out = os.path.join(d, 's.jsonl')
    r = cli('export', p, '--format', 'spacy', '-o', out)
    with open(out, encoding='utf-8') as f:
        rec = json.loads(f.readline())
    assert list(rec['cats']) == expected_cats(held), rec['cats']
    assert set(rec['cats'].values()) == {1.0}
    assert rec['meta']['parent'] == expected_parents(held), rec['meta']
    assert "reason (free text) has no field" in r.stderr, r.stderr
    check_read_back(d, held, out, 'spacy')


def empty_osact(d, name):
    q = os.path.join(d, name)
    r = subprocess.run([os.environ['HASHIYA_SCHEMA_PROJECT'], q, DATA, '--empty'],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return q


@test
def label_studio_follows_schema_and_reads_back():
    d, p, held = schema_project()
    out = os.path.join(d, 'ls.json')
    r = cli('export', p, '--format', 'label-studio', '-o', out)
    assert 'reason' not in r.stderr, 'Label Studio holds free text: %s' % r.stderr
    with open(out, encoding='utf-8') as f:
        tasks = json.load(f)
    task = tasks[0]
    assert task['data']['parent'] == expected_parents(held), task['data']
    kinds = {f['name']: f['kind'] for f in held['schema']}
    # every value of every judgement is a result on its comment's region, from_name the field
    for j in held['documents'][0]['judgements']:
        ann = [a for a in task['annotations'] if a['annotator'] == j['annotator']][0]
        rid = [x['id'] for x in ann['result'] if x['id'].startswith('c%d-' % j['comment'])][0]
        got = {}
        for x in ann['result']:
            if x['id'] != rid:
                continue
            v = x['value'].get('choices', x['value'].get('text'))
            got[x['from_name']] = v
        want = {}
        for n, v in j['values'].items():
            want[n] = v.split(',') if kinds[n] == 'multi' else [v]
        assert got == want, (j, got, want)
    # the labelling config declares every field, the multi choice as multiple, the condition
    config = cli('export', p, '--format', 'label-studio', '--print-config').stdout
    assert '<Choices name="target" toName="text" perRegion="true" choice="multiple" ' \
           'visibleWhen="choice-selected" whenTagName="hate_speech" whenChoiceValue="yes">' in config
    for f in held['schema']:
        assert 'name="%s"' % f['name'] in config, f
        for c in f['choices']:
            assert '<Choice value="%s"/>' % c in config
    assert '<TextArea name="reason" toName="text" perRegion="true"/>' in config
    # read back: every judgement of both annotators, free text too, and the threads
    q = empty_osact(d, 'back-ls.hashiya')
    cli('import', q, out, '--format', 'label-studio')
    assert table(q, d, 'back.csv') == table(p, d, 'orig.csv')


@test
def brat_and_conll_name_the_fields_they_cannot_hold():
    d, p, held = schema_project()
    r = cli('export', p, '--format', 'brat', '-o', os.path.join(d, 'brat'))
    for field in ('target', 'vulgar', 'violence', 'reason'):
        assert field in r.stderr, (field, r.stderr)
    assert 'replies to comment' in r.stderr, r.stderr
    r = cli('export', p, '--format', 'conll', '-o', os.path.join(d, 'c.conll'))
    for field in ('target', 'vulgar', 'violence', 'reason'):
        assert field in r.stderr, (field, r.stderr)


if __name__ == '__main__':
    taplib.run()
