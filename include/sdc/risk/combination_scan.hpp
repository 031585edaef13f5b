// SPDX-License-Identifier: MIT
/// @file combination_scan.hpp
/// @brief mu-ARGUS-style scan of the combinations of key variables: every combination of up to
/// m key variables is cross-tabulated, and a cell with fewer records than the threshold of its
/// dimension is unsafe (docs/population.md).
///
/// For keys X1..Xp, every subset of d <= m variables is a *combination* of dimension d; its
/// *cells* are the distinct value tuples present in the data, and a cell is *unsafe* when
/// 0 < count < threshold[d]. A combination is unsafe when it has an unsafe cell. The report names
/// the unsafe combinations and their unsafe cells (variable = value pairs, counts), counts unsafe
/// cells and combinations per dimension and per variable (the table mu-ARGUS shows), and the
/// records in at least one unsafe cell.
///
/// Cost: one pass over the records per combination. Combinations are visited depth first in
/// lexicographic order and each is grouped from its prefix's classes (computed once and kept
/// on a stack of m levels), so a combination of dimension d costs one pass whatever d; a
/// combination without children only counts its cells.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "sdc/core/column_view.hpp"
#include "sdc/core/error.hpp"

namespace sdc {

/// @brief How a missing key value is treated by the combination scan.
enum class scan_missing {
  category,  ///< a missing value is one more category: its cells are assessed like any other
  ignore     ///< a cell with a missing value in any of its variables is never unsafe
};

/// @brief Stable name: "category" or "ignore".
inline constexpr std::string_view to_string(scan_missing value) noexcept {
  switch (value) {
    case scan_missing::category: return "category";
    case scan_missing::ignore: return "ignore";
  }
  return "category";
}

/// @brief Parses "category" or "ignore".
/// @throws invalid_input (errc::invalid_argument) for any other name.
inline scan_missing scan_missing_from_string(std::string_view name) {
  if (name == "category") return scan_missing::category;
  if (name == "ignore") return scan_missing::ignore;
  throw invalid_input(errc::invalid_argument, "unknown missing-value treatment '" +
                                                  std::string(name) +
                                                  "'; expected category or ignore");
}

/// @brief Options of scan_combinations.
struct combination_scan_options {
  /// Largest dimension m scanned (combinations of 1..m variables); capped at the number of keys.
  int max_dimension = 3;
  /// Threshold per dimension: a cell of a combination of dimension d is unsafe when its count is
  /// below thresholds[d-1]. One value applies to every dimension; otherwise give exactly
  /// max_dimension values. Each must be at least 1.
  std::vector<std::int64_t> thresholds = {3};
  /// Missing values: one more category, or cells with a missing value are never unsafe.
  scan_missing missing = scan_missing::category;
  /// Unsafe cells listed per combination (smallest counts first); all are counted regardless.
  std::size_t max_listed_cells = 100;
  /// Also report the combinations without unsafe cells.
  bool include_safe_combinations = false;
  /// Return, per record, the number of unsafe combinations it has an unsafe cell in.
  bool per_record = false;
  /// Refuse to scan more combinations than this (the count grows as p^m).
  std::size_t max_combinations = 1000000;

  /// @brief The defaults, for bindings that must not re-list them.
  static combination_scan_options defaults() { return combination_scan_options{}; }
};

/// @brief An unsafe cell: values of the combination's variables, and its count.
struct scan_cell {
  /// Per variable of the combination (same order): category index in [0, n_categories), or
  /// missing_category. These are the values of the cell's first record.
  std::vector<std::int32_t> categories;
  std::int64_t count = 0;         ///< records in the cell
  std::size_t first_record = 0;   ///< first record (input order) in the cell
};

/// @brief One scanned combination of key variables.
struct combination_result {
  std::vector<std::size_t> variables;  ///< indices into the keys, increasing
  std::int64_t threshold = 0;          ///< threshold of its dimension
  std::size_t n_cells = 0;             ///< non-empty cells
  std::size_t n_unsafe_cells = 0;      ///< cells with 0 < count < threshold (all, not only listed)
  std::int64_t records_in_unsafe_cells = 0;  ///< records in those cells
  /// Unsafe cells by increasing count, then first record; at most max_listed_cells.
  std::vector<scan_cell> cells;
  bool cells_truncated = false;  ///< more unsafe cells than listed

  /// @brief Dimension (number of variables).
  std::size_t dimension() const noexcept { return variables.size(); }
  /// @brief Has at least one unsafe cell.
  bool unsafe() const noexcept { return n_unsafe_cells > 0; }
};

/// @brief Unsafe combinations and cells involving one key variable, per dimension.
struct scan_variable_summary {
  std::string name;  ///< the key's name
  /// Index d-1: unsafe combinations of dimension d that contain the variable.
  std::vector<std::size_t> unsafe_combinations;
  /// Index d-1: unsafe cells of combinations of dimension d that contain the variable.
  std::vector<std::size_t> unsafe_cells;
};

/// @brief Result of scan_combinations.
struct combination_scan_report {
  std::size_t n_records = 0;  ///< records
  int max_dimension = 0;      ///< dimension scanned (after capping at the number of keys)
  std::vector<std::int64_t> thresholds;            ///< per dimension (index d-1)
  std::vector<std::size_t> combinations_scanned;   ///< per dimension
  std::vector<std::size_t> unsafe_combinations;    ///< per dimension
  std::vector<std::size_t> unsafe_cells;           ///< per dimension
  /// Unsafe combinations (and safe ones if requested), by dimension, then lexicographically.
  std::vector<combination_result> combinations;
  std::vector<scan_variable_summary> variables;  ///< one per key, in key order
  std::size_t records_affected = 0;  ///< records in at least one unsafe cell
  /// Per record (if options.per_record): number of unsafe combinations it has an unsafe cell in.
  std::vector<std::int32_t> unsafe_combinations_per_record;
};

namespace detail {

/// Open-addressing map from 64-bit slots to class ids (linear probing, deterministic).
class slot_map {
 public:
  void reset(std::size_t expected) {
    std::size_t capacity = 16;
    while (capacity < 2 * expected) capacity *= 2;
    keys_.assign(capacity, empty);
    values_.assign(capacity, -1);
    mask_ = capacity - 1;
    shift_ = 64;
    for (std::size_t c = capacity; c > 1; c >>= 1) --shift_;
  }
  /// The id of `key`, inserting `next` if absent (then inserted = true).
  std::int32_t find_or_insert(std::uint64_t key, std::int32_t next, bool& inserted) {
    std::size_t at = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_) & mask_;
    for (;;) {
      if (keys_[at] == key) {
        inserted = false;
        return values_[at];
      }
      if (keys_[at] == empty) {
        keys_[at] = key;
        values_[at] = next;
        inserted = true;
        return next;
      }
      at = (at + 1) & mask_;
    }
  }

 private:
  static constexpr std::uint64_t empty = ~std::uint64_t{0};
  std::vector<std::uint64_t> keys_;
  std::vector<std::int32_t> values_;
  std::size_t mask_ = 0;
  unsigned shift_ = 64;
};

/// The records themselves as rows: codes read from the caller's views, weight 1.
struct record_rows {
  const std::vector<categorical_view>* keys = nullptr;
  std::size_t size() const noexcept { return keys->front().size; }
  // Category index, or n_categories for a missing value (unsigned: defined for any code).
  std::uint32_t code(std::size_t v, std::size_t i) const noexcept {
    const categorical_view& key = (*keys)[v];
    const std::int32_t c = key.codes[i];
    return c == key.missing_code ? static_cast<std::uint32_t>(key.n_categories)
                                 : static_cast<std::uint32_t>(c) -
                                       static_cast<std::uint32_t>(key.first_code);
  }
  static constexpr std::int32_t weight(std::size_t) noexcept { return 1; }
};

/// Distinct full keys as rows (when much fewer than the records): compact codes and the
/// number of records of each row. Rows are numbered by first appearance, so the first row of a
/// cell holds the cell's first record.
struct class_rows {
  std::vector<std::vector<std::uint32_t>> codes;  // per key, per row
  std::vector<std::int32_t> weights;              // records per row
  std::size_t size() const noexcept { return weights.size(); }
  std::uint32_t code(std::size_t v, std::size_t i) const noexcept { return codes[v][i]; }
  std::int32_t weight(std::size_t i) const noexcept { return weights[i]; }
};

/// Classes of the rows on a prefix of a combination.
struct scan_level {
  std::vector<std::int32_t> ids;   // per row
  std::vector<char> has_missing;   // per class: a missing value in the prefix
  std::size_t n_groups() const noexcept { return has_missing.size(); }
};

template <class Rows>
class combination_scanner {
 public:
  combination_scanner(const Rows& rows, const std::vector<categorical_view>& keys,
                      const combination_scan_options& options, combination_scan_report& report)
      : rows_(rows), keys_(keys), options_(options), report_(report), n_(rows.size()) {
    const auto n = static_cast<std::int64_t>(n_);
    dense_limit_ = std::min<std::int64_t>(std::int64_t{1} << 26,
                                          std::max<std::int64_t>(std::int64_t{1} << 20, 8 * n));
    row_unsafe_.assign(n_, 0);
    levels_.resize(static_cast<std::size_t>(report.max_dimension));
  }

  void run() {
    scan_level root;
    root.has_missing.push_back(0);
    visit(0, 0, root, true);
  }

  /// Per row: number of unsafe combinations with an unsafe cell holding the row.
  const std::vector<std::int32_t>& row_unsafe() const { return row_unsafe_; }
  /// Unsafe cells found, with the first *row* of each (mapped to records by the caller).
  std::vector<combination_result>& results() { return results_; }

 private:
  static constexpr std::size_t unset = std::numeric_limits<std::size_t>::max();

  struct pending_cell {
    std::int64_t count;
    std::size_t first;  // first row
  };

  void visit(std::size_t depth, std::size_t start, const scan_level& parent, bool root) {
    const std::size_t p = keys_.size();
    const auto m = static_cast<std::size_t>(report_.max_dimension);
    for (std::size_t v = start; v < p; ++v) {
      path_.push_back(v);
      const bool has_children = depth + 1 < m && v + 1 < p;
      scan_level& child = levels_[depth];  // the parent is levels_[depth - 1] (or the root)
      const std::uint64_t radix = static_cast<std::uint64_t>(keys_[v].n_categories) + 1;
      const std::uint64_t space = static_cast<std::uint64_t>(parent.n_groups()) * radix;
      if (space <= static_cast<std::uint64_t>(dense_limit_)) {
        dense(parent, root, v, static_cast<std::size_t>(space), has_children, child);
      } else {
        sparse(parent, root, v, child);
      }
      if (has_children) visit(depth + 1, v + 1, child, false);
      path_.pop_back();
    }
  }

  // Counting pass over the mixed-radix slots (parent class, code) in a dense table; then one
  // pass that writes the child ids (if the combination has children) and marks the rows of
  // unsafe cells (if there are any).
  void dense(const scan_level& parent, bool root, std::size_t v, std::size_t space,
             bool has_children, scan_level& child) {
    const std::uint32_t radix = static_cast<std::uint32_t>(keys_[v].n_categories) + 1U;
    const std::uint32_t missing_code = radix - 1U;
    const std::int32_t* parent_ids = root ? nullptr : parent.ids.data();
    const auto slot_of = [&](std::size_t i) {
      const std::size_t pg = parent_ids == nullptr ? 0 : static_cast<std::size_t>(parent_ids[i]);
      return pg * radix + rows_.code(v, i);
    };
    counts_.assign(space, 0);
    std::int32_t* counts = counts_.data();
    for (std::size_t i = 0; i < n_; ++i) counts[slot_of(i)] += rows_.weight(i);
    // Classes in slot order; slot_table_ maps a slot to its class.
    const std::int64_t t = threshold();
    slot_table_.resize(space);
    child.has_missing.clear();
    unsafe_of_group_.clear();
    unsafe_.clear();
    for (std::size_t s = 0; s < space; ++s) {
      const std::int32_t count = counts[s];
      if (count == 0) continue;
      slot_table_[s] = static_cast<std::int32_t>(child.has_missing.size());
      const bool missing = parent.has_missing[s / radix] != 0 || s % radix == missing_code;
      child.has_missing.push_back(static_cast<char>(missing));
      if (count < t && !(ignore_missing() && missing)) {
        unsafe_of_group_.push_back(static_cast<std::int32_t>(unsafe_.size()));
        unsafe_.push_back({count, unset});
      } else {
        unsafe_of_group_.push_back(-1);
      }
    }
    const std::int32_t* table = slot_table_.data();
    if (has_children) {
      child.ids.resize(n_);
      std::int32_t* ids = child.ids.data();
      if (unsafe_.empty()) {
        for (std::size_t r = 0; r < n_; ++r) ids[r] = table[slot_of(r)];
      } else {
        for (std::size_t r = 0; r < n_; ++r) {
          const std::int32_t g = table[slot_of(r)];
          ids[r] = g;
          mark(r, g);
        }
      }
    } else if (!unsafe_.empty()) {
      for (std::size_t r = 0; r < n_; ++r) mark(r, table[slot_of(r)]);
    }
    record(child.n_groups());
  }

  // Prefix classes x categories beyond a dense table: classes by hashing, numbered by first
  // appearance, in one pass; then marking if needed.
  void sparse(const scan_level& parent, bool root, std::size_t v, scan_level& child) {
    const std::uint64_t radix = static_cast<std::uint64_t>(keys_[v].n_categories) + 1;
    const std::uint64_t missing_code = radix - 1;
    child.ids.resize(n_);
    child.has_missing.clear();
    group_counts_.clear();
    map_.reset(n_);
    std::int32_t next = 0;
    for (std::size_t r = 0; r < n_; ++r) {
      const std::uint64_t pg = root ? 0 : static_cast<std::uint64_t>(parent.ids[r]);
      const std::uint32_t code = rows_.code(v, r);
      bool inserted = false;
      const std::int32_t g = map_.find_or_insert(pg * radix + code, next, inserted);
      if (inserted) {
        ++next;
        child.has_missing.push_back(
            static_cast<char>(parent.has_missing[static_cast<std::size_t>(pg)] != 0 ||
                              code == missing_code));
        group_counts_.push_back(0);
      }
      group_counts_[static_cast<std::size_t>(g)] += rows_.weight(r);
      child.ids[r] = g;
    }
    const std::int64_t t = threshold();
    unsafe_of_group_.assign(child.n_groups(), -1);
    unsafe_.clear();
    for (std::size_t g = 0; g < child.n_groups(); ++g) {
      if (group_counts_[g] < t && !(ignore_missing() && child.has_missing[g])) {
        unsafe_of_group_[g] = static_cast<std::int32_t>(unsafe_.size());
        unsafe_.push_back({group_counts_[g], unset});
      }
    }
    if (!unsafe_.empty()) {
      for (std::size_t r = 0; r < n_; ++r) mark(r, child.ids[r]);
    }
    record(child.n_groups());
  }

  void mark(std::size_t row, std::int32_t group) {
    const std::int32_t u = unsafe_of_group_[static_cast<std::size_t>(group)];
    if (u < 0) return;
    ++row_unsafe_[row];
    std::size_t& first = unsafe_[static_cast<std::size_t>(u)].first;
    if (first == unset) first = row;
  }

  std::int64_t threshold() const { return report_.thresholds[path_.size() - 1]; }
  bool ignore_missing() const { return options_.missing == scan_missing::ignore; }

  void record(std::size_t n_cells) {
    const std::size_t d = path_.size();
    ++report_.combinations_scanned[d - 1];
    if (unsafe_.empty() && !options_.include_safe_combinations) return;
    combination_result result;
    result.variables = path_;
    result.threshold = threshold();
    result.n_cells = n_cells;
    result.n_unsafe_cells = unsafe_.size();
    for (const auto& cell : unsafe_) result.records_in_unsafe_cells += cell.count;
    if (!unsafe_.empty()) {
      ++report_.unsafe_combinations[d - 1];
      report_.unsafe_cells[d - 1] += unsafe_.size();
      for (const std::size_t v : path_) {
        ++report_.variables[v].unsafe_combinations[d - 1];
        report_.variables[v].unsafe_cells[d - 1] += unsafe_.size();
      }
      // Rows are in record order of first appearance, so ordering by first row orders by first
      // record.
      const std::size_t listed = std::min(unsafe_.size(), options_.max_listed_cells);
      std::partial_sort(unsafe_.begin(), unsafe_.begin() + static_cast<std::ptrdiff_t>(listed),
                        unsafe_.end(), [](const pending_cell& a, const pending_cell& b) {
                          return a.count != b.count ? a.count < b.count : a.first < b.first;
                        });
      result.cells_truncated = listed < unsafe_.size();
      result.cells.reserve(listed);
      for (std::size_t c = 0; c < listed; ++c) {
        scan_cell cell;
        cell.count = unsafe_[c].count;
        cell.first_record = unsafe_[c].first;  // a row for now
        result.cells.push_back(std::move(cell));
      }
    }
    results_.push_back(std::move(result));
  }

  const Rows& rows_;
  const std::vector<categorical_view>& keys_;
  const combination_scan_options& options_;
  combination_scan_report& report_;
  std::size_t n_;
  std::int64_t dense_limit_ = 0;
  std::vector<scan_level> levels_;
  std::vector<std::size_t> path_;
  std::vector<std::int32_t> counts_;
  std::vector<std::int32_t> slot_table_;
  std::vector<std::int32_t> group_counts_;
  std::vector<std::int32_t> unsafe_of_group_;
  std::vector<pending_cell> unsafe_;
  std::vector<std::int32_t> row_unsafe_;
  std::vector<combination_result> results_;
  slot_map map_;
};

/// Distinct full keys as weighted rows, if there are at most n / 2 of them (else false, after
/// at most one pass): one pass over the mixed-radix value of the full key, renumbered through a
/// dense table or a hash map.
inline bool compress_records(const std::vector<categorical_view>& keys, class_rows& rows,
                             std::vector<std::int32_t>& row_of_record,
                             std::vector<std::size_t>& row_first_record) {
  const std::size_t n = keys.front().size;
  const std::size_t p = keys.size();
  std::vector<std::uint64_t> multiplier(p);
  std::uint64_t space = 1;
  for (std::size_t v = p; v-- > 0;) {
    multiplier[v] = space;
    const auto radix = static_cast<std::uint64_t>(keys[v].n_categories) + 1;
    if (space > (std::uint64_t{1} << 62) / radix) return false;  // no 64-bit mixed radix
    space *= radix;
  }
  const std::size_t limit = n / 2;
  if (limit == 0) return false;
  const record_rows records{&keys};
  // A dense renumbering table when the key space is small, else hashing.
  const bool dense = space <= std::max<std::uint64_t>(std::uint64_t{1} << 20, 8 * std::uint64_t{n});
  std::vector<std::int32_t> renumber;
  slot_map map;
  if (dense) {
    renumber.assign(static_cast<std::size_t>(space), -1);
  } else {
    map.reset(limit + 1);
  }
  row_of_record.resize(n);
  std::vector<std::int32_t> weights;
  std::int32_t next = 0;
  constexpr std::size_t probe = std::size_t{1} << 16;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t key = 0;
    for (std::size_t v = 0; v < p; ++v) key += records.code(v, i) * multiplier[v];
    bool inserted = false;
    std::int32_t id;
    if (dense) {
      std::int32_t& slot = renumber[static_cast<std::size_t>(key)];
      inserted = slot < 0;
      if (inserted) slot = next;
      id = slot;
    } else {
      id = map.find_or_insert(key, next, inserted);
    }
    if (inserted) {
      if (static_cast<std::size_t>(next) == limit) return false;
      ++next;
      row_first_record.push_back(i);
      weights.push_back(0);
    }
    ++weights[static_cast<std::size_t>(id)];
    row_of_record[i] = id;
    // Nearly every key distinct among the first 65,536 records: compression will not pay, stop
    // early (the choice affects speed only, never the result).
    if (i + 1 == probe && n >= 4 * probe && static_cast<std::size_t>(next) * 10 > probe * 9) {
      return false;
    }
  }
  rows.weights = std::move(weights);
  rows.codes.assign(p, std::vector<std::uint32_t>(rows.weights.size()));
  for (std::size_t v = 0; v < p; ++v) {
    for (std::size_t g = 0; g < rows.weights.size(); ++g) {
      rows.codes[v][g] = records.code(v, row_first_record[g]);
    }
  }
  return true;
}

/// Number of subsets of 1..m of p elements, saturating at max + 1.
inline std::size_t count_combinations(std::size_t p, std::size_t m, std::size_t max) {
  std::size_t total = 0;
  double c = 1.0;  // C(p, d)
  for (std::size_t d = 1; d <= m; ++d) {
    c = c * static_cast<double>(p - d + 1) / static_cast<double>(d);
    if (c + static_cast<double>(total) > static_cast<double>(max)) return max + 1;
    total += static_cast<std::size_t>(c + 0.5);
  }
  return total;
}

}  // namespace detail

/// @brief Scans every combination of up to m key variables for cells below the threshold of
/// their dimension (mu-ARGUS's unsafe combinations).
/// @param keys the key variables (at least one, equal lengths)
/// @param options dimension, thresholds, missing values, listing limits
/// @return unsafe combinations with their cells, counts per dimension and per variable, records
///         affected
/// @throws invalid_input errc::invalid_argument (no keys, a code out of range, max_dimension
///         below 1, a threshold below 1, thresholds not of size 1 or max_dimension, more
///         combinations than max_combinations, a class count beyond 2^31), errc::length_mismatch
inline combination_scan_report scan_combinations(const std::vector<categorical_view>& keys,
                                                 const combination_scan_options& options = {}) {
  if (keys.empty()) {
    throw invalid_input(errc::invalid_argument, "at least one key variable is needed");
  }
  if (options.max_dimension < 1) {
    throw invalid_input(errc::invalid_argument, "max_dimension must be at least 1, got " +
                                                    std::to_string(options.max_dimension));
  }
  const auto requested = static_cast<std::size_t>(options.max_dimension);
  if (options.thresholds.size() != 1 && options.thresholds.size() != requested) {
    throw invalid_input(errc::invalid_argument,
                        "give one threshold, or one per dimension (" + std::to_string(requested) +
                            "), got " + std::to_string(options.thresholds.size()));
  }
  for (const std::int64_t t : options.thresholds) {
    if (t < 1) {
      throw invalid_input(errc::invalid_argument,
                          "thresholds must be at least 1, got " + std::to_string(t));
    }
  }
  const std::size_t n = keys.front().size;
  if (n > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    throw invalid_input(errc::invalid_argument, "the combination scan supports up to 2^31 records");
  }
  for (const auto& key : keys) {
    require_length(key, n, "key");
    validate(key);
  }
  const std::size_t p = keys.size();
  const std::size_t m = std::min(requested, p);
  if (detail::count_combinations(p, m, options.max_combinations) > options.max_combinations) {
    throw invalid_input(errc::invalid_argument,
                        "scanning " + std::to_string(p) + " keys up to dimension " +
                            std::to_string(m) + " exceeds max_combinations (" +
                            std::to_string(options.max_combinations) + ")");
  }
  combination_scan_report report;
  report.n_records = n;
  report.max_dimension = static_cast<int>(m);
  for (std::size_t d = 0; d < m; ++d) {
    report.thresholds.push_back(options.thresholds.size() == 1 ? options.thresholds[0]
                                                               : options.thresholds[d]);
  }
  report.combinations_scanned.assign(m, 0);
  report.unsafe_combinations.assign(m, 0);
  report.unsafe_cells.assign(m, 0);
  for (const auto& key : keys) {
    report.variables.push_back({key.name, std::vector<std::size_t>(m, 0),
                                std::vector<std::size_t>(m, 0)});
  }
  // With at most n/2 distinct full keys, scan the distinct keys (rows weighted by their record
  // counts) instead of the records: every combination's cells are unions of them.
  std::vector<std::int32_t> row_unsafe;
  std::vector<std::size_t> row_first_record;
  std::vector<std::int32_t> row_of_record;
  detail::class_rows rows;
  const bool compressed = detail::compress_records(keys, rows, row_of_record, row_first_record);
  if (compressed) {
    detail::combination_scanner<detail::class_rows> scanner(rows, keys, options, report);
    scanner.run();
    report.combinations = std::move(scanner.results());
    row_unsafe = scanner.row_unsafe();
  } else {
    const detail::record_rows records{&keys};
    detail::combination_scanner<detail::record_rows> scanner(records, keys, options, report);
    scanner.run();
    report.combinations = std::move(scanner.results());
    row_unsafe = scanner.row_unsafe();
  }
  // Rows to records; the values of each listed cell from its first record.
  for (auto& combination : report.combinations) {
    for (auto& cell : combination.cells) {
      if (compressed) cell.first_record = row_first_record[cell.first_record];
      for (const std::size_t v : combination.variables) {
        cell.categories.push_back(keys[v].category(cell.first_record));
      }
    }
  }
  // Depth-first order is lexicographic; report by dimension, then lexicographically.
  std::stable_sort(report.combinations.begin(), report.combinations.end(),
                   [](const combination_result& a, const combination_result& b) {
                     return a.variables.size() < b.variables.size();
                   });
  std::vector<std::int32_t> per_record;
  if (compressed) {
    per_record.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      per_record[i] = row_unsafe[static_cast<std::size_t>(row_of_record[i])];
    }
  } else {
    per_record = std::move(row_unsafe);
  }
  for (const std::int32_t count : per_record) report.records_affected += count > 0;
  if (options.per_record) report.unsafe_combinations_per_record = std::move(per_record);
  return report;
}

}  // namespace sdc
