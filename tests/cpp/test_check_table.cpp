// SPDX-License-Identifier: MIT
// Every rule at its boundary, with hand-computed numbers; microdata1 against the published
// primary suppressions of methods.md 4.2.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <sdc/core/factorize.hpp>
#include <sdc/tables/build_table.hpp>
#include <sdc/tables/check_table.hpp>
#include <sdc/tables/profiles.hpp>
#include <string>
#include <vector>

#include "golden.hpp"

constexpr std::int32_t T = sdc::margin_coordinate;

namespace {

// One-dimensional magnitude table with one cell "a" holding the given values.
struct one_cell {
  sdc::factorized_column group;
  std::vector<double> values;
  sdc::table table;
  one_cell(std::vector<double> v, sdc::statistic stat = sdc::statistic::sum, int top = 5)
      : values(std::move(v)) {
    group = sdc::factorize("g", std::vector<std::string>(values.size(), "a"));
    sdc::table_request request;
    request.dimensions = {group.view()};
    request.labels = {group.labels};
    request.value = sdc::numeric_view{"v", values.data(), values.size()};
    request.stat = stat;
    request.top_contributions = top;
    table = sdc::build_table(request);
  }
};

sdc::table_rules bare_rules() {
  sdc::table_rules rules;
  rules.min_count = 1;
  rules.nk_rules.clear();
  rules.p_percent.reset();
  rules.pq.reset();
  rules.class_disclosure = sdc::severity::ignore;
  return rules;
}

bool has_reason(const sdc::cell_verdict& v, sdc::reason_code code) {
  return std::any_of(v.reasons.begin(), v.reasons.end(), [&](const sdc::reason& r) { return r.code == code; });
}

}  // namespace

TEST_CASE("threshold: exactly min_count contributors passes, one fewer fails") {
  auto rules = bare_rules();
  rules.min_count = 3;
  const one_cell three({1, 1, 1}, sdc::statistic::count);
  const one_cell two({1, 1}, sdc::statistic::count);
  CHECK(sdc::check_table(three.table, rules).cells[0].status == sdc::cell_status::ok);
  const auto check = sdc::check_table(two.table, rules);
  CHECK(check.cells[0].status == sdc::cell_status::fail);
  REQUIRE(check.cells[0].reasons.size() == 1);
  CHECK(check.cells[0].reasons[0].code == sdc::reason_code::threshold);
  CHECK(check.cells[0].reasons[0].message == "cell (g=a): 2 contributors, fewer than 3");
  CHECK(check.status == sdc::table_status::fail);
}

TEST_CASE("(n,k) dominance: a share exactly at k passes by definition, fails with the ACRO 1.0 convention") {
  auto rules = bare_rules();
  rules.nk_rules = {{1, 90.0}};
  const one_cell at_k({90, 5, 5});   // 90 / 100 = exactly 90%
  const one_cell above({91, 5, 4});  // 91%
  CHECK(sdc::check_table(at_k.table, rules).cells[0].status == sdc::cell_status::ok);
  CHECK(sdc::check_table(above.table, rules).cells[0].status == sdc::cell_status::fail);
  rules.dominance_boundary_fails = true;
  const auto check = sdc::check_table(at_k.table, rules);
  CHECK(check.cells[0].status == sdc::cell_status::fail);
  CHECK(check.cells[0].reasons[0].message ==
        "cell (g=a): the largest contribution is 90.0% of the total 100, at least 90% ((1, 90) dominance rule)");
  // (2, 85): 50 + 35 = 85 of 100 is at the limit; 50 + 36 of 100 is above it.
  rules = bare_rules();
  rules.nk_rules = {{2, 85.0}};
  CHECK(sdc::check_table(one_cell({50, 35, 15}).table, rules).cells[0].status == sdc::cell_status::ok);
  CHECK(sdc::check_table(one_cell({50, 36, 14}).table, rules).cells[0].status == sdc::cell_status::fail);
}

TEST_CASE("p% rule: X - x1 - x2 < p/100 * x1, at the boundary and either side") {
  auto rules = bare_rules();
  rules.p_percent = 20.0;
  // remainder 10 = 20% of 50: not below, so safe.
  CHECK(sdc::check_table(one_cell({50, 40, 10}).table, rules).cells[0].status == sdc::cell_status::ok);
  rules.p_percent = 21.0;  // 10 < 10.5
  CHECK(sdc::check_table(one_cell({50, 40, 10}).table, rules).cells[0].status == sdc::cell_status::fail);
  rules.p_percent = 20.0;
  rules.dominance_boundary_fails = true;
  CHECK(sdc::check_table(one_cell({50, 40, 10}).table, rules).cells[0].status == sdc::cell_status::fail);
  // A single contributor always fails the p% rule (remainder 0 < p * x1).
  rules.dominance_boundary_fails = false;
  CHECK(has_reason(sdc::check_table(one_cell({7}).table, rules).cells[0], sdc::reason_code::p_percent));
}

TEST_CASE("pq rule: X - x1 - x2 < p/q * x1") {
  auto rules = bare_rules();
  rules.pq = sdc::pq_rule{25.0, 50.0};  // ratio 0.5
  // remainder 25 = 0.5 * 50: safe; remainder 24: unsafe.
  CHECK(sdc::check_table(one_cell({50, 25, 25}).table, rules).cells[0].status == sdc::cell_status::ok);
  const auto check = sdc::check_table(one_cell({50, 26, 24}).table, rules);
  CHECK(check.cells[0].status == sdc::cell_status::fail);
  CHECK(check.cells[0].reasons[0].code == sdc::reason_code::pq);
}

TEST_CASE("negative values are decided per cell: absolute values, review, never switched off for the table") {
  auto rules = bare_rules();
  rules.nk_rules = {{2, 90.0}};
  const auto g = sdc::factorize("g", {"a", "a", "a", "b", "b", "b", "b"});
  // Cell a: -95, 3, 2: on absolute values the top two are 98% of 100: dominated.
  // Cell b: 10, 10, 10, 10: not dominated, no negatives.
  const std::vector<double> v{-95, 3, 2, 10, 10, 10, 10};
  sdc::table_request request;
  request.dimensions = {g.view()};
  request.value = sdc::numeric_view{"v", v.data(), v.size()};
  request.stat = sdc::statistic::sum;
  const auto t = sdc::build_table(request);
  const auto check = sdc::check_table(t, rules);
  CHECK(check.cells[0].status == sdc::cell_status::fail);
  CHECK(has_reason(check.cells[0], sdc::reason_code::dominance));
  CHECK(has_reason(check.cells[0], sdc::reason_code::negative_values));
  CHECK(check.cells[1].status == sdc::cell_status::ok);
  // Negatives alone make the cell review, not ok.
  rules.nk_rules = {{2, 99.0}};
  CHECK(sdc::check_table(t, rules).cells[0].status == sdc::cell_status::review);
}

TEST_CASE("missing values and zeros follow their severities") {
  auto rules = bare_rules();
  const one_cell with_missing({1, std::nan(""), 3});
  CHECK(sdc::check_table(with_missing.table, rules).cells[0].status == sdc::cell_status::review);
  rules.missing_values = sdc::severity::ignore;
  CHECK(sdc::check_table(with_missing.table, rules).cells[0].status == sdc::cell_status::ok);

  // A 2x2 count table with an empty cell (b, y).
  const auto first = sdc::factorize("first", {"a", "a", "b"});
  const auto second = sdc::factorize("second", {"x", "y", "x"});
  sdc::table_request request;
  request.dimensions = {first.view(), second.view()};
  const auto t = sdc::build_table(request);
  rules.zeros = sdc::severity::fail;
  auto check = sdc::check_table(t, rules);
  CHECK(check.cells[t.index_of({1, 1})].status == sdc::cell_status::fail);
  CHECK(check.cells[t.index_of({1, 1})].reasons[0].code == sdc::reason_code::zero);
  rules.zeros = sdc::severity::ignore;
  check = sdc::check_table(t, rules);
  CHECK(check.cells[t.index_of({1, 1})].status == sdc::cell_status::ok);
  CHECK(check.status == sdc::table_status::pass);
}

TEST_CASE("class disclosure: all members of a group in one cell") {
  // Region A: 3 records, all status=u; region B: 2 records split.
  const auto region = sdc::factorize("region", {"A", "A", "A", "B", "B"});
  const auto status = sdc::factorize("status", {"u", "u", "u", "u", "e"});
  sdc::table_request request;
  request.dimensions = {region.view(), status.view()};
  request.labels = {region.labels, status.labels};
  const auto t = sdc::build_table(request);
  auto rules = bare_rules();
  rules.zeros = sdc::severity::ignore;
  rules.class_disclosure = sdc::severity::fail;
  const auto check = sdc::check_table(t, rules);
  const auto& cell = check.cells[t.index_of({0, 1})];  // (A, u)
  CHECK(cell.status == sdc::cell_status::fail);
  REQUIRE(cell.reasons.size() == 1);
  CHECK(cell.reasons[0].code == sdc::reason_code::class_disclosure);
  CHECK(cell.reasons[0].message.find("100.0% of the 3 records of (region=A, status=Total)") != std::string::npos);
  // Column u: 4 records, 3 in A (75%): below 90%, so no reason there.
  CHECK(check.cells[t.index_of({1, 1})].status == sdc::cell_status::ok);
}

TEST_CASE("statistic classes: extremes, quantiles, mode") {
  auto rules = bare_rules();
  rules.min_count_median = 5;
  const one_cell maximum({1, 2, 3}, sdc::statistic::max);
  CHECK(has_reason(sdc::check_table(maximum.table, rules).cells[0], sdc::reason_code::extreme_value));
  // Median of 1..5 is 3, the value of exactly one record, and 5 contributors pass min_count_median = 5.
  const one_cell median({1, 2, 3, 4, 5}, sdc::statistic::median);
  auto check = sdc::check_table(median.table, rules);
  CHECK(has_reason(check.cells[0], sdc::reason_code::quantile_unique_value));
  CHECK_FALSE(has_reason(check.cells[0], sdc::reason_code::quantile_count));
  const one_cell median_shared({1, 3, 3, 3}, sdc::statistic::median);
  check = sdc::check_table(median_shared.table, rules);
  CHECK_FALSE(has_reason(check.cells[0], sdc::reason_code::quantile_unique_value));
  CHECK(has_reason(check.cells[0], sdc::reason_code::quantile_count));  // 4 < 5
  // The 10th percentile needs min_count_decile (80 by default).
  sdc::table_rules defaults;
  CHECK(sdc::min_count_for_percentile(defaults, 10) == 80);
  CHECK(sdc::min_count_for_percentile(defaults, 90) == 80);
  CHECK(sdc::min_count_for_percentile(defaults, 75) == 40);
  CHECK(sdc::min_count_for_percentile(defaults, 1) == 400);
  CHECK(sdc::min_count_for_percentile(defaults, 95) == 200);
  rules.min_count = 3;
  const one_cell mode({7, 7, 7, 1}, sdc::statistic::mode);
  CHECK(sdc::check_table(mode.table, rules).cells[0].status == sdc::cell_status::ok);
  const one_cell weak_mode({7, 7, 1, 2}, sdc::statistic::mode);
  CHECK(has_reason(sdc::check_table(weak_mode.table, rules).cells[0], sdc::reason_code::mode_frequency));
}

TEST_CASE("fail closed: unknown top contributions make the cell review, never ok") {
  auto rules = bare_rules();
  rules.nk_rules = {{3, 90.0}};
  one_cell cell({5, 5, 5, 5}, sdc::statistic::sum, 2);  // only two largest kept
  const auto check = sdc::check_table(cell.table, rules);
  CHECK(check.cells[0].status == sdc::cell_status::review);
  CHECK(check.cells[0].reasons[0].code == sdc::reason_code::not_evaluable);
}

TEST_CASE("residual degrees of freedom") {
  sdc::table_rules rules;
  CHECK(sdc::check_residual_dof(10, rules).status == sdc::cell_status::ok);
  CHECK(sdc::check_residual_dof(9, rules).status == sdc::cell_status::fail);
  CHECK_THROWS_AS(sdc::check_residual_dof(std::nan(""), rules), sdc::invalid_input);
}

namespace {
sdc::table microdata1_table(std::vector<double>& values, sdc::factorized_column& region, sdc::factorized_column& gender) {
  const auto data = sdc_test::read_csv(std::string(SDC_SHARED_DATA_DIR) + "/sdctable/microdata1.csv");
  region = sdc::factorize("region", data.text("region"));
  gender = sdc::factorize("gender", data.text("gender"));
  values = data.numbers("val");
  sdc::table_request request;
  request.dimensions = {region.view(), gender.view()};
  request.labels = {region.labels, gender.labels};
  request.value = sdc::numeric_view{"val", values.data(), values.size()};
  request.stat = sdc::statistic::sum;
  return sdc::build_table(request);
}

std::vector<std::string> failing(const sdc::table& t, const sdc::table_check& check) {
  std::vector<std::string> cells;
  for (std::size_t i = 0; i < t.cells.size(); ++i) {
    if (check.cells[i].status == sdc::cell_status::fail) cells.push_back(t.describe(t.cells[i]));
  }
  return cells;
}
}  // namespace

TEST_CASE("sdcTable microdata1: the primary suppressions published in methods.md 4.2") {
  std::vector<double> values;
  sdc::factorized_column region, gender;
  const auto t = microdata1_table(values, region, gender);
  const std::vector<std::string> a_female{"(region=A, gender=female)"};
  const std::vector<std::string> two{"(region=A, gender=female)", "(region=D, gender=male)"};
  auto rules = bare_rules();
  rules.min_count = 3;  // sdcTable freq rule n <= 2
  CHECK(failing(t, sdc::check_table(t, rules)) == a_female);
  rules = bare_rules();
  rules.nk_rules = {{2, 75.0}};
  CHECK(failing(t, sdc::check_table(t, rules)) == two);
  rules = bare_rules();
  rules.p_percent = 70.0;
  CHECK(failing(t, sdc::check_table(t, rules)) == two);
  rules = bare_rules();
  rules.pq = sdc::pq_rule{60.0, 80.0};
  CHECK(failing(t, sdc::check_table(t, rules)) == two);
  rules = bare_rules();
  rules.p_percent = 80.0;
  const std::vector<std::string> three{"(region=A, gender=female)", "(region=D, gender=male)",
                                       "(region=D, gender=Total)"};
  CHECK(failing(t, sdc::check_table(t, rules)) == three);
}
