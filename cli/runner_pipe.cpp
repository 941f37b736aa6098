// The Runner's side of --pipe, --pipepart, --round-robin and --tee: which
// block or part each job gets, and keeping fed the jobs that read on. How
// blocks are cut is pipe_blocks.cpp's; how stdin is read, pipe_input.cpp's;
// how a job's stdin is written, pipe_feed.cpp's.
#include "runner.hpp"

namespace shoal::cli {

// Opens what the jobs will read: the -a files' parts, or stdin.
Checked<void> Runner::open_pipe() {
  const Options::Pipe& p = options_.pipe;
  if (!p.on) return {};
  auto splitter = RecordSplitter::make(p.recstart, p.recend, p.regexp);
  if (!splitter) return splitter.failure();
  std::optional<HeaderRule> header;
  if (auto rule = parse_header_rule(p.header.value_or("")); p.header && !rule) return rule.failure();
  else if (p.header) header = *rule;
  if (p.cat || p.fifo) {
    auto files = BlockFiles::open();
    if (!files) return files.failure();
    pipe_.files = std::move(*files);
  }
  if (p.part && !p.tee) {
    std::vector<std::string> files;
    for (const auto& group : options_.inputs)
      for (const auto& name : group.values) files.push_back(name);
    // GNU parallel's default: ten parts per job slot; with --round-robin
    // one (a part is all a job gets).
    std::int64_t block = p.round_robin ? -1 : p.block != 0 ? p.block : -10;
    return pipe_.parts.open(files, block, scheduler_.limit(), *splitter, p.regexp, header);
  }
  PipeRules rules;
  if (p.block > 0) rules.block_size = static_cast<std::size_t>(p.block);
  if (!p.tee) {
    rules.records = p.records;
    rules.header = header;
    rules.regexp = p.regexp;
    rules.remove_rec_sep = p.remove_rec_sep;
  }
  rules.skip_first_line = options_.skip_first_line;
  pipe_.reader.emplace(0, "stdin", std::move(*splitter), std::move(rules));
  return {};
}

// A new job for the next block (or part); false when there is none now
// (wait, or the end).
bool Runner::pull_block(Pending& pending) {
  for (;;) {
    const FilePart* part = nullptr;
    std::string block;
    if (options_.pipe.part) {
      if (pipe_.next_part == pipe_.parts.parts().size()) {
        end_pipe_input();
        return false;
      }
      part = &pipe_.parts.parts()[pipe_.next_part++];
    } else if (!next_block(block)) {
      return false;
    }
    std::uint64_t seq = in_.next_seq++;
    if (already_ran({seq, {}})) continue;  // --resume: this block's job ran before
    pending = Pending();
    pending.seq = seq;
    pending.order = in_.next_order++;
    pending.part = part;
    if (!part) pending.block = std::move(block);
    if (pipe_.files) pending.args = {pipe_.files->path(seq)};  // {}
    return true;
  }
}

// The next block of stdin: false when it must wait (the input is watched
// then) or the input has ended.
bool Runner::next_block(std::string& block) {
  if (pipe_.held) {
    block = std::move(*pipe_.held);
    pipe_.held.reset();
    return true;
  }
  if (in_.done && !options_.pipe.tee) return false;
  auto pulled = pipe_.reader->next(block);
  if (!pulled) {
    // Reading stdin failed (the blocks read before it have gone to jobs):
    // the input ends there, and shoal exits 255.
    say(pulled.error());
    stop_.own_error = true;
    end_pipe_input();
    return false;
  }
  switch (*pulled) {
    case InputSource::Pull::item:
      pipe_.block_timer.stop();  // the next block has its own time
      return true;
    case InputSource::Pull::wait:
      if (options_.pipe.block_timeout > 0 && !pipe_.block_timer.active()) {
        // --block-timeout: a block not whole after this long goes as it
        // is (cut at its last record end), as GNU parallel's alarm cuts it.
        pipe_.block_timer = Timer(loop_);
        pipe_.block_timer.start(std::chrono::seconds(options_.pipe.block_timeout), [this] {
          if (pipe_.reader) pipe_.reader->time_up();
          fill();
        });
        pipe_.block_timer.set_keeps_loop_alive(false);
      }
      if (!in_.watch.active()) {
        // One read's worth at a time: stopped once it fired, so that stdin
        // waits in its pipe while no job can take more (back-pressure).
        in_.watch = FdWatch(loop_, pipe_.reader->fd(), FdWatch::readable, [this] {
          in_.watch.stop();
          pipe_.reader->readable();
          fill();
        });
      }
      return false;
    case InputSource::Pull::end: end_pipe_input(); return false;
  }
  return false;
}

void Runner::end_pipe_input() {
  in_.watch.stop();
  pipe_.block_timer.stop();
  // The jobs that read on see the end of their input.
  for (auto& [order, running] : jobs_.running)
    if (running.feed) running.feed->finish();
  if (options_.pipe.tee) {
    pipe_.reader.reset();
    return;
  }
  in_.done = true;
  reporter_.counts().total = in_.next_order - 1;
}

// The job's stdin: a pipe shoal feeds. False when it cannot be made.
bool Runner::open_stdin(Pending& pending, Command& command) {
  if (!options_.pipe.on) return true;
  auto feed = StdinFeed::open(loop_, [this] { fill(); });
  if (!feed) {
    say(feed.error());
    stop_.own_error = true;
    return false;
  }
  pending.feed = std::move(*feed);
  command.stdin_fd = pending.feed->child_end();
  if (pipe_.files && !give_block_file(pending, command)) {
    pending.feed.reset();
    stop_.own_error = true;
    return false;
  }
  return true;
}

// --cat: the block written to its file (once: a retry reads it again), and
// the job's stdin left empty, as GNU parallel's `cat > $PARALLEL_TMP` in
// front of the job leaves it. --fifo: a named pipe, and GNU parallel's
// wrapper: the job in the background (stdin /dev/null, as a background
// job's), the block fed to `cat > FIFO` -- which waits for the job to open
// it -- and the job's exit status kept. False when the file cannot be made.
bool Runner::give_block_file(Pending& pending, Command& command) {
  const std::string& path = pending.args.at(0);
  Checked<void> made;
  if (options_.pipe.cat) {
    // Not yet written (a job put back for lack of fds has written it).
    if (pending.tries == 0 && (pending.block || pending.part)) {
      made = pending.part ? pipe_.files->write(path, *pending.part->header, *pending.part)
                          : pipe_.files->write(path, "", *pending.block);
    }
    pending.block.reset();
  } else {
    made = pipe_.files->make_fifo(path);
    // The wrapper is a new Command: what was set on the job's own carries over.
    auto timeout = command.timeout;
    auto termseq = std::move(command.termseq);
    JobInput input{pending.args, pending.seq, pending.slot};
    command = tmpl_.in_shell("(\n" + tmpl_.display(input) + "\n) </dev/null &\ncat > " +
                             shoal::shell_quote(path) + "\nwait $!");
    command.timeout = timeout;
    command.termseq = std::move(termseq);
    command.stdin_fd = pending.feed->child_end();
  }
  if (!made) say(made.error());
  return made.ok();
}

// Once the job runs: what it gets first.
void Runner::feed_started(Pending& pending) {
  StdinFeed& feed = *pending.feed;
  feed.close_child_end();
  if (options_.pipe.cat) {
    feed.finish();  // the block is in the file
    return;
  }
  if (pending.part) {
    if (!pending.part->header->empty()) feed.push(*pending.part->header);
    feed.push_file(pending.part->fd, pending.part->begin, pending.part->end - pending.part->begin);
    feed.finish();
    return;
  }
  if (pending.block) {
    // A retry needs the block again; otherwise it moves into the pipe.
    if (retry_.tries == 1) {
      feed.push(std::move(*pending.block));
      pending.block.reset();
    } else {
      feed.push(*pending.block);
    }
  }
  if (!options_.pipe.round_robin && !options_.pipe.tee) feed.finish();
  if (options_.pipe.tee && !pipe_.reader) feed.finish();  // stdin was empty
}

// --round-robin: blocks to the running jobs that have taken all they were
// given, in turn, once no new job may start. --tee: each block to every
// job, once all have started and all have taken the block before.
void Runner::feed_running() {
  if (!fed_as_they_run() || options_.pipe.part) return;
  if (scheduler_.stopping()) {
    for (auto& [order, running] : jobs_.running)
      if (running.feed) running.feed->finish();
    return;
  }
  if (options_.pipe.tee) {
    if (!in_.done) return;
    for (;;) {
      for (auto& [order, running] : jobs_.running)
        if (running.feed && running.feed->taking() && !running.feed->idle()) return;
      std::string block;
      if (!pipe_.reader || !next_block(block)) return;
      for (auto& [order, running] : jobs_.running)
        if (running.feed && running.feed->taking()) running.feed->push(block);
    }
  }
  if (scheduler_.can_start() && !in_.done) return;  // a new job takes the next block
  for (;;) {
    // The next job after the one fed last that has room.
    auto& running = jobs_.running;
    auto has_room = [](const Pending& p) { return p.feed && p.feed->taking() && p.feed->idle(); };
    Pending* free = nullptr;
    for (auto it = running.upper_bound(pipe_.robin); !free && it != running.end(); ++it)
      if (has_room(it->second)) free = &it->second;
    for (auto it = running.begin(); !free && it != running.end() && it->first <= pipe_.robin; ++it)
      if (has_room(it->second)) free = &it->second;
    if (!free) return;
    std::string block;
    if (!next_block(block)) return;
    pipe_.robin = free->order;
    free->feed->push(std::move(block));
  }
}

// --tee: every job must run at once. True (and the job is lost) when an
// argument is left once the job slots are full.
bool Runner::tee_needs_more_slots() {
  Pending extra;
  return !in_.done && pull(extra);
}

}  // namespace shoal::cli
