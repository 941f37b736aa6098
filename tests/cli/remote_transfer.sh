# GNU parallel's --transferfile/--transfer, --return, --cleanup, --trc,
# --basefile and --workdir for spread jobs, against the real sshd: files
# with hostile names (spaces, quotes, a leading -, ..) reach a work dir on
# the host that is not where they are here, the job runs there, its results
# come back, --cleanup leaves nothing; a failed send or fetch is a failed
# record; basefiles go once per host; `:` ignores them all with a warning;
# Ctrl-C still ends the remote command. And GNU parallel, through the same
# fixture, on the same input: the same outputs and the same files back.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_sshd.sh"

# Every ssh the runs start, logged: how many rsyncs went to the hosts.
cat > "$T/logging-ssh" <<EOF
#!/bin/sh
echo "\$*" >> "$T/ssh-calls"
exec ssh -F "$SSH_CONFIG" "\$@"
EOF
chmod +x "$T/logging-ssh"

make_inputs() {  # DIR
  mkdir -p "$1/in dir" "$1/sub"
  printf 'one\n' > "$1/a b"
  printf 'two\ntwo\n' > "$1/it's \"q\""
  printf 'three\n' > "$1/x..y"
  printf 'four\n' > "$1/in dir/f \$x"
  printf 'five\n' > "$1/sub/s p"
}

# --trc, spread over two hosts, in a work dir of the host's: each input
# is counted there and the count comes back beside it; nothing is left.
here="$T/here"
make_inputs "$here"
printf 'lead\n' > "$here/-lead"
there="$T/there it's"
(cd "$here" && "$SHOAL" --ssh "$SSH" -S h1,h2 -k --wd "$there" --trc '{}.out' --joblog "$T/log" \
  'wc -l < {} > {}.out; pwd; echo {}' ::: 'a b' "it's \"q\"" -lead 'x..y' "in dir/f \$x") \
  > "$T/out" 2> "$T/err" || fail "--trc failed: $(cat "$T/err")"
expect_eq "$(cat "$here/a b.out")" 1 "a name with a space, back"
expect_eq "$(cat "$here/it's \"q\".out")" 2 "quotes in a name, back"
expect_eq "$(cat "$here/-lead.out")" 1 "a leading -, back"
expect_eq "$(cat "$here/x..y.out")" 1 ".. in a name, back"
expect_eq "$(cat "$here/in dir/f \$x.out")" 1 "a file in a directory, back into it"
expect_eq "$(grep -c "^$there\$" "$T/out")" 5 "every job ran in the work dir"
expect_eq "$(awk -F'\t' 'NR > 1 { print $7 }' "$T/log" | sort -u)" 0 "every record ok"
expect_eq "$(awk -F'\t' 'NR > 1 { print $2 }' "$T/log" | sort -u | tr '\n' ' ')" "h1 h2 " "on both hosts"
expect_eq "$(find "$there" -type f)" "" "--cleanup left no file"
rm -rf "$there"

# Without --cleanup the files stay on the host; a relative --wd is below
# the login dir, and /./ makes the rest of a path relative to the work dir.
(cd "$here" && "$SHOAL" --ssh "$SSH" -S h1 --wd "$there" --tf 'sub/./{}' --return 'back/./{}.n' \
  'wc -c < {} > {}.n' ::: 's p') 2> "$T/err" || fail "/./ failed: $(cat "$T/err")"
expect_eq "$(cat "$there/s p")" five "sent below the work dir, without sub/"
expect_eq "$(cat "$here/back/s p.n")" 5 "fetched into back/, without the /./"
expect_eq "$(cat "$there/s p.n")" 5 "without --cleanup the result stays on the host"

# Two /./: the first is the marker for what is sent (rsync -R's reading),
# and for what comes back and is removed: the round trip leaves nothing.
# (GNU parallel's --return and --cleanup read the last: they miss the file
# sent, which stays on the host; see docs/remote.md.)
rm -rf "$there"
mkdir -p "$here/a/b"
printf 'six\n' > "$here/a/b/t w"
(cd "$here" && "$SHOAL" --ssh "$SSH" -S h1 --wd "$there" --tf 'a/./b/./{}' --return 'a/./b/./{}.n' \
  --cleanup 'cat b/{}; wc -c < b/{} > b/{}.n' ::: 't w') > "$T/out" 2> "$T/err" ||
  fail "two /./ failed: $(cat "$T/err")"
expect_eq "$(cat "$T/out")" six "two /./: sent below the first"
expect_eq "$(cat "$here/a/b/t w.n")" 4 "two /./: fetched from there, to the path without them"
expect_eq "$(find "$there" -type f)" "" "two /./: --cleanup removed what was sent and fetched"
rm -rf "$there"

# --wd ...: a dir of the job's own under ~/.shoal/tmp, gone with --cleanup.
own_dirs() { if [ -d "$HOME/.shoal/tmp" ]; then ls -A "$HOME/.shoal/tmp" | wc -l; else echo 0; fi; }
before=$(own_dirs)
(cd "$here" && "$SHOAL" --ssh "$SSH" -S h1,h2 --wd ... --trc '{}.pwd' 'pwd > {}.pwd' ::: 'a b' x..y) \
  2> "$T/err" || fail "--wd ... failed: $(cat "$T/err")"
expect_contains "$(cat "$here/a b.pwd")" "$T/home/.shoal/tmp/" "--wd ... is under ~/.shoal/tmp, the test's home (lib_sshd.sh)"
[ "$(cat "$here/a b.pwd")" != "$(cat "$here/x..y.pwd")" ] || fail "--wd ...: two jobs shared a dir"
expect_eq "$(own_dirs)" "$before" "--wd ... removed with --cleanup"

# A failed send: a failed record with rsync's message, and the job does
# not run. A failed fetch: a failed record, and the host keeps the file.
set +e
(cd "$here" && "$SHOAL" --ssh "$SSH" -S h1 --wd "$there" --transfer --joblog "$T/log2" \
  "touch $T/ran; cat {}" ::: 'no such') > /dev/null 2> "$T/err"
rc=$?
(cd "$here" && "$SHOAL" --ssh "$SSH" -S h1 --wd "$there" --trc '{}.none' --joblog "$T/log3" \
  'touch kept' ::: 'a b') > /dev/null 2> "$T/err3"
rc3=$?
set -e
expect_eq "$rc" 1 "a failed send: one job failed"
expect_contains "$(cat "$T/err")" "no such" "rsync's own message"
[ ! -e "$T/ran" ] || fail "the job ran after its file failed to go"
expect_eq "$(awk -F'\t' 'NR > 1 { print $7 }' "$T/log2")" 23 "rsync's status in the joblog"
expect_eq "$rc3" 1 "a failed fetch fails the job"
expect_eq "$(awk -F'\t' 'NR > 1 { print $7 }' "$T/log3")" 23 "the fetch's status in the joblog"
[ ! -e "$there/a b" ] || fail "--cleanup left the sent file"
[ -e "$there/kept" ] || fail "the job did not run"
rm -rf "$there"

# --basefile: once per host, before its first job, through the shared
# connection; with --cleanup removed at the end. A host it cannot be sent
# to takes no job.
mkdir -p "$T/base"
printf 'base\n' > "$T/base/conf it's"
: > "$T/ssh-calls"
"$SHOAL" --ssh "$T/logging-ssh" -S 2/h1,2/h2 --wd "$there" --bf "$T/base/./conf it's" --cleanup \
  "cat \"conf it's\"; : {}" ::: 1 2 3 4 5 6 > "$T/out" 2> "$T/err" || fail "--basefile failed: $(cat "$T/err")"
expect_eq "$(sort -u "$T/out")" base "every job read the basefile"
expect_eq "$(wc -l < "$T/out")" 6 "six jobs"
expect_eq "$(grep -c 'rsync --server' "$T/ssh-calls")" 2 "the basefile went once per host"
[ ! -e "$there" ] || fail "--cleanup left the basefile: $(find "$there")"
set +e
"$SHOAL" --ssh "$SSH" -S h1 --bf "$T/base/./missing" --joblog "$T/log4" 'echo {}' ::: 1 > /dev/null 2> "$T/err"
rc=$?
set -e
expect_eq "$rc" 1 "a host without its basefile runs nothing"
expect_contains "$(cat "$T/err")" "--basefile" "the record says why"
expect_eq "$(awk -F'\t' 'NR > 1 { print $7 }' "$T/log4")" 255 "an error record"

# A basefile send where no data moves (here a stand-in for the host's
# rsync that never answers) is given up after three --connect-timeout
# periods: the host is down with rsync's reason, not "connecting" forever.
cp "$(command -v cat)" "$T/$MARK-cat"
cat > "$T/stall-ssh" <<SCRIPT
#!/bin/bash
for a in "\$@"; do [[ \$a == *--server* ]] && { exec 3>&1; exec "$T/$MARK-cat" > /dev/null; }; done
exec ssh -F $SSH_CONFIG "\$@"
SCRIPT
chmod +x "$T/stall-ssh"
set +e
timeout 60 "$SHOAL" --ssh "$T/stall-ssh" --connect-timeout 1 -S h1 --bf "$T/base/./conf it's" \
  --joblog "$T/log5" 'echo {}' ::: 1 > /dev/null 2> "$T/err"
rc=$?
set -e
[ "$rc" -ne 124 ] || fail "a stalled basefile send held its host for good"
expect_eq "$rc" 1 "a host whose basefile stalled runs nothing"
expect_contains "$(cat "$T/err")" "--basefile: rsync error: timeout" "the record says why"
expect_eq "$(awk -F'\t' 'NR > 1 { print $7 }' "$T/log5")" 255 "an error record, for the stalled host"

# With --control-persist, a host whose master from an earlier run is
# reused gets its basefiles too.
mkdir "$T/tmp"
for run in 1 2; do
  rm -rf "$there"
  TMPDIR="$T/tmp" "$SHOAL" --ssh "$SSH" --control-persist 30 -S h3 --wd "$there" \
    --bf "$T/base/./conf it's" "cat \"conf it's\"; : {}" ::: 1 > "$T/out" 2> "$T/err" ||
    fail "--basefile, --control-persist run $run: $(cat "$T/err")"
  expect_eq "$(cat "$T/out")" base "--basefile with --control-persist, run $run"
done
for s in "$T/tmp/shoal-$(id -u)"/*; do $SSH -o ControlPath="$s" -O exit h3 2>/dev/null || true; done
rm -rf "$there"

# `:` ignores them all, as GNU parallel does, saying so.
(cd "$here" && "$SHOAL" -S : --trc '{}.out' 'echo {}' ::: 'a b') > "$T/out" 2> "$T/err"
expect_eq "$(cat "$T/out")" "a b" "run here as it is"
expect_contains "$(cat "$T/err")" "ignored" "a warning"

# Ctrl-C ends the remote command of a job with files.
cd "$here"
ctrl_c_ends_remote "a job with --transfer" --ssh "$SSH" -S h1 --wd "$there" --transfer \
  ": {}; echo \$\$ > $T/rpid; exec $SLEEP 1000" ::: 'a b'
cd "$T"

# GNU parallel through the same fixture, on the same input: the same
# outputs, and the same files back. (With what GNU's rsync command lines
# take: they give a leading - to rsync as it is, and a blank or a quote in
# the work dir breaks its send.)
for who in ours gnu; do
  make_inputs "$T/$who"
done
run_both() {  # args for both
  (cd "$T/ours" && "$SHOAL" --ssh "$SSH" -k "$@") > "$T/ours.out" 2> "$T/ours.err" || true
  # GNU parallel 20221122 quotes the host's paths for its shell, which
  # rsync 3.2.4 and later no longer parse unless told to (RSYNC_OLD_ARGS).
  (cd "$T/gnu" && RSYNC_OLD_ARGS=1 gnu_parallel --ssh "$SSH" -k "$@") > "$T/gnu.out" 2> "$T/gnu.err" || true
  [ -s "$T/ours.out" ] || fail "no output: $(cat "$T/ours.err")"
  expect_eq "$(cat "$T/ours.out")" "$(cat "$T/gnu.out")" "as GNU parallel: stdout of $*"
}
run_both -S 1/h1,1/h2 --wd "$T/cmpwd" --trc '{}.out' 'wc -l < {} > {}.out; echo {}' \
  ::: 'a b' "it's \"q\"" 'x..y' "in dir/f \$x"
run_both -S 1/h1 --wd "$T/cmpwd" --tf 'sub/./{}' --return 'back/./{}.n' --cleanup \
  'wc -c < {} > {}.n; echo {}' ::: 's p'
# Two /./, sent only: GNU's rsync puts the file where ours does.
for who in ours gnu; do mkdir -p "$T/$who/a/b" && printf 'x\n' > "$T/$who/a/b/c"; done
run_both -S 1/h1 --wd "$T/cmpwd2" --tf 'a/./b/./{}' 'cat b/{}' ::: c
expect_eq "$(cd "$T/cmpwd2" && find . -type f)" "./b/c" "two /./ sent as GNU parallel sends them"
diff -r "$T/ours" "$T/gnu" > "$T/diff" || fail "not the files GNU parallel brings back: $(cat "$T/diff" "$T/gnu.err")"
expect_eq "$(find "$T/cmpwd" -type f 2>/dev/null || true)" "" "--cleanup left no file"

expect_no_ssh_left
expect_nothing_left
