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
#include <limits>
#include <string>
#include <string_view>
#include <vector>

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

/// @brief l-diversity of one sensitive variable.
struct l_diversity_variable {
  std::string name;                       ///< the sensitive variable
  std::vector<std::int64_t> class_distinct;   ///< per class: distinct l
  std::vector<double> class_entropy;          ///< per class: entropy l
  std::vector<std::int64_t> class_recursive;  ///< per class: recursive (c,l)
  std::vector<std::int64_t> distinct;         ///< per record: distinct l of its class
  std::vector<double> entropy;                ///< per record: entropy l of its class
  std::vector<std::int64_t> recursive;        ///< per record: recursive (c,l) of its class
  l_diversity_summary distinct_summary;
  l_diversity_summary entropy_summary;
  l_diversity_summary recursive_summary;
};

/// @brief l-diversity of several sensitive variables.
struct l_diversity_result {
  key_grouping classes;                          ///< the equivalence classes of the keys
  std::vector<l_diversity_variable> variables;   ///< one per sensitive variable, in input order
  std::vector<std::int64_t> min_distinct;        ///< per record: minimum over the variables
  std::vector<double> min_entropy;               ///< per record: minimum over the variables
  std::vector<std::int64_t> min_recursive;       ///< per record: minimum over the variables
  l_diversity_summary distinct_summary;          ///< of the per-class minima over variables
  l_diversity_summary entropy_summary;           ///< of the per-class minima over variables
  l_diversity_summary recursive_summary;         ///< of the per-class minima over variables

  /// @brief The result of the sensitive variable called `name`.
  /// @throws invalid_input (errc::unknown_column) if there is none.
  const l_diversity_variable& variable(std::string_view name) const {
    for (const auto& v : variables) {
      if (v.name == name) return v;
    }
    throw invalid_input(errc::unknown_column,
                        "'" + std::string(name) + "' is not one of the sensitive variables");
  }
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
/// O(n + classes + categories).
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

/// @brief Distinct, entropy and recursive (c,l) l-diversity of given equivalence classes.
///
/// @param classes the equivalence classes (e.g. group_by_keys(keys), or the `grouping` of
///        compute_key_frequencies)
/// @param sensitive one or more categorical sensitive variables
/// @param options c, the summary threshold l, sdcMicro compatibility (key_missing is unused)
/// @throws invalid_input errc::invalid_argument (no sensitive variable, a code out of range,
///         recursive_c <= 0 or not finite), errc::length_mismatch
inline l_diversity_result l_diversity(const key_grouping& classes,
                                      const std::vector<categorical_view>& sensitive,
                                      const l_diversity_options& options = {}) {
  if (!(options.recursive_c > 0) || !std::isfinite(options.recursive_c)) {
    throw invalid_input(errc::invalid_argument, "recursive_c must be positive and finite, got " +
                                                    std::to_string(options.recursive_c));
  }
  if (std::isnan(options.l)) {
    throw invalid_input(errc::invalid_argument, "the threshold l must be a number");
  }
  detail::check_sensitive(classes, sensitive, {});
  const std::size_t n = classes.group_of_record.size();
  const std::size_t n_classes = classes.n_groups();
  l_diversity_result result;
  result.classes = classes;
  std::vector<std::int64_t> counts;
  for (const auto& variable : sensitive) {
    validate(variable);
    const detail::class_value_counts values = detail::count_values_by_class(classes, variable);
    l_diversity_variable out;
    out.name = variable.name;
    out.class_distinct.resize(n_classes);
    out.class_entropy.resize(n_classes);
    out.class_recursive.resize(n_classes);
    for (std::size_t g = 0; g < n_classes; ++g) {
      counts.assign(values.count.begin() + static_cast<std::ptrdiff_t>(values.offset[g]),
                    values.count.begin() + static_cast<std::ptrdiff_t>(values.offset[g + 1]));
      // sdcMicro: each missing value is one more distinct value, seen once.
      if (options.sdcmicro_compatible) counts.insert(counts.end(), static_cast<std::size_t>(values.missing[g]), 1);
      std::int64_t total = 0;
      for (const std::int64_t c : counts) total += c;
      double entropy = 0;
      for (const std::int64_t c : counts) {
        const double p = static_cast<double>(c) / static_cast<double>(total);
        entropy -= p * std::log(p);
      }
      std::sort(counts.begin(), counts.end(), std::greater<>());
      // Largest l with r1 < c * (r_l + ... + r_m): scan l downwards with the suffix sum.
      std::int64_t recursive = 0;
      std::int64_t suffix = 0;
      for (std::size_t l = counts.size(); l >= 1; --l) {
        suffix += counts[l - 1];
        if (static_cast<double>(counts[0]) < options.recursive_c * static_cast<double>(suffix)) {
          recursive = static_cast<std::int64_t>(l);
          break;
        }
      }
      if (options.sdcmicro_compatible && !counts.empty()) recursive = std::max<std::int64_t>(recursive, 1);
      out.class_distinct[g] = static_cast<std::int64_t>(counts.size());
      out.class_entropy[g] = counts.empty() ? 0.0 : std::exp(entropy);
      out.class_recursive[g] = recursive;
      const bool first = g == 0;
      detail::summarize(out.distinct_summary, static_cast<double>(out.class_distinct[g]), options.l,
                        classes.group_size[g], first);
      detail::summarize(out.entropy_summary, out.class_entropy[g], options.l, classes.group_size[g],
                        first);
      detail::summarize(out.recursive_summary, static_cast<double>(recursive), options.l,
                        classes.group_size[g], first);
    }
    out.distinct.resize(n);
    out.entropy.resize(n);
    out.recursive.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto g = static_cast<std::size_t>(classes.group_of_record[i]);
      out.distinct[i] = out.class_distinct[g];
      out.entropy[i] = out.class_entropy[g];
      out.recursive[i] = out.class_recursive[g];
    }
    result.variables.push_back(std::move(out));
  }
  // Minimum over the variables, per class, then per record.
  std::vector<std::int64_t> class_distinct = result.variables.front().class_distinct;
  std::vector<double> class_entropy = result.variables.front().class_entropy;
  std::vector<std::int64_t> class_recursive = result.variables.front().class_recursive;
  for (const auto& v : result.variables) {
    for (std::size_t g = 0; g < n_classes; ++g) {
      class_distinct[g] = std::min(class_distinct[g], v.class_distinct[g]);
      class_entropy[g] = std::min(class_entropy[g], v.class_entropy[g]);
      class_recursive[g] = std::min(class_recursive[g], v.class_recursive[g]);
    }
  }
  for (std::size_t g = 0; g < n_classes; ++g) {
    const bool first = g == 0;
    detail::summarize(result.distinct_summary, static_cast<double>(class_distinct[g]), options.l,
                      classes.group_size[g], first);
    detail::summarize(result.entropy_summary, class_entropy[g], options.l, classes.group_size[g],
                      first);
    detail::summarize(result.recursive_summary, static_cast<double>(class_recursive[g]), options.l,
                      classes.group_size[g], first);
  }
  result.min_distinct.resize(n);
  result.min_entropy.resize(n);
  result.min_recursive.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto g = static_cast<std::size_t>(classes.group_of_record[i]);
    result.min_distinct[i] = class_distinct[g];
    result.min_entropy[i] = class_entropy[g];
    result.min_recursive[i] = class_recursive[g];
  }
  return result;
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
  const key_grouping classes = detail::equivalence_classes(keys, options.key_missing);
  std::vector<std::string> key_names;
  for (const auto& key : keys) key_names.push_back(key.name);
  detail::check_sensitive(classes, sensitive, key_names);
  return l_diversity(classes, sensitive, options);
}

}  // namespace sdc
