// How shoal declares an option: its names, the variable CLI11 fills, one
// line of help, the word that stands for its value in --help, and the
// heading of --help it is listed under. A run of options under one heading
// names the heading once, here, instead of each option repeating CLI11's
// three calls.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace shoal::cli {

class OptionGroup {
 public:
  OptionGroup(CLI::App& app, std::string heading) : app_(app), heading_(std::move(heading)) {}

  // An option that takes a value: `value` names it in --help (N, FILE, ...).
  template <class T>
  CLI::Option* option(const std::string& names, T& into, const std::string& help,
                      const std::string& value) {
    return app_.add_option(names, into, help)->type_name(value)->group(heading_);
  }

  // A flag: on when given.
  template <class T>
  CLI::Option* flag(const std::string& names, T& into, const std::string& help) {
    return app_.add_flag(names, into, help)->group(heading_);
  }

 private:
  CLI::App& app_;
  std::string heading_;
};

}  // namespace shoal::cli
