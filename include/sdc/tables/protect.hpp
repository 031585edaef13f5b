// SPDX-License-Identifier: MIT
/// @file protect.hpp
/// @brief The whole Gauss protection step every front end runs (`sdc protect`, Python's
/// `sdc.protect`, R's `sdc_protect()`), for flat tables and cell systems: Gauss secondary
/// suppression, then the check of the primary cells' protection intervals against the levels of
/// the dominance rules and, in `repair` mode, the secondary suppressions that bring each interval
/// to its levels (interval_repair.hpp).
///
/// The interval check applies where the rules give levels: sum tables and systems (counts have
/// level 0) with at least one primary cell of positive level. Elsewhere (counts, no primary cell
/// with a level, mode `off`) the result is Gauss's and `intervals` is empty. In `repair` mode a
/// primary cell still too narrow after the repair (a cell that must be published gives it away,
/// or the rounds ran out) is added to the protection's `unprotected`; in `report` mode the Gauss
/// pattern is kept and the too-narrow cells are only listed. The optimal method
/// (optimal_suppression.hpp) meets the levels itself and is not part of this step.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sdc/core/error.hpp"
#include "sdc/tables/cell_system.hpp"
#include "sdc/tables/check_table.hpp"
#include "sdc/tables/gauss_suppression.hpp"
#include "sdc/tables/table.hpp"

namespace sdc {

/// @brief What the protection step does with the primary cells' protection intervals.
enum class interval_mode {
  repair,  ///< add secondary suppressions until every interval reaches its levels (the default)
  report,  ///< only audit them: the Gauss pattern is kept, the too-narrow cells are listed
  off,     ///< neither (Gauss alone)
};

inline constexpr std::string_view to_string(interval_mode value) noexcept {
  switch (value) {
    case interval_mode::repair: return "repair";
    case interval_mode::report: return "report";
    case interval_mode::off: return "off";
  }
  return "repair";
}

/// @brief The default of every front end (`--intervals`, `intervals=`): repair.
inline constexpr interval_mode default_interval_mode = interval_mode::repair;

/// @brief Parses an interval mode name (`--intervals`, `intervals=`).
/// @throws invalid_input for an unknown name.
inline interval_mode interval_mode_from_string(std::string_view name) {
  if (name == "repair") return interval_mode::repair;
  if (name == "report") return interval_mode::report;
  if (name == "off") return interval_mode::off;
  throw invalid_input(errc::invalid_argument,
                      "intervals must be repair, report or off, got '" + std::string(name) + "'");
}

/// @brief Where the protection levels of the interval check come from (the only source today:
/// the dominance rules, protection_levels_from_rules / protection_levels).
inline constexpr std::string_view rules_levels = "rules";

/// @brief What the interval check found and did (the `intervals` object of the JSON reports).
struct interval_summary {
  interval_mode mode = default_interval_mode;
  /// Source of the levels ("rules").
  std::string levels{rules_levels};
  /// Primary cells the audit of the Gauss pattern finds exact or too narrow.
  std::size_t too_narrow_before = 0;
  /// Secondary suppressions added by the repair (0 in `report` mode).
  std::size_t added_secondary = 0;
  /// Repair rounds run.
  std::size_t rounds = 0;
  /// The primary cells still exact or too narrow at the end, in cell order (in `report` mode
  /// those of the Gauss pattern).
  std::vector<std::size_t> too_narrow;
};

/// @brief The protection step's outcome.
struct protect_step_result {
  /// The pattern (Gauss's, with the repair's secondary suppressions); in `repair` mode its
  /// `unprotected` includes the cells still too narrow.
  protection_result protection;
  /// The interval check, when it applied (sum tables or systems with a primary cell of positive
  /// level, mode not `off`).
  std::optional<interval_summary> intervals;
};

/// @brief The protection step on a protection problem whose levels are given: Gauss suppression
/// (`gauss` as given), then the interval check when `mode` is not `off` and a primary cell of the
/// Gauss pattern has a positive level.
/// @param levels required protection per cell on both sides (empty: no interval check)
/// @param nonnegative inner cells are non-negative (false with negative contributions)
/// @throws invalid_input as gauss_suppression and repair_protection_intervals.
/// @note Defined in src/solver/protect.cpp; link `sdc::solver`.
protect_step_result protect_with_intervals(const protection_problem& problem, const std::vector<double>& levels,
                                           bool nonnegative, const gauss_options& gauss,
                                           interval_mode mode = default_interval_mode);

/// @brief The protection step on a checked count or sum table (protect_table, then the
/// interval check with the levels of the rules for sums; none for counts).
/// @throws invalid_input for statistics that are not additive, mismatched lengths.
/// @note Defined in src/solver/protect.cpp.
protect_step_result protect_table_with_intervals(const table& t, const table_check& check, const table_rules& rules,
                                                 const gauss_options& gauss,
                                                 interval_mode mode = default_interval_mode,
                                                 const std::vector<bool>& must_publish = {},
                                                 const std::vector<bool>& must_suppress = {});

/// @brief The protection step on a cell system (hierarchies, linked tables): the problem of
/// make_protection_problem with the cells forced either way (protection_options.hpp), Gauss with
/// system_gauss_options, then the interval check with protection_levels(system, rules) for sums.
/// @throws invalid_input as make_protection_problem (contradictory forcing names the cells).
/// @note Defined in src/solver/protect.cpp.
protect_step_result protect_system_with_intervals(const cell_system& system, const table_rules& rules,
                                                  const gauss_options& gauss,
                                                  interval_mode mode = default_interval_mode,
                                                  const std::vector<bool>& must_publish = {},
                                                  const std::vector<bool>& must_suppress = {});

}  // namespace sdc
