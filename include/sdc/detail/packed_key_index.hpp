// SPDX-License-Identifier: MIT
/// @file packed_key_index.hpp
/// @brief Internal: an open-addressing hash index of fixed-width bit-packed keys (one or more
/// 64-bit words), numbering distinct keys 0, 1, 2, ... in order of first insertion.
///
/// Used by the lattice search (grouping rows of a class table at a generalisation) and by local
/// suppression (counts of projections of keys). Keys are compared word by word, so the index is
/// exact whatever the number of key variables; a one-word key (the common case) takes a short
/// path.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sdc::detail {

/// @brief Bit widths of a mixed set of fields packed into 64-bit words, and the packing itself.
struct bit_packer {
  std::vector<std::uint32_t> width;  ///< bits of each field
  std::vector<std::uint32_t> word;   ///< word of each field's lowest bit
  std::vector<std::uint32_t> shift;  ///< position of each field's lowest bit in its word
  std::vector<bool> straddles;       ///< field continues into the next word
  std::size_t words = 1;             ///< words per key

  /// Number of bits needed to hold values 0 .. max_value.
  static std::uint32_t bits_for(std::uint64_t max_value) noexcept {
    std::uint32_t bits = 1;
    while (bits < 64 && (max_value >> bits) != 0) ++bits;
    return bits;
  }

  /// Lays out fields able to hold 0 .. max_value[f] each, one after the other.
  void layout(const std::vector<std::uint64_t>& max_value) {
    const std::size_t n = max_value.size();
    width.resize(n);
    word.resize(n);
    shift.resize(n);
    straddles.assign(n, false);
    std::size_t position = 0;
    for (std::size_t f = 0; f < n; ++f) {
      width[f] = bits_for(max_value[f]);
      word[f] = static_cast<std::uint32_t>(position / 64);
      shift[f] = static_cast<std::uint32_t>(position % 64);
      straddles[f] = shift[f] + width[f] > 64;
      position += width[f];
    }
    words = position == 0 ? 1 : (position + 63) / 64;
  }

  /// ORs value into field f of key (key has `words` words, zeroed beforehand).
  void put(std::uint64_t* key, std::size_t f, std::uint64_t value) const noexcept {
    key[word[f]] |= value << shift[f];
    if (straddles[f]) key[word[f] + 1] |= value >> (64 - shift[f]);
  }
};

/// @brief Distinct keys of `words` 64-bit words each, numbered in order of first insertion.
class packed_key_index {
 public:
  /// @brief Empties the index and sets the key width; makes room for `expected` keys.
  void reset(std::size_t words, std::size_t expected) {
    clear();  // with the old width, which locates the slots in use
    words_ = words == 0 ? 1 : words;
    std::size_t capacity = 16;
    while (capacity < 2 * expected) capacity *= 2;
    // Exactly this capacity (growing as needed): a table much larger than its keys would spread
    // them over memory that does not stay in the cache.
    if (slots_.size() != capacity) slots_.assign(capacity, slot{});
    keys_.reserve(expected * words_);
  }

  /// @brief Empties the index, keeping its width and memory.
  void clear() {
    if (size_ > 0) {
      // Reset only the slots in use when the table is sparse, otherwise all of them.
      if (size_ * 8 < slots_.size()) {
        for (std::size_t id = 0; id < size_; ++id) slots_[slot_of_id_[id]].id = -1;
      } else {
        std::fill(slots_.begin(), slots_.end(), slot{});
      }
    }
    keys_.clear();
    slot_of_id_.clear();
    size_ = 0;
  }

  /// @brief Number of distinct keys.
  std::size_t size() const noexcept { return size_; }
  /// @brief Words per key.
  std::size_t words() const noexcept { return words_; }
  /// @brief The key numbered id.
  const std::uint64_t* key(std::size_t id) const noexcept { return &keys_[id * words_]; }

  /// @brief The number of key, inserting it if new.
  std::int32_t insert(const std::uint64_t* key) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    std::size_t position = hash(key) & mask;
    while (true) {
      const slot& s = slots_[position];
      if (s.id < 0) break;
      if (s.first == key[0] &&
          (words_ == 1 || equal(&keys_[static_cast<std::size_t>(s.id) * words_], key))) {
        return s.id;
      }
      position = (position + 1) & mask;
    }
    const auto id = static_cast<std::int32_t>(size_++);
    slots_[position] = slot{key[0], id};
    slot_of_id_.push_back(position);
    keys_.insert(keys_.end(), key, key + words_);
    return id;
  }

  /// @brief insert() for an index of one-word keys (words() == 1).
  std::int32_t insert_word(std::uint64_t key) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    std::size_t position = mix(key) & mask;
    while (true) {
      const slot& s = slots_[position];
      if (s.id < 0) break;
      if (s.first == key) return s.id;
      position = (position + 1) & mask;
    }
    const auto id = static_cast<std::int32_t>(size_++);
    slots_[position] = slot{key, id};
    slot_of_id_.push_back(position);
    keys_.push_back(key);
    return id;
  }

  /// @brief The number of key, or -1 if absent.
  std::int32_t find(const std::uint64_t* key) const noexcept {
    if (size_ == 0) return -1;
    const std::size_t mask = slots_.size() - 1;
    std::size_t position = hash(key) & mask;
    while (true) {
      const slot& s = slots_[position];
      if (s.id < 0) return -1;
      if (s.first == key[0] &&
          (words_ == 1 || equal(&keys_[static_cast<std::size_t>(s.id) * words_], key))) {
        return s.id;
      }
      position = (position + 1) & mask;
    }
  }

 private:
  static std::uint64_t mix(std::uint64_t x) noexcept {
    // splitmix64 finaliser: spreads packed codes (small, correlated integers) over all bits.
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
  }
  std::uint64_t hash(const std::uint64_t* key) const noexcept {
    std::uint64_t h = mix(key[0]);
    for (std::size_t w = 1; w < words_; ++w) h = mix(h ^ key[w]);
    return h;
  }
  bool equal(const std::uint64_t* a, const std::uint64_t* b) const noexcept {
    if (a[0] != b[0]) return false;
    for (std::size_t w = 1; w < words_; ++w) {
      if (a[w] != b[w]) return false;
    }
    return true;
  }
  void grow() {
    const std::size_t capacity = slots_.empty() ? 16 : slots_.size() * 2;
    slots_.assign(capacity, slot{});
    const std::size_t mask = capacity - 1;
    for (std::size_t id = 0; id < size_; ++id) {
      std::size_t position = hash(&keys_[id * words_]) & mask;
      while (slots_[position].id >= 0) position = (position + 1) & mask;
      slots_[position] = slot{keys_[id * words_], static_cast<std::int32_t>(id)};
      slot_of_id_[id] = position;
    }
  }

  struct slot {
    std::uint64_t first = 0;  // the key's first word (the whole key when words_ == 1)
    std::int32_t id = -1;     // -1: empty
  };
  std::size_t words_ = 1;
  std::vector<std::uint64_t> keys_;  // key of each id, back to back
  std::vector<slot> slots_;
  std::vector<std::size_t> slot_of_id_;  // slot of each id (to empty a sparse table quickly)
  std::size_t size_ = 0;
};

}  // namespace sdc::detail
