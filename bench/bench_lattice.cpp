// SPDX-License-Identifier: MIT
// Lattice search on UCI Adult (30,162 records, 9 key variables with the ARX hierarchies of the
// shared data folder: 12,960 nodes), k = 5, with 0%, 1% and 5% of records suppressible: the ARX
// benchmark configuration. Figures in docs/benchmarks.md ("Lattice search").
//
// The data folder is found next to the repository (../shared/data/adult, from this file's path)
// or given by the environment variable SDC_ADULT_DIR. Reading and mapping the hierarchies is not
// timed; each iteration is a full search (class table of the lowest node, traversal, ranking).
#include <benchmark/benchmark.h>

#include <sdc/core/factorize.hpp>
#include <sdc/risk/hierarchy.hpp>
#include <sdc/risk/lattice_search.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

std::string adult_dir() {
  if (const char* dir = std::getenv("SDC_ADULT_DIR")) return dir;
  std::string here = __FILE__;  // .../bench/bench_lattice.cpp
  here = here.substr(0, here.find_last_of('/'));
  return here + "/../../shared/data/adult";
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path + " (set SDC_ADULT_DIR)");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct adult {
  std::vector<sdc::factorized_column> columns;
  std::vector<sdc::categorical_view> keys;
  std::vector<sdc::category_generalisation> generalisations;
};

// A plain ';'-separated reader: the Adult file has a header and no quoting.
const adult& adult_data() {
  static const adult data = [] {
    adult result;
    const std::string dir = adult_dir();
    std::istringstream text(read_file(dir + "/adult.csv"));
    std::string line;
    std::getline(text, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> names;
    std::stringstream header(line);
    for (std::string field; std::getline(header, field, ';');) names.push_back(field);
    std::vector<std::vector<std::string>> values(names.size());
    while (std::getline(text, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      std::stringstream row(line);
      std::size_t c = 0;
      for (std::string field; std::getline(row, field, ';') && c < names.size(); ++c) {
        values[c].push_back(field);
      }
    }
    for (std::size_t c = 0; c < names.size(); ++c) {
      result.columns.push_back(sdc::factorize(names[c], values[c]));
    }
    for (const auto& column : result.columns) {
      result.keys.push_back(column.view());
      const auto hierarchy = sdc::hierarchy_from_text(
          read_file(dir + "/adult_hierarchy_" + column.name + ".csv"), ';', column.name);
      result.generalisations.push_back(
          sdc::generalise_categories(column.view(), column.labels, hierarchy));
    }
    return result;
  }();
  return data;
}

// Argument: suppression budget in tenths of a percent.
void BM_lattice_adult_k5(benchmark::State& state) {
  const adult& data = adult_data();
  sdc::lattice_options options;
  options.target.k = 5;
  options.target.max_suppressed_share = static_cast<double>(state.range(0)) / 1000.0;
  sdc::lattice_result result;
  for (auto _ : state) {
    result = sdc::lattice_search(data.keys, data.generalisations, nullptr, options);
    benchmark::DoNotOptimize(result.minimal.data());
  }
  state.counters["nodes"] = static_cast<double>(result.n_nodes);
  state.counters["evaluated"] = static_cast<double>(result.nodes_evaluated);
  state.counters["minimal"] = static_cast<double>(result.minimal.size());
}
BENCHMARK(BM_lattice_adult_k5)->Arg(0)->Arg(10)->Arg(50)->Unit(benchmark::kMillisecond);

// Every node evaluated (no pruning), for scale: the cost of one node times 12,960.
void BM_lattice_adult_k5_exhaustive(benchmark::State& state) {
  const adult& data = adult_data();
  sdc::lattice_options options;
  options.target.k = 5;
  options.assume_monotone = false;
  for (auto _ : state) {
    auto result = sdc::lattice_search(data.keys, data.generalisations, nullptr, options);
    benchmark::DoNotOptimize(result.minimal.data());
  }
}
BENCHMARK(BM_lattice_adult_k5_exhaustive)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
