#!/usr/bin/env bash
# Builds libarrears (release unless PROFILE=debug) and benches/c_schedule_batch.c with -O2, then
# runs it: `bash benches/c_bench.sh [N [ROUNDS]]` (default 1,000,000 invoices / aging rows).
# A benchmark, not a test: it prints throughput and checks only that the sums are exact.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
profile=${PROFILE:-release}
target_dir=${CARGO_TARGET_DIR:-$root/target}
if [ "$profile" = release ]; then cargo build -q --release -p arrears-ffi; else cargo build -q -p arrears-ffi; fi
lib=$target_dir/$profile
source scripts/c-lib.sh
arrears_soname_link "$lib"
out=$target_dir/c-bench
mkdir -p "$out"
gcc -std=c11 -O2 -Wall -Wextra -Werror -pedantic -Iinclude benches/c_schedule_batch.c \
    -L"$lib" -larrears -Wl,-rpath,"$lib" -o "$out/c_schedule_batch"
echo "libarrears: $profile build ($lib)"
"$out/c_schedule_batch" "$@"
