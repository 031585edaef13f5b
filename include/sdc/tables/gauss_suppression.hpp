// SPDX-License-Identifier: MIT
/// @file gauss_suppression.hpp
/// @brief Secondary cell suppression by Gaussian elimination, without a solver (the idea of
/// Langsrud 2019, "Secondary cell suppression by Gaussian elimination: an algorithm suitable
/// for handling issues of zeros and singletons", Statistical Journal of the IAOS / SJS;
/// implemented here from the paper's idea, not from the GaussSuppression R package).
///
/// Every cell is the sum of inner cells: `x = X' y` with X the model matrix (inner cells x
/// cells). For a cross-classified table (`protection_problem::categories`) X is that of
/// linear_relations.hpp, built here from the shape; any other cell system (hierarchical
/// spanning variables with subtotals at every level, linked tables sharing cells, several
/// outputs of one project such as a table and the same table on a subgroup) is given by its
/// model matrix (`protection_problem::model_matrix`), and the method is the same: it only looks
/// at the columns of X (a cell is the set of inner cells it sums, its "support"). Sharing cells
/// or inner cells across tables is what makes differencing attacks visible: a cell of one
/// output that is the difference of cells of others is in their span. Whoever sees the
/// published cells P knows the space
/// `V = span{X_j : j in P}`, and a suppressed cell p can be computed exactly iff `X_p` lies in
/// V. Candidates for publication are taken one by one; a candidate is published unless that
/// would put a primary cell in the span of the published cells, otherwise it becomes a
/// secondary suppression. The pattern depends only on the order, and two are tried (see
/// gauss_suppression): a structural one (larger support first, so that margins are published
/// before the inner cells they sum; then the cells nearest the primary cells last, so that
/// suppressions are shared between primary cells) and, on systems small enough, the order of
/// decreasing cost; the pattern with fewer suppressions is kept. Elimination
/// works in the null space of the published columns (sparse, see null_space), so "does
/// publishing c reveal p" is "are p's and c's coordinates there parallel", decided exactly:
/// the arithmetic is modulo a 61-bit prime (see field), with no tolerance.
///
/// Zeros (non-negative contributions): a suppressed zero is at its bound 0, where an interval
/// attack (audit.hpp) succeeds without linear dependence. As in the paper, zero inner cells
/// are taken as known to the intruder (their rows are removed from X), except below a primary
/// zero. Which inner cells are zero: with `protection_problem::inner_values` given, those of
/// value 0; otherwise (only cell values) those lying in a cell of value 0, which is exactly
/// what the intruder learns when that cell is published (a non-primary cell of value 0 adds
/// nothing to what is known, so it is always published). On a table every inner cell is a cell
/// and both agree. In linked tables or filtered outputs an inner cell can be 0 with no cell of
/// value 0 (two published cells differ by 0, and contributions are non-negative), so there the
/// inner values should be given. Inner cells that are not rows of X at all (combinations
/// absent from the data) are structural zeros, known to everyone; only zeros given as rows of X
/// can be below a primary zero and protect it, which is why a cell system should keep the zero
/// combinations that a primary zero must hide. A cell with no inner cell at all is 0 by
/// construction: if primary it is reported unprotected. Without the zeros assumption
/// (`zeros_known = false`, negative contributions) only an inner cell that is itself a cell of
/// value 0 counts as zero, and a primary zero whose inner cells are not all zero is protected
/// like any other primary cell.
///
/// The zero inner cells below primary zeros, and the singleton primaries, are "units"
/// that must stay linearly independent modulo what is known: then each zero inner cell can
/// grow on its own (so no primary zero is pinned at 0) and no group of singleton contributors
/// learns another singleton. Every other primary cell must stay outside the span of what is
/// known plus all units, so that no sign argument on zeros and no singleton contributor (or
/// group of them) pins it; singletons inside the cell itself (whose support lies within the
/// cell's: on a table, the singletons the cell is a margin of) are exempt, since their
/// contributors are the cell's own. Under these conditions no primary cell is exactly
/// disclosed by the audit's linear programs with bounds `y >= 0` (tested on thousands of
/// random tables and random hierarchical, linked and filtered cell systems).
///
/// Singletons (singleton_method::coalition) are cells with one contributor among the primary
/// cells; a cell with one contributor must not be protected only by another singleton, since
/// that contributor knows its own value.
#pragma once

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <new>
#include <numeric>
#include <queue>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <Eigen/Dense>
#include <Eigen/SparseCore>

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>  // sysconf: the physical memory, for the default basis limit
#endif

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
  unity       ///< every cell alike: the structural order alone decides
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

/// @brief Where the structural pass of gauss_suppression stands (gauss_options::progress).
struct gauss_progress {
  std::size_t steps_done = 0;     ///< cells decided so far (forced ones and candidates)
  std::size_t steps = 0;          ///< cells to decide in the pass
  std::size_t basis_entries = 0;  ///< entries of the null-space bases now (what the memory holds)
  std::uint64_t work = 0;         ///< entries merged so far (the late steps cost the most)
};

/// @brief Options of Gauss suppression.
struct gauss_options {
  /// Order of the candidates.
  suppression_cost cost = suppression_cost::value;
  /// Singleton handling.
  singleton_method singletons = singleton_method::coalition;
  /// Take zero inner cells as known to the intruder (valid when no contribution is negative;
  /// protect_table switches it off for tables with negative contributions).
  bool zeros_known = true;
  /// Up to this many cells a second greedy pass is made with the candidates in order of cost
  /// and the better pattern kept (see gauss_suppression); larger systems make one pass, in the
  /// structural order.
  std::size_t max_cells_second_order = 200000;
  /// The second pass is given up (the first pattern kept) once its elimination work exceeds
  /// this multiple of the first pass's (and `min_second_order_work` entries merged): on large
  /// tables of 3 and 4 dimensions the cost order publishes the inner cells in an order that
  /// fills the null-space basis in, and costs five to ten times the structural pass (for 3-12%
  /// fewer suppressions on 3-D tables of 3*10^4 to 10^5 cells). The work is counted in entries
  /// merged, so the outcome does not depend on the machine or its load. Raise it to keep the
  /// cost order on such tables at that price.
  double second_order_work_factor = 1.0;
  /// Work (entries merged) the second pass may always use, whatever the first pass cost:
  /// small systems always get both passes.
  std::uint64_t min_second_order_work = 100000000;
  /// Run the cost-order pass in a second thread beside the structural one (the result is the
  /// same either way; on two or more cores the wall time of both passes is that of the longer).
  /// The thread is joined before gauss_suppression returns; without a thread to be had the
  /// passes run one after the other.
  bool concurrent_passes = true;
  /// On a table whose margins are all candidates, build the null space of all margins directly
  /// when publishing them all discloses nothing (the pattern is the same; see gauss_suppression).
  bool build_margin_space = true;
  /// Remove from the null-space bases the rows of a cell suppressed as secondary that no later
  /// step reads (no later candidate, primary cell or singleton unit contains them): the pattern
  /// is the same (see gauss_suppression), with fewer merges.
  bool drop_decided_rows = true;
  /// Threads the eliminations may use (0: as many as the hardware runs at once). While the
  /// cost-order pass runs beside the structural one, each pass has half of them. Only large
  /// eliminations are split (see `parallel_min_work`); the result does not depend on either.
  unsigned threads = 0;
  /// Entries an elimination merges before it is split among the threads (on 3-D tables of
  /// 10^6 cells the eliminations of the end of the pass merge 10^7-10^8 entries each).
  std::uint64_t parallel_min_work = std::uint64_t{1} << 19;
  /// Most entries the null-space bases of a pass may hold; 0: as many as three quarters of
  /// the machine's physical memory holds at `basis_entry_bytes` each (detail::default_max_basis_entries;
  /// the two passes run side by side only on tables of at most `max_cells_second_order` cells).
  /// Above it the structural pass stops with invalid_input (too_many_categories) naming the
  /// table, and the cost-order pass is given up, instead of the process being killed by the
  /// system for want of memory (a 4-D table of 10^6 cells with 6% primary cells needs more
  /// than 20 GB). Checked between steps, so one step may pass the limit by its own fill.
  std::size_t max_basis_entries = 0;
  /// Called on the caller's thread during the structural pass (the cost-order pass runs in
  /// another thread and reports nothing): every 64 steps, and after every step whose
  /// eliminations merged more than 10^7 entries. To stop the protection, throw from it: the
  /// exception leaves gauss_suppression once the other pass is stopped (an R or Python
  /// interrupt checked here ends a long run). Empty: no calls.
  std::function<void(const gauss_progress&)> progress;
};

/// Bytes of memory per basis entry at the peak of a large pass: the row index and the value
/// (12 bytes), the slack of the storage, the row's id list (4 bytes and its stale ids) and the
/// merge buffers; the peak resident memory divided by the peak entries is 30 on 99 x 100 x
/// 100 (3.0 * 10^8 entries), 39 on 64^3 (2 * 10^7) and 58-71 on tables of 10^5 cells, where the
/// fixed part weighs more (docs/benchmarks.md, session 9).
inline constexpr std::size_t basis_entry_bytes = 40;

/// @brief Cells to protect, given by a table shape (cells in row-major order over 0..K_d with
/// the margin last, as in sdc::table) or by a model matrix, with per-cell numbers.
struct protection_problem {
  std::vector<std::size_t> categories;  ///< K_d per dimension (1 to 4 dimensions)
  /// Model matrix X (inner cells x cells, X(i, j) = 1 when inner cell i lies in cell j) of a
  /// cell system that is not a plain cross-classification with margins: hierarchical spanning
  /// variables, linked tables sharing cells, several outputs of one project. When non-empty it
  /// defines the cells (its columns) and `categories` is ignored; empty (no column): the cells
  /// of model_matrix_of(categories). Entries are 0 or 1; a column without entries is a cell
  /// that is 0 by construction. The inner cells need not be cells themselves.
  Eigen::SparseMatrix<double> model_matrix;
  /// Values of the inner cells (one per row of the model matrix, or per inner cell of the
  /// table). Empty: an inner cell counts as zero only when it lies in a cell of value 0. Given:
  /// the zero inner cells are exactly those of value 0, and `X' inner_values` must equal
  /// `values`. Give them for cell systems whose inner cells are not all cells (linked tables,
  /// filtered outputs): there an inner cell can be 0 without any cell of value 0 showing it
  /// (the difference of two published cells is 0), and the intruder, knowing contributions are
  /// non-negative, learns it all the same.
  std::vector<double> inner_values;
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

/// The basis limit used when gauss_options::max_basis_entries is 0: three quarters of the
/// physical memory at basis_entry_bytes per entry (a conservative size: the largest table
/// measured takes 30 bytes, so the rest is left to the caller and the table); unlimited where
/// the physical memory cannot be read.
inline std::size_t default_max_basis_entries() {
#if defined(_SC_PHYS_PAGES) && defined(_SC_PAGESIZE)
  const long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGESIZE);
  if (pages > 0 && page_size > 0) {
    return static_cast<std::size_t>(static_cast<double>(pages) * static_cast<double>(page_size) * 0.75 /
                                    static_cast<double>(basis_entry_bytes));
  }
#endif
  return std::numeric_limits<std::size_t>::max();
}

/// Thrown inside a pass whose bases outgrow gauss_options::max_basis_entries: the structural
/// pass turns it into invalid_input, the cost-order pass into giving up.
struct basis_limit_reached {
  std::size_t entries;
};

/// The cells of a cell system as the columns of its model matrix X: for each cell, the inner
/// cells (rows of X) it sums, in increasing order (compressed by cell).
struct cell_supports {
  std::size_t n_rows = 0;             // inner cells
  std::vector<std::size_t> start{0};  // per cell, plus one
  std::vector<std::uint32_t> rows;
  std::size_t n_cells() const noexcept { return start.size() - 1; }
  std::size_t size(std::size_t cell) const noexcept { return start[cell + 1] - start[cell]; }
  const std::uint32_t* begin(std::size_t cell) const noexcept { return rows.data() + start[cell]; }
  const std::uint32_t* end(std::size_t cell) const noexcept { return rows.data() + start[cell + 1]; }
};

/// Whether the sorted support of cell `a` is contained in that of cell `b`.
inline bool support_within(const cell_supports& s, std::size_t a, std::size_t b) {
  return s.size(a) <= s.size(b) && std::includes(s.begin(b), s.end(b), s.begin(a), s.end(a));
}

/// The supports of a cross-classified table with margins (the columns of model_matrix_of,
/// built from the shape without the matrix).
/// @throws invalid_input for 0 or more than 4 dimensions, or a dimension without categories.
inline cell_supports supports_of_shape(const std::vector<std::size_t>& categories) {
  if (categories.empty() || categories.size() > 4) {
    throw invalid_input(errc::invalid_argument,
                        "a table has 1 to 4 dimensions, got " + std::to_string(categories.size()));
  }
  for (auto k : categories) {
    if (k == 0) throw invalid_input(errc::invalid_argument, "a dimension of the table has no categories");
  }
  const table_shape shape = make_shape(categories);
  const std::vector<std::size_t> inner = inner_cells_of(categories);
  const unsigned n_patterns = 1u << categories.size();
  cell_supports s;
  s.n_rows = inner.size();
  s.start.assign(shape.n_cells + 1, 0);
  for (std::size_t i = 0; i < inner.size(); ++i) {
    for (unsigned pattern = 0; pattern < n_patterns; ++pattern) ++s.start[project(shape, inner[i], pattern) + 1];
  }
  std::partial_sum(s.start.begin(), s.start.end(), s.start.begin());
  s.rows.resize(s.start[shape.n_cells]);
  std::vector<std::size_t> fill(s.start.begin(), s.start.end() - 1);
  for (std::size_t i = 0; i < inner.size(); ++i) {
    for (unsigned pattern = 0; pattern < n_patterns; ++pattern) {
      s.rows[fill[project(shape, inner[i], pattern)]++] = static_cast<std::uint32_t>(i);
    }
  }
  return s;
}

/// The supports of a model matrix (inner cells x cells).
/// @throws invalid_input for an entry other than 0 or 1 (naming it), or too many rows.
inline cell_supports supports_of_model_matrix(const Eigen::SparseMatrix<double>& x) {
  if (static_cast<std::uint64_t>(x.rows()) >= std::numeric_limits<std::uint32_t>::max()) {
    throw invalid_input(errc::too_many_categories, "the model matrix has " + std::to_string(x.rows()) +
                                                       " inner cells; at most 2^32 - 2 are supported");
  }
  cell_supports s;
  s.n_rows = static_cast<std::size_t>(x.rows());
  s.start.assign(static_cast<std::size_t>(x.cols()) + 1, 0);
  s.rows.reserve(static_cast<std::size_t>(x.nonZeros()));
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const std::size_t first = s.rows.size();
    for (Eigen::SparseMatrix<double>::InnerIterator it(x, j); it; ++it) {
      if (it.value() == 0.0) continue;  // an explicitly stored zero is no entry
      if (it.value() != 1.0) {
        throw invalid_input(errc::invalid_argument,
                            "the model matrix has entry " + std::to_string(it.value()) + " at inner cell " +
                                std::to_string(it.row()) + ", cell " + std::to_string(j) +
                                "; entries must be 0 or 1 (inner cell in the cell or not)");
      }
      s.rows.push_back(static_cast<std::uint32_t>(it.row()));
    }
    std::sort(s.rows.begin() + static_cast<std::ptrdiff_t>(first), s.rows.end());
    s.start[static_cast<std::size_t>(j) + 1] = s.rows.size();
  }
  return s;
}

/// Per cell, how near it lies to the primary cells (see gauss_suppression): w_r = 1 for an
/// inner cell r lying in a primary cell, density(m) = sum_{r in m} w_r / |m| per cell m,
/// near_r = sum of density(m) over the cells m containing r, and a cell's nearness is the mean
/// of near_r over its inner cells (0 for a cell without inner cells).
inline std::vector<double> primary_nearness(const cell_supports& s, const std::vector<bool>& primary) {
  const std::size_t n_cells = s.n_cells();
  std::vector<double> w(s.n_rows, 0.0), near(s.n_rows, 0.0), out(n_cells, 0.0);
  for (std::size_t j = 0; j < n_cells; ++j) {
    if (!primary[j]) continue;
    for (auto r = s.begin(j); r != s.end(j); ++r) w[*r] = 1.0;
  }
  for (std::size_t j = 0; j < n_cells; ++j) {
    if (s.size(j) == 0) continue;
    double density = 0.0;
    for (auto r = s.begin(j); r != s.end(j); ++r) density += w[*r];
    density /= static_cast<double>(s.size(j));
    for (auto r = s.begin(j); r != s.end(j); ++r) near[*r] += density;
  }
  for (std::size_t j = 0; j < n_cells; ++j) {
    if (s.size(j) == 0) continue;
    double sum = 0.0;
    for (auto r = s.begin(j); r != s.end(j); ++r) sum += near[*r];
    out[j] = sum / static_cast<double>(s.size(j));
  }
  return out;
}

/// Exact arithmetic for the elimination: integers modulo the Mersenne prime p = 2^61 - 1.
/// The model matrix has entries 0 and 1, so whether a column lies in the span of others is a
/// question about integer matrices: the answer modulo p is the answer over the rationals unless
/// p divides one of the few determinants that decide it, which for a prime this large does not
/// happen in practice (a minor of a 0/1 matrix of n columns has fewer than n log2(n) / 61
/// prime factors as large as p, among about 5 * 10^16 primes of that size). Floating point
/// instead leaves round-off on long elimination chains (entries of 1e-10 that should be 0 on a
/// 46x46x46 table with singletons), and then the tolerance decides: a pattern that depends on
/// the basis, and a disclosure that can be missed. Modulo p a zero is exactly zero and no
/// tolerance is needed.
namespace field {
inline constexpr std::uint64_t modulus = (std::uint64_t{1} << 61) - 1;
inline std::uint64_t add(std::uint64_t a, std::uint64_t b) noexcept {
  const std::uint64_t r = a + b;
  return r >= modulus ? r - modulus : r;
}
inline std::uint64_t negate(std::uint64_t a) noexcept { return a == 0 ? 0 : modulus - a; }
#if defined(__SIZEOF_INT128__)
__extension__ typedef unsigned __int128 wide_product;  // __extension__: accepted under -Wpedantic
#endif
/// a * b mod p for a, b < p.
inline std::uint64_t multiply(std::uint64_t a, std::uint64_t b) noexcept {
#if defined(__SIZEOF_INT128__)
  const wide_product z = static_cast<wide_product>(a) * b;
  const std::uint64_t low = static_cast<std::uint64_t>(z), high = static_cast<std::uint64_t>(z >> 64);
#else
  // The 128-bit product from 32-bit halves.
  const std::uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
  const std::uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const std::uint64_t middle = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
  const std::uint64_t low = (middle << 32) | (p00 & 0xffffffffu);
  const std::uint64_t high = p11 + (p01 >> 32) + (p10 >> 32) + (middle >> 32);
#endif
  // z = high * 2^64 + low and 2^61 = 1 (mod p): z = (z mod 2^61) + (z >> 61) (mod p).
  const std::uint64_t r = (low & modulus) + ((low >> 61) | (high << 3));
  return r >= modulus ? r - modulus : r;
}
/// a^(p-2) = 1/a for a != 0 (Fermat).
inline std::uint64_t inverse(std::uint64_t a) noexcept {
  std::uint64_t result = 1, base = a;
  for (std::uint64_t e = modulus - 2; e > 0; e >>= 1) {
    if (e & 1) result = multiply(result, base);
    base = multiply(base, base);
  }
  return result;
}
}  // namespace field

/// An allocator whose resize leaves new elements of trivial types uninitialised: a merge sizes
/// its output for the worst case and writes every element it keeps, so zero-filling it first
/// (std::allocator's value-initialisation) was a tenth of the elimination time.
template <class T>
struct uninitialised_allocator : std::allocator<T> {
  using value_type = T;
  template <class U>
  struct rebind {
    using other = uninitialised_allocator<U>;
  };
  uninitialised_allocator() = default;
  template <class U>
  uninitialised_allocator(const uninitialised_allocator<U>&) noexcept {}  // NOLINT: rebinding
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible<U>::value) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

/// Sparse vector sorted by index, entries modulo field::modulus (never 0).
struct sparse_vector {
  std::vector<std::uint32_t, uninitialised_allocator<std::uint32_t>> index;
  std::vector<std::uint64_t, uninitialised_allocator<std::uint64_t>> value;
  bool empty() const noexcept { return index.empty(); }
  std::size_t size() const noexcept { return index.size(); }
  std::uint64_t at(std::uint32_t i) const {
    auto it = std::lower_bound(index.begin(), index.end(), i);
    return it != index.end() && *it == i ? value[static_cast<std::size_t>(it - index.begin())] : 0;
  }
};

/// out = a + factor * b (factor != 0; entries that cancel dropped); `fresh` receives the indices
/// taken from b alone, `lost` those of a that cancel. `out` must not alias a or b; its storage
/// is reused.
inline void add_scaled_into(sparse_vector& out, const sparse_vector& a, const sparse_vector& b, std::uint64_t factor,
                            std::vector<std::uint32_t>* fresh = nullptr, std::vector<std::uint32_t>* lost = nullptr) {
  const std::size_t na = a.size(), nb = b.size();
  // Sized once (resize only initialises what the storage did not hold), written through pointers.
  out.index.resize(na + nb);
  out.value.resize(na + nb);
  std::uint32_t* oi = out.index.data();
  std::uint64_t* ov = out.value.data();
  const std::uint32_t *ai = a.index.data(), *bi = b.index.data();
  const std::uint64_t *av = a.value.data(), *bv = b.value.data();
  std::size_t i = 0, k = 0, n = 0;
  while (i < na && k < nb) {
    const std::uint32_t ra = ai[i], rb = bi[k];
    if (ra < rb) {
      oi[n] = ra;
      ov[n++] = av[i++];
    } else if (rb < ra) {
      oi[n] = rb;
      ov[n++] = field::multiply(factor, bv[k++]);
      if (fresh) fresh->push_back(rb);
    } else {
      const std::uint64_t x = field::add(av[i++], field::multiply(factor, bv[k++]));
      if (x != 0) {
        oi[n] = ra;
        ov[n++] = x;
      } else if (lost) {
        lost->push_back(ra);
      }
    }
  }
  for (; i < na; ++i) {
    oi[n] = ai[i];
    ov[n++] = av[i];
  }
  for (; k < nb; ++k) {
    oi[n] = bi[k];
    ov[n++] = field::multiply(factor, bv[k]);
    if (fresh) fresh->push_back(bi[k]);
  }
  out.index.resize(n);
  out.value.resize(n);
}

/// a + factor * b (entries that cancel dropped).
inline sparse_vector add_scaled(const sparse_vector& a, const sparse_vector& b, std::uint64_t factor) {
  sparse_vector out;
  add_scaled_into(out, a, b, factor);
  return out;
}

/// target = source, in storage of at most about twice source's size. A merge's output is sized
/// for the worst case (both inputs' sizes); handing that storage over to the vector, as swapping
/// did, left vectors holding far more than they use (64^3 one pass: 1,332 -> 999 MB, as fast).
inline void store_compact(sparse_vector& target, const sparse_vector& source) {
  const std::size_t n = source.size();
  if (target.index.capacity() >= n && target.index.capacity() <= 2 * n + 16) {
    target.index.assign(source.index.begin(), source.index.end());
    target.value.assign(source.value.begin(), source.value.end());
    return;
  }
  sparse_vector fresh;
  fresh.index.reserve(n + n / 4);
  fresh.value.reserve(n + n / 4);
  fresh.index.assign(source.index.begin(), source.index.end());
  fresh.value.assign(source.value.begin(), source.value.end());
  target = std::move(fresh);
}

/// Divides v by its entry at `pivot` (which becomes 1).
inline void normalise(sparse_vector& v, std::uint32_t pivot) {
  const std::uint64_t inverse = field::inverse(v.at(pivot));
  for (auto& x : v.value) x = field::multiply(x, inverse);
}

/// Whether p is a nonzero multiple of g (g normalised to 1 at `pivot`).
inline bool is_multiple(const sparse_vector& p, const sparse_vector& g, std::uint32_t pivot) {
  if (p.size() != g.size() || p.empty()) return false;
  const std::uint64_t alpha = p.at(pivot);
  if (alpha == 0) return false;
  for (std::size_t e = 0; e < p.size(); ++e) {
    if (p.index[e] != g.index[e] || p.value[e] != field::multiply(alpha, g.value[e])) return false;
  }
  return true;
}

/// Whether a sorted vector of ids and a sparse vector share an index.
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

/// A sparse basis of W, the perturbations of the inner cells that no published cell sees
/// (the orthogonal complement of the published columns of X). A cell's column is known from
/// the published cells iff it is orthogonal to W, i.e. iff its coordinates `g_i = X_c . w_i`
/// are all zero. Publishing c intersects W with c's orthogonal complement: one basis vector
/// (the pivot, chosen sparse to limit fill) is eliminated from the others. On a complete
/// table the basis stays sparse (differences of inner cells), unlike an echelon basis of the
/// published space, where margins fill in.
class null_space {
 public:
  null_space() = default;
  /// The whole space over `n_rows` rows, without the excluded ones (known to be zero).
  null_space(std::size_t n_rows, const std::vector<char>& excluded)
      : vectors_(n_rows), alive_(n_rows, 0), row_ids_(n_rows), row_count_(n_rows, 0), work_(n_rows, 0),
        touched_flag_(n_rows, 0), seen_(n_rows, 0) {
    for (std::size_t r = 0; r < n_rows; ++r) {
      if (excluded[r]) continue;
      const auto id = static_cast<std::uint32_t>(r);
      vectors_[r] = sparse_vector{{id}, {1}};
      alive_[r] = 1;
      row_ids_[r].push_back(id);
      row_count_[r] = 1;
      ++dimension_;
    }
    entries_ = dimension_;
  }

  /// A given basis over `n_rows` rows: `basis[id]` is the vector with that id (sorted rows,
  /// nonzero values), an empty one no vector. Ids index the vectors (choose_pivot ranks a
  /// vector by the priority of the row equal to its id).
  null_space(std::size_t n_rows, std::vector<sparse_vector> basis)
      : vectors_(std::move(basis)), alive_(n_rows, 0), row_ids_(n_rows), row_count_(n_rows, 0), work_(n_rows, 0),
        touched_flag_(n_rows, 0), seen_(n_rows, 0) {
    vectors_.resize(n_rows);
    for (std::size_t id = 0; id < n_rows; ++id) {
      if (vectors_[id].empty()) continue;
      alive_[id] = 1;
      ++dimension_;
      entries_ += vectors_[id].size();
      for (auto r : vectors_[id].index) {
        row_ids_[r].push_back(static_cast<std::uint32_t>(id));
        ++row_count_[r];
      }
    }
  }

  std::size_t dimension() const noexcept { return dimension_; }
  /// Publishes the 0/1 column with the given rows (a no-op when it is known already).
  void publish(const std::vector<std::uint32_t>& rows) {
    const sparse_vector g = coordinates(rows);
    if (!g.empty()) eliminate(g, choose_pivot(g));
  }
  /// Removes row r from every vector (the projection of W leaving out a row no later step
  /// reads); a vector left without rows is dropped.
  void drop_row(std::uint32_t r) {
    for (auto id : row_ids_[r]) {
      if (!alive_[id]) continue;
      sparse_vector& v = vectors_[id];
      const auto it = std::lower_bound(v.index.begin(), v.index.end(), r);
      if (it == v.index.end() || *it != r) continue;  // stale or repeated id
      const auto offset = it - v.index.begin();
      v.index.erase(it);
      v.value.erase(v.value.begin() + offset);
      --entries_;
      if (v.empty()) {
        alive_[id] = 0;
        --dimension_;
      }
    }
    row_ids_[r].clear();
    row_count_[r] = 0;
  }
  /// The basis vectors (by id; empty: eliminated or never there).
  const std::vector<sparse_vector>& vectors() const noexcept { return vectors_; }
  /// How many basis vectors are nonzero at a row (exact): the number of coordinates of that
  /// row's unit vector.
  std::size_t row_count(std::uint32_t r) const noexcept { return row_count_[r]; }
  /// Ids the bookkeeping holds for row r (live, stale or repeated): its memory, not a count.
  std::size_t row_id_list_size(std::uint32_t r) const noexcept { return row_ids_[r].size(); }
  /// Entries of the basis (the work of an elimination grows with them).
  std::size_t entries() const noexcept { return entries_; }
  /// Entries merged by the eliminations so far: a measure of the work done, the same on every
  /// machine.
  std::uint64_t work() const noexcept { return work_done_; }
  const sparse_vector& basis_vector(std::uint32_t id) const { return vectors_[id]; }

  /// Coordinates of the 0/1 vector with the given rows: g_i = sum over the rows of w_i.
  sparse_vector coordinates(const std::vector<std::uint32_t>& rows) {
    for (auto r : rows) {
      auto& ids = row_ids_[r];
      ++stamp_;
      std::size_t kept = 0;
      for (std::size_t e = 0; e < ids.size(); ++e) {
        const std::uint32_t id = ids[e];
        // Stale entries (the vector lost the row, or was eliminated) and repeats are dropped.
        if (!alive_[id] || seen_[id] == stamp_) continue;
        const std::uint64_t x = vectors_[id].at(r);
        if (x == 0) continue;
        seen_[id] = stamp_;
        ids[kept++] = id;
        if (!touched_flag_[id]) {
          touched_flag_[id] = 1;
          touched_.push_back(id);
        }
        work_[id] = field::add(work_[id], x);
      }
      ids.resize(kept);
    }
    sparse_vector g;
    std::sort(touched_.begin(), touched_.end());
    for (auto id : touched_) {
      if (work_[id] != 0) {
        g.index.push_back(id);
        g.value.push_back(work_[id]);
      }
      work_[id] = 0;
      touched_flag_[id] = 0;
    }
    touched_.clear();
    return g;
  }

  /// Whether the coordinates of the unit vector of row r are a nonzero multiple of g (normalised
  /// to 1 at `pivot`), as is_multiple(row coordinates, g, pivot), without gathering them: the
  /// row has as many coordinates as g exactly when every basis vector of g is nonzero there
  /// (the count is exact), so the first vector of g missing the row or off the ratio decides.
  bool row_parallel(std::uint32_t r, const sparse_vector& g, std::uint32_t pivot) const {
    if (g.empty() || row_count_[r] != g.size()) return false;
    const std::uint64_t alpha = vectors_[pivot].at(r);
    if (alpha == 0) return false;
    for (std::size_t e = 0; e < g.size(); ++e) {
      const std::uint64_t x = g.index[e] == pivot ? alpha : vectors_[g.index[e]].at(r);
      if (x == 0 || x != field::multiply(alpha, g.value[e])) return false;
    }
    return true;
  }

  /// Ranks the rows for choose_pivot (lower first); empty: by row index.
  void set_row_priority(std::vector<std::uint32_t> priority) { row_priority_ = std::move(priority); }
  const std::vector<std::uint32_t>& row_priority() const noexcept { return row_priority_; }

  /// The basis vector to eliminate for coordinates g: the sparsest (least fill now); then the
  /// one whose own row ranks first in the row priority (basis vector i starts as the unit
  /// vector of row i, and no other vector holds row i while vector i lives). The row of an
  /// eliminated vector spreads to the others and costs a merge into each of them when it is
  /// published later, so the priority puts first the rows published last or never (see
  /// anchored_row_priority).
  std::uint32_t choose_pivot(const sparse_vector& g) const {
    std::size_t best = 0;
    for (std::size_t e = 1; e < g.size(); ++e) {
      const std::uint32_t a = g.index[e], b = g.index[best];
      const std::size_t sa = vectors_[a].size(), sb = vectors_[b].size();
      if (sa < sb || (sa == sb && priority(a) < priority(b))) best = e;
    }
    return g.index[best];
  }

  /// Threads an elimination may use (1: none besides the caller's) and the entries it must
  /// merge before it is split among them: starting a thread costs tens of microseconds, about
  /// the merging of 10^4 entries, so only the large eliminations of the end of a pass (tens of
  /// millions of entries on 3-D tables of 10^6 cells) are split. The result does not depend on
  /// either setting.
  void set_threads(unsigned threads, std::uint64_t parallel_min_work) {
    threads_ = std::max(1U, threads);
    parallel_min_work_ = parallel_min_work;
  }

  /// W <- W intersected with the complement of a column whose coordinates are g.
  void eliminate(const sparse_vector& g, std::uint32_t pivot) {
    const std::uint64_t minus_inverse = field::negate(field::inverse(g.at(pivot)));
    const sparse_vector wp = std::move(vectors_[pivot]);
    for (auto r : wp.index) --row_count_[r];
    entries_ -= wp.size();
    std::uint64_t merged = 0;
    for (std::size_t e = 0; e < g.size(); ++e) {
      if (g.index[e] != pivot) merged += vectors_[g.index[e]].size() + wp.size();
    }
    work_done_ += merged;
    // Small eliminations run as one part on the caller's thread (starting threads would cost
    // more than the merging).
    const std::size_t n_parts = merged >= parallel_min_work_ ? std::min<std::size_t>(threads_, g.size() - 1) : 1;
    eliminate_in_parts(g, pivot, wp, minus_inverse, merged, std::max<std::size_t>(n_parts, 1));
    vectors_[pivot] = sparse_vector{};
    alive_[pivot] = 0;
    --dimension_;
  }

 private:
  // What one part of a split elimination changes in the row bookkeeping, applied by the caller
  // once every part is merged (in the order of g, so the lists are as after a serial pass).
  struct part_changes {
    sparse_vector buffer;
    std::vector<std::uint32_t> fresh, lost;      // rows gained / lost, vector after vector
    std::vector<std::uint32_t> fresh_per_vector;  // how many of `fresh` each vector gained
  };

  // The merges of one elimination split into `n_parts` runs of consecutive coordinates of
  // about equal work (one part: the serial loop); every vector is rewritten by exactly one
  // thread (they touch disjoint vectors and read only the pivot's), and the rows gained and
  // lost are recorded per part and entered afterwards in the serial order, so the basis and its
  // bookkeeping are exactly those of the serial loop.
  void eliminate_in_parts(const sparse_vector& g, std::uint32_t pivot, const sparse_vector& wp,
                          std::uint64_t minus_inverse, std::uint64_t merged, std::size_t n_parts) {
    std::vector<std::size_t> bounds{0};
    std::uint64_t running = 0;
    for (std::size_t e = 0; e < g.size() && bounds.size() < n_parts; ++e) {
      if (g.index[e] != pivot) running += vectors_[g.index[e]].size() + wp.size();
      if (running * n_parts >= merged * bounds.size()) bounds.push_back(e + 1);
    }
    bounds.push_back(g.size());
    n_parts = bounds.size() - 1;
    parts_.resize(std::max(parts_.size(), n_parts));
    auto merge_part = [&](std::size_t part) {
      part_changes& out = parts_[part];
      out.fresh.clear();
      out.lost.clear();
      out.fresh_per_vector.clear();
      for (std::size_t e = bounds[part]; e < bounds[part + 1]; ++e) {
        const std::uint32_t id = g.index[e];
        if (id == pivot) continue;
        const std::size_t before = out.fresh.size();
        add_scaled_into(out.buffer, vectors_[id], wp, field::multiply(g.value[e], minus_inverse), &out.fresh,
                        &out.lost);
        store_compact(vectors_[id], out.buffer);
        out.fresh_per_vector.push_back(static_cast<std::uint32_t>(out.fresh.size() - before));
      }
    };
    std::vector<std::thread> helpers;
    std::vector<std::exception_ptr> failures(n_parts);
    std::size_t part = 1;
    for (; part < n_parts; ++part) {
      try {
        helpers.emplace_back([&, part] {
          try {
            merge_part(part);
          } catch (...) {
            failures[part] = std::current_exception();
          }
        });
      } catch (const std::system_error&) {
        break;  // no thread to be had: the caller merges the remaining parts
      }
    }
    try {
      merge_part(0);
      for (std::size_t rest = part; rest < n_parts; ++rest) merge_part(rest);
    } catch (...) {
      failures[0] = std::current_exception();
    }
    for (auto& helper : helpers) helper.join();
    for (const auto& failure : failures) {
      if (failure) std::rethrow_exception(failure);
    }
    for (std::size_t p = 0; p < n_parts; ++p) {
      const part_changes& changes = parts_[p];
      std::size_t next_fresh = 0, vector = 0;
      for (std::size_t e = bounds[p]; e < bounds[p + 1]; ++e) {
        const std::uint32_t id = g.index[e];
        if (id == pivot) continue;
        for (std::uint32_t k = 0; k < changes.fresh_per_vector[vector]; ++k) {
          const std::uint32_t r = changes.fresh[next_fresh++];
          // Cleaned when it would grow: at most once per doubling, so the cost stays linear.
          if (row_ids_[r].size() == row_ids_[r].capacity() && row_ids_[r].size() >= 16) compact_row_ids(r);
          row_ids_[r].push_back(id);
          ++row_count_[r];
        }
        ++vector;
      }
      for (auto r : changes.lost) --row_count_[r];
      entries_ = entries_ + changes.fresh.size() - changes.lost.size();
    }
  }

  // Drops from row r's id list the ids of eliminated vectors and repeats. The lists are only
  // appended to while a pass runs and coordinates() cleans only the rows it reads; the rows of
  // primary cells are never read that way, so their lists kept every id the pass ever put
  // there (64^3 one pass, with store_compact: 999 -> 759 MB). Ids of live vectors that lost the
  // row by cancellation stay (rare; checking each costs a search, measured 1.6x slower).
  void compact_row_ids(std::uint32_t r) {
    auto& ids = row_ids_[r];
    ++stamp_;
    std::size_t kept = 0;
    for (const std::uint32_t id : ids) {
      if (!alive_[id] || seen_[id] == stamp_) continue;
      seen_[id] = stamp_;
      ids[kept++] = id;
    }
    ids.resize(kept);
  }

  std::uint32_t priority(std::uint32_t row) const { return row_priority_.empty() ? row : row_priority_[row]; }

  std::vector<sparse_vector> vectors_;
  std::vector<char> alive_;
  std::vector<std::vector<std::uint32_t>> row_ids_;  // row -> ids whose vector may be nonzero there
  std::vector<std::uint32_t> row_count_;             // row -> ids whose vector is nonzero there
  std::vector<std::uint64_t> work_;
  std::vector<char> touched_flag_;
  std::vector<std::uint32_t> touched_;
  std::vector<std::uint64_t> seen_;  // per id: stamp of the last row visited
  std::vector<part_changes> parts_;  // scratch of eliminations, one per part
  unsigned threads_ = 1;
  std::uint64_t parallel_min_work_ = 0;
  std::vector<std::uint32_t> row_priority_;  // per row (empty: the row index)
  std::uint64_t stamp_ = 0;
  std::size_t dimension_ = 0;
  std::size_t entries_ = 0;
  std::uint64_t work_done_ = 0;
};

/// Row-major strides of the inner cells of a table (last dimension fastest): inner cell i has
/// coordinate (i / stride[d]) % categories[d] in dimension d.
inline std::vector<std::size_t> inner_strides(const std::vector<std::size_t>& categories) {
  std::vector<std::size_t> stride(categories.size(), 1);
  for (std::size_t d = categories.size() - 1; d-- > 0;) stride[d] = stride[d + 1] * categories[d + 1];
  return stride;
}

/// The anchor category of each dimension of a cross-classified table: the one holding the most
/// primary inner cells (the first on ties). `primary` is per cell.
inline std::vector<std::size_t> primary_anchors(const std::vector<std::size_t>& categories,
                                                const std::vector<bool>& primary) {
  const std::size_t n_dims = categories.size();
  const std::vector<std::size_t> inner = inner_cells_of(categories);
  const std::vector<std::size_t> stride = inner_strides(categories);
  auto coordinate = [&](std::size_t i, std::size_t d) { return (i / stride[d]) % categories[d]; };
  std::vector<std::vector<std::size_t>> primaries(n_dims);
  for (std::size_t d = 0; d < n_dims; ++d) primaries[d].assign(categories[d], 0);
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (!primary[inner[i]]) continue;
    for (std::size_t d = 0; d < n_dims; ++d) ++primaries[d][coordinate(i, d)];
  }
  std::vector<std::size_t> anchor(n_dims);
  for (std::size_t d = 0; d < n_dims; ++d) {
    anchor[d] = static_cast<std::size_t>(std::max_element(primaries[d].begin(), primaries[d].end()) -
                                         primaries[d].begin());
  }
  return anchor;
}

/// Row priority for the null space of a cross-classified table (see null_space::choose_pivot):
/// the inner cells in row-major order after moving, in every dimension, the anchor category
/// (primary_anchors) to the front. Publishing the margins eliminates one basis vector per
/// margin cell; with ties broken the same way in every line, the eliminated rows line up (a
/// product of one anchor category per dimension) and the basis stays made of small contrasts
/// (2^d inner cells on a table, as margin_null_space builds directly), and anchors in the
/// slices richest in primary cells, which are never published, spare the merges their
/// publication would cost: 2 to 4 times less elimination work on 3-D and 4-D tables. The
/// protection pattern does not depend on the basis chosen. `inner_of_row` maps each row of the
/// null space to its inner cell (row-major index over the categories).
inline std::vector<std::uint32_t> anchored_row_priority(const std::vector<std::size_t>& categories,
                                                        const std::vector<std::size_t>& anchor,
                                                        const std::vector<std::uint32_t>& inner_of_row) {
  const std::size_t n_dims = categories.size();
  const std::vector<std::size_t> stride = inner_strides(categories);
  auto coordinate = [&](std::size_t i, std::size_t d) { return (i / stride[d]) % categories[d]; };
  std::vector<std::uint32_t> priority(inner_of_row.size());
  for (std::size_t r = 0; r < inner_of_row.size(); ++r) {
    std::size_t key = 0;
    for (std::size_t d = 0; d < n_dims; ++d) {
      const std::size_t c = coordinate(inner_of_row[r], d);
      key = key * categories[d] + (c == anchor[d] ? 0 : c < anchor[d] ? c + 1 : c);
    }
    priority[r] = static_cast<std::uint32_t>(key);
  }
  return priority;
}

/// The null space once every margin of a table is published: the perturbations of the inner
/// cells with all margins 0, i.e. the tensor product over the dimensions of the contrasts
/// (vectors of sum 0). Built directly, with the contrasts e_k - e_anchor of each category k
/// other than the dimension's anchor: the basis vector of an inner cell x off every anchor is
/// the product of one contrast per dimension (2^d inner cells, values +-1), the basis that
/// publishing the margins one at a time with the anchored pivots reaches (and the same space
/// whatever the basis: the protection does not depend on it) without the elimination work,
/// which on tables of 10^5 to 10^6 cells in 3 and 4 dimensions is a large share of the pass.
/// (The contrasts of consecutive categories, each inner cell in at most 2^d vectors instead of
/// the anchors' inner cells in many, were measured 30 times slower: the vectors of the cells
/// published later are no longer alone at their own rows, and publishing them fills the basis.)
/// `inner_of_row` maps each row of the space to its inner cell (row-major, an increasing map);
/// inner cells without a row (zeros known to the intruder) and rows in `known_zero` are
/// eliminated first (published as single cells). The vector of inner cell x gets the id of x's
/// row where x has one (as in the elimination, where vector i starts as the unit vector of row i).
inline null_space margin_null_space(const std::vector<std::size_t>& categories, const std::vector<std::size_t>& anchor,
                                    const std::vector<std::uint32_t>& inner_of_row, const std::vector<char>& known_zero) {
  const std::size_t n_dims = categories.size();
  std::size_t n_inner = 1;
  for (auto k : categories) n_inner *= k;
  const std::vector<std::size_t> stride = inner_strides(categories);
  const std::size_t n_patterns = std::size_t{1} << n_dims;
  std::vector<sparse_vector> basis(n_inner);
  std::vector<std::pair<std::uint32_t, std::uint64_t>> entries(n_patterns);
  for (std::size_t x = 0; x < n_inner; ++x) {
    bool at_anchor = false;
    for (std::size_t d = 0; d < n_dims && !at_anchor; ++d) at_anchor = (x / stride[d]) % categories[d] == anchor[d];
    if (at_anchor) continue;  // no contrast starts at an anchor
    // Pattern bit d set: the anchor category in dimension d (sign -1).
    for (std::size_t pattern = 0; pattern < n_patterns; ++pattern) {
      std::size_t cell = x;
      bool negative = false;
      for (std::size_t d = 0; d < n_dims; ++d) {
        if ((pattern >> d) & 1u) {
          cell = cell - ((x / stride[d]) % categories[d]) * stride[d] + anchor[d] * stride[d];
          negative = !negative;
        }
      }
      entries[pattern] = {static_cast<std::uint32_t>(cell), negative ? field::modulus - 1 : 1};
    }
    std::sort(entries.begin(), entries.end());
    sparse_vector& v = basis[x];
    v.index.reserve(n_patterns);
    v.value.reserve(n_patterns);
    for (const auto& entry : entries) {
      v.index.push_back(entry.first);
      v.value.push_back(entry.second);
    }
  }
  const bool any_known_zero = std::find(known_zero.begin(), known_zero.end(), 1) != known_zero.end();
  if (inner_of_row.size() == n_inner && !any_known_zero) return null_space(n_inner, std::move(basis));
  // Inner cells without a row or known to be 0: eliminated over all inner cells, then the rows
  // renumbered.
  null_space whole(n_inner, std::move(basis));
  constexpr std::uint32_t no_row = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> row_of_inner(n_inner, no_row);
  for (std::size_t r = 0; r < inner_of_row.size(); ++r) row_of_inner[inner_of_row[r]] = static_cast<std::uint32_t>(r);
  for (std::size_t x = 0; x < n_inner; ++x) {
    if (row_of_inner[x] == no_row || known_zero[row_of_inner[x]]) whole.publish({static_cast<std::uint32_t>(x)});
  }
  const std::vector<sparse_vector>& vectors = whole.vectors();
  std::vector<sparse_vector> renumbered(inner_of_row.size());
  std::vector<std::size_t> homeless;
  std::vector<char> taken(inner_of_row.size(), 0);
  for (std::size_t x = 0; x < n_inner; ++x) {
    if (vectors[x].empty()) continue;
    sparse_vector v;
    v.index.reserve(vectors[x].size());
    for (auto cell : vectors[x].index) v.index.push_back(row_of_inner[cell]);  // every such cell has a row now
    v.value = vectors[x].value;
    const std::uint32_t own = row_of_inner[x];
    if (own != no_row && !taken[own]) {
      taken[own] = 1;
      renumbered[own] = std::move(v);
    } else {
      homeless.push_back(renumbered.size());
      renumbered.push_back(std::move(v));
    }
  }
  // Vectors whose own inner cell has no row take the free ids (there are enough: the space has
  // fewer vectors than rows).
  std::size_t free_id = 0;
  for (auto h : homeless) {
    while (taken[free_id]) ++free_id;
    taken[free_id] = 1;
    renumbered[free_id] = std::move(renumbered[h]);
  }
  renumbered.resize(inner_of_row.size());
  return null_space(inner_of_row.size(), std::move(renumbered));
}

/// The primary cells to protect, looked up by inner cell. Their coordinates in the null space
/// are not kept up to date (on large tables the coordinates of a primary cell lying in a
/// much-used inner cell grow dense and updating them at every elimination is quadratic):
/// they are recomputed from the space only for the primary cells that publishing a column can
/// disclose, those with a nonzero coordinate at the pivot, i.e. sharing an inner cell with the
/// pivot's basis vector.
class tracked_cells {
 public:
  explicit tracked_cells(std::size_t n_rows) : by_row_(n_rows) {}

  /// Adds a cell given by its inner cells (rows of X, sorted) and the ids of the units inside it.
  void add(std::size_t cell, std::vector<std::uint32_t> rows, std::vector<std::uint32_t> inside) {
    const auto id = static_cast<std::uint32_t>(cells_.size());
    for (auto r : rows) by_row_[r].push_back(id);
    cells_.push_back(cell);
    rows_.push_back(std::move(rows));
    inside_.push_back(std::move(inside));
    seen_.push_back(0);
    at_pivot_.push_back(0);
  }

  std::size_t cell(std::size_t id) const { return cells_[id]; }
  const std::vector<std::uint32_t>& inside(std::size_t id) const { return inside_[id]; }

  /// Tracked cells whose coordinates in `space` are a multiple of g (normalised to 1 at
  /// `pivot`): they become derivable when the column with coordinates g is published.
  std::vector<std::size_t> parallel(null_space& space, const sparse_vector& g, std::uint32_t pivot) {
    std::vector<std::size_t> found;
    ++stamp_;
    // A tracked cell is parallel to g only if its coordinate at the pivot (the sum of the
    // pivot's basis vector over its inner cells) is nonzero and it has exactly |g| coordinates.
    const sparse_vector pivot_vector = space.basis_vector(pivot);
    candidates_.clear();
    for (std::size_t e = 0; e < pivot_vector.size(); ++e) {
      for (auto id : by_row_[pivot_vector.index[e]]) {
        if (seen_[id] != stamp_) {
          seen_[id] = stamp_;
          at_pivot_[id] = 0;
          candidates_.push_back(id);
        }
        at_pivot_[id] = field::add(at_pivot_[id], pivot_vector.value[e]);
      }
    }
    for (auto id : candidates_) {
      const auto& rows = rows_[id];
      if (rows.size() == 1) {
        // One inner cell: its coordinates are the basis vectors nonzero there.
        if (space.row_parallel(rows[0], g, pivot)) found.push_back(id);
        continue;
      }
      if (at_pivot_[id] == 0) continue;
      buffer_ = space.coordinates(rows);
      if (is_multiple(buffer_, g, pivot)) found.push_back(id);
    }
    std::sort(found.begin(), found.end());
    return found;
  }

 private:
  std::vector<std::size_t> cells_;
  std::vector<std::vector<std::uint32_t>> rows_;
  std::vector<std::vector<std::uint32_t>> inside_;
  std::vector<std::vector<std::uint32_t>> by_row_;  // inner cell -> tracked cells containing it
  std::vector<std::uint64_t> seen_;
  std::vector<std::uint64_t> at_pivot_;
  std::vector<std::uint32_t> candidates_;
  std::uint64_t stamp_ = 0;
  sparse_vector buffer_;
};

/// Units whose combinations must stay unknown (zero inner cells below primary zeros, singleton
/// primaries), each given by its rows of X.
struct unit_set {
  std::vector<std::vector<std::uint32_t>> rows;      // per unit
  std::vector<std::vector<std::uint32_t>> row_units; // per row of X: units containing it
};

/// Solves `a x = b` modulo field::modulus (a: rows x cols, row-major) by Gauss-Jordan
/// elimination; free unknowns are set to 0. Returns false when the system has no solution.
inline bool solve_in_field(std::vector<std::uint64_t> a, std::vector<std::uint64_t> b, std::size_t cols,
                           std::vector<std::uint64_t>& x) {
  const std::size_t rows = b.size();
  auto at = [&](std::size_t i, std::size_t j) -> std::uint64_t& { return a[i * cols + j]; };
  std::vector<std::size_t> pivot_column;
  std::size_t rank = 0;
  for (std::size_t j = 0; j < cols && rank < rows; ++j) {
    std::size_t pivot = rank;
    while (pivot < rows && at(pivot, j) == 0) ++pivot;
    if (pivot == rows) continue;
    for (std::size_t k = 0; k < cols; ++k) std::swap(at(pivot, k), at(rank, k));
    std::swap(b[pivot], b[rank]);
    const std::uint64_t inverse = field::inverse(at(rank, j));
    for (std::size_t k = 0; k < cols; ++k) at(rank, k) = field::multiply(at(rank, k), inverse);
    b[rank] = field::multiply(b[rank], inverse);
    for (std::size_t i = 0; i < rows; ++i) {
      if (i == rank || at(i, j) == 0) continue;
      const std::uint64_t factor = field::negate(at(i, j));
      for (std::size_t k = 0; k < cols; ++k) at(i, k) = field::add(at(i, k), field::multiply(factor, at(rank, k)));
      b[i] = field::add(b[i], field::multiply(factor, b[rank]));
    }
    pivot_column.push_back(j);
    ++rank;
  }
  for (std::size_t i = rank; i < rows; ++i) {
    if (b[i] != 0) return false;
  }
  x.assign(cols, 0);
  for (std::size_t i = 0; i < rank; ++i) x[pivot_column[i]] = b[i];
  return true;
}

/// Solves `column = sum_u lambda_u * unit_u` modulo the known space W1 (coordinates in W1,
/// after eliminating the column with coordinates `g1c` at `pivot1` when `g1c` is not null), for
/// units independent there. Returns false if no such combination is found among at most
/// `max_units` units; otherwise `lambda` holds the units with a nonzero coefficient (by unit
/// index, coefficients modulo field::modulus).
inline bool unit_combination(null_space& w1, const unit_set& units, const std::vector<std::uint32_t>& column,
                             const sparse_vector* g1c, std::uint32_t pivot1,
                             std::map<std::uint32_t, std::uint64_t>& lambda, std::size_t max_units = 128) {
  auto coordinates = [&](const std::vector<std::uint32_t>& rows) {
    sparse_vector g = w1.coordinates(rows);
    if (g1c == nullptr) return g;
    const std::uint64_t alpha = g.at(pivot1);
    if (alpha != 0) g = add_scaled(g, *g1c, field::negate(alpha));
    const auto it = std::lower_bound(g.index.begin(), g.index.end(), pivot1);
    if (it != g.index.end() && *it == pivot1) {
      const auto offset = it - g.index.begin();
      g.index.erase(it);
      g.value.erase(g.value.begin() + offset);
    }
    return g;
  };
  const sparse_vector target = coordinates(column);
  lambda.clear();
  if (target.empty()) return true;
  // Units reachable from the target's coordinates through shared coordinates.
  std::map<std::uint32_t, std::size_t> coordinate_index;
  std::vector<std::uint32_t> queue(target.index.begin(), target.index.end());
  std::vector<std::uint32_t> chosen;
  std::vector<sparse_vector> chosen_g;
  std::vector<char> seen(units.rows.size(), 0);
  for (auto i : target.index) coordinate_index.emplace(i, coordinate_index.size());
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const std::uint32_t id = queue[head];
    const auto& own_rows = w1.basis_vector(id).index;
    std::vector<std::uint32_t> rows(own_rows.begin(), own_rows.end());
    if (g1c != nullptr && g1c->at(id) != 0) {
      const auto& extra = w1.basis_vector(pivot1).index;
      rows.insert(rows.end(), extra.begin(), extra.end());
    }
    for (auto r : rows) {
      for (auto u : units.row_units[r]) {
        if (seen[u]) continue;
        seen[u] = 1;
        sparse_vector g = coordinates(units.rows[u]);
        if (g.empty()) continue;
        if (chosen.size() == max_units) return false;
        chosen.push_back(u);
        for (auto i : g.index) {
          if (coordinate_index.emplace(i, coordinate_index.size()).second) queue.push_back(i);
        }
        chosen_g.push_back(std::move(g));
      }
    }
  }
  if (chosen.empty()) return false;
  const std::size_t cols = chosen.size();
  std::vector<std::uint64_t> a(coordinate_index.size() * cols, 0), b(coordinate_index.size(), 0), x;
  for (std::size_t k = 0; k < cols; ++k) {
    for (std::size_t e = 0; e < chosen_g[k].size(); ++e) {
      a[coordinate_index[chosen_g[k].index[e]] * cols + k] = chosen_g[k].value[e];
    }
  }
  for (std::size_t e = 0; e < target.size(); ++e) b[coordinate_index[target.index[e]]] = target.value[e];
  if (!solve_in_field(std::move(a), std::move(b), cols, x)) return false;
  for (std::size_t k = 0; k < cols; ++k) {
    if (x[k] != 0) lambda[chosen[k]] = x[k];
  }
  return true;
}

}  // namespace detail

/// @brief Chooses secondary suppressions so that no primary cell can be computed from the
/// published cells (see the file comment for the method, zeros and singletons).
///
/// The cells are the columns of `problem.model_matrix` when it is non-empty, otherwise the
/// cells of the table of shape `problem.categories`. Forced publications come first. The
/// candidates (cells neither primary nor forced) are taken (1) in structural order: the cell
/// summing more inner cells first, then the cell farther from the primary cells first
/// (detail::primary_nearness), then higher cost, then later cell; and, when there are at most
/// `options.max_cells_second_order` cells, (2) in order of decreasing cost, ties as in (1). The
/// result kept is the one leaving fewer primary cells derivable, then with fewer secondary
/// suppressions, then of lower total cost (ties: the structural one).
/// @param problem the cells (shape or model matrix), values, frequencies and flags
/// @param options cost, singleton handling, zeros
/// @return per-cell status; `unprotected` lists primary cells that stay derivable
/// @throws invalid_input for mismatched lengths, a value that is not finite, a model matrix
///   with an entry other than 0 and 1, a cell without inner cells whose value is not 0, or a
///   cell both primary (or forced suppressed) and forced published; invalid_input
///   (too_many_categories) when the null-space bases outgrow the memory or
///   `options.max_basis_entries` (the cost-order pass doing so is given up instead, keeping the
///   structural pattern); whatever `options.progress` throws.
inline protection_result gauss_suppression(const protection_problem& problem, const gauss_options& options = {}) {
  const bool general = problem.model_matrix.cols() > 0;
  const detail::cell_supports full = general ? detail::supports_of_model_matrix(problem.model_matrix)
                                             : detail::supports_of_shape(problem.categories);
  const std::size_t n_cells = full.n_cells();
  const std::size_t n_inner = full.n_rows;
  const char* const system = general ? " for a model matrix of " : " for a table of ";
  auto check_length = [&](std::size_t size, const char* what, bool optional) {
    if ((optional && size == 0) || size == n_cells) return;
    throw invalid_input(errc::length_mismatch, std::string(what) + " has " + std::to_string(size) + " entries" +
                                                   system + std::to_string(n_cells) + " cells");
  };
  check_length(problem.values.size(), "values", false);
  check_length(problem.frequencies.size(), "frequencies", true);
  check_length(problem.primary.size(), "primary", false);
  check_length(problem.must_publish.size(), "must_publish", true);
  check_length(problem.must_suppress.size(), "must_suppress", true);
  auto flag = [](const std::vector<bool>& v, std::size_t i) { return !v.empty() && v[i]; };
  const std::vector<double>& frequency = problem.frequencies.empty() ? problem.values : problem.frequencies;
  for (std::size_t i = 0; i < n_cells; ++i) {
    if (!std::isfinite(problem.values[i]) || !std::isfinite(frequency[i])) {
      throw invalid_input(errc::missing_value, "cell " + std::to_string(i) + " has no finite value or frequency");
    }
    if (flag(problem.must_publish, i) && (problem.primary[i] || flag(problem.must_suppress, i))) {
      throw invalid_input(errc::invalid_argument, "cell " + std::to_string(i) +
                                                      " is both to be published and to be suppressed");
    }
    // A cell summing no inner cell is 0 by construction.
    if (full.size(i) == 0 && problem.values[i] != 0.0) {
      throw invalid_input(errc::invalid_argument, "cell " + std::to_string(i) +
                                                      " contains no inner cell of the model matrix but has value " +
                                                      std::to_string(problem.values[i]));
    }
  }

  const bool with_inner_values = !problem.inner_values.empty();
  if (with_inner_values) {
    if (problem.inner_values.size() != n_inner) {
      throw invalid_input(errc::length_mismatch, "inner_values has " + std::to_string(problem.inner_values.size()) +
                                                     " entries for " + std::to_string(n_inner) + " inner cells");
    }
    double scale = 1.0;
    for (std::size_t i = 0; i < n_inner; ++i) {
      if (!std::isfinite(problem.inner_values[i])) {
        throw invalid_input(errc::missing_value, "inner cell " + std::to_string(i) + " has no finite value");
      }
      scale = std::max(scale, std::abs(problem.inner_values[i]));
    }
    for (std::size_t j = 0; j < n_cells; ++j) {
      double sum = 0.0;
      for (auto r = full.begin(j); r != full.end(j); ++r) sum += problem.inner_values[*r];
      if (std::abs(sum - problem.values[j]) > 1e-9 * std::max(scale, std::abs(problem.values[j]))) {
        throw invalid_input(errc::invalid_argument, "the values are not additive: cell " + std::to_string(j) +
                                                        " has value " + std::to_string(problem.values[j]) +
                                                        " but its inner cells sum to " + std::to_string(sum));
      }
    }
  }

  // Candidates: every cell neither primary nor forced; forced publications come first.
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
  // Nearness to the primary cells: an inner cell lying in small cells (rows, columns, lines of
  // a table) dense in primary inner cells is the best secondary suppression, since it can
  // protect several primary cells at once and its suppressions are shared with theirs. With
  // w_r = 1 for an inner cell lying in a primary cell, each cell m has density
  // sum_{r in m} w_r / |m|, each inner cell the sum of the densities of the cells it lies in,
  // and a cell the mean of that over its inner cells. Linear in the entries of X.
  const std::vector<double> nearness = detail::primary_nearness(full, problem.primary);
  // Two orders are tried (see the function comment); within both, later cells first on
  // complete ties, so that suppressions gather in the same rows rather than spread.
  std::vector<std::size_t> by_structure(candidates.rbegin(), candidates.rend());
  std::vector<std::size_t> by_cost = by_structure;
  std::stable_sort(by_structure.begin(), by_structure.end(), [&](std::size_t a, std::size_t b) {
    if (full.size(a) != full.size(b)) return full.size(a) > full.size(b);
    if (nearness[a] != nearness[b]) return nearness[a] < nearness[b];
    return cost(a) > cost(b);
  });
  std::stable_sort(by_cost.begin(), by_cost.end(), [&](std::size_t a, std::size_t b) {
    const double ca = cost(a), cb = cost(b);
    if (ca != cb) return ca > cb;
    if (full.size(a) != full.size(b)) return full.size(a) > full.size(b);
    return nearness[a] < nearness[b];
  });

  // One greedy pass over `order` (forced publications first, then candidates). It stops, with
  // `gave_up` set, once the elimination work at the start of a step exceeds `budget`, which is
  // read at every step (the concurrent cost-order pass learns it when the structural pass
  // ends); `checked_work` is the work at the start of the last step taken, `work` all of it.
  struct pass_outcome {
    protection_result result;
    std::uint64_t work = 0, checked_work = 0;
    bool gave_up = false;
  };
  const std::size_t max_basis_entries =
      options.max_basis_entries > 0 ? options.max_basis_entries : detail::default_max_basis_entries();
  // `reports` (the structural pass, on the caller's thread) calls options.progress.
  auto run_pass = [&](const std::vector<std::size_t>& candidate_order, const std::atomic<std::uint64_t>& budget,
                      unsigned threads, bool reports) {
    pass_outcome outcome;
    protection_result& result = outcome.result;
    result.status.assign(n_cells, cell_protection::published);
    std::vector<std::size_t> order = forced;
    order.insert(order.end(), candidate_order.begin(), candidate_order.end());
    // Zero inner cells. With zeros known (no negative contribution) an inner cell lying in a cell
    // of value 0 is 0; otherwise only an inner cell that is itself a cell of value 0 is. Inner
    // cells below a primary zero stay unknown (units), the other zeros are known.
    // Given inner values say which inner cells are 0 (the intruder may learn them from
    // differences of cells even where no cell is 0); without the zeros assumption only those
    // that are cells themselves are known.
    std::vector<char> zero_row(n_inner, 0), below_zero_primary(n_inner, 0);
    for (std::size_t j = 0; j < n_cells; ++j) {
      if (problem.values[j] != 0.0) continue;
      const bool zero_inside = options.zeros_known || full.size(j) == 1;
      for (auto r = full.begin(j); r != full.end(j); ++r) {
        if (zero_inside && (!with_inner_values || problem.inner_values[*r] == 0.0)) zero_row[*r] = 1;
        if (problem.primary[j]) below_zero_primary[*r] = 1;
      }
    }
    if (with_inner_values && options.zeros_known) {
      for (std::size_t i = 0; i < n_inner; ++i) zero_row[i] |= problem.inner_values[i] == 0.0;
    }
    // Rows of X: inner cells, without the zeros known to the intruder.
    constexpr std::uint32_t no_row = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint32_t> row_of_inner(n_inner, no_row);
    std::vector<std::uint32_t> inner_of_row;
    inner_of_row.reserve(n_inner);
    for (std::size_t i = 0; i < n_inner; ++i) {
      if (options.zeros_known && zero_row[i] && !below_zero_primary[i]) continue;
      row_of_inner[i] = static_cast<std::uint32_t>(inner_of_row.size());
      inner_of_row.push_back(static_cast<std::uint32_t>(i));
    }
    const std::size_t n_rows = inner_of_row.size();

    // Columns of X over the kept rows (ascending, as the map is increasing).
    std::vector<std::size_t> start(n_cells + 1, 0);
    std::vector<std::uint32_t> rows;
    rows.reserve(full.rows.size());
    for (std::size_t j = 0; j < n_cells; ++j) {
      for (auto r = full.begin(j); r != full.end(j); ++r) {
        if (row_of_inner[*r] != no_row) rows.push_back(row_of_inner[*r]);
      }
      start[j + 1] = rows.size();
    }
    auto support = [&](std::size_t cell) {
      return std::vector<std::uint32_t>(rows.begin() + static_cast<std::ptrdiff_t>(start[cell]),
                                        rows.begin() + static_cast<std::ptrdiff_t>(start[cell + 1]));
    };

    // Roles (see the file comment). Zero rows kept although zeros are not below a primary zero
    // (zeros not taken as known) are known all the same for the protection of other cells; the
    // zero rows below primary zeros and the singleton primaries are units.
    std::vector<char> known_zero(n_rows, 0);
    detail::unit_set units;
    units.row_units.resize(n_rows);
    for (std::size_t r = 0; r < n_rows; ++r) {
      const std::size_t i = inner_of_row[r];
      if (!zero_row[i]) continue;
      if (below_zero_primary[i]) {
        units.row_units[r].push_back(static_cast<std::uint32_t>(units.rows.size()));
        units.rows.push_back({static_cast<std::uint32_t>(r)});
      } else {
        known_zero[r] = 1;
      }
    }
    std::vector<char> unprotected(n_cells, 0);
    std::vector<std::size_t> singletons, targets;
    for (std::size_t i = 0; i < n_cells; ++i) {
      if (!problem.primary[i]) continue;
      if (full.size(i) == 0) {
        unprotected[i] = 1;  // a cell without inner cells is known to be 0: nothing can protect it
        continue;
      }
      if (problem.values[i] == 0.0 &&
          std::all_of(full.begin(i), full.end(i), [&](std::uint32_t r) { return zero_row[r] != 0; })) {
        continue;  // a zero over zero inner cells: protected through its rows (units)
      }
      if (options.singletons == singleton_method::coalition && frequency[i] == 1.0) {
        singletons.push_back(i);
      } else {
        targets.push_back(i);
      }
    }

    // W1: what no published cell (nor a known zero) sees. W2: W1 without the units.
    detail::null_space w1(n_rows, known_zero);
    const std::vector<std::size_t> anchors =
        general ? std::vector<std::size_t>{} : detail::primary_anchors(problem.categories, problem.primary);
    if (!general) w1.set_row_priority(detail::anchored_row_priority(problem.categories, anchors, inner_of_row));
    const bool with_units = !units.rows.empty() || !singletons.empty();
    detail::null_space w2 = with_units ? w1 : detail::null_space{};
    for (const auto& unit : units.rows) w2.eliminate(detail::sparse_vector{{unit[0]}, {1}}, unit[0]);
    // Singletons: one that depends on the units before it (a margin with one contributor equals
    // that contributor's cell, up to zeros) is the same quantity as that combination.
    std::vector<std::vector<std::uint32_t>> unit_ids_of(n_cells);
    for (auto cell : singletons) {
      const std::vector<std::uint32_t> column = support(cell);
      detail::sparse_vector g = w2.coordinates(column);
      if (g.empty()) {
        std::map<std::uint32_t, std::uint64_t> lambda;
        if (detail::unit_combination(w1, units, column, nullptr, 0, lambda)) {
          for (const auto& entry : lambda) unit_ids_of[cell].push_back(entry.first);
        }
        continue;
      }
      const auto u = static_cast<std::uint32_t>(units.rows.size());
      unit_ids_of[cell].push_back(u);
      for (auto r : column) units.row_units[r].push_back(u);
      units.rows.push_back(column);
      w2.eliminate(g, w2.choose_pivot(g));
    }
    detail::null_space& top = with_units ? w2 : w1;

    // Units inside each target: those of the singletons whose inner cells all lie in the target
    // (on a table: the singletons of which the target is a margin).
    std::map<std::size_t, std::vector<std::uint32_t>> inside;
    if (!singletons.empty()) {
      // Cells containing each inner cell (transpose of the supports), primary cells only.
      std::vector<std::size_t> cell_start(n_inner + 1, 0);
      for (std::size_t j = 0; j < n_cells; ++j) {
        if (!problem.primary[j]) continue;
        for (auto r = full.begin(j); r != full.end(j); ++r) ++cell_start[*r + 1];
      }
      std::partial_sum(cell_start.begin(), cell_start.end(), cell_start.begin());
      std::vector<std::size_t> cells_of_row(cell_start[n_inner]);
      std::vector<std::size_t> fill(cell_start.begin(), cell_start.end() - 1);
      for (std::size_t j = 0; j < n_cells; ++j) {
        if (!problem.primary[j]) continue;
        for (auto r = full.begin(j); r != full.end(j); ++r) cells_of_row[fill[*r]++] = j;
      }
      for (auto cell : singletons) {
        const std::uint32_t first = *full.begin(cell);
        for (std::size_t e = cell_start[first]; e < cell_start[first + 1]; ++e) {
          const std::size_t outer = cells_of_row[e];
          if (outer == cell || !detail::support_within(full, cell, outer)) continue;
          auto& ids = inside[outer];
          ids.insert(ids.end(), unit_ids_of[cell].begin(), unit_ids_of[cell].end());
        }
      }
    }
    for (auto& entry : inside) {
      std::sort(entry.second.begin(), entry.second.end());
      entry.second.erase(std::unique(entry.second.begin(), entry.second.end()), entry.second.end());
    }
    // Whether a target known modulo W1 only up to units is known without the units inside it.
    auto disclosed = [&](std::size_t cell, const std::vector<std::uint32_t>& ids, const detail::sparse_vector* g1c,
                         std::uint32_t pivot1) {
      if (ids.empty()) return true;
      std::map<std::uint32_t, std::uint64_t> lambda;
      if (!detail::unit_combination(w1, units, support(cell), g1c, pivot1, lambda)) return true;
      for (const auto& entry : lambda) {
        if (std::binary_search(ids.begin(), ids.end(), entry.first)) return false;
      }
      return true;
    };

    detail::tracked_cells tracked(n_rows);
    std::vector<std::size_t> tracked_targets;
    for (auto p : targets) {
      detail::sparse_vector g = top.coordinates(support(p));
      auto found = inside.find(p);
      std::vector<std::uint32_t> ids = found == inside.end() ? std::vector<std::uint32_t>{} : found->second;
      if (g.empty()) {
        // Known before anything is published, unless only with singletons inside it.
        if (disclosed(p, ids, nullptr, 0)) unprotected[p] = 1;
        continue;
      }
      tracked.add(p, support(p), std::move(ids));
      tracked_targets.push_back(p);
    }

    // All margins at once. On a table whose margin cells are all candidates and come first,
    // the greedy pass publishes each of them unless it discloses something given those before
    // it. When publishing all of them together discloses nothing (no target known modulo the
    // units, and every margin that adds to what is published adds to what is known with the
    // units: equal losses of dimension in W1 and W2), no prefix does (a prefix publishes less),
    // so every margin step would publish its cell: the space after them is the null space of
    // all margins, built directly (margin_null_space) instead of by one elimination per margin.
    // Otherwise the pass goes through the margins one at a time.
    std::size_t first_step = 0;
    const std::size_t n_margins = n_cells - n_inner;
    const bool margins_first =
        !general && options.build_margin_space && forced.empty() && n_margins > 0 && order.size() > n_margins &&
        std::all_of(problem.categories.begin(), problem.categories.end(), [](std::size_t k) { return k >= 2; }) &&
        std::all_of(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n_margins),
                    [&](std::size_t c) { return full.size(c) > 1; });
    if (margins_first) {
      detail::null_space margin_w1 = detail::margin_null_space(problem.categories, anchors, inner_of_row, known_zero);
      detail::null_space margin_w2;
      bool safe = true;
      if (with_units) {
        margin_w2 = margin_w1;
        for (const auto& unit : units.rows) margin_w2.publish(unit);
        safe = w1.dimension() - margin_w1.dimension() == w2.dimension() - margin_w2.dimension();
      }
      detail::null_space& margin_top = with_units ? margin_w2 : margin_w1;
      for (std::size_t t = 0; t < tracked_targets.size() && safe; ++t) {
        safe = !margin_top.coordinates(support(tracked_targets[t])).empty();
      }
      if (safe) {
        margin_w1.set_row_priority(w1.row_priority());
        w1 = std::move(margin_w1);
        if (with_units) w2 = std::move(margin_w2);
        first_step = n_margins;
      }
    }
    // Which primary cells a known combination of units gives away (forced publications only).
    auto mark_units = [&](const std::vector<std::uint32_t>& column) {
      std::map<std::uint32_t, std::uint64_t> lambda;
      if (!detail::unit_combination(w1, units, column, nullptr, 0, lambda)) {
        for (std::size_t i = 0; i < n_cells; ++i) {
          if (problem.primary[i] && (problem.values[i] == 0.0 || frequency[i] == 1.0)) unprotected[i] = 1;
        }
        return;
      }
      for (std::size_t i = 0; i < n_cells; ++i) {
        if (!problem.primary[i]) continue;
        for (auto u : unit_ids_of[i]) unprotected[i] |= lambda.count(u) > 0;
        if (problem.values[i] != 0.0) continue;
        for (std::size_t e = start[i]; e < start[i + 1]; ++e) {
          for (auto u : units.row_units[rows[e]]) unprotected[i] |= units.rows[u].size() == 1 && lambda.count(u) > 0;
        }
      }
    };

    // Rows no later step reads. Every decision reads the null spaces only at the rows of the
    // candidate, of the tracked primary cells and of the units, and, through the later
    // candidates, at theirs; and restricting W to a set of rows commutes with publishing a
    // column inside it ({w in W : w_c = 0} restricted = {u in W restricted : u_c = 0}). So
    // the rows of a cell suppressed as secondary that no later candidate, tracked primary cell
    // or unit contains are never read again and are removed, sparing the merges they would
    // take part in (on 3-D tables of 10^5 cells 20% of the elimination work, most of it at the
    // end of the pass, where the basis is densest). A row read later (a repeated cell, a
    // margin of a later candidate) is kept.
    constexpr std::size_t never = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> last_read;  // per row: the last step reading it (never: a kept row)
    if (options.drop_decided_rows) {
      last_read.assign(n_rows, 0);
      for (std::size_t k = 0; k < order.size(); ++k) {
        for (std::size_t e = start[order[k]]; e < start[order[k] + 1]; ++e) last_read[rows[e]] = k;
      }
      for (auto p : tracked_targets) {
        for (std::size_t e = start[p]; e < start[p + 1]; ++e) last_read[rows[e]] = never;
      }
      for (std::size_t r = 0; r < n_rows; ++r) {
        if (!units.row_units[r].empty()) last_read[r] = never;
      }
    }
    w1.set_threads(threads, options.parallel_min_work);
    w2.set_threads(threads, options.parallel_min_work);
    std::uint64_t reported_work = 0;
    for (std::size_t k = first_step; k < order.size(); ++k) {
      const std::size_t c = order[k];
      const bool must = k < forced.size();
      const std::uint64_t work = w1.work() + w2.work();
      const std::size_t entries = w1.entries() + w2.entries();
      if (entries > max_basis_entries) throw detail::basis_limit_reached{entries};
      if (reports && options.progress && (k % 64 == 0 || work - reported_work > 10000000)) {
        reported_work = work;
        options.progress(gauss_progress{k, order.size(), entries, work});
      }
      if (work > budget.load(std::memory_order_relaxed)) {
        outcome.gave_up = true;
        outcome.work = work;
        return outcome;
      }
      outcome.checked_work = work;
      const std::vector<std::uint32_t> column = support(c);
      detail::sparse_vector g1 = w1.coordinates(column);
      if (g1.empty()) continue;  // already known: publishing it tells nothing new
      const std::uint32_t pivot1 = w1.choose_pivot(g1);
      detail::normalise(g1, pivot1);
      detail::sparse_vector g2;
      std::uint32_t pivot2 = 0;
      bool reveals = false;
      if (with_units) {
        g2 = w2.coordinates(column);
        if (g2.empty()) {
          reveals = true;  // a combination of units would become known
          if (must) mark_units(column);
        } else {
          pivot2 = w2.choose_pivot(g2);
          detail::normalise(g2, pivot2);
        }
      } else {
        g2 = g1;
        pivot2 = pivot1;
      }
      if (!g2.empty()) {
        for (auto id : tracked.parallel(top, g2, pivot2)) {
          if (disclosed(tracked.cell(id), tracked.inside(id), &g1, pivot1)) {
            reveals = true;
            if (must) unprotected[tracked.cell(id)] = 1;
            if (!must) break;
          }
        }
      }
      if (reveals && !must) {
        result.status[c] = cell_protection::secondary;
        for (std::size_t e = 0; e < column.size() && !last_read.empty(); ++e) {
          if (last_read[column[e]] != k) continue;
          w1.drop_row(column[e]);
          if (with_units) w2.drop_row(column[e]);
        }
        continue;
      }
      if (reveals) result.conflicts.push_back(c);
      if (!g2.empty()) {
        if (with_units) w2.eliminate(g2, pivot2);
      }
      w1.eliminate(g1, pivot1);
    }
    outcome.work = w1.work() + w2.work();
    if (reports && options.progress) {
      options.progress(gauss_progress{order.size(), order.size(), w1.entries() + w2.entries(), outcome.work});
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
    return outcome;
  };
  // The null-space bases can outgrow the memory (3-D and 4-D tables of 10^6 cells with many
  // primary cells: 31^4 with 6% primary cells needs more than 20 GB): that is reported naming
  // the table, once the bases are freed, instead of as a bare std::bad_alloc or the process
  // killed by the system. The limit on entries stops it before the memory runs out.
  auto attempt = [&](const std::vector<std::size_t>& candidate_order, const std::atomic<std::uint64_t>& budget,
                     unsigned threads) {
    auto too_large = [&](const std::string& what, const std::string& outgrown) {
      const auto n_primary = std::count(problem.primary.begin(), problem.primary.end(), true);
      return invalid_input(errc::too_many_categories,
                           "Gauss suppression " + what + std::string(system) + std::to_string(n_cells) + " cells (" +
                               std::to_string(n_inner) + " inner cells, " + std::to_string(n_primary) +
                               " primary): the basis of what the published cells leave unknown outgrew " + outgrown +
                               "; protect smaller tables (fewer categories or dimensions) or use a machine with more "
                               "memory");
    };
    try {
      return run_pass(candidate_order, budget, threads, true);
    } catch (const std::bad_alloc&) {
      throw too_large("ran out of memory", "the memory");
    } catch (const detail::basis_limit_reached& reached) {
      throw too_large("stopped at " + std::to_string(reached.entries) + " basis entries",
                      "max_basis_entries " + std::to_string(max_basis_entries) + " (about " +
                          std::to_string(static_cast<unsigned long long>(static_cast<double>(max_basis_entries) *
                                                                         basis_entry_bytes / 1048576.0)) +
                          " MB; 0, the default, is three quarters of the physical memory)");
    }
  };

  constexpr std::uint64_t unlimited = std::numeric_limits<std::uint64_t>::max();
  const std::atomic<std::uint64_t> no_budget{unlimited};
  const unsigned threads =
      options.threads > 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  if (n_cells > options.max_cells_second_order || by_cost == by_structure) {
    return attempt(by_structure, no_budget, threads).result;
  }
  // The cost-order pass runs beside the structural one when a thread can be had; its budget is
  // unknown (unlimited) until the structural pass ends. The outcome is the same as one pass
  // after the other: the cost pattern is dropped iff the work at the start of one of its steps
  // exceeds the budget, whenever that is found out.
  std::atomic<std::uint64_t> budget{unlimited};
  // The cost-order pass is optional: running out of memory gives it up (the structural pattern
  // is kept) rather than failing the protection.
  auto cost_pass = [&](unsigned pass_threads) {
    pass_outcome given_up;
    given_up.gave_up = true;
    try {
      return run_pass(by_cost, budget, pass_threads, false);
    } catch (const detail::basis_limit_reached&) {
      return given_up;
    } catch (const std::bad_alloc&) {
      return given_up;
    }
  };
  pass_outcome best, other;
  std::exception_ptr other_failure;
  std::thread other_pass;
  if (options.concurrent_passes) {
    try {
      other_pass = std::thread([&] {
        try {
          other = cost_pass(std::max(1U, threads / 2));
        } catch (...) {
          other_failure = std::current_exception();
        }
      });
    } catch (const std::system_error&) {
      // No thread to be had: the passes run one after the other.
    }
  }
  try {
    best = attempt(by_structure, no_budget, other_pass.joinable() ? std::max(1U, threads - threads / 2) : threads);
  } catch (...) {
    budget.store(0, std::memory_order_relaxed);  // stops the other pass at its next step
    if (other_pass.joinable()) other_pass.join();
    throw;
  }
  const double allowed = options.second_order_work_factor * static_cast<double>(best.work);
  const std::uint64_t limit =
      std::max(options.min_second_order_work, allowed >= 1.8e19 ? unlimited : static_cast<std::uint64_t>(allowed));
  budget.store(limit, std::memory_order_relaxed);
  if (other_pass.joinable()) {
    other_pass.join();
    if (other_failure) std::rethrow_exception(other_failure);
  } else {
    other = cost_pass(threads);
  }
  if (other.gave_up || other.checked_work > limit) return std::move(best.result);
  {
    auto total_cost = [&](const protection_result& r) {
      double sum = 0.0;
      for (std::size_t i = 0; i < n_cells; ++i) {
        if (r.status[i] == cell_protection::secondary && !flag(problem.must_suppress, i)) sum += cost(i);
      }
      return sum;
    };
    // Keep the pattern leaving fewer primary cells derivable, then with fewer suppressed
    // cells, then of lower cost.
    const auto key = [&](const protection_result& r) {
      return std::make_tuple(r.unprotected.size(), r.n_secondary, total_cost(r));
    };
    if (key(other.result) < key(best.result)) return std::move(other.result);
  }
  return std::move(best.result);
}

/// @brief Whether a table has a negative contribution or value: then neither zeros nor the
/// bound 0 on cells are known to an intruder (Gauss `zeros_known`, optimal and audit
/// `nonnegative` are switched off).
inline bool has_negative_contributions(const table& t) {
  for (const auto& cell : t.cells) {
    if (cell.evidence.n_negative > 0 || cell.value < 0) return true;
  }
  return false;
}

/// @brief The protection problem of a checked count or sum table, shared by every protection
/// method (protect_table, protect_table_optimal): the cells of the table's cross-classification
/// (margins included), their values (missing values as 0) and contributor counts, and the
/// cells failing the rules as primary. Forced cells are left empty.
/// @param t the table (statistic count or sum)
/// @param check its verdicts (check_table): cells with status `fail` are primary
/// @throws invalid_input for statistics that are not additive, or a check of another length.
inline protection_problem protection_problem_of(const table& t, const table_check& check) {
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
  }
  return problem;
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
  protection_problem problem = protection_problem_of(t, check);
  if (has_negative_contributions(t)) options.zeros_known = false;
  problem.must_publish = must_publish;
  problem.must_suppress = must_suppress;
  return gauss_suppression(problem, options);
}

}  // namespace sdc
