# The shell that runs a job, chosen as GNU parallel chooses it: the most
# common idiom, `export -f doit; parallel doit ::: 1 2`, failed when every
# job ran under /bin/sh. Each case runs GNU parallel and shoal alike.
source "$(dirname "$0")/lib.sh"

# An exported bash function, run bare (no shell syntax) and in a pipeline.
doit() { echo "doit:$1"; }
export -f doit
same "an exported function" doit ::: 1 2
same "an exported function in a pipeline" 'doit {} | tr a-z A-Z' ::: x y
# bash syntax, since this test runs under bash.
same "bash syntax" '[[ {} == a* ]] && echo yes {} || echo no {}' ::: ab cd
same "the job's \$0" 'echo $0' ::: 1

# Started from sh (dash): jobs run under sh; bash syntax fails as in GNU parallel.
run_from_sh() { sh -c '"$@"' sh "$@"; }
expect_eq "$(run_from_sh "$SHOAL" 'echo $0' ::: 1)" "$(run_from_sh parallel --will-cite 'echo $0' ::: 1)" "\$0 under sh"
expect_eq "$(run_from_sh "$SHOAL" '[[ a == a ]] && echo bash' ::: 1 2>/dev/null || echo failed)" \
          "$(run_from_sh parallel --will-cite '[[ a == a ]] && echo bash' ::: 1 2>/dev/null || echo failed)" \
          "bash syntax under sh"

# $PARALLEL_SHELL overrides both; one that does not exist is an error (255).
export PARALLEL_SHELL=dash
same "\$PARALLEL_SHELL" 'echo $0 {}' ::: 1
export PARALLEL_SHELL=no-such-shell-here
set +e
"$SHOAL" true ::: 1 2> "$T/err"
status=$?
set -e
expect_eq "$status" 255 "exit status for a missing \$PARALLEL_SHELL"
expect_eq "$(cat "$T/err")" "shoal: PARALLEL_SHELL=no-such-shell-here: no such shell" "its message"
unset PARALLEL_SHELL

# A command without shell syntax that is not a function still runs without
# any shell: a shell would set $_ to the program it runs, printenv.
expect_eq "$("$SHOAL" printenv ::: _)" "$SHOAL" "direct when no shell is needed"
expect_nothing_left
