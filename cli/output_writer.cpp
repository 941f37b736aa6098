#include "output_writer.hpp"

#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>

#include "printer.hpp"
#include "shoal/io.hpp"

namespace shoal::cli {

namespace {

// Whether a write to fd may wait for someone else: a pipe, a socket, a
// terminal (Ctrl-S). A file or /dev/null takes what it is given.
bool may_stall(int fd) {
  struct stat st{};
  if (::fstat(fd, &st) != 0) return false;
  return S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || ::isatty(fd);
}

std::size_t in_memory(const OutputWriter::Piece& p) {
  if (const auto* o = std::get_if<shoal::Output>(&p.bytes)) return o->in_memory();
  if (const auto* s = std::get_if<std::string>(&p.bytes)) return s->size();
  return 0;
}

bool has_bytes(const OutputWriter::Piece& p) {
  if (const auto* range = std::get_if<Spool::Range>(&p.bytes)) return range->size > 0;
  if (const auto* s = std::get_if<std::string>(&p.bytes)) return !s->empty();
  return !std::get<shoal::Output>(p.bytes).empty();
}

}  // namespace

OutputWriter::OutputWriter(int out_fd, int err_fd, std::function<void()> before_write, Loop* loop)
    : shared_(std::make_shared<Shared>()), before_write_(std::move(before_write)) {
  shared_->out_fd = out_fd;
  shared_->err_fd = err_fd;
  if (!loop || !(may_stall(out_fd) || may_stall(err_fd))) return;
  shared_->event_fd.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!shared_->event_fd) return;  // written at once, as before
  // The thread takes no signals: they are the loop's to handle.
  sigset_t all, old;
  sigfillset(&all);
  ::pthread_sigmask(SIG_BLOCK, &all, &old);
  try {
    thread_ = std::thread(thread_main, shared_);
  } catch (const std::system_error&) {
    // No thread to be had: written at once.
  }
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (thread_.joinable()) loop_ = loop;
}

OutputWriter::~OutputWriter() {
  done_watch_.stop();
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(shared_->mutex);
    shared_->quit = true;
  }
  shared_->wake.notify_one();
  // A thread still writing may wait for a reader forever: it is left to
  // end with the process, and keeps what it uses alive (shared_).
  if (handed_ || abandoned_)
    thread_.detach();
  else
    thread_.join();
}

void OutputWriter::admit(Job& job) {
  for (Piece& p : job.pieces) {
    if (p.counted_memory || p.counted_file || std::holds_alternative<Spool::Range>(p.bytes)) continue;
    const auto* o = std::get_if<shoal::Output>(&p.bytes);
    bool file = o && o->spilled();
    std::size_t memory = in_memory(p);
    if ((file && files_ >= most_files) || (memory > 0 && memory_ + memory > memory_limit)) {
      spool_piece(p);
      if (std::holds_alternative<Spool::Range>(p.bytes)) continue;
      // It could not go to the Spool: it is kept (past the bound) rather than lost.
    }
    p.counted_memory = memory;
    p.counted_file = file;
    memory_ += memory;
    files_ += file;
  }
}

void OutputWriter::spool_piece(Piece& p) {
  auto* o = std::get_if<shoal::Output>(&p.bytes);
  auto range = o ? shared_->spool.put(*o, p.tagged ? &p.tag : nullptr)
                 : shared_->spool.put(std::get<std::string>(p.bytes));
  if (!range) {
    if (spool_error_.empty()) spool_error_ = range.error();
    return;
  }
  p.bytes = *range;  // the Output goes, and its memory and spill file with it
  p.tagged = false;
}

void OutputWriter::submit(Job job) {
  admit(job);
  if (!loop_) {
    bool anything = false;
    for (const Piece& p : job.pieces) anything |= has_bytes(p);
    if (anything && before_write_) before_write_();
    write_job(*shared_, job);
    std::deque<Job> one;
    one.push_back(std::move(job));
    complete(one);
    return;
  }
  if (job.pieces.empty() && !busy()) {
    // Nothing of its own to write, nothing before it: done now.
    if (job.done) job.done(true);
    return;
  }
  waiting_.push_back(std::move(job));
  hand_over();
}

void OutputWriter::note(std::string line) {
  Job job;
  Piece& piece = job.pieces.emplace_back();
  piece.stream = 2;
  piece.bytes = std::move(line);
  submit(std::move(job));
}

void OutputWriter::hand_over() {
  if (handed_ || waiting_.empty()) return;
  if (before_write_) before_write_();
  {
    std::lock_guard lock(shared_->mutex);
    for (Job& job : waiting_) shared_->todo.push_back(std::move(job));
    shared_->writing = true;
  }
  waiting_.clear();
  handed_ = true;
  shared_->wake.notify_one();
  if (!done_watch_.active())
    done_watch_ = FdWatch(*loop_, shared_->event_fd.get(), FdWatch::readable, [this] { on_written(); });
}

void OutputWriter::on_written() {
  std::uint64_t count;
  while (::read(shared_->event_fd.get(), &count, sizeof count) < 0 && errno == EINTR) {
  }
  std::deque<Job> done;
  {
    std::lock_guard lock(shared_->mutex);
    done.swap(shared_->done);
    handed_ = shared_->writing;
  }
  complete(done);
  hand_over();
  if (!busy()) {
    done_watch_.stop();
    if (on_idle_) on_idle_();
  }
}

// On the loop thread: the jobs are written (or could not be); their bounds
// and Spool ranges are given back, then their continuations run, in order.
void OutputWriter::complete(std::deque<Job>& jobs) {
  stdout_closed_ = shared_->stdout_closed;
  write_error_ = shared_->write_error;
  for (Job& job : jobs) {
    for (Piece& p : job.pieces) {
      memory_ -= p.counted_memory;
      files_ -= p.counted_file;
      if (auto* range = std::get_if<Spool::Range>(&p.bytes)) shared_->spool.release(*range);
    }
    if (job.done) job.done(job.delivered);
  }
}

void OutputWriter::thread_main(std::shared_ptr<Shared> s) {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(s->mutex);
      s->wake.wait(lock, [&] { return !s->todo.empty() || s->quit; });
      if (s->todo.empty()) return;
      job = std::move(s->todo.front());
      s->todo.pop_front();
    }
    write_job(*s, job);
    {
      std::lock_guard lock(s->mutex);
      s->done.push_back(std::move(job));
      if (s->todo.empty()) s->writing = false;
    }
    // Each job goes back as soon as it is written: its record need not
    // wait for a later job's output, which may be the one that stalls.
    std::uint64_t one = 1;
    while (::write(s->event_fd.get(), &one, sizeof one) < 0 && errno == EINTR) {
    }
  }
}

void OutputWriter::write_job(Shared& s, Job& job) {
  for (Piece& p : job.pieces) {
    bool is_out = p.stream == 1;
    if (is_out && s.stdout_closed) {
      job.delivered = false;
      continue;
    }
    int e = write_piece(s, p);
    if (!is_out || e == 0) continue;
    job.delivered = false;
    if (e == EPIPE) {
      s.stdout_closed = true;
    } else {
      int none = 0;
      s.write_error.compare_exchange_strong(none, e);
    }
  }
}

int OutputWriter::write_piece(const Shared& s, Piece& p) {
  int fd = p.stream == 1 ? s.out_fd : s.err_fd;
  if (auto* range = std::get_if<Spool::Range>(&p.bytes)) return s.spool.send(*range, fd);
  if (auto* bytes = std::get_if<std::string>(&p.bytes)) return write_all(fd, *bytes);
  auto& o = std::get<shoal::Output>(p.bytes);
  if (!p.tagged) return o.move_to(fd);  // bytes in a pipe move without a copy
  int result = 0;
  bool at_line_start = true;
  o.for_each_chunk([&](std::string_view chunk) {
    result = write_all(fd, tag_lines(chunk, p.tag, at_line_start));
    return result == 0;
  });
  return result;
}

}  // namespace shoal::cli
