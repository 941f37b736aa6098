#!/usr/bin/env bash
# bench/fleet.sh: `--nonall hostname` on 500 hosts at once, shoal beside
# pdsh, pssh (parallel-ssh), clush, GNU parallel and `xargs -P` driving ssh
# (issue 12's fleet row): for each tool the wall time, its own CPU per host,
# its own peak RSS and the most file descriptors its own process held at
# once; and who fails when the soft fd limit is the common 1024.
#
#   bench/fleet.sh              3 rounds, tools interleaved (about 35 minutes)
#   bench/fleet.sh --repeat N   N rounds
#   bench/fleet.sh --hosts N    N hosts instead of 500
#   bench/fleet.sh --quick      one round on 100 hosts
#   bench/fleet.sh --full-shell let the remote bash read ~/.bashrc
#   SHOAL=/path/to/shoal bench/fleet.sh   measure that binary instead of building
#
# The hosts are aliases h1..h500 of the one sshd of the remote tests
# (bench/lib_remote.sh, tests/cli/lib_sshd.sh). Rows, each run in every round:
#
#   no mux / mux   every host its own ssh connection, or shared connections
#                  with their masters opened before the timing (as in
#                  bench/remote.sh: the peers through an ssh config with
#                  ControlMaster auto and ControlPersist, warmed by one ssh
#                  per host; shoal with --control-persist after a run that
#                  opened them). In mux rows "shoal-usermux" is shoal
#                  --no-multiplex through the peers' ssh config: the same
#                  masters as the peers'.
#   width all      all hosts at once (-j/-f/-p/-P 500)
#   width default  each fleet tool's default: shoal 64 (--nonall), clush 64
#                  (fanout in /etc/clustershell/clush.conf), pdsh 32, pssh 32
#                  (GNU parallel's is the CPU count and xargs's 1: left out)
#   fd limit       the soft RLIMIT_NOFILE the tool starts with: the hard
#                  limit (raised, as bench/remote.sh does), or 1024, the
#                  common default, to see who fails
#   -setsid        (no mux, width all) shoal and xargs with every ssh
#                  started through `setsid -w`, in a session of its own, as
#                  pdsh and pssh start theirs. With the kernel's autogroup
#                  scheduling, a session is a scheduling group: on a machine
#                  busy with other sessions' work, 500 ssh clients in 500
#                  sessions get more of the CPU than 500 in one session.
#                  (shoal-setsid keeps shoal's default --connect-timeout 10,
#                  and loses hosts to it: docs/performance.md, "Fleet".)
#
# Per run: wall time; own CPU and peak RSS of the tool's process alone
# (getrusage(RUSAGE_SELF) through bench/selfcpu.so preloaded); the most fds
# the tool's process held at once, sampled every 2 ms by bench/fdpeak.c
# (/proc/PID/fd), with the fd table's size (FDSize) as an exact upper bound;
# the CPU of the tool with its ssh clients (`times` of the subshell that ran
# it); the hosts that printed their name; what the tool wrote on stderr; for
# shoal, any ssh of its own left afterwards. The machine is shared: read the
# ratios, measured within this one run.
set -euo pipefail

me=fleet.sh
# shellcheck source=lib_remote.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib_remote.sh"

repeat=3 hosts=500 full_shell=0
option() {
  case "$1" in
    --repeat) bench_number "$1" "$2" repeat ;;
    --hosts) bench_number "$1" "$2" hosts ;;
    --quick) repeat=1 hosts=100 ;;
    --full-shell) full_shell=1 ;;
    *) return 1 ;;
  esac
}
bench_args "$@"

remote_tools
remote_server "$full_shell"
hard_limit=$(ulimit -Hn)
clush_fanout=$(awk -F': *' '$1 == "fanout" {print $2}' /etc/clustershell/clush.conf 2>/dev/null || true)
run_deadline=600 # s: a run still going then has hung
declare -A DEFAULT_WIDTH=([shoal]=64 [shoal-usermux]=64 [pdsh]=32 [pssh]=32 [clush]=${clush_fanout:-64})

# ---- one run ----------------------------------------------------------------
# Every run's figures, a line each: row, tool, round, ok (1/0), wall s,
# own CPU s, peak RSS MB, most fds seen, FDSize, most tasks on the machine,
# CPU s of the tool with its ssh clients.
runs="$work/runs.tsv"
: >"$runs"
problems=()
rows=()
declare -A ROW_SEEN
listen_drops() { awk '/^TcpExt:/ { if (!h) { for (i = 1; i <= NF; i++) n[$i] = i; h = 1 } else print $n["ListenOverflows"] + $n["ListenDrops"] }' /proc/net/netstat; }

# measure ROW TOOL LIMIT FN ARGS...: runs FN ARGS (a tool_* function, whose
# last command is the tool's own process) in a subshell whose soft fd limit
# is LIMIT, with selfcpu preloaded and fdpeak watching the pid it reports.
measure() {
  local row=$1 tool=$2 limit=$3
  shift 3
  local out="$work/out" err="$work/err" cpu="$work/cpu" pids="$work/pids" fdf="$work/fds"
  rm -f "$out" "$err" "$cpu" "$pids" "$fdf" "$work/times"
  "$fdpeak" "$pids" "$fdf" 2000 "$run_deadline" &
  local sampler=$! t0 t1 rc=0 drops0
  drops0=$(listen_drops)
  t0=$(now)
  (
    ulimit -Sn "$limit"
    st=0
    SELFCPU_OUT="$cpu" SELFCPU_PIDS="$pids" LD_PRELOAD="$selfcpu" "$@" || st=$?
    # The CPU of all this subshell's children: the tool and whatever it
    # started and waited for (its ssh clients).
    times >"$work/times"
    exit "$st"
  ) </dev/null >"$out" 2>"$err" || rc=$?
  t1=$(now)
  # fdpeak ends by itself once the tool's process is gone (and ends the
  # tool if it runs longer than $run_deadline s); it waits forever for a tool
  # that never started.
  local i
  for i in $(seq 100); do kill -0 "$sampler" 2>/dev/null || break; sleep 0.01; done
  kill -TERM "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true

  local wall note="" lines cpu_s=n/a rss=n/a fds=n/a fdsize=n/a tasks=n/a killed=0 tree_s=n/a
  # times: "0m0.001s 0m0.002s" for the shell, then the same for its children.
  [[ -s "$work/times" ]] && tree_s=$(awk 'NR == 2 { s = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); s += p[1] * 60 + p[2] } printf "%.3f", s }' "$work/times")
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')
  ((rc == 0)) || note+="exit $rc; "
  lines=$(grep -cE "(^|[: ])${this_host}\$" "$out" || true)
  ((lines == hosts)) || note+="$lines of $hosts hosts printed their name; "
  [[ -s "$err" ]] && note+="stderr ($(wc -l <"$err") lines): $(grep -v '^$' "$err" | sort | uniq -c | sort -rn | head -n 2 | cut -c1-150 | tr -s ' \n' '  '); "
  # Python and perl tools may report from more than one process: sum the
  # CPU, keep the largest RSS.
  if [[ -s "$cpu" ]]; then
    cpu_s=$(awk '{s += $1 + $2} END{printf "%.3f", s}' "$cpu")
    rss=$(awk '$3 > m {m = $3} END{printf "%.1f", m / 1024}' "$cpu")
  fi
  if [[ -s "$fdf" ]]; then
    read -r fds fdsize _ tasks killed <"$fdf"
    ((fds > 0)) || fds=n/a
    ((killed == 0)) || note+="still running after $run_deadline s: killed; "
  fi
  local d=$(($(listen_drops) - drops0))
  ((d == 0)) || note+="$d TCP listen overflows/drops on the machine; "
  if [[ $tool == shoal* ]]; then
    local left
    left=$(shoal_leftovers)
    if [[ -n "$left" ]]; then
      note+="ssh left behind at the end: $(echo "$left" | wc -l) processes"
      for i in $(seq 100); do
        left=$(shoal_leftovers)
        [[ -z "$left" ]] && break
        sleep 0.05
      done
      if [[ -n "$left" ]]; then
        note+=", still $(echo "$left" | wc -l) after 5 s: $(echo "$left" | head -n 2 | cut -c1-200 | tr '\n' ' ')"
        echo "$left" >>"$work/leftovers"
      fi
      note+="; "
    fi
  fi
  printf '  %-14s %8.3f s  CPU %7s s (with ssh %7s s)  RSS %6s MB  fds %5s (FDSize %5s)  tasks %5s  %s\n' \
    "$tool" "$wall" "$cpu_s" "$tree_s" "$rss" "$fds" "$fdsize" "$tasks" "${note%; }" >&2
  [[ -n "$note" ]] && problems+=("$row / $tool, round $round: ${note%; }")
  local ok=1
  ((rc == 0 && lines == hosts)) || ok=0
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$row" "$tool" "$round" "$ok" "$wall" \
    "$cpu_s" "$rss" "$fds" "$fdsize" "$tasks" "$tree_s" >>"$runs"
  return 0
}

# xargs with every ssh in a session of its own, as pdsh and pssh start theirs.
tool_xargs_setsid() { # MODE HOSTS WIDTH CMD
  local hosts
  hosts=$(hosts_file "$2")
  xargs -P "${3:-1}" -I'{}' setsid -w ssh -F "$(cfg_of "$1")" '{}' "${@:4}" <"$hosts"
}

# ---- the rows ---------------------------------------------------------------
# A row: "MODE|WIDTH|LIMIT" (nomux or mux; all or default; hard or 1024).
row_list=("nomux|all|hard" "nomux|default|hard" "nomux|all|1024" "mux|all|hard" "mux|default|hard" "mux|all|1024")
tools_of() { # ROW: the tools it runs, in a rotating order (round)
  local mode width limit list
  IFS='|' read -r mode width limit <<<"$1"
  if [[ $mode == mux ]]; then list=(shoal shoal-usermux pdsh pssh clush); else list=(shoal pdsh pssh clush); fi
  [[ $width == all ]] && list+=(parallel xargs)
  [[ $1 == "nomux|all|hard" ]] && list+=(shoal-setsid xargs-setsid)
  local n=${#list[@]} i
  for ((i = 0; i < n; i++)); do echo "${list[(i + round - 1) % n]}"; done
}
run_row() { # ROW
  local row=$1 mode width limit tool w lim
  IFS='|' read -r mode width limit <<<"$row"
  [[ -n "${ROW_SEEN[$row]:-}" ]] || rows+=("$row")
  ROW_SEEN[$row]=1
  echo "row: $mode, width $width, fd limit $limit (round $round)" >&2
  if [[ $limit == hard ]]; then lim=$hard_limit; else lim=$limit; fi
  for tool in $(tools_of "$row"); do
    if [[ $width == all ]]; then w=$hosts; else w=""; fi
    case "$mode/$tool" in
      nomux/shoal) measure "$row" "$tool" "$lim" tool_shoal nomux "$hosts" "$w" hostname ;;
      mux/shoal) measure "$row" "$tool" "$lim" tool_shoal persist "$hosts" "$w" hostname ;;
      mux/shoal-usermux) measure "$row" "$tool" "$lim" tool_shoal usermux "$hosts" "$w" hostname ;;
      nomux/shoal-setsid) measure "$row" "$tool" "$lim" tool_shoal setsid "$hosts" "$w" hostname ;;
      nomux/xargs-setsid) measure "$row" "$tool" "$lim" tool_xargs_setsid plain "$hosts" "$w" hostname ;;
      nomux/*) measure "$row" "$tool" "$lim" "tool_$tool" plain "$hosts" "$w" hostname ;;
      mux/*) measure "$row" "$tool" "$lim" "tool_$tool" mux "$hosts" "$w" hostname ;;
    esac
  done
}

# Everything once, untimed: page cache, the host key's first use.
tool_shoal nomux 2 2 true >/dev/null 2>&1 || true
hosts_file "$hosts" >/dev/null

start=$(date +%s)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for ((round = 1; round <= repeat; round++)); do
  for row in "${row_list[@]}"; do
    if [[ $row == mux* && ${warmed:-} != "$round" ]]; then
      # Both sets of masters, before the first mux row of the round (cheap
      # when they are there: a master idle for ControlPersist's 600 s exits).
      echo "warming masters (round $round) ..." >&2
      warm_shoal_masters "$hosts" 2>>"$work/warm.err" || problems+=("warming shoal's masters failed (round $round)")
      warm_peer_masters "$hosts" 2>>"$work/warm.err" || problems+=("warming the peers' masters failed (round $round)")
      warmed=$round
    fi
    run_row "$row"
  done
done
elapsed=$(($(date +%s) - start))
sshd_throttled=$(grep -ciE "MaxStartups|drop connection|exceeded" "$SSHD_LOG" || true)

# ---- report -----------------------------------------------------------------
mkdir -p "$tools_dir"
cp "$runs" "$tools_dir/fleet-runs.tsv"
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
max_tasks=$(awk -F'\t' '$10 != "n/a" && $10 > m {m = $10} END{print m + 0}' "$runs")

echo
echo "## shoal fleet benchmark ($(date -u +%Y-%m-%d), $(nproc) CPUs, $(uname -sr))"
echo
echo "\`bench/fleet.sh$( ((repeat != 3)) && echo " --repeat $repeat")$( ((hosts != 500)) && echo " --hosts $hosts")$( ((full_shell)) && echo " --full-shell")\`:"
echo "\`hostname\` once on each of $hosts aliases of one sshd on 127.0.0.1; $repeat rounds, tools"
echo "interleaved (their order rotating by round); all rows took ${elapsed} s; load average at"
echo "the start $load_start, at the end $load_end (the machine is shared)."
echo "shoal: $SHOAL ($("$SHOAL" --version 2>/dev/null | head -1); build: $shoal_build);"
echo "$(ssh -V 2>&1); $(pdsh -V 2>&1 | head -1); parallel-ssh $(parallel-ssh --version 2>&1);"
echo "$(clush --version 2>&1); $(parallel --version | head -1); $(xargs --version | head -1)."
if ((full_shell)); then echo "Remote sessions run the login shell's full startup (~/.bashrc)."; else echo "Lean remote sessions (SetEnv SHLVL=9: bash skips ~/.bashrc)."; fi
echo
echo "Wall: best and median of the runs that succeeded; \"/ shoal\": the tool's median over"
echo "shoal's median in the same row. Own CPU (ms a host) and peak RSS: medians, of the"
echo "tool's own process. Fds: the most the tool's process held at once, sampled every"
echo "2 ms (/proc/PID/fd), largest of all runs; FDSize: its fd table's size, an exact"
echo "upper bound (the peak is above half of it, as the kernel gives the lowest free fd)."
echo "CPU with its ssh: user+sys of the tool and the processes it waited for (its ssh"
echo "clients; not sshd's side), median. -setsid: every ssh through \`setsid -w\`."
echo
echo "| mode | width | soft fd limit | tool | ok runs | wall best s | wall median s | / shoal | own CPU ms/host | peak RSS MB | CPU with its ssh s | most fds held | FDSize |"
echo "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for row in "${rows[@]}"; do
  IFS='|' read -r mode width limit <<<"$row"
  [[ $limit == hard ]] && limit="$hard_limit (hard)"
  [[ $mode == nomux ]] && mode="no mux"
  for tool in $(round=1 tools_of "$row"); do
    if [[ $width == all ]]; then wl="$hosts"; else wl="default (${DEFAULT_WIDTH[$tool]})"; fi
    awk -F'\t' -v row="$row" -v tool="$tool" -v hosts="$hosts" \
      -v pre="| $mode | $wl | $limit | $tool" '
      function median(a, n,   i, j, t) {
        for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
        return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
      }
      $1 == row && $2 == "shoal" && $4 == 1 { sw[++ns] = $5 }
      $1 == row && $2 == tool {
        runs++
        if ($8 != "n/a" && $8 + 0 > fd) fd = $8 + 0
        if ($9 != "n/a" && $9 + 0 > fs) fs = $9 + 0
        if ($4 == 1) {
          ok++; w[ok] = $5
          if ($6 != "n/a") c[++nc] = $6 * 1000 / hosts
          if ($7 != "n/a") r[++nr] = $7
          if ($11 != "n/a") tr[++nt] = $11
        }
      }
      END {
        line = pre " | " ok + 0 "/" runs
        if (ok) {
          best = w[1]; for (i = 2; i <= ok; i++) if (w[i] < best) best = w[i]
          med = median(w, ok)
          line = line sprintf(" | %.3f | %.3f", best, med)
          line = line (ns ? sprintf(" | %.2f", med / median(sw, ns)) : " | -")
          line = line (nc ? sprintf(" | %.2f", median(c, nc)) : " | -")
          line = line (nr ? sprintf(" | %.1f", median(r, nr)) : " | -")
          line = line (nt ? sprintf(" | %.2f", median(tr, nt)) : " | -")
        } else line = line " | - | - | - | - | - | -"
        line = line " | " (fd ? fd : "-") " | " (fs ? fs : "-") " |"
        print line
      }' "$runs"
  done
done

echo
echo "Process limits: pid_max $(cat /proc/sys/kernel/pid_max), threads-max $(cat /proc/sys/kernel/threads-max),"
echo "ulimit -u $(ulimit -u); the most tasks (processes and threads) on the whole machine during a"
echo "run: $max_tasks. sshd: MaxStartups 1000, MaxSessions 1000 (the fixture's); lines of its log"
echo "about throttling or dropped connections: $sshd_throttled."
echo
bench_problems "every run exited 0, printed no stderr, and every host printed its name." \
  "a run's exit status, hosts missing, stderr, TCP listen queue overflows, shoal's ssh left behind"
if [[ -s "$work/warm.err" ]]; then
  echo "While warming masters: $(sort "$work/warm.err" | uniq -c | sort -rn | head -n 3 | tr -s ' \n' '  ')"
fi
echo "Every run's figures: $tools_dir/fleet-runs.tsv"
