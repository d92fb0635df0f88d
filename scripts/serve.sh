#!/usr/bin/env bash
# Builds Headroom and serves it on this machine:
#
#   bash scripts/serve.sh            # http://127.0.0.1:8080/
#   PORT=9000 bash scripts/serve.sh  # another port
#
# Builds the release page into dist/ (scripts/build.sh, which sets up what is
# missing first), then serves dist/ with a small Node server until Ctrl+C.
# dist/ is plain static files: copy it to any web server, under any path.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

PORT="${PORT:-8080}"
HOST="${HOST:-127.0.0.1}"

bash scripts/build.sh
say "Serving dist/"
exec node scripts/static-server.mjs --root dist --host "$HOST" --port "$PORT"
