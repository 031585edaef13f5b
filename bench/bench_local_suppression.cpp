// SPDX-License-Identifier: MIT
// k-anonymity by local suppression (sdcMicro kAnon's task) on synthetic microdata with a fixed
// seed: 20,000 records, the six key variables of the risk benchmark (cardinalities 2, 20, 10, 6,
// 5, 10, skewed), k = 2: about 10,900 records violate 2-anonymity.
// `bench_local_suppression --export DIR` writes the data as CSV for the sdcMicro comparison
// (bench/peers/kanon_sdcmicro.R) and prints sanity figures; figures in docs/benchmarks.md.
#include <benchmark/benchmark.h>

#include <sdc/risk/local_suppression.hpp>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

const std::vector<std::int32_t> cardinalities{2, 20, 10, 6, 5, 10};

struct dataset {
  std::vector<std::vector<std::int32_t>> columns;
  std::vector<sdc::categorical_view> keys;
};

double uniform(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// code = floor(K * u^2): low codes frequent, high codes rare. Deterministic for (n, seed).
dataset make_data(std::size_t n, std::uint64_t seed) {
  dataset data;
  std::mt19937_64 rng(seed);
  const std::size_t m = cardinalities.size();
  data.columns.assign(m, std::vector<std::int32_t>(n));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t v = 0; v < m; ++v) {
      const double u = uniform(rng);
      data.columns[v][i] = static_cast<std::int32_t>(cardinalities[v] * u * u);
    }
  }
  for (std::size_t v = 0; v < m; ++v) {
    sdc::categorical_view view;
    view.name = "v" + std::to_string(v + 1);
    view.codes = data.columns[v].data();
    view.size = n;
    view.n_categories = cardinalities[v];
    data.keys.push_back(view);
  }
  return data;
}

constexpr std::uint64_t seed = 20240607;
constexpr int k = 2;

const dataset& data_20k() {
  static const dataset data = make_data(20000, seed);
  return data;
}

void BM_local_suppression_20k(benchmark::State& state) {
  const auto& data = data_20k();
  sdc::local_suppression_options options;
  options.k = k;
  sdc::local_suppression_result result;
  for (auto _ : state) {
    result = sdc::local_suppression(data.keys, options);
    benchmark::DoNotOptimize(result.codes.data());
  }
  state.counters["violators"] = static_cast<double>(result.records_below_k_before);
  state.counters["suppressions"] = static_cast<double>(result.total_suppressions);
  state.counters["left"] = static_cast<double>(result.records_below_k_after);
}
BENCHMARK(BM_local_suppression_20k)->Unit(benchmark::kMillisecond);

// The same with k = 5 (more violators, deeper suppression sets).
void BM_local_suppression_20k_k5(benchmark::State& state) {
  const auto& data = data_20k();
  sdc::local_suppression_options options;
  options.k = 5;
  sdc::local_suppression_result result;
  for (auto _ : state) {
    result = sdc::local_suppression(data.keys, options);
    benchmark::DoNotOptimize(result.codes.data());
  }
  state.counters["violators"] = static_cast<double>(result.records_below_k_before);
  state.counters["suppressions"] = static_cast<double>(result.total_suppressions);
  state.counters["left"] = static_cast<double>(result.records_below_k_after);
}
BENCHMARK(BM_local_suppression_20k_k5)->Unit(benchmark::kMillisecond);

void write_csv(const dataset& data, const std::string& path) {
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (out == nullptr) throw std::runtime_error("cannot write " + path);
  for (std::size_t v = 0; v < data.keys.size(); ++v) {
    std::fprintf(out, "%s%s", v > 0 ? "," : "", data.keys[v].name.c_str());
  }
  std::fputc('\n', out);
  const std::size_t n = data.columns.front().size();
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t v = 0; v < data.columns.size(); ++v) {
      std::fprintf(out, "%s%d", v > 0 ? "," : "", data.columns[v][i] + 1);
    }
    std::fputc('\n', out);
  }
  std::fclose(out);
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--export") == 0) {
      const std::string dir = argv[i + 1];
      write_csv(data_20k(), dir + "/kanon_20k.csv");
      std::printf("# wrote %s/kanon_20k.csv\n", dir.c_str());
      sdc::local_suppression_options options;
      options.k = k;
      const auto result = sdc::local_suppression(data_20k().keys, options);
      std::printf("# sdc: k %d, records below k before %zu, suppressions %zu (", k,
                  result.records_below_k_before, result.total_suppressions);
      for (std::size_t v = 0; v < result.suppressions.size(); ++v) {
        std::printf("%s%s %zu", v > 0 ? ", " : "", result.variables[v].c_str(),
                    result.suppressions[v]);
      }
      std::printf("), records below k after %zu\n", result.records_below_k_after);
      return 0;
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
