// An unlinked temporary file: where output spills past its memory
// threshold, and what a chatty job writes its output into directly.
#pragma once

#include <string>

namespace shoal {

// A new file, open for reading and writing and close-on-exec, that has no
// name: O_TMPFILE where the filesystem has it, else mkostemp + unlink.
// `dir` empty means $TMPDIR, else /tmp. Returns -1 with errno set.
int open_unlinked_file(const std::string& dir);

}  // namespace shoal
