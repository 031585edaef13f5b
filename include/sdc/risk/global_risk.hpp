// SPDX-License-Identifier: MIT
/// @file global_risk.hpp
/// @brief Global risk of a file: expected re-identifications, global risk, and the mu-ARGUS
/// global threshold on individual risks.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "sdc/core/error.hpp"

namespace sdc {

/// @brief Global risk summary of a vector of individual risks.
struct global_risk_summary {
  std::size_t n = 0;                        ///< records
  double expected_reidentifications = 0.0;  ///< ER = sum of the individual risks
  double global_risk = 0.0;                 ///< ER / n (0 when n = 0)
  double max_individual_risk = 0.0;         ///< largest individual risk (0 when n = 0)
};

/// @brief ER = sum_i r_i, global risk = ER / n, and the largest risk.
///
/// Without weights ER equals the number of distinct keys (each class of f records adds f/f).
/// @throws invalid_input (errc::invalid_argument) if a risk is NaN
inline global_risk_summary compute_global_risk(const std::vector<double>& risk) {
  global_risk_summary summary;
  summary.n = risk.size();
  for (std::size_t i = 0; i < risk.size(); ++i) {
    if (std::isnan(risk[i])) {
      throw invalid_input(errc::invalid_argument,
                          "individual risk of record " + std::to_string(i + 1) + " is NaN");
    }
    summary.expected_reidentifications += risk[i];
    summary.max_individual_risk = i == 0 ? risk[i] : std::max(summary.max_individual_risk, risk[i]);
  }
  if (summary.n > 0) {
    summary.global_risk = summary.expected_reidentifications / static_cast<double>(summary.n);
  }
  return summary;
}

/// @brief The mu-ARGUS global threshold (mu-ARGUS manual 4.1, eq. 17).
struct global_threshold {
  /// The largest risk level r(j) such that capping every higher risk at r(j) brings the
  /// expected re-identifications below the target; 0 if no level does (see attainable).
  double threshold = 0.0;
  std::size_t records_above = 0;  ///< records with a risk above the threshold (to protect)
  double capped_expected_reidentifications = 0.0;  ///< sum_{i>=j} r(i) + r(j) (j - 1)
  double target_expected_reidentifications = 0.0;  ///< ER* = max_global_risk * n
  bool attainable = false;  ///< false if even capping at the smallest risk is not enough
};

/// @brief Global threshold for a maximum global risk.
///
/// With risks sorted decreasingly r(1) >= ... >= r(n) and ER* = max_global_risk * n, returns the
/// largest r(j) with sum_{i>=j} r(i) + r(j) * (j - 1) < ER*. When the uncapped ER is already
/// below ER*, the threshold is r(1) and no record is above it.
/// @throws invalid_input (errc::invalid_argument) if max_global_risk is not in [0, 1] or a risk
///         is NaN
inline global_threshold global_risk_threshold(const std::vector<double>& risk,
                                              double max_global_risk) {
  if (!(max_global_risk >= 0.0 && max_global_risk <= 1.0)) {
    throw invalid_input(errc::invalid_argument,
                        "max_global_risk must be in [0, 1], got " + std::to_string(max_global_risk));
  }
  std::vector<double> sorted = risk;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (std::isnan(sorted[i])) {
      throw invalid_input(errc::invalid_argument,
                          "individual risk of record " + std::to_string(i + 1) + " is NaN");
    }
  }
  std::sort(sorted.begin(), sorted.end(), std::greater<double>());
  const std::size_t n = sorted.size();
  global_threshold result;
  result.target_expected_reidentifications = max_global_risk * static_cast<double>(n);
  // Suffix sums, accumulated from the smallest risk up (fewer rounding errors).
  std::vector<double> suffix(n + 1, 0.0);
  for (std::size_t i = n; i-- > 0;) suffix[i] = suffix[i + 1] + sorted[i];
  for (std::size_t j = 0; j < n; ++j) {  // 0-based j: j records lie above r(j)
    const double capped = suffix[j] + sorted[j] * static_cast<double>(j);
    if (capped < result.target_expected_reidentifications) {
      // Ties: records equal to the level are not above it.
      std::size_t above = j;
      while (above > 0 && sorted[above - 1] == sorted[j]) --above;
      result.threshold = sorted[j];
      result.records_above = above;
      result.capped_expected_reidentifications = capped;
      result.attainable = true;
      return result;
    }
  }
  result.records_above = n;
  return result;
}

}  // namespace sdc
