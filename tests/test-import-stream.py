#!/usr/bin/env python3
# test-import-stream.py: a large JSONL file is imported one line at a time; the project it
# gives, and its errors, are those of reading the file whole
# SPDX-License-Identifier: GPL-3.0-or-later
#
# hashiya_import_file streams a JSONL file of HASHIYA_IMPORT_STREAM_MIN bytes or more (1 MB
# by default) through the format's read_stream; the tests set it to 0 (stream every file)
# or to a huge value (read every file whole) and compare.
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import taplib  # noqa: E402
from taplib import cli, new_project, test  # noqa: E402

STREAM = {'HASHIYA_IMPORT_STREAM_MIN': '0'}
WHOLE = {'HASHIYA_IMPORT_STREAM_MIN': str(1 << 60)}
DATA = os.environ.get('HASHIYA_TEST_DATA') or os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data')


def project_rows(project):
    """Documents, segments, spans and judgements of a project, without ids and times."""
    db = sqlite3.connect(project)
    try:
        docs = db.execute('SELECT source, sha256, text, length, date, done FROM documents ORDER BY id').fetchall()
        segs = db.execute('SELECT d.sha256, g.idx, g.kind, g.start, g."end", g.comment_index '
                          'FROM segments g JOIN documents d ON d.id = g.doc_id ORDER BY d.id, g.idx').fetchall()
        spans = db.execute('SELECT d.sha256, s.start, s."end", l.name FROM spans s JOIN documents d ON d.id = s.doc_id '
                           'JOIN labels l ON l.id = s.label_id ORDER BY d.id, s.start, s."end", l.name').fetchall()
        cols = [r[1] for r in db.execute('PRAGMA table_info(judgements)')]
        keep = [c for c in cols if c not in ('id', 'doc_id', 'modified', 'created', 'annotator_id')]
        judg = db.execute('SELECT d.sha256, %s FROM judgements j JOIN documents d ON d.id = j.doc_id ORDER BY d.id, %s'
                          % (', '.join('j.%s' % c for c in keep), ', '.join('j.%s' % c for c in keep))).fetchall()
        fts = db.execute('SELECT count(*) FROM doc_search').fetchone()[0]
        summary = db.execute('SELECT count(*), coalesce(sum(spans), 0), coalesce(sum(comments), 0) FROM doc_summary').fetchone()
    finally:
        db.close()
    assert fts >= len(docs), (fts, len(docs))
    assert summary[0] == len(docs) and summary[1] == len(spans), (summary, len(docs), len(spans))
    return docs, segs, spans, judg


def fixture_export(d, name, fmt):
    """A copy of the fixture project tests/data/NAME.hashiya exported as fmt (json/jsonl)."""
    src = os.path.join(DATA, name + '.hashiya')
    copy = os.path.join(d, name + '.hashiya')
    shutil.copy(src, copy)
    out = os.path.join(d, '%s.%s' % (name, fmt))
    cli('export', copy, '--format', fmt, '-o', out)
    return out


def write_generated(path, n, bad_line=None, bad=None):
    """n documents (some with a span, some with a comment and its judgement) as JSONL;
    line bad_line (1-based) replaced by bad."""
    with open(path, 'w', encoding='utf-8') as fh:
        for k in range(n):
            text = 'الخبر %d: زار أحمد بغداد يوم %d وقال إن التعاون مهم.' % (k, k % 31)
            rec = {'source': 'g-%d' % k, 'text': text, 'entities': []}
            if k % 3 == 0:
                s = text.index('أحمد')
                rec['entities'] = [{'start': s, 'end': s + 4, 'label': 'PER', 'text': 'أحمد'},
                                   {'start': text.index('بغداد'), 'end': text.index('بغداد') + 5, 'label': 'LOC'}]
            line = json.dumps(rec, ensure_ascii=False)
            if bad_line is not None and k + 1 == bad_line:
                line = bad
            fh.write(line + '\n')


@test
def streamed_project_equals_whole_file_project():
    d = taplib.tmpdir()
    inputs = [fixture_export(d, 'corpus-v2', 'jsonl'), fixture_export(d, 'team-v1', 'jsonl'),
              os.path.join(DATA, 'import-docs.jsonl'), os.path.join(DATA, 'export-tiny.jsonl')]
    gen = os.path.join(d, 'gen.jsonl')
    write_generated(gen, 300)
    inputs.append(gen)
    results = []
    for env in (STREAM, WHOLE):
        p = os.path.join(d, 'p%d.hashiya' % len(results))
        cli('init', p)
        r = cli('import', p, *inputs, env=env)
        results.append((project_rows(p), r.stdout))
    (a, out_a), (b, out_b) = results
    assert a == b, 'streamed and whole-file imports differ'
    assert out_a == out_b, (out_a, out_b)
    docs, segs, spans, judg = a
    # the inputs do carry spans, comments and judgements (the comparison is not empty)
    assert len(docs) >= 300 and len(spans) >= 200 and len(judg) >= 5 and len(segs) > len(docs), \
        (len(docs), len(spans), len(judg), len(segs))


@test
def jsonl_stream_equals_json_file():
    d = taplib.tmpdir()
    rows = []
    for fmt, env in (('jsonl', STREAM), ('json', WHOLE)):
        src = fixture_export(d, 'corpus-v2', fmt)
        p = os.path.join(d, 'from-%s.hashiya' % fmt)
        cli('init', p)
        cli('import', p, src, env=env)
        rows.append(project_rows(p))
    assert rows[0] == rows[1]
    assert len(rows[0][3]) > 0 and len(rows[0][2]) > 0, rows[0]


def import_error(path, env, *others):
    d, p = new_project()
    r = cli('import', p, *(list(others) + [path]), check=False, env=env)
    return r, p


@test
def errors_name_the_same_line_both_ways():
    d = taplib.tmpdir()
    ok = os.path.join(d, 'ok.jsonl')
    write_generated(ok, 5)
    cases = {
        # syntax error on line 4
        'syntax': (4, '{"text": "x", "entities": [}', 'line 4'),
        # an entity outside its text on line 6
        'range': (6, json.dumps({'text': 'قصير', 'entities': [{'start': 2, 'end': 40, 'label': 'PER'}]}), 'line 6'),
        # "text" missing on line 2
        'notext': (2, '{"source": "x"}', 'line 2'),
    }
    for name, (line, bad, where) in cases.items():
        path = os.path.join(d, name + '.jsonl')
        write_generated(path, 8, line, bad)
        msgs = []
        for env in (STREAM, WHOLE):
            r, p = import_error(path, env, ok)
            assert r.returncode == 1, (name, r)
            assert '%s: %s' % (path, where) in r.stderr, (name, r.stderr)
            # the failing file imports nothing, the other file imports
            db = sqlite3.connect(p)
            sources = [s for (s,) in db.execute('SELECT source FROM documents')]
            fts = db.execute('SELECT count(*) FROM doc_search').fetchone()[0]
            db.close()
            assert sorted(sources) == ['g-%d' % k for k in range(5)], (name, sources)
            assert fts == 5, (name, fts)
            msgs.append(r.stderr)
        assert msgs[0] == msgs[1], (name, msgs)


@test
def encoding_errors_name_byte_and_line_both_ways():
    # the problem comes after the first megabyte, which the importer looks at to detect the
    # format (a problem inside it sends the file to the whole-file read, which names it)
    d = taplib.tmpdir()
    good = '{"source": "a", "text": "زار أحمد بغداد", "entities": []}\n'.encode('utf-8')
    n_head = (1100 * 1000) // len(good) + 1
    head = good * n_head
    cases = {
        'utf8': head + b'{"text": "ok", "entities": []}\r\n' + b'{"text": "\xff\xfe"}\n' + good,  # 32 bytes, then 10
        'nul': head + good + b'{"text": "a\x00b"}\n',
        'cr': head + good.replace(b'\n', b'\r\n') + b'{"text": "x", \r"entities": [}\r\n',
    }
    for name, data in cases.items():
        path = os.path.join(d, name + '.jsonl')
        with open(path, 'wb') as fh:
            fh.write(data)
        msgs = []
        for env in (STREAM, WHOLE):
            r, p = import_error(path, env)
            assert r.returncode == 1, (name, r)
            msgs.append(r.stderr)
            db = sqlite3.connect(p)
            assert db.execute('SELECT count(*) FROM documents').fetchone()[0] == 0
            db.close()
        assert msgs[0] == msgs[1], (name, msgs)
        if name == 'utf8':
            assert '%s: invalid UTF-8 at byte %d (line %d)' % (path, len(head) + 32 + 10, n_head + 2) in msgs[0], msgs[0]
        if name == 'nul':
            assert '%s: NUL byte at byte %d (line %d)' % (path, len(head) + len(good) + 11, n_head + 2) in msgs[0], msgs[0]
        if name == 'cr':   # the lone CR ends a line there, as a whole-file read cleans it
            assert '%s: line %d,' % (path, n_head + 2) in msgs[0], msgs[0]


@test
def large_file_streams_by_default_in_bounded_memory():
    # 40 MB of JSONL (over the 1 MB default): read whole it costs the file and its parsed
    # documents (> 80 MB); streamed, about one line plus SQLite's page cache
    d = taplib.tmpdir()
    path = os.path.join(d, 'big.jsonl')
    para = 'قال الوزير إن الحكومة ستعمل على تعزيز التعاون مع المحافظات في مجالات الكهرباء والمياه. ' * 8
    n = 0
    with open(path, 'w', encoding='utf-8') as fh:
        while fh.tell() < 40 * 1000 * 1000:
            fh.write(json.dumps({'source': 'b-%d' % n, 'text': '%d %s' % (n, para), 'entities': []},
                                ensure_ascii=False) + '\n')
            n += 1
    p = os.path.join(d, 'p.hashiya')
    cli('init', p)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    r = cli('import', p, path)   # HASHIYA_IMPORT_STREAM_MIN unset: the default
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert 'imported %d documents' % n in r.stdout, r.stdout
    if before / 1024 >= 60:
        taplib.skip('an earlier child already peaked at %.0f MB' % (before / 1024))
    assert peak_mb < 60, 'peak %.0f MB for a 40 MB JSONL' % peak_mb
    db = sqlite3.connect(p)
    assert db.execute('SELECT count(*) FROM documents').fetchone()[0] == n
    db.close()


@test
def sigkill_mid_stream_keeps_the_file_whole_or_absent():
    d, p = new_project()
    big = os.path.join(d, 'big.jsonl')
    write_generated(big, 20000)            # about 2.5 MB: streamed by default
    small = []
    for f in range(200):
        s = os.path.join(d, 's%d.jsonl' % f)
        with open(s, 'w', encoding='utf-8') as fh:
            for k in range(4):
                fh.write(json.dumps({'source': 's%d-%d' % (f, k), 'text': 'ملف %d وثيقة %d' % (f, k),
                                     'entities': []}, ensure_ascii=False) + '\n')
        small.append(s)
    env = dict(os.environ)
    env['HASHIYA_IMPORT_COMMIT_MS'] = '30'
    # how long the whole import takes here (into a scratch project), to kill within it
    scratch = os.path.join(d, 'scratch.hashiya')
    cli('init', scratch)
    t0 = time.monotonic()
    cli('import', '--quiet', scratch, *small[:197], big, *small[197:])
    whole = time.monotonic() - t0
    partial = 0
    for delay in (0.1 * whole, 0.4 * whole, 0.7 * whole, 0.9 * whole):
        proc = subprocess.Popen([os.environ['HASHIYA_CLI'], 'import', '--quiet', p, *small[:197], big, *small[197:]],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        db = sqlite3.connect(p)
        n_big = db.execute("SELECT count(*) FROM documents WHERE source LIKE 'g-%'").fetchone()[0]
        n_small = db.execute("SELECT count(*) FROM documents WHERE source LIKE 's%'").fetchone()[0]
        fts = db.execute('SELECT count(*) FROM doc_search').fetchone()[0]
        docs = db.execute('SELECT count(*) FROM documents').fetchone()[0]
        summary = db.execute('SELECT count(*) FROM doc_summary').fetchone()[0]
        db.close()
        assert n_big in (0, 20000), n_big
        assert n_small % 4 == 0, n_small
        assert fts == docs == summary, (fts, docs, summary)
        if 0 < docs < 20800:
            partial += 1
        print('# killed after %.2f s of %.2f: %d documents' % (delay, whole, docs))
    cli('import', '--quiet', p, *small[:197], big, *small[197:])
    db = sqlite3.connect(p)
    assert db.execute('SELECT count(*) FROM documents').fetchone()[0] == 20800
    db.close()
    if partial == 0:
        taplib.skip('no kill landed in the middle of the import on this machine')


if __name__ == '__main__':
    taplib.run()
