// Wiping a secret (--sudo's password) from a string's memory. Its own
// header because both halves of the library hold such bytes: the ssh
// settings (shoal/ssh.hpp) and the engine, which copies a Command's
// stdin_data into its write buffer (shoal/command.hpp).
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include <cstddef>
#include <string>

namespace shoal {

// Overwrites the text's whole buffer with zeros (explicit_bzero: not
// optimised away) and empties it. Only this buffer: copies made before,
// and buffers a string let go when it grew, are out of its reach.
void wipe_secret(std::string& text);

// Zeros the 64 KiB of this thread's stack below the caller's frame: what
// a secret's bytes left there, out of any string's reach -- the vector
// registers a memcpy of them used, saved on the stack when the dynamic
// linker resolves a function on its first call, or a signal arrives.
// Called from a shallow frame (near main's) once the secret is no longer
// needed.
void wipe_stack();

// An empty string whose buffer is on the heap and holds `size` bytes
// without growing: a secret built in it (then moved, never copied) has
// one copy, which wipe_secret reaches. A short string's bytes live inside
// the string object itself, and each move of it would leave a copy behind
// (on a stack that is never wiped).
std::string secret_buffer(std::size_t size);

}  // namespace shoal

#pragma GCC visibility pop
