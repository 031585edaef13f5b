// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <sdc/risk/t_closeness.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace {

sdc::categorical_view raw_view(const std::string& name, const std::vector<std::int32_t>& codes,
                               std::int32_t k) {
  sdc::categorical_view v;
  v.name = name;
  v.codes = codes.data();
  v.size = codes.size();
  v.n_categories = k;
  return v;
}

sdc::numeric_view numeric(const std::string& name, const std::vector<double>& values) {
  sdc::numeric_view v;
  v.name = name;
  v.values = values.data();
  v.size = values.size();
  return v;
}

// Li, Li & Venkatasubramanian (2007), salary example: nine salaries 3k..11k, uniform overall;
// class 0 = {3k, 4k, 5k}, class 1 = {6k, 8k, 11k}, class 2 = {7k, 9k, 10k}.
const std::vector<std::int32_t> salary_class{0, 0, 0, 1, 2, 1, 2, 2, 1};
const std::vector<double> salary{3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 11000};

}  // namespace

TEST_CASE("t_closeness: ordered distance, the salary example of Li et al.") {
  const std::vector<sdc::categorical_view> keys{raw_view("class", salary_class, 3)};
  const auto result = sdc::t_closeness(keys, numeric("salary", salary));
  REQUIRE(result.class_distance.size() == 3);
  CHECK(result.n_values == 9);
  // Cumulative differences (in ninths) 2 4 6 5 4 3 2 1 0: sum 27/9, divided by m - 1 = 8.
  CHECK(result.class_distance[0] == doctest::Approx(0.375).epsilon(1e-12));
  // -1 -2 -3 -1 -2 0 -1 -2 0: 12/9 / 8 = 1/6 (the paper's 0.167).
  CHECK(result.class_distance[1] == doctest::Approx(1.0 / 6).epsilon(1e-12));
  // -1 -2 -3 -4 -2 -3 -1 1 0: 17/9 / 8.
  CHECK(result.class_distance[2] == doctest::Approx(17.0 / 72).epsilon(1e-12));
  CHECK(result.max_distance == doctest::Approx(0.375));
  CHECK(result.distance[5] == doctest::Approx(1.0 / 6));

  // The same variable as ordered categories gives the same distances.
  const std::vector<std::int32_t> codes{0, 1, 2, 3, 4, 5, 6, 7, 8};
  const auto categorical = sdc::t_closeness(keys, raw_view("salary", codes, 9));
  for (std::size_t g = 0; g < 3; ++g) {
    CHECK(categorical.class_distance[g] == doctest::Approx(result.class_distance[g]).epsilon(1e-12));
  }
}

TEST_CASE("t_closeness: equal distance is half the L1 distance") {
  const std::vector<sdc::categorical_view> keys{raw_view("class", salary_class, 3)};
  sdc::t_closeness_options options;
  options.distance = sdc::t_closeness_distance::equal;
  const auto result = sdc::t_closeness(keys, numeric("salary", salary), options);
  // Three values at 1/3 against 1/9 each, six absent at 1/9: (3 * 2/9 + 6/9) / 2 = 2/3.
  for (std::size_t g = 0; g < 3; ++g) CHECK(result.class_distance[g] == doctest::Approx(2.0 / 3));

  // Nominal, by hand: overall a:2 b:1 c:1 (q = .5 .25 .25); class 0 = {a, b} (p = .5 .5 0):
  // (0 + .25 + .25) / 2 = .25; class 1 = {a, c}: .25 as well.
  const std::vector<std::int32_t> key{0, 0, 1, 1}, s{0, 1, 0, 2};
  const auto nominal = sdc::t_closeness({raw_view("k", key, 2)}, raw_view("s", s, 3), options);
  CHECK(nominal.class_distance[0] == doctest::Approx(0.25));
  CHECK(nominal.class_distance[1] == doctest::Approx(0.25));
  // Ordered: class 0 cumulative differences 0, .25, 0 -> .25 / 2; class 1: 0, -.25, 0.
  const auto ordered = sdc::t_closeness({raw_view("k", key, 2)}, raw_view("s", s, 3));
  CHECK(ordered.class_distance[0] == doctest::Approx(0.125));
  CHECK(ordered.class_distance[1] == doctest::Approx(0.125));
  CHECK(sdc::to_string(sdc::t_closeness_distance::equal) == "equal");
  CHECK(sdc::t_closeness_distance_from_string("ordered") == sdc::t_closeness_distance::ordered);
  CHECK_THROWS_AS(sdc::t_closeness_distance_from_string("hamming"), sdc::invalid_input);
}

TEST_CASE("t_closeness: missing values, unused categories, a single value") {
  // Unused category 1 is not part of the domain: m = 2 (codes 0 and 2).
  const std::vector<std::int32_t> key{0, 0, 1, 1, 2}, s{0, 0, 2, -1, -1};
  const auto result = sdc::t_closeness({raw_view("k", key, 3)}, raw_view("s", s, 3));
  CHECK(result.n_values == 2);
  // Overall (missing left out): q = 2/3, 1/3. Class 0: p = 1, 0: |1/3| / 1. Class 1: p = 0, 1.
  CHECK(result.class_distance[0] == doctest::Approx(1.0 / 3));
  CHECK(result.class_distance[1] == doctest::Approx(2.0 / 3));
  CHECK(std::isnan(result.class_distance[2]));  // only missing values
  CHECK(std::isnan(result.distance[4]));
  CHECK(result.max_distance == doctest::Approx(2.0 / 3));

  const std::vector<double> constant{5, 5, 5};
  const std::vector<std::int32_t> k3{0, 1, 1};
  CHECK(sdc::t_closeness({raw_view("k", k3, 2)}, numeric("x", constant)).max_distance == 0);
}

TEST_CASE("t_closeness: bad input") {
  const std::vector<std::int32_t> key{0, 0, 1}, s{0, 1, 0}, short_s{0, 1};
  const std::vector<sdc::categorical_view> keys{raw_view("k", key, 2)};
  CHECK_THROWS_AS(sdc::t_closeness(keys, raw_view("s", short_s, 2)), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::t_closeness(keys, raw_view("k", s, 2)), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::t_closeness(std::vector<sdc::categorical_view>{}, raw_view("s", s, 2)),
                  sdc::invalid_input);
  const std::vector<std::int32_t> bad{0, 5, 0};
  CHECK_THROWS_AS(sdc::t_closeness(keys, raw_view("s", bad, 2)), sdc::invalid_input);
  const std::vector<double> infinite{1, HUGE_VAL, 2};
  CHECK_THROWS_AS(sdc::t_closeness(keys, numeric("x", infinite)), sdc::invalid_input);
  sdc::t_closeness_options options;
  options.key_missing = sdc::missing_semantics::wildcard;
  CHECK_THROWS_AS(sdc::t_closeness(keys, raw_view("s", s, 2), options), sdc::invalid_input);
}
