# Debian packages from the tree: `cpack -G DEB` in a build directory (or
# scripts/package) makes two, from the install components:
#   shoal         the command, its man page and shell completions (COMPONENT shoal)
#   libshoal-dev  headers, libshoal.a and libshoal.so, the CMake and
#                 pkg-config files (COMPONENT dev)
# The command links libshoal statically, so shoal needs no libshoal package;
# libshoal.so goes with the headers (a separate libshoal0.1 runtime package,
# as Debian's policy would have it, is left for when a program ships that
# links it dynamically).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME shoal)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "shoal")
set(CPACK_PACKAGE_CONTACT "shoal developers <shoal@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL shoal dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # NAME_VERSION_ARCH.deb
# Without the debug info of a RelWithDebInfo build: 19 MB of shoal_*.deb
# was 90% debug info.
set(CPACK_STRIP_FILES ON)
# Dependencies on shared libraries (libc6, libuv1) as dpkg-shlibdeps finds
# them, and the shlibs and ldconfig trigger for libshoal.so.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_DEV_PACKAGE_GENERATE_SHLIBS ON)

set(CPACK_DEBIAN_SHOAL_PACKAGE_NAME shoal)
set(CPACK_DEBIAN_SHOAL_PACKAGE_SECTION utils)
set(CPACK_COMPONENT_SHOAL_DESCRIPTION
  "run many shell commands at once
GNU parallel's command line and pdsh/clush-style runs on many hosts through
ssh: a bounded pool of jobs, every job's output captured whole, every job
ending in exactly one status. With its man page and bash, zsh and fish
completions.")
# The --colsep and --pipe regular expressions need nothing at run time (RE2
# is linked in); remote runs need an ssh client.
set(CPACK_DEBIAN_SHOAL_PACKAGE_RECOMMENDS "openssh-client")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libshoal-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
# libshoal.a needs libuv when a program links it (shoal.pc: Requires libuv).
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "libuv1-dev")
set(CPACK_COMPONENT_DEV_DESCRIPTION
  "C++20 library to run many commands at once (libshoal)
libshoal is the engine behind the shoal command: a GreenPool of coroutine
tasks over real processes, with timeouts, cancellation and retries, and the
command line's ssh fleets. Headers, static and shared library,
find_package(shoal) and pkg-config files.")

include(CPack)
