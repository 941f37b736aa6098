# Option values that hold replacement strings, where GNU parallel takes them
# (issue 14). GNU parallel 20221122 expands per job --tagstring, --results,
# --retries, --workdir, --template, --filter, --transferfile and --return
# (its replace_placeholders() calls; the list in its set_input_source_header),
# and replaces --header's {name} in the same ones. shoal has the first three:
# the same tries, tags and files as GNU parallel's.
source "$(dirname "$0")/lib.sh"
cd "$T"

# --retries {}: each job its own number of tries (1, 2, 3), 0 = until ok.
"$SHOAL" --retries {} 'echo {} >> ours; false' ::: 1 2 3 || true
gnu_parallel --retries {} 'echo {} >> theirs; false' ::: 1 2 3 || true
expect_eq "$(sort ours | uniq -c)" "$(sort theirs | uniq -c)" "--retries {}"
expect_eq "$(grep -c 3 ours)" 3 "job 3 tried three times"
# {2} of two sources, and a succeeding job is not retried.
rm -f ours theirs
"$SHOAL" --retries '{2}' 'echo {1} >> ours; [ {1} = ok ]' ::: ok bad ::: 4 || true
gnu_parallel --retries '{2}' 'echo {1} >> theirs; [ {1} = ok ]' ::: ok bad ::: 4 || true
expect_eq "$(sort ours | uniq -c)" "$(sort theirs | uniq -c)" "--retries {2}"

# --header's names in --retries, --tagstring and --results.
printf 'name,tries\nalpha,2\nbeta,3\n' > table.csv
rm -f ours theirs
"$SHOAL" -k --header : --colsep , --retries '{tries}' --tagstring '{name}/{tries}' \
  'echo {name} >> ours; echo out; false' :::: table.csv > tagged || true
gnu_parallel -k --header : --colsep , --retries '{tries}' --tagstring '{name}/{tries}' \
  'echo {name} >> theirs; echo out; false' :::: table.csv > ptagged || true
expect_eq "$(sort ours | uniq -c)" "$(sort theirs | uniq -c)" "--retries {name}"
expect_eq "$(cat tagged)" "$(cat ptagged)" "--tagstring {name}"
expect_eq "$(cat tagged)" "$(printf 'alpha/2\tout\nbeta/3\tout')" "--tagstring {name} text"
"$SHOAL" --header : --colsep , --results 'res/{name}/{tries.}' echo {name} :::: table.csv
gnu_parallel --header : --colsep , --results 'pres/{name}/{tries.}' echo {name} :::: table.csv
expect_eq "$(cd res && find . | sort)" "$(cd pres && find . | sort)" "--results {name}: the files"
expect_eq "$(cat res/beta/3)" "$(cat pres/beta/3)" "--results {name}: the output"
# --header 0: {file} names a :::: file (here in --tagstring).
expect_eq "$("$SHOAL" -k --header 0 --tagstring '{table.csv}' echo :::: table.csv)" \
  "$(gnu_parallel -k --header 0 --tagstring '{table.csv}' echo :::: table.csv)" "--header 0 {file}"

# A value that cannot be a number of tries: one line, 255 (GNU parallel
# reads it as Perl: 'abc' is 0, tries forever). Per job: said, not retried.
if err=$("$SHOAL" --retries abc true ::: 1 2>&1); then fail "--retries abc accepted"; fi
expect_eq "$err" "shoal: --retries: 'abc' is not a number of tries (0 or more) (see shoal --help)" "--retries abc"
set +e
err=$("$SHOAL" --retries '{nosuch}' true ::: 1 2>&1); status=$?
set -e
expect_eq "$status" 255 "--retries {nosuch}: exit status"
expect_contains "$err" "'{nosuch}' is not a number of tries" "--retries {nosuch}"
set +e
err=$("$SHOAL" --retries '{}' 'echo x >> once; false' ::: 2x 2>&1); status=$?
set -e
expect_eq "$status" 1 "--retries 2x: one job failed"
expect_eq "$(wc -l < once)" 1 "--retries 2x: tried once"
expect_eq "$err" "shoal: job 1: --retries: '2x' is not a number of tries; not tried again" "--retries 2x said"
expect_nothing_left
