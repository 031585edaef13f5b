// SPDX-License-Identifier: MIT
/// @file aggregated_table.hpp
/// @brief Checking tables that are already aggregated (end-of-process checking, methods.md
/// 1.1): counts, optionally with per-cell sums and the largest two contributions.
#pragma once

#include <algorithm>
#include <cmath>
#include <functional>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sdc/core/column_view.hpp"
#include "sdc/core/error.hpp"
#include "sdc/detail/format.hpp"
#include "sdc/tables/build_table.hpp"
#include "sdc/tables/table.hpp"

namespace sdc {

/// @brief An aggregated table: one row per cell.
struct aggregated_table_request {
  /// The spanning variables, one code per row.
  std::vector<categorical_view> dimensions;
  /// Their category labels; a category whose label is total_label marks a margin row.
  std::vector<std::vector<std::string>> labels;
  /// Unweighted number of contributors per cell (whole, non-negative).
  numeric_view counts;
  /// Cell totals of the magnitude variable (optional).
  std::optional<numeric_view> sums;
  /// Largest contribution per cell (optional).
  std::optional<numeric_view> top1;
  /// Second largest contribution per cell (optional).
  std::optional<numeric_view> top2;
  /// Label of margin rows ("Total"); such rows are used as given, missing margins are computed.
  std::string total_label = "Total";
};

/// @brief Turns an aggregated table into a table whose cells carry the evidence given.
///
/// Interior cells absent from the input are zeros. Margins absent from the input are computed:
/// counts and sums by addition, the two largest contributions by merging the cells' (exact
/// when a contributor lies in one cell only, as in a table without holdings). With sums the
/// statistic is `sum`, otherwise `count`. A cell without its sum or largest contributions gets
/// a `review` from the dominance rules (not evaluable), never a pass.
/// @throws invalid_input for negative, fractional or missing counts, mismatched lengths,
///   duplicated cells, or a table without rows.
inline table table_from_aggregates(const aggregated_table_request& request) {
  const std::size_t n_dims = request.dimensions.size();
  if (n_dims < 1 || n_dims > 4) {
    throw invalid_input(errc::invalid_argument,
                        "a table needs 1 to 4 spanning variables, got " + std::to_string(n_dims));
  }
  if (request.labels.size() != n_dims) {
    throw invalid_input(errc::length_mismatch, "labels must be given for each of the " + std::to_string(n_dims) +
                                                   " spanning variables");
  }
  const std::size_t rows = request.counts.size;
  if (rows == 0) throw invalid_input(errc::empty_input, "the aggregated table has no rows");
  for (const auto& dimension : request.dimensions) {
    require_length(dimension, rows, "spanning");
    validate(dimension);
  }
  for (const auto* column : {&request.sums, &request.top1, &request.top2}) {
    if (*column) require_length(**column, rows, "evidence");
  }
  for (std::size_t i = 0; i < rows; ++i) {
    const double count = request.counts.values[i];
    const std::string where = "count column '" + request.counts.name + "', row " + std::to_string(i + 1);
    if (std::isnan(count)) throw invalid_input(errc::missing_value, where + ": the count is missing");
    if (count < 0) throw invalid_input(errc::negative_value, where + ": negative count " + detail::format_number(count));
    if (count != std::floor(count) || std::isinf(count)) {
      throw invalid_input(errc::invalid_argument, where + ": the count " + detail::format_number(count) +
                                                      " is not a whole number of contributors");
    }
  }

  // Categories without the total label; map each input category to a coordinate.
  table result;
  result.stat = request.sums ? statistic::sum : statistic::count;
  result.value_name = request.sums ? request.sums->name : "";
  std::vector<std::vector<std::int32_t>> coordinate_of(n_dims);
  std::vector<std::size_t> categories(n_dims);
  for (std::size_t d = 0; d < n_dims; ++d) {
    const auto& view = request.dimensions[d];
    if (request.labels[d].size() != static_cast<std::size_t>(view.n_categories)) {
      throw invalid_input(errc::length_mismatch, "spanning variable '" + view.name + "' has " +
                                                     std::to_string(view.n_categories) + " categories but " +
                                                     std::to_string(request.labels[d].size()) + " labels");
    }
    table_dimension dimension;
    dimension.name = view.name;
    for (const auto& label : request.labels[d]) {
      if (label == request.total_label) {
        coordinate_of[d].push_back(margin_coordinate);
      } else {
        coordinate_of[d].push_back(static_cast<std::int32_t>(dimension.labels.size()));
        dimension.labels.push_back(label);
      }
    }
    categories[d] = dimension.labels.size();
    result.dimensions.push_back(std::move(dimension));
  }
  const detail::table_shape shape = detail::make_shape(categories);
  result.cells.resize(shape.n_cells);
  std::vector<char> given(shape.n_cells, 0);
  std::vector<std::size_t> row_of(shape.n_cells, 0);
  for (std::size_t cell = 0; cell < shape.n_cells; ++cell) {
    auto& out = result.cells[cell];
    out.coords.resize(n_dims);
    for (std::size_t d = 0; d < n_dims; ++d) {
      const std::size_t c = shape.coordinate(cell, d);
      out.coords[d] = c == categories[d] ? margin_coordinate : static_cast<std::int32_t>(c);
    }
    // Until told otherwise, an interior cell is an empty cell with complete (empty) evidence.
    out.evidence.has_sum = true;
    out.evidence.has_top_contributions = true;
  }
  for (std::size_t i = 0; i < rows; ++i) {
    std::size_t cell = 0;
    for (std::size_t d = 0; d < n_dims; ++d) {
      const std::int32_t category = request.dimensions[d].category(i);
      if (category == missing_category) {
        throw invalid_input(errc::missing_value, "spanning variable '" + request.dimensions[d].name + "', row " +
                                                     std::to_string(i + 1) + ": missing category");
      }
      const std::int32_t c = coordinate_of[d][static_cast<std::size_t>(category)];
      cell += (c == margin_coordinate ? categories[d] : static_cast<std::size_t>(c)) * shape.strides[d];
    }
    if (given[cell]) {
      throw invalid_input(errc::invalid_argument, "rows " + std::to_string(row_of[cell] + 1) + " and " +
                                                      std::to_string(i + 1) + " describe the same cell " +
                                                      result.describe(result.cells[cell]));
    }
    given[cell] = 1;
    row_of[cell] = i;
    cell_evidence& e = result.cells[cell].evidence;
    const auto count = static_cast<std::int64_t>(request.counts.values[i]);
    e.n_records = e.n_units = e.n_holdings = e.n_contributors = count;
    e.weighted_count = static_cast<double>(count);
    e.n_values = count;
    e.has_sum = request.sums && !std::isnan(request.sums->values[i]);
    if (e.has_sum) {
      e.sum = e.weighted_sum = request.sums->values[i];
      e.dominance_total = std::abs(e.sum);
    }
    e.has_top_contributions = request.top1 && !std::isnan(request.top1->values[i]);
    if (e.has_top_contributions) {
      e.top_contributions.push_back(std::abs(request.top1->values[i]));
      if (request.top2 && !std::isnan(request.top2->values[i])) {
        e.top_contributions.push_back(std::abs(request.top2->values[i]));
      } else if (count > 1) {
        // Only the largest is known: enough for (1, k) rules, not for p% or (2, k).
        e.top_contributions.resize(1);
      }
      std::sort(e.top_contributions.begin(), e.top_contributions.end(), std::greater<>());
    }
  }
  // Computed margins, one dimension at a time; margins given in the input are kept.
  std::vector<char> computed(shape.n_cells, 0);
  for (std::size_t d = 0; d < n_dims; ++d) {
    detail::for_each_margin_member(shape, d, [&](std::size_t m, std::size_t c) {
      if (given[m]) return;
      cell_evidence& into = result.cells[m].evidence;
      const cell_evidence& from = result.cells[c].evidence;
      if (!computed[m]) {
        computed[m] = 1;
        into = cell_evidence{};
        into.n_records = 0;
      }
      into.n_records += from.n_records;
      into.n_units = into.n_holdings = into.n_contributors = into.n_records;
      into.weighted_count += from.weighted_count;
      into.n_values += from.n_values;
      into.has_sum = into.has_sum && (from.has_sum || from.n_records == 0);
      into.sum += from.sum;
      into.weighted_sum += from.weighted_sum;
      into.dominance_total += from.dominance_total;
      // Top contributions of a member are complete if it has at least 2 or all of them.
      const bool complete = from.n_records == 0 ||
                            (from.has_top_contributions &&
                             (from.top_contributions.size() >= 2 ||
                              static_cast<std::int64_t>(from.top_contributions.size()) >= from.n_records));
      into.has_top_contributions = into.has_top_contributions && complete;
      detail::merge_top(into.top_contributions, from.top_contributions, 2);
    });
  }
  for (auto& cell : result.cells) {
    cell.value = result.stat == statistic::sum ? cell.evidence.sum : static_cast<double>(cell.evidence.n_records);
    if (!request.sums) cell.evidence.has_sum = false;
    if (!request.top1) cell.evidence.has_top_contributions = false;
  }
  return result;
}

}  // namespace sdc
