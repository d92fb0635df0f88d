#!/usr/bin/env bash
# The decision records Headroom exports, read by the tools teams use on
# them: adr-tools (Debian's package of npryce/adr-tools) on the Nygard
# folder — list, the table of contents, the graph, and `adr new`
# continuing the numbering — and its JavaScript port on npm the same way,
# and log4brains (npm) building its static site
# from the log4brains folder, whose data must carry each record's title,
# status, date, deciders and supersede link as Headroom wrote them.
#
#   bash tests/tools/decision-tools.sh [path/to/headroom]
#
# The folders are what `headroom decisions` unpacks from the very zip the
# page downloads (tests/data/tools/decisions.json: four records, one
# superseded by another, awkward titles).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/env.sh"

require() { command -v "$1" >/dev/null 2>&1 || die "$1 is not installed: $2"; }
headroom="${1:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/headroom}"
[[ -x "$headroom" ]] || die "no headroom binary at $headroom (cargo build --bin headroom)"
fixture="$ROOT/tests/data/tools/decisions.json"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
check() { # check WHAT COMMAND...: runs COMMAND; a failure is counted and said
  local what="$1"
  shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; failures=$((failures + 1)); fi
}
contains() { grep -qF -- "$2" <<<"$1" || { printf '  expected to find: %s\n  in:\n%s\n' "$2" "$1" | head -40; return 1; }; }

# --- adr-tools on the Nygard export ------------------------------------------
require adr "install adr-tools (bash scripts/setup.sh test installs Debian's package)"
nygard="$work/nygard"
mkdir -p "$nygard"
"$headroom" decisions "$fixture" --style nygard --out "$nygard" >/dev/null
cd "$nygard"
listed="$(adr list 2>&1)" || { echo "FAIL adr list: $listed"; failures=$((failures + 1)); listed=""; }
check "adr list finds the four records" test "$(grep -c '\.md$' <<<"$listed")" -eq 4
check "adr list lists them in docs/decisions" contains "$listed" "docs/decisions/0001-use-postgres-for-orders.md"
toc="$(adr generate toc 2>&1 || true)"
check "adr generate toc names every record" contains "$toc" "[4. Extract checkout](0004-extract-checkout.md)"
check "the table of contents shows titles as written" contains "$toc" '[2. Cache product pages in Redis | "hot" <paths> & more 🚀]'
graph="$(adr generate graph 2>&1 || true)"
check "adr generate graph draws the supersede link" contains "$graph" '_3 -> _2 [label="Supersedes", weight=0]'
created="$(env -u VISUAL -u EDITOR adr new "Add a read replica" 2>&1 || true)"
check "adr new continues the numbering" contains "$created" "docs/decisions/0005-add-a-read-replica.md"
check "no second series was started" test ! -e "$nygard/doc/adr/0001-record-architecture-decisions.md"
cd "$ROOT"

# --- adr-tools' JavaScript port (npm adr-tools 2.x) on the same export -------------
port="$ROOT/node_modules/adr-tools/build/main/cli.js"
[[ -f "$port" ]] || die "no npm adr-tools in node_modules (bash scripts/setup.sh test)"
ported="$work/nygard-npm"
mkdir -p "$ported"
"$headroom" decisions "$fixture" --style nygard --out "$ported" >/dev/null
cd "$ported"
listed="$(node "$port" list 2>&1 || true)"
check "the npm port lists the four records from .adr.json's folder" test "$(grep -cE '^║ [0-9]+\.' <<<"$listed")" -eq 4
check "the npm port reads a status" contains "$listed" "Proposed"
node "$port" generate toc >/dev/null 2>&1 || true
check "the npm port's generate toc writes every record into README.md" \
  test "$(grep -c '0004-extract-checkout.md' "$ported/docs/decisions/README.md")" -ge 1
graph="$(node "$port" generate graph 2>&1 || true)"
check "the npm port's generate graph draws every record" contains "$graph" '_4 [label="4.extract-checkout"'
node "$port" new "Add a read replica" >/dev/null 2>&1 || true
check "the npm port's adr new continues the numbering" test -e "$ported/docs/decisions/0005-add-a-read-replica.md"
cd "$ROOT"

# --- log4brains on the log4brains export ---------------------------------------
log4brains="$ROOT/node_modules/.bin/log4brains"
[[ -x "$log4brains" ]] || die "no log4brains in node_modules (bash scripts/setup.sh test)"
site="$work/log4brains"
mkdir -p "$site"
"$headroom" decisions "$fixture" --style log4brains --out "$site" >/dev/null
printf -- '---\nproject:\n  name: Shop decisions\n  tz: Etc/UTC\n  adrFolder: ./docs/decisions\n' >"$site/.log4brains.yml"
if (cd "$site" && "$log4brains" build --out "$site/out" >"$work/log4brains.log" 2>&1); then
  echo "ok   log4brains build made its site"
  check "log4brains read every record as Headroom wrote it" node "$ROOT/tests/tools/log4brains-data.mjs" "$site/out"
else
  echo "FAIL log4brains build:"
  tail -20 "$work/log4brains.log"
  failures=$((failures + 1))
fi

((failures == 0)) || die "$failures check(s) of the exported decision records failed"
echo "decision tools: every check passed"
