# --line-buffer, -u, --tagstring and --results against GNU parallel.
source "$(dirname "$0")/lib.sh"
cd "$T"
# --line-buffer: a job's lines come out as it prints them, whole, last lines
# without a newline too. Job "2" prints a2 at once and b2 after 2 s; job
# "0.5" prints b0.5 after 0.5 s: a2 must come out before b0.5.
job='echo a{}; sleep {}; echo b{}; printf c{}'
ours=$("$SHOAL" -j 2 --line-buffer "$job" ::: 2 0.5)
theirs=$(gnu_parallel -j 2 --line-buffer "$job" ::: 2 0.5)
expect_eq "$(echo "$ours" | sort)" "$(echo "$theirs" | sort)" "--line-buffer lines"
expect_eq "$(echo "$ours" | grep -n -e '^a2$' -e '^b0.5$' | cut -d: -f2 | tr '\n' ' ')" "a2 b0.5 " \
  "a line printed while its job still runs"
# A last line without a newline is glued to whatever line comes next, in
# both tools: the job "0.1" must end well before "1" prints b1, or which
# line it glues to is a matter of timing (it was, at 0.2 and 0.1 on a
# loaded machine).
expect_eq "$("$SHOAL" -j 2 --line-buffer --tag "$job" ::: 1 0.1 | sort)" \
          "$(gnu_parallel -j 2 --line-buffer --tag "$job" ::: 1 0.1 | sort)" "--line-buffer --tag"
# -u: outputs go straight through.
expect_eq "$("$SHOAL" -u -k 'echo {}' ::: x y | sort)" $'x\ny' "-u"
# --tagstring with replacement strings.
expect_eq "$("$SHOAL" -k --tagstring '{#}-{/.}' echo ::: /a/b.txt /c/d.txt)" \
          "$(gnu_parallel -k --tagstring '{#}-{/.}' echo ::: /a/b.txt /c/d.txt)" "--tagstring"
# --results: the same files as GNU parallel, nothing printed.
# An argument longer than a directory name can be is cut to one, as GNU
# parallel cuts it (once shoal failed the job).
args=(plain 'with/slash' 'back\slash' 'sp ace' "$(printf 'long%.0s' $(seq 80))")
printed=$("$SHOAL" --results ours 'echo out {}; echo err {} >&2' ::: "${args[@]}" 2>&1)
expect_eq "$printed" "" "--results prints nothing"
gnu_parallel --results theirs 'echo out {}; echo err {} >&2' ::: "${args[@]}" > /dev/null 2>&1
expect_eq "$(cd ours && find . -type f | sort)" "$(cd theirs && find . -type f | sort)" "--results layout"
while IFS= read -r -d '' f; do
  cmp "ours/$f" "theirs/$f" || fail "--results $f differs"
done < <(cd theirs && find . -type f \( -name stdout -o -name stderr \) -print0)
# --results with replacement strings: a path a job, a directory when it ends
# in '/', else the stdout file beside .err and .seq (once a directory named
# '{}.out' with GNU parallel's tree under it).
for spec in 'pre/{1}-{2}.out' 'dirs/{2}/{1}/'; do
  rm -rf pre dirs ours_at theirs_at
  "$SHOAL" --results "$spec" 'echo out {}; echo err {} >&2' ::: a b ::: x y > /dev/null
  mv "${spec%%/*}" ours_at
  gnu_parallel --results "$spec" 'echo out {}; echo err {} >&2' ::: a b ::: x y > /dev/null 2>&1
  mv "${spec%%/*}" theirs_at
  expect_eq "$(cd ours_at && find . | sort)" "$(cd theirs_at && find . | sort)" "--results $spec: the files"
  while IFS= read -r -d '' f; do
    cmp "ours_at/$f" "theirs_at/$f" || fail "--results $spec: $f differs"
  done < <(cd theirs_at && find . -type f ! -name '*seq' -print0)
done
