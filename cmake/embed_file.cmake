# Turns a file of the tree into a C++ source holding its bytes, so that a
# page or script is kept, edited and reviewed as itself (cli/run_report_page.html)
# and not as a string literal in C++. Run by add_custom_command:
#   cmake -DINPUT=file -DOUTPUT=file.cpp -DSYMBOL=name -P embed_file.cmake
# defines shoal::cli::<SYMBOL> (the bytes, NUL-terminated) and <SYMBOL>_size.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
# Lines of 32 bytes, for a readable (and diffable) generated file.
string(REGEX REPLACE "((0x..,){32})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUTPUT}"
  "// Generated from ${INPUT} by cmake/embed_file.cmake: do not edit.\n"
  "#include <cstddef>\n"
  "namespace shoal::cli {\n"
  "extern const char ${SYMBOL}[];\n"
  "extern const std::size_t ${SYMBOL}_size;\n"
  "const char ${SYMBOL}[] = {\n${bytes}0x00};\n"
  "const std::size_t ${SYMBOL}_size = ${size};\n"
  "}  // namespace shoal::cli\n")
