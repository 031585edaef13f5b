// SPDX-License-Identifier: MIT
// Repair of protection intervals (include/sdc/tables/interval_repair.hpp) with COIN-OR Clp.
//
// One ClpSimplex model per call holds every repair LP: columns y (inner cells), d+ and d- (one
// pair per cell), a row per cell. A pattern is only a set of bounds (published row fixed at its
// value with free deviations, suppressed row free with deviations fixed at 0), and a repair LP
// only moves the bounds of the target's row, so each solve is a dual simplex warm-started from
// the previous basis. The audits are audit_suppression's (src/solver/audit.cpp), an independent
// formulation for flat tables (the relation form over the suppressed cells).
#include <coin/ClpSimplex.hpp>
#include <coin/CoinFinite.hpp>
#include <coin/CoinPackedMatrix.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "sdc/tables/interval_repair.hpp"
#include "sdc/tables/linear_relations.hpp"
#include "sdc/tables/optimal_suppression.hpp"
#include "sdc/tables/protection_options.hpp"

namespace sdc {
namespace {

bool flag(const std::vector<bool>& v, std::size_t i) { return !v.empty() && v[i]; }

std::size_t cells_of(const protection_problem& problem) {
  if (problem.model_matrix.cols() > 0) return static_cast<std::size_t>(problem.model_matrix.cols());
  if (problem.categories.empty() || problem.categories.size() > 4) {
    throw invalid_input(errc::invalid_argument,
                        "a table has 1 to 4 dimensions, got " + std::to_string(problem.categories.size()));
  }
  std::size_t n = 1;
  for (auto k : problem.categories) {
    if (k == 0) throw invalid_input(errc::invalid_argument, "a dimension of the table has no categories");
    n *= k + 1;
  }
  return n;
}

void check_input(const protection_problem& problem, const protection_result& start,
                 const interval_repair_options& options, std::size_t n_cells) {
  check_problem_lengths(problem, n_cells);
  check_cell_count(start.status.size(), "the start pattern", false, n_cells);
  check_cell_count(options.costs.size(), "costs", true, n_cells);
  check_cell_count(options.upper_protection.size(), "upper_protection", true, n_cells);
  check_cell_count(options.lower_protection.size(), "lower_protection", true, n_cells);
  if (!(options.tolerance >= 0.0) || !std::isfinite(options.tolerance)) {
    throw invalid_input(errc::invalid_argument, "the repair tolerance must be a non-negative number");
  }
  if (!(options.sliding_percent >= 0.0) || !std::isfinite(options.sliding_percent)) {
    throw invalid_input(errc::invalid_argument, "the sliding protection level must be a non-negative percentage");
  }
  for (std::size_t i = 0; i < n_cells; ++i) {
    const std::string cell = "cell " + std::to_string(i);
    if (!std::isfinite(problem.values[i])) throw invalid_input(errc::missing_value, cell + " has no finite value");
    if ((start.status[i] == cell_protection::primary) != static_cast<bool>(problem.primary[i])) {
      throw invalid_input(errc::invalid_argument, cell + (problem.primary[i] ? " is primary but its start status is not"
                                                                             : " has status primary but is not primary"));
    }
    if (start.status[i] != cell_protection::published && flag(problem.must_publish, i)) {
      throw invalid_input(errc::invalid_argument, cell + " must be published but the start pattern suppresses it");
    }
    for (const auto* v : {&options.costs, &options.upper_protection, &options.lower_protection}) {
      if (!v->empty() && !((*v)[i] >= 0.0 && std::isfinite((*v)[i]))) {
        throw invalid_input(errc::invalid_argument,
                            (v == &options.costs ? "the cost of " : "the protection level of ") + cell +
                                " is not a non-negative number");
      }
    }
  }
}

}  // namespace

interval_repair_result repair_protection_intervals(const protection_problem& problem, const protection_result& start,
                                                   const interval_repair_options& options) {
  const std::size_t n_cells = cells_of(problem);
  check_input(problem, start, options, n_cells);
  const std::vector<double>& x = problem.values;

  interval_repair_result result;
  result.protection = start;
  std::vector<cell_protection>& status = result.protection.status;
  for (std::size_t j = 0; j < n_cells; ++j) {
    if (flag(problem.must_suppress, j) && status[j] == cell_protection::published) {
      status[j] = cell_protection::secondary;
      ++result.protection.n_secondary;
      ++result.n_added;
    }
  }
  {
    const auto defaults = default_protection_levels(problem, options.nonnegative);
    result.lower_protection = options.lower_protection.empty() ? defaults.first : options.lower_protection;
    result.upper_protection = options.upper_protection.empty() ? defaults.second : options.upper_protection;
  }

  audit_problem audit;
  if (problem.model_matrix.cols() > 0) {
    audit.model_matrix = problem.model_matrix;
  } else {
    audit.categories = problem.categories;
  }
  audit.values = x;
  audit.primary = problem.primary;
  audit.lower_protection = result.lower_protection;
  audit.upper_protection = result.upper_protection;
  audit_options audit_opts;
  audit_opts.nonnegative = options.nonnegative;
  audit_opts.sliding_percent = options.sliding_percent;
  audit_opts.tolerance = options.tolerance;
  audit_opts.primary_only = true;  // the repair looks at primary cells only
  auto run_audit = [&]() {
    audit.suppressed.assign(n_cells, false);
    for (std::size_t j = 0; j < n_cells; ++j) audit.suppressed[j] = status[j] != cell_protection::published;
    return audit_suppression(audit, audit_opts);
  };

  bool any_primary = false;
  for (std::size_t j = 0; j < n_cells; ++j) any_primary = any_primary || problem.primary[j];
  if (!any_primary) {
    result.audit = run_audit();
    return result;
  }

  // Costs per unit of deviation; a cost of 0 gets a small positive one.
  std::vector<double> cost(n_cells, 1.0);
  double smallest_positive = std::numeric_limits<double>::infinity(), scale = 1.0;
  for (std::size_t j = 0; j < n_cells; ++j) {
    if (!options.costs.empty()) {
      cost[j] = options.costs[j];
    } else if (options.cost == suppression_cost::value) {
      cost[j] = std::abs(x[j]);
    } else if (options.cost == suppression_cost::frequency) {
      cost[j] = std::abs(problem.frequencies.empty() ? x[j] : problem.frequencies[j]);
    }
    if (cost[j] > 0.0) smallest_positive = std::min(smallest_positive, cost[j]);
    scale = std::max(scale, std::abs(x[j]));
  }
  if (!std::isfinite(smallest_positive)) smallest_positive = 1.0;
  for (auto& c : cost) {
    if (!(c > 0.0)) c = smallest_positive / static_cast<double>(n_cells + 1);
  }
  // A deviation below this is solver noise, not a reason to suppress a cell.
  const double noise = std::max(1e-7, 1e-9 * scale);

  // The LP: columns y (inner cells), d+ (cells), d- (cells); one row per cell.
  const Eigen::SparseMatrix<double> xm =
      problem.model_matrix.cols() > 0 ? problem.model_matrix : model_matrix_of(problem.categories);
  const auto n_inner = static_cast<std::size_t>(xm.rows());
  const std::size_t n_cols = n_inner + 2 * n_cells;
  std::vector<int> row_index, col_index;
  std::vector<double> element;
  for (Eigen::Index j = 0; j < xm.outerSize(); ++j) {
    for (Eigen::SparseMatrix<double>::InnerIterator it(xm, j); it; ++it) {
      row_index.push_back(static_cast<int>(j));
      col_index.push_back(static_cast<int>(it.row()));
      element.push_back(it.value());
    }
  }
  for (std::size_t j = 0; j < n_cells; ++j) {
    row_index.push_back(static_cast<int>(j));
    col_index.push_back(static_cast<int>(n_inner + j));
    element.push_back(-1.0);
    row_index.push_back(static_cast<int>(j));
    col_index.push_back(static_cast<int>(n_inner + n_cells + j));
    element.push_back(1.0);
  }
  const CoinPackedMatrix matrix(true, row_index.data(), col_index.data(), element.data(),
                                static_cast<CoinBigIndex>(element.size()));
  std::vector<double> col_low(n_cols, 0.0), col_high(n_cols, COIN_DBL_MAX), objective(n_cols, 0.0);
  for (std::size_t i = 0; i < n_inner; ++i) col_low[i] = options.nonnegative ? 0.0 : -COIN_DBL_MAX;
  for (std::size_t j = 0; j < n_cells; ++j) objective[n_inner + j] = objective[n_inner + n_cells + j] = cost[j];
  std::vector<double> row_low(n_cells), row_high(n_cells);
  // Bounds of cell j's row and deviations under the current pattern.
  auto pattern_bounds = [&](std::size_t j) {
    const bool published = status[j] == cell_protection::published;
    row_low[j] = published ? x[j] : -COIN_DBL_MAX;
    row_high[j] = published ? x[j] : COIN_DBL_MAX;
    const double deviation = published && !flag(problem.must_publish, j) ? COIN_DBL_MAX : 0.0;
    col_high[n_inner + j] = col_high[n_inner + n_cells + j] = deviation;
  };
  for (std::size_t j = 0; j < n_cells; ++j) pattern_bounds(j);
  ClpSimplex lp;
  lp.setLogLevel(0);
  lp.loadProblem(matrix, col_low.data(), col_high.data(), objective.data(), row_low.data(), row_high.data());
  auto apply_pattern = [&](std::size_t j) {
    pattern_bounds(j);
    lp.setRowBounds(static_cast<int>(j), row_low[j], row_high[j]);
    lp.setColumnUpper(static_cast<int>(n_inner + j), col_high[n_inner + j]);
    lp.setColumnUpper(static_cast<int>(n_inner + n_cells + j), col_high[n_inner + n_cells + j]);
  };

  // One repair LP: cell p pushed to [low, high]; true if feasible (the deviating cells are then
  // suppressed).
  auto repair = [&](std::size_t p, double low, double high) {
    lp.setRowBounds(static_cast<int>(p), low, high);
    lp.dual();
    if (!lp.isProvenOptimal() && !lp.isProvenPrimalInfeasible()) lp.primal();
    ++result.n_linear_programs;
    const bool feasible = lp.isProvenOptimal();
    if (!feasible && !lp.isProvenPrimalInfeasible()) {
      throw internal_error("the LP solver stopped without an answer (status " + std::to_string(lp.status()) + ")");
    }
    if (feasible) {
      const double* solution = lp.primalColumnSolution();
      for (std::size_t j = 0; j < n_cells; ++j) {
        if (status[j] != cell_protection::published) continue;
        if (solution[n_inner + j] + solution[n_inner + n_cells + j] <= noise) continue;
        status[j] = cell_protection::secondary;
        ++result.protection.n_secondary;
        ++result.n_added;
        apply_pattern(j);
      }
    }
    apply_pattern(p);  // p is suppressed: its row is free again
    return feasible;
  };

  std::vector<char> unprotectable(n_cells, 0);
  result.audit = run_audit();
  result.n_unprotected_before = result.audit.n_primary_unprotected;
  for (std::size_t round = 0; round < options.max_rounds; ++round) {
    const std::size_t added_before = result.n_added;
    bool attempted = false;
    for (const cell_interval& interval : result.audit.cells) {
      const std::size_t p = interval.cell;
      if (!interval.primary || interval.is_protected || unprotectable[p]) continue;
      attempted = true;
      const double tolerance = options.tolerance * std::max(1.0, std::abs(interval.value));
      bool short_up = interval.upper - interval.value < interval.required_upper - tolerance;
      const bool short_down = interval.value - interval.lower < interval.required_lower - tolerance;
      if (!short_up && !short_down) short_up = true;  // exact with levels ~0: make it move up
      if (short_up) {
        // Aim a tolerance beyond the level (two when the level is ~0, to be clearly not exact).
        const double target = interval.value + std::max(interval.required_upper + tolerance, 2.0 * tolerance);
        if (!repair(p, target, COIN_DBL_MAX)) unprotectable[p] = 1;
      }
      if (short_down) {
        double target = interval.value - (interval.required_lower + tolerance);
        if (options.nonnegative) target = std::max(target, 0.0);
        if (!repair(p, -COIN_DBL_MAX, target)) unprotectable[p] = 1;
      }
    }
    if (!attempted) break;  // the audit passed (or only unprotectable cells are left)
    ++result.n_rounds;
    if (result.n_added == added_before) break;  // nothing suppressed: the audit is still current
    result.audit = run_audit();
  }
  for (const cell_interval& interval : result.audit.cells) {
    if (interval.primary && !interval.is_protected) result.unprotected.push_back(interval.cell);
  }
  for (std::size_t j = 0; j < n_cells; ++j) {
    if (unprotectable[j]) result.unprotectable.push_back(j);
  }
  return result;
}

}  // namespace sdc
