#!/usr/bin/env bash
# Installs or checks what Headroom's build (and, for the tests, its checks)
# need, at the versions named in scripts/versions.sh. Safe to run again and
# again: on a ready machine it only checks versions, in a few seconds.
#
#   bash scripts/setup.sh serve   # what building and serving the page needs
#   bash scripts/setup.sh test    # that, and what the tests need (the default)
#
# Needs beforehand: a rustup toolchain (cargo, rustc, rustup), Node >= 18
# with npm, and, for the tests, apt (Debian/Ubuntu) for Chromium. Uses sudo
# for apt only when not root. Installs:
#   - the wasm32-unknown-unknown target (rustup); for the tests, clippy
#   - trunk and wasm-bindgen-cli (exactly the version in Cargo.lock), side by
#     side, with cargo install and a quick-to-compile profile (see below);
#     for the tests, twiggy too (the wasm's size report)
#   - node_modules from package-lock.json: binaryen (wasm-opt), playwright-core
#   - the crates in Cargo.lock (cargo fetch; Trunk builds offline)
#   - for the tests: chromium, chromium-driver, fonts-liberation, and adr-tools
#     (which the exported decision records are checked with) (apt)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

started=$SECONDS
purpose="${1:-test}"
case "$purpose" in
  serve | test) ;;
  *) die "usage: bash scripts/setup.sh [serve|test] (got '$purpose')" ;;
esac

# --- The pinned versions must agree wherever a tool reads its own copy. -----

check_pins() {
  local drift=()
  expect() { # expect WHERE FOUND WANTED
    if [[ "$2" != "$3" ]]; then drift+=("  $1: found '${2:-<missing>}', versions.sh says '$3'"); fi
  }
  toml_value() { # toml_value FILE KEY: the first `KEY = "value"` line's value
    sed -n -E "s/^[[:space:]]*$2[[:space:]]*=[[:space:]]*\"([^\"]*)\".*/\1/p" "$1" | head -n 1
  }
  expect "Trunk.toml trunk-version" "$(toml_value Trunk.toml trunk-version)" "=$TRUNK_VERSION"
  expect "Trunk.toml [tools] wasm_bindgen" "$(toml_value Trunk.toml wasm_bindgen)" "$WASM_BINDGEN_VERSION"
  expect "Trunk.toml [tools] wasm_opt" "$(toml_value Trunk.toml wasm_opt)" "version_$BINARYEN_VERSION"
  expect "Cargo.toml wasm-bindgen" "$(toml_value Cargo.toml wasm-bindgen)" "=$WASM_BINDGEN_VERSION"
  local locked
  locked="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print }' Cargo.lock | sort -u | paste -sd, -)"
  expect "Cargo.lock wasm-bindgen" "$locked" "$WASM_BINDGEN_VERSION"
  local npm_pins
  npm_pins="$(node -e '
    const p = require("./package.json").devDependencies ?? {};
    console.log(`${p.binaryen ?? ""} ${p["playwright-core"] ?? ""}`);')"
  expect "package.json binaryen" "${npm_pins%% *}" "$BINARYEN_VERSION.0.0"
  expect "package.json playwright-core" "${npm_pins##* }" "$PLAYWRIGHT_CORE_VERSION"
  if ((${#drift[@]} > 0)); then
    printf 'error: tool versions have drifted apart:\n' >&2
    printf '%s\n' "${drift[@]}" >&2
    printf 'Change scripts/versions.sh and every copy listed at its top together (then run npm install for package.json).\n' >&2
    exit 1
  fi
  echo "ok   pins agree: trunk $TRUNK_VERSION, wasm-bindgen $WASM_BINDGEN_VERSION, binaryen $BINARYEN_VERSION, playwright-core $PLAYWRIGHT_CORE_VERSION"
}

# --- Installers, each a no-op when the right version is already there. ----

require() { command -v "$1" >/dev/null 2>&1 || die "$1 is not installed: $2"; }

version_of() { "$1" --version 2>/dev/null | head -n 1 || true; }

ensure_rust() {
  local sysroot
  sysroot="$(rustc --print sysroot)"
  if [[ ! -d "$sysroot/lib/rustlib/$WASM_TARGET/lib" ]]; then
    say "Installing the $WASM_TARGET target"
    require rustup "install rustup from https://rustup.rs"
    rustup target add "$WASM_TARGET"
  fi
  # test.sh lints with clippy; minimal rustup profiles leave it out.
  if [[ "$purpose" == test ]] && ! cargo clippy --version >/dev/null 2>&1; then
    say "Installing clippy"
    require rustup "install rustup from https://rustup.rs"
    rustup component add clippy
  fi
  local extra=""
  [[ "$purpose" == test ]] && extra=", clippy"
  echo "ok   $(rustc --version), target $WASM_TARGET$extra"
}

# The build tools, compiled once per machine. Their crates ask for fat LTO
# and one codegen unit, which on 2 cores took ~16 minutes for Trunk alone;
# with these overrides of cargo's release profile (they apply to `cargo
# install`) Trunk compiles in ~3.5 minutes and wasm-bindgen in ~1.2. The
# tools only start cargo, copy files and rewrite one wasm module per build:
# measured on this page, an unoptimised Trunk builds it as fast as an
# optimised one, and an unoptimised wasm-bindgen takes 2.6 s instead of 1.0.
quick_install_profile=(
  CARGO_PROFILE_RELEASE_LTO=false
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
  CARGO_PROFILE_RELEASE_OPT_LEVEL=0
  CARGO_PROFILE_RELEASE_DEBUG=0
  CARGO_PROFILE_RELEASE_INCREMENTAL=false
)

has_version() { [[ "$(version_of "$1")" == "$1 $2" ]]; }

# install_tool NAME VERSION CARGO-INSTALL-ARGUMENTS...: in the background,
# its log in $logs/NAME.log; the caller waits.
install_tool() {
  local name=$1 version=$2
  shift 2
  echo "     installing $name $version (cargo install, log: $logs/$name.log)"
  env "${quick_install_profile[@]}" cargo install "$@" >"$logs/$name.log" 2>&1
}

ensure_build_tools() {
  logs="${CARGO_TARGET_DIR:-$ROOT/target}/setup-logs"
  local pids=() names=() started_tools=$SECONDS
  if has_version trunk "$TRUNK_VERSION"; then
    echo "ok   trunk $TRUNK_VERSION ($(command -v trunk))"
  else
    mkdir -p "$logs"
    # Without its default features Trunk has no TLS and no update check:
    # it never downloads anything here (Trunk.toml: offline = true).
    install_tool trunk "$TRUNK_VERSION" --locked --no-default-features "trunk@$TRUNK_VERSION" &
    pids+=($!) names+=(trunk)
  fi
  if has_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
    echo "ok   wasm-bindgen $WASM_BINDGEN_VERSION ($(command -v wasm-bindgen))"
  else
    mkdir -p "$logs"
    # Not --locked: the CLI's own lock file names a crate version that is no
    # longer on crates.io, so the locked install fails. Without default
    # features it has no TLS (only its test runner downloads anything).
    install_tool wasm-bindgen "$WASM_BINDGEN_VERSION" --no-default-features \
      wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" &
    pids+=($!) names+=(wasm-bindgen)
  fi
  if [[ "$purpose" == test ]]; then
    # twiggy names itself "twiggy-opt" when asked its version.
    if [[ "$(version_of twiggy)" == "twiggy-opt $TWIGGY_VERSION" ]]; then
      echo "ok   twiggy $TWIGGY_VERSION ($(command -v twiggy))"
    else
      mkdir -p "$logs"
      install_tool twiggy "$TWIGGY_VERSION" --locked "twiggy@$TWIGGY_VERSION" &
      pids+=($!) names+=(twiggy)
    fi
  fi
  ((${#pids[@]} > 0)) || return 0
  # While the tools compile, so does the page: the build that follows finds
  # it done. (Each compile leaves a core idle at times: its last crate, its
  # link. Side by side they keep both busy.) A failure here is only noted:
  # the build itself reports it properly.
  echo "     compiling the page meanwhile (cargo build --profile wasm --target $WASM_TARGET, log: $logs/page.log)"
  cargo build --profile wasm --target "$WASM_TARGET" --bin headroom >"$logs/page.log" 2>&1 &
  local page_build=$!
  say "Compiling ${names[*]} (once per machine; about 5 minutes on 2 cores, with the page)"
  local i failed=()
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || failed+=("${names[$i]}")
  done
  for name in "${failed[@]}"; do
    printf '\n--- the end of %s ---\n' "$logs/$name.log" >&2
    tail -n 30 "$logs/$name.log" >&2
  done
  if ((${#failed[@]} > 0)); then
    kill "$page_build" 2>/dev/null || true
    die "cargo install failed for: ${failed[*]} (logs above)"
  fi
  wait "$page_build" || echo "note: compiling the page failed ($logs/page.log); the build step will say why"
  has_version trunk "$TRUNK_VERSION" \
    || die "after installing, 'trunk --version' says '$(version_of trunk)' ($(command -v trunk)); another trunk is first on PATH"
  has_version wasm-bindgen "$WASM_BINDGEN_VERSION" \
    || die "after installing, 'wasm-bindgen --version' says '$(version_of wasm-bindgen)' ($(command -v wasm-bindgen)); another wasm-bindgen is first on PATH"
  echo "ok   ${names[*]} compiled in $((SECONDS - started_tools)) s"
}

ensure_chromium() {
  local packages=(chromium chromium-driver fonts-liberation adr-tools) missing=() package
  for package in "${packages[@]}"; do
    if [[ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" != "install ok installed" ]]; then
      missing+=("$package")
    fi
  done
  if ((${#missing[@]} > 0)); then
    say "Installing ${missing[*]} (apt)"
    require apt-get "install ${missing[*]} with your system's package manager"
    local sudo=()
    if [[ $EUID -ne 0 ]]; then require sudo "run this script as root, or install sudo"; sudo=(sudo); fi
    "${sudo[@]}" apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y --no-install-recommends "${packages[@]}"
  fi
  [[ -x "$CHROMIUM_BIN" ]] || die "$CHROMIUM_BIN is missing although the chromium package is installed"
  echo "ok   $("$CHROMIUM_BIN" --version 2>/dev/null | head -n 1) ($CHROMIUM_BIN), chromedriver, fonts-liberation, adr-tools"
}

ensure_node_modules() {
  require node "install Node.js 18 or newer"
  require npm "install npm (it comes with Node.js)"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  ((major >= 18)) || die "Node $(node --version) is too old: the browser tests need Node 18 or newer"
  # npm ci always reinstalls; skip it while node_modules came from this very lock file.
  local stamp=node_modules/.headroom-lock-sha256 want
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x node_modules/.bin/wasm-opt \
        && -f node_modules/playwright-core/package.json ]]; then
    echo "ok   node_modules match package-lock.json (node $(node --version))"
  else
    say "Installing node_modules from package-lock.json (npm ci)"
    npm ci --no-audit --no-fund
    echo "$want" >"$stamp"
  fi
  local wasm_opt
  wasm_opt="$(command -v wasm-opt || true)"
  [[ "$wasm_opt" == "$ROOT/node_modules/.bin/wasm-opt" ]] \
    || die "the first wasm-opt on PATH is '$wasm_opt', not npm's binaryen"
  [[ "$(version_of wasm-opt)" == *"version $BINARYEN_VERSION "* ]] \
    || die "wasm-opt reports '$(version_of wasm-opt)', expected version $BINARYEN_VERSION"
  echo "ok   wasm-opt $BINARYEN_VERSION (npm binaryen), playwright-core $PLAYWRIGHT_CORE_VERSION"
}

ensure_crates() {
  # Trunk.toml sets offline = true, which Trunk passes on to cargo: every
  # crate in Cargo.lock must already be downloaded.
  cargo fetch --quiet
  echo "ok   crates in Cargo.lock are downloaded"
}

require cargo "install a Rust toolchain with rustup (https://rustup.rs)"
require rustc "install a Rust toolchain with rustup (https://rustup.rs)"
require node "install Node.js 18 or newer"
check_pins
ensure_rust
ensure_node_modules
if [[ "$purpose" == test ]]; then ensure_chromium; fi
ensure_crates
ensure_build_tools
echo "setup ($purpose): ready in $((SECONDS - started)) s"
