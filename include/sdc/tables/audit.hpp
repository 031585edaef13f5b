// SPDX-License-Identifier: MIT
/// @file audit.hpp
/// @brief Audit of a suppressed table: for every suppressed cell, the interval an intruder can
/// compute from the published cells and the table's additivity (tau-ARGUS "Intervalle",
/// sdcTable `attack()`).
///
/// For each suppressed cell two linear programs are solved: min and max of the cell subject to
/// `A x = 0` (every margin is the sum of its members), the published cells fixed at their
/// values, and bounds on the suppressed cells (`x >= 0` by default). The solver (COIN-OR Clp)
/// is compiled into the `sdc_solver` library (src/solver/audit.cpp); this header only declares
/// the entry point, plus the header-only helpers for protection levels.
///
/// General cell systems (hierarchical spanning variables, linked tables sharing cells, several
/// outputs of one project) are given by their model matrix X (inner cells x cells, `x = X' y`,
/// as in gauss_suppression.hpp). Then the intruder's unknowns are the inner cells y: bounds
/// `y >= 0` when `nonnegative` (else free), every published cell fixed (`X_j' y = x_j`), and
/// each suppressed cell p gets min and max of `X_p' y`. This sees everything the published
/// cells of all outputs say together, so differencing between tables (a subgroup's table and
/// the whole, two tables sharing a margin) is part of the intervals. Zero inner cells need no
/// special case here: a published cell of value 0 pins its inner cells at 0 through `y >= 0`,
/// while a zero inner cell that no published cell pins stays free to grow. Inner cells
/// that are not rows of X do not exist for the audit (structural zeros). Explicit cell bounds
/// (`lower_bounds`, `upper_bounds`) become constraints on the suppressed cells' sums; the
/// bounds of the inner cells come from `nonnegative` only. For tables given by `categories`
/// the relation formulation above is kept (the same intervals for non-negative tables; it is
/// the one tested against sdcTable's attack()).
///
/// Blocks: inner cells fixed by the published cells alone are substituted first (a published
/// cell with one unknown inner cell left, or a published 0 over non-negative inner cells),
/// which checks additivity cell by cell; the remaining inner cells split into blocks linked by
/// a published or suppressed cell, each with its own warm-started solver.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/SparseCore>

#include "sdc/core/error.hpp"
#include "sdc/tables/linear_relations.hpp"
#include "sdc/tables/rules.hpp"
#include "sdc/tables/table.hpp"

namespace sdc {

/// @brief A suppressed table to audit (cells in row-major order over 0..K_d with the margin
/// last, as in sdc::table), or a suppressed cell system given by its model matrix.
struct audit_problem {
  std::vector<std::size_t> categories;   ///< K_d per dimension (1 to 4 dimensions)
  /// Model matrix X (inner cells x cells) of a general cell system (see protection_problem);
  /// when non-empty (at least one column) the intruder's unknowns are the inner cells
  /// (`x = X' y`, bounds on y) and `categories` is ignored. Entries must be 0 or 1.
  Eigen::SparseMatrix<double> model_matrix;
  std::vector<double> values;            ///< true cell values (the audit knows them all)
  std::vector<bool> suppressed;          ///< cells not published
  std::vector<bool> primary;             ///< suppressed cells that must be protected (empty: none)
  std::vector<double> lower_bounds;      ///< intruder's lower bound per cell (empty: see options)
  std::vector<double> upper_bounds;      ///< intruder's upper bound per cell (empty: +infinity)
  std::vector<double> lower_protection;  ///< required `value - lower` per cell (empty: 0)
  std::vector<double> upper_protection;  ///< required `upper - value` per cell (empty: 0)
};

/// @brief Options of the audit.
struct audit_options {
  /// Without explicit lower bounds, suppressed cells are bounded below by 0 (true for counts and
  /// for sums of non-negative contributions); false leaves them unbounded.
  bool nonnegative = true;
  /// Sliding protection level: a primary cell also needs `value - lower` and `upper - value` of
  /// at least this percentage of its absolute value (0: none).
  double sliding_percent = 0.0;
  /// Relative tolerance of "exact" (`upper - lower <= tolerance * max(1, |value|)`) and of the
  /// protection comparisons.
  double tolerance = 1e-6;
  /// Audit only the primary cells: two LPs per primary cell instead of per suppressed cell;
  /// the other suppressed cells stay unknowns of the intruder's system but are left out of
  /// `cells` and the counts. The interval repair needs only these (on a project with filters
  /// most suppressed cells are hidden, non-primary ones).
  bool primary_only = false;
};

/// @brief What an intruder can compute about one suppressed cell.
struct cell_interval {
  std::size_t cell = 0;         ///< position in the table
  double value = 0.0;           ///< true value
  double lower = 0.0;           ///< smallest value consistent with the published table
  double upper = 0.0;           ///< largest value (+infinity if unbounded)
  bool primary = false;         ///< a primary suppression
  bool exact = false;           ///< `upper - lower` is ~0: the cell is disclosed
  double required_lower = 0.0;  ///< protection needed below the value (after capping at the bound)
  double required_upper = 0.0;  ///< protection needed above the value
  /// Not exact, and the interval reaches at least the required distance on both sides.
  bool is_protected = false;
};

/// @brief Outcome of an audit.
struct audit_result {
  std::vector<cell_interval> cells;          ///< one per suppressed cell, in table order
  std::size_t n_exact = 0;                   ///< suppressed cells disclosed exactly
  std::size_t n_primary_exact = 0;           ///< primary cells disclosed exactly
  std::size_t n_primary_unprotected = 0;     ///< primary cells whose interval is too narrow
  std::size_t n_linear_programs = 0;         ///< LPs solved
};

/// @brief Computes the feasible interval of every suppressed cell by linear programming
/// (COIN-OR Clp, one solver object per independent block of cells, no output).
/// @throws invalid_input for mismatched lengths, a value that is not finite, a model matrix
///   entry other than 0 and 1, or published cells that are not additive (no value of the
///   suppressed cells, or of the inner cells, satisfies the relations and bounds; the message
///   names a cell). With a model matrix the suppressed cells' own values must also fit.
/// @note Defined in src/solver/audit.cpp; link `sdc::solver`.
audit_result audit_suppression(const audit_problem& problem, const audit_options& options = {});

/// @brief Required protection per cell (both sides) from the dominance rules of a magnitude
/// table (methods.md 1.4): the largest of `(100/k) * (x(1) + ... + x(n)) - X` over the (n,k)
/// rules, `p/100 * x(1) - (X - x(1) - x(2))` for the p% rule and `p/q * x(1) - (X - x(1) -
/// x(2))` for the pq rule, or 0 where no rule applies or the cell is safe. The lower
/// protection level is taken equal to the upper one (tau-ARGUS's default symmetric levels).
inline std::vector<double> protection_levels_from_rules(const table& t, const table_rules& rules) {
  std::vector<double> level(t.cells.size(), 0.0);
  if (class_of(t.stat) != statistic_class::magnitude) return level;
  for (std::size_t i = 0; i < t.cells.size(); ++i) {
    const cell_evidence& e = t.cells[i].evidence;
    if (!e.has_sum || !e.has_top_contributions) continue;
    const auto& top = e.top_contributions;
    const double total = e.dominance_total;
    auto top_sum = [&](int n) {
      double s = 0.0;
      for (int j = 0; j < n && j < static_cast<int>(top.size()); ++j) s += top[static_cast<std::size_t>(j)];
      return s;
    };
    double needed = 0.0;
    for (const auto& rule : rules.nk_rules) needed = std::max(needed, 100.0 / rule.k * top_sum(rule.n) - total);
    const double x1 = top_sum(1), rest = total - top_sum(2);
    if (rules.p_percent) needed = std::max(needed, *rules.p_percent / 100.0 * x1 - rest);
    if (rules.pq) needed = std::max(needed, rules.pq->p / rules.pq->q * x1 - rest);
    level[i] = needed;
  }
  return level;
}

/// @brief An audit problem for a table whose suppressed cells are given: values from the
/// table, default bounds; protection levels are left empty (set them with
/// protection_levels_from_rules or options.sliding_percent).
/// @throws invalid_input for mismatched lengths.
inline audit_problem make_audit_problem(const table& t, const std::vector<bool>& suppressed,
                                        const std::vector<bool>& primary) {
  if (suppressed.size() != t.cells.size() || (!primary.empty() && primary.size() != t.cells.size())) {
    throw invalid_input(errc::length_mismatch, "the suppression flags do not match the " +
                                                   std::to_string(t.cells.size()) + " cells of the table");
  }
  audit_problem problem;
  problem.categories = table_categories(t);
  problem.values.reserve(t.cells.size());
  for (const auto& cell : t.cells) problem.values.push_back(std::isnan(cell.value) ? 0.0 : cell.value);
  problem.suppressed = suppressed;
  problem.primary = primary;
  return problem;
}

}  // namespace sdc
