// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <sdc/risk/k_anonymity.hpp>

#include <vector>

#include "risk_example.hpp"

TEST_CASE("assess_k_anonymity: SDC Practice Guide example (methods.md 4.1)") {
  const sdc_test::practice_guide_example example;
  const auto frequencies = sdc::compute_key_frequencies(example.views(), nullptr);
  const auto report = sdc::assess_k_anonymity(frequencies);
  CHECK(report.n_records == 10);
  CHECK(report.n_combinations == 7);
  REQUIRE(report.levels.size() == 4);
  CHECK(report.levels[0].k == 2);
  CHECK(report.levels[0].records_below_k == 4);
  CHECK(report.levels[0].combinations_below_k == 4);
  CHECK(report.levels[1].k == 3);
  CHECK(report.levels[1].records_below_k == 10);
  CHECK(report.levels[1].combinations_below_k == 7);
  CHECK(report.levels[3].records_below_k == 10);
  CHECK(report.sample_uniques == 4);
  CHECK(report.unique_combinations == 4);
  REQUIRE(report.class_sizes.size() == 2);
  CHECK(report.class_sizes[0].size == 1);
  CHECK(report.class_sizes[0].classes == 4);
  CHECK(report.class_sizes[0].records == 4);
  CHECK(report.class_sizes[1].size == 2);
  CHECK(report.class_sizes[1].classes == 3);
  CHECK(report.class_sizes[1].records == 6);
}

TEST_CASE("assess_k_anonymity: records versus combinations, custom k, wildcard fk") {
  // Classes of sizes 1, 1, 2, 3, 5: k = 3 -> 4 records in 3 combinations; k = 4 -> 7 in 4.
  std::vector<std::string> values;
  for (const auto& [label, count] : std::vector<std::pair<std::string, int>>{
           {"a", 1}, {"b", 1}, {"c", 2}, {"d", 3}, {"e", 5}}) {
    for (int i = 0; i < count; ++i) values.push_back(label);
  }
  const std::vector<sdc::factorized_column> keys{sdc::factorize("A", values)};
  const auto frequencies = sdc::compute_key_frequencies(sdc_test::views_of(keys), nullptr);
  sdc::k_anonymity_options options;
  options.k = {3, 4, 1};
  const auto report = sdc::assess_k_anonymity(frequencies, options);
  CHECK(report.levels[0].records_below_k == 4);
  CHECK(report.levels[0].combinations_below_k == 3);
  CHECK(report.levels[1].records_below_k == 7);
  CHECK(report.levels[1].combinations_below_k == 4);
  CHECK(report.levels[2].records_below_k == 0);
  CHECK(report.class_sizes.size() == 4);  // sizes 1 (twice), 2, 3, 5

  SUBCASE("wildcard: fractional fk below k counts") {
    const std::vector<sdc::factorized_column> na_keys{sdc::factorize("A", {"a", "a", "NA", "b"}),
                                                      sdc::factorize("B", {"x", "x", "x", "y"})};
    sdc::frequency_options wildcard;
    wildcard.missing = sdc::missing_semantics::wildcard;
    wildcard.alpha = 0.5;
    const auto f = sdc::compute_key_frequencies(sdc_test::views_of(na_keys), nullptr, wildcard);
    // fk = 2.5 2.5 3 1
    sdc::k_anonymity_options k3;
    k3.k = {3};
    const auto r = sdc::assess_k_anonymity(f, k3);
    CHECK(r.levels[0].records_below_k == 3);
    CHECK(r.levels[0].combinations_below_k == 2);
    CHECK(r.sample_uniques == 1);
  }
  SUBCASE("bad k") {
    options.k = {0};
    CHECK_THROWS_AS(sdc::assess_k_anonymity(frequencies, options), sdc::invalid_input);
  }
}

#include <fstream>

#include "golden.hpp"

TEST_CASE("assess_k_anonymity: mu-ARGUS free1, keys REGION SEX AGE: 3452 records vs 3058 combinations") {
  const std::string path = std::string(SDC_SHARED_DATA_DIR) + "/sdcmicro/free1.csv";
  if (!std::ifstream(path)) {
    MESSAGE("skipped: " << path << " not found");
    return;
  }
  const auto table = sdc_test::read_csv(path);
  std::vector<sdc::factorized_column> keys;
  for (const char* name : {"REGION", "SEX", "AGE"}) keys.push_back(sdc::factorize(name, table.text(name)));
  const auto frequencies = sdc::compute_key_frequencies(sdc_test::views_of(keys), nullptr);
  sdc::k_anonymity_options options;
  options.k = {3};
  const auto report = sdc::assess_k_anonymity(frequencies, options);
  CHECK(report.n_records == 4000);
  CHECK(report.levels[0].records_below_k == 3452);
  CHECK(report.levels[0].combinations_below_k == 3058);
}

TEST_CASE("sdcMicro golden: records and combinations with fk < k (testdata, free1, francdat, testdata2, NAs)") {
  using namespace sdc_test;
  struct golden_case {
    std::string data, summary;
    std::vector<std::string> keys;
  };
  const std::vector<std::string> td_keys{"urbrur", "roof", "walls", "water", "electcon", "relat", "sex"};
  const std::vector<golden_case> cases{
      {shared_path("testdata.csv"), golden_path("testdata_summary.csv"), td_keys},
      {shared_path("free1.csv"), golden_path("free1_summary.csv"), {"REGION", "SEX", "AGE"}},
      {shared_path("francdat.csv"), golden_path("francdat_summary.csv"), {"Key1", "Key2", "Key3", "Key4"}},
      {shared_path("testdata2.csv"), golden_path("testdata2_summary.csv"), td_keys}};
  for (const auto& c : cases) {
    if (!have_files({c.data, c.summary})) continue;
    INFO(c.summary);
    const auto summary = read_summary(c.summary);
    const auto keys = factorize_columns(read_csv(c.data), c.keys);
    sdc::k_anonymity_options options;
    options.k = {2, 3, 5};
    const auto report = sdc::assess_k_anonymity(sdc::compute_key_frequencies(views_of(keys), nullptr), options);
    CHECK(static_cast<double>(report.n_combinations) == summary.at("distinct_keys"));
    CHECK(static_cast<double>(report.sample_uniques) == summary.at("n1"));
    for (const auto& level : report.levels) {
      INFO("k = " << level.k);
      CHECK(static_cast<double>(level.records_below_k) ==
            summary.at("records_fk_lt_" + std::to_string(level.k)));
      CHECK(static_cast<double>(level.combinations_below_k) ==
            summary.at("keys_fk_lt_" + std::to_string(level.k)));
    }
  }
  if (!have_files({shared_path("testdata.csv"), golden_path("testdata_na_summary.csv")})) return;
  const sdcmicro_testdata td(true);
  const auto summary = read_summary(golden_path("testdata_na_summary.csv"));
  for (const auto& [alpha, tag] : std::vector<std::pair<double, std::string>>{{1.0, "alpha1"}, {0.5, "alpha05"}}) {
    sdc::frequency_options options;
    options.missing = sdc::missing_semantics::wildcard;
    options.alpha = alpha;
    sdc::k_anonymity_options k23;
    k23.k = {2, 3};
    const auto report = sdc::assess_k_anonymity(sdc::compute_key_frequencies(td.views(), nullptr, options), k23);
    CHECK(static_cast<double>(report.levels[0].records_below_k) == summary.at("records_fk_lt_2_" + tag));
    CHECK(static_cast<double>(report.levels[1].records_below_k) == summary.at("records_fk_lt_3_" + tag));
  }
}
