// SPDX-License-Identifier: MIT
/// @file k_anonymity.hpp
/// @brief k-anonymity counts: records and key combinations below k, sample uniques, and the
/// distribution of class sizes.
///
/// Practitioners report two different numbers (methods.md 3.1): sdcMicro counts the *records*
/// whose key has fk < k, mu-ARGUS counts the *key combinations* (classes) with fk < k. On free1
/// with keys REGION, SEX, AGE and k = 3 these are 3452 records and 3058 combinations. Both are
/// reported here, with names saying which.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sdc/core/error.hpp"
#include "sdc/risk/frequencies.hpp"

namespace sdc {

/// @brief Options of assess_k_anonymity.
struct k_anonymity_options {
  /// The values of k to report (each >= 1).
  std::vector<int> k = {2, 3, 5, 10};

  /// @brief The defaults, for bindings that must not re-list them.
  static k_anonymity_options defaults() { return k_anonymity_options{}; }
};

/// @brief Violations of k-anonymity for one k.
struct k_anonymity_level {
  int k = 0;                          ///< the k
  std::size_t records_below_k = 0;      ///< records with fk < k (sdcMicro's count)
  std::size_t combinations_below_k = 0; ///< key combinations (classes) with fk < k (mu-ARGUS)
};

/// @brief Number of classes with a given number of records.
struct class_size_count {
  std::int64_t size = 0;     ///< records in the class
  std::size_t classes = 0;   ///< classes of that size
  std::size_t records = 0;   ///< records in classes of that size (size * classes)
};

/// @brief k-anonymity report of a set of key variables.
struct k_anonymity_report {
  std::size_t n_records = 0;        ///< records
  std::size_t n_combinations = 0;   ///< classes (distinct key combinations)
  std::vector<k_anonymity_level> levels;  ///< one per requested k, in the order requested
  /// Records with fk < 2 (for integer fk: fk == 1); equals records_below_k for k = 2.
  std::size_t sample_uniques = 0;
  /// Key combinations with fk < 2.
  std::size_t unique_combinations = 0;
  /// Histogram of class sizes (records with exactly the same key), by increasing size. Under
  /// the wildcard semantics fk can exceed the class size; the histogram counts class sizes.
  std::vector<class_size_count> class_sizes;
};

/// @brief Counts the records and key combinations violating k-anonymity.
/// @param frequencies from compute_key_frequencies (a combination is a class of its grouping)
/// @param options the values of k
/// @throws invalid_input (errc::invalid_argument) if a k is below 1
inline k_anonymity_report assess_k_anonymity(const key_frequencies& frequencies,
                                             const k_anonymity_options& options = {}) {
  for (const int k : options.k) {
    if (k < 1) {
      throw invalid_input(errc::invalid_argument,
                          "k must be at least 1, got " + std::to_string(k));
    }
  }
  const key_grouping& grouping = frequencies.grouping;
  if (grouping.group_of_record.size() != frequencies.size()) {
    throw invalid_input(errc::length_mismatch, "key frequencies: fk and classes differ in length");
  }
  k_anonymity_report report;
  report.n_records = frequencies.size();
  report.n_combinations = grouping.n_groups();
  report.levels.resize(options.k.size());
  for (std::size_t l = 0; l < options.k.size(); ++l) report.levels[l].k = options.k[l];
  std::map<std::int64_t, std::size_t> histogram;
  for (std::size_t g = 0; g < grouping.n_groups(); ++g) {
    const double fk = frequencies.fk[grouping.first_record[g]];
    const auto size = static_cast<std::size_t>(grouping.group_size[g]);
    for (auto& level : report.levels) {
      if (fk < level.k) {
        ++level.combinations_below_k;
        level.records_below_k += size;
      }
    }
    if (fk < 2.0) {
      ++report.unique_combinations;
      report.sample_uniques += size;
    }
    ++histogram[grouping.group_size[g]];
  }
  for (const auto& [size, classes] : histogram) {
    report.class_sizes.push_back({size, classes, static_cast<std::size_t>(size) * classes});
  }
  return report;
}

}  // namespace sdc
