#!/usr/bin/env python3
# test-find.py: hashiya-cli find (corpus find with context, --json, --tag over every hit)
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import taplib  # noqa: E402
from taplib import cli, new_project, test  # noqa: E402

DOCS = {
    'a.txt': 'ذهب أحمد إلى المدرسة صباحاً\nوقال أحمد: المدرسة بعيدة',
    'b.txt': 'لا شيء هنا عن ذلك',
    'c.txt': 'زار احمد مدرسه القريه، ولاحمد اخ في المدرسة',
    'd.txt': 'مُدَرِّسَةٌ وطالبٌ',
}


def project():
    d, p = new_project()
    files = []
    for name, text in DOCS.items():
        f = os.path.join(d, name)
        with open(f, 'w', encoding='utf-8') as fh:
            fh.write(text + '\n')
        files.append(f)
    cli('import', p, *files)
    return d, p


def texts(p):
    out = {}
    for i in range(1, len(DOCS) + 1):
        out[i] = json.loads(cli('show', p, str(i), '--json').stdout)['text']
    return out


@test
def find_json_offsets_are_code_points():
    _, p = project()
    t = texts(p)
    r = json.loads(cli('find', p, 'احمد', '--json').stdout)
    assert r['offsets'] == 'codepoint' and not r['truncated']
    got = [(h['document'], h['match']) for h in r['hits']]
    # أحمد and احمد spell the same key; ولاحمد is و + ل + احمد (proclitics)
    assert got == [(1, 'أحمد'), (1, 'أحمد'), (3, 'احمد'), (3, 'احمد')], got
    for h in r['hits']:
        text = t[h['document']]
        assert text[h['start']:h['end']] == h['match'], h
        assert text[:h['start']].endswith(h['before']), h
        assert text[h['end']:].startswith(h['after']), h
        assert h['line'] == text[:h['start']].count('\n') + 1, h


@test
def find_spelling_variants_and_lines():
    _, p = project()
    r = cli('find', p, 'المدرسه')
    lines = r.stdout.splitlines()
    assert len(lines) == 3, r.stdout
    assert lines[0].startswith('1\ta.txt:1\t'), lines[0]
    assert lines[1].startswith('1\ta.txt:2\t'), lines[1]
    assert '[المدرسة]' in lines[2] and lines[2].startswith('3\tc.txt:1'), lines[2]
    assert '3 hits' in r.stderr, r.stderr
    # harakat in the text are dropped from the key
    r = json.loads(cli('find', p, 'مدرسة', '--json').stdout)
    docs = sorted({h['document'] for h in r['hits']})
    assert docs == [3, 4], docs
    assert cli('find', p, 'غائب').stdout == ''


@test
def find_limit():
    _, p = project()
    r = cli('find', p, 'احمد', '--limit', '1', '--json')
    j = json.loads(r.stdout)
    assert len(j['hits']) == 1 and j['truncated'], j


@test
def tag_all_counts_then_tags_once():
    _, p = project()
    r = cli('find', p, 'احمد', '--tag', 'PER', '--dry-run')
    assert 'would tag 4 spans in 2 documents' in r.stdout, r.stdout
    assert json.loads(cli('show', p, '1', '--json').stdout)['entities'] == []
    r = cli('find', p, 'احمد', '--tag', 'PER')
    assert 'tagged 4 spans in 2 documents' in r.stdout, r.stdout
    spans = json.loads(cli('show', p, '3', '--json').stdout)['entities']
    assert len(spans) == 2 and all(s['label'] == 'PER' for s in spans), spans
    r = cli('find', p, 'احمد', '--tag', 'PER')
    assert 'tagged 0 spans in 0 documents' in r.stdout, r.stdout
    r = cli('find', p, 'احمد', '--tag', 'NOPE', check=False)
    assert r.returncode == 1 and 'NOPE' in r.stderr, (r.returncode, r.stderr)


@test
def find_usage_errors():
    _, p = project()
    assert cli('find', p, check=False).returncode == 2
    assert cli('find', p, 'x', '--dry-run', check=False).returncode == 2
    r = cli('find', p + '.missing', 'x', check=False)
    assert r.returncode == 1, r.returncode


if __name__ == '__main__':
    taplib.run()
