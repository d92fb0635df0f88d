#!/usr/bin/env bash
# Solves one generated open network of M/M/c stations (1,000 and 5,000 by
# default) with Headroom's engine and with the LINE queueing solver's MVA,
# checks that every station's figures agree and prints both times: the
# README's "Benchmarks". Not part of the test run: it needs Python 3 and
# pip (Debian: apt install python3-venv) and downloads line-solver from
# PyPI into a virtual environment of its own (target/line-venv) once.
#
#   bash scripts/compare-line.sh [N ...]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

LINE_SOLVER_VERSION=3.0.8.0
venv="${CARGO_TARGET_DIR:-$ROOT/target}/line-venv"
if ! "$venv/bin/python" -c "import line_solver" 2>/dev/null \
    || [[ "$("$venv/bin/pip" show line-solver 2>/dev/null | sed -n 's/^Version: //p')" != "$LINE_SOLVER_VERSION" ]]; then
  say "Installing line-solver $LINE_SOLVER_VERSION into $venv"
  python3 -m venv "$venv" || die "python3 -m venv failed (on Debian: apt install python3-venv)"
  "$venv/bin/pip" install --quiet "line-solver==$LINE_SOLVER_VERSION"
fi
say "Building the command line (cargo build --release --bin headroom)"
cargo build --quiet --release --bin headroom
say "Solving with Headroom and with LINE (MVA)"
"$venv/bin/python" scripts/compare_line.py "${CARGO_TARGET_DIR:-$ROOT/target}/release/headroom" "$@"
