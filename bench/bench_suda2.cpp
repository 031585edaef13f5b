// SPDX-License-Identifier: MIT
// SUDA2 on synthetic microdata with a fixed seed. The same data are exported for the sdcMicro
// comparison by `bench_suda2 --export DIR` (see bench/run_suda2.sh and docs/benchmarks.md).
#include <benchmark/benchmark.h>

#include <sdc/risk/suda2.hpp>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

// Cardinalities of the key variables: the first six are those of peers.md's fk benchmark.
const std::vector<std::int32_t> cardinalities{2, 20, 10, 6, 5, 10, 4, 8, 3, 7, 5, 12};

struct dataset {
  std::vector<std::vector<std::int32_t>> columns;

  /// Views of the columns (built on demand: views must not outlive a moved-from dataset).
  std::vector<sdc::categorical_view> keys() const {
    std::vector<sdc::categorical_view> views;
    for (std::size_t v = 0; v < columns.size(); ++v) {
      sdc::categorical_view view;
      view.name = "v" + std::to_string(v + 1);
      view.codes = columns[v].data();
      view.size = columns[v].size();
      view.n_categories = cardinalities[v];
      views.push_back(view);
    }
    return views;
  }
};

// Skewed categories (code = floor(K * u^2)): low codes are frequent, high codes rare, as in
// real key variables. Deterministic for a given (n, m, seed).
dataset make_data(std::size_t n, std::size_t m, std::uint64_t seed) {
  dataset data;
  std::mt19937_64 rng(seed);
  data.columns.assign(m, std::vector<std::int32_t>(n));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t v = 0; v < m; ++v) {
      const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53;
      data.columns[v][i] = static_cast<std::int32_t>(cardinalities[v] * u * u);
    }
  }
  return data;
}

void write_csv(const dataset& data, const std::string& path) {
  std::ofstream out(path);
  for (std::size_t v = 0; v < data.columns.size(); ++v) out << (v ? "," : "") << 'v' << v + 1;
  out << '\n';
  const std::size_t n = data.columns.front().size();
  std::string line;
  for (std::size_t i = 0; i < n; ++i) {
    line.clear();
    for (std::size_t v = 0; v < data.columns.size(); ++v) {
      if (v) line += ',';
      line += std::to_string(data.columns[v][i] + 1);
    }
    line += '\n';
    out << line;
  }
}

void suda2_bench(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto m = static_cast<std::size_t>(state.range(1));
  const dataset data = make_data(n, m, 20240611);
  const auto keys = data.keys();
  for (auto _ : state) {
    const auto result = sdc::suda2(keys);
    benchmark::DoNotOptimize(result.total_score);
  }
}

}  // namespace

BENCHMARK(suda2_bench)
    ->Args({1000000, 6})
    ->Args({1000000, 8})
    ->Args({100000, 12})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

int main(int argc, char** argv) {
  // `--export DIR` writes the benchmark data as CSV (codes 1..K) for the peer scripts, and
  // prints the sums of the scores, to be compared with sdcMicro's.
  if (argc == 3 && std::strcmp(argv[1], "--export") == 0) {
    const std::string dir = argv[2];
    const struct {
      std::size_t n, m;
      const char* file;
    } sets[] = {{1000000, 6, "suda2_1m_6"}, {1000000, 8, "suda2_1m_8"}, {100000, 12, "suda2_100k_12"}};
    for (const auto& set : sets) {
      const dataset data = make_data(set.n, set.m, 20240611);
      write_csv(data, dir + "/" + set.file + ".csv");
      std::printf("# sdc %s: sum of scores %.10g\n", set.file, sdc::suda2(data.keys()).total_score);
    }
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
