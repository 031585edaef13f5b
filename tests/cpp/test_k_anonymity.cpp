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
