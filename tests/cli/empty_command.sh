# A command line that comes out empty -- a template that is only {3} with
# one input, an empty line with no template -- runs as in GNU parallel: an
# empty command that succeeds and prints nothing, in the joblog and --json
# as ok. (libshoal refuses a Command with nothing in it; the command line
# says "the empty command" outright, issue 13 item 12.)
source "$(dirname "$0")/lib.sh"
cd "$T"
same() {  # what, then the arguments for both
  local what=$1; shift
  local ours theirs rc_ours rc_theirs
  set +e
  ours=$("$SHOAL" -k "$@" 2>&1); rc_ours=$?
  theirs=$(gnu_parallel -k "$@" 2>&1); rc_theirs=$?
  set -e
  expect_eq "$ours" "$theirs" "$what: output"
  expect_eq "$rc_ours" "$rc_theirs" "$what: exit status"
}
same "a template that is only a missing {3}" '{3}' ::: a b
same "an empty command line as input" ::: '' ''
same "an empty line among commands" ::: 'echo one' '' 'echo three'

"$SHOAL" --joblog jl '{3}' ::: a
expect_eq "$(awk -F'\t' 'NR == 2 { print $7 "/" $8 "/" $9 }' jl)" "0/0/" "joblog: exit 0, no signal, empty command"
json=$("$SHOAL" --json '{3}' ::: a)
expect_contains "$json" '"status":"ok"' "--json status"
expect_contains "$json" '"command":""' "--json command"
expect_nothing_left
