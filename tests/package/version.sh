#!/usr/bin/env bash
# One version, from project(shoal VERSION ...) in CMakeLists.txt: the same in
# `shoal --version`, shoal/version.hpp, the installed pkg-config file and the
# CMake package version file (find_package(shoal X.Y) accepts it).
#
# Needs SHOAL, SHOAL_BUILD and SHOAL_SOURCE.
set -euo pipefail
: "${SHOAL:?}" "${SHOAL_BUILD:?}" "${SHOAL_SOURCE:?}"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

project=$(sed -n 's/^project(shoal VERSION \([0-9.]*\).*/\1/p' "$SHOAL_SOURCE/CMakeLists.txt")
[ -n "$project" ] || fail "no project version in CMakeLists.txt"
[ "$("$SHOAL" --version)" = "shoal $project" ] || fail "shoal --version: $("$SHOAL" --version)"
[ "$("$SHOAL" -V)" = "shoal $project" ] || fail "shoal -V: $("$SHOAL" -V)"
! grep -rn '"shoal [0-9]' "$SHOAL_SOURCE/cli" || fail "a version literal in cli/"

cmake --install "$SHOAL_BUILD" --prefix "$work/prefix" --component dev >/dev/null
grep -q "^#define SHOAL_VERSION \"$project\"" "$work/prefix/include/shoal/version.hpp" ||
  fail "shoal/version.hpp"
pc_dir=$(dirname "$(ls "$work/prefix"/lib*/pkgconfig/shoal.pc)")
[ "$(PKG_CONFIG_PATH=$pc_dir pkg-config --modversion shoal)" = "$project" ] || fail "pkg-config --modversion"
mkdir "$work/consumer"
cat >"$work/consumer/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.22)
project(consumer LANGUAGES CXX)
find_package(shoal $project EXACT REQUIRED)
message(STATUS "found shoal \${shoal_VERSION}")
CMAKE
cmake -S "$work/consumer" -B "$work/consumer/build" -DCMAKE_PREFIX_PATH="$work/prefix" \
  >"$work/cmake.log" 2>&1 || { cat "$work/cmake.log"; fail "find_package(shoal $project EXACT)"; }
grep -q "found shoal $project\$" "$work/cmake.log" || fail "shoal_VERSION: $(grep found "$work/cmake.log")"
echo "version: ok ($project)"
