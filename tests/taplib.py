# taplib.py: a tiny TAP producer for the Python test scripts (run by meson with protocol: 'tap')
# SPDX-License-Identifier: GPL-3.0-or-later
import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

# the shared seed article (under $HASHIYA_SHARED/seeds)
SEED = '000_0931c406bb116436.txt'

_tests = []
_dirs = []


def test(fn):
    """Decorator: register a test function."""
    _tests.append(fn)
    return fn


_todo = {}


def todo(reason):
    """Decorator (above @test): a known defect, reported as TAP "# TODO" so the suite stays
    green while it is open; meson turns its unexpected pass into a failure, so the mark is
    removed when the defect is fixed."""
    def mark(fn):
        _todo[fn] = reason
        return fn
    return mark


class Skip(Exception):
    pass


def skip(reason):
    raise Skip(reason)


def shared_path(*parts):
    """Path inside ../shared, or skip the test visibly when it is absent."""
    base = os.environ.get('HASHIYA_SHARED', '')
    p = os.path.join(base, *parts)
    if not base or not os.path.exists(p):
        skip('../shared not present: %s' % p)
    return p


def tmpdir():
    """A fresh temporary directory, removed at exit unless HASHIYA_KEEP_TMP is set."""
    script = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    d = tempfile.mkdtemp(prefix='hashiya-%s-' % script)
    _dirs.append(d)
    return d


@atexit.register
def _cleanup():
    if not os.environ.get('HASHIYA_KEEP_TMP'):
        for d in _dirs:
            shutil.rmtree(d, ignore_errors=True)


def cli(*args, check=True, input=None, env=None):
    """Run the built hashiya-cli; returns CompletedProcess with text stdout/stderr."""
    exe = os.environ['HASHIYA_CLI']
    e = dict(os.environ)
    if env:
        e.update(env)
    r = subprocess.run([exe] + [str(a) for a in args], capture_output=True, text=True,
                       input=input, env=e)
    if check and r.returncode != 0:
        raise AssertionError('hashiya-cli %s exited %d\nstdout: %s\nstderr: %s'
                             % (' '.join(map(str, args)), r.returncode, r.stdout, r.stderr))
    return r


def new_project():
    """A new empty project p.hashiya in a fresh temp dir; returns (dir, project)."""
    d = tmpdir()
    p = os.path.join(d, 'p.hashiya')
    cli('init', p)
    return d, p


def seed_project():
    """A fresh project in a temp dir with the shared seed article imported; returns (dir, project)."""
    seed = shared_path('seeds', SEED)
    d, p = new_project()
    shutil.copy(seed, os.path.join(d, SEED))
    r = cli('import', p, os.path.join(d, SEED))
    assert SEED in r.stdout, r.stdout
    return d, p


def find(text, needle, after=0):
    """(start, end) of needle in text at or after after; fails when absent."""
    i = text.find(needle, after)
    assert i >= 0, 'not found: %s' % needle
    return i, i + len(needle)


def run():
    print('1..%d' % len(_tests), flush=True)
    failed = 0
    for i, fn in enumerate(_tests, 1):
        name = fn.__name__
        try:
            fn()
            if fn in _todo:
                print('ok %d %s # TODO %s' % (i, name, _todo[fn]), flush=True)
                continue
            print('ok %d %s' % (i, name), flush=True)
        except Skip as s:
            print('ok %d %s # SKIP %s' % (i, name, s), flush=True)
        except Exception:
            if fn in _todo:
                print('not ok %d %s # TODO %s' % (i, name, _todo[fn]), flush=True)
                for line in traceback.format_exc().splitlines()[-3:]:
                    print('# ' + line, flush=True)
                continue
            failed += 1
            print('not ok %d %s' % (i, name), flush=True)
            for line in traceback.format_exc().splitlines():
                print('# ' + line, flush=True)
    sys.exit(1 if failed else 0)
