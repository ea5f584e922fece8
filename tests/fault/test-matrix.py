# test-matrix.py: the bad-input matrix (issue 9): every kind of bad input or hostile
# situation, each asserting hashiya-cli's exit status, that its message names the file and the
# position, and that the project file's bytes are unchanged (nothing left beside it either).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Cases whose fix is not on this branch carry the issue point: while they fail they report
# `not ok … # TODO issue 9 point N` (an expected failure); once they pass they report `ok` with
# a note. The table of every case is printed at the end (TAP comments).
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import taplib  # noqa: E402
from taplib import skip, Skip  # noqa: E402

SOURCE = os.environ.get('HASHIYA_SOURCE_DIR', os.path.join(os.path.dirname(__file__), '..', '..'))
SAMPLE = os.path.join(SOURCE, 'data', 'sample', 'qalam-app.txt')
# a position in a message: "line 3", "byte 12", "character 40", "offset 7", "3:14", "column 2"
# a place in the file: a line, byte, character or column, FILE:LINE[:COLUMN], or the record
# of a file of records (a Label Studio task, a JSON document, an entity)
POSITION = re.compile(r'(line|byte|character|offset|column|position|task|document|entity)s? \d+|:\d+(:\d+)?\b')

cases = []      # (fn, point)
table = []      # (name, point, result, what was seen)


def case(point=None):
    def deco(fn):
        cases.append((fn, point))
        return fn
    return deco


# -- helpers -------------------------------------------------------------------------------

def project(d=None, name='p.hashiya'):
    """A project with the sample article and one span; no -wal left (the CLI checkpointed)."""
    d = d or taplib.tmpdir()
    p = os.path.join(d, name)
    taplib.cli('init', p)
    taplib.cli('import', p, SAMPLE)
    taplib.cli('tag', p, '1', '0', '5', 'LOC')
    return d, p


def state(p):
    """The project's bytes and the names of the files beside it that start with its name."""
    d = os.path.dirname(p)
    with open(p, 'rb') as f:
        data = f.read()
    return data, sorted(f for f in os.listdir(d) if f.startswith(os.path.basename(p)))


def write(d, name, data):
    path = os.path.join(d, name)
    with open(path, 'wb' if isinstance(data, bytes) else 'w',
              **({} if isinstance(data, bytes) else {'encoding': 'utf-8'})) as f:
        f.write(data)
    return path


def run(*args, timeout=60, env=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([os.environ['HASHIYA_CLI']] + [str(a) for a in args],
                          capture_output=True, text=True, timeout=timeout, env=e,
                          errors='replace')


def refused(r, p, before, name, position=True, status=1, beside=True):
    """r exited with status (any non-zero when status is None), its message names name (a
    file) and, when position is set, a position, and the project is as before."""
    msg = r.stderr.strip()
    seen = 'exit %d: %s' % (r.returncode, msg[:300])
    if status is None:
        assert r.returncode > 0, 'expected a refusal with a message; got ' + seen
    else:
        assert r.returncode == status, 'expected exit %d; got %s' % (status, seen)
    assert msg.count('\n') < 8, 'a short message, not a dump: ' + seen
    assert os.path.basename(name) in msg, 'the message does not name %s: %s' % (os.path.basename(name), seen)
    if position:
        assert POSITION.search(msg), 'the message gives no position (line, byte, …): ' + seen
    if p is not None:
        after = state(p)
        assert after[0] == before[0], 'the project file changed: ' + seen
        assert not beside or after[1] == before[1], 'files beside the project: %s, before %s (%s)' % (after[1], before[1], seen)
    return seen


def import_refused(name, data, fmt=None, position=True):
    d, p = project()
    f = write(d, name, data)
    before = state(p)
    r = run('import', p, f, *(['-f', fmt] if fmt else []))
    return refused(r, p, before, f, position)


class Mount:
    """A small tmpfs mounted here (root only); skips the case when mounting is not permitted."""

    def __init__(self, size='2m'):
        self.dir = taplib.tmpdir()
        r = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=%s,mode=0755' % size, 'tmpfs', self.dir],
                           capture_output=True, text=True)
        if r.returncode != 0:
            skip('cannot mount a tmpfs here (%s): run as root with mount permitted' % r.stderr.strip())

    def fill(self):
        """Fills the file system to the last byte."""
        fd = os.open(os.path.join(self.dir, 'filler'), os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            for size in (65536, 4096, 1):
                try:
                    while os.write(fd, b'\0' * size) > 0:
                        pass
                except OSError:
                    pass
        finally:
            os.close(fd)

    def readonly(self):
        subprocess.run(['mount', '-o', 'remount,ro', self.dir], check=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        subprocess.run(['umount', '-l', self.dir], capture_output=True)


def full_disk_project():
    m = Mount('1m')
    d, p = project(m.dir)
    m.fill()
    return m, d, p


# -- inputs the readers already refuse -------------------------------------------------------

@case()
def invalid_utf8():
    return import_refused('bad-utf8.txt', 'قال أحمد'.encode() + b'\xff\xfe' + ' في بغداد'.encode())


@case()
def nul_byte():
    return import_refused('nul.txt', 'قال أحمد'.encode() + b'\0' + ' في بغداد'.encode())


@case()
def empty_file():
    return import_refused('empty.txt', b'', position=False)


@case()
def whitespace_only_file():
    return import_refused('blank.txt', b' \n\n\t\n', position=False)


@case()
def directory():
    d, p = project()
    sub = os.path.join(d, 'folder.txt')
    os.mkdir(sub)
    before = state(p)
    return refused(run('import', p, sub), p, before, sub, position=False)


@case()
def unreadable_file():
    d, p = project()
    f = write(d, 'secret.txt', 'قال أحمد')
    os.chmod(f, 0)
    before = state(p)
    if os.geteuid() != 0:
        return refused(run('import', p, f), p, before, f, position=False)
    # root reads a mode 000 file: run hashiya-cli as nobody, owner of the project but not of f
    setpriv = shutil.which('setpriv')
    if setpriv is None:
        skip('running as root without setpriv to drop to another user')
    for path in (d, p):
        os.chown(path, 65534, 65534)
    r = subprocess.run([setpriv, '--reuid=65534', '--regid=65534', '--clear-groups',
                        os.environ['HASHIYA_CLI'], 'import', p, f],
                       capture_output=True, text=True, timeout=60)
    return refused(r, p, before, f, position=False)


@case()
def missing_file():
    d, p = project()
    before = state(p)
    f = os.path.join(d, 'nowhere.txt')
    return refused(run('import', p, f), p, before, f, position=False)


@case()
def binary_file():
    png = b'\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xffa'
    return import_refused('picture.png', png)


@case()
def json_syntax_error():
    return import_refused('broken.json', '{"format": "hashiya/1",\n "documents": [ {"text": "x",, } ]\n}\n',
                          fmt='json')


@case()
def jsonl_bad_line():
    return import_refused('broken.jsonl', '{"text": "قال أحمد", "entities": []}\n{"text": \n', fmt='jsonl')


@case()
def json_span_outside_text():
    doc = {'format': 'hashiya/1', 'documents': [
        {'text': 'قال أحمد', 'entities': [{'start': 4, 'end': 40, 'label': 'PER'}]}]}
    return import_refused('range.json', json.dumps(doc, ensure_ascii=False), fmt='json')


# -- projects that are not (or no longer) what they should be --------------------------------

def open_refused(p, *cmd, position=False):
    before = state(p)
    r = run(*cmd)
    return refused(r, p, before, p, position=position, status=None)


@case()
def truncated_project():
    d, p = project()
    with open(p, 'r+b') as f:
        f.truncate(3000)
    return open_refused(p, 'list', p)


@case()
def damaged_page_project():
    d, p = project()
    with open(p, 'r+b') as f:
        f.seek(20000)
        f.write(b'\xde\xad' * 600)
    return open_refused(p, 'tag', p, '1', '6', '10', 'PER')


@case()
def damaged_project_leaves_nothing_beside_it():
    out = []
    for cut in (3000, None):
        d, p = project()
        with open(p, 'r+b') as f:
            if cut:
                f.truncate(cut)
            else:
                f.seek(100)
                f.write(b'\xde\xad' * 600)
        before = state(p)
        for cmd in (['list', p], ['show', p, '1'], ['tag', p, '1', '6', '10', 'PER']):
            run(*cmd)
            after = state(p)
            assert after == before, '%s on a damaged project left %s beside it' % (cmd[0], after[1])
        out.append('truncated' if cut else 'damaged header')
    return ', '.join(out) + ': nothing left beside'


@case()
def foreign_sqlite_database():
    d = taplib.tmpdir()
    p = os.path.join(d, 'other.hashiya')
    con = sqlite3.connect(p)
    con.execute('CREATE TABLE songs (title TEXT)')
    con.commit()
    con.close()
    return open_refused(p, 'tag', p, '1', '0', '3', 'PER')


@case()
def not_a_database():
    d = taplib.tmpdir()
    p = write(d, 'notes.hashiya', 'ليس هذا مشروعًا\n' * 200)
    return open_refused(p, 'list', p)


@case()
def newer_project():
    d, p = project()
    con = sqlite3.connect(p)
    con.execute('PRAGMA user_version = 999')
    con.close()
    seen = open_refused(p, 'tag', p, '1', '6', '10', 'PER')
    assert 'newer' in seen or '999' in seen, 'the message should say the project is newer: ' + seen
    return seen


@case()
def read_only_project_refuses_writes():
    m = Mount('4m')
    with m:
        d, p = project(m.dir)
        m.readonly()
        before = state(p)
        return refused(run('tag', p, '1', '6', '10', 'PER'), p, before, p, position=False, status=None)


@case()
def read_only_project_list():
    """Reading a read-only project: it works, or it is refused with a message; never altered."""
    m = Mount('4m')
    with m:
        d, p = project(m.dir)
        m.readonly()
        before = state(p)
        r = run('list', p)
        if r.returncode == 0:
            assert state(p) == before
            return 'list works'
        return refused(r, p, before, p, position=False, status=None)


# -- full disk (issue 9, points 7 and 9) ------------------------------------------------------

@case()
def full_disk_write_refused_unchanged():
    m, d, p = full_disk_project()
    with m:
        before = state(p)
        f = os.path.join(SOURCE, 'data', 'sample', 'basra-desalination.txt')
        # (what it leaves beside the project is point 9: full_disk_leaves_nothing_beside)
        return refused(run('import', p, f), p, before, p, position=False, status=None, beside=False)


@case()
def full_disk_message_says_so():
    m, d, p = full_disk_project()
    with m:
        r = run('tag', p, '1', '6', '10', 'PER')
        assert r.returncode != 0, r.stdout
        assert re.search(r'full|space|ENOSPC', r.stderr, re.I), 'the message does not say the disk is full: ' + r.stderr
        return r.stderr.strip()


@case()
def full_disk_reading_works():
    m, d, p = full_disk_project()
    with m:
        out = []
        for cmd in (['list', p], ['show', p, '1'], ['export', p, '-f', 'json', '-o',
                                                    os.path.join(taplib.tmpdir(), 'out.json')]):
            r = run(*cmd)
            out.append('%s: exit %d %s' % (cmd[0], r.returncode, r.stderr.strip()))
        assert all(': exit 0' in o for o in out), '; '.join(out)
        return 'list, show, export to another disk work'


@case()
def full_disk_leaves_nothing_beside():
    m, d, p = full_disk_project()
    with m:
        before = state(p)
        run('list', p)
        run('tag', p, '1', '6', '10', 'PER')
        after = state(p)
        assert after == before, 'after list and a refused tag: %s (before %s)' % (after[1], before[1])
        return 'nothing left'


@case()
def init_on_full_disk_leaves_no_file():
    m = Mount('1m')
    with m:
        m.fill()
        p = os.path.join(m.dir, 'new.hashiya')
        r = run('init', p)
        assert r.returncode != 0, r.stdout
        left = [f for f in os.listdir(m.dir) if f.startswith('new.hashiya')]
        assert not left, 'a failed init left %s (exit %d: %s)' % (left, r.returncode, r.stderr.strip())
        return r.stderr.strip()


@case()
def init_over_the_empty_file_a_killed_init_left():
    d = taplib.tmpdir()
    p = write(d, 'p.hashiya', b'')
    r = run('init', p)
    assert r.returncode == 0, 'init refuses the empty file: exit %d %s' % (r.returncode, r.stderr.strip())
    assert run('list', p).returncode == 0
    return r.stdout.strip()


# -- the other points of issue 9 ------------------------------------------------------------

@case()
def deeply_nested_json():
    n = 100000
    return import_refused('nested.json', '[' * n + ']' * n, fmt='json')


@case()
def deeply_nested_json_auto_detected():
    n = 100000
    return import_refused('nested2.json', '{"a":' * n + '1' + '}' * n)


def nul_escape(fmt, name, line):
    d, p = project()
    f = write(d, name, line)
    before = state(p)
    r = run('import', p, f, '-f', fmt)
    if r.returncode == 0:
        # accepted: then the whole text must be there, not cut at the NUL
        doc = json.loads(taplib.cli('show', p, '2', '--json').stdout)
        assert 'بغداد' in doc['text'], 'the text was cut at \\u0000: %r (exit 0, %s)' % (
            doc['text'], r.stdout.strip())
        return 'accepted whole'
    return refused(r, p, before, f)


@case()
def json_text_with_escaped_nul():
    doc = {'format': 'hashiya/1', 'documents': [{'text': 'قال أحمد\u0000 في بغداد', 'entities': []}]}
    return nul_escape('json', 'nul.json', json.dumps(doc, ensure_ascii=True))


@case()
def doccano_text_with_escaped_nul():
    return nul_escape('doccano', 'nul-doccano.jsonl',
                      json.dumps({'text': 'قال أحمد\u0000 في بغداد', 'label': []}) + '\n')


@case()
def article_starting_with_bracket():
    d, p = project()
    f = write(d, 'notice.txt', '[تنبيه] خبر عاجل من بغداد\n\nقال الوزير إن العمل مستمر في الموصل.\n')
    r = run('import', p, f)
    assert r.returncode == 0, 'refused: exit %d %s' % (r.returncode, r.stderr.strip())
    assert '(article)' in r.stdout, r.stdout
    return r.stdout.splitlines()[0]


@case()
def article_starting_with_brace():
    d, p = project()
    f = write(d, 'brace.txt', '{عاجل} انقطاع الكهرباء في البصرة\n\nقالت الوزارة إن الإصلاح جار.\n')
    r = run('import', p, f)
    assert r.returncode == 0, 'refused: exit %d %s' % (r.returncode, r.stderr.strip())
    return r.stdout.splitlines()[0]


@case()
def doccano_label_not_a_list():
    return import_refused('doccano.jsonl', json.dumps({'text': 'زار أحمد بغداد', 'label': 'PER'},
                                                      ensure_ascii=False) + '\n', fmt='doccano')


@case()
def spacy_spans_not_a_list():
    return import_refused('spacy.jsonl', json.dumps({'text': 'زار أحمد بغداد', 'spans': 'x'},
                                                    ensure_ascii=False) + '\n', fmt='spacy')


@case()
def label_studio_empty_labels():
    task = [{'data': {'text': 'زار أحمد بغداد'}, 'annotations': [{'result': [
        {'type': 'labels', 'from_name': 'label', 'to_name': 'text',
         'value': {'start': 4, 'end': 8, 'text': 'أحمد', 'labels': []}}]}]}]
    return import_refused('ls.json', json.dumps(task, ensure_ascii=False), fmt='label-studio')


def export_target(kind):
    d, p = project()
    out = os.path.join(d, 'out.json')
    return d, p, out


@case()
def export_onto_symlink_keeps_it():
    d, p, out = export_target('link')
    real = write(d, 'real.json', 'old')
    os.symlink('real.json', out)
    r = run('export', p, '-f', 'json', '-o', out)
    assert os.path.islink(out), 'the symlink was replaced by a plain file (exit %d)' % r.returncode
    if r.returncode == 0:
        with open(real, encoding='utf-8') as f:
            assert json.load(f)['documents'], 'the export did not go through the link'
    return 'exit %d, still a symlink' % r.returncode


@case()
def export_onto_fifo_keeps_it():
    d, p, out = export_target('fifo')
    os.mkfifo(out)
    got = []
    # a reader, so a writer that opens the FIFO does not block forever
    reader = threading.Thread(target=lambda: got.append(open(out, 'rb').read()), daemon=True)
    reader.start()
    r = run('export', p, '-f', 'json', '-o', out, timeout=30)
    ok = stat.S_ISFIFO(os.lstat(out).st_mode)
    if reader.is_alive():
        with open(out, 'wb'):
            pass
    assert ok, 'the FIFO was replaced by a plain file (exit %d %s)' % (r.returncode, r.stderr.strip())
    return 'exit %d, still a FIFO' % r.returncode


@case()
def export_onto_device_keeps_it():
    d, p, out = export_target('dev')
    try:
        os.mknod(out, 0o666 | stat.S_IFCHR, os.makedev(1, 3))   # a private /dev/null
    except PermissionError:
        skip('mknod is not permitted here')
    r = run('export', p, '-f', 'json', '-o', out)
    assert stat.S_ISCHR(os.lstat(out).st_mode), \
        'the device node was replaced by a plain file (exit %d %s)' % (r.returncode, r.stderr.strip())
    return 'exit %d, still a device' % r.returncode


@case()
def export_keeps_mode_of_overwritten_file():
    d, p, out = export_target('mode')
    write(d, 'out.json', 'old')
    os.chmod(out, 0o600)
    taplib.cli('export', p, '-f', 'json', '-o', out)
    mode = stat.S_IMODE(os.stat(out).st_mode)
    assert mode == 0o600, 'a 0600 file became %o' % mode
    return 'mode 0600 kept'


@case()
def busy_project_has_its_own_exit_status():
    d, p = project()
    con = sqlite3.connect(p, timeout=1, isolation_level=None)
    con.execute('BEGIN EXCLUSIVE')
    try:
        before_bytes = None
        r = run('tag', p, '1', '6', '10', 'PER', timeout=120)
    finally:
        con.execute('ROLLBACK')
        con.close()
    msg = r.stderr.strip()
    assert r.returncode not in (0, 1), 'busy exits %d, like bad data: %s' % (r.returncode, msg)
    assert msg.count('hashiya-cli:') <= 1, 'the prefix repeats: ' + msg
    return 'exit %d: %s' % (r.returncode, msg)


@case()
def huge_offsets_in_json_are_printed_as_given():
    doc = {'format': 'hashiya/1', 'documents': [
        {'text': 'قال أحمد', 'entities': [{'start': 99999999999999999999, 'end': 99999999999999999999, 'label': 'PER'}]}]}
    seen = import_refused('huge.json', json.dumps(doc), fmt='json')
    assert not re.search(r'-1\b|-9223372036854775808', seen), 'a huge offset printed as a negative number: ' + seen
    return seen


@case()
def huge_offsets_in_doccano_are_printed_as_given():
    seen = import_refused('huge.jsonl', json.dumps({'text': 'قال أحمد', 'label': [[9223372036854775807, 9223372036854775808, 'PER']]}) + '\n', fmt='doccano')
    assert not re.search(r'-1\b|-9223372036854775808', seen), 'a huge offset printed as a negative number: ' + seen
    return seen


@case()
def lone_surrogate_names_the_file_position():
    seen = import_refused('surrogate.json', '{"format": "hashiya/1", "documents": [\n {"text": "قال \\ud800 أحمد", "entities": []}\n]}\n', fmt='json')
    assert re.search(r'line \d+|\.json:\d+:\d+', seen), \
        'the position is not the file\'s line (a byte offset in the decoded string?): ' + seen
    return seen


@case()
def grapheme_error_names_no_phantom_document():
    doc = {'format': 'hashiya/1', 'documents': [{'source': 'a', 'text': 'abc'}, {'source': 'b', 'text': 'xe\u0301y', 'entities': [{'start': 2, 'end': 3, 'label': 'PER'}]}]}
    d = taplib.tmpdir()
    p = os.path.join(d, 'empty.hashiya')
    taplib.cli('init', p)
    f = write(d, 'grapheme.json', json.dumps(doc))
    before = state(p)
    seen = refused(run('import', p, f, '-f', 'json'), p, before, f)
    assert not re.search(r'in document \d+', seen), 'names a project document that does not exist: ' + seen
    return seen


@case()
def annotator_with_newline_refused():
    d, p = project()
    before = state(p)
    r = run('tag', '--annotator', 'a\nb', p, '1', '6', '10', 'PER')
    # a bad option value is a usage error (exit 2), as for every other option
    return refused(r, p, before, 'annotator', position=False, status=2)


@case()
def empty_annotator_refused():
    d, p = project()
    before = state(p)
    r = run('tag', '--annotator', '', p, '1', '6', '10', 'PER')
    return refused(r, p, before, 'annotator', position=False, status=None)


@case()
def label_of_10k_refused():
    d, p = project()
    before = state(p)
    r = run('labels', p, 'add', 'X' * 10000)
    return refused(r, p, before, 'label', position=False, status=None)


# -- the runner (taplib's, with TODO for the cases of unfixed points) ------------------------

def main():
    print('1..%d' % len(cases), flush=True)
    failed = 0
    for i, (fn, point) in enumerate(cases, 1):
        name = fn.__name__
        todo = ' # TODO issue 9 point %d' % point if point else ''
        try:
            seen = fn() or ''
            print('ok %d %s' % (i, name))
            if point:
                print('# %s passes: issue 9 point %d is fixed for it' % (name, point))
            table.append((name, point, 'ok', seen))
        except Skip as s:
            print('ok %d %s # SKIP %s' % (i, name, s))
            table.append((name, point, 'skip', str(s)))
        except Exception as e:
            text = '%s: %s' % (type(e).__name__, e)
            if point:
                print('not ok %d %s%s' % (i, name, todo))
                table.append((name, point, 'TODO (fails)', text))
            else:
                failed += 1
                print('not ok %d %s' % (i, name))
                table.append((name, point, 'FAIL', text))
            for line in text.splitlines()[:6]:
                print('# ' + line)
        sys.stdout.flush()
    print('# the matrix: case | issue 9 point | result | what hashiya-cli did')
    for name, point, result, seen in table:
        print('# %s | %s | %s | %s' % (name, point or '-', result, ' '.join(str(seen).split())[:160]))
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
