// Reading a job's arguments to the end in a test, where next() gives an
// item, asks to wait, ends, or says why the input ended early: the items,
// and the failure kept apart (a failure nobody expected fails the test).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "arguments.hpp"

namespace test_support {

// What a pull gave, for EXPECT_EQ; a failure fails the test and reads as end.
inline shoal::cli::InputSource::Pull pulled(const shoal::cli::Checked<shoal::cli::InputSource::Pull>& pull) {
  if (!pull) ADD_FAILURE() << "the input failed: " << pull.error();
  return pull ? *pull : shoal::cli::InputSource::Pull::end;
}

// Every item of a source that does not fail.
inline std::vector<std::string> items_of(shoal::cli::InputSource& source) {
  auto items = shoal::cli::read_all(source);
  if (!items) ADD_FAILURE() << "the input failed: " << items.error();
  return items ? *items : std::vector<std::string>{};
}

// The jobs until the input ends; why it ended early goes to `failed`
// (without it, a failure is the test's).
inline std::vector<std::vector<std::string>> jobs_of(shoal::cli::JobArguments& input,
                                                     std::string* failed = nullptr) {
  std::vector<std::vector<std::string>> jobs;
  std::vector<std::string> job;
  for (;;) {
    auto pull = input.next(job);
    if (!pull) {
      if (failed) *failed = pull.error();
      else ADD_FAILURE() << "the input failed: " << pull.error();
      return jobs;
    }
    if (*pull != shoal::cli::InputSource::Pull::item) return jobs;
    jobs.push_back(job);
  }
}

}  // namespace test_support
