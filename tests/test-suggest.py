#!/usr/bin/env python3
# test-suggest.py: hashiya-cli suggest, reject, value and gazetteer (issue 14, points 4 and 6)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The seed's dates are checked against tests/data/seed-dates.tsv, a hand annotation (see its
# header); offsets come from the project's own text (the JSON export), never typed by hand.
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import taplib  # noqa: E402
from taplib import cli, find, new_project, seed_project, test  # noqa: E402


def suggestions(p, *args):
    return json.loads(cli('suggest', p, '--json', *args).stdout)['suggestions']


def export_json(p, *args):
    return json.loads(cli('export', p, '--format', 'json', *args).stdout)


def hand_dates(text):
    """(start, end, value) of every date of the hand annotation, located in text."""
    path = os.path.join(os.environ['HASHIYA_TEST_DATA'], 'seed-dates.tsv')
    out = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            expr, nth, value = line.split('\t')
            at = -1
            for _ in range(int(nth)):
                at = text.index(expr, at + 1)
            out.append((at, at + len(expr), value))
    return sorted(out)


def add_text(d, p, name, text, *args):
    path = os.path.join(d, name)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    cli('import', '-q', p, path, *args)
    return path


@test
def seed_dates_against_hand_annotation():
    d, p = seed_project()
    text = export_json(p)['documents'][0]['text']
    hand = hand_dates(text)
    got = [(s['start'], s['end'], s['value']) for s in suggestions(p, '--source', 'dates')]
    for s in suggestions(p, '--source', 'dates'):
        assert s['label'] == 'DATE' and s['source'] == 'dates', s
        assert text[s['start']:s['end']] == s['text'], s
        assert s['why'].startswith('dates: '), s
    tp = len(set(got) & set(hand))
    precision = tp / len(got)
    recall = tp / len(hand)
    print('# seed DATE suggestions: %d, hand dates: %d, precision %.2f, recall %.2f'
          % (len(got), len(hand), precision, recall))
    missing = sorted(set(hand) - set(got))
    extra = sorted(set(got) - set(hand))
    assert not missing and not extra, 'missing %s, extra %s' % (missing, extra)


@test
def accept_round_trip():
    d, p = seed_project()
    listed = suggestions(p, '--annotator', 'bot')
    assert len(listed) > 10, listed
    r = cli('suggest', p, '--accept', '--annotator', 'bot')
    assert 'accepted' in r.stderr, r.stderr
    doc = export_json(p)['documents'][0]
    spans = [e for e in doc['entities'] if e['annotator'] == 'bot']
    assert spans, doc['entities']
    by_place = {(s['start'], s['end'], s['label']): s for s in listed}
    for e in spans:
        s = by_place[(e['start'], e['end'], e['label'])]
        assert e['origin'] == 'suggested:' + s['source'], (e, s)
        assert e.get('value') == s['value'], (e, s)
        assert e.get('calendar') == s['calendar'] and e.get('anchor') == s['anchor'], (e, s)
    # the seed's dates all became spans with their values
    dates = {(e['start'], e['end'], e['value']) for e in spans if e['label'] == 'DATE'}
    assert set(hand_dates(doc['text'])) <= dates, dates
    # accepted spans overlap nothing accepted before them
    ordered = sorted((e['start'], e['end']) for e in spans)
    for (a, b), (c, _) in zip(ordered, ordered[1:]):
        assert b <= c, ordered
    # nothing left to suggest to bot over its spans
    again = suggestions(p, '--annotator', 'bot')
    for s in again:
        for (a, b) in ordered:
            assert s['end'] <= a or b <= s['start'], (s, a, b)
    # JSON export → import → export: the same bytes, values included
    first = os.path.join(d, 'first.json')
    second = os.path.join(d, 'second.json')
    q = os.path.join(d, 'q.hashiya')
    cli('export', p, '--format', 'json', '-o', first)
    cli('init', q)
    cli('import', '-q', q, first)
    cli('export', q, '--format', 'json', '-o', second)
    one = open(first, 'rb').read()
    two = open(second, 'rb').read()
    assert one == two
    assert b'"value":"2018-12-26","calendar":"gregorian"' in one


@test
def rejected_not_suggested_again():
    d, p = seed_project()
    before = suggestions(p, '--source', 'dates,gazetteer')
    victim = before[0]
    cli('reject', p, '1', victim['start'], victim['end'], victim['label'],
        '--source', victim['source'], '--annotator', 'lina')
    after = suggestions(p, '--source', 'dates,gazetteer')
    key = lambda s: (s['start'], s['end'], s['label'])  # noqa: E731
    assert key(victim) not in {key(s) for s in after}
    assert len(after) == len(before) - 1
    # --accept does not bring it back either
    cli('suggest', p, '--accept', '--source', 'dates,gazetteer', '--annotator', 'bot')
    spans = export_json(p)['documents'][0]['entities']
    assert key(victim) not in {(e['start'], e['end'], e['label']) for e in spans}
    # a bad range is refused
    r = cli('reject', p, '1', '9', '3', 'DATE', check=False)
    assert r.returncode == 1 and 'empty or reversed' in r.stderr, r.stderr


@test
def document_date_anchors():
    d, p = new_project()
    text = 'وصل الوفد في 14 آذار إلى البصرة.\n'
    add_text(d, p, 'dated.txt', text, '--date', '2021-06-01')
    add_text(d, p, 'undated.txt', 'ثم عاد في 14 آذار إلى بغداد.\n')
    docs = export_json(p)['documents']
    assert docs[0].get('date') == '2021-06-01' and 'date' not in docs[1], docs
    dated = [s for s in suggestions(p, '-d', 'dated.txt', '--source', 'dates')]
    assert [(s['text'], s['value'], s['anchor']) for s in dated] == \
        [('14 آذار', '2021-03-14', 'document_date')], dated
    undated = suggestions(p, '-d', 'undated.txt', '--source', 'dates')
    assert [(s['text'], s['value'], s['anchor']) for s in undated] == \
        [('14 آذار', 'XXXX-03-14', None)], undated
    r = cli('import', p, os.path.join(d, 'dated.txt'), '--date', '2021-02-30', check=False)
    assert r.returncode == 2 and '2021-02-30' in r.stderr, r.stderr
    # the date is editable: the suggestion follows it
    cli('date', p, 'undated.txt', '2020-01-15')
    assert cli('date', p, 'undated.txt').stdout == '2020-01-15\n'
    undated = suggestions(p, '-d', 'undated.txt', '--source', 'dates')
    assert [(s['value'], s['anchor']) for s in undated] == [('2020-03-14', 'document_date')], undated
    r = cli('date', p, 'undated.txt', '2020-13-01', check=False)
    assert r.returncode == 1 and '2020-13-01' in r.stderr, r.stderr
    cli('date', p, 'dated.txt', '--clear')
    assert cli('date', p, 'dated.txt').stdout == ''
    assert 'date' not in export_json(p)['documents'][0]


@test
def json_value_round_trip_and_conll_loss():
    d, p = new_project()
    text = 'عقد الاجتماع في 12 رجب 1440 هـ في بغداد.\n'
    add_text(d, p, 'hijri.txt', text)
    s, e = find(text, '12 رجب 1440 هـ')
    span = cli('tag', p, '1', s, e, 'DATE').stdout.strip()
    cli('value', p, span, '2019-03-19', '--calendar', 'hijri')
    assert cli('value', p, span).stdout.strip() == '2019-03-19 hijri'
    ent = export_json(p)['documents'][0]['entities'][0]
    assert (ent['value'], ent['calendar'], 'anchor' in ent) == ('2019-03-19', 'hijri', False), ent
    assert 'value: 2019-03-19' in cli('show', p, '1').stdout
    # round trip
    first = os.path.join(d, 'a.json')
    cli('export', p, '--format', 'json', '-o', first)
    q = os.path.join(d, 'q.hashiya')
    cli('init', q)
    cli('import', '-q', q, first)
    assert cli('export', q, '--format', 'json').stdout == open(first, encoding='utf-8').read()
    # CoNLL cannot hold it: listed in the loss report, refused with --strict
    r = cli('export', p, '--format', 'conll')
    assert 'value 2019-03-19' in r.stderr, r.stderr
    r = cli('export', p, '--format', 'conll', '--strict', check=False)
    assert r.returncode != 0, r
    # bad values are refused and change nothing
    r = cli('value', p, span, 'x', '--anchor', 'the year', check=False)
    assert r.returncode == 1 and 'anchor' in r.stderr, r.stderr
    r = cli('value', p, '99', '2019', check=False)
    assert r.returncode == 1 and 'no span 99' in r.stderr, r.stderr
    assert cli('value', p, span).stdout.strip() == '2019-03-19 hijri'
    cli('value', p, span, '--clear')
    assert 'value' not in export_json(p)['documents'][0]['entities'][0]
    # a value in a JSON file that is not a string: the file and the entity are named
    bad = os.path.join(d, 'bad.json')
    doc = json.loads(open(first, encoding='utf-8').read())
    doc['documents'][0]['entities'][0]['value'] = 12
    doc['documents'][0]['text'] += ' '
    doc['documents'][0].pop('sha256')
    with open(bad, 'w', encoding='utf-8') as f:
        json.dump(doc, f, ensure_ascii=False)
    r = cli('import', p, bad, check=False)
    assert r.returncode == 1 and 'bad.json' in r.stderr and '"value" must be a string' in r.stderr, r.stderr


@test
def gazetteer_add_and_use():
    d, p = new_project()
    text = 'وقال فاضل أبو رغيف ولفاضل أبو رغيف رأي آخر.\n'
    add_text(d, p, 'doc.txt', text)
    assert suggestions(p, '--source', 'gazetteer') == []
    bad = os.path.join(d, 'bad.tsv')
    with open(bad, 'w', encoding='utf-8') as f:
        f.write('# people\nفاضل أبو رغيف\tPER\nبلا تسمية\n')
    r = cli('gazetteer', p, 'add', bad, check=False)
    assert r.returncode == 1 and 'bad.tsv:3' in r.stderr, r.stderr
    assert cli('gazetteer', p, 'list').stdout == ''
    good = os.path.join(d, 'people.tsv')
    with open(good, 'w', encoding='utf-8') as f:
        f.write('# people\nفاضل أبو رغيف\tPER\tanalyst\n')
    cli('gazetteer', p, 'add', good)
    assert cli('gazetteer', p, 'list').stdout == 'people.tsv: 1 entry\n'
    got = suggestions(p, '--source', 'gazetteer')
    first = find(text, 'فاضل أبو رغيف')
    second = find(text, 'فاضل أبو رغيف', first[1])   # after the proclitic ل, left outside
    assert [(s['start'], s['end'], s['label']) for s in got] == \
        [(first[0], first[1], 'PER'), (second[0], second[1], 'PER')], got
    assert 'people.tsv' in got[0]['why'], got
    cli('gazetteer', p, 'remove', 'people.tsv')
    assert suggestions(p, '--source', 'gazetteer') == []


@test
def dictionary_learns_confirmed_spans():
    d, p = new_project()
    one = 'قال جبار ياور إن القوات مستعدة.\n'
    two = 'وأكد جبار ياور ذلك مرة أخرى.\n'
    add_text(d, p, 'one.txt', one)
    add_text(d, p, 'two.txt', two)
    assert suggestions(p, '--source', 'dictionary') == []
    s, e = find(one, 'جبار ياور')
    cli('tag', p, '1', s, e, 'PER', '--annotator', 'omar')
    got = suggestions(p, '--source', 'dictionary', '-d', 'two.txt')
    s2, e2 = find(two, 'جبار ياور')
    assert [(x['start'], x['end'], x['label'], x['count']) for x in got] == [(s2, e2, 'PER', 1)], got


@test
def usage_errors():
    d, p = new_project()
    r = cli('suggest', p, '--source', 'dates,model', check=False)
    assert r.returncode == 2 and 'model' in r.stderr, r.stderr
    r = cli('suggest', p, '-d', 'nothing.txt', check=False)
    assert r.returncode == 1, r
    r = cli('gazetteer', p, 'add', os.path.join(d, 'missing.tsv'), check=False)
    assert r.returncode == 1 and 'missing.tsv' in r.stderr, r.stderr
    r = cli('value', p, '1', '--clear', '2019', check=False)
    assert r.returncode == 2, r


taplib.run()
