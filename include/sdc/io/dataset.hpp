// SPDX-License-Identifier: MIT
/// @file dataset.hpp
/// @brief An owning in-memory table of microdata, as read from a file by the CLI.
///
/// The core works on non-owning views (column_view.hpp); a dataset owns the memory those views
/// point to. Every column is available both as categories (codes 0..K-1, -1 missing, K sorted
/// labels) and, when every non-missing value is a finite number, as numbers (NaN missing), so that
/// the same column can be a key variable (age bands 0..9) and a magnitude (a wage).
///
/// Category labels of a numeric column are the values as first written in the file ("1.50" stays
/// "1.50", and a later "1.5" joins that category), sorted numerically; labels of a text column
/// are sorted by their UTF-8 bytes (code point order). Neither depends on the host's locale.
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <numeric>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "sdc/core/column_view.hpp"
#include "sdc/core/error.hpp"
#include "sdc/core/factorize.hpp"

namespace sdc::io {

/// @brief One column of a dataset: always categories, and numbers when the column is numeric.
struct dataset_column {
  std::string name;                   ///< column name (unique within a dataset)
  bool numeric = false;               ///< every non-missing value is a finite number
  std::vector<double> numbers;        ///< one per row if numeric (NaN = missing), else empty
  sdc::factorized_column categories;  ///< codes 0..K-1 (-1 missing) and the K sorted labels
};

namespace detail {

/// Parses a whole field as a finite decimal number ("12", "-3.5", "+1e3", ".5"); no spaces,
/// no hexadecimal, no "inf"/"nan". Locale-independent (std::from_chars).
inline bool parse_number(std::string_view text, double& value) noexcept {
  const char* first = text.data();
  const char* last = first + text.size();
  if (first != last && *first == '+') {
    ++first;
    if (first != last && (*first == '-' || *first == '+')) return false;
  }
  if (first == last) return false;
  const auto [end, ec] = std::from_chars(first, last, value, std::chars_format::general);
  return ec == std::errc() && end == last && std::isfinite(value);
}

/// The shortest text that reads back as the same double ("3", "2.5", "1e+21").
inline std::string format_number(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

inline std::string quote(std::string_view text) {
  std::string quoted = "'";
  quoted.append(text);
  quoted += '\'';
  return quoted;
}

/// A hint to bring memory into the cache (no effect where the compiler has no such builtin).
inline void prefetch(const void* address) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(address);
#else
  (void)address;
#endif
}

/// Builds a dataset_column from text values, one row at a time, without allocating per row.
/// Distinct values are copied once into a contiguous arena and interned in an open-addressing
/// hash table of 16-byte slots that hold short values themselves, so that a lookup touches one
/// cache line even with a million distinct values; each distinct value is parsed as a number once.
class column_builder {
 public:
  /// @param detect_numbers  false for columns that are text by declaration (e.g. Stata strings)
  column_builder(std::string name, std::size_t max_categories, bool detect_numbers = true)
      : name_(std::move(name)),
        max_categories_(std::min<std::size_t>(
            max_categories, static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))),
        detect_numbers_(detect_numbers) {
    slots_.resize(64);
  }

  const std::string& name() const noexcept { return name_; }
  std::size_t size() const noexcept { return codes_.size() + (has_pending_ ? 1 : 0); }
  std::size_t n_categories() const noexcept { return ends_.size(); }
  void reserve(std::size_t rows) { codes_.reserve(rows); }

  /// Adds a missing value. @return false once a value has exceeded max_categories.
  bool add_missing() {
    flush();
    codes_.push_back(-1);
    return !exceeded_;
  }

  /// Adds a non-missing value (copied if it is new, so the text need not outlive the call).
  /// @return false once a value has exceeded max_categories (the builder is then unusable).
  bool add(std::string_view text) {
    if (flush()) insert(text, hash_of(text));
    return !exceeded_;
  }

  /// Like add(), but the text must stay valid until the next call on this builder: the value's
  /// slot is prefetched now and looked up on the next call, so that on a column with many
  /// distinct values the cache miss overlaps with parsing the rest of the record.
  bool add_deferred(std::string_view text) {
    flush();
    pending_hash_ = hash_of(text);
    prefetch(&slots_[static_cast<std::size_t>(pending_hash_) & (slots_.size() - 1)]);
    pending_ = text;
    has_pending_ = true;
    return !exceeded_;
  }

  /// Adds the deferred value, if any. @return false once a value has exceeded max_categories.
  bool flush() {
    if (has_pending_) {
      has_pending_ = false;
      if (!exceeded_) insert(pending_, pending_hash_);
    }
    return !exceeded_;
  }

  /// Sorts the categories and produces the column (numeric if every distinct value is a number).
  /// @throws invalid_input (errc::too_many_categories) if a value exceeded max_categories.
  dataset_column finish() {
    if (!flush()) {
      throw invalid_input(errc::too_many_categories,
                          "column " + quote(name_) + " has more than " +
                              std::to_string(max_categories_) + " distinct values");
    }
    dataset_column column;
    column.name = name_;
    column.categories.name = name_;
    column.numeric = detect_numbers_ && all_numeric_;
    const std::size_t k = ends_.size();
    std::vector<std::int32_t> new_code(k);
    std::vector<double> category_value;
    auto& labels = column.categories.labels;
    if (column.numeric) {
      // Equal numbers written differently ("1", "1.0") are one category, labelled with the
      // spelling seen first (the smallest first-seen code among them).
      std::vector<std::pair<double, std::int32_t>> order(k);
      for (std::size_t code = 0; code < k; ++code) {
        order[code] = {values_[code], static_cast<std::int32_t>(code)};
      }
      std::sort(order.begin(), order.end());
      for (const auto& [value, code] : order) {
        if (category_value.empty() || value != category_value.back()) {
          category_value.push_back(value);
          labels.emplace_back(key(code));
        }
        new_code[code] = static_cast<std::int32_t>(category_value.size() - 1);
      }
    } else {
      // Sorting on the first eight bytes (big-endian, so integer order is byte order) keeps the
      // sort in contiguous memory; only equal prefixes compare the whole texts.
      std::vector<std::pair<std::uint64_t, std::int32_t>> order(k);
      for (std::size_t code = 0; code < k; ++code) {
        order[code] = {prefix(key(static_cast<std::int32_t>(code))),
                       static_cast<std::int32_t>(code)};
      }
      std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        return key(a.second) < key(b.second);
      });
      labels.reserve(k);
      for (std::size_t rank = 0; rank < k; ++rank) {
        new_code[order[rank].second] = static_cast<std::int32_t>(rank);
        labels.emplace_back(key(order[rank].second));
      }
    }
    column.categories.codes = std::move(codes_);
    for (auto& code : column.categories.codes) {
      if (code >= 0) code = new_code[code];
    }
    if (column.numeric) {
      const double nan = std::numeric_limits<double>::quiet_NaN();
      column.numbers.resize(column.categories.codes.size());
      std::transform(column.categories.codes.begin(), column.categories.codes.end(),
                     column.numbers.begin(),
                     [&](std::int32_t code) { return code >= 0 ? category_value[code] : nan; });
    }
    return column;
  }

 private:
  // A value of up to 8 bytes is its own key, stored in the slot: a lookup then reads one slot and
  // nothing else. A longer value is keyed by its 64-bit hash and checked against the arena.
  static std::uint64_t short_key(std::string_view text) noexcept {
    std::uint64_t word = 0;
    if (!text.empty()) std::memcpy(&word, text.data(), text.size());
    return word;
  }
  static std::uint64_t hash_of(std::string_view text) noexcept {
    return text.size() <= 8 ? hash_short(short_key(text), text.size()) : hash_long(text);
  }
  void insert(std::string_view text, std::uint64_t h) {
    const std::uint64_t length = text.size();
    const bool is_short = length <= 8;
    const std::uint64_t slot_key = is_short ? short_key(text) : h;
    const std::size_t mask = slots_.size() - 1;
    std::size_t index = static_cast<std::size_t>(h) & mask;
    for (;; index = (index + 1) & mask) {
      const slot& entry = slots_[index];
      if (entry.code_plus_one == 0) break;
      if (entry.key == slot_key && entry.length == length &&
          (is_short || key(static_cast<std::int32_t>(entry.code_plus_one - 1)) == text)) {
        codes_.push_back(static_cast<std::int32_t>(entry.code_plus_one - 1));
        return;
      }
    }
    if (ends_.size() >= max_categories_ || length > std::numeric_limits<std::uint32_t>::max()) {
      exceeded_ = true;
      return;
    }
    const auto code = static_cast<std::int32_t>(ends_.size());
    arena_.append(text);
    ends_.push_back(arena_.size());
    double value = std::numeric_limits<double>::quiet_NaN();
    if (detect_numbers_ && all_numeric_ && !parse_number(text, value)) all_numeric_ = false;
    values_.push_back(value);
    slots_[index] = slot{slot_key, static_cast<std::uint32_t>(code) + 1,
                         static_cast<std::uint32_t>(length)};
    if (ends_.size() * 2 > slots_.size()) grow();
    codes_.push_back(code);
  }

  std::string_view key(std::int32_t code) const noexcept {
    const std::size_t begin = code == 0 ? 0 : ends_[code - 1];
    return std::string_view(arena_.data() + begin, ends_[code] - begin);
  }
  static std::uint64_t prefix(std::string_view text) noexcept {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < 8; ++i) {
      value = (value << 8) | (i < text.size() ? static_cast<unsigned char>(text[i]) : 0U);
    }
    return value;
  }
  static std::uint64_t mix(std::uint64_t h) noexcept {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
  }
  static std::uint64_t hash_short(std::uint64_t word, std::uint64_t length) noexcept {
    return mix(word ^ (length << 56) ^ 0x9e3779b97f4a7c15ULL);
  }
  static std::uint64_t hash_long(std::string_view text) noexcept {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ text.size();
    const char* p = text.data();
    std::size_t n = text.size();
    while (n >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, 8);
      h = mix(h ^ word);
      p += 8;
      n -= 8;
    }
    std::uint64_t word = 0;
    std::memcpy(&word, p, n);
    return mix(h ^ word);
  }
  void grow() {
    std::vector<slot> slots(slots_.size() * 2);
    const std::size_t mask = slots.size() - 1;
    for (const slot& entry : slots_) {
      if (entry.code_plus_one == 0) continue;
      const std::uint64_t h = entry.length <= 8 ? hash_short(entry.key, entry.length) : entry.key;
      std::size_t index = static_cast<std::size_t>(h) & mask;
      while (slots[index].code_plus_one != 0) index = (index + 1) & mask;
      slots[index] = entry;
    }
    slots_ = std::move(slots);
  }

  struct slot {
    std::uint64_t key = 0;            // the value's bytes if it has <= 8, else its hash
    std::uint32_t code_plus_one = 0;  // 0 = empty
    std::uint32_t length = 0;         // of the value, in bytes
  };

  std::string name_;
  std::size_t max_categories_;
  bool detect_numbers_;
  bool all_numeric_ = true;
  std::vector<slot> slots_;            // open addressing, linear probing, load <= 1/2
  std::string arena_;                  // the distinct values, back to back, in first-seen order
  std::vector<std::size_t> ends_;      // per first-seen code: end of its text in arena_
  std::vector<double> values_;         // per first-seen code, if numeric so far
  std::vector<std::int32_t> codes_;    // per row, first-seen codes
  std::string_view pending_;           // a deferred value (add_deferred)
  std::uint64_t pending_hash_ = 0;
  bool has_pending_ = false;
  bool exceeded_ = false;              // a value exceeded max_categories
};

}  // namespace detail

/// @brief Makes a column from text values, with the same rules as the CSV reader: values in
/// `missing_values` are missing; the column is numeric if every other value is a finite number.
/// @throws invalid_input (errc::too_many_categories) beyond `max_categories` distinct values.
inline dataset_column make_column(std::string name, const std::vector<std::string>& values,
                                  const std::vector<std::string>& missing_values = {"", "NA"},
                                  std::size_t max_categories = 10'000'000) {
  detail::column_builder builder(std::move(name), max_categories);
  builder.reserve(values.size());
  for (const auto& value : values) {
    const bool missing =
        std::find(missing_values.begin(), missing_values.end(), value) != missing_values.end();
    // finish() reports a value beyond max_categories.
    if (!(missing ? builder.add_missing() : builder.add_deferred(value))) break;
  }
  return builder.finish();
}

/// @brief Makes a numeric column from numbers (NaN = missing). Category labels are the shortest
/// text that reads back as each value, or the text given for that value in `value_labels`
/// (Stata/SPSS value labels); categories are ordered by value either way.
/// @throws invalid_input (errc::invalid_argument) if a value is infinite.
inline dataset_column make_numeric_column(std::string name, std::vector<double> numbers,
                                          const std::map<double, std::string>& value_labels = {}) {
  dataset_column column;
  column.name = name;
  column.numeric = true;
  column.categories.name = std::move(name);
  std::vector<double> distinct;
  distinct.reserve(std::min<std::size_t>(numbers.size(), 1024));
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    if (std::isinf(numbers[i])) {
      throw invalid_input(errc::invalid_argument, "column " + detail::quote(column.name) +
                                                      ": row " + std::to_string(i + 1) +
                                                      " is infinite");
    }
    if (!std::isnan(numbers[i])) distinct.push_back(numbers[i]);
  }
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (distinct.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    throw invalid_input(errc::too_many_categories,
                        "column " + detail::quote(column.name) + " has too many distinct values");
  }
  column.categories.labels.reserve(distinct.size());
  for (const double value : distinct) {
    const auto label = value_labels.find(value);
    column.categories.labels.push_back(label != value_labels.end() ? label->second
                                                                   : detail::format_number(value));
  }
  column.categories.codes.resize(numbers.size());
  std::transform(numbers.begin(), numbers.end(), column.categories.codes.begin(), [&](double v) {
    if (std::isnan(v)) return std::int32_t{-1};
    return static_cast<std::int32_t>(std::lower_bound(distinct.begin(), distinct.end(), v) -
                                     distinct.begin());
  });
  column.numbers = std::move(numbers);
  return column;
}

/// @brief An owning table: named columns of equal length.
///
/// Views returned by categorical() and numeric() point into the dataset and stay valid while it
/// lives (adding columns does not move existing column data).
class dataset {
 public:
  /// @brief Number of records (0 for a dataset without columns).
  std::size_t n_rows() const noexcept { return n_rows_; }
  /// @brief Number of columns.
  std::size_t n_columns() const noexcept { return columns_.size(); }
  /// @brief The columns, in file order.
  const std::vector<dataset_column>& columns() const noexcept { return columns_; }
  /// @brief The column names, in file order.
  std::vector<std::string> column_names() const {
    std::vector<std::string> names;
    names.reserve(columns_.size());
    for (const auto& column : columns_) names.push_back(column.name);
    return names;
  }

  /// @brief Whether a column of that name exists (names are case-sensitive).
  bool has_column(std::string_view name) const noexcept { return find(name) != nullptr; }

  /// @brief The column of that name.
  /// @throws invalid_input (errc::unknown_column) listing the available columns.
  const dataset_column& column(std::string_view name) const {
    if (const dataset_column* found = find(name)) return *found;
    std::string message = "no column " + detail::quote(name) + "; available columns: ";
    constexpr std::size_t max_listed = 50;
    for (std::size_t i = 0; i < columns_.size() && i < max_listed; ++i) {
      if (i > 0) message += ", ";
      message += columns_[i].name;
    }
    if (columns_.empty()) message += "(none)";
    if (columns_.size() > max_listed) {
      message += ", ... (" + std::to_string(columns_.size() - max_listed) + " more)";
    }
    throw invalid_input(errc::unknown_column, message);
  }

  /// @brief A categorical view of a column (any column: numbers are categories too).
  /// @throws invalid_input (errc::unknown_column)
  categorical_view categorical(std::string_view name) const { return column(name).categories.view(); }

  /// @brief A numeric view of a column (NaN = missing).
  /// @throws invalid_input (errc::unknown_column), or (errc::type_mismatch) naming the first
  /// value that is not a number and its row.
  numeric_view numeric(std::string_view name) const {
    const dataset_column& found = column(name);
    if (!found.numeric) {
      const auto& codes = found.categories.codes;
      const auto& labels = found.categories.labels;
      for (std::size_t row = 0; row < codes.size(); ++row) {
        double ignored = 0;
        if (codes[row] >= 0 && !detail::parse_number(labels[codes[row]], ignored)) {
          throw invalid_input(errc::type_mismatch,
                              "column " + detail::quote(found.name) +
                                  " is not numeric: row " + std::to_string(row + 1) +
                                  " has the value " + detail::quote(labels[codes[row]]));
        }
      }
      throw invalid_input(errc::type_mismatch,
                          "column " + detail::quote(found.name) + " is not numeric");
    }
    numeric_view view;
    view.name = found.name;
    view.values = found.numbers.data();
    view.size = found.numbers.size();
    return view;
  }

  /// @brief Appends a column.
  /// @throws invalid_input: errc::invalid_argument for an empty or duplicate name, codes outside
  /// the categories, or numbers on a non-numeric column; errc::length_mismatch if the column's
  /// length differs from the dataset's (or its numbers from its codes).
  void add_column(dataset_column column) {
    if (column.name.empty()) {
      throw invalid_input(errc::invalid_argument, "a column needs a non-empty name");
    }
    if (has_column(column.name)) {
      throw invalid_input(errc::invalid_argument,
                          "the dataset already has a column " + detail::quote(column.name));
    }
    const std::size_t length = column.categories.codes.size();
    if (!columns_.empty() && length != n_rows_) {
      throw invalid_input(errc::length_mismatch,
                          "column " + detail::quote(column.name) + " has " +
                              std::to_string(length) + " rows, the dataset has " +
                              std::to_string(n_rows_));
    }
    if (column.numeric && column.numbers.size() != length) {
      throw invalid_input(errc::length_mismatch,
                          "column " + detail::quote(column.name) + " has " +
                              std::to_string(column.numbers.size()) + " numbers but " +
                              std::to_string(length) + " category codes");
    }
    if (!column.numeric && !column.numbers.empty()) {
      throw invalid_input(errc::invalid_argument, "column " + detail::quote(column.name) +
                                                      " has numbers but is not marked numeric");
    }
    if (column.categories.labels.size() >
        static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
      throw invalid_input(errc::too_many_categories,
                          "column " + detail::quote(column.name) + " has too many categories");
    }
    column.categories.name = column.name;
    validate(column.categories.view());
    if (columns_.empty()) n_rows_ = length;
    columns_.push_back(std::move(column));
  }

 private:
  const dataset_column* find(std::string_view name) const noexcept {
    for (const auto& column : columns_) {
      if (column.name == name) return &column;
    }
    return nullptr;
  }

  std::vector<dataset_column> columns_;
  std::size_t n_rows_ = 0;
};

}  // namespace sdc::io
