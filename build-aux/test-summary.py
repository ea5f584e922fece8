#!/usr/bin/env python3
# test-summary.py: one closing line "N passed, N failed, N skipped" from meson's testlog.json
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Counts TAP test cases (ok / not ok lines) of each test; a test that printed no TAP,
# or whose plan was not completed, counts by its own result. Exits 1 when anything failed.
import json
import re
import sys

passed = failed = skipped = 0
failures = []
plan_re = re.compile(r'^1\.\.(\d+)')
ok_re = re.compile(r'^(not ok|ok)\b(.*)$')

with open(sys.argv[1], encoding='utf-8') as f:
    for line in f:
        line = line.strip()
        if not line:
            continue
        t = json.loads(line)
        result = t.get('result', '')
        out = t.get('stdout') or ''
        planned = None
        seen = p = fl = sk = 0
        for l in out.splitlines():
            m = plan_re.match(l)
            if m:
                planned = int(m.group(1))
                continue
            m = ok_re.match(l)
            if not m:
                continue
            seen += 1
            rest = m.group(2)
            if m.group(1) == 'not ok':
                if '# TODO' in rest:
                    p += 1
                else:
                    fl += 1
                    failures.append('%s:%s' % (t['name'], rest.strip()))
            elif re.search(r'#\s*SKIP', rest, re.I):
                sk += 1
            else:
                p += 1
        if seen == 0:
            if result in ('OK', 'EXPECTEDFAIL'):
                p = 1
            elif result == 'SKIP':
                sk = 1
            else:
                fl = 1
                failures.append('%s: %s (no test output)' % (t['name'], result))
        else:
            missing = (planned - seen) if planned is not None and planned > seen else 0
            if missing:
                fl += missing
                failures.append('%s: %d planned test(s) never reported (crash?)' % (t['name'], missing))
            if result in ('FAIL', 'ERROR', 'TIMEOUT') and fl == 0:
                fl += 1
                failures.append('%s: %s (exit status %s)' % (t['name'], result, t.get('returncode')))
        passed += p
        failed += fl
        skipped += sk

for f in failures:
    print('FAILED: ' + f)
line = '%d passed, %d failed' % (passed, failed)
if skipped:
    line += ', %d skipped' % skipped
print(line)
sys.exit(1 if failed else 0)
