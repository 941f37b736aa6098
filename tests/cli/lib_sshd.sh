# A real OpenSSH server for the remote tests, sourced after lib.sh: sshd on
# 127.0.0.1 at a free port, host and user keys made for this test, and an
# ssh config ($SSH_CONFIG) with aliases h1 ... h50 that all point at it,
# plus `dead`, a port nothing listens on, and `stall`, which answers and
# then never lets anyone log in. Host keys are checked: the
# known_hosts file holds the test server's key and StrictHostKeyChecking is
# yes. sshd logs to $SSHD_LOG (LogLevel VERBOSE: one "Accepted publickey"
# line per TCP connection that logged in).
SSHD_DIR="$T/sshd"
mkdir -m 700 "$SSHD_DIR"
ssh-keygen -q -t ed25519 -N '' -C shoal-test-host -f "$SSHD_DIR/host_key"
ssh-keygen -q -t ed25519 -N '' -C shoal-test-user -f "$SSHD_DIR/user_key"
cp "$SSHD_DIR/user_key.pub" "$SSHD_DIR/authorized_keys"
SSHD_LOG="$SSHD_DIR/sshd.log"
mkdir -p /run/sshd  # sshd's privilege separation directory

# The test's home, here and on the "host": what a run makes in the login
# dir or under ~ (--wd ...'s ~/.shoal/tmp, GNU parallel's ~/.parallel)
# goes with $T, never into the real home. The host's side: sshd starts
# each session in the user's real home (its passwd entry), so the login
# shell, bash, is told to move (BASH_ENV, read by bash -c before the
# command; unset there, so that a bash the command starts stays where it
# is put). Only for the test's own user: the sudo test users keep theirs.
export HOME="$T/home"
mkdir -m 700 "$HOME"
cat > "$SSHD_DIR/login_env" <<ENV
if [ "\$UID" = $(id -u) ]; then cd "$HOME" && export HOME="$HOME"; fi
unset BASH_ENV
ENV

# A port that is free now, found by binding it (bash cannot listen, sshd can).
start_sshd() {
  local attempt
  for attempt in $(seq 20); do
    SSHD_PORT=$((20000 + RANDOM % 40000))
    cat > "$SSHD_DIR/sshd_config" <<CONF
ListenAddress 127.0.0.1:$SSHD_PORT
HostKey $SSHD_DIR/host_key
AuthorizedKeysFile $SSHD_DIR/authorized_keys
PidFile $SSHD_DIR/sshd.pid
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UseDNS no
LogLevel VERBOSE
# scp (SFTP by default) and --copy's scp fallback need it, as on any host.
Subsystem sftp internal-sftp
# Every alias is a connection to this one server: let them all in at once.
MaxStartups 1000
MaxSessions 1000
# The remote login shell is this user's bash, which, run by sshd, reads
# ~/.bashrc: on this machine pyenv's init, whose rehash collides when
# dozens of sessions start at once and prints errors on stderr. A bash that
# is told it is not a top-level shell skips ~/.bashrc: what the tests
# compare is then shoal's doing, not the host's start-up files.
# And BASH_ENV: the login dir under $T (above).
SetEnv SHLVL=9 BASH_ENV=$SSHD_DIR/login_env
# A test may mark some aliases (ssh_config SetEnv) so that a command fails
# on those hosts alone.
AcceptEnv SHOAL_TEST_*
CONF
    : > "$SSHD_LOG"
    # Its sessions must not hold the test's stdout: ctest waits for it.
    /usr/sbin/sshd -D -f "$SSHD_DIR/sshd_config" -E "$SSHD_LOG" </dev/null >/dev/null 2>&1 &
    SSHD_PID=$!
    # Ready once it says it listens; gone if the port was taken.
    local i
    for i in $(seq 200); do
      grep -q "Server listening" "$SSHD_LOG" && return 0
      kill -0 "$SSHD_PID" 2>/dev/null || break
      sleep 0.05
    done
    kill "$SSHD_PID" 2>/dev/null || true
    wait "$SSHD_PID" 2>/dev/null || true
  done
  fail "could not start sshd: $(cat "$SSHD_LOG")"
}
start_sshd
# Whatever ssh a failed test left (its command line names our config) goes
# too; sshd's sessions end with their clients.
# And the sudo test users, if the test made them (add_sudo_users).
sshd_cleanup() {
  pkill -KILL -f "$SSHD_DIR/ssh_config" 2>/dev/null || true
  kill "$SSHD_PID" 2>/dev/null || true
  pkill -KILL -f "$MARK" 2>/dev/null || true
  remove_sudo_users
  rm -rf "$T"
}
remove_sudo_users() { :; }
trap sshd_cleanup EXIT

# A port where nothing listens: bound by nobody right after sshd's own.
DEAD_PORT=$((SSHD_PORT + 1))
while grep -q ":$(printf '%04X' "$DEAD_PORT") " /proc/net/tcp 2>/dev/null; do DEAD_PORT=$((DEAD_PORT + 1)); done

echo "[127.0.0.1]:$SSHD_PORT $(cut -d' ' -f1,2 "$SSHD_DIR/host_key.pub")" > "$SSHD_DIR/known_hosts"
SSH_CONFIG="$SSHD_DIR/ssh_config"
cat > "$SSH_CONFIG" <<CONF
Host h* dead
  HostName 127.0.0.1
  User $(id -un)
  IdentityFile $SSHD_DIR/user_key
  IdentitiesOnly yes
  UserKnownHostsFile $SSHD_DIR/known_hosts
  StrictHostKeyChecking yes
  Port $SSHD_PORT
Host dead
  Port $DEAD_PORT
# A host that answers with a banner and then never finishes logging in.
Host stall
  ProxyCommand sh -c 'echo SSH-2.0-stalled; exec $SLEEP 1000'
CONF
# ssh takes the first value it sees: `dead` must get its own port first.
{ printf 'Host dead\n  Port %s\n' "$DEAD_PORT"; cat "$SSH_CONFIG"; } > "$SSH_CONFIG.tmp"
mv "$SSH_CONFIG.tmp" "$SSH_CONFIG"
SSH="ssh -F $SSH_CONFIG"

# Every ssh shoal started has ended (shared connections closed included).
# A master acknowledges `exit` just before it exits, and it is not our
# child, so there is no event to wait on: look again for up to 5 s.
expect_no_ssh_left() {
  local left i
  for i in $(seq 100); do
    left=$(pgrep -af "$SSHD_DIR/ssh_config" | grep -v pgrep || true)
    [ -z "$left" ] && return 0
    sleep 0.05
  done
  fail "ssh processes left behind: $left"
}

# Ctrl-C ends a remote command: runs shoal with ARGS in the background
# (output thrown away) until the remote side has written its pid to
# $T/rpid, sends shoal SIGINT, and checks that shoal ends by it (130) and
# that the remote process goes. WHAT names the remote side in messages.
ctrl_c_ends_remote() {  # WHAT ARGS...
  local what=$1 pid rc i
  shift
  rm -f "$T/rpid"
  "$SHOAL" "$@" > /dev/null 2>&1 &
  pid=$!
  for i in $(seq 200); do [ -s "$T/rpid" ] && break; sleep 0.05; done
  [ -s "$T/rpid" ] || fail "Ctrl-C: $what did not start"
  kill -INT "$pid"
  set +e
  wait "$pid"
  rc=$?
  set -e
  expect_eq "$rc" 130 "Ctrl-C: shoal ends by SIGINT ($what)"
  wait_gone "$(cat "$T/rpid")" || fail "Ctrl-C: $what survived on the host"
}

# How many connections have logged in so far.
logins() { grep -c "Accepted publickey" "$SSHD_LOG" || true; }

# A variant of the ssh config: the lines on stdin in front of the fixture's
# (ssh takes the first value it reads), in $SSHD_DIR so that
# expect_no_ssh_left and the cleanup see the ssh processes that use it.
# Prints its path.
ssh_config_variant() {  # NAME < lines
  local file="$SSHD_DIR/ssh_config_$1"
  { cat; cat "$SSH_CONFIG"; } > "$file"
  echo "$file"
}
# A config where the hosts named carry SHOAL_TEST_FAIL=1 into their
# sessions (sshd accepts SHOAL_TEST_*): a command can fail there alone.
config_failing_on() {  # HOST... ; prints the config's path
  printf 'Host %s\n  SetEnv SHOAL_TEST_FAIL=1\n' "$*" | ssh_config_variant "fail_$(echo "$*" | tr ' ' _)"
}

# Two users for --sudo, made for this test and removed at its end: the
# aliases `sudoer` and `sudoer2` log in as one whose sudo asks for
# $SUDO_PASSWORD (every time: no cached credentials), `sudoer-nopw` as one
# whose sudo asks nothing. Making users needs root (CI runs as root):
# otherwise the test ends here, skipped, saying so. $T becomes traversable
# by them (their sshd reads authorized_keys, they run the test's files),
# nothing more.
add_sudo_users() {
  [ "$(id -u)" = 0 ] || { echo "SKIP: the sudo test users can only be made by root"; exit 0; }
  command -v sudo > /dev/null || { echo "SKIP: sudo is not installed (scripts/install-deps)"; exit 0; }
  SUDO_PW_USER="shoalpw$$"
  SUDO_NOPW_USER="shoalnp$$"
  # Quotes, spaces, $ and a leading dash: a password the shell must not touch.
  SUDO_PASSWORD="-it's \"s3cret\" \$HOME x$RANDOM"
  SUDOERS_FILE="/etc/sudoers.d/shoaltest$$"
  remove_sudo_users() {
    local u
    rm -f "$SUDOERS_FILE"
    for u in "$SUDO_PW_USER" "$SUDO_NOPW_USER"; do
      id "$u" > /dev/null 2>&1 || continue
      pkill -KILL -u "$u" 2>/dev/null || true
      # useradd and userdel of tests running beside this one take the same
      # lock: try again for a while.
      local i
      for i in $(seq 50); do userdel "$u" 2>/dev/null && break; sleep 0.1; done
    done
  }
  chmod 711 "$T" "$SSHD_DIR"
  chmod 644 "$SSHD_DIR/authorized_keys"
  local u i
  for u in "$SUDO_PW_USER" "$SUDO_NOPW_USER"; do
    mkdir "$T/home-$u"
    for i in $(seq 50); do useradd -M -d "$T/home-$u" -s /bin/bash "$u" 2>/dev/null && break; sleep 0.1; done
    id "$u" > /dev/null || fail "could not create the user $u"
    chown "$u:" "$T/home-$u"
  done
  # A password each: sshd lets no locked account in, even with a key.
  for i in $(seq 50); do
    printf '%s:%s\n' "$SUDO_PW_USER" "$SUDO_PASSWORD" "$SUDO_NOPW_USER" "unused-$RANDOM$RANDOM" |
      chpasswd 2>/dev/null && break
    sleep 0.1
  done
  cat > "$SUDOERS_FILE.tmp" <<SUDOERS
Defaults:$SUDO_PW_USER !lecture, timestamp_timeout=0, !mail_badpass
Defaults:$SUDO_NOPW_USER !lecture, !mail_badpass
$SUDO_PW_USER ALL=(ALL) ALL
$SUDO_NOPW_USER ALL=(ALL) NOPASSWD: ALL
SUDOERS
  chmod 440 "$SUDOERS_FILE.tmp"
  visudo -cqf "$SUDOERS_FILE.tmp" || fail "the test's sudoers file is not valid"
  mv "$SUDOERS_FILE.tmp" "$SUDOERS_FILE"
  {
    printf 'Host sudoer sudoer2\n  User %s\nHost sudoer-nopw\n  User %s\n' "$SUDO_PW_USER" "$SUDO_NOPW_USER"
    printf 'Host sudoer sudoer2 sudoer-nopw\n  HostName 127.0.0.1\n  Port %s\n' "$SSHD_PORT"
    printf '  IdentityFile %s\n  IdentitiesOnly yes\n' "$SSHD_DIR/user_key"
    printf '  UserKnownHostsFile %s\n  StrictHostKeyChecking yes\n' "$SSHD_DIR/known_hosts"
    cat "$SSH_CONFIG"
  } > "$SSH_CONFIG.tmp"
  mv "$SSH_CONFIG.tmp" "$SSH_CONFIG"
}

# Runs the rest of the line in a pseudo-terminal (script(1)) whose input
# is stdin: how a test types a password at a prompt that reads /dev/tty.
# The output is the terminal's: what was typed shows only if echoed.
in_terminal() {  # COMMAND... (one shell line is made of them)
  local line="" w
  for w in "$@"; do line+=" $(printf '%q' "$w")"; done
  script -qec "$line" /dev/null
}
