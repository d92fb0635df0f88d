# shellcheck shell=bash
# The environment every Headroom script works in. Sourced, not run:
#   source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
# Sets ROOT (the repository), moves there, loads versions.sh and puts the
# pinned tools first on PATH.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/versions.sh
source "$ROOT/scripts/versions.sh"

# npm's wasm-opt (binaryen) must come before any system wasm-opt: Trunk runs
# the first one on PATH, and Debian's is too old. cargo-installed trunk and
# wasm-bindgen live in CARGO_INSTALL_ROOT/bin if that is set, else CARGO_HOME/bin.
export PATH="$ROOT/node_modules/.bin:${CARGO_INSTALL_ROOT:+$CARGO_INSTALL_ROOT/bin:}${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# Prints a section heading; scripts use it so their output reads as steps.
say() { printf '\n==> %s\n' "$*"; }
# Prints an error and exits.
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
