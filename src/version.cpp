// shoal::version(): the library's own version at run time, for a program
// linked against libshoal.so to compare with the SHOAL_VERSION it was built
// with (the header is generated from the CMake project version).
#include "shoal/version.hpp"

namespace shoal {

const char* version() { return SHOAL_VERSION; }

}  // namespace shoal
