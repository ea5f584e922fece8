# test-e2e.py: drives the real hashiya window with synthetic X input (xdotool, XTEST) and checks
# what it wrote to the project file with hashiya-cli. Needs a display (build-aux/dev test runs
# meson test under xvfb-run); skips visibly without one.
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import taplib  # noqa: E402
from taplib import test, skip  # noqa: E402

# A small article in the scraped-page format, written for this test: breadcrumbs, title,
# byline, a paragraph with a Latin word and a number, two reader comments.
ARTICLE = """أخبار العراق
سياسة

زار الوزير مدينة الموصل أمس

بقلم علي حسن

قال الوزير أحمد الجبوري إن الحكومة ستبني جسرًا جديدًا في الموصل مع شركة Siemens قبل نهاية 2026.

هل أعجبك هذا المقال؟

2 تعليق
سياسة الموقع بشأن التعليقات * معلومات ضرورية 1500 / 1500

خبر جميل، شكرًا للوزير

الرد

كلام فارغ مثل كل مرة يا حرامية

الرد
"""

KEY_DELAY_MS = '60'
tmp = None
session = {}        # results of the one window session the tests below inspect


def have_display():
    if not os.environ.get('DISPLAY'):
        skip('DISPLAY is not set (run under xvfb-run, as build-aux/dev test does)')
    if shutil.which('xdotool') is None:
        skip('xdotool is not installed')
    app = os.environ.get('HASHIYA_APP', '')
    if not app or not os.access(app, os.X_OK):
        skip('HASHIYA_APP does not name the built hashiya executable')
    if not os.access(os.environ.get('HASHIYA_CLI', ''), os.X_OK):
        skip('HASHIYA_CLI does not name the built hashiya-cli')
    return app


def xdo(*args, timeout=20, check=True):
    r = subprocess.run(['xdotool'] + list(args), capture_output=True, text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise AssertionError('xdotool %s failed (%d): %s' % (' '.join(args), r.returncode, r.stderr))
    return r.stdout


def keys(*names):
    """Plain XTEST key presses (no --window: GTK ignores synthetic events sent to a window)."""
    xdo('key', '--delay', KEY_DELAY_MS, *names)


def app_env(settings=None):
    """Environment for the app: memory GSettings, or a keyfile holding SETTINGS (a dict of
    key -> GVariant text) in a private XDG_CONFIG_HOME."""
    env = dict(os.environ)
    build = os.environ.get('HASHIYA_BUILD_DIR', '')
    if settings:
        conf = tempfile.mkdtemp(prefix='config-', dir=tmp)
        os.makedirs(os.path.join(conf, 'glib-2.0', 'settings'))
        with open(os.path.join(conf, 'glib-2.0', 'settings', 'keyfile'), 'w', encoding='utf-8') as f:
            f.write('[io/github/hashiya/Hashiya]\n')
            for k, v in settings.items():
                f.write('%s=%s\n' % (k, v))
        env.update({'GSETTINGS_BACKEND': 'keyfile', 'XDG_CONFIG_HOME': conf})
    else:
        env['GSETTINGS_BACKEND'] = 'memory'
    env.update({
        'GDK_BACKEND': 'x11',
        'GSK_RENDERER': 'cairo',
        'GSETTINGS_SCHEMA_DIR': os.path.join(build, 'data'),
        'GTK_A11Y': 'none',
        'NO_AT_BRIDGE': '1',
        # no session bus: this instance is never handed over to a hashiya already running
        # elsewhere (the app is single-instance through D-Bus); GApplication runs without one
        'DBUS_SESSION_BUS_ADDRESS': 'unix:path=' + os.path.join(tmp, 'no-bus'),
        'LANGUAGE': '',
        'LC_ALL': 'C.UTF-8',
    })
    return env


def make_project(name):
    d = os.path.join(tmp, name)
    os.makedirs(d)
    article = os.path.join(d, 'article.txt')
    with open(article, 'w', encoding='utf-8') as f:
        f.write(ARTICLE)
    project = os.path.join(d, name + '.hashiya')
    taplib.cli('init', project)
    taplib.cli('import', project, article)
    return project


def show(project):
    return json.loads(taplib.cli('show', project, '1', '--json').stdout)


class App:
    """The hashiya executable on PROJECT, its window found by its title (the project name)."""

    def __init__(self, project, settings=None):
        self.exe = have_display()
        self.project = project
        title = os.path.splitext(os.path.basename(project))[0]
        self.log = open(project + '.log', 'w+')
        self.proc = subprocess.Popen([self.exe, project], env=app_env(settings), stdout=self.log,
                                     stderr=subprocess.STDOUT)
        try:
            out = xdo('search', '--sync', '--onlyvisible', '--name', '^%s$' % title, timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError('no window titled %s within 30 s; app log:\n%s' % (title, self.output()))
        self.window = out.split()[0]
        self.geometry = None
        # keys go to the X input focus; without a window manager, give it to our window and
        # keep the pointer over the header bar (not over the text, no click)
        xdo('windowfocus', '--sync', self.window, check=False, timeout=10)
        geo = dict(line.split('=', 1) for line in xdo('getwindowgeometry', '--shell', self.window).split())
        self.geometry = (int(geo['WIDTH']), int(geo['HEIGHT']))
        xdo('mousemove', str(int(geo['X']) + int(geo['WIDTH']) // 2), str(int(geo['Y']) + 12))
        # the document is loaded and focused shortly after the window maps
        time.sleep(1.5)
        if self.proc.poll() is not None:
            raise AssertionError('hashiya exited (%d) right after showing its window:\n%s'
                                 % (self.proc.returncode, self.output()))

    def output(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def wait(self, timeout=20):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError('hashiya did not exit within %d s; log:\n%s' % (timeout, self.output()))

    def kill(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()


def spans_by_label(doc):
    out = {}
    for e in doc['entities']:
        out.setdefault(e['label'], []).append(e)
    return out


def wait_for(project, cond, timeout=5.0):
    """The document as hashiya-cli shows it once COND holds (or the last one seen)."""
    end = time.monotonic() + timeout
    while True:
        doc = show(project)
        if cond(doc) or time.monotonic() > end:
            return doc
        time.sleep(0.1)


def the_session():
    """One real session on a fresh project, recorded once for the checks below."""
    if 'error' in session:
        raise AssertionError('the window session failed: ' + session['error'])
    if 'doc' in session:
        return session
    have_display()
    project = make_project('hashiya-e2e-%d' % os.getpid())
    before = show(project)
    text = before['text']
    assert before['entities'] == [], before['entities']
    assert text.startswith('أخبار العراق\n'), text[:20]
    app = App(project)
    try:
        # 1. The cursor starts at offset 0 of the text. Left is logical forward in an RTL
        #    paragraph: move over "أخبار " (6), select 4 letters of العراق's 6 exactly
        #    (Alt keeps the exact characters): LOC 8..12 = عراق without the article ال.
        keys('ctrl+Home', *['Left'] * 8, *['shift+Left'] * 4, 'alt+2')
        # 2. A partial-word selection snaps outward to the whole word by default:
        #    0..3 "أخب" tagged with key 1 becomes PER 0..5 "أخبار".
        keys('Escape', 'ctrl+Home', *['shift+Left'] * 3, '1')
        # 3. Tag a word-wise selection with MISC (key 5), then undo it with Ctrl+Z.
        keys('Escape', 'ctrl+Home', 'ctrl+shift+Left', 'ctrl+shift+Left', '5')
        # the project file can be read while the window holds it: the tag is there already
        session['before_undo'] = wait_for(project, lambda d: 'MISC' in spans_by_label(d))
        keys('ctrl+z')
        # 4. Comment review: J goes to comment 1, P positive; J to comment 2, N negative,
        #    O offensive, R reject.
        keys('Escape', 'j', 'p', 'j', 'n', 'o', 'r')
        # 5. Quit with Ctrl+Q straight away: nothing shown as done may be lost.
        keys('ctrl+q')
        session['rc'] = app.wait()
        session['log'] = app.output()
    except Exception as e:
        app.kill()
        session['error'] = '%s\n%s' % (e, app.output())
        raise
    session['doc'] = show(project)
    session['project'] = project
    return session


@test
def window_opens_and_quits_with_ctrl_q():
    s = the_session()
    assert s['rc'] == 0, 'exit status %d; log:\n%s' % (s['rc'], s['log'])
    assert 'CRITICAL' not in s['log'] and 'Gtk-WARNING **' not in s['log'].replace(
        'Unable to acquire session bus', ''), s['log']


@test
def exact_span_with_alt_key():
    doc = the_session()['doc']
    locs = spans_by_label(doc).get('LOC', [])
    assert [(e['start'], e['end'], e['text']) for e in locs] == [(8, 12, 'عراق')], doc['entities']


@test
def keyboard_selection_snaps_to_word():
    doc = the_session()['doc']
    per = spans_by_label(doc).get('PER', [])
    assert [(e['start'], e['end'], e['text']) for e in per] == [(0, 5, 'أخبار')], doc['entities']
    assert per[0]['origin'] == 'manual', per[0]


@test
def undo_removes_the_last_tag():
    s = the_session()
    misc = spans_by_label(s['before_undo']).get('MISC', [])
    assert [(e['start'], e['end']) for e in misc] == [(0, 12)], s['before_undo']['entities']
    doc = s['doc']
    assert 'MISC' not in spans_by_label(doc), doc['entities']
    assert len(doc['entities']) == 2, doc['entities']


@test
def comment_judgement_keys():
    doc = the_session()['doc']
    c1, c2 = doc['comments']
    assert c1['text'] == 'خبر جميل، شكرًا للوزير', c1
    assert len(c1['judgements']) == 1, c1
    assert c1['judgements'][0]['sentiment'] == 'positive', c1
    assert len(c2['judgements']) == 1, c2
    j = c2['judgements'][0]
    assert j['sentiment'] == 'negative', j
    assert j['offensive'] is True, j
    assert j['decision'] == 'reject', j
    assert j['hate_speech'] in (None, False), j
    # both judged by the same annotator
    assert c1['judgements'][0]['annotator'] == j['annotator'] and j['annotator'], (c1, c2)


@test
def reopened_window_shows_the_same_project():
    """A second run on the same file opens without touching what the first one wrote."""
    s = the_session()
    app = App(s['project'])
    keys('ctrl+q')
    rc = app.wait()
    assert rc == 0, app.output()
    again = show(s['project'])
    assert again['entities'] == s['doc']['entities']
    assert again['comments'] == s['doc']['comments']


@test
def killed_process_keeps_what_was_done():
    """SIGKILL right after a tag and a judgement: both are already in the file."""
    have_display()
    project = make_project('hashiya-e2e-kill-%d' % os.getpid())
    app = App(project)
    try:
        # "العراق" 6..12 with key 2 (snapped: the selection is already whole words)
        keys('ctrl+Home', *['Left'] * 6, *['shift+Left'] * 6, '2', 'Escape', 'j', 'u', 'v')
        # one frame and the worker's commit; the window shows the result by then
        time.sleep(1.0)
    finally:
        app.kill()
    doc = show(project)
    assert [(e['start'], e['end'], e['label']) for e in doc['entities']] == [(6, 12, 'LOC')], \
        doc['entities']
    j = doc['comments'][0]['judgements']
    assert len(j) == 1 and j[0]['sentiment'] == 'neutral' and j[0]['decision'] == 'review', j
    assert doc['comments'][1]['judgements'] == [], doc['comments'][1]


@test
def window_applies_its_settings():
    """The annotator name and window size from GSettings (issue 3 preferences, issue 5
    remembered size) are used by the window the app opens: a tag records that annotator."""
    have_display()
    project = make_project('hashiya-e2e-settings-%d' % os.getpid())
    app = App(project, settings={'annotator': "'E2E Tester'",
                                 'window-width': '1240', 'window-height': '790'})
    try:
        size = app.geometry
        keys('ctrl+Home', *['Left'] * 6, *['shift+Left'] * 6, '2', 'ctrl+q')
        rc = app.wait()
    finally:
        app.kill()
    assert rc == 0, app.output()
    doc = show(project)
    assert [(e['start'], e['end'], e['label']) for e in doc['entities']] == [(6, 12, 'LOC')], \
        doc['entities']
    # (found failing while writing this: HashiyaWindow read its settings in constructed(),
    # before g_object_new sets the non-construct "application" property, so it saw no app)
    assert doc['entities'][0]['annotator'] == 'E2E Tester', \
        'the tag was recorded as %r, not the annotator setting' % doc['entities'][0]['annotator']
    assert size == (1240, 790), 'window opened at %dx%d, settings say 1240x790' % size


# ---- issue 11: legible annotations, driven by keys ---------------------------------------

def note_of(doc, index):
    for j in doc['comments'][index - 1]['judgements']:
        return j.get('note')
    return None


@test
def note_typed_without_enter_is_kept_on_k():
    """J J, E to the note, type it, Escape back to the text, K to the previous comment: the
    note of comment 2 is in the file although Enter was never pressed."""
    have_display()
    project = make_project('hashiya-e2e-note-%d' % os.getpid())
    app = App(project)
    try:
        keys('j', 'j', 'e')
        time.sleep(0.3)
        xdo('type', '--delay', KEY_DELAY_MS, 'سخرية لا شتيمة')
        keys('Escape', 'k')
        doc = wait_for(project, lambda d: note_of(d, 2) is not None)
        keys('ctrl+q')
        assert app.wait() == 0, app.output()
    finally:
        app.kill()
    assert note_of(doc, 2) == 'سخرية لا شتيمة', doc['comments']
    assert note_of(doc, 1) is None, doc['comments']


@test
def selection_across_segments_is_refused():
    """A keyboard selection from the breadcrumbs down into the title is not tagged; the
    CLI refuses the same span unless --across-segments."""
    have_display()
    project = make_project('hashiya-e2e-cross-%d' % os.getpid())
    app = App(project)
    try:
        keys('ctrl+Home', 'shift+Down', 'shift+Down', 'shift+Down', '1')
        time.sleep(0.8)
        keys('ctrl+q')
        assert app.wait() == 0, app.output()
    finally:
        app.kill()
    doc = show(project)
    assert doc['entities'] == [], doc['entities']
    text = doc['text']
    title = text.index('زار الوزير')
    r = taplib.cli('tag', project, '1', '6', str(title + 3), 'LOC', check=False)
    assert r.returncode == 1 and 'segment' in r.stderr and r.stderr.startswith('hashiya-cli: '), r.stderr
    r = taplib.cli('tag', '--across-segments', project, '1', '6', str(title + 3), 'LOC', check=False)
    assert r.returncode == 0, r.stderr


@test
def filter_finds_a_document_by_its_arabic_text():
    """Ctrl+L, type البصره (ه for ة, as Find matches), Enter: the one document whose text has
    البصرة opens; a tag then lands in it."""
    have_display()
    project = make_project('hashiya-e2e-filter-%d' % os.getpid())
    second = os.path.join(os.path.dirname(project), 'zz-second.txt')
    with open(second, 'w', encoding='utf-8') as f:
        f.write('محطة تحلية جديدة في البصرة\n\nيعمل العمال منذ الصباح.\n')
    taplib.cli('import', project, second)
    app = App(project)
    try:
        keys('ctrl+l')
        time.sleep(0.3)
        xdo('type', '--delay', KEY_DELAY_MS, 'البصره')
        time.sleep(0.5)
        keys('Return')
        time.sleep(0.8)
        # the opened document's first word, with key 5
        keys('ctrl+Home', 'ctrl+shift+Left', '5')
        time.sleep(0.5)
        keys('ctrl+q')
        assert app.wait() == 0, app.output()
    finally:
        app.kill()
    first = json.loads(taplib.cli('show', project, '1', '--json').stdout)
    two = json.loads(taplib.cli('show', project, '2', '--json').stdout)
    assert first['entities'] == [], first['entities']
    assert [(e['text'], e['label']) for e in two['entities']] == [('محطة', 'MISC')], two['entities']


@test
def cli_change_shows_in_the_open_window_within_a_second():
    """hashiya-cli tags a word while the window is open; a second later Tab selects that span
    in the window and Delete removes it: the window knew about it."""
    have_display()
    project = make_project('hashiya-e2e-watch-%d' % os.getpid())
    app = App(project)
    try:
        taplib.cli('tag', project, '1', '6', '12', 'LOC')
        time.sleep(1.0)
        keys('Tab', 'Delete')
        doc = wait_for(project, lambda d: d['entities'] == [], timeout=3.0)
        keys('ctrl+q')
        assert app.wait() == 0, app.output()
    finally:
        app.kill()
    assert doc['entities'] == [], doc['entities']


@test
def narrow_window_keeps_every_label():
    """At 400 px the window is 400 px wide and every label still tags (keys 4 and 5: DATE
    and MISC were the ones cut off at 700 px before)."""
    have_display()
    project = make_project('hashiya-e2e-narrow-%d' % os.getpid())
    app = App(project, settings={'window-width': '400', 'window-height': '700'})
    try:
        width = app.geometry[0]
        keys('ctrl+Home', *['Left'] * 6, *['shift+Left'] * 6, '4', 'Escape',
             'ctrl+Home', *['shift+Left'] * 5, '5', 'ctrl+q')
        assert app.wait() == 0, app.output()
    finally:
        app.kill()
    assert width <= 410, 'the window is %d px wide' % width
    doc = show(project)
    assert sorted((e['start'], e['end'], e['label']) for e in doc['entities']) == \
        [(0, 5, 'MISC'), (6, 12, 'DATE')], doc['entities']


if __name__ == '__main__':
    tmp = tempfile.mkdtemp(prefix='hashiya-e2e-')
    try:
        taplib.run()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
