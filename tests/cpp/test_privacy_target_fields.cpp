// SPDX-License-Identifier: MIT
// set_target_field: the one parser of privacy targets given by name (Python dicts, R lists).
#include <doctest/doctest.h>

#include <sdc/risk/lattice_search.hpp>

#include <cmath>
#include <limits>
#include <string>

namespace {
std::string message_of(double value, const char* name) {
  sdc::privacy_target t;
  try {
    sdc::set_target_field(t, name, value);
  } catch (const sdc::invalid_input& e) {
    CHECK(e.code() == sdc::errc::invalid_argument);
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("set_target_field sets each field by name") {
  sdc::privacy_target t;
  sdc::set_target_field(t, "k", 5.0);
  sdc::set_target_field(t, "max_individual_risk", 0.2);
  sdc::set_target_field(t, "max_expected_reidentifications", 3.5);
  sdc::set_target_field(t, "max_suppressed_share", 0.01);
  CHECK(t.k == 5);
  CHECK(t.max_individual_risk == 0.2);
  CHECK(t.max_expected_reidentifications == 3.5);
  CHECK(t.max_suppressed_share == 0.01);
  // Infinity is "no constraint" on the expected re-identifications and passes validate().
  sdc::set_target_field(t, "max_expected_reidentifications", std::numeric_limits<double>::infinity());
  CHECK(std::isinf(t.max_expected_reidentifications));
  sdc::validate(t);
}

TEST_CASE("set_target_field: unknown fields and bad values are named") {
  const std::string unknown = message_of(2.0, "l");
  CHECK(unknown.find("unknown target field 'l'") != std::string::npos);
  CHECK(unknown.find("known: k, max_individual_risk, max_expected_reidentifications, max_suppressed_share") !=
        std::string::npos);
  CHECK(message_of(2.5, "k").find("k must be a whole number") != std::string::npos);
  CHECK(message_of(3e9, "k").find("k must be a whole number") != std::string::npos);
  CHECK(message_of(std::nan(""), "max_suppressed_share").find("max_suppressed_share must be a number") !=
        std::string::npos);
  // Range checks stay in validate(): a share of 2 is set, then refused there.
  sdc::privacy_target t;
  sdc::set_target_field(t, "max_suppressed_share", 2.0);
  CHECK_THROWS_AS(sdc::validate(t), sdc::invalid_input);
}
