#!/usr/bin/env python3
# test-team.py: the team-work commands of the built hashiya-cli (merge, agreement, adjudicate)
# SPDX-License-Identifier: GPL-3.0-or-later
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import taplib  # noqa: E402
from taplib import cli, find, test, tmpdir  # noqa: E402

SAMPLE = os.path.join(os.environ.get('HASHIYA_SOURCE_DIR', '.'), 'data', 'sample')


def sample(name):
    p = os.path.join(SAMPLE, name)
    if not os.path.exists(p):
        taplib.skip('sample article missing: %s' % p)
    return p


def text_of(p, doc='1'):
    return json.loads(cli('show', p, doc, '--json').stdout)['text']


def sha(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def annotator_project(d, name, article='qalam-app.txt'):
    """A project of one annotator: the sample article imported, as each annotator would."""
    p = os.path.join(d, name + '.hashiya')
    cli('init', p)
    cli('import', p, sample(article))
    return p


def tag(p, doc, text, needle, label, who, after=0):
    s, e = find(text, needle, after)
    return cli('tag', p, doc, s, e, label, '--annotator', who)


def two_annotators(d):
    """sara and omar tag the same article with deliberately different choices."""
    sara = annotator_project(d, 'sara')
    omar = annotator_project(d, 'omar')
    text = text_of(sara)
    for p, who in ((sara, 'sara'), (omar, 'omar')):
        tag(p, '1', text, 'رنا الخطيب', 'PER', who)
        tag(p, '1', text, 'عمّان', 'LOC', who)
    tag(sara, '1', text, 'Qalam Labs', 'ORG', 'sara')
    tag(omar, '1', text, 'شركة Qalam Labs', 'ORG', 'omar')        # wider: overlap only
    tag(omar, '1', text, 'إربد', 'LOC', 'omar')                   # only omar
    cli('judge', sara, '1', '3', '--sentiment', 'negative', '--offensive', 'yes', '--annotator', 'sara')
    cli('judge', omar, '1', '3', '--sentiment', 'negative', '--offensive', 'no', '--annotator', 'omar')
    cli('judge', sara, '1', '1', '--sentiment', 'positive', '--annotator', 'sara')
    cli('judge', omar, '1', '1', '--sentiment', 'positive', '--annotator', 'omar')
    return sara, omar


@test
def merge_agreement_adjudicate():
    d = tmpdir()
    sara, omar = two_annotators(d)
    team = os.path.join(d, 'team.hashiya')
    cli('init', team)
    r = cli('merge', team, sara, omar)
    assert '1 documents added, 1 matched' in r.stdout, r.stdout
    # idempotent
    before = cli('show', team, '1').stdout
    r = cli('merge', team, sara, omar)
    assert '0 documents added, 2 matched; 0 spans, 0 judgements, 0 labels' in r.stdout, r.stdout
    assert cli('show', team, '1').stdout == before

    r = cli('agreement', team, '--json')
    a = json.loads(r.stdout)
    assert a['annotators'] == ['omar', 'sara'], a
    pair = a['pairs'][0]
    assert (pair['a'], pair['b']) == ('omar', 'sara')
    # omar (reference) has PER, LOC, ORG (wide), LOC (only his); sara PER, LOC, ORG:
    # exact TP 2 FP 1 FN 2; overlap TP 3 FP 0 FN 1
    ex, ov = pair['spans']['exact'], pair['spans']['overlap']
    assert (ex['tp'], ex['fp'], ex['fn']) == (2, 1, 2), ex
    assert (ov['tp'], ov['fp'], ov['fn']) == (3, 0, 1), ov
    assert abs(ex['f1'] - 4 / 7) < 1e-9 and abs(ov['precision'] - 1) < 1e-9
    assert abs(ov['recall'] - 0.75) < 1e-9
    assert pair['spans']['per_label']['ORG']['exact']['tp'] == 0
    assert pair['spans']['per_label']['ORG']['overlap']['tp'] == 1
    assert set(pair['comments']) == {'sentiment', 'offensive', 'hate_speech', 'decision'}
    s = pair['comments']['sentiment']
    # comments 1 (positive) and 3 (negative), equal: p_o = 1, p_e = 1/2, kappa = 1
    assert s['n'] == 2 and s['observed'] == 1.0 and s['kappa'] == 1.0, s
    assert pair['comments']['decision'] == {'n': 0, 'observed': None, 'kappa': None}
    o = pair['comments']['offensive']
    assert o['n'] == 1 and o['observed'] == 0.0, o
    assert set(a['alpha']) == {'sentiment', 'offensive', 'hate_speech', 'decision'}
    assert a['alpha']['offensive'] == 0.0 and a['alpha']['hate_speech'] is None

    r = cli('agreement', team)
    assert 'omar / sara' in r.stdout and "Krippendorff's alpha" in r.stdout, r.stdout
    assert 'ORG' in r.stdout

    r = cli('adjudicate', team, '--auto-agreed', '--into', 'gold')
    assert '2 agreed regions (2 spans) and 1 agreed judgements' in r.stdout, r.stdout
    r = cli('adjudicate', team, '--list')
    assert '0 of 3 disagreements resolved' in r.stdout, r.stdout
    assert 'comment 3: open' in r.stdout
    # gold exported with the existing --annotator option
    r = cli('export', team, '--format', 'json', '--annotator', 'gold')
    doc = json.loads(r.stdout)
    doc = doc[0] if isinstance(doc, list) else doc
    assert 'رنا الخطيب' in json.dumps(doc, ensure_ascii=False)
    # gold is a layer, not a third annotator
    a = json.loads(cli('agreement', team, '--json').stdout)
    assert a['annotators'] == ['omar', 'sara'], a
    # a second run adds nothing
    r = cli('adjudicate', team, '--auto-agreed')
    assert '0 agreed regions (0 spans) and 0 agreed judgements' in r.stdout, r.stdout


@test
def merge_conflict_leaves_target_identical():
    d = tmpdir()
    sara = annotator_project(d, 'sara')
    other = annotator_project(d, 'other')
    text = text_of(sara)
    tag(sara, '1', text, 'رنا الخطيب', 'PER', 'sara')
    tag(other, '1', text, 'رنا الخطيب', 'ORG', 'sara')   # another "sara", other work
    cli('judge', other, '1', '2', '--sentiment', 'negative', '--annotator', 'sara')
    before = sha(sara)
    r = cli('merge', sara, other, check=False)
    assert r.returncode == 1, r
    assert 'sara' in r.stderr and 'different spans' in r.stderr and '--rename' in r.stderr, r.stderr
    assert 'nothing was written' in r.stderr
    assert sha(sara) == before
    assert not os.path.exists(sara + '-wal')
    r = cli('merge', sara, other, '--rename', 'sara=sara2')
    show = cli('show', sara, '1').stdout
    assert 'sara2' in show and 'ORG' in show, show


@test
def usage_and_refusals():
    d = tmpdir()
    p = annotator_project(d, 'p')
    for args in [('merge', p), ('merge', p, p, '--rename', 'x'), ('merge', p, p, '--rename', '=y'),
                 ('agreement',), ('agreement', p, p), ('agreement', p, '--annotators', 'a'),
                 ('adjudicate', p)]:
        r = cli(*args, check=False)
        assert r.returncode == 2, (args, r.returncode, r.stderr)
    r = cli('merge', p, p, check=False)
    assert r.returncode == 1 and 'target itself' in r.stderr, r.stderr
    r = cli('merge', p, os.path.join(d, 'missing.hashiya'), check=False)
    assert r.returncode == 1 and 'missing.hashiya' in r.stderr, r.stderr
    r = cli('agreement', p, check=False)
    assert r.returncode == 1 and 'at least two annotators' in r.stderr, r.stderr
    tag(p, '1', text_of(p), 'عمّان', 'LOC', 'sara')
    tag(p, '1', text_of(p), 'إربد', 'LOC', 'omar')
    r = cli('agreement', p, '--annotators', 'sara,nobody', check=False)
    assert r.returncode == 1 and 'nobody' in r.stderr, r.stderr
    r = cli('agreement', p, '--document', '7', check=False)
    assert r.returncode == 1, r


@test
def merge_three_projects_by_hash():
    d = tmpdir()
    names = ['a', 'b', 'c']
    projects = []
    for i, n in enumerate(names):
        p = os.path.join(d, n + '.hashiya')
        cli('init', p)
        # the two articles in different orders: different ids, same texts
        arts = ['qalam-app.txt', 'basra-desalination.txt']
        if i == 1:
            arts.reverse()
        for art in arts:
            cli('import', p, sample(art))
        doc = cli('list', p).stdout
        assert 'qalam-app.txt' in doc
        text = json.loads(cli('show', p, 'qalam-app.txt', '--json').stdout)['text']
        tag(p, 'qalam-app.txt', text, 'رنا الخطيب', 'PER', n)
        projects.append(p)
    team = os.path.join(d, 'team.hashiya')
    cli('init', team)
    r = cli('merge', team, *projects)
    assert '2 documents added, 4 matched; 3 spans' in r.stdout, r.stdout
    show = cli('show', team, 'qalam-app.txt').stdout
    for n in names:
        assert ' %s/' % n in show or ' %s ' % n in show, show


if __name__ == '__main__':
    taplib.run()
