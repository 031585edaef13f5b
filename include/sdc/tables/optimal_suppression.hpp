// SPDX-License-Identifier: MIT
/// @file optimal_suppression.hpp
/// @brief Optimal secondary suppression: the pattern of least total cost under which every
/// primary cell keeps its protection interval, found by mixed-integer programming (COIN-OR
/// Cbc) for tables small enough.
///
/// Model (the compact form of Fischetti and Salazar-Gonzalez, "Models and algorithms for
/// optimizing cell suppression in tabular data with linear constraints", JASA 2000): a binary
/// `s_j` per cell (1 = suppressed) and, for every primary cell p and each direction, a copy `y`
/// of the inner cells chosen by an intruder who must stay consistent with the published cells:
///
///     minimise   sum_j cost_j s_j
///     subject to X_j' y - x_j <= M_up_j s_j   and   x_j - X_j' y <= M_down_j s_j   (every cell j)
///                X_p' y >= x_p + UPL_p   (upward copy)  or  X_p' y <= x_p - LPL_p   (downward)
///                y >= 0 (non-negative tables), s_p = 1 for primary and forced-suppressed cells,
///                s_j = 0 for cells that must be published.
///
/// A published cell (s_j = 0) is fixed at its value in every copy; a suppressed one may move by
/// at most M. With y >= 0, `M_down_j = x_j` is exact. `M_up_j` is the intruder's a-priori upper
/// bound on a cell minus its value, taken as the largest cell value of the table (the grand total
/// when the table has one) but at least the largest protection level: bounding the intruder can
/// only make the model ask for more suppression, never accept a pattern the unbounded audit
/// (audit.hpp) would reject.
///
/// Protection levels: for counts (no levels given) every primary cell needs 1 above and 1 below
/// its value (below: at most the value itself, the bound 0), so its interval is never a point;
/// for magnitude tables protection_levels_from_rules (audit.hpp) gives the dominance levels.
/// Any level below `minimum_level` is raised to it on the upward side.
///
/// Not covered: singleton coalitions (a contributor who knows his own cell; Gauss suppression
/// handles them), and hierarchies or linked tables other than through `model_matrix`.
///
/// The solver is compiled into `sdc_solver` (src/solver/optimal_suppression.cpp): one CbcModel
/// per call, single thread, fixed seed, every log level 0 (nothing is printed).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "sdc/core/error.hpp"
#include "sdc/tables/audit.hpp"
#include "sdc/tables/check_table.hpp"
#include "sdc/tables/gauss_suppression.hpp"
#include "sdc/tables/rules.hpp"
#include "sdc/tables/table.hpp"

namespace sdc {

/// @brief Options of optimal suppression.
struct optimal_options {
  /// What a suppressed cell costs (as in Gauss suppression): |value|, frequency or 1.
  suppression_cost cost = suppression_cost::value;
  /// Required `upper - value` per cell (empty: default_protection_levels).
  std::vector<double> upper_protection;
  /// Required `value - lower` per cell (empty: default_protection_levels); capped at the value
  /// when `nonnegative` (nothing lies below 0).
  std::vector<double> lower_protection;
  /// Smallest upward level of a primary cell, so that no protected interval is a point.
  double minimum_level = 1.0;
  /// In the copy protecting primary p on one side, the intruder moves no cell by more than this
  /// factor times p's level on that side (0: only the table-wide bound). Tighter bounds make the
  /// relaxation much stronger; they restrict the intruder, so they can cost optimality, never
  /// safety. In 2-D tables a factor of 1 loses nothing (an intruder's move decomposes into cycles
  /// through p, each changing every cell by as much as p).
  double deviation_factor = 2.0;
  /// The intruder knows every inner cell is >= 0 (counts, sums of non-negative contributions).
  bool nonnegative = true;
  /// Wall-clock limit of the branch and bound in seconds (<= 0: none). A search stopped by it
  /// returns the best pattern found so far, `proven_optimal` false; the result then depends on
  /// the machine's speed.
  double time_limit_seconds = 60.0;
  /// Largest table (cells, margins included) accepted.
  std::size_t max_cells = 5000;
  /// Largest model accepted: 2 x primary cells x inner cells intruder variables.
  std::size_t max_intruder_variables = 400000;
  /// Seed of the solver's random choices (runs with the same seed and no time limit reached
  /// give the same pattern).
  int seed = 20240611;
  /// Start from the Gauss suppression pattern (gauss_suppression with the same cost, singletons
  /// not handled) when it meets the protection levels: the result then never costs more than it.
  bool start_from_gauss = true;
};

/// @brief Outcome of optimal suppression.
struct optimal_result {
  /// Per-cell status, counts; `unprotected` lists primary cells that no pattern can protect
  /// (e.g. because of cells that must be published) and, if no pattern was found within the
  /// time limit, every primary cell.
  protection_result protection;
  /// Total cost of the secondary suppressions (forced ones included).
  double objective = 0.0;
  /// Lower bound on the cost of any pattern protecting the same cells (equals `objective` up
  /// to the solver's tolerance when `proven_optimal`).
  double bound = 0.0;
  /// The search finished: no cheaper pattern exists.
  bool proven_optimal = false;
  /// A pattern meeting every satisfiable protection requirement was found.
  bool solution_found = false;
  /// The search started from the Gauss pattern.
  bool started_from_gauss = false;
  /// Branch-and-bound nodes explored.
  std::size_t n_nodes = 0;
  /// Protection levels used per cell (after defaults, capping and `minimum_level`).
  std::vector<double> upper_protection;
  std::vector<double> lower_protection;
};

/// @brief The default protection levels of a problem: 1 above and 1 below every primary cell
/// (below: at most its value when `nonnegative`), 0 elsewhere. Counts are integers, so a level
/// of 1 is the smallest that makes the interval non-degenerate.
/// @return {lower, upper}, one entry per cell.
inline std::pair<std::vector<double>, std::vector<double>> default_protection_levels(const protection_problem& problem,
                                                                                     bool nonnegative = true) {
  std::vector<double> lower(problem.values.size(), 0.0), upper(problem.values.size(), 0.0);
  for (std::size_t i = 0; i < problem.values.size() && i < problem.primary.size(); ++i) {
    if (!problem.primary[i]) continue;
    upper[i] = 1.0;
    lower[i] = nonnegative ? std::min(1.0, std::max(0.0, problem.values[i])) : 1.0;
  }
  return {lower, upper};
}

/// @brief Chooses the cheapest secondary suppressions that give every primary cell its
/// protection interval against an intruder who knows the published cells, the table's
/// additivity and (by default) that inner cells are non-negative.
/// @throws invalid_input for mismatched lengths, a cell both forced published and suppressed
///   (or primary), negative values with `nonnegative`, negative levels, or a table above
///   `max_cells` / `max_intruder_variables` (the message names the size).
/// @note Defined in src/solver/optimal_suppression.cpp; link `sdc::solver`.
optimal_result optimal_suppression(const protection_problem& problem, const optimal_options& options = {});

/// @brief Optimal suppression of a checked count or sum table: failing cells are primary,
/// costs from the table's values or contributor counts, levels from the dominance rules for
/// magnitude tables (protection_levels_from_rules, symmetric) and the defaults for counts;
/// `nonnegative` is switched off when a contribution is negative. Levels already set in
/// `options` are kept.
/// @throws invalid_input for statistics that are not additive or mismatched lengths.
inline optimal_result protect_table_optimal(const table& t, const table_check& check, const table_rules& rules,
                                            optimal_options options = {}, const std::vector<bool>& must_publish = {},
                                            const std::vector<bool>& must_suppress = {}) {
  protection_problem problem = protection_problem_of(t, check);
  if (has_negative_contributions(t)) options.nonnegative = false;
  problem.must_publish = must_publish;
  problem.must_suppress = must_suppress;
  if (class_of(t.stat) == statistic_class::magnitude && options.upper_protection.empty() &&
      options.lower_protection.empty()) {
    const std::vector<double> level = protection_levels_from_rules(t, rules);
    options.upper_protection = level;
    options.lower_protection = level;
  }
  return optimal_suppression(problem, options);
}

}  // namespace sdc
