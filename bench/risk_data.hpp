// SPDX-License-Identifier: MIT
// Synthetic microdata of the risk benchmarks (bench_risk, bench_risk_memory): fixed seed, six
// skewed keys of the cardinalities of peers.md, weights, households.
#pragma once

#include <sdc/core/column_view.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace risk_bench {

// Cardinalities of the six key variables (peers.md).
inline const std::vector<std::int32_t> cardinalities{2, 20, 10, 6, 5, 10};

struct dataset {
  std::vector<std::vector<std::int32_t>> columns;
  std::vector<double> weights;
  std::vector<std::int32_t> household;
  std::int32_t n_households = 0;
  std::vector<sdc::categorical_view> keys;
  sdc::numeric_view weight_view;
  sdc::categorical_view household_view;
};

inline double uniform(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// Skewed categories (code = floor(K * u^2): low codes frequent, high codes rare), weights in
// [1, 200), households of 1 to 5 consecutive records (3 on average), and a share `missing` of
// missing values per key. Deterministic for a given (n, missing, seed).
inline dataset make_data(std::size_t n, double missing, std::uint64_t seed) {
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

inline constexpr std::uint64_t seed = 20240601;

}  // namespace risk_bench
