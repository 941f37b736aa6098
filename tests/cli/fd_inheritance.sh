# A job sees the same open fds as a command run by the test's own shell:
# nothing of shoal's leaks into it.
source "$(dirname "$0")/lib.sh"
expected=$(ls /proc/self/fd | sort -n | tr '\n' ' ')
got=$("$SHOAL" ls ::: /proc/self/fd | sort -n | tr '\n' ' ')
expect_eq "$got" "$expected" "fds of a job"
got=$("$SHOAL" -j 8 'ls /proc/self/fd | sort -n | tr "\n" " "; echo # {}' ::: 1 2 3 4 5 6 7 8 | sort -u)
expect_eq "$got" "$(sh -c 'ls /proc/self/fd | sort -n | tr "\n" " "; echo')" "fds of jobs in a shell, eight at once"
