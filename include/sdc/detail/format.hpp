// SPDX-License-Identifier: MIT
/// @file format.hpp
/// @brief Number formatting for the sentences of verdicts (no dependency on fmt, which the R
/// package does not have).
#pragma once

#include <cmath>
#include <cstdio>
#include <string>

namespace sdc::detail {

/// Whole numbers without decimals, others with 6 significant digits.
inline std::string format_number(double x) {
  char buffer[64];
  if (std::isnan(x)) return "NaN";
  if (x == std::floor(x) && std::abs(x) < 1e15) {
    std::snprintf(buffer, sizeof buffer, "%.0f", x);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.6g", x);
  }
  return buffer;
}

inline std::string format_percent(double share) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", 100.0 * share);
  return buffer;
}

}  // namespace sdc::detail
