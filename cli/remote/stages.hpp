// --stages: a rolling change across a fleet, as Ansible's `serial` rolls
// one: a canary, then a share of the hosts, then the rest, each stage
// starting only once the one before has ended and passed its gate. This is
// the policy alone -- parsing the list, cutting the host list into stages,
// and the gate -- so that it is tested without hosts; the Runner drives it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checked.hpp"
#include "halt.hpp"

namespace shoal::cli {

// One entry of the list: N hosts, or P% of all the hosts.
struct StageSize {
  double value = 0;
  bool percent = false;
};

// "1,10%,100%": comma-separated sizes. A one-line failure when malformed.
Checked<std::vector<StageSize>> parse_stages(std::string_view text);

// Where each stage ends in a list of `hosts` hosts (exclusive ends, the last
// one == hosts). As Ansible's serial: a percentage is of all the hosts,
// rounded down but at least 1, and the last size repeats until every host
// has a stage. No hosts: no stages.
std::vector<std::size_t> plan_stages(const std::vector<StageSize>& sizes, std::size_t hosts);

// The gate between two stages: whether the next may start after a stage
// whose jobs ended `ok` / `not_ok`. `halt` is --halt's condition, counted
// on that stage's jobs alone (fail=10% means 10% of the stage); without
// --halt any job not ok stops the rollout; --halt never lets every stage run.
bool stage_passes(const std::optional<HaltSpec>& halt, std::size_t ok, std::size_t not_ok);

}  // namespace shoal::cli
