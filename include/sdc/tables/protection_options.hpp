// SPDX-License-Identifier: MIT
/// @file protection_options.hpp
/// @brief The option logic shared by every front end of table protection (`sdc protect` /
/// `sdc audit`, the Python and R packages): resolving the cost "auto", the Gauss options from
/// their names, the bounds of the audit, and the overall status of a protection or an audit.
/// Kept in the core so that the CLI and the bindings cannot drift apart (their JSON reports
/// must stay identical).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sdc/core/error.hpp"
#include "sdc/tables/audit.hpp"
#include "sdc/tables/cell_system.hpp"
#include "sdc/tables/check_table.hpp"
#include "sdc/tables/gauss_suppression.hpp"
#include "sdc/tables/statistic.hpp"
#include "sdc/tables/table.hpp"

namespace sdc {

/// @brief The cost name that picks default_cost.
inline constexpr std::string_view auto_cost = "auto";

/// @brief The cost of suppressing a cell when none is chosen ("auto"): the contributors of a
/// count (suppress small cells, which a frequency table has anyway), the absolute value of a
/// sum (suppress small totals, the information loss of a magnitude table).
inline suppression_cost default_cost(statistic stat) noexcept {
  return stat == statistic::count ? suppression_cost::frequency : suppression_cost::value;
}

/// @brief Parses a cost name, "auto" giving default_cost(stat).
/// @throws invalid_input for an unknown name.
inline suppression_cost suppression_cost_for(std::string_view name, statistic stat) {
  return name == auto_cost ? default_cost(stat) : suppression_cost_from_string(name);
}

/// @brief Gauss options from the names the front ends take (`--cost`, `--singletons`,
/// `--zeros-unknown`; `cost`, `singletons`, `zeros_known`), the cost "auto" resolved for `stat`.
/// @throws invalid_input for an unknown cost or singleton method.
inline gauss_options make_gauss_options(std::string_view cost, std::string_view singletons, bool zeros_known,
                                        statistic stat) {
  gauss_options options;
  options.cost = suppression_cost_for(cost, stat);
  options.singletons = singleton_method_from_string(singletons);
  options.zeros_known = zeros_known;
  return options;
}

/// @brief Checks that a per-cell vector has one entry per cell (or is empty when `optional`).
/// @param what the vector's name, for the message
/// @throws invalid_input (length_mismatch) "WHAT has N entries for a table of M cells".
inline void check_cell_count(std::size_t size, std::string_view what, bool optional, std::size_t n_cells) {
  if ((optional && size == 0) || size == n_cells) return;
  throw invalid_input(errc::length_mismatch, std::string(what) + " has " + std::to_string(size) +
                                                 " entries for a table of " + std::to_string(n_cells) + " cells");
}

/// @brief Checks the per-cell vectors of a protection problem against its number of cells:
/// `values` and `primary` one per cell, `frequencies`, `must_publish` and `must_suppress` one
/// per cell or empty (shared by the solvers: interval repair, optimal suppression).
/// @throws invalid_input (length_mismatch) naming the vector.
inline void check_problem_lengths(const protection_problem& problem, std::size_t n_cells) {
  check_cell_count(problem.values.size(), "values", false, n_cells);
  check_cell_count(problem.frequencies.size(), "frequencies", true, n_cells);
  check_cell_count(problem.primary.size(), "primary", false, n_cells);
  check_cell_count(problem.must_publish.size(), "must_publish", true, n_cells);
  check_cell_count(problem.must_suppress.size(), "must_suppress", true, n_cells);
}

/// @brief Overall status of a protected table: `fail` when a primary cell stays derivable,
/// `review` when a published cell needs review by the rules, else `pass`.
/// @throws invalid_input when the result and the check have different lengths.
inline table_status protection_status(const protection_result& result, const table_check& check) {
  if (result.status.size() != check.cells.size()) {
    throw invalid_input(errc::length_mismatch, "the protection has " + std::to_string(result.status.size()) +
                                                   " cells, the check " + std::to_string(check.cells.size()));
  }
  if (!result.unprotected.empty()) return table_status::fail;
  for (std::size_t i = 0; i < check.cells.size(); ++i) {
    if (result.status[i] == cell_protection::published && check.cells[i].status == cell_status::review) {
      return table_status::review;
    }
  }
  return table_status::pass;
}

/// @brief Overall status of a protected cell system, as for a table (hidden cells are never
/// published, so only the outputs' cells can need review).
/// @throws invalid_input when the result does not have one status per cell of the system.
inline table_status protection_status(const protection_result& result, const cell_system& system) {
  if (result.status.size() != system.cells.size()) {
    throw invalid_input(errc::length_mismatch, "the protection has " + std::to_string(result.status.size()) +
                                                   " cells, the system " + std::to_string(system.cells.size()));
  }
  if (!result.unprotected.empty()) return table_status::fail;
  for (std::size_t i = 0; i < system.cells.size(); ++i) {
    if (result.status[i] == cell_protection::published && !system.cells[i].hidden &&
        system.cells[i].verdict.status == cell_status::review) {
      return table_status::review;
    }
  }
  return table_status::pass;
}

/// @brief Overall status of an audit: `fail` when a primary cell is disclosed exactly or
/// narrower than its protection, else `pass` (an audit has no `review`).
inline table_status audit_status(const audit_result& result) noexcept {
  return result.n_primary_exact > 0 || result.n_primary_unprotected > 0 ? table_status::fail : table_status::pass;
}

/// @brief The audit options for a table: as given, except that the bound 0 on suppressed cells
/// (`nonnegative`) is dropped when a contribution or a value is negative, since the intruder
/// then knows no such bound (an interval computed with it could be reported too narrow, or a
/// cell too well protected).
inline audit_options audit_options_for(const table& t, audit_options options = {}) {
  if (has_negative_contributions(t)) options.nonnegative = false;
  return options;
}

/// @brief The audit options for a cell system: as for a table, from the system's contributions.
inline audit_options audit_options_for(const cell_system& system, audit_options options = {}) {
  if (system.negative_contributions) options.nonnegative = false;
  return options;
}

/// @brief Cells named for a message: the first few descriptions, then how many more.
inline std::string describe_cells(const cell_system& system, const std::vector<std::size_t>& cells,
                                  std::size_t shown = 5) {
  std::string text;
  for (std::size_t k = 0; k < cells.size() && k < shown; ++k) {
    text += (k ? "; " : "") + system.cells[cells[k]].description;
  }
  if (cells.size() > shown) text += "; and " + std::to_string(cells.size() - shown) + " more";
  return text;
}

/// @brief The protection problem of a cell system with cells forced either way (a pattern to
/// start from, cells the owner wants published), checked before any work: hidden cells are
/// never published and the failing ones are primary (make_protection_problem), `must_suppress`
/// cells become forced secondary suppressions.
/// @param must_publish cells that must be published (empty: none)
/// @param must_suppress cells that must be suppressed (empty: none)
/// @throws invalid_input for flags of another length, and, naming every offending cell, for
///   cells forced both ways, primary cells (failing the rules) forced published, and hidden
///   cells forced published: no pattern can satisfy such a request.
inline protection_problem make_protection_problem(const cell_system& system, const std::vector<bool>& must_publish,
                                                  const std::vector<bool>& must_suppress) {
  const std::size_t m = system.cells.size();
  auto check_length = [m](const std::vector<bool>& flags, const char* what) {
    if (!flags.empty() && flags.size() != m) {
      throw invalid_input(errc::length_mismatch, std::string(what) + " has " + std::to_string(flags.size()) +
                                                     " flags for a system of " + std::to_string(m) + " cells");
    }
  };
  check_length(must_publish, "must_publish");
  check_length(must_suppress, "must_suppress");
  auto flag = [](const std::vector<bool>& flags, std::size_t i) { return !flags.empty() && flags[i]; };
  std::vector<std::size_t> both, primary, hidden;
  for (std::size_t i = 0; i < m; ++i) {
    if (!flag(must_publish, i)) continue;
    if (flag(must_suppress, i)) both.push_back(i);
    if (system.cells[i].hidden) {
      hidden.push_back(i);
    } else if (system.cells[i].primary) {
      primary.push_back(i);
    }
  }
  if (!both.empty()) {
    throw invalid_input(errc::invalid_argument, "forced both published and suppressed: " + describe_cells(system, both));
  }
  if (!primary.empty()) {
    throw invalid_input(errc::invalid_argument,
                        "cells failing the rules (primary suppressions) cannot be forced published: " +
                            describe_cells(system, primary));
  }
  if (!hidden.empty()) {
    throw invalid_input(errc::invalid_argument,
                        "hidden cells (no output publishes them) cannot be forced published: " +
                            describe_cells(system, hidden));
  }
  protection_problem problem = make_protection_problem(system, must_publish);
  for (std::size_t i = 0; i < m; ++i) {
    if (flag(must_suppress, i) && !system.cells[i].primary) problem.must_suppress[i] = true;
  }
  return problem;
}

}  // namespace sdc
