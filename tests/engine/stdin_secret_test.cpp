// The engine wipes its copy of a Command's stdin_data (it may be --sudo's
// password) before letting its memory go, however the job ends. A program
// of its own because it replaces operator delete: while a test looks, every
// block the program frees is searched for the secret first, so a copy
// freed unwiped -- the write buffer, a buffer a string outgrew, the Job
// holding a short string's bytes -- is caught wherever it was.
#include <gtest/gtest.h>

#include <malloc.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "leak_check.hpp"
#include "run_one.hpp"
#include "shoal/secret.hpp"
#include "shoal/shoal.hpp"

using namespace shoal;
using namespace std::chrono_literals;
using test_support::run_one;

namespace {

// The secret's bytes live only here (a static array, never freed) and in
// the copies under test. Not a literal: the search must not find the
// program's own text. Empty: nobody looks.
char g_secret[64];
std::size_t g_secret_size = 0;
std::atomic<int> g_found{0};

void look(void* p) {
  if (!p || g_secret_size == 0) return;
  if (::memmem(p, ::malloc_usable_size(p), g_secret, g_secret_size)) ++g_found;
}

// Looks for `secret` in every block freed while it lives: all of it but
// its first byte, which emptying a string overwrites (its terminator) and
// leaves the rest where it was.
struct Looking {
  explicit Looking(const std::string& secret) {
    std::memcpy(g_secret, secret.data() + 1, secret.size() - 1);
    g_secret_size = secret.size() - 1;
    g_found = 0;
  }
  ~Looking() {
    g_secret_size = 0;
    ::explicit_bzero(g_secret, sizeof g_secret);
  }
};

// Made at run time, by shifting each byte of a text that is not it.
std::string make_secret(std::size_t size) {
  std::string s = secret_buffer(size);
  for (std::size_t i = 0; i < size; ++i) s += static_cast<char>('a' + (i * 7 + 3) % 26);
  s[0] = '#';
  return s;
}

class StdinSecret : public test_support::LeakCheck {};

// Runs `c`, whose stdin_data is `secret` (and more); checks that no block
// freed meanwhile held the secret. The Command's own copy is the caller's
// to wipe (as the command line does): wiped here before it goes.
Result run_and_look(Command c, const std::string& secret) {
  Result r;
  {
    Looking looking(secret);
    r = run_one(c);
    wipe_secret(*c.stdin_data);
    EXPECT_EQ(g_found.load(), 0) << "a freed block held the secret";
  }
  return r;
}

}  // namespace

void* operator new(std::size_t size) {
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  look(p);
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  look(p);
  std::free(p);
}

// A short secret: held inside the Job itself (no buffer of its own), so it
// is the Job's memory that must be wiped when the job ends.
TEST_F(StdinSecret, AShortOneWrittenThenHeldOpen) {
  std::string secret = make_secret(12);
  Command c = Command::shell("IFS= read -r line; echo \"${#line}\"");
  c.stdin_data = secret_buffer(secret.size() + 1);
  *c.stdin_data += secret;
  *c.stdin_data += '\n';
  c.stdin_held_open = true;
  Result r = run_and_look(std::move(c), secret);
  EXPECT_EQ(r.out.str(), "12\n");
}

// A long one: the write buffer on the heap, wiped once written.
TEST_F(StdinSecret, ALongOneWritten) {
  std::string secret = make_secret(40);
  Command c = Command::exec({"wc", "-c"});
  c.stdin_data = secret;
  Result r = run_and_look(std::move(c), secret);
  EXPECT_EQ(r.status, Status::ok);
  EXPECT_EQ(r.out.str().find("40"), r.out.str().find_first_not_of(' '));
}

// Never read: more than a pipe holds, to a child that ends (by its
// timeout) without reading. The job ends with its data unwritten.
TEST_F(StdinSecret, NeverReadAndTheJobEnds) {
  std::string secret = make_secret(40);
  Command c = Command::exec({"sleep", "100"});
  std::string data = secret_buffer(secret.size() * 50000);
  while (data.size() + secret.size() <= data.capacity()) data += secret;
  c.stdin_data = std::move(data);
  c.timeout = 100ms;
  c.kill_grace = 0ms;
  Result r = run_and_look(std::move(c), secret);
  EXPECT_EQ(r.status, Status::timeout);
}
