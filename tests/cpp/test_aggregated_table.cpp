// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <cmath>
#include <sdc/core/factorize.hpp>
#include <sdc/tables/aggregated_table.hpp>
#include <sdc/tables/check_table.hpp>
#include <string>
#include <vector>

constexpr std::int32_t T = sdc::margin_coordinate;

namespace {
struct aggregated {
  sdc::factorized_column region, sex;
  std::vector<double> counts, sums, top1, top2;
  sdc::aggregated_table_request request() const {
    sdc::aggregated_table_request r;
    r.dimensions = {region.view(), sex.view()};
    r.labels = {region.labels, sex.labels};
    r.counts = {"n", counts.data(), counts.size()};
    if (!sums.empty()) r.sums = sdc::numeric_view{"total", sums.data(), sums.size()};
    if (!top1.empty()) r.top1 = sdc::numeric_view{"top1", top1.data(), top1.size()};
    if (!top2.empty()) r.top2 = sdc::numeric_view{"top2", top2.data(), top2.size()};
    return r;
  }
};
}  // namespace

TEST_CASE("aggregated counts: margins computed, absent cells are zeros") {
  aggregated a;
  a.region = sdc::factorize("region", {"A", "A", "B"});
  a.sex = sdc::factorize("sex", {"F", "M", "F"});
  a.counts = {12, 3, 20};
  const auto t = sdc::table_from_aggregates(a.request());
  CHECK(t.stat == sdc::statistic::count);
  CHECK(t.at({0, T}).value == 15);
  CHECK(t.at({T, 0}).value == 32);
  CHECK(t.at({T, T}).value == 35);
  CHECK(t.at({1, 1}).value == 0);  // (B, M) absent
  sdc::table_rules rules;  // min_count 10, zeros fail
  const auto check = sdc::check_table(t, rules);
  CHECK(check.cells[t.index_of({0, 1})].status == sdc::cell_status::fail);  // 3 < 10
  CHECK(check.cells[t.index_of({1, 1})].reasons[0].code == sdc::reason_code::zero);
  CHECK(check.cells[t.index_of({T, T})].status == sdc::cell_status::ok);
}

TEST_CASE("aggregated magnitudes: dominance from top1/top2, margins merge the largest contributions") {
  aggregated a;
  a.region = sdc::factorize("region", {"A", "A", "B", "B"});
  a.sex = sdc::factorize("sex", {"F", "M", "F", "M"});
  a.counts = {12, 11, 15, 20};
  a.sums = {100, 200, 300, 400};
  a.top1 = {80, 20, 30, 40};  // (A, F): 80 + 10 = 90% of 100
  a.top2 = {10, 20, 30, 40};
  const auto t = sdc::table_from_aggregates(a.request());
  CHECK(t.stat == sdc::statistic::sum);
  CHECK(t.at({0, T}).value == 300);
  CHECK(t.at({0, T}).evidence.top_contributions == std::vector<double>{80, 20});
  CHECK(t.at({T, T}).evidence.top_contributions == std::vector<double>{80, 40});
  sdc::table_rules rules;
  rules.nk_rules = {{2, 85.0}};
  rules.p_percent.reset();
  const auto check = sdc::check_table(t, rules);
  CHECK(check.cells[t.index_of({0, 0})].status == sdc::cell_status::fail);
  CHECK(check.n_fail == 1);
}

TEST_CASE("aggregated magnitudes without contributions are review, never pass") {
  aggregated a;
  a.region = sdc::factorize("region", {"A", "B"});
  a.sex = sdc::factorize("sex", {"F", "F"});
  a.counts = {50, 60};
  a.sums = {1000, 2000};
  const auto t = sdc::table_from_aggregates(a.request());
  const auto check = sdc::check_table(t, sdc::table_rules{});
  CHECK(check.cells[t.index_of({0, 0})].status == sdc::cell_status::review);
  CHECK(check.cells[t.index_of({0, 0})].reasons[0].code == sdc::reason_code::not_evaluable);
  CHECK(check.status == sdc::table_status::review);
}

TEST_CASE("aggregated margin rows are used as given") {
  aggregated a;
  a.region = sdc::factorize("region", {"A", "B", "Total"});
  a.sex = sdc::factorize("sex", {"F", "F", "F"});
  a.counts = {12, 13, 25};
  const auto t = sdc::table_from_aggregates(a.request());
  CHECK(t.dimensions[0].labels == std::vector<std::string>{"A", "B"});
  CHECK(t.at({T, 0}).value == 25);
}

TEST_CASE("aggregated tables: bad input") {
  aggregated a;
  a.region = sdc::factorize("region", {"A", "B"});
  a.sex = sdc::factorize("sex", {"F", "F"});
  a.counts = {12, -1};
  CHECK_THROWS_WITH_AS(sdc::table_from_aggregates(a.request()), doctest::Contains("row 2: negative count -1"),
                       sdc::invalid_input);
  a.counts = {12, std::nan("")};
  CHECK_THROWS_WITH_AS(sdc::table_from_aggregates(a.request()), doctest::Contains("row 2: the count is missing"),
                       sdc::invalid_input);
  a.counts = {12, 2.5};
  CHECK_THROWS_WITH_AS(sdc::table_from_aggregates(a.request()), doctest::Contains("not a whole number"),
                       sdc::invalid_input);
  a.region = sdc::factorize("region", {"A", "A"});
  a.counts = {12, 3};
  CHECK_THROWS_WITH_AS(sdc::table_from_aggregates(a.request()),
                       doctest::Contains("rows 1 and 2 describe the same cell (region=A, sex=F)"), sdc::invalid_input);
}
