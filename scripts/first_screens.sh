#!/usr/bin/env bash
# Pictures of a run as a committee member sees it: the first screen of every report (and of the brief)
# in a browser window of 1280 and of 800 pixels wide, and every page of every PDF, as PNG files.
# Needs Debian's chromium and poppler-utils (apt-get install chromium poppler-utils).
# Usage: bash scripts/first_screens.sh reports/<run> [out folder, default <run>/../screens-<run>]
set -euo pipefail
run="$(cd "$1" && pwd)"
out="${2:-$(dirname "$run")/screens-$(basename "$run")}"
mkdir -p "$out"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
for page in "$run"/*.html; do
  name="$(basename "$page" .html)"
  [ "$name" = index ] && continue
  for width in 1280 800; do
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --user-data-dir="$profile" --hide-scrollbars --window-size="$width,900" \
      --screenshot="$out/$name-first-screen-$width.png" "file://$page" >/dev/null 2>&1
  done
done
for pdf in "$run"/*.pdf; do
  name="$(basename "$pdf" .pdf)"
  pages="$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')"
  echo "$name.pdf: $pages pages"
  pdftoppm -r 60 -png "$pdf" "$out/$name-page"
done
echo "pictures in $out"
