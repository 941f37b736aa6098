#!/usr/bin/env bash
# bench/fleet_copy.sh: files to and from a fleet (issue 18's copy row). Push
# a 20 MB file to 50 hosts, pull a 1 MB file back from each, shoal
# (--copy/--rcopy) beside pdcp/rpdcp, clush --copy/--rcopy, pscp/pslurp
# (parallel-scp, parallel-slurp) and `xargs -P` driving scp, in one run:
# wall time and the tool's own CPU (its process alone, through
# bench/selfcpu.so), and the CPU of the tool with everything it started,
# printed as ratios to shoal.
#
#   bench/fleet_copy.sh              3 rounds, tools interleaved
#   bench/fleet_copy.sh --repeat N   N rounds
#   bench/fleet_copy.sh --hosts N    N hosts instead of 50
#   SHOAL=/path/to/shoal bench/fleet_copy.sh   that binary instead of a build
#
# The hosts are aliases h1..hN of the one sshd of the remote tests
# (bench/lib_remote.sh): every tool pays the same ssh and sshd, and every
# push writes the same remote path (one machine), so the file is checked
# after each push. Every tool copies all hosts at once (-j/-f/-p/-P N).
# shoal rows: "shoal" is its default (rsync where the host has it);
# "shoal-scp" is --copy-tool scp, the tool the peers use; "-setsid" rows
# start each copy's ssh in a session of its own, as pdcp and pscp do (see
# push_shoal-setsid below).
set -euo pipefail

repeat=3
hosts=50
while (($#)); do
  case "$1" in
    --repeat | --hosts)
      [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "fleet_copy.sh: $1 needs N >= 1" >&2; exit 2; }
      if [[ $1 == --repeat ]]; then repeat=$2; else hosts=$2; fi
      shift
      ;;
    -h | --help)
      sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "fleet_copy.sh: unknown argument: $1 (try --help)" >&2
      exit 2
      ;;
  esac
  shift
done

me=fleet_copy.sh
# shellcheck source=lib_remote.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib_remote.sh"
remote_tools
for t in pdcp rpdcp parallel-scp parallel-slurp rsync scp; do
  command -v "$t" >/dev/null || { echo "$me: $t is not installed" >&2; exit 1; }
done
remote_server 0

big="$work/big.bin"
small="$work/small.bin"
head -c $((20 << 20)) /dev/urandom >"$big"
head -c $((1 << 20)) /dev/urandom >"$small"
big_sum=$(md5sum <"$big")
pushed="$work/pushed" # the remote --dest (every alias is this machine)
hosts_list=$(hosts_file "$hosts")
cfg=$CFG_PLAIN

# push_TOOL / pull_TOOL: the tool's own process is the last command, so
# that LD_PRELOAD given to the function reaches it. A pull writes into $1.
push_shoal() { "$SHOAL" --no-live --no-summary --ssh "ssh -F $cfg" -j "$hosts" -S "h[1-$hosts]" --copy "$big" --dest "$pushed"; }
pull_shoal() { "$SHOAL" --no-live --no-summary --ssh "ssh -F $cfg" -j "$hosts" -S "h[1-$hosts]" --rcopy "$small" --dest "$1"; }
push_shoal-scp() { "$SHOAL" --no-live --no-summary --ssh "ssh -F $cfg" -j "$hosts" -S "h[1-$hosts]" --copy-tool scp --copy "$big" --dest "$pushed"; }
pull_shoal-scp() { "$SHOAL" --no-live --no-summary --ssh "ssh -F $cfg" -j "$hosts" -S "h[1-$hosts]" --copy-tool scp --rcopy "$small" --dest "$1"; }
# pdcp's remote end is pdcp itself (installed: one machine); -p keeps mode
# and times, as the others do.
push_pdcp() { PDSH_RCMD_TYPE=ssh PDSH_SSH_ARGS_APPEND="-F $cfg" pdcp -p -f "$hosts" -w "h[1-$hosts]" "$big" "$pushed/"; }
pull_pdcp() { PDSH_RCMD_TYPE=ssh PDSH_SSH_ARGS_APPEND="-F $cfg" rpdcp -p -f "$hosts" -w "h[1-$hosts]" "$small" "$1/"; }
push_clush() { clush -f "$hosts" -w "h[1-$hosts]" -o "-F $cfg" --copy "$big" --dest "$pushed/"; }
pull_clush() { clush -f "$hosts" -w "h[1-$hosts]" -o "-F $cfg" --rcopy "$small" --dest "$1/"; }
push_pscp() { parallel-scp -x "-F $cfg" -p "$hosts" -h "$hosts_list" -t 0 "$big" "$pushed/"; }
pull_pscp() { parallel-slurp -x "-F $cfg" -p "$hosts" -h "$hosts_list" -t 0 -L "$1" "$small" small.bin; }
# In a session of its own each, as pdcp and pscp start theirs: with the
# kernel's autogroup scheduling a session is a scheduling group, so on a
# busy machine 50 sessions get more of the CPU than one (bench/fleet.sh).
# shoal-setsid: its ssh clients so (--ssh "setsid -w ssh"); its masters are
# in sessions of their own anyway (ssh -f). (scp cannot run a wrapper as its
# ssh: with one, shoal's pull goes by rsync.)
push_shoal-setsid() { "$SHOAL" --no-live --no-summary --ssh "setsid -w ssh -F $cfg" -j "$hosts" -S "h[1-$hosts]" --copy "$big" --dest "$pushed"; }
pull_shoal-setsid() { "$SHOAL" --no-live --no-summary --ssh "setsid -w ssh -F $cfg" -j "$hosts" -S "h[1-$hosts]" --rcopy "$small" --dest "$1"; }
push_xargs-setsid() { xargs -P "$hosts" -I'{}' setsid -w scp -p -F "$cfg" "$big" '{}':"$pushed/" <"$hosts_list"; }
pull_xargs-setsid() { xargs -P "$hosts" -I'{}' setsid -w scp -p -F "$cfg" '{}':"$small" "$1/small.bin.{}" <"$hosts_list"; }
push_xargs() { xargs -P "$hosts" -I'{}' scp -p -F "$cfg" "$big" '{}':"$pushed/" <"$hosts_list"; }
pull_xargs() { xargs -P "$hosts" -I'{}' scp -p -F "$cfg" '{}':"$small" "$1/small.bin.{}" <"$hosts_list"; }

tools=(shoal shoal-scp shoal-setsid pdcp clush pscp xargs xargs-setsid)
runs="$work/runs.tsv"
: >"$runs"
problems=()

# measure WHAT TOOL: one push or pull, timed; its figures to $runs.
measure() {
  local what=$1 tool=$2 out="$work/out" err="$work/err" cpu="$work/cpu" dir="$work/pulled-$2"
  rm -rf "$pushed" "$dir" "$cpu" "$work/times"
  mkdir -p "$pushed" "$dir"
  local t0 t1 rc=0
  t0=$(now)
  (
    st=0
    SELFCPU_OUT="$cpu" LD_PRELOAD="$selfcpu" "${what}_$tool" "$dir" || st=$?
    times >"$work/times"
    exit "$st"
  ) </dev/null >"$out" 2>"$err" || rc=$?
  t1=$(now)
  local wall own=n/a tree=n/a note="" got
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')
  [[ -s "$cpu" ]] && own=$(awk '{s += $1 + $2} END{printf "%.3f", s}' "$cpu")
  [[ -s "$work/times" ]] && tree=$(awk 'NR == 2 { s = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); s += p[1] * 60 + p[2] } printf "%.3f", s }' "$work/times")
  ((rc == 0)) || note+="exit $rc; "
  if [[ $what == push ]]; then
    [[ "$(md5sum <"$pushed/big.bin" 2>/dev/null)" == "$big_sum" ]] || note+="the pushed file is wrong; "
  else
    got=$(find "$dir" -type f -size 1M | wc -l)
    ((got == hosts)) || note+="$got of $hosts files pulled; "
  fi
  # (clush's progress meter, "clush: 12/50" lines ended by \r, is not a problem.)
  local said
  said=$(tr '\r' '\n' <"$err" | grep -Ev '^ *(clush: +[0-9]+/[0-9]+)? *$' | head -c 150 | tr '\n' ' ') || true
  [[ -n "$said" ]] && note+="stderr: $said; "
  printf '  %-5s %-12s %8.3f s  own CPU %7s s  with children %7s s  %s\n' "$what" "$tool" "$wall" "$own" "$tree" "${note%; }" >&2
  [[ -n "$note" ]] && problems+=("$what / $tool, round $round: ${note%; }")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$what" "$tool" "$round" "$wall" "$own" "$tree" >>"$runs"
}

echo "$me: $hosts hosts, $repeat rounds, shoal: $SHOAL ($shoal_build)" >&2
for ((round = 1; round <= repeat; round++)); do
  n=${#tools[@]}
  for what in push pull; do
    echo "$what, round $round" >&2
    for ((i = 0; i < n; i++)); do measure "$what" "${tools[(i + round - 1) % n]}"; done
  done
done

# Medians per tool, and ratios to shoal (above 1: the peer is slower).
median() { sort -n | awk '{a[NR] = $1} END { if (NR == 0) print "n/a"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
col() { awk -F'\t' -v w="$1" -v t="$2" -v c="$3" '$1 == w && $2 == t && $c != "n/a" { print $c }' "$runs" | median; }
echo
echo "fleet_copy: $hosts hosts, push 20 MB / pull 1 MB, medians of $repeat rounds (ratio = peer / shoal)"
for what in push pull; do
  printf '%-5s %-12s %9s %7s %10s %7s %12s %7s\n' "$what" tool wall ratio "own CPU" ratio "with child." ratio
  sw=$(col "$what" shoal 4) so=$(col "$what" shoal 5) st=$(col "$what" shoal 6)
  for tool in "${tools[@]}"; do
    w=$(col "$what" "$tool" 4) o=$(col "$what" "$tool" 5) c=$(col "$what" "$tool" 6)
    printf '%-5s %-12s %8ss %7s %9ss %7s %11ss %7s\n' "" "$tool" "$w" "$(ratio "$w" "$sw")" "$o" "$(ratio "$o" "$so")" "$c" "$(ratio "$c" "$st")"
  done
done
if ((${#problems[@]})); then
  echo
  echo "problems:"
  printf '  %s\n' "${problems[@]}"
fi
