#!/usr/bin/env bash
# bench/remote.sh: shoal's remote runs beside pdsh, pssh (parallel-ssh),
# clush, GNU parallel and `xargs -P` driving ssh, in one run (issue 5).
#
#   bench/remote.sh             full run: 50 and 200 hosts (about 10 minutes)
#   bench/remote.sh --quick     50 hosts only, one run per tool
#   bench/remote.sh --repeat N  run every row N times, tools interleaved, and
#                               keep each tool's fastest run (default 3; the
#                               rows without multiplexing run min(N, 2) times:
#                               they are long, and bound by ssh, not the tool)
#   bench/remote.sh --full-shell  let the remote bash read ~/.bashrc (see below)
#   SHOAL=/path/to/shoal bench/remote.sh   measure that binary instead of building
#
# Every "host" is an alias (h1 ... h200) of one real sshd on 127.0.0.1, the
# fixture of the remote tests (tests/cli/lib_sshd.sh), so every tool pays
# the same ssh and sshd as the others and the tool's own cost shows. Each
# tool runs `true` and `hostname` once on every host, as many hosts at once
# as there are hosts (width = hosts: 50, and 200), in two modes:
#
#   no mux  every job is its own ssh connection, key exchange included. All
#           tools are bound by ssh there, so the targets are shoal's OWN CPU
#           (under 1 ms a host; getrusage(RUSAGE_SELF) of the tool process
#           alone, through bench/selfcpu.so preloaded) and a wall time within
#           5% of the fastest peer.
#   mux     ssh connection sharing (ControlMaster), masters opened before the
#           timing: the peers through an ssh config with ControlMaster auto,
#           ControlPath per alias (%n: every alias leads to the same
#           host:port, so %C would collide) and ControlPersist, warmed by one
#           ssh per host; shoal by one run with --control-persist, then the
#           timed run with --control-persist reuses its masters. Targets:
#           at least 1.5x faster than pdsh, no slower than xargs -P.
#           "shoal, own masters" is shoal's default (masters opened and
#           closed within the run), shown beside the others, not a target.
#
# Wall times in one run on a shared machine move; the ratios are the result.
# Output of `hostname` is checked: one line of this machine's name per host.
set -euo pipefail

me=remote.sh
# shellcheck source=lib_remote.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib_remote.sh"

quick=0
repeat=3
full_shell=0
option() {
  case "$1" in
    --quick) quick=1 repeat=1 ;;
    --full-shell) full_shell=1 ;;
    --repeat) bench_number "$1" "$2" repeat ;;
    *) return 1 ;;
  esac
}
bench_args "$@"
repeat_nomux=$((repeat < 2 ? repeat : 2))
if ((quick)); then sizes=(50); else sizes=(50 200); fi

remote_tools
remote_server "$full_shell"

# ---- measuring one command ------------------------------------------------------
# Results keyed "row|tool": wall seconds (fastest run), own CPU seconds.
declare -A R_WALL R_CPU
rows=()
declare -A ROW_SEEN
problems=()

# measure ROW TOOL HOSTS CMD FN ARGS...: runs FN ARGS with selfcpu preloaded
# into the tool's own process (the functions above end in an exec-like
# single command: LD_PRELOAD goes to it, and selfcpu drops itself from the
# environment its children get).
measure() {
  local row=$1 tool=$2 n=$3 cmd=$4
  shift 4
  local key="$row|$tool" out="$work/out" err="$work/err" cpu="$work/cpu"
  rm -f "$out" "$err" "$cpu"
  local t0 t1 rc=0
  t0=$(now)
  SELFCPU_OUT="$cpu" LD_PRELOAD="$selfcpu" "$@" </dev/null >"$out" 2>"$err" || rc=$?
  t1=$(now)
  local wall note="" lines
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')
  ((rc == 0)) || note+="exit $rc; "
  if [[ $cmd == hostname ]]; then
    lines=$(grep -cE "(^|[: ])${this_host}\$" "$out" || true)
    ((lines == n)) || note+="$lines lines of the host name, expected $n; "
  fi
  [[ -s "$err" ]] && note+="stderr: $(head -c 160 "$err" | tr '\n' ' '); "
  local cpu_s=n/a
  # Python and perl tools may report from more than one process: sum them.
  [[ -s "$cpu" ]] && cpu_s=$(awk '{s += $1 + $2} END{printf "%.3f", s}' "$cpu")
  if [[ $tool == shoal* ]]; then
    local left
    left=$(shoal_leftovers)
    [[ -n "$left" ]] && note+="ssh left behind: $(echo "$left" | wc -l) processes; "
  fi
  [[ -n "$note" ]] && problems+=("$row / $tool: ${note%; }")
  printf '  %-12s %7.3f s  own CPU %6s s  %s\n' "$tool" "$wall" "$cpu_s" "${note%; }" >&2
  if [[ -n "${R_WALL[$key]:-}" ]] && ! awk -v a="$wall" -v b="${R_WALL[$key]}" 'BEGIN{exit !(a < b)}'; then
    return 0
  fi
  R_WALL[$key]=$wall
  R_CPU[$key]=$cpu_s
}

add_row() { # KEY
  [[ -n "${ROW_SEEN[$1]:-}" ]] || rows+=("$1")
  ROW_SEEN[$1]=1
  echo "row: $1 (round $round)" >&2
}

# ---- the rows ---------------------------------------------------------------
peers=(pdsh pssh clush parallel xargs)

# Everything once, untimed: page cache, the host keys' first use.
warm_peer_masters 50 >/dev/null 2>&1 || true
tool_shoal nomux 2 2 true >/dev/null 2>&1 || true

start=$(date +%s)
for ((round = 1; round <= repeat; round++)); do
  for n in "${sizes[@]}"; do
    for cmd in true hostname; do
      if ((round <= repeat_nomux)); then
        row="$cmd|$n|no mux"
        add_row "$row"
        measure "$row" shoal "$n" "$cmd" tool_shoal nomux "$n" "$n" "$cmd"
        for p in "${peers[@]}"; do
          measure "$row" "$p" "$n" "$cmd" "tool_$p" plain "$n" "$n" "$cmd"
        done
      fi

      row="$cmd|$n|mux"
      add_row "$row"
      warm_shoal_masters "$n" 2>>"$work/warm.err" || problems+=("warming shoal's masters ($n) failed")
      measure "$row" shoal "$n" "$cmd" tool_shoal persist "$n" "$n" "$cmd"
      measure "$row" "shoal-own" "$n" "$cmd" tool_shoal own "$n" "$n" "$cmd"
      warm_peer_masters "$n" 2>>"$work/warm.err" || problems+=("warming the peers' masters ($n) failed")
      for p in "${peers[@]}"; do
        measure "$row" "$p" "$n" "$cmd" "tool_$p" mux "$n" "$n" "$cmd"
      done
    done
  done
done
elapsed=$(($(date +%s) - start))

# ---- report -----------------------------------------------------------------
fastest_peer() { # ROW: "tool wall" of the fastest peer
  local row=$1 p best="" bw=""
  for p in "${peers[@]}"; do
    local w=${R_WALL[$row|$p]:-}
    [[ -n "$w" ]] || continue
    if [[ -z "$bw" ]] || awk -v a="$w" -v b="$bw" 'BEGIN{exit !(a < b)}'; then best=$p bw=$w; fi
  done
  echo "$best $bw"
}
ms_per_host() { # CPU_S N
  awk -v c="$1" -v n="$2" 'BEGIN{ if (c=="n/a") print "n/a"; else printf "%.2f", c*1000/n }'
}
# A table row's first cells: "| command | hosts | mode", then one cell a
# tool, CELL ROW TOOL HOSTS's output.
tool_cells() { # ROW CELL
  local row=$1 cell=$2 cmd n mode t line
  IFS='|' read -r cmd n mode <<<"$row"
  line="| $cmd | $n | $mode"
  for t in shoal shoal-own "${peers[@]}"; do line+=" | $("$cell" "$row" "$t" "$n")"; done
  echo "$line"
}
wall_cell() { echo "${R_WALL[$1|$2]:--}"; }
cpu_cell() { if [[ -n "${R_CPU[$1|$2]:-}" ]]; then ms_per_host "${R_CPU[$1|$2]}" "$3"; else echo -; fi; }

echo
echo "## shoal remote benchmark ($(date -u +%Y-%m-%d), $(nproc) CPUs, $(uname -sr)$( ((quick)) && echo ', --quick'))"
echo
echo "shoal: $SHOAL ($("$SHOAL" --version 2>/dev/null | head -1); build: $shoal_build);"
echo "$(ssh -V 2>&1); $(pdsh -V 2>&1 | head -1); parallel-ssh $(parallel-ssh --version 2>&1);"
echo "$(clush --version 2>&1); $(parallel --version | head -1); $(xargs --version | head -1)."
echo "One sshd on 127.0.0.1 (tests/cli/lib_sshd.sh), hosts are its aliases h1..hN;"
if ((full_shell)); then echo "remote sessions run the login shell's full startup (~/.bashrc);"; else echo "lean remote sessions (SetEnv SHLVL=9: bash skips ~/.bashrc);"; fi
echo "width (hosts at once) = N for every tool. Best of $repeat runs per tool for"
echo "the mux rows, of $repeat_nomux for the no-mux rows, tools interleaved; all rows took ${elapsed} s."
echo "Wall s per tool; \"shoal own\" = shoal's default mode (its masters opened and"
echo "closed within the run); \"shoal\" in mux rows = --control-persist, masters reused."
echo "Own CPU = getrusage(RUSAGE_SELF) of the tool's process (bench/selfcpu.so), not its ssh's."
echo
echo "Commands (N hosts, CFG = the fixture's ssh config, or its mux variant):"
echo '- shoal: `shoal --ssh "ssh -F CFG" [--no-multiplex | --control-persist 600] --nonall -j N -S "h[1-N]" CMD`'
echo '- pdsh: `PDSH_RCMD_TYPE=ssh PDSH_SSH_ARGS_APPEND="-F CFG" pdsh -f N -w "h[1-N]" CMD`'
echo '- pssh: `parallel-ssh -x "-F CFG" -p N -h HOSTS -t 0 -P CMD`'
echo '- clush: `clush -n -N -f N -w "h[1-N]" -o "-F CFG" CMD`'
echo '- parallel: `parallel -j N ssh -F CFG {} CMD :::: HOSTS`'
echo '- xargs: `xargs -P N -I{} ssh -F CFG {} CMD < HOSTS`'
echo
printf '%s\n' \
  "| command | hosts | mode | shoal | shoal own | pdsh | pssh | clush | parallel | xargs | shoal / fastest peer | pdsh / shoal | shoal / xargs | shoal own CPU ms/host |" \
  "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for row in "${rows[@]}"; do
  IFS='|' read -r cmd n mode <<<"$row"
  line=$(tool_cells "$row" wall_cell)
  read -r fp fw <<<"$(fastest_peer "$row")"
  s=${R_WALL[$row|shoal]}
  line+=" | $(ratio "$s" "$fw") ($fp) | $(ratio "${R_WALL[$row|pdsh]}" "$s") | $(ratio "$s" "${R_WALL[$row|xargs]}")"
  line+=" | $(ms_per_host "${R_CPU[$row|shoal]}" "$n") |"
  echo "$line"
done

echo
echo "Own CPU per host, ms (the tool process alone):"
echo
echo "| command | hosts | mode | shoal | shoal own | pdsh | pssh | clush | parallel | xargs |"
echo "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for row in "${rows[@]}"; do echo "$(tool_cells "$row" cpu_cell) |"; done

echo
echo "Targets:"
verdict() { if (("$1")); then echo "- PASS: $2"; else echo "- FAIL: $2"; fi; }
for row in "${rows[@]}"; do
  IFS='|' read -r cmd n mode <<<"$row"
  s=${R_WALL[$row|shoal]}
  if [[ $mode == "no mux" ]]; then
    c=$(ms_per_host "${R_CPU[$row|shoal]}" "$n")
    ok=0; awk -v c="$c" 'BEGIN{exit !(c!="n/a" && c+0 < 1)}' && ok=1
    verdict $ok "$cmd, $n hosts, no mux: shoal's own CPU < 1 ms a host ($c ms)"
    read -r fp fw <<<"$(fastest_peer "$row")"
    r=$(ratio "$s" "$fw")
    ok=0; awk -v r="$r" 'BEGIN{exit !(r!="n/a" && r+0 <= 1.05)}' && ok=1
    verdict $ok "$cmd, $n hosts, no mux: shoal wall within 5% of the fastest peer ($s s vs $fp $fw s: ${r}x)"
  else
    r=$(ratio "${R_WALL[$row|pdsh]}" "$s")
    ok=0; awk -v r="$r" 'BEGIN{exit !(r!="n/a" && r+0 >= 1.5)}' && ok=1
    verdict $ok "$cmd, $n hosts, mux: shoal >= 1.5x faster than pdsh (${r}x)"
    r=$(ratio "$s" "${R_WALL[$row|xargs]}")
    ok=0; awk -v r="$r" 'BEGIN{exit !(r!="n/a" && r+0 <= 1.0)}' && ok=1
    verdict $ok "$cmd, $n hosts, mux: shoal no slower than xargs -P ($s s vs ${R_WALL[$row|xargs]} s: ${r}x)"
  fi
done

echo
bench_problems "every run exited 0, printed no stderr, and hostname printed one line per host."
if [[ -s "$work/warm.err" ]]; then
  echo "While warming masters: $(sort "$work/warm.err" | uniq -c | head -n 3 | tr '\n' ' ')"
fi
