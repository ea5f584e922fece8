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
#
# Then the window: `hashiya --benchmark` on the article project, with suggestions off and on
# (HASHIYA_SUGGESTIONS=0 / 1, whatever the setting), BENCH_SUGGEST_RUNS times each (3),
# alternating; the median of each figure it prints (first frame, tag, scroll, and document
# switching when it measures it) side by side. Under xvfb-run when there is no display;
# skipped when the window is not built.
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

# ---- the window: opening a document is not slower with suggestions on ----------------
app="$build/src/app/hashiya"
runs="${BENCH_SUGGEST_RUNS:-3}"
if [ ! -x "$app" ]; then
  echo
  echo "window: $app is not built (-Dgui=false?): skipped"
  exit 0
fi
display=()
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  display=(xvfb-run -a -s "-screen 0 1280x900x24")
fi
# one figure of one run: "first frame" (ms after opening), "tag" / "scroll" / "switch…"
# (their median ms), from the benchmark's own lines
figures () {
  awk '
    /^first frame:/ { print "first frame (ms after opening the project)", $3 }
    /^tag:/ { print "tag, median ms (action to the frame after)", $3; print "tag, p95 ms", $6 }
    /^scroll:/ { print "scroll, median ms per frame", $3 }
    /^switch/ { for (i = 1; i <= NF; i++) if ($i == "median") { sub(/:.*/, "", $1); print $1 ", median ms", $(i + 1); break } }
  '
}
: >"$work/window-off.txt"
: >"$work/window-on.txt"
for r in $(seq 1 "$runs"); do
  for mode in off on; do
    v=0; [ "$mode" = on ] && v=1
    HASHIYA_SUGGESTIONS=$v GSETTINGS_BACKEND=memory "${display[@]}" "$app" --benchmark "$work/article.hashiya" \
      2>/dev/null | figures >>"$work/window-$mode.txt" || true
  done
done
echo
echo "opening the article in the window, suggestions off and on (HASHIYA_SUGGESTIONS=0/1; median of $runs runs each):"
printf '| %-46s | %10s | %10s |\n' "figure" "off" "on"
printf '| %-46s | %10s | %10s |\n' "---" "---" "---"
median () {
  # median of the numbers on stdin
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
awk '{ $NF = ""; sub(/ $/, ""); print }' "$work/window-off.txt" | awk '!seen[$0]++' | while IFS= read -r name; do
  off=$(awk -v n="$name" '{ v = $NF; $NF = ""; sub(/ $/, ""); if ($0 == n) print v }' "$work/window-off.txt" | median)
  on=$(awk -v n="$name" '{ v = $NF; $NF = ""; sub(/ $/, ""); if ($0 == n) print v }' "$work/window-on.txt" | median)
  printf '| %-46s | %10s | %10s |\n' "$name" "$off" "$on"
done
