/* The host: dlopens the plugin named on its command line (RTLD_LOCAL, as
 * Python loads an extension), calls it, prints what it returned. */
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  void* plugin = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!plugin) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  int (*run)(const char*, char*, int) = (int (*)(const char*, char*, int))dlsym(plugin, "plugin_run");
  const char* (*version)(void) = (const char* (*)(void))dlsym(plugin, "plugin_version");
  if (!run || !version) return 1;
  char out[256];
  if (run(argv[2], out, sizeof out) < 0) return 1;
  printf("%s %s", version(), out);
  return 0;
}
