// SPDX-License-Identifier: MIT
/// @file build_table.hpp
/// @brief Building a table with all margins and per-cell evidence from microdata columns.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <optional>
#include <type_traits>
#include <string>
#include <utility>
#include <vector>

#include "sdc/core/column_view.hpp"
#include "sdc/core/error.hpp"
#include "sdc/tables/rules.hpp"
#include "sdc/tables/statistic.hpp"
#include "sdc/tables/table.hpp"

namespace sdc {

/// @brief What to tabulate: spanning variables, and optionally a value, weights and ids.
struct table_request {
  /// 1 to 4 spanning variables (categorical views of the caller's codes).
  std::vector<categorical_view> dimensions;
  /// Category labels per dimension; an empty list means "use the category numbers".
  std::vector<std::vector<std::string>> labels;
  /// The value variable (needed by every statistic but count).
  std::optional<numeric_view> value;
  /// Sampling weights. Thresholds still count unweighted contributors.
  std::optional<numeric_view> weights;
  /// Unit (person) id: several records of a unit count as one contributor.
  std::optional<categorical_view> unit;
  /// Holding (enterprise) id: contributions are summed per holding before the rules.
  std::optional<categorical_view> holding;
  statistic stat = statistic::count;
  /// Percentile in [0, 100] for statistic::percentile.
  double percentile = 50.0;
  /// Dominance convention for weighted tables (see weighted_dominance).
  weighted_dominance weighting = weighted_dominance::unweighted;
  /// How many largest contributions each cell keeps; at least the largest n of the dominance
  /// rules and 2 for the p% and pq rules. Use needed_top_contributions(rules).
  int top_contributions = 3;
};

/// @brief The number of largest contributions the given rules need per cell.
inline int needed_top_contributions(const table_rules& rules) {
  int needed = 2;
  for (const auto& rule : rules.nk_rules) needed = std::max(needed, rule.n);
  return needed;
}

namespace detail {

/// Inserts |x| into a descending list kept to `capacity` entries.
inline void insert_top(std::vector<double>& top, double x, std::size_t capacity) {
  if (top.size() == capacity) {
    if (capacity == 0 || x <= top.back()) return;
    top.pop_back();
  }
  top.insert(std::upper_bound(top.begin(), top.end(), x, [](double a, double b) { return a > b; }), x);
}

/// Merges two descending lists, keeping `capacity` entries.
inline void merge_top(std::vector<double>& into, const std::vector<double>& from, std::size_t capacity) {
  if (from.empty()) return;
  std::vector<double> merged(into.size() + from.size());
  std::merge(into.begin(), into.end(), from.begin(), from.end(), merged.begin(),
             [](double a, double b) { return a > b; });
  if (merged.size() > capacity) merged.resize(capacity);
  into = std::move(merged);
}

/// Contributions of one contributor under the replicated convention: whole copies, then a
/// partial copy for the fractional part of the weight.
inline void insert_replicated(std::vector<double>& top, double x, double weight, std::size_t capacity) {
  double remaining = weight;
  std::size_t copies = 0;
  while (remaining >= 1.0 && copies < capacity) {
    insert_top(top, x, capacity);
    remaining -= 1.0;
    ++copies;
  }
  if (remaining > 0.0 && copies < capacity) insert_top(top, x * remaining, capacity);
}

/// Shape of a table: radices K_d + 1 (the last position is the margin) and strides.
struct table_shape {
  std::vector<std::size_t> categories;  // K_d
  std::vector<std::size_t> strides;     // row-major over K_d + 1
  std::size_t n_cells = 1;

  std::size_t margin_position(std::size_t d) const { return categories[d]; }
  std::size_t coordinate(std::size_t cell, std::size_t d) const {
    return (cell / strides[d]) % (categories[d] + 1);
  }
};

inline table_shape make_shape(const std::vector<std::size_t>& categories) {
  table_shape shape;
  shape.categories = categories;
  shape.strides.assign(categories.size(), 1);
  for (std::size_t d = categories.size(); d-- > 0;) {
    shape.strides[d] = shape.n_cells;
    const std::size_t radix = categories[d] + 1;
    if (shape.n_cells > max_table_cells / radix) {
      throw invalid_input(errc::too_many_categories,
                          "the table would have more than " + std::to_string(max_table_cells) +
                              " cells; use fewer or coarser spanning variables");
    }
    shape.n_cells *= radix;
  }
  return shape;
}

/// Calls f(margin_cell, member_cell) for every cell in a margin position of dimension d and
/// every member of its line, so margins can be accumulated dimension by dimension (after the
/// sweep over every dimension, every margin combination holds the sum over its members).
template <class F>
void for_each_margin_member(const table_shape& shape, std::size_t d, F&& f) {
  const std::size_t stride = shape.strides[d];
  const std::size_t k = shape.categories[d];
  const std::size_t block = stride * (k + 1);
  for (std::size_t outer = 0; outer < shape.n_cells; outer += block) {
    for (std::size_t inner = 0; inner < stride; ++inner) {
      const std::size_t margin_cell = outer + k * stride + inner;
      for (std::size_t c = 0; c < k; ++c) f(margin_cell, outer + c * stride + inner);
    }
  }
}

/// Interior cell of record i; the per-dimension categories with missing mapped to the extra
/// "(missing)" category when present.
struct record_indexer {
  std::vector<const categorical_view*> dimensions;
  std::vector<std::size_t> strides;
  std::vector<std::int32_t> missing_slot;  // category index used for missing values, or -1

  std::size_t operator()(std::size_t i) const {
    std::size_t index = 0;
    for (std::size_t d = 0; d < dimensions.size(); ++d) {
      std::int32_t c = dimensions[d]->category(i);
      if (c == missing_category) c = missing_slot[d];
      index += static_cast<std::size_t>(c) * strides[d];
    }
    return index;
  }
};

/// For each of the 2^D margin patterns, maps an interior cell to the cell with the pattern's
/// dimensions set to their margin position.
inline std::size_t project(const table_shape& shape, std::size_t cell, unsigned pattern) {
  for (std::size_t d = 0; d < shape.categories.size(); ++d) {
    if (pattern & (1u << d)) {
      const std::size_t c = shape.coordinate(cell, d);
      cell += (shape.categories[d] - c) * shape.strides[d];
    }
  }
  return cell;
}

/// Per-cell sums over the records with a value, additive so margins can add them up.
struct value_accumulator {
  std::int64_t n_values = 0;
  std::int64_t n_negative = 0;
  std::int64_t n_missing = 0;
  double sum = 0.0;
  double weighted_sum = 0.0;
  double value_weight = 0.0;
  double shifted_sum = 0.0;
  double shifted_squares = 0.0;
  double minimum = std::numeric_limits<double>::infinity();
  double maximum = -std::numeric_limits<double>::infinity();
  double dominance_total = 0.0;
  double top_floor = -1.0;  ///< smallest of the kept top contributions once the list is full

  void add(const value_accumulator& other) {
    n_values += other.n_values;
    n_negative += other.n_negative;
    n_missing += other.n_missing;
    sum += other.sum;
    weighted_sum += other.weighted_sum;
    value_weight += other.value_weight;
    shifted_sum += other.shifted_sum;
    shifted_squares += other.shifted_squares;
    minimum = std::min(minimum, other.minimum);
    maximum = std::max(maximum, other.maximum);
    dominance_total += other.dominance_total;
  }
};

/// numpy's default (linear interpolation, "type 7") quantile of sorted values.
inline double interpolated_quantile(const double* sorted, std::size_t n, double q) {
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  const double position = q / 100.0 * static_cast<double>(n - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, n - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

}  // namespace detail

/// @brief Builds a table with all margins from microdata.
///
/// Records whose spanning value is missing go to an extra category "(missing)" of that
/// dimension, so nothing is dropped and margins stay additive. Margins are computed from all
/// records. Evidence is computed per cell at contributor level (see cell_evidence).
///
/// Quantiles: without weights, linear interpolation between order statistics (numpy/pandas
/// default); with weights, the smallest value whose cumulative weight reaches q% of the
/// cell's weight. Variance and std use n - 1 (sum of weights - 1 with weights) as pandas.
/// Mode: the value with the largest (weighted) count, the smallest such value on ties.
/// @throws invalid_input on bad input: no or more than 4 dimensions, mismatched lengths,
///   codes out of range, a missing value variable, NaN/negative weights, too many cells.
namespace detail {
inline std::size_t weights_or_empty(const table_request& request, std::size_t cells) {
  return request.weights ? cells : 0;
}
}  // namespace detail

inline table build_table(const table_request& request) {
  using detail::weights_or_empty;
  const std::size_t n_dims = request.dimensions.size();
  if (n_dims < 1 || n_dims > 4) {
    throw invalid_input(errc::invalid_argument,
                        "a table needs 1 to 4 spanning variables, got " + std::to_string(n_dims));
  }
  if (!request.labels.empty() && request.labels.size() != n_dims) {
    throw invalid_input(errc::length_mismatch, "labels are given for " +
                                                   std::to_string(request.labels.size()) +
                                                   " dimensions, the table has " + std::to_string(n_dims));
  }
  const std::size_t n = request.dimensions.front().size;
  if (n == 0) throw invalid_input(errc::empty_input, "the data has no records");
  std::vector<std::size_t> missing_spanning;
  for (const auto& dimension : request.dimensions) {
    require_length(dimension, n, "spanning");
    missing_spanning.push_back(validate(dimension));
  }
  if (needs_value(request.stat) && !request.value) {
    throw invalid_input(errc::invalid_argument, "the statistic '" + std::string(to_string(request.stat)) +
                                                    "' needs a value variable");
  }
  if (request.value) require_length(*request.value, n, "value");
  if (request.weights) {
    require_length(*request.weights, n, "weights");
    validate_weights(*request.weights);
  }
  if (request.unit) {
    require_length(*request.unit, n, "unit");
    validate(*request.unit);
  }
  if (request.holding) {
    require_length(*request.holding, n, "holding");
    validate(*request.holding);
  }
  if (request.stat == statistic::percentile && !(request.percentile >= 0.0 && request.percentile <= 100.0)) {
    throw invalid_input(errc::invalid_argument, "percentile must be in [0, 100], got " +
                                                    std::to_string(request.percentile));
  }
  if (request.top_contributions < 0) {
    throw invalid_input(errc::invalid_argument, "top_contributions must be non-negative");
  }

  // Dimensions, with a "(missing)" category where a spanning value is missing.
  table result;
  result.stat = request.stat;
  result.percentile = request.stat == statistic::median ? 50.0 : request.percentile;
  result.value_name = request.value ? request.value->name : "";
  result.weighted = request.weights.has_value();
  result.unit_name = request.unit ? request.unit->name : "";
  result.holding_name = request.holding ? request.holding->name : "";
  detail::record_indexer indexer;
  std::vector<std::size_t> categories(n_dims);
  for (std::size_t d = 0; d < n_dims; ++d) {
    const auto& view = request.dimensions[d];
    table_dimension dimension;
    dimension.name = view.name;
    if (!request.labels.empty() && !request.labels[d].empty()) {
      if (request.labels[d].size() != static_cast<std::size_t>(view.n_categories)) {
        throw invalid_input(errc::length_mismatch, "spanning variable '" + view.name + "' has " +
                                                       std::to_string(view.n_categories) + " categories but " +
                                                       std::to_string(request.labels[d].size()) + " labels");
      }
      dimension.labels = request.labels[d];
    } else {
      for (std::int32_t c = 0; c < view.n_categories; ++c) dimension.labels.push_back(std::to_string(c + view.first_code));
    }
    std::int32_t missing_slot = -1;
    if (missing_spanning[d] > 0) {
      missing_slot = static_cast<std::int32_t>(dimension.labels.size());
      dimension.labels.emplace_back(missing_category_label);
    }
    categories[d] = dimension.labels.size();
    indexer.dimensions.push_back(&view);
    indexer.missing_slot.push_back(missing_slot);
    result.dimensions.push_back(std::move(dimension));
  }
  const detail::table_shape shape = detail::make_shape(categories);
  indexer.strides = shape.strides;

  // Per-cell accumulators, additive over records (margins are sums over their members).
  const std::size_t cells = shape.n_cells;
  std::vector<std::int64_t> n_records(cells, 0);
  std::vector<double> weighted_count(weights_or_empty(request, cells));
  std::vector<detail::value_accumulator> acc(request.value ? cells : 0);
  const double* values = request.value ? request.value->values : nullptr;
  const double* weights = request.weights ? request.weights->values : nullptr;
  const bool replicated = weights && request.weighting == weighted_dominance::replicated;
  const auto capacity = static_cast<std::size_t>(request.top_contributions);
  const bool has_ids = request.unit || request.holding;
  std::vector<std::vector<double>> top(values && !has_ids ? cells : 0);

  // Interior cell of every record, one dimension at a time (a tight loop the compiler
  // vectorises); records with a missing spanning value go to the "(missing)" category.
  std::vector<std::uint32_t> record_cell(n, 0);
  for (std::size_t d = 0; d < n_dims; ++d) {
    const auto& view = request.dimensions[d];
    const std::int32_t* codes = view.codes;
    const std::int32_t missing_code = view.missing_code;
    const std::int32_t first_code = view.first_code;
    const auto slot = static_cast<std::uint32_t>(indexer.missing_slot[d]);
    const auto stride = static_cast<std::uint32_t>(shape.strides[d]);
    for (std::size_t i = 0; i < n; ++i) {
      const std::int32_t code = codes[i];
      const std::uint32_t category = code == missing_code ? slot : static_cast<std::uint32_t>(code - first_code);
      record_cell[i] += category * stride;
    }
  }
  for (std::size_t i = 0; i < n; ++i) ++n_records[record_cell[i]];
  if (weights) {
    for (std::size_t i = 0; i < n; ++i) weighted_count[record_cell[i]] += weights[i];
  }
  if (values) {
    // Shift for variances: subtracting a typical value keeps sums of squares well conditioned.
    double shift = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isnan(values[i])) {
        shift = values[i];
        break;
      }
    }
    // The record loop is instantiated for the combinations that matter, so the common
    // unweighted sum/mean table does no work for weights or second moments.
    const bool moments = request.stat == statistic::std || request.stat == statistic::var;
    auto accumulate = [&](auto weighted_tag, auto moments_tag) {
      constexpr bool weighted = decltype(weighted_tag)::value;
      constexpr bool with_moments = decltype(moments_tag)::value;
      for (std::size_t i = 0; i < n; ++i) {
        const double x = values[i];
        detail::value_accumulator& a = acc[record_cell[i]];
        if (std::isnan(x)) {
          ++a.n_missing;
          continue;
        }
        if (std::isinf(x)) {
          throw invalid_input(errc::invalid_argument, "value column '" + request.value->name + "': record " +
                                                          std::to_string(i + 1) + " is infinite");
        }
        ++a.n_values;
        a.n_negative += x < 0;
        a.sum += x;
        const double magnitude = std::abs(x);
        a.minimum = std::min(a.minimum, x);
        a.maximum = std::max(a.maximum, x);
        double w = 1.0;
        if constexpr (weighted) {
          w = weights[i];
          a.weighted_sum += w * x;
          a.value_weight += w;
          a.dominance_total += replicated ? w * magnitude : magnitude;
        } else {
          a.dominance_total += magnitude;
        }
        if constexpr (with_moments) {
          const double shifted = x - shift;
          a.shifted_sum += w * shifted;
          a.shifted_squares += w * shifted * shifted;
        }
        // Most records are smaller than the cell's current top list: one comparison skips them.
        if (!has_ids && magnitude > a.top_floor) {
          auto& list = top[record_cell[i]];
          if (replicated) {
            detail::insert_replicated(list, magnitude, w, capacity);
          } else {
            detail::insert_top(list, magnitude, capacity);
          }
          if (list.size() == capacity && capacity > 0) a.top_floor = list.back();
        }
      }
    };
    using yes = std::true_type;
    using no = std::false_type;
    if (weights) {
      if (moments) accumulate(yes{}, yes{}); else accumulate(yes{}, no{});
    } else {
      if (moments) accumulate(no{}, yes{}); else accumulate(no{}, no{});
      // Without weights the weighted sums equal the plain ones.
      for (auto& a : acc) {
        a.weighted_sum = a.sum;
        a.value_weight = static_cast<double>(a.n_values);
      }
    }
  }

  // Margins, one dimension at a time.
  for (std::size_t d = 0; d < n_dims; ++d) {
    detail::for_each_margin_member(shape, d, [&](std::size_t m, std::size_t c) {
      n_records[m] += n_records[c];
      if (weights) weighted_count[m] += weighted_count[c];
      if (!values) return;
      acc[m].add(acc[c]);
      if (!has_ids) detail::merge_top(top[m], top[c], capacity);
    });
  }

  // Distinct units and holdings, and contributions per holding (or unit): a contributor may
  // appear in several interior cells, so margins need the (cell, contributor) pairs of every
  // margin pattern, not sums of cell counts.
  std::vector<std::int64_t> n_units, n_holdings;
  const unsigned n_patterns = 1u << n_dims;
  auto count_distinct = [&](const categorical_view& id, std::vector<std::int64_t>& distinct,
                            bool with_contributions) {
    distinct.assign(cells, 0);
    if (with_contributions && values) top.assign(cells, {});
    struct pair_entry {
      std::size_t cell;
      std::int32_t id;
      double contribution;
    };
    std::vector<pair_entry> pairs(n);
    for (unsigned pattern = 0; pattern < n_patterns; ++pattern) {
      for (std::size_t i = 0; i < n; ++i) {
        double contribution = 0.0;
        if (values && !std::isnan(values[i])) {
          contribution = std::abs(values[i]) * (replicated ? weights[i] : 1.0);
        }
        pairs[i] = {detail::project(shape, record_cell[i], pattern), id.category(i), contribution};
      }
      std::sort(pairs.begin(), pairs.end(), [](const pair_entry& a, const pair_entry& b) {
        return a.cell != b.cell ? a.cell < b.cell : a.id < b.id;
      });
      for (std::size_t begin = 0; begin < n;) {
        std::size_t end = begin;
        double total = 0.0;
        while (end < n && pairs[end].cell == pairs[begin].cell && pairs[end].id == pairs[begin].id) {
          total += pairs[end].contribution;
          ++end;
        }
        // A missing id is not a contributor known to differ from the others: count each such
        // record as its own contributor (the conservative choice for dominance, documented).
        if (pairs[begin].id == missing_category) {
          distinct[pairs[begin].cell] += static_cast<std::int64_t>(end - begin);
          if (with_contributions && values) {
            for (std::size_t j = begin; j < end; ++j) detail::insert_top(top[pairs[j].cell], pairs[j].contribution, capacity);
          }
        } else {
          ++distinct[pairs[begin].cell];
          if (with_contributions && values) detail::insert_top(top[pairs[begin].cell], total, capacity);
        }
        begin = end;
      }
    }
  };
  if (request.unit) count_distinct(*request.unit, n_units, !request.holding);
  if (request.holding) count_distinct(*request.holding, n_holdings, true);

  // Order statistics (quantiles, mode) need each cell's values: gather them per margin pattern.
  std::vector<double> statistic_value(cells, std::numeric_limits<double>::quiet_NaN());
  std::vector<std::int64_t> mode_frequency(cells, 0), value_ties(cells, 0);
  const bool order_statistic = request.stat == statistic::median || request.stat == statistic::percentile ||
                               request.stat == statistic::mode;
  if (order_statistic) {
    struct value_entry {
      std::size_t cell;
      double x;
      double w;
    };
    std::vector<value_entry> entries;
    entries.reserve(n);
    for (unsigned pattern = 0; pattern < n_patterns; ++pattern) {
      entries.clear();
      for (std::size_t i = 0; i < n; ++i) {
        if (std::isnan(values[i])) continue;
        entries.push_back({detail::project(shape, record_cell[i], pattern), values[i], weights ? weights[i] : 1.0});
      }
      std::sort(entries.begin(), entries.end(), [](const value_entry& a, const value_entry& b) {
        return a.cell != b.cell ? a.cell < b.cell : a.x < b.x;
      });
      std::vector<double> sorted;
      for (std::size_t begin = 0; begin < entries.size();) {
        std::size_t end = begin;
        double total_weight = 0.0;
        while (end < entries.size() && entries[end].cell == entries[begin].cell) total_weight += entries[end++].w;
        const std::size_t cell = entries[begin].cell;
        double published = std::numeric_limits<double>::quiet_NaN();
        if (request.stat == statistic::mode) {
          double best_weight = -1.0;
          std::int64_t best_count = 0;
          for (std::size_t j = begin; j < end;) {
            std::size_t k = j;
            double run_weight = 0.0;
            while (k < end && entries[k].x == entries[j].x) run_weight += entries[k++].w;
            if (run_weight > best_weight) {
              best_weight = run_weight;
              best_count = static_cast<std::int64_t>(k - j);
              published = entries[j].x;
            }
            j = k;
          }
          mode_frequency[cell] = best_count;
        } else if (weights) {
          const double target = result.percentile / 100.0 * total_weight;
          double cumulative = 0.0;
          published = entries[end - 1].x;
          for (std::size_t j = begin; j < end; ++j) {
            cumulative += entries[j].w;
            if (cumulative >= target) {
              published = entries[j].x;
              break;
            }
          }
        } else {
          sorted.resize(end - begin);
          for (std::size_t j = begin; j < end; ++j) sorted[j - begin] = entries[j].x;
          published = detail::interpolated_quantile(sorted.data(), sorted.size(), result.percentile);
        }
        statistic_value[cell] = published;
        std::int64_t ties = 0;
        for (std::size_t j = begin; j < end; ++j) ties += entries[j].x == published ? 1 : 0;
        value_ties[cell] = ties;
        begin = end;
      }
    }
  }

  // Assemble the cells.
  result.cells.resize(cells);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    table_cell& out = result.cells[cell];
    out.coords.resize(n_dims);
    for (std::size_t d = 0; d < n_dims; ++d) {
      const std::size_t c = shape.coordinate(cell, d);
      out.coords[d] = c == shape.categories[d] ? margin_coordinate : static_cast<std::int32_t>(c);
    }
    cell_evidence& e = out.evidence;
    e.n_records = n_records[cell];
    e.n_units = request.unit ? n_units[cell] : e.n_records;
    e.n_holdings = request.holding ? n_holdings[cell] : e.n_units;
    e.n_contributors = e.n_holdings;
    e.weighted_count = weights ? weighted_count[cell] : static_cast<double>(e.n_records);
    const detail::value_accumulator a = values ? acc[cell] : detail::value_accumulator{};
    e.n_values = a.n_values;
    e.n_negative = a.n_negative;
    e.n_missing = a.n_missing;
    e.sum = a.sum;
    e.weighted_sum = a.weighted_sum;
    e.dominance_total = a.dominance_total;
    if (!top.empty()) e.top_contributions = std::move(top[cell]);
    e.has_sum = values != nullptr;
    e.has_top_contributions = values != nullptr;
    if (e.n_values > 0) {
      e.min = a.minimum;
      e.max = a.maximum;
    }
    e.mode_frequency = mode_frequency[cell];
    e.value_ties = value_ties[cell];
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double w = a.value_weight;
    switch (request.stat) {
      case statistic::count: out.value = weights ? e.weighted_count : static_cast<double>(e.n_records); break;
      case statistic::sum: out.value = weights ? e.weighted_sum : e.sum; break;
      case statistic::mean: out.value = w > 0 ? e.weighted_sum / w : nan; break;
      case statistic::min: out.value = e.min; break;
      case statistic::max: out.value = e.max; break;
      case statistic::var:
      case statistic::std: {
        const double variance =
            w > 1.0 ? std::max(0.0, (a.shifted_squares - a.shifted_sum * a.shifted_sum / w) / (w - 1.0)) : nan;
        out.value = request.stat == statistic::var ? variance : std::sqrt(variance);
        break;
      }
      case statistic::median:
      case statistic::percentile:
      case statistic::mode: out.value = statistic_value[cell]; break;
    }
  }
  return result;
}

}  // namespace sdc
