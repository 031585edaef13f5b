// SPDX-License-Identifier: MIT
/// @file table_columns.hpp
/// @brief A checked table as columns (one entry per cell) and its reasons in long form: the
/// shape a data frame wants, so the bindings convert vectors and never loop over cells.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sdc/tables/check_table.hpp"
#include "sdc/tables/table.hpp"

namespace sdc {

/// @brief Every cell of a checked table, column by column, in the order of table::cells.
struct table_columns {
  std::vector<std::string> dimension_names;       ///< one per spanning variable
  /// Per dimension, per cell: the category label, or total_label in a margin position.
  std::vector<std::vector<std::string>> labels;
  std::vector<bool> margin;                       ///< the cell is a margin (some coordinate is)
  std::vector<double> value;                      ///< the statistic (NaN if not computable)
  std::vector<std::int64_t> n;                    ///< contributors the threshold counts
  std::vector<std::int64_t> records;              ///< records (unweighted)
  std::vector<std::int64_t> units;                ///< distinct units
  std::vector<std::int64_t> holdings;             ///< distinct holdings
  std::vector<double> weighted_count;             ///< sum of weights
  std::vector<std::int64_t> missing_values;       ///< records with a missing value variable
  std::vector<std::int64_t> negative_values;      ///< records with a negative value
  std::vector<double> top1;                       ///< largest contribution (NaN if unknown)
  std::vector<double> top2;                       ///< second largest (NaN if unknown or none)
  std::vector<double> dominance_total;            ///< total the dominance rules use (NaN if unknown)
  std::vector<std::string> status;                ///< ok, review or fail
  std::vector<bool> suppressed;                   ///< masked in the published table
  std::vector<std::string> reasons;               ///< reason codes of the cell, joined by "; "
  std::size_t size() const noexcept { return status.size(); }
};

/// @brief The reasons of every cell, one row per reason.
struct reason_columns {
  std::vector<std::int64_t> cell;       ///< position of the cell in table::cells (0-based)
  std::vector<std::string> code;        ///< stable reason code (to_string(reason_code))
  std::vector<std::string> severity;    ///< review or fail
  std::vector<std::string> message;     ///< the sentence for a person
};

/// @brief The cells of a checked table as columns.
/// @param t the table
/// @param check its verdicts (check_table, possibly updated by apply_primary_suppression)
/// @param total_label the label written in margin positions
/// @throws invalid_input (errc::length_mismatch) if check does not belong to t
inline table_columns to_columns(const table& t, const table_check& check, const std::string& total_label = "Total") {
  if (check.cells.size() != t.cells.size()) {
    throw invalid_input(errc::length_mismatch, "the check has " + std::to_string(check.cells.size()) +
                                                   " verdicts for a table of " + std::to_string(t.cells.size()) +
                                                   " cells");
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::size_t n_cells = t.cells.size();
  const std::size_t n_dims = t.dimensions.size();
  table_columns out;
  for (const auto& d : t.dimensions) out.dimension_names.push_back(d.name);
  out.labels.assign(n_dims, std::vector<std::string>(n_cells));
  out.margin.resize(n_cells);
  out.value.resize(n_cells);
  out.n.resize(n_cells);
  out.records.resize(n_cells);
  out.units.resize(n_cells);
  out.holdings.resize(n_cells);
  out.weighted_count.resize(n_cells);
  out.missing_values.resize(n_cells);
  out.negative_values.resize(n_cells);
  out.top1.resize(n_cells);
  out.top2.resize(n_cells);
  out.dominance_total.resize(n_cells);
  out.status.resize(n_cells);
  out.suppressed.resize(n_cells);
  out.reasons.resize(n_cells);
  for (std::size_t i = 0; i < n_cells; ++i) {
    const table_cell& cell = t.cells[i];
    const cell_evidence& e = cell.evidence;
    const cell_verdict& verdict = check.cells[i];
    for (std::size_t d = 0; d < n_dims; ++d) {
      out.labels[d][i] = cell.coords[d] == margin_coordinate
                             ? total_label
                             : t.dimensions[d].labels[static_cast<std::size_t>(cell.coords[d])];
    }
    out.margin[i] = cell.is_margin();
    out.value[i] = cell.value;
    out.n[i] = e.n_contributors;
    out.records[i] = e.n_records;
    out.units[i] = e.n_units;
    out.holdings[i] = e.n_holdings;
    out.weighted_count[i] = e.weighted_count;
    out.missing_values[i] = e.n_missing;
    out.negative_values[i] = e.n_negative;
    const bool top_known = e.has_top_contributions;
    out.top1[i] = top_known ? (e.top_contributions.empty() ? 0.0 : e.top_contributions[0]) : nan;
    out.top2[i] = top_known ? (e.top_contributions.size() < 2 ? 0.0 : e.top_contributions[1]) : nan;
    out.dominance_total[i] = e.has_sum ? e.dominance_total : nan;
    out.status[i] = std::string(to_string(verdict.status));
    out.suppressed[i] = verdict.suppressed;
    for (const auto& r : verdict.reasons) {
      if (!out.reasons[i].empty()) out.reasons[i] += "; ";
      out.reasons[i] += to_string(r.code);
    }
  }
  return out;
}

/// @brief The reasons of every cell in long form (cells in table order, reasons in the order
/// the rules found them).
inline reason_columns reasons_to_columns(const table_check& check) {
  reason_columns out;
  for (std::size_t i = 0; i < check.cells.size(); ++i) {
    for (const auto& r : check.cells[i].reasons) {
      out.cell.push_back(static_cast<std::int64_t>(i));
      out.code.emplace_back(to_string(r.code));
      out.severity.emplace_back(to_string(r.level));
      out.message.push_back(r.message);
    }
  }
  return out;
}

}  // namespace sdc
