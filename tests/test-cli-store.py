#!/usr/bin/env python3
# test-cli-store.py: the project file through hashiya-cli: atomic init, a full disk, busy, names and numbers
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import signal
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import taplib  # noqa: E402
from taplib import cli, new_project, skip, test, tmpdir  # noqa: E402

ARTICLE = 'زار مُحَمَّد القاهرة يوم الأحد.\n\nتعليق أول\n'


def project_with_article(d):
    p = os.path.join(d, 'p.hashiya')
    cli('init', p)
    a = os.path.join(d, 'a.txt')
    with open(a, 'w', encoding='utf-8') as f:
        f.write(ARTICLE)
    cli('import', p, a)
    return p


def read_bytes(path):
    with open(path, 'rb') as f:
        return f.read()


def assert_no_sidecars(p):
    for s in ('-wal', '-shm', '-journal'):
        assert not os.path.exists(p + s), 'left beside the project: ' + p + s


# ---- init --------------------------------------------------------------------------------

@test
def init_over_an_empty_file_and_a_tableless_one():
    """What an older build's interrupted init left is refused as what it is (not as another
    program's database) and init makes the project there, keeping the file's mode."""
    d = tmpdir()
    p = os.path.join(d, 'p.hashiya')
    open(p, 'wb').close()
    os.chmod(p, 0o600)
    r = cli('list', p, check=False)
    assert r.returncode == 1 and 'the file is empty' in r.stderr and 'init' in r.stderr, r
    assert read_bytes(p) == b''
    r = cli('init', p)
    assert 'created' in r.stdout, r
    assert os.stat(p).st_mode & 0o777 == 0o600
    cli('list', p)
    assert_no_sidecars(p)

    t = os.path.join(d, 't.hashiya')
    db = sqlite3.connect(t)
    db.execute('PRAGMA journal_mode = WAL')
    db.close()
    before = read_bytes(t)
    r = cli('show', t, '1', check=False)
    assert r.returncode == 1 and 'without any table' in r.stderr, r
    assert 'another program' not in r.stderr, r.stderr
    assert read_bytes(t) == before
    assert_no_sidecars(t)
    cli('init', t)
    assert 'PER' in cli('labels', t).stdout

    # a real project and another program's file stay refused
    r = cli('init', p, check=False)
    assert r.returncode == 1 and 'already exists' in r.stderr, r
    o = os.path.join(d, 'o.db')
    db = sqlite3.connect(o)
    db.execute('CREATE TABLE notes (body TEXT)')
    db.commit()
    db.close()
    before = read_bytes(o)
    r = cli('init', o, check=False)
    assert r.returncode == 1 and 'another program' in r.stderr, r
    assert read_bytes(o) == before


@test
def init_killed_leaves_no_half_project():
    """hashiya-cli init killed at random moments: afterwards the path is absent or a whole
    project that every command opens."""
    d = tmpdir()
    p = os.path.join(d, 'k.hashiya')
    t0 = time.monotonic()
    cli('init', p)
    duration = max(time.monotonic() - t0, 0.002)
    os.unlink(p)
    import random
    rng = random.Random(9)
    outcomes = {'absent': 0, 'whole': 0}
    for _ in range(40):
        proc = subprocess.Popen([os.environ['HASHIYA_CLI'], 'init', p],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, duration * 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if os.path.exists(p):
            r = cli('list', p, check=False)
            assert r.returncode == 0, r
            outcomes['whole'] += 1
            os.unlink(p)
        else:
            outcomes['absent'] += 1
        for name in os.listdir(d):
            os.unlink(os.path.join(d, name))
    print('# 40 killed inits: %(absent)d left no project, %(whole)d a whole one' % outcomes)


# ---- a full disk -------------------------------------------------------------------------

@test
def full_disk_reads_work_and_writes_say_so():
    d = tmpdir()
    disk = os.path.join(d, 'disk')
    os.mkdir(disk)
    r = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', disk],
                       capture_output=True, text=True)
    if r.returncode != 0:
        skip('cannot mount a small tmpfs here (needs root): ' + r.stderr.strip())
    try:
        p = project_with_article(disk)
        assert_no_sidecars(p)
        fd = os.open(os.path.join(disk, 'fill'), os.O_WRONLY | os.O_CREAT, 0o644)
        size = 4096
        while size > 0:
            try:
                os.write(fd, b'\0' * size)
            except OSError:
                size //= 2
        os.close(fd)
        before = read_bytes(p)

        r = cli('list', p)
        assert 'a.txt' in r.stdout, r
        r = cli('show', p, '1')
        assert 'a.txt' in r.stdout, r
        out = os.path.join(d, 'out.json')        # another disk
        cli('export', p, '--format', 'json', '-o', out)
        assert os.path.getsize(out) > 0
        cli('stats', p)
        assert_no_sidecars(p)

        r = cli('tag', p, '1', '0', '3', 'PER', check=False)
        assert r.returncode == 1, r
        assert 'the disk is full' in r.stderr and disk in r.stderr, r.stderr
        assert 'disk I/O error' not in r.stderr, r.stderr
        assert_no_sidecars(p)
        assert read_bytes(p) == before

        q = os.path.join(disk, 'q.hashiya')
        r = cli('init', q, check=False)
        assert r.returncode == 1 and 'the disk is full' in r.stderr, r
        assert sorted(os.listdir(disk)) == ['a.txt', 'fill', 'p.hashiya'], os.listdir(disk)
    finally:
        subprocess.run(['umount', disk])


# ---- busy --------------------------------------------------------------------------------

@test
def busy_has_its_own_exit_status():
    d = tmpdir()
    p = project_with_article(d)
    db = sqlite3.connect(p, isolation_level=None)
    db.execute('BEGIN IMMEDIATE')       # holds the write lock past the 5 s wait
    try:
        r = cli('tag', p, '1', '0', '3', 'PER', check=False)
    finally:
        db.execute('ROLLBACK')
        db.close()
    assert r.returncode == 75, r
    assert r.stderr.count('busy') == 1, r.stderr
    assert 'the project is busy: the project is busy' not in r.stderr, r.stderr
    # once free, the same command works
    cli('tag', p, '1', '0', '3', 'PER')


# ---- names and numbers -------------------------------------------------------------------

@test
def annotator_names_are_checked():
    d = tmpdir()
    p = project_with_article(d)
    before = read_bytes(p)
    for bad, what in [('', 'cannot be empty'), ('amira\nmallory', 'line break'),
                      ('a\tb', 'control character'), ('ب' * 65, '65 characters long')]:
        for args in (('tag', p, '1', '0', '3', 'PER'), ('judge', p, '1', '1', '-s', 'positive'),
                     ('import', p, os.path.join(d, 'a.txt'))):
            r = cli(*args, '--annotator', bad, check=False)
            assert r.returncode == 2 and what in r.stderr, (args, r)
    assert read_bytes(p) == before
    r = cli('tag', p, '1', '0', '3', 'PER', '--annotator', 'ب' * 64)
    assert r.returncode == 0


@test
def label_names_have_a_length_limit():
    d, p = new_project()
    r = cli('labels', p, 'add', 'L' * 10240, check=False)
    assert r.returncode == 1 and 'has at most 64' in r.stderr, r
    assert 'L' * 10240 not in cli('labels', p).stdout
    cli('labels', p, 'add', 'L' * 64)


@test
def huge_numbers_are_refused_as_typed():
    d = tmpdir()
    p = project_with_article(d)
    huge = '99999999999999999999'
    for args, what in [(('tag', p, '1', '0', huge, 'PER'), 'END'),
                       (('tag', p, '1', huge, huge + '1', 'PER'), 'START'),
                       (('untag', p, huge), 'SPAN_ID'),
                       (('judge', p, '1', huge, '-s', 'positive'), 'COMMENT_INDEX'),
                       (('judge', p, '1', '2147483648', '-s', 'positive'), 'COMMENT_INDEX'),
                       (('segment', p, '1', huge, 'comment'), 'SEGMENT_INDEX')]:
        r = cli(*args, check=False)
        assert r.returncode == 2, (args, r)
        assert what + ' is too large' in r.stderr, (args, r.stderr)
        assert '-1' not in r.stderr and '-9223372036854775808' not in r.stderr, r.stderr
    for args in (('show', p, huge), ('tag', p, huge, '0', '3', 'PER')):
        r = cli(*args, check=False)
        assert r.returncode == 1 and huge in r.stderr, (args, r)
        assert '-9223372036854775808' not in r.stderr, r.stderr
    r = cli('tag', p, '1', '0', '9223372036854775807', 'PER', check=False)
    assert r.returncode == 1 and '9223372036854775807' in r.stderr, r


@test
def grapheme_error_names_no_phantom_document():
    """A refused span of an imported file names the file's document, not the id the refused
    import would have given it."""
    d = tmpdir()
    p = project_with_article(d)
    j = os.path.join(d, 'g.jsonl')
    with open(j, 'w', encoding='utf-8') as f:
        f.write('{"text": "مُحَمَّد زار هنا", "entities": [{"start": 0, "end": 1, "label": "PER"}]}\n')
    r = cli('import', p, j, '--format', 'jsonl', check=False)
    assert r.returncode == 1 and 'character cluster' in r.stderr, r
    assert 'document 2' not in r.stderr, r.stderr
    assert 'g.jsonl#1' in r.stderr, r.stderr
    r = cli('show', p, '2', check=False)
    assert r.returncode == 1


if __name__ == '__main__':
    taplib.run()
