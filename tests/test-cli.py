#!/usr/bin/env python3
# test-cli.py: runs the built hashiya-cli on real files (usage, bad input, a full session, labels, concurrency)
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import taplib  # noqa: E402
from taplib import SEED, cli, find, new_project, seed_project, test, tmpdir  # noqa: E402


def doc_json(p, doc='1'):
    r = cli('show', p, doc, '--json')
    return json.loads(r.stdout)


def span_ids(p, doc='1'):
    """Store ids of a document's spans, from the spans section of `show` (the JSON export
    numbers entities by position instead)."""
    out = cli('show', p, doc).stdout.split('\n')
    i = [k for k, l in enumerate(out) if l.startswith('spans (')][0]
    ids = []
    for line in out[i + 1:]:
        if not line.strip():
            break
        ids.append(int(line.split()[0]))
    return ids


def tag(p, doc, start, end, label, *extra):
    r = cli('tag', p, doc, start, end, label, *extra)
    return int(r.stdout.strip())


def conll_lines(p, *options):
    r = cli('export', p, '--format', 'conll', *options)
    return r.stdout.split('\n'), r


# ---- usage ----------------------------------------------------------------------------

@test
def usage_errors_exit_2():
    d, p = new_project()
    for args in [(), ('frobnicate',), ('tag', p), ('tag', p, '1', 'x', '5', 'PER'),
                 ('tag', p, '1', '0', '5'), ('list',), ('list', p, 'extra'),
                 ('export', p), ('export', p, '--format', 'pdf'),
                 ('export', p, '--format', 'conll', '--scheme', 'xyz'),
                 ('export', p, '--format', 'conll', '--columns', '3'),
                 ('judge', p, '1', '1'), ('judge', p, '1', '1', '--sentiment', 'angry'),
                 ('judge', p, '1', '0', '--sentiment', 'positive'),
                 ('segment', p, '1', '0', 'poem'), ('labels', p, 'paint', 'PER'),
                 ('labels', p, 'add'), ('labels', p, 'recolour', 'PER', 'red'),
                 ('import', p), ('import', p, 'x.txt', '--format', 'pdf'),
                 ('list', p, '--no-such-option')]:
        r = cli(*args, check=False)
        assert r.returncode == 2, 'hashiya-cli %s: exit %d, stderr %s' % (' '.join(args), r.returncode, r.stderr)
        assert r.stderr.strip(), 'no message for %s' % (args,)
        if args:
            assert 'hashiya-cli' in r.stderr


@test
def help_for_tool_and_every_command():
    r = cli('--help')
    assert r.returncode == 0
    commands = ['init', 'import', 'list', 'show', 'tag', 'untag', 'judge', 'segment',
                'labels', 'export', 'stats']
    for c in commands:
        assert c in r.stdout, c
        h = cli(c, '--help')
        assert 'Usage' in h.stdout and ('hashiya-cli ' + c) in h.stdout, h.stdout
    assert '--annotator' in cli('tag', '--help').stdout
    assert '--sentiment' in cli('judge', '--help').stdout
    assert '--clitics' in cli('export', '--help').stdout
    assert '--tag-column' in cli('import', '--help').stdout


# ---- bad input ---------------------------------------------------------------------------

@test
def bad_files_reported_and_others_imported():
    seed = taplib.shared_path('seeds', SEED)
    d, p = new_project()
    bad_utf8 = os.path.join(d, 'bad-utf8.txt')
    prefix = 'عنوان الخبر\n\nفقرة أولى '.encode('utf-8')
    with open(bad_utf8, 'wb') as f:
        f.write(prefix + b'\xff\xfe' + 'بقية'.encode('utf-8') + b'\n')
    nul = os.path.join(d, 'nul.txt')
    with open(nul, 'wb') as f:
        f.write('نص'.encode('utf-8') + b'\x00' + b'more\n')
    empty = os.path.join(d, 'empty.txt')
    open(empty, 'wb').close()
    folder = os.path.join(d, 'folder.txt')
    os.mkdir(folder)
    missing = os.path.join(d, 'missing.txt')
    good = os.path.join(d, SEED)
    shutil.copy(seed, good)

    r = cli('import', p, bad_utf8, nul, good, empty, folder, missing, check=False)
    assert r.returncode == 1, (r.returncode, r.stderr)
    for path in (bad_utf8, nul, empty, folder, missing):
        assert os.path.basename(path) in r.stderr, '%s not named in: %s' % (path, r.stderr)
    utf8_line = [l for l in r.stderr.splitlines() if 'bad-utf8.txt' in l]
    assert utf8_line and str(len(prefix)) in utf8_line[0], \
        'byte offset %d not in %s' % (len(prefix), utf8_line)
    nul_line = [l for l in r.stderr.splitlines() if 'nul.txt' in l]
    assert nul_line and str(len('نص'.encode('utf-8'))) in nul_line[0], nul_line
    for line in r.stderr.splitlines():
        assert line.startswith('hashiya-cli: '), line
    assert SEED in r.stdout
    docs = [l for l in cli('list', p).stdout.splitlines()[1:] if l.strip()]
    assert len(docs) == 1 and docs[0].endswith(SEED), docs

    # the same content again: reported as skipped, exit 0, nothing added
    r = cli('import', p, good)
    assert 'skipped' in r.stdout, r.stdout
    docs = [l for l in cli('list', p).stdout.splitlines()[1:] if l.strip()]
    assert len(docs) == 1


@test
def non_project_files_refused_and_untouched():
    d = tmpdir()
    text = os.path.join(d, 'notes.hashiya')
    with open(text, 'wb') as f:
        f.write('ملاحظات، ليست مشروعا\n'.encode('utf-8') * 100)
    other_db = os.path.join(d, 'other.hashiya')
    con = sqlite3.connect(other_db)
    con.execute('CREATE TABLE things (a, b)')
    con.execute("INSERT INTO things VALUES (1, 'x')")
    con.commit()
    con.close()
    seed = taplib.shared_path('seeds', SEED)
    for path in (text, other_db):
        before = open(path, 'rb').read()
        for args in [('list', path), ('stats', path), ('import', path, seed),
                     ('tag', path, '1', '0', '2', 'PER'), ('init', path),
                     ('export', path, '--format', 'json'), ('labels', path, 'add', 'X')]:
            r = cli(*args, check=False)
            assert r.returncode == 1, (args, r.returncode, r.stderr)
            assert r.stderr.startswith('hashiya-cli: '), r.stderr
            assert os.path.basename(path) in r.stderr, r.stderr
        assert open(path, 'rb').read() == before, '%s was modified' % path
        assert not os.path.exists(path + '-wal') or os.path.getsize(path + '-wal') == 0
    # a project that does not exist is not created by anything but init
    r = cli('list', os.path.join(d, 'nothing.hashiya'), check=False)
    assert r.returncode == 1 and not os.path.exists(os.path.join(d, 'nothing.hashiya'))


# ---- the full session on the seed ------------------------------------------------------------

@test
def session_import_tag_judge_export():
    d, p = seed_project()
    doc = doc_json(p)
    text = doc['text']
    assert doc['source'] == SEED
    kinds = [s['kind'] for s in doc['segments']]
    assert kinds[:4] == ['site', 'site', 'title', 'byline'], kinds[:6]
    assert kinds.count('comment') == 2 and len(doc['comments']) == 2

    title = 'العراق والبشمركة يعززان التعاون العسكري'
    t0, _ = find(text, title)
    s = t0 + len('العراق و')
    peshmerga = tag(p, SEED, s, s + len('البشمركة'), 'ORG')
    b0, b1 = find(text, 'خالد الطائي')
    tag(p, '1', b0, b1, 'PER')
    d0, d1 = find(text, 'ديارنا', text.find('ياور لديارنا'))
    tag(p, '1', d0, d1, 'ORG')
    c0, c1 = find(text, '26 كانون الأول/ديسمبر 2018')
    tag(p, '1', c0, c1, 'DATE', '--annotator', 'amal')
    assert peshmerga > 0

    # judgements: a second call merges with the first
    cli('judge', p, '1', '1', '--sentiment', 'negative', '--offensive', 'yes')
    cli('judge', p, '1', '1', '--decision', 'reject', '--note', 'تحريض')
    cli('judge', p, '1', '2', '--sentiment', 'neutral', '--annotator', 'amal')
    doc = doc_json(p)
    j1 = doc['comments'][0]['judgements']
    assert len(j1) == 1 and j1[0]['annotator'] == 'tester', j1
    assert j1[0]['sentiment'] == 'negative' and j1[0]['decision'] == 'reject', j1
    assert j1[0]['offensive'] in (True, 'yes', 1) and j1[0]['note'] == 'تحريض', j1
    assert doc['comments'][1]['judgements'][0]['annotator'] == 'amal'
    ents = {(e['start'], e['end']): e for e in doc['entities']}
    assert ents[(s, s + len('البشمركة'))]['text'] == 'البشمركة'
    assert ents[(s, s + len('البشمركة'))]['annotator'] == 'tester'
    assert ents[(c0, c1)]['annotator'] == 'amal'
    for e in doc['entities']:
        assert text[e['start']:e['end']] == e['text']

    lines, r = conll_lines(p)
    # والبشمركة and لديارنا are tagged whole (token mode): both spans are reported widened
    err = r.stderr.strip().splitlines()
    widened = [l for l in err if 'widened' in l and not l[0].isdigit()]
    assert len(widened) == 2, err
    assert any(str(s) in l and 'ORG' in l for l in widened), widened
    assert any(str(d0) in l for l in widened), widened
    assert not [l for l in err if 'dropped' in l and not l[0].isdigit()], err
    assert err[-1].startswith('0 spans dropped, 2 widened'), err
    assert lines[:4] == ['أخبار O', 'العراق O', '', 'أمن O'], lines[:5]
    i = lines.index('والبشمركة B-ORG')
    assert lines[i - 1] == 'العراق O' and lines[i + 1] == 'يعززان O', lines[i - 2:i + 3]
    i = lines.index('خالد B-PER')
    assert lines[i + 1] == 'الطائي I-PER'
    assert 'لديارنا B-ORG' in lines
    i = lines.index('26 B-DATE')
    assert lines[i + 1:i + 5] == ['كانون I-DATE', 'الأول I-DATE', '/ I-DATE', 'ديسمبر I-DATE'], lines[i:i + 6]
    assert lines[i + 5] == '2018 I-DATE'
    for line in lines:
        if line:
            tok, tg = line.split(' ')
            assert tok and (tg == 'O' or tg[:2] in ('B-', 'I-')), line
    raw = r.stdout
    assert raw.endswith('\n') and '\n\n\n' not in raw and not raw.startswith('\n')
    assert ' \n' not in raw and '\r' not in raw and '\ufeff' not in raw

    # bioes, docstart, scope
    lines, _ = conll_lines(p, '--scheme', 'bioes', '--docstart')
    assert lines[0] == '-DOCSTART- -X- O O' and lines[1] == '', lines[:3]
    assert 'والبشمركة S-ORG' in lines
    i = lines.index('خالد B-PER')
    assert lines[i + 1] == 'الطائي E-PER'
    lines, _ = conll_lines(p, '--scope', 'comments')
    assert lines[0] == 'العراق O' and 'الرد O' not in lines, lines[:3]
    assert 'خالد B-PER' not in lines
    art, _ = conll_lines(p, '--scope', 'article')
    assert 'خالد B-PER' in art and 'الأمريكان O' not in art

    # clitics split: the proclitic is its own O token
    lines, _ = conll_lines(p, '--clitics', 'split')
    i = lines.index('البشمركة B-ORG')
    assert lines[i - 1] == 'و O', lines[i - 2:i + 2]
    i = lines.index('ديارنا B-ORG')
    assert lines[i - 1] == 'ل O'

    # -o writes the same bytes as stdout, and reports counts on stdout
    out = os.path.join(d, 'out.conll')
    r = cli('export', p, '--format', 'conll', '-o', out)
    assert open(out, encoding='utf-8').read() == cli('export', p, '--format', 'conll').stdout
    assert 'out.conll' in r.stdout

    st = cli('stats', p).stdout
    assert 'spans:       4' in st and 'judgements:  2' in st, st
    assert 'annotators:  2' in st and 'comments:    2' in st, st
    row = cli('list', p).stdout.splitlines()[1].split()
    assert row == ['1', str(len(text)), '2', '2', '4', 'no', SEED], row
    show = cli('show', p, '1').stdout
    assert '] title ' in show and 'comment 1' in show and '«البشمركة»' in show, show[:500]


@test
def nested_spans_loss_report_and_strict():
    d, p = seed_project()
    text = doc_json(p)['text']
    o0, o1 = find(text, 'وزارة الدفاع العراقية وقوات')
    o1 = o0 + len('وزارة الدفاع العراقية')
    outer = tag(p, 1, o0, o1, 'ORG')
    inner = tag(p, 1, o0 + len('وزارة '), o1, 'MISC')
    lines, r = conll_lines(p)
    i = lines.index('وزارة B-ORG')
    assert lines[i + 1:i + 3] == ['الدفاع I-ORG', 'العراقية I-ORG']
    err = r.stderr.strip().splitlines()
    assert len(err) == 2, err
    assert str(o0 + len('وزارة ')) in err[0] and 'MISC' in err[0], err
    assert err[1].startswith('1 span dropped, 0 widened'), err
    lines, r = conll_lines(p, '--nested', 'inner')
    i = lines.index('الدفاع B-MISC')
    assert lines[i - 1] == 'وزارة O', lines[i - 1:i + 2]
    assert 'dropped' in r.stderr
    # --strict: an error, and no file under the target name
    out = os.path.join(d, 'strict.conll')
    r = cli('export', p, '--format', 'conll', '--strict', '-o', out, check=False)
    assert r.returncode == 1 and 'hashiya-cli: ' in r.stderr, (r.returncode, r.stderr)
    assert not os.path.exists(out)
    assert [f for f in os.listdir(d) if f.startswith('strict')] == []
    # JSON holds nested spans: no loss
    r = cli('export', p, '--format', 'json')
    assert r.stderr == ''
    ents = json.loads(r.stdout)['documents'][0]['entities']
    assert {(e['start'], e['end'], e['label']) for e in ents} == \
        {(o0, o1, 'ORG'), (o0 + len('وزارة '), o1, 'MISC')}
    assert sorted(span_ids(p)) == sorted([outer, inner])


@test
def tag_refusals():
    d, p = seed_project()
    text = doc_json(p)['text']
    a, b = find(text, 'بغداد')
    cli('tag', p, 1, a, b, 'LOC')
    for args in [(1, a, b, 'LOC'),              # exact duplicate
                 (1, b, a, 'LOC'),              # start after end
                 (1, a, a, 'LOC'),              # empty
                 (1, a, len(text) + 5, 'LOC'),  # outside the text
                 (1, a, b, 'NOPE'),             # unknown label
                 (7, a, b, 'LOC'),              # unknown document
                 ('nosuch.txt', a, b, 'LOC')]:
        r = cli('tag', p, *args, check=False)
        assert r.returncode == 1, (args, r.returncode, r.stderr)
        assert r.stderr.startswith('hashiya-cli: ') and r.stdout == '', r.stderr
    # a span may not separate a mark from its letter: نُؤمن has a damma after the nun
    k = text.find('نُؤمن')
    r = cli('tag', p, 1, k, k + 1, 'MISC', check=False)
    assert r.returncode == 1, r.stdout
    assert len(doc_json(p)['entities']) == 1


@test
def untag_removes_the_span():
    d, p = seed_project()
    text = doc_json(p)['text']
    a, b = find(text, 'داعش')
    sid = tag(p, 1, a, b, 'ORG')
    keep = tag(p, 1, *find(text, 'كركوك'), 'LOC')
    r = cli('untag', p, sid)
    assert str(sid) in r.stdout
    assert span_ids(p) == [keep], span_ids(p)
    assert [e['text'] for e in doc_json(p)['entities']] == ['كركوك']
    r = cli('untag', p, sid, check=False)
    assert r.returncode == 1 and str(sid) in r.stderr, r.stderr
    r = cli('untag', p, 'abc', check=False)
    assert r.returncode == 2


@test
def judge_refusals_and_annotator_default():
    d, p = seed_project()
    r = cli('judge', p, 1, 3, '--sentiment', 'positive', check=False)
    assert r.returncode == 1 and 'hashiya-cli: ' in r.stderr, r.stderr
    cli('judge', p, 1, 2, '--sentiment', 'mixed', '--hate', 'no', env={'USER': 'salma'})
    j = doc_json(p)['comments'][1]['judgements']
    assert j[0]['annotator'] == 'salma' and j[0]['sentiment'] == 'mixed', j
    assert j[0]['hate_speech'] in (False, 'no', 0), j
    # unset clears one field, --clear removes the whole judgement (only that annotator's)
    cli('judge', p, 1, 2, '--decision', 'reject', '--sentiment', 'negative')
    cli('judge', p, 1, 2, '--decision', 'unset', '--sentiment', 'unset')
    j = [x for x in doc_json(p)['comments'][1]['judgements'] if x['annotator'] != 'salma'][0]
    assert j['decision'] is None and j['sentiment'] is None, j
    r = cli('judge', p, 1, 2, '--clear', '--note', 'x', check=False)
    assert r.returncode == 2, r.returncode
    cli('judge', p, 1, 2, '--clear')
    j = doc_json(p)['comments'][1]['judgements']
    assert [x['annotator'] for x in j] == ['salma'], j
    r = cli('judge', p, 1, 2, '--clear', check=False)
    assert r.returncode == 1 and 'no judgement' in r.stderr, (r.returncode, r.stderr)


@test
def segment_correction_renumbers_comments():
    d, p = seed_project()
    doc = doc_json(p)
    segs = doc['segments']
    c1 = [i for i, s in enumerate(segs) if s['kind'] == 'comment'][0]
    c2_text = doc['comments'][1]['text']
    cli('judge', p, 1, 2, '--sentiment', 'negative')
    r = cli('segment', p, 1, c1, 'paragraph')
    assert 'paragraph' in r.stdout
    doc = doc_json(p)
    assert doc['segments'][c1]['kind'] == 'paragraph'
    assert len(doc['comments']) == 1 and doc['comments'][0]['index'] == 1
    assert doc['comments'][0]['text'] == c2_text
    assert doc['comments'][0]['judgements'][0]['sentiment'] == 'negative'
    # a heading that the heuristic called a paragraph, corrected
    h = [i for i, s in enumerate(segs) if s['kind'] == 'paragraph'][0]
    cli('segment', p, SEED, h, 'heading')
    assert doc_json(p)['segments'][h]['kind'] == 'heading'
    r = cli('segment', p, 1, len(segs) + 10, 'title', check=False)
    assert r.returncode == 1 and 'hashiya-cli: ' in r.stderr
    # a judged comment's kind is kept until its judgement is cleared, which the CLI can do
    c2 = [i for i, s in enumerate(doc_json(p)['segments']) if s['kind'] == 'comment'][0]
    r = cli('segment', p, 1, c2, 'paragraph', check=False)
    assert r.returncode == 1 and 'judgement' in r.stderr, (r.returncode, r.stderr)
    cli('judge', p, 1, 1, '--clear')
    cli('segment', p, 1, c2, 'paragraph')
    assert doc_json(p)['comments'] == []


@test
def labels_commands():
    d, p = seed_project()
    out = cli('labels', p).stdout.splitlines()
    names = [l.split()[1] for l in out[1:]]
    assert names == ['PER', 'LOC', 'ORG', 'DATE', 'MISC'], out
    keys = [l.split()[3] for l in out[1:]]
    assert keys == ['1', '2', '3', '4', '5'], out
    colours = [l.split()[2] for l in out[1:]]
    assert len(set(colours)) == 5 and all(c.startswith('#') and len(c) == 7 for c in colours)

    cli('labels', p, 'add', 'EVENT', '--color', '#123456', '--key', '6')
    r = cli('labels', p, 'add', 'EVENT', check=False)
    assert r.returncode == 1 and 'EVENT' in r.stderr
    cli('labels', p, 'rename', 'EVENT', 'EVT')
    cli('labels', p, 'recolour', 'EVT', '#abcdef')
    cli('labels', p, 'key', 'EVT', '7')
    cli('labels', p, 'move', 'EVT', '0')
    out = cli('labels', p, 'list').stdout.splitlines()
    first = out[1].split()
    assert first[1:4] == ['EVT', '#abcdef', '7'], out

    text = doc_json(p)['text']
    sid = tag(p, 1, *find(text, 'بغداد'), 'EVT')
    r = cli('labels', p, 'remove', 'EVT', check=False)
    assert r.returncode == 1 and 'EVT' in r.stderr, r.stderr
    cli('labels', p, 'rename', 'EVT', 'EVENT')
    assert doc_json(p)['entities'][0]['label'] == 'EVENT'
    cli('untag', p, sid)
    cli('labels', p, 'remove', 'EVENT')
    names = [l.split()[1] for l in cli('labels', p).stdout.splitlines()[1:]]
    assert 'EVENT' not in names and 'EVT' not in names
    r = cli('labels', p, 'rename', 'NOPE', 'X', check=False)
    assert r.returncode == 1
    # a position past the end puts the label last, and the message says where it is
    r = cli('labels', p, 'move', 'PER', '99')
    assert 'position 4' in r.stdout, r.stdout
    assert cli('labels', p).stdout.splitlines()[-1].split()[:2] == ['4', 'PER']


@test
def comments_only_import():
    d, p = new_project()
    f = os.path.join(d, 'comments.txt')
    with open(f, 'w', encoding='utf-8') as fh:
        fh.write('تعليق أول على الخبر\n\nتعليق ثان من قارئ آخر 👍\n\nوثالث\n')
    cli('import', p, '--comments-only', f)
    doc = doc_json(p, 'comments.txt')
    assert [c['text'] for c in doc['comments']] == ['تعليق أول على الخبر', 'تعليق ثان من قارئ آخر 👍', 'وثالث']
    # comments that happen to look like CoNLL lines are still comments; another format is refused
    g = os.path.join(d, 'short.txt')
    with open(g, 'w', encoding='utf-8') as fh:
        fh.write('رائع O\n\nممتاز B-PER\n')
    r = cli('import', p, '--comments-only', g)
    assert '(article)' in r.stdout, r.stdout
    assert [c['text'] for c in doc_json(p, 'short.txt')['comments']] == ['رائع O', 'ممتاز B-PER']
    r = cli('import', p, '--comments-only', '--format', 'conll', g, check=False)
    assert r.returncode == 2 and '--comments-only' in r.stderr, (r.returncode, r.stderr)


@test
def two_processes_tagging_at_once():
    d, p = seed_project()
    text = doc_json(p)['text']
    import re
    words = [(m.start(), m.end()) for m in re.finditer(r'[^\s.,،:"\'()\[\]/؟!*]+', text)][:80]
    results = {0: [], 1: []}

    def worker(n):
        for k, (a, b) in enumerate(words):
            if k % 2 != n:
                continue
            r = cli('tag', p, 1, a, b, 'MISC', '--annotator', 'proc%d' % n, check=False)
            results[n].append((a, b, r.returncode, r.stdout.strip(), r.stderr))

    threads = [threading.Thread(target=worker, args=(n,)) for n in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ok_ids = set()
    for n in (0, 1):
        for a, b, rc, out, err in results[n]:
            if rc == 0:
                ok_ids.add(int(out))
            else:
                assert rc == 75 and 'busy' in err, (rc, err)
    ents = doc_json(p)['entities']
    assert set(span_ids(p)) == ok_ids and len(ents) == len(ok_ids)
    assert len(ok_ids) >= len(words) // 2, len(ok_ids)


@test
def init_refuses_existing_project():
    d = tmpdir()
    p = os.path.join(d, 'p.hashiya')
    r = cli('init', p)
    assert 'p.hashiya' in r.stdout
    before = open(p, 'rb').read()
    r = cli('init', p, check=False)
    assert r.returncode == 1 and 'exists' in r.stderr
    assert open(p, 'rb').read() == before


@test
def eval_is_delegated():
    r = cli('eval', '--help', check=False)
    assert r.returncode in (0, 1), r.returncode
    assert r.stdout or r.stderr


@test
def export_conll_variants():
    d, p = seed_project()
    text = doc_json(p)['text']
    t0, _ = find(text, 'العراق والبشمركة')
    s = t0 + len('العراق و')
    tag(p, 1, s, s + len('البشمركة'), 'ORG')
    o0, o1 = find(text, 'وزارة الدفاع العراقية')
    tag(p, 1, o0, o1, 'ORG')
    tag(p, 1, o0 + len('وزارة الدفاع '), o1, 'LOC')
    lines, _ = conll_lines(p, '--columns', '4')
    assert 'والبشمركة -X- O B-ORG' in lines and 'العراق -X- O O' in lines, lines[:5]
    lines, _ = conll_lines(p, '--separator', 'tab', '--docstart')
    assert lines[0] == '-DOCSTART-\t-X-\tO\tO' and 'والبشمركة\tB-ORG' in lines, lines[:3]
    lines, r = conll_lines(p, '--nested', 'columns')
    i = lines.index('وزارة B-ORG O')
    assert lines[i + 1:i + 3] == ['الدفاع I-ORG O', 'العراقية I-ORG B-LOC'], lines[i:i + 3]
    assert not [l for l in r.stderr.splitlines() if 'dropped:' in l], r.stderr
    lines, _ = conll_lines(p, '--scheme', 'iob1')
    assert 'والبشمركة I-ORG' in lines, [l for l in lines if 'ORG' in l]
    # --annotator filters; --document selects
    lines, _ = conll_lines(p, '--annotator', 'nobody')
    assert not [l for l in lines if l.endswith('ORG')]
    r = cli('export', p, '--format', 'jsonl', '--document', SEED)
    assert len(r.stdout.splitlines()) == 1
    r = cli('export', p, '--format', 'jsonl', '--document', 'nosuch', check=False)
    assert r.returncode == 1


@test
def import_conll_with_options():
    d, p = new_project()
    f = os.path.join(d, 'tiny.conll')
    with open(f, 'w', encoding='utf-8') as fh:
        fh.write('زار B-PERS x\nمحمد I-PERS x\nبغداد B-LOC x\n\nثم O x\nعاد O x\n')
    # the tag is column 2 of 3; PERS is mapped to PER
    r = cli('import', p, '--format', 'conll', '--tag-column', '2', '--scheme', 'bio',
            '--alias', 'PERS=PER', f)
    assert 'tiny.conll' in r.stdout
    doc = doc_json(p, 'tiny.conll')
    got = sorted((e['text'], e['label']) for e in doc['entities'])
    assert got == [('بغداد', 'LOC'), ('زار محمد', 'PER')], got
    # the same with the scheme detected from the chosen column (the third holds POS-like tags)
    g = os.path.join(d, 'tiny2.conll')
    with open(g, 'w', encoding='utf-8') as fh:
        fh.write('وصل B-PERS NN\nعلي I-PERS NNP\nإلى O IN\nعمان B-LOC NNP\n')
    cli('import', p, '--tag-column', '2', '--alias', 'PERS=PER', g)
    got = sorted((e['text'], e['label']) for e in doc_json(p, 'tiny2.conll')['entities'])
    assert got == [('عمان', 'LOC'), ('وصل علي', 'PER')], got
    names = [l.split()[1] for l in cli('labels', p).stdout.splitlines()[1:]]
    assert 'PERS' not in names
    # column numbers in messages count from 1, as --tag-column does
    r = cli('import', p, '--format', 'conll', '--tag-column', '5', f, check=False)
    assert r.returncode == 1 and 'tiny.conll:1:' in r.stderr and 'column 5' in r.stderr, r.stderr
    r = cli('import', p, '--format', 'conll', '--tag-column', '1', f, check=False)
    assert r.returncode == 1 and 'column 1, which holds the token' in r.stderr, r.stderr
    r = cli('import', p, '--format', 'conll', '--tag-column', '0', f, check=False)
    assert r.returncode == 2 and 'counts from 1' in r.stderr, (r.returncode, r.stderr)
    r = cli('eval', '--tag-column', '0', f, f, check=False)
    assert r.returncode == 2 and 'counts from 1' in r.stderr, (r.returncode, r.stderr)
    assert 'overall F1: 100.00' in cli('eval', '--tag-column', '2', f, f).stdout
    r = cli('import', p, '--alias', 'PERS', f, check=False)
    assert r.returncode == 2
    r = cli('import', p, '--offsets', 'bytes', f, check=False)
    assert r.returncode == 2


@test
def interrupted_export_leaves_no_temporary_file():
    """Ctrl-C (SIGINT) or SIGTERM while `export -o` writes: the command dies of the signal, the
    target is not created and no temporary file stays beside it."""
    import signal
    import time
    d, p = new_project()
    # an article big enough (~25 MB) that its JSON export takes a while to write
    para = 'قال المتحدث باسم وزارة الدفاع العراقية إن القوات وصلت إلى بغداد صباح اليوم. '
    art = os.path.join(d, 'big.txt')
    with open(art, 'w', encoding='utf-8') as fh:
        fh.write('عنوان المقال\n\n')
        for i in range(1500):
            fh.write(para * 80 + '\n\n')
    cli('import', p, art)
    exe = os.environ['HASHIYA_CLI']
    caught = 0
    for sig in (signal.SIGINT, signal.SIGTERM):
        for attempt in range(5):
            out = os.path.join(d, 'out-%d-%d.json' % (sig, attempt))
            proc = subprocess.Popen([exe, 'export', p, '--format', 'json', '-o', out],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                    preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
            # the export's temporary file has no name until it is complete (O_TMPFILE): watch
            # the process's open files for it (or for a named FILE.tmp-XXXXXX, the fallback)
            seen = False
            deadline = time.monotonic() + 20
            while proc.poll() is None and time.monotonic() < deadline and not seen:
                if [f for f in os.listdir(d) if f.startswith(os.path.basename(out) + '.tmp-')]:
                    seen = True
                try:
                    for fd in os.listdir('/proc/%d/fd' % proc.pid):
                        target = os.readlink('/proc/%d/fd/%s' % (proc.pid, fd))
                        if target.startswith(d + '/') and target.endswith('(deleted)'):
                            seen = True
                except OSError:
                    pass
                time.sleep(0.001)
            if not seen:
                proc.wait()
                continue
            proc.send_signal(sig)
            _, err = proc.communicate(timeout=60)
            left = [f for f in os.listdir(d) if f.startswith(os.path.basename(out))]
            if proc.returncode == 0:
                continue  # finished before the signal arrived: try again
            assert proc.returncode == -sig, (proc.returncode, err)
            assert left == [], left
            assert 'interrupted' in err.decode(), err
            caught += 1
            break
    assert caught == 2, 'the export was never caught while writing (%d)' % caught


@test
def export_to_missing_folder_or_a_folder():
    """-o into a folder that does not exist, or onto a folder: exit 1, a message naming the
    problem, nothing created."""
    d, p = seed_project()
    target = os.path.join(d, 'missing', 'out.conll')
    r = cli('export', p, '--format', 'conll', '-o', target, check=False)
    assert r.returncode == 1, (r.returncode, r.stderr)
    assert 'does not exist' in r.stderr and os.path.join(d, 'missing') in r.stderr, r.stderr
    assert not os.path.exists(os.path.join(d, 'missing'))
    before = sorted(os.listdir(d))
    r = cli('export', p, '--format', 'json', '-o', d, check=False)
    assert r.returncode == 1, (r.returncode, r.stderr)
    assert 'is a folder' in r.stderr, r.stderr
    assert sorted(os.listdir(d)) == before and not [f for f in os.listdir(os.path.dirname(d))
                                                    if f.startswith(os.path.basename(d) + '.tmp-')]


def _cli_without_root(*args):
    """Run hashiya-cli as an ordinary user: as root (who writes read-only files anyway) drop to
    nobody (uid 65534) in the child."""
    exe = os.environ['HASHIYA_CLI']
    pre = None
    if os.geteuid() == 0:
        def pre():
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
    return subprocess.run([exe] + [str(a) for a in args], capture_output=True, text=True,
                          preexec_fn=pre)


@test
def read_only_project_refused_and_untouched():
    """A read-only project file, or a writable one in a read-only folder: exit 1 with a message
    that says which, no crash, and the file's bytes unchanged."""
    d, p = seed_project()
    cli('tag', p, 1, 0, 4, 'LOC')
    work = tmpdir()
    os.chmod(work, 0o755)
    ro = os.path.join(work, 'ro.hashiya')
    shutil.copy(p, ro)
    with open(ro, 'rb') as fh:
        before = fh.read()
    if os.geteuid() == 0:
        os.chown(work, 65534, 65534)
        os.chown(ro, 65534, 65534)
    os.chmod(ro, 0o444)
    for args in (('list', ro), ('tag', ro, 1, 5, 9, 'PER'), ('export', ro, '--format', 'json')):
        r = _cli_without_root(*args)
        assert r.returncode == 1, (args, r.returncode, r.stderr)
        assert 'read-only' in r.stderr and 'ro.hashiya' in r.stderr, r.stderr
        assert r.stderr.startswith('hashiya-cli: '), r.stderr
    with open(ro, 'rb') as fh:
        assert fh.read() == before
    # the file writable, its folder not
    os.chmod(ro, 0o644)
    if os.geteuid() == 0:
        os.chown(work, 0, 0)
    else:
        os.chmod(work, 0o555)
    try:
        r = _cli_without_root('tag', ro, 1, 5, 9, 'PER')
        assert r.returncode == 1, (r.returncode, r.stderr)
        assert 'folder' in r.stderr and 'read-only' in r.stderr, r.stderr
        assert sorted(os.listdir(work)) == ['ro.hashiya']
    finally:
        os.chmod(work, 0o755)
    with open(ro, 'rb') as fh:
        assert fh.read() == before


@test
def same_file_twice_ambiguous_names_and_label_in_use():
    d, p = seed_project()
    seed = os.path.join(d, SEED)
    # the same file twice in one command: imported once, the second reported as skipped
    q = os.path.join(d, 'q.hashiya')
    cli('init', q)
    r = cli('import', q, seed, seed)
    assert r.stdout.count('skipped') >= 1 and 'imported 1 document' in r.stdout, r.stdout
    docs = [l for l in cli('list', q).stdout.splitlines()[1:] if l.strip()]
    assert len(docs) == 1, docs
    # two documents with one source name: show by name is refused with both ids, by id works
    sub = os.path.join(d, 'sub')
    os.mkdir(sub)
    other = os.path.join(sub, SEED)
    with open(other, 'w', encoding='utf-8') as fh:
        fh.write('عنوان آخر\n\nفقرة أخرى هنا.\n')
    cli('import', p, other)
    r = cli('show', p, SEED, check=False)
    assert r.returncode == 1, (r.returncode, r.stderr)
    assert 'several documents' in r.stderr and '1, 2' in r.stderr, r.stderr
    assert cli('show', p, '2').stdout.startswith('document 2')
    # removing a label in use: refused with the number of spans, the label stays
    tag(p, 1, 0, 4, 'LOC')
    tag(p, 2, 0, 5, 'LOC')
    r = cli('labels', p, 'remove', 'LOC', check=False)
    assert r.returncode == 1 and 'used by 2 spans' in r.stderr, (r.returncode, r.stderr)
    assert 'LOC' in cli('labels', p).stdout


@test
def malformed_interchange_files_name_file_and_line():
    """CoNLL with an empty type (B-) or an unknown prefix (X-PER), doccano offsets beyond the
    text: exit 1, file:line in the message, nothing from that file imported, the good file in the
    same command still imported."""
    d, p = new_project()
    files = {
        'empty-type.conll': ('محمد B-PER\nعلي I-PER\nذهب O\nإلى B-\nبغداد B-LOC\n', 'empty-type.conll:4:'),
        'x-prefix.conll': ('محمد B-PER\nعلي X-PER\nذهب O\nإلى O\n', 'x-prefix.conll:2:'),
        'beyond.jsonl': ('{"text": "زار بغداد", "label": [[4, 9, "LOC"]]}\n'
                         '{"text": "😀 محمد", "label": [[3, 9, "PER"]]}\n', 'beyond.jsonl:2:'),
    }
    good = os.path.join(d, 'good.conll')
    with open(good, 'w', encoding='utf-8') as fh:
        fh.write('زار O\nمحمد B-PER\nبغداد B-LOC\n')
    paths = []
    for name, (data, where) in files.items():
        path = os.path.join(d, name)
        with open(path, 'w', encoding='utf-8') as fh:
            fh.write(data)
        paths.append(path)
        r = cli('import', p, path, check=False)
        assert r.returncode == 1, (name, r.returncode, r.stderr)
        assert where in r.stderr and r.stderr.startswith('hashiya-cli: '), (name, r.stderr)
    r = cli('import', p, *paths, good, check=False)
    assert r.returncode == 1, r.returncode
    docs = [l for l in cli('list', p).stdout.splitlines()[1:] if l.strip()]
    assert len(docs) == 1 and docs[0].endswith('good.conll'), docs


@test
def messages_and_help_in_arabic():
    """Under LANGUAGE=ar the CLI speaks Arabic: help, reports and the where of an error."""
    mo = os.path.join(os.environ['HASHIYA_BUILD_DIR'], 'po', 'ar', 'LC_MESSAGES', 'hashiya.mo')
    assert os.path.exists(mo), 'the Arabic catalogue was not built: ' + mo
    env = {'HASHIYA_LOCALEDIR': os.path.join(os.environ['HASHIYA_BUILD_DIR'], 'po'),
           'LANGUAGE': 'ar', 'LC_ALL': 'C.UTF-8'}
    d, p = new_project()
    r = cli('judge', '--help', env=env)
    assert 'خيارات المساعدة' in r.stdout and 'المشروع' in r.stdout, r.stdout
    r = cli('stats', p, env=env)
    assert 'المستندات:' in r.stdout and 'documents:' not in r.stdout, r.stdout
    r = cli('untag', p, '999', check=False, env=env)
    assert r.returncode == 1, r
    # the same command in English, to show the catalogue made the difference
    r = cli('stats', p, env={'LANGUAGE': 'en', 'LC_ALL': 'C.UTF-8'})
    assert 'documents:' in r.stdout, r.stdout


if __name__ == '__main__':
    taplib.run()
