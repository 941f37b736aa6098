#!/usr/bin/env bash
# The examples, built the way a user builds them: libshoal installed into a
# fresh prefix (cmake --install), the examples configured against it with
# find_package(shoal) -- with g++ and with clang++, -Wall -Wextra
# -Wnon-virtual-dtor -Werror -- one of them compiled again with nothing but
# pkg-config, and each run on its bundled stand-in with its output checked.
#
# Needs SHOAL_BUILD (the build tree to install from) and SHOAL_SOURCE;
# SHOAL_EXAMPLE_FLAGS carries sanitizer flags when the library has them.
set -euo pipefail
: "${SHOAL_BUILD:?}" "${SHOAL_SOURCE:?}"
flags=${SHOAL_EXAMPLE_FLAGS:-}
work=$(mktemp -d /tmp/shoal-examples.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
ex=$SHOAL_SOURCE/examples

cmake --install "$SHOAL_BUILD" --prefix "$work/prefix" >/dev/null
[ -f "$work/prefix/include/shoal/shoal.hpp" ] || fail "headers not installed"
ls "$work/prefix"/lib*/cmake/shoal/shoalConfig.cmake >/dev/null || fail "no CMake package"

# With the warnings a careful consumer turns on: our headers must not add
# any to their build.
consumer_warnings="-Wall -Wextra -Wnon-virtual-dtor -Werror"
cmake -S "$ex" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_CXX_COMPILER=g++ \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="$consumer_warnings $flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$work/build" -j 2 >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log"; fail "examples do not build"; }

# And with clang++ (not in a sanitizer build: clang cannot link against
# GCC's sanitizer runtime). Built only: they run below, from g++'s build.
if [ -z "$flags" ]; then
  clang=$(command -v clang++ || command -v clang++-14) || fail "clang++ not found (scripts/install-deps)"
  cmake -S "$ex" -B "$work/build-clang" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_CXX_COMPILER="$clang" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="$consumer_warnings" >/dev/null
  cmake --build "$work/build-clang" -j 2 >"$work/build-clang.log" 2>&1 ||
    { tail -n 40 "$work/build-clang.log"; fail "examples do not build with clang++"; }
fi

# pkg-config alone, as a Makefile would do it: -lshoal is libshoal.so, found
# in this prefix at run time through the rpath.
export PKG_CONFIG_PATH=$(dirname "$(ls "$work/prefix"/lib*/pkgconfig/shoal.pc)")
# shellcheck disable=SC2046
g++ -std=c++20 $consumer_warnings $flags "$ex/bulk-delete/bulk_delete.cpp" -o "$work/bulk_delete_pc" \
  $(pkg-config --cflags --libs shoal) -Wl,-rpath,"$(pkg-config --variable=libdir shoal)" ||
  fail "pkg-config build"
ldd "$work/bulk_delete_pc" | grep "$work/prefix/.*libshoal.so" >/dev/null || fail "pkg-config: not libshoal.so"

# Bulk delete: 200 ids, 100 at a time; the stand-in fails ids starting with f.
head -n 200 "$ex/bulk-delete/vm-ids.txt" >"$work/ids.txt"
expect_failed=$(grep -c '^f' "$work/ids.txt")
for prog in "$work/build/bulk_delete" "$work/bulk_delete_pc"; do
  set +e
  "$prog" "$ex/bulk-delete/nova" "$work/ids.txt" 100 >"$work/delete.out"
  status=$?
  set -e
  [ "$status" = 1 ] || fail "bulk_delete exit status $status"
  grep -q "^deleted $((200 - expect_failed)) of 200, $expect_failed failed" "$work/delete.out" ||
    fail "bulk_delete summary: $(tail -n 1 "$work/delete.out")"
  [ "$(grep -c '^failed: f.*Conflict' "$work/delete.out")" = "$expect_failed" ] || fail "bulk_delete failures"
done

# Verify images: a 2 s limit on pull+check+remove; three lists, each image in one.
set +e
"$work/build/verify_images" "$ex/verify-images/docker" "$ex/verify-images/images.txt" "$work" 2 4 >"$work/verify.out"
status=$?
set -e
[ "$status" = 1 ] || fail "verify_images exit status $status"
grep -q '^succeeded 5, failed 2, timed out 1' "$work/verify.out" || fail "verify summary: $(cat "$work/verify.out")"
grep -qx 'registry.example/tools/slow-mirror:latest' "$work/timed-out.txt" || fail "timed-out list"
grep -q 'missing-api:1.0: Error response from daemon' "$work/verify.out" || fail "pull error text"
grep -q 'broken-cron:0.9: exec /bin/true: exec format error' "$work/verify.out" || fail "check error text"
[ "$(cat "$work/succeeded.txt" "$work/failed.txt" "$work/timed-out.txt" | sort)" = \
  "$(sort "$ex/verify-images/images.txt")" ] || fail "every image in exactly one list"
# The timed-out pull's process group is gone (its `sleep 37` included).
! pgrep -fx "sleep 37" >/dev/null || fail "a timed-out step left a process"

# Wait until ACTIVE: the stand-in turns ACTIVE at the fourth look.
export NOVA_STATE_DIR=$work
"$work/build/wait_active" "$ex/wait-active/nova" vm-1 100 10 >"$work/wait.out" || fail "wait_active: $(cat "$work/wait.out")"
grep -q '^vm-1 is ACTIVE after 4 polls' "$work/wait.out" || fail "wait_active: $(cat "$work/wait.out")"
set +e
"$work/build/wait_active" "$ex/wait-active/nova" stuck-1 100 1 >"$work/stuck.out"
status=$?
set -e
[ "$status" = 1 ] || fail "wait_active on a stuck server: exit status $status"
grep -q '^stuck-1: not ACTIVE within 1 s' "$work/stuck.out" || fail "stuck: $(cat "$work/stuck.out")"
# One command on many hosts: a real sshd on 127.0.0.1 (the remote tests'
# fixture), 20 aliases of it and one dead host.
T=$work
MARK="shoalexample$$"
SLEEP=$(command -v sleep)  # the fixture names it in a ProxyCommand
source "$SHOAL_SOURCE/tests/cli/lib_sshd.sh"
trap 'pkill -KILL -f "$SSHD_DIR/ssh_config" 2>/dev/null || true; kill "$SSHD_PID" 2>/dev/null || true; rm -rf "$work"' EXIT
set +e
"$work/build/fleet_run" "$SSH" 'h[01-20],dead' 'echo up' 8 >"$work/fleet.out"
status=$?
set -e
[ "$status" = 1 ] || fail "fleet_run exit status $status"
[ "$(grep -c '^h[0-9]*: ok, exit 0' "$work/fleet.out")" = 20 ] || fail "fleet_run: $(cat "$work/fleet.out")"
[ "$(grep -c '^  up$' "$work/fleet.out")" = 20 ] || fail "fleet_run outputs"
grep -q '^dead: unreachable: ssh: connect to host .*Connection refused' "$work/fleet.out" || fail "dead host: $(cat "$work/fleet.out")"
grep -q '^21 hosts, 1 not ok; slowest: ' "$work/fleet.out" || fail "fleet_run summary"
echo "examples: ok"
