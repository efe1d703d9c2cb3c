#!/usr/bin/env bash
# Runs every test of arrears in every language: Rust (unit, integration, property, doc tests,
# shared vectors), the demo, C and C++ (under valgrind, with the header staleness check),
# Python (pytest + stubtest), Node (node --test + tsc), and a short smoke of the fuzz targets
# (with a nightly toolchain; ARREARS_FUZZ_SECONDS per target, default 20). Installs what it needs itself
# (a .venv with maturin/pytest/mypy, npm packages from the committed lock, valgrind via apt).
#
#   bash scripts/test-all.sh            # everything
#   ARREARS_SKIP=node,python bash scripts/test-all.sh   # skip suites while iterating
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

need() { command -v "$1" >/dev/null 2>&1; }
apt_install() {
  if [ "$(id -u)" = 0 ] && need apt-get; then
    echo "== installing $* (apt)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "missing: $* (install it, or run as root so this script can)" >&2; exit 1
  fi
}
need cargo || { echo "cargo is required (https://rustup.rs)" >&2; exit 1; }
need python3 || apt_install python3 python3-venv
need node || apt_install nodejs npm
need gcc || apt_install gcc g++
need g++ || apt_install g++
need valgrind || apt_install valgrind

skip() { case ",${ARREARS_SKIP:-}," in *",$1,"*) return 0;; *) return 1;; esac; }
passed=0; failed=0; failures=()
suite() {
  local name=$1; shift
  if skip "$name"; then echo "== $name: skipped (ARREARS_SKIP)"; return; fi
  echo; echo "================ $name ================"
  local t0=$SECONDS
  if "$@"; then passed=$((passed + 1)); echo "== $name: ok ($((SECONDS - t0)) s)"
  else failed=$((failed + 1)); failures+=("$name"); echo "== $name: FAILED ($((SECONDS - t0)) s)"; fi
}

rust() {
  # One build of every library, test binary and example (builds the cdylib the C tests link,
  # see TOOLCHAIN P3), then the tests: unit, integration, property, vectors and doc tests.
  cargo build --workspace --lib --tests --examples
  cargo test --workspace
}
layout() {
  # ARCHITECTURE.md's rules: no domain imports the wire; no domain imports one above it; files
  # stay under ~800 lines, tests included (the generated ISO table and C header aside).
  local bad
  # code lines only (docs may name any path)
  uses() { grep -rnE "$1" "${@:2}" --include=*.rs | grep -vE '^[^:]+:[0-9]+:\s*//' | cut -d: -f1 | sort -u; }
  bad=$(uses 'crate::wire' core/src | grep -v '^core/src/wire/\|^core/src/lib.rs$' || true)
  [ -z "$bad" ] || { echo "these import the wire, which only bindings may: $bad" >&2; return 1; }
  bad=$(uses 'crate::(receivables|aging|metrics)\b' core/src/terms core/src/money core/src/calendar core/src/columnar || true)
  [ -z "$bad" ] || { echo "these import a domain above them: $bad" >&2; return 1; }
  bad=$(uses 'crate::(terms|receivables|aging|metrics|money|calendar|notation|schedule)\b' core/src/columnar || true)
  [ -z "$bad" ] || { echo "columnar/ knows no domain, but these import one: $bad" >&2; return 1; }
  bad=$(git ls-files '*.rs' '*.py' '*.js' '*.c' '*.h' '*.cpp' '*.ts' '*.mjs' '*.pyi' | grep -vE 'iso4217|^include/arrears\.h$' \
        | while read -r f; do n=$(wc -l < "$f"); [ "$n" -gt 800 ] && echo "$f ($n lines)"; done || true)
  [ -z "$bad" ] || { echo "files over 800 lines (split them by meaning): $bad" >&2; return 1; }
  echo "layout: ok"
}
lint() {
  layout
  cargo fmt --all -- --check
  cargo clippy --workspace --all-targets -q -- -D warnings
  RUSTDOCFLAGS="-D warnings" cargo doc -q -p arrears --no-deps
  # the private items' docs too (their links break silently otherwise; < 10 s after the above)
  RUSTDOCFLAGS="-D warnings" cargo doc -q -p arrears --no-deps --document-private-items
}
demo() {
  local out
  out=$(cargo run -q --example collections_day)
  for want in "Call first" "Aging by due date" "Receivables metrics" "Expected collections per week" "payment plan of" "One definition throughout" "STATEMENT OF ACCOUNT"; do
    grep -q "$want" <<<"$out" || { echo "demo output lacks: $want" >&2; return 1; }
  done
  echo "demo ran"
}

fuzz() {
  # The cargo-fuzz targets (fuzz/, nightly only): every committed regression input, then a
  # short run of each target from its seed corpus. Shapes of the core bugs listed in
  # fuzz/known-bugs are skipped while they are open (a target run by hand skips nothing).
  if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz: skipped (no nightly toolchain)"
    return 0
  fi
  if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz (cargo install --locked)"
    cargo install cargo-fuzz --locked
  fi
  local secs=${ARREARS_FUZZ_SECONDS:-20} bin=fuzz/target/x86_64-unknown-linux-gnu/release
  (cd fuzz && cargo +nightly fuzz build -s none) || return 1
  local known skips t f name out ok=0
  known=$(grep -v '^#' fuzz/known-bugs | awk 'NF {print $1}')
  skips=$(grep -v '^#' fuzz/known-bugs | awk 'NF {print $2}' | sort -u | paste -sd, -)
  for f in fuzz/regressions/*/*; do
    [ -f "$f" ] || continue
    t=$(basename "$(dirname "$f")")
    name="$t/$(basename "$f")"
    if env -u ARREARS_FUZZ_SKIP "$bin/$t" "$f" >/dev/null 2>&1; then
      if grep -qxF "$name" <<<"$known"; then
        echo "fuzz: known bug $name no longer reproduces: drop its line from fuzz/known-bugs"
      else
        echo "fuzz: regression $name passes"
      fi
    elif grep -qxF "$name" <<<"$known"; then
      echo "fuzz: known bug $name still open (skipped below: see fuzz/known-bugs)"
    else
      echo "fuzz: regression $name FAILS:" >&2
      env -u ARREARS_FUZZ_SKIP "$bin/$t" "$f" 2>&1 | grep -A3 panicked >&2 || true
      ok=1
    fi
  done
  for t in notation einvoice call_json wire_templates kernels; do
    local corpus
    corpus=$(mktemp -d)
    cp fuzz/corpus/"$t"/seed-* "$corpus"/ 2>/dev/null || true
    out=$(ARREARS_FUZZ_SKIP="$skips" nice -n 19 "$bin/$t" "$corpus" -max_total_time="$secs" -max_len=2048 \
      -print_final_stats=1 -artifact_prefix="$corpus/" 2>&1) || {
      echo "fuzz: $t FOUND A CRASH (input kept in $corpus):" >&2
      grep -A6 -E 'panicked|ERROR' <<<"$out" | head -40 >&2
      ok=1
      continue
    }
    echo "fuzz: $t $(grep -E '^#[0-9]+' <<<"$out" | tail -1 | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+') in ${secs} s, $(grep -oE 'average_exec_per_sec: +[0-9]+' <<<"$out" | grep -oE '[0-9]+') exec/s"
    rm -rf "$corpus"
  done
  return $ok
}

suite rust rust
suite lint lint
suite demo demo
suite c bash tests/c/test.sh
suite python bash bindings-python/test.sh
suite node bash bindings-node/test.sh
suite fuzz fuzz

echo
if [ "$failed" -gt 0 ]; then echo "failed suites: ${failures[*]}"; fi
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
