// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <sdc/risk/attacker_models.hpp>

#include <vector>

#include "risk_example.hpp"

TEST_CASE("compute_attacker_models: SDC Practice Guide example (methods.md 4.1)") {
  const sdc_test::practice_guide_example example;
  const auto weights = example.weight_view();
  // fk = 2 2 1 2 1 2 1 1 2 2 (7 classes); Fk = 360 360 215 152 186 152 180 215 262 262
  const auto weighted = sdc::compute_key_frequencies(example.views(), &weights);
  const auto models = sdc::compute_attacker_models(weighted);
  CHECK(models.prosecutor.records_at_risk == 1.0);  // every 1/fk >= 0.5 > 0.2
  CHECK(models.prosecutor.highest_risk == 1.0);
  CHECK(models.prosecutor.success_rate == doctest::Approx(0.7));
  CHECK(models.journalist.records_at_risk == 0.0);
  CHECK(models.journalist.highest_risk == doctest::Approx(1.0 / 152));
  CHECK(models.journalist.success_rate ==
        doctest::Approx(7.0 / (360 + 215 + 152 + 186 + 180 + 215 + 262)));
  const double marketer =
      (2 / 360.0 + 1 / 215.0 + 2 / 152.0 + 1 / 186.0 + 1 / 180.0 + 1 / 215.0 + 2 / 262.0) / 10;
  CHECK(models.marketer_success_rate == doctest::Approx(marketer));

  SUBCASE("without weights the journalist equals the prosecutor, the marketer #classes/n") {
    const auto unweighted = sdc::compute_attacker_models(sdc::compute_key_frequencies(example.views(), nullptr));
    CHECK(unweighted.journalist.success_rate == doctest::Approx(0.7));
    CHECK(unweighted.journalist.highest_risk == 1.0);
    CHECK(unweighted.marketer_success_rate == doctest::Approx(0.7));
  }
  SUBCASE("threshold") {
    sdc::attacker_model_options options;
    options.risk_threshold = 0.5;  // strictly above: only fk = 1 records
    CHECK(sdc::compute_attacker_models(weighted, options).prosecutor.records_at_risk == doctest::Approx(0.4));
    options.risk_threshold = -0.1;
    CHECK_THROWS_AS(sdc::compute_attacker_models(weighted, options), sdc::invalid_input);
  }
}
