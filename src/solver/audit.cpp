// SPDX-License-Identifier: MIT
// The audit of a suppressed table or cell system (include/sdc/tables/audit.hpp) with COIN-OR Clp.
//
// One ClpSimplex object per independent block, created and destroyed inside the call: no
// process-global solver state, log level 0 so nothing is printed. Within a block the model is
// loaded once and only the objective changes between the 2 LPs per cell, so every solve is
// warm-started from the previous basis.
//
// Tables given by their shape keep the relation formulation (variables: the suppressed cells;
// constraints: every margin is the sum of its members). Cell systems given by a model matrix X
// use the inner cells y as variables (x = X' y): published cells fixed, bounds on y.
#include <coin/ClpSimplex.hpp>
#include <coin/CoinFinite.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "sdc/detail/format.hpp"
#include "sdc/tables/audit.hpp"
#include "sdc/tables/gauss_suppression.hpp"
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

constexpr double infinity = std::numeric_limits<double>::infinity();

double to_clp(double bound) {
  if (std::isinf(bound)) return bound > 0 ? COIN_DBL_MAX : -COIN_DBL_MAX;
  return bound;
}

// The intruder's bounds on a cell: explicit, or 0 / -infinity below and +infinity above.
double cell_lower(const audit_problem& problem, const audit_options& options, std::size_t i) {
  return !problem.lower_bounds.empty() ? problem.lower_bounds[i] : options.nonnegative ? 0.0 : -infinity;
}
double cell_upper(const audit_problem& problem, std::size_t i) {
  return !problem.upper_bounds.empty() ? problem.upper_bounds[i] : infinity;
}

void check_lengths(const audit_problem& problem, const audit_options& options, std::size_t n_cells, const char* system) {
  auto check_length = [&](std::size_t size, const char* what, bool optional) {
    if ((optional && size == 0) || size == n_cells) return;
    throw invalid_input(errc::length_mismatch, std::string(what) + " has " + std::to_string(size) + " entries" + system +
                                                   std::to_string(n_cells) + " cells");
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
  for (std::size_t i = 0; i < n_cells; ++i) {
    if (!std::isfinite(problem.values[i])) {
      throw invalid_input(errc::missing_value, "cell " + std::to_string(i) + " has no finite value");
    }
  }
}

// Per suppressed cell (`cells`, with its interval [low, high]): exactness and protection.
bool is_primary(const audit_problem& problem, std::size_t cell) {
  return !problem.primary.empty() && problem.primary[cell];
}

void summarise(const audit_problem& problem, const audit_options& options, const std::vector<std::size_t>& cells,
               const std::vector<double>& low, const std::vector<double>& high, audit_result& result) {
  result.cells.reserve(cells.size());
  for (std::size_t v = 0; v < cells.size(); ++v) {
    const std::size_t i = cells[v];
    if (options.primary_only && !is_primary(problem, i)) continue;  // not solved
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
    const double lower = cell_lower(problem, options, i), upper = cell_upper(problem, i);
    if (std::isfinite(lower)) need_low = std::min(need_low, std::max(0.0, interval.value - lower));
    if (std::isfinite(upper)) need_high = std::min(need_high, std::max(0.0, upper - interval.value));
    interval.required_lower = std::max(0.0, need_low);
    interval.required_upper = std::max(0.0, need_high);
    interval.is_protected = !interval.exact && interval.value - interval.lower >= interval.required_lower - tolerance &&
                            interval.upper - interval.value >= interval.required_upper - tolerance;
    if (interval.exact) ++result.n_exact;
    if (interval.primary && interval.exact) ++result.n_primary_exact;
    if (interval.primary && !interval.is_protected) ++result.n_primary_unprotected;
    result.cells.push_back(interval);
  }
}

// One bound of a cell from a solved LP (direction 1: min, -1: max); `what` names the block for
// an infeasible one.
double solve_bound(ClpSimplex& model, int direction, audit_result& result, const std::string& what) {
  model.setOptimizationDirection(direction);
  model.primal();
  ++result.n_linear_programs;
  if (model.isProvenOptimal()) return model.objectiveValue();
  if (model.isProvenDualInfeasible()) return direction > 0 ? -infinity : infinity;
  if (model.isProvenPrimalInfeasible()) throw invalid_input(errc::invalid_argument, what);
  throw internal_error("the LP solver stopped without an answer (status " + std::to_string(model.status()) + ")");
}

// A table given by its shape: the relation formulation (tested against sdcTable's attack()).
audit_result audit_table(const audit_problem& problem, const audit_options& options) {
  const linear_relations relations = linear_relations_of(problem.categories);
  const auto n_cells = static_cast<std::size_t>(relations.matrix.cols());
  check_lengths(problem, options, n_cells, " for a table of ");

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
    lower[v] = cell_lower(problem, options, cells[v]);
    upper[v] = cell_upper(problem, cells[v]);
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
      if (options.primary_only && !is_primary(problem, cells[vars[j]])) continue;
      model.setObjectiveCoefficient(static_cast<int>(j), 1.0);
      const std::string infeasible =
          "the published table is not additive: no values of the suppressed cells satisfy the relations and bounds "
          "(cell " + std::to_string(cells[vars[j]]) + ")";
      low[vars[j]] = solve_bound(model, 1, result, infeasible);
      high[vars[j]] = solve_bound(model, -1, result, infeasible);
      model.setObjectiveCoefficient(static_cast<int>(j), 0.0);
    }
  }
  summarise(problem, options, cells, low, high, result);
  return result;
}

// A cell system given by its model matrix X: the unknowns are the inner cells y (y >= 0 when
// `nonnegative`, else free), every published cell fixes X_j' y = x_j, a suppressed cell with
// explicit bounds adds l_j <= X_j' y <= u_j, and each suppressed cell p gets min and max of
// X_p' y. Inner cells fixed by the published cells alone (a published cell with one unknown
// inner cell left, or a published zero over non-negative inner cells) are substituted first,
// which also checks additivity cell by cell; the rest splits into blocks of inner cells linked
// by a published or a suppressed cell.
audit_result audit_cell_system(const audit_problem& problem, const audit_options& options) {
  const detail::cell_supports supports = detail::supports_of_model_matrix(problem.model_matrix);
  const std::size_t n_cells = supports.n_cells(), n_inner = supports.n_rows;
  check_lengths(problem, options, n_cells, " for a model matrix of ");
  double scale = 1.0;
  for (double v : problem.values) scale = std::max(scale, std::abs(v));
  const double tiny = 1e-9 * scale;  // additivity tolerance (sums of cell values)
  const double inner_lower = options.nonnegative ? 0.0 : -infinity;

  // Cells containing each inner cell.
  std::vector<std::size_t> cell_start(n_inner + 1, 0);
  for (auto r : supports.rows) ++cell_start[r + 1];
  std::partial_sum(cell_start.begin(), cell_start.end(), cell_start.begin());
  std::vector<std::size_t> cells_of_row(supports.rows.size());
  {
    std::vector<std::size_t> fill(cell_start.begin(), cell_start.end() - 1);
    for (std::size_t j = 0; j < n_cells; ++j) {
      for (auto r = supports.begin(j); r != supports.end(j); ++r) cells_of_row[fill[*r]++] = j;
    }
  }

  // Substitution of the inner cells the published cells fix.
  std::vector<char> fixed(n_inner, 0);
  std::vector<double> inner_value(n_inner, 0.0);
  std::vector<double> rest(problem.values);  // value minus the fixed inner cells
  std::vector<std::size_t> open(n_cells);    // inner cells not fixed
  for (std::size_t j = 0; j < n_cells; ++j) open[j] = supports.size(j);
  std::vector<std::size_t> queue;
  std::vector<char> queued(n_cells, 0);
  for (std::size_t j = 0; j < n_cells; ++j) {
    if (problem.suppressed[j]) continue;
    queue.push_back(j);
    queued[j] = 1;
  }
  auto fix = [&](std::uint32_t r, double y) {
    fixed[r] = 1;
    inner_value[r] = y;
    for (std::size_t e = cell_start[r]; e < cell_start[r + 1]; ++e) {
      const std::size_t k = cells_of_row[e];
      rest[k] -= y;
      --open[k];
      if (!problem.suppressed[k] && !queued[k]) {
        queue.push_back(k);
        queued[k] = 1;
      }
    }
  };
  auto name = [&](std::size_t j) {
    return "cell " + std::to_string(j) + " (value " + detail::format_number(problem.values[j]) + ")";
  };
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const std::size_t j = queue[head];
    queued[j] = 0;
    if (open[j] == 0) {
      if (std::abs(rest[j]) > tiny) {
        throw invalid_input(errc::invalid_argument,
                            "the published cells are not additive: " + name(j) + " differs by " +
                                detail::format_number(rest[j]) +
                                " from the sum of its inner cells as the other published cells give them");
      }
      continue;
    }
    if (options.nonnegative && rest[j] < -tiny) {
      throw invalid_input(errc::invalid_argument,
                          "the published cells are not additive with non-negative inner cells: " + name(j) +
                              " would need its remaining inner cells to sum to " + detail::format_number(rest[j]));
    }
    if (open[j] == 1) {
      for (auto r = supports.begin(j); r != supports.end(j); ++r) {
        if (!fixed[*r]) {
          fix(*r, rest[j]);
          break;
        }
      }
    } else if (options.nonnegative && rest[j] <= tiny) {
      for (auto r = supports.begin(j); r != supports.end(j); ++r) {
        if (!fixed[*r]) fix(*r, 0.0);
      }
    }
  }

  // Suppressed cells; blocks of open inner cells linked by a published or a suppressed cell.
  std::vector<std::size_t> cells;
  for (std::size_t i = 0; i < n_cells; ++i) {
    if (problem.suppressed[i]) cells.push_back(i);
  }
  std::vector<double> low(cells.size()), high(cells.size());
  union_find blocks(n_inner);
  auto link = [&](std::size_t j) {
    std::size_t first = n_inner;
    for (auto r = supports.begin(j); r != supports.end(j); ++r) {
      if (fixed[*r]) continue;
      if (first == n_inner) {
        first = *r;
      } else {
        blocks.unite(first, *r);
      }
    }
  };
  for (std::size_t j = 0; j < n_cells; ++j) {
    if (open[j] > 0) link(j);
  }
  std::vector<std::size_t> block_of_row(n_inner, n_inner), row_root_block(n_inner, n_inner);
  std::vector<std::vector<std::uint32_t>> block_rows;
  for (std::size_t r = 0; r < n_inner; ++r) {
    if (fixed[r]) continue;
    const std::size_t root = blocks.find(r);
    if (row_root_block[root] == n_inner) {
      row_root_block[root] = block_rows.size();
      block_rows.emplace_back();
    }
    block_of_row[r] = row_root_block[root];
    block_rows[block_of_row[r]].push_back(static_cast<std::uint32_t>(r));
  }
  // Per block: its published constraints and its suppressed cells (positions in `cells`).
  std::vector<std::vector<std::size_t>> block_published(block_rows.size()), block_suppressed(block_rows.size());
  auto block_of_cell = [&](std::size_t j) {
    for (auto r = supports.begin(j); r != supports.end(j); ++r) {
      if (!fixed[*r]) return block_of_row[*r];
    }
    return n_inner;
  };
  for (std::size_t j = 0; j < n_cells; ++j) {
    if (!problem.suppressed[j] && open[j] > 0) block_published[block_of_cell(j)].push_back(j);
  }
  audit_result result;
  for (std::size_t v = 0; v < cells.size(); ++v) {
    const std::size_t j = cells[v];
    if (open[j] > 0) {
      block_suppressed[block_of_cell(j)].push_back(v);
      continue;
    }
    // Fixed by the published cells: exact, and it must be the cell's value.
    const double derived = problem.values[j] - rest[j];
    if (std::abs(rest[j]) > tiny || derived < cell_lower(problem, options, j) - tiny ||
        derived > cell_upper(problem, j) + tiny) {
      throw invalid_input(errc::invalid_argument,
                          "the values are not additive: suppressed " + name(j) + " is " +
                              detail::format_number(derived) + " by the published cells, or outside its bounds");
    }
    low[v] = high[v] = derived;
  }

  std::vector<int> local(n_inner, -1);
  for (std::size_t b = 0; b < block_rows.size(); ++b) {
    if (block_published[b].empty() && block_suppressed[b].empty()) continue;  // inner cells in no cell
    const auto& vars = block_rows[b];
    for (std::size_t k = 0; k < vars.size(); ++k) local[vars[k]] = static_cast<int>(k);
    // Constraint rows: published cells, then suppressed cells with explicit finite bounds.
    std::vector<std::size_t> row_cells(block_published[b]);
    std::vector<double> row_lower, row_upper;
    for (auto j : row_cells) {
      row_lower.push_back(rest[j]);
      row_upper.push_back(rest[j]);
    }
    for (auto v : block_suppressed[b]) {
      const std::size_t j = cells[v];
      const double l = cell_lower(problem, options, j), u = cell_upper(problem, j);
      const double implied = options.nonnegative ? 0.0 : -infinity;  // from the inner cells' bounds
      if (!(l > implied) && std::isinf(u)) continue;
      const double shift = problem.values[j] - rest[j];  // the fixed inner cells in j
      row_cells.push_back(j);
      row_lower.push_back(to_clp(l - shift));
      row_upper.push_back(to_clp(u - shift));
    }
    std::vector<std::vector<int>> columns(vars.size());
    for (std::size_t k = 0; k < row_cells.size(); ++k) {
      const std::size_t j = row_cells[k];
      for (auto r = supports.begin(j); r != supports.end(j); ++r) {
        if (!fixed[*r]) columns[static_cast<std::size_t>(local[*r])].push_back(static_cast<int>(k));
      }
    }
    std::vector<CoinBigIndex> start(1, 0);
    std::vector<int> index;
    std::vector<double> element, column_lower(vars.size(), to_clp(inner_lower)),
        column_upper(vars.size(), COIN_DBL_MAX), objective(vars.size(), 0.0);
    for (std::size_t k = 0; k < vars.size(); ++k) {
      index.insert(index.end(), columns[k].begin(), columns[k].end());
      element.insert(element.end(), columns[k].size(), 1.0);
      start.push_back(static_cast<CoinBigIndex>(index.size()));
    }
    ClpSimplex model;
    model.setLogLevel(0);
    model.loadProblem(static_cast<int>(vars.size()), static_cast<int>(row_cells.size()), start.data(), index.data(),
                      element.data(), column_lower.data(), column_upper.data(), objective.data(), row_lower.data(),
                      row_upper.data());
    const std::string infeasible =
        "the published cells are not additive: no " + std::string(options.nonnegative ? "non-negative " : "") +
        "inner cells give the published values around " +
        (block_published[b].empty() ? name(cells[block_suppressed[b].front()]) : name(block_published[b].front()));
    bool any_asked = false;
    for (auto v : block_suppressed[b]) any_asked = any_asked || !options.primary_only || is_primary(problem, cells[v]);
    if (!any_asked) {
      // Nothing to ask about these inner cells, but the published cells must still fit.
      (void)solve_bound(model, 1, result, infeasible);
      continue;
    }
    for (auto v : block_suppressed[b]) {
      const std::size_t j = cells[v];
      if (options.primary_only && !is_primary(problem, j)) continue;
      for (auto r = supports.begin(j); r != supports.end(j); ++r) {
        if (!fixed[*r]) model.setObjectiveCoefficient(local[*r], 1.0);
      }
      const double shift = problem.values[j] - rest[j];
      low[v] = shift + solve_bound(model, 1, result, infeasible);
      high[v] = shift + solve_bound(model, -1, result, infeasible);
      for (auto r = supports.begin(j); r != supports.end(j); ++r) {
        if (!fixed[*r]) model.setObjectiveCoefficient(local[*r], 0.0);
      }
      // The true values are one solution: a cell outside its interval means they do not add up.
      const double tolerance = std::max(tiny, options.tolerance * std::max(1.0, std::abs(problem.values[j])));
      if (problem.values[j] < low[v] - tolerance || problem.values[j] > high[v] + tolerance) {
        throw invalid_input(errc::invalid_argument,
                            "the values are not additive: suppressed " + name(j) + " lies outside [" +
                                detail::format_number(low[v]) + ", " + detail::format_number(high[v]) +
                                "], what the published cells allow");
      }
    }
  }
  summarise(problem, options, cells, low, high, result);
  return result;
}

}  // namespace

audit_result audit_suppression(const audit_problem& problem, const audit_options& options) {
  if (problem.model_matrix.cols() > 0) return audit_cell_system(problem, options);
  return audit_table(problem, options);
}

}  // namespace sdc
