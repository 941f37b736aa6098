# emit() for options.awk: the option data of the bash completion
# (dist/completions/shoal.bash.in holds the logic).

function emit(    i, all, kinds, count, k, pattern) {
  all = ""
  for (i = 1; i <= n; i++) {
    gsub(/,/, " ", onames[i])
    all = all (all == "" ? "" : " ") onames[i]
    if (okind[i] == "flag") continue
    pattern = onames[i]; gsub(/ /, "|", pattern)
    k = okind[i]
    kinds[k] = (count[k]++ ? kinds[k] "|" : "") pattern
  }
  print "_shoal_options='" all "'"
  print "_shoal_halt_values='" halt_values() "'"
  print "# What follows an option: flag (nothing), value, file, dir, hosts, command, halt."
  print "_shoal_option_kind() {"
  print "  case $1 in"
  for (k in kinds) print "    " kinds[k] ") echo " k " ;;"
  print "    *) echo flag ;;"
  print "  esac"
  print "}"
}
