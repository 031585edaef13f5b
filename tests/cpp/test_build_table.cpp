// SPDX-License-Identifier: MIT
// Values here are computed by hand (small data) or with pandas (microdata1, see comments).
#include <doctest/doctest.h>

#include <cmath>
#include <sdc/core/factorize.hpp>
#include <sdc/tables/build_table.hpp>
#include <string>
#include <vector>

#include "golden.hpp"

using sdc::margin_coordinate;
constexpr std::int32_t T = margin_coordinate;

namespace {
sdc::numeric_view numbers(const char* name, const std::vector<double>& values) {
  return sdc::numeric_view{name, values.data(), values.size()};
}
}  // namespace

TEST_CASE("build_table: counts with all margins on a 2x2 table (by hand)") {
  const auto region = sdc::factorize("region", {"A", "A", "B", "B", "B"});
  const auto sex = sdc::factorize("sex", {"F", "M", "F", "F", "M"});
  sdc::table_request request;
  request.dimensions = {region.view(), sex.view()};
  request.labels = {region.labels, sex.labels};
  const auto t = sdc::build_table(request);
  REQUIRE(t.cells.size() == 9);
  CHECK(t.at({0, 0}).value == 1);
  CHECK(t.at({0, 1}).value == 1);
  CHECK(t.at({0, T}).value == 2);
  CHECK(t.at({1, 0}).value == 2);
  CHECK(t.at({1, 1}).value == 1);
  CHECK(t.at({1, T}).value == 3);
  CHECK(t.at({T, 0}).value == 3);
  CHECK(t.at({T, 1}).value == 2);
  CHECK(t.at({T, T}).value == 5);
  CHECK(t.describe(t.at({1, T})) == "(region=B, sex=Total)");
  CHECK(t.at({1, 0}).evidence.n_contributors == 2);
}

TEST_CASE("build_table: missing spanning values get a (missing) category, nothing is dropped") {
  const auto region = sdc::factorize("region", {"A", "NA", "B", ""});
  sdc::table_request request;
  request.dimensions = {region.view()};
  request.labels = {region.labels};
  const auto t = sdc::build_table(request);
  REQUIRE(t.dimensions[0].labels == std::vector<std::string>{"A", "B", "(missing)"});
  CHECK(t.at({2}).value == 2);
  CHECK(t.at({T}).value == 4);
}

TEST_CASE("build_table: sums, means, top contributions, negatives and missing values") {
  const auto group = sdc::factorize("g", {"a", "a", "a", "b", "b"});
  const std::vector<double> wage{10, -30, 20, 5, std::nan("")};
  sdc::table_request request;
  request.dimensions = {group.view()};
  request.value = numbers("wage", wage);
  request.stat = sdc::statistic::sum;
  const auto t = sdc::build_table(request);
  const auto& a = t.at({0});
  CHECK(a.value == 0);  // 10 - 30 + 20
  CHECK(a.evidence.n_negative == 1);
  CHECK(a.evidence.dominance_total == 60);  // |10| + |-30| + |20|
  CHECK(a.evidence.top_contributions == std::vector<double>{30, 20, 10});
  const auto& b = t.at({1});
  CHECK(b.value == 5);
  CHECK(b.evidence.n_missing == 1);
  CHECK(b.evidence.n_values == 1);
  const auto& total = t.at({T});
  CHECK(total.value == 5);
  CHECK(total.evidence.top_contributions == std::vector<double>{30, 20, 10});

  request.stat = sdc::statistic::mean;
  const auto means = sdc::build_table(request);
  CHECK(means.at({0}).value == doctest::Approx(0.0));
  CHECK(means.at({T}).value == doctest::Approx(5.0 / 4.0));  // (10 - 30 + 20 + 5) / 4 values
}

TEST_CASE("build_table: holdings sum contributions per employer and count distinct employers") {
  // Cell x: employer 1 gives 50 + 30 (two jobs), employer 2 gives 20. Cell y: employer 1 gives 5.
  const auto cell = sdc::factorize("sector", {"x", "x", "x", "y"});
  const auto employer = sdc::factorize("employer", {"1", "1", "2", "1"});
  const std::vector<double> wage{50, 30, 20, 5};
  sdc::table_request request;
  request.dimensions = {cell.view()};
  request.value = numbers("wage", wage);
  request.holding = employer.view();
  request.stat = sdc::statistic::sum;
  const auto t = sdc::build_table(request);
  CHECK(t.at({0}).evidence.n_records == 3);
  CHECK(t.at({0}).evidence.n_holdings == 2);
  CHECK(t.at({0}).evidence.n_contributors == 2);
  CHECK(t.at({0}).evidence.top_contributions == std::vector<double>{80, 20});
  // The total: employer 1 contributes 85 across both cells, employer 2 contributes 20.
  CHECK(t.at({T}).evidence.n_holdings == 2);
  CHECK(t.at({T}).evidence.top_contributions == std::vector<double>{85, 20});
}

TEST_CASE("build_table: unit ids count persons, not person-months") {
  const auto sector = sdc::factorize("sector", {"x", "x", "x", "y", "y"});
  const auto person = sdc::factorize("person", {"p1", "p1", "p2", "p1", "p3"});
  sdc::table_request request;
  request.dimensions = {sector.view()};
  request.unit = person.view();
  const auto t = sdc::build_table(request);
  CHECK(t.at({0}).evidence.n_units == 2);
  CHECK(t.at({1}).evidence.n_units == 2);
  CHECK(t.at({T}).evidence.n_units == 3);
  CHECK(t.at({T}).evidence.n_records == 5);
  CHECK(t.at({T}).evidence.n_contributors == 3);
}

TEST_CASE("build_table: weights give weighted values but unweighted contributor counts") {
  const auto g = sdc::factorize("g", {"a", "a"});
  const std::vector<double> value{10, 10}, weight{3, 1};
  sdc::table_request request;
  request.dimensions = {g.view()};
  request.value = numbers("v", value);
  request.weights = numbers("w", weight);
  request.stat = sdc::statistic::sum;
  auto t = sdc::build_table(request);
  CHECK(t.at({0}).value == 40);
  CHECK(t.at({0}).evidence.n_contributors == 2);
  CHECK(t.at({0}).evidence.weighted_count == 4);
  CHECK(t.at({0}).evidence.dominance_total == 20);  // unweighted convention
  request.weighting = sdc::weighted_dominance::replicated;
  t = sdc::build_table(request);
  CHECK(t.at({0}).evidence.dominance_total == 40);
  // The first record fills three places: its copies are the top contributors.
  CHECK(t.at({0}).evidence.top_contributions == std::vector<double>{10, 10, 10});
  request.stat = sdc::statistic::count;
  CHECK(sdc::build_table(request).at({0}).value == 4);
}

TEST_CASE("build_table: order statistics, min/max, variance (by hand)") {
  const auto g = sdc::factorize("g", {"a", "a", "a", "a", "b", "b"});
  const std::vector<double> value{4, 1, 3, 2, 7, 7};
  sdc::table_request request;
  request.dimensions = {g.view()};
  request.value = numbers("v", value);
  request.stat = sdc::statistic::median;
  auto t = sdc::build_table(request);
  CHECK(t.at({0}).value == doctest::Approx(2.5));  // between 2 and 3
  CHECK(t.at({0}).evidence.value_ties == 0);
  CHECK(t.at({1}).value == 7);
  CHECK(t.at({1}).evidence.value_ties == 2);
  CHECK(t.at({T}).value == doctest::Approx(3.5));  // 1 2 3 4 7 7
  request.stat = sdc::statistic::percentile;
  request.percentile = 25;
  CHECK(sdc::build_table(request).at({0}).value == doctest::Approx(1.75));  // numpy: 1 + 0.75 * 1
  request.stat = sdc::statistic::max;
  CHECK(sdc::build_table(request).at({T}).value == 7);
  request.stat = sdc::statistic::min;
  CHECK(sdc::build_table(request).at({T}).value == 1);
  request.stat = sdc::statistic::var;
  CHECK(sdc::build_table(request).at({0}).value == doctest::Approx(5.0 / 3.0));  // var of 1..4, n-1
  request.stat = sdc::statistic::std;
  CHECK(sdc::build_table(request).at({1}).value == doctest::Approx(0.0));
  request.stat = sdc::statistic::mode;
  t = sdc::build_table(request);
  CHECK(t.at({T}).value == 7);
  CHECK(t.at({T}).evidence.mode_frequency == 2);
  CHECK(t.at({0}).value == 1);  // all values once: the smallest
}

TEST_CASE("build_table: a weighted median is the value where the cumulative weight reaches half") {
  const auto g = sdc::factorize("g", {"a", "a", "a"});
  const std::vector<double> value{1, 2, 3}, weight{1, 1, 5};
  sdc::table_request request;
  request.dimensions = {g.view()};
  request.value = numbers("v", value);
  request.weights = numbers("w", weight);
  request.stat = sdc::statistic::median;
  CHECK(sdc::build_table(request).at({0}).value == 3);  // cumulative 1, 2, 7 >= 3.5 at 3
}

TEST_CASE("build_table: sdcTable microdata1, region x gender (pandas crosstab/groupby values)") {
  const auto data = sdc_test::read_csv(std::string(SDC_SHARED_DATA_DIR) + "/sdctable/microdata1.csv");
  const auto region = sdc::factorize("region", data.text("region"));
  const auto gender = sdc::factorize("gender", data.text("gender"));
  const auto val = data.numbers("val");
  sdc::table_request request;
  request.dimensions = {region.view(), gender.view()};
  request.labels = {region.labels, gender.labels};
  request.value = numbers("val", val);
  request.stat = sdc::statistic::sum;
  const auto t = sdc::build_table(request);
  // pandas: crosstab(region, gender, margins=True) and groupby sums.
  CHECK(t.at({0, 0}).evidence.n_records == 2);    // A female
  CHECK(t.at({0, 0}).value == 20);
  CHECK(t.at({3, 1}).evidence.n_records == 11);   // D male
  CHECK(t.at({3, 1}).value == 366);
  CHECK(t.at({3, 1}).evidence.top_contributions[0] == 280);
  CHECK(t.at({3, 1}).evidence.top_contributions[1] == 11);
  CHECK(t.at({3, T}).value == 518);
  CHECK(t.at({3, T}).evidence.top_contributions[1] == 18);
  CHECK(t.at({T, T}).value == 1284);
  CHECK(t.at({T, T}).evidence.n_records == 100);
  CHECK(t.at({T, 0}).evidence.n_records == 45);
}

TEST_CASE("build_table: a dimension with 100,000 categories works") {
  const std::size_t n = 200000;
  std::vector<std::string> ids(n);
  for (std::size_t i = 0; i < n; ++i) ids[i] = std::to_string(i % 100000);
  const auto id = sdc::factorize("id", ids);
  sdc::table_request request;
  request.dimensions = {id.view()};
  const auto t = sdc::build_table(request);
  CHECK(t.cells.size() == 100001);
  CHECK(t.at({12345}).value == 2);
  CHECK(t.at({T}).value == static_cast<double>(n));
}

TEST_CASE("build_table: bad input is rejected with a clear error") {
  const auto g = sdc::factorize("g", {"a", "b"});
  const std::vector<double> short_values{1};
  const std::vector<double> bad_weights{1, std::nan("")};
  const std::vector<double> negative_weights{1, -2};
  sdc::table_request request;
  CHECK_THROWS_WITH_AS(sdc::build_table(request), doctest::Contains("1 to 4 spanning variables"), sdc::invalid_input);
  request.dimensions = {g.view()};
  request.stat = sdc::statistic::sum;
  CHECK_THROWS_WITH_AS(sdc::build_table(request), doctest::Contains("needs a value variable"), sdc::invalid_input);
  request.value = numbers("v", short_values);
  CHECK_THROWS_WITH_AS(sdc::build_table(request), doctest::Contains("value column 'v' has 1 records, expected 2"),
                       sdc::invalid_input);
  request.value.reset();
  request.stat = sdc::statistic::count;
  request.weights = numbers("w", bad_weights);
  CHECK_THROWS_WITH_AS(sdc::build_table(request), doctest::Contains("missing (NaN) weight"), sdc::invalid_input);
  request.weights = numbers("w", negative_weights);
  CHECK_THROWS_WITH_AS(sdc::build_table(request), doctest::Contains("non-negative"), sdc::invalid_input);
  request.weights.reset();
  // Five dimensions of 1000 categories would be 1e15 cells.
  std::vector<std::string> many(1000);
  for (int i = 0; i < 1000; ++i) many[i] = std::to_string(i);
  const auto big = sdc::factorize("big", many);
  request.dimensions = {big.view(), big.view(), big.view(), big.view()};
  CHECK_THROWS_WITH_AS(sdc::build_table(request), doctest::Contains("more than"), sdc::invalid_input);
}
