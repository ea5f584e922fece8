#!/usr/bin/env python3
# test-export-targets.py: `export -o` onto links, FIFOs, devices and existing files; killed exports leave no temporary
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 9, point 8: -o onto a symlink, FIFO or device replaced it with a plain file (as
# root, -o /dev/null replaced /dev/null); an overwritten file lost its mode and owner; a
# killed export left FILE.tmp-XXXXXX behind forever.
import os
import signal
import stat
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import taplib  # noqa: E402
from taplib import cli, new_project, skip, test  # noqa: E402


def project_with_text():
    d, p = new_project()
    art = os.path.join(d, 'a.txt')
    with open(art, 'w', encoding='utf-8') as f:
        f.write('خبر عاجل من بغداد اليوم.\n\nفقرة ثانية في الخبر.\n')
    cli('import', p, art)
    return d, p


def temporaries(d):
    return [n for n in os.listdir(d) if '.tmp-' in n]


@test
def symlink_written_through():
    d, p = project_with_text()
    real = os.path.join(d, 'real.json')
    link = os.path.join(d, 'link.json')
    with open(real, 'w') as f:
        f.write('old')
    os.symlink('real.json', link)
    cli('export', p, '-f', 'json', '-o', link)
    assert os.path.islink(link), 'the link was replaced by a plain file'
    assert os.readlink(link) == 'real.json'
    with open(real, encoding='utf-8') as f:
        assert '"hashiya/1"' in f.read()
    # a link into another folder: the file there is replaced, nothing is left beside the link
    sub = os.path.join(d, 'sub')
    os.mkdir(sub)
    far = os.path.join(sub, 'far.conll')
    with open(far, 'w') as f:
        f.write('old')
    os.symlink(far, os.path.join(d, 'far-link.conll'))
    cli('export', p, '-f', 'conll', '-o', os.path.join(d, 'far-link.conll'))
    assert os.path.islink(os.path.join(d, 'far-link.conll'))
    with open(far, encoding='utf-8') as f:
        assert 'بغداد' in f.read()
    # a link to nothing is refused clearly and stays as it is
    dang = os.path.join(d, 'dang.json')
    os.symlink('missing/none.json', dang)
    r = cli('export', p, '-f', 'json', '-o', dang, check=False)
    assert r.returncode != 0 and dang in r.stderr and 'symbolic link' in r.stderr, r.stderr
    assert os.path.islink(dang) and not os.path.exists(dang)
    assert temporaries(d) == [] and temporaries(sub) == []


@test
def fifo_and_device_written_in_place():
    d, p = project_with_text()
    fifo = os.path.join(d, 'pipe')
    os.mkfifo(fifo)
    got = []

    def read():
        with open(fifo, encoding='utf-8') as f:
            got.append(f.read())
    # a daemon: when a regression replaces the FIFO, nobody ever opens it for writing
    t = threading.Thread(target=read, daemon=True)
    t.start()
    r = cli('export', p, '-f', 'json', '-o', fifo, check=False)
    t.join(30)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), 'the FIFO was replaced'
    assert r.returncode == 0, r.stderr
    assert got and '"hashiya/1"' in got[0], got
    assert temporaries(d) == []
    # a character device: our own node of /dev/null's device (never the real /dev/null, which
    # a regression would replace), so root only
    if os.geteuid() != 0:
        skip('making a device node needs root (the FIFO part passed)')
    null = os.path.join(d, 'null')
    rdev = os.stat('/dev/null').st_rdev
    os.mknod(null, 0o666 | stat.S_IFCHR, rdev)
    before = os.lstat(null)
    cli('export', p, '-f', 'conll', '-o', null)
    after = os.lstat(null)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == rdev, 'the device was replaced'
    assert after.st_ino == before.st_ino
    # through a link to it, too
    os.symlink(null, os.path.join(d, 'null-link'))
    cli('export', p, '-f', 'conll', '-o', os.path.join(d, 'null-link'))
    assert stat.S_ISCHR(os.lstat(null).st_mode) and os.path.islink(os.path.join(d, 'null-link'))
    assert temporaries(d) == []


@test
def replaced_file_keeps_mode_and_owner():
    d, p = project_with_text()
    out = os.path.join(d, 'out.json')
    with open(out, 'w') as f:
        f.write('old')
    os.chmod(out, 0o600)
    cli('export', p, '-f', 'json', '-o', out)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600, oct(os.stat(out).st_mode)
    os.chmod(out, 0o640)
    cli('export', p, '-f', 'json', '-o', out)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o640
    if os.geteuid() == 0:
        os.chown(out, 65534, 65534)
        cli('export', p, '-f', 'json', '-o', out)
        st = os.stat(out)
        assert (st.st_uid, st.st_gid) == (65534, 65534), (st.st_uid, st.st_gid)
        assert stat.S_IMODE(st.st_mode) == 0o640
    # a new file gets the umask's mode
    old = os.umask(0o027)
    try:
        new = os.path.join(d, 'new.json')
        cli('export', p, '-f', 'json', '-o', new)
        assert stat.S_IMODE(os.stat(new).st_mode) == 0o640
    finally:
        os.umask(old)
    with open(out, encoding='utf-8') as f:
        assert '"hashiya/1"' in f.read()


@test
def stale_temporaries_removed_live_ones_kept():
    d, p = project_with_text()
    out = os.path.join(d, 'out.json')
    stale = out + '.tmp-Ab12Cd'
    fresh = out + '.tmp-Zz99Yy'
    locked = out + '.tmp-Lk00Lk'
    other = os.path.join(d, 'other.json.tmp-Ab12Cd')
    for path in (stale, fresh, locked, other):
        with open(path, 'w') as f:
            f.write('half')
    old = time.time() - 3600
    for path in (stale, locked, other):
        os.utime(path, (old, old))
    # a live writer holds its temporary locked
    import fcntl
    holder = open(locked, 'a')
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        cli('export', p, '-f', 'json', '-o', out)
    finally:
        holder.close()
    assert not os.path.exists(stale), 'a dead export\'s temporary was left'
    assert os.path.exists(fresh), 'a temporary written to a moment ago was removed'
    assert os.path.exists(locked), 'a locked temporary (a live export) was removed'
    assert os.path.exists(other), 'another file\'s temporary was removed'


@test
def killed_export_leaves_no_temporary():
    d, p = project_with_text()
    # a document big enough that the export takes a while
    big = os.path.join(d, 'big.txt')
    with open(big, 'w', encoding='utf-8') as f:
        for i in range(40000):
            f.write('فقرة رقم %d من خبر طويل جدا عن بغداد والبصرة.\n\n' % i)
    cli('import', p, big)
    out = os.path.join(d, 'out.conll')
    with open(out, 'w') as f:
        f.write('old')
    exe = os.environ['HASHIYA_CLI']
    killed_while_running = 0
    for delay in (0.05, 0.1, 0.2, 0.3, 0.5):
        proc = subprocess.Popen([exe, 'export', p, '-f', 'conll', '-o', out],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if proc.poll() is None:
            killed_while_running += 1
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert temporaries(d) == [], temporaries(d)
        with open(out, encoding='utf-8') as f:
            content = f.read()
        assert content == 'old' or content.endswith('\n'), 'a half-written export replaced the file'
    if killed_while_running == 0:
        skip('every export finished before it could be killed')


taplib.run()
