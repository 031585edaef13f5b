// SPDX-License-Identifier: MIT
// Microdata risk (fk/Fk, individual, global and household risk) on synthetic microdata with a
// fixed seed. `bench_risk --export DIR` writes the same data as CSV for the sdcMicro comparison
// (bench/peers/risk_sdcmicro.R, run together by bench/run_risk.sh; figures in
// docs/benchmarks.md).
#include <benchmark/benchmark.h>

#include <sdc/risk/frequencies.hpp>
#include <sdc/risk/global_risk.hpp>
#include <sdc/risk/household_risk.hpp>
#include <sdc/risk/individual_risk.hpp>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

// Cardinalities of the six key variables (peers.md).
const std::vector<std::int32_t> cardinalities{2, 20, 10, 6, 5, 10};

struct dataset {
  std::vector<std::vector<std::int32_t>> columns;
  std::vector<double> weights;
  std::vector<std::int32_t> household;
  std::int32_t n_households = 0;
  std::vector<sdc::categorical_view> keys;
  sdc::numeric_view weight_view;
  sdc::categorical_view household_view;
};

double uniform(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// Skewed categories (code = floor(K * u^2): low codes frequent, high codes rare), weights in
// [1, 200), households of 1 to 5 consecutive records (3 on average), and a share `missing` of
// missing values per key. Deterministic for a given (n, missing, seed).
dataset make_data(std::size_t n, double missing, std::uint64_t seed) {
  dataset data;
  std::mt19937_64 rng(seed);
  const std::size_t m = cardinalities.size();
  data.columns.assign(m, std::vector<std::int32_t>(n));
  data.weights.resize(n);
  data.household.resize(n);
  std::size_t left_in_household = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t v = 0; v < m; ++v) {
      const double u = uniform(rng);
      data.columns[v][i] = static_cast<std::int32_t>(cardinalities[v] * u * u);
      if (missing > 0 && uniform(rng) < missing) data.columns[v][i] = -1;
    }
    data.weights[i] = 1.0 + std::floor(uniform(rng) * 19900.0) / 100.0;
    if (left_in_household == 0) {
      left_in_household = 1 + static_cast<std::size_t>(rng() % 5);
      ++data.n_households;
    }
    data.household[i] = data.n_households - 1;
    --left_in_household;
  }
  for (std::size_t v = 0; v < m; ++v) {
    sdc::categorical_view view;
    view.name = "v" + std::to_string(v + 1);
    view.codes = data.columns[v].data();
    view.size = n;
    view.n_categories = cardinalities[v];
    data.keys.push_back(view);
  }
  data.weight_view.name = "w";
  data.weight_view.values = data.weights.data();
  data.weight_view.size = n;
  data.household_view.name = "hid";
  data.household_view.codes = data.household.data();
  data.household_view.size = n;
  data.household_view.n_categories = data.n_households;
  return data;
}

void write_csv(const dataset& data, const std::string& path) {
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (out == nullptr) throw std::runtime_error("cannot write " + path);
  for (const auto& key : data.keys) std::fprintf(out, "%s,", key.name.c_str());
  std::fprintf(out, "w,hid\n");
  for (std::size_t i = 0; i < data.weights.size(); ++i) {
    for (const auto& column : data.columns) {
      if (column[i] < 0) {
        std::fputs("NA,", out);
      } else {
        std::fprintf(out, "%d,", column[i] + 1);
      }
    }
    std::fprintf(out, "%.2f,%d\n", data.weights[i], data.household[i] + 1);
  }
  std::fclose(out);
}

constexpr std::uint64_t seed = 20240601;

const dataset& complete_1m() {
  static const dataset data = make_data(1000000, 0.0, seed);
  return data;
}

const dataset& missing_100k() {
  static const dataset data = make_data(100000, 0.01, seed + 1);
  return data;
}

// fk/Fk only (sdcMicro freqCalc).
void BM_key_frequencies_1M(benchmark::State& state) {
  const auto& data = complete_1m();
  for (auto _ : state) {
    auto f = sdc::compute_key_frequencies(data.keys, &data.weight_view);
    benchmark::DoNotOptimize(f.Fk.data());
  }
}
BENCHMARK(BM_key_frequencies_1M)->Unit(benchmark::kMillisecond);

// fk/Fk + individual risk + global risk (sdcMicro measure_risk).
void BM_measure_risk_1M(benchmark::State& state) {
  const auto& data = complete_1m();
  for (auto _ : state) {
    const auto f = sdc::compute_key_frequencies(data.keys, &data.weight_view);
    const auto risk = sdc::compute_individual_risk(f);
    const auto global = sdc::compute_global_risk(risk);
    benchmark::DoNotOptimize(global.expected_reidentifications);
  }
}
BENCHMARK(BM_measure_risk_1M)->Unit(benchmark::kMillisecond);

// The same plus household risk (sdcMicro measure_risk with a household id).
void BM_household_risk_1M(benchmark::State& state) {
  const auto& data = complete_1m();
  for (auto _ : state) {
    const auto f = sdc::compute_key_frequencies(data.keys, &data.weight_view);
    const auto risk = sdc::compute_individual_risk(f);
    const auto global = sdc::compute_global_risk(risk);
    const auto household = sdc::compute_household_risk(risk, data.household_view);
    benchmark::DoNotOptimize(global.expected_reidentifications);
    benchmark::DoNotOptimize(household.expected_reidentifications);
  }
}
BENCHMARK(BM_household_risk_1M)->Unit(benchmark::kMillisecond);

// Household step alone, from given individual risks.
void BM_household_step_1M(benchmark::State& state) {
  const auto& data = complete_1m();
  const auto risk = sdc::compute_individual_risk(
      sdc::compute_key_frequencies(data.keys, &data.weight_view));
  for (auto _ : state) {
    const auto household = sdc::compute_household_risk(risk, data.household_view);
    benchmark::DoNotOptimize(household.expected_reidentifications);
  }
}
BENCHMARK(BM_household_step_1M)->Unit(benchmark::kMillisecond);

// fk/Fk with 1% missing values per key, NA as a wildcard (sdcMicro freqCalc).
void BM_wildcard_100k(benchmark::State& state) {
  const auto& data = missing_100k();
  sdc::frequency_options options;
  options.missing = sdc::missing_semantics::wildcard;
  options.alpha = static_cast<double>(state.range(0)) / 100.0;
  for (auto _ : state) {
    auto f = sdc::compute_key_frequencies(data.keys, &data.weight_view, options);
    benchmark::DoNotOptimize(f.Fk.data());
  }
}
BENCHMARK(BM_wildcard_100k)->Arg(100)->Arg(50)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--export") == 0) {
      const std::string dir = argv[i + 1];
      write_csv(complete_1m(), dir + "/risk_1m.csv");
      write_csv(missing_100k(), dir + "/risk_na_100k.csv");
      std::printf("# wrote %s/risk_1m.csv and %s/risk_na_100k.csv\n", dir.c_str(), dir.c_str());
      // Sanity figures, printed in the same form by bench/peers/risk_sdcmicro.R.
      const auto& data = complete_1m();
      const auto risk = sdc::compute_individual_risk(
          sdc::compute_key_frequencies(data.keys, &data.weight_view));
      const auto household = sdc::compute_household_risk(risk, data.household_view);
      std::printf("# sdc: ER %.10g, household ER %.10g\n",
                  sdc::compute_global_risk(risk).expected_reidentifications,
                  household.expected_reidentifications);
      sdc::frequency_options wildcard;
      wildcard.missing = sdc::missing_semantics::wildcard;
      const auto f = sdc::compute_key_frequencies(missing_100k().keys, &missing_100k().weight_view,
                                                  wildcard);
      double sum_fk = 0.0, sum_Fk = 0.0;
      for (std::size_t r = 0; r < f.size(); ++r) {
        sum_fk += f.fk[r];
        sum_Fk += f.Fk[r];
      }
      std::printf("# wildcard 100k alpha 1: sum fk %.10g, sum Fk %.10g\n", sum_fk, sum_Fk);
      return 0;
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
