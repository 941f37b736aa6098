#!/usr/bin/env bash
# The Debian packages (dist/package.cmake), installed for real: cpack -G DEB
# from the build tree, dpkg -i, then `shoal --version`, `man shoal`, the
# completions where the shells look, a program built against the installed
# libshoal (pkg-config: libshoal.so; find_package: shoal::shoal static,
# shoal::shoal_shared), and dpkg -r (then -P),
# after which none of the packages' files is left.
#
# It installs system-wide, so it runs only as root (CI runs scripts/test as
# root) and only when neither package is installed already; else it is
# skipped (exit 77). Needs SHOAL_BUILD and SHOAL_SOURCE.
set -euo pipefail
: "${SHOAL_BUILD:?}" "${SHOAL_SOURCE:?}"
has() { grep "$@" >/dev/null; }  # reads all its input: no SIGPIPE under pipefail
if [ "$(id -u)" != 0 ]; then
  echo "skipped: installs packages system-wide, so only as root"
  exit 77
fi
for p in shoal libshoal-dev; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | has "ok installed"; then
    echo "skipped: $p is installed already (not this test's to remove)"
    exit 77
  fi
done
work=$(mktemp -d /tmp/shoal-deb.XXXXXX)
installed=
cleanup() {
  [ -z "$installed" ] || dpkg -P libshoal-dev shoal >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$work" && cpack -G DEB --config "$SHOAL_BUILD/CPackConfig.cmake" >cpack.log 2>&1) ||
  { tail -n 30 "$work/cpack.log"; fail "cpack -G DEB"; }
shoal_deb=$(ls "$work"/shoal_*.deb) || fail "no shoal_*.deb"
dev_deb=$(ls "$work"/libshoal-dev_*.deb) || fail "no libshoal-dev_*.deb"
echo "built $(basename "$shoal_deb") ($(du -k "$shoal_deb" | cut -f1) KiB), $(basename "$dev_deb") ($(du -k "$dev_deb" | cut -f1) KiB)"
dpkg-deb -f "$shoal_deb" Depends | has libc6 || fail "shoal's Depends: $(dpkg-deb -f "$shoal_deb" Depends)"
dpkg-deb -f "$dev_deb" Depends | has libuv1-dev || fail "libshoal-dev's Depends"

installed=1
dpkg -i "$shoal_deb" "$dev_deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i"; }
dpkg -L shoal libshoal-dev | sort -u >"$work/files"
project=$(sed -n 's/^project(shoal VERSION \([0-9.]*\).*/\1/p' "$SHOAL_SOURCE/CMakeLists.txt")
[ "$(/usr/bin/shoal --version)" = "shoal $project" ] || fail "shoal --version: $(/usr/bin/shoal --version)"
[ "$(/usr/bin/shoal -j 2 echo ::: a b | sort | tr '\n' ' ')" = "a b " ] || fail "shoal runs nothing"
MANWIDTH=100 man shoal 2>/dev/null | has -- '--joblog' || fail "man shoal"
for f in /usr/share/bash-completion/completions/shoal /usr/share/zsh/vendor-completions/_shoal \
  /usr/share/fish/vendor_completions.d/shoal.fish /usr/include/shoal/shoal.hpp; do
  [ -f "$f" ] || fail "not installed: $f"
done

# A consumer, as a user of libshoal-dev builds one.
cat >"$work/consumer.cpp" <<'CPP'
#include <shoal/shoal.hpp>
#include <cstdio>
int main() {
  shoal::Pool pool(4);
  auto h = pool.spawn(shoal::Command::exec({"echo", "from", "libshoal", shoal::version()}));
  const auto& r = h.wait();
  if (!r || r->status != shoal::Status::ok) return 1;
  std::fputs(r->out.str().c_str(), stdout);
}
CPP
expected="from libshoal $project"
# shellcheck disable=SC2046
g++ -std=c++20 "$work/consumer.cpp" -o "$work/pc_shared" $(pkg-config --cflags --libs shoal) ||
  fail "pkg-config build"
mkdir "$work/cm"
cat >"$work/cm/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.22)
project(consumer LANGUAGES CXX)
find_package(shoal $project REQUIRED)
add_executable(cm_static ../consumer.cpp)
target_link_libraries(cm_static PRIVATE shoal::shoal)
add_executable(cm_shared ../consumer.cpp)
target_link_libraries(cm_shared PRIVATE shoal::shoal_shared)
CMAKE
cmake -S "$work/cm" -B "$work/cm/build" >"$work/cm.log" 2>&1 &&
  cmake --build "$work/cm/build" >>"$work/cm.log" 2>&1 || { tail -n 30 "$work/cm.log"; fail "find_package build"; }
for prog in "$work/pc_shared" "$work/cm/build/cm_static" "$work/cm/build/cm_shared"; do
  [ "$("$prog")" = "$expected" ] || fail "$(basename "$prog") printed: $("$prog" || true)"
done
ldd "$work/pc_shared" | has 'libshoal.so' || fail "pkg-config build did not link libshoal.so"
! ldd "$work/cm/build/cm_static" | has 'libshoal.so' || fail "shoal::shoal linked libshoal.so"

dpkg -r libshoal-dev shoal >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -r"; }
# libshoal-dev keeps its postrm (ldconfig) until purged, as any package
# with maintainer scripts: state "config-files", no file of it left.
for p in shoal libshoal-dev; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  case $status in
    ""|*not-installed|*config-files) ;;
    *) fail "$p after dpkg -r: $status" ;;
  esac
done
dpkg -P libshoal-dev shoal >/dev/null 2>&1 || fail "dpkg -P"
installed=
! dpkg-query -W libshoal-dev shoal >/dev/null 2>&1 || fail "dpkg still knows the packages after dpkg -P"
left=0
while read -r f; do
  [ -d "$f" ] && continue
  [ ! -e "$f" ] || { echo "left behind: $f" >&2; left=1; }
done <"$work/files"
[ "$left" = 0 ] || fail "dpkg -r left files behind"
! command -v shoal >/dev/null 2>&1 || [ "$(command -v shoal)" != /usr/bin/shoal ] || fail "/usr/bin/shoal still there"
echo "deb: ok ($(wc -l <"$work/files") paths installed and removed)"
