// SPDX-License-Identifier: MIT
/// @file suda2.hpp
/// @brief SUDA2: minimal sample uniques (MSUs) per record, SUDA scores and DIS-SUDA.
///
/// An *item* is a (variable = value) pair of a record; an *itemset* of record i on a set S of
/// key variables is {(v, x_iv) : v in S}. It is a *sample unique* when no other record has the
/// same values on S, and a *minimal sample unique* (MSU) when moreover no proper subset of it is
/// a sample unique (Elliot et al. 2002; Manning, Haglin & Keane 2008). A missing value never
/// forms part of an MSU: an itemset exists only on variables where the record is not missing,
/// and a missing value matches no value (the `never` missing-value semantics of
/// frequencies.hpp).
///
/// The search (see docs/suda2.md and detail::suda2_search) visits the subsets S of the key
/// variables depth first in an order where every subset is visited before its supersets,
/// keeping on the current path only the partition of the distinct rows that are not yet unique
/// (a row unique on S is unique on every superset of S, and never shares a superset's values
/// with another row, so it can be dropped from the partition). A row found unique on S is an
/// MSU there unless an MSU found earlier for the same row is a subset of S. For a fixed number
/// of variables the cost is linear in the number of records, plus a small cost per MSU.
#pragma once

#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "sdc/core/column_view.hpp"
#include "sdc/core/error.hpp"
#include "sdc/risk/grouping.hpp"

namespace sdc {

/// @brief How an MSU of size k among M key variables is weighted in a record's SUDA score.
enum class suda_weighting {
  elliot,  ///< `(M - k)!` (Elliot et al.; sdcMicro's default `original_scores = TRUE`)
  ihsn     ///< `(2^(M - k) - 1) / C(M, k)` (the older IHSN implementation)
};

/// @brief Stable name of a weighting: "elliot" or "ihsn".
inline constexpr std::string_view to_string(suda_weighting weighting) noexcept {
  switch (weighting) {
    case suda_weighting::elliot: return "elliot";
    case suda_weighting::ihsn: return "ihsn";
  }
  return "elliot";
}

/// @brief Parses "elliot" or "ihsn".
/// @throws invalid_input (errc::invalid_argument) for any other name.
inline suda_weighting suda_weighting_from_string(std::string_view name) {
  if (name == "elliot") return suda_weighting::elliot;
  if (name == "ihsn") return suda_weighting::ihsn;
  throw invalid_input(errc::invalid_argument,
                      "unknown SUDA weighting '" + std::string(name) + "' (expected elliot or ihsn)");
}

/// @brief Options of suda2().
struct suda2_options {
  /// Largest MSU size searched for (>= 1). MSUs of larger size are neither counted nor scored.
  /// The default (no limit) searches all sizes up to the number of key variables, as sdcMicro.
  std::size_t max_msu_size = std::numeric_limits<std::size_t>::max();
  /// Weight of an MSU in the record's score.
  suda_weighting weighting = suda_weighting::elliot;
  /// DIS-SUDA sampling fraction parameter `f` (sdcMicro's DisFraction), in (0, 1].
  double dis_fraction = 0.01;
  /// Reproduce sdcMicro's deviation from the definition: with fewer than 3 key variables it
  /// adds constant dummy variables, so the weights and DIS-SUDA use M = 3 (docs/suda2.md).
  bool sdcmicro_compatible = false;

  /// @brief The defaults, for bindings that must not re-list them.
  static suda2_options defaults() { return suda2_options{}; }
};

/// @brief Result of suda2(). Records and variables are in input order.
struct suda2_result {
  std::vector<std::string> variables;  ///< key variable names
  std::size_t max_msu_size = 0;        ///< the MSU size limit actually used (<= variables.size())
  Eigen::VectorXd score;               ///< per record: sum of the weights of its MSUs
  Eigen::VectorXd dis_score;           ///< per record: DIS-SUDA score in [0, 1]
  /// Per record (row) and variable (column): sum of the weights of the record's MSUs that
  /// contain the variable (an MSU of size k counts fully towards each of its k variables, so a
  /// row sums to more than the score when MSUs have several variables). sdcMicro's
  /// contributionPercent is this divided by the record's score.
  Eigen::MatrixXd record_contribution;
  /// Per record (row) and MSU size k = 1..max_msu_size (column k-1): number of MSUs.
  Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic> msu_count;
  /// Per variable: share in [0, 1] of the total score coming from MSUs that contain it,
  /// i.e. the column sum of record_contribution divided by the sum of scores (0 if no MSU).
  /// Shares sum to more than 1 when MSUs have several variables. sdcMicro reports 100 times
  /// this value (percent).
  std::vector<double> attribute_contribution;
  double total_score = 0;                  ///< sum of the scores
  std::int64_t records_in_pairs = 0;       ///< DIS-SUDA's P: records whose full key has fk == 2
  std::int64_t n_msus = 0;                 ///< total number of MSUs found

  /// @brief attribute_contribution of the variable called `name`.
  /// @throws invalid_input (errc::unknown_column) if no key variable has that name.
  double attribute_contribution_of(std::string_view name) const {
    for (std::size_t v = 0; v < variables.size(); ++v) {
      if (variables[v] == name) return attribute_contribution[v];
    }
    throw invalid_input(errc::unknown_column,
                        "'" + std::string(name) + "' is not one of the SUDA2 key variables");
  }
};

/// @brief Weight of an MSU of size k among m key variables.
inline double suda_weight(suda_weighting weighting, std::size_t m, std::size_t k) {
  if (k < 1 || k > m) {
    throw invalid_input(errc::invalid_argument, "MSU size " + std::to_string(k) +
                                                    " outside 1.." + std::to_string(m));
  }
  const std::size_t d = m - k;
  if (weighting == suda_weighting::elliot) {
    double f = 1;
    for (std::size_t i = 2; i <= d; ++i) f *= static_cast<double>(i);
    return f;
  }
  // C(m, k) computed as a product of ratios: exact for the sizes that occur in practice.
  double binom = 1;
  for (std::size_t i = 1; i <= k; ++i) {
    binom = binom * static_cast<double>(m - k + i) / static_cast<double>(i);
  }
  binom = std::round(binom);
  return (std::ldexp(1.0, static_cast<int>(d)) - 1) / binom;
}

namespace detail {

/// Hints the processor to fetch memory that is about to be used (no effect elsewhere).
inline void prefetch(const void* address) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(address);
#else
  (void)address;
#endif
}

/// Index of the lowest set bit of a non-zero word.
inline std::size_t lowest_bit(std::uint64_t word) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  return static_cast<std::size_t>(__builtin_ctzll(word));
#else
  std::size_t index = 0;
  while (((word >> index) & 1U) == 0) ++index;
  return index;
#endif
}

/// Index of the highest set bit of a non-zero word.
inline std::size_t highest_bit(std::uint64_t word) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  return 63 - static_cast<std::size_t>(__builtin_clzll(word));
#else
  std::size_t index = 63;
  while (((word >> index) & 1U) == 0) --index;
  return index;
#endif
}

/// How the search tests that a row found unique on a set S has no unique proper subset (all
/// proper subsets of S were visited before S).
enum class minimality_test {
  automatic,  ///< closure up to 14 variables, then prefixes; lists above the memory budget
  closure,    ///< per row, a bit per subset: set on every superset of each MSU found. 1 lookup
  prefixes,   ///< per row, a bit per subset where the row was found unique; a subset T of S is
              ///< unique iff one of its prefixes (in rank order) has the bit. O(|S|^2) lookups
  lists       ///< per row, the list of its MSUs (no 2^M memory; cost grows with the MSUs)
};

/// Tuning of the search (tests force each minimality test).
struct suda2_tuning {
  minimality_test test = minimality_test::automatic;
  /// Above this many bytes of per-row subset bitsets, `automatic` uses lists.
  std::size_t bitset_budget = std::size_t{1} << 30;
};

/// MSUs found by the search, accumulated per "slot" (a row that occurs once in the data, the
/// only kind of row that can be unique).
struct msu_tally {
  std::vector<std::size_t> record_of_slot;  ///< the record of each slot
  std::vector<std::int32_t> count;          ///< slot-major: [slot * depth + (k - 1)]
  std::vector<double> contribution;         ///< slot-major: [slot * m + variable]
  std::int64_t n_msus = 0;
};

/// The depth-first MSU search over the distinct rows of the data (see docs/suda2.md).
///
/// Variables are used in "rank" order, highest cardinality first. A node of the search is a
/// set S of ranks; its children add one rank above max(S), visited in decreasing order, so that
/// every subset of a set is visited before the set. A node keeps the partition, by their values
/// on S, of the rows not yet unique on S (groups of one row are unique: candidates). Two
/// observations keep the partitions small:
/// * the subtree of S only looks at the ranks in S and above max(S), so rows of a group that
///   are equal on the ranks above max(S) can be merged into one "dead" row (it counts for the
///   others but is never unique again); rows are kept sorted with the highest rank most
///   significant, so such rows are adjacent;
/// * a group without a live row (a row occurring once and not merged) cannot yield an MSU and
///   is dropped, as is a group reduced to one row.
/// Codes are stored row-major in the narrowest type that holds them (`Code`), padded to 8
/// bytes, and each node keeps its rows physically grouped: refining reads memory sequentially.
template <class Code>
class suda2_search {
 public:
  static constexpr Code missing = std::numeric_limits<Code>::max();

  /// @param rows the distinct rows of the data (group_by_keys on every key)
  /// @param weight weight of an MSU by size (index k)
  suda2_search(const std::vector<categorical_view>& keys, const key_grouping& rows,
               const std::vector<std::size_t>& variable_of_rank, std::size_t depth_limit,
               const std::vector<double>& weight, const suda2_tuning& tuning)
      : m_(keys.size()),
        stride_((keys.size() * sizeof(Code) + 7) / 8 * 8 / sizeof(Code)),
        words_per_row_(stride_ * sizeof(Code) / 8),
        depth_limit_(depth_limit),
        variable_of_rank_(variable_of_rank),
        weight_(weight) {
    const std::size_t n_rows = rows.n_groups();
    std::int32_t max_categories = 0;
    for (const auto& key : keys) max_categories = std::max(max_categories, key.n_categories);
    // Distinct rows, codes in rank order, missing as the largest code.
    std::vector<Code> codes(n_rows * stride_, 0);
    for (std::size_t g = 0; g < n_rows; ++g) {
      for (std::size_t rank = 0; rank < m_; ++rank) {
        const std::int32_t c = keys[variable_of_rank_[rank]].category(rows.first_record[g]);
        codes[g * stride_ + rank] = c == missing_category ? missing : static_cast<Code>(c);
      }
    }
    // Sort them with the highest rank most significant (LSD radix sort, missing last).
    std::vector<std::size_t> order(n_rows), next(n_rows);
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t rank = 0; rank < m_; ++rank) {
      const std::size_t radix = static_cast<std::size_t>(max_categories) + 1;
      std::vector<std::size_t> start(radix + 1, 0);
      auto bucket = [&](std::size_t g) {
        const Code c = codes[g * stride_ + rank];
        return c == missing ? radix - 1 : static_cast<std::size_t>(c);
      };
      for (const std::size_t g : order) ++start[bucket(g) + 1];
      std::partial_sum(start.begin(), start.end(), start.begin());
      for (const std::size_t g : order) next[start[bucket(g)]++] = g;
      order.swap(next);
    }
    levels_.resize(depth_limit_);
    level& root = levels_[0];
    root.codes.resize(n_rows * stride_);
    root.slots.resize(n_rows);
    root.bounds = {0, static_cast<std::int32_t>(n_rows)};
    for (std::size_t i = 0; i < n_rows; ++i) {
      const std::size_t g = order[i];
      std::copy_n(codes.data() + g * stride_, stride_, root.codes.data() + i * stride_);
      if (rows.group_size[g] == 1) {
        root.slots[i] = static_cast<std::int32_t>(tally_.record_of_slot.size());
        tally_.record_of_slot.push_back(rows.first_record[g]);
      } else {
        root.slots[i] = -1;
      }
    }
    const std::size_t slots = tally_.record_of_slot.size();
    tally_.count.assign(slots * depth_limit_, 0);
    tally_.contribution.assign(slots * m_, 0.0);
    // Per rank w: the bytes of a row holding the ranks above w.
    above_.assign(m_ * words_per_row_, 0);
    for (std::size_t w = 0; w < m_; ++w) {
      for (std::size_t rank = w + 1; rank < m_; ++rank) {
        for (std::size_t b = 0; b < sizeof(Code); ++b) {
          const std::size_t byte = rank * sizeof(Code) + b;
          above_[w * words_per_row_ + byte / 8] |= std::uint64_t{0xFF} << (8 * (byte % 8));
        }
      }
    }
    stamp_.assign(static_cast<std::size_t>(max_categories), 0);
    count_.assign(static_cast<std::size_t>(max_categories), 0);
    offset_.assign(static_cast<std::size_t>(max_categories), 0);
    words_ = m_ <= 6 ? 1 : std::size_t{1} << std::min<std::size_t>(m_ - 6, 40);
    test_ = tuning.test;
    if (test_ == minimality_test::automatic) {
      const bool fits = m_ <= 40 && words_ * sizeof(std::uint64_t) <=
                                        tuning.bitset_budget / std::max<std::size_t>(slots, 1);
      // Setting every superset of an MSU costs up to 2^(M-6) words: beyond 14 variables,
      // testing the prefixes of the subsets is cheaper.
      test_ = !fits ? minimality_test::lists
                    : m_ <= 14 ? minimality_test::closure : minimality_test::prefixes;
    }
    if (test_ == minimality_test::closure || test_ == minimality_test::prefixes) {
      bits_.assign(slots * words_, 0);
      for (std::uint64_t low = 0; low < 64; ++low) {
        std::uint64_t pattern = 0;
        for (std::uint64_t t = 0; t < 64; ++t) {
          if ((t & low) == low) pattern |= std::uint64_t{1} << t;
        }
        superset_pattern_[low] = pattern;
      }
    } else {
      first_msu_.assign(slots, -1);
    }
  }

  /// Runs the search and returns the MSUs found, per slot.
  msu_tally run() && {
    if (!tally_.record_of_slot.empty()) visit(0, 0, -1);
    return std::move(tally_);
  }

 private:
  struct level {
    std::vector<Code> codes;            // rows (stride_ codes each), grouped by their values
    std::vector<std::int32_t> slots;    // slot of each row, -1 for a dead row
    std::vector<std::int32_t> bounds;   // group g is rows [bounds[g], bounds[g+1])
  };

  void visit(std::size_t depth, std::uint64_t mask, int last_rank) {
    // Children in decreasing rank: with this preorder every subset of a set is visited first.
    for (int w = static_cast<int>(m_) - 1; w > last_rank; --w) {
      const std::uint64_t child = mask | (std::uint64_t{1} << w);
      const bool leaf = w == static_cast<int>(m_) - 1 || depth + 1 == depth_limit_;
      level* out = leaf ? nullptr : &levels_[depth + 1];
      // Rows of a child group are distinct on the ranks above last_rank: merging can only
      // happen when ranks were skipped.
      const bool merge = w > last_rank + 1;
      refine(levels_[depth], static_cast<std::size_t>(w), child, depth + 1, out, merge);
      if (out != nullptr && !out->slots.empty()) visit(depth + 1, child, w);
    }
  }

  void copy_row(level& out, std::size_t to, const level& in, std::size_t from) const {
    auto* dst = reinterpret_cast<unsigned char*>(out.codes.data() + to * stride_);
    const auto* src = reinterpret_cast<const unsigned char*>(in.codes.data() + from * stride_);
    for (std::size_t b = 0; b < words_per_row_ * 8; b += 8) std::memcpy(dst + b, src + b, 8);
  }

  bool equal_above(const level& lv, std::size_t a, std::size_t b, std::size_t w) const {
    const auto* ra = reinterpret_cast<const unsigned char*>(lv.codes.data() + a * stride_);
    const auto* rb = reinterpret_cast<const unsigned char*>(lv.codes.data() + b * stride_);
    for (std::size_t k = 0; k < words_per_row_; ++k) {
      std::uint64_t x = 0, y = 0;
      std::memcpy(&x, ra + 8 * k, 8);
      std::memcpy(&y, rb + 8 * k, 8);
      if ((x ^ y) & above_[w * words_per_row_ + k]) return false;
    }
    return true;
  }

  /// Compacts the child group out[begin, end): merges adjacent rows equal above rank w (when
  /// `merge`), then keeps the group only if it has two rows or more and a live one.
  void close_group(level& out, std::size_t begin, std::size_t end, std::size_t w, bool merge) {
    const std::size_t group_start = written_;
    std::size_t kept = group_start;  // rows [group_start, kept) are the compacted group
    for (std::size_t r = begin; r < end; ++r) {
      if (merge && kept > group_start && equal_above(out, kept - 1, r, w)) {
        out.slots[kept - 1] = -1;
        continue;
      }
      if (kept != r) {
        out.slots[kept] = out.slots[r];
        copy_row(out, kept, out, r);
      }
      ++kept;
    }
    bool live = false;
    for (std::size_t r = group_start; r < kept && !live; ++r) live = out.slots[r] >= 0;
    if (kept - group_start >= 2 && live) {
      written_ = kept;
      out.bounds.push_back(static_cast<std::int32_t>(written_));
    }
  }

  /// Splits every group of `in` by the values of rank `w`: rows alone in their new group are
  /// unique on `mask`; the others go to `out` (when the child has children). Rows missing on
  /// `w` leave: no itemset on `mask` exists for them.
  void refine(const level& in, std::size_t w, std::uint64_t mask, std::size_t size, level* out,
              bool merge) {
    if (out != nullptr) {
      out->codes.clear();
      out->slots.clear();
      out->bounds.assign(1, 0);
      written_ = 0;
    }
    const std::size_t n_groups = in.bounds.size() - 1;
    for (std::size_t g = 0; g < n_groups; ++g) {
      const auto begin = static_cast<std::size_t>(in.bounds[g]);
      const auto end = static_cast<std::size_t>(in.bounds[g + 1]);
      const Code* codes = in.codes.data() + begin * stride_ + w;
      if (end - begin == 2) {  // most groups deep in the search are pairs
        const Code c0 = codes[0];
        const Code c1 = codes[stride_];
        if (c0 == c1 && c0 != missing) {
          const bool live = in.slots[begin] >= 0 || in.slots[begin + 1] >= 0;
          if (out != nullptr && live && !(merge && equal_above(in, begin, begin + 1, w))) {
            for (std::size_t r = begin; r < begin + 2; ++r) {
              out->slots.push_back(in.slots[r]);
              out->codes.resize(out->codes.size() + stride_);
              copy_row(*out, out->slots.size() - 1, in, r);
            }
            written_ = out->slots.size();
            out->bounds.push_back(static_cast<std::int32_t>(written_));
          }
        } else {
          if (c0 != missing) candidate(in.slots[begin], mask, size);
          if (c1 != missing) candidate(in.slots[begin + 1], mask, size);
        }
        continue;
      }
      ++epoch_;
      touched_.clear();
      for (std::size_t j = 0; j < end - begin; ++j) {
        const Code c = codes[j * stride_];
        if (c == missing) continue;
        if (stamp_[c] != epoch_) {
          stamp_[c] = epoch_;
          count_[c] = 0;
          touched_.push_back(c);
        }
        ++count_[c];
      }
      bool any_single = false;
      std::size_t position = written_;
      for (const Code c : touched_) {
        if (count_[c] < 2) {
          any_single = true;
          continue;
        }
        offset_[c] = static_cast<std::int32_t>(position);
        position += static_cast<std::size_t>(count_[c]);
      }
      if (out == nullptr && !any_single) continue;
      if (out != nullptr) {
        out->slots.resize(position);
        out->codes.resize(position * stride_);
      }
      for (std::size_t j = 0; j < end - begin; ++j) {
        const Code c = codes[j * stride_];
        if (c == missing) continue;
        if (count_[c] == 1) {
          candidate(in.slots[begin + j], mask, size);
        } else if (out != nullptr) {
          const auto to = static_cast<std::size_t>(offset_[c]++);
          out->slots[to] = in.slots[begin + j];
          copy_row(*out, to, in, begin + j);
        }
      }
      if (out != nullptr) {
        // offset_[c] now ends each new group: close them in layout order.
        std::size_t group_begin = written_;
        for (const Code c : touched_) {
          if (count_[c] < 2) continue;
          const auto group_end = static_cast<std::size_t>(offset_[c]);
          close_group(*out, group_begin, group_end, w, merge);
          group_begin = group_end;
        }
        out->slots.resize(written_);
        out->codes.resize(written_ * stride_);
      }
    }
    flush();
  }

  /// Queues a row found unique on `mask` (and on no prefix of it). Candidates of one node
  /// concern distinct rows and are independent, so they are checked in batches, with their
  /// memory prefetched: the per-slot data is accessed in random order.
  void candidate(std::int32_t slot, std::uint64_t mask, std::size_t size) {
    if (slot < 0) return;  // a dead row: never unique
    const auto s = static_cast<std::size_t>(slot);
    if (!bits_.empty()) prefetch(bits_.data() + s * words_ + (mask >> 6));
    pending_[n_pending_++] = s;
    pending_mask_ = mask;
    pending_size_ = size;
    if (n_pending_ == pending_.size()) flush();
  }

  /// Checks the queued candidates, then tallies the MSUs among them (whose tallies were
  /// prefetched in between: most rejected candidates never touch them).
  void flush() {
    std::size_t n_msus = 0;
    for (std::size_t i = 0; i < n_pending_; ++i) {
      const std::size_t s = pending_[i];
      if (!is_msu(s, pending_mask_)) continue;
      prefetch(tally_.count.data() + s * depth_limit_);
      prefetch(tally_.contribution.data() + s * m_);
      pending_[n_msus++] = s;
    }
    for (std::size_t i = 0; i < n_msus; ++i) tally(pending_[i], pending_mask_, pending_size_);
    n_pending_ = 0;
  }

  bool bit(std::size_t s, std::uint64_t subset) const {
    return (bits_[s * words_ + (subset >> 6)] >> (subset & 63)) & 1U;
  }

  /// The row of slot `s` is unique on `mask` and on no prefix of it: an MSU unless an MSU
  /// found earlier for it (every subset of `mask` was visited before) is a subset of `mask`.
  /// Records the finding for the later tests.
  bool is_msu(std::size_t s, std::uint64_t mask) {
    if (test_ == minimality_test::closure) {
      // Bit T is set when an MSU found so far is a subset of T.
      if (bit(s, mask)) return false;
      std::uint64_t* words = bits_.data() + s * words_;
      const std::uint64_t pattern = superset_pattern_[mask & 63];
      const std::uint64_t high = mask >> 6;
      for (std::uint64_t h = high; h < words_; h = (h + 1) | high) words[h] |= pattern;
    } else if (test_ == minimality_test::prefixes) {
      // Bit T is set when the row was found unique on T. The row was in the partition of every
      // node on the path to T until it became unique, so it is unique on T exactly when some
      // prefix of T (T's lowest ranks, an ancestor of T in the search) has the bit. The subsets
      // to test are mask minus one rank u below the top one; their prefixes below u are
      // ancestors of mask, on which the row is not unique.
      bits_[s * words_ + (mask >> 6)] |= std::uint64_t{1} << (mask & 63);
      const std::uint64_t top = std::uint64_t{1} << highest_bit(mask);
      for (std::uint64_t rest = mask & ~top; rest != 0; rest &= rest - 1) {
        const std::uint64_t u = rest & (~rest + 1);
        const std::uint64_t subset = mask & ~u;
        std::uint64_t prefix = mask & (u - 1);
        for (std::uint64_t above = subset & ~(u - 1); above != 0; above &= above - 1) {
          prefix |= above & (~above + 1);
          if (bit(s, prefix)) return false;
        }
      }
    } else {
      for (std::int64_t e = first_msu_[s]; e >= 0; e = msu_next_[static_cast<std::size_t>(e)]) {
        const std::uint64_t found = msu_mask_[static_cast<std::size_t>(e)];
        if ((found & mask) == found) return false;
      }
      msu_mask_.push_back(mask);
      msu_next_.push_back(first_msu_[s]);
      first_msu_[s] = static_cast<std::int64_t>(msu_mask_.size()) - 1;
    }
    return true;
  }

  void tally(std::size_t s, std::uint64_t mask, std::size_t size) {
    ++tally_.n_msus;
    ++tally_.count[s * depth_limit_ + size - 1];
    double* contribution = tally_.contribution.data() + s * m_;
    const double w = weight_[size];
    for (std::uint64_t bits = mask; bits != 0; bits &= bits - 1) {
      contribution[variable_of_rank_[lowest_bit(bits)]] += w;
    }
  }

  std::size_t m_;
  std::size_t stride_;         // codes per row, a multiple of 8 bytes
  std::size_t words_per_row_;  // 8-byte words per row
  std::size_t depth_limit_;
  std::vector<std::size_t> variable_of_rank_;
  std::vector<double> weight_;
  std::vector<level> levels_;  // levels_[d]: partition of the node at depth d on the path
  std::vector<std::uint64_t> above_;
  std::vector<std::uint64_t> stamp_;
  std::vector<std::int32_t> count_;
  std::vector<std::int32_t> offset_;
  std::vector<Code> touched_;
  std::uint64_t epoch_ = 0;
  std::size_t written_ = 0;  // rows of the child level kept so far
  std::array<std::size_t, 16> pending_{};  // candidate slots of the current node
  std::size_t n_pending_ = 0;
  std::uint64_t pending_mask_ = 0;
  std::size_t pending_size_ = 0;
  msu_tally tally_;
  // MSUs found so far per slot (see minimality_test): bitsets over all subsets, or, when
  // those would take too much memory, linked lists of masks.
  minimality_test test_ = minimality_test::automatic;
  std::size_t words_ = 1;
  std::vector<std::uint64_t> bits_;
  std::uint64_t superset_pattern_[64] = {};
  std::vector<std::int64_t> first_msu_;
  std::vector<std::uint64_t> msu_mask_;
  std::vector<std::int64_t> msu_next_;
};

/// Runs the search with the narrowest code type. `rows` is group_by_keys(keys).
inline msu_tally find_msus(const std::vector<categorical_view>& keys, const key_grouping& rows,
                           std::size_t depth_limit, const std::vector<double>& weight,
                           const suda2_tuning& tuning) {
  const std::size_t m = keys.size();
  std::vector<std::int32_t> present_categories(m);
  std::int32_t max_categories = 0;
  for (std::size_t v = 0; v < m; ++v) {
    std::vector<char> seen(static_cast<std::size_t>(keys[v].n_categories), 0);
    for (const std::size_t record : rows.first_record) {
      const std::int32_t c = keys[v].category(record);
      if (c != missing_category) seen[static_cast<std::size_t>(c)] = 1;
    }
    present_categories[v] = static_cast<std::int32_t>(std::count(seen.begin(), seen.end(), 1));
    max_categories = std::max(max_categories, keys[v].n_categories);
  }
  std::vector<std::size_t> variable_of_rank(m);
  std::iota(variable_of_rank.begin(), variable_of_rank.end(), std::size_t{0});
  std::stable_sort(variable_of_rank.begin(), variable_of_rank.end(),
                   [&](std::size_t a, std::size_t b) {
                     return present_categories[a] > present_categories[b];
                   });
  if (max_categories < 0xFF) {
    return suda2_search<std::uint8_t>(keys, rows, variable_of_rank, depth_limit, weight, tuning)
        .run();
  }
  if (max_categories < 0xFFFF) {
    return suda2_search<std::uint16_t>(keys, rows, variable_of_rank, depth_limit, weight, tuning)
        .run();
  }
  return suda2_search<std::uint32_t>(keys, rows, variable_of_rank, depth_limit, weight, tuning)
      .run();
}

/// suda2() with explicit tuning (tests force each minimality test).
inline suda2_result suda2_impl(const std::vector<categorical_view>& keys,
                               const suda2_options& options, const suda2_tuning& tuning) {
  if (keys.empty()) {
    throw invalid_input(errc::invalid_argument, "SUDA2 needs at least one key variable");
  }
  if (keys.size() > 64) {
    throw invalid_input(errc::invalid_argument,
                        "SUDA2 supports at most 64 key variables, got " +
                            std::to_string(keys.size()));
  }
  if (options.max_msu_size == 0) {
    throw invalid_input(errc::invalid_argument, "max_msu_size must be at least 1");
  }
  if (!(options.dis_fraction > 0 && options.dis_fraction <= 1)) {
    throw invalid_input(errc::invalid_argument, "dis_fraction must be in (0, 1], got " +
                                                    std::to_string(options.dis_fraction));
  }
  const std::size_t n = keys.front().size;
  if (n > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    throw invalid_input(errc::too_many_categories, "SUDA2 supports fewer than 2^31 records");
  }
  // Validates lengths and codes; its classes are the distinct rows, searched instead of the
  // records (a row occurring twice or more is never unique, but makes the others non-unique).
  const key_grouping rows = group_by_keys(keys);
  const std::size_t m = keys.size();
  const std::size_t depth = std::min(options.max_msu_size, m);

  suda2_result result;
  result.max_msu_size = depth;
  for (const auto& key : keys) result.variables.push_back(key.name);
  result.score = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
  result.dis_score = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
  result.record_contribution =
      Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(m));
  result.msu_count = Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic>::Zero(
      static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(depth));
  result.attribute_contribution.assign(m, 0.0);

  std::vector<double> weight(m + 1, 0.0);
  // sdcMicro pads the data to 3 variables with constant dummies: no MSU changes, but M does.
  const std::size_t m_weights = options.sdcmicro_compatible ? std::max<std::size_t>(m, 3) : m;
  for (std::size_t k = 1; k <= m; ++k) weight[k] = suda_weight(options.weighting, m_weights, k);

  const msu_tally tally = find_msus(keys, rows, depth, weight, tuning);
  result.n_msus = tally.n_msus;
  for (std::size_t slot = 0; slot < tally.record_of_slot.size(); ++slot) {
    const auto row = static_cast<Eigen::Index>(tally.record_of_slot[slot]);
    double score = 0;
    for (std::size_t k = 1; k <= depth; ++k) {
      const std::int32_t count = tally.count[slot * depth + k - 1];
      result.msu_count(row, static_cast<Eigen::Index>(k - 1)) = count;
      score += count * weight[k];
    }
    result.score[row] = score;
    for (std::size_t v = 0; v < m; ++v) {
      result.record_contribution(row, static_cast<Eigen::Index>(v)) = tally.contribution[slot * m + v];
    }
  }

  result.total_score = result.score.sum();
  if (result.total_score > 0) {
    for (std::size_t v = 0; v < m; ++v) {
      result.attribute_contribution[v] =
          result.record_contribution.col(static_cast<Eigen::Index>(v)).sum() / result.total_score;
    }
  }

  // DIS-SUDA (methods.md 3.5).
  for (const std::int64_t size : rows.group_size) {
    if (size == 2) result.records_in_pairs += 2;
  }
  const double q = 1.0 + (8.0 - static_cast<double>(m_weights)) / 20.0;
  double inverse_sum = 0;
  for (Eigen::Index i = 0; i < result.score.size(); ++i) {
    if (result.score[i] > 0) inverse_sum += std::pow(result.score[i], -q);
  }
  const double f = options.dis_fraction;
  const double pairs = static_cast<double>(result.records_in_pairs);
  for (Eigen::Index i = 0; i < result.score.size(); ++i) {
    const double s = result.score[i];
    if (!(s > 0)) continue;
    result.dis_score[i] =
        pairs == 0 ? 1.0 : 1.0 / (1.0 + pairs * (1 - f) / (f * std::pow(s, q) * inverse_sum));
  }
  return result;
}

}  // namespace detail

/// @brief Minimal sample uniques, SUDA scores, DIS-SUDA scores and contributions.
///
/// @param keys the key (quasi-identifying) variables, 1 to 64 columns of equal length
/// @param options see suda2_options
/// @return per-record scores, DIS scores, MSU counts by size and per-variable contributions
/// @throws invalid_input errc::invalid_argument (no keys, more than 64 keys, bad codes,
///         max_msu_size 0, dis_fraction outside (0, 1]), errc::length_mismatch (columns of
///         different lengths), errc::too_many_categories (2^31 records or more)
inline suda2_result suda2(const std::vector<categorical_view>& keys,
                          const suda2_options& options = {}) {
  return detail::suda2_impl(keys, options, detail::suda2_tuning{});
}

}  // namespace sdc
