// --help's text around the options and --version's line (help_text.cpp).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace shoal::cli {

// "shoal VERSION", the version from CMake's project() (shoal/version.hpp).
std::string version_line();

// The description, usage line and footer of --help, its two-column layout,
// and -V/--version.
void add_help_and_version(CLI::App& app);

}  // namespace shoal::cli
