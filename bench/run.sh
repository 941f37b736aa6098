#!/usr/bin/env bash
# bench/run.sh: shoal beside xargs, GNU parallel and a bare posix_spawn loop,
# in one run on this machine, reported as rates and ratios.
#
#   bench/run.sh            full run (several minutes); ends with bench/output.sh
#   bench/run.sh --quick    smaller counts, a smoke check (about a minute)
#   bench/run.sh --repeat N run every row N times, tools interleaved, and keep
#                           each tool's fastest run (default 1)
#   SHOAL=/path/to/shoal bench/run.sh   measure that binary instead of building
#
# Absolute numbers on a shared machine move from run to run; the ratios taken
# within one run are what to compare. For every (workload, tool) it prints
# jobs/s (jobs / wall seconds), the tool's OWN CPU per job (bench/selfcpu.c,
# preloaded: the runner alone, not its jobs) and its own peak RSS, then the
# ratios, a markdown table for docs/performance.md, and the targets as
# PASS/FAIL. A missed target is reported, not an error: the exit status is
# non-zero only if the benchmark itself could not run.
set -euo pipefail

me=run.sh
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

quick=0
repeat=1
option() {
  case "$1" in
    --quick) quick=1 ;;
    --repeat) bench_number "$1" "$2" repeat ;;
    *) return 1 ;;
  esac
}
bench_args "$@"

# ---- counts -----------------------------------------------------------------
if ((quick)); then
  n_fast=2000     # jobs in the `true` and `echo` rows
  n_par_fast=300  # GNU parallel's count in those rows (it is slow; rates are steady)
  wide=500        # the wide `sleep 1` row: jobs = width
  n_par_wide=500
else
  n_fast=10000
  n_par_fast=1000
  wide=2000
  n_par_wide=2000
fi

# ---- build ------------------------------------------------------------------
cc -O2 -Wall -Wextra -o "$tools_dir/bare_spawn" "$bench_dir/bare_spawn.c"
bench_selfcpu
bare="$tools_dir/bare_spawn"

bench_shoal
command -v parallel >/dev/null || { echo "run.sh: GNU parallel not installed" >&2; exit 1; }

# xargs and GNU parallel hold descriptors per running job; shoal raises its own.
hard=$(ulimit -Hn)
if [[ "$hard" == unlimited ]] || ((hard > 65536)); then want=65536; else want=$hard; fi
ulimit -Sn "$want" || true

# ---- inputs -----------------------------------------------------------------
seq "$n_fast" >"$work/seq_fast"
seq "$n_par_fast" >"$work/seq_par_fast"
yes 1 | head -n "$wide" >"$work/ones_wide" || true
yes 1 | head -n "$n_par_wide" >"$work/ones_par_wide" || true
yes 1 | head -n 40 >"$work/ones_40" || true
seq 50 >"$work/seq_warm"

# ---- measuring one command ---------------------------------------------------
# Results, keyed "row|tool": jobs, wall seconds, CPU µs/job, RSS MB, notes.
declare -A R_JOBS R_WALL R_RATE R_CPU R_RSS R_CMD
rows=()     # row keys in order
declare -A ROW_TITLE ROW_KIND
problems=() # anything that looked wrong (exit status, output count, stderr)

# measure ROW TOOL JOBS STDIN_FILE EXPECT_LINES CMD...
#   Runs CMD once with selfcpu preloaded, stdin from STDIN_FILE (or /dev/null),
#   stdout and stderr to files. EXPECT_LINES: the number of stdout lines the
#   run must print ("-" for no check; output must then be empty).
measure() {
  local row=$1 tool=$2 jobs=$3 in=$4 expect=$5
  shift 5
  local key="$row|$tool" out="$work/out" err="$work/err" cpu="$work/cpu"
  rm -f "$out" "$err" "$cpu"
  [[ "$in" == - ]] && in=/dev/null
  local t0 t1 rc=0
  t0=$(now)
  SELFCPU_OUT="$cpu" LD_PRELOAD="$selfcpu" "$@" <"$in" >"$out" 2>"$err" || rc=$?
  t1=$(now)

  local note=""
  ((rc == 0)) || note+="exit $rc; "
  local lines
  lines=$(wc -l <"$out")
  if [[ "$expect" == - ]]; then
    ((lines == 0)) || note+="$lines unexpected stdout lines; "
  elif ((lines != expect)); then
    note+="$lines stdout lines, expected $expect; "
  elif ! sort -n "$out" | cmp -s - <(seq "$expect"); then
    note+="stdout is not 1..$expect; "
  fi
  [[ -s "$err" ]] && note+="stderr: $(head -c 200 "$err" | tr '\n' ' '); "

  local ut=0 st=0 rss=0 have_cpu=0
  if [[ -s "$cpu" ]]; then
    read -r ut st rss <"$cpu"
    have_cpu=1
  else
    note+="no selfcpu report; "
  fi

  local wall
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')
  [[ -n "$note" ]] && problems+=("$row / $tool: ${note%; }")
  printf '  %-9s %6d jobs  %8.3f s  %7.0f jobs/s  %s\n' "$tool" "$jobs" "$wall" \
    "$(awk -v n="$jobs" -v w="$wall" 'BEGIN{print n/w}')" "${note%; }" >&2
  # With --repeat, keep the fastest run of each tool.
  if [[ -n "${R_WALL[$key]:-}" ]] && ! awk -v a="$wall" -v b="${R_WALL[$key]}" 'BEGIN{exit !(a < b)}'; then
    return 0
  fi
  R_JOBS[$key]=$jobs
  R_CMD[$key]="$*"
  R_WALL[$key]=$wall
  R_RATE[$key]=$(awk -v n="$jobs" -v a="$t0" -v b="$t1" 'BEGIN{printf "%.0f", n/(b-a)}')
  if ((have_cpu)); then
    R_CPU[$key]=$(awk -v u="$ut" -v s="$st" -v n="$jobs" 'BEGIN{printf "%.1f", (u+s)*1e6/n}')
    R_RSS[$key]=$(awk -v k="$rss" 'BEGIN{printf "%.1f", k/1024}')
  else
    R_CPU[$key]=n/a
    R_RSS[$key]=n/a
  fi
}

# Warm up each tool once (page cache, dynamic loader) before measuring.
"$SHOAL" -j 2 --no-live --no-summary true <"$work/seq_warm" >/dev/null 2>&1 || true
xargs -P 2 -n1 true <"$work/seq_warm" || true
parallel --will-cite -j 2 true <"$work/seq_warm" >/dev/null 2>&1 || true
"$bare" 50 2 || true

S=("$SHOAL" --no-live --no-summary)

# ---- the rows ---------------------------------------------------------------
# Each row runs its tools one after another; with --repeat the whole set of
# rows runs again, so that a slow spell of the machine hits every tool alike.
add_row() { # add_row KEY KIND TITLE (once per row, whatever the round)
  [[ -n "${ROW_KIND[$1]:-}" ]] || rows+=("$1")
  ROW_KIND[$1]=$2
  ROW_TITLE[$1]=$3
  echo "row: $3 (round $round of $repeat)" >&2
}

for ((round = 1; round <= repeat; round++)); do
  for j in 2 16; do
    row="true-j$j"
    add_row "$row" true "$n_fast x true, -j $j"
    measure "$row" bare "$n_fast" - - "$bare" "$n_fast" "$j"
    measure "$row" shoal "$n_fast" "$work/seq_fast" - "${S[@]}" -j "$j" true
    measure "$row" xargs "$n_fast" "$work/seq_fast" - xargs -P "$j" -n1 true
    measure "$row" parallel "$n_par_fast" "$work/seq_par_fast" - parallel --will-cite -j "$j" true
  done

  for j in 2 16; do
    row="echo-j$j"
    add_row "$row" echo "$n_fast x echo {}, -j $j"
    measure "$row" shoal "$n_fast" "$work/seq_fast" "$n_fast" "${S[@]}" -j "$j" echo '{}'
    measure "$row" xargs "$n_fast" "$work/seq_fast" "$n_fast" xargs -P "$j" -I'{}' echo '{}'
    measure "$row" parallel "$n_par_fast" "$work/seq_par_fast" "$n_par_fast" \
      parallel --will-cite -j "$j" echo '{}'
  done

  row="sleep-wide"
  add_row "$row" wide "$wide x sleep 1, -j $wide"
  measure "$row" shoal "$wide" "$work/ones_wide" - "${S[@]}" -j "$wide" sleep
  measure "$row" xargs "$wide" "$work/ones_wide" - xargs -P "$wide" -n1 sleep
  measure "$row" parallel "$n_par_wide" "$work/ones_par_wide" - \
    parallel --will-cite -j "$n_par_wide" sleep

  row="sleep-40"
  add_row "$row" sleep40 "40 x sleep 1, -j 20"
  measure "$row" shoal 40 "$work/ones_40" - "${S[@]}" -j 20 sleep
  measure "$row" xargs 40 "$work/ones_40" - xargs -P 20 -n1 sleep
  measure "$row" parallel 40 "$work/ones_40" - parallel --will-cite -j 20 sleep
done

# ---- report -----------------------------------------------------------------
ge() { # ge A B: A >= B (numbers), false on n/a
  awk -v a="$1" -v b="$2" 'BEGIN{ exit !(a!="n/a" && b!="n/a" && a+0 >= b+0) }'
}

short_cmd() { # the command line as typed, with shoal's path shortened
  local c=$1
  c=${c//"$SHOAL"/shoal}
  c=${c//"$bare"/bare_spawn}
  echo "$c"
}

echo
echo "## shoal benchmark ($(date -u +%Y-%m-%d), $(nproc) CPUs, $(uname -sr)$( ((quick)) && echo ', --quick')$( ((repeat > 1)) && echo ", best of $repeat runs per tool"))"
echo
echo "shoal: $SHOAL ($("$SHOAL" --version 2>/dev/null | head -1); build: $shoal_build);"
echo "$(xargs --version | head -1); $(parallel --version | head -1); ulimit -n $(ulimit -n)."
if ((repeat > 1)); then
  echo "Each tool runs $repeat times per row, tools interleaved; the fastest run is shown."
else
  echo "Each tool runs once per row."
fi
echo "Stdin is a file of inputs (seq N for true/echo, lines of \"1\" for sleep),"
echo "stdout goes to a file (checked: echo rows must print exactly 1..N)."
echo "jobs/s = jobs / wall seconds."
echo "CPU/job and RSS are the tool's own (getrusage(RUSAGE_SELF) via LD_PRELOAD"
echo "bench/selfcpu.so), not its jobs'. GNU parallel runs fewer jobs in the fast"
echo "rows (count shown): its rate is steady. Commands:"
echo
for row in "${rows[@]}"; do
  for tool in bare shoal xargs parallel; do
    key="$row|$tool"
    [[ -n "${R_JOBS[$key]:-}" ]] || continue
    input=""
    case "$tool" in
      shoal | xargs | parallel)
        case "$row" in
          true-* | echo-*) [[ $tool == parallel ]] && input=" < seq $n_par_fast" || input=" < seq $n_fast" ;;
          sleep-wide) [[ $tool == parallel ]] && input=" < ($n_par_wide lines of 1)" || input=" < ($wide lines of 1)" ;;
          sleep-40) input=" < (40 lines of 1)" ;;
        esac
        ;;
    esac
    printf -- '- `%s%s`\n' "$(short_cmd "${R_CMD[$key]}")" "$input"
  done
done

echo
echo "| workload | tool | jobs | wall s | jobs/s | own CPU µs/job | own peak RSS MB |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
for row in "${rows[@]}"; do
  for tool in bare shoal xargs parallel; do
    key="$row|$tool"
    [[ -n "${R_JOBS[$key]:-}" ]] || continue
    name=$tool
    [[ $tool == bare ]] && name="bare posix_spawn"
    [[ $tool == parallel ]] && name="GNU parallel"
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "${ROW_TITLE[$row]}" "$name" \
      "${R_JOBS[$key]}" "${R_WALL[$key]}" "${R_RATE[$key]}" "${R_CPU[$key]}" "${R_RSS[$key]}"
  done
done

echo
echo "| workload | shoal/xargs jobs/s | shoal/bare jobs/s | shoal/parallel jobs/s | shoal/xargs CPU per job | shoal wall - ideal |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for row in "${rows[@]}"; do
  s="$row|shoal" x="$row|xargs" p="$row|parallel" b="$row|bare"
  r_x=$(ratio "${R_RATE[$s]}" "${R_RATE[$x]}")
  r_b=n/a
  [[ -n "${R_RATE[$b]:-}" ]] && r_b=$(ratio "${R_RATE[$s]}" "${R_RATE[$b]}")
  r_p=$(ratio "${R_RATE[$s]}" "${R_RATE[$p]}")
  r_c=$(ratio "${R_CPU[$s]}" "${R_CPU[$x]}")
  extra=""
  case "$row" in
    sleep-40) extra=$(awk -v w="${R_WALL[$s]}" 'BEGIN{printf "%+.3f s", w-2}') ;;
    sleep-wide) extra=$(awk -v w="${R_WALL[$s]}" 'BEGIN{printf "%+.3f s", w-1}') ;;
  esac
  printf '| %s | %s | %s | %s | %s | %s |\n' "${ROW_TITLE[$row]}" "$r_x" "$r_b" "$r_p" "$r_c" "$extra"
done

# ---- targets ----------------------------------------------------------------
echo
echo "Targets:"
verdict() { # verdict OK TEXT
  if (("$1")); then echo "- PASS: $2"; else echo "- FAIL: $2"; fi
}

ok=1 detail=""
for row in "${rows[@]}"; do
  ge "${R_RATE[$row|shoal]}" "${R_RATE[$row|xargs]}" || ok=0
  detail+="${row} $(ratio "${R_RATE[$row|shoal]}" "${R_RATE[$row|xargs]}")x, "
done
verdict $ok "shoal >= xargs jobs/s on every row (${detail%, })"

# rate_target KINDS MIN PEER: on the rows of KINDS, shoal's rate over PEER's,
# each at least MIN; sets $ok, and $detail to the ratios.
rate_target() {
  local kinds=" $1 " min=$2 peer=$3 row r
  ok=1 detail=""
  for row in "${rows[@]}"; do
    [[ $kinds == *" ${ROW_KIND[$row]} "* ]] || continue
    r=$(ratio "${R_RATE[$row|shoal]}" "${R_RATE[$row|$peer]}")
    ge "$r" "$min" || ok=0
    detail+="${row} ${r}x, "
  done
}
rate_target true 0.9 bare
verdict $ok "shoal >= 0.9x bare spawn rate on the true rows (${detail%, })"

rate_target "true echo" 6 parallel
verdict $ok "shoal >= 6x GNU parallel jobs/s on the throughput rows, true and echo (${detail%, }; the sleep rows are bound by sleep)"

ok=1 detail=""
for row in "${rows[@]}"; do
  ge "${R_CPU[$row|xargs]}" "${R_CPU[$row|shoal]}" || ok=0
  detail+="${row} ${R_CPU[$row|shoal]} vs ${R_CPU[$row|xargs]}, "
done
verdict $ok "shoal CPU/job <= xargs CPU/job on every row (µs: ${detail%, })"

rss=${R_RSS[sleep-wide|shoal]}
ok=0
awk -v r="$rss" 'BEGIN{exit !(r!="n/a" && r+0 < 30)}' && ok=1
verdict $ok "shoal peak RSS < 30 MB at -j $wide ($rss MB)$( ((quick)) && echo ' [--quick: 500 wide, not 2000]')"

w=${R_WALL[sleep-40|shoal]}
ok=0
awk -v w="$w" 'BEGIN{d=w-2; if (d<0) d=-d; exit !(d <= 0.1)}' && ok=1
verdict $ok "40 x sleep 1 at -j 20 within 0.1 s of 2 s (${w} s)"

echo
bench_problems "every run exited 0 with the expected output."

# The output-heavy rows and the huge input, with the same binary.
SHOAL="$SHOAL" "$bench_dir/output.sh" $( ((quick)) && echo --quick)
# --pipe and --pipepart on 1 GB of lines, beside GNU parallel.
SHOAL="$SHOAL" "$bench_dir/pipe.sh" $( ((quick)) && echo --quick)
