// SPDX-License-Identifier: MIT
/// @file frequencies.hpp
/// @brief Key frequencies: fk (sample frequency of a record's key) and Fk (estimated population
/// frequency, the sum of the weights), under an explicit missing-value semantics.
///
/// Definitions (docs/risk.md, methods.md 3.1). The *key* of a record is its combination of
/// values on the key (quasi-identifying) variables.
/// * missing_semantics::category: a missing value is one more category (plain group-by). fk is
///   the number of records with exactly the same key, Fk the sum of their weights.
/// * missing_semantics::wildcard (sdcMicro `freqCalc`): a missing value matches any value. Two
///   keys are *compatible* when they agree on every variable observed in both. For a record with
///   key x, fk(x) sums over every record j compatible with x a contribution c(x, j):
///   - 1 if j has exactly the key of x (the record itself included);
///   - x complete (no NA), j has an NA: alpha (an NA key contributes at alpha to complete keys);
///   - x has an NA, j complete: 1 (complete keys add their full frequency to NA keys);
///   - x has an NA, j has another key with an NA: alpha;
///   - j missing on every key: 0 if x is complete, alpha otherwise;
///   - x missing on every key: fk = n and Fk = sum of all weights.
///   Fk is the same sum with each contribution multiplied by j's weight. alpha in [0, 1] scales
///   only contributions that come from keys with missing values; with alpha = 1 and no NA the
///   result equals the category semantics. Computed per missing-value pattern (see
///   compute_key_frequencies), never over pairs of records or of patterns of records.
/// * missing_semantics::never (as in SUDA2): a missing value never matches anything, not even
///   another missing value. A record with a missing value on any key is in a class of its own:
///   fk = 1 and Fk = its own weight. Records without missing values are grouped among
///   themselves exactly as under the category semantics.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sdc/core/column_view.hpp"
#include "sdc/core/error.hpp"
#include "sdc/risk/grouping.hpp"

namespace sdc {

/// @brief How a missing value in a key variable is matched against other values.
enum class missing_semantics {
  category,  ///< a missing value is a category of its own (plain group-by)
  wildcard,  ///< a missing value matches any value (sdcMicro freqCalc; conservative)
  never      ///< a missing value matches nothing: a record with one is in a class of its own
};

/// @brief Stable name of a missing-value semantics: "category", "wildcard" or "never".
inline constexpr std::string_view to_string(missing_semantics value) noexcept {
  switch (value) {
    case missing_semantics::category: return "category";
    case missing_semantics::wildcard: return "wildcard";
    case missing_semantics::never: return "never";
  }
  return "category";
}

/// @brief Parses "category", "wildcard" or "never".
/// @throws invalid_input (errc::invalid_argument) for any other name.
inline missing_semantics missing_semantics_from_string(std::string_view name) {
  if (name == "category") return missing_semantics::category;
  if (name == "wildcard") return missing_semantics::wildcard;
  if (name == "never") return missing_semantics::never;
  throw invalid_input(errc::invalid_argument, "unknown missing-value semantics '" +
                                                  std::string(name) +
                                                  "'; expected category, wildcard or never");
}

/// @brief Options of compute_key_frequencies.
struct frequency_options {
  /// How a missing key value matches other values.
  missing_semantics missing = missing_semantics::category;
  /// Wildcard semantics only: weight in [0, 1] of contributions that come from keys with
  /// missing values (sdcMicro's `alpha`).
  double alpha = 1.0;
  /// Accept key variables that take one value only (by default an error: such a column cannot
  /// distinguish records and usually signals a mistake, e.g. text read as all-missing).
  bool allow_constant_keys = false;

  /// @brief The defaults, for bindings that must not re-list them.
  static frequency_options defaults() { return frequency_options{}; }
};

/// @brief Per-record key frequencies.
struct key_frequencies {
  std::vector<double> fk;  ///< per record: sample frequency of its key (fractional if alpha < 1)
  std::vector<double> Fk;  ///< per record: estimated population frequency (fk without weights)
  /// Classes of records: records with identical keys (missing as a category) under the
  /// category and wildcard semantics; under `never`, every record with a missing key value is a
  /// class of its own. fk is constant within a class.
  key_grouping grouping;
  bool weighted = false;                               ///< Fk comes from weights
  missing_semantics missing = missing_semantics::category;  ///< the semantics used
  std::vector<std::string> warnings;                   ///< e.g. weights below 1

  /// @brief Number of records.
  std::size_t size() const noexcept { return fk.size(); }
};

namespace detail {

/// Throws if a key variable takes the same value (or is missing) on every record.
inline void check_constant_keys(const std::vector<categorical_view>& keys) {
  for (const auto& key : keys) {
    if (key.size < 2) continue;
    const std::int32_t first = key.category(0);
    bool constant = true;
    for (std::size_t i = 1; i < key.size && constant; ++i) constant = key.category(i) == first;
    if (constant) {
      throw invalid_input(
          errc::invalid_argument,
          "key variable '" + key.name + "' is constant (" +
              (first == missing_category ? std::string("missing on every record")
                                         : std::string("one value on every record")) +
              "): it cannot distinguish records; drop it or allow constant keys");
    }
  }
}

/// One class of records with identical keys, as seen by the wildcard computation.
struct wildcard_pattern {
  std::uint64_t missing_mask = 0;     // bit v set: key v is missing
  std::vector<std::int32_t> groups;   // classes with this pattern
};

/// Wildcard fk/Fk per class (records with identical keys, missing as a category).
///
/// For a target pattern S (the set of keys observed) and a source pattern T, a class x of S and
/// a class j of T are compatible iff they agree on U = S ∩ T. All sources with the same U are
/// handled in one pass: the classes of S and of those sources are grouped on the variables of U
/// (with the grouping kernel), the sources' contributions are summed per group, and each class
/// of S reads its group's sum. The cost is O(P * G) for P patterns and G classes, and does not
/// depend on the number of pairs of classes.
inline void wildcard_class_frequencies(const std::vector<categorical_view>& keys,
                                       const key_grouping& grouping,
                                       const std::vector<double>& class_weight, double alpha,
                                       std::vector<double>& class_fk,
                                       std::vector<double>& class_Fk) {
  const std::size_t n_keys = keys.size();
  const std::size_t n_classes = grouping.n_groups();
  class_fk.resize(n_classes);
  class_Fk.resize(n_classes);
  double total_count = 0.0;
  double total_weight = 0.0;
  for (std::size_t g = 0; g < n_classes; ++g) {
    class_fk[g] = static_cast<double>(grouping.group_size[g]);
    class_Fk[g] = class_weight[g];
    total_count += class_fk[g];
    total_weight += class_weight[g];
  }
  if (n_keys > 64) {
    throw invalid_input(errc::invalid_argument,
                        "wildcard missing-value semantics supports at most 64 key variables");
  }
  const std::uint64_t all_missing =
      n_keys == 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << n_keys) - 1);

  // Missing-value pattern of each class, and the classes of each pattern (sorted by mask).
  std::vector<std::uint64_t> class_mask(n_classes, 0);
  for (std::size_t g = 0; g < n_classes; ++g) {
    const std::size_t record = grouping.first_record[g];
    std::uint64_t mask = 0;
    for (std::size_t v = 0; v < n_keys; ++v) {
      if (keys[v].category(record) == missing_category) mask |= std::uint64_t{1} << v;
    }
    class_mask[g] = mask;
  }
  std::vector<std::uint64_t> masks = class_mask;
  std::sort(masks.begin(), masks.end());
  masks.erase(std::unique(masks.begin(), masks.end()), masks.end());
  if (masks.size() == 1 && masks.front() == 0) return;  // no missing value at all
  std::vector<wildcard_pattern> patterns(masks.size());
  for (std::size_t p = 0; p < masks.size(); ++p) patterns[p].missing_mask = masks[p];
  for (std::size_t g = 0; g < n_classes; ++g) {
    const auto p = static_cast<std::size_t>(
        std::lower_bound(masks.begin(), masks.end(), class_mask[g]) - masks.begin());
    patterns[p].groups.push_back(static_cast<std::int32_t>(g));
  }

  struct source {
    std::size_t pattern;
    double factor;
  };
  std::vector<std::vector<std::int32_t>> columns;
  std::vector<double> group_count;
  std::vector<double> group_weight;
  std::vector<double> added_fk(n_classes, 0.0);
  std::vector<double> added_Fk(n_classes, 0.0);
  // Codes of every class (row-major, class by key), and scratch space of the dense path.
  std::vector<std::int32_t> class_codes(n_classes * n_keys);
  for (std::size_t g = 0; g < n_classes; ++g) {
    for (std::size_t v = 0; v < n_keys; ++v) {
      class_codes[g * n_keys + v] = keys[v].category(grouping.first_record[g]);
    }
  }
  constexpr std::int64_t dense_limit = std::int64_t{1} << 20;
  std::vector<std::size_t> shared_vars;
  std::vector<double> scratch_count, scratch_weight;
  for (std::size_t s = 0; s < patterns.size(); ++s) {
    const wildcard_pattern& target = patterns[s];
    if (target.missing_mask == all_missing) {
      for (const std::int32_t g : target.groups) {
        added_fk[g] = total_count - class_fk[g];
        added_Fk[g] = total_weight - class_Fk[g];
      }
      continue;
    }
    const bool target_complete = target.missing_mask == 0;
    const std::uint64_t target_observed = all_missing & ~target.missing_mask;
    // Sources grouped by the variables they share with the target (U), in increasing order.
    std::vector<std::pair<std::uint64_t, source>> sources;
    for (std::size_t t = 0; t < patterns.size(); ++t) {
      if (t == s) continue;
      const std::uint64_t source_mask = patterns[t].missing_mask;
      if (target_complete && source_mask == all_missing) continue;  // never added to complete keys
      const double factor = (!target_complete && source_mask == 0) ? 1.0 : alpha;
      if (factor == 0.0) continue;
      sources.push_back({target_observed & ~source_mask, source{t, factor}});
    }
    std::stable_sort(sources.begin(), sources.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t first = 0; first < sources.size();) {
      std::size_t last = first;
      const std::uint64_t shared = sources[first].first;
      while (last < sources.size() && sources[last].first == shared) ++last;
      if (shared == 0) {
        // No variable in common: every class of these sources is compatible with every class.
        double count = 0.0, weight = 0.0;
        for (std::size_t i = first; i < last; ++i) {
          for (const std::int32_t g : patterns[sources[i].second.pattern].groups) {
            count += sources[i].second.factor * static_cast<double>(grouping.group_size[g]);
            weight += sources[i].second.factor * class_weight[g];
          }
        }
        for (const std::int32_t g : target.groups) {
          added_fk[g] += count;
          added_Fk[g] += weight;
        }
        first = last;
        continue;
      }
      // Dense path: the shared variables span a small space; accumulate the sources' counts at
      // the mixed-radix slot of their shared values, read the targets' slots, reset.
      shared_vars.clear();
      std::int64_t space = 1;
      for (std::size_t v = 0; v < n_keys; ++v) {
        if (!(shared >> v & 1U)) continue;
        shared_vars.push_back(v);
        if (space <= dense_limit) space *= std::max<std::int64_t>(keys[v].n_categories, 1);
      }
      if (space <= dense_limit) {
        if (scratch_count.size() < static_cast<std::size_t>(space)) {
          scratch_count.resize(static_cast<std::size_t>(space), 0.0);
          scratch_weight.resize(static_cast<std::size_t>(space), 0.0);
        }
        const auto slot_of = [&](std::int32_t g) {
          const std::int32_t* codes = &class_codes[static_cast<std::size_t>(g) * n_keys];
          std::size_t slot = 0;
          for (const std::size_t v : shared_vars) {
            slot = slot * static_cast<std::size_t>(keys[v].n_categories) +
                   static_cast<std::size_t>(codes[v]);
          }
          return slot;
        };
        for (std::size_t i = first; i < last; ++i) {
          const double factor = sources[i].second.factor;
          for (const std::int32_t g : patterns[sources[i].second.pattern].groups) {
            const std::size_t slot = slot_of(g);
            scratch_count[slot] += factor * static_cast<double>(grouping.group_size[g]);
            scratch_weight[slot] += factor * class_weight[g];
          }
        }
        for (const std::int32_t g : target.groups) {
          const std::size_t slot = slot_of(g);
          added_fk[g] += scratch_count[slot];
          added_Fk[g] += scratch_weight[slot];
        }
        for (std::size_t i = first; i < last; ++i) {
          for (const std::int32_t g : patterns[sources[i].second.pattern].groups) {
            const std::size_t slot = slot_of(g);
            scratch_count[slot] = 0.0;
            scratch_weight[slot] = 0.0;
          }
        }
        first = last;
        continue;
      }
      // Rows: the target's classes, then the sources' classes; columns: the shared variables.
      std::vector<std::int32_t> rows(target.groups.begin(), target.groups.end());
      std::vector<double> row_factor(rows.size(), 0.0);
      for (std::size_t i = first; i < last; ++i) {
        for (const std::int32_t g : patterns[sources[i].second.pattern].groups) {
          rows.push_back(g);
          row_factor.push_back(sources[i].second.factor);
        }
      }
      std::vector<categorical_view> views;
      columns.clear();
      for (std::size_t v = 0; v < n_keys; ++v) {
        if (!(shared >> v & 1U)) continue;
        std::vector<std::int32_t> codes(rows.size());
        for (std::size_t r = 0; r < rows.size(); ++r) {
          codes[r] = keys[v].category(grouping.first_record[static_cast<std::size_t>(rows[r])]);
        }
        columns.push_back(std::move(codes));
      }
      std::size_t c = 0;
      for (std::size_t v = 0; v < n_keys; ++v) {
        if (!(shared >> v & 1U)) continue;
        categorical_view view;
        view.name = keys[v].name;
        view.codes = columns[c].data();
        view.size = columns[c].size();
        view.n_categories = keys[v].n_categories;
        views.push_back(std::move(view));
        ++c;
      }
      const key_grouping projected = group_by_keys(views);
      group_count.assign(projected.n_groups(), 0.0);
      group_weight.assign(projected.n_groups(), 0.0);
      for (std::size_t r = target.groups.size(); r < rows.size(); ++r) {
        const auto pg = static_cast<std::size_t>(projected.group_of_record[r]);
        const auto g = static_cast<std::size_t>(rows[r]);
        group_count[pg] += row_factor[r] * static_cast<double>(grouping.group_size[g]);
        group_weight[pg] += row_factor[r] * class_weight[g];
      }
      for (std::size_t r = 0; r < target.groups.size(); ++r) {
        const auto pg = static_cast<std::size_t>(projected.group_of_record[r]);
        const auto g = static_cast<std::size_t>(rows[r]);
        added_fk[g] += group_count[pg];
        added_Fk[g] += group_weight[pg];
      }
      first = last;
    }
  }
  for (std::size_t g = 0; g < n_classes; ++g) {
    class_fk[g] += added_fk[g];
    class_Fk[g] += added_Fk[g];
  }
}

/// Makes every record that has a missing key value a class of its own (never semantics),
/// keeping classes numbered in order of first appearance.
inline key_grouping isolate_missing(const std::vector<categorical_view>& keys,
                                    const key_grouping& grouping) {
  const std::size_t n = grouping.group_of_record.size();
  std::vector<char> class_has_missing(grouping.n_groups(), 0);
  for (std::size_t g = 0; g < grouping.n_groups(); ++g) {
    for (const auto& key : keys) {
      if (key.category(grouping.first_record[g]) == missing_category) {
        class_has_missing[g] = 1;
        break;
      }
    }
  }
  key_grouping result;
  result.group_of_record.resize(n);
  std::vector<std::int32_t> renumber(grouping.n_groups(), -1);
  std::int32_t next = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto g = static_cast<std::size_t>(grouping.group_of_record[i]);
    std::int32_t id;
    if (class_has_missing[g]) {
      id = next++;
      result.group_size.push_back(1);
      result.first_record.push_back(i);
    } else {
      if (renumber[g] < 0) {
        renumber[g] = next++;
        result.group_size.push_back(grouping.group_size[g]);
        result.first_record.push_back(i);
      }
      id = renumber[g];
    }
    result.group_of_record[i] = id;
  }
  return result;
}

}  // namespace detail

/// @brief Computes fk and Fk of every record.
///
/// @param keys one or more categorical key variables of equal length
/// @param weights sampling weights (one per record), or nullptr: then Fk = fk. Weights must be
///        finite and non-negative; weights below 1 are accepted with a warning (a population
///        class is then estimated smaller than the sample class).
/// @param options missing-value semantics, alpha, constant keys
/// @return fk, Fk, the classes and warnings
/// @throws invalid_input errc::invalid_argument (no keys, a code out of range, alpha outside
///         [0, 1], a constant key variable naming the column), errc::length_mismatch,
///         errc::missing_value (NaN weight), errc::negative_value (negative or infinite weight)
///
/// Cost: one grouping pass per key, O(n) each. With the wildcard semantics and missing values,
/// additionally O(P * G), P the number of distinct missing-value patterns and G the number of
/// distinct keys.
inline key_frequencies compute_key_frequencies(const std::vector<categorical_view>& keys,
                                               const numeric_view* weights,
                                               const frequency_options& options = {}) {
  if (keys.empty()) {
    throw invalid_input(errc::invalid_argument, "at least one key variable is needed");
  }
  if (!(options.alpha >= 0.0 && options.alpha <= 1.0)) {
    throw invalid_input(errc::invalid_argument,
                        "alpha must be in [0, 1], got " + std::to_string(options.alpha));
  }
  const std::size_t n = keys.front().size;
  if (weights != nullptr) {
    require_length(*weights, n, "weights");
    if (n > 0 && weights->values == nullptr) {
      throw invalid_input(errc::invalid_argument, "weights column '" + weights->name + "' has no data");
    }
    validate_weights(*weights);
  }
  key_frequencies result;
  result.grouping = group_by_keys(keys);  // validates lengths and codes
  if (!options.allow_constant_keys) detail::check_constant_keys(keys);
  result.weighted = weights != nullptr;
  result.missing = options.missing;
  const key_grouping& grouping = result.grouping;
  const std::size_t n_classes = grouping.n_groups();

  std::vector<double> class_weight(n_classes, 0.0);
  if (weights != nullptr) {
    std::size_t below_one = 0;
    double smallest = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double w = weights->values[i];
      class_weight[static_cast<std::size_t>(grouping.group_of_record[i])] += w;
      if (w < 1.0) {
        smallest = below_one == 0 ? w : std::min(smallest, w);
        ++below_one;
      }
    }
    if (below_one > 0) {
      result.warnings.push_back(
          "weights column '" + weights->name + "': " + std::to_string(below_one) +
          " record(s) have a weight below 1 (smallest " + std::to_string(smallest) +
          "); a population frequency Fk may then be smaller than the sample frequency fk");
    }
  } else {
    for (std::size_t g = 0; g < n_classes; ++g) {
      class_weight[g] = static_cast<double>(grouping.group_size[g]);
    }
  }

  result.fk.resize(n);
  result.Fk.resize(n);
  switch (options.missing) {
    case missing_semantics::category: {
      for (std::size_t i = 0; i < n; ++i) {
        const auto g = static_cast<std::size_t>(grouping.group_of_record[i]);
        result.fk[i] = static_cast<double>(grouping.group_size[g]);
        result.Fk[i] = class_weight[g];
      }
      break;
    }
    case missing_semantics::wildcard: {
      std::vector<double> class_fk, class_Fk;
      detail::wildcard_class_frequencies(keys, grouping, class_weight, options.alpha, class_fk,
                                         class_Fk);
      for (std::size_t i = 0; i < n; ++i) {
        const auto g = static_cast<std::size_t>(grouping.group_of_record[i]);
        result.fk[i] = class_fk[g];
        result.Fk[i] = weights != nullptr ? class_Fk[g] : class_fk[g];
      }
      break;
    }
    case missing_semantics::never: {
      result.grouping = detail::isolate_missing(keys, grouping);
      for (std::size_t i = 0; i < n; ++i) {
        const auto g = static_cast<std::size_t>(result.grouping.group_of_record[i]);
        result.fk[i] = static_cast<double>(result.grouping.group_size[g]);
      }
      if (weights != nullptr) {
        std::vector<double> weight(result.grouping.n_groups(), 0.0);
        for (std::size_t i = 0; i < n; ++i) {
          weight[static_cast<std::size_t>(result.grouping.group_of_record[i])] += weights->values[i];
        }
        for (std::size_t i = 0; i < n; ++i) {
          result.Fk[i] = weight[static_cast<std::size_t>(result.grouping.group_of_record[i])];
        }
      } else {
        result.Fk = result.fk;
      }
      break;
    }
  }
  return result;
}

}  // namespace sdc
