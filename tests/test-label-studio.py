#!/usr/bin/env python3
# test-label-studio.py: the Label Studio export loaded in Label Studio's own editor (1.4.0, headless
# Debian Chromium), saved back by the editor, and imported again with nothing lost
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Needs node, Debian's chromium and the npm packages of tests/consumers/package.json installed
# in $HASHIYA_CONSUMERS (build-aux/dev does this); skips with the reason otherwise.
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import taplib  # noqa: E402
from taplib import cli, new_project, skip, test, tmpdir  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get('HASHIYA_SOURCE_DIR', os.path.dirname(HERE))


def consumers_dir():
    d = os.environ.get('HASHIYA_CONSUMERS', '')
    ls = os.path.join(d, 'node_modules', '@heartexlabs', 'label-studio', 'build', 'static')
    if not d or not os.path.isdir(ls):
        skip('Label Studio 1.4.0 is not installed in HASHIYA_CONSUMERS=%r '
             '(build-aux/dev installs it with npm)' % d)
    if not shutil.which('node'):
        skip('node is not installed')
    if not os.path.exists(os.environ.get('CHROMIUM', '/usr/bin/chromium')):
        skip('Debian chromium is not installed')
    return d


def sample_project():
    """The bundled sample articles, pre-annotated by data/sample/annotate.sh, plus a second
    annotator's spans and judgements (with notes) so attribution is checked too."""
    d, p = new_project()
    for f in sorted(os.listdir(os.path.join(SOURCE, 'data', 'sample'))):
        if f.endswith('.txt'):
            cli('import', p, os.path.join(SOURCE, 'data', 'sample', f))
    subprocess.run(['sh', os.path.join(SOURCE, 'data', 'sample', 'annotate.sh'),
                    os.environ['HASHIYA_CLI'], p], check=True, capture_output=True,
                   env=dict(os.environ, HASHIYA_ANNOTATOR='omar'))
    doc = json.loads(cli('show', p, '1', '--json').stdout)
    text = doc['text']
    i = text.find('البصرة')
    cli('tag', p, 1, i, i + len('البصرة'), 'LOC', '--annotator', 'sara')
    cli('judge', p, 1, 1, '--sentiment', 'negative', '--offensive', 'no', '--decision', 'review',
        '--note', 'يحتاج مراجعة', '--annotator', 'sara')
    cli('judge', p, 1, 2, '--sentiment', 'positive', '--note', 'تعليق لطيف', '--annotator', 'omar')
    return d, p


def serve(root):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=root)
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def load_in_label_studio(d, tasks, config):
    """Runs the editor over every task; returns the driver's per-task results."""
    cdir = consumers_dir()
    www = os.path.join(d, 'www')
    os.makedirs(os.path.join(www, 'data'))
    static = os.path.join(cdir, 'node_modules', '@heartexlabs', 'label-studio', 'build', 'static')
    shutil.copy(os.path.join(static, 'js', 'main.js'), www)
    shutil.copy(os.path.join(static, 'css', 'main.css'), www)
    shutil.copy(os.path.join(HERE, 'consumers', 'ls-page.html'), www)
    with open(os.path.join(www, 'data', 'tasks.json'), 'w') as f:
        json.dump(tasks, f, ensure_ascii=False)
    with open(os.path.join(www, 'data', 'config.xml'), 'w') as f:
        f.write(config)
    server = serve(www)
    out = os.path.join(d, 'ls-result.json')
    shots = os.environ.get('HASHIYA_LS_SHOTS', '')
    try:
        r = subprocess.run(['node', os.path.join(HERE, 'consumers', 'ls-driver.js'),
                            'http://127.0.0.1:%d' % server.server_address[1], str(len(tasks)),
                            out] + ([shots] if shots else []),
                           capture_output=True, text=True, timeout=300,
                           env=dict(os.environ, NODE_PATH=os.path.join(cdir, 'node_modules')))
    finally:
        server.shutdown()
    assert r.returncode == 0, 'ls-driver failed:\n%s\n%s' % (r.stdout, r.stderr)
    with open(out) as f:
        return json.load(f)


def who(ann):
    """The annotator an exported annotation belongs to."""
    return ann.get('annotator') or str(ann.get('completed_by'))


def match_annotations(task, got):
    """Pairs each exported annotation with the one the editor built from it. Label Studio
    orders a task's annotations its own way, so they are matched by the ids of their results
    (each region id belongs to one annotation)."""
    pairs = []
    for ann in task['annotations']:
        ids = {r['id'] for r in ann['result']}
        found = [g for g in got
                 if {r['id'].split('#')[0] for r in g['regions']} | {x['id'] for x in g['saved']} == ids]
        assert len(found) == 1, 'task %s: the annotation of %s matches %d editor annotations' % (
            task['id'], who(ann), len(found))
        pairs.append((ann, found[0]))
    return pairs


def choices_of(j):
    """A Hashiya judgement as the Label Studio choices it should show."""
    c = {}
    if j.get('sentiment'):
        c['sentiment'] = [j['sentiment']]
    for field in ('offensive', 'hate_speech'):
        if j.get(field) is not None:
            c[field] = ['yes' if j[field] else 'no']
    if j.get('decision'):
        c['decision'] = [j['decision']]
    return c


def project_view(p):
    """source -> (text, {annotator: sorted spans (text, label)},
                        {annotator: sorted judgements (comment text, choices, note)})"""
    out = json.loads(cli('export', p, '--format', 'json').stdout)
    docs = {}
    for doc in out['documents']:
        spans, judged = {}, {}
        for e in doc['entities']:
            spans.setdefault(e['annotator'], []).append((e['text'], e['label']))
        for c in doc['comments']:
            for j in c['judgements']:
                judged.setdefault(j['annotator'], []).append(
                    (c['text'], json.dumps(choices_of(j), sort_keys=True), j.get('note')))
        docs[doc['source']] = (doc['text'], {k: sorted(v) for k, v in spans.items()},
                               {k: sorted(v) for k, v in judged.items()})
    return docs


def note_of(values):
    for v in values:
        v = v[0] if isinstance(v, list) and v else v
        if isinstance(v, str) and v:
            return v
    return None


@test
def editor_builds_one_region_per_span_and_per_judged_comment():
    consumers_dir()
    d, p = sample_project()
    config = cli('export', p, '--format', 'label-studio', '--print-config').stdout
    cli('export', p, '--format', 'label-studio', '-o', os.path.join(d, 'ls.json'))
    with open(os.path.join(d, 'ls.json')) as f:
        tasks = json.load(f)
    view = project_view(p)
    results = load_in_label_studio(d, tasks, config)
    assert len(results) == len(tasks)
    n_regions = 0
    for task, res in zip(tasks, results):
        assert res['error'] is None, res['error']
        assert not res['page_errors'], res['page_errors']
        text, spans, judged = view[task['data']['source']]
        assert len(res['annotations']) == len(task['annotations'])
        for ann, got in match_annotations(task, res['annotations']):
            a = who(ann)
            regions = got['regions']
            want_spans = spans.get(a, [])
            want_judged = judged.get(a, [])
            assert len(regions) == len(want_spans) + len(want_judged), \
                'task %s, %s: the editor built %d regions for %d spans and %d judged comments' % (
                    task['id'], a, len(regions), len(want_spans), len(want_judged))
            got_spans = sorted((r['text'], l) for r in regions if r['labels'] for l in r['labels'])
            assert got_spans == want_spans, (a, got_spans, want_spans)
            got_judged = []
            for r in regions:
                if r['labels']:
                    continue
                choices = {x['from_name']: x['value'] for x in r['results'] if x['type'] == 'choices'}
                note = note_of([x['value'] for x in r['results'] if x['type'] == 'textarea'])
                got_judged.append((r['text'], json.dumps(choices, sort_keys=True), note))
            assert sorted(got_judged) == want_judged, (a, sorted(got_judged), want_judged)
            n_regions += len(regions)
    assert n_regions > 20


@test
def saved_by_label_studio_imports_back_with_nothing_lost():
    consumers_dir()
    d, p = sample_project()
    config = cli('export', p, '--format', 'label-studio', '--print-config').stdout
    cli('export', p, '--format', 'label-studio', '-o', os.path.join(d, 'ls.json'))
    with open(os.path.join(d, 'ls.json')) as f:
        tasks = json.load(f)
    results = load_in_label_studio(d, tasks, config)
    # What Label Studio's own export holds after the editor saved each annotation: the task,
    # and each annotation's other keys with the result the editor serialised.
    saved = []
    for task, res in zip(tasks, results):
        t = dict(task)
        t['annotations'] = []
        for ann, got in match_annotations(task, res['annotations']):
            assert isinstance(got['saved'], list), got['saved']
            a = dict(ann)
            a['result'] = got['saved']
            t['annotations'].append(a)
        saved.append(t)
    with open(os.path.join(d, 'saved.json'), 'w') as f:
        json.dump(saved, f, ensure_ascii=False)
    _, q = new_project()
    r = cli('import', q, os.path.join(d, 'saved.json'), '--format', 'label-studio')
    assert 'skipped' not in r.stdout or ' 0 ' in r.stdout, r.stdout

    assert project_view(q) == project_view(p)


def osact_project(empty=False):
    """A project with the osact-2022 schema plus a free-text field "reason", made by
    tests/schema-project.c (threads, two annotators, a multi-choice conditional target);
    returns (dir, project, what the store holds)."""
    d = tmpdir()
    p = os.path.join(d, 'empty.hashiya' if empty else 'osact.hashiya')
    data = os.environ.get('HASHIYA_TEST_DATA', os.path.join(HERE, 'data'))
    exe = os.environ.get('HASHIYA_SCHEMA_PROJECT')
    if not exe:
        skip('HASHIYA_SCHEMA_PROJECT is not set (tests/meson.build sets it)')
    r = subprocess.run([exe, p, data] + (['--empty'] if empty else []), capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr
    return d, p, json.loads(r.stdout)


def comments_table(p, d, name):
    out = os.path.join(d, name)
    cli('export', p, '--format', 'comments-csv', '-o', out)
    with open(out, encoding='utf-8') as f:
        return f.read()


@test
def editor_shows_a_custom_schema_and_saves_it_back():
    consumers_dir()
    d, p, held = osact_project()
    kinds = {f['name']: f['kind'] for f in held['schema']}
    config = cli('export', p, '--format', 'label-studio', '--print-config').stdout
    assert 'choice="multiple"' in config and 'name="reason"' in config, config
    cli('export', p, '--format', 'label-studio', '-o', os.path.join(d, 'ls.json'))
    with open(os.path.join(d, 'ls.json')) as f:
        tasks = json.load(f)
    results = load_in_label_studio(d, tasks, config)
    doc = held['documents'][0]
    texts = {c['index']: c['text'] for c in doc['comments']}
    saved = []
    for task, res in zip(tasks, results):
        assert res['error'] is None, res['error']
        assert not res['page_errors'], res['page_errors']
        t = dict(task)
        t['annotations'] = []
        for ann, got in match_annotations(task, res['annotations']):
            a = who(ann)
            want = sorted(
                (texts[j['comment']],
                 json.dumps({n: sorted(v.split(',')) if kinds[n] == 'multi' else [v]
                             for n, v in j['values'].items()}, sort_keys=True))
                for j in doc['judgements'] if j['annotator'] == a)
            got_judged = []
            for r in got['regions']:
                if r['labels']:
                    continue
                values = {}
                for x in r['results']:
                    v = x['value']
                    values[x['from_name']] = sorted(v) if x['type'] == 'choices' else \
                        [note_of([v])]
                got_judged.append((r['text'], json.dumps(values, sort_keys=True)))
            # one region per judged comment, with every field of the schema it has a value for
            assert sorted(got_judged) == want, (a, sorted(got_judged), want)
            n_spans = sum(1 for r in got['regions'] if r['labels'])
            assert n_spans == (1 if a == 'amal' else 0), (a, n_spans)
            sa = dict(ann)
            sa['result'] = got['saved']
            t['annotations'].append(sa)
        saved.append(t)
    with open(os.path.join(d, 'saved.json'), 'w') as f:
        json.dump(saved, f, ensure_ascii=False)
    # what the editor saved imports back into a project of the same schema unchanged
    _, q, _ = osact_project(empty=True)
    cli('import', q, os.path.join(d, 'saved.json'), '--format', 'label-studio')
    assert comments_table(q, d, 'back.csv') == comments_table(p, d, 'orig.csv')


if __name__ == '__main__':
    taplib.run()
