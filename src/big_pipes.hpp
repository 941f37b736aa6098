// Pipes grown to 1 MiB, counted for the whole process. The kernel counts
// big pipes against a per-user budget (fs.pipe-user-pages-soft, 64 MiB by
// default, for users without CAP_SYS_RESOURCE), and past it shrinks every
// new pipe of the user -- ours, and every other program's -- to a few KiB.
// So shoal grows at most 16 at a time: those of running jobs, and those
// that hold finished jobs' output (Output::take_pipe), over every Engine
// and thread of the process.
#pragma once

namespace shoal::big_pipes {

constexpr int size = 1 << 20;
constexpr int most = 16;

// Grows the pipe `fd` to `size` if the bound allows and the kernel agrees,
// and counts it: true if it was grown. Each true needs one release().
bool grow(int fd);
// Counts a pipe that is grown already (one handed to an Output), even past
// the bound: it exists either way.
void add();
void release();

}  // namespace shoal::big_pipes
