# -v: each job's command line at the top of its own stdout (so it is
# grouped, tagged, saved and counted with the output it belongs to), where
# --verbose puts it on stderr; compared with GNU parallel 20221122. -v -v
# is the same for a job on this machine.
source "$(dirname "$0")/lib.sh"
cd "$T"
same_apart "-v" -v 'echo {}; echo e{} >&2' ::: 1 2 3
same_apart "-v -v" -v -v echo ::: a 'b c'
same_apart "-vv" -vv echo ::: a
same_apart "-v --tag" -v --tag 'echo {}' ::: x y
same_apart "-v -u" -j1 -v -u 'echo {}' ::: x y
same_apart "-v --line-buffer" -j1 -v --line-buffer 'echo {}' ::: x y
same_apart "-v --verbose" -j1 -v --verbose 'echo {}' ::: x
# Saved and counted with the output: --results' stdout, the joblog's Receive.
"$SHOAL" -v --results ours-res echo ::: 1
gnu_parallel -v --results theirs-res echo ::: 1
expect_eq "$(cat ours-res/1/1/stdout)" "$(cat theirs-res/1/1/stdout)" "-v --results: the stdout file"
"$SHOAL" -v --joblog ours.log echo ::: 1 > /dev/null
gnu_parallel -v --joblog theirs.log echo ::: 1 > /dev/null
expect_eq "$(cut -f6 ours.log)" "$(cut -f6 theirs.log)" "-v: the joblog's Receive"
expect_nothing_left
