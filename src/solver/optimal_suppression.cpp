// SPDX-License-Identifier: MIT
// Optimal secondary suppression (include/sdc/tables/optimal_suppression.hpp) with COIN-OR Cbc.
//
// Steps: (1) one LP per intruder copy with every allowed cell suppressed (Clp): a copy that is
// infeasible then cannot be satisfied by any pattern (cells that must be published give the
// primary away), so its primary cell is reported unprotected and the copy dropped; the LP
// solutions also make the "suppress everything allowed" incumbent. (2) The Gauss pattern,
// repaired by repair_protection_intervals when the audit finds a primary cell too narrow, and
// checked by the same LPs, as a cheaper incumbent. (3) Branch and bound on the compact model,
// on flat tables tightened by inequalities read off the table's relations (below).
// Every solver object lives inside the call; log levels 0; single thread; fixed seed.
#include <coin/CbcHeuristic.hpp>
#include <coin/CbcHeuristicFPump.hpp>
#include <coin/CbcHeuristicLocal.hpp>
#include <coin/CbcModel.hpp>
#include <coin/CglClique.hpp>
#include <coin/CglFlowCover.hpp>
#include <coin/CglGomory.hpp>
#include <coin/CglKnapsackCover.hpp>
#include <coin/CglMixedIntegerRounding2.hpp>
#include <coin/CglProbing.hpp>
#include <coin/ClpSimplex.hpp>
#include <coin/CoinFinite.hpp>
#include <coin/CoinPackedMatrix.hpp>
#include <coin/OsiClpSolverInterface.hpp>

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

// One intruder: pushes primary cell `cell` up (upward) or down.
struct intruder_copy {
  std::size_t cell = 0;
  bool upward = true;
};

// The cells' rows X' (cells x inner) of the model matrix, for Clp.
CoinPackedMatrix cell_rows(const Eigen::SparseMatrix<double>& x) {
  std::vector<int> rows, cols;
  std::vector<double> elements;
  for (Eigen::Index j = 0; j < x.outerSize(); ++j) {
    for (Eigen::SparseMatrix<double>::InnerIterator it(x, j); it; ++it) {
      rows.push_back(static_cast<int>(j));  // cell
      cols.push_back(static_cast<int>(it.row()));  // inner cell
      elements.push_back(it.value());
    }
  }
  return CoinPackedMatrix(false, rows.data(), cols.data(), elements.data(), static_cast<CoinBigIndex>(elements.size()));
}

}  // namespace

optimal_result optimal_suppression(const protection_problem& problem, const optimal_options& options) {
  // Size first, before building anything large.
  std::size_t n_cells = 0;
  if (problem.model_matrix.size() > 0) {
    n_cells = static_cast<std::size_t>(problem.model_matrix.cols());
  } else {
    if (problem.categories.empty() || problem.categories.size() > 4) {
      throw invalid_input(errc::invalid_argument, "a table has 1 to 4 dimensions, got " +
                                                      std::to_string(problem.categories.size()));
    }
    n_cells = 1;
    for (auto k : problem.categories) {
      if (k == 0) throw invalid_input(errc::invalid_argument, "a dimension of the table has no categories");
      n_cells *= k + 1;
    }
  }
  if (n_cells > options.max_cells) {
    throw invalid_input(errc::too_many_categories,
                        "the optimal mode is for small tables: this one has " + std::to_string(n_cells) +
                            " cells, above max_cells = " + std::to_string(options.max_cells) +
                            "; use Gauss suppression or raise the limit");
  }
  check_problem_lengths(problem, n_cells);
  check_cell_count(options.upper_protection.size(), "upper_protection", true, n_cells);
  check_cell_count(options.lower_protection.size(), "lower_protection", true, n_cells);
  if (!(options.minimum_level >= 0.0) || !std::isfinite(options.minimum_level)) {
    throw invalid_input(errc::invalid_argument, "minimum_level must be a non-negative number");
  }
  if (!(options.deviation_factor == 0.0 || options.deviation_factor >= 1.0) || !std::isfinite(options.deviation_factor)) {
    throw invalid_input(errc::invalid_argument, "deviation_factor must be 0 (no cap) or at least 1");
  }
  auto flag = [](const std::vector<bool>& v, std::size_t i) { return !v.empty() && v[i]; };
  const std::vector<double>& x = problem.values;
  for (std::size_t i = 0; i < n_cells; ++i) {
    if (!std::isfinite(x[i])) {
      throw invalid_input(errc::missing_value, "cell " + std::to_string(i) + " has no finite value");
    }
    if (options.nonnegative && x[i] < 0) {
      throw invalid_input(errc::negative_value, "cell " + std::to_string(i) + " is negative (" + std::to_string(x[i]) +
                                                    ") in a table declared non-negative");
    }
    if (flag(problem.must_publish, i) && (problem.primary[i] || flag(problem.must_suppress, i))) {
      throw invalid_input(errc::invalid_argument, "cell " + std::to_string(i) +
                                                      " is both to be published and to be suppressed");
    }
    for (const auto* level : {&options.upper_protection, &options.lower_protection}) {
      if (!level->empty() && !((*level)[i] >= 0.0 && std::isfinite((*level)[i]))) {
        throw invalid_input(errc::invalid_argument, "the protection level of cell " + std::to_string(i) +
                                                        " is not a non-negative number");
      }
    }
  }

  optimal_result result;
  // Protection levels.
  {
    auto defaults = default_protection_levels(problem, options.nonnegative);
    result.lower_protection = options.lower_protection.empty() ? defaults.first : options.lower_protection;
    result.upper_protection = options.upper_protection.empty() ? defaults.second : options.upper_protection;
    for (std::size_t i = 0; i < n_cells; ++i) {
      if (!problem.primary[i]) {
        result.lower_protection[i] = result.upper_protection[i] = 0.0;
        continue;
      }
      result.upper_protection[i] = std::max(result.upper_protection[i], options.minimum_level);
      if (options.nonnegative) result.lower_protection[i] = std::min(result.lower_protection[i], x[i]);
    }
  }
  std::vector<intruder_copy> copies;
  for (std::size_t i = 0; i < n_cells; ++i) {
    if (!problem.primary[i]) continue;
    if (result.upper_protection[i] > 0.0) copies.push_back({i, true});
    if (result.lower_protection[i] > 0.0) copies.push_back({i, false});
  }

  const Eigen::SparseMatrix<double> xm =
      problem.model_matrix.size() > 0 ? problem.model_matrix : model_matrix_of(problem.categories);
  const auto n_inner = static_cast<std::size_t>(xm.rows());
  if (copies.size() * n_inner > options.max_intruder_variables) {
    throw invalid_input(errc::too_many_categories,
                        "the optimal mode is for small tables: " + std::to_string(copies.size()) +
                            " intruder copies (primary cells x directions) of " + std::to_string(n_inner) +
                            " inner cells make " + std::to_string(copies.size() * n_inner) +
                            " variables, above max_intruder_variables = " +
                            std::to_string(options.max_intruder_variables) + "; use Gauss suppression");
  }

  // Deviation bounds (see the header): down to 0 for non-negative tables, up to the largest cell.
  double largest = 0.0, largest_level = 0.0;
  for (std::size_t i = 0; i < n_cells; ++i) {
    largest = std::max(largest, std::abs(x[i]));
    largest_level = std::max({largest_level, result.upper_protection[i], result.lower_protection[i]});
  }
  std::vector<double> m_up(n_cells), m_down(n_cells);
  for (std::size_t j = 0; j < n_cells; ++j) {
    if (options.nonnegative) {
      m_up[j] = std::max(largest - x[j], largest_level);
      m_down[j] = x[j];
    } else {
      m_up[j] = m_down[j] = std::max(2.0 * largest, largest_level);
    }
  }
  // Per copy, a cell may move by at most deviation_factor times the copy's level (see the header).
  auto level_of = [&](const intruder_copy& c) {
    return c.upward ? result.upper_protection[c.cell] : result.lower_protection[c.cell];
  };
  auto up_bound = [&](const intruder_copy& c, std::size_t j) {
    return options.deviation_factor > 0.0 ? std::min(m_up[j], options.deviation_factor * level_of(c)) : m_up[j];
  };
  auto down_bound = [&](const intruder_copy& c, std::size_t j) {
    return options.deviation_factor > 0.0 ? std::min(m_down[j], options.deviation_factor * level_of(c)) : m_down[j];
  };
  const double y_lower = options.nonnegative ? 0.0 : -COIN_DBL_MAX;
  std::vector<char> can_suppress(n_cells), must_suppress(n_cells);
  for (std::size_t j = 0; j < n_cells; ++j) {
    can_suppress[j] = !flag(problem.must_publish, j);
    must_suppress[j] = problem.primary[j] || flag(problem.must_suppress, j);
  }

  // Row bounds of one copy's cells for a pattern.
  auto copy_bounds = [&](const intruder_copy& c, const std::vector<char>& suppressed, std::vector<double>& low,
                         std::vector<double>& high) {
    low.resize(n_cells);
    high.resize(n_cells);
    for (std::size_t j = 0; j < n_cells; ++j) {
      if (j == c.cell) {
        low[j] = c.upward ? x[j] + result.upper_protection[j] : x[j] - down_bound(c, j);
        high[j] = c.upward ? x[j] + up_bound(c, j) : x[j] - result.lower_protection[j];
      } else if (suppressed[j]) {
        low[j] = x[j] - down_bound(c, j);
        high[j] = x[j] + up_bound(c, j);
      } else {
        low[j] = high[j] = x[j];
      }
    }
  };

  // LPs of the copies for a fixed pattern (one Clp model, only the row bounds change).
  const CoinPackedMatrix rows_of_cells = cell_rows(xm);
  ClpSimplex lp;
  lp.setLogLevel(0);
  lp.setRandomSeed(options.seed);
  {
    std::vector<double> col_low(n_inner, y_lower), col_high(n_inner, COIN_DBL_MAX), obj(n_inner, 0.0);
    std::vector<double> row_low(n_cells, 0.0), row_high(n_cells, 0.0);
    lp.loadProblem(rows_of_cells, col_low.data(), col_high.data(), obj.data(), row_low.data(), row_high.data());
  }
  // Solves every copy; returns false at the first infeasible one unless `all`, in which case
  // `feasible` tells which. Solutions go to `y` (copy-major).
  auto solve_copies = [&](const std::vector<char>& suppressed, const std::vector<std::size_t>& which,
                          std::vector<double>& y, std::vector<char>* feasible) {
    std::vector<double> low, high;
    bool all_feasible = true;
    for (std::size_t k = 0; k < which.size(); ++k) {
      copy_bounds(copies[which[k]], suppressed, low, high);
      for (std::size_t j = 0; j < n_cells; ++j) {
        lp.setRowBounds(static_cast<int>(j), low[j], high[j]);
      }
      lp.dual();
      if (lp.status() == 0 && lp.isProvenOptimal()) {
        const double* solution = lp.primalColumnSolution();
        std::copy(solution, solution + n_inner, y.begin() + static_cast<std::ptrdiff_t>(k * n_inner));
        if (feasible) (*feasible)[k] = 1;
      } else {
        if (lp.status() != 1) {  // neither optimal nor proven infeasible
          throw internal_error("the LP solver stopped without an answer (status " + std::to_string(lp.status()) + ")");
        }
        all_feasible = false;
        if (feasible) {
          (*feasible)[k] = 0;
        } else {
          return false;
        }
      }
    }
    return all_feasible;
  };

  // (1) Every allowed cell suppressed: which copies can be satisfied at all.
  std::vector<std::size_t> all_copies(copies.size());
  for (std::size_t k = 0; k < copies.size(); ++k) all_copies[k] = k;
  std::vector<double> y_all(copies.size() * n_inner, 0.0);
  std::vector<char> satisfiable(copies.size(), 0);
  solve_copies(can_suppress, all_copies, y_all, &satisfiable);
  std::vector<char> unprotected(n_cells, 0);
  std::vector<std::size_t> kept;
  std::vector<double> y_start;
  for (std::size_t k = 0; k < copies.size(); ++k) {
    if (!satisfiable[k]) {
      unprotected[copies[k].cell] = 1;
      continue;
    }
    kept.push_back(k);
    y_start.insert(y_start.end(), y_all.begin() + static_cast<std::ptrdiff_t>(k * n_inner),
                   y_all.begin() + static_cast<std::ptrdiff_t>((k + 1) * n_inner));
  }
  std::vector<char> s_start = can_suppress;

  // Costs; cells of cost 0 get a small one so that no free cell is suppressed for nothing.
  const std::vector<double>& frequency = problem.frequencies.empty() ? x : problem.frequencies;
  std::vector<double> cost(n_cells, 0.0);
  double smallest_positive = std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j < n_cells; ++j) {
    switch (options.cost) {
      case suppression_cost::value: cost[j] = std::abs(x[j]); break;
      case suppression_cost::frequency: cost[j] = std::abs(frequency[j]); break;
      case suppression_cost::unity: cost[j] = 1.0; break;
    }
    if (cost[j] > 0.0) smallest_positive = std::min(smallest_positive, cost[j]);
  }
  if (!std::isfinite(smallest_positive)) smallest_positive = 1.0;
  const double tie_cost = smallest_positive / static_cast<double>(n_cells + 1);
  std::size_t n_free_zero_cost = 0;
  std::vector<double> objective(n_cells, 0.0);
  for (std::size_t j = 0; j < n_cells; ++j) {
    if (must_suppress[j] || !can_suppress[j]) continue;  // fixed: a constant
    objective[j] = cost[j] > 0.0 ? cost[j] : tie_cost;
    n_free_zero_cost += cost[j] > 0.0 ? 0 : 1;
  }
  auto pattern_objective = [&](const std::vector<char>& s) {
    double total = 0.0;
    for (std::size_t j = 0; j < n_cells; ++j) total += s[j] ? objective[j] : 0.0;
    return total;
  };

  // Flat tables: the relations (every margin minus its members is 0) for the inequalities.
  const bool flat = problem.model_matrix.size() == 0;
  std::vector<std::vector<std::pair<std::size_t, double>>> relations;
  if (flat) {
    const Eigen::SparseMatrix<double, Eigen::RowMajor> a = linear_relations_of(problem.categories).matrix;
    relations.resize(static_cast<std::size_t>(a.rows()));
    for (Eigen::Index r = 0; r < a.rows(); ++r) {
      for (Eigen::SparseMatrix<double, Eigen::RowMajor>::InnerIterator it(a, r); it; ++it) {
        relations[static_cast<std::size_t>(r)].emplace_back(static_cast<std::size_t>(it.col()), it.value());
      }
    }
  }
  // A secondary cell alone among the suppressed cells of a relation is computed from it, so
  // publishing it changes no intruder's knowledge and saves its cost: an optimal pattern has no
  // such cell (the "not alone" inequalities of step 3). Removes them from a start pattern.
  auto drop_derivable = [&](std::vector<char>& s) {
    for (bool changed = true; changed;) {
      changed = false;
      for (const auto& relation : relations) {
        std::size_t n_suppressed = 0, last = 0;
        for (const auto& member : relation) {
          if (!s[member.first]) continue;
          ++n_suppressed;
          last = member.first;
        }
        if (n_suppressed == 1 && !must_suppress[last]) {
          s[last] = 0;
          changed = true;
        }
      }
    }
  };

  // (2) The Gauss pattern (repaired when the audit finds a primary cell too narrow) as a
  // cheaper start, if it meets the levels of the model's bounded intruders.
  if (options.start_from_gauss && !kept.empty()) {
    gauss_options gauss;
    gauss.cost = options.cost;
    gauss.singletons = singleton_method::none;
    gauss.zeros_known = options.nonnegative;
    const protection_result g = gauss_suppression(problem, gauss);
    auto try_start = [&](const std::vector<cell_protection>& status) {
      std::vector<char> s(n_cells, 0);
      for (std::size_t j = 0; j < n_cells; ++j) s[j] = status[j] != cell_protection::published || must_suppress[j];
      drop_derivable(s);
      std::vector<double> y(kept.size() * n_inner, 0.0);
      if (pattern_objective(s) >= pattern_objective(s_start) || !solve_copies(s, kept, y, nullptr)) return false;
      s_start = s;
      y_start = y;
      result.started_from_gauss = true;
      return true;
    };
    if (!try_start(g.status) && g.unprotected.empty()) {
      interval_repair_options repair;
      repair.cost = options.cost;
      repair.upper_protection = result.upper_protection;
      repair.lower_protection = result.lower_protection;
      repair.nonnegative = options.nonnegative;
      try_start(repair_protection_intervals(problem, g, repair).protection.status);
    }
  }
  if (!result.started_from_gauss && flat) {
    // Every allowed cell suppressed, less the derivable ones; its intruders' solutions again.
    std::vector<char> s = s_start;
    drop_derivable(s);
    std::vector<double> y(kept.size() * n_inner, 0.0);
    if (solve_copies(s, kept, y, nullptr)) {
      s_start = s;
      y_start = y;
    }
  }
  // The "not alone" inequalities hold for the start only if it has no derivable cell.
  bool not_alone_cuts = flat;
  if (flat) {
    std::vector<char> s = s_start;
    drop_derivable(s);
    not_alone_cuts = s == s_start;
  }

  // Nothing to protect (or nothing protectable): only the cells that must be suppressed.
  if (kept.empty()) s_start = must_suppress;
  std::vector<char> s_best = s_start;
  bool proven = kept.empty();
  double bound = 0.0;
  if (!kept.empty()) {
    // (3) The compact model: columns s (n_cells), then y per kept copy.
    const std::size_t n_cols = n_cells + kept.size() * n_inner;
    std::vector<double> col_low(n_cols, y_lower), col_high(n_cols, COIN_DBL_MAX), obj(n_cols, 0.0);
    for (std::size_t j = 0; j < n_cells; ++j) {
      col_low[j] = must_suppress[j] ? 1.0 : 0.0;
      col_high[j] = can_suppress[j] ? 1.0 : 0.0;
      obj[j] = objective[j];
    }
    std::vector<int> r_index, c_index;
    std::vector<double> element, row_low, row_high;
    const Eigen::SparseMatrix<double>& xc = xm;  // column j: the inner cells of cell j
    for (std::size_t k = 0; k < kept.size(); ++k) {
      const intruder_copy& c = copies[kept[k]];
      const std::size_t offset = n_cells + k * n_inner;
      for (std::size_t j = 0; j < n_cells; ++j) {
        auto add_row = [&](double s_coefficient, double low, double high) {
          const int row = static_cast<int>(row_low.size());
          for (Eigen::SparseMatrix<double>::InnerIterator it(xc, static_cast<Eigen::Index>(j)); it; ++it) {
            r_index.push_back(row);
            c_index.push_back(static_cast<int>(offset + static_cast<std::size_t>(it.row())));
            element.push_back(it.value());
          }
          if (s_coefficient != 0.0) {
            r_index.push_back(row);
            c_index.push_back(static_cast<int>(j));
            element.push_back(s_coefficient);
          }
          row_low.push_back(low);
          row_high.push_back(high);
        };
        if (j == c.cell) {
          if (c.upward) {
            add_row(0.0, x[j] + result.upper_protection[j], x[j] + up_bound(c, j));
          } else {
            add_row(0.0, x[j] - down_bound(c, j), x[j] - result.lower_protection[j]);
          }
        } else if (!can_suppress[j]) {
          add_row(0.0, x[j], x[j]);
        } else {
          add_row(-up_bound(c, j), -COIN_DBL_MAX, x[j]);  // X_j'y - x_j <= M_up s_j
          // x_j - X_j'y <= M_down s_j; implied by y >= 0 when the cell is 0.
          if (!(options.nonnegative && x[j] == 0.0)) add_row(down_bound(c, j), x[j], COIN_DBL_MAX);
        }
      }
    }
    // Inequalities on s from the relations of a flat table (valid for the model, so the
    // optimum is unchanged; they only strengthen the relaxation, which the big-M copies leave
    // weak). Capacity: in a relation holding primary p, a copy moving p by its level L must be
    // balanced by the other cells of the relation, each moving by at most its bound in the
    // needed direction, so sum over them of min(bound, L) s_k >= L. Not alone: a free cell is
    // suppressed only with another suppressed cell in each of its relations (see drop_derivable).
    auto add_s_row = [&](const std::vector<std::pair<std::size_t, double>>& terms, double low) {
      const int row = static_cast<int>(row_low.size());
      for (const auto& [j, coefficient] : terms) {
        r_index.push_back(row);
        c_index.push_back(static_cast<int>(j));
        element.push_back(coefficient);
      }
      row_low.push_back(low);
      row_high.push_back(COIN_DBL_MAX);
    };
    std::vector<std::pair<std::size_t, double>> terms;
    for (const auto& relation : relations) {
      for (std::size_t k = 0; k < kept.size(); ++k) {
        const intruder_copy& c = copies[kept[k]];
        double a_p = 0.0;
        for (const auto& member : relation) {
          if (member.first == c.cell) a_p = member.second;
        }
        if (a_p == 0.0) continue;
        const double level = level_of(c);
        // The others must change the relation's sum by -a_p * (move of p).
        const double sign = c.upward ? -a_p : a_p;
        terms.clear();
        for (const auto& [j, a_j] : relation) {
          if (j == c.cell || !can_suppress[j]) continue;
          const double cap = std::min(sign * a_j > 0 ? up_bound(c, j) : down_bound(c, j), level);
          if (cap > 0.0) terms.emplace_back(j, cap);
        }
        add_s_row(terms, level);
      }
      if (!not_alone_cuts) continue;
      for (const auto& member : relation) {
        const std::size_t j = member.first;
        if (!can_suppress[j] || must_suppress[j]) continue;
        terms.clear();
        terms.emplace_back(j, -1.0);
        for (const auto& other : relation) {
          if (other.first != j && can_suppress[other.first]) terms.emplace_back(other.first, 1.0);
        }
        add_s_row(terms, 0.0);
      }
    }
    const CoinPackedMatrix matrix(false, r_index.data(), c_index.data(), element.data(),
                                  static_cast<CoinBigIndex>(element.size()));
    OsiClpSolverInterface solver;
    solver.messageHandler()->setLogLevel(0);
    solver.getModelPtr()->setLogLevel(0);
    solver.getModelPtr()->setRandomSeed(options.seed);
    solver.loadProblem(matrix, col_low.data(), col_high.data(), obj.data(), row_low.data(), row_high.data());
    for (std::size_t j = 0; j < n_cells; ++j) solver.setInteger(static_cast<int>(j));

    CbcModel model(solver);
    model.setLogLevel(0);
    model.messageHandler()->setLogLevel(0);
    model.solver()->messageHandler()->setLogLevel(0);
    if (auto* clp = dynamic_cast<OsiClpSolverInterface*>(model.solver())) clp->getModelPtr()->setLogLevel(0);
    model.setRandomSeed(options.seed);
    model.setNumberThreads(0);
    if (options.time_limit_seconds > 0.0) model.setMaximumSeconds(options.time_limit_seconds);

    // Cut generators and heuristics as in Cbc's own samples; owned here, copied by the model.
    CglProbing probing;
    probing.setUsingObjective(true);
    probing.setMaxPass(1);
    probing.setMaxPassRoot(5);
    probing.setMaxProbe(10);
    probing.setMaxProbeRoot(50);
    probing.setMaxLook(10);
    probing.setMaxLookRoot(50);
    probing.setMaxElements(200);
    probing.setRowCuts(3);
    CglGomory gomory;
    gomory.setLimit(300);
    CglKnapsackCover knapsack;
    CglClique clique;
    clique.setStarCliqueReport(false);
    clique.setRowCliqueReport(false);
    CglMixedIntegerRounding2 rounding;
    CglFlowCover flow;
    model.addCutGenerator(&probing, -1, "Probing");
    model.addCutGenerator(&gomory, -1, "Gomory");
    model.addCutGenerator(&knapsack, -1, "Knapsack");
    model.addCutGenerator(&clique, -1, "Clique");
    model.addCutGenerator(&rounding, -1, "MixedIntegerRounding2");
    model.addCutGenerator(&flow, -1, "FlowCover");
    CbcRounding heuristic_rounding(model);
    model.addHeuristic(&heuristic_rounding);
    CbcHeuristicLocal heuristic_local(model);
    model.addHeuristic(&heuristic_local);
    CbcHeuristicFPump heuristic_pump(model);
    model.addHeuristic(&heuristic_pump);

    // The start: pattern s_start with its intruders' solutions.
    std::vector<double> start(n_cols, 0.0);
    for (std::size_t j = 0; j < n_cells; ++j) start[j] = s_start[j] ? 1.0 : 0.0;
    std::copy(y_start.begin(), y_start.end(), start.begin() + static_cast<std::ptrdiff_t>(n_cells));
    model.setBestSolution(start.data(), static_cast<int>(n_cols), pattern_objective(s_start), true);

    model.initialSolve();
    model.branchAndBound();
    result.n_nodes = static_cast<std::size_t>(std::max(0, model.getNodeCount()));
    proven = model.isProvenOptimal();
    if (const double* best = model.bestSolution()) {
      std::vector<char> s(n_cells, 0);
      for (std::size_t j = 0; j < n_cells; ++j) s[j] = best[j] > 0.5;
      if (pattern_objective(s) <= pattern_objective(s_best) + 1e-9) s_best = s;
    }
    bound = model.getBestPossibleObjValue();
    if (!std::isfinite(bound) || bound > pattern_objective(s_best)) bound = pattern_objective(s_best);
    if (proven) bound = std::min(bound, pattern_objective(s_best));
  }
  result.solution_found = true;  // the start pattern always protects the satisfiable copies
  result.proven_optimal = proven;

  protection_result& out = result.protection;
  out.status.assign(n_cells, cell_protection::published);
  double constant = 0.0;
  for (std::size_t j = 0; j < n_cells; ++j) {
    if (problem.primary[j]) {
      out.status[j] = cell_protection::primary;
      ++out.n_primary;
      if (unprotected[j]) out.unprotected.push_back(j);
      continue;
    }
    if (s_best[j] || must_suppress[j]) {
      out.status[j] = cell_protection::secondary;
      ++out.n_secondary;
      result.objective += cost[j];
      if (must_suppress[j]) constant += cost[j];
    }
  }
  // The bound is on the internal objective (free cells, zero costs replaced by tie_cost).
  result.bound = proven ? result.objective
                        : std::max(constant, constant + bound - tie_cost * static_cast<double>(n_free_zero_cost));
  result.bound = std::min(result.bound, result.objective);
  return result;
}

}  // namespace sdc
