#!/usr/bin/env bash
# Installs libarrears into a temporary prefix with scripts/install-c.sh (as a user would), then
# builds the README's C example against it three ways and runs each: through pkg-config (shared
# library, found by its SONAME), through CMake (find_package(arrears), arrears::arrears), and
# statically (libarrears.a with pkg-config --static). Each must print the README's output.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
need() { command -v "$1" >/dev/null 2>&1; }
if ! need cmake || ! need pkg-config; then
  if [ "$(id -u)" = 0 ] && need apt-get; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cmake pkg-config >/dev/null 2>&1
  else
    echo "install test: needs cmake and pkg-config (install them, or run as root so this script can)" >&2; exit 1
  fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
ARREARS_PROFILE=${ARREARS_PROFILE:-debug} bash scripts/install-c.sh "$prefix" >/dev/null
awk '/^```c$/{on=1; next} /^```$/{on=0} on' README.md > "$work/app.c"
awk '/^```text$/{on=1; next} /^```$/{if (on) exit; on=0} on' README.md > "$work/expected"
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
status=0
check() {  # name binary
  if "$2" > "$work/$1.out" && diff -u "$work/expected" "$work/$1.out"; then echo "install: $1 ok"; else
    echo "install: $1 FAILED" >&2; status=1; fi
}
# 1. pkg-config, shared: the program records the SONAME and finds it through its rpath
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror "$work/app.c" $(pkg-config --cflags --libs arrears) -Wl,-rpath,"$prefix/lib" -o "$work/app_pc"
readelf -d "$work/app_pc" | grep -q "NEEDED.*libarrears.so.0" || { echo "install: app_pc does not need libarrears by its SONAME" >&2; status=1; }
check pkg-config "$work/app_pc"
# 2. CMake: find_package(arrears) and the imported target
mkdir -p "$work/cmake"
cp "$work/app.c" "$work/cmake/app.c"
cat > "$work/cmake/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(arrears_app C)
find_package(arrears 0.1 REQUIRED)
add_executable(app app.c)
target_link_libraries(app PRIVATE arrears::arrears)
add_executable(app_static app.c)
target_link_libraries(app_static PRIVATE arrears::arrears_static)
CMAKE
cmake -S "$work/cmake" -B "$work/cmake/build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_RPATH="$prefix/lib" >/dev/null
cmake --build "$work/cmake/build" >/dev/null
check cmake "$work/cmake/build/app"
check cmake-static "$work/cmake/build/app_static"
# 3. static, through pkg-config --static (libarrears.a and its private libraries)
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror "$work/app.c" $(pkg-config --cflags arrears) "$prefix/lib/libarrears.a" \
  $(pkg-config --static --libs-only-l arrears | sed 's/-larrears//') -o "$work/app_static"
if readelf -d "$work/app_static" | grep -q "libarrears"; then echo "install: app_static links libarrears.so" >&2; status=1; fi
check static "$work/app_static"
exit $status
