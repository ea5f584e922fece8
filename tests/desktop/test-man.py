# test-man.py: the man pages build cleanly and the hashiya-cli page documents every command and option
# SPDX-License-Identifier: GPL-3.0-or-later
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
MD2MAN = os.path.join(SRC, 'build-aux', 'md2man.py')
CLI_MD = os.path.join(SRC, 'doc', 'hashiya-cli.1.md')
APP_MD = os.path.join(SRC, 'doc', 'hashiya.1.md')
# Options GOption adds to every command, which the page describes once under OPTIONS.
GENERIC = {'--help', '--help-all', '--version'}


def md2man(src, dst):
    return subprocess.run(['/usr/bin/python3', MD2MAN, '--version', '0.0', src, dst],
                          capture_output=True, text=True)


def groff_warnings(page):
    if shutil.which('groff') is None:
        skip('groff is not installed')
    r = subprocess.run(['groff', '-man', '-Tutf8', '-ww', '-z', page], capture_output=True, text=True,
                       env=dict(os.environ, LC_ALL='C.UTF-8'))
    return r.returncode, r.stderr.strip()


def cli_help(*args):
    cli = os.environ.get('HASHIYA_CLI', '')
    if not cli or not os.path.exists(cli):
        skip('hashiya-cli is not built')
    r = subprocess.run([cli] + list(args) + ['--help'], capture_output=True, text=True,
                       env=dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE=''))
    assert r.returncode == 0, 'hashiya-cli %s --help exited %d: %s' % (' '.join(args), r.returncode, r.stderr)
    return r.stdout


def man_sections(md):
    """{command: text of its '## command ...' subsection} from the Markdown source."""
    with open(md, encoding='utf-8') as f:
        text = f.read()
    out = {}
    for m in re.finditer(r'^## (\S+)[^\n]*\n(.*?)(?=^#{1,2} |\Z)', text, re.M | re.S):
        out[m.group(1)] = m.group(2)
    return out, text


@test
def pages_convert_without_groff_warnings():
    with tempfile.TemporaryDirectory() as tmp:
        for md in (CLI_MD, APP_MD):
            out = os.path.join(tmp, os.path.basename(md)[:-3])
            r = md2man(md, out)
            assert r.returncode == 0, r.stderr
            rc, warnings = groff_warnings(out)
            assert rc == 0 and not warnings, '%s: groff says:\n%s' % (md, warnings)
            with open(out, encoding='ascii') as f:  # non-ASCII is escaped for groff
                page = f.read()
            assert page.count('.TH ') == 1 and '.SH "NAME"' in page and '.SH "SYNOPSIS"' in page


@test
def built_pages_match_sources():
    for name, md in (('hashiya-cli.1', CLI_MD), ('hashiya.1', APP_MD)):
        built = os.path.join(BUILD, 'data', name)
        if not os.path.exists(built):
            if name == 'hashiya.1' and os.environ.get('HASHIYA_GUI') == '0':
                continue
            raise AssertionError('%s was not built' % built)
        assert os.path.getmtime(built) >= os.path.getmtime(md) - 1, '%s is older than %s' % (built, md)


@test
def converter_rejects_bad_markup():
    with tempfile.TemporaryDirectory() as tmp:
        bad = os.path.join(tmp, 'bad.1.md')
        with open(bad, 'w', encoding='utf-8') as f:
            f.write('---\ntitle: BAD\nsection: 1\n---\n# NAME\nbad - a **broken page\n')
        r = md2man(bad, os.path.join(tmp, 'bad.1'))
        assert r.returncode == 1, 'md2man accepted an unclosed ** (rc %d)' % r.returncode
        assert 'bad.1.md:6' in r.stderr, 'the error should name the file and line: ' + r.stderr
        with open(bad, 'w', encoding='utf-8') as f:
            f.write('# NAME\nno front matter\n')
        r = md2man(bad, os.path.join(tmp, 'bad.1'))
        assert r.returncode == 1 and 'front matter' in r.stderr, r.stderr


@test
def cli_page_lists_every_command():
    text = cli_help()
    commands = re.findall(r'^  ([a-z][a-z-]*) ', text.split('Commands:', 1)[1], re.M)
    assert len(commands) >= 10, 'could not read the command list from --help:\n' + text
    sections, _ = man_sections(CLI_MD)
    missing = [c for c in commands if c not in sections]
    assert not missing, 'commands missing from doc/hashiya-cli.1.md: %s' % missing
    extra = [c for c in sections if c not in commands]
    assert not extra, 'doc/hashiya-cli.1.md documents commands hashiya-cli does not have: %s' % extra


@test
def cli_page_lists_every_option():
    text = cli_help()
    commands = re.findall(r'^  ([a-z][a-z-]*) ', text.split('Commands:', 1)[1], re.M)
    sections, whole = man_sections(CLI_MD)
    missing = []
    for c in commands:
        options = set(re.findall(r'^\s+(?:-\w, )?(--[a-z][a-z0-9-]*)', cli_help(c), re.M)) - GENERIC
        body = sections.get(c, '')
        for o in sorted(options):
            # an option is documented in its command's section, or once under OPTIONS
            if '**%s**' % o not in body and not ('--annotator' == o and '**--annotator**' in whole):
                missing.append('%s %s' % (c, o))
    assert not missing, 'options missing from doc/hashiya-cli.1.md: %s' % missing


def render_accel(accel):
    """GTK accelerator syntax to how the man page writes a key: <Control><Shift>z -> Ctrl+Shift+Z."""
    names = {'Control': 'Ctrl', 'Primary': 'Ctrl', 'Shift': 'Shift', 'Alt': 'Alt'}
    keys = {'comma': ',', 'question': '?', 'period': '.', 'slash': '/'}
    mods = re.findall(r'<(\w+)>', accel)
    key = re.sub(r'<\w+>', '', accel)
    key = keys.get(key, key)
    if mods and len(key) == 1:
        key = key.upper()
    return '+'.join([names.get(m, m) for m in mods] + [key])


@test
def app_page_lists_every_shortcut():
    overlay = os.path.join(SRC, 'src', 'app', 'gtk', 'help-overlay.ui')
    if not os.path.exists(overlay):
        skip('src/app/gtk/help-overlay.ui does not exist')
    with open(overlay, encoding='utf-8') as f:
        ui = f.read()
    accels = [a.replace('&lt;', '<').replace('&gt;', '>')
              for a in re.findall(r'<property name="accelerator">([^<]+)</property>', ui)]
    assert len(accels) >= 10, 'read only %d accelerators from %s' % (len(accels), overlay)
    with open(APP_MD, encoding='utf-8') as f:
        page = f.read()
    keys = page.split('# KEYS', 1)[1].split('\n# ', 1)[0]
    missing = []
    for accel in accels:
        for alt in accel.split():
            if '...' in alt:   # a range such as 1...9 or <Alt>1...<Alt>9
                first, last = alt.split('...')
                wanted = '**%s** ... **%s**' % (render_accel(first), render_accel(last))
            else:
                wanted = '**%s**' % render_accel(alt)
            if wanted not in keys:
                missing.append(wanted)
    assert not missing, 'shortcuts in help-overlay.ui missing from doc/hashiya.1.md KEYS: %s' % missing


taplib.run()
