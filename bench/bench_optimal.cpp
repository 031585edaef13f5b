// SPDX-License-Identifier: MIT
// Optimal suppression (include/sdc/tables/optimal_suppression.hpp, Cbc) on the Poisson count
// tables of bench_protect (same generator and seed), plus magnitude tables whose primary cells
// carry p% protection levels, with Gauss + interval repair (interval_repair.hpp) alongside:
// wall time of the optimal mode, its cost and bound, and the cost of the heuristic pattern.
#include <benchmark/benchmark.h>

#include <Eigen/SparseCore>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

#include <sdc/tables/gauss_suppression.hpp>
#include <sdc/tables/interval_repair.hpp>
#include <sdc/tables/linear_relations.hpp>
#include <sdc/tables/optimal_suppression.hpp>

#include "../tests/cpp/protect_test_tables.hpp"

namespace {

double heuristic_cost(const sdc::protection_problem& problem, const std::vector<sdc::cell_protection>& status,
                      bool frequency) {
  double cost = 0.0;
  for (std::size_t i = 0; i < problem.values.size(); ++i) {
    if (status[i] == sdc::cell_protection::secondary) cost += frequency ? problem.values[i] : std::abs(problem.values[i]);
  }
  return cost;
}

void report(benchmark::State& state, const sdc::protection_problem& problem, const sdc::optimal_result& result,
            double heuristic) {
  state.counters["cells"] = static_cast<double>(problem.values.size());
  state.counters["primary"] = static_cast<double>(result.protection.n_primary);
  state.counters["secondary"] = static_cast<double>(result.protection.n_secondary);
  state.counters["cost"] = result.objective;
  state.counters["bound"] = result.bound;
  state.counters["proven"] = result.proven_optimal ? 1.0 : 0.0;
  state.counters["nodes"] = static_cast<double>(result.n_nodes);
  state.counters["heuristic_cost"] = heuristic;
}

// Counts: frequency costs, levels 1 up / 1 down (the defaults), 60 s limit.
void optimal_counts(benchmark::State& state, std::vector<std::size_t> categories) {
  const auto problem = sdc_test::poisson_count_table(categories);
  sdc::optimal_options options;
  options.cost = sdc::suppression_cost::frequency;
  options.time_limit_seconds = 60.0;
  sdc::optimal_result result;
  for (auto _ : state) {
    result = sdc::optimal_suppression(problem, options);
    benchmark::DoNotOptimize(result.objective);
  }
  sdc::gauss_options g;
  g.cost = sdc::suppression_cost::frequency;
  g.singletons = sdc::singleton_method::none;
  const auto gauss = sdc::gauss_suppression(problem, g);
  sdc::interval_repair_options r;
  r.cost = sdc::suppression_cost::frequency;
  const auto repaired = sdc::repair_protection_intervals(problem, gauss, r);
  report(state, problem, result, heuristic_cost(problem, repaired.protection.status, true));
}

// Magnitude: 0-4 lognormal contributions per inner cell, primary cells failing the p% rule
// (p = 20) with its level on both sides, value costs.
void optimal_magnitude(benchmark::State& state, std::vector<std::size_t> categories) {
  std::mt19937 rng(6);
  const auto x = sdc::model_matrix_of(categories);
  std::vector<std::vector<double>> contributions(static_cast<std::size_t>(x.rows()));
  std::uniform_int_distribution<int> n(0, 4);
  std::lognormal_distribution<double> size(3.0, 1.2);
  for (auto& c : contributions) {
    const int m = n(rng);
    for (int i = 0; i < m; ++i) c.push_back(std::round(size(rng)) + 1.0);
  }
  sdc::protection_problem problem;
  problem.categories = categories;
  std::vector<double> level;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    std::vector<double> cell;
    for (Eigen::SparseMatrix<double>::InnerIterator it(x, j); it; ++it) {
      const auto& c = contributions[static_cast<std::size_t>(it.row())];
      cell.insert(cell.end(), c.begin(), c.end());
    }
    std::sort(cell.rbegin(), cell.rend());
    double total = 0.0;
    for (double v : cell) total += v;
    const double x1 = cell.empty() ? 0.0 : cell[0], x2 = cell.size() > 1 ? cell[1] : 0.0;
    level.push_back(cell.empty() ? 0.0 : std::max(0.0, 0.2 * x1 - (total - x1 - x2)));
    problem.values.push_back(total);
    problem.frequencies.push_back(static_cast<double>(cell.size()));
    problem.primary.push_back(level.back() > 0.0);
  }
  sdc::optimal_options options;
  options.upper_protection = options.lower_protection = level;
  options.time_limit_seconds = 60.0;
  sdc::optimal_result result;
  for (auto _ : state) {
    result = sdc::optimal_suppression(problem, options);
    benchmark::DoNotOptimize(result.objective);
  }
  sdc::gauss_options g;
  g.singletons = sdc::singleton_method::none;
  const auto gauss = sdc::gauss_suppression(problem, g);
  sdc::interval_repair_options r;
  r.upper_protection = r.lower_protection = level;
  const auto repaired = sdc::repair_protection_intervals(problem, gauss, r);
  report(state, problem, result, heuristic_cost(problem, repaired.protection.status, false));
  state.counters["repair_added"] = static_cast<double>(repaired.n_added);
}

}  // namespace

#define SDC_COUNTS(name, ...)                                                                 \
  BENCHMARK_CAPTURE(optimal_counts, name, std::vector<std::size_t>{__VA_ARGS__})->Unit(benchmark::kMillisecond) \
      ->Iterations(1)
#define SDC_MAGNITUDE(name, ...)                                                                 \
  BENCHMARK_CAPTURE(optimal_magnitude, name, std::vector<std::size_t>{__VA_ARGS__})->Unit(benchmark::kMillisecond) \
      ->Iterations(1)

SDC_COUNTS(2d_10x9, 10, 9);
SDC_COUNTS(3d_4x4x5, 4, 4, 5);
SDC_COUNTS(2d_20x20, 20, 20);
SDC_MAGNITUDE(2d_6x6, 6, 6);
SDC_MAGNITUDE(3d_3x3x4, 3, 3, 4);

BENCHMARK_MAIN();
