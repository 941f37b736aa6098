#!/usr/bin/env bash
# Every ```cpp / ```c++ block of README.md and docs/*.md is compiled here,
# with g++ and with clang++, and a whole program is run: a snippet that
# stops compiling fails the tests, so none can rot unseen again (the first
# one in the docs did: `auto r = h.wait();` copies a move-only Expected).
# New blocks, and new files under docs/, are picked up without a change
# here.
#
# What a block is, is said by a marker -- an HTML comment, which readers of
# the rendered page never see -- on the line before its fence, or else by
# the block itself:
#
#   (no marker, `int main` in it)   a whole program: compiled, linked, run;
#                                   it must exit 0 within 60 s.
#   (no marker, no `int main`)      namespace-scope code (declarations,
#                                   functions): compiled.
#   <!-- snippet: main -->          statements: the body of int main().
#   <!-- snippet: task -->          statements that co_await: the body of a
#                                   shoal::Task<void> coroutine.
#   <!-- snippet: file -->          namespace-scope code, said explicitly.
#
# The marker's further lines, up to `-->`, are what the snippet takes as
# given (the `ids` it loops over, the `fetch_token` it calls), placed at
# namespace scope before it:
#
#   <!-- snippet: task
#   shoal::Command cmd;
#   -->
#
# Fragments get <shoal/shoal.hpp>, <cstdio>, <stdexcept>, <string>,
# <vector> and std::chrono_literals; a whole program gets nothing -- a
# reader copies it as it stands. Everything is built with
# -Wall -Wextra -Wnon-virtual-dtor -Werror (fragments without -Wunused:
# a fragment's results are often left unused), and errors point at the
# markdown's own lines (#line).
#
# Needs SHOAL_SOURCE and SHOAL_LIB (libshoal's file); SHOAL_EXAMPLE_FLAGS
# carries the sanitizer flags of a sanitizer build (clang++ then only
# compiles: it cannot link against GCC's sanitizer runtime).
set -euo pipefail
: "${SHOAL_SOURCE:?}" "${SHOAL_LIB:?}"
flags=${SHOAL_EXAMPLE_FLAGS:-}
work=$(mktemp -d /tmp/shoal-snippets.XXXXXX)
trap 'rm -rf "$work"' EXIT

compilers=()
command -v g++ >/dev/null && compilers+=(g++)
for c in clang++ clang++-14; do
  if command -v "$c" >/dev/null; then compilers+=("$c"); break; fi
done
[ ${#compilers[@]} = 2 ] || { echo "FAIL: need both g++ and clang++ (scripts/install-deps)" >&2; exit 1; }

cd "$SHOAL_SOURCE"
docs=(README.md docs/*.md)

# Cut the blocks out: b<N>.meta (file, first code line, kind, marker line),
# b<N>.given and b<N>.code.
awk -v out="$work" '
  function fail(msg) { printf "FAIL: %s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"; bad = 1; exit 1 }
  FNR == 1 { in_marker = 0; in_code = 0; pending = "" }
  in_code {
    if ($0 ~ "^" indent "```[[:space:]]*$") { in_code = 0; close(code); next }
    line = $0; sub("^" indent, "", line); print line > code; next
  }
  in_marker {
    if ($0 ~ /^[[:space:]]*-->[[:space:]]*$/) { in_marker = 0; next }
    print > given; next
  }
  /^[[:space:]]*<!--[[:space:]]*snippet:/ {
    if (pending != "") fail("a snippet marker not followed by a ```cpp block")
    kind = $0; sub(/^[[:space:]]*<!--[[:space:]]*snippet:[[:space:]]*/, "", kind)
    rest = kind; sub(/[[:space:]].*$/, "", kind); sub(/-->.*$/, "", kind)
    if (kind != "main" && kind != "task" && kind != "file")
      fail("snippet kind \"" kind "\": main, task or file")
    n++; given = out "/b" n ".given"; printf "" > given
    pending = kind; marker_line = FNR
    if (rest !~ /-->/) in_marker = 1
    next
  }
  /^[[:space:]]*```([cC]\+\+|cpp|cxx)[[:space:]]*$/ {
    indent = $0; sub(/```.*$/, "", indent)
    if (pending == "") { n++; given = out "/b" n ".given"; printf "" > given; marker_line = 0 }
    close(given)
    code = out "/b" n ".code"; printf "" > code
    printf "%s %d %s %d\n", FILENAME, FNR + 1, (pending == "" ? "auto" : pending), marker_line > (out "/b" n ".meta")
    close(out "/b" n ".meta")
    pending = ""; in_code = 1; next
  }
  /^[[:space:]]*$/ { next }
  { if (pending != "") fail("a snippet marker not followed by a ```cpp block") }
  END { if (!bad && pending != "") fail("a snippet marker at the end of the file") }
' "${docs[@]}"

warn=(-std=c++20 -Wall -Wextra -Wnon-virtual-dtor -Werror)
libdir=$(dirname "$SHOAL_LIB")
# shoal/version.hpp is generated into the build tree (CMakeLists.txt).
build_include=${SHOAL_BUILD_INCLUDE:-$libdir/include}
# shellcheck disable=SC2207
uv_libs=($(pkg-config --libs libuv))
failures=0 blocks=0 programs=0

for meta in "$work"/b*.meta; do
  [ -e "$meta" ] || break
  b=${meta%.meta}
  read -r doc line kind marker_line <"$meta"
  blocks=$((blocks + 1))
  if [ "$kind" = auto ]; then
    if grep -Eq '\bint[[:space:]]+main[[:space:]]*\(' "$b.code"; then kind=program; else kind=file; fi
  fi
  # Compiled under the markdown file's own name (-x c++), which the #line
  # directives also give: GCC takes code under a name other than the main
  # file's for a header's, and warns (-Wsubobject-linkage) about a lambda
  # in a task passed to retry() -- which in the user's own .cpp it is not.
  src=$work/src/$doc
  mkdir -p "$(dirname "$src")"
  {
    if [ "$kind" != program ]; then
      printf '#include <shoal/shoal.hpp>\n#include <cstdio>\n#include <stdexcept>\n#include <string>\n#include <vector>\nusing namespace std::chrono_literals;\n'
      if [ -s "$b.given" ]; then
        printf '#line %d "%s"\n' $((marker_line + 1)) "$doc"
        cat "$b.given"
      fi
    fi
    case $kind in
      main) printf 'int main() {\n' ;;
      task) printf 'shoal::Task<void> snippet_body() {\n' ;;
    esac
    printf '#line %d "%s"\n' "$line" "$doc"
    cat "$b.code"
    case $kind in
      main) printf '\n}\n' ;;
      task) printf '\n  co_return;\n}\n' ;;
    esac
  } >"$src"

  where="$doc:$line ($kind)"
  for cxx in "${compilers[@]}"; do
    if [ "$kind" = program ]; then
      if [ "$cxx" = g++ ] || [ -z "$flags" ]; then
        cxx_flags=()
        [ "$cxx" = g++ ] && cxx_flags=($flags)
        if ! (cd "$work/src" && "$cxx" "${warn[@]}" "${cxx_flags[@]}" -I"$SHOAL_SOURCE/include" -I"$build_include" \
          -x c++ "$doc" -x none -o "$b.$cxx.bin" "$SHOAL_LIB" "${uv_libs[@]}" -Wl,-rpath,"$libdir") 2>"$b.err"; then
          echo "FAIL: $where does not build with $cxx:" >&2; head -n 30 "$b.err" >&2
          failures=$((failures + 1)); continue
        fi
        programs=$((programs + 1))
        if ! (cd "$work" && timeout 60 "$b.$cxx.bin" >"$b.out" 2>&1); then
          echo "FAIL: $where, built with $cxx, did not exit 0:" >&2; tail -n 20 "$b.out" >&2
          failures=$((failures + 1))
        fi
        continue
      fi
    fi
    extra=()
    [ "$kind" != program ] && extra=(-Wno-unused)
    if ! (cd "$work/src" && "$cxx" "${warn[@]}" "${extra[@]}" -I"$SHOAL_SOURCE/include" -I"$build_include" \
      -x c++ -c "$doc" -o "$b.$cxx.o") 2>"$b.err"; then
      echo "FAIL: $where does not compile with $cxx:" >&2; head -n 30 "$b.err" >&2
      [ "$kind" = file ] && [ ! -s "$b.given" ] &&
        echo "  (a fragment of statements needs a marker before it: <!-- snippet: main --> or <!-- snippet: task -->; see $0)" >&2
      failures=$((failures + 1))
    fi
  done
done

[ "$blocks" -gt 0 ] || { echo "FAIL: no C++ block found in ${docs[*]}" >&2; exit 1; }
[ "$failures" = 0 ] || { echo "FAIL: $failures builds or runs failed ($blocks blocks, ${compilers[*]})" >&2; exit 1; }
echo "snippets: $blocks blocks ($programs program builds run) with ${compilers[*]}: ok"
