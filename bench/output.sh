#!/usr/bin/env bash
# bench/output.sh: what shoal costs when jobs have a lot to print, and how
# fast it streams a huge input -- beside GNU parallel and xargs, in one run,
# as ratios. bench/run.sh runs it at its end; alone:
#
#   bench/output.sh [--quick]      (SHOAL=/path/to/shoal to pick the binary)
#
# Rows:
#   -k, 200 jobs x 1 MB each into one file: shoal -k against GNU parallel's
#     default (grouped) and xargs -P (which interleaves and tears lines);
#     shoal's output is checked: every job's lines together, in input order.
#   --dry-run on 1,000,000 input lines: wall time and peak RSS (GNU parallel
#     on fewer lines, its rate per line is steady).
set -euo pipefail
quick=0
[ "${1:-}" = --quick ] && quick=1
me=output.sh
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cc -O2 -o "$tools_dir/emit" "$bench_dir/emit.c"
bench_selfcpu
bench_shoal
emit="$tools_dir/emit"

jobs=200
bytes=1000000
width=8
dry_lines=1000000
dry_par_lines=500
rounds=3
((quick)) && jobs=50 && dry_lines=200000 && dry_par_lines=100 && rounds=1

# run NAME CMD...: wall seconds in $wall; own "utime stime maxrss_kb" in $self.
run() {
  local name=$1; shift
  rm -f "$work/self.$name"
  local t0 t1
  t0=$(now)
  SELFCPU_OUT="$work/self.$name" LD_PRELOAD="$selfcpu" "$@"
  t1=$(now)
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  self=$(tail -n 1 "$work/self.$name" 2>/dev/null || echo "0 0 0")
}
cpu_of() { awk '{ printf "%.3f", $1 + $2 }' <<<"$1"; }
rss_of() { awk '{ printf "%.1f", $3 / 1024 }' <<<"$1"; }

seq "$jobs" > "$work/labels"
echo
echo "## output-heavy jobs and a huge input ($(date -u +%Y-%m-%d), $(nproc) CPUs$( ((quick)) && echo ', --quick'))"
echo
echo "Commands (inputs: seq $jobs; each job prints $bytes bytes of its label; the fastest of $rounds runs each, interleaved):"
echo "- \`shoal -k -j $width emit $bytes {} :::: labels > file\`"
echo "- \`parallel --will-cite -j $width emit $bytes {} :::: labels > file\`"
echo "- \`xargs -P $width -I{} emit $bytes {} < labels > file\`"
echo "- \`seq $dry_lines | shoal --dry-run echo > /dev/null\`; GNU parallel on $dry_par_lines lines"
echo

# Each tool $rounds times, interleaved; the fastest run of each is kept (the
# machine is shared, and a run after a pause is often slow for all).
# keep_fastest NAME: the last run's $wall and $self become NAME_wall and
# NAME_self if NAME has none yet or this run was faster.
keep_fastest() {
  local best="${1}_wall"
  if [ -z "${!best}" ] || awk -v a="$wall" -v b="${!best}" 'BEGIN { exit !(a < b) }'; then
    printf -v "${1}_wall" %s "$wall"
    printf -v "${1}_self" %s "$self"
  fi
}
shoal_wall="" par_wall="" xargs_wall=""
for ((round = 0; round < rounds; round++)); do
  run shoal "$SHOAL" --no-live --no-summary -k -j "$width" "$emit" "$bytes" {} :::: "$work/labels" > "$work/shoal.out"
  keep_fastest shoal
  run parallel parallel --will-cite -j "$width" "$emit" "$bytes" {} :::: "$work/labels" > "$work/parallel.out"
  keep_fastest par
  run xargs xargs -P "$width" -I{} "$emit" "$bytes" {} < "$work/labels" > "$work/xargs.out"
  keep_fastest xargs
done

# Contiguous and in order: the runs of equal lines are exactly 1, 2, ..., N.
runs=$(uniq "$work/shoal.out" | tr '\n' ' ')
expected=$(seq "$jobs" | tr '\n' ' ')
[ "$runs" = "$expected" ] && contiguous=yes || contiguous=no
size_ok=$([ "$(wc -c < "$work/shoal.out")" -eq "$(wc -c < "$work/xargs.out")" ] && echo yes || echo no)

echo "| workload | tool | wall s | own CPU s | own peak RSS MB |"
echo "| --- | --- | ---: | ---: | ---: |"
echo "| -k, $jobs x 1 MB | shoal | $shoal_wall | $(cpu_of "$shoal_self") | $(rss_of "$shoal_self") |"
echo "| grouped, $jobs x 1 MB | GNU parallel | $par_wall | $(cpu_of "$par_self") | $(rss_of "$par_self") |"
echo "| interleaved, $jobs x 1 MB | xargs -P | $xargs_wall | $(cpu_of "$xargs_self") | $(rss_of "$xargs_self") |"

run dry "$SHOAL" --dry-run echo :::: <(seq "$dry_lines") > /dev/null
dry_wall=$wall dry_self=$self
run pdry parallel --will-cite --dry-run echo :::: <(seq "$dry_par_lines") > /dev/null
pdry_wall=$wall pdry_self=$self
echo "| --dry-run, $dry_lines lines | shoal | $dry_wall | $(cpu_of "$dry_self") | $(rss_of "$dry_self") |"
echo "| --dry-run, $dry_par_lines lines | GNU parallel | $pdry_wall | $(cpu_of "$pdry_self") | $(rss_of "$pdry_self") |"
echo
per_line_shoal=$(awk -v w="$dry_wall" -v n="$dry_lines" 'BEGIN { printf "%.2f", w / n * 1e6 }')
per_line_par=$(awk -v w="$pdry_wall" -v n="$dry_par_lines" 'BEGIN { printf "%.0f", w / n * 1e6 }')
echo "--dry-run per line: shoal $per_line_shoal µs, GNU parallel $per_line_par µs."
echo
verdict() { if [ "$1" = 1 ]; then echo "- PASS: $2"; else echo "- FAIL: $2"; fi; }
speedup=$(ratio "$par_wall" "$shoal_wall")
vs_xargs=$(ratio "$shoal_wall" "$xargs_wall")
shoal_cpu=$(cpu_of "$shoal_self")
verdict "$(awk -v r="$speedup" 'BEGIN { print (r >= 1.5) }')" "-k is at least 1.5x faster than GNU parallel's grouped output (${speedup}x)"
verdict "$(awk -v r="$vs_xargs" 'BEGIN { print (r <= 1.2) }')" "-k takes at most 1.2x xargs -P's time (${vs_xargs}x)"
verdict "$(awk -v c="$shoal_cpu" 'BEGIN { print (c < 1) }')" "shoal's own CPU under 1 s ($shoal_cpu s)"
verdict "$([ "$contiguous" = yes ] && [ "$size_ok" = yes ] && echo 1 || echo 0)" "every job's output contiguous and in input order, every byte there (contiguous: $contiguous, size: $size_ok)"
verdict "$(awk -v w="$dry_wall" 'BEGIN { print (w < 5) }')" "--dry-run on $dry_lines lines under 5 s ($dry_wall s)"
verdict "$(awk -v m="$(rss_of "$dry_self")" 'BEGIN { print (m < 30) }')" "--dry-run peak RSS under 30 MB ($(rss_of "$dry_self") MB)"
