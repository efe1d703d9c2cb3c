#!/usr/bin/env bash
# C and C++ tests of libarrears, run under valgrind (zero errors, zero leaks):
#  - include/arrears.h must equal the header cbindgen generates now
#    (ARREARS_UPDATE_HEADER=1 bash tests/c/test.sh refreshes it);
#  - tests/c/test_arrears.c against the shared and the static library, with the shared vectors;
#  - tests/c/test_aging.c (columnar aging) and tests/c/test_interest.c (late interest);
#  - tests/c/test_allocate.c (arrears_allocate_batch);
#  - tests/c/test_collections.c (arrears_worklist_batch, arrears_credit_check, arrears_risk_score);
#  - tests/c/test_arrears.cpp (the header must compile as C++);
#  - the README's C snippet, which must print the README's shared output;
#  - the header's C examples (each ```c block in include/arrears.h, from a function's rustdoc),
#    each run as the body of main(), which must print the ```text block that follows it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
build=tests/c/build
mkdir -p "$build"

if ! command -v valgrind >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
  else
    echo "valgrind is required for the C tests" >&2; exit 1
  fi
fi

cargo build -q -p arrears-ffi
# Honour CARGO_TARGET_DIR (a shared or per-worktree target dir); CI uses the default target/.
target_dir=${CARGO_TARGET_DIR:-$root/target}
lib=$target_dir/debug
# The library's SONAME (libarrears.so.0.1) must resolve next to cargo's libarrears.so.
source scripts/c-lib.sh
arrears_soname_link "$lib"
fresh=$(ls -t "$target_dir"/debug/build/arrears-ffi-*/out/arrears.h | head -n 1)
if [ -n "${ARREARS_UPDATE_HEADER:-}" ]; then
  cp "$fresh" include/arrears.h
  echo "include/arrears.h refreshed"
elif ! diff -u include/arrears.h "$fresh" > "$build/header.diff"; then
  cat "$build/header.diff"
  echo "include/arrears.h is stale: run ARREARS_UPDATE_HEADER=1 bash tests/c/test.sh and commit it" >&2
  exit 1
fi
echo "header: include/arrears.h is current"

version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
cflags=(-Wall -Wextra -Werror -pedantic -g -Iinclude)
gcc -std=c11 "${cflags[@]}" -DEXPECTED_VERSION="\"$version\"" tests/c/test_arrears.c \
    -L"$lib" -larrears -Wl,-rpath,"$lib" -o "$build/test_arrears"
gcc -std=c11 "${cflags[@]}" -DEXPECTED_VERSION="\"$version\"" tests/c/test_arrears.c \
    "$lib/libarrears.a" -lpthread -ldl -lm -o "$build/test_arrears_static"
for t in aging interest allocate collections; do  # (each includes tests/c/check.h)
  gcc -std=c11 "${cflags[@]}" "tests/c/test_$t.c" -L"$lib" -larrears -Wl,-rpath,"$lib" -o "$build/test_$t"
done
g++ -std=c++17 "${cflags[@]}" tests/c/test_arrears.cpp -L"$lib" -larrears -Wl,-rpath,"$lib" -o "$build/test_arrears_cpp"
# The C benchmark (benches/c_bench.sh times it): built with -O2 here so it keeps compiling, and run
# on a few thousand rows under valgrind for memory errors and leaks only, never for timings.
gcc -std=c11 -O2 -Wall -Wextra -Werror -pedantic -Iinclude benches/c_schedule_batch.c \
    -L"$lib" -larrears -Wl,-rpath,"$lib" -o "$build/c_schedule_batch"
# The README's C snippet, verbatim.
awk '/^```c$/{on=1; next} /^```$/{on=0} on' README.md > "$build/readme.c"
awk '/^```text$/{on=1; next} /^```$/{if (on) exit; on=0} on' README.md > "$build/readme.expected"
gcc -std=c11 "${cflags[@]}" "$build/readme.c" -L"$lib" -larrears -Wl,-rpath,"$lib" -o "$build/readme"
# The header's C examples, verbatim (without the comment's leading " * "): the k-th ```c block,
# run as the body of main(), must print the k-th ```text block.
block() {  # kind k
  awk -v kind="$1" -v want="$2" '$0 == " * ```" kind {n++; if (n == want) on=1; next}
    /^ \* ```$/ {if (on) exit} on {sub(/^ \* ?/, ""); print}' include/arrears.h
}
examples=$(grep -c '^ \* ```c$' include/arrears.h || true)
if [ "${examples:-0}" -lt 1 ]; then
  echo "no C example (\`\`\`c then \`\`\`text) found in include/arrears.h" >&2; exit 1
fi
for k in $(seq 1 "$examples"); do
  { printf '#include <stdio.h>\n#include "arrears.h"\n\nint main(void) {\n'; block c "$k"; printf 'return 0;\n}\n'; } \
    > "$build/header_example_$k.c"
  block text "$k" > "$build/header_example_$k.expected"
  if ! grep -q arrears_ "$build/header_example_$k.c" || [ ! -s "$build/header_example_$k.expected" ]; then
    echo "header example $k has no \`\`\`text block after its \`\`\`c block" >&2; exit 1
  fi
  gcc -std=c11 "${cflags[@]}" "$build/header_example_$k.c" -L"$lib" -larrears -Wl,-rpath,"$lib" -o "$build/header_example_$k"
done

vg=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect)
status=0
run() {
  local name=$1; shift
  if "${vg[@]}" "$@"; then echo "c: $name ok"; else echo "c: $name FAILED" >&2; status=1; fi
}
run "C, shared library" "$build/test_arrears" tests/c/vectors.tsv
run "C, static library" "$build/test_arrears_static" tests/c/vectors.tsv
run "C, columnar aging" "$build/test_aging"
run "C, late interest" "$build/test_interest"
run "C, batch allocation" "$build/test_allocate"
run "C++" "$build/test_arrears_cpp"
run "C, collections" "$build/test_collections"
if "${vg[@]}" "$build/c_schedule_batch" 3000 1 > "$build/c_schedule_batch.out"; then
  echo "c: benchmark program ok (N = 3000 under valgrind, not timed)"
else
  echo "c: benchmark program FAILED" >&2; status=1
fi
if "${vg[@]}" "$build/readme" > "$build/readme.out" && diff -u "$build/readme.expected" "$build/readme.out"; then
  echo "c: README snippet ok"
else
  echo "c: README snippet FAILED" >&2; status=1
fi
for k in $(seq 1 "$examples"); do
  if "${vg[@]}" "$build/header_example_$k" > "$build/header_example_$k.out" &&
     diff -u "$build/header_example_$k.expected" "$build/header_example_$k.out"; then
    echo "c: header example $k ok"
  else
    echo "c: header example $k FAILED" >&2; status=1
  fi
done
# Installed as a user installs it (scripts/install-c.sh), linked three ways.
if bash tests/c/install.sh; then echo "c: install (pkg-config, CMake, static) ok"; else echo "c: install FAILED" >&2; status=1; fi
exit $status
