// SPDX-License-Identifier: MIT
// l-diversity and t-closeness on synthetic microdata with a fixed seed: 1M records, the six key
// variables of bench_suda2 / bench_risk and one sensitive variable. `bench_l_diversity --export
// DIR` writes the same data as CSV for the sdcMicro comparison (bench/run_suda2.sh).
#include <benchmark/benchmark.h>

#include <sdc/risk/l_diversity.hpp>
#include <sdc/risk/t_closeness.hpp>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

const std::vector<std::int32_t> cardinalities{2, 20, 10, 6, 5, 10};
constexpr std::int32_t sensitive_categories = 10;

sdc::categorical_view view(const std::string& name, const std::vector<std::int32_t>& codes,
                           std::int32_t k) {
  sdc::categorical_view v;
  v.name = name;
  v.codes = codes.data();
  v.size = codes.size();
  v.n_categories = k;
  return v;
}

struct dataset {
  std::vector<std::vector<std::int32_t>> columns;
  std::vector<std::int32_t> sensitive;

  /// Views of the columns (built on demand: views must not outlive a moved-from dataset).
  std::vector<sdc::categorical_view> keys() const {
    std::vector<sdc::categorical_view> views;
    for (std::size_t v = 0; v < columns.size(); ++v) {
      views.push_back(view("v" + std::to_string(v + 1), columns[v], cardinalities[v]));
    }
    return views;
  }
  sdc::categorical_view sensitive_view() const { return view("s", sensitive, sensitive_categories); }
};

// Keys skewed as in bench_suda2 (code = floor(K * u^2)); the sensitive variable uniform.
dataset make_data(std::size_t n, std::uint64_t seed) {
  dataset data;
  std::mt19937_64 rng(seed);
  const std::size_t m = cardinalities.size();
  data.columns.assign(m, std::vector<std::int32_t>(n));
  data.sensitive.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t v = 0; v < m; ++v) {
      const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53;
      data.columns[v][i] = static_cast<std::int32_t>(cardinalities[v] * u * u);
    }
    data.sensitive[i] = static_cast<std::int32_t>(rng() % sensitive_categories);
  }
  return data;
}

void write_csv(const dataset& data, const std::string& path) {
  std::ofstream out(path);
  for (std::size_t v = 0; v < data.columns.size(); ++v) out << 'v' << v + 1 << ',';
  out << "s\n";
  std::string line;
  for (std::size_t i = 0; i < data.sensitive.size(); ++i) {
    line.clear();
    for (const auto& column : data.columns) line += std::to_string(column[i] + 1) + ',';
    line += std::to_string(data.sensitive[i] + 1) + '\n';
    out << line;
  }
}

const dataset& data_1m() {
  static const dataset data = make_data(1000000, 20240612);
  return data;
}

void l_diversity_1m(benchmark::State& state) {
  const auto keys = data_1m().keys();
  const auto sensitive = data_1m().sensitive_view();
  for (auto _ : state) {
    const auto result = sdc::l_diversity(keys, {sensitive});
    benchmark::DoNotOptimize(result.distinct_summary.records_below);
  }
}

// The same without the per-record vectors (per-class values, classes and summaries only): what
// a review, a lattice node or a summary report needs.
void l_diversity_1m_summary(benchmark::State& state) {
  const auto keys = data_1m().keys();
  const auto sensitive = data_1m().sensitive_view();
  sdc::l_diversity_options options;
  options.per_record = false;
  for (auto _ : state) {
    const auto result = sdc::l_diversity(keys, {sensitive}, options);
    benchmark::DoNotOptimize(result.distinct_summary.records_below);
  }
}

// The grouping kernel alone, the part of l-diversity shared with every risk measure.
void group_by_keys_1m(benchmark::State& state) {
  const auto keys = data_1m().keys();
  for (auto _ : state) {
    const auto classes = sdc::group_by_keys(keys);
    benchmark::DoNotOptimize(classes.group_size.data());
  }
}

void t_closeness_1m(benchmark::State& state) {
  const auto keys = data_1m().keys();
  const auto sensitive = data_1m().sensitive_view();
  for (auto _ : state) {
    const auto result = sdc::t_closeness(keys, sensitive);
    benchmark::DoNotOptimize(result.max_distance);
  }
}

}  // namespace

BENCHMARK(l_diversity_1m)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(l_diversity_1m_summary)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(group_by_keys_1m)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(t_closeness_1m)->Unit(benchmark::kMillisecond)->UseRealTime();

int main(int argc, char** argv) {
  // `--export DIR` writes the benchmark data as CSV (codes 1..K) for the peer scripts.
  if (argc == 3 && std::strcmp(argv[1], "--export") == 0) {
    write_csv(data_1m(), std::string(argv[2]) + "/ldiv_1m.csv");
    const auto result = sdc::l_diversity(data_1m().keys(), {data_1m().sensitive_view()});
    std::printf("# sdc ldiv_1m: records with distinct l < 2: %zu, minimum %g\n",
                result.distinct_summary.records_below, result.distinct_summary.minimum);
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
