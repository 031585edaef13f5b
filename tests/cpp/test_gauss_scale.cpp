// SPDX-License-Identifier: MIT
// The bookkeeping that makes Gauss suppression scale (include/sdc/tables/gauss_suppression.hpp):
// the exact count of basis vectors per row of the null space and the parallel test built on it,
// checked against brute force; the work budget of the second pass; and, on 3-D and 4-D tables,
// that no primary cell is in the span of the published cells, checked by an independent dense
// QR of the published columns; and that eliminations split among threads change nothing.
#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <Eigen/SparseCore>

#include <cmath>
#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <random>
#include <sdc/tables/gauss_suppression.hpp>
#include <sdc/tables/linear_relations.hpp>
#include <vector>

#include "protect_test_tables.hpp"

namespace {

// Primary cells whose column lies in the span of the published columns (dense QR, independent
// of the elimination in gauss_suppression). Zeros are not used, so this is the plain linear
// disclosure (what the intruder learns from the published cells alone).
std::vector<std::size_t> derivable_primaries(const sdc::protection_problem& problem,
                                             const sdc::protection_result& result) {
  const Eigen::MatrixXd x = Eigen::MatrixXd(sdc::model_matrix_of(problem.categories));
  std::vector<Eigen::Index> published;
  for (std::size_t j = 0; j < result.status.size(); ++j) {
    if (result.status[j] == sdc::cell_protection::published) published.push_back(static_cast<Eigen::Index>(j));
  }
  Eigen::MatrixXd p(x.rows(), static_cast<Eigen::Index>(published.size()));
  for (std::size_t k = 0; k < published.size(); ++k) p.col(static_cast<Eigen::Index>(k)) = x.col(published[k]);
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(p);
  qr.setThreshold(1e-9);
  const Eigen::Index rank = qr.rank();
  const Eigen::MatrixXd q = Eigen::MatrixXd(qr.householderQ()).leftCols(rank);
  std::vector<std::size_t> out;
  for (std::size_t j = 0; j < result.status.size(); ++j) {
    if (!problem.primary[j]) continue;
    const Eigen::VectorXd v = x.col(static_cast<Eigen::Index>(j));
    const Eigen::VectorXd residual = v - q * (q.transpose() * v);
    if (residual.norm() < 1e-6 * std::max(1.0, v.norm())) out.push_back(j);
  }
  return out;
}

// The entries of a basis vector's index or value list as a plain std::vector (to compare with
// values written by hand).
template <class List>
std::vector<typename List::value_type> plain(const List& list) {
  return {list.begin(), list.end()};
}

}  // namespace

TEST_CASE("null space: exact row counts and the row parallel test agree with brute force") {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 40; ++trial) {
    const std::size_t n_rows = 6 + static_cast<std::size_t>(rng() % 20);
    std::vector<char> excluded(n_rows, 0);
    for (std::size_t r = 0; r < n_rows; ++r) excluded[r] = rng() % 7 == 0;
    sdc::detail::null_space space(n_rows, excluded);
    // Random 0/1 columns published one by one; after each, the counts and parallel tests are
    // recomputed from the basis vectors themselves.
    for (int step = 0; step < 12 && space.dimension() > 0; ++step) {
      std::vector<std::uint32_t> column;
      for (std::uint32_t r = 0; r < n_rows; ++r) {
        if (rng() % 3 == 0) column.push_back(r);
      }
      if (column.empty()) continue;
      sdc::detail::sparse_vector g = space.coordinates(column);
      if (g.empty()) continue;
      const std::uint32_t pivot = space.choose_pivot(g);
      sdc::detail::normalise(g, pivot);

      // Before eliminating: the parallel test of every row against g, by brute force.
      for (std::uint32_t r = 0; r < n_rows; ++r) {
        const sdc::detail::sparse_vector row = space.coordinates({r});
        CHECK(space.row_parallel(r, g, pivot) == sdc::detail::is_multiple(row, g, pivot));
      }
      space.eliminate(g, pivot);

      std::size_t entries = 0;
      std::vector<std::size_t> count(n_rows, 0);
      for (std::uint32_t id = 0; id < n_rows; ++id) {
        const auto& v = space.basis_vector(id);
        entries += v.size();
        for (auto r : v.index) ++count[r];
      }
      CHECK(space.entries() == entries);
      for (std::uint32_t r = 0; r < n_rows; ++r) {
        CAPTURE(r);
        CHECK(space.row_count(r) == count[r]);
        CHECK(space.coordinates({r}).size() == count[r]);
      }
    }
  }
}

TEST_CASE("null space: rows never read keep exact coordinates while their id lists are cleaned") {
  // Rows 0..19 ("watched") are never in a published column, so only the cleaning on growth
  // trims their id lists; every other vector starts with entries at 5 random watched rows and
  // each elimination spreads the pivot's there. After the eliminations, the coordinates of each
  // watched row must be the basis vectors' own entries there (so no live id was dropped), and
  // on some watched row the list must hold fewer ids than the vectors ever gained there
  // (counted from the bases before and after each step), which it would without cleaning.
  std::mt19937 rng(11);
  const std::uint32_t n_rows = 300, n_watched = 20;
  std::vector<sdc::detail::sparse_vector> basis(n_rows);
  for (std::uint32_t id = 0; id < n_rows; ++id) {
    std::vector<std::uint32_t> rows{id};
    if (id >= n_watched) {
      for (int k = 0; k < 5; ++k) rows.push_back(static_cast<std::uint32_t>(rng() % n_watched));
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (auto r : rows) {
      basis[id].index.push_back(r);
      basis[id].value.push_back(1 + rng() % 1000);
    }
  }
  sdc::detail::null_space space(n_rows, basis);
  std::vector<std::size_t> gained(n_watched, 0);
  for (std::uint32_t r = 0; r < n_watched; ++r) gained[r] = space.row_count(r);
  for (int step = 0; step < 150 && space.dimension() > n_watched; ++step) {
    std::vector<std::uint32_t> column;
    for (std::uint32_t r = n_watched; r < n_rows; ++r) {
      if (rng() % 60 == 0) column.push_back(r);
    }
    sdc::detail::sparse_vector g = space.coordinates(column);
    if (g.empty()) continue;
    const std::uint32_t pivot = space.choose_pivot(g);
    sdc::detail::normalise(g, pivot);
    std::vector<std::vector<char>> before(n_rows, std::vector<char>(n_watched, 0));
    for (std::uint32_t id = 0; id < n_rows; ++id) {
      for (std::uint32_t r = 0; r < n_watched; ++r) before[id][r] = space.basis_vector(id).at(r) != 0;
    }
    space.eliminate(g, pivot);
    for (std::uint32_t id = 0; id < n_rows; ++id) {
      for (std::uint32_t r = 0; r < n_watched; ++r) gained[r] += !before[id][r] && space.basis_vector(id).at(r) != 0;
    }
  }
  bool cleaned = false;
  for (std::uint32_t r = 0; r < n_watched; ++r) {
    CAPTURE(r);
    cleaned = cleaned || space.row_id_list_size(r) < gained[r];
    sdc::detail::sparse_vector expected;
    for (std::uint32_t id = 0; id < n_rows; ++id) {
      const std::uint64_t x = space.basis_vector(id).at(r);
      if (x == 0) continue;
      expected.index.push_back(id);
      expected.value.push_back(x);
    }
    const sdc::detail::sparse_vector row = space.coordinates({r});
    CHECK(plain(row.index) == plain(expected.index));
    CHECK(plain(row.value) == plain(expected.value));
    CHECK(space.row_count(r) == expected.size());
  }
  CHECK(cleaned);
}

TEST_CASE("field arithmetic modulo 2^61 - 1") {
  namespace field = sdc::detail::field;
  const std::uint64_t p = field::modulus;
  CHECK(p == 2305843009213693951ULL);
  // (-1)(-1) = 1, 2 * 2^60 = 2^61 = 1, (-2)(-3) = 6: by hand.
  CHECK(field::multiply(p - 1, p - 1) == 1);
  CHECK(field::multiply(std::uint64_t{1} << 60, 2) == 1);
  CHECK(field::multiply(p - 2, p - 3) == 6);
  CHECK(field::inverse(2) == std::uint64_t{1} << 60);
  CHECK(field::add(p - 1, 5) == 4);
  CHECK(field::negate(0) == 0);
  CHECK(field::negate(7) == p - 7);
  // Against the 128-bit remainder (an independent formula) and a * (1/a) = 1.
  std::mt19937_64 rng(61);
  for (int i = 0; i < 10000; ++i) {
    const std::uint64_t a = rng() % p, b = rng() % p;
    __extension__ typedef unsigned __int128 wide;
    CHECK(field::multiply(a, b) == static_cast<std::uint64_t>(static_cast<wide>(a) * b % p));
    if (a != 0) CHECK(field::multiply(a, field::inverse(a)) == 1);
  }
}

TEST_CASE("anchored row priority: the categories richest in primary inner cells rank first") {
  // A 3x2 table (cells row-major over 0..3 x 0..2, the margin last): primary inner cells (0,1),
  // (2,0), (2,1), and the margin cell (3,0), which does not count. Per dimension the anchor is
  // the category with most primary inner cells: category 2 (two) in the first, category 1 (two)
  // in the second. Relabelled, the first dimension reads 2,0,1 and the second 1,0, so the rows
  // (inner cells in row-major order (0,0),(0,1),(1,0),(1,1),(2,0),(2,1)) rank, by hand:
  // (2,1) 0, (2,0) 1, (0,1) 2, (0,0) 3, (1,1) 4, (1,0) 5.
  const std::vector<std::size_t> categories{3, 2};
  std::vector<bool> primary(12, false);
  auto cell = [](std::size_t a, std::size_t b) { return a * 3 + b; };
  primary[cell(0, 1)] = primary[cell(2, 0)] = primary[cell(2, 1)] = primary[cell(3, 0)] = true;
  const std::vector<std::size_t> anchors = sdc::detail::primary_anchors(categories, primary);
  CHECK(anchors == std::vector<std::size_t>{2, 1});
  CHECK(sdc::detail::anchored_row_priority(categories, anchors, {0, 1, 2, 3, 4, 5}) ==
        std::vector<std::uint32_t>{3, 2, 5, 4, 1, 0});
  // Rows left out (known zeros) keep the ranks of their inner cells.
  CHECK(sdc::detail::anchored_row_priority(categories, anchors, {1, 4, 5}) == std::vector<std::uint32_t>{2, 1, 0});
  // Without primary cells every anchor is the first category: plain row-major order.
  CHECK(sdc::detail::primary_anchors(categories, std::vector<bool>(12, false)) == std::vector<std::size_t>{0, 0});
  CHECK(sdc::detail::anchored_row_priority(categories, {0, 0}, {0, 1, 2, 3, 4, 5}) ==
        std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5});
}

TEST_CASE("the null space of all margins, built directly, is the one publishing the margins reaches") {
  using sdc::detail::null_space;
  using sdc::detail::sparse_vector;
  constexpr std::uint64_t minus_one = sdc::detail::field::modulus - 1;
  SUBCASE("a 3x2 table, by hand") {
    // Anchors: category 2 of the first dimension, 1 of the second. Rows (inner cells, row-major)
    // (0,0)=0 (0,1)=1 (1,0)=2 (1,1)=3 (2,0)=4 (2,1)=5. The cells off both anchors, (0,0) and
    // (1,0), get (e_a - e_2) x (e_0 - e_1): +1 at (a,0) and (2,1), -1 at (a,1) and (2,0).
    const null_space w = sdc::detail::margin_null_space({3, 2}, {2, 1}, {0, 1, 2, 3, 4, 5}, std::vector<char>(6, 0));
    CHECK(w.dimension() == 2);
    CHECK(plain(w.basis_vector(0).index) == std::vector<std::uint32_t>{0, 1, 4, 5});
    CHECK(plain(w.basis_vector(0).value) == std::vector<std::uint64_t>{1, minus_one, minus_one, 1});
    CHECK(plain(w.basis_vector(2).index) == std::vector<std::uint32_t>{2, 3, 4, 5});
    CHECK(plain(w.basis_vector(2).value) == std::vector<std::uint64_t>{1, minus_one, minus_one, 1});
    CHECK(w.row_count(4) == 2);
    CHECK(w.row_count(1) == 1);
  }
  SUBCASE("random shapes, anchors and zeros: the same space as the elimination") {
    // The built space is orthogonal to every margin and every zero (their coordinates are
    // empty) and has the dimension of the space the elimination reaches from the unit vectors:
    // the two spaces are equal.
    std::mt19937 rng(77);
    for (int trial = 0; trial < 300; ++trial) {
      std::uniform_int_distribution<std::size_t> dims(1, 4), zero_rows(0, 4);
      std::vector<std::size_t> categories(dims(rng));
      for (auto& k : categories) k = std::uniform_int_distribution<std::size_t>(2, categories.size() > 3 ? 3 : 5)(rng);
      std::vector<std::size_t> anchor;
      for (auto k : categories) anchor.push_back(std::uniform_int_distribution<std::size_t>(0, k - 1)(rng));
      const sdc::detail::cell_supports supports = sdc::detail::supports_of_shape(categories);
      const std::size_t n_inner = supports.n_rows;
      // Some inner cells without a row (zeros known), some rows known to be zero.
      std::vector<char> has_row(n_inner, 1);
      for (std::size_t z = zero_rows(rng); z-- > 0;) has_row[rng() % n_inner] = 0;
      std::vector<std::uint32_t> inner_of_row, row_of_inner(n_inner, 0);
      for (std::size_t i = 0; i < n_inner; ++i) {
        if (!has_row[i]) continue;
        row_of_inner[i] = static_cast<std::uint32_t>(inner_of_row.size());
        inner_of_row.push_back(static_cast<std::uint32_t>(i));
      }
      std::vector<char> known_zero(inner_of_row.size(), 0);
      for (std::size_t z = zero_rows(rng); z-- > 0 && !known_zero.empty();) known_zero[rng() % known_zero.size()] = 1;
      CAPTURE(trial);
      null_space built = sdc::detail::margin_null_space(categories, anchor, inner_of_row, known_zero);
      null_space eliminated(inner_of_row.size(), known_zero);
      for (std::size_t j = 0; j < supports.n_cells(); ++j) {
        std::vector<std::uint32_t> rows;
        for (auto r = supports.begin(j); r != supports.end(j); ++r) {
          if (has_row[*r]) rows.push_back(row_of_inner[*r]);
        }
        if (supports.size(j) > 1) {
          eliminated.publish(rows);
          CHECK(built.coordinates(rows).empty());
        }
      }
      for (std::size_t r = 0; r < known_zero.size(); ++r) {
        if (known_zero[r]) CHECK(built.row_count(static_cast<std::uint32_t>(r)) == 0);
      }
      CHECK(built.dimension() == eliminated.dimension());
      if (inner_of_row.size() == n_inner && std::find(known_zero.begin(), known_zero.end(), 1) == known_zero.end()) {
        std::size_t expected = 1;
        for (auto k : categories) expected *= k - 1;
        CHECK(built.dimension() == expected);
      }
    }
  }
}

TEST_CASE("building the margins' null space directly and dropping decided rows leave every pattern unchanged") {
  // Tables whose margins are all candidates (Poisson counts) and small random tables (primary
  // margins, zeros: the direct construction does not apply or is refused, and rows are not
  // dropped while margin targets are tracked), with and without singleton handling and the zeros
  // assumption, both passes and forced cells: the same patterns as publishing the margins one
  // by one, and as keeping every row.
  std::mt19937 rng(2026);
  for (int trial = 0; trial < 120; ++trial) {
    sdc::protection_problem problem;
    if (trial % 2 == 0) {
      std::vector<std::size_t> categories(2 + static_cast<std::size_t>(trial / 2) % 3);
      for (auto& k : categories) k = std::uniform_int_distribution<std::size_t>(2, categories.size() == 4 ? 5 : 9)(rng);
      problem = sdc_test::poisson_count_table(categories, trial % 4 == 0 ? 3.0 : 6.0, static_cast<unsigned>(trial));
    } else {
      const auto t = sdc_test::make_random_table(rng);
      problem.categories = t.categories;
      problem.values = t.values;
      problem.primary = sdc_test::frequency_primaries(t, 3.0);
    }
    if (trial % 10 == 9) {
      problem.must_publish.assign(problem.values.size(), false);
      for (std::size_t i = 0; i < problem.values.size(); ++i) {
        if (!problem.primary[i] && rng() % 20 == 0) problem.must_publish[i] = true;
      }
    }
    for (auto singletons : {sdc::singleton_method::coalition, sdc::singleton_method::none}) {
      sdc::gauss_options direct;
      direct.cost = sdc::suppression_cost::frequency;
      direct.singletons = singletons;
      direct.zeros_known = trial % 3 != 2;
      sdc::gauss_options one_by_one = direct;
      one_by_one.build_margin_space = false;
      sdc::gauss_options rows_kept = direct;
      rows_kept.drop_decided_rows = false;
      const auto a = sdc::gauss_suppression(problem, direct);
      const auto b = sdc::gauss_suppression(problem, one_by_one);
      const auto c = sdc::gauss_suppression(problem, rows_kept);
      CAPTURE(trial);
      CHECK(a.status == b.status);
      CHECK(a.unprotected == b.unprotected);
      CHECK(a.conflicts == b.conflicts);
      CHECK(a.status == c.status);
      CHECK(a.unprotected == c.unprotected);
      CHECK(a.conflicts == c.conflicts);
    }
    // The same table as a cell system with one inner cell repeated as an extra cell (a row
    // read by two cells: dropping it when the first is suppressed would publish the second).
    sdc::protection_problem system = problem;
    const Eigen::SparseMatrix<double> x = sdc::model_matrix_of(problem.categories);
    std::vector<Eigen::Triplet<double>> entries;
    for (Eigen::Index j = 0; j < x.outerSize(); ++j) {
      for (Eigen::SparseMatrix<double>::InnerIterator it(x, j); it; ++it) entries.emplace_back(it.row(), j, 1.0);
    }
    const std::vector<std::size_t> inner = sdc::inner_cells_of(problem.categories);
    const std::size_t repeated = inner[rng() % inner.size()];
    for (Eigen::SparseMatrix<double>::InnerIterator it(x, static_cast<Eigen::Index>(repeated)); it; ++it) {
      entries.emplace_back(it.row(), x.cols(), 1.0);
    }
    system.model_matrix.resize(x.rows(), x.cols() + 1);
    system.model_matrix.setFromTriplets(entries.begin(), entries.end());
    system.categories.clear();
    system.values.push_back(problem.values[repeated]);
    system.primary.push_back(problem.primary[repeated]);
    if (!system.must_publish.empty()) system.must_publish.push_back(false);
    sdc::gauss_options dropped;
    dropped.cost = sdc::suppression_cost::frequency;
    sdc::gauss_options kept = dropped;
    kept.drop_decided_rows = false;
    const auto d = sdc::gauss_suppression(system, dropped);
    const auto e = sdc::gauss_suppression(system, kept);
    CAPTURE(trial);
    CHECK(d.status == e.status);
    CHECK(d.unprotected == e.unprotected);
    CHECK(d.status[repeated] == d.status.back());
  }
}

TEST_CASE("a second pass over its work budget is given up: the first pattern is kept") {
  for (unsigned seed : {1u, 2u, 3u}) {
    const auto problem = sdc_test::poisson_count_table({7, 8, 9}, 4.0, seed);
    sdc::gauss_options one_pass;
    one_pass.cost = sdc::suppression_cost::frequency;
    one_pass.max_cells_second_order = 0;
    sdc::gauss_options no_budget = one_pass;
    no_budget.second_order_work_factor = 0.0;
    no_budget.min_second_order_work = 0;
    no_budget.max_cells_second_order = 1000000;
    const auto a = sdc::gauss_suppression(problem, one_pass);
    const auto b = sdc::gauss_suppression(problem, no_budget);
    CHECK(a.status == b.status);
    CHECK(a.n_secondary == b.n_secondary);
    // An ample budget makes both passes, and keeps the one with fewer suppressions.
    sdc::gauss_options ample = no_budget;
    ample.second_order_work_factor = 1e9;
    const auto c = sdc::gauss_suppression(problem, ample);
    CHECK(c.n_secondary <= a.n_secondary);
    CHECK(c.unprotected.empty());
  }
}

TEST_CASE("the cost-order pass run in a second thread gives the patterns of one pass after the other") {
  // Budgets around the cost pass's own work, so that it is given up on some tables and kept on
  // others: with the pass in a thread the budget is only known when the structural pass ends,
  // and the decision must still be the sequential one.
  std::size_t n_structural = 0, n_cost_order = 0;
  for (unsigned seed : {1u, 2u, 3u, 4u}) {
    for (double factor : {0.0, 0.5, 0.9, 1.0, 1.1, 2.0, 1e9}) {
      const auto problem = sdc_test::poisson_count_table(seed % 2 ? std::vector<std::size_t>{7, 8, 9}
                                                                  : std::vector<std::size_t>{4, 5, 4, 3},
                                                         seed < 3 ? 4.0 : 2.5, seed);
      sdc::gauss_options sequential;
      sequential.cost = sdc::suppression_cost::frequency;
      sequential.second_order_work_factor = factor;
      sequential.min_second_order_work = 0;
      sequential.concurrent_passes = false;
      sdc::gauss_options concurrent = sequential;
      concurrent.concurrent_passes = true;
      sdc::gauss_options structural_only = sequential;
      structural_only.max_cells_second_order = 0;
      const auto a = sdc::gauss_suppression(problem, sequential);
      const auto b = sdc::gauss_suppression(problem, concurrent);
      CAPTURE(seed);
      CAPTURE(factor);
      CHECK(a.status == b.status);
      CHECK(a.unprotected == b.unprotected);
      (a.status == sdc::gauss_suppression(problem, structural_only).status ? n_structural : n_cost_order) += 1;
    }
  }
  MESSAGE(n_structural << " runs end with the structural pattern, " << n_cost_order << " with the cost-order one");
  CHECK(n_cost_order > 0);
  CHECK(n_structural > 0);
}

TEST_CASE("3-D and 4-D tables: no primary cell is in the span of the published cells") {
  const std::vector<std::vector<std::size_t>> shapes = {{8, 8, 9}, {6, 7, 5}, {4, 5, 4, 5}, {3, 4, 3, 6}};
  unsigned seed = 11;
  for (const auto& shape : shapes) {
    for (double lambda : {3.0, 6.0}) {
      const auto problem = sdc_test::poisson_count_table(shape, lambda, seed++);
      for (auto singletons : {sdc::singleton_method::none, sdc::singleton_method::coalition}) {
        sdc::gauss_options options;
        options.cost = sdc::suppression_cost::frequency;
        options.singletons = singletons;
        const auto result = sdc::gauss_suppression(problem, options);
        CAPTURE(shape.size());
        CAPTURE(lambda);
        CHECK(result.unprotected.empty());
        CHECK(derivable_primaries(problem, result).empty());
      }
    }
  }
}

TEST_CASE("eliminations split among threads leave the basis and its bookkeeping as the serial ones") {
  // Two copies of a null space under the same random columns: one merging serially, one
  // splitting every elimination with two or more vectors to update among three threads. The
  // basis vectors (ids, rows, values), the exact row counts, the entries and the coordinates of
  // the columns must be identical after every step.
  std::mt19937 rng(31);
  std::size_t n_split = 0;
  for (int trial = 0; trial < 30; ++trial) {
    const std::size_t n_rows = 20 + static_cast<std::size_t>(rng() % 60);
    std::vector<char> excluded(n_rows, 0);
    for (std::size_t r = 0; r < n_rows; ++r) excluded[r] = rng() % 9 == 0;
    sdc::detail::null_space serial(n_rows, excluded);
    serial.set_threads(1, 0);
    sdc::detail::null_space split(n_rows, excluded);
    split.set_threads(3, 0);
    for (int step = 0; step < 40 && serial.dimension() > 0; ++step) {
      std::vector<std::uint32_t> column;
      for (std::uint32_t r = 0; r < n_rows; ++r) {
        if (rng() % 4 == 0) column.push_back(r);
      }
      sdc::detail::sparse_vector g = serial.coordinates(column);
      const sdc::detail::sparse_vector g_split = split.coordinates(column);
      REQUIRE(g.index == g_split.index);
      REQUIRE(g.value == g_split.value);
      if (g.empty()) continue;
      const std::uint32_t pivot = serial.choose_pivot(g);
      REQUIRE(pivot == split.choose_pivot(g_split));
      sdc::detail::normalise(g, pivot);
      n_split += g.size() > 2;
      serial.eliminate(g, pivot);
      split.eliminate(g, pivot);
      CAPTURE(trial);
      CAPTURE(step);
      CHECK(serial.dimension() == split.dimension());
      CHECK(serial.entries() == split.entries());
      for (std::uint32_t id = 0; id < n_rows; ++id) {
        CHECK(serial.basis_vector(id).index == split.basis_vector(id).index);
        CHECK(serial.basis_vector(id).value == split.basis_vector(id).value);
      }
      std::size_t entries = 0;
      std::vector<std::size_t> count(n_rows, 0);
      for (std::uint32_t id = 0; id < n_rows; ++id) {
        entries += split.basis_vector(id).size();
        for (auto r : split.basis_vector(id).index) ++count[r];
      }
      CHECK(split.entries() == entries);
      for (std::uint32_t r = 0; r < n_rows; ++r) CHECK(split.row_count(r) == count[r]);
    }
  }
  MESSAGE(n_split << " eliminations split");
  CHECK(n_split > 100);
}

TEST_CASE("Gauss patterns do not depend on the threads the eliminations use") {
  // Every elimination split (parallel_min_work 0) among 1, 2 or 3 threads, on tables of 2-4
  // dimensions with both passes, singleton handling or not, zeros known or not: the same
  // statuses, unprotected cells and conflicts.
  std::mt19937 rng(77);
  for (int trial = 0; trial < 48; ++trial) {
    std::vector<std::size_t> categories(2 + static_cast<std::size_t>(trial) % 3);
    for (auto& k : categories) k = std::uniform_int_distribution<std::size_t>(2, categories.size() == 4 ? 5 : 9)(rng);
    const auto problem = sdc_test::poisson_count_table(categories, trial % 2 == 0 ? 3.0 : 6.0,
                                                       static_cast<unsigned>(100 + trial));
    sdc::gauss_options one;
    one.cost = sdc::suppression_cost::frequency;
    one.singletons = trial % 4 < 2 ? sdc::singleton_method::coalition : sdc::singleton_method::none;
    one.zeros_known = trial % 5 != 4;
    one.threads = 1;
    const auto a = sdc::gauss_suppression(problem, one);
    for (unsigned threads : {2U, 3U}) {
      sdc::gauss_options many = one;
      many.threads = threads;
      many.parallel_min_work = 0;
      const auto b = sdc::gauss_suppression(problem, many);
      CAPTURE(trial);
      CAPTURE(threads);
      CHECK(a.status == b.status);
      CHECK(a.unprotected == b.unprotected);
      CHECK(a.conflicts == b.conflicts);
    }
  }
}
