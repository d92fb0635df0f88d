# shellcheck shell=bash
# The one place that names Headroom's tool versions. Sourced by setup.sh,
# serve.sh and test.sh; not meant to be run on its own.
#
# Some versions must also be written where the tool itself reads them. These
# copies cannot source this file, so setup.sh compares them with the values
# below and stops when they drift:
#   WASM_BINDGEN_VERSION  Cargo.toml (wasm-bindgen = "=X"), Cargo.lock, Trunk.toml [tools] wasm_bindgen
#   BINARYEN_VERSION      package.json devDependencies.binaryen ("X.0.0"), Trunk.toml [tools] wasm_opt ("version_X")
#   PLAYWRIGHT_CORE_VERSION  package.json devDependencies.playwright-core
#   TRUNK_VERSION         Trunk.toml trunk-version ("=X")

# Trunk 0.21 is the newest release that builds with rustc 1.95 (0.22 needs 1.96).
TRUNK_VERSION=0.21.14

# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock exactly,
# or the generated JS and the wasm module disagree.
WASM_BINDGEN_VERSION=0.2.130

# wasm-opt comes from npm's binaryen package (Debian's binaryen 108 produces
# modules Chromium rejects).
BINARYEN_VERSION=132

# Reads the wasm's name section for the test run's size report (test only).
TWIGGY_VERSION=0.8.0

# Drives the system Chromium in the browser tests; no browser download.
PLAYWRIGHT_CORE_VERSION=1.65.1

# Browser tests and serve.sh use the distribution's Chromium.
CHROMIUM_BIN=/usr/bin/chromium

WASM_TARGET=wasm32-unknown-unknown
