#!/bin/sh
# Renders static/icons/icon.svg into the PNG sizes the pages and the web
# manifest link (browsers without SVG icons, home screens). Run after changing
# the SVG and commit the PNGs; the app never renders them itself.
set -eu
cd "$(dirname "$0")/../static/icons"
browser=${CHROMIUM:-/usr/bin/chromium}
for size in 32 180 192 512; do
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --default-background-color=00000000 --window-size="$size,$size" \
    --screenshot="$PWD/icon-$size.png" "file://$PWD/icon.svg" 2>/dev/null
done
