#!/usr/bin/env bash
# bench-suggest.sh BUILD_DIR: suggestions through hashiya-cli, in documents per second, over a
# 10,000-document corpus and one 1 MB article
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The corpus and the article are the ones tests/bench-suggest generates (news-like Arabic
# sentences with dates in every written form, governorates with proclitics, repeated names;
# about 1.5 KB a document), written out with its --write. Each is imported into its own
# project (the corpus with --date, so that dates without a year are anchored), then timed:
#   - `suggest` (listing every suggestion of every document, all three recognisers),
#   - `suggest --accept` (the same, writing each as a span: one transaction per document),
#   - the core alone (tests/bench-suggest, CPU time, no project).
# Wall time; knobs: BENCH_SUGGEST_DOCS (10000), BENCH_SUGGEST_CHARS (1000000),
# HASHIYA_BENCH_DIR.
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
cli="$build/src/cli/hashiya-cli"
gen="$build/tests/bench-suggest"
work="${HASHIYA_BENCH_DIR:-$build/bench}/suggest"
docs="${BENCH_SUGGEST_DOCS:-10000}"
chars="${BENCH_SUGGEST_CHARS:-1000000}"

for f in "$cli" "$gen"; do
  if [ ! -x "$f" ]; then
    echo "bench-suggest: $f is not built (run ninja -C $build)" >&2
    exit 1
  fi
done
rm -rf "$work"
mkdir -p "$work"
"$gen" --write "$work" --docs "$docs" --article-chars "$chars" >/dev/null

seconds () {
  # seconds of wall time of "$@" (output to /dev/null), with 3 decimals
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  t1=$(date +%s.%N)
  echo "$t0 $t1" | awk '{ printf "%.3f", $2 - $1 }'
}

rate () {
  echo "$1 $2" | awk '{ if ($2 <= 0) print "-"; else if ($1 / $2 < 10) printf "%.2f", $1 / $2; else printf "%.0f", $1 / $2 }'
}

"$cli" init "$work/corpus.hashiya" >/dev/null
"$cli" import -q --date 2019-06-01 "$work/corpus.hashiya" "$work/corpus.jsonl" >/dev/null
"$cli" init "$work/article.hashiya" >/dev/null
"$cli" import -q "$work/article.hashiya" "$work/article.txt" >/dev/null

n_corpus=$("$cli" suggest "$work/corpus.hashiya" | wc -l)
n_article=$("$cli" suggest "$work/article.hashiya" | wc -l)
t_corpus=$(seconds "$cli" suggest "$work/corpus.hashiya")
t_article=$(seconds "$cli" suggest "$work/article.hashiya")
t_corpus_accept=$(seconds "$cli" suggest --accept --annotator bench "$work/corpus.hashiya")
t_article_accept=$(seconds "$cli" suggest --accept --annotator bench "$work/article.hashiya")

echo "suggest through hashiya-cli (wall time, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
printf '| %-44s | %10s | %14s | %12s |\n' "measure" "seconds" "documents/s" "suggestions"
printf '| %-44s | %10s | %14s | %12s |\n' "---" "---" "---" "---"
printf '| %-44s | %10s | %14s | %12s |\n' "suggest, $docs documents" "$t_corpus" "$(rate "$docs" "$t_corpus")" "$n_corpus"
printf '| %-44s | %10s | %14s | %12s |\n' "suggest --accept, $docs documents" "$t_corpus_accept" "$(rate "$docs" "$t_corpus_accept")" "$n_corpus"
printf '| %-44s | %10s | %14s | %12s |\n' "suggest, one article of $chars characters" "$t_article" "$(rate 1 "$t_article")" "$n_article"
printf '| %-44s | %10s | %14s | %12s |\n' "suggest --accept, the article" "$t_article_accept" "$(rate 1 "$t_article_accept")" "$n_article"
echo
echo "the core alone (tests/bench-suggest, CPU time):"
"$gen" --docs "$docs" --article-chars "$chars" --date 2019-06-01
