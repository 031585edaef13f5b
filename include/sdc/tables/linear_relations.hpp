// SPDX-License-Identifier: MIT
/// @file linear_relations.hpp
/// @brief The additivity of a table with margins as sparse matrices: the relations
/// `A x = 0` over all cells (every margin is the sum of its members along each dimension) and
/// the model matrix `X` relating inner cells to all cells (`x = X' y`).
///
/// Secondary suppression (gauss_suppression.hpp) and the audit (audit.hpp) work on these.
#pragma once

#include <Eigen/SparseCore>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sdc/core/error.hpp"
#include "sdc/tables/build_table.hpp"
#include "sdc/tables/table.hpp"

namespace sdc {

/// @brief The linear relations of a table: one row per (margin cell, dimension summed over),
/// `sum of the members along the dimension - margin = 0`. Some rows are redundant (the grand
/// total is the sum of the row totals and also of the column totals); solvers do not mind.
struct linear_relations {
  /// relations x cells, coefficients +1 (members) and -1 (the margin).
  Eigen::SparseMatrix<double> matrix;
  /// For each row, the margin cell it defines.
  std::vector<std::size_t> total_cell;
  /// For each row, the dimension summed over.
  std::vector<std::size_t> dimension;
};

/// @brief Categories per dimension (K_d, without the margin) of a table.
inline std::vector<std::size_t> table_categories(const table& t) {
  std::vector<std::size_t> categories;
  categories.reserve(t.dimensions.size());
  for (const auto& d : t.dimensions) categories.push_back(d.labels.size());
  return categories;
}

/// @brief The relations of a table shape (K_d categories per dimension, cells row-major over
/// 0..K_d with the margin last, as in sdc::table).
/// @throws invalid_input for 0 or more than 4 dimensions, or a dimension without categories.
inline linear_relations linear_relations_of(const std::vector<std::size_t>& categories) {
  if (categories.empty() || categories.size() > 4) {
    throw invalid_input(errc::invalid_argument,
                        "a table has 1 to 4 dimensions, got " + std::to_string(categories.size()));
  }
  for (auto k : categories) {
    if (k == 0) throw invalid_input(errc::invalid_argument, "a dimension of the table has no categories");
  }
  const detail::table_shape shape = detail::make_shape(categories);
  linear_relations result;
  std::vector<Eigen::Triplet<double>> entries;
  std::size_t n_rows = 0;
  for (std::size_t d = 0; d < categories.size(); ++d) n_rows += shape.n_cells / (categories[d] + 1);
  std::size_t n_entries = 0;
  for (std::size_t d = 0; d < categories.size(); ++d) n_entries += shape.n_cells / (categories[d] + 1) * (categories[d] + 1);
  entries.reserve(n_entries);
  result.total_cell.reserve(n_rows);
  result.dimension.reserve(n_rows);
  for (std::size_t d = 0; d < categories.size(); ++d) {
    const std::size_t stride = shape.strides[d];
    const std::size_t k = categories[d];
    const std::size_t block = stride * (k + 1);
    for (std::size_t outer = 0; outer < shape.n_cells; outer += block) {
      for (std::size_t inner = 0; inner < stride; ++inner) {
        const std::size_t margin_cell = outer + k * stride + inner;
        const auto row = static_cast<Eigen::Index>(result.total_cell.size());
        for (std::size_t c = 0; c < k; ++c) {
          entries.emplace_back(row, static_cast<Eigen::Index>(outer + c * stride + inner), 1.0);
        }
        entries.emplace_back(row, static_cast<Eigen::Index>(margin_cell), -1.0);
        result.total_cell.push_back(margin_cell);
        result.dimension.push_back(d);
      }
    }
  }
  result.matrix.resize(static_cast<Eigen::Index>(result.total_cell.size()), static_cast<Eigen::Index>(shape.n_cells));
  result.matrix.setFromTriplets(entries.begin(), entries.end());
  result.matrix.makeCompressed();
  return result;
}

/// @brief The relations of a table (see the overload on categories).
inline linear_relations linear_relations_of(const table& t) { return linear_relations_of(table_categories(t)); }

/// @brief Positions (row-major, as in sdc::table) of the inner cells (no margin coordinate) of
/// the shape given by its categories, in increasing order.
inline std::vector<std::size_t> inner_cells_of(const std::vector<std::size_t>& categories) {
  const detail::table_shape shape = detail::make_shape(categories);
  std::vector<std::size_t> inner;
  std::size_t n_inner = 1;
  for (auto k : categories) n_inner *= k;
  inner.reserve(n_inner);
  for (std::size_t cell = 0; cell < shape.n_cells; ++cell) {
    bool margin = false;
    for (std::size_t d = 0; d < categories.size() && !margin; ++d) margin = shape.coordinate(cell, d) == categories[d];
    if (!margin) inner.push_back(cell);
  }
  return inner;
}

/// @brief The model matrix X (inner cells x cells): X(i, j) = 1 if inner cell i (the i-th
/// inner cell in row-major order, see inner_cells_of) lies in cell j. A cell's value is the
/// sum of its inner cells: x = X' y.
inline Eigen::SparseMatrix<double> model_matrix_of(const std::vector<std::size_t>& categories) {
  const detail::table_shape shape = detail::make_shape(categories);
  const std::vector<std::size_t> inner = inner_cells_of(categories);
  const std::size_t n_dims = categories.size();
  const unsigned n_patterns = 1u << n_dims;
  std::vector<Eigen::Triplet<double>> entries;
  entries.reserve(inner.size() * n_patterns);
  for (std::size_t i = 0; i < inner.size(); ++i) {
    for (unsigned pattern = 0; pattern < n_patterns; ++pattern) {
      entries.emplace_back(static_cast<Eigen::Index>(i),
                           static_cast<Eigen::Index>(detail::project(shape, inner[i], pattern)), 1.0);
    }
  }
  Eigen::SparseMatrix<double> x(static_cast<Eigen::Index>(inner.size()), static_cast<Eigen::Index>(shape.n_cells));
  x.setFromTriplets(entries.begin(), entries.end());
  x.makeCompressed();
  return x;
}

/// @brief The model matrix of a table (see the overload on categories).
inline Eigen::SparseMatrix<double> model_matrix_of(const table& t) { return model_matrix_of(table_categories(t)); }

}  // namespace sdc
