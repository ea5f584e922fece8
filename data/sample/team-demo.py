#!/usr/bin/env python3
# team-demo.py HASHIYA-CLI DIR: two annotators' projects over the bundled sample articles, with
# deliberately different choices, merged into DIR/team.hashiya, agreed and auto-adjudicated.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Offsets are found by searching each document's text (from `show --json`), so they stay right
# if the articles are edited. Prints the agreement table and the disagreements left.
import json
import os
import subprocess
import sys

if len(sys.argv) != 3:
    sys.exit('usage: team-demo.py HASHIYA-CLI DIR')
cli_path, out = sys.argv[1:3]
here = os.path.dirname(os.path.abspath(__file__))
articles = ['qalam-app.txt', 'basra-desalination.txt']


def cli(*args):
    r = subprocess.run([cli_path] + [str(a) for a in args], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit('hashiya-cli %s: %s' % (' '.join(map(str, args)), r.stderr))
    return r.stdout


def text(p, doc):
    return json.loads(cli('show', p, doc, '--json'))['text']


def tag(p, doc, needle, label, who, nth=0):
    t = text(p, doc)
    i = -1
    for _ in range(nth + 1):
        i = t.find(needle, i + 1)
    if i < 0:
        print('team-demo: "%s" not found in %s' % (needle, doc), file=sys.stderr)
        return
    cli('tag', p, doc, i, i + len(needle), label, '--annotator', who)


# (needle, sara's label, omar's label); None = that annotator did not tag it
CHOICES = {
    'qalam-app.txt': [
        ('رنا الخطيب', 'PER', 'PER'), ('عمّان', 'LOC', 'LOC'), ('إربد', 'LOC', 'LOC'),
        ('Qalam Labs', 'ORG', None), ('شركة Qalam Labs', None, 'ORG'),
        ('منظمة الأمم المتحدة للتربية والعلم والثقافة', 'ORG', 'ORG'), ('UNESCO', 'ORG', None),
        ('سناء العمري', 'PER', 'PER'), ('وزارة التربية والتعليم الأردنية', 'ORG', 'ORG'),
        ('مخيم الزعتري', 'LOC', 'MISC'), ('باسل النعيمي', 'PER', 'PER'),
        ('الأكاديمية الأمريكية لطب الأطفال', 'ORG', 'ORG'), ('دبي', 'LOC', 'LOC'),
        ('أيلول/سبتمبر 2025', 'DATE', None), ('15 كانون الثاني/يناير 2026', 'DATE', 'DATE'),
    ],
    'basra-desalination.txt': [
        ('البصرة', 'LOC', 'LOC'), ('العراق', 'LOC', 'LOC'), ('شط العرب', 'LOC', 'LOC'),
    ],
}
JUDGEMENTS = {  # comment: (sara, omar) as judge options
    'qalam-app.txt': {
        1: (['--sentiment', 'positive', '--offensive', 'no', '--decision', 'approve'],
            ['--sentiment', 'positive', '--offensive', 'no', '--decision', 'approve']),
        2: (['--sentiment', 'negative', '--offensive', 'no', '--decision', 'approve'],
            ['--sentiment', 'negative', '--offensive', 'no', '--decision', 'review']),
        3: (['--sentiment', 'negative', '--offensive', 'yes', '--hate', 'no', '--decision', 'reject'],
            ['--sentiment', 'negative', '--offensive', 'yes', '--hate', 'no', '--decision', 'review']),
        4: (['--sentiment', 'mixed', '--offensive', 'no', '--decision', 'approve'],
            ['--sentiment', 'positive', '--offensive', 'no', '--decision', 'approve']),
        5: (['--sentiment', 'neutral', '--offensive', 'no', '--decision', 'approve'],
            ['--sentiment', 'neutral', '--offensive', 'no', '--decision', 'approve']),
    },
}

os.makedirs(out, exist_ok=True)
projects = []
for who, side in (('sara', 1), ('omar', 2)):
    p = os.path.join(out, who + '.hashiya')
    if os.path.exists(p):
        os.remove(p)
    cli('init', p)
    for art in (articles if who == 'sara' else reversed(articles)):   # other ids, same texts
        cli('import', p, os.path.join(here, art))
    for art, choices in CHOICES.items():
        for choice in choices:
            if choice[side]:
                tag(p, art, choice[0], choice[side], who)
    for art, comments in JUDGEMENTS.items():
        for c, opts in comments.items():
            cli('judge', p, art, c, *opts[side - 1], '--annotator', who)
    projects.append(p)

team = os.path.join(out, 'team.hashiya')
if os.path.exists(team):
    os.remove(team)
cli('init', team)
print(cli('merge', team, *projects), end='')
print(cli('agreement', team), end='')
print(cli('adjudicate', team, '--auto-agreed', '--into', 'gold'), end='')
print(cli('adjudicate', team, '--list'), end='')
