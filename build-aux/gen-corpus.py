#!/usr/bin/env python3
# gen-corpus.py: a synthetic Arabic news corpus (scraped-page articles with reader comments) for the benchmark
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every file is one article in the plain-text format of scraped news pages that Hashiya's
# importer reads: breadcrumb lines, title, byline, paragraphs, sub-headings, image captions
# written twice, the page boilerplate, then reader comments each followed by a "الرد" line.
# The words come from a small vocabulary of Arabic news words (some with harakat or
# tatweel), names of people, places and organisations, Latin words and numbers in both
# digit sets. The output is deterministic for a given --seed.
#
#   gen-corpus.py corpus OUTDIR [--total-mb 100] [--largest-mb 8] [--files 40] [--csv FILE]
#   gen-corpus.py article FILE --chars 1000000 --comments 2000
import argparse
import csv
import json
import os
import random
import sys

COMMON = """
قال أكد أضاف أوضح أشار ذكر أعلن كشف نفى رأى يرى تابع شدد دعا طالب بحث ناقش
الحكومة الوزارة الوزير الرئيس المسؤولين المسؤول الجيش القوات الأمن الشرطة البرلمان المجلس
اللجنة المدينة المحافظة المنطقة الإقليم الدولة البلاد العاصمة الحدود الشمال الجنوب الشرق الغرب
التعاون الاتفاق المفاوضات الاجتماع المؤتمر القمة الزيارة الخطة المشروع البرنامج الميزانية
الاقتصاد الاستثمار التجارة النفط الغاز الكهرباء المياه الزراعة الصناعة السياحة التعليم الصحة
المستشفى الجامعة المدرسة الطلاب الأطفال النساء الشباب المواطنين السكان الأهالي العائلات
في من إلى على عن مع بين بعد قبل خلال حول ضد حتى منذ عند لدى أمام وراء فوق تحت
أن إن كان كانت يكون تكون هذا هذه ذلك تلك الذي التي الذين ما لا لم لن قد سوف كل بعض
جديد جديدة كبير كبيرة صغير واسع واسعة مهم مهمة عام عامة خاص خاصة أول آخر ثاني ثالث
العسكري العسكرية السياسي السياسية الاقتصادي الاقتصادية الأمنية الإنسانية الدولية المحلية الوطنية
يوم أيام شهر أشهر سنة عام الأسبوع الماضي المقبل الحالي اليوم أمس غدا صباح مساء
تعزيز تطوير تحسين دعم إعادة بناء إعمار حماية مكافحة محاربة مواجهة تنفيذ تحقيق توفير
الإرهاب الفساد البطالة الفقر الأزمة الحرب السلام الاستقرار الأمن التنمية الإصلاح الانتخابات
مليون مليار ألف نسبة بالمئة دولار دينار ريال جنيه درهم
ويقول وقال وأضاف وأكد وأشار وذكر وأوضح وتابع ولفت وبين ونوه
والحكومة والوزارة والجيش والقوات والأمن والمجلس واللجنة والمدينة والمنطقة
بالحكومة بالوزارة بالجيش بالمدينة للحكومة للوزارة للجيش للمدينة للمواطنين لديارنا
مصادر مصدر تقرير تقارير بيان تصريح تصريحات حديث مقابلة وكالة صحيفة موقع قناة
الْحُكُومَة الْعِرَاق مُهِمّ عَلَى إِلَى مِنْ الــعــراق الـدولـة
"""

PERSONS = """
خالد الطائي|جبار ياور|تحسين الخفاجي|فاضل أبو رغيف|محمد العلي|أحمد حسن|فاطمة الزهراء
سارة المنصوري|عمر الفاروق|يوسف إبراهيم|ليلى عبد الله|حسين الجبوري|نور الهدى|علي الكاظمي
مصطفى الكبيسي|زينب الموسوي|سلمان العنزي|رشيد بن علي|هدى الشمري|كريم الساعدي
"""

PLACES = """
بغداد|البصرة|الموصل|أربيل|كركوك|السليمانية|نينوى|ديالى|الأنبار|دمشق|عمان|بيروت|القاهرة
الرياض|الدوحة|أبوظبي|الكويت|طهران|أنقرة|تونس|الجزائر|الرباط|صنعاء|عدن|الخرطوم|طرابلس
كردستان|الخليج|سوريا|الأردن|لبنان|مصر|العراق|السعودية|إيران|تركيا|اليمن|ليبيا
"""

ORGS = """
وزارة الدفاع|وزارة الداخلية|وزارة النفط|البنك المركزي|الأمم المتحدة|جامعة الدول العربية
مجلس الأمن|منظمة الصحة العالمية|الاتحاد الأوروبي|صندوق النقد الدولي|البشمركة|الحشد الشعبي
الهلال الأحمر|اليونيسف|وكالة الأنباء|شركة النفط الوطنية|حلف الناتو|الصليب الأحمر
"""

LATIN = ['PUKMEDIA', 'COVID-19', 'UN', 'NATO', 'Reuters', 'AFP', 'iPhone', 'Facebook',
         'Twitter', 'YouTube', 'OPEC', 'GDP', 'km', 'kg', 'USD', 'www.example.com']

MONTHS = ['كانون الثاني/يناير', 'شباط/فبراير', 'آذار/مارس', 'نيسان/أبريل', 'أيار/مايو',
          'حزيران/يونيو', 'تموز/يوليو', 'آب/أغسطس', 'أيلول/سبتمبر', 'تشرين الأول/أكتوبر',
          'تشرين الثاني/نوفمبر', 'كانون الأول/ديسمبر']

ARABIC_INDIC = str.maketrans('0123456789', '٠١٢٣٤٥٦٧٨٩')

COMMENT_WORDS = """
والله هذا كلام صحيح غير صحيح الحكومه فاشله الشعب يريد حقوقه نحن نريد الأمن والأمان
شكرا على المقال مقال رائع كذب وتضليل الله يحفظ البلد أين المسؤولين لماذا متى حرام
عليكم الفساد في كل مكان يا جماعة الخير ان شاء الله الوضع سيء جدا ممتاز أحسنتم
"""


def words(block):
    return block.split()


def names(block):
    return [n.strip() for n in block.replace('\n', '|').split('|') if n.strip()]


class Writer:
    def __init__(self, rng):
        self.rng = rng
        self.common = words(COMMON)
        self.persons = names(PERSONS)
        self.places = names(PLACES)
        self.orgs = names(ORGS)
        self.comment_words = words(COMMENT_WORDS)

    def number(self):
        r = self.rng.random()
        if r < 0.3:
            return str(self.rng.randint(1, 31))
        if r < 0.5:
            return str(self.rng.randint(1990, 2026))
        if r < 0.65:
            return '%d.%d' % (self.rng.randint(1, 99), self.rng.randint(0, 9))
        if r < 0.8:
            return str(self.rng.randint(1, 5000)).translate(ARABIC_INDIC)
        return '%d %s %d' % (self.rng.randint(1, 28), self.rng.choice(MONTHS),
                             self.rng.randint(2000, 2026))

    def sentence(self, n_words, vocab=None):
        rng = self.rng
        vocab = vocab or self.common
        out = rng.choices(vocab, k=n_words)
        # sprinkle entities, numbers, Latin words and punctuation
        for i in range(len(out)):
            r = rng.random()
            if r < 0.035:
                out[i] = rng.choice(self.persons)
            elif r < 0.07:
                out[i] = rng.choice(self.places)
            elif r < 0.09:
                out[i] = rng.choice(self.orgs)
            elif r < 0.11:
                out[i] = self.number()
            elif r < 0.115:
                out[i] = rng.choice(LATIN)
            elif r < 0.14:
                out[i] += '،'
        s = ' '.join(out)
        r = rng.random()
        if r < 0.08:
            s = '"%s"' % s
        elif r < 0.12:
            s += ' (%s)' % rng.choice(self.places)
        return s + rng.choice(['.', '.', '.', '.', '؟', '!'])

    def paragraph(self, target_chars):
        parts = []
        size = 0
        while size < target_chars:
            s = self.sentence(self.rng.randint(8, 30))
            parts.append(s)
            size += len(s) + 1
        return ' '.join(parts)

    def comment(self):
        rng = self.rng
        n = rng.choice([5, 8, 12, 20, 40, 80])
        s = ' '.join(rng.choices(self.comment_words + self.common, k=n))
        if rng.random() < 0.2:
            s += ' ' + rng.choice(self.places)
        if rng.random() < 0.1:
            s += ' 👍'
        return s + rng.choice([' !!!', '.', '', '؟'])

    def article(self, body_chars, n_comments):
        """Returns a list of lines (without LF)."""
        rng = self.rng
        lines = ['أخبار ' + rng.choice(self.places), rng.choice(['أمن', 'سياسة', 'اقتصاد', 'مجتمع']), '']
        lines += [self.sentence(rng.randint(5, 9))[:-1], '']
        lines += [rng.choice(self.persons), '']
        size = 0
        n_par = 0
        while size < body_chars:
            n_par += 1
            if n_par % 7 == 3:
                cap = '%s [حقوق الصورة لـ%s]' % (self.sentence(rng.randint(10, 20)), rng.choice(self.orgs))
                lines += [cap, '', cap, '']
                size += 2 * len(cap)
            elif n_par % 9 == 5:
                head = ' '.join(rng.choices(self.common, k=rng.randint(2, 4)))
                lines += [head, '']
                size += len(head)
            par = self.paragraph(rng.randint(200, 1200))
            lines += [par, '']
            size += len(par) + 2
        lines += ['هل أعجبك هذا المقال؟', '']
        if n_comments:
            lines += ['%d تعليق' % n_comments,
                      'سياسة ديارنا بشأن التعليقات * معلومات ضرورية 1500 / 1500', '']
            for _ in range(n_comments):
                lines += [self.comment(), '', 'الرد', '']
        return lines


def write_lines(path, lines):
    data = '\n'.join(lines) + '\n'
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(data)
    return data


def cmd_corpus(args):
    rng = random.Random(args.seed)
    w = Writer(rng)
    os.makedirs(args.outdir, exist_ok=True)
    total = int(args.total_mb * 1e6)
    largest = int(args.largest_mb * 1e6)
    rest = max(total - largest, 0)
    n_rest = max(args.files - 1, 1)
    # Arabic letters take two bytes in UTF-8, spaces one: about 1.84 bytes per character.
    sizes = [largest] + [rest // n_rest] * n_rest
    csv_file = None
    if args.csv:
        csv_file = open(args.csv, 'w', encoding='utf-8', newline='')
        cw = csv.writer(csv_file)
        cw.writerow(['source', 'text'])
    written = 0
    for i, size in enumerate(sizes):
        n_comments = max(5, size // 20000)
        lines = w.article(int(size / 1.84) - n_comments * 60, n_comments)
        name = 'article-%03d.txt' % i
        data = write_lines(os.path.join(args.outdir, name), lines)
        if csv_file:
            cw.writerow([name, data])
        written += len(data.encode('utf-8'))
    if csv_file:
        csv_file.close()
    print('%d files, %.1f MB in %s' % (len(sizes), written / 1e6, args.outdir))


def cmd_docs(args):
    """N short articles (about --chars characters and --comments comments each), as one
    JSONL file (source, text), a folder of article files, and/or CSV for sqlite3 .import."""
    rng = random.Random(args.seed)
    w = Writer(rng)
    out_jsonl = open(args.jsonl, 'w', encoding='utf-8', newline='\n') if args.jsonl else None
    out_csv = None
    if args.csv:
        out_csv = open(args.csv, 'w', encoding='utf-8', newline='')
        cw = csv.writer(out_csv)
        cw.writerow(['source', 'text'])
    if args.dir:
        os.makedirs(args.dir, exist_ok=True)
    written = 0
    for i in range(args.n):
        # a comment with its reply line is about 175 characters
        lines = w.article(max(args.chars - args.comments * 175, 200), args.comments)
        text = '\n'.join(lines) + '\n%d\n' % i   # the number keeps every text unique
        name = 'doc-%06d.txt' % i
        if out_jsonl:
            out_jsonl.write(json.dumps({'source': name, 'text': text, 'entities': []}, ensure_ascii=False) + '\n')
        if out_csv:
            cw.writerow([name, text])
        if args.dir:
            with open(os.path.join(args.dir, name), 'w', encoding='utf-8', newline='\n') as f:
                f.write(text)
        written += len(text.encode('utf-8'))
    for f in (out_jsonl, out_csv):
        if f:
            f.close()
    print('%d documents, %.1f MB of text' % (args.n, written / 1e6))


def cmd_article(args):
    rng = random.Random(args.seed)
    w = Writer(rng)
    # a comment with its "الرد" line averages about 175 characters
    lines = w.article(max(args.chars - args.comments * 175, 1000), args.comments)
    data = write_lines(args.file, lines)
    print('%s: %d characters, %d comments' % (args.file, len(data), args.comments))


def main():
    p = argparse.ArgumentParser(description='Synthetic Arabic news corpus for the Hashiya benchmark')
    sub = p.add_subparsers(dest='cmd', required=True)
    c = sub.add_parser('corpus', help='a folder of article files')
    c.add_argument('outdir')
    c.add_argument('--total-mb', type=float, default=100)
    c.add_argument('--largest-mb', type=float, default=8)
    c.add_argument('--files', type=int, default=40)
    c.add_argument('--csv', help='also write the documents as CSV (source,text) for sqlite3 .import')
    c.add_argument('--seed', type=int, default=7)
    dd = sub.add_parser('docs', help='many short articles (scale benchmark)')
    dd.add_argument('n', type=int)
    dd.add_argument('--chars', type=int, default=1600)
    dd.add_argument('--comments', type=int, default=3)
    dd.add_argument('--jsonl', help='write them as one JSONL file (source, text)')
    dd.add_argument('--dir', help='write them as article files in this folder')
    dd.add_argument('--csv', help='write them as CSV (source,text) for sqlite3 .import')
    dd.add_argument('--seed', type=int, default=13)
    a = sub.add_parser('article', help='one article with many comments (GUI benchmark)')
    a.add_argument('file')
    a.add_argument('--chars', type=int, default=1000000)
    a.add_argument('--comments', type=int, default=2000)
    a.add_argument('--seed', type=int, default=11)
    args = p.parse_args()
    if args.cmd == 'corpus':
        cmd_corpus(args)
    elif args.cmd == 'docs':
        cmd_docs(args)
    else:
        cmd_article(args)


if __name__ == '__main__':
    sys.exit(main())
