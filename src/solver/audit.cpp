// SPDX-License-Identifier: MIT
// The audit of a suppressed table (include/sdc/tables/audit.hpp) with COIN-OR Clp.
//
// One ClpSimplex object per independent block of suppressed cells (cells linked by a relation
// with another suppressed cell), created and destroyed inside the call: no process-global
// solver state, log level 0 so nothing is printed. Within a block the model is loaded once and
// only the objective changes between the 2 LPs per cell, so every solve is warm-started from
// the previous basis.
#include <coin/ClpSimplex.hpp>
#include <coin/CoinFinite.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "sdc/detail/format.hpp"
#include "sdc/tables/audit.hpp"
#include "sdc/tables/linear_relations.hpp"

namespace sdc {
namespace {

struct union_find {
  std::vector<std::size_t> parent;
  explicit union_find(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), std::size_t{0}); }
  std::size_t find(std::size_t i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }
  void unite(std::size_t a, std::size_t b) { parent[find(a)] = find(b); }
};

// A relation restricted to the suppressed cells: sum of coefficient * x = rhs.
struct reduced_relation {
  std::vector<std::size_t> variables;  // indices into the suppressed cells
  std::vector<double> coefficients;
  double rhs = 0.0;
};

double to_clp(double bound) {
  if (std::isinf(bound)) return bound > 0 ? COIN_DBL_MAX : -COIN_DBL_MAX;
  return bound;
}

}  // namespace

audit_result audit_suppression(const audit_problem& problem, const audit_options& options) {
  const linear_relations relations = linear_relations_of(problem.categories);
  const auto n_cells = static_cast<std::size_t>(relations.matrix.cols());
  auto check_length = [&](std::size_t size, const char* what, bool optional) {
    if ((optional && size == 0) || size == n_cells) return;
    throw invalid_input(errc::length_mismatch, std::string(what) + " has " + std::to_string(size) +
                                                   " entries for a table of " + std::to_string(n_cells) + " cells");
  };
  check_length(problem.values.size(), "values", false);
  check_length(problem.suppressed.size(), "suppressed", false);
  check_length(problem.primary.size(), "primary", true);
  check_length(problem.lower_bounds.size(), "lower_bounds", true);
  check_length(problem.upper_bounds.size(), "upper_bounds", true);
  check_length(problem.lower_protection.size(), "lower_protection", true);
  check_length(problem.upper_protection.size(), "upper_protection", true);
  if (!(options.tolerance >= 0.0) || !(options.sliding_percent >= 0.0)) {
    throw invalid_input(errc::invalid_argument, "the audit tolerance and sliding percentage must be non-negative");
  }
  const double infinity = std::numeric_limits<double>::infinity();

  // Suppressed cells are the variables.
  std::vector<std::size_t> cells;
  std::vector<std::size_t> variable_of(n_cells, n_cells);
  for (std::size_t i = 0; i < n_cells; ++i) {
    if (!problem.suppressed[i]) continue;
    variable_of[i] = cells.size();
    cells.push_back(i);
  }
  const std::size_t n_vars = cells.size();
  std::vector<double> lower(n_vars), upper(n_vars);
  for (std::size_t v = 0; v < n_vars; ++v) {
    const std::size_t i = cells[v];
    lower[v] = !problem.lower_bounds.empty() ? problem.lower_bounds[i] : options.nonnegative ? 0.0 : -infinity;
    upper[v] = !problem.upper_bounds.empty() ? problem.upper_bounds[i] : infinity;
  }

  // Relations with the published cells moved to the right-hand side.
  const Eigen::SparseMatrix<double, Eigen::RowMajor> a = relations.matrix;
  std::vector<reduced_relation> rows;
  union_find blocks(n_vars);
  for (Eigen::Index r = 0; r < a.rows(); ++r) {
    reduced_relation relation;
    double published_sum = 0.0, scale = 0.0;
    for (Eigen::SparseMatrix<double, Eigen::RowMajor>::InnerIterator it(a, r); it; ++it) {
      const auto cell = static_cast<std::size_t>(it.col());
      scale = std::max(scale, std::abs(problem.values[cell]));
      if (variable_of[cell] < n_cells) {
        relation.variables.push_back(variable_of[cell]);
        relation.coefficients.push_back(it.value());
      } else {
        published_sum += it.value() * problem.values[cell];
      }
    }
    relation.rhs = -published_sum;
    if (relation.variables.empty()) {
      if (std::abs(published_sum) > 1e-9 * std::max(1.0, scale)) {
        throw invalid_input(errc::invalid_argument,
                            "the published table is not additive: margin cell " +
                                std::to_string(relations.total_cell[static_cast<std::size_t>(r)]) +
                                " differs from the sum of its members by " + detail::format_number(published_sum));
      }
      continue;
    }
    for (std::size_t k = 1; k < relation.variables.size(); ++k) blocks.unite(relation.variables[0], relation.variables[k]);
    rows.push_back(std::move(relation));
  }

  // Group variables and relations by block.
  std::vector<std::size_t> block_of(n_vars), block_index(n_vars, n_vars);
  std::vector<std::vector<std::size_t>> block_vars, block_rows;
  for (std::size_t v = 0; v < n_vars; ++v) {
    const std::size_t root = blocks.find(v);
    if (block_index[root] == n_vars) {
      block_index[root] = block_vars.size();
      block_vars.emplace_back();
      block_rows.emplace_back();
    }
    block_of[v] = block_index[root];
    block_vars[block_of[v]].push_back(v);
  }
  for (std::size_t r = 0; r < rows.size(); ++r) block_rows[block_of[rows[r].variables[0]]].push_back(r);

  std::vector<double> low(n_vars), high(n_vars);
  audit_result result;
  for (std::size_t b = 0; b < block_vars.size(); ++b) {
    const auto& vars = block_vars[b];
    const auto& rs = block_rows[b];
    if (rs.empty()) {  // no relation: only the bounds
      for (auto v : vars) {
        low[v] = lower[v];
        high[v] = upper[v];
      }
      continue;
    }
    // Column-major matrix of the block.
    std::vector<std::size_t> local(n_vars, 0);
    for (std::size_t j = 0; j < vars.size(); ++j) local[vars[j]] = j;
    std::vector<std::vector<std::pair<int, double>>> columns(vars.size());
    std::vector<double> row_bound(rs.size());
    for (std::size_t k = 0; k < rs.size(); ++k) {
      const reduced_relation& relation = rows[rs[k]];
      for (std::size_t e = 0; e < relation.variables.size(); ++e) {
        columns[local[relation.variables[e]]].emplace_back(static_cast<int>(k), relation.coefficients[e]);
      }
      row_bound[k] = relation.rhs;
    }
    std::vector<CoinBigIndex> start(1, 0);
    std::vector<int> index;
    std::vector<double> element, column_lower, column_upper, objective(vars.size(), 0.0);
    for (std::size_t j = 0; j < vars.size(); ++j) {
      for (const auto& [row, coefficient] : columns[j]) {
        index.push_back(row);
        element.push_back(coefficient);
      }
      start.push_back(static_cast<CoinBigIndex>(index.size()));
      column_lower.push_back(to_clp(lower[vars[j]]));
      column_upper.push_back(to_clp(upper[vars[j]]));
    }
    ClpSimplex model;
    model.setLogLevel(0);
    model.loadProblem(static_cast<int>(vars.size()), static_cast<int>(rs.size()), start.data(), index.data(),
                      element.data(), column_lower.data(), column_upper.data(), objective.data(), row_bound.data(),
                      row_bound.data());
    for (std::size_t j = 0; j < vars.size(); ++j) {
      model.setObjectiveCoefficient(static_cast<int>(j), 1.0);
      for (int direction : {1, -1}) {
        model.setOptimizationDirection(direction);
        model.primal();
        ++result.n_linear_programs;
        double bound;
        if (model.isProvenOptimal()) {
          bound = model.objectiveValue();
        } else if (model.isProvenDualInfeasible()) {
          bound = direction > 0 ? -infinity : infinity;
        } else if (model.isProvenPrimalInfeasible()) {
          throw invalid_input(errc::invalid_argument,
                              "the published table is not additive: no values of the suppressed cells satisfy "
                              "the relations and bounds (cell " +
                                  std::to_string(cells[vars[j]]) + ")");
        } else {
          throw internal_error("the LP solver stopped without an answer (status " + std::to_string(model.status()) + ")");
        }
        (direction > 0 ? low : high)[vars[j]] = bound;
      }
      model.setObjectiveCoefficient(static_cast<int>(j), 0.0);
    }
  }

  result.cells.reserve(n_vars);
  for (std::size_t v = 0; v < n_vars; ++v) {
    const std::size_t i = cells[v];
    cell_interval interval;
    interval.cell = i;
    interval.value = problem.values[i];
    interval.lower = low[v];
    interval.upper = high[v];
    interval.primary = !problem.primary.empty() && problem.primary[i];
    const double tolerance = options.tolerance * std::max(1.0, std::abs(interval.value));
    // Round solver noise to the value (an interval never excludes the true value).
    if (std::abs(interval.lower - interval.value) <= tolerance) interval.lower = std::min(interval.lower, interval.value);
    if (std::abs(interval.upper - interval.value) <= tolerance) interval.upper = std::max(interval.upper, interval.value);
    interval.exact = interval.upper - interval.lower <= tolerance;
    double need_low = problem.lower_protection.empty() ? 0.0 : problem.lower_protection[i];
    double need_high = problem.upper_protection.empty() ? 0.0 : problem.upper_protection[i];
    if (interval.primary && options.sliding_percent > 0.0) {
      const double sliding = options.sliding_percent / 100.0 * std::abs(interval.value);
      need_low = std::max(need_low, sliding);
      need_high = std::max(need_high, sliding);
    }
    // Nothing lies below the intruder's bound: the lower requirement is capped there.
    if (std::isfinite(lower[v])) need_low = std::min(need_low, std::max(0.0, interval.value - lower[v]));
    if (std::isfinite(upper[v])) need_high = std::min(need_high, std::max(0.0, upper[v] - interval.value));
    interval.required_lower = std::max(0.0, need_low);
    interval.required_upper = std::max(0.0, need_high);
    interval.is_protected = !interval.exact && interval.value - interval.lower >= interval.required_lower - tolerance &&
                            interval.upper - interval.value >= interval.required_upper - tolerance;
    if (interval.exact) ++result.n_exact;
    if (interval.primary && interval.exact) ++result.n_primary_exact;
    if (interval.primary && !interval.is_protected) ++result.n_primary_unprotected;
    result.cells.push_back(interval);
  }
  return result;
}

}  // namespace sdc
