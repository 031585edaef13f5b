// SPDX-License-Identifier: MIT
/// @file table.hpp
/// @brief Tables of 1 to 4 spanning variables with all margins, where every cell carries the
/// evidence the disclosure rules need (methods.md 1.1: within-process checking).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "sdc/core/error.hpp"
#include "sdc/tables/statistic.hpp"

namespace sdc {

/// @brief Coordinate of a cell in a dimension summed over (a margin, "Total").
inline constexpr std::int32_t margin_coordinate = -1;

/// @brief A spanning variable of a table: its name and category labels (without the total).
struct table_dimension {
  std::string name;
  std::vector<std::string> labels;
};

/// @brief What a rule needs to know about a cell, computed at source.
///
/// "Contributors" are the units the threshold counts and the dominance rules compare: distinct
/// holdings when a holding variable was given, else distinct units when a unit variable was
/// given, else records.
struct cell_evidence {
  std::int64_t n_records = 0;        ///< records in the cell (unweighted)
  std::int64_t n_units = 0;          ///< distinct units (equals n_records without a unit id)
  std::int64_t n_holdings = 0;       ///< distinct holdings (equals n_units without a holding id)
  std::int64_t n_contributors = 0;   ///< what the threshold counts (see above)
  double weighted_count = 0.0;       ///< sum of weights (equals n_records without weights)
  std::int64_t n_values = 0;         ///< records with a non-missing value
  std::int64_t n_negative = 0;       ///< records with a negative value
  std::int64_t n_missing = 0;        ///< records whose value is missing (NaN)
  double sum = 0.0;                  ///< unweighted sum of the non-missing values
  double weighted_sum = 0.0;         ///< weighted sum (equals sum without weights)
  double min = std::numeric_limits<double>::quiet_NaN();  ///< smallest value
  double max = std::numeric_limits<double>::quiet_NaN();  ///< largest value
  /// Total the dominance rules compare with: sum of absolute contributions, weighted under
  /// the replicated convention.
  double dominance_total = 0.0;
  /// Largest absolute contributions at contributor level, largest first (at most the number
  /// the rules need). Under the replicated convention a record of weight w fills w places.
  std::vector<double> top_contributions;
  std::int64_t mode_frequency = 0;   ///< records having the modal value (mode tables)
  std::int64_t value_ties = 0;       ///< records whose value equals the published value
  bool has_sum = true;               ///< false for aggregated tables given without sums
  bool has_top_contributions = true; ///< false when top contributions are unknown
};

/// @brief One cell of a table: coordinates (a category index per dimension, or
/// margin_coordinate), the published value and its evidence.
struct table_cell {
  std::vector<std::int32_t> coords;
  double value = 0.0;  ///< the statistic (NaN when it cannot be computed, e.g. a mean of 0 values)
  cell_evidence evidence;

  /// @brief True if any coordinate is a margin.
  bool is_margin() const noexcept {
    for (auto c : coords) {
      if (c == margin_coordinate) return true;
    }
    return false;
  }
};

/// @brief A table with all margins. Cells are stored in row-major order over the coordinates
/// 0..K_d, where position K_d of dimension d holds its margin.
struct table {
  std::vector<table_dimension> dimensions;
  statistic stat = statistic::count;
  double percentile = 50.0;            ///< for statistic::percentile
  std::string value_name;              ///< the value variable ("" for counts)
  bool weighted = false;
  std::string unit_name;               ///< unit id variable, if any
  std::string holding_name;            ///< holding id variable, if any
  std::vector<table_cell> cells;

  /// @brief Position of a cell in `cells` from its coordinates (margin_coordinate allowed).
  std::size_t index_of(const std::vector<std::int32_t>& coords) const {
    std::size_t index = 0;
    for (std::size_t d = 0; d < dimensions.size(); ++d) {
      const auto k = dimensions[d].labels.size();
      const auto c = coords[d] == margin_coordinate ? k : static_cast<std::size_t>(coords[d]);
      index = index * (k + 1) + c;
    }
    return index;
  }

  /// @brief The cell at the given coordinates.
  const table_cell& at(const std::vector<std::int32_t>& coords) const { return cells[index_of(coords)]; }

  /// @brief "(region=A, gender=Total)" for messages.
  std::string describe(const table_cell& cell) const {
    std::string text = "(";
    for (std::size_t d = 0; d < dimensions.size(); ++d) {
      if (d) text += ", ";
      text += dimensions[d].name;
      text += '=';
      text += cell.coords[d] == margin_coordinate ? std::string("Total")
                                                  : dimensions[d].labels[cell.coords[d]];
    }
    return text + ")";
  }
};

/// @brief Label used for the category of records whose spanning value is missing.
inline constexpr const char* missing_category_label = "(missing)";

/// @brief Largest number of cells (margins included) a table may have.
inline constexpr std::size_t max_table_cells = std::size_t{1} << 27;

}  // namespace sdc
