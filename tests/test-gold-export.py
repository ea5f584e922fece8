#!/usr/bin/env python3
# test-gold-export.py: the JSON export keeps each gold item's provenance, and export → import → export is byte-identical
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 13, point 4: "the JSON export keeps each gold item's provenance".
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import taplib  # noqa: E402
from taplib import cli, new_project, test  # noqa: E402


def gold_project():
    d, p = new_project()
    art = os.path.join(d, 'a.txt')
    with open(art, 'w', encoding='utf-8') as f:
        f.write('خبر عاجل من بغداد اليوم عن علي.\n')
    com = os.path.join(d, 'c.txt')
    with open(com, 'w', encoding='utf-8') as f:
        f.write('تعليق أول جميل.\n\nتعليق ثان سيئ.\n')
    cli('import', p, art)
    cli('import', p, com, '--comments-only')
    for who in ('sara', 'omar'):
        cli('tag', p, '1', '0', '3', 'PER', '--annotator', who)
        cli('judge', p, '2', '1', '-s', 'positive', '--annotator', who)
    cli('tag', p, '1', '9', '14', 'LOC', '--annotator', 'sara')      # not agreed: no gold
    cli('judge', p, '2', '2', '-s', 'negative', '--annotator', 'sara')
    cli('judge', p, '2', '2', '-s', 'mixed', '--annotator', 'omar')
    cli('adjudicate', p, '--auto-agreed', '--into', 'gold')
    return d, p


@test
def gold_items_carry_their_provenance():
    d, p = gold_project()
    out = os.path.join(d, 'e.json')
    cli('export', p, '-f', 'json', '-o', out)
    with open(out, encoding='utf-8') as f:
        data = json.load(f)
    ents = data['documents'][0]['entities']
    gold = [e for e in ents if e['annotator'] == 'gold']
    assert len(gold) == 1, ents
    prov = gold[0]['provenance']
    assert prov['choice'] == 'auto' and prov['start'] == 0 and prov['end'] == 3, prov
    assert sorted(prov['agreed']) == ['omar', 'sara'] and prov['decided_by'] == 'auto', prov
    assert prov['decided_at'] > 0
    assert all('provenance' not in e for e in ents if e['annotator'] != 'gold')
    comments = data['documents'][1]['comments']
    gj = [j for j in comments[0]['judgements'] if j['annotator'] == 'gold']
    assert len(gj) == 1 and gj[0]['provenance']['choice'] == 'auto', comments
    assert 'start' not in gj[0]['provenance']
    assert not [j for j in comments[1]['judgements'] if j['annotator'] == 'gold']
    # --annotator gold: only the gold layer, still with its provenance
    cli('export', p, '-f', 'json', '--annotator', 'gold', '-o', out)
    with open(out, encoding='utf-8') as f:
        data = json.load(f)
    assert [e['provenance']['choice'] for e in data['documents'][0]['entities']] == ['auto']


@test
def export_import_export_is_byte_identical():
    d, p = gold_project()
    for fmt, ext in (('json', 'json'), ('jsonl', 'jsonl')):
        first = os.path.join(d, 'first.' + ext)
        second = os.path.join(d, 'second.' + ext)
        cli('export', p, '-f', fmt, '-o', first)
        q = os.path.join(d, 'q-%s.hashiya' % fmt)
        cli('init', q)
        cli('import', q, first)
        cli('export', q, '-f', fmt, '-o', second)
        with open(first, 'rb') as a, open(second, 'rb') as b:
            assert a.read() == b.read(), fmt
        # the imported project knows its gold layer's decisions (adjudicate --list reads them)
        assert b'"provenance"' in open(second, 'rb').read()


@test
def malformed_provenance_refused():
    d, p = gold_project()
    out = os.path.join(d, 'e.json')
    cli('export', p, '-f', 'json', '-o', out)
    with open(out, encoding='utf-8') as f:
        data = json.load(f)
    gold = [e for e in data['documents'][0]['entities'] if e['annotator'] == 'gold'][0]
    for bad, needle in ((dict(gold['provenance'], choice='maybe'), 'maybe'),
                        ('x', '"provenance" must be an object'),
                        (dict(gold['provenance'], agreed='sara'), '"agreed"')):
        gold['provenance'] = bad
        path = os.path.join(d, 'bad.json')
        with open(path, 'w', encoding='utf-8') as f:
            json.dump(data, f, ensure_ascii=False)
        q = os.path.join(d, 'q.hashiya')
        if os.path.exists(q):
            os.unlink(q)
        cli('init', q)
        r = cli('import', q, path, check=False)
        assert r.returncode == 1 and path in r.stderr and needle in r.stderr, r.stderr


taplib.run()
