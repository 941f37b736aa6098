# Jobs spread over hosts: `2/h1,2/h2` runs the list on both (the joblog's
# Host column shows both) and nowhere else, with the same outputs as a local
# run; `:` in the list is this machine.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_sshd.sh"

seq 40 > "$T/in"
"$SHOAL" --ssh "$SSH" -S 2/h1,2/h2 --joblog "$T/log" -k 'echo {}; sleep 0.05' :::: "$T/in" > "$T/out"
expect_eq "$(cat "$T/out")" "$(seq 40)" "every job's output, in order"
expect_eq "$(awk -F'\t' 'NR > 1 { print $2 }' "$T/log" | sort -u | tr '\n' ' ')" "h1 h2 " "hosts used"
expect_eq "$(awk -F'\t' 'NR > 1' "$T/log" | wc -l)" 40 "one joblog line per job"

"$SHOAL" --ssh "$SSH" -S 1/:,1/h3 --joblog "$T/log2" 'echo {}; sleep 0.1' ::: a b c d e f > "$T/out2"
expect_eq "$(sort "$T/out2" | tr '\n' ' ')" "a b c d e f " "local and remote outputs"
# Which of the two takes which job is a matter of timing (the local slot
# needs no connection): only these two may appear.
expect_eq "$(awk -F'\t' 'NR > 1 && $2 != ":" && $2 != "h3"' "$T/log2")" "" "only this machine and h3"
"$SHOAL" --ssh "$SSH" -S : --joblog "$T/log3" 'echo {}' ::: a b > /dev/null
expect_eq "$(awk -F'\t' 'NR > 1 { print $2 }' "$T/log3" | sort -u)" ":" "':' alone runs here"
expect_no_ssh_left

# One job, twenty hosts: the run ends while most are still logging in;
# those are ended too, and whichever got in is closed.
"$SHOAL" --ssh "$SSH" -S 'h[1-20]' -j1 echo ::: 1 > "$T/out4"
expect_eq "$(cat "$T/out4")" 1 "the one job"
expect_no_ssh_left
expect_nothing_left

# GNU parallel names the hosts the same way in its joblog (no N/ prefix).
gnu_parallel --ssh "$SSH" -S 2/h1,2/h2 --joblog "$T/plog" 'echo {}; sleep 0.2' ::: 1 2 3 4 5 6 > /dev/null
expect_eq "$(awk -F'\t' 'NR > 1 { print $2 }' "$T/plog" | sort -u | tr '\n' ' ')" "h1 h2 " "GNU parallel's Host column"
