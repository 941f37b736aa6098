#!/usr/bin/env bash
# Builds the parsers' fuzz targets with clang (libFuzzer, ASan, UBSan) in
# OUT and runs each for SECS seconds, starting from the seeds committed in
# tests/fuzz/corpus/TARGET (left as they are: what a run adds goes to
# OUT/corpus/TARGET). Usage: run.sh OUT [SECS [TARGET...]]
# A crash, a leak, a sanitizer report, a failed check or an input slower
# than 10 s fails the run; the input that did it is left in OUT/crash-*.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: run.sh OUT [SECS [TARGET...]]}
secs=${2:-5}
shift $(($# > 1 ? 2 : 1))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(colsep duration halt hosts joblog jobs shell_words template)
cxx=$(command -v clang++-14 || command -v clang++ || true)
[ -n "$cxx" ] || { echo "no clang++: scripts/install-deps installs clang-14"; exit 1; }
mkdir -p "$out"
cmake -S "$here" -B "$out" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
if ! cmake --build "$out" -j "$(nproc)" >"$out/build.log" 2>&1; then
  tail -n 40 "$out/build.log"
  exit 1
fi
for target in "${targets[@]}"; do
  mkdir -p "$out/corpus/$target"
  # -max_len: a run of 4 KB is enough to find what longer lines would (the
  # seeds' crashes happened at 30 KB with std::regex, which is gone), and
  # keeps a quadratic colsep pattern well inside -timeout.
  if ! "$out/fuzz_$target" -max_total_time="$secs" -timeout=10 -max_len=4096 -rss_limit_mb=2048 \
      -artifact_prefix="$out/crash-$target-" "$out/corpus/$target" "$here/corpus/$target" \
      >"$out/$target.log" 2>&1; then
    tail -n 40 "$out/$target.log"
    echo "FAIL: fuzz_$target; the input is in $out/crash-$target-*"
    exit 1
  fi
  echo "fuzz_$target: $(grep -o 'Done [0-9]* runs in [0-9]* second' "$out/$target.log" | tail -1)s, no failure"
done
