// SPDX-License-Identifier: MIT
// Secondary suppression by Gaussian elimination (include/sdc/tables/gauss_suppression.hpp) on
// count tables of 100 to 1,000,000 cells in 2, 3 and 4 dimensions, and optimal suppression
// (include/sdc/tables/optimal_suppression.hpp, Cbc) on the small ones, with the cost of both.
//
// Inner counts are Poisson(6) from a fixed seed, margins added; the primary cells are the counts
// 1 and 2 (sdcTable's freq rule with maxN = 2: about 6% of the inner cells). Candidates are
// ordered by frequency, singletons handled as a coalition (the defaults of `sdc protect` for
// counts); above 200,000 cells one pass (structural order), and the cost-order pass is given up
// when it costs more than the structural one (gauss_both_orders keeps it).
// bench/peers/protect_sdctable.R times sdcTable and the `sdc protect` CLI on tables drawn the
// same way (R's generator, so not the same numbers).
//   bench_protect [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <Eigen/SparseCore>

#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include <sdc/tables/gauss_suppression.hpp>
#include <sdc/tables/linear_relations.hpp>
#include <sdc/tables/optimal_suppression.hpp>

#include "../tests/cpp/protect_test_tables.hpp"

namespace {

void gauss_with(benchmark::State& state, std::vector<std::size_t> categories, double second_order_work_factor) {
  const auto problem = sdc_test::poisson_count_table(categories);
  sdc::gauss_options options;
  options.cost = sdc::suppression_cost::frequency;
  options.second_order_work_factor = second_order_work_factor;
  sdc::protection_result result;
  for (auto _ : state) {
    result = sdc::gauss_suppression(problem, options);
    benchmark::DoNotOptimize(result.n_secondary);
  }
  state.counters["cells"] = static_cast<double>(problem.values.size());
  state.counters["primary"] = static_cast<double>(result.n_primary);
  state.counters["secondary"] = static_cast<double>(result.n_secondary);
  state.counters["unprotected"] = static_cast<double>(result.unprotected.size());
}

// The defaults (the cost-order pass given up when it costs more elimination work than the
// structural one), and both passes whatever they cost (the pattern with fewer suppressions).
void gauss(benchmark::State& state, std::vector<std::size_t> categories) { gauss_with(state, categories, 1.0); }
void gauss_both_orders(benchmark::State& state, std::vector<std::size_t> categories) {
  gauss_with(state, categories, 1e9);
}

// The same table given as its model matrix (the general cell-system path): the cost of
// reading the supports from a sparse matrix instead of the shape.
void gauss_matrix(benchmark::State& state, std::vector<std::size_t> categories) {
  auto problem = sdc_test::poisson_count_table(categories);
  problem.model_matrix = sdc::model_matrix_of(categories);
  problem.categories.clear();
  sdc::gauss_options options;
  options.cost = sdc::suppression_cost::frequency;
  sdc::protection_result result;
  for (auto _ : state) {
    result = sdc::gauss_suppression(problem, options);
    benchmark::DoNotOptimize(result.n_secondary);
  }
  state.counters["cells"] = static_cast<double>(problem.values.size());
  state.counters["secondary"] = static_cast<double>(result.n_secondary);
}

// Optimal suppression (frequency costs, levels 1 up / 1 down, 60 s limit) with the Gauss cost of
// the same table for comparison (singletons not handled by either).
void optimal(benchmark::State& state, std::vector<std::size_t> categories) {
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
  double gauss_cost = 0.0;
  for (std::size_t i = 0; i < problem.values.size(); ++i) {
    if (gauss.status[i] == sdc::cell_protection::secondary) gauss_cost += problem.values[i];
  }
  state.counters["cells"] = static_cast<double>(problem.values.size());
  state.counters["primary"] = static_cast<double>(result.protection.n_primary);
  state.counters["secondary"] = static_cast<double>(result.protection.n_secondary);
  state.counters["cost"] = result.objective;
  state.counters["bound"] = result.bound;
  state.counters["proven"] = result.proven_optimal ? 1.0 : 0.0;
  state.counters["gauss_secondary"] = static_cast<double>(gauss.n_secondary);
  state.counters["gauss_cost"] = gauss_cost;
}

#define SDC_OPTIMAL_BENCH(name, ...)                                                      \
  BENCHMARK_CAPTURE(optimal, name, std::vector<std::size_t>{__VA_ARGS__})->Unit(benchmark::kMillisecond)->Iterations(1)

SDC_OPTIMAL_BENCH(2d_10x9, 10, 9);
SDC_OPTIMAL_BENCH(2d_20x20, 20, 20);
SDC_OPTIMAL_BENCH(3d_4x4x5, 4, 4, 5);

// Shapes of about 100, 1,000, 10,000, 100,000 and 1,000,000 cells (margins included).
#define SDC_GAUSS_BENCH(name, ...)                                                      \
  BENCHMARK_CAPTURE(gauss, name, std::vector<std::size_t>{__VA_ARGS__})->Unit(benchmark::kMillisecond)

SDC_GAUSS_BENCH(2d_10x9, 10, 9);
SDC_GAUSS_BENCH(2d_31x31, 31, 31);
SDC_GAUSS_BENCH(2d_99x100, 99, 100);
SDC_GAUSS_BENCH(2d_315x316, 315, 316)->Iterations(1);
SDC_GAUSS_BENCH(2d_999x1000, 999, 1000)->Iterations(1);
SDC_GAUSS_BENCH(3d_4x4x5, 4, 4, 5);
SDC_GAUSS_BENCH(3d_9x9x9, 9, 9, 9);
SDC_GAUSS_BENCH(3d_21x21x21, 21, 21, 21)->Iterations(1);
SDC_GAUSS_BENCH(3d_46x46x46, 46, 46, 46)->Iterations(1);
SDC_GAUSS_BENCH(3d_99x100x100, 99, 100, 100)->Iterations(1);
SDC_GAUSS_BENCH(4d_3x3x3x3, 3, 3, 3, 3);
SDC_GAUSS_BENCH(4d_5x5x5x5, 5, 5, 5, 5)->Iterations(1);
SDC_GAUSS_BENCH(4d_9x9x9x9, 9, 9, 9, 9)->Iterations(1);
SDC_GAUSS_BENCH(4d_17x17x17x17, 17, 17, 17, 17)->Iterations(1);
SDC_GAUSS_BENCH(4d_31x31x31x31, 31, 31, 31, 31)->Iterations(1);
BENCHMARK_CAPTURE(gauss_both_orders, 3d_31x31x31, std::vector<std::size_t>{31, 31, 31})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK_CAPTURE(gauss_both_orders, 3d_46x46x46, std::vector<std::size_t>{46, 46, 46})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK_CAPTURE(gauss_matrix, 2d_99x100, std::vector<std::size_t>{99, 100})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(gauss_matrix, 3d_9x9x9, std::vector<std::size_t>{9, 9, 9})->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
