#!/bin/sh
# annotate.sh CLI PROJECT: pre-annotates the bundled sample articles so the demo opens with
# visible entity highlights and a few comment judgements.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Offsets are found by searching the document text (from `CLI show PROJECT DOC --json`,
# falling back to the sample file itself) for each string, so they stay right if the
# articles are edited.  Every failure is a warning: the script always exits 0.
if [ $# -ne 2 ]; then
  echo "usage: $0 HASHIYA-CLI PROJECT" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
[ -x "$py" ] || py=python3
"$py" - "$1" "$2" "$here" <<'PYEOF' || echo "annotate.sh: warning: pre-annotation failed" >&2
import json
import os
import subprocess
import sys

cli, project, here = sys.argv[1:4]


def default_annotator():
    """The name the app records by default (its `annotator` setting empty): the real name, as
    g_get_real_name() reads it from the password database, else the login name. The demo's
    judgements are then the user's own and show up in the window. $HASHIYA_ANNOTATOR overrides."""
    if os.environ.get('HASHIYA_ANNOTATOR'):
        return os.environ['HASHIYA_ANNOTATOR']
    login = os.environ.get('USER', '')
    try:
        import pwd
        entry = pwd.getpwuid(os.getuid())
        login = entry.pw_name or login
        real = entry.pw_gecos.split(',')[0].replace('&', entry.pw_name.capitalize()).strip()
        if real and real != 'Unknown':
            return real
    except (ImportError, KeyError):
        pass
    return login or 'sample'


ANNOTATOR = default_annotator()
warnings = 0


def warn(msg):
    global warnings
    warnings += 1
    print('annotate.sh: warning: ' + msg, file=sys.stderr)


def run(*args):
    try:
        r = subprocess.run([cli] + list(args), capture_output=True, text=True)
    except OSError as e:
        return None, str(e)
    if r.returncode != 0:
        return None, (r.stderr or r.stdout).strip()
    return r.stdout, None


def longest_text(node):
    """The longest string stored under a "text" key anywhere in the JSON."""
    best = ''
    if isinstance(node, dict):
        for k, v in node.items():
            if k == 'text' and isinstance(v, str) and len(v) > len(best):
                best = v
            else:
                sub = longest_text(v)
                if len(sub) > len(best):
                    best = sub
    elif isinstance(node, list):
        for v in node:
            sub = longest_text(v)
            if len(sub) > len(best):
                best = sub
    return best


def file_text(path):
    with open(path, encoding='utf-8-sig') as f:
        data = f.read()
    return data.replace('\r\n', '\n').replace('\r', '\n')


def document(name):
    """(doc id for the CLI, text) for an imported sample file."""
    stem = os.path.splitext(name)[0]
    for doc in (name, stem, os.path.join(here, name)):
        out, err = run('show', project, doc, '--json')
        if out is None:
            continue
        try:
            text = longest_text(json.loads(out))
        except ValueError:
            text = ''
        if text:
            return doc, text
        warn('%s: `show --json` gave no text; using the file itself' % name)
        return doc, file_text(os.path.join(here, name))
    warn('%s: not found in %s (%s)' % (name, project, err))
    return None, None


def tag(doc, text, needle, label, nth=1):
    pos = -1
    for _ in range(nth):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            warn('%s: "%s" not found' % (doc, needle))
            return
    out, err = run('tag', project, doc, str(pos), str(pos + len(needle)), label,
                   '--annotator', ANNOTATOR)
    if out is None:
        warn('%s: tag %s %d-%d failed: %s' % (doc, label, pos, pos + len(needle), err))


def judge(doc, index, *opts):
    out, err = run('judge', project, doc, str(index), *opts, '--annotator', ANNOTATOR)
    if out is None:
        warn('%s: judge comment %d failed: %s' % (doc, index, err))


SAMPLES = {
    'basra-desalination.txt': {
        'spans': [
            ('نور الهدى الساعدي', 'PER'),
            ('أبي الخصيب', 'LOC'),
            ('البصرة', 'LOC'),
            ('12 آذار/مارس 2025', 'DATE'),
            ('الحكومة العراقية', 'ORG'),
            ('منظمة الأمم المتحدة للطفولة', 'ORG'),
            ('UNICEF', 'ORG'),
            ('مديرية ماء البصرة', 'ORG', 3),
            ('عادل الحلفي', 'PER'),
            ('شط العرب', 'LOC', 2),
            ('دجلة', 'LOC'),
            ('الفرات', 'LOC'),
            ('جامعة البصرة', 'ORG'),
            # nested: the city inside the university's name
            ('البصرة الدكتورة', 'LOC-PREFIX'),
            ('هيفاء المنصوري', 'PER'),
            ('منظمة الأغذية والزراعة', 'ORG'),
            ('FAO', 'ORG'),
            ('تشرين الثاني/نوفمبر 2024', 'DATE'),
            ('حيدر الكعبي', 'PER'),
            ('1 تموز/يوليو 2025', 'DATE'),
            ('الفاو', 'LOC'),
        ],
        'judgements': [
            (1, '--sentiment', 'positive', '--offensive', 'no', '--hate', 'no',
             '--decision', 'approve'),
            (3, '--sentiment', 'negative', '--offensive', 'yes', '--hate', 'no',
             '--decision', 'review', '--note', 'يتهم المسؤولين بالسرقة بألفاظ جارحة'),
        ],
    },
    'qalam-app.txt': {
        'spans': [
            ('ليث الحوراني', 'PER'),
            ('إربد', 'LOC'),
            ('3 نيسان/أبريل 2025', 'DATE'),
            ('Qalam Labs', 'ORG'),
            ('رنا الخطيب', 'PER'),
            ('UNESCO', 'ORG'),
            ('وزارة التربية والتعليم الأردنية', 'ORG'),
            ('سناء العمري', 'PER'),
            ('مخيم الزعتري', 'LOC'),
            ('GIZ', 'ORG'),
        ],
        'judgements': [
            (3, '--sentiment', 'negative', '--offensive', 'yes', '--hate', 'no',
             '--decision', 'reject', '--note', 'شتيمة للشركة من دون حجة'),
        ],
    },
}

for name, plan in SAMPLES.items():
    if not os.path.exists(os.path.join(here, name)):
        continue
    doc, text = document(name)
    if doc is None:
        continue
    for entry in plan['spans']:
        needle, label = entry[0], entry[1]
        nth = entry[2] if len(entry) > 2 else 1
        if label == 'LOC-PREFIX':
            # tag only the first word of the needle (used for a nested span)
            pos = text.find(needle)
            if pos < 0:
                warn('%s: "%s" not found' % (doc, needle))
                continue
            word = needle.split(' ')[0]
            out, err = run('tag', project, doc, str(pos), str(pos + len(word)), 'LOC',
                           '--annotator', ANNOTATOR)
            if out is None:
                warn('%s: nested tag failed: %s' % (doc, err))
            continue
        tag(doc, text, needle, label, nth)
    for j in plan['judgements']:
        judge(doc, j[0], *j[1:])

if warnings:
    print('annotate.sh: %d warning(s); the sample project may have fewer annotations'
          % warnings, file=sys.stderr)
PYEOF
exit 0
