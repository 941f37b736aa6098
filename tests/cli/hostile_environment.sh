# What a parent may hand shoal: stdout opened for appending, SIGCHLD
# ignored, SIGHUP ignored (nohup). None of them loses output, hangs, or
# kills the jobs.
source "$(dirname "$0")/lib.sh"
cd "$T"
# >> : outputs past the in-memory threshold (1 MiB) go out in full.
"$SHOAL" 'head -c 2000000 /dev/zero # {}' ::: a b >> appended
expect_eq "$(wc -c < appended)" 4000000 "bytes written to an O_APPEND stdout"
# SIGCHLD ignored by the parent: shoal resets it and still sees exit codes.
set +e
timeout 20 perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV' "$SHOAL" 'echo {}; exit {}' ::: 0 3 > out
rc=$?
set -e
expect_eq "$rc" 1 "exit status with SIGCHLD ignored (124 means it hung)"
expect_eq "$(sort out | tr '\n' ' ')" "0 3 " "outputs with SIGCHLD ignored"
# nohup: a hang-up reaches neither shoal nor its jobs.
mkfifo started
exec 3<>started
nohup "$SHOAL" "echo go > started; $SLEEP 0.5; echo done" ::: 1 > nohup.out 2>/dev/null &
pid=$!
read -r _ <&3
kill -HUP "$pid"
set +e; wait "$pid"; rc=$?; set -e
expect_eq "$rc" 0 "shoal under nohup after SIGHUP"
expect_contains "$(cat nohup.out)" "done" "the job finished"
# --halt with a job killed by a signal: shoal exits 128+N, it is not killed.
how=$(perl -e 'system(@ARGV); print $? & 127 ? "signal" : "exit " . ($? >> 8)' \
  "$SHOAL" --halt now,fail=1 'kill -TERM $$' ::: 1)
expect_eq "$how" "exit 143" "--halt exit status of a signalled job"
# stdin, stdout or stderr closed by the parent: shoal runs as if each were
# /dev/null (it used to abort in libuv). What it prints goes nowhere.
for fd in 0 1 2; do
  set +e
  eval "\"\$SHOAL\" 'echo {} > closed_$fd.out' ::: ran $fd>&-"
  rc=$?
  set -e
  expect_eq "$rc" 0 "exit status with fd $fd closed"
  expect_eq "$(cat "closed_$fd.out")" ran "the job ran with fd $fd closed"
done
