# test-data.py: validates the desktop file, AppStream metainfo, GSettings schema and MIME type
# SPDX-License-Identifier: GPL-3.0-or-later
import configparser
import glob
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import taplib  # noqa: E402
from taplib import test, skip  # noqa: E402

APP_ID = 'io.github.hashiya.Hashiya'
MIME_TYPE = 'application/x-hashiya-project'
SRC = os.environ['HASHIYA_SOURCE_DIR']
BUILD = os.environ['HASHIYA_BUILD_DIR']
DATA_SRC = os.path.join(SRC, 'data')
DATA_BUILD = os.path.join(BUILD, 'data')

# The keys the application reads, with their types and defaults (issue 5 and src/app).
SCHEMA_KEYS = {
    'annotator': ('s', ''),
    'font': ('s', 'Noto Naskh Arabic 18'),
    'snap-to-words': ('b', True),
    'window-width': ('i', 1100),
    'window-height': ('i', 760),
    'window-maximized': ('b', False),
    'last-project': ('s', ''),
    'recent-projects': ('as', []),
    'color-scheme': ('s', 'default'),
    'show-suggestions': ('b', True),
}


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def built(name):
    p = os.path.join(DATA_BUILD, name)
    if not os.path.exists(p):
        raise AssertionError('%s was not built (run ninja first)' % p)
    return p


def tool(name):
    if shutil.which(name) is None:
        skip('%s is not installed' % name)
    return name


@test
def desktop_file_validates():
    path = built(APP_ID + '.desktop')
    r = run([tool('desktop-file-validate'), path])
    assert r.returncode == 0, 'desktop-file-validate failed:\n' + r.stdout + r.stderr
    # hints are fine; warnings and errors are not
    bad = [l for l in (r.stdout + r.stderr).splitlines() if 'error:' in l or 'warning:' in l]
    assert not bad, '\n'.join(bad)


@test
def desktop_file_content():
    cp = configparser.RawConfigParser(strict=True, interpolation=None)
    cp.optionxform = str
    cp.read(built(APP_ID + '.desktop'), encoding='utf-8')
    e = cp['Desktop Entry']
    assert e['Type'] == 'Application'
    assert e['Exec'].split()[0] == 'hashiya', e['Exec']
    assert '%F' in e['Exec'] or '%U' in e['Exec'], 'Exec must accept files: ' + e['Exec']
    assert e['Icon'] == APP_ID, e['Icon']
    assert MIME_TYPE in e['MimeType'].split(';'), e['MimeType']
    # the merge step put the Arabic translation in
    assert e.get('Name[ar]') == 'حاشية', 'Name[ar] missing or wrong: %r' % e.get('Name[ar]')
    assert e.get('Comment[ar]'), 'Comment[ar] missing'
    keywords_ar = e.get('Keywords[ar]', '')
    assert keywords_ar.endswith(';') and 'NER' in keywords_ar, keywords_ar


@test
def metainfo_validates():
    path = built(APP_ID + '.metainfo.xml')
    r = run([tool('appstreamcli'), 'validate', '--no-net', '--explain', path])
    assert r.returncode == 0, 'appstreamcli validate failed:\n' + r.stdout + r.stderr


@test
def metainfo_validates_appstream_util():
    path = built(APP_ID + '.metainfo.xml')
    r = run([tool('appstream-util'), 'validate', '--nonet', path])
    assert r.returncode == 0, 'appstream-util validate failed:\n' + r.stdout + r.stderr


@test
def metainfo_content():
    root = ET.parse(built(APP_ID + '.metainfo.xml')).getroot()
    assert root.get('type') == 'desktop-application'
    assert root.findtext('id') == APP_ID
    assert root.findtext('launchable') == APP_ID + '.desktop'
    binaries = {b.text for b in root.findall('provides/binary')}
    assert binaries == {'hashiya', 'hashiya-cli'}, binaries
    assert MIME_TYPE in {m.text for m in root.findall('provides/mediatype')}
    assert root.find('translation').get('type') == 'gettext'
    assert root.findtext('translation') == 'hashiya'
    assert {c.text for c in root.findall('supports/control')} >= {'keyboard', 'pointing'}
    assert root.find('content_rating').get('type').startswith('oars-')
    releases = root.findall('releases/release')
    assert releases, 'no <release>'
    version = run(['grep', '-m1', "version:", os.path.join(SRC, 'meson.build')]).stdout
    assert releases[0].get('version') in version, \
        'newest release %s is not the meson project version (%s)' % (releases[0].get('version'), version.strip())
    shots = root.findall('screenshots/screenshot/image')
    assert len(shots) >= 1
    for s in shots:
        name = s.text.rsplit('/', 1)[-1]
        assert s.text.startswith('https://'), s.text
        assert '/data/screenshots/' in s.text, s.text
        local = os.path.join(DATA_SRC, 'screenshots', name)
        assert os.path.exists(local), 'screenshot %s is not in data/screenshots (take.sh makes it)' % name
        with open(local, 'rb') as f:
            head = f.read(24)
        assert head[:8] == b'\x89PNG\r\n\x1a\n', '%s is not a PNG' % local
        width, height = struct.unpack('>II', head[16:24])
        assert width >= 620 and height >= 350, '%s is too small (%dx%d)' % (local, width, height)
    lang = '{http://www.w3.org/XML/1998/namespace}lang'
    ar = [e for e in root.iter() if e.get(lang) == 'ar']
    assert ar, 'the merged metainfo has no Arabic translation'


@test
def schema_compiles_strictly():
    r = run([tool('glib-compile-schemas'), '--strict', '--dry-run', DATA_SRC])
    assert r.returncode == 0, r.stdout + r.stderr


@test
def schema_keys_and_defaults():
    compiled = built('gschemas.compiled')
    code = r'''
import json, sys
import gi
from gi.repository import Gio
src = Gio.SettingsSchemaSource.new_from_directory(sys.argv[1], None, True)
schema = src.lookup(sys.argv[2], False)
out = {}
for k in schema.list_keys():
    key = schema.get_key(k)
    out[k] = [key.get_value_type().dup_string(), key.get_default_value().unpack()]
print(json.dumps(out))
'''
    r = run(['/usr/bin/python3', '-c', code, os.path.dirname(compiled), APP_ID])
    if r.returncode != 0 and 'No module named' in r.stderr:
        skip('PyGObject is not available to /usr/bin/python3')
    assert r.returncode == 0, r.stderr
    import json
    keys = json.loads(r.stdout)
    assert set(keys) == set(SCHEMA_KEYS), 'schema keys %s differ from %s' % (sorted(keys), sorted(SCHEMA_KEYS))
    for k, (typ, default) in SCHEMA_KEYS.items():
        got_type, got_default = keys[k]
        assert got_type == typ, '%s: type %s, expected %s' % (k, got_type, typ)
        assert got_default == default, '%s: default %r, expected %r' % (k, got_default, default)


@test
def schema_strings_are_translatable():
    root = ET.parse(os.path.join(DATA_SRC, APP_ID + '.gschema.xml')).getroot()
    assert root.get('gettext-domain') == 'hashiya', 'schemalist needs gettext-domain="hashiya"'
    schema = root.find('schema')
    assert schema.get('id') == APP_ID
    assert schema.get('path') == '/io/github/hashiya/Hashiya/'
    for key in schema.findall('key'):
        # the summary and description are what dconf-editor and translators see
        assert (key.findtext('summary') or '').strip(), '%s has no summary' % key.get('name')
        assert (key.findtext('description') or '').strip(), '%s has no description' % key.get('name')


@test
def mime_xml_is_well_formed():
    r = run([tool('xmllint'), '--noout', os.path.join(DATA_SRC, APP_ID + '.mime.xml')])
    assert r.returncode == 0, r.stderr


@test
def mime_xml_against_schema():
    candidates = []
    for pattern in ('/usr/share/xml/shared-mime-info/*', '/usr/share/shared-mime-info/*',
                    '/usr/share/mime/*.rng', '/usr/share/mime/*.xsd', '/usr/share/xml/mime/*'):
        candidates += [p for p in glob.glob(pattern) if p.endswith(('.rng', '.xsd'))]
    if not candidates:
        skip('no shared-mime-info schema (.rng/.xsd) is installed on this machine')
    schema = candidates[0]
    flag = '--relaxng' if schema.endswith('.rng') else '--schema'
    r = run(['xmllint', '--noout', flag, schema, os.path.join(DATA_SRC, APP_ID + '.mime.xml')])
    assert r.returncode == 0, r.stderr


@test
def mime_type_is_recognised():
    """update-mime-database builds a private database with our type; GIO then names a
    *.hashiya file application/x-hashiya-project, a sub-class of SQLite."""
    tool('update-mime-database')
    system = '/usr/share/mime/packages/freedesktop.org.xml'
    with tempfile.TemporaryDirectory() as tmp:
        pkgs = os.path.join(tmp, 'mime', 'packages')
        os.makedirs(pkgs)
        if os.path.exists(system):
            shutil.copy(system, pkgs)
        shutil.copy(os.path.join(DATA_SRC, APP_ID + '.mime.xml'), pkgs)
        env = dict(os.environ, XDG_DATA_HOME=tmp, XDG_DATA_DIRS=tmp)
        r = run(['update-mime-database', os.path.join(tmp, 'mime')], env=env)
        assert r.returncode == 0, r.stderr
        assert r.stderr.strip() == '', 'update-mime-database complained:\n' + r.stderr
        with open(os.path.join(tmp, 'mime', 'globs2'), encoding='utf-8') as f:
            globs = f.read()
        assert ':%s:*.hashiya' % MIME_TYPE in globs, globs[-500:]
        with open(os.path.join(tmp, 'mime', 'subclasses'), encoding='utf-8') as f:
            assert '%s application/vnd.sqlite3' % MIME_TYPE in f.read()
        project = os.path.join(tmp, 'corpus.hashiya')
        with open(project, 'wb') as f:
            f.write(b'SQLite format 3\x00' + b'\x00' * 84)
        code = ('import sys\nfrom gi.repository import Gio\n'
                'f = Gio.File.new_for_path(sys.argv[1])\n'
                'i = f.query_info("standard::content-type", 0, None)\n'
                'print(i.get_content_type())\n'
                'print(Gio.content_type_is_a(i.get_content_type(), "application/vnd.sqlite3"))\n')
        r = run(['/usr/bin/python3', '-c', code, project], env=env)
        if r.returncode != 0 and 'No module named' in r.stderr:
            skip('PyGObject is not available to /usr/bin/python3')
        assert r.returncode == 0, r.stderr
        lines = r.stdout.split()
        assert lines == [MIME_TYPE, 'True'], r.stdout


@test
def icons_are_valid_svg():
    scalable = os.path.join(DATA_SRC, 'icons/hicolor/scalable/apps', APP_ID + '.svg')
    symbolic = os.path.join(DATA_SRC, 'icons/hicolor/symbolic/apps', APP_ID + '-symbolic.svg')
    for path, size in ((scalable, '128'), (symbolic, '16')):
        root = ET.parse(path).getroot()
        assert root.tag == '{http://www.w3.org/2000/svg}svg', root.tag
        assert root.get('width') == size and root.get('height') == size, \
            '%s should be %sx%s' % (path, size, size)
        assert root.get('viewBox') == '0 0 %s %s' % (size, size)
    # symbolic icons are recoloured by GTK: one dark grey only, no gradients or images
    with open(symbolic, encoding='utf-8') as f:
        text = f.read()
    assert 'Gradient' not in text and '<image' not in text
    colours = {c.lower() for c in __import__('re').findall(r'#[0-9a-fA-F]{6}\b', text)}
    assert colours <= {'#2e3436', '#241f31', '#000000'}, colours


taplib.run()
