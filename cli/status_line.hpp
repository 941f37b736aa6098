// The live status line on stderr: one line redrawn over itself with \r,
// cleared before anything else is printed so that it never mixes with
// output, and at the end cleared or left in its final state.
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
  // Leaves `text` as the line's last state, the cursor on the next line
  // (GNU parallel's --bar, --eta and --progress end so).
  void finish(const std::string& text) {
    if (!enabled_) return;
    shoal::write_all(2, "\r" + text + "\n");
    shown_ = false;
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
