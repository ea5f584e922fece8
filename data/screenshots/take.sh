#!/bin/bash
# take.sh [BUILD_DIR]: retakes data/screenshots/{window,comments,arabic}.png (the AppStream
# screenshots) from the built app on the sample project, under a private Xvfb.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
app="$build/src/app/hashiya"
cli="$build/src/cli/hashiya-cli"
[ -x "$app" ] || { echo "take.sh: $app is not built" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'kill ${app_pid:-} ${xvfb_pid:-} 2>/dev/null || true; rm -rf "$tmp"' EXIT
project="$tmp/sample.hashiya"
"$cli" init "$project" >/dev/null
"$cli" import -q "$project" "$top"/data/sample/*.txt >/dev/null
"$here/../sample/annotate.sh" "$cli" "$project" >/dev/null

display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x820x24 -nolisten tcp >/dev/null 2>&1 & xvfb_pid=$!
sleep 1

# shot NAME KEYS ENV...: start the app, press KEYS (space-separated xdotool names), grab the window
shot() {
  local name=$1 keys=$2
  shift 2
  env DISPLAY="$display" GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none \
      GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory "$@" \
      "$app" "$project" >/dev/null 2>&1 & app_pid=$!
  sleep 4
  for k in $keys; do DISPLAY="$display" xdotool key "$k"; sleep 0.4; done
  sleep 1
  # no window manager: the window sits at 0,0 on a black root; trim the black away
  DISPLAY="$display" import -window root "$tmp/$name.png"
  convert "$tmp/$name.png" -trim +repage -strip "$here/$name.png"
  kill "$app_pid"; wait "$app_pid" 2>/dev/null || true
  echo "wrote $here/$name.png"
}

shot window "" LC_ALL=C.UTF-8 LANGUAGE=
shot comments "j" LC_ALL=C.UTF-8 LANGUAGE=
shot arabic "" LC_ALL=C.UTF-8 LANGUAGE=ar
