// SHOAL_PRIVATE: hides a class from libshoal.so's exports. Everything in
// src/ is hidden already (the library is compiled with -fvisibility=hidden),
// except what is nested in a public class: Engine::Impl, Loop::Impl and the
// like are declared in public headers, which export them, and defined here in
// src/, so they say it once more where they are defined.
#pragma once

#define SHOAL_PRIVATE __attribute__((visibility("hidden")))
