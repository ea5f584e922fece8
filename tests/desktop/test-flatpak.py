# test-flatpak.py: lints the Flatpak manifest (no GNOME runtime can be downloaded on this machine)
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import taplib  # noqa: E402
from taplib import test, skip  # noqa: E402

SRC = os.environ['HASHIYA_SOURCE_DIR']
APP_ID = 'io.github.hashiya.Hashiya'
MANIFEST = os.path.join(SRC, 'flatpak', APP_ID + '.json')
DOC = os.path.join(SRC, 'doc', 'flatpak.md')
# Every permission the app may ask for; doc/flatpak.md (and the README) say why.
ALLOWED_FINISH_ARGS = {'--share=ipc', '--socket=fallback-x11', '--socket=wayland', '--device=dri'}
# GNOME 43 is the first runtime with GTK 4.8 and libadwaita 1.2 (what Debian 12 has).
MIN_GNOME_RUNTIME = 43


def load():
    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        dup = {k for k in keys if keys.count(k) > 1}
        assert not dup, 'duplicate keys in the manifest: %s' % dup
        return dict(pairs)
    with open(MANIFEST, encoding='utf-8') as f:
        return json.load(f, object_pairs_hook=no_duplicates)


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def meson_app_id():
    m = re.search(r"^app_id\s*=\s*'([^']+)'", read(os.path.join(SRC, 'meson.build')), re.M)
    assert m, 'meson.build does not define app_id'
    return m.group(1)


@test
def manifest_is_valid_json():
    m = load()
    for key in ('app-id', 'runtime', 'runtime-version', 'sdk', 'command', 'finish-args', 'modules'):
        assert key in m, 'the manifest lacks "%s"' % key


@test
def flatpak_builder_parses_without_warning():
    if shutil.which('flatpak-builder') is None:
        skip('flatpak-builder is not installed')
    r = subprocess.run(['flatpak-builder', '--show-manifest', MANIFEST], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    out = r.stdout + r.stderr
    assert 'WARNING' not in out and 'Failed to' not in out, \
        'flatpak-builder --show-manifest complained:\n' + r.stderr
    shown = json.loads(r.stdout)
    assert shown.get('app-id', shown.get('id')) == APP_ID


@test
def app_id_matches_meson():
    m = load()
    assert m['app-id'] == meson_app_id() == APP_ID, (m['app-id'], meson_app_id())
    config = os.path.join(os.environ.get('HASHIYA_BUILD_DIR', ''), 'config.h')
    if os.path.exists(config):
        assert '#define APP_ID "%s"' % m['app-id'] in read(config)


@test
def command_is_the_installed_app():
    m = load()
    assert m['command'] == 'hashiya', m['command']
    app_meson = os.path.join(SRC, 'src', 'app', 'meson.build')
    assert re.search(r"executable\(\s*'%s'" % re.escape(m['command']), read(app_meson)), \
        'src/app/meson.build builds no executable named %s' % m['command']
    desktop = read(os.path.join(SRC, 'data', APP_ID + '.desktop.in'))
    assert re.search(r'^Exec=%s\b' % re.escape(m['command']), desktop, re.M), \
        'the desktop file does not run %s' % m['command']


@test
def finish_args_are_allowed_and_justified():
    m = load()
    args = m['finish-args']
    assert len(args) == len(set(args)), 'duplicate finish-args'
    unknown = [a for a in args if a not in ALLOWED_FINISH_ARGS]
    assert not unknown, 'finish-args outside the allow-list: %s' % unknown
    assert not any(a.startswith(('--filesystem', '--persist', '--talk-name', '--own-name',
                                 '--socket=x11', '--device=all', '--share=network')) for a in args)
    doc = read(DOC)
    readme = os.path.join(SRC, 'README.md')
    readme_text = read(readme) if os.path.exists(readme) else ''
    for a in args:
        # justified: named in doc/flatpak.md with a sentence of its own
        assert re.search(r'`%s`[^\n]*\w{4,}' % re.escape(a), doc), \
            '%s is not justified in doc/flatpak.md' % a
        if 'flatpak' in readme_text.lower() and 'finish-args' in readme_text:
            assert a in readme_text, '%s is in the manifest but not explained in README.md' % a


@test
def runtime_provides_gtk_4_8_and_libadwaita_1_2():
    m = load()
    assert m['runtime'] == 'org.gnome.Platform' and m['sdk'] == 'org.gnome.Sdk', (m['runtime'], m['sdk'])
    version = str(m['runtime-version'])
    assert re.fullmatch(r'\d+', version), 'runtime-version should be a GNOME release, not %r' % version
    assert int(version) >= MIN_GNOME_RUNTIME, 'GNOME %s predates GTK 4.8 / libadwaita 1.2' % version
    assert re.search(r'\b%s\b' % version, read(DOC)), 'doc/flatpak.md does not explain runtime %s' % version


@test
def app_module_builds_this_repository_with_meson():
    m = load()
    module = m['modules'][-1]
    assert module.get('buildsystem') == 'meson', module.get('buildsystem')
    dirs = [s for s in module.get('sources', []) if s.get('type') == 'dir']
    assert dirs, 'the app module has no "dir" source'
    root = os.path.normpath(os.path.join(os.path.dirname(MANIFEST), dirs[0]['path']))
    assert os.path.samefile(root, SRC), '%s is not the repository' % root
    assert re.search(r"project\('hashiya'", read(os.path.join(root, 'meson.build')))
    options = read(os.path.join(SRC, 'meson_options.txt'))
    for opt in module.get('config-opts', []):
        name = opt[2:].split('=', 1)[0]
        builtin = name in ('buildtype', 'prefix', 'libdir', 'optimization', 'debug', 'b_lto')
        assert builtin or "option('%s'" % name in options, 'unknown meson option %s' % opt
    assert '-Dgui=true' in module.get('config-opts', []) or "value: true" in options


taplib.run()
