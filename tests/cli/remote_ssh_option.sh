# --ssh is split into words as a shell would split it: a quoted path with a
# blank in it reaches ssh as one argument, without its quotes.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_sshd.sh"

mkdir "$T/my dir"
cp "$SSH_CONFIG" "$T/my dir/config"
out=$("$SHOAL" --ssh "ssh -F '$T/my dir/config'" --nonall -S h1 echo ok 2>"$T/err") ||
  fail "single quotes: exit status $?: $(cat "$T/err")"
expect_eq "$out" ok "single quotes"
out=$("$SHOAL" --ssh "ssh -F \"$T/my dir/config\" -o ConnectTimeout=9" -S h1 echo ::: a 2>"$T/err") ||
  fail "double quotes: exit status $?: $(cat "$T/err")"
expect_eq "$out" a "double quotes"
out=$("$SHOAL" --ssh "ssh -F ${T// /\\ }/my\\ dir/config" --nonall -S h1 echo ok 2>"$T/err") ||
  fail "backslashes: exit status $?: $(cat "$T/err")"
expect_eq "$out" ok "backslashes"
expect_no_ssh_left
