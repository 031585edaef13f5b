// SPDX-License-Identifier: MIT
/// @file interval_repair.hpp
/// @brief Repair of a suppression pattern whose primary cells an intruder can narrow down too
/// far: extra (secondary) suppressions until the audit's interval of every primary cell reaches
/// its protection levels.
///
/// Gauss suppression (gauss_suppression.hpp) guarantees that no primary cell is computed
/// exactly, but on magnitude tables the interval an intruder derives by linear programming
/// (audit.hpp) can still lie inside the cell's protection interval `[x_p - LPL_p, x_p + UPL_p]`
/// (the levels of the dominance rules, protection_levels_from_rules). This is the classical
/// post-processing of Fischetti and Salazar-Gonzalez's heuristic (as in tau-ARGUS): for each
/// primary cell p and each side where the audit finds the interval too narrow, one linear
/// program looks for values of the inner cells `y` that an intruder could not rule out if a few
/// more cells were suppressed:
///
///     minimise   sum_j c_j (d+_j + d-_j)            over published cells j (suppressed: free)
///     subject to X_j' y - d+_j + d-_j = x_j         published cell j (d = 0 if it must be published)
///                X_p' y >= x_p + UPL_p              (upward side; downward: X_p' y <= x_p - LPL_p)
///                y >= 0 (non-negative tables), d+, d- >= 0.
///
/// Every published cell with a deviation `d+ + d-` above the tolerance is suppressed. The LP's
/// `y` then satisfies every cell that stays published, so the audit's maximum (minimum) of p is
/// at least `x_p + UPL_p` (at most `x_p - LPL_p`): the side is repaired by construction, and
/// since cells are only ever added to the suppressed set, no interval narrows, no cell that was
/// not derivable becomes derivable (the exact-disclosure and singleton guarantees of the start
/// pattern are kept), and sides repaired earlier stay repaired. Already suppressed cells move
/// for free, so later primaries reuse the suppressions of earlier ones. An infeasible LP proves
/// that no pattern respecting the cells that must be published protects that side. Costs per
/// unit of deviation are the suppression costs (value, frequency, unity or explicit), cells of
/// cost 0 getting a small positive one so that nothing is suppressed for nothing.
///
/// The loop: audit, repair every failing side (primary cells in table order, upward side
/// first, each LP seeing the cells suppressed so far), audit again; at most `max_rounds`
/// rounds (numerical tolerance can leave a side just short once; a round that adds nothing
/// stops). The final audit is returned; primary cells it still finds exact or too narrow are
/// listed in `unprotected`. Deterministic: Clp with log level 0, no random choices, one solver
/// object per call (no global state).
///
/// The problem is a flat table (`categories`) or any cell system (`model_matrix`, hierarchies,
/// linked tables, several outputs of a project: cell_system.hpp's make_protection_problem).
/// The pattern is not minimal: a cell suppressed for one primary may become unnecessary once
/// others are suppressed (no clean-up pass).
#pragma once

#include <cstddef>
#include <vector>

#include "sdc/tables/audit.hpp"
#include "sdc/tables/gauss_suppression.hpp"

namespace sdc {

/// @brief Options of the interval repair.
struct interval_repair_options {
  /// Cost per unit of deviation of a published cell (as in Gauss suppression): |value|,
  /// frequency (problem.frequencies) or 1. Ignored when `costs` is given.
  suppression_cost cost = suppression_cost::value;
  /// Explicit non-negative cost per cell (empty: from `cost`).
  std::vector<double> costs;
  /// Required `upper - value` per cell (empty: 1 for every primary cell, as
  /// default_protection_levels of optimal_suppression.hpp).
  std::vector<double> upper_protection;
  /// Required `value - lower` per cell (empty: 1, at most the value, for every primary cell);
  /// capped at the value when `nonnegative` (nothing lies below 0).
  std::vector<double> lower_protection;
  /// Sliding protection level in percent of the cell's absolute value (audit_options).
  double sliding_percent = 0.0;
  /// Inner cells are non-negative (counts, sums of non-negative contributions); false: free.
  bool nonnegative = true;
  /// Largest number of repair rounds (0: only the audit, nothing is added).
  std::size_t max_rounds = 5;
  /// Relative tolerance of the audit (audit_options::tolerance); the repair aims this much
  /// (times max(1, |value|)) beyond each level so that solver noise never leaves a side short.
  double tolerance = 1e-6;
};

/// @brief Outcome of the interval repair.
struct interval_repair_result {
  /// The start pattern with the added secondary suppressions (`n_secondary` updated;
  /// `unprotected` and `conflicts` as in the start).
  protection_result protection;
  /// Cells turned from published to secondary.
  std::size_t n_added = 0;
  /// Repair rounds run (0: the first audit passed, or max_rounds is 0).
  std::size_t n_rounds = 0;
  /// Primary cells the first audit found exact or too narrow (before any repair).
  std::size_t n_unprotected_before = 0;
  /// Primary cells the final audit finds exact or too narrow (none unless a cell that must be
  /// published gives them away, or the rounds ran out), in table order.
  std::vector<std::size_t> unprotected;
  /// Primary cells for which a repair LP was infeasible: no pattern respecting the cells that
  /// must be published reaches the level on one side (a subset of `unprotected`).
  std::vector<std::size_t> unprotectable;
  /// Repair LPs solved (audits not included).
  std::size_t n_linear_programs = 0;
  /// Protection levels used per cell (after defaults).
  std::vector<double> lower_protection;
  std::vector<double> upper_protection;
  /// The audit of the final pattern, of its primary cells only (audit_options::primary_only;
  /// those outside `unprotected` are protected).
  audit_result audit;
};

/// @brief Adds secondary suppressions to `start` until every primary cell's audit interval
/// reaches its protection levels (see the file comment).
/// @param problem the cells (table shape or model matrix), values, frequencies, primary cells,
///   cells that must be published or suppressed
/// @param start the current pattern, e.g. gauss_suppression's result (one status per cell;
///   `primary` exactly for the problem's primary cells)
/// @throws invalid_input for mismatched lengths, a status inconsistent with the primary flags,
///   a suppressed cell that must be published, negative levels or costs, or a table the audit
///   rejects (not additive).
/// @note Defined in src/solver/interval_repair.cpp; link `sdc::solver`.
interval_repair_result repair_protection_intervals(const protection_problem& problem, const protection_result& start,
                                                   const interval_repair_options& options = {});

}  // namespace sdc
