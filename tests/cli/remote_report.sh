# --report of remote runs, against a real sshd: a row per host, an
# unreachable host counted and listed with ssh's own message -- also a host
# that never ran a job (its share went to the hosts that were up).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_sshd.sh"
command -v chromium > /dev/null || fail "chromium is not installed (scripts/install-deps installs it)"
dom_of() {  # html file
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --user-data-dir="$T/chrome-$MARK" --window-size=1280,800 --dump-dom "file://$1" 2> /dev/null
}

rc=0
"$SHOAL" --ssh "$SSH" --nonall -S h1,dead,h2 --report "$T/nonall.html" 'echo up; [ $(hostname) ] && exit 0' \
  > /dev/null 2>&1 || rc=$?
expect_eq "$rc" 1 "exit status counts the dead host"
dom=$(dom_of "$T/nonall.html")
expect_contains "$dom" ' data-ready="1"' "the page's script ran"
expect_contains "$dom" 'data-rows="3"' "a row per host"
expect_contains "$dom" 'id="count-ok" data-count="2"' "two hosts ok"
expect_contains "$dom" 'id="count-unreachable" data-count="1"' "the dead host counted"
expect_contains "$dom" 'id="count-hosts" data-count="3"' "three hosts"
[[ "$dom" =~ class=\"failure\ error\"\ data-seq=\"1\".*unreachable.*dead.*Connection\ refused ]] ||
  fail "the dead host listed with ssh's message"

# Spread: the dead host runs no job; the page still names it.
"$SHOAL" --ssh "$SSH" -S dead,h1 --report "$T/spread.html" echo ::: 1 2 3 4 > /dev/null 2>&1
dom=$(dom_of "$T/spread.html")
expect_contains "$dom" 'id="count-ok" data-count="4"' "every job ran on h1"
expect_contains "$dom" 'id="count-unreachable" data-count="1"' "the dead host counted"
expect_contains "$dom" 'hosts never reached (1)' "the dead host listed"
expect_no_ssh_left
expect_nothing_left
echo ok
