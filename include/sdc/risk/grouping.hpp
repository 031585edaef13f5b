// SPDX-License-Identifier: MIT
/// @file grouping.hpp
/// @brief The grouping kernel: equivalence classes of records on a set of key columns.
///
/// Used by everything that counts records sharing a combination of values: key frequencies
/// (fk/Fk), l-diversity, tables. A missing value is its own category here; the other missing
/// value semantics (wildcard, never matching) are built on top of this in frequencies.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "sdc/core/column_view.hpp"
#include "sdc/core/error.hpp"

namespace sdc {

/// @brief Equivalence classes of records on key columns (missing = its own category).
struct key_grouping {
  std::vector<std::int32_t> group_of_record;  ///< per record: its class, in [0, n_groups())
  std::vector<std::int64_t> group_size;       ///< per class: number of records
  std::vector<std::size_t> first_record;      ///< per class: its first record (in input order)

  /// @brief Number of classes (distinct key combinations present).
  std::size_t n_groups() const noexcept { return group_size.size(); }
};

namespace detail {
/// Above this many slots a dense lookup table would cost too much memory; use a hash map.
inline constexpr std::int64_t max_dense_slots = std::int64_t{1} << 24;
}  // namespace detail

/// @brief Groups records by their combination of values on `keys`.
///
/// Classes are numbered in order of first appearance, so results are deterministic. Works key
/// by key: the class id so far is combined with the next key's code and renumbered, so the
/// intermediate ids never exceed n * (categories + 1), whatever the number of keys.
/// @param keys one or more categorical columns of equal length
/// @throws invalid_input if keys is empty, lengths differ or a code is out of range
inline key_grouping group_by_keys(const std::vector<categorical_view>& keys) {
  if (keys.empty()) {
    throw invalid_input(errc::invalid_argument, "at least one key variable is needed");
  }
  const std::size_t n = keys.front().size;
  for (const auto& key : keys) {
    require_length(key, n, "key");
    if ((key.size > 0 && key.codes == nullptr) || key.n_categories < 0) validate(key);  // throws
  }
  key_grouping result;
  result.group_of_record.assign(n, 0);
  std::int64_t n_groups = n > 0 ? 1 : 0;
  std::vector<std::int32_t> renumber;
  std::unordered_map<std::int64_t, std::int32_t> renumber_sparse;
  // Fast path: when the whole key space fits a small dense table (not much larger than n), one
  // pass over the records with the mixed-radix slot of the full key. Numbering by first
  // appearance of the full key gives the same classes and ids as the key-by-key passes below.
  std::int64_t key_space = 1;
  for (const auto& key : keys) {
    key_space *= std::int64_t{key.n_categories} + 1;
    if (key_space > detail::max_dense_slots) break;
  }
  const bool single_pass = n > 0 && key_space <= detail::max_dense_slots &&
                           key_space <= 16 * static_cast<std::int64_t>(n) + 4096;
  if (single_pass) {
    // Column by column (sequential, vectorisable): the mixed-radix slot of every record, held
    // in group_of_record (key_space <= 2^24 fits an int32), then one renumbering pass.
    // Unsigned arithmetic: well defined for any code (R's NA_integer_ minus 1 included).
    auto* slot = reinterpret_cast<std::uint32_t*>(result.group_of_record.data());
    for (const auto& key : keys) {
      const auto radix = static_cast<std::uint32_t>(key.n_categories) + 1U;
      const std::int32_t* codes = key.codes;
      const auto first_code = static_cast<std::uint32_t>(key.first_code);
      const std::int32_t missing_code = key.missing_code;
      const auto k = static_cast<std::uint32_t>(key.n_categories);
      std::uint32_t bad = 0;  // codes are checked here rather than in a pass of their own
      for (std::size_t i = 0; i < n; ++i) {
        const std::int32_t code = codes[i];
        const std::uint32_t shifted = static_cast<std::uint32_t>(code) - first_code;
        const bool missing = code == missing_code;
        bad |= static_cast<std::uint32_t>(!missing & (shifted >= k));
        slot[i] = slot[i] * radix + (missing ? k : shifted);
      }
      if (bad != 0) validate(key);  // throws, naming the first bad record
    }
    renumber.assign(static_cast<std::size_t>(key_space), -1);
    std::int32_t next_id = 0;
    for (std::size_t i = 0; i < n; ++i) {
      std::int32_t& id = renumber[slot[i]];
      if (id < 0) {
        id = next_id++;
        result.first_record.push_back(i);
        result.group_size.push_back(0);
      }
      ++result.group_size[static_cast<std::size_t>(id)];
      result.group_of_record[i] = id;
    }
    return result;
  }
  for (const auto& key : keys) {
    if (single_pass) break;
    validate(key);
    // Slot n_categories holds the missing value.
    const std::int64_t radix = std::int64_t{key.n_categories} + 1;
    const std::int64_t slots = n_groups * radix;
    std::int32_t next_id = 0;
    if (slots <= detail::max_dense_slots) {
      renumber.assign(static_cast<std::size_t>(slots), -1);
      for (std::size_t i = 0; i < n; ++i) {
        const std::int32_t category = key.category(i);
        const std::int64_t slot = std::int64_t{result.group_of_record[i]} * radix +
                                  (category == missing_category ? key.n_categories : category);
        std::int32_t& id = renumber[static_cast<std::size_t>(slot)];
        if (id < 0) id = next_id++;
        result.group_of_record[i] = id;
      }
    } else {
      renumber_sparse.clear();
      renumber_sparse.reserve(n);
      for (std::size_t i = 0; i < n; ++i) {
        const std::int32_t category = key.category(i);
        const std::int64_t slot = std::int64_t{result.group_of_record[i]} * radix +
                                  (category == missing_category ? key.n_categories : category);
        auto [it, inserted] = renumber_sparse.try_emplace(slot, next_id);
        if (inserted) ++next_id;
        result.group_of_record[i] = it->second;
      }
    }
    n_groups = next_id;
  }
  result.group_size.assign(static_cast<std::size_t>(n_groups), 0);
  result.first_record.assign(static_cast<std::size_t>(n_groups), 0);
  for (std::size_t i = n; i-- > 0;) {
    const auto g = static_cast<std::size_t>(result.group_of_record[i]);
    ++result.group_size[g];
    result.first_record[g] = i;
  }
  return result;
}

}  // namespace sdc
