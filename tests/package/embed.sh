#!/usr/bin/env bash
# libshoal embedded (issue 15, "Embeddable"): the library alone configures,
# builds and installs in a clean tree without the command's dependencies
# (CLI11, fmt, nlohmann-json, RE2 made unfindable); libshoal.so carries its
# version in its name and exports the public API and nothing of src/; a
# plugin links libshoal in -- libshoal.a (position-independent) or
# libshoal.so -- and a host that dlopens it runs a command through it; a
# consumer built with -Wnon-virtual-dtor -Werror includes every header.
#
# Needs SHOAL_SOURCE. Builds the library once more (a minute or two).
set -euo pipefail
: "${SHOAL_SOURCE:?}"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
src=$SHOAL_SOURCE/tests/package/embed

# 0. Every public header exports what it declares (the library is built
# with -fvisibility=hidden): a new header without the pragma would be
# missing from libshoal.so.
for h in "$SHOAL_SOURCE"/include/shoal/*.hpp "$SHOAL_SOURCE"/cmake/version.hpp.in; do
  grep -q '^#pragma GCC visibility push(default)$' "$h" && grep -q '^#pragma GCC visibility pop$' "$h" ||
    fail "$h: no #pragma GCC visibility push(default) ... pop around its declarations"
done

# 1. The library alone, as a distribution without CLI11 & co would build it.
cmake -S "$SHOAL_SOURCE" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DSHOAL_BUILD_CLI=OFF \
  -DCMAKE_DISABLE_FIND_PACKAGE_fmt=ON -DCMAKE_DISABLE_FIND_PACKAGE_CLI11=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=ON -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON >"$work/configure.log" 2>&1 ||
  { tail -n 20 "$work/configure.log"; fail "the library alone does not configure"; }
! grep -q '^RE2_STATIC' "$work/build/CMakeCache.txt" || fail "the library alone looked for RE2"
nice cmake --build "$work/build" -j 2 >"$work/build.log" 2>&1 ||
  { tail -n 40 "$work/build.log"; fail "the library alone does not build"; }
cmake --install "$work/build" --prefix "$work/prefix" >/dev/null
prefix=$work/prefix
lib=$(dirname "$(ls "$prefix"/lib*/libshoal.a)")
[ ! -e "$prefix/bin/shoal" ] || fail "the command was installed with SHOAL_BUILD_CLI=OFF"
[ -f "$prefix/include/shoal/version.hpp" ] || fail "shoal/version.hpp not installed"

# 2. libshoal.so: libshoal.so -> libshoal.so.MAJOR.MINOR -> libshoal.so.VERSION.
version=$(sed -n 's/^#define SHOAL_VERSION "\(.*\)"/\1/p' "$prefix/include/shoal/version.hpp")
soversion=${version%.*}
[ "$(readlink "$lib/libshoal.so")" = "libshoal.so.$soversion" ] || fail "libshoal.so link: $(ls -l "$lib")"
[ "$(readlink "$lib/libshoal.so.$soversion")" = "libshoal.so.$version" ] || fail "soversion link"
readelf -d "$lib/libshoal.so.$version" | has "SONAME.*\[libshoal.so.$soversion\]" || fail "SONAME"

# 3. What it exports: the public API (Pool, Engine, version) and nothing
# that src/ defines -- its classes, and the Impl of public classes.
nm -D --defined-only -C "$lib/libshoal.so" >"$work/exports"
for public in 'shoal::Pool::Pool' 'shoal::Engine::Engine' 'shoal::version()' 'shoal::Hub::current()'; do
  grep -qF "$public" "$work/exports" || fail "libshoal.so does not export $public"
done
private=$(grep -ho '^\s*\(class\|struct\) [A-Z][A-Za-z_]*' "$SHOAL_SOURCE"/src/*.hpp |
  awk '{print $2}' | sort -u)
for name in $private; do
  grep -rqE "^\s*(class|struct) $name\b" "$SHOAL_SOURCE/include/shoal" && continue  # a public one
  ! grep -qE "shoal::$name\b" "$work/exports" || fail "libshoal.so exports src/'s $name: $(grep -m1 -E "shoal::$name\b" "$work/exports")"
done
! grep -q '::Impl::' "$work/exports" || fail "libshoal.so exports an Impl: $(grep -m1 '::Impl::' "$work/exports")"
echo "libshoal.so exports $(wc -l <"$work/exports") symbols, $(grep -c ' shoal::' "$work/exports") of them shoal::"

# 4. A plugin with libshoal in it, and one linked against libshoal.so.
flags=(-std=c++20 -Wall -Wextra -Wnon-virtual-dtor -Werror -fPIC -shared -I"$prefix/include")
g++ "${flags[@]}" "$src/plugin.cpp" -o "$work/plugin_static.so" "$lib/libshoal.a" -luv ||
  fail "libshoal.a does not link into a shared object"
g++ "${flags[@]}" "$src/plugin.cpp" -o "$work/plugin_shared.so" -L"$lib" -lshoal \
  -Wl,-rpath,"$lib" || fail "a plugin does not link against libshoal.so"
! readelf -d "$work/plugin_static.so" | has 'NEEDED.*libshoal' || fail "static plugin needs libshoal.so"
readelf -d "$work/plugin_shared.so" | has "NEEDED.*\[libshoal.so.$soversion\]" ||
  fail "shared plugin does not need libshoal.so.$soversion"
gcc -Wall -Werror "$src/host.c" -o "$work/host" -ldl
for plugin in plugin_static plugin_shared; do
  out=$("$work/host" "$work/$plugin.so" embedded) || fail "$plugin: the host could not run it"
  [ "$out" = "$version embedded" ] || fail "$plugin printed: $out"
done

# 5. Every public header on its own, under the warnings a consumer may use.
for h in "$prefix"/include/shoal/*.hpp; do
  echo "#include <shoal/$(basename "$h")>" >"$work/one.cpp"
  g++ -std=c++20 -Wall -Wextra -Wnon-virtual-dtor -Werror -fsyntax-only -I"$prefix/include" \
    "$work/one.cpp" || fail "shoal/$(basename "$h") warns in a consumer"
done
echo "embed: ok"
