# taplib.py: a tiny TAP producer for the Python test scripts (run by meson with protocol: 'tap')
# SPDX-License-Identifier: GPL-3.0-or-later
import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

_tests = []
_dirs = []


def test(fn):
    """Decorator: register a test function."""
    _tests.append(fn)
    return fn


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


def tmpdir(prefix='hashiya-test-'):
    """A fresh temporary directory, removed at exit unless HASHIYA_KEEP_TMP is set."""
    d = tempfile.mkdtemp(prefix=prefix)
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


def run():
    print('1..%d' % len(_tests), flush=True)
    failed = 0
    for i, fn in enumerate(_tests, 1):
        name = fn.__name__
        try:
            fn()
            print('ok %d %s' % (i, name), flush=True)
        except Skip as s:
            print('ok %d %s # SKIP %s' % (i, name, s), flush=True)
        except Exception:
            failed += 1
            print('not ok %d %s' % (i, name), flush=True)
            for line in traceback.format_exc().splitlines():
                print('# ' + line, flush=True)
    sys.exit(1 if failed else 0)
