# emit() for options.awk: one `complete` line per option for fish
# (dist/completions/shoal.fish.in holds the rest).

function quote(s) { gsub(/\\/, "\\\\", s); gsub(/'/, "\\'", s); return "'" s "'" }

function emit(    i, j, k, spellings, d, line, how, values) {
  # The spellings that take a value: the word after them is not the command.
  values = ""
  for (i = 1; i <= n; i++) if (okind[i] != "flag") { line = onames[i]; gsub(/,/, " ", line); values = values " " line }
  print "set -g __shoal_value_options" values
  for (i = 1; i <= n; i++) {
    d = odesc[i]; sub(/[;.(].*/, "", d); sub(/ +$/, "", d)
    line = "complete -c shoal -n __shoal_before_command"
    k = split(onames[i], spellings, ",")
    for (j = 1; j <= k; j++) {
      if (spellings[j] ~ /^--/) line = line " -l " substr(spellings[j], 3)
      else if (length(spellings[j]) == 2) line = line " -s " substr(spellings[j], 2)
      else line = line " -o " substr(spellings[j], 2)
    }
    how = ""
    if (okind[i] == "file") how = " -r -F"
    else if (okind[i] == "dir") how = " -x -a '(__fish_complete_directories)'"
    else if (okind[i] == "command") how = " -x -a '(__fish_complete_command)'"
    else if (okind[i] == "hosts") how = " -x -a '(__shoal_ssh_hosts)'"
    else if (okind[i] == "halt") how = " -x -a " quote(halt_values())
    else if (okind[i] == "value") how = " -x"
    print line how " -d " quote(d)
  }
}
