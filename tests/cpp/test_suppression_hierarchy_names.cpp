// SPDX-License-Identifier: MIT
// The default hierarchy of a key without one (sdc::suppression_hierarchy) names its levels
// "original" and "*": the names review_request and both bindings' lattice searches report.
#include <doctest/doctest.h>

#include <sdc/risk/hierarchy.hpp>

#include <string>
#include <vector>

TEST_CASE("suppression_hierarchy names its two levels original and *") {
  const auto h = sdc::suppression_hierarchy("sex", {"F", "M", "X"});
  REQUIRE(h.n_levels() == 2);
  CHECK(h.level_names == std::vector<std::string>{"original", "*"});
  CHECK(h.levels[0] == std::vector<std::string>{"F", "M", "X"});
  CHECK(h.levels[1] == std::vector<std::string>{"*", "*", "*"});
  // The names are accepted as levels (e.g. min_levels / max_levels given by name).
  CHECK(sdc::level_from_string(h, "original") == 0);
  CHECK(sdc::level_from_string(h, "*") == 1);
  CHECK(h.level_name(1) == "*");
}
