// A job's arguments from all input sources, as GNU parallel combines them:
// several sources give every combination (the last varies fastest), a
// source linked with :::+ / ::::+ pairs up with the one before it (as far as
// the shorter goes), --colsep splits each line into columns, -n N puts N
// lines into one job.
//
// The first source is streamed; the others are read whole when the run
// starts (a combination needs all of them for every line of the first).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "colsep.hpp"
#include "input.hpp"

namespace shoal::cli {

struct SourceSpec {
  std::unique_ptr<InputSource> source;
  bool linked = false;  // :::+ / ::::+: pairs with the source before it
};

class JobArguments {
 public:
  JobArguments(std::vector<SourceSpec> sources, std::size_t per_job,
               std::optional<ColumnSplitter> colsep);

  // Reads the sources after the first to their end; sets error() if one
  // fails. Call once before next().
  bool prepare();

  InputSource::Pull next(std::vector<std::string>& args);
  int fd() const { return groups_[0].sources[0]->fd(); }
  void readable() { groups_[0].sources[0]->readable(); }
  std::optional<std::uint64_t> total() const;
  const std::string& error() const { return error_; }

 private:
  // Sources linked together; row i takes item i of each.
  struct Group {
    std::vector<std::unique_ptr<InputSource>> sources;
    std::vector<std::vector<std::string>> items;  // read whole (not for a streamed group)
    std::size_t rows() const;
  };
  InputSource::Pull next_row_of_first(std::vector<std::string>& row);
  void add_columns(std::vector<std::string>& args, std::string item) const;

  std::vector<Group> groups_;
  bool stream_first_ = true;  // the first group is one source, read as we go
  std::size_t per_job_;
  std::optional<ColumnSplitter> colsep_;
  std::string error_;

  std::size_t first_row_ = 0;          // next row of a first group read whole
  std::vector<std::string> partial_;   // -n: a group of N not complete yet
  std::size_t partial_items_ = 0;
  std::vector<std::string> current_;   // the first group's current row
  std::vector<std::size_t> odometer_;  // row of each later group
  bool have_current_ = false;
};

// Reads an input source to its end (blocking where it has to).
std::vector<std::string> read_all(InputSource& source);

}  // namespace shoal::cli
