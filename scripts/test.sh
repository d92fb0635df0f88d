#!/usr/bin/env bash
# Everything CI checks, in order: set-up, lints (benches included), native
# tests, the native tests again in a clean clone, the release build of the
# page, and the browser tests against that build served from a sub-path.
#
#   bash scripts/test.sh
#
# A failing step does not stop the steps that do not depend on it, so one
# run shows every problem; the exit status is non-zero if any step failed.
# Each step's time is printed at the end.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

step_names=()
step_results=()
failed=0

# run_step NAME COMMAND...: runs COMMAND, records its time and result.
run_step() {
  local name=$1 start=$SECONDS status=0
  shift
  say "$name"
  echo "+ $*"
  "$@" || status=$?
  step_names+=("$name")
  if ((status == 0)); then
    step_results+=("ok      $(printf '%4d' $((SECONDS - start))) s")
  else
    step_results+=("FAILED  $(printf '%4d' $((SECONDS - start))) s  (exit $status)")
    failed=1
  fi
  return "$status"
}

skip_step() { # skip_step NAME REASON
  step_names+=("$1")
  step_results+=("SKIPPED         ($2)")
  failed=1
}

summary() {
  say "Summary"
  local i
  for i in "${!step_names[@]}"; do
    printf '  %-44s %s\n' "${step_names[$i]}" "${step_results[$i]}"
  done
  printf '  %-44s %4d s\n' "total" "$SECONDS"
  if ((failed)); then echo "test.sh: FAILED"; else echo "test.sh: all steps passed"; fi
}
trap summary EXIT

wasm_size() {
  local wasm
  wasm="$(find dist -maxdepth 1 -name '*.wasm' | head -n 1)"
  [[ -n "$wasm" ]] || { echo "no .wasm file in dist/" >&2; return 1; }
  printf '%s: %s bytes raw, %s bytes gzip -9\n' "$wasm" \
    "$(stat -c %s "$wasm")" "$(gzip -9 -c "$wasm" | wc -c)"
  # What it is made of (printed, not asserted): Trunk's cargo build before
  # wasm-bindgen and wasm-opt, which still names its functions.
  node scripts/wasm-contributors.mjs "${CARGO_TARGET_DIR:-$ROOT/target}/$WASM_TARGET/wasm/headroom.wasm"
}

# A user's clone has no sibling folders and only what is committed: clone
# HEAD into an empty folder and run the native tests there (they read the
# reference cases, the design document and index.html's assets from the
# repository). It has a target folder of its own that stays between runs:
# cargo names a path package's artifacts by its path relative to the
# workspace, so a clone building into the main folder would leave test
# binaries there that read files from the deleted clone.
clean_clone_tests() {
  local parent status=0
  parent="$(mktemp -d)"
  git clone --quiet --no-hardlinks "$ROOT" "$parent/headroom" || { rm -rf "$parent"; return 1; }
  if [[ -n "$(git status --porcelain --untracked-files=no)" ]]; then
    echo "note: uncommitted changes are not in the clone; it tests HEAD ($(git rev-parse --short HEAD))"
  fi
  (cd "$parent/headroom" && env -u HEADROOM_REFERENCE_CASES \
      CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}/clean-clone" cargo test --quiet) || status=$?
  rm -rf "$parent"
  return "$status"
}

# Set-up failing leaves nothing to test with: stop there.
run_step "setup (scripts/setup.sh test)" bash scripts/setup.sh test || exit 1

# --all-targets type-checks the benchmarks too; compiling them optimised
# (cargo bench --no-run) took 100-190 s of every run and caught nothing
# more. They are run by hand: cargo bench.
run_step "clippy, native (all targets)" cargo clippy --all-targets -- -D warnings || true
# The browser-only modules (ui, platform) compile only for wasm32.
run_step "clippy, wasm32 (lib + bin)" \
  cargo clippy --target "$WASM_TARGET" --lib --bins -- -D warnings || true
run_step "cargo test (native)" cargo test || true
# The browser tests ask the native CLI for the engine's expected numbers;
# `cargo test` has built it already, this only makes sure.
run_step "native CLI (browser-test oracle)" cargo build --quiet --bin headroom || true
run_step "clean clone, nothing beside it: native tests" clean_clone_tests || true
run_step "decision records read by adr-tools and log4brains" bash tests/tools/decision-tools.sh || true

if run_step "trunk build --release -> dist/" trunk build --release; then
  run_step "wasm size" wasm_size || true
  run_step "browser tests (tests/browser)" node tests/browser/run.mjs || true
else
  skip_step "browser tests (tests/browser)" "no build"
fi

exit "$failed"
