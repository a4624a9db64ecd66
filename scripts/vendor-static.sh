#!/usr/bin/env bash
# Refresh the vendored front-end libraries from the npm registry at pinned versions.
# Usage: scripts/vendor-static.sh   (needs npm; run from anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."

PICO_VERSION=2.1.1
HTMX_VERSION=2.0.11

vendor() {  # vendor NPM_NAME VERSION DEST_DIR FILE...
    local name=$1 version=$2 dest=$3; shift 3
    local work; work=$(mktemp -d)
    trap 'rm -rf "$work"' RETURN
    (cd "$work" && npm pack --silent "$name@$version" >/dev/null && tar -xzf ./*.tgz)
    rm -rf "$dest" && mkdir -p "$dest"
    for file in "$@"; do cp "$work/package/$file" "$dest/"; done
    cp "$work/package/LICENSE.md" "$dest/" 2>/dev/null || cp "$work/package/LICENSE" "$dest/"
    echo "vendored $name@$version into $dest"
}

rm -rf static/vendor/pico-*
vendor @picocss/pico "$PICO_VERSION" "static/vendor/pico-$PICO_VERSION" css/pico.min.css

rm -rf static/vendor/htmx-*
vendor htmx.org "$HTMX_VERSION" "static/vendor/htmx-$HTMX_VERSION" dist/htmx.min.js
