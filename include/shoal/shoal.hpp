// The one header a program needs: the whole public API of libshoal.
#pragma once

// Public API: exported from libshoal.so, which hides all else (CMakeLists.txt).
#pragma GCC visibility push(default)

#include "shoal/command.hpp"
#include "shoal/engine.hpp"
#include "shoal/event.hpp"
#include "shoal/expected.hpp"
#include "shoal/green_thread.hpp"
#include "shoal/hosts.hpp"
#include "shoal/hub.hpp"
#include "shoal/imap.hpp"
#include "shoal/io.hpp"
#include "shoal/limits.hpp"
#include "shoal/lines.hpp"
#include "shoal/loop.hpp"
#include "shoal/looping_call.hpp"
#include "shoal/output.hpp"
#include "shoal/pool.hpp"
#include "shoal/queue.hpp"
#include "shoal/quote.hpp"
#include "shoal/result.hpp"
#include "shoal/retry.hpp"
#include "shoal/run.hpp"
#include "shoal/sleep.hpp"
#include "shoal/semaphore.hpp"
#include "shoal/ssh.hpp"
#include "shoal/status.hpp"
#include "shoal/sync_wait.hpp"
#include "shoal/task.hpp"
#include "shoal/timeout.hpp"
#include "shoal/unique_fd.hpp"
#include "shoal/version.hpp"
#include "shoal/wait_list.hpp"
#include "shoal/when.hpp"

#pragma GCC visibility pop
