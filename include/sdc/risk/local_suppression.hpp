// SPDX-License-Identifier: MIT
/// @file local_suppression.hpp
/// @brief k-anonymity by local suppression (as sdcMicro `kAnon`/`localSuppression`): key values
/// of risky records are set to missing until every record shares its key with at least k - 1
/// others, a missing value matching any value.
///
/// **Semantics.** A missing value is a wildcard (frequencies.hpp, missing_semantics::wildcard
/// with alpha = 1, sdcMicro's freqCalc): fk of a record counts every record whose key agrees with
/// it wherever both are observed (a record missing on every key counts towards records that have
/// a missing value, not towards complete ones). The end state is verified with
/// compute_key_frequencies under these semantics.
///
/// **Algorithm.** Records with identical keys form classes, which are processed rather than
/// records. The classes with fk < k are visited once, in decreasing order of risk (increasing
/// fk; ties by first record), as sdcMicro does. A class whose fk has reached k meanwhile
/// (suppressions in other classes only ever add compatible records) is skipped. Otherwise the
/// smallest set of its observed variables whose suppression gives fk >= k is suppressed in all
/// its records: sets of size 1, 2, ... up to max_exhaustive are tried in the suppression order
/// (variables with more categories first by default, or the given importance), then variables
/// are added greedily (the one giving the largest fk). fk of a candidate key is read from
/// counts of projections: for each missing-value pattern T present in the data and each set U of
/// variables, the number of records with pattern T per combination of values on U, built on
/// first use and updated as classes change pattern. A query costs one lookup per pattern, so the
/// cost grows with the classes to fix and the patterns, not with violators times records as in
/// sdcMicro.
///
/// Differences from sdcMicro: sdcMicro suppresses one value at a time towards the records at
/// minimal Hamming distance and repeats full passes until no violation remains; here each class
/// gets a smallest sufficient set of suppressions at once, which never needs more suppressions
/// for that class than any other choice made at that point. sdcMicro with k > n uses k = n; so
/// does this function (see local_suppression_result::k).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <string>
#include <unordered_map>
#include <vector>

#include "sdc/core/column_view.hpp"
#include "sdc/core/error.hpp"
#include "sdc/detail/packed_key_index.hpp"
#include "sdc/risk/frequencies.hpp"
#include "sdc/risk/grouping.hpp"

namespace sdc {

/// @brief Options of local_suppression().
struct local_suppression_options {
  /// The k of k-anonymity (>= 1; sdcMicro's default is 2).
  int k = 2;
  /// Importance of each key variable, as sdcMicro's `importance`: values in 1..m, 1 = most
  /// important (suppressed last), m = suppressed first; ties: the variable listed later first.
  /// Empty: by number of categories observed, more categories suppressed first (sdcMicro's
  /// default).
  std::vector<int> importance;
  /// Largest suppression set searched exhaustively per class (>= 1); beyond it variables are
  /// added greedily.
  std::size_t max_exhaustive = 3;

  /// @brief The defaults, for bindings that must not re-list them.
  static local_suppression_options defaults() { return local_suppression_options{}; }
};

/// @brief A suppressed value: record (0-based, input order) and key variable (0-based).
struct suppressed_cell {
  std::size_t record = 0;
  std::size_t variable = 0;

  friend bool operator==(const suppressed_cell& a, const suppressed_cell& b) noexcept {
    return a.record == b.record && a.variable == b.variable;
  }
};

/// @brief Result of local_suppression(). The input is never modified.
struct local_suppression_result {
  std::vector<std::string> variables;  ///< key variables, in input order
  int k = 0;                           ///< the k achieved (min(options.k, n))
  /// Per key variable: its codes after suppression, in the input's coding (same first_code and
  /// missing_code; a suppressed value holds missing_code).
  std::vector<std::vector<std::int32_t>> codes;
  std::vector<suppressed_cell> cells;          ///< suppressed values, by record then variable
  std::vector<std::size_t> suppressions;       ///< per key variable: values suppressed
  std::size_t total_suppressions = 0;          ///< cells.size()
  std::size_t records_suppressed = 0;          ///< records with at least one suppression
  std::size_t records_below_k_before = 0;      ///< records with fk < k before (wildcard)
  std::size_t records_below_k_after = 0;       ///< records with fk < k after (0 on success)
  std::vector<std::size_t> suppression_order;  ///< variables, first suppressed first

  /// @brief Views of the suppressed columns, named and coded like `keys` (valid while this
  /// result lives).
  std::vector<categorical_view> views(const std::vector<categorical_view>& keys) const {
    std::vector<categorical_view> result = keys;
    for (std::size_t v = 0; v < result.size() && v < codes.size(); ++v)
      result[v].codes = codes[v].data();
    return result;
  }
};

namespace detail {

/// Counts of projections of keys, per missing-value pattern, with the updates of local
/// suppression. Keys are held per class: codes (category, -1 missing) row-major.
///
/// A pattern with few classes is scanned directly; a larger one answers from tables of counts
/// per combination of values on the variables shared with the query, built on first use. Classes
/// joining or leaving a pattern are logged; a table applies the log entries it has not seen when
/// it is next queried, so rarely queried tables cost nothing meanwhile and each catch-up runs on
/// one table at a time (cache-friendly). Tables are dropped when a pattern becomes small again.
class projection_counts {
 public:
  projection_counts(std::size_t m, const std::vector<std::int32_t>& n_categories, double n)
      : m_(m), n_(n) {
    std::vector<std::uint64_t> max_value(m);
    for (std::size_t v = 0; v < m; ++v) {
      max_value[v] = n_categories[v] > 0 ? static_cast<std::uint64_t>(n_categories[v] - 1) : 0;
    }
    packer_.layout(max_value);
    key_.assign(packer_.words, 0);
    all_ = m == 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << m) - 1);
  }

  /// Registers a class (its codes must stay valid at `codes`) with `size` records.
  void add_class(std::size_t cls, const std::int32_t* codes, std::uint64_t missing, double size) {
    if (cls >= class_pattern_.size()) {
      class_pattern_.resize(cls + 1, 0);
      class_position_.resize(cls + 1, 0);
      class_codes_.resize(cls + 1, nullptr);
      class_size_.resize(cls + 1, 0.0);
    }
    class_codes_[cls] = codes;
    class_size_[cls] = size;
    attach(cls, missing);
  }

  /// fk of a key with the given codes observed on `observed` (wildcard semantics, alpha 1).
  double query(const std::int32_t* codes, std::uint64_t observed) {
    if (observed == 0) return n_;
    double fk = 0.0;
    for (std::size_t p = 0; p < patterns_.size(); ++p) {
      pattern& pat = patterns_[p];
      if (pat.classes.empty()) continue;
      if (observed == all_ && pat.missing == all_)
        continue;  // all-missing keys: not to complete ones
      const std::uint64_t shared = observed & ~pat.missing;
      if (shared == 0) {
        fk += pat.total;
        continue;
      }
      if (pat.classes.size() <= scan_limit) {
        for (const std::size_t cls : pat.classes) {
          const std::int32_t* other = class_codes_[cls];
          bool match = true;
          for (std::uint64_t bits = shared; bits != 0 && match; bits &= bits - 1) {
            const auto v = static_cast<std::size_t>(__builtin_ctzll(bits));
            match = other[v] == codes[v];
          }
          if (match) fk += class_size_[cls];
        }
        continue;
      }
      table& t = table_for(pat, shared);
      pack(codes, shared);
      const std::int32_t id = t.index.find(key_.data());
      if (id >= 0) fk += t.count[static_cast<std::size_t>(id)];
    }
    return fk;
  }

  /// Moves a class to a new missing-value pattern (its codes already updated by the caller on
  /// the variables that became missing: only observed variables are read).
  void move_class(std::size_t cls, const std::int32_t* old_codes, std::uint64_t new_missing) {
    detach(cls, old_codes);
    attach(cls, new_missing);
  }

 private:
  struct table {
    std::uint64_t shared = 0;
    packed_key_index index;
    std::vector<double> count;
    std::size_t applied = 0;  // log entries already counted
  };
  struct pattern {
    std::uint64_t missing = 0;
    double total = 0.0;
    std::vector<std::size_t> classes;  // classes with this pattern
    std::vector<table> tables;
    std::unordered_map<std::uint64_t, std::size_t> table_of;  // shared -> index into tables
    std::vector<std::int32_t> log_codes;                      // per entry: m codes
    std::vector<double> log_size;                             // per entry: + joined, - left
  };
  /// Patterns with at most this many classes are scanned rather than tabulated.
  static constexpr std::size_t scan_limit = 24;
  /// Entries of all tables beyond which they are dropped (and rebuilt lazily).
  static constexpr std::size_t max_entries = std::size_t{1} << 22;

  void pack(const std::int32_t* codes, std::uint64_t shared) {
    std::fill(key_.begin(), key_.end(), 0);
    for (std::uint64_t bits = shared; bits != 0; bits &= bits - 1) {
      const auto v = static_cast<std::size_t>(__builtin_ctzll(bits));
      packer_.put(key_.data(), v, static_cast<std::uint64_t>(codes[v]));
    }
  }

  std::size_t pattern_of(std::uint64_t missing) {
    const auto found = pattern_index_.find(missing);
    if (found != pattern_index_.end()) return found->second;
    const std::size_t p = patterns_.size();
    patterns_.emplace_back();
    patterns_.back().missing = missing;
    pattern_index_.emplace(missing, p);
    return p;
  }

  table& table_for(pattern& pat, std::uint64_t shared) {
    const auto found = pat.table_of.find(shared);
    if (found != pat.table_of.end()) {
      table& t = pat.tables[found->second];
      for (; t.applied < pat.log_size.size(); ++t.applied) {
        pack(&pat.log_codes[t.applied * m_], t.shared);
        const double size = pat.log_size[t.applied];
        if (size > 0) {
          const auto id = static_cast<std::size_t>(t.index.insert(key_.data()));
          if (id == t.count.size()) {
            t.count.push_back(0.0);
            ++entries_;
          }
          t.count[id] += size;
        } else {
          const std::int32_t id = t.index.find(key_.data());
          if (id >= 0) t.count[static_cast<std::size_t>(id)] += size;
        }
      }
      return t;
    }
    if (entries_ > max_entries) {
      for (auto& other : patterns_) drop_tables(other);  // bounded memory: rebuilt lazily
    }
    pat.tables.emplace_back();
    table& made = pat.tables.back();
    made.shared = shared;
    made.index.reset(packer_.words, pat.classes.size());
    for (const std::size_t cls : pat.classes) {
      pack(class_codes_[cls], shared);
      const auto id = static_cast<std::size_t>(made.index.insert(key_.data()));
      if (id == made.count.size()) made.count.push_back(0.0);
      made.count[id] += class_size_[cls];
    }
    entries_ += made.count.size();
    made.applied = pat.log_size.size();
    pat.table_of.emplace(shared, pat.tables.size() - 1);
    return made;
  }

  void drop_tables(pattern& pat) {
    for (const auto& t : pat.tables) entries_ -= t.count.size();
    pat.tables.clear();
    pat.table_of.clear();
    pat.log_codes.clear();
    pat.log_size.clear();
  }

  void attach(std::size_t cls, std::uint64_t missing) {
    const std::size_t p = pattern_of(missing);
    pattern& pat = patterns_[p];
    class_pattern_[cls] = p;
    class_position_[cls] = pat.classes.size();
    pat.classes.push_back(cls);
    pat.total += class_size_[cls];
    if (!pat.tables.empty()) {
      pat.log_codes.insert(pat.log_codes.end(), class_codes_[cls], class_codes_[cls] + m_);
      pat.log_size.push_back(class_size_[cls]);
    }
  }

  void detach(std::size_t cls, const std::int32_t* old_codes) {
    pattern& pat = patterns_[class_pattern_[cls]];
    // Swap-remove from the pattern's classes.
    const std::size_t position = class_position_[cls];
    const std::size_t last = pat.classes.back();
    pat.classes[position] = last;
    class_position_[last] = position;
    pat.classes.pop_back();
    pat.total -= class_size_[cls];
    if (pat.classes.size() <= scan_limit) {
      drop_tables(pat);  // scanned from now on
      return;
    }
    if (!pat.tables.empty()) {
      pat.log_codes.insert(pat.log_codes.end(), old_codes, old_codes + m_);
      pat.log_size.push_back(-class_size_[cls]);
    }
  }

  std::size_t m_;
  double n_;
  std::uint64_t all_ = 0;
  bit_packer packer_;
  std::vector<std::uint64_t> key_;
  std::vector<pattern> patterns_;
  std::unordered_map<std::uint64_t, std::size_t> pattern_index_;
  std::size_t entries_ = 0;
  std::vector<std::size_t> class_pattern_;
  std::vector<std::size_t> class_position_;
  std::vector<const std::int32_t*> class_codes_;
  std::vector<double> class_size_;
};

}  // namespace detail

/// @brief Achieves k-anonymity (missing values as wildcards) by suppressing key values.
///
/// @param keys the key variables: 1 to 64 categorical views of equal length (not modified)
/// @param options k, the importance of the variables, the exhaustive search depth
/// @return the suppressed codes, the suppressed cells and counts (see the file comment)
/// @throws invalid_input (errc::invalid_argument) for no keys, more than 64 keys, k < 1, a bad
///         importance vector or max_exhaustive 0; errc::length_mismatch; bad codes
inline local_suppression_result local_suppression(const std::vector<categorical_view>& keys,
                                                  const local_suppression_options& options = {}) {
  if (keys.empty()) {
    throw invalid_input(errc::invalid_argument, "at least one key variable is needed");
  }
  const std::size_t m = keys.size();
  if (m > 64) {
    throw invalid_input(errc::invalid_argument,
                        "local suppression supports at most 64 key variables");
  }
  if (options.k < 1) {
    throw invalid_input(errc::invalid_argument,
                        "k must be at least 1, got " + std::to_string(options.k));
  }
  if (options.max_exhaustive < 1) {
    throw invalid_input(errc::invalid_argument, "max_exhaustive must be at least 1");
  }
  const std::size_t n = keys.front().size;
  for (const auto& key : keys) {
    require_length(key, n, "key");
    validate(key);
  }
  local_suppression_result result;
  for (const auto& key : keys) result.variables.push_back(key.name);
  result.k = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(options.k), n));
  const int k = result.k;
  result.codes.resize(m);
  for (std::size_t v = 0; v < m; ++v) result.codes[v].assign(keys[v].codes, keys[v].codes + n);
  result.suppressions.assign(m, 0);

  // Suppression order: by importance (highest first), or by categories observed (most first);
  // ties: the later variable first, as sdcMicro's default.
  std::vector<double> rank(m);
  if (!options.importance.empty()) {
    if (options.importance.size() != m) {
      throw invalid_input(errc::invalid_argument,
                          "importance has " + std::to_string(options.importance.size()) +
                              " values for " + std::to_string(m) + " key variables");
    }
    for (std::size_t v = 0; v < m; ++v) {
      const int value = options.importance[v];
      if (value < 1 || value > static_cast<int>(m)) {
        throw invalid_input(errc::invalid_argument, "importance values must be between 1 and " +
                                                        std::to_string(m) + ", got " +
                                                        std::to_string(value));
      }
      rank[v] = value;
    }
  } else {
    for (std::size_t v = 0; v < m; ++v) {
      std::vector<char> seen(static_cast<std::size_t>(keys[v].n_categories), 0);
      std::size_t distinct = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const std::int32_t c = keys[v].category(i);
        if (c != missing_category && !seen[static_cast<std::size_t>(c)]) {
          seen[static_cast<std::size_t>(c)] = 1;
          ++distinct;
        }
      }
      rank[v] = static_cast<double>(distinct);
    }
  }
  result.suppression_order.resize(m);
  std::iota(result.suppression_order.begin(), result.suppression_order.end(), std::size_t{0});
  std::stable_sort(result.suppression_order.begin(), result.suppression_order.end(),
                   [&](std::size_t a, std::size_t b) {
                     if (rank[a] != rank[b]) return rank[a] > rank[b];
                     return a > b;
                   });
  if (n == 0) return result;

  // Classes of identical keys (missing as a category) and their initial wildcard fk.
  frequency_options wildcard;
  wildcard.missing = missing_semantics::wildcard;
  wildcard.allow_constant_keys = true;
  const key_frequencies before = compute_key_frequencies(keys, nullptr, wildcard);
  const key_grouping& grouping = before.grouping;
  const std::size_t n_classes = grouping.n_groups();
  std::vector<std::int32_t> class_codes(n_classes * m);
  std::vector<std::uint64_t> class_missing(n_classes, 0);
  std::vector<std::int32_t> n_categories(m);
  for (std::size_t v = 0; v < m; ++v) n_categories[v] = keys[v].n_categories;
  for (std::size_t g = 0; g < n_classes; ++g) {
    for (std::size_t v = 0; v < m; ++v) {
      const std::int32_t c = keys[v].category(grouping.first_record[g]);
      class_codes[g * m + v] = c;
      if (c == missing_category) class_missing[g] |= std::uint64_t{1} << v;
    }
  }
  const std::uint64_t all = m == 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << m) - 1);
  std::vector<std::uint64_t> class_suppressed(n_classes, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (before.fk[i] < k) ++result.records_below_k_before;
  }

  detail::projection_counts counts(m, n_categories, static_cast<double>(n));
  for (std::size_t g = 0; g < n_classes; ++g) {
    counts.add_class(g, &class_codes[g * m], class_missing[g],
                     static_cast<double>(grouping.group_size[g]));
  }
  std::vector<double> class_fk(n_classes);
  for (std::size_t g = 0; g < n_classes; ++g) class_fk[g] = before.fk[grouping.first_record[g]];

  std::vector<std::int32_t> old_codes(m);
  std::vector<std::size_t> candidates, chosen, combination;
  // One pass over the violating classes; repeated (rarely) if a class suppressed on every
  // variable took a contribution away from complete keys.
  for (int pass = 0; pass <= static_cast<int>(m) + 1; ++pass) {
    std::vector<std::size_t> violating;
    for (std::size_t g = 0; g < n_classes; ++g) {
      if (class_fk[g] < k) violating.push_back(g);
    }
    if (violating.empty()) break;
    std::stable_sort(violating.begin(), violating.end(), [&](std::size_t a, std::size_t b) {
      if (class_fk[a] != class_fk[b]) return class_fk[a] < class_fk[b];
      return grouping.first_record[a] < grouping.first_record[b];
    });
    for (const std::size_t g : violating) {
      std::int32_t* codes = &class_codes[g * m];
      const std::uint64_t observed = all & ~class_missing[g];
      if (counts.query(codes, observed) >= k) continue;
      candidates.clear();
      for (const std::size_t v : result.suppression_order) {
        if (observed >> v & 1U) candidates.push_back(v);
      }
      // Smallest sufficient set, exhaustively up to max_exhaustive, in suppression order.
      chosen.clear();
      bool found = false;
      const std::size_t depth = std::min(options.max_exhaustive, candidates.size());
      for (std::size_t size = 1; size <= depth && !found; ++size) {
        combination.resize(size);
        std::iota(combination.begin(), combination.end(), std::size_t{0});
        while (true) {
          std::uint64_t mask = 0;
          for (const std::size_t c : combination) mask |= std::uint64_t{1} << candidates[c];
          if (counts.query(codes, observed & ~mask) >= k) {
            for (const std::size_t c : combination) chosen.push_back(candidates[c]);
            found = true;
            break;
          }
          // Next combination in lexicographic order.
          std::size_t i = size;
          while (i > 0 && combination[i - 1] == candidates.size() - size + i - 1) --i;
          if (i == 0) break;
          ++combination[i - 1];
          for (std::size_t j = i; j < size; ++j) combination[j] = combination[j - 1] + 1;
        }
      }
      if (!found) {
        // Greedy: add the variable giving the largest fk until fk >= k (fk = n >= k when all
        // are suppressed).
        std::uint64_t left = observed;
        while (left != 0) {
          std::size_t best = m;
          double best_fk = -1.0;
          for (const std::size_t v : candidates) {
            if (!(left >> v & 1U)) continue;
            const double fk = counts.query(codes, left & ~(std::uint64_t{1} << v));
            if (fk > best_fk) {
              best_fk = fk;
              best = v;
            }
          }
          left &= ~(std::uint64_t{1} << best);
          chosen.push_back(best);
          if (best_fk >= k) break;
        }
      }
      std::uint64_t mask = 0;
      for (const std::size_t v : chosen) mask |= std::uint64_t{1} << v;
      std::copy(codes, codes + m, old_codes.begin());
      for (const std::size_t v : chosen) codes[v] = missing_category;
      class_missing[g] |= mask;
      class_suppressed[g] |= mask;
      counts.move_class(g, old_codes.data(), class_missing[g]);
    }
    // Verify with the core's wildcard frequencies on the suppressed codes.
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t mask =
          class_suppressed[static_cast<std::size_t>(grouping.group_of_record[i])];
      if (mask == 0) continue;
      for (std::size_t v = 0; v < m; ++v) {
        if (mask >> v & 1U) result.codes[v][i] = keys[v].missing_code;
      }
    }
    const key_frequencies after = compute_key_frequencies(result.views(keys), nullptr, wildcard);
    for (std::size_t g = 0; g < n_classes; ++g) class_fk[g] = after.fk[grouping.first_record[g]];
  }
  for (std::size_t g = 0; g < n_classes; ++g) {
    if (class_fk[g] < k)
      result.records_below_k_after += static_cast<std::size_t>(grouping.group_size[g]);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t mask =
        class_suppressed[static_cast<std::size_t>(grouping.group_of_record[i])];
    if (mask == 0) continue;
    ++result.records_suppressed;
    for (std::size_t v = 0; v < m; ++v) {
      if (mask >> v & 1U) {
        result.cells.push_back({i, v});
        ++result.suppressions[v];
      }
    }
  }
  result.total_suppressions = result.cells.size();
  return result;
}

}  // namespace sdc
