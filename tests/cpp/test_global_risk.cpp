// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <sdc/risk/global_risk.hpp>
#include <sdc/risk/individual_risk.hpp>

#include <cmath>
#include <vector>

#include "risk_example.hpp"

TEST_CASE("compute_global_risk: SDC Practice Guide example (methods.md 4.1)") {
  const sdc_test::practice_guide_example example;
  const auto weights = example.weight_view();
  const auto risk = sdc::compute_individual_risk(sdc::compute_key_frequencies(example.views(), &weights));
  const auto summary = sdc::compute_global_risk(risk);
  CHECK(summary.n == 10);
  CHECK(std::fabs(summary.expected_reidentifications - 0.1582346) < 1e-7);
  CHECK(summary.global_risk == doctest::Approx(summary.expected_reidentifications / 10));
  CHECK(std::fabs(summary.max_individual_risk - 0.0290109) < 1e-7);

  SUBCASE("without weights ER is the number of distinct keys") {
    const auto unweighted =
        sdc::compute_global_risk(sdc::compute_individual_risk(sdc::compute_key_frequencies(example.views(), nullptr)));
    CHECK(unweighted.expected_reidentifications == doctest::Approx(7.0).epsilon(1e-14));
    CHECK(unweighted.max_individual_risk == 1.0);
  }
}

TEST_CASE("compute_global_risk: empty and bad input") {
  const auto empty = sdc::compute_global_risk({});
  CHECK(empty.n == 0);
  CHECK(empty.global_risk == 0.0);
  CHECK_THROWS_AS(sdc::compute_global_risk({0.1, NAN}), sdc::invalid_input);
}

TEST_CASE("global_risk_threshold: mu-ARGUS global threshold by hand") {
  const std::vector<double> risk{0.1, 0.5, 0.1, 0.3};  // sorted: 0.5 0.3 0.1 0.1, ER = 1.0
  SUBCASE("target below ER: cap the two highest at 0.1") {
    // ER* = 0.2 * 4 = 0.8; j = 1: 1.0; j = 2: 0.5 + 0.3 = 0.8 (not < 0.8); j = 3: 0.2 + 0.2 = 0.4
    const auto t = sdc::global_risk_threshold(risk, 0.2);
    CHECK(t.attainable);
    CHECK(t.threshold == 0.1);
    CHECK(t.records_above == 2);
    CHECK(t.capped_expected_reidentifications == doctest::Approx(0.4));
    CHECK(t.target_expected_reidentifications == doctest::Approx(0.8));
  }
  SUBCASE("target above ER: nothing to cap") {
    const auto t = sdc::global_risk_threshold(risk, 0.3);
    CHECK(t.threshold == 0.5);
    CHECK(t.records_above == 0);
    CHECK(t.capped_expected_reidentifications == doctest::Approx(1.0));
  }
  SUBCASE("unattainable target") {
    const auto t = sdc::global_risk_threshold(risk, 0.05);  // ER* = 0.2 <= 4 * 0.1
    CHECK_FALSE(t.attainable);
    CHECK(t.records_above == 4);
  }
  CHECK_THROWS_AS(sdc::global_risk_threshold(risk, 1.5), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::global_risk_threshold({NAN}, 0.1), sdc::invalid_input);
}
