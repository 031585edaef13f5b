// SPDX-License-Identifier: MIT
// Optimal secondary suppression (include/sdc/tables/optimal_suppression.hpp, Cbc): the optimum
// of small tables against the cheapest rectangle worked out by hand and against brute force
// (every suppression pattern audited by the LP audit), forced cells, cells no pattern can
// protect, the size limit, and on random tables: every primary protected by the audit and a cost
// never above Gauss suppression's when Gauss's pattern meets the same protection levels.
#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <sdc/tables/audit.hpp>
#include <sdc/tables/gauss_suppression.hpp>
#include <sdc/tables/optimal_suppression.hpp>

#include "protect_test_tables.hpp"

namespace {

// 2 x 2 inner cells {{4, 1}, {6, 9}} with margins, row-major over 0..2 (2 = Total):
//   4  1 |  5
//   6  9 | 15
//  10 10 | 20
// Primary: the 1 at (0, 1), cell index 1.
sdc::protection_problem small_table() {
  sdc::protection_problem p;
  p.categories = {2, 2};
  p.values = {4, 1, 5, 6, 9, 15, 10, 10, 20};
  p.primary.assign(9, false);
  p.primary[1] = true;
  return p;
}

double pattern_cost(const sdc::protection_problem& p, const std::vector<bool>& suppressed, sdc::suppression_cost cost) {
  double total = 0.0;
  for (std::size_t i = 0; i < suppressed.size(); ++i) {
    if (!suppressed[i] || p.primary[i]) continue;
    total += cost == sdc::suppression_cost::unity ? 1.0 : std::abs(p.values[i]);
  }
  return total;
}

sdc::audit_result audit_pattern(const sdc::protection_problem& p, const std::vector<bool>& suppressed,
                                const std::vector<double>& lower, const std::vector<double>& upper) {
  sdc::audit_problem a;
  a.categories = p.categories;
  a.values = p.values;
  a.suppressed = suppressed;
  a.primary = p.primary;
  a.lower_protection = lower;
  a.upper_protection = upper;
  return sdc::audit_suppression(a);
}

std::vector<bool> suppressed_of(const sdc::protection_result& r) {
  std::vector<bool> s(r.status.size());
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = r.status[i] != sdc::cell_protection::published;
  return s;
}

// Cheapest pattern found by auditing every subset of the free cells (neither primary nor forced).
double brute_force_optimum(const sdc::protection_problem& p, const std::vector<double>& lower,
                           const std::vector<double>& upper, sdc::suppression_cost cost) {
  std::vector<std::size_t> free_cells;
  for (std::size_t i = 0; i < p.values.size(); ++i) {
    const bool forced = (!p.must_publish.empty() && p.must_publish[i]) || (!p.must_suppress.empty() && p.must_suppress[i]);
    if (!p.primary[i] && !forced) free_cells.push_back(i);
  }
  REQUIRE(free_cells.size() <= 14);
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t mask = 0; mask < (std::size_t{1} << free_cells.size()); ++mask) {
    std::vector<bool> s(p.values.size(), false);
    for (std::size_t i = 0; i < s.size(); ++i) s[i] = p.primary[i] || (!p.must_suppress.empty() && p.must_suppress[i]);
    for (std::size_t b = 0; b < free_cells.size(); ++b) {
      if (mask >> b & 1u) s[free_cells[b]] = true;
    }
    const double c = pattern_cost(p, s, cost);
    if (c >= best) continue;
    if (audit_pattern(p, s, lower, upper).n_primary_unprotected == 0) best = c;
  }
  return best;
}

}  // namespace

TEST_CASE("optimal suppression: the cheapest rectangle of a 2 x 2 table") {
  const auto p = small_table();
  const auto r = sdc::optimal_suppression(p);
  REQUIRE(r.solution_found);
  CHECK(r.proven_optimal);
  // By hand: the four rectangles through (0, 1) cost 4+6+9 = 19 (inner cells), 5+9+15 = 29,
  // 4+10+10 = 24 and 5+10+20 = 35; the inner one is cheapest.
  CHECK(r.objective == doctest::Approx(19.0));
  CHECK(r.bound == doctest::Approx(19.0));
  CHECK(r.protection.n_primary == 1);
  CHECK(r.protection.n_secondary == 3);
  for (std::size_t i : {0u, 3u, 4u}) CHECK(r.protection.status[i] == sdc::cell_protection::secondary);
  CHECK(r.protection.status[1] == sdc::cell_protection::primary);
  CHECK(r.protection.unprotected.empty());
  // Default levels: 1 up, 1 down (the value, 1, reaches the bound 0).
  CHECK(r.upper_protection[1] == 1.0);
  CHECK(r.lower_protection[1] == 1.0);
  const auto audit = audit_pattern(p, suppressed_of(r.protection), r.lower_protection, r.upper_protection);
  CHECK(audit.n_primary_unprotected == 0);
  CHECK(brute_force_optimum(p, r.lower_protection, r.upper_protection, sdc::suppression_cost::value) ==
        doctest::Approx(19.0));
}

TEST_CASE("optimal suppression: forced cells and larger protection levels") {
  SUBCASE("the cheapest rectangle's corner must be published") {
    auto p = small_table();
    p.must_publish.assign(9, false);
    p.must_publish[0] = true;  // the 4
    const auto r = sdc::optimal_suppression(p);
    CHECK(r.proven_optimal);
    CHECK(r.objective == doctest::Approx(29.0));  // 5 + 9 + 15
    CHECK(r.protection.status[0] == sdc::cell_protection::published);
    CHECK(brute_force_optimum(p, r.lower_protection, r.upper_protection, sdc::suppression_cost::value) ==
          doctest::Approx(29.0));
  }
  SUBCASE("the grand total must be suppressed: the rectangle through it becomes the cheapest") {
    auto p = small_table();
    p.must_suppress.assign(9, false);
    p.must_suppress[8] = true;
    const auto r = sdc::optimal_suppression(p);
    CHECK(r.proven_optimal);
    // 20 forced + 5 + 10 (rectangle rows {0, Total} x columns {1, Total}) = 35 < 20 + 19.
    CHECK(r.objective == doctest::Approx(35.0));
    CHECK(r.protection.status[8] == sdc::cell_protection::secondary);
    CHECK(r.protection.status[2] == sdc::cell_protection::secondary);
    CHECK(r.protection.status[7] == sdc::cell_protection::secondary);
    CHECK(r.protection.n_secondary == 3);
  }
  SUBCASE("an upward level of 5 cannot be met through the 4") {
    auto p = small_table();
    sdc::optimal_options options;
    options.upper_protection.assign(9, 0.0);
    options.upper_protection[1] = 5.0;
    const auto r = sdc::optimal_suppression(p, options);
    CHECK(r.proven_optimal);
    // Raising the 1 by 5 lowers the other cells of its rectangle by 5: the 4 cannot, the 9 and
    // 15 can (rows {0, 1} x columns {1, Total}: 5 + 9 + 15).
    CHECK(r.objective == doctest::Approx(29.0));
    CHECK(brute_force_optimum(p, r.lower_protection, r.upper_protection, sdc::suppression_cost::value) ==
          doctest::Approx(29.0));
    CHECK(audit_pattern(p, suppressed_of(r.protection), r.lower_protection, r.upper_protection)
              .n_primary_unprotected == 0);
  }
  SUBCASE("unity costs: three secondary cells") {
    auto p = small_table();
    sdc::optimal_options options;
    options.cost = sdc::suppression_cost::unity;
    const auto r = sdc::optimal_suppression(p, options);
    CHECK(r.objective == doctest::Approx(3.0));
    CHECK(r.protection.n_secondary == 3);
  }
  SUBCASE("published row total and neighbour give the primary away") {
    auto p = small_table();
    p.must_publish.assign(9, false);
    p.must_publish[0] = true;
    p.must_publish[2] = true;  // 1 = 5 - 4
    const auto r = sdc::optimal_suppression(p);
    REQUIRE(r.protection.unprotected.size() == 1);
    CHECK(r.protection.unprotected[0] == 1);
    CHECK(r.protection.n_secondary == 0);
  }
}

TEST_CASE("optimal suppression: brute force on 2 x 3 tables with two primary cells") {
  // 2 x 3 inner cells, 12 cells with margins; primary cells 1 and 2 of the inner ones.
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> count(0, 9);
  for (int round = 0; round < 6; ++round) {
    sdc::protection_problem p;
    p.categories = {2, 3};
    const Eigen::SparseMatrix<double> x = sdc::model_matrix_of(p.categories);
    Eigen::VectorXd inner(x.rows());
    for (Eigen::Index i = 0; i < inner.size(); ++i) inner[i] = count(rng);
    inner[0] = 1;
    inner[4] = 2;
    const Eigen::VectorXd cells = x.transpose() * inner;
    p.values.assign(cells.data(), cells.data() + cells.size());
    p.primary.assign(p.values.size(), false);
    p.primary[0] = true;  // inner (0, 0)
    p.primary[5] = true;  // inner (1, 1): row-major over 0..3 columns, (1, 1) = 4 + 1
    for (auto cost : {sdc::suppression_cost::value, sdc::suppression_cost::unity}) {
      sdc::optimal_options options;
      options.cost = cost;
      const auto r = sdc::optimal_suppression(p, options);
      REQUIRE(r.solution_found);
      CHECK(r.proven_optimal);
      CHECK(r.protection.unprotected.empty());
      const double brute = brute_force_optimum(p, r.lower_protection, r.upper_protection, cost);
      CHECK(r.objective == doctest::Approx(brute));
      CHECK(audit_pattern(p, suppressed_of(r.protection), r.lower_protection, r.upper_protection)
                .n_primary_unprotected == 0);
    }
  }
}

TEST_CASE("optimal suppression: brute force on 2 x 2 x 2 tables (the relation inequalities in 3-D)") {
  // 27 cells, index i*9 + j*3 + k over 0..2 (2 = Total). Primary: inner (0,0,0) = cell 0 with
  // levels 2 up and 2 down. Free: the other 7 inner cells and the margin (0,0,T) = cell 2;
  // every other cell must be published (grand total included, so no intruder exceeds it and
  // the table-wide deviation bound of deviation_factor = 0 never binds): 2^8 patterns audited.
  // With the inner margins published, p moves only along the cube's alternating cycle (+2 on
  // p, -2 on its 3 neighbours, ...), so counts of at least 2 make every table protectable;
  // the last round's zeros may make it unprotectable.
  std::mt19937 rng(11);
  const std::vector<std::size_t> free_cells = {1, 2, 3, 4, 9, 10, 12, 13};
  int n_protectable = 0;
  for (int round = 0; round < 4; ++round) {
    sdc::protection_problem p;
    p.categories = {2, 2, 2};
    const Eigen::SparseMatrix<double> x = sdc::model_matrix_of(p.categories);
    Eigen::VectorXd inner(x.rows());
    std::uniform_int_distribution<int> count(round < 3 ? 2 : 0, 6);
    for (Eigen::Index i = 0; i < inner.size(); ++i) inner[i] = count(rng);
    inner[0] = 3;
    const Eigen::VectorXd cells = x.transpose() * inner;
    p.values.assign(cells.data(), cells.data() + cells.size());
    p.primary.assign(27, false);
    p.primary[0] = true;
    p.must_publish.assign(27, true);
    p.must_publish[0] = false;
    for (auto j : free_cells) p.must_publish[j] = false;
    sdc::optimal_options options;
    options.deviation_factor = 0.0;
    options.upper_protection.assign(27, 0.0);
    options.lower_protection.assign(27, 0.0);
    options.upper_protection[0] = options.lower_protection[0] = 2.0;
    const auto r = sdc::optimal_suppression(p, options);
    INFO("round " << round);
    REQUIRE(r.solution_found);
    CHECK(r.proven_optimal);
    const double brute = brute_force_optimum(p, r.lower_protection, r.upper_protection, sdc::suppression_cost::value);
    if (std::isinf(brute)) {
      CHECK(r.protection.unprotected == std::vector<std::size_t>{0});
    } else {
      ++n_protectable;
      CHECK(r.protection.unprotected.empty());
      CHECK(r.objective == doctest::Approx(brute));
      CHECK(audit_pattern(p, suppressed_of(r.protection), r.lower_protection, r.upper_protection)
                .n_primary_unprotected == 0);
    }
  }
  CHECK(n_protectable >= 3);
}

TEST_CASE("optimal suppression: random 2-D tables, audit and Gauss") {
  std::mt19937 rng(20240611);
  std::size_t gauss_comparable = 0, cheaper = 0;
  for (int round = 0; round < 25; ++round) {
    const auto t = sdc_test::make_random_table(rng, 2, 2, 5, 0.2, 8);
    sdc::protection_problem p;
    p.categories = t.categories;
    p.values = t.values;
    p.primary = sdc_test::frequency_primaries(t, 3.0);
    sdc::optimal_options options;
    options.cost = sdc::suppression_cost::frequency;
    options.start_from_gauss = false;  // an independent search
    const auto r = sdc::optimal_suppression(p, options);
    REQUIRE(r.solution_found);
    CHECK(r.proven_optimal);
    const auto audit = audit_pattern(p, suppressed_of(r.protection), r.lower_protection, r.upper_protection);
    // Every primary cell either protected or listed as unprotectable (none here: nothing forced).
    CHECK(r.protection.unprotected.empty());
    CHECK(audit.n_primary_unprotected == 0);
    CHECK(audit.n_primary_exact == 0);

    sdc::gauss_options g;
    g.cost = sdc::suppression_cost::frequency;
    g.singletons = sdc::singleton_method::none;
    const auto gauss = sdc::gauss_suppression(p, g);
    const auto gauss_audit = audit_pattern(p, suppressed_of(gauss), r.lower_protection, r.upper_protection);
    if (gauss_audit.n_primary_unprotected == 0) {
      ++gauss_comparable;
      const double gauss_cost = pattern_cost(p, suppressed_of(gauss), sdc::suppression_cost::value);
      CHECK(r.objective <= gauss_cost + 1e-9);
      cheaper += r.objective < gauss_cost - 1e-9;
    }
  }
  // Most Gauss patterns meet the levels 1 up / 1 down, and the optimum is often strictly cheaper.
  CHECK(gauss_comparable >= 12);
  CHECK(cheaper >= 1);
}

TEST_CASE("optimal suppression: bad input and the size limit") {
  auto p = small_table();
  p.must_publish.assign(9, false);
  p.must_publish[1] = true;
  CHECK_THROWS_AS(sdc::optimal_suppression(p), sdc::invalid_input);
  p = small_table();
  p.values[0] = -4;
  CHECK_THROWS_AS(sdc::optimal_suppression(p), sdc::invalid_input);
  p = small_table();
  sdc::optimal_options options;
  options.upper_protection = {1.0, 2.0};
  CHECK_THROWS_AS(sdc::optimal_suppression(p, options), sdc::invalid_input);

  sdc::protection_problem big;
  big.categories = {100, 100};
  big.values.assign(101 * 101, 1.0);
  big.primary.assign(101 * 101, false);
  try {
    (void)sdc::optimal_suppression(big);
    FAIL("a table above max_cells was accepted");
  } catch (const sdc::invalid_input& e) {
    CHECK(std::string(e.what()).find("10201 cells") != std::string::npos);
    CHECK(e.code() == sdc::errc::too_many_categories);
  }
}
