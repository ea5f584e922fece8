#!/usr/bin/env python3
# test-brat-reader.py: brat exports loaded by brat's own standoff reader (../shared/consumers/brat)
# SPDX-License-Identifier: GPL-3.0-or-later
import glob
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import taplib  # noqa: E402
from taplib import cli, new_project, seed_project, shared_path, test  # noqa: E402


def brat_load(folder):
    """Runs brat's reader over folder; returns (files, text-bound annotations) it loaded and
    fails with brat's own messages when it refused anything."""
    tool = shared_path('consumers', 'brat', 'brat-load')
    r = subprocess.run(['/usr/bin/python3', tool, folder], capture_output=True, text=True)
    assert r.returncode == 0, 'brat refused the export:\n%s%s' % (r.stdout, r.stderr)
    first = r.stdout.splitlines()[0]
    # "<folder>: N files loaded, M text-bound annotations, 0 with problems"
    words = first.rsplit(': ', 1)[1].split()
    return int(words[0]), int(words[3])


def span_lines(folder):
    n = 0
    for ann in glob.glob(os.path.join(folder, '*.ann')):
        with open(ann, encoding='utf-8') as f:
            n += sum(1 for line in f if line.startswith('T'))
    return n


def export_brat(p, d, name='brat'):
    out = os.path.join(d, name)
    cli('export', p, '--format', 'brat', '-o', out)
    return out


@test
def seed_article_with_spans_loads_in_brat():
    d, p = seed_project()
    text = json.loads(cli('show', p, '1', '--json').stdout)['text']
    n = 0
    for needle, label in [('وزارة الدفاع العراقية', 'ORG'), ('بغداد', 'LOC'), ('داعش', 'ORG'),
                          ('PUKMEDIA', 'ORG'), ('السليمانية', 'LOC')]:
        i = text.find(needle)
        assert i >= 0, needle
        cli('tag', p, 1, i, i + len(needle), label)
        n += 1
    i = text.find('وزارة الدفاع العراقية') + len('وزارة الدفاع ')
    cli('tag', p, 1, i, i + len('العراقية'), 'LOC')  # nested inside the ORG
    n += 1
    out = export_brat(p, d)
    files, spans = brat_load(out)
    assert files == 1 and spans == n, (files, spans, n)


@test
def span_across_a_line_break_is_written_as_fragments_brat_accepts():
    d, p = new_project()
    text = 'أمن\nالعراق أولاً\nثم الاقتصاد'
    src = os.path.join(d, 'multi.json')
    with open(src, 'w', encoding='utf-8') as f:
        json.dump({'format': 'hashiya/1', 'offsets': 'codepoint', 'documents': [{
            'source': 'multi.txt', 'text': text,
            'segments': [{'kind': 'paragraph', 'start': 0, 'end': 3},
                         {'kind': 'paragraph', 'start': 4, 'end': 16},
                         {'kind': 'paragraph', 'start': 17, 'end': len(text)}],
            'entities': [{'start': 0, 'end': 10, 'label': 'MISC', 'text': text[0:10]},
                         {'start': 4, 'end': 10, 'label': 'LOC', 'text': text[4:10]}]}]},
                  f, ensure_ascii=False)
    r = cli('import', p, src, '--format', 'json')
    assert '2 spans' in r.stdout or 'spans: 2' in r.stdout or 'MISC' in r.stdout, r.stdout
    out = export_brat(p, d)
    files, spans = brat_load(out)
    assert (files, spans) == (1, 2), (files, spans)
    with open(glob.glob(os.path.join(out, '*.ann'))[0], encoding='utf-8') as f:
        lines = [line.rstrip('\n').split('\t') for line in f if line.startswith('T')]
    multi = [line for line in lines if line[1].startswith('MISC')]
    assert multi and ';' in multi[0][1], 'the MISC span across the line break: %s' % multi


def corpus_roundtrip(path, *import_args):
    d, p = new_project()
    cli('import', p, path, '--format', 'conll', *import_args)
    out = export_brat(p, d)
    files, spans = brat_load(out)
    assert files >= 1 and spans == span_lines(out) and spans > 0, (files, spans)
    return spans


@test
def wojood_nested_entities_load_in_brat():
    corpus_roundtrip(shared_path('corpora', 'wojood-sample', 'val.txt'))


@test
def anercorp_test_split_loads_in_brat():
    corpus_roundtrip(shared_path('corpora', 'anercorp', 'ANERCorp_test_camelstyle.txt'))


@test
def newsfane_loads_in_brat():
    corpus_roundtrip(shared_path('corpora', 'newsfane', 'NewsFANE_Gold_2014_170K.txt'))


if __name__ == '__main__':
    taplib.run()
