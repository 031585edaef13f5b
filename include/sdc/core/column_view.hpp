// SPDX-License-Identifier: MIT
/// @file column_view.hpp
/// @brief Non-owning views of microdata columns: the only way data enters the core.
///
/// Microdata is a set of columns, contiguous both in an R data.frame and in a pandas/NumPy
/// column, so the core reads the caller's memory directly and never copies it. Element types
/// are the ones R and NumPy already use: int32 codes for categorical data (R factors: codes
/// 1..K, NA_integer_; pandas categoricals: codes 0..K-1, -1) and double for numbers (NaN is
/// missing; R's NA_real_ is a NaN too).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sdc/core/error.hpp"

namespace sdc {

/// @brief Code of a missing value after normalisation by categorical_view::category().
inline constexpr std::int32_t missing_category = -1;

/// @brief R's NA_integer_, usable as categorical_view::missing_code for R factors.
inline constexpr std::int32_t r_na_integer = std::numeric_limits<std::int32_t>::min();

/// @brief A categorical column: codes first_code .. first_code + n_categories - 1, or missing.
struct categorical_view {
  std::string name;                      ///< column name, used in messages and output
  const std::int32_t* codes = nullptr;   ///< the caller's codes, not copied
  std::size_t size = 0;                  ///< number of records
  std::int32_t n_categories = 0;         ///< number of categories (labels)
  std::int32_t first_code = 0;           ///< 0 for pandas/NumPy, 1 for R factors
  std::int32_t missing_code = -1;        ///< -1 for pandas, r_na_integer for R

  /// @brief Category index in [0, n_categories) of record i, or missing_category.
  std::int32_t category(std::size_t i) const noexcept {
    const std::int32_t code = codes[i];
    return code == missing_code ? missing_category : code - first_code;
  }
};

/// @brief A numeric column; NaN marks a missing value.
struct numeric_view {
  std::string name;                 ///< column name, used in messages and output
  const double* values = nullptr;   ///< the caller's values, not copied
  std::size_t size = 0;             ///< number of records
};

/// @brief Counts of a categorical view's codes: out-of-range codes and missing values.
struct code_scan {
  std::size_t out_of_range = 0;
  std::size_t missing = 0;
};

/// @brief Scans the codes once, branch-free (the loop vectorises: this runs on every input).
inline code_scan scan_codes(const categorical_view& column) noexcept {
  code_scan scan;
  const std::int32_t* codes = column.codes;
  const std::int32_t missing_code = column.missing_code;
  const std::int32_t first_code = column.first_code;
  const auto limit = static_cast<std::uint32_t>(column.n_categories);
  std::size_t bad = 0, missing = 0;
  for (std::size_t i = 0; i < column.size; ++i) {
    const std::int32_t code = codes[i];
    const bool is_missing = code == missing_code;
    // Unsigned comparison folds "below first_code" into "too large".
    const bool in_range = static_cast<std::uint32_t>(code) - static_cast<std::uint32_t>(first_code) < limit;
    missing += is_missing;
    bad += !is_missing && !in_range;
  }
  scan.out_of_range = bad;
  scan.missing = missing;
  return scan;
}

/// @brief Checks that every code of a categorical view is a category or the missing code.
/// @return the number of missing values
/// @throws invalid_input (errc::invalid_argument) naming the column and the first bad record.
inline std::size_t validate(const categorical_view& column) {
  if (column.size > 0 && column.codes == nullptr) {
    throw invalid_input(errc::invalid_argument, "column '" + column.name + "' has no data");
  }
  if (column.n_categories < 0) {
    throw invalid_input(errc::invalid_argument,
                        "column '" + column.name + "' has a negative number of categories");
  }
  const code_scan scan = scan_codes(column);
  if (scan.out_of_range == 0) return scan.missing;
  for (std::size_t i = 0; i < column.size; ++i) {
    const std::int32_t category = column.category(i);
    if (category != missing_category && (category < 0 || category >= column.n_categories)) {
      throw invalid_input(errc::invalid_argument,
                          "column '" + column.name + "': record " + std::to_string(i + 1) +
                              " has code " + std::to_string(column.codes[i]) +
                              ", outside the " + std::to_string(column.n_categories) +
                              " categories");
    }
  }
  return scan.missing;
}

/// @brief Throws unless the column has exactly `expected` records.
template <class View>
void require_length(const View& column, std::size_t expected, const char* role) {
  if (column.size != expected) {
    throw invalid_input(errc::length_mismatch,
                        std::string(role) + " column '" + column.name + "' has " +
                            std::to_string(column.size) + " records, expected " +
                            std::to_string(expected));
  }
}

/// @brief Throws if a weight is missing, negative or infinite.
inline void validate_weights(const numeric_view& weights) {
  for (std::size_t i = 0; i < weights.size; ++i) {
    const double w = weights.values[i];
    if (std::isnan(w)) {
      throw invalid_input(errc::missing_value, "weights column '" + weights.name +
                                                   "': record " + std::to_string(i + 1) +
                                                   " has a missing (NaN) weight");
    }
    if (w < 0 || std::isinf(w)) {
      throw invalid_input(errc::negative_value, "weights column '" + weights.name +
                                                    "': record " + std::to_string(i + 1) +
                                                    " has weight " + std::to_string(w) +
                                                    "; weights must be finite and non-negative");
    }
  }
}

}  // namespace sdc
