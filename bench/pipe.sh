#!/usr/bin/env bash
# bench/pipe.sh: --pipe and --pipepart on 1 GB of lines through `wc -l`
# in blocks, shoal beside GNU parallel, with the plain read of the file as
# the floor. bench/run.sh runs it at its end; alone:
#
#   bench/pipe.sh [--quick]      (SHOAL=/path/to/shoal to pick the binary)
#
# Rows (the file is read once before, so every tool reads the page cache):
#   --pipe: the file on stdin, cut into --block 10M blocks, -j 2.
#   --pipepart -a FILE --block 10M, -j 2: shoal moves each part from the
#     file into its job's stdin with splice(2); GNU parallel runs a Perl
#     reader per job.
#   cat FILE | wc -l: one reader, one counter, no cutting -- the floor.
# Every run's line count is checked against the file's.
set -euo pipefail
quick=0
[ "${1:-}" = --quick ] && quick=1
me=pipe.sh
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_selfcpu
bench_shoal

bytes=1000000000
rounds=3
((quick)) && bytes=100000000 && rounds=1
block=10M
width=2

file="$work/lines"
# Lines of 39 bytes, numbered, so that no two blocks look alike.
seq -f 'shoal pipe benchmark line %012.0f' 1 $((bytes / 39)) > "$file"
bytes=$(stat -c %s "$file")
lines=$(wc -l < "$file")
cat "$file" > /dev/null  # into the page cache

# run NAME CMD...: wall seconds in $wall; the runner's own "utime stime
# maxrss_kb" in $self; the line counts it printed, summed, in $counted.
run() {
  local name=$1; shift
  rm -f "$work/self.$name"
  local t0 t1
  t0=$(now)
  SELFCPU_OUT="$work/self.$name" LD_PRELOAD="$selfcpu" "$@" > "$work/out.$name"
  t1=$(now)
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  self=$(tail -n 1 "$work/self.$name" 2>/dev/null || echo "0 0 0")
  counted=$(awk '{ s += $1 } END { print s + 0 }' "$work/out.$name")
  [ "$counted" = "$lines" ] || problems+=("$name counted $counted lines of $lines")
}
problems=()
cpu_of() { awk '{ printf "%.2f", $1 + $2 }' <<<"$1"; }
rss_of() { awk '{ printf "%.1f", $3 / 1024 }' <<<"$1"; }
rate() { awk -v w="$1" -v n="$bytes" 'BEGIN { if (w > 0) printf "%.0f", n / w / 1e6; else print "n/a" }'; }
keep_fastest() {
  local best="${1}_wall"
  if [ -z "${!best}" ] || awk -v a="$wall" -v b="${!best}" 'BEGIN { exit !(a < b) }'; then
    printf -v "${1}_wall" %s "$wall"
    printf -v "${1}_self" %s "$self"
  fi
}

echo
echo "## --pipe and --pipepart ($(date -u +%Y-%m-%d), $(nproc) CPUs$( ((quick)) && echo ', --quick'))"
echo
echo "$bytes bytes, $lines lines, in the page cache; the fastest of $rounds runs each, interleaved:"
echo "- \`shoal --pipe --block $block -j $width wc -l < file\` / \`parallel --pipe ...\`"
echo "- \`shoal --pipepart -a file --block $block -j $width wc -l\` / \`parallel --pipepart ...\`"
echo "- \`cat file | wc -l\` (the floor: reading it once)"
echo
sp_wall="" gp_wall="" spp_wall="" gpp_wall="" cat_wall=""
for ((round = 0; round < rounds; round++)); do
  run sp "$SHOAL" --no-live --no-summary --pipe --block "$block" -j "$width" wc -l < "$file"
  keep_fastest sp
  run gp parallel --will-cite --pipe --block "$block" -j "$width" wc -l < "$file"
  keep_fastest gp
  run spp "$SHOAL" --no-live --no-summary --pipepart -a "$file" --block "$block" -j "$width" wc -l
  keep_fastest spp
  run gpp parallel --will-cite --pipepart -a "$file" --block "$block" -j "$width" wc -l
  keep_fastest gpp
  run cat sh -c 'cat "$1" | wc -l' sh "$file"
  keep_fastest cat
done

echo "| workload | tool | wall s | MB/s | own CPU s | own peak RSS MB |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
echo "| --pipe | shoal | $sp_wall | $(rate "$sp_wall") | $(cpu_of "$sp_self") | $(rss_of "$sp_self") |"
echo "| --pipe | GNU parallel | $gp_wall | $(rate "$gp_wall") | $(cpu_of "$gp_self") | $(rss_of "$gp_self") |"
echo "| --pipepart | shoal | $spp_wall | $(rate "$spp_wall") | $(cpu_of "$spp_self") | $(rss_of "$spp_self") |"
echo "| --pipepart | GNU parallel | $gpp_wall | $(rate "$gpp_wall") | $(cpu_of "$gpp_self") | $(rss_of "$gpp_self") |"
echo "| cat \| wc -l | (floor) | $cat_wall | $(rate "$cat_wall") | | |"
echo
verdict() { if [ "$1" = 1 ]; then echo "- PASS: $2"; else echo "- FAIL: $2"; fi; }
pipe_speedup=$(ratio "$gp_wall" "$sp_wall")
part_speedup=$(ratio "$gpp_wall" "$spp_wall")
part_vs_cat=$(ratio "$spp_wall" "$cat_wall")
verdict "$(awk -v r="$pipe_speedup" 'BEGIN { print (r >= 1) }')" "--pipe at least as fast as GNU parallel's (${pipe_speedup}x)"
verdict "$(awk -v r="$part_speedup" 'BEGIN { print (r >= 1) }')" "--pipepart at least as fast as GNU parallel's (${part_speedup}x)"
verdict "$(awk -v r="$part_vs_cat" 'BEGIN { print (r <= 1.2) }')" "--pipepart within 1.2x of reading the file once (${part_vs_cat}x)"
verdict "$(awk -v m="$(rss_of "$sp_self")" 'BEGIN { print (m < 100) }')" "--pipe peak RSS bounded by the blocks in flight, under 100 MB ($(rss_of "$sp_self") MB)"
echo
bench_problems "every run counted every line."
