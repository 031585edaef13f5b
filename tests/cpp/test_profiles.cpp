// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <sdc/tables/profiles.hpp>

TEST_CASE("profiles carry the published defaults of their sources") {
  const auto acro = sdc::rule_profile("acro");
  CHECK(acro.min_count == 10);
  REQUIRE(acro.nk_rules.size() == 1);
  CHECK(acro.nk_rules[0].n == 2);
  CHECK(acro.nk_rules[0].k == 90.0);
  CHECK(*acro.p_percent == 10.0);
  CHECK(acro.zeros == sdc::severity::fail);
  CHECK(acro.dominance_boundary_fails);
  const auto essnet = sdc::rule_profile("essnet");
  CHECK(essnet.nk_rules[0].n == 1);
  CHECK(essnet.nk_rules[0].k == 50.0);
  const auto sdctable = sdc::rule_profile("sdctable");
  CHECK(sdctable.min_count == 4);  // freq rule n <= 3 unsafe
  CHECK(sdctable.nk_rules[0].k == 85.0);
  CHECK(*sdctable.p_percent == 80.0);
  CHECK(sdctable.pq->p == 25.0);
  CHECK(sdctable.pq->q == 50.0);
  CHECK_THROWS_WITH_AS(sdc::rule_profile("nope"), doctest::Contains("known profiles: acro essnet sdctable"),
                       sdc::invalid_input);
}

TEST_CASE("rule files and settings by name") {
  const auto rules = sdc::rules_from_text(
      "# a checker's house rules\n"
      "profile = essnet\n"
      "min_count = 5   # Bundesbank\n"
      "nk = 2:85, 1:50\n"
      "p_percent = none\n"
      "pq = 25:50\n"
      "zeros = review\n");
  CHECK(rules.min_count == 5);
  REQUIRE(rules.nk_rules.size() == 2);
  CHECK(rules.nk_rules[1].n == 1);
  CHECK(!rules.p_percent);
  CHECK(rules.pq->q == 50.0);
  CHECK(rules.zeros == sdc::severity::review);
  CHECK(rules.profile == "essnet (modified)");
  CHECK_THROWS_WITH_AS(sdc::rules_from_text("min_count = ten\n"), doctest::Contains("line 1"), sdc::invalid_input);
  CHECK_THROWS_WITH_AS(sdc::rules_from_text("min_cont = 3\n"), doctest::Contains("unknown rule setting 'min_cont'"),
                       sdc::invalid_input);
  CHECK_THROWS_WITH_AS(sdc::rules_from_text("nk = 2:150\n"), doctest::Contains("(0, 100]"), sdc::invalid_input);
  CHECK_THROWS_WITH_AS(sdc::rules_from_text("pq = 50:25\n"), doctest::Contains("0 < p < q"), sdc::invalid_input);
  CHECK_THROWS_WITH_AS(sdc::rules_from_text("min_count\n"), doctest::Contains("expected 'name = value'"),
                       sdc::invalid_input);
}

TEST_CASE("rule_settings round-trips through apply_rule_setting") {
  auto rules = sdc::rule_profile("sdctable");
  rules.nk_rules.push_back({1, 50.0});
  sdc::table_rules copy;
  for (const auto& [name, value] : sdc::rule_settings(rules)) {
    if (name != "profile") sdc::apply_rule_setting(copy, name, value);
  }
  CHECK(sdc::rule_settings(copy).size() == sdc::rule_setting_names().size());
  for (std::size_t i = 1; i < sdc::rule_settings(rules).size(); ++i) {
    CHECK(sdc::rule_settings(copy)[i] == sdc::rule_settings(rules)[i]);
  }
}
