// The live status line on stderr: one line redrawn over itself with \r,
// cleared before anything else is printed so that it never mixes with
// output.
#pragma once

#include <string>

#include "shoal/io.hpp"

namespace shoal::cli {

class StatusLine {
 public:
  explicit StatusLine(bool enabled) : enabled_(enabled) {}
  bool enabled() const { return enabled_; }
  void draw(const std::string& text) {
    if (!enabled_) return;
    shoal::write_all(2, "\r" + text + "\033[K");
    shown_ = true;
  }
  void clear() {
    if (!shown_) return;
    shoal::write_all(2, "\r\033[K");
    shown_ = false;
  }

 private:
  bool enabled_;
  bool shown_ = false;
};

}  // namespace shoal::cli
