# test-install.py: `meson install` into a temporary DESTDIR puts every file in place
# SPDX-License-Identifier: GPL-3.0-or-later
import gettext
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import taplib  # noqa: E402
from taplib import test, skip  # noqa: E402

BUILD = os.environ['HASHIYA_BUILD_DIR']
APP_ID = 'io.github.hashiya.Hashiya'
DESTDIR = tempfile.mkdtemp(prefix='hashiya-install-')
state = {}


def options():
    r = subprocess.run(['meson', 'introspect', '--buildoptions', BUILD], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return {o['name']: o['value'] for o in json.loads(r.stdout)}


def installed(*parts):
    """Path inside DESTDIR of prefix/parts (the prefix is absolute, so join by hand)."""
    return DESTDIR + os.path.join(state['prefix'], *parts)


def need_install():
    if 'error' in state:
        raise AssertionError('meson install failed, see the first test')
    if 'prefix' not in state:
        skip('not installed')


def exists(*parts):
    p = installed(*parts)
    assert os.path.isfile(p), 'not installed: %s' % p
    assert os.path.getsize(p) > 0, 'empty: %s' % p
    return p


@test
def meson_install_into_destdir():
    if shutil.which('meson') is None:
        skip('meson is not on PATH')
    if not os.path.exists(os.path.join(BUILD, 'build.ninja')):
        skip('%s is not a configured build directory' % BUILD)
    opts = options()
    state.update(prefix=opts['prefix'], bindir=opts['bindir'], datadir=opts['datadir'],
                 mandir=opts['mandir'], localedir=opts['localedir'], gui=opts.get('gui', True))
    r = subprocess.run(['meson', 'install', '-C', BUILD, '--destdir', DESTDIR, '--no-rebuild'],
                       capture_output=True, text=True)
    if r.returncode != 0:
        state['error'] = True
    assert r.returncode == 0, 'meson install failed:\n' + r.stdout[-3000:] + r.stderr[-3000:]
    # nothing may escape DESTDIR: every installed path is under it
    log = os.path.join(BUILD, 'meson-logs', 'install-log.txt')
    if os.path.exists(log):
        with open(log, encoding='utf-8') as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith('#'):
                    assert line.startswith(DESTDIR), 'installed outside DESTDIR: ' + line


@test
def binaries():
    need_install()
    cli = exists(state['bindir'], 'hashiya-cli')
    assert os.access(cli, os.X_OK)
    app = installed(state['bindir'], 'hashiya')
    if state['gui']:
        assert os.path.isfile(app) and os.access(app, os.X_OK), 'not installed: ' + app
    else:
        assert not os.path.exists(app), 'hashiya installed although the GUI is disabled'
    # the installed CLI runs (its rpath does not point into the build directory by accident)
    r = subprocess.run([cli, '--help'], capture_output=True, text=True,
                       env=dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE=''))
    assert r.returncode == 0 and 'init' in r.stdout, r.stdout + r.stderr


@test
def desktop_files():
    need_install()
    d = state['datadir']
    files = [(d, 'applications', APP_ID + '.desktop'),
             (d, 'metainfo', APP_ID + '.metainfo.xml'),
             (d, 'mime', 'packages', APP_ID + '.xml'),
             (d, 'glib-2.0', 'schemas', APP_ID + '.gschema.xml'),
             (d, 'icons', 'hicolor', 'scalable', 'apps', APP_ID + '.svg'),
             (d, 'icons', 'hicolor', 'symbolic', 'apps', APP_ID + '-symbolic.svg')]
    if not state['gui']:
        for f in files:
            assert not os.path.exists(installed(*f)), '%s installed without the GUI' % installed(*f)
        skip('the GUI is disabled (-Dgui=false): no desktop files to install')
    for f in files:
        exists(*f)
    if shutil.which('desktop-file-validate'):
        r = subprocess.run(['desktop-file-validate', installed(*files[0])], capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
    if shutil.which('appstreamcli'):
        r = subprocess.run(['appstreamcli', 'validate', '--no-net', installed(*files[1])],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
    if shutil.which('glib-compile-schemas'):
        r = subprocess.run(['glib-compile-schemas', '--strict', '--dry-run',
                            os.path.dirname(installed(*files[3]))], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr


@test
def translations():
    need_install()
    mo = exists(state['localedir'], 'ar', 'LC_MESSAGES', 'hashiya.mo')
    with open(mo, 'rb') as f:
        t = gettext.GNUTranslations(f)
    assert t.gettext('Hashiya') == 'حاشية'
    assert t.info().get('plural-forms', '').startswith('nplurals=6;'), t.info()


@test
def man_pages():
    need_install()
    page = exists(state['mandir'], 'man1', 'hashiya-cli.1')
    with open(page, encoding='utf-8') as f:
        text = f.read()
    assert '.TH "HASHIYA-CLI" "1"' in text, text[:200]
    app_page = installed(state['mandir'], 'man1', 'hashiya.1')
    if state['gui']:
        exists(state['mandir'], 'man1', 'hashiya.1')
    else:
        assert not os.path.exists(app_page), 'hashiya.1 installed without the GUI'


@test
def sample_articles():
    need_install()
    d = installed(state['datadir'], 'hashiya', 'sample')
    names = sorted(os.listdir(d)) if os.path.isdir(d) else []
    assert len([n for n in names if n.endswith('.txt')]) >= 2, 'sample articles not installed in %s' % d


@test
def cleanup():
    shutil.rmtree(DESTDIR, ignore_errors=True)
    assert not os.path.exists(DESTDIR)


taplib.run()
