// A job's arguments from all input sources, as GNU parallel combines them:
// several sources give every combination (the last varies fastest), a
// source linked with :::+ / ::::+ pairs up with the one before it (as far as
// the shorter goes), --link pairs them all (the shorter ones start over),
// --colsep splits each line into columns, --shuf shuffles the records.
//
// Records then go into jobs: one each by default; -n N up to N; -m, -X and
// --xargs as many as the command line holds (-s, or the system's limit),
// spreading the last ones evenly over the job slots as GNU parallel does.
//
// The first source is streamed; the others are read whole when the run
// starts (a combination needs all of them for every line of the first).
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checked.hpp"
#include "colsep.hpp"
#include "input.hpp"

namespace shoal::cli {

class CommandTemplate;

struct SourceSpec {
  std::unique_ptr<InputSource> source;
  bool linked = false;  // :::+ / ::::+: pairs with the source before it
};

// How records are put into jobs.
struct Batching {
  std::size_t max_records = 1;  // -n/-N/-L; 0: as many as fit (-m, -X, --xargs)
  bool no_args = false;         // -n 0, -N 0: a record a job, none of it on the line
  std::size_t max_chars = 0;    // the command line stays shorter than this (0: unchecked)
  bool spread = false;          // -m/-X: the last records spread over the job slots
  bool link_all = false;        // --link: every source linked, shorter ones recycled
  bool shuffle = false;         // --shuf
};

class JobArguments {
 public:
  JobArguments(std::vector<SourceSpec> sources, Batching batching,
               std::optional<ColumnSplitter> colsep);
  // The old form: N records a job.
  JobArguments(std::vector<SourceSpec> sources, std::size_t per_job,
               std::optional<ColumnSplitter> colsep);

  // Reads the sources after the first to their end, or says why one
  // cannot be read. Call once before next().
  Checked<void> prepare();

  // -s: measures command lines with (a copy of) the jobs' template.
  void measure_with(std::shared_ptr<const CommandTemplate> tmpl) { template_ = std::move(tmpl); }
  // --csv: records are split into fields as CSV with this separator
  // (instead of --colsep's regular expression).
  void split_csv(char separator) { csv_separator_ = separator; }
  // -m/-X: how many job slots the last arguments are spread over.
  void spread_over(std::size_t slots) { slots_ = slots; }

  // A job's arguments, or wait, or the end -- or, where the input ends
  // early (a read failed, a record cannot be used), why: the jobs made
  // before it come first.
  Checked<InputSource::Pull> next(std::vector<std::string>& args);
  int fd() const { return groups_[0].sources[0]->fd(); }
  void readable() { groups_[0].sources[0]->readable(); }
  std::optional<std::uint64_t> total() const;

 private:
  using Record = std::vector<std::string>;
  // Sources linked together; row i takes item i of each.
  struct Group {
    std::vector<std::unique_ptr<InputSource>> sources;
    std::vector<std::vector<std::string>> items;  // read whole (not for a streamed group)
    bool recycle = false;                         // --link: rows as many as the longest
    std::size_t rows() const;
  };
  InputSource::Pull next_job(std::vector<std::string>& args);
  InputSource::Pull next_row_of_first(Record& row);
  InputSource::Pull next_record(Record& record);
  InputSource::Pull next_shuffled(Record& record);
  void add_columns(Record& args, std::string item);

  // Filling a job (batch.cpp).
  bool plain() const;
  void extend_fit();
  std::size_t ready_records();
  std::size_t line_length(std::size_t records) const;
  void take(std::size_t records, std::vector<std::string>& args);

  std::vector<Group> groups_;
  bool stream_first_ = true;  // the first group is one source, read as we go
  Batching batching_;
  std::optional<ColumnSplitter> colsep_;
  std::optional<char> csv_separator_;
  std::uint64_t csv_records_ = 0;  // for the line number in an error
  std::string error_;     // why the input ends early, said by next() at its end
  bool stopped_ = false;  // a record that cannot be used (bad CSV, too long): no more jobs

  std::size_t first_row_ = 0;          // next row of a first group read whole
  Record current_;                     // the first group's current row
  std::vector<std::size_t> odometer_;  // row of each later group
  bool have_current_ = false;

  std::vector<Record> shuffled_;  // --shuf: every record, in the order to run
  bool shuffled_read_ = false;

  std::shared_ptr<const CommandTemplate> template_;
  std::size_t slots_ = 0;
  std::deque<Record> queue_;    // records read, not yet in a job
  bool input_ended_ = false;
  std::size_t fit_ = 0;         // the first fit_ records of queue_ fit in one job
  std::size_t fit_length_ = 0;  // the line's length (estimated) with them
  bool full_ = false;           // and the job can take no more
  bool spread_done_ = false;
  std::uint64_t jobs_made_ = 0;
  std::uint64_t records_taken_ = 0;
};

// Reads an input source to its end (blocking where it has to), or says why
// it could not.
Checked<std::vector<std::string>> read_all(InputSource& source);

}  // namespace shoal::cli
