// SPDX-License-Identifier: MIT
/// @file rules.hpp
/// @brief The parameters of the primary disclosure rules for tables (methods.md 1.3-1.4).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sdc/core/error.hpp"

namespace sdc {

/// @brief How a rule violation weighs in the verdict.
enum class severity { ignore, review, fail };

/// @brief An (n,k) dominance rule: a cell is unsafe if its n largest contributions exceed k
/// percent of its total: `x(1) + ... + x(n) > k/100 * X`.
struct nk_rule {
  int n = 2;        ///< number of largest contributors
  double k = 85.0;  ///< percent of the cell total
};

/// @brief The pq rule (p% rule with prior knowledge q): unsafe if
/// `X - x(1) - x(2) < p/q * x(1)`.
struct pq_rule {
  double p = 25.0;  ///< percent accuracy an intruder must not reach
  double q = 50.0;  ///< percent accuracy of the intruder's prior knowledge
};

/// @brief Which contributions the dominance rules compare when the table is weighted.
enum class weighted_dominance {
  /// Respondents' own (unweighted) values: does one respondent dominate the sample total?
  unweighted,
  /// tau-ARGUS/sdcTable convention: a contribution with weight w counts as w copies (whole
  /// copies plus one partial copy for a fractional weight); the total is the weighted total.
  replicated
};

/// @brief The rule parameters of a table check. Every field has a default; a profile sets
/// them all at once and any of them can then be overridden.
struct table_rules {
  /// Name of the profile these rules came from ("custom" when built by hand).
  std::string profile = "custom";
  /// Where the defaults come from (shown in reports).
  std::string source;

  /// Threshold rule: a cell passes with at least min_count contributors (unweighted; distinct
  /// holdings when a holding variable is given, distinct units when a unit variable is given).
  int min_count = 10;
  /// Severity of a zero cell (no contributor): a non-structural zero can disclose.
  severity zeros = severity::fail;
  /// Dominance rules; a cell must satisfy all of them.
  std::vector<nk_rule> nk_rules{{2, 90.0}};
  /// p% rule (X - x1 - x2 < p/100 * x1 is unsafe); unset = not applied.
  std::optional<double> p_percent = 10.0;
  /// pq rule; unset = not applied.
  std::optional<pq_rule> pq;
  /// Whether a dominance share exactly at the limit fails: false follows the definition
  /// ("exceeds k%", as sdcTable and ACRO 0.4), true follows ACRO 1.0 (">= k%").
  bool dominance_boundary_fails = false;
  /// Severity of negative contributions in a magnitude cell. The dominance rules are then
  /// evaluated on absolute values for that cell only (never switched off for the table).
  severity negative_values = severity::review;
  /// Severity of missing values of the value variable in a cell (they are left out of sums).
  severity missing_values = severity::review;
  /// Convention for dominance in weighted tables.
  weighted_dominance weighting = weighted_dominance::unweighted;
  /// Class (group) disclosure: all contributors of a row/column in one cell.
  severity class_disclosure = severity::review;
  /// Share of a line's contributors in one cell above which class disclosure is suspected
  /// (ESSnet: 90%); the full 100% case always counts.
  double class_disclosure_share = 0.9;
  /// Minimum contributors for a median (IAB practice: 20).
  int min_count_median = 20;
  /// Minimum contributors for quartiles (IAB: 40).
  int min_count_quartile = 40;
  /// Minimum contributors for deciles (IAB: 80).
  int min_count_decile = 80;
  /// Minimum contributors for the 5th/95th percentile (IAB: 200).
  int min_count_p5 = 200;
  /// Minimum contributors for the 1st/99th percentile and beyond (IAB: 400).
  int min_count_p1 = 400;
  /// Severity of publishing a minimum or maximum (a single unit's value).
  severity extremes = severity::fail;
  /// Minimum residual degrees of freedom of a model.
  int min_dof = 10;
};

/// @brief Stable name of a severity.
inline constexpr std::string_view to_string(severity value) noexcept {
  switch (value) {
    case severity::ignore: return "ignore";
    case severity::review: return "review";
    case severity::fail: return "fail";
  }
  return "fail";
}

/// @brief Parses "ignore", "review" or "fail".
inline severity severity_from_string(std::string_view name) {
  if (name == "ignore" || name == "safe" || name == "off") return severity::ignore;
  if (name == "review") return severity::review;
  if (name == "fail" || name == "unsafe") return severity::fail;
  throw invalid_input(errc::invalid_argument,
                      "unknown severity '" + std::string(name) + "'; expected ignore, review or fail");
}

/// @brief Stable name of a weighted dominance convention.
inline constexpr std::string_view to_string(weighted_dominance value) noexcept {
  return value == weighted_dominance::replicated ? "replicated" : "unweighted";
}

/// @brief Parses "unweighted" or "replicated".
inline weighted_dominance weighted_dominance_from_string(std::string_view name) {
  if (name == "unweighted") return weighted_dominance::unweighted;
  if (name == "replicated") return weighted_dominance::replicated;
  throw invalid_input(errc::invalid_argument, "unknown weighted dominance convention '" +
                                                  std::string(name) +
                                                  "'; expected unweighted or replicated");
}

/// @brief Minimum contributors needed to publish the q-th percentile (q in [0, 100]).
inline int min_count_for_percentile(const table_rules& rules, double q) {
  const double tail = q <= 50.0 ? q : 100.0 - q;  // distance to the nearer end
  if (tail >= 50.0) return rules.min_count_median;
  if (tail >= 25.0) return rules.min_count_quartile;
  if (tail >= 10.0) return rules.min_count_decile;
  if (tail >= 5.0) return rules.min_count_p5;
  return rules.min_count_p1;
}

/// @brief Checks that rule parameters are in their domains.
/// @throws invalid_input naming the parameter.
inline void validate(const table_rules& rules) {
  auto fail = [](const std::string& message) {
    throw invalid_input(errc::invalid_argument, message);
  };
  if (rules.min_count < 1) fail("min_count must be at least 1, got " + std::to_string(rules.min_count));
  for (const auto& rule : rules.nk_rules) {
    if (rule.n < 1) fail("dominance rule n must be at least 1, got " + std::to_string(rule.n));
    if (!(rule.k > 0.0 && rule.k <= 100.0)) {
      fail("dominance rule k must be a percentage in (0, 100], got " + std::to_string(rule.k));
    }
  }
  if (rules.p_percent && !(*rules.p_percent > 0.0 && *rules.p_percent <= 100.0)) {
    fail("p of the p% rule must be a percentage in (0, 100], got " + std::to_string(*rules.p_percent));
  }
  if (rules.pq && !(rules.pq->p > 0.0 && rules.pq->q > 0.0 && rules.pq->p < rules.pq->q)) {
    fail("the pq rule needs 0 < p < q, got p = " + std::to_string(rules.pq->p) +
         ", q = " + std::to_string(rules.pq->q));
  }
  if (!(rules.class_disclosure_share > 0.0 && rules.class_disclosure_share <= 1.0)) {
    fail("class_disclosure_share must be in (0, 1], got " +
         std::to_string(rules.class_disclosure_share));
  }
  if (rules.min_dof < 0) fail("min_dof must be non-negative");
}

}  // namespace sdc
