// SPDX-License-Identifier: MIT
/// @file l_diversity.hpp
/// @brief l-diversity of sensitive variables within the equivalence classes of key variables:
/// distinct, entropy and recursive (c,l) (methods.md 3.4, docs/l_diversity.md).
///
/// For a class and a sensitive variable with value counts r1 >= r2 >= ... >= rm (m values):
/// * distinct l = m;
/// * entropy l = exp(-sum p_i log p_i), p_i = r_i / (r1 + ... + rm) (natural logarithm);
/// * recursive (c,l): the largest l in 1..m with r1 < c * (r_l + r_{l+1} + ... + r_m), 0 if none.
/// A missing sensitive value is ignored: it is neither a value nor counted in the p_i (a class
/// whose sensitive values are all missing has l = 0 for all three). sdcMicro instead counts
/// each missing value as one more distinct value, and never reports a recursive l below 1;
/// `sdcmicro_compatible` reproduces both.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "sdc/core/column_view.hpp"
#include "sdc/core/error.hpp"
#include "sdc/risk/frequencies.hpp"
#include "sdc/risk/grouping.hpp"

namespace sdc {

/// @brief Options of l_diversity().
struct l_diversity_options {
  /// c of recursive (c,l)-diversity (> 0; sdcMicro's l_recurs_c).
  double recursive_c = 2.0;
  /// Threshold l of the summaries: classes and records with a value below it are counted.
  double l = 2.0;
  /// Missing key values: `category` (one more category, as sdcMicro) or `never` (a record with
  /// a missing key value is a class of its own). `wildcard` does not partition the records and
  /// is rejected.
  missing_semantics key_missing = missing_semantics::category;
  /// Reproduce sdcMicro: each missing sensitive value counts as one more distinct value, and
  /// recursive (c,l) is at least 1 (even when r1 >= c * n, possible for c <= 1).
  bool sdcmicro_compatible = false;

  /// @brief The defaults, for bindings that must not re-list them.
  static l_diversity_options defaults() { return l_diversity_options{}; }
};

/// @brief Minimum of one l-diversity measure, and what falls below the threshold l.
struct l_diversity_summary {
  double minimum = 0;              ///< smallest value over the classes (0 without records)
  std::size_t classes_below = 0;   ///< classes with a value < l
  std::size_t records_below = 0;   ///< records in such classes
};

namespace detail {

/// Random-access iterator over `per_class[group[i]]`: constructing a vector from a pair of
/// them writes each element once (no zero fill first, no capacity check per element).
template <class T>
class gather_iterator {
 public:
  using iterator_category = std::random_access_iterator_tag;
  using value_type = T;
  using difference_type = std::ptrdiff_t;
  using pointer = const T*;
  using reference = const T&;

  gather_iterator() = default;
  gather_iterator(const T* per_class, const std::int32_t* group) : per_class_(per_class), group_(group) {}
  reference operator*() const { return per_class_[static_cast<std::size_t>(*group_)]; }
  reference operator[](difference_type i) const { return *(*this + i); }
  gather_iterator& operator++() { ++group_; return *this; }
  gather_iterator operator++(int) { gather_iterator old = *this; ++group_; return old; }
  gather_iterator& operator--() { --group_; return *this; }
  gather_iterator operator--(int) { gather_iterator old = *this; --group_; return old; }
  gather_iterator& operator+=(difference_type d) { group_ += d; return *this; }
  gather_iterator& operator-=(difference_type d) { group_ -= d; return *this; }
  gather_iterator operator+(difference_type d) const { return gather_iterator(per_class_, group_ + d); }
  gather_iterator operator-(difference_type d) const { return gather_iterator(per_class_, group_ - d); }
  difference_type operator-(const gather_iterator& other) const { return group_ - other.group_; }
  bool operator==(const gather_iterator& other) const { return group_ == other.group_; }
  bool operator!=(const gather_iterator& other) const { return group_ != other.group_; }
  bool operator<(const gather_iterator& other) const { return group_ < other.group_; }
  bool operator>(const gather_iterator& other) const { return group_ > other.group_; }
  bool operator<=(const gather_iterator& other) const { return group_ <= other.group_; }
  bool operator>=(const gather_iterator& other) const { return group_ >= other.group_; }

 private:
  const T* per_class_ = nullptr;
  const std::int32_t* group_ = nullptr;
};

/// Asks the kernel to back a large fresh buffer with huge pages before it is first written:
/// one page fault per 2 MB instead of per 4 kB. Writing a per-record vector into fresh memory
/// is otherwise mostly page faults. A hint only (ignored where unsupported).
inline void advise_huge_pages(void* data, std::size_t bytes) noexcept {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t huge = std::uintptr_t{1} << 21;
  if (bytes < 2 * huge) return;
  const auto begin = (reinterpret_cast<std::uintptr_t>(data) + huge - 1) & ~(huge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(huge - 1);
  if (end > begin) (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

}  // namespace detail

/// @brief The per-record values of a per-class measure: record i has the value of its class,
/// `per_class[class_of_record[i]]`.
///
/// A view (two pointers and a length): nothing is copied, so a per-record vector costs nothing
/// until it is asked for (to_vector()). It borrows the per-class values and the record -> class
/// index of the result it came from, and must not outlive that result (nor be used after the
/// result is moved or modified), like a std::string_view.
template <class T>
class per_record_values {
 public:
  using value_type = T;
  using size_type = std::size_t;
  using const_iterator = detail::gather_iterator<T>;
  using iterator = const_iterator;

  per_record_values(const T* per_class, const std::int32_t* class_of_record, std::size_t n) noexcept
      : per_class_(per_class), class_of_record_(class_of_record), n_(n) {}

  /// @brief Number of records.
  std::size_t size() const noexcept { return n_; }
  bool empty() const noexcept { return n_ == 0; }
  /// @brief The value of record `i` (unchecked).
  T operator[](std::size_t i) const { return per_class_[static_cast<std::size_t>(class_of_record_[i])]; }
  /// @brief The value of record `i`.
  /// @throws std::out_of_range if i >= size()
  T at(std::size_t i) const {
    if (i >= n_) {
      throw std::out_of_range("record " + std::to_string(i) + " of " + std::to_string(n_));
    }
    return (*this)[i];
  }
  const_iterator begin() const noexcept { return const_iterator(per_class_, class_of_record_); }
  const_iterator end() const noexcept { return const_iterator(per_class_, class_of_record_ + n_); }

  /// @brief The values as a vector, one per record in input order (n elements written once,
  /// in memory advised for huge pages).
  std::vector<T> to_vector() const {
    std::vector<T> out;
    out.reserve(n_);
    detail::advise_huge_pages(out.data(), n_ * sizeof(T));
    out.insert(out.end(), begin(), end());
    return out;
  }

 private:
  const T* per_class_;
  const std::int32_t* class_of_record_;
  std::size_t n_;
};

/// @brief l-diversity of one sensitive variable: its values per class (indexed like
/// `l_diversity_result::classes.group_size`) and their summaries. Per-record values:
/// l_diversity_result::distinct(name) and the like.
struct l_diversity_variable {
  std::string name;                           ///< the sensitive variable
  std::vector<std::int64_t> class_distinct;   ///< per class: distinct l
  std::vector<double> class_entropy;          ///< per class: entropy l
  std::vector<std::int64_t> class_recursive;  ///< per class: recursive (c,l)
  l_diversity_summary distinct_summary;
  l_diversity_summary entropy_summary;
  l_diversity_summary recursive_summary;
};

/// @brief l-diversity of several sensitive variables.
///
/// Values are stored per class, with the record -> class index (`classes.group_of_record`):
/// per-record values are views over both (distinct(), min_entropy(), per_record(), ...), each
/// indexable per record in O(1) and copied into a vector only on request (to_vector()).
struct l_diversity_result {
  key_grouping classes;                          ///< the equivalence classes of the keys
  std::vector<l_diversity_variable> variables;   ///< one per sensitive variable, in input order
  std::vector<std::int64_t> class_min_distinct;   ///< per class: minimum over the variables
  std::vector<double> class_min_entropy;          ///< per class: minimum over the variables
  std::vector<std::int64_t> class_min_recursive;  ///< per class: minimum over the variables
  l_diversity_summary distinct_summary;          ///< of the per-class minima over variables
  l_diversity_summary entropy_summary;           ///< of the per-class minima over variables
  l_diversity_summary recursive_summary;         ///< of the per-class minima over variables

  /// @brief Number of records.
  std::size_t n_records() const noexcept { return classes.group_of_record.size(); }

  /// @brief The result of the sensitive variable called `name`.
  /// @throws invalid_input (errc::unknown_column) if there is none.
  const l_diversity_variable& variable(std::string_view name) const {
    for (const auto& v : variables) {
      if (v.name == name) return v;
    }
    throw invalid_input(errc::unknown_column,
                        "'" + std::string(name) + "' is not one of the sensitive variables");
  }

  /// @brief Per-record view of per-class values (one per class, e.g. a `class_*` member).
  /// @throws invalid_input (errc::length_mismatch) if there is not one value per class.
  template <class T>
  per_record_values<T> per_record(const std::vector<T>& per_class) const {
    if (per_class.size() != classes.n_groups()) {
      throw invalid_input(errc::length_mismatch,
                          "per-class values: " + std::to_string(per_class.size()) + " values for " +
                              std::to_string(classes.n_groups()) + " classes");
    }
    return per_record_values<T>(per_class.data(), classes.group_of_record.data(), n_records());
  }

  /// @brief Per record: distinct l of its class for the sensitive variable `name`.
  per_record_values<std::int64_t> distinct(std::string_view name) const {
    return per_record(variable(name).class_distinct);
  }
  /// @brief Per record: entropy l of its class for the sensitive variable `name`.
  per_record_values<double> entropy(std::string_view name) const {
    return per_record(variable(name).class_entropy);
  }
  /// @brief Per record: recursive (c,l) of its class for the sensitive variable `name`.
  per_record_values<std::int64_t> recursive(std::string_view name) const {
    return per_record(variable(name).class_recursive);
  }
  /// @brief Per record: minimum distinct l over the sensitive variables.
  per_record_values<std::int64_t> min_distinct() const { return per_record(class_min_distinct); }
  /// @brief Per record: minimum entropy l over the sensitive variables.
  per_record_values<double> min_entropy() const { return per_record(class_min_entropy); }
  /// @brief Per record: minimum recursive (c,l) over the sensitive variables.
  per_record_values<std::int64_t> min_recursive() const { return per_record(class_min_recursive); }
};

namespace detail {

/// Counts of the values of a categorical variable within each class (compressed rows).
struct class_value_counts {
  std::vector<std::size_t> offset;    ///< class g's values are [offset[g], offset[g+1])
  std::vector<std::int32_t> value;    ///< category, in increasing order within a class
  std::vector<std::int64_t> count;    ///< records of the class with that category
  std::vector<std::int64_t> missing;  ///< per class: records missing the variable
};

/// Value counts per class: a counting sort of the records by class, then a count per class.
/// O(n + classes + categories). The fallback of l_diversity() when a dense class x category
/// table would be too large.
inline class_value_counts count_values_by_class(const key_grouping& classes,
                                                const categorical_view& variable) {
  const std::size_t n = classes.group_of_record.size();
  const std::size_t n_classes = classes.n_groups();
  std::vector<std::size_t> start(n_classes + 1, 0);
  for (std::size_t i = 0; i < n; ++i) ++start[static_cast<std::size_t>(classes.group_of_record[i]) + 1];
  for (std::size_t g = 0; g < n_classes; ++g) start[g + 1] += start[g];
  std::vector<std::int32_t> by_class(n);
  {
    std::vector<std::size_t> next(start.begin(), start.end() - 1);
    for (std::size_t i = 0; i < n; ++i) {
      by_class[next[static_cast<std::size_t>(classes.group_of_record[i])]++] = variable.category(i);
    }
  }
  class_value_counts result;
  result.offset.assign(n_classes + 1, 0);
  result.missing.assign(n_classes, 0);
  std::vector<std::int64_t> count(static_cast<std::size_t>(variable.n_categories), 0);
  std::vector<std::int32_t> touched;
  for (std::size_t g = 0; g < n_classes; ++g) {
    touched.clear();
    for (std::size_t j = start[g]; j < start[g + 1]; ++j) {
      const std::int32_t c = by_class[j];
      if (c == missing_category) {
        ++result.missing[g];
        continue;
      }
      if (count[static_cast<std::size_t>(c)]++ == 0) touched.push_back(c);
    }
    std::sort(touched.begin(), touched.end());
    for (const std::int32_t c : touched) {
      result.value.push_back(c);
      result.count.push_back(count[static_cast<std::size_t>(c)]);
      count[static_cast<std::size_t>(c)] = 0;
    }
    result.offset[g + 1] = result.value.size();
  }
  return result;
}

/// A dense class x category table of counts is used while it has at most this many cells per
/// record (and a few more for small data): beyond, the sorted value counts above.
inline constexpr std::size_t dense_counts_per_record = 4;

/// Distinct, entropy and recursive (c,l) of one class from its value counts.
///
/// `counts` holds the non-zero counts in increasing category order (the order of the entropy
/// sum, kept so that results do not depend on the counting path); it is reordered.
/// `plogp` caches p log p for classes of up to `plogp_max` records (plogp[total * (plogp_max
/// + 1) + count]): the same expression as computed directly, so the results are identical,
/// without one logarithm per class and value.
class class_measures {
 public:
  class_measures(double recursive_c, bool sdcmicro_compatible, std::int64_t largest_class)
      : c_(recursive_c), sdcmicro_(sdcmicro_compatible) {
    max_ = std::min<std::int64_t>(largest_class, 64);
    if (max_ < 1) max_ = 0;
    const auto width = static_cast<std::size_t>(max_ + 1);
    plogp_.assign(width * width, 0.0);
    for (std::int64_t total = 1; total <= max_; ++total) {
      for (std::int64_t count = 1; count <= total; ++count) {
        const double p = static_cast<double>(count) / static_cast<double>(total);
        plogp_[static_cast<std::size_t>(total) * width + static_cast<std::size_t>(count)] =
            p * std::log(p);
      }
    }
  }

  /// Computes the three measures from the first `m` entries of `buffer` (reordered; with
  /// sdcmicro_compatible and missing values, the buffer is resized).
  void operator()(std::vector<std::int64_t>& buffer, std::size_t m, std::int64_t missing,
                  std::int64_t& distinct, double& entropy_l, std::int64_t& recursive) const {
    // sdcMicro: each missing value is one more distinct value, seen once.
    if (sdcmicro_ && missing > 0) {
      buffer.resize(m);
      buffer.insert(buffer.end(), static_cast<std::size_t>(missing), 1);
      m = buffer.size();
    }
    std::int64_t* counts = buffer.data();
    std::int64_t total = 0;
    for (std::size_t i = 0; i < m; ++i) total += counts[i];
    double entropy = 0;
    if (total <= max_) {
      const double* row = plogp_.data() + static_cast<std::size_t>(total) * static_cast<std::size_t>(max_ + 1);
      for (std::size_t i = 0; i < m; ++i) entropy -= row[counts[i]];
    } else {
      for (std::size_t i = 0; i < m; ++i) {
        const double p = static_cast<double>(counts[i]) / static_cast<double>(total);
        entropy -= p * std::log(p);
      }
    }
    // Descending order (insertion sort: a class has few distinct values).
    for (std::size_t i = 1; i < m; ++i) {
      const std::int64_t v = counts[i];
      std::size_t j = i;
      for (; j > 0 && counts[j - 1] < v; --j) counts[j] = counts[j - 1];
      counts[j] = v;
    }
    // Largest l with r1 < c * (r_l + ... + r_m): scan l downwards with the suffix sum.
    recursive = 0;
    std::int64_t suffix = 0;
    for (std::size_t l = m; l >= 1; --l) {
      suffix += counts[l - 1];
      if (static_cast<double>(counts[0]) < c_ * static_cast<double>(suffix)) {
        recursive = static_cast<std::int64_t>(l);
        break;
      }
    }
    if (sdcmicro_ && m > 0) recursive = std::max<std::int64_t>(recursive, 1);
    distinct = static_cast<std::int64_t>(m);
    entropy_l = m == 0 ? 0.0 : std::exp(entropy);
  }

 private:
  double c_;
  bool sdcmicro_;
  std::int64_t max_ = 0;
  std::vector<double> plogp_;
};

/// Per-class measures from a dense class x category table of counts, filled in one pass over
/// the records. `Counter` is the narrowest unsigned type that holds the largest class: the
/// increments land at random rows of the table, so its size in the cache is most of the time.
template <class Counter>
void dense_class_l_diversity(const key_grouping& classes, const categorical_view& variable,
                             const class_measures& measures, l_diversity_variable& out) {
  const std::size_t n = classes.group_of_record.size();
  const std::size_t n_classes = classes.n_groups();
  const auto k = static_cast<std::size_t>(variable.n_categories);
  const std::size_t width = k + 1;  // column k: missing
  std::vector<Counter> table;
  table.reserve(n_classes * width);
  advise_huge_pages(table.data(), n_classes * width * sizeof(Counter));
  table.resize(n_classes * width, 0);
  const std::int32_t* codes = variable.codes;
  const auto first_code = static_cast<std::uint32_t>(variable.first_code);
  const std::int32_t missing_code = variable.missing_code;
  const std::int32_t* group = classes.group_of_record.data();
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t code = codes[i];
    // validate() has run: a code is a category or the missing code.
    const std::size_t column =
        code == missing_code ? k : static_cast<std::size_t>(static_cast<std::uint32_t>(code) - first_code);
    ++table[static_cast<std::size_t>(group[i]) * width + column];
  }
  std::vector<std::int64_t> counts(k);
  for (std::size_t g = 0; g < n_classes; ++g) {
    const Counter* row = table.data() + g * width;
    if (counts.size() < k) counts.resize(k);
    std::size_t m = 0;
    for (std::size_t c = 0; c < k; ++c) {
      counts[m] = row[c];
      m += row[c] != 0;  // branch-free: keep the non-zero counts, in category order
    }
    measures(counts, m, row[k], out.class_distinct[g], out.class_entropy[g],
             out.class_recursive[g]);
  }
}

/// Per-class measures of one sensitive variable: with a dense class x category table of
/// counts (one pass over the records, no sort) when it is small enough, else from
/// count_values_by_class().
inline void class_l_diversity(const key_grouping& classes, const categorical_view& variable,
                              const class_measures& measures, l_diversity_variable& out) {
  const std::size_t n = classes.group_of_record.size();
  const std::size_t n_classes = classes.n_groups();
  out.class_distinct.resize(n_classes);
  out.class_entropy.resize(n_classes);
  out.class_recursive.resize(n_classes);
  const std::size_t width = static_cast<std::size_t>(variable.n_categories) + 1;
  if (n <= std::numeric_limits<std::uint32_t>::max() &&
      n_classes <= (dense_counts_per_record * n + 4096) / width) {
    std::int64_t largest = 0;
    for (const std::int64_t size : classes.group_size) largest = std::max(largest, size);
    if (largest <= std::numeric_limits<std::uint16_t>::max()) {
      dense_class_l_diversity<std::uint16_t>(classes, variable, measures, out);
    } else {
      dense_class_l_diversity<std::uint32_t>(classes, variable, measures, out);
    }
    return;
  }
  const class_value_counts values = count_values_by_class(classes, variable);
  std::vector<std::int64_t> counts;
  for (std::size_t g = 0; g < n_classes; ++g) {
    counts.assign(values.count.begin() + static_cast<std::ptrdiff_t>(values.offset[g]),
                  values.count.begin() + static_cast<std::ptrdiff_t>(values.offset[g + 1]));
    measures(counts, counts.size(), values.missing[g], out.class_distinct[g],
             out.class_entropy[g], out.class_recursive[g]);
  }
}

/// The equivalence classes of the keys under `category` or `never` missing semantics.
inline key_grouping equivalence_classes(const std::vector<categorical_view>& keys,
                                        missing_semantics key_missing) {
  if (key_missing == missing_semantics::wildcard) {
    throw invalid_input(errc::invalid_argument,
                        "the wildcard missing-value semantics does not partition the records "
                        "into classes; use category or never");
  }
  key_grouping classes = group_by_keys(keys);
  if (key_missing == missing_semantics::never) classes = isolate_missing(keys, classes);
  return classes;
}

/// Checks the sensitive variables against the classes (lengths, codes, names distinct from
/// the keys').
template <class View>
void check_sensitive(const key_grouping& classes, const std::vector<View>& sensitive,
                     const std::vector<std::string>& key_names) {
  if (sensitive.empty()) {
    throw invalid_input(errc::invalid_argument, "at least one sensitive variable is needed");
  }
  for (const auto& variable : sensitive) {
    require_length(variable, classes.group_of_record.size(), "sensitive");
    if (std::find(key_names.begin(), key_names.end(), variable.name) != key_names.end()) {
      throw invalid_input(errc::invalid_argument, "'" + variable.name +
                                                      "' is both a key and a sensitive variable");
    }
  }
}

inline void summarize(l_diversity_summary& summary, double value, double l, std::int64_t size,
                      bool first) {
  summary.minimum = first ? value : std::min(summary.minimum, value);
  if (value < l) {
    ++summary.classes_below;
    summary.records_below += static_cast<std::size_t>(size);
  }
}

}  // namespace detail

namespace detail {

/// l_diversity() on classes it may keep (moved into the result rather than copied).
inline l_diversity_result l_diversity_of(key_grouping classes,
                                         const std::vector<categorical_view>& sensitive,
                                         const l_diversity_options& options) {
  if (!(options.recursive_c > 0) || !std::isfinite(options.recursive_c)) {
    throw invalid_input(errc::invalid_argument, "recursive_c must be positive and finite, got " +
                                                    std::to_string(options.recursive_c));
  }
  if (std::isnan(options.l)) {
    throw invalid_input(errc::invalid_argument, "the threshold l must be a number");
  }
  check_sensitive(classes, sensitive, {});
  const std::size_t n_classes = classes.n_groups();
  std::int64_t largest = 0;
  for (const std::int64_t size : classes.group_size) largest = std::max(largest, size);
  const class_measures measures(options.recursive_c, options.sdcmicro_compatible, largest);
  l_diversity_result result;
  result.variables.reserve(sensitive.size());
  for (const auto& variable : sensitive) {
    validate(variable);
    l_diversity_variable out;
    out.name = variable.name;
    class_l_diversity(classes, variable, measures, out);
    for (std::size_t g = 0; g < n_classes; ++g) {
      const bool first = g == 0;
      const std::int64_t size = classes.group_size[g];
      summarize(out.distinct_summary, static_cast<double>(out.class_distinct[g]), options.l, size,
                first);
      summarize(out.entropy_summary, out.class_entropy[g], options.l, size, first);
      summarize(out.recursive_summary, static_cast<double>(out.class_recursive[g]), options.l,
                size, first);
    }
    result.variables.push_back(std::move(out));
  }
  if (result.variables.size() == 1) {
    // The minimum over one variable is that variable: copy it (per class, a few values per
    // class at most) rather than compute it again.
    const auto& only = result.variables.front();
    result.distinct_summary = only.distinct_summary;
    result.entropy_summary = only.entropy_summary;
    result.recursive_summary = only.recursive_summary;
    result.class_min_distinct = only.class_distinct;
    result.class_min_entropy = only.class_entropy;
    result.class_min_recursive = only.class_recursive;
  } else {
    // Minimum over the variables, per class.
    std::vector<std::int64_t> class_distinct = result.variables.front().class_distinct;
    std::vector<double> class_entropy = result.variables.front().class_entropy;
    std::vector<std::int64_t> class_recursive = result.variables.front().class_recursive;
    for (std::size_t v = 1; v < result.variables.size(); ++v) {
      const auto& variable = result.variables[v];
      for (std::size_t g = 0; g < n_classes; ++g) {
        class_distinct[g] = std::min(class_distinct[g], variable.class_distinct[g]);
        class_entropy[g] = std::min(class_entropy[g], variable.class_entropy[g]);
        class_recursive[g] = std::min(class_recursive[g], variable.class_recursive[g]);
      }
    }
    for (std::size_t g = 0; g < n_classes; ++g) {
      const bool first = g == 0;
      const std::int64_t size = classes.group_size[g];
      summarize(result.distinct_summary, static_cast<double>(class_distinct[g]), options.l, size,
                first);
      summarize(result.entropy_summary, class_entropy[g], options.l, size, first);
      summarize(result.recursive_summary, static_cast<double>(class_recursive[g]), options.l,
                size, first);
    }
    result.class_min_distinct = std::move(class_distinct);
    result.class_min_entropy = std::move(class_entropy);
    result.class_min_recursive = std::move(class_recursive);
  }
  // Per-record values are views over the per-class values and this index (no per-record
  // vector is written: at 1M records six of them were 48 MB and most of the time of a call).
  result.classes = std::move(classes);
  return result;
}

}  // namespace detail

/// @brief Distinct, entropy and recursive (c,l) l-diversity of given equivalence classes.
///
/// One pass over the records per sensitive variable fills a class x category table of counts
/// (dense while it has at most a few cells per record, else the records are sorted by class);
/// the measures are then computed once per class. Per-record values are views over the
/// per-class values and the record -> class index (l_diversity_result::distinct() etc.).
/// @param classes the equivalence classes (e.g. group_by_keys(keys), or the `grouping` of
///        compute_key_frequencies)
/// @param sensitive one or more categorical sensitive variables
/// @param options c, the summary threshold l, sdcMicro compatibility (key_missing is unused)
/// @throws invalid_input errc::invalid_argument (no sensitive variable, a code out of range,
///         recursive_c <= 0 or not finite), errc::length_mismatch
inline l_diversity_result l_diversity(const key_grouping& classes,
                                      const std::vector<categorical_view>& sensitive,
                                      const l_diversity_options& options = {}) {
  return detail::l_diversity_of(classes, sensitive, options);
}

/// @brief l-diversity of sensitive variables within the equivalence classes of `keys`.
///
/// @param keys one or more categorical key variables (classes: see options.key_missing)
/// @param sensitive one or more categorical sensitive variables, none of them a key
/// @param options c, the summary threshold l, missing-value handling
/// @throws invalid_input errc::invalid_argument (no keys or no sensitive variable, a code out
///         of range, a variable both key and sensitive, recursive_c <= 0, wildcard semantics),
///         errc::length_mismatch
inline l_diversity_result l_diversity(const std::vector<categorical_view>& keys,
                                      const std::vector<categorical_view>& sensitive,
                                      const l_diversity_options& options = {}) {
  key_grouping classes = detail::equivalence_classes(keys, options.key_missing);
  std::vector<std::string> key_names;
  for (const auto& key : keys) key_names.push_back(key.name);
  detail::check_sensitive(classes, sensitive, key_names);
  return detail::l_diversity_of(std::move(classes), sensitive, options);
}

}  // namespace sdc
