// SPDX-License-Identifier: MIT
/// @file household_risk.hpp
/// @brief Household (hierarchical) risk: a household is re-identified when any member is.
///
/// r_h = 1 - prod_{j in h} (1 - r_j), assigned to every member of household h (methods.md 3.3).
/// No limit on household size (sdcMicro's C++ variant uses a fixed 256-member buffer).
#pragma once

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "sdc/core/column_view.hpp"
#include "sdc/core/error.hpp"

namespace sdc {

/// @brief Household risk of every record.
struct household_risk_result {
  std::vector<double> risk;                 ///< per record: the risk of its household
  std::size_t n_households = 0;             ///< households (a record without id counts as one)
  double expected_reidentifications = 0.0;  ///< sum of the per-record household risks
  double global_risk = 0.0;                 ///< expected_reidentifications / n
};

/// @brief Household risk 1 - prod(1 - r_j) over the members of each household.
///
/// A record whose household id is missing is a household of its own. The product is computed
/// as -expm1(sum log1p(-r_j)) when every member's risk is in [0, 1] (accurate for small risks),
/// and as the plain product otherwise (risks above 1 only come from sdcMicro-compatible mode).
/// @param individual_risk one risk per record
/// @param household household id of every record (categorical codes)
/// @throws invalid_input errc::length_mismatch, errc::invalid_argument (bad code, NaN risk)
inline household_risk_result compute_household_risk(const std::vector<double>& individual_risk,
                                                    const categorical_view& household) {
  const std::size_t n = individual_risk.size();
  require_length(household, n, "household");
  validate(household);
  const auto n_ids = static_cast<std::size_t>(household.n_categories);
  std::vector<double> log_survival(n_ids, 0.0);  // sum log1p(-r)
  std::vector<double> survival(n_ids, 1.0);      // prod (1 - r)
  std::vector<char> plain(n_ids, 0);
  std::vector<char> seen(n_ids, 0);
  household_risk_result result;
  for (std::size_t i = 0; i < n; ++i) {
    const double r = individual_risk[i];
    if (std::isnan(r)) {
      throw invalid_input(errc::invalid_argument,
                          "individual risk of record " + std::to_string(i + 1) + " is NaN");
    }
    const std::int32_t h = household.category(i);
    if (h == missing_category) {
      ++result.n_households;
      continue;
    }
    const auto id = static_cast<std::size_t>(h);
    if (!seen[id]) {
      seen[id] = 1;
      ++result.n_households;
    }
    survival[id] *= 1.0 - r;
    if (r >= 0.0 && r <= 1.0) {
      log_survival[id] += std::log1p(-r);
    } else {
      plain[id] = 1;
    }
  }
  std::vector<double> household_risk(n_ids, 0.0);
  for (std::size_t id = 0; id < n_ids; ++id) {
    if (seen[id]) household_risk[id] = plain[id] ? 1.0 - survival[id] : -std::expm1(log_survival[id]);
  }
  result.risk.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t h = household.category(i);
    result.risk[i] = h == missing_category ? individual_risk[i]
                                           : household_risk[static_cast<std::size_t>(h)];
    result.expected_reidentifications += result.risk[i];
  }
  if (n > 0) result.global_risk = result.expected_reidentifications / static_cast<double>(n);
  return result;
}

}  // namespace sdc
