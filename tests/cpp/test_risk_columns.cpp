// SPDX-License-Identifier: MIT
// The SDC Practice Guide example (methods.md 4.1): fk = 2 2 1 2 1 2 1 1 2 2, distinct
// l-diversity of Health = 1 1 1 2 1 2 1 1 2 2.
#include <doctest/doctest.h>

#include <sdc/core/factorize.hpp>
#include <sdc/risk/frequencies.hpp>
#include <sdc/risk/k_anonymity.hpp>
#include <sdc/risk/l_diversity.hpp>
#include <sdc/risk/risk_columns.hpp>
#include <string>
#include <vector>

#include "risk_example.hpp"

TEST_CASE("risk_columns: k-anonymity levels and class sizes of the Practice Guide example") {
  const sdc_test::practice_guide_example example;
  const auto freq = sdc::compute_key_frequencies(example.views(), nullptr);
  sdc::k_anonymity_options options;
  options.k = {2, 3};
  const auto columns = sdc::to_columns(sdc::assess_k_anonymity(freq, options));
  CHECK(columns.k == std::vector<int>{2, 3});
  CHECK(columns.records_below_k == std::vector<std::int64_t>{4, 10});
  CHECK(columns.combinations_below_k == std::vector<std::int64_t>{4, 7});
  // 4 classes of 1 record, 3 of 2.
  CHECK(columns.class_size == std::vector<std::int64_t>{1, 2});
  CHECK(columns.classes == std::vector<std::int64_t>{4, 3});
  CHECK(columns.class_records == std::vector<std::int64_t>{4, 6});
}

TEST_CASE("risk_columns: l-diversity per record and in long-form summaries") {
  const sdc_test::practice_guide_example example;
  const auto health = sdc::factorize("Health", {"yes", "yes", "yes", "yes", "yes", "no", "no", "yes", "no", "yes"});
  const auto result = sdc::l_diversity(example.views(), {health.view()});
  const auto columns = sdc::to_columns(result);
  CHECK(columns.variables == std::vector<std::string>{"Health"});
  CHECK(columns.distinct[0] == std::vector<std::int64_t>{1, 1, 1, 2, 1, 2, 1, 1, 2, 2});
  REQUIRE(columns.summary_variable.size() == 6);
  CHECK(columns.summary_variable[3] == "(all)");
  CHECK(columns.summary_measure[0] == "distinct");
  CHECK(columns.summary_minimum[0] == 1);
  // Classes {1,2} (yes, yes), {3}, {4,6} (yes, no), {5}, {7}, {8}, {9,10} (no, yes): distinct
  // l < 2 for {1,2} and the four uniques, 6 records.
  CHECK(columns.summary_classes_below[0] == 5);
  CHECK(columns.summary_records_below[0] == 6);
}
