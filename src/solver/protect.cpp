// SPDX-License-Identifier: MIT
// The protection step of every front end (include/sdc/tables/protect.hpp): Gauss suppression,
// then the interval check and repair (src/solver/interval_repair.cpp) where the rules give levels.
#include "sdc/tables/protect.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "sdc/tables/audit.hpp"
#include "sdc/tables/interval_repair.hpp"
#include "sdc/tables/protection_options.hpp"

namespace sdc {

protect_step_result protect_with_intervals(const protection_problem& problem, const std::vector<double>& levels,
                                           bool nonnegative, const gauss_options& gauss, interval_mode mode) {
  protect_step_result out;
  out.protection = gauss_suppression(problem, gauss);
  protection_result& result = out.protection;
  if (mode == interval_mode::off || levels.empty()) return out;
  check_cell_count(levels.size(), "levels", false, result.status.size());
  bool any = false;
  for (std::size_t i = 0; i < levels.size() && !any; ++i) {
    any = result.status[i] == cell_protection::primary && levels[i] > 0;
  }
  if (!any) return out;

  interval_repair_options repair;
  repair.cost = gauss.cost;
  repair.upper_protection = repair.lower_protection = levels;
  repair.nonnegative = nonnegative;
  if (mode == interval_mode::report) repair.max_rounds = 0;
  const interval_repair_result r = repair_protection_intervals(problem, result, repair);
  result = r.protection;
  if (mode == interval_mode::repair) {
    for (auto i : r.unprotected) {
      if (std::find(result.unprotected.begin(), result.unprotected.end(), i) == result.unprotected.end()) {
        result.unprotected.push_back(i);
      }
    }
    std::sort(result.unprotected.begin(), result.unprotected.end());
  }
  interval_summary summary;
  summary.mode = mode;
  summary.too_narrow_before = r.n_unprotected_before;
  summary.added_secondary = r.n_added;
  summary.rounds = r.n_rounds;
  summary.too_narrow = r.unprotected;
  out.intervals = std::move(summary);
  return out;
}

protect_step_result protect_table_with_intervals(const table& t, const table_check& check, const table_rules& rules,
                                                 const gauss_options& gauss, interval_mode mode,
                                                 const std::vector<bool>& must_publish,
                                                 const std::vector<bool>& must_suppress) {
  protection_problem problem = protection_problem_of(t, check);
  problem.must_publish = must_publish;
  problem.must_suppress = must_suppress;
  const bool negative = has_negative_contributions(t);
  gauss_options options = gauss;
  if (negative) options.zeros_known = false;  // as protect_table
  std::vector<double> levels;
  if (mode != interval_mode::off && class_of(t.stat) == statistic_class::magnitude) {
    levels = protection_levels_from_rules(t, rules);
  }
  return protect_with_intervals(problem, levels, !negative, options, mode);
}

protect_step_result protect_system_with_intervals(const cell_system& system, const table_rules& rules,
                                                  const gauss_options& gauss, interval_mode mode,
                                                  const std::vector<bool>& must_publish,
                                                  const std::vector<bool>& must_suppress) {
  const protection_problem problem = make_protection_problem(system, must_publish, must_suppress);
  std::vector<double> levels;
  if (mode != interval_mode::off && class_of(system.stat) == statistic_class::magnitude) {
    levels = protection_levels(system, rules);
  }
  return protect_with_intervals(problem, levels, !system.negative_contributions, system_gauss_options(system, gauss),
                                mode);
}

}  // namespace sdc
