// SPDX-License-Identifier: MIT
// l-diversity and t-closeness on synthetic microdata with a fixed seed: 1M records, the six key
// variables of bench_suda2 / bench_risk and one sensitive variable. l-diversity is timed as the
// API returns it (per-record values as views), reading every record's values through the views,
// and with the per-record values copied into vectors. `bench_l_diversity --export
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

// The result as the API returns it: per-class values, the classes and the record -> class
// index, the summaries; every per-record value is then available in O(1) through the views
// (result.distinct("s")[i], ...): the like-for-like comparison with sdcMicro's ldiversity(),
// whose result is a per-record matrix.
void l_diversity_1m(benchmark::State& state) {
  const auto keys = data_1m().keys();
  const auto sensitive = data_1m().sensitive_view();
  for (auto _ : state) {
    const auto result = sdc::l_diversity(keys, {sensitive});
    benchmark::DoNotOptimize(result.distinct_summary.records_below);
  }
}

// The same plus a pass reading every record's distinct, entropy and recursive l through the
// views (what a caller that indexes per record pays; nothing is written).
void l_diversity_1m_read_per_record(benchmark::State& state) {
  const auto keys = data_1m().keys();
  const auto sensitive = data_1m().sensitive_view();
  for (auto _ : state) {
    const auto result = sdc::l_diversity(keys, {sensitive});
    const auto distinct = result.distinct("s");
    const auto entropy = result.entropy("s");
    const auto recursive = result.recursive("s");
    double sum = 0;
    for (std::size_t i = 0; i < distinct.size(); ++i) {
      sum += static_cast<double>(distinct[i]) + entropy[i] + static_cast<double>(recursive[i]);
    }
    benchmark::DoNotOptimize(sum);
  }
}

// The same with the per-record values materialised as vectors: the three of the sensitive
// variable (sdcMicro's s_Distinct, s_Entropy and s_Recursive columns), then all six of the
// former API (plus the minima over the variables, here the same values again).
void l_diversity_1m_materialise(benchmark::State& state) {
  const auto keys = data_1m().keys();
  const auto sensitive = data_1m().sensitive_view();
  const bool all_six = state.range(0) == 6;
  for (auto _ : state) {
    const auto result = sdc::l_diversity(keys, {sensitive});
    auto distinct = result.distinct("s").to_vector();
    auto entropy = result.entropy("s").to_vector();
    auto recursive = result.recursive("s").to_vector();
    benchmark::DoNotOptimize(distinct.data());
    benchmark::DoNotOptimize(entropy.data());
    benchmark::DoNotOptimize(recursive.data());
    if (all_six) {
      auto min_distinct = result.min_distinct().to_vector();
      auto min_entropy = result.min_entropy().to_vector();
      auto min_recursive = result.min_recursive().to_vector();
      benchmark::DoNotOptimize(min_distinct.data());
      benchmark::DoNotOptimize(min_entropy.data());
      benchmark::DoNotOptimize(min_recursive.data());
    }
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
BENCHMARK(l_diversity_1m_read_per_record)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(l_diversity_1m_materialise)->Arg(3)->Arg(6)->Unit(benchmark::kMillisecond)->UseRealTime();
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
