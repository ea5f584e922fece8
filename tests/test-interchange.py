# test-interchange.py: corpus interchange through the built hashiya-cli (issue 4 acceptance)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Real corpora come from $HASHIYA_SHARED/corpora (skipped visibly when absent); the
# doccano / Label Studio / brat / spaCy fixtures are hand-written in tests/data.
import json
import os
import re
import shutil
import sys
import tempfile
import time
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import taplib  # noqa: E402
from taplib import cli, test  # noqa: E402

DATA = os.environ.get('HASHIYA_TEST_DATA', os.path.join(os.path.dirname(__file__), 'data'))
TMP = tempfile.mkdtemp(prefix='hashiya-interchange-')


def tmp(name):
    return os.path.join(TMP, name)


def new_project(name):
    p = tmp(name)
    if os.path.exists(p):
        os.remove(p)
    cli('init', p)
    return p


def conll_tokens(path):
    """Tokens of a CoNLL file as Hashiya reads them: format characters dropped, empty
    tokens and $#$ sentinels left out, two words with one tag read as two tokens."""
    out = []
    with open(path, encoding='utf-8-sig') as f:
        for line in f:
            line = ''.join(c for c in line if unicodedata.category(c) != 'Cf')
            if not line.strip() or line.startswith('-DOCSTART-'):
                continue
            if line[0] in ' \t':
                continue  # empty token
            fields = line.split()
            words = fields[:1]
            if len(fields) > 2 and not re.match(r'^(O|[BIESLU]-\S+)$', fields[1]):
                words = fields[:-1]
            out.extend(w for w in words if w != '$#$')
    return out


def overall_f1(output):
    m = re.search(r'^overall F1: ([0-9.]+)$', output, re.M)
    assert m, 'no "overall F1" line in:\n' + output
    return float(m.group(1))


def first_differences(a, b, n=5):
    diffs = []
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            diffs.append('token %d: %r vs %r' % (i + 1, x, y))
            if len(diffs) >= n:
                break
    return '; '.join(diffs)


def roundtrip(corpus, name, export_args=(), import_args=(), eval_args=()):
    project = new_project(name + '.hashiya')
    r = cli('import', project, corpus, '--format', 'conll', *import_args)
    out = tmp(name + '.conll')
    cli('export', project, '--format', 'conll', '-o', out, *export_args)
    orig, back = conll_tokens(corpus), conll_tokens(out)
    e = cli('eval', corpus, out, *eval_args)
    return r, orig, back, e


# ---- real corpora -----------------------------------------------------------------

_cache = {}


def anercorp_roundtrip():
    if 'anercorp' not in _cache:
        corpus = taplib.shared_path('corpora', 'anercorp', 'ANERCorp_test_camelstyle.txt')
        _cache['anercorp'] = (corpus,) + roundtrip(corpus, 'anercorp')
    return _cache['anercorp']


def wojood_roundtrip():
    if 'wojood' not in _cache:
        corpus = taplib.shared_path('corpora', 'wojood-sample', 'test.txt')
        _cache['wojood'] = (corpus,) + roundtrip(corpus, 'wojood', export_args=('--nested', 'columns'))
    return _cache['wojood']


@test
def anercorp_test_split_import_and_eval():
    corpus, r, orig, back, e = anercorp_roundtrip()
    assert 'tokens: 25057' in r.stdout, r.stdout
    assert 'spans: 2236 (PERS 889, LOC 657, ORG 451, MISC 239)' in r.stdout, r.stdout
    assert ':51: 2 words with one tag O' in r.stdout, r.stdout
    assert '18 phrases start with an I- tag' in r.stdout, r.stdout
    # eval reads the original against the export: every phrase back, F1 = 100
    assert overall_f1(e.stdout) == 100.0, e.stdout
    assert 'processed 25057 tokens with 2236 gold phrases; found 2236 phrases; correct 2236.' in e.stdout, e.stdout
    # import without an alias keeps PERS
    assert re.search(r'^PERS +889 +889 +889', e.stdout, re.M), e.stdout


@test
def anercorp_test_split_same_tokens():
    corpus, r, orig, back, e = anercorp_roundtrip()
    assert back == orig, \
        'token sequences differ: %d original vs %d exported tokens; %s' % (
            len(orig), len(back), first_differences(orig, back))


@test
def anercorp_doc_size_and_schemes():
    corpus = taplib.shared_path('corpora', 'anercorp', 'ANERCorp_test_camelstyle.txt')
    project = new_project('docsize.hashiya')
    r = cli('import', project, corpus, '--doc-size', '100')
    assert 'imported 10 documents' in r.stdout, r.stdout
    for scheme in ('bioes', 'iob1', 'bio'):
        out = tmp('docsize-%s.conll' % scheme)
        cli('export', project, '--format', 'conll', '--scheme', scheme, '--docstart', '-o', out)
        text = open(out, encoding='utf-8').read()
        assert text.count('-DOCSTART-') == 10
        # eval reads every scheme the conlleval way: the same 2,236 phrases
        e = cli('eval', corpus, out)
        assert overall_f1(e.stdout) == 100.0, (scheme, e.stdout)
        # and import reads it back with the scheme named
        back = new_project('docsize-back-%s.hashiya' % scheme)
        r2 = cli('import', back, out, '--scheme', scheme)
        assert 'spans: 2236' in r2.stdout and 'imported 10 documents' in r2.stdout, r2.stdout


@test
def anercorp_alias():
    corpus = taplib.shared_path('corpora', 'anercorp', 'ANERCorp_test_camelstyle.txt')
    project = new_project('alias.hashiya')
    r = cli('import', project, corpus, '--alias', 'PERS=PER')
    assert 'PER 889' in r.stdout and 'PERS' not in r.stdout.split('spans:')[1].split('\n')[0], r.stdout
    out = tmp('alias.conll')
    cli('export', project, '--format', 'conll', '-o', out)
    tags = [l.split()[-1] for l in open(out, encoding='utf-8') if l.strip()]
    assert 'B-PER' in tags and 'B-PERS' not in tags
    e = cli('eval', corpus, out, '--alias', 'PERS=PER')
    assert overall_f1(e.stdout) == 100.0, e.stdout
    # without the alias nothing of PERS matches PER
    e2 = cli('eval', corpus, out)
    assert re.search(r'^PERS +889 +0 +0 ', e2.stdout, re.M), e2.stdout


@test
def wojood_nested_columns_eval():
    corpus, r, orig, back, e = wojood_roundtrip()
    assert '117 sentinel tokens' in r.stdout, r.stdout
    assert '3 tag columns' in r.stdout, r.stdout
    assert 'spans: 870' in r.stdout, r.stdout
    # every tag column of the original against every column of the export
    assert overall_f1(e.stdout) == 100.0, e.stdout


@test
def wojood_nested_columns_same_tokens():
    corpus, r, orig, back, e = wojood_roundtrip()
    assert back == orig, 'token sequences differ: %s' % first_differences(orig, back)


@test
def wojood_four_columns_reads_back():
    wojood_roundtrip()
    project = tmp('wojood.hashiya')
    two, four = tmp('wojood.conll'), tmp('wojood4.conll')
    cli('export', project, '--format', 'conll', '--nested', 'columns', '--columns', '4',
        '--separator', 'tab', '--scheme', 'bioes', '--docstart', '-o', four)
    first = open(four, encoding='utf-8').readline()
    assert first.startswith('-DOCSTART-\t-X-\tO\tO'), first
    e = cli('eval', two, four)
    assert overall_f1(e.stdout) == 100.0 and 'note:' not in e.stdout, e.stdout
    # the project against itself through the 4-column file
    back = new_project('wojood4.hashiya')
    r = cli('import', back, four)
    assert 'tag columns' in r.stdout, r.stdout


@test
def newsfane_imports_counting_lrm():
    corpus = taplib.shared_path('corpora', 'newsfane', 'NewsFANE_Gold_2014_170K.txt')
    with open(corpus, encoding='utf-8') as f:
        n_lrm = f.read().count('\u200e')
    project = new_project('newsfane.hashiya')
    r = cli('import', project, corpus)
    assert 'format characters dropped: %d' % n_lrm in r.stdout, (n_lrm, r.stdout)
    assert 'tokens: 168080' in r.stdout, r.stdout
    out = tmp('newsfane.conll')
    cli('export', project, '--format', 'conll', '-o', out)
    text = open(out, encoding='utf-8').read()
    assert '\u200e' not in text and '\ufeff' not in text


@test
def newsfane_roundtrip_every_format():
    # 168K tokens, 11,423 spans of 45 labels: each interchange format gives them all back
    corpus = taplib.shared_path('corpora', 'newsfane', 'NewsFANE_Gold_2014_170K.txt')
    project = new_project('nf.hashiya')
    cli('import', project, corpus)
    for fmt in ('doccano', 'spacy', 'label-studio', 'brat'):
        out = tmp('nf-out.' + fmt)
        t0 = time.monotonic()
        cli('export', project, '--format', fmt, '-o', out)
        src = out
        if fmt == 'brat':
            src = os.path.join(out, [n for n in os.listdir(out) if n.endswith('.ann')][0])
        back = new_project('nf-back-%s.hashiya' % fmt)
        r = cli('import', back, src, '--format', fmt)
        assert 'spans: 11423' in r.stdout, (fmt, r.stdout)
        e = cli('eval', project, back)
        assert overall_f1(e.stdout) == 100.0 and 'correct 11423.' in e.stdout, (fmt, e.stdout)
        assert time.monotonic() - t0 < 30, fmt


@test
def anercorp_whole_file_takes_seconds():
    corpus = taplib.shared_path('corpora', 'anercorp', 'ANERCorp.txt')
    project = new_project('whole.hashiya')
    t0 = time.monotonic()
    r = cli('import', project, corpus)
    t1 = time.monotonic()
    cli('export', project, '--format', 'conll', '-o', tmp('whole.conll'))
    t2 = time.monotonic()
    assert 'tokens: 150124' in r.stdout, r.stdout
    assert '191 empty tokens' in r.stdout and ':125306: 2 words with one tag O' in r.stdout, r.stdout
    print('# ANERcorp 150K tokens: import %.2f s, export %.2f s' % (t1 - t0, t2 - t1))
    assert t1 - t0 < 30 and t2 - t1 < 30, (t1 - t0, t2 - t1)


# ---- interchange fixtures --------------------------------------------------------------

FIXTURE_PHRASES = ['محمد بن سلمان', 'سلمان', 'باريس', 'فرانس برس', 'أحمد']


def check_doccano(path, utf16):
    n = 0
    with open(path, encoding='utf-8') as f:
        for line in f:
            rec = json.loads(line)
            text = rec['text']
            for s, e, label in rec['label']:
                if utf16:
                    got = text.encode('utf-16-le')[2 * s:2 * e].decode('utf-16-le')
                else:
                    got = text[s:e]
                assert got in FIXTURE_PHRASES, (got, s, e, label)
                n += 1
    return n


@test
def doccano_import_export_offsets():
    project = new_project('doccano.hashiya')
    r = cli('import', project, os.path.join(DATA, 'interchange-doccano.jsonl'), '--format', 'doccano')
    assert 'spans: 5' in r.stdout, r.stdout
    # UTF-16 (default) and code points, checked slice by slice with Python's own counting
    cli('export', project, '--format', 'doccano', '-o', tmp('d16.jsonl'))
    cli('export', project, '--format', 'doccano', '--offsets', 'codepoint', '-o', tmp('dcp.jsonl'))
    assert check_doccano(tmp('d16.jsonl'), True) == 5
    assert check_doccano(tmp('dcp.jsonl'), False) == 5
    # the emoji makes the two units differ
    assert open(tmp('d16.jsonl'), encoding='utf-8').read() != open(tmp('dcp.jsonl'), encoding='utf-8').read()
    # back in: the same spans (a second project, compared with eval)
    project2 = new_project('doccano-back.hashiya')
    cli('import', project2, tmp('d16.jsonl'), '--format', 'doccano')
    e = cli('eval', project, project2)
    assert overall_f1(e.stdout) == 100.0 and 'correct 5.' in e.stdout, e.stdout
    project3 = new_project('doccano-back-cp.hashiya')
    cli('import', project3, tmp('dcp.jsonl'), '--format', 'doccano', '--offsets', 'codepoint')
    e = cli('eval', project, project3)
    assert overall_f1(e.stdout) == 100.0, e.stdout
    # read as code points, the UTF-16 file does not fit: an error naming file and line
    bad = cli('import', new_project('doccano-bad.hashiya'), tmp('d16.jsonl'), '--format', 'doccano',
              '--offsets', 'codepoint', check=False)
    assert bad.returncode != 0 and 'd16.jsonl:1: segment end offset' in bad.stderr, bad.stderr


@test
def spacy_export_read_by_python():
    project = new_project('spacy.hashiya')
    cli('import', project, os.path.join(DATA, 'interchange-spacy.jsonl'), '--format', 'spacy')
    out = tmp('spacy.jsonl')
    cli('export', project, '--format', 'spacy', '-o', out)
    n = 0
    with open(out, encoding='utf-8') as f:
        for line in f:
            rec = json.loads(line)
            for span in rec['spans']:
                assert rec['text'][span['start']:span['end']] in FIXTURE_PHRASES, span
                n += 1
    assert n == 5
    project2 = new_project('spacy-back.hashiya')
    cli('import', project2, out, '--format', 'spacy')
    assert overall_f1(cli('eval', project, project2).stdout) == 100.0


@test
def label_studio_roundtrip():
    project = new_project('ls.hashiya')
    r = cli('import', project, os.path.join(DATA, 'interchange-label-studio.json'), '--format', 'label-studio')
    assert 'spans: 2' in r.stdout and 'judgements: 1' in r.stdout, r.stdout
    out = tmp('ls.json')
    cli('export', project, '--format', 'label-studio', '-o', out)
    tasks = json.load(open(out, encoding='utf-8'))
    assert len(tasks) == 2
    results = [res for t in tasks for a in t['annotations'] for res in a['result']]
    labels = [res for res in results if res['type'] == 'labels']
    assert len(labels) == 2
    for res in results:
        v = res['value']
        assert res['to_name'] == 'text' and res['from_name']
        if res['type'] != 'textarea':
            assert tasks[0]['data']['text'][v['start']:v['end']] == v['text'], res
    assert any(res['type'] == 'choices' and res['value']['choices'] == ['positive'] for res in results)
    assert any(res['type'] == 'textarea' and res['value']['text'] == ['عاصمة الإمارات'] for res in results)
    # one region id per (comment, annotator): its choices and note share it (issue 12)
    for t in tasks:
        for a in t['annotations']:
            ids = {}
            for res in a['result']:
                if res['from_name'] in ('sentiment', 'offensive', 'hate_speech', 'decision', 'comment_note'):
                    ids.setdefault(res['id'], set()).add((res['value']['start'], res['value']['end']))
            assert all(len(ranges) == 1 for ranges in ids.values()), ids
    config = cli('export', project, '--format', 'label-studio', '--print-config').stdout
    labels = cli('labels', project).stdout
    order = [line.split()[1] for line in labels.splitlines()[1:] if line.split()]
    shown = re.findall(r'<Label value="([^"]*)"/>', config)
    assert shown == order, (shown, order)
    assert 'name="comment_note"' in config and config.count('perRegion="true"') == 6, config
    r3 = cli('export', project, '--format', 'doccano', '--print-config', check=False)
    assert r3.returncode != 0 and '--print-config' in r3.stderr, r3.stderr
    project2 = new_project('ls-back.hashiya')
    r2 = cli('import', project2, out, '--format', 'label-studio')
    assert 'judgements: 1' in r2.stdout, r2.stdout
    assert overall_f1(cli('eval', project, project2).stdout) == 100.0


@test
def label_studio_completed_by_and_annotator_map():
    """issue 13: Label Studio's completed_by user ids are annotators; --annotator-map names them;
    a conflicting judgement by the same annotator is reported."""
    src = tmp('ls-users.json')
    def ann(user, choice):
        return {'completed_by': user, 'result': [{'type': 'choices', 'from_name': 'sentiment',
                                                  'to_name': 'text', 'value': {'choices': [choice]}}]}
    with open(src, 'w', encoding='utf-8') as f:
        json.dump([{'id': 1, 'data': {'text': 'تعليق سيئ جدا'},
                    'annotations': [ann(1, 'Negative'), ann(2, 'Positive'), ann(2, 'Neutral')]}],
                  f, ensure_ascii=False)
    project = new_project('ls-users.hashiya')
    r = cli('import', project, src, '--annotator-map', '1=sara', '--annotator-map', '7=omar')
    assert 'judgements: 2' in r.stdout and 'the first was kept' in r.stdout, r.stdout
    doc = json.loads(cli('export', project, '--format', 'json').stdout)['documents'][0]
    got = sorted((j['annotator'], j['sentiment']) for c in doc['comments'] for j in c['judgements'])
    assert got == [('ls-user-2', 'positive'), ('sara', 'negative')], got
    r = cli('import', new_project('ls-users2.hashiya'), src, '--annotator-map', 'x=sara', check=False)
    assert r.returncode != 0 and '--annotator-map' in r.stderr, r.stderr


@test
def brat_roundtrip():
    project = new_project('brat.hashiya')
    src = tmp('brat-in')
    os.makedirs(src, exist_ok=True)
    for ext in ('txt', 'ann'):
        shutil.copy(os.path.join(DATA, 'interchange-brat.' + ext), os.path.join(src, 'doc.' + ext))
    r = cli('import', project, os.path.join(src, 'doc.ann'))
    assert 'spans: 5' in r.stdout and 'discontinuous span T4 ROLE' in r.stdout, r.stdout
    out = tmp('brat-out')
    cli('export', project, '--format', 'brat', '-o', out)
    names = sorted(os.listdir(out))
    assert 'annotation.conf' in names and 'doc.ann' in names and 'doc.txt' in names, names
    text = open(os.path.join(out, 'doc.txt'), encoding='utf-8').read()
    n = 0
    for line in open(os.path.join(out, 'doc.ann'), encoding='utf-8'):
        if line.startswith('T'):
            _, type_range, phrase = line.rstrip('\n').split('\t')
            _, s, e = type_range.split(' ')
            assert text[int(s):int(e)] == phrase
            n += 1
    assert n == 5
    project2 = new_project('brat-back.hashiya')
    cli('import', project2, os.path.join(out, 'doc.ann'))
    assert overall_f1(cli('eval', project, project2).stdout) == 100.0


@test
def brat_folder_import_keeps_order_sources_segments():
    """issue 12: an export folder imports whole, in project order, with source names and
    segment kinds (hashiya.conf); a span across a line break comes back as one span."""
    text1 = 'عنوان\nأمن\nالعراق أولاً'
    text2 = 'نص ثان في بغداد'
    src = tmp('brat-folder.json')
    with open(src, 'w', encoding='utf-8') as f:
        json.dump({'format': 'hashiya/1', 'offsets': 'codepoint', 'documents': [
            {'source': 'z last\tname.txt', 'text': text1,
             'segments': [{'kind': 'title', 'start': 0, 'end': 5},
                          {'kind': 'paragraph', 'start': 6, 'end': 9},
                          {'kind': 'comment', 'start': 10, 'end': len(text1)}],
             'entities': [{'start': 6, 'end': 16, 'label': 'MISC', 'text': text1[6:16]}]},
            {'source': 'a first.txt', 'text': text2,
             'segments': [{'kind': 'paragraph', 'start': 0, 'end': len(text2)}],
             'entities': [{'start': 10, 'end': 15, 'label': 'LOC', 'text': 'بغداد'}]}]},
            f, ensure_ascii=False)
    project = new_project('brat-folder.hashiya')
    cli('import', project, src, '--format', 'json')
    out = tmp('brat-folder-out')
    shutil.rmtree(out, ignore_errors=True)
    r = cli('export', project, '--format', 'brat', '-o', out)
    assert 'tabs and line breaks became spaces' in r.stderr, r.stderr
    assert os.path.exists(os.path.join(out, 'hashiya.conf'))
    ann = open(os.path.join(out, 'z_last_name.ann'), encoding='utf-8').read()
    assert 'MISC 6 9;10 16\tأمن العراق' in ann, ann
    project2 = new_project('brat-folder-back.hashiya')
    r = cli('import', project2, out)
    assert 'documents: 2 added' in r.stdout and 'hashiya.conf' not in r.stdout, r.stdout

    def view(p):
        docs = json.loads(cli('export', p, '--format', 'json').stdout)['documents']
        return [(d['source'], d['text'], [(g['kind'], g['start'], g['end']) for g in d['segments']],
                 sorted((e['start'], e['end'], e['label']) for e in d['entities'])) for d in docs]
    back = view(project2)
    assert back[0][0] == 'z last name.txt' and back[1][0] == 'a first.txt', back
    assert [b[1:] for b in back] == [v[1:] for v in view(project)], (back, view(project))
    # without the side file: name order, and the report says what was lost
    os.remove(os.path.join(out, 'hashiya.conf'))
    project3 = new_project('brat-folder-bare.hashiya')
    r = cli('import', project3, out)
    assert 'no hashiya.conf' in r.stdout + r.stderr, r.stdout
    assert [v[0] for v in view(project3)] == ['a_first.txt', 'z_last_name.txt']


@test
def conll_emoji_tokens_and_format_count():
    """issue 12: emoji clusters are whole tokens with their ZWJs; the CLI prints the count of
    format characters left out of token text."""
    src = tmp('emoji.txt')
    with open(src, 'w', encoding='utf-8') as f:
        f.write('عائلتي 👨\u200d👩\u200d👧 من 🇮🇶 رائع 👍🏽 مرحبا\u200fبك\n')
    project = new_project('emoji.hashiya')
    cli('import', project, src)
    out = tmp('emoji.conll')
    r = cli('export', project, '--format', 'conll', '-o', out)
    assert '1 format character' in r.stdout, r.stdout
    tokens = [line.split(' ')[0] for line in open(out, encoding='utf-8') if line.strip()]
    assert tokens == ['عائلتي', '👨\u200d👩\u200d👧', 'من', '🇮🇶', 'رائع', '👍🏽', 'مرحبابك'], tokens
    r = cli('export', project, '--format', 'conll')
    assert '1 format character' in r.stderr and 'format character' not in r.stdout, r.stderr
    # read back, the ZWJ sequence keeps its ZWJs: the same file again
    back = new_project('emoji-back.hashiya')
    cli('import', back, out, '--format', 'conll')
    out2 = tmp('emoji-back.conll')
    cli('export', back, '--format', 'conll', '-o', out2)
    assert open(out, encoding='utf-8').read() == open(out2, encoding='utf-8').read()


def two_annotator_project(name):
    text = 'زار محمد لبغداد أمس.\nتعليق أول\nتعليق ثان'
    src = tmp(name + '.json')
    with open(src, 'w', encoding='utf-8') as f:
        json.dump({'format': 'hashiya/1', 'offsets': 'codepoint', 'documents': [{
            'source': 'two.txt', 'text': text,
            'segments': [{'kind': 'paragraph', 'start': 0, 'end': 20},
                         {'kind': 'comment', 'start': 21, 'end': 30},
                         {'kind': 'comment', 'start': 31, 'end': len(text)}]}]}, f, ensure_ascii=False)
    p = new_project(name + '.hashiya')
    cli('import', p, src, '--format', 'json')
    i = text.find('بغداد')
    cli('tag', p, 1, i, i + 5, 'LOC', '--annotator', 'omar')     # a clitic span: inside لبغداد
    cli('tag', p, 1, 4, 8, 'PER', '--annotator', 'sara')
    # omar judges both comments, then sara the first: not in comment order
    cli('judge', p, 1, 1, '--sentiment', 'positive', '--annotator', 'omar')
    cli('judge', p, 1, 2, '--sentiment', 'negative', '--annotator', 'omar')
    cli('judge', p, 1, 1, '--sentiment', 'negative', '--annotator', 'sara')
    return p, text


@test
def doccano_spacy_report_lost_attribution_and_token_edges():
    """issue 12: every judgement and span written without its annotator is reported, the second
    annotator's judgement too (not written as the first's); a span inside a token is reported
    for spaCy, widened or lined up with "tokens" on request."""
    p, text = two_annotator_project('attrib')
    for fmt in ('doccano', 'spacy'):
        out = tmp('attrib.' + fmt)
        r = cli('export', p, '--format', fmt, '-o', out)
        err = r.stderr
        assert "comment 1: a second annotator's judgement has no field (annotator sara)" in err, err
        assert err.count('written without its annotator') == 4, err   # 2 spans, 2 judgements
        rec = json.loads(open(out, encoding='utf-8').readline())
        cats = rec['cats']
        keys = list(cats) if isinstance(cats, dict) else cats
        assert sorted(k for k in keys if k.startswith('comment-1/')) == ['comment-1/sentiment=positive'], keys
        assert ('inside a token' in err) == (fmt == 'spacy'), err
    i = text.find('بغداد')
    out = tmp('attrib-widen.jsonl')
    r = cli('export', p, '--format', 'spacy', '--spacy-spans', 'widen', '-o', out)
    assert 'widened' in r.stderr and 'inside a token' not in r.stderr, r.stderr
    rec = json.loads(open(out, encoding='utf-8').readline())
    assert {'start': i - 1, 'end': i + 5, 'label': 'LOC'} in rec['spans'], rec['spans']
    out = tmp('attrib-tokens.jsonl')
    r = cli('export', p, '--format', 'spacy', '--spacy-spans', 'tokens', '-o', out)
    assert 'inside a token' not in r.stderr, r.stderr
    rec = json.loads(open(out, encoding='utf-8').readline())
    toks = rec['tokens']
    assert [t['text'] for t in toks[:4]] == ['زار', 'محمد', 'ل', 'بغداد'], toks[:5]
    for t in toks:
        assert text[t['start']:t['end']] == t['text']
    for sp in rec['spans']:
        assert toks[sp['token_start']]['start'] == sp['start'], sp
        assert toks[sp['token_end']]['end'] == sp['end'], sp
    r = cli('export', p, '--format', 'spacy', '--spacy-spans', 'bogus', check=False)
    assert r.returncode != 0 and '--spacy-spans' in r.stderr
    # brat names no annotator either: both spans reported
    out = tmp('attrib-brat')
    shutil.rmtree(out, ignore_errors=True)
    r = cli('export', p, '--format', 'brat', '-o', out)
    assert r.stderr.count('written without its annotator') == 2, r.stderr


@test
def eval_two_annotators():
    project = new_project('annotators.hashiya')
    cli('import', project, os.path.join(DATA, 'interchange-spacy.jsonl'), '--format', 'spacy')
    # spans by "tester" (the importer); omar agrees on one PER and adds a wrong LOC
    cli('tag', project, '1', '6', '19', 'PER', '--annotator', 'omar')
    cli('tag', project, '1', '20', '24', 'LOC', '--annotator', 'omar')
    e = cli('eval', project, '--annotators', 'tester', 'omar')
    assert re.search(r'^overall +5 +2 +1 ', e.stdout, re.M), e.stdout
    assert overall_f1(e.stdout) == round(100 * 2 * (1 / 2) * (1 / 5) / (1 / 2 + 1 / 5), 2), e.stdout
    bad = cli('eval', project, '--annotators', 'tester', 'nobody', check=False)
    assert bad.returncode == 1 and 'nobody' in bad.stderr, bad.stderr


def conlleval_chunks(tags):
    """Phrases (start, end, type) of a tag list with conlleval.pl's startOfChunk/endOfChunk
    (None marks a sentence break), written here independently of the C code."""
    chunks, start, prev_tag, prev_type = [], None, 'O', ''
    for i, t in enumerate(tags + [None]):
        if t is None or t == 'O':
            tag, typ = ('O', '')
        else:
            tag, typ = t.split('-', 1)
        end = (prev_tag in 'BI' and tag in 'BO') or (prev_tag != 'O' and prev_type != typ) \
            or t is None
        begin = tag == 'B' or (prev_tag == 'O' and tag == 'I') or (tag != 'O' and prev_type != typ)
        if start is not None and end:
            chunks.append((start, i, prev_type))
            start = None
        if t is not None and begin and tag != 'O':
            start = i
        prev_tag, prev_type = (tag, typ) if t is not None else ('O', '')
    return chunks


@test
def eval_agrees_with_conlleval_rules():
    corpus = taplib.shared_path('corpora', 'anercorp', 'ANERCorp_test_camelstyle.txt')
    rows = []
    for line in open(corpus, encoding='utf-8'):
        f = line.split()
        if not f:
            rows.append(None)
        elif len(f) == 2:
            rows.append((f[0], f[1]))
        else:  # the two-word line, read as import reads it
            rows.extend((w, f[-1]) for w in f[:-1])
    rnd = __import__('random').Random(4)
    types = ['PERS', 'LOC', 'ORG', 'MISC']
    pred = []
    for r in rows:
        if r is not None and rnd.random() < 0.08:
            r = (r[0], rnd.choice(['O', 'B-' + rnd.choice(types), 'I-' + rnd.choice(types)]))
        pred.append(r)
    gold_file, pred_file = tmp('cg.conll'), tmp('cp.conll')
    for path, rs in ((gold_file, rows), (pred_file, pred)):
        with open(path, 'w', encoding='utf-8') as f:
            f.write(''.join('\n' if r is None else '%s %s\n' % r for r in rs))

    def phrases(rs):
        out, tags, base = set(), [], 0
        for r in rs + [None]:
            if r is None:
                out.update((base + s, base + e, t) for s, e, t in conlleval_chunks(tags))
                base += len(tags)
                tags = []
            else:
                tags.append(r[1])
        return out
    g, p = phrases(rows), phrases(pred)
    e = cli('eval', gold_file, pred_file)
    for label in types:
        ng = len([x for x in g if x[2] == label])
        np_ = len([x for x in p if x[2] == label])
        nc = len([x for x in g & p if x[2] == label])
        assert re.search(r'^%s +%d +%d +%d ' % (label, ng, np_, nc), e.stdout, re.M), \
            (label, ng, np_, nc, e.stdout)
    prec, rec = 100 * len(g & p) / len(p), 100 * len(g & p) / len(g)
    assert abs(overall_f1(e.stdout) - 2 * prec * rec / (prec + rec)) < 0.006, e.stdout


@test
def eval_token_mismatch_names_lines():
    a, b = tmp('a.conll'), tmp('b.conll')
    open(a, 'w', encoding='utf-8').write('زار O\nمحمد B-PER\n\nدبي B-LOC\n')
    open(b, 'w', encoding='utf-8').write('زار O\nمحمد B-PER\n\nعمان B-LOC\n')
    r = cli('eval', a, b, check=False)
    assert r.returncode == 1, r
    assert 'a.conll:4 “دبي”' in r.stderr and 'b.conll:4 “عمان”' in r.stderr, r.stderr


if __name__ == '__main__':
    try:
        taplib.run()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
