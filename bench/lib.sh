# shellcheck shell=bash disable=SC2034
# bench/lib.sh: the setup every bench script would otherwise write again.
# Sourced at the top of a bench script, after the script set $me (its name,
# for messages):
#
#   $bench_dir, $root     this folder and the source tree
#   $tools_dir            bench/build-bench, where the helper programs go
#   $work                 a temporary folder, removed when the script exits
#   bench_selfcpu         builds bench/selfcpu.so into $selfcpu: preloaded, it
#                         reports the process's own CPU and peak RSS
#   bench_shoal           builds shoal (Release, in $root/build-bench) unless
#                         $SHOAL names a binary; sets $SHOAL and $shoal_build.
#                         A Release-only build failure (a -Werror warning that
#                         only -O3 raises, say) is said loudly and the build
#                         falls back to RelWithDebInfo, so the measurement is
#                         not lost
#   bench_libshoal        builds libshoal alone (Release, in $root/build-bench);
#                         sets $libshoal (the .a) and $libshoal_include (the
#                         generated headers: shoal/version.hpp). The command's
#                         own sources are not built, so a warning in them
#                         cannot cost the library its -O3
#   now                   wall-clock seconds
#   ratio A B             A/B to 2 places; n/a if either is n/a or B is 0
#   bench_args ARGS...    the script's arguments: --help prints the comment
#                         at the top of the script; any other goes to the
#                         script's `option ARG NEXT`, which returns 1 for an
#                         argument it does not know (then: exit 2) and sets
#                         took=2 when it used NEXT too
#   bench_number OPT N VAR  sets VAR to N, a whole number >= 1, or exits 2
#   bench_problems FINE [KINDS]
#                         the problems gathered in the array $problems (under
#                         "Problems seen (KINDS):"), or "No problems seen: FINE"

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench_dir/.." && pwd)
tools_dir="$bench_dir/build-bench"
mkdir -p "$tools_dir"
work=$(mktemp -d "${TMPDIR:-/tmp}/shoal-bench-${me%.sh}.XXXXXX")
trap 'rm -rf "$work"' EXIT

bench_selfcpu() {
  cc -O2 -Wall -Wextra -shared -fPIC -o "$tools_dir/selfcpu.so" "$bench_dir/selfcpu.c"
  selfcpu="$tools_dir/selfcpu.so"
}

# bench_build_shoal TYPE: configure and build shoal in $root/build-bench,
# the log in $work/build-TYPE.log.
bench_build_shoal() {
  echo "$me: building shoal ($1) in $root/build-bench ..." >&2
  { cmake -S "$root" -B "$root/build-bench" -DCMAKE_BUILD_TYPE="$1" -DSHOAL_TESTS=OFF &&
    cmake --build "$root/build-bench" -j "$(nproc)" --target shoal_bin; } >"$work/build-$1.log" 2>&1
}

bench_shoal() {
  shoal_build="given by SHOAL"
  if [[ -z "${SHOAL:-}" ]]; then
    shoal_build=Release
    if ! bench_build_shoal Release; then
      echo "$me: the Release build of shoal FAILED; its errors:" >&2
      grep -E 'error|Error' "$work/build-Release.log" | head -n 5 >&2
      echo "$me: falling back to RelWithDebInfo (-O2 -g)" >&2
      local what where
      what=$(grep -m1 -oE '\[-W[a-z=-]+\]' "$work/build-Release.log" || true)
      where=$(grep -m1 -oE '[A-Za-z0-9_./-]+\.o\]' "$work/build-Release.log" | tr -d ']' || true)
      shoal_build="RelWithDebInfo, because the Release build FAILED: ${what:-error} in ${where:-?}"
      if ! bench_build_shoal RelWithDebInfo; then
        cat "$work/build-RelWithDebInfo.log" >&2
        echo "$me: building shoal failed" >&2
        exit 1
      fi
    fi
    SHOAL="$root/build-bench/shoal"
  fi
  [[ -x "$SHOAL" ]] || { echo "$me: no shoal binary at $SHOAL" >&2; exit 1; }
  export SHOAL
}

bench_libshoal() {
  echo "$me: building libshoal (Release) in $root/build-bench ..." >&2
  if ! { cmake -S "$root" -B "$root/build-bench" -DCMAKE_BUILD_TYPE=Release -DSHOAL_TESTS=OFF &&
    cmake --build "$root/build-bench" -j "$(nproc)" --target shoal; } >"$work/build-lib.log" 2>&1; then
    cat "$work/build-lib.log" >&2
    echo "$me: building libshoal failed" >&2
    exit 1
  fi
  libshoal="$root/build-bench/libshoal.a"
  libshoal_include="$root/build-bench/include"
  [[ -f "$libshoal" ]] || { echo "$me: no $libshoal after the build" >&2; exit 1; }
}

now() { date +%s.%N; }

ratio() {
  awk -v a="${1:-n/a}" -v b="${2:-n/a}" \
    'BEGIN { if (a == "n/a" || b == "n/a" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'
}

bench_args() {
  while (($#)); do
    if [[ $1 == -h || $1 == --help ]]; then
      awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0" | sed 's/^# \{0,1\}//'
      exit 0
    fi
    took=1
    option "$1" "${2:-}" || { echo "$me: unknown argument: $1 (try --help)" >&2; exit 2; }
    shift "$took"
  done
}

bench_number() {
  [[ "$2" =~ ^[1-9][0-9]*$ ]] || { echo "$me: $1 needs N >= 1" >&2; exit 2; }
  printf -v "$3" '%s' "$2"
  took=2
}

bench_problems() {
  if ((${#problems[@]})); then
    echo "Problems seen${2:+ ($2)}:"
    local p
    for p in "${problems[@]}"; do echo "- $p"; done
  else
    echo "No problems seen: $1"
  fi
}
