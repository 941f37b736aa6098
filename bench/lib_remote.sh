# shellcheck shell=bash disable=SC2034,SC2154
# bench/lib_remote.sh: what bench/remote.sh and bench/fleet.sh share, sourced
# after the caller set $me (its name, for messages). It sources bench/lib.sh
# ($bench_dir, $root, $work, bench_shoal, now, ratio, ...):
#
#   remote_tools          checks pdsh, pssh, clush, GNU parallel, xargs, ssh
#                         and sshd are there; builds bench/selfcpu.so and
#                         bench/fdpeak; builds shoal (Release, in
#                         $root/build-bench) unless $SHOAL names a binary
#   remote_server FULL    starts the sshd fixture and writes the ssh configs
#                         (FULL=1: the remote shell reads ~/.bashrc)
#   tool_TOOL MODE HOSTS WIDTH CMD...
#                         CMD once on each of h1..hHOSTS, WIDTH at once (an
#                         empty WIDTH: the tool's default)
#   warm_peer_masters, warm_shoal_masters, close_peer_masters,
#   close_shoal_masters, shoal_leftovers, hosts_file
#
# Every "host" is an alias (h1, h2, ...) of one real sshd on 127.0.0.1, the
# fixture of the remote tests (tests/cli/lib_sshd.sh), so every tool pays
# the same ssh and sshd as the others and the tool's own cost shows.

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

remote_tools() {
  local t
  for t in pdsh parallel-ssh clush parallel xargs ssh /usr/sbin/sshd; do
    command -v "$t" >/dev/null || {
      echo "$me: $t is not installed (apt-get install pdsh pssh clustershell parallel)" >&2
      exit 1
    }
  done
  bench_selfcpu
  cc -O2 -Wall -Wextra -o "$tools_dir/fdpeak" "$bench_dir/fdpeak.c"
  fdpeak="$tools_dir/fdpeak"
  bench_shoal
}

# ---- the server -------------------------------------------------------------
# lib.sh makes $T and set -euo pipefail; lib_sshd.sh starts sshd and writes
# $SSH_CONFIG (aliases h*), and its EXIT trap kills every ssh naming that
# config, stops sshd and removes $T. (Sourced at the top level of this
# function: the variables they set are global, as declare -g would make
# them; their trap is the shell's.)
remote_server() { # FULL_SHELL
  local full_shell=$1
  # shellcheck source=../tests/cli/lib.sh
  source "$root/tests/cli/lib.sh"
  # shellcheck source=../tests/cli/lib_sshd.sh
  source "$root/tests/cli/lib_sshd.sh"
  # The fixture's EXIT trap replaces lib.sh's: move the work folder into $T,
  # which that trap removes.
  rm -rf "$work"
  work="$T/bench"
  mkdir -p "$work"

  # shoal's --control-persist masters live in $TMPDIR/shoal-$UID: keep them
  # in $T, away from any other run of this user's (the socket is named after
  # the alias alone, and the tests use the same aliases against another sshd).
  export TMPDIR="$T"

  # A lean remote: the login shell sshd starts for every session is bash, and
  # bash run by sshd reads ~/.bashrc (here: pyenv init, ~100 ms of CPU a
  # session, on the same 2 cores as the tools). That cost is the same for
  # every tool and would hide theirs, so the sessions skip it: sshd accepts
  # SHLVL from the client, and bash, told it is not a top-level shell, does
  # not read ~/.bashrc. FULL_SHELL=1 keeps it.
  if ((!full_shell)); then
    echo "AcceptEnv SHLVL" >>"$SSHD_DIR/sshd_config"
    kill -HUP "$SSHD_PID" # sshd re-executes itself and reads its config again
    local i
    for i in $(seq 200); do
      (($(grep -c "Server listening" "$SSHD_LOG") >= 2)) && break
      sleep 0.05
    done
  fi
  # The plain config: the fixture's, with the lean shell in front (ssh takes
  # the first value it reads). Its name starts with $SSH_CONFIG, so the
  # fixture's cleanup kills whatever ssh names it.
  CFG_PLAIN="${SSH_CONFIG}_plain"
  {
    ((full_shell)) || printf 'Host *\n  SetEnv SHLVL=9\n'
    cat "$SSH_CONFIG"
  } >"$CFG_PLAIN"
  # The peers' multiplexing config: the same with sharing in front.
  MUX_DIR="$T/mux"
  mkdir -m 700 "$MUX_DIR"
  CFG_MUX="${SSH_CONFIG}_mux"
  {
    printf 'Host *\n  ControlMaster auto\n  ControlPath %s/%%n\n  ControlPersist 600\n' "$MUX_DIR"
    cat "$CFG_PLAIN"
  } >"$CFG_MUX"
  if [[ "$(ssh -F "$CFG_PLAIN" h1 'echo ${PYENV_ROOT:-lean}' 2>&1)" != lean ]] && ((!full_shell)); then
    echo "$me: warning: the lean remote shell did not take (~/.bashrc still read)" >&2
  fi

  # Close every master gracefully (their sockets go with them), then the
  # fixture's cleanup (kill what is left, stop sshd, remove $T).
  # (trap -p prints the fixture's trap quoted as shell input: let the shell
  # unquote it; the string spans lines.)
  eval "set -- $(trap -p EXIT)"
  fixture_trap=$3
  trap 'close_peer_masters; close_shoal_masters; '"$fixture_trap" EXIT

  ulimit -Sn "$(ulimit -Hn)" 2>/dev/null || true
  this_host=$(hostname)
}

# Masters are told to exit over their sockets, 50 at a time (there may be
# hundreds).
close_masters_in() { # DIR
  local sock
  for sock in "$1"/*; do [[ -S "$sock" ]] && printf '%s\n' "$sock"; done |
    xargs -r -P 50 -I'{}' ssh -F "$CFG_PLAIN" -o ControlPath='{}' -O exit h1 >/dev/null 2>&1 || true
}
close_peer_masters() { close_masters_in "$MUX_DIR"; }
close_shoal_masters() { close_masters_in "$T/shoal-$(id -u)"; }

# $work/hostsN: h1 .. hN, one a line (for the tools that read a file).
hosts_file() { # N
  local f="$work/hosts$1" i
  [[ -s "$f" ]] || for ((i = 1; i <= $1; i++)); do echo "h$i"; done >"$f"
  echo "$f"
}

# ---- one command per tool ---------------------------------------------------
# tool_TOOL MODE HOSTS WIDTH CMD: CMD once on each of h1..hHOSTS, WIDTH at
# once, or as many as the tool does by default when WIDTH is empty. MODE is
# the ssh config for the peers: plain (a connection per job) or mux (shared
# connections). Each ends in one command (the tool's own process), so that
# LD_PRELOAD given to the function reaches the tool.
cfg_of() { if [[ $1 == mux ]]; then echo "$CFG_MUX"; else echo "$CFG_PLAIN"; fi; }

# MODE: nomux (--no-multiplex), persist (--control-persist 600), own (shoal's
# default), usermux (--no-multiplex through the peers' config: their masters),
# setsid (--no-multiplex, every ssh in a session of its own, as pdsh's and
# pssh's are: see bench/fleet.sh).
tool_shoal() { # shoal MODE HOSTS WIDTH CMD
  local mode=$1 n=$2 w=$3 ssh="ssh -F $CFG_PLAIN"
  shift 3
  local opt=()
  case $mode in
    nomux) opt=(--no-multiplex) ;;
    persist) opt=(--control-persist 600) ;;
    own) opt=() ;;
    usermux) opt=(--no-multiplex) ssh="ssh -F $CFG_MUX" ;;
    setsid) opt=(--no-multiplex) ssh="setsid -w ssh -F $CFG_PLAIN" ;;
  esac
  [[ -n $w ]] && opt+=(-j "$w")
  "$SHOAL" --no-live --no-summary --ssh "$ssh" "${opt[@]}" \
    --nonall -S "h[1-$n]" "$@"
}
# pdsh's own ssh arguments are "-2 -a -x -l%u %h"; the config goes in front.
tool_pdsh() { # pdsh MODE HOSTS WIDTH CMD
  local cfg w=()
  cfg=$(cfg_of "$1")
  [[ -n $3 ]] && w=(-f "$3")
  PDSH_RCMD_TYPE=ssh PDSH_SSH_ARGS_APPEND="-F $cfg" pdsh "${w[@]}" -w "h[1-$2]" "${@:4}"
}
# -P prints "hN: line" as it comes (and a status line per host).
tool_pssh() {
  local cfg w=() hosts
  cfg=$(cfg_of "$1")
  hosts=$(hosts_file "$2")
  [[ -n $3 ]] && w=(-p "$3")
  parallel-ssh -x "-F $cfg" "${w[@]}" -h "$hosts" -t 0 -P "${@:4}"
}
tool_clush() {
  local cfg w=()
  cfg=$(cfg_of "$1")
  [[ -n $3 ]] && w=(-f "$3")
  clush -n -N "${w[@]}" -w "h[1-$2]" -o "-F $cfg" "${@:4}"
}
tool_parallel() {
  local cfg w=() hosts
  cfg=$(cfg_of "$1")
  hosts=$(hosts_file "$2")
  [[ -n $3 ]] && w=(-j "$3")
  parallel --will-cite "${w[@]}" ssh -F "$cfg" '{}' "${@:4}" :::: "$hosts"
}
tool_xargs() {
  local cfg w=() hosts
  cfg=$(cfg_of "$1")
  hosts=$(hosts_file "$2")
  [[ -n $3 ]] && w=(-P "$3")
  xargs "${w[@]}" -I'{}' ssh -F "$cfg" '{}' "${@:4}" <"$hosts"
}

# The peers' masters, one per alias, opened before a mux row is timed (and
# again each round: cheap when they are there).
warm_peer_masters() { # HOSTS [WIDTH]
  local hosts
  hosts=$(hosts_file "$1")
  xargs -P "${2:-$1}" -I'{}' ssh -F "$CFG_MUX" '{}' true <"$hosts"
}
warm_shoal_masters() { # HOSTS [WIDTH]
  tool_shoal persist "$1" "${2:-$1}" true >/dev/null
}

# ssh processes of shoal's still there after a run that should have closed
# them all (its persistent masters excepted). Every ssh shoal starts says
# "SSH -o BatchMode=yes" first, SSH being --ssh (here "ssh -F CFG", with
# either config).
shoal_leftovers() {
  pgrep -af -- "-F ${SSH_CONFIG}_(plain|mux) -o BatchMode" | grep -v -e pgrep -e "$T/shoal-$(id -u)/" || true
}
