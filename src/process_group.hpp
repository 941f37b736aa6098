// Whether a process group still has a living member. kill(-pgid, 0) cannot
// tell: it succeeds while the group holds only zombies, and orphaned
// zombies wait for init, which in a container may be slow to reap them.
#pragma once

#include <sys/types.h>

#include <vector>

namespace shoal {

// Scans /proc: linear in the number of processes, so it is used only when a
// timed-out job's leader has exited. Without /proc it answers as kill() does.
bool group_has_live_members(pid_t pgid);

// Those of `pgids` that have a living member, found in one scan of /proc
// however many groups are asked about. Without /proc, as kill() answers.
std::vector<pid_t> groups_with_live_members(std::vector<pid_t> pgids);

}  // namespace shoal
