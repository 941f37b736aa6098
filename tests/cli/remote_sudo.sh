# --sudo: the password is asked for once, on the terminal with its echo
# off, reaches sudo -S on each host through ssh's stdin, and shows nowhere:
# not in any process's arguments (shoal's, ssh's, sshd's, the remote
# shell's, sudo's: all on this machine), the terminal, the joblog, --json,
# --results, or a file. Hosts whose sudo asks for none run too. A wrong
# password: one failed record per host with sudo's word, and no hang.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_sshd.sh"
add_sudo_users
TYPE="$(dirname "$0")/type_password.py"
export SHOAL SSH T
touch "$T/before"

# Each root command says who it is, then waits on a FIFO until the test has
# looked at every process list.
mkfifo -m 666 "$T/go"
export SHOAL_TEST_TYPED="$SUDO_PASSWORD"
python3 "$TYPE" "Password:" sh -c 'exec "$SHOAL" --ssh "$SSH" --sudo --nonall -S sudoer,sudoer2,sudoer-nopw \
    --tag -k --joblog "$T/log" --results "$T/res" \
    "echo \$(id -u) > $T/uid.\$\$; id -un; read -r _ < $T/go" > "$T/out" 2> "$T/err"' > "$T/tty" &
typer=$!
for i in $(seq 400); do [ "$(ls "$T" | grep -c '^uid\.')" = 3 ] && break; sleep 0.05; done
expect_eq "$(cat "$T"/uid.* | tr '\n' ' ')" "0 0 0 " "three root commands started"
ps -eo args > "$T/ps"
grep -c . "$T/ps" > /dev/null
if grep -F -- "$SUDO_PASSWORD" "$T/ps"; then fail "the password is in a process list"; fi
# Writes never block: opened for reading too. One line for each reader.
exec 5<> "$T/go"
printf 'go\ngo\ngo\n' >&5
set +e
wait "$typer"
rc=$?
set -e
exec 5>&-
expect_eq "$rc" 0 "all ran"
# --results saves the output instead of printing it.
expect_eq "$(cat "$T/out")" "" "--results: nothing printed"
expect_eq "$(find "$T/res" -name stdout | sort | xargs cat)" "$(printf 'root\nroot\nroot')" "root on each host"
expect_eq "$(grep -c 'Password:' "$T/tty")" 1 "asked once"
if grep -F -- "$SUDO_PASSWORD" "$T/tty"; then fail "the password was echoed"; fi

# --json: the same run's records.
python3 "$TYPE" "Password:" sh -c 'exec "$SHOAL" --ssh "$SSH" --sudo --nonall -S sudoer,sudoer-nopw \
    --json id -u > "$T/json" 2> "$T/err"' > /dev/null
expect_eq "$(jq -r '.stdout' "$T/json" | tr -d '\n')" "00" "--json: root on both"
for f in "$T/log" "$T/json" "$T/err" "$T/out"; do
  if grep -F -- "$SUDO_PASSWORD" "$f"; then fail "the password is in $f"; fi
done
if grep -rF -- "$SUDO_PASSWORD" "$T/res"; then fail "the password is in --results"; fi
# Nor in any file written since the start (the hosts' disk is this one).
if find "$T" /tmp /var/tmp /root "/home" -xdev -type f -newer "$T/before" -size -20M \
     ! -path "$T/ps" 2>/dev/null | xargs -r grep -lF -- "$SUDO_PASSWORD" 2>/dev/null; then
  fail "the password is in a file"
fi

# --onall (through the shared connection) with --script: the script as root.
printf '#!/bin/bash\necho "$(id -un): $1"\n' > "$T/who.sh"
python3 "$TYPE" "Password:" sh -c 'exec "$SHOAL" --ssh "$SSH" --sudo --onall -S sudoer -k \
    --script "$T/who.sh" {} ::: "a b" "-c" > "$T/out"' > /dev/null
expect_eq "$(cat "$T/out")" "$(printf 'root: a b\nroot: -c')" "--onall --script as root"

# A wrong password: a failed record for each host that asks, at once,
# with sudo's message; the host that asks none runs.
export SHOAL_TEST_TYPED="not it"
set +e
python3 "$TYPE" "Password:" sh -c 'exec "$SHOAL" --ssh "$SSH" --sudo --timeout 60 --nonall \
    -S sudoer,sudoer2,sudoer-nopw --tag --joblog "$T/log2" id -un > "$T/out" 2> "$T/err"' > /dev/null
rc=$?
set -e
expect_eq "$rc" 2 "two hosts failed"
expect_eq "$(awk -F'\t' 'NR > 1 { print $7 }' "$T/log2" | sort | tr '\n' ' ')" "0 1 1 " "exit statuses"
expect_eq "$(cat "$T/out")" "$(printf 'sudoer-nopw\troot')" "the host without a password ran"
expect_contains "$(cat "$T/err")" "incorrect password" "sudo's message"

# A timeout still ends the root command on the host.
export SHOAL_TEST_TYPED="$SUDO_PASSWORD"
set +e
python3 "$TYPE" "Password:" sh -c 'exec "$SHOAL" --ssh "$SSH" --sudo --timeout 8 --nonall -S sudoer \
    "echo \$\$ > $T/rpid; exec $SLEEP 1000" > /dev/null 2>&1' > /dev/null
rc=$?
set -e
expect_eq "$rc" 1 "timeout: exit status"
[ -s "$T/rpid" ] || fail "timeout: the root command did not start"
wait_gone "$(cat "$T/rpid")" || fail "timeout: the root command survived"

# No terminal: said at once (and --dry-run asks nothing).
set +e
setsid -w "$SHOAL" --ssh "$SSH" --sudo --nonall -S sudoer id < /dev/null > /dev/null 2> "$T/err"
rc=$?
set -e
expect_eq "$rc" 255 "no terminal: bad input"
expect_contains "$(cat "$T/err")" "shoal: --sudo asks for the password on the terminal" "no terminal: why"
expect_eq "$(setsid -w "$SHOAL" --dry-run --sudo --nonall -S sudoer id < /dev/null)" "id" "--dry-run asks nothing"
# The terminal closed at the prompt (Ctrl-D): nothing runs.
unset SHOAL_TEST_TYPED
set +e
python3 "$TYPE" "Password:" sh -c 'exec "$SHOAL" --ssh "$SSH" --sudo --nonall -S sudoer id 2> "$T/err"' > /dev/null
rc=$?
set -e
expect_eq "$rc" 255 "Ctrl-D: bad input"
expect_contains "$(cat "$T/err")" "no password was typed" "Ctrl-D: why"
set +e
"$SHOAL" --ssh "$SSH" --sudo --tty --nonall -S sudoer id 2> "$T/err"
rc=$?
set -e
expect_eq "$rc" 255 "--sudo --tty: refused"
# A copy runs no remote command: --sudo, --tty and --script are refused
# with it before any password is asked (they were once taken silently).
echo data > "$T/copied"
for extra in --sudo --tty "--script $T/copied"; do
  set +e
  # shellcheck disable=SC2086
  setsid -w "$SHOAL" --ssh "$SSH" $extra -S sudoer --copy "$T/copied" --dest /tmp < /dev/null 2> "$T/err"
  rc=$?
  set -e
  expect_eq "$rc" 255 "$extra --copy: refused"
  expect_contains "$(cat "$T/err")" "does not apply to --copy/--rcopy" "$extra --copy: why"
done
expect_no_ssh_left
expect_nothing_left
