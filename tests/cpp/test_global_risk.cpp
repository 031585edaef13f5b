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

// ---- sdcMicro golden files --------------------------------------------------------------------

#include <map>

TEST_CASE("sdcMicro golden: ER, global risk and the global threshold (testdata, free1, francdat, testdata2)") {
  using namespace sdc_test;
  struct golden_case {
    std::string data, records, summary;
    std::vector<std::string> keys;
    std::string weight;
  };
  const std::vector<std::string> td_keys{"urbrur", "roof", "walls", "water", "electcon", "relat", "sex"};
  const std::vector<golden_case> cases{
      {shared_path("testdata.csv"), golden_path("testdata_risk.csv"), golden_path("testdata_summary.csv"),
       td_keys, "sampling_weight"},
      {shared_path("free1.csv"), golden_path("free1_risk.csv"), golden_path("free1_summary.csv"),
       {"REGION", "SEX", "AGE"}, "WEIGHT"},
      {shared_path("francdat.csv"), golden_path("francdat_records.csv"), golden_path("francdat_summary.csv"),
       {"Key1", "Key2", "Key3", "Key4"}, "w"},
      {shared_path("testdata2.csv"), golden_path("testdata2_records.csv"),
       golden_path("testdata2_summary.csv"), td_keys, "sampling_weight"},
      {golden_path("guide_records.csv"), golden_path("guide_records.csv"), golden_path("guide_summary.csv"),
       {"Residence", "Gender", "Education", "Labor"}, "W"}};
  for (const auto& c : cases) {
    if (!have_files({c.data, c.summary})) continue;
    INFO(c.summary);
    const auto data = read_csv(c.data);
    const auto summary = read_summary(c.summary);
    const auto keys = factorize_columns(data, c.keys);
    const auto weights = data.numbers(c.weight);
    const auto w = numeric(c.weight.c_str(), weights);
    const auto risk = sdc::compute_individual_risk(sdc::compute_key_frequencies(views_of(keys), &w));
    const auto global = sdc::compute_global_risk(risk);
    CHECK(global.expected_reidentifications == doctest::Approx(summary.at("global_risk_ER")).epsilon(1e-9));
    CHECK(global.global_risk == doctest::Approx(summary.at("global_risk")).epsilon(1e-9));
    const auto unweighted = sdc::compute_global_risk(
        sdc::compute_individual_risk(sdc::compute_key_frequencies(views_of(keys), nullptr)));
    CHECK(unweighted.expected_reidentifications ==
          doctest::Approx(summary.at("global_risk_ER_unweighted")).epsilon(1e-9));
    // measure_risk's global threshold: NA when the risk is already below the target (our
    // threshold is then the largest risk, with no record above it), 0 when unattainable.
    for (const auto& [level, name] : std::vector<std::pair<double, std::string>>{
             {0.01, "0.01"}, {0.005, "0.005"}, {0.002, "0.002"}, {0.001, "0.001"}, {1e-4, "0.0001"}}) {
      const double expected = summary.at("global_threshold_max_global_risk_" + name);
      const auto t = sdc::global_risk_threshold(risk, level);
      INFO("max_global_risk " << level << ": sdc " << t.threshold << " (" << t.records_above
                              << " above), sdcMicro " << expected);
      if (std::isnan(expected)) {
        CHECK(t.records_above == 0);
      } else if (expected == 0.0) {
        CHECK_FALSE(t.attainable);
      } else {
        CHECK(t.threshold == doctest::Approx(expected).epsilon(1e-9));
      }
    }
  }
}

TEST_CASE("sdcMicro golden: testdata with NAs, ER with alpha 1 (measure_risk)") {
  using namespace sdc_test;
  if (!have_files({shared_path("testdata.csv"), golden_path("testdata_na_summary.csv")})) return;
  const sdcmicro_testdata td(true);
  const auto summary = read_summary(golden_path("testdata_na_summary.csv"));
  const auto w = td.weight_view();
  sdc::frequency_options options;
  options.missing = sdc::missing_semantics::wildcard;
  const auto global = sdc::compute_global_risk(
      sdc::compute_individual_risk(sdc::compute_key_frequencies(td.views(), &w, options)));
  CHECK(global.expected_reidentifications == doctest::Approx(summary.at("global_risk_ER_alpha1")).epsilon(1e-9));
  sdc::individual_risk_options compatible;
  compatible.sdcmicro_compatible = true;
  options.alpha = 0.5;
  const auto f05 = sdc::compute_key_frequencies(td.views(), &w, options);
  const auto er05 = sdc::compute_global_risk(sdc::compute_individual_risk(f05, compatible));
  CHECK(er05.expected_reidentifications == doctest::Approx(summary.at("sum_rk_alpha05")).epsilon(1e-9));
  // The default counts the 17 records sdcMicro gives risk 0: a larger ER.
  CHECK(sdc::compute_global_risk(sdc::compute_individual_risk(f05)).expected_reidentifications >
        er05.expected_reidentifications);
}
