// SPDX-License-Identifier: MIT
/// @file lattice_search.hpp
/// @brief The minimal generalisations of a set of key variables meeting a privacy target: a
/// search over the lattice of generalisation levels (full-domain generalisation, as in ARX,
/// Flash and Incognito), with record suppression within a budget.
///
/// **Lattice.** Each key variable v has a hierarchy with levels 0 .. H_v - 1 (hierarchy.hpp). A
/// *node* gives one level per key; node A is below node B when every level of A is at most that
/// of B. Generalising merges classes of records, never splits them.
///
/// **Target** (privacy_target). A record is *at risk* at a node when its class has fk < k, or
/// its individual risk exceeds max_individual_risk. Records at risk are suppressed (removed from
/// the release) if there are at most max_suppressed_share * n of them; otherwise the node fails.
/// Then the expected re-identifications of the records kept must not exceed
/// max_expected_reidentifications. fk and the risks follow the missing-value semantics of
/// frequencies.hpp; the risk is 1/fk without weights and the individual risk of
/// individual_risk.hpp with them.
///
/// **Monotonicity and pruning.** fk can only grow when classes merge, so "fk >= k for all but at
/// most s records" is monotone: if a node satisfies it, every node above does; if a node fails,
/// every node below fails. The same holds for a maximum risk without weights (risk 1/fk). The
/// search (Flash-style: Kohlmayer et al. 2012) exploits this: nodes are visited by increasing
/// height; from an unknown node a path is built upwards and searched by bisection; a node found
/// to satisfy marks every node above it, a node found to fail every node below it. Weighted risks
/// and ER combined with suppression are not exactly monotone; pruning then assumes they are (as
/// ARX does for its risk models), and lattice_options::assume_monotone = false evaluates every
/// node instead.
///
/// **Reuse.** Records are grouped once into the classes of the lowest node (the *class table*:
/// thousands of rows instead of the records). A node is computed from the smallest class table
/// already computed for a node below it, by mapping each row's codes up the hierarchies and
/// merging equal rows (one hash pass over the table), never from the records. Tables smaller than
/// their base are kept (at most 512 tables and 64 MiB, least recently used evicted), and before a
/// node with keys at the top level is computed, the table with those keys at the top and the
/// others at the lowest level (a projection of the lowest node) is computed and kept: it is the
/// base of every node sharing those suppressed keys.
///
/// **Information loss** (lattice_node):
/// * generalisation_loss: the mean over key variables of level / (H_v - 1) (the height of the
///   level normalised per variable: 0 = original values, 1 = suppressed), the *Precision* of
///   Sweeney (2002);
/// * precision_loss: the same per record with a suppressed record counting as fully generalised:
///   ((n - s) * generalisation_loss + s) / n, s the records suppressed. The ranking metric;
/// * discernibility: sum over the classes kept of |E|^2, plus n for each suppressed record
///   (Bayardo & Agrawal 2005).
/// Minimal nodes are ranked by precision_loss, then records suppressed, then discernibility, then
/// levels (lexicographically), so the ranking is deterministic.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sdc/core/column_view.hpp"
#include "sdc/core/error.hpp"
#include "sdc/detail/packed_key_index.hpp"
#include "sdc/risk/frequencies.hpp"
#include "sdc/risk/grouping.hpp"
#include "sdc/risk/hierarchy.hpp"
#include "sdc/risk/individual_risk.hpp"

namespace sdc {

/// @brief What a released generalisation must achieve. Constraints left at their defaults do not
/// constrain; all constraints that are set must hold.
struct privacy_target {
  /// Records whose class has fk < k are at risk (1: no k-anonymity constraint).
  int k = 1;
  /// Records with an individual risk above this are at risk (1: no constraint).
  double max_individual_risk = 1.0;
  /// Expected re-identifications (sum of the risks) of the records kept (infinity: none).
  double max_expected_reidentifications = std::numeric_limits<double>::infinity();
  /// Share of records at risk that may be suppressed, in [0, 1] (0: none).
  double max_suppressed_share = 0.0;

  /// @brief The defaults, for bindings that must not re-list them.
  static privacy_target defaults() { return privacy_target{}; }
};

/// @brief Checks a target's values.
/// @throws invalid_input (errc::invalid_argument) naming the field
inline void validate(const privacy_target& target) {
  if (target.k < 1) {
    throw invalid_input(errc::invalid_argument,
                        "k must be at least 1, got " + std::to_string(target.k));
  }
  if (!(target.max_individual_risk > 0.0 && target.max_individual_risk <= 1.0)) {
    throw invalid_input(errc::invalid_argument,
                        "the maximum individual risk must be in (0, 1], got " +
                            std::to_string(target.max_individual_risk));
  }
  if (!(target.max_expected_reidentifications >= 0.0)) {
    throw invalid_input(errc::invalid_argument,
                        "the maximum expected re-identifications must be non-negative, got " +
                            std::to_string(target.max_expected_reidentifications));
  }
  if (!(target.max_suppressed_share >= 0.0 && target.max_suppressed_share <= 1.0)) {
    throw invalid_input(errc::invalid_argument, "the suppressed share must be in [0, 1], got " +
                                                    std::to_string(target.max_suppressed_share));
  }
}

/// @brief The names of a privacy target's fields, as set_target_field accepts them.
inline constexpr std::string_view privacy_target_fields[] = {
    "k", "max_individual_risk", "max_expected_reidentifications", "max_suppressed_share"};

/// @brief Sets one field of a target from a front end's name and number (a Python dict, an R
/// list): one parser for every binding. k must be a whole number (a double from R or JSON);
/// max_expected_reidentifications may be infinite (no constraint). The values' ranges are
/// checked by validate() once all fields are set.
/// @throws invalid_input errc::invalid_argument naming an unknown field (and the known ones), a
///         NaN value, or a k that is not a whole number in the int range
inline void set_target_field(privacy_target& target, std::string_view name, double value) {
  const auto field = std::string(name);
  if (std::isnan(value)) {
    throw invalid_input(errc::invalid_argument, "target field " + field + " must be a number, got NaN");
  }
  if (name == "k") {
    if (value != std::floor(value) || !(std::fabs(value) <= 2147483647.0)) {
      throw invalid_input(errc::invalid_argument,
                          "target field k must be a whole number, got " + std::to_string(value));
    }
    target.k = static_cast<int>(value);
  } else if (name == "max_individual_risk") {
    target.max_individual_risk = value;
  } else if (name == "max_expected_reidentifications") {
    target.max_expected_reidentifications = value;
  } else if (name == "max_suppressed_share") {
    target.max_suppressed_share = value;
  } else {
    std::string known;
    for (const auto f : privacy_target_fields) known += (known.empty() ? "" : ", ") + std::string(f);
    throw invalid_input(errc::invalid_argument,
                        "unknown target field '" + field + "'; known: " + known);
  }
}

namespace detail {
inline std::string format_decimal(double value) {
  std::string text = std::to_string(value);  // fixed, 6 decimals
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}
}  // namespace detail

/// @brief A sentence fragment describing a target, e.g. "k-anonymity with k = 5, at most 1% of
/// records suppressed".
inline std::string describe(const privacy_target& target) {
  std::vector<std::string> parts;
  if (target.k > 1) parts.push_back("k-anonymity with k = " + std::to_string(target.k));
  if (target.max_individual_risk < 1.0) {
    parts.push_back("individual risk at most " +
                    detail::format_decimal(target.max_individual_risk));
  }
  if (std::isfinite(target.max_expected_reidentifications)) {
    parts.push_back("expected re-identifications at most " +
                    detail::format_decimal(target.max_expected_reidentifications));
  }
  if (parts.empty()) return "no constraint";
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) text += i + 1 == parts.size() ? " and " : ", ";
    text += parts[i];
  }
  if (target.k > 1 || target.max_individual_risk < 1.0) {
    text += target.max_suppressed_share > 0.0
                ? ", at most " + detail::format_decimal(100.0 * target.max_suppressed_share) +
                      "% of records suppressed"
                : ", no record suppressed";
  }
  return text;
}

/// @brief Options of lattice_search() and evaluate_generalisation().
struct lattice_options {
  /// What a node must achieve.
  privacy_target target;
  /// How missing key values match (frequencies.hpp).
  missing_semantics missing = missing_semantics::category;
  /// Wildcard semantics only: weight of contributions from keys with missing values.
  double alpha = 1.0;
  /// Individual risk formula, with weights.
  individual_risk_options risk;
  /// Lowest level searched per key variable (empty: all 0). The lowest node is where the class
  /// table is built: a request's levels, for instance.
  std::vector<std::size_t> min_levels;
  /// Highest level searched per key variable (empty: each hierarchy's top).
  std::vector<std::size_t> max_levels;
  /// Prune by monotonicity (see the file comment); false evaluates every node.
  bool assume_monotone = true;
  /// Largest lattice accepted (number of nodes).
  std::size_t max_nodes = std::size_t{1} << 24;  // at most 2^32 - 1

  /// @brief The defaults, for bindings that must not re-list them.
  static lattice_options defaults() { return lattice_options{}; }
};

/// @brief One node of the lattice, evaluated.
struct lattice_node {
  std::vector<std::size_t> levels;  ///< level of each key variable
  bool satisfies = false;           ///< the target holds at this node
  std::size_t classes = 0;          ///< classes (distinct keys) among the records kept
  std::size_t records_at_risk = 0;  ///< records at risk (fk < k or risk too high)
  /// Records suppressed: the records at risk when within the budget (otherwise the node fails
  /// and this is what it would take).
  std::size_t records_suppressed = 0;
  double max_individual_risk = 0.0;         ///< over the records kept
  double expected_reidentifications = 0.0;  ///< over the records kept
  double generalisation_loss = 0.0;         ///< mean normalised level, in [0, 1]
  double precision_loss = 0.0;              ///< per record, suppressed = fully generalised; [0, 1]
  double discernibility = 0.0;              ///< sum of |E|^2 kept + n per suppressed record
};

/// @brief Result of lattice_search().
struct lattice_result {
  std::vector<std::string> variables;                 ///< key variables, in input order
  std::vector<std::size_t> n_levels;                  ///< levels of each key's hierarchy
  std::vector<std::vector<std::string>> level_names;  ///< per key, the name of each level
  std::size_t n_records = 0;                          ///< records
  std::size_t n_nodes = 0;                            ///< nodes of the lattice searched
  std::size_t nodes_evaluated = 0;                    ///< nodes computed (the rest were inferred)
  std::size_t nodes_satisfying = 0;                   ///< nodes known to satisfy the target
  /// The minimal nodes satisfying the target (no satisfying node below them), best first.
  std::vector<lattice_node> minimal;

  /// @brief Whether some node meets the target.
  bool attainable() const noexcept { return !minimal.empty(); }
};

namespace detail {

/// The class table of the lowest node and the evaluation of any node from it.
class lattice_engine {
 public:
  lattice_engine(const std::vector<categorical_view>& keys,
                 const std::vector<category_generalisation>& generalisations,
                 const numeric_view* weights, const lattice_options& options)
      : options_(options), m_(keys.size()) {
    if (keys.empty()) {
      throw invalid_input(errc::invalid_argument, "at least one key variable is needed");
    }
    if (generalisations.size() != m_) {
      throw invalid_input(errc::invalid_argument, std::to_string(m_) + " key variables but " +
                                                      std::to_string(generalisations.size()) +
                                                      " hierarchies");
    }
    validate(options.target);
    if (!(options.alpha >= 0.0 && options.alpha <= 1.0)) {
      throw invalid_input(errc::invalid_argument,
                          "alpha must be in [0, 1], got " + std::to_string(options.alpha));
    }
    n_ = keys.front().size;
    for (const auto& key : keys) {
      require_length(key, n_, "key");
      validate(key);
    }
    weighted_ = weights != nullptr;
    if (weighted_) {
      require_length(*weights, n_, "weights");
      if (n_ > 0 && weights->values == nullptr) {
        throw invalid_input(errc::invalid_argument,
                            "weights column '" + weights->name + "' has no data");
      }
      validate_weights(*weights);
    }
    lo_.assign(m_, 0);
    hi_.resize(m_);
    n_levels_.resize(m_);
    for (std::size_t v = 0; v < m_; ++v) {
      const category_generalisation& g = generalisations[v];
      if (g.n_levels() == 0 || g.code[0].size() != static_cast<std::size_t>(keys[v].n_categories)) {
        throw invalid_input(errc::invalid_argument,
                            "the hierarchy mapping of '" + keys[v].name + "' does not match its " +
                                std::to_string(keys[v].n_categories) + " categories");
      }
      n_levels_[v] = g.n_levels();
      hi_[v] = n_levels_[v] - 1;
    }
    set_bounds(options.min_levels, lo_, "min_levels", keys);
    set_bounds(options.max_levels, hi_, "max_levels", keys);
    for (std::size_t v = 0; v < m_; ++v) {
      if (lo_[v] > hi_[v]) {
        throw invalid_input(errc::invalid_argument, "key variable '" + keys[v].name +
                                                        "': min level " + std::to_string(lo_[v]) +
                                                        " is above max level " +
                                                        std::to_string(hi_[v]));
      }
    }
    build_maps(generalisations);
    build_table(keys, generalisations, weights);
  }

  std::size_t n_keys() const noexcept { return m_; }
  std::size_t n_records() const noexcept { return n_; }
  const std::vector<std::size_t>& lowest() const noexcept { return lo_; }
  const std::vector<std::size_t>& highest() const noexcept { return hi_; }
  const std::vector<std::size_t>& n_levels() const noexcept { return n_levels_; }

  /// Evaluates the node with the given levels (each within [lowest, highest]).
  lattice_node evaluate(const std::vector<std::size_t>& levels) {
    lattice_node node;
    node.levels = levels;
    // A node whose keys are each either at the top or at the lowest level is a projection of
    // the lowest node (the keys at the top dropped). Its table is the natural base of every node
    // with the same keys at the top, so it is computed first and kept.
    anchor_.resize(m_);
    bool useful = false;
    for (std::size_t v = 0; v < m_; ++v) {
      anchor_[v] = levels[v] == hi_[v] ? hi_[v] : lo_[v];
      useful = useful || (anchor_[v] != lo_[v]);
    }
    if (useful && anchor_ != levels && !has_table(anchor_) &&
        base_for(levels) == base_for(anchor_)) {
      group(anchor_);
      if (class_count_.size() < last_base_rows_) keep_table(anchor_);
    }
    group(levels);
    const std::size_t n_classes = class_count_.size();
    // A table smaller than its base is kept to serve as the base of nodes above it.
    if (n_classes < last_base_rows_ && !has_table(levels)) keep_table(levels);
    // Sample and population frequencies of each class.
    class_fk_ = class_count_;
    class_Fk_ = class_weight_;
    if (options_.missing == missing_semantics::wildcard && table_has_missing_) {
      wildcard_frequencies(levels);
    }

    // Records at risk, suppression, risk of the records kept.
    const privacy_target& target = options_.target;
    const bool risk_needed =
        target.max_individual_risk < 1.0 || std::isfinite(target.max_expected_reidentifications);
    double at_risk = 0.0;
    double er = 0.0, max_risk = 0.0, discernibility = 0.0;
    std::size_t kept_classes = 0;
    class_risk_.assign(n_classes, 0.0);
    class_at_risk_.assign(n_classes, 0);
    for (std::size_t c = 0; c < n_classes; ++c) {
      const double fk = class_fk_[c];
      bool risky = fk < static_cast<double>(target.k);
      if (risk_needed || !risky) {
        class_risk_[c] = risk_of(fk, weighted_ ? class_Fk_[c] : fk);
        risky = risky || class_risk_[c] > target.max_individual_risk;
      }
      class_at_risk_[c] = risky;
      if (risky) at_risk += class_count_[c];
    }
    // Records isolated by the `never` semantics: classes of one record each.
    std::size_t isolated_at_risk = 0;
    for (const double w : isolated_weight_) {
      const double risk = risk_of(1.0, weighted_ ? w : 1.0);
      if (target.k > 1 || risk > target.max_individual_risk) ++isolated_at_risk;
    }
    node.records_at_risk = static_cast<std::size_t>(at_risk + 0.5) + isolated_at_risk;
    const auto budget = static_cast<std::size_t>(
        std::floor(target.max_suppressed_share * static_cast<double>(n_) + 1e-9));
    node.records_suppressed = node.records_at_risk;
    const bool within_budget = node.records_at_risk <= budget;
    for (std::size_t c = 0; c < n_classes; ++c) {
      if (class_at_risk_[c]) continue;
      ++kept_classes;
      er += class_count_[c] * class_risk_[c];
      max_risk = std::max(max_risk, class_risk_[c]);
      discernibility += class_count_[c] * class_count_[c];
    }
    for (const double w : isolated_weight_) {
      const double risk = risk_of(1.0, weighted_ ? w : 1.0);
      if (target.k > 1 || risk > target.max_individual_risk) continue;
      ++kept_classes;
      er += risk;
      max_risk = std::max(max_risk, risk);
      discernibility += 1.0;
    }
    const auto n = static_cast<double>(n_);
    const auto suppressed = static_cast<double>(node.records_suppressed);
    discernibility += suppressed * n;
    node.classes = kept_classes;
    node.max_individual_risk = max_risk;
    node.expected_reidentifications = er;
    node.discernibility = discernibility;
    node.generalisation_loss = generalisation_loss(levels);
    node.precision_loss =
        n_ == 0 ? 0.0 : ((n - suppressed) * node.generalisation_loss + suppressed) / n;
    node.satisfies = within_budget && er <= target.max_expected_reidentifications * (1 + 1e-12);
    return node;
  }

  /// Mean normalised level of a node.
  double generalisation_loss(const std::vector<std::size_t>& levels) const {
    double sum = 0.0;
    for (std::size_t v = 0; v < m_; ++v) {
      if (n_levels_[v] > 1) {
        sum += static_cast<double>(levels[v]) / static_cast<double>(n_levels_[v] - 1);
      }
    }
    return sum / static_cast<double>(m_);
  }

  /// Groups the rows of the best base table into the classes of a node: class_count_,
  /// class_weight_, class_codes_ (0 missing, code + 1 otherwise; row-major).
  void group(const std::vector<std::size_t>& levels) {
    class_table& base = tables_[base_for(levels)];
    base.last_used = ++clock_;
    const std::size_t rows = base.rows;
    // Maps from the base's codes to this node's; then each row's codes are packed into a key
    // and equal keys merged into the node's classes. The hash index starts small and grows, so
    // that a node with few classes stays in the cache.
    for (std::size_t v = 0; v < m_; ++v) map_of_[v] = map(v, base.levels[v], levels[v]).data();
    const std::uint32_t* codes = base.codes.data();
    const double* row_count = base.count.data();
    const double* row_weight = base.weight.data();
    class_count_.clear();
    class_weight_.clear();
    class_first_row_.clear();
    const auto add_row = [&](std::size_t r, std::int32_t id) {
      const auto c = static_cast<std::size_t>(id);
      if (c == class_count_.size()) {
        class_count_.push_back(0.0);
        class_weight_.push_back(0.0);
        class_first_row_.push_back(r);
      }
      class_count_[c] += row_count[r];
      class_weight_[c] += row_weight[r];
    };
    const std::size_t m = m_;
    if (one_word_) {
      // The common case: every node's key fits one word in a layout fixed for the search, so
      // the maps hold values already shifted into place, and a row's key is the OR of m
      // independent lookups.
      for (std::size_t v = 0; v < m; ++v)
        shifted_of_[v] = shifted_map(v, base.levels[v], levels[v]).data();
      const std::uint64_t* const* shifted = shifted_of_.data();
      index_.reset(1, 256);
      for (std::size_t r = 0; r < rows; ++r) {
        const std::uint32_t* row = codes + r * m;
        std::uint64_t key = 0;
        for (std::size_t v = 0; v < m; ++v) key |= shifted[v][row[v]];
        add_row(r, index_.insert_word(key));
      }
    } else {
      for (std::size_t v = 0; v < m; ++v) {
        max_value_[v] = static_cast<std::uint64_t>(level_size_[v][levels[v]]);
      }
      packer_.layout(max_value_);
      const std::size_t words = packer_.words;
      keys_.resize(words);
      index_.reset(words, 256);
      for (std::size_t r = 0; r < rows; ++r) {
        const std::uint32_t* row = codes + r * m;
        std::fill(keys_.begin(), keys_.end(), 0);
        for (std::size_t v = 0; v < m; ++v) packer_.put(keys_.data(), v, map_of_[v][row[v]]);
        add_row(r, index_.insert(keys_.data()));
      }
    }
    const std::size_t n_classes = class_count_.size();
    // The classes' codes at this node (0 missing, code + 1 otherwise), row-major.
    class_codes_.resize(n_classes * m_);
    for (std::size_t c = 0; c < n_classes; ++c) {
      const std::uint32_t* row = codes + class_first_row_[c] * m_;
      for (std::size_t v = 0; v < m_; ++v) class_codes_[c * m_ + v] = map_of_[v][row[v]];
    }
    last_base_rows_ = rows;
  }

 private:
  /// A class table: one row per class of some node, codes row-major (0 missing, code + 1).
  struct class_table {
    std::vector<std::size_t> levels;
    std::size_t rows = 0;
    std::vector<std::uint32_t> codes;
    std::vector<double> count;
    std::vector<double> weight;
    std::uint64_t last_used = 0;
  };
  /// Tables kept besides the lowest node's, and their memory (least recently used evicted).
  static constexpr std::size_t max_kept_tables = 512;
  static constexpr std::size_t max_kept_bytes = std::size_t{64} << 20;

  void set_bounds(const std::vector<std::size_t>& given, std::vector<std::size_t>& bound,
                  const char* what, const std::vector<categorical_view>& keys) {
    if (given.empty()) return;
    if (given.size() != m_) {
      throw invalid_input(errc::invalid_argument,
                          std::string(what) + " has " + std::to_string(given.size()) +
                              " entries for " + std::to_string(m_) + " key variables");
    }
    for (std::size_t v = 0; v < m_; ++v) {
      if (given[v] >= n_levels_[v]) {
        throw invalid_input(errc::invalid_argument, std::string(what) + ": level " +
                                                        std::to_string(given[v]) + " of '" +
                                                        keys[v].name + "' does not exist (" +
                                                        std::to_string(n_levels_[v]) + " levels)");
      }
      bound[v] = given[v];
    }
  }

  /// The map of variable v from codes at level `from` to codes at level `to` (from <= to, both
  /// searched), on codes shifted by one: 0 (missing) -> 0, c + 1 -> (code of c at `to`) + 1.
  const std::vector<std::uint32_t>& map(std::size_t v, std::size_t from, std::size_t to) const {
    const std::size_t range = hi_[v] - lo_[v] + 1;
    return maps_[v][(from - lo_[v]) * range + (to - lo_[v])];
  }

  const std::vector<std::uint64_t>& shifted_map(std::size_t v, std::size_t from,
                                                std::size_t to) const {
    const std::size_t range = hi_[v] - lo_[v] + 1;
    return shifted_maps_[v][(from - lo_[v]) * range + (to - lo_[v])];
  }

  void build_maps(const std::vector<category_generalisation>& generalisations) {
    maps_.assign(m_, {});
    shifted_maps_.assign(m_, {});
    shifted_of_.assign(m_, nullptr);
    level_size_.assign(m_, {});
    map_of_.assign(m_, nullptr);
    max_value_.assign(m_, 0);
    for (std::size_t v = 0; v < m_; ++v) {
      const category_generalisation& g = generalisations[v];
      for (std::size_t h = 0; h < n_levels_[v]; ++h) level_size_[v].push_back(g.n_categories(h));
      const std::size_t range = hi_[v] - lo_[v] + 1;
      maps_[v].resize(range * range);
      // Through the column's categories: levels nest, so a code at `from` has one code at `to`.
      for (std::size_t from = lo_[v]; from <= hi_[v]; ++from) {
        for (std::size_t to = from; to <= hi_[v]; ++to) {
          std::vector<std::uint32_t> shifted(static_cast<std::size_t>(g.n_categories(from)) + 1, 0);
          for (std::size_t c = 0; c < g.code[from].size(); ++c) {
            if (g.code[from][c] >= 0 && g.code[to][c] >= 0) {
              shifted[static_cast<std::size_t>(g.code[from][c]) + 1] =
                  static_cast<std::uint32_t>(g.code[to][c]) + 1;
            }
          }
          maps_[v][(from - lo_[v]) * range + (to - lo_[v])] = std::move(shifted);
        }
      }
    }
    // A key layout for the whole search: each field wide enough for every level searched.
    for (std::size_t v = 0; v < m_; ++v) {
      for (std::size_t h = lo_[v]; h <= hi_[v]; ++h) {
        max_value_[v] =
            std::max<std::uint64_t>(max_value_[v], static_cast<std::uint64_t>(level_size_[v][h]));
      }
    }
    bit_packer fixed;
    fixed.layout(max_value_);
    one_word_ = fixed.words == 1;
    if (!one_word_) return;
    for (std::size_t v = 0; v < m_; ++v) {
      shifted_maps_[v].resize(maps_[v].size());
      for (std::size_t i = 0; i < maps_[v].size(); ++i) {
        for (const std::uint32_t value : maps_[v][i]) {
          shifted_maps_[v][i].push_back(static_cast<std::uint64_t>(value) << fixed.shift[v]);
        }
      }
    }
  }

  void build_table(const std::vector<categorical_view>& keys,
                   const std::vector<category_generalisation>& generalisations,
                   const numeric_view* weights) {
    // Records recoded to the lowest node, then grouped once.
    std::vector<std::vector<std::int32_t>> low(m_, std::vector<std::int32_t>(n_));
    std::vector<char> has_missing(n_, 0);
    for (std::size_t v = 0; v < m_; ++v) {
      const std::vector<std::int32_t>& code = generalisations[v].code[lo_[v]];
      for (std::size_t i = 0; i < n_; ++i) {
        const std::int32_t c = keys[v].category(i);
        const std::int32_t mapped = c == missing_category ? -1 : code[static_cast<std::size_t>(c)];
        low[v][i] = mapped;
        if (mapped < 0) has_missing[i] = 1;
      }
    }
    // Under `never`, a record with a missing key value is a class of its own at every node.
    std::vector<std::size_t> records;
    records.reserve(n_);
    for (std::size_t i = 0; i < n_; ++i) {
      if (options_.missing == missing_semantics::never && has_missing[i]) {
        isolated_weight_.push_back(weights != nullptr ? weights->values[i] : 1.0);
      } else {
        records.push_back(i);
      }
    }
    class_table bottom;
    bottom.levels = lo_;
    if (!records.empty()) {
      std::vector<std::vector<std::int32_t>> kept(m_, std::vector<std::int32_t>(records.size()));
      std::vector<categorical_view> views(m_);
      for (std::size_t v = 0; v < m_; ++v) {
        for (std::size_t j = 0; j < records.size(); ++j) kept[v][j] = low[v][records[j]];
        views[v].name = keys[v].name;
        views[v].codes = kept[v].data();
        views[v].size = records.size();
        views[v].n_categories = generalisations[v].n_categories(lo_[v]);
      }
      const key_grouping grouping = group_by_keys(views);
      bottom.rows = grouping.n_groups();
      bottom.count.assign(bottom.rows, 0.0);
      bottom.weight.assign(bottom.rows, 0.0);
      for (std::size_t j = 0; j < records.size(); ++j) {
        const auto g = static_cast<std::size_t>(grouping.group_of_record[j]);
        bottom.count[g] += 1.0;
        bottom.weight[g] += weights != nullptr ? weights->values[records[j]] : 1.0;
      }
      bottom.codes.resize(bottom.rows * m_);
      for (std::size_t g = 0; g < bottom.rows; ++g) {
        for (std::size_t v = 0; v < m_; ++v) {
          const std::int32_t code = kept[v][grouping.first_record[g]];
          bottom.codes[g * m_ + v] = static_cast<std::uint32_t>(code + 1);
          if (code < 0) table_has_missing_ = true;
        }
      }
    }
    tables_.push_back(std::move(bottom));
  }

  /// The kept table with the fewest rows among those below `levels` (the lowest node's table
  /// is below every node).
  std::size_t base_for(const std::vector<std::size_t>& levels) const {
    std::size_t best = 0;
    for (std::size_t t = 1; t < tables_.size(); ++t) {
      if (tables_[t].rows >= tables_[best].rows) continue;
      bool below = true;
      for (std::size_t v = 0; v < m_ && below; ++v) below = tables_[t].levels[v] <= levels[v];
      if (below) best = t;
    }
    return best;
  }

  bool has_table(const std::vector<std::size_t>& levels) const {
    for (const auto& table : tables_) {
      if (table.levels == levels) return true;
    }
    return false;
  }

  void keep_table(const std::vector<std::size_t>& levels) {
    const std::size_t rows = class_count_.size();
    const std::size_t row_bytes = m_ * sizeof(std::uint32_t) + 2 * sizeof(double);
    const std::size_t budget_rows = max_kept_bytes / row_bytes;
    if (rows > budget_rows) return;
    // Evict the least recently used tables (never the lowest node's) to stay within budget.
    while (tables_.size() > 1 &&
           (tables_.size() > max_kept_tables || kept_rows_ + rows > budget_rows)) {
      std::size_t oldest = 1;
      for (std::size_t t = 2; t < tables_.size(); ++t) {
        if (tables_[t].last_used < tables_[oldest].last_used) oldest = t;
      }
      kept_rows_ -= tables_[oldest].rows;
      std::swap(tables_[oldest], tables_.back());
      tables_.pop_back();
    }
    class_table table;
    table.levels = levels;
    table.rows = rows;
    table.codes = class_codes_;
    table.count = class_count_;
    table.weight = class_weight_;
    table.last_used = ++clock_;
    kept_rows_ += rows;
    tables_.push_back(std::move(table));
  }

  double risk_of(double fk, double Fk) const {
    if (!weighted_) return 1.0 / fk;
    return individual_risk(fk, Fk, options_.risk);
  }

  /// Wildcard fk (and Fk) of the node's classes: the core's computation on the class table,
  /// one row per class, with the class sizes (then weights) as weights, so that Fk sums records
  /// (then weights) over compatible classes.
  void wildcard_frequencies(const std::vector<std::size_t>& levels) {
    const std::size_t n_classes = class_count_.size();
    std::vector<std::vector<std::int32_t>> codes(m_, std::vector<std::int32_t>(n_classes));
    std::vector<categorical_view> views(m_);
    bool any_missing = false;
    for (std::size_t v = 0; v < m_; ++v) {
      for (std::size_t c = 0; c < n_classes; ++c) {
        codes[v][c] = static_cast<std::int32_t>(class_codes_[c * m_ + v]) - 1;
        any_missing = any_missing || codes[v][c] < 0;
      }
      views[v].name = "v" + std::to_string(v);
      views[v].codes = codes[v].data();
      views[v].size = n_classes;
      views[v].n_categories = level_size_[v][levels[v]];
    }
    if (!any_missing) return;
    frequency_options frequency;
    frequency.missing = missing_semantics::wildcard;
    frequency.alpha = options_.alpha;
    frequency.allow_constant_keys = true;
    numeric_view counts;
    counts.name = "class sizes";
    counts.values = class_count_.data();
    counts.size = n_classes;
    const key_frequencies by_count = compute_key_frequencies(views, &counts, frequency);
    for (std::size_t c = 0; c < n_classes; ++c) class_fk_[c] = by_count.Fk[c];
    if (weighted_) {
      numeric_view w;
      w.name = "class weights";
      w.values = class_weight_.data();
      w.size = n_classes;
      const key_frequencies by_weight = compute_key_frequencies(views, &w, frequency);
      for (std::size_t c = 0; c < n_classes; ++c) class_Fk_[c] = by_weight.Fk[c];
    }
  }

  const lattice_options& options_;
  std::size_t m_ = 0;
  std::size_t n_ = 0;
  bool weighted_ = false;
  bool table_has_missing_ = false;
  std::vector<std::size_t> lo_, hi_, n_levels_;
  std::vector<std::vector<std::vector<std::uint32_t>>> maps_;          // [v][from * range + to]
  std::vector<std::vector<std::vector<std::uint64_t>>> shifted_maps_;  // the same, in place
  bool one_word_ = false;  // every key fits one word in the fixed layout
  std::vector<std::vector<std::int32_t>> level_size_;  // [v][level]
  std::vector<class_table> tables_;                    // [0]: the lowest node's; then kept tables
  std::uint64_t clock_ = 0;
  std::size_t kept_rows_ = 0;            // rows of the kept tables (the lowest node's excluded)
  std::vector<double> isolated_weight_;  // `never`: records with a missing key value
  // Scratch space of evaluate().
  std::vector<std::size_t> anchor_;
  std::size_t last_base_rows_ = 0;
  std::vector<const std::uint32_t*> map_of_;
  std::vector<const std::uint64_t*> shifted_of_;
  std::vector<std::uint64_t> max_value_;
  bit_packer packer_;
  std::vector<std::uint64_t> keys_;
  packed_key_index index_;
  std::vector<std::uint32_t> class_codes_;
  std::vector<double> class_count_, class_weight_, class_fk_, class_Fk_, class_risk_;
  std::vector<std::size_t> class_first_row_;
  std::vector<char> class_at_risk_;
};

/// Ranking of minimal nodes: precision loss, records suppressed, discernibility, levels.
inline bool better_node(const lattice_node& a, const lattice_node& b) {
  if (a.precision_loss != b.precision_loss) return a.precision_loss < b.precision_loss;
  if (a.records_suppressed != b.records_suppressed)
    return a.records_suppressed < b.records_suppressed;
  if (a.discernibility != b.discernibility) return a.discernibility < b.discernibility;
  return a.levels < b.levels;
}

}  // namespace detail

/// @brief Evaluates one generalisation (one level per key variable) against a target.
///
/// @param keys the key variables (categorical views of equal length)
/// @param generalisations per key, its categories mapped to every level (generalise_categories)
/// @param weights sampling weights, or nullptr
/// @param levels the level of each key
/// @param options target, missing-value semantics, risk formula (min/max levels are ignored)
/// @throws invalid_input (errc::invalid_argument) for mismatched inputs or levels out of range,
///         errc::length_mismatch, and the weight errors of compute_key_frequencies
inline lattice_node evaluate_generalisation(
    const std::vector<categorical_view>& keys,
    const std::vector<category_generalisation>& generalisations, const numeric_view* weights,
    const std::vector<std::size_t>& levels, const lattice_options& options = {}) {
  lattice_options at_node = options;
  at_node.min_levels = levels;
  at_node.max_levels = levels;
  detail::lattice_engine engine(keys, generalisations, weights, at_node);
  return engine.evaluate(levels);
}

/// @brief The minimal generalisations meeting a target, ranked by information loss.
///
/// Searches the nodes between options.min_levels and options.max_levels (see the file comment
/// for the target, the pruning and the ranking). Deterministic.
/// @param keys the key variables (categorical views of equal length)
/// @param generalisations per key, its categories mapped to every level (generalise_categories)
/// @param weights sampling weights, or nullptr
/// @param options the target and the search options
/// @return every minimal satisfying node, best first, with search statistics
/// @throws invalid_input (errc::invalid_argument) for mismatched inputs, a bad target, levels out
///         of range, or a lattice of more than options.max_nodes nodes; errc::length_mismatch;
///         the weight errors of compute_key_frequencies
inline lattice_result lattice_search(const std::vector<categorical_view>& keys,
                                     const std::vector<category_generalisation>& generalisations,
                                     const numeric_view* weights,
                                     const lattice_options& options = {}) {
  detail::lattice_engine engine(keys, generalisations, weights, options);
  const std::size_t m = engine.n_keys();
  const std::vector<std::size_t>& lo = engine.lowest();
  const std::vector<std::size_t>& hi = engine.highest();
  lattice_result result;
  result.n_records = engine.n_records();
  result.n_levels = engine.n_levels();
  for (std::size_t v = 0; v < m; ++v) {
    result.variables.push_back(keys[v].name);
    result.level_names.push_back(generalisations[v].level_names);
  }
  // Nodes are numbered in mixed radix over the levels searched, the last key least significant
  // (stride[v] is the product of the sizes of the keys after v), so a node's predecessors have
  // smaller numbers than the node.
  std::vector<std::size_t> size(m), stride(m);
  std::size_t n_nodes = 1;
  const std::size_t max_nodes = std::min<std::size_t>(options.max_nodes, 0xFFFFFFFFu);
  for (std::size_t v = m; v-- > 0;) {
    size[v] = hi[v] - lo[v] + 1;
    stride[v] = n_nodes;
    if (n_nodes > max_nodes / size[v]) {
      throw invalid_input(errc::invalid_argument,
                          "the generalisation lattice has more than " + std::to_string(max_nodes) +
                              " nodes; restrict the levels searched (min_levels, max_levels) or "
                              "raise max_nodes");
    }
    n_nodes *= size[v];
  }
  result.n_nodes = n_nodes;
  const auto levels_of = [&](std::size_t node) {
    std::vector<std::size_t> levels(m);
    for (std::size_t v = 0; v < m; ++v) levels[v] = lo[v] + node / stride[v] % size[v];
    return levels;
  };

  enum : std::uint8_t { unknown = 0, satisfied = 1, failed = 2 };
  std::vector<std::uint8_t> status(n_nodes, unknown);
  std::unordered_map<std::size_t, lattice_node> evaluated_satisfying;
  const auto evaluate = [&](std::size_t node) {
    lattice_node evaluated = engine.evaluate(levels_of(node));
    ++result.nodes_evaluated;
    const bool ok = evaluated.satisfies;
    if (ok) evaluated_satisfying.emplace(node, std::move(evaluated));
    return ok;
  };

  if (!options.assume_monotone) {
    for (std::size_t node = 0; node < n_nodes; ++node) {
      status[node] = evaluate(node) ? satisfied : failed;
    }
  } else {
    // Inference: a satisfying node marks every node above it, a failing one every node below.
    std::vector<std::size_t> stack;
    const auto mark = [&](std::size_t start, std::uint8_t value) {
      stack.assign(1, start);
      status[start] = value;
      while (!stack.empty()) {
        const std::size_t node = stack.back();
        stack.pop_back();
        for (std::size_t v = 0; v < m; ++v) {
          const std::size_t digit = node / stride[v] % size[v];
          std::size_t next;
          if (value == satisfied) {
            if (digit + 1 >= size[v]) continue;
            next = node + stride[v];
          } else {
            if (digit == 0) continue;
            next = node - stride[v];
          }
          if (status[next] == unknown) {
            status[next] = value;
            stack.push_back(next);
          }
        }
      }
    };
    // Nodes by increasing height (counting sort), then by number. The heights come from a
    // mixed-radix counter run twice (counting, placing) rather than stored per node.
    std::size_t max_height = 0;
    for (std::size_t v = 0; v < m; ++v) max_height += size[v] - 1;
    const auto for_each_height = [&](auto&& visit) {
      std::vector<std::size_t> digits(m, 0);
      std::size_t h = 0;
      for (std::size_t node = 0; node < n_nodes; ++node) {
        visit(node, h);
        for (std::size_t v = m; v-- > 0;) {  // the last key is the least significant digit
          if (++digits[v] < size[v]) {
            ++h;
            break;
          }
          h -= digits[v] - 1;
          digits[v] = 0;
        }
      }
    };
    std::vector<std::size_t> next_of_height(max_height + 2, 0);
    for_each_height([&](std::size_t, std::size_t h) { ++next_of_height[h + 1]; });
    for (std::size_t h = 1; h < next_of_height.size(); ++h)
      next_of_height[h] += next_of_height[h - 1];
    std::vector<std::uint32_t> order(n_nodes);
    for_each_height([&](std::size_t node, std::size_t h) {
      order[next_of_height[h]++] = static_cast<std::uint32_t>(node);
    });
    std::vector<std::size_t> path;
    for (const std::uint32_t start : order) {
      if (status[start] != unknown) continue;
      // A path upwards through unknown nodes: each step raises the key whose level is lowest
      // relative to its range (ties: the first key), so paths climb evenly.
      path.assign(1, start);
      std::size_t node = start;
      while (true) {
        std::size_t best = m;
        double best_share = 2.0;
        for (std::size_t v = 0; v < m; ++v) {
          const std::size_t digit = node / stride[v] % size[v];
          if (digit + 1 >= size[v] || status[node + stride[v]] != unknown) continue;
          const double share = static_cast<double>(digit) / static_cast<double>(size[v] - 1);
          if (share < best_share) {
            best_share = share;
            best = v;
          }
        }
        if (best == m) break;
        node += stride[best];
        path.push_back(node);
      }
      // Bisection for the lowest satisfying node of the path.
      std::size_t low = 0, high = path.size();
      while (low < high) {
        const std::size_t mid = low + (high - low) / 2;
        if (status[path[mid]] != unknown) {
          // Known from an earlier inference on this path: use it.
          if (status[path[mid]] == satisfied)
            high = mid;
          else
            low = mid + 1;
          continue;
        }
        if (evaluate(path[mid])) {
          mark(path[mid], satisfied);
          high = mid;
        } else {
          mark(path[mid], failed);
          low = mid + 1;
        }
      }
    }
  }
  // Minimal: satisfying, and no satisfying node below (with pruning, no satisfying direct
  // predecessor; in general, none among all nodes below: computed in increasing node order).
  std::vector<std::uint8_t> below_satisfying(n_nodes, 0);
  for (std::size_t node = 0; node < n_nodes; ++node) {
    if (status[node] == satisfied) ++result.nodes_satisfying;
    std::uint8_t below = 0;
    for (std::size_t v = 0; v < m && !below; ++v) {
      if (node / stride[v] % size[v] == 0) continue;
      const std::size_t predecessor = node - stride[v];
      below = status[predecessor] == satisfied || below_satisfying[predecessor];
    }
    below_satisfying[node] = below;
    if (status[node] == satisfied && !below) {
      const auto found = evaluated_satisfying.find(node);
      if (found == evaluated_satisfying.end()) {
        throw internal_error("lattice search: a minimal node was not evaluated");
      }
      result.minimal.push_back(std::move(found->second));
    }
  }
  std::sort(result.minimal.begin(), result.minimal.end(), detail::better_node);
  return result;
}

}  // namespace sdc
