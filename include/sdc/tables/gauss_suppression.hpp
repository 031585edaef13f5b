// SPDX-License-Identifier: MIT
/// @file gauss_suppression.hpp
/// @brief Secondary cell suppression by Gaussian elimination, without a solver (the idea of
/// Langsrud 2019, "Secondary cell suppression by Gaussian elimination: an algorithm suitable
/// for handling issues of zeros and singletons", Statistical Journal of the IAOS / SJS;
/// implemented here from the paper's idea, not from the GaussSuppression R package).
///
/// Every cell is the sum of inner cells: `x = X' y` with X the model matrix
/// (linear_relations.hpp). Whoever sees the published cells P knows the space
/// `V = span{X_j : j in P}`, and a suppressed cell p can be computed exactly iff `X_p` lies in
/// V. Candidates for publication are taken in order of decreasing cost (the costliest to
/// suppress first); a candidate is published unless that would put a primary cell in the span
/// of the published cells, otherwise it becomes a secondary suppression. Elimination keeps V
/// in echelon form and every primary cell's column reduced modulo V, so "does publishing c
/// reveal p" is "is p's reduced column a multiple of c's reduced column".
///
/// Zeros (non-negative contributions): a suppressed zero is at its bound 0, where an interval
/// attack (audit.hpp) succeeds without linear dependence. As in the paper, zero inner cells
/// are taken as known to the intruder (their rows are removed from X), except below a primary
/// zero. The zero inner cells below primary zeros, and the singleton primaries, are "units"
/// that must stay linearly independent modulo what is known: then each zero inner cell can
/// grow on its own (so no primary zero is pinned at 0) and no group of singleton contributors
/// learns another singleton. Every other primary cell must stay outside the span of what is
/// known plus all units, so that no sign argument on zeros and no singleton contributor (or
/// group of them) pins it; singletons inside the cell itself are exempt, since their
/// contributors are the cell's own. Under these conditions no primary cell is exactly
/// disclosed by the audit's linear programs with bounds `x >= 0` (tested on thousands of
/// random tables).
///
/// Singletons (singleton_method::coalition) are cells with one contributor among the primary
/// cells; a cell with one contributor must not be protected only by another singleton, since
/// that contributor knows its own value.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include "sdc/core/error.hpp"
#include "sdc/tables/build_table.hpp"
#include "sdc/tables/check_table.hpp"
#include "sdc/tables/linear_relations.hpp"
#include "sdc/tables/table.hpp"

namespace sdc {

/// @brief What it costs to suppress a cell; candidates are published in order of decreasing
/// cost, so the cheapest cells become secondary suppressions.
enum class suppression_cost {
  value,      ///< the absolute cell value (magnitude tables: suppress small totals)
  frequency,  ///< the number of contributors (frequency tables)
  unity       ///< every cell alike: fewest suppressions, ties broken towards inner cells
};

/// @brief Stable name of a cost ("value", "frequency", "unity").
inline constexpr std::string_view to_string(suppression_cost value) noexcept {
  switch (value) {
    case suppression_cost::value: return "value";
    case suppression_cost::frequency: return "frequency";
    case suppression_cost::unity: return "unity";
  }
  return "value";
}

/// @brief Parses "value", "frequency" or "unity".
/// @throws invalid_input for another name.
inline suppression_cost suppression_cost_from_string(std::string_view name) {
  if (name == "value") return suppression_cost::value;
  if (name == "frequency" || name == "freq") return suppression_cost::frequency;
  if (name == "unity") return suppression_cost::unity;
  throw invalid_input(errc::invalid_argument,
                      "unknown suppression cost '" + std::string(name) + "'; expected value, frequency or unity");
}

/// @brief How cells with a single contributor are handled.
enum class singleton_method {
  none,      ///< plain linear protection
  coalition  ///< no singleton contributor, nor a group of them, can derive a primary cell
};

/// @brief Stable name of a singleton method ("none", "coalition").
inline constexpr std::string_view to_string(singleton_method value) noexcept {
  return value == singleton_method::none ? "none" : "coalition";
}

/// @brief Parses "none" or "coalition".
/// @throws invalid_input for another name.
inline singleton_method singleton_method_from_string(std::string_view name) {
  if (name == "none") return singleton_method::none;
  if (name == "coalition") return singleton_method::coalition;
  throw invalid_input(errc::invalid_argument,
                      "unknown singleton method '" + std::string(name) + "'; expected none or coalition");
}

/// @brief What happens to a cell in the protected table.
enum class cell_protection {
  published,  ///< released
  primary,    ///< suppressed because it fails a primary rule
  secondary   ///< suppressed to protect a primary cell (or because it was forced)
};

/// @brief Stable name of a protection status ("published", "primary", "secondary").
inline constexpr std::string_view to_string(cell_protection value) noexcept {
  switch (value) {
    case cell_protection::published: return "published";
    case cell_protection::primary: return "primary";
    case cell_protection::secondary: return "secondary";
  }
  return "published";
}

/// @brief Options of Gauss suppression.
struct gauss_options {
  /// Order of the candidates.
  suppression_cost cost = suppression_cost::value;
  /// Singleton handling.
  singleton_method singletons = singleton_method::coalition;
  /// Take zero inner cells as known to the intruder (valid when no contribution is negative;
  /// protect_table switches it off for tables with negative contributions).
  bool zeros_known = true;
};

/// @brief A table to protect, given by its shape and per-cell numbers (cells in row-major
/// order over 0..K_d with the margin last, as in sdc::table).
struct protection_problem {
  std::vector<std::size_t> categories;  ///< K_d per dimension (1 to 4 dimensions)
  std::vector<double> values;           ///< cell values (costs and zeros)
  std::vector<double> frequencies;      ///< contributors per cell (empty: the values)
  std::vector<bool> primary;            ///< cells failing a primary rule
  std::vector<bool> must_publish;       ///< cells that must be published (empty: none)
  std::vector<bool> must_suppress;      ///< cells that must be suppressed (empty: none)
};

/// @brief Outcome of secondary suppression.
struct protection_result {
  std::vector<cell_protection> status;  ///< one per cell
  std::size_t n_primary = 0;            ///< primary suppressions
  std::size_t n_secondary = 0;          ///< secondary suppressions (forced ones included)
  /// Primary cells that remain derivable: derivable whatever is suppressed (e.g. a singleton
  /// equal to a combination of other singletons) or given away by a cell that must be
  /// published. Empty when the protection succeeded.
  std::vector<std::size_t> unprotected;
  /// Cells that had to be published although publishing them discloses a primary cell.
  std::vector<std::size_t> conflicts;
};

namespace detail {

/// Sparse vector sorted by index.
struct sparse_vector {
  std::vector<std::uint32_t> index;
  std::vector<double> value;
  bool empty() const noexcept { return index.empty(); }
  std::size_t size() const noexcept { return index.size(); }
  double at(std::uint32_t i) const {
    auto it = std::lower_bound(index.begin(), index.end(), i);
    return it != index.end() && *it == i ? value[static_cast<std::size_t>(it - index.begin())] : 0.0;
  }
};

inline constexpr double gauss_epsilon = 1e-9;

/// A basis in echelon form by creation order: vector j is zero at the pivots of vectors 0..j-1,
/// and its pivot entry is 1. Pivots are chosen by a row priority (highest first), so that the
/// rows least likely to be hit by later vectors carry the pivots.
class echelon_basis {
 public:
  echelon_basis(std::size_t n_rows, const std::vector<std::uint64_t>& priority)
      : priority_(&priority), owner_(n_rows, -1), work_(n_rows, 0.0), touched_flag_(n_rows, 0) {}

  std::size_t size() const noexcept { return vectors_.size(); }

  /// Reduces the 0/1 vector with the given support modulo the basis; optionally records the
  /// multiples of the basis vectors subtracted (result = vector - sum coefficient * b_j).
  sparse_vector reduce(const std::vector<std::uint32_t>& support,
                       std::vector<std::pair<std::uint32_t, double>>* multipliers = nullptr) {
    if (multipliers) multipliers->clear();
    std::priority_queue<std::uint32_t, std::vector<std::uint32_t>, std::greater<std::uint32_t>> heap;
    for (auto r : support) {
      touch(r);
      work_[r] += 1.0;
      const std::int64_t o = owner_[r];
      if (o >= 0 && !queued_[static_cast<std::size_t>(o)]) {
        queued_[static_cast<std::size_t>(o)] = 1;
        heap.push(static_cast<std::uint32_t>(o));
      }
    }
    while (!heap.empty()) {
      const std::uint32_t j = heap.top();
      heap.pop();
      queued_[j] = 0;
      const std::uint32_t pivot = pivots_[j];
      const double coefficient = work_[pivot];
      if (std::abs(coefficient) <= gauss_epsilon) {
        work_[pivot] = 0.0;
        continue;
      }
      if (multipliers) multipliers->emplace_back(j, coefficient);
      const sparse_vector& b = vectors_[j];
      for (std::size_t e = 0; e < b.size(); ++e) {
        const std::uint32_t r = b.index[e];
        touch(r);
        work_[r] -= coefficient * b.value[e];
        const std::int64_t o = owner_[r];
        if (o > static_cast<std::int64_t>(j) && !queued_[static_cast<std::size_t>(o)]) {
          queued_[static_cast<std::size_t>(o)] = 1;
          heap.push(static_cast<std::uint32_t>(o));
        }
      }
      work_[pivot] = 0.0;
    }
    sparse_vector result;
    std::sort(touched_.begin(), touched_.end());
    for (auto r : touched_) {
      if (std::abs(work_[r]) > gauss_epsilon && owner_[r] < 0) {
        result.index.push_back(r);
        result.value.push_back(work_[r]);
      }
      work_[r] = 0.0;
      touched_flag_[r] = 0;
    }
    touched_.clear();
    return result;
  }

  /// The row a reduced (nonzero) vector would pivot on.
  std::uint32_t choose_pivot(const sparse_vector& v) const {
    std::size_t best = 0;
    for (std::size_t e = 1; e < v.size(); ++e) {
      const auto pe = (*priority_)[v.index[e]], pb = (*priority_)[v.index[best]];
      if (pe > pb || (pe == pb && std::abs(v.value[e]) > std::abs(v.value[best]) + gauss_epsilon)) best = e;
    }
    return v.index[best];
  }

  /// Adds a reduced vector already normalised to 1 at `pivot`.
  void add(sparse_vector v, std::uint32_t pivot) {
    owner_[pivot] = static_cast<std::int64_t>(vectors_.size());
    pivots_.push_back(pivot);
    queued_.push_back(0);
    vectors_.push_back(std::move(v));
  }

 private:
  void touch(std::uint32_t r) {
    if (!touched_flag_[r]) {
      touched_flag_[r] = 1;
      touched_.push_back(r);
    }
  }

  const std::vector<std::uint64_t>* priority_;
  std::vector<std::int64_t> owner_;  // row -> index of the vector pivoting on it, or -1
  std::vector<std::uint32_t> pivots_;
  std::vector<sparse_vector> vectors_;
  std::vector<char> queued_;
  std::vector<double> work_;
  std::vector<char> touched_flag_;
  std::vector<std::uint32_t> touched_;
};

/// Divides v by its entry at `pivot`; returns that entry.
inline double normalise(sparse_vector& v, std::uint32_t pivot) {
  const double p = v.at(pivot);
  for (auto& x : v.value) x /= p;
  for (std::size_t e = 0; e < v.size(); ++e) {
    if (v.index[e] == pivot) v.value[e] = 1.0;
  }
  return p;
}

/// a + factor * b for sparse vectors sorted by index (entries ~0 dropped).
inline sparse_vector add_scaled(const sparse_vector& a, const sparse_vector& b, double factor) {
  sparse_vector out;
  std::size_t i = 0, k = 0;
  while (i < a.size() || k < b.size()) {
    std::uint32_t r;
    double x;
    if (k == b.size() || (i < a.size() && a.index[i] < b.index[k])) {
      r = a.index[i];
      x = a.value[i++];
    } else if (i == a.size() || b.index[k] < a.index[i]) {
      r = b.index[k];
      x = factor * b.value[k++];
    } else {
      r = a.index[i];
      x = a.value[i++] + factor * b.value[k++];
    }
    if (std::abs(x) > gauss_epsilon) {
      out.index.push_back(r);
      out.value.push_back(x);
    }
  }
  return out;
}

/// sum_j sign * coefficient_j * lambdas[j] over the recorded multipliers.
inline sparse_vector combine(const std::vector<std::pair<std::uint32_t, double>>& multipliers,
                             const std::vector<sparse_vector>& lambdas, double sign) {
  sparse_vector out;
  for (const auto& [j, coefficient] : multipliers) {
    if (!lambdas[j].empty()) out = add_scaled(out, lambdas[j], sign * coefficient);
  }
  return out;
}

/// Whether two sorted id lists share an element.
inline bool intersects(const sparse_vector& v, const std::vector<std::uint32_t>& ids) {
  std::size_t i = 0, k = 0;
  while (i < v.size() && k < ids.size()) {
    if (v.index[i] == ids[k]) return true;
    if (v.index[i] < ids[k]) {
      ++i;
    } else {
      ++k;
    }
  }
  return false;
}

/// Columns of primary cells, kept reduced modulo a basis as it grows. Each target also keeps
/// `lambda`, the coefficients on the singletons of its column modulo the basis minus its reduced
/// column (only used with singletons): when the reduced column vanishes, the cell equals that
/// combination of singletons modulo what is known.
class reduced_targets {
 public:
  explicit reduced_targets(std::size_t n_rows) : users_(n_rows) {}

  /// Adds a target (already reduced, not zero) with its singleton coefficients and the ids of
  /// the singletons it contains (sorted); returns its id.
  std::size_t add(std::size_t cell, sparse_vector v, sparse_vector lambda, std::vector<std::uint32_t> inside) {
    const std::size_t id = cells_.size();
    for (auto r : v.index) users_[r].push_back(static_cast<std::uint32_t>(id));
    cells_.push_back(cell);
    vectors_.push_back(std::move(v));
    lambdas_.push_back(std::move(lambda));
    inside_.push_back(std::move(inside));
    return id;
  }

  std::size_t cell(std::size_t id) const { return cells_[id]; }

  /// Whether target `id`, whose column would become the combination `lambda` of singletons
  /// modulo what is known, is then derivable by someone outside it: the combination must
  /// involve a singleton inside the cell (its contributor knows part of the cell anyway).
  bool disclosed_by(std::size_t id, const sparse_vector& lambda) const {
    return !intersects(lambda, inside_[id]);
  }

  /// Targets that are multiples of `c` (normalised to 1 at `pivot`) and would be disclosed by
  /// publishing it; `lambda_c` is c's singleton combination (empty without singletons).
  bool any_disclosed(const sparse_vector& c, std::uint32_t pivot, const sparse_vector& lambda_c) const {
    for (auto id : users_[pivot]) {
      const sparse_vector& p = vectors_[id];
      if (p.size() != c.size() || p.empty()) continue;
      const double alpha = p.at(pivot);
      if (alpha == 0.0) continue;
      bool same = true;
      for (std::size_t e = 0; e < p.size() && same; ++e) {
        same = p.index[e] == c.index[e] &&
               std::abs(p.value[e] - alpha * c.value[e]) <= 1e-7 * std::max(1.0, std::abs(p.value[e]));
      }
      if (!same) continue;
      if (inside_[id].empty() || disclosed_by(id, add_scaled(lambdas_[id], lambda_c, alpha))) return true;
    }
    return false;
  }

  /// Reduces every target by a new basis vector (normalised to 1 at `pivot`, singleton
  /// combination `lambda_b`); returns the cells that became derivable.
  std::vector<std::size_t> update(const sparse_vector& b, std::uint32_t pivot, const sparse_vector& lambda_b) {
    std::vector<std::size_t> derivable;
    std::vector<std::uint32_t> users;
    users.swap(users_[pivot]);
    for (auto id : users) {
      sparse_vector& p = vectors_[id];
      const double alpha = p.at(pivot);
      if (alpha == 0.0) continue;
      sparse_vector merged;
      merged.index.reserve(p.size() + b.size());
      merged.value.reserve(p.size() + b.size());
      std::size_t i = 0, k = 0;
      while (i < p.size() || k < b.size()) {
        std::uint32_t r;
        double x;
        bool fresh = false;
        if (k == b.size() || (i < p.size() && p.index[i] < b.index[k])) {
          r = p.index[i];
          x = p.value[i++];
        } else if (i == p.size() || b.index[k] < p.index[i]) {
          r = b.index[k];
          x = -alpha * b.value[k++];
          fresh = true;
        } else {
          r = p.index[i];
          x = p.value[i++] - alpha * b.value[k++];
        }
        if (r == pivot || std::abs(x) <= gauss_epsilon) continue;
        merged.index.push_back(r);
        merged.value.push_back(x);
        if (fresh) users_[r].push_back(id);
      }
      p = std::move(merged);
      if (!lambda_b.empty()) lambdas_[id] = add_scaled(lambdas_[id], lambda_b, alpha);
      if (p.empty() && (inside_[id].empty() || disclosed_by(id, lambdas_[id]))) derivable.push_back(cells_[id]);
    }
    return derivable;
  }

 private:
  std::vector<std::size_t> cells_;
  std::vector<sparse_vector> vectors_;
  std::vector<sparse_vector> lambdas_;
  std::vector<std::vector<std::uint32_t>> inside_;
  std::vector<std::vector<std::uint32_t>> users_;  // row -> targets that may be nonzero there
};

/// Whether `ancestor` contains `cell` (every coordinate equal or a margin).
inline bool contains_cell(const table_shape& shape, std::size_t ancestor, std::size_t cell) {
  for (std::size_t d = 0; d < shape.categories.size(); ++d) {
    const std::size_t a = shape.coordinate(ancestor, d);
    if (a != shape.categories[d] && a != shape.coordinate(cell, d)) return false;
  }
  return true;
}

}  // namespace detail

/// @brief Chooses secondary suppressions so that no primary cell can be computed from the
/// published cells (see the file comment for the method, zeros and singletons).
///
/// Candidates (cells neither primary nor forced) are published in order of decreasing cost
/// (ties: more margin coordinates first, then table order); forced publications come first.
/// @param problem the shape, values, frequencies and flags of the table
/// @param options cost, singleton handling, zeros
/// @return per-cell status; `unprotected` lists primary cells that stay derivable
/// @throws invalid_input for mismatched lengths or a cell both primary (or forced suppressed)
///   and forced published.
inline protection_result gauss_suppression(const protection_problem& problem, const gauss_options& options = {}) {
  const detail::table_shape shape = detail::make_shape(problem.categories);
  const std::size_t n_cells = shape.n_cells;
  if (problem.categories.empty() || problem.categories.size() > 4) {
    throw invalid_input(errc::invalid_argument, "a table has 1 to 4 dimensions, got " +
                                                    std::to_string(problem.categories.size()));
  }
  auto check_length = [&](std::size_t size, const char* what, bool optional) {
    if ((optional && size == 0) || size == n_cells) return;
    throw invalid_input(errc::length_mismatch, std::string(what) + " has " + std::to_string(size) +
                                                   " entries for a table of " + std::to_string(n_cells) + " cells");
  };
  check_length(problem.values.size(), "values", false);
  check_length(problem.frequencies.size(), "frequencies", true);
  check_length(problem.primary.size(), "primary", false);
  check_length(problem.must_publish.size(), "must_publish", true);
  check_length(problem.must_suppress.size(), "must_suppress", true);
  auto flag = [](const std::vector<bool>& v, std::size_t i) { return !v.empty() && v[i]; };
  const std::vector<double>& frequency = problem.frequencies.empty() ? problem.values : problem.frequencies;
  for (std::size_t i = 0; i < n_cells; ++i) {
    if (flag(problem.must_publish, i) && (problem.primary[i] || flag(problem.must_suppress, i))) {
      throw invalid_input(errc::invalid_argument, "cell " + std::to_string(i) +
                                                      " is both to be published and to be suppressed");
    }
  }

  protection_result result;
  result.status.assign(n_cells, cell_protection::published);
  const std::size_t n_dims = problem.categories.size();
  auto n_margins = [&](std::size_t cell) {
    std::size_t m = 0;
    for (std::size_t d = 0; d < n_dims; ++d) m += shape.coordinate(cell, d) == shape.categories[d];
    return m;
  };

  // Processing order: forced publications, then candidates by decreasing cost.
  std::vector<std::size_t> forced, candidates;
  for (std::size_t i = 0; i < n_cells; ++i) {
    if (problem.primary[i] || flag(problem.must_suppress, i)) continue;
    (flag(problem.must_publish, i) ? forced : candidates).push_back(i);
  }
  auto cost = [&](std::size_t i) {
    switch (options.cost) {
      case suppression_cost::value: return std::abs(problem.values[i]);
      case suppression_cost::frequency: return std::abs(frequency[i]);
      case suppression_cost::unity: return 1.0;
    }
    return 1.0;
  };
  std::stable_sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
    const double ca = cost(a), cb = cost(b);
    if (ca != cb) return ca > cb;
    return n_margins(a) > n_margins(b);
  });
  std::vector<std::size_t> order = forced;
  order.insert(order.end(), candidates.begin(), candidates.end());
  std::vector<std::uint64_t> position(n_cells, n_cells);  // never processed: last
  for (std::size_t k = 0; k < order.size(); ++k) position[order[k]] = k;

  // Rows of X: inner cells, without the zeros known to the intruder.
  bool zero_primary = false;
  for (std::size_t i = 0; i < n_cells; ++i) zero_primary |= problem.primary[i] && problem.values[i] == 0.0;
  const std::vector<std::size_t> inner = inner_cells_of(problem.categories);
  std::vector<char> below_zero_primary(inner.size(), 0);
  const unsigned n_patterns = 1u << n_dims;
  if (zero_primary) {
    for (std::size_t i = 0; i < inner.size(); ++i) {
      for (unsigned pattern = 0; pattern < n_patterns && !below_zero_primary[i]; ++pattern) {
        const std::size_t cell = detail::project(shape, inner[i], pattern);
        below_zero_primary[i] = problem.primary[cell] && problem.values[cell] == 0.0;
      }
    }
  }
  std::vector<std::uint32_t> row_of_inner(inner.size(), std::numeric_limits<std::uint32_t>::max());
  std::vector<std::size_t> inner_of_row;
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (options.zeros_known && problem.values[inner[i]] == 0.0 && !below_zero_primary[i]) continue;
    row_of_inner[i] = static_cast<std::uint32_t>(inner_of_row.size());
    inner_of_row.push_back(inner[i]);
  }
  const std::size_t n_rows = inner_of_row.size();

  // Supports of the columns of X (rows below each cell), in CSR form, rows ascending.
  std::vector<std::size_t> start(n_cells + 1, 0);
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (row_of_inner[i] == std::numeric_limits<std::uint32_t>::max()) continue;
    for (unsigned pattern = 0; pattern < n_patterns; ++pattern) ++start[detail::project(shape, inner[i], pattern) + 1];
  }
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<std::uint32_t> rows(start[n_cells]);
  {
    std::vector<std::size_t> fill(start.begin(), start.end() - 1);
    for (std::size_t i = 0; i < inner.size(); ++i) {
      const std::uint32_t r = row_of_inner[i];
      if (r == std::numeric_limits<std::uint32_t>::max()) continue;
      for (unsigned pattern = 0; pattern < n_patterns; ++pattern) rows[fill[detail::project(shape, inner[i], pattern)]++] = r;
    }
  }
  auto support = [&](std::size_t cell) {
    return std::vector<std::uint32_t>(rows.begin() + static_cast<std::ptrdiff_t>(start[cell]),
                                      rows.begin() + static_cast<std::ptrdiff_t>(start[cell + 1]));
  };

  // Row priority for pivots: rows below no primary cell first, then by lateness of processing.
  std::vector<char> covered(n_rows, 0);
  for (std::size_t i = 0; i < n_cells; ++i) {
    if (!problem.primary[i] && !flag(problem.must_suppress, i)) continue;
    for (std::size_t e = start[i]; e < start[i + 1]; ++e) covered[rows[e]] = 1;
  }
  std::vector<std::uint64_t> priority(n_rows);
  for (std::size_t r = 0; r < n_rows; ++r) {
    priority[r] = (covered[r] ? 0 : static_cast<std::uint64_t>(n_cells) + 1) + position[inner_of_row[r]];
  }

  // Roles (see the file comment): zero inner rows below a primary zero (R0) must stay
  // independent modulo what is known, as must the singleton primaries (S); zero inner rows
  // kept otherwise (zeros not taken as known) count as known; every other primary cell must
  // stay outside the span of all that (except singletons inside it).
  std::vector<std::uint32_t> known_zero_rows, protected_zero_rows;
  for (std::size_t r = 0; r < n_rows; ++r) {
    const std::size_t i = static_cast<std::size_t>(std::lower_bound(inner.begin(), inner.end(), inner_of_row[r]) - inner.begin());
    if (problem.values[inner_of_row[r]] != 0.0) continue;
    (below_zero_primary[i] ? protected_zero_rows : known_zero_rows).push_back(static_cast<std::uint32_t>(r));
  }
  std::vector<std::size_t> singletons, targets;
  for (std::size_t i = 0; i < n_cells; ++i) {
    if (!problem.primary[i] || problem.values[i] == 0.0) continue;  // zeros: through R0
    if (options.singletons == singleton_method::coalition && frequency[i] == 1.0) {
      singletons.push_back(i);
    } else {
      targets.push_back(i);
    }
  }
  const bool two_levels = !protected_zero_rows.empty() || !singletons.empty();
  // Level 1: V + known zeros. Level 2: level 1 + R0 + S, with each vector's combination of
  // the independent units (ids: singletons 0..|S|-1, then the R0 rows).
  detail::echelon_basis level1(n_rows, priority);
  detail::echelon_basis level2(two_levels ? n_rows : 0, priority);
  std::vector<detail::sparse_vector> lambda2;
  detail::reduced_targets tracked(n_rows);
  std::vector<std::pair<std::uint32_t, double>> multipliers;
  const detail::sparse_vector no_lambda;
  for (auto r : known_zero_rows) {
    level1.add(detail::sparse_vector{{r}, {1.0}}, r);
    if (two_levels) {
      level2.add(detail::sparse_vector{{r}, {1.0}}, r);
      lambda2.emplace_back();
    }
  }
  const auto n_singletons = static_cast<std::uint32_t>(singletons.size());
  for (std::size_t k = 0; k < protected_zero_rows.size(); ++k) {
    const std::uint32_t r = protected_zero_rows[k];
    level2.add(detail::sparse_vector{{r}, {1.0}}, r);
    lambda2.push_back(detail::sparse_vector{{n_singletons + static_cast<std::uint32_t>(k)}, {1.0}});
  }
  // Singletons: one that depends on earlier ones (a margin with one contributor equals that
  // contributor's cell, up to zeros) is the same quantity as that combination.
  std::vector<detail::sparse_vector> singleton_ids(n_cells);
  for (std::uint32_t k = 0; k < n_singletons; ++k) {
    const std::size_t cell = singletons[k];
    detail::sparse_vector v = level2.reduce(support(cell), &multipliers);
    detail::sparse_vector lambda = detail::combine(multipliers, lambda2, -1.0);
    if (v.empty()) {
      singleton_ids[cell] = detail::add_scaled(detail::sparse_vector{}, lambda, -1.0);
      continue;
    }
    const detail::sparse_vector own{{k}, {1.0}};
    lambda = detail::add_scaled(lambda, own, 1.0);
    singleton_ids[cell] = own;
    const std::uint32_t pivot = level2.choose_pivot(v);
    const double scale = detail::normalise(v, pivot);
    for (auto& x : lambda.value) x /= scale;
    level2.add(std::move(v), pivot);
    lambda2.push_back(std::move(lambda));
  }
  detail::echelon_basis& top = two_levels ? level2 : level1;

  // Singletons inside each target (ids of the singletons among its contributors).
  std::map<std::size_t, std::vector<std::uint32_t>> inside;
  for (auto cell : singletons) {
    for (unsigned pattern = 1; pattern < n_patterns; ++pattern) {
      const std::size_t ancestor = detail::project(shape, cell, pattern);
      if (ancestor == cell || !problem.primary[ancestor]) continue;
      auto& ids = inside[ancestor];
      for (auto id : singleton_ids[cell].index) {
        if (id < n_singletons) ids.push_back(id);
      }
    }
  }
  for (auto& entry : inside) {
    std::sort(entry.second.begin(), entry.second.end());
    entry.second.erase(std::unique(entry.second.begin(), entry.second.end()), entry.second.end());
  }

  std::vector<char> unprotected(n_cells, 0);
  for (auto p : targets) {
    detail::sparse_vector v = top.reduce(support(p), &multipliers);
    detail::sparse_vector lambda = two_levels ? detail::combine(multipliers, lambda2, 1.0) : detail::sparse_vector{};
    auto found = inside.find(p);
    std::vector<std::uint32_t> ids = found == inside.end() ? std::vector<std::uint32_t>{} : found->second;
    if (v.empty()) {
      // Known before anything is published, unless only with singletons inside it.
      if (!detail::intersects(lambda, ids)) unprotected[p] = 1;
      continue;
    }
    tracked.add(p, std::move(v), std::move(lambda), std::move(ids));
  }
  // Which primary cells a known combination of units gives away (forced publications only).
  auto mark_units = [&](const detail::sparse_vector& known) {
    for (auto cell : singletons) {
      if (detail::intersects(known, singleton_ids[cell].index)) unprotected[cell] = 1;
    }
    for (std::size_t i = 0; i < n_cells; ++i) {
      if (!problem.primary[i] || problem.values[i] != 0.0) continue;
      for (std::size_t e = start[i]; e < start[i + 1]; ++e) {
        const auto it = std::lower_bound(protected_zero_rows.begin(), protected_zero_rows.end(), rows[e]);
        if (it == protected_zero_rows.end() || *it != rows[e]) continue;
        const auto id = n_singletons + static_cast<std::uint32_t>(it - protected_zero_rows.begin());
        if (known.at(id) != 0.0) unprotected[i] = 1;
      }
    }
  };

  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t c = order[k];
    const bool must = k < forced.size();
    const std::vector<std::uint32_t> column = support(c);
    detail::sparse_vector c1 = level1.reduce(column);
    if (c1.empty()) continue;  // already known: publishing it tells nothing new
    const std::uint32_t pivot1 = level1.choose_pivot(c1);
    detail::normalise(c1, pivot1);
    detail::sparse_vector c2, lambda_c;
    std::uint32_t pivot2 = 0;
    bool reveals = false;
    if (two_levels) {
      c2 = level2.reduce(column, &multipliers);
      if (c2.empty()) {
        // A combination of zero inner cells or singletons would become known.
        reveals = true;
        if (must) mark_units(detail::combine(multipliers, lambda2, 1.0));
      } else {
        lambda_c = detail::combine(multipliers, lambda2, -1.0);
        pivot2 = level2.choose_pivot(c2);
        const double scale = detail::normalise(c2, pivot2);
        for (auto& x : lambda_c.value) x /= scale;
        reveals = tracked.any_disclosed(c2, pivot2, lambda_c);
      }
    } else {
      reveals = tracked.any_disclosed(c1, pivot1, no_lambda);
    }
    if (reveals && !must) {
      result.status[c] = cell_protection::secondary;
      continue;
    }
    if (reveals) result.conflicts.push_back(c);
    if (!two_levels) {
      for (auto cell : tracked.update(c1, pivot1, no_lambda)) unprotected[cell] = 1;
    } else if (!c2.empty()) {
      for (auto cell : tracked.update(c2, pivot2, lambda_c)) unprotected[cell] = 1;
      level2.add(std::move(c2), pivot2);
      lambda2.push_back(std::move(lambda_c));
    }
    level1.add(std::move(c1), pivot1);
  }

  for (std::size_t i = 0; i < n_cells; ++i) {
    if (problem.primary[i]) {
      result.status[i] = cell_protection::primary;
      ++result.n_primary;
      if (unprotected[i]) result.unprotected.push_back(i);
    } else if (flag(problem.must_suppress, i)) {
      result.status[i] = cell_protection::secondary;
    }
    if (result.status[i] == cell_protection::secondary) ++result.n_secondary;
  }
  return result;
}

/// @brief Protects a checked count or sum table: the failing cells are the primary
/// suppressions, values and contributor counts come from the table, and zeros are taken as
/// known only when no contribution is negative.
/// @param t the table (statistic count or sum)
/// @param check its verdicts (check_table); cells with status `fail` are primary
/// @param options cost, singletons, zeros
/// @param must_publish cells that must be published (empty: none)
/// @param must_suppress cells that must be suppressed (empty: none)
/// @throws invalid_input for statistics that are not additive.
inline protection_result protect_table(const table& t, const table_check& check, gauss_options options = {},
                                       const std::vector<bool>& must_publish = {},
                                       const std::vector<bool>& must_suppress = {}) {
  if (t.stat != statistic::count && t.stat != statistic::sum) {
    throw invalid_input(errc::invalid_argument, "secondary suppression needs an additive table (count or sum), not " +
                                               std::string(to_string(t.stat)));
  }
  if (check.cells.size() != t.cells.size()) {
    throw invalid_input(errc::length_mismatch, "the check has " + std::to_string(check.cells.size()) +
                                                   " verdicts for a table of " + std::to_string(t.cells.size()) + " cells");
  }
  protection_problem problem;
  problem.categories = table_categories(t);
  problem.values.reserve(t.cells.size());
  problem.frequencies.reserve(t.cells.size());
  problem.primary.reserve(t.cells.size());
  for (std::size_t i = 0; i < t.cells.size(); ++i) {
    const auto& cell = t.cells[i];
    problem.values.push_back(std::isnan(cell.value) ? 0.0 : cell.value);
    problem.frequencies.push_back(static_cast<double>(cell.evidence.n_contributors));
    problem.primary.push_back(check.cells[i].status == cell_status::fail);
    if (cell.evidence.n_negative > 0 || cell.value < 0) options.zeros_known = false;
  }
  problem.must_publish = must_publish;
  problem.must_suppress = must_suppress;
  return gauss_suppression(problem, options);
}

}  // namespace sdc
