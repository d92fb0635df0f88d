#!/usr/bin/env bash
# Installs or checks everything Headroom's build and tests need, at the
# versions named in scripts/versions.sh. Safe to run again and again: on a
# ready machine it only checks versions and returns in a few seconds.
#
# Needs beforehand: a rustup toolchain (cargo, rustc, rustup), Node >= 18
# with npm, and apt (Debian/Ubuntu) for Chromium. Uses sudo for apt only when
# not root. Installs:
#   - the wasm32-unknown-unknown target and clippy (rustup)
#   - trunk (cargo install --locked)
#   - wasm-bindgen-cli, exactly the version in Cargo.lock (cargo install)
#   - chromium, chromium-driver, fonts-liberation (apt)
#   - node_modules from package-lock.json: binaryen (wasm-opt), playwright-core
#   - the crates in Cargo.lock (cargo fetch; Trunk builds offline)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

started=$SECONDS

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
  if ! cargo clippy --version >/dev/null 2>&1; then
    say "Installing clippy"
    require rustup "install rustup from https://rustup.rs"
    rustup component add clippy
  fi
  echo "ok   $(rustc --version), target $WASM_TARGET, clippy"
}

ensure_trunk() {
  if [[ "$(version_of trunk)" == "trunk $TRUNK_VERSION" ]]; then
    echo "ok   trunk $TRUNK_VERSION ($(command -v trunk))"
    return
  fi
  say "Installing trunk $TRUNK_VERSION (cargo install; several minutes and ~2 GB of memory)"
  cargo install --locked "trunk@$TRUNK_VERSION"
  [[ "$(version_of trunk)" == "trunk $TRUNK_VERSION" ]] \
    || die "after installing, 'trunk --version' says '$(version_of trunk)' ($(command -v trunk)); another trunk is first on PATH"
}

ensure_wasm_bindgen() {
  if [[ "$(version_of wasm-bindgen)" == "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
    echo "ok   wasm-bindgen $WASM_BINDGEN_VERSION ($(command -v wasm-bindgen))"
    return
  fi
  say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (cargo install; a few minutes)"
  # Not --locked: the CLI's own lock file names a crate version that is no
  # longer on crates.io, so the locked install fails.
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION"
  [[ "$(version_of wasm-bindgen)" == "wasm-bindgen $WASM_BINDGEN_VERSION" ]] \
    || die "after installing, 'wasm-bindgen --version' says '$(version_of wasm-bindgen)' ($(command -v wasm-bindgen)); another wasm-bindgen is first on PATH"
}

ensure_chromium() {
  local packages=(chromium chromium-driver fonts-liberation) missing=() package
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
  echo "ok   $("$CHROMIUM_BIN" --version 2>/dev/null | head -n 1) ($CHROMIUM_BIN), chromedriver, fonts-liberation"
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
ensure_chromium
ensure_crates
ensure_trunk
ensure_wasm_bindgen
echo "setup: ready in $((SECONDS - started)) s"
