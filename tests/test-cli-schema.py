#!/usr/bin/env python3
# test-cli-schema.py: hashiya-cli schema (print, presets, editing, refusals), judge --set, comments
# (the review queue with --where and --state), and the JSON round trip of a custom schema
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import taplib  # noqa: E402
from taplib import cli, new_project, test, tmpdir  # noqa: E402

DATA = os.environ.get('HASHIYA_TEST_DATA', os.path.join(os.path.dirname(__file__), 'data'))


def article_project():
    """A new project with import-article-mixed.txt (two comments) as document 1."""
    d, p = new_project()
    cli('import', p, os.path.join(DATA, 'import-article-mixed.txt'))
    return d, p


def v4_copy():
    d = tmpdir()
    p = os.path.join(d, 'v4.hashiya')
    shutil.copy(os.path.join(DATA, 'schema-v4.hashiya'), p)
    return p


def schema_json(p):
    return json.loads(cli('schema', p, '--json').stdout)


def field_names(p):
    return [f['name'] for f in schema_json(p)['fields']]


def comments_json(p, *args):
    return json.loads(cli('comments', p, '--json', *args).stdout)


@test
def schema_prints_default_with_keys():
    _, p = new_project()
    out = cli('schema', p).stdout
    assert 'judgement schema: 5 fields' in out, out
    for word in ('sentiment', 'offensive', 'hate_speech', 'decision', 'note', 'key o', 'key h'):
        assert word in out, (word, out)
    s = schema_json(p)
    assert [f['name'] for f in s['fields']] == ['sentiment', 'offensive', 'hate_speech',
                                                'decision', 'note']
    sentiment = s['fields'][0]
    assert [(c['name'], c['key']) for c in sentiment['choices']] == [
        ('positive', 'p'), ('negative', 'n'), ('neutral', 'u'), ('mixed', 'm')]
    decision = s['fields'][3]
    assert [(c['name'], c['key']) for c in decision['choices']] == [
        ('approve', 'a'), ('review', 'v'), ('reject', 'r')]


@test
def migrated_v4_keeps_judgements_and_refuses_preset():
    p = v4_copy()
    before = comments_json(p)
    assert before['total'] == 5
    judged = [(c['doc'], c['index'], j['annotator'], j['sentiment'], j['offensive'],
               j['hate_speech'], j['decision'], j['note'])
              for c in before['comments'] for j in c['judgements']]
    assert (1, 1, 'amal', 'negative', True, True, 'reject', 'ملاحظة أولى') in judged, judged
    assert len(judged) == 6
    s_before = schema_json(p)
    r = cli('schema', p, '--preset', 'osact-2022', check=False)
    assert r.returncode == 1, r
    assert 'field “sentiment” is used by 5 judgements' in r.stderr, r.stderr
    assert schema_json(p) == s_before
    assert comments_json(p) == before
    # unknown preset: a usage error
    r = cli('schema', p, '--preset', 'osact', check=False)
    assert r.returncode == 2 and 'osact-2022' in r.stderr, r


@test
def schema_editing_and_refusals():
    _, p = new_project()
    cli('schema', p, '--preset', 'osact-2022')
    assert field_names(p) == ['offensive', 'hate_speech', 'target', 'vulgar', 'violence']
    target = schema_json(p)['fields'][2]
    assert target['kind'] == 'multi' and target['when'] == {'field': 'hate_speech', 'value': 'yes'}
    assert [c['name'] for c in target['choices']] == ['race', 'religion', 'ideology', 'disability',
                                                      'social_class', 'gender']
    cli('schema', p, 'add-field', 'spam', '--kind', 'yesno', '--key', 'q', '--title', 'بريد مزعج')
    cli('schema', p, 'add-field', 'stance', '--kind', 'single', '--choices', 'pro,anti',
        '--when', 'offensive=yes')
    cli('schema', p, 'add-choice', 'target', 'origin', '--key', 'x', '--color', '#123456')
    cli('schema', p, 'move-field', 'spam', '0')
    cli('schema', p, 'rename-field', 'spam', 'is_spam')
    cli('schema', p, 'set-key', 'target', 'race', 'none')
    cli('schema', p, 'recolour', 'target', 'gender', '#ABCDEF')
    s = schema_json(p)
    names = [f['name'] for f in s['fields']]
    assert names == ['is_spam', 'offensive', 'hate_speech', 'target', 'vulgar', 'violence',
                     'stance'], names
    assert s['fields'][0]['title'] == 'بريد مزعج' and s['fields'][0]['key'] == 'q'
    choices = {c['name']: c for c in s['fields'][3]['choices']}
    assert choices['origin']['key'] == 'x' and choices['origin']['color'] == '#123456'
    assert 'key' not in choices['race'] and choices['gender']['color'] == '#abcdef'
    assert s['fields'][6]['when'] == {'field': 'offensive', 'value': 'yes'}
    # refusals: each leaves the schema as it was
    bad = [
        (('add-field', 'Bad', '--kind', 'yesno'), 1, 'not an identifier'),
        (('add-field', 'x', '--kind', 'maybe'), 2, '--kind is single, multi, yesno or text'),
        (('add-field', 'x', '--kind', 'single'), 1, 'needs at least one choice'),
        (('add-field', 'x', '--kind', 'yesno', '--when', 'nothing=yes'), 1, 'not a field of the schema'),
        (('add-field', 'offensive', '--kind', 'yesno'), 1, 'already has a field “offensive”'),
        (('set-key', 'vulgar', 'q'), 1, 'already the key of is_spam'),
        (('set-key', 'vulgar', 'j'), 1, 'other than j, k and e'),
        (('move-field', 'target', '0'), 1, 'comes after it'),
        (('remove-field', 'hate_speech'), 1, 'condition of field “target”'),
        (('remove-field', 'nothing'), 1, 'no field “nothing”'),
        (('rename-field', 'offensive', 'rude'), 1, 'built-in'),
        (('remove-choice', 'target', 'nothing'), 1, 'no choice “nothing”'),
        (('frobnicate',), 2, 'unknown schema subcommand'),
        (('rename-field', 'x'), 2, 'takes 2 argument'),
    ]
    for args, code, words in bad:
        r = cli('schema', p, *args, check=False)
        assert r.returncode == code and words in r.stderr, (args, r.returncode, r.stderr)
        assert schema_json(p) == s, args
    cli('schema', p, 'rename-choice', 'target', 'origin', 'ethnicity')
    cli('schema', p, 'move-choice', 'target', 'ethnicity', '0')
    assert [c['name'] for c in schema_json(p)['fields'][3]['choices']][:2] == ['ethnicity', 'race']
    r = cli('schema', p, 'rename-choice', 'hate_speech', 'yes', 'oui', check=False)
    assert r.returncode == 1 and 'no choice “yes”' in r.stderr, r.stderr
    cli('schema', p, 'remove-choice', 'target', 'ethnicity')
    cli('schema', p, 'remove-field', 'stance')
    assert 'stance' not in field_names(p)


@test
def judge_set_values_conditions_and_shorthands():
    _, p = article_project()
    # the default schema: the shorthands and --set name the same fields
    cli('judge', p, '1', '1', '--decision', 'review', '--annotator', 'amal')
    cli('judge', p, '1', '1', '--set', 'sentiment=negative', '--set', 'note=راجع', '--annotator', 'amal')
    j = comments_json(p)['comments'][0]['judgements'][0]
    assert (j['decision'], j['sentiment'], j['note']) == ('review', 'negative', 'راجع'), j
    cli('judge', p, '1', '1', '--set', 'note=unset', '--annotator', 'amal')
    assert comments_json(p)['comments'][0]['judgements'][0]['note'] is None
    r = cli('judge', p, '1', '1', '--set', 'decision=maybe', check=False)
    assert r.returncode == 1 and 'approve, review, reject' in r.stderr, r.stderr
    # a custom field with a condition
    cli('schema', p, 'add-field', 'target', '--kind', 'multi', '--choices',
        'race,religion,gender', '--when', 'hate_speech=yes')
    r = cli('judge', p, '1', '2', '--set', 'target=religion', '--annotator', 'amal', check=False)
    assert r.returncode == 1 and 'target applies only when hate_speech = yes' in r.stderr, r.stderr
    assert comments_json(p)['comments'][1]['judgements'] == []   # nothing saved
    cli('judge', p, '1', '2', '--set', 'hate_speech=yes', '--set', 'target=gender,race',
        '--annotator', 'amal')
    j = comments_json(p)['comments'][1]['judgements'][0]
    assert j['target'] == ['race', 'gender'] and j['hate_speech'] is True, j
    # the shorthands keep custom values
    cli('judge', p, '1', '2', '--decision', 'approve', '--annotator', 'amal')
    j = comments_json(p)['comments'][1]['judgements'][0]
    assert j['target'] == ['race', 'gender'] and j['decision'] == 'approve', j
    for args, code, words in [
        (('--set', 'target'), 2, '--set is FIELD=VALUE'),
        (('--set', 'nope=1'), 1, 'no field “nope”'),
        (('--set', 'target=sports'), 1, 'not “sports”'),
        (('--set', 'hate_speech=no'), 1, 'target applies only when hate_speech = yes'),
        (('--clear', '--set', 'target=race'), 2, '--clear goes alone'),
    ]:
        r = cli('judge', p, '1', '2', '--annotator', 'amal', *args, check=False)
        assert r.returncode == code and words in r.stderr, (args, r.returncode, r.stderr)
    assert comments_json(p)['comments'][1]['judgements'][0] == j


@test
def comments_where_states_and_count():
    _, p = article_project()
    cli('judge', p, '1', '1', '--decision', 'review', '--offensive', 'yes', '--annotator', 'amal')
    cli('judge', p, '1', '1', '--decision', 'approve', '--offensive', 'yes', '--annotator', 'badr')
    cli('judge', p, '1', '2', '--decision', 'approve', '--annotator', 'badr')
    r = cli('comments', p, '--where', 'decision=review')
    lines = r.stdout.splitlines()
    assert lines[0].startswith('1\t1\t-\timport-article-mixed.txt: Great news, finally!'), lines
    assert 'amal: offensive=yes decision=review' in r.stdout
    assert lines[-1] == '1 comment', lines
    assert [c['index'] for c in comments_json(p, '--where', 'offensive=yes and decision=approve')['comments']] == [1]
    assert comments_json(p, '--where', 'decision=approve')['total'] == 2
    assert comments_json(p, '--where', 'offensive is unset')['total'] == 1
    assert comments_json(p, '--where', 'decision!=approve')['total'] == 1
    assert comments_json(p, '--state', 'disagreements')['total'] == 1
    assert comments_json(p, '--state', 'mine', '--annotator', 'amal')['total'] == 1
    assert comments_json(p, '--state', 'others', '--annotator', 'amal')['total'] == 2
    assert comments_json(p, '--state', 'unjudged')['total'] == 0
    page = comments_json(p, '--limit', '1', '--offset', '1')
    assert page['total'] == 2 and [c['index'] for c in page['comments']] == [2]
    for args, words in [
        (('--where', 'decision='), '--where: at character 10: expected a value'),
        (('--where', 'decision=maybe'), 'field “decision” has no value “maybe”'),
        (('--where', 'target=race'), 'no field “target”'),
        (('--state', 'lost'), '--state is all, unjudged, mine, others or disagreements'),
    ]:
        r = cli('comments', p, *args, check=False)
        assert r.returncode == 2 and words in r.stderr, (args, r.returncode, r.stderr)


def custom_project():
    """osact-2022 plus a free-text field, two annotators' judgements, a reply link."""
    d, p = article_project()
    cli('schema', p, '--preset', 'osact-2022')
    cli('schema', p, 'add-field', 'remark', '--kind', 'text', '--title', 'ملاحظة المراجع')
    cli('judge', p, '1', '1', '--set', 'hate_speech=yes', '--set', 'target=religion,gender',
        '--set', 'vulgar=no', '--set', 'remark=قال: "نعم"\tثم سكت', '--annotator', 'amal')
    cli('judge', p, '1', '2', '--set', 'offensive=yes', '--annotator', 'badr')
    cli('reply', p, '1', '2', '1')
    return d, p


@test
def json_round_trip_of_a_custom_schema_is_byte_identical():
    d, p = custom_project()
    e1, e2 = os.path.join(d, 'e1.json'), os.path.join(d, 'e2.json')
    cli('export', p, '--format', 'json', '-o', e1)
    q = os.path.join(d, 'q.hashiya')
    cli('init', q)
    cli('import', q, e1)
    cli('export', q, '--format', 'json', '-o', e2)
    with open(e1, 'rb') as a, open(e2, 'rb') as b:
        first, second = a.read(), b.read()
    assert first == second
    doc = json.loads(first)
    assert [f['name'] for f in doc['judgement_schema']['fields']] == [
        'offensive', 'hate_speech', 'target', 'vulgar', 'violence', 'remark']
    comments = doc['documents'][0]['comments']
    assert 'parent' not in comments[0] and comments[1]['parent'] == 1
    j = comments[0]['judgements'][0]
    assert list(j.keys()) == ['annotator', 'sentiment', 'offensive', 'hate_speech', 'decision',
                              'note', 'target', 'vulgar', 'violence', 'remark'], list(j.keys())
    assert (j['hate_speech'], j['target'], j['vulgar'], j['violence'], j['remark']) == (
        True, ['religion', 'gender'], False, None, 'قال: "نعم"\tثم سكت'), j
    assert schema_json(q) == schema_json(p)
    # a default-schema project writes no judgement_schema (files as before schemas)
    _, plain = article_project()
    out = os.path.join(d, 'plain.json')
    cli('export', plain, '--format', 'json', '-o', out)
    with open(out, encoding='utf-8') as f:
        assert 'judgement_schema' not in json.load(f)
    # JSONL carries the custom values too
    lines = cli('export', p, '--format', 'jsonl').stdout.splitlines()
    assert json.loads(lines[0])['comments'][0]['judgements'][0]['target'] == ['religion', 'gender']


@test
def json_import_merges_schema_and_refuses_bad_values():
    d, p = custom_project()
    e1 = os.path.join(d, 'e1.json')
    cli('export', p, '--format', 'json', '-o', e1)
    # a project with judgements keeps its fields and gains the file's
    q = v4_copy()
    r = cli('import', q, e1)
    assert 'fields and choices the project lacked were added' in r.stdout + r.stderr, r
    names = field_names(q)
    assert names == ['sentiment', 'offensive', 'hate_speech', 'decision', 'note', 'target',
                     'vulgar', 'violence', 'remark'], names
    # (its one document is already in the fixture: skipped as a duplicate, judgements kept)
    assert comments_json(q)['total'] == 5 and comments_json(q, '--where', 'target is set')['total'] == 0
    # a bad value or an unknown field is refused with the file named; nothing imported
    with open(e1, encoding='utf-8') as f:
        doc = json.load(f)
    for change, words in [
        (lambda o: o['documents'][0]['comments'][0]['judgements'][0].update(target=['sports']), 'not “sports”'),
        (lambda o: o['documents'][0]['comments'][0]['judgements'][0].update(mood='calm'), '"mood" is not a field'),
        (lambda o: o['judgement_schema']['fields'][2].update(when={'field': 'nope', 'value': 'yes'}), 'not a field of the schema'),
        (lambda o: o['documents'][0]['comments'][1].update(parent=2), '"parent" 2 is not an earlier comment'),
    ]:
        bad = json.loads(json.dumps(doc))
        change(bad)
        path = os.path.join(d, 'bad.json')
        with open(path, 'w', encoding='utf-8') as f:
            json.dump(bad, f, ensure_ascii=False)
        z = os.path.join(d, 'z.hashiya')
        if os.path.exists(z):
            os.remove(z)
        cli('init', z)
        r = cli('import', z, path, check=False)
        assert r.returncode == 1 and 'bad.json' in r.stderr and words in r.stderr, (words, r.stderr)
        assert comments_json(z)['total'] == 0


@test
def merge_brings_custom_fields_and_values():
    d = tmpdir()
    sources = []
    for who, target in (('amal', 'religion'), ('badr', 'race')):
        p = os.path.join(d, who + '.hashiya')
        cli('init', p)
        cli('import', p, os.path.join(DATA, 'import-article-mixed.txt'))
        cli('schema', p, '--preset', 'osact-2022')
        cli('judge', p, '1', '1', '--set', 'hate_speech=yes', '--set', 'target=' + target,
            '--annotator', who)
        sources.append(p)
    t = os.path.join(d, 'team.hashiya')
    cli('init', t)
    cli('merge', t, *sources)
    assert field_names(t) == ['offensive', 'hate_speech', 'target', 'vulgar', 'violence']
    got = {j['annotator']: j['target'] for j in comments_json(t)['comments'][0]['judgements']}
    assert got == {'amal': ['religion'], 'badr': ['race']}, got
    r = comments_json(t, '--state', 'disagreements', '--where', 'target=race')
    assert r['total'] == 1 and r['comments'][0]['index'] == 1


@test
def reply_links_and_refusals():
    _, p = article_project()
    cli('reply', p, '1', '2', '1')
    assert [c['parent'] for c in comments_json(p)['comments']] == [None, 1]
    assert '↳1' in cli('comments', p).stdout
    for args, code, words in [
        (('1', '1', '2'), 1, 'a reply answers an earlier comment'),
        (('1', '2', '2'), 1, 'a reply answers an earlier comment'),
        (('1', '9', '1'), 1, 'has no comment 9'),
        (('1', '2', 'x'), 2, 'PARENT_INDEX'),
    ]:
        r = cli('reply', p, *args, check=False)
        assert r.returncode == code and words in r.stderr, (args, r.returncode, r.stderr)
    assert [c['parent'] for c in comments_json(p)['comments']] == [None, 1]
    cli('reply', p, '1', '2', 'none')
    assert [c['parent'] for c in comments_json(p)['comments']] == [None, None]


taplib.run()
