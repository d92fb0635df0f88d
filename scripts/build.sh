#!/usr/bin/env bash
# Builds the page into dist/: plain static files with relative URLs, ready
# for any static host under any path (README, "Publishing").
#
#   bash scripts/build.sh
#
# Runs scripts/setup.sh serve first (quick once the tools are installed),
# then `trunk build --release`, whose post-build hook adds the
# Content-Security-Policy hashes and the service worker's file list.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

bash scripts/setup.sh serve
say "Building the page (trunk build --release)"
started=$SECONDS
trunk build --release
wasm="$(find dist -maxdepth 1 -name '*.wasm' | head -n 1)"
echo "built dist/ in $((SECONDS - started)) s: $(find dist -type f | wc -l) files, $(du -sh dist | cut -f1); ${wasm#dist/} $(stat -c %s "$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) gzipped"
