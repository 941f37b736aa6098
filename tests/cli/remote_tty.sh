# --tty: the remote command gets a terminal (ssh -tt). Its stdout and
# stderr then arrive merged, on stdout, with plain \n line ends and no
# "Connection ... closed." from ssh. The local ssh going (timeout, Ctrl-C)
# hangs the terminal up; the remote side still ends the command, even one
# that ignores the hangup.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_sshd.sh"

"$SHOAL" --ssh "$SSH" --tty --nonall -S h1 \
  '[ -t 1 ] && echo terminal; echo out; echo err >&2; cat' > "$T/out" 2> "$T/err"
expect_eq "$(cat "$T/out")" "$(printf 'terminal\nout\nerr')" "stdout and stderr merged, \\n line ends"
expect_eq "$(cat "$T/err")" "" "nothing from ssh on stderr"
# Without: no terminal, as before.
expect_eq "$("$SHOAL" --ssh "$SSH" --nonall -S h1 '[ -t 1 ] || echo none')" "none" "no --tty, no terminal"

# Timeout, with a command that ignores the hangup: the watcher's TERM ends it.
set +e
"$SHOAL" --ssh "$SSH" --tty --timeout 8 --nonall -S h1 \
  "trap '' HUP; echo \$\$ > $T/rpid; exec $SLEEP 1000" > /dev/null 2>&1
rc=$?
set -e
expect_eq "$rc" 1 "timeout: exit status"
[ -s "$T/rpid" ] || fail "timeout: the remote command did not start"
wait_gone "$(cat "$T/rpid")" || fail "timeout: the remote command survived"

# Ctrl-C, with a command that also ignores TERM: the KILL after it.
ctrl_c_ends_remote "the remote command" --ssh "$SSH" --tty --nonall -S h2 \
  "trap '' HUP TERM; echo \$\$ > $T/rpid; exec $SLEEP 1000"

set +e
"$SHOAL" --tty -S : echo ::: x 2> "$T/err"
rc=$?
set -e
expect_eq "$rc" 255 "--tty on this machine: refused"
expect_contains "$(cat "$T/err")" "shoal: --tty runs through ssh" "--tty on this machine: why"
expect_no_ssh_left
expect_nothing_left
