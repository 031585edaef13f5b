// SPDX-License-Identifier: MIT
// Combination scan (mu-ARGUS-style unsafe combinations) and population-uniqueness models on
// synthetic microdata with a fixed seed: 1M records, 10 keys (figures in docs/benchmarks.md,
// "Combination scan and population models").
#include <benchmark/benchmark.h>

#include <sdc/risk/combination_scan.hpp>
#include <sdc/risk/grouping.hpp>
#include <sdc/risk/population_uniqueness.hpp>
#include <sdc/risk/trajectory_unicity.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace {

// The six key variables of the risk benchmark (peers.md) and four more.
const std::vector<std::int32_t> cardinalities{2, 20, 10, 6, 5, 10, 12, 3, 8, 4};

struct dataset {
  std::vector<std::vector<std::int32_t>> columns;
  std::vector<sdc::categorical_view> keys;
};

double uniform(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// Skewed categories (code = floor(K * u^2): low codes frequent, high codes rare), as in
// bench_risk.cpp. Deterministic for a given (n, seed).
const dataset& data(std::size_t n) {
  static std::vector<std::pair<std::size_t, dataset>> cache;
  for (const auto& [size, d] : cache) {
    if (size == n) return d;
  }
  dataset d;
  std::mt19937_64 rng(20240611);
  const std::size_t m = cardinalities.size();
  d.columns.assign(m, std::vector<std::int32_t>(n));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t v = 0; v < m; ++v) {
      const double u = uniform(rng);
      d.columns[v][i] = static_cast<std::int32_t>(cardinalities[v] * u * u);
    }
  }
  for (std::size_t v = 0; v < m; ++v) {
    sdc::categorical_view view;
    view.name = "v" + std::to_string(v + 1);
    view.codes = d.columns[v].data();
    view.size = n;
    view.n_categories = cardinalities[v];
    d.keys.push_back(view);
  }
  cache.emplace_back(n, std::move(d));
  return cache.back().second;
}

// Args: records, max dimension, number of keys (the first ones).
void BM_combination_scan(benchmark::State& state) {
  const auto& all = data(static_cast<std::size_t>(state.range(0)));
  const std::vector<sdc::categorical_view> keys(
      all.keys.begin(), all.keys.begin() + static_cast<std::ptrdiff_t>(state.range(2)));
  sdc::combination_scan_options options;
  options.max_dimension = static_cast<int>(state.range(1));
  options.thresholds = {3};
  std::size_t unsafe = 0;
  for (auto _ : state) {
    const auto report = sdc::scan_combinations(keys, options);
    unsafe = report.combinations.size();
    benchmark::DoNotOptimize(report.records_affected);
  }
  state.counters["unsafe_combinations"] = static_cast<double>(unsafe);
}
BENCHMARK(BM_combination_scan)
    ->Args({1000000, 2, 10})
    ->Args({1000000, 3, 10})
    ->Args({1000000, 4, 10})
    ->Args({1000000, 3, 6})
    ->Unit(benchmark::kMillisecond);

// Baseline: the grouping kernel called once per combination from scratch (what the scan would
// cost without reusing prefixes). Args: records, max dimension, number of keys.
void BM_combination_scan_grouping_baseline(benchmark::State& state) {
  const auto& all = data(static_cast<std::size_t>(state.range(0)));
  const auto m = static_cast<std::size_t>(state.range(1));
  const auto p = static_cast<std::size_t>(state.range(2));
  for (auto _ : state) {
    std::size_t unsafe_cells = 0;
    std::vector<std::size_t> c;
    // Subsets of {0..p-1} of size 1..m, lexicographic per size.
    for (std::size_t d = 1; d <= m; ++d) {
      c.resize(d);
      for (std::size_t i = 0; i < d; ++i) c[i] = i;
      for (;;) {
        std::vector<sdc::categorical_view> keys;
        for (const auto v : c) keys.push_back(all.keys[v]);
        const auto grouping = sdc::group_by_keys(keys);
        for (const auto size : grouping.group_size) unsafe_cells += size < 3;
        std::size_t i = d;
        while (i > 0 && c[i - 1] == p - d + i - 1) --i;
        if (i == 0) break;
        ++c[i - 1];
        for (std::size_t j = i; j < d; ++j) c[j] = c[j - 1] + 1;
      }
    }
    benchmark::DoNotOptimize(unsafe_cells);
  }
}
BENCHMARK(BM_combination_scan_grouping_baseline)
    ->Args({1000000, 3, 10})
    ->Unit(benchmark::kMillisecond);

// All population models (Zayatz, Pitman fit, SNB fit) on the spectrum of the 10-key classes.
void BM_population_models(benchmark::State& state) {
  const auto& d = data(static_cast<std::size_t>(state.range(0)));
  const auto spectrum = sdc::class_size_spectrum_of(sdc::group_by_keys(d.keys));
  sdc::population_options options;
  options.sampling_fraction = 0.05;
  for (auto _ : state) {
    const auto report = sdc::estimate_population_uniqueness(spectrum, options);
    benchmark::DoNotOptimize(report.uniques);
  }
}
BENCHMARK(BM_population_models)->Arg(1000000)->Unit(benchmark::kMillisecond);

// Trajectory unicity: persons x months panel; Args: persons, points p.
void BM_trajectory_unicity(benchmark::State& state) {
  const auto persons = static_cast<std::size_t>(state.range(0));
  const std::size_t months = 24;
  std::mt19937_64 rng(7);
  std::vector<std::int32_t> person, period, value;
  for (std::size_t i = 0; i < persons; ++i) {
    for (std::size_t t = 0; t < months; ++t) {
      person.push_back(static_cast<std::int32_t>(i));
      period.push_back(static_cast<std::int32_t>(t));
      const double u = uniform(rng);
      value.push_back(static_cast<std::int32_t>(200 * u * u));  // e.g. a municipality
    }
  }
  const auto view = [](const char* name, const std::vector<std::int32_t>& codes, std::int32_t k) {
    sdc::categorical_view v;
    v.name = name;
    v.codes = codes.data();
    v.size = codes.size();
    v.n_categories = k;
    return v;
  };
  const auto person_view = view("person", person, static_cast<std::int32_t>(persons));
  const auto period_view = view("month", period, static_cast<std::int32_t>(months));
  const std::vector<sdc::categorical_view> variables{view("place", value, 200)};
  sdc::trajectory_unicity_options options;
  options.points = static_cast<int>(state.range(1));
  options.persons = 10000;
  options.seed = 1;
  for (auto _ : state) {
    const auto report = sdc::estimate_trajectory_unicity(person_view, period_view, variables, options);
    benchmark::DoNotOptimize(report.unicity);
  }
}
BENCHMARK(BM_trajectory_unicity)->Args({100000, 2})->Args({100000, 4})->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
