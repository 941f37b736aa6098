# -v on a remote job: the command line atop its output, as on this
# machine; -v -v: the ssh command line that runs it (GNU parallel shows its
# own ssh wrapper there).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_sshd.sh"
out=$("$SHOAL" --ssh "$SSH" -S h1 -v echo ::: a)
expect_eq "$out" $'echo a\na' "-v on a remote job"
out=$("$SHOAL" --ssh "$SSH" -S h1 -v -v echo ::: a)
first=$(head -1 <<< "$out")
expect_contains "$first" "ssh -F $SSH_CONFIG" "-v -v: the ssh command line"
expect_contains "$first" "h1 -- " "-v -v: the host and the remote script"
expect_eq "$(tail -n +2 <<< "$out")" "a" "-v -v: then the output"
expect_no_ssh_left
expect_nothing_left
