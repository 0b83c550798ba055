#!/usr/bin/env bash
# Regenerates the screenshots of the sample site's feed page in docs/:
# docs/feed-page-1280.png (a desktop window) and docs/feed-page-390.png (a
# phone), both rendered by headless Chromium (Debian's `chromium`).
#
#     bash docs/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo run --quiet --release -- build --out "$out" >/dev/null
for width in 1280 390; do
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --force-device-scale-factor=1 --window-size="$width,1400" \
        --screenshot="docs/feed-page-$width.png" "file://$out/feed.html" 2>/dev/null
    echo "docs/feed-page-$width.png"
done
