#include "input.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "csv_fields.hpp"
#include "ending.hpp"

namespace shoal::cli {

InputSource::Pull ArgsSource::pull(std::string& item) {
  if (next_ == args_.size()) return Pull::end;
  item = std::move(args_[next_++]);
  return Pull::item;
}

std::string unquote_delimiter(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (c != '\\' || i + 1 == text.size()) {
      out += c;
    } else if (next == 'n' || next == 't' || next == 'r') {
      out += next == 'n' ? '\n' : next == 't' ? '\t' : '\r';
      ++i;
    } else if (next >= '0' && next <= '9') {
      // Three digits if there are three, else one (GNU parallel's order).
      std::size_t digits = 1;
      if (i + 3 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 2])) &&
          std::isdigit(static_cast<unsigned char>(text[i + 3])))
        digits = 3;
      unsigned value = 0;
      for (std::size_t d = 0; d < digits; ++d) value = value * 8 + static_cast<unsigned>(text[i + 1 + d] - '0');
      out += static_cast<char>(value & 0xff);
      i += digits;
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<std::string> split_at_delimiter(std::string_view arg, std::string_view delimiter) {
  std::vector<std::string> pieces;
  if (delimiter.empty()) return {std::string(arg)};
  for (;;) {
    auto at = arg.find(delimiter);
    pieces.emplace_back(arg.substr(0, at));
    if (at == std::string_view::npos) return pieces;
    arg.remove_prefix(at + delimiter.size());
  }
}

LineSource::LineSource(shoal::UniqueFd fd, std::string name, std::string delimiter)
    : LineSource(fd.get(), std::move(name), std::move(delimiter)) {
  owned_ = std::move(fd);
}

LineSource::LineSource(int fd, std::string name, std::string delimiter)
    : fd_(fd), name_(std::move(name)), delimiter_(std::move(delimiter)) {
  struct stat st{};
  pollable_ = ::fstat(fd, &st) == 0 &&
              (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || S_ISCHR(st.st_mode));
  // /dev/null is a character device that epoll refuses; reading it never blocks.
  if (pollable_ && S_ISCHR(st.st_mode) && !::isatty(fd)) pollable_ = false;
}

namespace {

// An argument cannot hold NUL (argv is C strings): GNU parallel writes it
// as the two characters \0, and says so once.
void replace_nul(std::string& item) {
  static bool said = false;
  std::string out;
  for (char c : item) {
    if (c == '\0') out += "\\0";
    else out += c;
  }
  item = std::move(out);
  if (!said) {
    said = true;
    say("warning: a NUL in the input was replaced with \\0 (an argument cannot hold NUL; -0 reads "
        "NUL-separated input)");
  }
}

}  // namespace

InputSource::Pull LineSource::pull(std::string& item) {
  Pull pulled = next_record(item);
  if (pulled == Pull::item && item.find('\0') != std::string::npos) replace_nul(item);
  return pulled;
}

InputSource::Pull LineSource::next_record(std::string& item) {
  for (;;) {
    // One byte (the common case) is a memchr. A long record is searched
    // once, not again from its start after every read: `searched_` is
    // where no delimiter can begin before.
    std::size_t from = std::max(pos_, searched_);
    auto nl = delimiter_.size() == 1 ? buffer_.find(delimiter_[0], from) : buffer_.find(delimiter_, from);
    if (nl != std::string::npos) {
      item.assign(buffer_, pos_, nl - pos_);
      pos_ = nl + delimiter_.size();
      return Pull::item;
    }
    if (buffer_.size() >= delimiter_.size()) searched_ = buffer_.size() - delimiter_.size() + 1;
    if (eof_) {
      if (pos_ < buffer_.size()) {
        item.assign(buffer_, pos_, std::string::npos);
        pos_ = buffer_.size();
        return Pull::item;
      }
      return Pull::end;
    }
    if (pollable_ && !ready_) return Pull::wait;
    // Keep the buffer small: drop what has been handed out already.
    if (pos_ > 0) {
      buffer_.erase(0, pos_);
      searched_ = searched_ > pos_ ? searched_ - pos_ : 0;
      pos_ = 0;
    }
    char chunk[1 << 16];
    ssize_t n = ::read(fd_, chunk, sizeof chunk);
    ready_ = false;  // one read per readiness: a second could block
    if (n > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(n));
    } else if (n == 0) {
      eof_ = true;
    } else if (errno != EINTR && errno != EAGAIN) {
      failed_ = "cannot read " + name_ + ": " + std::strerror(errno);
      eof_ = true;
    }
  }
}

namespace {

bool only_blanks(std::string_view line) {
  return line.find_first_not_of(" \t\n\r\f\v") == std::string_view::npos;
}

bool ends_in_blank(std::string_view line) {
  return !line.empty() && std::isspace(static_cast<unsigned char>(line.back()));
}

}  // namespace

InputSource::Pull RuledSource::pull(std::string& item) {
  for (;;) {
    std::string line;
    Pull pulled = Pull::end;
    if (!ended_) {
      auto read = source_->next(line);
      if (!read) failed_ = read.error();  // said after a line held for -L
      pulled = read ? *read : Pull::end;
    }
    if (pulled == Pull::wait) return pulled;
    if (pulled == Pull::item && rules_.eof && line == *rules_.eof) {
      ended_ = true;  // the rest of this source is not read
      pulled = Pull::end;
    }
    if (pulled == Pull::end) {
      ended_ = true;
      if (!held_) return Pull::end;
      item = std::move(*held_);  // a continued line at the end is itself
      held_.reset();
      return Pull::item;
    }
    if (held_) {
      line = std::move(*held_) + line;
      held_.reset();
    }
    if (rules_.csv_delimiter && inside_csv_quotes(line)) {
      held_ = std::move(line) + *rules_.csv_delimiter;
      continue;
    }
    if (rules_.skip_empty && only_blanks(line)) continue;
    if (rules_.continue_lines && ends_in_blank(line)) {
      held_ = std::move(line);
      continue;
    }
    item = std::move(line);
    return Pull::item;
  }
}

}  // namespace shoal::cli
