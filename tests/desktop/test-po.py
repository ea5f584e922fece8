# test-po.py: the Arabic translation is complete and valid, and po/ is up to date with the sources
# SPDX-License-Identifier: GPL-3.0-or-later
import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import taplib  # noqa: E402
from taplib import test, skip  # noqa: E402

SRC = os.environ['HASHIYA_SOURCE_DIR']
BUILD = os.environ['HASHIYA_BUILD_DIR']
PO = os.path.join(SRC, 'po')
AR_PO = os.path.join(PO, 'ar.po')
POT = os.path.join(PO, 'hashiya.pot')
PLURAL_FORMS = ('nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : '
                'n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;')

# meson's i18n.gettext(preset: 'glib') xgettext arguments; taken from meson itself when it can
# be imported, else this copy of meson 1.0's list.
GLIB_PRESET = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]
try:
    sys.path.append('/usr/lib/python3/dist-packages')
    from mesonbuild.modules.i18n import PRESET_ARGS
    GLIB_PRESET = list(PRESET_ARGS['glib'])
except Exception:  # meson not importable from this interpreter: use the copy
    pass

# What marks a source file as having translatable strings.
C_MARKERS = re.compile(r'(?<![A-Za-z0-9_])(_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2|'
                       r'dgettext|gettext)\s*\(\s*"')
UI_MARKER = re.compile(r'translatable\s*=\s*"(yes|true)"')


def parse_po(path):
    """{(msgctxt, msgid, msgid_plural): (msgstr list, flags)} of the live entries (no header)."""
    entries = {}
    cur = None
    last = None
    flags = set()

    def finish():
        if cur is not None and cur.get('msgid', '') != '':
            key = (cur.get('msgctxt'), cur['msgid'], cur.get('msgid_plural'))
            strs = [v for k, v in sorted(cur.items()) if k.startswith('msgstr')]
            entries[key] = (strs, cur['flags'])

    with open(path, encoding='utf-8') as f:
        for raw in f:
            line = raw.rstrip('\n')
            if line.startswith('#~'):
                continue  # obsolete
            if line.startswith('#,'):
                flags |= {x.strip() for x in line[2:].split(',')}
                continue
            if not line.strip() or line.startswith('#'):
                continue
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(\[\d\])?)\s+"(.*)"$', line)
            if m:
                kw = m.group(1)
                if kw == 'msgctxt' or (kw == 'msgid' and (cur is None or 'msgid' in cur)):
                    finish()
                    cur = {'flags': flags}
                    flags = set()
                cur[kw] = unescape(m.group(3))
                last = kw
                continue
            m = re.match(r'^"(.*)"$', line)
            if m and cur is not None and last:
                cur[last] += unescape(m.group(1))
                continue
            raise AssertionError('%s: cannot parse line %r' % (path, line))
    finish()
    return entries


def unescape(s):
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t', '"': '"', '\\': '\\'}.get(m.group(1), m.group(1)), s)


def read_list(path):
    with open(path, encoding='utf-8') as f:
        return [l.strip() for l in f if l.strip() and not l.lstrip().startswith('#')]


def tool(name):
    if shutil.which(name) is None:
        skip('%s is not installed' % name)
    return name


@test
def linguas_has_arabic():
    langs = ' '.join(read_list(os.path.join(PO, 'LINGUAS'))).split()
    assert 'ar' in langs, langs
    for lang in langs:
        assert os.path.exists(os.path.join(PO, lang + '.po')), 'LINGUAS lists %s without %s.po' % (lang, lang)


@test
def ar_po_compiles_complete():
    r = subprocess.run([tool('msgfmt'), '--check', '--statistics', '-o', os.devnull, AR_PO],
                       capture_output=True, text=True, env=dict(os.environ, LC_ALL='C'))
    assert r.returncode == 0, r.stderr
    stats = r.stderr.strip()
    assert re.match(r'^\d+ translated messages?\.$', stats), \
        'ar.po is not complete (no fuzzy or untranslated entries allowed): ' + stats


@test
def ar_po_header():
    header = ''
    with open(AR_PO, encoding='utf-8') as f:
        in_header = False
        for line in f:
            if line.startswith('msgstr ""'):
                in_header = True
            elif in_header and line.startswith('"'):
                header += unescape(line.strip()[1:-1])
            elif in_header:
                break
    fields = dict(l.split(': ', 1) for l in header.splitlines() if ': ' in l)
    assert fields.get('Plural-Forms') == PLURAL_FORMS, \
        'Plural-Forms must be Arabic\'s six forms, not %r' % fields.get('Plural-Forms')
    assert fields.get('Language') == 'ar'
    assert 'charset=UTF-8' in fields.get('Content-Type', '')


@test
def ar_po_no_fuzzy_or_empty():
    entries = parse_po(AR_PO)
    assert entries, 'ar.po has no entries'
    bad = []
    for (ctx, msgid, plural), (strs, flags) in entries.items():
        if 'fuzzy' in flags or not strs or any(s == '' for s in strs):
            bad.append(msgid)
        if plural is not None and len(strs) != 6:
            bad.append('%s (has %d plural forms, needs 6)' % (msgid, len(strs)))
    assert not bad, 'untranslated or fuzzy: %s' % bad[:10]


@test
def ar_po_matches_pot():
    pot = parse_po(POT)
    po = parse_po(AR_PO)
    missing = set(pot) - set(po)
    extra = set(po) - set(pot)
    assert not missing, 'in hashiya.pot but not in ar.po (run msgmerge): %s' % sorted(m[1] for m in missing)[:10]
    assert not extra, 'in ar.po but not in hashiya.pot: %s' % sorted(m[1] for m in extra)[:10]


@test
def potfiles_lists_every_translatable_file():
    listed = read_list(os.path.join(PO, 'POTFILES.in'))
    for f in listed:
        assert os.path.exists(os.path.join(SRC, f)), 'POTFILES.in lists %s, which does not exist' % f
    found = []
    for top in ('src',):
        for dirpath, _, files in os.walk(os.path.join(SRC, top)):
            for name in files:
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, SRC)
                if name.endswith(('.c', '.h')):
                    with open(path, encoding='utf-8', errors='replace') as f:
                        if C_MARKERS.search(f.read()):
                            found.append(rel)
                elif name.endswith('.ui'):
                    with open(path, encoding='utf-8', errors='replace') as f:
                        if UI_MARKER.search(f.read()):
                            found.append(rel)
    for name in os.listdir(os.path.join(SRC, 'data')):
        if name.endswith(('.desktop.in', '.metainfo.xml.in', '.gschema.xml')):
            found.append(os.path.join('data', name))
    missing = sorted(set(found) - set(listed))
    assert not missing, 'files with translatable strings missing from po/POTFILES.in: %s' % missing


@test
def pot_is_up_to_date():
    """Regenerates the template the way meson's hashiya-pot target does and compares msgids."""
    tool('xgettext')
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'fresh.pot')
        r = subprocess.run([
            'xgettext', '--package-name=hashiya', '-p', tmp, '-f', os.path.join(PO, 'POTFILES.in'),
            '-D', SRC, '-k_', '-o', out] + GLIB_PRESET, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        fresh = parse_po(out)
    committed = parse_po(POT)
    new = sorted(k[1] for k in set(fresh) - set(committed))
    gone = sorted(k[1] for k in set(committed) - set(fresh))
    assert not new and not gone, ('po/hashiya.pot is out of date (run `meson compile -C BUILD hashiya-pot`'
                                  ' and `hashiya-update-po`): new %s, gone %s' % (new[:8], gone[:8]))
    # The c-format flags must agree too: a wrong flag disables msgfmt's format checks.
    for key, (_, flags) in fresh.items():
        assert ('c-format' in flags) == ('c-format' in committed[key][1]), \
            'c-format flag differs for %r' % key[1]


@test
def arabic_plurals_choose_the_right_form():
    """Compiles ar.po and checks the plural formula with Python's gettext: 0, 1, 2, 3-10,
    11-99, 100-102 pick forms 0 to 5."""
    tool('msgfmt')
    with tempfile.TemporaryDirectory() as tmp:
        mo = os.path.join(tmp, 'ar.mo')
        subprocess.run(['msgfmt', '-o', mo, AR_PO], check=True)
        with open(mo, 'rb') as f:
            t = gettext.GNUTranslations(f)
    plurals = [k for k in parse_po(AR_PO) if k[2] is not None]
    if not plurals:
        skip('no plural message yet')
    entries = parse_po(AR_PO)
    ctx, singular, plural = plurals[0]
    forms = entries[plurals[0]][0]
    expect = {0: 0, 1: 1, 2: 2, 3: 3, 10: 3, 11: 4, 99: 4, 100: 5, 102: 5, 103: 3, 111: 4}
    for n, form in expect.items():
        got = t.ngettext(singular, plural, n)
        assert got == forms[form], 'n=%d gave %r, expected form %d %r' % (n, got, form, forms[form])


@test
def built_catalog_translates():
    mo = os.path.join(BUILD, 'po', 'ar', 'LC_MESSAGES', 'hashiya.mo')
    if not os.path.exists(mo):
        skip('%s is not built' % mo)
    with open(mo, 'rb') as f:
        t = gettext.GNUTranslations(f)
    assert t.gettext('Hashiya') == 'حاشية'
    assert t.gettext('Label named entities and judge reader comments in Arabic news text') != \
        'Label named entities and judge reader comments in Arabic news text'
    # the catalog is not older than ar.po
    assert os.path.getmtime(mo) >= os.path.getmtime(AR_PO) - 1, 'hashiya.mo is older than ar.po'


@test
def glossary_terms_used():
    """The annotators' terms (issue 5) are the ones the translation uses."""
    entries = parse_po(AR_PO)
    text = '\n'.join(s for strs, _ in entries.values() for s in strs)
    pot_text = '\n'.join(k[1] for k in entries)
    glossary = {
        'positive': ('إيجابي',), 'negative': ('سلبي',), 'neutral': ('محايد',), 'mixed': ('مختلط',),
        'offensive': ('مسيء',), 'hate speech': ('خطاب كراهية', 'خطاب الكراهية'), 'entit': ('كيان',),
        'person': ('شخص', 'أشخاص'), 'people': ('شخص', 'أشخاص'), 'location': ('مكان', 'أماكن'),
        'organi': ('منظمة', 'منظمات'), 'date': ('تاريخ', 'تواريخ'), 'sentiment': ('مشاعر',),
    }
    missing = [ar[0] for en, ar in glossary.items()
               if re.search(r'\b' + en, pot_text, re.I) and not any(a in text for a in ar)]
    assert not missing, 'terms not used in ar.po although the English appears: %s' % missing


taplib.run()
