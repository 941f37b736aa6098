# --files (--output-as-files): each job's stdout goes to a file of its own,
# $TMPDIR/par*.par (--tmpdir), left there, and the file's name is printed
# instead of the output -- compared with GNU parallel 20221122. shoal still
# prints the jobs' stderr (GNU parallel drops it): see compatibility.md.
source "$(dirname "$0")/lib.sh"
cd "$T"
mkdir ours theirs
# The names, with the output each file holds: GNU's file names are random.
listing() {  # dir, then the arguments
  local dir=$1; shift
  local names
  if [ "$dir" = ours ]; then
    names=$("$SHOAL" -k --files --tmpdir "$T/$dir" "$@" 2> "$dir.err")
  else
    names=$(gnu_parallel -k --files --tmpdir "$T/$dir" "$@" 2> "$dir.err")
  fi
  while IFS= read -r line; do
    local tag=${line%$'\t'*} file=${line##*$'\t'}
    [ "$tag" = "$line" ] && tag=
    case $file in "$T/$dir"/par*.par) ;; *) echo "BAD NAME: $line"; continue ;; esac
    printf '%s|%s\n' "$tag" "$(od -c < "$file")"
  done <<< "$names"
}
compare() {  # what, then the arguments
  local what=$1; shift
  rm -f ours/* theirs/*
  expect_eq "$(listing ours "$@")" "$(listing theirs "$@")" "$what"
  expect_eq "$(ls ours | wc -l)" "$(ls theirs | wc -l)" "$what: files left"
}
compare "--files" --files 'seq {}' ::: 1 3 2
compare "--outputasfiles, no output" --outputasfiles true ::: 1 2
compare "--output-as-files --tag" --output-as-files --tag 'printf "a\nb"; echo {}' ::: x 'y z'
compare "--files, a big output" --files 'head -c 3000000 /dev/zero | tr "\0" x' ::: 1
# stderr: printed by shoal, as without --files.
rm -f ours/*
out=$("$SHOAL" --files --tmpdir "$T/ours" 'echo out{}; echo err{} >&2' ::: 1 2> err)
expect_eq "$(cat err)" "err1" "--files: the job's stderr"
expect_eq "$(cat "$out")" "out1" "--files: the job's stdout in the file"
# -u: the output flows straight through, as in GNU parallel.
expect_eq "$("$SHOAL" --files -u echo ::: a)" "$(gnu_parallel --files -u echo ::: a)" "--files -u"
# $TMPDIR without --tmpdir.
rm -f ours/*
out=$(TMPDIR="$T/ours" "$SHOAL" --files echo ::: 1)
expect_contains "$out" "$T/ours/par" "--files: in \$TMPDIR"
expect_nothing_left
