# replay.py: every fuzz seed (corpus/TARGET/*) and every past crash input (crashes/TARGET/*)
# through the fuzz targets' own code built with the normal compiler (fuzz-replay); TAP.
# A crash input listed in crashes/known.txt is an expected failure (# TODO issue 9 point N)
# while it still crashes.
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import signal
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
replay = sys.argv[1]
# the replay program is built with -Db_sanitize (build-aux/dev test --sanitize)
sanitized = len(sys.argv) > 2 and sys.argv[2] not in ('', 'none')


# as the fuzzers run them: G_DEBUG=gc-friendly (the test environment's) zeroes GLib's fresh
# arrays and hides reads of uninitialised slots, which is what the brat crash is
ENV = {k: v for k, v in os.environ.items() if k != 'G_DEBUG'}


def run(target, files, timeout=120):
    try:
        r = subprocess.run([replay, target] + files, capture_output=True, text=True,
                           timeout=timeout, env=ENV)
    except subprocess.TimeoutExpired:
        return 'timed out after %d s' % timeout, ''
    if r.returncode == 0:
        return None, r.stderr
    how = ('killed by %s' % signal.Signals(-r.returncode).name) if r.returncode < 0 \
        else 'exit %d' % r.returncode
    return how, r.stderr


def known():
    out = {}
    with open(os.path.join(here, 'crashes', 'known.txt'), encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                name, why = line.split(None, 1)
                asan = why.startswith('asan ')
                out[name] = (why[5:].strip() if asan else why, asan)
    return out


def main():
    targets = subprocess.run([replay, '--list'], capture_output=True, text=True,
                             check=True).stdout.split()
    cases = []
    for t in targets:
        d = os.path.join(here, 'corpus', t)
        files = sorted(os.path.join(d, f) for f in os.listdir(d)) if os.path.isdir(d) else []
        cases.append(('corpus', t, files))
    crash_root = os.path.join(here, 'crashes')
    for t in sorted(os.listdir(crash_root)):
        d = os.path.join(crash_root, t)
        if os.path.isdir(d):
            for f in sorted(os.listdir(d)):
                cases.append(('crash', t, [os.path.join(d, f)]))
    todo = known()
    tmp = tempfile.mkdtemp(prefix='hashiya-fuzz-replay-')
    print('1..%d' % len(cases), flush=True)
    failed = 0
    for i, (kind, t, files) in enumerate(cases, 1):
        if kind == 'corpus':
            name = 'corpus %s: %d seed files' % (t, len(files))
            if t not in targets or not files:
                failed += 1
                print('not ok %d %s # no seeds for a target, or seeds for no target' % (i, name))
                continue
            err, log = run(t, files)
            if err is None:
                print('ok %d %s' % (i, name))
            else:
                failed += 1
                print('not ok %d %s: %s' % (i, name, err))
                for line in log.splitlines()[-15:]:
                    print('# ' + line)
            continue
        rel = '%s/%s' % (t, os.path.basename(files[0]))
        name = 'crash %s' % rel
        path = files[0]
        if path.endswith('.gen'):
            with open(path, encoding='utf-8') as f:
                data = eval(f.read())  # a Python expression written by us, in the repo
            path = os.path.join(tmp, os.path.basename(path)[:-4])
            with open(path, 'w', encoding='utf-8') as f:
                f.write(data)
        if t not in targets:
            failed += 1
            print('not ok %d %s # no target %s' % (i, name, t))
            continue
        err, log = run(t, [path])
        if err is None and rel in todo and todo[rel][1] and not sanitized:
            # an invalid read that lands in mapped memory without ASan: only the sanitizer
            # build tells; say so rather than calling it fixed
            print('ok %d %s # SKIP crashes reliably only under ASan: build-aux/dev test --sanitize '
                  'replays it (%s)' % (i, name, todo[rel][0]))
        elif err is None:
            print('ok %d %s' % (i, name))
            if rel in todo:
                print('# fixed (no longer crashes): remove "%s" from crashes/known.txt' % rel)
        elif rel in todo:
            print('not ok %d %s: %s # TODO %s' % (i, name, err, todo[rel][0]))
        else:
            failed += 1
            print('not ok %d %s: %s' % (i, name, err))
            for line in log.splitlines()[-15:]:
                print('# ' + line)
        sys.stdout.flush()
    for f in os.listdir(tmp):
        os.unlink(os.path.join(tmp, f))
    os.rmdir(tmp)
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
