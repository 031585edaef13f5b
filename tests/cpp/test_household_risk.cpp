// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <sdc/core/factorize.hpp>
#include <sdc/risk/household_risk.hpp>

#include <cmath>
#include <vector>

TEST_CASE("compute_household_risk: the Practice Guide household example gives 0.077918") {
  const auto household = sdc::factorize("hid", {"1", "1", "1", "2", "NA"});
  const std::vector<double> risk{0.02, 0.03, 0.03, 0.5, 0.25};
  const auto result = sdc::compute_household_risk(risk, household.view());
  const double h1 = 1 - 0.98 * 0.97 * 0.97;
  CHECK(h1 == doctest::Approx(0.077918).epsilon(1e-12));
  for (int i = 0; i < 3; ++i) CHECK(result.risk[i] == doctest::Approx(h1).epsilon(1e-14));
  CHECK(result.risk[3] == 0.5);
  CHECK(result.risk[4] == 0.25);  // no household id: a household of its own
  CHECK(result.n_households == 3);
  CHECK(result.expected_reidentifications == doctest::Approx(3 * h1 + 0.75).epsilon(1e-14));
  CHECK(result.global_risk == doctest::Approx((3 * h1 + 0.75) / 5).epsilon(1e-14));
}

TEST_CASE("compute_household_risk: large households, risk 1, tiny risks") {
  // 1000 members: no size limit.
  const std::vector<std::string> ids(1000, "h");
  const auto household = sdc::factorize("hid", ids);
  const std::vector<double> risk(1000, 1e-3);
  const auto result = sdc::compute_household_risk(risk, household.view());
  CHECK(result.risk[999] == doctest::Approx(1 - std::pow(1 - 1e-3, 1000)).epsilon(1e-12));
  const std::vector<double> with_one{1.0, 1e-3, 1e-3, 1e-3};
  const auto four = sdc::factorize("hid", {"a", "a", "b", "b"});
  const auto r = sdc::compute_household_risk(with_one, four.view());
  CHECK(r.risk[0] == 1.0);
  CHECK(r.risk[2] == doctest::Approx(1 - (1 - 1e-3) * (1 - 1e-3)).epsilon(1e-13));
  // Risks above 1 (sdcMicro-compatible mode) fall back to the plain product.
  const std::vector<double> above{1.5, 0.5, 0.0, 0.0};
  CHECK(sdc::compute_household_risk(above, four.view()).risk[0] == doctest::Approx(1 - (-0.5 * 0.5)));
}

TEST_CASE("compute_household_risk: bad input") {
  const auto household = sdc::factorize("hid", {"1", "2"});
  CHECK_THROWS_AS(sdc::compute_household_risk({0.1}, household.view()), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::compute_household_risk({0.1, NAN}, household.view()), sdc::invalid_input);
}

// ---- sdcMicro golden files --------------------------------------------------------------------

#include <sdc/risk/individual_risk.hpp>

#include "risk_example.hpp"

TEST_CASE("sdcMicro golden: testdata household risk (measure_risk with hid = ori_hid)") {
  using namespace sdc_test;
  if (!have_files({shared_path("testdata.csv"), golden_path("testdata_risk.csv"),
                   golden_path("testdata_summary.csv")})) {
    return;
  }
  const sdcmicro_testdata td(false);
  const auto golden = read_csv(golden_path("testdata_risk.csv"));
  const auto summary = read_summary(golden_path("testdata_summary.csv"));
  const auto w = td.weight_view();
  const auto risk = sdc::compute_individual_risk(sdc::compute_key_frequencies(td.views(), &w));
  const auto household = sdc::factorize("ori_hid", td.data.text("ori_hid"));
  const auto result = sdc::compute_household_risk(risk, household.view());
  check_close(result.risk, golden.numbers("hier_risk"), "hier_risk");
  CHECK(result.expected_reidentifications == doctest::Approx(summary.at("hier_risk_ER")).epsilon(1e-9));
  CHECK(result.global_risk == doctest::Approx(summary.at("hier_risk")).epsilon(1e-9));
}
