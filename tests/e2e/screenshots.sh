#!/bin/bash
# screenshots.sh [BUILD_DIR] [NAME…]: takes data/screenshots/{window,window-dark,comments,arabic,inspector,narrow,narrow-panel}.png
# (the AppStream screenshots) from the built app on the sample project, under a private Xvfb,
# driving the window with xdotool. Look at every picture after running it.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
shift || true
out="$top/data/screenshots"
app="$build/src/app/hashiya"
cli="$build/src/cli/hashiya-cli"
convert=/usr/bin/convert
for tool in "$app" "$cli"; do
  [ -x "$tool" ] || { echo "screenshots.sh: $tool is not built" >&2; exit 1; }
done
for tool in Xvfb xdotool import "$convert"; do
  command -v "$tool" >/dev/null || { echo "screenshots.sh: $tool is missing" >&2; exit 1; }
done

tmp=$(mktemp -d)
app_pid= xvfb_pid=
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  [ -n "${KEEP_TMP:-}" ] && echo "kept $tmp" >&2 || rm -rf "$tmp"
}
trap cleanup EXIT

# the sample project, as build-aux/dev run makes it
project="$tmp/sample.hashiya"
"$cli" init "$project" >/dev/null
"$cli" import -q "$project" "$top"/data/sample/*.txt >/dev/null
"$top/data/sample/annotate.sh" "$cli" "$project" >/dev/null

display=:$((150 + $$ % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & xvfb_pid=$!
for _ in $(seq 50); do DISPLAY=$display xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done

# shot NAME SCHEME LANGUAGE KEYS…: a fresh settings file with SCHEME (light/dark), start the app
# in LANGUAGE, press KEYS (xdotool key names, "sleep:S" waits), grab the window alone
shot() {
  local name=$1 scheme=$2 language=$3
  shift 3
  local conf="$tmp/config-$name"
  mkdir -p "$conf/glib-2.0/settings"
  # keyfile backend: settings for this run only (window size, style)
  cat >"$conf/glib-2.0/settings/keyfile" <<EOF
[io/github/hashiya/Hashiya]
color-scheme='$scheme'
window-width=${SHOT_WIDTH:-1160}
window-height=${SHOT_HEIGHT:-760}
annotator='$(id -un)'
EOF
  env DISPLAY="$display" GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 \
      DBUS_SESSION_BUS_ADDRESS="unix:path=$tmp/no-bus" \
      GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=keyfile XDG_CONFIG_HOME="$conf" \
      LC_ALL=C.UTF-8 LANGUAGE="$language" \
      "$app" "$project" >"$tmp/$name.log" 2>&1 & app_pid=$!
  local win
  win=$(DISPLAY=$display timeout 30 xdotool search --sync --onlyvisible --name '^sample$' | head -n1)
  DISPLAY=$display xdotool windowfocus --sync "$win" 2>/dev/null || true
  # the pointer rests outside the window: no hover effects in the picture
  DISPLAY=$display xdotool mousemove 1279 799
  sleep 2
  local k
  for k in "$@"; do
    case $k in
      sleep:*) sleep "${k#sleep:}" ;;
      *) DISPLAY=$display xdotool key "$k"; sleep 0.3 ;;
    esac
  done
  sleep 1.5
  # no window manager: the window sits at its own position; crop exactly to it
  local geo x y w h
  geo=$(DISPLAY=$display xdotool getwindowgeometry --shell "$win")
  x=$(echo "$geo" | sed -n 's/^X=//p'); y=$(echo "$geo" | sed -n 's/^Y=//p')
  w=$(echo "$geo" | sed -n 's/^WIDTH=//p'); h=$(echo "$geo" | sed -n 's/^HEIGHT=//p')
  DISPLAY=$display import -window root "$tmp/$name-full.png"
  "$convert" "$tmp/$name-full.png" -crop "${w}x${h}+${x}+${y}" +repage \
    -bordercolor black -trim +repage -strip "$tmp/$name.png"
  # palette PNG when it stays small and clean; else keep the truecolour one
  "$convert" "$tmp/$name.png" -strip -dither None -colors 256 "PNG8:$tmp/$name-8.png"
  cp "$tmp/$name.png" "$out/$name.png"
  if [ "$(stat -c %s "$out/$name.png")" -gt 400000 ]; then
    cp "$tmp/$name-8.png" "$out/$name.png"
  fi
  kill "$app_pid"; wait "$app_pid" 2>/dev/null || true
  app_pid=
  echo "wrote $out/$name.png ($(/usr/bin/identify -format '%wx%h' "$out/$name.png"), $(stat -c %s "$out/$name.png") bytes)"
}

want() { [ ${#names[@]} -eq 0 ] || [[ " ${names[*]} " == *" $1 "* ]]; }
names=("$@")

# main window, light and dark: the first article with its highlighted title, byline and caption
want window && shot window light "" ${WINDOW_KEYS:-}
want window-dark && shot window-dark dark ""
# comment review (dark style): the third comment (judged negative, offensive, review, with a note)
want comments && shot comments dark "" j j j
# the Arabic interface, mirrored
want arabic && shot arabic light ar
# the invisible-character inspector (Ctrl+Shift+I), at the tatweel of لـ"أخبار (the 9th span selected)
want inspector && shot inspector light "" ctrl+shift+i Tab Tab Tab Tab Tab Tab Tab Tab Tab
# a narrow window (400 px): the document list and the panel fold away, the palette wraps
want narrow && SHOT_WIDTH=400 SHOT_HEIGHT=720 shot narrow light ""
# the comment panel brought over the text in the narrow window (F9), on comment 3
want narrow-panel && SHOT_WIDTH=400 SHOT_HEIGHT=720 shot narrow-panel light "" j j j F9
exit 0
