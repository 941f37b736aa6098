#!/usr/bin/env bash
# bench/multi_args.sh: several arguments per job. 100,000 small arguments
# (seq 1 100000) through `echo`, as many a command line as it holds: shoal
# -X beside GNU parallel -X and xargs, in one run on this machine, side by
# side, with ratios.
#
#   bench/multi_args.sh            the 100,000-argument row, best of 3
#   bench/multi_args.sh --quick    one run each (a smoke check)
#   SHOAL=/path/to/shoal bench/multi_args.sh   that binary (default: a Release build in build-bench)
#
# For every tool: wall seconds, the command lines it ran (stdout lines: one
# echo each), and whether every argument arrived once. -P/-j 2 for all three.
# Absolute numbers on a shared machine move; the ratios within a run are what
# to compare. xargs and GNU parallel size their command lines differently
# (xargs 128 KiB; GNU parallel about half of that; shoal the system's limit,
# see docs/compatibility.md), so the number of command lines differs too.
set -euo pipefail

me=multi_args.sh
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

runs=3
option() { [[ $1 == --quick ]] && runs=1; }
bench_args "$@"

command -v parallel > /dev/null || { echo "$me: GNU parallel not installed" >&2; exit 1; }
bench_shoal

n=100000
seq 1 "$n" > "$work/args"

declare -A WALL LINES NOTE

# measure TOOL CMD...: the best wall time of $runs runs, stdin the arguments.
measure() {
  local tool=$1 best="" t0 t1 wall
  shift
  for ((i = 0; i < runs; i++)); do
    t0=$(now)
    "$@" < "$work/args" > "$work/out.$tool" 2> "$work/err.$tool" || NOTE[$tool]+="exit $?; "
    t1=$(now)
    wall=$(echo "$t1 - $t0" | bc -l)
    if [[ -z "$best" ]] || (($(echo "$wall < $best" | bc -l))); then best=$wall; fi
  done
  WALL[$tool]=$best
  LINES[$tool]=$(wc -l < "$work/out.$tool")
  tr ' ' '\n' < "$work/out.$tool" | sort -n | cmp -s - "$work/args" || NOTE[$tool]+="arguments lost or repeated; "
  [[ -s "$work/err.$tool" ]] && NOTE[$tool]+="stderr: $(head -c 80 "$work/err.$tool"); "
  return 0
}

measure shoal "$SHOAL" -X -j2 echo
measure parallel parallel --will-cite -X -j2 echo
measure xargs xargs -P 2 echo

echo "| -X, $n arguments | wall s | command lines | shoal's wall / its | notes |"
echo "| --- | ---: | ---: | ---: | --- |"
for tool in shoal parallel xargs; do
  printf '| %s | %.3f | %s | %s | %s |\n' "$tool" "${WALL[$tool]}" "${LINES[$tool]}" \
    "$(ratio "${WALL[shoal]}" "${WALL[$tool]}")" "${NOTE[$tool]:-}"
done
