# --succeeded / --failed / --timed-out: every job's input line lands in
# exactly one list, and a list feeds straight back in as input.
source "$(dirname "$0")/lib.sh"
cd "$T"
printf '%s\n' ok-1 fail-2 slow-3 ok-4 missing-5 "with space-6" > in
cat > check <<'SCRIPT'
#!/bin/sh
case "$1" in
  ok-*|with*) exit 0 ;;
  fail-*) echo "bad image $1" >&2; exit 1 ;;
  slow-*) exec sleep 5 ;;
  missing-*) exec shoal-no-such-program ;;
esac
SCRIPT
chmod +x check
"$SHOAL" --timeout 0.5 --succeeded good --failed bad --timed-out slow ./check :::: in 2>/dev/null || true
expect_eq "$(sort good | tr '\n' '|')" "ok-1|ok-4|with space-6|" "succeeded"
expect_eq "$(sort bad | tr '\n' '|')" "fail-2|missing-5|" "failed"
expect_eq "$(cat slow)" "slow-3" "timed out"
expect_eq "$(cat good bad slow | sort)" "$(sort in)" "every input in exactly one list"
# Re-run just the failures.
"$SHOAL" --failed bad2 ./check :::: bad 2>/dev/null || true
expect_eq "$(sort bad2 | tr '\n' '|')" "fail-2|missing-5|" "failures fed back in"
