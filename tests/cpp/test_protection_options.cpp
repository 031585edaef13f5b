// SPDX-License-Identifier: MIT
// The option logic shared by `sdc protect`/`sdc audit` and the Python and R packages
// (include/sdc/tables/protection_options.hpp, protection_problem_of in gauss_suppression.hpp,
// protection_levels in cell_system.hpp), against cases worked out by hand.
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>
#include <string>
#include <vector>

#include <sdc/core/error.hpp>
#include <sdc/core/factorize.hpp>
#include <sdc/tables/build_table.hpp>
#include <sdc/tables/cell_system.hpp>
#include <sdc/tables/check_table.hpp>
#include <sdc/tables/gauss_suppression.hpp>
#include <sdc/tables/protection_options.hpp>

#include "test_support.hpp"

namespace {

using sdc::cell_protection;
using sdc::cell_status;
using sdc::table_status;

// Region x sex with 1, 5 / 6, 7 records (the table of test_gauss_suppression.cpp):
//   A: F 1, M 5 (6)   B: F 6, M 7 (13)   totals F 7, M 12, 19.
struct small_table {
  std::vector<std::string> region, sex;
  std::vector<double> income;
  sdc::factorized_column r, s;
  sdc::table t;
  explicit small_table(bool negative = false) {
    auto add = [&](const char* rg, const char* sx, int times, double value) {
      for (int i = 0; i < times; ++i) {
        region.emplace_back(rg);
        sex.emplace_back(sx);
        income.push_back(value);
      }
    };
    add("A", "F", 1, 10.0);
    add("A", "M", 5, 2.0);
    add("B", "F", 6, negative ? -1.0 : 1.0);
    add("B", "M", 7, 3.0);
    r = sdc::factorize("region", region);
    s = sdc::factorize("sex", sex);
    sdc::table_request request;
    request.dimensions = {r.view(), s.view()};
    request.labels = {r.labels, s.labels};
    request.stat = sdc::statistic::sum;
    request.value = sdc::numeric_view{"income", income.data(), income.size()};
    t = sdc::build_table(request);
  }
};

sdc::table_rules min_count_rules(int n) {
  sdc::table_rules rules;
  rules.min_count = n;
  rules.nk_rules.clear();
  rules.p_percent.reset();
  return rules;
}

}  // namespace

TEST_CASE("protection options: the cost auto and the Gauss options from their names") {
  CHECK(sdc::default_cost(sdc::statistic::count) == sdc::suppression_cost::frequency);
  CHECK(sdc::default_cost(sdc::statistic::sum) == sdc::suppression_cost::value);
  CHECK(sdc::suppression_cost_for("auto", sdc::statistic::count) == sdc::suppression_cost::frequency);
  CHECK(sdc::suppression_cost_for("auto", sdc::statistic::sum) == sdc::suppression_cost::value);
  // An explicit cost is kept whatever the statistic.
  CHECK(sdc::suppression_cost_for("unity", sdc::statistic::count) == sdc::suppression_cost::unity);
  CHECK(sdc::suppression_cost_for("value", sdc::statistic::count) == sdc::suppression_cost::value);
  CHECK_THROWS_AS(sdc::suppression_cost_for("cheap", sdc::statistic::count), sdc::invalid_input);

  const auto g = sdc::make_gauss_options("auto", "none", false, sdc::statistic::sum);
  CHECK(g.cost == sdc::suppression_cost::value);
  CHECK(g.singletons == sdc::singleton_method::none);
  CHECK_FALSE(g.zeros_known);
  CHECK_THROWS_AS(sdc::make_gauss_options("auto", "everyone", true, sdc::statistic::count), sdc::invalid_input);
}

TEST_CASE("protection options: the problem of a checked table") {
  const small_table data;
  const auto& t = data.t;
  const auto check = sdc::check_table(t, min_count_rules(3));
  const sdc::protection_problem p = sdc::protection_problem_of(t, check);
  CHECK(p.categories == std::vector<std::size_t>{2, 2});
  REQUIRE(p.values.size() == 9);
  // By hand: A/F one record of 10; A/M 5 x 2 = 10; B/F 6 x 1 = 6; B/M 7 x 3 = 21.
  CHECK(p.values[t.index_of({0, 0})] == 10.0);
  CHECK(p.values[t.index_of({0, 1})] == 10.0);
  CHECK(p.values[t.index_of({1, 1})] == 21.0);
  CHECK(p.values[t.index_of({sdc::margin_coordinate, sdc::margin_coordinate})] == 47.0);
  CHECK(p.frequencies[t.index_of({0, 0})] == 1.0);
  CHECK(p.frequencies[t.index_of({sdc::margin_coordinate, 1})] == 12.0);
  // Only A/F has fewer than 3 contributors.
  std::size_t n_primary = 0;
  for (bool b : p.primary) n_primary += b;
  CHECK(n_primary == 1);
  CHECK(p.primary[t.index_of({0, 0})]);
  CHECK(p.must_publish.empty());
  CHECK(p.must_suppress.empty());

  sdc::table_check short_check = check;
  short_check.cells.pop_back();
  CHECK_THROWS_AS(sdc::protection_problem_of(t, short_check), sdc::invalid_input);
  sdc::table mean = t;
  mean.stat = sdc::statistic::mean;
  CHECK_THROWS_AS(sdc::protection_problem_of(mean, check), sdc::invalid_input);
  CHECK_THROWS_AS(sdc::protect_table(mean, check), sdc::invalid_input);
}

TEST_CASE("protection options: negative contributions switch off zeros and bounds") {
  const small_table positive;
  const small_table negative(true);
  CHECK_FALSE(sdc::has_negative_contributions(positive.t));
  CHECK(sdc::has_negative_contributions(negative.t));
  sdc::audit_options asked;
  asked.sliding_percent = 10.0;
  const auto kept = sdc::audit_options_for(positive.t, asked);
  CHECK(kept.nonnegative);
  CHECK(kept.sliding_percent == 10.0);
  CHECK_FALSE(sdc::audit_options_for(negative.t, asked).nonnegative);
  // Unbounded on request stays unbounded.
  asked.nonnegative = false;
  CHECK_FALSE(sdc::audit_options_for(positive.t, asked).nonnegative);

  sdc::cell_system system;
  CHECK(sdc::audit_options_for(system).nonnegative);
  system.negative_contributions = true;
  CHECK_FALSE(sdc::audit_options_for(system).nonnegative);
}

TEST_CASE("protection options: overall status of a protection and of an audit") {
  // Three cells: published (review), secondary (review), published (ok).
  sdc::table_check check;
  check.cells.resize(3);
  check.cells[0].status = cell_status::ok;
  check.cells[1].status = cell_status::review;
  check.cells[2].status = cell_status::ok;
  sdc::protection_result r;
  r.status = {cell_protection::published, cell_protection::secondary, cell_protection::published};
  // The cell needing review is suppressed: nothing published needs review.
  CHECK(sdc::protection_status(r, check) == table_status::pass);
  r.status[1] = cell_protection::published;
  CHECK(sdc::protection_status(r, check) == table_status::review);
  r.unprotected = {0};
  CHECK(sdc::protection_status(r, check) == table_status::fail);
  check.cells.pop_back();
  CHECK_THROWS_AS(sdc::protection_status(r, check), sdc::invalid_input);

  // A system: cell 2 is hidden (never published) and needs review; cell 1 needs review.
  sdc::cell_system system;
  system.cells.resize(3);
  system.cells[1].verdict.status = cell_status::review;
  system.cells[2].hidden = true;
  system.cells[2].verdict.status = cell_status::review;
  sdc::protection_result s;
  s.status = {cell_protection::published, cell_protection::secondary, cell_protection::secondary};
  CHECK(sdc::protection_status(s, system) == table_status::pass);
  s.status[1] = cell_protection::published;
  CHECK(sdc::protection_status(s, system) == table_status::review);
  s.unprotected = {1};
  CHECK(sdc::protection_status(s, system) == table_status::fail);
  s.status.pop_back();
  CHECK_THROWS_AS(sdc::protection_status(s, system), sdc::invalid_input);

  sdc::audit_result a;
  CHECK(sdc::audit_status(a) == table_status::pass);
  a.n_exact = 2;  // secondary cells disclosed exactly do not fail the audit
  CHECK(sdc::audit_status(a) == table_status::pass);
  a.n_primary_unprotected = 1;
  CHECK(sdc::audit_status(a) == table_status::fail);
  a.n_primary_unprotected = 0;
  a.n_primary_exact = 1;
  CHECK(sdc::audit_status(a) == table_status::fail);
}

TEST_CASE("protection options: protection levels of a cell system from the p% rule") {
  // Sector A: contributions 100 and 5; sector B: 50, 40 and 30.
  const std::vector<std::string> sector = {"A", "A", "B", "B", "B"};
  std::vector<double> turnover = {100.0, 5.0, 50.0, 40.0, 30.0};
  const sdc_test::column col("sector", sector);
  sdc::cell_system_data data;
  data.variables = {col.view()};
  data.labels = {col.labels};
  data.stat = sdc::statistic::sum;
  data.value = sdc::numeric_view{"turnover", turnover.data(), turnover.size()};
  data.rules = min_count_rules(1);
  data.rules.p_percent = 10.0;
  const sdc::cell_system system = sdc::table_system(data, {"sector"});
  REQUIRE(system.outputs.size() == 1);
  std::size_t a = SIZE_MAX, b = SIZE_MAX, total = SIZE_MAX;
  for (const auto& c : system.outputs[0].cells) {
    if (c.labels[0] == "A") a = c.cell;
    if (c.labels[0] == "B") b = c.cell;
    if (c.levels[0] == sdc::total_level) total = c.cell;
  }
  REQUIRE(a != SIZE_MAX);
  REQUIRE(b != SIZE_MAX);
  REQUIRE(total != SIZE_MAX);
  // p% rule, p = 10: level = p/100 x1 - (X - x1 - x2).
  //   A: 0.1 * 100 - (105 - 100 - 5) = 10;
  //   B: 0.1 * 50 - (120 - 50 - 40) = -25 -> 0;
  //   Total: 0.1 * 100 - (225 - 100 - 50) = -65 -> 0.
  const std::vector<double> all = sdc::protection_levels(system, data.rules);
  REQUIRE(all.size() == system.cells.size());
  CHECK(all[a] == doctest::Approx(10.0));
  CHECK(all[b] == 0.0);
  CHECK(all[total] == 0.0);
  // A subset, in the order asked for.
  const std::vector<double> some = sdc::protection_levels(system, data.rules, {total, a});
  REQUIRE(some.size() == 2);
  CHECK(some[0] == 0.0);
  CHECK(some[1] == doctest::Approx(10.0));
  CHECK_THROWS_AS(sdc::protection_levels(system, data.rules, {system.cells.size()}), sdc::invalid_input);
  // A count system has no dominance levels.
  sdc::cell_system counts = system;
  counts.stat = sdc::statistic::count;
  for (double level : sdc::protection_levels(counts, data.rules)) CHECK(level == 0.0);
}

TEST_CASE("protection options: forced cells of a hierarchical system, by hand") {
  // Regions A 2, B 10, C 20, D 30 records; provinces P1 = A + B = 12, P2 = C + D = 50; Total 62.
  // min_count 3: A fails.
  std::vector<std::string> region;
  for (const auto& [label, times] : std::vector<std::pair<std::string, int>>{{"A", 2}, {"B", 10}, {"C", 20}, {"D", 30}}) {
    for (int i = 0; i < times; ++i) region.push_back(label);
  }
  const sdc_test::column col("region", region);
  sdc::cell_system_data data;
  data.variables = {col.view()};
  data.labels = {col.labels};
  data.rules = min_count_rules(3);
  sdc::generalisation_hierarchy h;
  h.variable = "region";
  h.levels = {{"A", "B", "C", "D"}, {"P1", "P1", "P2", "P2"}};
  data.hierarchies = {h};
  const sdc::cell_system system = sdc::table_system(data, {"region"});
  std::map<std::string, std::size_t> cell;
  for (const auto& c : system.outputs[0].cells) cell[c.labels[0]] = c.cell;
  REQUIRE(cell.size() == 7);  // A, B, C, D, P1, P2, Total
  const std::size_t m = system.cells.size();

  // D forced suppressed. Candidates by decreasing count: Total 62, P2 50 and C 20 are published
  // (C gives D = P2 - C: a secondary cell may be derivable), P1 = Total - P2 is known anyway, B
  // would give A = P1 - B: secondary.
  std::vector<bool> suppress(m, false);
  suppress[cell["D"]] = true;
  const sdc::protection_problem p = sdc::make_protection_problem(system, {}, suppress);
  CHECK(p.must_suppress[cell["D"]]);
  sdc::gauss_options options;
  options.cost = sdc::suppression_cost::frequency;
  const auto r = sdc::gauss_suppression(p, options);
  CHECK(r.status[cell["A"]] == cell_protection::primary);
  CHECK(r.status[cell["B"]] == cell_protection::secondary);
  CHECK(r.status[cell["D"]] == cell_protection::secondary);
  for (const char* published : {"C", "P1", "P2", "Total"}) CHECK(r.status[cell[published]] == cell_protection::published);
  CHECK(r.n_secondary == 2);
  // Without the forced cell D is published.
  const auto free = sdc::gauss_suppression(sdc::make_protection_problem(system), options);
  CHECK(free.status[cell["D"]] == cell_protection::published);

  // Infeasible forcing is refused before any work, naming the cells.
  std::vector<bool> publish(m, false);
  publish[cell["A"]] = true;
  CHECK_THROWS_WITH_AS(sdc::make_protection_problem(system, publish, {}),
                       doctest::Contains("cannot be forced published: output 'table' (region=A)"), sdc::invalid_input);
  publish.assign(m, false);
  publish[cell["C"]] = true;
  suppress.assign(m, false);
  suppress[cell["C"]] = true;
  CHECK_THROWS_WITH_AS(sdc::make_protection_problem(system, publish, suppress),
                       doctest::Contains("forced both published and suppressed: output 'table' (region=C)"),
                       sdc::invalid_input);
  CHECK_THROWS_AS(sdc::make_protection_problem(system, {}, std::vector<bool>(m + 1, false)), sdc::invalid_input);
}
