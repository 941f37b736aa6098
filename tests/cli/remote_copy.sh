# --copy and --rcopy against the real sshd: hostile names (spaces, quotes,
# a leading -, ..) arrive intact with their mode and times; a pull puts each
# host's copy at DEST/NAME.HOST; one record per host in the joblog; a
# failed copy is a failed record with the tool's message and its host in
# --failed; nothing of the copy's staging is left; no ssh left behind.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_sshd.sh"

src="$T/src"
mkdir -p "$src/d i r/in'ner"
printf 'one\n' > "$src/a b"
printf 'two\n' > "$src/it's \"q\""
printf 'three\n' > "$src/-lead"
printf 'four\n' > "$src/d i r/in'ner/f \$x"
chmod 750 "$src/a b"
touch -d '2001-02-03 04:05:06' "$src/a b"

# Push: to two hosts (the same server: the same directory), through a
# --dest with spaces, a quote and .. in it, made since it is missing.
dest="$T/dst/sub/../to it's"
"$SHOAL" --ssh "$SSH" -S h1,h2 --copy "$src/a b" "$src/it's \"q\"" "$src/d i r" \
  --dest "$dest" --joblog "$T/log" > "$T/out" 2> "$T/err" || fail "push failed: $(cat "$T/err")"
real="$T/dst/to it's"
expect_eq "$(cat "$real/a b")" one "pushed file"
expect_eq "$(cat "$real/it's \"q\"")" two "quotes in a name"
expect_eq "$(cat "$real/d i r/in'ner/f \$x")" four "a directory, recursively"
expect_eq "$(stat -c '%a %Y' "$real/a b")" "$(stat -c '%a %Y' "$src/a b")" "mode and mtime kept"
expect_eq "$(awk -F'\t' 'NR > 1 { print $2, $7 }' "$T/log" | sort)" "$(printf 'h1 0\nh2 0')" "one ok record per host"
expect_contains "$(awk -F'\t' 'NR == 2 { print $9 }' "$T/log")" "--copy" "the joblog's Command says what ran"
expect_eq "$(ls -A "$real" | wc -l)" 3 "no temporary file left"

# A leading - : a relative source and a relative local --dest are never options.
(cd "$src" && "$SHOAL" --ssh "$SSH" -S h1 --copy=-lead --dest "$T/dst2") || fail "push of -lead"
expect_eq "$(cat "$T/dst2/-lead")" three "a name with a leading -"

# Pull: each host's copy as NAME.HOST, files and directories alike.
"$SHOAL" --ssh "$SSH" -S h1,h2 --rcopy "$src/a b" "$src/d i r/" --dest "$T/pulled" 2> "$T/err" ||
  fail "pull failed: $(cat "$T/err")"
for h in h1 h2; do
  expect_eq "$(cat "$T/pulled/a b.$h")" one "pulled file from $h"
  expect_eq "$(cat "$T/pulled/d i r.$h/in'ner/f \$x")" four "pulled directory from $h"
done
expect_eq "$(stat -c '%a %Y' "$T/pulled/a b.h1")" "$(stat -c '%a %Y' "$src/a b")" "pull keeps mode and mtime"
expect_eq "$(ls -A "$T/pulled" | sort | tr '\n' ' ')" "a b.h1 a b.h2 d i r.h1 d i r.h2 " "nothing else in DEST"
# Again, after a change: the copy is replaced, not nested inside the old one.
printf 'changed\n' > "$src/a b"
(cd "$T" && "$SHOAL" --ssh "$SSH" -S h1 --rcopy "$src/a b" "$src/d i r" --dest=-pulled) || fail "pull into -pulled"
(cd "$T" && "$SHOAL" --ssh "$SSH" -S h1 --rcopy "$src/a b" "$src/d i r" --dest=-pulled) || fail "second pull"
expect_eq "$(cat "$T/-pulled/a b.h1")" changed "a relative --dest with a leading -, pulled again"
expect_eq "$(ls -A "$T/-pulled/d i r.h1")" "in'ner" "a directory pulled again is not nested"
# A file where the directory's copy goes (and a directory where the
# file's goes): the new copy takes its place, no staging is left.
rm -rf "$T/-pulled/d i r.h1" "$T/-pulled/a b.h1"
echo old > "$T/-pulled/d i r.h1"
mkdir "$T/-pulled/a b.h1"
(cd "$T" && "$SHOAL" --ssh "$SSH" -S h1 --rcopy "$src/a b" "$src/d i r" --dest=-pulled) ||
  fail "pull over a file and a directory in the way"
expect_eq "$(ls -A "$T/-pulled/d i r.h1")" "in'ner" "a directory pulled over a file"
expect_eq "$(cat "$T/-pulled/a b.h1")" changed "a file pulled over a directory"
expect_eq "$(ls -A "$T/-pulled" | sort | tr '\n' ' ')" "a b.h1 d i r.h1 " "no staging left"

# Failures: one record per host, the tool's message on stderr, the host
# in --failed ready for --slf; a dead host is an error record.
set +e
"$SHOAL" --ssh "$SSH" -S h1,dead --rcopy "$src/no such" --dest "$T/p2" --joblog "$T/log2" \
  --failed "$T/failed" > "$T/out" 2> "$T/err"
rc=$?
set -e
expect_eq "$rc" 2 "two failed copies"
expect_contains "$(cat "$T/err" "$T/out")" "no such" "rsync's own message"
expect_eq "$(sort "$T/failed" | tr '\n' ' ')" "dead h1 " "--failed lists the hosts"
expect_eq "$(awk -F'\t' 'NR > 1' "$T/log2" | wc -l)" 2 "one record per host"
expect_eq "$(ls -A "$T/p2")" "" "nothing that looks like a copy"
expect_eq "$(awk -F'\t' '$2 == "dead" { print $7 }' "$T/log2")" 255 "an unreachable host: Exitval 255"
expect_contains "$(cat "$T/err")" "dead: ssh: connect to host" "ssh's own message for it"

# One login per host: the copy, the scp fallback and its mkdir all go
# through the host's shared connection.
before=$(logins)
"$SHOAL" --ssh "$SSH" -S 'h[1-3]' --copy "$src/a b" --dest "$T/dst3" || fail "push to 3 hosts"
expect_eq "$(($(logins) - before))" 3 "one login per host"
# A pull is one session a host: its own login, no shared connection.
before=$(logins)
"$SHOAL" --ssh "$SSH" -S 'h[1-3]' --rcopy "$src/a b" --dest "$T/p3" || fail "pull from 3 hosts"
expect_eq "$(($(logins) - before))" 3 "one login per host for a pull"

# Many copies into one directory at once (every alias is this machine, as
# hosts sharing a home over NFS are): each rsync holds its files back in a
# directory of its own. With rsync's shared default (.~tmp~) the first to
# finish removed it under the others ("rename failed"), most runs of these.
mkdir -p "$T/many/tree/sub"
for i in $(seq 30); do echo "$i" > "$T/many/tree/f$i"; echo "$i" > "$T/many/tree/sub/g$i"; done
for round in 1 2 3 4; do
  rm -rf "$T/shared"
  "$SHOAL" --ssh "$SSH" -S 'h[1-6]' --copy "$T/many/tree" --dest "$T/shared" 2> "$T/err" ||
    fail "six copies into one directory, round $round: $(cat "$T/err")"
  diff -r "$T/many/tree" "$T/shared/tree" || fail "six copies into one directory: not whole"
  [ -z "$(find "$T/shared" -name '.shoal-tmp.*')" ] || fail "a holding directory was left"
done

# A host without rsync (its shell cannot find it: exit 127) gets scp,
# hostile names and all; --copy-tool scp does the same everywhere.
cat > "$T/no-rsync-ssh" <<SCRIPT
#!/bin/bash
# rsync's --rsync-path is one word, "... command -v rsync ... && rsync":
# here \`command -v\` finds nothing.
args=(); for a in "\$@"; do [[ \$a == *"&& rsync" ]] && a="command() { return 1; }; \$a"; args+=("\$a"); done
exec ssh -F $SSH_CONFIG "\${args[@]}"
SCRIPT
chmod +x "$T/no-rsync-ssh"
before=$(logins)
"$SHOAL" --ssh "$T/no-rsync-ssh" -S h1 --copy "$src/it's \"q\"" "$src/d i r" --dest "$T/by scp/x" \
  2> "$T/err" || fail "push by scp: $(cat "$T/err")"
expect_eq "$(cat "$T/by scp/x/d i r/in'ner/f \$x")" four "scp fallback pushed a directory"
expect_eq "$(cat "$T/err")" "" "rsync's complaint is not shown when scp made good"
expect_eq "$(($(logins) - before))" 1 "the fallback shares the login"
"$SHOAL" --ssh "$SSH" -S h1,h2 --copy-tool scp --rcopy "$src/it's \"q\"" --dest "$T/scp-pulled" ||
  fail "pull by scp"
expect_eq "$(cat "$T/scp-pulled/it's \"q\".h2")" two "pulled by scp"
expect_eq "$(ls -A "$T/scp-pulled" | wc -l)" 2 "no staging left by scp"

# A wrapper in --ssh (setsid, sshpass) is not for scp, which takes the ssh
# program alone: the copy goes by rsync both ways, whose -e runs anything.
"$SHOAL" --ssh "setsid -w $SSH" -S h1 --rcopy "$src/a b" --dest "$T/wrapped" 2> "$T/err" ||
  fail "pull through a wrapper in --ssh: $(cat "$T/err")"
"$SHOAL" --ssh "setsid -w $SSH" -S h1 --copy "$src/a b" --dest "$T/wrapped-push" 2> "$T/err" ||
  fail "push through a wrapper in --ssh: $(cat "$T/err")"
expect_eq "$(cat "$T/wrapped/a b.h1")$(cat "$T/wrapped-push/a b")" "$(cat "$src/a b")$(cat "$src/a b")" \
  "copies through a wrapper in --ssh"

# A timeout or Ctrl-C ends the copy on the host too: its side of the
# transfer (here a stand-in that reads the connection, as rsync's server
# does) sees the connection close.
cp "$(command -v cat)" "$T/$MARK-cat"
cat > "$T/stuck-ssh" <<SCRIPT
#!/bin/bash
# The words after --rsync-path's end up in the comment.
args=(); for a in "\$@"; do
  [[ \$a == *"&& rsync" ]] && a="echo \\\$\\\$ > $T/rpid; exec $T/$MARK-cat > /dev/null #"
  args+=("\$a")
done
exec ssh -F $SSH_CONFIG "\${args[@]}"
SCRIPT
chmod +x "$T/stuck-ssh"
set +e
"$SHOAL" --ssh "$T/stuck-ssh" -S h1 --timeout 6 --copy "$src/a b" --dest "$T/dst4" --joblog "$T/log4" 2>/dev/null
rc=$?
set -e
expect_eq "$rc" 1 "a copy timed out"
expect_eq "$(awk -F'\t' 'NR == 2 { print $7, $8 }' "$T/log4")" "-1 15" "joblog: timed out"
[ -s "$T/rpid" ] || fail "the host's side did not start"
wait_gone "$(cat "$T/rpid")" || fail "the host's side survived the timeout"
# (A pull is by scp unless rsync is asked for; the stand-in takes rsync's
# place.)
ctrl_c_ends_remote "the copy" --ssh "$T/stuck-ssh" -S h1 --copy-tool rsync --rcopy "$src/a b" --dest "$T/p4"
expect_eq "$(ls -A "$T/p4")" "" "an interrupted pull leaves nothing, staging included"
# A timed-out pull leaves no staging either, and the copy an earlier pull
# left stays as it was; staging a killed run left (nothing could clean up
# after SIGKILL) goes with the next pull.
mkdir -p "$T/p5"
echo earlier > "$T/p5/a b.h1"
set +e
"$SHOAL" --ssh "$T/stuck-ssh" -S h1 --timeout 4 --copy-tool rsync --rcopy "$src/a b" --dest "$T/p5" 2>/dev/null
rc=$?
set -e
expect_eq "$rc" 1 "a pull timed out"
expect_eq "$(ls -A "$T/p5")" "a b.h1" "a timed-out pull leaves nothing, staging included"
expect_eq "$(cat "$T/p5/a b.h1")" earlier "a timed-out pull leaves the earlier copy as it was"
mkdir -p "$T/p5/.shoal-partial.h1/a b"
"$SHOAL" --ssh "$SSH" -S h1 --rcopy "$src/a b" --dest "$T/p5" || fail "pull over stale staging"
expect_eq "$(ls -A "$T/p5")" "a b.h1" "a killed run's staging is cleared"

# Names that are glob patterns to the tools on the host (rsync's and
# scp's SFTP mode) are pulled as themselves: `a*b` is that file, not
# every a?b; and a --dest made of wildcards is that directory.
g="$T/globs"
mkdir -p "$g"
for n in 'a*b' 'a?b' 'a[x]b' 'axb' "-q'uo\"te *" 'back\slash'; do printf '%s\n' "$n" > "$g/$n"; done
for tool in rsync scp; do
  "$SHOAL" --ssh "$SSH" -S h1 --copy-tool $tool --rcopy "$g/a*b" "$g/a[x]b" "$g/-q'uo\"te *" \
    "$g/back\\slash" --dest "$T/gp-$tool" 2> "$T/err" || fail "$tool: pull of wildcards: $(cat "$T/err")"
  expect_eq "$(ls -A "$T/gp-$tool" | LC_ALL=C sort | tr '\n' '|')" "-q'uo\"te *.h1|a*b.h1|a[x]b.h1|back\\slash.h1|" \
    "$tool: each pattern pulled only itself"
  expect_eq "$(cat "$T/gp-$tool/a[x]b.h1")" 'a[x]b' "$tool: [x] is not a class"
  mkdir -p "$T/gd-$tool/dXx] ?"
  "$SHOAL" --ssh "$SSH" -S h1 --copy-tool $tool --copy "$g/axb" --dest "$T/gd-$tool/d*[x] ?" ||
    fail "$tool: push into a wildcard --dest"
  expect_eq "$(cat "$T/gd-$tool/d*[x] ?/axb")" axb "$tool: --dest is a path, not a pattern"
  expect_eq "$(ls -A "$T/gd-$tool/dXx] ?")" "" "$tool: nothing went where the pattern leads"
done

# A symbolic link arrives as what it points to, by either tool and either
# way, as pdcp and clush (scp) copy it.
l="$T/links"
mkdir -p "$l/d"
echo target > "$l/target"
ln -s ../target "$l/d/inner"
ln -s target "$l/link"
for tool in rsync scp; do
  "$SHOAL" --ssh "$SSH" -S h1 --copy-tool $tool --copy "$l/link" "$l/d" --dest "$T/lk-$tool" ||
    fail "$tool: push of links"
  "$SHOAL" --ssh "$SSH" -S h1 --copy-tool $tool --rcopy "$l/link" "$l/d" --dest "$T/lp-$tool" ||
    fail "$tool: pull of links"
  for f in "lk-$tool/link" "lk-$tool/d/inner" "lp-$tool/link.h1" "lp-$tool/d.h1/inner"; do
    [ -f "$T/$f" ] && [ ! -L "$T/$f" ] || fail "$f: a link was copied as a link"
    expect_eq "$(cat "$T/$f")" target "$f: the link's target's content"
  done
done

# A copy's record is its names as given: nothing in them is a
# replacement string.
cp "$src/a b" "$T/a{}b"
"$SHOAL" --ssh "$SSH" -S h1 --copy "$T/a{}b" --dest "$T/rec" --joblog "$T/log6" || fail "push of a{}b"
expect_eq "$(awk -F'\t' 'NR == 2 { print $9 }' "$T/log6")" "--copy '$T/a{}b' --dest $T/rec" "the record as given"
expect_eq "$(ls -A "$T/rec")" "a{}b" "a{}b pushed"

# Cut short, a push leaves nothing under its final name. scp (here one
# that copies the first source, then fails) writes into a staging
# directory, removed; rsync holds a directory's files back until all have
# arrived (here a slow one, timed out while the second file is on its way).
mkdir -p "$T/halfbin" "$T/slowbin"
cat > "$T/halfbin/scp" <<'SCRIPT'
#!/bin/bash
args=("$@"); n=${#args[@]}
for ((i = 0; i < n; i++)); do [ "${args[i]}" = -- ] && break; done
/usr/bin/scp "${args[@]:0:i+2}" "${args[n-1]}"
exit 1
SCRIPT
printf '#!/bin/sh\nexec /usr/bin/rsync --bwlimit=100 "$@"\n' > "$T/slowbin/rsync"
chmod +x "$T/halfbin/scp" "$T/slowbin/rsync"
set +e
PATH="$T/halfbin:$PATH" "$SHOAL" --ssh "$SSH" -S h1 --copy-tool scp --copy "$src/a b" "$src/d i r" \
  --dest "$T/half" 2>/dev/null
rc=$?
set -e
expect_eq "$rc" 1 "scp failed halfway"
expect_eq "$(ls -A "$T/half")" "" "scp cut short: nothing under a final name, no staging"
mkdir -p "$T/tree"
echo small > "$T/tree/a"
head -c 3000000 /dev/urandom > "$T/tree/b"
set +e
PATH="$T/slowbin:$PATH" "$SHOAL" --ssh "$SSH" -S h1 --timeout 3 --copy-tool rsync --copy "$T/tree" \
  --dest "$T/slow" 2>/dev/null
rc=$?
set -e
expect_eq "$rc" 1 "a slow push timed out"
[ ! -e "$T/slow/tree/a" ] || fail "rsync cut short: the first file is under its final name"
[ ! -e "$T/slow/tree/b" ] || fail "rsync cut short: the second file is under its final name"

expect_no_ssh_left
expect_nothing_left
