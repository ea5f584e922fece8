# faultlib.py: what the crash harnesses share: reading a project file with Debian python3's
# sqlite3 (integrity and a canonical snapshot), running a process and killing it with SIGKILL
# at a chosen moment
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import signal
import sqlite3
import subprocess
import time


def integrity(path):
    """'ok', or what PRAGMA integrity_check and foreign_key_check report."""
    con = sqlite3.connect(path, timeout=10)
    try:
        rows = [r[0] for r in con.execute('PRAGMA integrity_check')]
        fk = con.execute('PRAGMA foreign_key_check').fetchall()
    finally:
        con.close()
    if rows == ['ok'] and not fk:
        return 'ok'
    return 'integrity_check: %s; foreign_key_check: %s' % (rows[:5], fk[:5])


def _columns(con, table):
    return [r[1] for r in con.execute('PRAGMA table_info("%s")' % table)]


def _rows(con, table, skip=()):
    cols = [c for c in _columns(con, table) if c not in skip]
    if not cols:
        return []
    q = 'SELECT %s FROM "%s"' % (', '.join('"%s"' % c for c in cols), table)
    return sorted(tuple(r) for r in con.execute(q))


# Columns that hold the time of writing: two runs of the same action differ there only.
TIME_COLUMNS = ('imported_at', 'created', 'modified')


def snapshot(path):
    """Everything the project holds that an action can change, without write times: a dict
    table -> sorted list of rows. None when the file does not exist."""
    if not os.path.exists(path):
        return None
    con = sqlite3.connect(path, timeout=10)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        snap = {t: _rows(con, t, TIME_COLUMNS) for t in sorted(tables)}
        seq = con.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone()
        if seq:
            snap['sqlite_sequence'] = sorted(con.execute('SELECT name, seq FROM sqlite_sequence'))
    finally:
        con.close()
    return snap


def copy_project(src, dst):
    """A consistent copy of a project (SQLite's backup API: the -wal is folded in)."""
    for suffix in ('', '-wal', '-shm', '-journal'):
        if os.path.exists(dst + suffix):
            os.unlink(dst + suffix)
    a = sqlite3.connect(src, timeout=10)
    b = sqlite3.connect(dst)
    try:
        a.backup(b)
    finally:
        a.close()
        b.close()


def diff(a, b, limit=3):
    """A short description of how snapshot b differs from a."""
    if a is None or b is None:
        return 'one side has no file (%s / %s)' % (a is None, b is None)
    out = []
    for t in sorted(set(a) | set(b)):
        ra, rb = set(a.get(t, [])), set(b.get(t, []))
        if ra != rb:
            out.append('%s: missing %s, extra %s' % (t, sorted(ra - rb)[:limit],
                                                      sorted(rb - ra)[:limit]))
    return '; '.join(out) or 'same'


class Run:
    """One process, started now and killed with SIGKILL after delay seconds unless it ended
    first. killed is True when the signal is what ended it."""

    def __init__(self, argv, delay, env=None, cwd=None):
        self.argv = argv
        t0 = time.monotonic()
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                             cwd=cwd, text=True)
        try:
            out, err = p.communicate(timeout=delay if delay is not None else 120)
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGKILL)
            out, err = p.communicate()
        self.elapsed = time.monotonic() - t0
        self.rc = p.returncode
        self.stdout, self.stderr = out, err
        self.killed = self.rc == -signal.SIGKILL
