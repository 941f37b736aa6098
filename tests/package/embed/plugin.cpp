// A plugin: a shared object that links libshoal in (statically, or against
// libshoal.so) and is loaded with dlopen by a host that knows nothing of
// C++ or libshoal. It runs a command through a Pool and hands back its
// output, so the test sees the library work from inside the plugin.
#include <shoal/shoal.hpp>

#include <cstring>

extern "C" int plugin_run(const char* word, char* out, int size) {
  shoal::Pool pool(2);
  auto h = pool.spawn(shoal::Command::exec({"echo", word}));
  const auto& r = h.wait();
  if (!r || r->status != shoal::Status::ok) return -1;
  std::string text = r->out.str();
  if (static_cast<int>(text.size()) >= size) return -1;
  std::memcpy(out, text.c_str(), text.size() + 1);
  return static_cast<int>(text.size());
}

extern "C" const char* plugin_version() { return shoal::version(); }
