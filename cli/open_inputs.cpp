#include "open_inputs.hpp"

#include <fcntl.h>

#include <cerrno>
#include <cstring>

#include "csv_fields.hpp"

namespace shoal::cli {

namespace {

void add_sources(const Options& o, std::vector<SourceSpec>& sources, std::string& error);

// --header: the first line of every source (read now, blocking: GNU
// parallel reads it before anything else) split into column names. With
// --header 0 the names are the :::: and -a files' names instead, counted
// as GNU parallel counts them (files only).
std::vector<std::string> read_column_names(const Options& o, std::vector<SourceSpec>& sources,
                                           const std::optional<ColumnSplitter>& colsep) {
  std::vector<std::string> names;
  if (*o.multi.header == "0") {
    for (const auto& g : o.inputs)
      if (g.kind == InputGroup::Kind::file) names.push_back(g.values[0]);
    return names;
  }
  for (auto& spec : sources) {
    std::string line;
    InputSource::Pull pull;
    while ((pull = spec.source->next(line)) == InputSource::Pull::wait) spec.source->readable();
    if (pull != InputSource::Pull::item) continue;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // A header line that is not valid CSV: the names before the fault.
    if (o.multi.csv_separator) (void)split_csv(line, *o.multi.csv_separator, names);
    else if (colsep) colsep->split(line, names);
    else names.push_back(line);
  }
  return names;
}

}  // namespace

// Opens every input source; sets `error` when one cannot be.
std::unique_ptr<JobArguments> open_arguments(const Options& o, std::string& error,
                                             std::vector<std::string>* column_names) {
  std::vector<SourceSpec> sources;
  if (o.inputs.empty()) sources.push_back({std::make_unique<LineSource>(0, false, "stdin", o.delimiter), false});
  add_sources(o, sources, error);
  if (!error.empty()) return nullptr;
  // --skip-first-line: the first source's first item is not used (read
  // now, as GNU parallel reads it before anything else; before --header's).
  if (o.skip_first_line && !sources.empty()) {
    std::string line;
    while (sources[0].source->next(line) == InputSource::Pull::wait) sources[0].source->readable();
  }
  // -E, -r, -L: every line of every source, ::: arguments too, as GNU
  // parallel reads them.
  if (o.multi.rules.any())
    for (auto& spec : sources)
      spec.source = std::make_unique<RuledSource>(std::move(spec.source), o.multi.rules);
  std::optional<ColumnSplitter> colsep;
  if (o.colsep_given) {
    auto compiled = ColumnSplitter::compile(o.colsep);
    if (!compiled) {
      error = compiled.error();
      return nullptr;
    }
    colsep = std::move(*compiled);
  }
  if (o.multi.header && column_names) *column_names = read_column_names(o, sources, colsep);
  auto arguments = std::make_unique<JobArguments>(std::move(sources), o.multi.batching, std::move(colsep));
  if (o.multi.csv_separator) arguments->split_csv(*o.multi.csv_separator);
  if (!arguments->prepare()) {
    error = arguments->error();
    return nullptr;
  }
  return arguments;
}

namespace {

// The :::, :::: and -a sources, in order.
void add_sources(const Options& o, std::vector<SourceSpec>& sources, std::string& error) {
  for (const auto& g : o.inputs) {
    if (g.kind == InputGroup::Kind::args) {
      // GNU parallel cuts each argument at the delimiter, as it cuts lines.
      std::vector<std::string> args;
      for (const auto& v : g.values)
        for (auto& piece : split_at_delimiter(v, o.delimiter)) args.push_back(std::move(piece));
      sources.push_back({std::make_unique<ArgsSource>(std::move(args)), g.linked});
      continue;
    }
    const std::string& path = g.values[0];
    if (path == "-") {
      sources.push_back({std::make_unique<LineSource>(0, false, "stdin", o.delimiter), g.linked});
      continue;
    }
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      error = "cannot open input file " + path + ": " + std::strerror(errno);
      return;
    }
    sources.push_back({std::make_unique<LineSource>(fd, true, path, o.delimiter), g.linked});
  }
}

}  // namespace

// --retry-failed takes its jobs from the joblog: each failed job's command.
std::unique_ptr<JobArguments> failed_commands(const JoblogHistory& history,
                                              std::vector<JobKey>& jobs) {
  std::vector<std::string> commands;
  for (const auto& [key, entry] : history.jobs) {
    if (history.succeeded(key)) continue;
    jobs.push_back(key);
    commands.push_back(entry.command);
  }
  std::vector<SourceSpec> sources;
  sources.push_back({std::make_unique<ArgsSource>(std::move(commands)), false});
  auto arguments = std::make_unique<JobArguments>(std::move(sources), 1, std::nullopt);
  arguments->prepare();
  return arguments;
}

}  // namespace shoal::cli
