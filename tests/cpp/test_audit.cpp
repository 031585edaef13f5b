// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>
#include <sdc/tables/audit.hpp>
#include <sdc/tables/gauss_suppression.hpp>
#include <vector>

#include "protect_test_tables.hpp"

namespace {

const sdc::cell_interval& interval_of(const sdc::audit_result& result, std::size_t cell) {
  for (const auto& c : result.cells) {
    if (c.cell == cell) return c;
  }
  FAIL("cell " << cell << " not in the audit");
  return result.cells.front();
}

std::vector<bool> suppressed_of(const sdc::protection_result& r) {
  std::vector<bool> s(r.status.size());
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = r.status[i] != sdc::cell_protection::published;
  return s;
}

}  // namespace

TEST_CASE("audit of a 2x2 table with its four inner cells suppressed (intervals by hand)") {
  //        c0  c1  Total
  //   r0    1   5    6
  //   r1    6   7   13
  //   Tot   7  12   19
  // With x00 = t: x01 = 6 - t, x10 = 7 - t, x11 = 6 + t, and x >= 0 gives t in [0, 6].
  sdc::audit_problem problem;
  problem.categories = {2, 2};
  problem.values = {1, 5, 6, 6, 7, 13, 7, 12, 19};
  problem.suppressed = {true, true, false, true, true, false, false, false, false};
  problem.primary = {true, false, false, false, false, false, false, false, false};
  const auto result = sdc::audit_suppression(problem);
  REQUIRE(result.cells.size() == 4);
  CHECK(result.n_linear_programs == 8);
  const auto& x00 = interval_of(result, 0);
  CHECK(x00.lower == doctest::Approx(0));
  CHECK(x00.upper == doctest::Approx(6));
  CHECK(x00.primary);
  CHECK_FALSE(x00.exact);
  CHECK(x00.is_protected);
  CHECK(interval_of(result, 1).lower == doctest::Approx(0));
  CHECK(interval_of(result, 1).upper == doctest::Approx(6));
  CHECK(interval_of(result, 3).lower == doctest::Approx(1));
  CHECK(interval_of(result, 3).upper == doctest::Approx(7));
  CHECK(interval_of(result, 4).lower == doctest::Approx(6));
  CHECK(interval_of(result, 4).upper == doctest::Approx(12));
  CHECK_FALSE(interval_of(result, 4).primary);
  CHECK(result.n_exact == 0);
  CHECK(result.n_primary_unprotected == 0);

  // A sliding level of 100% asks for [0, 2] around 1: met. 600% asks for 1 + 6 = 7 > 6: not met
  // (the lower side is capped at the bound 0).
  sdc::audit_options options;
  options.sliding_percent = 100;
  auto sliding = sdc::audit_suppression(problem, options);
  CHECK(interval_of(sliding, 0).is_protected);
  CHECK(interval_of(sliding, 0).required_upper == doctest::Approx(1));
  options.sliding_percent = 600;
  sliding = sdc::audit_suppression(problem, options);
  CHECK_FALSE(interval_of(sliding, 0).is_protected);
  CHECK(interval_of(sliding, 0).required_lower == doctest::Approx(1));
  CHECK(interval_of(sliding, 0).required_upper == doctest::Approx(6));
  CHECK(sliding.n_primary_unprotected == 1);

  // Without bounds every suppressed cell is unbounded.
  options = {};
  options.nonnegative = false;
  const auto free = sdc::audit_suppression(problem, options);
  CHECK(std::isinf(interval_of(free, 0).lower));
  CHECK(std::isinf(interval_of(free, 0).upper));
}

TEST_CASE("audit finds a cell given back by its total, and uses explicit bounds") {
  // a + b + c = T with a and b suppressed: a in [0, 24]; with b <= 22 known, a >= 2.
  sdc::audit_problem problem;
  problem.categories = {3};
  problem.values = {4, 20, 50, 74};
  problem.suppressed = {true, true, false, false};
  problem.primary = {true, false, false, false};
  auto result = sdc::audit_suppression(problem);
  CHECK(interval_of(result, 0).lower == doctest::Approx(0));
  CHECK(interval_of(result, 0).upper == doctest::Approx(24));
  problem.upper_bounds = {100, 22, 100, 100};
  problem.lower_bounds = {0, 0, 0, 0};
  result = sdc::audit_suppression(problem);
  CHECK(interval_of(result, 0).lower == doctest::Approx(2));
  CHECK(interval_of(result, 0).upper == doctest::Approx(24));
  // Only a suppressed: a = T - b - c exactly.
  problem.upper_bounds.clear();
  problem.lower_bounds.clear();
  problem.suppressed = {true, false, false, false};
  result = sdc::audit_suppression(problem);
  CHECK(interval_of(result, 0).exact);
  CHECK(interval_of(result, 0).lower == doctest::Approx(4));
  CHECK_FALSE(interval_of(result, 0).is_protected);
  CHECK(result.n_primary_exact == 1);
  // A total that does not add up is an error.
  problem.values = {4, 20, 50, 75};
  problem.suppressed = {false, false, false, false};
  CHECK_THROWS_AS(sdc::audit_suppression(problem), sdc::invalid_input);
  problem.suppressed = {true, false};
  CHECK_THROWS_AS(sdc::audit_suppression(problem), sdc::invalid_input);
}

TEST_CASE("protection levels from the dominance rules, and the audit against them") {
  // One dimension, sums: cell a has contributions 100, 5, 1 (X = 106), b has 50 x 1.
  sdc::table t;
  t.dimensions = {{"r", {"a", "b"}}};
  t.stat = sdc::statistic::sum;
  t.value_name = "v";
  t.cells.resize(3);
  t.cells[0].coords = {0};
  t.cells[0].value = 106;
  t.cells[0].evidence.dominance_total = 106;
  t.cells[0].evidence.top_contributions = {100, 5, 1};
  t.cells[1].coords = {1};
  t.cells[1].value = 50;
  t.cells[1].evidence.dominance_total = 50;
  t.cells[1].evidence.top_contributions = {1, 1, 1};
  t.cells[2].coords = {sdc::margin_coordinate};
  t.cells[2].value = 156;
  t.cells[2].evidence.dominance_total = 156;
  t.cells[2].evidence.top_contributions = {100, 5, 1};
  sdc::table_rules rules;
  rules.nk_rules = {{2, 90.0}};
  rules.p_percent = 10.0;
  const auto levels = sdc::protection_levels_from_rules(t, rules);
  // (n,k): 100/90 * 105 - 106 = 10.667; p%: 0.1 * 100 - (106 - 105) = 9.
  CHECK(levels[0] == doctest::Approx(100.0 / 90.0 * 105.0 - 106.0));
  CHECK(levels[1] == 0.0);
  rules.nk_rules.clear();
  CHECK(sdc::protection_levels_from_rules(t, rules)[0] == doctest::Approx(9));
  rules.p_percent.reset();
  rules.pq = sdc::pq_rule{25, 50};
  CHECK(sdc::protection_levels_from_rules(t, rules)[0] == doctest::Approx(0.5 * 100 - 1));

  // a and b suppressed: a in [0, 156]; with b = 5 instead, a in [0, 111] and the upper side
  // (5) is less than the level of 49.
  auto problem = sdc::make_audit_problem(t, {true, true, false}, {true, false, false});
  problem.upper_protection = problem.lower_protection = sdc::protection_levels_from_rules(t, rules);
  auto result = sdc::audit_suppression(problem);
  CHECK(interval_of(result, 0).upper == doctest::Approx(156));
  CHECK(interval_of(result, 0).is_protected);
  problem.values = {106, 5, 111};
  result = sdc::audit_suppression(problem);
  CHECK(interval_of(result, 0).upper == doctest::Approx(111));
  CHECK_FALSE(interval_of(result, 0).exact);
  CHECK_FALSE(interval_of(result, 0).is_protected);
  CHECK(result.n_primary_unprotected == 1);
  CHECK_THROWS_AS(sdc::make_audit_problem(t, {true}, {}), sdc::invalid_input);
}

TEST_CASE("property: after Gauss suppression the audit finds no primary cell exactly") {
  std::mt19937 rng(424242);
  std::size_t n_tables = 0, n_primary = 0, n_lps = 0;
  for (int repeat = 0; repeat < 2000; ++repeat) {
    const auto t = sdc_test::make_random_table(rng, 2, 4, 4, repeat % 4 == 0 ? 0.4 : 0.15);
    sdc::protection_problem problem;
    problem.categories = t.categories;
    problem.values = t.values;
    problem.primary = sdc_test::frequency_primaries(t, repeat % 3 == 0 ? 4 : 3);
    sdc::gauss_options options;
    options.cost = repeat % 2 ? sdc::suppression_cost::frequency : sdc::suppression_cost::unity;
    options.singletons = repeat % 3 == 1 ? sdc::singleton_method::none : sdc::singleton_method::coalition;
    const auto protection = sdc::gauss_suppression(problem, options);
    REQUIRE(protection.unprotected.empty());
    sdc::audit_problem audit;
    audit.categories = t.categories;
    audit.values = t.values;
    audit.suppressed = suppressed_of(protection);
    audit.primary = problem.primary;
    const auto result = sdc::audit_suppression(audit);
    ++n_tables;
    n_primary += protection.n_primary;
    n_lps += result.n_linear_programs;
    INFO("table " << repeat);
    CHECK(result.n_primary_exact == 0);
    for (const auto& c : result.cells) {
      CHECK(c.lower <= c.value + 1e-6);
      CHECK(c.upper >= c.value - 1e-6);
    }
  }
  MESSAGE(n_tables << " tables, " << n_primary << " primary cells, " << n_lps << " LPs");
}

TEST_CASE("property: zero primary cells (zeros = fail) are not pinned at 0 either") {
  // A zero is at its bound, so linear protection is not enough: Gauss suppression keeps the
  // zero inner cells below primary zeros independent of what is known, so each can grow.
  std::mt19937 rng(99);
  std::size_t n_zero_primary = 0, n_exact = 0, n_positive_exact = 0;
  for (int repeat = 0; repeat < 500; ++repeat) {
    const auto t = sdc_test::make_random_table(rng, 2, 3, 4, 0.3);
    sdc::protection_problem problem;
    problem.categories = t.categories;
    problem.values = t.values;
    problem.primary.resize(t.values.size());
    for (std::size_t i = 0; i < t.values.size(); ++i) problem.primary[i] = t.values[i] < 3;
    const auto protection = sdc::gauss_suppression(problem);
    sdc::audit_problem audit;
    audit.categories = t.categories;
    audit.values = t.values;
    audit.suppressed = suppressed_of(protection);
    audit.primary = problem.primary;
    const auto result = sdc::audit_suppression(audit);
    for (const auto& c : result.cells) {
      if (!c.primary) continue;
      if (c.value == 0) {
        ++n_zero_primary;
        n_exact += c.exact && protection.unprotected.empty();
      } else if (c.exact && protection.unprotected.empty()) {
        ++n_positive_exact;
      }
    }
  }
  MESSAGE(n_zero_primary << " zero primary cells, " << n_exact << " of them exact in the audit");
  CHECK(n_exact == 0);
  CHECK(n_positive_exact == 0);
}

TEST_CASE("a flat table given as model matrix has the same audit intervals as given by categories") {
  // The inner-cell formulation (y >= 0, published cells fixed) and the relation formulation
  // (x >= 0 on the suppressed cells, margins = sums) describe the same polytope for a
  // non-negative table: the intervals must agree, on Gauss patterns and on random ones.
  std::mt19937 rng(8080);
  std::size_t n_compared = 0;
  for (int repeat = 0; repeat < 400; ++repeat) {
    const auto t = sdc_test::make_random_table(rng, 1 + static_cast<std::size_t>(repeat % 5 != 0), 3, 4, 0.2);
    sdc::audit_problem by_shape;
    by_shape.categories = t.categories;
    by_shape.values = t.values;
    by_shape.primary = sdc_test::frequency_primaries(t, 3);
    if (repeat % 2 == 0) {
      sdc::protection_problem problem;
      problem.categories = t.categories;
      problem.values = t.values;
      problem.primary = by_shape.primary;
      by_shape.suppressed = suppressed_of(sdc::gauss_suppression(problem));
    } else {
      std::bernoulli_distribution suppress(0.3);
      by_shape.suppressed.resize(t.values.size());
      for (std::size_t i = 0; i < t.values.size(); ++i) by_shape.suppressed[i] = suppress(rng);
    }
    sdc::audit_problem by_matrix = by_shape;
    by_matrix.categories.clear();
    by_matrix.model_matrix = sdc::model_matrix_of(t.categories);
    sdc::audit_options options;
    options.sliding_percent = repeat % 3 == 0 ? 30 : 0;
    const auto a = sdc::audit_suppression(by_shape, options);
    const auto b = sdc::audit_suppression(by_matrix, options);
    INFO("table " << repeat);
    REQUIRE(a.cells.size() == b.cells.size());
    for (std::size_t k = 0; k < a.cells.size(); ++k) {
      CHECK(a.cells[k].cell == b.cells[k].cell);
      // Unbounded sides (every cell around suppressed) are infinite in both.
      auto same = [](double u, double v) { return std::isinf(u) ? u == v : u == doctest::Approx(v); };
      CHECK(same(a.cells[k].lower, b.cells[k].lower));
      CHECK(same(a.cells[k].upper, b.cells[k].upper));
      CHECK(a.cells[k].exact == b.cells[k].exact);
      CHECK(a.cells[k].is_protected == b.cells[k].is_protected);
    }
    CHECK(a.n_primary_exact == b.n_primary_exact);
    CHECK(a.n_primary_unprotected == b.n_primary_unprotected);
    ++n_compared;
  }
  MESSAGE(n_compared << " tables compared");
}

TEST_CASE("primary_only: the primary cells' intervals of the full audit, in both formulations") {
  // The option leaves the intruder's system unchanged and only skips the LPs of non-primary
  // cells, so each primary cell's interval must equal the full audit's (itself checked against
  // sdcTable's attack() and by hand above), and no other cell may appear.
  std::mt19937 rng(4242);
  std::size_t n_primary_seen = 0;
  for (int repeat = 0; repeat < 200; ++repeat) {
    const auto t = sdc_test::make_random_table(rng, 2, 3, 4, 0.2);
    sdc::audit_problem problem;
    problem.values = t.values;
    problem.primary = sdc_test::frequency_primaries(t, 3);
    std::bernoulli_distribution suppress(0.35);
    problem.suppressed.resize(t.values.size());
    for (std::size_t i = 0; i < t.values.size(); ++i) problem.suppressed[i] = problem.primary[i] || suppress(rng);
    problem.lower_protection.assign(t.values.size(), 1.0);
    problem.upper_protection.assign(t.values.size(), 2.0);
    if (repeat % 2 == 0) {
      problem.categories = t.categories;
    } else {
      problem.model_matrix = sdc::model_matrix_of(t.categories);
    }
    sdc::audit_options full;
    sdc::audit_options primary_only;
    primary_only.primary_only = true;
    const auto a = sdc::audit_suppression(problem, full);
    const auto b = sdc::audit_suppression(problem, primary_only);
    INFO("table " << repeat);
    std::size_t k = 0;
    for (const auto& cell : a.cells) {
      if (!cell.primary) continue;
      REQUIRE(k < b.cells.size());
      const auto& other = b.cells[k++];
      CHECK(other.cell == cell.cell);
      CHECK(other.primary);
      auto same = [](double u, double v) { return std::isinf(u) ? u == v : u == doctest::Approx(v); };
      CHECK(same(other.lower, cell.lower));
      CHECK(same(other.upper, cell.upper));
      CHECK(other.exact == cell.exact);
      CHECK(other.is_protected == cell.is_protected);
      ++n_primary_seen;
    }
    CHECK(k == b.cells.size());
    CHECK(b.n_primary_exact == a.n_primary_exact);
    CHECK(b.n_primary_unprotected == a.n_primary_unprotected);
  }
  CHECK(n_primary_seen > 500);
}
