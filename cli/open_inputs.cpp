#include "open_inputs.hpp"

#include <fcntl.h>

#include <cerrno>
#include <cstring>

#include "csv_fields.hpp"

namespace shoal::cli {

namespace {

Checked<void> add_sources(const Options& o, std::vector<SourceSpec>& sources);

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
    Checked<InputSource::Pull> pull = InputSource::Pull::wait;
    while ((pull = spec.source->next(line)) && *pull == InputSource::Pull::wait) spec.source->readable();
    // A failed read is said when the jobs' input comes to its end.
    if (!pull || *pull != InputSource::Pull::item) continue;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // A header line that is not valid CSV: the names before the fault.
    if (o.multi.csv_separator) (void)split_csv(line, *o.multi.csv_separator, names);
    else if (colsep) colsep->split(line, names);
    else names.push_back(line);
  }
  return names;
}

}  // namespace

Checked<std::unique_ptr<JobArguments>> open_arguments(const Options& o,
                                                      std::vector<std::string>* column_names) {
  std::vector<SourceSpec> sources;
  if (o.inputs.empty()) sources.push_back({std::make_unique<LineSource>(0, "stdin", o.delimiter), false});
  if (auto added = add_sources(o, sources); !added) return added.failure();
  // --skip-first-line: the first source's first item is not used (read
  // now, as GNU parallel reads it before anything else; before --header's).
  if (o.skip_first_line && !sources.empty()) {
    std::string line;
    for (auto pull = sources[0].source->next(line); pull && *pull == InputSource::Pull::wait;
         pull = sources[0].source->next(line))
      sources[0].source->readable();
  }
  // -E, -r, -L: every line of every source, ::: arguments too, as GNU
  // parallel reads them.
  if (o.multi.rules.any())
    for (auto& spec : sources)
      spec.source = std::make_unique<RuledSource>(std::move(spec.source), o.multi.rules);
  std::optional<ColumnSplitter> colsep;
  if (o.colsep_given) {
    auto compiled = ColumnSplitter::compile(o.colsep);
    if (!compiled) return compiled.failure();
    colsep = std::move(*compiled);
  }
  if (o.multi.header && column_names) *column_names = read_column_names(o, sources, colsep);
  auto arguments = std::make_unique<JobArguments>(std::move(sources), o.multi.batching, std::move(colsep));
  if (o.multi.csv_separator) arguments->split_csv(*o.multi.csv_separator);
  if (auto prepared = arguments->prepare(); !prepared) return prepared.failure();
  return arguments;
}

namespace {

// The :::, :::: and -a sources, in order.
Checked<void> add_sources(const Options& o, std::vector<SourceSpec>& sources) {
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
      sources.push_back({std::make_unique<LineSource>(0, "stdin", o.delimiter), g.linked});
      continue;
    }
    shoal::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) return fail("cannot open input file " + path + ": " + std::strerror(errno));
    sources.push_back({std::make_unique<LineSource>(std::move(fd), path, o.delimiter), g.linked});
  }
  return {};
}

}  // namespace

// --retry-failed takes its jobs from the joblog: each failed job's command.
std::unique_ptr<JobArguments> failed_commands(const JoblogHistory& history,
                                              std::vector<JobKey>& jobs, std::string_view lead) {
  std::vector<std::string> commands;
  for (const auto& [key, entry] : history.jobs) {
    if (history.succeeded(key)) continue;
    jobs.push_back(key);
    std::string_view command = entry.command;
    if (!lead.empty() && command.substr(0, lead.size()) == lead) {
      command.remove_prefix(lead.size());
      if (!command.empty() && command.front() == ' ') command.remove_prefix(1);
    }
    commands.emplace_back(command);
  }
  std::vector<SourceSpec> sources;
  sources.push_back({std::make_unique<ArgsSource>(std::move(commands)), false});
  auto arguments = std::make_unique<JobArguments>(std::move(sources), 1, std::nullopt);
  (void)arguments->prepare();  // arguments in memory: nothing can fail
  return arguments;
}

}  // namespace shoal::cli
