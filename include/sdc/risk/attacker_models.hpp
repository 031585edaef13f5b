// SPDX-License-Identifier: MIT
/// @file attacker_models.hpp
/// @brief Re-identification risk under El Emam's prosecutor, journalist and marketer models
/// (methods.md 3.7; as reported by ARX).
///
/// * Prosecutor: the attacker knows the target is in the sample; a record in a class of fk
///   records is re-identified with probability 1/fk.
/// * Journalist: the attacker does not know whether the target is in the sample and matches
///   against the population; the probability is 1/Fk with Fk the population class size
///   (here max(Fk, fk): a population class is never smaller than its sample class).
/// * Marketer: the attacker wants to re-identify as many records as possible; the expected
///   share of correct matches is (1/n) sum over classes of fk/Fk (= mean over records of 1/Fk).
/// Without weights Fk = fk and the journalist model equals the prosecutor model.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>

#include "sdc/core/error.hpp"
#include "sdc/risk/frequencies.hpp"

namespace sdc {

/// @brief Options of the attacker models.
struct attacker_model_options {
  /// A record is "at risk" when its re-identification probability exceeds this (0.2 = classes
  /// smaller than 5).
  double risk_threshold = 0.2;

  /// @brief The defaults, for bindings that must not re-list them.
  static attacker_model_options defaults() { return attacker_model_options{}; }
};

/// @brief Risk of one attacker model.
struct attacker_risk {
  double records_at_risk = 0.0;  ///< share of records whose probability exceeds the threshold
  double highest_risk = 0.0;     ///< largest probability: 1 / smallest class
  double success_rate = 0.0;     ///< expected share of records re-identified
};

/// @brief The three attacker models.
struct attacker_models {
  /// records_at_risk: share with 1/fk > threshold; highest_risk: 1/min fk;
  /// success_rate: mean of 1/fk over records (= number of classes / n).
  attacker_risk prosecutor;
  /// records_at_risk: share with 1/Fk > threshold; highest_risk: 1/min Fk;
  /// success_rate: number of classes / sum of their population sizes
  /// (sum_i 1/fk_i / sum_i Fk_i/fk_i).
  attacker_risk journalist;
  /// Expected share of correct matches: (1/n) sum over classes fk/Fk.
  double marketer_success_rate = 0.0;
};

/// @brief Prosecutor, journalist and marketer risk of key frequencies.
/// @throws invalid_input (errc::invalid_argument) if the threshold is not in [0, 1]
inline attacker_models compute_attacker_models(const key_frequencies& frequencies,
                                               const attacker_model_options& options = {}) {
  if (!(options.risk_threshold >= 0.0 && options.risk_threshold <= 1.0)) {
    throw invalid_input(errc::invalid_argument, "risk_threshold must be in [0, 1], got " +
                                                    std::to_string(options.risk_threshold));
  }
  attacker_models models;
  const std::size_t n = frequencies.size();
  if (n == 0) return models;
  double min_fk = std::numeric_limits<double>::infinity();
  double min_Fk = std::numeric_limits<double>::infinity();
  std::size_t prosecutor_at_risk = 0, journalist_at_risk = 0;
  double classes = 0.0, population = 0.0, marketer = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double fk = frequencies.fk[i];
    const double Fk = std::max(frequencies.weighted ? frequencies.Fk[i] : fk, fk);
    min_fk = std::min(min_fk, fk);
    min_Fk = std::min(min_Fk, Fk);
    if (1.0 / fk > options.risk_threshold) ++prosecutor_at_risk;
    if (1.0 / Fk > options.risk_threshold) ++journalist_at_risk;
    classes += 1.0 / fk;
    population += Fk / fk;
    marketer += 1.0 / Fk;
  }
  const auto count = static_cast<double>(n);
  models.prosecutor.records_at_risk = static_cast<double>(prosecutor_at_risk) / count;
  models.prosecutor.highest_risk = 1.0 / min_fk;
  models.prosecutor.success_rate = classes / count;
  models.journalist.records_at_risk = static_cast<double>(journalist_at_risk) / count;
  models.journalist.highest_risk = 1.0 / min_Fk;
  models.journalist.success_rate = classes / population;
  models.marketer_success_rate = marketer / count;
  return models;
}

}  // namespace sdc
