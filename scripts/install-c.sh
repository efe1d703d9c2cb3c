#!/usr/bin/env bash
# Installs the C library of arrears under PREFIX: the header, the shared library (versioned,
# with its SONAME), the static library, a pkg-config file and a CMake package.
#
#   bash scripts/install-c.sh PREFIX          # e.g. /usr/local, $HOME/.local, /opt/arrears
#
#   PREFIX/include/arrears.h
#   PREFIX/lib/libarrears.so.0.1.0, libarrears.so.0.1 -> it (the SONAME), libarrears.so -> it
#   PREFIX/lib/libarrears.a
#   PREFIX/lib/pkgconfig/arrears.pc          pkg-config --cflags --libs arrears (add --static
#                                            for libarrears.a: it lists -lpthread -ldl -lm)
#   PREFIX/lib/cmake/arrears/arrearsConfig.cmake   find_package(arrears) gives arrears::arrears
#                                            (shared) and arrears::arrears_static
#
# Builds libarrears with cargo first (release; ARREARS_PROFILE=debug for a debug build).
# Needs Rust; the installed files need nothing but a C compiler.
set -euo pipefail
prefix=${1:-}
if [ -z "$prefix" ] || [ "$prefix" = -h ] || [ "$prefix" = --help ]; then
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
  [ -n "$prefix" ] && exit 0 || exit 2
fi
# shellcheck source=scripts/c-lib.sh
source "$(dirname "$0")/c-lib.sh"
cd "$arrears_root"
profile=${ARREARS_PROFILE:-release}
if [ "$profile" = release ]; then cargo build -q --release -p arrears-ffi; else cargo build -q -p arrears-ffi; fi
built=${CARGO_TARGET_DIR:-$arrears_root/target}/$profile
version=$(arrears_version)
soname=$(arrears_soname)
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
lib=$prefix/lib
install -d "$prefix/include" "$lib/pkgconfig" "$lib/cmake/arrears"
install -m 644 include/arrears.h "$prefix/include/arrears.h"
install -m 755 "$built/libarrears.so" "$lib/libarrears.so.$version"
ln -sf "libarrears.so.$version" "$lib/$soname"
ln -sf "$soname" "$lib/libarrears.so"
install -m 644 "$built/libarrears.a" "$lib/libarrears.a"

# What a static link needs besides libarrears.a (cargo's native-static-libs, less what the C
# compiler links by default).
private="-lpthread -ldl -lm"
cat > "$lib/pkgconfig/arrears.pc" <<PC
prefix=$prefix
includedir=\${prefix}/include
libdir=\${prefix}/lib

Name: arrears
Description: Embeddable accounts-receivable engine: payment terms, schedules, aging, exact money
Version: $version
Cflags: -I\${includedir}
Libs: -L\${libdir} -larrears
Libs.private: $private
PC

cat > "$lib/cmake/arrears/arrearsConfig.cmake" <<'CMAKE'
# find_package(arrears) -> the imported targets arrears::arrears (shared) and
# arrears::arrears_static (static, with the system libraries it needs).
get_filename_component(_arrears_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
if(NOT TARGET arrears::arrears)
  add_library(arrears::arrears SHARED IMPORTED)
  set_target_properties(arrears::arrears PROPERTIES
    IMPORTED_LOCATION "${_arrears_prefix}/lib/libarrears.so"
    IMPORTED_SONAME "@SONAME@"
    INTERFACE_INCLUDE_DIRECTORIES "${_arrears_prefix}/include")
endif()
if(NOT TARGET arrears::arrears_static)
  find_package(Threads REQUIRED)
  add_library(arrears::arrears_static STATIC IMPORTED)
  set_target_properties(arrears::arrears_static PROPERTIES
    IMPORTED_LOCATION "${_arrears_prefix}/lib/libarrears.a"
    INTERFACE_INCLUDE_DIRECTORIES "${_arrears_prefix}/include"
    INTERFACE_LINK_LIBRARIES "Threads::Threads;${CMAKE_DL_LIBS};m")
endif()
set(arrears_FOUND TRUE)
unset(_arrears_prefix)
CMAKE
sed -i "s/@SONAME@/$soname/" "$lib/cmake/arrears/arrearsConfig.cmake"

cat > "$lib/cmake/arrears/arrearsConfigVersion.cmake" <<CMAKE
# A 0.x version matches only the same minor (its ABI may change between minors).
set(PACKAGE_VERSION "$version")
if(PACKAGE_FIND_VERSION_MAJOR EQUAL 0)
  if(PACKAGE_FIND_VERSION_MINOR EQUAL $(echo "$version" | cut -d. -f2) AND NOT PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)
    set(PACKAGE_VERSION_COMPATIBLE TRUE)
  endif()
elseif(PACKAGE_FIND_VERSION_MAJOR EQUAL $(echo "$version" | cut -d. -f1) AND NOT PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
endif()
if(PACKAGE_FIND_VERSION STREQUAL PACKAGE_VERSION)
  set(PACKAGE_VERSION_EXACT TRUE)
endif()
CMAKE
echo "arrears $version installed under $prefix ($soname)"
