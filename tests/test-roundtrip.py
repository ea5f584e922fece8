#!/usr/bin/env python3
# test-roundtrip.py: JSON and JSONL export → import into a new project → export gives identical bytes
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import taplib  # noqa: E402
from taplib import SEED, cli, find, test, tmpdir  # noqa: E402

# An article written for this test: emoji (outside the BMP, two UTF-16 units each) before
# entities, so code-point and UTF-16 offsets differ, plus a reader comment.
EMOJI_ARTICLE = """أخبار التقنية
تطبيقات

إطلاق تطبيق 😀 جديد في بغداد

سارة المنصوري

أعلنت شركة قلم 🚀 عن تطبيق جديد لتعلم الخط العربي في بغداد يوم 3 آذار 2026.

هل أعجبك هذا المقال؟

1 تعليق

تطبيق رائع 👍👍 شكرا لشركة قلم

الرد
"""


def build_project(d):
    """The seed and the emoji article with nested spans, two annotators, judgements."""
    seed = taplib.shared_path('seeds', SEED)
    p = os.path.join(d, 'a.hashiya')
    cli('init', p)
    shutil.copy(seed, os.path.join(d, SEED))
    emoji = os.path.join(d, 'emoji.txt')
    with open(emoji, 'w', encoding='utf-8') as f:
        f.write(EMOJI_ARTICLE)
    cli('import', p, os.path.join(d, SEED), emoji)
    cli('labels', p, 'add', 'EVENT', '--color', '#0a7e8c', '--key', '6')

    text = json.loads(cli('show', p, SEED, '--json').stdout)['text']
    o0 = text.find('وزارة الدفاع العراقية')
    o1 = o0 + len('وزارة الدفاع العراقية')
    cli('tag', p, SEED, o0, o1, 'ORG')
    cli('tag', p, SEED, o0 + len('وزارة الدفاع '), o1, 'LOC')         # nested inside the ORG
    cli('tag', p, SEED, o0 + len('وزارة '), o1, 'MISC', '--annotator', 'amal')  # overlapping level
    cli('tag', p, SEED, *find(text, 'خالد الطائي'), 'PER')
    cli('tag', p, SEED, *find(text, 'البشمركة'), 'ORG', '--annotator', 'amal')
    cli('tag', p, SEED, *find(text, 'البشمركة'), 'ORG')                  # same range, other annotator
    cli('tag', p, SEED, *find(text, 'هل أعجبك هذا المقال'), 'EVENT')
    cli('judge', p, SEED, 1, '--sentiment', 'negative', '--offensive', 'yes', '--hate', 'no',
        '--decision', 'reject', '--note', 'تعميم ضد فئة "كاملة"\nسطر ثان')
    cli('judge', p, SEED, 1, '--sentiment', 'neutral', '--annotator', 'amal')
    cli('judge', p, SEED, 2, '--decision', 'review', '--annotator', 'amal')

    t2 = json.loads(cli('show', p, 'emoji.txt', '--json').stdout)['text']
    b = t2.find('بغداد')
    cli('tag', p, 'emoji.txt', b, b + len('بغداد'), 'LOC')
    q0, q1 = find(t2, 'شركة قلم')
    cli('tag', p, 'emoji.txt', q0, q1, 'ORG')
    cli('tag', p, 'emoji.txt', q0 + len('شركة '), q1, 'MISC')
    cli('tag', p, 'emoji.txt', *find(t2, '🚀'), 'MISC')
    cli('tag', p, 'emoji.txt', *find(t2, 'قلم', t2.find('لشركة')), 'ORG')
    cli('judge', p, 'emoji.txt', 1, '--sentiment', 'positive', '--offensive', 'no')
    # a corrected segment kind must survive too
    segs = json.loads(cli('show', p, 'emoji.txt', '--json').stdout)['segments']
    para = [i for i, s in enumerate(segs) if s['kind'] == 'paragraph'][0]
    cli('segment', p, 'emoji.txt', para, 'caption')
    return p


def roundtrip(fmt, suffix):
    d = tmpdir()
    a = build_project(d)
    first = os.path.join(d, 'first.' + suffix)
    cli('export', a, '--format', fmt, '-o', first)
    b = os.path.join(d, 'b.hashiya')
    cli('init', b)
    r = cli('import', b, first)
    assert 'imported 2 documents' in r.stdout, r.stdout
    second = os.path.join(d, 'second.' + suffix)
    cli('export', b, '--format', fmt, '-o', second)
    one = open(first, 'rb').read()
    two = open(second, 'rb').read()
    assert one == two, 'round trip changed the %s export (%d vs %d bytes)' % (fmt, len(one), len(two))
    # importing the same file again adds nothing
    r = cli('import', b, first)
    assert 'skipped' in r.stdout
    cli('export', b, '--format', fmt, '-o', second)
    assert open(second, 'rb').read() == one
    return d, a, b, one


def check_document(doc):
    text = doc['text']
    for e in doc['entities']:
        assert text[e['start']:e['end']] == e['text'], e
    for c in doc['comments']:
        assert text[c['start']:c['end']] == c['text'], c


@test
def json_roundtrip_identical_bytes():
    d, a, b, data = roundtrip('json', 'json')
    top = json.loads(data)
    assert top['format'] == 'hashiya/1' and top['offsets'] == 'codepoint'
    assert [l['name'] for l in top['labels']] == ['PER', 'LOC', 'ORG', 'DATE', 'MISC', 'EVENT']
    assert top['labels'][5]['color'] == '#0a7e8c' and top['labels'][5]['key'] == '6'
    docs = top['documents']
    assert len(docs) == 2
    seed, emoji = docs
    assert len(seed['entities']) == 7 and len(emoji['entities']) == 5
    for doc in docs:
        check_document(doc)
    j = seed['comments'][0]['judgements']
    assert [x['annotator'] for x in j] == ['amal', 'tester'], j
    assert j[1]['note'] == 'تعميم ضد فئة "كاملة"\nسطر ثان'
    assert [s['kind'] for s in emoji['segments']].count('caption') >= 1
    # the emoji shifts UTF-16 offsets but not ours
    text = emoji['text']
    e = [x for x in emoji['entities'] if x['label'] == 'LOC'][0]
    assert text[e['start']:e['end']] == 'بغداد'
    assert len(text[:e['start']].encode('utf-16-le')) // 2 == e['start'] + 1
    # the labels with their colours arrived in project b
    lb = cli('labels', b).stdout
    assert 'EVENT' in lb and '#0a7e8c' in lb


@test
def jsonl_roundtrip_identical_bytes():
    d, a, b, data = roundtrip('jsonl', 'jsonl')
    lines = data.decode('utf-8').split('\n')
    assert lines[-1] == '' and len(lines) == 3, len(lines)
    for line in lines[:-1]:
        doc = json.loads(line)
        assert 'text' in doc and 'entities' in doc
        check_document(doc)
    # the JSONL lines are the document objects of the JSON export
    full = json.loads(cli('export', a, '--format', 'json').stdout)
    assert [json.loads(l) for l in lines[:-1]] == full['documents']
    # and `show --json` prints the same object
    assert json.loads(cli('show', a, SEED, '--json').stdout) == full['documents'][0]


@test
def json_import_refuses_a_wrong_entity_text():
    d, a, b, data = roundtrip('json', 'json')
    top = json.loads(data)
    top['documents'][1]['entities'][0]['text'] = 'نص آخر'
    bad = os.path.join(d, 'tampered.json')
    with open(bad, 'w', encoding='utf-8') as f:
        json.dump(top, f, ensure_ascii=False)
    c = os.path.join(d, 'c.hashiya')
    cli('init', c)
    r = cli('import', c, bad, check=False)
    assert r.returncode == 1 and 'tampered.json' in r.stderr, (r.returncode, r.stderr)
    assert 'documents:   0' in cli('stats', c).stdout


if __name__ == '__main__':
    taplib.run()
