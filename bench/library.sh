#!/usr/bin/env bash
# bench/library.sh: libshoal beside eventlet, gevent and asyncio, in one run
# on this machine, reported as ratios to shoal (issue 15).
#
#   bench/library.sh           full run (a few minutes)
#   bench/library.sh --quick   smaller counts, a smoke check (under a minute)
#   PYTHON=/path/python3 bench/library.sh   the interpreter for the peers
#                              (default /usr/bin/python3, Debian's, which
#                              has python3-eventlet and python3-gevent)
#
# Four workloads, each tool in a process of its own, one after the other:
#   commands  2,000 `true` through a pool of 100
#   threads   100,000 green threads, each sleep(0) once, spawned and waited
#   memory    100,000 tasks blocked on one Event: peak-RSS growth / count
#   imap      imap of x -> 2x over 1,000,000 inputs through a pool of 100
# The programs are bench/library_shoal.cpp (compiled here with g++ -O2
# against include/ and the Release libshoal.a that bench_libshoal builds) and
# bench/library_peers.py. Each prints the wall time and own CPU of its
# workload alone (after imports and setup; RUSAGE_SELF, so not the
# commands' children), its peak RSS, and how many results were right; this
# script checks the count (and, for imap, the order: a result out of place
# is not counted) and prints a markdown table for docs/performance.md.
# Exit status: 0, also when a tool is slow; 1 if a result was wrong or a
# program failed; 2 if a peer library is not installed.
set -euo pipefail

me=library.sh # used by lib.sh
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

quick=0
option() { [[ $1 == --quick ]] && quick=1; }
bench_args "$@"

if ((quick)); then
  n_commands=300 n_threads=10000 n_memory=10000 n_imap=50000
else
  n_commands=2000 n_threads=100000 n_memory=100000 n_imap=1000000
fi

# ---- the peers ---------------------------------------------------------------
python=${PYTHON:-/usr/bin/python3}
[[ -x "$python" ]] || { echo "library.sh: no python3 at $python (apt-get install python3)" >&2; exit 2; }
missing=()
for mod in eventlet gevent; do
  "$python" -c "import $mod" 2>/dev/null || missing+=("python3-$mod")
done
if ((${#missing[@]})); then
  echo "library.sh: $python cannot import ${missing[*]#python3-}; install: apt-get install ${missing[*]}" >&2
  exit 2
fi
peer_versions=$("$python" -c 'import sys, eventlet, gevent; print(f"Python {sys.version.split()[0]}, eventlet {eventlet.__version__}, gevent {gevent.__version__}")')

# ---- libshoal's program --------------------------------------------------------
bench_libshoal
g++ -std=c++20 -O2 -Wall -Wextra -Werror -I"$root/include" -I"$libshoal_include" \
  -o "$tools_dir/library_shoal" "$bench_dir/library_shoal.cpp" "$libshoal" $(pkg-config --libs libuv)
prog_shoal=("$tools_dir/library_shoal")
peers=(eventlet gevent asyncio)

# ---- measuring ---------------------------------------------------------------
declare -A R_WALL R_CPU R_RSS R_BYTES R_NOTE
problems=()

# measure WORKLOAD N TOOL: runs the tool's program once, checks its count.
measure() {
  local what=$1 n=$2 tool=$3 out="$work/out" err="$work/err" rc=0
  local -a cmd
  if [[ "$tool" == shoal ]]; then cmd=("${prog_shoal[@]}"); else cmd=("$python" "$bench_dir/library_peers.py" "$tool"); fi
  "${cmd[@]}" "$what" "$n" >"$out" 2>"$err" || rc=$?
  local wall=n/a cpu=n/a rss=n/a count=0 bytes=0 note=""
  if ((rc == 0)) && read -r wall cpu rss count bytes <"$out"; then
    rss=$(awk -v k="$rss" 'BEGIN{printf "%.1f", k/1024}')
  else
    note+="exit $rc; "
  fi
  ((count == n)) || note+="$count of $n right; "
  [[ -s "$err" ]] && note+="stderr: $(head -c 200 "$err" | tr '\n' ' '); "
  local key="$what|$tool"
  R_WALL[$key]=$wall R_CPU[$key]=$cpu R_RSS[$key]=$rss R_BYTES[$key]=$bytes R_NOTE[$key]=${note%; }
  [[ -n "$note" ]] && problems+=("$what / $tool: ${note%; }")
  printf '  %-8s %-8s %8s s wall %8s s cpu %7s MB %s\n' "$what" "$tool" "$wall" "$cpu" "$rss" "${note%; }" >&2
}

workloads=(commands threads memory imap)
declare -A N=([commands]=$n_commands [threads]=$n_threads [memory]=$n_memory [imap]=$n_imap)
declare -A TITLE=(
  [commands]="$n_commands x \`true\`, pool of 100"
  [threads]="$n_threads green threads, sleep(0) each"
  [memory]="$n_memory tasks blocked on one Event"
  [imap]="imap over $n_imap inputs, pool of 100"
)

echo "library.sh: $peer_versions; libshoal Release; counts: $n_commands commands, $n_threads threads, $n_memory pending, $n_imap imap" >&2
for what in "${workloads[@]}"; do
  echo "workload: ${TITLE[$what]}" >&2
  for tool in shoal "${peers[@]}"; do measure "$what" "${N[$what]}" "$tool"; done
done

# ---- report ------------------------------------------------------------------
echo
echo "$(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $peer_versions; libshoal Release, g++ -O2"
echo
echo "| workload | tool | wall s | own CPU s | peak RSS MB | bytes / pending task | wall / shoal's | CPU / shoal's | checked |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
for what in "${workloads[@]}"; do
  for tool in shoal "${peers[@]}"; do
    key="$what|$tool" base="$what|shoal"
    bytes=-
    [[ "$what" == memory ]] && bytes=${R_BYTES[$key]}
    check="${N[$what]} right"
    [[ "$what" == imap ]] && check+=", in order"
    [[ -n "${R_NOTE[$key]}" ]] && check="**${R_NOTE[$key]}**"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "${TITLE[$what]}" "$tool" \
      "${R_WALL[$key]}" "${R_CPU[$key]}" "${R_RSS[$key]}" "$bytes" \
      "$(ratio "${R_WALL[$key]}" "${R_WALL[$base]}")" "$(ratio "${R_CPU[$key]}" "${R_CPU[$base]}")" "$check"
  done
done
echo
echo "memory: the peers' bytes a task against shoal's:" \
  "$(for t in "${peers[@]}"; do printf '%s %sx  ' "$t" "$(ratio "${R_BYTES[memory|$t]}" "${R_BYTES[memory|shoal]}")"; done)"

if ((${#problems[@]})); then
  echo >&2
  echo "library.sh: PROBLEMS:" >&2
  printf '  %s\n' "${problems[@]}" >&2
  exit 1
fi
