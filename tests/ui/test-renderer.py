#!/usr/bin/python3
# test-renderer.py: with software OpenGL (Xvfb's llvmpipe) and no GSK_RENDERER chosen, the
# app draws with cairo (GSK's GL renderer redraws the whole window on the CPU each frame);
# a renderer the user chose is kept.
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import taplib  # noqa: E402

APP = os.environ.get('HASHIYA_APP', '')
SOFTWARE = 'is software: drawing with cairo'


def launch(renderer):
    env = dict(os.environ)
    env.pop('GSK_RENDERER', None)
    if renderer is not None:
        env['GSK_RENDERER'] = renderer
    env['HASHIYA_QUIT_AFTER_FRAME'] = '1'
    env['G_MESSAGES_DEBUG'] = 'Hashiya'
    home = taplib.tmpdir()
    env['HOME'] = home
    env['XDG_CONFIG_HOME'] = os.path.join(home, 'config')
    env['XDG_DATA_HOME'] = os.path.join(home, 'data')
    p = subprocess.run([APP], env=env, capture_output=True, text=True, timeout=60)
    p.log = p.stdout + p.stderr   # GLib writes debug messages to stdout
    return p


PROBE = r"""
import ctypes, gi
gi.require_version('Gtk', '4.0')
from gi.repository import Gtk
Gtk.init()
from gi.repository import Gdk
context = Gdk.Display.get_default().create_gl_context()
context.realize()
context.make_current()
gl = ctypes.CDLL('libGL.so.1')
gl.glGetString.restype = ctypes.c_char_p
print(gl.glGetString(0x1F01).decode())
"""


def gl_renderer_name():
    """The OpenGL renderer the display offers, asked through GDK here; None when unknown."""
    try:
        p = subprocess.run([sys.executable, '-c', PROBE], capture_output=True, text=True,
                           timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = p.stdout.strip().splitlines()
    return lines[-1] if p.returncode == 0 and lines else None


@taplib.test
def software_gl_draws_with_cairo():
    if not APP or not os.path.exists(APP):
        taplib.skip('the app is not built')
    p = launch(None)
    assert p.returncode == 0, 'the app failed: %d\n%s' % (p.returncode, p.stderr[-2000:])
    if 'OpenGL renderer' not in p.log:
        name = gl_renderer_name()
        if name is None:
            taplib.skip('no OpenGL on this display')
        assert not any(s in name for s in ('llvmpipe', 'softpipe', 'Software Rasterizer')), \
            'software OpenGL (%s) but the app did not switch to cairo:\n%s' % (name, p.log[-2000:])
        taplib.skip('OpenGL is hardware here (%s)' % name)
    assert SOFTWARE in p.log, p.log[-2000:]


@taplib.test
def chosen_renderer_is_kept():
    if not APP or not os.path.exists(APP):
        taplib.skip('the app is not built')
    p = launch('gl')
    assert p.returncode == 0, 'the app failed: %d\n%s' % (p.returncode, p.stderr[-2000:])
    assert SOFTWARE not in p.log, p.log[-2000:]


taplib.run()
