#!/usr/bin/env python3
# test-consumers.py: real consumers read our exports (NLTK's ConllCorpusReader on CoNLL, Python's json on JSON)
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import taplib  # noqa: E402
from taplib import cli, seed_project, test  # noqa: E402

# (needle, label, occurrence) spans on token boundaries; the last one nests inside an ORG
SPANS = [
    ('العراق والبشمركة', None, 0),
    ('خالد الطائي', 'PER', 0),
    ('وزارة الدفاع العراقية', 'ORG', 0),
    ('26 كانون الأول/ديسمبر 2018', 'DATE', 0),
    ('السليمانية', 'LOC', 0),
    ('PUKMEDIA', 'ORG', 0),
    ('جبار ياور', 'PER', 0),
    ('تحسين الخفاجي', 'PER', 0),
    ('بغداد', 'LOC', 0),
    ('إقليم كردستان', 'LOC', 0),
    ('داعش', 'ORG', 0),
    ('داعش', 'ORG', 3),
    ('الأمريكان', 'MISC', 0),
]


def make_project():
    d, p = seed_project()
    text = json.loads(cli('show', p, '1', '--json').stdout)['text']
    for needle, label, nth in SPANS:
        if label is None:
            continue
        i = -1
        for _ in range(nth + 1):
            i = text.find(needle, i + 1)
            assert i >= 0, needle
        cli('tag', p, 1, i, i + len(needle), label)
    # a nested span: CoNLL cannot hold it, the outer ORG wins
    o = text.find('وزارة الدفاع العراقية')
    cli('tag', p, 1, o + len('وزارة الدفاع '), o + len('وزارة الدفاع العراقية'), 'LOC')
    cli('judge', p, 1, 1, '--sentiment', 'negative')
    return d, p


def outermost(entities):
    """Entities not inside (or equal in range to an earlier) other entity."""
    out = []
    for e in entities:
        inside = any(o is not e and o['start'] <= e['start'] and e['end'] <= o['end'] and
                     (o['end'] - o['start'] > e['end'] - e['start'] or
                      entities.index(o) < entities.index(e))
                     for o in entities)
        if not inside:
            out.append(e)
    return out


def phrases(tagged_sents):
    """(label, [words]) for each B-/I- run, reading I- after O or another type as a start."""
    result = []
    for sent in tagged_sents:
        cur = None
        for word, tag in sent:
            if tag == 'O':
                cur = None
                continue
            prefix, label = tag.split('-', 1)
            if prefix == 'B' or cur is None or cur[0] != label:
                cur = (label, [word])
                result.append(cur)
            else:
                cur[1].append(word)
    return result


@test
def nltk_reads_the_conll_export():
    try:
        from nltk.corpus.reader import ConllCorpusReader
    except ImportError:
        taplib.skip('nltk is not installed for %s' % sys.executable)
    d, p = make_project()
    out = os.path.join(d, 'export')
    os.mkdir(out)
    r = cli('export', p, '--format', 'conll', '-o', os.path.join(out, 'all.conll'))
    m = re.search(r'(\d+) documents, (\d+) sentences, (\d+) tokens, (\d+) entities', r.stdout)
    assert m, r.stdout
    n_sent, n_tok, n_ent = int(m.group(2)), int(m.group(3)), int(m.group(4))

    # NLTK's reader knows the column types words/pos/chunk/ne/…; a two-column "token TAG"
    # file is read as ('words', 'pos') so that tagged_sents() gives the tag column.
    reader = ConllCorpusReader(out, ['all.conll'], ('words', 'pos'))
    sents = reader.sents()
    tagged = reader.tagged_sents()
    words = reader.words()
    assert len(sents) == n_sent and len(words) == n_tok, (len(sents), n_sent, len(words), n_tok)
    ne_reader = ConllCorpusReader(out, ['all.conll'], ('words', 'ne'))
    assert [list(s) for s in ne_reader.sents()] == [list(s) for s in sents]

    doc = json.loads(cli('show', p, '1', '--json').stdout)
    text = doc['text']
    # every exported segment (all but the page boilerplate) is at least one sentence;
    # no token has a space; the tokens are the segments' non-space characters, in order
    segs = [text[s['start']:s['end']] for s in doc['segments'] if s['kind'] != 'boilerplate']
    assert len(sents) >= len(segs), (len(sents), len(segs))
    assert all(w and not re.search(r'\s', w) for w in words)
    assert ''.join(words) == re.sub(r'\s+', '', ''.join(segs))

    # entities: one per span except the nested one, with the same label and words
    expected = outermost(doc['entities'])
    assert len(doc['entities']) == len([s for s in SPANS if s[1]]) + 1
    found = phrases(tagged)
    assert len(found) == len(expected) == n_ent, (len(found), len(expected), n_ent)
    for (label, ws), e in zip(found, sorted(expected, key=lambda e: e['start'])):
        assert label == e['label'], (label, e)
        assert ''.join(ws) == e['text'].replace(' ', ''), (ws, e['text'])
    assert 'dropped' in r.stderr

    # the four-column CoNLL-2003 shape reads the same sentences and tags
    cli('export', p, '--format', 'conll', '--columns', '4', '-o', os.path.join(out, 'four.conll'))
    four = ConllCorpusReader(out, ['four.conll'], ('words', 'pos', 'chunk', 'ne'))
    assert [list(s) for s in four.sents()] == [list(s) for s in sents]
    four_ne = ConllCorpusReader(out, ['four.conll'], ('words', 'ignore', 'ignore', 'pos'))
    assert [list(s) for s in four_ne.tagged_sents()] == [list(s) for s in tagged]


@test
def json_export_slices_check():
    d, p = make_project()
    path = os.path.join(d, 'all.json')
    cli('export', p, '--format', 'json', '-o', path)
    with open(path, encoding='utf-8') as f:
        data = json.load(f)
    assert data['format'] == 'hashiya/1' and data['offsets'] == 'codepoint'
    n = 0
    for doc in data['documents']:
        text = doc['text']
        for e in doc['entities']:
            assert 0 <= e['start'] < e['end'] <= len(text)
            assert text[e['start']:e['end']] == e['text'], e
            n += 1
        prev = 0
        for s in doc['segments']:
            assert prev <= s['start'] < s['end'] <= len(text)
            assert text[s['start']:s['end']].strip() == text[s['start']:s['end']]
            prev = s['end']
        for c in doc['comments']:
            assert text[c['start']:c['end']] == c['text']
    assert n == len([s for s in SPANS if s[1]]) + 1
    # JSONL: one document object per line, the same slices
    r = cli('export', p, '--format', 'jsonl')
    for line in r.stdout.splitlines():
        doc = json.loads(line)
        for e in doc['entities']:
            assert doc['text'][e['start']:e['end']] == e['text']


if __name__ == '__main__':
    taplib.run()
