// SPDX-License-Identifier: MIT
// Building and checking a table with margins from microdata: the output checker's hot path.
// Reads the data written by bench/run_tables.py (so pandas is timed on the very same arrays):
//   bench_tables --data-dir DIR [Google Benchmark flags]
// DIR holds rows.i32 (codes 0..19), cols.i32 (codes 0..9), value.f64, weight.f64.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <sdc/tables/build_table.hpp>
#include <sdc/tables/check_table.hpp>
#include <sdc/tables/profiles.hpp>
#include <sdc/tables/suppression.hpp>

namespace {

struct bench_data {
  std::vector<std::int32_t> rows, cols;
  std::vector<double> value, weight;
};

bench_data data;

template <class T>
std::vector<T> read_raw(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw std::runtime_error("cannot open " + path);
  const auto bytes = static_cast<std::size_t>(in.tellg());
  std::vector<T> out(bytes / sizeof(T));
  in.seekg(0);
  in.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(bytes));
  return out;
}

sdc::table_request request(sdc::statistic stat, const sdc::table_rules& rules) {
  sdc::table_request r;
  sdc::categorical_view rows{"row", data.rows.data(), data.rows.size(), 20};
  sdc::categorical_view cols{"col", data.cols.data(), data.cols.size(), 10};
  r.dimensions = {rows, cols};
  r.stat = stat;
  if (stat != sdc::statistic::count) r.value = sdc::numeric_view{"value", data.value.data(), data.value.size()};
  r.top_contributions = sdc::needed_top_contributions(rules);
  return r;
}

// Builds and checks the table (and suppresses, if asked) once per iteration.
void table_checked(benchmark::State& state, sdc::statistic stat, bool suppress) {
  const auto rules = sdc::rule_profile("acro");
  const auto r = request(stat, rules);
  for (auto _ : state) {
    const auto t = sdc::build_table(r);
    auto check = sdc::check_table(t, rules);
    if (suppress) benchmark::DoNotOptimize(sdc::apply_primary_suppression(t, check).n_suppressed);
    benchmark::DoNotOptimize(check.n_fail);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * data.rows.size()));
}

}  // namespace

BENCHMARK_CAPTURE(table_checked, count_table_checked, sdc::statistic::count, false)
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(table_checked, count_table_checked_suppressed, sdc::statistic::count, true)
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(table_checked, sum_table_checked_suppressed, sdc::statistic::sum, true)
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(table_checked, mean_table_checked, sdc::statistic::mean, false)
    ->Unit(benchmark::kMillisecond)->UseRealTime();

int main(int argc, char** argv) {
  std::string dir;
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--data-dir") == 0 && i + 1 < argc) {
      dir = argv[++i];
    } else {
      rest.push_back(argv[i]);
    }
  }
  if (dir.empty()) {
    std::cerr << "usage: bench_tables --data-dir DIR (written by bench/run_tables.py)\n";
    return 2;
  }
  data.rows = read_raw<std::int32_t>(dir + "/rows.i32");
  data.cols = read_raw<std::int32_t>(dir + "/cols.i32");
  data.value = read_raw<double>(dir + "/value.f64");
  int rest_argc = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_argc, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
