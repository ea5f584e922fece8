#!/usr/bin/env python3
# test-value-losses.py: span values (issue 14) in the formats that have no field for them:
# doccano, Label Studio, brat and spaCy list each value in the export's loss report and
# refuse --strict; JSON carries them (test-suggest.py), CoNLL reports them (likewise)
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import taplib  # noqa: E402
from taplib import cli, find, new_project, test  # noqa: E402

TEXT = 'عقد الاجتماع في 12 آذار 2019 في بغداد.\n'
FORMATS = ['doccano', 'label-studio', 'brat', 'spacy']


def valued_project(with_value=True):
    d, p = new_project()
    path = os.path.join(d, 'dated.txt')
    with open(path, 'w', encoding='utf-8') as f:
        f.write(TEXT)
    cli('import', '-q', p, path)
    s, e = find(TEXT, '12 آذار 2019')
    span = cli('tag', p, '1', s, e, 'DATE').stdout.strip()
    s, e = find(TEXT, 'بغداد')
    cli('tag', p, '1', s, e, 'LOC')
    if with_value:
        cli('value', p, span, '2019-03-12', '--calendar', 'gregorian')
    return d, p


def export(d, p, fmt, *args, check=True):
    out = os.path.join(d, 'out-' + fmt + ('' if fmt == 'brat' else '.json'))
    return cli('export', p, '--format', fmt, '-o', out, *args, check=check)


@test
def values_are_reported_as_lost():
    d, p = valued_project()
    for fmt in FORMATS:
        r = export(d, p, fmt)
        lines = [x for x in r.stderr.splitlines() if 'value 2019-03-12' in x]
        # one line, for the one span that has a value, naming the format and the calendar
        assert len(lines) == 1, (fmt, r.stderr)
        assert 'calendar gregorian' in lines[0], (fmt, lines)
        assert 'no field for span values' in lines[0], (fmt, lines)
        # --strict refuses what would lose it
        r = export(d, p, fmt, '--strict', check=False)
        assert r.returncode != 0, (fmt, r)


@test
def no_value_no_report():
    d, p = valued_project(with_value=False)
    for fmt in FORMATS:
        r = export(d, p, fmt)
        assert 'span values' not in r.stderr, (fmt, r.stderr)
        assert 'value ' not in r.stderr, (fmt, r.stderr)


taplib.run()
