# --sudo's password leaves no copy in shoal's memory once the run is over:
# a core dump taken as shoal exits (gdb, at exit_group: main has returned and
# every destructor has run, nothing unmapped yet) does not hold it, after
# jobs on three hosts, two that read it and one that does not, through the
# shared connections. And the check can see:
# a core taken while a job still runs holds it (the ssh settings' copy,
# which later jobs need). Needs gdb and the sudo test users.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_sshd.sh"
command -v gdb > /dev/null || { echo "SKIP: gdb is not installed"; exit 0; }
add_sudo_users
TYPE="$(dirname "$0")/type_password.py"
export SHOAL SSH T
export SHOAL_TEST_TYPED="$SUDO_PASSWORD"
# What the allocator leaves of a freed copy: all but its first 16 bytes,
# where it keeps its own pointers.
tail_of_password=${SUDO_PASSWORD:16}
holds_password() { grep -a -c -F -- "$tail_of_password" "$1" || true; }

# The check can see: shoal mid-run, its last job waiting on a FIFO.
mkfifo -m 666 "$T/go"
python3 "$TYPE" "Password:" sh -c 'exec "$SHOAL" --ssh "$SSH" --sudo -j1 --onall -S sudoer \
    "echo \$\$ > $T/rpid.{}; [ {} = 1 ] || read -r _ < $T/go" ::: 1 2 > /dev/null 2>&1' > /dev/null &
typer=$!
for i in $(seq 400); do [ -s "$T/rpid.2" ] && break; sleep 0.05; done
[ -s "$T/rpid.2" ] || fail "the second job did not start"
pid=$(pgrep -P "$typer")  # the terminal's child: sh, which exec'd shoal
gcore -o "$T/mid" "$pid" > /dev/null 2>&1 || fail "gcore could not dump shoal (ptrace refused?)"
exec 5<> "$T/go"
echo go >&5
wait "$typer" || fail "the mid-run run failed"
exec 5>&-
[ "$(holds_password "$T/mid.$pid")" -ge 1 ] || fail "a core taken mid-run does not hold the password: the check sees nothing"
rm -f "$T/mid.$pid"

# At the end: nothing. -j2 over three hosts (one without a password)
# through the shared connections, --onall so that each host takes several.
python3 "$TYPE" "Password:" gdb -q -batch -ex 'set pagination off' -ex 'set confirm off' \
    -ex 'catch syscall exit_group' -ex run -ex "gcore $T/end" -ex kill \
    --args "$SHOAL" --no-live --ssh "$SSH" --sudo -j2 --onall -S sudoer,sudoer2,sudoer-nopw \
    'id -u; : {}' ::: a b c > "$T/tty" 2>&1 || true
[ -s "$T/end" ] || fail "gdb made no core at exit_group: $(tail -5 "$T/tty")"
expect_eq "$(grep -a -c "^0" "$T/tty")" 9 "nine root jobs ran"
expect_eq "$(holds_password "$T/end")" 0 "copies of the password in shoal's memory at its exit"
rm -f "$T/end"
expect_no_ssh_left
expect_nothing_left
