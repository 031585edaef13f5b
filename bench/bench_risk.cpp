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

#include "risk_data.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

using risk_bench::dataset;
using risk_bench::make_data;
using risk_bench::seed;

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
