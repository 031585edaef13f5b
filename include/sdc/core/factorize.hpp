// SPDX-License-Identifier: MIT
/// @file factorize.hpp
/// @brief Turning owned text or numbers into categorical codes (used by the CLI and tests;
/// the bindings factorise in their own language so that the step stays visible to users).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sdc/core/column_view.hpp"

namespace sdc {

/// @brief An owned categorical column: codes 0..K-1, missing as -1, and the K labels.
struct factorized_column {
  std::string name;
  std::vector<std::int32_t> codes;
  std::vector<std::string> labels;

  /// @brief A view of this column (valid while the column lives).
  categorical_view view() const {
    categorical_view v;
    v.name = name;
    v.codes = codes.data();
    v.size = codes.size();
    v.n_categories = static_cast<std::int32_t>(labels.size());
    v.first_code = 0;
    v.missing_code = -1;
    return v;
  }
};

namespace detail {
/// Renumbers categories so that labels are sorted (numerically when every label is a number),
/// which gives tables in the order a person expects.
inline void sort_categories(factorized_column& column) {
  const std::size_t k = column.labels.size();
  std::vector<double> numbers(k);
  bool all_numeric = k > 0;
  for (std::size_t i = 0; i < k && all_numeric; ++i) {
    const std::string& label = column.labels[i];
    char* end = nullptr;
    numbers[i] = std::strtod(label.c_str(), &end);
    all_numeric = !label.empty() && end == label.c_str() + label.size() && std::isfinite(numbers[i]);
  }
  std::vector<std::int32_t> order(k);
  std::iota(order.begin(), order.end(), 0);
  if (all_numeric) {
    std::stable_sort(order.begin(), order.end(),
                     [&](std::int32_t a, std::int32_t b) { return numbers[a] < numbers[b]; });
  } else {
    std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
      return column.labels[a] < column.labels[b];
    });
  }
  std::vector<std::int32_t> new_code(k);
  std::vector<std::string> labels(k);
  for (std::size_t rank = 0; rank < k; ++rank) {
    new_code[order[rank]] = static_cast<std::int32_t>(rank);
    labels[rank] = std::move(column.labels[order[rank]]);
  }
  column.labels = std::move(labels);
  for (auto& code : column.codes) {
    if (code >= 0) code = new_code[code];
  }
}
}  // namespace detail

/// @brief Factorises text values; the values in `missing_values` become missing.
/// Categories are sorted (numerically if all labels are numbers, else lexicographically).
inline factorized_column factorize(std::string name, const std::vector<std::string>& values,
                                   const std::vector<std::string>& missing_values = {"", "NA"}) {
  factorized_column column;
  column.name = std::move(name);
  column.codes.resize(values.size());
  std::unordered_map<std::string_view, std::int32_t> index;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string& value = values[i];
    if (std::find(missing_values.begin(), missing_values.end(), value) != missing_values.end()) {
      column.codes[i] = -1;
      continue;
    }
    auto [it, inserted] =
        index.try_emplace(std::string_view(value), static_cast<std::int32_t>(column.labels.size()));
    if (inserted) column.labels.push_back(value);
    column.codes[i] = it->second;
  }
  detail::sort_categories(column);
  return column;
}

}  // namespace sdc
