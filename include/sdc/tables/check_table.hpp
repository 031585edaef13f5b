// SPDX-License-Identifier: MIT
/// @file check_table.hpp
/// @brief Primary disclosure rules applied to every cell of a table, with explained verdicts.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sdc/detail/format.hpp"
#include "sdc/tables/rules.hpp"
#include "sdc/tables/table.hpp"

namespace sdc {

/// @brief Verdict of one cell.
enum class cell_status { ok, review, fail };

/// @brief Verdict of a whole output: `fail` if any cell fails, else `review` if any cell needs
/// a person's decision, else `pass`.
enum class table_status { pass, review, fail };

/// @brief Stable, machine-readable reason codes (never renamed: scripts match on them).
enum class reason_code {
  threshold,               ///< fewer contributors than the minimum count
  zero,                    ///< a cell without contributors
  dominance,               ///< an (n,k) dominance rule is violated
  p_percent,               ///< the p% rule is violated
  pq,                      ///< the pq rule is violated
  negative_values,         ///< negative contributions: dominance was judged on absolute values
  missing_values,          ///< missing values of the value variable in the cell
  class_disclosure,        ///< (nearly) all contributors of a group fall in this cell
  extreme_value,           ///< a minimum or maximum is a single unit's value
  quantile_count,          ///< too few contributors for this percentile
  quantile_unique_value,   ///< the published quantile is the value of exactly one record
  mode_frequency,          ///< the modal value is shared by too few records
  not_evaluable,           ///< a rule could not be evaluated on the evidence available
  reveals_suppressed,      ///< a published margin gives a suppressed cell back by subtraction
  recoverable_by_addition  ///< a suppressed margin is the sum of published cells
};

/// @brief Stable name of a reason code.
inline constexpr std::string_view to_string(reason_code code) noexcept {
  switch (code) {
    case reason_code::threshold: return "threshold";
    case reason_code::zero: return "zero";
    case reason_code::dominance: return "dominance";
    case reason_code::p_percent: return "p_percent";
    case reason_code::pq: return "pq";
    case reason_code::negative_values: return "negative_values";
    case reason_code::missing_values: return "missing_values";
    case reason_code::class_disclosure: return "class_disclosure";
    case reason_code::extreme_value: return "extreme_value";
    case reason_code::quantile_count: return "quantile_count";
    case reason_code::quantile_unique_value: return "quantile_unique_value";
    case reason_code::mode_frequency: return "mode_frequency";
    case reason_code::not_evaluable: return "not_evaluable";
    case reason_code::reveals_suppressed: return "reveals_suppressed";
    case reason_code::recoverable_by_addition: return "recoverable_by_addition";
  }
  return "not_evaluable";
}

/// @brief Stable names of the verdicts.
inline constexpr std::string_view to_string(cell_status value) noexcept {
  return value == cell_status::ok ? "ok" : value == cell_status::review ? "review" : "fail";
}
inline constexpr std::string_view to_string(table_status value) noexcept {
  return value == table_status::pass ? "pass" : value == table_status::review ? "review" : "fail";
}

/// @brief Why a cell is not simply ok.
struct reason {
  reason_code code = reason_code::not_evaluable;
  severity level = severity::fail;  ///< review or fail
  std::string message;              ///< a sentence naming the cell, the numbers and the rule
};

/// @brief Verdict of one cell.
struct cell_verdict {
  cell_status status = cell_status::ok;
  std::vector<reason> reasons;
  bool suppressed = false;  ///< masked in the published table (see suppression.hpp)
};

/// @brief The outcome of checking a table: one verdict per cell, in the order of table::cells.
struct table_check {
  table_status status = table_status::pass;
  table_rules rules;                 ///< the parameters used
  std::vector<cell_verdict> cells;
  std::size_t n_fail = 0;            ///< cells failing
  std::size_t n_review = 0;          ///< cells needing review
};

namespace detail {

inline void add_reason(cell_verdict& verdict, reason_code code, severity level, std::string message) {
  if (level == severity::ignore) return;
  verdict.reasons.push_back(reason{code, level, std::move(message)});
  if (level == severity::fail) {
    verdict.status = cell_status::fail;
  } else if (verdict.status == cell_status::ok) {
    verdict.status = cell_status::review;
  }
}

inline std::string contributors(const table& t, std::int64_t count) {
  const char* word = !t.holding_name.empty() ? "holding" : !t.unit_name.empty() ? "unit" : "contributor";
  return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
}

/// Whether the first `n` largest contributions are known for this cell.
inline bool top_known(const cell_evidence& e, int n) {
  if (!e.has_top_contributions) return false;
  return e.top_contributions.size() >= static_cast<std::size_t>(n) ||
         static_cast<std::int64_t>(e.top_contributions.size()) >= e.n_contributors;
}

inline void check_magnitude(const table& t, const table_cell& cell, const table_rules& rules, cell_verdict& v) {
  const cell_evidence& e = cell.evidence;
  const std::string where = "cell " + t.describe(cell);
  const bool any_dominance_rule = !rules.nk_rules.empty() || rules.p_percent || rules.pq;
  if (any_dominance_rule && !e.has_sum) {
    add_reason(v, reason_code::not_evaluable, severity::review,
               where + ": no cell total was given, so the dominance rules cannot be evaluated");
    return;
  }
  const double total = e.dominance_total;
  const auto& top = e.top_contributions;
  auto top_sum = [&](int n) {
    double s = 0.0;
    for (int i = 0; i < n && i < static_cast<int>(top.size()); ++i) s += top[i];
    return s;
  };
  for (const auto& rule : rules.nk_rules) {
    if (!top_known(e, rule.n)) {
      add_reason(v, reason_code::not_evaluable, severity::review,
                 where + ": the " + std::to_string(rule.n) + " largest contributions are not known, so the (" +
                     std::to_string(rule.n) + ", " + format_number(rule.k) + "%) dominance rule cannot be evaluated");
      continue;
    }
    const double largest = top_sum(rule.n);
    // 100 * x > k * X keeps integer data exact (no rounding of k/100).
    const bool unsafe = rules.dominance_boundary_fails ? 100.0 * largest >= rule.k * total && largest > 0
                                                       : 100.0 * largest > rule.k * total;
    if (unsafe) {
      add_reason(v, reason_code::dominance, severity::fail,
                 where + ": the " + (rule.n == 1 ? std::string("largest contribution is ")
                                                 : "largest " + std::to_string(rule.n) + " contributions are ") +
                     format_percent(total > 0 ? largest / total : 1.0) + " of the total " + format_number(total) +
                     (rules.dominance_boundary_fails ? ", at least " : ", more than ") + format_number(rule.k) +
                     "% ((" + std::to_string(rule.n) + ", " + format_number(rule.k) + ") dominance rule)");
    }
  }
  auto pair_rule = [&](reason_code code, double ratio_percent, const std::string& rule_name) {
    if (!top_known(e, 2)) {
      add_reason(v, reason_code::not_evaluable, severity::review,
                 where + ": the two largest contributions are not known, so the " + rule_name +
                     " cannot be evaluated");
      return;
    }
    const double x1 = top.size() > 0 ? top[0] : 0.0;
    const double x2 = top.size() > 1 ? top[1] : 0.0;
    // Sums of many doubles leave a rounding residue when the two largest are the whole
    // total; snap it to zero so a 1- or 2-contributor cell reads as "0", not "8.7e-11".
    double remainder = total - x1 - x2;
    if (std::abs(remainder) <= 1e-9 * std::abs(total)) remainder = 0.0;
    const bool unsafe = rules.dominance_boundary_fails ? 100.0 * remainder <= ratio_percent * x1 && x1 > 0
                                                       : 100.0 * remainder < ratio_percent * x1;
    if (unsafe) {
      add_reason(v, code, severity::fail,
                 where + ": the total minus the two largest contributions is " + format_number(remainder) +
                     ", so the second largest contributor can estimate the largest (" + format_number(x1) +
                     ") within " + format_number(ratio_percent) + "% (" + rule_name + ")");
    }
  };
  if (rules.p_percent) pair_rule(reason_code::p_percent, *rules.p_percent, "p% rule, p = " + format_number(*rules.p_percent));
  if (rules.pq) {
    pair_rule(reason_code::pq, 100.0 * rules.pq->p / rules.pq->q,
              "pq rule, p = " + format_number(rules.pq->p) + ", q = " + format_number(rules.pq->q));
  }
  if (e.n_negative > 0) {
    add_reason(v, reason_code::negative_values, rules.negative_values,
               where + ": " + std::to_string(e.n_negative) +
                   (e.n_negative == 1 ? " negative contribution" : " negative contributions") +
                   "; the dominance rules were evaluated on absolute values");
  }
}

}  // namespace detail

/// @brief Applies the rules to every cell (margins included) and gives each an explained
/// verdict. Rules follow the statistic's class (methods.md 1.3): every class has the zero and
/// threshold rules; magnitudes add dominance, p%, pq, negatives and missing values; extremes
/// are unsafe by default; quantiles need a per-quantile count and a non-unique value; a mode
/// needs min_count records with the modal value.
/// Fail closed: a rule that cannot be evaluated makes the cell `review`, never `ok`.
/// @throws invalid_input if the rules are invalid.
inline table_check check_table(const table& t, const table_rules& rules) {
  validate(rules);
  table_check result;
  result.rules = rules;
  result.cells.resize(t.cells.size());
  const statistic_class kind = class_of(t.stat);
  for (std::size_t i = 0; i < t.cells.size(); ++i) {
    const table_cell& cell = t.cells[i];
    const cell_evidence& e = cell.evidence;
    cell_verdict& v = result.cells[i];
    const std::string where = "cell " + t.describe(cell);
    if (e.n_records == 0) {
      detail::add_reason(v, reason_code::zero, rules.zeros,
                         where + ": no contributors (a zero can disclose that a group lacks the attribute)");
      continue;
    }
    if (e.n_contributors < rules.min_count) {
      detail::add_reason(v, reason_code::threshold, severity::fail,
                         where + ": " + detail::contributors(t, e.n_contributors) + ", fewer than " +
                             std::to_string(rules.min_count));
    }
    if (kind != statistic_class::frequency && e.n_missing > 0) {
      detail::add_reason(v, reason_code::missing_values, rules.missing_values,
                         where + ": " + std::to_string(e.n_missing) + (e.n_missing == 1 ? " missing value" : " missing values") + " of '" + t.value_name +
                             "' left out");
    }
    switch (kind) {
      case statistic_class::frequency:
      case statistic_class::dispersion: break;
      case statistic_class::magnitude: detail::check_magnitude(t, cell, rules, v); break;
      case statistic_class::extreme:
        detail::add_reason(v, reason_code::extreme_value, rules.extremes,
                           where + ": the " + std::string(to_string(t.stat)) + " " + detail::format_number(cell.value) +
                               " is a single unit's value");
        break;
      case statistic_class::quantile: {
        const int needed = min_count_for_percentile(rules, t.percentile);
        if (e.n_contributors < needed) {
          detail::add_reason(v, reason_code::quantile_count, severity::fail,
                             where + ": the " + detail::format_number(t.percentile) + "th percentile needs at least " +
                                 std::to_string(needed) + " contributors, the cell has " +
                                 detail::contributors(t, e.n_contributors));
        }
        if (e.value_ties == 1) {
          detail::add_reason(v, reason_code::quantile_unique_value, severity::fail,
                             where + ": the published value " + detail::format_number(cell.value) +
                                 " is the value of exactly one record");
        }
        break;
      }
      case statistic_class::mode:
        if (e.mode_frequency < rules.min_count) {
          detail::add_reason(v, reason_code::mode_frequency, severity::fail,
                             where + ": the modal value " + detail::format_number(cell.value) + " is shared by " +
                                 std::to_string(e.mode_frequency) + " records, fewer than " +
                                 std::to_string(rules.min_count));
        }
        break;
    }
  }

  // Class (group) disclosure: along each dimension, a group (a line with at least one fixed
  // interior coordinate) whose contributors all, or nearly all, fall in one cell.
  const std::size_t n_dims = t.dimensions.size();
  if (rules.class_disclosure != severity::ignore && n_dims >= 2) {
    std::vector<std::size_t> radix(n_dims);
    for (std::size_t d = 0; d < n_dims; ++d) radix[d] = t.dimensions[d].labels.size() + 1;
    std::vector<std::size_t> stride(n_dims, 1);
    for (std::size_t d = n_dims - 1; d-- > 0;) stride[d] = stride[d + 1] * radix[d + 1];
    for (std::size_t d = 0; d < n_dims; ++d) {
      const std::size_t k = radix[d] - 1;
      if (k < 2) continue;
      for (std::size_t total_index = 0; total_index < t.cells.size(); ++total_index) {
        const table_cell& total = t.cells[total_index];
        if (total.coords[d] != margin_coordinate) continue;
        bool group = false;
        for (std::size_t other = 0; other < n_dims; ++other) {
          if (other != d && total.coords[other] != margin_coordinate) group = true;
        }
        if (!group || total.evidence.n_records == 0) continue;
        const auto group_size = static_cast<double>(total.evidence.n_records);
        for (std::size_t c = 0; c < k; ++c) {
          const std::size_t member_index = total_index - (k - c) * stride[d];
          const table_cell& member = t.cells[member_index];
          const double share = static_cast<double>(member.evidence.n_records) / group_size;
          if (share >= 1.0 || share > rules.class_disclosure_share) {
            const severity level = share >= 1.0 ? rules.class_disclosure : severity::review;
            detail::add_reason(result.cells[member_index], reason_code::class_disclosure, level,
                               "cell " + t.describe(member) + " holds " + detail::format_percent(share) + " of the " +
                                   std::to_string(total.evidence.n_records) + " records of " + t.describe(total) +
                                   ": the group's members are (nearly) all known to have " + t.dimensions[d].name +
                                   " = " + t.dimensions[d].labels[c]);
          }
        }
      }
    }
  }

  for (const auto& v : result.cells) {
    if (v.status == cell_status::fail) ++result.n_fail;
    if (v.status == cell_status::review) ++result.n_review;
  }
  result.status = result.n_fail > 0 ? table_status::fail : result.n_review > 0 ? table_status::review : table_status::pass;
  return result;
}

/// @brief Checks the residual degrees of freedom of a model output (regression coefficients):
/// fail if fewer than rules.min_dof.
inline cell_verdict check_residual_dof(double residual_dof, const table_rules& rules) {
  if (std::isnan(residual_dof)) {
    throw invalid_input(errc::missing_value, "the residual degrees of freedom are missing (NaN)");
  }
  cell_verdict verdict;
  if (residual_dof < rules.min_dof) {
    detail::add_reason(verdict, reason_code::threshold, severity::fail,
                       "the model has " + detail::format_number(residual_dof) +
                           " residual degrees of freedom, fewer than " + std::to_string(rules.min_dof));
  }
  return verdict;
}

}  // namespace sdc
