# A timeout or Ctrl-C ends the remote command too, not only the local ssh:
# the remote side sees its stdin close and ends its process group.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_sshd.sh"

# 8 s: the session must have started well before, even on a loaded machine.
set +e
"$SHOAL" --ssh "$SSH" --timeout 8 --nonall -S h1 --joblog "$T/log" \
  "echo \$\$ > $T/rpid; exec $SLEEP 1000" 2> "$T/err"
rc=$?
set -e
expect_eq "$rc" 1 "exit status"
expect_eq "$(awk -F'\t' 'NR == 2 { print $7, $8 }' "$T/log")" "-1 15" "joblog: timed out"
[ -s "$T/rpid" ] || fail "the remote command did not start"
wait_gone "$(cat "$T/rpid")" || fail "remote command survived the timeout"

# Ctrl-C: once the remote command runs, SIGINT to shoal.
ctrl_c_ends_remote "the remote command" --ssh "$SSH" --nonall -S h2 --joblog "$T/log2" \
  "echo \$\$ > $T/rpid; exec $SLEEP 1000"
# Interrupted, not unreachable: Signal 2 (SIGINT) in the joblog.
expect_eq "$(awk -F'\t' 'NR == 2 { print $7, $8 }' "$T/log2")" "0 2" "joblog: interrupted"
expect_no_ssh_left
expect_nothing_left

# --termseq reaches the host: once the local ssh has gone, the remote side
# sends the sequence to the session (a job that takes USR1 and goes on
# gets it, then the KILL).
cat > "$T/stubborn" <<SCRIPT
#!/bin/bash
# ssh has gone: bash's word on the child USR1 killed would get SIGPIPE.
exec 2> /dev/null
trap "echo USR1 >> $T/sigs" USR1
echo started >> "$T/sigs"
while :; do $SLEEP 0.01; done
SCRIPT
chmod +x "$T/stubborn"
"$SHOAL" --ssh "$SSH" --timeout 8 --termseq USR1,300,KILL,25 --nonall -S h1 \
  "echo \$\$ > $T/spid; exec $T/stubborn" 2> /dev/null || true
[ -s "$T/spid" ] || fail "--termseq: the remote command did not start"
wait_gone "$(cat "$T/spid")" || fail "--termseq: the remote command survived"
expect_eq "$(tr '\n' ' ' < "$T/sigs")" "started USR1 " "--termseq: the signals the remote job saw"
expect_nothing_left
