# Multiplexing is on by default: jobs on a host share one TCP connection
# (one login per host however many jobs); --no-multiplex gives one per job;
# --control-persist keeps them for the next run, which then logs in anew
# nowhere.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_sshd.sh"

before=$(logins)
"$SHOAL" --ssh "$SSH" --onall -S h1,h2 echo ::: a b c > /dev/null
expect_eq "$(( $(logins) - before ))" 2 "logins for 6 jobs on 2 hosts, multiplexed"
expect_no_ssh_left

before=$(logins)
"$SHOAL" --ssh "$SSH" --onall --no-multiplex -S h1,h2 echo ::: a b c > /dev/null
expect_eq "$(( $(logins) - before ))" 6 "logins without multiplexing"

# Reused by the next run. The directory is per user; keep this test's own.
export TMPDIR="$T"
"$SHOAL" --ssh "$SSH" --control-persist 30 --nonall -S h3,h4 true
expect_eq "$(stat -c %a "$T/shoal-$(id -u)")" 700 "the shared directory's mode"
before=$(logins)
"$SHOAL" --ssh "$SSH" --control-persist 30 --nonall -S h3,h4 'echo again' > "$T/out"
expect_eq "$(cat "$T/out")" "$(printf 'again\nagain')" "second run's output"
expect_eq "$(( $(logins) - before ))" 0 "new logins on the second run"

# Masters killed hard leave stale sockets: the next run replaces them,
# quietly, and leaves no extra connection behind.
pkill -KILL -f "$SSHD_DIR/ssh_config.*ControlMaster=yes" 2>/dev/null || true  # ours only: other tests run beside this one
for i in $(seq 100); do pgrep -f "$SSHD_DIR/ssh_config.*ControlMaster=yes" > /dev/null || break; sleep 0.05; done
"$SHOAL" --ssh "$SSH" --control-persist 30 --nonall -S h3,h4 'echo back' > "$T/out" 2> "$T/err"
expect_eq "$(cat "$T/out")" "$(printf 'back\nback')" "output after the masters died"
expect_eq "$(cat "$T/err")" "" "nothing on stderr"
expect_eq "$(pgrep -fc "$SSHD_DIR/ssh_config")" 2 "ssh processes: one master per host"

for s in "$T/shoal-$(id -u)"/*; do $SSH -o ControlPath="$s" -O exit h3 2>/dev/null || true; done
expect_no_ssh_left
