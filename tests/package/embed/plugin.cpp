// A plugin: a shared object that links libshoal in (statically, or against
// libshoal.so) and is loaded with dlopen by a host that knows nothing of
// C++ or libshoal. It runs a command through a Pool and hands back its
// output, so the test sees the library work from inside the plugin.
#include <shoal/shoal.hpp>

#include <cstring>

// A task waiting for another green thread: instantiates the awaiters too, so
// that -Wnon-virtual-dtor sees them.
static shoal::Task<std::string> echo(shoal::Pool& pool, std::string word) {
  auto h = pool.spawn(shoal::Command::exec({"echo", word}));
  const auto& r = co_await h;
  co_return r && r->status == shoal::Status::ok ? r->out.str() : std::string();
}

extern "C" int plugin_run(const char* word, char* out, int size) {
  shoal::Pool pool(2);
  auto h = pool.spawn(echo(pool, word));
  const auto& r = h.wait();
  if (!r || r->empty()) return -1;
  const std::string& text = *r;
  if (static_cast<int>(text.size()) >= size) return -1;
  std::memcpy(out, text.c_str(), text.size() + 1);
  return static_cast<int>(text.size());
}

extern "C" const char* plugin_version() { return shoal::version(); }
