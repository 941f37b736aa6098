# Choosing hosts as pdsh and clush users do, against the real sshd: -x
# takes hosts out (ranges and @groups too), @groups come from a groups file
# (ClusterShell's plain and YAML formats; --groups-file, else
# $SHOAL_GROUPS), `--sshloginfile -` reads the hosts from stdin, a Slurm
# node list works as it is, and --list-hosts prints a selection without
# running anything. A bad selection is one line and exit status 255.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_sshd.sh"

# The hosts that answered, in order, on one line.
ran_on() {
  "$SHOAL" --ssh "$SSH" --nonall --tag "$@" 'echo ok' > "$T/out"
  expect_eq "$(cut -f2 "$T/out" | sort -u)" "ok" "every host ran the command ($*)"
  cut -f1 "$T/out" | sort -V | tr '\n' ' '
}

cat > "$T/groups" <<'EOF'
# ClusterShell's flat "name: hosts" file
web: h[1-4]
db: h10 h11
all: @web,@db,h20
EOF
export SHOAL_GROUPS="$T/groups"

# -x: a range and a single host out of a range.
expect_eq "$(ran_on -S 'h[1-6]' -x 'h[2-3]' -x h6)" "h1 h4 h5 " "-x takes hosts out"
# Excluding a host that is not there is fine, as in pdsh.
expect_eq "$(ran_on -S 'h[1-2]' -x h9)" "h1 h2 " "-x of a host not in the list"
# @group, and a group taken out with -x.
expect_eq "$(ran_on -S @all -x @db)" "h1 h2 h3 h4 h20 " "-S @group -x @group"
expect_eq "$(ran_on -S @db,h30)" "h10 h11 h30 " "@group beside a host"
# N/ and user@ on a reference go to every host of the group.
me=$(id -un)
"$SHOAL" --ssh "$SSH" --nonall -S "2/$me@@db" --joblog "$T/log" 'echo ok' > /dev/null
expect_eq "$(awk -F'\t' 'NR > 1 { print $2 }' "$T/log" | sort | tr '\n' ' ')" "$me@h10 $me@h11 " "user@@group"
# -x host leaves out a login with a user too; -x user@host only that user's.
expect_eq "$(ran_on -S "$me@h1,h2" -x h1)" "h2 " "-x host matches user@host"
expect_eq "$(ran_on -S "$me@h1,h2" -x "nobody@h1")" "h2 $me@h1 " "-x user@host matches only that user"

# --groups-file wins over $SHOAL_GROUPS; a YAML file is read as
# ClusterShell's groups.d: sources, the first the default.
cat > "$T/fleet.yaml" <<'EOF'
roles:
    front: 'h[5-6]'
    all: '@front,@racks:rack1'
racks:
    rack1: [h7, "h8"]
EOF
expect_eq "$(ran_on --groups-file "$T/fleet.yaml" -S @all)" "h5 h6 h7 h8 " "YAML groups file"
expect_eq "$(ran_on --groups-file "$T/fleet.yaml" -S @racks:rack1)" "h7 h8 " "@source:group"

# --sshloginfile -: the hosts from stdin, with --nonall ...
expect_eq "$(printf 'h12\n# a comment\n@db\n' | ran_on --slf -)" "h10 h11 h12 " "--slf - with --nonall"
# ... or with the inputs given by :::, spread over those hosts.
printf 'h13\nh14\n' | "$SHOAL" --ssh "$SSH" --sshloginfile - -k --joblog "$T/spread" echo ::: a b c > "$T/out"
expect_eq "$(tr '\n' ' ' < "$T/out")" "a b c " "--slf - with ::: inputs"
expect_eq "$(awk -F'\t' 'NR > 1 { print $2 }' "$T/spread" | sort -u | grep -cv '^h1[34]$' || true)" 0 "jobs ran on the hosts from stdin"

# A Slurm allocation's node list, as it is.
SLURM_JOB_NODELIST='h[15-16,18],h[2-3]'
expect_eq "$(ran_on -S "$SLURM_JOB_NODELIST")" "h2 h3 h15 h16 h18 " "a Slurm node list"

# --list-hosts: expanded, deduplicated, excluded, one per line; no command
# needed and nothing run (no login reaches sshd).
before=$(logins)
"$SHOAL" --list-hosts -S '@all,h1,h[30-31]' -S "2/$me@h32:22" -x h2,h30 > "$T/list"
expect_eq "$(tr '\n' ' ' < "$T/list")" "h1 h3 h4 h10 h11 h20 h31 $me@h32:22 " "--list-hosts"
expect_eq "$(printf 'h40\nh41\n' | "$SHOAL" --slf - --list-hosts | tr '\n' ' ')" "h40 h41 " "--list-hosts --slf -"
expect_eq "$(logins)" "$before" "--list-hosts logged in nowhere"

# Bad selections: one line naming what is wrong, exit 255, nothing run.
check() {  # expected-fragment, shoal args... (stdin: whatever the caller gives)
  local want=$1; shift
  set +e
  "$SHOAL" --ssh "$SSH" "$@" > "$T/out" 2> "$T/err"
  local rc=$?
  set -e
  expect_eq "$rc" 255 "exit status for $*"
  expect_eq "$(wc -l < "$T/err")" 1 "one line for $*"
  expect_contains "$(cat "$T/err")" "$want" "message for $*"
  expect_eq "$(cat "$T/out")" "" "nothing ran for $*"
}
printf 'cyc1: h1,@cyc2\ncyc2: @cyc1\nbad: h[1-\n' > "$T/bad_groups"
check "no hosts left after --exclude" --nonall -S 'h[1-3]' -x 'h[1-3]' true
check "no group @nope in $T/groups" --nonall -S h1,@nope true
check "group cycle in $T/bad_groups: @cyc1 -> @cyc2 -> @cyc1" --groups-file "$T/bad_groups" --nonall -S @cyc1 true
check "group @bad: bad host list" --groups-file "$T/bad_groups" --nonall -S @bad true
check "cannot read groups file $T/missing" --groups-file "$T/missing" --nonall -S @web true
SHOAL_GROUPS="$T/missing" check "cannot read groups file $T/missing: No such file" --list-hosts -S h1 -x @web
check "--exclude takes hosts out of -S/--sshloginfile" -x h1 echo ::: a
check "host list has more than 100000 hosts" --list-hosts -S 'a[1-60000]' -S 'b[1-60000]'
check "is too large" --list-hosts -S 'a[99999999999999999999]'
# Today's `a[18446744073709551615]` is one host, at once.
expect_eq "$("$SHOAL" --list-hosts -S 'a[18446744073709551615]')" "a18446744073709551615" "the largest number"
# stdin cannot be both the hosts and the inputs.
printf 'h1\n' | check "--sshloginfile - reads the hosts from stdin" --slf - echo
printf 'h1\n' | check "both read stdin" --slf - echo :::: -
printf 'h1\n' | check "both read stdin" --slf - -a - echo

expect_no_ssh_left
expect_nothing_left
